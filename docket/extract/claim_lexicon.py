"""The word lists that claim finding reads: cue verbs, cue nouns, stance words, outlets.

Every rule in claims.py, quotes.py and attribution.py decides by looking words up here, so
the vocabulary a rule reacts to can be read, extended and reviewed in one place, apart from
the parse logic. The lists are hand-written from the cue vocabulary of attribution studies
(PARC, PolNeAR) and from newswire habits; nothing here is learned from a corpus.
"""

from __future__ import annotations

import re

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

# Lemmas the small English model gets wrong for cue verbs ('hoped' -> 'hop').
LEMMA_FIXES = {("hop", "hope"): "hope", ("hop", "hopi"): "hope"}

# Words between a lead verb and its colon that still belong to the cue: its object and the
# object's modifiers ('released the following statement:', 'posted a message:').
LEAD_OBJECT_DEPS = frozenset(["dobj", "det", "amod", "compound", "prt", "poss", "nummod"])

# Line labels that look like a speaker before a colon but are page furniture.
NOT_SPEAKERS = frozenset([
    "source", "sources", "update", "updated", "note", "editor's note", "watch", "video", "photo",
    "photos", "read more", "related", "see also", "exclusive", "breaking", "live", "analysis",
    "opinion", "editorial", "review", "listen", "correction", "transcript", "disclaimer"])
