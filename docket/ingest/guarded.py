"""Decompression that refuses gzip bombs: a stream that stops at a size/ratio cap."""

from __future__ import annotations

import zlib
from typing import BinaryIO

from docket.errors import CapExceeded, InputError

# Below this many output bytes the ratio is not checked: tiny inputs compress extremely well.
_RATIO_GRACE_BYTES = 4 * 1024 * 1024
_IN_CHUNK = 64 * 1024


class GuardedGunzip:
    """A read-only file object over the gzip-decompressed content of `source`.

    Handles multi-member gzip (as WARC writers produce: one member per record). Raises
    `CapExceeded` once output exceeds `max_ratio` times the input consumed so far.
    """

    def __init__(self, source: BinaryIO, max_ratio: int) -> None:
        self._source = source
        self._max_ratio = max_ratio
        self._decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self._buffer = b""
        self._pending = b""
        self._eof = False
        self._member_started = False
        self._truncated = False
        self.bytes_in = 0
        self.bytes_out = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self._raise_if_drained()
        while not self._eof and (size < 0 or len(self._buffer) < size):
            self._fill()
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readline(self, size: int = -1) -> bytes:
        self._raise_if_drained()
        while not self._eof and b"\n" not in self._buffer:
            self._fill()
        cut = self._buffer.find(b"\n")
        end = len(self._buffer) if cut < 0 else cut + 1
        if size >= 0:
            end = min(end, size)
        out, self._buffer = self._buffer[:end], self._buffer[end:]
        return out

    def _raise_if_drained(self) -> None:
        if self._truncated and not self._buffer:
            raise InputError("truncated gzip stream (the file ends inside a compressed block)")

    def close(self) -> None:
        self._source.close()

    def _fill(self) -> None:
        if self._pending:
            data, self._pending = self._pending, b""
        else:
            data = self._source.read(_IN_CHUNK)
            self.bytes_in += len(data)
        if not data:
            # Hand out what was decompressed before the cut; complain once it is used up, so the
            # records before a truncation are still read.
            self._truncated = self._member_started
            self._eof = True
            return
        self._member_started = True
        try:
            # max_length bounds memory per step: a bomb cannot expand in one call.
            out = self._decomp.decompress(data, _IN_CHUNK * 16)
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data: {exc}") from exc
        self._pending = self._decomp.unconsumed_tail
        if self._decomp.eof:
            rest = self._decomp.unused_data
            self._decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            self._member_started = False
            if rest.strip(b"\x00"):
                self._pending = rest + self._pending
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
