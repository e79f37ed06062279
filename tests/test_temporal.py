"""Temporal expressions in short, fictional war reports, against Tuesday 14 March 2023."""

from __future__ import annotations

import pytest

from docket.model import PublishedDate
from docket.nlp.temporal import find_time_expressions, normalize_expression

PUBLISHED = PublishedDate("2023-03-14", "day", "test")  # a Tuesday
REF = "2023-03-14"


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("on Saturday", "2023-03-11", "day"),
        ("Tuesday", "2023-03-14", "day"),  # the publication weekday is the publication day
        ("last Tuesday", "2023-03-07", "day"),
        ("next Friday", "2023-03-17", "day"),
        ("yesterday", "2023-03-13", "day"),
        ("today", "2023-03-14", "day"),
        ("tonight", "2023-03-14", "day"),
        ("tomorrow", "2023-03-15", "day"),
        ("three days ago", "2023-03-11", "day"),
        ("now", "2023-03-14", "day"),
        ("currently", "2023-03-14", "day"),
        ("last week", "2023-W10", "week"),
        ("this week", "2023-W11", "week"),
        ("two weeks ago", "2023-W09", "week"),
        ("earlier this month", "2023-03", "month"),
        ("last month", "2023-02", "month"),
        ("in January", "2023-01", "month"),
        ("in November", "2022-11", "month"),  # most recent November
        ("next November", "2023-11", "month"),
        ("March 3 this year", "2023-03-03", "day"),
        ("July last year", "2022-07", "month"),
        ("this year", "2023", "year"),
        ("six years ago", "2017", "year"),
        ("April 12, 2023", "2023-04-12", "day"),
        ("12 April 2022", "2022-04-12", "day"),
        ("2022-09-30", "2022-09-30", "day"),
        ("the third quarter", "2022-Q3", "quarter"),  # Q3 2023 has not begun
        ("the first quarter", "2023-Q1", "quarter"),
        ("Q4 2022", "2022-Q4", "quarter"),
        ("last summer", "2022-SU", "season"),
        ("last winter", "2022-WI", "season"),  # the winter that began in December 2022
        ("the 1990s", "199", "decade"),
        ("fiscal 2022", "2022", "year"),
        ("the end of 2021", "2021", "year"),
        ("12 березня 2023", "2023-03-12", "day"),
        ("5 марта", "2023-03-05", "day"),
    ],
)
def test_relative_and_absolute_forms(expression: str, value: str, precision: str) -> None:
    got_value, got_precision, rule = normalize_expression(expression, REF)
    assert (got_value, got_precision) == (value, precision), rule


def test_time_of_day_in_reference_is_not_shifted_to_utc() -> None:
    # Late evening local time: 'yesterday' is the day before the local date as written.
    assert normalize_expression("yesterday", "2023-03-14T23:30:00+02:00")[0] == "2023-03-13"


def test_without_publication_date_relative_forms_stay_unresolved() -> None:
    for expression in ("on Saturday", "last week", "earlier this month", "six years ago", "now"):
        value, precision, rule = normalize_expression(expression, None)
        assert value is None and precision is None
        assert "no_publication_date" in rule
    assert normalize_expression("April 12, 2023", None)[0] == "2023-04-12"


def test_year_and_month_precision_publication_dates() -> None:
    text = "The brigade withdrew in March and returned on Saturday."
    year_only = find_time_expressions(text, PublishedDate("2023", "year", "test"))
    assert [(e.text, e.value) for e in year_only] == [("March", "2023-03"), ("Saturday", None)]
    assert year_only[1].anchor == "unresolved"
    month_only = find_time_expressions("Fighting eased last month, not last week.",
                                       PublishedDate("2023-03", "month", "test"))
    assert [(e.text, e.value) for e in month_only] == [("last month", "2023-02"),
                                                      ("last week", None)]


def test_impossible_date_is_recognised_without_a_value() -> None:
    assert normalize_expression("31 February", REF) == (None, None, "invalid_date")
    assert normalize_expression("February 30, 2023", REF) == (None, None, "invalid_date")
    found = find_time_expressions("The order was dated 31 February.", PUBLISHED)
    assert [(e.text, e.value, e.rule) for e in found] == [("31 February", None, "invalid_date")]


def test_vague_and_anaphoric_expressions_get_no_value() -> None:
    assert normalize_expression("recently", REF) == (None, None, "vague_past")
    assert normalize_expression("in the near future", REF) == (None, None, "vague_future")
    assert normalize_expression("a year earlier", REF) == (None, None, "anaphoric")
    assert normalize_expression("04/05/2023", REF) == (None, None, "ambiguous_numeric_date")


def test_find_in_a_report_with_spans_and_anchors() -> None:
    text = ("KHERSON, Tuesday - Artillery struck the bridge on Saturday, the regional governor "
            "said. Earlier this month the same crossing was hit, and in 2014 it was first "
            "fortified. Some 2014 residents have left since April 12, 2022.")
    found = find_time_expressions(text, PUBLISHED)
    by_text = {e.text: e for e in found}
    assert by_text["Saturday"].value == "2023-03-11"
    assert by_text["Saturday"].anchor == "publication"
    assert by_text["Earlier this month"].value == "2023-03"
    assert by_text["2014"].value == "2014" and by_text["2014"].anchor == "absolute"
    assert [e.text for e in found].count("2014") == 1  # "2014 residents" is a count
    assert by_text["April 12, 2022"].value == "2022-04-12"
    for expression in found:
        assert text[expression.start:expression.end] == expression.text


def test_excluded_spans_never_yield_dates() -> None:
    caption = "Photo taken on Friday, March 10, 2023."
    body = " Shelling continued on Sunday."
    text = caption + body
    found = find_time_expressions(text, PUBLISHED, excluded=[(0, len(caption))])
    assert [(e.text, e.value) for e in found] == [("Sunday", "2023-03-12")]


def test_mixed_scripts() -> None:
    text = "Обстріл почався 12 березня 2023 р., а 5 марта пришли новые колонны; on Monday, calm."
    found = find_time_expressions(text, PUBLISHED)
    values = [e.value for e in found]
    assert values == ["2023-03-12", "2023-03-05", "2023-03-13"]


def test_two_megabyte_paragraph_is_bounded() -> None:
    text = ("Convoys crossed the damaged bridge on Saturday while 2014 residents waited for "
            "water near the checkpoint, officials said in 2014. ") * 16_000
    assert len(text) > 2_000_000
    # How long this takes is measured by bench/limits.py, not asserted here.
    found = find_time_expressions(text, PUBLISHED)
    assert len(found) == 32_000
    assert normalize_expression(text, REF) == (None, None, "too_long")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("the year-ago quarter", "2021-Q4"),  # the latest quarter that has ended, a year before
        ("last year's quarter", "2021-Q4"),
        ("the quarter a year earlier", "2021-Q4"),
        ("the 2020 quarter", "2020-Q4"),
        ("the year-earlier third quarter", "2021-Q3"),
    ],
)
def test_year_ago_quarter(expression: str, value: str) -> None:
    got_value, precision, rule = normalize_expression(expression, REF)
    assert (got_value, precision) == (value, "quarter"), rule


def test_part_of_a_year_is_that_year() -> None:
    assert normalize_expression("a good part of 2024", REF)[0] == "2024"
    assert normalize_expression("much of 2021", REF)[0] == "2021"


@pytest.mark.parametrize(
    ("before", "expression", "value"),
    [
        ("", "Monday", "2023-03-13"),
        ("The ceasefire talks will resume on", "Monday", "2023-03-20"),
        ("The ferry is scheduled to sail", "Tuesday", "2023-03-14"),  # publication day included
        ("", "January", "2023-01"),
        ("The new bridge is expected to open in", "January", "2024-01"),
        ("The governor said the curfew would be lifted in", "March", "2023-03"),
        ("A new commander will take over on", "Feb. 1", "2024-02-01"),
        ("The new tariff is effective", "August 1", "2023-08-01"),  # not 2022-08-01
        # The future is inside a quotation; the reporting clause after it is past.
        ('"We will rebuild the school," the mayor said', "Friday", "2023-03-10"),
        # A future cue in an earlier sentence does not carry over.
        ("Aid will arrive soon. Shelling resumed on", "Saturday", "2023-03-11"),
    ],
)
def test_future_cue_in_the_sentence_looks_ahead(before: str, expression: str,
                                                value: str) -> None:
    got_value, _precision, rule = normalize_expression(expression, REF, before)
    assert got_value == value, rule


@pytest.mark.parametrize(
    ("before", "value"),
    [
        ("Third-quarter grain exports rose 8% to 4 million tonnes from 3.7 million", "2021-Q3"),
        ("Port traffic in the latest quarter fell to 900 ships from 1,100", "2021-Q4"),
    ],
)
def test_year_earlier_in_a_sentence_about_a_quarter(before: str, value: str) -> None:
    assert normalize_expression("a year earlier", REF, before)[:2] == (value, "quarter")
    assert normalize_expression("a year ago", REF, before)[:2] == (value, "quarter")
    # Without a quarter in its sentence it still depends on a time the text discusses.
    assert normalize_expression("a year earlier", REF, "Casualties doubled from")[0] is None


def test_find_reads_each_sentence_for_future_cues() -> None:
    text = "Repairs began on Monday. The ferry service will restart on Monday."
    found = find_time_expressions(text, PUBLISHED)
    assert [(e.text, e.value, e.rule) for e in found] == [
        ("Monday", "2023-03-13", "weekday_most_recent"),
        ("Monday", "2023-03-20", "weekday_upcoming"),
    ]


def test_an_age_is_not_a_decade() -> None:
    text = "A man in his fifties was wounded; she grew up in the fifties; a woman in her early 30s."
    found = [(t.text, t.value) for t in find_time_expressions(text, PUBLISHED)]
    assert found == [("the fifties", "195")]
