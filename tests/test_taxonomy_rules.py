"""The named rules of the codebook distinctions in extract/taxonomy.py (`CONTROL_RULES`: a
place taken or regained, a person captured or seized, weapons seized), each on a short invented
sentence: the rule that decided and the category a reader of the ledger sees."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.taxonomy import CONTROL_RULES, ControlFacts, control_rule
from docket.model import Party, TextSpan


def facts(text: str, verb: str, kind: str, target: str, vhead: str, side: str = "unknown",
          who: str = "") -> ControlFacts:
    _doc, parsed = parse_text(text)
    tok = next(t for t in parsed if t.text == verb)
    perpetrator = Party(side=side, text=TextSpan(0, len(who), who) if who else None)
    return ControlFacts(kind, tok, target, vhead, perpetrator, text)


@pytest.mark.parametrize(("f", "rule", "category"), [
    (facts("Russian troops tried to capture the town.", "capture", "capture", "the town",
           "place", "Russia", "Russian troops"), "attempt_to_take", None),
    (facts("Soldiers took the mayor away to an unknown location.", "took", "capture",
           "the mayor", "mayor"), "unknown_destination", "abduction"),
    (facts("Russian forces control the bridge.", "control", "control", "the bridge",
           "bridge", "Russia", "Russian forces"), "control_without_its_noun", None),
    (facts("Guards seized rifles at the checkpoint.", "seized", "capture", "rifles",
           "rifles"), "weapons_seized", "disrupted_weapons"),
    (facts("Police seized the activist.", "seized", "capture", "the activist", "activist",
           who="Police"), "arrest_by_police", "arrest"),
    (facts("Ukrainian forces captured two soldiers.", "captured", "capture", "two soldiers",
           "soldiers", "Ukraine", "Ukrainian forces"), "persons_captured", "capture"),
    (facts("Ukrainian forces captured six men in the fighting.", "captured", "capture",
           "six men", "men", "Ukraine", "Ukrainian forces"), "fighters_taken_in_battle",
           "capture"),
    (facts("Russian forces captured it on Monday.", "captured", "capture", "", "it",
           "Russia", "Russian forces"), "capture_of_what_is_not_said", "unclassified"),
    (facts("Armed men seized a teacher.", "seized", "capture", "a teacher", "teacher"),
     "person_seized", "abduction"),
    (facts("Armed men seized a tank.", "seized", "capture", "a tank", "tank"),
     "person_seized", None),
    (facts("Russian forces took the village without a fight.", "took", "capture",
           "the village", "place", "Russia", "Russian forces"), "no_fighting",
     "territory_transferred"),
    (facts("Russian forces took the village.", "took", "capture", "the village", "place",
           "Russia", "Russian forces"), "taken_by_non_state", "territory_taken"),
    (facts("Ukrainian forces took the village.", "took", "capture", "the village", "place",
           "Ukraine", "Ukrainian forces"), "regained_by_government", "territory_regained"),
    (facts("Volunteers occupied the village.", "occupied", "territory_taken", "the village",
           "place", who="Volunteers"), "taken", "territory_taken"),
    (facts("Volunteers took the village.", "took", "capture", "the village", "place",
           who="Volunteers"), "side_not_named", "unclassified"),
])
def test_a_named_control_rule_decides(f: ControlFacts, rule: str, category: str | None) -> None:
    name, outcome = control_rule(f)
    assert (name, outcome[0] if outcome else None) == (rule, category)


def test_the_control_rules_have_unique_names_and_end_with_a_catch_all() -> None:
    names = [r.name for r in CONTROL_RULES]
    assert len(names) == len(set(names))
    assert CONTROL_RULES[-1].name == "side_not_named"
