"""Romanisation of Ukrainian and Russian place names and the folded keys the gazetteer matches on.

Ukrainian is romanised with the official system (Cabinet of Ministers resolution 55 of 2010,
"KMU 2010"), the one Ukrainian road signs, passports and most English-language reporting since 2014
use. News still spells many places the Russian way (Kharkov, Nikolaev, Lugansk), so a Ukrainian
name also gets a *Russian-style* variant: the Ukrainian spelling is rewritten with the regular
Ukrainian/Russian correspondences (-івка/-овка, final -ів/-ов, і/и, г romanised as g) and then
romanised the Russian way. Irregular pairs (Mykolaiv/Nikolaev, Bakhmut/Artemovsk) are not
derivable and live in the hand-written list of the gazetteer build.

``fold`` turns any spelling into the key the index is built on. It is deliberately lossy in the
places where romanisations disagree (y/i/j, kh/h, doubled letters, apostrophes, diacritics) and
nowhere else, so that Novomikhailovka and Novomykhailivka's Russian-style form meet while
unrelated names stay apart.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = re.compile(r"[ієїґІЄЇҐ]")

# KMU 2010: letters whose romanisation differs at the start of a word are in _UK_INITIAL.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
    # Russian letters that turn up in Ukrainian-script text typed on a Russian layout.
    "ы": "y", "э": "e", "ё": "io", "ъ": "",
}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "'": "", "’": "", "ʼ": "",
}
_VOWELS = set("аеёиіїоуыэюяєaeiouy")
_APOSTROPHES = "'’ʼ`´‘"


def has_cyrillic(text: str) -> bool:
    """True when the text holds at least one Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


def _match_case(out: str, source_char: str, first: bool) -> str:
    if not out or not source_char.isupper():
        return out
    return out[0].upper() + out[1:] if first else out.upper()


def romanize_uk(text: str) -> str:
    """Romanise Ukrainian with the KMU 2010 system (Харків -> Kharkiv, Їжакевич -> Yizhakevych)."""
    out: list[str] = []
    prev = ""
    for i, ch in enumerate(text):
        low = ch.lower()
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        word_start = prev == "" or (not prev.isalpha() and prev not in _APOSTROPHES)
        if low == "г" and prev.lower() == "з":
            piece = "gh"  # зг -> zgh, so that Zghurivka is not read as Zhurivka
        elif word_start and low in _UK_INITIAL:
            piece = _UK_INITIAL[low]
        elif low in _UK:
            piece = _UK[low]
        else:
            piece = ch
        # Title-case a digraph only on its first letter (Shch, not SHCH) unless the word is upper.
        whole_upper = ch.isupper() and (nxt == "" or text[i + 1].isupper())
        out.append(piece.upper() if whole_upper and len(piece) > 1 and word_start is False
                   else _match_case(piece, ch, True))
        prev = ch
    return "".join(out)


def romanize_ru(text: str) -> str:
    """Romanise Russian text the way English-language news usually does (Харьков -> Kharkov)."""
    out: list[str] = []
    prev = ""
    for ch in text:
        low = ch.lower()
        if low == "е" and (not prev.isalpha() or prev.lower() in _VOWELS | {"ь", "ъ"}):
            piece = "ye"
        elif low in _RU:
            piece = _RU[low]
        else:
            piece = ch
        out.append(_match_case(piece, ch, True))
        prev = ch
    return "".join(out)


# Regular Ukrainian -> Russian correspondences in place names, applied to lower-case words.
_RUSSIANISE = [
    (re.compile(r"іївка\b"), "еевка"),
    (re.compile(r"ївка\b"), "евка"),
    (re.compile(r"івка\b"), "овка"),
    (re.compile(r"ївськ"), "евск"),
    (re.compile(r"івськ"), "овск"),
    (re.compile(r"їв\b"), "ев"),
    (re.compile(r"ів\b"), "ов"),
    (re.compile(r"ське\b"), "ское"),
    (re.compile(r"цьке\b"), "цкое"),
    (re.compile(r"ський\b"), "ский"),
    (re.compile(r"цький\b"), "цкий"),
    (re.compile(r"ськ"), "ск"),
    (re.compile(r"цьк"), "цк"),
    (re.compile(r"ове\b"), "овое"),
    (re.compile(r"еве\b"), "евое"),
    (re.compile(r"([бвгдзклмнпрстфхцчшщ])не\b"), r"\1ное"),
    (re.compile(r"ий\b"), "ый"),
    (re.compile(r"і"), "и"),
    (re.compile(r"ї"), "йи"),
    (re.compile(r"є"), "е"),
    (re.compile(r"ґ"), "г"),
    (re.compile(r"['’ʼ]"), "ь"),
]


def russian_style(uk_text: str) -> str:
    """Rewrite a Ukrainian name with regular Russian correspondences (Михайлівка -> Михайловка).

    This is a heuristic for generating lookup variants, not a translation: irregular pairs
    (Миколаїв/Николаев) come out wrong and must be listed by hand.
    """
    words = re.split(r"(\W+)", uk_text)
    out = []
    for word in words:
        low = word.lower()
        for pattern, repl in _RUSSIANISE:
            low = pattern.sub(repl, low)
        out.append(low.capitalize() if word[:1].isupper() else low)
    return "".join(out)


def romanizations(name: str, lang: str | None = None) -> list[str]:
    """Latin spellings of a name: itself if Latin, else KMU 2010, Russian-style and Russian.

    ``lang`` is "uk" or "ru" when the language of the Cyrillic is known; without it a name with
    no Ukrainian-only letter (і, ї, є, ґ) gets every reading, since "Берестове" is as Ukrainian
    as "Бахмут" is both.
    """
    if not has_cyrillic(name):
        return [name]
    forms = [romanize_uk(name), romanize_ru(russian_style(name)), romanize_ru(name)]
    if lang == "ru" or (lang is None and _UKRAINIAN_ONLY.search(name) is None):
        # Russian spelling first: "Харьков" is Kharkov before it is anything else.
        forms = [romanize_ru(name), romanize_uk(name), romanize_ru(russian_style(name))]
    seen: list[str] = []
    for form in forms:
        if form not in seen:
            seen.append(form)
    return seen


_DOUBLE = re.compile(r"([a-z])\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FOLDS = [("zhzh", "zh"), ("kh", "h"), ("w", "v"), ("y", "i"), ("j", "i")]


def fold(text: str) -> str:
    """The lookup key of a Latin spelling: Zaporizhzhia = Zaporizhia, Mar'inka = Marinka.

    Cyrillic letters are not handled here (use ``keys``); they are dropped.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    text = _NON_ALNUM.sub(" ", text).strip()
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def keys(name: str, lang: str | None = None) -> list[str]:
    """All lookup keys of a name in any script, most faithful first; empty names give none."""
    out: list[str] = []
    for form in romanizations(name, lang):
        key = fold(form)
        if key and key not in out:
            out.append(key)
    return out
