"""A Datasette-ready SQLite file: the ledger's records as flat tables, with their metadata.

`datasette ledger.db --metadata ledger.metadata.json` then gives a browsable, faceted,
searchable view; `latitude`/`longitude` columns are what datasette-cluster-map draws. Tables:
`documents`, `entities`, `events`, `incidents`, `stories`, `claims`, `contradictions`. Nested
fields (the ids of an incident's events, a story's documents) are JSON arrays in text columns,
which Datasette renders and filters. Foreign keys link events, claims and entities' places so
Datasette shows each id as a link.

Dates: a date as the text states it (`2023-W15`, `2022-SP`, `2014`) is no date SQLite's
`date()` reads (it takes `2014` for a day count), so beside it every dated table has ISO day
columns, `date_start` and `date_end` (`published_start` / `published_end` for documents): the
first and last day of the period (docket/ledger/periods.py). Sort, filter and facet on those;
the metadata opens events and incidents with a date facet on `date_start`, latest first.
`date_precision` says how coarse the date is. `place_precision` is Docket's word for a place's
precision and `geo_precision` ACLED's code, as in the ACLED CSV.

Search: `documents_fts` is an FTS5 index of the documents' title, outlet, byline and text (kept
outside the table, `content="documents"`), which the metadata names, so the documents table has
a search box (`?_search=`, SQLite's FTS5 query syntax).

Metadata: a description of every table and every column, the licence (the sources' own terms:
the export is derived from their text) and the source (Docket's version, the documents and
their outlets).

The ledger itself is not used because it holds what a browser must not: password hashes, the web
key, custody internals. The export is a new file: an existing one is never overwritten, since it
may be someone's annotated copy.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from docket.errors import DocketError
from docket.ledger.export_scope import ExportScope, select_scope
from docket.ledger.periods import period
from docket.ledger.store import DocumentFilter, Ledger
from docket.version import __version__

LICENCE_NOTE = ("derived from the sources' text: each document's publisher's terms apply "
                "(documents.outlet, documents.url); check them before publishing")

_DATE_START = ("date_start", "TEXT", "first day of the period the date covers (ISO "
               "YYYY-MM-DD): sort, filter and facet on this")
_DATE_END = ("date_end", "TEXT", "last day of that period (ISO YYYY-MM-DD); equal to "
             "date_start for a day")

# Table name -> (columns: name, SQLite type, description; the table's description). The first
# column is the primary key. Every column is described: the metadata shows it in Datasette.
TABLES: dict[str, tuple[tuple[tuple[str, str, str], ...], str]] = {
    "documents": ((
        ("id", "TEXT PRIMARY KEY", "Docket's document id, from the SHA-256 of its raw bytes"),
        ("title", "TEXT", "title as the input states it"),
        ("outlet", "TEXT", "publishing outlet, when stated"),
        ("byline", "TEXT", "author as stated"),
        ("cited_source", "TEXT", "outlet or agency the text cites as the story's origin"),
        ("published", "TEXT", "publication date as stated, ISO at its precision"),
        ("published_precision", "TEXT", "year, month, day or datetime"),
        ("published_start", "TEXT", "first day the publication date covers (ISO YYYY-MM-DD)"),
        ("published_end", "TEXT", "last day the publication date covers (ISO YYYY-MM-DD)"),
        ("language", "TEXT", "ISO 639-1 code of the main text"),
        ("url", "TEXT", "the article's URL when the input states it"),
        ("path", "TEXT", "file the record came from, as ingested"),
        ("locator", "TEXT", "where in a container file (JSONL line, WARC record, feed item)"),
        ("sha256", "TEXT", "SHA-256 of the raw bytes, kept unchanged in the evidence store"),
        ("segment_of", "TEXT", "the page's principal document when this is a story cut "
                               "from a page of several"),
        ("analysed", "INTEGER", "1 when the analysis stages handled the document"),
        ("text", "TEXT", "the main text (full-text searchable with title, outlet and byline)"),
    ), "One row per document (article): where it came from and its main text."),
    "entities": ((
        ("id", "TEXT PRIMARY KEY", "Docket's entity id"),
        ("kind", "TEXT", "person, organization, military_unit, place, unnamed_person or "
                         "participant"),
        ("name", "TEXT", "display name"),
        ("latin", "TEXT", "a Latin form of a name written in Cyrillic (null otherwise)"),
        ("aliases", "TEXT", "every other written form (JSON array)"),
        ("latitude", "REAL", "places: WGS 84 latitude"),
        ("longitude", "REAL", "places: WGS 84 longitude"),
        ("country", "TEXT", "ISO 3166-1 alpha-2 code"),
        ("admin1", "TEXT", "places: region (oblast)"),
        ("admin2", "TEXT", "places: district (raion)"),
        ("gazetteer_id", "TEXT", "places: gazetteer id (geonames:…, katottg:…, admin:…)"),
        ("feature_kind", "TEXT", "places: city, village, admin1, region, …"),
        ("mentions", "INTEGER", "mentions in the exported documents"),
        ("documents", "INTEGER", "exported documents that mention it"),
    ), "People, organizations, military units, places and unnamed participants named in the "
       "documents; places carry coordinates."),
    "events": ((
        ("id", "TEXT PRIMARY KEY", "Docket's event id"),
        ("document_id", "TEXT REFERENCES documents(id)", "the document that reports it"),
        ("incident_id", "TEXT REFERENCES incidents(id)", "the incident it is part of"),
        ("category", "TEXT", "Docket's category (docs/taxonomy.md)"),
        ("event_type", "TEXT", "ACLED event type"),
        ("sub_event_type", "TEXT", "ACLED sub-event type"),
        ("ihl", "TEXT", "international humanitarian law category"),
        ("perpetrator_side", "TEXT", "Russia, Ukraine, DPR, LPR, separatists, Belarus or "
                                     "unknown"),
        ("perpetrator", "TEXT", "the words that name who did it"),
        ("victims_side", "TEXT", "the victims' side"),
        ("victims_status", "TEXT", "civilians, combatants, prisoners or people"),
        ("victims_count", "INTEGER", "how many victims, as stated"),
        ("victims_qualifier", "TEXT", "the count's qualifier: at least, about, …"),
        ("fatalities", "INTEGER", "people killed as stated; empty when the text does not say"),
        ("place", "TEXT", "the place's gazetteer name"),
        ("place_id", "TEXT REFERENCES entities(id)", "the place's entity"),
        ("latitude", "REAL", "WGS 84 latitude of the place"),
        ("longitude", "REAL", "WGS 84 longitude of the place"),
        ("place_precision", "TEXT", "point, settlement, approximate, admin2, admin1, region "
                                    "or country"),
        ("geo_precision", "INTEGER", "ACLED's code: 1 a settlement or point, 2 near a place "
                                     "or a district, 3 a region or coarser"),
        ("date", "TEXT", "the date as the text states it, ISO at its precision (2023-W15, "
                         "2022-SP, 2014)"),
        ("date_precision", "TEXT", "day, week, month, quarter, season, year, decade"),
        _DATE_START, _DATE_END,
        ("claimant", "TEXT", "whose account it is"),
        ("claimant_kind", "TEXT", "person, organization, participant, outlet, …"),
        ("claim_id", "TEXT REFERENCES claims(id)", "the claim whose content holds it"),
        ("verification", "TEXT", "what the text says about verification"),
        ("verification_by", "TEXT", "who verified, denied or did not respond"),
        ("modality", "TEXT", "asserted, reported, alleged, hypothetical or negated"),
        ("aggregate", "INTEGER", "1 for a statistical claim, not a single incident"),
        ("review", "TEXT", "the analyst's latest judgement: confirmed, rejected or empty"),
        ("evidence", "TEXT", "the sentence that reports it"),
        ("evidence_start", "INTEGER", "its start in the document's text (code points)"),
        ("evidence_end", "INTEGER", "its end in the document's text (code points)"),
        ("rule", "TEXT", "the rule that found it"),
        ("why", "TEXT", "the words and rules behind the category"),
    ), "One row per event as one document reports it: always someone's account (claimant), "
       "with its modality and what the text says about verification."),
    "incidents": ((
        ("id", "TEXT PRIMARY KEY", "Docket's incident id"),
        ("category", "TEXT", "the category of its events"),
        ("date", "TEXT", "the most precise date among its events, as stated"),
        ("date_precision", "TEXT", "day, week, month, …"),
        _DATE_START, _DATE_END,
        ("place", "TEXT", "the most precise place among its events"),
        ("place_id", "TEXT REFERENCES entities(id)", "the place's entity"),
        ("latitude", "REAL", "WGS 84 latitude"),
        ("longitude", "REAL", "WGS 84 longitude"),
        ("place_precision", "TEXT", "point, settlement, approximate, admin2, admin1, region "
                                    "or country"),
        ("independent_sources", "INTEGER", "distinct original sources"),
        ("events", "TEXT", "its events (JSON array)"),
        ("stories", "TEXT", "the stories its events come from (JSON array)"),
        ("why", "TEXT", "which compatibilities joined the events"),
        ("review", "TEXT", "the analyst's latest judgement"),
    ), "Happenings: events from different reports joined as one; independent_sources counts "
       "distinct original sources."),
    "stories": ((
        ("id", "TEXT PRIMARY KEY", "Docket's story id"),
        ("original_document", "TEXT REFERENCES documents(id)", "the document taken as the "
                                                               "original"),
        ("original_outlet", "TEXT", "that original's outlet"),
        ("documents", "TEXT", "the documents that carry the report (JSON array)"),
        ("size", "INTEGER", "how many documents"),
        ("why", "TEXT", "how the documents were joined and the original chosen"),
        ("review", "TEXT", "the analyst's latest judgement"),
    ), "Documents that carry one report (copies, reprints, translations) and the original."),
    "claims": ((
        ("id", "TEXT PRIMARY KEY", "Docket's claim id"),
        ("document_id", "TEXT REFERENCES documents(id)", "the document"),
        ("kind", "TEXT", "direct_quote, reported_speech, according_to or source_line"),
        ("source", "TEXT", "who makes the statement, as written"),
        ("source_kind", "TEXT", "person, organization, participant, outlet, …"),
        ("source_entity", "TEXT REFERENCES entities(id)", "the speaker's entity"),
        ("cue", "TEXT", "the words that attribute (said, according to)"),
        ("content", "TEXT", "what is attributed"),
        ("content_start", "INTEGER", "its start in the document's text (code points)"),
        ("content_end", "INTEGER", "its end in the document's text (code points)"),
        ("modality", "TEXT", "reported, alleged, hypothetical or negated"),
        ("verification", "TEXT", "what the text says about verification"),
        ("verification_by", "TEXT", "who verified, denied or did not respond"),
        ("rule", "TEXT", "the rule that found it"),
        ("review", "TEXT", "the analyst's latest judgement"),
    ), "Attributed statements: who said what, with which cue."),
    "contradictions": ((
        ("id", "TEXT PRIMARY KEY", "Docket's contradiction id"),
        ("field", "TEXT", "the field that disagrees (fatalities, date, place, …)"),
        ("scope", "TEXT", "story (copies disagree) or incident (reports disagree)"),
        ("documents", "TEXT", "the documents, one per value (JSON array)"),
        ("events", "TEXT", "the events, one per value (JSON array)"),
        ("values_stated", "TEXT", "the values as each event states them (JSON array)"),
        ("why", "TEXT", "the disagreement in words"),
        ("rule", "TEXT", "the comparison rule"),
        ("review", "TEXT", "the analyst's latest judgement"),
    ), "Where copies of one story, or reports of one incident, disagree."),
}
# Full-text search on documents: an FTS5 index over these columns, kept outside the table
# (content="documents"), which Datasette finds and offers as a search box.
FTS_TABLE, FTS_COLUMNS = "documents_fts", ("title", "outlet", "byline", "text")
# What each table opens with: facets (a date facet on date_start) and the sort.
_VIEWS: dict[str, dict[str, Any]] = {
    "events": {"facets": ["category", "perpetrator_side", "verification", "modality",
                          {"date": "date_start"}], "sort_desc": "date_start"},
    "incidents": {"facets": ["category", {"date": "date_start"}], "sort_desc": "date_start"},
    "documents": {"facets": ["outlet", "language"], "sort_desc": "published_start",
                  "fts_table": FTS_TABLE, "searchmode": "raw"},
}
# ACLED's geo_precision codes by Docket's place precision (as in the ACLED CSV export).
_GEO_PRECISION = {"point": 1, "settlement": 1, "admin2": 2, "approximate": 2, "admin1": 3,
                  "region": 3, "country": 3}


def metadata_path(path: Path) -> Path:
    return Path(path).with_suffix(".metadata.json")


def export_datasette(ledger: Ledger, path: Path, flt: DocumentFilter | None = None) -> int:
    """Write the SQLite file and its metadata JSON; return the number of rows written."""
    path, meta = Path(path), metadata_path(Path(path))
    for target in (path, meta):
        if target.exists():
            raise DocketError(f"{target} exists: remove it first, or choose another --out path")
    scope = select_scope(ledger, flt)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        with conn:
            count = _write_tables(conn, scope)
    except BaseException:
        conn.close()
        partial.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(partial, path)  # a reader never sees a half-written file under the real name
    meta.write_text(json.dumps(datasette_metadata(path.stem, scope), indent=2,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return count


def datasette_metadata(database: str, scope: ExportScope | None = None) -> dict[str, Any]:
    """Datasette's metadata document: title, licence, source, every table and column described,
    full-text search on documents, and date facets."""
    documents = scope.documents if scope is not None else ()
    outlets = sorted({d.outlet for d in documents if d.outlet})
    source = (f"Docket {__version__} export of {len(documents)} document(s) from "
              f"{len(outlets)} outlet(s): {', '.join(outlets) or 'none named'}")
    tables: dict[str, Any] = {}
    for name, (columns, description) in TABLES.items():
        tables[name] = {"description": description,
                        "columns": {c: d for c, _, d in columns}} | _VIEWS.get(name, {})
    return {
        "title": "Docket ledger export",
        "description": "Attributed allegations from conflict news: documents, the events they "
                       "report (each someone's account), incidents, stories, claims and "
                       "contradictions. Every value points back to the words of a document, "
                       "and every document to the SHA-256 of its raw bytes.",
        "license": LICENCE_NOTE,
        "source": source,
        "about": "Docket's export contract: docs/export.md",
        "databases": {database: {"source": source, "license": LICENCE_NOTE,
                                 "tables": tables}},
    }


def _write_tables(conn: sqlite3.Connection, scope: ExportScope) -> int:
    rows_by_table: dict[str, Iterable[Sequence[Any]]] = {
        "documents": (_document_row(d) for d in scope.documents),
        "entities": (_entity_row(e) for e in scope.entities),
        "events": (_event_row(e, scope) for e in scope.events),
        "incidents": (_incident_row(i) for i in scope.incidents),
        "stories": (_story_row(s) for s in scope.stories),
        "claims": (_claim_row(c) for c in scope.claims),
        "contradictions": (_contradiction_row(c) for c in scope.contradictions),
    }
    count = 0
    for table, (columns, _) in TABLES.items():
        conn.execute(f"CREATE TABLE {table} ("
                     + ", ".join(f"{name} {kind}" for name, kind, _ in columns) + ")")
        marks = ", ".join("?" for _ in columns)
        cur = conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows_by_table[table])
        count += max(cur.rowcount, 0)
    fts_columns = ", ".join(FTS_COLUMNS)
    conn.execute(f'CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({fts_columns}, '
                 f'content="documents", content_rowid="rowid")')
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    return count


def _document_row(doc: Any) -> tuple[Any, ...]:
    published = doc.published
    start, end = _days({"value": published.value, "precision": published.precision}
                       if published else None)
    return (doc.id, doc.title, doc.outlet, doc.byline, doc.cited_source,
            published.value if published else None, published.precision if published else None,
            start, end, doc.language, doc.source.url, doc.source.path, doc.source.locator,
            doc.source.sha256, doc.segment_of, int(doc.analysed), doc.text)


def _entity_row(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["id"], e["kind"], e["name"], e.get("latin"), _json(e.get("aliases") or []),
            e.get("lat"), e.get("lon"), e.get("country"), e.get("admin1"), e.get("admin2"),
            e.get("gazetteer_id"), e.get("feature_kind"), len(e["mentions"]),
            len({m["document"] for m in e["mentions"]}))


def _event_row(e: dict[str, Any], scope: ExportScope) -> tuple[Any, ...]:
    perp, victims = e["perpetrator"], e["victims"]
    loc, date = e.get("location") or {}, e.get("date") or {}
    claimant, verification = e.get("claimant") or {}, e.get("verification") or {}
    evidence = (e.get("evidence") or [{}])[0]
    return (e["id"], e["document"], scope.incident_of(e["id"]), e["category"],
            e["acled"]["event_type"], e["acled"]["sub_event_type"], e.get("ihl"),
            perp.get("side"), (perp.get("text") or {}).get("text"), victims.get("side"),
            victims.get("status"), victims.get("count"), victims.get("qualifier"),
            e.get("fatalities"), loc.get("name"), loc.get("entity"), loc.get("lat"),
            loc.get("lon"), loc.get("precision"), _GEO_PRECISION.get(loc.get("precision") or ""),
            date.get("value"), date.get("precision"), *_days(date),
            claimant.get("name"), claimant.get("kind"), e.get("claim"), verification.get("status"),
            verification.get("by"), e.get("modality"), int(bool(e.get("aggregate"))),
            _review(e), evidence.get("text"), evidence.get("start"), evidence.get("end"),
            e.get("rule"), e.get("why"))


def _incident_row(i: dict[str, Any]) -> tuple[Any, ...]:
    loc, date = i.get("location") or {}, i.get("date") or {}
    return (i["id"], i["category"], date.get("value"), date.get("precision"), *_days(date),
            loc.get("name"),
            loc.get("entity"), loc.get("lat"), loc.get("lon"), loc.get("precision"),
            i.get("independent_sources"), _json(i.get("events") or []),
            _json(i.get("stories") or []), i.get("why"), _review(i))


def _story_row(s: dict[str, Any]) -> tuple[Any, ...]:
    return (s["id"], s.get("original_document"), s.get("original_outlet"),
            _json(s["documents"]), len(s["documents"]), s.get("why"), _review(s))


def _claim_row(c: dict[str, Any]) -> tuple[Any, ...]:
    verification = c.get("verification") or {}
    return (c["id"], c["document"], c["kind"], (c.get("source") or {}).get("text"),
            c.get("source_kind"), c.get("source_entity"), (c.get("cue") or {}).get("text"),
            c["content"]["text"], c["content"]["start"], c["content"]["end"], c.get("modality"),
            verification.get("status"), verification.get("by"), c.get("rule"), _review(c))


def _contradiction_row(c: dict[str, Any]) -> tuple[Any, ...]:
    return (c["id"], c["field"], c["scope"], _json(c.get("documents") or []),
            _json(c.get("events") or []), _json(c.get("values") or []), c.get("why"),
            c.get("rule"), _review(c))


def _days(date: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(first day, last day) of a date's period as ISO days, or (None, None)."""
    found = period((date or {}).get("value"), (date or {}).get("precision"))
    return (found[0].isoformat(), found[1].isoformat()) if found else (None, None)


def _review(record: dict[str, Any]) -> str | None:
    return (record.get("review") or {}).get("status")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
