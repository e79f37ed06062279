"""Language of a document's main text (py3langid: a small model shipped inside the package),
and, for Cyrillic text, the letters that only one language uses.

py3langid needs some 40 letters to say anything and is unsure on a short line, yet a one-line
report ("Ворог обстріляв Херсонщину") is real input. In Cyrillic the alphabets settle it: і, ї,
є, ґ and the apostrophe inside a word are Ukrainian, never Russian; ы, э, ё are Russian, never
Ukrainian; ў is Belarusian, which also writes both і and ы; a hard sign before е, ё, ю, я
("объявил") is Russian, one before a consonant or at the end of a word ("градът", "във")
Bulgarian. So
when the text is mostly Cyrillic and those letters point one way, they decide, whatever its
length; when they point no way, py3langid decides as before (and a short text stays unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Fewer letters than this and a guess is noise; the document is marked 'unknown'.
_MIN_LETTERS = 40
# Below this normalised probability the guess is reported but not trusted for analysis.
_MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 20_000
# A text whose letters are at least this share Cyrillic is judged by its alphabet first.
_CYRILLIC_SHARE = 0.6
# The alphabet decides only from this many letters on ("Київ" is too little to go on).
_MIN_SCRIPT_LETTERS = 8

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]|(?<=[бпвмфрБПВМФР])['’ʼ](?=[яюєїЯЮЄЇ])")
_RUSSIAN_ONLY = re.compile(r"[ыэёЫЭЁ]|[ъЪ](?=[еёюяЕЁЮЯ])")
_BELARUSIAN_ONLY = re.compile(r"[ўЎ]")
_BULGARIAN_HARD_SIGN = re.compile(r"[ъЪ](?![еёюяЕЁЮЯ])")


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None
    score: float | None
    note: str | None = None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def cyrillic_language(text: str) -> str | None:
    """'uk', 'ru', 'be' or 'bg' when the letters of a mostly Cyrillic `text` say which, else
    None (not Cyrillic, too short, no telling letter, or letters of two languages)."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if _CYRILLIC.match(ch))
    if cyrillic < _MIN_SCRIPT_LETTERS or cyrillic < _CYRILLIC_SHARE * len(letters):
        return None
    ukrainian = len(_UKRAINIAN_ONLY.findall(text))
    russian = len(_RUSSIAN_ONLY.findall(text))
    if _BELARUSIAN_ONLY.search(text) or (ukrainian and russian and "і" in text and "ы" in text
                                          and "и" not in text):
        return "be"
    if _BULGARIAN_HARD_SIGN.search(text) and not ukrainian and not russian:
        return "bg"
    if ukrainian and not russian:
        return "uk"
    if russian and not ukrainian:
        return "ru"
    if not ukrainian and not russian:
        return None
    # Both: a quotation in the other language, or a typo. A clear majority still tells.
    if ukrainian >= 3 * russian:
        return "uk"
    if russian >= 3 * ukrainian:
        return "ru"
    return None


def detect_language(text: str) -> LanguageGuess:
    sample = text[:_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    by_letters = cyrillic_language(sample)
    if letters < _MIN_LETTERS:
        if by_letters is not None:
            return LanguageGuess(by_letters, None)
        note = f"too little text to tell the language ({letters} letters)"
        return LanguageGuess(None, None, note)
    code, score = _identifier().classify(sample)
    score = round(float(score), 4)
    if by_letters is not None and by_letters != code:
        # py3langid mixes up the East Slavic languages on news text with many names; the
        # alphabet does not.
        return LanguageGuess(by_letters, None)
    if score < _MIN_CONFIDENCE:
        if by_letters is not None:
            return LanguageGuess(by_letters, score)
        return LanguageGuess(code, score, f"uncertain language guess {code} ({score})")
    return LanguageGuess(code, score)
