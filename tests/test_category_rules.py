"""The category rule table: each named rule, on a short invented report, picks the category a
reader would expect, and the rule that decided is the one named."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from docket.extract import categories, parse_text
from docket.extract.categories import CATEGORY_RULES, RULES_BY_NAME, Facts, decide, facts_of
from docket.extract.events import find_events
from docket.model import Party, TextSpan


def decisions(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, str]],
                                                                   list[str]]:
    """(trigger word, rule name) for every trigger the table decided, and the categories of
    the events found."""
    seen: list[tuple[str, str]] = []

    def spy(f: Facts) -> tuple[categories.CategoryRule, categories.Decision]:
        rule, decision = decide(f)
        seen.append((f.word, rule.name))
        return rule, decision

    monkeypatch.setattr(categories, "decide", spy)
    doc, parsed = parse_text(text)
    found = find_events(doc.text, parsed, doc.mentions, doc.id)
    return seen, [e.category for e in found]


@pytest.mark.parametrize(("text", "trigger", "rule", "category"), [
    ("A suicide bomber blew himself up at a checkpoint in Vasylkiv.", "blew",
     "suicide_bombing", "suicide_bomb"),
    ("Police detained twenty protesters at a rally in Lviv.", "detained",
     "protesters_detained", "protest_with_intervention"),
    ("Security forces shot dead two protesters in Lutsk.", "shot",
     "force_at_a_protest", "excessive_force_against_protesters"),
    ("An angry mob beat a man accused of theft in a village near Uman.", "beat",
     "mob_violence", "mob_violence"),
    ("Rioters destroyed shop windows in the centre of Rivne.", "destroyed",
     "rioters_destroy", "violent_demonstration"),
    ("Russian forces shelled Kupiansk with chlorine gas shells.", "shelled",
     "chemical_agent", "chemical_weapon"),
    ("Police found a cache of weapons in a garage in Poltava.", "found",
     "weapons_found", "disrupted_weapons"),
    ("The two sides exchanged fire near Vuhledar.", "exchanged",
     "exchange_of_fire", "armed_clash"),
    ("The two sides exchanged prisoners of war near Sumy.", "exchanged",
     "exchange_or_agreement", "agreement"),
    ("Ukrainian soldiers shot down a Russian helicopter near Kyiv.", "shot",
     "manned_aircraft_downed", "shelling"),
    ("Russian forces bombarded Vovchansk with glide bombs from aircraft.", "bombarded",
     "bombardment_from_the_air", "air_strike"),
    ("Russian troops violated the ceasefire near Avdiivka.", "ceasefire",
     "agreement_violated", "armed_clash"),
    ("Russian troops shelled Izium on Monday.", "shelled", "kind_names_category", "shelling"),
    ("Prisoners were tortured in Kupiansk.", "tortured", "kind_names_category", "torture"),
    ("A Russian soldier sexually assaulted a woman in Bucha.", "assaulted",
     "sexual_assault", "sexual_violence"),
    ("A soldier threw a grenade at a checkpoint in Lyman.", "threw", "grenade_thrown",
     "grenade"),
    ("Ukrainian air defence fired at incoming missiles over Odesa.", "fired",
     "fire_at_incoming_weapon", "disrupted_weapons"),
    ("Shots were fired at a checkpoint in Lyman.", "fired",
     "small_arms_at_military_target", "armed_clash"),
    ("Russian troops attacked civilians in Bucha.", "attacked", "fire_at_people",
     "attack_on_civilians"),
    ("Russian troops attacked a Ukrainian military base near Yavoriv.", "attacked",
     "attack_on_military_target", "armed_clash"),
    ("Ukrainian forces struck a command post near Svatove with drones.", "struck",
     "named_weapon", "drone_strike"),
    ("Russia bombed Mariupol.", "bombed", "bombed", "air_strike"),
    ("Russian troops assaulted Ukrainian positions near Bakhmut.", "assaulted",
     "assault_without_weapon", "armed_clash"),
    ("Russian forces struck Kharkiv overnight.", "struck", "remote_fire", "shelling"),
    ("Russian forces attacked a Ukrainian command post near Svatove.", "attacked",
     "force_without_weapon_or_target", "unclassified"),
    ("A drone killed two soldiers near Lyman.", "killed", "killed_by_weapon", "drone_strike"),
    ("Russian soldiers killed a man in Bucha.", "killed", "killed_by_victims",
     "attack_on_civilians"),
    ("Russian soldiers executed two captured Ukrainian soldiers near Soledar.", "executed",
     "execution", "execution"),
    ("Russian soldiers executed civilians in Bucha.", "executed", "civilians_executed",
     "attack_on_civilians"),
    ("Ukrainian troops beat back an attack near Marinka.", "beat", "beat_back",
     "armed_clash"),
    ("Guards beat the prisoners of war at a camp in Olenivka.", "beat", "prisoners_beaten",
     "torture"),
    ("Russian soldiers beat civilians in Trostianets.", "beat", "civilians_beaten",
     "attack_on_civilians"),
    ("A Russian soldier raped a woman in a village near Kherson.", "raped", "sexual_violence",
     "sexual_violence"),
    ("Police arrested two men in Dnipro.", "arrested", "detention", "arrest"),
    ("Residents marched through Kherson against the occupation.", "marched",
     "march_as_protest", "peaceful_protest"),
    ("Ukrainian forces destroyed two Russian missiles over Kyiv.", "destroyed",
     "weapons_destroyed", "disrupted_weapons"),
    ("Ukrainian forces destroyed a Russian tank near Izium.", "destroyed",
     "military_equipment_destroyed", "unclassified"),
    ("Russian forces destroyed the bridge with artillery near Siversk.", "destroyed",
     "destroyed_by_weapon", "shelling"),
    ("Russian soldiers destroyed a school in Izium.", "destroyed", "property_destruction",
     "property_destruction"),
    ("Shots were fired at a checkpoint in Lyman.", "Shots", "small_arms_fire", "armed_clash"),
    ("Explosions were heard in Melitopol.", "Explosions", "several_explosions", "shelling"),
    ("A landmine exploded near Balakliia.", "exploded", "explosion_of_weapon",
     "remote_explosive"),
    ("Russian troops blew up the dam at Nova Kakhovka.", "blew", "demolition",
     "remote_explosive"),
    ("An explosion hit Berdiansk.", "explosion", "explosion_cause_unknown", "unclassified"),
    ("Russian forces captured the village of Dovhenke.", "captured", "control_of_territory",
     "territory_taken"),
    ("Russian forces withdrew from Kherson.", "withdrew", "transfer_of_territory",
     "territory_transferred"),
    ("A Ukrainian general resigned on Friday.", "resigned", "soldier_resigned", "resignation"),
    ("The soldiers refused to fight in Ukraine.", "refused", "refusal", "refusal_to_fight"),
    ("An angry mob beat a man accused of theft in a village near Uman.", "mob",
     "mob_violence_named", "mob_violence"),
    ("Protesters were killed in Lutsk, where crowds had rallied against the war.", "rallied",
     "protesters_killed", "excessive_force_against_protesters"),
    ("Residents rallied in Nova Kakhovka and smashed windows of the town hall.", "rallied",
     "protesters_violent", "violent_demonstration"),
    ("Residents rallied in Nova Kakhovka, but police dispersed the crowd with tear gas.",
     "rallied", "protest_stopped", "protest_with_intervention"),
    ("Residents protested in Kherson against the occupation.", "protested",
     "peaceful_protest", "peaceful_protest"),
])
def test_a_named_rule_chooses_the_category(text: str, trigger: str, rule: str, category: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    seen, found = decisions(text, monkeypatch)
    assert (trigger, rule) in seen, seen
    assert category in found, found


@pytest.mark.parametrize(("text", "trigger", "rule"), [
    ("Police found a dog in a garage in Poltava.", "found", "nothing_found"),
    ("Kyiv and Moscow signed the guest book.", "signed", "nothing_exchanged"),
    ("Officials discussed an agreement on grain in Istanbul.", "agreement",
     "agreement_talked_about"),
    ("The village was targeted.", "targeted", "target_alone"),
    ("Protesters threw stones at police in Rivne.", "threw", "weapon_use_without_weapon"),
    ("The army used drones for reconnaissance near Bakhmut.", "used",
     "weapon_use_not_an_attack"),
    ("No one was killed in the attack on Kramatorsk.", "killed", "no_one_killed"),
    ("Guards beat a guard at the camp.", "beat", "beaten_other"),
    ("Residents gathered in the square of Kherson.", "gathered", "gathering_without_purpose"),
    ("Houses were destroyed in Kupiansk.", "destroyed", "destroyed_as_consequence"),
    ("The mayor of Kherson resigned on Friday.", "resigned", "civilian_resigned"),
])
def test_a_named_rule_says_no_event(text: str, trigger: str, rule: str,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen, found = decisions(text, monkeypatch)
    assert (trigger, rule) in seen, seen
    assert found == [], found


# Rules the parser rarely reaches in one short sentence, read on a stand-in token.

def _token(text: str, lemma: str, **extra: Any) -> Any:
    fields: dict[str, Any] = {"text": text, "lemma_": lemma, "pos_": "VERB", "tag_": "VBD",
                              "dep_": "ROOT", "children": (),
                              "head": SimpleNamespace(lemma_="be")}
    fields.update(extra)
    return SimpleNamespace(**fields)


def _party(words: str = "", status: str | None = None, side: str = "unknown",
           count: int | None = None) -> Party:
    span = TextSpan(0, len(words), words) if words else None
    return Party(side=side, text=span, status=status, count=count)


def _rule_for(kind: str, tok: Any, sentence: str, victims: Party | None = None,
              perpetrator: Party | None = None, clause: str | None = None) -> tuple[str, Any]:
    f = facts_of(kind, tok, sentence if clause is None else clause, victims or _party(),
                 perpetrator or _party(), sentence, "")
    rule, decision = decide(f)
    return rule.name, decision


def test_fire_both_ways_is_a_clash() -> None:
    name, decision = _rule_for("shelling", _token("shelling", "shelling", pos_="NOUN"),
                               "Artillery fire was traded in both directions near Siversk.")
    assert name == "fire_both_ways"
    assert decision == ("armed_clash", "fire both ways: 'in both directions'")


def test_gunmen_firing_rifles_at_villagers_is_an_attack_on_civilians() -> None:
    name, decision = _rule_for("fire", _token("fired", "fire"),
                               "Gunmen fired rifles at villagers near Kherson.",
                               victims=_party("villagers"), perpetrator=_party("Gunmen"),
                               clause="Gunmen fired rifles at villagers")
    assert (name, decision) == ("gunmen",
                                ("attack_on_civilians", "gunmen's fire at 'villagers'"))


def test_the_air_force_without_a_weapon_named_is_an_air_strike() -> None:
    name, decision = _rule_for("strike", _token("struck", "strike"),
                               "The Ukrainian Air Force struck the bridge.",
                               perpetrator=_party("The Ukrainian Air Force", side="ukraine"),
                               clause="struck the bridge")
    assert (name, decision) == ("by_the_air_force",
                                ("air_strike", "'struck' by the air force"))


def test_a_helicopter_shot_down_is_a_downing() -> None:
    name, decision = _rule_for("shoot", _token("shot", "shoot"),
                               "Soldiers shot a helicopter near Izium.",
                               victims=_party("a helicopter"), clause="shot a helicopter")
    assert name == "manned_aircraft_shot_down"
    assert decision is not None and decision[0] == "shelling"  # downed by surface-to-air fire


def test_a_person_killed_whose_status_is_not_said_counts_as_a_civilian() -> None:
    name, decision = _rule_for("kill", _token("killed", "kill"),
                               "Unknown men killed a woman near Kupiansk.",
                               victims=_party("a woman"), clause="killed a woman")
    assert (name, decision) == ("person_killed", (
        "attack_on_civilians", "'killed' a person not said to be a fighter"))


def test_shots_from_a_mortar_are_shelling() -> None:
    name, decision = _rule_for("shots", _token("Shots", "shot", pos_="NOUN"),
                               "Shots from a mortar hit the checkpoint.",
                               clause="Shots from a mortar")
    assert (name, decision) == ("shots_with_weapon",
                                ("shelling", "shots with artillery: 'mortar'"))


def test_a_blast_called_a_suicide_is_a_suicide_bombing() -> None:
    name, decision = _rule_for("explosion", _token("blast", "blast", pos_="NOUN", tag_="NN"),
                               "Police called the blast at the checkpoint a suicide.",
                               clause="the blast at the checkpoint")
    assert (name, decision) == ("suicide_blast", ("suicide_bomb", "a suicide bombing"))


def test_a_dispersal_needs_a_protest() -> None:
    tok = _token("dispersed", "disperse")
    assert _rule_for("protest_dispersal", tok, "Police dispersed the rally in Lviv.") == (
        "protest_broken_up", ("protest_with_intervention", "a protest broken up"))
    assert _rule_for("protest_dispersal", tok, "Police dispersed the cars in Lviv.") == (
        "dispersal_without_protest", None)


def test_an_unknown_kind_is_unclassified_by_the_last_rule() -> None:
    name, decision = _rule_for("something_new", _token("did", "do"), "They did it.")
    assert (name, decision) == ("kind_not_classified",
                                ("unclassified", "'did' of kind something_new"))


def test_the_table_is_well_formed() -> None:
    assert len(RULES_BY_NAME) == len(CATEGORY_RULES)
    last = CATEGORY_RULES[-1]
    assert last.kinds is None, "the last rule must catch every kind"
    assert all(r.name == r.name.lower() and " " not in r.name for r in CATEGORY_RULES)
