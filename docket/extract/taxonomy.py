"""Docket's event categories, each mapped to ACLED's event type and sub-type and to IHL.

Docket reports what a text says happened in its own categories, finer than ACLED's where the
law of armed conflict draws a line ACLED does not (an execution of prisoners and the shooting
of a civilian are both ACLED "Violence against civilians / Attack", but IHL names them apart),
and maps each category onto ACLED so that Docket's events can be scored against ACLED data
and exported to people who work in ACLED's terms. docs/taxonomy.md prints this table.

The categories are rules, not a model: `docket.extract.event_rules` picks one from the
trigger word, its objects and its instruments, and says which rule decided. The distinctions of
ACLED's codebook that rest on who acted and where, not on the trigger word, are at the end of
this module: victims' status, force at a protest, arrest or abduction, an aircraft downed by
small arms or by air defence, territory taken, regained or transferred (a force that withdrew,
handed over or entered without a fight), soldiers' refusals ("refused to fight": the fight is
no event) and chemical agents (tear gas used in war is a chemical weapon, whatever carried it;
on a crowd or by police it is policing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docket.extract import event_lexicon as lex
from docket.model import Party

# ACLED event types (the seven top-level types used here).
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


@dataclass(frozen=True)
class Category:
    """One kind of event: what it means, and where it falls in ACLED's and IHL's terms."""

    name: str
    description: str
    event_type: str  # ACLED event_type ("" for `unclassified`)
    sub_event_type: str  # ACLED sub_event_type
    ihl: str | None  # the IHL category the act may fall under, None when none applies
    against_civilians: bool  # the act targets civilians or persons hors de combat
    military_personnel: bool = False  # an event of soldiers themselves (desertion, surrender)


def _c(name: str, description: str, event_type: str, sub: str, ihl: str | None = None,
       civ: bool = False, personnel: bool = False) -> Category:
    return Category(name, description, event_type, sub, ihl, civ, personnel)


_ALL: tuple[Category, ...] = (
    _c("shelling", "Artillery, mortar, rocket or missile fire on a place or position "
       "(ACLED types missile strikes here too)", EXPLOSIONS, "Shelling/artillery/missile attack",
       "attack (indiscriminate when on populated areas)"),
    _c("air_strike", "Strike by aircraft or helicopters: bombs, air-launched weapons, "
       "aircraft fire", EXPLOSIONS, "Air/drone strike", "attack"),
    _c("drone_strike", "Strike by an armed or bomb-dropping drone (UAV)", EXPLOSIONS,
       "Air/drone strike", "attack"),
    _c("remote_explosive", "Explosion of a mine, IED or planted device, or a demolition by "
       "explosives", EXPLOSIONS, "Remote explosive/landmine/IED",
       "use of mines / booby-traps (indiscriminate weapons)"),
    _c("grenade", "A hand grenade thrown or detonated (not one dropped from a drone)",
       EXPLOSIONS, "Grenade", "attack"),
    _c("suicide_bomb", "An attacker detonating explosives on themselves or a vehicle they "
       "drive", EXPLOSIONS, "Suicide bomb", "attack"),
    _c("chemical_weapon", "Use of chemical agents (including riot-control agents as a method "
       "of warfare)", EXPLOSIONS, "Chemical weapon", "use of prohibited weapons"),
    _c("armed_clash", "Armed forces or groups fighting each other: clashes, assaults, "
       "offensives, small-arms fire at positions", BATTLES, "Armed clash", None),
    _c("territory_taken", "A force (in this war Russia, the DPR or the LPR) takes control of "
       "a place after fighting", BATTLES, "Non-state actor overtakes territory", None),
    _c("territory_regained", "The government's forces retake a place after fighting",
       BATTLES, "Government regains territory", None),
    _c("territory_transferred", "Control of a place changes hands without reported fighting "
       "(withdrawal, entry without a fight)", STRATEGIC, "Non-violent transfer of territory",
       None),
    _c("disrupted_weapons", "Air defence shoots down missiles, drones or aircraft; mines or "
       "weapons defused, seized or intercepted", STRATEGIC, "Disrupted weapons use", None),
    _c("attack_on_civilians", "Violence aimed at civilians: shooting, beating, killing "
       "people who take no part in hostilities", VAC, "Attack",
       "attack on civilians / wilful killing of civilians", civ=True),
    _c("execution", "Killing of prisoners of war or others hors de combat (surrendered, "
       "captured, wounded)", VAC, "Attack",
       "wilful killing of persons hors de combat", civ=True),
    _c("torture", "Torture or other ill-treatment of detainees, prisoners or civilians",
       VAC, "Attack", "torture / cruel treatment / outrages upon personal dignity", civ=True),
    _c("sexual_violence", "Rape and other sexual violence, including threats of it",
       VAC, "Sexual violence", "rape and other forms of sexual violence", civ=True),
    _c("abduction", "Abduction, kidnapping, hostage-taking, forced disappearance, detention "
       "by armed forces", VAC, "Abduction/forced disappearance",
       "unlawful confinement / hostage-taking / enforced disappearance", civ=True),
    _c("looting", "Theft of property by armed men or groups", STRATEGIC,
       "Looting/property destruction", "pillage"),
    _c("property_destruction", "Destruction or burning of property other than by an attack "
       "with weapons", STRATEGIC, "Looting/property destruction",
       "destruction of civilian property not justified by military necessity"),
    _c("arrest", "Arrest or detention by police or security services", STRATEGIC, "Arrest",
       None),
    _c("peaceful_protest", "A demonstration, rally or picket without violence or "
       "intervention", PROTESTS, "Peaceful protest", None),
    _c("protest_with_intervention", "A peaceful protest that police or others disperse, "
       "detain or otherwise stop", PROTESTS, "Protest with intervention", None),
    _c("excessive_force_against_protesters", "Lethal or heavy force used on protesters",
       PROTESTS, "Excessive force against protesters", None, civ=True),
    _c("violent_demonstration", "Demonstrators who use violence or destroy property (riots)",
       RIOTS, "Violent demonstration", None),
    _c("mob_violence", "Violence by a crowd without an organised group (lynching, mob "
       "attacks)", RIOTS, "Mob violence", None),
    _c("agreement", "Ceasefire, exchange or other agreement between parties", STRATEGIC,
       "Agreement", None),
    _c("desertion", "Soldiers desert their units (no ACLED class: Strategic developments / "
       "Other)", STRATEGIC, "Other", None, personnel=True),
    _c("refusal_to_fight", "Soldiers refuse to fight or to deploy (no ACLED class: "
       "Strategic developments / Other)", STRATEGIC, "Other", None, personnel=True),
    _c("resignation", "Officers or soldiers resign or quit the service (no ACLED class: "
       "Strategic developments / Other)", STRATEGIC, "Other", None, personnel=True),
    _c("surrender", "Soldiers or units surrender (no ACLED class: Strategic developments / "
       "Other)", STRATEGIC, "Other", None, personnel=True),
    _c("capture", "Soldiers taken prisoner (no ACLED class: Strategic developments / Other)",
       STRATEGIC, "Other", None, personnel=True),
    _c("displacement", "Evacuation or flight of civilians (ACLED: Strategic developments / "
       "Other, notes headed 'Displacement')", STRATEGIC, "Other", None),
    _c("other", "A strategic development with no better class", STRATEGIC, "Other", None),
    _c("unclassified", "A trigger that looks like violence but whose kind the text does not "
       "settle; `why` says what was missing", "", "", None),
)

CATEGORIES: dict[str, Category] = {c.name: c for c in _ALL}


def category(name: str) -> Category:
    """The category called `name`; a KeyError names the known categories."""
    try:
        return CATEGORIES[name]
    except KeyError:
        raise KeyError(f"unknown event category {name!r}; known: {', '.join(CATEGORIES)}") \
            from None


# Which event ACLED codes when one report holds several (its codebook: a battle over the remote
# violence that went with it, an air strike over the shelling that went with it). Lower wins.
ACLED_PRECEDENCE: dict[str, int] = {
    "territory_taken": 0, "territory_regained": 0, "territory_transferred": 1,
    "armed_clash": 2, "air_strike": 3, "drone_strike": 3, "shelling": 4, "suicide_bomb": 4,
    "chemical_weapon": 4, "remote_explosive": 5, "grenade": 5, "execution": 6,
    "sexual_violence": 6, "abduction": 6, "attack_on_civilians": 7, "torture": 7,
    "disrupted_weapons": 8, "looting": 9, "property_destruction": 9, "arrest": 9,
    "excessive_force_against_protesters": 9, "violent_demonstration": 9, "mob_violence": 9,
    "protest_with_intervention": 10, "peaceful_protest": 10, "displacement": 11,
    "agreement": 11, "capture": 11, "surrender": 11, "desertion": 11, "refusal_to_fight": 11,
    "resignation": 11, "other": 12, "unclassified": 13,
}


# --- codebook distinctions -------------------------------------------------------------------

def by_victims(status: str | None, default: str, what: str) -> tuple[str, str]:
    if status == "prisoners":
        return "execution", f"{what} of prisoners or persons hors de combat"
    if status == "civilians":
        return "attack_on_civilians", f"{what} of civilians"
    if status == "combatants":
        return "armed_clash", f"{what} of combatants"
    return default, f"{what}; the victims' status is not stated"


def _subtree_text(tok: Any) -> str:
    return " ".join(t.text for t in tok.subtree)


def at_a_protest(tok: Any, target: str, perpetrator: Party) -> bool:
    """Whether the act happens at a protest: protest words in its target, its agent, its
    prepositional phrases, or a clause of time ("as crowds marched"), not merely nearby."""
    if lex.PROTEST_CONTEXT.search(target):
        return True
    if perpetrator.text and lex.PROTEST_CONTEXT.search(perpetrator.text.text):
        return True
    for c in tok.children:
        timed = c.dep_ == "advcl" and any(g.dep_ == "mark" for g in c.children)
        if (c.dep_ in ("prep", "dobj", "nsubj", "nsubjpass", "conj") or timed) \
                and lex.PROTEST_CONTEXT.search(_subtree_text(c)):
            return True
    head = tok.head  # "hard clashes with protesters": the noun's own words
    return tok.dep_ in ("pobj", "dobj") and bool(lex.PROTEST_CONTEXT.search(_subtree_text(head)))


def force_and_protest(kind: str, tok: Any, sentence: str,
                       perpetrator: Party) -> tuple[str, str]:
    """Force and fighting where the sentence is about a protest: ACLED's protest classes."""
    words = perpetrator.text.text if perpetrator.text else ""
    if kind == "armed_clash" or re.search(r"(?i)\b(?:protesters|demonstrators|rioters)\b",
                                          words):
        return "violent_demonstration", "protesters fighting police or others"
    lethal = lex.LETHAL_FORCE.search(sentence)
    if lethal:
        return "excessive_force_against_protesters", f"lethal force on a protest: " \
                                                     f"'{lethal.group(0)}'"
    return "protest_with_intervention", f"'{tok.text}' on a protest: force short of lethal"


def detention(tok: Any, perpetrator: Party) -> tuple[str, str]:
    """Police and security services arrest; armed forces of an occupying side abduct (ACLED
    codes detentions by Russian forces in occupied Ukraine as abductions)."""
    words = perpetrator.text.text if perpetrator.text else ""
    if lex.ARRESTING_BODIES.search(words) or perpetrator.side not in (
            "Russia", "DPR", "LPR", "separatists", "Belarus"):
        return "arrest", f"'{tok.text}' by police, security services or no armed force named"
    return "abduction", f"'{tok.text}' by armed forces ('{words}'): detention as abduction"


def aircraft_downed(clause: str, target: str) -> tuple[str, str]:
    """A manned aircraft shot down: ACLED codes surface-to-air fire as a missile attack, and
    small-arms fire as a battle; with no weapon named, surface-to-air fire is assumed."""
    small = lex.INSTRUMENTS[-1][2].search(clause)
    if small and not lex.AIR_DEFENCE.search(clause.replace(target, "")):
        return "armed_clash", f"aircraft ('{target}') downed by small arms: a battle"
    return "shelling", f"aircraft ('{target}') downed by surface-to-air fire: a missile attack"


_IN_BATTLE = re.compile(r"(?i)\b(?:in|during)\s+(?:the\s+)?(?:fighting|battle|combat|clashes)\b|"
                        r"\bon\s+the\s+battlefield\b|\bat\s+the\s+front(?:line)?\b")


@dataclass(frozen=True)
class ControlFacts:
    """What the control rules read about one trigger of taking, capturing or controlling."""

    kind: str  # the trigger's lexicon kind
    tok: Any  # the trigger token (spaCy)
    target: str  # the object's words
    vhead: str  # the object's head word, or "place" when the object is a place mention
    perpetrator: Party
    window: str  # the sentence and the next one

    @property
    def words(self) -> str:
        return self.perpetrator.text.text if self.perpetrator.text else ""

    @property
    def capture(self) -> bool:
        return self.kind == "capture"

    @property
    def of_a_thing(self) -> bool:
        """A capture whose object is not a place mention."""
        return self.kind == "capture" and self.vhead != "place"


Control = tuple[str, str] | None  # (category, reason in words), or None: not this event


@dataclass(frozen=True)
class ControlRule:
    """One step of `control_category`: when this holds, decide that."""

    name: str
    when: Callable[[ControlFacts], object]
    then: Callable[[ControlFacts], Control]


def _attempt_to_take(f: ControlFacts) -> bool:
    """'tried to capture the town': the trigger (or the verb it is joined to) is the object of
    an attempt."""
    node = f.tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return bool(node.dep_ == "xcomp" and node.head.lemma_.lower() in lex.ATTEMPT_HEADS)


def _control_without_its_noun(f: ControlFacts) -> bool:
    """A 'control' trigger whose object is not the noun 'control': 'took control of' tells of
    an act, 'forces control the bridge' of who holds it."""
    return f.kind == "control" and not any(c.dep_ == "dobj" and c.lemma_.lower() == "control"
                                           for c in f.tok.children)


def _in_battle(f: ControlFacts) -> Control:
    in_battle = _IN_BATTLE.search(f.window)
    assert in_battle is not None
    return "capture", f"'{f.tok.text}' '{in_battle.group(0)}': fighters taken prisoner"


def _not_a_place(f: ControlFacts) -> bool:
    return f.capture and not (f.vhead == "place" or lex.TERRITORY_OBJECTS.search(f.vhead)
                              or f.vhead[:1].isupper())


def _person_seized(f: ControlFacts) -> Control:
    if f.target and not lex.MILITARY_EQUIPMENT.search(f.target):
        return "abduction", f"a person seized: '{f.target}'"
    return None


def _taken_by_non_state(f: ControlFacts) -> bool:
    return f.perpetrator.side in ("Russia", "DPR", "LPR", "separatists") \
        or bool(lex.NON_STATE.search(f.words))


def _regained_by_government(f: ControlFacts) -> bool:
    return f.kind == "territory_regained" or f.tok.lemma_.lower() in ("regain", "restore") \
        or f.perpetrator.side == "Ukraine" or bool(lex.STATE_FORCES.search(f.words))


def _taken(f: ControlFacts) -> Control:
    side = f.perpetrator.side
    return "territory_taken", f"'{f.tok.text}' by {side if side != 'unknown' else f.words} " \
                              f"(ACLED: non-state actor overtakes)"


CONTROL_RULES: tuple[ControlRule, ...] = (
    # an attempt to take a place is the fighting, read from its own trigger
    ControlRule("attempt_to_take", _attempt_to_take, lambda f: None),
    ControlRule("unknown_destination", lambda f: lex.UNKNOWN_DESTINATION.search(f.window),
                lambda f: ("abduction", "taken away to an unknown place")),
    ControlRule("control_without_its_noun", _control_without_its_noun, lambda f: None),
    ControlRule("weapons_seized",
                lambda f: f.of_a_thing and lex.WEAPON_OBJECTS.search(f.target),
                lambda f: ("disrupted_weapons", f"weapons seized: '{f.target}'")),
    ControlRule("arrest_by_police",
                lambda f: f.capture and f.perpetrator.text
                and lex.ARRESTING_BODIES.search(f.perpetrator.text.text) and f.vhead != "place",
                lambda f: ("arrest", f"'{f.tok.text}' by police or security services")),
    ControlRule("persons_captured",
                lambda f: f.capture and (lex.PRISONERS.search(f.target)
                                         or lex.COMBATANTS.search(f.target)),
                lambda f: ("capture", f"'{f.tok.text}' persons: '{f.target}'")),
    ControlRule("fighters_taken_in_battle",
                lambda f: f.of_a_thing and _IN_BATTLE.search(f.window) and f.target,
                _in_battle),
    ControlRule("capture_of_what_is_not_said",
                lambda f: f.capture and f.vhead.lower() in ("it", "them", "this", "that",
                                                            "these", ""),
                lambda f: ("unclassified", f"'{f.tok.text}': what was captured is not said")),
    ControlRule("person_seized", _not_a_place, _person_seized),
    ControlRule("no_fighting", lambda f: lex.NO_FIGHTING.search(f.window),
                lambda f: ("territory_transferred",
                           "control changed hands with no fighting stated")),
    ControlRule("taken_by_non_state", _taken_by_non_state, _taken),
    ControlRule("regained_by_government", _regained_by_government,
                lambda f: ("territory_regained", f"'{f.tok.text}' by the government's forces")),
    ControlRule("taken", lambda f: f.kind == "territory_taken",
                lambda f: ("territory_taken",
                           f"'{f.tok.text}' (ACLED: non-state actor overtakes)")),
    ControlRule("side_not_named", lambda f: True,
                lambda f: ("unclassified", f"'{f.tok.text}' a place, by a side not named")),
)


def control_rule(f: ControlFacts) -> tuple[str, Control]:
    """The name of the first rule of `CONTROL_RULES` that holds, and its outcome."""
    rule = next(r for r in CONTROL_RULES if r.when(f))
    return rule.name, rule.then(f)


def control_category(kind: str, tok: Any, target: str, vhead: str, perpetrator: Party,
                     window: str) -> tuple[str, str] | None:
    """Places taken or retaken, persons captured or seized, weapons seized. `vhead` is the
    object's head word, or "place" when the object is a place mention."""
    return control_rule(ControlFacts(kind, tok, target, vhead, perpetrator, window))[1]


def transfer_category(kind: str, tok: Any, target: str, vhead: str, perpetrator: Party,
                      sentence: str, window: str) -> tuple[str, str] | None:
    """A force withdrew from a place, handed it over, or entered it without a fight: control
    changing hands with no fighting told (ACLED: non-violent transfer of territory).

    None when the one who moved is not named as a force ("residents left Kharkiv"), when
    no place or territory is what was left or entered ("withdrew from the talks"), when the
    sentence tells of fighting (then the fight is the event), and for an entry that neither
    says "without a fight" nor goes with a withdrawal ("troops entered the town" may be an
    assault). `window` is the sentence and the next one."""
    words = perpetrator.text.text if perpetrator.text else ""
    named_force = ":force:" in perpetrator.rule and perpetrator.side != "unknown"
    if not (named_force or lex.COMBATANTS.search(words) or lex.NON_STATE.search(words)):
        return None
    if vhead != "place" and not lex.TERRITORY_OBJECTS.search(target):
        return None
    quiet = lex.WITHOUT_FIGHTING.search(window)
    if quiet is None and lex.FIGHTING_WORDS.search(sentence):
        return None
    if kind == "entry" and quiet is None and not lex.WITHDRAWAL_WORDS.search(window):
        return None
    how = f"'{quiet.group(0)}'" if quiet else "no fighting told"
    return "territory_transferred", f"'{tok.text}' '{target}': control changed hands, {how}"


# --- refusals and chemical agents ------------------------------------------------------------

def refused_act(tok: Any) -> Any | None:
    """The act a refusal refuses: the complement of "refused"/"declined", or the verb itself
    in "will not fight"."""
    if tok.lemma_.lower() in lex.REFUSING_VERBS:
        return next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")
                     and c.pos_ in ("VERB", "AUX")), None)
    return tok


def will_not(tok: Any) -> bool:
    """"will not fight", "won't go", "would not deploy": an act refused in the saying."""
    if tok.lemma_.lower() not in lex.REFUSED_ACTS or not any(c.dep_ == "neg"
                                                              for c in tok.children):
        return False
    return any(c.dep_ == "aux" and c.lower_ in lex.WILL_NOT for c in tok.children)


def in_refused_act(tok: Any) -> bool:
    """Inside the act a refusal refuses ("refused to return the bodies")."""
    return any(a.dep_ in ("xcomp", "ccomp") and a.head.lemma_.lower() in lex.REFUSING_VERBS
               for a in tok.ancestors)


# Kinds of trigger that use a weapon: a chemical agent named in the clause decides them.
WEAPON_KINDS = frozenset({"fire", "fire_noun", "strike", "attack", "bomb", "weapon_use",
                          "assault", "shelling", "air_strike", "explosion", "shots", "kill",
                          "blow"})


def policing_gas(clause: str, sentence: str, agent_words: str) -> bool:
    """Tear gas and the like used on a crowd or by police: a riot-control agent in its own
    use (ACLED: protest with intervention), not a chemical weapon."""
    chemical = lex.INSTRUMENTS[0][2].search(clause)
    if chemical is None or not lex.RIOT_CONTROL.search(chemical.group(0)):
        return False
    return bool(lex.PROTEST_CONTEXT.search(sentence) or lex.ARRESTING_BODIES.search(agent_words))


def refusal(tok: Any, agent_words: str) -> tuple[str, str] | None:
    """Soldiers refusing to fight, deploy or serve. A refusal to fight is one whoever
    refuses; any other act ("refused to return the bodies") only when soldiers refuse, and
    "will not fight" only when soldiers say it ("Russia said it would not attack" is policy)."""
    act = refused_act(tok)
    if act is None or act.lemma_.lower() not in lex.REFUSED_ACTS:
        return None
    own = act.i == tok.i  # "will not fight": the verb is both the refusal and the act
    said = f"'not {tok.text}'" if own else f"'{tok.text} to {act.text}'"
    soldiers = lex.COMBATANTS.search(agent_words) or _soldiers_speak(tok)
    if soldiers or (act.lemma_.lower() in lex.FIGHTING_ACTS and not own):
        return "refusal_to_fight", f"{said}: soldiers refuse; the act refused is no event"
    return None


def _soldiers_speak(tok: Any) -> bool:
    """"the soldiers said they would not fight": the speaker of the clause is soldiers."""
    head = tok.head
    if tok.dep_ not in ("ccomp", "parataxis") or head.lemma_.lower() not in lex.SPEECH_VERBS:
        return False
    speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return speaker is not None and bool(lex.COMBATANTS.search(_subtree_text(speaker)))


# Categories two reports of one happening may give it. Each row is read with a reason; a pair
# is compatible when both are in one row (the relation is not transitive across rows).
COMPATIBLE_CATEGORIES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"shelling", "air_strike", "drone_strike"}),
     "remote strike: the weapon (missile, aircraft, drone) is often disputed or unknown"),
    (frozenset({"attack_on_civilians", "execution"}),
     "killing: whether the dead were civilians or persons hors de combat is often disputed"),
    (frozenset({"territory_taken", "territory_transferred"}),
     "control taken: whether there was fighting is often unreported"),
    (frozenset({"territory_regained", "territory_transferred"}),
     "control regained: whether there was fighting is often unreported"),
    (frozenset({"abduction", "arrest"}),
     "detention: who detained (army or police) is often unclear"),
    (frozenset({"peaceful_protest", "protest_with_intervention",
                "excessive_force_against_protesters", "violent_demonstration"}),
     "protest: reports differ on how it was policed or whether it turned violent"),
)


def category_family(category: str) -> str:
    """The blocking key of a category: every category compatible with it shares it."""
    family = {category}
    changed = True
    while changed:
        changed = False
        for row, _ in COMPATIBLE_CATEGORIES:
            if family & row and not row <= family:
                family |= row
                changed = True
    return min(family)


def categories_compatible(a: str, b: str) -> str | None:
    """The rule that lets two categories name one happening, or None."""
    if a == b:
        return f"category:same({a})"
    for row, reason in COMPATIBLE_CATEGORIES:
        if a in row and b in row:
            return f"category:compatible({a}~{b}: {reason})"
    return None
