"""Language of a document's main text (py3langid: a small model shipped inside the package)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Fewer letters than this and a guess is noise; the document is marked 'unknown'.
_MIN_LETTERS = 40
# Below this normalised probability the guess is reported but not trusted for analysis.
_MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 20_000


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None
    score: float | None
    note: str | None = None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    sample = text[:_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < _MIN_LETTERS:
        note = f"too little text to tell the language ({letters} letters)"
        return LanguageGuess(None, None, note)
    code, score = _identifier().classify(sample)
    score = round(float(score), 4)
    if score < _MIN_CONFIDENCE:
        return LanguageGuess(code, score, f"uncertain language guess {code} ({score})")
    return LanguageGuess(code, score)
