"""`docket verify`: every stored evidence file against its hash, and the custody chain.

A full check (the default) hashes every stored file the ledger names, reports every problem at
once (a file missing, unreadable or altered) with the file, where it was first received and
the documents it feeds, and recomputes the custody log's hash chain (docket/ledger/custody.py).
Each check is recorded as a run (`run.command` 'verify' or 'verify --changed'), so the ledger
can say when it was last checked and what was found.

`--changed` is a fast check, not a proof: it hashes only files the ledger has not seen intact
before (added since) and files whose size or modification time differ from when a check last
found them intact (table `evidence_check`). Someone who alters a file and puts its
modification time back is not noticed by it; a full check notices everything but a rebuilt
custody chain, for which the head kept elsewhere is the proof (`--head`).

Files are hashed on a few threads: hashlib releases the GIL on large buffers, so hashing keeps
up with the disk (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from docket.ledger.custody import ChainCheck, check_chain
from docket.ledger.evidence import hash_file
from docket.ledger.store import Ledger, utc_now

# How many documents a problem lists by id at most (the count is always given).
MAX_DOCUMENTS_NAMED = 50


class VerifyProgress(Protocol):
    """Progress callbacks; the CLI draws a rich progress bar on a terminal."""

    def start(self, total_bytes: int, files: int) -> None: ...
    def advance(self, size: int) -> None: ...


class _Quiet:
    def start(self, total_bytes: int, files: int) -> None:
        pass

    def advance(self, size: int) -> None:
        pass


@dataclass(frozen=True)
class EvidenceProblem:
    """One stored file that cannot be trusted, or one break in the custody chain."""

    kind: str  # 'missing', 'unreadable', 'altered' or 'custody'
    sha256: str | None  # the evidence the file (or the custody entry) is about
    file: str | None  # the file in the evidence store
    received_as: str | None  # where it was first found, with its locator
    documents: tuple[str, ...]  # the documents it feeds (all, for a container)
    message: str
    seq: int | None = None  # the custody entry, for a chain break


@dataclass
class VerifyReport:
    """What a check found; `ok` only when no file and no custody entry is in doubt."""

    changed_only: bool
    run_id: int | None = None
    files: int = 0  # stored files the ledger names
    hashed: int = 0
    unchanged: int = 0  # passed over by --changed (same size and time as when found intact)
    bytes: int = 0  # hashed
    seconds: float = 0.0  # the whole check: listing, hashing, the custody chain
    problems: list[EvidenceProblem] = field(default_factory=list)
    chain: ChainCheck | None = None
    last_full_check: str | None = None  # when the previous full check ended, if any

    @property
    def recorded(self) -> bool:
        """Whether the check is in the ledger as a run (not on a read-only ledger)."""
        return self.run_id is not None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class _Stored:
    sha256: str
    size: int
    kind: str
    received_as: str


def verify_ledger(ledger: Ledger, *, changed_only: bool = False, head: str | None = None,
                  progress: VerifyProgress | None = None, threads: int | None = None,
                  record: bool = True) -> VerifyReport:
    """Check the evidence store and the custody chain; record the check as a run (unless
    the ledger is read-only or `record` is False). Never raises for what it finds: every
    problem is in the report."""
    progress = progress or _Quiet()
    report = VerifyReport(changed_only, last_full_check=last_full_check(ledger))
    if record and not ledger.readonly:
        # A read-only file (a write-blocked copy) is checked all the same, not recorded.
        with contextlib.suppress(sqlite3.OperationalError):
            report.run_id = ledger.begin_run("verify --changed" if changed_only else "verify",
                                             options={"changed": changed_only, "head": head})
    record = report.run_id is not None
    started = time.perf_counter()
    stored = _stored_files(ledger)
    report.files = len(stored)
    known = _known_intact(ledger) if changed_only else {}
    todo: list[tuple[_Stored, os.stat_result]] = []
    for item in stored:
        path = ledger.evidence.path_for(item.sha256)
        try:
            stat = path.stat()
        except FileNotFoundError:
            report.problems.append(_problem(ledger, item, "missing", f"{path} is gone"))
            continue
        except OSError as exc:
            report.problems.append(_problem(ledger, item, "unreadable",
                                            f"{exc.strerror or exc} ({path})"))
            continue
        if known.get(item.sha256) == (stat.st_size, stat.st_mtime_ns) \
                and stat.st_size == item.size:
            report.unchanged += 1
            continue
        todo.append((item, stat))
    progress.start(sum(stat.st_size for _, stat in todo), len(todo))
    intact: list[tuple[str, int, int]] = []
    for (item, stat), outcome in _hashed(ledger, todo, threads):
        report.hashed += 1
        if isinstance(outcome, OSError):
            report.problems.append(_problem(
                ledger, item, "unreadable",
                f"{outcome.strerror or outcome} ({ledger.evidence.path_for(item.sha256)})"))
        else:
            digest, size = outcome
            report.bytes += size
            if digest != item.sha256:
                report.problems.append(_problem(
                    ledger, item, "altered",
                    f"hash mismatch: the bytes in {ledger.evidence.path_for(item.sha256)} hash "
                    f"to {digest[:12]}…, not to their name"))
            else:
                intact.append((item.sha256, stat.st_size, stat.st_mtime_ns))
        progress.advance(stat.st_size)
    report.chain = check_chain(ledger._conn, head)
    report.problems.extend(_chain_problems(ledger, report.chain))
    report.seconds = time.perf_counter() - started
    if record:
        _record(ledger, report, intact)
    return report


def last_full_check(ledger: Ledger) -> str | None:
    """When the last full `docket verify` ended (UTC), or None if none has."""
    row = ledger._conn.execute(
        "SELECT ended_at FROM run WHERE command = 'verify' AND ended_at IS NOT NULL "
        "AND status != 'aborted' ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def _stored_files(ledger: Ledger) -> list[_Stored]:
    rows = ledger._conn.execute(
        "SELECT sha256, size, kind, path, locator FROM evidence WHERE status != 'purged' "
        "ORDER BY sha256").fetchall()
    return [_Stored(r[0], int(r[1]), r[2], r[3] + (f" ({r[4]})" if r[4] else "")) for r in rows]


def _known_intact(ledger: Ledger) -> dict[str, tuple[int, int]]:
    return {r[0]: (int(r[1]), int(r[2])) for r in ledger._conn.execute(
        "SELECT sha256, size, mtime_ns FROM evidence_check")}


def _hashed(ledger: Ledger, todo: Sequence[tuple[_Stored, os.stat_result]],
            threads: int | None) -> Iterator[tuple[tuple[_Stored, os.stat_result],
                                                   tuple[str, int] | OSError]]:
    """Each file's (digest, size), or the OSError reading it, in order; a bounded window of
    files is hashed at once."""
    workers = threads or min(4, os.cpu_count() or 1)

    def one(sha256: str) -> tuple[str, int] | OSError:
        try:
            return hash_file(ledger.evidence.path_for(sha256))
        except OSError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=workers) as pool:
        window: deque[tuple[tuple[_Stored, os.stat_result],
                            Future[tuple[str, int] | OSError]]] = deque()
        for entry in todo:
            window.append((entry, pool.submit(one, entry[0].sha256)))
            if len(window) >= workers * 4:
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()


def documents_fed(ledger: Ledger, sha256: str) -> tuple[str, ...]:
    """The documents stored bytes feed: those made from them, or, for a container, every
    document read from it."""
    return tuple(r[0] for r in ledger._conn.execute(
        "SELECT id FROM document WHERE sha256 = ? OR container_sha256 = ? ORDER BY id",
        (sha256, sha256)))


def _problem(ledger: Ledger, item: _Stored, kind: str, detail: str) -> EvidenceProblem:
    where = str(ledger.evidence.path_for(item.sha256))
    return EvidenceProblem(kind, item.sha256, where, item.received_as,
                           documents_fed(ledger, item.sha256),
                           f"evidence {item.sha256[:12]} {kind}: {detail}")


def _chain_problems(ledger: Ledger, chain: ChainCheck) -> list[EvidenceProblem]:
    out = []
    for item in chain.breaks:
        row = None if item.seq is None else ledger._conn.execute(
            "SELECT sha256, document_id, action, at FROM custody WHERE seq = ?",
            (item.seq,)).fetchone()
        sha = row[0] if row is not None else None
        what = f"custody entry {item.seq}" if item.seq is not None else "custody log"
        if row is not None:
            what += f" ({row[2]} at {row[3]})"
        out.append(EvidenceProblem(
            "custody", sha, str(ledger.evidence.path_for(sha)) if sha else None, None,
            documents_fed(ledger, sha) if sha else (), f"{what}: {item.reason}", item.seq))
    return out


def _record(ledger: Ledger, report: VerifyReport, intact: Sequence[tuple[str, int, int]]) -> None:
    """Remember the files found intact (for --changed) and record the run."""
    now = utc_now()
    bad = sorted({p.sha256 for p in report.problems if p.kind != "custody" and p.sha256})
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        ledger._conn.executemany(
            "INSERT OR REPLACE INTO evidence_check (sha256, size, mtime_ns, checked_at, run_id) "
            "VALUES (?, ?, ?, ?, ?)", [(s, z, m, now, report.run_id) for s, z, m in intact])
        ledger._conn.executemany("DELETE FROM evidence_check WHERE sha256 = ?",
                                [(s,) for s in bad])
    chain = report.chain
    counts: dict[str, object] = {
        "files": report.files, "hashed": report.hashed, "unchanged": report.unchanged,
        "bytes": report.bytes, "seconds": round(report.seconds, 3),
        "problems": len(report.problems),
        "custody entries": chain.head.entries if chain else 0,
        "custody head": chain.head.hash if chain else None,
    }
    errors = [{"path": p.file or "custody", "locator": p.sha256, "reason": p.message}
              for p in report.problems]
    ledger.finish_run(report.run_id or 0, "finished" if report.ok else "finished with errors",
                      counts, errors)
