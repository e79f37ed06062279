"""Where, end to end: ACLED's Ukraine notes ingested as articles through the CLI (issue 16).

    python bench/acled_places.py [--corpus ../shared/corpus/acled] [--limit N] [--show N]
                                 [--keep DIR]

Each note becomes one JSONL article (`text` = the note, `published` = ACLED's event date, `id` =
its event id, `language` = en) and goes through the README's own commands in a scratch folder
(`docket ingest`, then `docket export --format jsonl`). The place read for a note is the place
of its first event (the event with the smallest trigger offset that has a located place), else
its first place mention with a point. Scored against ACLED's columns, read only here: the share
of notes whose place is within 10 km of ACLED's point, and the share whose oblast (admin1)
agrees with ACLED's. `bench/acled.py` scores the place resolver alone on the same notes (no
events, no CLI). Skipped when the corpus is absent. """

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.evaluate import admin_key  # noqa: E402
from docket.nlp.gazetteer import distance_km  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "acled"


def _docket(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "docket", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _picks(records: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], str]]:
    """Document id -> (the place entity read for it, how: 'event' or 'mention')."""
    places = {r["id"]: r for r in records if r["type"] == "entity" and r.get("kind") == "place"}
    first_event: dict[str, tuple[int, dict[str, Any]]] = {}
    for r in records:
        if r["type"] != "event" or not r.get("location"):
            continue
        place = places.get(r["location"].get("entity") or "")
        if place is None or place.get("lat") is None:
            continue
        start = int((r.get("trigger") or {}).get("start") or 0)
        if r["document"] not in first_event or start < first_event[r["document"]][0]:
            first_event[r["document"]] = (start, place)
    first_mention: dict[str, tuple[int, dict[str, Any]]] = {}
    for place in places.values():
        if place.get("lat") is None:
            continue
        for m in place.get("mentions") or ():
            doc = m["document"]
            if doc not in first_mention or m["start"] < first_mention[doc][0]:
                first_mention[doc] = (m["start"], place)
    out = {doc: (place, "mention") for doc, (_, place) in first_mention.items()}
    out |= {doc: (place, "event") for doc, (_, place) in first_event.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N notes")
    ap.add_argument("--show", type=int, default=0, help="print N misses")
    ap.add_argument("--keep", type=Path, default=None, help="keep the scratch folder here")
    args = ap.parse_args(argv)
    path = args.corpus / "ukraine_2022h1.csv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if args.limit:
        rows = rows[: args.limit]
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="acled-places-"))
    scratch.mkdir(parents=True, exist_ok=True)
    articles = scratch / "notes.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for row in rows:
            # ACLED writes its notes in English; a one-line note is too short to guess it.
            line = {"id": row["event_id_cnty"], "text": row["notes"], "language": "en",
                    "published": row["event_date"]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    _docket("ingest", str(articles), cwd=scratch)
    export = scratch / "export.jsonl"
    _docket("export", "--format", "jsonl", "--out", str(export), cwd=scratch)
    records = [json.loads(line) for line in export.open(encoding="utf-8")]
    # A document's text is the note itself; notes repeat, so several rows may share one.
    doc_of_text = {r["text"].strip(): r["id"] for r in records if r["type"] == "document"}
    picks = _picks(records)
    n = len(rows)
    hit = adm = by_event = 0
    misses = []
    for row in rows:
        gold = (float(row["latitude"]), float(row["longitude"]))
        doc = doc_of_text.get(row["notes"].strip())
        pick = picks.get(doc or "")
        if pick is None:
            misses.append((row["location"], row["admin1"], None, row["notes"]))
            continue
        place, how = pick
        by_event += how == "event"
        d = distance_km((place["lat"], place["lon"]), gold)
        hit += d <= 10
        adm += admin_key(place.get("admin1")) == admin_key(row["admin1"])
        if d > 10:
            misses.append((row["location"], row["admin1"],
                           (place["name"], place.get("admin1"), how, round(d)), row["notes"]))
    print(f"notes: {n}; place read from an event: {by_event}, from a mention: "
          f"{sum(1 for r in rows if picks.get(doc_of_text.get(r['notes'].strip(), '')))-by_event}")
    print(f"within 10 km: {hit / n:.3f}   admin1 agrees: {adm / n:.3f}")
    for miss in misses[: args.show]:
        print(" miss:", miss[:3], "|", miss[3][:160])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
