"""Docket: a ledger of allegations from conflict news, every value traceable to a hashed source.

The Python API mirrors the CLI:

    >>> from docket import Ledger, Settings, ingest_paths
    >>> settings = Settings.load(db="docket.db")
    >>> with Ledger.open(settings) as ledger:   # doctest: +SKIP
    ...     summary = ingest_paths(ledger, ["examples/"], settings)
"""

from docket.version import __version__

__all__ = ["Ledger", "Settings", "__version__", "ingest_paths", "reprocess", "export_jsonl"]


def __getattr__(name: str) -> object:
    # Lazy imports keep `import docket` cheap (trafilatura and friends load on first use).
    if name == "Ledger":
        from docket.ledger.store import Ledger

        return Ledger
    if name == "Settings":
        from docket.settings import Settings

        return Settings
    if name in ("ingest_paths", "reprocess"):
        from docket.workflows import runner

        return getattr(runner, name)
    if name == "export_jsonl":
        from docket.ledger.export import export_jsonl

        return export_jsonl
    raise AttributeError(name)
