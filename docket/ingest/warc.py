"""WARC containers: each HTML `response` record is one article; everything else is counted.

The stream is read record by record, so a multi-gigabyte crawl never sits in memory. Gzip is
undone by `GuardedGunzip`, which refuses decompression bombs and reads on past a damaged member.

Records are framed here (version line, headers, `Content-Length` bytes, blank lines) and only
then handed to warcio to parse. warcio trusts `Content-Length`: one wrong value swallowed the
records after it, or ended the file with an error, and the container was marked complete with
half its records (issue 14). Here a record whose length does not end at the next record (or at
the end of the file) is reported, and reading resumes at the next line that starts a WARC
record ("WARC/1.0"), searched from just after the bad record's headers. Every record is either
read, or reported with a reason and a locator; a failure whose locator starts with "after"
means bytes were lost whose records cannot be counted (a truncated file, damaged gzip), and the
runner leaves the container incomplete so a later run reads it again.

ARC files (`filedesc://`) are still read by warcio's own iterator, without resynchronising.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

from docket.errors import CapExceeded, InputError
from docket.ingest.guarded import GuardedGunzip, GzipDamage
from docket.model import Record, RecordFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Control characters in a damaged header; a NUL in the charset made codecs.lookup raise
# ValueError in decoding (found by fuzzing), and no real header value holds one.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

_MAGIC = (b"WARC/", b"filedesc://")  # a WARC record, or an ARC file (read as WARC)
_GZIP_MAGIC = b"\x1f\x8b"
_VERSIONS = frozenset((b"WARC/1.0", b"WARC/1.1", b"WARC/0.17", b"WARC/0.18"))
_WARC_HEADERS = StatusAndHeadersParser(sorted(v.decode() for v in _VERSIONS))
_CHUNK = 64 * 1024
_LINE = 64 * 1024  # a WARC header line longer than this is damage
_MAX_HEAD = 256 * 1024  # all the WARC headers of one record
_HTTP_HEAD = 64 * 1024  # room for a response's HTTP headers beside max_document_bytes
_LENGTH = re.compile(rb"[0-9]{1,18}")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_TRAILER_PEEK = 64  # blank lines after a block, then the next version line, are looked for here
# Exceptions warcio raises on damaged headers: a record cut before its WARC-Target-URI gave
# AttributeError on None (found by fuzzing).
_WARCIO_ERRORS = (ArchiveLoadFailed, EOFError, ValueError, AttributeError, IndexError,
                  KeyError, TypeError)


class _Malformed(Exception):
    """One record's framing is broken; it is reported and reading resynchronises."""


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


def _is_version(line: bytes) -> bool:
    return line.rstrip(b"\r\n") in _VERSIONS


class _Stream:
    """The WARC bytes (plain, or from GuardedGunzip) in a window that can be looked ahead in.

    Gzip damage is an end the reader can pass: `_fill` stops at it (as at the end of the file)
    until `pass_damage` is called, so a record complete before the damage is still read.
    """

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._buf = bytearray()
        self._pos = 0
        self._base = 0  # stream offset of _buf[0]
        self._eof = False
        self.damage: str | None = None  # reason for the damage the window stops at

    @property
    def offset(self) -> int:
        """Bytes of the (decompressed) stream consumed so far."""
        return self._base + self._pos

    def _fill(self) -> bool:
        if self._eof or self.damage is not None:
            return False
        try:
            chunk = self._source.read(_CHUNK)
        except GzipDamage as exc:
            self.damage = str(exc)
            return False
        if not chunk:
            self._eof = True
            return False
        if self._pos > 1 and self._pos > len(self._buf) // 2:
            # Keep one byte before the position: it tells whether a line starts there.
            drop = self._pos - 1
            del self._buf[:drop]
            self._base += drop
            self._pos -= drop
        self._buf += chunk
        return True

    def available(self, wanted: int) -> int:
        """Make up to `wanted` bytes readable (fewer at the end or at damage); how many are."""
        while len(self._buf) - self._pos < wanted and self._fill():
            pass
        return min(wanted, len(self._buf) - self._pos)

    def peek(self, start: int, size: int) -> bytes:
        """Bytes `start` to `start + size` past the position, without consuming them."""
        self.available(start + size)
        return bytes(self._buf[self._pos + start:self._pos + start + size])

    def read(self, size: int = -1) -> bytes:
        """File-object reading, for warcio's ARC iterator."""
        if size < 0:
            while self._fill():
                pass
            size = len(self._buf) - self._pos
        return self.take(size)

    def take(self, size: int) -> bytes:
        size = self.available(size)
        out = bytes(self._buf[self._pos:self._pos + size])
        self._pos += size
        return out

    def skip(self, size: int) -> int:
        """Discard up to `size` bytes without holding them; how many were there."""
        done = 0
        while done < size:
            step = min(size - done, len(self._buf) - self._pos)
            self._pos += step
            done += step
            if done < size and not self._fill():
                break
        return done

    def readline(self) -> bytes:
        """One line, or its first `_LINE` bytes when it is longer."""
        searched = 0
        while True:
            cut = self._buf.find(b"\n", self._pos + searched, self._pos + _LINE)
            if cut >= 0:
                return self.take(cut + 1 - self._pos)
            searched = len(self._buf) - self._pos
            if searched >= _LINE or not self._fill():
                return self.take(_LINE)

    def unread(self, size: int) -> None:
        """Step back over bytes just taken (no fill in between, so they are in the window)."""
        self._pos -= size

    def skip_blank_lines(self) -> None:
        while self.available(1) and self._buf[self._pos] in b"\r\n":
            self._pos += 1

    def at_end(self) -> bool:
        return self.available(1) == 0

    def resync(self) -> bool:
        """Move to the next line that starts a WARC record; False at the end or at damage."""
        while True:
            found = self._buf.find(b"WARC/", self._pos)
            while found >= 0:
                line_end = self._buf.find(b"\n", found, found + 16)
                if line_end < 0 and len(self._buf) - found < 16:
                    break  # the line may go on past the window: fill, then look again
                starts_line = found == 0 or self._buf[found - 1] == ord("\n")
                if starts_line and _is_version(bytes(self._buf[found:line_end + 1])):
                    self._pos = found
                    return True
                found = self._buf.find(b"WARC/", found + 1)
            # Keep a few bytes: a version line may straddle the end of the window.
            self._pos = max(self._pos, found if found >= 0 else len(self._buf) - 16)
            if not self._fill():
                self._pos = len(self._buf)
                return False

    def pass_damage(self) -> None:
        """Go on after gzip damage: a new member starts a new line."""
        self._base += len(self._buf) - 1
        self._buf, self._pos = bytearray(b"\n"), 1
        self.damage = None


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
    window = _Stream(source)
    try:
        if window.peek(0, 16).lstrip(b"\r\n").startswith(b"filedesc://"):
            yield from _read_arc(window, path, container_sha256, max_record_bytes)
        else:
            yield from _Framer(window, path, container_sha256, max_record_bytes).records()
    except CapExceeded as exc:  # a gzip bomb: nothing after it is read
        yield RecordFailure(path, "after the last record read", str(exc))


class _Framer:
    """Reads records one by one from a `_Stream`, reporting and resynchronising on damage."""

    def __init__(self, window: _Stream, path: str, sha: str, max_record_bytes: int) -> None:
        self.window, self.path, self.sha = window, path, sha
        self.max_record_bytes = max_record_bytes
        self.keep = max_record_bytes + _HTTP_HEAD  # blocks up to this size are held to check
        self.last_id = "start of file"
        self.loader = ArcWarcRecordLoader(verify_http=False, arc2warc=False)

    def _lost(self, reason: str) -> RecordFailure:
        """Bytes lost whose records cannot be counted: the container stays incomplete."""
        return RecordFailure(self.path, f"after {self.last_id}", reason)

    def records(self) -> Iterator[Record | RecordFailure | str]:
        window = self.window
        while True:
            window.skip_blank_lines()
            if window.at_end():
                if window.damage is None:
                    return
                yield self._lost(window.damage)
                window.pass_damage()
                continue
            start = window.offset
            line = window.readline()
            if not _is_version(line):
                found = window.resync()
                skipped = window.offset - start
                if found or window.damage is None:
                    yield RecordFailure(
                        self.path, f"record at byte {start}",
                        f"{skipped} bytes that do not start a WARC record were passed over "
                        f"(they start {line[:24]!r})")
                continue  # damage, if that is where the search stopped, is reported next
            yield from self._record(start, line)

    def _record(self, start: int, version: bytes) -> Iterator[Record | RecordFailure | str]:
        window = self.window
        try:
            head, headers, length = self._headers(version)
        except _Malformed as exc:
            if window.resync() or window.damage is None:
                yield RecordFailure(self.path, f"record at byte {start}",
                                    f"malformed WARC record: {exc}")
            return
        record_id = headers.get_header("WARC-Record-ID") or ""
        where = f"{record_id or 'record'} at byte {start}"
        rec_type = headers.get_header("WARC-Type") or ""
        if length > self.keep:
            yield from self._pass_large(where, rec_type, length)
            self.last_id = record_id or where
            return
        got = window.available(length)
        if got < length or not self._ends_cleanly(length):
            # Wrong length (it swallowed later records, or falls short): read on from just
            # after this record's headers, where the next record may well be.
            if window.resync():
                why = (f"the file ends {length - got} bytes short of it" if got < length
                       else "no blank line ends it")
                yield RecordFailure(self.path, where,
                                    f"malformed WARC record: Content-Length {length} is wrong "
                                    f"({why})")
            elif window.damage is None:
                yield self._lost(f"truncated WARC: the file ends inside record {where}")
            # otherwise the damage that cut the record is reported next
            return
        block = window.take(length)
        self.last_id = record_id or where
        yield self._parse(where, rec_type, head + block)

    def _headers(self, version: bytes) -> tuple[bytes, StatusAndHeaders, int]:
        """The record's header bytes, parsed headers and Content-Length, or `_Malformed`."""
        window = self.window
        lines = [version]
        size = len(version)
        while True:
            line = window.readline()
            if _is_version(line):
                window.unread(len(line))  # a record cut short: the next one starts here
                raise _Malformed("its headers end before their blank line")
            if not line.endswith(b"\n"):
                raise _Malformed("its headers are cut off" if len(line) < _LINE
                                 else "a header line is too long")
            lines.append(line)
            size += len(line)
            if size > _MAX_HEAD:
                raise _Malformed(f"its headers are longer than {_MAX_HEAD} bytes")
            if not line.strip():
                break
        head = b"".join(lines)
        try:
            headers = _WARC_HEADERS.parse(io.BytesIO(head))
        except _WARCIO_ERRORS as exc:
            raise _Malformed(f"unreadable headers ({type(exc).__name__}: {exc})") from exc
        raw_length = (headers.get_header("Content-Length") or "").strip().encode()
        if not _LENGTH.fullmatch(raw_length):
            raise _Malformed(f"no valid Content-Length ({raw_length[:24]!r})")
        return head, headers, int(raw_length)

    def _ends_cleanly(self, length: int) -> bool:
        """After `length` bytes comes the end of a record: the blank line the standard puts
        there (what follows is judged as the next record), the next record itself, or the
        end of the stream."""
        tail = self.window.peek(length, _TRAILER_PEEK)
        rest = tail.lstrip(b"\r\n")
        if rest.startswith(b"WARC/") or _BLANK_LINE.match(tail):
            return True
        # only line ends, or nothing: clean if nothing comes after them
        return not rest and self.window.available(length + len(tail) + 1) == length + len(tail)

    def _pass_large(self, where: str, rec_type: str,
                    length: int) -> Iterator[RecordFailure | str]:
        """A block too large to hold: passed over unread; its end cannot be checked against
        what follows, so a wrong length here loses the records it covers (reported)."""
        window = self.window
        got = window.skip(length)
        if got < length:
            if window.damage is None:
                yield self._lost(f"truncated WARC: the file ends inside record {where}")
            return
        if rec_type == "response":
            yield RecordFailure(self.path, where,
                                f"record larger than max_document_bytes ({self.max_record_bytes})")
        else:
            yield f"{rec_type or 'untyped'} record"
        if not self._ends_cleanly(0):
            window.resync()
            yield self._lost(f"record {where} does not end where its Content-Length says; "
                             "the records it covered could not be read")

    def _parse(self, where: str, rec_type: str, data: bytes) -> Record | RecordFailure | str:
        """One framed record through warcio: an HTML response, a skip note, or a failure."""
        if rec_type != "response":
            return f"{rec_type or 'untyped'} record"
        try:
            warc_record = self.loader.parse_record_stream(io.BytesIO(data), known_format="warc")
            return _response(warc_record, self.path, where, self.sha, self.max_record_bytes)
        except _WARCIO_ERRORS as exc:
            return RecordFailure(self.path, where,
                                 f"malformed WARC record ({type(exc).__name__}: {exc})")


def _response(record: ArcWarcRecord, path: str, where: str, sha: str,
              max_record_bytes: int) -> Record | RecordFailure | str:
    record_id = record.rec_headers.get_header("WARC-Record-ID") or where
    http_type = ""
    if record.http_headers is not None:
        http_type = _CONTROL.sub("", record.http_headers.get_header("Content-Type") or "")
    if not http_type.lower().startswith(_HTML_TYPES):
        return f"non-HTML response ({http_type.split(';')[0] or 'no type'})"
    status = record.http_headers.get_statuscode() if record.http_headers else ""
    payload = record.content_stream().read(max_record_bytes + 1)
    if len(payload) > max_record_bytes:
        return RecordFailure(path, record_id,
                             f"record larger than max_document_bytes ({max_record_bytes})")
    meta = {
        "url": record.rec_headers.get_header("WARC-Target-URI") or "",
        "warc_date": record.rec_headers.get_header("WARC-Date") or "",
        "content_type": http_type,
        "http_status": str(status),
    }
    return Record("warc_response", payload, path, record_id, sha, meta)


def _read_arc(window: _Stream, path: str, sha: str,
              max_record_bytes: int) -> Iterator[Record | RecordFailure | str]:
    """An ARC file through warcio's iterator (records converted to WARC), as before."""
    last_id = "start of file"
    try:
        for warc_record in ArchiveIterator(window, arc2warc=True, check_digests=False):
            last_id = warc_record.rec_headers.get_header("WARC-Record-ID") or last_id
            if warc_record.rec_type != "response":
                yield f"{warc_record.rec_type} record"
                continue
            yield _response(warc_record, path, last_id, sha, max_record_bytes)
    except InputError as exc:
        yield RecordFailure(path, f"after {last_id}", str(exc))
    except (*_WARCIO_ERRORS, OSError) as exc:
        yield RecordFailure(path, f"after {last_id}",
                            f"malformed or truncated ARC ({type(exc).__name__}: {exc})")
    if window.damage is not None:
        yield RecordFailure(path, f"after {last_id}", window.damage)
