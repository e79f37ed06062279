"""Counts in Ukrainian and Russian text, in digits or in words with their case endings.

"двох", "трьома", "п'ятеро", "пятерых", "одиннадцати": a numeral's case and collective forms
are many, so each word is read through pymorphy3 (with its Ukrainian or Russian dictionary),
and its normal form looked up in `cyrillic_lexicon.NUMERALS`. Compound numerals
("двадцять п'ять") add up; "десятки", "сотні", "кілька" are vague amounts with no value. A
hedge before the number ("щонайменше", "понад", "до", "близько") is kept as the qualifier, in
the English names of `docket.extract.numbers`.

pymorphy3 is loaded once per process and only for Ukrainian or Russian documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docket.extract.cyrillic_lexicon import (
    APOSTROPHES,
    NOT_PEOPLE_AFTER,
    NUMERALS,
    QUALIFIERS,
    VAGUE_AMOUNTS,
    WORD,
)


@dataclass(frozen=True)
class CyrillicCount:
    """A number as the text states it: where, its value (None: vague), its hedge."""

    start: int
    end: int
    text: str
    value: int | None
    qualifier: str | None
    rule: str


@lru_cache(maxsize=2)
def morph(language: str) -> Any:
    """pymorphy3's analyser for `language` ('uk' or 'ru'), loaded once per process."""
    if language == "uk":
        from docket.nlp.ukrainian import morphology

        return morphology()
    from docket.nlp.backbone import ModelError

    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru")
    except (ImportError, OSError, ValueError) as exc:
        raise ModelError(f"pymorphy3's Russian dictionary cannot be loaded ({exc}): pip "
                         "install pymorphy3 pymorphy3-dicts-ru") from exc


def _plain(word: str) -> str:
    return re.sub(f"[{APOSTROPHES}]", "'", word.lower())


@lru_cache(maxsize=4096)
def numeral_value(word: str, language: str) -> int | None:
    """The value of one numeral word in any case ("двох" -> 2, "пятерых" -> 5), else None."""
    plain = _plain(word)
    if plain in NUMERALS:
        return NUMERALS[plain]
    if not plain.isalpha() and "'" not in plain:
        return None
    for parse in morph(language).parse(plain)[:3]:
        if "NUMR" in parse.tag or parse.normal_form in NUMERALS:
            value = NUMERALS.get(_plain(parse.normal_form))
            if value is not None:
                return value
    return None


def _digits(word: str) -> int | None:
    cleaned = word.replace("\u00a0", "")
    return int(cleaned) if cleaned.isdigit() and len(cleaned) <= 6 else None


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 30):start]
    for pattern, name in QUALIFIERS:
        m = pattern.search(before)
        if m:
            return name, start - (len(before) - m.start())
    return None, start


def find_numbers(text: str, language: str, start: int = 0,
                 end: int | None = None) -> list[CyrillicCount]:
    """Every number in text[start:end] that may count people, in text order."""
    out: list[CyrillicCount] = []
    words = list(WORD.finditer(text, start, len(text) if end is None else end))
    i = 0
    while i < len(words):
        w = words[i]
        value = _digits(w.group()) if w.group()[:1].isdigit() else numeral_value(
            w.group(), language)
        vague = VAGUE_AMOUNTS.get(_plain(w.group()))
        if value is None and vague is None:
            i += 1
            continue
        last = w
        while value is not None and i + 1 < len(words) and value % 10 == 0 and value >= 20:
            nxt = numeral_value(words[i + 1].group(), language)  # "двадцять п'ять"
            if nxt is None or nxt >= 10:
                break
            value, last, i = value + nxt, words[i + 1], i + 1
        i += 1
        if _glued_to_a_unit(text, w.start(), last.end()):
            continue
        qualifier, q_start = _qualifier(text, w.start())
        out.append(CyrillicCount(q_start, last.end(), text[q_start:last.end()], value,
                                 qualifier or vague,
                                 "count:digits" if w.group()[:1].isdigit() else
                                 "count:words:pymorphy3"))
    return out


def _glued_to_a_unit(text: str, start: int, end: int) -> bool:
    """A year, a date, a percentage, a distance or a sum: no count of people."""
    if start > 0 and text[start - 1] in ".,:/-–" and start > 1 and text[start - 2].isdigit():
        return True
    if end < len(text) and text[end:end + 1] in ".,:/" and text[end + 1:end + 2].isdigit():
        return True
    return bool(NOT_PEOPLE_AFTER.match(text[end:end + 24]))
