"""Every bad input gets a clear per-file (or per-line) error; the run carries on."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from docket.cli import main
from docket.errors import StorageFull
from docket.ingest.warc import read_warc
from docket.ledger.evidence import EvidenceStore
from docket.ledger.store import Ledger
from docket.model import Record, RecordFailure
from docket.settings import Settings
from docket.workflows.runner import RunSummary, ingest_paths, reprocess, resume_run

GOOD = ("Regional officials said a missile struck a warehouse on the edge of the town on "
        "Monday night, and that no one was hurt.\n")


def _run(ledger: Ledger, settings: Settings, folder: Path) -> RunSummary:
    (folder / "zz_good.txt").write_text(GOOD)
    return ingest_paths(ledger, [folder], settings)


def _reasons(summary: RunSummary) -> dict[str, str]:
    return {Path(f.path).name + (f" {f.locator}" if f.locator else ""): f.reason
            for f in summary.failures}


def _warc_bytes(pages: int, gzipped: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for i in range(pages):
        body = (f"<html><body><article><h1>Report {i}</h1><p>{GOOD * 3}</p></article>"
                "</body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://news.example.org/{i}", "response",
                                           payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def test_empty_file(ledger: Ledger, settings: Settings, folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    summary = _run(ledger, settings, folder)
    assert _reasons(summary) == {"empty.txt": "empty file"}
    assert summary.counts["new"] == 1  # the good file went in


def test_binary_file(ledger: Ledger, settings: Settings, folder: Path) -> None:
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    summary = _run(ledger, settings, folder)
    assert "binary content" in _reasons(summary)["photo.txt"]
    assert summary.counts["new"] == 1


def test_invalid_utf8_is_decoded_and_noted(
    ledger: Ledger, settings: Settings, folder: Path
) -> None:
    # Mostly UTF-8 with one broken byte: kept, the damage replaced and noted, never mangled.
    (folder / "broken.txt").write_bytes(GOOD.encode() + b"Kyiv \xff said.\n")
    # A different single-byte encoding throughout: detected, not replaced.
    (folder / "cp1251.txt").write_bytes(
        ("Губернатор сказав, що снаряд влучив у школу в селі, загиблих немає. " * 4)
        .encode("cp1251"))
    summary = _run(ledger, settings, folder)
    assert summary.ok
    docs = {Path(d.source.path).name: d for d in ledger.iter_documents()}
    assert "1 invalid UTF-8 byte(s) replaced" in docs["broken.txt"].notes
    assert "\ufffd" in docs["broken.txt"].text
    assert "Губернатор сказав" in docs["cp1251.txt"].text
    assert docs["cp1251.txt"].language == "uk" and docs["cp1251.txt"].analysed  # issue 18


def test_oversized_article_is_refused_without_reading_it(
    ledger: Ledger, settings: Settings, folder: Path
) -> None:
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 300 MB file: its size is real, its disk use is not
        handle.truncate(300 * 1024 * 1024)
    summary = _run(ledger, settings, folder)
    assert "over max_document_bytes" in _reasons(summary)["huge.txt"]
    assert summary.counts["new"] == 1
    assert ledger.stats()["evidence_bytes"] < 1024 * 1024


def test_gzip_bomb(ledger: Ledger, settings: Settings, folder: Path) -> None:
    (folder / "bomb.warc.gz").write_bytes(gzip.compress(b"\0" * 60_000_000, compresslevel=9))
    summary = _run(ledger, settings, folder)
    reasons = _reasons(summary)
    assert any("gzip bomb" in r for r in reasons.values()), reasons
    assert summary.counts["new"] == 1


def test_broken_html(ledger: Ledger, settings: Settings, folder: Path) -> None:
    (folder / "broken.html").write_text(
        "<html><body><div><p>Witnesses said the checkpoint was shelled at dawn, and two "
        "soldiers were wounded, according to the brigade's press officer.<p>Second <b>para"
        "<table><tr><td>unclosed</html></div></div>")
    (folder / "nothing.html").write_text("<html></html>")
    summary = _run(ledger, settings, folder)
    assert summary.ok
    docs = {Path(d.source.path).name: d for d in ledger.iter_documents()}
    assert "checkpoint was shelled" in docs["broken.html"].full_text
    assert docs["nothing.html"].full_text == "" and not docs["nothing.html"].analysed


def test_truncated_warc_keeps_what_was_read(
    ledger: Ledger, settings: Settings, folder: Path
) -> None:
    data = _warc_bytes(3)
    (folder / "crawl.warc.gz").write_bytes(data[: len(data) - 150])
    summary = _run(ledger, settings, folder)
    reasons = _reasons(summary)
    assert len(reasons) == 1
    (where, reason), = reasons.items()
    assert where.startswith("crawl.warc.gz after <urn:uuid:")
    assert "truncated" in reason
    assert summary.counts["new"] == 3  # two WARC pages read before the cut, and the good file
    status = ledger._conn.execute(
        "SELECT status FROM evidence WHERE kind = 'container:warc'").fetchone()[0]
    assert status == "stored"  # not 'complete': the next run reads it again


def test_bad_jsonl_lines(ledger: Ledger, settings: Settings, folder: Path) -> None:
    lines = [
        f'{{"url": "https://a.example.org/1", "title": "Fine", "text": "{GOOD.strip()}"}}',
        '{"url": "https://a.example.org/2", "title": "Broken", "text": "unterminated',
        "[1, 2, 3]",
        '{"title": "No body"}',
        '{"title": 5, "text": "typed wrong"}',
        "",
        f'{{"url": "https://a.example.org/3", "html": "<p>{GOOD.strip()}</p>"}}',
    ]
    (folder / "feed.jsonl").write_bytes("\n".join(lines).encode() + b"\n\xff\xfe{}\n")
    summary = _run(ledger, settings, folder)
    reasons = _reasons(summary)
    assert reasons.keys() == {"feed.jsonl line 2", "feed.jsonl line 3", "feed.jsonl line 4",
                              "feed.jsonl line 5", "feed.jsonl line 8"}
    assert "invalid JSON" in reasons["feed.jsonl line 2"]
    assert "JSON object" in reasons["feed.jsonl line 3"]
    assert "neither a 'text' nor an 'html'" in reasons["feed.jsonl line 4"]
    assert "must be a string" in reasons["feed.jsonl line 5"]
    assert "not valid UTF-8" in reasons["feed.jsonl line 8"]
    assert summary.counts["new"] == 3
    # Failed lines are evidence too: kept with their reason.
    assert ledger.stats()["failed_records"] == 5


def test_xml_entity_expansion_is_refused(
    ledger: Ledger, settings: Settings, folder: Path
) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<rss version="2.0"><channel><title>x</title><item><title>&c;</title>'
            "<description>boom</description></item></channel></rss>")
    (folder / "bomb.rss").write_text(bomb)
    summary = _run(ledger, settings, folder)
    assert "entity-expansion" in _reasons(summary)["bomb.rss"]
    assert summary.counts["new"] == 1


def test_failures_leave_stored_documents_alone(
    ledger: Ledger, settings: Settings, folder: Path, examples: Path
) -> None:
    ingest_paths(ledger, [examples], settings)
    before = ledger.stats()["documents"]
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bomb.rss").write_text("<!DOCTYPE x [<!ENTITY a 'b'>]><rss/>")
    summary = ingest_paths(ledger, [folder, examples], settings)
    assert not summary.ok and len(summary.failures) == 2
    assert ledger.stats()["documents"] == before
    run = ledger.runs(1)[0]
    assert run["status"] == "finished with errors" and "entity" in run["errors"]


def test_unreadable_caps_are_settings(tmp_path: Path, folder: Path) -> None:
    s = Settings.load(db=tmp_path / "d.db", operator="t", max_document_bytes=100)
    (folder / "long.txt").write_text(GOOD * 5)
    with Ledger.open(s) as led:
        summary = ingest_paths(led, [folder / "long.txt"], s)
    assert "over max_document_bytes (100)" in summary.failures[0].reason


def test_a_failure_message_is_bounded_however_large_the_input() -> None:
    # A reader's error may quote its input (a zero-filled .warc once stored a 335 MB error
    # value, issue 14): every failure a run records is cut to 1,000 characters.
    summary = RunSummary()
    summary.fail("in/huge.jsonl", "line 1", "cannot read: " + "x" * 5_000_000 + " (the end)")
    [failure] = summary.failures
    assert len(failure.reason) <= 1000
    assert failure.reason.startswith("cannot read: xxx") and failure.reason.endswith("(the end)")
    assert "characters cut" in failure.reason


def test_zeros_named_warc_are_refused_from_their_first_bytes(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zeros.warc").write_bytes(b"\0" * 2_000_000)
    summary = ingest_paths(ledger, [folder], settings)
    [failure] = summary.failures
    assert failure.reason.startswith("not a WARC file") and len(failure.reason) < 200
    stored = json.loads(ledger.runs(1)[0]["errors"])
    assert [e["reason"] for e in stored] == [failure.reason]


def test_one_odd_input_never_stops_the_run(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    # Each of these stopped a whole run before (issue 14): a lone surrogate escape in a JSONL
    # title, a file name that is not UTF-8, a link loop in the folder.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"url": "https://example.org/a", "title": "Odd \\ud83d title", "text": '
        '"Russian forces shelled Kupiansk on Monday, the governor said."}\n', encoding="utf-8")
    odd_name = os.path.join(os.fsencode(folder), b"odd\xffname.txt")
    with open(odd_name, "w", encoding="utf-8") as handle:
        handle.write("Russian forces shelled Balakliia on Tuesday, officials said.\n")
    (folder / "loop").symlink_to(folder)
    (folder / "selfloop.txt").symlink_to(folder / "selfloop.txt")
    (folder / "z_fine.txt").write_text("Russian forces shelled Izium on Wednesday.\n",
                                       encoding="utf-8")
    summary = ingest_paths(ledger, [folder], settings)
    documents = list(ledger.iter_documents())
    assert summary.counts["new"] == 3, (summary.counts, summary.failures)
    assert any(d.title == "Odd \ufffd title" for d in documents)
    assert any(d.source.path.endswith("odd\\xffname.txt") for d in documents)
    # the link to itself cannot be read: that file fails alone, with its reason
    assert [Path(f.path).name for f in summary.failures] == ["selfloop.txt"]


def _container_status(ledger: Ledger) -> str:
    return str(ledger._conn.execute(
        "SELECT status FROM evidence WHERE kind = 'container:warc'").fetchone()[0])


def _damage_record(data: bytes, index: int, how: str) -> bytes:
    """A plain six-record WARC with record `index` damaged as a hostile or broken writer
    would: a wrong Content-Length (too long or too short), headers without one, or a
    damaged version line."""
    records = data.split(b"WARC/1.0\r\n")[1:]
    bad = records[index]
    if how == "length too long":
        bad = bad.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    elif how == "length too short":
        head, _, rest = bad.partition(b"Content-Length: ")
        bad = head + b"Content-Length: " + rest[1:]  # drops a digit
    elif how == "no length":
        bad = bad.replace(b"Content-Length: ", b"Content-Lenth: ", 1)
    records[index] = bad
    version = [b"WARC/1.0\r\n"] * len(records)
    if how == "damaged version line":
        version[index] = b"WRAC/1.0\r\n"
    return b"".join(v + r for v, r in zip(version, records, strict=True))


@pytest.mark.parametrize("how", ["length too long", "length too short", "no length",
                                 "damaged version line"])
def test_a_malformed_warc_record_does_not_drop_the_records_after_it(
        ledger: Ledger, settings: Settings, folder: Path, how: str) -> None:
    # Issue 14: one wrong Content-Length silently dropped every record after it, exit 0, and
    # the container was marked complete with 3 of 6 records.
    (folder / "crawl.warc").write_bytes(_damage_record(_warc_bytes(6, gzipped=False), 2, how))
    summary = _run(ledger, settings, folder)
    [failure] = summary.failures
    assert Path(failure.path).name == "crawl.warc"
    assert "at byte" in str(failure.locator)
    assert "WARC record" in failure.reason and len(failure.reason) < 300
    assert summary.counts["new"] == 6  # the five intact records, and the good file
    titles = {d.title for d in ledger.iter_documents()}
    assert {f"Report {i}" for i in (0, 1, 3, 4, 5)} <= titles
    # every record is accounted for (five stored, one failed with its reason)
    assert _container_status(ledger) == "complete"


def test_a_damaged_gzip_member_keeps_the_members_around_it(
        ledger: Ledger, settings: Settings, folder: Path) -> None:
    # Issue 14: a gzip corrupted mid-file failed the whole file, its intact records too.
    data = _warc_bytes(6)
    members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    assert len(members) == 6
    at = members[2] + 40  # inside the third record's compressed data
    damaged = data[:at] + bytes(b ^ 0x55 for b in data[at:at + 30]) + data[at + 30:]
    (folder / "crawl.warc.gz").write_bytes(damaged)
    summary = _run(ledger, settings, folder)
    [failure] = summary.failures
    assert str(failure.locator).startswith("after <urn:uuid:")
    assert failure.reason.startswith("corrupt gzip data")
    assert summary.counts["new"] == 6
    titles = {d.title for d in ledger.iter_documents()}
    assert {f"Report {i}" for i in (0, 1, 3, 4, 5)} <= titles
    # what the damage held cannot be counted: the next run reads the file again
    assert _container_status(ledger) == "stored"


def test_a_single_gzip_member_cut_short_keeps_what_came_before() -> None:
    # One gzip member for the whole WARC (as `gzip crawl.warc` writes): damage cannot be
    # passed, but the records decompressed before it are kept and the rest reported.
    plain = b"".join(_warc_bytes(1, gzipped=False) for _ in range(40))
    data = gzip.compress(plain)
    entries = list(read_warc(io.BytesIO(data[: len(data) * 2 // 3]), "crawl.warc.gz", "0" * 64,
                             1_000_000, 200, gzipped=True))
    records = [e for e in entries if isinstance(e, Record)]
    failures = [e for e in entries if isinstance(e, RecordFailure)]
    assert records and len(records) < 40
    [failure] = failures
    assert "truncated gzip" in failure.reason and str(failure.locator).startswith("after")


AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(AS_ROOT, reason="root reads a chmod 000 folder or file all the same")
def test_an_unreadable_folder_or_file_is_that_input_s_failure(
        ledger: Ledger, settings: Settings, folder: Path) -> None:
    # Issue 14: an unreadable subfolder was skipped with exit 0 and no message.
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text(GOOD)
    (folder / "secret.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    (folder / "locked").chmod(0)
    (folder / "secret.txt").chmod(0)
    try:
        summary = _run(ledger, settings, folder)
    finally:
        (folder / "locked").chmod(0o755)
        (folder / "secret.txt").chmod(0o644)
    reasons = _reasons(summary)
    assert reasons == {"locked": "cannot read folder: Permission denied",
                       "secret.txt": "cannot read file: Permission denied"}
    assert summary.counts["new"] == 1  # the run went on
    assert "cannot read folder" in ledger.runs(1)[0]["errors"]


def test_a_folder_the_walk_cannot_list_is_reported(
        ledger: Ledger, settings: Settings, folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The same, for any user (root included): listing the folder fails as it would on
    # chmod 000, a vanished mount or an I/O error.
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = _run(ledger, settings, folder)
    assert _reasons(summary) == {"locked": "cannot read folder: Permission denied"}
    assert summary.counts["new"] == 1
    assert ledger.runs(1)[0]["status"] == "finished with errors"


def test_json_nested_too_deep_is_that_line_s_failure(
        ledger: Ledger, settings: Settings, folder: Path) -> None:
    # Issue 14: 200,000 levels of nesting failed as "internal error, please report it".
    deep = '{"title": "Deep", "text": "x", "extra": ' + "[" * 200_000 + "]" * 200_000 + "}"
    (folder / "deep.jsonl").write_text(
        deep + "\n" + json.dumps({"title": "Flat", "text": GOOD}) + "\n")
    summary = _run(ledger, settings, folder)
    reasons = _reasons(summary)
    assert list(reasons) == ["deep.jsonl line 1"]
    assert "nested too deep" in reasons["deep.jsonl line 1"]
    assert "internal error" not in reasons["deep.jsonl line 1"]
    assert summary.counts["new"] == 2


def _no_room(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["evidence", "ledger"])
def test_a_full_disk_stops_the_run_with_one_line_and_resume_finishes_it(
        ledger: Ledger, settings: Settings, folder: Path, monkeypatch: pytest.MonkeyPatch,
        where: str) -> None:
    # Issue 14: disk full gave a raw traceback. Now: one clear line, the run recorded as
    # interrupted, and 'docket resume' completes it once there is room.
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(GOOD.replace("Monday", f"Monday ({name})"))
    calls = {"n": 0}
    if where == "evidence":
        real = EvidenceStore.put_bytes

        def put_bytes(self: EvidenceStore, data: bytes) -> str:
            calls["n"] += 1
            if calls["n"] == 2:
                _no_room()
            return real(self, data)

        monkeypatch.setattr(EvidenceStore, "put_bytes", put_bytes)
    else:
        real_store = Ledger.store_document

        def store_document(self: Ledger, *args: object, **kwargs: object) -> None:
            calls["n"] += 1
            if calls["n"] == 2:
                raise sqlite3.OperationalError("database or disk is full")
            real_store(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Ledger, "store_document", store_document)
    with pytest.raises(StorageFull) as raised:
        ingest_paths(ledger, [folder], settings)
    message = str(raised.value)
    assert "disk is full" in message or "no room" in message
    assert "docket resume" in message and "\n" not in message
    assert ledger.runs(1)[0]["status"] in ("aborted", "running")
    monkeypatch.undo()
    summary = resume_run(ledger, settings)
    assert summary.ok
    assert ledger.stats()["documents"] == 3


def test_a_full_disk_is_one_line_on_the_command_line(
        tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "a.txt").write_text(GOOD)
    # the write of the evidence file itself fails, as on a full disk
    monkeypatch.setattr("docket.ledger.evidence.os.fsync", _no_room)
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "d.db"),
                                       "--operator", "t"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [line] = result.output.strip().splitlines()[-1:]
    assert line.startswith("Error: no room to store evidence") and "docket resume" in line


@pytest.mark.parametrize("damage", ["deleted", "altered"])
def test_reprocess_fails_only_the_document_whose_evidence_is_damaged(
        ledger: Ledger, settings: Settings, folder: Path, damage: str) -> None:
    # Issue 14: one deleted evidence file stopped the whole reprocess (FileNotFoundError).
    (folder / "a.txt").write_text(GOOD.replace("Monday", "Sunday"))
    _run(ledger, settings, folder)
    docs = {Path(d.source.path).name: d for d in ledger.iter_documents()}
    victim = ledger.evidence.path_for(docs["a.txt"].source.sha256)
    victim.chmod(0o644)
    if damage == "deleted":
        victim.unlink()
    else:
        victim.write_bytes(b"someone else's words")
    summary = reprocess(ledger, settings)
    [failure] = summary.failures
    assert failure.path == docs["a.txt"].id
    expected = "missing" if damage == "deleted" else "altered: hash mismatch"
    assert failure.reason.startswith("evidence ") and expected in failure.reason
    assert summary.counts["reprocessed"] == 1 and not summary.ok
    assert ledger.runs(1)[0]["status"] == "finished with errors"


def _ledger_with_one_document(db: Path, folder: Path) -> Settings:
    settings = Settings.load(db=db, operator="t")
    (folder / "a.txt").write_text(GOOD)
    with Ledger.open(settings) as led:
        assert ingest_paths(led, [folder], settings).ok
    return settings


@pytest.mark.parametrize("name", ["cases #3", "what?", "100% sure", "a#b?c%d&mode=rw"])
def test_a_ledger_path_with_uri_characters_opens_read_only(
        tmp_path: Path, folder: Path, name: str) -> None:
    # Issue 14: a '#' or '?' in the ledger's path broke every read-only connection.
    settings = _ledger_with_one_document(tmp_path / name / "docket.db", folder)
    with Ledger.open(settings, readonly=True) as led:
        assert led.stats()["documents"] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            led._conn.execute("DELETE FROM document")
    listing = CliRunner().invoke(main, ["ls", "--json", "--db", str(settings.db)])
    assert listing.exit_code == 0, listing.output
    assert len(listing.output.strip().splitlines()) == 1


@pytest.mark.skipif(AS_ROOT, reason="root may write a read-only folder")
def test_a_ledger_on_read_only_media_can_be_read(tmp_path: Path, folder: Path) -> None:
    # Issue 14: with the folder not writable, SQLite could not make the -wal/-shm files a
    # read-only connection needs, so a ledger on read-only media could not be served.
    written = _ledger_with_one_document(tmp_path / "work" / "docket.db", folder)
    with sqlite3.connect(written.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # copied to the media as a finished ledger is: the file and its evidence, no -wal/-shm
    media = tmp_path / "media"
    shutil.copytree(written.db.parent, media, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    settings = Settings.load(db=media / "docket.db", operator="t")
    (media / "docket.db").chmod(0o444)
    media.chmod(0o555)
    try:
        with Ledger.open(settings, readonly=True) as led:
            assert led.stats()["documents"] == 1
        listing = CliRunner().invoke(main, ["ls", "--json", "--db", str(settings.db)])
        assert listing.exit_code == 0, listing.output
        # The evidence can be checked there too, though the check cannot be recorded.
        checked = CliRunner().invoke(main, ["verify", "--db", str(settings.db)])
        assert checked.exit_code == 0, checked.output
        assert "not recorded" in checked.output and "OK:" in checked.output
    finally:
        media.chmod(0o755)
