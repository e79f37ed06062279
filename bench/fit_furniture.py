"""Fit the plain-text furniture model on the labelled furniture sets, with page-grouped CV.

    python bench/fit_furniture.py [--corpus DIR ...] [--threshold 0.5] [--l2 10]
        [--write]      (write docket/data/furniture_model.json; otherwise only report)

By default the model is fitted on `newsfurniture` (40 English pages) and `newsfurniture-2` (40
pages: English reprints and aggregators, Ukrainian, Russian) together, whichever are present.
It is a logistic regression over the line features of `docket.clean.furniture_features` (no
words, no text: feature names, standardisation and weights only), fitted on the lines no
transparent rule decides, since those are the lines it will be asked about. Its figures are
leave-one-page-out: every page is scored by a model fitted on all the other pages of both sets,
rules and all, so no figure printed here comes from a page the model saw. They are printed per
set and per language. Skips cleanly without the corpora.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.clean.furniture import (  # noqa: E402
    MODEL_PATH,
    FurnitureModel,
    LineVerdict,
    PageAnalysis,
    analyse_page,
    classify_lines,
)
from docket.clean.furniture_features import FEATURES  # noqa: E402
from docket.clean.language import detect_language  # noqa: E402
from docket.clean.normalize import normalize_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpus"
DEFAULT_CORPORA = (CORPORA / "newsfurniture", CORPORA / "newsfurniture-2")
MODEL_NAME = "furniture-lr"
MODEL_VERSION = 1
_TOKEN = re.compile(r"\w+")


@dataclass
class LabelledPage:
    """One corpus page as the pipeline would see it, with the label of each non-empty line."""

    name: str
    full_text: str
    labels: list[dict[str, object]]  # in line order, aligned with the page's non-empty lines
    corpus: str = ""  # the set's folder name
    language: str = ""  # Docket's own guess for the page's text


# The pipeline's own layout of plain text, so the model sees what it will see in use.
normalise_page = normalize_text


def load_corpus(corpus: Path) -> list[LabelledPage]:
    by_page: dict[str, list[dict[str, object]]] = defaultdict(list)
    with (corpus / "labels.jsonl").open(encoding="utf-8") as fh:
        for raw in fh:
            rec = json.loads(raw)
            by_page[rec["page"]].append(rec)
    pages = []
    for name in sorted(by_page):
        recs = sorted(by_page[name], key=lambda r: int(str(r["line"])))
        text = normalise_page((corpus / "pages" / name).read_text(encoding="utf-8"))
        language = detect_language(text).code or "?"
        pages.append(LabelledPage(name, text, recs, corpus.name, language))
    return pages


def load_corpora(corpora: list[Path] | tuple[Path, ...]) -> list[LabelledPage]:
    """Every labelled page of the sets that are present (page names must not collide)."""
    pages = [page for corpus in corpora if (corpus / "labels.jsonl").exists()
             for page in load_corpus(corpus)]
    names = [page.name for page in pages]
    if len(set(names)) != len(names):
        raise SystemExit("two furniture sets share page names: cannot pool them")
    return pages


def report_by_group(pages: list[LabelledPage], verdicts: dict[str, list[LineVerdict]]) -> str:
    """`line_report` per set and per language, errors left out."""
    out = []
    for label, key in (("set", lambda p: p.corpus), ("language", lambda p: p.language)):
        for group in sorted({key(p) for p in pages}):
            chosen = [p for p in pages if key(p) == group]
            out.append(f"-- {label} {group} ({len(chosen)} pages)")
            out.append(line_report(chosen, verdicts).split("errors:")[0].rstrip())
    return "\n".join(out)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w[:-1], float(w[-1])


def training_rows(pages: list[LabelledPage]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Feature rows and drop labels of the lines no rule decides; plus each row's page."""
    xs, ys, owners = [], [], []
    for page in pages:
        analysis = analyse_page(page.full_text)
        _check_alignment(page, analysis)
        for i, rec in enumerate(page.labels):
            if analysis.decided[i] is not None or i == analysis.headline:
                continue
            xs.append(analysis.features[i])
            ys.append(1.0 if rec["label"] == "drop" else 0.0)
            owners.append(page.name)
    return np.array(xs), np.array(ys), owners


def _check_alignment(page: LabelledPage, analysis: PageAnalysis) -> None:
    if len(analysis.shapes) != len(page.labels):
        raise SystemExit(f"{page.name}: {len(analysis.shapes)} lines but {len(page.labels)} labels")


def fit_model(x: np.ndarray, y: np.ndarray, l2: float, threshold: float) -> FurnitureModel:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    weights, bias = fit_logistic((x - mean) / scale, y, l2)
    return FurnitureModel(MODEL_NAME, MODEL_VERSION, FEATURES, mean, scale, weights, bias,
                          threshold)


DEFAULT_L2 = 30.0  # chosen on the pooled leave-one-page-out figures among 3, 10, 30 (t 0.45-0.55)
DEFAULT_THRESHOLD = 0.5


def cross_validated_verdicts(
    pages: list[LabelledPage], l2: float = DEFAULT_L2, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, list[LineVerdict]]:
    """Leave-one-page-out: each page classified by a model fitted without it."""
    x, y, owners = training_rows(pages)
    owner = np.array(owners)
    out = {}
    for page in pages:
        mask = owner != page.name
        model = fit_model(x[mask], y[mask], l2, threshold)
        out[page.name] = classify_lines(page.full_text, model=model)
    return out


def kept_text(full_text: str, verdicts: list[LineVerdict]) -> str:
    return "\n".join(full_text[v.start:v.end] for v in verdicts if not v.drop) + "\n"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def line_report(pages: list[LabelledPage], verdicts: dict[str, list[LineVerdict]]) -> str:
    """Drop P/R/F1, recall by kind, kept-token F1: the corpus scorer's figures, from verdicts."""
    c: Counter[str] = Counter()
    kind_tot: Counter[str] = Counter()
    kind_hit: Counter[str] = Counter()
    wrong: list[str] = []
    f1s, clean = [], []
    inter_sum = gold_sum = out_sum = 0
    for page in pages:
        vs = verdicts[page.name]
        for rec, v in zip(page.labels, vs, strict=True):
            gold = rec["label"] == "drop"
            c[("tp" if gold else "fp") if v.drop else ("fn" if gold else "tn")] += 1
            if gold:
                kind_tot[str(rec["kind"])] += 1
                kind_hit[str(rec["kind"])] += v.drop
            if gold != v.drop:
                wrong.append(f"  {page.name}:{rec['line']} gold={rec['kind']} got={v.kind} "
                             f"({v.rule})")
        g = Counter(_TOKEN.findall("\n".join(str(r["text"]) for r in page.labels
                                             if r["label"] == "keep").lower()))
        o = Counter(_TOKEN.findall(kept_text(page.full_text, vs).lower()))
        inter = sum((g & o).values())
        inter_sum += inter
        gold_sum += sum(g.values())
        out_sum += sum(o.values())
        _, _, f = _prf(inter, sum(o.values()) - inter, sum(g.values()) - inter)
        f1s.append(f)
        if not any(r["label"] == "drop" for r in page.labels):
            clean.append(f)
    p, r, f = _prf(c["tp"], c["fp"], c["fn"])
    _, _, micro = _prf(inter_sum, out_sum - inter_sum, gold_sum - inter_sum)
    lines = [
        f"drop P/R/F1: {p:.3f} {r:.3f} {f:.3f}  tp={c['tp']} fp={c['fp']} fn={c['fn']}",
        "drop recall by kind: "
        + ", ".join(f"{k} {kind_hit[k]}/{kind_tot[k]}" for k in sorted(kind_tot)),
        f"kept-token F1 micro {micro:.3f}, macro {sum(f1s) / len(f1s):.3f}, "
        f"furniture-free pages {sum(clean) / max(len(clean), 1):.3f}",
        "errors:",
        *wrong,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=list(DEFAULT_CORPORA))
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--l2", type=float, default=DEFAULT_L2)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--quiet", action="store_true", help="no per-line error list")
    args = parser.parse_args(argv)
    pages = load_corpora(args.corpus)
    if not pages:
        print(f"no furniture set found at {', '.join(map(str, args.corpus))}: nothing to fit")
        return 0
    verdicts = cross_validated_verdicts(pages, args.l2, args.threshold)
    report = line_report(pages, verdicts)
    print("leave-one-page-out cross-validation (rules + model refitted without the page), "
          "all pages:")
    print(report.split("errors:")[0] if args.quiet else report)
    print(report_by_group(pages, verdicts))
    x, y, _ = training_rows(pages)
    model = fit_model(x, y, args.l2, args.threshold)
    print(f"fitted on {len(y)} lines no rule decides ({int(y.sum())} furniture)")
    for name, weight in sorted(zip(FEATURES, model.weights, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:16} {weight:+.2f}")
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        cv_line = report.splitlines()[0]
        data = model.to_json(
            fitted_on=" + ".join(sorted({p.corpus for p in pages}))
            + " labels: feature rows of lines no rule decides; no text",
            command="bench/fit_furniture.py --write"
            + (f" --threshold {args.threshold}" if args.threshold != DEFAULT_THRESHOLD else "")
            + (f" --l2 {args.l2}" if args.l2 != DEFAULT_L2 else ""),
            cross_validated=cv_line,
        )
        MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
