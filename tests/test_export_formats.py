"""Export formats: ACLED CSV, GeoJSON, FollowTheMoney, Datasette SQLite, evidence bundle."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docket.errors import DocketError
from docket.ledger.export_csv import actor, victims_actor
from docket.ledger.export_scope import ExportScope
from docket.ledger.formats import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    export_acled_csv,
    export_bundle,
    export_datasette,
    export_ftm,
    export_geojson,
    metadata_path,
)
from docket.ledger.store import DocumentFilter, Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The bundled examples ingested once for this module (ingest runs spaCy: slow to repeat)."""
    root = tmp_path_factory.mktemp("formats")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
            mp.delenv(var, raising=False)
        mp.chdir(root)
        settings = Settings.load(db=root / "ledger" / "docket.db", operator="tester")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [Path("examples")], settings)
            yield ledger


def _csv_rows(ledger: Ledger, flt: DocumentFilter | None = None) -> tuple[int, list[dict]]:
    out = io.StringIO(newline="")
    count = export_acled_csv(ledger, out, flt)
    return count, list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_acled_csv_has_one_row_per_event_with_its_columns(filled: Ledger) -> None:
    events = {e["id"]: e for e in filled.event_records()}
    count, rows = _csv_rows(filled)
    assert count == len(rows) == len(events) > 0
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert {r["event_id"] for r in rows} == set(events)
    for row in rows:
        event = events[row["event_id"]]
        # the evidence sentence survives quoting (commas, quotes, line breaks) intact
        assert row["notes"] == " ".join(event["evidence"][0]["text"].split())
        assert row["fatalities"] == ("" if event["fatalities"] is None
                                     else str(event["fatalities"]))
        assert row["time_precision"] in {"1", "2", "3", ""}
        assert row["time_precision"] == "" or row["event_date"]
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
            assert row["geo_precision"] in {"1", "2", "3"}
        assert row["modality"] in {"asserted", "alleged", "reported", "hypothetical", "negated"}
        assert row["aggregate"] in {"true", "false"}
        assert row["claimant"] or row["claimant_kind"] == "outlet"
    # negated and hypothetical events are rows too, marked by their modality
    assert {r["modality"] for r in rows} & {"negated", "hypothetical"}
    assert any(r["actor1"].startswith(("Russia (", "Ukraine (")) for r in rows)
    assert any(r["incident_id"].startswith("inc_") for r in rows)
    assert any(r["source"] for r in rows)


def test_acled_actors_name_the_side_and_the_words() -> None:
    scope = ExportScope((), (), (), (), (), (), ())
    words = {"start": 0, "end": 14, "text": "Russian forces"}
    assert actor({"side": "Russia", "text": words}, scope) == "Russia (Russian forces)"
    assert actor({"side": "unknown", "text": None}, scope) == ""
    assert actor({"side": "unknown", "text": {"text": "gunmen"}}, scope) == "Unknown (gunmen)"
    civilians = {"side": "Ukraine", "status": "civilians", "text": {"text": "three residents"}}
    assert victims_actor(civilians, scope) == "Civilians (Ukraine)"
    soldiers = {"side": "Ukraine", "status": "combatants", "text": {"text": "two soldiers"}}
    assert victims_actor(soldiers, scope) == "Ukraine (two soldiers)"


def test_a_filter_chooses_the_same_documents_as_jsonl(filled: Ledger) -> None:
    flt = DocumentFilter(path="jsonl/")
    chosen = set(filled.document_ids(flt))
    count, rows = _csv_rows(filled, flt)
    assert chosen and 0 < count < len(list(filled.event_records()))
    assert {r["document_id"] for r in rows} <= chosen


def test_geojson_puts_incidents_at_lon_lat(filled: Ledger) -> None:
    out = io.StringIO()
    count = export_geojson(filled, out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    located = {i["id"]: i for i in filled.incident_records()
               if (i["location"] or {}).get("lat") is not None}
    assert count == len(features) == len(located) > 0
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        where = located[feature["properties"]["id"]]["location"]
        assert (lon, lat) == (where["lon"], where["lat"])  # RFC 7946: longitude first
        assert feature["properties"]["place"] == where["name"]
        assert {"category", "date", "independent_sources", "events", "stories",
                "precision"} <= set(feature["properties"])
    # a place in eastern Ukraine: longitude about 37, latitude about 48, never the reverse
    kramatorsk = [f for f in features if f["properties"]["place"] in ("Kramatorsk", "Horlivka")]
    assert kramatorsk and all(35 < f["geometry"]["coordinates"][0] < 40 for f in kramatorsk)


def test_ftm_lines_are_entities_with_string_lists_and_resolvable_links(filled: Ledger) -> None:
    out = io.StringIO()
    count = export_ftm(filled, out)
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(entities) > 0
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "ids are unique"
    for entity in entities:
        assert set(entity) == {"id", "schema", "properties"}
        assert entity["schema"] in {"Article", "Person", "Organization", "Address", "Event"}
        for values in entity["properties"].values():
            assert isinstance(values, list) and values
            assert all(isinstance(v, str) and v for v in values)
        if entity["schema"] != "Address":
            assert entity["properties"].get("name") or entity["properties"].get("title")
    events = [e for e in entities if e["schema"] == "Event"]
    assert events and {e["schema"] for e in entities} >= {"Article", "Person", "Address"}
    for event in events:
        props = event["properties"]
        assert all(by_id[d]["schema"] == "Article" for d in props.get("proof", []))
        assert all(by_id[a]["schema"] == "Address" for a in props.get("addressEntity", []))
        assert all(by_id[p]["schema"] in {"Person", "Organization"}
                   for p in props.get("involved", []))
    located = [e for e in entities if e["schema"] == "Address" and "latitude" in e["properties"]]
    assert located and all(-90 <= float(e["properties"]["latitude"][0]) <= 90 for e in located)


def test_datasette_file_opens_with_located_events_and_metadata(
    filled: Ledger, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.db"
    count = export_datasette(filled, path)
    conn = sqlite3.connect(path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"documents", "entities", "events", "incidents", "stories", "claims",
                      "contradictions"}
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    assert {"latitude", "longitude", "claimant", "verification", "modality", "aggregate",
            "evidence", "victims_count", "perpetrator_side"} <= columns
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == len(
        list(filled.event_records()))
    lat, lon = conn.execute("SELECT latitude, longitude FROM events WHERE latitude IS NOT NULL "
                            "AND place = 'Kramatorsk' LIMIT 1").fetchone()
    assert 48 < lat < 49.5 and 37 < lon < 38
    total = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    assert count == total
    conn.close()
    meta = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    assert "check their terms" in meta["license"]
    assert set(meta["databases"]["ledger"]["tables"]) == tables
    with pytest.raises(DocketError, match="remove it first"):
        export_datasette(filled, path)


def _verify_bundle(path: Path, target: Path) -> dict:
    with zipfile.ZipFile(path) as bundle:
        bundle.extractall(target)
    for evidence in (target / "evidence").iterdir():
        assert hashlib.sha256(evidence.read_bytes()).hexdigest() == evidence.name
    sums = (target / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == digest
    listed = {line.split("  ", 1)[1] for line in sums}
    stored = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()}
    assert listed == stored - {"SHA256SUMS"}
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=target,
                       check=True)
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def test_bundle_of_an_incident_holds_its_evidence_and_verifies(
    filled: Ledger, tmp_path: Path
) -> None:
    incident = max(filled.incident_records(), key=lambda i: len(i["events"]))
    documents = {e["document"] for e in filled.event_records() if e["id"] in incident["events"]}
    path = tmp_path / "bundle.zip"
    count = export_bundle(filled, path, [incident["id"]])
    manifest = _verify_bundle(path, tmp_path / "out")
    assert manifest["incidents"] == [incident["id"]]
    assert set(manifest["documents"]) == documents
    assert manifest["verify"] == "sha256sum -c SHA256SUMS"
    records = [json.loads(line) for line in
               (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "export" and count == len(records) - 1
    assert incident["id"] in {r["id"] for r in records if r["type"] == "incident"}
    assert {r["id"] for r in records if r["type"] == "document"} == documents
    shas = {r["source"]["sha256"] for r in records if r["type"] == "document"}
    assert {p.name for p in (tmp_path / "out" / "evidence").iterdir()} == shas
    custody = [json.loads(line) for line in
               (tmp_path / "out" / "custody.jsonl").read_text(encoding="utf-8").splitlines()]
    assert shas <= {row["sha256"] for row in custody}
    assert all(row["action"] and row["at"] for row in custody)
    with pytest.raises(DocketError, match="remove it first"):
        export_bundle(filled, path, [incident["id"]])


def test_bundle_without_incidents_takes_documents_with_events(
    filled: Ledger, tmp_path: Path
) -> None:
    path = tmp_path / "all.zip"
    export_bundle(filled, path)
    manifest = _verify_bundle(path, tmp_path / "all")
    assert set(manifest["documents"]) == {e["document"] for e in filled.event_records()}
    with pytest.raises(DocketError, match="no incident inc_nope"):
        export_bundle(filled, tmp_path / "none.zip", ["inc_nope"])
    assert not (tmp_path / "none.zip").exists()


def test_every_format_is_registered_for_the_cli() -> None:
    assert set(EXPORT_FORMATS) == {"jsonl", "acled-csv", "geojson", "ftm", "datasette",
                                   "bundle"}
    assert not EXPORT_FORMATS["bundle"].stream and EXPORT_FORMATS["geojson"].stream
