"""The cross-document step: stories, incidents and contradictions near what changed.

Runs after every ingest or reprocess, and after every judgement that joins, splits, confirms or
rejects. It works on the documents queued in `link_pending` (stored, reprocessed, purged, or
named by a judgement), in batches, each batch one transaction:

1. fingerprint the batch's documents and store the fingerprints;
2. add them to the stored candidate index (docket/link/index.py), which hands back the
   documents already indexed that are worth comparing;
3. take the stories of those documents and of the batch, whole (plus the documents an
   analyst's `same` judgement ties to them), and group them again from their candidate pairs
   and the analysts' `same` and `different` edges (a judgement about two stories is kept as one
   about their documents, so it survives re-clustering);
4. file the events of those documents under their blocking keys, find the stored events that
   block with them, take every incident those events are in, whole, and group those events
   again into incidents with the analysts' edges between events;
5. find contradictions within the rebuilt stories and within the rebuilt incidents;
6. replace exactly the rows of the records it rebuilt, and clear the batch from the queue.

So adding documents costs work in proportion to them and to the stories and incidents they
touch, not to the ledger. A run killed before or during the step leaves its documents queued;
the next run (or `docket link`) links them. `docket link --all` queues every document.

One document must not stall the step for the others, so the work whose cost grows with one
document's text runs under the per-document limit of the analysis (`document_seconds`,
docket/ingest/limits.py `time_limit`): its fingerprint (step 1), and its figures' comparison
with its story's first copy (step 5). A document whose fingerprint runs over the limit (or
fails) stays stored and analysed but is *not linked*: no fingerprint, no index entries, no
story, its events filed under no incident key; it leaves the queue, and the reason is kept in
the ledger's `not_linked` table. A copy whose figures run over is linked, without figure
contradictions, and noted the same way. `docket link` (and `--all`) queues them again. The
limit, like the analysis's, works by SIGALRM in the main thread only: where it cannot (the
workbench links in a worker thread), a document already known to run over is not tried again.
The Ray engine computes fingerprints in its own tasks (docket/workflows/distributed.py), where this
limit does not reach them.

Against a whole-ledger clustering the results differ only where a bucket or key cap is hit,
and in that document frequencies (rarity) are those of the ledger when a story is rebuilt.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docket.errors import DocumentTimeout
from docket.ingest.limits import time_limit
from docket.ledger import judged
from docket.ledger import link_tables as lt
from docket.ledger.anchors import Resolver
from docket.ledger.store import DocumentFilter, Ledger, utc_now
from docket.link.contradictions import find_contradictions
from docket.link.figures import compare_figures
from docket.link.fingerprint import Fingerprint, StoryInput, fingerprint
from docket.link.incidents import blocking_keys, group_incidents
from docket.link.index import StoredCandidateIndex
from docket.link.stories import Story, group_stories

# Bump when fingerprint() changes what it computes, and run `docket link --all`.
FINGERPRINT_VERSION = "1"
# Entity kinds whose keys tell what a story is about (a time or a participant does not).
_NAME_KINDS = ("person", "organization", "military_unit", "place")
BATCH = 10000  # documents per link transaction: fewer, larger steps regroup a story fewer times
EVENT_KEY_CAP = 256  # stored events read per blocking key: a month of one oblast can hold many
_MAX_HOPS = 6  # closure rounds (story members, judged partners); each is small
MAX_REASON = 1000  # characters of a stored reason (an exception's text can be any size)


@dataclass(frozen=True)
class NotLinked:
    """A document the link step left out at one stage, and why (table `not_linked`)."""

    document: str
    stage: str  # 'fingerprint': in no story or incident; 'figures': figures not compared
    reason: str


# Computes a batch's fingerprints; a document it cannot fingerprint comes back as NotLinked.
Fingerprinter = Callable[[Sequence[StoryInput]], Sequence[Fingerprint | NotLinked]]


@dataclass(frozen=True)
class LinkSummary:
    fingerprinted: int
    stories: int
    stories_with_copies: int
    incidents: int
    contradictions: int
    linked: int = 0  # documents taken from the queue
    # Documents left out, in the whole ledger after this step: "stage: reason" -> how many.
    not_linked: dict[str, int] = field(default_factory=dict)

    @property
    def not_linked_count(self) -> int:
        return sum(self.not_linked.values())


def link_ledger(ledger: Ledger, *, everything: bool = False, retry: bool = False,
                batch: int = BATCH, fingerprints: Fingerprinter | None = None,
                seconds: float | None = None) -> LinkSummary:
    """Link the queued documents (see the module docstring); `everything` queues them all,
    `retry` queues again the documents an earlier step left out (`docket link` does).

    `fingerprints` computes a batch's fingerprints (the Ray engine passes its own); `seconds`
    bounds each document's work (default: the ledger's `document_seconds`; 0: no limit).
    """
    limit = ledger.settings.document_seconds if seconds is None else seconds
    if everything:
        lt.queue_all(ledger.conn)
    elif retry:
        with lt.write_transaction(ledger.conn):
            lt.queue_not_linked(ledger.conn)
    make = fingerprints or (lambda inputs: fingerprint_within(inputs, limit))
    fresh = linked = 0
    while pending := lt.pending_batch(ledger.conn, batch):
        fresh += _link_step(ledger, pending, make, limit)
        linked += len(pending)
    counts = lt.link_counts(ledger.conn)
    return LinkSummary(
        fresh, counts["stories"], counts["stories_with_copies"], counts["incidents"],
        counts["contradictions"], linked,
        lt.not_linked_reasons(ledger.conn))


def fingerprint_within(inputs: Sequence[StoryInput],
                       seconds: float) -> list[Fingerprint | NotLinked]:
    """Each document's fingerprint, computed under the per-document limit (0: none).

    A document over the limit, or whose fingerprint fails, comes back as `NotLinked` with
    the reason; the others are fingerprinted as usual.
    """
    out: list[Fingerprint | NotLinked] = []
    for doc in inputs:
        try:
            with time_limit(seconds, "fingerprinting it for stories and incidents"):
                out.append(fingerprint(doc))
        except DocumentTimeout as exc:
            out.append(NotLinked(doc.id, "fingerprint", _bounded(str(exc))))
        except Exception as exc:  # one document's failure must not stop the others' linking
            out.append(NotLinked(doc.id, "fingerprint", _bounded(
                f"fingerprint failed ({type(exc).__name__}: {exc}); please report it")))
    return out


def _bounded(reason: str) -> str:
    return reason if len(reason) <= MAX_REASON else reason[:MAX_REASON - 1] + "…"


def limit_applies(seconds: float) -> bool:
    """Whether `time_limit(seconds)` can stop work here: the conditions it checks itself
    (docket/ingest/limits.py), so the step knows when it must not retry a slow document."""
    return (seconds > 0 and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) is not None)


def _link_step(ledger: Ledger, pending: list[str], make: Fingerprinter, seconds: float) -> int:
    conn = ledger.conn
    present = lt.existing_documents(conn, pending)
    gone = set(pending) - present
    # Where the limit cannot stop a slow fingerprint (a worker thread), a document that ran
    # over before is not tried again: it stays not linked until `docket link` retries it.
    held = lt.not_linked_among(conn, present) if seconds > 0 and not limit_applies(seconds) \
        else {}
    inputs = {d.id: d for d in _story_inputs(ledger, present - set(held))}
    made = make(sorted(inputs.values(), key=lambda d: d.id))  # outside the write lock
    fresh = [fp for fp in made if isinstance(fp, Fingerprint)]
    refused = {n.document: n for n in made if isinstance(n, NotLinked)}
    refused |= {doc: NotLinked(doc, "fingerprint", why) for doc, why in held.items()}
    for doc in refused:
        inputs.pop(doc, None)
    same_doc, different_doc = _pairs(ledger, "same", "doc"), _pairs(ledger, "different", "doc")
    same_evt, different_evt = _pairs(ledger, "same", "evt"), _pairs(ledger, "different", "evt")
    rejected = {subject for subject, review in ledger.reviews().items()
                if review["status"] == "rejected"}
    with lt.write_transaction(conn):
        index = StoredCandidateIndex(conn)
        index.remove(Fingerprint.from_record(r) for r in lt.fingerprint_data(conn, pending))
        lt.clear_not_linked(conn, set(pending) - set(held))
        lt.mark_not_linked(conn, [(n.document, n.stage, n.reason) for n in refused.values()],
                           utc_now())
        lt.replace_fingerprints(conn, gone | set(refused),
                                [(fp.id, FINGERPRINT_VERSION, fp.as_record()) for fp in fresh])
        lt.add_outlets(conn, [n for d in inputs.values() for n in (d.outlet, d.cited_source)])
        touched = set(present)
        for fp in sorted(fresh, key=lambda f: f.id):
            touched.update(index.add(fp))
        changed = _story_closure(conn, touched | gone, same_doc)
        # Left out: this batch's, and any an analyst's `same` ties to the batch.
        out = set(refused) | set(lt.not_linked_among(conn, changed - gone - set(refused)))
        documents = changed - gone - out
        stories = _regroup_stories(ledger, index, documents, inputs, same_doc, different_doc)
        old_stories = set(lt.stories_of(conn, changed).values())
        story_of = {doc: st.id for st in stories for doc in st.documents}
        original_of = {st.id: st.original_outlet for st in stories}

        own_events = [e for e in ledger.event_records_of(documents=documents)
                      if e["id"] not in rejected]
        keys = blocking_keys(own_events, story_of)
        document_of = {e["id"]: e["document"] for e in own_events}
        lt.replace_incident_keys(conn, changed, keys, document_of)
        old_incidents, event_ids = _incident_closure(conn, changed, set(document_of)
                                                     | lt.candidate_events(conn, keys,
                                                                           EVENT_KEY_CAP),
                                                     same_evt)
        withdrawn = ledger.withdrawn_ids()
        events = [e for e in ledger.event_records_of(events=event_ids)
                  if e["id"] not in rejected and e["document"] not in withdrawn]
        out |= set(lt.not_linked_among(conn, {e["document"] for e in events} - documents))
        events = [e for e in events if e["document"] not in out]
        document_of |= {e["id"]: e["document"] for e in events}
        outside = {e["document"] for e in events} - documents
        story_of |= lt.stories_of(conn, outside)
        original_of |= lt.original_outlets(conn, set(story_of.values()) - set(original_of))
        incidents = group_incidents(events, story_of, original_of, same=same_evt,
                                    different=different_evt, with_admin=True)
        figures = compare_figures(_copy_texts(ledger, inputs, documents, story_of), story_of,
                                  own_events, seconds=seconds)
        contradictions = find_contradictions(own_events, story_of, [], scopes=("story",)) + \
            find_contradictions(events, story_of, incidents, scopes=("incident",)) + \
            figures.contradictions
        lt.clear_not_linked(conn, documents, stage="figures")
        lt.mark_not_linked(conn, [(d, "figures", _bounded(why))
                                  for d, why in figures.not_compared.items()], utc_now())
        lt.replace_derived(
            conn, old_stories=old_stories, stories=[story_record(st) for st in stories],
            old_incidents=old_incidents, incidents=[i.as_record() for i in incidents],
            document_of=document_of,
            old_contradictions=lt.contradictions_touching(conn, changed, event_ids),
            contradictions=[c.as_record() for c in contradictions])
        lt.clear_pending(conn, pending)
    return len(fresh)


def _story_closure(conn: Any, seed: set[str], same: Sequence[tuple[str, str]]) -> set[str]:
    """The seed's documents with every member of their stories and their judged partners."""
    partners: dict[str, set[str]] = {}
    for a, b in same:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    documents = set(seed)
    for _ in range(_MAX_HOPS):
        grown = documents | lt.story_documents(conn, set(lt.stories_of(conn, documents).values()))
        grown |= {p for d in grown for p in partners.get(d, ())}
        if grown == documents:
            break
        documents = grown
    return documents


def _incident_closure(conn: Any, documents: set[str], events: set[str],
                      same: Sequence[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """Incidents holding these documents' or events' events, and all of their events."""
    partners: dict[str, set[str]] = {}
    for a, b in same:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    incidents = lt.incidents_of_documents(conn, documents)
    for _ in range(_MAX_HOPS):
        incidents |= lt.incidents_of_events(conn, events)
        grown = events | lt.incident_events(conn, incidents)
        grown |= {p for e in grown for p in partners.get(e, ())}
        if grown == events:
            break
        events = grown
    return incidents, events


def _regroup_stories(ledger: Ledger, index: StoredCandidateIndex, documents: set[str],
                     inputs: dict[str, StoryInput], same: Sequence[tuple[str, str]],
                     different: Sequence[tuple[str, str]]) -> list[Story]:
    fps = [Fingerprint.from_record(r) for r in lt.fingerprint_data(ledger.conn, documents)]
    known = {d: inputs[d] for d in documents if d in inputs}
    known |= lt.story_metadata(ledger.conn, documents - set(known))
    candidates = index.pairs_within(documents)
    scored = lt.story_edges(ledger.conn, candidates)
    before = set(scored)
    stories = group_stories(fps, known, same, different, candidates=candidates,
                            rarity=index.rarity(fps), outlets=lt.known_outlets(ledger.conn),
                            scored=scored)
    lt.add_story_edges(ledger.conn, [p for k, p in scored.items() if k not in before])
    return stories


def story_record(story: Story) -> dict[str, Any]:
    """The export contract's `story` record (docs/export.md)."""
    return {"type": "story", "id": story.id, "documents": list(story.documents),
            "original_document": story.original, "original_outlet": story.original_outlet,
            "why": story.why,
            "links": [{"a": p.a, "b": p.b, "score": round(p.score, 4),
                       "rule": p.evidence.get("rule", "machine")} for p in story.links]}


def _copy_texts(ledger: Ledger, inputs: dict[str, StoryInput], documents: set[str],
                story_of: dict[str, str]) -> dict[str, str]:
    """The texts of the documents that have copies among `documents` (read only for those)."""
    size: dict[str, int] = {}
    for doc in documents:
        story = story_of.get(doc, doc)
        size[story] = size.get(story, 0) + 1
    wanted = {d for d in documents if size[story_of.get(d, d)] > 1}
    texts = {d: inputs[d].text for d in wanted if d in inputs}
    texts |= {s.id: s.text for s in _story_inputs(ledger, wanted - set(texts))}
    return texts


def _story_inputs(ledger: Ledger, ids: Iterable[str]) -> list[StoryInput]:
    wanted = frozenset(ids)
    if not wanted:
        return []
    out = []
    for doc in ledger.iter_documents(DocumentFilter(ids=wanted)):
        names = tuple(sorted({m.key for m in doc.mentions if m.kind in _NAME_KINDS}))
        out.append(StoryInput(doc.id, doc.text, doc.outlet, doc.cited_source,
                              doc.published.value if doc.published else None, doc.language,
                              names))
    return out


def _pairs(ledger: Ledger, kind: str, prefix: str) -> list[tuple[str, str]]:
    """Analysts' edges between current records of one kind (docket/ledger/judged.py)."""
    return judged.pairs(ledger.applied_judgements(kind), kind, prefix, Resolver(ledger.conn))
