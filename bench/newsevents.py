"""Events in real war articles: Docket's ledger scored against newsevents' gold.

    python bench/newsevents.py [--set newsevents|newsevents-ukru] [--ids g01-g20] [-v]
                               [--corpus DIR] [--workers N] [--keep DIR]

Runs the README's own commands on the set's `articles.jsonl` in a scratch folder
(`docket ingest`, then `docket export --format jsonl`) and hands the export to the set's
`score.py` (newsevents' scorer; its docstring says how records are matched to gold events).
Prints the scorer's figures for the whole set and for each half (`g01-g20`, the half read for
failures, and `g21-g40`, kept for reporting), unless `--ids` asks for one range. `-v` passes
the scorer's list of misses, wrong fields and unmatched records through. Skipped when the
corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HALVES = {"newsevents": ("g01-g20", "g21-g40")}


def _docket(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "docket", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL)


def _score(scorer: Path, export: Path, gold: Path, articles: Path, ids: str | None,
           verbose: bool) -> dict[str, object]:
    base = [sys.executable, str(scorer), str(export), "--gold", str(gold),
            "--articles", str(articles)] + (["--ids", ids] if ids else [])
    if verbose:
        subprocess.run(base + ["-v"], check=True)
    out = subprocess.run(base + ["--json"], check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _line(label: str, r: dict[str, object]) -> str:
    slots = r["slots"]
    assert isinstance(slots, dict)
    fields = ", ".join(f"{k} {v['accuracy']:.2f}" for k, v in sorted(slots.items()))
    skipped = r["not_scored"]
    assert isinstance(skipped, dict)
    return (f"{label:9} recall {r['recall']:.3f} ({r['found']}/{r['gold_main_events']}), "
            f"precision {r['precision']:.3f} ({r['matching']}/{r['system_events']}), "
            f"records/happening {r['records_per_found_event']:.2f}, "
            f"whole {r['whole_events_right']:.3f}\n{'':9} fields: {fields}\n"
            f"{'':9} not scored: {skipped['negated_or_hypothetical']} negated or hypothetical,"
            f" {skipped['unclassified']} unclassified")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="newsevents", choices=("newsevents", "newsevents-ukru"))
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--ids", help="score only this range of article ids, e.g. g01-g20")
    ap.add_argument("--workers", default="2")
    ap.add_argument("--keep", type=Path, help="build the ledger here and keep it")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    folder = args.corpus / args.set
    scorer = args.corpus / "newsevents" / "score.py"
    if not (folder / "articles.jsonl").exists() or not scorer.exists():
        print(f"skipped: {folder / 'articles.jsonl'} or {scorer} not found")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        _docket("ingest", str(folder / "articles.jsonl"), "--workers", args.workers, cwd=work)
        _docket("export", "--format", "jsonl", "--out", "export.jsonl", cwd=work)
        seconds = time.perf_counter() - started
        export = work / "export.jsonl"
        ranges = [args.ids] if args.ids else [None, *HALVES.get(args.set, ())]
        print(f"{args.set}: ingest and export in {seconds:.0f} s")
        for ids in ranges:
            result = _score(scorer, export, folder / "gold.json", folder / "articles.jsonl",
                            ids, args.verbose and ids == ranges[0])
            print(_line(ids or "all", result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
