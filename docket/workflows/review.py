"""Review actions: record a judgement, a correction or a withdrawal, then relink.

"Judge, then relink" was written three times (the CLI, the workbench, withdraw); it is here
once. The relink is the cross-document step (docket/workflows/link_step.py), which may take a
while: it runs only when no run holds the ledger's writer lock (docket/ledger/lock.py). When
one does, the judgement is recorded at once and its documents stay queued, and that run's own
link step (or the next `docket link`) applies it, so two link steps never run at once."""

from __future__ import annotations

from collections.abc import Sequence

from docket.ledger.lock import try_acquire, writer_lock
from docket.ledger.store import Ledger
from docket.ledger.withdraw import purge_document, withdraw_document
from docket.link.judgements import record_edit, record_judgement
from docket.settings import Settings
from docket.workflows.link_step import LinkSummary, link_ledger
from docket.workflows.runner import RunSummary

DEFERRED = ("another run is writing this ledger: its link step applies this to stories and "
            "incidents (or run 'docket link' after it)")


def relink_unless_busy(ledger: Ledger, settings: Settings, why: str) -> LinkSummary | None:
    """Re-derive the links of what is queued now, unless a run holds the ledger: then None
    (the documents stay queued for that run's link step)."""
    held = try_acquire(settings, why)
    if held is None:
        return None
    try:
        return link_ledger(ledger)
    finally:
        held.release()


def judge(ledger: Ledger, settings: Settings, kind: str, ids: Sequence[str], by: str,
          why: str | None = None, *, relink: bool = True) -> tuple[str, LinkSummary | None]:
    """Record `same`, `different`, `confirm` or `reject` and apply it; the judgement's id and
    the link step's summary (None when deferred). With `relink=False` (the workbench, whose
    background writer relinks: docket/workflows/background.py) the documents stay queued."""
    judgement_id = record_judgement(ledger, kind, ids, by, why)
    return judgement_id, relink_unless_busy(ledger, settings, "judge") if relink else None


def edit(ledger: Ledger, settings: Settings, record_id: str, field: str, value: str | None,
         by: str, why: str | None = None, *,
         relink: bool = True) -> tuple[str, LinkSummary | None]:
    """Record a field correction; an event's corrected fields may change its incident."""
    judgement_id = record_edit(ledger, record_id, field, value, by, why)
    return judgement_id, relink_unless_busy(ledger, settings, "judge edit") if relink else None


def withdraw(ledger: Ledger, settings: Settings, document_id: str, by: str,
             reason: str, *, relink: bool = True) -> tuple[str, LinkSummary | None]:
    """Withdraw a document (kept, tombstoned) and take it out of its story and incidents."""
    doc_id = withdraw_document(ledger, document_id, by, reason)
    return doc_id, relink_unless_busy(ledger, settings, "withdraw") if relink else None


def purge(ledger: Ledger, settings: Settings, document_id: str, by: str,
          reason: str) -> list[str]:
    """Purge a withdrawn document for good. It takes the writer lock like a run (it waits or
    refuses as they do): its text must leave the link tables before the file is scrubbed."""
    with writer_lock(settings, "purge"):
        return purge_document(ledger, document_id, by, reason,
                              relink=lambda: link_ledger(ledger))


def restore(ledger: Ledger, settings: Settings, document_id: str, spans: Sequence[int], by: str,
            why: str | None = None) -> RunSummary:
    """Put removed text back into a document (a `restore` judgement), then reprocess it."""
    from docket.workflows.runner import restore_text

    return restore_text(ledger, settings, document_id, spans, by, why)


def pick_place(ledger: Ledger, settings: Settings, document_id: str, start: int,
               gazetteer_id: str, by: str, why: str | None = None) -> RunSummary:
    """Say which place the name at `start` means; the document is reprocessed with it."""
    from docket.workflows.runner import pick_place as pick

    return pick(ledger, settings, document_id, start, gazetteer_id, by, why)


def check_place(ledger: Ledger, document_id: str, start: int, gazetteer_id: str) -> None:
    """Raise RequestError now if `pick_place` would refuse this (the workbench checks before it
    queues the pick, so the analyst sees the reason on the page)."""
    from docket.workflows.runner import place_pick_target

    place_pick_target(ledger, document_id, start, gazetteer_id)


def check_restore(ledger: Ledger, document_id: str, spans: Sequence[int]) -> None:
    """Raise RequestError now if `restore` would refuse these spans (the workbench checks
    before it queues the restore, so the analyst sees the reason on the page)."""
    from docket.workflows.runner import restored_lines_of

    restored_lines_of(ledger, document_id, spans)
