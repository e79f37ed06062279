"""Forces and their sides: demonyms, named institutions, units, metonymy; fictional reports."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.sides import KINDS, SIDES, Force, find_forces, side_of_phrase


def forces(text: str, with_parse: bool = False) -> list[Force]:
    doc, parsed = parse_text(text)
    found = find_forces(doc.text, doc.mentions, parsed if with_parse else None)
    for force in found:
        assert doc.text[force.start:force.end] == force.text
        assert force.side in SIDES and force.kind in KINDS and force.rule
    return found


def summary(text: str, with_parse: bool = False) -> list[tuple[str, str, str]]:
    return [(f.text, f.side, f.kind) for f in forces(text, with_parse)]


@pytest.mark.parametrize(("phrase", "side"), [
    ("Russian troops", "Russia"), ("Ukrainian defenders", "Ukraine"),
    ("DPR militants", "DPR"), ("LNR fighters", "LPR"),
    ("pro-Russian separatists", "separatists"), ("Russian-backed separatists", "separatists"),
    ("Belarusian soldiers", "Belarus"), ("Wagner mercenaries", "Russia"),
    ("Kadyrovites", "Russia"), ("the occupiers", "Russia"), ("Moscow", "Russia"),
    ("Kyiv", "Ukraine"), ("Freedom of Russia Legion", "Ukraine"),
    ("Russian-speaking residents", "unknown"), ("Russian and Ukrainian troops", "unknown"),
    ("local residents", "unknown"),
])
def test_side_of_phrase(phrase: str, side: str) -> None:
    found, rule = side_of_phrase(phrase)
    assert found == side and rule


def test_demonym_forces_with_branches() -> None:
    text = ("Russian forces and the Russian Air Force struck Dubrava; Ukrainian air defence "
            "shot down Russian drones, and Ukrainian border guards held the crossing.")
    found = {f.text: f for f in forces(text)}
    assert (found["Russian forces"].side, found["Russian forces"].kind) == ("Russia", "military")
    assert found["Russian Air Force"].branch == "air force"
    assert found["Ukrainian air defence"].branch == "air defence"
    assert found["Russian drones"].side == "Russia"
    guards = found["Ukrainian border guards"]
    assert (guards.side, guards.kind, guards.branch) == ("Ukraine", "security", "border guard")


def test_state_institutions() -> None:
    text = ("Russia's Defence Ministry denied it, while Ukraine's General Staff and the Armed "
            "Forces of Ukraine said the AFU repelled the attack; the Kremlin was silent.")
    assert summary(text) == [
        ("Russia's Defence Ministry", "Russia", "government"),
        ("Ukraine's General Staff", "Ukraine", "military"),
        ("Armed Forces of Ukraine", "Ukraine", "military"),
        ("AFU", "Ukraine", "military"),
        ("Kremlin", "Russia", "government"),
    ]


def test_named_force_keeps_its_entity() -> None:
    found = forces("The Armed Forces of Ukraine said the SBU detained an agent.")
    assert found[0].entity is not None and found[0].entity.startswith("ent_")


def test_military_unit_mentions_take_their_country() -> None:
    found = forces("Troops of the 64th Separate Motor Rifle Brigade entered Dubrava.")
    unit = next(f for f in found if "Brigade" in f.text)
    assert (unit.side, unit.kind, unit.branch) == ("Russia", "military", "motor rifle")
    assert unit.entity is not None


def test_wagner_is_a_russian_armed_group() -> None:
    wagner = forces("Wagner fighters stormed the village.")[0]
    assert (wagner.text, wagner.side, wagner.kind) == ("Wagner fighters", "Russia", "armed_group")
    assert wagner.entity is not None  # the Wagner unit mention inside the phrase


def test_republics_and_separatists() -> None:
    text = ("DPR militants and pro-Russian separatists shelled the road, the Donetsk People's "
            "Republic said.")
    assert summary(text) == [
        ("DPR militants", "DPR", "armed_group"),
        ("pro-Russian separatists", "separatists", "armed_group"),
        ("Donetsk People's Republic", "DPR", "government"),
    ]


def test_occupiers_without_demonym_are_russia() -> None:
    occupiers = forces("The occupiers looted the school.")[0]
    assert (occupiers.text, occupiers.side) == ("occupiers", "Russia")
    assert "occupiers" in occupiers.rule


@pytest.mark.parametrize(("text", "kind", "side"), [
    ("Ukrainian police cordoned off the street.", "police", "Ukraine"),
    ("The National Police opened a case.", "police", "Ukraine"),
    ("Rosgvardia officers searched the flat.", "security", "Russia"),
    ("Ukrainian citizens queued at the border.", "civilians", "Ukraine"),
    ("Civilians hid in basements.", "civilians", "unknown"),
    ("Protesters gathered outside the mayor's office.", "protesters", "unknown"),
    ("Demonstrators and activists blocked the road.", "protesters", "unknown"),
    ("Belarusian troops held exercises.", "military", "Belarus"),
])
def test_kinds(text: str, kind: str, side: str) -> None:
    first = forces(text)[0]
    assert (first.kind, first.side) == (kind, side)


def test_not_forces() -> None:
    assert forces("She teaches the Russian language to Ukrainian-born pupils.") == []
    assert summary("Russian-speaking residents stayed.") == [("residents", "unknown", "civilians")]


@pytest.mark.parametrize("with_parse", [False, True])
def test_country_as_actor_is_metonymy_but_not_after_a_preposition(with_parse: bool) -> None:
    text = "Russia launched missiles at dawn and Ukraine struck back, residents in Russia said."
    found = forces(text, with_parse)
    actors = [(f.text, f.start, f.side) for f in found if f.rule.startswith("metonymy")]
    assert actors == [("Russia", 0, "Russia"), ("Ukraine", text.index("Ukraine"), "Ukraine")]
    assert all(f.start != text.rindex("Russia") for f in found)


def test_capitals_are_not_emitted_as_forces() -> None:
    assert forces("Moscow said Kyiv had attacked first.") == []


@pytest.mark.parametrize(("text", "side"), [
    ("NAF forces shelled the outskirts of Avdiivka.", "separatists"),
    ("The Luhansk People's Militia fired mortars at Zolote.", "LPR"),
    ("The Donbass People's Militia said it repelled an attack.", "DPR"),
    ("DPR People's Militia units shelled Marinka.", "DPR"),
])
def test_republic_militias_and_naf(text: str, side: str) -> None:
    found = forces(text)
    assert found and found[0].side == side and found[0].kind == "armed_group"
