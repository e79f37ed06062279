"""Export formats by name, so the CLI (and the web UI) offer one list and call one function.

`jsonl` is the export contract (docs/export.md, `export.py`); the others are views of the same
records for the tools analysts already use, each in its own module with its mapping documented:

| name | module | writes |
|---|---|---|
| `acled-csv` | `export_csv` | a CSV row per event, ACLED's columns then Docket's |
| `geojson` | `export_geojson` | a FeatureCollection of located incidents |
| `ftm` | `export_ftm` | FollowTheMoney entities, one JSON object per line |
| `datasette` | `export_datasette` | a SQLite file and its Datasette metadata |
| `bundle` | `export_bundle` | a verifiable zip of raw evidence, custody and records |

Every format selects records the same way (`export_scope.select_scope`): a filter chooses
documents, and a record is exported when it touches one of them. Stream formats write to a text
stream (`--out -` may be stdout); file formats need a path, because they are not text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docket.ledger.export import export_jsonl
from docket.ledger.export_bundle import export_bundle
from docket.ledger.export_csv import CSV_COLUMNS, export_acled_csv
from docket.ledger.export_datasette import export_datasette, metadata_path
from docket.ledger.export_ftm import export_ftm
from docket.ledger.export_geojson import export_geojson

__all__ = [
    "CSV_COLUMNS", "EXPORT_FORMATS", "ExportFormat", "export_acled_csv", "export_bundle",
    "export_datasette", "export_ftm", "export_geojson", "export_jsonl", "metadata_path",
]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its function, whether it writes a stream or a file, and its help."""

    name: str
    write: Callable[..., int]
    stream: bool  # True: write(ledger, out: TextIO, flt); False: write(ledger, path: Path, flt)
    suffix: str  # the usual file name ending, for a default --out
    help: str


EXPORT_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("jsonl", export_jsonl, True, ".jsonl",
                 "every record as JSON lines: the export contract (docs/export.md)"),
    ExportFormat("acled-csv", export_acled_csv, True, ".csv",
                 "one CSV row per event, ACLED's columns then Docket's"),
    ExportFormat("geojson", export_geojson, True, ".geojson",
                 "located incidents as a GeoJSON FeatureCollection ([lon, lat])"),
    ExportFormat("ftm", export_ftm, True, ".ftm.json",
                 "FollowTheMoney entities (Article, Person, Organization, Address, Event)"),
    ExportFormat("datasette", export_datasette, False, ".db",
                 "a Datasette-ready SQLite file plus <name>.metadata.json"),
    ExportFormat("bundle", export_bundle, False, ".zip",
                 "a BagIt zip of raw evidence, custody and records for chosen incidents"),
)}


def describe_formats() -> list[dict[str, Any]]:
    """Name, kind and help of every format, for `docket export --help` and the docs test."""
    return [{"name": f.name, "kind": "stream" if f.stream else "file", "suffix": f.suffix,
             "help": f.help} for f in EXPORT_FORMATS.values()]
