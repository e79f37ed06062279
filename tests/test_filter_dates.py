"""Dates typed into filters (issue 19): ISO and common written forms are read at the precision
they were written in; anything else is refused with a message, never matched silently."""

from __future__ import annotations

import pytest

from docket.errors import RequestError
from docket.ledger.filter_dates import filter_date


@pytest.mark.parametrize(("typed", "read"), [
    ("2023", "2023"), ("2023-03", "2023-03"), ("2023-03-15", "2023-03-15"),
    ("2023-03-15T10:42:00Z", "2023-03-15"), ("  2023-03-15 ", "2023-03-15"),
    ("15 March 2023", "2023-03-15"), ("March 2023", "2023-03"), ("15.03.2023", "2023-03-15"),
    ("3/4/2023", "2023-04-03"),  # day first where the numbers leave it open
    ("2023/03/15", "2023-03-15"), ("14 березня 2023", "2023-03-14"),
    ("березень 2023", "2023-03"), ("1 мая 2022", "2022-05-01"), ("", ""),
])
def test_typed_dates_are_read_at_their_precision(typed: str, read: str) -> None:
    assert filter_date(typed) == read


@pytest.mark.parametrize("typed", [
    "garbage", "not-a-date", "2023-13", "2023-02-30", "31 February 2023",
    "15 March",  # no year: this year's 15 March would be a guess
    "yesterday", "вчера",  # relative to today: a saved filter would change meaning
    "x" * 500, "2023-03-15; DROP TABLE documents", "1e9",
])
def test_what_is_not_a_date_is_refused_with_the_forms_it_takes(typed: str) -> None:
    with pytest.raises(RequestError) as caught:
        filter_date(typed, "--since")
    message = str(caught.value)
    assert message.startswith("--since ") and "is not a date" in message
    assert "15 March 2023" in message and len(message) < 200
