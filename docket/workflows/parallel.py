"""The per-document stages in a pool of worker processes, each loading the pipeline once.

Parsing is CPU-bound Python (spaCy, lxml, trafilatura), so threads would share one core: the
pool uses processes. Each worker builds one `Analyser` when it starts: the spaCy pipeline is
loaded there once and kept, and a read-only connection to the ledger answers the cross-document
questions the cleaning stage asks (which lines an outlet repeats, which lines an analyst
restored). Only the main process writes to the ledger (a single writer, as SQLite wants).

Results come back in the order the records went in, through a bounded window, so a run is
deterministic whatever the number of workers, memory stays flat however long the input, and an
action queued behind a record (marking a container complete) runs only once that record is
stored. A Ray actor pool (docket/workflows/distributed.py) reuses `Analyser` unchanged.

Each way of running the stages is an `Engine`: its pool, the session around a whole run, and
the fingerprinter of the cross-document step, if it has its own. This module defines the local
engine (`LOCAL_ENGINE`) and docket/workflows/distributed.py the Ray one; the runner looks them
up by name in `docket.workflows.runner.ENGINES`, where a new engine is one more entry.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING, Any, Protocol

from docket.errors import InputError, LedgerError
from docket.model import Document, Record
from docket.settings import Settings
from docket.workflows.pipeline import PipelineContext, process_record_all

if TYPE_CHECKING:
    from docket.workflows.link_step import Fingerprinter

# Records in flight per worker: enough to keep every worker busy while the main process
# stores results, few enough that a window of large pages stays small in memory.
WINDOW_PER_WORKER = 4


@dataclass(frozen=True)
class Analysed:
    """What the per-document stages made of one record: its documents, or why there are none."""

    documents: tuple[Document, ...] = ()
    error: str | None = None
    seconds: float = 0.0
    worker: int = 0  # process id, for per-worker accounting


# A job is a record to analyse, or an action to run in order once the records before it are
# stored (it is never sent to a worker).
Job = Record | Callable[[], None]


class Analyser:
    """One worker's state: settings, the loaded pipeline, a read-only view of the ledger."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._context: PipelineContext | None = None
        self._ledger: Any = None
        from docket.nlp.backbone import pipeline_for_language

        for code in settings.analysed_languages:  # once per worker, before the first record
            pipeline = pipeline_for_language(code, settings).pipeline
            if pipeline is not None and pipeline.eager:  # the others: at their first document
                pipeline.backbone(settings)

    def context(self) -> PipelineContext:
        if self._context is None:
            from docket.ledger.store import Ledger

            try:
                self._ledger = Ledger.open(self.settings, readonly=True)
            except LedgerError:  # no ledger yet (a benchmark without one): no context
                self._context = PipelineContext()
            else:
                self._context = PipelineContext(repeated_lines=self._ledger.repeated_lines,
                                                restored_lines=self._ledger.restored_lines,
                                                place_choices=self._ledger.place_choices)
        return self._context

    def __call__(self, record: Record) -> Analysed:
        started = time.perf_counter()
        try:
            docs = process_record_all(record, self.settings, self.context())
        except InputError as exc:
            return self._failed(str(exc), started)
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not end a long run
            return self._failed(f"internal error, please report it: {type(exc).__name__}: "
                                f"{exc}", started)
        return Analysed(tuple(docs), None, time.perf_counter() - started, os.getpid())

    @staticmethod
    def _failed(reason: str, started: float) -> Analysed:
        return Analysed(error=reason, seconds=time.perf_counter() - started, worker=os.getpid())


_worker: Analyser | None = None


def _start_worker(settings: Settings) -> None:
    global _worker
    # Ctrl-C reaches every process of the terminal's group: the parent ends the run (and the
    # pool); a worker that also raised printed a traceback per worker over the parent's advice.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = Analyser(settings)


def _analyse_in_worker(record: Record) -> Analysed:
    assert _worker is not None, "pool worker used before its initializer ran"
    return _worker(record)


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class AnalyserPool:
    """`workers` processes (or, for 1, the calling process) running the per-document stages.

    Use as a context manager; workers start on the first record, so a run that finds nothing
    new never pays for loading the pipeline in them. A worker that does not answer in time (it
    died, or hangs where the per-document time limit cannot reach) costs its record, recorded
    as a failure, and the pool is restarted for the records after it.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.settings = settings
        self.workers = workers
        self._pool: Pool | None = None
        self._local: Analyser | None = None
        limit = float(getattr(settings, "document_seconds", 0) or 0)
        # The per-document limit fires inside the worker; this is the backstop behind it.
        self.answer_seconds = (2 * limit if limit > 0 else 600.0) + 60.0

    def __enter__(self) -> AnalyserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def _submit(self, record: Record) -> AsyncResult[Analysed] | Analysed:
        if self.workers == 1:
            if self._local is None:
                self._local = Analyser(self.settings)
            return self._local(record)
        if self._pool is None:
            # 'spawn': a fresh interpreter per worker, so no SQLite connection or lock of the
            # main process is inherited half-used (fork would copy them).
            context = multiprocessing.get_context("spawn")
            with _one_thread_each():
                self._pool = context.Pool(self.workers, initializer=_start_worker,
                                          initargs=(self.settings,))
        return self._pool.apply_async(_analyse_in_worker, (record,))

    def analyse(self, jobs: Iterable[Job]) -> Iterator[tuple[Record, Analysed]]:
        """Analyse the records among `jobs` and yield them in input order with their result.

        Actions among the jobs are called in order, after every record before them has been
        yielded (and so handled by the caller).
        """
        window = WINDOW_PER_WORKER * self.workers if self.workers > 1 else 1
        queue: deque[_Slot] = deque()
        for job in jobs:
            queue.append(_Slot(job, self._submit(job) if isinstance(job, Record) else None))
            while queue and (len(queue) > window or queue[0].result is None):
                yield from self._drain_one(queue)
        while queue:
            yield from self._drain_one(queue)

    def _drain_one(self, queue: deque[_Slot]) -> Iterator[tuple[Record, Analysed]]:
        slot = queue.popleft()
        if not isinstance(slot.job, Record):
            slot.job()
            return
        if isinstance(slot.result, Analysed):
            yield slot.job, slot.result
            return
        assert slot.result is not None
        try:
            answer = slot.result.get(self.answer_seconds)
        except multiprocessing.TimeoutError:
            answer = Analysed(error=f"no answer from its worker in {self.answer_seconds:.0f} s "
                                    "(the worker died or hung); the pool was restarted")
            self.close()
            for waiting in queue:  # their workers are gone with the pool: send them again
                if isinstance(waiting.job, Record):
                    waiting.result = self._submit(waiting.job)
        yield slot.job, answer


@contextlib.contextmanager
def _one_thread_each() -> Iterator[None]:
    """Spawned workers start with one BLAS/OpenMP thread each (unless the user chose):
    N workers each spinning N numeric threads on N cores only fight over them (measured:
    4.7 -> 6.3 documents per second with two workers on two cores)."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    before = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)


@dataclass
class _Slot:
    job: Job
    result: AsyncResult[Analysed] | Analysed | None


class EnginePool(Protocol):
    """An engine's pool, as the runner uses it (`AnalyserPool` is the reference)."""

    def __enter__(self) -> EnginePool: ...
    def __exit__(self, *exc: object) -> None: ...

    def analyse(self, jobs: Iterable[Job]) -> Iterator[tuple[Record, Analysed]]:
        """Every record among `jobs` with its result, in input order; the actions among the
        jobs called once every record before them has been yielded."""
        ...


@dataclass(frozen=True)
class Engine:
    """Where the per-document stages run, registered by name in `runner.ENGINES`."""

    name: str
    pool: Callable[[Settings, int, str | None], EnginePool]  # (settings, workers, address)
    # Around the whole run (the pool, then the link step), so both share what it starts.
    session: Callable[[str | None], AbstractContextManager[None]]  # (address)
    # The link step's fingerprinting, (workers, address, seconds); None: in this process.
    fingerprinter: Callable[[int, str | None, float], Fingerprinter | None]
    help: str


def _local_pool(settings: Settings, workers: int, address: str | None) -> AnalyserPool:
    return AnalyserPool(settings, workers)


def _no_session(address: str | None) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


def _fingerprints_here(workers: int, address: str | None,
                       seconds: float) -> Fingerprinter | None:
    return None


LOCAL_ENGINE = Engine("local", _local_pool, _no_session, _fingerprints_here,
                      "local processes (--workers), each loading the pipeline once")
