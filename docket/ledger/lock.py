"""One writer per ledger: an exclusive lock on `<ledger>.lock`, held for a whole run.

SQLite serialises single transactions, but a run is thousands of them: two `docket ingest`
runs on one ledger both found the same documents new, analysed them twice and logged 282 false
"reprocessed" and 10 double "processed" custody entries (issue 14). So every command that runs
the pipeline or the link step (ingest, reprocess, resume, restore, link) holds an advisory lock
on a file beside the ledger from before its run begins until the run is recorded as ended. A
second such command waits up to `writer_wait_seconds` (default 0: not at all) and is then
refused with `LedgerBusy`, which names the run that holds the lock.

Short writes (a judgement, a user, a withdrawal) do not take the lock: each is one transaction,
and SQLite's busy timeout lets it in between a run's documents. Readers never take it.

The lock is `flock` (POSIX) or `msvcrt.locking` (Windows) on an open file: the operating system
drops it when the process ends however it ends, so a killed run never leaves a stale lock
behind. The file itself is not removed (removing it would let two processes lock two different
files of one name); what it holds (pid, command, start, run id) only serves the message. Where
the file system cannot lock, the run goes on with a warning, as before this lock existed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docket.errors import LedgerError
from docket.settings import Settings

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# Exit status of a command refused because another run holds the ledger: BSD's EX_TEMPFAIL,
# "try again later", so a scheduler can tell it from a failed run (1).
EXIT_BUSY = 75
_POLL = 0.2  # seconds between attempts while waiting
# Where msvcrt locks a byte: past the holder's description, which stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20
_BUSY_ERRNOS = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)


class LedgerBusy(LedgerError):
    """Another Docket run is writing this ledger; wait for it to finish, or pass --wait."""

    exit_code = EXIT_BUSY


def lock_path(db: Path) -> Path:
    """The lock file of a ledger: `<ledger>.lock` beside it (docket.db -> docket.db.lock)."""
    return db.with_name(db.name + ".lock")


class WriterLock:
    """The lock, held: `exclusive` is False when this file system or platform cannot lock."""

    def __init__(self, path: Path, fd: int | None, command: str) -> None:
        self.path = path
        self.exclusive = fd is not None
        self._fd = fd
        self._holder: dict[str, Any] = {"pid": os.getpid(), "command": command,
                                        "started": _now(), "run": None}
        self._describe()

    def note_run(self, run_id: int) -> None:
        """Name the run this lock is held for, so a refused command can say which one."""
        self._holder["run"] = run_id
        self._describe()

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Closing the file drops the lock; unlocking first makes the order plain on Windows.
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def _describe(self) -> None:
        if self._fd is None:
            return
        data = json.dumps(self._holder).encode()
        with contextlib.suppress(OSError):  # only the message depends on it
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, data)


def acquire(settings: Settings, command: str, *, wait: float | None = None) -> WriterLock:
    """Take the ledger's writer lock for `command`, waiting up to `wait` seconds (default: the
    setting `writer_wait_seconds`); raise LedgerBusy naming the holder when it stays taken."""
    path = lock_path(Path(settings.db))
    wait = settings.writer_wait_seconds if wait is None else wait
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    told = False
    try:
        while True:
            try:
                _lock(fd)
                return WriterLock(path, fd, command)
            except OSError as exc:
                if exc.errno not in _BUSY_ERRNOS:
                    # ENOLCK, EOPNOTSUPP, ENOSYS: a file system that cannot lock (some network
                    # and FUSE mounts). Refusing every run there would help nobody.
                    os.close(fd)
                    log.warning("cannot lock %s (%s): nothing stops a second Docket run from "
                                "writing this ledger at the same time", path,
                                exc.strerror or exc)
                    return WriterLock(path, None, command)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.close(fd)
                raise LedgerBusy(busy_message(path, wait))
            if not told:
                log.warning("waiting up to %g s for %s to finish writing this ledger", wait,
                            _describe_holder(read_holder(path)))
                told = True
            time.sleep(min(_POLL, remaining))
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise


def try_acquire(settings: Settings, command: str) -> WriterLock | None:
    """The lock if it is free now, else None (for work that can be left to the running run)."""
    try:
        return acquire(settings, command, wait=0)
    except LedgerBusy:
        return None


@contextlib.contextmanager
def writer_lock(settings: Settings, command: str, *,
                wait: float | None = None) -> Iterator[WriterLock]:
    """`acquire` as a context manager: the lock is released when the block ends."""
    held = acquire(settings, command, wait=wait)
    try:
        yield held
    finally:
        held.release()


def read_holder(path: Path) -> dict[str, Any]:
    """What the holder wrote in the lock file (pid, command, started, run); {} if unreadable."""
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(4096).decode("utf-8"))
    except (OSError, ValueError):  # being rewritten, or locked against reading (Windows)
        return {}
    return data if isinstance(data, dict) else {}


def busy_message(path: Path, waited: float = 0) -> str:
    holder = _describe_holder(read_holder(path))
    after = f" and still was after {waited:g} s" if waited else ""
    return (f"{holder} is writing this ledger{after}; let it finish, or wait for it with "
            f"--wait SECONDS (setting writer_wait_seconds); lock file {path}")


def _describe_holder(holder: dict[str, Any]) -> str:
    # Only numbers, the command's first word and a time reach the message: the command line
    # can hold file names with terminal escapes in them.
    parts = []
    if isinstance(holder.get("run"), int):
        parts.append(f"run {holder['run']}")
    if isinstance(holder.get("pid"), int):
        parts.append(f"pid {holder['pid']}")
    if isinstance(holder.get("started"), str) and len(holder["started"]) <= 40:
        parts.append(f"started {holder['started']}")
    command = str(holder.get("command") or "").split(" ")[0]
    name = f"'docket {command}'" if command.isidentifier() else "Docket command"
    return f"another {name} ({', '.join(parts)})" if parts else f"another {name}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    elif msvcrt is not None:  # pragma: no cover - Windows
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:  # Windows says EACCES or EDEADLOCK for "taken"
            raise OSError(errno.EACCES, "locked") from exc
    else:  # pragma: no cover - neither platform
        raise OSError(errno.ENOSYS, "no file locking on this platform")


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:  # pragma: no cover - Windows
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
