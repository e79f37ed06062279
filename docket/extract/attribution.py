"""Who a claim is attributed to, and the parse helpers every claim finder shares.

A claim's speaker (`source`) is resolved to the entity mention that covers its head word, a
pronoun to the nearest preceding person (or organization for 'it'/'they'), a news outlet to
kind "outlet", and any other unnamed speaker ('officials', 'a witness') to kind "participant"
with no entity; 'it was reported that ...' has no speaker. Each resolution carries a `how`
string that ends up in the claim's `rule`.

Alongside the resolver live the helpers that quotes.py and claims.py both need: spans trimmed
to their words, the cue's own tokens ('did not say', 'went on to say'), the cue's subject, the
modality the cue puts the statement in (negated, hypothetical, alleged, reported), the medium
('told CNN') and `make_claim`, which gives every claim its stable id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from docket.extract.claim_lexicon import (
    ALL_CUES,
    ALLEGING_CUES,
    CONDITIONAL_MARKS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    LEADING_VERBS,
    LEMMA_FIXES,
    MODALS,
    NEGATIONS,
    OCCASION_NOUNS,
    OUTLET_NOUNS,
    OUTLETS,
    PERSON_PRONOUNS,
    QUOTE_PAIRS,
    RELATIVE_PRONOUNS,
    RESOLVABLE_KINDS,
    SPEECH_CUES,
    VOICE_NOUNS,
)
from docket.model import Claim, Mention, Modality, TextSpan, stable_id


@dataclass(frozen=True)
class Speaker:
    """A claim's speaker as resolved: words, entity, kind, and how it was resolved."""

    span: TextSpan | None
    entity: str | None
    kind: str | None
    how: str


NO_SPEAKER = Speaker(None, None, None, "no speaker found")
IMPERSONAL = Speaker(None, None, None, "impersonal passive ('it was reported that'), no speaker")


# ---------------------------------------------------------------- spans and parse helpers

def span_of(text: str, start: int, end: int) -> TextSpan | None:
    """The span with surrounding blanks and stray punctuation trimmed, or None if nothing left."""
    while start < end and (text[start].isspace() or text[start] in ",;:-—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-—–"):
        end -= 1
    return TextSpan(start, end, text[start:end]) if end > start else None


def subtree_span(text: str, token: Any, exclude: Iterable[Any] = ()) -> TextSpan | None:
    """The contiguous stretch of `token`'s subtree, stopping before any excluded subtree."""
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for ex in exclude:
        ex_lo, ex_hi = ex.left_edge.idx, ex.right_edge.idx + len(ex.right_edge)
        if ex_hi <= token.idx:
            lo = max(lo, ex_hi)
        elif ex_lo >= token.idx + len(token):
            hi = min(hi, ex_lo)
    return span_of(text, lo, hi)


def token_span(text: str, tokens: Sequence[Any]) -> TextSpan:
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return TextSpan(lo, hi, text[lo:hi])



def lemma_of(tok: Any) -> str:
    """The token's lemma, lower-cased, with the model's known slips on cue verbs mended."""
    lemma = tok.lemma_.lower()
    return LEMMA_FIXES.get((lemma, tok.lower_[:4]), lemma)


def cue_tokens(verb: Any) -> list[Any]:
    """The cue verb with its particle, auxiliaries and negation ('did not say', 'pointed out').

    Two neighbours belong to the cue as attribution corpora mark it: a verb the cue hangs on
    as its infinitive ('appeared to suggest', 'went on to say'), and an interview right after
    the verb ('said in an interview'); other occasions ('in a statement') are marked too
    inconsistently to be worth the longer cue.
    """
    parts = [verb] + [c for c in verb.children
                      if c.dep_ in ("prt", "aux", "auxpass", "neg") and c.lower_ != "to"]
    head = verb.head
    between = verb.doc[head.i + 1:verb.i] if head.i < verb.i else ()
    if (verb.dep_ == "xcomp" and head.i < verb.i and lemma_of(head) in LEADING_VERBS
            and all(t.dep_ in ("aux", "prt", "advmod", "neg") for t in between)):
        parts += [head, *between]
    if verb.dep_ == "pcomp" and head.lower_ == "as" and lemma_of(head.head) == "quote":
        quoted = head.head  # 'was quoted as saying': the passive frame is the cue's
        parts += [quoted, head, *(c for c in quoted.children if c.dep_ in ("aux", "auxpass"))]
    after = max(parts, key=lambda t: t.i).i + 1
    setting = next((c for c in verb.children if c.i == after and c.dep_ == "prep"
                    and c.lower_ in ("in", "during")), None)
    if setting is not None and any(c.dep_ == "pobj" and lemma_of(c) in OCCASION_NOUNS
                                   for c in setting.children):
        parts += list(setting.subtree)
    return sorted(parts, key=lambda t: t.i)


def subject_of(verb: Any, avoid: tuple[int, int] = (0, 0)) -> Any | None:
    """The verb's subject, or the subject of the clause it hangs from ('..., saying that').

    A subject inside `avoid` (the quote itself, which the parser sometimes hangs on the cue)
    is skipped.
    """
    node = verb
    host = verb.head
    if (verb.dep_ == "conj" and host.dep_ == "ccomp" and host.head.i < host.i
            and second_statement(host.head, verb)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)):
        node = host.head  # 'suggested X be fired and defended Y': the suggester defended
    for _ in range(4):
        for child in node.children:
            if (child.dep_ in ("nsubj", "nsubjpass") and child.tag_ not in ("EX",)
                    and not avoid[0] <= child.idx < avoid[1]):
                if child.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                    return node.head  # 'the mayor, who said ...': the mayor
                return child
        if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head  # 'a tweet attacking the mayor': the tweet
        if node.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "prep") or node.head.i == node.i:
            return None
        node = node.head
    return None


def modality_of(verb: Any, avoid: tuple[int, int] = (0, 0)) -> tuple[Modality, str]:
    """How the cue puts the statement, and why: negated, hypothetical, alleged or reported.

    Words inside `avoid` (the quote, which the parser may hang on the cue) do not count.
    """
    children = [c for c in verb.children if not avoid[0] <= c.idx < avoid[1]]
    if any(c.dep_ == "neg" or c.lower_ in NEGATIONS and c.dep_ in ("neg", "advmod")
           for c in children):
        return "negated", "cue negated"
    if any(c.tag_ == "MD" and c.lower_ in MODALS for c in children):
        return "hypothetical", "cue under a modal"
    node = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children):
            return "hypothetical", "cue in a conditional clause"
        if node.head.i == node.i:
            break
        node = node.head
    if lemma_of(verb) in ALLEGING_CUES or verb.lower_.startswith("purport"):
        return "alleged", f"claim-like cue '{lemma_of(verb)}'"
    return "reported", f"neutral cue '{lemma_of(verb)}'"


# ---------------------------------------------------------------- speaker resolution

class SpeakerResolver:
    """Turns a speaker's words into an entity, an outlet or a participant of the document."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.mentions = sorted((m for m in mentions if m.kind in RESOLVABLE_KINDS),
                               key=lambda m: (m.start, -m.end))

    def covering(self, start: int, end: int) -> Mention | None:
        best: Mention | None = None
        for m in self.mentions:
            if m.start >= end:
                break
            if m.end > start and (best is None or m.kind != "place" and best.kind == "place"):
                best = m
        return best

    def preceding(self, before: int, kinds: tuple[str, ...]) -> Mention | None:
        """The nearest mention of one of `kinds` that ends before `before`, first kind first."""
        for kind in kinds:
            found = [m for m in self.mentions if m.kind == kind and m.end <= before]
            if found:
                return max(found, key=lambda m: m.end)
        return None

    def resolve(self, head: Any | None, span: TextSpan | None) -> Speaker:
        if head is None or span is None:
            return NO_SPEAKER
        lower = head.lower_
        if lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            kinds = (("person",) if lower in PERSON_PRONOUNS
                     else ("organization", "military_unit", "person"))
            found = self.preceding(head.idx, kinds)
            if found:
                return Speaker(span, found.entity_id, found.kind,
                               f"pronoun '{head.text}' -> nearest preceding {found.kind} "
                               f"'{found.text}'")
            return Speaker(span, None, "participant", f"pronoun '{head.text}' unresolved")
        if lower in FIRST_PERSON:
            return Speaker(span, None, "participant", f"first-person speaker '{head.text}'")
        if is_outlet_phrase(head, span.text):
            m = self.covering(head.idx, head.idx + len(head))
            return Speaker(span, m.entity_id if m else None, "outlet", "outlet lexicon")
        m = self.covering(head.idx, head.idx + len(head))
        if m is None:
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            if (owner is not None and owner.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS
                    and head.lemma_.lower() in VOICE_NOUNS):
                m = self.covering(owner.idx, owner.idx + len(owner))
                if m is not None:
                    return Speaker(span, m.entity_id, m.kind,
                                   f"possessor '{m.text}' of the speaker ({m.kind})")
        if m is not None:
            return Speaker(span, m.entity_id, m.kind, f"mention '{m.text}' ({m.kind})")
        return Speaker(span, None, "participant", "unnamed speaker, no mention")


def is_outlet_phrase(head: Any, words: str) -> bool:
    """'Reuters', 'the newspaper', 'the TASS news agency', 'Ukrainska Pravda's reporter' no."""
    if is_outlet(words) or head.lemma_.lower() in OUTLET_NOUNS:
        return True
    name = " ".join(t.text for t in head.subtree if t.dep_ == "compound" or t.i == head.i)
    return is_outlet(name)


def is_outlet(words: str) -> bool:
    folded = re.sub(r"^(the)\s+", "", words.casefold().strip())
    return (words.casefold().strip() in OUTLETS or folded in OUTLETS
            or folded.removesuffix("'s") in OUTLETS)


def speaker_of(text: str, verb: Any, resolver: SpeakerResolver,
               quote: tuple[int, int] = (0, 0)) -> tuple[Speaker, Any | None]:
    """The cue's speaker; never a word of the quote itself ('"We left," he said')."""
    subj = subject_of(verb, quote)
    if subj is None:
        return NO_SPEAKER, None
    if subj.lower_ == "it" and subj.dep_ == "nsubjpass" and subj.head.i == verb.i and any(
            c.dep_ == "ccomp" for c in verb.children):
        return IMPERSONAL, None  # 'it was reported that ...' names no one
    # The speaker's words stop before a relative clause, and after a heading or a line break.
    # ... and before an age in apposition ('Petrenko, 58, of Kharkiv').
    cut = [c for c in subj.children if c.i > subj.i and (
        c.dep_ in ("relcl", "acl") or c.dep_ == "appos" and c.like_num)]
    span = subtree_span(text, subj, cut)
    if span is not None and span.text[0] in QUOTE_PAIRS.keys() | set("”’'"):
        span = span_of(text, span.start + 1, span.end)  # a closing mark hung on the speaker
    head = subj
    line = text.rfind("\n", subj.idx, verb.idx)
    if span is not None and line >= 0:
        # The parser took a heading ('5:45 p.m.') for the subject: the speaker is what opens
        # the cue's own line.
        span = span_of(text, line + 1, cue_tokens(verb)[0].idx)
        words = (subj.doc.char_span(span.start, span.end, alignment_mode="expand")
                 if span is not None else None)
        if span is None or words is None or not len(words) or len(words) > 12:
            return NO_SPEAKER, None
        head = words.root
    if span is not None:
        # A heading glued on by the sentence splitter ('The Latest: Trump', '7:45 p.m.  Trump').
        lead = max(span.text.rfind("\n"), span.text.rfind(": "), span.text.rfind("  "))
        trimmed = span_of(text, span.start + lead + 1, span.end) if lead >= 0 else None
        if trimmed is not None:
            span = trimmed
            words = subj.doc.char_span(span.start, span.end, alignment_mode="expand")
            head = words.root if words is not None and len(words) else subj
    return resolver.resolve(head, span), head


def via_of(text: str, verb: Any) -> TextSpan | None:
    """The medium told: 'told CNN', 'said in an interview with the BBC', 'told reporters'."""
    if verb.lemma_.lower() == "tell":
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj"):
                return subtree_span(text, child)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "to", "on"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ == "in" and pobj.lemma_.lower() == "interview":
                    for p2 in pobj.children:
                        if p2.dep_ == "prep" and p2.lower_ == "with":
                            obj = next((o for o in p2.children if o.dep_ == "pobj"), None)
                            if obj is not None:
                                return subtree_span(text, obj)
                elif child.lower_ in ("to", "on") and (is_outlet(pobj.text)
                                                       or pobj.lower_ == "reporters"):
                    return subtree_span(text, pobj)
    return None


def make_claim(doc_id: str, kind: str, content: TextSpan, cue: TextSpan | None,
               speaker: Speaker, rule: str, modality: Modality = "reported",
               via: TextSpan | None = None) -> Claim:
    return Claim(id=stable_id("clm", doc_id, str(content.start), str(content.end)), kind=kind,
                 content=content, cue=cue, source=speaker.span, source_entity=speaker.entity,
                 source_kind=speaker.kind, via=via, modality=modality,
                 rule=f"{rule}; speaker: {speaker.how}")



# ---------------------------------------------------------------- a second statement

def _finite_tag(verb: Any) -> str:
    """The tense tag of the verb's clause: its first auxiliary's, else its own."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i),
               None)
    return (aux if aux is not None else verb).tag_


def second_statement(cue: Any, conj: Any) -> bool:
    """A conjunct of the content that is the speaker's next statement, not part of this one.

    'says he respects her and calls her ...', 'suggested X be fired and defended Y': a cue
    verb in the cue's own tense with no subject of its own; 'said X, and most said Y': a
    statement verb with its own subject.
    """
    if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX") or lemma_of(conj) not in ALL_CUES:
        return False
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
    if own_subject:
        return lemma_of(conj) in SPEECH_CUES
    tag = _finite_tag(conj)
    return tag in ("VBD", "VBZ", "VBP") and tag == _finite_tag(cue)

