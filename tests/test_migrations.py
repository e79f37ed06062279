"""A ledger made by an older Docket opens in a newer one; a newer one is refused clearly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from docket.errors import SchemaTooNew
from docket.ledger.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from docket.ledger.store import DocumentFilter, Ledger
from docket.settings import Settings


def test_version_one_ledger_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=1)  # what Docket's first schema made: no search index yet
    conn.execute(
        "INSERT INTO evidence (sha256, kind, size, path, received_at, tool_version, operator,"
        " status) VALUES ('ab', 'text', 3, 'a.txt', 't', '0.0.1', 'x', 'processed')")
    conn.execute(
        "INSERT INTO document (id, sha256, path, format, encoding, encoding_method, analysed,"
        " full_text, text, removed, source_map, notes, pipeline_version, processed_at, title)"
        " VALUES ('doc_old', 'ab', 'a.txt', 'text', 'utf-8', 'utf-8', 1, 'Shelling in Izium',"
        " 'Shelling in Izium', '[]', '[]', '[]', 'old', 't', 'Izium report')")
    conn.close()
    settings = Settings.load(db=db, operator="t")
    with Ledger.open(settings) as ledger:
        assert ledger._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ledger.document_ids(DocumentFilter(search="Izium")) == ["doc_old"]
        assert ledger.get_document("doc_old").title == "Izium report"  # type: ignore[union-attr]


def test_newer_ledger_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew, match="upgrade Docket"):
        Ledger.open(Settings.load(db=db, operator="t"))


def test_reading_an_old_ledger_upgrades_it(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, target=1)
    conn.close()
    settings = Settings.load(db=db, operator="t")
    with Ledger.open(settings, readonly=True) as ledger:
        assert list(ledger.iter_entities()) == []  # a table the first schema did not have
        assert ledger.stats()["documents"] == 0
