"""Ukrainian and Russian documents are analysed (issue 18): their language is told even from one
line, their names become the same person / place / organisation mentions as English, and the
Cyrillic models are loaded only when such a document arrives. Texts are fictional."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docket.clean.language import cyrillic_language, detect_language
from docket.ledger.store import Ledger
from docket.model import Document, Record
from docket.settings import Settings
from docket.workflows.pipeline import process_record
from docket.workflows.runner import ingest_paths

ROOT = Path(__file__).resolve().parents[1]

UKRAINIAN = ("Голова обласної військової адміністрації Олег Марченко заявив, що вночі ворог "
             "обстріляв Куп'янськ. За його словами, у Харкові пошкоджено школу, а ТОВ "
             "«Світанок-Буд» відновить дах.")
RUSSIAN = ("Губернатор Белгородской области Сергей Воронцов сообщил, что под Шебекино "
           "повреждены два дома. Министерство обороны заявило о перехвате ракет над Курском.")


def _analyse(text: str, language: str | None = None) -> Document:
    line = {"text": text, **({"language": language} if language else {})}
    return process_record(Record("jsonl", json.dumps(line, ensure_ascii=False).encode(),
                                 "t.jsonl"), Settings())


def _named(doc: Document, kind: str) -> set[str]:
    return {doc.text[m.start:m.end] for m in doc.mentions if m.kind == kind}


@pytest.mark.parametrize("line,code", [
    ("Ворог обстріляв Херсонщину вночі.", "uk"),
    ("Сирени лунали в Одесі о пʼятій.", "uk"),
    ("Противник обстрелял Белгород, ранены мирные жители.", "ru"),
    ("Объявлен сбор гуманитарной помощи", "ru"),
    ("Вечарам у горадзе было ціха.", "be"),
    ("Градът беше тих през нощта.", "bg"),
])
def test_one_line_is_enough_to_tell_ukrainian_russian_belarusian_bulgarian(
        line: str, code: str) -> None:
    guess = detect_language(line)
    assert (guess.code, guess.note) == (code, None)


@pytest.mark.parametrize("line", ["Удар по Харкову", "Київ", "Mixed Kyiv Київ and Lviv text."])
def test_a_short_line_without_telling_letters_stays_unknown(line: str) -> None:
    assert detect_language(line).note is not None


def test_latin_homoglyphs_inside_cyrillic_words_do_not_change_the_answer() -> None:
    assert cyrillic_language("Kиїв oбстріляли вночі") == "uk"  # Latin K and o
    assert cyrillic_language("Бeлгород обстрелян, мирные жители ранены") == "ru"  # Latin e


def test_a_ukrainian_paragraph_yields_people_places_and_organisations_with_spans() -> None:
    doc = _analyse(UKRAINIAN)
    assert doc.language == "uk" and doc.analysed
    assert "Олег Марченко" in _named(doc, "person")
    assert {"Куп'янськ", "Харкові"} <= _named(doc, "place")
    assert "ТОВ «Світанок-Буд»" in _named(doc, "organization")
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_a_russian_paragraph_yields_people_places_and_organisations_with_spans() -> None:
    doc = _analyse(RUSSIAN)
    assert doc.language == "ru" and doc.analysed
    assert "Сергей Воронцов" in _named(doc, "person")
    assert {"Белгородской области", "Шебекино", "Курском"} <= _named(doc, "place")
    assert any(t.startswith("Министерство обороны") for t in _named(doc, "organization"))
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_one_line_records_in_ukrainian_and_russian_are_detected_and_analysed(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    path = tmp_path / "lines.jsonl"
    lines = ["Вночі окупанти обстріляли Ізюм, повідомив Олег Марченко.",
             "Ночью ВСУ обстреляли Горловку, сообщил Денис Пушилин.",
             "Уначы ў Гомелі было ціха."]
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in lines),
                    encoding="utf-8")
    ingest_paths(ledger, [path], settings)
    docs = {d.language: d for d in ledger.iter_documents()}
    assert docs["uk"].analysed and "Ізюм" in _named(docs["uk"], "place")
    assert docs["ru"].analysed and "Денис Пушилин" in _named(docs["ru"], "person")
    assert not docs["be"].analysed and "outside analysed_languages" in (
        docs["be"].analysis_note or "")


@pytest.mark.parametrize("text", [
    "Зеленський and Zelensky met in Київ; Kyiv, Лондон, London.",  # mixed script
    "Президент Зелeнський (Latin e) відвідав Харкiв (Latin i) та Одесу.",
    "ÐšÐ¸Ñ—Ð² Ð¾Ð±ÑÑ‚Ñ€Ñ–Ð»ÑÐ»Ð¸",  # mojibake of Cyrillic
    "«««» » «ТОВ «",
])
def test_mixed_script_homoglyphs_and_broken_quotes_do_not_crash(text: str) -> None:
    doc = _analyse(text, "uk")
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_an_english_run_never_imports_the_cyrillic_models(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from docket.model import Record\n"
        "from docket.settings import Settings\n"
        "from docket.workflows.pipeline import process_record\n"
        "line = json.dumps({'text': 'Russian forces shelled Kharkiv overnight, the regional "
        "governor said on Monday, wounding two people.'}).encode()\n"
        "doc = process_record(Record('jsonl', line, 't.jsonl'), Settings())\n"
        "assert doc.language == 'en' and doc.analysed\n"
        "print(json.dumps(sorted(m for m in ('natasha', 'slovnet', 'navec', 'pymorphy3') "
        "if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                         capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
