"""Named entities of Ukrainian and Russian text: natasha's model, and our rules for Ukrainian.

Russian is natasha's own language: its slovnet news model is used as shipped (PER, LOC, ORG).

Ukrainian has no NER model on PyPI. natasha's model read on Ukrainian text finds few of its
names (micro F1 0.40 on ner-ukru's uk_dev), mostly because Ukrainian spelling hides the Russian
words its embeddings know. Respelt letter for letter the way a Russian would write the same
sounds (і → и, и → ы, є → е, ї → и, ґ → г, apostrophe → ъ; the length never changes, so the
offsets stay those of the original text), the same model does markedly better; the rules of
`docket/nlp/ukrainian.py` then correct and extend what it finds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundEntity:
    """A name in the text: character offsets, natasha's label (PER, LOC, ORG), and who said so."""

    start: int
    end: int
    label: str
    source: str  # 'natasha' or the name of the rule


# Ukrainian letters to the Russian letters of the same sound, one for one (offsets unchanged).
_UK_AS_RU = str.maketrans({
    "і": "и", "и": "ы", "є": "е", "ї": "и", "ґ": "г", "І": "И", "И": "Ы", "Є": "Е", "Ї": "И",
    "Ґ": "Г", "'": "ъ", "’": "ъ", "ʼ": "ъ",
})


def respell_ukrainian(text: str) -> str:
    """`text` with Ukrainian letters respelt as Russian ones; same length, same offsets."""
    return text.translate(_UK_AS_RU)


def natasha_entities(text: str) -> list[FoundEntity]:
    """natasha's (slovnet's) PER/LOC/ORG spans of `text`."""
    from docket.nlp.cyrillic import natasha_ner

    if not text.strip():
        return []
    markup = natasha_ner()(text)
    return [FoundEntity(s.start, s.stop, s.type, "natasha") for s in markup.spans
            if s.type in ("PER", "LOC", "ORG")]


def recognise_entities(text: str, lang: str) -> list[FoundEntity]:
    """The PER/LOC/ORG names of `text` in language `lang` ('uk' or 'ru'), not overlapping.

    Latin lookalike letters inside Cyrillic words ("Харкiв" with a Latin i) are read as the
    Cyrillic letters they imitate; the folding keeps every offset, so the spans are those of
    the text as stored.
    """
    from docket.nlp.crossscript import fold_homoglyphs

    text = fold_homoglyphs(text)
    if lang == "uk":
        from docket.nlp.ukrainian import ukrainian_entities

        model = natasha_entities(respell_ukrainian(text))
        return ukrainian_entities(text, model)
    return natasha_entities(text)
