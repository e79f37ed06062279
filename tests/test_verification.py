"""Verification statements: their status, who made them, how, and which words they cover."""

from __future__ import annotations

import pytest

from docket.extract import analyse_text, parse_text
from docket.extract.verification import find_verifications, verification_for
from docket.model import NOT_STATED, TextSpan, Verification


def verifications_of(text: str) -> tuple[str, list[Verification]]:
    doc, parsed = parse_text(text)
    found = list(find_verifications(doc.text, parsed, doc.mentions))
    for v in found:
        for span in (v.scope, *v.evidence):
            if span is not None:
                assert doc.text[span.start:span.end] == span.text
    return doc.text, found


def only(found: list[Verification], status: str) -> Verification:
    matching = [v for v in found if v.status == status]
    assert len(matching) == 1, found
    return matching[0]


def covering(text: str, words: str, found: list[Verification]) -> Verification:
    start = text.index(words)
    return verification_for(start, start + len(words), found)


def test_confirmation_does_not_spill_onto_the_next_fact() -> None:
    text, found = verifications_of(
        "The newspaper verified that the witness was in Bucha in March, using geolocated "
        "photos. He said soldiers beat him in a basement.")
    v = only(found, "confirmed")
    assert v.scope is not None and v.scope.text == "the witness was in Bucha in March"
    assert v.by == "The newspaper" and v.how == "using geolocated photos"
    assert covering(text, "was in Bucha", found).status == "confirmed"
    assert covering(text, "soldiers beat him", found) is NOT_STATED


def test_confirmed_with_method_and_entity() -> None:
    text = "Analysts at the BBC verified the footage of the strike using satellite imagery."
    doc, parsed = parse_text(text)
    v = only(list(find_verifications(doc.text, parsed, doc.mentions)), "confirmed")
    assert v.how == "using satellite imagery"
    assert v.by is not None and v.by.startswith("Analysts")
    assert v.scope is not None and "the strike" in v.scope.text


def test_able_to_verify() -> None:
    _, found = verifications_of("Reuters was able to verify the video, which shows a tank on "
                                "the bridge.")
    v = only(found, "confirmed")
    assert v.by == "Reuters" and v.by_entity is not None
    assert v.scope is not None and "a tank on the bridge" in v.scope.text


@pytest.mark.parametrize("statement", [
    "Reuters could not independently verify the claims.",
    "The claims could not be verified.",
    "It was not possible to verify this.",
    "Reporters were unable to confirm the account.",
])
def test_anaphoric_unverified_covers_the_previous_sentence(statement: str) -> None:
    text, found = verifications_of(f"Soldiers shelled the school in Kharkiv. {statement}")
    v = only(found, "unverified")
    assert v.scope is not None and v.scope.text == "Soldiers shelled the school in Kharkiv"
    assert covering(text, "shelled the school", found).status == "unverified"


def test_anaphoric_scope_stops_one_sentence_back() -> None:
    # A singular noun: the plural 'The claims' now reaches over the paragraph (see below).
    text, found = verifications_of("A convoy left Kharkiv at dawn. Troops shelled the school. "
                                   "The claim could not be verified.")
    assert covering(text, "shelled the school", found).status == "unverified"
    assert covering(text, "A convoy left", found) is NOT_STATED


def event_status(text: str, trigger: str) -> str:
    """The verification status of the event whose trigger is `trigger`, through analyse_text."""
    doc = analyse_text(text)
    start = doc.text.index(trigger)
    events = [e for e in doc.events if e.trigger.start <= start < e.trigger.end]
    assert events, [(e.trigger.text, e.verification.status) for e in doc.events]
    return events[0].verification.status


TWO_ACCOUNTS = ("Russian artillery shelled a hospital in Izium on Monday, regional officials "
                "said. Moscow said its forces had hit only military targets. ")


@pytest.mark.parametrize("statement", [
    "Neither side's account of Monday's strike could be independently verified.",
    "Neither claim could be confirmed.",
    "None of the reports could be verified.",
    "The claims could not be confirmed.",
    "It was not possible to independently verify either account.",
    "The accounts could not be independently verified.",
    "The reports cannot be independently confirmed.",
    "The claims have yet to be verified.",
    "There was no independent confirmation of either account.",
    "There was no way to verify the claims.",
    "No one has been able to verify these claims.",
    "Reporters could neither confirm nor deny the accounts.",
    "The ministry published both accounts without independent confirmation.",
    "Few of the reports could be verified.",
    "Verification of the claims was impossible.",
])
def test_negated_verification_is_never_confirmed(statement: str) -> None:
    text = TWO_ACCOUNTS + statement
    _, found = verifications_of(text)
    assert [v.status for v in found] == ["unverified"], found
    assert event_status(text, "shelled") == "unverified"


@pytest.mark.parametrize("statement", [
    "The claim has yet to be verified.",
    "The account could not be independently verified.",
    "There was no independent confirmation.",
    "There was no way to verify it.",
    "Independent verification was not possible.",
])
def test_negated_singular_statement_covers_the_previous_sentence(statement: str) -> None:
    text = ("Russian artillery shelled a hospital in Izium on Monday, regional officials said. "
            + statement)
    _, found = verifications_of(text)
    assert [v.status for v in found] == ["unverified"], found
    assert event_status(text, "shelled") == "unverified"


def test_confirming_an_absence_stays_confirmed() -> None:
    _, found = verifications_of("The ministry confirmed no casualties in the attack.")
    assert only(found, "confirmed").scope is not None


def test_negation_on_another_clause_does_not_govern() -> None:
    _, found = verifications_of("Reporters did not reach the village but verified the video "
                                "of the strike using satellite imagery.")
    assert only(found, "confirmed").how == "using satellite imagery"


def test_plural_accounts_reach_back_over_the_paragraph() -> None:
    text = ("A convoy of buses left Kharkiv at dawn.\n\n"
            "Ukraine said Russian troops shelled a school in the city. Russia said Ukrainian "
            "forces fired first. Neither account could be verified.")
    _, found = verifications_of(text)
    v = only(found, "unverified")
    assert v.scope is not None and v.scope.text.startswith("Ukraine said Russian troops")
    assert covering(text, "A convoy of buses", found) is NOT_STATED
    assert event_status(text, "shelled") == "unverified"


def test_plural_accounts_opening_a_paragraph_reach_the_previous_one() -> None:
    text = ("Ukraine said Russian troops shelled a school in Kharkiv. Russia said Ukrainian "
            "forces fired first.\n\nNeither account could be independently verified.")
    _, found = verifications_of(text)
    v = only(found, "unverified")
    assert v.scope is not None and v.scope.text.startswith("Ukraine said Russian troops")
    assert event_status(text, "shelled") == "unverified"


@pytest.mark.parametrize("statement", [
    "The claim could not be verified.",
    "This could not be independently confirmed.",
    "These claims could not be verified.",  # a plural reaches one paragraph, not two
])
def test_statement_does_not_reach_an_earlier_paragraph(statement: str) -> None:
    text = ("Ukrainian officials said Russian troops shelled a school in Kharkiv.\n\n"
            f"A convoy of buses left the city at dawn, officials said. {statement}")
    _, found = verifications_of(text)
    assert only(found, "unverified").scope is not None
    assert covering(text, "shelled a school", found) is NOT_STATED
    assert event_status(text, "shelled") == "not_stated"


def test_wrapped_lines_stay_in_one_paragraph() -> None:
    text = ("Ukraine said Russian troops shelled a school in Kharkiv on Monday, and\n"
            "Russia said Ukrainian forces had fired first.\n\n"
            "Neither account could be verified.")
    _, found = verifications_of(text)
    assert covering(text, "shelled a school", found).status == "unverified"


def test_denial_of_an_act_covers_its_complement() -> None:
    text = ("Ukrainian officials said a Russian missile struck a hospital in Kherson, killing "
            "four people. Moscow denied targeting civilians.")
    _, found = verifications_of(text)
    v = only(found, "denied")
    assert v.by == "Moscow" and v.scope is not None and v.scope.text == "targeting civilians"
    assert event_status(text, "targeting") == "denied"


def test_denial_of_the_allegation_covers_the_previous_sentence() -> None:
    text = ("Ukrainian officials said a Russian missile struck a hospital in Kherson, killing "
            "four people. Russia has denied the allegation.")
    _, found = verifications_of(text)
    v = only(found, "denied")
    assert v.by == "Russia" and v.scope is not None
    assert v.scope.text.startswith("Ukrainian officials said a Russian missile struck")
    assert event_status(text, "struck") == "denied"


def test_present_tense_denial() -> None:
    text = ("Separatist officials said Ukrainian artillery hit the market in Donetsk on Sunday. "
            "Kyiv denies shelling the town.")
    _, found = verifications_of(text)
    v = only(found, "denied")
    assert v.by == "Kyiv" and v.scope is not None and v.scope.text == "shelling the town"
    assert covering(text, "shelling the town", found).status == "denied"


PLANT = "Shells hit the Zaporizhzhia nuclear plant overnight, damaging a cooling pump. "


@pytest.mark.parametrize("statement", [
    "Both sides blamed each other for the attack.",
    "Both sides blamed each other for the shelling.",
    "Each side blamed the other.",
    "Moscow and Kyiv traded accusations over the attack.",
])
def test_competing_accusations_about_what_was_just_said(statement: str) -> None:
    text = PLANT + statement
    _, found = verifications_of(text)
    v = only(found, "disputed")
    assert v.scope is not None and v.scope.text.startswith("Shells hit")
    assert v.scope.text.endswith(statement.rstrip("."))
    assert event_status(text, "hit the") == "disputed"


def test_competing_accusations_with_their_own_content_cover_their_sentence() -> None:
    text = PLANT + "Russia and Ukraine accused each other of shelling the plant."
    _, found = verifications_of(text)
    v = only(found, "disputed")
    assert v.by == "Russia and Ukraine" and v.by_entity is None
    assert v.scope is not None
    assert v.scope.text == "Russia and Ukraine accused each other of shelling the plant"
    assert covering(text, "shelling the plant", found).status == "disputed"


def test_one_sided_accusation_is_no_dispute() -> None:
    _, found = verifications_of(PLANT + "Ukraine accused Russia of shelling the plant.")
    assert [v for v in found if v.status == "disputed"] == []


def test_unconfirmed_reports_cover_what_they_say() -> None:
    text, found = verifications_of("Unconfirmed reports say a bridge near Kramatorsk was "
                                   "destroyed. The road to Kharkiv is open.")
    v = only(found, "unverified")
    assert v.scope is not None and v.scope.text == "a bridge near Kramatorsk was destroyed"
    assert covering(text, "The road to Kharkiv is open", found) is NOT_STATED


def test_unverified_video() -> None:
    _, found = verifications_of("An unverified video shows soldiers near the border.")
    v = only(found, "unverified")
    assert v.evidence[0].text == "unverified video"


def test_denial_covers_the_complement() -> None:
    text = "The Defence Ministry denied that its troops shelled the village."
    doc, parsed = parse_text(text)
    v = only(list(find_verifications(doc.text, parsed, doc.mentions)), "denied")
    assert v.by == "The Defence Ministry"
    assert v.scope is not None and v.scope.text == "its troops shelled the village"
    assert v.by_entity is not None


def test_rejected_claim_is_denied_with_anaphoric_scope() -> None:
    _, found = verifications_of("Residents said the brigade looted the shop. The brigade "
                                "rejected the claim.")
    v = only(found, "denied")
    assert v.by == "The brigade"
    assert v.scope is not None and v.scope.text == "Residents said the brigade looted the shop"


@pytest.mark.parametrize("phrase", [
    "did not respond to a request for comment",
    "declined to comment",
    "could not be reached for comment",
])
def test_no_response_covers_the_paragraph_before(phrase: str) -> None:
    text, found = verifications_of("A convoy left Kharkiv at dawn.\n\nResidents said the "
                                   f"brigade fired on the market. The brigade {phrase}.")
    v = only(found, "no_response")
    assert v.by == "The brigade"
    assert v.scope is not None and v.scope.text == "Residents said the brigade fired on the market"
    assert covering(text, "A convoy left", found) is NOT_STATED


def test_no_response_opening_a_paragraph_covers_the_previous_one() -> None:
    _, found = verifications_of("Residents said the brigade fired on the market.\n\n"
                                "The brigade did not respond to a request for comment.")
    v = only(found, "no_response")
    assert v.scope is not None and v.scope.text == "Residents said the brigade fired on the market"


def test_disputed() -> None:
    _, found = verifications_of("The governor disputed the death toll given by the mayor.")
    v = only(found, "disputed")
    assert v.by == "The governor"
    assert v.scope is not None and v.scope.text == "the death toll given by the mayor"


def test_conflicting_accounts() -> None:
    _, found = verifications_of("There were conflicting accounts of who fired first.")
    v = only(found, "disputed")
    assert v.scope is not None and "who fired first" in v.scope.text


def test_adjective_use_states_nothing() -> None:
    _, found = verifications_of("Geolocated photos of the disputed bridge were posted online.")
    assert found == []


def test_most_specific_scope_wins() -> None:
    wide = Verification("unverified", scope=TextSpan(0, 100, "x" * 100), rule="wide")
    narrow = Verification("confirmed", scope=TextSpan(10, 30, "x" * 20), rule="narrow")
    assert verification_for(12, 20, [wide, narrow]) is narrow
    assert verification_for(40, 50, [wide, narrow]) is wide
    assert verification_for(90, 120, [wide, narrow]) is NOT_STATED


@pytest.mark.parametrize("text", ["", "  ", "Unverified.", "It was not verified",
                                  "declined to comment"])
def test_never_crashes(text: str) -> None:
    verifications_of(text)
