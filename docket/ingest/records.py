"""Turn one record's bytes into an `Article`: the body to analyse and what the container said.

Everything here is a pure function of the record's bytes and its container metadata, so
`reprocess` can rebuild the same article from the evidence store alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

from docket.errors import CapExceeded, InputError
from docket.ingest.feeds import ATOM, RSS1, parse_xml
from docket.model import Record

_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class Article:
    """A record's body (raw bytes to decode, or text already decoded) and its stated metadata."""

    format: str  # "html" or "text"
    raw: bytes | None = None  # bytes still to decode (files, WARC payloads)
    body: str | None = None  # text already decoded (JSONL fields, feed content)
    charset_hint: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    published_origin: str | None = None
    byline: str | None = None
    outlet: str | None = None
    language: str | None = None  # as the record states it (ISO 639-1), checked by the pipeline


def parse_record(record: Record) -> Article:
    """The record's article, by the parser its format registered for its kind
    (docket/ingest/formats.py); raises `InputError` with a reason a reader can act on."""
    # Imported here: the registry imports the parsers below, so it cannot be imported first.
    from docket.ingest.formats import article_parser

    return article_parser(record.kind)(record)


def text_article(record: Record) -> Article:
    return Article("text", raw=record.data)


def html_article(record: Record) -> Article:
    return Article("html", raw=record.data)


def warc_article(record: Record) -> Article:
    content_type = record.meta.get("content_type", "")
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    # WARC-Date is when the page was crawled, not published: it is kept in custody, not here.
    return Article("html", raw=record.data, charset_hint=charset, url=record.meta.get("url"))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _str_field(obj: dict[str, object], *keys: str) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            # JSON may escape a lone surrogate ("\ud83d"), which no UTF-8 text can hold: it
            # becomes U+FFFD here (the raw line keeps it), instead of stopping the whole run
            # when the ledger writes the field
            return _LONE_SURROGATE.sub("\ufffd", value)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string, not {type(value).__name__}")
    return None


def jsonl_article(record: Record) -> Article:
    try:
        obj = json.loads(record.data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"line is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        # json's parser recurses once per level: 200,000 nested brackets ended as an
        # "internal error" (issue 14); no article needs more than a few levels.
        raise CapExceeded("JSON nested too deep to read (thousands of levels of [ or {)") \
            from exc
    if not isinstance(obj, dict):
        raise InputError(f"line must hold a JSON object, not {type(obj).__name__}")
    html = _str_field(obj, "html")
    text = _str_field(obj, "text")
    if html is None and text is None:
        raise InputError("line has neither a 'text' nor an 'html' field")
    published = _str_field(obj, "published")
    return Article(
        "html" if html is not None else "text",
        body=html if html is not None else text,
        url=_str_field(obj, "url"),
        title=_str_field(obj, "title"),
        published=published,
        published_origin="jsonl:published" if published else None,
        byline=_str_field(obj, "byline", "author"),
        outlet=_str_field(obj, "outlet", "site_name"),
        language=_stated_language(obj),
    )


def _stated_language(obj: dict[str, object]) -> str | None:
    """The record's `language` (or `lang`): a two-letter code, else None (a value that is not
    one, such as "English" or "en-GB ", is read as far as it is one: "en")."""
    value = _str_field(obj, "language", "lang")
    if value is None:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def _first(item: etree._Element, *paths: str) -> etree._Element | None:
    for path in paths:
        found = item.find(path)
        if found is not None:
            return found
    return None


def _text_of(item: etree._Element, *paths: str) -> str | None:
    found = _first(item, *paths)
    if found is None:
        return None
    value = (found.text or "").strip()
    return value or None


def feed_article(record: Record) -> Article:
    item = parse_xml(record.data)
    link = _first(item, "link", f"{ATOM}link[@rel='alternate']", f"{ATOM}link", f"{RSS1}link")
    url = None
    if link is not None:
        url = (link.get("href") or link.text or "").strip() or None
    content = _first(
        item, f"{_CONTENT_NS}encoded", f"{ATOM}content", "description", f"{ATOM}summary",
        f"{RSS1}description",
    )
    body = ""
    fmt = "html"
    if content is not None:
        if content.get("type") == "xhtml":
            body = "".join(etree.tostring(child, encoding="unicode") for child in content)
        else:
            body = content.text or ""
            if content.get("type") == "text":
                fmt = "text"
    pub_el = _first(item, "pubDate", f"{ATOM}published", f"{ATOM}updated", f"{_DC}date")
    published = (pub_el.text or "").strip() if pub_el is not None else ""
    origin = f"feed:{etree.QName(pub_el).localname}" if pub_el is not None and published else None
    return Article(
        fmt,
        body=body,
        url=url,
        title=_text_of(item, "title", f"{ATOM}title", f"{RSS1}title"),
        published=published or None,
        published_origin=origin,
        byline=_text_of(item, f"{_DC}creator", "author", f"{ATOM}author/{ATOM}name"),
        outlet=record.meta.get("feed_title") or None,
    )
