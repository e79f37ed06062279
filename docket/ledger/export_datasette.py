"""A Datasette-ready SQLite file: the ledger's records as flat tables, with their metadata.

`datasette ledger.db --metadata ledger.metadata.json` then gives a browsable, faceted,
full-table view; `latitude`/`longitude` columns are what datasette-cluster-map draws. Tables:
`documents`, `entities`, `events`, `incidents`, `stories`, `claims`, `contradictions`. Nested
fields (the ids of an incident's events, a story's documents) are JSON arrays in text columns,
which Datasette renders and filters. Foreign keys link events, claims and entities' places so
Datasette shows each id as a link.

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
from docket.ledger.store import DocumentFilter, Ledger
from docket.version import __version__

LICENCE_NOTE = "derived from the sources' text; check their terms"

# Table name -> (columns with SQLite types, description). The first column is the primary key.
TABLES: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "documents": ((
        ("id", "TEXT PRIMARY KEY"), ("title", "TEXT"), ("outlet", "TEXT"), ("byline", "TEXT"),
        ("cited_source", "TEXT"), ("published", "TEXT"), ("published_precision", "TEXT"),
        ("language", "TEXT"), ("url", "TEXT"), ("path", "TEXT"), ("locator", "TEXT"),
        ("sha256", "TEXT"), ("segment_of", "TEXT"), ("analysed", "INTEGER"), ("text", "TEXT"),
    ), "One row per document (article): where it came from and its main text."),
    "entities": ((
        ("id", "TEXT PRIMARY KEY"), ("kind", "TEXT"), ("name", "TEXT"), ("aliases", "TEXT"),
        ("latitude", "REAL"), ("longitude", "REAL"), ("country", "TEXT"), ("admin1", "TEXT"),
        ("admin2", "TEXT"), ("gazetteer_id", "TEXT"), ("feature_kind", "TEXT"),
        ("mentions", "INTEGER"), ("documents", "INTEGER"),
    ), "People, organizations, military units, places and unnamed participants named in the "
       "documents; places carry coordinates."),
    "events": ((
        ("id", "TEXT PRIMARY KEY"), ("document_id", "TEXT REFERENCES documents(id)"),
        ("incident_id", "TEXT REFERENCES incidents(id)"), ("category", "TEXT"),
        ("event_type", "TEXT"), ("sub_event_type", "TEXT"), ("ihl", "TEXT"),
        ("perpetrator_side", "TEXT"), ("perpetrator", "TEXT"), ("victims_side", "TEXT"),
        ("victims_status", "TEXT"), ("victims_count", "INTEGER"), ("victims_qualifier", "TEXT"),
        ("fatalities", "INTEGER"), ("place", "TEXT"),
        ("place_id", "TEXT REFERENCES entities(id)"), ("latitude", "REAL"), ("longitude", "REAL"),
        ("geo_precision", "TEXT"), ("date", "TEXT"), ("date_precision", "TEXT"),
        ("claimant", "TEXT"), ("claimant_kind", "TEXT"), ("claim_id", "TEXT REFERENCES claims(id)"),
        ("verification", "TEXT"), ("verification_by", "TEXT"), ("modality", "TEXT"),
        ("aggregate", "INTEGER"), ("review", "TEXT"), ("evidence", "TEXT"),
        ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("rule", "TEXT"),
        ("why", "TEXT"),
    ), "One row per event as one document reports it: always someone's account (claimant), "
       "with its modality and what the text says about verification."),
    "incidents": ((
        ("id", "TEXT PRIMARY KEY"), ("category", "TEXT"), ("date", "TEXT"),
        ("date_precision", "TEXT"), ("place", "TEXT"), ("place_id", "TEXT REFERENCES entities(id)"),
        ("latitude", "REAL"), ("longitude", "REAL"), ("precision", "TEXT"),
        ("independent_sources", "INTEGER"), ("events", "TEXT"), ("stories", "TEXT"),
        ("why", "TEXT"), ("review", "TEXT"),
    ), "Happenings: events from different reports joined as one; independent_sources counts "
       "distinct original sources."),
    "stories": ((
        ("id", "TEXT PRIMARY KEY"), ("original_document", "TEXT REFERENCES documents(id)"),
        ("original_outlet", "TEXT"), ("documents", "TEXT"), ("size", "INTEGER"), ("why", "TEXT"),
        ("review", "TEXT"),
    ), "Documents that carry one report (copies, reprints, translations) and the original."),
    "claims": ((
        ("id", "TEXT PRIMARY KEY"), ("document_id", "TEXT REFERENCES documents(id)"),
        ("kind", "TEXT"), ("source", "TEXT"), ("source_kind", "TEXT"),
        ("source_entity", "TEXT REFERENCES entities(id)"), ("cue", "TEXT"), ("content", "TEXT"),
        ("content_start", "INTEGER"), ("content_end", "INTEGER"), ("modality", "TEXT"),
        ("verification", "TEXT"), ("verification_by", "TEXT"), ("rule", "TEXT"),
        ("review", "TEXT"),
    ), "Attributed statements: who said what, with which cue."),
    "contradictions": ((
        ("id", "TEXT PRIMARY KEY"), ("field", "TEXT"), ("scope", "TEXT"), ("documents", "TEXT"),
        ("events", "TEXT"), ("values_stated", "TEXT"), ("why", "TEXT"), ("rule", "TEXT"),
        ("review", "TEXT"),
    ), "Where copies of one story, or reports of one incident, disagree."),
}


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
    meta.write_text(json.dumps(datasette_metadata(path.stem), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return count


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata document: title, source, licence note, one line per table."""
    return {
        "title": "Docket ledger export",
        "description": "Attributed allegations from conflict news: documents, the events they "
                       "report (each someone's account), incidents, stories, claims and "
                       "contradictions. Every value points back to the words of a document.",
        "source": f"Docket {__version__}",
        "license": LICENCE_NOTE,
        "databases": {database: {"tables": {
            name: {"description": description} for name, (_, description) in TABLES.items()}}},
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
                     + ", ".join(f"{name} {kind}" for name, kind in columns) + ")")
        marks = ", ".join("?" for _ in columns)
        cur = conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows_by_table[table])
        count += max(cur.rowcount, 0)
    return count


def _document_row(doc: Any) -> tuple[Any, ...]:
    published = doc.published
    return (doc.id, doc.title, doc.outlet, doc.byline, doc.cited_source,
            published.value if published else None, published.precision if published else None,
            doc.language, doc.source.url, doc.source.path, doc.source.locator, doc.source.sha256,
            doc.segment_of, int(doc.analysed), doc.text)


def _entity_row(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["id"], e["kind"], e["name"], _json(e.get("aliases") or []), e.get("lat"),
            e.get("lon"), e.get("country"), e.get("admin1"), e.get("admin2"),
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
            loc.get("lon"), loc.get("precision"), date.get("value"), date.get("precision"),
            claimant.get("name"), claimant.get("kind"), e.get("claim"), verification.get("status"),
            verification.get("by"), e.get("modality"), int(bool(e.get("aggregate"))),
            _review(e), evidence.get("text"), evidence.get("start"), evidence.get("end"),
            e.get("rule"), e.get("why"))


def _incident_row(i: dict[str, Any]) -> tuple[Any, ...]:
    loc, date = i.get("location") or {}, i.get("date") or {}
    return (i["id"], i["category"], date.get("value"), date.get("precision"), loc.get("name"),
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


def _review(record: dict[str, Any]) -> str | None:
    return (record.get("review") or {}).get("status")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
