"""Bytes to text: find the encoding, say how it was found, refuse what is not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from docket.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A tag's attributes stop at the next "<" as well as at ">": a tag never holds "<", and each
# "<meta" then reads only its own tag, so a page of repeated "<meta" costs linear time, not its
# square (issue 14; it is searched in the first 8 KB only, but that was 0.25 s a page).
_META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A stray invalid byte in otherwise valid UTF-8 (a truncated copy, a bad paste) is repaired with
# U+FFFD and noted; more than this share of bad bytes means the text is in another encoding.
_MAX_BAD_UTF8_SHARE = 0.005


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name
    method: str  # how it was chosen: "bom", "utf-8", "http header", "meta", "detected", ...
    notes: tuple[str, ...] = ()


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):  # ValueError: a NUL or other junk in the name
        return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16/32, which have a BOM) or mostly control bytes: not text."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes, *, html: bool = False, charset_hint: str | None = None) -> Decoded:
    """Decode raw bytes. Order: BOM, HTTP charset, strict UTF-8, HTML meta charset, detection.

    Strict UTF-8 comes before a declared meta charset because pages often declare one charset
    and are served in UTF-8; a successful strict UTF-8 decode of non-ASCII text is rarely wrong.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _try(data, name)
            if text is not None:
                return Decoded(text.lstrip("\ufeff"), name, "bom")
    if looks_binary(data):
        raise InputError("binary content (NUL or control bytes): not a text or HTML document")
    if charset_hint and (codec := _codec(charset_hint)):
        text = _try(data, codec)
        if text is not None:
            return Decoded(text, codec, "http header")
    text = _try(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "utf-8" if not data.isascii() else "ascii")
    if html and (match := _META_CHARSET.search(data[:8192])):
        codec = _codec(match.group(1).decode("ascii", "replace"))
        if codec and (text := _try(data, codec)) is not None:
            return Decoded(text, codec, "meta")
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    if bad <= max(1, int(len(data) * _MAX_BAD_UTF8_SHARE)):
        text = data.decode("utf-8", errors="replace")
        note = f"{bad} invalid UTF-8 byte(s) replaced"
        return Decoded(text, "utf-8", "utf-8 (repaired)", (note,))
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError("cannot determine the text encoding (binary or corrupt bytes)")
    text = _try(data, best.encoding)
    if text is None:
        raise InputError(f"bytes do not decode as detected encoding {best.encoding}")
    return Decoded(text, best.encoding, "detected")


def ascii_compatible(encoding: str) -> bool:
    """True if a newline is byte 0x0A in this encoding, so lines can be cut on raw bytes."""
    name = codecs.lookup(encoding).name
    return not name.startswith(("utf-16", "utf-32")) and "\n".encode(name) == b"\n"
