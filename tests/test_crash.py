"""Crash safety of `docket ingest` (issue 8): SIGKILL at random points, then a run that finishes.

Black-box on purpose: every command runs in its own process, as an analyst's would, against a
ledger in tmp_path, so the tests hold whatever the runner looks like inside. The ledger is then
read with sqlite3 directly (read-only), because what matters after a crash is what is on disk:
no document lost or doubled, no judgement lost, an intact database, and stories and incidents
derived for every document.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import docket_command, ledger_env

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"),
                                reason="SIGKILL does not exist on this platform")

ROUNDS = 6
SEED = 20230314
FOLDER = "articles"  # relative to the working directory, as an analyst types it


def docket(db: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*docket_command(), *args], cwd=cwd, env=ledger_env(db),
                          capture_output=True, text=True, timeout=120, check=False)


def start_ingest(db: Path, cwd: Path, workers: int | None = None) -> subprocess.Popen[bytes]:
    """`docket ingest FOLDER` in the background (with the default workers, or `workers`)."""
    extra = [] if workers is None else ["--workers", str(workers)]
    return subprocess.Popen([*docket_command(), "ingest", FOLDER, *extra], cwd=cwd,
                            env=ledger_env(db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = read_only(db)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def document_ids(db: Path) -> set[str]:
    return {str(row[0]) for row in query(db, "SELECT id FROM document")}


def pages(db: Path) -> Counter[tuple[str, str | None]]:
    """Documents per source (path and locator); segments cut from a page are not sources."""
    return Counter((str(p), None if loc is None else str(loc)) for p, loc in query(
        db, "SELECT path, locator FROM document WHERE segment_of IS NULL"))


def without_story(db: Path) -> set[str]:
    return {str(r[0]) for r in query(
        db, "SELECT id FROM document WHERE id NOT IN (SELECT document_id FROM story_member)")}


def max_run(db: Path) -> int:
    if not db.exists():
        return 0
    conn = read_only(db)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM run").fetchone()[0])
    finally:
        conn.close()


def wait_for_progress(process: subprocess.Popen[bytes], db: Path, after_run: int,
                      documents: int) -> bool:
    """Wait until the process has begun a run numbered above `after_run` and the ledger holds
    `documents` documents; False if the process ended (or a minute and a half went by) first."""
    deadline = time.monotonic() + 90
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if max_run(db) > after_run and len(document_ids(db)) >= documents:
                return True
        except sqlite3.Error:
            pass  # the ledger, or its tables, are being created
        time.sleep(0.01)
    return False


def add_judgements(db: Path, cwd: Path) -> tuple[str, str, str]:
    """An analyst confirms an event and joins two documents; return the ids judged."""
    events = [json.loads(line) for line in
              docket(db, cwd, "events", "--json").stdout.splitlines() if line.strip()]
    docs = [json.loads(line)["id"] for line in
            docket(db, cwd, "ls", "--json").stdout.splitlines() if line.strip()]
    assert events and len(docs) >= 2, "the fixture articles must yield events and documents"
    event, first, second = events[0]["id"], docs[0], docs[-1]
    for args in (("confirm", event), ("same", first, second)):
        done = docket(db, cwd, "judge", *args, "--by", "tester", "--why", "checked by phone")
        assert done.returncode == 0, done.stdout + done.stderr
    return event, first, second


def assert_evidence_intact(db: Path) -> None:
    """Every evidence row the ledger holds has its bytes, unchanged, in the evidence store."""
    root = db.with_suffix(".evidence")
    for (sha,) in query(db, "SELECT sha256 FROM evidence"):
        stored = root / str(sha)[:2] / str(sha)[2:4] / str(sha)
        assert stored.is_file(), f"evidence {sha} is in the ledger but not in the store"
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha


def run_blocks(db: Path, cwd: Path) -> dict[int, str]:
    """`docket runs` output, one block of text per run id."""
    done = docket(db, cwd, "runs", "--limit", "1000")
    assert done.returncode == 0, done.stderr
    blocks: dict[int, str] = {}
    current = 0
    for line in done.stdout.splitlines():
        if line.startswith("run ") and ":" in line:
            current = int(line[4:line.index(":")])
        blocks[current] = blocks.get(current, "") + line + "\n"
    return blocks


def test_ingest_killed_at_random_points_loses_and_doubles_nothing(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    write_articles(tmp_path / FOLDER, pages=40, lines=20)
    clean, crashed = tmp_path / "clean.db", tmp_path / "crash.db"
    done = docket(clean, tmp_path, "ingest", FOLDER, "--workers", "1")  # never killed
    assert done.returncode == 0, done.stdout + done.stderr
    expected = len(document_ids(clean))

    # A small part first, then an analyst's judgements the crashes must not touch.
    first_pages = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / FOLDER).glob("page_0*"))
    done = docket(crashed, tmp_path, "ingest", *first_pages[:6])
    assert done.returncode == 0, done.stdout + done.stderr
    event, first, second = add_judgements(crashed, tmp_path)
    judgements = set(query(crashed, "SELECT id, kind, subject, object, by, why FROM judgement"))
    assert len(judgements) == 2

    rng = random.Random(SEED)
    killed_runs: list[int] = []
    for round_number in range(ROUNDS):
        before, stored = max_run(crashed), len(document_ids(crashed))
        # A random point in the run's progress rather than in time (on a loaded machine the
        # imports alone can outlast a run): none stored yet kills it while the model loads;
        # the jitter lands the kill inside or between the writes of a document.
        target = stored + rng.randint(0, -(-(expected - stored) // 4))
        process = start_ingest(crashed, tmp_path, workers=1 + round_number % 2)
        if wait_for_progress(process, crashed, before, target):
            # Documents are written many a second; once all are, the link step takes longer.
            time.sleep(rng.uniform(0.0, 0.1 if target < expected else 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if process.returncode == -signal.SIGKILL:
            killed_runs += range(before + 1, max_run(crashed) + 1)
        assert query(crashed, "PRAGMA integrity_check") == [("ok",)]
    assert killed_runs, "no round killed a running ingest"
    assert len(document_ids(crashed)) > len(first_pages[:6]), "the killed runs stored nothing"

    final = docket(crashed, tmp_path, "ingest", FOLDER)
    assert final.returncode == 0, final.stdout + final.stderr

    # Nothing lost, nothing doubled: the same documents as a clean ingest, one per source.
    assert document_ids(crashed) == document_ids(clean)
    assert query(crashed, "SELECT id, count(*) FROM document GROUP BY id HAVING count(*) > 1") \
        == []
    assert pages(crashed) == pages(clean)
    assert set(pages(crashed).values()) == {1}
    assert_evidence_intact(crashed)
    assert query(crashed, "PRAGMA integrity_check") == [("ok",)]

    # Every judgement is still there, still applies, and still has its effect.
    assert set(query(crashed, "SELECT id, kind, subject, object, by, why FROM judgement")) \
        == judgements
    listed = [json.loads(line) for line in
              docket(crashed, tmp_path, "judge", "list", "--json").stdout.splitlines()]
    assert len(listed) == 2 and not any(row["orphaned"] for row in listed)
    reviews = {e["id"]: e["review"] for e in map(json.loads, docket(
        crashed, tmp_path, "events", "--json").stdout.splitlines())}
    assert (reviews[event] or {}).get("status") == "confirmed"

    # A killed run is shown as never finished (no end time); the last one as finished.
    blocks = run_blocks(crashed, tmp_path)
    for run_id in killed_runs:
        assert "-> …" in blocks[run_id] and " finished " not in blocks[run_id], blocks[run_id]
    assert " finished " in blocks[max(blocks)]

    # Stories and incidents are derived for every document and every event.
    missing = without_story(crashed)
    assert not missing, f"{len(missing)} documents belong to no story"
    story = {str(d): str(s) for d, s in
             query(crashed, "SELECT document_id, story_id FROM story_member")}
    assert story[first] == story[second]  # the analyst's 'same' holds after the crashes
    assert query(crashed, "SELECT id FROM event WHERE id NOT IN "
                          "(SELECT event_id FROM incident_member)") == []


def kill_once_stored(db: Path, cwd: Path, expected: int) -> bool:
    """Start an ingest and SIGKILL it the moment its last document is stored (the link step
    starts then); True if the kill landed before every document was linked."""
    process = start_ingest(db, cwd, workers=1)
    try:
        wait_for_progress(process, db, 0, expected)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    return process.returncode == -signal.SIGKILL and bool(without_story(db))


def test_kill_while_linking_then_rerun_links_all(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    # Once fixed (runner._finish linked only when a run stored something new): after a kill
    # in the link step, the next run found every document 'already present' and never linked.
    write_articles(tmp_path / FOLDER, pages=40, lines=20)
    expected = len(list((tmp_path / FOLDER).glob("page_*"))) + 20
    for attempt in range(3):  # a loaded machine may let the run finish before the kill
        db = tmp_path / f"crash{attempt}.db"
        if kill_once_stored(db, tmp_path, expected):
            break
    else:
        pytest.fail("three runs finished linking before they could be killed")
    assert len(document_ids(db)) == expected

    again = docket(db, tmp_path, "ingest", FOLDER)
    assert again.returncode == 0, again.stdout + again.stderr
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert without_story(db) == set()
    assert query(db, "SELECT id FROM event WHERE id NOT IN "
                     "(SELECT event_id FROM incident_member)") == []


def test_ctrl_c_ends_the_run_cleanly_and_names_the_command_that_finishes_it(
        tmp_path: Path, write_articles: Callable[..., Path]) -> None:
    # Issue 19: Ctrl-C printed a traceback from every worker and "Aborted!", with no word of
    # 'docket resume'. A terminal sends SIGINT to the whole process group: so does this test.
    import os

    write_articles(tmp_path / FOLDER, pages=40, lines=20)
    db = tmp_path / "ctrl-c.db"
    for _ in range(3):  # a loaded machine may finish the run before the signal lands
        process = subprocess.Popen([*docket_command(), "ingest", FOLDER, "--workers", "2"],
                                   cwd=tmp_path, env=ledger_env(db), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        before = max_run(db)
        wait_for_progress(process, db, before, (len(document_ids(db)) if db.exists() else 0) + 3)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
        if process.returncode != 0:
            break
    assert process.returncode == 130, err
    run_id = max_run(db)
    assert f"docket resume {run_id}" in err and "Traceback" not in err, err
    assert "documents it stored are kept" in err

    finished = docket(db, tmp_path, "resume")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    expected = len(list((tmp_path / FOLDER).glob("page_*"))) + 20  # as the other tests count
    assert len(document_ids(db)) == expected
    assert not without_story(db)
    assert f"resumed by run {run_id + 1}" in run_blocks(db, tmp_path)[run_id]
    assert "error: None" not in docket(db, tmp_path, "runs").stdout
