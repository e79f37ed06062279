"""Caps that bound the work one hostile document can cause: nesting depth and wall-clock time.

Size and decompression caps live where bytes are read (jsonl, warc, guarded); these two guard
the parsers themselves. libxml2 truncates or refuses very deep trees and trafilatura recurses
over them, so markup deeper than `max_nesting_depth` is refused before any parser sees it, with
an error that names the setting. Anything else that is slow (a pathological regex, an
alignment gone quadratic) is stopped by `time_limit` around the whole per-document pipeline.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from docket.errors import CapExceeded, DocumentTimeout

# Their defaults are settings (docket/settings.py), named here where the limits act.
from docket.settings import DEFAULT_DOCUMENT_SECONDS, DEFAULT_MAX_NESTING_DEPTH

__all__ = ["DEFAULT_DOCUMENT_SECONDS", "DEFAULT_MAX_NESTING_DEPTH", "check_nesting",
           "time_limit"]

# Elements that never hold content: they open no level.
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr",
    "image", "img", "input", "isindex", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
})
# An opening tag implicitly closes an open sibling of these kinds (HTML's optional end tags), so
# a page of a thousand unclosed <p> or <li> is flat, as a browser and lxml read it.
_CLOSES: dict[str, frozenset[str]] = {
    "p": frozenset({"p"}),
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
    "optgroup": frozenset({"optgroup", "option"}),
    "thead": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "tbody": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
    "tfoot": frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}),
}
# Their content is text, not markup: skipped to their end tag.
_RAW_TEXT = ("script", "style", "textarea", "xmp")

# `[^<>]*` rather than `[^>]*`: a run of '<' without '>' must not make every attempt scan to the
# end of the page (quadratic). A tag with '<' inside an attribute value is simply not counted.
_TAG = r"<!--|<!\[CDATA\[|<(/?)([A-Za-z][^\s/<>]*)[^<>]*?(/?)>"
_PATTERNS: dict[type, Any] = {
    str: re.compile(_TAG),
    bytes: re.compile(_TAG.encode("ascii")),
}
_RAW_END = {
    kind: {name: re.compile((f"</{name}" if kind is str else f"</{name}".encode()), re.I)
           for name in _RAW_TEXT}
    for kind in (str, bytes)
}


def check_nesting(markup: str | bytes, max_depth: int) -> None:
    """Raise `CapExceeded` when element nesting in `markup` goes deeper than `max_depth`.

    A linear scan of open and close tags, not a parser: comments, CDATA and script/style text
    are skipped, void and self-closed elements open no level, HTML's optional end tags are
    implied and a close tag closes everything opened after its element (as lxml does). It can
    over- or under-count odd markup by a little; it never raises anything else.
    """
    depth = _max_depth(markup, max_depth)
    if depth > max_depth:
        raise CapExceeded(
            f"markup nests deeper than max_nesting_depth ({max_depth} levels); raise the "
            "setting or remove the document"
        )


def _max_depth(source: str | bytes, limit: int) -> int:
    """Deepest nesting found, scanning no further than the first level past `limit`."""
    # One scan serves str and bytes; the patterns are picked to match, which mypy cannot see.
    markup: Any = source
    kind = type(markup)
    pattern = _PATTERNS[kind]
    comment_start, comment_end, cdata_end = (
        ("<!--", "-->", "]]>") if kind is str else (b"<!--", b"-->", b"]]>")
    )
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    deepest = 0
    pos = 0
    while (match := pattern.search(markup, pos)) is not None:
        pos = match.end()
        if match.group(2) is None:  # comment or CDATA: skip to its end, or stop at the end
            closer = comment_end if match.group(0) == comment_start else cdata_end
            end = markup.find(closer, pos)
            if end < 0:
                break
            pos = end + 3
            continue
        raw = match.group(2)
        name = (raw if isinstance(raw, str) else raw.decode("latin-1")).lower()
        if match.group(1):  # a close tag
            if open_count[name]:
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        if match.group(3) or name in _VOID:
            continue
        implied = _CLOSES.get(name)
        while implied and stack and stack[-1] in implied:
            open_count[stack.pop()] -= 1
        stack.append(name)
        open_count[name] += 1
        deepest = max(deepest, len(stack))
        if deepest > limit:
            return deepest
        if name in _RAW_TEXT:
            closing = _RAW_END[kind][name].search(markup, pos)
            if closing is None:
                break
            pos = closing.start()
    return deepest


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise `DocumentTimeout` when the block runs longer than `seconds` of wall-clock time.

    Uses SIGALRM, so it only works in the main thread of a POSIX process; elsewhere, when
    `seconds <= 0`, or when SIGALRM belongs to non-Python code, it does nothing. A timer
    already running (an outer limit) is restored with its remaining time. The alarm repeats
    until the block ends, and the block's end checks once more, so a stage that catches every
    exception cannot swallow the timeout.
    """
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or not hasattr(signal, "SIGALRM")
        or threading.current_thread() is not threading.main_thread()
        # A handler installed outside Python (a fuzzer's own timeout) could not be put back.
        or signal.getsignal(signal.SIGALRM) is None
    ):
        yield
        return
    message = (
        f"document took longer than document_seconds ({seconds:g} s): {what}; "
        "raise the setting or remove the document"
    )
    state = {"active": True, "fired": False}

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if state["active"]:
            state["fired"] = True
            raise DocumentTimeout(message)

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    previous_delay, previous_interval = signal.setitimer(
        signal.ITIMER_REAL, seconds, min(seconds, 0.5)
    )
    try:
        yield
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay > 0:
            remaining = previous_delay - (time.monotonic() - started)
            # An outer limit that ran out meanwhile fires at once rather than never.
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-3), previous_interval)
    if state["fired"]:
        raise DocumentTimeout(message)
