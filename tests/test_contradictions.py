"""Contradictions: copies of one report, or reports of one incident, that disagree."""

from __future__ import annotations

from typing import Any

import pytest

from docket.extract import analyse_text
from docket.link.contradictions import counts_disagree, find_contradictions
from docket.link.incidents import group_incidents
from docket.model import stable_id


def place(gazetteer_id: str, name: str, lat: float, lon: float) -> dict[str, Any]:
    return {"entity": stable_id("ent", "place", gazetteer_id), "name": name, "text": name,
            "start": 30, "end": 30 + len(name), "lat": lat, "lon": lon, "precision": "point"}


KRAMATORSK = place("geonames:704508", "Kramatorsk", 48.73106, 37.56779)
BAKHMUT = place("geonames:713174", "Bakhmut", 48.59419, 37.99886)


def event(eid: str, document: str, *, category: str = "shelling", day: str = "2023-03-03",
          location: dict[str, Any] = KRAMATORSK, side: str = "Russia",
          fatalities: int | None = None, count: int | None = None,
          qualifier: str | None = None, status: str | None = None,
          verification: str = "not_stated", trigger_start: int = 10) -> dict[str, Any]:
    """An event record shaped as `Event.as_record` makes it."""
    count_text = ({"start": 50, "end": 60, "text": f"{qualifier or ''} {count} people".strip()}
                  if count is not None else None)
    return {
        "type": "event", "id": eid, "document": document, "category": category,
        "aggregate": False, "modality": "asserted",
        "trigger": {"start": trigger_start, "end": trigger_start + 7, "text": "shelled"},
        "perpetrator": {"side": side, "entity": None,
                        "text": {"start": 0, "end": 9, "text": f"{side} forces"}},
        "victims": {"side": "unknown", "status": status, "count": count,
                    "qualifier": qualifier, "count_text": count_text,
                    "text": count_text},
        "fatalities": fatalities, "location": dict(location),
        "date": {"value": day, "precision": "day", "text": day, "start": 70, "end": 80},
        "claim": None, "claimant": None,
        "verification": {"status": verification,
                         "evidence": ([{"start": 90, "end": 99, "text": verification}]
                                      if verification != "not_stated" else [])},
        "evidence": [{"document": document, "start": 0, "end": 100, "text": "..."}],
    }


@pytest.mark.parametrize(("a", "b", "disagree"), [
    ((3, "at least"), (5, None), False),
    ((3, None), (5, "at least"), True),
    ((15000, "more than"), (15, "more than"), True),  # a lost thousands separator
    ((15000, None), (15, "more than"), True),
    ((5, None), (7, None), True),
    ((10, "up to"), (3, None), False),
    ((100, "about"), (110, None), False),
    ((20, "nearly"), (25, None), True),
    ((3, "at least"), (30, "at least"), False),  # a toll that rose
])
def test_count_compatibility_rule(a: tuple[int, str | None], b: tuple[int, str | None],
                                  disagree: bool) -> None:
    assert (counts_disagree(a, b) is not None) is disagree


def test_translated_copy_that_lost_thousands_is_caught_end_to_end() -> None:
    original = analyse_text(
        "On 3 March 2023, Russian forces shelled Kramatorsk, killing more than 15,000 "
        "civilians, the regional governor said on Friday.", doc_id="doc_original")
    translated = analyse_text(
        "On 3 March 2023, Russian troops shelled Kramatorsk and killed more than 15 "
        "civilians, the regional governor said on Friday.", doc_id="doc_translated")
    events = original.event_records() + translated.event_records()
    story_of = {"doc_original": "story_1", "doc_translated": "story_1"}
    incidents = group_incidents(events, story_of, {"story_1": None})
    found = [c for c in find_contradictions(events, story_of, incidents)
             if c.field in ("fatalities", "victims_count")]
    assert len(found) == 1
    [c] = found
    assert c.scope == "story"
    assert set(c.documents) == {"doc_original", "doc_translated"}
    assert sorted(v["count"] for v in c.values) == [15, 15000]
    texts = {e["document"]: e["text"] for e in c.evidence}
    assert "15,000" in texts["doc_original"] and "15 " in texts["doc_translated"]
    assert c.id == stable_id("con", c.field, *sorted(c.events))


def test_copies_that_agree_raise_nothing() -> None:
    events = [event(f"evt_{n}", f"doc_{n}", fatalities=4, count=4, qualifier="at least")
              for n in range(5)]
    story_of = {f"doc_{n}": "s" for n in range(5)}
    assert find_contradictions(events, story_of, group_incidents(events, story_of, {})) == []


def test_one_odd_copy_among_twelve_is_one_contradiction_naming_it() -> None:
    events = [event(f"evt_{n:02}", f"doc_{n:02}", fatalities=12, count=12) for n in range(11)]
    events.append(event("evt_odd", "doc_odd", fatalities=21, count=21))
    story_of = {e["document"]: "s" for e in events}
    [c] = find_contradictions(events, story_of, [])
    assert c.field == "fatalities" and "evt_odd" in c.events
    assert len(c.events) == 12 and len(c.values) == len(c.evidence) == 12


def test_date_side_verification_and_place_between_copies() -> None:
    events = [event("evt_a", "doc_a", verification="confirmed"),
              event("evt_b", "doc_b", day="2023-03-04", side="Ukraine", verification="denied")]
    story_of = {"doc_a": "s", "doc_b": "s"}
    found = {c.field: c for c in find_contradictions(events, story_of, [])}
    assert set(found) == {"date", "perpetrator_side", "verification"}
    assert found["date"].values == ("2023-03-03", "2023-03-04")
    assert found["date"].evidence[0]["start"] == 70
    assert found["verification"].values == ("confirmed", "denied")


def test_reports_of_one_incident_disagree_on_place_and_status() -> None:
    events = [event("evt_a", "doc_a", status="civilians"),
              event("evt_b", "doc_b", location=BAKHMUT, status="combatants")]
    story_of = {"doc_a": "s1", "doc_b": "s2"}
    # Only an analyst joins reports 34 km apart; then the disagreements are shown.
    incidents = group_incidents(events, story_of, {}, same=[("evt_a", "evt_b")])
    found = {c.field: c for c in find_contradictions(events, story_of, incidents)}
    assert set(found) == {"place", "victims_status"}
    assert found["place"].scope == "incident"
    assert found["place"].values == ("Kramatorsk", "Bakhmut")


def test_weapon_in_dispute_across_stories_is_a_category_contradiction() -> None:
    events = [event("evt_a", "doc_a", category="shelling"),
              event("evt_b", "doc_b", category="air_strike"),
              event("evt_c", "doc_c", category="air_strike")]
    story_of = {"doc_a": "s1", "doc_b": "s2", "doc_c": "s2"}
    incidents = group_incidents(events, story_of, {})
    assert len(incidents) == 1
    [c] = find_contradictions(events, story_of, incidents)
    assert c.field == "category" and c.scope == "incident"
    assert c.values == ("shelling", "air_strike", "air_strike")


def test_events_of_one_document_are_not_compared_with_each_other() -> None:
    events = [event("evt_a", "doc_a", fatalities=2, trigger_start=10),
              event("evt_b", "doc_a", fatalities=9, trigger_start=200)]
    assert find_contradictions(events, {"doc_a": "s"}, group_incidents(events, {}, {})) == []
