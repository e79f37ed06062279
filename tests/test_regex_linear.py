"""Regular expressions on article text stay linear (issue 14).

No clock here: bench/regex.py times every pattern. These tests check what the fixed patterns
match on long adversarial runs (the same as on ordinary text), and that no pattern compiled in
docket/ nests an unbounded quantifier inside another ("(a+)+", "(\\w+\\s?)*").
"""

from __future__ import annotations

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
    """bench/regex.py, whose collect_patterns walks docket/ (the same patterns it times)."""
    if "bench_regex" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_regex", ROOT / "bench" / "regex.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_regex"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_regex"]


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
    found = _bench().collect_patterns()
    assert len(found) > 300  # the walk reached the stages
    nested = [f.name for f in found if nested_unbounded(_parse(f.pattern))]
    assert nested == []


def test_separators_start_where_a_run_of_spaces_starts() -> None:
    # A long run of spaces with no separator: nothing, and (bench/regex.py) linear time.
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
