"""A date typed into a filter (`docket ls --since`, the workbench's `since`/`until`), read once
for the command line and the workbench alike.

An ISO date or prefix (2023, 2023-03, 2023-03-15) is taken as typed. Common written forms
("15 March 2023", "March 2023", "15.03.2023", "14 березня 2023") are read by dateparser, day
before month where the numbers leave it open (3/4/2023 is 3 April), and kept at the precision
they were written in: "March 2023" filters by month, not by 1 March. A date must name its year,
and words relative to today ("yesterday", "вчера") are refused: a saved filter must mean the
same thing tomorrow. Anything else is refused with a message saying what a date looks like: a
filter that silently matched nothing (or everything) looked like an answer.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from docket.errors import RequestError

_ISO_PREFIX = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_ISO_WITH_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9:.]+(?:Z|[+-][0-9:]+)?")
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_MAX_CHARS = 60  # a filter date is short; a long value is not read by dateparser at all
HINT = "give a date such as 2023-03-15, 2023-03, 2023 or 15 March 2023"


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser  # loaded on the first written-out date only

    return DateDataParser(languages=["en", "uk", "ru"],
                          settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY",
                                    "PARSERS": ["absolute-time"]})


def filter_date(raw: str, name: str = "date") -> str:
    """The ISO date or prefix (YYYY, YYYY-MM or YYYY-MM-DD) `raw` names; "" for an empty value.

    Raises RequestError naming `name` when `raw` is not a date.
    """
    value = " ".join(raw.split())
    if not value:
        return ""
    if m := _ISO_WITH_TIME.fullmatch(value):
        value = m.group(1)
    if m := _ISO_PREFIX.fullmatch(value):
        year, month, day = m.groups()
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise _refused(raw, name) from None
        return value
    if len(value) > _MAX_CHARS or not _YEAR.search(value):
        raise _refused(raw, name)
    data = _parser().get_date_data(value)
    if data.date_obj is None:
        raise _refused(raw, name)
    when = data.date_obj.date()
    if data.period == "year":
        return f"{when.year:04d}"
    if data.period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return when.isoformat()


def _refused(raw: str, name: str) -> RequestError:
    shown = raw if len(raw) <= _MAX_CHARS else raw[:_MAX_CHARS] + "…"
    return RequestError(f"{name} {shown!r} is not a date: {HINT}.")
