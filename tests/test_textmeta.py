"""Metadata the text states about itself. All pages here are fictional, written for these tests."""

from __future__ import annotations

import pytest

from docket.clean.textmeta import TextMetadata, extract_text_metadata
from docket.model import Span

FIELDS = ("title", "outlet", "byline", "published", "translated_from", "translation_note",
          "cited_source")

LEDGER_PAGE = """\
KHARKIV LEDGER — independent news from Kharkiv

Drones strike power substation in northern Kharkiv

By Iryna Soloviova, Kharkiv Ledger

Tuesday, 14 March 2023 | 18:42

KHARKIV, March 14 (Reuters) - Russian drones struck an electrical substation in the northern \
Saltivskyi district overnight, the regional governor said, leaving about 3,000 households \
without power.

According to the governor, repair crews reached the site by morning. According to Meduza, \
the strike was one of eleven that night.

Source: Kharkiv Ledger
"""


def evidence_text(text: str, meta: TextMetadata, name: str) -> str:
    spans = [(s, e) for f, s, e in meta.evidence if f == name]
    assert len(spans) == 1, f"one evidence span for {name}: {meta.evidence}"
    start, end = spans[0]
    return text[start:end]


def test_full_header_page() -> None:
    meta = extract_text_metadata(LEDGER_PAGE)
    assert meta.outlet == "Kharkiv Ledger"  # ALL-CAPS masthead, title-cased
    assert meta.title == "Drones strike power substation in northern Kharkiv"
    assert meta.byline == "Iryna Soloviova"
    assert meta.published is not None
    assert (meta.published.value, meta.published.precision, meta.published.origin) == (
        "2023-03-14T18:42:00", "datetime", "text:date_header")
    assert meta.cited_source == "Kharkiv Ledger"  # "Source:" beats the dateline and "according to"
    assert meta.translated_from is None and meta.translation_note is None


def test_evidence_points_at_the_words() -> None:
    meta = extract_text_metadata(LEDGER_PAGE)
    assert evidence_text(LEDGER_PAGE, meta, "outlet") == "KHARKIV LEDGER"
    assert evidence_text(LEDGER_PAGE, meta, "title") == meta.title
    assert evidence_text(LEDGER_PAGE, meta, "byline") == "Iryna Soloviova"
    assert evidence_text(LEDGER_PAGE, meta, "published") == "14 March 2023 | 18:42"
    source_at = [s for f, s, _ in meta.evidence if f == "cited_source"][0]
    assert LEDGER_PAGE[source_at - len("Source: "):source_at] == "Source: "
    assert {f for f, _, _ in meta.evidence} == {"outlet", "title", "byline", "published",
                                                 "cited_source"}


def test_plain_article_has_no_metadata() -> None:
    text = (
        "Russian forces shelled the outskirts of Kherson on Tuesday, local officials said.\n\n"
        "Two people were injured, according to the regional administration. Residents said the "
        "shelling lasted about an hour.\n"
    )
    assert extract_text_metadata(text) == TextMetadata()


def test_wrapped_body_lines_are_not_a_title() -> None:
    text = (
        "Russian forces shelled the northern districts of Kharkiv overnight\n"
        "and damaged a school, the regional governor said on Wednesday.\n\n"
        "Nobody was hurt, he added.\n"
    )
    assert extract_text_metadata(text).title is None


@pytest.mark.parametrize("text", ["", "\n\n", "   ", "\x00\x01", "By\n", "Source:\n",
                                  "© \n", "1234567890123\n", "KYIV, (\n", "а" * 50])
def test_odd_inputs_never_raise(text: str) -> None:
    assert isinstance(extract_text_metadata(text), TextMetadata)


def test_bad_spans_and_urls_never_raise() -> None:
    spans = [Span(-5, 3, "date_header", "x"), Span(10, 2, "navigation", "x"),
             Span(0, 10**9, "other", "x"), Span(3, 40, "mt_disclaimer", "x")]
    meta = extract_text_metadata(LEDGER_PAGE, spans, url="http://[not a host")
    assert isinstance(meta, TextMetadata)
    assert extract_text_metadata(None, ()) == TextMetadata()  # type: ignore[arg-type]


# --- outlet and title ---------------------------------------------------------------------------


def test_outlet_never_from_url() -> None:
    text = "Shelling damages hospital in Kupiansk\n\nThe hospital was hit twice, staff said.\n"
    meta = extract_text_metadata(text, url="https://kupianskherald.example/news/1")
    assert meta.outlet is None
    assert meta.title == "Shelling damages hospital in Kupiansk"


def test_url_only_corroborates_a_stated_masthead() -> None:
    text = "Dnipro Evening\n\nShelling damages hospital in Nikopol\n\nThe hospital was hit.\n"
    assert extract_text_metadata(text).outlet is None  # could be a section or a headline
    meta = extract_text_metadata(text, url="https://www.dniproevening.example/a/1")
    assert meta.outlet == "Dnipro Evening"
    assert meta.title == "Shelling damages hospital in Nikopol"


def test_mixed_case_masthead_keeps_its_casing() -> None:
    text = ("The Dnipro Courier | independent news since 1998\n\n"
            "Evacuation trains leave Pokrovsk\n\nBy Oleh Marchenko\n\n"
            "Two evacuation trains left the city on Friday, officials said.\n")
    meta = extract_text_metadata(text)
    assert meta.outlet == "The Dnipro Courier"
    assert meta.title == "Evacuation trains leave Pokrovsk"
    assert meta.byline == "Oleh Marchenko"


def test_copyright_line_at_the_bottom_names_the_outlet() -> None:
    text = ("Evacuation trains leave Pokrovsk\n\n"
            "Two evacuation trains left the city on Friday, officials said.\n\n"
            "© 2023 Donbas Courier. All rights reserved.\n")
    meta = extract_text_metadata(text)
    assert meta.outlet == "Donbas Courier"
    assert evidence_text(text, meta, "outlet") == "Donbas Courier"
    assert meta.title == "Evacuation trains leave Pokrovsk"


def test_outlet_staff_byline_gives_outlet_not_person() -> None:
    text = ("Evacuation trains leave Pokrovsk\n\nBy Donbas Courier staff\n\n"
            "Two evacuation trains left the city on Friday, officials said.\n")
    meta = extract_text_metadata(text)
    assert meta.outlet == "Donbas Courier" and meta.byline is None


def test_title_with_outlet_tail() -> None:
    text = ("Drone debris falls on Kyiv suburb | Kyiv Evening Post\n\n"
            "Debris from a downed drone fell on a house in Bucha overnight, police said.\n")
    meta = extract_text_metadata(text)
    assert meta.title == "Drone debris falls on Kyiv suburb"
    assert meta.outlet == "Kyiv Evening Post"


def test_navigation_span_holds_the_masthead() -> None:
    text = ("Steppe Gazette | Home | War | Opinion\n\n"
            "Ferry service to Kinburn suspended\n\n"
            "The ferry stopped running after shelling near the pier, the operator said.\n")
    nav = Span(0, text.index("\n\n") + 2, "navigation", "test")
    meta = extract_text_metadata(text, [nav])
    assert meta.outlet == "Steppe Gazette"
    assert meta.title == "Ferry service to Kinburn suspended"


def test_shouted_headline_is_not_a_masthead_or_byline() -> None:
    text = ("KHARKIV UNDER FIRE\n\nResidents of the Saltivka district spent another night in "
            "shelters as artillery pounded the area, local officials said.\n")
    assert extract_text_metadata(text) == TextMetadata()
    desk = Span(0, text.index("\n") + 1, "byline_desk", "test")
    assert extract_text_metadata(text, [desk]) == TextMetadata()


def test_busy_header_page() -> None:
    text = ("Home | World | Europe | Ukraine | Opinion\nWAR IN UKRAINE\n"
            "Russian missiles hit Odesa port grain terminal\n"
            "Strikes damaged two silos, officials say\nOksana Hrytsenko\n5 min read\n"
            "Updated 3 hours ago\nPublished 20 July 2023, 07:31 EEST\n\n"
            "ODESA, July 20 (Reuters) - Russian missiles struck grain terminals at the port "
            "overnight, the regional governor said on Thursday.\n\n"
            "Read more: Kyiv says air defence downed 20 drones\n© 2023 Black Sea Bulletin\n")
    meta = extract_text_metadata(text)
    assert meta.title == "Russian missiles hit Odesa port grain terminal"
    assert meta.outlet == "Black Sea Bulletin"
    assert meta.published is not None and meta.published.value == "2023-07-20T04:31:00Z"
    assert meta.cited_source == "Reuters"
    assert meta.byline is None  # a bare name without 'By' and without a hint
    footer = text.index("©")
    credit = Span(footer, len(text), "credit", "test")  # how a footer often gets tagged
    assert extract_text_metadata(text, [credit]).outlet == "Black Sea Bulletin"


def test_photographer_copyright_is_not_an_outlet() -> None:
    text = ("Fire at fuel depot put out\n\n"
            "Firefighters put out the blaze at the depot on Tuesday, officials said.\n\n"
            "© 2023 Oleh Marchenko\n")
    footer = text.index("©")
    assert extract_text_metadata(text, [Span(footer, len(text), "credit", "t")]).outlet is None


def test_arabic_title() -> None:
    text = "قصف مستودع في خاركيف\n\nقال الحاكم إن المستودع تعرض للقصف ليلا.\n"
    assert extract_text_metadata(text).title == "قصف مستودع في خاركيف"


# --- byline ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "byline", "outlet"), [
    ("By Iryna Soloviova and Oleh Marchenko, Kharkiv Ledger", "Iryna Soloviova and Oleh Marchenko",
     "Kharkiv Ledger"),
    ("By Iryna Soloviova in Kharkiv", "Iryna Soloviova", None),
    ("By Iryna Soloviova, Kharkiv", "Iryna Soloviova", None),  # a place, not an outlet
    ("Author: Oleh Marchenko", "Oleh Marchenko", None),
    ("Автор: Ірина Соловйова", "Ірина Соловйова", None),
    ("Автор: Ольга Петрова | Северный Курьер", "Ольга Петрова", "Северный Курьер"),
    ("Von Iryna Soloviova", "Iryna Soloviova", None),
    ("BY OLEH MARCHENKO", "Oleh Marchenko", None),
    ("By Staff", None, None),
    ("By Staff, Agencies", None, None),
    ("By Kharkiv Ledger staff with agencies", None, None),
])
def test_bylines(line: str, byline: str | None, outlet: str | None) -> None:
    text = (f"Drones strike power substation in Kharkiv\n\n{line}\n\n"
            "Russian drones struck a substation overnight, the governor said.\n")
    meta = extract_text_metadata(text)
    assert meta.byline == byline
    assert meta.outlet == outlet
    if byline:
        assert evidence_text(text, meta, "byline").lower() == byline.lower()


def test_sentence_starting_with_by_is_not_a_byline() -> None:
    text = ("Fire at fuel depot put out\n\n"
            "By Tuesday evening, firefighters had put out the blaze, officials said.\n")
    meta = extract_text_metadata(text)
    assert meta.byline is None and meta.outlet is None


def test_byline_desk_span_without_by() -> None:
    text = ("Fire at fuel depot put out\n\nIryna Soloviova, Kharkiv Ledger\n\n"
            "Firefighters put out the blaze at the depot on Tuesday, officials said.\n")
    start = text.index("Iryna")
    span = Span(start, text.index("\n", start) + 1, "byline_desk", "test")
    meta = extract_text_metadata(text, [span])
    assert meta.byline == "Iryna Soloviova" and meta.outlet == "Kharkiv Ledger"
    assert extract_text_metadata(text).byline is None  # without the hint, no "By": not a byline


# --- published ------------------------------------------------------------------------------------


def _header_page(date_line: str) -> str:
    return (f"Drones strike power substation in Kharkiv\n\n{date_line}\n\n"
            "Russian drones struck a substation overnight, the governor said.\n")


@pytest.mark.parametrize(("line", "value", "precision", "origin"), [
    ("14.03.2023 10:15", "2023-03-14T10:15:00", "datetime", "text:date_header"),
    ("March 14, 2023", "2023-03-14", "day", "text:date_header"),
    ("Tuesday, March 14, 2023 — 6:42 PM EET", "2023-03-14T16:42:00Z", "datetime",
     "text:date_header"),
    ("1678812120", "2023-03-14T16:42:00Z", "datetime", "text:unix_timestamp"),
    ("Published 14 March 2023, 10:15", "2023-03-14T10:15:00", "datetime", "text:published_line"),
    ("Published 14 March 2023, 10:15 | Updated 15 March 2023, 08:00", "2023-03-14T10:15:00",
     "datetime", "text:published_line"),
    ("Updated 15 March 2023", "2023-03-15", "day", "text:published_line"),
    ("Опубліковано 14 березня 2023, 10:15", "2023-03-14T10:15:00", "datetime",
     "text:published_line"),
    ("Опубликовано 14 марта 2023 года", "2023-03-14", "day", "text:published_line"),
    ("Veröffentlicht am 14. März 2023, 10:15 Uhr", "2023-03-14T10:15:00", "datetime",
     "text:published_line"),
    ("18:42, 14 березня 2023", "2023-03-14T18:42:00", "datetime", "text:date_header"),
    ("Publicado el 14 de marzo de 2023", "2023-03-14", "day", "text:published_line"),
])
def test_published(line: str, value: str, precision: str, origin: str) -> None:
    meta = extract_text_metadata(_header_page(line))
    assert meta.published is not None
    assert (meta.published.value, meta.published.precision, meta.published.origin) == (
        value, precision, origin)


def test_published_preferred_over_updated_on_separate_lines() -> None:
    text = _header_page("Updated 15 March 2023, 08:00\nPublished 14 March 2023, 10:15")
    meta = extract_text_metadata(text)
    assert meta.published is not None and meta.published.value == "2023-03-14T10:15:00"
    assert evidence_text(text, meta, "published") == "14 March 2023, 10:15"


@pytest.mark.parametrize("line", ["03/04/2023", "14 March", "March 2023 in review"])
def test_no_date_invented(line: str) -> None:
    assert extract_text_metadata(_header_page(line)).published is None


def test_published_word_inside_a_sentence_is_body() -> None:
    text = ("Report on shelling of Kharkiv schools\n\n"
            "The report, published on 2 February 2023 by a monitoring group, lists 40 schools.\n")
    assert extract_text_metadata(text).published is None


def test_dateline_without_year_gives_no_date() -> None:
    text = ("Drones strike power substation in Kharkiv\n\n"
            "KYIV, March 14 (Reuters) - Russian drones struck a substation in the north of the "
            "country overnight, officials said.\n")
    meta = extract_text_metadata(text)
    assert meta.published is None  # no year stated: none invented
    assert meta.cited_source == "Reuters"
    assert evidence_text(text, meta, "cited_source") == "Reuters"


def test_dateline_with_region_instead_of_date() -> None:
    text = ("Drones strike power substation in Kharkiv\n\n"
            "KYIV, Ukraine (AFP) - Russian drones struck a substation in the north of the "
            "country overnight, officials said.\n")
    meta = extract_text_metadata(text)
    assert (meta.published, meta.cited_source) == (None, "AFP")


def test_dateline_with_year() -> None:
    text = ("Drones strike power substation in Kharkiv\n\n"
            "ODESA, 14 March 2023 (Ukrinform) — Russian drones struck a port warehouse in the "
            "south of the city overnight, officials said.\n")
    meta = extract_text_metadata(text)
    assert meta.published is not None
    assert (meta.published.value, meta.published.origin) == ("2023-03-14", "text:dateline")
    assert meta.cited_source == "Ukrinform"


def test_date_header_span_is_read_first() -> None:
    text = ("Drones strike power substation in Kharkiv\n\n"
            "Read also: Kharkiv metro reopens, 2 February 2023\n\n"
            "Iryna Soloviova\n14.03.2023 10:15\n\n"
            "Russian drones struck a substation overnight, the governor said.\n")
    related = text.index("Read also")
    date_at = text.index("14.03.2023")
    spans = [Span(related, text.index("\n", related) + 2, "related_list", "test"),
             Span(date_at, text.index("\n", date_at) + 1, "date_header", "test")]
    meta = extract_text_metadata(text, spans)
    assert meta.published is not None
    assert (meta.published.value, meta.published.origin) == ("2023-03-14T10:15:00",
                                                             "text:date_header")
    assert evidence_text(text, meta, "published") == "14.03.2023 10:15"


def test_date_header_span_in_another_language_uses_free_text_fallback() -> None:
    text = ("Drones strike power substation in Kharkiv\n\n"
            "14 mars 2023 à 10h15\n\n"
            "Russian drones struck a substation overnight, the governor said.\n")
    date_at = text.index("14 mars")
    span = Span(date_at, text.index("\n", date_at) + 1, "date_header", "test")
    meta = extract_text_metadata(text, [span])
    assert meta.published is not None and meta.published.value == "2023-03-14T10:15:00"


# --- translation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("note", "code"), [
    ("This article was machine translated from Russian.", "ru"),
    ("This text was machine-translated from Ukrainian into English.", "uk"),
    ("Automatisch übersetzt aus dem Russischen.", "ru"),
    ("Dieser Artikel wurde maschinell aus dem Ukrainischen übersetzt.", "uk"),
    ("Переведено автоматически с русского.", "ru"),
    ("Машинний переклад з російської.", "ru"),
    ("Traduit automatiquement de l'anglais.", "en"),
    ("Traducido automáticamente del ruso.", "ru"),
    ("Translated by Google Translate from Russian.", "ru"),
    ("Tekst przetłumaczony maszynowo z języka polskiego.", "pl"),
    ("ترجمة آلية من العربية", "ar"),
])
def test_machine_translation_notes(note: str, code: str) -> None:
    text = (f"Ferry service to Kinburn suspended\n\n{note}\n\n"
            "The ferry stopped running after shelling near the pier, the operator said.\n")
    meta = extract_text_metadata(text)
    assert meta.translated_from == code
    assert meta.translation_note is not None and meta.translation_note in note
    assert evidence_text(text, meta, "translation_note") == meta.translation_note
    assert meta.title == "Ferry service to Kinburn suspended"


def test_note_without_language() -> None:
    text = ("Ferry service to Kinburn suspended\n\n"
            "The ferry stopped running after shelling near the pier, the operator said.\n\n"
            "This page was translated automatically.\n")
    meta = extract_text_metadata(text)
    assert meta.translation_note == "This page was translated automatically."
    assert meta.translated_from is None


def test_human_translation_is_not_machine_translation() -> None:
    text = ("Ferry service to Kinburn suspended\n\nTranslated from Ukrainian by Oleh Marchenko.\n\n"
            "The ferry stopped running after shelling near the pier, the operator said.\n")
    meta = extract_text_metadata(text)
    assert meta.translated_from is None and meta.translation_note is None


def test_mt_disclaimer_span_deep_in_a_long_page() -> None:
    body = "Residents queued for water in the damaged district, volunteers said.\n\n" * 500
    note = "Машинний переклад з російської.\n\n"
    text = "Ferry service to Kinburn suspended\n\n" + body + note + body
    at = text.index("Машинний")
    meta_without = extract_text_metadata(text)
    assert meta_without.translated_from is None  # in the middle: outside header and footer
    meta = extract_text_metadata(text, [Span(at, at + len(note), "mt_disclaimer", "test")])
    assert meta.translated_from == "ru"
    assert evidence_text(text, meta, "translated_from") == "російської"


# --- cited source ---------------------------------------------------------------------------------


def _body_page(body: str) -> str:
    return f"Ferry service to Kinburn suspended\n\n{body}\n"


@pytest.mark.parametrize(("body", "source"), [
    ("The ferry stopped running, according to Meduza.", "Meduza"),
    ("The ferry stopped running, according to the governor.", None),
    ("The ferry stopped running, according to him.", None),
    ("The ferry stopped running, according to local residents.", None),
    ("The ferry stopped running, according to Oleh Marchenko, the operator.", None),
    ("The ferry stopped running, according to the Kherson Herald.", "Kherson Herald"),
    ("The ferry stopped running, according to the Ukrainian news agency Ukrinform.", "Ukrinform"),
    ("The ferry stopped running, according to Pivden Daily Radio.", "Pivden Daily Radio"),
    ("The ferry stopped running, according to the Steppe Voice newspaper.", "Steppe Voice"),
    ("The BBC reports that the ferry stopped running after shelling near the pier.", "BBC"),
    ("Oleh Marchenko reported that the ferry stopped running after shelling near the pier.",
     None),
    ("The ferry stopped running after shelling.\n\nBased on materials from TASS.", "TASS"),
    ("The ferry stopped running after shelling.\n\nThis story was originally published by "
     "Pivden Today.", "Pivden Today"),
    ("The ferry stopped running after shelling.\n\nReprinted from Steppe Voice with permission.",
     "Steppe Voice"),
    ("The ferry stopped running after shelling.\n\nKharkiv Ledger with agencies", None),
    ("The ferry stopped running after shelling.\n\nSource: agencies", None),
    ("The ferry stopped running after shelling.\n\nSource: a military official", None),
    ("Паром перестал ходить, сообщает ТАСС.", "ТАСС"),
    ("Пором припинив роботу, за даними Укрінформу.", "Укрінформ"),
    ("Die Fähre fährt nicht mehr.\n\nQuelle: dpa", "dpa"),
    ("Die Fähre fährt nicht mehr, laut Angaben des Gouverneurs.", None),
    ("Le ferry ne circule plus, selon l'AFP.", "AFP"),
    ("Пором припинив роботу.\n\nДжерело: Південний Кур'єр", "Південний Кур'єр"),
    ("Паром перестал ходить.\n\nИсточник: Северный Курьер", "Северный Курьер"),
])
def test_cited_source(body: str, source: str | None) -> None:
    text = _body_page(body)
    meta = extract_text_metadata(text)
    assert meta.cited_source == source
    if source:
        assert evidence_text(text, meta, "cited_source") == source


def test_explicit_source_beats_according_to() -> None:
    text = _body_page("The ferry stopped running, according to Meduza.\n\n"
                      "Originally published by Pivden Today.\n\nSource: Steppe Voice")
    assert extract_text_metadata(text).cited_source == "Steppe Voice"
    text = _body_page("The ferry stopped running, according to Meduza.\n\n"
                      "Originally published by Pivden Today.")
    assert extract_text_metadata(text).cited_source == "Pivden Today"


def test_photo_credit_is_not_the_cited_source() -> None:
    text = _body_page("The ferry stopped running after shelling near the pier.\n\n"
                      "Source: Oleh Marchenko / Steppe Voice")
    at = text.index("Source:")
    meta = extract_text_metadata(text, [Span(at, len(text), "credit", "test")])
    assert meta.cited_source is None


# --- several scripts, whole pages -----------------------------------------------------------------


def test_ukrainian_page() -> None:
    text = ("КИЇВСЬКИЙ ВІСНИК — незалежні новини\n\n"
            "Дрони атакували енергооб'єкт на Київщині\n\n"
            "Автор: Ірина Соловйова\n\n"
            "Опубліковано 14 березня 2023, 10:15\n\n"
            "Уночі російські дрони атакували об'єкт енергетичної інфраструктури, повідомили в "
            "обласній військовій адміністрації.\n\n"
            "Машинний переклад з російської.\n\n"
            "Джерело: Укрінформ\n")
    meta = extract_text_metadata(text)
    assert meta.outlet == "Київський Вісник"
    assert meta.title == "Дрони атакували енергооб'єкт на Київщині"
    assert meta.byline == "Ірина Соловйова"
    assert meta.published is not None and meta.published.value == "2023-03-14T10:15:00"
    assert (meta.translated_from, meta.cited_source) == ("ru", "Укрінформ")
    for name, start, end in meta.evidence:
        assert 0 <= start < end <= len(text), name


def test_russian_page() -> None:
    text = ("Северный Курьер — новости Белгородской области\n\n"
            "Беспилотник упал возле села под Белгородом\n\n"
            "Автор: Ольга Петрова\n\n"
            "Опубликовано 14 марта 2023, 09:05\n\n"
            "Беспилотник упал на окраине села, сообщил глава района. Пострадавших нет.\n\n"
            "По материалам ТАСС\n")
    meta = extract_text_metadata(text)
    assert meta.outlet == "Северный Курьер"
    assert meta.title == "Беспилотник упал возле села под Белгородом"
    assert meta.byline == "Ольга Петрова"
    assert meta.published is not None and meta.published.value == "2023-03-14T09:05:00"
    assert meta.cited_source == "ТАСС"


def test_german_page() -> None:
    text = ("Drohnenangriff auf Charkiw: Umspannwerk getroffen\n\n"
            "Von Iryna Soloviova\n\n"
            "Veröffentlicht am 14. März 2023, 10:15 Uhr\n\n"
            "Russische Drohnen haben in der Nacht ein Umspannwerk im Norden von Charkiw "
            "getroffen, teilte der Gouverneur mit.\n\n"
            "Dieser Artikel wurde maschinell aus dem Ukrainischen übersetzt.\n\n"
            "Quelle: dpa\n")
    meta = extract_text_metadata(text)
    assert meta.title == "Drohnenangriff auf Charkiw: Umspannwerk getroffen"
    assert meta.outlet is None
    assert (meta.byline, meta.translated_from, meta.cited_source) == (
        "Iryna Soloviova", "uk", "dpa")


# --- size (how long these take is measured by bench/limits.py) ------------------------------------


def test_enormous_single_line() -> None:
    text = ("Residents said the shelling went on according to " * 110_000) + "\n"
    assert len(text) > 5_000_000
    meta = extract_text_metadata(text)
    assert meta.title is None and meta.published is None and meta.cited_source is None


def test_enormous_page_with_many_lines() -> None:
    text = LEDGER_PAGE + "Shelling continued in the north, according to him.\n\n" * 100_000
    meta = extract_text_metadata(text)
    assert meta.title == "Drones strike power substation in northern Kharkiv"


def test_ordinary_page() -> None:
    text = LEDGER_PAGE + (
        "Residents queued for water in the damaged district, volunteers said.\n\n" * 20)
    assert 1_800 < len(text) < 2_400
    meta = extract_text_metadata(text)
    assert meta.title == "Drones strike power substation in northern Kharkiv"
    assert (meta.outlet, meta.byline) == ("Kharkiv Ledger", "Iryna Soloviova")


def test_all_fields_declared() -> None:
    assert set(FIELDS) | {"evidence"} == set(TextMetadata.__dataclass_fields__)


def test_an_iso_date_with_a_time_is_read_not_an_error() -> None:
    # The ISO pattern has no am/pm group; reading it raised IndexError and the page lost the
    # date it states (issue 14).
    text = ("Kyiv Ledger\n2019-11-19T14:05:00Z\nShelling hits Kupiansk\n\n"
            "Russian forces shelled Kupiansk on Tuesday, the governor said.\n")
    meta = extract_text_metadata(text)
    assert meta.published is not None
    assert meta.published.value == "2019-11-19T14:05:00Z"
    assert meta.published.precision == "datetime"
