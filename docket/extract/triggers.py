"""Which tokens are event triggers, and of which lexicon kind: a table of named steps.

`trigger_kind` reads one token and answers with the lexicon kind (`docket.extract.
event_lexicon`) and the rule that names it ("trigger:verb:shell"), or None: no trigger. The
answer used to be one 45-line `if` chain; it is now `TRIGGER_STEPS`, read in order: the first
step whose condition holds decides, and a step may decide "no trigger" ("the occupied town",
"missiles fired from ships"). The exceptions come before the verb and noun lexicons, as they
did in the chain; the category of a trigger is settled later, in `docket.extract.categories`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docket.extract import event_lexicon as lex
from docket.extract.event_rules import sets_fire
from docket.extract.taxonomy import will_not

Trigger = tuple[str, str] | None  # (lexicon kind, rule), or None: no trigger


@dataclass(frozen=True)
class TriggerStep:
    """One step of the trigger decision: when this holds of a token, decide that."""

    name: str
    when: Callable[[Any, str], object]  # (token, lower-case lemma) -> anything truthy
    then: Callable[[Any, str], Trigger]


def _no_trigger(_tok: Any, _lemma: str) -> Trigger:
    return None


def _surface_form(tok: Any, lemma: str) -> Trigger:
    """A trigger told by its written form ("airstrikes", "shelled"), unless a lexicon lemma."""
    for rx, surface_kind in lex.SURFACE_TRIGGERS:
        if rx.match(tok.text) and lemma not in lex.VERB_TRIGGERS | lex.NOUN_TRIGGERS:
            return surface_kind, f"trigger:surface:{tok.lower_}"
    return None


def _is_verb(tok: Any, _lemma: str) -> bool:
    return tok.pos_ in ("VERB", "AUX") or str(tok.tag_).startswith("VB")


def _verb_trigger(tok: Any, lemma: str) -> Trigger:
    """A verb: set fire, a refusal told with 'will not', a phrasal verb, the verb lexicon."""
    if lemma == "set" and sets_fire(tok):
        return "destroy", "trigger:set_fire"
    if will_not(tok):
        return "refusal", f"trigger:will_not:{lemma}"
    found = particle(tok)
    prt = found.lower_ if found is not None else None
    if prt and (lemma, prt) in lex.PHRASAL:
        return lex.PHRASAL[(lemma, prt)], f"trigger:verb:{lemma} {prt}"
    kind = lex.VERB_TRIGGERS.get(lemma)
    if kind is None:
        return None
    return kind, f"trigger:verb:{lemma}"


def _noun_trigger(tok: Any, lemma: str) -> Trigger:
    """A noun of the noun lexicon, unless it qualifies a head that is no event."""
    kind = lex.NOUN_TRIGGERS.get(lemma)
    if kind is None and "/" in lemma:  # "explosions/shots": the first word that is a cue
        parts = [p.rstrip("s") for p in lemma.split("/")]
        kind = next((lex.NOUN_TRIGGERS[p] for p in parts if p in lex.NOUN_TRIGGERS), None)
    if kind is None:
        return None
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.NOT_EVENT_HEADS:
        return None
    if kind == "fire_noun" and not _is_gunfire(tok):
        return None
    return kind, f"trigger:noun:{lemma}"


TRIGGER_STEPS: tuple[TriggerStep, ...] = (
    TriggerStep(
        "offensive_operation",
        lambda tok, lemma: lemma == "offensive" and tok.pos_ in ("ADJ", "NOUN")
        and tok.head.lemma_.lower() in ("operation", "action", "offensive", "launch",
                                         "conduct"),
        lambda tok, lemma: ("armed_clash", "trigger:noun:offensive")),
    TriggerStep(  # lower case: not the month
        "lower_case_march",
        lambda tok, lemma: lemma == "march" and tok.text.islower()
        and tok.pos_ in ("NOUN", "PROPN", "VERB"),
        lambda tok, lemma: ("protest_march", "trigger:march")),
    TriggerStep("surface_form", lambda tok, lemma: _surface_form(tok, lemma) is not None,
                _surface_form),
    TriggerStep(
        "weapon_without_verb",
        lambda tok, lemma: tok.dep_ == "ROOT" and tok.pos_ in ("NOUN", "PROPN")
        and lex.ROOT_WEAPONS.match(tok.text),
        lambda tok, lemma: ("fire", f"trigger:weapon_without_verb:{tok.lower_}")),
    TriggerStep(  # "missiles fired from ships" describes a weapon, not another attack
        "describes_a_weapon",
        lambda tok, lemma: tok.dep_ in ("acl", "relcl", "amod")
        and lex.WEAPON_OBJECTS.search(tok.head.text),
        _no_trigger),
    TriggerStep(  # "detained activists", "occupied villages": a description of a state
        "participle_describes_a_state",
        lambda tok, lemma: tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD", "JJ"),
        _no_trigger),
    TriggerStep(  # "occupying troops", "retreating units": who they are, not an act
        "participle_describes_combatants",
        lambda tok, lemma: tok.dep_ == "amod" and tok.tag_ == "VBG"
        and lex.COMBATANTS.search(tok.head.text),
        _no_trigger),
    TriggerStep(  # "in occupied Melitopol", "the occupied town", misparsed as a verb
        "participle_after_a_preposition_or_article",
        lambda tok, lemma: tok.tag_ == "VBN" and tok.i > tok.sent.start
        and tok.nbor(-1).pos_ in ("ADP", "DET") and tok.nbor(-1).lower_ != "by",
        _no_trigger),
    TriggerStep("verb_lexicon", _is_verb, _verb_trigger),
    TriggerStep("noun_lexicon", lambda tok, lemma: tok.pos_ in ("NOUN", "PROPN"),
                _noun_trigger),
)


def trigger_step(tok: Any) -> tuple[TriggerStep | None, Trigger]:
    """The step that decided about `tok` (None: no step applied), and its answer."""
    lemma = tok.lemma_.lower()
    for step in TRIGGER_STEPS:
        if step.when(tok, lemma):
            return step, step.then(tok, lemma)
    return None, None


def trigger_kind(tok: Any) -> Trigger:
    """The lexicon kind and rule of a trigger token, or None when the token is no trigger."""
    return trigger_step(tok)[1]


def particle(tok: Any) -> Any | None:
    """A verb's particle; the parser sometimes takes the word right after the verb for an
    adverb ("had shot down nine of 14 drones": 'down' as advmod)."""
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == tok.i + 1
                               and c.lower_ in lex.PARTICLES):
            return c
        if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ == "out":
            return c  # "pulled out of Kherson": 'out' taken for a preposition
    return None


def _is_gunfire(tok: Any) -> bool:
    if tok.head.lemma_.lower() in lex.FIRE_HEADS:
        return True
    if any(c.dep_ == "prep" and c.lower_ in ("on", "at") for c in tok.children):
        return True
    return any(c.dep_ in ("compound", "amod") for c in tok.children)
