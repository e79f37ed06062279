"""The evidence store: raw input bytes kept unchanged, addressed by their SHA-256.

Layout: `<root>/<sha[:2]>/<sha[2:4]>/<sha>`, one read-only file per distinct byte string.
Files are written to a temporary name and renamed, so a crash never leaves a partial file under
a real hash; an orphan file (stored but never committed to the ledger) is harmless because the
next run that meets the same bytes finds it already there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from docket.errors import StorageFull

_CHUNK = 1024 * 1024
# Errors that mean "no room", not "this input is bad": the run stops instead of failing every
# later input the same way.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def no_room(exc: BaseException) -> bool:
    """True for an OSError that says the disk (or the user's quota) is full."""
    return isinstance(exc, OSError) and exc.errno in _NO_ROOM


class EvidenceStore:
    """Content-addressed, write-once storage of raw bytes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not self.has(sha):
            with self._writer() as (handle, finish):
                handle.write(data)
                finish(sha)
        return sha

    def put_stream(self, source: BinaryIO) -> tuple[str, int]:
        """Copy a stream into the store while hashing it; return (sha256, size)."""
        digest = hashlib.sha256()
        size = 0
        with self._writer() as (handle, finish):
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                handle.write(chunk)
                size += len(chunk)
            finish(digest.hexdigest())
        return digest.hexdigest(), size

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def purge(self, sha256: str) -> bool:
        """Delete stored bytes for good (only `docket purge` calls this); True if they existed."""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        path.chmod(0o600)  # stored files are read-only
        path.unlink()
        return True

    def verify(self, sha256: str) -> bool:
        """True if the stored file still hashes to its name."""
        digest = hashlib.sha256()
        with self.open(sha256) as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    @contextmanager
    def _writer(self) -> Iterator[tuple[BinaryIO, _Finisher]]:
        tmp: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
            tmp = Path(tmp_name)
            finisher = _Finisher(self, tmp)
            with os.fdopen(fd, "wb") as handle:
                yield handle, finisher
                handle.flush()
                os.fsync(handle.fileno())
            finisher.commit()
        except OSError as exc:
            if no_room(exc):
                raise StorageFull(f"no room to store evidence in {self.root} ({exc.strerror}): "
                                  "free some space, then run 'docket resume'") from exc
            raise
        finally:
            if tmp is not None and tmp.exists():
                tmp.unlink()


class _Finisher:
    """Names the temporary file once its hash is known; the rename happens after fsync."""

    def __init__(self, store: EvidenceStore, tmp: Path) -> None:
        self.store, self.tmp, self.sha256 = store, tmp, ""

    def __call__(self, sha256: str) -> None:
        self.sha256 = sha256

    def commit(self) -> None:
        target = self.store.path_for(self.sha256)
        if target.exists():
            return  # same bytes already stored; the temporary copy is dropped
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.tmp, 0o444)
        os.replace(self.tmp, target)
