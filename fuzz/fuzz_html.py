"""Fuzz target: HTML bytes through decoding, the nesting cap, lxml, trafilatura and alignment."""

from __future__ import annotations

import sys

import fuzz_common

with fuzz_common.instrumented():
    from docket.model import Record


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    fuzz_common.process(Record("html", data[: fuzz_common.MAX_BYTES], "fuzz.html"))


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
