"""Page furniture in plain text: the article stays, each kind of furniture goes with its reason.

The pages under tests/pages are fictional reports the team wrote, each carrying the furniture
real pages carry. For every page the test names each furniture line (by its opening words) and
its kind; every other line is the article's and must be kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docket.clean.furniture import (
    KINDS,
    FurnitureContext,
    LineVerdict,
    classify_lines,
    find_furniture,
    line_key,
)
from docket.clean.normalize import normalize_text

PAGES = Path(__file__).parent / "pages"

# page -> (opening words of a furniture line, expected kind)
FURNITURE: dict[str, list[tuple[str, str]]] = {
    "war_report_en.txt": [
        ("Skip to main content", "navigation"),
        ("Home | World", "navigation"),
        ("World", "section_label"),
        ("Kyiv +3°C", "ticker"),
        ("USD/UAH", "ticker"),
        ("Published 14 March 2023", "date_header"),
        ("1678788900", "date_header"),
        ("4 min read", "read_time"),
        ("By Staff, Agencies", "byline_desk"),
        ("Drones strike grain terminal@@2", "repeated_headline"),
        ("A warehouse burns", "caption"),
        ("Advertisement", "advertisement"),
        ("The harvest cannot wait.", "pull_quote"),
        ("Watch: Firefighters", "media_listing"),
        ("Support our journalism", "appeal"),
        ("Subscribe to our newsletter", "appeal"),
        ("Share this article", "share_prompt"),
        ("Mobilisation bill passes", "other_story"),
        ("Deputies backed the draft law", "other_story"),
        ("Read also:", "related_list"),
        ("Ceasefire monitors report", "related_list"),
        ("Evacuation trains resume", "related_list"),
        ("Navy says mine found", "related_list"),
        ("Leave a comment", "comment_form"),
        ("Your email address", "comment_form"),
        ("We use cookies", "cookie"),
        ("Page generated in", "other"),
        ("window.dataLayer", "code_residue"),
    ],
    "war_report_de.txt": [
        ("Startseite", "navigation"),
        ("Nachrichten", "section_label"),
        ("Dieser Artikel wurde maschinell", "mt_disclaimer"),
        ("Veröffentlicht am", "date_header"),
        ("Lesen Sie auch", "related_list"),
        ("Waffenruhe an der Südfront", "related_list"),
        ("Wir verwenden Cookies", "cookie"),
        ("Jetzt spenden", "appeal"),
    ],
    "war_report_uk.txt": [
        ("Головна", "navigation"),
        ("Цей текст перекладено", "mt_disclaimer"),
        ("Опубліковано", "date_header"),
        ("Читайте також", "related_list"),
        ("Обстріл Нікополя", "related_list"),
        ("Підтримайте", "appeal"),
        ("Поділитися", "share_prompt"),
    ],
    "war_report_credit.txt": [
        ("Soldiers load shells", "caption"),
        ("Taras Hnatiuk/Northline", "credit"),
        ("Investigators at the site", "caption"),
        ("Investigators at the site@@2", "caption"),
        ("Kyiv 10:43", "ticker"),
        ("Kramatorsk", "section_label"),
        ("Anna Koval and Petro Savchuk", "byline_desk"),
        ("Updated - QA build 1142", "code_residue"),
        ("Ad", "advertisement"),
        ("#Ukraine #Donbas #frontline", "code_residue"),
        ("More to come", "other"),
    ],
    "reprint_mt_en.txt": [
        ("Home › Ukraine", "navigation"),
        ("UAH/USD", "ticker"),
        ("1702891245", "date_header"),
        ("This article was automatically translated", "mt_disclaimer"),
        ("Translated by machine", "mt_disclaimer"),
        ("3 min read", "read_time"),
        ("Read also on DiasporaWire", "related_list"),
        ("Power restored to most of Poltava", "related_list"),
        ("Grain exports through the Danube", "related_list"),
        ("Video", "media_listing"),
        ("00:00 / 01:42", "media_listing"),
        ("Watch the clip", "media_listing"),
        ("Subscribe to our Telegram channel", "appeal"),
        ("Keeping DiasporaWire free", "appeal"),
        ("You might also like", "related_list"),
        ("Volunteers from Lviv", "related_list"),
        ("Why the winter", "related_list"),
        ("Tags:", "section_label"),
        ("We use cookies", "cookie"),
        ("Page generated in", "other"),
    ],
    "war_report_uk_regional.txt": [
        ("Головна / Новини", "navigation"),
        ("Курс НБУ", "ticker"),
        ("Поділитися", "share_prompt"),
        ("Опубліковано", "date_header"),
        ("2 хв читання", "read_time"),
        ("Рятувальники розбирають", "caption"),
        ("Фото:", "credit"),
        ("Читати також", "related_list"),
        ("Новина доповнюється", "other"),
        ("Реклама", "advertisement"),
        ("Підписуйтесь", "appeal"),
        ("Новини партнерів", "related_list"),
        ("На Київщині відкрили", "related_list"),
        ("Теги:", "section_label"),
        ("Ми використовуємо файли cookie", "cookie"),
    ],
    "war_report_ru.txt": [
        ("Главная » Новости", "navigation"),
        ("USD 92,40", "ticker"),
        ("Время чтения", "read_time"),
        ("Автор:", "byline_desk"),
        ("Материал переведен автоматически", "mt_disclaimer"),
        ("Читайте также", "related_list"),
        ("Фото:", "credit"),
        ("Подписывайтесь на наш Telegram", "appeal"),
        ("Новости партнеров", "related_list"),
        ("Реклама", "advertisement"),
        ("Поделиться", "share_prompt"),
        ("Теги:", "section_label"),
        ("Мы используем файлы cookie", "cookie"),
    ],
}

HEADLINES = {
    "war_report_en.txt": "Drones strike grain terminal near Izmail as talks stall",
    "war_report_de.txt": "Drohnenangriff auf Umspannwerk bei Charkiw legt Strom lahm",
    "war_report_uk.txt": "Удар по лікарні в Херсоні: поранено трьох медиків",
    "reprint_mt_en.txt":
        "Drone debris sets fire to a school gym in Kremenchuk, regional head says",
    "war_report_uk_regional.txt": "Вибухи у Сумах: пошкоджено лікарню і два житлові будинки",
    "war_report_ru.txt": "Взрывы в Белгороде: повреждены дома и автомобили",
}


normalise = normalize_text  # the pipeline's layout of plain text


def verdicts_by_line(name: str) -> tuple[str, list[tuple[str, LineVerdict]]]:
    text = normalise((PAGES / name).read_text(encoding="utf-8"))
    return text, [(text[v.start:v.end], v) for v in classify_lines(text)]


def expected_kinds(name: str, lines: list[str]) -> dict[int, str]:
    """Line index -> kind for the page's furniture; 'opening@@2' names the second such line."""
    out: dict[int, str] = {}
    for opening, kind in FURNITURE[name]:
        prefix, _, nth = opening.partition("@@")
        matches = [i for i, line in enumerate(lines) if line.startswith(prefix)]
        index = int(nth) - 1 if nth else 0
        assert len(matches) > index, f"{opening!r} not on {name}"
        out[matches[index]] = kind
    return out


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_furniture_is_dropped_with_its_kind_and_the_article_kept(name: str) -> None:
    _, verdicts = verdicts_by_line(name)
    lines = [line for line, _ in verdicts]
    expected = expected_kinds(name, lines)
    wrong = []
    for i, (line, v) in enumerate(verdicts):
        if i in expected and not (v.drop and v.kind == expected[i]):
            wrong.append(f"furniture {line[:40]!r}: got drop={v.drop} {v.kind} ({v.rule})")
        if i not in expected and v.drop:
            wrong.append(f"article {line[:40]!r} dropped as {v.kind} ({v.rule})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_the_headline_is_kept_and_named(name: str) -> None:
    _, verdicts = verdicts_by_line(name)
    headlines = [line for line, v in verdicts if v.kind == "headline"]
    assert headlines == [HEADLINES[name]]


def test_every_kind_is_covered_by_the_test_pages() -> None:
    covered = {kind for page in FURNITURE.values() for _, kind in page}
    assert covered == set(KINDS)


def test_spans_carry_reason_and_rule_and_cover_whole_lines() -> None:
    text = normalise((PAGES / "war_report_en.txt").read_text(encoding="utf-8"))
    spans = find_furniture(text)
    assert spans
    for span in spans:
        assert span.reason in KINDS and span.rule
        assert span.start == 0 or text[span.start - 1] == "\n"
        assert text[span.end - 1] == "\n"
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    # The 'Read also' header and its list are one run of one kind.
    related = [s for s in spans if s.reason == "related_list"]
    assert any(text[s.start:s.end].startswith("Read also:") for s in related)


def test_a_blank_line_between_furniture_of_one_kind_goes_with_it() -> None:
    text = "Leave a comment\n\nComments are closed.\n"
    spans = find_furniture(text)
    assert [(s.start, s.end, s.reason) for s in spans] in (
        [(0, len(text), "comment_form")],
        [(0, 17, "comment_form"), (17, len(text), "comment_form")],
    )


def test_kept_text_plus_removed_spans_is_the_whole_page() -> None:
    text = normalise((PAGES / "war_report_en.txt").read_text(encoding="utf-8"))
    spans = find_furniture(text)
    kept, at = [], 0
    for s in spans:
        kept.append(text[at:s.start])
        at = s.end
    kept.append(text[at:])
    removed = "".join(text[s.start:s.end] for s in spans)
    assert sorted("".join(kept) + removed) == sorted(text)
    assert "IZMAIL, Ukraine" in "".join(kept)


def test_container_title_names_the_headline_and_its_copies() -> None:
    text = ("Front line report\nStrikes hit Odesa port overnight\n"
            "Strikes hit Odesa port overnight\n"
            "Missiles struck the port of Odesa overnight, damaging two grain silos and a "
            "berth, the regional administration said on Monday.\n")
    verdicts = classify_lines(text, FurnitureContext(title="Strikes hit Odesa port overnight"))
    kinds = [v.kind for v in verdicts]
    assert kinds[1:] == ["headline", "repeated_headline", "body"]


def test_lines_seen_across_the_outlet_are_a_signal_not_a_verdict() -> None:
    text = normalise((PAGES / "war_report_en.txt").read_text(encoding="utf-8"))
    body = "IZMAIL, Ukraine — A wave of drones"
    context = FurnitureContext(outlet_lines=frozenset({line_key("Talks on a new shipping")}))
    kept = [text[v.start:v.end] for v in classify_lines(text, context) if not v.drop]
    assert any(line.startswith(body) for line in kept)


# --- bad input -----------------------------------------------------------------------------

ARTICLE = (
    "Heavy fighting continued around the town on Sunday, local officials said, as both sides "
    "brought up reserves.\n"
    "Residents who stayed described constant shelling and said the last pharmacy had closed.\n"
    "The regional governor urged the remaining civilians to leave while the road was open.\n"
)


def test_a_page_of_nothing_but_furniture_is_dropped_whole() -> None:
    text = "Home\nSubscribe\nShare\nAdvertisement\nLeave a comment\nWe use cookies on this site.\n"
    verdicts = classify_lines(text)
    assert verdicts and all(v.drop for v in verdicts)
    spans = find_furniture(text)
    assert sum(s.end - s.start for s in spans) == len(text)


def test_a_page_without_furniture_is_kept_whole() -> None:
    assert find_furniture(ARTICLE) == ()


def test_empty_and_blank_pages() -> None:
    assert classify_lines("") == [] and find_furniture("") == ()
    assert find_furniture("\n\n") == ()


def test_one_enormous_line_is_kept() -> None:
    line = ("Shelling continued through the night and the town was left without power. " * 70000)
    text = line.strip() + "\n"
    assert len(text) > 5_000_000
    assert find_furniture(text) == ()  # its time is a benchmark: bench/limits.py


def test_lines_in_several_scripts_are_not_dropped_for_their_script() -> None:
    text = (
        "Сили оборони відбили одинадцять атак на південному напрямку, повідомив Генштаб у "
        "неділю вранці.\n"
        "وقالت السلطات المحلية إن القصف استمر طوال الليل وإن المستشفى الوحيد في المدينة تضرر.\n"
        "当地官员周日表示，夜间炮击持续不断，城里唯一的医院也受到损坏，居民正在撤离。\n"
        "Местные власти сообщили, что обстрел продолжался всю ночь и больница была повреждена.\n"
    )
    assert find_furniture(text) == ()


def test_a_page_that_is_two_copies_of_one_article_keeps_one_copy() -> None:
    page = "Strikes hit Odesa port overnight\n" + ARTICLE
    text = page + "\n" + page
    verdicts = classify_lines(text)
    first, second = verdicts[:4], verdicts[4:]
    assert not any(v.drop for v in first)
    assert all(v.drop for v in second)
    assert second[0].kind == "repeated_headline"


@pytest.mark.parametrize(
    "text",
    ["\x00\x01", "||||", "a\n" * 5000, "1\n" * 300, "«»\n", "—\n", "[" * 10000 + "\n",
     "Read also:\n" * 200, "#a #b #c\n", "0:00\n", "١٢٣٤٥\n"],
)
def test_odd_input_never_raises(text: str) -> None:
    verdicts = classify_lines(text)
    assert all(v.kind in KINDS or v.kind in ("headline", "body") for v in verdicts)
    find_furniture(text)


def test_line_key_normalises_case_digits_and_space() -> None:
    assert line_key("  Updated 12:45   Today ") == "updated 00:00 today"


def test_teaser_summaries_below_the_article_go_with_the_teasers() -> None:
    """The body is the densest run of prose; a teaser's one-paragraph summary far below it is not
    the article's, however well written."""
    _, verdicts = verdicts_by_line("war_report_teasers.txt")
    for opening in ("Artillery fire overnight", "Repair crews reached", "Officials said a temp",
                    "Humanitarian groups have"):
        v = next(v for line, v in verdicts if line.startswith(opening))
        assert not v.drop, (opening, v.rule)
    summaries = [v for line, v in verdicts
                 if line.startswith(("The ferry that", "Trucks carrying", "The mayor said",
                                     "Engineers reconnected", "A group of volunteers"))]
    assert len(summaries) == 5
    assert all(v.drop and v.kind == "other_story" and v.rule == "region:below-main-body"
               for v in summaries), [(v.kind, v.rule) for v in summaries]
    headline = next(v for line, v in verdicts if line.startswith("Shelling cuts water"))
    assert not headline.drop and headline.kind == "headline"


def test_a_lede_above_the_body_is_kept_and_a_page_of_equal_posts_is_left_alone() -> None:
    lede = ("Russian drones struck the port of Izmail overnight, damaging grain silos and a "
            "warehouse, officials said on Wednesday.")
    paragraph = ("Firefighters worked until morning to put out the blaze at the terminal, and "
                 "the port authority said loading would resume once inspectors had checked the "
                 "quays and the cranes for damage from the attack. ")
    page = "\n".join(["Drones hit Izmail port", lede, "Photo: Northline", "By Ivan Petrenko",
                      "14 March 2023", *[paragraph * 2] * 5]) + "\n"
    assert not any(v.drop and v.rule.startswith("region:") for v in classify_lines(page))
    # A blog's front page: several posts of equal weight, no single body to measure against.
    posts = []
    for n in range(4):
        posts += [f"Field notes from the south, part {n + 1}", "Posted by Ivan", paragraph * 2,
                  "Comments (2)", "Share", "Print"]
    verdicts = classify_lines("\n".join(posts) + "\n")
    assert not any(v.rule.startswith("region:") for v in verdicts)


def test_the_model_never_takes_a_notes_only_line() -> None:
    # A one-line note scores like a caption; dropping it would leave nothing to analyse.
    note = "On 3 March 2023, Russian forces shelled Vovchansk, Kharkiv.\n"
    (verdict,) = classify_lines(note)
    assert not verdict.drop
    assert find_furniture(note) == ()


# --- reprints and Ukrainian and Russian pages (issue 21) ---------------------------------------

_BODY_RU = (
    "Вечером в понедельник при обстреле окраины города повреждены три частных дома и линия "
    "электропередачи, сообщили в городской администрации, добавив, что пострадавших нет.\n"
    "Аварийные бригады восстановили подачу электроэнергии к утру, а жителям поврежденных домов "
    "предложили временное жилье в общежитии колледжа.\n"
)


def kept_and_dropped(text: str) -> tuple[list[str], dict[str, str]]:
    text = normalise(text)
    verdicts = classify_lines(text)
    kept = [text[v.start:v.end] for v in verdicts if not v.drop]
    dropped = {text[v.start:v.end]: v.kind for v in verdicts if v.drop}
    return kept, dropped


def test_a_cyrillic_headline_between_dates_is_kept_and_the_dated_desk_line_is_a_byline() -> None:
    headline = "При обстреле окраины пострадали три дома"
    kept, dropped = kept_and_dropped(
        "3 марта 2025, 19:05\n" + headline + "\n3 марта 2025, 19:05\n"
        "3 марта 2025, 19:05 — Городская служба новостей — ГСН\n" + _BODY_RU)
    assert kept[0] == headline
    assert dropped["3 марта 2025, 19:05 — Городская служба новостей — ГСН"] == "byline_desk"


def test_a_source_line_naming_an_official_is_kept_and_one_naming_an_outlet_is_not() -> None:
    body = ("Three drones were shot down over the region overnight and debris damaged a warehouse "
            "roof on the edge of the city, the regional administration said on Tuesday.\n") * 2
    kept, dropped = kept_and_dropped(
        "Drones downed over the region overnight\n" + body
        + "Source: Oleh Marchenko, head of the regional administration, on Telegram\n"
        + "Source: Reuters\n")
    assert "Source: Oleh Marchenko, head of the regional administration, on Telegram" in kept
    assert dropped["Source: Reuters"] == "byline_desk"


def test_a_summary_glued_above_the_paragraph_it_copies_goes_and_the_paragraph_stays() -> None:
    paragraph = ("Rescuers pulled two people from the rubble of a five-storey building after the "
                 "overnight strike, the emergency service said, and the search went on at noon.")
    summary = ("A missile struck a residential district of the city shortly after midnight, "
               "setting cars alight and shattering windows across four streets, officials said. "
               + paragraph)
    more = ("Residents of the neighbouring blocks were moved to a school gym for the night, and "
            "the city council said it would pay for temporary housing.\n"
            "Engineers will assess on Monday whether the building can be repaired or has to be "
            "pulled down, the mayor told reporters at the scene.\n")
    kept, dropped = kept_and_dropped(summary + "\n" + paragraph + "\n" + more)
    assert paragraph in kept
    assert dropped[summary] == "other"


def test_headlines_with_bare_dates_below_the_article_are_other_stories() -> None:
    teasers = ("Уночі над областю збили шість дронів\n26 лютого 2025, 10:48\n"
               "У місті відновили рух тролейбусів\n26 лютого 2025, 09:50\n"
               "Рятувальники загасили пожежу на складі\n26 лютого 2025, 09:41\n")
    body = ("Російські війська обстріляли околиці міста, пошкоджено три приватні будинки та лінію "
            "електропередачі, повідомили в міській адміністрації.\n"
            "Аварійні бригади відновили електропостачання до ранку, постраждалих немає, "
            "уточнили в адміністрації.\n")
    kept, dropped = kept_and_dropped("Обстріл околиць міста\n" + body + teasers)
    assert "Уночі над областю збили шість дронів" in dropped
    assert "У місті відновили рух тролейбусів" in dropped
    assert all(line in kept for line in body.splitlines())


def test_a_chronology_in_full_sentences_is_not_a_list_of_teasers() -> None:
    page = ("Рік облоги: хронологія\n"
            "Місто пережило рік обстрілів, і ось як змінювалося становище його мешканців.\n"
            "24 лютого 2024\nПерші ракети влучили в промислову зону на сході міста.\n"
            "3 березня 2024\nОкупанти обстріляли залізничний вокзал, загинули двоє людей.\n"
            "9 квітня 2024\nУ місті вперше за місяць відновили водопостачання.\n")
    kept, _ = kept_and_dropped(page)
    assert "Перші ракети влучили в промислову зону на сході міста." in kept
    assert "У місті вперше за місяць відновили водопостачання." in kept


def test_a_short_heading_inside_the_body_is_kept() -> None:
    para = ("The strike damaged the main building of the hospital and two ambulances parked "
            "outside it, the regional health department said in a statement on Thursday.")
    kept, _ = kept_and_dropped("Hospital hit in overnight strike\n" + para + "\nWhat we know:\n"
                               + para.replace("main", "old") + "\n" + para + "\n")
    assert "What we know:" in kept


def test_a_line_of_section_words_is_a_menu_even_without_separators() -> None:
    kept, dropped = kept_and_dropped(
        "International Latest News Videos and Photos\nShelling damages a school in Kherson\n"
        + ("The shelling damaged the school's roof and classrooms on the upper floor, local "
           "officials said, adding that nobody was hurt because lessons were held online.\n") * 3)
    assert dropped["International Latest News Videos and Photos"] == "navigation"
    assert kept[0] == "Shelling damages a school in Kherson"


def _cleaned(name: str) -> Any:
    from docket.model import Record
    from docket.settings import Settings
    from docket.workflows.pipeline import process_record

    data = (PAGES / name).read_bytes()
    return process_record(Record("text", data, name), Settings(), analyse=False)


def test_a_bare_timestamp_above_the_headline_is_the_date_not_the_title() -> None:
    doc = _cleaned("reprint_mt_en.txt")
    assert doc.title == HEADLINES["reprint_mt_en.txt"]
    assert doc.published is not None and doc.published.value == "2023-12-18T09:20:45Z"
    assert "1702891245" not in doc.text
    assert doc.translated_from == "uk"  # the machine-translation notice, kept as metadata
    assert "automatically translated" not in doc.text


@pytest.mark.parametrize("name,byline", [("war_report_ru.txt", "Ирина Соколова"),
                                         ("war_report_uk_regional.txt", None)])
def test_cyrillic_pages_keep_their_headline_as_the_title(name: str, byline: str | None) -> None:
    doc = _cleaned(name)
    assert doc.title == HEADLINES[name]
    assert doc.text.startswith(HEADLINES[name])
    assert doc.byline == byline
    assert "Читайте также" not in doc.text and "Читати також" not in doc.text


@pytest.mark.parametrize("headline", ["Лекция с фокусами", "Кризис одолел моду."])
def test_a_short_first_line_above_the_body_is_the_headline(headline: str) -> None:
    text = normalise(headline + "\n\n" + _BODY_RU)
    verdicts = classify_lines(text)
    assert text[verdicts[0].start:verdicts[0].end] == headline
    assert verdicts[0].kind == "headline" and not verdicts[0].drop


def test_a_first_sentence_thick_with_names_and_figures_is_kept() -> None:
    opening = ("ТОВ «Будсервіс-Захід» 14 березня уклало з КП «Міськводоканал» угоду на ремонт "
               "насосної станції №3 вартістю 3,2 млн грн.")
    kept, _ = kept_and_dropped(
        opening + "\nПро це повідомляється у «Віснику державних закупівель».\n"
        "Роботи мають завершити до кінця травня, а гарантійний строк на обладнання становить "
        "п'ять років, зазначено в умовах договору, оприлюднених замовником на сайті міськради.\n")
    assert opening in kept


def test_the_outlet_promoting_its_own_earlier_story_is_an_other_story() -> None:
    promo = ("Как ранее писала Городская служба новостей, в соседнем районе открыли новый "
             "пункт обогрева для жителей частного сектора.")
    background = ("Напомним, за прошлую неделю окраины города обстреливали четыре раза, "
                  "пострадали шесть человек.")
    kept, dropped = kept_and_dropped(
        "3 марта 2025, 19:05\nПри обстреле окраины пострадали три дома\n"
        "3 марта 2025, 19:05 — Городская служба новостей — ГСН\n" + _BODY_RU + background + "\n"
        + promo + "\n")
    assert dropped[promo] == "other_story"
    assert background in kept


def test_a_paragraph_broken_by_hard_wraps_is_kept_whole() -> None:
    # Copied text often keeps its line breaks mid-sentence; each piece is too short to look
    # like prose, and the model once dropped the first as a teaser (a copy then failed to
    # join its original's story).
    first = ("Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two "
             "civilians and")
    second = "wounding five, the regional governor said on Wednesday."
    kept, _ = kept_and_dropped(f"Kupiansk shelling: two dead, governor says\n\n{first}\n{second}\n"
                               "\nSource: Kharkiv Ledger\n")
    assert first in kept and second in kept
