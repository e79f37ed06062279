"""Story pair scoring on SemEval-2022 task 8 (multilingual news article similarity).

    python bench/semeval.py [--corpus ../shared/corpus/semeval2022t8] [--threshold T] [--sweep]

Each row is a pair of news articles with a human `Overall` rating from 1 (same story) to 4
(unrelated). Both texts are fingerprinted (`docket.link.fingerprint`, text only: no entity
keys) and scored with `score_pair`. Figures:

- Pearson correlation of the pair score with -Overall, on English-English pairs and on all;
- precision / recall / F1 of `same_story` against gold "same story" (Overall <= 1.5);
- the same figures for two baselines: Jaccard of the sets of capitalised words and numbers
  (the issue's fingerprint baseline) and the char-shingle MinHash Jaccard alone.

Tuning: only `SAME_STORY_THRESHOLD` was chosen on this file (`--sweep` prints F1 at each
threshold on all pairs); nothing else is fitted, and the text is never copied. Languages come
from the file's `lang1`/`lang2` columns. Skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.link.fingerprint import StoryInput, fingerprint, minhash_values  # noqa: E402
from docket.link.stories import (  # noqa: E402
    SAME_STORY_THRESHOLD,
    rarity_weights,
    score_pair,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "semeval2022t8"
_BASELINE_TOKEN = re.compile(r"\b(?:[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ][\w-]+|\d[\d.,]*)")


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return cov / math.sqrt(vx * vy) if vx and vy else float("nan")


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def baseline(t1: str, t2: str) -> float:
    a, b = set(_BASELINE_TOKEN.findall(t1)), set(_BASELINE_TOKEN.findall(t2))
    return len(a & b) / len(a | b) if a | b else 0.0


def best_threshold(scores: list[float], gold: list[bool]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for i in range(5, 96):
        t = i / 100
        f1 = prf([s >= t for s in scores], gold)[2]
        if f1 > best[1]:
            best = (t, f1)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--threshold", type=float, default=SAME_STORY_THRESHOLD)
    ap.add_argument("--sweep", action="store_true", help="print F1 at each threshold")
    args = ap.parse_args(argv)
    path = args.corpus / "train.csv"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    started = time.perf_counter()
    ours, base, char, gold_sim, gold_same, english = [], [], [], [], [], []
    decided: list[bool] = []
    pairs = [(fingerprint(StoryInput(id="a", text=row["text1"], language=row["lang1"] or None)),
              fingerprint(StoryInput(id="b", text=row["text2"], language=row["lang2"] or None)))
             for row in rows]
    # Rarity of names and numbers over all texts of the file, as group_stories does per batch
    # (document frequencies only: the ratings are not read).
    rarity = rarity_weights(fp for pair in pairs for fp in pair)
    for row, (fa, fb) in zip(rows, pairs, strict=True):
        scored = score_pair(fa, fb, args.threshold, rarity)
        ours.append(scored.score)
        decided.append(scored.same_story)
        base.append(baseline(row["text1"], row["text2"]))
        char.append(float((minhash_values(fa.minhash) == minhash_values(fb.minhash)).mean()))
        overall = float(row["Overall"])
        gold_sim.append(-overall)
        gold_same.append(overall <= 1.5)
        english.append(row["lang1"] == "en" and row["lang2"] == "en")
    elapsed = time.perf_counter() - started
    print(f"{len(rows)} pairs ({sum(english)} English-English), {sum(gold_same)} gold same-story "
          f"(Overall <= 1.5); {elapsed:.1f} s")
    print(f"{'system':<34}{'r(en)':>8}{'r(all)':>8}{'P':>7}{'R':>7}{'F1':>7}{'thr':>6}")
    for name, scores, thr in (
        ("docket score_pair", ours, args.threshold),
        ("baseline caps+numbers Jaccard", base, None),
        ("char-5gram MinHash Jaccard", char, None),
    ):
        en_x = [s for s, e in zip(scores, english, strict=True) if e]
        en_y = [g for g, e in zip(gold_sim, english, strict=True) if e]
        if thr is None:  # baselines get their best threshold: an upper bound on them
            thr = best_threshold(scores, gold_same)[0]
            p, r, f1 = prf([s >= thr for s in scores], gold_same)
        else:
            p, r, f1 = prf(decided, gold_same)
        print(f"{name:<34}{pearson(en_x, en_y):>8.3f}{pearson(scores, gold_sim):>8.3f}"
              f"{p:>7.3f}{r:>7.3f}{f1:>7.3f}{thr:>6.2f}")
    if args.sweep:
        for i in range(10, 70, 5):
            t = i / 100
            p, r, f1 = prf([s >= t for s in ours], gold_same)
            print(f"  threshold {t:.2f}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
