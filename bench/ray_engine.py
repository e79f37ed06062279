"""Benchmark: documents per second of the local pool against the Ray engine, same worker count.

    python bench/ray_engine.py [--documents 200] [--workers 2] [--address ADDR]

Needs the Ray extra (pip install '.[ray]'); prints "skipped" without it. Makes perturbed copies
of the bundled examples (examples/text/*.txt, examples/html/*.html: one dated update line added
per copy, so every copy is a new document) in a temporary folder, then runs the per-document
stages over them with `AnalyserPool` and with `RayAnalyserPool` (no ledger writes, so only
the engines are compared). "startup" is the wait for the first result (starting Ray and its
actors, loading the pipeline); docs/s counts the documents after it. The Ray figures include
starting a local Ray unless --address names a running one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.model import Record  # noqa: E402
from docket.settings import Settings  # noqa: E402
from docket.workflows.parallel import AnalyserPool  # noqa: E402

EXAMPLES = ROOT / "examples"


def perturbed_copies(target: Path, documents: int) -> list[Record]:
    """`documents` records: the examples in turn, each copy with its own update line."""
    sources = sorted(EXAMPLES.glob("text/*.txt")) + sorted(EXAMPLES.glob("html/*.html"))
    records = []
    for index in range(documents):
        source = sources[index % len(sources)]
        data = source.read_bytes()
        line = f"Update {index}: the account was revised at {index % 24:02d}:{index % 60:02d}."
        if source.suffix == ".html":
            data = data.replace(b"</body>", f"<p>{line}</p></body>".encode(), 1)
        else:
            data = data.rstrip() + f"\n\n{line}\n".encode()
        path = target / f"{index:04d}_{source.name}"
        path.write_bytes(data)
        kind = "html" if source.suffix == ".html" else "text"
        records.append(Record(kind, data, str(path)))
    return records


def timed(pool: AbstractContextManager[Any], records: Iterable[Record]) -> tuple[float, float, int]:
    """Seconds to the first result, seconds for the rest, and failures."""
    started = time.perf_counter()
    first = 0.0
    failed = 0
    with pool as running:
        for count, (_, result) in enumerate(running.analyse(records)):
            if count == 0:
                first = time.perf_counter()
            failed += result.error is not None
    return first - started, time.perf_counter() - first, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--address", default=None, help="a running Ray cluster (default: local)")
    args = parser.parse_args(argv)
    try:
        import ray  # noqa: F401

        from docket.workflows.distributed import RayAnalyserPool
    except ImportError:
        print("skipped: ray not installed (pip install '.[ray]')")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.load(db=Path(folder) / "none" / "docket.db")
        records = perturbed_copies(Path(folder), args.documents)
        rest = len(records) - 1
        print(f"{len(records)} documents, {args.workers} workers")
        print(f"{'engine':8} {'startup s':>10} {'docs/s':>8} {'failed':>7}")
        engines: list[tuple[str, AbstractContextManager[Any]]] = [
            ("local", AnalyserPool(settings, args.workers)),
            ("ray", RayAnalyserPool(settings, args.workers, address=args.address)),
        ]
        for name, pool in engines:
            startup, seconds, failed = timed(pool, records)
            print(f"{name:8} {startup:10.1f} {rest / seconds:8.1f} {failed:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
