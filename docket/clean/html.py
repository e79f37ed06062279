"""Page text and main text from HTML.

The page is first cut into visible text blocks ("all text"); trafilatura then decides
which of those blocks are main text. We align trafilatura's output back onto the blocks
instead of using its text directly because the ledger keeps every removed block as
evidence: the main text has to be the page text with whole blocks taken out.

Three general repairs follow the alignment (bench/textclean.py measures them): prose blocks
trafilatura dropped from inside the kept span come back, short link lists it let through go,
and when it finds nothing the stretch of prose on the page stands in.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from docket.ingest.limits import check_nesting

log = logging.getLogger(__name__)

FAVORS = ("balanced", "precision", "recall")

# Elements that start a new line when a browser lays the page out. Anything not listed
# is treated as inline, so its text joins the surrounding block.
# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
    "iframe", "legend", "li", "main", "menu", "nav", "noframes", "ol", "optgroup", "option", "p",
    "pre", "section", "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th",
    "thead", "title", "tr", "ul",
})
# fmt: on
# Never rendered as text. `head` goes too: its title is metadata, not page text.
_HIDDEN_TAGS = frozenset({"head", "script", "style", "noscript", "template"})

_WORD = re.compile(r"\w+")
# A block counts as main text when at least this share of its words is found, in order,
# in trafilatura's output; trafilatura drops or rewrites a few words, so not 1.0.
_KEEP_COVERAGE = 0.5


@dataclass(frozen=True)
class HtmlBlock:
    """One visible text block of a page."""

    text: str
    sourceline: int | None


@dataclass(frozen=True)
class HtmlPage:
    """A page's text blocks, which of them are main text, and its metadata."""

    blocks: tuple[HtmlBlock, ...]
    kept: tuple[bool, ...]
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    extractor: str


def read_html_page(html: str, url: str | None = None, *, favor: str = "balanced",
                   max_depth: int | None = None) -> HtmlPage:
    """Cut `html` into text blocks and mark the ones that belong to the main text.

    Never raises on bad markup: a page that cannot be parsed has no blocks. A page nesting
    deeper than `max_depth` (setting max_nesting_depth; None: not checked) raises
    `CapExceeded` before lxml sees it. An unknown `favor` is a caller error: ValueError.
    """
    if favor not in FAVORS:
        raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {favor!r}")
    if max_depth is not None:
        check_nesting(html, max_depth)
    extractor = f"trafilatura {trafilatura.__version__} (comments excluded, favor {favor})"
    root = _parse(html)
    if root is None:
        return HtmlPage((), (), None, None, None, None, extractor)
    pairs = list(_text_blocks(root))
    blocks = tuple(block for block, _ in pairs)
    shapes = [shape for _, shape in pairs]
    doc = _extract(root, url, favor)
    main_text = (doc.text or "") if doc is not None else ""
    kept = _align(blocks, main_text)
    if any(kept):
        kept = _drop_link_lists(_restore_paragraphs(kept, shapes), shapes)
        extractor += " + paragraph repair"
    elif blocks:
        # trafilatura found nothing (a tiny page, or markup it cannot read): the stretch of
        # prose is a better main text than none, and the extractor string says this happened.
        kept = _prose_span(shapes)
        extractor = f"prose span (trafilatura {trafilatura.__version__} found no main text)"
    return HtmlPage(
        blocks=blocks,
        kept=kept,
        title=_meta(doc, "title"),
        author=_meta(doc, "author"),
        date=_meta(doc, "date"),
        sitename=_meta(doc, "sitename"),
        extractor=extractor,
    )


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html or not html.strip():
        return None
    # Parsing bytes with a fixed encoding sidesteps lxml's refusal of str input that carries
    # an XML encoding declaration, and stops a <meta charset> from re-decoding the text.
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels: pages with runs of
    # unclosed inline tags nest that deep, and text below the limit is silently dropped.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError):
        return None


@dataclass(frozen=True)
class _BlockShape:
    """What the main-text repairs need to know about a block beyond its text."""

    words: int
    link_share: float  # share of the block's characters that sit inside <a> elements
    sentences: bool  # has sentence-ending punctuation followed by more text or the end


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*(\s|$)")


def _text_blocks(root: lxml.html.HtmlElement) -> Iterator[tuple[HtmlBlock, _BlockShape]]:
    parts: list[str] = []
    link_chars = 0
    line: int | None = root.sourceline

    def flush() -> tuple[HtmlBlock, _BlockShape] | None:
        nonlocal link_chars
        text = " ".join("".join(parts).split())
        linked, link_chars = link_chars, 0
        parts.clear()
        if not text:
            return None
        shape = _BlockShape(
            words=len(_WORD.findall(text)),
            link_share=min(1.0, linked / len(text)),
            sentences=_SENTENCE_END.search(text) is not None,
        )
        return HtmlBlock(text, line), shape

    def add(text: str | None, in_link: bool) -> None:
        nonlocal link_chars
        if text:
            parts.append(text)
            if in_link:
                link_chars += len(" ".join(text.split()))

    # An explicit stack instead of recursion: real pages nest deeper than Python's limit.
    # Items are (element, closing, inside a link); a closing item handles the element's end.
    stack: list[tuple[Any, bool, bool]] = [(root, False, False)]
    while stack:
        el, closing, in_link = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if closing:
            if tag in _BLOCK_TAGS:
                block = flush()
                if block:
                    yield block
                # Text after a closed block has no element of its own: point at the one it follows.
                line = el.sourceline
            add(el.tail, in_link)
            continue
        if tag is None or tag in _HIDDEN_TAGS:
            # Comments, processing instructions and hidden elements: their tail is still text.
            add(el.tail, in_link)
            continue
        if tag in _BLOCK_TAGS or tag == "br":
            block = flush()
            if block:
                yield block
            line = el.sourceline
        inner_link = in_link or tag == "a"
        add(el.text, inner_link)
        stack.append((el, True, in_link))
        stack.extend((child, False, inner_link) for child in reversed(el))
    block = flush()
    if block:
        yield block


def _extract(root: lxml.html.HtmlElement, url: str | None, favor: str) -> Any:
    # trafilatura gets our tree rather than the string: its own loader rejects pages whose
    # markup starts with an unknown wrapper element (it sees a one-node tree and gives up),
    # and the blocks are already read, so it may change the tree as it likes.
    try:
        return trafilatura.bare_extraction(
            root,
            url=url,
            include_comments=False,
            with_metadata=True,
            favor_precision=favor == "precision",
            favor_recall=favor == "recall",
        )
    except Exception:  # trafilatura has many internal failure modes; a page must not stop a run
        log.warning("trafilatura failed on %s", url or "a page", exc_info=True)
        return None


def _meta(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None) if doc is not None else None
    return (value.strip() or None) if isinstance(value, str) else None


def _align(blocks: tuple[HtmlBlock, ...], main_text: str) -> tuple[bool, ...]:
    """Mark the blocks whose words mostly reappear, in order, in trafilatura's main text."""
    page_words: list[str] = []
    owner: list[int] = []
    for i, block in enumerate(blocks):
        words = _WORD.findall(block.text.lower())
        page_words.extend(words)
        owner.extend([i] * len(words))
    covered = [0] * len(blocks)
    for position in _matched_positions(page_words, _WORD.findall(main_text.lower())):
        covered[owner[position]] += 1
    total = [0] * len(blocks)
    for i in owner:
        total[i] += 1
    return tuple(t > 0 and c >= _KEEP_COVERAGE * t for c, t in zip(covered, total, strict=True))


# Word n-grams found exactly once on the page and once in the main text pin the alignment
# down; difflib then only aligns the short stretches between two pins. Plain difflib over a
# whole page is quadratic on long, repetitive pages (forums, comment threads): minutes a page.
_ANCHOR_WORDS = 4
# Above this many word pairs (about a quarter of a second of difflib on repetitive text) a
# stretch is aligned greedily instead.
_DIFFLIB_MAX_PAIRS = 10_000_000


def _matched_positions(page: list[str], main: list[str]) -> Iterator[int]:
    """Positions in `page` of the words matched, in order, by words of `main`.

    In order only: when trafilatura emits parts of a page out of page order (it can, on table
    layouts), the longest consistent order wins and the rest counts as dropped. Counting every
    shared n-gram wherever it sits was tried and scored lower: the out-of-order parts were
    mostly sidebars.
    """
    return _ordered_positions(page, main, _increasing_chain(_shared_grams(page, main)))


def _ordered_positions(
    page: list[str], main: list[str], chain: list[tuple[int, int]]
) -> Iterator[int]:
    page_end = main_end = 0
    for page_at, main_at in chain:
        if page_at >= page_end and main_at >= main_end:
            yield from _align_stretch(page, page_end, page_at, main, main_end, main_at)
            yield from range(page_at, page_at + _ANCHOR_WORDS)
        elif page_at - main_at == page_end - main_end:
            # Overlapping pins on the same diagonal: only the words past the previous pin are new.
            yield from range(page_end, page_at + _ANCHOR_WORDS)
        else:
            continue
        page_end, main_end = page_at + _ANCHOR_WORDS, main_at + _ANCHOR_WORDS
    yield from _align_stretch(page, page_end, len(page), main, main_end, len(main))


def _shared_grams(page: list[str], main: list[str]) -> list[tuple[int, int]]:
    """N-grams found once on the page and once in the main text, ordered by main position."""
    n = _ANCHOR_WORDS

    def unique_grams(words: list[str]) -> dict[tuple[str, ...], int]:
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(words) - n + 1):
            gram = tuple(words[i : i + n])
            seen[gram] = -1 if gram in seen else i
        return seen

    on_page = unique_grams(page)
    pairs = sorted(
        (at, on_page[gram])
        for gram, at in unique_grams(main).items()
        if at >= 0 and on_page.get(gram, -1) >= 0
    )
    return [(page_at, main_at) for main_at, page_at in pairs]


def _increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of `pairs` (sorted by main position) whose page positions increase."""
    tails: list[int] = []  # tails[k]: index of the smallest last page position of a chain of k+1
    back: list[int] = [-1] * len(pairs)
    for i, (page_at, _) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][0] < page_at:
                lo = mid + 1
            else:
                hi = mid
        back[i] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    chain: list[tuple[int, int]] = []
    i = tails[-1] if tails else -1
    while i >= 0:
        chain.append(pairs[i])
        i = back[i]
    return chain[::-1]


def _align_stretch(
    page: list[str], page_from: int, page_to: int, main: list[str], main_from: int, main_to: int
) -> Iterator[int]:
    if page_to <= page_from or main_to <= main_from:
        return
    a, b = page[page_from:page_to], main[main_from:main_to]
    if len(a) * len(b) <= _DIFFLIB_MAX_PAIRS:
        for at, _, size in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            yield from range(page_from + at, page_from + at + size)
        return
    # Too big for difflib: take each main word at its next occurrence on the page.
    occurrences: dict[str, list[int]] = {}
    for at, word in enumerate(a):
        occurrences.setdefault(word, []).append(at)
    at = 0
    for word in b:
        places = occurrences.get(word, [])
        k = bisect_left(places, at)
        if k < len(places):
            yield page_from + places[k]
            at = places[k] + 1


# Thresholds for a block that reads like running prose rather than page furniture.
_PARAGRAPH_WORDS = 15
_PARAGRAPH_LINK_SHARE = 0.25


def _looks_like_paragraph(shape: _BlockShape) -> bool:
    return (
        shape.words >= _PARAGRAPH_WORDS
        and shape.link_share <= _PARAGRAPH_LINK_SHARE
        and shape.sentences
    )


def _restore_paragraphs(kept: tuple[bool, ...], shapes: list[_BlockShape]) -> tuple[bool, ...]:
    """Keep prose blocks trafilatura dropped from inside the main text.

    trafilatura loses paragraphs whose text is not wrapped in its own element (text right after
    a heading, or between <br>s in a div); inside the span of kept blocks such a paragraph is
    almost always part of the article.
    """
    positions = [i for i, k in enumerate(kept) if k]
    if not positions:
        return kept
    result = list(kept)
    for i in range(positions[0] + 1, positions[-1]):
        if not result[i] and _looks_like_paragraph(shapes[i]):
            result[i] = True
    return tuple(result)


# A kept block this short and mostly link text is navigation ("Home | News | Contact", tag
# lists, "next story" links) that trafilatura let through.
_LINK_LIST_WORDS = 10
_LINK_LIST_SHARE = 0.5


def _drop_link_lists(kept: tuple[bool, ...], shapes: list[_BlockShape]) -> tuple[bool, ...]:
    return tuple(
        k and not (shape.words <= _LINK_LIST_WORDS and shape.link_share > _LINK_LIST_SHARE)
        for k, shape in zip(kept, shapes, strict=True)
    )


def _prose_span(shapes: list[_BlockShape]) -> tuple[bool, ...]:
    """From the first prose block to the last, every block that is not mostly links.

    Short lines between paragraphs (verse, subheadings, datelines) belong to the text even
    though they do not look like paragraphs themselves.
    """
    prose = [i for i, shape in enumerate(shapes) if _looks_like_paragraph(shape)]
    if not prose:
        return (False,) * len(shapes)
    return tuple(
        prose[0] <= i <= prose[-1] and shape.link_share <= _LINK_LIST_SHARE
        for i, shape in enumerate(shapes)
    )
