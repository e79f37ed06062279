"""Benchmark: page furniture in plain text, on both newsfurniture sets and on textclean's all_text.

    python bench/furniture.py                 (every corpus present)
    python bench/furniture.py --only news     (newsfurniture and newsfurniture-2 only)
    python bench/furniture.py --only textclean [--worst 10]
    python bench/fit_furniture.py --write     (refit the shipped model first)

(a) newsfurniture (40 English pages) and newsfurniture-2 (40 pages: English reprints and
aggregators, Ukrainian, Russian): every page goes through the real pipeline as plain text (or,
when the pipeline cannot be imported, through the same line normalisation and
`find_furniture`); the kept text is written to a temporary OUTDIR and scored by the set's own
`score.py OUTDIR`. The shipped model was fitted on both sets, so those figures are optimistic;
the honest ones are printed second: leave-one-page-out, each page cleaned by a model refitted
on every other page of both sets, scored by `score.py` and then per language.
(b) textclean: `all_text.txt` (every visible text block of the page) is cleaned as plain text
and the kept text scored against `gold.txt`: token-level precision, recall and F1 (lower-cased
\\w+ runs as a bag), macro over pages and micro over tokens, by source, with the keep-everything
baseline. Nothing is fitted on textclean (Dragnet pages are AGPL: measured only).
Skips each corpus cleanly when it is absent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fit_furniture import (  # noqa: E402
    LabelledPage,
    cross_validated_verdicts,
    kept_text,
    line_report,
    load_corpora,
    normalise_page,
)
from tokenscore import TokenScore  # noqa: E402

from docket.clean.furniture import LineVerdict, find_furniture  # noqa: E402
from docket.model import Span  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpus"
_TOKEN_RE = __import__("re").compile(r"\w+")


def remove_spans(full_text: str, spans: tuple[Span, ...]) -> str:
    out, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        out.append(full_text[at:span.start])
        at = max(at, span.end)
    out.append(full_text[at:])
    return "".join(out)


def clean_by_furniture(text: str) -> str:
    full_text = normalise_page(text)
    return remove_spans(full_text, find_furniture(full_text))


def _pipeline_cleaner() -> Callable[[str], str] | None:
    """The real pipeline's kept text for a plain-text record, when the pipeline imports."""
    try:
        from docket.model import Record
        from docket.settings import Settings
        from docket.workflows.pipeline import process_record
    except Exception as exc:  # noqa: BLE001 - another stage may be mid-edit
        print(f"(pipeline not importable: {exc}; using normalise + find_furniture)")
        return None
    settings = Settings()

    def run(text: str) -> str:
        return process_record(Record("text", text.encode("utf-8"), "page.txt"), settings,
                              analyse=False).text

    return run


def run_score(corpus: Path, outdir: Path) -> str:
    done = subprocess.run([sys.executable, str(corpus / "score.py"), str(outdir)],
                          capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def bench_news(corpora: list[Path]) -> None:
    present = [c for c in corpora if (c / "score.py").exists()]
    for corpus in corpora:
        if corpus not in present:
            print(f"{corpus.name} not found at {corpus}: skipped")
    if not present:
        return
    pages = load_corpora(present)
    cleaner = _pipeline_cleaner() or clean_by_furniture
    verdicts = cross_validated_verdicts(pages)
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in present:
            _bench_set(corpus, [p for p in pages if p.corpus == corpus.name], cleaner, verdicts,
                       Path(tmp) / corpus.name)
    for language in sorted({p.language for p in pages}):
        chosen = [p for p in pages if p.language == language]
        print(f"== language {language} ({len(chosen)} pages), leave-one-page-out")
        print(line_report(chosen, verdicts).split("errors:")[0])


def _bench_set(corpus: Path, pages: list[LabelledPage], cleaner: Callable[[str], str],
               verdicts: dict[str, list[LineVerdict]], out: Path) -> None:
    shipped, cv_out = out / "shipped", out / "cv"
    shipped.mkdir(parents=True)
    cv_out.mkdir()
    start = time.perf_counter()
    for labelled in pages:
        page = corpus / "pages" / labelled.name
        (shipped / page.name).write_text(cleaner(page.read_text(encoding="utf-8")),
                                         encoding="utf-8")
    seconds = time.perf_counter() - start
    print(f"== {corpus.name}, shipped model (fitted on these pages: optimistic), "
          f"{len(pages) / seconds:.0f} pages/s")
    print(run_score(corpus, shipped))
    for labelled in pages:
        (cv_out / labelled.name).write_text(
            kept_text(labelled.full_text, verdicts[labelled.name]), encoding="utf-8")
    print(f"== {corpus.name}, leave-one-page-out CV (model refitted without each page): "
          "the honest figures")
    print(run_score(corpus, cv_out))
    print(line_report(pages, verdicts).split("errors:")[0])


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def bench_textclean(corpus: Path, worst: int) -> None:
    if not corpus.exists():
        print(f"textclean not found at {corpus}: skipped")
        return
    systems: dict[str, Callable[[str], str]] = {
        "keep everything": lambda text: text,
        "docket furniture": clean_by_furniture,
    }
    scores = {(name, src): TokenScore() for name in systems for src in ("all", "cleaneval",
                                                                         "dragnet")}
    seconds = 0.0
    pages = sorted(p for p in corpus.iterdir() if (p / "all_text.txt").exists())
    for page in pages:
        text = (page / "all_text.txt").read_text(encoding="utf-8", errors="replace")
        gold = (page / "gold.txt").read_text(encoding="utf-8", errors="replace")
        source = page.name.split("-")[0]
        for name, system in systems.items():
            start = time.perf_counter()
            predicted = system(text)
            if name != "keep everything":
                seconds += time.perf_counter() - start
            for src in ("all", source):
                scores[(name, src)].add(page.name, _tokens(predicted), _tokens(gold), 0.0)
    print(f"== textclean all_text.txt -> plain-text furniture ({len(pages) / seconds:.0f} pages/s)")
    print(f"{'system / pages':34} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}   "
          f"{'microP':>6} {'microR':>6} {'microF':>6}")
    for src in ("all", "cleaneval", "dragnet"):
        for name in systems:
            print(scores[(name, src)].row(f"{name} [{src}]"))
    if worst:
        ranked = sorted(scores[("docket furniture", "cleaneval")].per_page.items(),
                        key=lambda kv: kv[1][2])
        print("worst cleaneval pages:", ", ".join(f"{k} {v[2]:.2f}" for k, v in ranked[:worst]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--only", choices=("news", "textclean"))
    parser.add_argument("--worst", type=int, default=0)
    args = parser.parse_args(argv)
    if args.only in (None, "news"):
        bench_news([args.corpora / "newsfurniture", args.corpora / "newsfurniture-2"])
    if args.only in (None, "textclean"):
        bench_textclean(args.corpora / "textclean", args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
