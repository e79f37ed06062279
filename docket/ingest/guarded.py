"""Decompression that refuses gzip bombs and reads past damage: a stream with a size/ratio cap."""

from __future__ import annotations

import zlib
from typing import BinaryIO

from docket.errors import CapExceeded, InputError

# Below this many output bytes the ratio is not checked: tiny inputs compress extremely well.
_RATIO_GRACE_BYTES = 4 * 1024 * 1024
_IN_CHUNK = 64 * 1024
_IN_PIECE = 4 * 1024
# A gzip member starts with these bytes (magic, then deflate as the method).
_MEMBER_START = b"\x1f\x8b\x08"


class GzipDamage(InputError):
    """Part of a gzip stream cannot be decompressed; the stream goes on after the damage."""


class GuardedGunzip:
    """A read-only file object over the gzip-decompressed content of `source`.

    Handles multi-member gzip (as WARC writers produce: one member per record). Raises
    `CapExceeded` once output exceeds `max_ratio` times the input consumed so far, and stops.

    Damage (a corrupt member, a file cut inside one) does not end the stream: what was
    decompressed before it is handed out first, then one read raises `GzipDamage`, then reading
    resumes at the next member that decompresses. A crawl written one member per record keeps
    every record but the damaged ones; a single-member file keeps what came before the damage.
    """

    def __init__(self, source: BinaryIO, max_ratio: int) -> None:
        self._source = source
        self._max_ratio = max_ratio
        self._decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self._buffer = b""
        self._pending = b""
        self._at = 0  # next byte of _pending to decompress
        self._eof = False
        self._member_started = False
        self._damage: str | None = None
        self.bytes_in = 0
        self.bytes_out = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while (not self._eof and self._damage is None
               and (size < 0 or len(self._buffer) < size)):
            self._fill()
        self._raise_if_drained()
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readline(self, size: int = -1) -> bytes:
        while not self._eof and self._damage is None and b"\n" not in self._buffer:
            self._fill()
        self._raise_if_drained()
        cut = self._buffer.find(b"\n")
        end = len(self._buffer) if cut < 0 else cut + 1
        if size >= 0:
            end = min(end, size)
        out, self._buffer = self._buffer[:end], self._buffer[end:]
        return out

    def _raise_if_drained(self) -> None:
        """Report damage once everything decompressed before it has been read."""
        if self._damage is not None and not self._buffer:
            damage, self._damage = self._damage, None
            raise GzipDamage(damage)

    def close(self) -> None:
        self._source.close()

    def _fill(self) -> None:
        if self._at >= len(self._pending):
            self._pending, self._at = self._source.read(_IN_CHUNK), 0
            self.bytes_in += len(self._pending)
        if not self._member_started and self._pending[self._at:self._at + 1] == b"\x00":
            # Zero padding between or after members (some writers leave it): not a member.
            rest = self._pending[self._at:]
            self._at += len(rest) - len(rest.lstrip(b"\x00"))
            return
        if self._at >= len(self._pending):
            if self._member_started:
                self._damage = "truncated gzip stream (the file ends inside a compressed member)"
            self._eof = True
            return
        # Small pieces, so damage loses little: the output of the piece that fails is lost.
        piece = self._pending[self._at:self._at + _IN_PIECE]
        self._at += len(piece)
        fresh = not self._member_started
        self._member_started = True
        try:
            # max_length bounds memory per step: a bomb cannot expand in one call.
            out = self._decomp.decompress(piece, _IN_CHUNK * 16)
        except zlib.error as exc:
            self._damage = (f"corrupt gzip data ({exc}) near compressed byte "
                            f"{self.bytes_in - len(self._pending) + self._at}; "
                            "reading resumed at the next gzip member")
            # A fresh member starts at the piece's first byte: look for the next one after it.
            self._next_member(self._at - len(piece) + (1 if fresh else 0))
            return
        self._at -= len(self._decomp.unconsumed_tail)
        if self._decomp.eof:
            self._at -= len(self._decomp.unused_data)
            self._decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            self._member_started = False
        self.bytes_out += len(out)
        self._buffer += out
        if (
            self.bytes_out > _RATIO_GRACE_BYTES
            and self.bytes_out > self._max_ratio * max(self.bytes_in, 1)
        ):
            raise CapExceeded(
                f"decompression ratio over {self._max_ratio}:1 "
                f"({self.bytes_out} bytes from {self.bytes_in}); refusing a likely gzip bomb "
                "(setting max_compression_ratio)"
            )

    def _next_member(self, start: int) -> None:
        """Skip compressed bytes up to the next gzip member's start (or the end of the file).

        A false start inside deflate data fails in turn and is skipped the same way, one byte
        further on each time, so the search always ends."""
        self._decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self._member_started = False
        data = self._pending
        while True:
            found = data.find(_MEMBER_START, start)
            if found >= 0:
                self._pending, self._at = data, found
                return
            more = self._source.read(_IN_CHUNK)
            self.bytes_in += len(more)
            if not more:
                self._pending, self._at = b"", 0
                self._eof = True
                return
            # Keep the last bytes: a member start may straddle two chunks.
            data, start = data[-(len(_MEMBER_START) - 1):] + more, 0
