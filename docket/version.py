"""The tool version recorded in every run and custody entry."""

__version__ = "0.1.0"

# The per-document stages in the order docket/workflows/pipeline.py runs them; stored with every
# document, so a ledger says which stages (of which version) made each one.
STAGES = ("parse", "decode", "layout", "normalize", "main_text", "furniture", "metadata",
          "segments", "language", "entities", "claims", "events")
PIPELINE_VERSION = f"docket {__version__}: " + ",".join(STAGES)
