"""Shared fixtures: a ledger in a temporary folder, the bundled examples, a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docket.ledger.store import Ledger
from docket.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
        monkeypatch.delenv(var, raising=False)
    return Settings.load(db=tmp_path / "ledger" / "docket.db", operator="tester")


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    with Ledger.open(settings) as opened:
        yield opened


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/ with the working directory beside it, as a newcomer would run."""
    target = tmp_path / "work" / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.py", "*.md"))
    monkeypatch.chdir(target.parent)
    return Path("examples")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DOCKET_OPERATOR", "tester")
    return CliRunner()
