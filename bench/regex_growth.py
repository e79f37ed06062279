"""Benchmark: every regular expression in docket/, timed on adversarial text (issue 14).

A pattern whose cost grows with the square of a run of letters, spaces or digits lets one
crafted article stall a run (25 s for 40,000 letters in the link step's date pattern before
it was anchored). This script finds every pattern and times it on long runs of the characters
that make a backtracking engine retry: at each size (10,000 and 100,000 characters by
default) it reports the worst time over the inputs and the growth between the two sizes
(linear ≈ 10, quadratic ≈ 100).

The patterns: every module under ``docket/`` is imported (``pkgutil.walk_packages``) and every
compiled ``re.Pattern`` at module level is taken, also inside module-level tuples, lists, sets,
dicts, dataclass instances and class attributes; then each module's source is read for
``re.search(r"literal", …)``-style calls (any ``re`` function given a literal pattern), which
compile when the function runs and so are not in the module's namespace. Patterns built at
call time from data (a lexicon joined into an alternation) are not seen.

The inputs, each cut to the size: runs of Latin and Cyrillic letters (one letter, the alphabet,
capitals), digits, spaces, newlines, a repeated word ("abc abc …", "Abc Abc …", Cyrillic),
grouped digits ("1,000,000,…"), punctuation (hyphens, apostrophes, dots, a mix), hyphenated
letters ("a-a-a…"), initials ("A. A. …"), and a run of the pattern's own likely prefix (read
from its parse: the first literal characters and one character of each leading class).

Each pattern is timed with ``finditer`` run to the end: that is the work of ``search`` when
nothing matches, and of ``findall``, ``sub`` and ``split``. A pattern only ever called with
``match`` or ``fullmatch`` in docket's source (read from ``NAME.method(`` calls; the
``re.compile`` that a module-level name holds is not a use) is timed as one attempt with each.
A pattern runs in a forked child so that one that never ends is killed at ``--timeout`` and
reported; each input is first timed at a tenth of the smaller size, and a run that a quadratic
growth would take past ``--budget`` seconds is skipped and reported as projected (*).

A pattern judged bounded (``BOUNDED``: applied only to a window of fixed size, the reason
stated) is timed and printed like the others but not flagged.

    python bench/regex_growth.py [--size 10000 100000] [--limit N] [--match TEXT] [--jobs N]
                          [--timeout S] [--budget S] [--json PATH]

Flags a pattern whose growth exceeds 30 or whose time at the largest size exceeds 1 s; exit
status 1 if any is flagged. Needs no corpus.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import importlib
import json
import math
import multiprocessing
import pkgutil
import re
import re._constants as sre_c
import re._parser as sre_parse
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# (Named regex_growth.py, not regex.py: a bench/regex.py shadowed the third-party `regex`
# module that dateparser imports, for every script run from bench/.)
sys.path.insert(0, str(ROOT))

GROWTH_FLAG = 30.0  # linear ≈ 10 for a tenfold size, quadratic ≈ 100
SECONDS_FLAG = 1.0  # at the largest size
NOISE_FLOOR = 0.0002  # seconds at the largest size below which a growth figure is noise


@dataclass(frozen=True)
class Found:
    """One distinct pattern (source and flags) and where it was found."""

    name: str  # module.ATTR[index] or docket/path.py:line re.func
    pattern: re.Pattern[Any]
    aliases: tuple[str, ...] = ()
    uses: frozenset[str] = frozenset()  # the re methods called on it in docket's source

    @property
    def anchored_use(self) -> bool:
        """Only ever tried at one position (match, fullmatch): one attempt, not a scan."""
        return bool(self.uses) and self.uses <= {"match", "fullmatch"}

    @property
    def methods(self) -> tuple[str, ...]:
        """How it is timed: its anchored methods (each tried once), else a scan (finditer)."""
        return tuple(sorted(self.uses)) if self.anchored_use else ("finditer",)

    @property
    def bounded(self) -> str | None:
        """Why a super-linear time does not matter here (BOUNDED), if it does not."""
        return next((why for name, why in BOUNDED.items()
                     if self.name == name or (name.endswith("[") and self.name.startswith(name))),
                    None)


# Patterns whose calls the source reading cannot see (reached through a variable): the methods
# they are called with, and where. Timed as those calls; a test holds each name to a pattern.
USES: dict[str, tuple[frozenset[str], str]] = {
    "docket.extract.numbers._WORD":
        (frozenset({"match"}), "_WORD.match(text, cursor, hi) in numbers._counted_noun"),
    "docket.extract.numbers._RANGE_GAP":
        (frozenset({"fullmatch"}), "gap_re.fullmatch(text, e, nxt.start()) in numbers.py"),
    "docket.extract.numbers._AND_GAP":
        (frozenset({"fullmatch"}), "gap_re.fullmatch(text, e, nxt.start()) in numbers.py"),
}


# Patterns judged bounded: applied only to a short window, whose size the caller fixes, so one
# scan costs at most a constant however long the article. Each is still timed and printed, with
# this reason instead of a flag. A name ending in "[" covers every entry of that container.
# tests/test_regex_linear.py holds each name to a pattern still collected here.
BOUNDED: dict[str, str] = {
    "docket.extract.quotes.NAME_AFTER_DASH":
        "searched in the last 80 characters of a quote's line (quotes._name_beside_quote)",
    "docket.extract.numbers._APPOSITIVE_AGE_BEFORE":
        "searched in the 40 characters before a number (numbers._other_reading)",
    "docket.nlp.roles._COMMA_NEAR_END":
        "searched in the window before a person's name, at most roles._WINDOW = 200 characters",
    "docket.nlp.roles._BEFORE_OF":
        "searched in the window before a person's name, at most roles._WINDOW = 200 characters",
    "docket.nlp.roles._BEFORE_SIMPLE":
        "searched in the last roles._TITLE_REACH = 60 characters of that 200-character window",
    "docket.clean.furniture_lexicon._WHOLE[":
        "fullmatch on a line's edges-stripped core, only for lines of at most 120 characters",
    "docket.clean.furniture_lexicon._LEAD[":
        "match at the start of a line's first 80 characters",
    "docket.clean.textmeta._TIME_AFTER":
        "match at the end of a date, in a window of 40 characters (endpos)",
    "docket.clean.textmeta._NAME_THEN_DESC":
        "match at a cue's end, on the rest of its line cut to textmeta._CITE_WINDOW = 120",
    "docket.clean.textmeta._DESC_THEN_NAME":
        "match at a cue's end, on the rest of its line cut to textmeta._CITE_WINDOW = 120",
}


def _patterns_in(obj: object, name: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern[Any]]]:
    if isinstance(obj, re.Pattern):
        yield name, obj
        return
    if depth > 3 or isinstance(obj, str | bytes):
        return
    if isinstance(obj, tuple | list):
        for i, v in enumerate(obj):
            yield from _patterns_in(v, f"{name}[{i}]", depth + 1)
    elif isinstance(obj, set | frozenset):
        for v in obj:
            yield from _patterns_in(v, f"{name}[…]", depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _patterns_in(v, f"{name}[{k!r}]", depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _patterns_in(getattr(obj, f.name, None), f"{name}.{f.name}", depth + 1)


_RE_FUNCS = {  # function: index of its positional flags argument
    "compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2,
    "split": 3, "sub": 4, "subn": 4,
}


def _flags(node: ast.expr | None) -> int | None:
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "re" and isinstance(getattr(re, node.attr, None), int):
        return int(getattr(re, node.attr))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


def literal_patterns(path: Path) -> Iterator[tuple[str, re.Pattern[Any]]]:
    """Patterns given as literals to ``re`` functions anywhere in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCS and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str | bytes)):
            continue
        at = _RE_FUNCS[node.func.attr]
        flag_node = node.args[at] if len(node.args) > at else next(
            (k.value for k in node.keywords if k.arg == "flags"), None)
        flags = _flags(flag_node)
        try:
            compiled = re.compile(node.args[0].value, flags or 0)
        except re.error:
            continue
        yield f"{rel}:{node.lineno} re.{node.func.attr}", compiled


def docket_modules() -> Iterator[Any]:
    """Every module under docket/, imported (``__main__`` left out: importing it runs the CLI)."""
    import docket

    yield docket
    for info in pkgutil.walk_packages(docket.__path__, "docket."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        yield importlib.import_module(info.name)


def collect_patterns(literals: bool = True) -> list[Found]:
    """Every distinct pattern compiled in docket/ (module level, then literal call sites)."""
    names: dict[tuple[object, int], list[str]] = {}
    compiled: dict[tuple[object, int], re.Pattern[Any]] = {}

    def add(name: str, p: re.Pattern[Any]) -> None:
        key = (p.pattern, p.flags)
        names.setdefault(key, []).append(name)
        compiled.setdefault(key, p)

    for module in docket_modules():
        for attr, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for cattr, cvalue in vars(value).items():
                    for n, p in _patterns_in(cvalue, f"{module.__name__}.{attr}.{cattr}"):
                        add(n, p)
            else:
                for n, p in _patterns_in(value, f"{module.__name__}.{attr}"):
                    add(n, p)
        source = getattr(module, "__file__", None)
        if literals and source and source.endswith(".py"):
            for n, p in literal_patterns(Path(source)):
                add(n, p)
    # A pattern imported into another module is listed under the module that defines it (the
    # first name assigned in its module's source), else under the first name seen.
    found = []
    for key, p in compiled.items():
        all_names = sorted(names[key], key=lambda n: not _assigned_in_source(n))
        uses = USES[all_names[0]][0] if all_names[0] in USES else _uses(all_names)
        found.append(Found(all_names[0], p, tuple(all_names[1:]), uses))
    return found


_METHOD = "match|fullmatch|search|finditer|findall|sub|subn|split"


def _uses(names: list[str]) -> frozenset[str]:
    """The methods called on a pattern: read from the call at a literal site, else from every
    ``NAME.method(`` in docket's source. A pattern reached through a container or passed as an
    argument shows no call and counts as scanned (search), the worst case."""
    uses: set[str] = set()
    named = any(not re.fullmatch(r"docket/\S+:\d+ re\.\w+", n) for n in names)
    for name in names:
        site = re.fullmatch(r"docket/\S+:\d+ re\.(\w+)", name)
        if site:
            if site.group(1) != "compile":
                uses.add(site.group(1))
            elif not named:  # compiled where no name holds it: its use is not read
                uses.add("search")
            # else the re.compile that a module-level name holds: the name's calls are its uses
            continue
        if "[" in name:
            return frozenset()
        attr = re.escape(name.rsplit(".", 1)[-1])
        for text in _sources().values():
            uses.update(re.findall(rf"\b{attr}\.({_METHOD})\(", text))
        if not re.search(rf"\b{attr}\b(?!\.(?:{_METHOD})\()(?!\s*[:=])", _code()):
            continue
        # Named somewhere without a method call (passed on, put in a table): could be scanned.
        return frozenset()
    return frozenset(uses)


_IMPORTS = re.compile(r"(?m)^[ \t]*from[ \t][^\n(]*\([^)]*\)|^[ \t]*(?:from|import)[ \t][^\n]*")
_COMMENT = re.compile(r"#[^\n]*")


@functools.cache
def _sources() -> dict[str, str]:
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted((ROOT / "docket").rglob("*.py"))}


@functools.cache
def _code() -> str:
    """docket's source without import statements and comments (names there are not uses)."""
    return _COMMENT.sub("", _IMPORTS.sub("", "\n".join(_sources().values())))


def _assigned_in_source(name: str) -> bool:
    parts = name.split("[")[0].split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        source = getattr(module, "__file__", None)
        if module is not None and source:
            text = Path(source).read_text(encoding="utf-8")
            return re.search(rf"(?m)^{re.escape(parts[cut])}\s*[:=]", text) is not None
    return False


# The characters used for one item of a character class, in order of preference.
_CATEGORY_CHAR = {
    sre_c.CATEGORY_DIGIT: "1", sre_c.CATEGORY_NOT_DIGIT: "a", sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: "a", sre_c.CATEGORY_WORD: "a", sre_c.CATEGORY_NOT_WORD: " ",
    sre_c.CATEGORY_LINEBREAK: "\n", sre_c.CATEGORY_NOT_LINEBREAK: "a",
}
_CANDIDATES = "a A1 -'.,\nаЯ_x"


def _class_char(items: list[tuple[Any, Any]]) -> str | None:
    negate = any(op is sre_c.NEGATE for op, _ in items)
    if negate:
        probe = re.compile(sre_parse_class_source(items))
        return next((c for c in _CANDIDATES if probe.fullmatch(c)), None)
    for op, av in items:
        if op is sre_c.LITERAL:
            return chr(av)
        if op is sre_c.RANGE:
            return chr(av[0])
        if op is sre_c.CATEGORY:
            return _CATEGORY_CHAR.get(av)
    return None


def sre_parse_class_source(items: list[tuple[Any, Any]]) -> str:
    """A negated class written back as source (only what the parser produces for one)."""
    parts = []
    for op, av in items:
        if op is sre_c.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre_c.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_c.CATEGORY:
            parts.append({sre_c.CATEGORY_DIGIT: r"\d", sre_c.CATEGORY_NOT_DIGIT: r"\D",
                          sre_c.CATEGORY_SPACE: r"\s", sre_c.CATEGORY_NOT_SPACE: r"\S",
                          sre_c.CATEGORY_WORD: r"\w", sre_c.CATEGORY_NOT_WORD: r"\W"}
                         .get(av, ""))
    return "[^" + "".join(parts) + "]" if parts else "[^\n]"


def _prefix_of(items: Any, out: list[str], limit: int) -> bool:
    """Append the likely leading characters of a parsed pattern; False where it stops."""
    for op, av in items:
        if len(out) >= limit:
            return False
        if op is sre_c.LITERAL:
            out.append(chr(av))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(av) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("a")
        elif op is sre_c.IN:
            c = _class_char(av)
            if c is None:
                return False
            out.append(c)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            for _ in range(max(1, min(low, 3))):
                if not _prefix_of(sub, out, limit):
                    return False
        elif op is sre_c.SUBPATTERN:
            if not _prefix_of(av[-1], out, limit):
                return False
        elif op is sre_c.ATOMIC_GROUP:
            if not _prefix_of(av, out, limit):
                return False
        elif op is sre_c.BRANCH:
            if not _prefix_of(av[1][0], out, limit):
                return False
        elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        else:
            return False
    return True


def likely_prefix(pattern: re.Pattern[Any], limit: int = 12) -> str:
    """The characters a match most likely starts with, read from the pattern's parse."""
    source = pattern.pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    try:
        parsed = sre_parse.parse(source, pattern.flags & ~re.ASCII if isinstance(
            pattern.pattern, str) else pattern.flags)
    except (re.error, TypeError, ValueError):
        return ""
    out: list[str] = []
    _prefix_of(parsed, out, limit)
    return "".join(out)


def _run(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


INPUTS: dict[str, Callable[[int], str]] = {
    "letters a": lambda n: "a" * n,
    "letters a-z": lambda n: _run("abcdefghijklmnopqrstuvwxyz", n),
    "LETTERS": lambda n: "A" * n,
    "Capitalised": lambda n: "A" + "b" * (n - 1),
    "cyrillic": lambda n: _run("абвгдежзийклмнопрстуфхцчшщыьэюяіїєґ", n),
    "CYRILLIC": lambda n: "Я" * n,
    "digits": lambda n: "1" * n,
    "spaces": lambda n: " " * n,
    "newlines": lambda n: "\n" * n,
    "words": lambda n: _run("abc ", n),
    "Words": lambda n: _run("Abc ", n),
    "cyrillic words": lambda n: _run("абв ", n),
    "digit groups": lambda n: "1" + _run(",000", n - 1),
    "hyphens": lambda n: "-" * n,
    "apostrophes": lambda n: "'" * n,
    "dots": lambda n: "." * n,
    "punctuation": lambda n: _run("-'.,;:!?\"()", n),
    "hyphenated": lambda n: _run("a-", n),
    "initials": lambda n: _run("A. ", n),
}


def inputs_for(pattern: re.Pattern[Any], n: int) -> dict[str, str | bytes]:
    """The adversarial texts of size n for one pattern (bytes for a bytes pattern)."""
    texts: dict[str, str] = {name: make(n) for name, make in INPUTS.items()}
    prefix = likely_prefix(pattern)
    if prefix and prefix.strip(prefix[0]):  # one repeated char is already among the runs
        texts[f"prefix {prefix!r}"] = _run(prefix, n)
    if isinstance(pattern.pattern, bytes):
        return {k: v.encode("utf-8")[:n] for k, v in texts.items()}
    return dict(texts)


def seconds(pattern: re.Pattern[Any], text: str | bytes,
            methods: tuple[str, ...] = ("finditer",)) -> float:
    """Best time of finditer run to the end (of one attempt at the start with each of its
    methods, match or fullmatch, when the pattern is only used anchored): of 3 runs, or as many
    as fit in 5 ms, or two runs when one takes over 50 ms, one over 500 ms."""
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < 3 or (spent < 0.005 and runs < 20):
        started = time.perf_counter()
        for method in methods:
            if method == "finditer":
                for _ in pattern.finditer(text):  # type: ignore[arg-type]
                    pass
            else:
                getattr(pattern, method)(text)
        took = time.perf_counter() - started
        best = min(best, took)
        spent += took
        runs += 1
        # A slow run is slow enough to be seen in two (one alone may be a pause of a loaded
        # machine: a linear pattern once read 5 s here), and in one past half a second.
        if took > 0.5 or (took > 0.05 and runs >= 2):
            break
    return best


@dataclass
class Result:
    """One pattern's times: input → size → seconds (a negative value: projected, not run)."""

    found: Found
    times: dict[str, dict[int, float]] = field(default_factory=dict)
    timed_out: bool = False

    def worst(self, size: int) -> tuple[float, str]:
        """The worst time at one size (projected times count) and its input."""
        cells = [(abs(t[size]), name) for name, t in self.times.items() if size in t]
        return max(cells, default=(float("inf") if self.timed_out else 0.0, "–"))

    def growth(self, small: int, large: int) -> tuple[float, str]:
        """The largest growth small → large over the inputs timed above the noise floor."""
        cells = [(abs(t[large]) / max(abs(t[small]), 1e-9), name)
                 for name, t in self.times.items()
                 if small in t and large in t and abs(t[large]) >= NOISE_FLOOR]
        if self.timed_out:
            return float("inf"), "timed out"
        return max(cells, default=(0.0, "–"))

    def flagged(self, small: int, large: int) -> bool:
        if self.found.bounded:
            return False
        return (self.timed_out or self.growth(small, large)[0] > GROWTH_FLAG
                or self.worst(large)[0] > SECONDS_FLAG)


def _measure(pattern: re.Pattern[Any], methods: tuple[str, ...], sizes: list[int], budget: float,
             send: Connection) -> None:
    """In the child: time every input at every size, sending each cell as it is measured.

    Each input is first timed at a tenth of the smaller size (a probe, not reported), so that a
    run that a quadratic growth would take past the budget is projected even at the smaller
    size: a super-linear pattern costs seconds, not minutes, and the whole run stays short."""
    previous: dict[str, tuple[int, float]] = {}
    growth: dict[str, float] = {}  # per input: the exponent of the last measured step
    measured: dict[tuple[str, int], float] = {}
    probe = max(1, sizes[0] // 10)
    for name, text in inputs_for(pattern, probe).items():
        previous[name] = (probe, seconds(pattern, text, methods))
    for size in sizes:
        for name, text in inputs_for(pattern, size).items():
            prev_size, prev_t = previous[name]
            # Projected with the growth measured so far (quadratic before any), so a linear
            # pattern that is merely slow is run, not assumed quadratic.
            projected = prev_t * (size / prev_size) ** growth.get(name, 2.0)
            if projected > budget:
                send.send((name, size, -projected))
                previous[name] = (size, projected)
                continue
            t = seconds(pattern, text, methods)
            if prev_t >= NOISE_FLOOR / 10:
                growth[name] = min(2.0, max(1.0, math.log(max(t, 1e-9) / prev_t)
                                            / math.log(size / prev_size)))
            previous[name] = (size, t)
            measured[name, size] = t
            send.send((name, size, t))
    # A growth read past the flag on a loaded machine is often a pause, not the pattern: such a
    # pair is timed again, small and large in turn, and the best of each kept.
    small, large = sizes[0], sizes[-1]
    small_texts = inputs_for(pattern, small)
    for name, text_large in inputs_for(pattern, large).items():
        if (name, small) not in measured or (name, large) not in measured:
            continue
        t_small, t_large = measured[name, small], measured[name, large]
        text_small = small_texts[name]
        if t_large < NOISE_FLOOR or t_large / max(t_small, 1e-9) <= GROWTH_FLAG \
                or t_large > budget / 4:
            continue
        for _ in range(2):
            t_small = min(t_small, seconds(pattern, text_small, methods))
            t_large = min(t_large, seconds(pattern, text_large, methods))
        send.send((name, small, t_small))
        send.send((name, large, t_large))
    send.send(None)
    send.close()


def time_patterns(found: list[Found], sizes: list[int], *, jobs: int, timeout: float,
                  budget: float, progress: bool = True) -> list[Result]:
    """Time each pattern in its own forked child, ``jobs`` at a time."""
    ctx = multiprocessing.get_context("fork")
    results = [Result(f) for f in found]
    waiting = list(range(len(found)))
    running: dict[int, tuple[Any, Connection, float]] = {}
    done = 0
    while waiting or running:
        while waiting and len(running) < jobs:
            i = waiting.pop(0)
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_measure, args=(
                found[i].pattern, found[i].methods, sizes, budget, send))
            proc.start()
            send.close()
            running[i] = (proc, receive, time.monotonic())
        for i, (proc, receive, started) in list(running.items()):
            finished = False
            try:
                while receive.poll(0.01):
                    cell = receive.recv()
                    if cell is None:
                        finished = True
                        break
                    name, size, t = cell
                    results[i].times.setdefault(name, {})[size] = t
            except EOFError:
                finished = True
            if not finished and time.monotonic() - started > timeout:
                proc.kill()
                results[i].timed_out = True
                finished = True
            if finished:
                proc.join()
                receive.close()
                del running[i]
                done += 1
                if progress:
                    print(f"\r{done}/{len(found)} patterns", end="", file=sys.stderr,
                          flush=True)
    if progress:
        print(file=sys.stderr)
    return results


def _short(source: str | bytes, width: int = 70) -> str:
    text = source if isinstance(source, str) else repr(source)
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[:width - 1] + "…"


def _fmt(t: float) -> str:
    return "timeout" if t == float("inf") else f"{t:.4f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs=2, default=[10_000, 100_000],
                        metavar=("SMALL", "LARGE"), help="the two input sizes, in characters")
    parser.add_argument("--limit", type=int, default=25,
                        help="print the N worst patterns (0: all); flagged ones always")
    parser.add_argument("--match", default="", help="only patterns whose name contains this")
    parser.add_argument("--jobs", type=int, default=1,
                        help="patterns timed at once (1 on a busy or 2-core machine)")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds one pattern may take over all its inputs")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="skip (and project) a run a quadratic growth would take past this")
    parser.add_argument("--no-literals", action="store_true",
                        help="module-level patterns only, not literals passed to re functions")
    parser.add_argument("--json", type=Path, help="also write every cell to this file")
    args = parser.parse_args(argv)
    small, large = sorted(args.size)

    started = time.perf_counter()
    found = [f for f in collect_patterns(literals=not args.no_literals)
             if args.match in f.name or any(args.match in a for a in f.aliases)]
    print(f"{len(found)} distinct patterns; inputs: {len(INPUTS)} runs + the pattern's prefix;"
          f" sizes {small:,} and {large:,}")
    results = time_patterns(found, [small, large], jobs=args.jobs, timeout=args.timeout,
                            budget=args.budget)
    results.sort(key=lambda r: (r.worst(large)[0], r.growth(small, large)[0]), reverse=True)

    print(f"\n{'pattern':<52} {'worst ' + f'{small:,}':>10} {'worst ' + f'{large:,}':>11} "
          f"{'growth':>7}  worst input / growth input")
    flagged = [r for r in results if r.flagged(small, large)]
    shown = results if args.limit == 0 else results[:args.limit]
    shown += [r for r in flagged if r not in shown]
    for r in shown:
        t_small, _ = r.worst(small)
        t_large, on = r.worst(large)
        g, g_on = r.growth(small, large)
        projected = any(t.get(large, 0) < 0 for t in r.times.values())
        mark = "  FLAG" if r.flagged(small, large) else ""
        print(f"{r.found.name[:52]:<52} {_fmt(t_small):>10} {_fmt(t_large):>10}"
              f"{'*' if projected else ' '} {g:>7.1f}  {on} / {g_on}{mark}")
        how = (f"bounded ({r.found.bounded})" if r.found.bounded
               else f"{'/'.join(r.found.methods)} only" if r.found.anchored_use else "scanned")
        print(f"    {how}: {_short(r.found.pattern.pattern)}")
    print(f"\n{len(flagged)} flagged (growth > {GROWTH_FLAG:g} or > {SECONDS_FLAG:g} s at "
          f"{large:,}); * projected from the smaller size, not run; "
          f"{time.perf_counter() - started:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps([
            {"name": r.found.name, "aliases": list(r.found.aliases),
             "pattern": r.found.pattern.pattern if isinstance(r.found.pattern.pattern, str)
             else repr(r.found.pattern.pattern),
             "uses": sorted(r.found.uses), "timed_out": r.timed_out, "times": r.times}
            for r in results], indent=1), encoding="utf-8")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
