"""The calendar days a date value covers, for exports whose readers want plain days.

Docket writes a date as the text gives it: an ISO 8601 value at its precision (docs/export.md,
`times`): `2023-04-12` (day), `2023-W15` and `2023-W15-WE` (week, its weekend), `2023-04`
(month), `2023-Q2` (quarter), `2023-H1` (half), `2023-SU` (season: SP, SU, FA, WI; winter runs
from December into the next year), `2023` (year), `199` (decade), `19` (century), or a datetime.
Tools that sort, facet or filter on dates (Datasette, SQLite's `date()`, ACLED's `event_date`)
read only days, so the exports write the first and last day of the period beside the value,
never a day chosen inside it.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")


def period(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """(first day, last day) of a date value at its precision; None when it is not one."""
    if not value:
        return None
    try:
        return _period(value.strip(), precision or "")
    except ValueError:  # an impossible value (month 13, week 54): no period
        return None


def _period(value: str, precision: str) -> tuple[date, date] | None:
    if precision in ("day", "datetime") and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        day = date.fromisoformat(value[:10])
        return day, day
    if precision == "week" and (m := _WEEK.match(value)):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:  # the weekend: Saturday and Sunday
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if precision == "month" and (m := re.match(r"^(\d{4})-(\d{2})$", value)):
        return _months(int(m[1]), int(m[2]), 1)
    if precision == "quarter" and (m := re.match(r"^(\d{4})-Q([1-4])$", value)):
        return _months(int(m[1]), 3 * int(m[2]) - 2, 3)
    if precision == "half" and (m := re.match(r"^(\d{4})-H([12])$", value)):
        return _months(int(m[1]), 6 * int(m[2]) - 5, 6)
    if precision == "season" and (m := re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)):
        return _months(int(m[1]), _SEASON_START[m[2]], 3)
    if precision == "year" and re.match(r"^\d{4}$", value):
        return date(int(value), 1, 1), date(int(value), 12, 31)
    if precision == "decade" and re.match(r"^\d{3}$", value):
        return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
    if precision == "century" and re.match(r"^\d{2}$", value):
        return date(int(value) * 100, 1, 1), date(int(value) * 100 + 99, 12, 31)
    return None


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    """From the first day of month `first` of `year` to the last day `count` months on."""
    last_month = first + count - 1
    last_year = year + (last_month - 1) // 12
    last_month = (last_month - 1) % 12 + 1
    return (date(year, first, 1),
            date(last_year, last_month, monthrange(last_year, last_month)[1]))
