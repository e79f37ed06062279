"""The incident filters in an address, checked: a malformed one is refused with a message.

`/incidents` and `/export` take the same filters. A date that is not one, a count that is not a
number, a category, side or verification status that no extraction gives and this ledger does
not hold, or an unknown export format, answers 400 with a message naming the parameter and what
it takes: dropping it silently showed (or exported) everything, which looks like an answer.
A date may be typed as ISO or in a common written form ("15 March 2023": see
`docket.ledger.filter_dates`). Empty values mean "any", as the filter form sends them;
parameters that are not filters are ignored. A number too large for SQLite is capped, not
refused, and a negative one counts as 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from starlette.exceptions import HTTPException

from docket.errors import RequestError
from docket.ledger.filter_dates import HINT, filter_date
from docket.ledger.views import IncidentFilter
from docket.model import CATEGORY_NAMES, SIDES, VERIFICATION_STATUSES

# Beyond any count or offset a ledger holds, and inside SQLite's 64-bit integers: a larger
# number typed into the address ("min_sources=99999999999999999999") raised OverflowError (500).
MAX_INT_PARAM = 2**31
_WHOLE = re.compile(r"[+-]?[0-9]+")

# The values extraction gives each choice filter; a ledger may also hold others (from an
# older Docket or an analyst's edit), which are accepted too.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "category": CATEGORY_NAMES, "side": SIDES, "verification": VERIFICATION_STATUSES,
}
_WHAT = {"category": "an incident category", "side": "a perpetrator side",
         "verification": "a verification status"}


def refuse(name: str, message: str) -> HTTPException:
    """A 400 naming the parameter, shown on the error page (with the security headers)."""
    return HTTPException(400, f"Cannot use the filter {name!r}: {message}")


def int_param(params: Mapping[str, str], name: str, default: int = 0) -> int:
    """A whole number from the address: absent or empty gives `default`; capped to
    [0, MAX_INT_PARAM]; anything else is refused."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE.fullmatch(raw):
        raise refuse(name, f"{_shown(raw)} is not a whole number.")
    if len(raw.lstrip("+-").lstrip("0")) > len(str(MAX_INT_PARAM)):
        return 0 if raw.startswith("-") else MAX_INT_PARAM  # never parsed: no huge int()
    return min(MAX_INT_PARAM, max(0, int(raw)))


def date_param(params: Mapping[str, str], name: str) -> str:
    """The ISO date or prefix a typed date names (ISO or a common written form), or ""."""
    try:
        return filter_date(params.get(name, ""), name)
    except RequestError as exc:
        raise refuse(name, f"{_shown(params.get(name, ''))} is not a date; {HINT}.") from exc


def incident_filter(params: Mapping[str, str],
                    present: Callable[[], dict[str, list[str]]]) -> IncidentFilter:
    """The incident filters in `params`, each checked. `present` gives the values this ledger
    holds for each choice filter; it is asked only when a value is not in the vocabulary."""
    choices = {}
    for name, vocabulary in _VOCABULARY.items():
        value = params.get(name, "").strip()
        if value and value not in vocabulary:
            held = present().get(name, [])
            if value not in held:
                known = ", ".join(sorted({*vocabulary, *held}))
                raise refuse(name, f"{_shown(value)} is not {_WHAT[name]} ({known}).")
        choices[name] = value
    return IncidentFilter(
        category=choices["category"], side=choices["side"],
        verification=choices["verification"], since=date_param(params, "since"),
        until=date_param(params, "until"), place=params.get("place", "").strip(),
        min_sources=int_param(params, "min_sources"))


def _shown(value: str) -> str:
    """What was typed, quoted and shortened: a message never carries a whole address."""
    return repr(value if len(value) <= 60 else value[:60] + "…")
