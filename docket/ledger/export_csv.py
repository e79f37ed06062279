"""ACLED-style CSV: one row per event, in the columns conflict analysts already load.

ACLED's own columns come first, filled from Docket's event record; Docket's columns follow, so
a reader can see whose account each row is and check it against the words:

- `event_date` is the event's date **as the text states it**, at its precision (`2023-04-12`,
  `2023-W15`, `2023-04`, `2023`): Docket never invents a day the text does not give, so a
  month-precision row has a month value, not a made-up first of the month. `time_precision`
  uses ACLED's codes: 1 a day, 2 a week, 3 a month or coarser; both are empty when the text
  dates nothing.
- `actor1` is who did it, `actor2` to whom: the side and, in brackets, the words or entity that
  name it ("Russia (Russian forces)"); victims with a status are written as ACLED writes
  civilians ("Civilians (Ukraine)"). A side the text does not state is `Unknown`.
- `geo_precision` uses ACLED's codes: 1 a settlement or a point, 2 near a place or a district,
  3 a region, a country or coarser.
- `source` is the document's outlet, then the original outlet of its story (or the source the
  text cites) when that is another one, separated by "; " as ACLED separates sources.
- `fatalities` is empty when the text does not say (ACLED writes 0; Docket keeps "not stated"
  apart from "none were killed").
- Every event is a row, including negated ("did not shoot"), hypothetical ("might strike") and
  aggregate ("90 civilians this year") ones, which ACLED would not code: filter on `modality`
  (`asserted`, `reported`, `alleged` are accounts of something that happened) and `aggregate`.
  `review` is the analyst's latest judgement (`confirmed`, `rejected`, or empty).

The file is RFC 4180 CSV (the csv module quotes commas, quotes and line breaks; lines end in
CRLF): open the output with `newline=""`.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from docket.ledger.export_scope import ExportScope, select_scope
from docket.ledger.store import DocumentFilter, Ledger

ACLED_COLUMNS = (
    "event_id", "incident_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
)
DOCKET_COLUMNS = (
    "claimant", "claimant_kind", "verification", "verification_by", "modality", "aggregate",
    "document_id", "evidence_start", "evidence_end", "category", "ihl", "review",
)
CSV_COLUMNS = ACLED_COLUMNS + DOCKET_COLUMNS

# ACLED's time_precision codes, by the precision of Docket's date values.
TIME_PRECISION = {"datetime": 1, "day": 1, "week": 2, "month": 3, "quarter": 3, "season": 3,
                  "year": 3, "decade": 3}
# ACLED's geo_precision codes, by the precision of Docket's place mentions ("near X" is
# `approximate`, which ACLED codes as 2: a place close to a named one).
GEO_PRECISION = {"point": 1, "settlement": 1, "admin2": 2, "approximate": 2, "admin1": 3,
                 "region": 3, "country": 3}
# Victims whose status names them the way ACLED names its civilian actors.
_STATUS_ACTORS = {"civilians": "Civilians", "prisoners": "Prisoners", "people": "People"}


def export_acled_csv(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None) -> int:
    """Write a header row and one row per event of the chosen documents; return the rows."""
    scope = select_scope(ledger, flt)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for event in scope.events:
        writer.writerow(event_row(event, scope))
    return len(scope.events)


def event_row(event: dict[str, Any], scope: ExportScope) -> dict[str, Any]:
    """One event record (docs/export.md) as a row of `CSV_COLUMNS`."""
    date = event.get("date") or {}
    loc = event.get("location") or {}
    place = scope.entity(loc.get("entity")) or {}
    claimant = event.get("claimant") or {}
    verification = event.get("verification") or {}
    evidence = (event.get("evidence") or [{}])[0]
    review = event.get("review") or {}
    return {
        "event_id": event["id"],
        "incident_id": scope.incident_of(event["id"]) or "",
        "event_date": date.get("value") or "",
        "time_precision": TIME_PRECISION.get(date.get("precision") or "", ""),
        "event_type": event["acled"]["event_type"],
        "sub_event_type": event["acled"]["sub_event_type"],
        "actor1": actor(event["perpetrator"], scope),
        "actor2": victims_actor(event["victims"], scope),
        "country": place.get("country") or "",
        "admin1": place.get("admin1") or "",
        "admin2": place.get("admin2") or "",
        "location": loc.get("name") or "",
        "latitude": _number(loc.get("lat")),
        "longitude": _number(loc.get("lon")),
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or "", ""),
        "source": _sources(event["document"], scope),
        "notes": " ".join((evidence.get("text") or "").split()),
        "fatalities": _number(event.get("fatalities")),
        "claimant": claimant.get("name") or "",
        "claimant_kind": claimant.get("kind") or "",
        "verification": verification.get("status") or "",
        "verification_by": verification.get("by") or "",
        "modality": event.get("modality") or "",
        "aggregate": "true" if event.get("aggregate") else "false",
        "document_id": event["document"],
        "evidence_start": _number(evidence.get("start")),
        "evidence_end": _number(evidence.get("end")),
        "category": event["category"],
        "ihl": event.get("ihl") or "",
        "review": review.get("status") or "",
    }


def actor(party: dict[str, Any], scope: ExportScope) -> str:
    """'Side (name)': the side and the entity or words that name the party."""
    side = party.get("side") or "unknown"
    entity = scope.entity(party.get("entity"))
    name = (entity or {}).get("name") or (party.get("text") or {}).get("text")
    label = "Unknown" if side == "unknown" else side
    if name:
        return f"{label} ({' '.join(str(name).split())})"
    return "" if side == "unknown" else label


def victims_actor(party: dict[str, Any], scope: ExportScope) -> str:
    """Civilians, prisoners and people are named by status with their side, as ACLED does."""
    status = _STATUS_ACTORS.get(party.get("status") or "")
    if status is None:
        return actor(party, scope)
    side = party.get("side") or "unknown"
    return status if side == "unknown" else f"{status} ({side})"


def _sources(document_id: str, scope: ExportScope) -> str:
    doc = scope.document(document_id)
    story = scope.story_of(document_id) or {}
    names = [doc.outlet if doc else None, story.get("original_outlet"),
             doc.cited_source if doc else None]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return "; ".join(seen)


def _number(value: Any) -> str:
    return "" if value is None else str(value)
