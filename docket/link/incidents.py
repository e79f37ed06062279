"""Incidents: event records from many documents that describe one happening.

A dozen reprints of one interview are one source, not a dozen events; two outlets that each
sent a reporter are two. `group_incidents` works over stored event records (the dicts of
`Event.as_record`) and the story of each document, in three steps (nomenklatura's xref shape):

Block: each event gets index and query keys (category family x month x place cell, entity or
admin area), so only events that could match are compared and the cost grows with the events,
not with their pairs. Events whose date or place is missing are compared only inside their
own story.

Score: `_compatibility` says whether two events can be one happening and which rules say so:

- category: equal, or in one row of `COMPATIBLE_CATEGORIES` (the weapon or the victims' status
  is what sources most often disagree on);
- place: same entity; both points within `NEAR_KM` km; or one is the admin region (oblast,
  raion, `REGIONS`) that holds the other. Country-level places join only the same country;
- date: same day; a week or month value that holds the day; the same week or month. A date
  missing or coarser than a month joins only inside one story, when all else matches;
- sides: perpetrator sides equal, or one unknown.

Decide: analysts' `same` pairs are joined first, then the machine's pairs, strongest first. A
`different` pair is a cannot-link no merge may violate, and a machine merge is also refused
when any two events of the two clusters conflict outright (two known sides, two different
days, incompatible categories, places farther than `FAR_KM`), so chains of near matches never
glue two happenings together.

Left out (`excluded_events` says why, per event): `unclassified` events (their kind is
unknown), `negated` and `hypothetical` ones (nothing happened, as the text puts it).
Aggregate statistical claims never join single incidents: each stands alone, or with the
other aggregates of the same claim.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from typing import Any

from docket.extract.taxonomy import (  # noqa: F401  (re-exported for the link step)
    COMPATIBLE_CATEGORIES,
    categories_compatible,
    category_family,
)
from docket.model import Incident, stable_id
from docket.nlp.gazetteer import PRECISIONS, REGIONS, distance_km

NEAR_KM = 10.0  # two points this close can be one strike site (a town and its outskirts)
FAR_KM = 20.0  # a chain of near matches may not join places farther apart than this
# A point's cell for blocking: 0.1 degree of latitude is 11 km; 0.2 degree of longitude is at
# least 11 km up to 60 degrees north or south, so a 3x3 neighbourhood holds every point within
# NEAR_KM in the latitudes this tool serves.
CELL_LAT, CELL_LON = 0.1, 0.2

LEFT_OUT_MODALITIES = ("negated", "hypothetical")
_POINT_PRECISIONS = ("point", "settlement", "approximate")
_CONTAINER_KINDS = ("admin1", "admin2", "region")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")


def incident_id(event_ids: Iterable[str]) -> str:
    return stable_id("inc", min(event_ids))


def excluded_events(events: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Event id -> why `group_incidents` leaves it out of every incident."""
    out: dict[str, str] = {}
    for event in events:
        if event.get("category") == "unclassified":
            out[event["id"]] = "unclassified: the text does not settle what happened"
        elif event.get("modality") in LEFT_OUT_MODALITIES:
            out[event["id"]] = f"{event['modality']}: the text does not say it happened"
    return out


# --- places ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaceFacts:
    """A location record with, when the gazetteer knows it, its admin areas and kind."""

    entity: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    gazetteer_id: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    kind: str | None = None

    @property
    def point(self) -> tuple[float, float] | None:
        """Its coordinates when they mark the place itself, not an admin area's middle."""
        if self.lat is None or self.lon is None or self.precision not in _POINT_PRECISIONS:
            return None
        return float(self.lat), float(self.lon)

    @property
    def is_container(self) -> bool:
        return self.kind in _CONTAINER_KINDS


@lru_cache(maxsize=65536)
def _gazetteer_entry(entity: str, name: str) -> tuple[str, str, str | None, str | None, str] | None:
    """(gazetteer id, country, admin1, admin2, kind) of a resolved place, found by its name.

    Records store the entity id (a hash of the gazetteer id), so the entry is the namesake whose
    id hashes to it; a place the gazetteer did not resolve has none.
    """
    from docket.nlp.gazetteer import default_gazetteer

    for place in default_gazetteer().candidates(name):
        if stable_id("ent", "place", place.gazetteer_id) == entity:
            return place.gazetteer_id, place.country, place.admin1, place.admin2, place.kind
    return None


def place_facts(location: Mapping[str, Any] | None, with_admin: bool) -> PlaceFacts | None:
    """What a location record tells about its place; `with_admin` adds its admin areas."""
    if not location:
        return None
    entity, name = location.get("entity"), location.get("name")
    base = PlaceFacts(entity, location.get("lat"), location.get("lon"), location.get("precision"))
    if not with_admin or not entity or not name:
        return base
    entry = _gazetteer_entry(entity, name)
    if entry is None:
        return base
    gid, country, admin1, admin2, kind = entry
    return PlaceFacts(entity, base.lat, base.lon, base.precision, gid, country, admin1, admin2,
                      kind)


def contains(outer: PlaceFacts, inner: PlaceFacts) -> bool:
    """True when `outer` is an oblast, raion or region (`REGIONS`) that holds `inner`."""
    if outer.gazetteer_id is None or inner.gazetteer_id is None or not outer.is_container:
        return False
    if inner.is_container and _coarseness(inner) >= _coarseness(outer):
        return False  # an oblast never lies inside a raion, nor inside another oblast
    if outer.kind == "region":
        return (inner.country, inner.admin1) in REGIONS.get(outer.gazetteer_id, frozenset())
    same_oblast = inner.admin1 is not None and (outer.country, outer.admin1) == (
        inner.country, inner.admin1)
    if outer.kind == "admin1":
        return same_oblast
    return same_oblast and inner.admin2 is not None and outer.admin2 == inner.admin2


def _coarseness(place: PlaceFacts) -> int:
    return PRECISIONS.index(place.kind) if place.kind in PRECISIONS else 0


def places_compatible(a: PlaceFacts, b: PlaceFacts) -> tuple[str | None, float | None]:
    """(the rule that lets two places be one, or None; their distance when both are points)."""
    pa, pb = a.point, b.point
    km = distance_km(pa, pb) if pa is not None and pb is not None else None
    if a.entity and a.entity == b.entity:
        return "place:same_entity", km
    if km is not None and km <= NEAR_KM:
        return f"place:within_{NEAR_KM:g}km({km:.1f})", km
    if contains(a, b) or contains(b, a):
        return "place:admin_region_contains", km
    return None, km


def _place_keys(place: PlaceFacts) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Blocking keys of a place: (keys it is found under, keys it looks under)."""
    index: set[tuple[Any, ...]] = set()
    query: set[tuple[Any, ...]] = set()
    if place.entity:
        index.add(("ent", place.entity))
        query.add(("ent", place.entity))
    if place.point is not None:
        i, j = math.floor(place.point[0] / CELL_LAT), math.floor(place.point[1] / CELL_LON)
        index.add(("cell", i, j))
        query.update(("cell", i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1))
    if place.gazetteer_id and place.kind != "region":
        index.add(("in", place.country, place.admin1, None))  # found by its oblast and region
        if not place.is_container:
            index.add(("in", place.country, place.admin1, place.admin2))
    if place.kind == "admin1":
        query.add(("in", place.country, place.admin1, None))
    elif place.kind == "admin2":
        query.add(("in", place.country, place.admin1, place.admin2))
    elif place.kind == "region" and place.gazetteer_id:
        query.update(("in", c, a1, None) for c, a1 in REGIONS.get(place.gazetteer_id, ()))
    return index, query


# --- dates ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _When:
    precision: str  # day | week | month | unknown
    value: str | None


def _when(date: Mapping[str, Any] | None) -> _When:
    if not date or not date.get("value"):
        return _When("unknown", None)
    value, precision = str(date["value"]), date.get("precision")
    if precision == "day" and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return _When("day", value[:10])
    if precision == "week" and _WEEK.match(value):
        return _When("week", value)
    if precision == "month" and re.match(r"^\d{4}-\d{2}$", value):
        return _When("month", value)
    return _When("unknown", None)  # quarters, seasons, years: too coarse to tell happenings


def _day_in_week(day: str, week: str) -> bool:
    m = _WEEK.match(week)
    if not m:
        return False
    year, number, weekday = Date.fromisoformat(day).isocalendar()
    return (year, number) == (int(m[1]), int(m[2])) and (not m[3] or weekday >= 6)


def dates_compatible(a: _When, b: _When) -> str | None:
    """The rule that lets two dates be one happening's, or None (also when either is unknown)."""
    if "unknown" in (a.precision, b.precision):
        return None
    if a == b:
        return f"date:same_{a.precision}({a.value})"
    if a.precision != "day":
        a, b = b, a
    if a.precision == "day" and b.value is not None and a.value is not None:
        if b.precision == "month" and a.value.startswith(b.value):
            return f"date:month_holds_day({b.value}>{a.value})"
        if b.precision == "week" and _day_in_week(a.value, b.value):
            return f"date:week_holds_day({b.value}>{a.value})"
    return None


def _months(when: _When) -> set[str]:
    if when.value is None:
        return set()
    if when.precision == "week":
        m = _WEEK.match(when.value)
        assert m is not None
        first = Date.fromisocalendar(int(m[1]), int(m[2]), 1)
        last = Date.fromisocalendar(int(m[1]), int(m[2]), 7)
        return {first.isoformat()[:7], last.isoformat()[:7]}
    return {when.value[:7]}


# --- events as the grouping sees them -------------------------------------------------------

@dataclass(frozen=True)
class _Item:
    order: int
    record: dict[str, Any]
    id: str
    story: str
    category: str
    side: str
    place: PlaceFacts | None
    when: _When


def _side(event: Mapping[str, Any]) -> str:
    return str((event.get("perpetrator") or {}).get("side") or "unknown")


def _compatibility(a: _Item, b: _Item) -> tuple[int, str] | None:
    """(strength, the rules that join them) when two events can be one happening."""
    cat = categories_compatible(a.category, b.category)
    if cat is None:
        return None
    if a.side != "unknown" and b.side != "unknown" and a.side != b.side:
        return None
    side = f"side:same({a.side})" if a.side == b.side else "side:one_unknown"
    place = places_compatible(a.place, b.place)[0] if a.place and b.place else None
    when = dates_compatible(a.when, b.when)
    if place is not None and when is not None:
        strength = (a.category == b.category) + (a.side == b.side) \
            + (place == "place:same_entity") + (when.startswith("date:same_day"))
        return strength, "; ".join((cat, place, when, side))
    # A missing date or place: only copies of one report, and only when the rest matches.
    if a.story != b.story or a.category != b.category or a.side != b.side:
        return None
    missing_place = a.place is None or b.place is None
    missing_date = "unknown" in (a.when.precision, b.when.precision)
    if (place is None and not missing_place) or (when is None and not missing_date):
        return None
    if missing_place and missing_date and _trigger(a) != _trigger(b):
        return None  # nothing anchors them but the words: those must be the same
    return 0, "; ".join((cat, place or "place:unknown_in_one_story",
                         when or "date:unknown_in_one_story", side))


def _trigger(item: _Item) -> str:
    return str((item.record.get("trigger") or {}).get("text") or "").casefold()


def _conflict(a: _Item, b: _Item) -> str | None:
    """Why two events can never be one happening, whatever chain of matches links them."""
    if categories_compatible(a.category, b.category) is None:
        return f"categories {a.category} and {b.category}"
    if a.side != "unknown" and b.side != "unknown" and a.side != b.side:
        return f"perpetrators {a.side} and {b.side}"
    if a.when.precision == b.when.precision == "day" and a.when.value != b.when.value:
        return f"days {a.when.value} and {b.when.value}"
    if a.place and b.place and a.place.entity != b.place.entity:
        compatible, km = places_compatible(a.place, b.place)
        if compatible is None and km is not None and km > FAR_KM:
            return f"places {km:.0f} km apart"
    return None


def _blocking_keys(item: _Item) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    family = category_family(item.category)
    index: set[tuple[Any, ...]] = {(family, "story", item.story)}
    query: set[tuple[Any, ...]] = set()
    if item.place is None or item.when.precision == "unknown":
        query.add((family, "story", item.story))
        return index, query
    place_index, place_query = _place_keys(item.place)
    for month in _months(item.when):
        index.update((family, month, *k) for k in place_index)
        query.update((family, month, *k) for k in place_query)
    return index, query


def _candidate_pairs(items: Sequence[_Item]) -> set[tuple[int, int]]:
    by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    queries: list[set[tuple[Any, ...]]] = []
    for i, item in enumerate(items):
        index, query = _blocking_keys(item)
        for key in index:
            by_key[key].append(i)
        queries.append(query)
    pairs: set[tuple[int, int]] = set()
    for i, query in enumerate(queries):
        for key in query:
            for j in by_key.get(key, ()):
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


# --- deciding -------------------------------------------------------------------------------

class _Clusters:
    """Union-find with cannot-links and a veto on outright conflicts between members."""

    def __init__(self, items: Sequence[_Item], different: set[frozenset[str]]) -> None:
        self.items = items
        self.parent = list(range(len(items)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
        self.different = different
        self.reasons: dict[int, list[str]] = {i: [] for i in range(len(items))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocked(self, ra: int, rb: int, veto: bool) -> bool:
        for i in self.members[ra]:
            for j in self.members[rb]:
                a, b = self.items[i], self.items[j]
                if frozenset((a.id, b.id)) in self.different:
                    return True
                if veto and _conflict(a, b) is not None:
                    return True
        return False

    def join(self, i: int, j: int, why: str, veto: bool) -> bool:
        ra, rb = self.find(i), self.find(j)
        if ra == rb or self.blocked(ra, rb, veto):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        self.reasons[ra] += self.reasons.pop(rb) + [why]
        return True


def _items(events: Sequence[dict[str, Any]], story_of: Mapping[str, str],
           with_admin: bool | None = None) -> list[_Item]:
    left_out = excluded_events(events)
    kept = [e for e in events if e["id"] not in left_out]
    if with_admin is None:  # admin areas matter only when some event is placed at one
        with_admin = any((e.get("location") or {}).get("precision")
                         in ("admin1", "admin2", "region") for e in kept)
    # Sorted by id, so pairs, merges and their reasons do not depend on the input's order.
    return [_Item(n, e, e["id"], story_of.get(e["document"], e["document"]), e["category"],
                  _side(e), place_facts(e.get("location"), with_admin), _when(e.get("date")))
            for n, e in enumerate(sorted(kept, key=lambda e: str(e["id"])))]


def _resolve_ids(pairs: Iterable[tuple[str, str]], known: Mapping[str, int]) \
        -> list[tuple[int, int, str, str]]:
    """Analysts' pairs as item indices; an incident id stands for its smallest event."""
    out = []
    for a, b in pairs:
        if a in known and b in known:
            out.append((known[a], known[b], a, b))
    return sorted(out)


def blocking_keys(events: Sequence[dict[str, Any]], story_of: Mapping[str, str]) \
        -> dict[str, tuple[set[int], set[int]]]:
    """For each event: the keys it is filed under, and the keys its candidates are found by,
    as stable 64-bit hashes (the ledger keeps them, docket/workflows/link_step.py)."""
    out = {}
    for item in _items(events, story_of, with_admin=True):
        index, query = _blocking_keys(item)
        out[item.id] = ({_stable_key(k) for k in index}, {_stable_key(k) for k in query})
    return out


def _stable_key(key: tuple[Any, ...]) -> int:
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def group_incidents(events: Sequence[dict[str, Any]], story_of: Mapping[str, str],
                    original_of: Mapping[str, str | None],
                    same: Iterable[tuple[str, str]] = (),
                    different: Iterable[tuple[str, str]] = (), *,
                    with_admin: bool | None = None) -> list[Incident]:
    """Incidents of event records, sorted by id; deterministic for the same input.

    `story_of` maps a document id to its story id (a document missing from it is a story of its
    own); `original_of` maps a story id to its original outlet's name or None. `same` and
    `different` are analysts' pairs of event ids (or incident ids); `different` always wins.
    """
    items = _items(events, story_of, with_admin)
    singles = [it for it in items if not it.record.get("aggregate")]
    aggregates = [it for it in items if it.record.get("aggregate")]
    same = list(same)
    different = list(different)
    incidents = _group(singles, original_of, same, different, machine=True)
    incidents += _group(aggregates, original_of, same, different, machine=False)
    return sorted(incidents, key=lambda inc: inc.id)


def _group(items: Sequence[_Item], original_of: Mapping[str, str | None],
           same: Sequence[tuple[str, str]], different: Sequence[tuple[str, str]],
           machine: bool) -> list[Incident]:
    known = {it.id: n for n, it in enumerate(items)}
    known.update({stable_id("inc", it.id): n for n, it in enumerate(items)})
    cannot = {frozenset((items[i].id, items[j].id))
              for i, j, _, _ in _resolve_ids(different, known)}
    clusters = _Clusters(items, cannot)
    for i, j, a, b in _resolve_ids(same, known):
        clusters.join(i, j, f"judgement:same({a}, {b})", veto=False)
    if machine:
        scored = []
        for i, j in _candidate_pairs(items):
            found = _compatibility(items[i], items[j])
            if found is not None:
                scored.append((-found[0], items[i].id, items[j].id, i, j, found[1]))
        for _, a, b, i, j, why in sorted(scored):
            clusters.join(i, j, f"{a}~{b}: {why}", veto=True)
    else:
        # Aggregates (statistics) group only with the other aggregates of the same claim.
        by_claim: dict[str, list[int]] = defaultdict(list)
        for n, it in enumerate(items):
            if it.record.get("claim"):
                by_claim[it.record["claim"]].append(n)
        for claim, members in sorted(by_claim.items()):
            for other in members[1:]:
                clusters.join(members[0], other, f"aggregate:same_claim({claim})", veto=False)
    return [_incident([items[m] for m in members], clusters.reasons[root], original_of)
            for root, members in clusters.members.items()]


def _incident(members: list[_Item], reasons: list[str],
              original_of: Mapping[str, str | None]) -> Incident:
    members = sorted(members, key=lambda it: it.id)
    stories = tuple(sorted({it.story for it in members}))
    category = Counter(it.category for it in members).most_common()
    best = max(n for _, n in category)
    why = "; ".join(reasons) or "a single event: no other event is compatible with it"
    if members[0].record.get("aggregate"):
        why = f"aggregate statistic, never joined to single incidents; {why}"
    return Incident(incident_id(it.id for it in members), tuple(it.id for it in members),
                    min(c for c, n in category if n == best), _best_location(members),
                    _best_date(members), stories, independent_sources(stories, original_of),
                    why)


def independent_sources(stories: Iterable[str], original_of: Mapping[str, str | None]) -> int:
    """Distinct originals: a story counts once, and stories naming one original outlet once."""
    originals = set()
    for story in stories:
        outlet = original_of.get(story)
        originals.add(("outlet", " ".join(outlet.casefold().split())) if outlet
                      else ("story", story))
    return len(originals)


def _best_location(members: Sequence[_Item]) -> dict[str, Any] | None:
    def rank(it: _Item) -> tuple[int, int, str]:
        loc = it.record["location"]
        precision = loc.get("precision")
        fine = PRECISIONS.index(precision) if precision in PRECISIONS else len(PRECISIONS)
        return fine, -votes[loc.get("entity")], it.id

    located = [it for it in members if it.record.get("location")]
    if not located:
        return None
    votes = Counter(it.record["location"].get("entity") for it in located)
    return dict(min(located, key=rank).record["location"])


def _best_date(members: Sequence[_Item]) -> dict[str, Any] | None:
    order = {"day": 0, "week": 1, "month": 2, "unknown": 3}
    dated = [it for it in members if it.record.get("date") and it.record["date"].get("value")]
    if not dated:
        return None
    votes = Counter(it.when.value for it in dated)
    best = min(dated, key=lambda it: (order[it.when.precision], -votes[it.when.value], it.id))
    return dict(best.record["date"])
