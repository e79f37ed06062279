"""Analysts' judgements: attributed edges that every re-run honours.

A judgement is an edge (who, when, why) between records or about one record, stored in the
ledger's `judgement` table, which no pipeline stage ever writes to or deletes from:

    same A B        A and B are one story / incident / entity (merge)
    different A B   A and B must never be in one cluster (split; a cannot-link edge)
    confirm X       an analyst checked record X and holds it right
    reject X        an analyst holds record X wrong (kept, flagged, never deleted)

Clusters (stories, incidents) are derived from the machine's edges plus these, so re-running
the pipeline never undoes a person's decision. A judgement whose record a re-run no longer
produces is kept and reported as orphaned (`judgement_status`), never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from docket.errors import DocketError
from docket.ledger.store import RECORD_TABLES, Ledger

PAIR_KINDS = ("same", "different")
RECORD_KINDS = ("confirm", "reject")
# What each pairwise judgement may join or split: records of one kind, by id prefix.
PAIRABLE = ("doc", "sty", "inc", "ent", "evt")


class JudgementError(DocketError):
    """A judgement that cannot be recorded as given (unknown record, mismatched kinds)."""


@dataclass(frozen=True)
class JudgementStatus:
    id: str
    kind: str
    subject: str
    object: str | None
    by: str
    why: str | None
    at: str
    missing: tuple[str, ...]  # records the judgement names that the ledger no longer holds

    @property
    def orphaned(self) -> bool:
        return bool(self.missing)


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
        value = None
        if prefix_a in ("sty", "inc"):
            # Stories and incidents are re-derived on every run and may change ids; the
            # judgement holds for one member of each, which every later run can apply.
            value = json.dumps({"members": [ledger.members(a)[0], ledger.members(b)[0]]})
        return ledger.add_judgement(kind, a, by, obj=b, value=value, why=why)
    if kind in RECORD_KINDS:
        if len(ids) != 1:
            raise JudgementError(f"'{kind}' takes one record id")
        return ledger.add_judgement(kind, resolve_record(ledger, ids[0]), by, why=why)
    raise JudgementError(f"unknown judgement {kind!r}")


def judgement_status(ledger: Ledger) -> list[JudgementStatus]:
    """Every judgement (restores excluded) with the records it names that are now missing."""
    out = []
    for row in ledger.judgements():
        if row["kind"] not in PAIR_KINDS + RECORD_KINDS:
            continue
        named = [row["subject"]] + ([row["object"]] if row["object"] else [])
        if row["value"] and row["subject"].split("_", 1)[0] in ("sty", "inc"):
            named = json.loads(row["value"]).get("members", named)  # what it is applied to
        missing = tuple(r for r in named if not ledger.record_exists(r))
        out.append(JudgementStatus(row["id"], row["kind"], row["subject"], row["object"],
                                   row["by"], row["why"], row["at"], missing))
    return out
