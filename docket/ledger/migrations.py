"""Schema migrations. The ledger's `PRAGMA user_version` is the number of migrations applied.

Append new migrations; never edit one that has shipped, so a ledger made by an older Docket
opens in a newer one by running only the missing steps.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from docket.errors import SchemaTooNew
from docket.ledger import custody

_V1_CORE = """
CREATE TABLE evidence (
    sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- record kind, or 'container:<format>' for a file of many
    size INTEGER NOT NULL,
    content_type TEXT,
    encoding TEXT,
    path TEXT NOT NULL,              -- where it was first found (relative to the ingest cwd)
    url TEXT,
    container_sha256 TEXT,
    locator TEXT,
    meta TEXT NOT NULL DEFAULT '{}', -- what the container stated about this record (JSON)
    received_at TEXT NOT NULL,       -- UTC, ISO 8601
    tool_version TEXT NOT NULL,
    operator TEXT NOT NULL,
    status TEXT NOT NULL             -- 'stored', 'complete' (containers), 'processed', 'failed'
);
CREATE TABLE document (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES evidence(sha256),
    path TEXT NOT NULL,
    url TEXT,
    container_sha256 TEXT,
    locator TEXT,
    segment_of TEXT REFERENCES document(id),
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    encoding_method TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    byline TEXT,
    cited_source TEXT,
    published_value TEXT,
    published_precision TEXT,
    published_origin TEXT,
    language TEXT,
    language_score REAL,
    translated_from TEXT,
    analysed INTEGER NOT NULL,
    analysis_note TEXT,
    full_text TEXT NOT NULL,
    text TEXT NOT NULL,
    removed TEXT NOT NULL,           -- JSON list of {start, end, reason, rule}
    source_map TEXT NOT NULL,        -- JSON list of [start, end, byte_start, byte_end]
    notes TEXT NOT NULL,             -- JSON list of strings
    pipeline_version TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    run_id INTEGER
);
CREATE INDEX document_sha256 ON document(sha256);
CREATE INDEX document_container ON document(container_sha256);
CREATE INDEX document_published ON document(published_value);
CREATE TABLE custody (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    document_id TEXT,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    run_id INTEGER,
    operator TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX custody_sha256 ON custody(sha256);
CREATE TRIGGER custody_append_only_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TRIGGER custody_append_only_delete BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
CREATE TABLE run (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL,            -- 'running', 'finished', 'finished with errors', 'aborted'
    settings TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    operator TEXT NOT NULL,
    counts TEXT NOT NULL DEFAULT '{}',
    errors TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE judgement (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- e.g. 'same', 'different', 'confirm', 'reject'
    subject TEXT NOT NULL,           -- record id the judgement is about
    object TEXT,                     -- the other record, for pairwise judgements
    field TEXT,
    value TEXT,
    by TEXT NOT NULL,
    why TEXT,
    at TEXT NOT NULL
);
"""

# Full-text search over documents, in every language: stored before analysis, searchable always.
_V2_SEARCH = """
CREATE VIRTUAL TABLE document_fts USING fts5(
    title, text, content='document', content_rowid='rowid', tokenize='unicode61'
);
CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
    INSERT INTO document_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER document_fts_update AFTER UPDATE ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO document_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
INSERT INTO document_fts(document_fts) VALUES ('rebuild');
"""

# Lines seen per outlet, for the furniture stage's cross-page repetition signal: a line that
# recurs on many pages of one outlet (a masthead, an appeal, a footer) is furniture there.
_V3_OUTLET_LINES = """
CREATE TABLE outlet_line (
    outlet TEXT NOT NULL,
    key TEXT NOT NULL,
    document_id TEXT NOT NULL,
    PRIMARY KEY (outlet, key, document_id)
) WITHOUT ROWID;
CREATE INDEX outlet_line_document ON outlet_line(document_id);
"""

# Entities and their mentions. Entities are derived: an entity exists while a mention points
# at it; its id is a hash of (kind, resolution key), so re-runs give the same ids.
_V4_ENTITIES = """
CREATE TABLE entity (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE mention (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    entity_id TEXT,                  -- null for times: a time is a value, not an entity
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT NOT NULL,
    rule TEXT NOT NULL,
    resolution TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX mention_document ON mention(document_id);
CREATE INDEX mention_entity ON mention(entity_id);
"""

# Claims and events are derived per document and replaced with it; `record` is the export
# record (docs/export.md), the other columns are what lists and filters need.
_V5_CLAIMS_EVENTS = """
CREATE TABLE claim (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    start INTEGER NOT NULL,          -- the content span, in the document's text
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    source_entity TEXT,
    modality TEXT NOT NULL,
    verification TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX claim_document ON claim(document_id);
CREATE TABLE event (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL,
    start INTEGER NOT NULL,          -- the trigger span
    end INTEGER NOT NULL,
    category TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    perpetrator_side TEXT NOT NULL,
    victims_side TEXT NOT NULL,
    event_date TEXT,
    place_entity TEXT,
    aggregate INTEGER NOT NULL,
    modality TEXT NOT NULL,
    verification TEXT NOT NULL,
    claim_id TEXT,
    record TEXT NOT NULL
);
CREATE INDEX event_document ON event(document_id);
CREATE INDEX event_category ON event(category);
"""

# Cross-document links. Fingerprints and machine edges are kept per document; stories,
# incidents and contradictions are derived from them plus the judgement table and rewritten
# by every link step (docs/design.md), so they never hold anything a person decided.
_V6_LINKS = """
CREATE TABLE fingerprint (
    document_id TEXT PRIMARY KEY,
    version TEXT NOT NULL,           -- how it was computed; another version is recomputed
    data TEXT NOT NULL
);
CREATE TABLE story_edge (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    score REAL NOT NULL,
    same INTEGER NOT NULL,           -- the machine's decision: same story or not
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX story_edge_b ON story_edge(b);
CREATE TABLE story (
    id TEXT PRIMARY KEY,
    original_document TEXT,
    original_outlet TEXT,
    record TEXT NOT NULL
);
CREATE TABLE story_member (
    document_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE INDEX story_member_story ON story_member(story_id);
CREATE TABLE incident (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    independent_sources INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE incident_member (
    event_id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL
);
CREATE INDEX incident_member_incident ON incident_member(incident_id);
CREATE TABLE contradiction (
    id TEXT PRIMARY KEY,
    field TEXT NOT NULL,
    scope TEXT NOT NULL,
    record TEXT NOT NULL
);
"""

# The workbench: analysts who may write (passwords as scrypt hashes, never in clear) and the
# key that signs their session cookies, made once per ledger.
_V7_USERS = """
CREATE TABLE user (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE web_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
"""

# The workbench's lists on a large ledger (bench/web_load.py): the incident table pages by date
# and filters by category and corroboration, its timeline counts incidents per day, its map
# wants places and coordinates, its filter menus list the sides and statuses present, and every
# page attaches reviews by record id. The incident table is derived (the link step rewrites it
# whole), so it is rebuilt here with STORED generated columns read from its record: the writer
# stays as it is, and the indexes on them answer paging, counts and the timeline from index
# entries alone instead of parsing every record's JSON per request. (SQLite 3.40 does not read
# VIRTUAL generated columns from an index, and ALTER TABLE cannot add STORED ones.)
_V8_WORKBENCH_INDEXES = """
CREATE TABLE incident_v8 (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    independent_sources INTEGER NOT NULL,
    record TEXT NOT NULL,
    date_value TEXT GENERATED ALWAYS AS (json_extract(record, '$.date.value')) STORED,
    day TEXT GENERATED ALWAYS AS (substr(json_extract(record, '$.date.value'), 1, 10)) STORED,
    place TEXT GENERATED ALWAYS AS (json_extract(record, '$.location.name')) STORED,
    lat REAL GENERATED ALWAYS AS (json_extract(record, '$.location.lat')) STORED,
    lon REAL GENERATED ALWAYS AS (json_extract(record, '$.location.lon')) STORED
);
INSERT INTO incident_v8 (id, category, independent_sources, record)
    SELECT id, category, independent_sources, record FROM incident;
DROP TABLE incident;
ALTER TABLE incident_v8 RENAME TO incident;
CREATE INDEX incident_latest ON incident(date_value DESC, id);
CREATE INDEX incident_category ON incident(category, date_value DESC, id, independent_sources,
                                           day);
CREATE INDEX incident_day ON incident(day, category, independent_sources);
CREATE INDEX event_perpetrator_side ON event(perpetrator_side);
CREATE INDEX event_verification ON event(verification);
CREATE INDEX judgement_subject ON judgement(subject, kind);
"""

# Scale (issue 8): the link step works on what changed, not on the whole ledger.
# - `link_pending`: documents whose stories, incidents and contradictions must be re-derived
#   (stored, reprocessed, purged, or named by a judgement); a run killed before linking leaves
#   them here, and the next run links them.
# - The story candidate index, kept between runs: each document's number, its exact-text hash,
#   and one row per LSH band (docket/link/index.py); the candidate pairs it found; document
#   frequencies of skeleton tokens (rarity weights) and the outlet names seen.
# - Incident blocking keys per event, each incident member's document, and the events and
#   documents each contradiction involves, so only the incidents and contradictions near new
#   events are rebuilt. Contradictions are emptied: the first link finds them again (every
#   document is pending).
# - Runs record their inputs and options (to resume them), the run they resume, and the
#   process that ran them (a 'running' run whose process is gone was interrupted).
# Every existing document is pending once, so the first link after upgrading re-derives all.
_V9_INCREMENTAL = """
-- Storing a page looks up its segments: without this index every store scanned the ledger.
CREATE INDEX document_segment_of ON document(segment_of);
ALTER TABLE run ADD COLUMN inputs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE run ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
ALTER TABLE run ADD COLUMN resumes INTEGER;
ALTER TABLE run ADD COLUMN pid INTEGER;
CREATE TABLE link_pending (
    document_id TEXT PRIMARY KEY,
    why TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO link_pending SELECT id, 'ledger upgraded to schema 9' FROM document;
CREATE TABLE candidate_doc (
    num INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL UNIQUE,
    exact INTEGER NOT NULL
);
CREATE INDEX candidate_doc_exact ON candidate_doc(exact);
CREATE TABLE candidate_band (
    key INTEGER NOT NULL,
    num INTEGER NOT NULL,
    PRIMARY KEY (key, num)
) WITHOUT ROWID;
CREATE TABLE candidate_pair (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX candidate_pair_b ON candidate_pair(b);
CREATE TABLE skeleton_df (
    token TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE known_outlet (name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE incident_key (
    key INTEGER NOT NULL,
    query INTEGER NOT NULL,          -- 0: the event is filed under it; 1: it looks under it
    event_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    PRIMARY KEY (key, query, event_id)
) WITHOUT ROWID;
CREATE INDEX incident_key_document ON incident_key(document_id);
CREATE TABLE incident_member_v9 (
    event_id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    document_id TEXT NOT NULL
);
INSERT INTO incident_member_v9 (event_id, incident_id, document_id)
    SELECT m.event_id, m.incident_id, e.document_id
    FROM incident_member m JOIN event e ON e.id = m.event_id;
DROP TABLE incident_member;
ALTER TABLE incident_member_v9 RENAME TO incident_member;
CREATE INDEX incident_member_incident ON incident_member(incident_id);
CREATE INDEX incident_member_document ON incident_member(document_id);
CREATE TABLE contradiction_member (
    contradiction_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    PRIMARY KEY (contradiction_id, event_id)
) WITHOUT ROWID;
CREATE INDEX contradiction_member_event ON contradiction_member(event_id);
CREATE INDEX contradiction_member_document ON contradiction_member(document_id);
DELETE FROM contradiction;
"""

# Judgements are anchored on what survives better extraction and re-clustering: the documents
# and evidence spans of the records they name (docket/ledger/anchors.py), as JSON
# {"subject": [...], "object": [...]}. Rows from before keep NULL and resolve by id.
_V10_ANCHORS = """
ALTER TABLE judgement ADD COLUMN anchors TEXT;
"""

# Workbench sessions the server knows (docket/web/auth.py): a session cookie counts only while
# its row is here, so logging out, removing a user or changing a password ends it even if the
# cookie is replayed. The row holds the SHA-256 of the cookie's nonce, never the nonce itself;
# expired rows are pruned at the next sign-in. Sessions from before had no row: after the
# upgrade everyone signs in again.
_V11_WEB_SESSIONS = """
CREATE TABLE web_session (
    nonce_sha256 TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    expires_at INTEGER NOT NULL      -- Unix seconds
) WITHOUT ROWID;
CREATE INDEX web_session_user ON web_session(user);
CREATE INDEX web_session_expires ON web_session(expires_at);
"""

# Documents the link step left out, with the reason (docket/workflows/link_step.py): one whose
# fingerprint took longer than document_seconds (or failed) is stored and analysed but in no
# story and no incident ('fingerprint'); one whose figures could not be compared in time with
# its story's first copy is in its story and incidents without figure contradictions
# ('figures'). `docket link` queues them again.
_V12_NOT_LINKED = """
CREATE TABLE not_linked (
    document_id TEXT PRIMARY KEY,
    stage TEXT NOT NULL,             -- 'fingerprint' or 'figures'
    reason TEXT NOT NULL,
    at TEXT NOT NULL
) WITHOUT ROWID;
"""

# A counter that every change to what judgements resolve against moves (the judgement table,
# documents, events, claims, mentions, story and incident members), and an id of this ledger
# file: together the key of the re-attached judgements' cache (docket/ledger/store.py), so a
# read re-resolves them only after something they depend on changed.
_V13_GENERATION = """
CREATE TABLE generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ledger TEXT NOT NULL,
    n INTEGER NOT NULL
);
INSERT INTO generation (id, ledger, n) VALUES (1, lower(hex(randomblob(8))), 0);
CREATE TRIGGER generation_judgement_insert AFTER INSERT ON judgement
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_judgement_update AFTER UPDATE ON judgement
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_judgement_delete AFTER DELETE ON judgement
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_document_insert AFTER INSERT ON document
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_document_update AFTER UPDATE ON document
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_document_delete AFTER DELETE ON document
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_event_insert AFTER INSERT ON event
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_event_update AFTER UPDATE ON event
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_event_delete AFTER DELETE ON event
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_claim_insert AFTER INSERT ON claim
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_claim_update AFTER UPDATE ON claim
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_claim_delete AFTER DELETE ON claim
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_mention_insert AFTER INSERT ON mention
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_mention_update AFTER UPDATE ON mention
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_mention_delete AFTER DELETE ON mention
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_story_member_insert AFTER INSERT ON story_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_story_member_update AFTER UPDATE ON story_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_story_member_delete AFTER DELETE ON story_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_incident_member_insert AFTER INSERT ON incident_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_incident_member_update AFTER UPDATE ON incident_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER generation_incident_member_delete AFTER DELETE ON incident_member
    BEGIN UPDATE generation SET n = n + 1 WHERE id = 1; END;
"""


# The custody log becomes a hash chain (issue 17, docket/ledger/custody.py): each entry carries
# the previous entry's hash and its own. Entries already there are chained in order, which
# proves nothing about them before the upgrade, only that none changes after it. The
# append-only triggers stay (re-made around the backfill, the one update the log ever gets).
# `evidence_check` remembers each stored file's size and modification time when `docket verify`
# last found it intact, so `docket verify --changed` can re-hash only files added or touched
# since; the checks themselves are runs (`run.command` 'verify').
_V14_CUSTODY_CHAIN_SQL = """
ALTER TABLE custody ADD COLUMN prev_hash TEXT;
ALTER TABLE custody ADD COLUMN entry_hash TEXT;
DROP TRIGGER custody_append_only_update;
"""
_V14_TRIGGER = """
CREATE TRIGGER custody_append_only_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
"""
_V14_EVIDENCE_CHECK = """
CREATE TABLE evidence_check (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    checked_at TEXT NOT NULL,        -- UTC, when it last hashed to its name
    run_id INTEGER                   -- the verify run that checked it
) WITHOUT ROWID;
"""


def _v14_custody_chain(conn: sqlite3.Connection) -> None:
    for script in (_V14_CUSTODY_CHAIN_SQL, _V14_EVIDENCE_CHECK):
        for statement in _statements(script):
            conn.execute(statement)
    custody.backfill(conn)
    conn.execute(_V14_TRIGGER.strip())


# Search across scripts (issue 18): each document's words folded across scripts and
# romanisations ("Куп'янську", "Купянск", "Kupyansk" -> kupiansk...), with the dictionary forms
# of its Cyrillic names, written by the store from what the pipeline computes (the ledger knows
# no transliteration). Documents stored before this step are folded by the next ingest or link.
_V15_FOLDED_SEARCH = """
CREATE VIRTUAL TABLE document_fold USING fts5(words, tokenize='unicode61');
CREATE TRIGGER document_fold_delete AFTER DELETE ON document BEGIN
    DELETE FROM document_fold WHERE rowid = old.rowid;
END;
"""


# The browse pages (issue 19): each list sorts by its columns, filters by its facets and counts
# each facet's values; without these indexes each of those read every row (a document's row
# holds its whole text), hundreds of milliseconds a page on 100,000 documents.
# `custody_action` answers "which documents are withdrawn", asked by every document list.
_V16_BROWSE_INDEXES = """
CREATE INDEX document_facets ON document(language, outlet, format, published_value, title);
CREATE INDEX document_title ON document(title);
CREATE INDEX document_outlet ON document(outlet);
CREATE INDEX custody_action ON custody(action, document_id);
CREATE INDEX entity_name ON entity(name);
CREATE INDEX entity_kind ON entity(kind, name);
CREATE INDEX event_facets ON event(category, perpetrator_side, victims_side, verification,
                                   modality, event_date);
CREATE INDEX event_date ON event(event_date);
CREATE INDEX claim_facets ON claim(kind, verification, modality, document_id);
CREATE INDEX claim_document_start ON claim(document_id, start);
CREATE INDEX story_original_outlet ON story(original_outlet);
CREATE INDEX story_copies ON story(json_array_length(record, '$.documents'));
CREATE INDEX contradiction_facets ON contradiction(field, scope);
"""


def _statements(script: str) -> list[str]:
    """The statements of a script without triggers (whose bodies hold semicolons)."""
    return [s.strip() for s in script.split(";") if s.strip()]


# A migration is SQL, or a function that needs Python (hashing) and runs in its transaction.
Migration = str | Callable[[sqlite3.Connection], None]
MIGRATIONS: tuple[Migration, ...] = (_V1_CORE, _V2_SEARCH, _V3_OUTLET_LINES, _V4_ENTITIES,
                                     _V5_CLAIMS_EVENTS, _V6_LINKS, _V7_USERS,
                                     _V8_WORKBENCH_INDEXES, _V9_INCREMENTAL, _V10_ANCHORS,
                                     _V11_WEB_SESSIONS, _V12_NOT_LINKED, _V13_GENERATION,
                                     _v14_custody_chain, _V15_FOLDED_SEARCH,
                                     _V16_BROWSE_INDEXES)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations, each in its own transaction; return the new version."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"this ledger has schema version {current}, but this Docket knows only up to "
            f"{SCHEMA_VERSION}: upgrade Docket to open it"
        )
    for number in range(current, target):
        step = MIGRATIONS[number]
        if isinstance(step, str):
            # executescript commits first; BEGIN/COMMIT make each step all-or-nothing.
            conn.executescript(
                f"BEGIN;\n{step}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
            )
            continue
        conn.executescript("BEGIN;")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return schema_version(conn)
