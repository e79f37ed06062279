"""One record per happening, its fields read from the whole article (docket.extract.happenings).

Every article here is invented for these tests: several paragraphs, as real reporting spreads one
happening over the lead, a quote and a later paragraph.
"""

from __future__ import annotations

from pathlib import Path

from docket.extract import analyse_text
from docket.ledger.store import Ledger
from docket.link.judgements import judgement_status
from docket.model import Document, Event, PublishedDate
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

PUBLISHED = PublishedDate("2023-03-16T09:00:00Z", "datetime", "test")


def real_events(doc: Document) -> list[Event]:
    return [e for e in doc.events if e.modality in ("asserted", "reported", "alleged")]


def test_one_happening_told_three_times_is_one_record_with_every_mention() -> None:
    doc = analyse_text(
        "Russian forces shelled the village of Dvorichna on Tuesday morning, local officials "
        "said.\n\n"
        "Two residents were killed and three were wounded, Oleh Syniehubov, the governor of "
        "the Kharkiv region, said on Telegram.\n\n"
        "The attack on Dvorichna damaged a school and several houses, Syniehubov added.\n",
        PUBLISHED)
    events = real_events(doc)
    assert len(events) == 1, [(e.category, e.trigger.text) for e in events]
    event = events[0]
    assert event.category == "shelling"
    assert len(event.mentions) == 3
    record = event.as_record(doc.id, doc.claimant(event))
    assert len(record["evidence"]) == 3  # every sentence that tells of it
    # the toll and the wounded come from the second paragraph, apart
    assert event.fatalities == 2 and event.injured == 3
    assert event.fields["fatalities"].how == "inferred"
    assert event.location is not None and event.location.name == "Dvorichna"
    assert event.date is not None and event.date.attributes["value"] == "2023-03-14"
    assert (event.perpetrator.side, event.victims.status, event.victims.side) == (
        "Russia", "civilians", "Ukraine")


def test_two_strikes_on_two_towns_stay_two_records() -> None:
    doc = analyse_text(
        "Russian missiles struck Zaporizhzhia and Kramatorsk on Wednesday.\n\n"
        "In Zaporizhzhia, a missile hit an apartment building, killing four people, the mayor "
        "said. In Kramatorsk, a strike destroyed a warehouse; no one was hurt.\n", PUBLISHED)
    events = real_events(doc)
    places = sorted(e.location.name for e in events if e.location is not None)
    assert len(events) == 2 and places == ["Kramatorsk", "Zaporizhzhya"]
    by_place = {e.location.name: e for e in events if e.location is not None}
    assert by_place["Zaporizhzhya"].fatalities == 4
    assert by_place["Kramatorsk"].fatalities == 0
    assert all(len(e.mentions) >= 2 for e in events)  # the lead and the paragraph joined


def test_the_headline_names_the_attacker_the_text_leaves_out() -> None:
    text = ("The village of Dvorichna came under artillery fire overnight.\n\n"
            "Three people were killed, Ukraine's prosecutor general's office said.\n")
    doc = analyse_text(text, PUBLISHED,
                       title="Russian shelling kills three in Kharkiv region village")
    event = real_events(doc)[0]
    assert event.perpetrator.side == "Russia"
    assert event.fields["perpetrator"].how == "inferred"
    assert event.fatalities == 3 and len(real_events(doc)) == 1
    # the claimant is the office that said so, not the outlet
    assert "prosecutor" in str(doc.claimant(event)["name"])


def test_only_the_report_is_dated_so_the_event_is_in_the_reports_week() -> None:
    doc = analyse_text("Russian troops shelled Kupiansk, the regional governor said.\n",
                       PUBLISHED)
    event = real_events(doc)[0]
    assert event.date is not None
    assert event.date.attributes["value"] == "2023-W11"
    assert event.date.attributes["precision"] == "week"
    assert event.fields["date"].rule == "date:report_week"
    assert event.fields["date"].origin == "published"


def test_the_lead_dates_and_places_a_later_mention() -> None:
    doc = analyse_text(
        "Ukrainian forces said on Monday they had pushed Russian troops back near Kreminna.\n\n"
        "Fighting continued through the night, a spokesman for the eastern command said.\n",
        PUBLISHED)
    clash = [e for e in real_events(doc) if e.category == "armed_clash"]
    assert clash, [(e.category, e.trigger.text) for e in doc.events]
    for event in clash:
        assert event.location is not None and event.location.name.startswith("Kreminna")
        assert event.date is not None and event.date.attributes["value"] == "2023-03-13"


def test_a_pronoun_speaker_is_named_and_a_thing_is_never_a_claimant() -> None:
    doc = analyse_text(
        "Serhiy Lysak, the head of the regional administration, said Russian drones hit an "
        "energy facility in Nikopol overnight.\n\n"
        "Later, he said a second strike on Nikopol had damaged a gas pipeline.\n", PUBLISHED)
    names = {str(doc.claimant(e)["name"]) for e in real_events(doc)}
    assert names and all("Lysak" in n for n in names), names
    video = analyse_text("A drone video shows Russian tanks shelling houses in Marinka.\n",
                         PUBLISHED)
    for event in real_events(video):
        claimant = video.claimant(event)
        assert "video" not in str(claimant["name"] or "").lower()


def test_withdrawal_gives_control_to_the_other_side() -> None:
    doc = analyse_text("Ukrainian forces withdrew from the town of Soledar on Wednesday, the "
                       "general staff said.\n", PUBLISHED)
    event = next(e for e in real_events(doc) if e.category.startswith("territory"))
    assert event.perpetrator.side == "Russia"
    assert event.victims.side == "Ukraine"
    assert event.fields["perpetrator"].rule == "perpetrator:opponent_of_the_side_that_withdrew"


def test_a_purpose_clause_is_no_event() -> None:
    doc = analyse_text("Western artillery is expected to play a role in a possible "
                       "counter-offensive to recapture the city of Melitopol.\n", PUBLISHED)
    assert not [e for e in real_events(doc) if e.category.startswith("territory")]


def test_every_field_says_how_it_was_found() -> None:
    doc = analyse_text("Russian forces shelled Kherson on Sunday, killing two civilians.\n",
                       PUBLISHED)
    event = real_events(doc)[0]
    record = event.as_record(doc.id, doc.claimant(event))
    for name in ("category", "perpetrator", "victims_status", "victims_side", "place",
                 "date", "fatalities", "claimant"):
        source = record["fields"][name]
        assert source["how"] in ("stated", "inferred", "not_found"), name
        assert source["rule"], name
    assert record["fields"]["place"]["how"] == "stated"
    assert record["fields"]["place"]["words"]["text"] == "Kherson"


def test_no_events_in_an_article_without_any() -> None:
    doc = analyse_text(
        "The city council approved a new budget for school repairs on Tuesday.\n\n"
        "The mayor said the money would go to roofs and heating, and to new playgrounds.\n",
        PUBLISHED)
    assert real_events(doc) == []


def test_a_headline_only_page_gives_at_most_its_headline_event() -> None:
    doc = analyse_text("Russian missiles hit Odesa port\n", PUBLISHED)
    assert len(real_events(doc)) <= 1


def test_a_live_blog_of_many_mentions_gives_bounded_records() -> None:
    towns = ["Kupiansk", "Izium", "Balakliia", "Vovchansk", "Chuhuiv", "Lozova"]
    paragraphs = [f"Russian forces shelled {towns[i % len(towns)]} again, the governor said. "
                  f"One house was damaged." for i in range(240)]
    doc = analyse_text("\n\n".join(paragraphs) + "\n", PUBLISHED)
    events = real_events(doc)
    # one record per town's happening run, never one per mention, never one for all
    assert len(towns) <= len(events) < 240
    assert sum(len(e.mentions) for e in events) >= 240


def test_a_judgement_on_a_joined_mention_follows_it_into_the_record(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dvorichna.txt").write_text(
        "Russian forces shelled the village of Dvorichna on Tuesday, local officials said.\n\n"
        "The attack on Dvorichna damaged a school, the governor said.\n", encoding="utf-8")
    ingest_paths(ledger, [tmp_path / "in"], settings)
    record = next(e for e in ledger.event_records() if e["category"] == "shelling")
    assert len(record["mentions"]) == 2
    joined = record["mentions"][1]["id"]  # the id the second mention had on its own
    assert joined != record["id"]
    ledger.add_judgement("reject", joined, "alice", why="not in this village")
    again = next(e for e in ledger.event_records() if e["id"] == record["id"])
    assert again["review"] is not None and again["review"]["status"] == "rejected"
    # the judgement names a record that still exists inside the happening: not orphaned
    status = next(s for s in judgement_status(ledger) if s.subject == joined)
    assert not status.orphaned
    # a mention that no re-run produces any more is listed as orphaned, never dropped
    ledger.add_judgement("confirm", "evt_00000000000000000000", "alice", why="gone")
    gone = next(s for s in judgement_status(ledger) if s.subject == "evt_00000000000000000000")
    assert gone.orphaned


def test_figures_of_speech_make_no_events() -> None:
    doc = analyse_text(
        "Earlier rounds of sanctions targeted the banking sector, and the government's effort "
        "to prop up the rouble hit a roadblock in May.\n\n"
        "The measures have sent foreign companies fleeing from Russia.\n", PUBLISHED)
    assert real_events(doc) == [], [(e.category, e.trigger.text) for e in doc.events]
    war = analyse_text("Russian missiles hit the energy sector in Kyiv, and residents fled "
                       "Kupiansk as shelling intensified.\n", PUBLISHED)
    assert {e.category for e in real_events(war)} >= {"shelling", "displacement"}


def test_an_attack_on_a_building_is_a_strike_from_afar() -> None:
    doc = analyse_text("An attack on a shopping centre in Kremenchuk on Monday killed 12 "
                       "people and injured 40, officials said.\n", PUBLISHED)
    event = real_events(doc)[0]
    assert event.category == "shelling" and event.fatalities == 12 and event.injured == 40
    shot = analyse_text("Russian soldiers shot two men outside a shop in Bucha, a witness "
                        "said.\n", PUBLISHED)
    assert real_events(shot)[0].category == "attack_on_civilians"


def test_two_acts_in_one_sentence_keep_their_own_places() -> None:
    doc = analyse_text("The general staff said Russian forces had shelled the Chernihiv region "
                       "and intensified their shelling of Kharkiv.\n", PUBLISHED)
    places = sorted(e.location.name for e in real_events(doc) if e.location is not None)
    assert places == ["Chernihiv Oblast", "Kharkiv"], places


def test_soldiers_captured_in_a_reduced_clause_are_a_capture() -> None:
    doc = analyse_text("Two foreign volunteers captured in fighting north of Kharkiv last "
                       "month have been shown on Russian television.\n", PUBLISHED)
    captures = [e for e in real_events(doc) if e.category == "capture"]
    assert captures and captures[0].victims.text is not None
    assert "volunteers" in captures[0].victims.text.text
    assert captures[0].victims.status == "prisoners"  # captured fighters are hors de combat


def test_a_place_in_the_speakers_name_is_not_where_it_happened() -> None:
    doc = analyse_text(
        "Russian forces shelled the village of Dvorichna on Tuesday.\n\n"
        "Two people were killed, the Kharkiv regional military administration said.\n",
        PUBLISHED)
    events = real_events(doc)
    assert len(events) == 1
    assert events[0].location is not None and events[0].location.name == "Dvorichna"


def test_purposes_and_capacities_are_not_reported_acts() -> None:
    doc = analyse_text(
        "Prisons have started to recruit volunteers to fight in Ukraine, and Moscow edges "
        "closer to seizing Lysychansk. Kyiv wants an army capable of fighting alongside its "
        "allies. This is another demonstration that Ukraine can hold out, he said.\n",
        PUBLISHED)
    assert real_events(doc) == [], [(e.category, e.trigger.text) for e in real_events(doc)]
    done = analyse_text("Russian forces used artillery to shell the village of Hrakove.\n",
                        PUBLISHED)
    assert [e.category for e in real_events(done)] == ["shelling"]


def test_a_nouns_own_by_agent_is_the_attacker_not_the_sufferer() -> None:
    doc = analyse_text("Ukraine has suffered most from a long artillery bombardment by the "
                       "Russian army in Sievierodonetsk.\n", PUBLISHED)
    event = real_events(doc)[0]
    assert event.perpetrator.side == "Russia"
    assert event.perpetrator.text is not None and "Russian army" in event.perpetrator.text.text


def test_an_untyped_attack_is_typed_by_what_the_sentence_names() -> None:
    far = analyse_text("A Russian-installed official claimed that Ukrainian forces were using "
                       "western artillery to attack the Zaporizhzhia nuclear power plant.\n",
                       PUBLISHED)
    assert [e.category for e in real_events(far)] == ["shelling"]
    near = analyse_text("Russian troops attacked the town of Marinka on Monday.\n", PUBLISHED)
    assert [e.category for e in real_events(near)] == ["armed_clash"]


def test_a_passive_capture_takes_the_subject_of_the_clause_above() -> None:
    doc = analyse_text("Two foreign fighters face trial in Donetsk after being captured in the "
                       "fighting for Mariupol.\n", PUBLISHED)
    captures = [e for e in real_events(doc) if e.category == "capture"]
    assert captures and captures[0].victims.text is not None
    assert "fighters" in captures[0].victims.text.text


def test_a_past_act_told_as_the_time_of_another_is_reported() -> None:
    doc = analyse_text("Putin ordered his generals to carry on their advance towards Donetsk "
                       "after the Russian army seized the Luhansk region.\n", PUBLISHED)
    taken = [e for e in real_events(doc) if e.category == "territory_taken"]
    assert taken and taken[0].location is not None
    assert taken[0].location.name == "Luhansk Oblast"


def test_prisoners_of_a_regiment_captured_are_a_capture() -> None:
    doc = analyse_text("Kyiv says the Russians killed the prisoners from the Azov regiment, who "
                       "were captured in May in Mariupol.\n", PUBLISHED)
    assert "capture" in {e.category for e in real_events(doc)}


def test_a_strike_on_a_town_held_by_one_side_is_the_others() -> None:
    doc = analyse_text("A powerful explosion hit a depot in the Russian-occupied town of "
                       "Horlivka on Saturday.\n", PUBLISHED)
    event = real_events(doc)[0]
    assert event.perpetrator.side == "Ukraine"
    assert event.fields["perpetrator"].rule == "perpetrator:the_other_side_of_the_place's_holder"


def test_a_place_no_gazetteer_knows_gives_no_place_rather_than_a_wrong_one() -> None:
    doc = analyse_text("Russia shelled Kyiv overnight.\n\nUkrainian artillery struck Russian "
                       "positions on Snake Island on Monday, the navy said.\n", PUBLISHED)
    island = [e for e in real_events(doc) if "Snake Island" in e.sentence.text]
    assert island, [(e.category, e.sentence.text) for e in doc.events]
    assert island[0].location is None or island[0].location.name != "Kyiv"
    street = analyse_text("Russian forces shelled Kupiansk on Monday. A shell hit a house on "
                          "Sadova Street, the mayor said.\n", PUBLISHED)
    assert all(e.location is not None and e.location.name.startswith("Kup")
               for e in real_events(street))


def test_a_speakers_title_names_the_person_the_article_set_beside_it() -> None:
    doc = analyse_text("Ukraine's president, Volodymyr Zelenskiy, visited Kharkiv on Monday.\n\n"
                       "Russian forces shelled Izium overnight, Ukraine's president said.\n",
                       PUBLISHED)
    event = real_events(doc)[0]
    assert "Zelenskiy" in str(doc.claimant(event)["name"])
    assert event.fields["claimant"].rule == "claimant:title_of_a_named_person"


def test_statistical_words_outside_the_acts_clause_do_not_make_it_aggregate() -> None:
    doc = analyse_text("Russia bombarded Kharkiv overnight, while claiming that talks were held "
                       "on a daily basis.\n", PUBLISHED)
    assert [e.aggregate for e in real_events(doc)] == [False]
    many = analyse_text("Russian forces have shelled Kharkiv 40 times since the start of the "
                        "war.\n", PUBLISHED)
    assert [e.aggregate for e in real_events(many)] == [True]


def test_a_capital_acting_is_not_where_it_happened() -> None:
    doc = analyse_text("Sievierodonetsk continues to be battered by Russian shelling as Moscow "
                       "edges closer to its goals.\n", PUBLISHED)
    event = real_events(doc)[0]
    assert event.location is None or event.location.name != "Moscow"


def test_strikes_told_with_different_weapon_words_are_one_and_the_launch_site_no_place() -> None:
    doc = analyse_text(
        "Two people were killed in Vovchansk as aerial bombs hit the town centre, police said."
        "\n\nPolice said two bombs hit the town at about 9:30 a.m. The governor said the bombs "
        "were dropped by Russian aircraft flying from Russia's Belgorod region.\n", PUBLISHED)
    events = real_events(doc)
    assert len(events) == 1, [(e.category, e.trigger.text) for e in events]
    assert events[0].location is not None and events[0].location.name.startswith("Vovchansk")
