"""Export contract: one JSON object per line, `"type"` naming the record kind.

The first line is an `export` header naming the schema version; then one `document` record per
document, the `entity` records they mention, their `claim` and `event` records (schema 2), and
the `story`, `incident` and `contradiction` records that touch them (schema 3). The
contract is documented in docs/export.md; tests keep the two in step.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from docket.ledger.store import DocumentFilter, Ledger, utc_now
from docket.version import __version__

EXPORT_SCHEMA_VERSION = 3


def export_header() -> dict[str, Any]:
    return {
        "type": "export",
        "schema": "docket-export",
        "schema_version": EXPORT_SCHEMA_VERSION,
        "tool_version": __version__,
        "exported_at": utc_now(),
    }


def export_jsonl(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None) -> int:
    """Write the header and every matching document; return the number of records written."""
    out.write(json.dumps(export_header(), ensure_ascii=False) + "\n")
    count = 0
    chosen: set[str] = set()
    withdrawn = ledger.withdrawn_ids() if flt is not None and flt.withdrawn else frozenset()
    for doc in ledger.iter_documents(flt):
        record = doc.as_record() | ({"withdrawn": True} if doc.id in withdrawn else {})
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        chosen.add(doc.id)
        count += 1
    for entity in ledger.iter_entities():
        # With a filter, an entity is exported with the mentions in the chosen documents only.
        mentions = [m for m in entity["mentions"] if m["document"] in chosen]
        if mentions:
            out.write(json.dumps(entity | {"mentions": mentions}, ensure_ascii=False) + "\n")
            count += 1
    for records in (ledger.claim_records, ledger.event_records):
        for record in records():
            if record["document"] in chosen:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    # Cross-document records, when they touch a chosen document (with a filter, a story or an
    # incident is exported whole: its other members are named, if not exported).
    documents_of_story: dict[str, list[str]] = {}
    for story in ledger.story_records():
        documents_of_story[story["id"]] = story["documents"]
        if chosen.intersection(story["documents"]):
            out.write(json.dumps(story, ensure_ascii=False) + "\n")
            count += 1
    for incident in ledger.incident_records():
        documents = {d for st in incident["stories"] for d in documents_of_story.get(st, ())}
        if chosen & documents:
            out.write(json.dumps(incident, ensure_ascii=False, default=str) + "\n")
            count += 1
    for contradiction in ledger.contradiction_records():
        if chosen.intersection(contradiction["documents"]):
            out.write(json.dumps(contradiction, ensure_ascii=False, default=str) + "\n")
            count += 1
    return count
