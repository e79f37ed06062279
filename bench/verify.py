"""Benchmark: how fast `docket verify` checks an evidence store, in MB/s.

    python bench/verify.py [--mb 1024] [--threads 1 2 4] [--corpus DIR] [--keep DIR]

Builds a synthetic ledger in a temporary folder: half of `--mb` in article-sized files (8 to
200 KB, as single pages and JSONL lines are) and half in container-sized files (16 to 64 MB, as
WARC and JSONL dumps are), random bytes (SHA-256 runs at the same speed on any bytes). When
../shared/corpus is present its files' bytes are stored as a second ledger too, for a real
distribution of small files. Then times, on each:

- a full check (`verify_ledger`) with each `--threads` count, files just written (page cache
  warm: the figure is hashing and reading from memory, the upper bound; from a cold disk the
  disk's read rate is the limit);
- `--changed` right after a full check (every file unchanged: only stat calls);
- `sha256sum` over the same files (one process), for reference.

Prints one table; docs/benchmarks.md records the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.ledger.store import Ledger  # noqa: E402
from docket.ledger.verify import verify_ledger  # noqa: E402
from docket.settings import Settings  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def synthetic_sizes(total_mb: int, seed: int = 17) -> list[int]:
    """File sizes: half the bytes in article-sized files, half in container-sized ones."""
    rng = random.Random(seed)
    half = total_mb * 1_000_000 // 2
    sizes: list[int] = []
    small = 0
    while small < half:
        size = rng.randint(8_000, 200_000)
        sizes.append(size)
        small += size
    large = 0
    while large < half:
        size = min(rng.randint(16_000_000, 64_000_000), half - large + 1)
        sizes.append(size)
        large += size
    return sizes


def build(folder: Path, payloads: list[bytes] | list[int]) -> Settings:
    """A ledger whose evidence store holds these bytes (or random bytes of these sizes)."""
    settings = Settings.load(db=folder / "docket.db", operator="bench")
    with Ledger.open(settings) as ledger:
        run = ledger.begin_run("bench verify")
        for n, item in enumerate(payloads):
            data = os.urandom(item) if isinstance(item, int) else item
            placed = ledger.evidence.put_bytes(data)
            ledger.register_container(placed, "jsonl", f"bench/{n}.jsonl", run)
        ledger.finish_run(run, "finished", {}, [])
    return settings


def measure(settings: Settings, threads: list[int]) -> list[tuple[str, int, int, float]]:
    rows = []
    with Ledger.open(settings) as ledger:
        for count in threads:
            report = verify_ledger(ledger, threads=count)
            assert report.ok, report.problems[:3]
            rows.append((f"full, {count} thread(s)", report.hashed, report.bytes,
                         report.seconds))
        quick = verify_ledger(ledger, changed_only=True)
        rows.append(("--changed, nothing changed", quick.files, 0, quick.seconds))
    files = sorted(str(p) for p in settings.evidence_path.rglob("*")
                   if p.is_file() and not p.name.startswith("."))
    if shutil.which("sha256sum"):
        started = time.perf_counter()
        for i in range(0, len(files), 500):
            subprocess.run(["sha256sum", *files[i:i + 500]], check=True,
                           stdout=subprocess.DEVNULL)
        total = sum(os.path.getsize(f) for f in files)
        rows.append(("sha256sum (reference)", len(files), total, time.perf_counter() - started))
    return rows


def show(title: str, rows: list[tuple[str, int, int, float]]) -> None:
    print(f"\n{title}")
    print(f"{'check':<30} {'files':>7} {'MB':>9} {'seconds':>8} {'MB/s':>8}")
    for name, files, size, seconds in rows:
        rate = f"{size / 1e6 / seconds:8.0f}" if size and seconds else f"{'—':>8}"
        print(f"{name:<30} {files:>7} {size / 1e6:>9.1f} {seconds:>8.2f} {rate}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024, help="size of the synthetic store")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the ledgers here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="docket-bench-verify-"))
    try:
        started = time.perf_counter()
        sizes = synthetic_sizes(args.mb)
        settings = build(base / "synthetic", sizes)
        print(f"synthetic store: {len(sizes)} files, {sum(sizes) / 1e6:.0f} MB, built in "
              f"{time.perf_counter() - started:.0f} s; cpus: {os.cpu_count()}")
        show("synthetic", measure(settings, args.threads))
        if args.corpus.is_dir():
            payloads = sorted({p.read_bytes() for p in args.corpus.rglob("*")
                               if p.is_file() and p.stat().st_size})
            corpus = build(base / "corpus", payloads)
            print(f"\ncorpus store ({args.corpus}): {len(payloads)} distinct files, "
                  f"{sum(map(len, payloads)) / 1e6:.0f} MB")
            show("corpus", measure(corpus, args.threads))
        else:
            print(f"\n{args.corpus} absent: synthetic store only")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
