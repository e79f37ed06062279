"""JSONL containers: one article per line (url, title, published, text or html)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from docket.model import Record, RecordFailure


def read_jsonl(
    stream: BinaryIO, path: str, container_sha256: str, max_line_bytes: int
) -> Iterator[Record | RecordFailure]:
    """Yield one record per non-blank line; the line's bytes are the record's evidence.

    Lines are read with a bound, so one enormous line is refused without holding it whole.
    Parsing the JSON happens in the record stage, so a bad line fails alone, with its number.
    """
    number = 0
    while True:
        line = stream.readline(max_line_bytes + 1)
        if not line:
            return
        number += 1
        locator = f"line {number}"
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            # Skip the rest of the over-long line without keeping it in memory.
            while (more := stream.readline(1024 * 1024)) and not more.endswith(b"\n"):
                pass
            yield RecordFailure(
                path, locator, f"line longer than max_document_bytes ({max_line_bytes})"
            )
            continue
        data = line.rstrip(b"\r\n")
        if not data.strip():
            continue
        yield Record("jsonl", data, path, locator, container_sha256)
