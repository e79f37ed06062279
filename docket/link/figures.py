"""Figures that copies of one report give differently, read sentence by sentence.

Event-by-event comparison (`contradictions.py`) sees only the counts an event carries. A
translation chain garbles any number: "about 40 people were taken out" in one rendering,
"about 40,000" in the next, whether or not a rule made an event of that sentence. So the copies
of a story are also compared as texts:

1. each copy is cut into sentences (a plain splitter: the link step never parses);
2. the sentences of each copy are aligned with those of the story's first copy by the words
   they share (content words cut to their first five letters, so that "organised" and
   "organized", "evacuated" and "evacuation" meet across renderings), keeping only pairs that
   are each other's best match above `ALIGN_MIN`;
3. in an aligned pair, the counts (`docket.extract.numbers`) are paired by the noun they count
   ("40 people" with "40,000 people"), or, when each sentence has one count of nothing named,
   with each other. A pair disagrees by the count test of `contradictions.counts_disagree`
   (ranges that do not overlap, or two orders of magnitude apart).

Counts of different things never pair, so a part and its whole ("two men" among "four killed")
are no contradiction; neither are counts in sentences that do not align. Each contradiction
names the events whose sentences hold the figures (else the copy's nearest event), so it is
stored and re-derived with them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docket.errors import DocumentTimeout
from docket.extract.numbers import Count, find_counts
from docket.ingest.limits import time_limit
from docket.link.contradictions import Contradiction, counts_disagree
from docket.model import stable_id

ALIGN_MIN = 0.4  # share of content words two sentences must have in common to align
PREFIX = 5  # letters a content word is cut to before comparing
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(re.findall(r"\w+", """
the and that this with from were was are has have had for not but which who whom their there
they them its his her she him our your into onto over under after before said says told
than then also been being will would could should about some more most other such only
"""))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`: ends at . ! ? … (closing quotes kept) or a line break."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _bag(text: str) -> frozenset[str]:
    return frozenset(w.lower()[:PREFIX] for w in _WORD.findall(text)
                     if w.lower() not in _STOP)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def align(a: str, b: str) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Pairs of sentence spans (in `a`, in `b`) that are each other's best match."""
    sa, sb = sentences(a), sentences(b)
    bags_a = [_bag(a[s:e]) for s, e in sa]
    bags_b = [_bag(b[s:e]) for s, e in sb]
    index: dict[str, list[int]] = defaultdict(list)  # word -> sentences of b, so no n x m scan
    for j, bag in enumerate(bags_b):
        for word in bag:
            index[word].append(j)
    best_b: dict[int, tuple[float, int]] = {}
    best_a: dict[int, tuple[float, int]] = {}
    for i, bag in enumerate(bags_a):
        for j in {j for w in bag for j in index.get(w, ())}:
            score = _overlap(bag, bags_b[j])
            if score >= ALIGN_MIN:
                if score > best_b.get(i, (0.0, -1))[0]:
                    best_b[i] = (score, j)
                if score > best_a.get(j, (0.0, -1))[0]:
                    best_a[j] = (score, i)
    return [(sa[i], sb[j], score) for i, (score, j) in sorted(best_b.items())
            if best_a.get(j, (0.0, -1))[1] == i]


def _noun(c: Count) -> str:
    return (c.counted or "").lower().rstrip("s")


def paired_counts(a: str, span_a: tuple[int, int], b: str,
                  span_b: tuple[int, int]) -> list[tuple[Count, Count]]:
    """Counts of the same thing in two aligned sentences."""
    ca = [c for c in find_counts(a, *span_a) if c.value is not None]
    cb = [c for c in find_counts(b, *span_b) if c.value is not None]
    by_a: dict[str, list[Count]] = defaultdict(list)
    by_b: dict[str, list[Count]] = defaultdict(list)
    for c in ca:
        by_a[_noun(c)].append(c)
    for c in cb:
        by_b[_noun(c)].append(c)
    pairs = []
    for noun, found in by_a.items():
        other = by_b.get(noun, [])
        if noun and len(found) == 1 and len(other) == 1:
            pairs.append((found[0], other[0]))
    if len(ca) == 1 and len(cb) == 1 and not _noun(ca[0]) and not _noun(cb[0]):
        pairs.append((ca[0], cb[0]))
    return pairs


def _event_at(events: Sequence[Mapping[str, Any]], offset: int) -> Mapping[str, Any] | None:
    """The event whose evidence holds `offset`, else the nearest by its first sentence."""
    holding = [e for e in events if any(s.get("start", 0) <= offset < s.get("end", -1)
                                        for s in e.get("evidence") or ())]
    if holding:
        return holding[0]
    return min(events, key=lambda e: abs(((e.get("evidence") or [{}])[0].get("start") or 0)
                                         - offset), default=None)


@dataclass(frozen=True)
class FigureComparison:
    """What comparing the copies' figures found, and the copies it could not compare in time
    (document id -> reason)."""

    contradictions: list[Contradiction]
    not_compared: dict[str, str] = field(default_factory=dict)


def figure_contradictions(texts: Mapping[str, str], story_of: Mapping[str, str],
                          events: Sequence[Mapping[str, Any]]) -> list[Contradiction]:
    """Figures that the copies of each story give differently in aligned sentences."""
    return compare_figures(texts, story_of, events).contradictions


def compare_figures(texts: Mapping[str, str], story_of: Mapping[str, str],
                    events: Sequence[Mapping[str, Any]], *,
                    seconds: float = 0.0) -> FigureComparison:
    """`figure_contradictions`, each copy's comparison with its story's first copy bounded
    by `seconds` (0: no limit; see docket/ingest/limits.py `time_limit`). Aligning two long
    copies is the one text-sized piece of work here: a copy over the limit is left out of the
    comparison and named with the reason, and the other copies are compared as usual."""
    by_story: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(texts):
        by_story[story_of.get(doc, doc)].append(doc)
    events_of: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        events_of[e["document"]].append(e)
    found: dict[str, Contradiction] = {}
    not_compared: dict[str, str] = {}
    for _, docs in sorted(by_story.items()):
        if len(docs) < 2:
            continue
        first = docs[0]  # every copy is read against one: the cost stays linear in copies
        for other in docs[1:]:
            try:
                with time_limit(seconds, "comparing its figures with its story's first copy"):
                    compared = _compare(first, other, texts, events_of)
            except DocumentTimeout as exc:
                not_compared[other] = str(exc)
                continue
            for c in compared:
                found.setdefault(c.id, c)
    return FigureComparison([found[k] for k in sorted(found)], not_compared)


def _compare(a: str, b: str, texts: Mapping[str, str],
             events_of: Mapping[str, list[Mapping[str, Any]]]) -> list[Contradiction]:
    out = []
    ta, tb = texts[a], texts[b]
    for span_a, span_b, score in align(ta, tb):
        for x, y in paired_counts(ta, span_a, tb, span_b):
            rule = counts_disagree((x.value or 0, x.qualifier), (y.value or 0, y.qualifier))
            if rule is None:
                continue
            ea, eb = _event_at(events_of.get(a, []), x.start), _event_at(events_of.get(b, []),
                                                                        y.start)
            if ea is None or eb is None:
                continue  # stored with events: a copy without any has nowhere to hang it
            values = tuple({"count": c.value, "qualifier": c.qualifier, "text": c.text}
                           for c in (x, y))
            evidence = ({"document": a, "start": x.start, "end": x.end, "text": x.text},
                        {"document": b, "start": y.start, "end": y.end, "text": y.text})
            out.append(Contradiction(
                stable_id("con", "figure", a, str(x.start), b, str(y.start)), "figure",
                (a, b), (str(ea["id"]), str(eb["id"])), values, evidence, "story",
                f"copies of one report give different figures in matching sentences: "
                f"{x.text!r} ({a}) vs {y.text!r} ({b})",
                f"{rule};sentences_aligned({score:.2f})"))
    return out
