"""Place mentions in text: recognition, disambiguation, relative descriptions, bad input."""

from __future__ import annotations

from docket.nlp.places import find_place_mentions, resolve_places


def _span(text: str, word: str, label: str = "GPE") -> tuple[int, int, str]:
    start = text.index(word)
    return (start, start + len(word), label)


def _resolve(text: str, *words: str) -> list:
    return resolve_places(text, [_span(text, w)[:2] for w in words])


def test_russian_spelling_resolves_to_the_ukrainian_city() -> None:
    text = "Sirens sounded in Kharkov and Nikolaev overnight, officials in Lugansk said."
    m = _resolve(text, "Kharkov", "Nikolaev", "Lugansk")
    assert [x.place.name for x in m] == ["Kharkiv", "Mykolayiv", "Luhansk"]
    assert all(x.place.country == "UA" for x in m)


def test_village_is_decided_by_the_region_named_next_to_it() -> None:
    text = "Shells fell on Berestove in the Zaporizhzhia region on Sunday."
    [m] = _resolve(text, "Berestove")
    assert m.place is not None and m.place.admin1 == "Zaporizhzhia"
    text2 = "Volunteers brought bread to Berestove, Kharkiv Oblast."
    [m2] = _resolve(text2, "Berestove")
    assert m2.place is not None and m2.place.admin1 == "Kharkiv"
    assert "region named next to it" in m2.why


def test_russian_style_village_with_region() -> None:
    text = "The village of Novomikhailovka, Donetsk region, lost power."
    [m] = _resolve(text, "Novomikhailovka")
    assert m.place is not None and m.place.admin1 == "Donetsk"
    assert m.place.kind == "village"


def test_region_is_not_a_village_that_shares_its_name() -> None:
    text = "Drones were shot down over the Kherson region and over Crimea."
    m = _resolve(text, "Kherson", "Crimea")
    assert m[0].place is not None and m[0].place.kind == "admin1"
    assert m[1].place is not None and m[1].place.kind == "admin1"
    assert m[1].place.admin1 == "Crimea"
    # A bare city name stays the city the oblast is named after.
    [city] = _resolve("Trams ran again in Kharkiv on Monday.", "Kharkiv")
    assert city.place is not None and city.place.kind == "city"


def test_relative_distance_gives_a_coarser_precision() -> None:
    text = "A depot 20 km south of Kharkiv was hit."
    [m] = _resolve(text, "Kharkiv")
    assert m.place is not None and m.place.name == "Kharkiv"
    assert m.relation == "20 km south of"
    assert m.precision == "approximate"


def test_northern_ukraine_and_east_of_a_region() -> None:
    text = "Columns withdrew from northern Ukraine; fighting moved east of the Kharkiv region."
    m = _resolve(text, "Ukraine", "Kharkiv")
    assert m[0].place is not None and m[0].place.kind == "country"
    assert (m[0].relation, m[0].precision) == ("northern", "region")
    assert m[1].place is not None and m[1].place.kind == "admin1"
    assert (m[1].relation, m[1].precision) == ("east of", "region")


def test_unknown_place_is_kept_unresolved() -> None:
    text = "The convoy reached Qqxzzyville at dawn."
    [m] = _resolve(text, "Qqxzzyville")
    assert m.place is None and m.text == "Qqxzzyville"
    assert "kept unresolved" in m.why


def test_person_label_is_corrected() -> None:
    text = "Missiles struck Kramatorsk after midnight, said Olena Petrenko."
    ner = [_span(text, "Kramatorsk", "PERSON"), _span(text, "Olena Petrenko", "PERSON")]
    spans = find_place_mentions(text, ner)
    assert [text[s:e] for s, e in spans] == ["Kramatorsk"]
    [m] = resolve_places(text, spans)
    assert m.place is not None and m.place.admin1 == "Donetsk"


def test_gazetteer_finds_names_ner_missed() -> None:
    text = "Fighting was reported near Avdiivka and in Marinka, Donetsk Oblast."
    spans = find_place_mentions(text, [])
    found = {text[s:e] for s, e in spans}
    assert {"Avdiivka", "Marinka"} <= found
    assert "Fighting" not in found


def test_cyrillic_text() -> None:
    text = "Вибухи пролунали у Харків та Бахмут."
    spans = find_place_mentions(text, [])
    names = [m.place.name for m in resolve_places(text, spans) if m.place]
    assert names == ["Kharkiv", "Bakhmut"]


def test_mixed_scripts_and_bad_spans_do_not_crash() -> None:
    text = "Київ-Kyiv, Kharkiv’s Харків, 東京 and ☃ near Ізюм/Izium."
    ner = [(0, 9, "ORG"), (11, 27, "PERSON"), (5, 2, "GPE"), (90, 99, "GPE")]
    spans = find_place_mentions(text, ner)
    mentions = resolve_places(text, [*spans, (90, 99)])
    assert len(mentions) == len(spans) + 1
    assert mentions[-1].place is None  # a span outside the text is kept, unresolved


def test_two_mentions_of_one_name_do_not_vote_for_each_other() -> None:
    # Both "Georgia" mentions alone would make the country of Georgia "named in the document".
    text = ("Georgia lawmakers met on Monday. Farmers across Georgia want rain, "
            "and growers near Macon agree.")
    starts = [i for i in range(len(text)) if text.startswith("Georgia", i)]
    m = resolve_places(text, [(s, s + len("Georgia")) for s in starts])
    assert all(x.place is not None for x in m)
    assert all("country GE named in the document" not in x.why for x in m)
