"""Reads and writes of the derived link tables for one incremental link step.

The link step (docket/workflows/link_step.py) re-derives stories, incidents and contradictions
near the documents that changed. These helpers answer "what is near" from the ledger's indexes
(story members, incident members and blocking keys, contradiction members) and replace exactly
the rows of the records it rebuilt, inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from docket.model import PairScore, StoryInput

_CHUNK = 500  # bound parameters per statement


def chunked(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


class LinkTables:
    """The link tables of one open ledger; its connection stays inside docket/ledger/."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def select_in(self, sql: str, values: Iterable[str]) -> list[sqlite3.Row]:
        """Run `sql` (with one `{marks}` placeholder) over `values` in chunks; all rows."""
        rows: list[sqlite3.Row] = []
        for chunk in chunked(values):
            rows += self._conn.execute(
                sql.format(marks=",".join("?" for _ in chunk)), chunk
            ).fetchall()
        return rows

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        """One link step's writes, all or nothing; the write lock is taken at the start."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            yield

    def queue_all(self) -> None:
        """Queue every document for the link step (`docket link --all`)."""
        with self.write_transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO link_pending (document_id, why) "
                "SELECT id, 'link --all' FROM document"
            )

    def clear_pending(self, documents: Iterable[str]) -> None:
        for chunk in chunked(documents):
            self._conn.execute(
                f"DELETE FROM link_pending WHERE document_id IN ({','.join('?' for _ in chunk)})",
                chunk,
            )

    def replace_fingerprints(
        self, dropped: Iterable[str], fresh: Sequence[tuple[str, str, dict[str, Any]]]
    ) -> None:
        """Drop the fingerprints of `dropped` documents and store `fresh` (id, version, data)."""
        for chunk in chunked(dropped):
            self._conn.execute(
                f"DELETE FROM fingerprint WHERE document_id IN ({','.join('?' for _ in chunk)})",
                chunk,
            )
        self._conn.executemany(
            "INSERT OR REPLACE INTO fingerprint (document_id, version, data) VALUES (?,?,?)",
            [(doc, version, json.dumps(data)) for doc, version, data in fresh],
        )

    def link_counts(self) -> dict[str, int]:
        """How many stories (with copies), incidents and contradictions the ledger holds."""
        one = self._conn.execute
        return {
            "stories": one("SELECT count(*) FROM story").fetchone()[0],
            "stories_with_copies": one(
                "SELECT count(*) FROM (SELECT 1 FROM story_member "
                "GROUP BY story_id HAVING count(*) > 1)"
            ).fetchone()[0],
            "incidents": one("SELECT count(*) FROM incident").fetchone()[0],
            "contradictions": one("SELECT count(*) FROM contradiction").fetchone()[0],
        }

    def pending_batch(self, size: int) -> list[str]:
        return [
            row[0]
            for row in self._conn.execute(
                "SELECT document_id FROM link_pending ORDER BY document_id LIMIT ?", (size,)
            )
        ]

    def existing_documents(self, ids: Iterable[str]) -> set[str]:
        """Those of `ids` still in the ledger and not withdrawn: the others leave every story and
        incident."""
        return {
            r[0]
            for r in self.select_in(
                "SELECT id FROM document WHERE id IN ({marks}) AND id NOT IN "
                "(SELECT document_id FROM custody WHERE action = 'withdrawn')",
                ids,
            )
        }

    def stories_of(self, documents: Iterable[str]) -> dict[str, str]:
        """Document id -> its stored story id."""
        return {
            r[0]: r[1]
            for r in self.select_in(
                "SELECT document_id, story_id FROM story_member WHERE document_id IN ({marks})",
                documents,
            )
        }

    def story_documents(self, stories: Iterable[str]) -> set[str]:
        return {
            r[0]
            for r in self.select_in(
                "SELECT document_id FROM story_member WHERE story_id IN ({marks})", stories
            )
        }

    def original_outlets(self, stories: Iterable[str]) -> dict[str, str | None]:
        return {
            r[0]: r[1]
            for r in self.select_in(
                "SELECT id, original_outlet FROM story WHERE id IN ({marks})", stories
            )
        }

    def fingerprint_data(self, documents: Iterable[str]) -> list[dict[str, Any]]:
        return [
            json.loads(r[0])
            for r in self.select_in(
                "SELECT data FROM fingerprint WHERE document_id IN ({marks})", documents
            )
        ]

    def story_metadata(self, documents: Iterable[str]) -> dict[str, StoryInput]:
        """What choosing a story's original reads of documents already fingerprinted: text,
        outlet, cited source, date, language (not their mentions, which only fingerprints use)."""
        return {
            r[0]: StoryInput(r[0], r[1], r[2], r[3], r[4], r[5])
            for r in self.select_in(
                "SELECT id, text, outlet, cited_source, published_value, language FROM document "
                "WHERE id IN ({marks})",
                documents,
            )
        }

    def story_edges_within(self, documents: Iterable[str]) -> dict[tuple[str, str], PairScore]:
        """Stored scores of every pair with both documents among `documents`: candidate pairs,
        and the pairs average-link joining scored (docket/link/stories.py)."""
        wanted = set(documents)
        found: dict[tuple[str, str], PairScore] = {}
        for row in self.select_in(
            "SELECT a, b, score, same, evidence FROM story_edge WHERE a IN ({marks})", wanted
        ):
            if row[1] in wanted:
                found[(row[0], row[1])] = PairScore(
                    row[0], row[1], row[2], bool(row[3]), json.loads(row[4])
                )
        return found

    def add_story_edges(self, pairs: Iterable[PairScore]) -> None:
        """Keep pair scores; the evidence only of same-story pairs (the others are never shown)."""
        self._conn.executemany(
            "INSERT OR REPLACE INTO story_edge (a, b, score, same, evidence) VALUES (?,?,?,?,?)",
            [
                (
                    p.a,
                    p.b,
                    p.score,
                    int(p.same_story),
                    json.dumps(p.evidence if p.same_story else {}, default=str),
                )
                for p in pairs
            ],
        )

    def known_outlets(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT name FROM known_outlet")]

    def add_outlets(self, names: Iterable[str | None]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO known_outlet (name) VALUES (?)",
            [(n,) for n in sorted({n for n in names if n})],
        )

    def incidents_of_documents(self, documents: Iterable[str]) -> set[str]:
        return {
            r[0]
            for r in self.select_in(
                "SELECT incident_id FROM incident_member WHERE document_id IN ({marks})", documents
            )
        }

    def incidents_of_events(self, events: Iterable[str]) -> set[str]:
        return {
            r[0]
            for r in self.select_in(
                "SELECT incident_id FROM incident_member WHERE event_id IN ({marks})", events
            )
        }

    def incident_events(self, incidents: Iterable[str]) -> set[str]:
        return {
            r[0]
            for r in self.select_in(
                "SELECT event_id FROM incident_member WHERE incident_id IN ({marks})", incidents
            )
        }

    def replace_incident_keys(
        self,
        documents: Iterable[str],
        keys: dict[str, tuple[set[int], set[int]]],
        document_of: dict[str, str],
    ) -> None:
        for chunk in chunked(documents):
            self._conn.execute(
                f"DELETE FROM incident_key WHERE document_id IN ({','.join('?' for _ in chunk)})",
                chunk,
            )
        self._conn.executemany(
            "INSERT OR IGNORE INTO incident_key (key, query, event_id, document_id) "
            "VALUES (?,?,?,?)",
            [
                (key, role, event, document_of[event])
                for event, (index, query) in sorted(keys.items())
                for role, group in ((0, index), (1, query))
                for key in sorted(group)
            ],
        )

    def candidate_events(self, keys: dict[str, tuple[set[int], set[int]]], cap: int) -> set[str]:
        """Stored events that block with these: filed under a key they look under, or looking
        under a key they are filed under (newest `cap` per key, as the story index caps buckets).
        """
        found: set[str] = set()
        for index, query in keys.values():
            for role, group in ((0, query), (1, index)):
                for key in group:
                    found.update(
                        r[0]
                        for r in self._conn.execute(
                            "SELECT event_id FROM incident_key WHERE key = ? AND query = ? "
                            "ORDER BY event_id DESC LIMIT ?",
                            (key, role, cap),
                        )
                    )
        return found

    def contradictions_touching(self, documents: Iterable[str], events: Iterable[str]) -> set[str]:
        """Story-scope contradictions of these documents' stories and incident-scope ones of
        these events' incidents: the ones the step rebuilds."""
        found = {
            r[0]
            for r in self.select_in(
                "SELECT m.contradiction_id FROM contradiction_member m JOIN contradiction c "
                "ON c.id = m.contradiction_id WHERE c.scope = 'story' AND m.document_id IN "
                "({marks})",
                documents,
            )
        }
        found |= {
            r[0]
            for r in self.select_in(
                "SELECT m.contradiction_id FROM contradiction_member m JOIN contradiction c "
                "ON c.id = m.contradiction_id WHERE c.scope = 'incident' AND m.event_id IN "
                "({marks})",
                events,
            )
        }
        return found

    def replace_derived(
        self,
        *,
        old_stories: Iterable[str],
        stories: Sequence[dict[str, Any]],
        old_incidents: Iterable[str],
        incidents: Sequence[dict[str, Any]],
        document_of: dict[str, str],
        old_contradictions: Iterable[str],
        contradictions: Sequence[dict[str, Any]],
    ) -> None:
        """Delete the rebuilt records' rows and write their replacements."""
        for table, column, ids in (
            ("story_member", "story_id", old_stories),
            ("story", "id", old_stories),
            ("incident_member", "incident_id", old_incidents),
            ("incident", "id", old_incidents),
            ("contradiction_member", "contradiction_id", old_contradictions),
            ("contradiction", "id", old_contradictions),
        ):
            for chunk in chunked(ids):
                self._conn.execute(
                    f"DELETE FROM {table} WHERE {column} IN ({','.join('?' for _ in chunk)})", chunk
                )
        for st in stories:
            self._conn.execute(
                "INSERT OR REPLACE INTO story (id, original_document, original_outlet, record) "
                "VALUES (?,?,?,?)",
                (
                    st["id"],
                    st["original_document"],
                    st["original_outlet"],
                    json.dumps(st, ensure_ascii=False),
                ),
            )
            self._conn.executemany(
                "INSERT OR REPLACE INTO story_member (document_id, story_id) VALUES (?,?)",
                [(d, st["id"]) for d in st["documents"]],
            )
        for inc in incidents:
            self._conn.execute(
                "INSERT OR REPLACE INTO incident (id, category, independent_sources, record) "
                "VALUES (?,?,?,?)",
                (
                    inc["id"],
                    inc["category"],
                    inc["independent_sources"],
                    json.dumps(inc, ensure_ascii=False, default=str),
                ),
            )
            self._conn.executemany(
                "INSERT OR REPLACE INTO incident_member (event_id, incident_id, document_id) "
                "VALUES (?,?,?)",
                [(e, inc["id"], document_of[e]) for e in inc["events"]],
            )
        for con in contradictions:
            self._conn.execute(
                "INSERT OR REPLACE INTO contradiction (id, field, scope, record) VALUES (?,?,?,?)",
                (
                    con["id"],
                    con["field"],
                    con["scope"],
                    json.dumps(con, ensure_ascii=False, default=str),
                ),
            )
            self._conn.executemany(
                "INSERT OR IGNORE INTO contradiction_member (contradiction_id, event_id, "
                "document_id) VALUES (?,?,?)",
                [(con["id"], e, document_of.get(e, "")) for e in con["events"]],
            )

    # -- documents the link step left out (table not_linked, schema 12) -------------------------

    def not_linked_among(
        self, documents: Iterable[str], stage: str = "fingerprint"
    ) -> dict[str, str]:
        """Of these documents, those left out at `stage`, with the reason."""
        return {
            r[0]: r[2]
            for r in self.select_in(
                "SELECT document_id, stage, reason FROM not_linked WHERE document_id IN ({marks})",
                documents,
            )
            if r[1] == stage
        }

    def clear_not_linked(self, documents: Iterable[str], stage: str | None = None) -> None:
        """Forget why these documents were left out (at `stage`, or at any)."""
        extra = "" if stage is None else " AND stage = ?"
        for chunk in chunked(documents):
            self._conn.execute(
                f"DELETE FROM not_linked WHERE document_id IN "
                f"({','.join('?' for _ in chunk)}){extra}",
                chunk + ([] if stage is None else [stage]),
            )

    def mark_not_linked(self, rows: Iterable[tuple[str, str, str]], at: str) -> None:
        """Record (document, stage, reason) rows: the link step left these documents out."""
        self._conn.executemany(
            "INSERT OR REPLACE INTO not_linked (document_id, stage, reason, at) VALUES (?,?,?,?)",
            [(doc, stage, reason, at) for doc, stage, reason in rows],
        )

    def queue_not_linked(self) -> int:
        """Queue every document left out for the next link step; how many were queued."""
        return self._conn.execute(
            "INSERT OR REPLACE INTO link_pending (document_id, why) "
            "SELECT document_id, 'retry: not linked' FROM not_linked"
        ).rowcount

    def not_linked_reasons(self) -> dict[str, int]:
        """How many documents are left out, by stage and reason, most first."""
        return {
            f"{r[0]}: {r[1]}": r[2]
            for r in self._conn.execute(
                "SELECT stage, reason, count(*) FROM not_linked GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
            )
        }
