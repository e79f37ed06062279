"""What an export holds: the chosen documents and every record that touches them.

Every export format (JSONL in `export.py`, and the formats in `formats.py`) selects the same way,
so a filter means the same thing whatever the format: documents are chosen by the filter (or by
id, for an evidence bundle); entities come with their mentions in those documents only; claims
and events belong to a chosen document; a story, an incident or a contradiction is taken whole
when it touches a chosen document (its other members are named, if not exported).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from docket.ledger.store import DocumentFilter, Ledger
from docket.model import Document


@dataclass(frozen=True)
class ExportScope:
    """The records one export writes, in the export contract's order (docs/export.md)."""

    documents: tuple[Document, ...]
    entities: tuple[dict[str, Any], ...]
    claims: tuple[dict[str, Any], ...]
    events: tuple[dict[str, Any], ...]
    stories: tuple[dict[str, Any], ...]
    incidents: tuple[dict[str, Any], ...]
    contradictions: tuple[dict[str, Any], ...]
    _by_id: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record as the JSONL export writes it (without the header)."""
        for doc in self.documents:
            yield doc.as_record()
        for group in (self.entities, self.claims, self.events, self.stories, self.incidents,
                      self.contradictions):
            yield from group

    def document(self, document_id: str) -> Document | None:
        found = self._by_id.get(document_id)
        return found if isinstance(found, Document) else None

    def entity(self, entity_id: str | None) -> dict[str, Any] | None:
        found = self._by_id.get(entity_id or "")
        return found if isinstance(found, dict) and found.get("type") == "entity" else None

    def incident_of(self, event_id: str) -> str | None:
        found = self._by_id.get("incident_of:" + event_id)
        return str(found) if found else None

    def story_of(self, document_id: str) -> dict[str, Any] | None:
        found = self._by_id.get("story_of:" + document_id)
        return found if isinstance(found, dict) else None


def select_scope(ledger: Ledger, flt: DocumentFilter | None = None,
                 document_ids: Collection[str] | None = None) -> ExportScope:
    """The documents chosen by `flt` (and among `document_ids`, when given) and their records."""
    wanted = set(document_ids) if document_ids is not None else None
    documents = tuple(doc for doc in ledger.iter_documents(flt)
                      if wanted is None or doc.id in wanted)
    chosen = {doc.id for doc in documents}
    entities = []
    for entity in ledger.iter_entities():
        mentions = [m for m in entity["mentions"] if m["document"] in chosen]
        if mentions:
            entities.append(entity | {"mentions": mentions})
    claims = tuple(c for c in ledger.claim_records() if c["document"] in chosen)
    events = tuple(e for e in ledger.event_records() if e["document"] in chosen)
    all_stories = list(ledger.story_records())
    documents_of_story = {st["id"]: st["documents"] for st in all_stories}
    stories = tuple(st for st in all_stories if chosen.intersection(st["documents"]))
    incidents = tuple(
        inc for inc in ledger.incident_records()
        if chosen & {d for st in inc["stories"] for d in documents_of_story.get(st, ())})
    contradictions = tuple(c for c in ledger.contradiction_records()
                           if chosen.intersection(c["documents"]))
    by_id: dict[str, Any] = {doc.id: doc for doc in documents}
    by_id.update((e["id"], e) for e in entities)
    for inc in incidents:
        by_id.update(("incident_of:" + evt, inc["id"]) for evt in inc["events"])
    for st in stories:
        by_id.update(("story_of:" + doc_id, st) for doc_id in st["documents"])
    return ExportScope(documents, tuple(entities), claims, events, stories, incidents,
                       contradictions, by_id)
