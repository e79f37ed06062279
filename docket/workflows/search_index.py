"""Search across scripts: what the store indexes for a document, and what a query asks of it.

The ledger keeps a second full-text index (`document_fold`) beside the one over the text as
written: each word folded across scripts and romanisations (`docket/nlp/crossscript.py`), and
the dictionary forms of capitalised Cyrillic words. A query is folded the same way, so
"Kupiansk", "Kupyansk", "Куп'янськ" and "Купянск" find the same documents, and "Бахмут" finds
a page that only says "у Бахмуті". The stored text is never changed.
"""

from __future__ import annotations

import re

from docket.ledger.store import Ledger
from docket.model import Document

# What makes a query the user's own FTS5 syntax: then it is run only as typed.
_SYNTAX = re.compile(r'["*()]|\b(?:AND|OR|NOT|NEAR)\b')


def document_search_words(doc: Document) -> str:
    """The folded words of a document's title and main text, as the store indexes them."""
    from docket.nlp.crossscript import search_words

    return search_words(f"{doc.title or ''}\n{doc.text}", doc.language)


def fold_query(typed: str) -> tuple[tuple[str, ...], ...]:
    """The words of a typed query folded across scripts, each with its alternatives (its
    dictionary forms and, for a Ukrainian word, the Russian spelling); empty when the query
    uses FTS5 syntax (quotes, prefix*, AND/OR/NOT), which is then run only as typed."""
    if _SYNTAX.search(typed):
        return ()
    from docket.nlp.crossscript import query_alternatives

    return tuple(alts for word in typed.split() if (alts := query_alternatives(word)))


def place_keys(typed: str, limit: int = 20) -> tuple[str, ...]:
    """The gazetteer ids a short query names as a place, in any script or case ("Купянск",
    "Kupiansk", "у Бахмуті"): the keys of place entities a search lists whatever spelling
    their name has. Empty for a query in FTS5 syntax or of more than four words."""
    if not typed.strip() or _SYNTAX.search(typed) or len(typed.split()) > 4:
        return ()
    from docket.errors import DocketError
    from docket.nlp.cyrillic_places import cyrillic_candidates
    from docket.nlp.gazetteer import Gazetteer
    from docket.nlp.translit import has_cyrillic

    try:
        gaz = Gazetteer.load()
    except DocketError:
        return ()  # no gazetteer: the search goes on by names alone
    found = cyrillic_candidates(gaz, typed)[0] if has_cyrillic(typed) else gaz.lookup(typed)
    return tuple(c.place.gazetteer_id for c in found if c.primary)[:limit]


def person_keys(typed: str) -> tuple[str, ...]:
    """The person-key endings a query of one to three words names, folded across scripts and
    cases ("Сырского", "Syrskyi" -> "|sirski"; "Олександр Сирський" -> "alexander|sirski"):
    a search lists the people with that name whatever script their entity's name is in."""
    words = typed.split()
    if not 1 <= len(words) <= 3 or _SYNTAX.search(typed):
        return ()
    from docket.nlp.crossscript import nominative_name, word_lemmas
    from docket.nlp.names import parse_person_name

    person = parse_person_name(nominative_name(typed))
    if not person.family:
        return ()
    if person.given:
        return (person.key(),)
    # One word: each of its readings ("Беседина" is a woman's name, or a man's in the
    # genitive).
    readings = dict.fromkeys([nominative_name(typed), *word_lemmas(typed.strip())])
    return tuple(dict.fromkeys("|" + parse_person_name(r).key().split("|")[-1]
                               for r in readings))


def latin_form(name: str | None) -> str | None:
    """A Latin form to show beside a name written in Cyrillic (Ukrainian KMU 2010 or the usual
    Russian romanisation, by its letters); None for a name already in Latin letters."""
    from docket.nlp.translit import has_cyrillic

    if not name or not has_cyrillic(name):
        return None
    from docket.nlp.crossscript import latin_name

    return latin_name(name)


def fold_unindexed(ledger: Ledger, batch: int = 500) -> int:
    """Fold the documents stored before the cross-script index existed; how many were."""
    done = 0
    while True:
        docs = ledger.unfolded_documents(batch)
        if not docs:
            return done
        ledger.index_folded({d.id: document_search_words(d) for d in docs})
        done += len(docs)
