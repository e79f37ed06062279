"""The workbench's read pages: overview, search, incidents, stories, entities, documents.

Each handler opens the ledger read-only for the request (a reader never holds the writer's
lock, so pages keep answering while an ingest runs), gathers the stored records the page shows
(`queries`) and renders a template. Handlers are plain functions: Starlette runs them in its
thread pool, so SQLite's blocking calls never stall the event loop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from docket.errors import EvidenceError
from docket.ledger import views as q
from docket.ledger.browse import LISTINGS, incident_headlines, story_headlines
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web import browse, filters
from docket.web.auth import current_user
from docket.web.highlight import document_html
from docket.web.templating import render
from docket.web.titles import incident_title, story_title
from docket.workflows.search_index import fold_query, person_keys, place_keys
from docket.workflows.stories import story_view


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@contextmanager
def _reading(request: Request) -> Iterator[Ledger]:
    with Ledger.open(_settings(request), readonly=True) as ledger:
        yield ledger


def _not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"No {what} with id {ident!r} in this ledger.")


# -- overview -----------------------------------------------------------------------------------


def _run_row(row: Any) -> dict[str, Any]:
    run = dict(row)
    run["counts"] = json.loads(run.get("counts") or "{}")
    run["errors"] = json.loads(run.get("errors") or "[]")
    return run


def overview(request: Request) -> Response:
    with _reading(request) as ledger:
        stats = ledger.stats()
        runs = [_run_row(r) for r in ledger.runs(20)]
    return render(request, "overview.html", stats=stats, runs=runs)


# -- search --------------------------------------------------------------------------------------


def snippet_html(snippet: str) -> Markup:
    """An FTS snippet as HTML: the text escaped, the matched words in <b>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(q.SNIPPET_OPEN, "<b>").replace(q.SNIPPET_CLOSE, "</b>"))


def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    with _reading(request) as ledger:
        result = q.search(ledger, query, folded=fold_query(query),
                          entity_keys=place_keys(query), person_keys=person_keys(query))
        docs = q.document_rows(ledger, sorted({r["document"] for r in
                                               (*result.claims, *result.events)}))
        incident_of = q.incidents_of_events(ledger, [e["id"] for e in result.events])
    snippets = {d.id: snippet_html(d.snippet) for d in result.documents}
    return render(request, "search.html", q=query, result=result, snippets=snippets,
                  docs=docs, incident_of=incident_of)


# -- incidents ------------------------------------------------------------------------------------

def incident_filter(request: Request, ledger: Ledger) -> q.IncidentFilter:
    """The table's filters from the query string; a malformed one is refused (400)."""
    return filters.incident_filter(request.query_params, lambda: q.incident_choices(ledger))


# The timeline's drawing box: bars share the width, the tallest bar fills the height.
TIMELINE_WIDTH, TIMELINE_HEIGHT = 800, 120


# Up to this many days the timeline has a bar per day, days without incidents drawn as gaps.
# Beyond it a day's bar would be thinner than a pixel of the drawing, and drawing a thousand bars
# made the incident page several times slower on a large ledger (bench/web_load.py), so the
# bars count months instead; a bar's label ("2023-04") is a date prefix the filters accept.
_MAX_DAY_BARS = 366


def _with_empty_days(days: list[tuple[str, int]]) -> list[tuple[str, int]]:
    try:
        first, last = date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0])
    except ValueError:
        return days
    span = (last - first).days
    if span > _MAX_DAY_BARS:
        return _by_month(days)
    counts = dict(days)
    return [(d, counts.get(d, 0)) for d in
            ((first + timedelta(n)).isoformat() for n in range(span + 1))]


def _by_month(days: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Incidents per month, every month from the first to the last, empty ones as gaps."""
    counts: dict[str, int] = {}
    for day, count in days:
        counts[day[:7]] = counts.get(day[:7], 0) + count
    year, month = int(days[0][0][:4]), int(days[0][0][5:7])
    last = days[-1][0][:7]
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append((key, counts.get(key, 0)))
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def timeline_bars(days: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """One SVG bar per day (per month over long ranges) from the first to the last day with
    incidents: position and size."""
    if not days:
        return []
    days = _with_empty_days(days)
    top = max(count for _, count in days)
    width = TIMELINE_WIDTH / len(days)
    bars = []
    for i, (day, count) in enumerate(days):
        height = TIMELINE_HEIGHT * count / top
        bars.append({"day": day, "count": count, "x": round(i * width, 2),
                     "width": round(max(width - 1, 0.5), 2),
                     "y": round(TIMELINE_HEIGHT - height, 2), "height": round(height, 2)})
    return bars


def incidents(request: Request) -> Response:
    """The incident table (a browse page: sortable, paged, faceted, downloadable) with the map
    and the timeline of every incident the filters select."""
    listing = LISTINGS["incidents"]
    fmt = request.query_params.get("download", "").strip()
    if fmt:
        return browse.download(request, listing, fmt)
    with _reading(request) as ledger:
        flt = incident_filter(request, ledger)
        context = browse.listing_context(request, ledger, listing)
        points = q.incident_points(ledger, flt)
        days = q.incident_days(ledger, flt)
    return render(request, "incidents.html", flt=flt, points=points, bars=timeline_bars(days),
                  timeline_width=TIMELINE_WIDTH, timeline_height=TIMELINE_HEIGHT, **context)


def incident(request: Request) -> Response:
    ident = request.path_params["id"]
    with _reading(request) as ledger:
        record = q.record_by_id(ledger, "incident", ident)
        if record is None:
            raise _not_found("incident", ident)
        events = q.records_by_ids(ledger, "event", record["events"])
        docs = q.document_rows(ledger, sorted({e["document"] for e in events}))
        stories = q.records_by_ids(ledger, "story", record["stories"])
        contradictions = q.contradictions_of(ledger, events=record["events"])
        headline = incident_headlines(ledger, [ident]).get(ident)
        heads = story_headlines(ledger, [s["id"] for s in stories])
    return render(request, "incident.html", inc=record, events=events, docs=docs,
                  stories=stories, contradictions=contradictions,
                  title=incident_title(record, headline),
                  story_titles={s["id"]: story_title(s, heads.get(s["id"])) for s in stories})


# -- stories ------------------------------------------------------------------------------------


def story(request: Request) -> Response:
    ident = request.path_params["id"]
    with _reading(request) as ledger:
        shown = story_view(ledger, ident)
        headline = story_headlines(ledger, [ident]).get(ident)
    if shown is None:
        raise _not_found("story", ident)
    return render(request, "story.html", story=shown.story, copies=shown.copies,
                  original=shown.original, comparisons=shown.comparisons,
                  contradictions=shown.contradictions, title=story_title(shown.story, headline))


# -- entities ------------------------------------------------------------------------------------


def entity(request: Request) -> Response:
    ident = request.path_params["id"]
    with _reading(request) as ledger:
        record = q.entity_row(ledger, ident)
        if record is None:
            raise _not_found("entity", ident)
        total, mentions = q.entity_mentions(ledger, ident)
        aliases = q.entity_aliases(ledger, ident, record["name"])
        said = q.claims_by_speaker(ledger, ident)
        happened = q.events_at_place(ledger, ident) if record["kind"] == "place" else []
        incident_of = q.incidents_of_events(ledger, [e["id"] for e in happened])
    point = ({"lat": record["lat"], "lon": record["lon"], "name": record["name"]}
             if record.get("lat") is not None and record.get("lon") is not None else None)
    return render(request, "entity.html", ent=record, total=total, mentions=mentions,
                  aliases=aliases, claims=said, events=happened, incident_of=incident_of,
                  point=point)


# -- documents ----------------------------------------------------------------------------------

_SPAN_PARAM = re.compile(r"(\d+)-(\d+)")


def _target(request: Request) -> tuple[int, int] | None:
    m = _SPAN_PARAM.fullmatch(request.query_params.get("span", ""))
    return (int(m.group(1)), int(m.group(2))) if m else None


def _custody_row(row: Any) -> dict[str, Any]:
    entry = dict(row)
    try:
        entry["detail"] = json.loads(entry.get("detail") or "{}")
    except ValueError:
        entry["detail"] = {"raw": entry.get("detail")}
    return entry


def document(request: Request) -> Response:
    ident = request.path_params["id"]
    with _reading(request) as ledger:
        doc = ledger.get_document(ident, prefix=False)  # the web matches ids exactly
        if doc is None:
            raise _not_found("document", ident)
        if doc.id in ledger.withdrawn_ids() and current_user(request) is None:
            # A withdrawn document is kept for the record, not published: sign in to read it.
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        claims = list(ledger.claim_records(doc.id))
        events = list(ledger.event_records(doc.id))
        incident_of = q.incidents_of_events(ledger, [e["id"] for e in events])
        custody = [_custody_row(r) for r in ledger.custody_log(doc.source.sha256)]
        evidence = ledger.evidence_row(doc.source.sha256)
        story_id = q.story_of_document(ledger, doc.id)
        not_linked = ledger.not_linked([doc.id]).get(doc.id)  # left out by the link step
        contradictions = q.contradictions_of(ledger, documents=[doc.id])
    html = document_html(doc, claims, events, incident_of, _target(request))
    return render(request, "document.html", doc=doc, text_html=html, claims=claims,
                  events=events, incident_of=incident_of, custody=custody,
                  evidence=dict(evidence) if evidence else None, story_id=story_id,
                  not_linked=not_linked, contradictions=contradictions)


def document_evidence(request: Request) -> Response:
    """The raw bytes a document was read from, hashed before they are sent: bytes that no
    longer hash to their name are refused (409) with the reason, never served."""
    ident = request.path_params["id"]
    with _reading(request) as ledger:
        doc = ledger.get_document(ident, prefix=False)
        if doc is None:
            raise _not_found("document", ident)
        if doc.id in ledger.withdrawn_ids() and current_user(request) is None:
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        try:
            data = ledger.evidence.read(doc.source.sha256)
        except EvidenceError as exc:
            raise HTTPException(409, f"The stored evidence of this document cannot be shown: "
                                     f"{exc}") from exc
    # Served as a download, never rendered: a stored page is someone else's HTML.
    return Response(data, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{doc.source.sha256}"',
        "X-Docket-SHA256": doc.source.sha256})


def page_routes() -> list[BaseRoute]:
    """The read pages, to mount in the workbench app."""
    return [
        Route("/", overview, name="overview"),
        Route("/search", search, name="search"),
        Route("/incidents", incidents, name="incidents"),
        Route("/incidents/{id}", incident, name="incident"),
        Route("/stories/{id}", story, name="story"),
        Route("/entities/{id}", entity, name="entity"),
        Route("/documents/{id}", document, name="document"),
        Route("/documents/{id}/evidence", document_evidence, name="document_evidence"),
    ]
