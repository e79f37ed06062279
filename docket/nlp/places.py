"""Place mentions: which spans of a text are places, and which gazetteer entry each one is.

Recognition (``find_place_mentions``) starts from spaCy's GPE/LOC/FAC spans, takes PERSON/ORG
spans the small English model mislabels (Kramatorsk as a PERSON, Bakhmut as an ORG) when the
gazetteer knows them as Ukrainian or neighbouring places, and adds capitalised names of known
Ukrainian settlements and regions that NER missed.

Resolution (``resolve_places``) reads the whole text, in this order of trust:

1. an explicit region next to the name ("Zmiivka, Kherson", "in the Kharkiv region",
   "Izium (Kharkiv Oblast)"): only namesakes inside it are kept, so a village never becomes a
   bigger namesake in another oblast;
2. the words around the name: "X region"/"X Oblast" asks for the region, "village of X" for a
   settlement; a bare region name is a region, not a village that shares it, unless a real town
   carries the name (Kharkiv the city);
3. the rest of the document: the countries and oblasts it names, and closeness to the other
   places it names ("near X" included);
4. population.

Relative descriptions ("20 km south of X", "east of the Kharkiv region", "northern Ukraine")
keep X as the place but give the mention a coarser precision than X's own, and say so in
``relation``. A name the gazetteer does not know stays a mention with ``place=None``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from docket.nlp.gazetteer import Candidate, Gazetteer, Place, coarser, distance_km
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

_SUFFIX_ADMIN = re.compile(rf"\s+{_ADMIN_WORDS}$", re.I)
_SUFFIX_ADMIN2 = re.compile(rf"\s+{_ADMIN2_WORDS}$", re.I)
_SUFFIX_SETTLEMENT = re.compile(rf"\s+{_SETTLEMENT_WORDS}$", re.I)
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


@dataclass(frozen=True)
class PlaceMention:
    """A span of the text that names a place, resolved or kept unresolved (``place=None``)."""

    start: int
    end: int
    text: str
    place: Place | None
    precision: str
    relation: str | None
    score: float
    why: str


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
        if not cand.primary or (settlements_only and p.kind in ("country", "region", "admin1")):
            continue
        if p.country in FOCUS_COUNTRIES or p.kind in ("region", "admin1"):
            return True
    return False


def find_place_mentions(
    text: str, ner_spans: Sequence[tuple[int, int, str]] = ()
) -> list[tuple[int, int]]:
    """Toponym spans: NER place spans, mislabelled spans the gazetteer knows, and names NER missed.

    Spans never overlap; where two would, the earlier and longer one wins.
    """
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
    taken = sorted(spans)
    for s, e in _gazetteer_matches(text, taken):
        taken.append((s, e))
    return _no_overlaps(taken)


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
                    _REGION_AFTER.match(text[e:e + 60]) or _AFTER_ADMIN.match(text[e:e + 20])):
                continue
            if _focus_place(surface):
                best = (s, e)
                i += n
                break
        if best:
            found.append(best)
        else:
            i += 1
    return found


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
    return p.kind in ("country", "admin1", "admin2", "region")


def _same_region(p: Place, region: Place) -> bool:
    """True when ``p`` lies inside ``region`` (by names and codes, never by distance alone)."""
    if p.gazetteer_id == region.gazetteer_id:
        return False
    if region.kind == "country":
        return p.country == region.country
    if region.kind == "admin1":
        return p.country == region.country and p.admin1 == region.admin1
    if region.kind == "admin2":
        return p.country == region.country and p.admin2 == region.admin2
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


def _relation(text: str, start: int) -> tuple[str | None, str | None]:
    before = text[max(0, start - 60):start]
    for pattern, kind in ((_REL_DISTANCE, "distance"), (_REL_DIRECTION, "direction"),
                          (_REL_PART, "part"), (_REL_NEAR, "near")):
        m = pattern.search(before)
        if m:
            rel = re.sub(r"\s+", " ", m.group("rel").strip())
            return rel, kind
    return None, None


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
    cands = gaz.lookup(surface_for_lookup)
    if base and base != surface_for_lookup:
        have = {c.place.gazetteer_id for c in cands}
        cands += [c for c in gaz.lookup(base) if c.place.gazetteer_id not in have]
    region, region_text = _explicit_region(text, end)
    rel, kind = _relation(text, start)
    after_place = _follows_place(text, start, ends)
    return _Span(start, end, surface, base, want, cands, region, region_text, rel, kind,
                 after_place)


def _score(sp: _Span, c: Candidate, countries: Counter[str], admin1s: Counter[str],
           anchors: list[Place], big_towns: list[Place]) -> tuple[float, list[str]]:
    p = c.place
    why: list[str] = []
    score = math.log10((p.population or 0) + 10) / 7.0
    if p.population:
        why.append(f"population {p.population}")
    if p.precision in ("admin2", "admin1", "approximate") and not _is_admin(p):
        score -= 0.2  # of two namesakes, prefer the one whose point is its own
    if c.primary:
        score += 0.5
    else:
        why.append("alternate name")
    score += {"city": 0.3, "town": 0.15, "country": 0.6, "admin1": 0.45, "region": 0.45}.get(
        p.kind, 0.0)
    if sp.want == "admin":
        if p.kind in ("admin1", "region", "country"):
            score += 3.0
            why.append("named as a region")
        elif p.kind == "admin2":
            score += 1.0
    elif sp.want == "admin2":
        if p.kind == "admin2":
            score += 3.0
            why.append("named as a district")
    elif sp.want == "settlement":
        if not _is_admin(p):
            score += 3.0
            why.append("named as a settlement")
    elif sp.after_place and p.kind in ("admin1", "region"):
        score += 3.0
        why.append("region slot after a place name")
    elif _is_admin(p) and c.primary and not any(_names_its_region(t, p) for t in big_towns):
        score += 1.2  # a bare region name is the region, not a village or town that shares it
        why.append("a region's own name")
    elif p in big_towns and c.primary:
        score += 1.2  # ... but a bare "Kharkiv" is the city its oblast is named after
        why.append("the city its region is named after")
    if sp.region and any(_same_region(p, r) for r in sp.region):
        score += 4.0
        why.append(f"inside the region named next to it ({sp.region_text})")
    total = sum(countries.values())
    if total and p.country in countries:
        score += COUNTRY_WEIGHT * countries[p.country] / total
        why.append(f"country {p.country} named in the document")
    if p.admin1 and admin1s.get(p.admin1):
        score += ADMIN1_WEIGHT
        why.append(f"{p.admin1} named in the document")
    near = [d for a in anchors if a.gazetteer_id != p.gazetteer_id
            for d in [_distance_km(p, a)] if d is not None]
    if near and not _is_admin(p):
        closest = min(near)
        if closest < 60:
            score += 1.0
            why.append(f"{closest:.0f} km from another place in the document")
        elif closest < 200:
            score += 0.5
            why.append(f"{closest:.0f} km from another place in the document")
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


def resolve_places(text: str, spans: Sequence[tuple[int, int]]) -> list[PlaceMention]:
    """Disambiguate every span using the whole text; every span gets a mention, resolved or not."""
    spans = list(spans)
    ends = frozenset(e for s, e in spans if 0 <= s < e <= len(text))
    prepared = [_prepare(text, s, e, ends) if 0 <= s < e <= len(text) else
                _Span(s, e, text[max(0, s):max(0, e)], "", None, [], [], None, None, None, False)
                for s, e in spans]
    # Pass 1: what the document says for sure (countries and regions it names, places whose
    # name is unique or whose region is given) becomes the context of pass 2.
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    own: list[tuple[Counter[str], Counter[str]]] = [(Counter(), Counter()) for _ in prepared]
    anchors: list[tuple[int, Place]] = []
    for i, sp in enumerate(prepared):
        firm = _choose(sp, Counter(), Counter(), [])
        if firm is None:
            continue
        best, _score_, _why = firm
        ambiguous = len({c.place.gazetteer_id for c in sp.cands}) > 1 and not sp.region
        if ambiguous and best.place.kind not in ("country", "admin1", "region"):
            continue
        own_countries, own_admin1s = own[i]
        own_countries[best.place.country] += 1
        if best.place.admin1:
            own_admin1s[best.place.admin1] += 1
        if not _is_admin(best.place) and not sp.after_place:
            anchors.append((i, best.place))
        for r in sp.region:
            if r.admin1:
                own_admin1s[r.admin1] += 1
            own_countries[r.country] += 1
        countries.update(own_countries)
        admin1s.update(own_admin1s)
    # A name is never its own context: the votes of every mention of the same name are left
    # out, or two mentions of an ambiguous "Georgia" would vote each other into the country.
    names = [fold(sp.base or sp.text) for sp in prepared]
    by_name: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for key, (own_c, own_a) in zip(names, own, strict=True):
        name_c, name_a = by_name.setdefault(key, (Counter(), Counter()))
        name_c.update(own_c)
        name_a.update(own_a)
    out = []
    for i, sp in enumerate(prepared):
        name_c, name_a = by_name[names[i]]
        others = [p for j, p in anchors if names[j] != names[i]]
        chosen = _choose(sp, countries - name_c, admin1s - name_a, others)
        if chosen is None:
            out.append(_mention(sp, None, 0.0, []))
        else:
            out.append(_mention(sp, *chosen))
    return out


def _names_its_region(town: Place, region: Place) -> bool:
    """True when a big town lies in the region of the same name (Kharkiv in Kharkiv Oblast)."""
    return (town.country == region.country and region.kind in ("admin1", "admin2")
            and bool(town.admin1) and town.admin1 == region.admin1)


def _choose(sp: _Span, countries: Counter[str], admin1s: Counter[str],
            anchors: list[Place]) -> tuple[Candidate, float, list[str]] | None:
    if not sp.cands:
        return None
    cands = sp.cands
    if sp.region:
        inside = [c for c in cands if any(_same_region(c.place, r) for r in sp.region)]
        # Hard rule: a place with its region named is one of that region's places.
        cands = inside or cands
    admins = [c.place for c in cands if c.primary and c.place.kind in ("admin1", "admin2")]
    big_towns = [c.place for c in cands if c.primary and c.place.kind in ("city", "town")
                 and (c.place.population or 0) >= 100_000
                 and any(_names_its_region(c.place, a) for a in admins)]
    scored = [(c, *_score(sp, c, countries, admin1s, anchors, big_towns)) for c in cands]
    scored.sort(key=lambda t: -t[1])
    best, score, why = scored[0]
    if len(scored) > 1:
        why = [*why, f"{len(scored) - 1} other namesake(s) scored lower"]
    return best, score, why
