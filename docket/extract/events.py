"""Events as a text reports them: trigger, category, perpetrator, victims, deaths, place, date.

Rules over spaCy's dependency parse, not a model, so each value says which words decided it:

- a *trigger* is a verb or noun whose lemma is in `event_lexicon` ("shelled", "clashes",
  "shot down", "opened fire", "launched missiles", "took control of");
- its *category* (docket.extract.taxonomy), perpetrator and victims come from the rules over
  the trigger's clause in `docket.extract.event_rules`;
- *casualty clauses* ("killing three civilians", "One person died.") are not events of their
  own when an event in the same sentence, or just before it in the paragraph, caused them:
  they give that event its victims and its fatalities. Wounded people are never fatalities;
  "no one was killed" gives 0, "casualties unknown" leaves None;
- place and date are mentions in the sentence, else the nearest earlier in the paragraph;
- background is no event: a state since earlier ("since the city was occupied"), an act
  waited for ("waited for evacuation"), a death asked about ("whether anyone died").

A trigger that looks like violence but whose kind the text does not settle becomes an
`unclassified` event with the reason in `why`, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from docket.extract import event_lexicon as lex
from docket.extract.categories import classify
from docket.extract.event_rules import (
    Context,
    agent_token,
    instrument,
    perpetrator_of,
    victim_token,
    victims_of,
)
from docket.extract.numbers import find_counts
from docket.extract.sides import find_forces
from docket.extract.taxonomy import ACLED_PRECEDENCE, by_victims, in_refused_act
from docket.extract.taxonomy import category as category_of
from docket.extract.triggers import particle, trigger_kind
from docket.model import NOT_STATED, Event, Mention, Modality, Party, TextSpan, stable_id

_PLACE_RANK = {"country": 4, "admin1": 3, "region": 3, "admin2": 2}


@dataclass
class _Draft:
    """An event while its sentence and paragraph are read; becomes an `Event` at the end."""

    token: Any
    category: str
    rule: str
    why: str
    start: int
    end: int
    sentence: Any
    paragraph: int
    perpetrator: Party = field(default_factory=Party)
    victims: Party = field(default_factory=Party)
    deaths: list[int | None] = field(default_factory=list)
    death_rules: list[str] = field(default_factory=list)
    no_deaths: str | None = None
    location: Mention | None = None
    location_rule: str = ""
    date: Mention | None = None
    date_rule: str = ""
    aggregate: bool = False
    modality: Modality = "asserted"



def find_events(text: str, parsed: Any, mentions: Sequence[Mention],
                doc_id: str) -> tuple[Event, ...]:
    """Every event `text` reports, in text order; `claim` and `verification` are left empty."""
    if not text or not text.strip() or parsed is None:
        return ()
    ctx = _context(text, mentions, parsed)
    drafts: list[_Draft] = []
    for sent in parsed.sents:
        try:
            drafts.extend(_sentence_events(sent, ctx, drafts))
        except (IndexError, ValueError, KeyError) as exc:  # one odd parse never loses the rest
            drafts.append(_failed(sent, ctx, exc))
    return tuple(_finish(d, ctx, doc_id) for d in drafts)


def _context(text: str, mentions: Sequence[Mention], parsed: Any) -> Context:
    paragraphs = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    return Context(
        text=text,
        places=tuple(m for m in mentions if m.kind == "place"),
        times=tuple(m for m in mentions if m.kind == "time"),
        named=tuple(m for m in mentions
                    if m.kind in ("military_unit", "organization", "person")),
        forces=tuple(find_forces(text, tuple(mentions), parsed)),
        counts=tuple(find_counts(text)),
        paragraphs=tuple(paragraphs))


def _paragraph(ctx: Context, offset: int) -> int:
    return sum(1 for p in ctx.paragraphs if p <= offset) - 1


def _failed(sent: Any, ctx: Context, exc: Exception) -> _Draft:
    return _Draft(sent[0], "unclassified", "events:parse_error", f"could not read: {exc}",
                  sent.start_char, sent.start_char, sent, _paragraph(ctx, sent.start_char))


# --- triggers ---------------------------------------------------------------------------------

def _clause_text(tok: Any, ctx: Context) -> tuple[int, int, str]:
    """The words of a trigger's clause: its subtree, or the governing verb's for a noun."""
    root = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj", "nsubjpass", "attr",
                                                      "nsubj", "compound"):
        head = tok.head
        if head.dep_ == "prep":
            head = head.head
        if head.pos_ in ("VERB", "AUX", "NOUN"):
            root = head
    elif tok.dep_ in ("xcomp", "advcl") and tok.head.pos_ == "VERB":
        root = tok.head  # "used aviation to strike": the instruments are the head verb's
    left = min(root.left_edge.idx, tok.idx)
    right_tok = root.right_edge
    right = max(right_tok.idx + len(right_tok.text), tok.idx + len(tok.text))
    return left, right, ctx.text[left:right]


# --- sentences --------------------------------------------------------------------------------

def _sentence_events(sent: Any, ctx: Context, earlier: list[_Draft]) -> list[_Draft]:
    para = _paragraph(ctx, sent.start_char)
    sentence = sent.text
    following = ctx.text[sent.end_char: sent.end_char + 240]
    triggers: list[tuple[Any, str, str]] = []
    casualties: list[Any] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if _is_casualty(tok):
            casualties.append(tok)
            if lemma != "kill":
                continue
        found = trigger_kind(tok)
        if found is not None:
            triggers.append((tok, found[0], found[1]))
    triggers = _merge_nested(triggers)
    others = [t for t in triggers if t[1] != "kill"]
    drafts: list[_Draft] = []
    for tok, kind, rule in triggers:
        if kind == "kill" and (others or agent_token(tok) is None and (
                _attach_target(tok, [], earlier, para) is not None
                or _modality(tok, kind)[0] == "hypothetical")):
            continue  # a casualty clause of another event, or a question: read below
        drafts.extend(_drafts_for(tok, kind, rule, sent, para, ctx, following))
    drafts = [d for d in _dedupe(drafts) if not _corefers(d, earlier)]
    for d in drafts:
        _inherit_shooter(d, earlier)
    asides = [(m.start() + sent.start_char, m.end() + sent.start_char)
              for m in _ASIDE.finditer(sentence)]
    total = bool(lex.AGGREGATE.search(sentence))
    for tok in casualties:
        if tok.lemma_.lower() == "kill" and any(d.token is tok for d in drafts):
            continue
        if any(a <= tok.idx < b for a, b in asides):
            continue  # a bracketed aside restates or annotates; it is not a new count
        if in_refused_act(tok):
            continue  # "refused to return the bodies": no death told here
        if total and not drafts and any(d.paragraph == para for d in earlier):
            continue  # a total for the day or the region is not the earlier incident's count
        _attach_casualty(tok, drafts, earlier, para, sent, ctx)
    _apply_no_deaths(sentence, drafts, earlier, para)
    return drafts


_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _corefers(d: _Draft, earlier: list[_Draft]) -> bool:
    """A later mention of an earlier event ("As a result of the shelling, ..."): a noun
    trigger with no perpetrator and no place of its own, after an event of the paragraph."""
    if d.perpetrator.side != "unknown":
        return False
    before = [e for e in earlier if e.paragraph == d.paragraph and e.modality == "asserted"]
    if not before:
        return False
    if _as_a_result_of(d.token) and any(e.category == d.category for e in before):
        return True  # "As a result of shelling, ...": the consequence of the act just told
    if d.location is not None and not d.location_rule.startswith("place:paragraph"):
        return False
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                   for c in d.token.children)
    if d.token.pos_ not in ("NOUN", "PROPN"):  # "buildings were hit": the same shelling
        return d.perpetrator.text is None and any(e.category == d.category for e in before)
    return definite or any(e.category == d.category for e in before)


def _as_a_result_of(tok: Any) -> bool:
    """A trigger inside "as a result of ...", "because of ...", "due to ...": the cause of
    what the sentence tells, named again."""
    head = tok.head
    if head.dep_ != "prep" and head.lower_ not in ("of", "to"):
        return False
    before = tok.doc[max(tok.sent.start, head.i - 3):head.i + 1].text.lower()
    return bool(re.search(r"\b(?:result\s+of|because\s+of|due\s+to|consequence\s+of)$",
                          before))


def _inherit_shooter(d: _Draft, earlier: list[_Draft]) -> None:
    """"X shelled the city. One of the shells hit a car": a weapon as the subject names no
    side; the shells are those of the paragraph's last event of the same kind."""
    words = d.perpetrator.text.text if d.perpetrator.text else ""
    if d.perpetrator.side != "unknown" or not (lex.WEAPON_OBJECTS.search(words)
                                               or instrument(words)):
        return
    same = [e for e in earlier if e.paragraph == d.paragraph and e.category == d.category
            and e.perpetrator.side != "unknown" and e.modality == "asserted"]
    if same:
        d.perpetrator = replace(same[-1].perpetrator, text=d.perpetrator.text, rule=(
            f"perpetrator:weapon_of_the_earlier_{d.category}:{same[-1].perpetrator.rule}"))


def _is_casualty(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in lex.CASUALTY_KILLED:
        return True
    if tok.pos_ in ("NOUN", "ADJ") and lemma in lex.DEATH_NOUNS:
        if tok.lower_ == "dead" and tok.dep_ == "amod":  # "dead soldiers", not "a dead end"
            return bool(lex.PERSONS.search(tok.head.lemma_.lower())
                        or lex.COMBATANTS.search(tok.head.text)
                        or lex.CIVILIANS.search(tok.head.text))
        return tok.lower_ != "dead" or tok.head.lemma_.lower() != "shoot"
    return False


# Verb kinds that are events only with the right object ("entered the city", not "entered
# into an agreement"): a noun trigger under them is read on its own.
_GATED_KINDS = frozenset({"withdrawal", "entry", "handover"})


def _merge_nested(triggers: list[tuple[Any, str, str]]) -> list[tuple[Any, str, str]]:
    """Drop a noun trigger that is the object of a verb trigger: the verb reads it."""
    verbs = {t[0].i for t in triggers if t[0].pos_ in ("VERB", "AUX")
             and t[1] not in _GATED_KINDS}
    kept = []
    for tok, kind, rule in triggers:
        head = tok.head.head if tok.head.dep_ == "prep" else tok.head
        if tok.pos_ in ("NOUN", "PROPN") and head.i in verbs and head.i != tok.i \
                and tok.dep_ in ("dobj", "pobj", "compound"):
            continue
        kept.append((tok, kind, rule))
    return kept


def _background(tok: Any, kind: str) -> str | None:
    """Why a trigger is the background of the sentence rather than an event it reports: a
    state that began earlier ("since the city was occupied") or an act waited or asked for
    ("waited for evacuation"). None when it is no background."""
    clause = tok
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)
    if clause.dep_ == "advcl" and mark == "since" and kind in lex.STATE_KINDS:
        return f"background: a state since ('since ... {tok.text}')"
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ == "for" \
            and tok.head.head.lemma_.lower() in lex.AWAITING_VERBS:
        return f"background: '{tok.head.head.text} for {tok.text}', not done yet"
    if kind != "refusal" and clause.dep_ in ("xcomp", "ccomp") \
            and clause.head.lemma_.lower() in lex.REFUSING_VERBS:
        return f"part of a refusal: '{clause.head.text} ... {tok.text}' was not done"
    if tok.lemma_.lower() == "demonstration" and tok.i + 1 < len(tok.doc) \
            and tok.nbor(1).lower_ in ("that", "of"):
        return f"'{tok.text} {tok.nbor(1).text} ...' shows something: no protest"
    figurative = _figurative(tok, kind)
    if figurative is not None:
        return figurative
    if kind == "protest" and tok.pos_ == "NOUN" and tok.dep_ == "pobj" \
            and tok.head.lower_ == "in":  # the parser may hang "in protest" on a noun
        verb = next((a for a in tok.head.ancestors if a.pos_ == "VERB"), None)
        if verb is not None and verb.lemma_.lower() in lex.IN_PROTEST_ACTS:
            return f"'{verb.text} ... in protest' says why, it is no protest"
    return None


def _figurative(tok: Any, kind: str) -> str | None:
    """Why an attack or flight word is a figure of speech here ("sanctions targeted the energy
    sector", "the effort hit a roadblock", "companies fled Russia"): its doer or its object is
    a thing that cannot strike or flee, and no weapon is named. None when it is no figure."""
    if kind not in ("strike", "attack", "fire", "displacement"):
        return None
    if lex.WEAPON_OBJECTS.search(tok.sent.text) or instrument(tok.sent.text):
        return None
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in lex.ABSTRACT_NOUNS:
            return f"figurative: '{c.text} ... {tok.text}' names no act of war"
        if c.dep_ == "nsubj" and kind == "displacement" and c.lemma_.lower() in (
                lex.NON_PERSON_MOVERS):
            return f"figurative: '{c.text} {tok.text}' are not people in flight"
    if kind == "displacement" and tok.dep_ in ("acl", "amod") \
            and tok.head.lemma_.lower() in lex.NON_PERSON_MOVERS:
        return f"figurative: '{tok.head.text} {tok.text}' are not people in flight"
    if kind == "displacement" and tok.dep_ in ("xcomp", "ccomp", "oprd") and any(
            c.dep_ in ("dobj", "nsubj") and c.lemma_.lower() in lex.NON_PERSON_MOVERS
            for c in tok.head.children):
        return f"figurative: '{tok.head.text} ... {tok.text}': not people in flight"
    return None


def _drafts_for(tok: Any, kind: str, rule: str, sent: Any, para: int, ctx: Context,
                following: str) -> list[_Draft]:
    if _background(tok, kind) is not None:
        return []
    perpetrator = perpetrator_of(tok, ctx)
    vtok = victim_token(tok)
    victims = victims_of(vtok, ctx, perpetrator)
    vhead = "" if vtok is None else vtok.text
    if vtok is not None and any(p.start <= vtok.idx < p.end for p in ctx.places):
        vhead = "place"
    _left, _right, clause = _clause_text(tok, ctx)
    decided = classify(kind, tok, clause, victims, perpetrator, sent.text, following, vhead)
    if decided is None and rule.startswith("trigger:will_not:"):
        # not soldiers refusing ("Russia said it would not attack"): the act, negated
        plain = lex.VERB_TRIGGERS.get(tok.lemma_.lower())
        return [] if plain is None else _drafts_for(
            tok, plain, f"trigger:verb:{tok.lemma_.lower()}", sent, para, ctx, following)
    if decided is None:
        return []
    cat, why = decided
    end = tok.idx + len(tok.text)
    prt = particle(tok)
    if prt is not None and prt.i == tok.i + 1:
        end = prt.idx + len(prt.text)
    base = _Draft(tok, cat, rule, why, tok.idx, end, sent, para, perpetrator, victims)
    if kind in ("kill", "execution") or (kind == "shoot" and any(
            c.lower_ == "dead" for c in tok.children)):
        base.deaths.append(victims.count)
        base.death_rules.append(f"deaths:{tok.lemma_.lower()}:{victims.rule.split(';')[-1]}")
    base.modality, mod_rule = _modality(tok, kind)
    base.rule = f"{rule};{mod_rule}" if mod_rule else rule
    base.aggregate = _aggregate_clause(tok, ctx)
    places = _places_for(tok, sent, ctx, perpetrator)
    if not places:
        return [base]
    return [replace(base, location=p, location_rule=r, deaths=list(base.deaths),
                    death_rules=list(base.death_rules)) for p, r in places]


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """One event per category, place and perpetrator side in a sentence: the first trigger."""
    seen: dict[tuple[str, str], _Draft] = {}
    kept = []
    for d in drafts:
        key = (d.category, d.location.entity_id if d.location else "")
        first = seen.get(key)
        if first is None:
            seen[key] = d
            kept.append(d)
        elif first.perpetrator.side == "unknown" and d.perpetrator.side != "unknown":
            first.perpetrator = d.perpetrator  # "Interception: X shot down ...": one event
        elif d.category == "territory_transferred":
            _one_transfer(first, d)
        elif d.perpetrator.side not in ("unknown", first.perpetrator.side):
            seen[(key[0], key[1] + d.perpetrator.side)] = d
            kept.append(d)
    return kept


def _one_transfer(first: _Draft, later: _Draft) -> None:
    """"X withdrew from the town and Y entered it": one change of control, told from both
    ends. The side that moved in is the one ACLED names first (actor1)."""
    if later.rule.startswith("trigger:verb:enter") and not first.rule.startswith(
            "trigger:verb:enter") and later.perpetrator.side != "unknown":
        first.why += (f"; '{later.token.text}' by {later.perpetrator.side}, the side that "
                      f"took control (perpetrator), after {first.perpetrator.side} left")
        first.perpetrator = later.perpetrator


def _attach_target(tok: Any, drafts: list[_Draft], earlier: list[_Draft],
                   para: int) -> _Draft | None:
    """The event a casualty clause belongs to: an ancestor trigger, a neighbour, or the last
    event of the paragraph."""
    ancestors = {a.i for a in tok.ancestors}
    for d in drafts:
        if d.token.i in ancestors:
            return d
    if drafts:  # the most violent act of the sentence, the nearest before among equals
        return min(drafts, key=lambda d: (ACLED_PRECEDENCE.get(d.category, 99),
                                          d.token.i > tok.i, -d.token.i))
    previous = [d for d in earlier if d.paragraph == para and d.modality == "asserted"]
    if not previous:
        return None
    last = [d for d in previous if d.sentence.start == previous[-1].sentence.start]
    return min(last, key=lambda d: ACLED_PRECEDENCE.get(d.category, 99))


def _attach_casualty(tok: Any, drafts: list[_Draft], earlier: list[_Draft], para: int,
                     sent: Any, ctx: Context) -> None:
    vtok = _casualty_victim(tok)
    if vtok is None:
        value: int | None = None
        vparty = Party(rule="victims:not_named")
    else:
        vparty = victims_of(vtok, ctx, Party())
        value = vparty.count
    if _negated(tok) and value is None:
        value = 0
    target = _attach_target(tok, drafts, earlier, para)
    if target is None and (value == 0 or _modality(tok, "kill")[0] == "hypothetical"):
        return  # "no one was killed", "whether anyone died": nothing happened to report
    if target is None:
        rule = f"trigger:casualty:{tok.lemma_.lower()}"
        why = f"'{tok.text}' with no attack named in the sentence or paragraph before"
        cat = by_victims(vparty.status, "unclassified", f"'{tok.text}'")
        if cat[0] == "armed_clash":
            cat = ("unclassified", "soldiers died; no fighting or weapon named")
        draft = _Draft(tok, cat[0] if cat[0] != "execution" else "unclassified", rule,
                       f"{cat[1]}; {why}", tok.idx, tok.idx + len(tok.text), sent, para,
                       perpetrator_of(tok, ctx), vparty)
        draft.aggregate = bool(lex.AGGREGATE.search(sent.text))
        draft.modality, _ = _modality(tok, "kill")
        places = _places_for(tok, sent, ctx, draft.perpetrator)
        if places:
            draft.location, draft.location_rule = places[0]
        target = draft
        drafts.append(draft)
    if vparty.status is not None and (target.victims.status is None or (
            target.victims.count is None and vparty.count)):
        target.victims = vparty  # the people killed, rather than the building that was hit
    elsewhere = lex.ELSEWHERE.search(sent.text)
    if elsewhere and target.sentence.start != sent.start:
        target.why += f"; deaths told at other places ('{elsewhere.group(0)}') not counted"
        return
    target.deaths.append(value)
    target.death_rules.append(f"deaths:{tok.lemma_.lower()}@{tok.idx}")
    if target.category == "unclassified" and vparty.status in ("combatants", "civilians"):
        upgraded = by_victims(vparty.status, "unclassified", f"'{tok.text}'")
        target.category = upgraded[0]
        target.why += f"; {upgraded[1]} in the same act"


def _casualty_victim(tok: Any) -> Any | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in lex.DEATH_NOUNS:
        return tok
    if lemma == "dead" and tok.pos_ == "ADJ":
        if tok.dep_ == "amod":
            return tok.head
        return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return victim_token(tok)


def _negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _apply_no_deaths(sentence: str, drafts: list[_Draft], earlier: list[_Draft],
                     para: int) -> None:
    said = lex.NO_DEATHS.search(sentence)
    unknown = lex.UNKNOWN_DEATHS.search(sentence)
    if not said and not unknown:
        return
    targets = drafts or [d for d in earlier[-3:] if d.paragraph == para]
    for d in targets:
        if said:
            d.no_deaths = said.group(0)
        elif unknown:
            d.why += f"; deaths not known ('{unknown.group(0)}')"


# --- modality, place, date --------------------------------------------------------------------

ModalityRule = tuple[Modality, str]  # (asserted | negated | hypothetical, its rule)


def _refusal_said_with_will_not(tok: Any, kind: str) -> ModalityRule | None:
    if kind == "refusal" and tok.lemma_.lower() not in lex.REFUSING_VERBS:
        return "asserted", "modality:refusal_said_with_will_not"  # the "not" is the refusal
    return None


def _without(tok: Any, kind: str) -> ModalityRule | None:
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "without":
        return "negated", f"modality:negated:'without {tok.text}'"
    return None


def _infinitive(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def _purpose_of_an_act(tok: Any, kind: str) -> ModalityRule | None:
    """"recruit volunteers to fight", "doing everything to destroy": what it is for."""
    if _infinitive(tok) and tok.dep_ in ("advcl", "relcl") and tok.head.lemma_.lower() not in (
            lex.DONE_WITH_HEADS):
        return "hypothetical", f"modality:hypothetical:purpose:'{tok.head.text} to {tok.text}'"
    return None


def _purpose_of_a_thing(tok: Any, kind: str) -> ModalityRule | None:
    """"a counter-offensive to recapture the city", "a plan to strike": what the thing is
    for, not what it did."""
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.lemma_.lower() \
            not in ("use", "employment", "decision") and _infinitive(tok):
        return "hypothetical", f"modality:hypothetical:purpose:'{tok.head.text} to {tok.text}'"
    return None


def _done_before_another(tok: Any, kind: str) -> ModalityRule | None:
    done = _done_before(tok)
    return ("asserted", done) if done is not None else None


# Rules read on the trigger itself, in order, before the walk up its heads.
TRIGGER_MODALITY_RULES: tuple[tuple[str, Callable[[Any, str], ModalityRule | None]], ...] = (
    ("refusal_said_with_will_not", _refusal_said_with_will_not),
    ("without", _without),
    ("purpose_of_an_act", _purpose_of_an_act),
    ("purpose_of_a_thing", _purpose_of_a_thing),
    ("done_before_another", _done_before_another),
)


def _negation_on(node: Any, tok: Any, kind: str) -> ModalityRule | None:
    if any(c.dep_ == "neg" for c in node.children) or any(
            c.dep_ == "det" and c.lower_ == "no" for c in node.children):
        if _general_statement(node):
            return "negated", f"modality:negated:general_statement:'{node.text}'"
        return "negated", f"modality:negated:'{node.text}'"
    return None


def _modal_or_condition(node: Any, tok: Any, kind: str) -> ModalityRule | None:
    """A modal auxiliary ("could strike", "won't") or a conditional mark ("if they attack")."""
    for c in node.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in lex.MODAL_AUX | {"wo", "ca"}:
            return "hypothetical", f"modality:hypothetical:'{c.text}'"
        if c.dep_ == "mark" and c.lower_ in lex.HYPOTHETICAL_MARKS:
            return "hypothetical", f"modality:hypothetical:'{c.text}'"
    return None


def _referred_to_by_an_account(node: Any, tok: Any, kind: str) -> ModalityRule | None:
    """"neither side's account of Monday's strike could be verified": the strike is referred
    to; the doubt is about the account (verification's business). The walk stops here."""
    if node is not tok and node.pos_ in ("NOUN", "PROPN") and node.lower_ in lex.ACCOUNT_NOUNS:
        return "asserted", ""
    return None


def _hypothetical_head(node: Any, tok: Any, kind: str) -> ModalityRule | None:
    """"plans to strike", "threatened to attack"; but a threat of sexual violence is itself
    the event."""
    if node is tok or node.lemma_.lower() not in lex.HYPOTHETICAL_HEADS:
        return None
    if kind == "sexual_violence" and node.lemma_.lower() == "threaten":
        return "asserted", "modality:threat_of_sexual_violence_is_the_event"
    return "hypothetical", f"modality:hypothetical:'{node.text}'"


# Rules read on the trigger and on each head above it (up to four), in order.
HEAD_MODALITY_RULES: tuple[tuple[str, Callable[[Any, Any, str], ModalityRule | None]], ...] = (
    ("negation", _negation_on),
    ("modal_or_condition", _modal_or_condition),
    ("referred_to_by_an_account", _referred_to_by_an_account),
    ("hypothetical_head", _hypothetical_head),
)

# The links the walk climbs: a clause, a conjunct, an object, a subject.
_MODALITY_CLIMBS = frozenset(["xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "advcl",
                              "nsubjpass", "nsubj", "pcomp"])


def modality_rule(tok: Any, kind: str) -> tuple[str, ModalityRule]:
    """The name of the rule that decides whether the act is told as done, denied or only
    possible, and its answer ("asserted_by_default": no rule held)."""
    for name, rule in TRIGGER_MODALITY_RULES:
        found = rule(tok, kind)
        if found is not None:
            return name, found
    node, hops = tok, 0
    while node is not None and hops < 4:
        for name, head_rule in HEAD_MODALITY_RULES:
            found = head_rule(node, tok, kind)
            if found is not None:
                return name, found
        if node.dep_ not in _MODALITY_CLIMBS or node.head is node:
            break
        node, hops = node.head, hops + 1
    return "asserted_by_default", ("asserted", "")


def _modality(tok: Any, kind: str) -> ModalityRule:
    return modality_rule(tok, kind)[1]


def _done_before(tok: Any) -> str | None:
    """"after the Russian army seized the region": a past act told as the time of another,
    whatever the main clause plans or orders."""
    if tok.dep_ != "advcl" or tok.tag_ not in ("VBD", "VBN"):
        return None
    mark = next((c for c in tok.children if c.dep_ == "mark"), None)
    if mark is None or mark.lower_ not in ("after", "since", "when", "because", "once"):
        return None
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.MODAL_AUX for c in tok.children):
        return None
    return f"modality:asserted:done_before:'{mark.text} ... {tok.text}'"


def _general_statement(verb: Any) -> bool:
    """A present-tense verb with "do not" ("its forces do not strike civilians"): a statement
    of practice, not a report of an incident."""
    return verb.tag_ in ("VB", "VBP", "VBZ") and any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


def _place_rank(m: Mention) -> int:
    return _PLACE_RANK.get(str(m.attributes.get("feature_kind") or ""), 0)


def _places_for(tok: Any, sent: Any, ctx: Context,
                perpetrator: Party) -> list[tuple[Mention, str]]:
    """The event's place(s): in the sentence, most specific first; conjoined places split."""
    agent = perpetrator.text
    doc = sent.doc
    cands = []
    for m in ctx.places:
        if not sent.start_char <= m.start < sent.end_char:
            continue
        if agent and agent.start <= m.start < agent.end:
            continue
        if any(f.start <= m.start < f.end for f in ctx.forces):
            continue  # "Luhansk People's Militia" names a force, not a place
        if instrument(m.text):
            continue  # a weapon's name ("Tochka") that the gazetteer also knows
        if _capital_acting(m, doc, tok):
            continue  # "as Moscow edges closer to ...": the state acting, not a place
        # "both from Alabama", "flying from Belgorod": where someone or fire came from; but
        # "withdrew from Kherson": the place left is where it happened
        from_tok = _from_before(m, doc)
        origin = from_tok is not None and from_tok.head.lemma_.lower() not in lex.LEAVING_VERBS
        cands.append((m, origin))
    if not cands:
        return _paragraph_place(sent, ctx)
    usable = [m for m, origin in cands if not origin]
    if not usable:
        # "two volunteers, both from Alabama, had been fighting": where someone comes from,
        # or where fire came from, is not where it happened
        return _paragraph_place(sent, ctx)
    # Two acts in one sentence ("shelled the Chernihiv region and intensified their shelling
    # of Kharkiv"): each takes the places of its own clause when another trigger's clause
    # holds other places of the sentence.
    own = _own_clause_places(tok, usable)
    if own:
        usable = own
    best_rank = min(_place_rank(m) for m in usable)
    top = [m for m in usable if _place_rank(m) == best_rank]
    if best_rank == 0 and len(top) > 1:
        group = _conjoined(top, doc)
        if len(group) > 1:
            return [(m, "place:sentence:conjoined_places") for m in group]
    after = [m for m in top if m.start >= tok.idx]
    pick = (after or top)[0]
    return [(pick, "place:sentence:most_specific")]


def _aggregate_clause(tok: Any, ctx: Context) -> bool:
    """Whether the trigger's own clause sums many happenings ("shelled the town 40 times",
    "every day"); statistical words elsewhere in the sentence ("... is being discussed on a
    daily basis") say nothing of this act."""
    left, right, _ = _clause_text(tok, ctx)
    head = tok if tok.dep_ == "ROOT" else tok.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    span = ctx.text[min(left, head.left_edge.idx):max(right, tok.idx + len(tok.text))]
    found = lex.AGGREGATE.search(span)
    if found is None:
        return False
    # the clause of a verb reaches into its subordinate clauses; stop at the first one that
    # is not about this act ("while claiming ... on a daily basis")
    before = ctx.text[tok.idx:tok.idx + max(0, span.find(found.group(0)))]
    return not re.search(r"(?i)\b(?:while|whereas|although|as)\b", before)


_CAPITALS = frozenset({"moscow", "kyiv", "kiev", "minsk", "washington", "london", "paris",
                       "berlin", "beijing", "brussels", "ankara", "warsaw"})


def _capital_acting(m: Mention, doc: Any, tok: Any | None = None) -> bool:
    """A capital as the subject of a verb other than the trigger ("as Moscow edges closer to
    seizing ..."): it stands for its state, it is not where the act took place."""
    if m.text.lower() not in _CAPITALS:
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "nsubj" and (tok is None or root.head.i != tok.i)


def acting_capitals(mentions: Sequence[Mention], parsed: Any) -> frozenset[int]:
    """Starts of the place mentions that are capitals acting as subjects: no place for an
    event read from elsewhere in the article either."""
    return frozenset(m.start for m in mentions
                     if m.kind == "place" and _capital_acting(m, parsed))


def _from_before(m: Mention, doc: Any) -> Any | None:
    """The "from" whose object the place is ("flying from Russia's Belgorod region", "both
    from Alabama"), directly or as a modifier of that object; None when there is none."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return None
    node = span.root
    for _ in range(3):
        if node.dep_ in ("compound", "amod", "poss", "nmod", "appos") and node.head.i != node.i:
            node = node.head
    return node.head if node.dep_ == "pobj" and node.head.lower_ == "from" else None


def _own_clause_places(tok: Any, places: list[Mention]) -> list[Mention]:
    """The places inside the trigger's own clause: its subtree (or its head's, for a noun
    that is a verb's object or subject), without the clauses conjoined to it; empty when
    they are all the sentence's places, or none ("after the army seized the Luhansk region"
    in a sentence about an advance towards Donetsk: Luhansk)."""
    root = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
        root = tok.head.head if tok.head.dep_ == "prep" else tok.head
    skip = {t.i for c in root.children if c.dep_ == "conj" for t in c.subtree}
    inside = {t.idx for t in root.subtree if t.i not in skip}
    own = [m for m in places if m.start in inside]
    return own if own and len(own) < len(places) else []


def _conjoined(places: list[Mention], doc: Any) -> list[Mention]:
    roots = []
    for m in places:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        roots.append(span.root if span is not None else None)
    first = roots[0]
    if first is None:
        return places[:1]
    group = [places[0]]
    linked = {first.i} | {t.i for t in first.subtree if t.dep_ == "conj"}
    for m, root in zip(places[1:], roots[1:], strict=True):
        if root is not None and root.i in linked and root.dep_ == "conj":
            group.append(m)
    return group


def _paragraph_place(sent: Any, ctx: Context) -> list[tuple[Mention, str]]:
    para = _paragraph(ctx, sent.start_char)
    start = ctx.paragraphs[para]
    before = [m for m in ctx.places if start <= m.start < sent.start_char]
    if not before:
        return []
    return [(before[-1], "place:paragraph:nearest_earlier")]


def _date_for(sent: Any, ctx: Context) -> tuple[Mention | None, str]:
    here = [m for m in ctx.times if sent.start_char <= m.start < sent.end_char]
    if here:
        days = [m for m in here if m.attributes.get("precision") == "day"]
        return (days or here)[0], "date:sentence"
    start = ctx.paragraphs[_paragraph(ctx, sent.start_char)]
    before = [m for m in ctx.times if start <= m.start < sent.start_char]
    if before:
        return before[-1], "date:paragraph:nearest_earlier"
    return None, "date:not_stated"


# --- the record -------------------------------------------------------------------------------

def _finish(d: _Draft, ctx: Context, doc_id: str) -> Event:
    cat = category_of(d.category)
    date, date_rule = _date_for(d.sentence, ctx)
    known = [v for v in d.deaths if v is not None]
    if known:
        fatalities: int | None = sum(known)
        frule = "fatalities:" + "+".join(d.death_rules)
    elif d.no_deaths:
        fatalities, frule = 0, f"fatalities:none_said:'{d.no_deaths}'"
    else:
        fatalities, frule = None, "fatalities:not_stated"
    victims = d.victims
    if victims.status == "civilians" and victims.side == "unknown" and d.location is not None \
            and d.location.attributes.get("country") == "UA":
        victims = replace(victims, side="Ukraine",
                          rule=victims.rule + ";victims:side:civilians_in_a_place_in_Ukraine")
    location_rule = d.location_rule or "place:not_stated"
    rule = ";".join([d.rule, location_rule, date_rule, frule]
                    + (["aggregate:statistical_words"] if d.aggregate else []))
    sentence = TextSpan(d.sentence.start_char, d.sentence.end_char, d.sentence.text)
    return Event(
        id=stable_id("evt", doc_id, str(d.start), d.category
                     + (f"@{d.location.start}" if d.location_rule.endswith("conjoined_places")
                        and d.location else "")),
        category=d.category, event_type=cat.event_type, sub_event_type=cat.sub_event_type,
        ihl=cat.ihl, trigger=TextSpan(d.start, d.end, ctx.text[d.start:d.end]),
        sentence=sentence, perpetrator=d.perpetrator, victims=victims,
        fatalities=fatalities, location=d.location, date=date, aggregate=d.aggregate,
        modality=d.modality, claim=None, verification=NOT_STATED, rule=rule, why=d.why)
