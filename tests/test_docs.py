"""Docs that cannot drift: every command, option and setting is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from docket.cli import main
from docket.settings import SPECS, Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_and_option_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"`docket {name}" in text, f"docs/cli.md lacks docket {name}"
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("db",):
                assert any(opt in text for opt in param.opts), (
                    f"docs/cli.md lacks option {param.opts} of docket {name}")


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = {f.name for f in dataclasses.fields(Settings)}
    assert names == {spec.name for spec in SPECS}
    for spec in SPECS:
        assert f"`{spec.name}`" in text and f"`{spec.env}`" in text


def test_readme_commands_are_real() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install ." in readme and "docket ingest examples/" in readme
    assert "python -m pytest" in readme
    assert (ROOT / "examples").is_dir()
