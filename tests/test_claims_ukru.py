"""Claims, verification and events in Ukrainian and Russian (issue 18, item 3).

What a user sees in the ledger for a Ukrainian or a Russian report: who says what, what was
said about verification, and each event with its category, sides, victims, counts written in
words, place and date — the same records as English. The texts are fictional, written for
these tests.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pytest

from docket.extract.assemble import finders_for
from docket.extract.cyrillic_claims import find_claims_cyrillic, find_verifications_cyrillic
from docket.extract.cyrillic_events import enemy_side, find_events_cyrillic
from docket.extract.cyrillic_numbers import find_numbers
from docket.model import Document, Event, Record
from docket.settings import Settings
from docket.workflows.pipeline import process_record


@lru_cache(maxsize=2)
def _sentencizer(language: str) -> Any:
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


def _events(text: str, language: str) -> list[Event]:
    """The sentence rules alone, on spaCy's sentences with no entity mentions."""
    return list(find_events_cyrillic(text, _sentencizer(language)(text), (), "doc_test"))


def _one(text: str, language: str) -> Event:
    found = [e for e in _events(text, language) if e.modality == "asserted"]
    assert len(found) == 1, [(e.category, e.trigger.text) for e in found]
    return found[0]


def _analyse(text: str, language: str, published: str = "2024-03-09") -> Document:
    line = {"text": text, "language": language, "published": published,
            "url": f"https://example.org/{language}/1"}
    return process_record(Record("jsonl", json.dumps(line, ensure_ascii=False).encode(),
                                 "t.jsonl"), Settings())


# --- counts in words, with their case endings --------------------------------------------------

@pytest.mark.parametrize("text,language,value,qualifier", [
    ("загинули двоє людей", "uk", 2, None),
    ("поранено трьох цивільних", "uk", 3, None),
    ("п'ятеро дістали поранень", "uk", 5, None),
    ("п’ятеро дістали поранень", "uk", 5, None),
    ("серед загиблих двадцять п'ять військових", "uk", 25, None),
    ("щонайменше чотирьох осіб", "uk", 4, "at least"),
    ("погибли пятеро мирных жителей", "ru", 5, None),
    ("ранены пятерых", "ru", 5, None),
    ("около двух десятков", "ru", 2, "about"),
    ("более одиннадцати человек", "ru", 11, "more than"),
    ("до 40 военнослужащих", "ru", 40, "up to"),
])
def test_a_count_in_words_is_read_in_any_case(text: str, language: str, value: int,
                                              qualifier: str | None) -> None:
    counts = [c for c in find_numbers(text, language) if c.value is not None]
    assert (counts[0].value, counts[0].qualifier) == (value, qualifier)


def test_years_dates_and_distances_are_no_counts_of_people() -> None:
    text = "У 2023 році, 12.05, за 15 км від міста, 30 відсотків"
    assert [c.value for c in find_numbers(text, "uk")] == []


def test_vague_amounts_have_no_value() -> None:
    (count,) = find_numbers("десятки поранених", "uk")
    assert (count.value, count.qualifier) == (None, "dozens")


# --- events from the sentence rules ------------------------------------------------------------

def test_ukrainian_shelling_with_its_attacker_victims_and_counts() -> None:
    e = _one("Вночі окупанти обстріляли село Лісове з артилерії: загинули двоє мешканців, "
             "ще п'ятеро поранені.", "uk")
    assert (e.category, e.perpetrator.side, e.victims.status, e.victims.side) == \
        ("shelling", "Russia", "civilians", "Ukraine")
    assert (e.fatalities, e.injured) == (2, 5)
    assert e.event_type == "Explosions/Remote violence"


def test_russian_shelling_by_the_ukrainian_army_as_a_russian_outlet_writes_it() -> None:
    e = _one("ВСУ обстреляли окраину Приморска, погибли три мирных жителя.", "ru")
    assert (e.category, e.perpetrator.side, e.victims.status, e.fatalities) == \
        ("shelling", "Ukraine", "civilians", 3)


def test_a_strike_takes_its_kind_from_the_weapon_the_sentence_names() -> None:
    drone = _one("Ворог атакував ударними безпілотниками підприємство в Заріччі.", "uk")
    missile = _one("Рашисти завдали ракетного удару по Степовому.", "uk")
    assert (drone.category, missile.category) == ("drone_strike", "air_strike")
    assert drone.perpetrator.side == missile.perpetrator.side == "Russia"


def test_the_enemy_is_the_side_the_text_is_written_against() -> None:
    assert enemy_side("Ворог знову обстріляв місто, ЗСУ відбили атаку.", "uk") == "Russia"
    assert enemy_side("Противник обстрелял позиции, сообщили в Минобороны; ВСУ и "
                      "киевский режим ...", "ru") == "Ukraine"
    assert _one("Противник обстрелял позиции ВС РФ у Ясного, сообщили в штабе. ВСУ "
                "продолжают провокации.", "ru").perpetrator.side == "Ukraine"


def test_prisoners_taken_and_killed_are_the_other_side() -> None:
    taken = _one("Українські захисники взяли в полон шістьох окупантів.", "uk")
    assert (taken.category, taken.perpetrator.side, taken.victims.side) == \
        ("capture", "Ukraine", "Russia")
    shot = _one("Военные ВСУ расстреляли четырех российских военнопленных.", "ru")
    assert (shot.category, shot.perpetrator.side, shot.victims.status, shot.victims.side,
            shot.fatalities) == ("execution", "Ukraine", "prisoners", "Russia", 4)


def test_a_killing_in_the_singular_counts_one() -> None:
    e = _one("Внаслідок обстрілу Степового загинув 64-річний чоловік.", "uk")
    assert e.fatalities == 1


def test_people_listed_by_age_are_counted() -> None:
    e = _one("Через обстріл загинули 12-річний хлопчик та 70-річна жінка, поранено трьох "
             "людей.", "uk")
    assert (e.fatalities, e.injured) == (2, 3)


def test_no_one_hurt_is_zero_deaths() -> None:
    found = _events("Росіяни атакували дронами Лісове. Від атаки ніхто з людей не постраждав.",
                    "uk")
    assert [(e.category, e.fatalities) for e in found] == [("drone_strike", None),
                                                           ("drone_strike", 0)]


def test_weapons_shot_down_and_a_place_freed() -> None:
    downed = _one("Сили оборони збили два дрони над Полтавщиною.", "uk")
    assert (downed.category, downed.perpetrator.side) == ("disrupted_weapons", "Ukraine")
    freed = _one("Село Лісове звільнено від окупантів.", "uk")
    assert (freed.category, freed.perpetrator.side) == ("territory_regained", "Ukraine")


@pytest.mark.parametrize("text,language,modality", [
    ("Окупанти можуть обстріляти місто найближчими днями.", "uk", "hypothetical"),
    ("Ворог не обстрілював громаду цієї доби.", "uk", "negated"),
    ("Противник планирует атаковать город.", "ru", "hypothetical"),
])
def test_what_did_not_or_may_happen_keeps_its_modality(text: str, language: str,
                                                       modality: str) -> None:
    assert {e.modality for e in _events(text, language)} == {modality}


@pytest.mark.parametrize("text,language", [
    ("Національний банк зберіг облікову ставку на рівні 13%.", "uk"),
    ("Фестиваль відбудеться у травні, квитки вже у продажу.", "uk"),
    ("Курс рубля укрепился на фоне роста цен на нефть.", "ru"),
])
def test_a_report_with_no_act_of_war_has_no_events(text: str, language: str) -> None:
    assert _events(text, language) == []


# --- claims and verification -------------------------------------------------------------------

def _claims(text: str, language: str) -> list[tuple[str, str | None, str | None]]:
    parsed = _sentencizer(language)(text)
    return [(c.kind, c.source.text if c.source else None, c.cue.text if c.cue else None)
            for c in find_claims_cyrillic(text, parsed, (), "doc_test")]


@pytest.mark.parametrize("text,language,source", [
    ("За словами начальника ОВА Петра Коваля, у місті пошкоджено школу.", "uk",
     "начальника ОВА Петра Коваля"),
    ("Вночі ворог атакував місто, повідомив міський голова Іван Гончар.", "uk",
     "міський голова Іван Гончар"),
    ("По данным Минобороны России, сбиты три беспилотника.", "ru", "Минобороны России"),
    ("Как сообщили в полиции области, задержан подозреваемый.", "ru", "полиции области"),
    ("Прокуратура повідомила, що слідство триває.", "uk", "Прокуратура"),
])
def test_who_says_it_with_the_cue(text: str, language: str, source: str) -> None:
    assert source in {s for _, s, _ in _claims(text, language)}


def test_a_quote_with_its_speaker_after_it() -> None:
    text = "«Ракета влучила в житловий будинок, є загиблі», — заявив мер Степового Олег Бондар."
    kinds = {(k, s) for k, s, _ in _claims(text, "uk")}
    assert ("direct_quote", "мер Степового Олег Бондар") in kinds


def test_this_was_said_by_credits_what_came_before() -> None:
    text = ("Окупанти обстріляли Лісове з мінометів.\n\nПро це повідомив голова громади Петро "
            "Коваль.")
    parsed = _sentencizer("uk")(text)
    (claim,) = [c for c in find_claims_cyrillic(text, parsed, (), "d")
                if c.kind == "according_to"]
    assert claim.content.start == 0 and claim.source is not None
    assert claim.source.text == "голова громади Петро Коваль"


@pytest.mark.parametrize("sentence,language,status", [
    ("Цю інформацію не вдалося незалежно перевірити.", "uk", "unverified"),
    ("Редакции не удалось независимо проверить эти данные.", "ru", "unverified"),
    ("В Минобороны России опровергли эти сообщения.", "ru", "denied"),
    ("У штабі не відповіли на запит редакції.", "uk", "no_response"),
    ("Стороны обвинили друг друга в обстреле.", "ru", "disputed"),
    ("Human Rights Watch задокументировала этот случай.", "ru", "confirmed"),
])
def test_what_the_text_says_about_verification(sentence: str, language: str,
                                               status: str) -> None:
    text = "Вночі окупанти обстріляли Лісове. " + sentence
    parsed = _sentencizer(language)(text)
    (found,) = find_verifications_cyrillic(text, parsed, ())
    assert found.status == status
    assert found.scope is not None and found.scope.start == 0  # it covers the report


def test_unconfirmed_information_qualifies_only_its_own_sentence() -> None:
    text = "Окупанти викрали жителя Лісового. За непідтвердженою інформацією, його утримують."
    parsed = _sentencizer("uk")(text)
    (found,) = find_verifications_cyrillic(text, parsed, ())
    assert found.status == "unverified" and found.scope is not None
    assert found.scope.start == text.index("За непідтвердженою")


# --- the whole pipeline, as the ledger shows it ------------------------------------------------

def test_a_ukrainian_report_in_the_ledger() -> None:
    doc = _analyse("Вночі 8 березня окупанти обстріляли Харків з артилерії. Загинули двоє "
                   "цивільних, ще троє дістали поранень.\n\nПро це повідомив начальник ОВА "
                   "Петро Коваль. Цю інформацію не вдалося незалежно перевірити.", "uk")
    (event,) = doc.events
    assert (event.category, event.perpetrator.side, event.victims.side, event.fatalities,
            event.injured) == ("shelling", "Russia", "Ukraine", 2, 3)
    assert event.verification.status == "unverified"
    assert event.date is not None and event.date.attributes.get("value") == "2024-03-08"
    claimant = doc.claimant(event)
    assert "Коваль" in str(claimant["name"]) and claimant["kind"] in ("person", "participant")


def test_a_russian_report_in_the_ledger_records_the_allegation_the_same_way() -> None:
    doc = _analyse("Губернатор области Андрей Соколов заявил, что ВСУ атаковали беспилотниками "
                   "Приморск, ранены пятеро мирных жителей. В Минобороны Украины опровергли "
                   "эти сообщения.", "ru")
    (event,) = [e for e in doc.events if e.category == "drone_strike"]
    assert (event.perpetrator.side, event.victims.status, event.injured) == \
        ("Ukraine", "civilians", 5)
    assert event.modality == "reported" and event.verification.status == "denied"
    assert "Соколов" in str(doc.claimant(event)["name"])
    record = event.as_record(doc.id, doc.claimant(event))
    assert record["acled"]["event_type"] == "Explosions/Remote violence"


def test_english_keeps_its_own_finders() -> None:
    from docket.extract.claims import find_claims

    assert finders_for("en").claims is find_claims
    assert finders_for(None).claims is find_claims
    assert finders_for("uk").claims is find_claims_cyrillic
    assert finders_for("ru").events is find_events_cyrillic


def test_the_speakers_side_is_not_the_actor() -> None:
    e = _one("По данным Минобороны России, украинские военные обстреляли окраину Ясного.", "ru")
    assert e.perpetrator.side == "Ukraine"
    e = _one("Ворог обстріляв Лісове, повідомили в Силах оборони півдня.", "uk")
    assert e.perpetrator.side == "Russia"


def test_leaving_the_unit_is_desertion_by_the_side_the_text_speaks_for() -> None:
    e = _one("Группа мобилизованных самовольно оставила расположение части, сообщили в "
             "штабе СВО.", "ru")
    assert (e.category, e.perpetrator.side) == ("desertion", "Russia")


@pytest.mark.parametrize("words,value", [
    ("у суботу", "2024-03-09"),
    ("в воскресенье", "2024-03-03"),
    ("у листопаді минулого року", "2023-11"),
    ("в ноябре прошлого года", "2023-11"),
    ("12 травня минулого року", "2023-05-12"),
])
def test_ukrainian_and_russian_dates_resolve_against_publication(words: str, value: str) -> None:
    from docket.model import PublishedDate
    from docket.nlp.temporal import find_time_expressions

    found = find_time_expressions(f"Обстріл стався {words}.",
                                  PublishedDate("2024-03-09", "day", "test"))
    assert [t.value for t in found] == [value]
