"""Claims: who says what, through which cue, as a reader of the ledger would check it."""

from __future__ import annotations

import pytest

from docket.extract import parse_text
from docket.extract.claims import find_claims, find_quotes
from docket.model import Claim


def claims_of(text: str) -> list[Claim]:
    doc, parsed = parse_text(text)
    found = list(find_claims(doc.text, parsed, doc.mentions, doc.id))
    for c in found:  # every span is the words it says it is
        for span in (c.content, c.cue, c.source, c.via):
            if span is not None:
                assert doc.text[span.start:span.end] == span.text
    return found


def only(found: list[Claim], kind: str) -> Claim:
    matching = [c for c in found if c.kind == kind]
    assert len(matching) == 1, found
    return matching[0]


def test_quote_with_speaker_after() -> None:
    c = only(claims_of('"We will not leave our homes," the mayor of Kharkiv said.'),
             "direct_quote")
    assert c.content.text == '"We will not leave our homes,"'
    assert c.cue is not None and c.cue.text == "said"
    assert c.source is not None and c.source.text == "the mayor of Kharkiv"
    assert c.modality == "reported"


def test_quote_with_speaker_before_resolves_person() -> None:
    text = 'Mayor Ivan Petrenko said: "The shelling lasted all night and destroyed the school."'
    doc, parsed = parse_text(text)
    c = only(list(find_claims(doc.text, parsed, doc.mentions, doc.id)), "direct_quote")
    person = next(m for m in doc.mentions if m.kind == "person")
    assert c.source_entity == person.entity_id and c.source_kind == "person"
    assert c.content.text.startswith('"The shelling')


def test_quote_without_speaker_says_so() -> None:
    c = only(claims_of("“The water has been off for a week and nobody knows when it will "
                       "come back.”"), "direct_quote")
    assert c.source is None and c.source_kind is None and c.cue is None
    assert "no speaker found" in c.rule


def test_quote_across_paragraphs_is_one_quote() -> None:
    text = ('“The first shells fell at dawn on the market square.\n\n'
            '“By noon the whole street was burning,” the volunteer said.')
    (start, end), = find_quotes(text)
    assert start == 0 and end == text.index("the volunteer") - 1


def test_quotes_around_one_cue_are_one_statement() -> None:
    c = only(claims_of('"The first convoy left at dawn," Ivan Petrenko said. '
                       '"The second one never arrived."'), "direct_quote")
    assert c.content.text.endswith('never arrived."')
    assert c.source is not None and c.source.text == "Ivan Petrenko"


def test_reported_speech_with_that_clause() -> None:
    c = only(claims_of("The governor of Kharkiv said that three people were killed in the "
                       "strike."), "reported_speech")
    assert "three people were killed in the strike" in c.content.text
    assert c.source is not None and c.source.text == "The governor of Kharkiv"
    assert c.source_kind == "participant" and c.source_entity is None


def test_inverted_reported_speech() -> None:
    c = only(claims_of("Two bridges were destroyed overnight, officials said."),
             "reported_speech")
    assert c.content.text == "Two bridges were destroyed overnight"
    assert c.source is not None and c.source.text == "officials"
    assert c.source_kind == "participant"


def test_parenthetical_cue_keeps_the_whole_statement() -> None:
    c = only(claims_of("The village, the mayor said, was shelled twice on Sunday."),
             "reported_speech")
    assert c.content.text.startswith("The village") and "shelled twice" in c.content.text


def test_internal_state_is_attributed() -> None:
    c = only(claims_of("The commander believes the bridge will hold until spring."),
             "reported_speech")
    assert c.cue is not None and c.cue.text == "believes"
    assert c.content.text == "the bridge will hold until spring"


def test_according_to_content_drops_the_phrase() -> None:
    c = only(claims_of("According to the regional administration, the power station in "
                       "Kharkiv was hit twice."), "according_to")
    assert c.content.text.startswith("the power station")
    assert "According" not in c.content.text
    assert c.source is not None and c.source.text == "the regional administration"


def test_told_an_outlet_is_the_medium() -> None:
    c = only(claims_of("Ivan Petrenko told CNN that the brigade had withdrawn."),
             "reported_speech")
    assert c.via is not None and c.via.text == "CNN"
    assert c.source is not None and c.source.text == "Ivan Petrenko"
    assert c.source_kind == "person"


def test_citing_unnamed_officials_is_a_participant() -> None:
    c = only(claims_of("Russian forces shelled the hospital, citing unnamed officials."),
             "according_to")
    assert c.source is not None and c.source.text == "unnamed officials"
    assert c.source_kind == "participant" and c.source_entity is None
    assert c.content.text == "Russian forces shelled the hospital"


def test_news_agency_is_an_outlet() -> None:
    c = only(claims_of("The state news agency reported that the convoy had crossed the "
                       "river."), "reported_speech")
    assert c.source_kind == "outlet"


def test_source_line_covers_the_text_above() -> None:
    c = only(claims_of("Explosions were heard in the city centre overnight.\n\n"
                       "Source: Ukrinform"), "source_line")
    assert c.source is not None and c.source.text == "Ukrinform"
    assert c.source_kind == "outlet"
    assert c.content.text == "Explosions were heard in the city centre overnight."


def test_dateline_outlet() -> None:
    c = only(claims_of("KYIV (Reuters) - Explosions shook the capital on Monday."),
             "source_line")
    assert c.source is not None and c.source.text == "Reuters"
    assert c.content.text.startswith("Explosions")


def test_pronoun_speaker_resolves_to_preceding_person() -> None:
    text = "Ivan Petrenko arrived in Kharkiv on Monday. He said the town had no water."
    doc, parsed = parse_text(text)
    c = only(list(find_claims(doc.text, parsed, doc.mentions, doc.id)), "reported_speech")
    person = next(m for m in doc.mentions if m.kind == "person")
    assert c.source is not None and c.source.text == "He"
    assert c.source_entity == person.entity_id
    assert "pronoun" in c.rule


@pytest.mark.parametrize(("text", "modality"), [
    ("The ministry did not say that the bridge was destroyed.", "negated"),
    ("The commander might claim that the village was never attacked.", "hypothetical"),
    ("If the mayor said the water was safe, people would return.", "hypothetical"),
    ("The ministry claimed that Ukrainian troops had shelled the market.", "alleged"),
    ("The ministry denied that its troops had shelled the market.", "reported"),
])
def test_modality_of_the_cue(text: str, modality: str) -> None:
    c = only(claims_of(text), "reported_speech")
    assert c.modality == modality, c.rule


def test_claims_are_sorted_and_ids_are_stable() -> None:
    text = ('Two bridges were destroyed, officials said. "We are rebuilding," the mayor said. '
            "According to the army, the road is open.")
    first, second = claims_of(text), claims_of(text)
    assert [c.id for c in first] == [c.id for c in second]
    assert [c.content.start for c in first] == sorted(c.content.start for c in first)
    assert {c.kind for c in first} == {"reported_speech", "direct_quote", "according_to"}


@pytest.mark.parametrize("text", ["", "   \n\n ", '"', '"Unbalanced quote, he said.',
                                  "« »", "Source:", 'He said: "'])
def test_never_crashes(text: str) -> None:
    claims_of(text)


def test_unbalanced_quote_does_not_swallow_the_text() -> None:
    text = ('The mayor said "the water is off.\n\nThe school reopened on Monday, officials '
            "said.")
    assert find_quotes(text) == []
    assert any(c.content.text == "The school reopened on Monday" for c in claims_of(text))


def test_long_text_finds_every_claim() -> None:
    # How long this takes is measured by bench/limits.py, not asserted here.
    from docket.nlp.backbone import load_backbone

    paragraph = ('"The shelling started at dawn," the mayor said. Officials said two '
                 "bridges were destroyed. According to the army, the road is open.\n\n")
    text = paragraph * (200_000 // len(paragraph))
    parsed = load_backbone().nlp(text)
    found = find_claims(text, parsed, (), "doc_long")
    assert len(found) >= 3 * (200_000 // len(paragraph)) * 0.9


def test_modal_inside_the_quote_is_not_the_cue_s() -> None:
    c = only(claims_of('"We would never leave our village," the farmer said.'), "direct_quote")
    assert c.modality == "reported"


# ---------------------------------------------------------------- cues beyond 'said that'

def test_name_then_dash_then_quote_is_the_speaker() -> None:
    text = ("Residents of Kharkiv told us about the night.\n"
            "Olena Kovalenko ― “The windows blew in at three and nobody slept after that.”\n"
            "“We carried the children down to the cellar in the dark.”\xa0― Taras Bondar\n")
    quotes = [c for c in claims_of(text) if c.kind == "direct_quote"]
    assert [c.source.text if c.source else None for c in quotes] == [
        "Olena Kovalenko", "Taras Bondar"]
    assert all(c.cue is not None and c.cue.text == "―" for c in quotes)


def test_finished_quote_does_not_take_the_next_statement_s_cue() -> None:
    found = claims_of('“The convoy left at dawn.” Petrenko said the road was mined near '
                      'the river.')
    reported = only(found, "reported_speech")
    assert reported.content.text == "the road was mined near the river"
    assert reported.source is not None and reported.source.text == "Petrenko"
    quote = only(found, "direct_quote")
    assert reported.cue is not None and reported.cue.text == "said"
    assert quote.cue is None or quote.cue.start != reported.cue.start


def test_prepositional_cue_keeps_its_preposition() -> None:
    c = only(claims_of("The regional council called for an immediate ceasefire."),
             "reported_speech")
    assert c.cue is not None and c.cue.text == "called for"
    assert c.content.text == "an immediate ceasefire"


def test_stance_after_be_is_attributed() -> None:
    c = only(claims_of("The governor was critical of the evacuation plan."), "reported_speech")
    assert c.cue is not None and c.cue.text == "was critical of"
    assert c.content.text == "the evacuation plan"
    assert c.source is not None and c.source.text == "The governor"


@pytest.mark.parametrize(("text", "source", "content"), [
    ("The mayor voiced concern that the dam could fail.", "The mayor",
     "that the dam could fail"),
    ("Petrenko's claim that the village was shelled twice was never checked.", "Petrenko",
     "that the village was shelled twice"),
])
def test_cue_noun_with_its_speaker(text: str, source: str, content: str) -> None:
    c = only(claims_of(text), "reported_speech")
    assert c.source is not None and c.source.text == source
    assert c.content.text == content
    assert "cue noun" in c.rule


def test_cue_noun_without_a_speaker_is_left_alone() -> None:
    assert claims_of("The claim that the village was shelled spread quickly.") == []


def test_cue_noun_does_not_take_a_date_for_its_content() -> None:
    found = claims_of("His remarks on Saturday angered the villagers.")
    assert not any(c.content.text == "Saturday" for c in found)


def test_stance_verb_with_an_object_and_a_speaker() -> None:
    c = only(claims_of("Most residents support the new curfew."), "reported_speech")
    assert c.content.text == "the new curfew"
    assert c.source is not None and c.source.text == "Most residents"


def test_hoped_is_read_as_hope() -> None:
    c = only(claims_of("The commander hoped the bridge would hold until spring."),
             "reported_speech")
    assert c.cue is not None and c.cue.text == "hoped"
    assert c.content.text == "the bridge would hold until spring"


def test_coordinated_infinitives_are_one_content() -> None:
    c = only(claims_of("The mayor wants to rebuild the school and open the clinic."),
             "reported_speech")
    assert c.content.text == "to rebuild the school and open the clinic"


def test_according_to_a_source_with_an_apposition() -> None:
    c = only(claims_of("Two shells hit the depot, according to Olena Kovalenko, a spokeswoman "
                       "for the regional administration."), "according_to")
    assert c.content.text == "Two shells hit the depot"
    assert c.source is not None and c.source.text.startswith("Olena Kovalenko")


@pytest.mark.parametrize(("text", "cue"), [
    ("The general appeared to suggest that the bridge was lost.", "appeared to suggest"),
    ("The mayor said in an interview that the water was back.", "said in an interview"),
    ("The ministry did not say that the depot was hit.", "did not say"),
])
def test_cue_words_a_reader_would_quote(text: str, cue: str) -> None:
    c = only(claims_of(text), "reported_speech")
    assert c.cue is not None and c.cue.text == cue


def test_quote_after_a_colon_takes_the_lead_clause_as_cue() -> None:
    c = only(claims_of("The governor released the following statement:\n\n"
                       '"Our thoughts are with the families of the victims in Bucha today."'),
             "direct_quote")
    assert c.source is not None and c.source.text == "The governor"
    assert c.cue is not None and c.cue.text == "released the following statement"


def test_headline_speaker_before_a_colon() -> None:
    found = claims_of("Kharkiv officials: Horvat’s rhetoric threatens the ceasefire.\n\n"
                      "The city was calm on Monday.")
    c = only(found, "direct_quote")
    assert c.source is not None and c.source.text == "Kharkiv officials"
    assert c.content.text.startswith("Horvat’s rhetoric threatens")


def test_second_statement_verb_ends_the_first_content() -> None:
    found = claims_of("He says he respects the mayor and calls her a wonderful leader.")
    says = next(c for c in found if c.cue is not None and c.cue.text == "says")
    assert says.content.text == "he respects the mayor"
    calls = next(c for c in found if c.cue is not None and c.cue.text == "calls")
    assert calls.source is not None and calls.source.text == "He"


def test_called_for_someone_to_act() -> None:
    found = claims_of("Horvat has called for the mayor to release the transcripts.")
    c = only(found, "reported_speech")
    assert c.cue is not None and c.cue.text == "has called for"
    assert c.content.text == "the mayor to release the transcripts"


def test_quote_inside_an_object_belongs_to_the_naming_verb() -> None:
    found = claims_of("Romney weighed in, calling it “disqualifying” and saying the only "
                      "explanation must be a bombshell.")
    assert not [c for c in found if c.kind == "direct_quote"]
    calling = next(c for c in found if c.cue is not None and c.cue.text == "calling")
    assert calling.content.text == "it “disqualifying”"


def test_according_to_covers_the_whole_coordination() -> None:
    c = only(claims_of("Kovalenko received 37 percent, Horvat had 36 percent and Petrenko "
                       "snagged 13 percent, according to the results."), "according_to")
    assert c.content.text.startswith("Kovalenko received 37 percent")


def test_impersonal_passive_names_no_speaker() -> None:
    c = only(claims_of("It was reported that the bridge in Kharkiv had collapsed."),
             "reported_speech")
    assert c.source is None and c.source_entity is None
    assert c.content.text == "that the bridge in Kharkiv had collapsed"


def test_speaker_age_is_not_part_of_the_name() -> None:
    c = only(claims_of("“We were wrong to wait so long,” Petrenko, 58, told the agency."),
             "direct_quote")
    assert c.source is not None and c.source.text == "Petrenko"
