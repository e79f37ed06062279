"""Bounded candidate work per document (issue 20, item 1): a new document is scored against at
most `story_pairs_per_document` others, even in a flood of near-copies, and the stories come
out as they should: the flood one story, other reports apart, analysts' judgements applied."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docket.cli import main
from docket.errors import SettingsError
from docket.ledger.store import Ledger
from docket.link.fingerprint import StoryInput, fingerprint
from docket.link.stories import CandidateIndex, group_stories
from docket.settings import Settings
from docket.workflows.link_step import LinkSummary, link_ledger
from docket.workflows.runner import ingest_paths
from tests.test_link_ledger import ORIGINAL, OTHER, REPRINT

CAP = 10
FLOOD = 50
# One report that fifty aggregators republish, each with its own headline and a word changed.
REPORT = """A drone struck the grain terminal in the port of Izmail on 16 August 2023, setting
fire to two warehouses holding 13,000 tonnes of wheat, the regional administration said. Oleh
Kiper, head of the Odesa regional military administration, said 7 workers were injured and 1
was missing. The port's operator, Danube Grain Services, said loading would resume within
three days. Romania's defence ministry said no debris fell on its side of the river."""
WORDS = ("attack", "strike", "raid", "drones", "night", "morning", "update", "latest", "news",
         "report")


def _copy(n: int) -> str:
    headline = f"{WORDS[n % len(WORDS)].title()} on Izmail port, edition {n + 1}"
    body = REPORT.replace("regional administration", f"regional administration ({n + 1})")
    return f"{headline}\n\n{body}\n"


def _write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(FLOOD):
        (folder / f"flood{n:02d}.txt").write_text(_copy(n), encoding="utf-8")
    for name, text in (("original.txt", ORIGINAL), ("reprint.txt", REPRINT),
                       ("other.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def flooded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, LinkSummary]]:
    """A ledger holding the flood and three other pages, linked once (module-wide: the
    analysis of 53 pages is the slow part)."""
    root = tmp_path_factory.mktemp("flood")
    _write(root / "in")
    settings = Settings.load(db=root / "ledger" / "docket.db", operator="tester",
                             story_pairs_per_document=CAP)
    with Ledger.open(settings) as ledger:
        summary = ingest_paths(ledger, [root / "in"], settings, workers=1)
        assert not summary.failures and summary.links is not None
        yield ledger, summary.links


def _ids(ledger: Ledger) -> dict[str, str]:
    return {Path(d.source.path).stem: d.id for d in ledger.iter_documents()}


def _story_of(ledger: Ledger) -> dict[str, str]:
    return {d: st["id"] for st in ledger.story_records() for d in st["documents"]}


def test_a_flood_of_near_copies_is_one_story_within_the_pair_budget(
        flooded: tuple[Ledger, LinkSummary]) -> None:
    ledger, links = flooded
    ids, story = _ids(ledger), _story_of(ledger)
    flood = {story[ids[f"flood{n:02d}"]] for n in range(FLOOD)}
    assert len(flood) == 1
    assert 0 < links.most_pairs_per_document <= CAP
    assert links.scored_pairs <= CAP * links.linked
    # Distinct reports stay apart: the reprint with its original, the ferry page alone.
    assert story[ids["original"]] == story[ids["reprint"]]
    assert len({story[ids["original"]], story[ids["other"]], *flood}) == 3


def test_without_the_cap_the_flood_scores_every_pair_and_groups_the_same(
        flooded: tuple[Ledger, LinkSummary], tmp_path: Path) -> None:
    ledger, _ = flooded
    before = _story_of(ledger)
    unbounded = dataclasses.replace(ledger.settings, story_pairs_per_document=0)
    with Ledger.open(unbounded) as again:
        links = link_ledger(again, everything=True)
        assert links.most_pairs_per_document > CAP  # the work the cap saves
        assert _story_of(again) == before
    with Ledger.open(ledger.settings) as again:
        links = link_ledger(again, everything=True)  # and back, capped
        assert links.most_pairs_per_document <= CAP
        assert _story_of(again) == before


def test_analysts_judgements_hold_inside_a_flood(flooded: tuple[Ledger, LinkSummary],
                                                  cli: CliRunner) -> None:
    ledger, _ = flooded
    ids = _ids(ledger)
    db = str(ledger.settings.db)
    first, last = ids["flood00"], ids[f"flood{FLOOD - 1:02d}"]
    for args in (["different", first, last, "--why", "two editions, two reports"],
                 ["same", ids["other"], ids["flood10"], "--why", "same ferry"]):
        done = cli.invoke(main, ["judge", *args, "--by", "analyst", "--db", db])
        assert done.exit_code == 0, done.output
    for everything in (False, True):  # after the judgement's own relink, and a full one
        link_ledger(ledger, everything=everything)
        story = _story_of(ledger)
        assert story[first] != story[last]
        assert story[ids["other"]] == story[ids["flood10"]]
        assert story[ids["original"]] != story[ids["flood10"]]


def test_the_in_memory_index_keeps_the_candidates_sharing_most_bands() -> None:
    docs = [StoryInput(f"d{n:02d}", _copy(n), None, None, None, "en") for n in range(FLOOD)]
    docs.append(StoryInput("z-ferry", OTHER, None, None, None, "en"))
    fps = [fingerprint(d) for d in docs]
    index = CandidateIndex(limit=CAP)
    assert max(len(index.add(fp)) for fp in fps) == CAP
    tally: Counter[str] = Counter()
    stories = group_stories(fps, {d.id: d for d in docs}, pairs=CAP, tally=tally)
    assert max(tally.values()) <= CAP
    assert [len(s.documents) for s in stories] == [FLOOD, 1]


def test_the_bound_is_a_setting_that_refuses_a_negative_number(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_STORY_PAIRS_PER_DOCUMENT", "4")
    assert Settings.load().story_pairs_per_document == 4
    with pytest.raises(SettingsError, match="story_pairs_per_document"):
        Settings(story_pairs_per_document=-1)
