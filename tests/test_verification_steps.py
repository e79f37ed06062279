"""The named readers and rules of extract/verification.py, each on a short invented sentence:
which phrase a verification verb is about (`_OBJECT_READERS`), how far back that phrase points
(`REACH_RULES`), and the scope a reader of the ledger then sees."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.verification import (
    _OBJECT_READERS,
    REACH_RULES,
    find_verifications,
    reach_rule,
    verification_object,
)


def _verb(parsed, word: str):
    return next(t for t in parsed if t.text == word)


@pytest.mark.parametrize(("text", "verb", "reader", "about"), [
    ("Reuters could not verify the claim.", "verify", "direct_object", "claim"),
    ("The claim could not be verified.", "verified", "direct_object", "claim"),
    ("Officials argued about the figures and disputed over the numbers.", "disputed",
     "object_of_preposition", "numbers"),
    ("The claims have yet to be verified.", "verified", "subject_above_infinitive", "claims"),
    ("The claims were impossible to verify.", "verify", "subject_above_infinitive", "claims"),
    ("The ministry could neither confirm nor deny the accounts.", "confirm",
     "object_shared_with_nor", "accounts"),
])
def test_a_named_reader_finds_what_a_verb_is_about(text: str, verb: str, reader: str,
                                                   about: str) -> None:
    _doc, parsed = parse_text(text)
    name, phrase = verification_object(_verb(parsed, verb)) or ("", None)
    assert (name, phrase.text if phrase is not None else None) == (reader, about)


def test_a_complement_clause_comes_before_any_reader() -> None:
    doc, parsed = parse_text("Reuters verified that the witness was in Bucha.")
    (v,) = find_verifications(doc.text, parsed, doc.mentions)
    assert v.scope is not None and v.scope.text == "the witness was in Bucha"
    assert "complement clause" in v.rule


@pytest.mark.parametrize(("text", "verb", "rule", "reach", "scope"), [
    ("Troops shelled the school. None of the reports could be verified.", "verified",
     "quantifier", "paragraph", "Troops shelled the school. None of the reports"),
    ("Troops shelled the school. Reuters could not verify this.", "verify", "pronoun",
     "sentence", "Troops shelled the school"),
    ("Troops shelled the school. Reuters could not verify the claim.", "verify",
     "account_noun", "sentence", "Troops shelled the school"),
    ("Both sides gave figures. Neither account could be verified.", "verified",
     "account_noun", "paragraph", "Both sides gave figures"),
    ("Reuters could not verify reports that troops shelled the school.", "verify",
     "account_noun", None, "reports that troops shelled the school"),
    ("Reuters could not verify reports of shelling in Izium.", "verify", "account_noun", None,
     "reports of shelling in Izium"),
    ("Officials argued about the figures and disputed over the numbers.", "disputed",
     "other_phrase", "sentence", None),
])
def test_a_named_rule_decides_how_far_back_a_phrase_points(
        text: str, verb: str, rule: str, reach: str | None, scope: str | None) -> None:
    doc, parsed = parse_text(text)
    found = verification_object(_verb(parsed, verb))
    assert found is not None
    assert reach_rule(found[1]) == (rule, reach)
    (v,) = find_verifications(doc.text, parsed, doc.mentions)
    assert (v.scope.text if v.scope is not None else None) == scope


def test_the_verification_readers_and_rules_have_unique_names() -> None:
    for names in ([n for n, _ in _OBJECT_READERS], [r[0] for r in REACH_RULES]):
        assert len(names) == len(set(names))
