"""Benchmark: end-to-end throughput with worker processes, and cost per added document.

    python bench/scale.py throughput [--docs 20000] [--workers 2] [--floor-docs 2000]
    python bench/scale.py floor [--workers 2] [--floor-docs 2000]
    python bench/scale.py growth [--sizes 10000,100000,1000000] [--added 1000]
    python bench/scale.py link [--docs 2000] [--articles 40] [--pairs 10]

`throughput` writes perturbed copies of the ../shared/corpus/news articles (identical bytes
are stored once, so every copy differs: sentences dropped, numbers changed, a dateline and an
outlet line of its own) as JSON Lines files of 1,000 articles, then times:
  - the floor: the spaCy pipeline alone (the backbone Docket loads) over the same texts in the
    same number of processes (`--floor-docs` of them: it is a rate), once with `nlp(text)` per
    text and once with `nlp.pipe` (batched); the ratio is taken against the faster;
  - `docket ingest --workers N` of all of them into a fresh ledger, end to end: reading,
    evidence store, every per-document stage, ledger writes, and the link step at the end;
and prints documents per second, their ratio, and the peak resident memory of each worker.

`growth` measures how the cost of adding documents grows with the ledger. It analyses
`--added` perturbed articles once (the per-document stages do not depend on the ledger), builds
a base ledger from 1,000 more, then seeds ledgers of each size synthetically by replicating the
base ledger's rows under new ids (documents with short texts; fingerprints, candidate-index
bands and incident keys moved so replicas do not pile into one bucket; events, stories and
incidents), and times storing the added documents and linking them, per document.

`link` measures the link step on a flood of near-copies (issue 20): `--docs` perturbed copies
of the first `--articles` articles (50 copies of each by default, the throughput run's worst
case in small), ingested once; then the whole ledger is linked again (`link_ledger(...,
everything=True)`) with no bound on the pairs scored per document and with `--pairs`, and for
each it prints the time, the pairs scored per document (mean, maximum) and the stories'
pairwise precision and recall against the article each copy was made from.

Skips cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.ledger.store import Ledger  # noqa: E402
from docket.model import Record  # noqa: E402
from docket.settings import Settings  # noqa: E402
from docket.workflows.link_step import link_ledger  # noqa: E402
from docket.workflows.parallel import Analysed, AnalyserPool  # noqa: E402
from docket.workflows.pipeline import line_keys  # noqa: E402
from docket.workflows.runner import ingest_paths  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "news"
PER_FILE = 1000
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+")
_PLACES = ("Kharkiv", "Kherson", "Odesa", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Lviv",
           "Chernihiv", "Poltava", "Kramatorsk", "Bakhmut")


def load_articles(corpus: Path) -> list[dict[str, str]]:
    csv.field_size_limit(10_000_000)
    rows: list[dict[str, str]] = []
    for name in ("guardian_russia_ukraine.csv", "nyt_russia_ukraine.csv"):
        with (corpus / name).open(encoding="utf-8", newline="") as handle:
            rows.extend(r for r in csv.DictReader(handle) if (r.get("articles") or "").strip())
    return rows


def perturbed(articles: list[dict[str, str]], count: int, seed: int) -> Iterator[dict[str, str]]:
    """`count` articles, each a different copy of one of `articles`."""
    rng = random.Random(seed)
    for number in range(count):
        row = articles[number % len(articles)]
        paragraphs = []
        for paragraph in row["articles"].split("\n"):
            kept = [s for s in _SENTENCE.split(paragraph) if s and rng.random() > 0.15]
            if kept:
                paragraphs.append(" ".join(kept))
        text = "\n\n".join(paragraphs) or row["articles"]
        text = _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()))), text)
        place = rng.choice(_PLACES)
        yield {"url": f"https://bench.example/{number}", "title": row["headlines"],
               "published": row["published"],
               "text": f"{place.upper()}, copy {number} —\n\n{text}\n\nOutlet {number % 97}"}


def write_inputs(articles: list[dict[str, str]], count: int, folder: Path, seed: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    handle = None
    for number, item in enumerate(perturbed(articles, count, seed)):
        if number % PER_FILE == 0:
            if handle:
                handle.close()
            handle = (folder / f"part-{number // PER_FILE:04d}.jsonl").open("w", encoding="utf-8")
        words += len(item["text"].split())
        handle.write(json.dumps(item, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
    if handle:
        handle.close()
    return words


# --- the spaCy floor -------------------------------------------------------------------------

def _floor_worker(texts: list[str], model: str, batched: bool,
                  out: multiprocessing.Queue) -> None:
    from docket.nlp.backbone import load_backbone

    nlp = load_backbone(model).nlp
    started = time.perf_counter()
    if batched:
        for _ in nlp.pipe(texts):
            pass
    else:
        for text in texts:
            nlp(text)
    out.put((time.perf_counter() - started, _peak_kb(os.getpid())))


def floor_rate(texts: list[str], workers: int, model: str,
               batched: bool = True) -> tuple[float, list[int]]:
    """Documents per second of spaCy alone over `texts` in `workers` processes, model loading
    excluded: `nlp.pipe` over all of them (batched, spaCy's fastest way), or `nlp(text)` one
    by one."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    parts = [texts[i::workers] for i in range(workers)]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    procs = [context.Process(target=_floor_worker, args=(p, model, batched, out))
             for p in parts]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    slowest = max(seconds for seconds, _ in results)
    return len(texts) / slowest, [kb for _, kb in results]


# --- memory ----------------------------------------------------------------------------------

def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class ChildMemory:
    """Samples the peak resident memory (VmHWM) of this process's children while it runs."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(1.0):
            for pid in _children(me):
                self.peaks[pid] = max(self.peaks.get(pid, 0), _peak_kb(pid))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


# --- throughput ------------------------------------------------------------------------------

def throughput(args: argparse.Namespace) -> None:
    articles = load_articles(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="docket-scale-"))
    try:
        settings = Settings.load(db=work / "ledger" / "docket.db", operator="bench")
        floor = measure_floor(articles, args, settings.spacy_model)
        if args.mode == "floor":
            return
        inputs = work / "inputs"
        words = write_inputs(articles, args.docs, inputs, args.seed)
        print(f"{args.docs} perturbed articles, {words / args.docs:.0f} words each on average, "
              f"in {len(list(inputs.glob('*.jsonl')))} JSONL files")
        timing = _Timing()
        with Ledger.open(settings) as ledger, ChildMemory() as memory:
            started = time.perf_counter()
            summary = ingest_paths(ledger, [inputs], settings, workers=args.workers,
                                   reporter=timing)
            total = time.perf_counter() - started
        analysed = (timing.last_record or time.perf_counter()) - started
        new = summary.counts["new"]
        print(f"docket ingest --workers {args.workers}: {new} new, "
              f"{summary.counts['failed']} failed in {total:.0f} s: {new / total:.2f} docs/s "
              f"end to end ({new / analysed:.2f} docs/s until the last document was stored; "
              f"the link step took {total - analysed:.0f} s)")
        print(f"ratio to the floor: {new / total / floor:.2f} end to end, "
              f"{new / analysed / floor:.2f} before linking")
        workers = sorted(memory.peaks.items(), key=lambda kv: -kv[1])[:args.workers]
        print("peak memory per worker: " + ", ".join(f"{kb / 1024:.0f} MB" for _, kb in workers)
              + f"; main process {_peak_kb(os.getpid()) / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_floor(articles: list[dict[str, str]], args: argparse.Namespace, model: str) -> float:
    """The floor, both ways; the ratio is taken against the faster of the two."""
    texts = [item["text"] for item in perturbed(articles, args.floor_docs, args.seed)]
    rates = {}
    for batched in (False, True):
        rate, peaks = floor_rate(texts, args.workers, model, batched)
        rates[batched] = rate
        print(f"floor: spaCy alone ({'nlp.pipe, batched' if batched else 'nlp(text) each'}), "
              f"{args.workers} process(es), {args.floor_docs} docs: {rate:.2f} docs/s; peak "
              f"memory per process {', '.join(f'{kb / 1024:.0f} MB' for kb in peaks)}")
    return max(rates.values())


class _Timing:
    """A reporter that notes when the last document was stored."""

    last_record: float | None = None

    def start(self, total: int) -> None:
        pass

    def file_started(self, path: str) -> None:
        pass

    def record_done(self, outcome: str) -> None:
        self.last_record = time.perf_counter()

    def file_done(self, size: int) -> None:
        pass


# --- growth ----------------------------------------------------------------------------------

_REPLICATED = ("document", "fingerprint", "event", "story", "story_member", "incident",
               "incident_member", "candidate_doc", "candidate_band", "incident_key",
               "link_pending")


def growth(args: argparse.Namespace) -> None:
    articles = load_articles(args.corpus)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="docket-growth-"))
    try:
        settings = Settings.load(db=work / "base" / "docket.db", operator="bench")
        items = list(perturbed(articles, args.base + args.added, args.seed))
        records = [Record("jsonl", json.dumps(item).encode(), f"bench-{n}.jsonl", "line 1")
                   for n, item in enumerate(items)]
        started = time.perf_counter()
        with AnalyserPool(settings, args.workers) as pool:
            analysed = list(pool.analyse(records))
        per_doc = (time.perf_counter() - started) / len(records)
        print(f"analysed {len(records)} documents once: {per_doc * 1000:.0f} ms per document "
              f"with {args.workers} worker(s) (independent of the ledger)")
        base, added = analysed[:args.base], analysed[args.base:]
        with Ledger.open(settings) as ledger:
            _store(ledger, base)
            link_ledger(ledger)
        print(f"{'ledger':>10} {'seed s':>7} {'store ms/doc':>13} {'link ms/doc':>12} "
              f"{'total ms/doc':>13} {'db MB':>7}")
        for size in sizes:
            db = work / f"l{size}" / "docket.db"
            db.parent.mkdir()
            t0 = time.perf_counter()
            _seed(work / "base" / "docket.db", db, size)
            seeded = time.perf_counter() - t0
            grown = Settings.load(db=db, operator="bench",
                                  evidence_dir=work / "base" / "docket.evidence")
            with Ledger.open(grown) as ledger:
                t1 = time.perf_counter()
                _store(ledger, added)
                t2 = time.perf_counter()
                link_ledger(ledger)
                t3 = time.perf_counter()
            n = len(added)
            mb = sum(f.stat().st_size for f in db.parent.glob("docket.db*")) / 1e6
            print(f"{size:>10,} {seeded:>7.0f} {(t2 - t1) / n * 1000:>13.2f} "
                  f"{(t3 - t2) / n * 1000:>12.2f} {(t3 - t1) / n * 1000:>13.2f} {mb:>7.0f}",
                  flush=True)
            shutil.rmtree(db.parent, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


_COPY = re.compile(r"copy (\d+) —")


def link_flood(args: argparse.Namespace) -> None:
    articles = load_articles(args.corpus)[:args.articles]
    work = Path(tempfile.mkdtemp(prefix="docket-link-"))
    try:
        inputs = work / "inputs"
        write_inputs(articles, args.docs, inputs, args.seed)
        settings = Settings.load(db=work / "ledger" / "docket.db", operator="bench",
                                 story_pairs_per_document=args.pairs)
        with Ledger.open(settings) as ledger:
            started = time.perf_counter()
            summary = ingest_paths(ledger, [inputs], settings, workers=args.workers)
            print(f"{args.docs} copies of {len(articles)} articles ingested in "
                  f"{time.perf_counter() - started:.0f} s ({summary.counts['new']} new)")
            source = {d.id: int(m.group(1)) % len(articles) for d in ledger.iter_documents()
                      if (m := _COPY.search(d.text))}
        gold = _pairs_of(_groups(source))
        for pairs in (0, args.pairs):
            bounded = dataclasses.replace(settings, story_pairs_per_document=pairs)
            with Ledger.open(bounded) as ledger:
                started = time.perf_counter()
                links = link_ledger(ledger, everything=True)
                took = time.perf_counter() - started
                stories = [st["documents"] for st in ledger.story_records()]
            found = _pairs_of(stories)
            right = len(found & gold)
            print(f"story_pairs_per_document={pairs or 'none'}: link --all {took:.1f} s, "
                  f"{links.scored_pairs / links.linked:.2f} pairs scored per document (max "
                  f"{links.most_pairs_per_document}); {len(stories)} stories, pairwise "
                  f"precision {right / max(1, len(found)):.3f} recall "
                  f"{right / max(1, len(gold)):.3f}", flush=True)
        print(f"peak memory of this process {_peak_kb(os.getpid()) / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _groups(source: dict[str, int]) -> list[list[str]]:
    out: dict[int, list[str]] = {}
    for doc, article in source.items():
        out.setdefault(article, []).append(doc)
    return list(out.values())


def _pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {(a, b) for g in groups for a in g for b in g if a < b}


def _store(ledger: Ledger, analysed: list[tuple[Record, Analysed]]) -> None:
    run = ledger.begin_run("bench")
    for record, result in analysed:
        docs = result.documents
        if docs and not ledger.has_document(docs[0].id):
            ledger.store_document(docs[0], record, run, "processed", docs[1:], line_keys)
    ledger.finish_run(run, "finished", {}, [])


def _seed(base: Path, target: Path, size: int) -> None:
    """A ledger of `size` documents: the base ledger's rows, replicated under new ids."""
    shutil.copy(base, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    have = conn.execute("SELECT count(*) FROM document").fetchone()[0]
    columns = {}
    for table in _REPLICATED:
        # Replicas are read from a snapshot of the base rows, so each copy costs the base's
        # size, not the growing table's.
        conn.execute(f"CREATE TEMP TABLE base_{table} AS SELECT * FROM {table}")
        generated = {r[1] for r in conn.execute(f"PRAGMA table_xinfo({table})")
                     if r[6] in (2, 3)}
        columns[table] = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                          if r[1] not in generated]
    copies = max(0, -(-(size - have) // have))
    conn.execute("BEGIN")
    for copy in range(1, copies + 1):
        tag = f"r{copy}_"
        _replicate(conn, "document", columns["document"],
                   {"id": f"'{tag}' || id", "full_text": "substr(full_text, 1, 300)",
                    "sha256": f"'{tag}' || sha256", "segment_of": f"'{tag}' || segment_of",
                    "text": "substr(text, 1, 300)"})
        # A replica's bands are in buckets of their own, so no new document meets it in the
        # story step and its fingerprint is never read: the row is kept, the payload is not.
        _replicate(conn, "fingerprint", columns["fingerprint"],
                   {"document_id": f"'{tag}' || document_id", "data": "'{}'"})
        _replicate(conn, "event", columns["event"],
                   {"id": f"'{tag}' || id", "document_id": f"'{tag}' || document_id"})
        _replicate(conn, "story", columns["story"], {"id": f"'{tag}' || id"})
        _replicate(conn, "story_member", columns["story_member"],
                   {"document_id": f"'{tag}' || document_id", "story_id": f"'{tag}' || story_id"})
        _replicate(conn, "incident", columns["incident"], {"id": f"'{tag}' || id"})
        _replicate(conn, "incident_member", columns["incident_member"],
                   {"event_id": f"'{tag}' || event_id", "incident_id": f"'{tag}' || incident_id",
                    "document_id": f"'{tag}' || document_id"})
        # Another copy's bands land in other buckets (a copy of the base is not a copy of
        # its documents); incident keys spread over 24 months as a long conflict's would.
        offset = copy * 1_000_003
        conn.execute(f"INSERT INTO candidate_doc (document_id, exact) SELECT '{tag}' || "
                     f"document_id, exact + {offset} FROM base_candidate_doc")
        conn.execute(f"INSERT OR IGNORE INTO candidate_band (key, num) SELECT b.key + {offset}, "
                     f"n.num FROM base_candidate_band b JOIN base_candidate_doc o ON o.num = "
                     f"b.num JOIN candidate_doc n ON n.document_id = '{tag}' || o.document_id")
        conn.execute(f"INSERT OR IGNORE INTO incident_key (key, query, event_id, document_id) "
                     f"SELECT key + {copy % 24}, query, '{tag}' || event_id, '{tag}' || "
                     "document_id FROM base_incident_key")
        if have * (copy + 1) >= size:
            break
    conn.execute("DELETE FROM link_pending")
    conn.execute("COMMIT")
    conn.close()


def _replicate(conn: sqlite3.Connection, table: str, columns: list[str],
               changed: dict[str, str]) -> None:
    picks = [changed.get(c, c) for c in columns]
    conn.execute(f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) SELECT "
                 f"{', '.join(picks)} FROM base_{table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["throughput", "floor", "growth", "link"])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--floor-docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--base", type=int, default=1000)
    parser.add_argument("--added", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--articles", type=int, default=40, help="link: articles copied")
    parser.add_argument("--pairs", type=int, default=10,
                        help="link: story_pairs_per_document to compare with no bound")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found")
        return
    if args.mode == "link":
        link_flood(args)
        return
    growth(args) if args.mode == "growth" else throughput(args)


if __name__ == "__main__":
    main()
