"""The named steps that find triggers (extract/triggers.py) and read a cue's content
(`_CHILD_READERS` and `_VERB_READERS` in extract/claims.py), each on a short invented sentence:
the step that decided, and what a reader of the ledger sees (the trigger's kind and rule, the
claim's content and rule)."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.claims import find_claims
from docket.extract.triggers import TRIGGER_STEPS, trigger_step


def steps_of(text: str) -> dict[str, tuple[str, tuple[str, str] | None]]:
    """Word -> (name of the step that decided, its answer), for tokens a step decided."""
    _doc, parsed = parse_text(text)
    found = {}
    for tok in parsed:
        step, answer = trigger_step(tok)
        if step is not None:
            found[tok.text] = (step.name, answer)
    return found


@pytest.mark.parametrize(("text", "word", "step", "answer"), [
    ("Russia launched an offensive operation near Kupiansk.", "offensive",
     "offensive_operation", ("armed_clash", "trigger:noun:offensive")),
    ("Residents march in Kherson every Sunday.", "march", "lower_case_march",
     ("protest_march", "trigger:march")),
    ("Ukrainian troops retook Kherson.", "retook", "surface_form",
     ("territory_regained", "trigger:surface:retook")),
    ("Artillery near Bakhmut.", "Artillery", "weapon_without_verb",
     ("fire", "trigger:weapon_without_verb:artillery")),
    ("The drones, launched from Crimea, hit a depot.", "launched", "describes_a_weapon", None),
    ("Detained activists were released in Lviv.", "Detained", "participle_describes_a_state",
     None),
    ("Occupying troops left the village.", "Occupying", "participle_describes_combatants",
     None),
    ("Russian soldiers set fire to a barn in Izium.", "set", "verb_lexicon",
     ("destroy", "trigger:set_fire")),
    ("Russia said it would not attack the city.", "attack", "verb_lexicon",
     ("refusal", "trigger:will_not:attack")),
    ("Ukrainian air defence shot down four drones.", "shot", "verb_lexicon",
     ("disrupted_weapons", "trigger:verb:shoot down")),
    ("Heavy fighting was reported near Bakhmut.", "fighting", "noun_lexicon",
     ("armed_clash", "trigger:noun:fighting")),
])
def test_a_named_step_decides_a_trigger(text: str, word: str, step: str,
                                        answer: tuple[str, str] | None) -> None:
    assert steps_of(text)[word] == (step, answer)


def test_the_trigger_steps_have_unique_names() -> None:
    names = [s.name for s in TRIGGER_STEPS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("text", "content", "how"), [
    ("Two houses were damaged, the governor said.", "Two houses were damaged",
     "preceding complement"),
    ("The governor said that two houses were damaged.", "that two houses were damaged",
     "clausal complement"),
    ("The mayor urged residents to leave the town.", "residents to leave the town",
     "infinitive complement"),
    ("The council called for the mayor to resign.", "the mayor to resign",
     "'call for' with its clause"),
    ("The officer called the plan a failure.", "the plan a failure",
     "object of a statement verb"),
    ("The minister proposed dropping the tax.", "dropping the tax",
     "gerund object of a statement verb"),
    ("The governor warned of a new attack on the city.", "a new attack on the city",
     "'warn of' with its object"),
    ("The village, he said, was shelled overnight.",
     "The village, he said, was shelled overnight.", "parenthetical cue"),
])
def test_a_named_reader_finds_the_content(text: str, content: str, how: str) -> None:
    doc, parsed = parse_text(text)
    claims = list(find_claims(doc.text, parsed, doc.mentions, doc.id))
    assert any(c.content.text == content and how in c.rule for c in claims), [
        (c.content.text, c.rule) for c in claims]
