"""The named rules of an event's modality in extract/events.py (`TRIGGER_MODALITY_RULES` on the
trigger, then `HEAD_MODALITY_RULES` on it and each head above it), each on a short invented
sentence: the rule that decided, and the modality and rule a reader of the ledger sees."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.events import HEAD_MODALITY_RULES, TRIGGER_MODALITY_RULES, modality_rule
from docket.extract.triggers import trigger_kind


@pytest.mark.parametrize(("text", "word", "rule", "modality", "why"), [
    ("Russia said it would not attack the city.", "attack", "refusal_said_with_will_not",
     "asserted", "modality:refusal_said_with_will_not"),
    ("The town was taken without fighting.", "fighting", "without", "negated",
     "modality:negated:'without fighting'"),
    ("They recruit volunteers to fight in Bakhmut.", "fight", "purpose_of_an_act",
     "hypothetical", "modality:hypothetical:purpose:'recruit to fight'"),
    ("Russia prepared a plan to strike Kyiv.", "strike", "purpose_of_a_thing", "hypothetical",
     "modality:hypothetical:purpose:'plan to strike'"),
    ("After the Russian army seized the region, officials fled.", "seized",
     "done_before_another", "asserted", "modality:asserted:done_before:'After ... seized'"),
    ("Russian forces did not shell the village.", "shell", "negation", "negated",
     "modality:negated:'shell'"),
    ("Its forces do not strike civilians.", "strike", "negation", "negated",
     "modality:negated:general_statement:'strike'"),
    ("Russia could attack Kyiv again.", "attack", "modal_or_condition", "hypothetical",
     "modality:hypothetical:'could'"),
    ("If Russia attacks Kyiv, the West will respond.", "attacks", "modal_or_condition",
     "hypothetical", "modality:hypothetical:'If'"),
    ("Neither side's account of Monday's strike could be verified.", "strike",
     "referred_to_by_an_account", "asserted", ""),
    ("Russia plans to attack Kyiv.", "attack", "hypothetical_head", "hypothetical",
     "modality:hypothetical:'plans'"),
    ("The soldiers threatened to rape the women.", "rape", "hypothetical_head", "asserted",
     "modality:threat_of_sexual_violence_is_the_event"),
    ("Russian forces shelled the village.", "shelled", "asserted_by_default", "asserted", ""),
])
def test_a_named_rule_decides_the_modality(text: str, word: str, rule: str, modality: str,
                                           why: str) -> None:
    _doc, parsed = parse_text(text)
    tok = next(t for t in parsed if t.text == word)
    found = trigger_kind(tok)
    assert found is not None
    assert modality_rule(tok, found[0]) == (rule, (modality, why))


def test_the_modality_rules_have_unique_names() -> None:
    names = [n for n, _ in TRIGGER_MODALITY_RULES] + [n for n, _ in HEAD_MODALITY_RULES]
    assert len(names) == len(set(names))
