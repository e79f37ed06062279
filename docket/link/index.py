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
from collections.abc import Iterable

from docket.ledger.candidate_tables import CandidateTables
from docket.link.fingerprint import NUM_PERM, SKELETON_PERM, Fingerprint, minhash_values
from docket.link.stories import (
    BUCKET_CAP,
    CHAR_THRESHOLD,
    RARITY_PRIOR,
    SKELETON_THRESHOLD,
    _band_layout,
    bucket_weight,
    nearest_candidates,
    rarity_from_counts,
)

_CHAR_BANDS = _band_layout(CHAR_THRESHOLD, NUM_PERM)
_SKELETON_BANDS = _band_layout(SKELETON_THRESHOLD, SKELETON_PERM)


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

    def __init__(self, tables: CandidateTables, bucket_cap: int = BUCKET_CAP,
                 limit: int | None = None) -> None:
        self.tables = tables
        self.bucket_cap = bucket_cap
        self.limit = limit  # candidates kept per new document (`nearest_candidates`)

    def remove(self, old: Iterable[Fingerprint]) -> None:
        """Take documents out (reprocessed or purged), with their pairs and token counts."""
        for fp in old:
            number = self.tables.document_number(fp.id)
            if number is None:
                continue
            self.tables.remove_document(fp.id, number, band_keys(fp))
            self.tables.count_tokens(sorted(fp.skeleton), -1)

    def add(self, fp: Fingerprint) -> list[str]:
        """Index a fingerprint; return the ids of documents already indexed that are candidates
        (the `limit` sharing the most buckets with it)."""
        keys = band_keys(fp)
        exact = exact_key(fp)
        found = self.tables.bucket_numbers(exact, keys, self.bucket_cap)
        self.tables.insert_document(fp.id, exact, keys)
        self.tables.count_tokens(sorted(fp.skeleton), +1)
        # The same text weighs as every band and one more; a band by how full its bucket is.
        shared = {n: sum(bucket_weight(size) if size else len(keys) + 1.0 for size in sizes)
                  for n, sizes in found.items()}
        others = self.tables.document_ids(nearest_candidates(shared, self.limit))
        self.tables.add_pairs([(min(o, fp.id), max(o, fp.id)) for o in others if o != fp.id])
        return [o for o in others if o != fp.id]

    def pairs_within(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        """Candidate pairs with both documents among `ids`."""
        wanted = set(ids)
        return sorted((a, b) for a, b in self.tables.pairs_touching(wanted)
                      if a in wanted and b in wanted)

    def order(self, ids: Iterable[str]) -> dict[str, int]:
        """The order these documents entered the index in (a later number: added later)."""
        return self.tables.document_order(ids)

    def rarity(self, fps: Iterable[Fingerprint], prior: int = RARITY_PRIOR) -> dict[str, float]:
        """`stories.rarity_weights` for these documents' tokens, from the whole index's counts.
        """
        tokens = sorted({t for fp in fps for t in fp.skeleton})
        return rarity_from_counts(self.tables.token_counts(tokens),
                                  self.tables.indexed_count(), tokens, prior)
