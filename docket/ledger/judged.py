"""Analysts' judgements as they apply to the ledger now.

Each judgement row names records by the ids they had when it was made, with their anchors
(docket/ledger/anchors.py). `apply_judgements` re-attaches every row to the records that
cover those anchors now, and says why when none does. The ledger's read functions take the
reviews and edits from here, keyed by the current ids, so the CLI, the workbench and every
export show an analyst's decision on whatever record now stands for what they judged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docket.ledger.anchors import Anchor, Resolution, Resolver, anchors_of, stored_anchors
from docket.model import REVIEW_STATUS


@dataclass(frozen=True)
class Applied:
    """One judgement row and where it applies now."""

    row: sqlite3.Row
    subject: Resolution
    object: Resolution | None
    not_applied: str | None = None  # why a judgement whose records exist has no effect

    @property
    def kind(self) -> str:
        return str(self.row["kind"])

    @property
    def orphan_reason(self) -> str | None:
        """Why this judgement no longer applies, or None when it does."""
        for label, res in (("", self.subject), ("the second record: ", self.object)):
            if res is not None and res.current is None:
                return f"{label}{res.reason}"
        return self.not_applied

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(r.current for r in (self.subject, self.object)
                     if r is not None and r.current is not None)


def apply_judgements(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row]) -> list[Applied]:
    """Every row re-attached to the current records (see the module docstring)."""
    resolver = Resolver(conn)
    out = []
    for row in rows:
        anchors = _anchors(conn, row)
        subject = resolver.resolve(row["subject"], anchors.get("subject"))
        obj = resolver.resolve(row["object"], anchors.get("object")) if row["object"] else None
        out.append(Applied(row, subject, obj, _no_effect(conn, row, subject, obj)))
    return out


def _anchors(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, list[Anchor]]:
    """The row's anchors; for a row from before anchors were kept, the story or incident
    members its value recorded stand in for them."""
    anchors = stored_anchors(row["anchors"])
    if anchors or not row["value"]:
        return anchors
    prefix = str(row["subject"]).split("_", 1)[0]
    if prefix not in ("sty", "inc"):
        return {}
    try:
        members = json.loads(row["value"]).get("members") or []
    except (ValueError, AttributeError):
        return {}
    def of(member: str) -> list[Anchor]:
        return [[member]] if prefix == "sty" else anchors_of(conn, member)

    out = {"subject": of(members[0])} if members else {}
    if len(members) > 1:
        out["object"] = of(members[1])
    return out


def _no_effect(conn: sqlite3.Connection, row: sqlite3.Row, subject: Resolution,
               obj: Resolution | None) -> str | None:
    """Why a pair judgement between records that exist changes nothing."""
    if row["kind"] != "same" or obj is None or not subject.current or not obj.current:
        return None
    if subject.current.startswith("inc_"):
        for current in (subject.current, obj.current):
            if aggregate_incident(conn, current):
                return (f"{current} is an aggregate statistic, which is never joined to single "
                        "incidents: correct its figures with an edit instead")
    return None


def aggregate_incident(conn: sqlite3.Connection, incident_id: str) -> bool:
    """Whether the incident is an aggregate statistic (a total, never joined to others)."""
    return conn.execute(
        "SELECT 1 FROM incident_member m JOIN event e ON e.id = m.event_id "
        "WHERE m.incident_id = ? AND e.aggregate = 1 LIMIT 1", (incident_id,)).fetchone() \
        is not None


def reviews(applied: Sequence[Applied]) -> dict[str, dict[str, Any]]:
    """The latest confirm/reject of each current record."""
    out: dict[str, dict[str, Any]] = {}
    for a in applied:  # oldest first: the latest one stays
        if a.kind in REVIEW_STATUS and a.subject.current is not None:
            out[a.subject.current] = {
                "status": REVIEW_STATUS[a.kind], "by": a.row["by"], "why": a.row["why"],
                "at": a.row["at"], "judgement": a.row["id"]}
    return out


def edits(applied: Sequence[Applied]) -> dict[str, list[dict[str, Any]]]:
    """Field edits per current record, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for a in applied:
        if a.kind != "edit" or a.subject.current is None:
            continue
        change = json.loads(a.row["value"] or "{}")
        out.setdefault(a.subject.current, []).append(
            {"field": a.row["field"], "before": change.get("before"),
             "after": change.get("after"), "by": a.row["by"], "why": a.row["why"],
             "at": a.row["at"], "judgement": a.row["id"]})
    return out


def entity_pairs(applied: Sequence[Applied], kind: str) -> dict[str, set[str]]:
    """Entity id -> the entities an analyst judged `kind` ("same" or "different") with it;
    `same` is closed over (A same B, B same C: all three are one)."""
    edges = [a.targets for a in applied if a.kind == kind and not a.orphan_reason
             and len(a.targets) == 2 and a.targets[0].startswith("ent_")]
    out: dict[str, set[str]] = {}
    for x, y in edges:
        out.setdefault(x, set()).add(y)
        out.setdefault(y, set()).add(x)
    if kind == "same":
        for start in list(out):
            seen, todo = {start}, [start]
            while todo:
                for nxt in out.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            out[start] = seen - {start}
    return out


def pairs(applied: Sequence[Applied], kind: str, prefix: str,
          resolver: Resolver) -> list[tuple[str, str]]:
    """Analysts' `kind` edges between current documents (prefix "doc") or events ("evt").

    A judgement between two stories (incidents) stands for every document (event) each had
    when it was made: `same` ties all of them together, so the machine cannot pull one of
    them out of the merge; `different` keeps each of one apart from each of the other."""
    group = {"doc": "sty", "evt": "inc"}[prefix]
    out = []
    for a in applied:
        if a.kind != kind or a.object is None or a.orphan_reason:
            continue
        subject, obj = a.subject.current, a.object.current
        assert subject is not None and obj is not None
        if subject.startswith(prefix + "_"):
            out.append((subject, obj))
        elif subject.startswith(group + "_"):
            anchors = _anchors(resolver.conn, a.row)
            first = resolver.members(a.row["subject"], anchors.get("subject"))
            second = resolver.members(a.row["object"], anchors.get("object"))
            if kind == "same":
                chain = list(dict.fromkeys(first + second))
                out += list(zip(chain, chain[1:], strict=False))
            else:
                out += [(x, y) for x in first for y in second if x != y]
    return out
