"""The named rules that score a place name's namesakes (``_SCORE_RULES`` in docket/nlp/places.py).

Each rule that shows a reason has a short sentence here in which it speaks for the namesake
chosen; the reason is what a reader of the ledger sees in the mention's ``why``.
"""

from __future__ import annotations

import pytest

from docket.nlp.places import _SCORE_RULES, resolve_places

# (rule, sentence, its place names (the first is the one looked at), the place chosen for it,
# the reason the rule gives)
CASES = [
    ("population", "Sirens sounded in Paris overnight.", ("Paris",), "Paris", "population "),
    ("primary-name", "Prisoners were moved to Rostov last week.", ("Rostov",), "Rostov-on-Don",
     "alternate name"),
    ("named-as", "Shelling hit the Kharkiv region overnight.", ("Kharkiv",), "Kharkiv Oblast",
     "named as a region"),
    ("named-as", "Shelling hit the Kupianskyi district overnight.", ("Kupianskyi",),
     "Kupianskyi Raion", "named as a district"),
    ("named-as", "Rockets fell on the village of Kamianka on Sunday.", ("Kamianka",), None,
     "named as a settlement"),
    ("bare-name", "Rockets fell on Zmiivka, Kherson, on Sunday.", ("Kherson", "Zmiivka"),
     "Kherson Oblast", "region slot after a place name"),
    ("bare-name", "Convoys crossed Volyn on Monday.", ("Volyn",), "Volyn Oblast",
     "a region's own name"),
    ("bare-name", "Sirens sounded in Kharkiv overnight.", ("Kharkiv",), "Kharkiv",
     "the city its region is named after"),
    ("major-city", "Prisoners were moved to Rostov last week.", ("Rostov",), "Rostov-on-Don",
     "its namesakes are far smaller"),
    ("in-the-theatre", "Ukrainian troops pulled back from Lyman.", ("Lyman",), "Lyman",
     "a namesake in Ukraine"),
    ("inside-the-region-named", "Volunteers brought bread to Zmiivka, Kherson.", ("Zmiivka",),
     "Zmiivka", "inside the region named next to it (Kherson)"),
    ("country-named", "Protests in France spread from Paris to Lyon.",
     ("Lyon", "France", "Paris"), "Lyon", "country FR named in the document"),
    ("admin1-named", "Volunteers drove from Izium to Balakliia in the Kharkiv region.",
     ("Izium", "Balakliia"), "Izyum", "Kharkiv named in the document"),
    ("near-other-places", "Volunteers drove from Izium to Balakliia in the Kharkiv region.",
     ("Izium", "Balakliia"), "Izyum", "km from another place in the document"),
]
# Rules that move a score without a reason of their own (an approximate point, a kind's weight).
SILENT = {"borrowed-point", "kind"}


def test_rule_names_are_unique_and_each_speaking_rule_has_a_case() -> None:
    names = [rule.name for rule in _SCORE_RULES]
    assert len(names) == len(set(names))
    assert {name for name, *_ in CASES} | SILENT == set(names)


@pytest.mark.parametrize(("rule", "text", "names", "place", "reason"), CASES,
                         ids=[f"{c[0]}:{c[4]}" for c in CASES])
def test_rule_gives_its_reason(rule: str, text: str, names: tuple[str, ...],
                               place: str | None, reason: str) -> None:
    spans = [(text.index(name), text.index(name) + len(name)) for name in names]
    mention = resolve_places(text, spans)[0]
    assert mention.place is not None
    if place is not None:
        assert mention.place.name == place
    assert reason in mention.why
