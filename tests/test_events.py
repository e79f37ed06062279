"""Events read from short invented reports: category, sides, victims, deaths, place, modality."""

from __future__ import annotations

import pytest

from docket.evaluate import Table, class_table, gold_sides, main_event
from docket.extract import parse_text
from docket.extract.events import find_events
from docket.extract.taxonomy import CATEGORIES, category
from docket.model import Event


def events_of(text: str) -> tuple[Event, ...]:
    doc, parsed = parse_text(text)
    return find_events(doc.text, parsed, doc.mentions, doc.id)


def only(text: str) -> Event:
    found = [e for e in events_of(text) if e.category != "unclassified"]
    assert len(found) == 1, [(e.category, e.trigger.text) for e in found]
    return found[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian troops shelled Izium on Monday.", "shelling"),
    ("Russian forces launched three cruise missiles at Odesa overnight.", "shelling"),
    ("Russian aircraft carried out an airstrike on Chuhuiv.", "air_strike"),
    ("Ukrainian forces struck a command post near Svatove with drones.", "drone_strike"),
    ("Ukrainian and Russian troops clashed near Bakhmut.", "armed_clash"),
    ("A tractor hit an anti-tank mine near Balakliia.", "remote_explosive"),
    ("A soldier threw a grenade at a checkpoint in Lyman.", "grenade"),
    ("Ukrainian air defence shot down four drones over Kyiv.", "disrupted_weapons"),
    ("Russian soldiers shot dead a pensioner in Bucha.", "attack_on_civilians"),
    ("Russian soldiers executed two captured Ukrainian soldiers near Soledar.", "execution"),
    ("Guards tortured the detainees at a police station in Kupiansk.", "torture"),
    ("A Russian soldier raped a woman in a village near Kherson.", "sexual_violence"),
    ("Russian troops abducted the mayor of Melitopol.", "abduction"),
    ("Russian soldiers looted shops in Trostianets.", "looting"),
    ("Ukrainian forces liberated Balakliia after heavy fighting.", "territory_regained"),
    ("Russian forces captured the village of Dovhenke after days of fighting.",
     "territory_taken"),
    ("Police arrested two men in Dnipro.", "arrest"),
    ("Residents protested in Kherson against the occupation.", "peaceful_protest"),
    ("Residents rallied in Nova Kakhovka, but police dispersed the crowd with tear gas.",
     "protest_with_intervention"),
    ("Two hundred people were evacuated from Lyman.", "displacement"),
    ("Twelve Russian soldiers surrendered to Ukrainian forces near Izium.", "surrender"),
    ("Several conscripts deserted from their unit in Belgorod.", "desertion"),
    ("Police found a cache of weapons and ammunition in a garage in Poltava.",
     "disrupted_weapons"),
    ("The two sides exchanged prisoners of war near Sumy.", "agreement"),
    ("An angry mob beat a man accused of theft in a village near Uman.", "mob_violence"),
    ("Police fired tear gas at protesters in the centre of Lviv.",
     "protest_with_intervention"),
    ("Security forces opened fire on protesters in Lutsk, killing two of them.",
     "excessive_force_against_protesters"),
    ("A suicide bomber blew himself up at a checkpoint in Vasylkiv.", "suicide_bomb"),
    ("Militants seized control of the town of Pisky after heavy fighting.", "territory_taken"),
])
def test_each_category_is_found_from_its_words(text: str, expected: str) -> None:
    event = main_event(events_of(text))
    assert event is not None
    assert event.category == expected, event.why
    assert event.sub_event_type == category(expected).sub_event_type
    assert event.rule and event.why


def test_perpetrator_side_from_the_subject_and_victims_as_counted() -> None:
    e = only("Russian forces shelled Kramatorsk, killing at least three civilians.")
    assert e.perpetrator.side == "Russia"
    assert e.perpetrator.text is not None and "Russian" in e.perpetrator.text.text
    assert (e.victims.status, e.victims.count, e.victims.qualifier) == ("civilians", 3,
                                                                        "at least")
    assert e.victims.side == "Ukraine" and "civilians_in_a_place_in_Ukraine" in e.victims.rule
    assert e.fatalities == 3
    assert e.location is not None and e.location.text == "Kramatorsk"


def test_passive_with_by_agent_names_the_perpetrator() -> None:
    e = only("A man was shot dead by Russian soldiers in Bucha.")
    assert e.category == "attack_on_civilians"
    assert e.perpetrator.side == "Russia"
    assert e.fatalities == 1


def test_perpetrator_unknown_when_not_named_and_not_guessed_from_victims() -> None:
    e = only("Three Ukrainian civilians were killed by shelling in Kharkiv.")
    assert e.category == "shelling"
    assert e.perpetrator.side == "unknown"
    assert e.victims.side == "Ukraine"
    assert e.fatalities == 3


def test_prisoners_are_victims_of_an_execution() -> None:
    e = only("Russian troops shot dead five Ukrainian prisoners of war near Soledar.")
    assert e.category == "execution"
    assert e.victims.status == "prisoners"
    assert e.ihl == "wilful killing of persons hors de combat"
    assert e.fatalities == 5


def test_numbers_as_words_with_qualifiers() -> None:
    e = only("Russian forces shelled Nikopol, killing more than fifteen civilians.")
    assert e.victims.count == 15 and e.victims.qualifier == "more than"
    assert e.fatalities == 15


def test_several_events_in_one_sentence() -> None:
    found = events_of("Russian forces shelled Kupiansk and carried out an airstrike on Izium.")
    cats = {(e.category, e.location.text if e.location else None) for e in found}
    assert ("shelling", "Kupiansk") in cats
    assert ("air_strike", "Izium") in cats


def test_one_trigger_over_several_places_gives_an_event_per_place() -> None:
    found = events_of("Russian troops shelled Vovchansk and Kupiansk.")
    assert sorted(e.location.text for e in found if e.location) == ["Kupiansk", "Vovchansk"]
    assert len({e.id for e in found}) == 2


def test_negated_event_is_kept_as_negated() -> None:
    e = only("Ukrainian forces did not shell Donetsk.")
    assert e.modality == "negated"
    assert main_event([e]) is None


@pytest.mark.parametrize("text", [
    "Russia could strike Kyiv with missiles next week.",
    "Russian forces threatened to shell Zaporizhzhia.",
    "If the talks fail, Russian troops would attack Kharkiv.",
])
def test_hypothetical_events(text: str) -> None:
    assert all(e.modality == "hypothetical" for e in events_of(text))
    assert events_of(text)


def test_no_deaths_is_zero_and_unknown_casualties_is_none() -> None:
    assert only("Russian forces shelled Kherson. No one was killed.").fatalities == 0
    zero = only("Russian forces shelled Kherson. There were no casualties.")
    assert zero.fatalities == 0 and "none_said" in zero.rule
    unknown = only("Russian forces shelled Kherson. Casualties unknown.")
    assert unknown.fatalities is None


def test_injured_are_not_fatalities() -> None:
    e = only("Russian drones hit a school in Sumy. Two people died and seven were injured.")
    assert e.category == "drone_strike"
    assert e.fatalities == 2


def test_aggregate_statistic_apart_from_a_single_incident() -> None:
    stat = events_of("Since the start of the invasion, at least 90 civilians have been "
                     "killed in Kharkiv.")
    assert stat and all(e.aggregate for e in stat)
    assert stat[0].fatalities == 90
    single = only("On Tuesday Russian forces shelled Kharkiv, killing two civilians.")
    assert not single.aggregate


def test_date_and_place_fall_back_to_the_paragraph() -> None:
    events = events_of("On 3 March 2023, Russian forces shelled Kramatorsk. "
                       "Later, Russian troops also fired mortars at the town.")
    second = events[-1]
    assert second.date is not None and second.date.attributes.get("value") == "2023-03-03"
    assert second.date is not None and "date:paragraph" in second.rule
    assert second.location is not None and second.location.text == "Kramatorsk"


def test_unclassified_violence_is_kept_with_a_reason() -> None:
    found = events_of("An explosion was heard in the centre of Kharkiv.")
    assert [e.category for e in found] == ["unclassified"]
    assert found[0].event_type == "" and "cause is not stated" in found[0].why


def test_ids_are_stable_and_follow_the_trigger() -> None:
    first = events_of("Russian troops shelled Izium.")
    again = events_of("Russian troops shelled Izium.")
    assert [e.id for e in first] == [e.id for e in again]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Shelling.", "12 12 12 12",
                                  "killed killed killed", "(", "—" * 50,
                                  "No. No. No one was killed, nobody."])
def test_bad_input_never_crashes(text: str) -> None:
    for e in events_of(text):
        assert e.category in CATEGORIES


def test_taxonomy_maps_every_category_to_acled() -> None:
    for name, cat in CATEGORIES.items():
        assert cat.name == name
        assert (cat.event_type == "") == (name == "unclassified")
    assert category("execution").against_civilians
    with pytest.raises(KeyError, match="known"):
        category("nonsense")


def test_scoring_helpers() -> None:
    assert gold_sides("Military Forces of Russia (2000-) Air Force") == {"Russia"}
    assert "DPR" in (gold_sides("NAF: United Armed Forces of Novorossiya") or ())
    assert gold_sides("Protesters (Ukraine)") is None
    table = class_table("t", [("a", "a"), ("a", "b"), ("b", "b")], min_support=1)
    assert isinstance(table, Table)
    assert table.rows[-1] == ("accuracy", "", "", "0.667", "3")


def test_every_category_is_documented() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "taxonomy.md").read_text("utf-8")
    for name, cat in CATEGORIES.items():
        assert f"`{name}`" in text, f"docs/taxonomy.md lacks {name}"
        assert cat.sub_event_type in text


def test_nobody_killed_alone_is_no_event() -> None:
    assert events_of("No one was killed in Kharkiv yesterday.") == ()


# --- real-prose faults: negation, accusation, pronouns, background (brief B2) ---------------

@pytest.mark.parametrize("text", [
    "The ministry said its forces do not strike civilian objects.",
    "The army insists its forces do not target civilians.",
])
def test_negated_general_statements_are_negated_not_incidents(text: str) -> None:
    events = events_of(text)
    assert events and all(e.modality == "negated" for e in events)
    assert all("general_statement" in e.rule for e in events)
    assert main_event(events) is None


def test_denying_the_use_of_mines_is_no_shelling() -> None:
    event = only("Ukraine says it does not use anti-personnel mines.")
    assert event.category == "remote_explosive" and event.modality == "negated"


@pytest.mark.parametrize(("text", "side"), [
    ("The governor accused Ukrainian forces of shelling the town.", "Ukraine"),
    ("The mayor blamed Russian forces for the strike on the market.", "Russia"),
    ("Officials said Russian troops were behind the shelling of Kharkiv.", "Russia"),
])
def test_the_accused_is_the_perpetrator(text: str, side: str) -> None:
    assert only(text).perpetrator.side == side


def test_who_condemns_a_strike_did_not_carry_it_out() -> None:
    event = only("President Zelenskiy condemned the strike on the prison.")
    assert event.perpetrator.side == "unknown"


@pytest.mark.parametrize(("text", "category", "side"), [
    ("Russia's Defence Ministry said its forces had struck a fuel depot near Kramatorsk.",
     "shelling", "Russia"),
    ("A Ukrainian officer said our troops shelled enemy positions near Izium.",
     "shelling", "Ukraine"),
    ("Ukraine's air force said it had shot down nine of 14 drones overnight.",
     "disrupted_weapons", "Ukraine"),
])
def test_pronoun_perpetrators_take_the_speakers_side(text: str, category: str,
                                                     side: str) -> None:
    event = only(text)
    assert (event.category, event.perpetrator.side) == (category, side)
    assert "speaker's_own" in event.perpetrator.rule


def test_pronoun_with_no_side_anywhere_stays_unknown() -> None:
    event = events_of("The commander said his crew had destroyed a tank near Bakhmut.")[0]
    assert event.perpetrator.side == "unknown"


@pytest.mark.parametrize("text", [
    "Residents have lived in fear since the city was occupied in March.",
    "Dozens of families waited for evacuation at the station in Kramatorsk.",
    "Whether somebody died, he does not know.",
    "He did not know whether anyone was killed.",
])
def test_background_and_questions_are_not_events(text: str) -> None:
    assert events_of(text) == ()


def test_a_weapon_as_subject_takes_the_side_of_the_earlier_shelling() -> None:
    events = events_of("Russian forces shelled Kharkiv all day. Later one of the shells hit a "
                       "car with two women in it and both of the women were killed.")
    hit = next(e for e in events if e.trigger.text == "hit")
    assert hit.perpetrator.side == "Russia" and hit.fatalities == 2


@pytest.mark.parametrize(("text", "deaths"), [
    ("Russian forces shelled Izium, killing two soldiers and a civilian.", 3),
    ("Russian forces shelled Izium and killed a teacher and her son.", 2),
    ("Russian forces shelled Izium. Two people died and another was found dead later.", 2),
    ("Separatist forces fired mortars at army positions near Novaselka. As a result of "
     "the shelling, one Ukrainian soldier was killed.", 1),
    ("Separatist forces fired mortars at army positions near Novaselka. As a result of "
     "shelling, two soldiers were killed at other locations.", None),
])
def test_casualty_clauses_add_up(text: str, deaths: int | None) -> None:
    event = main_event(events_of(text))
    assert event is not None and event.fatalities == deaths


@pytest.mark.parametrize(("text", "side"), [
    ("Armed clashes took place between Russian and Ukrainian forces near Zolote, as a result "
     "of which Russian forces had to retreat.", "Ukraine"),
    ("Fighting took place between Russian and Ukrainian forces near Izium, as a result of "
     "which Ukrainian forces destroyed two tanks.", "Ukraine"),
    ("Armed clashes took place between Russian and Ukrainian forces near Lyman.", "Russia"),
])
def test_the_side_of_a_battle_is_the_one_that_prevailed_else_the_first(text: str,
                                                                       side: str) -> None:
    event = main_event(events_of(text))
    assert event is not None and event.category == "armed_clash"
    assert event.perpetrator.side == side


def test_occupied_before_a_place_describes_it() -> None:
    events = events_of("Ukraine's military said it had struck a Russian command post in "
                       "occupied Melitopol.")
    assert [e.category for e in events] == ["shelling"]
    assert events[0].perpetrator.side == "Ukraine"


# --- categories of soldiers, property, territory, chemicals and riots (brief B3) -----------

def categories_of(text: str) -> list[str]:
    return [e.category for e in events_of(text) if e.modality != "negated"]


@pytest.mark.parametrize("text", [
    "Thirty conscripts refused to fight near Kupiansk on Friday, their mothers said.",
    "The reservists declined to advance on the village, a local official said.",
    "Soldiers of the battalion said they would not go back to the trenches near Siversk.",
])
def test_refusal_to_fight_is_one_event_and_the_refused_fight_is_none(text: str) -> None:
    assert categories_of(text) == ["refusal_to_fight"]
    assert "refuse" in only(text).why


@pytest.mark.parametrize("text", [
    "Russia refused to return the bodies of its soldiers.",
    "The mayor refused to go to the meeting in Sumy.",
])
def test_refusals_by_others_than_soldiers_are_no_refusal_to_fight(text: str) -> None:
    assert events_of(text) == ()


def test_would_not_attack_said_by_a_state_stays_a_negated_attack() -> None:
    event = events_of("Russia said it would not attack civilian targets in Kharkiv.")[0]
    assert event.modality == "negated" and event.category != "refusal_to_fight"


@pytest.mark.parametrize("text", [
    "A Russian major resigned from the army in protest, a friend of his said.",
    "Two Ukrainian officers resigned after the defeat near Lyman.",
])
def test_resignation_of_officers_and_no_protest_from_in_protest(text: str) -> None:
    assert categories_of(text) == ["resignation"]


@pytest.mark.parametrize("text", [
    "Ukrainian forces captured eight Russian soldiers near Svatove.",
    "Russian troops captured a Ukrainian paratrooper in Kreminna on Tuesday.",
])
def test_soldiers_taken_prisoner_are_a_capture(text: str) -> None:
    event = only(text)
    assert event.category == "capture" and event.victims.status == "combatants"


@pytest.mark.parametrize("text", [
    "Russian soldiers set fire to the cultural centre in Borova before they withdrew.",
    "Russian troops set the church ablaze in Yampil.",
    "Occupying forces torched the village library in Hostomel.",
    "Russian soldiers burned down two farmhouses near Izium.",
    "Russian forces demolished the war memorial in Melitopol.",
])
def test_property_destruction_from_arson_and_demolition(text: str) -> None:
    event = only(text)
    assert event.category == "property_destruction", event.why
    assert event.perpetrator.side == "Russia"
    assert event.sub_event_type == "Looting/property destruction"


@pytest.mark.parametrize(("text", "side"), [
    ("Russian troops withdrew from Snihurivka without a fight on 12 November, and "
     "Ukrainian forces entered the town.", "Ukraine"),
    ("Russian forces left Lyman on Saturday.", "Russia"),
    ("Russian units pulled out of Kherson region overnight.", "Russia"),
    ("Ukrainian troops entered Balakliia without a fight.", "Ukraine"),
])
def test_control_changing_hands_without_a_fight(text: str, side: str) -> None:
    event = only(text)
    assert event.category == "territory_transferred", event.why
    assert event.perpetrator.side == side and event.location is not None


@pytest.mark.parametrize("text", [
    "Residents left Kharkiv on Monday.",
    "Russia withdrew from the grain deal.",
    "Ukrainian troops entered Hrakove after heavy fighting.",
])
def test_leaving_or_entering_with_no_force_no_place_or_with_fighting_is_no_transfer(
        text: str) -> None:
    assert "territory_transferred" not in categories_of(text)


@pytest.mark.parametrize("text", [
    "Ukraine accused Russian troops of using tear gas grenades against its trenches near "
    "Kreminna.",
    "A Russian drone dropped a gas grenade on a trench near Avdiivka.",
    "Russian forces fired shells with chloropicrin at Ukrainian positions near Vuhledar.",
])
def test_chemical_agents_win_over_the_device_that_carried_them(text: str) -> None:
    event = only(text)
    assert event.category == "chemical_weapon", event.why
    assert event.ihl == "use of prohibited weapons"


def test_tear_gas_on_protesters_is_policing_not_a_chemical_weapon() -> None:
    assert only("Police fired tear gas at protesters in the centre of Lviv.").category == \
        "protest_with_intervention"


@pytest.mark.parametrize("text", [
    "Rioters burned cars and attacked police officers in Makhachkala on Sunday.",
    "Protesters set fire to a police car in the centre of Nalchik.",
    "Demonstrators burned tyres and threw stones at police in Kazan.",
])
def test_rioters_destroying_property_are_one_violent_demonstration(text: str) -> None:
    assert categories_of(text) == ["violent_demonstration"]
