"""Words for records a person reads: dates in the precision they have, titles for incidents
and stories.

The ledger keeps a date as an ISO value at its precision (`2022-SU`, `2023-W15`, a datetime
with microseconds: docket/ledger/periods.py); a page shows "summer 2022", "week of 10 April
2023", "15 March 2023, 16:40 UTC". An incident or story is titled by what it is, where, when
and the first report's headline, so a list of them reads as a list of happenings.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}

# The shape of each precision's value, to read a value stored without its precision.
_SHAPES = (
    ("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")),
    ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("week", re.compile(r"^\d{4}-W\d{2}(-WE)?$")),
    ("month", re.compile(r"^\d{4}-\d{2}$")),
    ("quarter", re.compile(r"^\d{4}-Q[1-4]$")),
    ("half", re.compile(r"^\d{4}-H[12]$")),
    ("season", re.compile(r"^\d{4}-(SP|SU|FA|WI)$")),
    ("year", re.compile(r"^\d{4}$")),
    ("decade", re.compile(r"^\d{3}$")),
    ("century", re.compile(r"^\d{2}$")),
)


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _datetime(value: str) -> str:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    shown = f"{_day(moment.date())}, {moment:%H:%M}"
    offset = moment.utcoffset()
    if offset is None:
        return shown
    if offset == timedelta(0):
        return shown + " UTC"
    return shown + " " + moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]


def _week(value: str) -> str:
    year, week = int(value[:4]), int(value[6:8])
    monday = date.fromisocalendar(year, week, 1)
    if value.endswith("-WE"):
        return f"weekend of {_day(monday + timedelta(5))}"
    return f"week of {_day(monday)}"


def _season(value: str) -> str:
    year, season = int(value[:4]), value[5:]
    if season == "WI":  # winter runs from December into the next year
        return f"winter {year}–{str(year + 1)[-2:]}"
    return f"{_SEASONS[season]} {year}"


def human_date(value: Any, precision: Any = None) -> str:
    """A date value as words at its precision ("March 2023", "summer 2022"); a value Docket
    cannot read is shown as it is stored."""
    if value is None or value == "":
        return ""
    text = str(value).strip()
    kind = str(precision or "")
    if not any(name == kind and shape.match(text) for name, shape in _SHAPES):
        kind = next((name for name, shape in _SHAPES if shape.match(text)), "")
    try:
        return _words(text, kind)
    except (ValueError, KeyError, IndexError):
        return text


def _words(text: str, kind: str) -> str:
    if kind == "datetime":
        return _datetime(text)
    if kind == "day":
        return _day(date.fromisoformat(text))
    if kind == "week":
        return _week(text)
    if kind == "month":
        year, month = int(text[:4]), int(text[5:7])
        return f"{MONTHS[month - 1]} {year}"
    if kind == "quarter":
        return f"{_ORDINAL[int(text[-1])]} quarter of {text[:4]}"
    if kind == "half":
        return f"{_ORDINAL[int(text[-1])]} half of {text[:4]}"
    if kind == "season":
        return _season(text)
    if kind == "year":
        return text
    if kind == "decade":
        return f"the {text}0s"
    if kind == "century":
        return f"the {text}00s"
    return text


def category_words(category: Any) -> str:
    """A category code as words, first letter capital: "attack_on_civilians" → "Attack on
    civilians"."""
    words = str(category or "event").replace("_", " ")
    return words[:1].upper() + words[1:]


def incident_title(incident: dict[str, Any], headline: dict[str, Any] | None = None) -> str:
    """"Shelling in Kupiansk, 14 March 2023: “Shelling damages school in Kupiansk”"."""
    title = category_words(incident.get("category"))
    location = incident.get("location") or {}
    if location.get("name"):
        title += f" in {location['name']}"
    when = incident.get("date") or {}
    if when.get("value"):
        title += f", {human_date(when['value'], when.get('precision'))}"
    if headline and headline.get("title"):
        title += f": “{headline['title']}”"
    return title


def story_title(story: dict[str, Any], headline: dict[str, Any] | None = None) -> str:
    """"“Headline” — Outlet, 15 March 2023 (3 documents)"."""
    head = headline or {}
    title = f"“{head['title']}”" if head.get("title") else f"Story {story.get('id', '')}"
    outlet = head.get("outlet") or story.get("original_outlet")
    when = human_date(head.get("published"), head.get("precision"))
    rest = ", ".join(x for x in (outlet, when) if x)
    if rest:
        title += f" — {rest}"
    count = len(story.get("documents") or [])
    if count > 1:
        title += f" ({count} documents)"
    return title
