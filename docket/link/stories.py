"""Stories: documents that carry the same report, found by blocking, scoring and deciding.

Block: `CandidateIndex` hands back, for each new document, the earlier documents worth
comparing: same normalised text (exact pass), MinHash LSH bands over character shingles
(reprints, edited copies) and LSH bands over the skeleton of names, numbers and dates
(translation-chain copies whose wording differs sentence by sentence).

Score: `score_pair` compares two fingerprints on evidence that survives translation and says
which evidence it used. Text two pages share is discounted when the rest of both pages
disagrees, so an outlet's footer or donation appeal never makes two stories one.

Decide: `group_stories` joins the machine's same-story edges and the analysts' judgements into
clusters. Judgements are edges too: "same" pairs are joined; a "different" pair is a
cannot-link that no edge may violate, so re-running the machine never undoes an analyst.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from docket.link.fingerprint import (
    NUM_PERM,
    SKELETON_PERM,
    Fingerprint,
    Sentence,
    StoryInput,
    minhash_values,
)
from docket.model import PairScore, Story, stable_id
from docket.nlp.translit import fold

# The one tuned figure: chosen on SemEval-2022 task 8 train (bench/semeval.py --sweep) and the
# synthetic copies of bench/stories.py. SemEval's "same story" includes independent reports of
# one event, which peak at 0.20; 0.30 keeps copies apart from same-topic stories.
SAME_STORY_THRESHOLD = 0.30
CHAR_THRESHOLD = 0.5  # LSH: pairs above this char-shingle Jaccard are found with p >= 0.5
SKELETON_THRESHOLD = 0.3  # 16 bands of 2 rows: a translated copy sharing half its names and
# numbers (Jaccard ~0.5) is a candidate with p ~0.98; at 0.45 (10 bands of 3) p was only ~0.7
BUCKET_CAP = 64  # an LSH bucket this full holds boilerplate, not one story: keep the newest
# Pairs scored per new document (issue 20): its candidates sharing the most buckets, and the
# pairs average-link joining scores for it. `Settings.story_pairs` overrides it; 0: no cap.
PAIRS_PER_DOCUMENT = 10
RESIDUAL_CHARS = 200  # unshared text beyond this on both sides must agree on its own
BOILERPLATE_OVERLAP = 0.3
CONTAINED = 0.8  # a text with this share of its sentences in another is a cut copy of it
COPIED = 0.5  # text similarity from which wording alone shows a copy
CHAR_FLOOR = 0.15  # char 5-gram Jaccard two unrelated texts of one language reach
RARITY_PRIOR = 50
MAX_LINK_SIDE = 8  # documents per side compared when an edge would join two clusters
MIN_EVIDENCE = 3  # scored pairs a join needs when a document's pair budget is spent
SKELETON_POWER = 1.0  # 1.5-2 separates copies from same-topic stories better, but
# costs 0.08-0.15 of Pearson on SemEval; average-link joining (group_stories) does that job.

# Outlets that other outlets cite by name; the ledger's own outlet names are added per run.
AGENCIES = ("Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN",
            "Al Jazeera", "Interfax", "Interfax-Ukraine", "Ukrinform", "UNIAN", "TASS", "RIA",
            "RIA Novosti", "Ukrainska Pravda", "Kyiv Independent", "New York Times",
            "The New York Times", "Washington Post", "The Washington Post", "Guardian",
            "The Guardian", "dpa", "EFE", "ANSA", "PAP", "Bloomberg", "Sky News", "Suspilne")
_NAME = r"((?:[A-Z][\w.&'-]*)(?:\s+[A-Z][\w.&'-]*){0,3})"
_CITE_PATTERNS = (
    re.compile(r"\b(?:told|said to|in an interview with|speaking to)\s+(?:the\s+)?" + _NAME),
    re.compile(r"\b(?:reports?|reported)\s+(?:the\s+)?" + _NAME),
    re.compile(r"\b(?:according to|citing|cited by|quoted by)\s+(?:the\s+)?" + _NAME),
    # Tried only where a run of name characters starts, its non-capitals skipped whole: a name's
    # first word runs to the end of its run whichever capital it starts at, so group 1 is the
    # same as from the run's first capital, and a long run of capitals costs linear time, not
    # its square (bench/regex_growth.py, issue 14).
    re.compile(r"(?<![\w.&'-])(?:(?![A-Z])[\w.&'-])*+" + _NAME
               + r"\s+(?:reports|reported|said in a report)\b"),
    # "Source: X" on a line of its own: spaces before it on that line only. A \s* there could
    # start on any blank line above and cross to it, the same name from an earlier start, and
    # tried from every line of a long run of newlines it cost the square of the run (issue 14).
    re.compile(r"(?im)^[^\S\n]*(?:source|via|quelle|fuente|fonte|джерело|источник)\s*:\s*"
               + _NAME),
)


def _band_layout(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """Bands of r rows whose S-curve midpoint (1/b)^(1/r) is nearest the threshold."""
    best = min(range(1, num_perm + 1),
               key=lambda r: (abs((1 / (num_perm // r)) ** (1 / r) - threshold), r))
    bands = num_perm // best
    return [(i * best, (i + 1) * best) for i in range(bands)]


def candidate_limit(pairs: int | None) -> int | None:
    """Candidates kept per new document when `pairs` may be scored for it: four in five,
    the rest left for the pairs average-link joining scores (`_average_link`). Measured on
    bench/stories.py: keeping all ten left joins without evidence (pairwise precision 0.87)."""
    return max(1, pairs - pairs // 5) if pairs else None


def bucket_weight(size: int) -> float:
    """What sharing one LSH bucket says, by how many indexed documents the bucket holds: a
    bucket two copies share alone says more than one shared by every report naming Kyiv and
    Russia (the skeleton bands of short texts). Ranking by the plain count of shared buckets
    lost truncated copies to same-topic stories (bench/stories.py, 270 against 272 of 300)."""
    return 1.0 / size


def nearest_candidates(shared: Mapping[int, float], limit: int | None) -> list[int]:
    """The `limit` indexed documents (by number) sharing the most with a new one (the sum of
    `bucket_weight` over the buckets they share), the newest first among equals; all of them,
    in index order, when `limit` is 0 or None.

    In a flood of near-copies every earlier copy shares every band; a copy needs to meet a few
    of them (the newest, already in the story) to join it, not all of them.
    """
    if not limit or len(shared) <= limit:
        return sorted(shared)
    ranked = sorted(shared, key=lambda n: (-shared[n], -n))[:limit]
    return sorted(ranked)


class CandidateIndex:
    """Incremental candidate search: exact hash, then LSH on char shingles and on skeletons.

    `add` does work proportional to the new document: one dict lookup per band, and at most
    `bucket_cap` candidates per band, of which the `limit` sharing the most buckets are kept
    (`nearest_candidates`). Buckets are plain dicts of band hash -> document numbers
    (an int, or a list once shared), which keeps a million documents in about 2 GB; datasketch's
    MinHashLSH keeps a set per bucket and has no cap on what a query returns.
    """

    def __init__(self, threshold: float = CHAR_THRESHOLD, num_perm: int = NUM_PERM,
                 skeleton_threshold: float = SKELETON_THRESHOLD,
                 bucket_cap: int = BUCKET_CAP, limit: int | None = None) -> None:
        self.num_perm = num_perm
        self.bucket_cap = bucket_cap
        self.limit = limit
        self._ids: list[str] = []
        self._exact: dict[int, int] = {}
        self._char_bands = _band_layout(threshold, num_perm)
        self._skeleton_bands = _band_layout(skeleton_threshold, SKELETON_PERM)
        self._tables: list[dict[int, int | list[int]]] = [
            {} for _ in range(len(self._char_bands) + len(self._skeleton_bands))]
        self.stats: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, fp: Fingerprint) -> list[str]:
        """Index a fingerprint; return the ids of earlier documents that are candidates."""
        values = minhash_values(fp.minhash)
        if len(values) != self.num_perm:
            raise ValueError(f"fingerprint {fp.id} has {len(values)} MinHash values, the index "
                             f"expects {self.num_perm}: rebuild fingerprints with one NUM_PERM")
        number = len(self._ids)
        self._ids.append(fp.id)
        found: dict[int, float] = {}
        exact = int(fp.exact[:16], 16)
        first = self._exact.setdefault(exact, number)
        if first != number:
            found[first] = float(len(self._tables) + 1)
            self.stats["exact"] += 1
        for table, (s, e) in zip(self._tables, self._char_bands, strict=False):
            self._insert(table, hash(values[s:e].tobytes()), number, found)
        if fp.skeleton_minhash:
            skeleton = minhash_values(fp.skeleton_minhash)
            tables = self._tables[len(self._char_bands):]
            for table, (s, e) in zip(tables, self._skeleton_bands, strict=True):
                self._insert(table, hash(skeleton[s:e].tobytes()), number, found)
        kept = nearest_candidates(found, self.limit)
        self.stats["dropped"] += len(found) - len(kept)
        return [self._ids[i] for i in kept]

    def _insert(self, table: dict[int, int | list[int]], key: int, number: int,
                found: dict[int, float]) -> None:
        held = table.get(key)
        if held is None:
            table[key] = number
        elif isinstance(held, int):
            found[held] = found.get(held, 0.0) + 1.0
            table[key] = [held, number]
        else:
            weight = bucket_weight(len(held))
            for other in held:
                found[other] = found.get(other, 0.0) + weight
            held.append(number)
            if len(held) > self.bucket_cap:
                del held[0]
                self.stats["capped"] += 1


def _weight(token: str, rarity: Mapping[str, float] | None = None) -> float:
    # Numbers and dates are what a translation keeps and two unrelated stories rarely share;
    # a bare year ("2023") is shared by most news of a year, so it counts as a name.
    if token.startswith("d:"):
        base = 2.0
    elif token.startswith("#:"):
        # Years and one- or two-digit numbers are in most news; larger figures are specific.
        base = 1.0 if re.fullmatch(r"#:((19|20)\d\d|\d\d?)", token) else 2.0
    else:
        base = 1.0
    return base * (rarity.get(token, 1.0) if rarity else 1.0)


def _weighted(tokens: Iterable[str], rarity: Mapping[str, float] | None = None) -> float:
    return sum(_weight(t, rarity) for t in tokens)


def _dice(a: frozenset[str], b: frozenset[str],
          rarity: Mapping[str, float] | None = None) -> tuple[float, float]:
    """Weighted Dice coefficient of two token sets, and the weight they share."""
    shared = _weighted(a & b, rarity)
    total = _weighted(a, rarity) + _weighted(b, rarity)
    return (2 * shared / total if total else 0.0), shared


def _overlap(a: frozenset[str], b: frozenset[str],
             rarity: Mapping[str, float] | None = None) -> float:
    """Weighted overlap coefficient: the shared weight over the lighter set's weight."""
    least = min(_weighted(a, rarity), _weighted(b, rarity))
    return _weighted(a & b, rarity) / least if least else 0.0


def rarity_weights(fps: Iterable[Fingerprint], prior: int = RARITY_PRIOR) -> dict[str, float]:
    """How much sharing each skeleton token says, from how many documents of the batch hold it.

    weight = log((N + prior) / (df + 1)) / log(prior + 1), capped at 1: in a batch about one
    war "Russia", "Ukraine" and "Monday" are in most pages and say almost nothing, while a
    village or a casualty figure two pages share says a lot. The `prior` (pseudo-documents
    holding no token) keeps small batches, where every token is in every page, from zeroing
    all evidence. Only tokens weighing less than 1 are returned.
    """
    df: Counter[str] = Counter()
    n = 0
    for fp in fps:
        n += 1
        df.update(fp.skeleton)
    return rarity_from_counts(df, n, df, prior)


def rarity_from_counts(df: Mapping[str, int], total: int, tokens: Iterable[str],
                       prior: int = RARITY_PRIOR) -> dict[str, float]:
    """`rarity_weights` of `tokens` from document frequencies counted elsewhere (the ledger's
    stored counts, docket/link/index.py)."""
    scale = math.log(prior + 1)
    out = {}
    for token in tokens:
        weight = math.log((total + prior) / (df.get(token, 0) + 1)) / scale
        if weight < 1.0:
            out[token] = max(weight, 0.0)
    return out


def _quote_matches(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> int:
    found = 0
    for qa in a:
        sa = set(qa)
        if any(len(sa & set(qb)) / len(sa | set(qb)) >= 0.6 for qb in b):
            found += 1
    return found


def _coverage(sentences: tuple[Sentence, ...], shared: set[int]) -> tuple[float, int,
                                                                          frozenset[str]]:
    """Share of a text's characters in shared sentences, unshared chars, unshared skeleton."""
    total = sum(s.chars for s in sentences)
    covered = sum(s.chars for s in sentences if s.hash in shared)
    residual = frozenset(t for s in sentences if s.hash not in shared for t in s.skeleton)
    return (covered / total if total else 0.0), total - covered, residual


def score_pair(a: Fingerprint, b: Fingerprint, threshold: float = SAME_STORY_THRESHOLD,
               rarity: Mapping[str, float] | None = None) -> PairScore:
    """Score two documents as copies of one report; `evidence` says what the score rests on.

    score = 1 - (1 - text)(1 - skeleton)(1 - quotes). text: the larger of the char-shingle
    Jaccard above the level any two texts of one language reach (CHAR_FLOOR) and the share of
    sentences the two texts have word for word (containment counts most, so a truncated copy
    scores high). skeleton: the weighted Dice of names, numbers and dates (weighted by
    `rarity_weights` when given) times how much evidence they share. quotes: quotations both
    carry. Unless the wording is COPIED, disjoint dates or disjoint figures halve the score:
    two reports of one place on different days are different stories. Shared sentences are
    discounted when the unshared rest of both texts (RESIDUAL_CHARS or more each, neither
    text CONTAINED in the other) agrees less than BOILERPLATE_OVERLAP: a footer, a template.
    """
    if a.exact == b.exact:
        return PairScore(a.id, b.id, 1.0, True, {"rule": "story:exact",
                                                  "why": "same normalised text"})
    char_sim = float(np.mean(minhash_values(a.minhash) == minhash_values(b.minhash)))
    shared = {s.hash for s in a.sentences} & {s.hash for s in b.sentences}
    cover_a, resid_a, rest_a = _coverage(a.sentences, shared)
    cover_b, resid_b, rest_b = _coverage(b.sentences, shared)
    text_sim = max(max(0.0, (char_sim - CHAR_FLOOR) / (1 - CHAR_FLOOR)),
                   0.7 * max(cover_a, cover_b) + 0.3 * min(cover_a, cover_b))
    skel_a, skel_b = a.skeleton, b.skeleton
    evidence: dict[str, Any] = {"char_jaccard": round(char_sim, 3),
                                "shared_sentences": len(shared),
                                "cover": [round(cover_a, 3), round(cover_b, 3)]}
    if (shared and min(resid_a, resid_b) >= RESIDUAL_CHARS
            and max(cover_a, cover_b) < CONTAINED):
        rest_overlap = _overlap(rest_a, rest_b, rarity)
        if rest_overlap < BOILERPLATE_OVERLAP:
            # The shared sentences are a template or an appeal: judge on the rest alone.
            evidence["boilerplate"] = (f"{len(shared)} shared sentences discounted: the "
                                       f"unshared text agrees only {rest_overlap:.2f}")
            text_sim = 0.0
            skel_a, skel_b = rest_a, rest_b
    dice, shared_weight = _dice(skel_a, skel_b, rarity)
    skel_term = dice ** SKELETON_POWER * shared_weight / (shared_weight + 2.0)
    quotes = _quote_matches(a.quotes, b.quotes)
    quote_term = min(1.0, 0.3 * quotes)
    score = 1 - (1 - text_sim) * (1 - skel_term) * (1 - quote_term)
    penalties = _disagreements(skel_a, skel_b)
    if penalties and text_sim < COPIED:
        # Copies carry the report's date and figures; a shared template or topic does not.
        score *= 0.5 ** len(penalties)
        evidence["disagree"] = penalties
    both = sorted(skel_a & skel_b)
    if text_sim < COPIED and not quotes and not any(t[:2] in ("#:", "d:") for t in both):
        # Names alone (places, the outlet, the usual officials) are shared by every report on
        # one front; a copy or a translation also keeps the report's figures, dates or quotes.
        score *= 0.5
        evidence["names_only"] = "no shared figure, date or quote: score halved"
    same = score >= threshold
    rule = f"story:score>={threshold}"
    evidence.update({
        "text": round(text_sim, 3),
        "skeleton_dice": round(dice, 3),
        "shared_names": [t[2:] for t in both if t.startswith("n:")][:20],
        "shared_numbers": [t[2:] for t in both if t.startswith("#:")][:20],
        "shared_dates": [t[2:] for t in both if t.startswith("d:")],
        "shared_quotes": quotes,
        "rule": rule,
    })
    return PairScore(a.id, b.id, round(score, 4), same, evidence)


def _disagreements(a: frozenset[str], b: frozenset[str]) -> list[str]:
    out = []
    for prefix, what, least in (("d:", "dates", 1), ("#:", "numbers", 2)):
        xa = {t for t in a if t.startswith(prefix) and _weight(t) > 1}
        xb = {t for t in b if t.startswith(prefix) and _weight(t) > 1}
        if len(xa) >= least and len(xb) >= least and not xa & xb:
            out.append(f"no shared {what}")
    return out


class _Clusters:
    """Union-find with cannot-link pairs: a join that would put a 'different' pair together
    is refused."""

    def __init__(self, ids: Iterable[str], different: Iterable[tuple[str, str]]) -> None:
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in self.parent}
        self.apart: dict[str, set[str]] = {}
        for x, y in different:
            self.apart.setdefault(x, set()).add(y)
            self.apart.setdefault(y, set()).add(x)

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: str, y: str) -> bool | None:
        """True: joined; None: already one cluster; False: refused by a cannot-link."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return None
        small, big = sorted((rx, ry), key=lambda r: (len(self.members[r]), r))
        for m in self.members[small]:
            if any(p in self.parent and self.find(p) == big for p in self.apart.get(m, ())):
                return False
        self.parent[small] = big
        self.members[big] |= self.members.pop(small)
        return True


class PairScorer:
    """Scores pairs once each, and counts the pairs scored for each document.

    A pair is counted for its newer document (`order`: the order documents entered the
    candidate index; by default their id order, as `_batch_candidates` adds them). With
    `per_document` set, `try_score` scores a pair only while its newer document has scored
    fewer pairs than that: the bound on work per new document (issue 20).
    """

    def __init__(self, by_id: Mapping[str, Fingerprint], threshold: float,
                 rarity: Mapping[str, float], scored: dict[tuple[str, str], PairScore],
                 order: Mapping[str, int] | None = None, per_document: int | None = None
                 ) -> None:
        self.by_id = by_id
        self.threshold = threshold
        self.rarity = rarity
        self.scored = scored
        self.order = order if order is not None else {d: n for n, d in enumerate(sorted(by_id))}
        self.per_document = per_document
        self.tally: Counter[str] = Counter()  # pairs scored here, by newer document
        self.partners: dict[str, set[str]] = {}
        for a, b in scored:
            self._know(a, b)

    def _know(self, a: str, b: str) -> None:
        self.partners.setdefault(a, set()).add(b)
        self.partners.setdefault(b, set()).add(a)

    def newer(self, a: str, b: str) -> str:
        return max((a, b), key=lambda d: (self.order.get(d, -1), d))

    def score(self, a: str, b: str) -> PairScore:
        """The pair's score (a < b), scored now unless it already was."""
        pair = self.scored.get((a, b))
        if pair is None:
            pair = self.scored[(a, b)] = score_pair(self.by_id[a], self.by_id[b],
                                                    self.threshold, self.rarity)
            self.tally[self.newer(a, b)] += 1
            self._know(a, b)
        return pair

    def try_score(self, a: str, b: str) -> float | None:
        """The pair's score if known or within its newer document's budget, else None."""
        pair = self.scored.get((a, b))
        if pair is not None:
            return pair.score
        if self.per_document and self.tally[self.newer(a, b)] >= self.per_document:
            return None
        return self.score(a, b).score


def group_stories(fps: Sequence[Fingerprint], inputs: Mapping[str, StoryInput],
                  same: Iterable[tuple[str, str]] = (),
                  different: Iterable[tuple[str, str]] = (),
                  threshold: float = SAME_STORY_THRESHOLD, *,
                  candidates: Iterable[tuple[str, str]] | None = None,
                  rarity: Mapping[str, float] | None = None,
                  outlets: Iterable[str] = (),
                  scored: dict[tuple[str, str], PairScore] | None = None,
                  pairs: int | None = PAIRS_PER_DOCUMENT,
                  order: Mapping[str, int] | None = None,
                  tally: Counter[str] | None = None) -> list[Story]:
    """Stories of these documents: machine same-story edges plus analysts' judgements.

    Analysts' `same` pairs are joined first, then machine edges strongest first, each only if
    the two clusters it joins score at least the threshold on average; no join may
    put a `different` pair in one cluster (a `same` that contradicts a `different` loses, and
    the story's `why` says so). Every document is in exactly one story, alone if need be.
    Deterministic: documents are indexed in id order, edges applied in a fixed order.

    `pairs` bounds the pairs scored per document (`PairScorer`; 0 or None: no bound), and
    the candidates kept per document (`candidate_limit`) when `candidates` is not given;
    `tally` receives how many pairs were scored for each document.
    """
    ordered = sorted(fps, key=lambda f: f.id)
    by_id = {f.id: f for f in ordered}
    if rarity is None:
        rarity = rarity_weights(ordered)
    if candidates is None:
        candidates = _batch_candidates(ordered, candidate_limit(pairs))
    # `scored` carries pair scores between runs (the ledger's story_edge): a pair is scored
    # once, when it is first compared; new pairs are added to it for the caller to keep.
    scorer = PairScorer(by_id, threshold, rarity, scored if scored is not None else {}, order,
                        pairs)
    machine = [p for p in (scorer.score(a, b) for a, b in sorted(candidates)) if p.same_story]
    clusters = _Clusters(by_id, sorted(_pairs(different)))
    applied: list[PairScore] = []
    refused: list[PairScore] = []
    analyst = [PairScore(x, y, 1.0, True, {"rule": "judgement:same"})
               for x, y in sorted(_pairs(same))
               if x in by_id and y in by_id]
    weak: list[PairScore] = []
    for pair in analyst + sorted(machine, key=lambda p: (-p.score, p.a, p.b)):
        if pair not in analyst:
            support = _average_link(pair, clusters, scorer)
            if support < threshold:
                weak.append(pair)
                continue
        joined = clusters.join(pair.a, pair.b)
        if joined:
            applied.append(pair)
        elif joined is False:
            refused.append(pair)
    if tally is not None:
        tally.update(scorer.tally)
    return _stories_of(clusters, by_id, inputs, outlets, applied, refused, weak)


def _stories_of(clusters: _Clusters, by_id: Mapping[str, Fingerprint],
                inputs: Mapping[str, StoryInput], outlets: Iterable[str],
                applied: list[PairScore], refused: list[PairScore],
                weak: list[PairScore]) -> list[Story]:
    groups: dict[str, list[str]] = {}
    for doc_id in by_id:
        groups.setdefault(clusters.find(doc_id), []).append(doc_id)
    known = _known_outlets(inputs, outlets)
    stories = []
    for members in groups.values():
        docs = tuple(sorted(members))
        inside = set(docs)
        links = tuple(p for p in applied if p.a in inside)
        blocked = [p for p in refused if p.a in inside or p.b in inside]
        unsupported = sum(p.a in inside or p.b in inside for p in weak)
        original, outlet, origin_why = choose_original(docs, inputs, known)
        why = _why(docs, links, blocked, origin_why)
        if unsupported:
            why += (f"; {unsupported} link(s) to other stories not applied: on average "
                    "their documents score below the threshold")
        stories.append(Story(stable_id("sty", docs[0]), docs, original, outlet, why, links))
    return sorted(stories, key=lambda s: s.documents[0])


def _batch_candidates(ordered: Sequence[Fingerprint],
                      limit: int | None = None) -> list[tuple[str, str]]:
    """Candidate pairs (earlier id, later id) of a batch, from a fresh in-memory index."""
    index = CandidateIndex(limit=limit)
    return [(other, fp.id) for fp in ordered for other in index.add(fp)]


def _average_link(pair: PairScore, clusters: _Clusters, scorer: PairScorer) -> float:
    """Mean score between the two clusters an edge would join (at most 8 x 8 pairs).

    Single-link clustering chains: one strong edge from a copy to a same-topic story would
    pour two stories into one. Every document of both sides must, on average, look like one
    story with the other side. Where a document has used its budget of scored pairs (a flood
    of near-copies), the pairs it could not score are left out and every pair already scored
    between the two clusters is taken instead: its candidates there, the copies it is nearest.
    Fewer than MIN_EVIDENCE of them is the edge alone, biased by being a candidate: no join.
    """
    whole_left = clusters.members[clusters.find(pair.a)]
    whole_right = clusters.members[clusters.find(pair.b)]
    left = sorted(whole_left)[:MAX_LINK_SIDE]
    right = sorted(whole_right)[:MAX_LINK_SIDE]
    if left == right or len(left) + len(right) <= 2:
        return pair.score
    values: dict[tuple[str, str], float] = {}
    skipped = False
    for x in left:
        for y in right:
            key = (min(x, y), max(x, y))
            value = scorer.try_score(*key)
            if value is None:
                skipped = True
            else:
                values[key] = value
    if skipped:
        small, big = sorted((whole_left, whole_right), key=len)
        for x in small:
            for y in scorer.partners.get(x, ()):
                if y in big:
                    key = (min(x, y), max(x, y))
                    values[key] = scorer.scored[key].score
        if len(values) < min(MIN_EVIDENCE, len(left) * len(right)):
            return 0.0  # the edge alone: not enough to pour one story into another
    return sum(values.values()) / len(values) if values else pair.score


def _pairs(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(min(x, y), max(x, y)) for x, y in pairs if x != y}


def _why(docs: tuple[str, ...], links: tuple[PairScore, ...], blocked: list[PairScore],
         origin: str) -> str:
    if len(docs) == 1 and not blocked:
        return f"single document; {origin}"
    rules = Counter(str(p.evidence.get("rule", "")).split(">=")[0] for p in links)
    parts = [f"{n} {rule}" for rule, n in sorted(rules.items())]
    text = f"{len(docs)} documents joined by " + (", ".join(parts) or "no link")
    if blocked:
        text += (f"; {len(blocked)} link(s) refused by a 'different' judgement ("
                 + ", ".join(f"{p.a}~{p.b} [{p.evidence.get('rule')}]" for p in blocked[:3])
                 + ")")
    return f"{text}; {origin}"


def _known_outlets(inputs: Mapping[str, StoryInput], outlets: Iterable[str] = ()) \
        -> dict[str, str]:
    names = {*AGENCIES, *outlets, *(i.outlet for i in inputs.values() if i.outlet),
             *(i.cited_source for i in inputs.values() if i.cited_source)}
    return {_outlet_key(n): n for n in sorted(names)}


def _outlet_key(name: str) -> str:
    return fold(re.sub(r"^(the|der|die|le|la|el)\s+", "", name.strip(), flags=re.I))


def cited_outlet(text: str, known: Mapping[str, str]) -> str | None:
    """The outlet a text names as its origin ("told CNN", "reports the BBC", "Source: X").

    Only names of known outlets count: "told reporters" or "according to the governor" name
    a speaker, not an origin. The longest known prefix of the captured name is taken.
    """
    for pattern in _CITE_PATTERNS:
        for m in pattern.finditer(text):
            words = m.group(1).split()
            for n in range(len(words), 0, -1):
                name = known.get(_outlet_key(" ".join(words[:n]).rstrip(".,'’s")))
                if name:
                    return name
    return None


def choose_original(docs: Sequence[str], inputs: Mapping[str, StoryInput],
                    known: Mapping[str, str] | None = None) -> tuple[str | None, str | None,
                                                                     str]:
    """The story's original document and outlet, and why: a named source, else the earliest."""
    known = known if known is not None else _known_outlets(inputs)
    cited: dict[str, str] = {}
    for d in docs:
        item = inputs.get(d)
        if item is None:
            continue
        name = item.cited_source or cited_outlet(item.text, known)
        if name:
            cited[d] = name
    if cited:
        counts = Counter(_outlet_key(n) for n in cited.values())
        top_key = min(counts, key=lambda k: (-counts[k], k))
        naming = [d for d in docs if d in cited and _outlet_key(cited[d]) == top_key]
        outlet = cited[naming[0]]
        own = [d for d in docs if inputs.get(d) and inputs[d].outlet
               and _outlet_key(inputs[d].outlet or "") == top_key]
        if own:
            original = _earliest(own, inputs)
            return original, outlet, (f"original: {original} is published by {outlet}, the "
                                      f"source {len(naming)} copy(ies) name")
        original = _earliest(naming, inputs)
        return original, outlet, (f"original outlet: {outlet}, named as source by "
                                  f"{', '.join(naming[:3])}; original document: {original}, the "
                                  "earliest that names it")
    dated = [d for d in docs if inputs.get(d) and inputs[d].published]
    if dated:
        original = _earliest(dated, inputs)
        item = inputs[original]
        return original, item.outlet, (f"original: {original}, earliest published "
                                        f"({item.published}); no copy names a source")
    return None, None, "original unknown: no copy names a source or has a publication date"


def _earliest(docs: Sequence[str], inputs: Mapping[str, StoryInput]) -> str:
    # ISO dates and datetimes sort as strings; undated documents sort after dated ones.
    return min(docs, key=lambda d: ((inputs[d].published or "\uffff") if d in inputs
                                    else "\uffff", d))
