"""The named steps that fill a happening's claimant (`CLAIMANT_STEPS`) and perpetrator
(`PERPETRATOR_FIELD_STEPS`) in extract/happening_fields.py, and the merges that join two
mentions of one happening (`MERGES` in extract/happenings.py), each on a short invented article:
the rule a reader of the ledger sees in the field's source, and the side it gives."""

from __future__ import annotations

import pytest

from docket.extract import analyse_text
from docket.extract.happening_fields import CLAIMANT_STEPS, PERPETRATOR_FIELD_STEPS
from docket.extract.happenings import MERGES
from docket.model import PublishedDate

PUBLISHED = PublishedDate("2023-03-16T09:00:00Z", "datetime", "test")


def field_rules(text: str, name: str) -> list[tuple[str, str, str]]:
    """(category, the field's rule, the perpetrator's side) for every event of `text`."""
    doc = analyse_text(text, PUBLISHED)
    return [(e.category, e.fields[name].rule, e.perpetrator.side) for e in doc.events]


@pytest.mark.parametrize(("text", "rule"), [
    ("Russian forces shelled Kupiansk on Tuesday.", "claimant:outlet:no_claim_holds_the_event"),
    ("Ukraine's president, Volodymyr Zelenskiy, spoke on Monday.\n\nRussian forces shelled "
     "Kupiansk on Tuesday, Ukraine's president said.", "claimant:title_of_a_named_person"),
    ("Russian forces shelled Kupiansk on Tuesday, the governor said.",
     "claimant:speaker_of_the_claim"),
    ("The ministry said on Monday that it had no information.\n\nIt said drones struck a "
     "depot in Odesa.", "claimant:pronoun:nearest_named_speaker"),
    ("Drones struck a depot in Odesa, the statement said.",
     "claimant:outlet:speaker_is_no_claimant"),
])
def test_a_named_step_fills_the_claimant(text: str, rule: str) -> None:
    assert [r for _c, r, _s in field_rules(text, "claimant")] == [rule]


@pytest.mark.parametrize(("text", "category", "rule", "side"), [
    ("Russia and Ukraine signed a grain deal in Istanbul on Tuesday.", "agreement",
     "perpetrator:none_for_this_category", "Russia"),
    ("Ukrainian forces withdrew from Soledar on Tuesday.", "territory_transferred",
     "perpetrator:opponent_of_the_side_that_withdrew", "Russia"),
    ("Russian forces shelled Kupiansk on Tuesday.", "shelling",
     "perpetrator:force:demonym + force noun", "Russia"),
    ("Russian shelling hit Kupiansk on Tuesday.", "shelling",
     "perpetrator:modifier_of_the_trigger:demonym or name of Russia ('Russian')", "Russia"),
    ("Two Ukrainian soldiers were killed near Bakhmut on Tuesday.", "armed_clash",
     "perpetrator:opponent_of_the_victims", "Russia"),
    ("A strike on Russian-occupied Horlivka killed two people on Tuesday.", "shelling",
     "perpetrator:the_other_side_of_the_place's_holder", "Ukraine"),
    ("Russian missiles hit Kyiv.\n\nA drone struck a depot in Odesa on Tuesday.",
     "drone_strike", "perpetrator:the_side_the_article_names_as_attacker", "Russia"),
    ("A drone struck a depot in Odesa on Tuesday.", "drone_strike", "perpetrator:not_named",
     "unknown"),
])
def test_a_named_step_fills_the_perpetrator(text: str, category: str, rule: str,
                                            side: str) -> None:
    assert (category, rule, side) in field_rules(text, "perpetrator")


def test_the_field_steps_have_unique_names_and_end_with_one_that_always_fills() -> None:
    for steps, last in ((CLAIMANT_STEPS, "outlet"), (PERPETRATOR_FIELD_STEPS, "not_named")):
        names = [n for n, _ in steps]
        assert len(names) == len(set(names)) and names[-1] == last


def test_the_merges_take_each_field_from_the_mention_that_found_it_best() -> None:
    doc = analyse_text(
        "Russian forces shelled the village of Dvorichna on Tuesday morning, local officials "
        "said.\n\n"
        "Two residents were killed and three were wounded, Oleh Syniehubov, the governor of "
        "the Kharkiv region, said on Telegram.\n", PUBLISHED)
    (event,) = doc.events
    carried = {name for name, source in event.fields.items() if ";from_mention:" in source.rule}
    # the lead states who, where and when; the second paragraph whom, how many dead, wounded
    assert carried == {"victims_status", "victims_side", "fatalities", "injured"}
    assert (event.fatalities, event.injured, event.perpetrator.side) == (2, 3, "Russia")
    assert event.modality == "reported"


def test_the_merges_have_unique_names() -> None:
    names = [n for n, _ in MERGES]
    assert len(names) == len(set(names))
