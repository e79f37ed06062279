"""Incidents: reports of one happening joined across stories, sources counted once per original."""

from __future__ import annotations

import random
from typing import Any

import pytest

from docket.link import incidents as incidents_module
from docket.link.incidents import excluded_events, group_incidents
from docket.model import stable_id


def place(gazetteer_id: str, name: str, lat: float, lon: float,
          precision: str = "point") -> dict[str, Any]:
    return {"entity": stable_id("ent", "place", gazetteer_id), "name": name, "text": name,
            "start": 30, "end": 30 + len(name), "lat": lat, "lon": lon, "precision": precision}


KRAMATORSK = place("geonames:704508", "Kramatorsk", 48.73106, 37.56779)
DONETSK_OBLAST = place("admin:UA-14", "Donetsk Oblast", 48.0313, 37.5476, "admin1")
BAKHMUT = place("geonames:713174", "Bakhmut", 48.59419, 37.99886)  # ~34 km from Kramatorsk
# A fictional village 6 km from Kramatorsk's point, unknown to the gazetteer.
OUTSKIRTS = place("test:outskirts", "Nova Zorya", 48.70, 37.50)


def event(eid: str, document: str, category: str = "shelling", *, day: str | None = "2023-03-03",
          precision: str = "day", location: dict[str, Any] | None = KRAMATORSK,
          side: str = "Russia", fatalities: int | None = None, aggregate: bool = False,
          modality: str = "asserted", claim: str | None = None) -> dict[str, Any]:
    """An event record shaped as `Event.as_record` makes it, with only what grouping reads."""
    return {
        "type": "event", "id": eid, "document": document, "category": category,
        "aggregate": aggregate, "modality": modality,
        "trigger": {"start": 10, "end": 17, "text": "shelled"},
        "perpetrator": {"side": side, "entity": None, "text": None},
        "victims": {"side": "unknown", "status": None, "count": None, "qualifier": None,
                    "count_text": None, "text": None},
        "fatalities": fatalities, "location": dict(location) if location else None,
        "date": ({"value": day, "precision": precision, "text": day, "start": 0, "end": 5}
                 if day else None),
        "claim": claim, "claimant": None, "verification": {"status": "not_stated"},
        "evidence": [{"document": document, "start": 0, "end": 60, "text": "..."}],
    }


def test_twelve_reprints_are_one_incident_with_one_source() -> None:
    events = [event(f"evt_{n:02}", f"doc_{n:02}") for n in range(12)]
    story_of = {f"doc_{n:02}": "story_x" for n in range(12)}
    [incident] = group_incidents(events, story_of, {"story_x": None})
    assert len(incident.events) == 12
    assert incident.independent_sources == 1
    assert incident.stories == ("story_x",)
    assert incident.id == stable_id("inc", "evt_00")


def test_two_stories_from_different_outlets_are_two_sources() -> None:
    events = [event("evt_a", "doc_a"), event("evt_b", "doc_b")]
    story_of = {"doc_a": "story_a", "doc_b": "story_b"}
    [incident] = group_incidents(events, story_of, {"story_a": "Reuters", "story_b": "BBC"})
    assert incident.independent_sources == 2
    # Two stories that both retell one outlet's interview are one source.
    [same_origin] = group_incidents(events, story_of, {"story_a": "CNN", "story_b": "cnn"})
    assert same_origin.independent_sources == 1


def test_aggregate_is_never_merged_with_single_incident() -> None:
    events = [event("evt_single", "doc_a", fatalities=3),
              event("evt_stat", "doc_b", aggregate=True, claim="clm_1", fatalities=90),
              event("evt_stat2", "doc_b", aggregate=True, claim="clm_1", fatalities=40),
              event("evt_stat3", "doc_c", aggregate=True, claim="clm_2")]
    found = {inc.events: inc for inc in group_incidents(events, {}, {})}
    assert set(found) == {("evt_single",), ("evt_stat", "evt_stat2"), ("evt_stat3",)}
    assert "aggregate" in found[("evt_stat3",)].why
    # Not even an analyst's "same" joins a statistic to a single incident.
    forced = group_incidents(events, {}, {}, same=[("evt_single", "evt_stat")])
    assert ("evt_single",) in {inc.events for inc in forced}


def test_different_judgement_splits_and_same_judgement_joins() -> None:
    events = [event("evt_a", "doc_a"), event("evt_b", "doc_b"),
              event("evt_c", "doc_c", location=BAKHMUT)]
    assert len(group_incidents(events, {}, {})) == 2
    split = group_incidents(events, {}, {}, different=[("evt_a", "evt_b")])
    assert {inc.events for inc in split} == {("evt_a",), ("evt_b",), ("evt_c",)}
    joined = group_incidents(events, {}, {}, same=[("evt_c", "evt_b")])
    assert ("evt_b", "evt_c") in {inc.events for inc in joined}
    assert any("judgement:same(evt_c, evt_b)" in inc.why for inc in joined)
    # The machine does not chain evt_a (Kramatorsk) onto Bakhmut, 34 km away: only a person can.
    assert ("evt_a",) in {inc.events for inc in joined}
    # An incident id stands for its events; "different" still wins over "same".
    by_incident = group_incidents(events, {}, {}, same=[(stable_id("inc", "evt_a"), "evt_c")],
                                  different=[("evt_b", "evt_c")])
    assert {inc.events for inc in by_incident} == {("evt_a", "evt_c"), ("evt_b",)}


def test_categories_join_only_by_the_compatibility_table() -> None:
    events = [event("evt_a", "doc_a", "shelling"), event("evt_b", "doc_b", "air_strike"),
              event("evt_c", "doc_c", "armed_clash")]
    found = {inc.events: inc for inc in group_incidents(events, {}, {})}
    assert set(found) == {("evt_a", "evt_b"), ("evt_c",)}
    assert "category:compatible(" in found[("evt_a", "evt_b")].why


def test_places_join_when_near_or_contained_not_when_far() -> None:
    events = [event("evt_a", "doc_a"), event("evt_b", "doc_b", location=OUTSKIRTS),
              event("evt_c", "doc_c", location=DONETSK_OBLAST, side="unknown"),
              event("evt_d", "doc_d", location=BAKHMUT)]
    found = {inc.events: inc for inc in group_incidents(events, {}, {})}
    # Bakhmut is in Donetsk Oblast too; the oblast joins one of them, never both (34 km).
    joined = next(k for k in found if "evt_a" in k)
    assert {"evt_a", "evt_b"} <= set(joined)
    assert not {"evt_a", "evt_d"} <= set(joined)
    assert "place:within_10km" in found[joined].why
    assert any("evt_c" in k and len(k) > 1 for k in found)
    location = found[joined].location
    assert location is not None and location["precision"] == "point"


def test_dates_day_month_and_unknown() -> None:
    events = [event("evt_day", "doc_a"), event("evt_month", "doc_b", day="2023-03",
                                                precision="month"),
              event("evt_other_day", "doc_c", day="2023-03-05")]
    found = {inc.events for inc in group_incidents(events, {}, {})}
    # The month joins one of the two days, never both: different days are two happenings.
    assert ("evt_other_day",) in found or ("evt_day",) in found
    assert not any({"evt_day", "evt_other_day"} <= set(k) for k in found)
    [incident] = [i for i in group_incidents(events, {}, {}) if len(i.events) == 2]
    assert incident.date is not None and incident.date["precision"] == "day"
    # A report with no date joins only copies of its own story.
    undated = [event("evt_a", "doc_a"), event("evt_b", "doc_b", day=None)]
    assert len(group_incidents(undated, {}, {})) == 2
    assert len(group_incidents(undated, {"doc_a": "s", "doc_b": "s"}, {})) == 1


def test_opposite_perpetrator_sides_never_join() -> None:
    events = [event("evt_a", "doc_a", side="Russia"), event("evt_b", "doc_b", side="Ukraine"),
              event("evt_c", "doc_c", side="unknown")]
    found = {inc.events for inc in group_incidents(events, {}, {})}
    assert not any({"evt_a", "evt_b"} <= set(k) for k in found)
    assert len(found) == 2


def test_negated_hypothetical_and_unclassified_are_left_out_with_a_reason() -> None:
    events = [event("evt_a", "doc_a", modality="negated"),
              event("evt_b", "doc_b", modality="hypothetical"),
              event("evt_c", "doc_c", "unclassified"), event("evt_d", "doc_d")]
    assert [inc.events for inc in group_incidents(events, {}, {})] == [("evt_d",)]
    reasons = excluded_events(events)
    assert set(reasons) == {"evt_a", "evt_b", "evt_c"}
    assert reasons["evt_a"].startswith("negated")


def test_grouping_is_deterministic_whatever_the_input_order() -> None:
    events = [event(f"evt_{n:02}", f"doc_{n % 5}", "shelling" if n % 2 else "air_strike",
                    day=f"2023-03-0{1 + n % 3}") for n in range(30)]
    first = group_incidents(events, {}, {})
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert group_incidents(shuffled, {}, {}) == first


def test_blocking_compares_far_fewer_pairs_than_all(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = incidents_module._compatibility

    def counting(a: Any, b: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(incidents_module, "_compatibility", counting)
    events = []
    for n in range(3000):
        spot = place(f"test:{n % 300}", f"Village {n % 300}", 46 + (n % 300) * 0.05, 30.0)
        events.append(event(f"evt_{n:05}", f"doc_{n}", day=f"2023-{1 + n % 12:02}-15",
                            location=spot))
    incidents = group_incidents(events, {}, {})
    assert calls < 3000 * 20  # all pairs would be 4.5 million
    assert len(incidents) < 3000
