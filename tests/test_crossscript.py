"""Places and people across scripts and cases (issue 18): a declined Ukrainian or Russian name
finds its place or person, the two languages' spellings meet each other and the English one,
and Latin lookalike letters inside a Cyrillic word are folded for matching only. The sentences
are written for these tests."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.model import Document, Record
from docket.nlp.crossscript import (
    fold_homoglyphs,
    latin_name,
    nominative_name,
    search_key,
    search_words,
)
from docket.nlp.gazetteer import Gazetteer
from docket.nlp.names import match_people, parse_person_name
from docket.nlp.places import resolve_places
from docket.settings import Settings
from docket.workflows.pipeline import process_record


def _place(text: str, name: str) -> tuple[str, str, str | None] | None:
    start = text.index(name)
    (mention,) = resolve_places(text, [(start, start + len(name))])
    p = mention.place
    return None if p is None else (p.name, p.country, p.admin1)


@pytest.mark.parametrize("text,name,expected", [
    ("Увечері ворог обстріляв околиці Харкова.", "Харкова", ("Kharkiv", "UA", "Kharkiv")),
    ("Сирени лунали у Харкові до ранку.", "Харкові", ("Kharkiv", "UA", "Kharkiv")),
    ("Бої тривають у Бахмуті та на його околицях.", "у Бахмуті", ("Bakhmut", "UA", "Donetsk")),
    ("Штурмы продолжаются под Авдеевкой третий день.", "под Авдеевкой",
     ("Avdiyivka", "UA", "Donetsk")),
    ("Беспилотник сбит над Курском ночью.", "Курском", ("Kursk", "RU", "Kursk Oblast")),
    ("Губернатор сообщил о взрывах в Донецкой области.", "Донецкой области",
     ("Donetsk Oblast", "UA", "Donetsk")),
    ("Волонтери привезли генератори на Харківщину.", "Харківщину",
     ("Kharkiv Oblast", "UA", "Kharkiv")),
    ("Жителей эвакуировали из Мирнограда.", "Мирнограда", ("Myrnohrad", "UA", "Donetsk")),
    ("Човни повернулися до Нової Дофіновки.", "Нової Дофіновки",
     ("Nova Dofinivka", "UA", "Odesa")),
    ("Обстріли тривають у Покровському районі.", "Покровському районі",
     ("Pokrovskyi Raion", "UA", "Donetsk")),
    ("Дроны атаковали склад в ЛНР ночью.", "ЛНР", ("Luhansk Oblast", "UA", "Luhansk")),
    ("Власти Донецкой Народной Республики сообщили о налёте.", "Донецкой Народной Республики",
     ("Donetsk Oblast", "UA", "Donetsk")),
])
def test_a_declined_cyrillic_place_name_finds_its_place(
        text: str, name: str, expected: tuple[str, str, str]) -> None:
    assert _place(text, name) == expected


@pytest.mark.parametrize("text,name", [
    ("Делегация вернулась из России вечером.", "России"),
    ("Делегація повернулася з Росії увечері.", "Росії"),
    ("Россия заявила о новых поставках.", "Россия"),
])
def test_russia_in_any_case_and_either_language_is_the_country_never_a_village_abroad(
        text: str, name: str) -> None:
    assert _place(text, name) == ("Russia", "RU", None)


def test_the_ukrainian_russian_and_latin_spellings_of_kreminna_are_one_place() -> None:
    found = {_place("Ворог атакував Кремінну зранку.", "Кремінну"),
             _place("Противник атаковал Кременную утром.", "Кременную"),
             _place("Fighting continued near Kreminna on Monday.", "Kreminna")}
    assert found == {("Kreminna", "UA", "Luhansk")}


def test_kupiansk_in_both_scripts_is_the_same_gazetteer_place() -> None:
    gaz = Gazetteer.load()
    ids = {gaz.lookup(n)[0].place.gazetteer_id for n in
           ("Куп'янськ", "Купянск", "Kupiansk", "Kupyansk")}
    assert len(ids) == 1


def test_latin_lookalike_letters_inside_a_cyrillic_word_are_folded_with_offsets_kept() -> None:
    typed = "Обстріл Харкiв, Тoрецьк, Kyiv та iPhone"  # Latin i in Харкiв, Latin o in Тoрецьк
    folded = fold_homoglyphs(typed)
    assert len(folded) == len(typed)
    assert "Харків" in folded and "Торецьк" in folded
    assert "Kyiv" in folded and "iPhone" in folded  # Latin words keep every letter
    assert _place(typed, "Харкiв") == ("Kharkiv", "UA", "Kharkiv")


@pytest.mark.parametrize("written,nominative", [
    ("Олександра Сирського", "Олександр Сирський"),
    ("Сырского", "Сырский"),
    ("Родиона Мирошника", "Родион Мирошник"),
    ("Андреем Ермаком", "Андрей Ермак"),
    ("Олесі Островської-Лютої", "Олеся Островська-Люта"),  # a woman's surname stays hers
    ("Марии Захаровой", "Мария Захарова"),
    ("Сергія Івановича Петренка", "Сергій Іванович Петренко"),
    # Already nominative: the parts of a name share their case, so a surname in -а stays.
    ("Андрій Любка", "Андрій Любка"),
    ("Владислав Абдула", "Владислав Абдула"),
])
def test_a_declined_name_is_read_in_the_nominative(written: str, nominative: str) -> None:
    assert nominative_name(written) == nominative


def test_one_commander_in_three_spellings_and_two_scripts_is_one_person() -> None:
    spellings = ["Олександр Сирський", "Александр Сырский", "Aleksandr Syrsky",
                 "Oleksandr Syrskyi", nominative_name("Олександра Сирського", "uk")]
    keys = {parse_person_name(s).key() for s in spellings}
    assert keys == {"alexander|sirski"}
    assert match_people("Олександр Сирський", "Oleksandr Syrskyi").same
    # The family name still decides: another Oleksandr is someone else.
    assert not match_people("Олександр Сирський", "Oleksandr Syrota").same


def test_russian_ye_spellings_meet_their_romanisations() -> None:
    assert parse_person_name("Валерий Фадеев").key() == parse_person_name(
        "Valery Fadeyev").key()


def test_a_patronymic_is_recognised_in_either_script_and_either_order() -> None:
    assert parse_person_name("Петренко Сергій Іванович") == parse_person_name(
        "Петренко Сергій Іванович")
    name = parse_person_name("Петренко Сергій Іванович")
    assert (name.given, name.patronymic, name.family) == ("Сергій", "Іванович", "Петренко")
    latin = parse_person_name("Serhii Ivanovych Petrenko")
    assert (latin.given, latin.patronymic, latin.family) == ("Serhii", "Ivanovych", "Petrenko")
    assert match_people("Петренко Сергій Іванович", "Serhii Ivanovych Petrenko").same


def test_a_latin_form_is_given_in_the_way_of_each_language() -> None:
    assert latin_name("Олександр Сирський", "uk") == "Oleksandr Syrskyi"
    assert latin_name("Дмитрий Песков", "ru") == "Dmitry Peskov"
    assert latin_name("Kyiv") == "Kyiv"


def _analyse(text: str, language: str) -> Document:
    line = json.dumps({"text": text, "language": language}, ensure_ascii=False)
    return process_record(Record("jsonl", line.encode(), "t.jsonl"), Settings())


def test_a_ukrainian_and_a_russian_report_name_the_same_commander_and_town() -> None:
    uk = _analyse("Головнокомандувач Олександр Сирський відвідав позиції біля Кремінної. "
                  "Підлеглі Сирського доповіли про обстріл Харкова.", "uk")
    ru = _analyse("Командующий Александр Сырский побывал под Кременной. По словам "
                  "Сырского, обстановка у Харькова напряжённая.", "ru")

    def people(doc: Document) -> set[tuple[str, str]]:
        return {(m.key, m.attributes["latin"]) for m in doc.mentions if m.kind == "person"}

    def places(doc: Document) -> set[str]:
        return {m.name for m in doc.mentions if m.kind == "place"}

    assert {k for k, _ in people(uk)} == {k for k, _ in people(ru)} == {"alexander|sirski"}
    assert ("alexander|sirski", "Oleksandr Syrskyi") in people(uk)
    assert ("alexander|sirski", "Aleksandr Syrsky") in people(ru)
    assert {"Kreminna", "Kharkiv"} <= places(uk) & places(ru)
    # The stored text is the text as written; only the keys are folded.
    assert "Сирського" in uk.text


def test_search_words_meet_across_scripts_and_cases() -> None:
    def words(text: str) -> set[str]:
        return set(search_words(text).split())

    assert {"kupiansk"} <= words("Куп'янськ") & words("Купянск") & words("Kupiansk") & words(
        "Kupyansk")
    assert any(w.startswith("kupiansk") for w in words("Вибухи у Куп'янську"))
    assert search_key("Bakhmut") in words("Бої у Бахмуті")  # its dictionary form is indexed
    assert search_words("Харкiв") == search_words("Харків")  # a Latin i inside folds


def test_a_place_typed_with_a_latin_letter_is_found_and_its_words_kept() -> None:
    doc = _analyse("Уночі ворог знову обстріляв Харкiв і передмістя.", "uk")  # Latin i
    places = [(m.text, m.name) for m in doc.mentions if m.kind == "place"]
    assert ("Харкiв", "Kharkiv") in places  # the mention's words are the stored ones
    assert "Харкiв" in doc.text and "Харків" not in doc.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aceiopxyKMHТоріХаркивkyiv '-.Ё") + ["ʼ"])))
def test_homoglyph_folding_never_moves_an_offset(text: str) -> None:
    folded = fold_homoglyphs(text)
    assert len(folded) == len(text)
    assert [c for c in folded if not c.isalpha()] == [c for c in text if not c.isalpha()]
    if not any("\u0400" <= c <= "\u04ff" for c in text):
        assert folded == text  # text without Cyrillic is never touched
