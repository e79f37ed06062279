"""Evidence you can defend (issue 17): `docket verify`, readers that refuse altered bytes, and
re-ingest that repairs a damaged stored copy from the original.

The texts are short fictional reports written for these tests.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from docket.cli import main
from docket.errors import DocketError
from docket.ledger.export_bundle import export_bundle
from docket.ledger.export_ftm import export_ftm
from docket.ledger.store import Ledger
from docket.ledger.verify import verify_ledger
from docket.model import Document
from docket.settings import Settings
from docket.web.app import create_app
from docket.workflows.runner import RunSummary, ingest_paths, reprocess, resume_run

PAGE = ("<html><head><title>Depot fire in Ostrivka</title></head><body><h1>Depot fire in "
        "Ostrivka</h1><article><p>A drone struck a fuel depot in the village of Ostrivka on "
        "Tuesday night, the district administration said. Two workers were wounded.</p>"
        "</article></body></html>")
NOTE = ("Shelling in Lisnyky\n\nArtillery shells hit the village of Lisnyky on Sunday morning, "
        "damaging four houses, the regional governor said. Nobody was hurt.\n")
WIRE = [
    {"url": "https://wire.example.org/1", "title": "School damaged in Pidhirne",
     "published": "2023-04-02",
     "text": "A missile damaged a school in Pidhirne on Saturday, police said. The building "
             "was empty at the time."},
    {"url": "https://wire.example.org/2", "title": "Bridge hit near Zarichne",
     "published": "2023-04-03",
     "text": "A bridge near Zarichne was hit by rockets on Sunday, the mayor said. Traffic "
             "was stopped for the day."},
]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "depot.html").write_text(PAGE, encoding="utf-8")
    (folder / "lisnyky.txt").write_text(NOTE, encoding="utf-8")
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as out:
        for line in WIRE:
            out.write(json.dumps(line) + "\n")
    return folder


def _ingest(ledger: Ledger, settings: Settings, *paths: Path, force: bool = False) -> RunSummary:
    summary = ingest_paths(ledger, list(paths), settings, force=force)
    assert summary.ok, summary.failures
    return summary


def _docs(ledger: Ledger) -> dict[str, Document]:
    return {Path(d.source.path).name + (f" {d.source.locator}" if d.source.locator else ""): d
            for d in ledger.iter_documents()}


def _alter(ledger: Ledger, sha256: str, old: bytes, new: bytes, *, keep_time: bool = False) -> Path:
    """Change bytes of a stored file in place, as someone with the folder could."""
    path = ledger.evidence.path_for(sha256)
    stat = path.stat()
    path.chmod(0o644)
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    path.chmod(0o444)
    if keep_time:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return path


def _custody_actions(ledger: Ledger, run_id: int) -> list[str]:
    return [r[0] for r in ledger._conn.execute(
        "SELECT action FROM custody WHERE run_id = ? ORDER BY seq", (run_id,))]


def _verify_cli(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", "--db", str(settings.db), *args])
    return result.exit_code, result.output


# -- docket verify ---------------------------------------------------------------------------


def test_verify_passes_a_sound_ledger_and_prints_the_chain_head(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    code, output = _verify_cli(settings)
    assert code == 0, output
    assert "OK: every stored file hashes to its name and the custody chain holds" in output
    head = ledger._conn.execute(
        "SELECT entry_hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert f"head {head}" in output and "MB/s" in output
    # The check is recorded: 'docket runs' shows it, and --changed knows what it found intact.
    run = ledger.runs(1)[0]
    assert run["command"] == "verify" and run["status"] == "finished"
    counts = json.loads(run["counts"])
    assert counts["problems"] == 0 and counts["custody head"] == head
    assert counts["hashed"] == counts["files"] == 5  # 2 pages, the jsonl and its 2 lines


def test_an_altered_file_is_caught_by_verify_and_refused_by_every_reader(
        ledger: Ledger, settings: Settings, inbox: Path, tmp_path: Path) -> None:
    _ingest(ledger, settings, inbox)
    docs = _docs(ledger)
    page, note = docs["depot.html"], docs["lisnyky.txt"]
    _alter(ledger, page.source.sha256, b"Two workers", b"Ten workers")
    gone = ledger.evidence.path_for(note.source.sha256)
    gone.unlink()

    # verify: every problem at once, with the file and the documents it feeds; exit 1.
    code, output = _verify_cli(settings)
    assert code == 1
    assert f"evidence {page.source.sha256[:12]} altered: hash mismatch" in output
    assert f"evidence {note.source.sha256[:12]} missing" in output
    assert page.id in output and note.id in output
    assert "first received as" in output and "depot.html" in output
    assert "2 problem(s) found" in output

    # reprocess: one clear failure per document, never a crash; the others go on.
    summary = reprocess(ledger, settings)
    reasons = {f.path: f.reason for f in summary.failures}
    assert set(reasons) == {page.id, note.id}
    assert "altered: hash mismatch" in reasons[page.id]
    assert "missing" in reasons[note.id] and "re-ingest the original" in reasons[note.id]
    assert summary.counts["reprocessed"] == 2  # the two JSONL records

    # the bundle: refused, naming every damaged file, nothing written.
    with pytest.raises(DocketError) as refused:
        export_bundle(ledger, tmp_path / "b.zip", flt=None)
    assert "2 evidence file(s) cannot be bundled" in str(refused.value)
    assert page.source.sha256[:12] in str(refused.value)
    assert not (tmp_path / "b.zip").exists()

    # FollowTheMoney, which hashes the bytes for contentHash: refused too.
    with pytest.raises(DocketError, match="altered"):
        export_ftm(ledger, io.StringIO())

    # the workbench's raw view: 409 with the reason, never the altered bytes nor a 500.
    client = TestClient(create_app(settings))
    answer = client.get(f"/documents/{page.id}/evidence")
    assert answer.status_code == 409 and "altered: hash mismatch" in answer.text
    assert "Ten workers" not in answer.text
    assert client.get(f"/documents/{note.id}/evidence").status_code == 409
    fine = docs["wire.jsonl line 1"]
    raw = client.get(f"/documents/{fine.id}/evidence")
    assert raw.status_code == 200 and raw.headers["content-type"] == "application/octet-stream"
    assert raw.content == json.dumps(WIRE[0]).encode()
    assert "attachment" in raw.headers["content-disposition"]

    # show: says the bytes behind it are damaged.
    shown = CliRunner().invoke(main, ["show", page.id, "--db", str(settings.db)])
    assert "DAMAGED" in shown.output and "altered" in shown.output


@pytest.mark.parametrize("force", [False, True])
def test_reingest_repairs_a_damaged_copy_from_the_original_and_logs_it(
        ledger: Ledger, settings: Settings, inbox: Path, force: bool) -> None:
    _ingest(ledger, settings, inbox)
    page = _docs(ledger)["depot.html"]
    path = _alter(ledger, page.source.sha256, b"Two workers", b"Ten workers")
    again = ingest_paths(ledger, [inbox / "depot.html"], settings, force=force)
    assert again.ok and again.counts["new"] == 0
    if force:  # reprocessed from the file itself, and the stored copy put right
        assert again.counts["reprocessed"] == 1
        assert "Two workers" in _docs(ledger)["depot.html"].text
    else:
        assert again.counts["repaired"] == 1 and again.counts["already present"] == 1
    assert b"Two workers" in path.read_bytes() and oct(path.stat().st_mode)[-3:] == "444"
    repaired = ledger._conn.execute(
        "SELECT detail FROM custody WHERE action = 'repaired' AND run_id = ?",
        (again.run_id,)).fetchall()
    assert len(repaired) == 1
    detail = json.loads(repaired[0][0])
    assert "altered: hash mismatch" in detail["was"] and detail["path"].endswith("depot.html")
    assert verify_ledger(ledger).ok


def test_reingest_of_an_untouched_original_is_already_present_and_rewrites_nothing(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    stamps = {p: p.stat().st_mtime_ns for p in settings.evidence_path.rglob("*") if p.is_file()}
    again = ingest_paths(ledger, [inbox], settings)
    assert again.ok and again.counts["new"] == 0 and again.counts["already present"] == 4
    assert "repaired" not in again.counts
    assert "repaired" not in _custody_actions(ledger, again.run_id)
    assert {p: p.stat().st_mtime_ns for p in settings.evidence_path.rglob("*")
            if p.is_file()} == stamps


def test_force_reads_records_from_the_original_not_an_altered_stored_container(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    # Issue 17: with the stored JSONL altered, 'ingest --force' of the unchanged original read
    # the records from the altered copy and made a document holding words the file never had.
    _ingest(ledger, settings, inbox)
    before = {d.id for d in ledger.iter_documents()}
    container = _docs(ledger)["wire.jsonl line 1"].source.container_sha256
    stored = _alter(ledger, container, b"The building was empty", b"Forty soldiers were inside")
    forced = ingest_paths(ledger, [inbox / "wire.jsonl"], settings, force=True)
    assert forced.ok and forced.counts["new"] == 0 and forced.counts["reprocessed"] == 2
    assert {d.id for d in ledger.iter_documents()} == before  # no document from altered words
    assert not any("Forty soldiers" in d.text for d in ledger.iter_documents())
    assert b"The building was empty" in stored.read_bytes()  # the copy is repaired
    actions = _custody_actions(ledger, forced.run_id)
    assert actions.count("repaired") == 1 and "reprocessed" in actions
    assert verify_ledger(ledger).ok


def test_a_damaged_record_inside_a_complete_container_is_repaired_on_reingest(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    line = _docs(ledger)["wire.jsonl line 2"]
    path = _alter(ledger, line.source.sha256, b"Traffic", b"Nothing")
    again = ingest_paths(ledger, [inbox / "wire.jsonl"], settings)
    assert again.ok and again.counts["new"] == 0 and again.counts["repaired"] == 1
    assert path.read_bytes() == json.dumps(WIRE[1]).encode()
    assert verify_ledger(ledger).ok


def test_resume_reads_the_original_too(ledger: Ledger, settings: Settings, inbox: Path) -> None:
    first = ingest_paths(ledger, [inbox / "wire.jsonl"], settings)
    container = _docs(ledger)["wire.jsonl line 1"].source.container_sha256
    # As if the run had been killed before the container was marked complete.
    ledger._conn.execute("UPDATE run SET status = 'aborted' WHERE id = ?", (first.run_id,))
    ledger._conn.execute("UPDATE evidence SET status = 'stored' WHERE sha256 = ?", (container,))
    _alter(ledger, container, b"Traffic was stopped", b"Nobody was stopped")
    resumed = resume_run(ledger, settings)
    assert resumed.ok and resumed.counts["already present"] == 2
    assert not any("Nobody was stopped" in d.text for d in ledger.iter_documents())
    assert "repaired" in _custody_actions(ledger, resumed.run_id)
    assert verify_ledger(ledger).ok


def test_changed_checks_only_new_or_touched_files_and_is_no_proof(
        ledger: Ledger, settings: Settings, inbox: Path, tmp_path: Path) -> None:
    _ingest(ledger, settings, inbox)
    assert verify_ledger(ledger).ok  # the full check remembers each file's size and time
    quick = verify_ledger(ledger, changed_only=True)
    assert quick.ok and quick.hashed == 0 and quick.unchanged == 5
    assert quick.last_full_check is not None

    # A new file since the last check is hashed.
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "extra.txt").write_text(NOTE.replace("Sunday", "Monday"))
    _ingest(ledger, settings, tmp_path / "more")
    quick = verify_ledger(ledger, changed_only=True)
    assert quick.ok and quick.hashed == 1

    # A touched file is hashed and caught.
    note = _docs(ledger)["lisnyky.txt"]
    _alter(ledger, note.source.sha256, b"four houses", b"five houses")
    code, output = _verify_cli(settings, "--changed")
    assert code == 1 and "altered" in output and "fast check, not a proof" in output

    # An alteration that keeps size and modification time passes --changed, not a full check.
    page = _docs(ledger)["depot.html"]
    _alter(ledger, page.source.sha256, b"Two", b"Six", keep_time=True)
    quick = verify_ledger(ledger, changed_only=True)
    assert {p.sha256 for p in quick.problems} == {note.source.sha256}
    full = verify_ledger(ledger)
    assert {p.sha256 for p in full.problems} == {note.source.sha256, page.source.sha256}


# -- the custody chain -----------------------------------------------------------------------


def _raw(settings: Settings) -> sqlite3.Connection:
    conn = sqlite3.connect(settings.db, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS custody_append_only_update")
    conn.execute("DROP TRIGGER IF EXISTS custody_append_only_delete")
    return conn


def _breaks(ledger: Ledger, head: str | None = None) -> list[str]:
    report = verify_ledger(ledger, head=head, record=False)
    return [p.message for p in report.problems if p.kind == "custody"]


def test_an_edited_custody_entry_is_caught(ledger: Ledger, settings: Settings,
                                           inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    assert _breaks(ledger) == []
    with _raw(settings) as conn:
        conn.execute("UPDATE custody SET operator = 'someone else' WHERE seq = 3")
    [message] = _breaks(ledger)
    assert message.startswith("custody entry 3 (") and "changed after it was written" in message
    code, output = _verify_cli(settings)
    assert code == 1 and "custody entry 3" in output


def test_a_deleted_custody_entry_is_caught(ledger: Ledger, settings: Settings,
                                           inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    with _raw(settings) as conn:
        conn.execute("DELETE FROM custody WHERE seq = 4")
    [message] = _breaks(ledger)
    assert "custody entry 5" in message and "entry 4 is gone" in message


def test_deleting_the_last_entries_or_reordering_is_caught(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    _ingest(ledger, settings, inbox)
    last = ledger._conn.execute("SELECT max(seq) FROM custody").fetchone()[0]
    with _raw(settings) as conn:
        conn.execute("DELETE FROM custody WHERE seq = ?", (last,))
    assert any(f"entry {last} were written and are gone" in m for m in _breaks(ledger))
    with _raw(settings) as conn:  # swap two entries' places
        conn.execute("UPDATE custody SET seq = -1 WHERE seq = 2")
        conn.execute("UPDATE custody SET seq = 2 WHERE seq = 3")
        conn.execute("UPDATE custody SET seq = 3 WHERE seq = -1")
    breaks = _breaks(ledger)
    assert any(m.startswith("custody entry 2 (") for m in breaks)
    assert any(m.startswith("custody entry 3 (") for m in breaks)


def test_a_rebuilt_chain_is_caught_only_by_a_head_kept_elsewhere(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    from docket.ledger.custody import backfill

    _ingest(ledger, settings, inbox)
    chain = verify_ledger(ledger).chain
    assert chain is not None
    kept = chain.head.hash
    assert _breaks(ledger, head=kept) == []
    with _raw(settings) as conn:  # whoever can rewrite the whole file can rebuild the chain
        conn.execute("UPDATE custody SET operator = 'someone else' WHERE seq = 2")
        conn.execute("BEGIN")
        backfill(conn)
        conn.execute("COMMIT")
    assert _breaks(ledger) == []  # consistent in itself ...
    [message] = _breaks(ledger, head=kept)  # ... but the head kept outside is gone
    assert f"the head kept elsewhere ({kept}) is not in the custody log" in message
    code, output = _verify_cli(settings, "--head", kept)
    assert code == 1 and "is not in the custody log" in output


def test_purge_adds_a_chained_entry_and_rewrites_none(
        ledger: Ledger, settings: Settings, inbox: Path) -> None:
    from docket.workflows import review

    _ingest(ledger, settings, inbox)
    before = ledger._conn.execute(
        "SELECT seq, prev_hash, entry_hash FROM custody ORDER BY seq").fetchall()
    note = _docs(ledger)["lisnyky.txt"]
    review.withdraw(ledger, settings, note.id, "analyst", "ingested by mistake")
    review.purge(ledger, settings, note.id, "analyst", "ingested by mistake")
    after = ledger._conn.execute(
        "SELECT seq, prev_hash, entry_hash, action FROM custody ORDER BY seq").fetchall()
    assert [tuple(r)[:3] for r in after[:len(before)]] == [tuple(r) for r in before]
    assert [r[3] for r in after[len(before):]] == ["withdrawn", "purged"]
    assert after[-1][1] == after[-2][2]  # chained to the entry before
    report = verify_ledger(ledger)
    assert report.ok, report.problems  # the purged file is no longer expected


def test_the_upgrade_chains_the_entries_already_there(tmp_path: Path) -> None:
    from docket.ledger.migrations import migrate

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=13)
    for n in range(3):
        conn.execute("INSERT INTO custody (sha256, at, action, operator, tool_version, detail) "
                     "VALUES (?, ?, 'received', 'archivist', '0.0.9', '{}')",
                     (f"{n:064x}", f"2023-01-0{n + 1}T00:00:00Z"))
    conn.close()
    settings = Settings.load(db=db, operator="t")
    with Ledger.open(settings) as ledger:
        rows = ledger._conn.execute(
            "SELECT prev_hash, entry_hash FROM custody ORDER BY seq").fetchall()
        assert rows[0][0] == "0" * 64 and all(r[1] for r in rows)
        assert rows[1][0] == rows[0][1] and rows[2][0] == rows[1][1]
        ledger.log_custody("ab" * 32, "received", None, path="x.txt")
        assert _breaks(ledger) == []
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            ledger._conn.execute("UPDATE custody SET operator = 'x' WHERE seq = 1")


def test_a_copy_of_ledger_and_evidence_verifies_where_it_lands(
        ledger: Ledger, settings: Settings, inbox: Path, tmp_path: Path) -> None:
    # The evidence folder goes with the ledger: a copy of both verifies where it lands.
    _ingest(ledger, settings, inbox)
    ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target = tmp_path / "copy"
    target.mkdir()
    shutil.copy2(settings.db, target / "docket.db")
    shutil.copytree(settings.evidence_path, target / "docket.evidence")
    code, output = _verify_cli(Settings.load(db=target / "docket.db", operator="t"), "--json")
    report = json.loads(output)
    assert code == 0 and report["ok"] and report["files"] == 5
