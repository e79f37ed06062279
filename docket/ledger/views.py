"""The workbench's read queries (in the ledger, which owns every SQL statement): what each
page needs, fetched by id or by index.

The ledger's iterators (`incident_records`, `iter_entities`, ...) walk whole tables, which is
right for an export and wrong for a page that must answer in milliseconds on a ledger of a
hundred thousand documents. These queries read the same stored records (the export records in
each table's `record` column) but only the rows a page shows, and page through long lists.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docket.ledger.search import folded_fts_query, fts_query
from docket.ledger.store import WITHDRAWN_SQL, Ledger, judged_record

# A page shows at most this many rows of a list; the rest is reached by paging or filtering.
PAGE_ROWS = 100


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" for _ in items)


def _with_reviews(ledger: Ledger, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records as analysts left them: edits applied, latest review attached, wherever the
    judgement was made (anchored judgements follow re-derived records: ledger/judged.py)."""
    reviews, edits = ledger.judgement_maps()
    return [judged_record(r, reviews, edits) for r in records]


def record_by_id(ledger: Ledger, table: str, record_id: str) -> dict[str, Any] | None:
    """One stored record (claim, event, story, incident, contradiction) with its review."""
    row = ledger._conn.execute(f"SELECT record FROM {table} WHERE id = ?",
                              (record_id,)).fetchone()
    if row is None:
        return None
    return _with_reviews(ledger, [json.loads(row[0])])[0]


def records_by_ids(ledger: Ledger, table: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Stored records in the order of `ids` (unknown ids are skipped)."""
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):  # under SQLite's bound-parameter limit
        chunk = list(ids[i:i + 500])
        for row in ledger._conn.execute(
                f"SELECT id, record FROM {table} WHERE id IN ({_marks(chunk)})", chunk):
            found[row[0]] = json.loads(row[1])
    return _with_reviews(ledger, [found[i] for i in ids if i in found])


def document_rows(ledger: Ledger, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
    """Title, outlet, publication date and path of documents, by id (no text)."""
    out: dict[str, sqlite3.Row] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        for row in ledger._conn.execute(
                "SELECT id, title, outlet, published_value, path, url, segment_of "
                f"FROM document WHERE id IN ({_marks(chunk)})", chunk):
            out[row["id"]] = row
    return out


def incidents_of_events(ledger: Ledger, event_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(event_ids), 500):
        chunk = list(event_ids[i:i + 500])
        out.update((row[0], row[1]) for row in ledger._conn.execute(
            "SELECT event_id, incident_id FROM incident_member "
            f"WHERE event_id IN ({_marks(chunk)})", chunk))
    return out


def story_of_document(ledger: Ledger, document_id: str) -> str | None:
    row = ledger._conn.execute("SELECT story_id FROM story_member WHERE document_id = ?",
                              (document_id,)).fetchone()
    return None if row is None else str(row[0])


def contradictions_of(ledger: Ledger, *, events: Iterable[str] = (),
                      documents: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Contradictions that name any of these events or documents."""
    wanted_events, wanted_docs = set(events), set(documents)
    wanted = sorted(wanted_events | wanted_docs)
    found: dict[str, dict[str, Any]] = {}
    # Ids are hashes that occur in a record only where it names them, so a substring test in
    # SQL picks the candidates without parsing every contradiction's JSON; the sets decide.
    for i in range(0, len(wanted), 200):
        chunk = wanted[i:i + 200]
        where = " OR ".join("instr(record, ?) > 0" for _ in chunk)
        for row in ledger._conn.execute(f"SELECT record FROM contradiction WHERE {where}", chunk):
            record = json.loads(row[0])
            if wanted_events & set(record["events"]) or wanted_docs & set(record["documents"]):
                found[record["id"]] = record
    return _with_reviews(ledger, [found[k] for k in sorted(found)])


# -- incidents table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentFilter:
    """The incident table's filters; empty strings and None mean any."""

    category: str = ""
    side: str = ""  # perpetrator side of any of its events
    verification: str = ""  # verification status of any of its events
    since: str = ""  # ISO date prefix, inclusive
    until: str = ""  # ISO date prefix, inclusive
    place: str = ""  # text in the place's name or words
    min_sources: int = 0

    def sql(self) -> tuple[str, list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        date = "i.date_value"  # the record's date.value, stored and indexed (migration 8)
        if self.category:
            where.append("i.category = ?")
            args.append(self.category)
        if self.min_sources > 0:
            where.append("i.independent_sources >= ?")
            args.append(self.min_sources)
        if self.since:
            where.append(f"{date} >= ?")
            args.append(self.since)
        if self.until:
            # "Up to this prefix, inclusive" as a range the date index can answer: an ISO
            # value that starts with the prefix continues with characters below "~".
            where.append(f"{date} <= ?")
            args.append(self.until + "~")
        if self.place:
            where.append("(instr(lower(i.place), lower(?)) > 0"
                         " OR instr(lower(json_extract(i.record, '$.location.text')), lower(?))"
                         " > 0)")
            args.extend([self.place, self.place])
        for column, value in (("perpetrator_side", self.side),
                              ("verification", self.verification)):
            if value:
                where.append("EXISTS (SELECT 1 FROM incident_member m JOIN event e ON "
                             f"e.id = m.event_id WHERE m.incident_id = i.id AND e.{column} = ?)")
                args.append(value)
        return (" WHERE " + " AND ".join(where)) if where else "", args


# The map's points travel in the page as JSON: 5,000 of them made the incident page 600 KB and
# a third of its time on a large ledger; past this many the map shows the latest.
MAP_POINTS = 2000


def incident_points(ledger: Ledger, flt: IncidentFilter,
                    limit: int = MAP_POINTS) -> list[dict[str, Any]]:
    """Located incidents matching the filter, for the map (id, category, place, lat, lon)."""
    where, args = flt.sql()
    located = "i.lat IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    # Latest first, so a map capped at `limit` points shows the most recent incidents.
    rows = ledger._conn.execute(
        "SELECT i.id, i.category, i.place, i.lat, i.lon, i.date_value "
        f"FROM incident i{where} ORDER BY i.date_value DESC, i.id LIMIT ?", [*args, limit])
    return [{"id": r[0], "category": r[1], "place": r[2], "lat": r[3], "lon": r[4],
             "date": r[5]} for r in rows]


def incident_days(ledger: Ledger, flt: IncidentFilter) -> list[tuple[str, int]]:
    """Incidents per day (those dated to the day or finer), in date order."""
    where, args = flt.sql()
    day = "i.day"  # the date's first ten characters, stored and indexed (migration 8)
    dated = f"length({day}) = 10"
    where = f"{where} AND {dated}" if where else f" WHERE {dated}"
    rows = ledger._conn.execute(
        f"SELECT {day}, count(*) FROM incident i{where} GROUP BY 1 ORDER BY 1", args)
    return [(str(r[0]), int(r[1])) for r in rows]


def _distinct(ledger: Ledger, table: str, column: str) -> list[str]:
    """The distinct values of an indexed column, by one index seek per value.

    SELECT DISTINCT would read every row (every event, on every incident page); stepping from
    each value to the next one above it reads as many index entries as there are values.
    """
    rows = ledger._conn.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM {table} UNION ALL "
        f"SELECT (SELECT min({column}) FROM {table} WHERE {column} > v.x) FROM v "
        "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL")
    return [str(r[0]) for r in rows]


def incident_choices(ledger: Ledger) -> dict[str, list[str]]:
    """The values the filters offer: categories, sides and verification statuses present."""
    return {"category": _distinct(ledger, "incident", "category"),
            "side": _distinct(ledger, "event", "perpetrator_side"),
            "verification": _distinct(ledger, "event", "verification")}


# -- entities ------------------------------------------------------------------------------------


def entity_row(ledger: Ledger, entity_id: str) -> dict[str, Any] | None:
    row = ledger._conn.execute("SELECT * FROM entity WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    return _with_reviews(ledger, [{"id": row["id"], "kind": row["kind"], "key": row["key"],
                                   "name": row["name"], **json.loads(row["attributes"])}])[0]


def entity_mentions(ledger: Ledger, entity_id: str,
                    limit: int = PAGE_ROWS * 5) -> tuple[int, list[dict[str, Any]]]:
    """How many mentions an entity has, and the first of them with their documents' titles."""
    total = int(ledger._conn.execute("SELECT count(*) FROM mention WHERE entity_id = ?",
                                    (entity_id,)).fetchone()[0])
    rows = ledger._conn.execute(
        "SELECT m.document_id, m.start, m.end, m.text, m.rule, m.resolution, m.attributes, "
        "d.title, d.outlet FROM mention m JOIN document d ON d.id = m.document_id "
        "WHERE m.entity_id = ? ORDER BY m.document_id, m.start LIMIT ?", (entity_id, limit))
    out = [{"document": r[0], "start": r[1], "end": r[2], "text": r[3], "rule": r[4],
            "resolution": r[5], "attributes": json.loads(r[6]), "title": r[7], "outlet": r[8]}
           for r in rows]
    return total, out


def entity_aliases(ledger: Ledger, entity_id: str, name: str) -> list[str]:
    rows = ledger._conn.execute("SELECT DISTINCT text FROM mention WHERE entity_id = ?",
                               (entity_id,))
    return sorted({r[0] for r in rows} - {name})


# -- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentHit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str  # text around the match; SNIPPET_OPEN/SNIPPET_CLOSE mark the matched words


# Control characters never occur in stored text (normalisation removes them), so they can
# mark the matched words in a snippet and be replaced by tags after the text is escaped.
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class SearchResult:
    documents: list[DocumentHit]
    entities: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    events: list[dict[str, Any]]
    error: str | None  # why the document search could not run (an FTS5 syntax error)
    # Set when more documents matched than are ranked: how the ranked ones were chosen.
    note: str | None = None


_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def search(ledger: Ledger, query: str, limit: int = 50,
           folded: Sequence[Sequence[str]] = (), entity_keys: Sequence[str] = (),
           person_keys: Sequence[str] = ()) -> SearchResult:
    """Documents by full-text query; entities by name; claims and events by their words.

    `folded` is the query's words folded across scripts with their alternatives (the
    workflows' `fold_query`): documents whose folded words match are found after those the
    words as typed find ("Kupiansk" finds a page that writes "Куп'янську"). `entity_keys`
    are entity keys the query names however it is spelt (the gazetteer ids of a place name);
    `person_keys` the ends of person keys it names ("|sirski", "alexander|sirski").

    Claims and events are looked for in the documents the full-text index finds (so a search
    stays an index lookup on a large ledger) and kept when their words hold every query term;
    when the query is not valid FTS5, they are looked for by the whole query as plain text.
    """
    needle = query.strip()
    if not needle:
        return SearchResult([], [], [], [], None)
    error = note = None
    documents: list[DocumentHit] = []
    candidates: list[str] | None = None
    try:
        query_text = fts_query(needle)  # what people type, made valid FTS5
        if query_text:
            rowids, note = _ranked_rowids(ledger, query_text, limit * 10)
            rowids += _folded_rowids(ledger, folded, rowids, limit * 10)
            documents = _document_hits(ledger, query_text, rowids[:limit])
            candidates = _document_ids(ledger, rowids)
    except sqlite3.OperationalError as exc:
        error = (f"The document search could not read this query ({exc}). Full-text search "
                 "takes words, \"quoted phrases\", prefix* and AND/OR/NOT; put anything "
                 "else in double quotes.")
    entities = [dict(r) for r in ledger._conn.execute(
        "SELECT id, kind, name, json_extract(attributes, '$.latin') AS latin FROM entity "
        "WHERE instr(lower(name), lower(?)) > 0 "
        # A Latin query finds a Cyrillic name by the Latin form shown beside it.
        "OR instr(lower(coalesce(json_extract(attributes, '$.latin'), '')), lower(?)) > 0 "
        "OR key IN (SELECT value FROM json_each(?)) "
        # A person by the end of the key: "|sirski" is anyone of that family name.
        "OR (kind = 'person' AND EXISTS (SELECT 1 FROM json_each(?) AS k "
        "    WHERE substr(entity.key, -length(k.value)) = k.value)) "
        "ORDER BY length(name), name LIMIT ?",
        (needle, needle, json.dumps(list(entity_keys)), json.dumps(list(person_keys)), limit))]
    terms = [t.lower() for t in re.findall(r"\w+", needle) if t not in _FTS_OPERATORS]
    claims = _records_matching(ledger, "claim", needle, terms, candidates,
                               ("content", "source"), limit)
    events = _records_matching(ledger, "event", needle, terms, candidates,
                               ("trigger", "evidence"), limit)
    return SearchResult(documents, entities, claims, events, error, note)


# Ranking (bm25) costs about 8 microseconds per matching document, so a common word in a large
# ledger (half of 100,000 documents) would take most of a second; past this many matches only
# the most recently stored ones are ranked, and the page says so.
RANK_WINDOW = 1000


def _ranked_rowids(ledger: Ledger, query: str, limit: int) -> tuple[list[int], str | None]:
    """The best-ranked matching documents' rowids, and a note when not all were ranked."""
    newest = [r[0] for r in ledger._conn.execute(
        "SELECT rowid FROM document_fts WHERE document_fts MATCH ? ORDER BY rowid DESC "
        "LIMIT ?", (query, RANK_WINDOW + 1))]
    note = None
    floor = 0
    if len(newest) > RANK_WINDOW:
        floor = newest[RANK_WINDOW - 1]
        total = ledger._conn.execute(
            "SELECT count(*) FROM document_fts WHERE document_fts MATCH ?", (query,)).fetchone()
        note = (f"{total[0]} documents match; the {RANK_WINDOW} stored most recently are "
                "ranked here. Add words to narrow the search.")
    rows = ledger._conn.execute(
        "SELECT rowid FROM document_fts WHERE document_fts MATCH ? AND rowid >= ? "
        "ORDER BY rank LIMIT ?", (query, floor, limit))
    return [r[0] for r in rows], note


def _folded_rowids(ledger: Ledger, folded: Sequence[Sequence[str]], found: Sequence[int],
                   limit: int) -> list[int]:
    """Documents the folded index finds that the words as typed did not, best first."""
    query = folded_fts_query(folded)
    if not query:
        return []
    have = set(found)
    rows = ledger._conn.execute(
        "SELECT rowid FROM document_fold WHERE document_fold MATCH ? ORDER BY rank LIMIT ?",
        (query, limit))
    return [r[0] for r in rows if r[0] not in have]


def _document_hits(ledger: Ledger, query: str, rowids: Sequence[int]) -> list[DocumentHit]:
    """These documents (FTS5 over title and main text) with the words around the match."""
    # The same FTS5 table that DocumentFilter(search=...) queries; snippets are made only for
    # the documents shown.
    if not rowids:
        return []
    rows = ledger._conn.execute(
        "SELECT d.rowid, d.id, d.title, d.outlet, d.published_value, "
        f"snippet(document_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', 16) "
        "FROM document_fts JOIN document d ON d.rowid = document_fts.rowid "
        f"WHERE document_fts MATCH ? AND document_fts.rowid IN ({_marks(rowids)}) "
        f"AND d.id NOT IN ({WITHDRAWN_SQL})",  # withdrawn: reached only by id, signed in
        (query, *rowids))
    hits = {r[0]: DocumentHit(r[1], r[2], r[3], r[4], r[5] or "") for r in rows}
    others = [i for i in rowids if i not in hits]
    if others:
        # Found in another script or spelling: the typed words are not in the text, so the
        # snippet is the text's opening.
        for r in ledger._conn.execute(
                "SELECT rowid, id, title, outlet, published_value, substr(text, 1, 200) "
                f"FROM document WHERE rowid IN ({_marks(others)}) "
                f"AND id NOT IN ({WITHDRAWN_SQL})", others):
            hits[r[0]] = DocumentHit(r[1], r[2], r[3], r[4], (r[5] or "") + "…")
    return [hits[i] for i in rowids if i in hits]


def _document_ids(ledger: Ledger, rowids: Sequence[int]) -> list[str]:
    """Document ids in the order of their rowids."""
    found: dict[int, str] = {}
    for i in range(0, len(rowids), 500):
        chunk = list(rowids[i:i + 500])
        found.update((r[0], r[1]) for r in ledger._conn.execute(
            f"SELECT rowid, id FROM document WHERE rowid IN ({_marks(chunk)}) "
            f"AND id NOT IN ({WITHDRAWN_SQL})", chunk))
    return [found[i] for i in rowids if i in found]


def _record_words(record: dict[str, Any], fields: Sequence[str]) -> str:
    words: list[str] = []
    for name in fields:
        value = record.get(name)
        if isinstance(value, list):
            words.extend(str(v.get("text", "")) for v in value if isinstance(v, dict))
        elif isinstance(value, dict):
            words.append(str(value.get("text", "")))
    return " ".join(words).lower()


def _records_matching(ledger: Ledger, table: str, needle: str, terms: Sequence[str],
                      documents: Sequence[str] | None, fields: Sequence[str],
                      limit: int) -> list[dict[str, Any]]:
    """Claims or events whose words (content, speaker, trigger, sentence) hold the query."""
    out: list[dict[str, Any]] = []
    if documents is None:
        # No index to narrow by: the whole query as plain text, in the record's JSON.
        rows = ledger._conn.execute(
            f"SELECT record FROM {table} WHERE instr(lower(record), lower(?)) > 0 "
            "ORDER BY document_id, start LIMIT ?", (needle, limit * 4))
        records = (json.loads(r[0]) for r in rows)
        wanted = [needle.lower()]
    else:
        # Small chunks in rank order, so a page that fills early reads few records.
        records = (r for i in range(0, len(documents), 100) for r in _records_of(
            ledger, table, documents[i:i + 100], terms))
        wanted = list(terms)
    for record in records:
        words = _record_words(record, fields)
        if wanted and all(t in words for t in wanted):
            out.append(record)
            if len(out) >= limit:
                break
    return _with_reviews(ledger, out)


def _records_of(ledger: Ledger, table: str, documents: Sequence[str],
                terms: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The documents' records whose JSON holds every ASCII term (a superset of the matches).

    A word of ASCII letters and digits is never escaped in JSON, and SQLite's lower() folds
    ASCII only, so the test in SQL loses no match and spares parsing the records that cannot
    match; other terms are left to the caller's test on the record's words.
    """
    ascii_terms = [t for t in terms if t.isascii()]
    held = "".join(" AND instr(lower(record), ?) > 0" for _ in ascii_terms)
    rows = ledger._conn.execute(
        f"SELECT record FROM {table} WHERE document_id IN ({_marks(documents)}){held} "
        "ORDER BY document_id, start", [*documents, *ascii_terms])
    return [json.loads(r[0]) for r in rows]


def claims_by_speaker(ledger: Ledger, entity_id: str,
                      limit: int = PAGE_ROWS) -> list[dict[str, Any]]:
    """Claims whose speaker is this entity."""
    rows = ledger._conn.execute(
        "SELECT record FROM claim WHERE source_entity = ? ORDER BY document_id, start LIMIT ?",
        (entity_id, limit))
    return _with_reviews(ledger, [json.loads(r[0]) for r in rows])


def events_at_place(ledger: Ledger, entity_id: str,
                    limit: int = PAGE_ROWS) -> list[dict[str, Any]]:
    """Events placed at this place entity."""
    rows = ledger._conn.execute(
        "SELECT record FROM event WHERE place_entity = ? ORDER BY event_date, document_id "
        "LIMIT ?", (entity_id, limit))
    return _with_reviews(ledger, [json.loads(r[0]) for r in rows])


# -- one record as stored, for an edit or a link -------------------------------------------

# Document columns an analyst may correct; the texts themselves change only by restoring.
EDITABLE_DOCUMENT_COLUMNS = ("title", "outlet", "byline", "cited_source", "published_value",
                             "published_precision", "language", "translated_from")
_STORED_RECORD = {"clm": "claim", "evt": "event", "sty": "story", "inc": "incident"}


def stored_record(ledger: Ledger, record_id: str) -> dict[str, Any] | None:
    """A record's fields as the machine stored them (no edits applied): a claim's, event's,
    story's or incident's export record, an entity's kind, name and attributes, a document's
    editable columns; None when the ledger holds no such record."""
    prefix = record_id.split("_", 1)[0]
    if prefix in _STORED_RECORD:
        row = ledger._conn.execute(f"SELECT record FROM {_STORED_RECORD[prefix]} WHERE id = ?",
                                  (record_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))
    if prefix == "ent":
        row = ledger._conn.execute("SELECT kind, name, attributes FROM entity WHERE id = ?",
                                  (record_id,)).fetchone()
        return None if row is None else {"kind": row["kind"], "name": row["name"],
                                         **json.loads(row["attributes"])}
    if prefix == "doc":
        row = ledger._conn.execute("SELECT * FROM document WHERE id = ?",
                                  (record_id,)).fetchone()
        return None if row is None else {k: row[k] for k in EDITABLE_DOCUMENT_COLUMNS}
    return None


def record_span(ledger: Ledger, record_id: str) -> tuple[str, int, int] | None:
    """The document and span of a claim or an event."""
    table = {"clm": "claim", "evt": "event"}.get(record_id.split("_", 1)[0])
    if table is None:
        return None
    row = ledger._conn.execute(f"SELECT document_id, start, end FROM {table} WHERE id = ?",
                              (record_id,)).fetchone()
    return None if row is None else (str(row[0]), int(row[1]), int(row[2]))
