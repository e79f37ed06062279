"""Military units: one entity each, normalised, with parents; fictional reports."""

from __future__ import annotations

import pytest

from docket.nlp.units import UnitName, find_units


def only(text: str) -> UnitName:
    mentions = find_units(text)
    assert len(mentions) == 1, mentions
    assert text[mentions[0].start:mentions[0].end] == mentions[0].text
    return mentions[0].unit


def test_numbered_brigade_is_normalised() -> None:
    unit = only("Artillery of the 64th Separate Motor Rifle Brigade shelled Dubrava overnight.")
    assert (unit.number, unit.honorific, unit.type, unit.branch) == (
        "64", "Separate", "brigade", "motor rifle")
    assert unit.country == "RU"  # motor rifle is Russian terminology
    assert unit.display() == "64th Separate Motor Rifle Brigade"


@pytest.mark.parametrize("written", [
    "Officers of the 64th Separate Motorized Rifle Brigade were questioned.",
    "Officers of the 64th motor-rifle brigade were questioned.",
    "Офицеры 64-я отдельная мотострелковая бригада были допрошены.",
])
def test_same_unit_written_differently_has_one_key(written: str) -> None:
    reference = only("The 64th Separate Motor Rifle Brigade withdrew.")
    assert only(written).key() == reference.key()


def test_parent_chain_is_one_mention() -> None:
    text = ("He served with the 4th guards tank division of the 1st Guards Tank Army of the "
            "Moscow Military District until the spring.")
    mention = find_units(text)[0]
    assert len(find_units(text)) == 1
    assert mention.text.startswith("4th guards") and mention.text.endswith("Military District")
    division = mention.unit
    assert (division.number, division.honorific, division.type, division.branch) == (
        "4", "Guards", "division", "tank")
    army = division.parent
    assert army is not None and army.display() == "1st Guards Tank Army"
    assert army.parent is not None and army.parent.name == "Moscow"
    assert army.parent.type == "military district" and army.parent.country == "RU"
    assert division.country == "RU"  # inherited from the district
    assert division.key() == only("the 4th Guards Tank Division").key()


def test_battalion_of_brigade() -> None:
    unit = only("the 2nd battalion of the 64th brigade held the bridge")
    assert unit.type == "battalion" and unit.parent is not None
    assert unit.parent.number == "64" and unit.parent.type == "brigade"


def test_smaller_unit_is_not_a_parent() -> None:
    mentions = find_units("the 64th brigade in the 2nd battalion sector")
    assert [m.unit.type for m in mentions] == ["brigade", "battalion"]


def test_named_formations() -> None:
    text = ("The Sparta Battalion and the Azov Regiment traded fire; Wagner fighters, "
            "PMC Wagner and the Wagner Group were blamed, while the Kraken unit and Akhmat "
            "fighters moved north.")
    units = {m.text: m.unit for m in find_units(text)}
    assert units["Sparta Battalion"].name == "Sparta"
    assert units["Sparta Battalion"].type == "battalion"
    assert units["Azov Regiment"].country == "UA"
    wagner = {units[w].key() for w in ("Wagner", "PMC Wagner", "Wagner Group")}
    assert wagner == {"formation:wagner"}
    assert units["Wagner Group"].type == "group"
    assert units["Kraken unit"].name == "Kraken"
    assert units["Akhmat"].key() == "formation:akhmat"


def test_named_words_that_are_not_units() -> None:
    text = ("Boats crossed the Sea of Azov. Akhmat Kadyrov Street was renamed. "
            "The Brigade said little. A Russian battalion advanced. Four Russian BTGs left.")
    assert find_units(text) == []


def test_group_of_forces_fleet_and_codes() -> None:
    text = ("The Eastern Group of Forces and the Black Sea Fleet reported losses; "
            "military unit 3057 (в/ч 3057) was named.")
    units = [m.unit for m in find_units(text)]
    assert [u.type for u in units] == ["group of forces", "fleet", "unit", "unit"]
    assert units[0].name == "Eastern" and units[1].name == "Black Sea"
    assert units[2].key() == units[3].key() == "unit:3057:"
    assert units[2].display() == "Military Unit 3057"


def test_ukrainian_units_and_country() -> None:
    text = ("Ukraine's 47th Mechanized Brigade, the 241st Battalion of the Territorial Defence "
            "Forces and the 4th Brigade of the National Guard of Ukraine held the line; "
            "47-ма окрема механізована бригада confirmed.")
    units = [m.unit for m in find_units(text)]
    assert units[0].country == "UA" and units[0].branch == "mechanized"
    assert units[1].branch == "territorial defence" and units[1].country == "UA"
    assert units[2].branch == "national guard" and units[2].country == "UA"
    assert units[3].key() == units[0].key()


def test_airborne_assault_and_air_assault_share_a_key() -> None:
    a = only("the 80th Separate Airborne Assault Brigade")
    b = only("the 80th Air Assault Brigade")
    assert a.key() == b.key() and a.branch == "airborne assault"


def test_ordinal_words_and_honorific_names() -> None:
    assert only("the First Guards Tank Army").number == "1"
    unit = only("the 4th Guards Kantemirovskaya Tank Division")
    assert unit.honorific == "Guards Kantemirovskaya" and unit.branch == "tank"


def test_bare_numbers_are_not_units_in_english() -> None:
    assert find_units("In 2022 brigades were rotated and 300 regiments existed on paper.") == []


@pytest.mark.parametrize("text", ["", "   ", "Nothing happened here today.",
                                  "Сергій Шойгу і Ivan Petrенко", "x" * 10_000,
                                  "\u0000\ufffd 64th \u202e brigade"])
def test_bad_input_does_not_crash(text: str) -> None:
    assert isinstance(find_units(text), list)


def test_two_megabyte_paragraph() -> None:
    # How long these take is measured by bench/limits.py, not asserted here.
    sentence = ("Gunners of the 64th Separate Motor Rifle Brigade and the Sparta Battalion "
                "fired on Dubrava while the Eastern Group of Forces said nothing. ")
    text = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000]
    mentions = find_units(text)
    assert len(mentions) > 10_000
    assert find_units("A-" * 1_000_000) == []
