"""Ranks and roles attached to the person they describe, and unnamed participants.

`attach_roles` looks only next to each person span the entity stage found, in four shapes:

- title before the name: 'Colonel Ivan Petrenko', 'Lt. Col. Ivan Petrenko', '64th brigade
  commander Colonel Ivan Petrenko', "the brigade's commander Ivan Petrenko";
- role with its object before the name: 'the commander of the 64th brigade, Ivan Petrenko';
- apposition after the name: 'Ivan Petrenko, a spokesman for the Eastern Group of Forces,',
  'Ivan Petrenko, 34, a lieutenant in the 64th brigade,';
- relative clause: 'Ivan Petrenko, who commands the 64th brigade,'.

Each person gets at most one `RoleMention`; when a title before the name and an apposition
after it both apply, they are merged and the span covers both (it then contains the name).

`unnamed_participants` finds descriptions of people without a name ('the soldier', 'a
25-year-old conscript', 'a source in the ministry'). They belong to their document only: two
soldiers described alike in two reports are not known to be one person, so nothing here
offers a cross-document key.

Windows around a name are bounded and every pattern has bounded repetition, so the cost is
linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RoleMention:
    """A rank and/or role of one person, with the exact words it was read from."""

    person_start: int
    person_end: int
    start: int
    end: int
    text: str
    rank: str | None
    role: str | None
    of: str | None


_RANKS: list[tuple[str, str]] = [
    (r"general\s+of\s+the\s+army|army\s+general|генерал\s+армі[їи]", "army general"),
    (r"colonel[\s-]+general|col\.?\s*gen\.?|генерал-полковник\w*", "colonel general"),
    (r"lieutenant[\s-]+general|(?:lt|lieut)\.?[\s-]*gen\.?|генерал-лейтенант\w*",
     "lieutenant general"),
    (r"major[\s-]+general|maj\.?[\s-]*gen\.?|генерал-майор\w*", "major general"),
    (r"brigadier[\s-]+general|brig\.?[\s-]*gen\.?|бригадн\w+\s+генерал\w*", "brigadier general"),
    (r"lieutenant[\s-]+colonel|(?:lt|lieut)\.?[\s-]*col\.?|підполковник\w*|подполковник\w*",
     "lieutenant colonel"),
    (r"captain\s+(?:first|1st)\s+rank", "captain first rank"),
    (r"captain\s+(?:second|2nd)\s+rank", "captain second rank"),
    (r"captain\s+(?:third|3rd)\s+rank", "captain third rank"),
    (r"senior\s+lieutenant|(?:snr|sr)\.?\s+lt\.?|старш\w+\s+лейтенант\w*", "senior lieutenant"),
    (r"junior\s+lieutenant|jr\.?\s+lt\.?|молодш\w+\s+лейтенант\w*|младш\w+\s+лейтенант\w*",
     "junior lieutenant"),
    (r"first\s+lieutenant|1st\s+lt\.?", "first lieutenant"),
    (r"second\s+lieutenant|2nd\s+lt\.?", "second lieutenant"),
    (r"sergeant\s+major|sgt\.?\s+maj\.?", "sergeant major"),
    (r"senior\s+sergeant|старш\w+\s+сержант\w*", "senior sergeant"),
    (r"junior\s+sergeant|молодш\w+\s+сержант\w*|младш\w+\s+сержант\w*", "junior sergeant"),
    (r"staff\s+sergeant|staff\s+sgt\.?", "staff sergeant"),
    (r"master\s+sergeant|master\s+sgt\.?", "master sergeant"),
    (r"lance\s+corporal|l/cpl\.?", "lance corporal"),
    (r"private\s+first\s+class|pfc\.?", "private first class"),
    (r"warrant\s+officer|praporshchik|прапорщик\w*", "warrant officer"),
    (r"vice[\s-]+admiral|vice\s+adm\.?", "vice admiral"),
    (r"rear[\s-]+admiral|rear\s+adm\.?", "rear admiral"),
    (r"colonel|col\.|полковник\w*", "colonel"),
    (r"general|gen\.|генерал\w*", "general"),
    (r"major|maj\.|майор\w*", "major"),
    (r"captain|capt\.|cpt\.|капітан\w*|капитан\w*", "captain"),
    (r"lieutenant|lieut\.|lt\.|лейтенант\w*", "lieutenant"),
    (r"sergeant|sgt\.|сержант\w*", "sergeant"),
    (r"corporal|cpl\.|єфрейтор\w*|ефрейтор\w*", "corporal"),
    (r"private|pvt\.|pte\.|рядов\w*", "private"),
    (r"admiral|adm\.", "admiral"),
    (r"marshal|маршал\w*", "marshal"),
]

_ROLES: list[tuple[str, str]] = [
    (r"chief\s+of\s+(?:the\s+)?general\s+staff", "chief of the general staff"),
    (r"chief\s+of\s+staff", "chief of staff"),
    (r"commanding\s+officer|commander-in-chief|commander|commandant|командир\w*|командувач\w*",
     "commander"),
    (r"spokes(?:man|woman|person)|press\s+officer|речни[кц]\w*|прес-офіцер\w*", "spokesperson"),
    (r"press\s+secretary|пресс-секретар\w*|прес-секретар\w*", "press secretary"),
    (r"defen[cs]e\s+minister|міністр\w*\s+оборони|министр\w*\s+обороны", "defence minister"),
    (r"foreign\s+minister", "foreign minister"),
    (r"interior\s+minister", "interior minister"),
    (r"prime\s+minister", "prime minister"),
    (r"minister|міністр\w*|министр\w*", "minister"),
    (r"governor|губернатор\w*", "governor"),
    (r"mayor|мер|мэр|міський\s+голова", "mayor"),
    (r"head|chief|глава|голова|керівник\w*|начальник\w*", "head"),
    (r"leader|лідер\w*|лидер\w*", "leader"),
    (r"president|президент\w*", "president"),
    (r"ombuds(?:man|woman|person)|омбудсм\w*", "ombudsperson"),
    (r"representative|представник\w*|представител\w*", "representative"),
    (r"advis[eo]r|радник\w*|советник\w*", "adviser"),
    (r"drone\s+operator", "drone operator"),
    (r"officer|офіцер\w*|офицер\w*", "officer"),
    (r"soldier|serviceman|servicewoman|військовослужбов\w*|военнослужащ\w*|солдат\w*",
     "soldier"),
    (r"fighter|боєць|боец", "fighter"),
    (r"paratrooper|десантник\w*", "paratrooper"),
    (r"marine", "marine"),
    (r"sniper|снайпер\w*", "sniper"),
    (r"medic|paramedic|медик\w*", "medic"),
    (r"gunner", "gunner"),
    (r"pilot|пілот\w*|пилот\w*|льотчик\w*|летчик\w*", "pilot"),
    (r"conscript|строковик\w*|срочник\w*", "conscript"),
    (r"volunteer|доброволе?ц\w*", "volunteer"),
    (r"mercenary|найманц\w*|наёмник\w*|наемник\w*", "mercenary"),
]
_MODIFIERS = r"(?:former|acting|deputy|first\s+deputy|interim|assistant|senior|заступник\w*)"

_END = r"(?![\w-])"
_RANK = f"(?i:{'|'.join(f'(?:{p})' for p, _ in _RANKS)})" + r"(?!\w)"
_ROLE = f"(?i:{'|'.join(f'(?:{p})' for p, _ in _ROLES)})" + _END
_MODS = f"(?i:{_MODIFIERS}){_END}"
# Words that may describe what a role is of when they stand before it ('64th brigade
# commander', 'Eastern Group of Forces spokesman', "Kherson's regional governor").
_OF_WORD = re.compile(
    r"(?:[A-Z0-9А-ЯІЇЄҐ][\w'’.-]{0,30}|(?i:brigade|battalion|regiment|division|army|corps|"
    r"company|platoon|unit|group|forces|ministry|regional|city|district|military|defen[cs]e|"
    r"naval|tank|artillery|assault|mechani[sz]ed|marine|rifle|motor|air|of|the|brigade['’]s|"
    r"battalion['’]s|regiment['’]s|unit['’]s|army['’]s|ministry['’]s|city['’]s|region['’]s))"
)
_OF_SKIP_FIRST = frozenset({
    "On", "In", "At", "By", "Yesterday", "Today", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "According", "When", "After", "Before", "But", "And",
    "Meanwhile", "Also", "However", "Earlier", "Later"})
_OF_TEXT = r"(?:[^,;:()\n.]|\.(?=\S)){1,100}?"

_BEFORE_SIMPLE = re.compile(
    r"(?:(?:(?P<mods>" + _MODS + r")\s+)?(?P<role>" + _ROLE + r")\s+)?"
    r"(?:(?P<rank>" + _RANK + r")\s*)?\Z"
)
_BEFORE_OF = re.compile(
    r"(?:(?P<mods>" + _MODS + r")\s+)?(?P<role>" + _ROLE + r")\s+(?i:of|for|with|in|at)\s+"
    r"(?P<of>" + _OF_TEXT + r")\s*,\s*(?:(?P<rank>" + _RANK + r")\s*)?\Z"
)
_AFTER = re.compile(
    r"\A\s*[,(]\s*(?:\d{1,3}\s*,\s*)?(?:(?i:a|an|the)\s+)?"
    r"(?:(?P<pos>[^,;:()\n.]{1,60}?)['’]s\s+)?"
    r"(?P<pre>(?:" + _OF_WORD.pattern + r"\s+){0,4}?)"
    r"(?:(?P<rank>" + _RANK + r")"
    r"|(?:(?P<mods>" + _MODS + r")\s+)?(?P<role>" + _ROLE + r"))"
    r"(?:\s+(?i:of|for|with|in|at|from)\s+(?P<of>" + _OF_TEXT + r"))?"
    r"(?=\s*(?:[,;:)]|\.(?:\s|\Z)|\Z))"
)
_WHO = re.compile(
    r"\A\s*,\s*who\s+(?P<verb>(?i:commands|commanded|heads|headed|leads|led|runs|ran))\s+"
    r"(?P<of>" + _OF_TEXT + r")(?=\s*(?:[,;:)]|\.(?:\s|\Z)|\Z))"
)
_WHO_ROLE = {"command": "commander", "head": "head", "lead": "leader", "led": "leader",
             "run": "head", "ran": "head"}
_WINDOW = 200
_TITLE_REACH = 60  # the longest rank-and-role title before a name fits in this many characters
_COMMA_NEAR_END = re.compile(r",\s*(?:\S+\s+){0,3}\Z")


def _classify(word: str | None, items: list[tuple[str, str]]) -> str | None:
    if not word:
        return None
    for pattern, value in items:
        if re.fullmatch(f"(?i:{pattern})", word.strip()):
            return value
    return None


def _role_text(mods: str | None, role: str | None) -> str | None:
    base = _classify(role, _ROLES)
    if base is None:
        return None
    if mods:
        return f"{' '.join(mods.lower().split())} {base}"
    return base


def _of_before(window: str, role_start: int) -> tuple[int, str] | None:
    """Start offset and text of the words before a role that say what it is of, if any."""
    tokens = list(re.finditer(r"\S+", window[:role_start]))
    chosen: list[re.Match[str]] = []
    for token in reversed(tokens[-6:]):
        word = token.group(0)
        if not _OF_WORD.fullmatch(word) or word[-1] in ",;:":
            break
        chosen.insert(0, token)
    while chosen and (chosen[0].group(0).lower() == "of"
                      or chosen[0].group(0) in _OF_SKIP_FIRST):
        chosen.pop(0)
    if not chosen or all(t.group(0).lower() in ("the", "of") for t in chosen):
        return None
    start = chosen[0].start()
    text = window[start:chosen[-1].end()]
    return start, re.sub(r"['’]s\Z", "", text)


def _before(text: str, lo: int, s: int) -> tuple[int, int, str | None, str | None,
                                                str | None] | None:
    window = text[lo:s]
    # 'the commander of X, Ivan Petrenko' needs a comma just before the name (or its rank);
    # checking for it first spares the costly search around most names.
    m = _BEFORE_OF.search(window) if _COMMA_NEAR_END.search(window) else None
    if m:
        end = m.end("rank") if m.group("rank") else m.end("of")
        begin = m.start("mods") if m.group("mods") else m.start("role")
        return (lo + begin, lo + end, _classify(m.group("rank"), _RANKS),
                _role_text(m.group("mods"), m.group("role")), m.group("of").strip())
    tail = max(0, len(window) - _TITLE_REACH)
    m = _BEFORE_SIMPLE.search(window, tail)
    if not m or not (m.group("role") or m.group("rank")):
        return None
    begin = m.start()
    end = m.end("rank") if m.group("rank") else m.end("role")
    of = None
    if m.group("role"):
        found = _of_before(window, m.start())
        if found is not None:
            begin, of = found
    return (lo + begin, lo + end, _classify(m.group("rank"), _RANKS),
            _role_text(m.group("mods"), m.group("role")), of)


def _after(text: str, e: int, hi: int) -> tuple[int, int, str | None, str | None,
                                               str | None] | None:
    window = text[e:hi]
    m = _WHO.match(window)
    if m:
        verb = m.group("verb").lower()
        role = next(v for k, v in _WHO_ROLE.items() if verb.startswith(k))
        return (e + m.start("verb"), e + m.end("of"), None, role, m.group("of").strip())
    m = _AFTER.match(window)
    if not m:
        return None
    pre = m.group("pre") or ""
    pos = m.group("pos")
    if pre and any(not _OF_WORD.fullmatch(w) for w in pre.split()):
        return None
    of = m.group("of").strip() if m.group("of") else None
    if of is None and pos:
        of = pos.strip()
    elif of is None and pre.strip():
        of = pre.strip()
    starts = [m.start(g) for g in ("pos", "pre", "mods", "rank", "role")
              if m.group(g) and m.group(g).strip()]
    end = m.end("of") if m.group("of") else m.end()
    return (e + min(starts), e + end, _classify(m.group("rank"), _RANKS),
            _role_text(m.group("mods"), m.group("role")), of)


def attach_roles(text: str, persons: Sequence[tuple[int, int]]) -> list[RoleMention]:
    """Ranks and roles next to each person span; one merged `RoleMention` per person at most."""
    spans = sorted({(s, e) for s, e in persons if 0 <= s < e <= len(text)})
    out: list[RoleMention] = []
    for i, (s, e) in enumerate(spans):
        # Never look across a neighbouring name: its words belong to that person.
        lo = max(spans[i - 1][1] if i else 0, s - _WINDOW)
        hi = min(spans[i + 1][0] if i + 1 < len(spans) else len(text), e + _WINDOW)
        found = [f for f in (_before(text, lo, s), _after(text, e, hi)) if f is not None]
        if not found:
            continue
        start = min(f[0] for f in found)
        end = max(f[1] for f in found)
        rank = next((f[2] for f in found if f[2]), None)
        role = next((f[3] for f in reversed(found) if f[3]), None)
        of = next((f[4] for f in reversed(found) if f[4]), None)
        out.append(RoleMention(s, e, start, end, text[start:end], rank, role, of))
    return out


# --- unnamed participants -------------------------------------------------------------------

_PEOPLE = (
    r"soldier|conscript|serviceman|servicewoman|fighter|mercenary|officer|commander|paratrooper|"
    r"marine|sniper|medic|volunteer|recruit|deserter|defector|gunner|pilot|drone\s+operator|"
    r"resident|villager|civilian|witness|eyewitness|survivor|source|official|spokes(?:man|woman|"
    r"person)|man|woman|boy|girl|teenager|child|pensioner|farmer|driver|doctor|nurse|teacher|"
    r"journalist|reporter|photographer|prisoner|detainee|inmate|priest|mother|father|wife|"
    r"husband|son|daughter|neighbou?r|local|evacuee|refugee|nurse|surgeon|engineer|worker"
)
_ADJ = (
    r"wounded|injured|captured|local|young|elderly|old|retired|former|senior|junior|ukrainian|"
    r"russian|chechen|belarusian|mobili[sz]ed|female|male|military|government|security|"
    r"intelligence|defen[cs]e|western|anonymous|unnamed|fellow|front-?line|contract|regular|"
    r"unidentified|second|third|another|grieving|frightened|exhausted|veteran|separatist|"
    r"ministry|army|police|emergency|hospital|rescue|\d{1,3}-year-old"
)
_POST_WORD = (
    r"(?:[A-Z0-9][\w'’-]{0,30}|(?i:ministry|brigade|battalion|regiment|unit|army|village|town|"
    r"city|region|command|government|military|police|hospital|administration|office|"
    r"intelligence|services?|defen[cs]e|general|staff|headquarters|forces|armed|local|regional|"
    r"security|presidential|kremlin|frontline|front|trenches|mayor['’]s|governor['’]s|"
    r"president['’]s|foreign|interior|emergency|prosecutor['’]s|occupation|occupied)"
    r"(?![\w-]))"
)
_UNNAMED = re.compile(
    r"(?<![\w-])(?P<det>(?i:the|a|an|one|another))\s{1,3}"
    r"(?P<head>(?:(?i:" + _ADJ + r")(?![\w-])\s{1,3}){0,3}(?P<noun>(?i:" + _PEOPLE + r")))"
    r"(?![\w-])"
    r"(?P<post>\s{1,3}(?i:in|of|from|with|at|inside|within|close\s+to|familiar\s+with|near)"
    r"\s{1,3}(?:(?i:the|a|an)\s{1,3})?" + _POST_WORD + r"(?:\s{1,3}" + _POST_WORD + r"){0,3})?"
)
# Lower-case words that show the noun was used as an adjective or a thing ('an official
# statement', 'the source of the fire'), not as a person.
_NOT_A_PERSON_NEXT = re.compile(
    r"\s{1,3}(?:statement|report|figures?|data|channel|account|website|visit|position|"
    r"version|list|documents?|estimate|count|toll|line|request|data|body|bodies)\b",
    re.IGNORECASE,
)


def unnamed_participants(text: str) -> list[tuple[int, int, str]]:
    """Descriptions of unnamed people as (start, end, normalised description), in order.

    The description is lower-cased, without its article: 'a 25-year-old conscript' ->
    '25-year-old conscript'. A description followed by a capitalised name ('the soldier Ivan
    Petrenko') is a title, not an unnamed person, and is skipped.
    """
    out: list[tuple[int, int, str]] = []
    for m in _UNNAMED.finditer(text):
        after = text[m.end():m.end() + 40]
        if not m.group("post"):
            if re.match(r"\s{1,3}[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’]", after):
                continue  # a title before a name
            if _NOT_A_PERSON_NEXT.match(after):
                continue
            if m.group("noun").lower() == "source" and re.match(r"\s+of\b", after):
                continue  # 'the source of the fire'
        elif m.group("noun").lower() == "source" and re.match(r"\s+of\b", m.group("post")):
            continue  # 'the source of the fire'
        description = " ".join(text[m.start("head"):m.end()].lower().split())
        out.append((m.start(), m.end(), description))
    return out
