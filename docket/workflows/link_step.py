"""The cross-document step: stories, incidents and contradictions near what changed.

Runs after every ingest or reprocess, and after every judgement that joins, splits, confirms or
rejects. It works on the documents queued in `link_pending` (stored, reprocessed, purged, or
named by a judgement), in batches, each batch one transaction:

1. fingerprint the batch's documents and store the fingerprints;
2. add them to the stored candidate index (docket/link/index.py), which hands back the
   documents already indexed that are worth comparing (those sharing the most buckets);
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

Against a whole-ledger clustering the results differ only where a bucket or key cap, or the
bound on pairs scored per new document (setting `story_pairs_per_document`: its candidates
sharing the most LSH bands, and what joining it to a story needs), is hit, and in that document
frequencies (rarity) are those of the ledger when a story is rebuilt.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from docket.errors import DocumentTimeout
from docket.ingest.limits import time_limit
from docket.ledger import judged
from docket.ledger.link_tables import LinkTables
from docket.ledger.store import DocumentFilter, Ledger, utc_now
from docket.link.contradictions import find_contradictions
from docket.link.figures import compare_figures
from docket.link.fingerprint import Fingerprint, StoryInput, fingerprint
from docket.link.incidents import Incident, blocking_keys, group_incidents
from docket.link.index import StoredCandidateIndex
from docket.link.stories import Story, candidate_limit, group_stories

# Bump when fingerprint() changes what it computes, and run `docket link --all`.
FINGERPRINT_VERSION = "2"
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
    # Story pairs scored in this step, and the most scored for one document (counted for the
    # newer document of a pair; bounded by the setting story_pairs_per_document).
    scored_pairs: int = 0
    most_pairs_per_document: int = 0

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
        ledger.link_tables.queue_all()
    elif retry:
        with ledger.link_tables.write_transaction():
            ledger.link_tables.queue_not_linked()
    make = fingerprints or (lambda inputs: fingerprint_within(inputs, limit))
    fresh = linked = 0
    tally: Counter[str] = Counter()
    while pending := ledger.link_tables.pending_batch(batch):
        fresh += _link_step(ledger, pending, make, limit, tally)
        linked += len(pending)
    counts = ledger.link_tables.link_counts()
    return LinkSummary(
        fresh, counts["stories"], counts["stories_with_copies"], counts["incidents"],
        counts["contradictions"], linked,
        ledger.link_tables.not_linked_reasons(), sum(tally.values()),
        max(tally.values(), default=0))


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


@dataclass
class _Batch:
    """What one batch brings before the write lock: its documents and their fingerprints."""

    pending: list[str]
    present: set[str]  # still in the ledger and not withdrawn
    held: dict[str, str]  # not retried this time (a slow document where no limit can stop it)
    inputs: dict[str, StoryInput]  # fingerprinted now
    fresh: list[Fingerprint]
    refused: dict[str, NotLinked]

    @property
    def gone(self) -> set[str]:
        return set(self.pending) - self.present


@dataclass(frozen=True)
class _Judged:
    """Analysts' edges and rejections that every regrouping of this step obeys."""

    same_doc: list[tuple[str, str]]
    different_doc: list[tuple[str, str]]
    same_evt: list[tuple[str, str]]
    different_evt: list[tuple[str, str]]
    rejected: frozenset[str]

    @classmethod
    def of(cls, ledger: Ledger) -> _Judged:
        return cls(_pairs(ledger, "same", "doc"), _pairs(ledger, "different", "doc"),
                   _pairs(ledger, "same", "evt"), _pairs(ledger, "different", "evt"),
                   frozenset(subject for subject, review in ledger.reviews().items()
                             if review["status"] == "rejected"))


@dataclass
class _IncidentStep:
    """The incident side of one step: the events regrouped and the incidents they replace."""

    own_events: list[dict[str, Any]]  # the relinked documents' events
    events: list[dict[str, Any]]  # every event of the incidents regrouped
    old: set[str]
    event_ids: set[str]
    incidents: list[Incident]
    document_of: dict[str, str]
    story_of: dict[str, str]


def _link_step(ledger: Ledger, pending: list[str], make: Fingerprinter, seconds: float,
               tally: Counter[str]) -> int:
    """One batch: fingerprint (outside the lock), then in one transaction re-index, regroup the
    stories and incidents near the batch, compare figures and replace the derived rows."""
    links = ledger.link_tables
    batch = _read_batch(ledger, pending, make, seconds)
    judged = _Judged.of(ledger)
    with links.write_transaction():
        index = StoredCandidateIndex(
            ledger.candidate_tables,
            limit=candidate_limit(ledger.settings.story_pairs_per_document))
        touched = _reindex(links, index, batch)
        changed = _story_closure(links, touched | batch.gone, judged.same_doc)
        # Left out: this batch's, and any an analyst's `same` ties to the batch.
        out = set(batch.refused) | set(links.not_linked_among(
            changed - batch.gone - set(batch.refused)))
        documents = changed - batch.gone - out
        stories = _regroup_stories(ledger, index, documents, batch.inputs, judged, tally)
        found = _regroup_incidents(ledger, changed, documents, out, stories, judged)
        figures = compare_figures(_copy_texts(ledger, batch.inputs, documents, found.story_of),
                                  found.story_of, found.own_events, seconds=seconds)
        contradictions = (
            find_contradictions(found.own_events, found.story_of, [], scopes=("story",))
            + find_contradictions(found.events, found.story_of, found.incidents,
                                  scopes=("incident",))
            + figures.contradictions)
        links.clear_not_linked(documents, stage="figures")
        links.mark_not_linked([(d, "figures", _bounded(why))
                               for d, why in figures.not_compared.items()], utc_now())
        links.replace_derived(
            old_stories=set(links.stories_of(changed).values()),
            stories=[st.as_record() for st in stories],
            old_incidents=found.old, incidents=[i.as_record() for i in found.incidents],
            document_of=found.document_of,
            old_contradictions=links.contradictions_touching(changed, found.event_ids),
            contradictions=[c.as_record() for c in contradictions])
        links.clear_pending(pending)
    return len(batch.fresh)


def _read_batch(ledger: Ledger, pending: list[str], make: Fingerprinter,
                seconds: float) -> _Batch:
    links = ledger.link_tables
    present = links.existing_documents(pending)
    # Where the limit cannot stop a slow fingerprint (a worker thread), a document that ran
    # over before is not tried again: it stays not linked until `docket link` retries it.
    held = links.not_linked_among(present) if seconds > 0 and not limit_applies(seconds) \
        else {}
    inputs = {d.id: d for d in _story_inputs(ledger, present - set(held))}
    made = make(sorted(inputs.values(), key=lambda d: d.id))
    refused = {n.document: n for n in made if isinstance(n, NotLinked)}
    refused |= {doc: NotLinked(doc, "fingerprint", why) for doc, why in held.items()}
    for doc in refused:
        inputs.pop(doc, None)
    return _Batch(pending, present, held, inputs,
                  [fp for fp in made if isinstance(fp, Fingerprint)], refused)


def _reindex(links: LinkTables, index: StoredCandidateIndex, batch: _Batch) -> set[str]:
    """Replace the batch's fingerprints and candidate entries; the documents they touch."""
    index.remove(Fingerprint.from_record(r) for r in links.fingerprint_data(batch.pending))
    links.clear_not_linked(set(batch.pending) - set(batch.held))
    links.mark_not_linked([(n.document, n.stage, n.reason) for n in batch.refused.values()],
                          utc_now())
    links.replace_fingerprints(batch.gone | set(batch.refused),
                               [(fp.id, FINGERPRINT_VERSION, fp.as_record())
                                for fp in batch.fresh])
    links.add_outlets([n for d in batch.inputs.values() for n in (d.outlet, d.cited_source)])
    touched = set(batch.present)
    for fp in sorted(batch.fresh, key=lambda f: f.id):
        touched.update(index.add(fp))
    return touched


def _regroup_incidents(ledger: Ledger, changed: set[str], documents: set[str], out: set[str],
                       stories: Sequence[Story], judged: _Judged) -> _IncidentStep:
    """Re-key the relinked documents' events and regroup every incident they reach."""
    links = ledger.link_tables
    story_of = {doc: st.id for st in stories for doc in st.documents}
    original_of = {st.id: st.original_outlet for st in stories}
    own_events = [e for e in ledger.event_records_of(documents=documents)
                  if e["id"] not in judged.rejected]
    keys = blocking_keys(own_events, story_of)
    document_of = {e["id"]: e["document"] for e in own_events}
    links.replace_incident_keys(changed, keys, document_of)
    old, event_ids = _incident_closure(
        links, changed, set(document_of) | links.candidate_events(keys, EVENT_KEY_CAP),
        judged.same_evt)
    withdrawn = ledger.withdrawn_ids()
    events = [e for e in ledger.event_records_of(events=event_ids)
              if e["id"] not in judged.rejected and e["document"] not in withdrawn]
    out = out | set(links.not_linked_among({e["document"] for e in events} - documents))
    events = [e for e in events if e["document"] not in out]
    document_of |= {e["id"]: e["document"] for e in events}
    outside = {e["document"] for e in events} - documents
    story_of |= links.stories_of(outside)
    original_of |= links.original_outlets(set(story_of.values()) - set(original_of))
    incidents = group_incidents(events, story_of, original_of, same=judged.same_evt,
                                different=judged.different_evt, with_admin=True)
    return _IncidentStep(own_events, events, old, event_ids, incidents, document_of, story_of)


def _story_closure(links: LinkTables, seed: set[str], same: Sequence[tuple[str, str]]) -> set[str]:
    """The seed's documents with every member of their stories and their judged partners."""
    partners: dict[str, set[str]] = {}
    for a, b in same:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    documents = set(seed)
    for _ in range(_MAX_HOPS):
        grown = documents | links.story_documents(set(links.stories_of(documents).values()))
        grown |= {p for d in grown for p in partners.get(d, ())}
        if grown == documents:
            break
        documents = grown
    return documents


def _incident_closure(links: LinkTables, documents: set[str], events: set[str],
                      same: Sequence[tuple[str, str]]) -> tuple[set[str], set[str]]:
    """Incidents holding these documents' or events' events, and all of their events."""
    partners: dict[str, set[str]] = {}
    for a, b in same:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    incidents = links.incidents_of_documents(documents)
    for _ in range(_MAX_HOPS):
        incidents |= links.incidents_of_events(events)
        grown = events | links.incident_events(incidents)
        grown |= {p for e in grown for p in partners.get(e, ())}
        if grown == events:
            break
        events = grown
    return incidents, events


def _regroup_stories(ledger: Ledger, index: StoredCandidateIndex, documents: set[str],
                     inputs: dict[str, StoryInput], judged: _Judged,
                     tally: Counter[str]) -> list[Story]:
    """Group `documents` into stories again. Pairs scored in earlier steps are read back, so
    each new document scores at most `story_pairs_per_document` pairs, once (issue 20)."""
    fps = [Fingerprint.from_record(r) for r in ledger.link_tables.fingerprint_data(documents)]
    known = {d: inputs[d] for d in documents if d in inputs}
    known |= ledger.link_tables.story_metadata(documents - set(known))
    candidates = index.pairs_within(documents)
    scored = ledger.link_tables.story_edges_within(documents)
    before = set(scored)
    stories = group_stories(fps, known, judged.same_doc, judged.different_doc,
                            candidates=candidates, rarity=index.rarity(fps),
                            outlets=ledger.link_tables.known_outlets(), scored=scored,
                            pairs=ledger.settings.story_pairs_per_document,
                            order=index.order(documents), tally=tally)
    ledger.link_tables.add_story_edges([p for k, p in scored.items() if k not in before])
    return stories


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
    return judged.pairs(ledger.applied_judgements(kind), kind, prefix, ledger.resolver())
