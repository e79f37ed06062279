"""The incident table's filters, for exports: which documents report the chosen incidents.

The workbench's incident table and `docket export` take the same filters (category,
perpetrator side, verification, date range, place, corroboration); an export with any of them
set carries the documents whose events form a matching incident, and the records that touch
those documents (docs/export.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docket.ledger.store import Ledger


@dataclass(frozen=True)
class IncidentSelection:
    category: str | None = None
    side: str | None = None  # perpetrator side of any of its events
    verification: str | None = None  # verification status of any of its events
    since: str | None = None  # incident date on or after (ISO prefix)
    until: str | None = None  # incident date on or before (ISO prefix)
    place: str | None = None  # text in the place's name
    min_sources: int = 0

    @property
    def active(self) -> bool:
        return any((self.category, self.side, self.verification, self.since, self.until,
                    self.place, self.min_sources))

    def matches(self, incident: dict[str, Any], events: list[dict[str, Any]]) -> bool:
        date = str((incident.get("date") or {}).get("value") or "")
        place = str((incident.get("location") or {}).get("name") or "")
        return ((not self.category or incident["category"] == self.category)
                and incident["independent_sources"] >= self.min_sources
                and (not self.side or any(e["perpetrator"]["side"] == self.side
                                          for e in events))
                and (not self.verification
                     or any(e["verification"]["status"] == self.verification for e in events))
                and (not self.since or (bool(date) and date >= self.since))
                and (not self.until or (bool(date) and date[:len(self.until)] <= self.until))
                and (not self.place or self.place.casefold() in place.casefold()))


def incident_documents(ledger: Ledger, selection: IncidentSelection) -> frozenset[str]:
    """Ids of the documents whose events form an incident the selection matches."""
    events = {e["id"]: e for e in ledger.event_records()}
    chosen: set[str] = set()
    for incident in ledger.incident_records():
        members = [events[i] for i in incident["events"] if i in events]
        if selection.matches(incident, members):
            chosen.update(e["document"] for e in members)
    return frozenset(chosen)
