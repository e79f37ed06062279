"""Where copies of one story differ: the numbers one copy has and the other lacks, and the
sentences that were changed, added or dropped.

A reprint that turns "15,000" into "15" or drops the sentence naming the source is what an
analyst needs to see first, so the story page compares every copy with the story's original:
numbers (digits or number words, compared by value, so "two" and "2" agree) and sentences
(aligned with difflib over whitespace- and case-folded sentences, so a reflowed paragraph is
not a difference).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from docket.extract.numbers import parse_number
from docket.model import Document, TextSpan

# Digits with thousands separators or decimals, or one word (possibly hyphenated, as in
# "twenty-five"): the words are kept only when they read as a number.
_NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,]\d)|(?<![\w.,])\d+(?:\.\d+)?"
                           r"|\b[A-Za-z]+(?:-[A-Za-z]+)*\b")
# A sentence: up to a full stop, question or exclamation mark, or the end of a line.
_SENTENCE = re.compile(r"[^\s][^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)")
_MAX_ROWS = 40


def numbers_in(text: str) -> dict[int, list[TextSpan]]:
    """Every number a text writes, by value, with where it is written."""
    found: dict[int, list[TextSpan]] = {}
    for m in _NUMBER_TOKEN.finditer(text):
        # parse_number reads a lone "and" (of "one hundred and two") as an empty number.
        value = None if m.group().lower() == "and" else parse_number(m.group())
        if value is not None:
            found.setdefault(value, []).append(TextSpan(m.start(), m.end(), m.group()))
    return found


def sentences_in(text: str) -> list[TextSpan]:
    return [TextSpan(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text)
            if m.group().strip()]


def _fold(sentence: str) -> str:
    return " ".join(sentence.lower().split())


@dataclass(frozen=True)
class SentenceChange:
    """Aligned stretches of the original and the copy that differ (either side may be empty)."""

    kind: str  # "changed", "only in original", "only in copy"
    original: list[TextSpan]
    copy: list[TextSpan]


@dataclass(frozen=True)
class Comparison:
    """One copy against the story's original."""

    original: str  # document ids
    copy: str
    only_original: dict[int, list[TextSpan]] = field(default_factory=dict)
    only_copy: dict[int, list[TextSpan]] = field(default_factory=dict)
    changes: list[SentenceChange] = field(default_factory=list)
    more: int = 0  # changes left out of `changes` to keep the page short

    @property
    def identical(self) -> bool:
        return not (self.only_original or self.only_copy or self.changes)


_KINDS = {"replace": "changed", "delete": "only in original", "insert": "only in copy"}


def compare_copies(original: Document, copy: Document) -> Comparison:
    """The numbers and sentences where `copy`'s main text differs from `original`'s."""
    nums_a, nums_b = numbers_in(original.text), numbers_in(copy.text)
    sents_a, sents_b = sentences_in(original.text), sentences_in(copy.text)
    matcher = difflib.SequenceMatcher(a=[_fold(s.text) for s in sents_a],
                                      b=[_fold(s.text) for s in sents_b], autojunk=False)
    changes = [SentenceChange(_KINDS[op], sents_a[i1:i2], sents_b[j1:j2])
               for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return Comparison(
        original.id, copy.id,
        only_original={v: s for v, s in sorted(nums_a.items()) if v not in nums_b},
        only_copy={v: s for v, s in sorted(nums_b.items()) if v not in nums_a},
        changes=changes[:_MAX_ROWS], more=max(0, len(changes) - _MAX_ROWS))
