"""Rules over one trigger's clause: who did it and to whom.

`docket.extract.events` finds triggers and reads sentences and paragraphs; this module holds
the rules that read a single trigger's dependency subtree:

- the *perpetrator* (`perpetrator_of`): the agent (subject, "by ..." of a passive, "fire from
  ..."), the one accused of the act, the side repelled in a battle, the attacker or the side
  that prevailed in a fight, the speaker's side for "its forces"; mapped to a side by
  `docket.extract.sides`; never guessed from the victims;
- the *victims* (`victim_token`, `victims_of`): the patient of the act, its status
  (civilians, combatants, prisoners) and how many the words count;
- the instruments a clause names (`instrument`, `all_instruments`), which the category rules
  read: the category itself (`classify`) is a table of named rules in
  `docket.extract.categories`.

Split from events.py so that each module reads in one sitting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from docket.extract import event_lexicon as lex
from docket.extract.sides import side_of_phrase
from docket.model import Mention, Party, TextSpan

_TARGET_PREPS = frozenset({"at", "on", "against", "upon", "into"})
# Quantifiers the parser takes for prepositions ("raped around 25 women").
_QUANTITY_PREPS = frozenset({"around", "about", "over", "nearly", "some"})


@dataclass(frozen=True)
class Context:
    text: str
    places: tuple[Mention, ...]
    times: tuple[Mention, ...]
    named: tuple[Mention, ...]  # units, organizations, persons: entity ids for parties
    forces: tuple[Any, ...]
    counts: tuple[Any, ...]
    paragraphs: tuple[int, ...]  # start offsets of paragraphs



def instrument(text: str, skip: frozenset[str] = frozenset()) -> tuple[str, str, str] | None:
    """The first instrument group the clause names: (category, label, words)."""
    for cat, label, rx in lex.INSTRUMENTS:
        m = rx.search(text)
        if m and cat not in skip:
            return cat, label, m.group(0)
    return None


def all_instruments(text: str, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    found: dict[str, str] = {}
    for cat, _label, rx in lex.INSTRUMENTS:
        m = rx.search(text)
        if m and cat not in skip:
            found.setdefault(cat, m.group(0))
    return found


def sets_fire(tok: Any) -> bool:
    """"set fire to X", "set X ablaze", "set X on fire": arson told with the light verb."""
    for c in tok.children:
        if c.dep_ == "dobj" and c.lemma_.lower() == "fire":
            return True
        if c.dep_ in ("oprd", "acomp", "advmod", "xcomp") and c.lower_ in ("ablaze", "alight"):
            return True
        if c.dep_ == "prep" and c.lower_ == "on" and any(
                g.dep_ == "pobj" and g.lemma_.lower() == "fire" for g in c.children):
            return True
    return False


# --- parties ----------------------------------------------------------------------------------

def span_of(tok: Any) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    # a relative clause or apposition after the noun is not part of the name of the party
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "cc", "conj"):
            right = c.left_edge.nbor(-1) if c.left_edge.i > tok.i else tok
            break
    return left.idx, right.idx + len(right.text)


def _pobj(prep: Any) -> Any | None:
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def _has_by_agent(tok: Any, _depth: int) -> bool:
    return any(c.dep_ == "agent" for c in tok.children)


def _by_agent(tok: Any, _depth: int) -> Any | None:
    """"shelled by Russian forces": the object of the first "by" agent."""
    return _pobj(next(c for c in tok.children if c.dep_ == "agent"))


def _subject(tok: Any) -> Any | None:
    return next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")
                 and c.lower_ not in ("which", "that", "who")), None)


def _subject_agent(tok: Any, _depth: int) -> Any | None:
    if _reduced_passive(tok):
        return None  # "two soldiers captured in fighting": the soldiers were taken
    return _subject(tok)


def _fire_from(tok: Any, _depth: int) -> bool:
    return tok.lemma_.lower() in ("fire", "shell") and any(
        c.dep_ == "prep" and c.lower_ == "from" for c in tok.children)


def _source_of_fire(tok: Any, _depth: int) -> Any | None:
    """"fire from Russian positions": where the fire came from."""
    return _pobj(next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"))


def _agent_of_noun(tok: Any, depth: int) -> Any | None:
    """A noun trigger: its own "by" agent, a modifier that names a side ("Russian shelling"),
    else the agent of the noun it qualifies or of the verb it is the object of."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            # "a bombardment by the Russian army": the noun's own agent, not the subject
            # of the verb it hangs from ("Ukraine has suffered ... a bombardment by ...")
            agent = _pobj(c)
            if agent is not None:
                return agent
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound") and c.i < tok.i \
                and side_of_phrase(subtree_text(c))[0] != "unknown":
            return c
    if tok.dep_ == "compound" and tok.head.i != tok.i:  # "an assault operation"
        return agent_token(tok.head, depth + 1)
    if tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "ADP"):
        head = tok.head.head if tok.head.pos_ == "ADP" else tok.head
        if head.lemma_.lower() in lex.TALKING_VERBS:
            return None  # "the governor denounced the strike": he spoke, he did not strike
        return agent_token(head, depth + 1)
    return None


def _inherits_agent(tok: Any, _depth: int) -> bool:
    return tok.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl") and tok.head.i != tok.i


def _inherited_agent(tok: Any, depth: int) -> Any | None:
    """A verb joined to, or hanging from, another: the agent of that one, unless a passive
    subject of its own says who underwent it."""
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    head = tok.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "pobj") \
            and head.head.pos_ == "VERB":
        head = head.head  # "continued their efforts to take X": who made the efforts
    return agent_token(head, depth + 1)


# (name, when, reader): the first step whose condition holds decides who did it.
AGENT_STEPS: tuple[tuple[str, Callable[[Any, int], object],
                         Callable[[Any, int], Any | None]], ...] = (
    ("by_agent", _has_by_agent, _by_agent),
    ("subject", lambda tok, _d: _subject(tok) is not None, _subject_agent),
    ("source_of_fire", _fire_from, _source_of_fire),
    ("agent_of_noun", lambda tok, _d: tok.pos_ in ("NOUN", "PROPN"), _agent_of_noun),
    ("inherited", _inherits_agent, _inherited_agent),
)


def agent_step(tok: Any, depth: int = 0) -> tuple[str | None, Any | None]:
    """The name of the step that decides who did it, and the token it found."""
    if depth > 5:
        return None, None
    for name, when, read in AGENT_STEPS:
        if when(tok, depth):
            return name, read(tok, depth)
    return None, None


def agent_token(tok: Any, depth: int = 0) -> Any | None:
    """The token heading who did it: subject, "by" agent, "from" of fire, or inherited."""
    return agent_step(tok, depth)[1]


def party_for(start: int, end: int, ctx: Context, prefix: str) -> Party:
    """A party named by text[start:end]: a force found there, else the side of the words."""
    words = ctx.text[start:end]
    entity = next((m.entity_id for m in ctx.named if m.start < end and start < m.end), None)
    if re.search(r"\b(?:and|with)\b", words):  # "Russian and Ukrainian forces": the first
        for m in re.finditer(r"[\w'-]+", words):
            side, rule = side_of_phrase(m.group(0))
            if side != "unknown":
                return Party(side=side, entity=entity, text=TextSpan(start, end, words),
                             rule=f"{prefix}:first_side_named:{rule}")
    for force in ctx.forces:
        if force.start < end and start < force.end:
            return Party(side=force.side, entity=force.entity or entity,
                         text=TextSpan(force.start, force.end, force.text),
                         rule=f"{prefix}:force:{force.rule}")
    side, rule = side_of_phrase(words)
    return Party(side=side, entity=entity, text=TextSpan(start, end, words),
                 rule=f"{prefix}:phrase:{rule}")


def perpetrator_of(tok: Any, ctx: Context) -> Party:
    """Who did it: the agent of the trigger, the one accused of it ("accused X of shelling"),
    and for a pronoun ("its forces", "our troops") the side of the one who speaks."""
    party = _named_perpetrator(tok, ctx)
    if party.side != "unknown":
        return party
    accused = _accused(tok, ctx)
    if accused is not None:
        return accused
    if party.text is not None and (lex.SPEAKER_REFERENCE.match(party.text.text) or re.search(
            r"(?i)\b(?:its|their|our|his|her|my)\s+\Z", ctx.text[:party.text.start][-8:])):
        return _speaker_side(tok, party, ctx) or party
    return party


def _accused(tok: Any, ctx: Context) -> Party | None:
    """"accused X of shelling", "blamed X for the strike", "X was accused of shelling",
    "blamed the strike on X": the accused is the perpetrator the speaker names."""
    if tok.dep_ in ("pcomp", "pobj") and tok.head.lower_ in ("of", "for"):
        verb = tok.head.head
        if verb.lemma_.lower() in lex.ACCUSING_VERBS:
            who = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if who is not None:
                return party_for(*span_of(who), ctx, "perpetrator:accused_of")
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() == "blame":
        who = next((g for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "on"
                    for g in c.children if g.dep_ == "pobj"), None)
        if who is not None:
            return party_for(*span_of(who), ctx, "perpetrator:blamed_on")
    return None


def _speaker_side(tok: Any, pronoun: Party, ctx: Context) -> Party | None:
    """The side of "its forces", "it", "our troops": the subject of the speech verb whose
    complement holds the trigger, else the nearest force named before it in the paragraph."""
    assert pronoun.text is not None
    node = tok
    while node.head.i != node.i:  # spaCy makes a new Token on each access: compare indices
        head = node.head
        if head.lemma_.lower() in lex.SPEECH_VERBS and node.dep_ in ("ccomp", "parataxis"):
            speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if speaker is not None and speaker.i != node.i:
                said = party_for(*span_of(speaker), ctx, "speaker")
                if said.side != "unknown":
                    return replace(pronoun, side=said.side, entity=said.entity,
                                   rule=f"perpetrator:speaker's_own:{said.rule}")
            break
        node = head
    para = max((p for p in ctx.paragraphs if p <= pronoun.text.start), default=0)
    before = [f for f in ctx.forces if para <= f.start < pronoun.text.start
              and f.side != "unknown"]
    if not before:
        return None
    near = before[-1]
    return replace(pronoun, side=near.side, entity=near.entity,
                   rule=f"perpetrator:pronoun:nearest_force_before:{near.rule}")


def _attacker_repelled(tok: Any, ctx: Context, agent: Any | None) -> Party | None:
    """ACLED's actor1 in a battle is the side that attacked: the one repelled."""
    if tok.lemma_.lower() not in ("repel", "repulse"):
        return None
    attacker = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
    if attacker is None and tok.dep_ == "conj" and any(c.dep_ == "auxpass"
                                                       for c in tok.children):
        attacker = agent_token(tok.head)  # "X tried to ..., but were repelled by Y"
    if attacker is not None and attacker.lemma_.lower() in lex.NOUN_TRIGGERS:
        attacker = next((g for c in attacker.children if c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), None)
    if attacker is None:
        return None
    start, end = span_of(attacker)
    return party_for(start, end, ctx, "perpetrator:attacker_repelled")


def _agent_with_a_side(tok: Any, ctx: Context, agent: Any | None) -> Party | None:
    """Who did it, named, when the words give a side."""
    named = party_for(*span_of(agent), ctx, "perpetrator") if agent is not None else None
    return named if named is not None and named.side != "unknown" else None


def _party_to_a_fight(tok: Any, ctx: Context, agent: Any | None) -> Party | None:
    """A fight whose agent gives no side: the attacker, the side that prevailed, the first
    party of the fight, else the first force named before the trigger in its sentence."""
    lemma = tok.lemma_.lower()
    if lex.VERB_TRIGGERS.get(lemma) != "armed_clash" and \
            lex.NOUN_TRIGGERS.get(lemma) != "armed_clash":
        return None
    party = _attacker_in(tok.sent, ctx) or _prevailing_side(tok, ctx) \
        or _first_party_of_fight(tok, ctx)
    if party is not None:
        return party
    first = next((f for f in ctx.forces if tok.sent.start_char <= f.start < tok.idx
                  and f.side != "unknown"), None)
    if first is None:
        return None
    # both sides of a battle are parties; the first one named
    return Party(side=first.side, entity=first.entity,
                 text=TextSpan(first.start, first.end, first.text),
                 rule=f"perpetrator:first_force_before_the_fight:{first.rule}")


def _planted_by(tok: Any, ctx: Context, agent: Any | None) -> Party | None:
    """"an explosion of a mine planted by X", "exploded on a mine laid by X"."""
    planter = next((g for d in tok.subtree if d.dep_ == "agent"
                    and d.head.lemma_.lower() in lex.PLANTING_VERBS
                    for g in d.children if g.dep_ == "pobj"), None)
    if planter is None:
        return None
    start, end = span_of(planter)
    return party_for(start, end, ctx, "perpetrator:planted_by")


def _agent_without_a_side(tok: Any, ctx: Context, agent: Any | None) -> Party | None:
    """Who did it, named without a side; but "a civilian died in an explosion": the subject
    of the verb an object of a preposition hangs from is no perpetrator."""
    if agent is None or tok.dep_ == "pobj":
        return None
    return party_for(*span_of(agent), ctx, "perpetrator")


# (name, step): the first step that finds a party decides. The agent's own words come first
# when they give a side; a fight then looks for its attacker, and a planted device for who
# planted it, before an agent without a side is taken.
PERPETRATOR_STEPS: tuple[tuple[str, Callable[[Any, Context, Any | None], Party | None]],
                         ...] = (
    ("attacker_repelled", _attacker_repelled),
    ("agent_with_a_side", _agent_with_a_side),
    ("party_to_a_fight", _party_to_a_fight),
    ("planted_by", _planted_by),
    ("agent_without_a_side", _agent_without_a_side),
)


def perpetrator_step(tok: Any, ctx: Context) -> tuple[str, Party]:
    """The name of the step that found who did it, and the party ("not_named": none did)."""
    agent = agent_token(tok)
    for name, step in PERPETRATOR_STEPS:
        party = step(tok, ctx, agent)
        if party is not None:
            return name, party
    return "not_named", Party(rule="perpetrator:not_named")


def _named_perpetrator(tok: Any, ctx: Context) -> Party:
    return perpetrator_step(tok, ctx)[1]


def _attacker_in(sent: Any, ctx: Context) -> Party | None:
    """In a sentence about fighting, the side that attacked: subject of an attacking verb."""
    for tok in sent:
        if tok.lemma_.lower() in lex.ATTACKING_VERBS and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is None and tok.dep_ == "xcomp":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                start, end = span_of(subj)
                party = party_for(start, end, ctx, "perpetrator:attacker")
                if party.side != "unknown":
                    return party
    return None


def _prevailing_side(tok: Any, ctx: Context) -> Party | None:
    """In a fight whose outcome the sentence tells, the side that prevailed: the subject of
    "destroyed"/"killed"/"repelled" after the fight, or the side other than the one that
    had to retreat. ACLED codes that side as actor1 when neither is said to attack."""
    sides = [f for f in ctx.forces if tok.sent.start_char <= f.start < tok.sent.end_char
             and f.side != "unknown"]
    for word in tok.sent:
        lemma = word.lemma_.lower()
        if word.i <= tok.i or word.pos_ != "VERB" or lemma not in lex.OUTCOME_VERBS:
            continue
        subj = next((c for c in word.children if c.dep_ == "nsubj"), None)
        if subj is None and word.dep_ == "xcomp":  # "had to retreat"
            subj = next((c for c in word.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        party = party_for(*span_of(subj), ctx, "perpetrator:prevailed")
        if party.side == "unknown":
            continue
        if lex.OUTCOME_VERBS[lemma] == "won":
            return party
        other = next((f for f in sides if f.side != party.side), None)
        if other is not None:
            return Party(side=other.side, entity=other.entity,
                         text=TextSpan(other.start, other.end, other.text),
                         rule=f"perpetrator:prevailed:the_other_side_retreated:{other.rule}")
    return None


def _first_party_of_fight(tok: Any, ctx: Context) -> Party | None:
    """'clashes between X and Y', 'fighting of X with Y': the first side named (ACLED lists
    the side named first as actor1; both are parties to a battle)."""
    holders = [tok] + ([tok.head] if tok.dep_ in ("nsubj", "nsubjpass") else [])
    preps = [c for h in holders for c in h.children if c.dep_ == "prep"]
    preps += [t for t in tok.sent if t.lower_ == "between" and t.i > tok.i][:1]
    for c in preps:
        if c.lower_ in ("between", "of", "among"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            for word in pobj.subtree:
                side, rule = side_of_phrase(word.text)
                if side != "unknown":
                    return Party(side=side, text=TextSpan(word.idx, word.idx + len(word),
                                                          word.text),
                                 rule=f"perpetrator:first_side_of_fight:{rule}")
    return None


def _subject_of_the_clause_above(tok: Any) -> Any | None:
    """The subject of the clause a passive participle hangs from ("Two Britons face trial
    after being captured": the Britons), through "after/before/since/when ... being"."""
    node, hops = tok, 0
    while node.dep_ in ("pcomp", "advcl", "conj", "prep", "pobj") and hops < 4:
        node, hops = node.head, hops + 1
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and node.pos_ in ("VERB", "AUX"):
            return subject
    return None


def _reduced_passive(tok: Any) -> bool:
    """A past participle the parser made a main verb ("Two soldiers captured in fighting
    near X have been filmed"): no auxiliary, no object, so its subject is who was taken."""
    return tok.tag_ == "VBN" and tok.lemma_.lower() in ("capture", "seize", "take") \
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children)


def _what_was_taken(tok: Any) -> Any | None:
    """What is taken is the object, or the noun the participle describes."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None and _reduced_passive(tok):
        obj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if obj is None and any(c.dep_ == "auxpass" for c in tok.children):
        obj = _subject_of_the_clause_above(tok)  # "two Britons ... after being captured"
    if obj is not None and obj.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
        obj = tok.head  # "the prisoners ..., who were captured in May": the prisoners
    if obj is None and tok.dep_ == "acl":
        return tok.head
    if obj is None:
        obj = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in
                    ("of", "over") for g in c.children if g.dep_ == "pobj"), None)
    return obj


def _names_a_weapon(tok: Any) -> bool:
    return bool(instrument(subtree_text(tok)) or lex.WEAPON_OBJECTS.search(subtree_text(tok)))


def _patient(tok: Any) -> Any | None:
    """The object of an active verb or subject of a passive (the nearer of two), unless it is
    the weapon fired; a noun's own object; who died; else a child that names the target."""
    direct = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if direct and tok.lemma_.lower() in ("fire", "launch", "drop", "throw", "use") and any(
            _names_a_weapon(c) for c in direct):
        direct = []  # "fired mortars at the positions": the positions are the target
    if tok.pos_ in ("NOUN", "PROPN") and not direct and tok.dep_ == "dobj":
        found = _victim_token_of_children(tok)
        return found if found is not None else _victim_token_of_children(tok.head)
    if direct:  # the parser may give two; the nearer one is the patient
        return min(direct, key=lambda c: abs(c.i - tok.i))
    if tok.lemma_.lower() in ("die", "perish"):
        return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return _victim_token_of_children(tok)


# (name, when, reader): the first step whose condition holds finds the patient.
VICTIM_STEPS: tuple[tuple[str, Callable[[Any], object], Callable[[Any], Any | None]], ...] = (
    ("set_on_fire", lambda tok: tok.lemma_.lower() == "set" and tok.pos_ == "VERB",
     lambda tok: _set_on_fire(tok)),
    ("place_changing_hands",
     lambda tok: tok.lemma_.lower() in lex.TRANSFER_VERBS and tok.pos_ == "VERB",
     lambda tok: _place_changing_hands(tok)),
    ("what_was_taken", lambda tok: tok.lemma_.lower() in ("capture", "seize", "occupy", "take"),
     _what_was_taken),
    ("patient", lambda tok: True, _patient),
)


def victim_step(tok: Any) -> tuple[str, Any | None]:
    """The name of the step that finds the patient, and the token it found."""
    name, _when, read = next(step for step in VICTIM_STEPS if step[1](tok))
    return name, read(tok)


def victim_token(tok: Any) -> Any | None:
    """The patient: object of an active verb, subject of a passive, target of fire."""
    return victim_step(tok)[1]


def _set_on_fire(tok: Any) -> Any | None:
    """What was set on fire: "to" the object of "set fire", else the direct object."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if any(c.lemma_.lower() == "fire" for c in objects):
        return next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                     for g in c.children if g.dep_ == "pobj"), None)
    return objects[0] if objects else None


def _place_changing_hands(tok: Any) -> Any | None:
    """The place left, entered or handed over: "withdrew from X", "pulled out of X", "left X",
    "entered X", "handed over control of X" (then "control of X" itself)."""
    for c in tok.children:
        if c.dep_ == "dobj":
            return c
    preps = [c for c in tok.children if c.dep_ == "prep"]
    preps += [g for c in preps if c.lower_ == "out" for g in c.children if g.dep_ == "prep"]
    return next((g for c in preps if c.lower_ in ("from", "of")
                 for g in c.children if g.dep_ == "pobj"), None)


def subtree_text(tok: Any) -> str:
    return " ".join(t.text for t in tok.subtree)


def _victim_token_of_children(tok: Any) -> Any | None:
    for c in tok.children:
        if c.i < tok.i:
            continue  # "On 2 March, ... fired": a target follows its verb
        if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS | _QUANTITY_PREPS | {"of"}:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.tag_ not in ("WDT", "WP"):
                return pobj
        if c.dep_ == "npadvmod" and c.tag_ == "CD" and any(g.lower_ == "of"
                                                           for g in c.children):
            return c  # "shot down nine of 14 drones": a partitive the parser left loose
    return None


def _victim_status(words: str) -> tuple[str | None, str]:
    if lex.PRISONERS.search(words):
        return "prisoners", "victims:status:prisoner_words"
    if lex.COMBATANTS.search(words) and not re.search(r"(?i)\bcivilian", words):
        return "combatants", "victims:status:combatant_words"
    if lex.CIVILIANS.search(words):
        return "civilians", "victims:status:civilian_words"
    return None, "victims:status:not_stated"


def victims_of(vtok: Any | None, ctx: Context, perpetrator: Party) -> Party:
    if vtok is None:
        return Party(rule="victims:not_named")
    start, end = span_of(vtok)
    words = ctx.text[start:end]
    status, srule = _victim_status(words)
    side, side_rule = side_of_phrase(words)
    if perpetrator.text and perpetrator.text.start == start:
        side, side_rule = "unknown", "victims:same_words_as_perpetrator"
    count, qualifier, count_text, crule = _count_of(vtok, start, end, ctx)
    return Party(side=side, text=TextSpan(start, end, words), status=status, count=count,
                 qualifier=qualifier, count_text=count_text,
                 rule=f"{srule};victims:side:{side_rule};{crule}")


def _count_of(vtok: Any, start: int, end: int,
              ctx: Context) -> tuple[int | None, str | None, TextSpan | None, str]:
    """How many people a victim phrase names: a count in it, else one for a singular."""
    total, qualifier, span, found = 0, None, None, False
    heads = [vtok] + [c for c in vtok.children if c.dep_ == "conj"]
    for head in heads:
        s, e = (start, end) if head is vtok else span_of(head)
        if head is vtok and len(heads) > 1:
            e = min(e, heads[1].left_edge.idx)
        count = next((c for c in ctx.counts if c.start < e and s < c.end
                      and c.value is not None), None)
        if count is not None:
            total += count.value
            qualifier = qualifier or count.qualifier
            span = span or TextSpan(count.start, count.end, count.text)
            found = True
        elif head.lower_ == "both":  # "both of the civilians were killed"
            total += 2
            found = True
        elif head.lower_ in ("no", "none", "nobody") or any(
                c.lower_ in ("no", "nobody") for c in head.children if c.dep_ == "det"):
            found = True
        elif head.lower_ in lex.PERSON_PRONOUNS or (
                head.tag_ in ("NN", "NNP") and lex.PERSONS.search(head.text)):
            total += 1
            found = True
        else:
            return None, None, None, "count:not_stated"
    if not found:
        return None, None, None, "count:not_stated"
    return total, qualifier, span, "count:numbers" if span else "count:singular_or_none"
