"""People and places of Ukrainian and Russian pages across scripts: newsevents-ukru's gold.

    python bench/ukru_names.py [--corpus DIR] [--workers N] [-v]

Persons: the set's `gold.json` lists each page's named persons, as written (any case) and with
one Latin form. The pages are ingested into a scratch ledger as a user would (`ingest_paths`
over `articles.jsonl`, each record with its language); then, for each gold person:

- *found*: a person mention on that page has one of the written forms as its words;
- *one entity*: every such mention belongs to one entity;
- *Latin form*: that entity is the one the Latin form would join: its key is not kept to the
  document and equals the key of the gold Latin name (`names.parse_person_name(...).key()`),
  i.e. an English report naming the person in that spelling meets the same entity;
- *same Latin*: the Latin form Docket shows beside the entity folds (`names.fold_name`) to
  the gold one (the spelling differs where the languages do: a Russian page romanised the
  Russian way gives "Vladimir Zelensky", the gold says "Volodymyr Zelensky").

Places: each gold event's place name as written (what precedes a parenthesis), resolved by the
place stage (`places.resolve_places`) in the context of its page (appended after the page's
text): right when the point is within the gold tolerance (km) of the gold coordinates.

Evaluation data only (never copied into code or tests); skipped when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _ledger(articles: Path, work: Path, workers: int) -> tuple[dict[str, str], list[Any]]:
    """Article id -> document id, and the ledger's entity records."""
    from docket.ledger.store import Ledger
    from docket.settings import Settings
    from docket.workflows.runner import ingest_paths

    settings = Settings.load(db=work / "docket.db", operator="bench")
    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [articles], settings, workers=workers)
        by_text = {d.full_text[:200]: d.id for d in ledger.iter_documents() if not d.segment_of}
        entities = [e for e in ledger.iter_entities() if e["kind"] == "person"]
    docs: dict[str, str] = {}
    for line in articles.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        for start, doc_id in by_text.items():
            if start[:80] and start[:80] in art["text"][:400]:
                docs[art["id"]] = doc_id
    return docs, entities


def _persons(gold: dict[str, Any], docs: dict[str, str], entities: list[Any],
             verbose: bool) -> dict[str, int]:
    from docket.nlp.names import fold_name, parse_person_name

    counts = {"persons": 0, "found": 0, "one entity": 0, "Latin form": 0, "same Latin": 0}
    for art_id, page in sorted(gold.items()):
        if art_id.startswith("_") or art_id not in docs:
            continue
        for person in page.get("persons", []):
            counts["persons"] += 1
            written = set(person["names"])
            hit = [e for e in entities if any(m["document"] == docs[art_id]
                                              and m["text"] in written for m in e["mentions"])]
            key = parse_person_name(person["latin"]).key()
            full = [e for e in hit if e.get("given") and e.get("family")]
            ok = len(hit) == 1 and bool(full)
            same_key = ok and parse_person_name(full[0]["name"]).key() == key
            shown = (full[0].get("latin") or full[0]["name"]) if full else ""
            same_latin = ok and fold_name(shown) == fold_name(person["latin"])
            counts["found"] += bool(hit)
            counts["one entity"] += len(hit) == 1
            counts["Latin form"] += bool(same_key)
            counts["same Latin"] += bool(same_latin)
            if verbose and not same_key:
                print(f"  {art_id} {person['latin']!r}: "
                      f"{[(e['name'], e.get('latin'), len(e['mentions'])) for e in hit]}")
    return counts


def _places(gold: dict[str, Any], articles: Path, verbose: bool) -> tuple[int, int]:
    from docket.nlp.places import resolve_places

    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in articles.read_text(encoding="utf-8").splitlines()}
    total = right = 0
    for art_id, page in sorted(gold.items()):
        if art_id.startswith("_") or art_id not in texts:
            continue
        for event in page["events"]:
            place = event.get("place")
            if not place or place.get("lat") is None:
                continue
            name = place["name"].split(" (")[0].strip()
            text = f"{texts[art_id]}\n\n{name}"
            (mention,) = resolve_places(text, [(len(text) - len(name), len(text))])
            total += 1
            p = mention.place
            good = (p is not None and p.lat is not None and p.lon is not None
                    and _km((p.lat, p.lon), (place["lat"], place["lon"])) <= place["km"])
            right += good
            if verbose and not good:
                print(f"  {art_id} {name!r} -> {p.name if p else None}")
    return right, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    folder = args.corpus / "newsevents-ukru"
    if not (folder / "gold.json").exists() or not (folder / "articles.jsonl").exists():
        print(f"skipped: {folder} not found")
        return 0
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        docs, entities = _ledger(folder / "articles.jsonl", Path(scratch), args.workers)
    counts = _persons(gold, docs, entities, args.verbose)
    n = counts.pop("persons")
    print(f"persons: {n} named in gold; " + ", ".join(f"{k} {v}/{n}" for k, v in counts.items()))
    right, total = _places(gold, folder / "articles.jsonl", args.verbose)
    print(f"places: {right}/{total} gold event places resolved within their tolerance "
          f"({right / max(total, 1):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
