"""Score the claim and event stages against hand-annotated articles (docs/eval.md).

The gold format is JSON Lines, one article per line:

    {"id": "a1", "text": "...", "published": "2023-04-12",
     "events": [{"category": "shelling", "perpetrator_side": "Russia", "victims_status":
                 "civilians", "victims_count": 3, "fatalities": 3, "place": "Kramatorsk",
                 "date": "2023-04-12", "verification": "unverified", "modality": "reported"}],
     "claims": [{"source": "the governor", "cue": "said", "content": "three people died"}]}

Every event field but `category` is optional: a field absent from the gold is not scored.
Predicted events are matched to gold events of one article greedily: first the same category,
then the same ACLED sub-event type, then any left over; detection counts only category matches.
Claims match when their contents share at least half their words (Jaccard over lower-cased
words), the overlap measure of bench/polnear.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docket.errors import InputError
from docket.evaluate import Table
from docket.model import Document, Event, PublishedDate

# Gold field -> how to read the same value off a predicted event.
EVENT_FIELDS: dict[str, Callable[[Event], Any]] = {
    "sub_event_type": lambda e: e.sub_event_type,
    "perpetrator_side": lambda e: e.perpetrator.side,
    "victims_status": lambda e: e.victims.status,
    "victims_count": lambda e: e.victims.count,
    "fatalities": lambda e: e.fatalities,
    "place": lambda e: (e.location.name, e.location.text) if e.location else None,
    "date": lambda e: (e.date.attributes.get("value") if e.date else None),
    "verification": lambda e: e.verification.status,
    "modality": lambda e: e.modality,
    "aggregate": lambda e: e.aggregate,
}
CLAIM_PARTS = ("source", "cue", "content")


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    published: PublishedDate | None
    events: tuple[dict[str, Any], ...]
    claims: tuple[dict[str, Any], ...]


def read_gold(path: Path) -> Iterator[GoldArticle]:
    """Articles of a gold file; a malformed line stops with its line number."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                published = item.get("published")
                yield GoldArticle(
                    str(item["id"]), str(item["text"]),
                    PublishedDate(published, "day", "gold") if published else None,
                    tuple(item.get("events", ())), tuple(item.get("claims", ())))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a gold article ({exc})") from exc


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def overlaps(a: str, b: str, threshold: float = 0.5) -> bool:
    wa, wb = words(a), words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= threshold


def _same_value(field: str, gold: Any, predicted: Any) -> bool:
    if field == "place":  # the gazetteer's name or the words as written
        return predicted is not None and str(gold).casefold() in {
            str(p).casefold() for p in predicted}
    if field == "date":
        return predicted is not None and str(predicted).startswith(str(gold))
    return bool(gold == predicted)


def match_events(gold: Sequence[dict[str, Any]],
                 predicted: Sequence[Event]) -> list[tuple[dict[str, Any], Event | None]]:
    """Pair each gold event with at most one predicted event (see the module docstring)."""
    from docket.extract.taxonomy import category as category_of

    free = list(predicted)
    pairs: list[tuple[dict[str, Any], Event | None]] = []
    for g in gold:
        sub = category_of(g["category"]).sub_event_type
        found = (next((e for e in free if e.category == g["category"]), None)
                 or next((e for e in free if e.sub_event_type == sub), None)
                 or (free[0] if free else None))
        if found is not None:
            free.remove(found)
        pairs.append((g, found))
    return pairs


def score_articles(path: Path, analyse: Callable[[GoldArticle], Document] | None = None,
                   limit: int | None = None) -> list[Table]:
    """Event detection, each event field, and claims, against a gold file."""
    analyse = analyse or _analyse
    gold_events = predicted_events = detected = 0
    fields: dict[str, list[int]] = {name: [0, 0] for name in EVENT_FIELDS}
    claim_counts = {"gold": 0, "predicted": 0, **{part: 0 for part in CLAIM_PARTS},
                    "whole": 0}
    for number, article in enumerate(read_gold(path)):
        if limit is not None and number >= limit:
            break
        doc = analyse(article)
        events = [e for e in doc.events if e.category != "unclassified"]
        gold_events += len(article.events)
        predicted_events += len(events)
        for g, e in match_events(article.events, events):
            detected += e is not None and e.category == g["category"]
            for name, read in EVENT_FIELDS.items():
                if name in g:
                    fields[name][0] += 1
                    fields[name][1] += e is not None and _same_value(name, g[name], read(e))
        _score_claims(article.claims, doc, claim_counts)
    precision = detected / predicted_events if predicted_events else 0.0
    recall = detected / gold_events if gold_events else 0.0
    return [
        Table("events: detection (same category)", ("gold", "predicted", "matched", "P",
                                                          "R", "F1"),
                   ((str(gold_events), str(predicted_events), str(detected), f"{precision:.3f}",
                     f"{recall:.3f}", f"{_f1(precision, recall):.3f}"),)),
        Table("events: fields, over gold events that state them",
                   ("field", "gold", "correct", "accuracy"),
                   tuple((name, str(n), str(ok), f"{ok / n:.3f}")
                         for name, (n, ok) in fields.items() if n)),
        _claims_table(claim_counts),
    ]


def _score_claims(gold: Sequence[dict[str, Any]], doc: Document, counts: dict[str, int]) -> None:
    free = list(doc.claims)
    counts["gold"] += len(gold)
    counts["predicted"] += len(free)
    for g in gold:
        found = next((c for c in free if overlaps(g["content"], c.content.text)), None)
        if found is None:
            continue
        free.remove(found)
        counts["content"] += 1
        parts_ok = True
        for part in ("source", "cue"):
            span = getattr(found, part)
            ok = (span is None and not g.get(part)) or (
                span is not None and bool(g.get(part)) and overlaps(g[part], span.text))
            counts[part] += ok
            parts_ok &= ok
        counts["whole"] += parts_ok


def _claims_table(counts: dict[str, int]) -> Table:
    rows = []
    for part in (*CLAIM_PARTS, "whole"):
        p = counts[part] / counts["predicted"] if counts["predicted"] else 0.0
        r = counts[part] / counts["gold"] if counts["gold"] else 0.0
        rows.append((part, str(counts["gold"]), str(counts["predicted"]), str(counts[part]),
                     f"{p:.3f}", f"{r:.3f}", f"{_f1(p, r):.3f}"))
    return Table("claims (word overlap >= 0.5)",
                      ("part", "gold", "predicted", "matched", "P", "R", "F1"), tuple(rows))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _analyse(article: GoldArticle) -> Document:
    from docket.extract import analyse_text

    return analyse_text(article.text, article.published, doc_id=f"gold_{article.id}")
