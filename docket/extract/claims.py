"""Attributed statements: who says what, through which cue, as the text attributes it.

`find_claims` reads one document's spaCy parse and entity mentions and returns `Claim` records
of four kinds, each found by rules over the dependency parse and small lexicons (no training):

- `direct_quote`: words between quotation marks with their speaker, found in quotes.py; also a
  speaker-colon line ('PENCE: Well, ...', a headline 'Zelensky: We will not leave');
- `reported_speech`: a speech, cognition or claim verb with a clausal complement ('X said
  that ...', the inverted '..., officials said.', the parenthetical 'X, he said, was ...',
  'X wants to ...'), covering both statements and internal states as attribution studies do,
  with the cue's preposition ('called for'), a stance after 'be' ('was critical of ...', 'is
  sure that ...'), a stance verb's object ('residents support the curfew', only with a
  speaker), and a cue noun with its speaker ('Petrenko's claim that ...', 'voiced concern
  that ...');
- `according_to`: 'according to X', 'citing X'; its content is the clause the phrase attaches
  to (a whole coordination when the phrase closes it), without the phrase;
- `source_line`: a 'Source: <outlet>' line, or a dateline '(Reuters)' / '— Reuters' at the top.

The speaker of every kind is resolved in attribution.py (entity mention, outlet, participant,
or none); the cue words live in claim_lexicon.py. A content stops before a second statement
verb coordinated with it ('says he respects her and calls her ...': two claims). Every claim's
`rule` names the pattern and the resolution that produced it.

Cost is linear in the text: each token is looked at a bounded number of times, and quote
scanning gives up on an opening mark that finds no close within a bounded stretch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from docket.extract.attribution import (
    Speaker,
    SpeakerResolver,
    cue_tokens,
    is_outlet,
    lemma_of,
    make_claim,
    modality_of,
    second_statement,
    span_of,
    speaker_of,
    subject_of,
    subtree_span,
    token_span,
    via_of,
)
from docket.extract.claim_lexicon import (
    ALL_CUES,
    COGNITION_CUES,
    LIGHT_VERBS,
    NOT_SPEAKERS,
    NOUN_CUE_PREPS,
    NOUN_CUES,
    OBJECT_CUES,
    OUTLET_PATTERN,
    PREP_CUES,
    QUANTIFIER_PRONOUNS,
    STANCE_CUES,
    STANCE_PREDICATES,
    STANCE_PREPS,
    XCOMP_CUES,
)
from docket.extract.quotes import cue_inside_quote, find_quotes, quote_claims, settle_quotes
from docket.model import Claim, Mention, TextSpan

# find_quotes is re-exported: callers have imported it from here.
__all__ = ["find_claims", "find_quotes"]

def find_claims(text: str, parsed: Any, mentions: Sequence[Mention],
                doc_id: str) -> tuple[Claim, ...]:
    """Every attributed statement in `text`, sorted by content start (see module docstring)."""
    if not text.strip() or parsed is None or len(parsed) == 0:
        return ()
    resolver = SpeakerResolver(text, mentions)
    quotes = list(quote_claims(text, parsed, resolver, doc_id))
    reported = list(_reported_claims(text, parsed, resolver, doc_id))
    quotes, reported = settle_quotes(quotes, reported)
    found = quotes + reported
    found += _stance_claims(text, parsed, resolver, doc_id)
    nouns = _noun_claims(text, parsed, resolver, doc_id)
    # 'voiced concern that X': the cue noun's reading is tighter than the verb's object.
    taken = {c.cue.start for c in nouns if c.cue}
    found = [c for c in found if c.kind != "reported_speech" or c.cue is None
             or c.cue.start not in taken] + nouns
    found += _according_claims(text, parsed, resolver, doc_id)
    found += _colon_claims(text, parsed, resolver, doc_id)
    found += _source_line_claims(text, resolver, doc_id)
    found = [c for c in found if not cue_inside_quote(c, quotes)]
    unique: dict[str, Claim] = {}
    for claim in found:  # a content span is claimed once; the more specific kind came first
        unique.setdefault(claim.id, claim)
    return tuple(sorted(unique.values(), key=lambda c: (c.content.start, c.content.end, c.kind)))



# ---------------------------------------------------------------- reported speech

def _reported_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                     doc_id: str) -> Iterable[Claim]:
    for verb in parsed:
        if verb.pos_ not in ("VERB", "AUX") or lemma_of(verb) not in ALL_CUES:
            continue
        if verb.lower_ == "citing":
            continue  # an attribution phrase, read by _according_claims
        found = _complement(text, verb)
        if found is None:
            continue
        content, shape, cue_extra = found
        speaker, _ = speaker_of(text, verb, resolver)
        if speaker.span is None and lemma_of(verb) in COGNITION_CUES | STANCE_CUES:
            continue  # 'it seems that' and bare infinitives carry no attribution
        modality, why = modality_of(verb)
        yield make_claim(doc_id, "reported_speech", content,
                         token_span(text, sorted([*cue_tokens(verb), *cue_extra],
                                                 key=lambda t: t.i)), speaker,
                         f"reported speech: cue '{lemma_of(verb)}' with {shape} ({why})",
                         modality, via_of(text, verb))


def _run_on(text: str, verb: Any, child: Any, start: int) -> TextSpan | None:
    """The content from `start` to the end of the cue's clause.

    The parser often hangs parts of the statement on the cue rather than on the complement
    ('cited remarks [Trump had made] [as examples]', 'said he would X [, adding Y]'), so the
    content runs to the end of the cue's subtree, but stops before a second verb coordinated
    with the cue ('said X and warned Y': two statements) and before a trailing participle
    clause (', arguing that ...', ', contradicting ...'), which is the writer's or another cue.
    """
    end = verb.right_edge.idx + len(verb.right_edge)
    stops = [c.left_edge.idx for c in verb.children
             if c.dep_ in ("conj", "cc") and c.i > child.i]
    for node in (verb, child):
        stops += [c.idx for c in node.children if c.dep_ in ("advcl", "xcomp") and c.i > child.i
                  and c.i != child.i and c.tag_ == "VBG" and c.i > 0
                  and c.doc[c.i - 1].text in (",", "—", "–")]
    stops += [c.left_edge.idx for c in child.children if second_statement(verb, c)]
    span = span_of(text, start, min([end, *stops]))
    if span is not None and span.text[-1] in ".!?" and len(span.text) > 1:
        span = span_of(text, span.start, span.end - 1)
    if span is not None and stops:
        # The conjunction before a cut-off second statement is not part of the first.
        # (?<!…): tried only where a run of separators starts, not from inside it (linear).
        bare = re.sub(r"(?<![\s,;])[\s,;]+(?:and|but|or|while)$", "", span.text)
        span = span_of(text, span.start, span.start + len(bare))
    return span




Content = tuple[TextSpan, str, tuple[Any, ...]]
"""A cue's content: its span, how it was found (words in the claim's rule), and words that
belong to the cue beyond the verb and its auxiliaries (the preposition of 'called for', which
attribution corpora count as part of the cue)."""


def _complement(text: str, verb: Any) -> Content | None:
    """The cue's content: its clausal complement, or its host clause when it is parenthetical.

    The readers are tried in the order of `_CHILD_READERS` (on each child of the cue in turn,
    all three on one child before the next child) and then `_VERB_READERS`; the first content
    found wins.
    """
    for child in verb.children:
        for read in _CHILD_READERS:
            found = read(text, verb, child)
            if found is not None:
                return found
    for read_verb in _VERB_READERS:
        found = read_verb(text, verb)
        if found is not None:
            return found
    return None


def _preceding_complement(text: str, verb: Any, child: Any) -> Content | None:
    """'..., officials said.': a complement before the cue, unless one also follows it."""
    if not (child.dep_ == "ccomp" and child.i < verb.i and verb.sent.start <= child.i
            and not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)):
        return None
    # A complement after the cue wins: one before it is then a misparsed clause of
    # the speaker's description ('X, who ..., said Y').
    # '..., officials said.': everything before the cue and its subject, so a
    # complement the parser split into conjuncts is still whole.
    subj = subject_of(verb)
    hi = verb.idx if subj is None or subj.i > verb.i else min(verb.idx, subj.left_edge.idx)
    span = span_of(text, min(verb.sent.start_char, child.left_edge.idx), hi)
    if span is not None and len(span.text.split()) >= 2:
        return span, "preceding complement", ()
    return None


def _clausal_complement(text: str, verb: Any, child: Any) -> Content | None:
    """'said that the bridge was hit': a complement clause, or an adverbial 'that' clause."""
    if not (child.dep_ == "ccomp" or child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children)):
        return None
    span = subtree_span(text, child)
    if span is not None and child.i > verb.i:
        span = _run_on(text, verb, child, span.start)
    if span is not None and len(span.text.split()) >= 2:
        return span, "clausal complement", ()
    return None


def _infinitive_complement(text: str, verb: Any, child: Any) -> Content | None:
    """'urged residents to leave', 'wants to rebuild the school'."""
    if not (child.dep_ == "xcomp" and lemma_of(verb) in XCOMP_CUES and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
        return None
    # 'urged residents to leave': the addressee belongs to what was urged.
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")
                and c.i < child.i), None)
    lo = obj.left_edge.idx if obj is not None else child.left_edge.idx
    # 'wants to rebuild the school and open the clinic': the parser hangs the second
    # bare infinitive on the cue, but it is still what she wants.
    last = max([child, *(c for c in verb.children if c.dep_ == "conj"
                         and c.tag_ == "VB" and c.i > child.i)],
               key=lambda t: t.right_edge.i)
    span = span_of(text, lo, last.right_edge.idx + len(last.right_edge))
    if span is not None:
        return span, "infinitive complement", ()
    return None


def _for_clause(text: str, verb: Any) -> Content | None:
    """'called for the mayor to resign': the parser reads 'for' as a clause's mark."""
    lemma = lemma_of(verb)
    for child in verb.children:
        mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "for"), None)
        if (child.dep_ == "advcl" and child.i > verb.i and mark is not None
                and (lemma, "for") in PREP_CUES):
            span = subtree_span(text, child, exclude=[mark])
            if span is not None:
                return span, f"'{lemma} for' with its clause", (mark,)
    return None


def _statement_object(text: str, verb: Any) -> Content | None:
    """'cited the figures', 'called the plan a failure', 'accused them of lying'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if lemma_of(verb) not in OBJECT_CUES or obj is None:
        return None
    predicate = any(c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > obj.i for c in verb.children)
    if not (obj.pos_ != "PRON" or predicate or obj.lower_ in QUANTIFIER_PRONOUNS):
        return None
    parts = [obj] + [c for c in verb.children if c.i > obj.i and (
        c.dep_ in ("oprd", "xcomp", "ccomp", "relcl", "acl")
        or c.dep_ == "prep" and c.lower_ in ("of", "as", "for", "over", "to", "about"))]
    last = max(parts, key=lambda t: t.right_edge.i)
    span = span_of(text, obj.left_edge.idx, last.right_edge.idx + len(last.right_edge))
    if span is not None:
        return span, "object of a statement verb", ()
    return None


def _gerund_object(text: str, verb: Any) -> Content | None:
    """'proposed dropping the tax': the gerund clause is what was proposed."""
    if lemma_of(verb) not in OBJECT_CUES:
        return None
    gerund = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"
                   and c.i == verb.i + 1), None)
    span = subtree_span(text, gerund) if gerund is not None else None
    if span is not None:
        return span, "gerund object of a statement verb", ()
    return None


def _prepositional_object(text: str, verb: Any) -> Content | None:
    """'warned of an attack', 'spoke about the shelling': the cue's own preposition."""
    lemma = lemma_of(verb)
    for child in verb.children:
        if child.dep_ != "prep" or (lemma, child.lower_) not in PREP_CUES:
            continue
        # right after the cue or after its particles only (one before the cue passes too:
        # nothing stands between them)
        if not (child.i == verb.i + 1
                or all(t.dep_ == "prt" for t in verb.doc[verb.i + 1:child.i])):
            continue
        pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None and not _is_when_or_where(pobj):
            span = subtree_span(text, pobj)
            if span is not None:
                return span, f"'{lemma} {child.lower_}' with its object", (child,)
    return None


def _parenthetical(text: str, verb: Any) -> Content | None:
    """'The village, he said, was shelled': the host clause minus the cue's own words."""
    if not (verb.dep_ == "parataxis" and verb.head.i != verb.i):
        return None
    host = verb.head
    lo, hi = host.left_edge.idx, host.right_edge.idx + len(host.right_edge)
    cue_lo, cue_hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    if not text[lo:cue_lo].strip(" ,"):
        lo = cue_hi  # the cue opens the clause: content after it
    elif not text[cue_hi:hi].strip(" ,.;"):
        hi = cue_lo  # the cue closes it: content before it
    span = span_of(text, lo, hi)  # a cue in the middle stays inside the content's span
    if span is not None and len(span.text.split()) >= 3:
        return span, "parenthetical cue", ()
    return None


# Readers of one child of the cue, tried on each child in turn.
_CHILD_READERS: tuple[Callable[[str, Any, Any], Content | None], ...] = (
    _preceding_complement, _clausal_complement, _infinitive_complement)
# Readers of the cue as a whole, tried after no child gave a content.
_VERB_READERS: tuple[Callable[[str, Any], Content | None], ...] = (
    _for_clause, _statement_object, _gerund_object, _prepositional_object, _parenthetical)


# ---------------------------------------------------------------- stance predicates, cue nouns

def _predicate_content(text: str, word: Any, preps: frozenset[str]) -> tuple[TextSpan, Any] | None:
    """What a stance word is about: its 'that' clause, or the object of its preposition."""
    for child in word.children:
        if child.i < word.i:
            continue
        if child.dep_ in ("ccomp", "acl") and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            span = subtree_span(text, child)
            if span is not None and len(span.text.split()) >= 3:
                return span, None
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and not _is_when_or_where(pobj):
                span = subtree_span(text, pobj)
                if span is not None:
                    return span, child
    return None


def _is_when_or_where(word: Any) -> bool:
    """'remarks on Saturday', 'spoke on air': a time or a setting, not what was said."""
    return word.ent_type_ in ("DATE", "TIME") or word.lower_ in ("air", "camera", "tape")


def _stance_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                   doc_id: str) -> list[Claim]:
    """'X was critical of Y', 'X is sure that Y', 'X is a staunch opponent of Y'."""
    claims: list[Claim] = []
    for word in parsed:
        if (word.dep_ not in ("acomp", "attr") or word.lemma_.lower() not in STANCE_PREDICATES
                or word.head.lemma_ != "be"):
            continue
        found = _predicate_content(text, word, STANCE_PREPS)
        if found is None:
            continue
        content, prep = found
        speaker, _ = speaker_of(text, word.head, resolver)
        if speaker.span is None:
            continue
        cue_toks = [*cue_tokens(word.head), word] + ([prep] if prep is not None else [])
        modality, why = modality_of(word.head)
        claims.append(make_claim(
            doc_id, "reported_speech", content, token_span(text, sorted(cue_toks,
                                                                        key=lambda t: t.i)),
            speaker, f"stance predicate '{word.lemma_.lower()}' after 'be' ({why})", modality))
    return claims


def _noun_claims(text: str, parsed: Any, resolver: SpeakerResolver, doc_id: str) -> list[Claim]:
    """A cue noun with its content: 'his claim that ...', 'expressed concern over ...'.

    The speaker is the noun's possessor ('Petrenko's claim'), or the subject of a light verb
    that takes the noun ('the mayor voiced concern'); a cue noun with neither is left alone,
    since 'the claim that ...' without a claimant attributes nothing a reader can check.
    """
    claims: list[Claim] = []
    for noun in parsed:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
            continue
        found = _predicate_content(text, noun, NOUN_CUE_PREPS)
        if found is None:
            continue
        content, prep = found
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        cue_toks = [noun] + ([prep] if prep is not None else [])
        if owner is not None:
            span = subtree_span(text, owner)
            if span is not None and span.text.endswith(("'s", "’s")):
                span = span_of(text, span.start, span.end - 2)
            speaker = resolver.resolve(owner, span)
            how = "possessor of the cue noun"
        elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            speaker, _ = speaker_of(text, noun.head, resolver)
            cue_toks.insert(0, noun.head)
            how = f"subject of '{noun.head.lemma_.lower()}'"
        else:
            continue
        if speaker.span is None:
            continue
        claims.append(make_claim(
            doc_id, "reported_speech", content,
            token_span(text, sorted(cue_toks, key=lambda t: t.i)), speaker,
            f"cue noun '{noun.lemma_.lower()}' with its content ({how})"))
    return claims


# ---------------------------------------------------------------- according to, citing

def _according_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                      doc_id: str) -> list[Claim]:
    claims: list[Claim] = []
    for tok in parsed:
        lower = tok.lower_
        source_tok: Any | None = None
        if lower == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
                to = parsed[tok.i + 1]
            source_tok = (next((c for c in to.children if c.dep_ == "pobj"), None)
                          if to is not None else None)
            cue_toks = [tok, to] if to is not None else [tok]
            rule = "according to X"
        elif lower == "citing":
            source_tok = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            cue_toks = [tok]
            rule = "citing X"
        else:
            continue
        if source_tok is None:
            continue
        span = subtree_span(text, source_tok)
        opens = not text[tok.sent.start_char:tok.idx].strip(" \n\"“‘'(—–-")
        comma = (text.find(",", source_tok.idx, span.end) if span is not None and opens
                 else -1)
        if span is not None and comma >= 0:
            # The parser sometimes hangs the main clause on the source: 'According to X, ...'.
            span = span_of(text, span.start, comma)
            content = span_of(text, comma + 1, tok.sent.end_char)
        else:
            host = _host_clause(tok)
            content = (subtree_span(text, host, exclude=[tok]) if host is not None else None)
            if content is None:
                content = _sentence_minus(text, tok.sent, tok)
        if content is None:
            continue
        speaker = resolver.resolve(source_tok, span)
        claims.append(make_claim(doc_id, "according_to", content, token_span(text, cue_toks),
                                 speaker, rule))
    return claims


def _host_clause(tok: Any) -> Any | None:
    """The clause an attribution phrase attaches to (climbing over prepositions and nouns)."""
    node = tok.head
    for _ in range(4):
        if node.i == tok.i:
            return None
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("amod", "compound"):
            # 'A had 36 percent and B 13 percent, according to X': the whole coordination.
            while node.dep_ == "conj" and node.head.i < node.i and tok.i > node.i:
                node = node.head
            return node
        if node.head.i == node.i:
            return node
        node = node.head
    return None


def _sentence_minus(text: str, sent: Any, phrase: Any) -> TextSpan | None:
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge)
    before = span_of(text, sent.start_char, lo)
    after = span_of(text, hi, sent.end_char)
    sides = [s for s in (before, after) if s is not None]
    return max(sides, key=lambda s: s.end - s.start) if sides else None


# ---------------------------------------------------------------- speaker-colon lines

COLON_LINE = re.compile(r"(?m)^[ \t]*([A-Z][\w.'’ -]{1,40}?)[ \t]*:[ \t]+(\S[^\n]*)$")


def _colon_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                  doc_id: str) -> list[Claim]:
    """'PENCE: Well, ...' (a transcript) or 'Zelensky: We will not leave' (a headline).

    Only names: every word before the colon must be a proper noun or written in capitals, so
    'Note: ...' or 'Update: ...' lines are not taken as speakers. A headline (the text's first
    line) is read more loosely, since the tagger often takes its title-case words for common
    nouns and headlines name speakers by group ('Kharkiv officials: ...'): a short phrase
    opening with a capital, with no verb and no article in front, will do.
    """
    claims: list[Claim] = []
    headline_end = text.find("\n", len(text) - len(text.lstrip()))
    for m in COLON_LINE.finditer(text):
        name = span_of(text, m.start(1), m.end(1))
        content = span_of(text, m.start(2), m.end(2))
        if name is None or content is None or len(content.text.split()) < 3:
            continue
        if name.text.casefold() in NOT_SPEAKERS:
            continue
        words = parsed.char_span(name.start, name.end, alignment_mode="expand")
        if words is None or not len(words) or len(words) > 6:
            continue
        headline = headline_end < 0 or m.start() < headline_end
        if not all(t.pos_ == "PROPN" or t.is_upper or t.is_punct for t in words) and not (
                headline and len(words) <= 5 and words[0].is_title
                and words[0].lower_ not in ("the", "a", "an")
                and not any(t.pos_ in ("VERB", "AUX") for t in words)) or (
                    not headline and len(words) > 4):
            continue
        colon = text.index(":", name.end)
        speaker = resolver.resolve(words.root, name)
        claims.append(make_claim(doc_id, "direct_quote", content,
                                 TextSpan(colon, colon + 1, ":"), speaker,
                                 "speaker-colon line (transcript or headline)"))
    return claims


# ---------------------------------------------------------------- source lines

SOURCE_LINE = re.compile(r"(?im)^[ \t]*(?:sources?|джерело|источник)[ \t]*:[ \t]*(\S[^\n]{0,120})$")
DATELINE = re.compile(
    rf"^[ \t]*[A-ZА-ЯІЇЄ][\w .,'-]{{0,60}}?(\((?P<p>{OUTLET_PATTERN})\)|[—–-]+[ \t]*(?P<d>"
    rf"{OUTLET_PATTERN})\b)", re.IGNORECASE)


def _source_line_claims(text: str, resolver: SpeakerResolver, doc_id: str) -> list[Claim]:
    """'Source: Ukrinform' covers the text above it; a dateline '(Reuters)' covers what follows.

    A source line closes the stretch since the previous source line (or the top of the text);
    a dateline at the top of the text opens the whole article.
    """
    claims: list[Claim] = []
    previous = 0
    for m in SOURCE_LINE.finditer(text):
        content = span_of(text, previous, m.start())
        previous = m.end()
        name = span_of(text, m.start(1), m.end(1))
        if content is None or name is None:
            continue
        claims.append(_line_claim(doc_id, resolver, content, name, "source line"))
    head = DATELINE.match(text[:200])
    if head:
        group = "p" if head.group("p") else "d"
        name = span_of(text, head.start(group), head.end(group))
        content = span_of(text, head.end(), len(text))
        if name is not None and content is not None:
            claims.append(_line_claim(doc_id, resolver, content, name, "dateline source"))
    return claims


def _line_claim(doc_id: str, resolver: SpeakerResolver, content: TextSpan, name: TextSpan,
                rule: str) -> Claim:
    m = resolver.covering(name.start, name.end)
    kind = "outlet" if is_outlet(name.text) or m is None else m.kind
    how = "outlet lexicon" if is_outlet(name.text) else (
        f"mention '{m.text}' ({m.kind})" if m else "named source, no mention; taken as outlet")
    speaker = Speaker(name, m.entity_id if m else None, kind, how)
    return make_claim(doc_id, "source_line", content, None, speaker, rule)
