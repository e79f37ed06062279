"""The story candidate index kept in the ledger, so adding documents never re-reads the rest.

The same blocking as `stories.CandidateIndex` (exact text hash, MinHash LSH bands over
character shingles and over the skeleton of names, numbers and dates), with its buckets as rows
of `candidate_band (key, num)`: a band's hash and the document's number in the index. Finding
the candidates of a new document is one indexed look-up per band (newest `bucket_cap` first),
so the cost of adding a document does not grow with the ledger.

Band keys are 64-bit BLAKE2b hashes of the band's position and values: Python's `hash()` of
bytes changes from one process to the next, and these keys must outlive the process.

Skeleton-token document frequencies (for `stories.rarity_weights`) are kept beside the index in
`skeleton_df`, counted when a fingerprint enters or leaves it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence

from docket.link.fingerprint import NUM_PERM, SKELETON_PERM, Fingerprint, minhash_values
from docket.link.stories import (
    BUCKET_CAP,
    CHAR_THRESHOLD,
    RARITY_PRIOR,
    SKELETON_THRESHOLD,
    _band_layout,
    rarity_from_counts,
)

_CHAR_BANDS = _band_layout(CHAR_THRESHOLD, NUM_PERM)
_SKELETON_BANDS = _band_layout(SKELETON_THRESHOLD, SKELETON_PERM)
_CHUNK = 500  # SQLite's bound-parameter limit is 999 on older builds


def _key(position: int, values: bytes) -> int:
    digest = hashlib.blake2b(position.to_bytes(2, "little") + values, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def band_keys(fp: Fingerprint) -> list[int]:
    """The LSH bucket keys of a fingerprint: one per char band, one per skeleton band."""
    values = minhash_values(fp.minhash)
    if len(values) != NUM_PERM:
        raise ValueError(f"fingerprint {fp.id} has {len(values)} MinHash values, the index "
                         f"expects {NUM_PERM}: rebuild fingerprints with one NUM_PERM")
    keys = [_key(n, values[s:e].tobytes()) for n, (s, e) in enumerate(_CHAR_BANDS)]
    if fp.skeleton_minhash:
        skeleton = minhash_values(fp.skeleton_minhash)
        keys += [_key(len(_CHAR_BANDS) + n, skeleton[s:e].tobytes())
                 for n, (s, e) in enumerate(_SKELETON_BANDS)]
    return keys


def exact_key(fp: Fingerprint) -> int:
    return int.from_bytes(bytes.fromhex(fp.exact[:16]), "little", signed=True)


class StoredCandidateIndex:
    """Candidate search over the ledger's `candidate_*` tables; the caller owns the transaction.
    """

    def __init__(self, conn: sqlite3.Connection, bucket_cap: int = BUCKET_CAP) -> None:
        self.conn = conn
        self.bucket_cap = bucket_cap

    def remove(self, old: Iterable[Fingerprint]) -> None:
        """Take documents out (reprocessed or purged), with their pairs and token counts."""
        for fp in old:
            row = self.conn.execute("SELECT num FROM candidate_doc WHERE document_id = ?",
                                    (fp.id,)).fetchone()
            if row is None:
                continue
            self.conn.executemany("DELETE FROM candidate_band WHERE key = ? AND num = ?",
                                  [(k, row[0]) for k in band_keys(fp)])
            self.conn.execute("DELETE FROM candidate_doc WHERE num = ?", (row[0],))
            self.conn.execute("DELETE FROM candidate_pair WHERE a = ? OR b = ?", (fp.id, fp.id))
            self.conn.execute("DELETE FROM story_edge WHERE a = ? OR b = ?", (fp.id, fp.id))
            self._count_tokens(fp, -1)

    def add(self, fp: Fingerprint) -> list[str]:
        """Index a fingerprint; return the ids of documents already indexed that are candidates.
        """
        keys = band_keys(fp)
        exact = exact_key(fp)
        found: set[int] = {row[0] for row in self.conn.execute(
            "SELECT num FROM candidate_doc WHERE exact = ? ORDER BY num DESC LIMIT ?",
            (exact, self.bucket_cap))}
        for key in keys:
            found.update(row[0] for row in self.conn.execute(
                "SELECT num FROM candidate_band WHERE key = ? ORDER BY num DESC LIMIT ?",
                (key, self.bucket_cap)))
        cur = self.conn.execute("INSERT INTO candidate_doc (document_id, exact) VALUES (?, ?)",
                                (fp.id, exact))
        number = int(cur.lastrowid or 0)
        self.conn.executemany("INSERT OR IGNORE INTO candidate_band (key, num) VALUES (?, ?)",
                              [(k, number) for k in keys])
        self._count_tokens(fp, +1)
        others = self._ids(sorted(found))
        self.conn.executemany("INSERT OR IGNORE INTO candidate_pair (a, b) VALUES (?, ?)",
                              [(min(o, fp.id), max(o, fp.id)) for o in others if o != fp.id])
        return [o for o in others if o != fp.id]

    def _ids(self, numbers: Sequence[int]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(numbers), _CHUNK):
            chunk = numbers[i:i + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            out += [row[0] for row in self.conn.execute(
                f"SELECT document_id FROM candidate_doc WHERE num IN ({marks}) ORDER BY num",
                chunk)]
        return out

    def _count_tokens(self, fp: Fingerprint, step: int) -> None:
        tokens = sorted(fp.skeleton)
        if step > 0:
            self.conn.executemany(
                "INSERT INTO skeleton_df (token, df) VALUES (?, 1) "
                "ON CONFLICT(token) DO UPDATE SET df = df + 1", [(t,) for t in tokens])
        else:
            self.conn.executemany("UPDATE skeleton_df SET df = df - 1 WHERE token = ?",
                                  [(t,) for t in tokens])

    def pairs_within(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        """Candidate pairs with both documents among `ids`."""
        wanted = set(ids)
        pairs: set[tuple[str, str]] = set()
        ordered = sorted(wanted)
        for i in range(0, len(ordered), _CHUNK):
            chunk = ordered[i:i + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            for a, b in self.conn.execute(
                    f"SELECT a, b FROM candidate_pair WHERE a IN ({marks}) "
                    f"UNION SELECT a, b FROM candidate_pair WHERE b IN ({marks})",
                    (*chunk, *chunk)):
                if a in wanted and b in wanted:
                    pairs.add((a, b))
        return sorted(pairs)

    def rarity(self, fps: Iterable[Fingerprint], prior: int = RARITY_PRIOR) -> dict[str, float]:
        """`stories.rarity_weights` for these documents' tokens, from the whole index's counts.
        """
        tokens = sorted({t for fp in fps for t in fp.skeleton})
        total = int(self.conn.execute("SELECT count(*) FROM candidate_doc").fetchone()[0])
        df: dict[str, int] = {}
        for i in range(0, len(tokens), _CHUNK):
            chunk = tokens[i:i + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            df.update(self.conn.execute(
                f"SELECT token, df FROM skeleton_df WHERE token IN ({marks})", chunk))
        return rarity_from_counts(df, total, tokens, prior)
