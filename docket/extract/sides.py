"""Which side a force belongs to: 'Russian troops', 'the Armed Forces of Ukraine', 'DPR militants'.

Events need a perpetrator's side and a victim's status; both come from how the text names a
group. This module finds phrases that name armed forces, state actors, civilians and protesters
(`find_forces`) and tells the side of any phrase (`side_of_phrase`), from a hand-written
lexicon: every answer carries the rule that gave it.

Side vocabulary (`SIDES`):

- `Russia`: the Russian state and its forces, including Wagner and other Russian private
  military companies (kind `armed_group`), Kadyrov's forces ('Kadyrovites', Akhmat), Rosgvardia,
  the FSB, and 'the occupiers' / 'invaders' / 'occupation forces' without a demonym (Ukrainian
  usage names Russia so);
- `Ukraine`: the Ukrainian state and its forces (AFU/ZSU, National Guard, Territorial Defence,
  SBU, GUR, National Police, State Border Guard Service), and the foreign volunteer formations
  that fight for it (Russian Volunteer Corps, Freedom of Russia Legion, Georgian Legion);
- `DPR`, `LPR`: the self-proclaimed Donetsk and Luhansk People's Republics and their forces;
- `separatists`: Russia-backed forces of the self-proclaimed republics when the text does not
  say which ('pro-Russian separatists', 'Russian-backed rebels');
- `Belarus`: the Belarusian state and its forces;
- `unknown`: no side is named, or several are.

Kinds (`KINDS`): `military`, `police`, `security`, `government`, `armed_group`, `civilians`,
`protesters`, `unknown`. A force of DPR, LPR or separatists named with a military noun ('DPR
forces') is an `armed_group`. Branches (`Force.branch`): air force, navy, air defence, national
guard, border guard, special forces, territorial defence, marines, airborne, artillery,
intelligence.

Not forces: 'Russian language', 'Russian-speaking', 'Russian Orthodox'. Country names used as
actors ('Russia launched', 'Ukraine struck') are forces of that side (rule `metonymy`, kind
`unknown`: the state acting, branch unsaid); after a preposition ('in Russia', 'to Ukraine')
they are places, except 'by Russia'. With spaCy's parse the reading rests on the subject
relation; without it, on the next word being a verb. Capitals ('Moscow', 'Kyiv') stand for
their country only when the events module says they act: `side_of_phrase` reads them, but
`find_forces` never emits a bare capital.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docket.model import SIDES, Mention


def _word_set(words: str) -> frozenset[str]:
    """A vocabulary written as whitespace-separated words, for lists too long for literals."""
    return frozenset(words.split())


__all__ = ["KINDS", "SIDES", "Force", "find_forces", "side_of_phrase"]  # SIDES: model.py's
KINDS: tuple[str, ...] = ("military", "police", "security", "government", "armed_group",
                          "civilians", "protesters", "unknown")


@dataclass(frozen=True)
class Force:
    """A phrase naming an armed force, a state actor, civilians or protesters, with its side."""

    start: int
    end: int
    text: str
    side: str  # one of SIDES
    kind: str  # one of KINDS
    branch: str | None  # "air force", "navy", "air defence", "national guard", "border guard"...
    entity: str | None  # entity id of an overlapping Mention (military_unit/organization), if any
    rule: str


# --- sides of words --------------------------------------------------------------------------
# (pattern, side or None, rule), tried in order; a match hides its words from later patterns,
# so 'Russian-backed separatists' is separatists, not Russia. Side None: words that look like a
# side but name none ('Russian-speaking').

_SIDE_WORDS: list[tuple[str, str | None, str]] = [
    (r"russian[\s-]+(?:speaking|speakers?|language|orthodox|citizenship|passports?)"
     r"|ukrainian[\s-]+(?:speaking|speakers?|language|orthodox)|ethnic\s+russians",
     None, "language or faith, not a side"),
    (r"russian\s+volunteer\s+corps|freedom\s+of\s+russia(?:\s+legion)?|georgian\s+legion"
     r"|kastus\s+kalinou?vski", "Ukraine", "volunteer formation fighting for Ukraine"),
    (r"dpr|dnr|donetsk\s+people['’]?s\s+republic|(?:self-proclaimed\s+)?donetsk\s+republic"
     r"|(?:donetsk|donbass?)\s+people['’]?s\s+militia",
     "DPR", "Donetsk People's Republic"),
    (r"lpr|lnr|lu[hg]ansk\s+people['’]?s\s+republic|(?:self-proclaimed\s+)?lu[hg]ansk\s+republic"
     r"|lu[hg]ansk\s+people['’]?s\s+militia",
     "LPR", "Luhansk People's Republic"),
    (r"naf|novorossiya\s+armed\s+forces|(?:joint|united)\s+armed\s+forces\s+of\s+novorossiya",
     "separatists", "Novorossiya Armed Forces (NAF): the republics' forces together"),
    (r"(?:pro-russian|pro-moscow|russian-backed|russia-backed|moscow-backed|kremlin-backed)"
     r"|separatists?|rebels?", "separatists",
     "separatists: Russia-backed forces of the self-proclaimed republics"),
    (r"(?:russian|moscow|kremlin)-(?:installed|appointed|controlled)", "Russia",
     "occupation authorities installed by Russia"),
    (r"belarus(?:ian|ians)?(?:['’]s)?|minsk(?:['’]s)?|lukashenk[oa](?:['’]s)?", "Belarus",
     "Belarus"),
    (r"wagner|pmc|private\s+military\s+compan(?:y|ies)", "Russia",
     "Wagner and other PMCs: Russia"),
    (r"kadyrov(?:ites?|tsy|['’]s)?|akhmat|chechen", "Russia", "Kadyrov's forces: Russia"),
    (r"occupiers?|occupation|occupying|invaders?|invading|rashists?|ruscists?|orcs",
     "Russia", "occupiers: Russia in Ukrainian usage"),
    (r"russia(?:ns?)?(?:['’]s)?|russian\s+federation|rf|rosgvardi(?:a|ya)|fsb"
     r"|storm-z", "Russia", "demonym or name of Russia"),
    (r"moscow(?:['’]s)?|kremlin(?:['’]s)?|putin(?:['’]s)?", "Russia",
     "capital or leader: Moscow stands for Russia"),
    (r"pro-kyiv|pro-ukrainian|ukrain(?:e|ian|ians)(?:['’]s)?|afu|zsu|зсу|sbu|gur|hur|azov"
     r"|kraken|aidar|territorial\s+defen[cs]e|national\s+police", "Ukraine",
     "demonym or name of Ukraine"),
    (r"kyiv(?:['’]s)?|kiev(?:['’]s)?|zelensk(?:yy|y|iy|ii)(?:['’]s)?", "Ukraine",
     "capital or leader: Kyiv stands for Ukraine"),
    (r"defenders", "Ukraine", "defenders: Ukraine in Ukrainian usage"),
]
_SIDE_RES = [(re.compile(rf"(?<![\w-])(?i:{p})(?![\w-])"), side, rule)
             for p, side, rule in _SIDE_WORDS]
# When two sides are named and one is the specific form of the other, the specific one wins.
_SPECIFIC = {frozenset({"separatists", "DPR"}): "DPR", frozenset({"separatists", "LPR"}): "LPR"}


def side_of_phrase(phrase: str) -> tuple[str, str]:
    """(side, rule) of a phrase naming a group; ('unknown', why) when none or several is named.

    'Russian-backed separatists' -> separatists; 'Moscow' -> Russia (a capital standing for
    its state: use it only where the phrase acts); 'Russian-speaking residents' -> unknown.
    """
    masked = phrase
    found: list[tuple[str, str, str]] = []  # (side, rule, words)
    for pattern, side, rule in _SIDE_RES:
        for m in pattern.finditer(masked):
            if side is not None:
                found.append((side, rule, m.group(0)))
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    sides = {side for side, _, _ in found}
    if not sides:
        return "unknown", "no side named"
    if len(sides) == 1:
        side, rule, words = found[0]
        return side, f"{rule} ({words!r})"
    specific = _SPECIFIC.get(frozenset(sides))
    if specific is not None:
        side, rule, words = next(f for f in found if f[0] == specific)
        return side, f"{rule} ({words!r}); the republic is named, not only 'separatists'"
    return "unknown", "several sides named: " + ", ".join(sorted(sides))


# --- force nouns -----------------------------------------------------------------------------
# (pattern, kind, branch), longest phrases first within each group.

_NOUNS: list[tuple[str, str, str | None]] = [
    (r"air\s+forces?|aerospace\s+forces|aviation|warplanes?|war\s+planes?|fighter\s+jets?"
     r"|jets?|aircraft|bombers?|helicopters?|planes?", "military", "air force"),
    (r"naval\s+forces|navy|fleet|warships?|submarines?|ships?", "military", "navy"),
    (r"air\s+defen[cs]es?(?:\s+forces)?|anti-aircraft\s+defen[cs]es?", "military", "air defence"),
    (r"special\s+(?:operations\s+)?forces|spetsnaz", "military", "special forces"),
    (r"territorial\s+defen[cs]e(?:\s+forces)?", "military", "territorial defence"),
    (r"national\s+guard", "military", "national guard"),
    (r"marines|naval\s+infantry", "military", "marines"),
    (r"paratroopers|airborne\s+(?:troops|forces)", "military", "airborne"),
    (r"artillery(?:\s+units)?|gunners", "military", "artillery"),
    (r"border\s+guards?(?:\s+service)?|border\s+service", "security", "border guard"),
    (r"military\s+intelligence|intelligence(?:\s+services?|\s+agency)?|counter-intelligence",
     "security", "intelligence"),
    (r"security\s+(?:forces|services?)|special\s+services", "security", None),
    (r"armed\s+forces|general\s+staff|high\s+command|command|forces|force|troops|army|armies"
     r"|military|militaries|soldiers?|servicem[ae]n|service\s*members|personnel|units?"
     r"|occupiers|invaders|fighters|defenders|drones|uavs|missiles|rockets|tanks|armou?r"
     r"|conscripts|reservists|sailors|pilots|snipers|sappers|commanders|officers"
     r"|mobili[sz]ed\s+men", "military", None),
    (r"national\s+police|patrol\s+police|police\s+officers|policem[ae]n|police"
     r"|law\s+enforcement(?:\s+officers|\s+agencies)?", "police", None),
    (r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|mod|foreign\s+ministry"
     r"|ministry\s+of\s+foreign\s+affairs|interior\s+ministry|government|authorities"
     r"|officials|leadership|administration|side", "government", None),
    (r"separatists|rebels|militants|militias?|mercenaries|partisans|paramilitaries"
     r"|insurgents|saboteurs", "armed_group", None),
    (r"civilian\s+population|civilians|residents|citizens|nationals|inhabitants|villagers"
     r"|population|people", "civilians", None),
    (r"protesters|protestors|demonstrators|activists", "protesters", None),
]
_NOUN_ALT = "|".join(f"(?:{p})" for p, _, _ in _NOUNS)

# Nouns that name a group on their own, without a demonym ('the occupiers', 'civilians').
_BARE = (r"occupiers|invaders|occupation\s+(?:forces|troops|authorities|administration)"
         r"|occupying\s+forces|separatists|separatist\s+forces|militants|mercenaries"
         r"|partisans|troops|soldiers|servicemen|police|policemen|police\s+officers"
         r"|civilians|residents|protesters|protestors|demonstrators|activists")

_DEMONYM = (
    r"(?:(?i:pro-russian|pro-moscow|russian-backed|russia-backed|moscow-backed|kremlin-backed"
    r"|russian-installed|moscow-installed|kremlin-installed|pro-kyiv|pro-ukrainian)"
    r"|Russian|Russia['’]s|Ukrainian|Ukraine['’]s|Belarusian|Belarus['’]s|Chechen"
    r"|Moscow['’]s|Kyiv['’]s|Kiev['’]s|Kremlin['’]s|Kremlin|DPR|LPR|DNR|LNR|[Ss]eparatist"
    r"|Wagner|Kadyrov['’]s|occupation|occupying|invading)"
)
# Words allowed between a demonym and its noun: kinds of force and weapon names, not verbs
# ('Russian shelling killed civilians' must not become a force 'Russian ... civilians').
_MODIFIER = (
    r"(?:(?i:armed|regular|special|elite|airborne|naval|ground|land|combat|attack|strike"
    r"|kamikaze|suicide|assault|reconnaissance|cruise|ballistic|guided|heavy|long-range"
    r"|short-range|federal|state|border|defen[cs]e|national|regional|local|invading"
    r"|retreating|advancing|withdrawing|remaining|front-?line|mobili[sz]ed|conscript|contract"
    r"|volunteer|interior|foreign|occupation|occupying|military|army|rocket|missile|drone"
    r"|tank|fighter|security|elderly|young|civilian|peaceful|ordinary|former)"
    r"|[A-Z][\w'’]*-?\w*|\w+-\d+\w*|Iranian-made|North\s+Korean)"
)
_PHRASE_RE = re.compile(
    r"(?<![\w-])(?P<dem>" + _DEMONYM + r")(?P<mods>(?:\s+" + _MODIFIER + r"){0,2})"
    r"\s+(?P<noun>(?i:" + _NOUN_ALT + r"))(?![\w-])"
)
_OF_COUNTRY_RE = re.compile(
    r"(?<![\w-])(?P<noun>(?i:" + _NOUN_ALT + r"))\s+of\s+(?:the\s+)?"
    r"(?P<country>Ukraine|Russia|Russian\s+Federation|Belarus|DPR|LPR)(?![\w-])"
)
_BARE_RE = re.compile(r"(?<![\w-])(?P<noun>(?i:" + _BARE + r"))(?![\w-])")

# Names that are a force by themselves: (pattern, kind, branch); the side from side_of_phrase.
_NAMES: list[tuple[str, str, str | None]] = [
    (r"General\s+Staff\s+of\s+the\s+Armed\s+Forces\s+of\s+Ukraine", "military", None),
    (r"Armed\s+Forces\s+of\s+(?:the\s+)?(?:Ukraine|Russia|Russian\s+Federation|Belarus)",
     "military", None),
    (r"Russian\s+Federation\s+Armed\s+Forces", "military", None),
    (r"AFU|ZSU|ЗСУ", "military", None),
    (r"State\s+Border\s+Guard\s+Service(?:\s+of\s+Ukraine)?", "security", "border guard"),
    (r"National\s+Guard\s+of\s+Ukraine", "military", "national guard"),
    (r"Territorial\s+Defen[cs]e(?:\s+Forces)?", "military", "territorial defence"),
    (r"National\s+Police(?:\s+of\s+Ukraine)?", "police", None),
    (r"Rosgvardi(?:a|ya)|National\s+Guard\s+of\s+Russia", "security", "national guard"),
    (r"SBU|Security\s+Service\s+of\s+Ukraine", "security", None),
    (r"FSB|Federal\s+Security\s+Service", "security", None),
    (r"GUR|HUR", "security", "intelligence"),
    (r"Kremlin", "government", None),
    (r"(?:PMC\s+)?Wagner(?:\s+(?:Group|PMC))?", "armed_group", None),
    (r"Kadyrovites|Kadyrovtsy", "armed_group", None),
    (r"(?:Donetsk|Donbass?|Lu[hg]ansk|DPR|LPR|DNR|LNR)\s+People['’]?s\s+Militia"
     r"|NAF|Novorossiya\s+Armed\s+Forces", "armed_group", None),
    (r"Donetsk\s+People['’]?s\s+Republic|Lu[hg]ansk\s+People['’]?s\s+Republic"
     r"|DPR|LPR|DNR|LNR", "government", None),
]
_NAME_RES = [(re.compile(rf"(?<![\w-]){p}(?![\w-])"), kind, branch) for p, kind, branch in _NAMES]

# A country name used as an actor: 'Russia launched', 'Ukraine struck'.
_COUNTRY_RE = re.compile(r"(?<![\w-])(?P<c>Russia|Ukraine|Belarus|the\s+Russian\s+Federation)"
                         r"(?![\w'’-])")
_PLACE_PREPOSITIONS = _word_set("""
in into to from of across throughout within against for with at on over inside outside toward
towards near through around about between via under beyond along amid among visit visited
visiting invade invaded invading invasion
""")
_ACTOR_VERBS = _word_set("""
has had have is was will would could can may might must should did does says said claims
claimed launched launches struck strikes hit hits shot shoots fired fires fought fights began
begins sent sends took takes attacked attacks shelled shells bombed bombs targeted targets
accused accuses denied denies blamed blames used uses deployed deploys seized seizes captured
captures destroyed destroys downed downs intercepted intercepts responded responds retaliated
retaliates withdrew withdraws pulled continued continues carried carries conducted conducts
announced announces reported reports insisted insists warned warns threatened threatens
""")


def _classify_noun(noun: str) -> tuple[str, str | None]:
    for pattern, kind, branch in _NOUNS:
        if re.fullmatch(f"(?i:{pattern})", " ".join(noun.split())):
            return kind, branch
    return "unknown", None


def _head_noun_kind(words: str) -> tuple[str, str | None]:
    """Kind of the longest force noun ending the words: 'Air Force' before 'Force'."""
    tokens = words.split()
    for k in range(min(4, len(tokens)), 0, -1):
        kind, branch = _classify_noun(" ".join(tokens[-k:]))
        if kind != "unknown":
            return kind, branch
    return "unknown", None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    side: str
    kind: str
    branch: str | None
    rule: str
    priority: int  # lower wins between spans of equal length
    entity: str | None = None


def _adjust_kind(kind: str, side: str, phrase: str) -> tuple[str, str]:
    """Forces of the republics and of PMCs are armed groups, whatever noun names them."""
    if kind == "military" and side in ("DPR", "LPR", "separatists"):
        return "armed_group", "; forces of the self-proclaimed republics: armed group"
    if kind in ("military", "unknown") and re.search(r"(?i:wagner|pmc|kadyrov)", phrase):
        return "armed_group", "; PMC or Kadyrov's forces: armed group"
    return kind, ""


def _phrase_candidates(text: str) -> list[_Candidate]:
    out = []
    for m in _PHRASE_RE.finditer(text):
        words = m.group(0)
        side, side_rule = side_of_phrase(words)
        kind, branch = _head_noun_kind(m.group("mods") + " " + m.group("noun"))
        kind, why = _adjust_kind(kind, side, words)
        out.append(_Candidate(m.start(), m.end(), side, kind, branch,
                              f"demonym + force noun; side: {side_rule}{why}", 1))
    for m in _OF_COUNTRY_RE.finditer(text):
        side, side_rule = side_of_phrase(m.group("country"))
        kind, branch = _classify_noun(m.group("noun"))
        kind, why = _adjust_kind(kind, side, m.group(0))
        out.append(_Candidate(m.start(), m.end(), side, kind, branch,
                              f"force noun + of <country>; side: {side_rule}{why}", 1))
    return out


def _name_candidates(text: str) -> list[_Candidate]:
    out = []
    for pattern, kind, branch in _NAME_RES:
        for m in pattern.finditer(text):
            side, side_rule = side_of_phrase(m.group(0))
            out.append(_Candidate(m.start(), m.end(), side, kind, branch,
                                  f"named force; side: {side_rule}", 2))
    for m in _BARE_RE.finditer(text):
        side, side_rule = side_of_phrase(m.group(0))
        kind, branch = _classify_noun(m.group("noun"))
        if m.group("noun").lower().startswith(("occupation", "occupying")):
            kind, branch = _classify_noun(m.group("noun").split()[-1])
        kind, why = _adjust_kind(kind, side, m.group(0))
        out.append(_Candidate(m.start(), m.end(), side, kind, branch,
                              f"force noun without demonym; side: {side_rule}{why}", 4))
    return out


def _acts(text: str, m: re.Match[str], parsed: Any) -> bool:
    """Whether the country name at `m` is an actor rather than a place."""
    before = re.findall(r"[\w'’]+", text[max(0, m.start() - 30):m.start()])
    previous = before[-1].lower() if before else ""
    if parsed is not None:
        span = parsed.char_span(m.start("c"), m.end("c"), alignment_mode="expand")
        if span is not None:
            head = span.root
            if head.dep_ in ("nsubj", "nsubjpass"):
                return True
            # 'attacked by Russia', 'the strike by Ukraine': the agent acts too.
            return head.dep_ == "pobj" and head.head.lower_ == "by"
    if previous in _PLACE_PREPOSITIONS and previous != "by":
        return False
    after = re.match(r"\s+(?:(?:also|again|then|reportedly|allegedly|now|later)\s+)?([\w'’]+)",
                     text[m.end():])
    nxt = after.group(1) if after else ""
    if previous == "by":
        return not nxt or not nxt[0].isupper()
    return nxt in _ACTOR_VERBS or (nxt.islower() and nxt.endswith("ed") and len(nxt) > 4)


def _metonymy_candidates(text: str, parsed: Any) -> list[_Candidate]:
    out = []
    for m in _COUNTRY_RE.finditer(text):
        if _acts(text, m, parsed):
            side, side_rule = side_of_phrase(m.group("c"))
            out.append(_Candidate(m.start("c"), m.end("c"), side, "unknown", None,
                                  f"metonymy: a country named as an actor; side: {side_rule}", 3))
    return out


_UNIT_SIDES = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
_ORG_SIDES = {"ru": "Russia", "ua": "Ukraine", "by": "Belarus"}


def _organization_kind(name: str) -> tuple[str, str | None] | None:
    """(kind, branch) of an organization that is a force or a state body, else None."""
    for pattern, kind, branch in _NAME_RES:
        if pattern.search(name):
            return kind, branch
    # The head of an English name is its last force noun before any 'of ...' complement:
    # 'Kharkiv Regional Military Administration' is an administration.
    nouns = list(re.finditer(f"(?<![\\w-])(?i:{_NOUN_ALT})(?![\\w-])", name))
    return _classify_noun(nouns[-1].group(0)) if nouns else None


def _mention_candidates(mentions: Sequence[Mention]) -> list[_Candidate]:
    out = []
    for mention in mentions:
        if mention.kind == "military_unit":
            country = mention.attributes.get("country")
            side = _UNIT_SIDES.get(str(country), "unknown")
            rule = f"military unit mention; side: unit country {country}"
            if side == "unknown":
                side, side_rule = side_of_phrase(mention.text)
                rule = f"military unit mention; side: {side_rule}"
            kind, why = _adjust_kind("military", side, mention.text)
            out.append(_Candidate(mention.start, mention.end, side, kind,
                                  mention.attributes.get("branch"), rule + why, 0,
                                  mention.entity_id))
        elif mention.kind == "organization":
            kind_branch = _organization_kind(mention.text)
            if kind_branch is None:
                continue  # an outlet, an NGO, a hospital: not a force
            kind, branch = kind_branch
            prefix = mention.key.split(":", 1)[0]
            side, side_rule = side_of_phrase(mention.text)
            if prefix in _ORG_SIDES:
                side, side_rule = _ORG_SIDES[prefix], f"organization key {mention.key}"
            kind, why = _adjust_kind(kind, side, mention.text)
            out.append(_Candidate(mention.start, mention.end, side, kind, branch,
                                  f"organization mention; side: {side_rule}{why}", 5,
                                  mention.entity_id))
    return out


def _entity_for(start: int, end: int, mentions: Sequence[Mention]) -> str | None:
    best, best_overlap = None, 0
    for mention in mentions:
        if mention.kind not in ("military_unit", "organization"):
            continue
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention.entity_id, overlap
    return best


def find_forces(text: str, mentions: Sequence[Mention] = (), parsed: Any = None) -> list[Force]:
    """Phrases of `text` naming forces, state actors, civilians or protesters, in text order.

    `mentions` are the entity mentions of `text` (military units and organizations add their
    entity ids and units their country); `parsed`, spaCy's parse of `text`, makes the reading
    of 'Russia' / 'Ukraine' as actors rest on the subject relation instead of the next word.
    Where phrases overlap the longest wins ('Wagner fighters' over 'Wagner').
    """
    candidates = [*_mention_candidates(mentions), *_phrase_candidates(text),
                  *_name_candidates(text), *_metonymy_candidates(text, parsed)]
    candidates.sort(key=lambda c: (-(c.end - c.start), c.priority, c.start))
    starts: list[int] = []
    chosen: list[_Candidate] = []  # sorted by start, never overlapping
    for c in candidates:
        i = bisect.bisect_left(starts, c.start)
        if (i > 0 and chosen[i - 1].end > c.start) or (i < len(chosen)
                                                       and chosen[i].start < c.end):
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    out = []
    for c in chosen:
        # Mentions may start at 'the'; a force is the name itself, as the patterns give it.
        article = re.match(r"(?i:the)\s+", text[c.start:c.end])
        start = c.start + article.end() if article else c.start
        out.append(Force(start, c.end, text[start:c.end], c.side, c.kind, c.branch,
                         c.entity or _entity_for(c.start, c.end, mentions), c.rule))
    return out
