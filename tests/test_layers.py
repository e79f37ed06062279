"""The shape of the code holds (issue 15): layers import only downwards, every SQL statement
is in docket/ledger/, and the workbench imports no stage.

Layers, from the bottom: records, errors, settings, version → the ledger → the stages
(ingest, clean, nlp, extract, link) → the workflows (pipeline, engines, runner, review) → the
command line and the workbench. The few imports that still cross a line upwards are listed in
KNOWN with the reason; the test fails on a new one, and on a listed one that is gone (so the
list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

DOCKET = Path(__file__).resolve().parents[1] / "docket"

LAYER = {
    "model": 0, "errors": 0, "settings": 0, "version": 0, "data": 0,
    "ledger": 1,
    "ingest": 2, "clean": 2, "nlp": 2, "extract": 2, "link": 2,
    "workflows": 3,
    "evaluate": 3, "gold": 3,
    "cli": 4, "web": 4, "__main__": 4, "__init__": 4,
}
STAGES = {"ingest", "clean", "nlp", "extract", "link"}
SQL_CALLS = {"execute", "executemany", "executescript"}

# Imports that still cross a layer upwards (importer -> imported), each with why it is left.
# Empty since the story page's copy differences moved to the link stage (docket/link/copies.py,
# reached through docket/workflows/stories.py); keep it empty.
KNOWN: set[str] = set()


def _modules() -> list[tuple[str, Path]]:
    return [(".".join(p.relative_to(DOCKET.parent).with_suffix("").parts), p)
            for p in sorted(DOCKET.rglob("*.py"))]


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "docket":
                found.update(f"docket.{a.name}" for a in node.names)
            elif node.module.startswith("docket."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("docket."))
    return found


def _crossings() -> set[str]:
    out = set()
    for module, path in _modules():
        source = _top(module)
        for imported in _imports(path):
            target = _top(imported)
            upward = LAYER[target] > LAYER[source]
            web_stage = source == "web" and target in STAGES
            if upward or web_stage:
                out.add(f"{module} -> {imported}")
    return out


def test_every_package_has_a_layer() -> None:
    assert {_top(m) for m, _ in _modules()} <= set(LAYER)


def test_layers_import_only_downwards_and_the_web_imports_no_stage() -> None:
    crossings = _crossings()
    assert crossings - KNOWN == set(), "new imports across layers"
    assert KNOWN - crossings == set(), "gone: take them off KNOWN"


def test_every_sql_statement_is_in_the_ledger() -> None:
    outside = []
    for module, path in _modules():
        if _top(module) == "ledger":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in SQL_CALLS:
                outside.append(f"{module}:{node.lineno}")
    assert outside == []


def _connection_uses(path: Path) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "_conn")]


def test_the_ledgers_connection_stays_in_the_ledger() -> None:
    # Stages reach the link tables and the candidate index through `ledger.link_tables` and
    # `ledger.candidate_tables`; nothing above the ledger holds its connection.
    outside = [f"{module}:{line}" for module, path in _modules() if _top(module) != "ledger"
               for line in _connection_uses(path)]
    assert outside == []


def test_the_checks_catch_what_they_guard(tmp_path: Path) -> None:
    # A stage importing the command line, and SQL in a stage, are what the checks must see.
    bad = tmp_path / "bad.py"
    bad.write_text("from docket.cli import main\nconn.execute('SELECT 1')\nledger._conn.close()\n",
                   encoding="utf-8")
    assert _imports(bad) == {"docket.cli"}
    calls = [n for n in ast.walk(ast.parse(bad.read_text())) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and n.func.attr in SQL_CALLS]
    assert len(calls) == 1
    assert _connection_uses(bad) == [3]
    assert LAYER[_top("docket.cli")] > LAYER[_top("docket.extract.events")]


def test_the_vocabulary_readers_check_against_is_the_taxonomys() -> None:
    from docket.extract.taxonomy import CATEGORIES
    from docket.model import CATEGORY_NAMES

    assert tuple(CATEGORIES) == CATEGORY_NAMES
