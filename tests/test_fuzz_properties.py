"""Every parser on generated hostile input: it returns something sane or raises InputError.

One test per parser (decode, normalize, furniture, segments, text metadata, HTML, JSONL, WARC,
RSS/Atom) and one for the whole per-document pipeline. Inputs are built from fragments a hostile
or broken page really contains (tag soup, deep nesting, odd entities, NULs, lone surrogates'
UTF-8 forms, truncated gzip) mixed with arbitrary bytes. Any other exception is a bug: the run
would stop on a page it should have refused. Each test is bounded to a few seconds.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from docket.clean.decode import decode_bytes
from docket.clean.furniture import find_furniture
from docket.clean.html import read_html_page
from docket.clean.normalize import normalize_line
from docket.clean.segments import find_segments
from docket.clean.textmeta import extract_text_metadata
from docket.errors import CapExceeded, InputError
from docket.ingest.feeds import read_feed
from docket.ingest.jsonl import read_jsonl
from docket.ingest.records import parse_record
from docket.ingest.warc import read_warc
from docket.model import Document, Record, RecordFailure, Span
from docket.settings import Settings
from docket.workflows.pipeline import process_record_all

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHA = "0" * 64

# -- fragments ---------------------------------------------------------------------------

_WORDS = (
    "Kharkiv", "said", "the", "governor", "By", "Staff", "Reuters", "Share", "Advertisement",
    "3 March 2023", "UPDATED", "Read more", "Photo:", "(AP)", "—", "“quoted”", "’", "…",
    "\u200b", "\ufeff", "\u00a0", "Ã©", "\x00", "\x85", "\u2028", "\r", "\t", "🙂",
    "\U0010ffff",
)
_TEXT = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from(["\n", "\n\n", " ", ". ", ": "]),
              st.text(max_size=12)),
    max_size=60,
).map("".join)

_TAGS = ("div", "p", "span", "b", "a", "li", "ul", "td", "tr", "table", "article", "h1", "br",
         "script", "style", "title", "head", "body", "html", "svg", "math", "template", "iframe",
         "noscript", "textarea", "select", "option", "font", "x-weird", "o:p")
_ENTITIES = ("&amp;", "&lt;", "&#0;", "&#x110000;", "&#99999999999;", "&#xD800;", "&nbsp",
             "&bogus;", "&", "&#", "&#x;", "&eacute;", "&NotANamedEntity;")
_MARKUP = ("<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>",
           "<?php ?>", "<", ">", "</", "/>", "=\"", "'", '<meta charset="utf-16">',
           '<meta http-equiv="content-type" content="text/html; charset=koi8-r">',
           '<a href="javascript:x">', '<div style="display:none">', "<p class=", "<<<", ">>>")


def _tag(name: str, closing: bool) -> str:
    return f"</{name}>" if closing else f"<{name}>"


_HTML_PIECE = st.one_of(
    st.builds(_tag, st.sampled_from(_TAGS), st.booleans()),
    st.sampled_from(_ENTITIES),
    st.sampled_from(_MARKUP),
    _TEXT,
    # deep runs, around and beyond the default cap of 512 levels
    st.builds(lambda t, n: _tag(t, False) * n, st.sampled_from(("div", "span", "b", "font")),
              st.integers(0, 700)),
)
TAG_SOUP = st.lists(_HTML_PIECE, max_size=40).map("".join)


def _check_spans(spans: Sequence[Span], length: int) -> None:
    previous_end = 0
    for span in sorted(spans, key=lambda s: s.start):
        assert 0 <= span.start <= span.end <= length, span
        assert span.start >= previous_end, "removed spans overlap"
        assert span.reason and span.rule, "a removal without its reason"
        previous_end = span.end


def _check_document(doc: Document, record: Record) -> None:
    _check_spans(doc.removed, len(doc.full_text))
    for line in doc.source_map:
        assert 0 <= line.start <= line.end <= len(doc.full_text)
        assert 0 <= line.byte_start <= line.byte_end <= len(record.data)
    assert isinstance(doc.text, str) and len(doc.text) <= len(doc.full_text)


# -- text cleaning ---------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=3000), st.booleans(), st.sampled_from((None, "utf-8", "utf-16",
                                                                 "koi8-r", "no-such", "utf-7")))
def test_decode_returns_text_or_refuses(data: bytes, html: bool, hint: str | None) -> None:
    try:
        decoded = decode_bytes(data, html=html, charset_hint=hint)
    except InputError:
        return
    assert isinstance(decoded.text, str) and decoded.encoding and decoded.method


@FAST
@given(_TEXT)
def test_normalize_is_a_single_stable_line(text: str) -> None:
    once = normalize_line(text)
    assert "\n" not in once and normalize_line(once) == once


@FAST
@given(_TEXT, st.none() | st.text(max_size=40))
def test_furniture_segments_and_metadata_on_any_text(text: str, title: str | None) -> None:
    from docket.clean.furniture import FurnitureContext

    full_text = "".join(normalize_line(line) + "\n" for line in text.split("\n"))
    removed = find_furniture(full_text, FurnitureContext(title=title))
    _check_spans(removed, len(full_text))
    previous = 0
    for start, end in find_segments(full_text, removed):
        assert previous <= start < end <= len(full_text)
        previous = end
    extract_text_metadata(full_text, removed, url="https://example.org/x")


# -- HTML ----------------------------------------------------------------------------------------


@FAST
@given(TAG_SOUP, st.sampled_from(("balanced", "precision", "recall")))
def test_html_page_reads_tag_soup_or_refuses_depth(html: str, favor: str) -> None:
    try:
        page = read_html_page(html, "https://example.org/a", favor=favor, max_depth=512)
    except CapExceeded as exc:
        assert "max_nesting_depth" in str(exc)
        return
    assert len(page.blocks) == len(page.kept)
    assert all(block.text and block.text == " ".join(block.text.split()) for block in page.blocks)


# -- containers ----------------------------------------------------------------------------------

_FIELD = st.one_of(st.none(), st.integers(), st.booleans(), st.lists(st.integers(), max_size=2),
                   _TEXT, TAG_SOUP)
_JSON_OBJECT = st.fixed_dictionaries(
    {},
    optional={"url": _FIELD, "title": _FIELD, "published": _FIELD, "text": _FIELD,
              "html": _FIELD, "author": _FIELD, "outlet": _FIELD},
)


def _jsonl_bytes(objects: list[dict[str, object]], garbage: bytes, ending: bytes) -> bytes:
    lines = [json.dumps(o).encode() for o in objects]
    return ending.join([*lines, garbage])


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    """Flip a few bytes at generated positions: a damaged copy of a valid container."""
    out = bytearray(data)
    for at, value in edits:
        if out:
            out[at % len(out)] = value
    return bytes(out)


_EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=4)


@FAST
@given(st.lists(_JSON_OBJECT, max_size=4), st.binary(max_size=200),
       st.sampled_from((b"\n", b"\r\n", b"\r", b"\n\n")), _EDITS, st.integers(20, 3000))
def test_jsonl_lines_read_or_refused(
    objects: list[dict[str, object]], garbage: bytes, ending: bytes,
    edits: list[tuple[int, int]], max_line: int,
) -> None:
    data = _mutate(_jsonl_bytes(objects, garbage, ending), edits)
    for entry in read_jsonl(io.BytesIO(data), "x.jsonl", SHA, max_line):
        if isinstance(entry, RecordFailure):
            assert "max_document_bytes" in entry.reason
            continue
        assert len(entry.data) <= max_line
        try:
            article = parse_record(entry)
        except InputError:
            continue
        assert article.body is not None and article.format in ("html", "text")


def _warc_bytes(pages: list[tuple[str, str]], gzipped: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for body, content_type in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record("https://news.example.org/a", "response",
                                           payload=io.BytesIO(body.encode("utf-8", "replace")),
                                           http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TAG_SOUP, st.sampled_from(("text/html; charset=utf-8", "text/html",
                                                     "application/pdf", "text/html; charset=",
                                                     'text/html; charset="bogus"'))),
                max_size=3),
       st.booleans(), _EDITS, st.integers(0, 4000), st.booleans())
def test_warc_reads_or_reports_damage(
    pages: list[tuple[str, str]], gzipped: bool, edits: list[tuple[int, int]],
    cut: int, regzip: bool,
) -> None:
    data = _mutate(_warc_bytes(pages, gzipped), edits)
    if cut:
        data = data[: max(1, len(data) - cut)]  # truncated mid-record or mid-member
    if regzip and not gzipped:
        data = gzip.compress(data)
        gzipped = True
    for entry in read_warc(io.BytesIO(data), "x.warc", SHA, 4000, 50, gzipped):
        if isinstance(entry, str):
            continue
        if isinstance(entry, RecordFailure):
            assert entry.reason
            continue
        assert len(entry.data) <= 4000
        with contextlib.suppress(InputError):
            process_record_all(entry, Settings(), analyse=False)


_RSS_ITEM = st.builds(
    lambda title, body, cdata, date: (
        f"<item><title>{title}</title><link>https://example.org/{len(body)}</link>"
        f"<pubDate>{date}</pubDate><description>"
        + (f"<![CDATA[{body}]]>" if cdata else body.replace("&", "&amp;").replace("<", "&lt;"))
        + "</description></item>"
    ),
    _TEXT.map(lambda t: t.replace("<", "").replace("&", "")), TAG_SOUP, st.booleans(),
    st.sampled_from(("Mon, 06 Mar 2023 10:00:00 GMT", "yesterday", "", "2023-13-45")),
)
_ATOM_ENTRY = st.builds(
    lambda body, kind: (
        f"<entry><id>urn:x:{len(body)}</id><title>t</title><updated>2023-03-06</updated>"
        f"<content type='{kind}'>"
        + (body if kind == "xhtml" else body.replace("&", "&amp;").replace("<", "&lt;"))
        + "</content></entry>"
    ),
    TAG_SOUP, st.sampled_from(("html", "text", "xhtml")),
)


@FAST
@given(st.one_of(
    st.lists(_RSS_ITEM, max_size=3).map(
        lambda items: "<rss><channel><title>Wire</title>" + "".join(items) + "</channel></rss>"),
    st.lists(_ATOM_ENTRY, max_size=3).map(
        lambda items: "<feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>"
        + "".join(items) + "</feed>"),
), _EDITS, st.binary(max_size=30))
def test_feeds_read_or_refused(feed: str, edits: list[tuple[int, int]], tail: bytes) -> None:
    data = _mutate(feed.encode("utf-8", "replace"), edits) + tail
    try:
        entries = list(read_feed(data, "f.rss", SHA, max_nesting_depth=512))
    except InputError:
        return
    for entry in entries:
        if isinstance(entry, RecordFailure):
            continue
        try:
            docs = process_record_all(entry, Settings(), analyse=False)
        except InputError:
            continue
        for doc in docs:
            _check_document(doc, entry)


# -- the whole per-document pipeline -------------------------------------------------------------


@FAST
@given(st.one_of(
    st.tuples(st.just("html"), TAG_SOUP.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    st.tuples(st.just("text"), _TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    st.tuples(st.sampled_from(("html", "text")), st.binary(max_size=800)),
    st.tuples(st.just("jsonl"), st.builds(lambda o: json.dumps(o).encode(), _JSON_OBJECT)),
))
def test_pipeline_returns_sane_documents_or_refuses(case: tuple[str, bytes]) -> None:
    kind, data = case
    record = Record(kind, data, f"x.{kind}", None, SHA)
    try:
        docs = process_record_all(record, Settings(), analyse=False)
    except InputError:
        return
    assert docs
    for doc in docs:
        _check_document(doc, record)
