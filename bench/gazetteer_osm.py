"""The shipped gazetteer's Ukrainian points against OpenStreetMap's, and its load cost.

    python bench/gazetteer_osm.py [--gazetteer DIR] [--corpus DIR] [--show N] [--load]

OpenStreetMap check: ``ua_settlements_osm_check.json`` (14,615 settlements of ten oblasts) is
*check data only* (ODbL, from an AGPL repository): this script reads it to measure, nothing is
built from it. Each OSM settlement is looked up by its Ukrainian name with the gazetteer's own
lookup; the candidates kept are settlements of the same oblast. Within each (oblast, name)
group, OSM places and gazetteer rows are paired one to one, nearest first. Printed: coverage
(paired OSM places out of all), median distance, share within 2 km and over 5 km, for all pairs
and by the precision the gazetteer claims for its point. Skipped (exit 0) when the corpus is
absent.

``--load``: the gazetteer's first load in a fresh interpreter, its wall time and the resident
memory it adds (the cost each worker process pays once). Needs no corpus.

``--gazetteer DIR`` measures other files of the same format (e.g. an older build kept aside).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.nlp.gazetteer import Gazetteer, Place, distance_km  # noqa: E402
from docket.nlp.translit import keys  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "gazetteer"
CHECK = "ua_settlements_osm_check.json"
SETTLEMENT_KINDS = ("city", "town", "village", "other")

_LOAD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from docket.nlp.gazetteer import Gazetteer
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
gaz = Gazetteer.load({folder})
loaded = time.perf_counter() - started
gaz.lookup("Kupiansk")
first = time.perf_counter() - started - loaded
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = open("/proc/self/status").read()
now = int(status.split("VmRSS:")[1].split()[0]) if "VmRSS:" in status else after
print(len(gaz), round(loaded, 3), round(first, 4), round(before / 1024), round(after / 1024),
      round(now / 1024))
"""


def measure_load(folder: Path | None) -> None:
    code = _LOAD.format(root=str(ROOT), folder=f"Path({str(folder)!r})" if folder else "")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    rows, loaded, first, before, peak, now = out
    print(f"load: {rows} rows in {loaded} s (first lookup {float(first) * 1000:.1f} ms); "
          f"resident memory {before} MB before loading, {now} MB after "
          f"(+{int(now) - int(before)} MB per worker; peak {peak} MB)")


def _oblast(gaz: Gazetteer, adjective: str) -> str | None:
    """OSM's "Донецька" -> the gazetteer's admin1 "Donetsk" (through its oblast record)."""
    for cand in gaz.lookup(f"{adjective} область"):
        p = cand.place
        if p.kind == "admin1" and p.country == "UA":
            return p.admin1
    return None


def pair(gaz: Gazetteer, osm: list[dict[str, object]]
         ) -> tuple[list[tuple[float, Place, dict[str, object]]], int]:
    """(distance, gazetteer place, OSM place) for each pair, and the number of OSM places."""
    oblasts = {o: _oblast(gaz, o) for o in {str(x["oblast"]) for x in osm}}
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for o in osm:
        key = keys(str(o.get("name_uk") or ""), "uk")
        if key:  # a few have no Ukrainian name: they stay unpaired
            groups[(str(o["oblast"]), key[0])].append(o)
    pairs: list[tuple[float, Place, dict[str, object]]] = []
    for (oblast, _key), members in groups.items():
        admin1 = oblasts[oblast]
        cands = {c.place.gazetteer_id: c.place for c in gaz.lookup(str(members[0]["name_uk"]))
                 if c.place.country == "UA" and c.place.admin1 == admin1
                 and c.place.kind in SETTLEMENT_KINDS and c.place.lat is not None}
        options = sorted(
            (distance_km((float(o["lat"]), float(o["lon"])),  # type: ignore[arg-type]
                         (p.lat, p.lon)), i, gid)  # type: ignore[arg-type]
            for i, o in enumerate(members) for gid, p in cands.items())
        used_osm: set[int] = set()
        used_gaz: set[str] = set()
        for d, i, gid in options:
            if i not in used_osm and gid not in used_gaz:
                used_osm.add(i)
                used_gaz.add(gid)
                pairs.append((d, cands[gid], members[i]))
    return pairs, len(osm)


def _figures(dists: list[float], total: int | None = None) -> str:
    if not dists:
        return "none"
    n = len(dists)
    cover = f"{n:,} of {total:,} ({n / total:.1%}); " if total else f"{n:,}: "
    return (f"{cover}median {statistics.median(dists):.2f} km, within 2 km "
            f"{sum(d <= 2 for d in dists) / n:.1%}, over 5 km {sum(d > 5 for d in dists) / n:.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", type=Path, default=None,
                    help="folder of places.tsv.gz/index.tsv.gz (default: the shipped one)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--show", type=int, default=0, help="print the N farthest pairs")
    ap.add_argument("--load", action="store_true", help="also measure load time and memory")
    args = ap.parse_args(argv)
    if args.load:
        measure_load(args.gazetteer)
    check = args.corpus / CHECK
    if not check.exists():
        print(f"skipped: {check} not found (the OpenStreetMap check needs ../shared/corpus)")
        return 0
    osm = json.loads(check.read_text(encoding="utf-8"))
    gaz = Gazetteer.load(args.gazetteer) if args.gazetteer else Gazetteer.load()
    pairs, total = pair(gaz, osm)
    print(f"OpenStreetMap check, {total:,} settlements of ten oblasts, paired by Ukrainian name "
          "and oblast, nearest first:")
    print(f"  all pairs: {_figures([d for d, _p, _o in pairs], total)}")
    by_precision: dict[str, list[float]] = defaultdict(list)
    by_source: dict[str, list[float]] = defaultdict(list)
    for d, p, _o in pairs:
        by_precision[p.precision].append(d)
        by_source[p.provenance.split(" ")[0] or "(no provenance column)"].append(d)
    own = [d for d, p, _o in pairs if p.precision in ("point", "settlement")]
    print(f"  own points (precision point/settlement): {_figures(own, total)}")
    for precision, dists in sorted(by_precision.items(), key=lambda kv: -len(kv[1])):
        print(f"  precision {precision}: {_figures(dists)}")
    for source, dists in sorted(by_source.items(), key=lambda kv: -len(kv[1])):
        print(f"  {source}: {_figures(dists)}")
    if args.show:
        worst = sorted(pairs, key=lambda t: -t[0])[:args.show]
        kinds = Counter(p.precision for _d, p, _o in worst)
        print(f"  farthest {args.show} ({dict(kinds)}):")
        for d, p, o in worst:
            print(f"    {d:7.1f} km  {o['name_uk']} ({o['oblast']})  {p.gazetteer_id} "
                  f"{p.precision} {p.provenance}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
