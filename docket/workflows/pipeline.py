"""The per-document pipeline: one `Record` in, one `Document` out.

Stages, in order (each a small function over the previous stage's result):

    parse      record bytes -> Article (body + what the container states)     ingest/records.py
    decode     bytes -> text, with the encoding and how it was found          clean/decode.py
    layout     text -> lines (plain text) or visible blocks (HTML)            here, clean/html.py
    normalize  mojibake repair, NFC, whitespace, per line -> full_text        clean/normalize.py
    main_text  HTML: blocks outside the main text become removed spans        clean/html.py
    furniture  plain text: page furniture becomes removed spans               clean/furniture.py
    metadata   title, outlet, byline, date, translation, cited source         clean/textmeta.py
    segments   plain text: further complete stories become their own docs     clean/segments.py
    language   language of the main text; decides whether it is analysed      clean/language.py
    entities   people, organizations, units, places, times (analysed docs)    nlp/entities.py
    claims     quotes, reported speech, attribution; verification statements   extract/claims.py
    events     what happened, by whom, to whom, where, when, how many           extract/events.py

Later stages (entities, claims, events) run only on documents marked `analysed`.
Every removed span carries its reason and the rule that removed it: nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from docket.clean import furniture
from docket.clean.dates import parse_published
from docket.clean.decode import Decoded, ascii_compatible, decode_bytes
from docket.clean.html import read_html_page
from docket.clean.language import detect_language
from docket.clean.normalize import normalize_line
from docket.clean.segments import find_segments
from docket.clean.textmeta import TextMetadata, extract_text_metadata
from docket.errors import DocketError, InputError
from docket.ingest.limits import check_nesting, time_limit
from docket.ingest.records import Article, parse_record
from docket.model import (
    Document,
    LineSource,
    PlaceChoice,
    PublishedDate,
    Record,
    SourceRef,
    Span,
    stable_id,
)
from docket.nlp.backbone import pipeline_for_language
from docket.settings import Settings
from docket.version import PIPELINE_VERSION, STAGES


@dataclass(frozen=True)
class _Line:
    """One line of page text before normalisation, with the raw bytes it came from."""

    text: str
    byte_start: int
    byte_end: int
    main: bool = True  # False: outside the main text (HTML boilerplate)


@dataclass(frozen=True)
class _Layout:
    lines: tuple[_Line, ...]
    removal_rule: str = ""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None


# What the ledger knows that one record does not: lines an outlet repeats across its pages.
RepeatedLines = Callable[[str, Sequence[str], str], frozenset[str]]


@dataclass(frozen=True)
class PipelineContext:
    """Cross-document knowledge handed to the per-document stages (all optional)."""

    repeated_lines: RepeatedLines | None = None  # (outlet, line keys, doc id) -> repeated keys
    restored_lines: Callable[[str], frozenset[str]] | None = None  # doc id -> lines to keep
    # doc id -> analysts' picks of the place a name means (docket/nlp/place_choices.py)
    place_choices: Callable[[str], Sequence[PlaceChoice]] | None = None


def line_keys(doc: Document) -> list[str]:
    """The repetition keys of a document's lines, as the ledger indexes them per outlet."""
    return [furniture.line_key(line) for line in doc.full_text.split("\n") if line.strip()]


def process_record(record: Record, settings: Settings,
                   context: PipelineContext | None = None, *, analyse: bool = True) -> Document:
    """The principal document of a record (see `process_record_all` for segments)."""
    return process_record_all(record, settings, context, analyse=analyse)[0]


def process_record_all(record: Record, settings: Settings,
                       context: PipelineContext | None = None, *,
                       analyse: bool = True) -> list[Document]:
    """Run every per-document stage: the page's principal document, then its segments.

    `analyse=False` stops before the entity stage (benchmarks of the cleaning stages use it).
    Raises `InputError` when the record cannot be read, nests deeper than max_nesting_depth,
    or takes longer than document_seconds.
    """
    what = f"{record.path}" + (f" ({record.locator})" if record.locator else "")
    with time_limit(settings.document_seconds, what):
        return _process(record, settings, context, analyse)


def _process(record: Record, settings: Settings, context: PipelineContext | None,
             analyse: bool) -> list[Document]:
    if record.kind == "feed_item":
        # The item's XML is parsed in parse_record, which has no settings: check it here.
        check_nesting(record.data, settings.max_nesting_depth)
    article = parse_record(record)
    decoded = _decode(article)
    layout = _layout(article, decoded, record, settings)
    full_text, source_map, removed = _normalize(layout)
    if settings.keep_furniture:
        removed = ()
    doc = Document(
        id=record.document_id,
        source=SourceRef(
            path=record.path,
            url=article.url or record.meta.get("url") or None,
            sha256=record.sha256,
            container_sha256=record.container_sha256,
            locator=record.locator,
        ),
        format=article.format,
        encoding=decoded.encoding,
        encoding_method=decoded.method,
        full_text=full_text,
        removed=tuple(sorted(removed, key=lambda s: s.start)),
        source_map=source_map,
        title=article.title or layout.title,
        outlet=article.outlet or layout.sitename,
        byline=article.byline or layout.author,
        published=_published(article, layout),
        notes=decoded.notes,
    )
    if context and context.restored_lines and doc.removed:
        doc = replace(doc, removed=restore_lines(doc.full_text, doc.removed,
                                                 context.restored_lines(doc.id)))
    if article.format == "text":
        doc = _clean_text(doc, article, settings, context)
        docs = [doc] if settings.keep_furniture else _split_segments(doc, article)
    else:
        # trafilatura gives HTML's title, author and date; the text still says whether it was
        # machine-translated and what it cites as its source.
        meta = extract_text_metadata(doc.text)
        docs = [replace(doc, translated_from=meta.translated_from,
                        cited_source=meta.cited_source)]
    docs = [_language(d, settings, article.language) for d in docs]
    return [_analyse(d, settings, context) for d in docs] if analyse else docs


def _analyse(doc: Document, settings: Settings,
             context: PipelineContext | None = None) -> Document:
    """The entity, claim and event stages, over one spaCy parse of the document's text; then
    the places analysts picked for names of it."""
    if not doc.analysed:
        return doc
    from docket.extract.assemble import analyse_parsed
    from docket.nlp.place_choices import apply_place_choices

    pipeline = pipeline_for_language(doc.language, settings).pipeline
    assert pipeline is not None, "a document is analysed only when its language has a pipeline"
    backbone = pipeline.backbone(settings)
    parsed = backbone.parse(doc.text, lines_are_blocks=doc.format == "html")
    analysed = analyse_parsed(doc, backbone, parsed)
    if context is not None and context.place_choices is not None:
        analysed = apply_place_choices(analysed, context.place_choices(doc.id))
    return analysed


def _clean_text(doc: Document, article: Article, settings: Settings,
                context: PipelineContext | None) -> Document:
    """Furniture and metadata of plain text, using the outlet's other pages when known."""
    removed: tuple[Span, ...] = ()
    fctx = furniture.FurnitureContext(title=article.title)
    if not settings.keep_furniture:
        try:
            removed = furniture.find_furniture(doc.full_text, fctx)
        except DocketError:
            raise  # an installation fault (no model) stops the run
        except Exception as exc:  # noqa: BLE001 - a cleaning bug must not lose the document
            # Keep the page whole and say so on the document, rather than only in a log.
            note = f"furniture stage failed ({type(exc).__name__}: {exc}); page kept whole"
            return _with_metadata(replace(doc, notes=doc.notes + (note,)), article,
                                  extract_text_metadata(doc.full_text, (), url=doc.source.url))
    meta = extract_text_metadata(doc.full_text, removed, url=doc.source.url)
    outlet = article.outlet or meta.outlet
    if outlet and context and context.repeated_lines and not settings.keep_furniture:
        repeated = context.repeated_lines(outlet, line_keys(doc), doc.id)
        if repeated:
            fctx = furniture.FurnitureContext(title=article.title, outlet_lines=repeated)
            removed = furniture.find_furniture(doc.full_text, fctx)
            meta = extract_text_metadata(doc.full_text, removed, url=doc.source.url)
    if context and context.restored_lines and removed:
        removed = restore_lines(doc.full_text, removed, context.restored_lines(doc.id))
    return _with_metadata(replace(doc, removed=removed, outlet=outlet), article, meta)


def restore_lines(full_text: str, removed: Sequence[Span],
                  restored: frozenset[str]) -> tuple[Span, ...]:
    """Take analyst-restored lines out of the removed spans (splitting a span where needed).

    Lines are matched by their text, not their offsets, so a restore survives a re-run whose
    stages cut the page differently.
    """
    if not restored:
        return tuple(removed)
    out: list[Span] = []
    for span in removed:
        cursor = span.start
        pos = span.start
        for line in full_text[span.start:span.end].split("\n"):
            end = pos + len(line)
            if line.strip() and line.strip() in restored:
                if pos > cursor:
                    out.append(Span(cursor, pos, span.reason, span.rule))
                cursor = min(end + 1, span.end)  # the line and its newline go back
            pos = end + 1
        if cursor < span.end:
            out.append(Span(cursor, span.end, span.reason, span.rule))
    return tuple(out)


def _with_metadata(doc: Document, article: Article, meta: TextMetadata) -> Document:
    """What the container states wins; the text fills what it left open."""
    stated = parse_published(article.published, article.published_origin or "container")
    return replace(
        doc,
        title=article.title or meta.title,
        outlet=article.outlet or meta.outlet or doc.outlet,
        byline=article.byline or meta.byline,
        published=stated or meta.published,
        translated_from=meta.translated_from,
        cited_source=meta.cited_source,
        notes=doc.notes + ((f"translation note: {meta.translation_note}",)
                           if meta.translation_note else ()),
    )


def _split_segments(doc: Document, article: Article) -> list[Document]:
    """The principal document keeps the first story; each further one becomes a segment."""
    ranges = find_segments(doc.full_text, doc.removed)
    if not ranges:
        return [doc]
    rule = "segments: headline followed by a new article's date, byline or dateline"
    cut = [Span(a, b, "segment", rule) for a, b in ranges]
    outside = [s for s in doc.removed if not any(a <= s.start < b for a, b in ranges)]
    principal = replace(doc, removed=tuple(sorted((*outside, *cut), key=lambda s: s.start)))
    out = [principal]
    for number, (a, b) in enumerate(ranges, start=2):
        inside = tuple(Span(s.start - a, min(s.end, b) - a, s.reason, s.rule)
                       for s in doc.removed if a <= s.start < b)
        lines = tuple(LineSource(m.start - a, m.end - a, m.byte_start, m.byte_end)
                      for m in doc.source_map if a <= m.start < b)
        where = f"segment {number}, characters {a}-{b} of the page text"
        locator = f"{doc.source.locator}; {where}" if doc.source.locator else where
        segment = Document(
            id=stable_id("doc", doc.id, "segment", str(number)),
            source=replace(doc.source, locator=locator),
            format=doc.format, encoding=doc.encoding, encoding_method=doc.encoding_method,
            full_text=doc.full_text[a:b], removed=inside, source_map=lines, segment_of=doc.id,
            notes=doc.notes,
        )
        meta = extract_text_metadata(segment.full_text, inside)
        segment = replace(segment, title=meta.title, outlet=meta.outlet or doc.outlet,
                          byline=meta.byline, published=meta.published or doc.published,
                          translated_from=meta.translated_from or doc.translated_from,
                          cited_source=meta.cited_source)
        out.append(segment)
    return out


def _decode(article: Article) -> Decoded:
    if article.body is not None:
        return Decoded(article.body, "utf-8", "decoded by container")
    assert article.raw is not None
    return decode_bytes(article.raw, html=article.format == "html",
                        charset_hint=article.charset_hint)


def _line_offsets(raw: bytes, encoding: str, text: str) -> list[tuple[int, int]]:
    """Byte range of each text line in the raw bytes (one entry per '\\n'-separated line)."""
    if ascii_compatible(encoding):
        spans, pos = [], 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        for piece in raw[pos:].split(b"\n"):
            spans.append((pos, pos + len(piece.rstrip(b"\r"))))
            pos += len(piece) + 1
        return spans
    measured, at = [], 0
    for line in text.split("\n"):  # UTF-16/32: measure by re-encoding each line
        size = len(line.encode(encoding, errors="replace"))
        measured.append((at, at + size))
        at += size + len("\n".encode(encoding))
    return measured


def _layout(article: Article, decoded: Decoded, record: Record, settings: Settings) -> _Layout:
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    whole = (0, len(record.data))
    if article.format == "text":
        if article.raw is None:  # decoded by its container: lines map to the whole record
            return _Layout(tuple(_Line(t, *whole) for t in text.split("\n")))
        offsets = _line_offsets(article.raw, decoded.encoding, decoded.text)
        if len(offsets) != len(text.split("\n")):  # lone CRs split lines the bytes do not
            offsets = [whole] * len(text.split("\n"))
        return _Layout(tuple(_Line(t, *o) for t, o in zip(text.split("\n"), offsets,
                                                            strict=True)))
    page = read_html_page(text, article.url, favor=settings.html_favor,
                          max_depth=settings.max_nesting_depth)
    line_bytes = (
        _line_offsets(article.raw, decoded.encoding, decoded.text) if article.raw else None
    )
    lines = []
    for i, (block, kept) in enumerate(zip(page.blocks, page.kept, strict=True)):
        span = whole
        if line_bytes and block.sourceline:
            first = min(block.sourceline, len(line_bytes)) - 1
            nxt = page.blocks[i + 1].sourceline if i + 1 < len(page.blocks) else None
            last = max(first, min((nxt or block.sourceline) - 1, len(line_bytes)) - 1)
            span = (line_bytes[first][0], line_bytes[last][1])
        lines.append(_Line(block.text, span[0], span[1], kept))
    return _Layout(tuple(lines), f"html main text: {page.extractor}", page.title, page.author,
                   page.date, page.sitename)


def _normalize(layout: _Layout) -> tuple[str, tuple[LineSource, ...], tuple[Span, ...]]:
    """Normalise each line, join with newlines, keep one blank line between paragraphs."""
    parts: list[str] = []
    source_map: list[LineSource] = []
    removed: list[Span] = []
    pos = 0
    blank = False
    for line in layout.lines:
        clean = normalize_line(line.text)
        if not clean:
            blank = bool(parts)
            continue
        if blank:
            parts.append("\n")
            pos += 1
            blank = False
        start = pos
        parts.append(clean + "\n")
        pos += len(clean) + 1
        source_map.append(LineSource(start, start + len(clean), line.byte_start, line.byte_end))
        if not line.main:
            removed.append(Span(start, pos, "boilerplate", layout.removal_rule))
    full_text = "".join(parts)
    return full_text, tuple(source_map), _merge(removed)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Join touching spans with the same reason, so a nav menu is one span, not twenty."""
    out: list[Span] = []
    for span in spans:
        if out and out[-1].end == span.start and out[-1].reason == span.reason \
                and out[-1].rule == span.rule:
            out[-1] = Span(out[-1].start, span.end, span.reason, span.rule)
        else:
            out.append(span)
    return tuple(out)


def _published(article: Article, layout: _Layout) -> PublishedDate | None:
    stated = parse_published(article.published, article.published_origin or "container")
    return stated or parse_published(layout.date, "html:trafilatura")


def _language(doc: Document, settings: Settings, stated: str | None = None) -> Document:
    """The document's language, and whether it is analysed. A language the record states (a
    JSONL `language` field) is taken as given, even for a text too short to guess from (a
    one-line note); the guess is still recorded in `language_score` when there is one."""
    guess = detect_language(doc.text)
    if stated is not None:
        found = replace(doc, language=stated,
                        language_score=guess.score if guess.code == stated else None)
    else:
        found = replace(doc, language=guess.code, language_score=guess.score)
        if guess.note:  # too little text, or an uncertain guess: no language to choose by
            return replace(found, analysed=False, analysis_note=f"not analysed: {guess.note}")
    choice = pipeline_for_language(found.language, settings)
    if choice.pipeline is None:
        return replace(found, analysed=False, analysis_note=f"not analysed: {choice.note}")
    return replace(found, analysed=True)


__all__ = ["PIPELINE_VERSION", "STAGES", "InputError", "process_record"]
