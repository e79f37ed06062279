"""Story grouping on synthetic copies of real news, and candidate search at scale.

    python bench/stories.py [--corpus ../shared/corpus/news] [--originals 300] [--seed 7]
                            [--pairs 10] [--flood 50]
    python bench/stories.py --scale --docs 1000000 [--pairs 10]

(a) Grouping. Originals are drawn from ../shared/corpus/news/*.csv (column `articles`); for
each one three copies are generated, the kinds a wire story goes through:

- edited: a new first line (headline), one paragraph cut, a sentence added, a few words swapped;
- truncated: the first 30-60 % of the sentences;
- paraphrased: a stand-in for a machine-translation chain: in every sentence a third of the
  lower-case words are dropped or replaced by others, neighbouring words swap, numbers change
  format ("15,000" -> "15 000" / "15.000"), and two sentences change places.

The remaining articles of the corpus are added unchanged as distractors (same war, same
places, same people: the hard case for false merges). All documents go through
`fingerprint` and `group_stories`; pairwise precision and recall of the stories against the
known copy groups are printed, with recall per copy kind, and the pairs scored per document
(mean and maximum; `--pairs N` bounds them, 0: no bound, default the shipped setting). The
generator is deterministic (--seed). Skipped when the corpus is absent. `--flood N` adds N
near-copies of one more article (each with its own headline, a few words swapped and one
sentence dropped), the near-duplicate flood of issue 20: they must end in one story.

(b) Scale (--scale). N short synthetic documents (~300 characters of random sentences drawn
from a generated vocabulary with names and numbers; 1 % are edited copies of an earlier one)
are fingerprinted and fed to `CandidateIndex.add`, one at a time. Prints time, documents per
second, peak memory (resource.getrusage) and the share of planted copies found as candidates.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.link.fingerprint import (  # noqa: E402
    StoryInput,
    fingerprint,
    normalise,
    split_sentences,
)  # noqa: E402
from docket.link.stories import (  # noqa: E402
    PAIRS_PER_DOCUMENT,
    CandidateIndex,
    Story,
    candidate_limit,
    group_stories,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "news"
_THOUSANDS = re.compile(r"\b(\d{1,3}),(\d{3})\b")
_FILLERS = ("also", "reportedly", "then", "later", "still", "already", "further", "again")
_ADDED = "The report could not be independently verified."


def load_articles(corpus: Path) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    out, seen = [], set()
    for path in sorted(corpus.glob("*.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            text = (row.get("articles") or "").strip()
            # The corpus repeats some articles word for word; a repeat is not a distractor.
            if len(text) >= 400 and normalise(text) not in seen:
                seen.add(normalise(text))
                out.append(text)
    return out


def edited(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) > 2:
        del paras[rng.randrange(1, len(paras))]
    body = "\n\n".join(paras)
    words = body.split(" ")
    for _ in range(max(1, len(words) // 60)):
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return "Latest: what we know so far\n\n" + " ".join(words) + "\n\n" + _ADDED


def truncated(text: str, rng: random.Random) -> str:
    sentences = split_sentences(text)
    keep = max(2, int(len(sentences) * rng.uniform(0.3, 0.6)))
    return " ".join(sentences[:keep])


def paraphrased(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    sentences = split_sentences(text)
    out = []
    for sentence in sentences:
        words = sentence.split()
        new = []
        for w in words:
            if w[:1].islower() and rng.random() < 0.33:
                if rng.random() < 0.5:
                    new.append(rng.choice(vocabulary))
                continue
            new.append(w)
        for _ in range(len(new) // 8):
            i = rng.randrange(max(1, len(new) - 1))
            if i + 1 < len(new) and new[i][:1].islower() and new[i + 1][:1].islower():
                new[i], new[i + 1] = new[i + 1], new[i]
        if rng.random() < 0.2:
            new.insert(rng.randrange(len(new) + 1), rng.choice(_FILLERS))
        sep = rng.choice((" ", "."))
        out.append(_THOUSANDS.sub(rf"\1{sep}\2", " ".join(new)))
    if len(out) > 3:
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {(min(a, b), max(a, b)) for g in groups for a, b in combinations(g, 2)}


def run_grouping(args: argparse.Namespace) -> int:
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} not found")
        return 0
    articles = load_articles(args.corpus)
    rng = random.Random(args.seed)
    rng.shuffle(articles)
    originals = articles[: args.originals]
    distractors = articles[args.originals :]
    vocabulary = sorted({w for t in articles for w in t.split() if w.isalpha() and w.islower()})
    texts: dict[str, str] = {}
    gold: list[list[str]] = []
    kind_of: dict[str, str] = {}
    for n, text in enumerate(originals):
        group = [f"o{n:04d}"]
        texts[group[0]] = text
        for kind, make in (("edited", lambda t: edited(t, rng)),
                           ("truncated", lambda t: truncated(t, rng)),
                           ("paraphrased", lambda t: paraphrased(t, rng, vocabulary))):
            doc_id = f"o{n:04d}-{kind}"
            texts[doc_id] = make(text)
            kind_of[doc_id] = kind
            group.append(doc_id)
        gold.append(group)
    if args.flood:
        flood_article = distractors.pop()
        group = []
        for n in range(args.flood):
            doc_id = f"f{n:04d}"
            texts[doc_id] = flooded(flood_article, n, rng)
            group.append(doc_id)
        gold.append(group)
    for n, text in enumerate(distractors):
        texts[f"x{n:04d}"] = text
        gold.append([f"x{n:04d}"])
    started = time.perf_counter()
    inputs = {i: StoryInput(id=i, text=t, outlet=None, cited_source=None, published=None,
                            language="en") for i, t in texts.items()}
    fps = [fingerprint(inputs[i]) for i in sorted(inputs)]
    tally: Counter[str] = Counter()
    stories = group_stories(fps, inputs, pairs=args.pairs, tally=tally)
    elapsed = time.perf_counter() - started
    predicted = pairs_of([list(s.documents) for s in stories])
    if args.show:
        show_false(stories, predicted - pairs_of(gold), args.show)
    expected = pairs_of(gold)
    tp = len(predicted & expected)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{len(originals)} originals x 3 copies + {len(distractors)} distractors = "
          f"{len(texts)} documents; {len(stories)} stories; {elapsed:.1f} s")
    print(f"pairwise precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
          f"({tp} of {len(expected)} gold pairs, {len(predicted) - tp} false pairs)")
    story_of = {d: s.id for s in stories for d in s.documents}
    for kind in ("edited", "truncated", "paraphrased"):
        ids = [i for i, k in kind_of.items() if k == kind]
        found = sum(story_of[i] == story_of[i.split("-")[0]] for i in ids)
        print(f"  {kind:<12} with its original: {found}/{len(ids)} = {found / len(ids):.3f}")
    print(f"pairs scored per document (cap {args.pairs or 'none'}): mean "
          f"{sum(tally.values()) / len(texts):.2f}, max {max(tally.values(), default=0)}")
    if args.flood:
        flood = [d for d in texts if d.startswith("f")]
        held = {story_of[d] for d in flood}
        others = sum(len(s.documents) for s in stories if s.id in held) - len(flood)
        print(f"flood of {len(flood)} near-copies: {len(held)} story(ies), {others} other "
              f"document(s) in them; pairs scored per flood copy: mean "
              f"{sum(tally[d] for d in flood) / len(flood):.2f}, "
              f"max {max(tally[d] for d in flood)}")
    return 0


def flooded(text: str, n: int, rng: random.Random) -> str:
    """The n-th near-copy of an article: its own headline, a sentence dropped, words swapped."""
    sentences = split_sentences(text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    words = " ".join(sentences).split(" ")
    for _ in range(3):
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return f"Update {n + 1}: the latest on this story\n\n" + " ".join(words)


def show_false(stories: list[Story], false: set[tuple[str, str]], n: int) -> None:
    """Print the links of stories that hold false pairs, to read what joined them."""
    for story in stories:
        if not any((a, b) in false for a, b in combinations(story.documents, 2)):
            continue
        for link in story.links:
            if link.a[:5] != link.b[:5] and n > 0:
                n -= 1
                print(f"  false link {link.a} ~ {link.b} {link.score}: {link.evidence}")


def synthetic_documents(n: int, seed: int) -> tuple[list[str], dict[int, int]]:
    """n short random documents; 1 % are edited copies of an earlier one (index -> source)."""
    rng = random.Random(seed)
    syllables = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(20_000)})
    names = sorted({w.capitalize() + rng.choice(("", "ivka", "ov", "enko", "sk"))
                    for w in rng.sample(words, 3000)})
    docs: list[str] = []
    copies: dict[int, int] = {}
    for i in range(n):
        if i > 100 and rng.random() < 0.01:
            source = rng.randrange(i)
            tokens = docs[source].split(" ")
            j = rng.randrange(len(tokens))
            tokens[j] = rng.choice(words)
            docs.append(" ".join(tokens))
            copies[i] = source
            continue
        parts: list[str] = []
        length = 0
        while length < 300:
            sentence = [rng.choice(words) for _ in range(rng.randint(6, 14))]
            sentence[rng.randrange(1, len(sentence))] = rng.choice(names)
            if rng.random() < 0.5:
                sentence[rng.randrange(1, len(sentence))] = str(rng.randint(2, 5000))
            text = " ".join(sentence).capitalize() + "."
            parts.append(text)
            length += len(text) + 1
        docs.append(" ".join(parts))
    return docs, copies


def run_scale(args: argparse.Namespace) -> int:
    docs, copies = synthetic_documents(args.docs, args.seed)
    mem_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index = CandidateIndex(limit=candidate_limit(args.pairs))
    found = candidates = most = 0
    started = time.perf_counter()
    for i, text in enumerate(docs):
        fp = fingerprint(StoryInput(id=f"d{i}", text=text, outlet=None, cited_source=None,
                                    published=None, language="en"))
        hits = index.add(fp)
        candidates += len(hits)
        most = max(most, len(hits))
        if i in copies and f"d{copies[i]}" in hits:
            found += 1
        docs[i] = ""  # the texts are not needed once fingerprinted
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{args.docs} documents (~300 chars), {len(copies)} planted copies")
    print(f"fingerprint + CandidateIndex.add: {elapsed:.1f} s, {args.docs / elapsed:.0f} docs/s")
    print(f"peak RSS {peak / 1024:.0f} MB (generator alone {mem_before / 1024:.0f} MB)")
    print(f"candidates per document (kept {candidate_limit(args.pairs) or 'all'}): mean "
          f"{candidates / args.docs:.3f}, max {most}; planted copies found "
          f"{found}/{len(copies)}; capped buckets {index.stats['capped']}, candidates dropped "
          f"by the cap {index.stats['dropped']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--originals", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=0, help="print N links behind false pairs")
    ap.add_argument("--scale", action="store_true", help="run the candidate-search scale test")
    ap.add_argument("--docs", type=int, default=100_000, help="documents for --scale")
    ap.add_argument("--pairs", type=int, default=PAIRS_PER_DOCUMENT,
                    help="pairs scored (candidates kept) per document; 0: no bound")
    ap.add_argument("--flood", type=int, default=0,
                    help="add N near-copies of one article (grouping only)")
    args = ap.parse_args(argv)
    return run_scale(args) if args.scale else run_grouping(args)


if __name__ == "__main__":
    raise SystemExit(main())
