"""The browse pages: every kind of record as a sortable, paged, faceted list, with downloads.

`/documents`, `/entities`, `/events`, `/claims`, `/stories` and `/contradictions` (and the
table of `/incidents`, whose page adds a map and a timeline) read their listing from
docket/ledger/browse.py. Every parameter is checked as the incident filters are
(`filters.py`): a choice facet takes a value extraction gives or this ledger holds, a date is
read as `docket ls` reads it, a count is a whole number, a sort is one of the page's columns;
anything else answers 400 naming it. Empty values mean any; parameters a page does not know
are ignored.

`?download=csv` and `?download=jsonl` give every row the filters select (not only the page shown),
streamed in chunks, each read with its own read-only connection, so a large download neither
waits for the whole selection nor holds the ledger open between chunks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, get_args
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from docket.ledger.browse import (
    LISTINGS,
    REVIEW_VALUES,
    BrowseQuery,
    Listing,
    browse_chunk,
    browse_page,
    contradiction_homes,
    held_value,
    incident_headlines,
    story_headlines,
)
from docket.ledger.store import Ledger
from docket.ledger.views import document_rows
from docket.model import (
    CATEGORY_NAMES,
    MODALITIES,
    SIDES,
    VERIFICATION_STATUSES,
    ContradictionScope,
)
from docket.settings import Settings
from docket.web.filters import _shown, date_param, int_param, refuse
from docket.web.templating import render
from docket.web.titles import human_date, incident_title, story_title

PAGE_SIZE, MAX_PAGE_SIZE = 50, 500

# Values extraction gives, accepted before asking the ledger whether it holds them.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "category": CATEGORY_NAMES, "side": SIDES, "victims": SIDES,
    "verification": VERIFICATION_STATUSES, "modality": MODALITIES,
    "scope": get_args(ContradictionScope),
}


def browse_query(params: Mapping[str, str], listing: Listing,
                 ledger: Ledger) -> BrowseQuery:
    """The listing's filters, sort and page from the address, each checked (400 if not)."""
    filters: dict[str, Any] = {}
    for f in listing.facets:
        raw = params.get(f.name, "").strip()
        if not raw:
            continue
        if f.how in ("since", "until"):
            filters[f.name] = date_param(params, f.name)
        elif f.how == "min":
            filters[f.name] = int_param(params, f.name)
        elif f.how == "review":
            if raw not in REVIEW_VALUES:
                raise refuse(f.name, f"{_shown(raw)} is not a review status "
                                     f"({', '.join(REVIEW_VALUES)}).")
            filters[f.name] = raw
        elif f.how == "choice":
            if raw not in _VOCABULARY.get(f.name, ()) and not held_value(ledger, listing,
                                                                         f.name, raw):
                raise refuse(f.name, f"{_shown(raw)} is not a value of "
                                     f"{f.label.lower()} in this ledger.")
            filters[f.name] = raw
        else:
            filters[f.name] = raw
    sort = params.get("sort", "").strip() or listing.default_sort
    if sort not in listing.sorts:
        raise refuse("sort", f"{_shown(sort)} is not a column of this list "
                             f"({', '.join(listing.sorts)}).")
    order = params.get("dir", "").strip()
    if order not in ("", "asc", "desc"):
        raise refuse("dir", f"{_shown(order)} is neither 'asc' nor 'desc'.")
    # Dates read best latest first; names and codes from A.
    descending = order == "desc" or (not order and sort in ("date", "published", "copies",
                                                            "sources"))
    limit = min(MAX_PAGE_SIZE, max(1, int_param(params, "per", PAGE_SIZE)))
    return BrowseQuery(filters, sort, descending, int_param(params, "offset"), limit)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def row_extras(ledger: Ledger, kind: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What a row shows beyond its record, by id: an incident's or story's human title and
    date in words, the page a contradiction is shown on."""
    ids = [r["id"] for r in rows]
    if kind == "incidents":
        heads = incident_headlines(ledger, ids)
        return {r["id"]: {"title": incident_title(r, heads.get(r["id"]))} for r in rows}
    if kind == "stories":
        heads = story_headlines(ledger, ids)
        return {r["id"]: {"title": story_title(r, heads.get(r["id"])),
                          "date": human_date(heads.get(r["id"], {}).get("published"),
                                             heads.get(r["id"], {}).get("precision"))}
                for r in rows}
    if kind == "contradictions":
        return {k: {"href": v} for k, v in contradiction_homes(ledger, rows).items()}
    if kind in ("events", "claims"):
        docs = document_rows(ledger, sorted({str(r["document"]) for r in rows}))
        return {r["id"]: {"document": docs.get(r["document"])} for r in rows}
    return {}


def listing_context(request: Request, ledger: Ledger, listing: Listing) -> dict[str, Any]:
    """What a browse template needs: the page of rows, counts, titles and the links that
    keep the filters while sorting, paging and downloading."""
    query = browse_query(request.query_params, listing, ledger)
    page = browse_page(ledger, listing, query)
    kept = {k: v for k, v in request.query_params.items()
            if k not in ("offset", "download") and v.strip()}

    def link(**changes: Any) -> str:
        merged = {**kept, **{k: str(v) for k, v in changes.items() if v is not None}}
        merged = {k: v for k, v in merged.items() if v != ""}
        return f"/{listing.kind}?{urlencode(merged)}" if merged else f"/{listing.kind}"

    def sort_link(name: str) -> str:
        flip = "asc" if query.sort == name and query.descending else "desc"
        if query.sort != name:
            flip = "desc" if name in ("date", "published", "copies", "sources") else "asc"
        return link(sort=name, dir=flip, offset=None)

    return {"listing": listing, "query": query, "total": page.total, "rows": page.rows,
            "counts": page.counts, "extras": row_extras(ledger, listing.kind, page.rows),
            "params": kept, "link": link, "sort_link": sort_link,
            "csv_link": link(download="csv", offset=None),
            "jsonl_link": link(download="jsonl", offset=None)}


def _page(kind: str) -> Callable[[Request], Response]:
    listing = LISTINGS[kind]

    def page(request: Request) -> Response:
        fmt = request.query_params.get("download", "").strip()
        if fmt:
            return download(request, listing, fmt)
        with Ledger.open(_settings(request), readonly=True) as ledger:
            context = listing_context(request, ledger, listing)
        return render(request, "browse.html", **context)

    page.__name__ = f"browse_{kind}"
    return page


# -- downloads -----------------------------------------------------------------------------------


def _verification(r: dict[str, Any]) -> str:
    v = r.get("verification")
    return str(v.get("status", "")) if isinstance(v, dict) else str(v or "")


def _text(value: Any) -> str:
    return str(value.get("text", "")) if isinstance(value, dict) else ""


def _review(r: dict[str, Any]) -> str:
    return str((r.get("review") or {}).get("status", ""))


Column = tuple[str, Callable[[dict[str, Any]], Any]]
CSV_COLUMNS: dict[str, tuple[Column, ...]] = {
    "documents": (("id", lambda r: r["id"]), ("title", lambda r: r.get("title")),
                  ("outlet", lambda r: r.get("outlet")),
                  ("published", lambda r: r.get("published_value")),
                  ("precision", lambda r: r.get("published_precision")),
                  ("language", lambda r: r.get("language")), ("format", lambda r: r.get("format")),
                  ("path", lambda r: r.get("path")), ("review", _review)),
    "entities": (("id", lambda r: r["id"]), ("kind", lambda r: r.get("kind")),
                 ("name", lambda r: r.get("name")), ("latin", lambda r: r.get("latin")),
                 ("mentions", lambda r: r.get("mentions")), ("review", _review)),
    "events": (("id", lambda r: r["id"]), ("document", lambda r: r.get("document")),
               ("category", lambda r: r.get("category")),
               ("perpetrator_side", lambda r: (r.get("perpetrator") or {}).get("side")),
               ("victims_side", lambda r: (r.get("victims") or {}).get("side")),
               ("date", lambda r: (r.get("date") or {}).get("value")),
               ("place", lambda r: (r.get("location") or {}).get("name")),
               ("verification", _verification), ("modality", lambda r: r.get("modality")),
               ("trigger", lambda r: _text(r.get("trigger"))), ("review", _review)),
    "claims": (("id", lambda r: r["id"]), ("document", lambda r: r.get("document")),
               ("kind", lambda r: r.get("kind")), ("speaker", lambda r: _text(r.get("source"))),
               ("content", lambda r: _text(r.get("content"))),
               ("modality", lambda r: r.get("modality")), ("verification", _verification),
               ("review", _review)),
    "stories": (("id", lambda r: r["id"]),
                ("original_document", lambda r: r.get("original_document")),
                ("original_outlet", lambda r: r.get("original_outlet")),
                ("documents", lambda r: len(r.get("documents") or [])), ("review", _review)),
    "incidents": (("id", lambda r: r["id"]), ("category", lambda r: r.get("category")),
                  ("place", lambda r: (r.get("location") or {}).get("name")),
                  ("date", lambda r: (r.get("date") or {}).get("value")),
                  ("date_words", lambda r: human_date((r.get("date") or {}).get("value"),
                                                     (r.get("date") or {}).get("precision"))),
                  ("independent_sources", lambda r: r.get("independent_sources")),
                  ("events", lambda r: len(r.get("events") or [])), ("review", _review)),
    "contradictions": (("id", lambda r: r["id"]), ("field", lambda r: r.get("field")),
                       ("scope", lambda r: r.get("scope")),
                       ("values", lambda r: " | ".join(map(str, r.get("values") or []))),
                       ("documents", lambda r: " ".join(r.get("documents") or [])),
                       ("review", _review)),
}


def download(request: Request, listing: Listing, fmt: str) -> Response:
    """Every selected row as CSV or JSON Lines, streamed chunk by chunk."""
    if fmt not in ("csv", "jsonl"):
        raise refuse("download", f"{_shown(fmt)} is not a download format (csv, jsonl).")
    settings = _settings(request)
    # Checked here, before the response starts: a malformed filter is a 400, not a cut file.
    with Ledger.open(settings, readonly=True) as ledger:
        filters = browse_query(request.query_params, listing, ledger).filters
    encode = _csv_lines if fmt == "csv" else _jsonl_lines
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    name = f"docket-{listing.kind}.{fmt}"
    return StreamingResponse(encode(settings, listing, filters), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _chunks(settings: Settings, listing: Listing,
            filters: Mapping[str, Any]) -> Iterator[list[dict[str, Any]]]:
    # Each chunk opens its own connection: Starlette may read a sync iterator's items on
    # different worker threads, and an SQLite connection stays on the thread that made it.
    after = 0
    while True:
        with Ledger.open(settings, readonly=True) as ledger:
            after, rows = browse_chunk(ledger, listing, filters, after)
        if rows:
            yield rows
        if not after:
            return


def _csv_lines(settings: Settings, listing: Listing,
               filters: Mapping[str, Any]) -> Iterator[bytes]:
    columns = CSV_COLUMNS[listing.kind]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([name for name, _ in columns])
    for rows in _chunks(settings, listing, filters):
        for row in rows:
            writer.writerow(["" if (v := get(row)) is None else v for _, get in columns])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")  # the header alone when nothing is selected


def _jsonl_lines(settings: Settings, listing: Listing,
                 filters: Mapping[str, Any]) -> Iterator[bytes]:
    for rows in _chunks(settings, listing, filters):
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def browse_routes() -> list[BaseRoute]:
    """The list pages (the incident table's page is in `pages`, with its map)."""
    return [Route(f"/{kind}", _page(kind), name=f"browse_{kind}")
            for kind in LISTINGS if kind != "incidents"]
