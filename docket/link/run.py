"""The cross-document step: stories, incidents and contradictions of the whole ledger.

Runs after every ingest or reprocess, and after every judgement that joins or splits:

1. fingerprint each document that has none (or one from an older version), and store it;
2. group documents into stories from the stored fingerprints plus the analysts' `same` and
   `different` edges between documents (a judgement about two stories is kept as one about
   their documents, so it survives re-clustering);
3. group events into incidents from the stored events, the stories, and the analysts' edges
   between events (and incidents, likewise kept as edges between their events);
4. find contradictions within stories and within incidents;
5. rewrite the derived tables at once.

Steps 2 to 4 read the whole ledger. That is fast at the sizes one analyst handles (thousands to
tens of thousands of documents); issue 8 makes the candidate search incremental.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from docket.ledger.store import Ledger
from docket.link.contradictions import find_contradictions
from docket.link.fingerprint import Fingerprint, StoryInput, fingerprint
from docket.link.incidents import group_incidents
from docket.link.stories import Story, group_stories

# Bump when fingerprint() changes what it computes: stored fingerprints are then recomputed.
FINGERPRINT_VERSION = "1"
# Entity kinds whose keys tell what a story is about (a time or a participant does not).
_NAME_KINDS = ("person", "organization", "military_unit", "place")


@dataclass(frozen=True)
class LinkSummary:
    fingerprinted: int
    stories: int
    stories_with_copies: int
    incidents: int
    contradictions: int


def link_ledger(ledger: Ledger) -> LinkSummary:
    """Recompute stories, incidents and contradictions (see the module docstring)."""
    inputs = {d.id: d for d in _story_inputs(ledger)}
    fresh = _fingerprint_missing(ledger, inputs.values())
    fps = [Fingerprint.from_record(r) for r in ledger.fingerprint_records()]
    stories = group_stories(fps, inputs, same=_pairs(ledger, "same", "doc"),
                            different=_pairs(ledger, "different", "doc"))
    story_of = {doc: st.id for st in stories for doc in st.documents}
    original_of = {st.id: st.original_outlet for st in stories}
    rejected = {subject for subject, review in ledger.reviews().items()
                if review["status"] == "rejected"}
    events = [e for e in ledger.event_records() if e["id"] not in rejected]
    incidents = group_incidents(events, story_of, original_of,
                                same=_pairs(ledger, "same", "evt"),
                                different=_pairs(ledger, "different", "evt"))
    contradictions = find_contradictions(events, story_of, incidents)
    ledger.replace_links([story_record(st) for st in stories],
                         [i.as_record() for i in incidents],
                         [c.as_record() for c in contradictions])
    return LinkSummary(fresh, len(stories), sum(len(st.documents) > 1 for st in stories),
                       len(incidents), len(contradictions))


def story_record(story: Story) -> dict[str, Any]:
    """The export contract's `story` record (docs/export.md)."""
    return {"type": "story", "id": story.id, "documents": list(story.documents),
            "original_document": story.original, "original_outlet": story.original_outlet,
            "why": story.why,
            "links": [{"a": p.a, "b": p.b, "score": round(p.score, 4),
                       "rule": p.evidence.get("rule", "machine")} for p in story.links]}


def _fingerprint_missing(ledger: Ledger, inputs: Iterable[StoryInput]) -> int:
    done = ledger.fingerprint_ids(FINGERPRINT_VERSION)
    records = [fingerprint(d).as_record() for d in inputs if d.id not in done]
    if records:
        ledger.store_fingerprints(FINGERPRINT_VERSION, records)
    return len(records)


def _story_inputs(ledger: Ledger) -> Iterator[StoryInput]:
    for doc in ledger.iter_documents():
        names = tuple(sorted({m.key for m in doc.mentions if m.kind in _NAME_KINDS}))
        yield StoryInput(doc.id, doc.text, doc.outlet, doc.cited_source,
                         doc.published.value if doc.published else None, doc.language, names)


def _pairs(ledger: Ledger, kind: str, prefix: str) -> list[tuple[str, str]]:
    """Analysts' edges between records of one kind; edges between stories (or incidents) are
    applied to the documents (or events) the judgement recorded for them."""
    out = []
    group = {"doc": "sty", "evt": "inc"}[prefix]
    for row in ledger.judgements(kind):
        if not row["object"]:
            continue
        if row["subject"].startswith(prefix + "_"):
            out.append((row["subject"], row["object"]))
        elif row["subject"].startswith(group + "_") and row["value"]:
            members = json.loads(row["value"]).get("members", [])
            if len(members) == 2:
                out.append((members[0], members[1]))
    return out
