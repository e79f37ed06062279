"""What the workbench's story page shows, gathered once: the story, its copies, where each copy
differs from the original, and the contradictions among them.

The comparison of copies (docket/link/copies.py) is cross-document work of the link stage; the
workbench imports no stage, so it asks here, as it asks the ledger's views for plain reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docket.ledger import views
from docket.ledger.store import Ledger
from docket.link.copies import Comparison, compare_copies
from docket.model import Document


@dataclass(frozen=True)
class StoryView:
    story: dict[str, Any]
    copies: list[Document]
    original: Document | None
    comparisons: list[Comparison] = field(default_factory=list)
    contradictions: list[dict[str, Any]] = field(default_factory=list)


def story_view(ledger: Ledger, story_id: str) -> StoryView | None:
    """The story page's data; None when the ledger holds no such story."""
    record = views.record_by_id(ledger, "story", story_id)
    if record is None:
        return None
    copies = [d for d in (ledger.get_document(i) for i in record["documents"]) if d]
    contradictions = views.contradictions_of(ledger, documents=record["documents"])
    original = next((d for d in copies if d.id == record["original_document"]),
                    copies[0] if copies else None)
    comparisons = ([compare_copies(original, c) for c in copies if c.id != original.id]
                   if original else [])
    return StoryView(record, copies, original, comparisons, contradictions)
