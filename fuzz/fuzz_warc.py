"""Fuzz target: a WARC stream, plain or gzipped (GuardedGunzip), and each HTML response."""

from __future__ import annotations

import io
import sys

import fuzz_common

with fuzz_common.instrumented():
    from docket.ingest.warc import read_warc


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer use
    # Gzip is decided by the magic bytes, as the runner does.
    gzipped = data[:2] == b"\x1f\x8b"
    for entry in read_warc(io.BytesIO(data), "fuzz.warc", "0" * 64, fuzz_common.MAX_BYTES,
                           50, gzipped):
        fuzz_common.process(entry)


if __name__ == "__main__":
    fuzz_common.main(TestOneInput)
    sys.exit(0)
