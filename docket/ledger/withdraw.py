"""Withdrawing a wrongly ingested document, and purging its evidence: both logged for good.

Withdrawing leaves everything in place and writes a `withdrawn` tombstone (who, why) into the
custody log. Purging is the one action that destroys evidence, so it takes an explicit command
(`docket purge`), works only on a withdrawn document, and logs a `purged` custody entry that
stays: the ledger can always say that something was there, who removed it and why.

A withdrawn document leaves stories, incidents and exports at once (the link step treats it as
gone; `DocumentFilter` leaves it out unless asked) and its workbench page needs a sign-in.

Purging deletes the record's raw bytes and every row derived from them (the document and its
segments, mentions, claims, events, fingerprint, search index), and takes its text out of the
judgement table: a restore's lines and the before/after of edits on its records become their
SHA-256 hashes, and the words kept in judgements' anchors are dropped (their offsets stay). The
analyst's own `why` stays. Deleted pages are overwritten (`secure_delete`), the search index is
optimised and the write-ahead log truncated, so the text is in no byte of the ledger's files. A
record that came inside a container (a JSONL, WARC or feed file) shares that file's bytes with
its siblings: the container is purged too only when every document it holds is withdrawn,
otherwise the command refuses and says which documents to withdraw first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection
from typing import Any

from docket.errors import DocketError
from docket.ledger.anchors import stored_anchors
from docket.ledger.store import Ledger


class WithdrawError(DocketError):
    """A withdrawal or purge that cannot be done as asked (unknown, not withdrawn, shared)."""


def is_withdrawn(ledger: Ledger, document_id: str) -> bool:
    return ledger._conn.execute(
        "SELECT 1 FROM custody WHERE action = 'withdrawn' AND document_id = ?",
        (document_id,)).fetchone() is not None


def withdraw_document(ledger: Ledger, document_id: str, by: str, reason: str) -> str:
    """Write the tombstone; the document and its evidence stay. Returns the document id."""
    doc = ledger.get_document(document_id)
    if doc is None:
        raise WithdrawError(f"no document {document_id!r} (try 'docket ls')")
    if not reason.strip() or not by.strip():
        raise WithdrawError("say who withdraws the document and why (--by, --why)")
    if is_withdrawn(ledger, doc.id):
        raise WithdrawError(f"document {doc.id} is already withdrawn")
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        ledger.log_custody(doc.source.sha256, "withdrawn", None, doc.id, reason=reason, by=by)
    # Also a judgement, so the audit log (workbench /audit) names who withdrew it and why.
    # Queues it for the link step, which takes it out of its story and incidents
    # (docket/workflows/review.py runs that step).
    ledger.add_judgement("withdraw", doc.id, by, why=reason)
    return doc.id


def purge_document(ledger: Ledger, document_id: str, by: str, reason: str,
                   relink: Callable[[], object]) -> list[str]:
    """Delete a withdrawn document's evidence and derived rows; return the purged hashes.

    `relink` runs the link step (docket/workflows/review.py passes it), which drops the
    document's fingerprint and the contradictions that quoted it, before the file is scrubbed.
    """
    doc = ledger.get_document(document_id)
    if doc is None:
        raise WithdrawError(f"no document {document_id!r} (try 'docket ls')")
    if not is_withdrawn(ledger, doc.id):
        raise WithdrawError(f"withdraw {doc.id} first ('docket withdraw {doc.id[:12]} --by … "
                            "--why …'): purging destroys evidence and is only for what an "
                            "analyst has already withdrawn")
    container = doc.source.container_sha256
    rows = list(ledger._conn.execute(
        "SELECT id, sha256 FROM document WHERE sha256 = ? OR container_sha256 = ?",
        (doc.source.sha256, container or doc.source.sha256)))
    siblings = [row[0] for row in rows]
    hashes = sorted({row[1] for row in rows})
    if container:
        pending = [s for s in siblings if s != doc.id and not is_withdrawn(ledger, s)
                   and ledger.page_of(s) != doc.id]
        if pending:
            raise WithdrawError(
                f"{doc.id} came inside a container file that also holds {len(pending)} other "
                f"document(s) ({', '.join(p[:12] for p in pending[:5])}…): withdraw them "
                "first, or the container's bytes would still hold this one")
        hashes.append(container)  # the others in it are withdrawn: it goes with them
    # Freed pages are overwritten with zeros, so deleted text stays in no byte of the file.
    ledger._conn.execute("PRAGMA secure_delete = ON")
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        _scrub_judgements(ledger, siblings)
        for sha in hashes:
            ledger.log_custody(sha, "purged", None, doc.id, reason=reason, by=by)
            ledger._conn.execute("UPDATE evidence SET status = 'purged' WHERE sha256 = ?", (sha,))
        for doc_id in siblings:
            ledger.forget_document(doc_id)
    for sha in hashes:
        ledger.evidence.purge(sha)
    relink()
    with ledger._conn:
        # The search index keeps deleted tokens in old segments until they are merged.
        ledger._conn.execute("INSERT INTO document_fts(document_fts) VALUES ('optimize')")
        ledger._conn.execute("INSERT INTO document_fold(document_fold) VALUES ('optimize')")
    ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashes


def _hashed(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _scrub_judgements(ledger: Ledger, documents: Collection[str]) -> None:
    """Take the purged documents' text out of the judgements that name them or their records
    (inside the caller's transaction); who judged, when, the kind and the why stay."""
    gone = set(documents)
    records = gone | {r[0] for table in ("event", "claim") for r in ledger._conn.execute(
        f"SELECT id FROM {table} WHERE document_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(gone)),))}
    for row in ledger.judgements():
        anchors = stored_anchors(row["anchors"])
        touched = {row["subject"], row["object"]} & records or any(
            a and a[0] in gone for side in anchors.values() for a in side)
        if not touched:
            continue
        for side, items in anchors.items():
            anchors[side] = [a[:3] if a and a[0] in gone else a for a in items]
        value = row["value"]
        if value and {row["subject"], row["object"]} & records:
            data = json.loads(value)
            if row["kind"] == "restore":
                data = {"lines": [], "line_hashes": [_hashed(x) for x in data.get("lines", [])],
                        "reasons": data.get("reasons", []), "purged": True}
            elif row["kind"] == "edit":
                data = {"before": _hashed(data.get("before")), "after": _hashed(data.get("after")),
                        "purged": True}
            value = json.dumps(data, ensure_ascii=False)
        ledger._conn.execute("UPDATE judgement SET value = ?, anchors = ? WHERE id = ?",
                            (value, json.dumps(anchors, ensure_ascii=False) if anchors else None,
                             row["id"]))
