"""Docket's exceptions: 'skip this item' is separate from 'abort the run'."""


class DocketError(Exception):
    """Base class for every error Docket raises on purpose."""


class InputError(DocketError):
    """One input (file, record or line) cannot be read; the run records it and carries on."""


class RequestError(DocketError):
    """The command asked for what does not exist or cannot be done (an unknown engine, run,
    document or span); nothing was changed. Unlike InputError, it is the caller's to fix."""


class CapExceeded(InputError):
    """An input is larger than a configured cap (size, records, decompression ratio, depth)."""


class DocumentTimeout(InputError):
    """One document took longer than the per-document time limit (setting document_seconds)."""


class LedgerError(DocketError):
    """The ledger cannot be opened or written; the run stops."""


class StorageFull(LedgerError):
    """The disk holding the ledger or its evidence is full; the run stops, 'docket resume'
    continues it once there is room."""


class RunInterrupted(LedgerError):
    """The person running Docket stopped a run (Ctrl-C); what it stored is kept and
    'docket resume RUN' continues an ingest (another run is simply run again)."""

    def __init__(self, run_id: int, resumable: bool = True) -> None:
        then = (f"Continue it with: docket resume {run_id}" if resumable
                else "Run the same command again to finish it")
        super().__init__(f"interrupted: run {run_id} stopped; the documents it stored are "
                         f"kept. {then}")
        self.run_id = run_id


class SchemaTooNew(LedgerError):
    """The ledger was written by a newer Docket than this one; upgrade Docket to open it."""


class EvidenceError(DocketError):
    """Stored evidence is missing, unreadable or no longer hashes to its name: nothing is read
    from it; re-ingest the original (which repairs the copy) or restore it from a backup."""


class JudgementError(DocketError):
    """A judgement that cannot be recorded as given (unknown record, mismatched kinds)."""


class SettingsError(DocketError):
    """A setting has an invalid value."""


# A stored or shown failure message is at most this long: a reader's error can embed its
# whole input (a 64 MB "line" of a zero-filled file), and the run record, `docket runs` and the
# workbench's home page would carry it.
MAX_MESSAGE = 1000


def bounded_message(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` cut to at most `limit` characters, keeping its start and end and saying how
    much went."""
    if len(text) <= limit:
        return text
    keep = max(0, limit - 60)  # room for the marker, whatever the count's width
    head = keep * 2 // 3
    marker = f" … [{len(text) - keep:,} characters cut] … "
    return text[:head] + marker + text[len(text) - (keep - head):]
