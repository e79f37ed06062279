"""Exports loaded by the real tools that read them (issue 17): the `followthemoney` library and
its `ftm` command line, and Datasette. Both are in the `test` extra, so CI runs these; a
developer without them gets a skip naming the package."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from docket.errors import DocketError
from docket.ledger.export_datasette import export_datasette, metadata_path
from docket.ledger.export_ftm import docket_id, export_ftm, ftm_id
from docket.ledger.periods import period
from docket.ledger.store import Ledger

# -- FollowTheMoney ----------------------------------------------------------------------------


def _ftm_lines(ledger: Ledger) -> list[dict[str, Any]]:
    out = io.StringIO()
    export_ftm(ledger, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _followthemoney() -> Any:
    """The library, or a skip where it is not installed (it is the `ftm` extra: its PyICU
    builds from source against ICU's development files). CI installs it and sets
    DOCKET_REQUIRE_FTM, so there a missing library fails instead of skipping."""
    if os.environ.get("DOCKET_REQUIRE_FTM"):
        import followthemoney

        return followthemoney
    return pytest.importorskip("followthemoney")


def _references(entity: Any) -> list[tuple[str, str]]:
    """(property, target id) of every reference an FtM proxy holds."""
    return [(prop.name, value) for prop, value in entity.itervalues()
            if prop.type.name == "entity"]


def test_followthemoney_keeps_every_value_and_reference(filled: Ledger) -> None:
    model = _followthemoney().model
    lines = _ftm_lines(filled)
    by_id = {line["id"]: line for line in lines}
    assert len(by_id) == len(lines) > 0
    references = 0
    for line in lines:
        raw = model.get_proxy(line, cleaned=False)
        clean = raw.clone()  # what `ftm validate` does: every value set again, through its type
        for prop in raw.iterprops():
            clean.set(prop, raw.get_prop(prop))
        assert clean.id == line["id"]
        for name, values in line["properties"].items():
            assert sorted(clean.get(name)) == sorted(values), (line["schema"], name, values)
        for name, target in _references(clean):
            references += 1
            range_ = model.get(line["schema"]).get(name).range
            assert target in by_id, f"{line['id']}.{name} points at {target}, not exported"
            assert model.get(by_id[target]["schema"]).is_a(range_)
    proofs = [line for line in lines if "proof" in line["properties"]]
    assert references > len(proofs) > 0
    assert {"Article", "Person", "Address", "Event"} <= {line["schema"] for line in lines}


def test_followthemoney_aggregation_keeps_ids_and_references(filled: Ledger) -> None:
    ftm = _followthemoney()
    from followthemoney.entity import ValueEntity
    from followthemoney.namespace import Namespace

    lines = _ftm_lines(filled)
    namespace, merged = Namespace(None), {}  # as `ftm aggregate` does
    for line in lines + lines:  # every fragment twice: aggregation merges them back into one
        entity = namespace.apply(ValueEntity.from_dict(line))
        if entity.id in merged:
            merged[entity.id].merge(entity)
        else:
            merged[entity.id] = entity
    assert set(merged) == {line["id"] for line in lines}
    before = sum(len(_references(ftm.model.get_proxy(line))) for line in lines)
    assert sum(len(_references(e)) for e in merged.values()) == before > 0


def test_ftm_command_line_validates_and_aggregates_the_export(filled: Ledger,
                                                              tmp_path: Path) -> None:
    _followthemoney()
    from followthemoney.cli.cli import cli as ftm

    path = tmp_path / "docket.ftm.json"
    lines = _ftm_lines(filled)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    runner = CliRunner()
    refs = sum(len(v) for line in lines for k, v in line["properties"].items()
               if k in ("proof", "addressEntity", "involved"))
    for command in ("validate", "aggregate"):
        target = tmp_path / f"{command}.json"
        result = runner.invoke(ftm, [command, "-i", str(path), "-o", str(target)])
        assert result.exit_code == 0, result.output
        out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert {e["id"] for e in out} == {line["id"] for line in lines}, command
        assert sum(len(v) for e in out for k, v in e["properties"].items()
                   if k in ("proof", "addressEntity", "involved")) == refs, command


def test_ftm_ids_map_back_to_docket_ids_and_hashes_are_sha1(filled: Ledger) -> None:
    lines = _ftm_lines(filled)
    documents = {doc.id: doc for doc in filled.iter_documents()}
    for line in lines:
        original = docket_id(line["id"])
        assert ftm_id(original) == line["id"] and "_" not in line["id"]
        assert f"Docket id: {original}" in line["properties"]["notes"]
        if line["schema"] == "Article":
            doc = documents[original]
            data = filled.evidence.read(doc.source.sha256)
            assert line["properties"]["contentHash"] == [hashlib.sha1(data).hexdigest()]
            assert f"sha256: {doc.source.sha256}" in line["properties"]["notes"]


def test_ftm_export_refuses_altered_evidence(filled: Ledger,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filled.evidence, "read", lambda sha256: b"words nobody wrote")
    with pytest.raises(DocketError, match="altered"):
        export_ftm(filled, io.StringIO())


# -- Datasette ---------------------------------------------------------------------------------


def _datasette_get(path: Path, *urls: str) -> list[Any]:
    """The JSON of each URL, from Datasette serving the export with its metadata, in-process."""
    datasette_app = pytest.importorskip("datasette.app")
    metadata = json.loads(metadata_path(path).read_text(encoding="utf-8"))
    ds = datasette_app.Datasette([str(path)], metadata=metadata)

    async def fetch() -> list[Any]:
        await ds.invoke_startup()
        answers = []
        for url in urls:
            response = await ds.client.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            answers.append(response.json())
        return answers

    return asyncio.run(fetch())


def test_datasette_facets_and_sorts_events_on_iso_dates(filled: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    export_datasette(filled, path)
    events = [e for e in filled.event_records() if (e.get("date") or {}).get("value")]
    year = next(e for e in events if e["date"]["value"] == "2014")  # "since 2014", a year
    facets, only_year, latest = _datasette_get(
        path, "/ledger/events.json?_size=0&_facet_size=max",  # the metadata's facets
        f"/ledger/events.json?_shape=objects&date_start={year['date']['value']}-01-01&_col=date",
        "/ledger/events.json?_shape=objects&_sort_desc=date_start&_size=1&_col=date_start")
    counts = {r["value"]: r["count"] for r in facets["facet_results"]["date_start"]["results"]}
    # every dated event is in the date facet, at the first day of its period (a season, a
    # month, a week or a year too, not only days); a year is never read as a day count
    expected: dict[str, int] = {}
    for event in events:
        start = period(event["date"]["value"], event["date"]["precision"])
        if start:
            expected[start[0].isoformat()] = expected.get(start[0].isoformat(), 0) + 1
    assert counts == expected
    assert {"2014-01-01", "2022-03-01"} <= set(counts)  # a year and a spring
    assert [r["date"] for r in only_year["rows"]] == [year["date"]["value"]]
    assert latest["rows"][0]["date_start"] == max(counts)


def test_datasette_searches_documents_and_describes_every_column(filled: Ledger,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    export_datasette(filled, path)
    word = "landmines"
    wanted = {d.id for d in filled.iter_documents()
              if word in " ".join(filter(None, (d.title, d.outlet, d.byline, d.text))).lower()}
    found, meta, table = _datasette_get(
        path, f"/ledger/documents.json?_search={word}&_shape=objects&_col=title",
        "/-/metadata.json", "/ledger/events.json?_size=0")
    assert wanted and {r["id"] for r in found["rows"]} == wanted
    tables = meta["databases"]["ledger"]["tables"]
    conn = sqlite3.connect(path)
    for name, described in tables.items():
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({name})")}
        assert set(described["columns"]) == columns and all(described["columns"].values())
        assert described["description"]
    conn.close()
    assert "publisher's terms" in meta["license"] and "Docket" in meta["source"]
    assert table["license"] == meta["license"] and table["source"] == meta["source"]


def _gdal(tool: str) -> str:
    """A GDAL command-line tool, or a skip where Debian's gdal-bin is not installed (CI
    installs it and sets DOCKET_REQUIRE_GDAL, so there a missing tool fails)."""
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("DOCKET_REQUIRE_GDAL"):
            raise AssertionError(f"{tool} (gdal-bin) is required here")
        pytest.skip(f"{tool} (Debian's gdal-bin) is not installed")
    return found


def test_gdal_reads_the_geojson_and_writes_a_geopackage_without_a_warning(
        filled: Ledger, tmp_path: Path) -> None:
    import subprocess

    from docket.ledger.export_geojson import export_geojson

    path = tmp_path / "incidents.geojson"
    with path.open("w", encoding="utf-8") as out:
        count = export_geojson(filled, out)
    info = subprocess.run([_gdal("ogrinfo"), "-so", "-al", str(path)], capture_output=True,
                          text=True, check=True).stdout
    assert f"Feature Count: {count}" in info and "Geometry: Point" in info
    assert 'ID["EPSG",4326]' in info  # WGS 84, as RFC 7946 says
    assert "event_count: Integer" in info and "List" not in info
    package = tmp_path / "incidents.gpkg"
    written = subprocess.run([_gdal("ogr2ogr"), "-f", "GPKG", str(package), str(path)],
                             capture_output=True, text=True, check=True)
    assert "Warning" not in written.stderr + written.stdout
    check = subprocess.run([_gdal("ogrinfo"), "-so", "-al", str(package)], capture_output=True,
                           text=True, check=True).stdout
    assert f"Feature Count: {count}" in check
