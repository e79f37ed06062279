"""Publication dates as the source states them, with their precision.

Precision is one of: year, month, day, datetime. Values are ISO 8601 at that precision
("2023", "2023-04", "2023-04-12", "2023-04-12T09:12:00Z"). Datetimes with a zone are converted
to UTC; without one they are kept as stated (no 'Z').
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from docket.model import PublishedDate

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_UNIX = re.compile(r"^\s*(\d{9,10})(?:\.\d+)?\s*$")
_ISO_SHAPED = re.compile(r"^\s*\d{4}-\d{1,2}(?:-\d{1,2})?(?:[T ].*)?$")
_EARLIEST, _LATEST = 1900, 2100


def _datetime_value(moment: datetime) -> str:
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _plausible(year: int) -> bool:
    return _EARLIEST <= year <= _LATEST


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    # No relative dates ('yesterday'): a publication date must not depend on when we ran.
    return DateDataParser(
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_TIME_AS_PERIOD": True,
                  "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    )


def parse_published(raw: str | None, origin: str) -> PublishedDate | None:
    """Parse a stated publication date; None when it is empty, relative or implausible."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()[:200]
    if m := _YEAR.match(raw):
        return PublishedDate(m.group(1), "year", origin) if _plausible(int(m.group(1))) else None
    if (m := _MONTH.match(raw)) and 1 <= int(m.group(2)) <= 12:
        return PublishedDate(f"{m.group(1)}-{m.group(2)}", "month", origin)
    if m := _DAY.match(raw):
        try:
            day = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        if not _plausible(day.year):
            return None
        return PublishedDate(day.strftime("%Y-%m-%d"), "day", origin)
    if m := _UNIX.match(raw):
        stamp = datetime.fromtimestamp(int(m.group(1)), tz=UTC)
        return PublishedDate(_datetime_value(stamp), "datetime", origin)
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(raw)  # RFC 822, as in RSS pubDate
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is not None:
        return PublishedDate(_datetime_value(moment), "datetime", origin) if _plausible(
            moment.year
        ) else None
    return _parse_free_text(raw, origin)


def _parse_free_text(raw: str, origin: str) -> PublishedDate | None:
    if not any(ch.isdigit() for ch in raw) or _ISO_SHAPED.match(raw):
        return None  # an ISO-shaped string the strict parsers refused is malformed, not free text
    data = _dateparser().get_date_data(raw)
    moment, period = data.date_obj, data.period
    if moment is None or not _plausible(moment.year):
        return None
    # dateparser fills a missing year from today's date; a stated date must state its year.
    if str(moment.year) not in re.findall(r"\d{4}", raw):
        return None
    if period == "year":
        return PublishedDate(f"{moment.year:04d}", "year", origin)
    if period == "month":
        return PublishedDate(moment.strftime("%Y-%m"), "month", origin)
    if period == "day":
        return PublishedDate(moment.strftime("%Y-%m-%d"), "day", origin)
    return PublishedDate(_datetime_value(moment), "datetime", origin)
