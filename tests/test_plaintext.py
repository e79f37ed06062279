"""Plain text end to end: furniture removed with reasons, metadata, segments, outlet repetition."""

from __future__ import annotations

import io
import json
from pathlib import Path

from docket.ledger.export import export_jsonl
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths, reprocess

STORY_ONE = (
    "Drone strike damages grain terminal in Izmail\n"
    "\n"
    "14 March 2023, 09:10\n"
    "\n"
    "A drone struck a grain terminal in the port of Izmail overnight, damaging two "
    "silos and a loading crane, the regional administration said on Tuesday morning.\n"
    "\n"
    "Officials said no one was hurt. Workers had left the terminal an hour before the"
    " attack, according to the port's manager, who said repairs would take at least a"
    " week.\n"
    "\n"
    "The administration said air defences shot down six of the nine drones launched "
    "at the region. Russia's defence ministry did not comment on the strike.\n"
    "\n"
)
STORY_TWO = (
    "Two wounded as shells hit market in Nikopol\n"
    "\n"
    "14 March 2023, 11:40\n"
    "\n"
    "Two people were wounded when shells hit the central market in Nikopol on "
    "Tuesday, the governor said, adding that a woman aged 54 was in a serious "
    "condition.\n"
    "\n"
    "The town across the reservoir from the occupied power plant is shelled almost "
    "daily, officials said. Traders said the market had reopened only a week earlier.\n"
    "\n"
    "Russian-installed officials on the other bank said Ukrainian forces had fired "
    "first. Neither claim could be independently verified.\n"
    "\n"
)


def _export(ledger: Ledger) -> list[dict]:
    out = io.StringIO()
    export_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
    return [r for r in records if r["type"] == "document"]


def test_examples_text_metadata_and_furniture(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    ingest_paths(ledger, [examples / "text"], settings)
    docs = {Path(r["source"]["path"]).name: r for r in _export(ledger)}
    page = docs["kharkiv_ledger_kivsharivka_webcopy.txt"]
    assert page["title"] == "At least four killed as shelling hits Kivsharivka, governor says"
    assert page["byline"] == "Iryna Soloviova"
    assert page["published"] == {"value": "2023-03-14T18:42:00", "precision": "datetime"}
    reasons = {r["reason"] for r in page["removed"]}
    assert {"date_header", "related_list", "appeal"} <= reasons
    assert "Subscribe to our newsletter" not in page["text"]
    assert "Read also" not in page["text"]
    assert "At least four civilians were killed" in page["text"]
    # Removed text is kept: every removed span is still in full_text, with its rule.
    for span in page["removed"]:
        assert page["full_text"][span["start"]:span["end"]].strip() and span["rule"]
    translated = docs["svobodny_kurier_deserter_machine_translated.txt"]
    assert translated["translated_from"] == "ru"


def test_two_stories_become_a_page_and_a_segment(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "digest.txt").write_text(STORY_ONE + "\n" + STORY_TWO)
    summary = ingest_paths(ledger, [tmp_path / "digest.txt"], settings)
    assert summary.counts["new"] == 1 and summary.counts["segments"] == 1
    records = _export(ledger)
    page = next(r for r in records if r["segment_of"] is None)
    segment = next(r for r in records if r["segment_of"] is not None)
    assert segment["segment_of"] == page["id"]
    assert "Izmail" in page["text"] and "Nikopol" not in page["text"]
    assert "Nikopol" in segment["text"] and "Izmail" not in segment["text"]
    assert segment["title"] == "Two wounded as shells hit market in Nikopol"
    assert segment["source"]["sha256"] == page["source"]["sha256"]
    assert "segment 2" in segment["source"]["locator"]
    assert any(r["reason"] == "segment" for r in page["removed"])
    # Re-running gives the same ids and no duplicates.
    reprocess(ledger, settings)
    again = _export(ledger)
    assert sorted(r["id"] for r in again) == sorted(r["id"] for r in records)


def test_reprocessing_a_segment_rebuilds_its_page(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "digest.txt").write_text(STORY_ONE + "\n" + STORY_TWO)
    ingest_paths(ledger, [tmp_path / "digest.txt"], settings)
    segment = next(d for d in ledger.iter_documents() if d.segment_of)
    summary = reprocess(ledger, settings, [segment.id])
    assert summary.ok and summary.counts["reprocessed"] == 1
    assert ledger.stats()["documents"] == 2


def test_lines_an_outlet_repeats_are_furniture(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    # An odd line no lexicon knows, on every page of one outlet: only repetition gives it away.
    odd = "Zorya Frontline Bulletin brings you the voices of the east"
    bodies = [
        "Shelling damaged a school in Kupiansk on Monday, the regional governor said, adding "
        "that no children were inside at the time because lessons had moved online.",
        "A drone hit a fuel depot near Izium overnight, officials said, and firefighters "
        "needed four hours to put out the blaze that followed the strike on the depot.",
        "Two volunteers were wounded in Vovchansk while delivering bread, police said, when "
        "a mortar round landed near their van on the main street of the small town.",
    ]
    folder = tmp_path / "zorya"
    folder.mkdir()
    for i, body in enumerate(bodies):
        (folder / f"p{i}.jsonl").write_text(json.dumps(
            {"url": f"https://zorya.example.net/{i}", "title": f"Report {i}",
             "outlet": "Zorya Frontline Bulletin",
             "text": f"{odd}\n\n{body}\n\n{bodies[i - 1]}"}) + "\n")
    ingest_paths(ledger, [folder], settings)
    reprocess(ledger, settings)  # every page now sees the other two
    for doc in ledger.iter_documents():
        assert odd not in doc.text, doc.removed
        assert any(doc.full_text[s.start:s.end].startswith(odd) for s in doc.removed)


def test_restored_text_survives_reprocessing(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    from click.testing import CliRunner

    from docket.cli import main

    ingest_paths(ledger, [examples / "text"], settings)
    doc = next(d for d in ledger.iter_documents() if "kivsharivka" in d.source.path)
    number, span = next((n, s) for n, s in enumerate(doc.removed, start=1)
                        if s.reason == "appeal")
    appeal = doc.full_text[span.start:span.end].strip().split("\n")[0]
    assert appeal not in doc.text
    result = CliRunner().invoke(main, ["restore", doc.id, str(number), "--by", "analyst-b",
                                       "--why", "part of the outlet's statement",
                                       "--db", str(settings.db)])
    assert result.exit_code == 0, result.output
    for _ in range(2):  # the restore holds after it is applied and after any later run
        restored = ledger.get_document(doc.id)
        assert restored is not None and appeal in restored.text
        assert not any(appeal in restored.full_text[s.start:s.end] for s in restored.removed)
        reprocess(ledger, settings)
    judgement = ledger.judgements()[-1]
    assert (judgement["kind"], judgement["by"]) == ("restore", "analyst-b")
    bad = CliRunner().invoke(main, ["restore", doc.id, "999", "--by", "x",
                                    "--db", str(settings.db)])
    assert bad.exit_code == 1 and "removed spans 1 to" in bad.output


def test_plain_text_bad_input(ledger: Ledger, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "all_furniture.txt").write_text(
        "Subscribe to our newsletter\nShare this article\nRead also: Evacuation buses return\n"
        "Comments (3)\nWe use cookies to improve your experience. Accept all cookies\n")
    (folder / "one_line.txt").write_text(
        "Officials said the bridge near Kupiansk was hit again overnight. " * 4000)
    (folder / "scripts.txt").write_text(
        "Обстріл Харкова: загинули двоє\n\n"
        "У вівторок ввечері російські війська обстріляли Харків, загинули двоє людей, "
        "повідомив мер міста.\n\n"
        "قال مسؤولون محليون إن القصف استمر طوال الليل وإن فرق الإنقاذ عملت حتى الصباح.\n\n"
        "据当地官员说，炮击持续了一整夜，救援人员一直工作到早上。\n")
    (folder / "twice.txt").write_text(STORY_ONE + "\n" + STORY_ONE)
    summary = ingest_paths(ledger, [folder], settings)
    assert summary.ok, summary.failures
    docs = {Path(d.source.path).name: d for d in ledger.iter_documents()}
    furniture_only = docs["all_furniture.txt"]
    assert furniture_only.text.strip() == "" and not furniture_only.analysed
    assert len(furniture_only.removed) >= 3  # everything kept as evidence, with reasons
    assert docs["one_line.txt"].text.count("Kupiansk") == 4000
    scripts = docs["scripts.txt"]
    for words in ("загинули двоє людей", "فرق الإنقاذ", "救援人员"):
        assert words in scripts.text
    twice = docs["twice.txt"]
    assert twice.text.count("A drone struck a grain terminal") == 1
    assert twice.full_text.count("A drone struck a grain terminal") == 2


def test_a_failing_furniture_stage_is_noted_not_hidden(
    settings: Settings, monkeypatch: object
) -> None:
    import pytest

    from docket.clean import furniture
    from docket.model import Record
    from docket.workflows.pipeline import process_record

    def broken(*args: object, **kw: object) -> None:
        raise RuntimeError("classifier bug")

    mp = pytest.MonkeyPatch()
    mp.setattr(furniture, "find_furniture", broken)
    try:
        doc = process_record(Record("text", (STORY_ONE + "Subscribe to our newsletter\n").encode(),
                                    "p.txt"), settings, analyse=False)
    finally:
        mp.undo()
    assert doc.removed == () and "Subscribe to our newsletter" in doc.text
    assert any("furniture stage failed (RuntimeError: classifier bug)" in n for n in doc.notes)
