"""Export contract v1: the document record, its offsets, and the docs that describe it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from docket.ledger.export import export_jsonl
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

DOCS = Path(__file__).resolve().parents[1] / "docs"
CONTRACT_KEYS = {"type", "id", "source", "segment_of", "title", "outlet", "byline",
                 "cited_source", "published", "language", "translated_from", "full_text", "text",
                 "removed"}


def _export(ledger: Ledger) -> list[dict]:
    out = io.StringIO()
    export_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_document_records_follow_the_contract(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    ingest_paths(ledger, [examples], settings)
    records = _export(ledger)
    docs = [r for r in records if r["type"] == "document"]
    assert docs
    for rec in docs:
        assert rec.keys() >= CONTRACT_KEYS
        assert set(rec["source"]) == {"path", "url", "sha256", "container_sha256", "locator"}
        assert re.fullmatch(r"[0-9a-f]{64}", rec["source"]["sha256"])
        assert rec["published"] is None or set(rec["published"]) == {"value", "precision"}
        # text is full_text with the removed spans taken out
        full, cursor, pieces = rec["full_text"], 0, []
        for span in rec["removed"]:
            assert cursor <= span["start"] < span["end"] <= len(full)
            assert span["reason"] and span["rule"]
            pieces.append(full[cursor:span["start"]])
            cursor = span["end"]
        assert "".join(pieces) + full[cursor:] == rec["text"]


def test_offsets_map_back_to_full_text_and_bytes(
    ledger: Ledger, settings: Settings, examples: Path
) -> None:
    ingest_paths(ledger, [examples / "html"], settings)
    doc = next(d for d in ledger.iter_documents() if "deserter" in (d.title or "").lower())
    assert doc.removed, "the saved page carries navigation and comments that must be removed"
    needle = "64th Separate Motor Rifle Brigade"
    at = doc.text.index(needle)
    full_at = doc.text_to_full(at)
    assert doc.full_text[full_at:full_at + len(needle)] == needle
    raw = ledger.evidence.read(doc.source.sha256)
    byte_range = doc.full_to_bytes(full_at)
    assert byte_range is not None
    assert needle.encode() in raw[byte_range[0]:byte_range[1]]


def test_plain_text_lines_map_to_exact_bytes(
    ledger: Ledger, settings: Settings, tmp_path: Path
) -> None:
    source = "First line.\r\n\r\n\r\nSecond  line,   spaced.\nÜmlaut line ends here.\n"
    (tmp_path / "t.txt").write_text(source, newline="")
    ingest_paths(ledger, [tmp_path / "t.txt"], settings)
    doc = next(ledger.iter_documents())
    assert doc.full_text == "First line.\n\nSecond line, spaced.\nÜmlaut line ends here.\n"
    raw = source.encode()
    start, end = doc.full_to_bytes(doc.full_text.index("Ümlaut"))  # type: ignore[misc]
    assert raw[start:end] == "Ümlaut line ends here.".encode()


def test_docs_describe_every_exported_field() -> None:
    text = (DOCS / "export.md").read_text(encoding="utf-8")
    from docket.model import Document, SourceRef

    sample = Document(id="doc_x", source=SourceRef("p", None, "0" * 64, None, None),
                      format="text", encoding="utf-8", encoding_method="utf-8", full_text="")
    for key in sample.as_record():
        assert f"`{key}`" in text, f"docs/export.md does not document {key}"
    for key in ("path", "url", "sha256", "container_sha256", "locator"):
        assert f"`source.{key}`" in text
    assert "`schema_version`" in text


def test_docs_describe_every_claim_and_event_field() -> None:
    from docket.model import Claim, Event, Party, TextSpan, Verification

    text = (DOCS / "export.md").read_text(encoding="utf-8")
    span = TextSpan(0, 4, "word")
    claim = Claim("clm_x", "reported_speech", span, cue=span, source=span)
    event = Event("evt_x", "shelling", "Explosions/Remote violence",
                  "Shelling/artillery/missile attack", None, span, span)
    records = [claim.as_record("doc_x"), event.as_record("doc_x", None),
               Verification("confirmed", span).as_record(), Party().as_record()]
    for record in records:
        for key in record:
            assert f"`{key}`" in text, f"docs/export.md does not document {key}"


def test_docs_name_every_acled_csv_column() -> None:
    from docket.ledger.formats import CSV_COLUMNS

    text = (DOCS / "export.md").read_text(encoding="utf-8")
    for column in CSV_COLUMNS:
        assert f"`{column}`" in text, f"docs/export.md does not name CSV column {column}"
