"""Input formats by name: which reader handles a file, and how its records become articles.

One `InputFormat` per format says everything Docket needs to read it, so a new format is one
registration in `INPUT_FORMATS` (a test may add one with `register_input_format`):

| name | endings | first bytes (sniffed) | read by | record kinds |
|---|---|---|---|---|
| `text` | .txt .text | never guessed | whole file | `text` |
| `html` | .html .htm .xhtml | `<!doctype html`, `<html`, `<body` | whole file | `html` |
| `jsonl` | .jsonl .ndjson | `{` | `jsonl.read_jsonl` | `jsonl` |
| `warc` | .warc .warc.gz | `WARC/` | `warc.read_warc` | `warc_response` |
| `feed` | .rss .atom .xml | `<rss`, `<feed`, `<rdf:RDF` | `feeds.read_feed` | `feed_item` |

Only a file named on the command line is sniffed, when its name says nothing: a folder walk
never guesses (a .py file with `<html` in it is code).

A format without a reader is a single document: the whole file is one record of the format's
name, capped at max_document_bytes. A format with a reader is a container: its bytes are kept
in the evidence store first, then read from there (so `reprocess` and `resume` read the same
bytes), and the reader yields records, failures (`RecordFailure`) and skip notes (`str`).

The record kinds are stored with the evidence: a kind, once stored, keeps its name and its
parser for as long as a ledger may hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import BinaryIO

from docket.errors import InputError
from docket.ingest.feeds import read_feed
from docket.ingest.jsonl import read_jsonl
from docket.ingest.records import (
    Article,
    feed_article,
    html_article,
    jsonl_article,
    text_article,
    warc_article,
)
from docket.ingest.warc import read_warc
from docket.model import Record, RecordFailure
from docket.settings import Settings

# read(stream of the stored container, path as shown, container SHA-256, settings)
Reader = Callable[[BinaryIO, str, str, Settings], Iterable[Record | RecordFailure | str]]
ArticleParser = Callable[[Record], Article]


@dataclass(frozen=True)
class InputFormat:
    """One input format: how a file is recognised, read, and how its records become articles."""

    name: str
    suffixes: tuple[str, ...]  # name endings, lower case, with the dot ('.warc.gz')
    sniff: Callable[[bytes], bool] | None  # on the first bytes, lower-cased, BOM and space cut
    read: Reader | None  # None: the whole file is one record of kind `name`
    articles: Mapping[str, ArticleParser]  # each record kind it yields -> its Article
    help: str
    # The setting that caps a container's size before its bytes are stored ('max_feed_bytes').
    limit: str | None = None
    # What a refusal of an unknown file names for this format (default: the first ending).
    shown: tuple[str, ...] = ()

    @property
    def container(self) -> bool:
        return self.read is not None


def _read_jsonl(stream: BinaryIO, path: str, sha: str,
                settings: Settings) -> Iterable[Record | RecordFailure | str]:
    return read_jsonl(stream, path, sha, settings.max_document_bytes)


def _read_warc(stream: BinaryIO, path: str, sha: str,
               settings: Settings) -> Iterable[Record | RecordFailure | str]:
    # The name may say .warc while the bytes are gzip (and the reverse): the bytes decide.
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(0)
    return read_warc(stream, path, sha, settings.max_document_bytes,
                     settings.max_compression_ratio, gzipped)


def _read_feed(stream: BinaryIO, path: str, sha: str,
               settings: Settings) -> Iterable[Record | RecordFailure | str]:
    return read_feed(stream.read(), path, sha, max_nesting_depth=settings.max_nesting_depth)


def _sniff_html(probe: bytes) -> bool:
    return probe.startswith((b"<!doctype html", b"<html")) or b"<body" in probe[:4000]


def _sniff_feed(probe: bytes) -> bool:
    return b"<rss" in probe[:2000] or b"<feed" in probe[:2000] or b"<rdf:rdf" in probe[:2000]


# Registration order is the order of the refusal message. Sniffing asks containers before
# single documents: their marks are specific (a WARC/ header, a JSON object, a feed root),
# while an HTML page is known by a '<body' anywhere early, which a JSONL line or a feed item
# may hold too.
INPUT_FORMATS: dict[str, InputFormat] = {f.name: f for f in (
    InputFormat("text", (".txt", ".text"), None, None, {"text": text_article},
                "plain text, one article per file (more stories in it become segments)"),
    InputFormat("html", (".html", ".htm", ".xhtml"), _sniff_html, None, {"html": html_article},
                "one web page per file; its main text is kept, the rest removed with reasons"),
    InputFormat("jsonl", (".jsonl", ".ndjson"), lambda probe: probe.startswith(b"{"),
                _read_jsonl, {"jsonl": jsonl_article},
                "one article per line: url, title, published, text or html"),
    InputFormat("warc", (".warc.gz", ".warc"), lambda probe: probe.startswith(b"warc/"),
                _read_warc, {"warc_response": warc_article},
                "a web archive (gzipped or not, or an ARC file): its HTML responses",
                shown=(".warc[.gz]",)),
    InputFormat("feed", (".rss", ".atom", ".xml"), _sniff_feed, _read_feed,
                {"feed_item": feed_article}, "an RSS 2.0, RSS 1.0 (RDF) or Atom feed's items",
                limit="max_feed_bytes", shown=(".rss", ".atom", ".xml")),
)}


def register_input_format(fmt: InputFormat) -> None:
    """Add a format (or replace one of the same name); its record kinds must be new."""
    if fmt.limit is not None and fmt.limit not in {f.name for f in fields(Settings)}:
        raise ValueError(f"format {fmt.name!r}: no setting {fmt.limit!r} to cap its size")
    taken = {kind: other.name for other in INPUT_FORMATS.values() if other.name != fmt.name
             for kind in other.articles}
    clash = sorted(kind for kind in fmt.articles if kind in taken)
    if clash:
        raise ValueError(f"record kinds {clash} already belong to format(s) "
                         f"{sorted({taken[k] for k in clash})}")
    INPUT_FORMATS[fmt.name] = fmt


def format_by_name(path: Path) -> str | None:
    """The format a file's name ending says, longest ending first ('.warc.gz' before '.gz')."""
    name = path.name.lower()
    endings = sorted(((s, f.name) for f in INPUT_FORMATS.values() for s in f.suffixes),
                     key=lambda pair: -len(pair[0]))
    for suffix, fmt in endings:
        if name.endswith(suffix):
            return fmt
    return None


def sniff_format(head: bytes) -> str | None:
    """Guess from the first bytes of a file whose name says nothing."""
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"\x1f\x8b"):
        return None  # compressed, but not named .warc.gz: we do not guess what is inside
    ordered = sorted(INPUT_FORMATS.values(), key=lambda f: not f.container)  # stable
    for fmt in ordered:
        if fmt.sniff is not None and fmt.sniff(probe):
            return fmt.name
    return None


def expected_endings() -> str:
    """The endings a refusal of an unknown file names: '.txt, .html, ... or .xml'."""
    shown = [e for f in INPUT_FORMATS.values() for e in (f.shown or f.suffixes[:1])]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else "".join(shown)


def article_parser(kind: str) -> ArticleParser:
    """How a record of this kind becomes an `Article` (the format that yields it says)."""
    for fmt in INPUT_FORMATS.values():
        parser = fmt.articles.get(kind)
        if parser is not None:
            return parser
    raise InputError(f"unknown record kind {kind!r}")
