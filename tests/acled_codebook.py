"""A reader of ACLED CSV files written from ACLED's codebook alone, to check Docket's export.

It knows nothing of Docket: the columns, their order and the values each may take are those of
ACLED's export files as its codebook describes them (variable list; actor types and joined
interaction codes; spatial and time precision codes; the 2023 columns disorder_type,
civilian_targeting and tags; event and sub-event types). A row that breaks a rule raises
`CodebookError` naming the row and the column, the way a careful analyst's loader would stop.
Columns after ACLED's 31 are kept as they are, in `extra`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Protests": {"Excessive force against protesters", "Protest with intervention",
                 "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack",
                                   "Abduction/forced disappearance"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
DISORDER_TYPES = {"Political violence", "Demonstrations", "Political violence; Demonstrations",
                  "Strategic developments"}
# 1 State forces, 2 Rebel groups, 3 Political militias, 4 Identity militias, 5 Rioters,
# 6 Protesters, 7 Civilians, 8 External/Other forces; 0 for an empty actor.
INTER_CODES = set(range(0, 9))


class CodebookError(ValueError):
    """A row that does not follow ACLED's codebook."""


@dataclass(frozen=True)
class AcledEvent:
    """One row, typed as the codebook describes it."""

    event_id_cnty: str
    event_date: date
    year: int
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    inter1: int
    actor2: str
    inter2: int
    interaction: int
    civilian_targeting: bool
    iso: int
    region: str
    country: str
    admin1: str
    admin2: str
    location: str
    latitude: float
    longitude: float
    geo_precision: int
    source: str
    notes: str
    fatalities: int
    timestamp: int
    extra: dict[str, str] = field(default_factory=dict)


def read_acled(handle: TextIO) -> Iterator[AcledEvent]:
    """Every row of an ACLED CSV file, checked against the codebook."""
    reader = csv.DictReader(handle)
    header = tuple(reader.fieldnames or ())
    if header[: len(COLUMNS)] != COLUMNS:
        raise CodebookError(f"the first columns are not ACLED's, in ACLED's order: {header}")
    for number, row in enumerate(reader, start=2):
        try:
            yield _event(row)
        except (KeyError, ValueError) as exc:
            raise CodebookError(f"row {number}: {exc}") from exc


def _event(row: dict[str, str]) -> AcledEvent:
    day = date.fromisoformat(row["event_date"])  # ISO: 2023-04-12
    year = _int(row, "year")
    if year != day.year:
        raise ValueError(f"year {year} is not the year of event_date {day}")
    event_type, sub = row["event_type"], row["sub_event_type"]
    if sub not in EVENT_TYPES.get(event_type, ()):
        raise ValueError(f"sub_event_type {sub!r} is not one of {event_type!r}'s")
    if row["disorder_type"] not in DISORDER_TYPES:
        raise ValueError(f"disorder_type {row['disorder_type']!r}")
    inter1, inter2 = _int(row, "inter1"), _int(row, "inter2")
    interaction = _int(row, "interaction")
    if not {inter1, inter2} <= INTER_CODES or inter1 == 0 and row["actor1"]:
        raise ValueError(f"inter codes {inter1}, {inter2}")
    if bool(row["actor1"]) != bool(inter1) or bool(row["actor2"]) != bool(inter2):
        raise ValueError("an actor without its inter code, or a code without an actor")
    if inter1 and interaction != min(inter1, inter2 or inter1) * 10 + (
            max(inter1, inter2) if inter2 else 0):
        raise ValueError(f"interaction {interaction} does not join {inter1} and {inter2}")
    if row["civilian_targeting"] not in ("", "Civilian targeting"):
        raise ValueError(f"civilian_targeting {row['civilian_targeting']!r}")
    latitude, longitude = float(row["latitude"]), float(row["longitude"])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordinates {latitude}, {longitude}")
    fatalities = _int(row, "fatalities")
    if fatalities < 0:
        raise ValueError("negative fatalities")
    for name in ("event_id_cnty", "country", "location"):
        if not row[name]:
            raise ValueError(f"{name} is empty")
    time_precision, geo_precision = _int(row, "time_precision"), _int(row, "geo_precision")
    if time_precision not in (1, 2, 3) or geo_precision not in (1, 2, 3):
        raise ValueError(f"precision codes {time_precision}, {geo_precision}")
    return AcledEvent(
        row["event_id_cnty"], day, year, time_precision, row["disorder_type"], event_type, sub,
        row["actor1"], inter1, row["actor2"], inter2, interaction,
        row["civilian_targeting"] == "Civilian targeting", _int(row, "iso"), row["region"],
        row["country"], row["admin1"], row["admin2"], row["location"], latitude, longitude,
        geo_precision, row["source"], row["notes"], fatalities, _int(row, "timestamp"),
        {k: v for k, v in row.items() if k not in COLUMNS})


def _int(row: dict[str, str], name: str) -> int:
    """A whole number, as ACLED writes them (never '3.0', never empty)."""
    text = row[name]
    if not text.isdigit():
        raise ValueError(f"{name} is not a whole number: {text!r}")
    return int(text)
