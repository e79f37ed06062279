"""The link step under the per-document limit (issue 14): a document whose linking runs over
`document_seconds` is kept, stored and analysed, but left out of stories and incidents with
its reason; it does not hold up the others, and `docket link` tries it again."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import docket.link.figures
import docket.workflows.link_step
from docket.cli import main
from docket.ledger.store import Ledger
from docket.link.fingerprint import Fingerprint, StoryInput
from docket.settings import Settings
from docket.web.app import create_app
from docket.workflows.link_step import NotLinked, fingerprint_within, link_ledger
from docket.workflows.runner import ingest_paths
from tests.test_link_ledger import ORIGINAL, OTHER, REPRINT

# A third copy of the same report: the one whose linking the tests make slow.
SLOW_COPY = """Governor: two killed by shelling in Kupiansk

Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two civilians and
wounding five, the regional governor Oleh Syniehubov said on Wednesday. A shell hit a queue of
347 people waiting for bread near the market on Soborna Street. Reported from Balakliia.
"""
LIMIT = 1.0  # seconds: fingerprinting a short page takes milliseconds


class Fault:
    """A fingerprint that never ends for the page naming Balakliia, while `on`."""

    def __init__(self) -> None:
        self.on = True
        self.tried: list[str] = []
        self.real = docket.workflows.link_step.fingerprint

    def __call__(self, doc: StoryInput) -> Fingerprint:
        if "Balakliia" in doc.text:
            self.tried.append(doc.id)
            while self.on:  # stopped only by the time limit
                time.sleep(0.01)
        return self.real(doc)


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Fault:
    installed = Fault()
    monkeypatch.setattr(docket.workflows.link_step, "fingerprint", installed)
    return installed


@pytest.fixture
def quick(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The lowered limit, for the link step only: the link step takes it from the ledger's
    settings, the analysis from the run's, which keep the default (spaCy on a busy machine
    can take a second or more per page, and that is not what these tests are about)."""
    monkeypatch.setenv("DOCKET_DOCUMENT_SECONDS", str(LIMIT))  # for the CLI's own settings
    return dataclasses.replace(settings, document_seconds=LIMIT)


@pytest.fixture
def quick_ledger(quick: Settings) -> Iterator[Ledger]:
    with Ledger.open(quick) as opened:
        yield opened


def _ingest(tmp_path: Path, settings: Settings, ledger: Ledger) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("original.txt", ORIGINAL), ("reprint.txt", REPRINT),
                       ("slow.txt", SLOW_COPY), ("other.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")
    analysis = dataclasses.replace(settings, document_seconds=120)
    summary = ingest_paths(ledger, [folder], analysis, workers=1)
    assert not summary.failures
    return {Path(d.source.path).stem: d.id for d in ledger.iter_documents()}


def _story_of(ledger: Ledger) -> dict[str, str]:
    return {d: st["id"] for st in ledger.story_records() for d in st["documents"]}


def _incident_events(ledger: Ledger) -> set[str]:
    return {e for inc in ledger.incident_records() for e in inc["events"]}


def test_a_document_over_the_limit_is_kept_but_not_linked_and_the_others_are(
        tmp_path: Path, quick: Settings, quick_ledger: Ledger, fault: Fault) -> None:
    ids = _ingest(tmp_path, quick, quick_ledger)
    slow = ids["slow"]
    assert fault.tried == [slow]
    # Stored and analysed as any other document ...
    doc = quick_ledger.get_document(slow)
    assert doc is not None and doc.analysed
    slow_events = {e["id"] for e in quick_ledger.event_records_of(documents=[slow])}
    assert slow_events
    # ... marked not linked, with the reason ...
    reason = quick_ledger.not_linked()[slow]
    assert reason.startswith("fingerprint: document took longer than document_seconds (1 s): "
                             "fingerprinting it for stories and incidents")
    assert quick_ledger.stats()["not_linked"] == 1
    # ... in no story and no incident, and out of the queue ...
    stories = _story_of(quick_ledger)
    assert slow not in stories
    assert not slow_events & _incident_events(quick_ledger)
    assert quick_ledger.link_pending_count() == 0
    # ... while the others form their story and incidents.
    assert stories[ids["original"]] == stories[ids["reprint"]] != stories[ids["other"]]
    original_events = {e["id"] for e in quick_ledger.event_records_of(
        documents=[ids["original"]])}
    assert original_events & _incident_events(quick_ledger)
    # The workbench says so on the document's page.
    page = TestClient(create_app(quick)).get(f"/documents/{slow}").text
    assert "not linked: fingerprint: document took longer than document_seconds" in page


def test_docket_link_retries_and_links_once_the_fault_is_gone(
        tmp_path: Path, quick: Settings, quick_ledger: Ledger, fault: Fault,
        cli: CliRunner) -> None:
    ids = _ingest(tmp_path, quick, quick_ledger)
    slow, db = ids["slow"], str(quick.db)

    still = cli.invoke(main, ["link", "--db", db])
    assert still.exit_code == 0, still.output
    assert fault.tried == [slow, slow]  # tried again
    assert "1 not linked" in still.output
    assert "1 not linked: fingerprint: document took longer than document_seconds" in \
        still.output
    stats = cli.invoke(main, ["stats", "--json", "--db", db])
    assert '"not_linked": 1' in stats.output

    fault.on = False
    fixed = cli.invoke(main, ["link", "--db", db])
    assert fixed.exit_code == 0, fixed.output
    assert "0 not linked" in fixed.output
    assert quick_ledger.not_linked() == {}
    stories = _story_of(quick_ledger)
    assert stories[slow] == stories[ids["original"]] == stories[ids["reprint"]]
    slow_events = {e["id"] for e in quick_ledger.event_records_of(documents=[slow])}
    assert slow_events & _incident_events(quick_ledger)


def test_link_all_also_retries_and_reports_who_is_left_out(
        tmp_path: Path, quick: Settings, quick_ledger: Ledger, fault: Fault,
        cli: CliRunner) -> None:
    ids = _ingest(tmp_path, quick, quick_ledger)
    result = cli.invoke(main, ["link", "--all", "--db", str(quick.db)])
    assert result.exit_code == 0, result.output
    assert "linked 4 document(s)" in result.output and "1 not linked" in result.output
    assert list(quick_ledger.not_linked()) == [ids["slow"]]
    assert ids["slow"] not in _story_of(quick_ledger)


def test_where_the_limit_cannot_act_a_slow_document_is_not_tried_again(
        tmp_path: Path, quick: Settings, quick_ledger: Ledger, fault: Fault) -> None:
    """The workbench links in a worker thread, where SIGALRM cannot stop a fingerprint: a
    judgement naming the slow document must not hang it there."""
    ids = _ingest(tmp_path, quick, quick_ledger)
    quick_ledger.mark_link_pending([ids["slow"], ids["other"]], "judgement same")
    outcome: dict[str, object] = {}

    def in_thread() -> None:
        with Ledger.open(quick) as own:
            outcome["summary"] = link_ledger(own)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert fault.tried == [ids["slow"]]  # only during the ingest, not in the thread
    assert quick_ledger.link_pending_count() == 0
    assert list(quick_ledger.not_linked()) == [ids["slow"]]
    assert ids["other"] in _story_of(quick_ledger)


def test_a_copy_whose_figures_run_over_stays_in_its_story(
        tmp_path: Path, quick: Settings, quick_ledger: Ledger,
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = docket.link.figures._compare

    def compare(a: str, b: str, *args: object) -> object:
        if "Balakliia" in str(args[0][b]):  # type: ignore[index]
            while True:
                time.sleep(0.01)
        return real(a, b, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(docket.link.figures, "_compare", compare)
    ids = _ingest(tmp_path, quick, quick_ledger)
    stories = _story_of(quick_ledger)
    assert stories[ids["slow"]] == stories[ids["original"]]
    assert quick_ledger.not_linked()[ids["slow"]].startswith(
        "figures: document took longer than document_seconds (1 s): comparing its figures")


def test_a_fingerprint_that_fails_is_one_documents_reason_not_the_steps() -> None:
    def broken(doc: StoryInput) -> Fingerprint:
        raise ValueError("x" * 5000)

    docs = [StoryInput("doc_a", "A page about a ferry on the Dnipro river."),
            StoryInput("doc_b", "Another page, about bread queues in Kupiansk.")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(docket.workflows.link_step, "fingerprint", broken)
        made = fingerprint_within(docs, 0)
    assert all(isinstance(m, NotLinked) for m in made)
    first = made[0]
    assert isinstance(first, NotLinked)
    assert first.reason.startswith("fingerprint failed (ValueError: xxx")
    assert len(first.reason) <= docket.workflows.link_step.MAX_REASON
    assert [isinstance(m, Fingerprint) for m in fingerprint_within(docs, LIMIT)] == [True, True]


def test_the_ray_engines_fingerprint_task_keeps_the_same_limit(fault: Fault) -> None:
    # What each Ray task runs, called here in-process (a Ray worker runs it in its main
    # thread, where the limit acts): the slow page comes back not linked, the other one not.
    from docket.workflows.distributed import _fingerprint_chunk

    slow = StoryInput("doc_slow", SLOW_COPY, None, None, None, "en", ())
    quick = StoryInput("doc_quick", ORIGINAL, None, None, None, "en", ())
    out = _fingerprint_chunk([slow, quick], LIMIT)
    assert isinstance(out[0], NotLinked) and "document_seconds" in out[0].reason
    assert isinstance(out[1], Fingerprint) and out[1].id == "doc_quick"
