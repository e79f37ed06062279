"""The records that flow between stages: a `Record` of raw bytes becomes a `Document`.

Offsets are Unicode code-point offsets (Python string indices). `Document.removed` spans point
into `full_text`; `text` is `full_text` with those spans taken out, and later records' spans point
into `text`. `source_map` maps each line of `full_text` back to a byte range of the raw record.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stable_id(prefix: str, *parts: str) -> str:
    """A deterministic id from content and position, so re-runs give the same ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:20]}"


@dataclass(frozen=True)
class Record:
    """One article's raw bytes as a reader found them, with where they came from.

    `kind` names the parser of these bytes in `INPUT_FORMATS` (docket/ingest/formats.py): a
    single-document format's name, or what a container yields (`jsonl`, `feed_item`,
    `warc_response`). A str, not a Literal: registering a format adds a kind.
    """

    kind: str
    data: bytes
    path: str
    locator: str | None = None
    container_sha256: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        return sha256_hex(self.data)

    @property
    def document_id(self) -> str:
        return stable_id("doc", self.sha256)


@dataclass(frozen=True)
class RecordFailure:
    """A part of a container (a JSONL line, a WARC record) that could not be read, and why."""

    path: str
    locator: str | None
    reason: str


@dataclass(frozen=True)
class Span:
    """A removed stretch of `full_text`, with the reason and the rule or model that removed it."""

    start: int
    end: int
    reason: str
    rule: str


@dataclass(frozen=True)
class PublishedDate:
    """A publication date at the precision the source gives: year, month, day or datetime."""

    value: str
    precision: str
    origin: str  # where it came from, e.g. "jsonl:published", "html:trafilatura"


@dataclass(frozen=True)
class LineSource:
    """Line `start..end` of `full_text` came from bytes `byte_start..byte_end` of the record."""

    start: int
    end: int
    byte_start: int
    byte_end: int


@dataclass(frozen=True)
class SourceRef:
    path: str
    url: str | None
    sha256: str
    container_sha256: str | None
    locator: str | None


@dataclass(frozen=True)
class Mention:
    """A span of a document's `text` that names an entity or a time, with how it was found.

    `key` is the entity's identity within its kind (a gazetteer id, a normalised unit, a
    transliteration-folded name, or a document-local key for what must never merge), so the
    same key in two documents is one entity; `resolution` says why.
    """

    start: int
    end: int
    text: str
    kind: str  # person | organization | military_unit | place | unnamed_person | time
    key: str
    name: str
    rule: str
    resolution: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def entity_id(self) -> str:
        return stable_id("ent", self.kind, self.key)


@dataclass(frozen=True)
class TextSpan:
    """Words of a document's `text` (offsets into `text`), kept as evidence for a value."""

    start: int
    end: int
    text: str

    def as_record(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


# The parties an event's perpetrator or victims belong to (docket/extract/sides.py reads them).
SIDES: tuple[str, ...] = ("Russia", "Ukraine", "DPR", "LPR", "separatists", "Belarus", "unknown")
# Every event category's name, in docs/taxonomy.md's order; docket/extract/taxonomy.py defines
# each (tests/test_layers.py keeps the two the same). Readers that only check a name (the
# workbench's filters) use this and need not import the extraction stage.
CATEGORY_NAMES: tuple[str, ...] = (
    "shelling", "air_strike", "drone_strike", "remote_explosive", "grenade", "suicide_bomb",
    "chemical_weapon", "armed_clash", "territory_taken", "territory_regained",
    "territory_transferred", "disrupted_weapons", "attack_on_civilians", "execution", "torture",
    "sexual_violence", "abduction", "looting", "property_destruction", "arrest",
    "peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters",
    "violent_demonstration", "mob_violence", "agreement", "desertion", "refusal_to_fight",
    "resignation", "surrender", "capture", "displacement", "other", "unclassified")
# What the text says about a claim's or an event's verification (docs/taxonomy.md).
VerificationStatus = Literal["confirmed", "unverified", "denied", "no_response", "disputed",
                             "not_stated"]
VERIFICATION_STATUSES: tuple[VerificationStatus, ...] = get_args(VerificationStatus)
# How the text puts a claim or an event: stated as fact by the writer, attributed, or not real.
Modality = Literal["asserted", "alleged", "reported", "hypothetical", "negated"]
MODALITIES: tuple[Modality, ...] = get_args(Modality)


@dataclass(frozen=True)
class Verification:
    """One statement of verification, as the text makes it, and the words it is about.

    `scope` is the stretch of text the statement covers: a verification applies to a claim or
    an event only when the scope holds its words, so confirming that a witness was in a place
    does not confirm the abuse he describes in the next clause.
    """

    status: VerificationStatus
    scope: TextSpan | None = None
    by: str | None = None  # who verified, denied, or did not respond, as written
    by_entity: str | None = None  # that party's entity id, when it is a mention
    how: str | None = None  # e.g. "using satellite imagery"
    evidence: tuple[TextSpan, ...] = ()  # the words that state it
    rule: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"status": self.status, "by": self.by, "by_entity": self.by_entity,
                "how": self.how, "scope": self.scope.as_record() if self.scope else None,
                "evidence": [e.as_record() for e in self.evidence], "rule": self.rule}


NOT_STATED = Verification("not_stated", rule="no verification statement covers these words")


@dataclass(frozen=True)
class Claim:
    """Someone's statement as the text attributes it: who (source), the verb (cue), what.

    `kind` is how it is attributed: `direct_quote`, `reported_speech`, `according_to`
    ("according to X", "citing X"), `source_line` ("Source: <outlet>"). The speaker is a span
    (`source`), resolved to an entity mention when one covers it (`source_entity`), or to an
    unnamed participant of this document. `via` is the medium it was told to ("told CNN").
    """

    id: str
    kind: str
    content: TextSpan
    cue: TextSpan | None = None
    source: TextSpan | None = None
    source_entity: str | None = None  # entity id of the speaker, if resolved
    source_kind: str | None = None  # person | organization | outlet | participant | ...
    via: TextSpan | None = None
    modality: Modality = "reported"
    verification: Verification = NOT_STATED
    rule: str = ""

    def as_record(self, document: str) -> dict[str, Any]:
        return {
            "type": "claim", "id": self.id, "document": document, "kind": self.kind,
            "source": self.source.as_record() if self.source else None,
            "source_entity": self.source_entity, "source_kind": self.source_kind,
            "cue": self.cue.as_record() if self.cue else None,
            "content": self.content.as_record(),
            "via": self.via.as_record() if self.via else None,
            "modality": self.modality, "verification": self.verification.as_record(),
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Party:
    """A side of an event: who did it (perpetrator) or to whom (victims)."""

    side: str = "unknown"  # Russia|Ukraine|DPR|LPR|separatists|Belarus|unknown (docs/taxonomy.md)
    entity: str | None = None  # entity id of the unit, person or organization named
    text: TextSpan | None = None  # the words that name the party
    status: str | None = None  # victims: civilians | combatants | prisoners | None
    count: int | None = None  # victims: how many, as stated
    qualifier: str | None = None  # "at least", "more than", "about", "up to", "exactly"
    count_text: TextSpan | None = None
    rule: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"side": self.side, "entity": self.entity,
                "text": self.text.as_record() if self.text else None, "status": self.status,
                "count": self.count, "qualifier": self.qualifier,
                "count_text": self.count_text.as_record() if self.count_text else None,
                "rule": self.rule}


@dataclass(frozen=True)
class EventMention:
    """One place a document tells of a happening: the words, and the category they give.

    `id` is the id the mention had as an event of its own (analysts' judgements made on it
    are carried to the record that holds it).
    """

    id: str
    trigger: TextSpan
    sentence: TextSpan
    category: str
    modality: Modality
    rule: str = ""

    def as_record(self) -> dict[str, Any]:
        return {"id": self.id, "trigger": self.trigger.as_record(),
                "sentence": self.sentence.as_record(), "category": self.category,
                "modality": self.modality, "rule": self.rule}


# What an analyst can record (table `judgement`, docs/design.md): a review of one record,
# a field edit, two records joined or split, removed text restored, a document withdrawn.
JudgementKind = Literal["confirm", "reject", "edit", "same", "different", "restore", "withdraw",
                        "place"]
JUDGEMENT_KINDS: tuple[JudgementKind, ...] = get_args(JudgementKind)
# The two kinds that review one record, and the status each gives it.
REVIEW_STATUS: dict[str, str] = {"confirm": "confirmed", "reject": "rejected"}
# The two that join or split two records of one kind.
PAIR_KINDS: tuple[JudgementKind, ...] = ("same", "different")

@dataclass(frozen=True)
class PlaceChoice:
    """An analyst's pick of the place a name in a document means (a `place` judgement): the
    words and where they were, the gazetteer id chosen, who and why. Anchored on the words, so
    it applies to the same words nearest that offset after the text shifts."""

    start: int
    end: int
    words: str
    gazetteer_id: str
    by: str
    why: str | None = None


# How a field's value was found (`FieldSource.how`).
FieldHow = Literal["stated", "inferred", "not_found"]
FIELD_HOWS: tuple[FieldHow, ...] = get_args(FieldHow)


@dataclass(frozen=True)
class FieldSource:
    """Where an event's field came from: `stated` in the trigger's sentence, `inferred` from
    elsewhere (another sentence, the headline, the publication date), or `not_found`.

    `words` are the words that gave the value (offsets into the text; None for the headline
    and the publication date, named in `origin`); `rule` names the reading.
    """

    how: FieldHow
    rule: str
    words: TextSpan | None = None
    origin: str = "text"  # text | title | published

    def as_record(self) -> dict[str, Any]:
        return {"how": self.how, "rule": self.rule, "origin": self.origin,
                "words": self.words.as_record() if self.words else None}


@dataclass(frozen=True)
class Event:
    """Something that happened, as one document reports it, with every value traced to words.

    `category` is Docket's taxonomy (docs/taxonomy.md), mapped to ACLED's `event_type` and
    `sub_event_type` and, where it applies, to an IHL category. `aggregate` marks statistical
    claims ("at least 90 civilians killed this year"), kept apart from single incidents.
    """

    id: str
    category: str
    event_type: str  # ACLED
    sub_event_type: str  # ACLED
    ihl: str | None
    trigger: TextSpan
    sentence: TextSpan
    perpetrator: Party = field(default_factory=Party)
    victims: Party = field(default_factory=Party)
    fatalities: int | None = None  # people killed, as stated (None: not stated)
    location: Mention | None = None  # a place mention (kind "place")
    date: Mention | None = None  # a time mention (kind "time")
    aggregate: bool = False
    modality: Modality = "asserted"
    claim: str | None = None  # id of the claim whose content holds the trigger
    verification: Verification = NOT_STATED
    rule: str = ""
    why: str = ""  # the words and rules behind the category, for a reader
    injured: int | None = None  # people wounded, as stated (None: not stated)
    # Every place the document mentions this happening (headline-like lead, quote, later
    # paragraph): the record stands for all of them (docket.extract.happenings).
    mentions: tuple[EventMention, ...] = ()
    # How each field was found: stated in the trigger's sentence or read from elsewhere.
    fields: Mapping[str, FieldSource] = field(default_factory=dict)
    # Who says it happened, when the article says so outside the claim that holds the
    # trigger (a pronoun resolved, the paragraph's speaker); None: `Document.claimant` decides.
    claimant: Mapping[str, Any] | None = None

    def as_record(self, document: str, claimant: Mapping[str, Any] | None) -> dict[str, Any]:
        loc = self.location
        attrs = dict(loc.attributes) if loc else {}
        date_attrs = dict(self.date.attributes) if self.date else {}
        return {
            "type": "event", "id": self.id, "document": document, "category": self.category,
            "acled": {"event_type": self.event_type, "sub_event_type": self.sub_event_type},
            "ihl": self.ihl, "aggregate": self.aggregate, "modality": self.modality,
            "trigger": self.trigger.as_record(),
            "perpetrator": self.perpetrator.as_record(),
            "victims": self.victims.as_record(), "fatalities": self.fatalities,
            "location": ({"entity": loc.entity_id, "name": loc.name, "text": loc.text,
                          "start": loc.start, "end": loc.end, "lat": attrs.get("lat"),
                          "lon": attrs.get("lon"), "precision": attrs.get("precision")}
                         if loc else None),
            "date": ({"value": date_attrs.get("value"),
                      "precision": date_attrs.get("precision"), "text": self.date.text,
                      "start": self.date.start, "end": self.date.end}
                     if self.date else None),
            "claim": self.claim, "claimant": dict(claimant) if claimant else None,
            "verification": self.verification.as_record(),
            "evidence": [{"document": document, **sentence.as_record()}
                         for sentence in self._evidence()],
            "rule": self.rule, "why": self.why, "injured": self.injured,
            "mentions": [m.as_record() for m in self.mentions],
            "fields": {name: source.as_record() for name, source in self.fields.items()},
        }

    def _evidence(self) -> list[TextSpan]:
        """The sentence of every mention, in text order, each once."""
        spans = {(self.sentence.start, self.sentence.end): self.sentence}
        for m in self.mentions:
            spans.setdefault((m.sentence.start, m.sentence.end), m.sentence)
        return [spans[k] for k in sorted(spans)]


@dataclass(frozen=True)
class Document:
    """One article after the per-document stages, ready for the ledger."""

    id: str
    source: SourceRef
    format: str  # "html" or "text": how full_text was obtained
    encoding: str
    encoding_method: str
    full_text: str
    removed: tuple[Span, ...] = ()
    source_map: tuple[LineSource, ...] = ()
    segment_of: str | None = None
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    cited_source: str | None = None
    published: PublishedDate | None = None
    language: str | None = None
    language_score: float | None = None
    translated_from: str | None = None
    analysed: bool = False
    analysis_note: str | None = None
    notes: tuple[str, ...] = ()  # what the stages did that a reader should know (repairs etc.)
    mentions: tuple[Mention, ...] = ()  # entities and times named in `text` (analysed documents)
    claims: tuple[Claim, ...] = ()  # attributed statements in `text` (analysed documents)
    events: tuple[Event, ...] = ()  # what happened, as `text` reports it (analysed documents)

    @cached_property
    def text(self) -> str:
        """`full_text` with the removed spans taken out."""
        pieces, cursor = [], 0
        for span in self.removed:
            pieces.append(self.full_text[cursor : span.start])
            cursor = span.end
        pieces.append(self.full_text[cursor:])
        return "".join(pieces)

    @cached_property
    def _kept_starts(self) -> tuple[list[int], list[int]]:
        """Start of each kept run in `text` and in `full_text`, for offset mapping."""
        text_starts, full_starts = [0], [0]
        text_pos = 0
        cursor = 0
        for span in self.removed:
            text_pos += span.start - cursor
            cursor = span.end
            text_starts.append(text_pos)
            full_starts.append(cursor)
        return text_starts, full_starts

    def text_to_full(self, offset: int) -> int:
        """Map an offset in `text` to the matching offset in `full_text`."""
        text_starts, full_starts = self._kept_starts
        i = bisect.bisect_right(text_starts, offset) - 1
        return full_starts[i] + (offset - text_starts[i])

    def full_to_bytes(self, offset: int) -> tuple[int, int] | None:
        """The raw byte range of the line of `full_text` that holds `offset`."""
        starts = [line.start for line in self.source_map]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        line = self.source_map[i]
        return line.byte_start, line.byte_end

    def claimant(self, event: Event) -> dict[str, Any]:
        """Who states an event: the speaker of the claim that holds it, else the outlet.

        An event outside any claim is the reporting outlet's own statement (or, for a reprint
        that names its source, the cited source's).
        """
        if event.claimant is not None:
            given = dict(event.claimant)
            if given.get("kind") == "outlet" and not given.get("name"):
                given["name"] = self.cited_source or self.outlet
            return given
        claim = next((c for c in self.claims if c.id == event.claim), None)
        if claim is not None:
            return {"kind": claim.source_kind, "entity": claim.source_entity,
                    "name": claim.source.text if claim.source else None, "claim": claim.id}
        name = self.cited_source or self.outlet
        return {"kind": "outlet", "entity": None, "name": name, "claim": None}

    def claim_records(self) -> list[dict[str, Any]]:
        return [c.as_record(self.id) for c in self.claims]

    def event_records(self) -> list[dict[str, Any]]:
        return [e.as_record(self.id, self.claimant(e)) for e in self.events]

    def as_record(self) -> dict[str, Any]:
        """The export contract's `document` record (see docs/export.md)."""
        return {
            "type": "document",
            "id": self.id,
            "source": {
                "path": self.source.path,
                "url": self.source.url,
                "sha256": self.source.sha256,
                "container_sha256": self.source.container_sha256,
                "locator": self.source.locator,
            },
            "segment_of": self.segment_of,
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "cited_source": self.cited_source,
            "published": (
                {"value": self.published.value, "precision": self.published.precision}
                if self.published
                else None
            ),
            "language": self.language,
            "translated_from": self.translated_from,
            "analysed": self.analysed,
            "analysis_note": self.analysis_note,
            "format": self.format,
            "encoding": self.encoding,
            "full_text": self.full_text,
            "text": self.text,
            "removed": [
                {"start": s.start, "end": s.end, "reason": s.reason, "rule": s.rule}
                for s in self.removed
            ],
            "source_map": [
                [line.start, line.end, line.byte_start, line.byte_end] for line in self.source_map
            ],
            "times": [
                {"start": m.start, "end": m.end, "text": m.text, **dict(m.attributes),
                 "rule": m.rule}
                for m in self.mentions if m.kind == "time"
            ],
        }


# -- what the link step reads and stores (docket/link/, docket/ledger/link_tables.py) ----


@dataclass(frozen=True)
class StoryInput:
    """What the ledger gives story grouping about one document."""

    id: str
    text: str  # the document's main text (page furniture already removed)
    outlet: str | None = None
    cited_source: str | None = None  # "Source: X", "according to X": the origin the text names
    published: str | None = None  # ISO date or datetime
    language: str | None = None
    names: tuple[str, ...] = ()  # entity keys of its mentions (persons, places, units, orgs)


@dataclass(frozen=True)
class PairScore:
    """A comparison of two documents: the score, the decision and the evidence behind it."""

    a: str
    b: str
    score: float
    same_story: bool
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)


# -- what the link step derives, and the ledger gives back (docket/link/, docket/ledger/) ---

ReviewStatus = Literal["confirmed", "rejected"]
ContradictionScope = Literal["story", "incident"]


@dataclass(frozen=True)
class Review:
    """An analyst's latest confirm or reject of a record (a `judgement` row)."""

    status: ReviewStatus
    by: str
    why: str | None
    at: str
    judgement: str  # the judgement's id

    @classmethod
    def from_record(cls, data: Mapping[str, Any] | None) -> Review | None:
        if not data:
            return None
        return cls(data["status"], data["by"], data.get("why"), data["at"], data["judgement"])


@dataclass(frozen=True)
class FieldEdit:
    """An analyst's correction of one field (dotted, as `victims.count`), the machine's value
    kept in `before`."""

    field: str
    before: Any
    after: Any
    by: str
    why: str | None
    at: str
    judgement: str

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> FieldEdit:
        return cls(data["field"], data.get("before"), data.get("after"), data["by"],
                   data.get("why"), data["at"], data["judgement"])


def _judged(data: Mapping[str, Any]) -> dict[str, Any]:
    """The review and edits a ledger read attaches to a record, typed."""
    return {"review": Review.from_record(data.get("review")),
            "edits": tuple(FieldEdit.from_record(e) for e in data.get("edits") or ())}


@dataclass(frozen=True)
class Story:
    """Documents that carry one report, with its original and why they are one story.

    The link step makes it (docket/link/stories.py); the ledger gives the same type back
    (`Ledger.stories`), with the latest review and the edits analysts made.
    """

    id: str
    documents: tuple[str, ...]
    original: str | None
    original_outlet: str | None
    why: str
    links: tuple[PairScore, ...] = ()  # the edges (machine and analyst) that joined it
    review: Review | None = None
    edits: tuple[FieldEdit, ...] = ()

    def as_record(self) -> dict[str, Any]:
        """The export contract's `story` record (docs/export.md)."""
        return {"type": "story", "id": self.id, "documents": list(self.documents),
                "original_document": self.original, "original_outlet": self.original_outlet,
                "why": self.why,
                "links": [{"a": p.a, "b": p.b, "score": round(p.score, 4),
                           "rule": p.evidence.get("rule", "machine")} for p in self.links]}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Story:
        links = tuple(PairScore(link["a"], link["b"], link["score"], True,
                                {"rule": link.get("rule", "machine")})
                      for link in data.get("links") or ())
        return cls(data["id"], tuple(data["documents"]), data.get("original_document"),
                   data.get("original_outlet"), data.get("why", ""), links, **_judged(data))


@dataclass(frozen=True)
class Incident:
    """One happening and every event record that reports it, with its independent sources."""

    id: str  # stable: stable_id("inc", smallest event id)
    events: tuple[str, ...]  # event ids, sorted
    category: str
    location: dict[str, Any] | None  # the most precise location among its events
    date: dict[str, Any] | None  # the most precise date value among them
    stories: tuple[str, ...]  # story ids, sorted
    independent_sources: int  # distinct originals: stories, or named original outlets
    why: str  # which compatibilities (and which analysts' judgements) joined them
    review: Review | None = None
    edits: tuple[FieldEdit, ...] = ()

    def as_record(self) -> dict[str, Any]:
        return {"type": "incident", "id": self.id, "events": list(self.events),
                "category": self.category, "location": self.location, "date": self.date,
                "independent_sources": self.independent_sources, "stories": list(self.stories),
                "why": self.why}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Incident:
        return cls(data["id"], tuple(data["events"]), data["category"], data.get("location"),
                   data.get("date"), tuple(data.get("stories") or ()),
                   int(data.get("independent_sources") or 0), data.get("why", ""),
                   **_judged(data))


@dataclass(frozen=True)
class Contradiction:
    """Reports that disagree on one field, with each value, its words and its document."""

    id: str  # stable_id("con", field, sorted event ids...)
    field: str  # one of docket.link.contradictions.FIELDS, or "figure"
    documents: tuple[str, ...]
    events: tuple[str, ...]
    values: tuple[Any, ...]  # one per event, in event order
    evidence: tuple[dict[str, Any], ...]  # {document, start, end, text} behind each value
    scope: ContradictionScope  # copies of one report disagree, or reports of one incident
    why: str
    rule: str = ""  # the test that found the disagreement
    review: Review | None = None
    edits: tuple[FieldEdit, ...] = ()

    def as_record(self) -> dict[str, Any]:
        return {"type": "contradiction", "id": self.id, "field": self.field,
                "scope": self.scope, "documents": list(self.documents),
                "events": list(self.events), "values": list(self.values),
                "evidence": list(self.evidence), "why": self.why, "rule": self.rule}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Contradiction:
        return cls(data["id"], data["field"], tuple(data.get("documents") or ()),
                   tuple(data.get("events") or ()), tuple(data.get("values") or ()),
                   tuple(data.get("evidence") or ()), data["scope"], data.get("why", ""),
                   data.get("rule", ""), **_judged(data))


def judged_export(record: Story | Incident | Contradiction) -> dict[str, Any]:
    """A link record as the export contract writes it: its fields (edits applied), then the
    analysts' edits and latest review, as `Ledger.story_records` and the others give them."""
    return record.as_record() | {
        "edits": [dataclasses.asdict(e) for e in record.edits],
        "review": dataclasses.asdict(record.review) if record.review else None}
