"""Places read the way a local reads them (issue 16): a region named next to a name is never
overruled by a namesake elsewhere, and a text about Russia's forces at war is about Ukraine."""

from __future__ import annotations

from docket.nlp.places import PlaceMention, find_place_mentions, resolve_places


def _resolve(text: str, *names: str) -> dict[str, PlaceMention]:
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    return {m.text: m for m in resolve_places(text, spans)}


def test_a_name_unknown_in_the_region_named_next_to_it_stays_unresolved() -> None:
    # Yaremche is a town in the Carpathians; "Yaremche, Luhansk" names a place in Luhansk
    # oblast the gazetteer does not know, so the Carpathian town is refused, with the reason.
    text = "Shells fell near Yaremche, Luhansk, on Sunday, the militia said."
    found = _resolve(text, "Yaremche", "Luhansk")
    assert found["Yaremche"].place is None
    assert "inside the region named next to it (Luhansk)" in found["Yaremche"].why
    assert "Ivano-Frankivsk" in found["Yaremche"].why  # the namesake refused is named
    luhansk = found["Luhansk"].place
    assert luhansk is not None and luhansk.admin1 == "Luhansk"


def test_the_same_name_with_its_own_region_resolves_there() -> None:
    found = _resolve("Tourists returned to Yaremche, Ivano-Frankivsk, in May.", "Yaremche")
    place = found["Yaremche"].place
    assert place is not None and place.admin1 == "Ivano-Frankivsk"


def test_russias_forces_at_war_put_a_bare_name_in_ukraine() -> None:
    text = "Russia's defence ministry said its troops had withdrawn from Lyman."
    place = _resolve(text, "Russia", "Lyman")["Lyman"].place
    assert place is not None and (place.country, place.admin1) == ("UA", "Donetsk")


def test_russia_named_without_fighting_keeps_russian_namesakes() -> None:
    # A text about Russia that is not about the war: Liman in Astrakhan oblast may be meant.
    text = "Fishermen in Russia's Astrakhan region sold their catch in Liman on Friday."
    place = _resolve(text, "Russia", "Astrakhan", "Liman")["Liman"].place
    assert place is not None and place.country == "RU"


def test_mentions_found_in_a_text_use_the_same_rules() -> None:
    text = "Shells fell near Yaremche, Luhansk, on Sunday, the militia said."
    spans = find_place_mentions(text, [(17, 25, "GPE"), (27, 34, "GPE")])
    by_text = {m.text: m for m in resolve_places(text, spans)}
    assert by_text["Yaremche"].place is None
