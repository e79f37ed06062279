"""Fuzz target: a file name of any bytes in a folder walk: found, and shown as UTF-8 text.

A name that is not UTF-8 once stopped a whole run when the ledger stored it (issue 14). The
fuzzer's bytes become one file's name (with '/' and NUL, which no name can hold, replaced) in
a scratch folder; the walk must find it and its shown path must encode as UTF-8.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import fuzz_common

with fuzz_common.instrumented():
    from docket.workflows.runner import display_path, find_inputs

SCRATCH = Path(tempfile.mkdtemp(prefix="docket-fuzz-names-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
MAX_NAME = 200  # bytes; file systems stop at 255


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    name = data.replace(b"/", b"_").replace(b"\0", b"_")[:MAX_NAME]
    if name in (b"", b".", b".."):
        return
    path = os.path.join(os.fsencode(SCRATCH), name)
    with open(path, "wb") as handle:
        handle.write(b"Officials said the bridge was hit on Monday.\n")
    try:
        found = list(find_inputs([SCRATCH]))
        if not name.startswith(b"."):  # hidden files are passed over on purpose
            assert len(found) == 1, found
        for item in found:
            item.shown.encode("utf-8")  # what the ledger stores and the terminal shows
        display_path(Path(os.fsdecode(path))).encode("utf-8")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
