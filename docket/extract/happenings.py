"""One record per happening, its fields read from the whole article.

`events.py` reads sentence by sentence: every trigger becomes an event, and a field the
trigger's sentence does not state stays empty. Real articles spread one happening over the
headline, the lead, a quote and a later paragraph: the attacker in the headline, the village two
sentences earlier, the day in the lead, the toll in a quote, the claimant at the end. This stage
reads the document as a careful reader does, in two steps:

1. **Fill** each mention's missing fields from where a reader looks next (`_fill`): the
   paragraph, the article's earlier paragraphs, the headline, the publication date. Every value
   keeps a `FieldSource`: `stated` (in the trigger's sentence) or `inferred` (the words and the
   rule that gave it), so an analyst can see and overrule it.
2. **Merge** mentions of one happening into one record (`_merge`): same or compatible category,
   no conflicting place, date or perpetrator. A mention that names its own place joins an
   earlier happening at that place; a mention that names none joins the latest compatible
   happening close before it. Two strikes on two towns stay two. The record keeps every
   mention (`Event.mentions`) with the id it had on its own, so judgements made on it follow.

Only rules here, no model: each reading is named in its `FieldSource.rule`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from docket.extract.numbers import Count, find_counts
from docket.extract.sides import find_forces, side_of_phrase
from docket.extract.taxonomy import categories_compatible
from docket.extract.taxonomy import category as category_of
from docket.model import (
    Claim,
    Event,
    EventMention,
    FieldSource,
    Mention,
    Party,
    PublishedDate,
    TextSpan,
)
from docket.nlp.gazetteer import REGIONS

# Categories whose record names no perpetrator (nobody "does" a flight or an agreement).
NO_PERPETRATOR = frozenset({"displacement", "agreement", "peaceful_protest", "resignation",
                            "desertion", "refusal_to_fight", "other"})
# Who is hit when the text does not say: a reader's default for the kind of act.
_STATUS_BY_CATEGORY = {
    "armed_clash": "combatants", "territory_taken": "combatants",
    "territory_regained": "combatants", "disrupted_weapons": "combatants",
    "capture": "prisoners", "surrender": "prisoners", "execution": "prisoners",
    "torture": "prisoners", "arrest": "civilians", "displacement": "civilians",
    "attack_on_civilians": "civilians", "sexual_violence": "civilians",
    "looting": "civilians", "abduction": "civilians",
}
_REMOTE = frozenset({"shelling", "air_strike", "drone_strike", "remote_explosive", "grenade",
                     "suicide_bomb", "chemical_weapon"})
# Targets that make a remote strike an attack on combatants rather than on civilians.
_MILITARY_TARGET = re.compile(
    r"\b(?:positions?|troops|soldiers|forces|(?:ammunition|arms|weapons|military)\s+depots?|"
    r"dumps?|ammunition|command\s+posts?|"
    r"headquarters|bases?|airfields?|air\s+defen[cs]es?|artillery|tanks|convoys?|"
    r"warships?|ships?|vessels?|fuel\s+(?:depots?|storage)|barracks|units?|"
    r"military|howitzers?|launchers?|radars?)\b", re.I)
_CIVIL_TARGET = re.compile(
    r"\b(?:civilians?|residents?|people|children|homes?|houses?|apartments?|buildings?|"
    r"hospitals?|schools?|markets?|shopping|theatre|theater|station|cit(?:y|ies)|towns?|"
    r"villages?|neighbourhoods?|neighborhoods?|districts?|streets?|infrastructure|"
    r"power|energy|churches?|shelters?|kindergartens?|refiner(?:y|ies)|producers?|"
    r"factor(?:y|ies)|chemical\s+plants?|malls?|stations?|ports?)\b", re.I)
# The other side of a belligerent, for the victims of an act (the perpetrator's opponent).
_OPPONENT = {"Russia": "Ukraine", "DPR": "Ukraine", "LPR": "Ukraine",
             "separatists": "Ukraine", "Belarus": "Ukraine", "Ukraine": "Russia"}
_LEAVING = re.compile(r"^(?:withdr[ae]w\w*|retreat\w*|pull\w*|left|leav\w*|abandon\w*)",
                      re.I)
# A side named right before a noun trigger: "Russian artillery shelling", "enemy strikes".
_ATTACKER_BEFORE = re.compile(
    r"\b(Russian|Ukrainian|Belarusian|separatist|enemy|Kremlin|Kyiv(?:'s|’s)?|"
    r"Moscow(?:'s|’s)?|Russia(?:'s|’s)|Ukraine(?:'s|’s))"
    r"(?:\s+(?:heavy|intense|massive|renewed|artillery|missile|rocket|air|drone|mortar|"
    r"tank|cruise|ballistic|aerial|overnight|deadly))*\s*$")
_WOUNDED_AFTER = re.compile(
    r"^\s*(?:(?!and\b|or\b|but\b)\w+\s+){0,2}?"
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|got)\s+)?"
    r"(?:wounded|injured|hurt)\b", re.I)
_WOUNDED_BEFORE = re.compile(r"\b(?:wounding|injuring|wounded|injured)\s+$", re.I)
# An unnamed speaker is one when its words name people or a body that speaks ("officials",
# "a witness", "the military"), not an act or a crowd ("fighting", "34 million followers").
_SPEAKER_NOUN = re.compile(
    r"\b(?:officials?|spokes\w*|witness\w*|residents?|soldiers?|servicem[ae]n|governors?|"
    r"mayors?|ministers?|ministry|military|command|army|forces|troops|analysts?|experts?|"
    r"sources?|president|administration|police|authorities|office|staff|service|"
    r"government|leaders?|diplomats?|commanders?|officers?|volunteers?|doctors?|medics?|"
    r"rescuers?|prosecutors?|investigators?|journalists?|reporters?|monitors?|mission|"
    r"agency|council|kremlin|people|woman|women|man|men|survivors?|locals?|villagers?|"
    r"mother|father|wife|husband|daughter|son|relatives?|families|family|neighbou?rs?|"
    r"bloggers?|correspondents?|observers?|inspectors?|institute|group|organi[sz]ation|"
    r"separatists?|rebels?|militants?|media)\b",
    re.I)
_SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_TITLE_ATTACK = re.compile(
    r"\b(Russian|Ukrainian|Belarusian|separatist|Russia(?:'s|’s)|Ukraine(?:'s|’s))\s+"
    r"(?:\w+\s+)?(?:shelling|strikes?|attacks?|missiles?|rockets?|drones?|bombing|"
    r"bombardment|air\s*strikes?|offensive|assault|troops|forces|army)\b", re.I)
# "Russia intensifies attacks", "Russia bombs Kharkiv": a country acting in a headline.
_TITLE_ACTOR = re.compile(r"\b(Russia|Ukraine|Moscow|Kyiv)\s+(\w+(?:s|ed))\b")
_TITLE_SPEECH = frozenset({"says", "claims", "denies", "accuses", "warns", "urges", "asks",
                           "calls", "insists", "rejects", "demands", "vows", "threatens",
                           "plans", "wants", "needs", "hopes", "fears", "expects", "is",
                           "has", "was", "needed", "said", "claimed", "denied", "accused"})
_DEFINITE_BEFORE = re.compile(
    r"(?i)\b(?:the|this|that|these|those|its|their|such)\s+(?:[\w’'-]+\s+){0,2}$")
# A toll over a stretch of time or a region is a total, not one strike's deaths.
_TOTAL = re.compile(r"(?i)\b(?:in|over|during)\s+the\s+(?:past|previous|last)\s+"
                    r"(?:\d+|twenty-four|24|few|two|three|several)?\s*(?:hours?|days?|weeks?)|"
                    r"across\s+the\s+(?:region|country|oblast)|since\s+the\s+start|overnight\s+in\s+"
                    r"the\s+region")
# The state whose authorities make an arrest where it is made.
_STATE_OF = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
_REMOTE_WORDS = re.compile(r"(?i)^(?:attacks?|hit|hits|struck|strikes?|striking|targeted)$")
_BUILDING = re.compile(
    r"(?i)\b(?:mall|shopping\s+(?:centre|center|mall)|school|hospital|station|apartment|"
    r"block\s+of\s+flats|residential|house|houses|home|homes|market|theatre|theater|hotel|"
    r"plant|refinery|depot|port|bridge|bus\s+stop|city\s+centre|city\s+center|building|"
    r"buildings|church|factory|warehouse|dormitory|kindergarten|café|cafe|restaurant)\b")
_DIRECT_VIOLENCE = re.compile(
    r"(?i)\b(?:shot|shoot\w*|gun\w*|rifles?|stabb\w*|knife|beat\w*|execut\w*|"
    r"tortur\w*|rap\w+|grenade)\b")
_POSSESSIVE = re.compile(r"^(?:'s|’s|')?\s*$")
_SPEECH = (r"(?:said|says|told|tells|reported|reports|announced|added|wrote|writes|claimed|"
           r"stated|confirmed|provided|posted|published|warned|denied|accused)")
_REPORT_DATE_BEFORE = re.compile(rf"(?i)\b{_SPEECH}\s+(?:\w+\s+)?(?:on|late\s+on|early\s+on)?\s*$")
_REPORT_DATE_AFTER = re.compile(rf"(?i)^\s*(?:,\s*)?(?:\w+\s+)?{_SPEECH}\b")
_FAR_WEAPONS = re.compile(
    r"(?i)\b(?:arms|weapons|artillery|rockets?|missiles?|himars|mlrs|shells?|mortars?|"
    r"howitzers?|drones?|air\s*strikes?|aviation|jets?|bombers?|warplanes?)\b")
_HELD_BY = re.compile(
    r"\b(?P<who>Russian|Russia|Kremlin|Moscow|Ukrainian|Ukraine|Kyiv)[-\s](?:occupied|held|"
    r"controlled|installed)\s+(?:(?:territory|town|city|village|region|part)\s+of\s+)?"
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.I)
# Unresolved names that lie inside a town: the town around them is the event's place.
_INSIDE_A_TOWN = re.compile(
    r"(?i)\b(?:street|avenue|prospekt|lane|square|boulevard|district|neighbou?rhood|"
    r"microdistrict|quarter|market|station|hospital|school|park|embankment|road|highway)\b"
    r"|\b(?:vul\.|vulytsia|ulitsa|ploshcha)\b")
_PRONOUN = re.compile(r"^(?:it|they|we|he|she|its\s+\w+|their\s+\w+|our\s+\w+)$", re.I)
# Speakers that are things, not people or bodies: "an article", "a video", "48 people".
_NOT_A_SPEAKER = re.compile(
    r"^(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:article|video|footage|image|images|photo|"
    r"photos|picture|report|document|map|post|statement|clip|recording|data|figures)$"
    r"|^\d[\d,.]*\s+\w+$|^(?:it|this|that|there)$", re.I)
# A mention that names neither place nor date joins an earlier happening only this close.
_JOIN_PARAGRAPHS = 2
# How many earlier happenings a mention is compared with (merging is never quadratic).
_LOOK_BACK = 40


@dataclass
class _Article:
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
    for m in _TITLE_ACTOR.finditer(title):
        if m.group(2).lower() not in _TITLE_SPEECH:
            side, _ = side_of_phrase(m.group(1))
            if side != "unknown":
                sides[side] += 1
    for m in _TITLE_ATTACK.finditer(title):
        side, _ = side_of_phrase(m.group(1))
        if side != "unknown":
            sides[side] += 1
    return sides


def _sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[TextSpan]:
    return [TextSpan(a, b, text[a:b]) for a, b in spans]


def document_events(text: str, title: str | None, published: PublishedDate | None,
                    events: Sequence[Event], claims: Sequence[Claim],
                    mentions: Sequence[Mention],
                    sentences: Sequence[tuple[int, int]] = ()) -> tuple[Event, ...]:
    """The document's events, one per happening, with their fields read from the article."""
    if not events:
        return ()
    art = _Article(
        text=text, title=title or "", published=published,
        paragraphs=[0] + [m.end() for m in re.finditer(r"\n\s*\n", text)],
        places=sorted((m for m in mentions if m.kind == "place"
                       and m.attributes.get("lat") is not None), key=lambda m: m.start),
        times=sorted((m for m in mentions if m.kind == "time"), key=lambda m: m.start),
        claims=claims,
        title_sides=_title_sides(title or ""),
        sentences=sorted({(e.sentence.start, e.sentence.end) for e in events}
                         | {(s.start, s.end) for s in _sentences(text, sentences)}),
        names={})
    for m in mentions:
        art.names.setdefault(m.entity_id, m.text)
    # named people, and names the small model calls organisations ("Volodymyr Zelenskiy"):
    # a title set beside one in apposition is enough to tell
    art.persons = [m for m in mentions if m.kind in ("person", "organization")
                   and 2 <= len(m.text.split()) <= 3 and m.text[:1].isupper()]
    stated_sides = _stated_sides(events)
    filled = [_fill(e, art, stated_sides) for e in events]
    return tuple(_merge(filled, art))


# --- fill -------------------------------------------------------------------------------------

def _inside(span: TextSpan | Mention | None, sentence: TextSpan) -> bool:
    return span is not None and sentence.start <= span.start < sentence.end


def _stated_sides(events: Sequence[Event]) -> dict[str, Counter[str]]:
    """Perpetrator sides the article states, by its own words, per kind of act ("remote"
    strikes, everything else) and in all (key "")."""
    out: dict[str, Counter[str]] = {"": Counter(), "remote": Counter(), "other": Counter()}
    for e in events:
        if e.perpetrator.side in ("unknown", "") or e.category in NO_PERPETRATOR \
                or e.modality not in ("asserted", "reported", "alleged"):
            continue
        out[""][e.perpetrator.side] += 1
        out["remote" if e.category in _REMOTE else "other"][e.perpetrator.side] += 1
    return out


def _fill(e: Event, art: _Article, stated_sides: dict[str, Counter[str]]) -> Event:
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
            _rule_part(e.rule, "fatalities:") or "fatalities:not_stated"))
    fields["category"] = FieldSource("stated", _rule_part(e.rule, "trigger:") or e.rule,
                                     e.trigger)
    if e.injured is None:
        for sentence, how in ((e.sentence, "stated"), (_next_sentence(art, e.sentence),
                                                       "inferred")):
            wounded = _injured(art.text, sentence) if sentence else None
            if wounded is not None:
                fields["injured"] = FieldSource(how, "injured:count_of_the_wounded", TextSpan(
                    wounded.start, wounded.end, wounded.text))
                e = replace(e, injured=wounded.value)
                break
    return replace(e, fields=fields, mentions=(
        EventMention(e.id, e.trigger, e.sentence, e.category, e.modality, e.rule),))


def _next_sentence(art: _Article, sentence: TextSpan) -> TextSpan | None:
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
        if _WOUNDED_AFTER.match(after) or _WOUNDED_BEFORE.search(before):
            return c
    return None


def _remote_by_target(e: Event, art: _Article) -> Event:
    """"An attack on a shopping mall killed 18 people": an attack or a hit whose target is a
    building, with no weapon of direct violence named, is a strike from afar, not an attack
    on civilians by people on the spot (ACLED's distinction)."""
    if e.category != "attack_on_civilians" or not _REMOTE_WORDS.match(e.trigger.text):
        return e
    around = art.text[max(e.sentence.start, e.trigger.start - 80):min(
        e.sentence.end, e.trigger.end + 80)]
    if not _BUILDING.search(around) or _DIRECT_VIOLENCE.search(e.sentence.text):
        return e
    cat = category_of("shelling")
    return replace(e, category="shelling", event_type=cat.event_type,
                   sub_event_type=cat.sub_event_type, ihl=cat.ihl,
                   rule=e.rule + ";category:an_attack_on_a_building_is_a_strike_from_afar",
                   why=e.why + "; a building was the target and no weapon of direct "
                   "violence is named: a strike from afar")


def _typed_attack(e: Event, art: _Article) -> Event:
    """"Ukrainian forces are using western arms to attack the plant", "troops used to attack
    Sloviansk": an attack the sentence rules left untyped, typed by what the sentence names —
    weapons fired from afar make it a strike, a force attacking a place with none named a
    clash."""
    if e.category != "unclassified" or not re.match(r"(?i)^attack", e.trigger.text):
        return e
    weapon = _FAR_WEAPONS.search(e.sentence.text)
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
    cat = category_of(name)
    return replace(e, category=name, event_type=cat.event_type, sub_event_type=cat.sub_event_type,
                   ihl=cat.ihl, rule=e.rule + f";category:untyped_attack_read_as_{name}",
                   why=e.why + f"; {why}")


def _rule_part(rule: str, prefix: str) -> str:
    """The last reading of `rule` that starts with `prefix` (later readings refine earlier)."""
    return next((p for p in reversed(rule.split(";")) if p.startswith(prefix)), "")


def _fill_claimant(e: Event, art: _Article, fields: dict[str, FieldSource]) -> Event:
    """A pronoun or a thing as the speaker is no claimant: the pronoun's speaker, or the
    outlet."""
    claim = next((c for c in art.claims if c.id == e.claim), None)
    if claim is None:
        said = _speaker_nearby(e, art)
        if said is not None and said.source is not None:
            # "X, the governor said on Sunday, and Y ...": the sentence is the speaker's
            fields["claimant"] = FieldSource("inferred", "claimant:speaker_of_the_sentence",
                                             said.source)
            return replace(e, claimant={"kind": said.source_kind,
                                        "entity": said.source_entity,
                                        "name": art.names.get(str(said.source_entity))
                                        or said.source.text, "claim": said.id})
        fields["claimant"] = FieldSource("inferred", "claimant:outlet:no_claim_holds_the_event")
        return e
    words = claim.source.text.strip() if claim.source else ""
    if words.lower() in _SPEAKER_PRONOUNS and claim.source_entity in art.names:
        # the attribution stage resolved the pronoun to a named mention: name it
        name = art.names[claim.source_entity]
        fields["claimant"] = FieldSource("inferred", "claimant:pronoun:resolved_mention",
                                         claim.source)
        return replace(e, claimant={"kind": claim.source_kind, "entity": claim.source_entity,
                                    "name": name, "claim": claim.id})
    titled = _titled_person(words, art) if claim.source_kind == "participant" else None
    if titled is not None and claim.source is not None:
        # "Ukraine's president said" after "Ukraine's president, Volodymyr Zelenskiy, ...":
        # the title names a person the article names
        fields["claimant"] = FieldSource("inferred", "claimant:title_of_a_named_person",
                                         claim.source)
        return replace(e, claimant={"kind": "person", "entity": titled.entity_id,
                                    "name": f"{titled.text} ({words})", "claim": claim.id})
    if claim.source_entity and not _NOT_A_SPEAKER.match(words) \
            and words.lower() not in _SPEAKER_PRONOUNS and (
            claim.source_kind != "participant" or _SPEAKER_NOUN.search(words)):
        how = "stated" if _inside(claim.source, e.sentence) else "inferred"
        fields["claimant"] = FieldSource(how, "claimant:speaker_of_the_claim", claim.source)
        return e
    if words and not _NOT_A_SPEAKER.match(words) and claim.source_kind not in (
            None, "unknown") and words.lower() not in _SPEAKER_PRONOUNS and (
            claim.source_kind != "participant" or _SPEAKER_NOUN.search(words)):
        how = "stated" if _inside(claim.source, e.sentence) else "inferred"
        fields["claimant"] = FieldSource(how, "claimant:speaker_of_the_claim", claim.source)
        return e
    # "It said ...", "an article says ...": the nearest earlier named speaker of the document.
    if words.lower() in _SPEAKER_PRONOUNS:
        earlier = [c for c in art.claims if c.source and c.source.end <= (
            claim.source.start if claim.source else e.trigger.start)
            and not _NOT_A_SPEAKER.match(c.source.text.strip())
            and c.source.text.strip().lower() not in _SPEAKER_PRONOUNS]
        if earlier:
            prev = earlier[-1]
            fields["claimant"] = FieldSource("inferred", "claimant:pronoun:nearest_named_speaker",
                                             prev.source)
            return replace(e, claimant={"kind": prev.source_kind, "entity": prev.source_entity,
                                        "name": prev.source.text if prev.source else None,
                                        "claim": claim.id})
    said = _speaker_nearby(e, art)
    if said is not None and said.source is not None:
        fields["claimant"] = FieldSource("inferred", "claimant:speaker_of_the_sentence",
                                         said.source)
        return replace(e, claimant={"kind": said.source_kind, "entity": said.source_entity,
                                    "name": art.names.get(str(said.source_entity))
                                    or said.source.text, "claim": said.id})
    fields["claimant"] = FieldSource("inferred", "claimant:outlet:speaker_is_no_claimant",
                                     claim.source)
    return replace(e, claimant={"kind": "outlet", "entity": None, "name": None,
                                "claim": claim.id, "not_a_speaker": words or None})


def _titled_person(words: str, art: _Article) -> Mention | None:
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


def _speaker_nearby(e: Event, art: _Article) -> Claim | None:
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
    return bool(words) and not _NOT_A_SPEAKER.match(words) \
        and words.lower() not in _SPEAKER_PRONOUNS and (
            c.source_kind != "participant" or bool(_SPEAKER_NOUN.search(words)))


def _speaker_side(e: Event, art: _Article) -> tuple[str, TextSpan | None]:
    claim = next((c for c in art.claims if c.id == e.claim), None)
    if claim is None or claim.source is None:
        return "unknown", None
    side, _ = side_of_phrase(claim.source.text)
    return side, claim.source


def _fill_perpetrator(e: Event, art: _Article, stated_sides: dict[str, Counter[str]],
                      fields: dict[str, FieldSource]) -> Event:
    p = e.perpetrator
    if e.category in NO_PERPETRATOR:
        fields["perpetrator"] = FieldSource("not_found", "perpetrator:none_for_this_category")
        return e
    if e.category == "territory_transferred" and _LEAVING.match(e.trigger.text) \
            and p.side in _OPPONENT:
        # "Ukrainian forces withdrew from X": control passed to the other side, which ACLED
        # names first (the perpetrator); the side that left is the one that lost it.
        fields["perpetrator"] = FieldSource("inferred", "perpetrator:opponent_of_the_side_"
                                            "that_withdrew", p.text)
        fields["victims_side"] = FieldSource("stated", "victims:side:the_side_that_withdrew",
                                             p.text)
        return replace(e, perpetrator=Party(side=_OPPONENT[p.side], rule=(
            "perpetrator:opponent_of_the_side_that_withdrew")),
            victims=replace(e.victims, side=p.side, text=p.text, entity=p.entity))
    if p.side != "unknown":
        how = "stated" if _inside(p.text, e.sentence) else "inferred"
        fields["perpetrator"] = FieldSource(how, p.rule.split(";")[0], p.text)
        return e
    before = art.text[max(e.sentence.start, e.trigger.start - 40):e.trigger.start]
    adjective = _ATTACKER_BEFORE.search(before)
    if adjective is not None and not p.text:
        # "Russian artillery shelling", "enemy strikes": the noun's own modifier names who
        words_span = TextSpan(e.trigger.start - len(before) + adjective.start(1),
                              e.trigger.start - len(before) + adjective.end(1),
                              adjective.group(1))
        if adjective.group(1).lower() == "enemy":
            speaker, _src = _speaker_side(e, art)
            side = _OPPONENT.get(speaker, "unknown")
            rule = "perpetrator:enemy_of_the_speaker"
        else:
            side, rule = side_of_phrase(adjective.group(1))
            rule = f"perpetrator:modifier_of_the_trigger:{rule}"
        if side != "unknown":
            fields["perpetrator"] = FieldSource("stated", rule, words_span)
            return replace(e, perpetrator=replace(p, side=side, text=words_span, rule=rule))
    words = p.text.text.strip() if p.text else ""
    if words and _PRONOUN.match(words):
        side, source = _speaker_side(e, art)
        if side != "unknown":
            fields["perpetrator"] = FieldSource("inferred", "perpetrator:pronoun_is_the_speaker",
                                                source)
            return replace(e, perpetrator=replace(p, side=side, rule=(
                p.rule + ";perpetrator:pronoun_is_the_speaker")))
    victims = e.victims
    if victims.side not in ("unknown", "") and victims.side in _OPPONENT and (
            victims.status == "combatants" or e.category not in _REMOTE) \
            and victims.status != "prisoners":
        # Prisoners are held by the other side: who harmed them is not implied by whose
        # they are.
        side = _OPPONENT[victims.side]
        fields["perpetrator"] = FieldSource("inferred", "perpetrator:opponent_of_the_victims",
                                            victims.text)
        return replace(e, perpetrator=replace(p, side=side, rule=(
            p.rule + ";perpetrator:opponent_of_the_victims")))
    country = e.location.attributes.get("country") if e.location else None
    if e.category == "arrest" and country in _STATE_OF:
        # police arrest on their own state's ground
        rule = "perpetrator:the_state_where_the_arrest_was_made"
        fields["perpetrator"] = FieldSource("inferred", rule, TextSpan(
            e.location.start, e.location.end, e.location.text) if e.location else None)
        return replace(e, perpetrator=replace(p, side=_STATE_OF[str(country)],
                                              rule=p.rule + ";" + rule))
    held = _held_by(e, art)
    if held is not None and (e.category in _REMOTE or e.category == "unclassified"):
        # "a strike on Russian-occupied Horlivka": the other side fired
        side = _OPPONENT[held[0]]
        rule = "perpetrator:the_other_side_of_the_place's_holder"
        fields["perpetrator"] = FieldSource("inferred", rule, held[1])
        return replace(e, perpetrator=replace(p, side=side, rule=p.rule + ";" + rule))
    kind = "remote" if e.category in _REMOTE else "other"
    side, rule = _article_side(art, stated_sides[kind])
    if side == "unknown":
        side, rule = _article_side(art, stated_sides[""])
    if side != "unknown":
        origin = "title" if "headline" in rule else "text"
        fields["perpetrator"] = FieldSource("inferred", rule, None, origin)
        return replace(e, perpetrator=replace(p, side=side, rule=p.rule + ";" + rule))
    fields["perpetrator"] = FieldSource("not_found", "perpetrator:not_named")
    return e


def _held_by(e: Event, art: _Article) -> tuple[str, TextSpan] | None:
    """Who holds the event's place, when the text says it next to the name ("the
    Russian-occupied territory of Horlivka", "Ukrainian-controlled Sloviansk")."""
    if e.location is None or not e.location.end:
        return None
    before = art.text[max(0, e.location.start - 60):e.location.start]
    m = _HELD_BY.search(before)
    if m is None:
        return None
    side = "Russia" if m.group("who").lower() in ("russian", "russia", "kremlin",
                                                   "moscow") else "Ukraine"
    start = e.location.start - len(before) + m.start()
    return side, TextSpan(start, start + len(m.group(0)), m.group(0))


def _article_side(art: _Article, stated: Counter[str]) -> tuple[str, str]:
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


def _fill_victims(e: Event, art: _Article, fields: dict[str, FieldSource]) -> Event:
    v = e.victims
    status_rule = ""
    if e.category in ("capture", "surrender") and v.status != "prisoners":
        # the category says fighters were taken or gave up: prisoners from then on (hors de
        # combat), whatever the words called them before ("volunteers", "soldiers")
        v = replace(v, status="prisoners", rule=v.rule + ";victims:status:captured_are_prisoners")
        fields["victims_status"] = FieldSource("inferred", "victims:status:captured_are_prisoners",
                                               v.text)
    elif v.status is None:
        status = _STATUS_BY_CATEGORY.get(e.category)
        if e.category in _REMOTE:
            status = _target_status(e, v)
        if status is not None:
            status_rule = f"victims:status:{e.category}_default"
            v = replace(v, status=status, rule=v.rule + ";" + status_rule)
            fields["victims_status"] = FieldSource("inferred", status_rule, v.text)
        else:
            fields["victims_status"] = FieldSource("not_found", "victims:status:not_stated")
    else:
        fields["victims_status"] = FieldSource(
            "stated" if _inside(v.text, e.sentence) else "inferred",
            _rule_part(v.rule, "victims:status") or "victims:status", v.text)
    if "victims_side" in fields:
        pass  # set with the perpetrator (a withdrawal)
    elif v.side in ("unknown", ""):
        # an arrested person's nationality is not the arresting state's opponent
        side = None if e.category == "arrest" else _OPPONENT.get(e.perpetrator.side)
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
            "stated" if _inside(v.text, e.sentence) else "inferred",
            _rule_part(v.rule, "victims:side") or "victims:side", v.text)
    return replace(e, victims=v)


def _target_status(e: Event, v: Party) -> str:
    """Civilians or combatants, for a strike whose victims the text does not name: what was
    hit says it (a depot, positions; homes, a school), else who struck (a Ukrainian strike
    is most often told of Russian positions, a Russian strike of a town)."""
    target = v.text.text if v.text else ""
    if target:
        if _CIVIL_TARGET.search(target):
            return "civilians"
        if _MILITARY_TARGET.search(target):
            return "combatants"
    sentence = e.sentence.text
    if e.perpetrator.text and _inside(e.perpetrator.text, e.sentence):
        # the attacker's own words ("Russian troops shelled ...") say nothing of the target
        a = e.perpetrator.text.start - e.sentence.start
        sentence = sentence[:a] + " " * len(e.perpetrator.text.text) + sentence[
            a + len(e.perpetrator.text.text):]
    if _CIVIL_TARGET.search(sentence):
        return "civilians"
    if _MILITARY_TARGET.search(sentence) or e.perpetrator.side == "Ukraine":
        return "combatants"
    return "civilians"


def _fill_place(e: Event, art: _Article, fields: dict[str, FieldSource]) -> Event:
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
        if not _INSIDE_A_TOWN.search(words):
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
        how = "stated" if _inside(e.location, e.sentence) else "inferred"
        rule = _rule_part(e.rule, "place:") or "place"
        fields["place"] = FieldSource(how, rule, TextSpan(e.location.start, e.location.end,
                                                          e.location.text))
        return e
    para = art.paragraph(e.sentence.start)
    lo = art.paragraphs[max(0, para - _JOIN_PARAGRAPHS)]
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


def _settlement_nearby(e: Event, art: _Article) -> Mention | None:
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
    following = _next_sentence(art, e.sentence)
    if following is None or len(found) < 2:
        return None
    # several: the first the very next sentence names goes on telling of this one
    nxt = [m for m in found.values() if following.start <= m.start < following.end]
    return min(nxt, key=lambda m: m.start, default=None)


def _iso_week(day: str) -> str | None:
    try:
        y, w, _ = dt.date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{y}-W{w:02d}"


def _usable_date(m: Mention) -> bool:
    value = str(m.attributes.get("value") or "")
    return bool(re.match(r"^\d{4}(-|$)", value))


def _act_date(e: Event, art: _Article) -> Mention | None:
    """Of several dates in the trigger's sentence, the act's rather than the report's:
    "on Wednesday provided more detail about Monday's attack" is Monday's. A date glued to the
    trigger ("Monday's attack") wins; a date next to a speech verb ("said on Wednesday") is
    the report's; else the one nearest the trigger."""
    here = [m for m in art.times if e.sentence.start <= m.start < e.sentence.end
            and _usable_date(m)]
    if len(here) < 2:
        return None
    glued = [m for m in here if 0 <= e.trigger.start - m.end <= 4
             and _POSSESSIVE.match(art.text[m.end:e.trigger.start])]
    if glued:
        return glued[0]
    acts = [m for m in here if not _REPORT_DATE_BEFORE.search(
        art.text[max(e.sentence.start, m.start - 24):m.start])
        and not _REPORT_DATE_AFTER.match(art.text[m.end:m.end + 24])]
    if not acts or len(acts) == len(here):
        return None
    return min(acts, key=lambda m: min(abs(m.start - e.trigger.end), abs(e.trigger.start
                                                                          - m.end)))


def _fill_date(e: Event, art: _Article, fields: dict[str, FieldSource]) -> Event:
    act = _act_date(e, art)
    if act is not None and act is not e.date:
        fields["date"] = FieldSource("stated", "date:sentence:the_act_not_the_report",
                                     TextSpan(act.start, act.end, act.text))
        return replace(e, date=act)
    if e.date is not None and _usable_date(e.date):
        how = "stated" if _inside(e.date, e.sentence) else "inferred"
        fields["date"] = FieldSource(how, _rule_part(e.rule, "date:") or "date",
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
    week = _iso_week(art.published.value) if art.published else None
    if week is None:
        fields["date"] = FieldSource("not_found", "date:not_stated")
        return replace(e, date=None)
    # Only the report is dated: the happening is placed in the report's week (precision
    # `week`), marked as taken from the report, never as a day the text does not give.
    mention = Mention(0, 0, "", "time", f"report-week|{week}", week, "date:report_week",
                      attributes={"value": week, "precision": "week", "origin": "report"})
    fields["date"] = FieldSource("inferred", "date:report_week", None, "published")
    return replace(e, date=mention)


# --- merge ------------------------------------------------------------------------------------

_ASSERTED = ("asserted", "reported", "alleged")


def _same_place(a: Mention | None, b: Mention | None) -> bool | None:
    """True: one place (or one inside the other's area); False: two places; None: unknown."""
    if a is None or b is None or a.attributes.get("lat") is None \
            or b.attributes.get("lat") is None:
        return None
    if a.entity_id == b.entity_id:
        return True
    ka, kb = a.attributes.get("feature_kind"), b.attributes.get("feature_kind")
    if ka in ("country", "admin1", "region") or kb in ("country", "admin1", "region"):
        if a.attributes.get("country") != b.attributes.get("country"):
            return False
        if ka == "country" or kb == "country":
            return True
        for outer, inner in ((a, b), (b, a)):  # Donbas holds Sievierodonetsk
            held = REGIONS.get(str(outer.attributes.get("gazetteer_id") or ""))
            if held is not None:
                return (inner.attributes.get("country"), inner.attributes.get("admin1")) in held
        return a.attributes.get("admin1") == b.attributes.get("admin1")
    return False


def _date_value(e: Event) -> str:
    return str(e.date.attributes.get("value") or "") if e.date else ""


def _dates_agree(a: Event, b: Event) -> bool:
    va, vb = _date_value(a), _date_value(b)
    if not va or not vb or va.startswith(vb) or vb.startswith(va):
        return True
    for x, y in ((va, vb), (vb, va)):
        if "-W" in x and len(y) >= 10 and _iso_week(y) == x[:8]:
            return True
    return False


def _stated(e: Event, field_name: str) -> bool:
    src = e.fields.get(field_name)
    return src is not None and src.how == "stated"


def _specific(e: Event) -> bool:
    """Whether the mention's own sentence names a place finer than a country."""
    return _stated(e, "place") and e.location is not None and \
        e.location.attributes.get("feature_kind") != "country"


def _joins(h: Event, m: Event, art: _Article) -> bool:
    if m.aggregate != h.aggregate or m.modality not in _ASSERTED or h.modality not in _ASSERTED:
        return False
    more = _telling_more(h, m)
    # within one article a strike told as "aerial bombs hit the town" and then "two bombs
    # hit" is one act whatever the weapon words: any two strikes from afar may be one
    remote = h.category in _REMOTE and m.category in _REMOTE
    if h.category != m.category and categories_compatible(h.category, m.category) is None \
            and not more and not remote:
        return False
    ps, hs = m.perpetrator.side, h.perpetrator.side
    if _stated(m, "perpetrator") and _stated(h, "perpetrator") and ps != hs:
        return False
    # a place the mention only inherited from the article says nothing about which happening
    place = _same_place(h.location, m.location) if _stated(m, "place") else None
    if _stated(m, "place") and _stated(h, "place") and place is False:
        return False
    if _stated(m, "date") and _stated(h, "date") and not _dates_agree(h, m):
        return False
    if _specific(m) and place is True:
        return True
    if _specific(m) and not _specific(h) and place is not False:
        return True  # the headline-like lead names no place, the later mention does
    # A mention that names no place of its own (or only the country): the latest compatible
    # happening close before, when the mention tells of it again ("the strike", "was hit",
    # the deaths) rather than of a new act with its own actor ("Russia also struck ...").
    near = art.paragraph(m.sentence.start) - art.paragraph(h.mentions[-1].sentence.start)
    return not _specific(m) and near <= _JOIN_PARAGRAPHS and place is not False and (
        more or _tells_again(m, art))


def _tells_again(m: Event, art: _Article) -> bool:
    before = art.text[max(m.sentence.start, m.trigger.start - 24):m.trigger.start]
    if _DEFINITE_BEFORE.search(before):
        return True  # "the attack", "this strike", "the Russian shelling"
    return not _stated(m, "perpetrator")


def _telling_more(h: Event, m: Event) -> bool:
    """A mention that adds to a violent happening rather than naming another: deaths told
    with no act of their own ("Two residents were killed, the governor said"), or an act the
    text does not type ("the attack on the village")."""
    violent = h.category in _REMOTE or h.category in _STATUS_BY_CATEGORY
    casualty = m.rule.startswith(("trigger:casualty:", "trigger:verb:kill",
                                  "trigger:verb:die")) and not _stated(m, "perpetrator") \
        and not _TOTAL.search(m.sentence.text)
    # "fired on people standing in line" in the account of a shelling: the same act
    fire = h.category in _REMOTE and m.category == "attack_on_civilians" \
        and m.rule.startswith(("trigger:verb:fire", "trigger:noun:fire")) \
        and m.perpetrator.side in ("unknown", h.perpetrator.side)
    return violent and (casualty or fire or m.category == "unclassified")


def _merge(events: Sequence[Event], art: _Article) -> list[Event]:
    happenings: list[Event] = []
    for e in events:
        target = None
        if e.modality in _ASSERTED:
            # the latest happenings only: a live blog of hundreds of mentions stays linear
            for i in range(len(happenings) - 1, max(-1, len(happenings) - 1 - _LOOK_BACK), -1):
                if _joins(happenings[i], e, art):
                    target = i
                    break
        if target is None:
            happenings.append(e)
        else:
            happenings[target] = _absorb(happenings[target], e)
    return [_as_the_record_reads(e) for e in happenings]


def _better(h: Event, m: Event, name: str) -> bool:
    """Whether `m`'s value of field `name` should replace `h`'s."""
    hs, ms = h.fields.get(name), m.fields.get(name)
    rank = {"stated": 2, "inferred": 1, "not_found": 0}
    return rank[ms.how if ms else "not_found"] > rank[hs.how if hs else "not_found"]


def _absorb(h: Event, m: Event) -> Event:
    """`h` with mention `m` joined: each field keeps the best-found value of the two."""
    fields = dict(h.fields)
    changes: dict[str, Any] = {}
    if _better(h, m, "perpetrator"):
        changes["perpetrator"] = m.perpetrator
        fields["perpetrator"] = m.fields["perpetrator"]
    victims = changes.get("victims", h.victims)
    if _better(h, m, "victims_status"):
        victims = replace(victims, status=m.victims.status, text=m.victims.text or victims.text)
        fields["victims_status"] = m.fields["victims_status"]
    if _better(h, m, "victims_side"):
        victims = replace(victims, side=m.victims.side)
        fields["victims_side"] = m.fields["victims_side"]
    if victims.count is None and m.victims.count is not None:
        victims = replace(victims, count=m.victims.count, qualifier=m.victims.qualifier,
                          count_text=m.victims.count_text)
    changes["victims"] = victims
    if m.location is not None and (_better(h, m, "place") or (
            _stated(m, "place") and _finer(m.location, h.location))):
        changes["location"] = m.location
        fields["place"] = m.fields["place"]
    if _better(h, m, "date") or (_stated(m, "date") and _stated(h, "date") and len(
            _date_value(m)) > len(_date_value(h))):
        changes["date"] = m.date
        fields["date"] = m.fields["date"]
    if m.fatalities is not None and (h.fatalities is None or m.fatalities > h.fatalities):
        changes["fatalities"] = m.fatalities
        fields["fatalities"] = m.fields["fatalities"]
    if m.injured is not None and (h.injured is None or m.injured > h.injured):
        changes["injured"] = m.injured
        fields["injured"] = m.fields["injured"]
    if h.verification.status == "not_stated" and m.verification.status != "not_stated":
        changes["verification"] = m.verification
    if _better(h, m, "claimant") or (h.fields.get("claimant") is not None and h.fields[
            "claimant"].rule.startswith("claimant:outlet") and m.claim is not None
            and not m.fields["claimant"].rule.startswith("claimant:outlet")):
        changes["claim"] = m.claim
        changes["claimant"] = m.claimant
        fields["claimant"] = m.fields["claimant"]
    if h.modality != "asserted" and m.modality == "asserted":
        changes["modality"] = "asserted"
    for name, source in fields.items():
        if source is m.fields.get(name) and source is not h.fields.get(name):
            fields[name] = replace(source, rule=f"{source.rule};from_mention:{m.id}")
    return replace(h, **changes, fields=fields, mentions=h.mentions + m.mentions,
                   rule=h.rule + f";merged:{m.id}")


def _as_the_record_reads(e: Event) -> Event:
    """A field another mention stated is, for the record (whose trigger is the first
    mention's), inferred from elsewhere in the article."""
    fields = {name: replace(source, how="inferred")
              if source.how == "stated" and ";from_mention:" in source.rule else source
              for name, source in e.fields.items()}
    return replace(e, fields=fields)


def _finer(a: Mention, b: Mention | None) -> bool:
    if b is None:
        return True
    order = {"country": 4, "admin1": 3, "region": 3, "admin2": 2}
    return order.get(str(a.attributes.get("feature_kind") or ""), 0) < order.get(
        str(b.attributes.get("feature_kind") or ""), 0)

