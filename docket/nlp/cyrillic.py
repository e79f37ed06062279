"""The Ukrainian and Russian backbones: a spaCy `Doc` whose entities come from natasha and rules.

No spaCy pipeline for Ukrainian or Russian ships its weights on PyPI under a licence and in a
form we can pin (the official `uk_core_news_*`/`ru_core_news_*` wheels are served only from
GitHub, and fetching at run time is ruled out). What does ship is natasha 1.6.0: slovnet's news
NER model (PER/LOC/ORG, trained on Russian news) with the navec embeddings it reads, both as
files inside the package. So a Cyrillic backbone is:

- spaCy's blank `uk`/`ru` language (its rule-based tokenizer keeps `Куп'янськ` and `м.` whole,
  which razdel does not) plus the rule-based sentencizer: the records and offsets the later
  stages read are the same spaCy `Doc`, `Span` and `Token` as for English, without tags or a
  dependency parse (those stages fall back to their text rules where there is no parse);
- one component, `docket_cyrillic_entities`, that sets `doc.ents` from `recognise_entities`
  (`docket/nlp/cyrillic_ner.py`): natasha's model for Russian, and for Ukrainian natasha's model
  read through a letter-for-letter Russian respelling plus our rules (morphology, gazetteer,
  organisation shapes), with labels PERSON / ORG / LOC as the English stages expect.

The weights are checked by SHA-256 before loading, like the English pipeline's, and loaded only
when the first Ukrainian or Russian document arrives: an English-only run never imports natasha,
slovnet, navec or pymorphy3.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

from docket.nlp.backbone import Backbone, ModelError, verify_weights

NATASHA_VERSION = "1.6.0"
NATASHA_INSTALL_HINT = "pip install 'natasha==1.6.0' pymorphy3 pymorphy3-dicts-uk"
# SHA-256 of the natasha 1.6.0 files the NER reads (paths inside natasha/data).
NATASHA_FILES: dict[str, str] = {
    "emb/navec_news_v1_1B_250K_300d_100q.tar":
        "f07270833d78523edc5781538d67038e95b43975e4a7ae757c693b687f9cbfca",
    "model/slovnet_ner_news_v1.tar":
        "16c3343a6572ddf0e2b2fc1923113de15a7f5ca5bde90e780dd590418665603e",
}
COMPONENT = "docket_cyrillic_entities"
# natasha's labels in the English model's names, which the entity stage reads.
SPACY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def natasha_data() -> Path:
    """natasha's data folder, found without importing natasha (its import loads much more)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"natasha is not installed; Ukrainian and Russian need it: "
                         f"{NATASHA_INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def verify_natasha(folder: Path) -> None:
    """Raise `ModelError` unless the NER and embedding files are natasha 1.6.0's."""
    verify_weights(folder, NATASHA_FILES, "natasha",
                   f"not natasha {NATASHA_VERSION}'s: {NATASHA_INSTALL_HINT}",
                   missing=NATASHA_INSTALL_HINT)


@lru_cache(maxsize=1)
def natasha_ner() -> Any:
    """slovnet's news NER with navec's embeddings, loaded once per process."""
    folder = natasha_data()
    verify_natasha(folder)
    try:
        from navec import Navec
        from slovnet import NER
    except ImportError as exc:
        raise ModelError(f"natasha's slovnet or navec is missing: {NATASHA_INSTALL_HINT}") \
            from exc
    ner = NER.load(str(folder / "model/slovnet_ner_news_v1.tar"))
    ner.navec(Navec.load(str(folder / "emb/navec_news_v1_1B_250K_300d_100q.tar")))
    return ner


class CyrillicBackbone(Backbone):
    """A Cyrillic backbone: the text is parsed in blocks like English (`Backbone.parse`), but
    its names are found over the whole text at once, so the model reads each name in the
    context of the whole document (a surname opening a paragraph is still a surname)."""

    def parse(self, text: str, *, lines_are_blocks: bool = False) -> Any:
        with self.nlp.select_pipes(disable=[COMPONENT]):
            doc = super().parse(text, lines_are_blocks=lines_are_blocks)
        return _set_entities(doc)


def _set_entities(doc: Any) -> Any:
    from docket.nlp.cyrillic_ner import recognise_entities

    spans: list[Any] = []
    for found in recognise_entities(doc.text, doc.lang_):
        span = doc.char_span(found.start, found.end, SPACY_LABELS[found.label],
                             alignment_mode="contract")
        if span is None or span.start_char != found.start or span.end_char != found.end:
            # The rules cut inside a spaCy token ("ТОВ«Альфа»"): take the tokens around it.
            span = doc.char_span(found.start, found.end, SPACY_LABELS[found.label],
                                 alignment_mode="expand")
        if span is not None and not any(span.start < o.end and o.start < span.end
                                        for o in spans):
            spans.append(span)
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


@lru_cache(maxsize=2)
def load_cyrillic_backbone(code: str) -> Backbone:
    """The backbone of language `code` ('uk' or 'ru'), loaded once per process."""
    import spacy
    from spacy.language import Language

    if code not in ("uk", "ru"):
        raise ValueError(f"no Cyrillic backbone for {code!r}")
    natasha_ner()  # fail here, with advice, rather than on the first document
    if code == "uk":
        from docket.nlp.ukrainian import morphology

        morphology()
    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_set_entities)
    nlp = spacy.blank(code)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(COMPONENT)
    nlp.max_length = 5_000_000
    name = f"blank_{code}+natasha_slovnet_ner_news_v1" + ("+docket_uk_rules" if code == "uk"
                                                          else "")
    return CyrillicBackbone(nlp, name, NATASHA_VERSION, True, trusted_labels=True)
