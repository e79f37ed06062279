"""One writer per ledger (issue 14): a second run is refused while one writes, never doubled.

Two `docket ingest` runs on one ledger both processed the same documents (282 false
"reprocessed" and 10 double "processed" custody entries). The lock lives in
docket/ledger/lock.py; here it is held by another process (a run, or a small holder), the
commands are run as an analyst would, and the custody log is read back. No test measures time:
a running ingest is paused with SIGSTOP where the test needs it to be mid-run.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_process import docket_command, ledger_env
from click.testing import CliRunner

from docket.cli import main
from docket.ledger import lock
from docket.ledger.lock import EXIT_BUSY, LedgerBusy, acquire, lock_path
from docket.ledger.store import Ledger
from docket.model import Record
from docket.settings import Settings
from docket.workflows.parallel import Analysed
from docket.workflows.runner import QuietReporter, RunSummary, _store_result, ingest_paths

posix_only = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"),
                                reason="SIGSTOP and SIGKILL do not exist on this platform")

# A process that takes the ledger's writer lock as run `argv[2]`, says so, and keeps it until
# its standard input closes (or it is killed).
HOLDER = """
import sys
from pathlib import Path
from docket.ledger.lock import acquire
from docket.settings import Settings
held = acquire(Settings(db=Path(sys.argv[1])), "ingest")
held.note_run(int(sys.argv[2]))
print("held", flush=True)
sys.stdin.read()
"""


@contextmanager
def held_by_another_process(db: Path, run_id: int = 41) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(run_id)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        yield process
    finally:
        if process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()
        process.wait(timeout=30)


def custody_actions(db: Path) -> dict[str, list[str]]:
    """Per document, its 'processed' and 'reprocessed' custody entries, in order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute("SELECT document_id, action FROM custody WHERE action IN "
                            "('processed', 'reprocessed') ORDER BY seq").fetchall()
        documents = [r[0] for r in conn.execute("SELECT id FROM document WHERE segment_of "
                                                "IS NULL")]
    finally:
        conn.close()
    actions: dict[str, list[str]] = {doc: [] for doc in documents}
    for doc, action in rows:
        actions.setdefault(doc, []).append(action)
    return actions


def runs(db: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return [(int(i), str(s)) for i, s in conn.execute("SELECT id, status FROM run "
                                                          "ORDER BY id")]
    finally:
        conn.close()


def docket(db: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*docket_command(), *args], cwd=cwd, env=ledger_env(db),
                          capture_output=True, text=True, timeout=180, check=False)


def wait_for_run(process: subprocess.Popen[bytes], db: Path, run_id: int) -> None:
    """Until the process has recorded run `run_id` (it holds the lock from before that)."""
    while process.poll() is None:
        try:
            if any(i == run_id for i, _ in runs(db)):
                return
        except sqlite3.Error:
            pass  # the ledger is being created
        time.sleep(0.02)
    pytest.fail(f"the run ended (status {process.returncode}) before it was seen running")


# -- the lock itself ------------------------------------------------------------------------


def test_a_second_writer_is_refused_with_the_holder_named(settings: Settings) -> None:
    first = acquire(settings, "ingest")
    first.note_run(7)
    try:
        with pytest.raises(LedgerBusy) as refused:
            acquire(settings, "reprocess")
        message = str(refused.value)
        assert message.startswith(f"another 'docket ingest' (run 7, pid {os.getpid()}, started ")
        assert "--wait SECONDS" in message and str(lock_path(settings.db)) in message
        assert refused.value.exit_code == EXIT_BUSY
    finally:
        first.release()
    acquire(settings, "reprocess").release()  # free again once the first is done
    assert lock_path(settings.db).name == "docket.db.lock"


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(settings: Settings) -> None:
    first = acquire(settings, "ingest")
    releaser = threading.Timer(0.3, first.release)
    releaser.start()
    try:
        second = acquire(settings, "ingest", wait=120)  # returns as soon as it is free
    finally:
        releaser.join()
    assert second.exclusive
    second.release()


def test_without_file_locking_runs_go_on_with_a_warning(
        settings: Settings, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(lock, "fcntl", None)  # a platform with neither flock nor msvcrt
    monkeypatch.setattr(lock, "msvcrt", None)
    with caplog.at_level(logging.WARNING, logger="docket.ledger.lock"):
        first, second = acquire(settings, "ingest"), acquire(settings, "ingest")
    assert not first.exclusive and not second.exclusive
    assert "nothing stops a second Docket run" in caplog.text
    first.release()
    second.release()


def test_a_killed_holder_leaves_no_lock_behind(settings: Settings) -> None:
    with held_by_another_process(settings.db) as holder:
        with pytest.raises(LedgerBusy, match=f"run 41, pid {holder.pid}"):
            acquire(settings, "ingest")
        holder.kill()  # SIGKILL on POSIX: no chance to clean up
        holder.wait(timeout=30)
        acquire(settings, "ingest").release()  # at once, without waiting
    assert lock_path(settings.db).exists()  # the file stays; only the lock went


# -- runs -----------------------------------------------------------------------------------


def test_a_run_is_refused_before_it_records_anything(
        ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Shelling hits Ozerne\n\nShells struck Ozerne on Monday.\n", encoding="utf-8")
    with held_by_another_process(settings.db), pytest.raises(LedgerBusy, match="run 41"):
        ingest_paths(ledger, [page], settings)
    assert ledger.runs() == []
    assert ledger._conn.execute("SELECT count(*) FROM custody").fetchone()[0] == 0


def test_a_document_stored_meanwhile_is_seen_again_not_reprocessed(
        ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    # Where nothing can lock, another writer can store a document between this run's "is it
    # new?" and its own store: that is a copy seen again, not work this run did.
    page = tmp_path / "page.txt"
    page.write_text("Shelling hits Ozerne\n\nShells struck Ozerne on Monday, the governor "
                    "said.\n", encoding="utf-8")
    ingest_paths(ledger, [page], settings)
    record = Record("text", page.read_bytes(), "page.txt")
    doc = ledger.get_document(record.document_id)
    assert doc is not None
    late = RunSummary(run_id=ledger.begin_run("ingest page.txt"))
    _store_result(ledger, record, Analysed(documents=(doc,)), late, QuietReporter())
    actions = [row["action"] for row in ledger.custody_log(record.sha256)]
    assert actions.count("processed") == 1 and "reprocessed" not in actions
    assert actions[-1] == "seen_again" and late.counts["already present"] == 1
    forced = RunSummary(run_id=ledger.begin_run("ingest --force page.txt"))
    _store_result(ledger, record, Analysed(documents=(doc,)), forced, QuietReporter(),
                  force=True)
    assert ledger.custody_log(record.sha256)[-1]["action"] == "reprocessed"


def test_short_writes_go_on_while_a_run_holds_the_ledger(
        ledger: Ledger, settings: Settings, examples: Path) -> None:
    ingest_paths(ledger, [examples / "text"], settings)
    event = next(iter(ledger.event_records()))["id"]
    doc = next(d for d in ledger.iter_documents() if "kivsharivka" in d.source.path)
    appeal = next(n for n, s in enumerate(doc.removed, start=1) if s.reason == "appeal")
    db = ["--db", str(settings.db)]
    runner = CliRunner()
    with held_by_another_process(settings.db, run_id=41):
        judged = runner.invoke(main, ["judge", "confirm", event, "--by", "analyst", *db])
        assert judged.exit_code == 0, judged.output
        assert "another run is writing this ledger" in " ".join(judged.output.split())
        assert ledger.link_pending_count() > 0  # left for the run's link step

        for args in (["link"], ["reprocess", "--all"], ["resume"], ["ingest", str(examples)],
                     ["restore", doc.id, str(appeal), "--by", "analyst"]):
            refused = runner.invoke(main, [*args, *db])
            assert refused.exit_code == EXIT_BUSY, (args, refused.output)
            assert "another 'docket ingest' (run 41, pid" in refused.output, refused.output
        # The refused restore recorded nothing: no judgement, no custody entry.
        assert [j["kind"] for j in ledger.judgements()] == ["confirm"]
        assert "restore_judgement" not in {r["action"] for r in
                                           ledger.custody_log(doc.source.sha256)}
    linked = runner.invoke(main, ["link", *db])
    assert linked.exit_code == 0, linked.output
    assert ledger.link_pending_count() == 0
    reviewed = {e["id"]: e["review"] for e in ledger.event_records()}
    assert (reviewed[event] or {}).get("status") == "confirmed"


@posix_only
def test_two_ingests_on_one_ledger_process_each_document_once(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    db = tmp_path / "ledger.db"
    write_articles(tmp_path / "articles", pages=12, lines=6)
    first = subprocess.Popen([*docket_command(), "ingest", "articles", "--workers", "1"],
                             cwd=tmp_path, env=ledger_env(db), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_for_run(first, db, 1)  # the ledger and its tables exist by then
        first.send_signal(signal.SIGSTOP)  # mid-run, whatever the machine's speed
        try:
            second = docket(db, tmp_path, "ingest", "articles")
            resumed = docket(db, tmp_path, "resume")
        finally:
            first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=300) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=30)
    for refused in (second, resumed):
        assert refused.returncode == EXIT_BUSY, refused.stdout + refused.stderr
        line = " ".join(refused.stderr.split())
        assert f"another 'docket ingest' (run 1, pid {first.pid}, started " in line, line
        assert "is writing this ledger" in line and "--wait SECONDS" in line

    after = docket(db, tmp_path, "ingest", "articles")  # now it runs, and finds nothing new
    assert after.returncode == 0, after.stdout + after.stderr
    assert runs(db) == [(1, "finished"), (2, "finished")]  # the refused ones left no run
    actions = custody_actions(db)
    assert len(actions) == 12 + 6
    assert all(done == ["processed"] for done in actions.values()), actions


@posix_only
def test_a_killed_run_does_not_block_resume(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    db = tmp_path / "ledger.db"
    write_articles(tmp_path / "articles", pages=6, lines=2)
    killed = subprocess.Popen([*docket_command(), "ingest", "articles", "--workers", "1"],
                              cwd=tmp_path, env=ledger_env(db), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for_run(killed, db, 1)
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL

    resumed = docket(db, tmp_path, "resume")  # no --wait: a dead run's lock is gone
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert runs(db) == [(1, "interrupted"), (2, "finished")]
    actions = custody_actions(db)
    assert len(actions) == 6 + 2
    assert all(done == ["processed"] for done in actions.values()), actions
