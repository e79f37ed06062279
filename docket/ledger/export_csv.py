"""ACLED CSV: one row per event, in ACLED's 31 columns and conventions, then Docket's own.

The first 31 columns are ACLED's export columns, in the order of ACLED's own files
(`ACLED_COLUMNS`), written in ACLED's conventions (its codebook), so a script or package written
for ACLED data reads the file unchanged. Docket's columns follow (`DOCKET_COLUMNS`): whose
account each row is, the words behind it, and what ACLED's conventions had to round off.

- `event_id_cnty` is the event country's ISO 3166 alpha-3 code and Docket's event id
  (`UKR-evt_…`); `event_id` (Docket's columns) is the id alone.
- `event_date` is an ISO day (`2023-04-12`). When the text gives only a coarser period, the
  first day of that period is written and `time_precision` says so: 1 a day, 2 a week (its
  Monday; a weekend's Saturday), 3 a month, quarter, season or year (its first day). Docket's
  value as the text states it is kept in `date_as_stated` with `date_precision`.
- `actor1` is who did it and `actor2` to whom, named as ACLED names them, only where the side is
  known: `Military Forces of Russia (2000-)`, `Military Forces of Ukraine (2019-)`,
  `Military Forces of Belarus (1994-)` (state forces, with the year the government came to
  power), `NAF: United Armed Forces of Novorossiya` (the forces of the DPR, LPR and the
  separatists), `Civilians (<country of the event>)` for civilians. An unknown side leaves the
  actor empty (inter code 0); `actor1_words` / `actor2_words` keep the words that name the
  party either way, and `actor2_status` the victims' status.
- `inter1` / `inter2` are ACLED's actor-type codes: 1 state forces in their own country, 8
  state forces outside it (ACLED's "external forces": Russian forces in Ukraine), 2 rebel
  groups (NAF), 7 civilians, 0 no actor. `interaction` joins the two, smaller first (`18`,
  `78`); actor1 alone gives its code and 0 (`80`); no actor1 gives 0.
- `disorder_type` follows from the sub-event type (ACLED's codebook): political violence,
  demonstrations, both (excessive force against protesters), or strategic developments.
  `civilian_targeting` is `Civilian targeting` when the victims are civilians.
- `country` is ACLED's country name, `iso` its numeric ISO 3166 code, `region` ACLED's region
  (docket/data/countries.tsv); `admin1`, `admin2` and `location` are the gazetteer's names.
  `geo_precision` is ACLED's code: 1 a settlement or a point, 2 near a place or a district,
  3 a region, a country or coarser (`place_precision` keeps Docket's word).
- `fatalities` is a whole number, 0 where the text does not say (ACLED's convention);
  `fatalities_stated` keeps Docket's reading: the number, or `not stated`.
- `source` is the document's outlet, then the original outlet of its story (or the source the
  text cites) when that is another, separated by "; " as ACLED separates sources;
  `source_scale`, `assoc_actor_1`, `assoc_actor_2`, `admin3` and `tags` are left empty (Docket
  does not code them); `timestamp` is the time of the export (Unix seconds).
- Every event with a date and a located place is a row, including negated ("did not shoot"),
  hypothetical ("might strike") and aggregate ("90 civilians this year") ones, which ACLED
  would not code: filter on `modality` (`asserted`, `reported`, `alleged` are accounts of
  something that happened) and `aggregate`. `review` is the analyst's latest judgement.
- Events ACLED could not hold are left out and listed (`LeftOut`): no date, a date coarser
  than a year (a decade), no place, a place without coordinates, or no ACLED event type (an
  `unclassified` event). `docket export` prints their ids on standard error and writes them
  beside the file (`<name>.left-out.csv`); the JSONL export keeps them all. (The workbench's
  download writes the same rows but not yet the list.)

The file is RFC 4180 CSV (the csv module quotes commas, quotes and line breaks; lines end in
CRLF): open the output with `newline=""`.

Where the conventions come from: ACLED's codebook (its variable list, actor types and joined
interaction codes, spatial and time precision codes, as ACLED publishes them with its R package
acledR), ACLED's guide to its 2023 columns (`disorder_type`, `civilian_targeting`, `tags`), and
its naming rule for state forces ("Military Forces of <country> (<year the government came to
power>-)"). No actor name was copied from ACLED's data.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TextIO

from docket.ledger.export_scope import ExportScope, select_scope
from docket.ledger.periods import period
from docket.ledger.store import DocumentFilter, Ledger

# ACLED's export columns, in the order of ACLED's files (its codebook names each).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
DOCKET_COLUMNS = (
    "event_id", "incident_id", "date_as_stated", "date_precision", "place_precision",
    "actor1_side", "actor1_words", "actor2_side", "actor2_status", "actor2_words",
    "fatalities_stated", "claimant", "claimant_kind", "verification", "verification_by",
    "modality", "aggregate", "document_id", "evidence_start", "evidence_end", "category", "ihl",
    "review",
)
CSV_COLUMNS = ACLED_COLUMNS + DOCKET_COLUMNS
LEFT_OUT_COLUMNS = ("event_id", "reason")

# ACLED's time_precision codes, by the precision of Docket's date values. Decades and centuries
# are no date ACLED would code: those events are left out.
TIME_PRECISION = {"datetime": 1, "day": 1, "week": 2, "month": 3, "quarter": 3, "half": 3,
                  "season": 3, "year": 3}
# ACLED's geo_precision codes, by the precision of Docket's place mentions ("near X" is
# `approximate`, which ACLED codes as 2: a place close to a named one).
GEO_PRECISION = {"point": 1, "settlement": 1, "admin2": 2, "approximate": 2, "admin1": 3,
                 "region": 3, "country": 3}
# State forces by side: ACLED's name (the year the government came to power) and home country.
STATE_FORCES = {
    "Russia": ("Military Forces of Russia (2000-)", "RU"),
    "Ukraine": ("Military Forces of Ukraine (2019-)", "UA"),
    "Belarus": ("Military Forces of Belarus (1994-)", "BY"),
}
# The self-proclaimed republics' forces, which ACLED names together as a rebel group.
NAF = "NAF: United Armed Forces of Novorossiya"
NAF_SIDES = {"DPR", "LPR", "separatists"}
STATE, REBELS, CIVILIANS, EXTERNAL = 1, 2, 7, 8
# ACLED's disorder type of each event type (one sub-event type counts as both).
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
DISORDER_OF_SUB = {"Excessive force against protesters": "Political violence; Demonstrations",
                   "Mob violence": "Political violence"}


@dataclass(frozen=True)
class LeftOut:
    """An event the ACLED file cannot hold, and why."""

    event_id: str
    reason: str


@dataclass(frozen=True)
class Country:
    """A country as ACLED names it (docket/data/countries.tsv)."""

    iso2: str
    iso3: str
    numeric: str
    name: str
    region: str


@cache
def countries() -> Mapping[str, Country]:
    """Every country by its ISO 3166 alpha-2 code."""
    text = resources.files("docket").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line]
    return {r[0]: Country(*r) for r in rows}


def export_acled_csv(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None,
                     left_out: Callable[[LeftOut], None] | None = None) -> int:
    """Write a header row and one row per event ACLED can hold; return the rows written.

    Each event left out is passed to `left_out` (the CLI lists them)."""
    scope = select_scope(ledger, flt)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    stamp = int(time.time())
    count = 0
    for event in scope.events:
        reason = why_left_out(event)
        if reason is not None:
            if left_out is not None:
                left_out(LeftOut(event["id"], reason))
            continue
        writer.writerow(event_row(event, scope, stamp))
        count += 1
    return count


def write_left_out(items: list[LeftOut], out: TextIO) -> None:
    """The side file: one `event_id,reason` row per event left out."""
    writer = csv.writer(out)
    writer.writerow(LEFT_OUT_COLUMNS)
    writer.writerows((item.event_id, item.reason) for item in items)


def why_left_out(event: dict[str, Any]) -> str | None:
    """Why the event cannot be an ACLED row, or None when it can."""
    date = event.get("date") or {}
    loc = event.get("location")
    if not date.get("value"):
        return "no date"
    if TIME_PRECISION.get(date.get("precision") or "") is None or _first_day(date) is None:
        return f"date coarser than a year ({date.get('value')})"
    if not loc:
        return "no place"
    if loc.get("lat") is None or loc.get("lon") is None:
        return f"place without coordinates ({loc.get('name')})"
    if not (event.get("acled") or {}).get("event_type"):
        return "no ACLED event type (unclassified)"
    return None


def event_row(event: dict[str, Any], scope: ExportScope, stamp: int = 0) -> dict[str, Any]:
    """One event record (docs/export.md) that ACLED can hold as a row of `CSV_COLUMNS`: ACLED's
    columns (when, what, who, where, then source and notes), then Docket's own."""
    date = event.get("date") or {}
    loc = event.get("location") or {}
    place = scope.entity(loc.get("entity")) or {}
    country = countries().get((place.get("country") or "").upper())
    evidence = (event.get("evidence") or [{}])[0]
    acled = event.get("acled") or {}
    fatalities = event.get("fatalities")
    return {
        "event_id_cnty": f"{country.iso3 if country else 'XXX'}-{event['id']}",
        **_when_columns(date),
        "disorder_type": disorder_type(acled.get("event_type"), acled.get("sub_event_type")),
        "event_type": acled.get("event_type") or "",
        "sub_event_type": acled.get("sub_event_type") or "",
        **_who_columns(event, country),
        **_where_columns(loc, place, country),
        "source": _sources(event["document"], scope),
        "source_scale": "",
        "notes": " ".join((evidence.get("text") or "").split()),
        "fatalities": fatalities if fatalities is not None else 0,
        "tags": "",
        "timestamp": stamp,
        **_docket_columns(event, scope, date, loc, evidence),
    }


def _when_columns(date: Mapping[str, Any]) -> dict[str, Any]:
    day = _first_day(date)
    return {"event_date": day.isoformat() if day else "", "year": day.year if day else "",
            "time_precision": TIME_PRECISION.get(date.get("precision") or "", "")}


def _who_columns(event: Mapping[str, Any], country: Country | None) -> dict[str, Any]:
    actor1, inter1 = acled_actor(event["perpetrator"], country)
    actor2, inter2 = acled_actor(event["victims"], country)
    return {
        "actor1": actor1, "assoc_actor_1": "", "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS else "",
    }


def _where_columns(loc: Mapping[str, Any], place: Mapping[str, Any],
                   country: Country | None) -> dict[str, Any]:
    return {
        "iso": country.numeric if country else "",
        "region": country.region if country else "",
        "country": country.name if country else "",
        "admin1": place.get("admin1") or "",
        "admin2": place.get("admin2") or "",
        "admin3": "",
        "location": loc.get("name") or "",
        "latitude": _number(loc.get("lat")),
        "longitude": _number(loc.get("lon")),
        "geo_precision": GEO_PRECISION.get(loc.get("precision") or "", 3),
    }


def _docket_columns(event: Mapping[str, Any], scope: ExportScope, date: Mapping[str, Any],
                    loc: Mapping[str, Any], evidence: Mapping[str, Any]) -> dict[str, Any]:
    """Docket's own columns, after ACLED's: what ACLED's conventions leave out."""
    perpetrator, victims = event["perpetrator"], event["victims"]
    claimant = event.get("claimant") or {}
    verification = event.get("verification") or {}
    fatalities = event.get("fatalities")
    return {
        "event_id": event["id"],
        "incident_id": scope.incident_of(event["id"]) or "",
        "date_as_stated": date.get("value") or "",
        "date_precision": date.get("precision") or "",
        "place_precision": loc.get("precision") or "",
        "actor1_side": perpetrator.get("side") or "unknown",
        "actor1_words": _words(perpetrator, scope),
        "actor2_side": victims.get("side") or "unknown",
        "actor2_status": victims.get("status") or "",
        "actor2_words": _words(victims, scope),
        "fatalities_stated": "not stated" if fatalities is None else fatalities,
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
        "review": (event.get("review") or {}).get("status") or "",
    }


def acled_actor(party: Mapping[str, Any], country: Country | None) -> tuple[str, int]:
    """ACLED's name and inter code for a party, or ("", 0) when its side is not known.

    Civilians are named by the country the event happened in, as ACLED names them; state
    forces outside their own country are ACLED's external forces (inter code 8)."""
    side = party.get("side") or "unknown"
    status = party.get("status")
    if status == "civilians":
        return (f"Civilians ({country.name})" if country else "Civilians"), CIVILIANS
    if status == "people":  # the text does not say whether they were civilians or fighters
        return "", 0
    if side in STATE_FORCES:
        name, home = STATE_FORCES[side]
        return name, STATE if country is None or country.iso2 == home else EXTERNAL
    if side in NAF_SIDES:
        return NAF, REBELS
    return "", 0


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's joined code: the two inter codes, smaller first (`78`, not `87`); actor1 alone
    gives its code and 0 (`80`). Without actor1 ACLED codes no interaction: 0."""
    if not inter1:
        return 0
    if not inter2:
        return inter1 * 10
    return min(inter1, inter2) * 10 + max(inter1, inter2)


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    return DISORDER_OF_SUB.get(sub_event_type or "") or DISORDER.get(event_type or "", "")


def _first_day(date: Mapping[str, Any]) -> Any:
    found = period(date.get("value"), date.get("precision"))
    return found[0] if found else None


def _words(party: Mapping[str, Any], scope: ExportScope) -> str:
    """The entity or the words that name a party, as written."""
    entity = scope.entity(party.get("entity"))
    name = (entity or {}).get("name") or (party.get("text") or {}).get("text")
    return " ".join(str(name).split()) if name else ""


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
