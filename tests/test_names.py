"""People and organisations across documents: transliteration-proof, explained matches."""

from __future__ import annotations

import pytest

from docket.nlp.names import (
    PersonName,
    fold_name,
    match_organizations,
    match_people,
    organization_key,
    outlet_parent,
    parse_person_name,
)


@pytest.mark.parametrize("variants", [
    ("Yevgeny", "Evgeny", "Евгений", "Evgenii", "Євген", "Yevhen", "Jewgenij"),
    ("Dmitriy", "Dmitry", "Dmytro", "Дмитрий", "Дмитро"),
    ("Sergei", "Sergey", "Serhiy", "Serhii", "Сергей", "Сергій"),
    ("Iuliia", "Yulia", "Julia", "Юлия", "Юлія"),
    ("Oleksiy", "Aleksei", "Alexey", "Олексій"),
    ("Mykhailo", "Mikhail", "Михаил"),
    ("Zelenskyy", "Zelensky", "Zelenskiy", "Зеленський"),
    ("Khodarenko", "Hodarenko", "Ходаренко"),
])
def test_spellings_of_one_name_fold_together(variants: tuple[str, ...]) -> None:
    assert len({fold_name(v) for v in variants}) == 1, {v: fold_name(v) for v in variants}


@pytest.mark.parametrize(("a", "b"), [("Ivanov", "Ivanova"), ("Sergei", "Semyon"),
                                      ("Petrenko", "Petrov"), ("Dmitry", "Demyan")])
def test_different_names_stay_apart(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b)


def test_parse_person_name() -> None:
    assert parse_person_name("Colonel Ivan Petrenko") == PersonName("Ivan", None, "Petrenko")
    assert parse_person_name("Lt. Col. Ivan Petrenko") == PersonName("Ivan", None, "Petrenko")
    assert parse_person_name("Petrenko, Ivan") == PersonName("Ivan", None, "Petrenko")
    assert parse_person_name("PETRENKO Ivan") == PersonName("Ivan", None, "PETRENKO")
    assert parse_person_name("Ivan Petrenko, 34") == PersonName("Ivan", None, "Petrenko")
    assert parse_person_name("Кравець Сергій Іванович") == PersonName("Сергій", "Іванович",
                                                                     "Кравець")
    assert parse_person_name("Sergei Ivanovich Kravets") == PersonName("Sergei", "Ivanovich",
                                                                      "Kravets")
    assert parse_person_name("Kravets") == PersonName(None, None, "Kravets")
    assert parse_person_name("Sergei Kravets").key() == parse_person_name("Сергій Кравець").key()
    assert parse_person_name("Sergei Kravets").key() == "sergei|kravets"


def test_same_person_across_transliterations() -> None:
    decision = match_people("Serhiy Kravets", "Сергей Кравец")
    assert decision.same and decision.score == 1.0
    assert "sergei" in decision.why and "kravets" in decision.why
    assert match_people("Dmytro Kovalenko", "Dmitry Kovalenko").same
    assert match_people("Yevhen Marchuk", "Evgeny Marchuk").same
    assert match_people("Iuliia Savchuk", "Yulia Savchuk").same


def test_same_given_name_different_family_never_merges() -> None:
    decision = match_people("Sergei Ivanov", "Sergei Shoigu")
    assert not decision.same
    assert "ivanov" in decision.why and "shoigu" in decision.why


def test_different_given_names_same_family_do_not_merge() -> None:
    decision = match_people("Sergei Kravets", "Viktor Kravets")
    assert not decision.same and "given names" in decision.why


def test_family_name_alone() -> None:
    alone = match_people("Kravets", "Serhiy Kravets")
    assert alone.same and alone.score < match_people("Sergei Kravets", "Serhiy Kravets").score
    assert not match_people("Kravets", "Kravets").same  # two bare surnames: not enough
    assert not match_people("Sergei", "Sergei Kravets").same  # a given name alone never merges


def test_initials_and_patronymics() -> None:
    assert match_people("S. Kravets", "Sergei Kravets").same
    assert not match_people("V. Kravets", "Sergei Kravets").same
    assert not match_people("Sergei Ivanovich Kravets", "Sergei Petrovich Kravets").same


def test_unnamed_descriptions_never_merge() -> None:
    decision = match_people("the soldier", "the soldier")
    assert not decision.same and "unnamed" in decision.why
    assert not match_people("a 25-year-old conscript", "a 25-year-old conscript").same


def test_mixed_scripts_and_homoglyphs() -> None:
    # A Cyrillic 'е' typed inside a Latin name.
    assert match_people("S\u0435rgei Kravets", "Sergei Kravets").same
    assert fold_name("Kravets Кравець") == "kravets kravets"


@pytest.mark.parametrize("written", [
    "Ukrainian Defence Ministry", "Ministry of Defence of Ukraine", "Ukraine's Defense Ministry",
    "MoD of Ukraine", "the Ukrainian Ministry of Defense", "Міністерство оборони України",
])
def test_ukrainian_defence_ministry_aliases(written: str) -> None:
    assert organization_key(written) == "ua:defence ministry"


def test_russian_and_ukrainian_ministries_differ() -> None:
    assert organization_key("Russian Defence Ministry") == organization_key(
        "Минобороны России")
    decision = match_organizations("Ukrainian Defence Ministry", "Russia's Ministry of Defense")
    assert not decision.same and "RU" in decision.why and "UA" in decision.why
    assert not match_organizations("Ministry of Defence", "Ukrainian Defence Ministry").same


def test_outlets_and_local_editions() -> None:
    assert organization_key("BBC Ukrainian") == organization_key("BBC News Ukrainian")
    assert organization_key("BBC Ukrainian") != organization_key("BBC")
    assert outlet_parent("BBC News Ukrainian") == organization_key("BBC")
    decision = match_organizations("Radio Free Europe/Radio Liberty", "RFE/RL")
    assert decision.same and decision.score == 1.0 and "rfe/rl" in decision.why
    assert match_organizations("SBU", "Security Service of Ukraine").same


@pytest.mark.parametrize("text", ["", "   ", "!!!", "12345", "Ɛ̃ ß ﬁ", "Шойгу", "\u202e\ufffd"])
def test_bad_input_does_not_crash(text: str) -> None:
    parse_person_name(text).key()
    fold_name(text)
    assert isinstance(match_people(text, "Sergei Kravets").same, bool)
    organization_key(text)
    assert isinstance(match_organizations(text, "RFE/RL").why, str)


def test_huge_input_is_handled() -> None:
    # How long this takes is measured by bench/limits.py, not asserted here.
    assert parse_person_name("Ivan " * 400_000).key() == "ivan|ivan"
    assert organization_key("Ministry of Defence " * 100_000) == "xx:defence ministry"
    assert not match_people("A" * 2_000_000, "Sergei Kravets").same
