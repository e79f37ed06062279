"""The gazetteer's admin levels and honest points: raions, hromadas, provenance (issue 16).

Every case looks up names a reporter would write; the answers are rows built into the shipped
gazetteer from the KATOTTG codifier and Who's On First (no corpus is read here).
"""

from __future__ import annotations

import re

import pytest

from docket.nlp.gazetteer import PRECISIONS, Gazetteer, Place, coarser, distance_km


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _first(gaz: Gazetteer, name: str) -> Place:
    found = gaz.candidates(name)
    assert found, f"nothing known as {name!r}"
    return found[0]


def _ua_settlement(gaz: Gazetteer, name: str, admin3: str) -> Place:
    return next(p for p in gaz.candidates(name) if p.country == "UA" and p.admin3 == admin3
                and p.kind in ("city", "town", "village"))


def _point(p: Place) -> tuple[float, float]:
    assert p.lat is not None and p.lon is not None, p
    return p.lat, p.lon


def test_hromada_sits_between_settlement_and_raion() -> None:
    assert PRECISIONS.index("settlement") < PRECISIONS.index("admin3") < PRECISIONS.index(
        "admin2")
    assert coarser("admin3", "point") == "admin3"
    assert coarser("admin3", "admin2") == "admin2"


@pytest.mark.parametrize("name", [
    "Pokrovsk district", "Pokrovskyi Raion", "Pokrovsky district", "Покровський район",
    "Покровский район",
])
def test_raion_by_ukrainian_russian_and_latin_name(gaz: Gazetteer, name: str) -> None:
    raion = _first(gaz, name)
    assert (raion.kind, raion.precision, raion.admin1, raion.admin2) == (
        "admin2", "admin2", "Donetsk", "Pokrovskyi Raion")
    assert raion.gazetteer_id == "admin2:UA:Donetsk:Pokrovskyi"
    town = _ua_settlement(gaz, "Pokrovsk", "Pokrovska miska hromada")
    assert distance_km(_point(raion), _point(town)) < 40


@pytest.mark.parametrize("name", [
    "Kupiansk hromada", "Kupianska miska hromada", "Куп'янська громада",
    "Куп’янська міська громада", "Купянская громада", "Kupiansk urban community",
])
def test_hromada_by_ukrainian_russian_and_latin_name(gaz: Gazetteer, name: str) -> None:
    hromada = _first(gaz, name)
    assert (hromada.kind, hromada.precision, hromada.admin1, hromada.admin2) == (
        "admin3", "admin3", "Kharkiv", "Kupianskyi Raion")
    assert hromada.name == hromada.admin3 == "Kupianska miska hromada"
    assert hromada.gazetteer_id.startswith("admin3:UA:UA63")
    assert hromada.name_uk == "Куп’янська громада"
    town = _ua_settlement(gaz, "Kupiansk", "Kupianska miska hromada")
    assert distance_km(_point(hromada), _point(town)) < 25


def test_a_settlement_names_its_raion_and_hromada(gaz: Gazetteer) -> None:
    town = _ua_settlement(gaz, "Kupiansk", "Kupianska miska hromada")
    assert (town.admin1, town.admin2, town.precision) == ("Kharkiv", "Kupianskyi Raion", "point")
    assert town.gazetteer_id.startswith("geonames:")  # the cities500 row absorbed its twin
    assert town.name_uk == "Куп’янськ" and town.katottg and town.katottg.startswith("UA63")
    # The town's own hromada row shares the code's hromada digits (oblast, raion, hromada).
    hromada = _first(gaz, "Kupiansk hromada")
    assert hromada.katottg and town.katottg[:9] == hromada.katottg[:9]


@pytest.mark.parametrize(("village", "hromada", "near"), [
    ("Dibrova", "Kreminska miska hromada", "Kreminna"),  # west of Kreminna, Luhansk oblast
    ("Kamianka", "Ocheretynska selyshchna hromada", "Avdiivka"),  # north of Avdiivka
])
def test_a_village_without_a_point_of_its_own_gets_its_hromadas(
        gaz: Gazetteer, village: str, hromada: str, near: str) -> None:
    place = _ua_settlement(gaz, village, hromada)
    assert place.precision == "admin3"
    assert place.gazetteer_id.startswith("katottg:")
    assert place.provenance.startswith("point:admin3-median")
    area = next(p for p in gaz.candidates(hromada) if p.kind == "admin3")
    assert _point(place) == _point(area)
    # Never a namesake's point: no other village of that name sits where this one is put.
    others = [p for p in gaz.candidates(village)
              if p.gazetteer_id != place.gazetteer_id and p.kind in ("town", "village")]
    assert others and all(p.lat != place.lat or p.lon != place.lon for p in others)
    town = next(p for p in gaz.candidates(near) if p.country == "UA" and p.kind != "admin3")
    assert distance_km(_point(place), _point(town)) < 25


def test_no_settlement_without_a_point_claims_one(gaz: Gazetteer) -> None:
    for name in ("Dibrova", "Kamianka", "Novomykhailivka", "Andriivka", "Zelene", "Pisky"):
        for p in gaz.candidates(name):
            if p.gazetteer_id.startswith("katottg:"):
                assert p.precision in ("admin3", "admin2", "admin1")
            if p.precision == "point":
                assert p.provenance.startswith(("point:wof", "point:geonames")), p


@pytest.mark.parametrize("name", [
    "Kharkiv", "Kupiansk", "Dibrova", "Kharkiv Oblast", "Pokrovsk district", "Bavaria",
    "Dane County", "France", "Donbas",
])
def test_every_place_says_where_its_point_and_names_come_from(gaz: Gazetteer, name: str) -> None:
    for p in gaz.candidates(name)[:5]:
        assert re.match(r"^point:\S+ names:\S+", p.provenance), p


def test_first_level_regions_worldwide_and_us_counties(gaz: Gazetteer) -> None:
    bavaria = _first(gaz, "Bavaria")
    assert (bavaria.kind, bavaria.country, bavaria.precision) == ("admin1", "DE", "admin1")
    county = _first(gaz, "Dane County")
    assert (county.kind, county.country, county.admin1) == ("admin2", "US", "Wisconsin")
    madison = next(p for p in gaz.candidates("Madison") if p.admin1 == "Wisconsin")
    assert madison.admin2 == "Dane County"
    assert distance_km(_point(county), _point(madison)) < 40
    # A region named like its capital: the bare name is the city, the region an alternate.
    top = gaz.lookup("Hamburg")[0]
    assert top.primary and top.place.kind in ("city", "town")


def test_a_raion_is_named_after_its_town_not_a_village_of_the_same_stem(gaz: Gazetteer) -> None:
    # Бахмутський район is Bakhmut's, not the village Бахмутське's.
    raion = _first(gaz, "Bakhmut district")
    assert (raion.kind, raion.admin2) == ("admin2", "Bakhmutskyi Raion")


@pytest.mark.parametrize(("text", "name"), [
    ("Drones hit a grain store in the Pokrovsk district overnight, the governor said.",
     "Pokrovsk district"),
    ("Уночі дрони пошкодили зерносховище, Покровський район знеструмлено.",
     "Покровський район"),
])
def test_a_raion_named_in_a_sentence_resolves_to_the_raion(text: str, name: str) -> None:
    from docket.nlp.places import resolve_places

    start = text.index(name)
    [mention] = resolve_places(text, [(start, start + len(name))])
    assert mention.place is not None
    assert (mention.place.kind, mention.place.admin2) == ("admin2", "Pokrovskyi Raion")
    assert mention.place.precision == "admin2"


def test_an_area_contains_its_settlements_by_codes_not_by_distance(gaz: Gazetteer) -> None:
    from docket.nlp.gazetteer import contains

    town = _ua_settlement(gaz, "Kupiansk", "Kupianska miska hromada")
    hromada = _first(gaz, "Kupiansk hromada")
    raion = _first(gaz, "Kupiansk district")
    oblast = _first(gaz, "Kharkiv Oblast")
    assert all(contains(area, town) for area in (hromada, raion, oblast))
    assert contains(raion, hromada) and contains(oblast, raion)
    assert not contains(town, hromada)
    elsewhere = _first(gaz, "Pokrovsk district")
    assert not contains(elsewhere, town) and not contains(hromada, elsewhere)
    # Two hromadas of one name in one oblast are told apart by their codes.
    pokrovska = [p for p in gaz.candidates("Pokrovska miska hromada") if p.kind == "admin3"]
    assert len(pokrovska) >= 2
    donetsk = next(p for p in pokrovska if p.admin1 == "Donetsk")
    town2 = _ua_settlement(gaz, "Pokrovsk", "Pokrovska miska hromada")
    assert [contains(h, town2) for h in pokrovska].count(True) == 1 and contains(donetsk, town2)
    assert contains(_first(gaz, "Donbas"), town2)
