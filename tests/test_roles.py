"""Ranks and roles attach to the person they describe; unnamed people stay unnamed."""

from __future__ import annotations

import pytest

from docket.nlp.roles import RoleMention, attach_roles, unnamed_participants


def roles_for(text: str, *names: str) -> dict[str, RoleMention]:
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((start, start + len(name)))
    found = {text[r.person_start:r.person_end]: r for r in attach_roles(text, spans)}
    for r in found.values():
        assert text[r.start:r.end] == r.text
    return found


def test_rank_before_name() -> None:
    r = roles_for("Colonel Ivan Petrenko said the village was shelled.", "Ivan Petrenko")
    assert r["Ivan Petrenko"].rank == "colonel" and r["Ivan Petrenko"].text == "Colonel"


@pytest.mark.parametrize(("title", "rank"), [
    ("Lt. Col.", "lieutenant colonel"), ("Lieutenant Colonel", "lieutenant colonel"),
    ("Senior Lieutenant", "senior lieutenant"), ("Maj. Gen.", "major general"),
    ("Sgt.", "sergeant"), ("Private", "private"), ("Lieutenant", "lieutenant"),
    ("Полковник", "colonel"),
])
def test_rank_abbreviations(title: str, rank: str) -> None:
    text = f"According to {title} Ivan Petrenko, the line held."
    assert roles_for(text, "Ivan Petrenko")["Ivan Petrenko"].rank == rank


def test_apposition_spokesman() -> None:
    text = ("Ivan Petrenko, a spokesman for the Eastern Group of Forces, said two tanks "
            "burned near Dubrava.")
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert (r.role, r.of) == ("spokesperson", "the Eastern Group of Forces")
    assert r.text == "spokesman for the Eastern Group of Forces"


def test_commander_of_x_comma_name() -> None:
    text = "The commander of the 64th brigade, Ivan Petrenko, denied the report."
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert (r.role, r.of, r.rank) == ("commander", "the 64th brigade", None)


def test_possessive_commander() -> None:
    text = "The 64th brigade's commander Ivan Petrenko denied the report."
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert r.role == "commander" and r.of == "The 64th brigade"


def test_rank_and_role_merge_for_one_person() -> None:
    text = "Colonel Ivan Petrenko, commander of the 64th brigade, said the bridge held."
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert (r.rank, r.role, r.of) == ("colonel", "commander", "the 64th brigade")


def test_age_and_rank_in_apposition() -> None:
    text = "Ivan Petrenko, 34, a senior lieutenant in the 64th brigade, was wounded."
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert (r.rank, r.of) == ("senior lieutenant", "the 64th brigade")


def test_deputy_commander_and_who_clause() -> None:
    text = ("Oleh Sych, the deputy commander of the 3rd battalion, met Petro Moroz, who "
            "commands the 64th brigade, on Friday.")
    r = roles_for(text, "Oleh Sych", "Petro Moroz")
    assert (r["Oleh Sych"].role, r["Oleh Sych"].of) == ("deputy commander", "the 3rd battalion")
    assert (r["Petro Moroz"].role, r["Petro Moroz"].of) == ("commander", "the 64th brigade")


def test_roles_do_not_leak_between_neighbouring_names() -> None:
    text = "Governor Anna Koval and Ivan Petrenko toured the shelter."
    r = roles_for(text, "Anna Koval", "Ivan Petrenko")
    assert r["Anna Koval"].role == "governor"
    assert "Ivan Petrenko" not in r


def test_premodified_role_keeps_what_it_is_of() -> None:
    text = "Later, 64th brigade commander Colonel Ivan Petrenko denied it."
    r = roles_for(text, "Ivan Petrenko")["Ivan Petrenko"]
    assert (r.rank, r.role, r.of) == ("colonel", "commander", "64th brigade")


def test_unnamed_participants() -> None:
    text = ("The soldier said that a 25-year-old conscript, a source in the ministry and a "
            "resident of Dubrava had seen the convoy.")
    found = unnamed_participants(text)
    assert [d for _, _, d in found] == ["soldier", "25-year-old conscript",
                                        "source in the ministry", "resident of dubrava"]
    assert text[found[0][0]:found[0][1]] == "The soldier"


def test_descriptions_that_are_not_unnamed_people() -> None:
    text = ("An official statement blamed the source of the fire; the soldier Ivan Petrenko "
            "was named.")
    assert unnamed_participants(text) == []


def test_bad_input() -> None:
    assert attach_roles("", [(0, 5)]) == []
    assert attach_roles("Colonel X", [(8, 3), (-1, 2), (0, 100)]) == []
    assert unnamed_participants("") == []
    assert attach_roles("Полковник Сергій Шевчук, командир бригади.", [(10, 23)])[0].rank == (
        "colonel")


def test_two_megabyte_paragraph() -> None:
    # How long this takes is measured by bench/limits.py, not asserted here.
    sentence = ("Colonel Ivan Petrenko, commander of the 64th brigade, told a 25-year-old "
                "conscript that the soldier had left. ")
    text = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000]
    persons = [(i + 8, i + 21) for i in range(0, len(text) - len(sentence), len(sentence))]
    roles = attach_roles(text, persons)
    unnamed = unnamed_participants(text)
    assert len(roles) == len(persons) and len(unnamed) >= 2 * len(persons)
