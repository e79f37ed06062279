"""People and organisations across documents: folded name keys and explained match decisions.

A person's name is split into given name, patronymic and family name, and each part is folded
separately so that the spellings news uses for one person meet (Yevgeny / Evgeny / Евгений,
Dmitriy / Dmitry, Sergei / Sergey / Serhiy, Iuliia / Yulia) while different people stay apart:
two names match only when their family names agree *and* their given names agree (or one side
has no given name, which gives a lower score). A given name alone never merges anything.

Russian and Ukrainian forms of one given name (Dmitry / Dmytro, Sergei / Serhiy, Aleksei /
Oleksiy) fold together on purpose: reports about one person alternate between them (Dmytro
Kuleba is often "Dmitry Kuleba" in Russian-sourced copy), and the family name still has to
agree, so the fold only widens matches within one surname.

Organisations get a key from a small hand-written alias table (outlets, their local editions,
common acronyms) plus normalisation: defence/defense, Ministry/Min./MoD, possessives, country
adjectives ("Ukrainian", "Ukraine's", "of Ukraine") and word order ("Defence Ministry" versus
"Ministry of Defence"). The country stays part of the key, so the Russian and the Ukrainian
ministries never meet.

Every decision carries a score and a sentence saying why, so a merge can be audited.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# One romanisation for both Russian and Ukrainian: the folding below erases the places where the
# official systems disagree (г as g or h, и as i or y, й as i or y), so a single table suffices.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (one scheme for Russian and Ukrainian); other text unchanged."""
    out: list[str] = []
    for ch in text:
        low = ch.lower()
        rep = _CYRILLIC.get(low)
        if rep is None:
            out.append(ch)
        elif ch != low and rep:
            out.append(rep[0].upper() + rep[1:])
        else:
            out.append(rep)
    return "".join(out)


def _ascii_lower(text: str) -> str:
    # Transliterate before stripping marks: NFKD would split й into и + breve and lose it.
    latin = transliterate(unicodedata.normalize("NFC", text))
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Folded skeleton -> one canonical spelling. Only pairs the skeleton rules cannot join (Russian
# and Ukrainian forms of one name); the canonical side is the usual English news spelling, so
# keys stay readable ("sergei|shoigu").
_GIVEN_CANONICAL: dict[str, tuple[str, ...]] = {
    "sergei": ("sergi",),
    "dmitry": ("dmitri", "dmitro"),
    "yevgeny": ("evgeni", "evgen"),
    "yulia": ("iulia", "ulia"),
    "alexei": ("aleksi", "oleksi"),
    "alexander": ("aleksandr", "aleksander", "oleksandr", "oleksander"),
    "alexandra": ("aleksandra", "oleksandra"),
    "vladimir": ("vladimir", "volodimir"),
    "nikolai": ("nikolai", "mikola"),
    "mikhail": ("migail", "migailo"),
    "vasily": ("vasili", "vasil"),
    "pavel": ("pavel", "pavlo"),
    "pyotr": ("petr", "petro"),
    "fyodor": ("fedor", "fedir"),
    "kirill": ("kiril", "kirilo"),
    "daniil": ("danil", "danilo"),
    "gleb": ("gleb", "glib"),
    "yelena": ("elena", "olena"),
    "yekaterina": ("ekaterina", "katerina"),
    "tatiana": ("tatiana", "tetiana"),
    "svetlana": ("svetlana", "svitlana"),
    "lyudmila": ("liudmila", "ludmila"),
    "andrei": ("andri",),
    "yuri": ("iuri",),
    "georgy": ("georgi",),
    "grigory": ("grigori",),
    "gennady": ("genadi",),
    "anatoly": ("anatoli",),
    "valery": ("valeri",),
    "vitaly": ("vitali",),
    "maxim": ("maksim",),
    "ilya": ("ilia",),
    "yaroslav": ("iaroslav",),
    "vyacheslav": ("viaceslav", "viacheslav"),
    "konstantin": ("konstantin", "kostiantin"),
    "bogdan": ("bogdan",),
    "valentin": ("valentin",),
    "yakov": ("iakov", "iakiv"),
    "iosif": ("iosif", "iosip", "osip"),
    "natalia": ("natalia",),
    "maria": ("maria",),
    "artyom": ("artem",),
    "semyon": ("semen",),
}
_SKELETON_TO_CANONICAL = {s: c for c, skels in _GIVEN_CANONICAL.items() for s in skels}

_SKELETON_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[’'ʼ`´‘.]"), ""),  # apostrophes, soft signs, the dot of an initial
    (re.compile(r"[^\w-]"), ""),
    (re.compile(r"j"), "y"),  # Julia / Yulia, Jevgenij: j is the y-sound in these spellings
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"c(?![eihz])"), "k"),  # Nicolai / Nikolai, Victoria / Viktoria
    # Ukrainian г is romanised h (Serhiy, Oleh, Ihor), Russian г is g, and х turns up as kh or
    # plain h (Khodarenko / Hodarenko): all three meet on g. Only zh, ch and sh keep their h.
    (re.compile(r"(?<![zcs])h"), "g"),
    (re.compile(r"kg"), "g"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # Gennadiy / Hennadii, Iuliia / Yulia
    (re.compile(r"^ie"), "e"),  # Yevgeny / Evgeny
    (re.compile(r"(?<=[aeiou])ie"), "e"),  # Andreyev / Andreev
    (re.compile(r"(?<=[^aeiou])io(?=.)"), "e"),  # Fyodor / Fedor, Semyon / Semen
    (re.compile(r"ei$"), "i"),  # Sergei / Serhii, Andrei / Andrii
    (re.compile(r"of$"), "ov"),  # Smirnoff / Smirnov
    (re.compile(r"ef$"), "ev"),
    # Fadeyev -> fadeiev -> fadeev, Фадеев -> fadeev: the vowels the rules above bring
    # together are collapsed like any doubled letter, so both meet on fadev.
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    s = _ascii_lower(word)
    for pattern, replacement in _SKELETON_RULES:
        s = pattern.sub(replacement, s)
    s = s.strip("-")
    return _SKELETON_TO_CANONICAL.get(s, s)


def fold_name(token: str) -> str:
    """Transliteration-folded form of a name (each word folded; words joined by one space).

    Cyrillic is romanised, diacritics dropped, and spelling differences between romanisations
    erased (y/i/j, kh/h, g/h, ye/e, doubled letters, -iy/-y/-ii endings); Russian and Ukrainian
    forms of common given names map to one canonical spelling (Dmytro -> dmitry).
    """
    if len(token) > 200:
        token = token[:200]
    words = (_fold_word(w) for w in token.split())
    return " ".join(w for w in words if w)


@dataclass(frozen=True)
class PersonName:
    """A person's name split into parts, as written (titles and ranks removed)."""

    given: str | None
    patronymic: str | None
    family: str | None

    def key(self) -> str:
        """'given|family', each folded; the patronymic is left out because reports drop it."""
        given = fold_name(self.given) if self.given else ""
        family = fold_name(self.family) if self.family else ""
        return f"{given}|{family}"


_TITLES = frozenset([
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "president", "vice", "prime",
    "minister", "deputy", "defence", "defense", "foreign", "interior", "gen", "general", "col",
    "colonel", "lt", "lieut", "lieutenant", "maj", "major", "capt", "cpt", "captain", "sgt",
    "sergeant", "pvt", "pte", "private", "cpl", "corporal", "adm", "admiral", "brig", "brigadier",
    "cmdr", "commander", "governor", "gov", "mayor", "senator", "sen", "ambassador", "spokesman",
    "spokeswoman", "spokesperson", "senior", "junior", "snr", "sr", "first", "second", "staff",
    "chief", "colonel-general", "lieutenant-colonel", "major-general", "lieutenant-general",
    "marshal", "head", "ombudsman", "генерал", "полковник", "підполковник", "подполковник",
    "майор", "капитан", "капітан", "лейтенант", "сержант", "рядовой", "рядовий", "президент",
    "министр", "міністр", "пан", "пані", "господин", "губернатор", "мэр", "мер"
])
_PARTICLES = frozenset([
    "al", "al-", "el", "bin", "ibn", "abu", "van", "von", "der", "den", "de", "del", "da", "di",
    "du", "la", "le"
])
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ivna|ichna|ovichna|inichna)$")
_DETERMINER_START = re.compile(r"^(?:the|a|an|one|another|this|that|our|his|her|their)\b",
                               re.IGNORECASE)
_PAREN = re.compile(r"\([^)]{0,200}\)")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’ʼ.-]*")


def _is_title(token: str) -> bool:
    return token.lower().rstrip(".") in _TITLES


def _is_patronymic(token: str) -> bool:
    return bool(_PATRONYMIC.search(_ascii_lower(token).replace("y", "i")))


def _is_upper_word(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _name_tokens(text: str) -> list[str]:
    return [m.group(0).rstrip(".") if len(m.group(0)) > 2 else m.group(0)
            for m in _NAME_TOKEN.finditer(text)]


def parse_person_name(name: str) -> PersonName:
    """Split a written name into given, patronymic and family name (Latin or Cyrillic).

    Leading titles and ranks are dropped ('Colonel', 'Lt.', 'Defence Minister'). The order is
    taken as Given [Patronymic] Family unless the other order is obvious: 'Family, Given', an
    all-capitals family name ('SHOIGU Sergei'), or a trailing patronymic ('Шойгу Сергей
    Кужугетович'). A single word is taken as a family name.
    """
    text = _PAREN.sub(" ", unicodedata.normalize("NFC", name[:300])).strip()
    comma_family: str | None = None
    if "," in text:
        head, _, tail = text.partition(",")
        tail_tokens = _name_tokens(tail)
        # 'Shoigu, Sergei' is inverted order; 'Ivan Petrenko, 34' or ', commander' is not.
        if (len(_name_tokens(head)) == 1 and 0 < len(tail_tokens) <= 2
                and all(t[0].isupper() for t in tail_tokens)
                and not any(_is_title(t) for t in tail_tokens)):
            comma_family = _name_tokens(head)[0]
            text = tail
        else:
            text = head
    tokens = _name_tokens(text)
    while len(tokens) > 1 and _is_title(tokens[0]):
        tokens = tokens[1:]
    if comma_family is not None:
        given = tokens[0] if tokens else None
        patronymic = tokens[1] if len(tokens) > 1 and _is_patronymic(tokens[1]) else None
        return PersonName(given, patronymic, comma_family)
    if not tokens:
        return PersonName(None, None, None)
    if len(tokens) == 1:
        return PersonName(None, None, tokens[0])
    for i in range(1, len(tokens)):
        if tokens[i].lower() in _PARTICLES and i < len(tokens) - 1:
            return PersonName(tokens[0], None, " ".join(tokens[i:]))
    if len(tokens) == 2:
        if _is_upper_word(tokens[0]) and not _is_upper_word(tokens[1]):
            return PersonName(tokens[1], None, tokens[0])
        return PersonName(tokens[0], None, tokens[1])
    if len(tokens) == 3 and _is_patronymic(tokens[2]) and not _is_patronymic(tokens[1]):
        return PersonName(tokens[1], tokens[2], tokens[0])
    patronymic = tokens[-2] if _is_patronymic(tokens[-2]) else None
    return PersonName(tokens[0], patronymic, tokens[-1])


@dataclass(frozen=True)
class MatchDecision:
    """Whether two names denote one entity, with a score in [0, 1] and the evidence."""

    same: bool
    score: float
    why: str


def _edit_distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _gendered_pair(a: str, b: str) -> bool:
    # Ivanov / Ivanova, Zelenski / Zelenska: relatives, not spelling variants.
    short, long_ = sorted((a, b), key=len)
    return long_ == short + "a" or (short[:-1] == long_[:-1]
                                    and {short[-1], long_[-1]} == {"i", "a"})


def _is_initial(token: str | None) -> bool:
    return token is not None and len(token.rstrip(".")) == 1


def _initial_fits(initial: str, full: str) -> bool:
    letter = _ascii_lower(initial.rstrip("."))[:1]
    folded = fold_name(full)
    return bool(letter) and (letter == _ascii_lower(full)[:1] or fold_name(letter) == folded[:1])


def _looks_unnamed(text: str) -> bool:
    stripped = text.strip()
    return (not stripped or bool(_DETERMINER_START.match(stripped))
            or not any(c.isupper() for c in stripped))


def match_people(a: str, b: str) -> MatchDecision:
    """Compare two written person names, given and family names separately.

    Same family and same given name: a match. A family name alone matches a full name with
    that family name, at a lower score. Two bare family names, or equal given names with
    different family names, never match. Descriptions of unnamed people ('the soldier')
    never match anything.
    """
    if _looks_unnamed(a) or _looks_unnamed(b):
        return MatchDecision(False, 0.0, "an unnamed description is document-local; "
                                         "never merged by description")
    pa, pb = parse_person_name(a), parse_person_name(b)
    if not pa.family or not pb.family:
        return MatchDecision(False, 0.0, "no family name to compare")
    fa, fb = fold_name(pa.family), fold_name(pb.family)
    if fa == fb:
        family_score = 1.0
        family_why = f"family names {pa.family!r} and {pb.family!r} fold to {fa!r}"
    elif (min(len(fa), len(fb)) >= 7 and _edit_distance(fa, fb) == 1
          and not _gendered_pair(fa, fb)):
        family_score = 0.9
        family_why = f"family names fold to {fa!r} and {fb!r}, one letter apart"
    else:
        return MatchDecision(False, 0.0, f"family names {fa!r} vs {fb!r} differ")

    if pa.patronymic and pb.patronymic:
        pat_a, pat_b = fold_name(pa.patronymic), fold_name(pb.patronymic)
        if pat_a != pat_b:
            return MatchDecision(False, 0.2, f"{family_why}; patronymics {pat_a!r} vs "
                                             f"{pat_b!r} differ")

    if pa.given and pb.given:
        ga, gb = fold_name(pa.given), fold_name(pb.given)
        if ga == gb and not _is_initial(pa.given):
            return MatchDecision(True, round(family_score, 3),
                                 f"given names fold to {ga!r}; {family_why}")
        if _is_initial(pa.given) or _is_initial(pb.given):
            initial, full = (pa.given, pb.given) if _is_initial(pa.given) else (pb.given,
                                                                                  pa.given)
            if _is_initial(full):
                fits = _ascii_lower(initial)[:1] == _ascii_lower(full)[:1]
            else:
                fits = _initial_fits(initial, full)
            if fits:
                return MatchDecision(True, round(0.8 * family_score, 3),
                                     f"initial {initial!r} fits given name {full!r}; "
                                     f"{family_why}")
            return MatchDecision(False, 0.1, f"initial {initial!r} does not fit {full!r}")
        return MatchDecision(False, 0.1, f"{family_why}, but given names {ga!r} vs {gb!r} differ")
    if pa.given or pb.given:
        full = a if pa.given else b
        return MatchDecision(True, round(0.7 * family_score, 3),
                             f"family name alone matches the full name {full.strip()!r}; "
                             f"{family_why}")
    return MatchDecision(False, 0.5, f"{family_why}, but both are bare family names: "
                                     "not enough to say it is one person")


# --- organisations -----------------------------------------------------------------------

# Outlets, their local editions and common acronyms: lightly normalised written form -> key.
# A local edition is its own entity (BBC Ukrainian is not BBC Russian); see outlet_parent.
_ORG_ALIASES: dict[str, tuple[str, ...]] = {
    "outlet:bbc": ("bbc", "bbc news", "british broadcasting corporation", "the bbc"),
    "outlet:bbc ukrainian": ("bbc ukrainian", "bbc news ukrainian", "bbc news ukraine",
                             "bbc україна", "bbc news україна", "бі-бі-сі україна"),
    "outlet:bbc russian": ("bbc russian", "bbc news russian", "bbc russian service",
                           "bbc русская служба", "би-би-си"),
    "outlet:rfe/rl": ("radio free europe/radio liberty", "radio free europe radio liberty",
                      "rfe/rl", "rferl", "rfe rl", "radio liberty", "radio free europe"),
    "outlet:rfe/rl ukrainian": ("radio svoboda", "радіо свобода", "rfe/rl's ukrainian service",
                                "rfe/rl ukrainian service", "rfe rl ukrainian service"),
    "outlet:rfe/rl russian": ("radio svoboda russian", "радио свобода",
                              "rfe/rl's russian service", "rfe/rl russian service"),
    "outlet:reuters": ("reuters", "thomson reuters", "reuters news agency"),
    "outlet:ap": ("ap", "associated press", "the associated press"),
    "outlet:afp": ("afp", "agence france-presse", "agence france presse"),
    "outlet:tass": ("tass", "тасс", "itar-tass"),
    "outlet:ria novosti": ("ria novosti", "ria", "риа новости"),
    "outlet:ukrinform": ("ukrinform", "укрінформ"),
    "outlet:ukrainska pravda": ("ukrainska pravda", "ukrainian pravda", "українська правда"),
    "outlet:kyiv independent": ("kyiv independent", "the kyiv independent"),
    "outlet:meduza": ("meduza", "медуза"),
    "outlet:cnn": ("cnn", "cable news network"),
    "org:un": ("un", "united nations", "u.n.", "the un", "оон"),
    "org:ohchr": ("ohchr", "un human rights office", "office of the un high commissioner for "
                  "human rights", "un human rights monitoring mission in ukraine",
                  "hrmmu"),
    "org:icrc": ("icrc", "international committee of the red cross", "red cross"),
    "org:hrw": ("hrw", "human rights watch"),
    "org:amnesty international": ("amnesty", "amnesty international"),
    "org:osce": ("osce", "organization for security and co-operation in europe",
                 "organization for security and cooperation in europe"),
    "org:nato": ("nato", "нато", "north atlantic treaty organization"),
    "org:iaea": ("iaea", "international atomic energy agency", "магатэ", "магате"),
    "ua:armed forces": ("afu", "zsu", "зсу", "armed forces of ukraine", "ukrainian armed forces",
                        "ukraine's armed forces", "збройні сили україни"),
    "ua:security service": ("sbu", "сбу", "security service of ukraine",
                            "ukrainian security service", "ukraine's security service"),
    "ua:defence intelligence": ("gur", "hur", "гур", "defence intelligence of ukraine",
                                "defense intelligence of ukraine", "ukrainian military "
                                "intelligence", "ukraine's military intelligence",
                                "main intelligence directorate of ukraine",
                                "ukrainian defence intelligence", "ukrainian defense intelligence"),
    "ua:general staff": ("general staff of the armed forces of ukraine",
                         "ukrainian general staff", "ukraine's general staff",
                         "general staff of ukraine", "генштаб зсу",
                         "генеральний штаб зсу"),
    "ru:federal security service": ("fsb", "фсб", "federal security service",
                                    "russian federal security service",
                                    "russia's federal security service"),
    "ru:armed forces": ("russian armed forces", "armed forces of russia",
                        "russia's armed forces", "armed forces of the russian federation"),
    "ru:general staff": ("russian general staff", "russia's general staff",
                         "general staff of the russian armed forces", "генштаб рф"),
    "ru:rosgvardia": ("rosgvardia", "rosgvardiya", "росгвардия", "russian national guard",
                      "national guard of russia"),
}
_ORG_PARENTS = {
    "outlet:bbc ukrainian": "outlet:bbc", "outlet:bbc russian": "outlet:bbc",
    "outlet:rfe/rl ukrainian": "outlet:rfe/rl", "outlet:rfe/rl russian": "outlet:rfe/rl",
}

_COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "UA": ("ukraine", "ukrainian", "ukraina", "ukraini", "ukrainy", "ukrainskoi", "ukrayina",
           "ukrayini", "ukrayinskoyi", "ua"),
    "RU": ("russia", "russian", "rossii", "rossiia", "rossiya", "rf", "rossiiskoi",
           "russian federation"),
    "BY": ("belarus", "belarusian", "belorussian"),
    "GB": ("uk", "britain", "british", "united kingdom"),
    "US": ("us", "usa", "u.s", "united states", "american"),
    "PL": ("poland", "polish"),
    "MD": ("moldova", "moldovan"),
    "GE": ("georgia", "georgian"),
}
_WORD_COUNTRY = {w: c for c, words in _COUNTRY_WORDS.items() for w in words}

# Words to one spelling; romanised Russian/Ukrainian ministry words included.
_ORG_WORDS = {
    "defense": "defence", "min": "ministry", "ministerstvo": "ministry", "ministry's": "ministry",
    "ministries": "ministry", "oborony": "defence", "oboroni": "defence",
    "foreign": "foreign", "affairs": "affairs", "interior": "interior", "internal": "interior",
    "vnutrennikh": "interior", "vnutrishnikh": "interior", "inostrannykh": "foreign",
    "zakordonnikh": "foreign", "del": "affairs", "sprav": "affairs", "dep't": "department",
    "dept": "department", "govt": "government", "gov't": "government",
}
_ORG_ACRONYMS = {
    "mod": "ministry of defence", "mfa": "ministry of foreign affairs",
    "moi": "ministry of interior", "mvs": "ministry of interior", "mvd": "ministry of interior",
    "мо": "ministry of defence", "мид": "ministry of foreign affairs",
    "мзс": "ministry of foreign affairs", "мвс": "ministry of interior",
    "мвд": "ministry of interior", "минобороны": "ministry of defence",
    "міноборони": "ministry of defence", "mil": "ministry", "minoborony": "ministry of defence",
}
_ORG_STOP = frozenset(["the", "of", "and", "for", "&", "in", "on", "at"])
_ORG_TOKEN = re.compile(r"[\w'’./-]+")


def _light_normal(name: str) -> str:
    text = unicodedata.normalize("NFKC", name[:300]).lower().replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" .,;:\"'«»“”")
    return re.sub(r"^the ", "", text)


_ALIAS_INDEX = {_light_normal(alias): key for key, aliases in _ORG_ALIASES.items()
                for alias in aliases}


def _organization_parts(name: str) -> tuple[str, frozenset[str], str]:
    """(key, content words, country) for a written organisation name."""
    light = _light_normal(name)
    if not light:
        return "", frozenset(), ""
    alias = _ALIAS_INDEX.get(light) or _ALIAS_INDEX.get(re.sub(r"[./-]", " ", light).strip())
    if alias:
        country = alias.split(":")[0].upper() if alias[:3] in ("ua:", "ru:") else ""
        return alias, frozenset({alias}), country
    words: list[str] = []
    for raw in _ORG_TOKEN.findall(light):
        token = raw.strip(".'-/")
        token = re.sub(r"'s$", "", token)
        if token in _ORG_ACRONYMS:
            words.extend(_ORG_ACRONYMS[token].split())
            continue
        latin = _ascii_lower(token).strip(".'")
        if token != latin and latin in _ORG_ACRONYMS:
            words.extend(_ORG_ACRONYMS[latin].split())
            continue
        words.append(_ORG_WORDS.get(latin, latin))
    text = " ".join(w for w in words if w)
    countries: set[str] = set()
    # Two-word country names first, so 'russian federation' is one country, not 'federation'.
    for phrase, code in _WORD_COUNTRY.items():
        if " " in phrase and re.search(rf"\b{re.escape(phrase)}\b", text):
            countries.add(code)
            text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
    content: set[str] = set()
    for word in text.split():
        code = _WORD_COUNTRY.get(word.rstrip("."), "")
        if code:
            countries.add(code)
        elif word not in _ORG_STOP:
            content.add(word)
    country = "+".join(sorted(countries))
    # Word order is not identity: 'Defence Ministry' and 'Ministry of Defence' are one name.
    body = " ".join(sorted(content))
    key = f"{country.lower() or 'xx'}:{body}" if body else ""
    return key, frozenset(content), country


def organization_key(name: str) -> str:
    """Key shared by the written forms of one organisation; '' when nothing is left to key on.

    'Ukrainian Defence Ministry', 'Ministry of Defence of Ukraine', "Ukraine's Defense
    Ministry" and 'MoD of Ukraine' share 'ua:defence ministry'; the Russian ministry gets
    'ru:defence ministry'. Aliases of outlets and agencies come from a hand-written table.
    """
    return _organization_parts(name)[0]


def outlet_parent(name: str) -> str | None:
    """The parent outlet's key of a local edition ('BBC Ukrainian' -> 'outlet:bbc'), else None."""
    return _ORG_PARENTS.get(organization_key(name))


def match_organizations(a: str, b: str) -> MatchDecision:
    """Whether two written organisation names are one organisation, with the evidence."""
    ka, words_a, ca = _organization_parts(a)
    kb, words_b, cb = _organization_parts(b)
    if not ka or not kb:
        return MatchDecision(False, 0.0, "one of the names has nothing left to compare")
    if ka == kb:
        return MatchDecision(True, 1.0, f"{a.strip()!r} and {b.strip()!r} both resolve to {ka!r}")
    if ca and cb and ca != cb:
        return MatchDecision(False, 0.0, f"countries differ: {ca} vs {cb} ({ka!r} vs {kb!r})")
    overlap = len(words_a & words_b) / max(len(words_a | words_b), 1)
    if ca != cb:
        return MatchDecision(False, round(overlap * 0.5, 3),
                             f"country stated on one side only ({ca or 'none'} vs "
                             f"{cb or 'none'}): {ka!r} vs {kb!r}")
    return MatchDecision(False, round(overlap, 3), f"keys differ: {ka!r} vs {kb!r}")
