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
from pathlib import Path

import acled_codebook  # the reader written to ACLED's codebook (tests/acled_codebook.py)
import pytest
from click.testing import CliRunner

from docket.cli import main
from docket.errors import DocketError
from docket.ledger.export_csv import (
    LeftOut,
    acled_actor,
    countries,
    disorder_type,
    interaction,
    why_left_out,
)
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
from docket.ledger.periods import period
from docket.ledger.store import DocumentFilter, Ledger


def _csv_rows(ledger: Ledger, flt: DocumentFilter | None = None,
              left_out: list[LeftOut] | None = None) -> tuple[int, list[dict]]:
    out = io.StringIO(newline="")
    sink = left_out.append if left_out is not None else None
    count = export_acled_csv(ledger, out, flt, sink)
    return count, list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_acled_csv_has_acled_columns_first_then_one_row_per_event(filled: Ledger) -> None:
    events = {e["id"]: e for e in filled.event_records()}
    left_out: list[LeftOut] = []
    count, rows = _csv_rows(filled, left_out=left_out)
    assert count == len(rows) > 0
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert list(CSV_COLUMNS[:31]) == list(acled_codebook.COLUMNS)
    # every event is a row or is listed as left out, never both, never neither
    listed = {item.event_id for item in left_out}
    assert {r["event_id"] for r in rows} | listed == set(events)
    assert not listed & {r["event_id"] for r in rows}
    assert {item.reason for item in left_out} <= {"no date", "no place",
                                                  "no ACLED event type (unclassified)"}
    for row in rows:
        event = events[row["event_id"]]
        # the evidence sentence survives quoting (commas, quotes, line breaks) intact
        assert row["notes"] == " ".join(event["evidence"][0]["text"].split())
        stated = event["fatalities"]
        assert row["fatalities"] == str(stated or 0)  # ACLED: 0 when not stated
        assert row["fatalities_stated"] == ("not stated" if stated is None else str(stated))
        assert row["date_as_stated"] == event["date"]["value"]
        assert row["event_id_cnty"].endswith("-" + event["id"])
        assert row["modality"] in {"asserted", "alleged", "reported", "hypothetical", "negated"}
        assert row["aggregate"] in {"true", "false"}
        assert row["claimant"] or row["claimant_kind"] == "outlet"
    # negated and hypothetical events are rows too, marked by their modality
    assert {r["modality"] for r in rows} & {"negated", "hypothetical"}
    assert any(r["incident_id"].startswith("inc_") for r in rows)
    assert any(r["source"] for r in rows)


def test_acled_csv_reads_back_with_a_reader_written_to_acleds_codebook(filled: Ledger) -> None:
    _, rows = _csv_rows(filled)
    out = io.StringIO(newline="")
    export_acled_csv(filled, out)
    read = list(acled_codebook.read_acled(io.StringIO(out.getvalue(), newline="")))
    assert len(read) == len(rows)
    events = {e["id"]: e for e in filled.event_records()}
    for acled in read:
        event = events[acled.extra["event_id"]]
        first, _ = period(event["date"]["value"], event["date"]["precision"]) or (None, None)
        assert acled.event_date == first  # a coarser date is its period's first day
        assert acled.time_precision == {"day": 1, "week": 2}.get(event["date"]["precision"], 3)
        assert acled.fatalities == (event["fatalities"] or 0)
        if event["victims"]["status"] == "civilians":
            assert acled.actor2 == f"Civilians ({acled.country})" and acled.inter2 == 7
            assert acled.civilian_targeting
    by_side = {(a.extra["actor1_side"], a.country): (a.actor1, a.inter1) for a in read}
    # ACLED's actor names; state forces abroad are its external forces (8)
    assert by_side[("Russia", "Ukraine")] == ("Military Forces of Russia (2000-)", 8)
    assert by_side[("Ukraine", "Ukraine")] == ("Military Forces of Ukraine (2019-)", 1)
    assert {a.iso for a in read if a.country == "Ukraine"} == {804}
    assert {a.region for a in read if a.country in ("Ukraine", "Russia")} == {"Europe"}
    # a month is coded as its first day with time precision 3
    months = [a for a in read if a.extra["date_precision"] == "month"]
    assert months and all(a.event_date.day == 1 and a.time_precision == 3 for a in months)


def test_acled_actors_follow_acleds_names_and_inter_codes() -> None:
    ukraine, russia = countries()["UA"], countries()["RU"]
    assert (ukraine.name, ukraine.iso3, ukraine.numeric) == ("Ukraine", "UKR", "804")
    assert acled_actor({"side": "Russia"}, ukraine) == ("Military Forces of Russia (2000-)", 8)
    assert acled_actor({"side": "Russia"}, russia) == ("Military Forces of Russia (2000-)", 1)
    assert acled_actor({"side": "Ukraine"}, russia) == ("Military Forces of Ukraine (2019-)", 8)
    assert acled_actor({"side": "DPR"}, ukraine) == ("NAF: United Armed Forces of Novorossiya", 2)
    assert acled_actor({"side": "Russia", "status": "civilians"}, ukraine) == (
        "Civilians (Ukraine)", 7)
    assert acled_actor({"side": "unknown", "text": {"text": "gunmen"}}, ukraine) == ("", 0)
    assert acled_actor({"side": "Ukraine", "status": "people"}, ukraine) == ("", 0)
    assert interaction(8, 7) == 78 and interaction(1, 8) == 18 and interaction(8, 0) == 80
    assert interaction(0, 7) == 0
    assert disorder_type("Explosions/Remote violence", "Air/drone strike") == "Political violence"
    assert disorder_type("Protests", "Excessive force against protesters") == (
        "Political violence; Demonstrations")
    assert disorder_type("Strategic developments", "Other") == "Strategic developments"


def test_acled_csv_leaves_out_events_without_a_date_or_place() -> None:
    place = {"name": "Kupiansk", "lat": 49.7, "lon": 37.6}
    acled = {"event_type": "Battles"}
    assert why_left_out({"date": None, "location": place, "acled": acled}) == "no date"
    decade = {"value": "201", "precision": "decade"}
    assert why_left_out({"date": decade, "location": place, "acled": acled}).startswith(
        "date coarser than a year")
    day = {"value": "2023-04-12", "precision": "day"}
    assert why_left_out({"date": day, "location": None, "acled": acled}) == "no place"
    assert why_left_out({"date": day, "location": {"name": "Nowhere"}, "acled": acled})
    assert why_left_out({"date": day, "location": place, "acled": acled}) is None
    year = {"value": "2014", "precision": "year"}
    assert why_left_out({"date": year, "location": place, "acled": acled}) is None


def test_docket_eval_reads_dockets_own_acled_export(filled: Ledger, tmp_path: Path,
                                                    cli: CliRunner) -> None:
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        export_acled_csv(filled, handle)
    result = cli.invoke(main, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    forces = next(line for line in result.output.splitlines()
                  if line.strip().startswith("actor1 names forces"))
    named = int(forces.split()[3])
    assert named == sum(1 for r in _csv_rows(filled)[1] if r["actor1"].startswith(
        ("Military Forces of", "NAF:")))
    assert named > 0


def test_export_command_lists_the_events_it_leaves_out(filled: Ledger, tmp_path: Path,
                                                      cli: CliRunner) -> None:
    left_out: list[LeftOut] = []
    _csv_rows(filled, left_out=left_out)
    out = tmp_path / "events.csv"
    result = cli.invoke(main, ["export", "--db", str(filled.settings.db), "--format",
                               "acled-csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    side = tmp_path / "events.left-out.csv"
    with side.open(encoding="utf-8", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert [(r["event_id"], r["reason"]) for r in listed] == [
        (item.event_id, item.reason) for item in left_out]
    assert left_out and all(item.event_id in result.output for item in left_out)


def test_period_of_every_precision() -> None:
    from datetime import date

    assert period("2023-04-12", "day") == (date(2023, 4, 12), date(2023, 4, 12))
    assert period("2023-W15", "week") == (date(2023, 4, 10), date(2023, 4, 16))
    assert period("2023-W15-WE", "week") == (date(2023, 4, 15), date(2023, 4, 16))
    assert period("2024-02", "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period("2023-Q4", "quarter") == (date(2023, 10, 1), date(2023, 12, 31))
    assert period("2023-H1", "half") == (date(2023, 1, 1), date(2023, 6, 30))
    assert period("2022-WI", "season") == (date(2022, 12, 1), date(2023, 2, 28))
    assert period("2014", "year") == (date(2014, 1, 1), date(2014, 12, 31))
    assert period("199", "decade") == (date(1990, 1, 1), date(1999, 12, 31))
    assert period("2023-13", "month") is None and period(None, "day") is None


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
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
              if not row[0].startswith("documents_fts")}  # the full-text index and its tables
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
    assert "publisher's terms" in meta["license"]
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
