"""The named steps that find the parties of an event in extract/event_rules.py, each on a short
invented sentence: who did it (`AGENT_STEPS`, then `PERPETRATOR_STEPS`) and to whom
(`VICTIM_STEPS`), with the step that decided and what a reader of the ledger sees."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.event_rules import (
    AGENT_STEPS,
    PERPETRATOR_STEPS,
    VICTIM_STEPS,
    agent_step,
    victim_step,
)
from docket.extract.events import find_events


def _token(text: str, word: str):
    _doc, parsed = parse_text(text)
    return next(t for t in parsed if t.text == word)


@pytest.mark.parametrize(("text", "word", "step", "agent"), [
    ("The school was shelled by Russian forces.", "shelled", "by_agent", "forces"),
    ("Russian troops shelled the school.", "shelled", "subject", "troops"),
    ("The bombardment by the Russian army lasted hours.", "bombardment", "agent_of_noun",
     "army"),
    ("Russian shelling destroyed the bridge.", "shelling", "agent_of_noun", "Russian"),
    ("Russian troops advanced and captured the village.", "captured", "inherited", "troops"),
])
def test_a_named_step_finds_who_did_it(text: str, word: str, step: str, agent: str) -> None:
    name, tok = agent_step(_token(text, word))
    assert (name, tok.text if tok is not None else None) == (step, agent)


@pytest.mark.parametrize(("text", "word", "step", "victim"), [
    ("Troops set fire to a barn.", "set", "set_on_fire", "barn"),
    ("Russian forces withdrew from Kherson.", "withdrew", "place_changing_hands", "Kherson"),
    ("Russian forces captured two soldiers.", "captured", "what_was_taken", "soldiers"),
    ("Troops fired mortars at the positions.", "fired", "patient", "positions"),
    ("Two civilians died in the attack.", "died", "patient", "civilians"),
])
def test_a_named_step_finds_to_whom(text: str, word: str, step: str, victim: str) -> None:
    name, tok = victim_step(_token(text, word))
    assert (name, tok.text if tok is not None else None) == (step, victim)


@pytest.mark.parametrize(("text", "category", "side", "rule"), [
    ("Ukrainian forces repelled Russian troops near Bakhmut.", "armed_clash", "Russia",
     "perpetrator:attacker_repelled:"),
    ("Russian forces shelled Kharkiv.", "shelling", "Russia", "perpetrator:force:"),
    ("Heavy fighting between Russian and Ukrainian forces continued near Bakhmut.",
     "armed_clash", "Russia", "perpetrator:first_side_of_fight:"),
    ("A civilian was killed by a mine planted by Russian troops.", "remote_explosive",
     "Russia", "perpetrator:planted_by:"),
    ("Somebody shelled the village.", "shelling", "unknown", "perpetrator:phrase:"),
    ("Two civilians died in the attack.", "attack_on_civilians", "unknown",
     "perpetrator:not_named"),
])
def test_the_perpetrator_steps_name_who_did_it(text: str, category: str, side: str,
                                               rule: str) -> None:
    doc, parsed = parse_text(text)
    found = [(e.category, e.perpetrator.side, e.perpetrator.rule)
             for e in find_events(doc.text, parsed, doc.mentions, doc.id)]
    assert any(c == category and s == side and r.startswith(rule) for c, s, r in found), found


def test_the_party_steps_have_unique_names() -> None:
    for steps in (AGENT_STEPS, VICTIM_STEPS, PERPETRATOR_STEPS):
        names = [s[0] for s in steps]
        assert len(names) == len(set(names))
