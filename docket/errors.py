"""Docket's exceptions: 'skip this item' is separate from 'abort the run'."""


class DocketError(Exception):
    """Base class for every error Docket raises on purpose."""


class InputError(DocketError):
    """One input (file, record or line) cannot be read; the run records it and carries on."""


class CapExceeded(InputError):
    """An input is larger than a configured cap (size, records, decompression ratio, depth)."""


class DocumentTimeout(InputError):
    """One document took longer than the per-document time limit (setting document_seconds)."""


class LedgerError(DocketError):
    """The ledger cannot be opened or written; the run stops."""


class SchemaTooNew(LedgerError):
    """The ledger was written by a newer Docket than this one; upgrade Docket to open it."""


class SettingsError(DocketError):
    """A setting has an invalid value."""
