"""Hostile input, generated: the parsers either read it or refuse it with an InputError."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from docket.clean.decode import decode_bytes
from docket.clean.normalize import normalize_line
from docket.errors import InputError
from docket.ingest.feeds import read_feed
from docket.ingest.guarded import GuardedGunzip
from docket.ingest.jsonl import read_jsonl
from docket.ingest.records import parse_record
from docket.model import Record, RecordFailure


@given(st.text())
def test_normalize_is_idempotent_and_single_line(text: str) -> None:
    once = normalize_line(text.replace("\n", " "))
    assert normalize_line(once) == once
    assert "\n" not in once and once == once.strip()


@given(st.binary(max_size=2000), st.booleans())
def test_decode_reads_or_refuses(data: bytes, html: bool) -> None:
    try:
        decoded = decode_bytes(data, html=html)
    except InputError:
        return
    assert isinstance(decoded.text, str)


@given(st.binary(max_size=3000))
def test_jsonl_lines_read_or_refused(data: bytes) -> None:
    for entry in read_jsonl(io.BytesIO(data), "x.jsonl", "0" * 64, 500):
        if isinstance(entry, RecordFailure):
            assert entry.reason
            continue
        try:
            article = parse_record(entry)
        except InputError:
            continue
        assert article.body is not None


@settings(max_examples=50)
@given(st.binary(max_size=2000))
def test_feeds_read_or_refused(data: bytes) -> None:
    try:
        for entry in read_feed(b"<rss><channel>" + data + b"</channel></rss>", "f.rss", "0"):
            assert isinstance(entry, Record | RecordFailure)
    except InputError:
        pass


@given(st.binary(max_size=2000))
def test_gunzip_of_garbage_is_refused_not_crashed(data: bytes) -> None:
    stream = GuardedGunzip(io.BytesIO(b"\x1f\x8b\x08\x00" + data), 100)
    try:
        while stream.read(512):
            pass
    except InputError:
        pass
