"""The browse pages' listings: every kind of record, filtered, counted, sorted and paged.

One `Listing` per page (/documents, /entities, /events, /claims, /stories, /incidents,
/contradictions) says which table it reads, which facets filter it (each an SQL expression over
indexed or stored columns), which columns it sorts by and what a row carries. The web checks
the values (docket/web/browse.py) and asks here; every statement is built from these fixed
pieces, the values travel as bound parameters.

A page reads `LIMIT ? OFFSET ?` rows chosen by rowid, then only those rows' records, so a page
stays an index walk on a large ledger; a download walks every selected row by rowid in chunks
(keyset paging), so it never holds the whole selection in memory.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docket.ledger.store import WITHDRAWN_SQL, Ledger
from docket.ledger.views import _distinct, _with_reviews

# A facet's counts list at most this many values (the most frequent first).
FACET_VALUES = 40
# A download reads this many rows per query.
DOWNLOAD_CHUNK = 500
REVIEW_VALUES = ("unreviewed", "confirmed", "rejected")


@dataclass(frozen=True)
class Facet:
    """A filter of a listing: `how` is "choice" (equal to one value, counted per value),
    "text" (contains the words, any case), "since"/"until" (an ISO date prefix, inclusive),
    "min" (at least a number) or "review" (an analyst's latest confirm/reject, or none)."""

    name: str
    label: str
    how: str
    sql: str = ""


@dataclass(frozen=True)
class Listing:
    kind: str  # the page's path: "documents", "events", ...
    table: str
    title: str
    facets: tuple[Facet, ...]
    sorts: Mapping[str, str]  # sort name -> SQL expression over alias "t"
    default_sort: str
    record: bool  # rows are stored export records (JSON in `record`), with reviews
    columns: str = "t.record"  # what a row reads besides its id
    where: str = ""  # always applied (e.g. withdrawn documents are not listed)

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)


_REVIEW = Facet("review", "Review", "review")
_DOC_DATE = "(SELECT published_value FROM document WHERE id = t.document_id)"
_STORY_DATE = "(SELECT published_value FROM document WHERE id = t.original_document)"

LISTINGS: dict[str, Listing] = {
    "documents": Listing(
        "documents", "document", "Documents",
        (Facet("language", "Language", "choice", "t.language"),
         Facet("outlet", "Outlet", "choice", "t.outlet"),
         Facet("format", "Format", "choice", "t.format"),
         Facet("q", "Title", "text", "t.title"),
         Facet("since", "From", "since", "t.published_value"),
         Facet("until", "To", "until", "t.published_value"), _REVIEW),
        {"published": "t.published_value", "title": "t.title", "outlet": "t.outlet",
         "language": "t.language", "format": "t.format", "id": "t.id"},
        "published", False,
        "t.title, t.outlet, t.published_value, t.published_precision, t.language, t.format, "
        "t.path, t.segment_of",
        # By rowid, which every index holds: a test on the id would read each row (its text).
        f"t.rowid NOT IN (SELECT rowid FROM document WHERE id IN ({WITHDRAWN_SQL}))"),
    "entities": Listing(
        "entities", "entity", "Entities",
        (Facet("kind", "Kind", "choice", "t.kind"),
         Facet("q", "Name", "text",
               "t.name || ' ' || coalesce(json_extract(t.attributes, '$.latin'), '')"),
         _REVIEW),
        {"name": "t.name", "kind": "t.kind", "id": "t.id"},
        "name", False,
        "t.kind, t.name, json_extract(t.attributes, '$.latin') AS latin, "
        "(SELECT count(*) FROM mention m WHERE m.entity_id = t.id) AS mentions"),
    "events": Listing(
        "events", "event", "Events",
        (Facet("category", "Category", "choice", "t.category"),
         Facet("side", "Perpetrator side", "choice", "t.perpetrator_side"),
         Facet("victims", "Victims' side", "choice", "t.victims_side"),
         Facet("verification", "Verification", "choice", "t.verification"),
         Facet("modality", "Modality", "choice", "t.modality"),
         Facet("place", "Place", "text", "json_extract(t.record, '$.location.name')"),
         Facet("since", "From", "since", "t.event_date"),
         Facet("until", "To", "until", "t.event_date"), _REVIEW),
        {"date": "t.event_date", "category": "t.category", "side": "t.perpetrator_side",
         "verification": "t.verification", "document": "t.document_id", "id": "t.id"},
        "date", True),
    "claims": Listing(
        "claims", "claim", "Claims",
        (Facet("kind", "Kind", "choice", "t.kind"),
         Facet("verification", "Verification", "choice", "t.verification"),
         Facet("modality", "Modality", "choice", "t.modality"),
         Facet("speaker", "Speaker", "text", "json_extract(t.record, '$.source.text')"),
         Facet("since", "Published from", "since", _DOC_DATE),
         Facet("until", "Published to", "until", _DOC_DATE), _REVIEW),
        {"document": "t.document_id", "kind": "t.kind", "verification": "t.verification",
         "modality": "t.modality", "id": "t.id"},
        "document", True),
    "stories": Listing(
        "stories", "story", "Stories",
        (Facet("outlet", "Original outlet", "choice", "t.original_outlet"),
         Facet("min_copies", "Min. documents", "min",
               "json_array_length(t.record, '$.documents')"),
         Facet("since", "From", "since", _STORY_DATE),
         Facet("until", "To", "until", _STORY_DATE), _REVIEW),
        {"copies": "json_array_length(t.record, '$.documents')", "published": _STORY_DATE,
         "outlet": "t.original_outlet", "id": "t.id"},
        "copies", True),
    "incidents": Listing(
        "incidents", "incident", "Incidents",
        (Facet("category", "Category", "choice", "t.category"),
         # Any of its events' (_MEMBER_FACETS says how they are matched and listed).
         Facet("side", "Perpetrator side", "choice", "e.perpetrator_side"),
         Facet("verification", "Verification", "choice", "e.verification"),
         Facet("place", "Place", "text",
               "coalesce(t.place, '') || ' ' || "
               "coalesce(json_extract(t.record, '$.location.text'), '')"),
         Facet("since", "From", "since", "t.date_value"),
         Facet("until", "To", "until", "t.date_value"),
         Facet("min_sources", "Min. independent sources", "min", "t.independent_sources"),
         _REVIEW),
        {"date": "t.date_value", "category": "t.category", "place": "t.place",
         "sources": "t.independent_sources", "id": "t.id"},
        "date", True),
    "contradictions": Listing(
        "contradictions", "contradiction", "Contradictions",
        (Facet("field", "Field", "choice", "t.field"),
         Facet("scope", "Between", "choice", "t.scope"), _REVIEW),
        {"field": "t.field", "scope": "t.scope", "id": "t.id"},
        "field", True),
}

# Facets whose value is any of a record's events' (an incident's sides): matched with EXISTS,
# counted over the events themselves.
_MEMBER_FACETS = {("incidents", "side"): "perpetrator_side",
                  ("incidents", "verification"): "verification"}


@dataclass(frozen=True)
class BrowseQuery:
    """Checked filters (facet name -> value: str, or int for "min"), the sort and the page."""

    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class BrowsePage:
    total: int
    rows: list[dict[str, Any]]
    # choice facet -> (value, rows it would give under the other filters; None: not counted)
    counts: dict[str, list[tuple[str, int | None]]]


def _review_ids(ledger: Ledger) -> dict[str, list[str]]:
    """Record ids by their latest review status (judgements are few: read from the ledger's
    applied judgements, so anchored ones follow re-derived records)."""
    out: dict[str, list[str]] = {"confirmed": [], "rejected": []}
    for ident, review in ledger.reviews().items():
        out.setdefault(str(review["status"]), []).append(ident)
    return out


def _where(ledger: Ledger, listing: Listing, filters: Mapping[str, Any],
           skip: str = "") -> tuple[str, list[Any]]:
    where = [listing.where] if listing.where else []
    args: list[Any] = []
    for name, value in filters.items():
        f = listing.facet(name)
        if f is None or name == skip or value in ("", None):
            continue
        member = _MEMBER_FACETS.get((listing.kind, name))
        if member:
            where.append("EXISTS (SELECT 1 FROM incident_member m JOIN event e ON "
                         f"e.id = m.event_id WHERE m.incident_id = t.id AND e.{member} = ?)")
            args.append(value)
        elif f.how == "choice":
            where.append(f"{f.sql} = ?")
            args.append(value)
        elif f.how == "text":
            where.append(f"instr(lower({f.sql}), lower(?)) > 0")
            args.append(value)
        elif f.how == "since":
            where.append(f"{f.sql} >= ?")
            args.append(value)
        elif f.how == "until":
            # Up to this prefix, inclusive: an ISO value that starts with it continues with
            # characters below "~".
            where.append(f"{f.sql} <= ?")
            args.append(str(value) + "~")
        elif f.how == "min":
            where.append(f"{f.sql} >= ?")
            args.append(int(value))
        elif f.how == "review":
            ids = _review_ids(ledger)
            reviewed = [*ids["confirmed"], *ids["rejected"]]
            chosen = reviewed if value == "unreviewed" else ids.get(str(value), [])
            negate = "NOT " if value == "unreviewed" else ""
            where.append(f"t.id {negate}IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(chosen))
    return (" WHERE " + " AND ".join(where)) if where else "", args


def browse_page(ledger: Ledger, listing: Listing, query: BrowseQuery) -> BrowsePage:
    """How many rows the filters select, one page of them in the asked order, and each choice
    facet's values with their counts under the other filters."""
    where, args = _where(ledger, listing, query.filters)
    sort = listing.sorts.get(query.sort or listing.default_sort, "t.id")
    # Ties are broken by rowid, which every index holds: by id, a sort that an index answers
    # would still read each row.
    order = f"{sort} {'DESC' if query.descending else 'ASC'}, t.rowid"
    # The page is chosen first (rowids only), then only its rows are read.
    picked = [r[0] for r in ledger._conn.execute(
        f"SELECT t.rowid FROM {listing.table} t{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, query.limit, query.offset])]
    total, counts = facet_counts(ledger, listing, query.filters)
    return BrowsePage(total, _rows(ledger, listing, picked), counts)


def _rows(ledger: Ledger, listing: Listing, rowids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows with these rowids, in that order: records with their reviews, or columns."""
    if not rowids:
        return []
    marks = ",".join("?" for _ in rowids)
    found: dict[int, dict[str, Any]] = {}
    for row in ledger._conn.execute(
            f"SELECT t.rowid AS rowid_, t.id, {listing.columns} FROM {listing.table} t "
            f"WHERE t.rowid IN ({marks})", list(rowids)):
        if listing.record:
            found[row["rowid_"]] = json.loads(row["record"])
        else:
            found[row["rowid_"]] = {k: v for k, v in dict(row).items() if k != "rowid_"}
    records = [found[r] for r in rowids if r in found]
    if listing.record:
        return _with_reviews(ledger, records)
    reviews = ledger.reviews()
    return [{**r, "review": reviews.get(r["id"])} for r in records]


def facet_counts(ledger: Ledger, listing: Listing, filters: Mapping[str, Any]
                 ) -> tuple[int, dict[str, list[tuple[str, int | None]]]]:
    """How many rows the filters select, and each choice facet's values with how many rows
    each would give under the other filters (so another value of the same facet shows what it
    would give).

    One query counts the rows per combination of the choice columns, under the other filters
    (dates, words, review); the total and every facet's counts are sums over those
    combinations. Each count is then one pass over an index that holds the choice columns
    (migration 16), not one pass over the table's rows (a document's row holds its text) per
    facet. A facet that a record takes from its events (an incident's sides) lists the values
    held, without counts: counting them joins every incident to its events.
    """
    plain = [f for f in listing.facets
             if f.how == "choice" and (listing.kind, f.name) not in _MEMBER_FACETS]
    names = {f.name for f in plain}
    where, args = _where(ledger, listing, {k: v for k, v in filters.items() if k not in names})
    columns = ", ".join(f.sql for f in plain) or "NULL"
    combos = ledger._conn.execute(
        f"SELECT {columns}, count(*) FROM {listing.table} t{where} GROUP BY "
        f"{', '.join(str(i + 1) for i in range(max(1, len(plain))))}", args).fetchall()
    wanted = [(i, filters.get(f.name)) for i, f in enumerate(plain) if filters.get(f.name)]

    def kept(combo: Any, skip: int = -1) -> bool:
        return all(combo[i] == value for i, value in wanted if i != skip)

    total = sum(int(c[-1]) for c in combos if kept(c))
    out: dict[str, list[tuple[str, int | None]]] = {}
    for i, f in enumerate(plain):
        sums: dict[str, int] = {}
        for c in combos:
            if c[i] is not None and kept(c, i):
                sums[str(c[i])] = sums.get(str(c[i]), 0) + int(c[-1])
        ranked = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        out[f.name] = [(k, n) for k, n in ranked]
    for (kind, name), column in _MEMBER_FACETS.items():
        if kind == listing.kind:
            out[name] = [(v, None) for v in _distinct(ledger, "event", column)]
    return total, out


def held_value(ledger: Ledger, listing: Listing, name: str, value: str) -> bool:
    """Whether any row of the listing holds this value of a choice facet."""
    f = listing.facet(name)
    if f is None:
        return False
    member = _MEMBER_FACETS.get((listing.kind, name))
    if member:
        sql, args = f"SELECT 1 FROM event WHERE {member} = ? LIMIT 1", [value]
    else:
        sql, args = f"SELECT 1 FROM {listing.table} t WHERE {f.sql} = ? LIMIT 1", [value]
    return ledger._conn.execute(sql, args).fetchone() is not None


def browse_chunk(ledger: Ledger, listing: Listing, filters: Mapping[str, Any],
                 after: int = 0, limit: int | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Up to `limit` selected rows after rowid `after`, in rowid order, and the last rowid
    read (0 when none is left): a download's next chunk."""
    where, args = _where(ledger, listing, filters)
    where = f"{where} AND t.rowid > ?" if where else " WHERE t.rowid > ?"
    picked = [r[0] for r in ledger._conn.execute(
        f"SELECT t.rowid FROM {listing.table} t{where} ORDER BY t.rowid LIMIT ?",
        [*args, after, DOWNLOAD_CHUNK if limit is None else limit])]
    return (picked[-1] if picked else 0), _rows(ledger, listing, picked)


# -- titles -------------------------------------------------------------------------------------


def incident_headlines(ledger: Ledger, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each incident's first report: the earliest published document among its events'
    (title, outlet, published date)."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        marks = ",".join("?" for _ in chunk)
        for row in ledger._conn.execute(
                "SELECT m.incident_id, d.title, d.outlet, d.published_value, "
                "d.published_precision FROM incident_member m JOIN document d "
                f"ON d.id = m.document_id WHERE m.incident_id IN ({marks}) "
                "AND d.title IS NOT NULL AND d.title != '' "
                "ORDER BY m.incident_id, d.published_value IS NULL, d.published_value, d.id",
                chunk):
            out.setdefault(row[0], {"title": row[1], "outlet": row[2], "published": row[3],
                                    "precision": row[4]})
    return out


def story_headlines(ledger: Ledger, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each story's original document: title, outlet, published date and its precision."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i:i + 500])
        marks = ",".join("?" for _ in chunk)
        for row in ledger._conn.execute(
                "SELECT s.id, d.title, coalesce(d.outlet, s.original_outlet), "
                "d.published_value, d.published_precision FROM story s LEFT JOIN document d "
                f"ON d.id = s.original_document WHERE s.id IN ({marks})", chunk):
            out[row[0]] = {"title": row[1], "outlet": row[2], "published": row[3],
                           "precision": row[4]}
    return out


def contradiction_homes(ledger: Ledger, records: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The page each contradiction is shown on: the incident or story it was found in
    ("/incidents/inc_…", "/stories/sty_…"), by contradiction id."""
    out: dict[str, str] = {}
    conn = ledger._conn
    for r in records:
        row = None
        if r.get("scope") == "incident" and r.get("events"):
            row = conn.execute("SELECT '/incidents/' || incident_id FROM incident_member "
                               "WHERE event_id = ?", (r["events"][0],)).fetchone()
        elif r.get("documents"):
            row = conn.execute("SELECT '/stories/' || story_id FROM story_member "
                               "WHERE document_id = ?", (r["documents"][0],)).fetchone()
        if row is not None:
            out[r["id"]] = str(row[0])
    return out
