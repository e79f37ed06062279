"""The named rules that read a page's top line as its masthead (docket/clean/textmeta.py).

A top line is the outlet's masthead when it is shaped like a name, none of ``_NOT_A_MASTHEAD``
turns it down, and one of ``_MASTHEAD_SIGNS`` says so. Each rule and sign has a short invented
line here; each line turned down would be a masthead without that rule.
"""

from __future__ import annotations

import pytest

from docket.clean.textmeta import _MASTHEAD_SIGNS, _NOT_A_MASTHEAD, extract_text_metadata
from docket.model import Span

BODY = ("\n\nShelling damaged a school in the centre of the city on Monday, officials said.\n\n"
        "The regional governor said no one was hurt in the attack, which came shortly after "
        "dawn.\n")

# (sign, top line, URL, the line is navigation, the outlet read)
SIGNS = [
    ("named-in-the-url", "Zorya Vistnyk", "https://zoryavistnyk.example/news/1", False,
     "Zorya Vistnyk"),
    ("with-a-tagline", "Zorya Vistnyk — independent reporting from the steppe", None, False,
     "Zorya Vistnyk"),
    ("capitals-with-company", "ZORYA VISTNYK | Home", None, False, "Zorya Vistnyk"),
    ("outlet-word", "Poltava Herald", None, False, "Poltava Herald"),
    ("first-in-a-navigation-bar", "Zorya Vistnyk", None, True, "Zorya Vistnyk"),
]
# (rule, top line turned down, URL that would otherwise make it a masthead)
REFUSALS = [
    ("not-name-shaped", "The poltava Herald", None),
    ("menu-or-date", "Home News World", "https://homenewsworld.example/"),
    ("menu-or-date", "Poltava Herald — 12 March 2023", "https://poltavaherald.example/"),
    ("desk-or-calendar-word", "Monday Herald", None),
    ("sentence-or-byline", "Poltava Herald.", None),
    ("sentence-or-byline", "By Poltava Herald", None),
]


def _outlet(line: str, url: str | None = None, navigation: bool = False) -> str | None:
    removed = (Span(0, len(line), "navigation", "test"),) if navigation else ()
    return extract_text_metadata(line + BODY, removed, url=url).outlet


def test_every_rule_and_sign_has_a_case() -> None:
    assert {name for name, _ in _MASTHEAD_SIGNS} == {name for name, *_ in SIGNS}
    assert {name for name, _ in _NOT_A_MASTHEAD} == {name for name, *_ in REFUSALS}


def test_a_name_alone_is_no_masthead() -> None:
    assert _outlet("Zorya Vistnyk") is None
    assert _outlet("ZORYA VISTNYK") is None  # a shouted headline, as far as anyone can tell


@pytest.mark.parametrize(("sign", "line", "url", "navigation", "outlet"), SIGNS,
                         ids=[s[0] for s in SIGNS])
def test_sign_makes_a_masthead(sign: str, line: str, url: str | None, navigation: bool,
                               outlet: str) -> None:
    assert _outlet(line, url, navigation) == outlet


@pytest.mark.parametrize(("rule", "line", "url"), REFUSALS,
                         ids=[f"{r[0]}:{r[1]}" for r in REFUSALS])
def test_rule_turns_a_line_down(rule: str, line: str, url: str | None) -> None:
    assert _outlet(line, url) is None


def test_a_refused_line_would_be_a_masthead_without_its_refusal() -> None:
    # The same names, once the words that turn them down are gone, are mastheads.
    assert _outlet("The Poltava Herald") == "The Poltava Herald"
    assert _outlet("Home News World Ledger") == "Home News World Ledger"
    assert _outlet("Poltava Herald — evening edition",
                   "https://poltavaherald.example/") == "Poltava Herald"
    assert _outlet("Sunday Herald") is None and _outlet("Steppe Herald") == "Steppe Herald"
