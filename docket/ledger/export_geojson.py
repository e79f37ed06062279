"""GeoJSON (RFC 7946): the incidents of the chosen documents that have coordinates, as points.

One `Feature` per incident, in a single `FeatureCollection`. Coordinates are `[longitude,
latitude]` in WGS 84, as RFC 7946 requires (the reverse of how people say them). Properties:
`id`, `category`, `date` and `date_precision` (as the text states it), `date_start` and
`date_end` (the first and last day it covers, ISO, for a GIS's time filter),
`independent_sources`, `events` and `stories` (their ids joined by ";", with `event_count` and
`story_count`: every property is a scalar, so GDAL writes the layer to a GeoPackage or a
shapefile without converting list fields), `place` (the gazetteer name), `precision`
(`point`, `settlement`, `admin2`, `admin1`, `region`, `country`, `approximate`: a
country-precision point is the country's centre, not where anything happened) and `review`
(the analyst's latest judgement).

Incidents without coordinates (no place stated, or a place the gazetteer did not resolve) are
left out, and so are events that form no incident (negated, hypothetical, unclassified and
rejected ones): the ACLED CSV and the JSONL export carry every event.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from docket.ledger.export_scope import select_scope
from docket.ledger.periods import period
from docket.ledger.store import DocumentFilter, Ledger


def export_geojson(ledger: Ledger, out: TextIO, flt: DocumentFilter | None = None) -> int:
    """Write one FeatureCollection of located incidents; return the number of features."""
    scope = select_scope(ledger, flt)
    features = [f for f in (incident_feature(inc) for inc in scope.incidents) if f is not None]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


def incident_feature(incident: dict[str, Any]) -> dict[str, Any] | None:
    """An incident record (docs/export.md) as a point Feature, or None if it has no place."""
    loc = incident.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        # A bad coordinate would put a marker somewhere wrong; leaving it out is honest.
        return None
    date = incident.get("date") or {}
    days = period(date.get("value"), date.get("precision"))
    events, stories = list(incident.get("events") or []), list(incident.get("stories") or [])
    return {
        "type": "Feature",
        "id": incident["id"],
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "id": incident["id"],
            "category": incident["category"],
            "date": date.get("value"),
            "date_precision": date.get("precision"),
            "date_start": days[0].isoformat() if days else None,
            "date_end": days[1].isoformat() if days else None,
            "independent_sources": incident.get("independent_sources"),
            "events": ";".join(events),
            "event_count": len(events),
            "stories": ";".join(stories),
            "story_count": len(stories),
            "place": loc.get("name"),
            "precision": loc.get("precision"),
            "review": (incident.get("review") or {}).get("status"),
        },
    }

