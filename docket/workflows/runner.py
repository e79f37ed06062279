"""Runs: `ingest` (new inputs through the whole pipeline) and `reprocess` (stored evidence again).

A run walks its inputs, keeps every raw byte in the evidence store, runs the per-document
pipeline and writes each document in its own transaction. Failures are per file, per record or
per line: they are counted with their reason and the run carries on. Every run is recorded.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from docket.errors import (
    CapExceeded,
    EvidenceError,
    InputError,
    RequestError,
    RunInterrupted,
    StorageFull,
    bounded_message,
)
from docket.ingest.formats import (
    INPUT_FORMATS,
    expected_endings,
    format_by_name,
    sniff_format,
)
from docket.ledger.evidence import no_room
from docket.ledger.lock import WriterLock, lock_path, writer_lock
from docket.ledger.store import Ledger
from docket.model import Document, Mention, Record, RecordFailure, Span
from docket.settings import Settings
from docket.workflows.distributed import RAY_ENGINE
from docket.workflows.parallel import LOCAL_ENGINE, Analysed, Engine, Job
from docket.workflows.pipeline import line_keys
from docket.workflows.search_index import document_search_words, fold_unindexed

if TYPE_CHECKING:
    from docket.nlp.gazetteer import Place
    from docket.workflows.link_step import Fingerprinter, LinkSummary


@dataclass(frozen=True)
class Failure:
    path: str
    locator: str | None
    reason: str

    def as_dict(self) -> dict[str, str | None]:
        return {"path": self.path, "locator": self.locator, "reason": self.reason}


_SKIPS_NAMED = 1000


@dataclass
class RunSummary:
    """What a run did: counts by outcome, and every failure with its reason."""

    run_id: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    # Which inputs were skipped, with the reason (the first _SKIPS_NAMED: a crawl's thousands of
    # image responses are counted, not all listed).
    skipped_where: list[tuple[str, str]] = field(default_factory=list)
    links: LinkSummary | None = None  # the cross-document step, when the run changed anything
    seconds: dict[int, float] = field(default_factory=dict)  # analysis time per worker

    @property
    def ok(self) -> bool:
        return not self.failures

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        if len(self.skipped_where) < _SKIPS_NAMED:
            self.skipped_where.append((bounded_message(where), reason))

    def fail(self, path: str, locator: str | None, reason: str) -> None:
        self.counts["failed"] += 1
        self.failures.append(Failure(bounded_message(path), locator and bounded_message(locator),
                                     bounded_message(reason)))


class Reporter(Protocol):
    """Progress callbacks; the CLI draws a rich progress bar, the API stays quiet."""

    def start(self, total: int) -> None: ...  # input bytes (ingest) or documents (reprocess)
    def file_started(self, path: str) -> None: ...
    def record_done(self, outcome: str) -> None: ...
    def file_done(self, size: int) -> None: ...  # in the unit of `start`


class QuietReporter:
    def start(self, total: int) -> None:
        pass

    def file_started(self, path: str) -> None:
        pass

    def record_done(self, outcome: str) -> None:
        pass

    def file_done(self, size: int) -> None:
        pass


@dataclass(frozen=True)
class InputFile:
    path: Path
    shown: str  # as the user will recognise it: relative to the working directory
    format: str | None
    explicit: bool  # named on the command line (not found by walking a folder)
    problem: str | None = None  # why the walk could not read it (an unreadable folder)


def display_path(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    # A file name that is not UTF-8 arrives with its bytes as surrogates, which the ledger
    # cannot store (the whole run stopped): show those bytes escaped, "bad\xffname.txt".
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _resolved(path: Path) -> Path | None:
    """The path with its links followed, or None for a link loop (which never resolves)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def find_inputs(paths: Iterable[str | Path],
                exclude: Iterable[Path] = ()) -> Iterator[InputFile]:
    """Files named, and files under folders named (recursively, sorted, hidden ones skipped).

    `exclude` holds the ledger's own files and evidence folder, which a walk of the working
    directory would otherwise find and try to ingest.
    """
    skip = {p.resolve() for p in exclude}
    for given in paths:
        root = Path(given)
        if root.is_dir():
            # os.walk passes over a folder it cannot list unless told: each becomes that
            # folder's failure (issue 14: a chmod 000 folder was skipped with exit 0).
            unreadable: list[OSError] = []
            for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable.append):
                yield from _unreadable_folders(unreadable)
                # os.walk does not follow links to folders, so a link loop is never entered;
                # resolving one raised RuntimeError and stopped the whole run
                dirnames[:] = sorted(
                    d for d in dirnames
                    if not d.startswith(".") and _resolved(Path(dirpath) / d) not in skip
                )
                for name in sorted(filenames):
                    path = Path(dirpath) / name
                    if name.startswith(".") or (_resolved(path) in skip):
                        continue
                    yield InputFile(path, display_path(path), format_by_name(path), False)
            yield from _unreadable_folders(unreadable)
        else:
            yield InputFile(root, display_path(root), format_by_name(root), True)


def _unreadable_folders(errors: list[OSError]) -> Iterator[InputFile]:
    while errors:
        exc = errors.pop(0)
        path = Path(os.fsdecode(exc.filename or ""))
        yield InputFile(path, display_path(path), None, False,
                        problem=f"cannot read folder: {exc.strerror or exc}")


def ingest_paths(
    ledger: Ledger,
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    force: bool = False,
    reporter: Reporter | None = None,
    workers: int = 1,
    resumes: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
) -> RunSummary:
    """Ingest files and folders: store their bytes, run the pipeline on what is new.

    The per-document stages run in `workers` processes (docket/workflows/parallel.py); this process
    reads the inputs and is the ledger's only writer: it holds the ledger's writer lock for the
    whole run (docket/ledger/lock.py), and raises LedgerBusy if another run holds it. `resumes`
    names an interrupted run this one completes (recorded in both runs).
    """
    with writer_lock(settings, "ingest") as lock:
        return _ingest_paths(ledger, lock, paths, settings, force=force, reporter=reporter,
                             workers=workers, resumes=resumes, engine=engine,
                             ray_address=ray_address)


def _ingest_paths(ledger: Ledger, lock: WriterLock, paths: Sequence[str | Path],
                  settings: Settings, *, force: bool, reporter: Reporter | None, workers: int,
                  resumes: int | None, engine: str, ray_address: str | None) -> RunSummary:
    reporter = reporter or QuietReporter()
    db = Path(settings.db)
    own = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
           db.with_name(db.name + "-journal"), lock_path(db), settings.evidence_path]
    inputs = list(find_inputs(paths, exclude=own))
    summary = RunSummary(run_id=ledger.begin_run(
        "ingest " + " ".join(map(str, paths)), inputs=[str(p) for p in paths],
        options={"force": force, "workers": workers, "engine": engine,
                 "ray_address": ray_address}, resumes=resumes))
    lock.note_run(summary.run_id)
    reporter.start(sum(_size(item.path) for item in inputs))
    _run(ledger, summary, _ingest_jobs(ledger, inputs, settings, force, summary, reporter),
         lambda record, result: _store_result(ledger, record, result, summary, reporter,
                                              force),
         settings, workers, engine, ray_address)
    return summary


def _run(ledger: Ledger, summary: RunSummary, jobs: Iterator[Job],
         handle: Callable[[Record, Analysed], None], settings: Settings, workers: int,
         engine: str, address: str | None) -> None:
    """Analyse the jobs' records on the engine, hand each result to `handle` in input order,
    then link and record the run (as aborted, and re-raised, if anything escapes)."""
    try:
        chosen = engine_named(engine)
    except RequestError:
        _abort(ledger, summary)  # the run is already recorded: it ends here
        raise
    with chosen.session(address):
        try:
            with chosen.pool(settings, workers, address) as pool:
                for record, result in pool.analyse(jobs):
                    handle(record, result)
            fold_unindexed(ledger)  # documents stored before the cross-script search index
            _finish(ledger, summary, "finished" if summary.ok else "finished with errors",
                    chosen.fingerprinter(workers, address, settings.document_seconds))
        except BaseException as exc:
            _abort(ledger, summary)
            full = _storage_full(exc)
            if full is not None:
                raise full from exc
            if isinstance(exc, KeyboardInterrupt):  # Ctrl-C: say how to go on, not a traceback
                row = ledger.run(summary.run_id)
                resumable = row is not None and str(row["command"]).startswith("ingest")
                raise RunInterrupted(summary.run_id, resumable) from exc
            raise


def _storage_full(exc: BaseException) -> StorageFull | None:
    """A full disk under the ledger or the evidence, as one line that says what to do; None
    for any other error. A raw traceback was all a full disk gave before (issue 14)."""
    if isinstance(exc, StorageFull):
        return exc
    if no_room(exc) or (isinstance(exc, sqlite3.OperationalError) and (
            getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "disk is full" in str(exc))):
        return StorageFull(f"the disk is full ({exc}): free some space, then run "
                           "'docket resume' to continue this run")
    return None


def _abort(ledger: Ledger, summary: RunSummary) -> None:
    """Record the run as aborted, if the ledger can still be written. When it cannot (the
    disk is full), the run stays 'running' with a process that is gone, which 'docket
    resume' treats the same way."""
    try:
        _finish(ledger, summary, "aborted")
    except (sqlite3.Error, OSError, StorageFull):
        with contextlib.suppress(sqlite3.Error):
            ledger.rollback()


# Where the per-document stages can run, by name (`--engine`): a new engine is one entry.
ENGINES: dict[str, Engine] = {e.name: e for e in (LOCAL_ENGINE, RAY_ENGINE)}


def engine_named(name: str) -> Engine:
    """The registered engine called `name`; `RequestError` naming the registered ones if none."""
    chosen = ENGINES.get(name)
    if chosen is None:
        names = [repr(n) for n in ENGINES]
        expected = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        raise RequestError(f"unknown engine {name!r} (expected {expected})")
    return chosen


def resume_run(ledger: Ledger, settings: Settings, run_id: int | None = None, *,
               reporter: Reporter | None = None, workers: int = 1) -> RunSummary:
    """Run an interrupted ingest again with its inputs and options, and record the link.

    Without `run_id`, the latest ingest run that did not finish (its process is gone). What
    the interrupted run stored is skipped as already present; containers it did not mark
    complete are read again; documents it left unlinked are linked at the end. Holds the
    writer lock like any run, from before it looks for the run to resume.
    """
    with writer_lock(settings, "resume") as lock:
        return _resume_run(ledger, lock, settings, run_id, reporter=reporter, workers=workers)


def _resume_run(ledger: Ledger, lock: WriterLock, settings: Settings, run_id: int | None, *,
                reporter: Reporter | None, workers: int) -> RunSummary:
    # Holding the lock, no other Docket run is writing: a 'running' run is one whose process
    # died, even if its pid now belongs to another program. Without a lock (a file system
    # that cannot lock) a live pid still means "leave it alone".
    alive = _alive if not lock.exclusive else (lambda pid: False)
    row = ledger.run(run_id) if run_id is not None else _latest_interrupted(ledger, alive)
    if row is None:
        raise RequestError(f"no run {run_id}" if run_id is not None else
                         "no interrupted ingest run to resume ('docket runs' lists them)")
    if not str(row["command"]).startswith("ingest"):
        raise RequestError(f"run {row['id']} is a {row['command'].split()[0]} run: run it again "
                         "instead (only ingest runs resume)")
    if row["status"] not in ("running", "aborted"):
        raise RequestError(f"run {row['id']} is {row['status']}, nothing to resume")
    if row["status"] == "running" and alive(row["pid"]):
        raise RequestError(f"run {row['id']} is still running (process {row['pid']})")
    inputs = json.loads(row["inputs"] or "[]")
    if not inputs:
        raise RequestError(f"run {row['id']} recorded no inputs (it predates resumable runs): "
                         f"run its command again: docket {row['command']}")
    options = json.loads(row["options"] or "{}")
    summary = _ingest_paths(ledger, lock, inputs, settings, force=bool(options.get("force")),
                            reporter=reporter, workers=workers, resumes=int(row["id"]),
                            engine=options.get("engine", "local"),
                            ray_address=options.get("ray_address"))
    ledger.mark_interrupted(int(row["id"]), summary.run_id)
    return summary


def _latest_interrupted(ledger: Ledger, alive: Callable[[int | None], bool]) -> Any:
    for row in ledger.runs(limit=50):
        if (str(row["command"]).startswith("ingest") and row["status"] in ("running", "aborted")
                and not (row["status"] == "running" and alive(row["pid"]))):
            return row
    return None


def _alive(pid: int | None) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _finish(ledger: Ledger, summary: RunSummary, status: str,
            fingerprints: Fingerprinter | None = None) -> None:
    if status != "aborted" and ledger.link_pending_count():
        from docket.workflows.link_step import link_ledger

        # Stories and incidents span documents: they are re-derived near the run's documents
        # once they are all stored (docket/workflows/link_step.py); documents an interrupted
        # run left unlinked are linked here too.
        summary.links = link_ledger(ledger, fingerprints=fingerprints)
    counts = dict(summary.counts) | {f"skipped: {k}": v for k, v in summary.skipped.items()}
    if summary.links is not None:
        counts |= {"stories with copies": summary.links.stories_with_copies,
                   "incidents": summary.links.incidents,
                   "contradictions": summary.links.contradictions,
                   # The candidate work of the link step (issue 20): bounded per document by
                   # the setting story_pairs_per_document.
                   "story pairs scored": summary.links.scored_pairs,
                   "most story pairs for one document": summary.links.most_pairs_per_document}
    ledger.finish_run(summary.run_id, status, counts, [f.as_dict() for f in summary.failures])


def _ingest_jobs(ledger: Ledger, inputs: Sequence[InputFile], settings: Settings, force: bool,
                 summary: RunSummary, reporter: Reporter) -> Iterator[Job]:
    """The records of every input still to analyse, and the bookkeeping actions between them.

    Runs ahead of the results by the pool's window: what must wait until a record is stored
    (a container marked complete, a copy seen again) is yielded as an action, in order.
    """
    queued: set[str] = set()
    for item in inputs:
        reporter.file_started(item.shown)
        try:
            yield from _file_jobs(ledger, item, settings, force, summary, reporter, queued)
        except InputError as exc:
            summary.fail(item.shown, None, str(exc))
            reporter.record_done("failed")
        except OSError as exc:
            summary.fail(item.shown, None, f"cannot read file: {exc.strerror or exc}")
            reporter.record_done("failed")
        size = _size(item.path)
        yield lambda size=size: reporter.file_done(size)  # type: ignore[misc]


def _file_jobs(ledger: Ledger, item: InputFile, settings: Settings, force: bool,
               summary: RunSummary, reporter: Reporter, queued: set[str]) -> Iterator[Job]:
    if item.problem is not None:
        raise InputError(item.problem)
    fmt = item.format
    if fmt is None and item.explicit:  # a folder walk never guesses: a .py with <html> is code
        with item.path.open("rb") as handle:
            fmt = sniff_format(handle.read(8192))
    if fmt is None:
        if item.explicit:
            raise InputError(f"unsupported file type (expected {expected_endings()})")
        summary.skip("unsupported file type", item.shown)
        return
    form = INPUT_FORMATS[fmt]
    if not form.container:
        size = item.path.stat().st_size
        if size > settings.max_document_bytes:
            raise CapExceeded(f"file is {size} bytes, over max_document_bytes "
                              f"({settings.max_document_bytes})")
        if size == 0:
            raise InputError("empty file")
        record = Record(fmt, item.path.read_bytes(), item.shown)
        yield from _record_jobs(ledger, record, force, summary, reporter, queued)
        return
    cap = getattr(settings, form.limit) if form.limit else None
    if cap is not None and item.path.stat().st_size > cap:
        raise CapExceeded(f"{fmt} over {form.limit} ({cap})")
    yield from _container_jobs(ledger, item, fmt, settings, force, summary, reporter, queued)


def _container_jobs(ledger: Ledger, item: InputFile, fmt: str, settings: Settings,
                    force: bool, summary: RunSummary, reporter: Reporter,
                    queued: set[str]) -> Iterator[Job]:
    """Store the container's bytes, then read its records from the copy just made.

    The records come from the bytes hashed in this run (a handle on the fresh copy), never
    from the store's file of that name, which someone may have altered: issue 17 found
    `--force` re-reading an altered stored JSONL and analysing words the original does not
    hold. A damaged stored copy is replaced by this one and the repair logged.
    """
    with item.path.open("rb") as source, ledger.evidence.receive(source) as received:
        if received.size == 0:
            raise InputError("empty file")
        sha = received.sha256
        ledger.register_container(received.placed, fmt, item.shown, summary.run_id)
        if received.placed.outcome == "repaired":
            summary.counts["repaired"] += 1
        if (ledger.evidence_status(sha) == "complete" and not force
                and not ledger.damaged_records(sha)):
            # Counted in documents, like "new", so the two figures can be compared.
            present = ledger.documents_in_container(sha)
            summary.counts["already present"] += present
            reporter.record_done("already present")
            return
        # Not complete, forced, or a record's stored copy is damaged (its record repairs it).
        records = INPUT_FORMATS[fmt].read
        assert records is not None, f"{fmt} is a single-document format"
        seen = failed = 0
        for entry in records(received.handle, item.shown, sha, settings):
            if isinstance(entry, str):
                summary.skip(entry, item.shown)
                continue
            seen += 1
            if isinstance(entry, RecordFailure):
                failed += 1
                summary.fail(entry.path, entry.locator, entry.reason)
                reporter.record_done("failed")
                continue
            yield from _record_jobs(ledger, entry, force, summary, reporter, queued)
    if seen == 0 and not summary.skipped:
        summary.fail(item.shown, None, f"no articles found in this {fmt} file")
    # 'complete' lets a later run skip the whole file; a file that failed part-way stays
    # 'stored' so the next run reads it again (records already stored are not redone). The
    # mark waits until every record before it is stored: a run killed before then reads the
    # file again.
    truncated = any(f.path == item.shown and f.locator and f.locator.startswith("after")
                    for f in summary.failures)
    yield lambda: ledger.mark_container(sha, "stored" if truncated else "complete",
                                        summary.run_id, records=seen, failed=failed,
                                        path=item.shown)


def _record_jobs(ledger: Ledger, record: Record, force: bool, summary: RunSummary,
                 reporter: Reporter, queued: set[str]) -> Iterator[Job]:
    doc_id = record.document_id
    if doc_id in queued or (ledger.has_document(doc_id) and not force):
        def seen_again() -> None:
            # "Already present" only once the stored copy is compared with these bytes: a
            # damaged copy is repaired from them (issue 17).
            if ledger.keep_evidence(record, summary.run_id).outcome != "present":
                summary.counts["repaired"] += 1
            ledger.note_seen_again(record.sha256, summary.run_id, doc_id, path=record.path,
                                   locator=record.locator)
            summary.counts["already present"] += 1
            reporter.record_done("already present")

        # A copy of a record still in the pool is noted once that record is stored.
        if doc_id in queued:
            yield seen_again
        else:
            seen_again()
        return
    queued.add(doc_id)
    yield record


def _store_result(ledger: Ledger, record: Record, result: Analysed, summary: RunSummary,
                  reporter: Reporter, force: bool = False) -> None:
    if result.error is not None:
        ledger.record_failure(record, summary.run_id, result.error)
        summary.fail(record.path, record.locator, result.error)
        reporter.record_done("failed")
        return
    doc, *segments = result.documents
    existed = ledger.has_document(doc.id)
    if existed and not force:
        # Queued as new, stored meanwhile by another writer (possible only where the writer
        # lock cannot be taken): it is a copy seen again, not work this run did. Logging it
        # "reprocessed" was the false custody entry of issue 14.
        ledger.note_seen_again(record.sha256, summary.run_id, doc.id, path=record.path,
                               locator=record.locator)
        summary.counts["already present"] += 1
        reporter.record_done("already present")
        return
    ledger.store_document(doc, record, summary.run_id, "reprocessed" if existed else "processed",
                          segments, line_keys, document_search_words)
    outcome = "reprocessed" if existed else "new"
    summary.counts[outcome] += 1
    summary.seconds[result.worker] = summary.seconds.get(result.worker, 0.0) + result.seconds
    if segments:
        summary.counts["segments"] += len(segments)
    reporter.record_done(outcome)


def restore_text(ledger: Ledger, settings: Settings, document_id: str, spans: Sequence[int],
                 by: str, why: str | None) -> RunSummary:
    """An analyst puts removed text back: a judgement that every later run honours.

    `spans` are indexes into the document's `removed` list (as `docket show` numbers them).
    The document is reprocessed at once so the main text shows the restored lines.
    """
    doc, chosen, lines = restored_lines_of(ledger, document_id, spans)
    # The lock before the judgement: refused while another run writes, nothing is recorded
    # (a restore logged in custody but never reprocessed would be work not done).
    with writer_lock(settings, "restore") as lock:
        # Judged on the page, matched by line text: segments cut from it inherit the restore.
        ledger.add_judgement("restore", ledger.page_of(doc.id), by, field="removed", why=why,
                             value=json.dumps({"lines": lines,
                                               "reasons": [s.reason for s in chosen]},
                                              ensure_ascii=False))
        ledger.log_custody(doc.source.sha256, "restore_judgement", None, doc.id, by=by,
                           why=why, lines=len(lines))
        return _reprocess(ledger, lock, settings, [doc.id])


def pick_place(ledger: Ledger, settings: Settings, document_id: str, start: int,
               gazetteer_id: str, by: str, why: str | None) -> RunSummary:
    """An analyst says which place the name at `start` in a document means (issue 16): a
    `place` judgement, anchored on the name's words, that every later run applies after the
    resolver (docket/nlp/place_choices.py). The document is reprocessed at once."""
    doc, mention, place = place_pick_target(ledger, document_id, start, gazetteer_id)
    with writer_lock(settings, "judge place") as lock:
        ledger.add_judgement("place", doc.id, by, field="place", why=why,
                             value=json.dumps({"start": mention.start, "end": mention.end,
                                               "words": mention.text,
                                               "gazetteer_id": place.gazetteer_id,
                                               "before": mention.key}, ensure_ascii=False))
        return _reprocess(ledger, lock, settings, [doc.id])


def place_pick_target(ledger: Ledger, document_id: str, start: int,
                      gazetteer_id: str) -> tuple[Document, Mention, Place]:
    """The document, its place name starting at `start` and the gazetteer's place
    `gazetteer_id`; RequestError saying what exists when one of them does not."""
    from docket.nlp.gazetteer import Gazetteer

    doc = ledger.get_document(document_id)
    if doc is None:
        raise RequestError(f"no document {document_id!r}")
    named = [m for m in doc.mentions if m.kind == "place" and m.start == start]
    if not named:
        starts = ", ".join(str(m.start) for m in doc.mentions if m.kind == "place") or "none"
        raise RequestError(f"no place name starts at {start} in {doc.id} (place names start "
                           f"at: {starts})")
    place = Gazetteer.load().by_id(gazetteer_id)
    if place is None:
        raise RequestError(f"the gazetteer has no place {gazetteer_id!r} (the namesakes "
                           "considered for a name are listed with their ids in the export's "
                           "mentions[].considered and on the entity page)")
    return doc, named[0], place


def restored_lines_of(ledger: Ledger, document_id: str,
                      spans: Sequence[int]) -> tuple[Document, list[Span], list[str]]:
    """The document, its removed spans numbered `spans` and their lines; RequestError when a
    number is out of range or names a segment (another story, never restored into this one)."""
    doc = ledger.get_document(document_id)
    if doc is None:
        raise RequestError(f"no document {document_id!r}")
    chosen = []
    for index in spans:
        if not 1 <= index <= len(doc.removed):
            raise RequestError(f"document {doc.id} has removed spans 1 to {len(doc.removed)}, "
                             f"not {index}")
        span = doc.removed[index - 1]
        if span.reason == "segment":
            raise RequestError("a segment is another story, kept as its own document "
                             f"({span.start}-{span.end}); it is not restored into this one")
        chosen.append(span)
    lines = sorted({line.strip() for s in chosen
                    for line in doc.full_text[s.start:s.end].split("\n") if line.strip()})
    return doc, chosen, lines


def reprocess(ledger: Ledger, settings: Settings, ids: Sequence[str] | None = None,
              *, reporter: Reporter | None = None, workers: int = 1, engine: str = "local",
              ray_address: str | None = None) -> RunSummary:
    """Re-run the pipeline over stored evidence (all documents, or the ids given).

    Judgements are never touched: they live in their own table, keyed by stable record ids.
    Holds the writer lock for the whole run, like `ingest_paths`.
    """
    with writer_lock(settings, "reprocess") as lock:
        return _reprocess(ledger, lock, settings, ids, reporter=reporter, workers=workers,
                          engine=engine, ray_address=ray_address)


def _reprocess(ledger: Ledger, lock: WriterLock, settings: Settings,
               ids: Sequence[str] | None = None, *, reporter: Reporter | None = None,
               workers: int = 1, engine: str = "local",
               ray_address: str | None = None) -> RunSummary:
    reporter = reporter or QuietReporter()
    # A segment is rebuilt with its page: reprocessing targets pages, never segments directly.
    targets = list(dict.fromkeys(ledger.page_of(i) for i in ids)) if ids else \
        ledger.document_ids(pages_only=True)
    summary = RunSummary(run_id=ledger.begin_run(
        "reprocess " + (" ".join(ids) if ids else "--all"), inputs=list(ids or ()),
        options={"workers": workers, "engine": engine, "ray_address": ray_address}))
    lock.note_run(summary.run_id)
    reporter.start(len(targets))

    def store(record: Record, result: Analysed) -> None:
        if result.error is not None:
            summary.fail(record.document_id, record.locator, result.error)
            return
        new, *segments = result.documents
        ledger.store_document(new, record, summary.run_id, "reprocessed", segments, line_keys,
                              document_search_words)
        summary.counts["reprocessed"] += 1
        reporter.record_done("reprocessed")

    _run(ledger, summary, _reprocess_jobs(ledger, targets, summary, reporter), store, settings,
         workers, engine, ray_address)
    return summary


def _reprocess_jobs(ledger: Ledger, targets: Sequence[str], summary: RunSummary,
                    reporter: Reporter) -> Iterator[Job]:
    for doc_id in targets:
        doc = ledger.get_document(doc_id)
        reporter.file_started(doc_id)
        try:
            # The stored bytes are hashed as they are read (EvidenceStore.read): a record is
            # never rebuilt from bytes that no longer hash to their name (issue 17).
            record = ledger.record_for(doc.id) if doc else None
        except EvidenceError as exc:
            # One document's damaged evidence fails that document; the others go on (a
            # deleted file stopped the whole reprocess with FileNotFoundError, issue 14).
            summary.fail(doc_id, None, str(exc))
            reporter.record_done("failed")
        else:
            if record is None:
                summary.fail(doc_id, None, "no such document")
            else:
                yield record
        yield lambda: reporter.file_done(1)
