"""Story grouping: copies of one report become one story; different reports never do."""

from __future__ import annotations

from docket.link import CandidateIndex, StoryInput, fingerprint, group_stories, score_pair
from docket.link.fingerprint import find_dates, find_numbers
from docket.model import stable_id

ORIGINAL = (
    "Russian forces shelled the centre of Kramatorsk on 14 March, killing 7 civilians and "
    "wounding 23 others, regional governor Oleh Tarasenko said on Tuesday.\n\n"
    "The strikes hit a school, a bakery and a five-storey apartment block on Shevchenko "
    "Street, he wrote on Telegram. \"We are still pulling people out of the rubble,\" "
    "Tarasenko said.\n\n"
    "Rescue workers from the State Emergency Service said about 1,250 residents had been left "
    "without heating. The city administration opened three shelters near the railway "
    "station.\n\n"
    "Ukraine's military said its air defences shot down 4 of the 11 missiles launched at the "
    "Donetsk region overnight. The claims could not be independently verified."
)

# A reprint: new headline, the shelter paragraph cut, a closing sentence added.
REPRINT = (
    "Kramatorsk centre shelled, seven dead\n\n"
    "Russian forces shelled the centre of Kramatorsk on 14 March, killing 7 civilians and "
    "wounding 23 others, regional governor Oleh Tarasenko said on Tuesday.\n\n"
    "The strikes hit a school, a bakery and a five-storey apartment block on Shevchenko "
    "Street, he wrote on Telegram. \"We are still pulling people out of the rubble,\" "
    "Tarasenko said.\n\n"
    "Ukraine's military said its air defences shot down 4 of the 11 missiles launched at the "
    "Donetsk region overnight. The claims could not be independently verified.\n\n"
    "This is a developing story and will be updated."
)

# The same report back from a translation chain: every sentence worded differently, the
# names, numbers and date kept (the thousands separator now a space).
TRANSLATED = (
    "On March 14 the army of Russia fired at central Kramatorsk; according to the head of "
    "the regional administration Oleh Tarasenko, 7 peaceful residents died and 23 more were "
    "injured. As Tarasenko wrote in Telegram, a school, a bakery and a residential "
    "five-floor building on Shevchenko Street were damaged. \"We are still getting people "
    "from under the ruins,\" said Tarasenko. According to rescuers of the State Emergency "
    "Service, around 1 250 inhabitants remained without heat. Three shelters were opened by "
    "the city administration close to the railway station. The Armed Forces of Ukraine "
    "reported that air defence destroyed 4 out of 11 rockets fired overnight on the Donetsk "
    "region. It was not possible to check the statements independently."
)

# Same place, same governor, same kind of event, another day: a different story.
OTHER_DAY = (
    "Russian missiles struck an industrial area of Kramatorsk on 2 April, wounding 5 workers, "
    "regional governor Oleh Tarasenko said on Sunday. The strike damaged a warehouse and a "
    "machine-building plant on the city's outskirts, he wrote on Telegram. Tarasenko said no "
    "residential buildings were hit this time. Firefighters from the State Emergency Service "
    "needed six hours to put out the blaze, which covered 900 square metres. Ukraine's "
    "military said Russian forces had launched 16 missiles and 30 drones at the Donetsk "
    "region overnight. The claims could not be independently verified."
)

FOOTER = (
    "\n\nSupport independent journalism from the front line. Our reporters work in Kharkiv, "
    "Kramatorsk and Kherson to bring you verified news every day. Donate to the Kyiv Ledger "
    "Foundation today and become a member of our community of 25,000 readers. Subscribe to "
    "our newsletter, follow us on Telegram and Facebook, and share this article with your "
    "friends. Members get early access to investigations, invitations to events in Kyiv and "
    "Lviv, and our weekly podcast. Every contribution, no matter how small, keeps our "
    "newsroom free from state and oligarch influence."
)
COURT = (
    "A court in Lviv sentenced a former customs officer, Andriy Melnyk, to 8 years in prison "
    "on 9 February for taking bribes worth 120,000 dollars, prosecutors said. Investigators "
    "said Melnyk had let trucks with undeclared cigarettes cross the border near Rava-Ruska "
    "for two years. His lawyer, Iryna Bondar, said the defence would appeal."
)
FIRE = (
    "Firefighters in Kharkiv put out a large blaze at a furniture warehouse on 21 February, "
    "the State Emergency Service said. Nobody was hurt, but the fire destroyed goods worth an "
    "estimated 3 million hryvnias, owner Serhiy Koval told local media. Police have opened an "
    "investigation into possible arson."
)


def doc(doc_id: str, text: str, outlet: str | None = None, published: str | None = None,
        cited: str | None = None) -> StoryInput:
    return StoryInput(id=doc_id, text=text, outlet=outlet, cited_source=cited,
                      published=published, language="en")


def stories_of(*docs: StoryInput, same: tuple[tuple[str, str], ...] = (),
               different: tuple[tuple[str, str], ...] = ()) -> dict[str, set[str]]:
    inputs = {d.id: d for d in docs}
    found = group_stories([fingerprint(d) for d in docs], inputs, same, different)
    return {d: set(s.documents) for s in found for d in s.documents}


def test_exact_copy_with_other_spacing_and_case_is_one_story() -> None:
    a = fingerprint(doc("a", ORIGINAL))
    b = fingerprint(doc("b", "  " + ORIGINAL.upper().replace("\n\n", "\n")))
    pair = score_pair(a, b)
    assert pair.same_story and pair.evidence["rule"] == "story:exact"


def test_reprint_with_new_headline_cut_paragraph_and_added_sentence() -> None:
    pair = score_pair(fingerprint(doc("a", ORIGINAL)), fingerprint(doc("b", REPRINT)))
    assert pair.same_story
    assert pair.evidence["shared_sentences"] >= 4


def test_translation_chain_copy_is_found_and_confirmed() -> None:
    a, b = fingerprint(doc("a", ORIGINAL)), fingerprint(doc("b", TRANSLATED))
    index = CandidateIndex()
    index.add(a)
    assert index.add(b) == ["a"]  # the skeleton band finds it though the wording differs
    pair = score_pair(a, b)
    assert pair.same_story, pair.evidence
    assert pair.evidence["shared_sentences"] == 0
    assert "1250" in pair.evidence["shared_numbers"]
    assert "03-14" in pair.evidence["shared_dates"]
    assert "tarasenko" in pair.evidence["shared_names"]


def test_same_place_and_governor_on_another_day_is_another_story() -> None:
    pair = score_pair(fingerprint(doc("a", ORIGINAL)), fingerprint(doc("b", OTHER_DAY)))
    assert not pair.same_story, pair.evidence
    assert "no shared dates" in pair.evidence["disagree"]


def test_pages_sharing_only_a_long_footer_are_not_grouped() -> None:
    a, b = fingerprint(doc("a", COURT + FOOTER)), fingerprint(doc("b", FIRE + FOOTER))
    pair = score_pair(a, b)
    assert not pair.same_story, pair.evidence
    assert "boilerplate" in pair.evidence
    groups = stories_of(doc("a", COURT + FOOTER), doc("b", FIRE + FOOTER))
    assert groups["a"] == {"a"}


def test_copies_group_and_other_stories_stay_apart() -> None:
    groups = stories_of(doc("orig", ORIGINAL), doc("reprint", REPRINT),
                        doc("translated", TRANSLATED), doc("other", OTHER_DAY),
                        doc("court", COURT + FOOTER), doc("fire", FIRE + FOOTER))
    assert groups["orig"] == {"orig", "reprint", "translated"}
    assert groups["other"] == {"other"}
    assert groups["court"] == {"court"} and groups["fire"] == {"fire"}


def test_story_id_is_stable_and_input_order_does_not_matter() -> None:
    docs = [doc("d2", REPRINT), doc("d1", ORIGINAL), doc("d3", OTHER_DAY)]
    inputs = {d.id: d for d in docs}
    one = group_stories([fingerprint(d) for d in docs], inputs)
    two = group_stories([fingerprint(d) for d in reversed(docs)], inputs)
    assert [(s.id, s.documents) for s in one] == [(s.id, s.documents) for s in two]
    assert one[0].id == stable_id("sty", "d1") and one[0].documents == ("d1", "d2")


def test_analyst_different_splits_a_machine_story_and_same_joins() -> None:
    docs = (doc("orig", ORIGINAL), doc("reprint", REPRINT), doc("translated", TRANSLATED),
            doc("other", OTHER_DAY))
    split = stories_of(*docs, different=(("translated", "orig"),))
    assert "translated" not in split["orig"]
    assert split["orig"] == {"orig", "reprint"}
    joined = stories_of(*docs, same=(("other", "orig"),))
    assert joined["other"] == {"orig", "reprint", "translated", "other"}


def test_refused_machine_link_is_explained() -> None:
    docs = [doc("orig", ORIGINAL), doc("reprint", REPRINT), doc("translated", TRANSLATED)]
    found = group_stories([fingerprint(d) for d in docs], {d.id: d for d in docs},
                          different=[("translated", "orig")])
    alone = next(s for s in found if s.documents == ("translated",))
    assert "refused by a 'different' judgement" in alone.why


def test_original_is_the_cited_outlets_own_copy() -> None:
    docs = [doc("a", REPRINT, outlet="Donbas Daily", published="2023-03-14T08:00",
                cited="Kyiv Ledger"),
            doc("b", ORIGINAL, outlet="Kyiv Ledger", published="2023-03-14T09:30")]
    story = group_stories([fingerprint(d) for d in docs], {d.id: d for d in docs})[0]
    assert story.original == "b" and story.original_outlet == "Kyiv Ledger"
    assert "Kyiv Ledger" in story.why


def test_outlet_named_in_the_text_is_the_original_outlet() -> None:
    told = ORIGINAL.replace("Tarasenko said on Tuesday", "Tarasenko told CNN on Tuesday")
    docs = [doc("a", told, outlet="Donbas Daily", published="2023-03-15"),
            doc("b", told + "\n\nMore to follow.", outlet="Steppe News",
                published="2023-03-14")]
    story = group_stories([fingerprint(d) for d in docs], {d.id: d for d in docs})[0]
    assert story.original_outlet == "CNN" and story.original == "b"


def test_without_a_named_source_the_earliest_copy_is_the_original() -> None:
    docs = [doc("a", ORIGINAL, outlet="Kyiv Ledger", published="2023-03-14T11:00"),
            doc("b", REPRINT, outlet="Donbas Daily", published="2023-03-14T10:15+00:00")]
    story = group_stories([fingerprint(d) for d in docs], {d.id: d for d in docs})[0]
    assert (story.original, story.original_outlet) == ("b", "Donbas Daily")
    assert "earliest published" in story.why


def test_number_formats_of_other_languages_meet() -> None:
    assert find_numbers("15,000") == find_numbers("15 000") == find_numbers("15.000") \
        == {"15000"}
    assert find_numbers("1,5 Millionen") == find_numbers("1.5 million") == {"1500000"}
    assert find_numbers("more than 15") != find_numbers("more than 15,000")
    assert find_dates("am 14. März") == find_dates("March 14th") == find_dates("14 марта") \
        == {"03-14"}


def test_stored_fingerprint_scores_like_the_fresh_one() -> None:
    import json

    from docket.link import Fingerprint

    a, b = fingerprint(doc("a", ORIGINAL)), fingerprint(doc("b", TRANSLATED))
    stored = Fingerprint.from_record(json.loads(json.dumps(b.as_record())))
    assert stored == b
    assert score_pair(a, stored).score == score_pair(a, b).score


def test_unrelated_pages_are_not_candidates() -> None:
    index = CandidateIndex()
    for i, text in enumerate((ORIGINAL, COURT, FIRE)):
        assert index.add(fingerprint(doc(f"d{i}", text))) == []


def test_date_search_on_a_long_run_of_letters_is_linear_and_still_finds_dates() -> None:
    # Unanchored, the month-day pattern tried every position inside a letter run: 25 s at
    # 40,000 letters. Anchored, this finishes at once; the timing itself is in bench/limits.py.
    hostile = "On 12 April shells fell. " + "a" * 100_000 + " 12 and then Sept. 9 again."
    assert find_dates(hostile) == {"04-12", "09-09"}
    assert find_dates("5 października and 3 grudnia") == {"10-05", "12-03"}
