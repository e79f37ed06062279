"""Military units as one entity each: '64th Separate Motor Rifle Brigade', 'Sparta Battalion'.

A hand-written grammar, not a model: unit names are formulaic (ordinal, qualifiers, branch,
type, then 'of the' parent) and a small English model splits them into ORDINAL + ORG pieces.
Three shapes are recognised:

- numbered units: ordinal + qualifiers + type ('4th guards tank division', '64-я отдельная
  мотострелковая бригада'); the qualifiers split into honorifics (Guards, Separate, or a
  capitalised honorific name such as Kantemirovskaya) and a branch (motor rifle, tank ...);
- named formations: a known name (Wagner, Azov, Akhmat, Kraken, Sparta ...) with or without a
  type word, or a capitalised name followed by a formation type ('Eastern Group of Forces',
  'Moscow Military District', 'Black Sea Fleet'), or a quoted name after a type (батальйон
  «Спарта»);
- 'military unit 3057' / 'в/ч 3057' code numbers.

A unit followed by 'of the' / 'from the' / 'part of the' another, larger unit takes it as
parent; the chain is one mention (the entity is the innermost unit) and the parents are kept
on `UnitName.parent`.

Every pattern has bounded repetition, so recognition is linear in the text length.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace

from docket.nlp.names import transliterate


@dataclass(frozen=True)
class UnitName:
    """The normalised name of one military unit; fields hold only what the text states."""

    number: str | None
    honorific: str | None
    type: str
    branch: str | None
    name: str | None
    parent: UnitName | None
    country: str | None

    def key(self) -> str:
        """Canonical id: the same unit written differently gives the same key.

        Honorifics (Guards, Separate) and the parent are left out on purpose: reports drop
        them freely ('the 64th motor rifle brigade' is the 64th Separate Motor Rifle Brigade),
        while number, type and branch are what tells units apart.
        """
        branch = _BRANCH_KEY.get(self.branch or "", self.branch or "")
        if self.name is not None:
            canonical = _FORMATION_CANONICAL.get(_plain(self.name))
            if canonical is not None:
                return f"formation:{canonical}"
            return f"{self.type}:{_plain(self.name)}"
        return f"{self.type}:{self.number or ''}:{branch}"

    def display(self, with_parent: bool = False) -> str:
        """Readable normalised form: '64th Separate Motor Rifle Brigade'."""
        type_words = _TYPE_DISPLAY.get(self.type, self.type.title())
        branch = self.branch.title() if self.branch else ""
        if self.name is not None:
            shown = _FORMATION_DISPLAY.get(_plain(self.name), self.name)
            # A bare 'Azov' or 'Kraken' says no more than the name: do not add a type word.
            parts = [shown] if self.type == "unit" and not branch else [shown, branch, type_words]
        elif self.type == "unit" and not self.branch and not self.honorific:
            parts = ["Military Unit", self.number or ""]  # a code number, not an ordinal
        else:
            parts = [_ordinal(self.number) if self.number else "", self.honorific or "",
                     branch, type_words]
        text = " ".join(p for p in parts if p)
        if with_parent and self.parent is not None:
            text += " of the " + self.parent.display(with_parent=True)
        return text


@dataclass(frozen=True)
class UnitMention:
    """Where a unit is named: character offsets into the text, the exact words, the rule."""

    start: int
    end: int
    text: str
    unit: UnitName
    rule: str


def _plain(text: str) -> str:
    latin = unicodedata.normalize("NFKD", transliterate(text))
    latin = "".join(c for c in latin if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\"'’«»“”]", "", latin).replace("-", " ").split())


def _ordinal(number: str) -> str:
    if not number.isdigit():
        return number
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- vocabulary ----------------------------------------------------------------------------
# (pattern, normalised form). Longer phrases come first: alternation takes the first that fits.

_BRANCHES: list[tuple[str, str]] = [
    (r"motori[sz]ed[\s-]+rifle|motor[\s-]*rifle|мотострелков\w*|мотострілецьк\w*", "motor rifle"),
    (r"airborne[\s-]+assault", "airborne assault"),
    (r"air[\s-]+assault|десантно-штурмов\w*", "air assault"),
    (r"mountain[\s-]+assault|гірсько-штурмов\w*|горно-штурмов\w*", "mountain assault"),
    (r"territorial[\s-]+defen[cs]e|тероборон\w*", "territorial defence"),
    (r"national[\s-]+guard", "national guard"),
    (r"special[\s-]+(?:forces|purpose|operations)|spetsnaz|спецназ\w*", "special forces"),
    (r"naval[\s-]+infantry|marine|морськ\w+\s+піхот\w*|морской\s+пехоты", "marine"),
    (r"mechani[sz]ed|механізован\w*|механизированн\w*", "mechanized"),
    (r"combined[\s-]+arms|общевойсков\w*|загальновійськов\w*", "combined arms"),
    (r"electronic[\s-]+warfare", "electronic warfare"),
    (r"coastal[\s-]+defen[cs]e", "coastal defence"),
    (r"air[\s-]+defen[cs]e|anti-aircraft|зенітн\w*|зенитн\w*", "air defence"),
    (r"unmanned[\s-]+systems|drone", "unmanned systems"),
    (r"border[\s-]+guard", "border guard"),
    (r"rocket[\s-]+artillery", "rocket artillery"),
    (r"tank|танков\w*", "tank"),
    (r"armou?red", "armoured"),
    (r"artillery|артиллерийск\w*|артилерійськ\w*", "artillery"),
    (r"missile|ракетн\w*", "missile"),
    (r"airborne|parachute|парашутно-десантн\w*|воздушно-десантн\w*|повітрянодесантн\w*",
     "airborne"),
    (r"assault|штурмов\w*", "assault"),
    (r"jaeger|jager|jäger|єгерськ\w*", "jaeger"),
    (r"rifle|стрілецьк\w*|стрелков\w*", "rifle"),
    (r"infantry|піхотн\w*|пехотн\w*", "infantry"),
    (r"reconnaissance|recon|розвідувальн\w*|разведывательн\w*", "reconnaissance"),
    (r"engineer(?:ing)?|sapper|інженерн\w*|инженерн\w*", "engineer"),
    (r"logistics?", "logistics"),
    (r"signals?", "signals"),
]
# Spellings of one branch that different outlets use for the same units.
_BRANCH_KEY = {"airborne assault": "air assault"}
_BRANCH_COUNTRY = {"motor rifle": "RU", "combined arms": "RU", "territorial defence": "UA"}

_HONORIFICS: list[tuple[str, str]] = [
    (r"red[\s-]+banner", "Red Banner"),
    (r"guards?|гвардейск\w*|гвардійськ\w*", "Guards"),
    (r"separate|отдельн\w*|окрем\w*", "Separate"),
    (r"independent", "Independent"),
    (r"presidential|президентськ\w*", "Presidential"),
    (r"special|спеціальн\w*|специальн\w*", "Special"),
    (r"operational", "Operational"),
    (r"reserve|резервн\w*", "Reserve"),
    (r"volunteer|добровольч\w*", "Volunteer"),
]

_DEMONYMS: list[tuple[str, str]] = [
    (r"ukrainian|ukraine['’]s|українськ\w*|украинск\w*", "UA"),
    (r"russian|russia['’]s|російськ\w*|российск\w*", "RU"),
    (r"chechen", "RU"),
    (r"belarusian", "BY"),
]

_TYPES: list[tuple[str, str]] = [
    (r"battalion[\s-]+tactical[\s-]+groups?|BTGs?|батальонн\w*\s+тактическ\w*\s+групп\w*"
     r"|батальйонн\w*\s+тактичн\w*\s+груп\w*", "battalion tactical group"),
    (r"military[\s-]+districts?|военн\w*\s+округ\w*|військов\w*\s+округ\w*", "military district"),
    (r"groups?[\s-]+of[\s-]+(?:forces|troops)|группировк\w*\s+войск|угрупован\w*\s+військ",
     "group of forces"),
    (r"operational[\s-]+commands?|оперативн\w*\s+командуван\w*", "operational command"),
    (r"army[\s-]+corps|армейск\w*\s+корпус\w*|армійськ\w*\s+корпус\w*", "corps"),
    (r"task[\s-]+force", "task force"),
    (r"brigades?|bdes?|бригад\w*", "brigade"),
    (r"divisions?|дивизи\w*|дивізі\w*", "division"),
    (r"regiments?|regt|rgt|полк(?:а|у|ом|е|и|ів|ов)?", "regiment"),
    (r"battalions?|bn|батальон\w*|батальйон\w*", "battalion"),
    (r"armies|army|арми[яиюей]|армі[яїюєй]|армией|армією", "army"),
    (r"corps|корпус\w*", "corps"),
    (r"companies|company|рот[аыуеіи]|ротой|ротою", "company"),
    (r"fleets?|флот\w*", "fleet"),
    (r"flotillas?|флотили\w*|флотилі\w*", "flotilla"),
    (r"detachments?|отряд\w*|загін|загону|загоні", "detachment"),
    (r"platoons?|взвод\w*", "platoon"),
    (r"squadrons?|эскадрил\w*|ескадрил\w*", "squadron"),
    (r"legions?|легіон\w*|легион\w*", "legion"),
    (r"units?|підрозділ\w*|подразделени\w*", "unit"),
    (r"groups?|групп\w*|груп\w*", "group"),
]
_TYPE_DISPLAY = {"battalion tactical group": "Battalion Tactical Group",
                 "military district": "Military District", "group of forces": "Group of Forces",
                 "operational command": "Operational Command", "task force": "Task Force"}
_TYPE_COUNTRY = {"military district": "RU"}
# Rough echelon sizes: a parent must be larger than its child ('the 1st battalion of the 64th
# brigade'); types without a fixed echelon (unit, group, detachment) may sit anywhere.
_ECHELON = {"platoon": 1, "company": 2, "battalion": 3, "battalion tactical group": 3,
            "regiment": 4, "brigade": 4, "division": 5, "corps": 6, "army": 7,
            "group of forces": 8, "military district": 8, "operational command": 8,
            "fleet": 7, "flotilla": 6, "squadron": 3}

# Named formations: canonical -> (alias pattern, default type, country, may stand alone).
_FORMATIONS: dict[str, tuple[str, str, str | None, bool]] = {
    "wagner": (r"wagner|vagner|вагнер\w*", "group", "RU", True),
    "azov": (r"azov|азов", "unit", "UA", True),
    "akhmat": (r"akhmat|ahmat|ахмат", "unit", "RU", True),
    "kraken": (r"kraken|кракен", "unit", "UA", True),
    "sparta": (r"sparta|спарта", "battalion", "RU", False),
    "somalia": (r"somalia|сомали", "battalion", "RU", False),
    "vostok": (r"vostok|восток", "battalion", "RU", False),
    "aidar": (r"aidar|айдар", "battalion", "UA", False),
    "da vinci wolves": (r"da[\s-]+vinci[\s-]+wolves", "battalion", "UA", True),
    "storm-z": (r"storm[\s-]?z", "unit", "RU", False),
    "russian volunteer corps": (r"russian[\s-]+volunteer[\s-]+corps", "corps", "UA", True),
    "freedom of russia legion": (r"freedom[\s-]+of[\s-]+russia[\s-]+legion", "legion", "UA",
                                 True),
    "georgian legion": (r"georgian[\s-]+legion", "legion", "UA", True),
    "kastus kalinouski regiment": (r"kastus[\s-]+kalinou?vski[\s-]+regiment", "regiment", "UA",
                                   True),
}
_FORMATION_DISPLAY = {"wagner": "Wagner", "azov": "Azov", "akhmat": "Akhmat",
                      "kraken": "Kraken", "sparta": "Sparta", "somalia": "Somalia",
                      "vostok": "Vostok", "aidar": "Aidar", "da vinci wolves": "Da Vinci Wolves",
                      "storm-z": "Storm-Z", "russian volunteer corps": "Russian Volunteer",
                      "freedom of russia legion": "Freedom of Russia",
                      "georgian legion": "Georgian", "kastus kalinouski regiment":
                      "Kastus Kalinouski"}
_FORMATION_CANONICAL: dict[str, str] = {}


def _alt(items: list[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in items)


def _classify(word: str, items: list[tuple[str, str]]) -> str | None:
    for pattern, value in items:
        if re.fullmatch(f"(?i:{pattern})", word):
            return value
    return None


_END = r"(?![\w-])"
_BRANCH = f"(?i:{_alt(_BRANCHES)}){_END}"
_HONORIFIC = f"(?i:{_alt(_HONORIFICS)}){_END}"
_DEMONYM = f"(?i:{_alt(_DEMONYMS)}){_END}"
_TYPE = f"(?i:{_alt(_TYPES)}){_END}"
_CAP = r"[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’][\w'’-]{0,30}" + _END
_QUAL_STOP = frozenset([
    "The", "And", "Of", "In", "On", "At", "For", "From", "With", "By", "To", "Its", "His", "Her",
    "Their", "Our", "This", "That", "These", "Those", "Each", "Every", "Another", "Some",
    "Several", "Other", "Both", "Was", "Were", "Has", "Had", "Have", "Is", "Are"
])
_QUAL = re.compile(f"(?P<b>{_BRANCH})|(?P<h>{_HONORIFIC})|(?P<d>{_DEMONYM})|(?P<c>{_CAP})")

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
}
_NUM = (r"(?<![\w.,-])(?:(?P<en>\d{1,4})(?i:st|nd|rd|th)"
        r"|(?P<word>(?i:" + "|".join(_ORDINAL_WORDS) + "))"
        r"|(?P<cy>\d{1,4})(?:-?(?:[а-яіїє]{1,3}))?)(?![\w])")
_NUMBERED = re.compile(
    _NUM + r"(?P<quals>(?:[\s-]{1,3}(?:" + f"{_BRANCH}|{_HONORIFIC}|{_DEMONYM}|{_CAP}"
    + r")){0,5}?)[\s-]{1,3}(?P<type>" + _TYPE + ")"
)
_CODE = re.compile(
    r"(?i:military\s+unit|в/ч|військов\w*\s+частин\w*|воинск\w*\s+част\w*)"
    r"\s+(?:(?i:no)\.?\s*|№\s*)?(?P<code>[A-ZА-Я]?\d{3,5})(?!\w)"
)
_FORMATION_ALIASES = "|".join(f"(?:{v[0]})" for v in _FORMATIONS.values())
_GAZETTEER = re.compile(
    r"(?<![\w-])(?P<pmc>(?i:PMC|ЧВК)\s+)?[\"«“']?(?P<gname>(?i:" + _FORMATION_ALIASES
    + r"))" + _END + r"[\"»”']?(?:[\s-]{1,3}(?P<gbranch>" + _BRANCH + r"))?"
    r"(?:[\s-]{1,3}(?P<gtype>(?i:PMC|private\s+military\s+company|mercenary\s+group|ЧВК)"
    + _END + "|" + _TYPE + r"))?"
)
_NAMED_TYPES: list[tuple[str, str]] = [t for t in _TYPES if t[1] in {
    "battalion tactical group", "military district", "group of forces", "operational command",
    "brigade", "regiment", "battalion", "legion", "detachment", "fleet", "flotilla",
    "squadron", "corps"}]
_NAMED = re.compile(
    r"(?<![\w-])(?P<name>" + _CAP + r"(?:\s{1,3}" + _CAP + r"){0,3})"
    r"[\s-]{1,3}(?P<ntype>(?i:" + _alt(_NAMED_TYPES) + r"))" + _END
)
_QUOTED = re.compile(
    r"(?<![\w-])(?P<qtype>(?i:battalion|regiment|brigade|unit|detachment|group|батальон\w*|батальйон\w*"
    r"|полк(?:а|у|ом)?|бригад\w*|підрозділ\w*|подразделени\w*|отряд\w*|загін|загону))"
    r"\s{1,3}[\"«“](?P<qname>[^\"»”\n]{1,40})[\"»”]"
)
_COUNTRY_BEFORE = re.compile(r"(?i:(ukrainian|ukraine['’]s|russian|russia['’]s))\s+(?:the\s+)?\Z")
_SUFFIX = re.compile(
    r"\s+of\s+the\s+(?:(?P<ng>National\s+Guard)(?P<ngua>\s+of\s+Ukraine)?"
    r"|(?P<tdf>Territorial\s+Defen[cs]e(?:\s+Forces)?)|(?P<afu>Armed\s+Forces\s+of\s+Ukraine)"
    r"|(?P<uaf>Ukrainian\s+(?:Armed\s+Forces|army))|(?P<raf>Russian\s+(?:Armed\s+Forces|army)))"
    r"(?![\w-])"
)
# Runs of spaces taken whole (possessive): "\s*,?\s*" tried on a long gap between two units
# cost the square of the gap in one fullmatch (issue 14); what matches is unchanged.
_PARENT_GAP = re.compile(
    r"\s*+(?:,\s*+)?(?:(?:which|that)\s++is\s++)?(?i:part\s++of|of|from|in|within|subordinate\s++to)"
    r"\s++(?:(?i:the)\s++)?"
)
_NAME_STOP = _QUAL_STOP | frozenset([
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Ukrainian", "Russian", "Ukraine", "Russia", "Chechen", "Belarusian",
    "General", "Colonel", "Commander", "Lieutenant", "Major", "Captain", "Sergeant", "Private",
    "A", "An", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Dozens", "Many", "Most", "Few", "All", "Two"
])

for _canonical in _FORMATIONS:
    _FORMATION_CANONICAL[_plain(_canonical)] = _canonical
    _FORMATION_CANONICAL[_plain(_FORMATION_DISPLAY[_canonical])] = _canonical


def _formation_of(written: str) -> str | None:
    for canonical, (pattern, _, _, _) in _FORMATIONS.items():
        if re.fullmatch(f"(?i:{pattern})", written.strip()):
            return canonical
    return None


def _split_quals(quals: str) -> tuple[list[str], str | None, str | None, list[str]]:
    """(honorific words, branch, country, leftover words) of the words between number and type."""
    honorific: list[str] = []
    branch: str | None = None
    country: str | None = None
    leftover: list[str] = []
    for m in _QUAL.finditer(quals):
        word = m.group(0)
        if m.group("b"):
            branch = branch or _classify(word, _BRANCHES)
        elif m.group("h"):
            honorific.append(_classify(word, _HONORIFICS) or word)
        elif m.group("d"):
            country = country or _classify(word, _DEMONYMS)
        elif word in _QUAL_STOP:
            leftover.append(word)
        else:
            honorific.append(word)
    return honorific, branch, country, leftover


def _country_before(text: str, start: int) -> str | None:
    m = _COUNTRY_BEFORE.search(text[max(0, start - 20):start])
    return _classify(m.group(1), _DEMONYMS) if m else None


def _numbered(text: str) -> list[UnitMention]:
    out = []
    for m in _NUMBERED.finditer(text):
        type_word = m.group("type")
        if m.group("cy") and not re.search(r"[а-яіїєА-ЯІЇЄ]", type_word):
            continue  # bare numbers ('in 2022 brigades ...') only in Cyrillic unit names
        honorific, branch, country, leftover = _split_quals(m.group("quals"))
        if leftover:
            continue
        number = m.group("en") or m.group("cy") or str(_ORDINAL_WORDS[m.group("word").lower()])
        unit_type = _classify(type_word, _TYPES) or type_word.lower()
        end = m.end()
        suffix = _SUFFIX.match(text, end)
        if suffix:
            end = suffix.end()
            if suffix.group("ng"):
                branch = branch or "national guard"
                country = country or ("UA" if suffix.group("ngua") else None)
            elif suffix.group("tdf"):
                branch, country = branch or "territorial defence", country or "UA"
            else:
                country = country or ("RU" if suffix.group("raf") else "UA")
        country = (country or _country_before(text, m.start()) or _BRANCH_COUNTRY.get(branch or "")
                   or _TYPE_COUNTRY.get(unit_type))
        unit = UnitName(number, " ".join(honorific) or None, unit_type, branch, None, None,
                        country)
        rule = "numbered-cyrillic" if re.search(r"[а-яіїєА-ЯІЇЄ]", type_word) else "numbered"
        out.append(UnitMention(m.start(), end, text[m.start():end], unit, rule))
    return out


def _codes(text: str) -> list[UnitMention]:
    return [UnitMention(m.start(), m.end(), m.group(0),
                        UnitName(m.group("code"), None, "unit", None, None, None, None),
                        "military-unit-code")
            for m in _CODE.finditer(text)]


def _gazetteer(text: str) -> list[UnitMention]:
    out = []
    for m in _GAZETTEER.finditer(text):
        canonical = _formation_of(m.group("gname"))
        if canonical is None:
            continue
        _, default_type, country, bare_ok = _FORMATIONS[canonical]
        type_word = m.group("gtype")
        bare = type_word is None and m.group("pmc") is None
        if bare:
            after = text[m.end():m.end() + 40]
            before = text[max(0, m.start() - 10):m.start()]
            # 'Sea of Azov', 'Akhmat Kadyrov', 'Azov Sea': the name belongs to something else.
            if (not bare_ok or not m.group("gname")[0].isupper()
                    or re.match(r"\s+[A-ZА-Я][\w-]", after) or re.search(r"(?i:of)\s+\Z", before)):
                continue
        if type_word is None:
            unit_type = "group" if m.group("pmc") else default_type
        elif re.fullmatch(r"(?i:PMC|ЧВК|private\s+military\s+company|mercenary\s+group)",
                          type_word):
            unit_type = "group"
        else:
            unit_type = _classify(type_word, _TYPES) or default_type
        branch = _classify(m.group("gbranch"), _BRANCHES) if m.group("gbranch") else None
        if type_word is None and branch is not None:
            continue  # 'Azov special forces' without a type word: leave to the plainer reading
        unit = UnitName(None, None, unit_type, branch, _FORMATION_DISPLAY[canonical], None,
                        country)
        rule = "named-gazetteer-bare" if bare else "named-gazetteer"
        out.append(UnitMention(m.start(), m.end(), text[m.start():m.end()], unit, rule))
    return out


def _named(text: str) -> list[UnitMention]:
    out = []
    for m in _NAMED.finditer(text):
        words = m.group("name").split()
        while words and (words[0] in _NAME_STOP or words[0].endswith(("'s", "’s"))):
            words = words[1:]
        name_words: list[str] = []
        tail: list[str] = []
        for word in words:
            if not tail and _classify(word, _BRANCHES + _HONORIFICS + _DEMONYMS) is None:
                name_words.append(word)
            else:
                tail.append(word)
        if not name_words or any(w in _NAME_STOP for w in name_words):
            continue
        honorific, branch, country, leftover = _split_quals(" ".join(tail))
        if leftover or honorific:
            continue
        start = m.start("name") + m.group("name").index(name_words[0])
        unit_type = _classify(m.group("ntype"), _TYPES) or m.group("ntype").lower()
        name = " ".join(name_words)
        canonical = _formation_of(name)
        country = (country or _country_before(text, start) or _BRANCH_COUNTRY.get(branch or "")
                   or _TYPE_COUNTRY.get(unit_type)
                   or (_FORMATIONS[canonical][2] if canonical else None))
        shown = _FORMATION_DISPLAY[canonical] if canonical else name
        unit = UnitName(None, None, unit_type, branch, shown, None, country)
        out.append(UnitMention(start, m.end(), text[start:m.end()], unit, "named"))
    return out


def _quoted(text: str) -> list[UnitMention]:
    out = []
    for m in _QUOTED.finditer(text):
        name = m.group("qname").strip()
        if not name or not name[0].isupper():
            continue
        canonical = _formation_of(name)
        unit_type = _classify(m.group("qtype"), _TYPES) or "unit"
        country = _FORMATIONS[canonical][2] if canonical else None
        shown = _FORMATION_DISPLAY[canonical] if canonical else name
        unit = UnitName(None, None, unit_type, None, shown, None, country)
        out.append(UnitMention(m.start(), m.end(), m.group(0), unit, "named-quoted"))
    return out


def _may_contain(parent: UnitName, child: UnitName) -> bool:
    big, small = _ECHELON.get(parent.type), _ECHELON.get(child.type)
    return big is None or small is None or big > small


def _link_parents(text: str, mentions: list[UnitMention]) -> list[UnitMention]:
    """Fold 'X of the Y of the Z' into one mention of X with the parent chain Y -> Z."""
    out: list[UnitMention] = []
    for mention in reversed(mentions):
        if out:
            outer = out[-1]
            gap = text[mention.end:outer.start]
            cyrillic_genitive = (not gap.strip() and len(gap) <= 3
                                 and bool(re.search(r"[а-яіїє]", mention.text + outer.text)))
            linked = (_PARENT_GAP.fullmatch(gap) is not None or cyrillic_genitive)
            if linked and _may_contain(outer.unit, mention.unit):
                unit = replace(mention.unit, parent=outer.unit,
                               country=mention.unit.country or outer.unit.country)
                out[-1] = UnitMention(mention.start, outer.end, text[mention.start:outer.end],
                                      unit, f"{mention.rule}+parent")
                continue
        out.append(mention)
    return out[::-1]


def find_units(text: str) -> list[UnitMention]:
    """Every military unit named in `text`, one mention per unit (parents folded in), in order."""
    if not text or not text.strip():
        return []
    starts: list[int] = []
    accepted: list[UnitMention] = []  # sorted by start, never overlapping
    # Earlier recognisers win overlaps: a number is the strongest evidence of a unit name.
    for recogniser in (_numbered, _codes, _gazetteer, _quoted, _named):
        for mention in recogniser(text):
            i = bisect.bisect_left(starts, mention.start)
            if i > 0 and accepted[i - 1].end > mention.start:
                continue
            if i < len(accepted) and accepted[i].start < mention.end:
                continue
            starts.insert(i, mention.start)
            accepted.insert(i, mention)
    return _link_parents(text, accepted)
