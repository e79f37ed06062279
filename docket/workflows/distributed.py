"""The optional Ray engine: the per-document stages on Ray Data, fingerprints as a Ray job.

`RayAnalyserPool` keeps the contract of `docket.workflows.parallel.AnalyserPool` (a context
manager whose `analyse(jobs)` yields every record with its result, in input order, and runs the
actions among the jobs once the records before them are yielded), so the runner can choose
either. The per-document stages run in a Ray Data actor pool: each actor builds one
`docket.workflows.parallel.Analyser`, so the spaCy pipeline is loaded once per actor, however
long the run.

The jobs are an unbounded, lazy stream (the runner reads inputs and consults the ledger as it
goes), while a Ray Data dataset is planned up front. One streaming dataset serves the whole
run: its only read task pulls records from a Ray queue the driver fills, so the actors live as
long as the run and the driver bounds the records in flight as the local pool does. Blocks are
one record each (the read task otherwise buffers rows until a block is large) so a record
reaches an actor as soon as it is sent.

What stays on the driver: reading inputs, the evidence store, every ledger write (a single
writer), the LSH candidate lookup and clustering of the cross-document step. What travels:
records (raw bytes with their custody fields) and results (documents), pickled.

Ray is imported only inside functions, so the default install never needs it; without it a
`RayUnavailable` says which extra to install.
"""

from __future__ import annotations

import contextlib
import pickle
import queue as local_queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from docket.errors import DocketError
from docket.model import Record
from docket.settings import Settings
from docket.workflows.parallel import WINDOW_PER_WORKER, Analysed, Analyser, Engine, Job

if TYPE_CHECKING:
    from docket.link.fingerprint import Fingerprint, StoryInput
    from docket.workflows.link_step import Fingerprinter, NotLinked

RAY_MISSING = ("the Ray engine needs the extra: pip install '.[ray]' (from the checkout), "
               "or run with --engine local")
# Records in flight per actor: more than the local pool, since each record also crosses the
# object store twice; still small, so memory stays flat and results come back steadily.
RAY_WINDOW_PER_WORKER = 2 * WINDOW_PER_WORKER
# A block larger than this is sliced; one record is always larger, so each block holds one
# record and is handed on at once instead of waiting in the read task's buffer.
ONE_RECORD_BLOCK_BYTES = 1
# Stories per fingerprint task: large enough that Ray's per-task cost (milliseconds) is small
# beside the work, small enough to spread a few hundred documents over the workers.
FINGERPRINT_CHUNK = 64
_END = None  # the feed's last item


class RayUnavailable(DocketError):
    """Ray is not installed, or the cluster named cannot be reached: install the extra or use
    the local engine."""


def import_ray() -> Any:
    """The `ray` module, or a `RayUnavailable` saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailable(RAY_MISSING) from exc
    return ray


def connect(address: str | None = None, **init_args: Any) -> bool:
    """Start or join Ray unless this process already has; True when this call started it."""
    ray = import_ray()
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address or None, include_dashboard=False, **init_args)
    except ConnectionError as exc:
        raise RayUnavailable(f"cannot reach the Ray cluster at {address}: {exc}") from exc
    return True


class RayAnalyserPool:
    """`workers` Ray Data actors running the per-document stages; same contract as AnalyserPool.

    `address` names a running cluster ("auto", "ray://head:10001"); without it a local Ray is
    started (and shut down on close) unless this process already joined one. `num_gpus` is the
    GPU share each actor reserves (0: CPU only); with a GPU the actor asks spaCy for it before
    loading the pipeline, which pays off only with a transformer pipeline.
    """

    def __init__(self, settings: Settings, workers: int, *, address: str | None = None,
                 num_gpus: float = 0.0) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        import_ray()  # fail before the run starts, not at its first record
        self.settings = settings
        self.workers = workers
        self.address = address
        self.num_gpus = num_gpus
        limit = float(getattr(settings, "document_seconds", 0) or 0)
        # Actors load the pipeline before their first answer: allow for it on top of the
        # per-document limit, which fires inside the actor.
        self.answer_seconds = (2 * limit if limit > 0 else 600.0) + 120.0
        self._started_ray = False
        self._feed: Any = None  # ray.util.queue.Queue: records to the read task
        self._results: local_queue.Queue[Any] = local_queue.Queue()
        self._reader: threading.Thread | None = None
        self._stop = threading.Event()
        self._sent = 0

    def __enter__(self) -> RayAnalyserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        ray = import_ray()
        if self._feed is not None:
            self._stop.set()  # results still coming are dropped, not queued for nobody
            with contextlib.suppress(Exception):  # the cluster may already be gone
                self._feed.put(_END)  # ends the read task, and with it the dataset
            if self._reader is not None:
                self._reader.join(timeout=60)
            with contextlib.suppress(Exception):
                ray.kill(self._feed.actor)
            self._feed = None
            self._reader = None
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

    def analyse(self, jobs: Iterable[Job]) -> Iterator[tuple[Record, Analysed]]:
        """Analyse the records among `jobs` and yield them in input order with their result.

        Actions among the jobs are called in order, after every record before them has been
        yielded (and so handled by the caller).
        """
        window = RAY_WINDOW_PER_WORKER * self.workers
        pending: deque[Job] = deque()  # records in flight and the actions behind them
        in_flight = 0
        for job in jobs:
            if isinstance(job, Record):
                self._send(job)
                in_flight += 1
            pending.append(job)
            _run_due_actions(pending)
            while in_flight > window:
                yield self._next_result(pending)
                in_flight -= 1
                _run_due_actions(pending)
        if self._feed is not None:
            self._feed.put(_END)
        while in_flight:
            yield self._next_result(pending)
            in_flight -= 1
            _run_due_actions(pending)

    def _next_result(self, pending: deque[Job]) -> tuple[Record, Analysed]:
        """The oldest record in flight with its result (they come back in the order sent)."""
        record = pending.popleft()
        assert isinstance(record, Record), "due actions run before the next result is taken"
        try:
            item = self._results.get(timeout=self.answer_seconds)
        except local_queue.Empty:
            raise DocketError(f"no answer from the Ray actors in {self.answer_seconds:.0f} s; "
                              "the run stops here and can be resumed (docket resume)") from None
        if isinstance(item, BaseException):
            raise DocketError(f"the Ray engine failed: {type(item).__name__}: {item}") from item
        return record, pickle.loads(item)

    def _send(self, record: Record) -> None:
        if self._feed is None:
            self._start()
        self._feed.put(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        self._sent += 1

    def _start(self) -> None:
        """Start Ray (if needed), the feed, the streaming dataset and the thread reading it."""
        from ray.util.queue import Queue

        self._started_ray = connect(self.address)
        # The feed is an actor holding records between the driver and the read task; it only
        # waits, so it reserves no CPU from the analysis.
        self._feed = Queue(actor_options={"num_cpus": 0})
        dataset = _analysis_dataset(self._feed, self.settings, self.workers, self.num_gpus)
        self._stop.clear()
        self._reader = threading.Thread(target=self._read_results, args=(dataset,),
                                        name="docket-ray-results", daemon=True)
        self._reader.start()  # starts the actors now: they load the pipeline meanwhile

    def _read_results(self, dataset: Any) -> None:
        # Only Ray is touched here; the ledger stays with the caller's thread.
        try:
            for row in dataset.iter_rows():
                if self._stop.is_set():
                    continue
                self._results.put(row["analysed"])
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            if not self._stop.is_set():
                self._results.put(exc)


def _analysis_dataset(feed: Any, settings: Settings, workers: int, num_gpus: float) -> Any:
    """One streaming dataset for the whole run: the feed's records through the actor pool."""
    from ray.data import ActorPoolStrategy, read_datasource

    dataset = read_datasource(_feed_source(feed), override_num_blocks=1, num_cpus=0)
    # Ray Data runs a class's calls in a thread of its own unless told not to; the per-document
    # time limit (SIGALRM) only fires in a process's main thread, so the calls run there, one
    # at a time (the actor's max_concurrency stays 1).
    compute = ActorPoolStrategy(size=workers, enable_true_multi_threading=True)
    dataset = dataset.map_batches(
        _AnalyserActor, fn_constructor_kwargs={"settings": settings, "num_gpus": num_gpus},
        batch_size=1, batch_format="pyarrow", compute=compute, num_cpus=1, num_gpus=num_gpus)
    context = dataset.context
    context.execution_options.preserve_order = True  # results in input order, as in the pool
    context.target_max_block_size = ONE_RECORD_BLOCK_BYTES
    context.enable_progress_bars = False  # the CLI draws its own
    context.print_on_execution_start = False
    return dataset


def _feed_source(feed: Any) -> Any:
    """A Ray Data datasource with one read task: the records the driver puts in `feed`."""
    from ray.data import Datasource, ReadTask
    from ray.data.block import BlockMetadata

    class Feed(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None  # unknown: the run is a stream

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[Any]:
            metadata = BlockMetadata(num_rows=None, size_bytes=None, input_files=None,
                                     exec_stats=None)
            return [ReadTask(lambda: _read_feed(feed), metadata)]

    return Feed()


def _read_feed(feed: Any) -> Iterator[Any]:
    """The read task: one block per record, until the driver sends the end."""
    import pyarrow as pa

    while True:
        item = feed.get()  # waits for the driver
        if item is _END:
            return
        yield pa.table({"record": pa.array([item], type=pa.binary())})


def _run_due_actions(pending: deque[Job]) -> None:
    """Run the actions at the head of `pending`: every record before them has been yielded."""
    while pending and not isinstance(pending[0], Record):
        action = pending.popleft()
        assert not isinstance(action, Record)
        action()


class _AnalyserActor:
    """A Ray Data actor: one `Analyser` (pipeline loaded once) applied to each record."""

    def __init__(self, settings: Settings, num_gpus: float = 0.0) -> None:
        if num_gpus > 0:
            import spacy

            spacy.prefer_gpu()
        self.analyser = Analyser(settings)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        answers = [pickle.dumps(self.analyser(pickle.loads(payload)),
                                protocol=pickle.HIGHEST_PROTOCOL)
                   for payload in batch.column("record").to_pylist()]
        return pa.table({"analysed": pa.array(answers, type=pa.binary())})


def ray_fingerprints(inputs: Sequence[StoryInput], workers: int, *,
                     address: str | None = None,
                     seconds: float = 0.0) -> list[Fingerprint | NotLinked]:
    """Fingerprints of `inputs` (in their order), computed by Ray tasks over chunks.

    The per-document part of the cross-document candidate search; the LSH lookup, scoring
    and writes stay with the caller. At most `workers` tasks run at once. Each document is
    fingerprinted under the per-document limit `seconds` (0: none), as on one machine: one
    over it comes back as `NotLinked` (docket/workflows/link_step.py).
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if not inputs:
        return []
    ray = import_ray()
    started = connect(address)
    try:
        task = ray.remote(num_cpus=1)(_fingerprint_chunk)
        chunk = max(1, min(FINGERPRINT_CHUNK, -(-len(inputs) // workers)))
        chunks = [list(inputs[i:i + chunk]) for i in range(0, len(inputs), chunk)]
        refs: list[Any] = []
        running: list[Any] = []
        for part in chunks:
            if len(running) >= workers:  # keep `workers` tasks busy, no more
                _, running = ray.wait(running, num_returns=1)
            refs.append(task.remote(part, seconds))
            running.append(refs[-1])
        return [fp for part in ray.get(refs) for fp in part]
    finally:
        if started:
            ray.shutdown()


def _fingerprint_chunk(inputs: list[StoryInput], seconds: float) -> list[Fingerprint | NotLinked]:
    # A Ray task runs in its worker's main thread, where the SIGALRM limit works.
    from docket.workflows.link_step import fingerprint_within

    return fingerprint_within(inputs, seconds)



def ray_pool(settings: Settings, workers: int, address: str | None) -> RayAnalyserPool:
    return RayAnalyserPool(settings, workers, address=address)


@contextlib.contextmanager
def ray_session(address: str | None) -> Iterator[None]:
    """Start (or join) Ray once for a whole Ray run, so the pool and the fingerprint job share
    it; stop it after the link step if this run started it."""
    started = connect(address)
    try:
        yield
    finally:
        if started:
            import_ray().shutdown()


def ray_fingerprinter(workers: int, address: str | None, seconds: float) -> Fingerprinter:
    return lambda inputs: ray_fingerprints(inputs, workers, address=address, seconds=seconds)


RAY_ENGINE = Engine("ray", ray_pool, ray_session, ray_fingerprinter,
                    "Ray Data actors, on a local Ray or the cluster at --ray-address "
                    "(needs pip install '.[ray]')")
