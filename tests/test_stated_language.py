"""A record may state its language (issue 16's ACLED notes, issue 18): a one-line note too
short to guess from is analysed when its JSONL line says which language it is in."""

from __future__ import annotations

import json
from pathlib import Path

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

NOTE = "On 3 March 2023, Russian forces shelled Vovchansk, Kharkiv."  # guessed "en", uncertain


def _ingest(tmp_path: Path, settings: Settings, ledger: Ledger, **fields: str) -> list[str]:
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"text": NOTE, **fields}) + "\n", encoding="utf-8")
    ingest_paths(ledger, [path], settings)
    (doc,) = list(ledger.iter_documents())
    return [doc.language or "", str(doc.analysed), doc.analysis_note or ""] + sorted(
        m.text for m in doc.mentions if m.kind == "place")


def test_a_note_too_short_to_guess_is_not_analysed(tmp_path: Path, settings: Settings,
                                                   ledger: Ledger) -> None:
    language, analysed, note, *places = _ingest(tmp_path, settings, ledger)
    assert analysed == "False" and note.startswith("not analysed") and places == []


def test_a_stated_language_is_taken_and_the_note_analysed(tmp_path: Path, settings: Settings,
                                                          ledger: Ledger) -> None:
    language, analysed, note, *places = _ingest(tmp_path, settings, ledger, language="EN-gb")
    assert (language, analysed) == ("en", "True")
    assert "Vovchansk" in places


def test_a_stated_language_without_a_pipeline_is_stored_not_analysed(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    language, analysed, note, *places = _ingest(tmp_path, settings, ledger, language="be")
    assert (language, analysed) == ("be", "False") and "not analysed" in note


def test_a_language_that_is_no_code_is_ignored(tmp_path: Path, settings: Settings,
                                               ledger: Ledger) -> None:
    language, analysed, *_ = _ingest(tmp_path, settings, ledger, language="English")
    assert analysed == "False"  # not taken as a code: back to guessing, which cannot tell
