"""Exports from the workbench: the incident table's filters, as files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from docket.ledger.store import Ledger
from docket.runner import ingest_paths
from docket.settings import Settings
from docket.web.app import create_app


def _client(settings: Settings, examples: Path) -> TestClient:
    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [examples], settings)
    return TestClient(create_app(settings))


def test_incident_table_offers_downloads_with_its_filters(settings: Settings,
                                                          examples: Path) -> None:
    client = _client(settings, examples)
    page = client.get("/incidents?category=air_strike")
    assert 'href="/export?format=acled-csv&amp;category=air_strike"' in page.text
    rows = list(csv.DictReader(io.StringIO(
        client.get("/export?format=acled-csv&category=air_strike").text)))
    assert rows and "air_strike" in {r["category"] for r in rows}
    everything = list(csv.DictReader(io.StringIO(client.get("/export?format=acled-csv").text)))
    assert len(rows) < len(everything)
    geo = client.get("/export?format=geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_bundle_download_verifies_and_bad_format_is_refused(settings: Settings,
                                                             examples: Path) -> None:
    client = _client(settings, examples)
    response = client.get("/export?format=bundle&category=shelling")
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for line in archive.read("SHA256SUMS").decode().splitlines():
            digest, name = line.split(maxsplit=1)
            assert hashlib.sha256(archive.read(name.lstrip("*"))).hexdigest() == digest
        assert json.loads(archive.read("manifest.json"))
    assert client.get("/export?format=exe").status_code == 400


def test_worker_processes_build_the_app_from_the_environment(
        settings: Settings, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docket.web.app import app_from_environment

    _client(settings, examples)  # a ledger with documents
    monkeypatch.setenv("DOCKET_DB", str(settings.db))
    client = TestClient(app_from_environment())
    assert "Kivsharivka" in client.get("/search?q=Kivsharivka").text
