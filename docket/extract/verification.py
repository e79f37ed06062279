"""What the text says about verification, and exactly which words each statement covers.

`find_verifications` reads sentences for five kinds of statement (model.VERIFICATION_STATUSES):

- confirmed: 'X verified / confirmed / geolocated / authenticated ...', 'X was able to verify',
  with who (`by`) and how ('using satellite imagery', 'by comparing ...', 'through ...');
- unverified: the same verbs negated or out of reach ('could not independently verify', 'has
  not been verified', 'it was not possible to verify', 'unable to confirm', 'has yet to be
  verified', 'there was no way to verify', 'neither claim could be confirmed', 'none of the
  reports could be verified', 'no one could verify'), the nouns negated ('there was no
  independent confirmation', 'without independent verification'), and the adjectives
  'unconfirmed' / 'unverified' ('unconfirmed reports say ...', 'an unverified video shows ...');
- denied: 'X denied / rejected / dismissed / refuted ...';
- no_response: 'did not respond to a request for comment', 'declined to comment', 'could not
  be reached for comment', 'did not return calls';
- disputed: 'X disputed / contested ...', 'the figures are disputed', 'conflicting accounts',
  and competing accusations ('both sides blamed each other for the shelling', 'Russia and
  Ukraine accused each other of ...', 'each side blamed the other', 'traded accusations').

A negation that governs a verification verb makes the statement `unverified`, never
`confirmed`, wherever it sits: on the verb or on a verb it hangs from ('not possible to
verify'), on the head noun of an infinitive ('no way to verify'), in 'neither ... nor', 'yet
to', 'remains to be', 'without', or as the quantifier of who verifies or of what is verified
('neither side's account could be verified', 'none of the reports', 'no one could confirm').
A negated object that is not an account ('confirmed no casualties') is a confirmation of an
absence and stays `confirmed`.

The SCOPE is the point: a verification applies only to the words it is about, so that
confirming a witness's whereabouts does not confirm the abuse he describes next.

- A clausal complement is the scope ('verified that the witness was in Bucha' -> 'the witness
  was in Bucha'; 'denied that its troops shelled the village' -> 'its troops shelled the
  village'; 'Moscow denied targeting civilians' -> 'targeting civilians').
- A noun that describes its content is the scope ('could not verify reports that ...', 'the
  death toll given by the mayor is disputed').
- An anaphoric object or subject points back. How far depends on what it is:
  - a singular one (a pronoun such as 'this' or 'it', or a short definite noun phrase such as
    'the claim', 'the video') reaches the previous sentence plus the part of the current
    sentence before the statement ('Troops shelled the school, but Reuters could not verify
    the claim.');
  - a plural or distributive account noun ('these claims', 'the reports', 'both accounts',
    'either account', 'neither side's account', 'none of the reports', 'they') reaches the
    whole current paragraph before the statement, plus the previous paragraph when the
    statement opens its paragraph. Such a phrase gathers several statements ('Ukraine said
    ... Russia said ... Neither account could be verified'), and journalists put it at the
    end of the paragraph that holds them; a one-sentence reach left the first account
    uncovered. The paragraph is the limit because a new paragraph is where a reporter starts
    a new thread, and a verification that covers too much is worse than one that covers too
    little: we still do not chase a singular noun further than one sentence.
  A topic phrase on an account noun ('neither side's account of Monday's strike', 'the claim
  about the convoy') does not stop it pointing back; the scope then runs on to the end of the
  noun phrase, so the topic words are covered too. An indefinite plural with a topic ('could
  not verify reports of shelling in Izium') states new content and is its own scope. Plural
  'conflicting accounts' with no topic reaches the paragraph in the same way.
- no_response covers the sentences of the paragraph before it (the allegation the party was
  asked about is normally put in the same paragraph), or the previous paragraph when the
  statement opens its paragraph.
- A competing accusation covers its own sentence, and the previous sentence as well when what
  it is about points back ('blamed each other for the attack') or is not named ('each side
  blamed the other').

Paragraphs: a blank line always ends one. A single line break ends one too, unless it merely
wraps a sentence (the line does not end a sentence, and the next goes on in lower case or the
line is as long as wrapped lines are): the pipeline writes each HTML block as one line with
no blank line between blocks, while plain text separates paragraphs by blank lines and may
wrap lines inside them. A short unterminated line before a capital (a heading, a dateline)
still ends its paragraph: a wrong break shortens a reach, a wrong join would lengthen it.

`verification_for` picks, for a stretch of text, the most specific statement whose scope holds
it. Each record names its pattern in `rule` and keeps the words that state it in `evidence`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import Any

from docket.model import NOT_STATED, Mention, TextSpan, Verification

CONFIRM_VERBS = frozenset(
    [
        "verify", "confirm", "geolocate", "authenticate", "corroborate", "establish",
        "ascertain", "validate"])
# Nouns of verification: only their negation states something ('no independent confirmation');
# a bare 'confirmation' is too often a party's own word ('confirmation came from Kyiv').
CONFIRM_NOUNS = frozenset(["confirmation", "verification", "corroboration", "authentication"])
# Heads that leave a verification noun still to come ('awaiting confirmation').
PENDING_HEADS = frozenset(["await", "pending", "lack"])
DENY_VERBS = frozenset(["deny", "reject", "dismiss", "refute", "rebut"])
DISPUTE_VERBS = frozenset(["dispute", "contest", "challenge", "question"])
# Verbs of accusation; with a reciprocal object ('blamed each other') they are a dispute.
ACCUSE_VERBS = frozenset(["accuse", "blame"])
# 'traded / exchanged accusations' is the same dispute said with a noun.
TRADE_VERBS = frozenset(["trade", "exchange"])
ACCUSATION_NOUNS = frozenset(["accusation", "blame", "charge", "allegation", "recrimination"])
# Verbs whose subject undergoes rather than acts ('the claims remain without confirmation').
UNDERGOING_VERBS = frozenset(["be", "remain", "stay", "come", "appear", "emerge", "go"])
# Heads above a verification verb that make it out of reach ('unable to verify').
OUT_OF_REACH = frozenset(["unable", "impossible", "fail", "difficult", "hard"])
# Predicates that leave a verification noun out of reach ('confirmation was impossible').
UNAVAILABLE = OUT_OF_REACH | {"unavailable", "lacking"}
# Adjectives whose subject is what is (not) verified ('the claims were impossible to verify').
TOUGH_ADJECTIVES = frozenset(["impossible", "difficult", "hard", "easy", "possible"])
# Words that negate the noun phrase they quantify ('no one', 'neither side', 'none of').
NEGATIVE_QUANTIFIERS = frozenset(["no", "neither", "none", "nobody", "nothing", "noone", "few"])
UNVERIFIED_ADJECTIVES = frozenset(["unconfirmed", "unverified", "uncorroborated", "unverifiable"])
CONFLICT_ADJECTIVES = frozenset(["conflicting", "contradictory", "contradicting", "differing"])
# Lemmas of nouns that name what someone says happened.
ACCOUNT_NOUNS = frozenset(
    [
        "account", "report", "claim", "version", "statement", "allegation", "accusation",
        "assertion"])
# Determiners and pronouns that spread a statement over several accounts ('neither account').
DISTRIBUTIVE = frozenset(["either", "neither", "both", "each", "all", "none", "any"])
PLURAL_PRONOUNS = frozenset([
    "they", "them", "these", "those", "both", "either", "neither", "none", "all", "each"])
# Cue verbs whose complement is what an unverified source says ('unconfirmed reports say X').
CONTENT_VERBS = frozenset([
    "say", "show", "suggest", "claim", "indicate", "allege", "report", "depict"])
DEFINITE = frozenset([
    "the", "this", "that", "these", "those", "its", "their", "his", "her", "such"])
HOW_WORDS = frozenset(["using", "by", "through", "with", "via", "from", "after", "based"])
# Relations a negation reaches down through to a verification word (see `_governors`).
GOVERNED_BY_HEAD = frozenset([
    "xcomp", "acomp", "oprd", "advcl", "conj", "auxpass", "relcl", "acl", "pcomp", "pobj",
    "prep", "dobj", "attr"])
FINITE_TAGS = frozenset(["VBD", "VBZ", "VBP"])
SENTENCE_END = tuple(".!?:;\"'”’»)")

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


def _end(tok: Any) -> int:
    """Where the phrase headed by `tok` ends."""
    return int(tok.right_edge.idx + len(tok.right_edge))


def _paragraph_starts(text: str) -> list[int]:
    """Where each paragraph starts (see the module docstring): after a blank line, or after a
    line break that does not merely wrap a sentence."""
    starts = [0]
    for m in re.finditer(r"\n\s*", text):
        nxt = m.end()
        if nxt >= len(text):
            break
        blank = m.group(0).count("\n") > 1
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].strip()
        # A line cut mid-sentence wraps when the sentence goes on in lower case, or when the
        # line is as long as wrapped lines are (a short one is a heading or a dateline).
        wraps = not line.endswith(SENTENCE_END) and (text[nxt].islower() or len(line) >= 60)
        if blank or not wraps:
            starts.append(nxt)
    return starts


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


def _clause_left(tok: Any) -> int:
    """Where the words that hang from `tok` start, leaving out a clause it is joined to."""
    return int(min([tok.idx] + [c.left_edge.idx for c in tok.children if c.i < tok.i
                                and c.dep_ not in ("conj", "cc", "punct")]))


def _has_subject(tok: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _governors(tok: Any, depth: int = 5) -> list[Any]:
    """The word and the words above it whose negation governs it.

    Climbs control and infinitives ('not possible to verify', 'unable to confirm'), the noun
    an infinitive or 'of' phrase hangs from ('no way to verify', 'no means of verifying'), the
    verb that noun is the object of ('did not have a way to verify', 'could not get
    confirmation'), and shared-subject conjuncts ('could not verify or confirm'). It stops at
    a word with its own subject ('the video, which Reuters verified'), at a finite conjunct
    after a non-finite one ('did not reach the town but verified the video'), and at a
    preposition that hangs from a verb ('after confirming the strike, the ministry did not
    comment' negates nothing).
    """
    out = [tok]
    node = tok
    for _ in range(depth):
        if node.head is node or node.dep_ not in GOVERNED_BY_HEAD:
            break
        if node.dep_ in ("conj", "advcl", "relcl", "acl") and _has_subject(node):
            break
        if node.dep_ == "conj" and node.tag_ in FINITE_TAGS and node.tag_ != node.head.tag_:
            break
        if node.dep_ == "prep" and node.lower_ != "without" and node.head.pos_ not in (
                "NOUN", "PROPN"):
            break
        node = node.head
        out.append(node)
        if node.lower_ == "without":
            break
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
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None  # a passive names no one but its 'by' agent
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in TOUGH_ADJECTIVES:
        return None  # 'the claims were impossible to verify': the subject is what, not who
    return _subject(tok)


def _negative_np(np: Any) -> bool:
    """'no one', 'nobody', 'none of the reports', 'neither side's account', 'neither claim'."""
    if np.lower_ in NEGATIVE_QUANTIFIERS:
        # 'few of the claims' is mostly not; 'a few of the claims' is some
        return not (np.lower_ == "few" and any(c.lower_ == "a" for c in np.children))
    return any(w.lower_ in ("no", "neither") for w in np.subtree if w.i < np.i)


def _is_account(np: Any) -> bool:
    return bool(np.lemma_.lower() in ACCOUNT_NOUNS or np.lower_ in DISTRIBUTIVE)


def _negated(tok: Any) -> bool:
    """Whether a negation governs `tok` (see the module docstring and `_governors`)."""
    nodes = _governors(tok)
    for below, node in zip([None, *nodes[:-1]], nodes, strict=True):
        if node.lower_ == "without":
            return True
        for c in node.children:
            if c.dep_ == "neg" or c.dep_ == "preconj" and c.lower_ == "neither":
                return True
            if c.lower_ in ("never", "no", "neither") and c.dep_ in ("det", "advmod"):
                return True
            # 'No one could verify', 'Neither claim could be confirmed', 'None of the reports'
            if c.dep_ in ("nsubj", "nsubjpass") and _negative_np(c):
                return True
            # 'verified none of the claims'; but 'confirmed no casualties' confirms an absence
            if c.dep_ == "dobj" and c is not below and _negative_np(c) and _is_account(c):
                return True
        if node.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor"
                                       for c in node.head.children):
            return True
        if below is not None and node.lemma_.lower() in OUT_OF_REACH:
            return True
        # 'has yet to be verified', 'is still to be confirmed', 'remains to be verified'
        if below is not None and below.dep_ == "xcomp" and (
                node.lemma_.lower() == "remain" or any(
                    c.dep_ == "advmod" and c.lower_ in ("yet", "still") for c in node.children)):
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


Reach = str | None  # 'paragraph', 'sentence', or None: the phrase states its own content


def _is_quantifier(np: Any) -> bool:
    return (np.lower_ in DISTRIBUTIVE or np.lower_ == "few" and _negative_np(np)) \
        and np.pos_ != "ADV"


def _quantifier_reach(np: Any) -> Reach:
    """'neither', 'none of the reports', 'few of the claims': several accounts, unless what
    they quantify states its own content ('none of the reports that troops shelled ...')."""
    inner = next((g for c in np.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"), None)
    if inner is None or _reach(inner) is not None:
        return "paragraph"
    return None


def _is_pronoun(np: Any) -> bool:
    return bool(np.pos_ == "PRON" or np.lower_ in ("this", "that", "these", "those"))


def _pronoun_reach(np: Any) -> Reach:
    return "paragraph" if np.lower_ in PLURAL_PRONOUNS else "sentence"


def _account_noun_reach(np: Any) -> Reach:
    """'the claim' one sentence, 'these claims' or 'both accounts' the paragraph; 'reports that
    troops shelled the school' or 'reports of shelling in Izium' state their own content."""
    # (a subject's 'content' found past its verb is a misparse: 'The claims ... were
    # impossible to verify ..., both claiming heavy losses')
    if any(c.dep_ in ("acl", "relcl", "ccomp", "appos") and c.lower_ not in HOW_WORDS
           and not np.i < np.head.i < c.i for c in np.children):
        return None  # 'reports that troops shelled the school' say what they report
    before = [w for w in np.subtree if w.i < np.i]
    distributive = any(w.lower_ in DISTRIBUTIVE for w in before)
    definite = any(w.lower_ in DEFINITE or w.dep_ == "poss" for w in before)
    topical = any(c.dep_ == "prep" and c.lower_ not in HOW_WORDS for c in np.children)
    if distributive:
        return "paragraph"
    if np.tag_ in ("NNS", "NNPS"):
        # 'reports of shelling in Izium' is new content; 'the reports of shelling' and a
        # bare 'Reports could not be verified' point back.
        return "paragraph" if definite or not topical else None
    return "sentence" if definite else None


def _phrase_reach(np: Any) -> Reach:
    return "sentence" if _anaphoric(np) else None


# (name, when, reach): the first rule whose condition holds decides.
REACH_RULES: tuple[tuple[str, Callable[[Any], bool], Callable[[Any], Reach]], ...] = (
    ("quantifier", _is_quantifier, _quantifier_reach),
    ("pronoun", _is_pronoun, _pronoun_reach),
    ("account_noun", lambda np: np.lemma_.lower() in ACCOUNT_NOUNS, _account_noun_reach),
    ("other_phrase", lambda np: True, _phrase_reach),
)


def reach_rule(np: Any) -> tuple[str, Reach]:
    """The name of the rule that decides how far back `np` points, and its answer."""
    name, _when, reach = next(r for r in REACH_RULES if r[1](np))
    return name, reach(np)


def _reach(np: Any) -> Reach:
    """How far back the phrase a statement is about points: 'paragraph' for several accounts
    ('these claims', 'neither side's account', 'none of the reports', 'they'), 'sentence' for
    one thing ('the claim', 'this'), None when the phrase states its own content."""
    return reach_rule(np)[1]


def _reciprocal(obj: Any, subject: Any | None) -> bool:
    """'each other', 'one another', or 'the other' after 'each side'."""
    if obj.lower_ == "other" and any(c.lower_ == "each" for c in obj.children):
        return True
    if obj.lower_ == "another" and obj.i > 0 and obj.doc[obj.i - 1].lower_ == "one":
        return True
    if obj.lower_ == "other" and subject is not None:
        return any(w.lower_ in ("each", "either") for w in subject.subtree if w.i <= subject.i)
    return False


# --- what a verification verb is about: named readers, tried in order -------------------------

def _complement_body(verb: Any) -> list[Any] | None:
    """The words of the first clause the verb governs ('verified that X', 'denied targeting
    civilians', 'could not say whether X'), without its opening 'that' or 'whether'."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "pcomp") or child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in child.children):
            body = [c for c in child.subtree if not (
                c.dep_ == "mark" and c.head is child and c.i == child.left_edge.i)]
            if body:
                return body
    return None


def _direct_object(verb: Any) -> Any | None:
    """'could not verify the claim', 'the claim could not be verified'."""
    return next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)


def _object_of_preposition(verb: Any) -> Any | None:
    """An object the parser hung on 'of', 'about' or 'over' ('disputed over the figures')."""
    prep = next((c for c in verb.children if c.dep_ == "prep"
                 and c.lower_ in ("of", "about", "over")), None)
    return next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None


def _subject_above_infinitive(verb: Any) -> Any | None:
    """The subject above the infinitive: raised ('the claims have yet to be verified') or of a
    tough adjective ('the claims were impossible to verify')."""
    if verb.dep_ != "xcomp":
        return None
    holder = None
    if any(c.dep_ == "auxpass" for c in verb.children):
        holder = verb.head
    elif verb.head.lemma_.lower() in TOUGH_ADJECTIVES and verb.head.dep_ in ("acomp", "oprd"):
        holder = verb.head.head
    if holder is None:
        return None
    return next((c for c in holder.children if c.dep_ == "nsubj" and c.lower_ != "it"), None)


def _object_shared_with_nor(verb: Any) -> Any | None:
    """'could neither confirm nor deny the accounts': the object they share."""
    if not any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in verb.children):
        return None
    return next((g for c in verb.children if c.dep_ == "conj" and c.i > verb.i
                 for g in c.children if g.dep_ == "dobj"), None)


_OBJECT_READERS: tuple[tuple[str, Callable[[Any], Any | None]], ...] = (
    ("direct_object", _direct_object),
    ("object_of_preposition", _object_of_preposition),
    ("subject_above_infinitive", _subject_above_infinitive),
    ("object_shared_with_nor", _object_shared_with_nor),
)


def verification_object(verb: Any) -> tuple[str, Any] | None:
    """The phrase a verification verb is about, with the name of the reader that found it;
    None when no reader finds one (the statement then points back a sentence)."""
    for name, read in _OBJECT_READERS:
        found = read(verb)
        if found is not None:
            return name, found
    return None


class _Finder:
    """Finds statements in one parsed text; keeps the sentences and paragraphs for scopes."""

    def __init__(self, text: str, parsed: Any, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.sents = list(parsed.sents)
        self.mentions = [m for m in mentions if m.kind in BY_KINDS]
        self.paragraphs = _paragraph_starts(text)

    def entity(self, tok: Any | None) -> str | None:
        if tok is None:
            return None
        hits = [m for m in self.mentions if m.start < tok.idx + len(tok) and m.end > tok.idx]
        return hits[0].entity_id if hits else None

    def by_of(self, tok: Any | None) -> tuple[str | None, str | None]:
        if tok is None or _negative_np(tok):  # 'No one could verify' names nobody
            return None, None
        span = _subtree(self.text, tok)
        return (span.text if span else tok.text), self.entity(tok)

    def paragraph_start(self, pos: int) -> int:
        return self.paragraphs[max(0, bisect.bisect_right(self.paragraphs, pos) - 1)]

    def previous_paragraph_start(self, start: int) -> int:
        return self.paragraphs[max(0, bisect.bisect_left(self.paragraphs, start) - 1)]

    def back_scope(self, index: int, clause_start: int, reach: str = "sentence",
                   about: Any | None = None) -> TextSpan | None:
        """What an anaphoric phrase points back to, up to the statement's clause.

        'sentence': the previous sentence; 'paragraph': the paragraph so far, or the previous
        paragraph too when the statement opens its paragraph. When the phrase has a topic
        ('neither account of the strike'), the scope runs on to the end of the phrase.
        """
        start = self.sents[index - 1].start_char if index > 0 else self.sents[index].start_char
        if reach == "paragraph":
            para = self.paragraph_start(clause_start)
            if not self.text[para:clause_start].strip():
                para = self.previous_paragraph_start(para)
            start = min(start, para)
        end = clause_start
        if about is not None and any(c.dep_ == "prep" for c in about.children):
            end = max(end, _end(about))
        return _span(self.text, start, end)

    def paragraph_scope(self, index: int, sent: Any) -> TextSpan | None:
        """The sentences of this paragraph before `sent`, else the previous paragraph."""
        para_start = self.paragraph_start(sent.start_char)
        scope = _span(self.text, para_start, sent.start_char)
        if scope is None and para_start > 0:
            scope = _span(self.text, self.previous_paragraph_start(para_start), para_start)
        return scope

    def about_scope(self, index: int, np: Any, clause_start: int) -> tuple[
            TextSpan | None, str]:
        """The scope given by the phrase a statement is about: itself, or what it points to."""
        reach = _reach(np)
        if reach is None:
            return _subtree(self.text, np), "object noun phrase"
        label = "paragraph before it" if reach == "paragraph" else "previous sentence"
        return self.back_scope(index, clause_start, reach, np), f"anaphoric: {label}"

    def object_scope(self, index: int, verb: Any, clause_start: int) -> tuple[
            TextSpan | None, str]:
        """What the verification verb is about: a clause, a content noun, or what it points
        back to (`_OBJECT_READERS`, tried in order)."""
        body = _complement_body(verb)
        if body:
            span = _span(self.text, body[0].idx, body[-1].idx + len(body[-1]))
            lead = re.match(r"(?:that|whether)\s+", span.text) if span else None
            if span is not None and lead:
                span = _span(self.text, span.start + lead.end(), span.end)
            return span, "complement clause"
        found = verification_object(verb)
        if found is not None:
            return self.about_scope(index, found[1], clause_start)
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
        # 'No one could verify', 'Neither claim could be confirmed': the negation is evidence
        words += [w for node in _chain(verb) for c in node.children
                  if c.dep_ in ("nsubj", "nsubjpass") and _negative_np(c)
                  for w in (c.left_edge, c)]
        lo = min(w.idx for w in words)
        hi = max(w.idx + len(w) for w in words)
        return TextSpan(lo, hi, self.text[lo:hi])

    # ------------------------------------------------------------ the statements

    def statement(self, index: int, tok: Any) -> Verification | None:
        lemma = tok.lemma_.lower()
        if (tok.pos_ in ("VERB", "AUX") and lemma in CONFIRM_VERBS | DENY_VERBS | DISPUTE_VERBS
                and tok.dep_ not in ("amod", "compound")):  # 'geolocated photos' states nothing
            return self.verb_statement(index, tok, lemma)
        if tok.pos_ == "VERB" and lemma in ACCUSE_VERBS | TRADE_VERBS:
            return self.competing_accusations(index, tok, lemma)
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in CONFIRM_NOUNS:
            return self.noun_statement(index, tok, lemma)
        if tok.lower_ in UNVERIFIED_ADJECTIVES and tok.dep_ in ("amod", "acomp"):
            return self.adjective_statement(index, tok)
        if tok.lower_ in CONFLICT_ADJECTIVES and tok.dep_ == "amod" and \
                tok.head.lemma_.lower() in ACCOUNT_NOUNS:
            noun = tok.head
            about = next((c for c in noun.children if c.dep_ == "prep"), None)
            # Plural 'conflicting accounts' gathers the paragraph's accounts, like 'both accounts'.
            plural = noun.tag_ in ("NNS", "NNPS")
            scope = _subtree(self.text, about) if about is not None else self.back_scope(
                index, tok.sent.start_char, "paragraph" if plural else "sentence")
            where = ("what they are about" if about is not None
                     else "paragraph before it" if plural else "previous sentence")
            return Verification("disputed", scope=scope, evidence=(
                TextSpan(tok.idx, noun.idx + len(noun), self.text[tok.idx:noun.idx + len(noun)]),),
                rule=f"disputed: 'conflicting accounts' (scope: {where})")
        return None

    def verb_statement(self, index: int, verb: Any, lemma: str) -> Verification | None:
        negated = _negated(verb)
        agent = _agent(verb)
        clause_start = min([verb.idx] + [n.left_edge.idx for n in _chain(verb)
                                          if n.dep_ not in ("conj",)]
                           + ([agent.left_edge.idx] if agent is not None
                              and agent.i < verb.i else []))
        if negated:  # 'There was no means of verifying ...': the negation is statement too
            clause_start = min([clause_start] + [_clause_left(g) for g in _governors(verb)[1:]])
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

    def noun_statement(self, index: int, noun: Any, lemma: str) -> Verification | None:
        """'there was no independent confirmation (of the claims)', 'without verification',
        'independent verification was not possible'."""
        head = noun.head
        pending = head.lemma_.lower() in PENDING_HEADS or head.lower_ in PENDING_HEADS
        denied_predicate = noun.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "neg" or c.dep_ == "acomp" and c.lemma_.lower() in UNAVAILABLE
            for c in head.children)
        if not (pending or denied_predicate or _negated(noun)):
            return None
        clause = noun
        while clause.dep_ in ("dobj", "attr", "pobj", "prep", "nsubj", "nsubjpass") \
                and clause.head is not clause and clause.lower_ != "without":
            clause = clause.head
        evidence = _span(self.text, min(t.idx for t in _governors(noun)[:2]),
                         noun.idx + len(noun)) or TextSpan(noun.idx, noun.idx + len(noun),
                                                           noun.text)
        about = next((g for c in noun.children if c.dep_ == "prep"
                      and c.lower_ in ("of", "for", "on", "about")
                      for g in c.children if g.dep_ == "pobj"), None)
        verb = clause.head
        if clause.lower_ == "without" and verb.pos_ in ("VERB", "AUX") and about is None:
            # What goes without confirmation: the accounts the verb is about ('published both
            # accounts without ...', 'the claims remain without ...'), else the clause it
            # qualifies up to 'without' ('troops shelled the town, without ...').
            about = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") or (
                c.dep_ == "nsubj" and verb.lemma_.lower() in UNDERGOING_VERBS)), None)
            if about is not None and _reach(about) is not None:
                scope, how_scope = self.about_scope(index, about, _clause_left(verb))
            else:
                scope = _span(self.text, min(verb.left_edge.idx, verb.idx), clause.idx)
                how_scope = "the clause it qualifies"
        else:
            clause_start = _clause_left(clause)
            if about is not None:
                scope, how_scope = self.about_scope(index, about, clause_start)
            else:
                scope = self.back_scope(index, clause_start)
                how_scope = "anaphoric: previous sentence"
        return Verification("unverified", scope, evidence=(evidence,),
                            rule=f"unverified: no '{lemma}' (scope: {how_scope})")

    def competing_accusations(self, index: int, verb: Any,
                              lemma: str) -> Verification | None:
        """'Both sides blamed each other for the shelling', 'traded accusations'."""
        if _negated(verb):
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        if lemma in ACCUSE_VERBS and not _reciprocal(obj, subject):
            return None
        if lemma in TRADE_VERBS and obj.lemma_.lower() not in ACCUSATION_NOUNS:
            return None
        about = next((g for c in [*verb.children, *obj.children] if c.dep_ == "prep"
                      and c.lower_ in ("for", "of", "over")
                      for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        sent = verb.sent
        reach = _reach(about) if about is not None and about.dep_ == "pobj" else None
        if about is None:
            reach = "sentence"  # 'each side blamed the other': for what was just said
        if reach is None:
            scope = _span(self.text, sent.start_char, sent.end_char)
            how_scope = "its sentence"
        else:
            back = self.back_scope(index, sent.start_char, reach)
            scope = _span(self.text, back.start if back else sent.start_char, sent.end_char)
            how_scope = ("its sentence and the paragraph before it" if reach == "paragraph"
                         else "its sentence and the previous one")
        by, by_entity = self.by_of(subject)
        if subject is not None and any(c.dep_ == "conj" for c in subject.children):
            by_entity = None  # 'Russia and Ukraine' is two parties, not the first one
        evidence = TextSpan(verb.idx, _end(obj), self.text[verb.idx:_end(obj)])
        return Verification("disputed", scope, by, by_entity, None, (evidence,),
                            f"disputed: competing accusations ('{lemma}' "
                            f"{obj.lower_}) (scope: {how_scope})")

    def adjective_statement(self, index: int, adj: Any) -> Verification | None:
        noun = adj.head
        evidence = (_span(self.text, min(adj.idx, noun.idx),
                          max(adj.idx + len(adj), noun.idx + len(noun))) or TextSpan(
            adj.idx, adj.idx + len(adj), adj.text),)
        if adj.dep_ == "acomp":  # 'the report is unconfirmed': about its subject
            subj = next((c for c in noun.children if c.dep_ == "nsubj"), None)
            if subj is None:
                return None
            scope, _ = self.about_scope(index, subj, subj.left_edge.idx)
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
