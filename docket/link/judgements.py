"""Analysts' judgements: attributed edges that every re-run honours.

A judgement is an edge (who, when, why) between records or about one record, stored in the
ledger's `judgement` table, which no pipeline stage ever writes to or deletes from:

    same A B        A and B are one story / incident / entity (merge)
    different A B   A and B must never be in one cluster (split; a cannot-link edge)
    confirm X       an analyst checked record X and holds it right
    reject X        an analyst holds record X wrong (kept, flagged, never deleted)
    edit X F V      field F of record X is V (the machine's value kept as "before")

Each is stored with the anchors of the records it names (docket/ledger/anchors.py: their
documents and the words they stand on), so it follows them when a re-run derives them again
under another id.

Clusters (stories, incidents) are derived from the machine's edges plus these, so re-running
the pipeline never undoes a person's decision. A judgement whose record a re-run no longer
covers is kept and reported as orphaned, with the reason (`judgement_status`), never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docket.errors import JudgementError
from docket.ledger.store import RECORD_TABLES, Ledger
from docket.ledger.views import stored_record
from docket.model import PAIR_KINDS, REVIEW_STATUS

# What each pairwise judgement may join or split: records of one kind, by id prefix.
PAIRABLE = ("doc", "sty", "inc", "ent", "evt")


@dataclass(frozen=True)
class JudgementStatus:
    id: str
    kind: str
    subject: str
    object: str | None
    by: str
    why: str | None
    at: str
    applies_to: tuple[str, ...]  # the records that stand for what it judged now
    orphan_reason: str | None  # why it no longer applies; None when it does

    @property
    def orphaned(self) -> bool:
        return self.orphan_reason is not None


def resolve_record(ledger: Ledger, record_id: str) -> str:
    """A record's full id; documents may be given by a unique prefix, as elsewhere."""
    if record_id.startswith("doc"):
        doc = ledger.get_document(record_id)
        if doc is not None:
            return doc.id
    if ledger.record_exists(record_id):
        return record_id
    known = ", ".join(f"{p}_…" for p in RECORD_TABLES)
    raise JudgementError(f"no record {record_id!r} in this ledger (ids look like {known}; "
                         "'docket events --json', 'docket entities --json' list them)")


def record_judgement(ledger: Ledger, kind: str, ids: Sequence[str], by: str,
                     why: str | None = None) -> str:
    """Check and store one judgement; return its id."""
    if not by.strip():
        raise JudgementError("say who decides: --by NAME")
    if kind in PAIR_KINDS:
        if len(ids) != 2:
            raise JudgementError(f"'{kind}' takes two record ids")
        a, b = (resolve_record(ledger, i) for i in ids)
        prefix_a, prefix_b = a.split("_", 1)[0], b.split("_", 1)[0]
        if prefix_a != prefix_b or prefix_a not in PAIRABLE:
            raise JudgementError(
                f"'{kind}' joins or splits two records of one kind (two stories, two "
                f"incidents, two entities, two events or two documents), not {a} and {b}")
        if a == b:
            raise JudgementError("a record is always the same as itself")
        if kind == "same" and prefix_a == "inc":
            for record in (a, b):
                if ledger.is_aggregate_incident(record):
                    raise JudgementError(
                        f"{record} is an aggregate statistic (a total over many happenings), "
                        "which is never joined to single incidents; correct its figures with "
                        "an edit instead")
        # Stories and incidents are re-derived on every run and change ids; the ledger keeps
        # the anchors of both (their documents, their events' words) and applies the judgement
        # to whatever records cover them after each run.
        return ledger.add_judgement(kind, a, by, obj=b, why=why)
    if kind in REVIEW_STATUS:
        if len(ids) != 1:
            raise JudgementError(f"'{kind}' takes one record id")
        return ledger.add_judgement(kind, resolve_record(ledger, ids[0]), by, why=why)
    raise JudgementError(f"unknown judgement {kind!r}")


_FIXED_FIELDS = ("id", "type", "review")


def record_edit(ledger: Ledger, record_id: str, field: str, value: str | None, by: str,
                why: str | None = None) -> str:
    """Store an analyst's correction of one field of a record (dotted for nested fields,
    "victims.count"); the machine's value is kept as the edit's "before"."""
    if not by.strip():
        raise JudgementError("say who decides: --by NAME")
    record_id = resolve_record(ledger, record_id)
    if not field or value is None:
        raise JudgementError("an edit names a field and gives its new value")
    before = current_value(ledger, record_id, field)
    change = json.dumps({"before": before, "after": value}, ensure_ascii=False, default=str)
    return ledger.add_judgement("edit", record_id, by, field=field, value=change, why=why)


def current_value(ledger: Ledger, record_id: str, field: str) -> Any:
    """A record's present value of `field` (dotted for nested fields, e.g. "date.value")."""
    record = _record(ledger, record_id)
    head = field.split(".", 1)[0]
    if head in _FIXED_FIELDS:
        raise JudgementError(f"{field!r} identifies the record; it cannot be edited")
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, dict) or part not in value:
            known = ", ".join(sorted(k for k in record if k not in _FIXED_FIELDS))
            raise JudgementError(f"{record_id} has no field {field!r} (it has {known})")
        value = value[part]
    return value


def _record(ledger: Ledger, record_id: str) -> dict[str, Any]:
    record = stored_record(ledger, record_id)
    if record is None:
        raise JudgementError(f"no record {record_id!r} with fields to edit")
    return record



def judgement_status(ledger: Ledger) -> list[JudgementStatus]:
    """Every judgement with the records it applies to now, or why it is orphaned."""
    out = []
    for a in ledger.applied_judgements():
        row = a.row
        out.append(JudgementStatus(row["id"], row["kind"], row["subject"], row["object"],
                                   row["by"], row["why"], row["at"], a.targets,
                                   a.orphan_reason))
    return out
