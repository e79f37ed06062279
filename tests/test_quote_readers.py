"""The named readers of a quote in extract/quotes.py (`QUOTE_READERS`), each on a short invented
text: the claim a reader of the ledger sees (its content, its speaker, and the rule naming the
reader), or none for a scare quote."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.claims import find_claims
from docket.extract.quotes import QUOTE_READERS


def quotes(text: str) -> list[tuple[str, str | None, str]]:
    doc, parsed = parse_text(text)
    return [(c.content.text, c.source.text if c.source else None, c.rule)
            for c in find_claims(doc.text, parsed, doc.mentions, doc.id)
            if c.kind == "direct_quote"]


@pytest.mark.parametrize(("text", "content", "speaker", "rule"), [
    ('Oleksandr Petrenko ― "We held the line all night and nobody left."',
     '"We held the line all night and nobody left."', "Oleksandr Petrenko",
     "direct quote with its speaker's name before a dash"),
    ('The governor released the following statement:\n\n"The town was shelled all night and '
     'two people died."', '"The town was shelled all night and two people died."',
     "The governor", "direct quote after a colon, led by 'released'"),
    ('"We held the line," he said, "all night."', '"We held the line," he said, "all night."',
     "he", "direct quote with cue 'said'"),
    ('"We held the line," the commander said. "We will hold it again tomorrow."',
     '"We held the line," the commander said. "We will hold it again tomorrow."',
     "the commander", "joined with the next quote of the paragraph"),
    ('"We held the line all night," the commander said.\n\n"Nobody left the town and nobody '
     'will."', '"Nobody left the town and nobody will."', "the commander",
     "direct quote: continues the previous quote's speaker"),
    ('"Nobody knows what will happen to the town next week."',
     '"Nobody knows what will happen to the town next week."', None,
     "direct quote: no speaker found"),
])
def test_a_named_reader_makes_the_claim_of_a_quote(text: str, content: str,
                                                   speaker: str | None, rule: str) -> None:
    found = quotes(text)
    assert any(c == content and s == speaker and rule in r for c, s, r in found), found


def test_a_scare_quote_makes_no_claim() -> None:
    assert quotes('The army called it a "special operation".') == []


def test_the_quote_readers_have_unique_names() -> None:
    names = [n for n, _ in QUOTE_READERS]
    assert len(names) == len(set(names))
