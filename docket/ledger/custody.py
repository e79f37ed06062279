"""The custody log as a hash chain: every entry carries the hash of the one before it.

Each entry's `entry_hash` is the SHA-256 of its own fields (sequence number, evidence hash,
document, time, action, run, operator, tool version, detail) and of `prev_hash`, the
`entry_hash` of the entry before it (64 zeros for the first). Changing any field of an entry,
removing one or moving one changes a hash that a later entry, or the head, depends on; `docket
verify` recomputes the chain and reports where it breaks.

What it does not do: whoever can rewrite the whole ledger file can rebuild the whole chain, and
a removed last entry leaves no later entry to notice it. The head (the last entry's hash) kept
outside the ledger is what proves the log up to it is unchanged: `docket verify` prints it, and
`docket verify --head HASH` checks that a head kept earlier is still in the chain.

The chain covers custody entries only, which hold no document text, so purging a document adds
a `purged` entry and never rewrites one. Entries are chained as they are written: the SQL
function `docket_custody_hash` computes the hash inside the INSERT that takes the previous
entry's, so two writers can never chain onto the same entry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# The fields an entry's hash covers, in this order (then prev_hash).
FIELDS = ("seq", "sha256", "document_id", "at", "action", "run_id", "operator", "tool_version",
          "detail")
SQL_FUNCTION = "docket_custody_hash"
_TAG = "docket-custody-v1"


def entry_hash(seq: int, sha256: str, document_id: str | None, at: str, action: str,
               run_id: int | None, operator: str, tool_version: str, detail: str,
               prev_hash: str) -> str:
    """The hash of one custody entry: its fields and the previous entry's hash, as canonical
    JSON (an array, so no field can be confused with another)."""
    payload = json.dumps([_TAG, seq, sha256, document_id, at, action, run_id, operator,
                          tool_version, detail, prev_hash], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _sql_entry_hash(*values: Any) -> str:
    seq, sha256, document_id, at, action, run_id, operator, tool_version, detail, prev = values
    return entry_hash(int(seq), sha256, document_id, at, action,
                      None if run_id is None else int(run_id), operator, tool_version, detail,
                      prev)


def register_hash_function(conn: sqlite3.Connection) -> None:
    """Make `docket_custody_hash(...)` callable in this connection's SQL (writers need it)."""
    conn.create_function(SQL_FUNCTION, 10, _sql_entry_hash, deterministic=True)


# The next entry, chained in one statement: its number follows the highest ever given (so a
# removed last entry leaves a gap), and its prev_hash is the last entry's hash.
APPEND_SQL = f"""
INSERT INTO custody (seq, sha256, document_id, at, action, run_id, operator, tool_version,
                     detail, prev_hash, entry_hash)
SELECT n.seq, :sha256, :document_id, :at, :action, :run_id, :operator, :tool_version, :detail,
       n.prev, {SQL_FUNCTION}(n.seq, :sha256, :document_id, :at, :action, :run_id, :operator,
                              :tool_version, :detail, n.prev)
FROM (SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'custody'), 0),
                 coalesce((SELECT max(seq) FROM custody), 0)) + 1 AS seq,
             coalesce((SELECT entry_hash FROM custody ORDER BY seq DESC LIMIT 1),
                      '{GENESIS}') AS prev) AS n
"""


def backfill(conn: sqlite3.Connection) -> int:
    """Chain the entries written before the chain existed, in order (schema 14's migration,
    inside its transaction); returns how many."""
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM custody ORDER BY seq").fetchall()
    updates = []
    for row in rows:
        values = dict(zip(FIELDS, row, strict=True))
        own = entry_hash(**values, prev_hash=prev)
        updates.append((prev, own, values["seq"]))
        prev = own
    conn.executemany("UPDATE custody SET prev_hash = ?, entry_hash = ? WHERE seq = ?", updates)
    return len(updates)


@dataclass(frozen=True)
class ChainBreak:
    """One place where the custody chain does not hold, with the entry it is found at."""

    seq: int | None
    reason: str


@dataclass(frozen=True)
class ChainHead:
    """The last entry of the chain: its hash is what to keep outside the ledger."""

    entries: int
    seq: int | None
    at: str | None
    hash: str


@dataclass(frozen=True)
class ChainCheck:
    head: ChainHead
    breaks: tuple[ChainBreak, ...]
    head_found: bool | None  # a head kept elsewhere (--head): still in the chain? None: none given


def check_chain(conn: sqlite3.Connection, expected_head: str | None = None) -> ChainCheck:
    """Recompute every entry's hash, in order; report every entry that was changed, every place
    an entry was removed or moved, and whether `expected_head` is still an entry's hash."""
    breaks: list[ChainBreak] = []
    prev_stored = GENESIS
    prev_seq: int | None = None
    count = 0
    last: tuple[int, str, str] | None = None
    found = False
    for values, prev_hash, stored in _entries(conn):
        count += 1
        seq = int(values["seq"])
        if stored is None or prev_hash is None:
            breaks.append(ChainBreak(seq, "entry has no hash: it was written outside Docket "
                                          "(or by a Docket older than schema 14 after the "
                                          "upgrade)"))
        else:
            if entry_hash(**values, prev_hash=prev_hash) != stored:
                breaks.append(ChainBreak(seq, "entry was changed after it was written (its "
                                              "fields no longer hash to its entry_hash)"))
            if prev_hash != prev_stored:
                gap = _gap(prev_seq, seq)
                before = f"entry {prev_seq}" if prev_seq is not None else "the start of the log"
                breaks.append(ChainBreak(seq, f"entry does not follow {before}: an entry "
                                              f"before it was removed, moved or rewritten{gap}"))
        found = found or (expected_head is not None and stored == expected_head)
        prev_stored = stored or ""
        prev_seq = seq
        last = (seq, str(values["at"]), stored or "")
    highest = _highest_seq_given(conn)
    if last is not None and highest is not None and highest > last[0]:
        gone = f"entry {highest}" if highest == last[0] + 1 else f"entries {last[0] + 1}–{highest}"
        breaks.append(ChainBreak(last[0] + 1, f"{gone} were written and are gone (the last "
                                              "entries were removed)"))
    head = ChainHead(count, last[0], last[1], last[2]) if last else \
        ChainHead(0, None, None, GENESIS)
    head_found = None if expected_head is None else (found or expected_head == GENESIS)
    if head_found is False:
        breaks.append(ChainBreak(None, f"the head kept elsewhere ({expected_head}) is not in the "
                                       "custody log: entries up to it were changed or removed, "
                                       "or the chain was rebuilt"))
    return ChainCheck(head, tuple(breaks), head_found)


def chain_head(conn: sqlite3.Connection) -> ChainHead:
    """The last entry's hash, without checking the chain."""
    row = conn.execute("SELECT seq, at, entry_hash FROM custody ORDER BY seq DESC "
                       "LIMIT 1").fetchone()
    count = int(conn.execute("SELECT count(*) FROM custody").fetchone()[0])
    if row is None:
        return ChainHead(0, None, None, GENESIS)
    return ChainHead(count, int(row[0]), str(row[1]), str(row[2] or ""))


def _entries(conn: sqlite3.Connection) -> Iterator[tuple[dict[str, Any], str | None,
                                                         str | None]]:
    cursor = conn.execute(f"SELECT {', '.join(FIELDS)}, prev_hash, entry_hash FROM custody "
                          "ORDER BY seq")
    while rows := cursor.fetchmany(5000):
        for row in rows:
            values = dict(zip(FIELDS, tuple(row)[:len(FIELDS)], strict=True))
            yield values, row[len(FIELDS)], row[len(FIELDS) + 1]


def _gap(before: int | None, after: int) -> str:
    if before is None or after - before < 2:
        return ""
    if after - before == 2:
        return f" (entry {before + 1} is gone)"
    return f" (entries {before + 1}–{after - 1} are gone)"


def _highest_seq_given(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'custody'").fetchone()
    return None if row is None else int(row[0])
