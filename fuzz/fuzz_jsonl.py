"""Fuzz target: a JSONL container, its line cap, and each line's record (text or html)."""

from __future__ import annotations

import io
import sys

import fuzz_common

with fuzz_common.instrumented():
    from docket.ingest.jsonl import read_jsonl

# Small, so the over-long-line path is reached by short inputs too.
MAX_LINE = 4096


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    for entry in read_jsonl(io.BytesIO(data), "fuzz.jsonl", "0" * 64, MAX_LINE):
        fuzz_common.process(entry)


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
