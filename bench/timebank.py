"""Benchmark: normalisation and recognition of DATE expressions on TempEval-3 TimeBank.

Reads ../shared/corpus/tempeval3/timebank/*.tml (see its README.md) and prints:

- normalisation: for every TIMEX3 of type DATE except the document creation time (DCT), the
  value of `normalize_expression(gold span text, DCT, text before the span)` against the gold
  `value` (the product reads the preceding words of the sentence for tense and for the quarter
  being reported, as `find_time_expressions` does). Headline:
  strict exact-match accuracy over ALL such timexes, with a breakdown by gold shape and by error
  category, and the dateparser-alone baseline (`dateparser.parse` with RELATIVE_BASE = DCT,
  formatted to the gold's granularity);
- recognition: precision and recall of `find_time_expressions` over the document text against
  the gold DATE spans (any overlap counts as a match), and words per second.

Skips cleanly (exit 0) when the corpus is absent.

    python bench/timebank.py [--corpus DIR] [--show N] [--category NAME]

What counts as correct (strict): the predicted value, after the TimeML adapter below, equals the
gold value character for character. The adapter only renames the product's rules into TimeML's
reference tokens; it never looks at the gold:

- rule "present" ('now', 'currently': the product resolves these to the publication date)
  → PRESENT_REF; rules "vague_past" / "vague_future" (no value in the product) → PAST_REF /
  FUTURE_REF. Everything else is the product's value as is (TimeML and the product share ISO
  forms: 1998-W08, 1998-W08-WE, 1998-Q3, 1998-H1, 1998-SU, 199 for a decade, 19 for a century).

Gold values with unknown parts ("1998-WXX", "1989-QX", "199X") can never be matched strictly
(the product always states a definite value or none); the "lenient" figure lets an X in the gold
match any character, and is reported beside the strict one, never instead of it. Durations
("P1D") are TIMEX3 type DURATION in TimeML and are not part of this benchmark.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.model import PublishedDate  # noqa: E402
from docket.nlp.temporal import find_time_expressions, normalize_expression  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "tempeval3"

# The product's rules that TimeML writes as reference tokens instead of values.
TIMEML_TOKENS = {"present": "PRESENT_REF", "vague_past": "PAST_REF",
                 "vague_future": "FUTURE_REF"}


@dataclass(frozen=True)
class GoldDate:
    document: str
    text: str
    value: str
    dct: str
    before: str  # the document text before the expression (the product reads its sentence)
    start: int  # offsets into the document's plain text
    end: int


@dataclass(frozen=True)
class GoldDocument:
    name: str
    dct: str
    text: str
    dates: list[GoldDate]
    other_timex: list[tuple[int, int]]  # TIME, DURATION, SET spans: not DATE, not errors either


def read_document(path: Path) -> GoldDocument | None:
    root = ElementTree.parse(path).getroot()
    dct = next((t.get("value", "") for t in root.iter("TIMEX3")
                if t.get("functionInDocument") == "CREATION_TIME"), "")
    body = root.find("TEXT")
    if body is None or not dct:
        return None
    parts: list[str] = []
    dates: list[GoldDate] = []
    others: list[tuple[int, int]] = []
    length = 0

    def walk(node: ElementTree.Element) -> None:
        nonlocal length
        start = length
        if node.text:
            parts.append(node.text)
            length += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if node.tag == "TIMEX3" and node.get("functionInDocument") != "CREATION_TIME":
            if node.get("type") == "DATE":
                dates.append(GoldDate(path.stem, "", node.get("value", ""), dct, "", start,
                                      length))
            else:
                others.append((start, length))

    walk(body)
    text = "".join(parts)
    dates = [GoldDate(d.document, " ".join(text[d.start:d.end].split()), d.value, dct,
                      text[max(0, d.start - 300):d.start], d.start, d.end) for d in dates]
    return GoldDocument(path.stem, dct, text, dates, others)


def to_timeml(value: str | None, rule: str) -> str | None:
    return TIMEML_TOKENS.get(rule.split(":")[0], value)


def lenient_match(predicted: str | None, gold: str) -> bool:
    if predicted is None or len(predicted) != len(gold):
        return False
    return all(g == "X" or g == p for g, p in zip(gold, predicted, strict=True))


def shape(value: str | None) -> str:
    return "None" if value is None else re.sub(r"\d", "9", value)


def error_category(predicted: str | None, rule: str, gold: str) -> str:
    if "X" in gold:
        return "gold has unknown parts (X)"
    if gold.endswith("_REF"):
        return f"gold {gold}, product rule {rule.split(':')[0]}"
    if predicted is None:
        return f"unresolved ({rule.split(':')[0]})"
    if predicted.endswith("_REF"):
        return "product vague/present, gold a value"
    if shape(predicted) != shape(gold):
        return f"granularity {shape(predicted)} vs gold {shape(gold)}"
    if predicted[:4] != gold[:4]:
        return "wrong year"
    return "wrong value, same granularity"


def dateparser_baseline(text: str, dct: str, gold: str) -> str | None:
    """dateparser alone, formatted at the gold's granularity (which flatters it)."""
    import dateparser

    base = datetime.fromisoformat(dct[:10])
    try:
        parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base})
    except Exception:  # noqa: BLE001 - a baseline crash is a miss, not a benchmark failure
        return None
    if parsed is None:
        return None
    day = parsed.date()
    if re.fullmatch(r"\d{4}", gold):
        return str(day.year)
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return f"{day.year}-{day.month:02d}"
    if re.fullmatch(r"\d{4}-W\d{2}", gold):
        iso_year, week, _ = day.isocalendar()
        return f"{iso_year}-W{week:02d}"
    if re.fullmatch(r"\d{4}-Q\d", gold):
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", type=int, default=0, help="print N failures per category")
    parser.add_argument("--category", default="", help="only show categories containing this")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    folder = args.corpus / "timebank"
    files = sorted(folder.glob("*.tml")) if folder.is_dir() else []
    if not files:
        print(f"TimeBank corpus not found at {folder}; skipping.")
        return 0
    documents = [d for d in (read_document(f) for f in files) if d is not None]
    golds = [g for d in documents for g in d.dates]

    strict = lenient = baseline = 0
    by_shape: dict[str, Counter[bool]] = defaultdict(Counter)
    by_category: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for gold in golds:
        value, _precision, rule = normalize_expression(gold.text, gold.dct, gold.before)
        predicted = to_timeml(value, rule)
        ok = predicted == gold.value
        strict += ok
        lenient += ok or lenient_match(predicted, gold.value)
        by_shape[shape(gold.value) if not gold.value.endswith("_REF") else gold.value][ok] += 1
        if not ok:
            category = error_category(predicted, rule, gold.value)
            by_category[category] += 1
            examples[category].append(
                f"{gold.text!r} dct={gold.dct[:10]} gold={gold.value} got={predicted} ({rule})")
        if not args.no_baseline:
            baseline += dateparser_baseline(gold.text, gold.dct, gold.value) == gold.value

    total = len(golds)
    print(f"TimeBank: {len(documents)} documents, {total} DATE timexes (DCT excluded)")
    print(f"normalisation strict accuracy: {strict / total:.3f} ({strict}/{total})")
    print(f"  lenient (gold X matches anything): {lenient / total:.3f}")
    if not args.no_baseline:
        print(f"  dateparser alone (baseline):      {baseline / total:.3f}")
    print("by gold shape (correct/total):")
    for key, counts in sorted(by_shape.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {key:14} {counts[True]:4}/{sum(counts.values()):4}")
    print("errors by category:")
    for category, count in by_category.most_common():
        print(f"  {count:4}  {category}")
        if args.show and args.category in category:
            for line in examples[category][: args.show]:
                print(f"          {line}")

    # Recognition over the running text, with the DCT as a day-precision publication date.
    true_positive = false_positive = found_gold = words = 0
    elapsed = 0.0
    for document in documents:
        published = PublishedDate(document.dct[:10], "day", "timebank:dct")
        began = time.perf_counter()
        found = find_time_expressions(document.text, published)
        elapsed += time.perf_counter() - began
        words += len(document.text.split())
        gold_spans = [(g.start, g.end) for g in document.dates]
        for expression in found:
            span = (expression.start, expression.end)
            if any(overlaps(span, g) for g in gold_spans):
                true_positive += 1
            elif not any(overlaps(span, o) for o in document.other_timex):
                false_positive += 1
        found_gold += sum(any(overlaps((e.start, e.end), g) for e in found) for g in gold_spans)
    precision = true_positive / max(1, true_positive + false_positive)
    recall = found_gold / max(1, total)
    print(f"recognition (overlap; spans on TIME/DURATION/SET gold ignored): P {precision:.3f} "
          f"R {recall:.3f}  ({words / max(elapsed, 1e-9):,.0f} words/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
