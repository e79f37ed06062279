"""A document's text as HTML: entities, claims and events marked and linked, furniture struck.

Article text is untrusted, so this module never hands text to a template to be trusted: it
escapes each piece of text itself (`markupsafe.escape`) and joins the pieces with tags it
writes. Highlights overlap (a place inside a claim, a claim across a removed caption), so the
markup is built from the spans' boundaries: between two boundaries the open spans are known,
and a span that crosses another is closed and reopened around it, so the HTML always nests.
Only text pieces are wrapped in links (the innermost span with a link wins), so links never
nest either.

Offsets of mentions, claims and events are into the document's `text`; the page shows
`full_text` so the removed spans can be seen, struck through with their reason. A mark's id is
`span-<start>-<end>` in `text` offsets, the same offsets every evidence record carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from docket.model import Document


@dataclass(frozen=True)
class Highlight:
    """One span to show: where (in `full_text`), which tag, and what it links to."""

    start: int
    end: int
    tag: str  # "mark" or "del"
    classes: str
    title: str = ""
    href: str | None = None
    ident: str | None = None  # the element id, on the first piece only
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes, on every piece


def _open_tag(h: Highlight, first: bool) -> str:
    attrs = [f'class="{escape(h.classes)}{"" if first else " cont"}"']
    if first and h.ident:
        attrs.append(f'id="{escape(h.ident)}"')
    if h.title:
        attrs.append(f'title="{escape(h.title)}"')
    attrs.extend(f'data-{escape(k)}="{escape(v)}"' for k, v in h.data)
    return f"<{h.tag} {' '.join(attrs)}>"


def render_spans(text: str, highlights: Iterable[Highlight]) -> Markup:
    """`text` as escaped HTML with each highlight's tag around its span, properly nested."""
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    # Longer spans open first at a shared start, so they are the outer elements.
    spans.sort(key=lambda h: (h.start, -h.end))
    bounds = sorted({0, len(text)} | {h.start for h in spans} | {h.end for h in spans})
    opening: dict[int, list[Highlight]] = {}
    for h in spans:
        opening.setdefault(h.start, []).append(h)
    out: list[str] = []
    stack: list[Highlight] = []
    for i, pos in enumerate(bounds):
        _close_ending(stack, pos, out)
        for h in opening.get(pos, ()):
            out.append(_open_tag(h, first=True))
            stack.append(h)
        if i + 1 < len(bounds):
            out.append(_text_piece(text[pos:bounds[i + 1]], stack))
    out.extend(f"</{h.tag}>" for h in reversed(stack))
    return Markup("".join(out))


def _close_ending(stack: list[Highlight], pos: int, out: list[str]) -> None:
    """Close the spans that end at `pos`; reopen those closed only because they were inside."""
    if not any(h.end <= pos for h in stack):
        return
    reopen: list[Highlight] = []
    while any(h.end <= pos for h in stack):
        h = stack.pop()
        out.append(f"</{h.tag}>")
        if h.end > pos:
            reopen.append(h)
    for h in reversed(reopen):
        out.append(_open_tag(h, first=False))
        stack.append(h)


def _text_piece(piece: str, stack: Sequence[Highlight]) -> str:
    href = next((h.href for h in reversed(stack) if h.href), None)
    if href is None:
        return str(escape(piece))
    return f'<a href="{escape(href)}">{escape(piece)}</a>'


# -- a document's highlights ----------------------------------------------------------------


def _full_span(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """A `text` span in `full_text` offsets; None when it is not inside the text."""
    if not 0 <= start < end <= len(doc.text):
        return None
    # The end maps through its last character, so a span ending just before a removed stretch
    # does not swallow it.
    return doc.text_to_full(start), doc.text_to_full(end - 1) + 1


class _Ids:
    """Hands out `span-<start>-<end>` ids, each once: the first highlight of a span gets it."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, start: int, end: int) -> str | None:
        ident = f"span-{start}-{end}"
        if ident in self.used:
            return None
        self.used.add(ident)
        return ident


def document_highlights(
    doc: Document,
    claims: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    incident_of: Mapping[str, str],
    target: tuple[int, int] | None = None,
) -> list[Highlight]:
    """Marks for the target span, claims, events, mentions, and the removed furniture."""
    ids = _Ids()
    out: list[Highlight] = []

    def add(start: int, end: int, classes: str, title: str, href: str | None) -> None:
        full = _full_span(doc, start, end)
        if full is not None:
            out.append(Highlight(full[0], full[1], "mark", classes, title, href,
                                 ids.take(start, end)))

    if target is not None:
        add(target[0], target[1], "target", "the words this link points to", None)
    for c in claims:
        content = c["content"]
        status = c["verification"]["status"]
        add(content["start"], content["end"], f"claim verification-{status}",
            f"claim ({c['kind']}, {c['modality']}, verification: {status})",
            f"#claim-{c['id']}")
    for e in events:
        trigger = e["trigger"]
        incident = incident_of.get(e["id"])
        href = f"/incidents/{quote(incident, safe='')}" if incident else f"#event-{e['id']}"
        add(trigger["start"], trigger["end"], f"event cat-{e['category']}",
            f"event: {e['category']} ({e['modality']})", href)
    for m in doc.mentions:
        if m.kind == "time":
            add(m.start, m.end, "mention kind-time",
                f"time: {m.attributes.get('value') or 'unresolved'}", None)
        else:
            latin = m.attributes.get("latin")
            shown = f"{m.name} ({latin})" if latin and latin != m.name else m.name
            add(m.start, m.end, f"mention kind-{m.kind}", f"{m.kind}: {shown}",
                f"/entities/{quote(m.entity_id, safe='')}")
    for span in doc.removed:
        out.append(Highlight(span.start, span.end, "del", f"removed reason-{span.reason}",
                             f"removed as {span.reason} by {span.rule}",
                             data=(("reason", span.reason),)))
    return out


def document_html(
    doc: Document,
    claims: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    incident_of: Mapping[str, str],
    target: tuple[int, int] | None = None,
) -> Markup:
    """The document's `full_text`, escaped, with its highlights and struck-through furniture."""
    return render_spans(doc.full_text,
                        document_highlights(doc, claims, events, incident_of, target))
