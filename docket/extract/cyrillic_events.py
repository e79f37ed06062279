"""Events in Ukrainian and Russian text: triggers, category, sides, victims, counts, place, date.

There is no dependency parse for these languages (docket/nlp/cyrillic.py), so the English
rules over a trigger's clause (events.py, event_rules.py) become rules over its sentence:

- a *trigger* is a stem of `cyrillic_lexicon.TRIGGERS` ("обстріляли", "обстреляли", "удар",
  "розстріляли", "взяли в полон", "сбили" …); one event per family of acts per sentence;
- a strike the trigger does not type ("удар", "атака", "вибух") takes its category from the
  sentence's weapons (drones, missiles and aviation, artillery: `INSTRUMENTS`);
- *casualty clauses* ("загинули двоє людей", "ранены пятеро") give the sentence's event, or
  the one just before in the paragraph, its deaths and wounded; alone, they are an event typed
  by who was killed (prisoners: execution; civilians: attack on civilians);
- *sides*: the words each side's press uses for the forces (`SIDE_WORDS`); "the enemy" is the
  side the text is written against, read from the text's own wording (`UKRAINIAN_VOICE`,
  `RUSSIAN_VOICE`). A side word right after "по"/"на" or beside the victims is the victims';
- *counts* in digits or words with their case endings (`cyrillic_numbers`), the nearest to
  the casualty word in its clause;
- place and date are the sentence's mentions nearest the trigger; what the sentence does not
  say is read from the article by `happenings.py`, as for English.

Each value's rule is in `Event.rule`; what the rules cannot type becomes no event rather
than a guess, and a negated or hypothetical trigger keeps its modality (and is not scored).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from docket.extract import cyrillic_lexicon as lex
from docket.extract.cyrillic_claims import sentence_spans
from docket.extract.cyrillic_numbers import CyrillicCount, find_numbers
from docket.extract.taxonomy import category as category_of
from docket.model import NOT_STATED, Event, Mention, Modality, Party, TextSpan, stable_id

_REMOTE = {"shelling", "air_strike", "drone_strike"}
_FAMILY = {"shelling": "remote", "air_strike": "remote", "drone_strike": "remote",
           "remote_explosive": "remote", "strike": "remote", "attack": "attack",
           "armed_clash": "attack"}
_OPPONENT = {"Russia": "Ukraine", "Ukraine": "Russia", "DPR": "Ukraine", "LPR": "Ukraine"}
_ENEMY_ACTS = {"shelling", "air_strike", "drone_strike", "attack_on_civilians", "execution",
               "torture", "abduction", "sexual_violence", "looting"}
_PLACE_RANK = {"country": 4, "admin1": 3, "region": 3, "admin2": 2}
_WEAPON_OBJECT = re.compile(
    r"\b(?:техні\w*|техник\w*|танк\w*|бронетехні\w*|бмп|ббм|бтр|установк\w*|пусков\w*|склад\w*|"
    r"himars|хаймарс\w*|рсзв|рсзо|гармат\w*|гаубиц\w*|орудi\w*|орудия|орудий|літак\w*|"
    r"самол[её]т\w*|вертол[іе]т\w*|в[еі]ртол[её]т\w*|дрон\w*|бпла|безпілотник\w*|"
    r"беспилотник\w*|ракет\w*|катер\w*|корабл\w*|радар\w*|рлс|зрк|комплекс\w*|"
    r"пункт\w* управлін\w*|пункт\w* управлени\w*|боєприпас\w*|боеприпас\w*|"
    r"шахед\w*|крилат\w*|крылат\w*)", re.IGNORECASE)


@dataclass
class _Hit:
    """A trigger word: where, what kind (a category or a kind the sentence settles)."""

    start: int
    end: int
    kind: str
    rule: str


@dataclass
class _Draft:
    """An event while its sentence and paragraph are read."""

    category: str
    hit: _Hit
    sentence: TextSpan
    paragraph: int
    rules: list[str]
    perpetrator: Party = field(default_factory=Party)
    victims: Party = field(default_factory=Party)
    deaths: int | None = None
    injured: int | None = None
    modality: Modality = "asserted"
    aggregate: bool = False
    place: Mention | None = None  # set when a sentence lists several places, one event each


@dataclass
class _Text:
    """What the rules read once per document."""

    text: str
    language: str
    places: list[Mention]
    times: list[Mention]
    named: list[Mention]
    enemy: str  # the side the text is written against, or "unknown"
    paragraphs: list[int]
    instrument: str | None = None  # the first kind of weapon the text names
    all_places: list[Mention] = field(default_factory=list)  # resolved or not

    def paragraph(self, offset: int) -> int:
        return sum(1 for p in self.paragraphs if p <= offset) - 1


def find_events_cyrillic(text: str, parsed: Any, mentions: Sequence[Mention],
                         doc_id: str) -> tuple[Event, ...]:
    """Every event a Ukrainian or Russian text reports, in text order."""
    if not text.strip():
        return ()
    language = getattr(parsed, "lang_", "ru") if parsed is not None else "ru"
    doc = _Text(text, "uk" if language == "uk" else "ru",
                [m for m in mentions if m.kind == "place" and m.attributes.get("lat") is not None],
                [m for m in mentions if m.kind == "time"
                 and re.match(r"^\d{4}", str(m.attributes.get("value") or ""))],
                [m for m in mentions if m.kind in ("person", "organization", "military_unit")],
                enemy_side(text, language),
                [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)],
                _instrument(text, 0, len(text)),
                [m for m in mentions if m.kind == "place"])
    drafts: list[_Draft] = []
    for start, end in sentence_spans(text, parsed):
        drafts.extend(_sentence_events(doc, start, end, drafts))
    return tuple(_finish(d, doc, doc_id) for d in drafts)


def enemy_side(text: str, language: str) -> str:
    """The side a text calls "the enemy": the other side of the one whose words it uses."""
    # a Ukrainian-language text is, in this war, nearly always written from Ukraine's side
    ua = len(lex.UKRAINIAN_VOICE.findall(text)) + (2 if language == "uk" else 0)
    ru = len(lex.RUSSIAN_VOICE.findall(text))
    if ua > ru:
        return "Russia"
    if ru > ua:
        return "Ukraine"
    return "Russia" if language == "uk" else "unknown"


# --- triggers ---------------------------------------------------------------------------------

def _hits(text: str, start: int, end: int) -> list[_Hit]:
    """The sentence's trigger words, in order; an act told as going on ("продовжують
    затримання") is background, and "destroyed" with people as its object is a killing."""
    hits: list[_Hit] = []
    for pattern, kind, rule in lex.TRIGGERS:
        for m in pattern.finditer(text, start, end):
            first = lex.WORD.match(text, m.start())
            if first and lex.NOT_A_TRIGGER.match(first.group()):
                continue
            if any(h.start < m.end() and m.start() < h.end for h in hits):
                continue
            if lex.ONGOING_BEFORE.search(text[max(start, m.start() - 30):m.start()]):
                continue
            if kind == "destroy" and lex.PEOPLE_DESTROYED.match(text[m.end():end]):
                kind, rule = "kill", "destroyed_people"
            hits.append(_Hit(m.start(), m.end(), kind, f"trigger:{rule}"))
    return sorted(hits, key=lambda h: h.start)


def _instrument(text: str, start: int, end: int) -> str | None:
    for pattern, category in lex.INSTRUMENTS:
        if pattern.search(text, start, end):
            return category
    return None


def _category(hit: _Hit, doc: _Text, end: int, instrument: str | None, side: str,
              earlier: str | None, status: str | None = None,
              earlier_act: str | None = None) -> str | None:
    """The category of one trigger in its sentence; None when it is a casualty word.

    A strike or an attack the sentence does not type is the kind of strike the article
    already told of ("внаслідок атаки загинув …" after "завдали удару КАБами"), else the
    kind of weapon the article names anywhere."""
    kind = hit.kind
    if kind in _STRIKE_KINDS:
        return _strike_category(kind, doc, instrument, earlier)
    return _act_category(hit, doc, end, instrument, side, status, earlier_act)


_STRIKE_KINDS = frozenset(("shelling", "air_strike", "drone_strike", "strike", "attack", "blast"))


def _strike_category(kind: str, doc: _Text, instrument: str | None,
                     earlier: str | None) -> str:
    """A strike typed by its weapon: named in the sentence, else told earlier, else any the
    article names."""
    if kind in ("shelling", "air_strike", "drone_strike"):
        return instrument if instrument and instrument != "shelling" else kind
    if kind == "strike":
        return instrument or earlier or doc.instrument or "air_strike"
    if kind == "attack":
        return instrument or earlier or doc.instrument or "armed_clash"
    # "blast": an explosion with no weapon named nor strike told: a mine, a bomb
    return instrument or earlier or "remote_explosive"


def _act_category(hit: _Hit, doc: _Text, end: int, instrument: str | None, side: str,
                  status: str | None, earlier_act: str | None) -> str | None:
    """Any other act, typed by who did it to whom; None for a casualty word."""
    kind = hit.kind
    if kind == "liberate":
        freed_from = _freed_from(doc, hit, end)
        if freed_from is not None:
            return "territory_regained" if freed_from == "Russia" else "territory_taken"
        return "territory_taken" if side == "Russia" else "territory_regained"
    if kind == "displace":
        # "вивезли" after an abduction is where the abducted were taken
        return None if status == "prisoners" or earlier_act == "abduction" else "displacement"
    if kind == "fire":
        if status in ("prisoners", "civilians"):
            return "execution" if status == "prisoners" else "attack_on_civilians"
        return instrument or "armed_clash"
    if kind == "destroy":
        clause = doc.text[max(0, hit.start - 60):min(end, hit.end + 80)]
        if _WEAPON_OBJECT.search(clause):
            return "disrupted_weapons"
        return "property_destruction"
    if kind == "massacre":  # "розправа", "убийство": who was killed says what it was
        return "execution" if status in ("prisoners", "combatants") else "attack_on_civilians"
    if kind in ("kill", "wound"):
        return None
    return kind


def _liberator(doc: _Text, hit: _Hit, end: int) -> Party | None:
    """Who took a place "freed from" a side: that side's opponent."""
    freed_from = _freed_from(doc, hit, end) if hit.kind == "liberate" else None
    if freed_from not in _OPPONENT:
        return None
    return Party(side=_OPPONENT[str(freed_from)], rule="perpetrator:opponent_of_the_side_"
                 "the_place_was_freed_from")


def _freed_from(doc: _Text, hit: _Hit, end: int) -> str | None:
    m = lex.FREED_FROM.match(doc.text[hit.end:end])
    if m is None:
        return None
    at = hit.end + m.end()
    for pattern, side, _rule in lex.SIDE_WORDS:
        if pattern.match(doc.text, at):
            return side
    return doc.enemy if lex.ENEMY.match(doc.text, at) else None


# --- sentences --------------------------------------------------------------------------------

def _sentence_events(doc: _Text, start: int, end: int, earlier: list[_Draft]) -> list[_Draft]:
    hits = _hits(doc.text, start, end)
    if not hits:
        return []
    sentence = TextSpan(start, end, doc.text[start:end])
    para = doc.paragraph(start)
    instrument = _instrument(doc.text, start, end)
    casualties = [h for h in hits if h.kind in ("kill", "wound")] or [
        h for h in hits if h.kind in ("execution", "massacre")]
    drafts: dict[str, _Draft] = {}
    told = next((d.category for d in reversed(earlier) if d.category in _REMOTE), None)
    for hit in hits:
        # each trigger's sides are read from where it stands ("ворожа артилерія … бити")
        perpetrator, victims = _sides(doc, start, end, hit.start)
        category = _category(hit, doc, end, instrument, perpetrator.side, told, victims.status,
                             earlier[-1].category if earlier else None)
        if category is None:
            continue
        family = _FAMILY.get(category, category)
        if family in drafts:
            continue
        if category == "property_destruction" and (any(
                _FAMILY.get(d.category) == "remote" for d in drafts.values()) or any(
                d.category in _REMOTE and d.sentence.end >= start - 600 for d in earlier)):
            continue  # the damage a strike did is that strike's, not an act of its own
        drafts[family] = _Draft(category, hit, sentence, para, [hit.rule, f"category:{category}"],
                                perpetrator=_liberator(doc, hit, end) or perpetrator,
                                victims=victims)
    out = [d for d in drafts.values() if not (d.category == "property_destruction"
                                              and len(drafts) > 1)]
    out = [one for d in out for one in _per_place(d, doc)]
    if casualties:
        perpetrator, victims = _sides(doc, start, end, casualties[0].start)
        _casualties(doc, start, end, casualties, out, earlier, para, sentence, perpetrator,
                    victims)
    for d in out:
        d.modality = _modality(doc.text, start, d.hit)
        d.aggregate = bool(lex.AGGREGATE.search(doc.text, start, end))
        _settle_sides(d, doc)
    return out


def _per_place(d: _Draft, doc: _Text) -> list[_Draft]:
    """People evacuated from several places in one sentence ("42 з X, 11 з Y"): one
    displacement per place, as the text counts them apart."""
    if d.category != "displacement":
        return [d]
    here = [m for m in doc.all_places if d.sentence.start <= m.start < d.sentence.end]
    if len(here) < 2:
        return [d]
    return [replace(d, place=m, rules=[*d.rules, "place:one_of_the_listed_places"])
            for m in here]


def _casualties(doc: _Text, start: int, end: int, casualties: list[_Hit], out: list[_Draft],
                earlier: list[_Draft], para: int, sentence: TextSpan, perpetrator: Party,
                victims: Party) -> None:
    """Deaths and wounded of the sentence, given to its event, the paragraph's last one, or an
    event of their own typed by the victims."""
    deaths = _count_near(doc, start, end, [h for h in casualties if h.kind == "kill"]) or \
        _count_near(doc, start, end, [d.hit for d in out if d.hit.kind in (
            "execution", "massacre")])
    wounded = _count_near(doc, start, end, [h for h in casualties if h.kind == "wound"])
    deaths = deaths or _counted_otherwise(doc, [h for h in casualties if h.kind == "kill"], end)
    target = out[0] if out else _paragraph_event(earlier, para, start, victims)
    if target is None:
        target = _casualty_event(doc, start, end, casualties, deaths, sentence, para,
                                 perpetrator, victims)
        if target is None:
            return
        out.append(target)
    _give_tolls(doc, start, end, target, deaths, wounded)


def _paragraph_event(earlier: list[_Draft], para: int, start: int,
                     victims: Party) -> _Draft | None:
    """The paragraph's last event, when it is near and has no toll yet (it takes the victims'
    status the casualty sentence gives)."""
    if not (earlier and earlier[-1].paragraph == para
            and earlier[-1].sentence.end >= start - 400 and earlier[-1].deaths is None):
        return None
    target = earlier[-1]
    if victims.status and not target.victims.status:
        target.victims = replace(target.victims, status=victims.status,
                                 rule=target.victims.rule + ";" + victims.rule)
    return target


def _casualty_event(doc: _Text, start: int, end: int, casualties: list[_Hit],
                    deaths: CyrillicCount | None, sentence: TextSpan, para: int,
                    perpetrator: Party, victims: Party) -> _Draft | None:
    """Deaths with no act told in their sentence: an event typed by who was killed; None for
    "жертви", "загиблих" with no count and no one named."""
    killed = [h for h in casualties if h.kind == "kill"]
    if not killed or lex.NO_ONE.search(doc.text, start, end) or lex.LOSSES.search(
            doc.text, start, end) or (deaths is None and perpetrator.side == "unknown"):
        return None
    category = {"prisoners": "execution", "combatants": "armed_clash"}.get(
        victims.status or "", "attack_on_civilians")
    return _Draft(category, killed[0], sentence, para,
                  [killed[0].rule, f"category:{category}:by_victims"],
                  perpetrator=perpetrator, victims=victims)


def _give_tolls(doc: _Text, start: int, end: int, target: _Draft,
                deaths: CyrillicCount | None, wounded: CyrillicCount | None) -> None:
    if deaths is not None and target.deaths is None:
        target.deaths = deaths.value
        target.rules.append(f"fatalities:{deaths.rule}")
        target.victims = replace(target.victims, count=deaths.value, qualifier=deaths.qualifier,
                                 count_text=TextSpan(deaths.start, deaths.end, deaths.text))
    elif target.deaths is None and lex.NO_ONE.search(doc.text, start, end):
        target.deaths = 0
        target.rules.append("fatalities:none_said")
    if wounded is not None and target.injured is None:
        target.injured = wounded.value
        target.rules.append(f"injured:{wounded.rule}")


def _count_near(doc: _Text, start: int, end: int, words: list[_Hit]) -> CyrillicCount | None:
    """The number nearest a casualty word in its clause (commas and "ще"/"еще" bound it)."""
    best: tuple[int, CyrillicCount] | None = None
    for hit in words:
        lo = _clause_start(doc.text, start, hit.start)
        hi = _clause_end(doc.text, hit.end, end)
        for count in find_numbers(doc.text, doc.language, lo, hi):
            if count.value is None and count.qualifier is None:
                continue
            gap = hit.start - count.end if count.end <= hit.start else count.start - hit.end
            if gap <= 60 and (best is None or gap < best[0]):
                best = (gap, count)
    return best[1] if best else None


def _counted_otherwise(doc: _Text, words: list[_Hit], end: int) -> CyrillicCount | None:
    """A death in the singular with no number ("загинув 78-річний чоловік": one), or people
    listed by age after the casualty word ("загинули 9-річний хлопчик та 14-річна дівчинка":
    two)."""
    for hit in words:
        word = lex.WORD.match(doc.text, hit.start)
        if word and lex.ONE_DEAD.match(word.group()):
            return CyrillicCount(hit.start, hit.end, doc.text[hit.start:hit.end], 1, None,
                                 "count:singular_verb")
        hi = _clause_end(doc.text, hit.end, end, listing=True)
        other = [h.start for h in _hits(doc.text, hit.end, hi)]
        aged = list(lex.AGED_PERSON.finditer(doc.text, hit.end, min([hi, *other])))
        if aged:
            return CyrillicCount(aged[0].start(), aged[-1].end(), doc.text[
                aged[0].start():aged[-1].end()], len(aged), None, "count:people_listed_by_age")
    return None


def _clause_start(text: str, lo: int, at: int) -> int:
    cuts = [m.end() for m in re.finditer(r"[,;:(]|\s(?:ще|еще|ещё|і|и|й|а|та)\s", text[lo:at])]
    return lo + cuts[-1] if cuts else lo


def _clause_end(text: str, at: int, hi: int, listing: bool = False) -> int:
    """Where the clause after `at` ends; a listing ("X та Y") runs on past "та"/"і"/"и"."""
    pattern = _LIST_END if listing else _CLAUSE_END
    m = pattern.search(text, at, hi)
    return m.start() if m else hi


_CLAUSE_END = re.compile(r"[,;:)]|\s(?:ще|еще|ещё|і|и|й|а|та)\s")
_LIST_END = re.compile(r"[;:).]|,\s*(?:а|ще|еще|ещё)\s|\s(?:ще|еще|ещё|а)\s")


def _modality(text: str, sent_start: int, hit: _Hit) -> Modality:
    word = lex.WORD.match(text, hit.start)
    if word and lex.INFINITIVE.search(word.group()) and len(word.group()) >= 5 and not \
            lex.DONE_BEFORE_INFINITIVE.search(text[max(sent_start, hit.start - 40):hit.start]):
        return "hypothetical"
    before = text[max(sent_start, hit.start - 40):hit.start]
    if lex.NEGATION_BEFORE.search(before) and not lex.NOT_NEGATION.search(
            text[max(sent_start, hit.start - 12):hit.end]):
        return "negated"
    clause = text[_clause_start(text, sent_start, hit.start):hit.start]
    if lex.HYPOTHETICAL.search(clause) or lex.HYPOTHETICAL.search(before[-25:]):
        return "hypothetical"
    return "asserted"


# --- sides and victims ------------------------------------------------------------------------

@dataclass(frozen=True)
class _SideWord:
    start: int
    end: int
    side: str
    rule: str


def _side_words(doc: _Text, start: int, end: int) -> list[_SideWord]:
    out: list[_SideWord] = []
    for pattern, side, rule in lex.SIDE_WORDS:
        for m in pattern.finditer(doc.text, start, end):
            if not any(w.start < m.end() and m.start() < w.end for w in out):
                out.append(_SideWord(m.start(), m.end(), side, rule))
    if doc.enemy != "unknown":
        for m in lex.ENEMY.finditer(doc.text, start, end):
            if not any(w.start < m.end() and m.start() < w.end for w in out):
                out.append(_SideWord(m.start(), m.end(), doc.enemy, "side:the_enemy_of_the_text"))
    return sorted(out, key=lambda w: w.start)


def _victim_words(doc: _Text, start: int, end: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for pattern, status in lex.VICTIM_WORDS:
        for m in pattern.finditer(doc.text, start, end):
            if not any(s < m.end() and m.start() < e for s, e, _ in out):
                out.append((m.start(), m.end(), status))
    return sorted(out)


def _sides(doc: _Text, start: int, end: int, trigger: int) -> tuple[Party, Party]:
    """The sentence's perpetrator and victims: side words beside the victims' words or after
    "по"/"на" are the victims'; the nearest other side word to the trigger is the actor's."""
    words = [w for w in _side_words(doc, start, end) if not _names_the_speaker(doc, start, w)]
    victims_at = _victim_words(doc, start, end)
    status = _victim_status(doc, victims_at, trigger)
    victim_side: _SideWord | None = None
    actors: list[_SideWord] = []
    for w in words:
        if _is_victims(doc, w, victims_at, start, trigger):
            victim_side = victim_side or w
        elif w.side not in ("DPR", "LPR") or lex.REPUBLIC_FORCE.search(
                doc.text[max(start, w.start - 40):w.start]):
            actors.append(w)  # "в ДНР" is where, "войска ДНР" who
    actor = min(actors, key=lambda w: (w.start > trigger, abs(w.start - trigger)), default=None)
    perpetrator = Party(side=actor.side, text=TextSpan(actor.start, actor.end,
                                                       doc.text[actor.start:actor.end]),
                        entity=_entity(doc, actor), rule=f"perpetrator:{actor.rule}") \
        if actor else Party(rule="perpetrator:not_in_sentence")
    victims = Party(side=victim_side.side if victim_side else "unknown", status=status,
                    text=TextSpan(victim_side.start, victim_side.end,
                                  doc.text[victim_side.start:victim_side.end])
                    if victim_side else None,
                    rule=f"victims:status:{status or 'not_said'}"
                    + (f";victims:{victim_side.rule}" if victim_side else ""))
    return perpetrator, victims


def _names_the_speaker(doc: _Text, start: int, w: _SideWord) -> bool:
    """A side word in the speaker's words ("по данным Минобороны России", "сообщил
    представитель ВСУ") says who tells it, not who acted."""
    for pattern in (lex.ACCORDING_TO, lex.SAID_IN, lex.SPEECH_VERBS):
        for m in pattern.finditer(doc.text, start, w.start):
            if not re.search(r"[,;:.«»\"“”—–]", doc.text[m.end():w.start]):
                return True
    return False


def _is_victims(doc: _Text, w: _SideWord, victims_at: list[tuple[int, int, str]],
                start: int, trigger: int) -> bool:
    """Whether a side word names the victims: after "по"/"на" ("по позиціях ЗСУ"), beside
    civilians or prisoners (who do not act), or beside fighters after the trigger ("знищили
    бійців ЗСУ") unless in the instrumental case ("убиты украинскими военными")."""
    if lex.TARGET_BEFORE.search(doc.text[max(start, w.start - 24):w.start]):
        return True
    word = doc.text[w.start:w.end]
    beside = [(vs, ve, st) for vs, ve, st in victims_at if _beside(doc, w, vs, ve)]
    if any(st in ("civilians", "prisoners") for _, _, st in beside):
        return True
    if lex.INSTRUMENTAL.search(word):
        return False  # "убиты украинскими военными"
    between = doc.text[trigger:w.start].split()
    if len(between) == 1 and _is_noun(doc, between[0]):
        return False  # an act named by a noun, its doer after it: "розправа окупантів"
    if beside:
        # fighters in the nominative act ("російські військові знищили"); in another case, or
        # a thing ("позиції ЗСУ"), they are the target wherever they stand
        return any(lex.MILITARY_THING.match(doc.text[vs:ve]) or not _nominative(
            doc, doc.text[vs:ve]) for vs, ve, _ in beside)
    if w.start < trigger:
        return False
    # after the verb, a force named by a noun in an oblique case is the object; an adjective
    # names the cause ("внаслідок російської атаки"), so its side acts
    return not word.isupper() and _is_noun(doc, word) and not _nominative(doc, word)


def _beside(doc: _Text, w: _SideWord, vs: int, ve: int) -> bool:
    """Whether victims' words at vs..ve and the side word form one phrase: the side word
    just before ("українських військовополонених", one word between at most), holding them
    ("українські захисники"), or just after as a genitive ("полонених ЗСУ")."""
    if w.start <= vs and ve <= w.end and doc.text[vs:ve].isupper():
        return False  # "ЗСУ" is both a side and fighters: no phrase with itself
    if vs < w.end and w.start < ve:
        return True
    middle = doc.text[w.end:vs].strip()
    if 0 <= vs - w.end <= 2 or (0 <= vs - w.end <= 16 and " " not in middle and any(
            t.startswith(("ADJF", "PRTF")) for t in _tags(doc, middle)[:1])):
        return True  # "українських військовополонених", "российскими пленными военными"
    word = doc.text[w.start:w.end]
    return 0 <= w.start - ve <= 2 and (word.isupper() or not _nominative(doc, word))


def _tags(doc: _Text, words: str) -> list[str]:
    from docket.extract.cyrillic_numbers import morph

    first = lex.WORD.match(words)
    if first is None:
        return []
    return [str(p.tag) for p in morph(doc.language).parse(first.group().lower())[:3]]


def _nominative(doc: _Text, words: str) -> bool:
    """Whether pymorphy3 may read the first word as a nominative and not as a genitive."""
    tags = _tags(doc, words)
    return any("nomn" in t for t in tags) and not any("gent" in t for t in tags)


def _is_noun(doc: _Text, words: str) -> bool:
    tags = _tags(doc, words)
    return bool(tags) and tags[0].startswith("NOUN")


def _victim_status(doc: _Text, victims_at: list[tuple[int, int, str]],
                   trigger: int) -> str | None:
    """Prisoners wherever named; civilian people over fighters ("викрали подружжя …
    військовослужбовці"); else the victims' word nearest the trigger."""
    if not victims_at:
        return None
    statuses = {st for _, _, st in victims_at}
    if "prisoners" in statuses:
        return "prisoners"
    if "combatants" in statuses and any(st == "civilians" and not lex.CIVIL_OBJECT.match(
            doc.text[vs:ve]) for vs, ve, st in victims_at):
        return "civilians"
    return min(victims_at, key=lambda v: abs(v[0] - trigger))[2]


def _entity(doc: _Text, w: _SideWord) -> str | None:
    m = next((n for n in doc.named if n.start < w.end and w.start < n.end), None)
    return m.entity_id if m else None


def _settle_sides(d: _Draft, doc: _Text) -> None:
    """Fill one side from the other where the text leaves no doubt: fighters and prisoners
    are the other side's; civilians are of the side the text speaks for."""
    p, v = d.perpetrator, d.victims
    if d.category in ("displacement", "agreement"):
        d.perpetrator = Party(rule="perpetrator:none_for_this_category")
        p = d.perpetrator
    if v.side == "unknown" and v.status in ("combatants", "prisoners") \
            and p.side in _OPPONENT:
        d.victims = replace(v, side=_OPPONENT[p.side],
                            rule=v.rule + ";victims:side:the_perpetrator's_opponent")
    elif v.side == "unknown" and v.status == "civilians" and p.side in ("Russia", "Ukraine"):
        side = _OPPONENT[p.side]
        if side == "Russia":
            side = "DPR" if re.search(r"\bднр\b", doc.text, re.I) else (
                "LPR" if re.search(r"\bлнр\b", doc.text, re.I) else "Russia")
        d.victims = replace(v, side=side, rule=v.rule + ";victims:side:civilians_attacked")
    if p.side == "unknown" and d.victims.side in _OPPONENT and d.victims.status in (
            "combatants", "prisoners") and d.category not in ("displacement", "agreement"):
        d.perpetrator = replace(p, side=_OPPONENT[d.victims.side],
                                rule=p.rule + ";perpetrator:the_victims'_opponent")
    elif p.side == "unknown" and doc.enemy in _OPPONENT and d.category in (
            "desertion", "refusal_to_fight"):
        # who leaves the unit is of the side the text speaks for, unless named
        d.perpetrator = replace(p, side=_OPPONENT[doc.enemy],
                                rule=p.rule + ";perpetrator:the_text's_own_side")
    elif p.side == "unknown" and doc.enemy != "unknown" and d.category in _ENEMY_ACTS \
            and d.victims.side != doc.enemy:
        # a strike on "us" in a text written against one side is that side's
        d.perpetrator = replace(p, side=doc.enemy,
                                rule=p.rule + ";perpetrator:the_enemy_of_the_text")


# --- records ----------------------------------------------------------------------------------

def _nearest(mentions: list[Mention], d: _Draft, rank: bool) -> Mention | None:
    here = [m for m in mentions if d.sentence.start <= m.start < d.sentence.end]
    if not here:
        return None
    return min(here, key=lambda m: (
        _PLACE_RANK.get(str(m.attributes.get("feature_kind")), 1) if rank else 0,
        abs(m.start - d.hit.start)))


def _finish(d: _Draft, doc: _Text, doc_id: str) -> Event:
    cat = category_of(d.category)
    place = d.place or _nearest(doc.places, d, rank=True)
    date = _nearest(doc.times, d, rank=False)
    victims = d.victims
    if victims.status == "civilians" and victims.side == "unknown" and doc.enemy == "Russia":
        victims = replace(victims, side="Ukraine",
                          rule=victims.rule + ";victims:side:civilians_of_a_text_written_"
                          "against_Russia")
    rules = [*d.rules, "place:sentence" if place else "place:not_stated",
             "date:sentence" if date else "date:not_stated"]
    if d.deaths is None:
        rules.append("fatalities:not_stated")
    if d.aggregate:
        rules.append("aggregate:statistical_words")
    return Event(
        id=stable_id("evt", doc_id, str(d.hit.start), d.category
                     + (f"@{d.place.start}" if d.place is not None else "")),
        category=d.category, event_type=cat.event_type, sub_event_type=cat.sub_event_type,
        ihl=cat.ihl, trigger=TextSpan(d.hit.start, d.hit.end, doc.text[d.hit.start:d.hit.end]),
        sentence=d.sentence, perpetrator=d.perpetrator, victims=victims,
        fatalities=d.deaths, location=place, date=date, aggregate=d.aggregate,
        modality=d.modality, claim=None, verification=NOT_STATED, rule=";".join(rules),
        why=f"{d.hit.rule} '{doc.text[d.hit.start:d.hit.end]}' -> {d.category}",
        injured=d.injured)
