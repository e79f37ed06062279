"""Benchmark: the cost of applying analysts' judgements on every read (issue 14).

Judgements are re-attached to the records that cover their anchors each time the ledger is
read (docket/ledger/judged.py), so a read costs time in proportion to the judgements. This
ingests the bundled examples into a scratch ledger, adds N confirm/reject/edit judgements on
random events, incidents and entities, and times `Ledger.judgement_maps` (what every page and
export does once) right after the change and again (from the cache kept until the ledger
changes), and a whole `incident_records` read. Needs no corpus.

    python bench/judgements.py [--judgements 1000 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.ledger.store import Ledger  # noqa: E402
from docket.settings import Settings  # noqa: E402
from docket.workflows.runner import ingest_paths  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judgements", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=Path(tmp) / "docket.db", operator="bench")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [ROOT / "examples"], settings)
            ids = ([e["id"] for e in ledger.event_records()]
                   + [i["id"] for i in ledger.incident_records()]
                   + [e["id"] for e in ledger.iter_entities()][:200])
            print(f"examples: {len(ids)} judgeable records")
            rng = random.Random(14)
            made = 0
            for target in sorted(args.judgements):
                for _ in range(target - made):
                    kind = rng.choice(("confirm", "reject", "edit"))
                    record = rng.choice(ids)
                    if kind == "edit":
                        ledger.add_judgement("edit", record, "bench", field="category",
                                             value='{"before": null, "after": "shelling"}')
                    else:
                        ledger.add_judgement(kind, record, "bench")
                made = target
                started = time.perf_counter()
                reviews, edits = ledger.judgement_maps()
                maps = time.perf_counter() - started
                started = time.perf_counter()
                ledger.judgement_maps()
                again = time.perf_counter() - started
                started = time.perf_counter()
                incidents = list(ledger.incident_records())
                read = time.perf_counter() - started
                print(f"{target:>7,} judgements: judgement_maps after a change {maps:.3f} s, "
                      f"then {again:.3f} s ({len(reviews)} reviewed, {len(edits)} edited "
                      f"records); incident_records {read:.3f} s ({len(incidents)} incidents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
