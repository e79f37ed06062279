"""Event typing on CASE 2021 task 2 snippets, for the labels that map to Docket's categories.

    python bench/case2021.py [--corpus DIR] [--limit N]

Each snippet goes through `parse_text` and `find_events`; its predicted label is the CASE
label of its first event's category (`docket.evaluate.CASE_LABELS`). Prints per-label
P/R/F1 and macro-F1 over the mapped labels, and the count of snippets whose label has no
Docket category (natural and man-made disasters, organised crime, diplomacy ...). Skipped
when the corpus is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.evaluate import format_table, score_case2021  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    path = args.corpus / "case2021" / "task2_test_with_labels.tsv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    t0 = time.perf_counter()
    tables = score_case2021(path, limit=args.limit)
    print(f"({time.perf_counter() - t0:.1f} s)")
    for table in tables:
        print(f"\n{format_table(table)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
