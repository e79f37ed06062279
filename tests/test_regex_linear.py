"""Regular expressions on article text stay linear (issue 14).

No clock here: bench/regex_growth.py times every pattern. These tests check what the fixed patterns
match on long adversarial runs (the same as on ordinary text), and that no pattern compiled in
docket/ nests an unbounded quantifier inside another ("(a+)+", "(\\w+\\s?)*").
"""

from __future__ import annotations

import functools
import importlib.util
import re
import re._constants as sre_c
import re._parser as sre_parse
import sys
from pathlib import Path
from typing import Any

from docket.clean import textmeta

ROOT = Path(__file__).resolve().parents[1]
RUN = 5_000


def _bench() -> Any:
    """bench/regex_growth.py, whose collect_patterns walks docket/ (the same patterns it times)."""
    if "bench_regex" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_regex",
                                                      ROOT / "bench" / "regex_growth.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_regex"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_regex"]


@functools.cache
def _found() -> list[Any]:
    """Every pattern compiled in docket/, as bench/regex_growth.py collects them (read once)."""
    return list(_bench().collect_patterns())


def _mandatory(items: Any) -> list[tuple[Any, Any]]:
    """A sequence's items that must match something (optional ones and assertions dropped)."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] == 0 \
                and av[1] != sre_c.MAXREPEAT:
            continue
        if op is sre_c.SUBPATTERN:
            out.extend(_mandatory(av[-1]))
            continue
        out.append((op, av))
    return out


def _is_one_unbounded(items: Any) -> bool:
    rest = _mandatory(items)
    if len(rest) != 1:
        return False
    op, av = rest[0]
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
        return bool(av[1] == sre_c.MAXREPEAT)
    if op is sre_c.BRANCH:
        return any(_is_one_unbounded(b) for b in av[1])
    return False


def nested_unbounded(items: Any) -> bool:
    """An unbounded repeat whose body is itself one unbounded repeat, give or take optional
    items: the body can split a run in exponentially many ways. Possessive repeats and atomic
    groups never backtrack into their body and are left out."""
    for op, av in items:
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            if av[1] == sre_c.MAXREPEAT and _is_one_unbounded(av[2]):
                return True
            if nested_unbounded(av[2]):
                return True
        else:
            inner = ([av[-1]] if op is sre_c.SUBPATTERN else av[1] if op is sre_c.BRANCH
                     else [av[1]] if op in (sre_c.ASSERT, sre_c.ASSERT_NOT) else [])
            if any(nested_unbounded(sub) for sub in inner):
                return True
    return False


def _parse(pattern: re.Pattern[Any]) -> Any:
    source = pattern.pattern
    if isinstance(source, bytes):
        return sre_parse.parse(source.decode("latin-1"), pattern.flags & ~re.UNICODE)
    return sre_parse.parse(source, pattern.flags)


def test_the_static_check_finds_nested_quantifiers() -> None:
    for source in (r"(a+)+", r"(\w+\s?)*", r"(?:[-']?\w+)*x", r"(?:a|b+)*", r"(a*)*"):
        assert nested_unbounded(sre_parse.parse(source)), source
    for source in (r"\w+(?:\s+\w+)*", r"(?>a+)+", r"(a++)+", r"(?:,\s*\d+)*", r"(?:ab+){0,3}"):
        assert not nested_unbounded(sre_parse.parse(source)), source


def test_no_pattern_in_docket_nests_unbounded_quantifiers() -> None:
    found = _found()
    assert len(found) > 300  # the walk reached the stages
    nested = [f.name for f in found if nested_unbounded(_parse(f.pattern))]
    assert nested == []


def test_separators_start_where_a_run_of_spaces_starts() -> None:
    # A long run of spaces with no separator: nothing, and (bench/regex_growth.py) linear time.
    for pattern in (textmeta._MAST_SEP, textmeta._TITLE_SEP, textmeta._TAIL_SEP,
                    textmeta._AND_SEP):
        assert pattern.search(" " * RUN) is None
        assert pattern.search("\n" * RUN) is None
    # The same match as before the lookbehind: from the first space of the run.
    text = "Headline" + " " * RUN + "| Outlet"
    for pattern in (textmeta._MAST_SEP, textmeta._TITLE_SEP, textmeta._TAIL_SEP):
        m = pattern.search(text)
        assert m is not None and m.span() == (8, 8 + RUN + 2)
    assert textmeta._AND_SEP.search("Ann Lee" + " " * RUN + "and Bo Li").span() == (
        7, 7 + RUN + 4)


def test_a_bracket_or_a_comma_matches_alone_or_after_spaces() -> None:
    assert textmeta._TAIL_SEP.search("John Smith (AP)").span() == (10, 12)
    assert textmeta._TAIL_SEP.search("(AP)").span() == (0, 1)
    m = textmeta._TAIL_SEP.search("By (AP)", 3)
    assert m is not None and m.start() == 3
    assert textmeta._AND_SEP.search("Ann Lee , Bo Li").span() == (7, 10)
    assert textmeta._AND_SEP.search("Ann Lee, Bo Li").span() == (7, 9)
    assert [m.group("and") for m in textmeta._AND_SEP.finditer("A, B and C")] == [None, "and"]
    assert textmeta._TAIL_SEP.search("Ann Lee in Kyiv").group("place") == "in"


def test_a_conjunction_at_the_end_of_a_long_separator_run_is_cut() -> None:
    from docket.extract import claims

    source = Path(claims.__file__).read_text(encoding="utf-8")
    pattern = re.compile(r"(?<![\s,;])[\s,;]+(?:and|but|or|while)$")
    assert pattern.pattern in source  # the pattern the claim stage runs
    assert pattern.sub("", "he said" + " ," * RUN + " and") == "he said"
    assert pattern.sub("", " ," * RUN) == " ," * RUN
    assert pattern.sub("", "troops and") == "troops"
    assert pattern.sub("", "Orlando") == "Orlando"


def test_the_month_day_date_reads_only_whole_words() -> None:
    from docket.link.fingerprint import _MONTH_DAY

    assert _MONTH_DAY.search("a" * RUN) is None
    assert _MONTH_DAY.search("a" * RUN + " 5") is None  # longer than any month name
    assert [m.groups() for m in _MONTH_DAY.finditer("x" * RUN + " March 5th")] == [
        ("March", "5")]


def test_a_kind_word_after_a_place_starts_where_its_spaces_start() -> None:
    from docket.nlp import places

    for pattern in (places._SUFFIX_ADMIN, places._SUFFIX_ADMIN2, places._SUFFIX_SETTLEMENT):
        assert pattern.search(" " * RUN) is None
        assert pattern.search("\n" * RUN + "x") is None
    m = places._SUFFIX_ADMIN2.search("Izium" + " " * RUN + "raion")
    assert m is not None and m.span() == (5, 5 + RUN + 5)
    assert places._strip_kind_words("Izium raion") == "Izium"
    assert places._strip_kind_words("Kharkiv  region") == "Kharkiv"
    assert places._strip_kind_words("Bucha city") == "Bucha"


def test_a_vague_date_loses_its_trailing_words_after_any_run_of_spaces() -> None:
    from docket.nlp import temporal

    assert temporal._TRAILING.sub("", " " * RUN) == " " * RUN
    assert temporal._INNER.sub("", " " * RUN + "or sox") == " " * RUN + "or sox"
    assert temporal._TRAILING.sub("", "2020" + " " * RUN + "or so") == "2020"
    assert temporal._INNER.sub("", "a week or so ago") == "a week ago"
    assert temporal._strip_modifiers("in 2021 or later") == "2021"


def test_a_cited_name_before_reports_is_read_from_its_first_capital() -> None:
    from docket.link.stories import _CITE_PATTERNS, _outlet_key, cited_outlet

    reports = _CITE_PATTERNS[3]
    for run in ("A" * RUN, "A " * RUN, "Ab" * RUN, "A-" * RUN):
        assert reports.search(run) is None
    assert [m.group(1) for m in reports.finditer("x" * RUN + " Reuters reports")] == ["Reuters"]
    mixed = "xA" * RUN + " reports"
    assert [m.group(1) for m in reports.finditer(mixed)] == ["A" + "xA" * (RUN - 1)]
    # Group 1 as before: from the first capital of the run ("iPhone" → "Phone").
    assert [m.group(1) for m in reports.finditer(
        "Then the New York Times reported it; iPhone reports x")] == ["New York Times", "Phone"]
    known = {_outlet_key("BBC"): "BBC"}
    assert cited_outlet("Officials spoke. BBC said in a report on Monday.", known) == "BBC"


def test_a_comment_count_is_read_whole_on_a_run_of_brackets() -> None:
    from docket.clean.furniture import _COMMENT_COUNT

    for line in ("Comments (12)", "12 comments", "Коментарі (3)", "— Kommentare 4 —",
                 "comments " + "(" * RUN, "comment"):
        assert _COMMENT_COUNT.fullmatch(line), line
    for line in ("comments " + "(" * RUN + "x", "comments" + " " * RUN + "x",
                 "1" * RUN + "x", "Leave a comment"):
        assert not _COMMENT_COUNT.fullmatch(line), line[:20]


def test_a_page_generation_note_is_found_on_a_long_run_of_digits() -> None:
    from docket.clean.furniture_lexicon import _ANYWHERE, lexicon_hits

    other = _ANYWHERE["other"]
    assert other.search("1" * RUN) is None
    assert other.search("generated in " + "1" * RUN + "x") is None
    assert other.search("1" * RUN + " queries in 0.2").start() == 0
    assert other.search("page took 12 queries in 0.04s").start() == 10
    assert other.search("generated in 0.25 seconds") is not None
    assert [h.kind for h in lexicon_hits("Page generated in 0.31 seconds.", 5)] == ["other"]


def test_a_meta_charset_is_read_within_its_own_tag() -> None:
    from docket.clean.decode import _META_CHARSET

    assert _META_CHARSET.search(b"<meta" * RUN) is None
    assert _META_CHARSET.search(b"<meta " * RUN) is None
    head = (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            b"<meta charset=koi8-r>")
    m = _META_CHARSET.search(head)
    assert m is not None and m.group(1) == b"windows-1251"
    assert _META_CHARSET.search(b"<meta <meta charset='utf-8'>").group(1) == b"utf-8"


def by_uses_hold(found: list[Any], uses: dict[str, tuple[frozenset[str], str]]) -> bool:
    """Each pattern whose uses are stated is timed with them."""
    return all(f.uses == uses[f.name][0] for f in found if f.name in uses)


def test_patterns_judged_bounded_name_collected_patterns_and_their_windows() -> None:
    from docket.nlp import roles

    bench = _bench()
    found = _found()
    names = {f.name for f in found}
    assert set(bench.USES) <= names
    assert by_uses_hold(found, bench.USES)
    for name, why in bench.BOUNDED.items():
        assert any(f.name == name or (name.endswith("[") and f.name.startswith(name))
                   for f in found), name
        assert why
    # The windows the reasons state, as the callers set them.
    assert roles._WINDOW == 200 and roles._TITLE_REACH == 60
    by_name = {f.name: f for f in found}
    assert by_name["docket.nlp.roles._BEFORE_OF"].bounded is not None
    assert by_name["docket.nlp.places._SUFFIX_ADMIN2"].bounded is None


def test_a_compiled_name_is_timed_by_the_calls_made_on_it() -> None:
    by_name = {f.name: f for f in _found()}
    # The re.compile a module-level name holds is not a scan; the name's calls are its uses.
    assert by_name["docket.web.pages._SPAN_PARAM"].methods == ("fullmatch",)
    assert by_name["docket.clean.textmeta._FURNITURE_START"].methods == ("match",)
    assert by_name["docket.nlp.temporal._REFERENCE"].methods == ("match",)
    assert by_name["docket.nlp.places._SUFFIX_ADMIN2"].methods == ("finditer",)


def test_a_source_line_is_read_after_any_run_of_blank_lines() -> None:
    from docket.link.stories import _CITE_PATTERNS, _outlet_key, cited_outlet

    source = _CITE_PATTERNS[4]
    assert source.search("\n" * RUN) is None
    assert source.search(" \n" * RUN + "x") is None
    assert [m.group(1) for m in source.finditer("\n" * RUN + "  Source: Reuters")] == ["Reuters"]
    assert [m.group(1) for m in source.finditer("Text.\n\nVia : AFP\nДжерело: Укрінформ")] == [
        "AFP"]  # the name is Latin capitals only, as before
    assert source.search("the source: Reuters") is None  # not at the start of its line
    known = {_outlet_key("Reuters".rstrip("s")): "Reuters"}  # as cited_outlet looks it up
    assert cited_outlet("Shelling overnight.\n\n\nSource: Reuters", known) == "Reuters"


def test_byline_names_split_the_same_on_long_runs_of_spaces() -> None:
    from docket.clean.furniture_features import _NAME_JOIN

    assert _NAME_JOIN.split("Ann Lee and Bo Kim, Jo Park") == ["Ann Lee", "Bo Kim", "Jo Park"]
    assert _NAME_JOIN.split("Ann Lee" + " " * RUN + ", Bo Kim") == ["Ann Lee", "Bo Kim"]
    assert _NAME_JOIN.search(" " * RUN) is None
    assert _NAME_JOIN.split("Ann Lee" + " " * RUN + "Bo") == ["Ann Lee" + " " * RUN + "Bo"]


def test_a_quoted_number_is_found_at_the_end_of_a_long_run_of_digits() -> None:
    from docket.clean.furniture import _QUOTE_NUMBER

    assert _QUOTE_NUMBER.search("1" * RUN) is None
    assert _QUOTE_NUMBER.search("1" * RUN + "x%") is None
    assert _QUOTE_NUMBER.search("1" * RUN + " %") is not None
    for line in ("Brent +3.5 %", "−12°", "$ 40", "UAH 41,2%"):
        assert _QUOTE_NUMBER.search(line), line


def test_a_unit_parent_gap_is_read_whole_on_long_runs_of_spaces() -> None:
    from docket.nlp.units import _PARENT_GAP

    assert _PARENT_GAP.fullmatch(" " * RUN + "x") is None
    assert _PARENT_GAP.fullmatch(" " * RUN + "," + " " * RUN + "of" + " " * RUN) is not None
    for gap in (" of the ", ", part of ", " , which is subordinate to the ", " from "):
        assert _PARENT_GAP.fullmatch(gap), gap
    assert _PARENT_GAP.fullmatch(" and ") is None


def test_area_words_and_stated_distances_on_long_runs() -> None:
    from docket.nlp.gazetteer import _AREA_WORDS
    from docket.nlp.places import _stated_km

    assert _AREA_WORDS.sub("", "Kharkiv Oblast") == "Kharkiv"
    assert _AREA_WORDS.sub("", " " * RUN) == " " * RUN
    assert _stated_km("1" * RUN) == 0.0
    assert _stated_km("20 km south of") == 20.0
    assert _stated_km("about 12.5 kilometres from") == 12.5
