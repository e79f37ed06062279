"""Running the `docket` command in a child process, as the black-box tests do."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def docket_command() -> list[str]:
    """How to start the CLI in a child process: `python -m docket`, else the console script."""
    if importlib.util.find_spec("docket.__main__") is not None:
        return [sys.executable, "-m", "docket"]
    script = Path(sys.executable).with_name("docket")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from docket.cli import main; main()"]


def ledger_env(db: Path) -> dict[str, str]:
    """The environment of a child process: this ledger, a known evidence folder, wide output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKET_")}
    # COLUMNS: rich would wrap `docket runs` lines at 80 columns and split what we look for.
    return env | {"DOCKET_DB": str(db), "DOCKET_EVIDENCE": str(db.with_suffix(".evidence")),
                  "DOCKET_OPERATOR": "tester", "COLUMNS": "200"}
