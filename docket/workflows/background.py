"""Long work off the workbench's requests: one writer thread that relinks and reprocesses.

A judgement made on a page is recorded inside the request (a short write), and its documents
are queued in the ledger's `link_pending` table as the CLI's are. Re-deriving stories and
incidents, and reprocessing a document after a restore, can take seconds to minutes on a large
ledger, so the request hands them to this worker and redirects at once (datasette's
`_execute_writes` model: one thread owns the long writes).

The worker is the single writer of its process: it works through its jobs one at a time, each
on its own ledger connection, and takes the ledger's writer lock (docket/ledger/lock.py) like a
run does. When a run holds the lock, a relink is left to that run (the documents stay queued in
the ledger, so nothing is lost, even if the server stops); a restore waits for the lock up to
`writer_wait_seconds` and is otherwise reported as not done. Several relink requests that arrive
while one is running are served by one more pass, not one each.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docket.errors import DocketError
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.review import relink_unless_busy

# A job does its work on a ledger opened for it in the worker thread and says what it did.
Job = Callable[[Ledger], str]


@dataclass(frozen=True)
class Outcome:
    """What one finished job did, or why it failed (shown on /audit)."""

    what: str
    by: str
    ok: bool
    message: str
    at: str


@dataclass
class _State:
    jobs: deque[tuple[str, str, Job]] = field(default_factory=deque)
    relink_wanted: bool = False
    busy: bool = False
    outcomes: deque[Outcome] = field(default_factory=lambda: deque(maxlen=50))


class BackgroundWriter:
    """The workbench's queue of long work (see the module docstring)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._state = _State()
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    # -- what requests call ----------------------------------------------------------------

    def relink(self) -> None:
        """Re-derive the links of whatever the ledger has queued (after a judgement)."""
        with self._wake:
            self._state.relink_wanted = True
            self._start()
            self._wake.notify()

    def submit(self, what: str, by: str, job: Job) -> None:
        """Run `job` after the jobs before it; its outcome is kept for /audit."""
        with self._wake:
            self._state.jobs.append((what, by, job))
            self._start()
            self._wake.notify()

    @property
    def pending(self) -> bool:
        """Whether work is queued or running now."""
        with self._lock:
            return self._pending()

    def outcomes(self) -> list[Outcome]:
        """The latest finished jobs, newest first."""
        with self._lock:
            return list(reversed(self._state.outcomes))

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or running (tests, shutdown); False on timeout."""
        with self._wake:
            return self._wake.wait_for(lambda: not self._pending(), timeout)

    # -- the thread -------------------------------------------------------------------------

    def _pending(self) -> bool:
        state = self._state
        return state.busy or state.relink_wanted or bool(state.jobs)

    def _start(self) -> None:
        # Called with the lock held. A daemon: the queued relinks are in the ledger, so a
        # server that stops mid-job loses no judgement (the next run or `docket link` applies).
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="docket-writer",
                                            daemon=True)
            self._thread.start()

    def _next(self) -> tuple[str, str, Job]:
        with self._wake:
            self._wake.wait_for(lambda: bool(self._state.jobs) or self._state.relink_wanted)
            self._state.busy = True
            if self._state.jobs:
                return self._state.jobs.popleft()
            self._state.relink_wanted = False
            return "relink", "workbench", self._relink

    def _loop(self) -> None:
        while True:
            what, by, job = self._next()
            try:
                with Ledger.open(self._settings) as ledger:
                    message, ok = job(ledger), True
            except (DocketError, OSError) as exc:
                message, ok = str(exc), False
            except Exception as exc:  # noqa: BLE001 - the thread must outlive one bad job
                message, ok = f"{type(exc).__name__}: {exc}", False
            with self._wake:
                self._state.outcomes.append(Outcome(what, by, ok, message,
                                                    datetime.now(UTC).isoformat()))
                self._state.busy = False
                self._wake.notify_all()

    def _relink(self, ledger: Ledger) -> str:
        summary = relink_unless_busy(ledger, self._settings, "workbench relink")
        if summary is None:
            return "another run holds the ledger: its link step applies the judgements"
        return (f"linked {summary.linked} documents: {summary.stories} stories, "
                f"{summary.incidents} incidents")
