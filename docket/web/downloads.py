"""Exports from the workbench: the incident table's filters, as files to take elsewhere.

`GET /export?format=…&category=…&side=…` gives the same files as `docket export` with the same
incident filters (docket/ledger/incident_filter.py): JSON Lines, ACLED-style CSV, GeoJSON,
FollowTheMoney, a Datasette SQLite file (zipped with its metadata) or an evidence bundle.
Read-only: the ledger is opened read-only and files are built in a temporary folder.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from docket.errors import DocketError
from docket.ledger.incident_filter import IncidentSelection, incident_documents
from docket.ledger.store import DocumentFilter, Ledger
from docket.settings import Settings

# format -> (media type, file name)
DOWNLOADS = {
    "jsonl": ("application/x-ndjson", "docket.jsonl"),
    "acled-csv": ("text/csv", "docket-events.csv"),
    "geojson": ("application/geo+json", "docket-incidents.geojson"),
    "ftm": ("application/x-ndjson", "docket-ftm.jsonl"),
    "datasette": ("application/zip", "docket-datasette.zip"),
    "bundle": ("application/zip", "docket-evidence-bundle.zip"),
}


def download_routes() -> list[BaseRoute]:
    return [Route("/export", export_download)]


def _selection(request: Request) -> IncidentSelection:
    q = request.query_params
    try:
        sources = int(q.get("min_sources") or 0)
    except ValueError:
        sources = 0
    return IncidentSelection(q.get("category") or None, q.get("side") or None,
                             q.get("verification") or None, q.get("since") or None,
                             q.get("until") or None, q.get("place") or None, sources)


async def export_download(request: Request) -> Response:
    fmt = request.query_params.get("format", "jsonl")
    if fmt not in DOWNLOADS:
        return PlainTextResponse(f"unknown format; one of {', '.join(DOWNLOADS)}", 400)
    settings: Settings = request.app.state.settings
    try:
        data = _build(settings, fmt, _selection(request))
    except DocketError as exc:
        return PlainTextResponse(str(exc), 400)
    media, name = DOWNLOADS[fmt]
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _build(settings: Settings, fmt: str, selection: IncidentSelection) -> bytes:
    from docket.ledger import formats
    from docket.ledger.export import export_jsonl

    with Ledger.open(settings, readonly=True) as ledger:
        flt = DocumentFilter()
        if selection.active:
            flt = replace(flt, ids=incident_documents(ledger, selection))
        if fmt in ("jsonl", "acled-csv", "geojson", "ftm"):
            writer = {"jsonl": export_jsonl, "acled-csv": formats.export_acled_csv,
                      "geojson": formats.export_geojson, "ftm": formats.export_ftm}[fmt]
            text = io.StringIO(newline="" if fmt == "acled-csv" else None)
            writer(ledger, text, flt)
            return text.getvalue().encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            if fmt == "bundle":
                path = Path(tmp) / "bundle.zip"
                formats.export_bundle(ledger, path, (), flt)
                return path.read_bytes()
            path = Path(tmp) / "docket.db"
            formats.export_datasette(ledger, path, flt)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(path, "docket.db")
                archive.write(formats.metadata_path(path), "docket.metadata.json")
            return out.getvalue()
