"""Contradictions: where copies of one report, or reports of one incident, disagree.

An analyst cannot read a dozen copies side by side; Docket points at the places where they
differ, with each value, the words behind it and its document, so a person can judge which is
right. A translation chain that turned "more than 15,000" into "more than 15" is the error
this exists to catch.

Two scopes:

- `story`: copies of one report. Events are aligned across the copies by category family,
  aggregate flag and place entity, then by the order of their triggers in the text (the n-th
  shelling of Kramatorsk in one copy is the n-th in the other); aligned events from different
  documents are compared.
- `incident`: the events of one incident (`docket.link.incidents`) from different stories.

Fields and when two values disagree (each contradiction's `rule` names the test):

- `fatalities`, `victims_count`: the counts' ranges do not overlap (`count_range`: "at least /
  more than N" is N or more, "fewer than / up to N" at most N, "about N" N +-25%, "nearly N"
  80% of N to N, a bare or "exactly" N is N), so "at least 3" and "5" agree; or they are two
  orders of magnitude apart (x100 or more) while neither is an upper bound, which catches a
  lost thousands separator even between two lower bounds ("more than 15,000" / "more than
  15"). A victims count that is also the event's fatalities is reported once, as fatalities.
  Evidence is the count's own words when the record has them, else the sentence.
- `date`: two different day values (coarser dates never contradict a day).
- `place`: different entities more than `NEAR_KM` km apart, neither an admin region holding
  the other.
- `perpetrator_side`, `victims_status`: both known and different ("people" is no status).
- `verification`: one says confirmed, the other denied or disputed.
- `category`: different categories (in an incident these are compatible ones, e.g. a strike
  one source calls shelling and another an air strike: the weapon is in dispute).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from docket.link.incidents import (
    NEAR_KM,
    Incident,
    category_family,
    contains,
    place_facts,
)
from docket.model import Contradiction, ContradictionScope, stable_id
from docket.nlp.gazetteer import distance_km

FIELDS = ("fatalities", "victims_count", "date", "place", "perpetrator_side", "victims_status",
          "verification", "category")
# Also found, by docket.link.figures: "figure", a count two copies give differently in
# sentences that match each other.
MAGNITUDE = 100  # counts this many times apart disagree whatever their qualifiers say
ABOUT = 0.25  # "about N": within this share of N
NEARLY = 0.8  # "nearly N": from this share of N up to N
CONFLICTING_VERIFICATION = (frozenset({"confirmed", "denied"}),
                            frozenset({"confirmed", "disputed"}))
_LOWER = ("at least", "more than", "between")
_UPPER = ("fewer than", "up to")


@dataclass(frozen=True)
class _Stated:
    """One event's value for one field: what to compare, what to show, the words behind it."""

    order: int
    event: dict[str, Any]
    group: str  # the document (story scope) or story (incident scope) it belongs to
    key: Any
    shown: Any
    evidence: dict[str, Any]


# --- counts ---------------------------------------------------------------------------------

def count_range(count: int, qualifier: str | None) -> tuple[float, float]:
    """The numbers a stated count allows, by its qualifier."""
    if qualifier in _LOWER:
        return count, math.inf
    if qualifier in _UPPER:
        return 0, count
    if qualifier == "about":
        return count * (1 - ABOUT), count * (1 + ABOUT)
    if qualifier == "nearly":
        return count * NEARLY, count
    return count, count


def counts_disagree(a: tuple[int, str | None], b: tuple[int, str | None]) -> str | None:
    """The rule by which two stated counts disagree, or None when both can be true."""
    (na, qa), (nb, qb) = a, b
    low, high = sorted((na, nb))
    if low > 0 and high >= MAGNITUDE * low and qa not in _UPPER and qb not in _UPPER:
        return f"count:orders_of_magnitude(x{high / low:g})"
    (a0, a1), (b0, b1) = count_range(na, qa), count_range(nb, qb)
    if a0 > b1 or b0 > a1:
        return "count:ranges_do_not_overlap"
    return None


def _count_disagreement(x: _Stated, y: _Stated) -> str | None:
    return counts_disagree(x.key, y.key)


# --- what each field reads ------------------------------------------------------------------

def _span(event: Mapping[str, Any], span: Mapping[str, Any] | None) -> dict[str, Any]:
    """A span of the event's document as evidence, falling back to its sentence."""
    if span and span.get("start") is not None:
        return {"document": event["document"], "start": span["start"], "end": span["end"],
                "text": span.get("text")}
    sentence = (event.get("evidence") or [{}])[0]
    return {"document": event["document"], "start": sentence.get("start"),
            "end": sentence.get("end"), "text": sentence.get("text")}


def _count_value(event: Mapping[str, Any], count: int, qualifier: str | None,
                 text: Mapping[str, Any] | None) -> tuple[Any, Any, dict[str, Any]]:
    shown = {"count": count, "qualifier": qualifier, "text": text.get("text") if text else None}
    return (count, qualifier), shown, _span(event, text)


def _read_fatalities(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    n = event.get("fatalities")
    if n is None:
        return None
    victims = event.get("victims") or {}
    if victims.get("count") == n:  # the count's qualifier and words are the fatalities' own
        return _count_value(event, n, victims.get("qualifier"), victims.get("count_text"))
    return _count_value(event, n, None, None)


def _read_victims_count(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    victims = event.get("victims") or {}
    n = victims.get("count")
    if n is None or n == event.get("fatalities"):
        return None  # reported as fatalities
    return _count_value(event, n, victims.get("qualifier"), victims.get("count_text"))


def _read_date(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    date = event.get("date") or {}
    value = date.get("value")
    if date.get("precision") != "day" or not value:
        return None
    return str(value)[:10], str(value)[:10], _span(event, date)


def _read_place(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    location = event.get("location")
    if not location or not location.get("entity"):
        return None
    return location["entity"], location.get("name"), _span(event, location)


def _read_side(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    perpetrator = event.get("perpetrator") or {}
    side = perpetrator.get("side")
    if not side or side == "unknown":
        return None
    return side, side, _span(event, perpetrator.get("text"))


def _read_status(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    victims = event.get("victims") or {}
    status = victims.get("status")
    if not status or status == "people":
        return None
    return status, status, _span(event, victims.get("text"))


def _read_verification(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    verification = event.get("verification") or {}
    status = verification.get("status")
    if not status or status == "not_stated":
        return None
    words = (verification.get("evidence") or [None])[0]
    return status, status, _span(event, words)


def _read_category(event: Mapping[str, Any]) -> tuple[Any, Any, dict[str, Any]] | None:
    category = event.get("category")
    if not category or category == "unclassified":
        return None
    return category, category, _span(event, event.get("trigger"))


def _differ(rule: str) -> Callable[[_Stated, _Stated], str | None]:
    return lambda x, y: rule if x.key != y.key else None


def _place_disagreement(x: _Stated, y: _Stated) -> str | None:
    if x.key == y.key:
        return None
    a = place_facts(x.event["location"], with_admin=True)
    b = place_facts(y.event["location"], with_admin=True)
    if a is None or b is None or a.lat is None or a.lon is None or b.lat is None \
            or b.lon is None or contains(a, b) or contains(b, a):
        return None
    km = distance_km((float(a.lat), float(a.lon)), (float(b.lat), float(b.lon)))
    return f"place:different_entity_{km:.0f}km_apart" if km > NEAR_KM else None


def _verification_disagreement(x: _Stated, y: _Stated) -> str | None:
    pair = frozenset((x.key, y.key))
    return f"verification:{x.key}_vs_{y.key}" if pair in CONFLICTING_VERIFICATION else None


_Reader = Callable[[Mapping[str, Any]], "tuple[Any, Any, dict[str, Any]] | None"]
_Test = Callable[[_Stated, _Stated], "str | None"]
_FIELD_RULES: dict[str, tuple[_Reader, _Test]] = {
    "fatalities": (_read_fatalities, _count_disagreement),
    "victims_count": (_read_victims_count, _count_disagreement),
    "date": (_read_date, _differ("date:different_days")),
    "place": (_read_place, _place_disagreement),
    "perpetrator_side": (_read_side, _differ("side:both_known_and_different")),
    "victims_status": (_read_status, _differ("victims_status:both_known_and_different")),
    "verification": (_read_verification, _verification_disagreement),
    "category": (_read_category, _differ("category:different")),
}


# --- comparing a group ----------------------------------------------------------------------

def _compare(group: Sequence[tuple[int, dict[str, Any], str]],
             scope: ContradictionScope) -> list[Contradiction]:
    """Contradictions among events (order, record, group); only different groups are compared."""
    found: list[Contradiction] = []
    for field in FIELDS:
        read, test = _FIELD_RULES[field]
        stated = []
        for order, event, owner in group:
            value = read(event)
            if value is not None:
                stated.append(_Stated(order, event, owner, *value))
        involved: dict[int, _Stated] = {}
        rules: list[str] = []
        # Compare one representative per (value, group): copies that agree add nothing.
        distinct = {(repr(s.key), s.group): s for s in reversed(stated)}
        for x, y in combinations(sorted(distinct.values(), key=lambda s: s.order), 2):
            if x.group == y.group:
                continue
            rule = test(x, y)
            if rule is not None:
                rules.append(rule)
                for s in stated:
                    if repr(s.key) in (repr(x.key), repr(y.key)):
                        involved[s.order] = s
        if involved:
            found.append(_contradiction(field, [involved[k] for k in sorted(involved)], scope,
                                        sorted(set(rules))))
    return found


def _contradiction(field: str, stated: list[_Stated], scope: ContradictionScope,
                   rules: list[str]) -> Contradiction:
    events = tuple(s.event["id"] for s in stated)
    documents = tuple(dict.fromkeys(s.event["document"] for s in stated))
    who = "copies of one report" if scope == "story" else "reports of one incident"
    said = " vs ".join(f"{_show(s.shown)!s} ({s.event['document']})" for s in stated)
    return Contradiction(stable_id("con", field, *sorted(events)), field, documents, events,
                         tuple(s.shown for s in stated), tuple(s.evidence for s in stated),
                         scope, f"{who} disagree on {field}: {said}", ";".join(rules))


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return repr(value.get("text") or " ".join(
            str(v) for v in (value.get("qualifier"), value.get("count")) if v is not None))
    return repr(value)


def _story_slots(events: Sequence[dict[str, Any]], story_of: Mapping[str, str]) \
        -> list[list[tuple[int, dict[str, Any], str]]]:
    """Events of each story aligned across its copies: one slot per reported happening."""
    by_story: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] = defaultdict(
        lambda: defaultdict(list))
    for order, event in enumerate(events):
        by_story[story_of.get(event["document"], event["document"])][event["document"]].append(
            (order, event))
    slots: list[list[tuple[int, dict[str, Any], str]]] = []
    for _, documents in sorted(by_story.items()):
        if len(documents) < 2:
            continue
        keyed: dict[tuple[Any, ...], list[list[tuple[int, dict[str, Any], str]]]] = \
            defaultdict(list)
        for document, found in sorted(documents.items()):
            rank: dict[tuple[Any, ...], int] = defaultdict(int)
            for order, event in sorted(found, key=_trigger_start):
                key = _alignment_key(event)
                slot_list = keyed[key]
                if rank[key] == len(slot_list):
                    slot_list.append([])
                slot_list[rank[key]].append((order, event, document))
                rank[key] += 1
        slots += [slot for _, lists in sorted(keyed.items(), key=lambda kv: repr(kv[0]))
                  for slot in lists if len({d for _, _, d in slot}) > 1]
    return slots


def _trigger_start(item: tuple[int, dict[str, Any]]) -> tuple[int, int]:
    start = (item[1].get("trigger") or {}).get("start")
    return (start if isinstance(start, int) else 0), item[0]


def _alignment_key(event: Mapping[str, Any]) -> tuple[Any, ...]:
    return (category_family(event.get("category") or "unclassified"),
            bool(event.get("aggregate")), (event.get("location") or {}).get("entity"))


def find_contradictions(events: Sequence[dict[str, Any]], story_of: Mapping[str, str],
                        incidents: Sequence[Incident],
                        scopes: tuple[ContradictionScope, ...] = ("story", "incident"),
                        ) -> list[Contradiction]:
    """Disagreements within stories (copies) and within incidents (across stories), by id.

    `story_of` maps a document id to its story id (a document missing from it is a story of
    its own). `scopes` limits the search (the incremental link step asks for story scope
    where it has every event of the stories, incident scope where it has every incident's).
    Deterministic for the same input.
    """
    found: dict[str, Contradiction] = {}
    for slot in _story_slots(events, story_of) if "story" in scopes else ():
        for c in _compare(slot, "story"):
            found.setdefault(c.id, c)
    position = {e["id"]: n for n, e in enumerate(events)}
    for incident in incidents if "incident" in scopes else ():
        members = [(position[i], events[position[i]]) for i in incident.events if i in position]
        group = [(order, event, story_of.get(event["document"], event["document"]))
                 for order, event in sorted(members, key=lambda m: m[0])]
        for c in _compare(group, "incident"):
            found.setdefault(c.id, c)
    return [found[k] for k in sorted(found)]
