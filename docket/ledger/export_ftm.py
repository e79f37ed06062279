"""FollowTheMoney entities as JSON lines, for Aleph, OpenAleph, yente and nomenklatura.

Each line is `{"id", "schema", "properties": {property: [string, ...]}}`, the shape
`followthemoney`'s `EntityProxy.to_dict()` reads; Docket writes it directly (no dependency) and
keeps its own ids, so an entity found in two exports is the same line. The mapping:

- document -> `Article`: `title`, `author` (byline), `publisher` (outlet), `publishedAt`,
  `sourceUrl`, `contentHash` (Docket's SHA-256 of the raw record, not the SHA-1 an Aleph
  archive keys on), `notes` (source path and locator);
- person -> `Person`: `name`, `alias`, `firstName`, `lastName`;
- organization, military unit -> `Organization`: `name`, `alias`, `country`; units add
  `summary` "military unit";
- place -> `Address`: `full`, `city` (settlements), `region` (admin1), `country`, `latitude`,
  `longitude`;
- event -> `Event`: `name` (category at place), `date`, `location`, `addressEntity`,
  `country`, `summary` (the evidence sentence), `involved` (named parties), `proof` (its
  Article), `sourceUrl`, `notes` (claimant, modality, verification, ACLED types, incident id);
- incident -> `Event`: `name`, `date`, `location`, `addressEntity`, `country`, `summary` (why
  its events were joined), `involved`, `proof` (the Articles of its events), `notes`
  (independent sources, event ids).

Unnamed people and unnamed speakers ("a witness", "officials") are kept to their document in
Docket and have no identity another dataset could match, so they are not exported as
entities. Dates are written only when they are ISO dates FtM can read (`2023`, `2023-04`,
`2023-04-12`, a datetime); a week, a season or a decade stays in the JSONL export. Countries are
lower-case ISO 3166-1 codes, as FtM writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from docket.ledger.export_scope import ExportScope, select_scope
from docket.ledger.store import DocumentFilter, Ledger
from docket.model import Document

# FtM's date type reads ISO 8601 prefixes; Docket's week/quarter/season values it does not.
_FTM_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+Z?)?)?)?")
_SCHEMA_OF_KIND = {"person": "Person", "organization": "Organization",
                   "military_unit": "Organization", "place": "Address"}
_SETTLEMENTS = {"city", "town", "village", "settlement", "hamlet"}


def export_ftm(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None) -> int:
    """Write one FtM entity per line for the chosen documents; return the number of lines."""
    count = 0
    for entity in ftm_entities(select_scope(ledger, flt)):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def ftm_entities(scope: ExportScope) -> Iterator[dict[str, Any]]:
    exported: set[str] = set()
    for doc in scope.documents:
        yield article(doc)
    for record in scope.entities:
        schema = _SCHEMA_OF_KIND.get(record["kind"])
        if schema is not None:
            exported.add(record["id"])
            yield named_entity(record, schema)
    for event in scope.events:
        yield event_entity(event, scope, exported)
    events = {e["id"]: e for e in scope.events}
    for incident in scope.incidents:
        yield incident_entity(incident, events, scope, exported)


def article(doc: Document) -> dict[str, Any]:
    published = doc.published.value if doc.published else None
    where = doc.source.path + (f" ({doc.source.locator})" if doc.source.locator else "")
    return _entity(doc.id, "Article", title=doc.title, author=doc.byline, publisher=doc.outlet,
                   publishedAt=_date(published), sourceUrl=doc.source.url,
                   contentHash=doc.source.sha256, notes=f"source: {where}")


def named_entity(record: dict[str, Any], schema: str) -> dict[str, Any]:
    props: dict[str, Any] = {"name": record["name"], "alias": record.get("aliases") or []}
    if schema == "Person":
        props |= {"firstName": record.get("given"), "lastName": record.get("family")}
    elif schema == "Organization":
        props["country"] = _country(record.get("country"))
        if record["kind"] == "military_unit":
            props["summary"] = "military unit"
    else:
        props = {"full": record["name"], "region": record.get("admin1"),
                 "country": _country(record.get("country")),
                 "latitude": record.get("lat"), "longitude": record.get("lon")}
        if record.get("feature_kind") in _SETTLEMENTS:
            props["city"] = record["name"]
    return _entity(record["id"], schema, **props)


def event_entity(event: dict[str, Any], scope: ExportScope,
                 exported: set[str]) -> dict[str, Any]:
    loc = event.get("location") or {}
    place = scope.entity(loc.get("entity")) or {}
    doc = scope.document(event["document"])
    claimant = event.get("claimant") or {}
    verification = (event.get("verification") or {}).get("status")
    acled = event.get("acled") or {}
    notes = [f"claimant: {claimant.get('name') or 'not named'} ({claimant.get('kind')})",
             f"modality: {event.get('modality')}", f"verification: {verification}",
             f"ACLED: {acled.get('event_type')} / {acled.get('sub_event_type')}"]
    if event.get("aggregate"):
        notes.append("aggregate: a statistical claim, not a single incident")
    incident = scope.incident_of(event["id"])
    if incident:
        notes.append(f"incident: {incident}")
    evidence = (event.get("evidence") or [{}])[0]
    return _entity(
        event["id"], "Event", name=_event_name(event["category"], loc.get("name")),
        date=_date((event.get("date") or {}).get("value")), location=loc.get("name"),
        addressEntity=_linked(loc.get("entity"), exported), country=_country(place.get("country")),
        summary=" ".join((evidence.get("text") or "").split()),
        involved=_involved([event], exported), proof=event["document"],
        sourceUrl=doc.source.url if doc else None, notes=notes)


def incident_entity(incident: dict[str, Any], events: dict[str, dict[str, Any]],
                    scope: ExportScope, exported: set[str]) -> dict[str, Any]:
    loc = incident.get("location") or {}
    place = scope.entity(loc.get("entity")) or {}
    members = [events[e] for e in incident["events"] if e in events]
    return _entity(
        incident["id"], "Event", name=_event_name(incident["category"], loc.get("name")),
        date=_date((incident.get("date") or {}).get("value")), location=loc.get("name"),
        addressEntity=_linked(loc.get("entity"), exported), country=_country(place.get("country")),
        summary=incident.get("why"), involved=_involved(members, exported),
        proof=sorted({e["document"] for e in members}),
        notes=[f"independent sources: {incident.get('independent_sources')}",
               "events: " + ", ".join(incident["events"])])


def _involved(events: list[dict[str, Any]], exported: set[str]) -> list[str]:
    ids = {(e.get(role) or {}).get("entity") for e in events for role in ("perpetrator", "victims")}
    return sorted(i for i in ids if i and i in exported)


def _event_name(category: str, place: str | None) -> str:
    label = category.replace("_", " ")
    return f"{label} at {place}" if place else label


def _linked(entity_id: str | None, exported: set[str]) -> str | None:
    return entity_id if entity_id in exported else None


def _date(value: str | None) -> str | None:
    return value if value and _FTM_DATE.fullmatch(value) else None


def _country(code: str | None) -> str | None:
    return code.lower() if code else None


def _entity(entity_id: str, schema: str, **props: Any) -> dict[str, Any]:
    """An FtM entity: every property a list of non-empty strings, empty properties left out."""
    properties: dict[str, list[str]] = {}
    for name, value in props.items():
        values = value if isinstance(value, list | tuple) else [value]
        strings = [str(v) for v in values if v is not None and str(v).strip()]
        if strings:
            properties[name] = strings
    return {"id": entity_id, "schema": schema, "properties": properties}
