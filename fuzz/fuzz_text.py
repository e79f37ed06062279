"""Fuzz target: plain text through decoding, normalisation, furniture, segments, metadata."""

from __future__ import annotations

import sys

import fuzz_common

with fuzz_common.instrumented():
    from docket.model import Record


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    fuzz_common.process(Record("text", data[: fuzz_common.MAX_BYTES], "fuzz.txt"))


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
