"""Benchmark: attribution (source, cue, content) on the PolNeAR dev split.

    python bench/polnear.py [--corpus ../shared/corpus/polnear] [--split dev] [--limit N]
                            [--show N] [--show-misses N]

Reads ``<corpus>/<split>/text/*.txt`` and ``attributions/*.ann`` (brat standoff; see the corpus
README). Some articles were annotated by several annotators and have several ``.ann`` files:
the first in sorted file-name order is used, the others are ignored. Each article text goes
through ``parse_text`` and ``find_claims``; every claim is one predicted attribution (its
``source``, ``cue`` and ``content`` spans).

Spans are compared as sets of word tokens (``\\w+`` runs), so punctuation and quotation marks
at the edges do not count, and a discontinuous gold span is the union of its pieces.

- exact: a predicted span matches a gold span of the same role when their token sets are equal;
- overlap (the headline): when |tokens in both| / |tokens in either| >= 0.5.

A whole attribution matches when its content and its cue match (and its source too, when the
gold has a source). Gold and predicted items are matched one to one, greedily by best score.
Prints precision, recall and F1 per role and for whole attributions under both matchings, how
many gold attributions are direct quotes (content starts with a quotation mark), and speed.
``--show-misses N`` prints, to the terminal only, N missed gold attributions with their source,
cue and content words and which role failed against the nearest prediction (for reading
failures; never write them to files: the corpus is for measurement only).
Skips cleanly (exit 0) when the corpus is absent.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.extract import parse_text  # noqa: E402
from docket.extract.claims import find_claims  # noqa: E402
from docket.model import Claim  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear"
ROLES = ("source", "cue", "content")
WORD = re.compile(r"\w+")
QUOTE_MARKS = "\"“„«'‘"

Tokens = frozenset[int]  # start offsets of the word tokens a span covers


@dataclass(frozen=True)
class Attribution:
    source: Tokens
    cue: Tokens
    content: Tokens
    quote: bool = False
    text: str = ""
    roles: tuple[str, str, str] = ("", "", "")  # source, cue, content words, for --show-misses


def words_in(starts: list[int], pieces: list[tuple[int, int]]) -> Tokens:
    """Word tokens inside the (start, end) pieces."""
    return frozenset(s for s in starts if any(a <= s < b for a, b in pieces))


def read_gold(ann: Path, text: str, starts: list[int]) -> list[Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[fields[0]] = (label, [(p[0], p[1]) for p in pieces])
        elif line.startswith("E") and len(fields) >= 2:
            relations.append(dict(part.split(":", 1) for part in fields[1].split()
                                  if ":" in part))
    gold: list[Attribution] = []
    for rel in relations:
        role_tokens: dict[str, Tokens] = {}
        for role in ROLES:
            ref = rel.get(role.capitalize())
            role_tokens[role] = (words_in(starts, spans[ref][1]) if ref in spans
                                 else frozenset())
        if not role_tokens["content"]:
            continue
        first = min(p[0] for p in spans[rel["Content"]][1])
        quote = text[first:first + 1] in QUOTE_MARKS
        roles = tuple(" … ".join(text[a:b] for a, b in spans[rel[r.capitalize()]][1])
                      .replace("\n", " ") if rel.get(r.capitalize()) in spans else ""
                      for r in ROLES)
        gold.append(Attribution(role_tokens["source"], role_tokens["cue"],
                                role_tokens["content"], quote,
                                text[first:first + 80].replace("\n", " "),
                                (roles[0], roles[1], roles[2])))
    return gold


def score(a: Tokens, b: Tokens, exact: bool) -> float:
    if not a or not b:
        return 0.0
    if exact:
        return 1.0 if a == b else 0.0
    value = len(a & b) / len(a | b)
    return value if value >= 0.5 else 0.0


def match(gold: list[Tokens], pred: list[Tokens], exact: bool) -> int:
    """How many one-to-one matches, greedily by best score."""
    pairs = sorted(((score(g, p, exact), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(pred) if g and p and g & p), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for s, i, j in pairs:
        if s > 0 and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def whole_score(g: Attribution, p: Attribution, exact: bool) -> float:
    parts = [score(g.content, p.content, exact)]
    if g.cue:  # a cue of punctuation only (':' or a dash) has no word to compare
        parts.append(score(g.cue, p.cue, exact))
    if g.source:
        parts.append(score(g.source, p.source, exact))
    return min(parts)


def why_missed(g: Attribution, pred: Sequence[Attribution]) -> str:
    """Which role fails against the prediction whose content overlaps the gold's most."""
    best = max(pred, key=lambda p: len(g.content & p.content), default=None)
    if best is None or not g.content & best.content:
        return "no content"
    failed = [role for role in ROLES if getattr(g, role)
              and score(getattr(g, role), getattr(best, role), False) == 0]
    return "+".join(failed) or "taken by another gold item"


def match_whole(gold: list[Attribution], pred: list[Attribution], exact: bool,
                missed: list[tuple[Attribution, str]] | None = None) -> int:
    pairs = sorted(((whole_score(g, p, exact), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(pred) if g.content & p.content), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for s, i, j in pairs:
        if s > 0 and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    if missed is not None:
        missed.extend((g, why_missed(g, pred)) for i, g in enumerate(gold) if i not in used_g)
    return len(used_g)


def outermost(claims: Sequence[Claim]) -> list[Claim]:
    """PolNeAR is univocal (a token belongs to one attribution), so a claim whose cue lies
    inside another claim's content (nested attribution) cannot be in the gold: drop it."""
    return [c for c in claims if not (c.cue and any(
        o is not c and o.kind != "source_line" and o.content.start <= c.cue.start < o.content.end
        for o in claims))]


def prf(hit_p: int, n_pred: int, hit_g: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_p / n_pred if n_pred else 0.0
    r = hit_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--show", type=int, default=0, help="print N missed gold attributions")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print N missed gold attributions with their source, cue and content "
                         "words and the role that failed (terminal only)")
    args = ap.parse_args(argv)
    folder = args.corpus / args.split
    if not (folder / "text").is_dir():
        print(f"skipped: {folder / 'text'} not found")
        return 0
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)  # first annotator in sorted order
    texts = sorted(folder / "text" / f"{stem}.txt" for stem in anns)
    if args.limit:
        texts = texts[:args.limit]
    counts: Counter[str] = Counter()
    missed: list[tuple[Attribution, str]] = []
    seconds = 0.0
    for path in texts:
        text = path.read_text(encoding="utf-8")
        starts = [m.start() for m in WORD.finditer(text)]
        gold = read_gold(anns[path.stem], text, starts)
        began = time.perf_counter()
        doc, parsed = parse_text(text)
        found = find_claims(doc.text, parsed, doc.mentions, doc.id)
        seconds += time.perf_counter() - began
        claims = outermost(found)
        pred = [Attribution(
            words_in(starts, [(c.source.start, c.source.end)]) if c.source else frozenset(),
            words_in(starts, [(c.cue.start, c.cue.end)]) if c.cue else frozenset(),
            words_in(starts, [(c.content.start, c.content.end)])) for c in claims]
        counts["gold"] += len(gold)
        counts["pred"] += len(pred)
        counts["quotes"] += sum(g.quote for g in gold)
        for role in ROLES:
            g_role = [getattr(g, role) for g in gold if getattr(g, role)]
            p_role = [getattr(p, role) for p in pred if getattr(p, role)]
            counts[f"{role}:gold"] += len(g_role)
            counts[f"{role}:pred"] += len(p_role)
            for mode in ("exact", "overlap"):
                counts[f"{role}:{mode}"] += match(g_role, p_role, mode == "exact")
        for mode in ("exact", "overlap"):
            counts[f"whole:{mode}"] += match_whole(
                gold, pred, mode == "exact", missed if mode == "overlap" else None)
    print(f"PolNeAR {args.split}: {len(texts)} articles (first .ann per article), "
          f"{counts['gold']} gold attributions ({counts['quotes']} direct quotes), "
          f"{counts['pred']} predicted")
    print(f"{'':10} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}")
    for role in (*ROLES, "whole"):
        n_gold = counts[f"{role}:gold"] if role != "whole" else counts["gold"]
        n_pred = counts[f"{role}:pred"] if role != "whole" else counts["pred"]
        cells = []
        for mode in ("exact", "overlap"):
            hits = counts[f"{role}:{mode}"]
            cells.append("{:8.3f} {:6.3f} {:6.3f}".format(*prf(hits, n_pred, hits, n_gold)))
        print(f"{role:10} {cells[0]}   {' ' + cells[1]}")
    rate = len(texts) / seconds if seconds else 0.0
    print(f"time: {seconds:.1f} s for parse + entities + claims, {rate:.2f} articles/s")
    for g, _ in missed[:args.show]:
        print(f"  missed{' (quote)' if g.quote else ''}: {g.text!r}")
    if args.show_misses:
        reasons = Counter(why for _, why in missed)
        print("missed by failing role: " + ", ".join(f"{k} {v}" for k, v in
                                                     reasons.most_common()))
    for g, why in missed[:args.show_misses]:
        source, cue, content = g.roles
        print(f"- [{why}]{' (quote)' if g.quote else ''} source={source!r} cue={cue!r}\n"
              f"    content={content[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
