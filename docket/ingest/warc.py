"""WARC containers: each HTML `response` record is one article; everything else is counted.

The stream is read record by record (warcio), so a multi-gigabyte crawl never sits in memory.
Gzip is undone by `GuardedGunzip`, which refuses decompression bombs before warcio sees them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from docket.errors import InputError
from docket.ingest.guarded import GuardedGunzip
from docket.model import Record, RecordFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Control characters in a damaged header; a NUL in the charset made codecs.lookup raise
# ValueError in decoding (found by fuzzing), and no real header value holds one.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


_MAGIC = (b"WARC/", b"filedesc://")  # a WARC record, or an ARC file (read as WARC)
_GZIP_MAGIC = b"\x1f\x8b"


def _not_an_archive(stream: BinaryIO, gzipped: bool) -> str | None:
    """Why the bytes cannot be a (gzipped) WARC, judged from their first bytes before any is
    parsed, or None. A gigabyte of zeros named .warc was read as one enormous first line."""
    if not stream.seekable():
        return None
    at = stream.tell()
    head = stream.read(16)
    stream.seek(at)
    if not head:
        return None  # an empty file: nothing to read, nothing to refuse
    if gzipped:
        return None if head.startswith(_GZIP_MAGIC) else (
            f"not a gzip file: it starts with {head[:8]!r}")
    if head.lstrip(b"\r\n").startswith(_MAGIC):
        return None
    return f"not a WARC file: it starts with {head[:8]!r}, not 'WARC/'"


def read_warc(
    stream: BinaryIO,
    path: str,
    container_sha256: str,
    max_record_bytes: int,
    max_ratio: int,
    gzipped: bool,
) -> Iterator[Record | RecordFailure | str]:
    """Yield HTML response records, failures, and a skip note (str) for each other record."""
    refused = _not_an_archive(stream, gzipped)
    if refused is not None:
        yield RecordFailure(path, "start of file", refused)
        return
    source: BinaryIO = GuardedGunzip(stream, max_ratio) if gzipped else stream  # type: ignore[assignment]
    last_id = "start of file"
    try:
        for warc_record in ArchiveIterator(source, arc2warc=True, check_digests=False):
            record_id = warc_record.rec_headers.get_header("WARC-Record-ID") or ""
            last_id = record_id or last_id
            rec_type = warc_record.rec_type
            if rec_type != "response":
                yield f"{rec_type} record"
                continue
            http_type = ""
            if warc_record.http_headers is not None:
                http_type = _CONTROL.sub(
                    "", warc_record.http_headers.get_header("Content-Type") or "")
            if not http_type.lower().startswith(_HTML_TYPES):
                yield f"non-HTML response ({http_type.split(';')[0] or 'no type'})"
                continue
            status = warc_record.http_headers.get_statuscode() if warc_record.http_headers else ""
            payload = warc_record.content_stream().read(max_record_bytes + 1)
            if len(payload) > max_record_bytes:
                yield RecordFailure(
                    path, record_id, f"record larger than max_document_bytes ({max_record_bytes})"
                )
                continue
            meta = {
                "url": warc_record.rec_headers.get_header("WARC-Target-URI") or "",
                "warc_date": warc_record.rec_headers.get_header("WARC-Date") or "",
                "content_type": http_type,
                "http_status": str(status),
            }
            yield Record("warc_response", payload, path, record_id, container_sha256, meta)
    except InputError as exc:
        yield RecordFailure(path, f"after {last_id}", str(exc))
    except (ArchiveLoadFailed, EOFError, ValueError, OSError) as exc:
        # warcio raises these on a truncated or malformed stream; what was read before stays.
        yield RecordFailure(path, f"after {last_id}", f"malformed or truncated WARC: {exc}")
    except (AttributeError, IndexError, KeyError, TypeError) as exc:
        # Damaged headers reach warcio code that assumes them present (found by fuzzing: a
        # record cut before its WARC-Target-URI gives AttributeError on None).
        yield RecordFailure(path, f"after {last_id}",
                            f"malformed or truncated WARC ({type(exc).__name__}: {exc})")
