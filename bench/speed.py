"""Benchmark: words per second of the whole per-document pipeline against spaCy alone.

    python bench/speed.py [--limit N] [--corpus DIR]

Reads ../shared/corpus/news (Guardian and NYT war reporting, 2022) and times, on the same
texts in one process: (1) spaCy alone (the backbone pipeline over each text), and (2) Docket's
whole per-document pipeline (decode, normalise, furniture, metadata, language, entities, places,
units, times) on each text as a JSON Lines record with its publication date. Words are
whitespace-separated tokens of the text. Skips cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.model import Record  # noqa: E402
from docket.nlp.backbone import load_backbone  # noqa: E402
from docket.settings import Settings  # noqa: E402
from docket.workflows.pipeline import process_record_all  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "news"


def load_articles(corpus: Path, limit: int | None) -> list[dict[str, str]]:
    csv.field_size_limit(10_000_000)
    rows: list[dict[str, str]] = []
    for name in ("guardian_russia_ukraine.csv", "nyt_russia_ukraine.csv"):
        with (corpus / name).open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows[:limit] if limit else rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not (args.corpus / "guardian_russia_ukraine.csv").is_file():
        print(f"news corpus not found at {args.corpus}; skipping")
        return 0
    rows = load_articles(args.corpus, args.limit)
    texts = [r["articles"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    settings = Settings()
    backbone = load_backbone(settings.spacy_model)
    # Warm both paths once so model loading is not timed.
    process_record_all(Record("jsonl", json.dumps({"text": texts[0]}).encode(), "w"), settings)

    start = time.perf_counter()
    for text in texts:
        backbone.nlp(text)
    spacy_seconds = time.perf_counter() - start

    start = time.perf_counter()
    mentions = 0
    for row in rows:
        line = json.dumps({"title": row["headlines"], "published": row["published"],
                           "text": row["articles"]}).encode()
        for doc in process_record_all(Record("jsonl", line, "bench.jsonl"), settings):
            mentions += len(doc.mentions)
    docket_seconds = time.perf_counter() - start

    print(f"{len(texts)} articles, {words} words, {mentions} mentions")
    print(f"spaCy alone ({backbone.label}): {words / spacy_seconds:,.0f} words/s "
          f"({len(texts) / spacy_seconds:.1f} docs/s)")
    print(f"Docket pipeline:                {words / docket_seconds:,.0f} words/s "
          f"({len(texts) / docket_seconds:.1f} docs/s)")
    print(f"ratio Docket / spaCy: {spacy_seconds / docket_seconds:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
