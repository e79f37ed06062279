"""Scale: the worker pool, the incremental link step and resumable runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from docket.cli import main
from docket.errors import RunInterrupted
from docket.ledger.store import Ledger
from docket.model import Record
from docket.settings import Settings
from docket.workflows.link_step import link_ledger
from docket.workflows.parallel import AnalyserPool
from docket.workflows.runner import ingest_paths, resume_run

REPORT = """Drone strike on Kalynivka depot

A drone hit a fuel depot near Kalynivka on {day} March 2023, the district administration said.
{wounded} workers were wounded. The governor blamed Russian forces.
"""
REPRINT = """Kalynivka depot hit by drone

A drone hit a fuel depot near Kalynivka on {day} March 2023, the district administration
said. {wounded} workers were wounded. The governor blamed Russian forces.

Source: Steppe Courier
"""


def _links(ledger: Ledger) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[str]]:
    stories = sorted(tuple(r["documents"]) for r in ledger.story_records())
    incidents = sorted(tuple(r["events"]) for r in ledger.incident_records())
    contradictions = sorted(r["id"] for r in ledger.contradiction_records())
    return stories, incidents, contradictions


def _report_and_reprint(tmp_path: Path, day: int, wounded: int) -> Path:
    """A folder with a report and its reprint (one story)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT.format(day=day, wounded=wounded), encoding="utf-8")
    (folder / "b.txt").write_text(REPRINT.format(day=day, wounded=wounded), encoding="utf-8")
    return folder


def _settings(root: Path) -> Settings:
    return Settings.load(db=root / "docket.db", operator="tester")


def test_two_workers_store_what_one_stores(tmp_path: Path, examples: Path) -> None:
    results = []
    for workers in (1, 2):
        settings = _settings(tmp_path / f"w{workers}")
        with Ledger.open(settings) as ledger:
            summary = ingest_paths(ledger, [examples], settings, workers=workers)
            assert summary.ok and summary.counts["new"] == 17
            events = [(e["document"], e["category"], e["trigger"]["text"])
                      for e in ledger.event_records()]
            results.append((ledger.document_ids(), events, _links(ledger)))
    assert results[0] == results[1]


def test_adding_files_one_run_at_a_time_links_as_one_run(tmp_path: Path,
                                                         examples: Path) -> None:
    together = _settings(tmp_path / "together")
    with Ledger.open(together) as ledger:
        ingest_paths(ledger, [examples], together)
        expected = _links(ledger)
    apart = _settings(tmp_path / "apart")
    with Ledger.open(apart) as ledger:
        for path in sorted(examples.rglob("*"), reverse=True):  # newest-first, for good measure
            if path.is_file():
                ingest_paths(ledger, [path], apart)
        assert _links(ledger) == expected
        assert ledger.link_pending_count() == 0
    assert any(len(story) > 1 for story in expected[0])  # the examples do have copies


def test_a_link_step_reads_only_what_is_near(tmp_path: Path, settings: Settings,
                                             ledger: Ledger) -> None:
    folder = _report_and_reprint(tmp_path, day=3, wounded=4)
    ingest_paths(ledger, [folder], settings)
    stories, _, _ = _links(ledger)
    assert [len(s) for s in stories if len(s) > 1] == [2]
    # An unrelated report later: its step rebuilds its own story, and leaves the pair alone.
    other = tmp_path / "other.txt"
    other.write_text("Ferry resumes on the Dnipro\n\nThe ferry between two river towns resumed "
                     "four crossings a day on Monday, its operator said.\n", encoding="utf-8")
    summary = ingest_paths(ledger, [other], settings)
    assert summary.links is not None and summary.links.linked == 1
    assert sorted(len(s) for s in _links(ledger)[0]) == [1, 2]


def test_a_killed_run_leaves_documents_waiting_and_the_next_one_links_them(
        tmp_path: Path, settings: Settings, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _report_and_reprint(tmp_path, day=5, wounded=2)

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the run dies between storing and linking

    monkeypatch.setattr("docket.workflows.link_step.link_ledger", killed)
    with pytest.raises(RunInterrupted) as caught:  # Ctrl-C: the run says how to finish it
        ingest_paths(ledger, [folder], settings)
    assert isinstance(caught.value.__cause__, KeyboardInterrupt)
    assert "docket resume" in str(caught.value)
    monkeypatch.undo()
    assert ledger.link_pending_count() == 2 and not list(ledger.story_records())
    result = CliRunner().invoke(main, ["link", "--db", str(settings.db)])
    assert result.exit_code == 0, result.output
    assert "linked 2 document(s)" in result.output
    assert [len(s) for s in _links(ledger)[0]] == [2]


def test_judgements_survive_the_incremental_step(tmp_path: Path, settings: Settings,
                                                 ledger: Ledger) -> None:
    folder = _report_and_reprint(tmp_path, day=7, wounded=3)
    ingest_paths(ledger, [folder], settings)
    a, b = sorted(ledger.document_ids())
    ledger.add_judgement("different", a, "analyst", obj=b, why="two depots")
    assert ledger.link_pending_count() == 2  # the judgement queues what it names
    link_ledger(ledger)
    assert sorted(len(s) for s in _links(ledger)[0]) == [1, 1]
    # A third copy arrives: it may join one of them, never both.
    (tmp_path / "c.txt").write_text(REPRINT.format(day=7, wounded=3) + "\nVia radio.\n",
                                    encoding="utf-8")
    ingest_paths(ledger, [tmp_path / "c.txt"], settings)
    assert not any(a in s and b in s for s in _links(ledger)[0])


def test_purge_takes_a_document_out_of_the_candidate_index(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    from docket.workflows import review

    folder = _report_and_reprint(tmp_path, day=9, wounded=6)
    ingest_paths(ledger, [folder], settings)
    gone = sorted(ledger.document_ids())[0]
    review.withdraw(ledger, settings, gone, "analyst", "duplicate upload")
    review.purge(ledger, settings, gone, "analyst", "duplicate upload")
    one = ledger._conn.execute
    for table in ("candidate_doc", "fingerprint"):
        assert one(f"SELECT count(*) FROM {table} WHERE document_id = ?",
                   (gone,)).fetchone()[0] == 0
    assert one("SELECT count(*) FROM candidate_pair WHERE a = ? OR b = ?",
               (gone, gone)).fetchone()[0] == 0
    assert all(gone not in s for s in _links(ledger)[0])


def test_the_pool_keeps_input_order_and_runs_actions_in_place(settings: Settings) -> None:
    texts = [REPORT.format(day=d, wounded=d) for d in (1, 2, 3)]
    seen: list[str] = []
    jobs: list[object] = []
    for n, text in enumerate(texts):
        jobs.append(Record("text", text.encode(), f"r{n}.txt"))
        jobs.append(lambda n=n: seen.append(f"after r{n}"))
    with AnalyserPool(settings, 2) as pool:
        for record, result in pool.analyse(jobs):  # type: ignore[arg-type]
            assert result.error is None and result.documents[0].id == record.document_id
            seen.append(record.path)
    assert seen == ["r0.txt", "after r0", "r1.txt", "after r1", "r2.txt", "after r2"]


def test_resume_finishes_an_interrupted_run(tmp_path: Path, settings: Settings,
                                            ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for day in (11, 12, 13):
        (folder / f"{day}.txt").write_text(REPORT.format(day=day, wounded=1), encoding="utf-8")
    # A run that stored one document and died: its process is gone, its status 'running'.
    first = ingest_paths(ledger, [folder / "11.txt"], settings)
    ledger._conn.execute("UPDATE run SET status = 'running', ended_at = NULL, inputs = ?, "
                        "pid = 999999999 WHERE id = ?",
                        (json.dumps([str(folder)]), first.run_id))
    summary = resume_run(ledger, settings)
    assert summary.counts["new"] == 2 and summary.counts["already present"] == 1
    old = ledger.run(first.run_id)
    assert old is not None and old["status"] == "interrupted"
    assert f"resumed by run {summary.run_id}" in old["errors"]
    new = ledger.run(summary.run_id)
    assert new is not None and new["resumes"] == first.run_id
    with pytest.raises(Exception, match="no interrupted ingest run"):
        resume_run(ledger, settings)


def test_link_all_derives_the_same_links_again(tmp_path: Path, examples: Path) -> None:
    settings = _settings(tmp_path / "all")
    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [examples], settings)
        expected = _links(ledger)
        summary = link_ledger(ledger, everything=True)
        assert summary.linked == len(ledger.document_ids())
        assert _links(ledger) == expected
