"""Attributed statements: who says what, through which cue, as the text attributes it.

`find_claims` reads one document's spaCy parse and entity mentions and returns `Claim` records
of four kinds, each found by rules over the dependency parse and small lexicons (no training):

- `direct_quote`: words between quotation marks (straight, curly, « », „ “), a quote that runs
  over several paragraphs (newswire style: an unclosed paragraph followed by one that reopens),
  and its speaker found through the cue verb next to it ('"...," he said', '"...," said X',
  'X said: "..."', and the vox-pop layout 'Name ― "..."' / '"..." ― Name' on one line); a quote
  that closes its sentence does not take the cue of a new statement after it ('"... ." X said
  the road was mined'); a quote with no cue nearby inherits the speaker of the previous quote in its
  paragraph, or has no source at all (its rule says so). A quote right after a clause
  ending in a colon takes that clause's verb as its cue ('X released the following
  statement: "..."'); a quote inside a naming verb's object ('called the plan "a disgrace"')
  belongs to that verb's reported-speech claim;
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

The speaker (`source`) is resolved to the entity mention that covers its head word, a pronoun to
the nearest preceding person (or organization for 'it'/'they'), a news outlet to kind "outlet",
and any other unnamed speaker ('officials', 'a witness') to kind "participant" with no entity;
'it was reported that ...' has no speaker. A content stops before a second statement verb
coordinated with it ('says he respects her and calls her ...': two claims).
Every claim's `rule` names the pattern and the resolution that produced it.

Cost is linear in the text: each token is looked at a bounded number of times, and quote
scanning gives up on an opening mark that finds no close within a bounded stretch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from docket.model import Claim, Mention, TextSpan, stable_id

# Verbs that attribute a statement or an internal state (believe, hope, fear ...) to someone.
# Attribution studies (PARC, PolNeAR) annotate both; the list is their common cue vocabulary.
SPEECH_CUES = frozenset([
    "say", "tell", "state", "report", "announce", "add", "note", "explain", "write", "tweet",
    "post", "publish", "comment", "remark", "reply", "respond", "answer", "ask", "recall",
    "mention", "observe", "declare", "proclaim", "stress", "emphasize", "emphasise",
    "reiterate", "repeat", "indicate", "reveal", "disclose", "confirm", "acknowledge", "admit",
    "concede", "confess", "warn", "caution", "predict", "forecast", "estimate", "project",
    "promise", "pledge", "vow", "threaten", "urge", "advise", "recommend", "propose", "demand",
    "suggest", "hint", "imply", "argue", "contend", "maintain", "assert", "insist", "claim",
    "allege", "accuse", "charge", "deny", "dispute", "counter", "retort", "object", "protest",
    "complain", "lament", "boast", "joke", "quip", "testify", "swear", "certify", "assure",
    "reassure", "inform", "notify", "brief", "clarify", "conclude", "find", "show", "signal",
    "learn", "hear", "read", "rule", "agree", "disagree", "describe", "cite", "point", "blog",
    "broadcast"])
COGNITION_CUES = frozenset([
    "believe", "think", "feel", "hope", "want", "wish", "fear", "expect", "worry", "suspect",
    "assume", "presume", "suppose", "reckon", "consider", "figure", "imagine", "intend", "plan",
    "prefer", "doubt", "decide", "determine", "realize", "realise", "recognize", "recognise",
    "remember", "forget", "know", "understand", "anticipate", "foresee", "envision", "trust",
    "bet", "guess", "wonder", "speculate", "seem", "appear"])
CUE_LEMMAS = SPEECH_CUES | COGNITION_CUES
# Verbs whose infinitive complement is the content ('X wants to ...', 'X vowed to ...').
XCOMP_CUES = frozenset([
    "want", "hope", "plan", "intend", "expect", "vow", "pledge", "promise", "threaten",
    "decide", "refuse", "agree", "wish", "prefer", "aim", "seek", "urge", "encourage", "ask",
    "order", "instruct", "advise", "call"])
# Statement verbs whose noun object is what was said ('cited the figures', 'denied the
# report'); only used when the verb has no clausal complement.
OBJECT_CUES = frozenset([
    "cite", "mention", "question", "report", "criticize", "criticise", "describe", "call", "deny",
    "announce", "defend", "praise", "condemn", "blast", "attack", "accuse", "reject", "dispute",
    "endorse", "tout", "echo", "repeat", "acknowledge", "propose", "demand", "promise",
    "predict", "dismiss", "slam", "denounce", "applaud", "welcome", "hail", "blame", "laud",
    "decry", "challenge", "recommend", "reiterate", "rule", "label", "dub", "brand", "show",
    "highlight", "outline", "detail", "invoke", "reference", "liken", "mock", "ridicule",
    "thank", "congratulate", "claim", "note", "downplay", "disavow", "concede", "tweet"])
# Stance verbs: their object is what someone supports or opposes, an internal state that
# attribution studies annotate like speech; only taken with a speaker ('Polls show' has one).
STANCE_CUES = frozenset([
    "support", "back", "oppose", "favor", "favour", "prefer", "champion", "discuss", "express",
    "voice", "view", "despise", "like", "love", "hate", "dislike", "admire", "distrust"])
OBJECT_CUES = OBJECT_CUES | STANCE_CUES
# Verbs that introduce a quote only when one stands next to them ('"...," he continued');
# elsewhere they are not statements ('the fighting continued').
QUOTE_ONLY_CUES = frozenset([
    "continue", "go", "begin", "shout", "yell", "scream", "chant", "cry", "exclaim", "plead",
    "sing", "muse", "quote", "put", "interject", "interrupt", "snap", "laugh", "sigh"])
# Adjectives and nouns that, after 'be', state a stance: 'was critical of', 'is sure that',
# 'is a staunch opponent of'. The preposition or 'that' clause after them is the content.
STANCE_PREDICATES = frozenset([
    "critical", "sure", "certain", "confident", "convinced", "concerned", "worried", "aware",
    "skeptical", "sceptical", "supportive", "opposed", "hopeful", "optimistic", "pessimistic",
    "afraid", "fearful", "proud", "angry", "upset", "furious", "unhappy", "happy", "glad",
    "pleased", "disappointed", "frustrated", "adamant", "emphatic", "dismissive",
    "suspicious", "wary", "doubtful", "unaware", "eager", "keen", "determined", "satisfied",
    "opponent", "supporter", "critic", "proponent", "advocate", "defender", "fan", "champion",
    "backer", "skeptic", "sceptic"])
STANCE_PREPS = frozenset(["of", "about", "over", "that", "on", "with", "toward", "towards",
                          "against", "for", "in"])
# Nouns whose 'that' clause or prepositional object is someone's statement or belief:
# 'his claim that ...', 'concerns that ...', 'criticism of ...', 'her support for ...'.
NOUN_CUES = frozenset([
    "claim", "allegation", "accusation", "assertion", "statement", "announcement", "comment",
    "remark", "view", "belief", "opinion", "concern", "fear", "hope", "warning", "promise",
    "pledge", "vow", "threat", "call", "demand", "criticism", "critique", "praise",
    "condemnation", "denial", "insistence", "argument", "assessment", "estimate",
    "prediction", "suggestion", "proposal", "assurance", "admission", "acknowledgement",
    "acknowledgment", "confirmation", "report", "support", "opposition", "endorsement",
    "complaint", "doubt", "suspicion", "expectation", "conviction", "assumption",
    "contention", "charge", "recommendation", "request", "plea", "appeal", "thought",
    "idea", "worry", "skepticism", "frustration", "defense", "defence", "attack", "swipe",
    "mention", "message", "backlash"])
NOUN_CUE_PREPS = frozenset(["of", "about", "over", "on", "for", "against", "that", "to"])
# Verbs that make a cue noun their speaker's act: 'expressed concern that', 'voiced support'.
LIGHT_VERBS = frozenset([
    "express", "voice", "raise", "make", "issue", "offer", "share", "reiterate", "repeat",
    "have", "hold", "renew", "deliver", "level", "lodge", "file", "air", "register",
    "dismiss", "reject", "deny", "stand", "deliver", "take", "launch", "unleash", "avoid"])
# A statement verb and the preposition that introduces what was said ('called for talks').
PREP_CUES = frozenset({
    ("call", "for"), ("ask", "for"), ("push", "for"), ("argue", "for"), ("speak", "of"),
    ("speak", "about"), ("talk", "about"), ("complain", "about"), ("warn", "of"),
    ("warn", "about"), ("write", "about"), ("point", "to"), ("boast", "about"),
    ("comment", "on"), ("testify", "about"), ("insist", "on"), ("vote", "for"),
    ("worry", "about"), ("hint", "at"), ("joke", "about"), ("brag", "about"),
    ("vote", "against"), ("argue", "against"), ("warn", "against"), ("speak", "against"),
    ("rail", "against"), ("campaign", "against"), ("campaign", "for"), ("lobby", "for"),
    ("advocate", "for"), ("plead", "for"), ("pray", "for"), ("vouch", "for"),
    ("apologize", "for"), ("apologise", "for"), ("blame", "for"), ("criticize", "for"),
    ("criticise", "for"), ("praise", "for"), ("thank", "for"), ("fault", "for"),
    ("focus", "on"), ("concentrate", "on"), ("dwell", "on"), ("elaborate", "on"),
    ("expand", "on"), ("reflect", "on"), ("touch", "on"), ("weigh", "on"),
    ("refer", "to"), ("allude", "to"), ("respond", "to"), ("reply", "to"), ("object", "to"),
    ("attest", "to"), ("testify", "to"), ("think", "about"), ("think", "of"), ("ask", "about"),
    ("care", "about"), ("speak", "on"), ("lash", "at"), ("agree", "with"),
    ("disagree", "with"), ("side", "with"), ("sympathize", "with"), ("dream", "of"),
    ("approve", "of"), ("disapprove", "of"), ("hear", "about"), ("hear", "of"),
    ("learn", "about"), ("learn", "of"), ("know", "about"), ("read", "about"),
    ("tweet", "about"), ("post", "about"), ("write", "of"), ("remind", "of"),
})
ALL_CUES = CUE_LEMMAS | XCOMP_CUES | OBJECT_CUES | {verb for verb, _ in PREP_CUES}
# Cues that put the statement as a charge rather than a neutral report.
ALLEGING_CUES = frozenset([
    "claim", "allege", "accuse", "insist", "purport", "contend", "charge", "assert"])
MODALS = frozenset(["might", "would", "could", "may", "should", "must", "can"])
CONDITIONAL_MARKS = frozenset(["if", "unless", "whether"])
NEGATIONS = frozenset(["not", "n't", "never", "no"])

# News outlets and agencies: a speaker named so is the press, not a party to events.
OUTLETS = frozenset(name.casefold() for name in """
Reuters|AP|Associated Press|AFP|Agence France-Presse|CNN|BBC|TASS|RIA Novosti|RIA|Interfax|
Interfax-Ukraine|Ukrinform|UNIAN|Ukrainska Pravda|Kyiv Independent|Kyiv Post|New York Times|
Washington Post|Wall Street Journal|Financial Times|The Guardian|Guardian|Al Jazeera|
Bloomberg|NPR|Fox News|NBC|NBC News|ABC|ABC News|CBS|CBS News|Politico|Axios|Deutsche Welle|
DW|Radio Liberty|Radio Free Europe|RFE/RL|Hromadske|Suspilne|Meduza|Novaya Gazeta|Kommersant|
RT|Zvezda|RBC|Izvestia|Le Monde|Der Spiegel|Spiegel|The Economist|Euronews|Sky News|ITV|
the newspaper|the agency|the news agency|the outlet|the broadcaster|the channel|the paper|
the website|the magazine|state media|state television|state TV|local media|media|the daily
""".replace("\n", "").split("|"))
OUTLET_PATTERN = "|".join(sorted((re.escape(o) for o in OUTLETS if not o.startswith("the ")),
                                 key=len, reverse=True))

# Head nouns that make a speaker the press: 'the state news agency', 'a local newspaper'.
OUTLET_NOUNS = frozenset(
    ["newspaper", "agency", "outlet", "broadcaster", "channel", "website", "magazine", "daily",
     "tabloid"])
RESOLVABLE_KINDS = frozenset(
    {"person", "organization", "military_unit", "unnamed_person", "place"})
# Heads that speak for their possessor: "the ministry's press service" speaks for the ministry,
# "the mayor's doctor" does not speak for the mayor.
VOICE_NOUNS = frozenset([
    "service", "office", "spokesman", "spokeswoman", "spokesperson",
    "representative", "campaign", "team", "staff", "headquarters", "command", "administration",
    "government", "ministry", "account", "channel", "statement", "press", "lawyer", "attorney"])
RELATIVE_PRONOUNS = frozenset(["who", "which", "that"])
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
GROUP_PRONOUNS = frozenset(["it", "they", "them"])
FIRST_PERSON = frozenset(["i", "we", "me", "us"])
# Pronoun objects that still say what was said ('did not mention any of them'), unlike 'it'.
QUANTIFIER_PRONOUNS = frozenset(["any", "all", "some", "none", "both", "each", "either",
                                 "neither", "nothing", "something", "everything", "anything"])

# Verbs a cue hangs on as an infinitive, read with it: 'appeared to suggest', 'went on to say'.
LEADING_VERBS = frozenset([
    "appear", "seem", "go", "continue", "try", "begin", "start", "decide", "refuse", "fail",
    "attempt", "proceed", "hasten", "rush", "move", "resist", "stop"])
# The occasion of a statement, read with the cue when it follows the verb ('said in an
# interview').
OCCASION_NOUNS = frozenset(["interview"])

# Quotation marks: opening mark -> the marks that can close it.
QUOTE_PAIRS = {'"': '"', "“": "”\"", "«": "»", "„": "“”", "»": "«"}
MAX_QUOTE_CHARS = 6000  # an opening mark with no close within this is not a quote
MIN_QUOTE_WORDS = 4  # shorter quoted words are scare quotes or titles unless a cue is next
EDGE_MARKS = "\"“”„«»‘’'.,;:!? "  # stripped from a quote's edges when comparing spans
MAX_GAP_WORDS = 8  # quotes this close in a paragraph, with no cue between, are one statement


@dataclass(frozen=True)
class Speaker:
    """A claim's speaker as resolved: words, entity, kind, and how it was resolved."""

    span: TextSpan | None
    entity: str | None
    kind: str | None
    how: str


NO_SPEAKER = Speaker(None, None, None, "no speaker found")
IMPERSONAL = Speaker(None, None, None, "impersonal passive ('it was reported that'), no speaker")


def find_claims(text: str, parsed: Any, mentions: Sequence[Mention],
                doc_id: str) -> tuple[Claim, ...]:
    """Every attributed statement in `text`, sorted by content start (see module docstring)."""
    if not text.strip() or parsed is None or len(parsed) == 0:
        return ()
    resolver = SpeakerResolver(text, mentions)
    quotes = list(_quote_claims(text, parsed, resolver, doc_id))
    reported = list(_reported_claims(text, parsed, resolver, doc_id))
    quotes, reported = _settle_quotes(quotes, reported)
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
    found = [c for c in found if not _cue_inside_quote(c, quotes)]
    unique: dict[str, Claim] = {}
    for claim in found:  # a content span is claimed once; the more specific kind came first
        unique.setdefault(claim.id, claim)
    return tuple(sorted(unique.values(), key=lambda c: (c.content.start, c.content.end, c.kind)))


def _settle_quotes(quotes: list[Claim], reported: list[Claim]) -> tuple[list[Claim], list[Claim]]:
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


def _cue_inside_quote(claim: Claim, quotes: Sequence[Claim]) -> bool:
    """A cue within someone's quoted words ('"I think we will win," she said') is theirs."""
    if claim.kind == "direct_quote" or claim.cue is None:
        return False
    return any(q.content.start < claim.cue.start < q.content.end for q in quotes)


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


# Lemmas the small English model gets wrong for cue verbs ('hoped' -> 'hop').
LEMMA_FIXES = {("hop", "hope"): "hope", ("hop", "hopi"): "hope"}


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
            and _second_statement(host.head, verb)
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


def modality_of(verb: Any, avoid: tuple[int, int] = (0, 0)) -> tuple[str, str]:
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
               speaker: Speaker, rule: str, modality: str = "reported",
               via: TextSpan | None = None) -> Claim:
    return Claim(id=stable_id("clm", doc_id, str(content.start), str(content.end)), kind=kind,
                 content=content, cue=cue, source=speaker.span, source_entity=speaker.entity,
                 source_kind=speaker.kind, via=via, modality=modality,
                 rule=f"{rule}; speaker: {speaker.how}")


# ---------------------------------------------------------------- direct quotes

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


def _quote_claims(text: str, parsed: Any, resolver: SpeakerResolver,
                  doc_id: str) -> list[Claim]:
    """A claim per quote; quotes of one speaker in one paragraph are joined into one claim.

    '"We held," he said. "We will hold."' is one statement interrupted by its attribution, so
    the claim's content runs from the first quote to the last; a quote with no cue of its own
    that follows a quote with a speaker in the same paragraph continues that speaker.
    """
    claims: list[Claim] = []
    last: tuple[int, Claim] | None = None  # paragraph start, claim with a speaker
    for qs, qe in find_quotes(text):
        inner = span_of(text, qs + 1, qe - 1)
        if inner is None:
            continue
        content = TextSpan(qs, qe, text[qs:qe])
        paragraph = text.rfind("\n", 0, qs)
        verb = _quote_cue(parsed, qs, qe)
        byline = _name_beside_quote(text, parsed, qs, qe) if verb is None else None
        if byline is not None:
            name, mark, where = byline
            speaker = resolver.resolve(name.root, token_span(text, list(name)))
            claim = make_claim(doc_id, "direct_quote", content, mark, speaker,
                               f"direct quote with its speaker's name {where} a dash")
            claims.append(claim)
            last = (paragraph, claim)
            continue
        lead = _colon_lead(text, parsed, qs) if verb is None and byline is None else None
        if lead is not None:
            lead_verb, lead_cue = lead
            speaker, _ = speaker_of(text, lead_verb, resolver, (qs, qe))
            if speaker.span is not None:
                modality, why = modality_of(lead_verb, (qs, qe))
                claim = make_claim(doc_id, "direct_quote", content, lead_cue, speaker,
                                   f"direct quote after a colon, led by '{lead_verb.text}' "
                                   f"({why})", modality, via_of(text, lead_verb))
                claims.append(claim)
                last = (paragraph, claim)
                continue
        if verb is None:
            # '"We held," he said, "all night."': a short piece after the cue still continues.
            split = (last is not None and last[0] == paragraph and last[1].cue is not None
                     and last[1].content.end <= last[1].cue.start and last[1].cue.end <= qs
                     and len(text[last[1].content.end:qs].split()) <= MAX_GAP_WORDS)
            if not _sentence_like(inner.text) and not split:
                continue  # a scare quote or a title, not someone's statement
            if (last is not None and last[0] == paragraph
                    and len(text[last[1].content.end:qs].split()) <= MAX_GAP_WORDS):
                prev = last[1]
                joined = TextSpan(prev.content.start, qe, text[prev.content.start:qe])
                merged = replace(prev, content=joined, id=stable_id(
                    "clm", doc_id, str(joined.start), str(joined.end)),
                    rule=prev.rule + "; joined with the next quote of the paragraph")
                claims[claims.index(prev)] = merged
                last = (paragraph, merged)
                continue
            opens_paragraph = not text[paragraph + 1:qs].strip()
            if last is not None and (last[0] == paragraph or opens_paragraph
                                     and last[0] == _previous_paragraph(text, paragraph)):
                # Newswire style: a speaker's quotes run on without repeating 'he said'.
                prev = last[1]
                claims.append(make_claim(
                    doc_id, "direct_quote", content, prev.cue,
                    Speaker(prev.source, prev.source_entity, prev.source_kind,
                            "speaker of the quote before it"),
                    "direct quote: continues the previous quote's speaker", prev.modality))
                continue
            claims.append(make_claim(doc_id, "direct_quote", content, None, NO_SPEAKER,
                                     "direct quote: no speaker found"))
            continue
        speaker, _ = speaker_of(text, verb, resolver, (qs, qe))
        if speaker.span is None and verb.idx >= qe:
            speaker = _speaker_between(text, parsed, qe, verb, resolver)
        cue = token_span(text, cue_tokens(verb))
        if (last is not None and last[0] == paragraph and last[1].cue == cue):
            prev = last[1]  # two quotes around one cue: '"A," he said, "B."'
            joined = TextSpan(prev.content.start, qe, text[prev.content.start:qe])
            merged = replace(prev, content=joined, id=stable_id(
                "clm", doc_id, str(joined.start), str(joined.end)))
            claims[claims.index(prev)] = merged
            last = (paragraph, merged)
            continue
        modality, why = modality_of(verb, (qs, qe))
        claim = make_claim(doc_id, "direct_quote", content, cue, speaker,
                           f"direct quote with cue '{verb.text}' ({why})", modality,
                           via_of(text, verb))
        claims.append(claim)
        last = (paragraph, claim) if speaker.span is not None else None
    return claims


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


# Words between a lead verb and its colon that still belong to the cue: its object and the
# object's modifiers ('released the following statement:', 'posted a message:').
LEAD_OBJECT_DEPS = frozenset(["dobj", "det", "amod", "compound", "prt", "poss", "nummod"])


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
    stops += [c.left_edge.idx for c in child.children if _second_statement(verb, c)]
    span = span_of(text, start, min([end, *stops]))
    if span is not None and span.text[-1] in ".!?" and len(span.text) > 1:
        span = span_of(text, span.start, span.end - 1)
    if span is not None and stops:
        # The conjunction before a cut-off second statement is not part of the first.
        bare = re.sub(r"[\s,;]+(?:and|but|or|while)$", "", span.text)
        span = span_of(text, span.start, span.start + len(bare))
    return span


def _finite_tag(verb: Any) -> str:
    """The tense tag of the verb's clause: its first auxiliary's, else its own."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i),
               None)
    return (aux if aux is not None else verb).tag_


def _second_statement(cue: Any, conj: Any) -> bool:
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


def _complement(text: str, verb: Any) -> tuple[TextSpan, str, tuple[Any, ...]] | None:
    """The cue's content: its clausal complement, or its host clause when it is parenthetical.

    The third value holds words that belong to the cue beyond the verb and its auxiliaries:
    the preposition of 'called for', which attribution corpora count as part of the cue.
    """
    for child in verb.children:
        if (child.dep_ == "ccomp" and child.i < verb.i and verb.sent.start <= child.i
                and not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)):
            # A complement after the cue wins: one before it is then a misparsed clause of
            # the speaker's description ('X, who ..., said Y').
            # '..., officials said.': everything before the cue and its subject, so a
            # complement the parser split into conjuncts is still whole.
            subj = subject_of(verb)
            hi = verb.idx if subj is None or subj.i > verb.i else min(verb.idx,
                                                                       subj.left_edge.idx)
            span = span_of(text, min(verb.sent.start_char, child.left_edge.idx), hi)
            if span is not None and len(span.text.split()) >= 2:
                return span, "preceding complement", ()
        if child.dep_ == "ccomp" or child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            span = subtree_span(text, child)
            if span is not None and child.i > verb.i:
                span = _run_on(text, verb, child, span.start)
            if span is not None and len(span.text.split()) >= 2:
                return span, "clausal complement", ()
        if child.dep_ == "xcomp" and lemma_of(verb) in XCOMP_CUES and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
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
    lemma = lemma_of(verb)
    for child in verb.children:
        mark = next((c for c in child.children if c.dep_ == "mark" and c.lower_ == "for"), None)
        if (child.dep_ == "advcl" and child.i > verb.i and mark is not None
                and (lemma, "for") in PREP_CUES):
            # 'called for the mayor to resign': the parser reads 'for' as a clause's mark.
            span = subtree_span(text, child, exclude=[mark])
            if span is not None:
                return span, f"'{lemma} for' with its clause", (mark,)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    predicate = obj is not None and any(c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > obj.i
                                        for c in verb.children)
    if lemma in OBJECT_CUES and obj is not None and (
            obj.pos_ != "PRON" or predicate or obj.lower_ in QUANTIFIER_PRONOUNS):
        # 'cited the figures', 'called the plan a failure', 'accused them of lying'
        parts = [obj] + [c for c in verb.children if c.i > obj.i and (
            c.dep_ in ("oprd", "xcomp", "ccomp", "relcl", "acl")
            or c.dep_ == "prep" and c.lower_ in ("of", "as", "for", "over", "to", "about"))]
        last = max(parts, key=lambda t: t.right_edge.i)
        span = span_of(text, obj.left_edge.idx, last.right_edge.idx + len(last.right_edge))
        if span is not None:
            return span, "object of a statement verb", ()
    gerund = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"
                   and c.i == verb.i + 1), None)
    if lemma in OBJECT_CUES and gerund is not None:
        # 'proposed dropping the tax': the gerund clause is what was proposed.
        span = subtree_span(text, gerund)
        if span is not None:
            return span, "gerund object of a statement verb", ()
    for child in verb.children:
        if (child.dep_ == "prep" and (lemma, child.lower_) in PREP_CUES
                and child.i == verb.i + 1 or child.dep_ == "prep" and (lemma, child.lower_)
                in PREP_CUES and all(t.dep_ == "prt" for t in verb.doc[verb.i + 1:child.i])):
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and not _is_when_or_where(pobj):
                span = subtree_span(text, pobj)
                if span is not None:
                    return span, f"'{lemma} {child.lower_}' with its object", (child,)
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        # 'The village, he said, was shelled': the host clause minus the cue's own words.
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

# Line labels that look like a speaker before a colon but are page furniture.
NOT_SPEAKERS = frozenset([
    "source", "sources", "update", "updated", "note", "editor's note", "watch", "video", "photo",
    "photos", "read more", "related", "see also", "exclusive", "breaking", "live", "analysis",
    "opinion", "editorial", "review", "listen", "correction", "transcript", "disclaimer"])
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
