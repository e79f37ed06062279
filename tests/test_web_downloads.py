"""Exports from the workbench: the incident table's filters, as files."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web import downloads
from docket.web.app import SECURITY_HEADERS, create_app
from docket.workflows.runner import ingest_paths


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
        root = "docket-evidence-bundle"  # a BagIt bag, in a folder named as the download
        for manifest in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
            for line in archive.read(f"{root}/{manifest}").decode().splitlines():
                digest, name = line.split(maxsplit=1)
                assert hashlib.sha256(archive.read(f"{root}/{name}")).hexdigest() == digest
        assert json.loads(archive.read(f"{root}/data/manifest.json"))
    assert client.get("/export?format=exe").status_code == 400


def test_worker_processes_build_the_app_from_the_environment(
        settings: Settings, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docket.web.app import app_from_environment

    _client(settings, examples)  # a ledger with documents
    monkeypatch.setenv("DOCKET_DB", str(settings.db))
    client = TestClient(app_from_environment())
    assert "Kivsharivka" in client.get("/search?q=Kivsharivka").text


@pytest.mark.parametrize(("query", "named"), [
    ("format=exe", "format"), ("format=jsonl&since=yesterday", "since"),
    ("format=acled-csv&min_sources=two", "min_sources"),
    ("format=geojson&category=rocketry", "category"),
])
def test_a_malformed_export_filter_is_refused_not_dropped(
        settings: Settings, examples: Path, query: str, named: str) -> None:
    # Before, a bad filter was dropped and the whole ledger was exported (issue 14).
    response = _client(settings, examples).get(f"/export?{query}")
    assert response.status_code == 400
    assert "content-disposition" not in response.headers  # no file at all
    assert f"Cannot use the filter &#39;{named}&#39;" in response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_other_requests_are_answered_while_an_export_is_built(
        settings: Settings, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _client(settings, examples).app
    building, release = threading.Event(), threading.Event()
    build = downloads._build

    def held_build(*args: Any) -> bytes:
        building.set()
        # On the event loop this would hold every other request until the timeout.
        assert release.wait(10), "the export was never released"
        return build(*args)

    monkeypatch.setattr(downloads, "_build", held_build)

    async def scenario() -> tuple[httpx.Response, bool, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://docket") as web:
            export = asyncio.ensure_future(web.get("/export?format=jsonl"))
            await asyncio.to_thread(building.wait, 10)
            page = await web.get("/static/app.css")
            still_building = not export.done()
            release.set()
            return page, still_building, await export

    page, still_building, export = asyncio.run(scenario())
    assert page.status_code == 200 and still_building
    assert export.status_code == 200 and export.text.count("\n") > 10
