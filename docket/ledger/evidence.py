"""The evidence store: raw input bytes kept unchanged, addressed by their SHA-256.

Layout: `<root>/<sha[:2]>/<sha[2:4]>/<sha>`, one read-only file per distinct byte string.
Files are written to a temporary name and renamed, so a crash never leaves a partial file under
a real hash; an orphan file (stored but never committed to the ledger) is harmless because the
next run that meets the same bytes finds it already there.

Nothing is read from the store without being hashed first (issue 17): `read` hashes the bytes
it returns and raises `EvidenceError` when they no longer hash to their name, so an altered or
missing file fails the one document it feeds with a message that says so, instead of being
analysed, exported or bundled. Storing bytes whose file is already there checks that file too:
an altered copy is replaced by the bytes being stored (which hash to the name by construction),
and the caller learns it was a repair, to log it in the custody log.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from docket.errors import EvidenceError, StorageFull

_CHUNK = 1024 * 1024
# Errors that mean "no room", not "this input is bad": the run stops instead of failing every
# later input the same way.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# Temporary files of the store start with this; they are never evidence.
INCOMING_PREFIX = ".incoming-"
REPAIR_ADVICE = ("re-ingest the original to repair it (its hash is checked first), or restore "
                 "it from a backup; 'docket verify' lists every damaged file")


def no_room(exc: BaseException) -> bool:
    """True for an OSError that says the disk (or the user's quota) is full."""
    return isinstance(exc, OSError) and exc.errno in _NO_ROOM


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of the file at `path`, read in chunks (raises OSError)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb", buffering=0) as handle:
        buffer = bytearray(_CHUNK)
        view = memoryview(buffer)
        while count := handle.readinto(buffer):
            digest.update(view[:count])
            size += count
    return digest.hexdigest(), size


@dataclass(frozen=True)
class Placed:
    """What storing bytes found: `new` (no file was there), `present` (an intact copy was) or
    `repaired` (a copy that was missing its bytes or altered was replaced; `problem` says how
    it was damaged)."""

    sha256: str
    size: int
    outcome: str
    problem: str | None = None


@dataclass(frozen=True)
class Received:
    """A stream copied into the store while hashed (`EvidenceStore.receive`): where it went,
    and `handle`, open on exactly the bytes that were hashed, for reading its records."""

    placed: Placed
    handle: BinaryIO

    @property
    def sha256(self) -> str:
        return self.placed.sha256

    @property
    def size(self) -> int:
        return self.placed.size


class EvidenceStore:
    """Content-addressed, write-once storage of raw bytes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def check(self, sha256: str) -> str | None:
        """Why the stored file cannot be used (missing, unreadable, altered), or None when it
        still hashes to its name."""
        where = self.path_for(sha256)
        try:
            digest, _ = hash_file(where)
        except FileNotFoundError:
            return f"evidence {sha256[:12]} missing: {where} is gone"
        except OSError as exc:
            return f"evidence {sha256[:12]} unreadable: {exc.strerror or exc} ({where})"
        if digest != sha256:
            return _altered(sha256, where)
        return None

    def verify(self, sha256: str) -> bool:
        """True if the stored file still hashes to its name."""
        return self.check(sha256) is None

    def read(self, sha256: str) -> bytes:
        """The stored bytes, hashed before they are handed out; `EvidenceError` if they are
        missing, unreadable or no longer hash to their name."""
        where = self.path_for(sha256)
        try:
            data = where.read_bytes()
        except FileNotFoundError as exc:
            raise EvidenceError(f"evidence {sha256[:12]} missing: {where} is gone; "
                                f"{REPAIR_ADVICE}") from exc
        except OSError as exc:
            raise EvidenceError(f"evidence {sha256[:12]} unreadable: {exc.strerror or exc} "
                                f"({where})") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise EvidenceError(f"{_altered(sha256, where)}; {REPAIR_ADVICE}")
        return data

    def put_bytes(self, data: bytes) -> Placed:
        """Store `data` under its hash; an intact copy already there is kept, a damaged one is
        replaced (the outcome says which)."""
        sha = hashlib.sha256(data).hexdigest()
        problem = None
        if os.path.lexists(self.path_for(sha)):
            problem = self.check(sha)
            if problem is None:
                return Placed(sha, len(data), "present")
        with self._incoming() as (handle, tmp):
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            self._install(tmp, sha)
        return Placed(sha, len(data), "repaired" if problem else "new", problem)

    @contextmanager
    def receive(self, source: BinaryIO) -> Iterator[Received]:
        """Copy a stream into the store while hashing it, and yield a handle on the copy.

        The handle reads the very bytes that were hashed, whatever happens to the store's file
        meanwhile: a container's records are read from it, never from a stored copy someone may
        have altered (issue 17). When the file under that hash was already there it is checked:
        intact, it is kept; damaged, it is replaced by this copy (`outcome` 'repaired').
        """
        with self._incoming() as (handle, tmp):
            digest = hashlib.sha256()
            size = 0
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                handle.write(chunk)
                size += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            sha = digest.hexdigest()
            with tmp.open("rb") as reader:  # open before the rename: it follows the inode
                problem = None
                if os.path.lexists(self.path_for(sha)):
                    problem = self.check(sha)
                if problem is None and os.path.lexists(self.path_for(sha)):
                    placed = Placed(sha, size, "present")
                else:
                    self._install(tmp, sha)
                    placed = Placed(sha, size, "repaired" if problem else "new", problem)
                yield Received(placed, reader)

    def purge(self, sha256: str) -> bool:
        """Delete stored bytes for good (only `docket purge` calls this); True if they existed."""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        path.chmod(0o600)  # stored files are read-only
        path.unlink()
        return True

    def _install(self, tmp: Path, sha256: str) -> None:
        """Rename the temporary file (already fsynced) to its hash, read-only; a damaged file
        of that name is replaced."""
        target = self.path_for(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(tmp, 0o444)
        os.replace(tmp, target)

    @contextmanager
    def _incoming(self) -> Iterator[tuple[BinaryIO, Path]]:
        """A temporary file in the store, removed afterwards unless it was installed."""
        tmp: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=INCOMING_PREFIX)
            tmp = Path(tmp_name)
            with os.fdopen(fd, "wb") as handle:
                yield handle, tmp
        except OSError as exc:
            if no_room(exc):
                raise StorageFull(f"no room to store evidence in {self.root} ({exc.strerror}): "
                                  "free some space, then run 'docket resume'") from exc
            raise
        finally:
            if tmp is not None and tmp.exists():
                tmp.unlink()


def _altered(sha256: str, where: Path) -> str:
    return (f"evidence {sha256[:12]} altered: hash mismatch (the bytes in {where} no longer "
            "hash to their name)")
