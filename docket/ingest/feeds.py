"""RSS and Atom files: each item or entry is one article.

Parsed with lxml in its safe mode (no DTD loading, no network, no entity resolution), and a feed
that declares entities is refused outright: entity expansion is how XML bombs work, and no real
news feed needs it.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from docket.errors import InputError
from docket.ingest.limits import DEFAULT_MAX_NESTING_DEPTH, check_nesting
from docket.model import Record, RecordFailure

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def parse_xml(data: bytes, max_depth: int | None = None) -> etree._Element:
    """Parse XML bytes safely; refuse entity declarations and (when `max_depth` is given)
    nesting deeper than it, with a clear reason."""
    if b"<!ENTITY" in data[:200_000].upper():
        raise InputError("XML declares entities; refused as a possible entity-expansion bomb")
    if max_depth is not None:
        check_nesting(data, max_depth)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc}") from exc
    if root is None:
        raise InputError("empty XML document")
    return root


def feed_items(root: etree._Element) -> list[etree._Element]:
    tag = etree.QName(root).localname.lower()
    if tag == "rss":
        return list(root.iterfind("channel/item"))
    if tag == "feed":
        return list(root.iterfind(f"{ATOM}entry"))
    if tag == "rdf":
        return list(root.iterfind(f"{RSS1}item"))
    raise InputError(f"not an RSS or Atom feed (root element <{tag}>)")


def _text(item: etree._Element, *paths: str) -> str:
    for p in paths:
        found = item.find(p)
        if found is not None:
            value = found.get("href") if found.text is None else found.text
            if value and value.strip():
                return value.strip()
    return ""


def feed_title(root: etree._Element) -> str:
    return _text(root, "channel/title", f"{ATOM}title", f"{RSS1}channel/{RSS1}title")


def read_feed(
    data: bytes, path: str, container_sha256: str, *,
    max_nesting_depth: int = DEFAULT_MAX_NESTING_DEPTH,
) -> Iterator[Record | RecordFailure]:
    """Yield one record per item, its bytes the item's canonical XML (C14N).

    An item has no byte range of its own that stands alone (namespaces are declared on the
    root), so its evidence is its canonical serialisation; the container keeps the exact bytes.
    A feed nesting deeper than `max_nesting_depth` raises `CapExceeded` (an InputError).
    """
    root = parse_xml(data, max_nesting_depth)
    outlet = feed_title(root)
    for index, item in enumerate(feed_items(root), start=1):
        guid = _text(item, "guid", f"{ATOM}id", "link", f"{ATOM}link", f"{RSS1}link")
        locator = f"guid {guid}" if guid else f"item {index}"
        try:
            item_bytes = etree.tostring(item, method="c14n")
        except (etree.C14NError, ValueError) as exc:  # pragma: no cover - lxml edge cases
            yield RecordFailure(path, locator, f"cannot serialise item: {exc}")
            continue
        meta = {"feed_title": outlet} if outlet else {}
        yield Record("feed_item", item_bytes, path, locator, container_sha256, meta)
