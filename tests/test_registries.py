"""Registries by name (issue 15): a new input format, engine or language is one registration."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from click.testing import CliRunner

import docket.nlp.backbone as backbone_module
from docket.cli import main
from docket.errors import RequestError
from docket.ingest.formats import INPUT_FORMATS, InputFormat, register_input_format
from docket.ingest.records import Article
from docket.ledger.store import Ledger
from docket.model import Document, Record, RecordFailure, SourceRef
from docket.nlp.backbone import LANGUAGE_PIPELINES, pipeline_for_language
from docket.settings import Settings
from docket.workflows.parallel import Analysed, AnalyserPool, Engine, Job
from docket.workflows.pipeline import _language, process_record
from docket.workflows.runner import ENGINES, engine_named, ingest_paths

# -- a toy input format: field notes ---------------------------------------------------------
# A '.note' file holds notes separated by a line '%%'; each note has 'Title:' and 'Outlet:'
# lines, a blank line, then its text. Fictional, and only ever registered by this fixture.

NOTES = """Title: Ferry crossing shelled near Kozatske
Outlet: Dnipro Field Notes

Shells hit the ferry landing at Kozatske on 3 June 2023, the district administration said.
Two volunteers were wounded while unloading water for the village, a local official said.
%%
Title: Power restored in Bilozerka
Outlet: Dnipro Field Notes

Engineers restored power to most of Bilozerka on 5 June 2023 after a week without it, the
regional energy company said. Repairs to the substation will take another month.
"""


def _read_notes(stream: BinaryIO, path: str, sha: str,
                settings: Settings) -> Iterator[Record | RecordFailure | str]:
    for number, note in enumerate(stream.read().split(b"\n%%\n"), start=1):
        if not note.strip():
            yield "empty note"
            continue
        yield Record("field_note", note.strip(), path, f"note {number}", sha)


def _note_article(record: Record) -> Article:
    head, _, body = record.data.decode("utf-8").partition("\n\n")
    fields = dict(line.partition(": ")[::2] for line in head.splitlines())
    return Article("text", body=body, title=fields.get("Title"), outlet=fields.get("Outlet"))


NOTE_FORMAT = InputFormat(
    "note", (".note",), lambda probe: probe.startswith(b"title:"), _read_notes,
    {"field_note": _note_article}, "field notes separated by '%%' lines (a test's toy format)")


@pytest.fixture
def note_format() -> Iterator[InputFormat]:
    register_input_format(NOTE_FORMAT)
    try:
        yield NOTE_FORMAT
    finally:
        del INPUT_FORMATS[NOTE_FORMAT.name]


def _ingest(cli: CliRunner, *args: str) -> Any:
    # One worker: the analysis runs in this process, where the fixture registered the format
    # (a worker process imports docket afresh and knows only the formats written in it).
    return cli.invoke(main, ["ingest", "--workers", "1", *args], catch_exceptions=False)


def _listed(cli: CliRunner) -> list[dict[str, Any]]:
    listing = cli.invoke(main, ["ls", "--json"], catch_exceptions=False)
    return [json.loads(line) for line in listing.output.splitlines()]


def test_a_registered_input_format_is_read_by_docket_ingest(
        cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        note_format: InputFormat) -> None:
    monkeypatch.chdir(tmp_path)
    Path("inbox").mkdir()
    Path("inbox/kherson.note").write_text(NOTES, encoding="utf-8")
    result = _ingest(cli, "inbox")
    assert result.exit_code == 0, result.output
    rows = _listed(cli)
    assert sorted(r["title"] for r in rows) == ["Ferry crossing shelled near Kozatske",
                                                 "Power restored in Bilozerka"]
    shown = cli.invoke(main, ["show", rows[0]["id"]], catch_exceptions=False).output
    assert "Dnipro Field Notes" in shown and "kherson.note" in shown and "note " in shown


def test_a_registered_format_is_sniffed_and_named_in_refusals(
        cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        note_format: InputFormat) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.log").write_text(NOTES, encoding="utf-8")  # named on the command line: sniffed
    Path("mystery.bin").write_bytes(b"\x00\x01 not a format anyone registered")
    assert _ingest(cli, "notes.log").exit_code == 0
    assert len(_listed(cli)) == 2
    refused = _ingest(cli, "mystery.bin")
    assert refused.exit_code == 1
    assert "unsupported file type (expected .txt, .html, .jsonl, .warc[.gz], .rss, .atom, " \
           ".xml or .note)" in " ".join(refused.output.split())  # as wrapped for the terminal


def test_without_its_registration_a_note_file_is_skipped(
        cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("inbox").mkdir()
    Path("inbox/kherson.note").write_text(NOTES, encoding="utf-8")
    result = _ingest(cli, "inbox")
    assert result.exit_code == 0 and "unsupported file type" in result.output
    assert _listed(cli) == []


def test_a_format_may_not_take_another_formats_record_kind() -> None:
    thief = replace(NOTE_FORMAT, articles={"jsonl": _note_article})
    with pytest.raises(ValueError, match="already belong"):
        register_input_format(thief)
    assert "note" not in INPUT_FORMATS


# -- engines ---------------------------------------------------------------------------------

def test_an_unknown_engine_is_refused_with_the_registered_ones(
        ledger: Ledger, settings: Settings, examples: Path) -> None:
    with pytest.raises(RequestError, match=r"unknown engine 'spark' \(expected 'local' or 'ray'\)"):
        engine_named("spark")
    with pytest.raises(RequestError, match="expected 'local' or 'ray'"):
        ingest_paths(ledger, [examples / "text"], settings, engine="spark")
    assert ledger.runs(limit=1)[0]["status"] == "aborted"  # recorded, and closed


def test_the_cli_offers_the_registered_engines(cli: CliRunner, examples: Path) -> None:
    result = cli.invoke(main, ["ingest", "--engine", "spark", str(examples)])
    assert result.exit_code == 2
    assert "'spark' is not one of 'local', 'ray'" in result.output
    assert list(ENGINES) == ["local", "ray"]


class _CountingPool(AnalyserPool):
    analysed = 0

    def analyse(self, jobs: Iterable[Job]) -> Iterator[tuple[Record, Analysed]]:
        for record, result in super().analyse(jobs):
            _CountingPool.analysed += 1
            yield record, result


def test_a_registered_engine_runs_the_stages(
        ledger: Ledger, settings: Settings, examples: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sessions: list[str | None] = []

    @contextlib.contextmanager
    def session(address: str | None) -> Iterator[None]:
        sessions.append(address)
        yield

    def counting_session(address: str | None) -> AbstractContextManager[None]:
        return session(address)

    counting = Engine("counting", lambda s, workers, address: _CountingPool(s, 1),
                      counting_session, lambda workers, address, seconds: None,
                      "the local pool, counting what it analyses (a test's toy engine)")
    monkeypatch.setitem(ENGINES, "counting", counting)
    _CountingPool.analysed = 0
    summary = ingest_paths(ledger, [examples / "text"], settings, engine="counting",
                           ray_address="nowhere")
    assert summary.ok and summary.counts["new"] >= 3
    assert _CountingPool.analysed == summary.counts["new"]
    assert sessions == ["nowhere"]


# -- language pipelines ----------------------------------------------------------------------

def _as_before(code: str | None, note: str | None, settings: Settings) -> tuple[bool, str | None]:
    """What docket/workflows/pipeline.py decided before the registry (commit 7f8f12f), verbatim."""
    if code is not None and note is None and code in settings.analysed_languages:
        return True, None
    if note:
        return False, f"not analysed: {note}"
    return False, (f"not analysed: language {code!r} is outside analysed_languages "
                   f"({', '.join(settings.analysed_languages)})")


class _Guess:
    def __init__(self, code: str | None, note: str | None) -> None:
        self.code, self.score, self.note = code, 0.99 if code else None, note


def _bare(text: str = "text") -> Document:
    return Document(id="doc_test", source=SourceRef("<t>", None, "", None, None), format="text",
                    encoding="utf-8", encoding_method="given", full_text=text)


@pytest.mark.parametrize("languages", [("en",), ("en", "de"), ("uk", "en")])
@pytest.mark.parametrize("code,note", [
    ("en", None), ("uk", None), ("ru", None), ("de", None), ("fr", None),
    ("en", "uncertain language guess en (0.41)"),
    (None, "too little text to tell the language (12 letters)"),
])
def test_the_language_registry_decides_as_the_pipeline_did_before(
        code: str | None, note: str | None, languages: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(analysed_languages=languages)
    monkeypatch.setattr("docket.workflows.pipeline.detect_language",
                        lambda text: _Guess(code, note))
    doc = _language(_bare(), settings)
    assert (doc.analysed, doc.analysis_note) == _as_before(code, note, settings)
    assert doc.language == code
    if note is None and code is not None:
        choice = pipeline_for_language(code, settings)
        assert (choice.pipeline is not None) == doc.analysed


def test_english_and_unregistered_languages_parse_with_the_spacy_model_setting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[str] = []
    monkeypatch.setattr(backbone_module, "load_backbone", lambda name: loaded.append(name))
    settings = Settings(analysed_languages=("en", "de"), spacy_model="en_core_web_trf")
    assert list(LANGUAGE_PIPELINES) == ["en", "uk", "ru"]
    english = pipeline_for_language("en", settings).pipeline
    assert english is not None and english.name == "English"
    english.backbone(settings)
    german = pipeline_for_language("de", settings).pipeline  # listed, never registered
    assert german is not None
    german.backbone(settings)
    assert loaded == ["en_core_web_trf", "en_core_web_trf"]
    assert pipeline_for_language("uk", Settings(analysed_languages=("en",))).pipeline is None
    ukrainian = pipeline_for_language("uk", Settings()).pipeline  # registered with its own
    assert ukrainian is not None and ukrainian.name == "Ukrainian" and not ukrainian.eager


def test_a_document_in_another_language_is_stored_unanalysed(settings: Settings) -> None:
    settings = replace(settings, analysed_languages=("en",))
    text = ("Уночі на третє червня снаряди влучили в поромну переправу біля Козацького, "
            "повідомила районна адміністрація. Двоє волонтерів, які розвантажували воду "
            "для села, дістали поранення, сказав місцевий посадовець.")
    doc = process_record(Record("text", text.encode("utf-8"), "kozatske.txt"), settings)
    assert doc.language == "uk" and not doc.analysed and not doc.mentions
    assert doc.analysis_note == "not analysed: language 'uk' is outside analysed_languages (en)"
