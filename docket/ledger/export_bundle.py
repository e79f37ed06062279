"""An evidence bundle: one zip a court, a partner or a reviewer can check with standard tools.

For chosen incidents (or, without any, every document with an event under the filter) the zip
holds:

- `evidence/<sha256>`: the raw bytes of each source record, exactly as received (read from the
  content-addressed evidence store, so the name is the hash of the content);
- `custody.jsonl`: the custody log of those records and of the files that contained them
  (received, processed, seen again ...), one row per line;
- `records.jsonl`: the JSONL export records (docs/export.md: header, documents, entities,
  claims, events, stories, incidents, contradictions) of those documents;
- `manifest.json`: tool version, creation time, the incident and document ids, each file's
  SHA-256 and size, and how to verify;
- `SHA256SUMS`: every other file's hash in `sha256sum` format, so `unzip bundle.zip -d b && cd
  b && sha256sum -c SHA256SUMS` checks the lot.

A record inside a JSONL, WARC or feed file is bundled on its own: the container may hold pages
nobody asked for. Its `container_sha256` and locator stay in the document record and custody log,
so the container can be produced and checked against them if needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docket.errors import DocketError
from docket.ledger.export import export_header
from docket.ledger.export_scope import select_scope
from docket.ledger.store import DocumentFilter, Ledger, utc_now
from docket.version import __version__

HOW_TO_VERIFY = ("unzip the bundle, then run 'sha256sum -c SHA256SUMS' in its folder; each "
                 "evidence/<name> must also hash to its own name")


def export_bundle(ledger: Ledger, path: Path, incidents: Sequence[str] = (),
                  flt: DocumentFilter | None = None) -> int:
    """Write the zip; return the number of records in its `records.jsonl` (header excluded)."""
    path = Path(path)
    if path.exists():
        raise DocketError(f"{path} exists: remove it first, or choose another --out path")
    if incidents:
        document_ids = _documents_of_incidents(ledger, incidents)
    else:
        # Without incidents the bundle is about events: documents reporting none are left out.
        document_ids = {e["document"] for e in ledger.event_records()}
    scope = select_scope(ledger, flt, document_ids)
    files: dict[str, bytes] = {}
    shas = sorted({doc.source.sha256 for doc in scope.documents})
    for sha in shas:
        files[f"evidence/{sha}"] = _evidence_bytes(ledger, sha)
    containers = sorted({d.source.container_sha256 for d in scope.documents
                         if d.source.container_sha256})
    files["custody.jsonl"] = _jsonl(_custody_rows(ledger, [*shas, *containers]))
    records = list(scope.records())
    files["records.jsonl"] = _jsonl([export_header(), *records])
    files["manifest.json"] = _manifest(files, incidents, [d.id for d in scope.documents])
    files["SHA256SUMS"] = "".join(
        f"{_sha(data)}  {name}\n" for name, data in sorted(files.items())).encode("utf-8")
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, data in files.items():
                bundle.writestr(name, data)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)  # a half-written bundle never carries the real name
    return len(records)


def _documents_of_incidents(ledger: Ledger, incidents: Sequence[str]) -> set[str]:
    wanted = set(incidents)
    found = {inc["id"]: inc for inc in ledger.incident_records() if inc["id"] in wanted}
    missing = sorted(wanted - set(found))
    if missing:
        raise DocketError(f"no incident {', '.join(missing)} in the ledger: 'docket export "
                          "--format jsonl' lists the incidents (ids are re-derived on each run)")
    events = {e for inc in found.values() for e in inc["events"]}
    return {e["document"] for e in ledger.event_records() if e["id"] in events}


def _evidence_bytes(ledger: Ledger, sha256: str) -> bytes:
    try:
        data = ledger.evidence.read(sha256)
    except FileNotFoundError as exc:
        raise DocketError(f"evidence {sha256} is missing from {ledger.evidence.root}: restore "
                          "the evidence store from a backup before bundling") from exc
    if _sha(data) != sha256:
        raise DocketError(f"evidence {sha256} no longer matches its hash: the stored file was "
                          "altered; restore it from a backup before bundling")
    return data


def _custody_rows(ledger: Ledger, shas: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for sha in shas:
        for row in ledger.custody_log(sha):
            record = dict(row)
            record["detail"] = json.loads(record["detail"]) if record.get("detail") else None
            rows.append(record)
    return sorted(rows, key=lambda r: r["seq"])


def _manifest(files: dict[str, bytes], incidents: Sequence[str],
              documents: Sequence[str]) -> bytes:
    manifest = {
        "tool": "docket", "tool_version": __version__, "created_at": utc_now(),
        "incidents": list(incidents), "documents": list(documents),
        "files": [{"path": name, "sha256": _sha(data), "size": len(data)}
                  for name, data in sorted(files.items())],
        "verify": "sha256sum -c SHA256SUMS",
        "how_to_verify": HOW_TO_VERIFY,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _jsonl(records: Sequence[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n"
                   for r in records).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
