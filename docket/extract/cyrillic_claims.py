"""Claims and verification statements in Ukrainian and Russian text, by cue rules.

The Cyrillic backbone (docket/nlp/cyrillic.py) gives sentences and entity mentions but no
dependency parse, so where the English stage reads the parse (claims.py, verification.py) this
one reads cue words (`cyrillic_lexicon`) within each sentence:

- **direct quotes** «…» / “…” / "…" with a speech verb and speaker just after
  ("… », — заявив мер X") or just before ("X повідомив: «…»");
- **reported speech**: a speech verb with its speaker before it ("Прокуратура повідомила, що …")
  or after it ("… , заявив начальник ОВА X"); the claim's content is the sentence;
- **according to**: "за словами X", "по данным X", "як повідомили в X", "сообщили в X";
- **verification**: "не вдалося незалежно перевірити", "не удалось независимо проверить",
  denials ("опровергли", "спростували"), no response, both sides blaming each other. A
  statement's scope is its paragraph up to its own sentence (the statement is about what the
  paragraph reported), or the previous paragraph when it opens one.

The speaker's span keeps the title with the name ("начальник ОВА Вадим Філашкін"), and
resolves to the person or organisation mention inside it; with none, an unnamed participant
of this document (assemble.py). Claims and verifications are the same records as English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docket.extract.cyrillic_lexicon import (
    ACCORDING_TO,
    ADJECTIVE,
    ALLEGING_VERBS,
    BACK_REFERENCE,
    CAPITALISED,
    CLAUSE_STOP,
    CONTENT_START,
    LEAD_WORD,
    PUBLISHED,
    QUOTE_PAIRS,
    SAID_IN,
    SIGNATURE,
    SPEAKER_TITLES,
    SPEECH_VERBS,
    TOPIC,
    VERIFICATION_PATTERNS,
)
from docket.model import Claim, Mention, Modality, TextSpan, Verification, stable_id

_SPEAKER_KINDS = ("person", "organization", "military_unit")
_MAX_SPEAKER = 90  # characters: a title, an office and a name
LEAD_CHARS = 400  # a source named this early is the report's source


def sentence_spans(text: str, parsed: Any) -> list[tuple[int, int]]:
    """The parse's sentences as (start, end) offsets into `text`."""
    return [(s.start_char, s.end_char) for s in parsed.sents] if parsed is not None else \
        [(0, len(text))]


def find_claims_cyrillic(text: str, parsed: Any, mentions: Sequence[Mention],
                         doc_id: str) -> tuple[Claim, ...]:
    """Every attributed statement of a Ukrainian or Russian text, in text order."""
    speakers = [m for m in mentions if m.kind in _SPEAKER_KINDS]
    found: dict[tuple[int, int], Claim] = {}
    paragraphs = paragraph_starts(text)
    for start, end in sentence_spans(text, parsed):
        reach = _Reach(text, paragraphs, start, end)
        for claim in _sentence_claims(text, reach, speakers, doc_id):
            key = (claim.content.start, claim.content.end)
            if key not in found or (found[key].source is None and claim.source is not None):
                found[key] = claim
    for claim in [*_quotes(text, speakers, doc_id), *_signature(text, speakers, doc_id)]:
        key = (claim.content.start, claim.content.end)
        if key not in found or (found[key].source is None and claim.source is not None):
            found[key] = claim
    return tuple(sorted(found.values(), key=lambda c: (c.content.start, c.content.end)))


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph (a line of the text) starts."""
    return [0] + [m.end() for m in re.finditer(r"\n\s*", text)]


@dataclass(frozen=True)
class _Reach:
    """A sentence and how far a claim made in it may reach: what it says is the sentence;
    a speaker named before the cue speaks for the rest of the paragraph ("Прокуратура
    повідомила, що … . Ще двоє …"), and "про це повідомив X" / "об этом сообщил X" looks
    back to what the paragraph (or, opening one, the paragraph before) reported. A source
    named in the lead is the report's: "Про це повідомили в прокуратурі" after the first
    paragraph credits the whole article's account to the prosecutors (a later claim, being
    inner, still wins for its own words)."""

    text: str
    paragraphs: list[int]
    start: int
    end: int

    def sentence(self) -> TextSpan | None:
        return _trimmed(self.text, self.start, self.end)

    def in_lead(self) -> bool:
        return self.start < LEAD_CHARS

    def forward(self) -> TextSpan | None:
        if self.in_lead():
            return _trimmed(self.text, self.start, len(self.text))
        nxt = [p for p in self.paragraphs if p >= self.end]
        return _trimmed(self.text, self.start, nxt[0] if nxt else len(self.text))

    def backward(self) -> TextSpan | None:
        if self.in_lead():
            return _trimmed(self.text, 0, len(self.text))
        return _trimmed(self.text, _scope_start(self.paragraphs, self.start), self.end)


def _sentence_claims(text: str, reach: _Reach, speakers: Sequence[Mention],
                     doc_id: str) -> list[Claim]:
    out: list[Claim] = []
    start, end = reach.start, reach.end
    if reach.sentence() is None:
        return out
    for m in ACCORDING_TO.finditer(text, start, end):
        source = _speaker_after(text, m.end(), end)
        back = BACK_REFERENCE.match(m.group())
        content = reach.backward() if back else reach.forward()
        if source is not None and content is not None:
            out.append(_claim(doc_id, "according_to", content, TextSpan(
                m.start(), m.end(), m.group()), source, speakers, "reported",
                "claims:uk_ru:according_to" + (":this_was_said_by" if back else "")))
    for m in SAID_IN.finditer(text, start, end):
        source = _speaker_after(text, m.end(), end)
        content = reach.forward() if source is not None else None
        if source is not None and content is not None:
            out.append(_claim(doc_id, "reported_speech", content, _cue(m), source, speakers,
                              "reported", "claims:uk_ru:said_in"))
    verbs: tuple[tuple[re.Pattern[str], Modality], ...] = (
        (SPEECH_VERBS, "reported"), (ALLEGING_VERBS, "alleged"))
    for pattern, modality in verbs:
        for m in pattern.finditer(text, start, end):
            inverted = _inverted(text, start, m.start())
            after = _speaker_after(text, m.end(), end)
            before = _up_to_the_name(_speaker_before(text, start, m.start()), speakers, text)
            source = _best_speaker([after, before] if inverted else [before, after], speakers)
            if BACK_REFERENCE.match(text[start:end].lstrip()) or PUBLISHED.match(m.group()):
                content = reach.backward()  # "Про це у середу повідомив X", "відео оприлюднила X"
            elif not inverted or reach.in_lead():
                content = reach.forward()
            else:
                content = reach.sentence()
            if source is None or content is None:
                continue  # "повідомили" with nobody named: the paragraph's speaker decides
            out.append(_claim(doc_id, "reported_speech", content, _cue(m), source, speakers,
                              modality, f"claims:uk_ru:speech_verb:{modality}"))
    return out


def _cue(m: re.Match[str]) -> TextSpan:
    return TextSpan(m.start(), m.end(), m.group().strip())


def _inverted(text: str, sent_start: int, cue_start: int) -> bool:
    """Whether the speech verb follows its content ("…, заявив мер X", "… — сообщил X")."""
    before = text[sent_start:cue_start].rstrip()
    return bool(before) and before[-1] in ",—–-»”\""


def _trimmed(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(start, end, text[start:end]) if end > start else None


def _speaker_after(text: str, start: int, limit: int) -> TextSpan | None:
    """The speaker's words after a cue, in its clause: from the first office word or
    capitalised word ("повідомила в Telegram прокуратура області" -> "прокуратура області")
    to the clause's end or its content ("що …", "про …")."""
    limit = min(limit, start + _MAX_SPEAKER + 50)
    stop = CLAUSE_STOP.search(text, start, limit)
    hi = stop.start() if stop else limit
    first = SPEAKER_TITLES.search(text, start, hi) or CAPITALISED.search(text, start, hi)
    if first is None:
        return None
    begin = first.start()
    begin = _with_adjectives(text, start, begin)
    content = CONTENT_START.search(text, first.start(), hi)
    span = _trimmed(text, begin, min(content.start() if content else hi,
                                     first.start() + _MAX_SPEAKER))
    if span is None or not _names_a_speaker(span.text):
        return None
    return span


def _with_adjectives(text: str, lo: int, begin: int) -> int:
    """Where an office's name starts with up to three adjectives before it ("російського
    оборонного відомства"), not going back before `lo`."""
    for _ in range(3):
        words = text[max(lo, begin - 40):begin].split()
        if not words or not ADJECTIVE.fullmatch(words[-1]) or TOPIC.match(words[-1] + " "):
            break
        begin = text.rindex(words[-1], lo, begin)
    return begin


def _without_lead_words(text: str, span: TextSpan | None) -> TextSpan | None:
    """The speaker's words without the adverbs and prepositions before them ("Тим часом у
    прокуратурі" -> "прокуратурі")."""
    if span is None:
        return None
    start = span.start
    for m in LEAD_WORD.finditer(span.text):
        if m.start() != start - span.start:
            break
        start = span.start + m.end()
    return _trimmed(text, start, span.end)


def _speaker_before(text: str, sent_start: int, cue_start: int) -> TextSpan | None:
    """The speaker's words right before a cue, back to the clause's start."""
    lo = max(sent_start, cue_start - _MAX_SPEAKER)
    chunk = text[lo:cue_start]
    cut = max((m.end() for m in re.finditer(r"[,.;:!?«»\"“”()—–]\s*", chunk)), default=0)
    span = _without_lead_words(text, _trimmed(text, lo + cut, cue_start))
    if span is None or TOPIC.match(span.text) or not _names_a_speaker(span.text):
        return None
    return span


def _up_to_the_name(span: TextSpan | None, speakers: Sequence[Mention],
                    text: str) -> TextSpan | None:
    """A speaker's words before the cue end with the last name they hold: "Президент X
    посетил Бучу и обвинил" -> "Президент X"."""
    if span is None:
        return None
    inside = [m for m in speakers if span.start <= m.start and m.end <= span.end]
    if not inside:
        return span
    end = max(m.end for m in inside)
    return _trimmed(text, span.start, end) or span


def _best_speaker(candidates: list[TextSpan | None],
                  speakers: Sequence[Mention]) -> TextSpan | None:
    """Of the words before and after a cue, those that name someone: a name the entity
    stage found beats an office word, which beats a capitalised word; ties go to the first."""
    def score(span: TextSpan) -> int:
        named = any(span.start <= m.start and m.end <= span.end for m in speakers)
        return 2 * named + bool(SPEAKER_TITLES.search(span.text))
    found = [c for c in candidates if c is not None]
    return max(found, key=score) if found else None


def _names_a_speaker(words: str) -> bool:
    """A capitalised name or an office ("мер", "ОВА", "Генштаб"), not a bare pronoun."""
    if len(words.split()) > 9:
        return False
    return bool(SPEAKER_TITLES.search(words)) or any(
        w[:1].isupper() for w in words.split() if len(w) > 1)


def _claim(doc_id: str, kind: str, content: TextSpan, cue: TextSpan | None,
           source: TextSpan | None, speakers: Sequence[Mention], modality: Modality,
           rule: str) -> Claim:
    entity, source_kind = _resolve(source, speakers)
    return Claim(id=stable_id("clm", doc_id, str(content.start), str(content.end)), kind=kind,
                 content=content, cue=cue, source=source, source_entity=entity,
                 source_kind=source_kind, modality=modality, rule=rule)


def _resolve(source: TextSpan | None, speakers: Sequence[Mention]) -> tuple[str | None,
                                                                           str | None]:
    if source is None:
        return None, None
    inside = [m for m in speakers if source.start <= m.start and m.end <= source.end]
    inside.sort(key=lambda m: (m.kind != "person", m.start))
    if inside:
        return inside[0].entity_id, inside[0].kind
    return None, "participant"


def _signature(text: str, speakers: Sequence[Mention], doc_id: str) -> list[Claim]:
    """A press service signing the text on a line of its own: the whole text is its account
    (a `source_line`, like English "Source: …")."""
    for m in re.finditer(r"[^\n]+", text):
        if SIGNATURE.match(m.group()) and m.start() > 0:
            whole = _trimmed(text, 0, len(text))
            source = _trimmed(text, m.start(), m.end())
            if whole is not None and source is not None:
                return [_claim(doc_id, "source_line", whole, None, source, speakers,
                               "reported", "claims:uk_ru:press_service_signature")]
    return []


# --- direct quotes ----------------------------------------------------------------------------

def _quotes(text: str, speakers: Sequence[Mention], doc_id: str) -> list[Claim]:
    out: list[Claim] = []
    for open_q, close_q in QUOTE_PAIRS:
        pattern = re.compile(re.escape(open_q) + r"([^" + re.escape(close_q) + r"\n]{20,1500})"
                             + re.escape(close_q))
        for m in pattern.finditer(text):
            content = TextSpan(m.start(1), m.end(1), m.group(1))
            claim = _quote_claim(text, m.start(), m.end(), content, speakers, doc_id)
            if claim is not None:
                out.append(claim)
    return out


def _quote_claim(text: str, q_start: int, q_end: int, content: TextSpan,
                 speakers: Sequence[Mention], doc_id: str) -> Claim | None:
    after = re.match(r"[,.]?\s*[—–-]?\s*", text[q_end:q_end + 6])
    cue_at = q_end + (after.end() if after else 0)
    verb = SPEECH_VERBS.match(text, cue_at) or ALLEGING_VERBS.match(text, cue_at)
    if verb:
        source = _speaker_after(text, verb.end(), min(len(text), verb.end() + _MAX_SPEAKER))
        return _claim(doc_id, "direct_quote", content, _cue(verb), source, speakers,
                      "reported", "claims:uk_ru:quote:speaker_after")
    lead = text[max(0, q_start - 160):q_start]
    colon = re.search(r":\s*$", lead)
    verbs = list(SPEECH_VERBS.finditer(lead)) if colon else []
    if verbs and colon is not None:
        v = verbs[-1]
        base = q_start - len(lead)
        line_start = text.rfind("\n", 0, q_start) + 1
        source = _speaker_before(text, max(line_start, base), base + v.start()) or \
            _speaker_after(text, base + v.end(), base + colon.start())
        return _claim(doc_id, "direct_quote", content, TextSpan(
            base + v.start(), base + v.end(), v.group()), source, speakers, "reported",
            "claims:uk_ru:quote:speaker_before")
    return None


# --- verification -----------------------------------------------------------------------------

def find_verifications_cyrillic(text: str, parsed: Any,
                                mentions: Sequence[Mention]) -> tuple[Verification, ...]:
    """What a Ukrainian or Russian text says about verification, each with its scope."""
    sentences = sentence_spans(text, parsed)
    paragraphs = paragraph_starts(text)
    named = [m for m in mentions if m.kind in _SPEAKER_KINDS]
    out: list[Verification] = []
    for start, end in sentences:
        for pattern, status, rule in VERIFICATION_PATTERNS:
            m = pattern.search(text, start, end)
            if m is None:
                continue
            # "за непідтвердженою інформацією" qualifies its own sentence; "could not verify",
            # a denial or no answer is about what this paragraph and the one before reported
            scope_start = start if rule == "verification:unconfirmed" else \
                _paragraph_before(paragraphs, start)
            by = next((n for n in named if start <= n.start < end), None)
            out.append(Verification(
                status,  # type: ignore[arg-type]  # the table holds only valid statuses
                scope=TextSpan(scope_start, end, text[scope_start:end]),
                by=by.text if by else None, by_entity=by.entity_id if by else None,
                evidence=(TextSpan(m.start(), m.end(), m.group()),), rule=rule))
            break
    return tuple(out)


def _paragraph_before(paragraphs: list[int], sent_start: int) -> int:
    """The start of the paragraph before the one holding `sent_start` (else of its own)."""
    earlier = [p for p in paragraphs if p <= sent_start]
    return earlier[-2] if len(earlier) > 1 else 0


def _scope_start(paragraphs: list[int], sent_start: int) -> int:
    earlier = [p for p in paragraphs if p <= sent_start]
    here = earlier[-1] if earlier else 0
    if here == sent_start and len(earlier) > 1:
        return earlier[-2]  # the statement opens its paragraph: it is about the one before
    return here
