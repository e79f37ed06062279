"""Ukrainian and Russian names, end to end: ner-ukru's gold spans against the JSONL export.

    python bench/ner_ukru.py [--lang uk,ru] [--corpus DIR] [--limit N] [--keep DIR]
                             [--keep-furniture] [--no-speed] [--show N]

For each language, every document of `ner-ukru/<lang>_dev/docs.jsonl` becomes one JSONL
article (`id`, `text`, `language` = the set's language: a stated language, as a user would
state it) and goes through the README's own commands in a scratch folder (`docket ingest`, then
`docket export --format jsonl`). The export's entity mentions are mapped to the scorer's labels
(person → PER, place → LOC, organization and military_unit → ORG; other kinds are not names of
this set) and their offsets carried from the document's `text` back to the article's text (the
cleaning stages normalise whitespace and may remove furniture lines: the offsets are aligned
character by character, and a name inside removed text is simply missing). Then the set's
`score_ner.py --labels PER,LOC,ORG` scores exact spans (micro F1 and per label).

Unless `--no-speed`: the per-document pipeline's speed on the same articles in one process
(after the models are loaded), and the resident memory of a fresh process after it has analysed
one English document, then one in each language (what a worker holds with and without the
Cyrillic models). Skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "ner-ukru"
LABELS = {"person": "PER", "place": "LOC", "organization": "ORG", "military_unit": "ORG"}


def _docket(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "docket", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL)


def _offset_map(ours: str, theirs: str) -> list[int | None]:
    """For each character of `ours`, the offset of the same character in `theirs` (or None)."""
    out: list[int | None] = [None] * (len(ours) + 1)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            out[a + k] = b + k
    return out


def _predictions(export: Path, gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The scorer's PRED lines: each gold document's predicted spans in its own offsets."""
    records = [json.loads(line) for line in export.open(encoding="utf-8")]
    docs = {r["id"]: r for r in records if r["type"] == "document"}
    found: dict[str, list[dict[str, Any]]] = {d["id"]: [] for d in gold}
    maps: dict[str, list[int | None]] = {}
    for r in records:
        label = LABELS.get(r.get("kind") or "") if r["type"] == "entity" else None
        if label is None:
            continue
        for m in r["mentions"]:
            doc = docs[m["document"]]
            line = int(doc["source"]["locator"].split(";")[0].split()[1])  # "line N[; ...]"
            article = gold[line - 1]
            if m["document"] not in maps:
                maps[m["document"]] = _offset_map(doc["text"], article["text"])
            offsets = maps[m["document"]]
            start, last = offsets[m["start"]], offsets[m["end"] - 1]
            if start is None or last is None:
                continue
            found[article["id"]].append({"start": start, "end": last + 1, "label": label})
    return [{"id": i, "entities": e} for i, e in found.items()]


def _score(scorer: Path, gold: Path, pred: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--labels",
                        "PER,LOC,ORG", "--json", out.name], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result: dict[str, Any] = json.loads(Path(out.name).read_text(encoding="utf-8"))
        return result


def _line(lang: str, scores: dict[str, Any]) -> str:
    exact = scores["exact"]

    def f1(key: str) -> str:
        s = exact["labels"][key] if key in exact["labels"] else exact[key]
        return f"{s['f1']:.3f} (P {s['precision']:.3f} R {s['recall']:.3f})"

    return (f"{lang}: micro F1 {f1('micro')}\n    PER {f1('PER')}\n    LOC {f1('LOC')}\n"
            f"    ORG {f1('ORG')}\n    overlap micro F1 {scores['overlap']['micro']['f1']:.3f}")


def _misses(gold: list[dict[str, Any]], pred: list[dict[str, Any]], show: int) -> None:
    """Print `show` wrong or missed spans (for reading failures; never copied anywhere)."""
    by_id = {p["id"]: {(e["start"], e["end"], e["label"]) for e in p["entities"]} for p in pred}
    shown = 0
    for doc in gold:
        want = {(e["start"], e["end"], e["label"]) for e in doc["entities"]
                if e["label"] in ("PER", "LOC", "ORG")}
        got = by_id.get(doc["id"], set())
        for s, e, lab in sorted(want ^ got):
            if shown >= show:
                return
            side = "missed" if (s, e, lab) in want else "wrong "
            print(f"  {side} {lab} {doc['text'][s:e]!r}  …{doc['text'][max(0, s - 30):s]!r}")
            shown += 1


_SPEED = r"""
import json, resource, sys, time
from docket.model import Record
from docket.settings import Settings
from docket.workflows.pipeline import process_record_all

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0

settings = Settings()
lines = {}
for lang, path in json.loads(sys.argv[1]).items():
    lines[lang] = [json.dumps({"text": json.loads(l)["text"], "language": lang}).encode()
                   for l in open(path, encoding="utf-8")][: int(sys.argv[2]) or None]
english = json.dumps({"text": "Ukraine's General Staff said on Monday that Russian forces "
                      "shelled Kharkiv overnight, wounding two people.", "language": "en"})
process_record_all(Record("jsonl", english.encode(), "w"), settings)
out = {"rss_mb": {"en": rss()}, "speed": {}}
for lang, records in lines.items():
    process_record_all(Record("jsonl", records[0], "w"), settings)  # loads the models
    out["rss_mb"][lang] = rss()
    start = time.perf_counter()
    words = 0
    for data in records:
        process_record_all(Record("jsonl", data, "bench.jsonl"), settings)
        words += len(json.loads(data)["text"].split())
    seconds = time.perf_counter() - start
    out["speed"][lang] = {"docs": len(records), "docs_per_s": len(records) / seconds,
                          "words_per_s": words / seconds}
print(json.dumps(out))
"""


def _speed(sets: dict[str, Path], limit: int) -> None:
    run = subprocess.run([sys.executable, "-c", _SPEED, json.dumps({k: str(v) for k, v in
                                                                     sets.items()}), str(limit)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    mem = result["rss_mb"]
    print("memory (RSS of one process, MB): after an English document "
          f"{mem['en']}" + "".join(f", then {lang} {mb}" for lang, mb in mem.items()
                                    if lang != "en"))
    for lang, s in result["speed"].items():
        print(f"speed {lang}: {s['docs_per_s']:.1f} documents/s, {s['words_per_s']:,.0f} "
              f"words/s ({s['docs']} documents, one process, models loaded)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", default="uk,ru")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--keep", type=Path, help="build the ledgers here and keep them")
    ap.add_argument("--show", type=int, default=0, help="print N wrong or missed spans")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--keep-furniture", action="store_true",
                    help="ingest with --keep-furniture: score the analysis stages on whole texts")
    args = ap.parse_args(argv)
    scorer = args.corpus / "score_ner.py"
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    sets = {lang: args.corpus / f"{lang}_dev" / "docs.jsonl" for lang in langs}
    if not scorer.exists() or not all(p.exists() for p in sets.values()):
        print(f"skipped: {args.corpus} (score_ner.py and <lang>_dev/docs.jsonl) not found")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        for lang, path in sets.items():
            work = (args.keep or Path(scratch)) / lang
            work.mkdir(parents=True, exist_ok=True)
            gold = [json.loads(line) for line in path.open(encoding="utf-8")]
            if args.limit:
                gold = gold[: args.limit]
            gold_path = work / "gold.jsonl"
            gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n"
                                         for d in gold), encoding="utf-8")
            articles = work / "articles.jsonl"
            articles.write_text("".join(json.dumps({"id": d["id"], "text": d["text"],
                                                    "language": lang}, ensure_ascii=False)
                                        + "\n" for d in gold), encoding="utf-8")
            started = time.perf_counter()
            _docket("ingest", str(articles), *(["--keep-furniture"] if args.keep_furniture
                                               else []), cwd=work)
            _docket("export", "--format", "jsonl", "--out", "export.jsonl", cwd=work)
            seconds = time.perf_counter() - started
            pred = _predictions(work / "export.jsonl", gold)
            pred_path = work / "pred.jsonl"
            pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
            print(f"{lang}_dev: {len(gold)} documents, ingest and export in {seconds:.0f} s")
            print(_line(lang, _score(scorer, gold_path, pred_path)))
            _misses(gold, pred, args.show)
    if not args.no_speed:
        _speed(sets, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
