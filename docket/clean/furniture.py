"""Page furniture in plain text (donation appeals, 'read also' lists, captions ...).

This is the slot for the plain-text furniture classifier (issue 3). Until it lands, plain text
passes through whole: `find_furniture` reports no spans, and the pipeline records that the
stage ran so a later `docket reprocess` can tell which documents have not been cleaned yet.
"""

from __future__ import annotations

from docket.model import Span

RULE = "furniture: not yet implemented (plain text kept whole)"


def find_furniture(full_text: str) -> tuple[Span, ...]:
    """Spans of `full_text` that are page furniture; none until the classifier exists."""
    return ()
