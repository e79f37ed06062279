"""The story candidate index's tables (`candidate_doc`, `candidate_band`, `candidate_pair`,
`skeleton_df`): the SQL behind docket/link/index.py, which computes the keys.

Every function works inside the caller's transaction; documents are numbered in the order they
enter the index (`candidate_doc.num`), and a bucket look-up returns the newest `cap` numbers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from docket.ledger.link_tables import chunked

_CHUNK = 500  # bound parameters per statement


class CandidateTables:
    """The stored candidate index of one open ledger."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def document_number(self, document_id: str) -> int | None:
        row = self._conn.execute(
            "SELECT num FROM candidate_doc WHERE document_id = ?", (document_id,)
        ).fetchone()
        return None if row is None else int(row[0])

    def remove_document(self, document_id: str, number: int, keys: Sequence[int]) -> None:
        """Take one document out: its buckets, its number, its pairs and its story edges."""
        self._conn.executemany(
            "DELETE FROM candidate_band WHERE key = ? AND num = ?", [(k, number) for k in keys]
        )
        self._conn.execute("DELETE FROM candidate_doc WHERE num = ?", (number,))
        self._conn.execute(
            "DELETE FROM candidate_pair WHERE a = ? OR b = ?", (document_id, document_id)
        )
        self._conn.execute(
            "DELETE FROM story_edge WHERE a = ? OR b = ?", (document_id, document_id)
        )

    def bucket_numbers(self, exact: int, keys: Sequence[int],
                       cap: int) -> dict[int, list[int]]:
        """The numbers of indexed documents sharing the exact hash or a band key (newest `cap`
        per bucket), each with the sizes of the buckets it shares with the new document (0
        for the exact hash); docket/link/index.py weighs them."""
        found: dict[int, list[int]] = {}
        for (number,) in self._conn.execute(
            "SELECT num FROM candidate_doc WHERE exact = ? ORDER BY num DESC LIMIT ?",
            (exact, cap),
        ):
            found.setdefault(number, []).append(0)
        for key in keys:
            bucket = [
                row[0]
                for row in self._conn.execute(
                    "SELECT num FROM candidate_band WHERE key = ? ORDER BY num DESC LIMIT ?",
                    (key, cap),
                )
            ]
            for number in bucket:
                found.setdefault(number, []).append(len(bucket))
        return found

    def document_order(self, document_ids: Iterable[str]) -> dict[str, int]:
        """Each indexed document's number: the order documents entered the index."""
        out: dict[str, int] = {}
        for chunk in chunked(document_ids):
            out.update(
                self._conn.execute(
                    f"SELECT document_id, num FROM candidate_doc WHERE document_id IN "
                    f"({','.join('?' for _ in chunk)})",
                    chunk,
                )
            )
        return out

    def insert_document(self, document_id: str, exact: int, keys: Sequence[int]) -> int:
        """Index one document under its keys; its number."""
        cur = self._conn.execute(
            "INSERT INTO candidate_doc (document_id, exact) VALUES (?, ?)", (document_id, exact)
        )
        number = int(cur.lastrowid or 0)
        self._conn.executemany(
            "INSERT OR IGNORE INTO candidate_band (key, num) VALUES (?, ?)",
            [(k, number) for k in keys],
        )
        return number

    def add_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO candidate_pair (a, b) VALUES (?, ?)", list(pairs)
        )

    def document_ids(self, numbers: Sequence[int]) -> list[str]:
        """The documents with these numbers, oldest first."""
        out: list[str] = []
        for i in range(0, len(numbers), _CHUNK):
            chunk = list(numbers[i : i + _CHUNK])
            out += [
                row[0]
                for row in self._conn.execute(
                    f"SELECT document_id FROM candidate_doc WHERE num IN "
                    f"({','.join('?' for _ in chunk)}) ORDER BY num",
                    chunk,
                )
            ]
        return out

    def count_tokens(self, tokens: Sequence[str], step: int) -> None:
        """Add one (`step` > 0) or take one away from each skeleton token's document count."""
        if step > 0:
            self._conn.executemany(
                "INSERT INTO skeleton_df (token, df) VALUES (?, 1) "
                "ON CONFLICT(token) DO UPDATE SET df = df + 1",
                [(t,) for t in tokens],
            )
        else:
            self._conn.executemany(
                "UPDATE skeleton_df SET df = df - 1 WHERE token = ?", [(t,) for t in tokens]
            )

    def pairs_touching(self, ids: Iterable[str]) -> set[tuple[str, str]]:
        """Candidate pairs with either document among `ids`."""
        pairs: set[tuple[str, str]] = set()
        for chunk in chunked(ids):
            marks = ",".join("?" for _ in chunk)
            pairs.update(
                (a, b)
                for a, b in self._conn.execute(
                    f"SELECT a, b FROM candidate_pair WHERE a IN ({marks}) "
                    f"UNION SELECT a, b FROM candidate_pair WHERE b IN ({marks})",
                    (*chunk, *chunk),
                )
            )
        return pairs

    def indexed_count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM candidate_doc").fetchone()[0])

    def token_counts(self, tokens: Iterable[str]) -> dict[str, int]:
        """Skeleton tokens' document counts."""
        df: dict[str, int] = {}
        for chunk in chunked(tokens):
            df.update(
                self._conn.execute(
                    f"SELECT token, df FROM skeleton_df WHERE token IN "
                    f"({','.join('?' for _ in chunk)})",
                    chunk,
                )
            )
        return df
