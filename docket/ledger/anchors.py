"""Anchors: what a judgement holds on to when the records it names are derived again.

Record ids are derived: an event's from its document and trigger, an incident's from its
smallest event, a story's from its documents. Better extraction, a new copy of an article, or
an analyst's own merge gives the same happening another id. A judgement therefore keeps, next
to the id it was given, the anchors of the records it names, taken when it was recorded:

    document                  [document_id]
    event, claim, entity      [document_id, start, end, text] for each trigger, claim span or
                              mention (an entity keeps at most MAX_SPANS of its mentions)
    story                     its documents, [document_id] each
    incident                  the trigger spans of its events

and every read re-attaches it to the record that now covers most of those anchors
(`Resolver.resolve`). A span finds the current record that overlaps it; failing that, for an
event, the one whose sentence holds it, then one with the same trigger words in the same
document (text that moved when a restored line shifted the offsets). A judgement none of
whose anchors finds a record is orphaned, with the reason, never dropped.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Anchor = list[Any]  # [document_id] or [document_id, start, end, text]

MAX_SPANS = 50  # anchors kept per entity or incident: enough to find it again, bounded
_KIND_NAMES = {"doc": "document", "evt": "event", "clm": "claim", "ent": "entity",
               "sty": "story", "inc": "incident"}


@dataclass(frozen=True)
class Resolution:
    """Where a judgement's record is now: `current`, or None with the `reason`."""

    current: str | None
    found: int = 0  # anchors that found a record
    anchors: int = 0
    reason: str | None = None


def anchors_of(conn: sqlite3.Connection, record_id: str) -> list[Anchor]:
    """The anchors of a record as the ledger holds it now (empty when it holds none)."""
    prefix = record_id.split("_", 1)[0]
    if prefix == "doc":
        row = conn.execute("SELECT 1 FROM document WHERE id = ?", (record_id,)).fetchone()
        return [[record_id]] if row else []
    if prefix == "evt":
        return _event_anchors(conn, [record_id])
    if prefix == "clm":
        row = conn.execute("SELECT document_id, start, end, record FROM claim WHERE id = ?",
                           (record_id,)).fetchone()
        if row is None:
            return []
        text = (json.loads(row["record"]).get("content") or {}).get("text", "")
        return [[row["document_id"], row["start"], row["end"], text[:200]]]
    if prefix == "ent":
        return [[r[0], r[1], r[2], r[3]] for r in conn.execute(
            "SELECT document_id, start, end, text FROM mention WHERE entity_id = ? "
            "ORDER BY document_id, start LIMIT ?", (record_id, MAX_SPANS))]
    if prefix == "sty":
        return [[r[0]] for r in conn.execute(
            "SELECT document_id FROM story_member WHERE story_id = ? ORDER BY 1", (record_id,))]
    if prefix == "inc":
        events = [r[0] for r in conn.execute(
            "SELECT event_id FROM incident_member WHERE incident_id = ? ORDER BY 1",
            (record_id,))]
        return _event_anchors(conn, events)[:MAX_SPANS]
    return []


def _event_anchors(conn: sqlite3.Connection, event_ids: Sequence[str]) -> list[Anchor]:
    out: list[Anchor] = []
    for event_id in event_ids:
        row = conn.execute("SELECT document_id, record FROM event WHERE id = ?",
                           (event_id,)).fetchone()
        if row is None:  # a mention joined into another happening's record
            row = conn.execute(
                "SELECT event.document_id, event.record FROM event, "
                "json_each(event.record, '$.mentions') AS m "
                "WHERE json_extract(m.value, '$.id') = ? LIMIT 1", (event_id,)).fetchone()
        if row is None:
            continue
        for trigger in _triggers(json.loads(row["record"])):
            out.append([row["document_id"], trigger[0], trigger[1], trigger[2]])
    return out


def _triggers(record: dict[str, Any]) -> list[tuple[int, int, str, int, int]]:
    """(start, end, text, sentence start, sentence end) of each mention's trigger."""
    mentions = record.get("mentions") or [{"trigger": record.get("trigger"),
                                           "sentence": None}]
    out = []
    for m in mentions:
        trigger, sentence = m.get("trigger") or {}, m.get("sentence") or {}
        if "start" in trigger:
            out.append((int(trigger["start"]), int(trigger["end"]), str(trigger.get("text", "")),
                        int(sentence.get("start", trigger["start"])),
                        int(sentence.get("end", trigger["end"]))))
    return out


class Resolver:
    """Finds the records that cover anchors now; caches per document, so build one per read."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._events: dict[str, list[tuple[str, list[tuple[int, int, str, int, int]]]]] = {}
        self._documents: dict[str, bool] = {}

    # -- one anchor -> one record ---------------------------------------------------------

    def document(self, doc_id: str) -> str | None:
        if doc_id not in self._documents:
            self._documents[doc_id] = self.conn.execute(
                "SELECT 1 FROM document WHERE id = ?", (doc_id,)).fetchone() is not None
        return doc_id if self._documents[doc_id] else None

    def event(self, anchor: Anchor) -> str | None:
        """The current event whose trigger overlaps the span, else whose sentence holds it,
        else with the same trigger words nearest to it in the same document."""
        if len(anchor) < 4:
            return None
        doc, start, end, text = anchor[0], int(anchor[1]), int(anchor[2]), str(anchor[3])
        events = self._events_in(doc)
        for event_id, triggers in events:
            if any(s < end and start < e for s, e, _, _, _ in triggers):
                return event_id
        for event_id, triggers in events:
            if any(ss <= start and end <= se for _, _, _, ss, se in triggers):
                return event_id
        near = [(abs(s - start), event_id) for event_id, triggers in events
                for s, _, t, _, _ in triggers if text and t == text]
        return min(near)[1] if near else None

    def _events_in(self, doc: str) -> list[tuple[str, list[tuple[int, int, str, int, int]]]]:
        if doc not in self._events:
            self._events[doc] = [
                (row[0], _triggers(json.loads(row[1]))) for row in self.conn.execute(
                    "SELECT id, record FROM event WHERE document_id = ? ORDER BY start, id",
                    (doc,))]
        return self._events[doc]

    def claim(self, anchor: Anchor) -> str | None:
        if len(anchor) < 4:
            return None
        row = self.conn.execute(
            "SELECT id FROM claim WHERE document_id = ? AND start < ? AND end > ? "
            "ORDER BY abs(start - ?), id LIMIT 1",
            (anchor[0], anchor[2], anchor[1], anchor[1])).fetchone()
        return None if row is None else str(row[0])

    def entity(self, anchor: Anchor) -> str | None:
        if len(anchor) < 4:
            return None
        row = self.conn.execute(
            "SELECT entity_id FROM mention WHERE document_id = ? AND start < ? AND end > ? "
            "AND entity_id IS NOT NULL ORDER BY abs(start - ?) LIMIT 1",
            (anchor[0], anchor[2], anchor[1], anchor[1])).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT entity_id FROM mention WHERE document_id = ? AND text = ? "
                "AND entity_id IS NOT NULL ORDER BY abs(start - ?) LIMIT 1",
                (anchor[0], anchor[3], anchor[1])).fetchone()
        return None if row is None else str(row[0])

    def story(self, anchor: Anchor) -> str | None:
        row = self.conn.execute("SELECT story_id FROM story_member WHERE document_id = ?",
                                (anchor[0],)).fetchone()
        return None if row is None else str(row[0])

    def incident(self, anchor: Anchor) -> str | None:
        event_id = self.event(anchor)
        if event_id is None:
            return None
        row = self.conn.execute("SELECT incident_id FROM incident_member WHERE event_id = ?",
                                (event_id,)).fetchone()
        return None if row is None else str(row[0])

    # -- a judgement's record ---------------------------------------------------------------

    def resolve(self, record_id: str, anchors: Sequence[Anchor] | None) -> Resolution:
        """The record that now covers most of the anchors (the named id when it ties)."""
        prefix = record_id.split("_", 1)[0]
        kind = _KIND_NAMES.get(prefix, "record")
        if not anchors:  # recorded before anchors were kept: by its id alone
            return self._by_id(record_id, kind)
        find = {"doc": lambda a: self.document(a[0]), "evt": self.event,
                "clm": self.claim, "ent": self.entity, "sty": self.story,
                "inc": self.incident}.get(prefix)
        if find is None:
            return Resolution(None, reason=f"{record_id} is not a record a judgement can name")
        votes: Counter[str] = Counter()
        for anchor in anchors:
            current = find(anchor)
            if current is not None:
                votes[current] += 1
        if not votes:
            documents = sorted({str(a[0]) for a in anchors})
            gone = [d for d in documents if self.document(d) is None]
            if gone and len(gone) == len(documents):
                why = f"its document{'s are' if len(gone) > 1 else ' is'} no longer in the " \
                      f"ledger ({', '.join(gone[:3])})"
            else:
                why = f"no {kind} in its document{'s' if len(documents) > 1 else ''} covers " \
                      f"the words it was made on any more"
            return Resolution(None, 0, len(anchors), why)
        best = max(votes, key=lambda r: (votes[r], r == record_id, r))
        return Resolution(best, sum(votes.values()), len(anchors))

    def _by_id(self, record_id: str, kind: str) -> Resolution:
        from docket.ledger.store import RECORD_TABLES

        table = RECORD_TABLES.get(record_id.split("_", 1)[0])
        if table is not None and self.conn.execute(
                f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone() is not None:
            return Resolution(record_id, 1, 1)
        if table == "event":
            anchors = _event_anchors(self.conn, [record_id])
            if anchors:
                return self.resolve(record_id, anchors)
        return Resolution(None, 0, 1, f"the {kind} is no longer in the ledger")

    def members(self, record_id: str, anchors: Sequence[Anchor] | None) -> list[str]:
        """For a story or an incident: the current documents or events its anchors stand on
        (a pair judgement between clusters is applied between their members)."""
        prefix = record_id.split("_", 1)[0]
        found = [self.document(a[0]) if prefix == "sty" else self.event(a)
                 for a in anchors or ()]
        return list(dict.fromkeys(f for f in found if f is not None))


def stored_anchors(value: str | None) -> dict[str, list[Anchor]]:
    """A judgement row's `anchors` column, read defensively (NULL before schema v10)."""
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def dump_anchors(subject: Iterable[Anchor], obj: Iterable[Anchor] | None) -> str:
    out: dict[str, list[Anchor]] = {"subject": list(subject)}
    if obj is not None:
        out["object"] = list(obj)
    return json.dumps(out, ensure_ascii=False)
