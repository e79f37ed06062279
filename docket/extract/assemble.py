"""Tie a document's claims, verification statements and events together.

The finders work apart (claims.py, verification.py, events.py); this module decides, for each
record, what the others say about it:

- a claim's verification is the statement whose scope holds the claim's content;
- an event's claim is the innermost claim whose content holds the event's trigger, and its
  modality follows that claim ("alleged" when the speaker alleges, "reported" when he says)
  unless the event itself is negated or hypothetical;
- an event's verification is the statement whose scope holds its trigger, else its claim's:
  a statement never reaches words outside its scope, so confirming one fact does not confirm
  the next;
- a speaker with no name and no mention ("officials", "a witness") becomes a `participant`
  entity of this document only: two unnamed officials in two articles are never merged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from docket.model import Claim, Document, Event, Mention, Verification

PARTICIPANT_RESOLUTION = "document-local: an unnamed speaker is never merged with another"


@dataclass(frozen=True)
class Finders:
    """The claim, verification and event finders of one language: the same records from
    rules suited to what that language's backbone gives (a parse, or sentences only)."""

    claims: Callable[[str, Any, Sequence[Mention], str], tuple[Claim, ...]]
    verifications: Callable[[str, Any, Sequence[Mention]], tuple[Verification, ...]]
    events: Callable[[str, Any, Sequence[Mention], str], tuple[Event, ...]]


def _english() -> Finders:
    from docket.extract.claims import find_claims
    from docket.extract.events import find_events
    from docket.extract.verification import find_verifications

    return Finders(find_claims, find_verifications, find_events)


def _cyrillic() -> Finders:
    from docket.extract.cyrillic_claims import find_claims_cyrillic, find_verifications_cyrillic
    from docket.extract.cyrillic_events import find_events_cyrillic

    return Finders(find_claims_cyrillic, find_verifications_cyrillic, find_events_cyrillic)


# Per ISO 639-1 code, what finds a document's claims, verification and events; a language
# not listed is read by the English rules (its backbone's parse), as before the registry.
FINDERS: dict[str, Callable[[], Finders]] = {"en": _english, "uk": _cyrillic, "ru": _cyrillic}


def finders_for(language: str | None) -> Finders:
    """The finders registered for `language`, else English's."""
    return FINDERS.get(language or "en", _english)()


def analyse_parsed(doc: Document, backbone: Any, parsed: Any) -> Document:
    """Entities, claims and events of an analysed document, from one spaCy parse of its text."""
    from docket.extract.events import acting_capitals
    from docket.extract.happenings import document_events
    from docket.nlp.entities import extract_mentions

    text = doc.text
    mentions = extract_mentions(doc, backbone, parsed)
    if not text.strip():
        return replace(doc, mentions=mentions)
    finders = finders_for(doc.language)
    claims = finders.claims(text, parsed, mentions, doc.id)
    verifications = finders.verifications(text, parsed, mentions)
    events = finders.events(text, parsed, mentions, doc.id)
    claims, participants = _participants(doc.id, claims)
    claims = tuple(_verify_claim(c, verifications) for c in claims)
    events = tuple(_place_event(e, claims, verifications) for e in events)
    actors = acting_capitals(mentions, parsed)
    events = document_events(text, doc.title, doc.published, events, claims,
                             [m for m in mentions if m.start not in actors or m.kind != "place"],
                             [(s.start_char, s.end_char) for s in parsed.sents])
    all_mentions = tuple(sorted((*mentions, *participants),
                                key=lambda m: (m.start, m.end, m.kind)))
    return replace(doc, mentions=all_mentions, claims=claims, events=events)


def _participants(doc_id: str, claims: Sequence[Claim]) -> tuple[tuple[Claim, ...],
                                                                 list[Mention]]:
    out: list[Claim] = []
    participants: dict[tuple[int, int], Mention] = {}
    for claim in claims:
        src = claim.source
        if claim.source_kind == "participant" and claim.source_entity is None and src:
            mention = participants.get((src.start, src.end))
            if mention is None:
                mention = Mention(src.start, src.end, src.text, "participant",
                                  f"{doc_id}|{src.start}", src.text,
                                  f"claims:{claim.rule}", PARTICIPANT_RESOLUTION)
                participants[(src.start, src.end)] = mention
            claim = replace(claim, source_entity=mention.entity_id)
        out.append(claim)
    return tuple(out), list(participants.values())


def _verify_claim(claim: Claim, verifications: Sequence[Verification]) -> Claim:
    from docket.extract.verification import verification_for

    found = verification_for(claim.content.start, claim.content.end, verifications)
    return replace(claim, verification=found) if found.status != "not_stated" else claim


def enclosing_claim(start: int, end: int, claims: Sequence[Claim]) -> Claim | None:
    """The innermost claim whose content holds `start..end`."""
    holding = [c for c in claims if c.content.start <= start and end <= c.content.end]
    return min(holding, key=lambda c: c.content.end - c.content.start, default=None)


def _place_event(event: Event, claims: Sequence[Claim],
                 verifications: Sequence[Verification]) -> Event:
    from docket.extract.verification import verification_for

    claim = enclosing_claim(event.trigger.start, event.trigger.end, claims)
    modality = event.modality
    if claim is not None and modality == "asserted":
        # The event is what the speaker says happened; a hypothetical or negated cue
        # ("he did not say", "he might claim") makes it so for the event too.
        modality = claim.modality
    verification = verification_for(event.trigger.start, event.trigger.end, verifications)
    if verification.status == "not_stated" and claim is not None:
        verification = claim.verification
    return replace(event, claim=claim.id if claim else None, modality=modality,
                   verification=verification)
