"""Stories, incidents and judgements through the ledger: re-derived on every run, and the
analysts' edges win over the machine's on every run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from docket.cli import main
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths, reprocess

ORIGINAL = """Shelling kills two in Kupiansk, governor says

Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two civilians and
wounding five, the regional governor Oleh Syniehubov said on Wednesday. A shell hit a queue of
347 people waiting for bread near the market on Soborna Street.
"""
REPRINT = """Kupiansk shelling: two dead, governor says

Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two civilians and
wounding five, regional governor Oleh Syniehubov said on Wednesday. A shell hit a queue of 347
people waiting for bread near the market on Soborna Street.

Source: Kharkiv Ledger
"""
OTHER = """Ferry service resumes on the Dnipro

The river ferry between Nikopol and Marhanets resumed service on Monday after repairs to its
engine, the operator said, with four crossings a day until the end of May.
"""


def _ingest(tmp_path: Path, settings: Settings, ledger: Ledger) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("original.txt", ORIGINAL), ("reprint.txt", REPRINT),
                       ("other.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")
    ingest_paths(ledger, [folder], settings)
    return {Path(d.source.path).stem: d.id for d in ledger.iter_documents()}


def _story_of(ledger: Ledger) -> dict[str, str]:
    return {d: st["id"] for st in ledger.story_records() for d in st["documents"]}


def test_a_reprint_is_one_story_and_an_unrelated_page_is_not(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    ids = _ingest(tmp_path, settings, ledger)
    story = _story_of(ledger)
    assert story[ids["original"]] == story[ids["reprint"]]
    assert story[ids["other"]] != story[ids["original"]]
    record = next(st for st in ledger.story_records() if ids["reprint"] in st["documents"])
    assert record["original_outlet"] == "Kharkiv Ledger"


def test_analysts_split_and_merge_and_both_survive_a_rerun(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    ids = _ingest(tmp_path, settings, ledger)
    db = str(settings.db)
    split = cli.invoke(main, ["judge", "different", ids["original"], ids["reprint"],
                              "--by", "analyst", "--why", "two outlets, two reports", "--db", db])
    assert split.exit_code == 0, split.output
    story_id = _story_of(ledger)[ids["other"]]
    merged = cli.invoke(main, ["judge", "same", story_id, _story_of(ledger)[ids["original"]],
                               "--by", "analyst", "--db", db])
    assert merged.exit_code == 0, merged.output
    for _ in range(2):  # the judgements hold now and after a full re-run
        story = _story_of(ledger)
        assert story[ids["original"]] != story[ids["reprint"]]
        assert story[ids["other"]] == story[ids["original"]]
        reprocess(ledger, settings, None)
    listed = cli.invoke(main, ["judge", "list", "--json", "--db", db])
    assert not any(json.loads(line)["orphaned"] for line in listed.output.splitlines())


def test_export_carries_stories_and_incidents(tmp_path: Path, settings: Settings,
                                              ledger: Ledger) -> None:
    from io import StringIO

    from docket.ledger.export import export_jsonl

    _ingest(tmp_path, settings, ledger)
    out = StringIO()
    export_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    stories = [r for r in records if r["type"] == "story"]
    assert any(len(r["documents"]) == 2 for r in stories)
    incidents = [r for r in records if r["type"] == "incident"]
    shelling = [i for i in incidents if i["category"] == "shelling"]
    # Two copies of one report are one source, however many documents carry it.
    assert shelling and all(i["independent_sources"] == 1 for i in shelling)
