"""Ingest of every format, idempotence, --force and reprocess."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths, reprocess


def _snapshot(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    """Everything derived: evidence and documents, minus processing timestamps and run ids."""
    conn = ledger._conn
    evidence = conn.execute(
        "SELECT sha256, kind, size, path, container_sha256, locator, meta, status FROM evidence "
        "ORDER BY sha256").fetchall()
    docs = conn.execute(
        "SELECT id, sha256, title, outlet, published_value, language, full_text, text, removed, "
        "source_map FROM document ORDER BY id").fetchall()
    return {"evidence": [tuple(r) for r in evidence], "documents": [tuple(r) for r in docs]}


def _evidence_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.evidence_path.rglob("*") if p.is_file())


def test_examples_ingest_every_format(ledger: Ledger, settings: Settings, examples: Path) -> None:
    summary = ingest_paths(ledger, [examples], settings)
    assert summary.ok, summary.failures
    formats = {row[0] for row in ledger._conn.execute("SELECT kind FROM evidence")}
    assert {"text", "html", "jsonl", "feed_item", "warc_response"} <= formats
    assert {"container:jsonl", "container:warc", "container:feed"} <= formats
    # WARC: 3 HTML responses become documents; request, warcinfo and the PNG are counted skips.
    warc_docs = ledger._conn.execute(
        "SELECT count(*) FROM document WHERE path LIKE '%pages.warc.gz'").fetchone()[0]
    assert warc_docs == 3
    assert summary.skipped["request record"] == 1
    assert summary.skipped["non-HTML response (image/png)"] == 1
    assert ledger.stats()["documents"] == summary.counts["new"]


def test_container_records_keep_both_hashes_and_locators(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    ingest_paths(ledger, [examples / "jsonl"], settings)
    docs = list(ledger.iter_documents())
    assert {d.source.locator for d in docs} == {"line 1", "line 2", "line 3", "line 4"}
    container = {d.source.container_sha256 for d in docs}
    assert len(container) == 1
    (container_sha,) = container
    assert ledger.evidence.verify(container_sha)
    for doc in docs:
        assert doc.source.sha256 != container_sha
        assert ledger.evidence.verify(doc.source.sha256)
        assert doc.source.path == str(Path("examples/jsonl/articles.jsonl"))


def test_reingest_changes_nothing_and_says_so(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    first = ingest_paths(ledger, [examples], settings)
    before, files_before = _snapshot(ledger), _evidence_files(settings)
    custody_before = ledger.stats()["custody_entries"]
    second = ingest_paths(ledger, [examples], settings)
    assert second.counts["new"] == 0
    assert second.counts["already present"] > 0
    assert _snapshot(ledger) == before
    assert _evidence_files(settings) == files_before
    # The no-op is visible: in the custody log and in the run record.
    actions = [r[0] for r in ledger._conn.execute(
        "SELECT action FROM custody WHERE run_id = ?", (second.run_id,))]
    assert actions and set(actions) == {"seen_again"}
    assert ledger.stats()["custody_entries"] > custody_before
    run = ledger._conn.execute("SELECT status, counts FROM run WHERE id = ?",
                              (second.run_id,)).fetchone()
    assert run["status"] == "finished" and "already present" in run["counts"]
    assert first.run_id != second.run_id


def test_force_and_reprocess_do_not_duplicate(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    ingest_paths(ledger, [examples], settings)
    before, files_before = _snapshot(ledger), _evidence_files(settings)
    forced = ingest_paths(ledger, [examples], settings, force=True)
    assert forced.ok and forced.counts["new"] == 0 and forced.counts["reprocessed"] > 0
    again = reprocess(ledger, settings)
    assert again.ok and again.counts["reprocessed"] == len(before["documents"])
    assert _snapshot(ledger) == before  # same ids, same derived values
    assert _evidence_files(settings) == files_before


def test_reprocess_keeps_judgements(ledger: Ledger, settings: Settings, examples: Path) -> None:
    ingest_paths(ledger, [examples / "text"], settings)
    doc_id = ledger.document_ids()[0]
    ledger.add_judgement("confirm", doc_id, "analyst-a", why="checked against the original")
    summary = reprocess(ledger, settings, [doc_id])
    assert summary.ok
    judgements = ledger.judgements()
    assert [(j["kind"], j["subject"], j["by"]) for j in judgements] == [
        ("confirm", doc_id, "analyst-a")]


def test_same_bytes_in_two_places_is_one_document(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    text = "The mayor said two people were wounded when a drone hit a shop in the town.\n" * 3
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(text)
    (tmp_path / "a" / "copy.txt").write_text(text)
    summary = ingest_paths(ledger, [tmp_path / "a"], settings)
    assert summary.counts["new"] == 1 and summary.counts["already present"] == 1
    assert ledger.stats()["documents"] == 1


def test_ids_are_stable_across_ledgers(tmp_path: Path, examples: Path) -> None:
    ids = []
    for name in ("one", "two"):
        s = Settings.load(db=tmp_path / name / "docket.db", operator="t")
        with Ledger.open(s) as led:
            ingest_paths(led, [examples], s)
            ids.append(sorted(led.document_ids()))
    assert ids[0] == ids[1] and ids[0]


def test_own_ledger_files_are_not_ingested(tmp_path: Path, monkeypatch: object) -> None:
    import os

    os.chdir(tmp_path)
    (tmp_path / "note.txt").write_text("Officials said a convoy was struck near the bridge.\n")
    s = Settings.load(db=Path("docket.db"), operator="t")
    with Ledger.open(s) as led:
        ingest_paths(led, ["."], s)
        second = ingest_paths(led, ["."], s)
        assert second.counts["new"] == 0 and not second.skipped
        assert led.stats()["documents"] == 1


def test_custody_log_is_append_only(ledger: Ledger, settings: Settings, examples: Path) -> None:
    ingest_paths(ledger, [examples / "text"], settings)
    import pytest

    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger._conn.execute("DELETE FROM custody")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ledger._conn.execute("UPDATE custody SET operator = 'someone else'")


def test_custody_metadata_recorded(ledger: Ledger, settings: Settings, examples: Path) -> None:
    ingest_paths(ledger, [examples / "html"], settings)
    row = ledger._conn.execute(
        "SELECT * FROM evidence WHERE path LIKE '%zaporizhzhia%'").fetchone()
    assert row["size"] == (examples / "html" / Path(row["path"]).name).stat().st_size
    assert row["encoding"] == "cp1251" and row["content_type"] == "text/html"
    assert row["operator"] == "tester" and row["tool_version"]
    assert row["received_at"].endswith("Z")


def test_crash_inside_a_document_leaves_nothing_half_written(
    ledger: Ledger, settings: Settings, tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The commander said the bridge was destroyed.\n")
    original = Ledger.log_custody

    def crash(self: Ledger, *args: object, **kw: object) -> None:
        if args[1] == "processed":
            raise RuntimeError("power cut")
        original(self, *args, **kw)  # type: ignore[arg-type]

    mp = pytest.MonkeyPatch()
    mp.setattr(Ledger, "log_custody", crash)
    with pytest.raises(RuntimeError):
        ingest_paths(ledger, [tmp_path / "in"], settings)
    mp.undo()
    assert ledger.stats()["documents"] == 0
    assert ledger._conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert ledger.runs(1)[0]["status"] == "aborted"
    again = ingest_paths(ledger, [tmp_path / "in"], settings)
    assert again.counts["new"] == 1 and ledger.stats()["documents"] == 1


def test_already_present_counts_documents(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    first = ingest_paths(ledger, [examples], settings)
    second = ingest_paths(ledger, [examples], settings)
    assert second.counts["already present"] == first.counts["new"]


def test_keep_furniture_removes_nothing(tmp_path: Path, examples: Path) -> None:
    s = Settings.load(db=tmp_path / "k.db", operator="t", keep_furniture=True)
    with Ledger.open(s) as led:
        ingest_paths(led, [examples / "html"], s)
        docs = list(led.iter_documents())
        assert docs and all(not d.removed and d.text == d.full_text for d in docs)
        # The next run without the setting removes the boilerplate again, from the same bytes.
        plain = Settings.load(db=tmp_path / "k.db", operator="t")
        reprocess(led, plain)
        assert all(d.removed for d in led.iter_documents())
