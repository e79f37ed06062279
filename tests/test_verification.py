"""Verification statements: their status, who made them, how, and which words they cover."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
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
    text, found = verifications_of("A convoy left Kharkiv at dawn. Troops shelled the school. "
                                   "The claims could not be verified.")
    assert covering(text, "shelled the school", found).status == "unverified"
    assert covering(text, "A convoy left", found) is NOT_STATED


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
