"""Several complete stories on one page; subheads and teasers are not new stories."""

from __future__ import annotations

from docket.clean.segments import find_segments
from docket.model import Span

STORY_A = (
    "Drone strike damages grain terminal in Izmail\n\n"
    "14 March 2023, 09:10\n\n"
    "A drone struck a grain terminal in the port of Izmail overnight, damaging two silos and a "
    "loading crane, the regional administration said on Tuesday morning.\n\n"
    "Officials said no one was hurt. Workers had left the terminal an hour before the attack, "
    "according to the port's manager, who said repairs would take at least a week.\n\n"
    "The administration said air defences shot down six of the nine drones launched at the "
    "region. Russia's defence ministry did not comment on the strike.\n\n"
)
STORY_B = (
    "Two wounded as shells hit market in Nikopol\n\n"
    "14 March 2023, 11:40\n\n"
    "Two people were wounded when shells hit the central market in Nikopol on Tuesday, the "
    "governor said, adding that a woman aged 54 was in a serious condition.\n\n"
    "The town across the reservoir from the occupied power plant is shelled almost daily, "
    "officials said. Traders said the market had reopened only a week earlier.\n\n"
    "Russian-installed officials on the other bank said Ukrainian forces had fired first. "
    "Neither claim could be independently verified.\n\n"
)


def _spans(text: str, lines: list[str], reason: str) -> list[Span]:
    spans, pos = [], 0
    for line in lines:
        at = text.index(line, pos)
        spans.append(Span(at, at + len(line) + 1, reason, "test"))
        pos = at + len(line)
    return spans


def test_two_full_stories_are_split() -> None:
    text = STORY_A + STORY_B
    removed = _spans(text, ["14 March 2023, 09:10", "14 March 2023, 11:40"], "date_header")
    ranges = find_segments(text, removed)
    assert len(ranges) == 1
    start, end = ranges[0]
    assert text[start:end].startswith("Two wounded as shells hit market in Nikopol")
    assert end == len(text)
    assert "Izmail" not in text[start:end]


def test_dateline_marks_a_new_story_without_removed_spans() -> None:
    b = STORY_B.replace("14 March 2023, 11:40\n\n", "").replace(
        "Two people were wounded", "NIKOPOL, March 14 — Two people were wounded")
    a = STORY_A.replace("14 March 2023, 09:10\n\n", "")
    ranges = find_segments(a + b)
    assert len(ranges) == 1 and (a + b)[ranges[0][0]:].startswith("Two wounded")


def test_subheads_do_not_split_an_article() -> None:
    text = STORY_A + "What the port says\n\n" + STORY_A.split("\n\n", 2)[2]
    assert find_segments(text) == []


def test_a_teaser_is_not_a_story() -> None:
    teaser = ("Evacuation trains resume from Kramatorsk\n\n14 March 2023, 12:00\n\n"
              "Trains will again leave Kramatorsk twice a day, the railway said, after…\n")
    text = STORY_A + teaser
    removed = _spans(text, ["14 March 2023, 09:10", "14 March 2023, 12:00"], "date_header")
    assert find_segments(text, removed) == []


def test_single_story_and_empty_text() -> None:
    assert find_segments(STORY_A) == []
    assert find_segments("") == []
    assert find_segments("x" * 100_000) == []
