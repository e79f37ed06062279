"""`docket serve` and `docket ingest` at once on one ledger (issue 8): no errors, no lock-ups.

The ledger is SQLite in WAL mode with a single writer: the workbench reads while an ingest
writes. Black-box: the server and the ingest are separate processes started through the CLI,
and a thread requests the workbench's pages for as long as the ingest runs.
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from cli_process import docket_command, ledger_env

from docket.model import stable_id


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def text_document_id(path: Path) -> str:
    """The id a .txt file gets: its bytes' hash (docket.model.Record.document_id)."""
    return stable_id("doc", hashlib.sha256(path.read_bytes()).hexdigest())


def wait_until_serving(base: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"docket serve exited with {server.returncode} before serving")
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"docket serve did not answer within {seconds} s")


class PageReader(threading.Thread):
    """Requests the workbench's pages in a loop until stopped; keeps every status it got."""

    def __init__(self, base: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.stop = threading.Event()
        self.statuses: list[tuple[str, int]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30, follow_redirects=False) as client:
            while not self.stop.is_set():
                for path in self.paths:
                    try:
                        self.statuses.append((path, client.get(path).status_code))
                    except httpx.HTTPError as exc:
                        self.errors.append(f"{path}: {exc!r}")


def test_workbench_serves_while_an_ingest_writes(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    db = tmp_path / "ledger.db"
    env = ledger_env(db)
    first = write_articles(tmp_path / "first", pages=4, lines=0)
    more = write_articles(tmp_path / "more", pages=26, lines=6, first=100)
    seeded = subprocess.run([*docket_command(), "ingest", "first"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    old_doc = text_document_id(first / "page_00.txt")
    new_doc = text_document_id(more / "page_100.txt")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as server_log:
        server = subprocess.Popen([*docket_command(), "serve", "--port", str(port)],
                                  cwd=tmp_path, env=env, stdout=server_log, stderr=server_log)
    reader = PageReader(base, ["/", "/incidents", "/search?q=shelling",
                               f"/documents/{old_doc}", "/search?q=Report%20number%20101"])
    try:
        wait_until_serving(base, server)
        reader.start()
        ingest = subprocess.run([*docket_command(), "ingest", "more"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=120, check=False)
        during = len(reader.statuses)
        reader.stop.set()
        reader.join(timeout=40)

        after_doc = httpx.get(f"{base}/documents/{new_doc}", timeout=30)
        after_search = httpx.get(f"{base}/search", params={"q": "Report number 100"}, timeout=30)
    finally:
        reader.stop.set()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    output = log.read_text(encoding="utf-8", errors="replace")

    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        status, errors = conn.execute("SELECT status, errors FROM run ORDER BY id DESC").fetchone()
    finally:
        conn.close()
    assert (status, errors) == ("finished", "[]")

    assert during >= 10, f"only {during} requests overlapped the ingest"
    assert not reader.errors, reader.errors[:5]
    bad = [(path, code) for path, code in reader.statuses if code >= 400]
    assert not bad, bad[:10]  # 2xx, or a redirect (none of these pages redirects today)
    assert "database is locked" not in output, output[-2000:]
    assert "Traceback" not in output and "Exception in ASGI" not in output, output[-2000:]

    # The new documents are on the workbench once the ingest is done.
    assert after_doc.status_code == 200
    assert "Report number 100" in after_doc.text
    assert after_search.status_code == 200 and f"/documents/{new_doc}" in after_search.text
