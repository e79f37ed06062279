"""Temporal expressions: recognise them in text and normalise them against the publication date.

Every value keeps the exact span it came from and the rule that decided it. Values are ISO 8601
at the precision the words give: "2023-04-12" (day), "2023-W15" (week; "2023-W15-WE" for its
weekend), "2023-04" (month), "2023-Q2" (quarter), "2023-H1" (half), "2023-SU" (season: SP, SU,
FA, WI), "2023" (year), "199" (decade), "19" (century).

Relative expressions ('on Saturday', 'last week', 'six years ago') are resolved only against the
document's publication date, never against the day the pipeline runs: without one they stay
unresolved. The publication date is used as a local calendar date (its date part as written);
nothing is shifted between time zones.

Conventions, chosen for news reporting:

- A bare weekday means the most recent such day on or before publication (the publication
  weekday itself means the publication day); 'last Friday' is strictly before publication;
  'next'/'this coming' Friday is strictly after.
- A bare month, quarter or season means the most recent one that began on or before
  publication ('in March' published in February 2023 is 2022-03), except that a month (or
  month and day) at most two months ahead is read as upcoming ('in May' published in March);
  'next March' looks forward.
- A future cue earlier in the same sentence ('will', 'would', 'is scheduled to', 'effective';
  not when a reporting verb or closing quote follows it) turns a bare weekday, month or month
  and day forward: the next one, publication day or month included ('talks will resume Monday').
- 'The quarter' is the latest quarter that has ended (the one being reported); 'the year-ago
  quarter', 'last year's quarter', 'the 2022 quarter' are that quarter in the year before (or
  the year stated), and 'a year earlier' in a sentence that names a quarter is that quarter a
  year before.
- 'now', 'currently' resolve to the publication date (rule "present"); vague references
  ('recently', 'in the future') are recognised but given no value (rules "vague_past",
  "vague_future"), and anaphoric ones ('a year earlier', 'that day', 'that quarter') depend on a
  time the text discusses, not on publication, so they stay unresolved (rule "anaphoric").
- An impossible calendar date ('31 February') is recognised with no value and rule
  "invalid_date"; an ambiguous numeric date ('04/05/2023') gets no value either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from docket.model import PublishedDate

__all__ = ["TimeExpression", "find_time_expressions", "normalize_expression"]


@dataclass(frozen=True)
class TimeExpression:
    """One temporal expression found in a text, with its normalised value and provenance."""

    start: int
    end: int
    text: str
    value: str | None  # None = recognised but unresolved; `rule` says why
    precision: str | None  # day | week | month | quarter | half | season | year | decade | century
    anchor: str  # "absolute" | "publication" | "unresolved"
    rule: str


# --------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
    # Ukrainian (nominative and genitive, as in "12 березня 2023")
    "січень": 1, "січня": 1, "лютий": 2, "лютого": 2, "березень": 3, "березня": 3,
    "квітень": 4, "квітня": 4, "травень": 5, "травня": 5, "червень": 6, "червня": 6,
    "липень": 7, "липня": 7, "серпень": 8, "серпня": 8, "вересень": 9, "вересня": 9,
    "жовтень": 10, "жовтня": 10, "листопад": 11, "листопада": 11, "грудень": 12, "грудня": 12,
    # Russian
    "январь": 1, "января": 1, "февраль": 2, "февраля": 2, "март": 3, "марта": 3,
    "апрель": 4, "апреля": 4, "май": 5, "мая": 5, "июнь": 6, "июня": 6, "июль": 7, "июля": 7,
    "август": 8, "августа": 8, "сентябрь": 9, "сентября": 9, "октябрь": 10, "октября": 10,
    "ноябрь": 11, "ноября": 11, "декабрь": 12, "декабря": 12,
    # the locative, as in "у листопаді", "в ноябре" (issue 18, item 3)
    "січні": 1, "лютому": 2, "березні": 3, "квітні": 4, "травні": 5, "червні": 6,
    "липні": 7, "серпні": 8, "вересні": 9, "жовтні": 10, "листопаді": 11, "грудні": 12,
    "январе": 1, "феврале": 2, "марте": 3, "апреле": 4, "мае": 5, "июне": 6, "июле": 7,
    "августе": 8, "сентябре": 9, "октябре": 10, "ноябре": 11, "декабре": 12,
}
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
    # Ukrainian and Russian, as after "у"/"в" ("у суботу", "в воскресенье")
    "понеділок": 0, "вівторок": 1, "середу": 2, "четвер": 3, "п'ятницю": 4, "п’ятницю": 4,
    "суботу": 5, "неділю": 6, "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3,
    "пятницу": 4, "субботу": 5, "воскресенье": 6,
}
_UNITS_1_19 = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS_1_19)}
_NUMBER_WORDS.update(_TENS)
_NUMBER_WORDS.update({"a": 1, "an": 1, "a couple of": 2, "a dozen": 12})
_ORDINAL_WORDS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth",
        ]
    )
}
for _tens_word, _tens_value in (("twenty", 20), ("thirty", 30)):
    for _unit_word, _unit_value in list(_ORDINAL_WORDS.items())[:9]:
        _ORDINAL_WORDS[f"{_tens_word} {_unit_word}"] = _tens_value + _unit_value
_ORDINAL_WORDS["thirtieth"] = 30
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                  "fourth": 4, "4th": 4}


def _alternation(words: Sequence[str]) -> str:
    # Longest first, so that "september" wins over "sep".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH_ALT = _alternation(list(_MONTHS))
_WEEKDAY_ALT = _alternation(list(_WEEKDAYS))
_NUMBER_ALT = _alternation([*(w for w in _NUMBER_WORDS if w != "zero"), *_TENS]) + (
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[ -](?:one|two|three|four|five"
    r"|six|seven|eight|nine)|\d{1,4}|several|a few|few|some|many"
)
_ORDINAL_ALT = "|".join(w.replace(" ", "[ -]") for w in sorted(_ORDINAL_WORDS, key=len,
                                                                 reverse=True))


def _number(words: str) -> int | None:
    """The value of a small cardinal: digits, 'six', 'twenty four', 'a'. None when vague."""
    words = words.strip()
    if words.isdigit():
        return int(words)
    if words in _NUMBER_WORDS:
        return _NUMBER_WORDS[words]
    parts = words.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _NUMBER_WORDS:
        unit = _NUMBER_WORDS[parts[1]]
        return _TENS[parts[0]] + unit if 0 < unit < 10 else None
    return None


def _spelled_year(words: str) -> int | None:
    """'nineteen ninety six' → 1996, 'two thousand and three' → 2003, 'twenty twenty' → 2020."""
    parts = words.replace(" and ", " ").split()
    if parts[:2] == ["two", "thousand"]:
        rest = _number(" ".join(parts[2:])) if len(parts) > 2 else 0
        return 2000 + rest if rest is not None and rest < 100 else None
    if len(parts) >= 2 and parts[0] in ("eighteen", "nineteen", "twenty"):
        rest = _number(" ".join(parts[1:]))
        if rest is not None and 10 <= rest < 100:
            return _NUMBER_WORDS[parts[0]] * 100 + rest
    return None


# --------------------------------------------------------------------------------------------
# The reference (publication) date


@dataclass(frozen=True)
class _Reference:
    year: int
    month: int | None
    day: date | None
    # The words before the expression speak of the future ('will meet Monday', 'is scheduled
    # to close in February'): a bare weekday or month then means the next one, not the last.
    forward: bool = False
    # The quarter its sentence reports on (year * 4 + quarter - 1), if it names one: 'profit in
    # the third quarter rose from a year earlier' compares with that quarter a year before.
    quarter: int | None = None


_REFERENCE = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _parse_reference(value: str | None, precision: str | None = None) -> _Reference | None:
    """The local calendar date part of an ISO value, at most at `precision`; None if unusable."""
    if not value:
        return None
    match = _REFERENCE.match(value)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) and precision != "year" else None
    day_part = match.group(3) if precision not in ("year", "month") else None
    if month is not None and not 1 <= month <= 12:
        return None
    day = None
    if month is not None and day_part:
        try:
            day = date(year, month, int(day_part))
        except ValueError:
            return None
    return _Reference(year, month, day)


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class _Result:
    value: str | None
    precision: str | None
    rule: str
    anchor: str  # absolute | publication | unresolved


def _unresolved(rule: str) -> _Result:
    return _Result(None, None, rule, "unresolved")


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _needs(ref: _Reference | None, level: str, rule: str) -> _Result | None:
    """An unresolved result when `ref` is too coarse for `rule`; None when it will do."""
    if ref is None:
        return _unresolved(f"{rule}:no_publication_date")
    if level == "day" and ref.day is None or level == "month" and ref.month is None:
        return _unresolved(f"{rule}:publication_date_not_precise_enough")
    return None


def _published(value: str, precision: str, rule: str) -> _Result:
    return _Result(value, precision, rule, "publication")


def _absolute(value: str, precision: str, rule: str) -> _Result:
    return _Result(value, precision, rule, "absolute")


def _day_result(year: int, month: int, day: int, rule: str, anchor: str) -> _Result:
    try:
        stated = date(year, month, day)
    except ValueError:
        return _unresolved("invalid_date")
    return _Result(stated.isoformat(), "day", rule, anchor)


# --------------------------------------------------------------------------------------------
# Canonical form of one expression

_LEADING = re.compile(
    r"^(?:on|in|at|during|since|by|until|till|from|through|throughout|as of|around|about|"
    r"approximately|roughly|nearly|almost|some ?time|some|circa|its|their|his|her|our|a flat|"
    r"(?:a good |a large |the better |the greater )?(?:part|much|most|all|half) of)\s+"
)
_MODIFIER = re.compile(
    r"^(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle|end|beginning|start|close|turn|"
    r"earlier|later|first days|last days)(?:\s+(?:of|in))?\s+"
)
# Each starts where a run of spaces starts and takes it whole (linear on any run, issue 14).
_TRAILING = re.compile(
    r"(?<!\s)\s++(?:or so|or later|or earlier|and beyond|or two|at the latest)$")
_INNER = re.compile(r"(?<!\s)\s++or so\b")


def _canonical(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u00a0", " ")
    # Hyphens join words ('third-quarter', 'mid-1990', 'twenty-four'), not dates ('2023-04-12').
    s = re.sub(r"(?<=[^\W\d])[-\u2010-\u2015](?=\w)|(?<=\d)[-\u2010-\u2015](?=[^\W\d])", " ", s)
    s = re.sub(r"\b(jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.", r"\1", s)
    s = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"(?<=[^\d\s]),|,(?=\s)", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" .;:!?()[]\"'")
    return s


def _strip_modifiers(s: str) -> str:
    for _ in range(4):  # bounded: "in the early part of" style stacks are short
        stripped = _INNER.sub("", _TRAILING.sub("", _MODIFIER.sub("", _LEADING.sub("", s))))
        if stripped == s:
            break
        s = stripped
    s = re.sub(r"\bfiscal(?: year)?\s+(?=\d{4}\b)", "", s)  # fiscal 1990 → 1990 (a year)
    s = re.sub(r"\bfiscal\s+", "", s)
    return re.sub(r"^the\s+", "", s)


# --------------------------------------------------------------------------------------------
# Rules on the canonical form. Each returns a result or None (not mine).

_Rule = Callable[[str, "_Reference | None"], "_Result | None"]

_PRESENT = re.compile(
    r"(?:right )?now|currently|current|nowadays|these days|at present|presently|"
    r"at (?:this|the) (?:moment|time)|at this point|this (?:crucial )?moment|today's|already"
)
_VAGUE_PAST = re.compile(
    r"(?:more |most |very |until |as )?recent(?:ly)?(?: (?:days|weeks|months|years|decades"
    r"|times)(?: and (?:days|weeks|months|years))?)?|(?:in )?(?:the )?past(?: (?:few |several "
    r"|many )?(?:days|weeks|months|years|decades|quarters))?|previously|formerly|once|earlier|"
    r"lately|(?:the )?(?:last|past) (?:few|several|couple of|many) (?:days|weeks|months|years"
    r"|quarters|decades)|(?:several|a few|a couple of|few|some|many|(?:a )?(?:number|couple)"
    r" of) (?:days|weeks|months|years|decades) ago|(?:days|weeks|months|years|decades) ago|"
    r"in years past|long ago|not long ago|then current|the old days"
)
_VAGUE_FUTURE = re.compile(
    r"(?:the )?(?:near |distant |foreseeable |immediate )?future|soon|(?:as soon as possible)|"
    r"(?:the )?(?:near|short|long|medium) term|(?:the |in the )?(?:coming|next few|upcoming|"
    r"future) (?:days|weeks|months|years|quarters|decades)|a later date|later|eventually|"
    r"(?:some|one) day"
)
_ANAPHORIC = re.compile(
    r"then|the time|that time|(?:that|the same|the following|the next|the previous|the prior|"
    r"the preceding) (?:day|week|weekend|month|quarter|year|period|season|decade)|"
    r"the (?:day|week|month|period|season|decade)|"
    r"(?:a|one|the) (?:day|week|month|quarter|year) (?:earlier|later|before|after)|"
    r"(?:the )?(?:comparable |corresponding )?(?:year ago|year earlier) (?:\w+ )?"
    r"(?:quarter|period)|"
    r"(?:one )?(?:day|week|month|quarter|year) (?:earlier|ago|before)(?: (?:period|quarter|"
    r"month|year|week|level|levels))?|(?:the )?(?:latest|last|previous|prior|comparable|"
    r"corresponding) period(?: last year)?|from time to time|the year earlier period|"
    r"(?:the )?same (?:day|week|month|quarter|period|time)(?: (?:a year ago|last year))?"
)


def _rule_present(s: str, ref: _Reference | None) -> _Result | None:
    if not _PRESENT.fullmatch(s):
        return None
    if ref is None:
        return _unresolved("present:no_publication_date")
    if ref.day is not None:
        return _published(ref.day.isoformat(), "day", "present")
    if ref.month is not None:
        return _published(f"{ref.year}-{ref.month:02d}", "month", "present")
    return _published(str(ref.year), "year", "present")


def _rule_vague(s: str, ref: _Reference | None) -> _Result | None:
    if _VAGUE_PAST.fullmatch(s):
        return _unresolved("vague_past")
    if _VAGUE_FUTURE.fullmatch(s):
        return _unresolved("vague_future")
    if _ANAPHORIC.fullmatch(s):
        return _unresolved("anaphoric")
    return None


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.]+(?:z|[+-]\d\d:?\d\d)?)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_WEEK = re.compile(r"(\d{4})-?w(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")


def _rule_numeric(s: str, ref: _Reference | None) -> _Result | None:
    if m := _ISO_DATE.fullmatch(s):
        # The calendar date as written; a time or zone after it is not used to shift the day.
        return _day_result(int(m[1]), int(m[2]), int(m[3]), "iso_date", "absolute")
    if (m := _ISO_MONTH.fullmatch(s)) and 1 <= int(m[2]) <= 12:
        return _absolute(f"{m[1]}-{m[2]}", "month", "iso_month")
    if (m := _ISO_WEEK.fullmatch(s)) and 1 <= int(m[2]) <= 53:
        return _absolute(f"{m[1]}-W{m[2]}", "week", "iso_week")
    if m := _NUMERIC_DATE.fullmatch(s):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == ".":  # dotted dates are day.month.year wherever they are written
            return _day_result(year, second, first, "numeric_date_dmy", "absolute")
        if first > 12 >= second:
            return _day_result(year, second, first, "numeric_date_dmy", "absolute")
        if second > 12 >= first:
            return _day_result(year, first, second, "numeric_date_mdy", "absolute")
        if first == second:
            return _day_result(year, first, first, "numeric_date", "absolute")
        return _unresolved("ambiguous_numeric_date")
    return None


_CYRILLIC_YEAR_WORDS = (r"(?:минулого|торішнього|цього|поточного|наступного|прошлого|этого|"
                        r"текущего|следующего) (?:року|года)")
_YEAR_WORDS = (r"(?:(?:this|last|next|the current|the previous|the past|the coming) year|"
               rf"{_CYRILLIC_YEAR_WORDS})")
_YEAR_TOKEN = r"\d{4}|'\d\d"
_DATE_DMY = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY_ALT}) )?(?P<day>\d{{1,2}}|{_ORDINAL_ALT})(?: of)? (?P<mon>{_MONTH_ALT})"
    rf"(?: (?:of )?(?P<year>{_YEAR_TOKEN})| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
    r"(?: (?:р|г|року|года|рік|год)\.?)?"
)
_DATE_MDY = re.compile(
    rf"(?:(?:this coming |next |last |this past |this )?(?P<wd>{_WEEKDAY_ALT}) )?"
    rf"(?P<mon>{_MONTH_ALT}) (?P<day>\d{{1,2}}|{_ORDINAL_ALT})"
    rf"(?: (?:of )?(?P<year>{_YEAR_TOKEN})| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
)
_MONTH_YEAR = re.compile(
    rf"(?:(?P<dir>this past|this|last|next|past|previous|coming|the coming) )?"
    rf"(?P<mon>{_MONTH_ALT})(?: (?:of )?(?P<year>{_YEAR_TOKEN}|(?:nineteen|twenty|two thousand)"
    rf"[a-z ]*)| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
)
_WORD_MONTH = {"may", "march", "mar", "jun", "jan", "dec", "oct", "aug", "sept", "sep"}


_MONTHS_AHEAD = 2


def _nearby_year(month: int, ref_month: int, ref_year: int, forward: bool = False) -> int:
    """The year of a month named without one: the most recent such month, unless it is at most
    `_MONTHS_AHEAD` months ahead, which news names for what is scheduled ('talks in December',
    written in October). On TimeBank this window puts 127 of 140 such months in the annotated
    year, against 92 for 'most recent only' and 121 for 'always the publication year'. When
    the sentence speaks of the future (`forward`): the next such month, the current included."""
    if forward:
        return ref_year if month >= ref_month else ref_year + 1
    ahead = (month - ref_month) % 12
    if 0 < ahead <= _MONTHS_AHEAD:
        return ref_year + (1 if month < ref_month else 0)
    return ref_year if month <= ref_month else ref_year - 1


def _year_token(token: str) -> int | None:
    if token.startswith("'"):
        return 1900 + int(token[1:]) if int(token[1:]) >= 30 else 2000 + int(token[1:])
    if token.isdigit():
        return int(token)
    return _spelled_year(token)


def _relative_year(words: str, ref: _Reference) -> int:
    if words.endswith("year") and ("last" in words or "previous" in words or "past" in words):
        return ref.year - 1
    if "next" in words or "coming" in words:
        return ref.year + 1
    if words.startswith(("минулого", "торішнього", "прошлого")):
        return ref.year - 1
    if words.startswith(("наступного", "следующего")):
        return ref.year + 1
    return ref.year


def _rule_month_day(s: str, ref: _Reference | None) -> _Result | None:
    match = _DATE_MDY.fullmatch(s) or _DATE_DMY.fullmatch(s)
    if not match:
        return None
    month = _MONTHS[match["mon"]]
    raw_day = match["day"].replace("-", " ")
    day = int(raw_day) if raw_day.isdigit() else _ORDINAL_WORDS[raw_day]
    if match["year"]:
        year = _year_token(match["year"])
        if year is None:
            return None
        return _day_result(year, month, day, "date", "absolute")
    try:
        date(2000, month, day)  # a leap year: is this day in this month at all?
    except ValueError:
        return _unresolved("invalid_date")
    if ref is None:
        return _unresolved("month_day:no_publication_date")
    if match["rel"]:
        return _day_result(_relative_year(match["rel"], ref), month, day,
                           "month_day_relative_year", "publication")
    if ref.month is None:
        return _day_result(ref.year, month, day, "month_day_publication_year", "publication")
    if ref.forward and ref.day is not None:
        # The next such day on or after publication.
        year = ref.year if (month, day) >= (ref.month, ref.day.day) else ref.year + 1
        return _day_result(year, month, day, "month_day_upcoming", "publication")
    return _day_result(_nearby_year(month, ref.month, ref.year), month, day, "month_day_nearby",
                       "publication")


def _rule_month(s: str, ref: _Reference | None) -> _Result | None:
    match = _MONTH_YEAR.fullmatch(s)
    if not match:
        return None
    month = _MONTHS[match["mon"]]
    if match["year"]:
        year = _year_token(match["year"].strip())
        if year is None:
            return None
        return _absolute(f"{year}-{month:02d}", "month", "month_year")
    if ref is None:
        return _unresolved("month:no_publication_date")
    if match["rel"]:
        year = _relative_year(match["rel"], ref)
        return _published(f"{year}-{month:02d}", "month", "month_relative_year")
    direction = match["dir"] or ""
    if ref.month is None:
        if direction in ("", "this"):
            # A year-precision publication date still fixes 'in March' to that year.
            return _published(f"{ref.year}-{month:02d}", "month", "month_publication_year")
        return _unresolved("month:publication_date_not_precise_enough")
    if direction == "this":
        year = ref.year
    elif direction in ("last", "past", "previous", "this past"):
        year = ref.year if month < ref.month else ref.year - 1
    elif direction in ("next", "coming", "the coming"):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        year = _nearby_year(month, ref.month, ref.year, ref.forward)
        rule = "month_upcoming" if ref.forward else "month_nearby"
        return _published(f"{year}-{month:02d}", "month", rule)
    rule = f"month_{direction.replace(' ', '_')}"
    return _published(f"{year}-{month:02d}", "month", rule)


_WEEKDAY = re.compile(
    rf"(?:(?P<dir>this past|this coming|last|past|previous|next|coming|this) )?(?P<wd>"
    rf"{_WEEKDAY_ALT})(?: (?:morning|afternoon|evening|night|noon|midday))?"
)


def _rule_weekday(s: str, ref: _Reference | None) -> _Result | None:
    match = _WEEKDAY.fullmatch(s)
    if not match:
        return None
    if unresolved := _needs(ref, "day", "weekday"):
        return unresolved
    assert ref is not None and ref.day is not None
    wanted = _WEEKDAYS[match["wd"]]
    back = (ref.day.weekday() - wanted) % 7
    direction = match["dir"] or ""
    if direction in ("last", "past", "previous", "this past"):
        day, rule = ref.day - timedelta(days=back or 7), "weekday_last"
    elif direction in ("next", "coming", "this coming"):
        ahead = (wanted - ref.day.weekday()) % 7
        day, rule = ref.day + timedelta(days=ahead or 7), "weekday_next"
    elif direction == "this":
        day, rule = ref.day + timedelta(days=wanted - ref.day.weekday()), "weekday_this_week"
    elif ref.forward:
        # 'will meet Monday', 'is scheduled to close Tuesday': the next such day.
        ahead = (wanted - ref.day.weekday()) % 7
        day, rule = ref.day + timedelta(days=ahead), "weekday_upcoming"
    else:
        # News reports what happened: the most recent such day, the publication day included.
        day, rule = ref.day - timedelta(days=back), "weekday_most_recent"
    return _published(day.isoformat(), "day", rule)


_DAY_WORDS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "tomorrow": 1, "tomorrow morning": 1, "tomorrow night": 1,
    "the day before yesterday": -2, "day before yesterday": -2, "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "сьогодні": 0, "вчора": -1, "учора": -1, "завтра": 1, "сегодня": 0, "вчера": -1,
}


def _rule_day_word(s: str, ref: _Reference | None) -> _Result | None:
    if s not in _DAY_WORDS:
        return None
    if unresolved := _needs(ref, "day", "day_word"):
        return unresolved
    assert ref is not None and ref.day is not None
    return _published((ref.day + timedelta(days=_DAY_WORDS[s])).isoformat(), "day", "day_word")


_THIS = r"this|the current|current|the present"
_LAST = r"last|the last|past|the past|previous|the previous|latest|the latest|most recent|" \
        r"the most recent|this past|the prior|prior"
_NEXT = r"next|the next|coming|the coming|this coming|the upcoming|upcoming|following"
_UNIT_RELATIVE = re.compile(
    rf"(?:(?P<this>{_THIS})|(?P<last>{_LAST})|(?P<next>{_NEXT}))? ?(?P<unit>week|weekend|month"
    r"|quarter|year|decade|century)"
)


def _rule_unit_relative(s: str, ref: _Reference | None) -> _Result | None:
    match = _UNIT_RELATIVE.fullmatch(s)
    if not match or not (match["this"] or match["last"] or match["next"]):
        return None
    unit = match["unit"]
    step = -1 if match["last"] else 1 if match["next"] else 0
    rule = f"{unit}_{'last' if step < 0 else 'next' if step > 0 else 'this'}"
    if unit in ("year", "decade", "century"):
        if ref is None:
            return _unresolved(f"{rule}:no_publication_date")
        if unit == "year":
            return _published(str(ref.year + step), "year", rule)
        if unit == "decade":
            return _published(str(ref.year // 10 + step), "decade", rule)
        return _published(f"{ref.year // 100 + step:02d}", "century", rule)
    if unit in ("month", "quarter"):
        if unresolved := _needs(ref, "month", rule):
            return unresolved
        assert ref is not None and ref.month is not None
        if unit == "month":
            year, month = _shift_month(ref.year, ref.month, step)
            return _published(f"{year}-{month:02d}", "month", rule)
        index = ref.year * 4 + (ref.month - 1) // 3 + step
        return _published(f"{index // 4}-Q{index % 4 + 1}", "quarter", rule)
    if unresolved := _needs(ref, "day", rule):
        return unresolved
    assert ref is not None and ref.day is not None
    if unit == "weekend":
        # 'this weekend' / 'the weekend' published on a weekday: the one just past.
        saturday = ref.day - timedelta(days=(ref.day.weekday() - 5) % 7)
        saturday += timedelta(days=7 * step)
        return _published(f"{_iso_week(saturday)}-WE", "week", rule)
    return _published(_iso_week(ref.day + timedelta(days=7 * step)), "week", rule)


_BARE_WEEKEND = re.compile(r"weekend")


def _rule_weekend(s: str, ref: _Reference | None) -> _Result | None:
    if not _BARE_WEEKEND.fullmatch(s):
        return None
    return _rule_unit_relative("this weekend", ref)


_AGO = re.compile(
    rf"(?P<n>{_NUMBER_ALT}) (?P<unit>day|week|month|quarter|year|decade)s? (?P<dir>ago|from now|"
    r"hence|back)"
)


def _rule_ago(s: str, ref: _Reference | None) -> _Result | None:
    match = _AGO.fullmatch(s)
    if not match:
        return None
    count = _number(match["n"].replace("-", " "))
    if count is None:
        return _unresolved("vague_past" if match["dir"] != "from now" else "vague_future")
    sign = 1 if match["dir"] in ("from now", "hence") else -1
    unit = match["unit"]
    rule = f"{unit}s_{'ago' if sign < 0 else 'from_now'}"
    level = "day" if unit in ("day", "week") else "month" if unit in ("month", "quarter") else ""
    if unresolved := _needs(ref, level, rule):
        return unresolved
    assert ref is not None
    if unit == "day":
        assert ref.day is not None
        return _published((ref.day + timedelta(days=sign * count)).isoformat(), "day", rule)
    if unit == "week":
        assert ref.day is not None
        return _published(_iso_week(ref.day + timedelta(weeks=sign * count)), "week", rule)
    if unit == "month":
        assert ref.month is not None
        year, month = _shift_month(ref.year, ref.month, sign * count)
        return _published(f"{year}-{month:02d}", "month", rule)
    if unit == "quarter":
        assert ref.month is not None
        index = ref.year * 4 + (ref.month - 1) // 3 + sign * count
        return _published(f"{index // 4}-Q{index % 4 + 1}", "quarter", rule)
    if unit == "year":
        return _published(str(ref.year + sign * count), "year", rule)
    return _published(str((ref.year + sign * 10 * count) // 10), "decade", rule)


_QUARTER = re.compile(
    rf"(?:(?P<owner>this year's|last year's|next year's|(?:{_YEAR_TOKEN})'?s?) )?"
    r"(?:(?P<dir>this|last|next|latest|current|previous) )?(?P<q>first|second|third|fourth|1st"
    rf"|2nd|3rd|4th|q[1-4]|[1-4]q) ?(?:quarter|qtr)?(?: (?:of )?(?P<year>{_YEAR_TOKEN})"
    rf"| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
)
_HALF = re.compile(
    rf"(?:(?P<owner>this year's|last year's|next year's|\d{{4}}) )?(?P<h>first|second|last|"
    rf"h1|h2|1st|2nd|first two quarters|last two quarters) ?(?:half|quarters)?"
    rf"(?: (?:of )?(?P<year>{_YEAR_TOKEN})| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
)


def _owner_year(owner: str | None, year: str | None, rel: str | None,
                ref: _Reference | None) -> tuple[int | None, str]:
    """The year a quarter or half belongs to, and whether it was stated or derived."""
    if year:
        return _year_token(year), "absolute"
    if owner and owner[:4].isdigit():
        return int(owner[:4]), "absolute"
    if ref is None:
        return None, "unresolved"
    if owner:
        return _relative_year(owner.replace("'s", " year"), ref), "publication"
    if rel:
        return _relative_year(rel, ref), "publication"
    return None, "publication"


_YEAR_AGO_QUARTER = re.compile(
    r"(?:the )?(?:comparable |corresponding |same )?(?:year (?:ago|earlier)|prior year|previous "
    r"year|last year's) (?:(?P<q>first|second|third|fourth) )?(?:fiscal )?quarter|"
    r"(?:the )?(?:same )?quarter (?:a year (?:ago|earlier)|of last year|last year)|"
    rf"(?:the )?(?P<year>{_YEAR_TOKEN}) (?:fiscal )?quarter"
)


_YEAR_AGO = re.compile(
    r"(?:the )?(?:a |one )?year (?:ago|earlier)(?: (?:period|level|levels|results|figure))?")


def _rule_year_ago_quarter(s: str, ref: _Reference | None) -> _Result | None:
    """'The year-ago quarter', 'last year's quarter', 'the 2022 quarter': the quarter being
    compared with, i.e. the one 'the quarter' means (the latest that has ended, or the stated
    one) in the year before (or in the stated year). 'A year earlier' in a sentence about a
    quarter is that quarter a year before."""
    if ref is not None and ref.quarter is not None and _YEAR_AGO.fullmatch(s):
        index = ref.quarter - 4
        return _published(f"{index // 4}-Q{index % 4 + 1}", "quarter", "quarter_year_ago")
    match = _YEAR_AGO_QUARTER.fullmatch(s)
    if not match:
        return None
    if unresolved := _needs(ref, "month", "quarter_year_ago"):
        return unresolved
    assert ref is not None and ref.month is not None
    current = (ref.month - 1) // 3 + 1
    if match["q"]:
        quarter = _QUARTER_WORDS[match["q"]]
        year = (ref.year if quarter <= current else ref.year - 1) - 1
    else:
        index = ref.year * 4 + current - 2  # the latest quarter that has ended
        quarter, year = index % 4 + 1, index // 4 - 1
    if match["year"]:
        stated = _year_token(match["year"])
        if stated is None:
            return None
        return _published(f"{stated}-Q{quarter}", "quarter", "quarter_of_stated_year")
    return _published(f"{year}-Q{quarter}", "quarter", "quarter_year_ago")


def _rule_quarter(s: str, ref: _Reference | None) -> _Result | None:
    match = _QUARTER.fullmatch(s)
    if not match or not (("quarter" in s or "qtr" in s) or re.search(r"\bq[1-4]\b|\b[1-4]q\b", s)):
        return None
    token = match["q"]
    quarter = int(token[1]) if token.startswith("q") else int(token[0]) if token[0].isdigit() \
        else _QUARTER_WORDS[token]
    year, anchor = _owner_year(match["owner"], match["year"], match["rel"], ref)
    if year is not None:
        return _Result(f"{year}-Q{quarter}", "quarter", "quarter_stated_year", anchor)
    if unresolved := _needs(ref, "month", "quarter"):
        return unresolved
    assert ref is not None and ref.month is not None
    current = (ref.month - 1) // 3 + 1
    # The most recent such quarter that has begun: a report in February about 'the fourth
    # quarter' means the one just ended, in October the one under way.
    year = ref.year if quarter <= current else ref.year - 1
    return _published(f"{year}-Q{quarter}", "quarter", "quarter_most_recent")


def _rule_half(s: str, ref: _Reference | None) -> _Result | None:
    if not ("half" in s or "two quarters" in s or re.search(r"\bh[12]\b", s)):
        return None
    match = _HALF.fullmatch(s)
    if not match:
        return None
    half = 1 if match["h"] in ("first", "h1", "1st", "first two quarters") else 2
    year, anchor = _owner_year(match["owner"], match["year"], match["rel"], ref)
    if year is not None:
        return _Result(f"{year}-H{half}", "half", "half_stated_year", anchor)
    if unresolved := _needs(ref, "month", "half"):
        return unresolved
    assert ref is not None and ref.month is not None
    year = ref.year if half == 1 or ref.month > 6 else ref.year - 1
    return _published(f"{year}-H{half}", "half", "half_most_recent")


_SEASON = re.compile(
    r"(?:(?P<dir>this past|this coming|this|last|past|next|coming) )?(?P<season>spring|summer|"
    rf"fall|autumn|winter)(?: (?:of )?(?P<year>{_YEAR_TOKEN}|(?:nineteen|twenty|two thousand)"
    rf"[a-z ]*)| (?:of )?(?P<rel>{_YEAR_WORDS}))?"
)


def _rule_season(s: str, ref: _Reference | None) -> _Result | None:
    match = _SEASON.fullmatch(s)
    if not match:
        return None
    code = _SEASONS[match["season"]]
    if match["year"]:
        year = _year_token(match["year"].strip())
        return None if year is None else _absolute(f"{year}-{code}", "season", "season_year")
    if ref is None:
        return _unresolved("season:no_publication_date")
    if match["rel"]:
        return _published(f"{_relative_year(match['rel'], ref)}-{code}", "season",
                          "season_relative_year")
    direction = match["dir"] or ""
    if ref.month is None:
        if direction in ("", "this"):
            return _published(f"{ref.year}-{code}", "season", "season_publication_year")
        return _unresolved("season:publication_date_not_precise_enough")
    start = _SEASON_START[code]
    # Winter starts in December and runs into the next year; January is in last year's winter.
    begun_this_year = ref.month >= start
    current_year = ref.year if begun_this_year else ref.year - 1
    in_it = (ref.month - start) % 12 < 3
    if direction == "this":
        year = current_year if in_it or code == "WI" and ref.month <= 2 else ref.year
    elif direction in ("last", "past", "this past"):
        year = current_year - 1 if in_it else current_year
    elif direction in ("next", "coming", "this coming"):
        year = current_year + 1
    else:
        year = current_year
    rule = f"season_{direction.replace(' ', '_')}" if direction else "season_most_recent"
    return _published(f"{year}-{code}", "season", rule)


_DECADE = re.compile(
    r"(?:(?P<century>\d\d)(?P<d>\d)0 ?'?s|'?(?P<short>\d)0 ?'?s|(?P<word>twenties|thirties|"
    r"forties|fifties|sixties|seventies|eighties|nineties))"
)
_CENTURY = re.compile(rf"(?P<n>\d{{1,2}}|{_ORDINAL_ALT}) century")


def _rule_decade(s: str, ref: _Reference | None) -> _Result | None:
    if m := _CENTURY.fullmatch(s):
        raw = m["n"].replace("-", " ")
        number = int(raw) if raw.isdigit() else _ORDINAL_WORDS.get(raw)
        if number is None or not 1 <= number <= 30:
            return None
        return _absolute(f"{number - 1:02d}", "century", "century")
    match = _DECADE.fullmatch(s)
    if not match:
        return None
    if match["century"]:
        return _absolute(f"{match['century']}{match['d']}", "decade", "decade")
    digit = int(match["short"]) if match["short"] else _DECADE_WORDS[match["word"] or ""]
    if ref is None:
        return _unresolved("decade:no_publication_date")
    # 'the nineties' without a century: the most recent such decade that has begun.
    century = ref.year // 100 if digit <= (ref.year // 10) % 10 else ref.year // 100 - 1
    return _published(f"{century}{digit}", "decade", "decade_most_recent")


_YEAR = re.compile(r"(?:the )?(?:year )?(?P<year>\d{4}|'\d\d)(?: (?:period|calendar year|year))?")


def _rule_year(s: str, ref: _Reference | None) -> _Result | None:
    if m := _YEAR.fullmatch(s):
        year = _year_token(m["year"])
        if year is not None and 1000 <= year <= 2999:
            return _absolute(str(year), "year", "year")
        return None
    spoken = re.sub(r"^(?:the )?(?:year )?", "", s)
    if spoken and spoken[0] in "ent" and (year := _spelled_year(spoken)) is not None:
        return _absolute(str(year), "year", "spelled_year")
    return None


_IMPLIED = re.compile(
    r"(?P<year>(?:the )?(?:full |whole |entire |calendar )?year(?:'s)?(?: end)?|year end|"
    r"(?:the )?end of the year)|(?P<quarter>(?:the )?(?:latest |most recent |reporting )?quarter)"
    r"|(?P<ago>(?:a|one) year ago)"
)


def _rule_implied(s: str, ref: _Reference | None) -> _Result | None:
    """Unqualified 'the year' and 'the quarter' as news uses them: the publication year and the
    latest quarter that has ended (the one being reported); 'a year ago' at year precision."""
    match = _IMPLIED.fullmatch(s)
    if not match:
        return None
    if match["quarter"]:
        if unresolved := _needs(ref, "month", "quarter_latest"):
            return unresolved
        assert ref is not None and ref.month is not None
        index = ref.year * 4 + (ref.month - 1) // 3 - 1
        return _published(f"{index // 4}-Q{index % 4 + 1}", "quarter", "quarter_latest")
    if ref is None:
        return _unresolved("year_implied:no_publication_date")
    if match["ago"]:
        return _published(str(ref.year - 1), "year", "years_ago")
    return _published(str(ref.year), "year", "year_implied")


_RULES: tuple[_Rule, ...] = (
    _rule_implied,
    _rule_numeric, _rule_day_word, _rule_weekday, _rule_month_day, _rule_quarter, _rule_half,
    _rule_month, _rule_season, _rule_unit_relative, _rule_weekend, _rule_ago, _rule_decade,
    _rule_year,
)
_MAX_EXPRESSION = 200  # characters: no real temporal expression is longer


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    # Absolute dates only: a missing year must not be filled in from the day we run.
    return DateDataParser(settings={
        "PARSERS": ["absolute-time"], "RETURN_TIME_AS_PERIOD": True,
        "REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first",
    })


def _rule_dateparser(text: str) -> _Result | None:
    """Absolute dates in other formats and languages, with the year stated."""
    if not re.search(r"\d{4}", text):
        return None
    try:
        data = _dateparser().get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    moment: datetime | None = data.date_obj
    if moment is None:
        return None
    period = data.period or "day"
    if period == "year":
        return _absolute(str(moment.year), "year", "dateparser")
    if period == "month":
        return _absolute(f"{moment.year}-{moment.month:02d}", "month", "dateparser")
    return _absolute(moment.date().isoformat(), "day", "dateparser")


@lru_cache(maxsize=4096)  # news repeats its expressions; a long text must stay cheap
def _normalize(text: str, ref: _Reference | None) -> _Result:
    if len(text) > _MAX_EXPRESSION:
        return _unresolved("too_long")
    s = _canonical(text)
    if not s:
        return _unresolved("empty")
    candidates = [s]
    s_leading = _LEADING.sub("", s)
    if s_leading != s:
        candidates.append(s_leading)
    first_rules: tuple[_Rule, ...] = (_rule_year_ago_quarter, _rule_present, _rule_vague)
    for candidate in candidates:
        for rule in first_rules:
            if result := rule(candidate, ref):
                return result
    core = _strip_modifiers(s)
    for candidate in dict.fromkeys((s, core, re.sub(r"^the ", "", s_leading))):
        if not candidate:
            continue
        for rule in _RULES:
            if result := rule(candidate, ref):
                return result
    for candidate in (core,):
        if result := _rule_present(candidate, ref) or _rule_vague(candidate, ref):
            return result
    if result := _rule_dateparser(text):
        return result
    return _unresolved("not_understood")


_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)[.!?;][\"')\]]*\s+")
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|would|wouldn't|'ll|shall|(?:is|are|was|were) (?:due |set )?to|scheduled"
    r"|set to|expected to|plans? to|planned|planning to|intends? to|effective|to (?:resume"
    r"|begin|start|open|close|take effect|expire|end))\b",
    re.IGNORECASE,
)
# A reporting clause after the cue ('"We will grow," she said Friday') dates the saying, which
# is past; so does a closing quotation mark, which ends the quoted future.
_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|added|reported|stated|wrote|noted)\b|[,.!?][\"\u201d]",
    re.IGNORECASE,
)
_CUE_WORDS = 12  # how far back in its sentence a future cue may stand


def _speaks_of_future(before: str) -> bool:
    """Whether the words just before an expression, in its sentence, put it in the future."""
    sentence = _SENTENCE_END.split(before[-300:])[-1]
    words = " ".join(sentence.split()[-_CUE_WORDS:])
    cues = list(_FUTURE_CUE.finditer(words))
    return bool(cues) and not _REPORTED.search(words, cues[-1].end())


_SENTENCE_QUARTER = re.compile(
    r"\b(?:(?P<q>first|second|third|fourth)[\s-]+(?:fiscal[\s-]+)?)?quarter\b", re.IGNORECASE)


def _sentence_quarter(before: str, ref: _Reference) -> int | None:
    """The quarter the sentence before an expression reports on: the last one it names ('the
    third quarter': the most recent that has begun), or for a bare 'the quarter' the latest that
    has ended, as `_rule_implied` reads it."""
    if ref.month is None:
        return None
    sentence = _SENTENCE_END.split(before[-300:])[-1]
    named = list(_SENTENCE_QUARTER.finditer(sentence))
    if not named:
        return None
    current = (ref.month - 1) // 3 + 1
    word = named[-1]["q"]
    if word is None:
        return ref.year * 4 + current - 2
    quarter = _QUARTER_WORDS[word.lower()]
    return (ref.year if quarter <= current else ref.year - 1) * 4 + quarter - 1


def _with_context(ref: _Reference | None, before: str) -> _Reference | None:
    if ref is None or not before:
        return ref
    forward = _speaks_of_future(before)
    quarter = _sentence_quarter(before, ref)
    if not forward and quarter is None:
        return ref
    return _Reference(ref.year, ref.month, ref.day, forward=forward, quarter=quarter)


def normalize_expression(text: str, reference: str | None,
                         before: str = "") -> tuple[str | None, str | None, str]:
    """(value, precision, rule) of one temporal expression; `reference` is the document date
    'YYYY-MM-DD' (or longer ISO; the local date part is used, never converted to UTC) or None.
    `before` is the text preceding the expression (its sentence is enough): a future cue there
    ('will', 'is scheduled to') makes a bare weekday or month mean the next one."""
    result = _normalize(text, _with_context(_parse_reference(reference), before))
    return result.value, result.precision, result.rule



# --------------------------------------------------------------------------------------------
# Recognition: a handful of bounded regular expressions over the running text. Each is a
# sequence of words with optional parts and no nested repetition, so a scan is linear in the
# text; overlapping candidates are settled by taking the earliest, then the longest.

_R_MON = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|march|mar\.|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|"
    + _alternation([w for w in _MONTHS if not w.isascii()]) + r")"
)
_R_WD = rf"(?:{_WEEKDAY_ALT})"
_R_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL_ALT})"
_R_YEAR = r"(?:1[89]\d\d|20\d\d)"
_R_PRE = (r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|middle|end|beginning|start|close)"
          r"(?:\s+of)?[\s-]+(?:the\s+)?)?")
_R_DIR = r"(?:this\s+past|this\s+coming|last|next|this|past|previous|coming)"
_R_REL_YEAR = (r"(?:,?\s+(?:of\s+)?(?:this|last|next)\s+year|\s+"
               + _CYRILLIC_YEAR_WORDS.replace(" ", r"\s+") + ")")
_R_NUM = _NUMBER_ALT.replace(" ", r"\s+")

_RECOGNISERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(r"(?<![\w'])" + pattern + r"(?![\w'])", re.IGNORECASE))
    for name, pattern in (
        ("numeric", r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"),
        ("date", rf"(?:(?:{_R_DIR}\s+)?{_R_WD},?\s+)?(?:{_R_MON}\s+{_R_DAY}(?:,?\s+{_R_YEAR})?|"
                 rf"(?:the\s+)?{_R_DAY}(?:\s+of)?\s+{_R_MON}(?:,?\s+{_R_YEAR})?"
                 r"(?:\s+(?:р\.|року|г\.|года))?)" + rf"{_R_REL_YEAR}?"),
        ("month", rf"{_R_PRE}(?:{_R_DIR}\s+)?{_R_MON}(?:,?\s+(?:of\s+)?{_R_YEAR}|{_R_REL_YEAR})?"),
        ("weekday", rf"(?:(?:early|late|earlier|later)\s+)?(?:{_R_DIR}\s+|the\s+previous\s+)?"
                    rf"{_R_WD}(?:\s+(?:morning|afternoon|evening|night))?"),
        ("day_word", r"(?:(?:early|late|earlier|later)\s+)?(?:today|tonight|yesterday|tomorrow|"
                     r"this\s+(?:morning|afternoon|evening)|last\s+night|(?:the\s+)?day\s+"
                     r"(?:before\s+yesterday|after\s+tomorrow)|сьогодні|вчора|учора|сегодня|вчера)"),
        ("unit", rf"{_R_PRE}(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past|previous|"
                 r"current|coming|the\s+(?:past|last|previous|current|coming|latest))\s+"
                 r"(?:fiscal\s+)?(?:week(?:end)?|month|quarter|year|decade|century)|the\s+weekend"),
        ("ago", rf"(?:{_R_NUM})\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|from\s+now)"),
        ("quarter", rf"(?:the\s+)?(?:(?:this|last|next)\s+year's\s+|{_R_YEAR}\s+|fiscal\s+)?"
                    r"(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter"
                    rf"(?:\s+of\s+(?:fiscal\s+)?{_R_YEAR})?|Q[1-4](?:\s+{_R_YEAR})?|(?:the\s+)?"
                    rf"(?:first|second)\s+half(?:\s+of\s+{_R_YEAR})?"),
        ("season", rf"{_R_PRE}(?:{_R_DIR}\s+)?(?:spring|summer|fall|autumn|winter)"
                   rf"(?:\s+(?:of\s+)?{_R_YEAR})?"),
        ("decade", r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:1[89]\d0s|20\d0s|'\d0s|"
                   r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|"
                   r"the\s+\d{1,2}(?:st|nd|rd|th)\s+century"),
        ("year", rf"{_R_PRE}(?:fiscal\s+(?:year\s+)?)?{_R_YEAR}(?!-\d)"),
        ("present", r"(?:right\s+)?now|currently|nowadays|these\s+days|at\s+present|"
                    r"(?:more\s+)?recently|(?:in\s+)?recent\s+(?:days|weeks|months|years)|"
                    r"the\s+(?:near\s+)?future"),
    )
)
# Words after which a bare four-digit number is a year rather than a count ("in 2014" but not
# "2014 soldiers"); words that may stand before a bare month name that is also a common word.
_YEAR_CUES = frozenset({
    "in", "since", "of", "by", "until", "till", "from", "during", "before", "after", "for", "to",
    "through", "early", "late", "mid", "fiscal", "year", "around", "between", "and", "or",
    "spring", "summer", "fall", "autumn", "winter", "the", "end", "beginning",
})
_CAPITAL_ONLY = {"may", "march", "fall", "spring"}
_PREVIOUS_WORD = re.compile(r"([^\W\d]+)\W*$")


# 'a man in his fifties', 'in their early 20s': an age, not a decade.
_AGE_BEFORE = re.compile(r"\bin (?:his|her|their|my|your|our) (?:early |mid-?|late )?$", re.I)


def _accept(kind: str, span: str, text: str, start: int) -> bool:
    """Drop candidates that are more likely ordinary words or numbers than dates."""
    if _AGE_BEFORE.search(text[max(0, start - 30):start]):
        return False
    previous = _PREVIOUS_WORD.search(text[max(0, start - 30):start])
    before = previous.group(1).lower() if previous else ""
    words = span.split()
    if kind == "year" and len(words) == 1:
        return before in _YEAR_CUES
    if kind in ("month", "season") and len(words) == 1:
        word = words[0]
        if word.lower() in _CAPITAL_ONLY and not word[0].isupper():
            return False
        if word.lower() in ("may", "fall", "spring"):
            return before in _YEAR_CUES or before in ("last", "next", "this", "past")
    # 'may 5' in lower case is a verb and a number far more often than a date.
    return not (kind == "date" and words[0].lower() in _CAPITAL_ONLY and not words[0][0].isupper())


def find_time_expressions(text: str, published: PublishedDate | None,
                          excluded: Sequence[tuple[int, int]] = ()) -> list[TimeExpression]:
    """Recognise and normalise every temporal expression in `text`; expressions overlapping an
    excluded span (captions, removed boilerplate) are not returned. A `published` of precision
    'year' or 'month' resolves only what it can (e.g. 'in March' against year precision →
    '<year>-03'); weekday/day-relative expressions then stay unresolved."""
    ref = _parse_reference(published.value, published.precision) if published else None
    candidates: list[tuple[int, int, str]] = []
    for kind, pattern in _RECOGNISERS:
        for match in pattern.finditer(text):
            if _accept(kind, match.group(), text, match.start()):
                candidates.append((match.start(), match.end(), kind))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
    blocked = sorted(excluded)
    found: list[TimeExpression] = []
    last_end = -1
    for start, end, _kind in candidates:
        if start < last_end:
            continue
        last_end = end
        if any(b_start < end and start < b_end for b_start, b_end in blocked):
            continue  # a caption's or boilerplate's date is never an event date
        span = text[start:end]
        result = _normalize(span, _with_context(ref, text[max(0, start - 300):start]))
        found.append(TimeExpression(start, end, span, result.value, result.precision,
                                    result.anchor, result.rule))
    return found
