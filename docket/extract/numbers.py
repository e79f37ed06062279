"""Counts of people written in digits or words: 'at least 15 civilians', 'two dozen soldiers'.

Events need the number of victims as the text states it, with its hedge ('at least', 'about')
and who was counted (civilians, combatants, prisoners). A number in a news report is far more
often a date, a year, an age, a unit number, a calibre or money than a count of people, so
every number is first tested against those readings (`NotCount` keeps the reason) and only
what survives becomes a `Count`.

What a count is made of, left to right:

    [qualifier] number [or more] [of the] [up to 3 modifiers] [counted noun]

- qualifier: at least, more than / over, fewer than / less than / under, up to / at most /
  as many as, about / around / approximately / roughly / some / an estimated, nearly / almost,
  exactly; normalised to the forms `Party.qualifier` uses (`QUALIFIERS`);
- number: digits ('15', '15,000', '15 000', '1.5 million') or words ('fifteen',
  'twenty-five', 'a dozen', 'one hundred and twenty'); a range ('10-15', 'two or three',
  'between 10 and 15') keeps its lower bound in `value` and its upper in `upper`;
- counted noun: a lexicon of people (`STATUS_OF_NOUN`) gives `status`; another plural noun
  ('15 drones') is kept as `counted` with no status; a demonym among the modifiers gives
  `side` ('15 Ukrainian soldiers': Ukraine).

Vague amounts ('dozens of', 'hundreds', 'scores of', 'several', 'a number of', 'many') have
`value` None and the amount word as `qualifier`. 'a man', 'an elderly woman', 'one civilian'
are offered with rule `singular_noun` and value 1: whether such a phrase counts victims depends
on the verb, which is the events module's decision.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from fractions import Fraction

from docket.extract.sides import side_of_phrase


def _word_set(words: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words, for lists too long for literals."""
    return frozenset(words.split())


# --- vocabulary ----------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = {**_UNITS, **_TENS, **_SCALES, "dozen": 12}

# How a qualifier is written -> the form events store in `Party.qualifier`.
QUALIFIERS: dict[str, str] = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "not less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "well over": "more than",
    "just over": "more than", "in excess of": "more than", "upwards of": "more than",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than",
    "just under": "fewer than",
    "up to": "up to", "at most": "up to", "as many as": "up to", "a maximum of": "up to",
    "about": "about", "around": "about", "approximately": "about", "approx.": "about",
    "roughly": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "close to": "nearly", "nearly": "nearly", "almost": "nearly",
    "exactly": "exactly", "precisely": "exactly",
}
# Written after the number: '15 or more', '20 or so'.
_POST_QUALIFIERS = {"or more": "at least", "or so": "about", "plus": "at least"}

# Counted nouns (plural forms; singulars derived below) -> status of the people counted.
STATUS_OF_NOUN: dict[str, str | None] = {
    **dict.fromkeys([
        "civilians", "residents", "children", "women", "men", "villagers", "inhabitants",
        "journalists", "volunteers", "medics", "doctors", "nurses", "paramedics", "rescuers",
        "firefighters", "pensioners", "elderly people", "teenagers", "boys", "girls", "babies",
        "infants", "students", "pupils", "farmers", "workers", "passengers", "drivers",
        "family members", "relatives", "locals", "refugees", "evacuees", "priests",
        "aid workers", "humanitarian workers", "reporters", "minors", "toddlers",
    ], "civilians"),
    **dict.fromkeys(["people", "persons", "individuals", "victims", "casualties", "bodies",
                     "dead", "wounded", "others"], "people"),
    # A demonym as a noun says whose, not which status: 'two Ukrainians' may be soldiers.
    **dict.fromkeys(["ukrainians", "russians", "belarusians", "chechens"], "people"),
    **dict.fromkeys([
        "soldiers", "servicemen", "servicemembers", "service members", "military personnel",
        "troops", "fighters", "militants", "combatants", "marines", "paratroopers",
        "mercenaries", "conscripts", "officers", "sailors", "pilots", "militiamen",
        "insurgents", "separatists", "rebels", "saboteurs", "gunmen", "armed men", "commanders",
        "guardsmen", "border guards", "snipers", "sappers", "occupiers", "invaders",
        "defenders", "mobilised men", "mobilized men", "reservists", "recruits", "personnel",
    ], "combatants"),
    **dict.fromkeys(["prisoners of war", "prisoners", "pows", "captives", "detainees",
                     "hostages", "inmates"], "prisoners"),
    # Police are counted but take no status: IHL treats them as civilians unless they fight.
    **dict.fromkeys(["police officers", "policemen", "police"], None),
}
_IRREGULAR_SINGULAR = {"others": "", "children": "child", "women": "woman", "men": "man",
                       "people": "person",
                       "babies": "baby", "police": "policeman", "personnel": "serviceman",
                       "dead": "", "wounded": "", "elderly people": "elderly person",
                       "armed men": "armed man", "mobilised men": "mobilised man",
                       "mobilized men": "mobilized man", "casualties": "casualty",
                       "bodies": "body", "militiamen": "militiaman", "servicemen": "serviceman",
                       "policemen": "policeman", "guardsmen": "guardsman",
                       "gunmen": "gunman", "prisoners of war": "prisoner of war",
                       "pows": "pow", "family members": "family member",
                       "aid workers": "aid worker", "humanitarian workers":
                       "humanitarian worker", "service members": "service member",
                       "border guards": "border guard", "police officers": "police officer"}


def _singular(plural: str) -> str:
    if plural in _IRREGULAR_SINGULAR:
        return _IRREGULAR_SINGULAR[plural]
    return plural[:-1] if plural.endswith("s") else plural


_SINGULAR_STATUS = {_singular(n): s for n, s in STATUS_OF_NOUN.items() if _singular(n)}
_SINGULAR_STATUS.update({"boy": "civilians", "girl": "civilians", "teenager": "civilians",
                         "pensioner": "civilians", "volunteer": "civilians"})
_NOUN_STATUS = {**STATUS_OF_NOUN, **_SINGULAR_STATUS}


def _alternation(words: list[str]) -> str:
    # Longest first, so 'prisoners of war' wins over 'prisoners'.
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len,
                                                                         reverse=True))


_NOUN_RE = re.compile(r"(?i:" + _alternation(list(_NOUN_STATUS)) + r")(?![\w-])")
_PLURAL_RE = re.compile(r"(?i:" + _alternation(list(STATUS_OF_NOUN)) + r")(?![\w-])")
_SINGULAR_RE = re.compile(r"(?i:" + _alternation(list(_SINGULAR_STATUS)) + r")(?![\w-])")

# Words that end the search for a counted noun: a count never reaches over them.
_FUNCTION_WORDS = _word_set("""
a an the and or but nor of in on at to from by with without for into onto over under about
after before during since until till as than that which who whom whose this these those it its
they them their there here he she his her we our you your i me my was were is are be been being
has have had will would could should may might must can did do does not no also only more most
said says say told according reported killed wounded injured died dead while when where if
whether were per each every all some any other another such including among between across
against near toward towards through via within around amid up down out off so then still yet
""")

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DIGITS = (r"(?<![\w.,/:#№])(?<![A-Za-z]-)(?P<digits>\d{1,3}(?:,\d{3})+(?![\d,]\d)"
           r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:\.\d+)?)"
           r"(?P<scale>\s+(?i:million|thousand|billion|hundred)(?![\w-])|(?i:m|bn|k)(?![\w-]))?"
           r"(?P<suffix>[A-Za-z]+)?(?![\w])")
_WORD_ALT = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_WORDS = (r"(?<![\w-])(?P<words>(?:(?i:an?)\s+(?=(?i:dozen|hundred|thousand|million)\b))?"
          r"(?i:" + _WORD_ALT + r")(?:(?:-|\s+|(?:(?<=hundred)|(?<=thousand)|(?<=million))"
          r"\s+and\s+)(?i:" + _WORD_ALT + r"))*)(?![\w-])")
_NUMBER_RE = re.compile(f"{_DIGITS}|{_WORDS}")

_QUALIFIER_RE = re.compile(
    r"(?i:(?<![\w-])(?P<q>" + _alternation(list(QUALIFIERS)) + r"))\s+\Z")
_VAGUE = {
    "tens of thousands": "tens of thousands", "hundreds of thousands": "hundreds of thousands",
    "dozens": "dozens", "hundreds": "hundreds", "thousands": "thousands", "scores": "scores",
    "millions": "millions", "tens": "tens",
    # These need a counted person after them: 'many years', 'several reports' are not counts.
    "several": "several", "a number of": "a number of", "a few": "a few", "many": "many",
    "numerous": "numerous", "multiple": "multiple", "a handful of": "a handful of",
}
_WEAK_VAGUE = frozenset(["several", "a number of", "a few", "many", "numerous", "multiple",
                         "a handful of", "tens"])
_VAGUE_RE = re.compile(r"(?<![\w-])(?i:(?P<v>" + _alternation(list(_VAGUE)) + r"))(?![\w-])")
_DECADE_RE = re.compile(r"(?<![\w.,])(?:10|100|1000)s(?![\w])")
_DECADE_AMOUNTS = {"10s": "tens", "100s": "hundreds", "1000s": "thousands"}

# Readings that make a number something other than a count, tried in this order.
_AFTER_PERCENT = re.compile(r"\s*(?:%|(?i:per\s*cent|percent)(?![\w]))")
_BEFORE_MONEY = re.compile(r"(?:[$€£₴₽¥]|(?i:US\$|UAH|USD|EUR|RUB|GBP))\s*\Z")
_AFTER_MONEY = re.compile(
    r"\s*(?i:(?:million\s+|billion\s+|thousand\s+)?(?:dollars|euros?|pounds(?:\s+sterling)?"
    r"|hryvnias?|hryvnyas?|roubles?|rubles?|UAH|USD|EUR|RUB|GBP|cents)(?![\w]))")
_AFTER_MEASURE = re.compile(
    r"[\s-]*(?i:mm|cm|km|m|kg|kt|t|ha|km/h|mph|kph|kilomet(?:re|er)s?|met(?:re|er)s?|miles?"
    r"|millimet(?:re|er)s?|centimet(?:re|er)s?|kilo(?:gram)?s?|grams?|tonnes?|tons?|feet|ft"
    r"|foot|yards?|inch(?:es)?|hectares?|acres?|square|sq|calib(?:re|er)|knots?|degrees?|°"
    r"|litres?|liters?|megawatts?|mw|gigawatts?|kilowatts?)(?![\w])")
_AFTER_AGE = re.compile(r"(?i:-|\s+)(?i:years?|months?|weeks?|days?)[\s-]+old(?![\w])"
                        r"|\s+(?i:years?\s+of\s+age)")
_BEFORE_AGE = re.compile(r"(?<![\w])(?i:aged|age|ages)\s+\Z")
_APPOSITIVE_AGE_BEFORE = re.compile(r"[A-Z][\w'’-]+,\s*\Z")
_APPOSITIVE_AGE_AFTER = re.compile(r"\s*[,)]")
_AFTER_TIME = re.compile(r"[:.]\d\d(?!\d)|\s*(?i:a\.?m\.?|p\.?m\.?|o['’]clock|hrs|gmt|utc"
                         r"|local\s+time|hours?\s+(?:gmt|utc|local|kyiv))(?![\w])")
_AFTER_DURATION = re.compile(
    r"[\s-]*(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?"
    r"|centuries|century|times|fold|rounds?\s+of\s+talks)(?![\w])")
_AFTER_DATE = re.compile(r"\s+(?:of\s+)?(?i:" + _MONTHS + r")\.?(?![\w])")
_BEFORE_DATE = re.compile(r"(?<![\w])(?i:" + _MONTHS + r")\.?\s+\Z")
_AFTER_UNIT = re.compile(
    r"(?:\s+(?i:separate|guards?|mechani[sz]ed|motori[sz]ed|motor|rifle|tank|assault|airborne"
    r"|air|territorial|defen[cs]e|marine|infantry|artillery|special|operational|presidential"
    r"|jaeger|mountain|army|combined|arms|naval|coastal)){0,3}"
    r"\s+(?i:brigades?|battalions?|regiments?|divisions?|corps|armies|army|company|companies"
    r"|platoons?|squadrons?|fleets?|flotillas?|btgs?|detachments?|operational\s+command)"
    r"(?![\w])")
_BEFORE_CODE = re.compile(
    r"(?<![\w])(?i:brigade|battalion|regiment|division|unit|no\.?|nos\.?|number|#|№|article"
    r"|articles|resolution|section|paragraph|chapter|route|highway|road|flight|building|house"
    r"|apartment|block|bus|tram|line|platform|gate|page|part|point|item|level|category|class"
    r"|grade|phase|stage|zone|sector|hospital|school|lyceum|gymnasium|kindergarten|post"
    r"|checkpoint|camp|colony|cell|ward|room|floor|storey|entrance|street|avenue|prospekt"
    r"|block|reactor|power\s+unit|channel|code|volume|vol\.|issue|season|episode|version)"
    r"\s+\Z")
_BEFORE_YEAR = re.compile(
    r"(?<![\w])(?i:in|since|of|by|until|till|from|to|during|before|after|year|years|spring"
    r"|summer|autumn|fall|winter|early|late|mid|through|between|and|the|fiscal|budget)\s*-?\s*\Z")
_ONE_OF = re.compile(r"\s+(?i:of|another|other|day|side|way|hand|time|thing|more|by\s+one"
                     r"|or\s+two|or\s+another)(?![\w])")

_BEFORE_ONE = re.compile(r"(?<![\w])(?i:no|every|any|some|the|that|this|each|which|anyone|"
                         r"someone|no\s+other)\s+\Z")
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|\bto\b|\bor\b)\s*")
_BETWEEN = re.compile(r"(?<![\w])(?i:between)\s+\Z")
_AND_GAP = re.compile(r"\s+and\s+")
_POST_QUALIFIER_RE = re.compile(r"\s*(?:\+|(?i:or\s+more|or\s+so|-?plus))(?![\w])")
_PARTITIVE = re.compile(r"\s+(?i:of)\s+(?:(?i:the|those|these|its|their|our|his|her|whom"
                        r"|which|them|us)(?![\w]))")
_WORD = re.compile(r"\s*(?P<w>[A-Za-z][\w'’]*(?:-[\w'’]+)*)")


@dataclass(frozen=True)
class Count:
    """A number of people (or things) as the text states it, with its hedge and who is counted."""

    start: int  # offsets into the text given
    end: int
    text: str  # the whole counted phrase, e.g. "at least 15 civilians"
    value: int | None  # 15; None for vague amounts ("dozens", "several", "scores of")
    qualifier: str | None  # normalised: see QUALIFIERS, or the vague amount word ("dozens")
    counted: str | None  # the counted noun as written ("civilians", "servicemen"), None if none
    status: str | None  # civilians | combatants | prisoners | people | None (from `counted`)
    side: str | None  # from a demonym in the counted phrase ("Ukrainian soldiers": Ukraine)
    number_text: str  # just the number words ("15", "fifteen", "15,000", "a dozen")
    rule: str
    upper: int | None = None  # the upper bound of a range ("10-15": 15)
    qualifier_text: str | None = None  # the qualifier as written ("over", "some")


@dataclass(frozen=True)
class NotCount:
    """A number that was read as something else (a year, a date, an age ...), and why."""

    start: int
    end: int
    text: str
    reason: str


# --- number words ----------------------------------------------------------------------------


def parse_number(words: str) -> int | None:
    """The integer a written number stands for; None when it is not a whole number.

    '3', '15,000', '15 000', '1.5 million', 'three', 'twenty-five', 'twenty five', 'a dozen',
    'two dozen', 'one hundred and twenty', 'a hundred', 'two thousand', '15k'.
    """
    text = " ".join(words.strip().lower().replace("\u00a0", " ").replace("\u202f", " ").split())
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+(?:\.\d+)?)"
                     r"(?:\s*(million|thousand|billion|hundred|m|bn|k))?", text)
    if m:
        digits = m.group(1).replace(",", "").replace(" ", "")
        if len(digits) > 15:
            return None  # an id or a run of digits, not an amount anyone counts
        scale = {"m": "million", "bn": "billion", "k": "thousand"}.get(m.group(2) or "",
                                                                       m.group(2) or "")
        amount = Fraction(digits) * _SCALES.get(scale, 1)
        return int(amount) if amount.denominator == 1 else None
    return _parse_number_words(text)


def _parse_number_words(text: str) -> int | None:
    tokens = [t for t in re.split(r"[\s-]+", text) if t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        if len(tokens) < 2 or tokens[1] not in ("dozen", "hundred", "thousand", "million"):
            return None
        tokens[0] = "one"
    total, current, last = 0, 0, ""
    for token in tokens:
        if token in _UNITS:
            if last in _UNITS or (last in _TENS and _UNITS[token] >= 10) or last == "dozen":
                return None  # 'two three', 'twenty eleven': not one number
            current += _UNITS[token]
        elif token in _TENS:
            if last in _UNITS or last in _TENS:
                return None
            current += _TENS[token]
        elif token == "dozen":
            current = max(current, 1) * 12
        elif token == "hundred":
            if current % 100 == 0 and current:
                return None
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            return None
        last = token
    return total + current


# --- finding counts --------------------------------------------------------------------------


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[Count]:
    """Counts in `text[start:end]` (offsets into `text`), in order; see the module docstring."""
    return [c for c in _scan(text, start, len(text) if end is None else end)
            if isinstance(c, Count)]


def find_non_counts(text: str, start: int = 0, end: int | None = None) -> list[NotCount]:
    """Numbers in `text[start:end]` that are not counts, each with the reading that won."""
    return [c for c in _scan(text, start, len(text) if end is None else end)
            if isinstance(c, NotCount)]


def _scan(text: str, start: int, end: int) -> list[Count | NotCount]:
    out: list[Count | NotCount] = []
    taken_until = start
    numbers = [m for m in _NUMBER_RE.finditer(text, start, end)]
    for i, m in enumerate(numbers):
        if m.start() < taken_until:
            continue
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        found = _read_number(text, m, nxt, start, end)
        if found is not None:
            out.append(found)
            if isinstance(found, Count):
                taken_until = found.end
    out.extend(_vague_counts(text, start, end, out))
    out.extend(_singular_counts(text, start, end, out))
    return sorted(out, key=lambda c: (c.start, c.end))


def _read_number(text: str, m: re.Match[str], nxt: re.Match[str] | None, lo: int,
                 hi: int) -> Count | NotCount | None:
    s, e = m.start(), m.end()
    written = m.group(0)
    if m.group("digits") is not None:
        suffix = m.group("suffix")
        if suffix:
            return _suffixed(text, m, suffix)
        value = parse_number(m.group("digits") + (m.group("scale") or ""))
    else:
        value = parse_number(m.group("words"))
    if value is None:
        return NotCount(s, e, written, "not a whole number")
    reason = _other_reading(text, s, e, value, is_digits=m.group("digits") is not None)
    if reason is not None:
        return NotCount(s, e, written, reason)
    return _count_from(text, s, e, value, nxt, lo, hi)


def _suffixed(text: str, m: re.Match[str], suffix: str) -> NotCount | None:
    s, e, low = m.start(), m.end(), suffix.lower()
    if low in ("st", "nd", "rd", "th"):
        return NotCount(s, e, m.group(0), "ordinal")
    if low == "s":
        return None  # '1990s' or '100s': decades and vague amounts are read elsewhere
    if _AFTER_MEASURE.fullmatch(suffix):
        return NotCount(s, e, m.group(0), "measure")
    return NotCount(s, e, m.group(0), "code or designation")


def _other_reading(text: str, s: int, e: int, value: int, is_digits: bool) -> str | None:
    """Why the number at s..e is not a count, or None when nothing else explains it."""
    before, after = text[max(0, s - 40):s], text[e:e + 60]
    word = text[s:e].lower()
    checks: list[tuple[bool, str]] = [
        (word == "one" and bool(_ONE_OF.match(after) or _BEFORE_ONE.search(before)),
         "'one' as a pronoun or idiom"),
        (bool(_AFTER_PERCENT.match(after)), "percentage"),
        (bool(_BEFORE_MONEY.search(before) or _AFTER_MONEY.match(after)), "money"),
        (bool(_AFTER_AGE.match(after) or _BEFORE_AGE.search(before)), "age"),
        (bool(_AFTER_TIME.match(after)) and is_digits, "time of day"),
        (bool(_AFTER_MEASURE.match(after)), "measure"),
        (bool(_AFTER_DURATION.match(after)), "duration"),
        (bool(_AFTER_DATE.match(after) or _BEFORE_DATE.search(before)), "date"),
        (bool(_AFTER_UNIT.match(after)), "unit number"),
        (bool(_BEFORE_CODE.search(before)), "number of a thing, not an amount"),
        (is_digits and _is_year(text, s, e, value), "year"),
        (value < 120 and is_digits and bool(_APPOSITIVE_AGE_BEFORE.search(before))
         and bool(_APPOSITIVE_AGE_AFTER.match(after)), "age (after a name)"),
    ]
    return next((reason for hit, reason in checks if hit), None)


def _is_year(text: str, s: int, e: int, value: int) -> bool:
    written = text[s:e]
    if not (re.fullmatch(r"\d{4}", written) and 1800 <= value <= 2100):
        return False
    before = text[max(0, s - 40):s]
    if _QUALIFIER_RE.search(before):
        return False  # 'at least 2000 soldiers'
    noun = _NOUN_RE.match(text, e + 1) if text[e:e + 1] == " " else None
    return noun is None or bool(_BEFORE_YEAR.search(before))


def _count_from(text: str, s: int, e: int, value: int, nxt: re.Match[str] | None,
                lo: int, hi: int) -> Count | NotCount:
    number_start, number_end, upper, rule = s, e, None, "number"
    between = _BETWEEN.search(text, max(lo, s - 12), s)
    gap_re = _AND_GAP if between else _RANGE_GAP
    if nxt is not None:
        gap = gap_re.fullmatch(text, e, nxt.start())
        other = parse_number(nxt.group(0)) if gap and not nxt.group("suffix") else None
        if other is not None and other > value:
            number_end, upper, rule = nxt.end(), other, "range"
            if between:
                number_start = between.start()  # the phrase starts at 'between'
    # 'one' alone is a pronoun far more often than a count: only 'one <person>' is kept.
    if text[s:e].lower() == "one" and not _SINGULAR_RE.match(text, _skip_space(text, e)) \
            and not _one_named_person(text, e, hi):
        return NotCount(s, e, text[s:e], "'one' without a counted person")
    qualifier, qualifier_text, phrase_start = None, None, number_start
    q = _QUALIFIER_RE.search(text, max(lo, number_start - 30), number_start)
    if q is not None and rule != "range":
        qualifier_text = q.group("q")
        qualifier = QUALIFIERS[" ".join(qualifier_text.lower().split())]
        phrase_start = q.start("q")
    elif rule == "range":
        qualifier = "between"
        qualifier_text = text[s:number_end] if not between else "between"
    cursor = number_end
    post = _POST_QUALIFIER_RE.match(text, cursor, hi)
    if post is not None and qualifier is None:
        qualifier_text = post.group(0).strip()
        qualifier = _POST_QUALIFIERS.get(" ".join(qualifier_text.lower().lstrip("-").split()),
                                         "at least")
        cursor = post.end()
    noun = _counted_noun(text, cursor, hi, singular=value == 1)
    phrase_end = noun[1] if noun else cursor
    counted = text[noun[0]:noun[1]] if noun else None
    status = _NOUN_STATUS.get(" ".join(counted.lower().split())) if counted else None
    side = _side_of(text[number_end:noun[1]]) if noun else None
    if text[s:e].lower() == "one" and rule == "number":
        rule = "singular_noun"  # 'one civilian': the same reading as 'a civilian'
    return Count(phrase_start, phrase_end, text[phrase_start:phrase_end], value, qualifier,
                 counted, status, side, text[s:number_end], rule, upper,
                 qualifier_text)


def _one_named_person(text: str, e: int, hi: int) -> bool:
    """'one DPR rebel', 'one Ukrainian soldier': a person noun after at most two names or
    sides, which are no pronoun reading of 'one'."""
    noun = _counted_noun(text, e, hi, singular=True)
    if noun is None:
        return False
    words = text[e:noun[0]].split()
    return len(words) <= 2 and all(w[:1].isupper() or _side_of(w) for w in words)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u00a0":
        i += 1
    return i


def _counted_noun(text: str, cursor: int, hi: int,
                  singular: bool = False) -> tuple[int, int] | None:
    """Span of the counted noun after a number: a person noun within 3 words, else a plural.

    Singular nouns are read only after 'one' or '1': 'three elderly local residents' counts
    residents, not a 'local'.
    """
    nouns = _NOUN_RE if singular else _PLURAL_RE
    partitive = _PARTITIVE.match(text, cursor, hi)
    if partitive is not None:
        if partitive.group(0).split()[-1].lower() in ("them", "us", "whom", "which"):
            return None  # '15 of them': the noun is elsewhere
        cursor = partitive.end()
    for _ in range(4):
        noun = nouns.match(text, _skip_space(text, cursor), hi)
        if noun is not None:
            return noun.start(), noun.end()
        word = _WORD.match(text, cursor, hi)
        if word is None or word.group("w").lower() in _FUNCTION_WORDS:
            return None
        w = word.group("w")
        if w.islower() and w.endswith("s") and not w.endswith(("ss", "us")) and len(w) > 3:
            return word.start("w"), word.end("w")  # '15 drones': a count of things
        cursor = word.end()
    return None


def _side_of(words: str) -> str | None:
    side, _ = side_of_phrase(words)
    return None if side == "unknown" else side


class _Taken:
    """Spans already read as counts, kept sorted so an overlap test costs a bisection."""

    def __init__(self, found: list[Count | NotCount]) -> None:
        # Only counts block: 'a 25-year-old man' holds a rejected age but is a count of one.
        spans = sorted((c.start, c.end) for c in found if isinstance(c, Count))
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        return i > 0 and max(self.ends[max(0, i - 2):i]) > s

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _vague_counts(text: str, lo: int, hi: int, found: list[Count | NotCount]) -> list[Count]:
    out: list[Count] = []
    taken = _Taken(found)
    candidates: list[tuple[int, int, str]] = [
        (m.start(), m.end(), _VAGUE[" ".join(m.group("v").lower().split())])
        for m in _VAGUE_RE.finditer(text, lo, hi)]
    candidates += [(m.start(), m.end(), _DECADE_AMOUNTS[m.group(0).lower()])
                   for m in _DECADE_RE.finditer(text, lo, hi)]
    for s, e, amount in sorted(candidates):
        if taken.overlaps(s, e):
            continue
        after = text[e:e + 60]
        of = re.match(r"\s+of(?![\w])", after)
        cursor = e + (of.end() if of else 0)
        if amount not in _WEAK_VAGUE and (_AFTER_DURATION.match(text, cursor)
                                          or _AFTER_MEASURE.match(text, cursor)
                                          or _AFTER_MONEY.match(text, cursor)):
            continue  # 'hundreds of kilometres', 'dozens of times'
        noun = _counted_noun(text, cursor, hi)
        if amount in _WEAK_VAGUE and (noun is None or _NOUN_STATUS.get(
                " ".join(text[noun[0]:noun[1]].lower().split()), "?") == "?"):
            continue  # 'many years', 'several reports'
        end = noun[1] if noun else e
        counted = text[noun[0]:noun[1]] if noun else None
        status = _NOUN_STATUS.get(" ".join(counted.lower().split())) if counted else None
        side = _side_of(text[e:noun[1]]) if noun else None
        out.append(Count(s, end, text[s:end], None, amount, counted, status, side, text[s:e],
                         "vague_amount"))
        taken.add(s, end)
    return out


_MODIFIER_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*\s+")
_ARTICLE_RE = re.compile(r"(?<![\w-])(?i:an?)\s+")


def _singular_counts(text: str, lo: int, hi: int, found: list[Count | NotCount]) -> list[Count]:
    """'a man', 'an elderly woman', 'a 45-year-old Ukrainian soldier': value 1, for events."""
    out: list[Count] = []
    taken = _Taken(found)
    for m in _ARTICLE_RE.finditer(text, lo, hi):
        cursor = m.end()
        for _ in range(4):
            noun = _SINGULAR_RE.match(text, cursor, hi)
            if noun is not None:
                if not taken.overlaps(m.start(), noun.end()):
                    counted = text[noun.start():noun.end()]
                    out.append(Count(m.start(), noun.end(), text[m.start():noun.end()], 1, None,
                                     counted, _NOUN_STATUS.get(" ".join(counted.lower().split())),
                                     _side_of(text[m.end():noun.end()]),
                                     text[m.start():m.end()].strip(), "singular_noun"))
                break
            word = _MODIFIER_WORD.match(text, cursor, hi)
            if word is None or word.group(0).split()[0].lower() in _FUNCTION_WORDS:
                break
            cursor = word.end()
    return out
