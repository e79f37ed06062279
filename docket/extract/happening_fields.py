"""Each mention's fields read from the whole article, with where each came from.

The first step of `docket.extract.happenings` (its module docstring gives the whole picture;
docs/design.md lists the readings): `read_article` gathers what the rules look at once per
document, and `fill_fields` fills one mention's category, claimant, perpetrator, victims,
place, date, toll and wounded, each with a `FieldSource` (`stated` in the trigger's sentence,
`inferred` from elsewhere, `not_found`) naming its rule and words.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from docket.extract.happening_lexicon import (
    ATTACKER_BEFORE,
    BUILDING,
    CIVIL_TARGET,
    DIRECT_VIOLENCE,
    FAR_WEAPONS,
    HELD_BY,
    INSIDE_A_TOWN,
    JOIN_PARAGRAPHS,
    LEAVING,
    MILITARY_TARGET,
    NO_PERPETRATOR,
    NOT_A_SPEAKER,
    OPPONENT,
    POSSESSIVE,
    PRONOUN,
    REMOTE,
    REMOTE_WORDS,
    REPORT_DATE_AFTER,
    REPORT_DATE_BEFORE,
    SPEAKER_NOUN,
    SPEAKER_PRONOUNS,
    STATE_OF,
    STATUS_BY_CATEGORY,
    TITLE_ACTOR,
    TITLE_ATTACK,
    TITLE_SPEECH,
    WOUNDED_AFTER,
    WOUNDED_BEFORE,
)
from docket.extract.numbers import Count, find_counts
from docket.extract.sides import find_forces, side_of_phrase
from docket.extract.taxonomy import category as category_of
from docket.model import (
    Claim,
    Event,
    EventMention,
    FieldHow,
    FieldSource,
    Mention,
    Party,
    PublishedDate,
    TextSpan,
)


@dataclass
class Article:
    """What the fill rules read: the text's paragraphs, places, times, claims and headline."""

    text: str
    title: str
    published: PublishedDate | None
    paragraphs: list[int]
    places: list[Mention]
    times: list[Mention]
    claims: Sequence[Claim]
    title_sides: Counter[str]
    sentences: list[tuple[int, int]]
    names: dict[str, str]  # entity id -> the words of its first mention
    persons: list[Mention] = field(default_factory=list)

    def paragraph(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraphs, offset) - 1


def _title_sides(title: str) -> Counter[str]:
    """Sides the headline names as acting: its forces, and the side of an attack it names
    ("Russian shelling kills three")."""
    sides = Counter(f.side for f in find_forces(title)
                    if f.side != "unknown" and f.kind != "civilians")
    for m in TITLE_ACTOR.finditer(title):
        if m.group(2).lower() not in TITLE_SPEECH:
            side, _ = side_of_phrase(m.group(1))
            if side != "unknown":
                sides[side] += 1
    for m in TITLE_ATTACK.finditer(title):
        side, _ = side_of_phrase(m.group(1))
        if side != "unknown":
            sides[side] += 1
    return sides



def read_article(text: str, title: str | None, published: PublishedDate | None,
                 events: Sequence[Event], claims: Sequence[Claim], mentions: Sequence[Mention],
                 sentences: Sequence[tuple[int, int]] = ()) -> Article:
    """What the fill rules read of a document, gathered once."""
    art = Article(
        text=text, title=title or "", published=published,
        paragraphs=[0] + [m.end() for m in re.finditer(r"\n\s*\n", text)],
        places=sorted((m for m in mentions if m.kind == "place"
                       and m.attributes.get("lat") is not None), key=lambda m: m.start),
        times=sorted((m for m in mentions if m.kind == "time"), key=lambda m: m.start),
        claims=claims,
        title_sides=_title_sides(title or ""),
        sentences=sorted({(e.sentence.start, e.sentence.end) for e in events}
                         | set(sentences)),
        names={})
    for m in mentions:
        art.names.setdefault(m.entity_id, m.text)
    # named people, and names the small model calls organisations ("Volodymyr Zelenskiy"):
    # a title set beside one in apposition is enough to tell
    art.persons = [m for m in mentions if m.kind in ("person", "organization")
                   and 2 <= len(m.text.split()) <= 3 and m.text[:1].isupper()]
    return art


# --- fill -------------------------------------------------------------------------------------

def _how(stated: bool) -> FieldHow:
    """A field read from the trigger's own sentence is stated; from elsewhere, inferred."""
    return "stated" if stated else "inferred"


def inside(span: TextSpan | Mention | None, sentence: TextSpan) -> bool:
    return span is not None and sentence.start <= span.start < sentence.end


def stated_sides(events: Sequence[Event]) -> dict[str, Counter[str]]:
    """Perpetrator sides the article states, by its own words, per kind of act ("remote"
    strikes, everything else) and in all (key "")."""
    out: dict[str, Counter[str]] = {"": Counter(), "remote": Counter(), "other": Counter()}
    for e in events:
        if e.perpetrator.side in ("unknown", "") or e.category in NO_PERPETRATOR \
                or e.modality not in ("asserted", "reported", "alleged"):
            continue
        out[""][e.perpetrator.side] += 1
        out["remote" if e.category in REMOTE else "other"][e.perpetrator.side] += 1
    return out


def fill_fields(e: Event, art: Article, stated_sides: dict[str, Counter[str]]) -> Event:
    fields: dict[str, FieldSource] = {}
    e = _remote_by_target(e, art)
    e = _typed_attack(e, art)
    e = _fill_claimant(e, art, fields)
    e = _fill_perpetrator(e, art, stated_sides, fields)
    e = _fill_victims(e, art, fields)
    e = _fill_place(e, art, fields)
    e = _fill_date(e, art, fields)
    fields["fatalities"] = (
        FieldSource("stated" if e.fatalities is not None and "@" not in e.rule.split(
            "fatalities:")[-1] else ("inferred" if e.fatalities is not None else "not_found"),
            rule_part(e.rule, "fatalities:") or "fatalities:not_stated"))
    fields["category"] = FieldSource("stated", rule_part(e.rule, "trigger:") or e.rule,
                                     e.trigger)
    if e.injured is not None:  # the finder read the wounded in the trigger's sentence
        fields["injured"] = FieldSource("stated", rule_part(e.rule, "injured:")
                                        or "injured:sentence")
    else:
        tried: tuple[tuple[TextSpan | None, FieldHow], ...] = (
            (e.sentence, "stated"), (next_sentence(art, e.sentence), "inferred"))
        for sentence, how in tried:
            wounded = _injured(art.text, sentence) if sentence else None
            if wounded is not None:
                fields["injured"] = FieldSource(how, "injured:count_of_the_wounded", TextSpan(
                    wounded.start, wounded.end, wounded.text))
                e = replace(e, injured=wounded.value)
                break
    return replace(e, fields=fields, mentions=(
        EventMention(e.id, e.trigger, e.sentence, e.category, e.modality, e.rule),))


def next_sentence(art: Article, sentence: TextSpan) -> TextSpan | None:
    """The sentence after `sentence` in its paragraph (casualties are often told next)."""
    i = bisect.bisect_left(art.sentences, (sentence.end, -1))
    if i >= len(art.sentences):
        return None
    start, end = art.sentences[i]
    if art.paragraph(start) != art.paragraph(sentence.start):
        return None
    return TextSpan(start, end, art.text[start:end])


def _injured(text: str, sentence: TextSpan) -> Count | None:
    """The count of the wounded the sentence gives: "four were wounded", "wounding 20
    officers", "12 injured" (never read into the killed count)."""
    for c in find_counts(text, sentence.start, sentence.end):
        if not c.value:
            continue
        after = text[c.end:min(sentence.end, c.end + 40)]
        before = text[max(sentence.start, c.start - 12):c.start]
        if WOUNDED_AFTER.match(after) or WOUNDED_BEFORE.search(before):
            return c
    return None


def _remote_by_target(e: Event, art: Article) -> Event:
    """"An attack on a shopping mall killed 18 people": an attack or a hit whose target is a
    building, with no weapon of direct violence named, is a strike from afar, not an attack
    on civilians by people on the spot (ACLED's distinction)."""
    if e.category != "attack_on_civilians" or not REMOTE_WORDS.match(e.trigger.text):
        return e
    around = art.text[max(e.sentence.start, e.trigger.start - 80):min(
        e.sentence.end, e.trigger.end + 80)]
    if not BUILDING.search(around) or DIRECT_VIOLENCE.search(e.sentence.text):
        return e
    return _recategorised(e, "shelling", "category:an_attack_on_a_building_is_a_strike_from_afar",
                          "a building was the target and no weapon of direct violence is "
                          "named: a strike from afar")


def _typed_attack(e: Event, art: Article) -> Event:
    """"Ukrainian forces are using western arms to attack the plant", "troops used to attack
    Sloviansk": an attack the sentence rules left untyped, typed by what the sentence names —
    weapons fired from afar make it a strike, a force attacking a place with none named a
    clash."""
    if e.category != "unclassified" or not re.match(r"(?i)^attack", e.trigger.text):
        return e
    weapon = FAR_WEAPONS.search(e.sentence.text)
    if weapon is not None:
        word = weapon.group(0).lower()
        name = "drone_strike" if word.startswith("drone") else (
            "air_strike" if word.startswith(("air", "aviation", "jet", "bomber")) else "shelling")
        why = f"an attack with '{weapon.group(0)}': fired from afar"
    elif e.location is not None and e.perpetrator.side != "unknown" and ":force:" in \
            e.perpetrator.rule:
        name, why = "armed_clash", "a force attacking a place, no weapon from afar named"
    else:
        return e
    return _recategorised(e, name, f"category:untyped_attack_read_as_{name}", why)


def _recategorised(e: Event, name: str, rule: str, why: str) -> Event:
    """`e` in category `name`, with its ACLED and IHL classes, the rule and the reason."""
    cat = category_of(name)
    return replace(e, category=name, event_type=cat.event_type, sub_event_type=cat.sub_event_type,
                   ihl=cat.ihl, rule=f"{e.rule};{rule}", why=f"{e.why}; {why}")


def rule_part(rule: str, prefix: str) -> str:
    """The last reading of `rule` that starts with `prefix` (later readings refine earlier)."""
    return next((p for p in reversed(rule.split(";")) if p.startswith(prefix)), "")


Fields = dict[str, FieldSource]
Filled = Event | None  # the event with the field filled, or None: the next step reads it


def _speaker_of_the_sentence(e: Event, art: Article, fields: Fields) -> Filled:
    """"X, the governor said on Sunday, and Y ...": the sentence is the speaker's."""
    said = _speaker_nearby(e, art)
    if said is None or said.source is None:
        return None
    fields["claimant"] = FieldSource("inferred", "claimant:speaker_of_the_sentence", said.source)
    return replace(e, claimant={"kind": said.source_kind, "entity": said.source_entity,
                                "name": art.names.get(str(said.source_entity))
                                or said.source.text, "claim": said.id})


def _speaker_words(claim: Claim) -> str:
    return claim.source.text.strip() if claim.source else ""


def _pronoun_of_a_named_mention(e: Event, art: Article, claim: Claim, fields: Fields) -> Filled:
    """The attribution stage resolved the pronoun to a named mention: name it."""
    words = _speaker_words(claim)
    if words.lower() not in SPEAKER_PRONOUNS or claim.source_entity not in art.names:
        return None
    name = art.names[str(claim.source_entity)]
    fields["claimant"] = FieldSource("inferred", "claimant:pronoun:resolved_mention",
                                     claim.source)
    return replace(e, claimant={"kind": claim.source_kind, "entity": claim.source_entity,
                                "name": name, "claim": claim.id})


def _title_of_a_named_person(e: Event, art: Article, claim: Claim, fields: Fields) -> Filled:
    """"Ukraine's president said" after "Ukraine's president, Volodymyr Zelenskiy, ...": the
    title names a person the article names."""
    words = _speaker_words(claim)
    titled = _titled_person(words, art) if claim.source_kind == "participant" else None
    if titled is None or claim.source is None:
        return None
    fields["claimant"] = FieldSource("inferred", "claimant:title_of_a_named_person",
                                     claim.source)
    return replace(e, claimant={"kind": "person", "entity": titled.entity_id,
                                "name": f"{titled.text} ({words})", "claim": claim.id})


def _speaker_of_the_claim(e: Event, art: Article, claim: Claim, fields: Fields) -> Filled:
    """A speaker who can say it: named as an entity, or words of a known kind of source; a
    participant only when a speaker's noun names it."""
    words = _speaker_words(claim)
    if NOT_A_SPEAKER.match(words) or words.lower() in SPEAKER_PRONOUNS or (
            claim.source_kind == "participant" and not SPEAKER_NOUN.search(words)):
        return None
    if not claim.source_entity and not (words and claim.source_kind not in (None, "unknown")):
        return None
    how = _how(inside(claim.source, e.sentence))
    fields["claimant"] = FieldSource(how, "claimant:speaker_of_the_claim", claim.source)
    return e


def _nearest_named_speaker(e: Event, art: Article, claim: Claim, fields: Fields) -> Filled:
    """"It said ...", "an article says ...": the nearest earlier named speaker of the
    document."""
    if _speaker_words(claim).lower() not in SPEAKER_PRONOUNS:
        return None
    earlier = [c for c in art.claims if c.source and c.source.end <= (
        claim.source.start if claim.source else e.trigger.start)
        and not NOT_A_SPEAKER.match(c.source.text.strip())
        and c.source.text.strip().lower() not in SPEAKER_PRONOUNS]
    if not earlier:
        return None
    prev = earlier[-1]
    fields["claimant"] = FieldSource("inferred", "claimant:pronoun:nearest_named_speaker",
                                     prev.source)
    return replace(e, claimant={"kind": prev.source_kind, "entity": prev.source_entity,
                                "name": prev.source.text if prev.source else None,
                                "claim": claim.id})


def _outlet_for_no_speaker(e: Event, art: Article, claim: Claim, fields: Fields) -> Filled:
    words = _speaker_words(claim)
    fields["claimant"] = FieldSource("inferred", "claimant:outlet:speaker_is_no_claimant",
                                     claim.source)
    return replace(e, claimant={"kind": "outlet", "entity": None, "name": None,
                                "claim": claim.id, "not_a_speaker": words or None})


# (name, step) for an event a claim holds: the first step that fills the claimant decides.
CLAIMANT_STEPS: tuple[tuple[str, Callable[[Event, Article, Claim, Fields], Filled]], ...] = (
    ("pronoun_of_a_named_mention", _pronoun_of_a_named_mention),
    ("title_of_a_named_person", _title_of_a_named_person),
    ("speaker_of_the_claim", _speaker_of_the_claim),
    ("nearest_named_speaker", _nearest_named_speaker),
    ("speaker_of_the_sentence", lambda e, art, _claim, fields: _speaker_of_the_sentence(
        e, art, fields)),
    ("outlet", _outlet_for_no_speaker),
)


def _fill_claimant(e: Event, art: Article, fields: Fields) -> Event:
    """A pronoun or a thing as the speaker is no claimant: the pronoun's speaker, or the
    outlet (`CLAIMANT_STEPS`)."""
    claim = next((c for c in art.claims if c.id == e.claim), None)
    if claim is None:
        filled = _speaker_of_the_sentence(e, art, fields)
        if filled is not None:
            return filled
        fields["claimant"] = FieldSource("inferred", "claimant:outlet:no_claim_holds_the_event")
        return e
    for _name, step in CLAIMANT_STEPS:
        filled = step(e, art, claim, fields)
        if filled is not None:
            return filled
    raise AssertionError("the last claimant step always fills")  # pragma: no cover


def _titled_person(words: str, art: Article) -> Mention | None:
    """The person a title stands for when the article puts the two side by side ("Ukraine's
    president, Volodymyr Zelenskiy", "Volodymyr Zelenskiy, Ukraine's president")."""
    title = re.sub(r"(?i)^(?:the|a|an)\s+", "", words.strip())
    if len(title) < 6 or not title[:1].isalpha():
        return None
    for m in art.persons:
        before = art.text[max(0, m.start - len(title) - 4):m.start]
        after = art.text[m.end:m.end + len(title) + 6]
        if re.search(rf"(?i){re.escape(title)},?\s*$", before) or re.match(
                rf"(?i)^,?\s*(?:the\s+)?{re.escape(title)}\b", after):
            return m
    return None


def _speaker_nearby(e: Event, art: Article) -> Claim | None:
    """A named speaker whose cue stands in the event's own sentence though the claim's
    content was cut short before the event ("X, Haidai said, and Y ..."). The speaker of
    the sentence before is not carried over: measured, it changed nothing on newsevents."""
    here = [c for c in art.claims if c.source is not None and _good_speaker(c)
            and e.sentence.start <= c.source.start < e.sentence.end]
    # of two speakers in the sentence, the one nearest the trigger says it
    return min(here, key=lambda c: abs(c.source.start - e.trigger.start) if c.source else 0,
               default=None)


def _good_speaker(c: Claim) -> bool:
    words = c.source.text.strip() if c.source else ""
    return bool(words) and not NOT_A_SPEAKER.match(words) \
        and words.lower() not in SPEAKER_PRONOUNS and (
            c.source_kind != "participant" or bool(SPEAKER_NOUN.search(words)))


def _speaker_side(e: Event, art: Article) -> tuple[str, TextSpan | None]:
    claim = next((c for c in art.claims if c.id == e.claim), None)
    if claim is None or claim.source is None:
        return "unknown", None
    side, _ = side_of_phrase(claim.source.text)
    return side, claim.source


Sides = dict[str, Counter[str]]


def _none_for_this_category(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    if e.category not in NO_PERPETRATOR:
        return None
    fields["perpetrator"] = FieldSource("not_found", "perpetrator:none_for_this_category")
    return e


def _opponent_of_the_side_that_withdrew(e: Event, art: Article, sides: Sides,
                                        fields: Fields) -> Filled:
    """"Ukrainian forces withdrew from X": control passed to the other side, which ACLED
    names first (the perpetrator); the side that left is the one that lost it."""
    p = e.perpetrator
    if not (e.category == "territory_transferred" and LEAVING.match(e.trigger.text)
            and p.side in OPPONENT):
        return None
    fields["perpetrator"] = FieldSource("inferred", "perpetrator:opponent_of_the_side_"
                                        "that_withdrew", p.text)
    fields["victims_side"] = FieldSource("stated", "victims:side:the_side_that_withdrew",
                                         p.text)
    return replace(e, perpetrator=Party(side=OPPONENT[p.side], rule=(
        "perpetrator:opponent_of_the_side_that_withdrew")),
        victims=replace(e.victims, side=p.side, text=p.text, entity=p.entity))


def _side_named(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    p = e.perpetrator
    if p.side == "unknown":
        return None
    how = _how(inside(p.text, e.sentence))
    fields["perpetrator"] = FieldSource(how, p.rule.split(";")[0], p.text)
    return e


def _modifier_of_the_trigger(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    """"Russian artillery shelling", "enemy strikes": the noun's own modifier names who."""
    p = e.perpetrator
    before = art.text[max(e.sentence.start, e.trigger.start - 40):e.trigger.start]
    adjective = ATTACKER_BEFORE.search(before)
    if adjective is None or p.text:
        return None
    words_span = TextSpan(e.trigger.start - len(before) + adjective.start(1),
                          e.trigger.start - len(before) + adjective.end(1),
                          adjective.group(1))
    if adjective.group(1).lower() == "enemy":
        speaker, _src = _speaker_side(e, art)
        side = OPPONENT.get(speaker, "unknown")
        rule = "perpetrator:enemy_of_the_speaker"
    else:
        side, rule = side_of_phrase(adjective.group(1))
        rule = f"perpetrator:modifier_of_the_trigger:{rule}"
    if side == "unknown":
        return None
    fields["perpetrator"] = FieldSource("stated", rule, words_span)
    return replace(e, perpetrator=replace(p, side=side, text=words_span, rule=rule))


def _pronoun_is_the_speaker(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    p = e.perpetrator
    words = p.text.text.strip() if p.text else ""
    if not (words and PRONOUN.match(words)):
        return None
    side, source = _speaker_side(e, art)
    if side == "unknown":
        return None
    fields["perpetrator"] = FieldSource("inferred", "perpetrator:pronoun_is_the_speaker", source)
    return replace(e, perpetrator=replace(p, side=side, rule=(
        p.rule + ";perpetrator:pronoun_is_the_speaker")))


def _opponent_of_the_victims(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    """Combatants, or anyone harmed other than from afar, were harmed by the other side.
    Prisoners are held by the other side: who harmed them is not implied by whose they are."""
    p, victims = e.perpetrator, e.victims
    if not (victims.side not in ("unknown", "") and victims.side in OPPONENT and (
            victims.status == "combatants" or e.category not in REMOTE)
            and victims.status != "prisoners"):
        return None
    side = OPPONENT[victims.side]
    fields["perpetrator"] = FieldSource("inferred", "perpetrator:opponent_of_the_victims",
                                        victims.text)
    return replace(e, perpetrator=replace(p, side=side, rule=(
        p.rule + ";perpetrator:opponent_of_the_victims")))


def _state_where_arrested(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    """Police arrest on their own state's ground."""
    p = e.perpetrator
    country = e.location.attributes.get("country") if e.location else None
    if not (e.category == "arrest" and country in STATE_OF):
        return None
    rule = "perpetrator:the_state_where_the_arrest_was_made"
    fields["perpetrator"] = FieldSource("inferred", rule, TextSpan(
        e.location.start, e.location.end, e.location.text) if e.location else None)
    return replace(e, perpetrator=replace(p, side=STATE_OF[str(country)],
                                          rule=p.rule + ";" + rule))


def _other_side_of_the_holder(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    """"a strike on Russian-occupied Horlivka": the other side fired."""
    if not (e.category in REMOTE or e.category == "unclassified"):
        return None
    held = _held_by(e, art)
    if held is None:
        return None
    side = OPPONENT[held[0]]
    rule = "perpetrator:the_other_side_of_the_place's_holder"
    fields["perpetrator"] = FieldSource("inferred", rule, held[1])
    p = e.perpetrator
    return replace(e, perpetrator=replace(p, side=side, rule=p.rule + ";" + rule))


def _side_of_the_article(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    """The side the article names for acts of this kind (from afar or not), else for any."""
    kind = "remote" if e.category in REMOTE else "other"
    side, rule = _article_side(art, sides[kind])
    if side == "unknown":
        side, rule = _article_side(art, sides[""])
    if side == "unknown":
        return None
    origin = "title" if "headline" in rule else "text"
    fields["perpetrator"] = FieldSource("inferred", rule, None, origin)
    p = e.perpetrator
    return replace(e, perpetrator=replace(p, side=side, rule=p.rule + ";" + rule))


def _not_named(e: Event, art: Article, sides: Sides, fields: Fields) -> Filled:
    fields["perpetrator"] = FieldSource("not_found", "perpetrator:not_named")
    return e


# (name, step): the first step that fills the perpetrator decides; the last always does.
PERPETRATOR_FIELD_STEPS: tuple[tuple[str, Callable[[Event, Article, Sides, Fields], Filled]],
                               ...] = (
    ("none_for_this_category", _none_for_this_category),
    ("opponent_of_the_side_that_withdrew", _opponent_of_the_side_that_withdrew),
    ("side_named", _side_named),
    ("modifier_of_the_trigger", _modifier_of_the_trigger),
    ("pronoun_is_the_speaker", _pronoun_is_the_speaker),
    ("opponent_of_the_victims", _opponent_of_the_victims),
    ("state_where_arrested", _state_where_arrested),
    ("other_side_of_the_holder", _other_side_of_the_holder),
    ("side_of_the_article", _side_of_the_article),
    ("not_named", _not_named),
)


def _fill_perpetrator(e: Event, art: Article, stated_sides: Sides, fields: Fields) -> Event:
    for _name, step in PERPETRATOR_FIELD_STEPS:
        filled = step(e, art, stated_sides, fields)
        if filled is not None:
            return filled
    raise AssertionError("the last perpetrator step always fills")  # pragma: no cover


def _held_by(e: Event, art: Article) -> tuple[str, TextSpan] | None:
    """Who holds the event's place, when the text says it next to the name ("the
    Russian-occupied territory of Horlivka", "Ukrainian-controlled Sloviansk")."""
    if e.location is None or not e.location.end:
        return None
    before = art.text[max(0, e.location.start - 60):e.location.start]
    m = HELD_BY.search(before)
    if m is None:
        return None
    side = "Russia" if m.group("who").lower() in ("russian", "russia", "kremlin",
                                                   "moscow") else "Ukraine"
    start = e.location.start - len(before) + m.start()
    return side, TextSpan(start, start + len(m.group(0)), m.group(0))


def _article_side(art: Article, stated: Counter[str]) -> tuple[str, str]:
    """The side the article names as the attacker: the headline's, when it names one side
    acting ("as Russia intensifies attacks"), else the one that clearly dominates the
    article's stated perpetrators."""
    if len(art.title_sides) == 1:
        return next(iter(art.title_sides)), "perpetrator:the_side_the_headline_names_as_attacker"
    votes = Counter(stated)
    for side, n in art.title_sides.items():
        votes[side] += 2 * n
    if not votes:
        return "unknown", ""
    (top, n), *rest = votes.most_common()
    second = rest[0][1] if rest else 0
    if n >= 2 * max(second, 1) or second == 0:
        where = "headline" if art.title_sides.get(top) and not stated.get(top) else "article"
        return top, f"perpetrator:the_side_the_{where}_names_as_attacker"
    return "unknown", ""


def _fill_victims(e: Event, art: Article, fields: dict[str, FieldSource]) -> Event:
    v = e.victims
    status_rule = ""
    if e.category in ("capture", "surrender") and v.status != "prisoners":
        # the category says fighters were taken or gave up: prisoners from then on (hors de
        # combat), whatever the words called them before ("volunteers", "soldiers")
        v = replace(v, status="prisoners", rule=v.rule + ";victims:status:captured_are_prisoners")
        fields["victims_status"] = FieldSource("inferred", "victims:status:captured_are_prisoners",
                                               v.text)
    elif v.status is None:
        status = STATUS_BY_CATEGORY.get(e.category)
        if e.category in REMOTE:
            status = _target_status(e, v)
        if status is not None:
            status_rule = f"victims:status:{e.category}_default"
            v = replace(v, status=status, rule=v.rule + ";" + status_rule)
            fields["victims_status"] = FieldSource("inferred", status_rule, v.text)
        else:
            fields["victims_status"] = FieldSource("not_found", "victims:status:not_stated")
    else:
        fields["victims_status"] = FieldSource(
            "stated" if inside(v.text, e.sentence) else "inferred",
            rule_part(v.rule, "victims:status") or "victims:status", v.text)
    if "victims_side" in fields:
        pass  # set with the perpetrator (a withdrawal)
    elif v.side in ("unknown", ""):
        # an arrested person's nationality is not the arresting state's opponent
        side = None if e.category == "arrest" else OPPONENT.get(e.perpetrator.side)
        loc_country = (e.location.attributes.get("country") if e.location else None)
        if side is None and loc_country == "UA" and v.status == "civilians":
            side = "Ukraine"
        if side is not None:
            rule = "victims:side:the_perpetrators_opponent"
            v = replace(v, side=side, rule=v.rule + ";" + rule)
            fields["victims_side"] = FieldSource("inferred", rule, e.perpetrator.text)
        else:
            fields["victims_side"] = FieldSource("not_found", "victims:side:not_named")
    else:
        fields["victims_side"] = FieldSource(
            "stated" if inside(v.text, e.sentence) else "inferred",
            rule_part(v.rule, "victims:side") or "victims:side", v.text)
    return replace(e, victims=v)


def _target_status(e: Event, v: Party) -> str:
    """Civilians or combatants, for a strike whose victims the text does not name: what was
    hit says it (a depot, positions; homes, a school), else who struck (a Ukrainian strike
    is most often told of Russian positions, a Russian strike of a town)."""
    target = v.text.text if v.text else ""
    if target:
        if CIVIL_TARGET.search(target):
            return "civilians"
        if MILITARY_TARGET.search(target):
            return "combatants"
    sentence = e.sentence.text
    if e.perpetrator.text and inside(e.perpetrator.text, e.sentence):
        # the attacker's own words ("Russian troops shelled ...") say nothing of the target
        a = e.perpetrator.text.start - e.sentence.start
        sentence = sentence[:a] + " " * len(e.perpetrator.text.text) + sentence[
            a + len(e.perpetrator.text.text):]
    if CIVIL_TARGET.search(sentence):
        return "civilians"
    if MILITARY_TARGET.search(sentence) or e.perpetrator.side == "Ukraine":
        return "combatants"
    return "civilians"


def _fill_place(e: Event, art: Article, fields: dict[str, FieldSource]) -> Event:
    if e.location is not None and e.location.attributes.get("feature_kind") == "country":
        finer = _settlement_nearby(e, art)
        if finer is not None:
            fields["place"] = FieldSource("inferred", "place:paragraph:settlement_in_the_country",
                                          TextSpan(finer.start, finer.end, finer.text))
            return replace(e, location=finer)
    set_aside = ""
    speaker = next((c.source for c in art.claims if c.source and e.location is not None
                    and c.source.start <= e.location.start < c.source.end), None)
    if speaker is not None and e.location is not None:
        # "Kharkiv's regional military administration said": the place names who speaks
        set_aside = f":in_the_speaker's_name:'{speaker.text}'"
        e = replace(e, location=None)
    if e.location is not None and e.location.attributes.get("lat") is None:
        words = e.location.text
        if not INSIDE_A_TOWN.search(words):
            # "Snake Island": a place the gazetteer does not know and no town holds; the
            # article's other places are elsewhere, so none is given rather than a wrong one
            fields["place"] = FieldSource("not_found", f"place:unresolved_name:'{words}'",
                                          TextSpan(e.location.start, e.location.end, words))
            return replace(e, location=None)
        # "on Sadova Street": a part of a town; the settlement around it is read from the
        # article instead, and the words are kept in the rule
        set_aside = f":unresolved_in_sentence:'{words}'"
        e = replace(e, location=None)
    if e.location is not None:
        how = _how(inside(e.location, e.sentence))
        rule = rule_part(e.rule, "place:") or "place"
        fields["place"] = FieldSource(how, rule, TextSpan(e.location.start, e.location.end,
                                                          e.location.text))
        return e
    para = art.paragraph(e.sentence.start)
    lo = art.paragraphs[max(0, para - JOIN_PARAGRAPHS)]
    before = [m for m in art.places if lo <= m.start < e.sentence.start
              and m.attributes.get("feature_kind") != "country"]
    if not before:
        # The lead names the place the article is about: the first specific place in it.
        lead_end = art.paragraphs[1] if len(art.paragraphs) > 1 else len(art.text)
        before = [m for m in art.places if m.start < lead_end
                  and m.attributes.get("feature_kind") != "country"][:1]
        rule = "place:article:lead"
    else:
        rule = "place:article:nearest_earlier"
    rule += set_aside
    if not before:
        fields["place"] = FieldSource("not_found", "place:not_stated" + set_aside)
        return e
    m = before[-1]
    fields["place"] = FieldSource("inferred", rule, TextSpan(m.start, m.end, m.text))
    return replace(e, location=m, rule=e.rule.replace("place:not_stated", rule))


def _settlement_nearby(e: Event, art: Article) -> Mention | None:
    """"A strike in eastern Ukraine ... The casualties in the city of X": the one settlement
    of the country the paragraph names, right before or after the trigger's sentence."""
    para = art.paragraph(e.sentence.start)
    lo = art.paragraphs[para]
    hi = art.paragraphs[para + 1] if para + 1 < len(art.paragraphs) else len(art.text)
    country = e.location.attributes.get("country") if e.location else None
    found = {m.entity_id: m for m in art.places if lo <= m.start < hi
             and m.attributes.get("country") == country
             and m.attributes.get("feature_kind") not in ("country", "admin1", "region")}
    if len(found) == 1:
        return next(iter(found.values()))
    following = next_sentence(art, e.sentence)
    if following is None or len(found) < 2:
        return None
    # several: the first the very next sentence names goes on telling of this one
    nxt = [m for m in found.values() if following.start <= m.start < following.end]
    return min(nxt, key=lambda m: m.start, default=None)


def iso_week(day: str) -> str | None:
    try:
        y, w, _ = dt.date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{y}-W{w:02d}"


def _usable_date(m: Mention) -> bool:
    value = str(m.attributes.get("value") or "")
    return bool(re.match(r"^\d{4}(-|$)", value))


def _act_date(e: Event, art: Article) -> Mention | None:
    """Of several dates in the trigger's sentence, the act's rather than the report's:
    "on Wednesday provided more detail about Monday's attack" is Monday's. A date glued to the
    trigger ("Monday's attack") wins; a date next to a speech verb ("said on Wednesday") is
    the report's; else the one nearest the trigger."""
    here = [m for m in art.times if e.sentence.start <= m.start < e.sentence.end
            and _usable_date(m)]
    if len(here) < 2:
        return None
    glued = [m for m in here if 0 <= e.trigger.start - m.end <= 4
             and POSSESSIVE.match(art.text[m.end:e.trigger.start])]
    if glued:
        return glued[0]
    acts = [m for m in here if not REPORT_DATE_BEFORE.search(
        art.text[max(e.sentence.start, m.start - 24):m.start])
        and not REPORT_DATE_AFTER.match(art.text[m.end:m.end + 24])]
    if not acts or len(acts) == len(here):
        return None
    return min(acts, key=lambda m: min(abs(m.start - e.trigger.end), abs(e.trigger.start
                                                                          - m.end)))


def _fill_date(e: Event, art: Article, fields: dict[str, FieldSource]) -> Event:
    act = _act_date(e, art)
    if act is not None and act is not e.date:
        fields["date"] = FieldSource("stated", "date:sentence:the_act_not_the_report",
                                     TextSpan(act.start, act.end, act.text))
        return replace(e, date=act)
    if e.date is not None and _usable_date(e.date):
        how = _how(inside(e.date, e.sentence))
        fields["date"] = FieldSource(how, rule_part(e.rule, "date:") or "date",
                                     TextSpan(e.date.start, e.date.end, e.date.text))
        return e
    # The lead's day ("on Tuesday") dates a happening told later without a date of its own.
    para = art.paragraph(e.sentence.start)
    lo = art.paragraphs[max(0, para - 1)]
    before = [m for m in art.times if lo <= m.start < e.sentence.start and _usable_date(m)
              and m.attributes.get("precision") == "day"]
    if before:
        m = before[-1]
        fields["date"] = FieldSource("inferred", "date:article:nearest_earlier_day",
                                     TextSpan(m.start, m.end, m.text))
        return replace(e, date=m)
    week = iso_week(art.published.value) if art.published else None
    if week is None:
        fields["date"] = FieldSource("not_found", "date:not_stated")
        return replace(e, date=None)
    # Only the report is dated: the happening is placed in the report's week (precision
    # `week`), marked as taken from the report, never as a day the text does not give.
    mention = Mention(0, 0, "", "time", f"report-week|{week}", week, "date:report_week",
                      attributes={"value": week, "precision": "week", "origin": "report"})
    fields["date"] = FieldSource("inferred", "date:report_week", None, "published")
    return replace(e, date=mention)
