"""Caps on nesting depth and on time per document: a hostile page fails alone, clearly."""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import threading
import time
from pathlib import Path

import pytest

import docket.workflows.pipeline
from docket.errors import CapExceeded, DocumentTimeout, InputError, SettingsError
from docket.ingest.feeds import read_feed
from docket.ingest.limits import check_nesting, time_limit
from docket.ledger.store import Ledger
from docket.model import Record
from docket.settings import Settings
from docket.workflows.pipeline import process_record_all
from docket.workflows.runner import ingest_paths

STORY = ("Regional officials said a drone struck a grain store near Ozerne on Monday night "
         "and that two guards were wounded.")


def test_flat_pages_pass_however_many_optional_end_tags_they_omit() -> None:
    # Old pages never close <p>, <li> or <td>: a browser reads them flat, so must the cap.
    page = ("<html><body>" + "<p>line" * 3000 + "<ul>" + "<li>item" * 3000 + "</ul><table>"
            + "<tr><td>a<td>b" * 3000 + "</table><br><img src=x>" * 3000 + "</body></html>")
    check_nesting(page, 20)
    check_nesting(page.encode(), 20)


def test_tags_in_comments_cdata_and_scripts_do_not_count() -> None:
    hidden = ("<!--" + "<div>" * 50 + "--><script>var s = '" + "<div>" * 50 + "';</script>"
              "<![CDATA[" + "<div>" * 50 + "]]>")
    check_nesting("<div>" + hidden + "</div>", 10)


def test_deep_markup_is_refused_naming_the_setting() -> None:
    with pytest.raises(CapExceeded, match="max_nesting_depth"):
        check_nesting("<div>" * 600 + "text" + "</div>" * 600, 512)
    check_nesting("<div>" * 500 + "text" + "</div>" * 500, 512)


@pytest.mark.parametrize("garbage", ["<a" * 100_000, "<!--" * 100_000, "</b>" * 100_000,
                                     "<" * 400_000, "<![CDATA[" * 50_000, "<script>" * 50_000])
def test_nesting_scan_accepts_pathological_markup(garbage: str) -> None:
    check_nesting(garbage, 512)  # no nesting to refuse; how fast it says so: bench/limits.py


def test_deep_html_record_fails_with_the_cap(settings: Settings) -> None:
    html = ("<html><body>" + "<span>" * 80 + f"<p>{STORY}</p>" + "</span>" * 80
            + "</body></html>").encode()
    record = Record("html", html, "deep.html", None, "0" * 64)
    tight = dataclasses.replace(settings, max_nesting_depth=50)
    with pytest.raises(CapExceeded, match="max_nesting_depth"):
        process_record_all(record, tight, analyse=False)
    docs = process_record_all(record, settings, analyse=False)
    assert STORY in docs[0].text


def test_deep_feed_is_refused_and_depth_reaches_the_reader() -> None:
    feed = (b"<rss><channel><title>Wire</title><item><title>T</title><description>"
            + b"<x>" * 40 + b"deep" + b"</x>" * 40 + b"</description></item></channel></rss>")
    with pytest.raises(CapExceeded, match="max_nesting_depth"):
        list(read_feed(feed, "wire.rss", "0" * 64, max_nesting_depth=30))
    assert len(list(read_feed(feed, "wire.rss", "0" * 64))) == 1


def test_new_settings_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKET_MAX_NESTING_DEPTH", "64")
    monkeypatch.setenv("DOCKET_DOCUMENT_SECONDS", "2.5")
    loaded = Settings.load()
    assert (loaded.max_nesting_depth, loaded.document_seconds) == (64, 2.5)
    with pytest.raises(SettingsError):
        Settings.load(max_nesting_depth="0")
    with pytest.raises(SettingsError):
        Settings.load(document_seconds="-1")


def test_time_limit_raises_a_clear_input_error_and_restores_the_alarm() -> None:
    assert issubclass(DocumentTimeout, InputError)
    before = signal.getsignal(signal.SIGALRM)
    timeout = pytest.raises(DocumentTimeout, match=r"document_seconds \(0.1 s\): slow\.txt")
    with timeout, time_limit(0.1, "slow.txt"):
        time.sleep(5)
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_cannot_be_swallowed_by_a_broad_except() -> None:
    # The inner suppress is what a careless stage does: catch everything and carry on. The
    # timeout reaching pytest.raises is the proof that the five-second sleep was cut short.
    with pytest.raises(DocumentTimeout), time_limit(0.1, "stubborn"), \
            contextlib.suppress(Exception):
        time.sleep(5)


def test_time_limit_keeps_an_outer_limit_running() -> None:
    with pytest.raises(DocumentTimeout, match="outer"), time_limit(0.3, "outer"):
        with time_limit(5, "inner"):
            pass
        time.sleep(5)


def test_time_limit_is_off_at_zero_and_outside_the_main_thread() -> None:
    with time_limit(0, "off"):
        time.sleep(0.05)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with time_limit(0.01, "thread"):
                time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert errors == []


def _slow_on_one_page(monkeypatch: pytest.MonkeyPatch, seconds: float = 3) -> None:
    real = docket.workflows.pipeline.extract_text_metadata

    def slow(text: str, *args: object, **kwargs: object) -> object:
        if "Kalynivka" in text:
            time.sleep(seconds)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docket.workflows.pipeline, "extract_text_metadata", slow)


def test_slow_document_fails_and_the_next_is_processed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_on_one_page(monkeypatch)
    quick = dataclasses.replace(settings, document_seconds=0.2)
    slow_page = Record("text", (STORY.replace("Ozerne", "Kalynivka") + "\n").encode(),
                       "a_slow.txt", None, "0" * 64)
    fine_page = Record("text", (STORY + "\n").encode(), "b_fine.txt", None, "0" * 64)
    with pytest.raises(InputError) as failure:
        process_record_all(slow_page, quick, analyse=False)
    assert str(failure.value).startswith(
        "document took longer than document_seconds (0.2 s): a_slow.txt")
    assert "raise the setting or remove the document" in str(failure.value)
    docs = process_record_all(fine_page, quick, analyse=False)
    assert "Ozerne" in docs[0].text


def test_a_run_records_the_slow_document_and_goes_on(
    ledger: Ledger, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_on_one_page(monkeypatch, seconds=30)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a_slow.txt").write_text(STORY.replace("Ozerne", "Kalynivka") + "\n")
    (folder / "b_fine.txt").write_text(STORY + "\n")
    # One second: the analysis stages (spaCy) run too, but the model loads outside the limit.
    summary = ingest_paths(ledger, [folder], dataclasses.replace(settings, document_seconds=1),
                           workers=1)
    reasons = {Path(f.path).name: f.reason for f in summary.failures}
    assert reasons["a_slow.txt"].startswith("document took longer than document_seconds (1 s)")
    texts = [doc.text for doc in ledger.iter_documents()]
    assert any("Ozerne" in t for t in texts) and not any("Kalynivka" in t for t in texts)
