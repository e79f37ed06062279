"""The tool version recorded in every run and custody entry."""

__version__ = "0.1.0"
