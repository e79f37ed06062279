"""Claims, attribution, verification and events: what happened, and who says so.

Runs after the entity stage on analysed documents, over the same spaCy parse:

    claims.py        reported speech, "according to", "Source:" lines            -> Claim
    quotes.py        direct quotes: found, split pieces joined, their speakers
    attribution.py   speakers, cues, modality and `via`, shared by both
    claim_lexicon.py the cue words and outlet names
    verification.py  what the text says about verification, with its scope        -> Verification
    events.py        event triggers, categories, actors, counts, place, date       -> Event
    taxonomy.py      Docket's categories and their ACLED and IHL mappings
    sides.py         which side a force or a group belongs to
    numbers.py       counts written in digits or words, with their qualifiers
    assemble.py      ties them together: the claimant and verification of each event

See docs/taxonomy.md for the categories and vocabularies, docs/export.md for the records.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docket.model import Document, PublishedDate, SourceRef, stable_id


def _bare_document(text: str, published: PublishedDate | None, doc_id: str | None,
                   title: str | None = None) -> Document:
    return Document(id=doc_id or stable_id("doc", text),
                    source=SourceRef("<text>", None, "", None, None), format="text",
                    encoding="utf-8", encoding_method="given", full_text=text,
                    published=published, analysed=True, language="en", title=title)


def parse_text(text: str, published: PublishedDate | None = None,
               doc_id: str | None = None, model: str | None = None) -> tuple[Document, Any]:
    """A text as an analysed document with its entity mentions, and spaCy's parse of it.

    For tests, benchmarks and `docket eval`, which start from a bare text rather than a record;
    the pipeline builds the same thing from a record.
    """
    from docket.nlp.backbone import load_backbone
    from docket.nlp.entities import extract_mentions

    backbone = load_backbone(model) if model else load_backbone()
    doc = _bare_document(text, published, doc_id)
    parsed = backbone.parse(text)
    return replace(doc, mentions=extract_mentions(doc, backbone, parsed)), parsed


def analyse_text(text: str, published: PublishedDate | None = None,
                 doc_id: str | None = None, title: str | None = None,
                 model: str | None = None) -> Document:
    """A bare text through the entity, claim and event stages, as the pipeline runs them
    (with the spaCy pipeline `model`, default the pinned one, as the `spacy_model` setting)."""
    from docket.extract.assemble import analyse_parsed
    from docket.nlp.backbone import load_backbone

    backbone = load_backbone(model) if model else load_backbone()
    return analyse_parsed(_bare_document(text, published, doc_id, title), backbone,
                          backbone.parse(text))
