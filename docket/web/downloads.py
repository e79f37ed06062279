"""Exports from the workbench: the incident table's filters, as files to take elsewhere.

`GET /export?format=…&category=…&side=…` gives the same files as `docket export` with the same
incident filters (docket/ledger/incident_filter.py), checked as the incident table checks them
(a malformed one is refused with 400, `filters.py`): JSON Lines, ACLED-style CSV, GeoJSON,
FollowTheMoney, a Datasette SQLite file (zipped with its metadata) or an evidence bundle.
Read-only: the ledger is opened read-only and files are built in a temporary folder, in a
worker thread so that other requests are answered while an export is made.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from docket.errors import DocketError
from docket.ledger.incident_filter import IncidentSelection, incident_documents
from docket.ledger.store import DocumentFilter, Ledger
from docket.ledger.views import IncidentFilter, incident_choices
from docket.settings import Settings
from docket.web.filters import incident_filter, refuse

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


def _selection(flt: IncidentFilter) -> IncidentSelection:
    return IncidentSelection(flt.category or None, flt.side or None, flt.verification or None,
                             flt.since or None, flt.until or None, flt.place or None,
                             flt.min_sources)


async def export_download(request: Request) -> Response:
    fmt = request.query_params.get("format", "jsonl")
    if fmt not in DOWNLOADS:
        raise refuse("format", f"{fmt[:60]!r} is not an export format; one of "
                               f"{', '.join(DOWNLOADS)}.")
    settings: Settings = request.app.state.settings
    try:
        # Built in a worker thread: a large export takes a while, and the event loop keeps
        # answering other requests meanwhile.
        data = await run_in_threadpool(_build, settings, fmt, request.query_params)
    except DocketError as exc:
        raise HTTPException(400, str(exc)) from exc
    media, name = DOWNLOADS[fmt]
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _build(settings: Settings, fmt: str, params: Mapping[str, str]) -> bytes:
    """The export file in `fmt` for the incident filters in `params` (checked first: a
    malformed one raises the 400 that names it)."""
    from docket.ledger import formats
    from docket.ledger.export import export_jsonl

    with Ledger.open(settings, readonly=True) as ledger:
        selection = _selection(incident_filter(params, lambda: incident_choices(ledger)))
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
                path = Path(tmp) / DOWNLOADS["bundle"][1]  # the bag's folder is named after it
                formats.export_bundle(ledger, path, (), flt)
                return path.read_bytes()
            path = Path(tmp) / "docket.db"
            formats.export_datasette(ledger, path, flt)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(path, "docket.db")
                archive.write(formats.metadata_path(path), "docket.metadata.json")
            return out.getvalue()
