"""The ledger gives stories, incidents and contradictions back as the frozen types the link
step makes (issue 15), with analysts' reviews and edits typed, and the same export records."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import get_args

import pytest

from docket.ledger.store import Ledger
from docket.link.judgements import record_edit, record_judgement
from docket.model import (
    Contradiction,
    FieldEdit,
    Incident,
    Review,
    ReviewStatus,
    Story,
    judged_export,
)
from docket.settings import Settings
from docket.workflows.link_step import link_ledger
from tests.test_link_ledger import _ingest


@pytest.fixture
def docs(tmp_path: Path, settings: Settings, ledger: Ledger) -> dict[str, str]:
    return _ingest(tmp_path, settings, ledger)


def test_reads_are_the_link_steps_types_and_write_the_same_export(
        docs: dict[str, str], ledger: Ledger) -> None:
    stories, incidents = list(ledger.stories()), list(ledger.incidents())
    assert stories and all(type(s) is Story for s in stories)
    assert incidents and all(type(i) is Incident for i in incidents)
    assert all(type(c) is Contradiction for c in ledger.contradictions())
    reprinted = next(s for s in stories if docs["reprint"] in s.documents)
    assert docs["original"] in reprinted.documents and reprinted.links
    # The typed read writes exactly what the export contract's read gives.
    assert [judged_export(s) for s in stories] == list(ledger.story_records())
    assert [judged_export(i) for i in incidents] == list(ledger.incident_records())
    assert [judged_export(c) for c in ledger.contradictions()] == \
        list(ledger.contradiction_records())
    with pytest.raises(dataclasses.FrozenInstanceError):
        reprinted.why = "changed"  # type: ignore[misc]


def test_reviews_and_edits_come_back_typed(docs: dict[str, str], ledger: Ledger) -> None:
    incident = next(i for i in ledger.incidents() if i.category != "unclassified")
    record_judgement(ledger, "confirm", [incident.id], "ana", "two witnesses")
    record_edit(ledger, incident.id, "category", "air_strike", "ana", "a missile, not shells")
    link_ledger(ledger)
    after = next(i for i in ledger.incidents() if set(i.events) == set(incident.events))
    assert after.review == Review("confirmed", "ana", "two witnesses", after.review.at,
                                  after.review.judgement)
    assert after.review.status in get_args(ReviewStatus)
    assert after.category == "air_strike"  # the edit applied...
    (edit,) = after.edits
    assert type(edit) is FieldEdit and edit.before == incident.category  # ...machine's kept
    assert judged_export(after)["edits"][0]["after"] == "air_strike"
