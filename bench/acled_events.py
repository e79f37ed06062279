"""Event typing, perpetrator side and fatalities on ACLED's Ukraine notes (2022 H1).

    python bench/acled_events.py [--corpus DIR] [--limit N] [--show N] [--what sub|side|fat]

Each row's `notes` goes through `parse_text` and `find_events`; the note's main event is
chosen by `docket.evaluate.main_event` (no gold column is read before scoring). Prints the
tables of `docket.evaluate.acled_tables`: sub_event_type P/R/F1 and macro-F1 over classes with
at least 5 notes; perpetrator side accuracy on notes whose actor1 names forces (with the
"first forces named" baseline) and, apart, on the others; fatalities exact match (main event
and sum of incidents) with the always-0 baseline; date and admin1 agreement. `--show N`
prints N misses of the chosen kind, for reading (never for copying into the product).
Skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.evaluate import (  # noqa: E402
    NoteResult,
    acled_tables,
    default_events_for,
    format_table,
    read_acled,
    score_notes,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def miss(r: NoteResult, what: str) -> bool:
    if what == "sub":
        return r.gold_sub != r.pred_sub
    if what == "side":
        return r.gold_sides is not None and r.pred_side not in r.gold_sides
    return r.gold_fatalities != r.pred_fatalities


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", type=int, default=0, help="print N misses")
    ap.add_argument("--what", choices=("sub", "side", "fat"), default="sub")
    args = ap.parse_args(argv)
    path = args.corpus / "acled" / "ukraine_2022h1.csv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    t0 = time.perf_counter()
    results = score_notes(read_acled(path, args.limit), default_events_for)
    print(f"notes: {len(results)}  ({time.perf_counter() - t0:.1f} s)")
    for table in acled_tables(results):
        print(f"\n{format_table(table)}")
    shown = 0
    for r in results:
        if shown >= args.show:
            break
        if miss(r, args.what):
            shown += 1
            m = r.main
            print(f"\n[{r.row}] gold {r.gold_sub} / {sorted(r.gold_sides or [])} / "
                  f"{r.gold_fatalities}; Docket {r.pred_sub} / {r.pred_side} / "
                  f"{r.pred_fatalities} (sum {r.sum_fatalities})")
            if m is not None:
                print(f"   {m.category} [{m.trigger.text}] {m.why} | {m.rule}")
            print("  ", r.notes[:300])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
