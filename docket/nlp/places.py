"""Place mentions: which spans of a text are places, and which gazetteer entry each one is.

Recognition (``find_place_mentions``) starts from spaCy's GPE/LOC/FAC spans, takes PERSON/ORG
spans the small English model mislabels (Kramatorsk as a PERSON, Bakhmut as an ORG) when the
gazetteer knows them as Ukrainian or neighbouring places, and adds capitalised names of known
Ukrainian settlements and regions that NER missed. Then a table of named rules (``_NOT_A_PLACE``;
``place_candidates`` returns what they turned down and why) removes words that only look like
places:

- people: a word of a longer PERSON span ("Ivanov" in "Sergei Ivanov"), a name after a title or
  rank ("Colonel Belov"), a name introduced as one ("who gave his name as Mykola", "a man named
  Taras"), a known East Slavic given name ("Mykola said": not the Finnish village Mikkola), a
  family-name shape ("Shevchenko"), a word that is a person elsewhere in the text; the last
  three give way when the words around ask for a place ("in Stepan", "the village of Stepan");
- names of agreements and formats: "the Minsk agreements", "the Ottawa treaty", "the Normandy
  format";
- a place glued to a participle or adjective ("Moscow-appointed", "Kremlin-backed",
  "Kyiv-based", "pro-Kyiv"): it names a side, which is for another stage.

Resolution (``resolve_places``) reads the whole text, in this order of trust:

1. an explicit region next to the name ("Zmiivka, Kherson", "in the Kharkiv region",
   "Izium (Kharkiv Oblast)"): only namesakes inside it are kept, so a village never becomes a
   bigger namesake in another oblast;
2. the words around the name: "X region"/"X Oblast" asks for the region, "village of X" for a
   settlement; a bare region name is a region, not a village that shares it, unless a real town
   carries the name (Kharkiv the city); a bare name of a big city of the region (Rostov,
   Belgorod) is that city when its namesakes are all far smaller;
3. a name tied to the next one by a relative description ("Dibrova, west of Kreminna"): the
   namesake nearest that place;
4. the rest of the document: the countries and oblasts it names, and closeness to the other
   places it names ("near X" included). In a document about the war in Ukraine, a country named
   only as a country (Russia, the United States) is a party, not a location: it counts only
   through its regions and towns the document names, and a Ukrainian namesake is preferred
   (Lyman in Donetsk Oblast, not Liman in Astrakhan Oblast);
5. population.

Relative descriptions ("20 km south of X", "east of the Kharkiv region", "northern Ukraine")
keep X as the place but give the mention a coarser precision than X's own, and say so in
``relation``. A name the gazetteer does not know stays a mention with ``place=None``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from docket.nlp.crossscript import script_language
from docket.nlp.cyrillic_places import cyrillic_candidates
from docket.nlp.gazetteer import Candidate, Gazetteer, Place, coarser, contains, distance_km
from docket.nlp.names import fold_name, transliterate
from docket.nlp.translit import fold, has_cyrillic

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Labels the small English model gives to places it does not recognise as such.
MISLABELS = ("PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT")
# Countries whose places the gazetteer lists densely and which conflict reporting here is about:
# mislabelled or un-tagged names are accepted as places only when they resolve there.
FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})

_ADMIN_WORDS = r"(?:region|oblast|province|krai|kray|voivodeship|county|state|republic|area)"
_ADMIN2_WORDS = r"(?:raion|rayon|district|municipality|hromada|community)"
_SETTLEMENT_WORDS = r"(?:village|town|city|settlement|hamlet|urban-type settlement|township)"
_DIRS = (r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
         r"northeast|northwest|southeast|southwest)")
_DIRS_ADJ = (r"(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
             r"south-?eastern|south-?western|northeastern|northwestern|southeastern|"
             r"southwestern)")

# A kind word at the end of a surface: searched from where a run of spaces starts ((?<!\s),
# the spaces taken whole), else a long run costs time growing with its square (issue 14).
_SUFFIX_ADMIN = re.compile(rf"(?<!\s)\s++{_ADMIN_WORDS}$", re.I)
_SUFFIX_ADMIN2 = re.compile(rf"(?<!\s)\s++{_ADMIN2_WORDS}$", re.I)
_SUFFIX_SETTLEMENT = re.compile(rf"(?<!\s)\s++{_SETTLEMENT_WORDS}$", re.I)
_AFTER_ADMIN = re.compile(rf"^\s+{_ADMIN_WORDS}\b", re.I)
_AFTER_ADMIN2 = re.compile(rf"^\s+{_ADMIN2_WORDS}\b", re.I)
_AFTER_SETTLEMENT = re.compile(rf"^\s+{_SETTLEMENT_WORDS}\b", re.I)
_BEFORE_SETTLEMENT = re.compile(rf"\b{_SETTLEMENT_WORDS}\s+of\s+$", re.I)
_BEFORE_ADMIN = re.compile(rf"\b(?:{_ADMIN_WORDS}|{_ADMIN2_WORDS})\s+of\s+(?:the\s+)?$", re.I)

# A name of up to three capitalised words, or an abbreviation such as "Ga." or "W.Va.".
_NAME = (r"(?:(?:[A-Z][a-z]{0,4}\.){1,2}(?![\w])|"
         r"[A-ZА-ЯІЇЄҐ][\w'’-]*(?:[ -][A-ZА-ЯІЇЄҐ][\w'’-]*){0,2})")
# A region named right after a place: "X, Kherson", "X, Kharkiv Oblast", "X in the Kharkiv
# region", "X (Kharkiv Oblast)", "X of Donetsk Oblast".
_REGION_AFTER = re.compile(
    rf"^(?:\s*,\s*|\s+in\s+(?:the\s+)?|\s+of\s+(?:the\s+)?|\s*\(\s*)(?P<r>{_NAME})"
    rf"(?P<w>\s+(?:{_ADMIN_WORDS}|{_ADMIN2_WORDS}))?")

_REL_DISTANCE = re.compile(
    rf"(?P<rel>\b(?:about\s+|some\s+|around\s+|roughly\s+)?\d+(?:[.,]\d+)?\s*"
    rf"(?:km|kilometers|kilometres|miles|mi)\.?\s+(?:to\s+the\s+)?{_DIRS}\s+of)\s+(?:the\s+)?$",
    re.I)
_REL_DIRECTION = re.compile(rf"(?P<rel>\b{_DIRS}\s+of)\s+(?:the\s+)?$", re.I)
_REL_PART = re.compile(
    rf"(?P<rel>\b{_DIRS_ADJ}(?:\s+(?:part|parts|outskirts|edge)\s+of)?)\s+(?:the\s+)?$", re.I)
_REL_NEAR = re.compile(
    r"(?P<rel>\b(?:near|nearby|outside|close\s+to|on\s+the\s+outskirts\s+of|in\s+the\s+"
    r"vicinity\s+of|around|in\s+the\s+direction\s+of|towards?|the\s+direction\s+of|"
    r"the\s+outskirts\s+of|the\s+suburbs\s+of))\s+(?:the\s+)?$", re.I)

# AP-style US state abbreviations ("Alexandria, La."), used only as an explicit-region cue.
US_ABBREVIATIONS = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "cal": "California", "colo": "Colorado", "conn": "Connecticut", "del": "Delaware",
    "fla": "Florida", "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas",
    "kans": "Kansas", "ky": "Kentucky", "la": "Louisiana", "md": "Maryland",
    "mass": "Massachusetts", "mich": "Michigan", "minn": "Minnesota", "miss": "Mississippi",
    "mo": "Missouri", "mont": "Montana", "neb": "Nebraska", "nebr": "Nebraska", "nev": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "okla": "Oklahoma", "ore": "Oregon",
    "pa": "Pennsylvania", "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota",
    "tenn": "Tennessee", "tex": "Texas", "vt": "Vermont", "va": "Virginia",
    "wash": "Washington", "wva": "West Virginia", "wis": "Wisconsin", "wyo": "Wyoming",
}

def _abbr_key(text: str) -> str:
    # Not ``fold``: folding w->v and doubled letters would make "W.Va." read as "Va.".
    return re.sub(r"[^a-z]", "", text.lower())

# Capitalised English words that are also names of Ukrainian villages: never taken as places
# on the gazetteer's word alone (NER may still tag them).
_COMMON_WORDS = frozenset(fold(w) for w in re.split(r"\s+", """
the a an and or but in on at of to for from by with as is was were be been are this that these
those it its he she they we you i his her their our my monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december russian russians ukrainian ukrainians russia's president minister army forces police
according general colonel major captain sergeant lieutenant commander mayor governor head
north south east west central new old great little upper lower red white black green blue
golden sunny peace victory glory freedom liberty hope friendship forest field river lake sea
mount hill park station street square bridge road airport port plant factory school church
hospital university center centre district region oblast village town city state republic
national people's people soviet union military civil civilian human rights ministry defense
defence security service council office court company group party movement battalion brigade
regiment division corps unit they'll we'll also however meanwhile later earlier today yesterday
tomorrow after before during while when where which who what why how there here now then
""".strip()))

_CAPITALISED = re.compile(
    r"(?<![\w'’-])([A-ZА-ЯІЇЄҐ][a-zа-яіїєґё'’]+(?:-[A-ZА-ЯІЇЄҐa-zа-яіїєґё][a-zа-яіїєґё'’]+)*)")


# How much the countries and first-level regions a document names weigh against population.
COUNTRY_WEIGHT = 1.2
ADMIN1_WEIGHT = 1.0
# In a document about the war in Ukraine, a Ukrainian namesake is preferred by this much.
THEATRE_WEIGHT = 0.6
# A city of at least this population whose namesakes are all this many times smaller is what
# a bare name means (Rostov, Belgorod): by this much.
MAJOR_CITY_POPULATION = 100_000
MAJOR_CITY_RATIO = 20
MAJOR_CITY_WEIGHT = 2.0
# A name tied to the next by a relative description ("X, west of Y"): its namesake nearest Y
# earns PAIR_WEIGHT, one PAIR_SCALE_KM farther about a third of it; only the best
# PAIR_CANDIDATES are compared, and none when the nearest is more than PAIR_MAX_KM away.
PAIR_WEIGHT = 3.0
PAIR_SCALE_KM = 10.0
PAIR_MAX_KM = 100.0
PAIR_CANDIDATES = 300


@dataclass(frozen=True)
class PlaceMention:
    """A span of the text that names a place, resolved or kept unresolved (``place=None``),
    with the namesakes considered for it, best first (the chosen one first when resolved)."""

    start: int
    end: int
    text: str
    place: Place | None
    precision: str
    relation: str | None
    score: float
    why: str
    considered: tuple[Considered, ...] = ()


CONSIDERED_KEPT = 5  # namesakes kept per mention, with their scores and reasons


@dataclass(frozen=True)
class Considered:
    """One namesake the resolver weighed for a name: so an analyst sees why the winner won and
    which place to pick instead (the workbench's entity page, the export's `considered`)."""

    gazetteer_id: str
    name: str
    admin1: str | None
    country: str | None
    kind: str
    score: float
    why: str

    def as_record(self) -> dict[str, object]:
        return {"gazetteer_id": self.gazetteer_id, "name": self.name, "admin1": self.admin1,
                "country": self.country, "kind": self.kind, "score": self.score,
                "why": self.why}


def _considered(cand: Candidate, score: float, why: Sequence[str]) -> Considered:
    p = cand.place
    return Considered(p.gazetteer_id, p.name, p.admin1, p.country, p.kind, round(score, 3),
                      "; ".join(why) or "no reason for or against")


def _gaz() -> Gazetteer:
    return Gazetteer.load()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, a trailing possessive and surrounding punctuation."""
    span = text[start:end]
    m = re.match(r"^(?:the|The|THE)\s+", span)
    if m:
        start += m.end()
    while end > start and text[end - 1] in " \t\n.,;:!?\"'’)(":
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    while start < end and text[start] in " \t\n\"'‘“(":
        start += 1
    return start, end


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:;"


def _focus_place(name: str, settlements_only: bool = False) -> bool:
    """True when a main name of a place in the focus countries (or a region) matches.

    ``settlements_only`` is for NORP spans: "Russian" is a demonym there, not a place, while
    "Nikolaev" tagged NORP is still the city.
    """
    for cand in _gaz().lookup(name):
        p = cand.place
        if settlements_only and p.kind in ("country", "region", "admin1"):
            continue
        if not cand.primary and not (p.country in FOCUS_COUNTRIES and _spelling_of_a_town(name)):
            continue
        if p.country in FOCUS_COUNTRIES or p.kind in ("region", "admin1"):
            return True
    return False


# How demonyms and language names end ("Russian", "Ukrainians", "Chechen", "Polish").
_DEMONYM_END = re.compile(r"(?:an|ans|ians?|ese|ish|ic|ics|i|is|en|ens)$", re.I)


def _spelling_of_a_town(name: str) -> bool:
    """Another spelling of a town of the war ("Sievierodonetsk" beside the gazetteer's
    "Siverskodonetsk"), which spaCy may tag NORP: one long word that reads as no demonym."""
    return " " not in name.strip() and len(name) >= 6 and not _DEMONYM_END.search(name)


@dataclass(frozen=True)
class RejectedSpan:
    """A span that looked like a place but is not a place mention of the text, and why."""

    start: int
    end: int
    text: str
    rule: str  # the name of the rule of ``_NOT_A_PLACE`` that turned it down
    why: str
    person: bool  # the words name a person ("Colonel Belov", "his name as Mykola")


def find_place_mentions(
    text: str, ner_spans: Sequence[tuple[int, int, str]] = ()
) -> list[tuple[int, int]]:
    """Toponym spans: NER place spans, mislabelled spans the gazetteer knows, and names NER missed.

    Spans never overlap; where two would, the earlier and longer one wins. Spans that name a
    person or an agreement are left out (``place_candidates`` says which and why).
    """
    return place_candidates(text, ner_spans)[0]


def _join_split_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Neighbouring spans one space apart that together are one name the gazetteer knows
    ("Ruska" + "Lozova": the village Ruska Lozova, not a village Ruska and a town Lozova)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[out[-1][1]:s] == " " and _gaz().knows(text[out[-1][0]:e]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def place_candidates(
    text: str, ner_spans: Sequence[tuple[int, int, str]] = ()
) -> tuple[list[tuple[int, int]], list[RejectedSpan]]:
    """``find_place_mentions`` with the spans it turned down, each with its rule and reason."""
    spans: list[tuple[int, int]] = []
    for start, end, label in ner_spans:
        if not (0 <= start < end <= len(text)):
            continue
        s, e = _trim(text, start, end)
        if e <= s:
            continue
        if label in PLACE_LABELS:
            spans.append((s, e))
        elif label in MISLABELS:
            surface = _strip_kind_words(text[s:e])
            if surface and _focus_place(surface, settlements_only=label == "NORP"):
                spans.append((s, e))
            elif surface and _AGREEMENT_AFTER.match(text[e:e + 60]) and _gaz().knows(surface):
                spans.append((s, e))  # "the Normandy format": turned down below, with its reason
    taken = sorted(spans)
    taken = _join_split_names(text, sorted(taken + _gazetteer_matches(text, taken)))
    context = _NameContext.of(text, ner_spans)
    kept: list[tuple[int, int]] = []
    rejected: list[RejectedSpan] = []
    for s, e in _no_overlaps(taken):
        verdict = _not_a_place(text, s, e, context)
        if verdict is None:
            kept.append((s, e))
        else:
            rule, why, person = verdict
            rejected.append(RejectedSpan(s, e, text[s:e], rule, why, person))
    return kept, rejected


def _no_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _gazetteer_matches(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised names (one to three words) of focus-country places that NER left untagged."""
    found: list[tuple[int, int]] = []
    words = list(_CAPITALISED.finditer(text))
    i = 0
    while i < len(words):
        best: tuple[int, int] | None = None
        for n in (3, 2, 1):
            group = words[i:i + n]
            if len(group) < n:
                continue
            # Only words separated by a single space belong to one name.
            if any(text[a.end():b.start()] != " " for a, b in zip(group, group[1:], strict=False)):
                continue
            s, e = group[0].start(), group[-1].end()
            if text[s:e].endswith(("'s", "’s")):
                e -= 2  # "Kharkiv's" names Kharkiv
            if any(s < te and ts < e for ts, te in [*taken, *found]):
                continue
            surface = text[s:e]
            if n == 1 and (fold(surface) in _COMMON_WORDS or len(surface) < 4):
                continue
            if _sentence_initial(text, s) and not has_cyrillic(surface) and not (
                    _REGION_AFTER.match(text[e:e + 60]) or _AFTER_ADMIN.match(text[e:e + 20])
                    or _known_town(surface, 20_000)):
                continue  # "May", "Will" open sentences; "Sievierodonetsk continues" too
            if _focus_place(surface):
                best = (s, e)
                i += n
                break
        if best:
            found.append(best)
        else:
            i += 1
    return found


# --- words that look like places but name a person or an agreement -----------------------------

# East Slavic given names, in the spellings news uses (folded with ``fold_name``, so Mykola and
# Nikolai, Olena and Yelena meet). A lone given name is a person ("Mykola said"), never the
# Finnish village Mikkola nor a Ukrainian village called Stepan, unless the words around it ask
# for a place ("in Stepan", "the village of Stepan"). Only these names: an English given name
# that is also a town (Florence, Charlotte) is left to NER and the gazetteer.
_GIVEN_NAMES = frozenset(fold_name(n) for n in re.split(r"\s+", """
Mykola Taras Oleksandr Oleksii Oleksiy Volodymyr Dmytro Serhii Serhiy Andrii Andriy Ivan Petro
Pavlo Mykhailo Mykhaylo Yurii Yuriy Vasyl Viktor Vitalii Vitaliy Oleh Ihor Bohdan Roman Denys
Artem Maksym Vadym Ruslan Yaroslav Stepan Hryhorii Anatolii Valerii Yevhen Kostiantyn Anton
Yehor Danylo Kyrylo Nazar Ostap Illia Fedir Hennadii Vasyl Borys Arsenii Yakiv Zakhar Matvii
Oleksandra Olena Olha Oksana Iryna Nataliia Natalia Tetiana Kateryna Yuliia Yulia Svitlana
Halyna Liudmyla Lyudmyla Valentyna Nadiia Nadiya Mariia Maria Anna Alina Sofiia Viktoriia
Larysa Nina Vira Hanna Inna Daria Dariia Anastasiia Anastasia Khrystyna Solomiia Uliana
Sergei Sergey Dmitry Dmitri Alexei Alexey Aleksei Alexander Aleksandr Vladimir Nikolai Mikhail
Yevgeny Evgeny Andrei Andrey Igor Oleg Pavel Pyotr Vasily Yuri Boris Gennady Valery Vitaly
Maxim Ilya Kirill Denis Konstantin Fyodor Grigory Semyon Artyom Nikita Stanislav Vyacheslav
Ramzan Elena Tatiana Tatyana Svetlana Lyudmila Galina Yekaterina Ekaterina Irina Olga Natalya
Marina Yelena Lyubov Nadezhda Arseniy Anatoly Valentin Leonid Timur Rustam Aslan Vsevolod
""".strip()))

# Titles and ranks written before a name. Capitalised, any of these; in lower case only the
# unambiguous ones ("brigade commander Belov"), since "a major Kharkiv plant" and "the general
# Donetsk direction" use the word as an adjective.
_TITLE_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Cpt|Sgt|Pvt|Cpl|Adm|Gov|Sen|Rep|"
    r"Lt\.\s?Col|Maj\.\s?Gen|Lt\.\s?Gen)\.?"
    r"|(?<![\w-])(?:President|Colonel|General|Major|Captain|Lieutenant|Sergeant|Corporal|"
    r"Private|Admiral|Marshal|Commander|Governor|Mayor|Minister|Senator|Ambassador|Spokesman|"
    r"Spokeswoman|Chief|Deputy|Premier|Chancellor|Patriarch|Metropolitan|Father|Ombudsman)"
    r"|(?<![\w-])(?i:colonel|lieutenant|sergeant|captain|commander|spokes(?:man|woman|person)|"
    r"governor|mayor|minister|president|ambassador|senator|corporal|admiral|ombuds(?:man|woman)"
    r"|advis[eo]r|press\s+secretary|генерал\w*|полковник\w*|підполковник\w*|подполковник\w*|"
    r"майор\w*|капітан\w*|капитан\w*|лейтенант\w*|сержант\w*))\s+$")
# Capitalised titles that also open a sentence as adjectives ("Major Ukrainian cities ...").
_ADJECTIVE_TITLES = frozenset({"general", "major", "private", "chief", "deputy", "father"})
# Words that introduce a name: "who gave his name as Mykola", "a man named Taras".
_NAME_CUE = re.compile(
    r"(?:\b(?:his|her|their)\s+(?:first\s+|given\s+|real\s+)?names?\s+(?:as|is|was)"
    r"|\bgave\s+(?:only\s+)?(?:his|her)\s+(?:first\s+)?name\s+as"
    r"|\bidentified\s+(?:only\s+|himself\s+|herself\s+)*as"
    r"|\bintroduced\s+(?:himself|herself)\s+as|\bknown\s+only\s+as"
    r"|\b(?:nick)?named|\bcall[\s-]?sign|\bnom\s+de\s+guerre|\bpseudonym)"
    r"\s*[\"“‘'(]?\s*$", re.I)
# "named" and "identified as" also introduce places ("a village named Dibrova").
_PLACE_NOUN_BEFORE_CUE = re.compile(
    rf"\b(?:{_SETTLEMENT_WORDS}|street|square|river|district|region|area|place|spot|"
    rf"position|operation|ship|vessel|base|airfield)\s+(?:was\s+|is\s+)?"
    rf"(?:named|identified\s+as)\s*[\"“‘'(]?\s*$", re.I)
# A family name right after the word: "Mykola Kovalenko". Only endings that are rare in place
# names ("-ov" is left out: Rostov, Azov).
_SURNAME_AFTER = re.compile(
    r"^\s(?:[A-ZА-ЯІЇЄҐ]\.\s)?[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’]+(?:enko|chuk|[iy]uk|nyk|ovych|evych|"
    r"ovich|evich|shvili|dze|енко|чук|юк)\b")
_SURNAME_SHAPE = re.compile(
    r"^[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’]+(?:enko|chuk|[iy]uk|ovych|evych|енко|чук)$")
# Words before a name that ask for a place: "in Stepan", "near Mykola", "village of Roman".
_PLACE_CUE_BEFORE = re.compile(
    r"\b(?:in|near|outside|into|towards?|around|across|through|beyond|inside|reached|"
    r"entered|liberated|captured|shelled|struck|hit)\s+(?:the\s+)?$", re.I)
# Weaker cues, enough to keep a name that is a person elsewhere in the text ("the people of
# Arlington", "delays at Heathrow") but not to make a given name a place ("a friend of Vladimir").
_WEAK_PLACE_CUE_BEFORE = re.compile(
    r"\b(?:at|of|entering|leaving|visiting|via|(?<!according )to)\s+(?:the\s+)?$", re.I)
# The name of an agreement, a format or a process is not a place of the text: "the Minsk
# agreements", "the Ottawa treaty", "the Normandy format", "the Ramstein group".
_AGREEMENT_AFTER = re.compile(
    r"^\s+(?:peace\s+accord\b|(?:(?:II|2|peace|ceasefire|grain|trilateral|contact|security)\s+)?"
    r"(?:treat(?:y|ies)|conventions?|agreements?|accords|protocols?|format|group|process|"
    r"memorandum|declaration|communiqu[eé])\b)", re.I)
_WATER_AFTER = re.compile(
    r"^(?:\s+[A-Z][\w'’-]*){0,2}\s+(?i:river|lake|sea|reservoir|canal|estuary|lagoon|bay)\b")
# A place glued by a hyphen to a participle or an adjective stands for a side, not a location:
# "Moscow-appointed", "Kremlin-backed", "Kyiv-based", "Moscow-installed", "pro-Kyiv".
_GLUED_AFTER = re.compile(
    r"^-(?:[a-z]+(?:ed|en)|born|held|run|led|made|built|friendly|leaning|aligned|loyal|oriented|"
    r"centric|affiliated)(?![\w-])")
_GLUED_BEFORE = re.compile(r"(?<![\w-])(?i:pro|anti)-$")


def _word_key(word: str) -> str:
    """`fold` for a word in either script (`fold` alone drops Cyrillic letters, which would make
    every Cyrillic word the same empty key)."""
    return fold(transliterate(word)) if has_cyrillic(word) else fold(word)


def _tokens(surface: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’]*", surface)


@dataclass(frozen=True)
class _NameContext:
    """What the NER spans of a text say about people: their spans and the words of their names."""

    persons: tuple[tuple[int, int], ...]
    person_words: frozenset[str]

    @classmethod
    def of(cls, text: str, ner_spans: Sequence[tuple[int, int, str]]) -> _NameContext:
        persons = tuple(sorted({_trim(text, s, e) for s, e, lab in ner_spans
                                if 0 <= s < e <= len(text) and (
                                    lab == "PERSON" or _given_name_first(text, s, e))}))
        words: set[str] = set()
        for s, e in persons:
            toks = [t for t in _tokens(text[s:e]) if not _TITLE_BEFORE.search(t + " ")]
            if not toks or (len(toks) > 1 and _gaz().knows(" ".join(toks))):
                continue  # "Sri Lanka" tagged PERSON is a mislabel, not a person
            named = _given_name_first(text, s, e)
            for t in toks:
                # The small model also tags Kramatorsk, Egypt or Mansfield PERSON: a word counts
                # as a person's only when it is not a notable place, when a title stands
                # before it ("Colonel Belov"), or when a given name does ("Oleksiy Danilov").
                if not _notable_place(t) or (len(toks) == 1 and _title_before(text, s)) or (
                        named and t != toks[0] and not _known_town(t, 50_000)):
                    words.add(_word_key(t))
        return cls(persons, frozenset(words))


def _given_name_first(text: str, s: int, e: int) -> bool:
    """A span of two or three words whose first is a known given name ("Oleksiy Danilov"
    that the small model tags ORG): a person's name whatever the label."""
    toks = _tokens(text[s:e])
    return 2 <= len(toks) <= 3 and fold_name(toks[0]) in _GIVEN_NAMES


def _notable_place(word: str) -> bool:
    """A country, a region, a place of the focus countries, or a town of 10,000 or more."""
    return _focus_place(word) or any(
        c.primary and (_is_admin(c.place) or (c.place.population or 0) >= 10_000)
        for c in _gaz().lookup(word))


# First words of Ukrainian and Russian place names ("Velyka Kostromka", "Staryi Krym"), which
# the small model sometimes tags PERSON.
_PLACE_NAME_ADJECTIVES = frozenset(fold(w) for w in re.split(r"\s+", """
Velyka Velykyi Velyke Mala Malyi Male Nova Novyi Nove Stara Staryi Stare Verkhnia Verkhnii
Verkhnie Nyzhnia Nyzhnii Nyzhnie Bila Bilyi Chervona Chervonyi Zelena Zelenyi Krasnyi Krasna
Bolshaya Bolshoy Malaya Maly Novaya Novy Staraya Stary Verkhnyaya Nizhnyaya Krasny Krasnaya
""".strip()))


def _person_like(text: str, ps: int, pe: int) -> bool:
    """A PERSON span is a person's name unless it reads like a place ("Velyka Kostromka")."""
    toks = _tokens(text[ps:pe])
    if _title_before(text, ps) or any(fold_name(t) in _GIVEN_NAMES for t in toks):
        return True
    return not any(fold(t) in _PLACE_NAME_ADJECTIVES for t in toks)


def _asks_for_a_place(text: str, s: int, e: int) -> bool:
    before = text[max(0, s - 40):s]
    after = text[e:e + 40]
    return bool(_PLACE_CUE_BEFORE.search(before) or _BEFORE_SETTLEMENT.search(before)
                or _BEFORE_ADMIN.search(before) or _AFTER_ADMIN.match(after)
                or _AFTER_ADMIN2.match(after) or _AFTER_SETTLEMENT.match(after)
                or _explicit_region(text, e)[0])


def _title_before(text: str, s: int) -> str | None:
    before = text[max(0, s - 40):s]
    m = _TITLE_BEFORE.search(before)
    if not m:
        return None
    word = m.group(0).strip()
    if word.lower() in _ADJECTIVE_TITLES and _sentence_initial(text, s - len(before) + m.start()):
        return None  # "Major Ukrainian cities ...": an adjective opening the sentence
    return word


def _glued(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if (_GLUED_AFTER.match(text[e:e + 30]) or _GLUED_BEFORE.search(text[max(0, s - 6):s])
            or re.search(r"-[a-z]+ed$", text[s:e])):
        return "glued by a hyphen to a participle or adjective: it names a side, not a location"
    return None


def _water(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    """"the Siverskyi Donets river", "the Dnipro River": a river, lake or sea is no settlement
    (the gazetteer holds settlements and areas; a village named after the river is elsewhere)."""
    m = _WATER_AFTER.match(text[e:e + 20])
    return f"the name of a river or a sea ('{text[s:e]}{m.group(0)}')" if m else None


def _agreement(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    m = _AGREEMENT_AFTER.match(text[e:e + 60])
    return f"part of the name of an agreement or format ('{text[s:e]}{m.group(0)}')" if m else None


def _inside_person(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if any(ps <= s and e <= pe and (ps, pe) != (s, e) and _person_like(text, ps, pe)
           for ps, pe in ctx.persons):
        return "a word of a longer name tagged PERSON"
    return None


def _after_title(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    title = _title_before(text, s)
    return f"a title before it ('{title}'): a person's name" if title else None


def _introduced(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    before = text[max(0, s - 60):s]
    if _NAME_CUE.search(before) and not _PLACE_NOUN_BEFORE_CUE.search(before):
        return "introduced as a person's name"
    return None


def _one_given_name(text: str, s: int, e: int) -> bool:
    toks = _tokens(text[s:e])
    return len(toks) == 1 and fold_name(toks[0]) in _GIVEN_NAMES


def _given_and_surname(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if _one_given_name(text, s, e) and _SURNAME_AFTER.match(text[e:e + 40]):
        return "a given name followed by a family name"
    return None


def _given_name(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if _one_given_name(text, s, e):
        return f"'{text[s:e]}' is a given name and nothing asks for a place"
    return None


def _known_town(name: str, population: int = 20_000) -> bool:
    """A place of that name the gazetteer knows with at least `population` people (Kremenchuk
    has a family name's ending; it is a city first)."""
    return any((c.place.population or 0) >= population for c in _gaz().lookup(name))


def _surname_shape(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if _SURNAME_SHAPE.match(text[s:e]) and not _known_town(text[s:e]):
        return f"'{text[s:e]}' has the shape of a family name"
    return None


def _person_elsewhere(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    toks = _tokens(text[s:e])
    if (toks and all(_word_key(t) in ctx.person_words for t in toks)
            and not _WEAK_PLACE_CUE_BEFORE.search(text[max(0, s - 40):s])
            and not _known_town(text[s:e], 50_000)):
        return "the same name is a person elsewhere in the text"
    return None


def _before_surname(text: str, s: int, e: int, ctx: _NameContext) -> str | None:
    if (len(_tokens(text[s:e])) == 1 and _SURNAME_AFTER.match(text[e:e + 40])
            and not _known_town(text[s:e])):
        return "followed by a family name: a given name"
    return None


@dataclass(frozen=True)
class _Rule:
    """One reason a span that looks like a place is none: ``test`` gives the reason, or None."""

    name: str
    person: bool  # the span names a person (the entity stage makes it a person mention)
    yields_to_place_cue: bool  # skipped when the words around ask for a place ("in Stepan")
    test: Callable[[str, int, int, _NameContext], str | None]


# Tried in order; the first that applies decides. Each has its test in tests/test_places.py.
_NOT_A_PLACE = (
    _Rule("glued-to-a-participle", False, False, _glued),
    _Rule("name-of-an-agreement", False, False, _agreement),
    _Rule("name-of-a-river-or-sea", False, False, _water),
    _Rule("inside-a-person-name", True, False, _inside_person),
    _Rule("title-before", True, False, _after_title),
    _Rule("introduced-as-a-name", True, False, _introduced),
    _Rule("given-name-and-surname", True, False, _given_and_surname),
    _Rule("given-name", True, True, _given_name),
    _Rule("surname-shape", True, True, _surname_shape),
    _Rule("person-elsewhere", True, True, _person_elsewhere),
    _Rule("followed-by-a-surname", True, True, _before_surname),
)


def _not_a_place(text: str, s: int, e: int,
                 ctx: _NameContext) -> tuple[str, str, bool] | None:
    """The first rule of ``_NOT_A_PLACE`` that turns the span down: (name, reason, person)."""
    asks: bool | None = None
    for rule in _NOT_A_PLACE:
        if rule.yields_to_place_cue:
            if asks is None:
                asks = _asks_for_a_place(text, s, e)
            if asks:
                return None
        why = rule.test(text, s, e, ctx)
        if why is not None:
            return rule.name, why, rule.person
    return None


def _strip_kind_words(surface: str) -> str:
    for pattern in (_SUFFIX_ADMIN, _SUFFIX_ADMIN2, _SUFFIX_SETTLEMENT):
        surface = pattern.sub("", surface)
    return re.sub(r"^(?:the\s+)?(?:city|town|village|region|oblast)\s+of\s+", "", surface,
                  flags=re.I).strip()


def _distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return distance_km((a.lat, a.lon), (b.lat, b.lon))


def _is_admin(p: Place) -> bool:
    return p.kind in ("country", "admin1", "admin2", "admin3", "region")


def _same_region(p: Place, region: Place) -> bool:
    """True when ``p`` lies inside ``region`` (by names and codes, never by distance alone)."""
    if p.gazetteer_id == region.gazetteer_id:
        return False
    if region.kind == "country":
        return p.country == region.country
    if region.kind == "admin1":
        return p.country == region.country and p.admin1 == region.admin1
    if region.kind in ("admin2", "admin3"):
        return contains(region, p)  # a raion within its oblast, a hromada by its code
    if region.kind == "region":
        d = _distance_km(p, region)
        return p.country == region.country and d is not None and d < 200
    return False


@dataclass
class _Span:
    start: int
    end: int
    text: str
    base: str
    want: str | None  # "admin" | "admin2" | "settlement" | None
    cands: list[Candidate]
    region: list[Place]  # explicit region(s) named next to it
    region_text: str | None
    relation: str | None
    rel_precision: str | None
    after_place: bool  # follows "<place>, " (the region slot of "Zmiivka, Kherson")
    rel_start: int | None = None  # where the relative description before the name begins


def _explicit_region(text: str, end: int) -> tuple[list[Place], str | None]:
    m = _REGION_AFTER.match(text[end:end + 80])
    if not m:
        return [], None
    name = m.group("r").rstrip(".")
    word = (m.group("w") or "").strip().lower()
    gaz = _gaz()
    us = US_ABBREVIATIONS.get(_abbr_key(name))
    if us and (m.group("r").endswith(".") or text[end + m.end("r"):end + m.end("r") + 1] == "."):
        name = us  # "Gainesville, Ga." names Georgia; a bare "Ga" without the dot does not
    found = [c.place for c in gaz.lookup(name) if _is_admin(c.place)]
    if word and re.match(_ADMIN2_WORDS, word):
        found = [p for p in found if p.kind == "admin2"] or found
    elif word:
        found = [p for p in found if p.kind in ("admin1", "region", "country")] or found
    else:
        # A bare name after a comma is a region only if no sizeable town has that name
        # ("Kherson" after a comma is the oblast: ACLED style "Zmiivka, Kherson").
        found = [p for p in found if p.kind in ("admin1", "region", "country")]
    return found, m.group(0).strip(" ,(")


def _relation(text: str, start: int) -> tuple[str | None, str | None, int | None]:
    lo = max(0, start - 60)
    before = text[lo:start]
    for pattern, kind in ((_REL_DISTANCE, "distance"), (_REL_DIRECTION, "direction"),
                          (_REL_PART, "part"), (_REL_NEAR, "near")):
        m = pattern.search(before)
        if m:
            rel = re.sub(r"\s+", " ", m.group("rel").strip())
            return rel, kind, lo + m.start("rel")
    return None, None, None


def _follows_place(text: str, start: int, ends: frozenset[int]) -> bool:
    """'Izium, Kharkiv region': the span comes right after another span and a comma."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0 or text[i - 1] != ",":
        return False
    i -= 1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i in ends


def _prepare(text: str, start: int, end: int, ends: frozenset[int]) -> _Span:
    gaz = _gaz()
    surface = text[start:end]
    base = _strip_kind_words(surface)
    want: str | None = None
    after = text[end:end + 30]
    before = text[max(0, start - 30):start]
    if _SUFFIX_ADMIN.search(surface) or _AFTER_ADMIN.match(after) or _BEFORE_ADMIN.search(before):
        want = "admin"
    elif _SUFFIX_ADMIN2.search(surface) or _AFTER_ADMIN2.match(after):
        want = "admin2"
    elif (_SUFFIX_SETTLEMENT.search(surface) or _AFTER_SETTLEMENT.match(after)
          or _BEFORE_SETTLEMENT.search(before)):
        want = "settlement"
    abbreviation = US_ABBREVIATIONS.get(_abbr_key(surface))
    if abbreviation and (surface.endswith(".") or text[end:end + 1] == "."):
        surface_for_lookup = abbreviation  # "W.Va." is West Virginia, not a town called Wva
        base = abbreviation
        want = "admin"
    else:
        surface_for_lookup = surface
    if has_cyrillic(surface):
        # Declined Ukrainian and Russian names, and their countries and oblasts.
        cands, cyrillic_want = cyrillic_candidates(gaz, surface, script_language(text))
        region, region_text = _explicit_region(text, end)
        rel, kind, rel_start = _relation(text, start)
        return _Span(start, end, surface, base, want or cyrillic_want, cands, region,
                     region_text, rel, kind, _follows_place(text, start, ends), rel_start)
    cands = gaz.lookup(surface_for_lookup)
    district = _AFTER_ADMIN2.match(after) if want == "admin2" else None
    if district:
        # "Kupiansk hromada", "Pokrovsk district": the area is known by the town's name and its
        # word, and wins over the town through ``_named_as``.
        have = {c.place.gazetteer_id for c in cands}
        cands += [c for c in gaz.lookup(f"{surface}{district.group()}")
                  if c.place.gazetteer_id not in have]
    if base and base != surface_for_lookup:
        have = {c.place.gazetteer_id for c in cands}
        cands += [c for c in gaz.lookup(base) if c.place.gazetteer_id not in have]
    region, region_text = _explicit_region(text, end)
    rel, kind, rel_start = _relation(text, start)
    after_place = _follows_place(text, start, ends)
    return _Span(start, end, surface, base, want, cands, region, region_text, rel, kind,
                 after_place, rel_start)


@dataclass(frozen=True)
class _Context:
    """What the rest of the document says, as the context of one name."""

    countries: Counter[str]
    admin1s: Counter[str]
    anchors: list[Place]
    theatre: bool = False  # the document is about the war in Ukraine


_NO_CONTEXT = _Context(Counter(), Counter(), [])


def _major_city(sp: _Span, cands: list[Candidate]) -> Place | None:
    """The big city of the region the war is in that a bare name means, if any.

    Rostov is Rostov-on-Don, not the Sumy village called Rostov: a city of the focus countries
    with at least MAJOR_CITY_POPULATION people, matched by its own name or by the start of it
    ("Rostov" for Rostov-on-Don), whose namesakes are all MAJOR_CITY_RATIO times smaller.
    Elsewhere (London, Paris) the document's context decides, as it always did; and a name that
    is also a region's is left to the region rules.
    """
    if any(c.primary and _is_admin(c.place) for c in cands):
        return None
    towns = [c for c in cands if not _is_admin(c.place)]
    if not towns:
        return None
    top = max(towns, key=lambda c: c.place.population or 0)
    big = top.place
    if (big.kind != "city" or big.country not in FOCUS_COUNTRIES
            or (big.population or 0) < MAJOR_CITY_POPULATION):
        return None
    if not top.primary and not fold(big.name).startswith(fold(sp.base or sp.text)):
        return None  # "Manhattan" is an alternate name of New York City, not its short form
    for c in towns:
        p = c.place
        if p.gazetteer_id == big.gazetteer_id:
            continue
        d = _distance_km(p, big)
        if d is not None and d < 20:
            continue  # the same city listed twice
        if (p.population or 0) * MAJOR_CITY_RATIO > (big.population or 0):
            return None
    return big


@dataclass(frozen=True)
class _ScoreContext:
    """What every namesake of one span is scored against: the span, the rest of the document,
    the span's big towns that share their region's name, and the big city a bare name means."""

    sp: _Span
    ctx: _Context
    big_towns: list[Place]
    major: Place | None


# What a rule gives a namesake: points, and the reason to show for them (None: no reason shown).
_Points = tuple[float, str | None]


def _population(c: Candidate, sc: _ScoreContext) -> _Points | None:
    p = c.place
    return math.log10((p.population or 0) + 10) / 7.0, (
        f"population {p.population}" if p.population else None)


def _borrowed_point(c: Candidate, sc: _ScoreContext) -> _Points | None:
    p = c.place
    if p.precision in ("admin2", "admin1", "approximate") and not _is_admin(p):
        return -0.2, None  # of two namesakes, prefer the one whose point is its own
    return None


def _primary_name(c: Candidate, sc: _ScoreContext) -> _Points | None:
    return (0.5, None) if c.primary else (0.0, "alternate name")


_KIND_POINTS = {"city": 0.3, "town": 0.15, "country": 0.6, "admin1": 0.45, "region": 0.45}


def _kind(c: Candidate, sc: _ScoreContext) -> _Points | None:
    return _KIND_POINTS.get(c.place.kind, 0.0), None


def _wanted_region(p: Place) -> _Points | None:
    if p.kind in ("admin1", "region", "country"):
        return 3.0, "named as a region"
    if p.kind == "admin2":
        return 1.0, None
    return None


def _wanted_district(p: Place) -> _Points | None:
    # "Kupiansk hromada" and "Pokrovsk district" name the area, not the town it is named after.
    return (3.0, "named as a district") if p.kind in ("admin2", "admin3") else None


def _wanted_settlement(p: Place) -> _Points | None:
    return None if _is_admin(p) else (3.0, "named as a settlement")


# What the words around a name ask for (``_Span.want``: "X region", "X district", "village of
# X"), and the points each namesake earns for being that.
_WANTED: dict[str | None, Callable[[Place], _Points | None]] = {
    "admin": _wanted_region, "admin2": _wanted_district, "settlement": _wanted_settlement,
}


def _named_as(c: Candidate, sc: _ScoreContext) -> _Points | None:
    wanted = _WANTED.get(sc.sp.want)
    return wanted(c.place) if wanted is not None else None


def _bare_name(c: Candidate, sc: _ScoreContext) -> _Points | None:
    """A name no word around asks a kind of: a region slot, a region, or its namesake city."""
    sp, p = sc.sp, c.place
    if sp.want in _WANTED:
        return None  # the words around decided (``_named_as``), even when they gave nothing
    if sp.after_place and p.kind in ("admin1", "region"):
        return 3.0, "region slot after a place name"
    if _is_admin(p) and c.primary and not any(_names_its_region(t, p) for t in sc.big_towns):
        # A bare region name is the region, not a village or town that shares it ...
        return 1.2, "a region's own name"
    if p in sc.big_towns and c.primary:
        # ... but a bare "Kharkiv" is the city its oblast is named after.
        return 1.2, "the city its region is named after"
    return None


def _major_city_named(c: Candidate, sc: _ScoreContext) -> _Points | None:
    sp, p = sc.sp, c.place
    if (sc.major is not None and p.gazetteer_id == sc.major.gazetteer_id and sp.want is None
            and not sp.after_place and not sp.region):
        # A bare "Rostov" is Rostov-on-Don: a village that shares the name is written with its
        # region or as "the village of ...".
        return MAJOR_CITY_WEIGHT, f"a city of {p.population}; its namesakes are far smaller"
    return None


def _in_the_theatre(c: Candidate, sc: _ScoreContext) -> _Points | None:
    # Every Ukrainian candidate gets it (a region as much as a town), so it only ever moves a
    # name from a namesake abroad to one in Ukraine.
    p = c.place
    if sc.ctx.theatre and p.country == "UA" and (
            sc.major is None or sc.major.gazetteer_id == p.gazetteer_id):
        return THEATRE_WEIGHT, "a namesake in Ukraine, where the war the document reports is"
    return None


def _inside_region_named(c: Candidate, sc: _ScoreContext) -> _Points | None:
    sp = sc.sp
    if sp.region and any(_same_region(c.place, r) for r in sp.region):
        return 4.0, f"inside the region named next to it ({sp.region_text})"
    return None


def _country_named(c: Candidate, sc: _ScoreContext) -> _Points | None:
    countries, country = sc.ctx.countries, c.place.country
    total = sum(countries.values())
    if total and country in countries:
        return (COUNTRY_WEIGHT * countries[country] / total,
                f"country {country} named in the document")
    return None


def _admin1_named(c: Candidate, sc: _ScoreContext) -> _Points | None:
    p = c.place
    if p.admin1 and sc.ctx.admin1s.get(p.admin1):
        return ADMIN1_WEIGHT, f"{p.admin1} named in the document"
    return None


def _near_other_places(c: Candidate, sc: _ScoreContext) -> _Points | None:
    p = c.place
    near = [d for a in sc.ctx.anchors if a.gazetteer_id != p.gazetteer_id
            for d in [_distance_km(p, a)] if d is not None]
    if near and not _is_admin(p):
        closest = min(near)
        if closest < 60:
            return 1.0, f"{closest:.0f} km from another place in the document"
        if closest < 200:
            return 0.5, f"{closest:.0f} km from another place in the document"
    return None


@dataclass(frozen=True)
class _ScoreRule:
    """One reason a namesake is (or is less) the place meant: ``points`` gives the points and
    the reason to show, or None when the rule does not apply to that namesake."""

    name: str
    points: Callable[[Candidate, _ScoreContext], _Points | None]


# Every rule that applies adds its points, in this order (the reasons are listed in it too).
_SCORE_RULES = (
    _ScoreRule("population", _population),
    _ScoreRule("borrowed-point", _borrowed_point),
    _ScoreRule("primary-name", _primary_name),
    _ScoreRule("kind", _kind),
    _ScoreRule("named-as", _named_as),
    _ScoreRule("bare-name", _bare_name),
    _ScoreRule("major-city", _major_city_named),
    _ScoreRule("in-the-theatre", _in_the_theatre),
    _ScoreRule("inside-the-region-named", _inside_region_named),
    _ScoreRule("country-named", _country_named),
    _ScoreRule("admin1-named", _admin1_named),
    _ScoreRule("near-other-places", _near_other_places),
)


def _score(c: Candidate, sc: _ScoreContext) -> tuple[float, list[str]]:
    """A namesake's score and the reasons for it: the sum of what the rules of ``_SCORE_RULES``
    that apply give it, in their order."""
    score = 0.0
    why: list[str] = []
    for rule in _SCORE_RULES:
        got = rule.points(c, sc)
        if got is None:
            continue
        points, reason = got
        score += points
        if reason is not None:
            why.append(reason)
    return score, why


def _mention(sp: _Span, best: Candidate | None, score: float, why: list[str]) -> PlaceMention:
    if best is None:
        reason = "not in the gazetteer: kept unresolved" if sp.base else \
            "span outside the text or empty: kept unresolved"
        return PlaceMention(sp.start, sp.end, sp.text, None, "unresolved", sp.relation, 0.0,
                            reason)
    p = best.place
    precision = p.precision
    if sp.rel_precision == "distance":
        precision = coarser(precision, "approximate")
    elif sp.rel_precision == "part" and p.kind == "country":
        # "northern Ukraine" names a region of the country; the point stays the country's.
        precision = "region"
        why = [*why, "a part of the country: the point is the country's"]
    elif sp.rel_precision in ("direction", "part"):
        precision = coarser(precision, "region" if _is_admin(p) else "approximate")
    elif sp.rel_precision == "near":
        precision = coarser(precision, "approximate")
    reasons = "; ".join(why) or "only candidate"
    if sp.relation:
        reasons += f"; relative description '{sp.relation}' -> precision {precision}"
    return PlaceMention(sp.start, sp.end, sp.text, p, precision, sp.relation, round(score, 3),
                        reasons)


# Words that say a text is about Ukraine even where no place of it is resolved ("Ukrainian
# troops pulled back from Lyman").
_ABOUT_UKRAINE = re.compile(r"\b(?:Ukrain(?:e|ian|ians)|Україн\w*|Украин\w*)\b")
# ... and so do Russia's forces at war ("Russia's defence ministry said its troops had
# withdrawn from Lyman"): a war-news tool reads such a text as about the war in Ukraine, so
# Lyman is the town in Donetsk oblast, not Liman in Astrakhan oblast.
_RUSSIA = re.compile(r"\b(?:Russia(?:n|ns|'s)?|Kremlin|Moscow)\b")
_AT_WAR = re.compile(
    r"\b(?:troops|forces|soldiers|army|shell(?:ed|ing|s)|strikes?|struck|drones?|missiles?|"
    r"artillery|front(?:\s*line)?|offensive|counter-?offensive|occupied|occupation|"
    r"(?:defen[cs]e|war)\s+ministry|general\s+staff|withdr[ae]w[n]?|captured|liberated)\b",
    re.I)


def _about_the_war(text: str) -> bool:
    """The text names Ukraine, or Russia together with fighting words."""
    if _ABOUT_UKRAINE.search(text):
        return True
    fighting = {m.group().lower() for m in _AT_WAR.finditer(text)}
    return bool(_RUSSIA.search(text)) and len(fighting) >= 2


# The countries and first-level regions a mention names for sure, with how often: its votes
# for the context of the other mentions.
_Votes = tuple[Counter[str], Counter[str]]
# A span's namesakes with their scores and reasons, best first (``_choose``).
_Ranked = list[tuple[Candidate, float, list[str]]]


def _unresolvable(text: str, s: int, e: int) -> _Span:
    """A span outside the text or empty: kept, with no candidate."""
    return _Span(s, e, text[max(0, s):max(0, e)], "", None, [], [], None, None, None, False)


def _firm_votes(sp: _Span) -> tuple[_Votes, bool, Place | None]:
    """Pass 1 for one span: what it says for sure (a country or region it names, a place whose
    name is unique or whose region is given), whether it names a country as a country (a party,
    in a document about the war), and the place it is an anchor at, if any."""
    own_countries: Counter[str] = Counter()
    own_admin1s: Counter[str] = Counter()
    firm = _choose(sp, _NO_CONTEXT)
    if firm is None:
        return (own_countries, own_admin1s), False, None
    best = firm[0][0]
    ambiguous = len({c.place.gazetteer_id for c in sp.cands}) > 1 and not sp.region
    if ambiguous and best.place.kind not in ("country", "admin1", "region"):
        return (own_countries, own_admin1s), False, None
    own_countries[best.place.country] += 1
    if best.place.admin1:
        own_admin1s[best.place.admin1] += 1
    party = best.place.kind == "country" and not sp.region
    anchor = best.place if not _is_admin(best.place) and not sp.after_place else None
    for r in sp.region:
        if r.admin1:
            own_admin1s[r.admin1] += 1
        own_countries[r.country] += 1
    return (own_countries, own_admin1s), party, anchor


def _rank_in_context(prepared: list[_Span], own: list[_Votes],
                     anchors: list[tuple[int, Place]], theatre: bool) -> list[_Ranked | None]:
    """Pass 2: every span's namesakes ranked with what the rest of the document says."""
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for own_c, own_a in own:
        countries.update(own_c)
        admin1s.update(own_a)
    # A name is never its own context: the votes of every mention of the same name are left
    # out, or two mentions of an ambiguous "Georgia" would vote each other into the country.
    names = [fold(sp.base or sp.text) for sp in prepared]
    by_name: dict[str, _Votes] = {}
    for key, (own_c, own_a) in zip(names, own, strict=True):
        name_c, name_a = by_name.setdefault(key, (Counter(), Counter()))
        name_c.update(own_c)
        name_a.update(own_a)
    ranked: list[_Ranked | None] = []
    for i, sp in enumerate(prepared):
        name_c, name_a = by_name[names[i]]
        others = [p for j, p in anchors if names[j] != names[i]]
        ranked.append(_choose(sp, _Context(countries - name_c, admin1s - name_a, others,
                                           theatre)))
    return ranked


def _resolved(sp: _Span, pick: tuple[Candidate, float, list[str]] | None,
              ranked: _Ranked | None) -> PlaceMention:
    if pick is None and sp.region and sp.cands:
        elsewhere = sorted({c.place.admin1 or c.place.country or "" for c in sp.cands})
        refused = tuple(_considered(c, 0.0, [f"outside {sp.region_text}"])
                        for c in sp.cands[:CONSIDERED_KEPT])
        return PlaceMention(sp.start, sp.end, sp.text, None, "unresolved", sp.relation, 0.0,
                            f"no {sp.base or sp.text} in the gazetteer inside the region named "
                            f"next to it ({sp.region_text}); {len(sp.cands)} namesake(s) "
                            f"elsewhere ({', '.join(elsewhere[:5])}) refused: kept unresolved",
                            refused)
    if pick is None and ranked == [] and sp.cands:
        abroad = sorted({f"{c.place.name} ({c.place.admin1 or c.place.country})"
                         for c in sp.cands})
        return PlaceMention(sp.start, sp.end, sp.text, None, "unresolved", sp.relation, 0.0,
                            "only small namesakes abroad whose country the text never names, "
                            f"in a text about the war ({', '.join(abroad[:5])}): kept "
                            "unresolved", tuple(_considered(c, 0.0, ["small and abroad"])
                                                for c in sp.cands[:CONSIDERED_KEPT]))
    if pick is None:
        return _mention(sp, None, 0.0, [])
    best, score, why = pick
    n = len(sp.cands)
    if n > 1:
        why = [*why, f"{n - 1} other namesake(s) scored lower"]
    others = [_considered(c, s, w) for c, s, w in ranked or ()
              if c.place.gazetteer_id != best.place.gazetteer_id]
    considered = (_considered(best, score, pick[2]), *others[:CONSIDERED_KEPT - 1])
    return replace(_mention(sp, best, score, why), considered=considered)


def resolve_places(text: str, spans: Sequence[tuple[int, int]]) -> list[PlaceMention]:
    """Disambiguate every span using the whole text; every span gets a mention, resolved or not."""
    spans = list(spans)
    ends = frozenset(e for s, e in spans if 0 <= s < e <= len(text))
    prepared = [_prepare(text, s, e, ends) if 0 <= s < e <= len(text) else
                _unresolvable(text, s, e) for s, e in spans]
    # Pass 1: what the document says for sure becomes the context of pass 2.
    firm = [_firm_votes(sp) for sp in prepared]
    own = [votes for votes, _, _ in firm]
    anchors = [(i, anchor) for i, (_, _, anchor) in enumerate(firm) if anchor is not None]
    # A document about the war in Ukraine names the countries that wage it, arm it or talk
    # about it: "Russia" said ten times is no evidence that a village is in Russia. There,
    # a country counts only through the regions and towns of it that the document names.
    theatre = any(c["UA"] for c, _ in own) or _about_the_war(text)
    if theatre:
        own = [(Counter(), Counter()) if party and "UA" not in votes[0] else votes
               for votes, party, _ in firm]
    ranked = _rank_in_context(prepared, own, anchors, theatre)
    chosen: list[tuple[Candidate, float, list[str]] | None] = [r[0] if r else None
                                                                for r in ranked]
    _resolve_pairs(text, prepared, ranked, chosen)
    return [_resolved(sp, pick, ranks)
            for sp, pick, ranks in zip(prepared, chosen, ranked, strict=True)]


# "Dibrova, west of Kreminna", "Dibrova, a village near Kreminna", "Dibrova (10 km north of
# Kreminna)": the words between the first name and the relative description of the second.
_PAIR_GAP = re.compile(
    r"^\s*(?:,|\(|–|—)?\s*(?:(?:a|the)\s+(?:small\s+|tiny\s+|frontline\s+|front-line\s+)?"
    rf"{_SETTLEMENT_WORDS}\s+)?(?:(?:just|directly|immediately|located|situated|lying|that\s+is|"
    r"which\s+is|is|lies)\s+)*$", re.I)


def _stated_km(relation: str | None) -> float:
    """The distance a relative description states ("20 km south of" -> 20), else 0."""
    # From the start of a run of digits, taken whole: linear on a long run (issue 14).
    m = re.search(r"(?<!\d)(\d++(?:[.,]\d++)?)\s*+(km|kilomet\w*|mi\w*)", relation or "", re.I)
    if not m:
        return 0.0
    value = float(m.group(1).replace(",", "."))
    return value * 1.609 if m.group(2).lower().startswith("mi") else value


def _resolve_pairs(text: str, prepared: list[_Span],
                   ranked: list[list[tuple[Candidate, float, list[str]]] | None],
                   chosen: list[tuple[Candidate, float, list[str]] | None]) -> None:
    """A name tied to the next one by a relative description is the namesake nearest to it.

    In "Dibrova, west of Kreminna" the second name is resolved first (by the whole document);
    of the fifty villages called Dibrova, the one nearest that Kreminna (or nearest the stated
    distance, "Dibrova, 20 km west of Kreminna") wins over what the rest of the document says:
    each kilometre farther than the nearest namesake costs, PAIR_WEIGHT in PAIR_SCALE_KM.
    Changes ``chosen`` in place.
    """
    order = sorted(range(len(prepared)), key=lambda k: prepared[k].start)
    for i, j in zip(order, order[1:], strict=False):
        sp, sj = prepared[i], prepared[j]
        if sj.rel_start is None or sj.rel_precision is None or sp.end > sj.rel_start:
            continue
        if not _PAIR_GAP.match(text[sp.end:sj.rel_start]):
            continue
        ranked_i, ref = ranked[i], chosen[j]
        if not ranked_i or ref is None or _is_admin(ref[0].place):
            continue
        stated = _stated_km(sj.relation)
        off: list[tuple[float, float, int]] = []  # (|distance - stated|, distance, rank)
        for k, (cand, _score, _why) in enumerate(ranked_i[:PAIR_CANDIDATES]):
            d = None if _is_admin(cand.place) else _distance_km(cand.place, ref[0].place)
            if d is not None and cand.place.gazetteer_id != ref[0].place.gazetteer_id:
                off.append((abs(d - stated), d, k))
        if not off:
            continue
        nearest = min(o for o, _, _ in off)
        if nearest > PAIR_MAX_KM:
            continue  # no namesake anywhere near: the description does not tie these two
        best: tuple[float, float, int] | None = None
        for o, d, k in off:
            total = ranked_i[k][1] + PAIR_WEIGHT * math.exp(-(o - nearest) / PAIR_SCALE_KM)
            if best is None or total > best[0]:
                best = (total, d, k)
        assert best is not None
        total, d, k = best
        cand, _score, why = ranked_i[k]
        chosen[i] = (cand, total, [*why, f"{d:.0f} km from {ref[0].place.name}, tied to it by "
                                         f"'{sj.relation}'"])


def _names_its_region(town: Place, region: Place) -> bool:
    """True when a big town lies in the region of the same name (Kharkiv in Kharkiv Oblast)."""
    return (town.country == region.country and region.kind in ("admin1", "admin2")
            and bool(town.admin1) and town.admin1 == region.admin1)


def _refuses_namesakes(sp: _Span) -> bool:
    """A settlement's name with its oblast or district named next to it ("Chervonyi Yar,
    Luhansk") that the gazetteer does not know there stays unresolved: a namesake 800 km away
    in another oblast is never the answer. Only for the regions of the war's countries, and
    only when the name is no region or country itself: "China, Canada" or "Missouri, New York"
    is a list, where the second name is no region slot of the first."""
    regional = any(r.kind in ("admin1", "admin2") and r.country in FOCUS_COUNTRIES
                   for r in sp.region)
    return regional and not any(_is_admin(c.place) for c in sp.cands)


def _choose(sp: _Span, ctx: _Context) -> list[tuple[Candidate, float, list[str]]] | None:
    """Every candidate of the span with its score and reasons, best first (None: no candidate)."""
    if not sp.cands:
        return None
    cands = sp.cands
    if sp.region:
        # Hard rule: a place with its region named is one of that region's places.
        inside = [c for c in cands if any(_same_region(c.place, r) for r in sp.region)]
        if not inside and _refuses_namesakes(sp):
            return None  # kept unresolved; `_resolved` says why
        cands = inside or cands
    admins = [c.place for c in cands if c.primary and c.place.kind in ("admin1", "admin2")]
    big_towns = [c.place for c in cands if c.primary and c.place.kind in ("city", "town")
                 and (c.place.population or 0) >= 100_000
                 and any(_names_its_region(c.place, a) for a in admins)]
    major = _major_city(sp, cands)
    sc = _ScoreContext(sp, ctx, big_towns, major)
    scored = [(c, *_score(c, sc)) for c in cands if not _small_and_abroad(c.place, ctx)]
    scored.sort(key=lambda t: -t[1])
    return scored


SMALL_ABROAD_POPULATION = 50_000


def _small_and_abroad(p: Place, ctx: _Context) -> bool:
    """In a text about the war, a small settlement far from it whose country and region the
    text never names is no answer: "the east bank" is not East Bank, West Virginia. Such a
    name stays unresolved (`_resolved` says why) rather than putting a strike on another
    continent."""
    return (ctx.theatre and not _is_admin(p) and p.country not in FOCUS_COUNTRIES
            and (p.population or 0) < SMALL_ABROAD_POPULATION
            and not ctx.countries.get(p.country or "") and not ctx.admin1s.get(p.admin1 or ""))
