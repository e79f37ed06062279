"""Names across scripts and cases: Cyrillic words to their dictionary forms and Latin spellings.

Ukrainian and Russian decline names: a report writes "у Харкові", "под Авдеевкой", "генерал
Сирського", "с Путиным", and a key built from those letters never meets "Kharkiv", "Avdiivka",
"Syrskyi" or "Putin". This module gives the stages one place to ask for

- `fold_homoglyphs`: Latin letters that look Cyrillic (a, c, e, i, o, p, x, y...) inside a word
  that is otherwise Cyrillic, replaced by the Cyrillic letter they imitate, one for one (offsets
  unchanged). Used for matching and search only; the stored text is never changed;
- `word_lemmas` / `nominative_name`: the dictionary (nominative) forms pymorphy3 gives, with its
  Ukrainian or Russian dictionary (pymorphy3-dicts-uk / -ru), loaded only when Cyrillic arrives;
  for people the name grammemes (Name, Surn, Patr) decide between readings and the gender of the
  given name picks the surname's ("Сирського" -> "Сирський", "Островської" -> "Островська");
- `latin_name`: a Latin form to show beside a Cyrillic name (KMU 2010 for Ukrainian, the usual
  news romanisation for Russian; `docket/nlp/translit.py`);
- `search_words`: the words of a text folded across scripts for the search index
  (`docket/ledger/search.py`): "Куп'янську", "Купянск", "Kupyansk" and "Kupiansk" share a prefix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docket.nlp.translit import has_cyrillic, romanize_ru, romanize_uk

# Latin letters that stand in for Cyrillic ones in text typed on a mixed layout or copied
# through OCR ("Харкiв" with a Latin i). Only lookalikes: a Latin word keeps every letter.
_HOMOGLYPHS = str.maketrans({
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У",
})
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_MIXED_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_UK_ONLY = re.compile(r"[ієїґІЄЇҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def fold_homoglyphs(text: str) -> str:
    """`text` with Latin lookalike letters inside Cyrillic words made Cyrillic; same length.

    A word is folded only when it holds a Cyrillic letter and every Latin letter in it has a
    Cyrillic twin, so "Kyiv", "iPhone" and "ТОВ Alpha" are left as they are.
    """
    if not has_cyrillic(text):
        return text

    def one(m: re.Match[str]) -> str:
        word = m.group()
        latin = [c for c in word if "a" <= c.lower() <= "z"]
        if not latin or not has_cyrillic(word):
            return word
        folded = word.translate(_HOMOGLYPHS)
        return folded if not any("a" <= c.lower() <= "z" for c in folded) else word

    return _MIXED_WORD.sub(one, text)


def script_language(text: str) -> str | None:
    """'uk' or 'ru' when the letters say so (і/ї/є/ґ, ы/э/ъ/ё), else None."""
    if _UK_ONLY.search(text):
        return "uk"
    if _RU_ONLY.search(text):
        return "ru"
    return None


def _languages(text: str, lang: str | None) -> tuple[str, ...]:
    said = lang if lang in ("uk", "ru") else script_language(text)
    return (said,) if said else ("uk", "ru")


@lru_cache(maxsize=2)
def morphology(lang: str) -> Any:
    """pymorphy3 with the dictionary of `lang` ('uk' or 'ru'), loaded once per process."""
    if lang == "uk":
        from docket.nlp.ukrainian import morphology as ukrainian

        return ukrainian()
    from docket.nlp.backbone import ModelError

    try:
        import pymorphy3
        return pymorphy3.MorphAnalyzer(lang="ru")
    except (ImportError, OSError, ValueError) as exc:
        raise ModelError(f"pymorphy3's Russian dictionary cannot be loaded ({exc}): pip "
                         "install pymorphy3 pymorphy3-dicts-ru") from exc


@lru_cache(maxsize=50_000)
def _parses(word: str, lang: str) -> tuple[Any, ...]:
    return tuple(morphology(lang).parse(word))


def _nominative(parse: Any) -> str:
    """The parse's word in the nominative singular, keeping its gender (a feminine surname stays
    feminine, which `normal_form` would not do)."""
    if {"nomn", "sing"} <= parse.tag.grammemes:
        return str(parse.word)
    for wanted in ({"nomn", "sing"}, {"nomn"}):
        inflected = parse.inflect(wanted)
        if inflected is not None:
            return str(inflected.word)
    return str(parse.normal_form)


def _like(word: str, form: str) -> str:
    """`form` (lower case) written with `word`'s capitalisation, and with е where the word
    wrote е for ё (the dictionary spells Фёдоров; the text said Федоров)."""
    if "ё" not in word.lower():
        form = form.replace("ё", "е")
    if word.isupper() and len(word) > 1:
        return form.upper()
    if word[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))
    return form


@lru_cache(maxsize=50_000)
def word_lemmas(word: str, lang: str | None = None) -> tuple[str, ...]:
    """Nominative forms of one Cyrillic word, most likely first, the word itself among them
    ("Харкові" -> "Харків", "Авдеевкой" -> "Авдеевка"); a Latin word is returned alone."""
    word = fold_homoglyphs(word)
    if not has_cyrillic(word):
        return (word,)
    ranked: list[tuple[int, str]] = []
    for code in _languages(word, lang):
        for p in _parses(word, code):
            grammemes = p.tag.grammemes
            if p.score < 0.01 or str(p.tag.POS) not in ("NOUN", "ADJF", "PRTF"):
                continue
            # A place's reading before a thing's, and a person's last ("Харкові" is Kharkiv
            # before it is the dative of a surname Харко).
            rank = (0 if "Geox" in grammemes else 3 if grammemes & _NAME_TAGS
                    else 1 if "inan" in grammemes else 2)
            ranked.append((rank, _like(word, _nominative(p))))
    found: list[str] = []
    for _, form in sorted(ranked, key=lambda r: r[0]):
        if form not in found:
            found.append(form)
    if word not in found:
        found.append(word)
    return tuple(found)




def _gender(parse: Any) -> str | None:
    for g in ("masc", "femn"):
        if g in parse.tag.grammemes:
            return g
    return None


def _name_word(word: str, langs: tuple[str, ...], gender: str | None) -> tuple[str, str | None]:
    """One word of a person's name in the nominative, and the gender it shows."""
    best: tuple[float, str, str | None] | None = None
    for code in langs:
        for p in _parses(word, code):
            if str(p.tag.POS) not in ("NOUN", "ADJF") or p.score < 0.01:
                continue
            g = _gender(p)
            grammemes = p.tag.grammemes
            points = p.score + (2.0 if grammemes & _NAME_TAGS else 0.0)
            points += 1.0 if "anim" in grammemes else 0.0
            if gender is not None and g is not None:
                points += 1.5 if g == gender else -1.5
            elif g == "masc":
                points += 0.1  # a name's default reading: "Сырского" is a man's before a thing
            if {"nomn", "sing"} <= grammemes:
                points += 0.5  # a word already in the nominative stays as written
            if best is None or points > best[0]:
                best = (points, _nominative(p), g)
    if best is None:
        return word, None
    return _like(word, best[1]), best[2]


def nominative_name(name: str, lang: str | None = None) -> str:
    """A Cyrillic person's name with each word in the nominative ("Родиона Мирошника" ->
    "Родион Мирошник", "Олександра Сирського" -> "Олександр Сирський"); other names unchanged.

    Initials and words of one letter are kept; the given name's gender, once read, decides the
    reading of the words after it (a woman's surname stays feminine).
    """
    name = fold_homoglyphs(name)
    if not has_cyrillic(name):
        return name
    langs = _languages(name, lang)
    if _already_nominative(name, langs):
        return name  # "Владислав Абдула": Абдула is not the genitive of Абдул here
    gender = _shared_gender(name, langs)
    out: list[str] = []
    for m in re.finditer(r"\S+", name):
        token = m.group()
        word = token.strip(".,;:()«»\"")
        if len(word) <= 1 or not has_cyrillic(word):
            out.append(token)
            continue
        form, g = _name_word(word, langs, gender)
        gender = gender or g
        out.append(token.replace(word, form, 1))
    return " ".join(out)


def _already_nominative(name: str, langs: tuple[str, ...]) -> bool:
    """Whether every word of a name of two words or more reads as a nominative name part: the
    parts of a name share their case, so a nominative given name keeps its surname as
    written (a surname ending in -а is not made the genitive of one without it)."""
    words = re.findall(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*", name)
    if len(words) < 2:
        return False
    given = [p for code in langs for p in _parses(words[0], code)
             if p.score >= 0.01 and "Name" in p.tag.grammemes]
    if given and all("nomn" in p.tag.grammemes for p in given):
        return True  # "Андрій Любка": a given name that can only be nominative decides
    for word in words:
        if not any({"nomn", "sing"} <= p.tag.grammemes for code in langs
                   for p in _parses(word, code)
                   if p.score >= 0.01 and str(p.tag.POS) in ("NOUN", "ADJF")):
            return False
    return True


def _shared_gender(name: str, langs: tuple[str, ...]) -> str | None:
    """The one gender every word of a name can be read in as a name ("Олесі Островської": the
    first could be Олесь or Олеся, the second only a woman's), else None."""
    common: set[str] | None = None
    for word in re.findall(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*", name):
        genders = {g for code in langs for p in _parses(word, code)
                   if p.tag.grammemes & _NAME_TAGS and (g := _gender(p)) is not None}
        if genders:
            common = genders if common is None else common & genders
    return next(iter(common)) if common is not None and len(common) == 1 else None


def latin_name(name: str, lang: str | None = None) -> str:
    """A Latin form of a name to show beside it: KMU 2010 for Ukrainian, the usual news
    romanisation for Russian; a Latin name is returned as it is."""
    name = fold_homoglyphs(name)
    if not has_cyrillic(name):
        return name
    said = lang if lang in ("uk", "ru") else script_language(name)
    if said != "ru":
        return romanize_uk(name)
    # English news writes a Russian -ий/-ый ending as -y: Dmitry Peskov, Valery Gerasimov.
    return _RU_ENDING.sub("y", romanize_ru(name))


_RU_ENDING = re.compile(r"(?:iy|yy)\b")


_SEARCH_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


@lru_cache(maxsize=200_000)
def search_key(word: str) -> str:
    """One word folded for search across scripts and romanisations (`names.fold_name`)."""
    from docket.nlp.names import fold_name

    return fold_name(fold_homoglyphs(word).replace("'", "").replace("’", "").replace("ʼ", ""))


def search_words(text: str, lang: str | None = None, lemmas: bool = True) -> str:
    """The words of `text` as the folded search index holds them, space-separated: each word's
    fold, and for a Cyrillic word also its dictionary forms' folds (so a search for "Kharkiv"
    finds "Харкова" and one for "Bakhmut" finds "Бахмуті")."""
    out: list[str] = []
    for m in _SEARCH_WORD.finditer(text):
        word = m.group()
        keys = [search_key(word)]  # folds the homoglyphs itself
        word = fold_homoglyphs(word) if has_cyrillic(word) else word
        if lemmas and has_cyrillic(word) and len(word) > 3 and word[:1].isupper():
            keys += [search_key(form) for form in word_lemmas(word, lang)[:2]]
        for key in dict.fromkeys(k for k in keys if k):
            out.append(key)
    return " ".join(out)


def query_alternatives(word: str) -> tuple[str, ...]:
    """The folded spellings a typed query word may match: itself, and for a Cyrillic word its
    dictionary forms and their Russian-style spelling (a search for "Харкові" finds Харків
    and Харьков)."""
    from docket.nlp.translit import russian_style

    word = fold_homoglyphs(word.strip(".,;:!?«»"))
    keys = [search_key(word)]
    if has_cyrillic(word) and len(word) > 3:
        for form in word_lemmas(word)[:2]:
            keys += [search_key(form), search_key(russian_style(form))]
    return tuple(k for k in dict.fromkeys(keys) if k)
