"""The ledger: one SQLite file (WAL mode, one writer) beside a content-addressed evidence store.

Every document is written in one transaction together with its evidence row and custody entries,
so an interrupted run never leaves half a document. Readers can open the file read-only.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from docket.errors import LedgerError, RequestError
from docket.ledger import judged
from docket.ledger.anchors import Resolver, anchors_of, dump_anchors
from docket.ledger.candidate_tables import CandidateTables
from docket.ledger.custody import APPEND_SQL, register_hash_function
from docket.ledger.evidence import EvidenceStore, Placed
from docket.ledger.judged import Applied, aggregate_incident, apply_judgements
from docket.ledger.link_tables import LinkTables
from docket.ledger.migrations import SCHEMA_VERSION, migrate, schema_version
from docket.ledger.search import folded_fts_query, fts_query
from docket.model import (
    Contradiction,
    Document,
    Incident,
    LineSource,
    Mention,
    PlaceChoice,
    PublishedDate,
    Record,
    SourceRef,
    Span,
    Story,
    stable_id,
)
from docket.settings import Settings
from docket.version import PIPELINE_VERSION, __version__

# Content type recorded in custody when the input itself does not state one (WARC records do).
CONTENT_TYPES = {
    "text": "text/plain", "html": "text/html", "jsonl": "application/json",
    "feed_item": "application/xml", "warc_response": "text/html",
    "container:jsonl": "application/jsonl", "container:warc": "application/warc",
    "container:feed": "application/xml",
}


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class DocumentFilter:
    """What `docket ls` can filter on; None means any."""

    language: str | None = None
    format: str | None = None
    analysed: bool | None = None
    outlet: str | None = None
    since: str | None = None  # published on or after (ISO prefix)
    until: str | None = None  # published on or before (ISO prefix)
    search: str | None = None  # FTS5 query over title and main text
    # The search's words folded across scripts, each with its alternatives (`fold_query`):
    # a document matching them matches the search too (Kupiansk finds Куп'янськ).
    folded: tuple[tuple[str, ...], ...] = ()
    path: str | None = None  # substring of the source path
    ids: frozenset[str] | None = None  # only these documents (e.g. an incident filter's)
    withdrawn: bool = False  # include withdrawn documents (left out of every reader otherwise)


# Judgements that change which documents form a story or which events an incident: the link
# step re-derives the records around what they name (a withdrawn document leaves both).
_LINK_JUDGEMENTS = ("same", "different", "confirm", "reject", "edit", "withdraw")
# The documents an analyst withdrew (a tombstone in their custody log): left out of stories,
# incidents, exports and anonymous pages, kept in the ledger until purged.
WITHDRAWN_SQL = "SELECT document_id FROM custody WHERE action = 'withdrawn'"


def _members(value: str | None) -> list[str]:
    """Record ids a judgement's value names (a story's or incident's members when judged)."""
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        return []
    members = parsed.get("members") if isinstance(parsed, dict) else None
    return [m for m in members if isinstance(m, str)] if isinstance(members, list) else []


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the ledger file at `path`.

    The path goes into an SQLite URI percent-escaped: a '#', '?' or '%' in it cut the URI
    short and every read-only connection failed (issue 14). On read-only media SQLite cannot
    create the -wal and -shm files it needs to read a WAL ledger, so there the file is opened
    as immutable: nothing can write it, and nothing is in a -wal that was never made.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
        wal = path.with_name(path.name + "-wal")
        if writable or (wal.exists() and wal.stat().st_size):
            raise  # not read-only media, or changes are still in a -wal: no shortcut
    return sqlite3.connect(f"{uri}?immutable=1", uri=True)


# Re-attached judgements per ledger file: (ledger id, generation) -> what they resolved to.
_APPLIED: dict[str, tuple[tuple[str, int], list[Applied]]] = {}


class Ledger:
    """Read and write access to one ledger. Use `Ledger.open` as a context manager.

    The SQLite connection is private to docket/ledger/ (issue 15): every statement is written
    here or in a sibling module, and the stages above ask through named methods. The link step's
    tables and the candidate index are reached through `link_tables` and `candidate_tables`.
    """

    def __init__(self, conn: sqlite3.Connection, settings: Settings, readonly: bool) -> None:
        self._conn = conn
        self.settings = settings
        self.readonly = readonly
        self.evidence = EvidenceStore(settings.evidence_path)
        self.link_tables = LinkTables(conn)
        self.candidate_tables = CandidateTables(conn)

    def rollback(self) -> None:
        """Undo the open transaction, if any (a run interrupted between its writes)."""
        self._conn.rollback()

    def resolver(self) -> Resolver:
        """Finds the records that judgements' anchors point at now."""
        return Resolver(self._conn)

    def is_aggregate_incident(self, incident_id: str) -> bool:
        """Whether this incident is an aggregate statistic (a `same` with one is refused)."""
        return aggregate_incident(self._conn, incident_id)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, settings: Settings, *, readonly: bool = False) -> Ledger:
        path = Path(settings.db)
        try:
            if readonly:
                if not path.exists():
                    raise LedgerError(f"no ledger at {path}: run 'docket ingest' first")
                conn = _connect_read_only(path)
                if schema_version(conn) < SCHEMA_VERSION:
                    # A ledger from an older Docket: upgrade it once (one writer, briefly),
                    # then read as asked.
                    conn.close()
                    cls.open(settings).close()
                    conn = _connect_read_only(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                migrate(conn)
                register_hash_function(conn)  # custody entries are chained as they are written
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"cannot open ledger {path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        return cls(conn, settings, readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------------------

    def begin_run(self, command: str, *, inputs: Sequence[str] = (),
                  options: dict[str, Any] | None = None, resumes: int | None = None) -> int:
        cur = self._conn.execute(
            "INSERT INTO run (command, started_at, status, settings, tool_version, operator, "
            "inputs, options, resumes, pid) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)",
            (command, utc_now(), json.dumps(self.settings.describe()), __version__,
             self.settings.operator, json.dumps(list(inputs)), json.dumps(options or {}),
             resumes, os.getpid()),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any],
                   errors: Sequence[dict[str, Any]]) -> None:
        self._conn.execute(
            "UPDATE run SET ended_at = ?, status = ?, counts = ?, errors = ? WHERE id = ?",
            (utc_now(), status, json.dumps(counts), json.dumps(list(errors)), run_id),
        )

    def runs(self, limit: int = 20) -> list[sqlite3.Row]:
        return list(self._conn.execute("SELECT * FROM run ORDER BY id DESC LIMIT ?", (limit,)))

    def run(self, run_id: int) -> sqlite3.Row | None:
        return self._conn.execute("SELECT * FROM run WHERE id = ?", (run_id,)).fetchone()

    def mark_interrupted(self, run_id: int, by_run: int) -> None:
        """A run whose process died (killed, crashed, power cut) before it could finish."""
        self._conn.execute("UPDATE run SET status = 'interrupted', ended_at = coalesce(ended_at, "
                          "?), errors = json_insert(errors, '$[#]', json(?)) WHERE id = ?",
                          (utc_now(), json.dumps({"path": None, "locator": None,
                                                  "reason": f"resumed by run {by_run}"}),
                           run_id))

    # -- evidence and custody -------------------------------------------------------------

    def evidence_status(self, sha256: str) -> str | None:
        row = self._conn.execute(
            "SELECT status FROM evidence WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else str(row["status"])

    def evidence_row(self, sha256: str) -> sqlite3.Row | None:
        return self._conn.execute("SELECT * FROM evidence WHERE sha256 = ?", (sha256,)).fetchone()

    def _insert_evidence(self, sha256: str, kind: str, size: int, path: str, status: str,
                         *, url: str | None = None, container: str | None = None,
                         locator: str | None = None, meta: dict[str, str] | None = None,
                         content_type: str | None = None, encoding: str | None = None) -> bool:
        content_type = content_type or CONTENT_TYPES.get(kind)
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO evidence (sha256, kind, size, content_type, encoding, path, url,"
            " container_sha256, locator, meta, received_at, tool_version, operator, status)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha256, kind, size, content_type, encoding, path, url, container, locator,
             json.dumps(dict(meta or {}), sort_keys=True), utc_now(), __version__,
             self.settings.operator, status),
        )
        return cur.rowcount == 1

    def log_custody(self, sha256: str, action: str, run_id: int | None,
                    document_id: str | None = None, **detail: Any) -> None:
        """Append one custody entry, chained to the one before it (docket/ledger/custody.py)."""
        self._conn.execute(APPEND_SQL, {
            "sha256": sha256, "document_id": document_id, "at": utc_now(), "action": action,
            "run_id": run_id, "operator": self.settings.operator, "tool_version": __version__,
            "detail": json.dumps(detail, sort_keys=True, default=str)})

    def keep_evidence(self, record: Record, run_id: int | None) -> Placed:
        """Make sure the record's bytes are in the evidence store, intact; a stored copy that
        is damaged is replaced by the record's own bytes (which hash to its recorded name by
        construction) and the repair is logged in the custody log."""
        known = self.evidence_status(record.sha256) is not None
        placed = self.evidence.put_bytes(record.data)
        self._log_repair(placed, known, run_id, path=record.path, locator=record.locator)
        return placed

    def _log_repair(self, placed: Placed, known: bool, run_id: int | None, **detail: Any) -> None:
        """A custody entry for bytes the ledger knew whose stored copy was damaged (or gone)
        and was written again from an original that hashes to the recorded SHA-256."""
        if not known or placed.outcome == "present":
            return
        problem = placed.problem or f"evidence {placed.sha256[:12]} missing from the store"
        self.log_custody(placed.sha256, "repaired", run_id, was=problem,
                         repaired_from="the original being ingested, whose SHA-256 is the "
                                       "recorded one", **detail)

    def custody_log(self, sha256: str) -> list[sqlite3.Row]:
        return list(self._conn.execute(
            "SELECT * FROM custody WHERE sha256 = ? ORDER BY seq", (sha256,)))

    def register_container(self, placed: Placed, fmt: str, path: str, run_id: int) -> bool:
        """Record a container file's evidence row (and the repair of its stored copy, if
        storing it replaced a damaged one); True if it is new."""
        with self._conn:
            self._conn.execute("BEGIN")
            new = self._insert_evidence(placed.sha256, f"container:{fmt}", placed.size, path,
                                        "stored")
            self.log_custody(placed.sha256, "received" if new else "seen_again", run_id,
                             path=path, format=fmt, size=placed.size)
            self._log_repair(placed, not new, run_id, path=path)
        return new

    def damaged_records(self, container_sha256: str) -> list[str]:
        """The records of a container whose stored copies are missing or altered (each is
        hashed): re-reading the container repairs them."""
        rows = self._conn.execute(
            "SELECT sha256 FROM evidence WHERE container_sha256 = ? AND status != 'purged' "
            "ORDER BY sha256", (container_sha256,)).fetchall()
        return [row[0] for row in rows if self.evidence.check(row[0]) is not None]

    def mark_container(self, sha256: str, status: str, run_id: int, **detail: Any) -> None:
        with self._conn:
            self._conn.execute("BEGIN")
            self._conn.execute("UPDATE evidence SET status = ? WHERE sha256 = ?", (status, sha256))
            self.log_custody(sha256, f"container_{status}", run_id, **detail)

    def note_seen_again(self, sha256: str, run_id: int, document_id: str | None,
                        **detail: Any) -> None:
        with self._conn:
            self._conn.execute("BEGIN")
            self.log_custody(sha256, "seen_again", run_id, document_id, **detail)

    def record_failure(self, record: Record, run_id: int, reason: str) -> None:
        """Keep a record that could not be processed: its bytes, a 'failed' row, the reason."""
        known = self.evidence_status(record.sha256) is not None
        placed = self.evidence.put_bytes(record.data)
        with self._conn:
            self._conn.execute("BEGIN")
            self._log_repair(placed, known, run_id, path=record.path, locator=record.locator)
            self._insert_evidence(record.sha256, record.kind, len(record.data), record.path,
                                  "failed", url=record.meta.get("url"),
                                  container=record.container_sha256, locator=record.locator,
                                  meta=dict(record.meta))
            self.log_custody(record.sha256, "failed", run_id, reason=reason, path=record.path,
                             locator=record.locator)

    # -- documents ------------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM document WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def store_document(self, doc: Document, record: Record, run_id: int, action: str,
                       segments: Sequence[Document] = (),
                       line_keys: Callable[[Document], Sequence[str]] | None = None,
                       search_words: Callable[[Document], str] | None = None) -> None:
        """Write the evidence row, the document, its segments and a custody entry at once.

        Segments of an earlier run that this run no longer finds are deleted with the page's
        update, in the same transaction (they are derived records; judgements about them stay
        in the judgement table).
        """
        known = self.evidence_status(record.sha256) is not None
        # before the commit: bytes first, then the claim
        placed = self.evidence.put_bytes(record.data)

        with self._conn:
            self._conn.execute("BEGIN")
            self._log_repair(placed, known, run_id, path=record.path, locator=record.locator)
            self._insert_evidence(record.sha256, record.kind, len(record.data), record.path,
                                  "processed", url=doc.source.url,
                                  container=record.container_sha256, locator=record.locator,
                                  meta=dict(record.meta), encoding=doc.encoding,
                                  content_type=record.meta.get("content_type"))
            self._conn.execute("UPDATE evidence SET status = 'processed', encoding = ? "
                              "WHERE sha256 = ?", (doc.encoding, record.sha256))
            keep = [s.id for s in segments]
            marks = ",".join("?" for _ in keep)
            stale = [row[0] for row in self._conn.execute(
                f"SELECT id FROM document WHERE segment_of = ? AND id NOT IN ({marks})",
                (doc.id, *keep))]
            for stale_id in stale:
                self._conn.execute("DELETE FROM outlet_line WHERE document_id = ?", (stale_id,))
                self._replace_mentions(stale_id, ())
                self._replace_claims_events(stale_id, [], [])
                self._conn.execute("DELETE FROM document WHERE id = ?", (stale_id,))
            for item in (doc, *segments):
                values = _document_row(item) | {
                    "pipeline_version": PIPELINE_VERSION, "processed_at": utc_now(),
                    "run_id": run_id,
                }
                columns = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                updates = ", ".join(f"{c} = excluded.{c}" for c in values if c != "id")
                self._conn.execute(
                    f"INSERT INTO document ({columns}) VALUES ({marks}) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    tuple(values.values()),
                )
                if line_keys is not None:
                    self._index_outlet_lines(item, line_keys(item))
                if search_words is not None:
                    self._index_folded(item.id, search_words(item))
                self._replace_mentions(item.id, item.mentions)
                self._replace_claims_events(item.id, item.claim_records(), item.event_records())
            # Stories and incidents near these documents are re-derived by the next link step.
            self.mark_link_pending([doc.id, *keep, *stale], "stored")
            self.log_custody(record.sha256, action, run_id, doc.id, path=record.path,
                             locator=record.locator, pipeline=PIPELINE_VERSION,
                             segments=keep, dropped_segments=stale)

    def forget_document(self, document_id: str) -> None:
        """Delete a document and every row derived from it (inside the caller's transaction).

        Only `docket purge` calls this; the custody log keeps what happened.
        """
        self._conn.execute("DELETE FROM outlet_line WHERE document_id = ?", (document_id,))
        self._replace_mentions(document_id, ())
        self._replace_claims_events(document_id, [], [])
        self._conn.execute("DELETE FROM story_edge WHERE a = ? OR b = ?",
                          (document_id, document_id))
        self._conn.execute("DELETE FROM document WHERE id = ?", (document_id,))
        # The link step drops its fingerprint and index entries, and re-derives its story.
        self.mark_link_pending([document_id], "purged")

    def withdrawn_ids(self) -> frozenset[str]:
        """The documents withdrawn (and not purged)."""
        return frozenset(r[0] for r in self._conn.execute(
            f"SELECT id FROM document WHERE id IN ({WITHDRAWN_SQL})"))

    def not_linked(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Documents the link step left out (of `ids`, or all): id -> "stage: reason"."""
        sql = "SELECT document_id, stage, reason FROM not_linked"
        if ids is None:
            rows = self._conn.execute(sql + " ORDER BY document_id").fetchall()
        else:
            wanted = sorted(set(ids))
            rows = [r for i in range(0, len(wanted), 500) for r in self._conn.execute(
                f"{sql} WHERE document_id IN ({','.join('?' * len(wanted[i:i + 500]))})",
                wanted[i:i + 500])]
        return {r[0]: f"{r[1]}: {r[2]}" for r in rows}

    def link_pending_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM link_pending").fetchone()[0])

    def mark_link_pending(self, document_ids: Iterable[str], why: str) -> None:
        """Queue documents for the link step (docket/workflows/link_step.py)."""
        self._conn.executemany(
            "INSERT OR REPLACE INTO link_pending (document_id, why) VALUES (?, ?)",
            [(d, why) for d in document_ids])

    def documents_of_record(self, record_id: str) -> set[str]:
        """The documents a record stands on: itself, a story's or an incident's members..."""
        prefix = record_id.split("_", 1)[0]
        queries = {
            "doc": "SELECT id FROM document WHERE id = ?",
            "sty": "SELECT document_id FROM story_member WHERE story_id = ?",
            "evt": "SELECT document_id FROM event WHERE id = ?",
            "inc": "SELECT e.document_id FROM incident_member m JOIN event e "
                   "ON e.id = m.event_id WHERE m.incident_id = ?",
        }
        if prefix not in queries:
            return set()
        return {row[0] for row in self._conn.execute(queries[prefix], (record_id,))}

    def _replace_mentions(self, document_id: str, mentions: Sequence[Mention]) -> None:
        """A document's mentions replace its old ones; entities left without any go too."""
        before = {row[0] for row in self._conn.execute(
            "SELECT DISTINCT entity_id FROM mention WHERE document_id = ?", (document_id,))}
        self._conn.execute("DELETE FROM mention WHERE document_id = ?", (document_id,))
        for m in mentions:
            entity_id = None if m.kind == "time" else m.entity_id
            if entity_id is not None:
                self._conn.execute(
                    "INSERT OR IGNORE INTO entity (id, kind, key, name, attributes) "
                    "VALUES (?,?,?,?,?)",
                    (entity_id, m.kind, m.key, m.name,
                     json.dumps(_entity_attributes(m), sort_keys=True, default=str)))
            self._conn.execute(
                "INSERT OR REPLACE INTO mention (id, document_id, entity_id, kind, key, start, "
                "end, text, name, rule, resolution, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (stable_id("men", document_id, str(m.start), str(m.end), m.kind), document_id,
                 entity_id, m.kind, m.key, m.start, m.end, m.text, m.name, m.rule, m.resolution,
                 json.dumps(dict(m.attributes), sort_keys=True, default=str)))
        for entity_id in before - {m.entity_id for m in mentions} - {None}:
            self._conn.execute(
                "DELETE FROM entity WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM mention WHERE entity_id = ?)", (entity_id, entity_id))

    def _replace_claims_events(self, document_id: str, claims: Sequence[dict[str, Any]],
                               events: Sequence[dict[str, Any]]) -> None:
        """A document's claims and events replace its old ones (they are derived records)."""
        self._conn.execute("DELETE FROM claim WHERE document_id = ?", (document_id,))
        self._conn.execute("DELETE FROM event WHERE document_id = ?", (document_id,))
        for c in claims:
            self._conn.execute(
                "INSERT OR REPLACE INTO claim (id, document_id, start, end, kind, source_entity, "
                "modality, verification, record) VALUES (?,?,?,?,?,?,?,?,?)",
                (c["id"], document_id, c["content"]["start"], c["content"]["end"], c["kind"],
                 c["source_entity"], c["modality"], c["verification"]["status"],
                 json.dumps(c, ensure_ascii=False, default=str)))
        for e in events:
            self._conn.execute(
                "INSERT OR REPLACE INTO event (id, document_id, start, end, category, "
                "sub_event_type, perpetrator_side, victims_side, event_date, place_entity, "
                "aggregate, modality, verification, claim_id, record) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (e["id"], document_id, e["trigger"]["start"], e["trigger"]["end"],
                 e["category"], e["acled"]["sub_event_type"], e["perpetrator"]["side"],
                 e["victims"]["side"], (e["date"] or {}).get("value"),
                 (e["location"] or {}).get("entity"), int(e["aggregate"]), e["modality"],
                 e["verification"]["status"], e["claim"],
                 json.dumps(e, ensure_ascii=False, default=str)))

    def claim_records(self, document_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored claim records (docs/export.md), of one document or of all."""
        yield from self._records("claim", document_id)

    def event_records(self, document_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored event records (docs/export.md), of one document or of all."""
        yield from self._records("event", document_id)

    def event_records_of(self, *, documents: Iterable[str] = (),
                         events: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Event records of these documents and these event ids, as `event_records` gives them,
        ordered as it orders them."""
        reviews, edits = self.judgement_maps()
        rows: dict[str, sqlite3.Row] = {}
        for column, values in (("document_id", documents), ("id", events)):
            wanted = sorted(set(values))
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                marks = ",".join("?" for _ in chunk)
                for row in self._conn.execute(
                        f"SELECT id, document_id, start, record FROM event "
                        f"WHERE {column} IN ({marks})", chunk):
                    rows[row["id"]] = row
        out = []
        for row in sorted(rows.values(), key=lambda r: (r["document_id"], r["start"], r["id"])):
            out.append(judged_record(json.loads(row["record"]), reviews, edits))
        return out

    def _records(self, table: str, document_id: str | None) -> Iterator[dict[str, Any]]:
        """Stored records as analysts left them: latest review attached, field edits applied."""
        reviews, edits = self.judgement_maps()
        where, args = ("WHERE document_id = ?", (document_id,)) if document_id else ("", ())
        for row in self._conn.execute(
                f"SELECT record FROM {table} {where} ORDER BY document_id, start, id", args):
            yield judged_record(json.loads(row[0]), reviews, edits)

    def edits(self) -> dict[str, list[dict[str, Any]]]:
        """Analysts' field edits per current record, oldest first (`edit` judgements)."""
        return judged.edits(self.applied_judgements("edit"))

    def iter_entities(self) -> Iterator[dict[str, Any]]:
        """Entity records for export: identity, names, and every mention with its offsets,
        with analysts' edits, latest review, and the entities they judged the same or
        different (`same_as`, `different_from`)."""
        applied = self.applied_judgements()
        reviews, edits = judged.reviews(applied), judged.edits(applied)
        same, different = judged.entity_pairs(applied, "same"), \
            judged.entity_pairs(applied, "different")
        for row in self._conn.execute("SELECT * FROM entity ORDER BY id").fetchall():
            mentions = self._conn.execute(
                "SELECT document_id, start, end, text, rule, resolution, attributes "
                "FROM mention WHERE entity_id = ? ORDER BY document_id, start", (row["id"],)
            ).fetchall()
            aliases = sorted({m["text"] for m in mentions} - {row["name"]})
            record = {
                "type": "entity", "id": row["id"], "kind": row["kind"], "name": row["name"],
                "aliases": aliases, **json.loads(row["attributes"]),
                "mentions": [
                    {"document": m["document_id"], "start": m["start"], "end": m["end"],
                     "text": m["text"], "rule": m["rule"], "resolution": m["resolution"],
                     **_mention_extras(json.loads(m["attributes"]))}
                    for m in mentions
                ],
                "same_as": sorted(same.get(row["id"], ())),
                "different_from": sorted(different.get(row["id"], ())),
            }
            yield judged_record(record, reviews, edits)

    def repeated_lines(self, outlet: str, keys: Sequence[str], exclude: str) -> frozenset[str]:
        """Those of `keys` seen on at least two other documents of `outlet`."""
        found: set[str] = set()
        unique = sorted(set(keys))
        for i in range(0, len(unique), 500):  # stay under SQLite's bound-parameter limit
            chunk = unique[i:i + 500]
            marks = ",".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"SELECT key FROM outlet_line WHERE outlet = ? AND key IN ({marks}) "
                "AND document_id != ? GROUP BY key HAVING count(*) >= 2",
                (outlet, *chunk, exclude))
            found.update(row[0] for row in rows)
        return frozenset(found)

    def _index_outlet_lines(self, doc: Document, keys: Sequence[str]) -> None:
        self._conn.execute("DELETE FROM outlet_line WHERE document_id = ?", (doc.id,))
        if doc.outlet and keys:
            self._conn.executemany(
                "INSERT OR IGNORE INTO outlet_line (outlet, key, document_id) VALUES (?,?,?)",
                [(doc.outlet, key, doc.id) for key in set(keys)])

    def _index_folded(self, document_id: str, words: str) -> None:
        row = self._conn.execute("SELECT rowid FROM document WHERE id = ?",
                                 (document_id,)).fetchone()
        if row is not None:
            self._conn.execute("DELETE FROM document_fold WHERE rowid = ?", (row[0],))
            self._conn.execute("INSERT INTO document_fold (rowid, words) VALUES (?, ?)",
                               (row[0], words))

    def unfolded_documents(self, limit: int = 500) -> list[Document]:
        """Documents the cross-script search index has no words for (stored before it)."""
        rows = self._conn.execute(
            "SELECT * FROM document WHERE rowid NOT IN (SELECT rowid FROM document_fold) "
            "LIMIT ?", (limit,)).fetchall()
        return [_row_document(r, ()) for r in rows]

    def index_folded(self, words: dict[str, str]) -> None:
        """Store documents' folded search words (document id -> words), in one transaction."""
        with self._conn:
            self._conn.execute("BEGIN")
            for document_id, text in words.items():
                self._index_folded(document_id, text)

    def documents_in_container(self, container_sha256: str) -> int:
        return int(self._conn.execute(
            "SELECT count(*) FROM document WHERE container_sha256 = ?",
            (container_sha256,)).fetchone()[0])

    def get_document(self, document_id: str, *, prefix: bool = True) -> Document | None:
        """The document with this id, or (for the CLI, `prefix`) the one whose id starts with
        it when only one does. Case-sensitive, and never LIKE: its `_` (in every id) matches
        any character, so a changed or partial id found a document on the web (issue 14)."""
        row = self._conn.execute("SELECT * FROM document WHERE id = ?", (document_id,)).fetchone()
        if row is None and prefix and document_id:
            rows = self._conn.execute(
                "SELECT * FROM document WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 2",
                (len(document_id), document_id)).fetchall()
            row = rows[0] if len(rows) == 1 else None  # a unique prefix is enough
        if row is None:
            return None
        return _edited_document(_row_document(row, self._mentions(row["id"])),
                                self.edits().get(row["id"], ()))

    def _mentions(self, document_id: str) -> tuple[Mention, ...]:
        rows = self._conn.execute(
            "SELECT * FROM mention WHERE document_id = ? ORDER BY start, end, kind",
            (document_id,))
        return tuple(Mention(r["start"], r["end"], r["text"], r["kind"], r["key"], r["name"],
                             r["rule"], r["resolution"], json.loads(r["attributes"]))
                     for r in rows)

    def document_ids(self, flt: DocumentFilter | None = None, *,
                     pages_only: bool = False) -> list[str]:
        sql, args = _filter_sql(flt or DocumentFilter())
        ids = [(r["id"], r["segment_of"]) for r in
               self._conn.execute(f"SELECT d.id, d.segment_of FROM document d {sql}", args)]
        return [i for i, parent in ids if not (pages_only and parent)]

    def page_of(self, document_id: str) -> str:
        """The page document a segment was cut from; any other id is returned as it is."""
        row = self._conn.execute("SELECT segment_of FROM document WHERE id = ?",
                                (document_id,)).fetchone()
        return str(row[0]) if row is not None and row[0] else document_id

    def iter_documents(self, flt: DocumentFilter | None = None) -> Iterator[Document]:
        sql, args = _filter_sql(flt or DocumentFilter())
        edits = self.edits()
        for row in self._conn.execute(f"SELECT d.* FROM document d {sql}", args).fetchall():
            yield _edited_document(_row_document(row, self._mentions(row["id"])),
                                   edits.get(row["id"], ()))

    def record_for(self, document_id: str) -> Record | None:
        """Rebuild the record a document came from, from the evidence store alone; the stored
        bytes are hashed first (`EvidenceError` when they are missing or altered)."""
        row = self._conn.execute(
            "SELECT e.* FROM evidence e JOIN document d ON d.sha256 = e.sha256 WHERE d.id = ?",
            (document_id,)).fetchone()  # a segment shares its page's record
        if row is None:
            return None
        return Record(row["kind"], self.evidence.read(row["sha256"]), row["path"],
                      row["locator"], row["container_sha256"], json.loads(row["meta"]))

    # -- cross-document links (docket/workflows/link_step.py) ----------------------------

    def stories(self) -> Iterator[Story]:
        """Stories as the link step made them, with analysts' latest review and edits."""
        return map(Story.from_record, self._link_records("story"))

    def incidents(self) -> Iterator[Incident]:
        """Incidents as the link step made them, with analysts' latest review and edits."""
        return map(Incident.from_record, self._link_records("incident"))

    def contradictions(self) -> Iterator[Contradiction]:
        """Contradictions as the link step found them, with analysts' latest review."""
        return map(Contradiction.from_record, self._link_records("contradiction"))

    # The same, as the export contract's records (docs/export.md): what exports write.

    def story_records(self) -> Iterator[dict[str, Any]]:
        yield from self._link_records("story")

    def incident_records(self) -> Iterator[dict[str, Any]]:
        yield from self._link_records("incident")

    def contradiction_records(self) -> Iterator[dict[str, Any]]:
        yield from self._link_records("contradiction")

    def _link_records(self, table: str) -> Iterator[dict[str, Any]]:
        reviews, edits = self.judgement_maps()
        for row in self._conn.execute(f"SELECT record FROM {table} ORDER BY id"):
            yield judged_record(json.loads(row[0]), reviews, edits)

    def titles(self, document_ids: Sequence[str]) -> dict[str, str | None]:
        """Titles of these documents, in one query."""
        rows = self._conn.execute(
            "SELECT id, title FROM document WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(document_ids)),))
        return {row[0]: row[1] for row in rows}

    def members(self, record_id: str) -> list[str]:
        """The documents of a story or the events of an incident, as last derived."""
        if record_id.startswith("sty_"):
            sql = "SELECT document_id FROM story_member WHERE story_id = ? ORDER BY 1"
        elif record_id.startswith("inc_"):
            sql = "SELECT event_id FROM incident_member WHERE incident_id = ? ORDER BY 1"
        else:
            return []
        return [row[0] for row in self._conn.execute(sql, (record_id,))]

    # -- judgements -------------------------------------------------------------------------

    def add_judgement(self, kind: str, subject: str, by: str, *, obj: str | None = None,
                      field: str | None = None, value: str | None = None,
                      why: str | None = None) -> str:
        """Store one judgement with the anchors of the records it names (anchors.py)."""
        at = utc_now()
        judgement_id = stable_id("jdg", kind, subject, obj or "", field or "", by, at)
        subject_anchors = anchors_of(self._conn, subject)
        object_anchors = anchors_of(self._conn, obj) if obj else None
        with self._conn:
            self._conn.execute("BEGIN")
            self._conn.execute(
                "INSERT INTO judgement (id, kind, subject, object, field, value, by, why, at, "
                "anchors) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (judgement_id, kind, subject, obj, field, value, by, why, at,
                 dump_anchors(subject_anchors, object_anchors)))
            if kind in _LINK_JUDGEMENTS:
                named = [subject, *([obj] if obj else []), *_members(value)]
                documents = {d for r in named for d in self.documents_of_record(r)}
                documents |= {str(a[0]) for a in subject_anchors + (object_anchors or [])}
                self.mark_link_pending(sorted(documents), f"judgement {kind}")
        return judgement_id

    def judgements(self, kind: str | None = None) -> list[sqlite3.Row]:
        if kind is None:
            return list(self._conn.execute("SELECT * FROM judgement ORDER BY at, id"))
        return list(self._conn.execute(
            "SELECT * FROM judgement WHERE kind = ? ORDER BY at, id", (kind,)))

    def record_exists(self, record_id: str) -> bool:
        """Whether a record with this id is in the ledger now (by its id's prefix)."""
        table = RECORD_TABLES.get(record_id.split("_", 1)[0])
        if table is None or not self._has_table(table):
            return False
        row = self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is None and table == "event":
            # a mention joined to another happening's record still exists inside it
            row = self._conn.execute(
                "SELECT 1 FROM event, json_each(event.record, '$.mentions') AS m "
                "WHERE json_extract(m.value, '$.id') = ? LIMIT 1", (record_id,)).fetchone()
        return row is not None

    def record(self, record_id: str) -> dict[str, Any] | None:
        """The export record of any record (document, entity, claim, event, story, incident,
        contradiction) by its id or an unambiguous start of it, as analysts left it; None
        when there is none. RequestError when the start names several."""
        table = _RECORD_KINDS.get(record_id.split("_", 1)[0])
        if table is None or not self._has_table(table):
            return None
        found = [row[0] for row in self._conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (record_id, record_id + "\uffff"))]
        if record_id in found:
            found = [record_id]
        if len(found) > 1:
            raise RequestError(f"{record_id!r} starts several ids ({', '.join(found[:3])}, "
                               "…): give more of it")
        if not found:
            return None
        if table == "document":
            doc = self.get_document(found[0], prefix=False)
            return doc.as_record() if doc else None
        if table == "entity":  # built with its mentions and judged pairs, as the export has it
            return next((e for e in self.iter_entities() if e["id"] == found[0]), None)
        reviews, edits = self.judgement_maps()
        row = self._conn.execute(f"SELECT record FROM {table} WHERE id = ?", found).fetchone()
        return judged_record(json.loads(row[0]), reviews, edits)

    def _has_table(self, name: str) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None

    def applied_judgements(self, kind: str | None = None) -> list[Applied]:
        """Every judgement (of one kind) re-attached to the records that stand for what it
        judged now, or with the reason it is orphaned (docket/ledger/judged.py).

        Kept per ledger file until something they resolve against changes (the `generation`
        counter, schema 13): a page or an export re-resolves them only after a change, not on
        every read (bench/judgements.py)."""
        key = self._generation()
        cached = _APPLIED.get(str(self.settings.db))
        if cached is not None and cached[0] == key:
            applied = cached[1]
        else:
            applied = apply_judgements(self._conn, self.judgements())
            _APPLIED[str(self.settings.db)] = (key, applied)
        return applied if kind is None else [a for a in applied if a.kind == kind]

    def _generation(self) -> tuple[str, int]:
        row = self._conn.execute("SELECT ledger, n FROM generation WHERE id = 1").fetchone()
        return str(row[0]), int(row[1])

    def judgement_maps(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        """Reviews and edits by current record id, from one pass over the judgements."""
        applied = self.applied_judgements()
        return judged.reviews(applied), judged.edits(applied)

    def reviews(self) -> dict[str, dict[str, Any]]:
        """The latest confirm/reject judgement of each current record: what an analyst decided."""
        return judged.reviews(self.applied_judgements())

    def restored_lines(self, document_id: str) -> frozenset[str]:
        """Lines an analyst restored in this document: kept whatever the stages decide."""
        lines: set[str] = set()
        for row in self._conn.execute(
                "SELECT value FROM judgement WHERE kind = 'restore' AND subject = ?",
                (document_id,)):
            lines.update(json.loads(row[0]).get("lines", []))
        return frozenset(lines)

    def place_choices(self, document_id: str) -> list[PlaceChoice]:
        """Analysts' picks of the place a name in this document means, oldest first (a later
        pick of the same words wins)."""
        out = []
        for row in self._conn.execute(
                "SELECT value, by, why FROM judgement WHERE kind = 'place' AND subject = ? "
                "ORDER BY at, id", (document_id,)):
            data = json.loads(row[0])
            out.append(PlaceChoice(int(data["start"]), int(data["end"]), str(data["words"]),
                                   str(data["gazetteer_id"]), row[1], row[2]))
        return out

    # -- statistics -----------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        one = self._conn.execute
        return {
            "documents": one("SELECT count(*) FROM document").fetchone()[0],
            "analysed": one("SELECT count(*) FROM document WHERE analysed = 1").fetchone()[0],
            "by_language": dict(one(
                "SELECT coalesce(language, 'unknown'), count(*) FROM document GROUP BY 1 "
                "ORDER BY 2 DESC").fetchall()),
            "by_format": dict(one(
                "SELECT format, count(*) FROM document GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            "evidence_items": one("SELECT count(*) FROM evidence").fetchone()[0],
            "evidence_bytes": one("SELECT coalesce(sum(size), 0) FROM evidence").fetchone()[0],
            "failed_records": one(
                "SELECT count(*) FROM evidence WHERE status = 'failed'").fetchone()[0],
            "custody_entries": one("SELECT count(*) FROM custody").fetchone()[0],
            "runs": one("SELECT count(*) FROM run").fetchone()[0],
            "judgements": one("SELECT count(*) FROM judgement").fetchone()[0],
            "claims": one("SELECT count(*) FROM claim").fetchone()[0],
            "stories_with_copies": one(
                "SELECT count(*) FROM (SELECT story_id FROM story_member GROUP BY 1 "
                "HAVING count(*) > 1)").fetchone()[0],
            "incidents": one("SELECT count(*) FROM incident").fetchone()[0],
            "contradictions": one("SELECT count(*) FROM contradiction").fetchone()[0],
            # Left out by the link step (docket/workflows/link_step.py); `docket link` retries them.
            "not_linked": one("SELECT count(*) FROM not_linked").fetchone()[0],
            "events": one("SELECT count(*) FROM event").fetchone()[0],
            "events_by_category": dict(one(
                "SELECT category, count(*) FROM event GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
        }


def judged_record(record: dict[str, Any], reviews: dict[str, dict[str, Any]],
            edits: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The record with analysts' edits and latest review applied: its own, and for an event
    those made on the mentions it now holds (each had a record of its own before the
    mentions of one happening were joined), oldest first, so none is lost."""
    ids = [record["id"]] + [m["id"] for m in record.get("mentions") or ()
                            if m.get("id") and m["id"] != record["id"]]
    own = sorted((e for i in ids for e in edits.get(i, ())), key=lambda e: str(e["at"]))
    review = max((reviews[i] for i in ids if i in reviews), key=lambda r: str(r["at"]),
                 default=None)
    return _with_edits(record, own) | {"review": review}


def _with_edits(record: dict[str, Any], edits: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The record with each analyst edit applied to its dotted field ('victims.count'), the
    machine's value kept in `edits[].before`; a whole number stays a number."""
    if not edits:
        return record | {"edits": []}
    out = json.loads(json.dumps(record))
    for edit in edits:
        *path, last = str(edit["field"]).split(".")
        target = out
        for key in path:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            after = edit["after"]
            if isinstance(edit["before"], int) and str(after).lstrip("-").isdigit():
                after = int(after)
            target[last] = after
    return out | {"edits": list(edits)}

# Which table holds a record, by the prefix of its id (docket.model.stable_id).
RECORD_TABLES = {"doc": "document", "ent": "entity", "clm": "claim", "evt": "event",
                 "sty": "story", "inc": "incident"}
# What `Ledger.record` reads: every record kind of the export, contradictions included.
_RECORD_KINDS = RECORD_TABLES | {"con": "contradiction"}


# Attributes that belong to the entity (the same in every mention) versus to one mention.
_ENTITY_FIELDS = {
    "place": ("lat", "lon", "country", "admin1", "admin2", "gazetteer_id", "feature_kind",
              "latin"),
    "organization": ("latin",),
    "military_unit": ("number", "honorific", "unit_type", "branch", "unit_name", "country",
                      "parent", "parent_key"),
    "person": ("given", "patronymic", "family", "latin"),
}
_MENTION_FIELDS = ("precision", "relation", "score", "considered", "rank", "role", "role_of",
                   "role_text")


def _entity_attributes(m: Mention) -> dict[str, Any]:
    out = {k: m.attributes.get(k) for k in _ENTITY_FIELDS.get(m.kind, ())}
    if out.get("latin") is None:
        out.pop("latin", None)  # only a Cyrillic name has a Latin form beside it
    return out


def _mention_extras(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: attrs[k] for k in _MENTION_FIELDS if attrs.get(k) is not None}


def _filter_sql(flt: DocumentFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    join = ""
    query = fts_query(flt.search) if flt.search else ""
    folded = folded_fts_query(flt.folded) if query else ""
    if folded:
        where.append("(d.rowid IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?) "
                     "OR d.rowid IN (SELECT rowid FROM document_fold WHERE document_fold "
                     "MATCH ?))")
        args.extend([query, folded])
    elif query:
        join = "JOIN document_fts f ON f.rowid = d.rowid"
        where.append("document_fts MATCH ?")
        args.append(query)
    for column, value in (("d.language", flt.language), ("d.format", flt.format),
                          ("d.outlet", flt.outlet)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    if flt.analysed is not None:
        where.append("d.analysed = ?")
        args.append(int(flt.analysed))
    if flt.since:
        where.append("d.published_value >= ?")
        args.append(flt.since)
    if flt.until:
        where.append("substr(d.published_value, 1, ?) <= ?")
        args.extend([len(flt.until), flt.until])
    if flt.path:
        where.append("instr(d.path, ?) > 0")
        args.append(flt.path)
    if flt.ids is not None:
        where.append("d.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps(sorted(flt.ids)))
    if not flt.withdrawn:
        where.append(f"d.id NOT IN ({WITHDRAWN_SQL})")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return f"{join}{clause} ORDER BY d.published_value IS NULL, d.published_value, d.id", args


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id, "sha256": doc.source.sha256, "path": doc.source.path, "url": doc.source.url,
        "container_sha256": doc.source.container_sha256, "locator": doc.source.locator,
        "segment_of": doc.segment_of, "format": doc.format, "encoding": doc.encoding,
        "encoding_method": doc.encoding_method, "title": doc.title, "outlet": doc.outlet,
        "byline": doc.byline, "cited_source": doc.cited_source,
        "published_value": doc.published.value if doc.published else None,
        "published_precision": doc.published.precision if doc.published else None,
        "published_origin": doc.published.origin if doc.published else None,
        "language": doc.language, "language_score": doc.language_score,
        "translated_from": doc.translated_from, "analysed": int(doc.analysed),
        "analysis_note": doc.analysis_note, "full_text": doc.full_text, "text": doc.text,
        "removed": json.dumps([[s.start, s.end, s.reason, s.rule] for s in doc.removed]),
        "source_map": json.dumps([[m.start, m.end, m.byte_start, m.byte_end]
                                  for m in doc.source_map]),
        "notes": json.dumps(list(doc.notes)),
    }


def _edited_document(doc: Document, edits: Sequence[dict[str, Any]]) -> Document:
    """The document with analysts' edits of its fields (title, outlet, byline, cited_source,
    language, translated_from, published_value, published_precision), oldest first."""
    changes: dict[str, Any] = {}
    published = doc.published
    for edit in edits:
        field, after = str(edit["field"]), edit["after"]
        if field in _EDITABLE_DOCUMENT_FIELDS:
            changes[field] = after if after != "" else None
        elif field in ("published_value", "published_precision"):
            value = published.value if published else None
            precision = published.precision if published else "day"
            if field == "published_value":
                value = after or None
            else:
                precision = after
            published = PublishedDate(value, precision, "analyst") if value else None
            changes["published"] = published
    return replace(doc, **changes) if changes else doc


_EDITABLE_DOCUMENT_FIELDS = ("title", "outlet", "byline", "cited_source", "language",
                             "translated_from")


def _row_document(row: sqlite3.Row, mentions: tuple[Mention, ...] = ()) -> Document:
    published = None
    if row["published_value"]:
        published = PublishedDate(row["published_value"], row["published_precision"],
                                  row["published_origin"] or "")
    return Document(
        id=row["id"],
        source=SourceRef(row["path"], row["url"], row["sha256"], row["container_sha256"],
                         row["locator"]),
        format=row["format"], encoding=row["encoding"], encoding_method=row["encoding_method"],
        full_text=row["full_text"],
        removed=tuple(Span(*s) for s in json.loads(row["removed"])),
        source_map=tuple(LineSource(*m) for m in json.loads(row["source_map"])),
        segment_of=row["segment_of"], title=row["title"], outlet=row["outlet"],
        byline=row["byline"], cited_source=row["cited_source"], published=published,
        language=row["language"], language_score=row["language_score"],
        translated_from=row["translated_from"], analysed=bool(row["analysed"]),
        analysis_note=row["analysis_note"], notes=tuple(json.loads(row["notes"])),
        mentions=mentions,
    )
