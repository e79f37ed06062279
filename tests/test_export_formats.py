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
    """Unzip the bundle, validate it as a BagIt bag with the `bagit` library and with
    `sha256sum -c`, and return Docket's own manifest."""
    bagit = pytest.importorskip("bagit")  # in the `test` extra: CI always has it
    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
        root = names[0].split("/")[0]
        assert all(n.startswith(f"{root}/") for n in names)  # one folder: RFC 8493 section 4
        for info in bundle.infolist():
            mode = info.external_attr >> 16
            assert mode == (0o40755 if info.is_dir() else 0o100644), (info.filename, oct(mode))
        bundle.extractall(target)
    bag_dir = target / root
    bagit.Bag(str(bag_dir)).validate()  # raises BagValidationError on any mismatch
    for evidence in (bag_dir / "data" / "evidence").iterdir():
        assert hashlib.sha256(evidence.read_bytes()).hexdigest() == evidence.name
    listed = {line.split("  ", 1)[1] for line in
              (bag_dir / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()}
    stored = {str(p.relative_to(bag_dir)) for p in (bag_dir / "data").rglob("*") if p.is_file()}
    assert listed == stored
    if shutil.which("sha256sum"):
        for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
            subprocess.run(["sha256sum", "--check", "--quiet", "--strict", manifest],
                           cwd=bag_dir, check=True)
    return json.loads((bag_dir / "data" / "manifest.json").read_text(encoding="utf-8"))


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
    assert manifest["verify"] == "sha256sum -c manifest-sha256.txt"
    data = tmp_path / "out" / "bundle" / "data"
    records = [json.loads(line) for line in
               (data / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "export" and count == len(records) - 1
    assert incident["id"] in {r["id"] for r in records if r["type"] == "incident"}
    assert {r["id"] for r in records if r["type"] == "document"} == documents
    shas = {r["source"]["sha256"] for r in records if r["type"] == "document"}
    assert {p.name for p in (data / "evidence").iterdir()} == shas
    custody = [json.loads(line) for line in
               (data / "custody.jsonl").read_text(encoding="utf-8").splitlines()]
    assert shas <= {row["sha256"] for row in custody}
    assert all(row["action"] and row["at"] and len(row["entry_hash"]) == 64 for row in custody)
    info = (tmp_path / "out" / "bundle" / "bag-info.txt").read_text(encoding="utf-8")
    head = filled._conn.execute(
        "SELECT entry_hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert f"Docket-Custody-Head: {head}" in info and "Payload-Oxum: " in info
    readme = (tmp_path / "out" / "bundle" / "README.txt").read_text(encoding="utf-8")
    assert "What this bundle proves" in readme and "What it does not prove" in readme
    assert "it is not signed" in readme
    with pytest.raises(DocketError, match="remove it first"):
        export_bundle(filled, path, [incident["id"]])


def test_a_changed_byte_in_a_bundle_fails_bagit_and_sha256sum(
    filled: Ledger, tmp_path: Path
) -> None:
    bagit = pytest.importorskip("bagit")
    path = tmp_path / "case.zip"
    export_bundle(filled, path)
    with zipfile.ZipFile(path) as bundle:
        bundle.extractall(tmp_path)
    bag_dir = tmp_path / "case"
    victim = sorted((bag_dir / "data" / "evidence").iterdir())[0]
    victim.write_bytes(victim.read_bytes()[:-1] + b"#")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_dir)).validate()
    if shutil.which("sha256sum"):
        checked = subprocess.run(["sha256sum", "--check", "--quiet", "manifest-sha256.txt"],
                                 cwd=bag_dir, capture_output=True, text=True, check=False)
        assert checked.returncode == 1 and victim.name in checked.stdout


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_gives_bundle_files_mode_0644(filled: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "modes.zip"
    export_bundle(filled, path)
    subprocess.run(["unzip", "-q", str(path), "-d", str(tmp_path / "x")], check=True)
    files = [p for p in (tmp_path / "x").rglob("*") if p.is_file()]
    assert files and {p.stat().st_mode & 0o777 for p in files} == {0o644}


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="OpenSSH's ssh-keygen is absent")
def test_a_signed_bundle_verifies_with_the_command_in_its_readme(
    filled: Ledger, tmp_path: Path
) -> None:
    key = tmp_path / "analyst_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "analyst", "-f",
                    str(key)], check=True)
    path = tmp_path / "signed.zip"
    export_bundle(filled, path, sign_key=key)
    _verify_bundle(path, tmp_path / "out")
    bag_dir = tmp_path / "out" / "signed"
    readme = (bag_dir / "README.txt").read_text(encoding="utf-8")
    public = (tmp_path / "analyst_key.pub").read_text(encoding="utf-8").split()
    assert f"{public[0]} {public[1]}" in readme
    assert (bag_dir / "signer.pub").read_text(encoding="utf-8").split()[:2] == public[:2]
    [command] = [line.strip() for line in readme.splitlines()
                 if line.strip().startswith("ssh-keygen -Y verify")]
    args, _, stdin = command.partition(" < ")
    good = subprocess.run(args.split(), cwd=bag_dir, stdin=(bag_dir / stdin).open("rb"),
                          capture_output=True, text=True, check=False)
    assert good.returncode == 0 and "Good" in good.stdout + good.stderr
    # A changed manifest no longer matches the signature.
    manifest = bag_dir / "tagmanifest-sha256.txt"
    manifest.write_bytes(manifest.read_bytes().replace(b"  ", b" *", 1))
    bad = subprocess.run(args.split(), cwd=bag_dir, stdin=manifest.open("rb"),
                         capture_output=True, text=True, check=False)
    assert bad.returncode != 0
    with pytest.raises(DocketError, match="no signing key"):
        export_bundle(filled, tmp_path / "x.zip", sign_key=tmp_path / "nokey")
    # The command line: the same, and --sign-key only with a bundle.
    from click.testing import CliRunner

    from docket.cli import main

    db = str(filled.settings.db)
    done = CliRunner().invoke(main, ["export", "--db", db, "--format", "bundle", "--out",
                                     str(tmp_path / "cli.zip"), "--sign-key", str(key)])
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(tmp_path / "cli.zip") as bundle:
        assert "cli/tagmanifest-sha256.txt.sig" in bundle.namelist()
    refused = CliRunner().invoke(main, ["export", "--db", db, "--format", "jsonl",
                                        "--sign-key", str(key)])
    assert refused.exit_code == 2 and "--sign-key signs an evidence bundle" in refused.output


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
