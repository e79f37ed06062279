"""The entity layer end to end: mentions with exact spans, resolved across documents, exported."""

from __future__ import annotations

import io
import json
from pathlib import Path

from docket.ledger.export import export_jsonl
from docket.ledger.store import Ledger
from docket.runner import ingest_paths, reprocess
from docket.settings import Settings

FIRST = {
    "url": "https://frontline.example.org/1", "title": "Strike on Kramatorsk",
    "published": "2023-03-14",
    "text": (
        "Colonel Ivan Petrenko, commander of the 64th Separate Motor Rifle Brigade, said on "
        "Saturday that his unit had not fired at Kramatorsk. Yevgeny Prigozhin said Wagner "
        "fighters were near Bakhmut. A 25-year-old conscript told the newspaper that the "
        "shelling began last week. Officials in the Kharkiv region said Sergei Ivanov, a local "
        "councillor, was wounded."),
}
SECOND = {
    "url": "https://steppe.example.net/2", "title": "Prigozhin again",
    "published": "2023-03-20",
    "text": (
        "Evgeny Prigozhin claimed on Monday that his men had taken another street in Bakhmut. "
        "Sergei Shoigu, the Russian defence minister, did not comment. The 64th separate "
        "motor rifle brigade was moved to Kreminna, a soldier said."),
}


def _ingest(ledger: Ledger, settings: Settings, tmp_path: Path) -> list[dict]:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (FIRST, SECOND)) + "\n")
    summary = ingest_paths(ledger, [path], settings)
    assert summary.ok, summary.failures
    out = io.StringIO()
    export_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_mentions_point_at_their_words(ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    records = _ingest(ledger, settings, tmp_path)
    docs = {r["id"]: r for r in records if r["type"] == "document"}
    entities = [r for r in records if r["type"] == "entity"]
    assert entities
    for entity in entities:
        for m in entity["mentions"]:
            assert docs[m["document"]]["text"][m["start"]:m["end"]] == m["text"]
            assert m["rule"] and m["resolution"]


def test_places_units_people_and_times(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    records = _ingest(ledger, settings, tmp_path)
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        if r["type"] == "entity":
            by_kind.setdefault(r["kind"], []).append(r)
    places = {p["name"]: p for p in by_kind["place"]}
    assert "Kramatorsk" in places  # the small model calls it a PERSON or ORG; the gazetteer wins
    kramatorsk = places["Kramatorsk"]
    assert kramatorsk["country"] == "UA" and 48.5 < kramatorsk["lat"] < 49.0
    assert "Bakhmut" in places and len(places["Bakhmut"]["mentions"]) == 2

    units = by_kind["military_unit"]
    brigade = [u for u in units if u["number"] == "64"]
    assert len(brigade) == 1 and len(brigade[0]["mentions"]) == 2  # both spellings, one unit

    people = by_kind["person"]
    prigozhin = [p for p in people if (p["family"] or "").lower().startswith("prigozhin")]
    assert len(prigozhin) == 1 and len(prigozhin[0]["mentions"]) == 2  # Yevgeny = Evgeny
    sergeis = [p for p in people if (p["given"] or "").lower().startswith("serg")]
    assert len(sergeis) == 2  # Sergei Ivanov is not Sergei Shoigu
    petrenko = next(p for p in people if p["family"] == "Petrenko")
    assert petrenko["mentions"][0].get("rank") == "colonel"

    unnamed = by_kind.get("unnamed_person", [])
    assert unnamed and all(len(u["mentions"]) == 1 for u in unnamed)  # never merged

    first = next(r for r in records if r["type"] == "document" and r["title"] == FIRST["title"])
    times = {t["text"]: t for t in first["times"]}
    saturday = next(t for text, t in times.items() if "Saturday" in text)
    assert saturday["value"] == "2023-03-11" and saturday["precision"] == "day"
    last_week = next(t for text, t in times.items() if "last week" in text)
    assert last_week["value"] == "2023-W10" and last_week["precision"] == "week"


def test_entities_are_stable_across_reprocessing(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    records = _ingest(ledger, settings, tmp_path)
    reprocess(ledger, settings)
    out = io.StringIO()
    export_jsonl(ledger, out)
    again = [json.loads(line) for line in out.getvalue().splitlines()]
    ids = sorted(r["id"] for r in records if r["type"] == "entity")
    assert ids == sorted(r["id"] for r in again if r["type"] == "entity")


def test_not_analysed_documents_have_no_entities(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "ru.txt").write_text(
        "Губернатор заявил, что в результате обстрела Белгорода погибли два человека, ещё "
        "пятеро ранены. Министерство обороны России не комментирует.\n")
    ingest_paths(ledger, [tmp_path / "ru.txt"], settings)
    doc = next(ledger.iter_documents())
    assert not doc.analysed and doc.mentions == ()


def test_a_ministry_keeps_its_country(ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    line = {"title": "Claims", "published": "2023-03-14", "text": (
        "Russia's Defence Ministry said its forces had struck a depot near Izium. Ukraine's "
        "Defence Ministry said the strike hit a school. The Ministry of Defence of Ukraine "
        "later published photographs of the building.")}
    (tmp_path / "m.jsonl").write_text(json.dumps(line) + "\n")
    ingest_paths(ledger, [tmp_path / "m.jsonl"], settings)
    orgs = [e for e in ledger.iter_entities() if e["kind"] == "organization"]
    ministries = {e["id"]: {m["text"] for m in e["mentions"]} for e in orgs
                  if any("Defence" in m["text"] for m in e["mentions"])}
    assert len(ministries) == 2, ministries  # the Russian one, and the Ukrainian one twice
    ukrainian = next(t for t in ministries.values()
                     if any("Ministry of Defence of Ukraine" in text for text in t))
    assert "Ukraine's Defence Ministry" in ukrainian
