"""Claims and events through the whole pipeline: stored, listed, exported, re-run, scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from docket.cli import main
from docket.extract import analyse_text
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths, reprocess

REPO = Path(__file__).resolve().parents[1]

ARTICLE = """Shelling kills two in Kupiansk

Kupiansk, 12 April 2023

Russian forces shelled the centre of Kupiansk on Tuesday night, killing two civilians and
wounding five, the regional governor said on Wednesday.

"The shells hit a queue outside the bakery," a local volunteer told the Kyiv Ledger.

Officials in the Russian-installed administration claimed that Ukrainian troops had fired
at the town themselves. The Kyiv Ledger could not independently verify either account.
"""


def _ingest(tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kupiansk.txt").write_text(ARTICLE, encoding="utf-8")
    ingest_paths(ledger, [tmp_path / "in"], settings)


def test_events_and_claims_are_stored_with_claimant_and_evidence(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    _ingest(tmp_path, settings, ledger)
    events = list(ledger.event_records())
    shelling = [e for e in events if e["category"] == "shelling" and e["modality"] != "negated"]
    assert shelling, [e["category"] for e in events]
    first = shelling[0]
    assert first["perpetrator"]["side"] == "Russia"
    assert first["location"]["text"] == "Kupiansk" and first["location"]["lat"] is not None
    assert first["claimant"]["claim"] is not None  # the governor says so, not the outlet
    assert "governor" in (first["claimant"]["name"] or "")
    doc = ledger.get_document(first["document"])
    assert doc is not None
    evidence = first["evidence"][0]
    assert doc.text[evidence["start"]:evidence["end"]] == evidence["text"]
    claims = list(ledger.claim_records())
    assert any(c["cue"] and c["cue"]["text"] == "claimed" and c["modality"] == "alleged"
               for c in claims)
    assert ledger.stats()["events"] == len(events)


def test_reprocess_replaces_claims_and_events_without_duplicates(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    _ingest(tmp_path, settings, ledger)
    before = sorted(e["id"] for e in ledger.event_records())
    claims_before = sorted(c["id"] for c in ledger.claim_records())
    reprocess(ledger, settings, None)
    assert sorted(e["id"] for e in ledger.event_records()) == before
    assert sorted(c["id"] for c in ledger.claim_records()) == claims_before


def test_export_streams_claims_events_and_participants(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    from io import StringIO

    from docket.ledger.export import export_jsonl

    _ingest(tmp_path, settings, ledger)
    out = StringIO()
    export_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    kinds = [r["type"] for r in records]
    assert kinds.index("claim") > kinds.index("entity") and "event" in kinds
    entity_ids = {r["id"] for r in records if r["type"] == "entity"}
    participants = [r for r in records if r["type"] == "entity" and r["kind"] == "participant"]
    assert participants, "an unnamed speaker is exported as a participant entity"
    for claim in (r for r in records if r["type"] == "claim"):
        assert claim["source_entity"] is None or claim["source_entity"] in entity_ids


def test_events_command_filters_and_prints(tmp_path: Path, settings: Settings,
                                           ledger: Ledger, cli: CliRunner) -> None:
    _ingest(tmp_path, settings, ledger)
    db = str(settings.db)
    listed = cli.invoke(main, ["events", "--db", db, "--side", "Russia", "--json"])
    assert listed.exit_code == 0, listed.output
    sides = {json.loads(line)["perpetrator"]["side"] for line in listed.output.splitlines()}
    assert sides == {"Russia"}
    table = cli.invoke(main, ["events", "--db", db])
    assert "shelling" in table.output and "Kupiansk" in table.output
    claims = cli.invoke(main, ["claims", "--db", db])
    assert claims.exit_code == 0 and "claimed" in claims.output
    doc_id = json.loads(listed.output.splitlines()[0])["document"]
    shown = cli.invoke(main, ["show", doc_id[:12], "--db", db])
    assert "events (" in shown.output and "claims (" in shown.output


def test_confirmation_of_one_fact_does_not_reach_another() -> None:
    doc = analyse_text(
        "The Kyiv Ledger verified that the witness lived in Bucha in March, using property "
        "records. He said Russian soldiers tortured him in a basement there.")
    torture = [e for e in doc.events if e.category == "torture"]
    assert torture, [e.category for e in doc.events]
    assert torture[0].verification.status != "confirmed"
    assert torture[0].modality == "reported"


def test_eval_scores_the_bundled_gold_file(cli: CliRunner) -> None:
    result = cli.invoke(main, ["eval", str(REPO / "eval" / "annotated.jsonl")])
    assert result.exit_code == 0, result.output
    assert "events: detection" in result.output and "perpetrator_side" in result.output
    assert "claims" in result.output


def test_eval_uses_the_spacy_model_setting(cli: CliRunner,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # `docket eval` scores the analysis the ledger would run: with another pipeline named in
    # the settings it loads that one (here one that is not installed, so it says so).
    monkeypatch.setenv("DOCKET_SPACY_MODEL", "xx_no_such_pipeline")
    result = cli.invoke(main, ["eval", str(REPO / "eval" / "annotated.jsonl"), "--limit", "1"])
    assert result.exit_code != 0 and "xx_no_such_pipeline" in result.output


def test_eval_reports_a_malformed_gold_line(tmp_path: Path, cli: CliRunner) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"id": "x"}\n', encoding="utf-8")
    result = cli.invoke(main, ["eval", str(gold)])
    assert result.exit_code != 0 and "bad.jsonl:1" in result.output


def test_eval_scores_an_acled_style_csv(tmp_path: Path, cli: CliRunner) -> None:
    import csv

    rows = [
        ("Shelling/artillery/missile attack", "Military Forces of Russia (2000-)", "2",
         "On 3 May 2023, Russian forces shelled Kupiansk, Kharkiv, killing 2 civilians."),
        ("Armed clash", "Military Forces of Ukraine (2019-)", "0",
         "On 4 May 2023, Ukrainian forces clashed with Russian forces near Robotyne, "
         "Zaporizhia. Casualties unknown."),
    ]
    path = tmp_path / "notes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_date", "event_type", "sub_event_type", "actor1", "actor2",
                         "admin1", "location", "fatalities", "notes"])
        for sub, actor, killed, note in rows:
            writer.writerow(["2023-05-03", "", sub, actor, "", "Kharkiv", "", killed, note])
    result = cli.invoke(main, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "Shelling/artillery/missile attack" in result.output
    assert "macro" in result.output.lower()


def test_judgements_survive_a_rerun_and_orphans_are_reported(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    _ingest(tmp_path, settings, ledger)
    db = str(settings.db)
    event = next(ledger.event_records())
    rejected = cli.invoke(main, ["judge", "reject", event["id"], "--by", "analyst",
                                 "--why", "wrong town", "--db", db])
    assert rejected.exit_code == 0, rejected.output
    ledger.add_judgement("confirm", "evt_0000000000000000dead", "analyst")  # a vanished event
    reprocess(ledger, settings, None)
    again = next(e for e in ledger.event_records() if e["id"] == event["id"])
    assert again["review"]["status"] == "rejected" and again["review"]["by"] == "analyst"
    listed = cli.invoke(main, ["judge", "list", "--db", db, "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [r["orphaned"] for r in rows] == [False, True]
    shown = cli.invoke(main, ["events", "--db", db])
    assert "[REJECTED by analyst]" in shown.output


def test_judge_refuses_unknown_and_mismatched_records(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    _ingest(tmp_path, settings, ledger)
    db = str(settings.db)
    event = next(ledger.event_records())
    unknown = cli.invoke(main, ["judge", "confirm", "evt_nope", "--by", "a", "--db", db])
    assert unknown.exit_code != 0 and "no record" in unknown.output
    mixed = cli.invoke(main, ["judge", "same", event["id"], event["document"], "--by", "a",
                              "--db", db])
    assert mixed.exit_code != 0 and "one kind" in mixed.output


def test_an_analysts_edit_shows_in_the_records_and_keeps_the_machines_value(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    _ingest(tmp_path, settings, ledger)
    event = next(e for e in ledger.event_records() if e["fatalities"] is not None)
    before = event["fatalities"]
    ledger.add_judgement("edit", event["id"], "analyst", field="fatalities",
                         value=json.dumps({"before": before, "after": str(before + 1)}),
                         why="the hospital's list")
    reprocess(ledger, settings, None)
    edited = next(e for e in ledger.event_records() if e["id"] == event["id"])
    assert edited["fatalities"] == before + 1
    assert edited["edits"][0]["before"] == before and edited["edits"][0]["by"] == "analyst"


def test_purge_needs_a_withdrawal_and_leaves_the_custody_log(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    _ingest(tmp_path, settings, ledger)
    db = str(settings.db)
    doc = next(ledger.iter_documents())
    early = cli.invoke(main, ["purge", doc.id, "--by", "a", "--why", "x", "--yes", "--db", db])
    assert early.exit_code != 0 and "withdraw" in early.output
    assert ledger.evidence.has(doc.source.sha256)
    withdrawn = cli.invoke(main, ["withdraw", doc.id, "--by", "analyst", "--why", "wrong file",
                                  "--db", db])
    assert withdrawn.exit_code == 0, withdrawn.output
    purged = cli.invoke(main, ["purge", doc.id, "--by", "analyst", "--why", "asked by source",
                               "--yes", "--db", db])
    assert purged.exit_code == 0, purged.output
    assert not ledger.evidence.has(doc.source.sha256)
    assert ledger.get_document(doc.id) is None and not list(ledger.event_records(doc.id))
    actions = [row["action"] for row in ledger.custody_log(doc.source.sha256)]
    assert actions[-2:] == ["withdrawn", "purged"]
