"""What people type, as a full-text query SQLite's FTS5 accepts.

FTS5 has its own syntax, and ordinary text breaks it: an apostrophe (`Russia's`), a hyphen
(`air-defence`, read as a column filter), a Ukrainian apostrophe (`Куп'янськ`), a stray quote or
bracket. `fts_query` keeps what the search help promises — `"quoted phrases"`, `prefix*`, and
`AND` / `OR` / `NOT` written in capitals between terms — and turns everything else into quoted
phrases, which FTS5 tokenizes exactly as it tokenized the documents: `"air-defence"` finds
"air-defence" and "air defence", `"Russia's"` finds "Russia's".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

OPERATORS = frozenset({"AND", "OR", "NOT"})
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')


def _phrase(text: str) -> str | None:
    """A chunk as one FTS5 phrase, or None when it holds no word at all."""
    prefix = text.endswith("*")
    words = text.rstrip("*")
    if not re.search(r"\w", words):
        return None
    return '"' + words.replace('"', "") + '"' + ("*" if prefix else "")


def fts_query(typed: str) -> str:
    """A valid FTS5 query for `typed` (empty when it holds no word)."""
    parts: list[str] = []
    for m in _CHUNK.finditer(typed):
        quoted, bare = m.group(1), m.group(2)
        if bare is not None and bare in OPERATORS:
            if parts and parts[-1] not in OPERATORS:
                parts.append(bare)
            continue
        phrase = _phrase(quoted if quoted is not None else bare.strip("()"))
        if phrase is not None:
            parts.append(phrase)
    while parts and parts[-1] in OPERATORS:  # "Russia AND": nothing to join
        parts.pop()
    return " ".join(parts)


def folded_fts_query(terms: Sequence[Sequence[str]]) -> str:
    """An FTS5 query over the folded index (`document_fold`): every term must match, each in
    one of its folded spellings, as a prefix when it is long enough that a case ending may
    follow ("kupiansk" finds the folded "Куп'янську"); empty when there is nothing to ask."""
    parts: list[str] = []
    for alternatives in terms:
        words = [w for w in dict.fromkeys(alternatives) if re.fullmatch(r"[\w-]+", w)]
        if not words:
            continue
        phrases = [f'"{w}"' + ("*" if len(w) >= 4 else "") for w in words]
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return " ".join(parts)
