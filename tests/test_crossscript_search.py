"""Search and the workbench across scripts (issue 18): a query in either script or any common
romanisation finds the Ukrainian, Russian and English reports of one town; the workbench and the
export show a Latin form beside a Cyrillic name; the stored text is what was written. The
reports are written for these tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from docket.ledger import views
from docket.ledger.store import DocumentFilter, Ledger
from docket.settings import Settings
from docket.web.app import create_app
from docket.workflows.runner import ingest_paths
from docket.workflows.search_index import fold_query, fold_unindexed

REPORTS = {
    "uk": ("Уночі окупанти вдарили по Куп'янську. Голова громади Андрій Беседін заявив, що "
           "пошкоджено дві школи, а в Харкові лунали сирени."),
    "ru": ("Ночью ракетный удар был нанесён по Купянску. Глава общины Андрей Беседин "
           "сообщил о двух повреждённых школах."),
    "en": ("Two schools were damaged overnight in a strike on Kupyansk, the head of the "
           "community, Andriy Besedin, said."),
    "homoglyph": "Вибухи в Тoрецьку (Latin o) та Покровську вночі.",
}


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Settings]]:
    root = tmp_path_factory.mktemp("crossscript")
    path = root / "reports.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": t, "language": k[:2] if k != "homoglyph"
                                        else "uk"}, ensure_ascii=False) + "\n"
                            for k, t in REPORTS.items()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
            mp.delenv(var, raising=False)
        settings = Settings.load(db=root / "ledger" / "docket.db", operator="tester")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [path], settings)
        yield TestClient(create_app(settings)), settings


def _languages(settings: Settings, query: str) -> set[str | None]:
    with Ledger.open(settings, readonly=True) as ledger:
        flt = DocumentFilter(search=query, folded=fold_query(query))
        return {d.language for d in ledger.iter_documents(flt)
                if "Торецьк" not in d.text.replace("o", "о")}


@pytest.mark.parametrize("query", ["Kupiansk", "Kupyansk", "Куп'янськ", "Купянск"])
def test_any_spelling_of_the_town_finds_all_three_reports(
        web: tuple[TestClient, Settings], query: str) -> None:
    assert _languages(web[1], query) == {"uk", "ru", "en"}


def test_a_query_as_typed_without_folding_finds_only_its_own_script(
        web: tuple[TestClient, Settings]) -> None:
    with Ledger.open(web[1], readonly=True) as ledger:
        docs = list(ledger.iter_documents(DocumentFilter(search="Kupyansk")))
    assert {d.language for d in docs} == {"en"}


def test_the_dictionary_form_finds_a_declined_name(web: tuple[TestClient, Settings]) -> None:
    assert "uk" in _languages(web[1], "Харків")  # the page says "в Харкові"
    assert "uk" in _languages(web[1], "Kharkiv")


def test_a_latin_lookalike_inside_a_word_is_folded_for_search_but_kept_in_the_text(
        web: tuple[TestClient, Settings]) -> None:
    with Ledger.open(web[1], readonly=True) as ledger:
        found = list(ledger.iter_documents(DocumentFilter(search="Торецьк",
                                                          folded=fold_query("Торецьк"))))
        assert len(found) == 1
        assert "Тoрецьку" in found[0].text  # the Latin o is still there, as written
        assert fold_unindexed(ledger) == 0  # every stored document was folded on the way in


def test_the_workbench_search_finds_the_cyrillic_pages_for_a_latin_query(
        web: tuple[TestClient, Settings]) -> None:
    client, settings = web
    r = client.get("/search", params={"q": "Kupiansk"})
    assert r.status_code == 200
    with Ledger.open(settings, readonly=True) as ledger:
        result = views.search(ledger, "Kupiansk", folded=fold_query("Kupiansk"))
        ids = {h.id for h in result.documents}
        uk = next(d.id for d in ledger.iter_documents() if "Куп'янськ" in d.text)
    assert uk in ids
    assert f'href="/documents/{uk}"' in r.text


def test_people_named_in_two_scripts_are_one_entity_with_a_latin_form(
        web: tuple[TestClient, Settings]) -> None:
    client, settings = web
    with Ledger.open(settings, readonly=True) as ledger:
        people = [e for e in ledger.iter_entities() if e["kind"] == "person"
                  and "Беседін" in {m["text"].split()[-1] for m in e["mentions"]}]
    assert len(people) == 1
    person = people[0]
    assert {m["text"] for m in person["mentions"]} >= {"Андрій Беседін", "Андрей Беседин"}
    assert person["latin"] in ("Andrii Besedin", "Andrey Besedin")
    page = client.get(f"/entities/{person['id']}")
    assert page.status_code == 200 and person["latin"] in page.text


def test_a_latin_query_finds_a_cyrillic_entity_by_its_latin_form(
        web: tuple[TestClient, Settings]) -> None:
    with Ledger.open(web[1], readonly=True) as ledger:
        found = views.search(ledger, "Besedin").entities
    assert [e["name"] for e in found if e["kind"] == "person"] == ["Андрій Беседін"]


def test_search_words_are_not_part_of_the_stored_text(web: tuple[TestClient, Settings]) -> None:
    with Ledger.open(web[1], readonly=True) as ledger:
        texts = {d.language: d.text for d in ledger.iter_documents()}
    assert "kupiansk" not in " ".join(texts.values())


def test_the_export_gives_each_cyrillic_name_a_latin_form(
        web: tuple[TestClient, Settings], tmp_path: Path) -> None:
    with Ledger.open(web[1], readonly=True) as ledger:
        cyrillic = [e for e in ledger.iter_entities()
                    if e["kind"] in ("person", "organization")
                    and any("\u0400" <= c <= "\u04ff" for c in e["name"])]
    assert cyrillic and all(e.get("latin") for e in cyrillic)


def test_the_followthemoney_person_lists_the_latin_form_among_its_aliases(
        web: tuple[TestClient, Settings]) -> None:
    from docket.ledger.export_ftm import named_entity

    with Ledger.open(web[1], readonly=True) as ledger:
        person = next(e for e in ledger.iter_entities()
                      if e["kind"] == "person" and e.get("latin") == "Andrii Besedin")
    entity = named_entity(person, "Person")
    assert entity["properties"]["name"] == ["Андрій Беседін"]
    assert "Andrii Besedin" in entity["properties"]["alias"]


def test_a_document_stored_before_the_folded_index_is_folded_by_the_next_run(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    from docket.model import Record
    from docket.workflows.pipeline import process_record

    line = json.dumps({"text": REPORTS["uk"], "language": "uk"}, ensure_ascii=False).encode()
    record = Record("jsonl", line, "old.jsonl")
    doc = process_record(record, settings)
    # As a Docket before the index stored it: no folded words.
    ledger.store_document(doc, record, ledger.begin_run("old ingest"), "processed")
    query = DocumentFilter(search="Kupiansk", folded=fold_query("Kupiansk"))
    assert ledger.document_ids(query) == []
    assert [d.id for d in ledger.unfolded_documents()] == [doc.id]

    other = tmp_path / "new.jsonl"
    other.write_text(json.dumps({"text": REPORTS["en"], "language": "en"}) + "\n",
                     encoding="utf-8")
    ingest_paths(ledger, [other], settings)  # any later run folds what it finds unfolded
    assert doc.id in ledger.document_ids(query)
    assert ledger.unfolded_documents() == []


@pytest.mark.parametrize("query", ["Купянск", "Куп'янськ", "Kupiansk", "Kupyansk"])
def test_the_town_is_listed_as_an_entity_whatever_its_spelling(
        web: tuple[TestClient, Settings], query: str) -> None:
    page = web[0].get("/search", params={"q": query})
    assert page.status_code == 200
    with Ledger.open(web[1], readonly=True) as ledger:
        town = next(e for e in ledger.iter_entities() if e["kind"] == "place"
                    and e["name"].startswith("Kup"))
    assert f'href="/entities/{town["id"]}"' in page.text


@pytest.mark.parametrize("query", ["Беседін", "Беседина", "Besedin", "Андрей Беседин"])
def test_the_person_is_listed_whatever_script_and_case_the_query_uses(
        web: tuple[TestClient, Settings], query: str) -> None:
    page = web[0].get("/search", params={"q": query})
    with Ledger.open(web[1], readonly=True) as ledger:
        person = next(e for e in ledger.iter_entities() if e.get("latin") == "Andrii Besedin")
    assert f'href="/entities/{person["id"]}"' in page.text
