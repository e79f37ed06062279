"""Counts of people in digits and words, and the numbers that are not counts; fictional reports."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.extract.numbers import Count, find_counts, find_non_counts, parse_number


def only(text: str) -> Count:
    counts = find_counts(text)
    assert len(counts) == 1, counts
    count = counts[0]
    assert text[count.start:count.end] == count.text
    return count


@pytest.mark.parametrize(("written", "value"), [
    ("3", 3), ("15", 15), ("15,000", 15_000), ("15 000", 15_000), ("1.5 million", 1_500_000),
    ("three", 3), ("Eleven", 11), ("twenty-five", 25), ("twenty five", 25), ("a dozen", 12),
    ("two dozen", 24), ("one hundred", 100), ("a hundred", 100), ("two thousand", 2_000),
    ("one hundred and twenty-five", 125), ("zero", 0),
])
def test_parse_number(written: str, value: int) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize("written", ["", "abc", "two three", "1.5", "twenty eleven", "a",
                                     "100s"])
def test_parse_number_refuses_what_is_not_one_whole_number(written: str) -> None:
    assert parse_number(written) is None


def test_count_with_qualifier_and_status() -> None:
    count = only("At least 15 civilians were killed when shells hit Dubrava.")
    assert (count.text, count.value, count.qualifier, count.counted, count.status) == (
        "At least 15 civilians", 15, "at least", "civilians", "civilians")
    assert count.number_text == "15" and count.rule == "number"


def test_thousands_separator_is_one_number_not_two() -> None:
    big = only("Up to 15,000 troops massed near the border.")
    assert (big.value, big.number_text, big.qualifier) == (15_000, "15,000", "up to")
    assert only("Some 15 troops massed near the border.").value == 15


@pytest.mark.parametrize(("qualifier", "normalised"), [
    ("at least", "at least"), ("more than", "more than"), ("over", "more than"),
    ("at most", "up to"), ("up to", "up to"), ("fewer than", "fewer than"),
    ("less than", "fewer than"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("nearly", "nearly"), ("almost", "nearly"), ("some", "about"),
    ("roughly", "about"), ("as many as", "up to"),
])
def test_every_qualifier(qualifier: str, normalised: str) -> None:
    count = only(f"Officials said {qualifier} 40 residents left Dubrava.")
    assert (count.value, count.qualifier, count.status) == (40, normalised, "civilians")
    assert count.qualifier_text == qualifier
    assert count.text == f"{qualifier} 40 residents"


def test_number_words_and_modifiers_before_the_noun() -> None:
    count = only("Three elderly local residents were hurt in the strike.")
    assert (count.value, count.counted, count.status) == (3, "residents", "civilians")
    hyphen = only("Twenty-five Ukrainian soldiers were captured near Kharkiv.")
    assert (hyphen.value, hyphen.status, hyphen.side) == (25, "combatants", "Ukraine")
    dozen = only("A dozen Russian servicemen surrendered.")
    assert (dozen.value, dozen.number_text, dozen.side) == (12, "A dozen", "Russia")


@pytest.mark.parametrize(("text", "status"), [
    ("The convoy carried 30 prisoners of war.", "prisoners"),
    ("Guards moved 30 detainees overnight.", "prisoners"),
    ("The raid wounded 30 marines.", "combatants"),
    ("The raid wounded 30 people.", "people"),
    ("The raid wounded 30 children.", "civilians"),
])
def test_status_from_counted_noun(text: str, status: str) -> None:
    assert only(text).status == status


def test_side_from_demonym_or_from_the_noun_itself() -> None:
    fled = only("Over 2 million Ukrainians fled abroad.")
    assert (fled.value, fled.qualifier, fled.status, fled.side) == (
        2_000_000, "more than", "people", "Ukraine")
    assert only("Guards released 12 separatists.").side == "separatists"
    assert only("Guards released 12 fighters.").side is None


def test_partitive_count() -> None:
    count = only("Two of the soldiers were taken prisoner.")
    assert (count.value, count.counted, count.status) == (2, "soldiers", "combatants")


def test_count_of_things_has_no_status() -> None:
    count = only("The army launched 15 drones overnight.")
    assert (count.value, count.counted, count.status) == (15, "drones", None)


def test_count_without_noun() -> None:
    count = only("The strike killed 15, the mayor said.")
    assert (count.value, count.counted, count.status) == (15, None, None)


@pytest.mark.parametrize(("text", "qualifier", "status"), [
    ("Dozens of people were evacuated.", "dozens", "people"),
    ("Hundreds of civilians sheltered in the metro.", "hundreds", "civilians"),
    ("Scores of fighters crossed the river.", "scores", "combatants"),
    ("Several villagers were detained.", "several", "civilians"),
    ("A number of conscripts deserted.", "a number of", "combatants"),
    ("Many residents fled the town.", "many", "civilians"),
])
def test_vague_amounts(text: str, qualifier: str, status: str) -> None:
    count = only(text)
    assert (count.value, count.qualifier, count.status, count.rule) == (
        None, qualifier, status, "vague_amount")


def test_vague_words_without_people_are_not_counts() -> None:
    assert find_counts("Many years later, several reports and hundreds of kilometres.") == []


def test_ranges_keep_both_bounds() -> None:
    count = only("Between 10 and 15 residents fled.")
    assert (count.value, count.upper, count.qualifier, count.text) == (
        10, 15, "between", "Between 10 and 15 residents")
    dash = only("The blast wounded 10-15 people.")
    assert (dash.value, dash.upper, dash.number_text) == (10, 15, "10-15")
    words = only("Two or three medics stayed behind.")
    assert (words.value, words.upper) == (2, 3)


def test_singular_phrases_are_offered_as_singular_noun() -> None:
    counts = find_counts("A 25-year-old man and an elderly woman were hurt; one civilian died.")
    assert [(c.text, c.value, c.status, c.rule) for c in counts] == [
        ("A 25-year-old man", 1, "civilians", "singular_noun"),
        ("an elderly woman", 1, "civilians", "singular_noun"),
        ("one civilian", 1, "civilians", "singular_noun"),
    ]
    assert only("Medics treated a Ukrainian soldier.").side == "Ukraine"


@pytest.mark.parametrize(("text", "reason"), [
    ("Fighting resumed in 2022 after a pause.", "year"),
    ("The town was shelled on 3 March.", "date"),
    ("The town was shelled on March 3.", "date"),
    ("Sirens sounded at 10:30 and again at 11 p.m.", "time of day"),
    ("The victim, a 25-year-old, was named.", "age"),
    ("A woman aged 40 was hurt.", "age"),
    ("Olena, 34, said the shelling began at dawn.", "age (after a name)"),
    ("Soldiers of the 72nd Brigade held the line.", "ordinal"),
    ("Soldiers of the 72 Brigade held the line.", "unit number"),
    ("Prices rose by 30% after the strike.", "percentage"),
    ("Repairs will cost $5 million.", "money"),
    ("Repairs will cost 200 hryvnias.", "money"),
    ("The front moved 10 km west.", "measure"),
    ("Crews fired 152mm shells.", "measure"),
    ("Crews fired 152 mm shells.", "measure"),
    ("The siege lasted 3 days.", "duration"),
])
def test_numbers_that_are_not_counts(text: str, reason: str) -> None:
    assert find_counts(text) == [] or all(c.rule == "singular_noun" for c in find_counts(text))
    assert reason in [n.reason for n in find_non_counts(text)]


@pytest.mark.parametrize("text", [
    "One of the medics escaped.",
    "No one was hurt.",
    "The one that hit the school was larger.",
])
def test_pronoun_one_is_not_a_count(text: str) -> None:
    assert find_counts(text) == []


def test_year_is_not_a_count_but_a_large_number_of_soldiers_is() -> None:
    assert find_counts("In 2023 soldiers dug new trenches.") == []
    assert only("Russia sent 2000 soldiers to the front.").value == 2000
    assert only("At least 2000 people were evacuated.").value == 2000


def test_offsets_and_window() -> None:
    text = "Shelling hurt 4 civilians. Later, 7 soldiers were captured."
    second = text.index("Later")
    counts = find_counts(text, second)
    assert [(c.value, c.start) for c in counts] == [(7, text.index("7"))]
    assert [c.value for c in find_counts(text, 0, second)] == [4]


_PIECES = ["at least", "15", "15,000", "twenty-five", "a dozen", "civilians", "soldiers", "a",
           "man", "of the", "2022", "March", "-", ",", "%", "$", "dozens", "one", "between",
           "and", "aged", "10:30", "km", "Ukrainian", "x"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.integers(0, 40))
def test_spans_are_words_of_the_text_on_any_input(pieces: list[str], start: int) -> None:
    text = " ".join(pieces)
    start = min(start, len(text))
    for count in find_counts(text, start):
        assert start <= count.start < count.end <= len(text)
        assert text[count.start:count.end] == count.text
        assert count.value is None or count.value >= 0
    for other in find_non_counts(text, start):
        assert text[other.start:other.end] == other.text


def test_one_with_a_side_before_the_person_is_a_count() -> None:
    count = only("Later one DPR rebel was killed near the checkpoint.")
    assert count.value == 1 and count.status == "combatants" and count.side == "DPR"
