"""Several complete stories on one page: find where each further story starts.

A news feed page, a digest or a copied live page can carry several full articles one after the
other. Each further story becomes its own document (`segment_of` the page's principal
document); the principal document keeps the first story, and the others are removed from its
text with the reason `segment`, so no story leaks into another.

A subhead inside one article looks like a headline too, so a story start needs more than a
headline-shaped line: the line must be followed, before the next prose line, by the signs of a
new article (a date header or byline that the furniture stage removed, a 'Published …' line),
or by a lede that opens with a dateline ('KYIV, March 14 —'). A teaser (headline plus a cut
paragraph) is not a complete story: each segment needs `MIN_STORY_WORDS` words of kept text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docket.model import Span

MIN_STORY_WORDS = 80
STORY_SIGNS = frozenset({"date_header", "byline_desk", "read_time"})
_DATELINE = re.compile(
    r"^[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’ .-]{1,40}(?:,\s[^—–\n]{1,40})?\s?(?:\([^)]{1,30}\)\s?)?[—–-]\s"
)
_PUBLISHED = re.compile(r"^(?:published|posted|updated|опубліковано|опубликовано)\b", re.I)
_WORD = re.compile(r"\w+")
_SCAN_AHEAD = 4  # lines after a headline in which the signs of a new article must appear
_MAX_HEADLINE_WORDS = 25


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    removed: str | None  # reason, when a removed span covers the line


def _lines(full_text: str, removed: Sequence[Span]) -> list[_Line]:
    out, pos = [], 0
    spans = sorted(removed, key=lambda s: s.start)
    j = 0
    for raw in full_text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip():
            continue
        while j < len(spans) and spans[j].end <= start:
            j += 1
        reason = None
        if j < len(spans) and spans[j].start <= start and spans[j].end >= end:
            reason = spans[j].reason
        out.append(_Line(start, end, raw, reason))
    return out


def _headline_like(text: str) -> bool:
    words = _WORD.findall(text)
    if not 2 <= len(words) <= _MAX_HEADLINE_WORDS:
        return False
    if text.rstrip().endswith((".", ",", ";", ":")):
        return False
    first = text.lstrip("\"'“‘«([")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _prose(text: str) -> bool:
    return len(_WORD.findall(text)) >= 12 and text.rstrip().endswith(
        (".", "!", "?", "”", "\"", "»", "’", ")"))


def _starts_story(lines: list[_Line], i: int) -> bool:
    """A kept headline-like line followed by the signs of a new article."""
    for nxt in lines[i + 1 : i + 1 + _SCAN_AHEAD]:
        if nxt.removed in STORY_SIGNS or _PUBLISHED.match(nxt.text):
            return True
        if nxt.removed is None:
            return bool(_DATELINE.match(nxt.text)) and _prose(nxt.text)
    return False


def find_segments(full_text: str, removed: Sequence[Span] = ()) -> list[tuple[int, int]]:
    """Character ranges of `full_text` holding the second, third … complete stories.

    Empty when the page holds one story. Ranges run from a story's headline to the start of the
    next story (or the end of the text) and do not overlap.
    """
    lines = _lines(full_text, removed)
    starts = [i for i, line in enumerate(lines)
              if line.removed is None and _headline_like(line.text) and _starts_story(lines, i)]
    if not starts:
        return []
    if starts[0] != next((i for i, line in enumerate(lines) if line.removed is None), -1):
        starts = [0, *starts]  # the text before the first marked story is the principal one
    bounds = [*starts, len(lines)]
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        words = sum(len(_WORD.findall(line.text)) for line in lines[a:b] if line.removed is None)
        pieces.append((a, b, words))
    complete = [p for p in pieces if p[2] >= MIN_STORY_WORDS]
    if len(complete) < 2 or len(complete) != len(pieces):
        # A short piece between stories would be orphaned: rather than guess where it belongs,
        # keep the page whole. (Teasers are the furniture stage's job: 'other_story'.)
        return []
    ranges = []
    for a, b, _ in pieces[1:]:
        end = lines[b].start if b < len(lines) else len(full_text)
        ranges.append((lines[a].start, end))
    return ranges
