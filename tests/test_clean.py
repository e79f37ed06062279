"""Decoding, normalisation, dates and language: what a reader of the ledger would see."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docket.clean.dates import parse_published
from docket.clean.decode import decode_bytes
from docket.clean.language import detect_language
from docket.clean.normalize import close_spaced_mojibake, normalize_line
from docket.errors import InputError


def test_bom_wins() -> None:
    decoded = decode_bytes(codecs.BOM_UTF16_LE + "Збройні сили".encode("utf-16-le"))
    assert decoded.text == "Збройні сили" and decoded.method == "bom"


def test_html_meta_charset_used_when_utf8_fails() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Херсон</body></html>'
    decoded = decode_bytes(page.encode("cp1251"), html=True)
    assert "Херсон" in decoded.text and decoded.method == "meta"


def test_http_charset_hint() -> None:
    decoded = decode_bytes("Straße in Charkiw".encode("latin-1"), charset_hint="ISO-8859-1")
    assert decoded.text == "Straße in Charkiw" and decoded.method == "http header"


def test_binary_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03binary\x00")


def test_mojibake_repaired_but_quotes_stay_curly() -> None:
    assert normalize_line("The cafÃ© was hit, â€œwitnessesâ€\x9d said") == \
        "The café was hit, “witnesses” said"
    assert normalize_line("He said “no” and ‘never’") == "He said “no” and ‘never’"


def test_spaced_cyrillic_mojibake() -> None:
    # UTF-8 Cyrillic read as cp1251, then spaced out pair by pair by a translation step.
    original = "обстріл"
    mojibake = original.encode("utf-8").decode("cp1251")
    spaced = " ".join(mojibake[i:i + 2] for i in range(0, len(mojibake), 2))
    repaired = normalize_line(f"Report: {spaced} of the village")
    assert repaired == f"Report: {original} of the village"
    # Real word spaces between whole mojibake words survive.
    two = "привет мир".encode().decode("cp1251")
    assert normalize_line(two) == "привет мир"
    # Ordinary Cyrillic is never touched.
    assert close_spaced_mojibake("СССР и РФ, Россия") == "СССР и РФ, Россия"


def test_nfc_and_whitespace() -> None:
    decomposed = unicodedata.normalize("NFD", "Ukraïne café")
    assert normalize_line(f"  {decomposed}\t\u00a0 ok  ") == "Ukraïne café ok"


def test_normalizing_twice_changes_nothing() -> None:
    # Once the newlines are spaces, 'Â' before a space reads as the mojibake of a no-break
    # space; a single pass used to leave 'Â Kharkiv', which the next pass turned into 'Kharkiv'.
    once = normalize_line("\nÂ\nKharkiv")
    assert once == "Kharkiv" and normalize_line(once) == once
    # A control between the two halves of a mojibake pair, and an entity inside an entity.
    assert normalize_line("caf\u00c3\x00\u00a9") == "café"
    assert normalize_line("Tom &amp;amp; Jerry") == "Tom & Jerry"


# Raw lines as broken pages have them: UTF-8 read as a single-byte code page (once or twice),
# controls and line breaks between the characters, spaced-out pairs, entities, plain text.
_CODEPAGES = ("latin-1", "cp1252", "cp1251", "mac_roman")
_FRAGMENTS = ("Kharkiv", "Харків", "café", "“quoted”", "—", "€", "日本", "🙂", "&amp;", "&lt;",
              " ", "\n", "\t", "\u00a0", "\x00", "\x85", "\u2028", "Â", "Ã", "Р", "С", "в")


def _mojibake(text: str, codepages: list[str]) -> str:
    for codepage in codepages:
        text = text.encode("utf-8").decode(codepage, errors="replace")
    return text


_MOJIBAKE = st.builds(_mojibake, st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join),
                      st.lists(st.sampled_from(_CODEPAGES), max_size=3))
_RAW_LINE = st.lists(
    st.one_of(_MOJIBAKE, st.sampled_from(_FRAGMENTS), st.text(max_size=8),
              st.builds(lambda text, gap: gap.join(text), _MOJIBAKE,
                        st.sampled_from([" ", "\n", "\x00", "\u00a0"]))),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_RAW_LINE)
def test_normalize_line_is_idempotent(raw: str) -> None:
    once = normalize_line(raw)
    assert normalize_line(once) == once


@pytest.mark.parametrize(("raw", "value", "precision"), [
    ("2023-03-14", "2023-03-14", "day"),
    ("2023-03", "2023-03", "month"),
    ("2023", "2023", "year"),
    ("March 2023", "2023-03", "month"),
    ("14 March 2023", "2023-03-14", "day"),
    ("2023-03-14T08:30:00+02:00", "2023-03-14T06:30:00Z", "datetime"),
    ("Tue, 14 Mar 2023 08:30:00 GMT", "2023-03-14T08:30:00Z", "datetime"),
    ("1678782600", "2023-03-14T08:30:00Z", "datetime"),
])
def test_published_dates(raw: str, value: str, precision: str) -> None:
    parsed = parse_published(raw, "test")
    assert parsed is not None and (parsed.value, parsed.precision) == (value, precision)


@pytest.mark.parametrize("raw", ["", "yesterday", "soon", "2023-13", "0001-01-01", "n/a"])
def test_no_date_rather_than_a_wrong_one(raw: str) -> None:
    assert parse_published(raw, "test") is None


def test_language() -> None:
    english = detect_language("The governor said at least four civilians were killed in the "
                              "shelling and that rescue teams were still at work.")
    assert english.code == "en" and english.note is None
    russian = detect_language("Губернатор заявил, что в результате обстрела погибли по меньшей "
                              "мере четыре мирных жителя.")
    assert russian.code == "ru"
    short = detect_language("OK.")
    assert short.code is None and short.note and "too little text" in short.note


def test_pipeline_lays_out_plain_text_as_normalize_text() -> None:
    from docket.clean.normalize import normalize_text
    from docket.model import Record
    from docket.settings import Settings
    from docket.workflows.pipeline import process_record

    raw = "Headline  here\r\n\r\n\r\nFirst   paragraph.\n  \nSecond\tparagraph.\n"
    doc = process_record(Record("text", raw.encode(), "t.txt"), Settings(keep_furniture=True))
    assert doc.full_text == normalize_text(raw) == (
        "Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n")
