"""A workbench over the bundled examples plus a few files of a test's own, shared by the web
test modules (each builds it once: ingest runs spaCy)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web.app import create_app
from docket.workflows.runner import ingest_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def examples_workbench(root: Path, extra: dict[str, str]) -> Iterator[tuple[TestClient, Settings]]:
    """The examples and `extra` (file name -> text) ingested into a ledger under `root`, with
    the environment's ledger settings cleared; yields the app's client and the settings."""
    inputs = root / "inputs"
    shutil.copytree(EXAMPLES, inputs / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    for name, text in extra.items():
        (inputs / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
            mp.delenv(var, raising=False)
        settings = Settings.load(db=root / "ledger" / "docket.db", operator="tester")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [inputs], settings)
        yield TestClient(create_app(settings)), settings
