"""The category of one trigger, as a table of named rules read in order.

`classify` answers "which category is this act, and why" for a trigger of a lexicon kind
(`docket.extract.event_lexicon`). The answer used to be one 200-line `if` chain; it is now the
table `CATEGORY_RULES`: each `CategoryRule` has a name, the trigger kinds it reads, a condition
and an outcome, and `decide` returns the outcome of the first rule whose kinds and condition
match. An outcome is (category, reason in words), or None: not an event after all ("no one was
killed", "ratings hit lows"). The reasons are the same words the records have always carried.

Order matters, as it did in the chain: the rules that look past the trigger's own kind (a
suicide bombing, force at a protest, a mob, a chemical agent, fire both ways) come before the
rules for each kind, and the last rule catches every kind no earlier rule decided. A rule is
named after what it recognises, so that a test, a log line or a reviewer can point at it
(`tests/test_category_rules.py` holds one test per rule it names).

The codebook distinctions that rest on who acted (arrest or abduction, territory taken or
regained, force at a protest) stay in `docket.extract.taxonomy`; a rule here calls them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docket.extract import event_lexicon as lex
from docket.extract.event_rules import all_instruments, instrument, subtree_text
from docket.extract.taxonomy import (
    WEAPON_KINDS,
    aircraft_downed,
    at_a_protest,
    by_victims,
    control_category,
    detention,
    force_and_protest,
    policing_gas,
    refusal,
    transfer_category,
)
from docket.model import Party

Decision = tuple[str, str] | None

_NOT_PEOPLE = re.compile(r"(?i)infrastructure|house|home|building|residential|school|hospital|"
                         r"object")
_AIR_FORCE = re.compile(r"(?i)\bair\s*force|aviation")
_MOB = re.compile(r"(?i)\bmob\b")
_WEAPONS_FOUND = re.compile(r"(?i)\b(?:weapons|arms|ammunition|explosive\s+devices?|cache|stash)\b")
_PEOPLE = re.compile(r"(?i)\b(?:m[ae]n|wom[ae]n|person|people|boy|girl|child)\b")
_WEAPONS_DOWNED = re.compile(r"(?i)\b(?:missiles?|drones?|rockets?|cruise|caches?|stash\w*|"
                             r"weapons|explosive\s+devices|ieds)\b")
_SUICIDE_BLAST = re.compile(r"(?i)\bsuicide|blew\s+(?:himself|herself|themselves)\s+up")
_PROTESTERS_HURT = re.compile(r"(?i)\b(?:protesters?|demonstrators?)\s+(?:were\s+|was\s+)?"
                              r"(?:killed|died|shot)")


@dataclass(frozen=True)
class Facts:
    """What the category rules read about one trigger, worked out once before any rule runs."""

    kind: str  # the trigger's lexicon kind
    tok: Any  # the trigger token (spaCy)
    clause: str
    victims: Party
    perpetrator: Party
    sentence: str
    next_sentence: str
    vhead: str  # the victim's head word, or "place" when it is a place
    target: str  # the victims' words
    agent_words: str  # the perpetrator's words
    found: dict[str, str]  # every instrument group the clause names: category -> words
    first: tuple[str, str, str] | None  # the first of them: (category, label, words)
    military_target: bool
    civilian_people: bool  # civilians or prisoners, not buildings

    @property
    def lemma(self) -> str:
        return str(self.tok.lemma_).lower()

    @property
    def word(self) -> str:
        return str(self.tok.text)


def facts_of(kind: str, tok: Any, clause: str, victims: Party, perpetrator: Party,
             sentence: str, next_sentence: str, vhead: str = "") -> Facts:
    target = victims.text.text if victims.text else ""
    agent_words = perpetrator.text.text if perpetrator.text else ""
    # tear gas on a crowd or by police is policing, not a method of warfare
    policing = frozenset({"chemical_weapon"}) if policing_gas(clause, sentence, agent_words) \
        else frozenset()
    return Facts(
        kind=kind, tok=tok, clause=clause, victims=victims, perpetrator=perpetrator,
        sentence=sentence, next_sentence=next_sentence, vhead=vhead, target=target,
        agent_words=agent_words, found=all_instruments(clause, policing),
        first=instrument(clause, policing),
        military_target=bool(lex.MILITARY_TARGETS.search(target)),
        civilian_people=victims.status in ("civilians", "prisoners")
        and not _NOT_PEOPLE.search(target))


@dataclass(frozen=True)
class CategoryRule:
    """One step of the category decision: for these kinds, when this holds, decide that."""

    name: str
    kinds: frozenset[str] | None  # the trigger kinds the rule reads; None: every kind
    when: Callable[[Facts], object]  # anything truthy: the rule applies
    then: Callable[[Facts], Decision]

    def applies(self, f: Facts) -> bool:
        return (self.kinds is None or f.kind in self.kinds) and bool(self.when(f))


def _always(_f: Facts) -> bool:
    return True


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


def _rule(name: str, kinds: frozenset[str] | None, then: Callable[[Facts], Decision],
          when: Callable[[Facts], object] = _always) -> CategoryRule:
    return CategoryRule(name, kinds, when, then)


# --- outcomes that take more than a line ------------------------------------------------------

def _suicide_bombing(f: Facts) -> Decision:
    suicide = lex.SUICIDE.search(f.sentence)
    return "suicide_bomb", f"a suicide bombing: '{suicide.group(0) if suicide else ''}'"


def _fire_both_ways(f: Facts) -> Decision:
    two_way = lex.TWO_WAY_FIRE.search(f.sentence)
    return "armed_clash", f"fire both ways: '{two_way.group(0) if two_way else ''}'"


def _named_weapon(f: Facts) -> Decision:
    assert f.first is not None
    cat, label, words = f.first
    if cat == "armed_clash" and len(f.found) > 1:  # small arms beside heavier weapons
        cat, label, words = next((c, c, w) for c, w in f.found.items() if c != cat)
    if cat == "remote_explosive" and f.kind in ("fire", "weapon_use") and f.lemma != "use":
        cat = "shelling"  # mines fired by launchers are shells, not planted devices
    return cat, f"'{f.word}' with {label}: '{words}'"


def _by_first_weapon(how: str) -> Callable[[Facts], Decision]:
    """The category of the first weapon named that is not small arms: "killed by a drone"."""
    def then(f: Facts) -> Decision:
        assert f.first is not None
        return f.first[0], f"{how} {f.first[1]}: '{f.first[2]}'"
    return then


def _first_is_heavy(f: Facts) -> bool:
    return f.first is not None and f.first[0] != "armed_clash"


def _first_is_small_arms_or_none(f: Facts) -> bool:
    return f.first is None or f.first[0] == "armed_clash"


def _as_a_protest(f: Facts) -> Decision:
    # `vhead` is not passed on: a march is read as a protest with no victim head
    return classify("protest", f.tok, f.clause, f.victims, f.perpetrator, f.sentence,
                    f.next_sentence)


def _passive(f: Facts) -> bool:
    return f.tok.dep_ == "auxpass" or any(c.dep_ == "auxpass" for c in f.tok.children)


def _has_child(word: str) -> Callable[[Facts], bool]:
    return lambda f: any(c.lower_ == word for c in f.tok.children)


def _figurative_hit(f: Facts) -> bool:
    """"ratings hit lows": no weapon, no force, no place or people struck."""
    return f.lemma in ("hit", "strike", "pound") and f.tok.pos_ == "VERB" \
        and f.first is None and f.perpetrator.side == "unknown" and f.vhead != "place" \
        and f.victims.status is None and not lex.MILITARY_TARGETS.search(f.target)


_VIOLENT_KINDS = _kinds("kill", "strike", "attack", "explosion", "fire", "bomb", "blow",
                        "shelling")
_FORCE_AT_PROTEST = _kinds("fire", "fire_noun", "shoot", "strike", "attack", "beat",
                           "armed_clash", "kill", "shots", "assault")
# kinds whose lexicon kind is already the category, save for the exceptions before them
_NAMED_KINDS = _kinds("shelling", "air_strike", "armed_clash", "torture", "abduction", "looting",
                      "disrupted_weapons", "desertion", "displacement", "agreement", "surrender")
# force whose category rests on the weapon and the target
_FORCE = _kinds("fire", "fire_noun", "strike", "attack", "bomb", "weapon_use", "assault")
_PROTEST = _kinds("protest", "violent_demonstration", "mob_violence")

CATEGORY_RULES: tuple[CategoryRule, ...] = (
    # --- what overrides the trigger's own kind
    _rule("suicide_bombing", _VIOLENT_KINDS, _suicide_bombing,
          when=lambda f: lex.SUICIDE.search(f.sentence)),
    _rule("protesters_detained", _kinds("detain"),
          lambda f: ("protest_with_intervention", "protesters detained"),
          when=lambda f: at_a_protest(f.tok, f.target, f.perpetrator)),
    _rule("force_at_a_protest", _FORCE_AT_PROTEST,
          lambda f: force_and_protest(f.kind, f.tok, f.sentence, f.perpetrator),
          when=lambda f: at_a_protest(f.tok, f.target, f.perpetrator)),
    _rule("mob_violence", _kinds("armed_clash", "attack", "kill", "beat", "assault"),
          lambda f: ("mob_violence", f"violence by a crowd ('{f.agent_words or 'mob'}')"),
          when=lambda f: lex.MOB_AGENTS.search(f.agent_words) or _MOB.search(f.sentence)),
    _rule("rioters_destroy", _kinds("destroy", "looting"),
          lambda f: ("violent_demonstration", f"'{f.word}' by '{f.agent_words}': the riot itself"),
          when=lambda f: lex.RIOTERS.search(f.agent_words)),
    _rule("chemical_agent", WEAPON_KINDS,
          lambda f: ("chemical_weapon", f"'{f.word}' with a chemical agent "
                                        f"('{f.found['chemical_weapon']}'), whatever carried it"),
          when=lambda f: "chemical_weapon" in f.found),
    # --- weapons found, exchanges and signings
    _rule("weapons_found", _kinds("weapons_found"),
          lambda f: ("disrupted_weapons",
                     f"weapons {f.word}: '{f.target or subtree_text(f.tok)}'"),
          when=lambda f: lex.WEAPON_OBJECTS.search(f.target)
          or _WEAPONS_FOUND.search(subtree_text(f.tok))),
    _rule("nothing_found", _kinds("weapons_found"), lambda f: None),
    _rule("exchange_of_fire", _kinds("exchange"),
          lambda f: ("armed_clash", "an exchange of fire"),
          when=lambda f: lex.TWO_WAY_FIRE.search(f.sentence)),
    _rule("exchange_or_agreement", _kinds("exchange", "signing"),
          lambda f: ("agreement", f"'{f.word}': an exchange or agreement between parties"),
          when=lambda f: lex.AGREEMENT_OBJECTS.search(subtree_text(f.tok))),
    _rule("nothing_exchanged", _kinds("exchange", "signing"), lambda f: None),
    _rule("fire_both_ways", _kinds("fire", "fire_noun", "strike", "shots", "shelling",
                                   "explosion"), _fire_both_ways,
          when=lambda f: lex.TWO_WAY_FIRE.search(f.sentence)),
    _rule("manned_aircraft_downed", _kinds("disrupted_weapons"),
          lambda f: aircraft_downed(f.clause, f.target),
          when=lambda f: lex.MANNED_AIRCRAFT.search(f.target)),
    # --- kinds that name their category
    _rule("bombardment_from_the_air", _kinds("shelling"),
          lambda f: ("air_strike", f"bombardment by {f.found['air_strike']}"),
          when=lambda f: "air_strike" in f.found and f.lemma == "bombard"),
    _rule("agreement_violated", _kinds("agreement"),
          lambda f: ("armed_clash", f"'{f.word}' violated: fighting"),
          when=lambda f: f.tok.head.lemma_.lower() in ("violate", "break")),
    _rule("agreement_talked_about", _kinds("agreement"), lambda f: None,
          when=lambda f: f.lemma in ("agreement", "deal", "accord")
          and f.tok.head.lemma_.lower() not in lex.AGREEMENT_VERBS),
    _rule("kind_names_category", _NAMED_KINDS,
          lambda f: (f.kind, f"'{f.word}' names a {f.kind.replace('_', ' ')}")),
    # --- words that name no act
    _rule("target_alone", None, lambda f: None,  # names neither an act nor who did it
          when=lambda f: f.lemma == "target" and f.first is None and f.perpetrator.text is None),
    _rule("figurative_hit", None, lambda f: None, when=_figurative_hit),
    # --- force: the weapon and the target decide
    _rule("sexual_assault", _kinds("assault"),
          lambda f: ("sexual_violence", "'sexually assaulted'"), when=_has_child("sexually")),
    _rule("weapon_use_without_weapon", _kinds("weapon_use"), lambda f: None,
          when=lambda f: not (f.first or lex.WEAPON_OBJECTS.search(f.target))),
    _rule("weapon_use_not_an_attack", _kinds("weapon_use"), lambda f: None,
          when=lambda f: lex.NON_ATTACK_USE.search(f.clause)),
    _rule("grenade_thrown", _kinds("weapon_use"),
          lambda f: ("grenade", f"grenade thrown: '{f.found['grenade']}'"),
          when=lambda f: f.lemma == "throw" and "grenade" in f.found
          and "drone_strike" not in f.found),
    _rule("fire_at_incoming_weapon", _kinds("fire", "weapon_use", "strike"),
          lambda f: ("disrupted_weapons", f"fire at an incoming weapon ('{f.target}')"),
          when=lambda f: lex.INCOMING.search(f.target)),
    _rule("small_arms_at_military_target", _FORCE - {"weapon_use"},
          lambda f: ("armed_clash", f"small arms ('{f.found['armed_clash']}') at a military "
                                    f"target ('{f.target}')"),
          when=lambda f: "armed_clash" in f.found
          and (f.military_target or not lex.CIVILIANS.search(f.target))),
    _rule("fire_at_people", _FORCE,
          lambda f: ("attack_on_civilians", f"fire at people: '{f.target}'"),
          when=lambda f: f.civilian_people and _first_is_small_arms_or_none(f)),
    _rule("gunmen", _FORCE,
          lambda f: ("attack_on_civilians", f"gunmen's fire at '{f.target or 'people'}'"),
          when=lambda f: f.first is not None and f.first[0] == "armed_clash"
          and not f.military_target and lex.GUNMEN.search(f.clause)),
    _rule("attack_on_military_target", _kinds("attack"),
          lambda f: ("armed_clash", f"an attack on a military target ('{f.target}')"),
          when=lambda f: f.military_target and _first_is_small_arms_or_none(f)),
    _rule("named_weapon", _FORCE, _named_weapon, when=lambda f: f.first is not None),
    _rule("by_the_air_force", _FORCE,
          lambda f: ("air_strike", f"'{f.word}' by the air force"),
          when=lambda f: f.perpetrator.text and _AIR_FORCE.search(f.perpetrator.text.text)),
    _rule("bombed", _kinds("bomb"),
          lambda f: ("air_strike", "'bombed' with no other weapon named: from the air")),
    _rule("assault_without_weapon", _kinds("assault"),
          lambda f: ("armed_clash", f"'{f.word}' on a military target ('{f.target}')")),
    _rule("remote_fire", _kinds("fire", "fire_noun", "strike"),
          lambda f: ("shelling", f"'{f.word}' at a place with no weapon named: remote fire")),
    _rule("force_without_weapon_or_target", _FORCE,
          lambda f: ("unclassified", f"'{f.word}' with no weapon and no kind of target named")),
    # --- killing and shooting: the weapon, else the victims decide
    _rule("no_one_killed", _kinds("kill"), lambda f: None,
          when=lambda f: f.victims.count == 0),
    _rule("manned_aircraft_shot_down", _kinds("kill", "shoot"),
          lambda f: aircraft_downed(f.clause, f.target),
          when=lambda f: f.lemma == "shoot" and lex.WEAPON_OBJECTS.search(f.target)
          and lex.MANNED_AIRCRAFT.search(f.target)),
    _rule("weapon_shot_down", _kinds("kill", "shoot"),
          lambda f: ("disrupted_weapons", f"shot at '{f.target}'"),
          when=lambda f: f.lemma == "shoot" and lex.WEAPON_OBJECTS.search(f.target)),
    _rule("killed_by_weapon", _kinds("kill"), _by_first_weapon("killed by"),
          when=_first_is_heavy),
    _rule("person_killed", _kinds("kill", "shoot"),
          lambda f: ("attack_on_civilians", f"'{f.word}' a person not said to be a fighter"),
          when=lambda f: f.victims.status is None and f.victims.text
          and _PEOPLE.search(f.target)),
    _rule("killed_by_victims", _kinds("kill", "shoot"),
          lambda f: by_victims(f.victims.status, "unclassified", f"'{f.word}'")),
    # --- executions, beatings, sexual violence, detention
    _rule("civilians_executed", _kinds("execution"),
          lambda f: ("attack_on_civilians",
                     "'executed' civilians: wilful killing of civilians"),
          when=lambda f: f.victims.status == "civilians"),
    _rule("execution", _kinds("execution"),
          lambda f: ("execution", f"'{f.word}': killing of persons hors de combat")),
    _rule("beat_back", _kinds("beat"),
          lambda f: ("armed_clash", "'beat back': an attack repelled"), when=_has_child("back")),
    _rule("prisoners_beaten", _kinds("beat"),
          lambda f: ("torture", "prisoners beaten: ill-treatment"),
          when=lambda f: f.victims.status == "prisoners"),
    _rule("civilians_beaten", _kinds("beat"),
          lambda f: ("attack_on_civilians", "civilians beaten"),
          when=lambda f: f.victims.status == "civilians"),
    _rule("beaten_other", _kinds("beat"), lambda f: None),
    _rule("sexual_violence", _kinds("sexual_violence"),
          lambda f: ("sexual_violence", f"'{f.word}'")),
    _rule("detention", _kinds("detain"), lambda f: detention(f.tok, f.perpetrator)),
    # --- marches and gatherings are protests when they have a purpose
    _rule("gathering_without_purpose", _kinds("gathering"), lambda f: None,
          when=lambda f: not lex.PROTEST_PURPOSE.search(f.sentence)),
    _rule("march_as_protest", _kinds("protest_march", "gathering"), _as_a_protest),
    # --- destruction, shots, explosions
    _rule("weapons_destroyed", _kinds("destroy"),
          lambda f: ("disrupted_weapons", f"'{f.word}' '{f.target}' in the air"),
          when=lambda f: _WEAPONS_DOWNED.search(f.target)),
    _rule("military_equipment_destroyed", _kinds("destroy"),
          lambda f: ("unclassified",
                     f"military equipment destroyed ('{f.target}'); how is not said"),
          when=lambda f: lex.MILITARY_EQUIPMENT.search(f.target)),
    _rule("destroyed_by_weapon", _kinds("destroy"), _by_first_weapon("destroyed by"),
          when=_first_is_heavy),
    _rule("destroyed_as_consequence", _kinds("destroy"), lambda f: None,  # "houses were
          when=_passive),                                     # destroyed": no act, no agent
    _rule("property_destruction", _kinds("destroy"),
          lambda f: ("property_destruction", f"'{f.word}' property: '{f.target}'")),
    _rule("shots_with_weapon", _kinds("shots"), _by_first_weapon("shots with"),
          when=_first_is_heavy),
    _rule("small_arms_fire", _kinds("shots"),
          lambda f: ("armed_clash", f"'{f.word}' fired: small-arms fire")),
    _rule("several_explosions", _kinds("explosion"),
          lambda f: ("shelling", f"'{f.word}' (several) with no cause stated: remote fire"),
          when=lambda f: f.tok.tag_ == "NNS" and f.first is None),
    _rule("suicide_blast", _kinds("explosion", "blow"),
          lambda f: ("suicide_bomb", "a suicide bombing"),
          when=lambda f: _SUICIDE_BLAST.search(f.sentence)),
    _rule("explosion_of_weapon", _kinds("explosion", "blow"),
          _by_first_weapon("explosion of"), when=lambda f: f.first is not None),
    _rule("demolition", _kinds("blow"),
          lambda f: ("remote_explosive", f"blew up '{f.target}': a demolition by explosives")),
    _rule("explosion_cause_unknown", _kinds("explosion"),
          lambda f: ("unclassified", "an explosion whose cause is not stated")),
    # --- control of territory, resignations, refusals: the codebook in taxonomy.py
    _rule("control_of_territory",
          _kinds("capture", "control", "territory_taken", "territory_regained"),
          lambda f: control_category(f.kind, f.tok, f.target, f.vhead, f.perpetrator,
                                     f.sentence + " " + f.next_sentence)),
    _rule("transfer_of_territory", _kinds("withdrawal", "entry", "handover"),
          lambda f: transfer_category(f.kind, f.tok, f.target, f.vhead, f.perpetrator,
                                      f.sentence, f.sentence + " " + f.next_sentence)),
    _rule("soldier_resigned", _kinds("resignation"),
          lambda f: ("resignation", "a soldier or officer resigned"),
          when=lambda f: lex.COMBATANTS.search(f.agent_words)),
    _rule("civilian_resigned", _kinds("resignation"), lambda f: None),
    _rule("refusal", _kinds("refusal"), lambda f: refusal(f.tok, f.agent_words)),
    # --- protests: what happened to or by the protesters
    _rule("mob_violence_named", _kinds("mob_violence"), lambda f: (f.kind, f"'{f.word}'")),
    _rule("protesters_killed", _PROTEST,
          lambda f: ("excessive_force_against_protesters", "protesters killed or shot"),
          when=lambda f: lex.PROTEST_EXCESSIVE_FORCE.search(f.sentence)
          or _PROTESTERS_HURT.search(f.sentence)),
    _rule("protesters_violent", _PROTEST,
          lambda f: ("violent_demonstration", "protesters' violence"),
          when=lambda f: f.kind == "violent_demonstration"
          or lex.PROTEST_VIOLENCE.search(f.sentence)),
    _rule("protest_stopped", _PROTEST,
          lambda f: ("protest_with_intervention", "the protest was stopped or dispersed"),
          when=lambda f: lex.PROTEST_INTERVENTION.search(f.sentence)),
    _rule("peaceful_protest", _PROTEST,
          lambda f: ("peaceful_protest", f"'{f.word}' with no violence or intervention stated")),
    _rule("protest_broken_up", _kinds("protest_dispersal"),
          lambda f: ("protest_with_intervention", "a protest broken up"),
          when=lambda f: lex.PROTEST_NOUNS.search(f.sentence)),
    _rule("dispersal_without_protest", _kinds("protest_dispersal"), lambda f: None),
    # --- every other kind
    _rule("kind_not_classified", None,
          lambda f: ("unclassified", f"'{f.word}' of kind {f.kind}")),
)

RULES_BY_NAME = {r.name: r for r in CATEGORY_RULES}
assert len(RULES_BY_NAME) == len(CATEGORY_RULES), "category rule names must be unique"


def decide(f: Facts) -> tuple[CategoryRule, Decision]:
    """The first rule that applies to `f`, and its outcome."""
    rule = next(r for r in CATEGORY_RULES if r.applies(f))  # the last rule always applies
    return rule, rule.then(f)


def classify(kind: str, tok: Any, clause: str, victims: Party, perpetrator: Party,
             sentence: str, next_sentence: str, vhead: str = "") -> Decision:
    """Category and reason for a trigger of lexicon `kind`; None: not an event after all."""
    return decide(facts_of(kind, tok, clause, victims, perpetrator, sentence, next_sentence,
                           vhead))[1]
