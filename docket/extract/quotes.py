"""Direct quotes: finding quoted words, joining a split quote, and finding its speaker.

`find_quotes` scans the text for words between quotation marks (straight, curly, « », „ “),
joining a quote that runs over several paragraphs (newswire style: an unclosed paragraph
followed by one that reopens). `quote_claims` turns each into a `direct_quote` claim with its
speaker, found through the cue verb next to it ('"...," he said', '"...," said X',
'X said: "..."', and the vox-pop layout 'Name ― "..."' / '"..." ― Name' on one line); a quote
that closes its sentence does not take the cue of a new statement after it ('"... ." X said
the road was mined'); a quote with no cue nearby inherits the speaker of the previous quote in
its paragraph, or has no source at all (its rule says so). A quote right after a clause ending
in a colon takes that clause's verb as its cue ('X released the following statement: "..."');
a quote inside a naming verb's object ('called the plan "a disgrace"') belongs to that verb's
reported-speech claim, which `settle_quotes` decides when both were found.

Quote scanning is linear: an opening mark that finds no close within a bounded stretch is
given up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from docket.extract.attribution import (
    NO_SPEAKER,
    Speaker,
    SpeakerResolver,
    cue_tokens,
    lemma_of,
    make_claim,
    modality_of,
    span_of,
    speaker_of,
    token_span,
    via_of,
)
from docket.extract.claim_lexicon import (
    COGNITION_CUES,
    LEAD_OBJECT_DEPS,
    OBJECT_CUES,
    QUOTE_ONLY_CUES,
    QUOTE_PAIRS,
    SPEECH_CUES,
)
from docket.model import Claim, TextSpan, stable_id

MAX_QUOTE_CHARS = 6000  # an opening mark with no close within this is not a quote
MIN_QUOTE_WORDS = 4  # shorter quoted words are scare quotes or titles unless a cue is next
EDGE_MARKS = "\"“”„«»‘’'.,;:!? "  # stripped from a quote's edges when comparing spans
MAX_GAP_WORDS = 8  # quotes this close in a paragraph, with no cue between, are one statement


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, marks included; paragraphs a quote runs over are joined.

    An unclosed quote at a paragraph's end continues when the next paragraph opens with a mark
    (the newswire convention); otherwise it is dropped as unbalanced.
    """
    quotes: list[tuple[int, int]] = []
    # Doubled apostrophes or backticks (''...'' or ``...'') are one mark; the copy keeps offsets.
    text = text.replace("''", '" ').replace("``", '" ')
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in QUOTE_PAIRS or (ch == "»" and not _is_german_open(text, i)):
            i += 1
            continue
        if ch == '"' and i > 0 and text[i - 1].isalnum():
            i += 1  # a closing mark or inches ('12"'), not an opening one
            continue
        close = _find_close(text, i, QUOTE_PAIRS[ch])
        if close is None:
            i += 1
            continue
        quotes.append((i, close + 1))
        i = close + 1
    return quotes


def _is_german_open(text: str, i: int) -> bool:
    return i + 1 < len(text) and text[i + 1].isalnum() and (i == 0 or not text[i - 1].isalnum())


def _find_close(text: str, start: int, closers: str) -> int | None:
    j, limit = start + 1, min(len(text), start + MAX_QUOTE_CHARS)
    opener = text[start]
    while j < limit:
        ch = text[j]
        if ch in closers and not (ch == opener == '"' and j + 1 < len(text)
                                  and text[j + 1].isalnum() and text[j - 1].isspace()):
            return j
        if ch == "\n":
            k = j
            while k < limit and text[k].isspace():
                k += 1
            if k < limit and text[k] == opener:
                j = k + 1  # the quote carries on into the next paragraph
                continue
            return None
        j += 1
    return None


@dataclass
class _Reading:
    """The quotes of one text read so far: their claims, and the last claim with a speaker
    (with the start of its paragraph), which a later quote may join or continue."""

    text: str
    parsed: Any
    resolver: SpeakerResolver
    doc_id: str
    claims: list[Claim] = field(default_factory=list)
    last: tuple[int, Claim] | None = None

    def add(self, paragraph: int, claim: Claim) -> None:
        self.claims.append(claim)
        self.last = (paragraph, claim)

    def join_last(self, end: int, rule: str | None = None) -> None:
        """The last claim's content runs on to `end` (the close of this quote)."""
        assert self.last is not None
        paragraph, prev = self.last
        joined = TextSpan(prev.content.start, end, self.text[prev.content.start:end])
        merged = replace(prev, content=joined, id=stable_id(
            "clm", self.doc_id, str(joined.start), str(joined.end)),
            rule=prev.rule if rule is None else rule)
        self.claims[self.claims.index(prev)] = merged
        self.last = (paragraph, merged)

    def near_last(self, paragraph: int, start: int) -> bool:
        """The last claim is in this paragraph and at most MAX_GAP_WORDS before `start`."""
        return (self.last is not None and self.last[0] == paragraph
                and len(self.text[self.last[1].content.end:start].split()) <= MAX_GAP_WORDS)


@dataclass(frozen=True)
class _Quote:
    """One quote: its marks' offsets, its words, its paragraph's start, and its cue if any."""

    start: int
    end: int
    inner: TextSpan  # the words inside the marks
    content: TextSpan  # the words with the marks
    paragraph: int
    verb: Any | None  # the cue verb the parse gives the quote


def _with_the_name_beside(r: _Reading, q: _Quote) -> bool:
    """'"We held." - Petrenko': no cue verb, the speaker's name beside the quote."""
    if q.verb is not None:
        return False
    byline = _name_beside_quote(r.text, r.parsed, q.start, q.end)
    if byline is None:
        return False
    name, mark, where = byline
    speaker = r.resolver.resolve(name.root, token_span(r.text, list(name)))
    r.add(q.paragraph, make_claim(r.doc_id, "direct_quote", q.content, mark, speaker,
                                  f"direct quote with its speaker's name {where} a dash"))
    return True


def _after_a_colon(r: _Reading, q: _Quote) -> bool:
    """'The governor wrote: "..."': a cue before a colon, when it has a speaker."""
    if q.verb is not None:
        return False
    lead = _colon_lead(r.text, r.parsed, q.start)
    if lead is None:
        return False
    lead_verb, lead_cue = lead
    speaker, _ = speaker_of(r.text, lead_verb, r.resolver, (q.start, q.end))
    if speaker.span is None:
        return False
    modality, why = modality_of(lead_verb, (q.start, q.end))
    r.add(q.paragraph, make_claim(r.doc_id, "direct_quote", q.content, lead_cue, speaker,
                                  f"direct quote after a colon, led by '{lead_verb.text}' "
                                  f"({why})", modality, via_of(r.text, lead_verb)))
    return True


def _without_a_cue(r: _Reading, q: _Quote) -> bool:
    """No cue: a scare quote (left out), the rest of the quote before it, the next quote of
    the same speaker, or a quote with no speaker."""
    if q.verb is not None:
        return False
    last = r.last
    # '"We held," he said, "all night."': a short piece after the cue still continues.
    split = (last is not None and last[0] == q.paragraph and last[1].cue is not None
             and last[1].content.end <= last[1].cue.start and last[1].cue.end <= q.start
             and len(r.text[last[1].content.end:q.start].split()) <= MAX_GAP_WORDS)
    if not _sentence_like(q.inner.text) and not split:
        return True  # a scare quote or a title, not someone's statement
    if last is not None and r.near_last(q.paragraph, q.start):
        r.join_last(q.end, last[1].rule + "; joined with the next quote of the paragraph")
        return True
    opens_paragraph = not r.text[q.paragraph + 1:q.start].strip()
    if last is not None and (last[0] == q.paragraph or opens_paragraph
                             and last[0] == _previous_paragraph(r.text, q.paragraph)):
        # Newswire style: a speaker's quotes run on without repeating 'he said'.
        prev = last[1]
        r.claims.append(make_claim(
            r.doc_id, "direct_quote", q.content, prev.cue,
            Speaker(prev.source, prev.source_entity, prev.source_kind,
                    "speaker of the quote before it"),
            "direct quote: continues the previous quote's speaker", prev.modality))
        return True
    r.claims.append(make_claim(r.doc_id, "direct_quote", q.content, None, NO_SPEAKER,
                               "direct quote: no speaker found"))
    return True


def _with_its_cue(r: _Reading, q: _Quote) -> bool:
    """A quote with its cue verb; two quotes around one cue ('"A," he said, "B."') are one."""
    verb = q.verb
    assert verb is not None  # the reader without a cue has read every other quote
    speaker, _ = speaker_of(r.text, verb, r.resolver, (q.start, q.end))
    if speaker.span is None and verb.idx >= q.end:
        speaker = _speaker_between(r.text, r.parsed, q.end, verb, r.resolver)
    cue = token_span(r.text, cue_tokens(verb))
    if r.last is not None and r.last[0] == q.paragraph and r.last[1].cue == cue:
        r.join_last(q.end)
        return True
    modality, why = modality_of(verb, (q.start, q.end))
    claim = make_claim(r.doc_id, "direct_quote", q.content, cue, speaker,
                       f"direct quote with cue '{verb.text}' ({why})", modality,
                       via_of(r.text, verb))
    r.claims.append(claim)
    r.last = (q.paragraph, claim) if speaker.span is not None else None
    return True


# (name, reader): the first reader that reads a quote decides what claim it makes.
QUOTE_READERS: tuple[tuple[str, Callable[[_Reading, _Quote], bool]], ...] = (
    ("name_beside_the_quote", _with_the_name_beside),
    ("after_a_colon", _after_a_colon),
    ("without_a_cue", _without_a_cue),
    ("with_its_cue", _with_its_cue),
)


def quote_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                 doc_id: str) -> list[Claim]:
    """A claim per quote; quotes of one speaker in one paragraph are joined into one claim.

    '"We held," he said. "We will hold."' is one statement interrupted by its attribution, so
    the claim's content runs from the first quote to the last; a quote with no cue of its own
    that follows a quote with a speaker in the same paragraph continues that speaker.
    """
    reading = _Reading(text, parsed, resolver, doc_id)
    for qs, qe in find_quotes(text):
        inner = span_of(text, qs + 1, qe - 1)
        if inner is None:
            continue
        quote = _Quote(qs, qe, inner, TextSpan(qs, qe, text[qs:qe]), text.rfind("\n", 0, qs),
                       _quote_cue(parsed, qs, qe))
        for _name, read in QUOTE_READERS:
            if read(reading, quote):
                break
    return reading.claims


def _speaker_between(text: str, parsed: Any, qe: int, verb: Any,
                     resolver: SpeakerResolver) -> Speaker:
    """'"...," Petrenko, 58, told ...' when the parser missed the subject: the name between.

    The words between the quote and its cue are the speaker when they are a short phrase with
    a name or a noun; an age or other number in apposition is not part of the name.
    """
    words = parsed.char_span(qe, verb.idx, alignment_mode="contract")
    if words is None:
        return NO_SPEAKER
    toks = [t for t in words if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].is_quote):
        toks = toks[1:]
    cut = next((i for i, t in enumerate(toks) if t.like_num and i > 0
                and toks[i - 1].text == ","), len(toks))
    toks = toks[:cut]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not 0 < len(toks) <= 8 or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in toks):
        return NO_SPEAKER
    span = token_span(text, toks)
    head = min(toks, key=lambda t: (t.head.i in {x.i for x in toks}, -t.i))
    found = resolver.resolve(head, span)
    return replace(found, how=found.how + " (the words between quote and cue)")


# Horizontal blanks include the no-break spaces web pages put around dashes.
NAME_BEFORE_DASH = re.compile(r"(?:^|\n)[^\S\n]*([A-Z][^\n—―–]{0,60}?)[^\S\n]*([—―–]|--?)[^\S\n]*$")
NAME_AFTER_DASH = re.compile(
    r"[”\"»]?[^\S\n]*([—―–]|--?)[^\S\n]*([A-Z][^\n—―–]{0,60}?)[^\S\n.]*$")


def _name_beside_quote(text: str, parsed: Any, qs: int,
                       qe: int) -> tuple[Any, TextSpan, str] | None:
    """A vox-pop or epigraph layout: 'Name ― "..."' or '"..." ― Name', alone on its line.

    The name must be a person's or group's name (proper nouns, at most six words), so a
    sentence that happens to end in a dash is not taken for a speaker.
    """
    before = NAME_BEFORE_DASH.search(text, max(0, qs - 80), qs)
    after = None
    if before is None:
        # The name closes the quote's line; a quote nested inside may have closed it early.
        line_end = text.find("\n", qe)
        line_end = len(text) if line_end < 0 else line_end
        after = NAME_AFTER_DASH.search(text, max(qe - 1, line_end - 80), line_end)
        if after is not None and text[qe - 1:after.start()].strip() and not (
                text[after.start()] in "”\"»" and after.start() > qe):
            after = None
    found = before or after
    if found is None:
        return None
    name_group, mark_group = (1, 2) if before is not None else (2, 1)
    name = parsed.char_span(found.start(name_group), found.end(name_group),
                            alignment_mode="contract")
    # The tagger often reads names alone on a line as nouns: capitals decide.
    if name is None or not 0 < len(name) <= 6 or not all(
            t.pos_ == "PROPN" or t.is_title or t.is_upper or t.is_punct
            or t.lower_ in ("of", "the", "and") for t in name) or not name[0].is_title:
        return None
    mark = TextSpan(found.start(mark_group), found.end(mark_group), found.group(mark_group))
    return name, mark, "before" if before is not None else "after"


def _previous_paragraph(text: str, paragraph: int) -> int:
    """Where the paragraph before the one starting after offset `paragraph` starts (-1: top)."""
    cursor = paragraph
    while cursor > 0 and not text[text.rfind("\n", 0, cursor) + 1:cursor].strip():
        cursor = text.rfind("\n", 0, cursor)  # step over blank lines
    return text.rfind("\n", 0, cursor) if cursor > 0 else -1


def _sentence_like(words: str) -> bool:
    """A quote that reads as a statement: a capital start and a closing stop, or long."""
    count = len(words.split())
    if count < MIN_QUOTE_WORDS:
        return False
    return count >= 12 or words[0].isupper() and words.rstrip("”\"»“ ")[-1:] in ".?!,"


def _quote_cue(parsed: Any, qs: int, qe: int) -> Any | None:
    """The cue verb that introduces the quote: from the parse, else the words next to it."""
    inside = parsed.char_span(qs, qe, alignment_mode="expand")
    if inside is None or len(inside) == 0:
        return None
    ends_sentence = any(t.text in (".", "?", "!") for t in inside[-3:])
    for tok in inside:  # the quote's clause hangs from a cue verb outside it
        head = tok.head
        for _ in range(2):
            if (not (qs <= head.idx < qe) and _is_cue_verb(head)
                    and not (ends_sentence and _has_own_complement(head, qe))):
                return head
            if (not (qs <= head.idx < qe) and tok.dep_ in ("oprd", "dobj")
                    and head.pos_ == "VERB" and lemma_of(head) in OBJECT_CUES):
                return None  # 'called the plan "a disgrace"': the verb's object holds it
            if head.head.i == head.i:
                break
            head = head.head
    after = parsed[inside.end: inside.end + 6]
    for tok in after:  # '"...," he said' / '"...," said the governor'
        if tok.text == "\n\n" or tok.is_sent_start and tok.i > inside.end + 1:
            break
        if _is_cue_verb(tok):
            if ends_sentence and _has_own_complement(tok, qe):
                break
            return tok
    start = max(0, inside.start - 8)
    before = parsed[start: inside.start]
    before = [t for t in before if not t.is_space]  # 'X said:' may end the line above
    if before and before[-1].text in (":", ","):  # 'X said: "..."'
        for tok in reversed(before):
            if _is_cue_verb(tok):
                return tok
    return None



def _colon_lead(text: str, parsed: Any, qs: int) -> tuple[Any, TextSpan] | None:
    """'The governor responded:' / 'X released the following statement:' right before a quote.

    A clause that ends in a colon and is followed only by blanks and the quote introduces it,
    whatever its verb; the cue runs from the verb through its object, up to the colon.
    """
    inside = parsed.char_span(qs, qs + 1, alignment_mode="expand")
    if inside is None or len(inside) == 0:
        return None
    i = inside.start - 1
    while i >= 0 and parsed[i].is_space:
        i -= 1
    if i < 1 or parsed[i].text != ":":
        return None
    colon = parsed[i]
    verb = colon.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ not in ("aux", "auxpass", "amod"):
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    if (verb.pos_ not in ("VERB", "AUX") or not verb.i < colon.i <= verb.i + 8
            or "\n" in text[verb.idx:colon.idx]):
        return None
    cue = cue_tokens(verb)
    between = parsed[cue[-1].i + 1:colon.i]
    if len(between) <= 4 and all(t.dep_ in LEAD_OBJECT_DEPS and t.head.i in
                                 (verb.i, *(b.i for b in between)) for t in between):
        cue = [*cue, *between]
    return verb, token_span(text, cue)


def _has_own_complement(verb: Any, qe: int) -> bool:
    """'"... ." Petrenko said the bridge held': a finished quote, then a new statement.

    A cue after a quote that closes its sentence, with a clause of its own after it, reports
    that clause; the quote before it belongs to whoever spoke earlier.
    """
    return verb.idx >= qe and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)


def _is_cue_verb(tok: Any) -> bool:
    return tok.pos_ in ("VERB", "AUX") and lemma_of(tok) in (
        SPEECH_CUES | COGNITION_CUES | QUOTE_ONLY_CUES)


# ---------------------------------------------------------------- quotes and paraphrases

def settle_quotes(quotes: list[Claim], reported: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """One claim per statement when a quote and a reported-speech clause share their cue.

    A quote that is the whole complement ('He said: "..."') stays a direct quote; a quote that is
    only part of a paraphrase ('He said the plan was "a failure"') gives way to the paraphrase,
    whose content holds it.
    """
    by_cue = {c.cue.start: c for c in reported if c.cue}
    kept_quotes: list[Claim] = []
    dropped: set[str] = set()
    for q in quotes:
        r = by_cue.get(q.cue.start) if q.cue else None
        if r is None:
            kept_quotes.append(q)
            continue
        q_words = len(q.content.text.split())
        r_words = len(r.content.text.split())
        inside = _within(q.content, r.content)
        if inside and q_words < 0.8 * r_words:
            continue  # partial quote inside the paraphrase
        kept_quotes.append(q)
        dropped.add(r.id)
    kept_reported = [r for r in reported if r.id not in dropped]
    kept_quotes = [q for q in kept_quotes if not any(
        _within(q.content, r.content)
        and len(q.content.text.split()) < 0.8 * len(r.content.text.split())
        for r in kept_reported)]
    return kept_quotes, kept_reported


def _within(inner: TextSpan, outer: TextSpan) -> bool:
    """`inner` lies in `outer`, but for marks and stops at its edges ('... “a disgrace.”')."""
    lo = inner.start + len(inner.text) - len(inner.text.lstrip(EDGE_MARKS))
    hi = inner.start + len(inner.text.rstrip(EDGE_MARKS))
    return outer.start <= lo and hi <= outer.end and lo < hi


def cue_inside_quote(claim: Claim, quotes: Sequence[Claim]) -> bool:
    """A cue within someone's quoted words ('"I think we will win," she said') is theirs."""
    if claim.kind == "direct_quote" or claim.cue is None:
        return False
    return any(q.content.start < claim.cue.start < q.content.end for q in quotes)

