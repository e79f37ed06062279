"""Fuzz target: an RSS/Atom file (safe XML parser, nesting cap) and each item's article."""

from __future__ import annotations

import sys

import fuzz_common

with fuzz_common.instrumented():
    from docket.errors import InputError
    from docket.ingest.feeds import read_feed


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    try:
        entries = list(read_feed(data[: fuzz_common.MAX_BYTES], "fuzz.rss", "0" * 64,
                                 max_nesting_depth=fuzz_common.SETTINGS.max_nesting_depth))
    except InputError:
        return
    for entry in entries:
        fuzz_common.process(entry)


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
