"""FollowTheMoney entities as JSON lines, for Aleph, OpenAleph, yente and nomenklatura.

Each line is `{"id", "schema", "properties": {property: [string, ...]}}`, the shape
`followthemoney`'s `EntityProxy.to_dict()` writes. Docket writes it directly (the library is
not needed to export), in values the library accepts unchanged: every id, reference, date,
country and hash passes its validation (`ftm validate`), and every reference survives
`ftm aggregate` (tests/test_export_ftm.py loads the export with the library to hold this).

Ids. FtM's entity ids allow letters, digits, `.` and `-` only (and `.` separates a namespace
signature), so Docket's `_` cannot stand: an entity's FtM id is its Docket id with `-` for `_`
(`evt_3f…` is `evt-3f…`). Docket ids never hold a `-`, so `docket_id()` maps one back by
turning the first `-` into `_`; each entity's `notes` also says `Docket id: evt_3f…`, so a
text search in Aleph finds it. The ids stay stable, so an entity found in two exports is the
same entity.

The mapping:

- document -> `Article`: `title`, `author` (byline), `publisher` (outlet), `publishedAt`,
  `sourceUrl`, `contentHash` (the SHA-1 of the record's raw bytes, which is what FtM's checksum
  type and an Aleph archive key on; read from the evidence store after its SHA-256 is checked,
  and left out when the stored copy is gone), `notes` (source path and locator, the SHA-256
  Docket keys its evidence on, the Docket id);
- person -> `Person`: `name`, `alias`, `firstName`, `lastName`;
- organization, military unit -> `Organization`: `name`, `alias`, `country`; units add
  `summary` "military unit";
- place -> `Address`: `full`, `city` (settlements), `region` (admin1), `country`, `latitude`,
  `longitude`;
- event -> `Event`: `name` (category at place), `date`, `startDate`/`endDate`, `location`,
  `addressEntity`, `country`, `summary` (the evidence sentence), `involved` (named parties),
  `proof` (its Article), `sourceUrl`, `notes` (claimant, modality, verification, ACLED types,
  incident id);
- incident -> `Event`: `name`, `date`, `startDate`/`endDate`, `location`, `addressEntity`,
  `country`, `summary` (why its events were joined), `involved`, `proof` (the Articles of its
  events), `notes` (independent sources, event ids).

Unnamed people and unnamed speakers ("a witness", "officials") are kept to their document in
Docket and have no identity another dataset could match, so they are not exported as
entities. `date` is written only when it is an ISO date FtM reads (`2023`, `2023-04`,
`2023-04-12`, a datetime); a week, a quarter, a season or a decade is written as the
`startDate` and `endDate` of its period instead (the value as stated stays in the JSONL
export). Countries are lower-case ISO 3166-1 codes, as FtM writes them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from docket.errors import DocketError
from docket.ledger.export_scope import ExportScope, select_scope
from docket.ledger.periods import period
from docket.ledger.store import DocumentFilter, Ledger
from docket.model import Document

# FtM's date type reads ISO 8601 prefixes; Docket's week/quarter/season values it does not.
_FTM_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+Z?)?)?)?")
_SCHEMA_OF_KIND = {"person": "Person", "organization": "Organization",
                   "military_unit": "Organization", "place": "Address"}
_SETTLEMENTS = {"city", "town", "village", "settlement", "hamlet"}

# The SHA-1 of a record's raw bytes by its SHA-256, or None when the stored copy is gone.
Sha1Of = Callable[[str], str | None]


def ftm_id(docket_id: str) -> str:
    """The FtM id of a Docket id: `-` for `_` (FtM ids hold letters, digits, `.` and `-`)."""
    return docket_id.replace("_", "-")


def docket_id(ftm_entity_id: str) -> str:
    """The Docket id of an FtM id this export wrote (its first `-` was Docket's `_`)."""
    return ftm_entity_id.replace("-", "_", 1)


def export_ftm(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None) -> int:
    """Write one FtM entity per line for the chosen documents; return the number of lines."""
    count = 0
    for entity in ftm_entities(select_scope(ledger, flt), evidence_sha1(ledger)):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def evidence_sha1(ledger: Ledger) -> Sha1Of:
    """SHA-1 of stored evidence by its SHA-256, checking the SHA-256 first: altered bytes are
    refused, never hashed into a checksum that would vouch for them."""
    seen: dict[str, str | None] = {}

    def sha1_of(sha256: str) -> str | None:
        if sha256 not in seen:
            if not ledger.evidence.has(sha256):
                seen[sha256] = None
            else:
                data = ledger.evidence.read(sha256)
                if hashlib.sha256(data).hexdigest() != sha256:
                    raise DocketError(
                        f"evidence {sha256} in {ledger.evidence.root} no longer matches its "
                        "hash: it was altered after it was stored; restore it from the "
                        "original before exporting")
                seen[sha256] = hashlib.sha1(data).hexdigest()
        return seen[sha256]

    return sha1_of


def ftm_entities(scope: ExportScope, sha1_of: Sha1Of | None = None) -> Iterator[dict[str, Any]]:
    exported: set[str] = set()
    for doc in scope.documents:
        yield article(doc, sha1_of(doc.source.sha256) if sha1_of else None)
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


def article(doc: Document, sha1: str | None = None) -> dict[str, Any]:
    published = doc.published.value if doc.published else None
    where = doc.source.path + (f" ({doc.source.locator})" if doc.source.locator else "")
    return _entity(doc.id, "Article", title=doc.title, author=doc.byline, publisher=doc.outlet,
                   publishedAt=_date(published), sourceUrl=doc.source.url, contentHash=sha1,
                   notes=[f"source: {where}", f"sha256: {doc.source.sha256}"])


def named_entity(record: dict[str, Any], schema: str) -> dict[str, Any]:
    # A Cyrillic name's Latin form is one more way the entity is written (issue 18).
    aliases = [*(record.get("aliases") or []), *([record["latin"]] if record.get("latin") else [])]
    props: dict[str, Any] = {"name": record["name"], "alias": aliases}
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
             f"modality: {event.get('modality')}", f"verification: {verification}"]
    if acled.get("event_type"):
        notes.append(f"ACLED: {acled['event_type']} / {acled.get('sub_event_type')}")
    if event.get("aggregate"):
        notes.append("aggregate: a statistical claim, not a single incident")
    incident = scope.incident_of(event["id"])
    if incident:
        notes.append(f"incident: {incident}")
    evidence = (event.get("evidence") or [{}])[0]
    return _entity(
        event["id"], "Event", name=_event_name(event["category"], loc.get("name")),
        **_dates(event.get("date")), location=loc.get("name"),
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
        **_dates(incident.get("date")), location=loc.get("name"),
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


def _dates(date: dict[str, Any] | None) -> dict[str, str | None]:
    """`date` when FtM reads the value; else the first and last day of its period."""
    value, precision = (date or {}).get("value"), (date or {}).get("precision")
    if _date(value):
        return {"date": _date(value)}
    found = period(value, precision)
    if found is None:
        return {}
    return {"startDate": found[0].isoformat(), "endDate": found[1].isoformat()}


def _date(value: str | None) -> str | None:
    """The value in FtM's own date form, or None when FtM cannot read it. FtM keeps dates in
    UTC without a zone letter and no finer than seconds (it cuts `08:05:00Z` to `08:05`, but
    keeps `08:05:00`), so the `Z` of a UTC time and any fraction of a second are dropped."""
    if not value or not _FTM_DATE.fullmatch(value):
        return None
    return re.sub(r"(\.\d+)?Z$", "", value).replace(" ", "T")


def _country(code: str | None) -> str | None:
    return code.lower() if code else None


# Properties whose values are entity ids, written as FtM ids.
_REFERENCES = {"addressEntity", "involved", "proof"}


def _entity(entity_id: str, schema: str, **props: Any) -> dict[str, Any]:
    """An FtM entity: every property a list of non-empty strings, empty properties left out,
    ids and references in FtM's id form, and the Docket id in `notes`."""
    properties: dict[str, list[str]] = {}
    props["notes"] = [*_as_list(props.get("notes")), f"Docket id: {entity_id}"]
    for name, value in props.items():
        strings = [str(v).strip() for v in _as_list(value) if v is not None and str(v).strip()]
        if name in _REFERENCES:
            strings = [ftm_id(v) for v in strings]
        if strings:
            properties[name] = strings
    return {"id": ftm_id(entity_id), "schema": schema, "properties": properties}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]
