"""Benchmark: workbench response times on a large ledger, under concurrent load, during an ingest.

    python bench/web_load.py [--docs 100000] [--seconds 30] [--clients 8] [--files 200]
                             [--workdir /tmp/docket-web-load] [--rebuild]

Issue 7 asks that search and incident pages answer in under 200 ms at the 95th percentile on a
ledger of 100,000 documents while an ingest runs. The script:

1. builds a synthetic ledger of `--docs` documents DIRECTLY with SQL (the pipeline would take
   hours): `Ledger.open` creates the current schema, then documents (their FTS rows come from
   the schema's insert trigger), evidence rows, entities, mentions, claims, events, stories,
   incidents and contradictions are bulk-inserted in the record shapes of docs/export.md. The
   text is generated from a small vocabulary and invented names, so nothing comes from a corpus.
   The built ledger is kept in `--workdir` as a template and copied for every run, so repeated
   measurements start from the same state (`--rebuild` makes it again);
2. starts `docket serve` on a free port and `docket ingest` over `--files` generated .txt
   articles into the same ledger (the real pipeline: spaCy, then the cross-document link step);
3. while the ingest runs, `--clients` threads fire requests for `--seconds` at `/search?q=`,
   `/incidents`, `/incidents?category=shelling&min_sources=2`, `/incidents/<random id>` and
   the browse pages (`BROWSE_TARGETS`: documents, entities, events, claims, stories,
   contradictions, plain and filtered);
4. prints requests, median, 95th percentile and max (ms) and errors per page kind, then waits
   for the ingest (up to `--ingest-timeout` seconds) and says how it ended.

The evidence store holds no bytes for the synthetic documents, so their document pages cannot
show raw bytes; the pages measured here never read them. Skips (exit 0) when the `docket`
command or httpx is missing. Needs no corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.extract.taxonomy import CATEGORIES  # noqa: E402
from docket.ledger.store import Ledger  # noqa: E402
from docket.model import stable_id  # noqa: E402
from docket.settings import Settings  # noqa: E402

WORKDIR = Path("/tmp/docket-web-load")
RULE = "bench:web_load"  # every synthetic record says it was made by this script

# -- vocabulary ----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_NOUNS = _words("village bridge school hospital convoy checkpoint depot railway station warehouse "
                "market shelter district border river factory highway tower substation pipeline "
                "harbour airfield trench battalion brigade residents volunteers medics engineers "
                "officials refugees farmers drivers teachers reporters prosecutors investigators "
                "inspectors governor mayor council ministry ceasefire corridor evacuation convoy "
                "generator power water heating supplies ammunition fuel grain field orchard forest "
                "road crossing dam reservoir tunnel quarry mine clinic pharmacy bakery library "
                "museum church cemetery stadium garage apartment building roof basement window")
_VERBS = _words("reported confirmed repaired evacuated inspected described restored documented "
                "recorded surveyed cleared blocked reopened visited examined counted photographed "
                "questioned mapped rebuilt closed guarded supplied")
_ADJECTIVES = _words("northern southern eastern western damaged temporary local regional "
                     "heavy quiet early late central remote small large old new burned flooded "
                     "empty crowded makeshift underground")
_PREPS = _words("near beside behind outside across along around")
_SYLLABLES = _words("ka lo vy ra ne po mi sta dro zel ko bor tu ly ha vin da sel mo yar pe kri "
                    "tar hol vo zan ber")

# Categories the synthetic events use, with weights (shelling dominates, as in the war's news),
# the words that name them, and the ACLED classes from the taxonomy.
_EVENT_KINDS = (("shelling", 30, "shelled"), ("drone_strike", 15, "struck with drones"),
                ("air_strike", 8, "bombed"), ("armed_clash", 12, "fought for"),
                ("attack_on_civilians", 6, "fired on civilians in"),
                ("disrupted_weapons", 8, "shot down drones over"),
                ("abduction", 4, "detained residents of"), ("looting", 3, "looted shops in"),
                ("property_destruction", 4, "burned houses in"))
_SIDES = (("Russia", "Russian forces"), ("Russia", "Russian troops"),
          ("Ukraine", "Ukrainian forces"), ("DPR", "DPR fighters"),
          ("unknown", "Unidentified attackers"))
_VERIFICATION = ("not_stated", "not_stated", "not_stated", "unverified", "confirmed", "denied",
                 "no_response", "disputed")
_MONTHS = _words("January February March April May June July August September October November "
                 "December")


def _pseudo_word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts))


@dataclass
class Vocabulary:
    """Invented places, people, organizations and outlets, plus rare words for the long tail."""

    places: list[tuple[str, str, float, float, str]]  # entity id, name, lat, lon, admin1
    people: list[tuple[str, str]]  # entity id, name
    organizations: list[tuple[str, str]]
    outlets: list[str]
    rare: list[str]

    @classmethod
    def make(cls, rng: random.Random, docs: int) -> Vocabulary:
        regions = [_pseudo_word(rng, 2).capitalize() + " Oblast" for _ in range(20)]
        names: set[str] = set()

        def fresh(make: Any) -> str:
            while True:
                name = str(make())
                if name not in names:
                    names.add(name)
                    return name

        places = []
        for _ in range(max(200, docs // 30)):
            name = fresh(lambda: _pseudo_word(rng, 2).capitalize()
                         + rng.choice(("ivka", "ove", "ske", "yne", "ky")))
            places.append((stable_id("ent", "place", name), name, round(rng.uniform(45, 52), 4),
                           round(rng.uniform(23, 40), 4), rng.choice(regions)))
        people = []
        for _ in range(max(200, docs // 20)):
            name = fresh(lambda: f"{_pseudo_word(rng, 2).capitalize()} "
                                 f"{_pseudo_word(rng, 3).capitalize()}enko")
            people.append((stable_id("ent", "person", name), name))
        organizations = []
        for _ in range(200):
            name = fresh(lambda: f"the {_pseudo_word(rng, 2).capitalize()} "
                                 f"{rng.choice(('Council', 'Brigade', 'Agency', 'Service'))}")
            organizations.append((stable_id("ent", "organization", name), name))
        outlets = [f"{_pseudo_word(rng, 2).capitalize()} "
                   f"{rng.choice(('Herald', 'Courier', 'Post'))}" for _ in range(40)]
        rare = [_pseudo_word(rng, 3) for _ in range(3000)]
        return cls(places, people, organizations, outlets, rare)


# -- synthetic documents --------------------------------------------------------------------------


@dataclass
class _Text:
    """A document's text as it is built, with the spans of what was written into it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def value(self) -> str:
        return "".join(self.parts)


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


@dataclass
class Happening:
    """What several documents may report: one incident's category, place, date and side."""

    category: str
    trigger: str
    place: tuple[str, str, float, float, str]
    day: date
    precision: str
    side: tuple[str, str]
    events: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    fatalities: list[int | None] = field(default_factory=list)


def _date_words(day: date, precision: str) -> tuple[str, str]:
    if precision == "day":
        return f"on {day.day} {_MONTHS[day.month - 1]} {day.year}", day.isoformat()
    return f"in {_MONTHS[day.month - 1]} {day.year}", day.isoformat()[:7]


def _filler(rng: random.Random, vocab: Vocabulary, text: _Text,
            mentions: list[tuple[str, str, int, int, str]]) -> None:
    """A sentence of no event: words from the vocabulary around a place, a rare word or two."""
    place = rng.choice(vocab.places)
    text.add(f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.choice(_PREPS)} ")
    start, end = text.add(place[1])
    mentions.append((place[0], "place", start, end, place[1]))
    words = [rng.choice(_NOUNS) if rng.random() < 0.8 else rng.choice(vocab.rare)
             for _ in range(rng.randint(3, 8))]
    text.add(f" was {rng.choice(_VERBS)} by {' and '.join(words[:2])} after the "
             f"{' '.join(words[2:])}. ")


@dataclass
class Built:
    documents: int = 0
    events: int = 0
    claims: int = 0
    incidents: int = 0
    stories: int = 0
    mentions: int = 0
    contradictions: int = 0


def _document(rng: random.Random, vocab: Vocabulary, n: int, published: date,
              happenings: list[Happening], open_happenings: list[Happening]) -> dict[str, Any]:
    """One synthetic document with its mentions, claims and events (export record shapes)."""
    text = _Text()
    mentions: list[tuple[str, str, int, int, str]] = []
    event_slots = rng.choices((0, 1, 2, 3), (15, 45, 30, 10))[0]
    sentences = rng.randint(7, 14)
    plan = sorted(rng.sample(range(sentences), min(event_slots, sentences)))
    reported: list[tuple[Happening, dict[str, Any], dict[str, Any]]] = []
    for i in range(sentences):
        if i not in plan:
            _filler(rng, vocab, text, mentions)
            continue
        if open_happenings and rng.random() < 0.55:
            hap = rng.choice(open_happenings[-3000:])
        else:
            name, _, trigger = rng.choices(_EVENT_KINDS, [k[1] for k in _EVENT_KINDS])[0]
            hap = Happening(name, trigger, rng.choice(vocab.places),
                            published - timedelta(days=rng.randint(0, 3)),
                            "day" if rng.random() < 0.85 else "month", rng.choice(_SIDES))
            happenings.append(hap)
            open_happenings.append(hap)
        sentence = text.length
        perp = text.add(hap.side[1])
        text.add(" ")
        trig = text.add(hap.trigger)
        text.add(" ")
        place = text.add(hap.place[1])
        mentions.append((hap.place[0], "place", *place, hap.place[1]))
        text.add(" ")
        when_words, when_value = _date_words(hap.day, hap.precision)
        when = text.add(when_words)
        dead = rng.choice((None, None, 0, 1, 2, 3, 5, 8))
        if dead:
            text.add(", killing ")
            count = text.add(f"{dead} civilians")
        else:
            count = None
        content = (perp[0], text.length)
        speaker_id, speaker, kind = (rng.choice(vocab.people) + ("person",)
                                     if rng.random() < 0.7
                                     else rng.choice(vocab.organizations) + ("organization",))
        text.add(", ")
        source = text.add(speaker)
        mentions.append((speaker_id, kind, *source, speaker))
        text.add(" ")
        cue = text.add("said")
        text.add(". ")
        reported.append((hap, {"perp": perp, "trig": trig, "place": place, "when": when,
                               "when_value": when_value, "count": count, "dead": dead,
                               "content": content, "source": source, "cue": cue,
                               "speaker": (speaker_id, kind), "sentence": sentence,
                               "sentence_end": text.length - 1}, {}))
    body = text.value()
    title = (f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)} "
             f"{rng.choice(_VERBS)} in {rng.choice(vocab.places)[1]}")
    sha = hashlib.sha256(f"{n}\n{title}\n{body}".encode()).hexdigest()
    doc_id = stable_id("doc", sha)
    claims, events = [], []
    for hap, s, _ in reported:
        claim_id = stable_id("clm", doc_id, str(s["content"][0]), str(s["content"][1]))
        status = rng.choice(_VERIFICATION)
        verification: dict[str, Any] = {"status": status, "by": None, "by_entity": None,
                                        "how": None, "scope": None, "evidence": [], "rule": RULE}
        claims.append({
            "type": "claim", "id": claim_id, "document": doc_id, "kind": "reported_speech",
            "source": _span(body, *s["source"]), "source_entity": s["speaker"][0],
            "source_kind": s["speaker"][1], "cue": _span(body, *s["cue"]),
            "content": _span(body, *s["content"]), "via": None, "modality": "reported",
            "verification": verification, "rule": RULE})
        cat = CATEGORIES[hap.category]
        event_id = stable_id("evt", doc_id, str(s["trig"][0]), hap.category)
        entity, name, lat, lon, _ = hap.place
        civilians = s["count"] is not None
        events.append({
            "type": "event", "id": event_id, "document": doc_id, "category": hap.category,
            "acled": {"event_type": cat.event_type, "sub_event_type": cat.sub_event_type},
            "ihl": cat.ihl, "aggregate": False, "modality": "reported",
            "trigger": _span(body, *s["trig"]),
            "perpetrator": {"side": hap.side[0], "entity": None, "text": _span(body, *s["perp"]),
                            "status": None, "count": None, "qualifier": None,
                            "count_text": None, "rule": RULE},
            "victims": {"side": "Ukraine" if civilians else "unknown", "entity": None,
                        "text": None, "status": "civilians" if civilians else None,
                        "count": s["dead"] if civilians else None, "qualifier": None,
                        "count_text": _span(body, *s["count"]) if civilians else None,
                        "rule": RULE},
            "fatalities": s["dead"],
            "location": {"entity": entity, "name": name, "text": name, "start": s["place"][0],
                         "end": s["place"][1], "lat": lat, "lon": lon,
                         "precision": "settlement"},
            "date": {"value": s["when_value"], "precision": hap.precision,
                     **_span(body, *s["when"])},
            "claim": claim_id,
            "claimant": {"kind": s["speaker"][1], "entity": s["speaker"][0],
                         "name": body[s["source"][0]:s["source"][1]], "claim": claim_id},
            "verification": verification,
            "evidence": [{"document": doc_id, **_span(body, s["sentence"], s["sentence_end"])}],
            "rule": RULE, "why": f"'{hap.trigger}' names {hap.category} ({RULE})"})
        hap.events.append(event_id)
        hap.documents.append(doc_id)
        hap.fatalities.append(s["dead"])
    return {"id": doc_id, "sha256": sha, "title": title, "text": body, "mentions": mentions,
            "claims": claims, "events": events, "published": published.isoformat(),
            "outlet": rng.choice(vocab.outlets), "path": f"synthetic/{n:06d}.txt"}


def _insert_document(conn: sqlite3.Connection, d: dict[str, Any], now: str) -> int:
    conn.execute(
        "INSERT INTO evidence (sha256, kind, size, content_type, encoding, path, received_at, "
        "tool_version, operator, status) VALUES (?, 'text', ?, 'text/plain', 'utf-8', ?, ?, "
        "'bench', 'bench', 'processed')", (d["sha256"], len(d["text"]), d["path"], now))
    conn.execute(
        "INSERT INTO document (id, sha256, path, format, encoding, encoding_method, title, "
        "outlet, published_value, published_precision, published_origin, language, "
        "language_score, analysed, full_text, text, removed, source_map, notes, "
        "pipeline_version, processed_at) VALUES (?,?,?, 'text', 'utf-8', 'bench', ?,?,?, 'day',"
        " 'bench', 'en', 1.0, 1, ?, ?, '[]', '[]', '[]', 'bench', ?)",
        (d["id"], d["sha256"], d["path"], d["title"], d["outlet"], d["published"], d["text"],
         d["text"], now))
    conn.executemany(
        "INSERT OR REPLACE INTO mention (id, document_id, entity_id, kind, key, start, end, "
        "text, name, rule, resolution, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(stable_id("men", d["id"], str(s), str(e), kind), d["id"], ent, kind, name, s, e, name,
          name, RULE, RULE, '{"precision": "settlement"}' if kind == "place" else "{}")
         for ent, kind, s, e, name in d["mentions"]])
    conn.executemany(
        "INSERT INTO claim (id, document_id, start, end, kind, source_entity, modality, "
        "verification, record) VALUES (?,?,?,?,?,?,?,?,?)",
        [(c["id"], d["id"], c["content"]["start"], c["content"]["end"], c["kind"],
          c["source_entity"], c["modality"], c["verification"]["status"], json.dumps(c))
         for c in d["claims"]])
    conn.executemany(
        "INSERT INTO event (id, document_id, start, end, category, sub_event_type, "
        "perpetrator_side, victims_side, event_date, place_entity, aggregate, modality, "
        "verification, claim_id, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(e["id"], d["id"], e["trigger"]["start"], e["trigger"]["end"], e["category"],
          e["acled"]["sub_event_type"], e["perpetrator"]["side"], e["victims"]["side"],
          e["date"]["value"], e["location"]["entity"], 0, e["modality"],
          e["verification"]["status"], e["claim"], json.dumps(e)) for e in d["events"]])
    return len(d["mentions"])


def build_ledger(db: Path, docs: int, seed: int = 7) -> tuple[Built, Vocabulary]:
    """A ledger of `docs` synthetic documents and everything derived from them, by SQL."""
    rng = random.Random(seed)
    vocab = Vocabulary.make(rng, docs)
    Ledger.open(Settings.load(db=db, operator="bench")).close()  # the current schema
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-500000")
    now = "2025-01-01T00:00:00.000000Z"
    built = Built()
    happenings: list[Happening] = []
    open_happenings: list[Happening] = []
    story_of: dict[str, str] = {}
    story_docs: dict[str, list[str]] = {}
    recent: list[str] = []
    day, first = date(2022, 2, 24), date(2022, 2, 24)
    conn.execute("BEGIN")
    for n in range(docs):
        # Dates advance with the documents, so co-reports of a happening are days apart.
        day = first + timedelta(days=int(n * 1040 / max(docs, 1)))
        doc = _document(rng, vocab, n, day, happenings, open_happenings)
        built.mentions += _insert_document(conn, doc, now)
        built.documents += 1
        built.claims += len(doc["claims"])
        built.events += len(doc["events"])
        # About one document in eight is a copy of a recent one: same story.
        story = (story_of[rng.choice(recent)] if recent and rng.random() < 0.12
                 else stable_id("sty", doc["id"]))
        story_of[doc["id"]] = story
        story_docs.setdefault(story, []).append(doc["id"])
        recent = (recent + [doc["id"]])[-50:]
        if len(open_happenings) > 6000:
            del open_happenings[:3000]
    for place_id, name, lat, lon, admin1 in vocab.places:
        conn.execute("INSERT INTO entity (id, kind, key, name, attributes) VALUES "
                     "(?, 'place', ?, ?, ?)", (place_id, name, name, json.dumps(
                         {"lat": lat, "lon": lon, "country": "UA", "admin1": admin1,
                          "admin2": None, "gazetteer_id": None, "feature_kind": "village"})))
    for kind, rows in (("person", vocab.people), ("organization", vocab.organizations)):
        conn.executemany("INSERT INTO entity (id, kind, key, name, attributes) VALUES "
                         "(?, ?, ?, ?, '{}')", [(i, kind, name, name) for i, name in rows])
    _insert_stories(conn, story_docs)
    built.stories = len(story_docs)
    built.incidents, built.contradictions = _insert_incidents(conn, rng, happenings, story_of)
    _insert_judgements(conn, rng, happenings)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return built, vocab


def _insert_stories(conn: sqlite3.Connection, story_docs: dict[str, list[str]]) -> None:
    for story, members in story_docs.items():
        record = {"type": "story", "id": story, "documents": sorted(members),
                  "original_document": members[0], "original_outlet": None,
                  "why": f"{len(members)} document(s) ({RULE})", "links": []}
        conn.execute("INSERT INTO story (id, original_document, original_outlet, record) "
                     "VALUES (?,?,?,?)", (story, members[0], None, json.dumps(record)))
        conn.executemany("INSERT INTO story_member (document_id, story_id) VALUES (?,?)",
                         [(d, story) for d in members])


def _insert_incidents(conn: sqlite3.Connection, rng: random.Random,
                      happenings: list[Happening], story_of: dict[str, str]) -> tuple[int, int]:
    incidents = contradictions = 0
    for hap in happenings:
        if not hap.events:
            continue
        events = sorted(hap.events)
        inc_id = stable_id("inc", events[0])
        stories = sorted({story_of[d] for d in hap.documents})
        entity, name, lat, lon, _ = hap.place
        value = hap.day.isoformat() if hap.precision == "day" else hap.day.isoformat()[:7]
        record = {"type": "incident", "id": inc_id, "events": events, "category": hap.category,
                  "location": {"entity": entity, "name": name, "lat": lat, "lon": lon,
                               "precision": "settlement"},
                  "date": {"value": value, "precision": hap.precision},
                  "independent_sources": len(stories), "stories": stories,
                  "why": f"same category, place and date ({RULE})"}
        conn.execute("INSERT INTO incident (id, category, independent_sources, record) "
                     "VALUES (?,?,?,?)", (inc_id, hap.category, len(stories), json.dumps(record)))
        conn.executemany("INSERT INTO incident_member (event_id, incident_id, document_id) "
                         "SELECT id, ?, document_id FROM event WHERE id = ?",
                         [(inc_id, e) for e in events])
        incidents += 1
        counts = {c for c in hap.fatalities if c is not None}
        if len(counts) > 1 and rng.random() < 0.5:
            pair = [i for i, c in enumerate(hap.fatalities) if c is not None][:2]
            ids = [hap.events[i] for i in pair]
            con = {"type": "contradiction", "id": stable_id("con", "fatalities", *ids),
                   "field": "fatalities", "scope": "incident",
                   "documents": [hap.documents[i] for i in pair], "events": ids,
                   "values": [{"count": hap.fatalities[i], "qualifier": None} for i in pair],
                   "evidence": [], "why": "the reports give different death tolls",
                   "rule": RULE}
            conn.execute("INSERT OR IGNORE INTO contradiction (id, field, scope, record) "
                         "VALUES (?,?,?,?)", (con["id"], "fatalities", "incident",
                                              json.dumps(con)))
            contradictions += 1
    return incidents, contradictions


def _insert_judgements(conn: sqlite3.Connection, rng: random.Random,
                       happenings: list[Happening]) -> None:
    # Analysts' reviews: pages attach the latest one to each record they show.
    for n, hap in enumerate(rng.sample(happenings, min(500, len(happenings)))):
        if not hap.events:
            continue
        kind = rng.choice(("confirm", "confirm", "reject"))
        subject = hap.events[0]
        conn.execute("INSERT INTO judgement (id, kind, subject, by, why, at) VALUES "
                     "(?,?,?,?,?,?)", (stable_id("jdg", kind, subject, str(n)), kind, subject,
                                       "analyst", RULE, f"2025-01-01T00:00:{n % 60:02d}Z"))


# -- the ingest that runs during the load ---------------------------------------------------------

# Real gazetteer places, so the ingest's pipeline resolves them (the text itself is invented).
_INGEST_PLACES = ("Kharkiv", "Kramatorsk", "Bakhmut", "Kherson", "Zaporizhzhia", "Sumy",
                  "Chernihiv", "Mykolaiv", "Odesa", "Dnipro", "Izium", "Kupiansk")


def write_ingest_folder(folder: Path, files: int, seed: int = 11) -> None:
    """Short invented news articles as .txt files, each a new document for the ingest."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        place = rng.choice(_INGEST_PLACES)
        day = date(2024, 1, 1) + timedelta(days=rng.randint(0, 300))
        lines = [f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)} hit in {place}",
                 f"Published {day.day} {_MONTHS[day.month - 1]} {day.year}", ""]
        for _ in range(rng.randint(4, 9)):
            side = rng.choice(_SIDES)[1]
            _, _, trigger = rng.choice(_EVENT_KINDS)
            lines.append(f"{side} {trigger} {place} on {day.day} {_MONTHS[day.month - 1]}, "
                         f"the regional governor said. The {rng.choice(_NOUNS)} "
                         f"{rng.choice(_PREPS)} the {rng.choice(_NOUNS)} was "
                         f"{rng.choice(_VERBS)} by {rng.choice(_NOUNS)} (item {n}).")
        (folder / f"article_{n:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- load -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(base + "/incidents?limit=1", timeout=30).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


@dataclass(frozen=True)
class Sample:
    kind: str
    ms: float
    status: int


# The browse pages (issue 19): each list as it opens, and filtered and sorted as an analyst
# would (a facet, another column, a later page).
BROWSE_TARGETS: tuple[tuple[str, str], ...] = (
    ("documents", "/documents"),
    ("documents_filtered", "/documents?language=en&sort=title&offset=200"),
    ("entities", "/entities?kind=place"),
    ("events", "/events"),
    ("events_filtered", "/events?category=shelling&side=Russia&sort=verification"),
    ("claims", "/claims?verification=unverified"),
    ("stories", "/stories"),
    ("contradictions", "/contradictions"),
)
KINDS = ("search", "incidents", "incidents_filtered", "incident",
         *(kind for kind, _ in BROWSE_TARGETS))


def _targets(rng: random.Random, words: list[str], incidents: list[str]) -> Iterator[
        tuple[str, str]]:
    browse = dict(BROWSE_TARGETS)
    while True:
        for kind in KINDS:
            if kind == "search":
                yield kind, f"/search?q={rng.choice(words)}"
            elif kind == "incidents":
                yield kind, "/incidents"
            elif kind == "incidents_filtered":
                yield kind, "/incidents?category=shelling&min_sources=2"
            elif kind == "incident":
                yield kind, f"/incidents/{rng.choice(incidents)}"
            else:
                yield kind, browse[kind]


def fire(base: str, words: list[str], incidents: list[str], seconds: float, clients: int,
         seed: int = 3) -> list[Sample]:
    """`clients` threads requesting pages for `seconds`; each request's time and status."""
    import httpx

    samples: list[Sample] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(seed + n)
        targets = _targets(rng, words, incidents)
        for _ in range(rng.randint(0, 3)):  # threads start on different page kinds
            next(targets)
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.monotonic() < deadline:
                kind, path = next(targets)
                start = time.perf_counter()
                try:
                    status = http.get(path).status_code
                except httpx.HTTPError:
                    status = 0
                sample = Sample(kind, (time.perf_counter() - start) * 1000, status)
                with lock:
                    samples.append(sample)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(samples: list[Sample]) -> bool:
    """Print the table; True when every page kind's 95th percentile is under 200 ms."""
    print(f"{'page':<20}{'requests':>9}{'median':>9}{'p95':>9}{'max':>9}{'errors':>8}")
    ok = True
    for kind in KINDS:
        mine = [s for s in samples if s.kind == kind]
        if not mine:
            continue
        times = [s.ms for s in mine]
        errors = sum(s.status != 200 for s in mine)
        p95 = _percentile(times, 0.95)
        ok = ok and p95 < 200
        print(f"{kind:<20}{len(mine):>9}{statistics.median(times):>9.0f}{p95:>9.0f}"
              f"{max(times):>9.0f}{errors:>8}")
    return ok


# -- main -----------------------------------------------------------------------------------------


def _docket_command() -> list[str] | None:
    beside = Path(sys.executable).with_name("docket")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("docket")
    return [found] if found else None


def _template(workdir: Path, docs: int, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    template = workdir / f"template-{docs}.db"
    meta_path = workdir / f"template-{docs}.json"
    if rebuild or not (template.exists() and meta_path.exists()):
        for stale in (template, meta_path, workdir / f"template-{docs}.db-wal",
                      workdir / f"template-{docs}.db-shm"):
            stale.unlink(missing_ok=True)
        workdir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        built, vocab = build_ledger(template, docs)
        rng = random.Random(5)
        # Queries an analyst would type: common words, place and family names, rare words.
        words = (rng.sample(_NOUNS, 20) + [p[1] for p in rng.sample(vocab.places, 20)]
                 + [p[1].split()[1] for p in rng.sample(vocab.people, 20)]
                 + rng.sample(vocab.rare, 20))
        meta = {"built": built.__dict__, "seconds": round(time.perf_counter() - start, 1),
                "words": words}
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return template, json.loads(meta_path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--server-workers", type=int, default=1,
                        help="passed to 'docket serve --workers'")
    parser.add_argument("--files", type=int, default=200, help="articles the ingest reads")
    parser.add_argument("--ingest-timeout", type=float, default=900.0,
                        help="seconds to wait for the ingest after the load")
    parser.add_argument("--workdir", type=Path, default=WORKDIR)
    parser.add_argument("--rebuild", action="store_true", help="build the ledger again")
    args = parser.parse_args(argv)
    docket = _docket_command()
    try:
        import httpx  # noqa: F401
    except ImportError:
        print("skipped: httpx is not installed")
        return 0
    if docket is None:
        print("skipped: the docket command is not installed")
        return 0

    template, meta = _template(args.workdir, args.docs, args.rebuild)
    print(f"ledger: {json.dumps(meta['built'])} (built in {meta['seconds']} s)")
    run_dir = args.workdir / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    db = run_dir / "ledger.db"
    shutil.copyfile(template, db)
    with sqlite3.connect(db) as conn:
        incident_ids = [r[0] for r in conn.execute("SELECT id FROM incident")]
    write_ingest_folder(run_dir / "incoming", args.files)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env_db = ["--db", str(db)]
    server = subprocess.Popen([*docket, "serve", *env_db, "--port", str(port),
                               "--workers", str(args.server_workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ingest: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        if not wait_until_up(base, server):
            print("skipped: docket serve did not come up: "
                  + (server.stderr.read().decode()[-500:] if server.poll() is not None
                     and server.stderr else "timeout"))
            return 0
        print(f"server up in {time.perf_counter() - started:.1f} s (includes migrations)")
        fire(base, meta["words"], incident_ids, 3, 2)  # warm caches, not measured
        ingest_started = time.perf_counter()
        ingest = subprocess.Popen(
            [*docket, "ingest", *env_db, "--operator", "bench", str(run_dir / "incoming")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        samples = fire(base, meta["words"], incident_ids, args.seconds, args.clients)
        running = ingest.poll() is None
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            stored = conn.execute("SELECT count(*) FROM document WHERE pipeline_version != "
                                  "'bench'").fetchone()[0]
        print(f"{len(samples)} requests from {args.clients} clients in {args.seconds:.0f} s; "
              f"ingest {'still running' if running else 'had finished'} at the end, "
              f"{stored} of {args.files} articles stored")
        under = report(samples)
        print(f"95th percentile under 200 ms on every page: {'yes' if under else 'NO'}")
        try:
            out, _ = ingest.communicate(timeout=args.ingest_timeout)
            took = time.perf_counter() - ingest_started
            print(f"ingest exit code {ingest.returncode} after {took:.0f} s")
            if ingest.returncode != 0:
                print(out.decode(errors="replace")[-1500:])
        except subprocess.TimeoutExpired:
            print(f"ingest still running after {args.ingest_timeout:.0f} s: stopped")
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT status, counts FROM run ORDER BY id DESC LIMIT 1")\
                .fetchone()
        if row is not None:
            print(f"ingest run: {row[0]} {row[1]}")
    finally:
        for proc in (ingest, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
