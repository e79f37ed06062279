"""Which reader handles a file: by name first, then by a look at the first bytes."""

from __future__ import annotations

from pathlib import Path

# Name endings Docket reads, longest first so '.warc.gz' wins over '.gz'.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".xml", "feed"),
)

FORMATS = ("text", "html", "jsonl", "warc", "feed")


def format_by_name(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in _SUFFIXES:
        if name.endswith(suffix):
            return fmt
    return None


def sniff_format(head: bytes) -> str | None:
    """Guess from the first bytes of a file whose name says nothing."""
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"warc/"):
        return "warc"
    if probe.startswith(b"\x1f\x8b"):
        return None  # compressed, but not named .warc.gz: we do not guess what is inside
    if probe.startswith(b"{"):
        return "jsonl"
    if b"<rss" in probe[:2000] or b"<feed" in probe[:2000] or b"<rdf:rdf" in probe[:2000]:
        return "feed"
    if probe.startswith((b"<!doctype html", b"<html")) or b"<body" in probe[:4000]:
        return "html"
    return None
