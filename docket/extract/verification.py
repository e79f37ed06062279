"""What the text says about verification, and exactly which words each statement covers.

`find_verifications` reads sentences for five kinds of statement (model.VERIFICATION_STATUSES):

- confirmed: 'X verified / confirmed / geolocated / authenticated ...', 'X was able to verify',
  with who (`by`) and how ('using satellite imagery', 'by comparing ...', 'through ...');
- unverified: the same verbs negated or out of reach ('could not independently verify', 'has
  not been verified', 'it was not possible to verify', 'unable to confirm'), and the adjectives
  'unconfirmed' / 'unverified' ('unconfirmed reports say ...', 'an unverified video shows ...');
- denied: 'X denied / rejected / dismissed / refuted ...';
- no_response: 'did not respond to a request for comment', 'declined to comment', 'could not
  be reached for comment', 'did not return calls';
- disputed: 'X disputed / contested ...', 'the figures are disputed', 'conflicting accounts'.

The SCOPE is the point: a verification applies only to the words it is about, so that
confirming a witness's whereabouts does not confirm the abuse he describes next.

- A clausal complement is the scope ('verified that the witness was in Bucha' -> 'the witness
  was in Bucha'; 'denied that its troops shelled the village' -> 'its troops shelled the
  village').
- A noun that describes its content is the scope ('could not verify reports that ...', 'the
  death toll given by the mayor is disputed').
- An anaphoric object or subject (a pronoun, or a short definite noun phrase such as 'the
  claims', 'this', 'the video') points back: the scope is the previous sentence plus the part
  of the current sentence before the statement ('Troops shelled the school, but Reuters could
  not verify the claim.'). We do not chase the noun further back than one sentence: a longer
  reach would guess, and a verification that covers too much is worse than one that covers
  too little.
- no_response covers the sentences of the paragraph before it (the allegation the party was
  asked about is normally put in the same paragraph), or the previous paragraph when the
  statement opens its paragraph.

`verification_for` picks, for a stretch of text, the most specific statement whose scope holds
it. Each record names its pattern in `rule` and keeps the words that state it in `evidence`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docket.model import NOT_STATED, Mention, TextSpan, Verification

CONFIRM_VERBS = frozenset(
    [
        "verify", "confirm", "geolocate", "authenticate", "corroborate", "establish",
        "ascertain", "validate"])
DENY_VERBS = frozenset(["deny", "reject", "dismiss", "refute", "rebut"])
DISPUTE_VERBS = frozenset(["dispute", "contest", "challenge", "question"])
# Heads above a verification verb that make it out of reach ('unable to verify').
OUT_OF_REACH = frozenset(["unable", "impossible", "fail", "difficult", "hard"])
UNVERIFIED_ADJECTIVES = frozenset(["unconfirmed", "unverified", "uncorroborated", "unverifiable"])
CONFLICT_ADJECTIVES = frozenset(["conflicting", "contradictory", "contradicting", "differing"])
ACCOUNT_NOUNS = frozenset(
    [
        "account", "accounts", "report", "reports", "claim", "claims", "version", "versions",
        "statement", "statements"])
# Cue verbs whose complement is what an unverified source says ('unconfirmed reports say X').
CONTENT_VERBS = frozenset([
    "say", "show", "suggest", "claim", "indicate", "allege", "report", "depict"])
DEFINITE = frozenset([
    "the", "this", "that", "these", "those", "its", "their", "his", "her", "such"])
HOW_WORDS = frozenset(["using", "by", "through", "with", "via", "from", "after", "based"])

NO_RESPONSE = re.compile(
    r"\b(?:did(?:\s+not|n[’']t)\s+(?:immediately\s+)?(?:respond|reply|return|answer)"
    r"|ha(?:s|ve)(?:\s+not|n[’']t)\s+(?:yet\s+|immediately\s+)?(?:responded|replied)"
    r"|(?:declined|refused)\s+to\s+(?:comment|respond|answer)"
    r"|could\s+not\s+(?:immediately\s+)?be\s+reached"
    r"|(?:was|were|is|are)\s+not\s+(?:immediately\s+)?available\s+(?:for|to)\s+comment"
    r"|no\s+(?:immediate\s+)?(?:response|reply)\s+(?:was|has\s+been)\s+received)",
    re.IGNORECASE)
BY_KINDS = frozenset({"person", "organization", "military_unit", "unnamed_person", "place"})


def find_verifications(text: str, parsed: Any,
                       mentions: Sequence[Mention]) -> tuple[Verification, ...]:
    """Every verification statement in `text`, in text order (see the module docstring)."""
    if not text.strip() or parsed is None or len(parsed) == 0:
        return ()
    finder = _Finder(text, parsed, mentions)
    found: list[Verification] = []
    for index, sent in enumerate(finder.sents):
        found += finder.no_response(index, sent)
        for tok in sent:
            record = finder.statement(index, tok)
            if record is not None:
                found.append(record)
    unique = {(v.status, v.evidence[0].start if v.evidence else -1): v for v in found}
    return tuple(sorted(unique.values(), key=lambda v: (
        v.evidence[0].start if v.evidence else 0, v.status)))


def verification_for(start: int, end: int,
                     verifications: Sequence[Verification]) -> Verification:
    """The most specific verification whose scope holds [start, end), else NOT_STATED."""
    best: Verification | None = None
    for v in verifications:
        if v.scope is None or not (v.scope.start <= start and end <= v.scope.end):
            continue
        if best is None or best.scope is None or (
                v.scope.end - v.scope.start < best.scope.end - best.scope.start):
            best = v
    return best or NOT_STATED


# ---------------------------------------------------------------- helpers

def _span(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and (text[start].isspace() or text[start] in ",;:-—–\"“”«»'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—–.\"“”«»'"):
        end -= 1
    return TextSpan(start, end, text[start:end]) if end > start else None


def _subtree(text: str, tok: Any) -> TextSpan | None:
    return _span(text, tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge))


def _chain(tok: Any, depth: int = 3) -> list[Any]:
    """The token and the heads it hangs from through control ('was able to verify')."""
    out = [tok]
    node = tok
    for _ in range(depth):
        if node.dep_ not in ("xcomp", "acomp", "advcl", "conj", "auxpass") or node.head is node:
            break
        node = node.head
        out.append(node)
    return out


def _subject(tok: Any) -> Any | None:
    for node in _chain(tok):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ != "it":
                return child
    return None


def _agent(tok: Any) -> Any | None:
    """Who did it: the active subject, or the 'by' agent of a passive."""
    for child in tok.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    return _subject(tok)


def _negated(tok: Any) -> bool:
    for node in _chain(tok):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("det", "advmod")
               for c in node.children):
            return True
        if node is not tok and node.lemma_.lower() in OUT_OF_REACH:
            return True
    return False


def _anaphoric(np: Any) -> bool:
    """A pronoun, or a short definite noun phrase, refers back ('the claims', 'this')."""
    if np.pos_ == "PRON" or np.lower_ in ("this", "that", "these", "those"):
        return True
    words = list(np.subtree)
    has_content = any((c.dep_ in ("acl", "relcl", "ccomp", "appos") or c.dep_ == "prep")
                      and c.lower_ not in HOW_WORDS for c in np.children)
    return (len(words) <= 4 and not has_content
            and any(w.lower_ in DEFINITE for w in words if w.i < np.i))


class _Finder:
    """Finds statements in one parsed text; keeps the sentence list for anaphoric scopes."""

    def __init__(self, text: str, parsed: Any, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.sents = list(parsed.sents)
        self.mentions = [m for m in mentions if m.kind in BY_KINDS]

    def entity(self, tok: Any | None) -> str | None:
        if tok is None:
            return None
        hits = [m for m in self.mentions if m.start < tok.idx + len(tok) and m.end > tok.idx]
        return hits[0].entity_id if hits else None

    def by_of(self, tok: Any | None) -> tuple[str | None, str | None]:
        if tok is None:
            return None, None
        span = _subtree(self.text, tok)
        return (span.text if span else tok.text), self.entity(tok)

    def back_scope(self, index: int, clause_start: int) -> TextSpan | None:
        """The previous sentence and the current one up to the statement's clause."""
        start = self.sents[index - 1].start_char if index > 0 else self.sents[index].start_char
        return _span(self.text, start, clause_start)

    def paragraph_scope(self, index: int, sent: Any) -> TextSpan | None:
        """The sentences of this paragraph before `sent`, else the previous paragraph."""
        para_start = self.text.rfind("\n", 0, sent.start_char) + 1
        scope = _span(self.text, para_start, sent.start_char)
        if scope is None and para_start > 1:
            prev_start = self.text.rfind("\n", 0, max(0, para_start - 1))
            while prev_start > 0 and not self.text[prev_start + 1:para_start].strip():
                prev_start = self.text.rfind("\n", 0, prev_start)
            scope = _span(self.text, prev_start + 1, para_start)
        return scope

    def object_scope(self, index: int, verb: Any, clause_start: int) -> tuple[
            TextSpan | None, str]:
        """What the verification verb is about: a clause, a content noun, or a sentence back."""
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp", "pcomp") or child.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in child.children):
                body = [c for c in child.subtree if not (
                    c.dep_ == "mark" and c.head is child and c.i == child.left_edge.i)]
                if body:
                    span = _span(self.text, body[0].idx, body[-1].idx + len(body[-1]))
                    lead = re.match(r"(?:that|whether)\s+", span.text) if span else None
                    if span is not None and lead:
                        span = _span(self.text, span.start + lead.end(), span.end)
                    return span, "complement clause"
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None:
            prep = next((c for c in verb.children if c.dep_ == "prep"
                         and c.lower_ in ("of", "about", "over")), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if obj is not None and not _anaphoric(obj):
            return _subtree(self.text, obj), "object noun phrase"
        return self.back_scope(index, clause_start), "anaphoric: previous sentence"

    def how_of(self, verb: Any) -> TextSpan | None:
        """The method: a 'using/by/through ...' phrase of the verb, or one the parser hung on
        its object or complement ('verified the footage using satellite imagery')."""
        found = self._how_among(verb.children)
        if found is not None:
            return found
        for child in verb.children:
            if child.dep_ in ("dobj", "ccomp", "nsubjpass"):
                gerunds = [c for c in child.subtree if c.i > child.i and (
                    c.lower_ in ("using", "through") or c.lower_ == "by" and c.i + 1 < len(
                        c.doc) and c.doc[c.i + 1].tag_ == "VBG")]
                found = self._how_among(gerunds)
                if found is not None:
                    return found
        return None

    def _how_among(self, children: Any) -> TextSpan | None:
        for child in children:
            if child.lower_ in HOW_WORDS and child.dep_ in ("prep", "advcl", "xcomp", "agent",
                                                             "advmod", "acl"):
                if child.lower_ == "by" and any(c.dep_ == "pobj" and c.pos_ == "PROPN"
                                                for c in child.children):
                    continue  # 'confirmed by the ministry' names who, not how
                return _subtree(self.text, child)
        return None

    def evidence(self, verb: Any) -> TextSpan:
        words = [verb] + [c for node in _chain(verb) for c in node.children
                          if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i]
        words += [n for n in _chain(verb)[1:]]
        lo = min(w.idx for w in words)
        hi = max(w.idx + len(w) for w in words)
        return TextSpan(lo, hi, self.text[lo:hi])

    # ------------------------------------------------------------ the statements

    def statement(self, index: int, tok: Any) -> Verification | None:
        lemma = tok.lemma_.lower()
        if (tok.pos_ in ("VERB", "AUX") and lemma in CONFIRM_VERBS | DENY_VERBS | DISPUTE_VERBS
                and tok.dep_ not in ("amod", "compound")):  # 'geolocated photos' states nothing
            return self.verb_statement(index, tok, lemma)
        if tok.lower_ in UNVERIFIED_ADJECTIVES and tok.dep_ in ("amod", "acomp"):
            return self.adjective_statement(index, tok)
        if tok.lower_ in CONFLICT_ADJECTIVES and tok.dep_ == "amod" and \
                tok.head.lemma_.lower() in ACCOUNT_NOUNS | {"account", "report", "claim"}:
            noun = tok.head
            about = next((c for c in noun.children if c.dep_ == "prep"), None)
            scope = _subtree(self.text, about) if about is not None else self.back_scope(
                index, tok.sent.start_char)
            return Verification("disputed", scope=scope, evidence=(
                TextSpan(tok.idx, noun.idx + len(noun), self.text[tok.idx:noun.idx + len(noun)]),),
                rule="disputed: 'conflicting accounts' "
                     + ("(scope: what they are about)" if about is not None
                        else "(scope: previous sentence)"))
        return None

    def verb_statement(self, index: int, verb: Any, lemma: str) -> Verification | None:
        negated = _negated(verb)
        agent = _agent(verb)
        clause_start = min([verb.idx] + [n.left_edge.idx for n in _chain(verb)
                                          if n.dep_ not in ("conj",)]
                           + ([agent.left_edge.idx] if agent is not None
                              and agent.i < verb.i else []))
        scope, how_scope = self.object_scope(index, verb, clause_start)
        by, by_entity = self.by_of(agent)
        how = self.how_of(verb)
        if scope is not None and how is not None and scope.start < how.start < scope.end:
            scope = _span(self.text, scope.start, how.start) or scope
        evidence = (self.evidence(verb),)
        if lemma in CONFIRM_VERBS:
            if negated:
                return Verification("unverified", scope, by, by_entity, None, evidence,
                                    f"unverified: negated or unreachable '{lemma}' "
                                    f"(scope: {how_scope})")
            if lemma == "establish" and not any(c.dep_ == "ccomp" for c in verb.children):
                return None  # 'established a base' is not a verification
            return Verification("confirmed", scope, by, by_entity, how.text if how else None,
                                evidence, f"confirmed: '{lemma}' (scope: {how_scope})")
        if negated:
            return None  # 'did not deny' / 'did not dispute' states nothing either way
        if lemma in DENY_VERBS:
            if agent is None:
                return None  # 'the request was rejected' is not a party's denial
            return Verification("denied", scope, by, by_entity, None, evidence,
                                f"denied: '{lemma}' (scope: {how_scope})")
        if lemma == "question" and agent is None:
            return None
        if lemma in ("challenge", "question") and not any(
                c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return None
        return Verification("disputed", scope, by, by_entity, None, evidence,
                            f"disputed: '{lemma}' (scope: {how_scope})")

    def adjective_statement(self, index: int, adj: Any) -> Verification | None:
        noun = adj.head
        evidence = (_span(self.text, min(adj.idx, noun.idx),
                          max(adj.idx + len(adj), noun.idx + len(noun))) or TextSpan(
            adj.idx, adj.idx + len(adj), adj.text),)
        if adj.dep_ == "acomp":  # 'the report is unconfirmed': about its subject
            subj = next((c for c in noun.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return None
            scope = (self.back_scope(index, subj.left_edge.idx) if _anaphoric(subj)
                     else _subtree(self.text, subj))
            return Verification("unverified", scope, evidence=evidence,
                                rule=f"unverified: '{adj.lower_}' predicate")
        verb = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in CONTENT_VERBS:
            clause = next((c for c in verb.children if c.dep_ in ("ccomp", "dobj")), None)
            if clause is not None:
                return Verification("unverified", _subtree(self.text, clause),
                                    evidence=evidence,
                                    rule=f"unverified: '{adj.lower_} {noun.lower_}' and what "
                                         f"they {verb.lemma_.lower()}")
        if any(c.dep_ in ("acl", "relcl", "prep", "ccomp") for c in noun.children):
            return Verification("unverified", _subtree(self.text, noun), evidence=evidence,
                                rule=f"unverified: '{adj.lower_}' noun with its content")
        sent = adj.sent
        return Verification("unverified", _span(self.text, sent.start_char, sent.end_char),
                            evidence=evidence,
                            rule=f"unverified: '{adj.lower_}' (scope: its sentence)")

    def no_response(self, index: int, sent: Any) -> list[Verification]:
        found: list[Verification] = []
        chunk = self.text[sent.start_char:sent.end_char]
        for m in NO_RESPONSE.finditer(chunk):
            start, end = sent.start_char + m.start(), sent.start_char + m.end()
            verbs = [t for t in sent if start <= t.idx < end and t.pos_ in ("VERB", "AUX")]
            who = next((s for s in (_subject(v) for v in verbs) if s is not None), None)
            by, by_entity = self.by_of(who)
            found.append(Verification(
                "no_response", self.paragraph_scope(index, sent), by, by_entity,
                evidence=(TextSpan(start, end, self.text[start:end]),),
                rule="no_response: '" + " ".join(m.group(0).split()) + "' (scope: the "
                     "paragraph before it)"))
        return found
