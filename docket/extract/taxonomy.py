"""Docket's event categories, each mapped to ACLED's event type and sub-type and to IHL.

Docket reports what a text says happened in its own categories, finer than ACLED's where the
law of armed conflict draws a line ACLED does not (an execution of prisoners and the shooting
of a civilian are both ACLED "Violence against civilians / Attack", but IHL names them apart),
and maps each category onto ACLED so that Docket's events can be scored against ACLED data
and exported to people who work in ACLED's terms. docs/taxonomy.md prints this table.

The categories are rules, not a model: `docket.extract.events` picks one from the trigger
word, its objects and its instruments, and says which rule decided.
"""

from __future__ import annotations

from dataclasses import dataclass

# ACLED event types (the seven top-level types used here).
BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"


@dataclass(frozen=True)
class Category:
    """One kind of event: what it means, and where it falls in ACLED's and IHL's terms."""

    name: str
    description: str
    event_type: str  # ACLED event_type ("" for `unclassified`)
    sub_event_type: str  # ACLED sub_event_type
    ihl: str | None  # the IHL category the act may fall under, None when none applies
    against_civilians: bool  # the act targets civilians or persons hors de combat
    military_personnel: bool = False  # an event of soldiers themselves (desertion, surrender)


def _c(name: str, description: str, event_type: str, sub: str, ihl: str | None = None,
       civ: bool = False, personnel: bool = False) -> Category:
    return Category(name, description, event_type, sub, ihl, civ, personnel)


_ALL: tuple[Category, ...] = (
    _c("shelling", "Artillery, mortar, rocket or missile fire on a place or position "
       "(ACLED types missile strikes here too)", EXPLOSIONS, "Shelling/artillery/missile attack",
       "attack (indiscriminate when on populated areas)"),
    _c("air_strike", "Strike by aircraft or helicopters: bombs, air-launched weapons, "
       "aircraft fire", EXPLOSIONS, "Air/drone strike", "attack"),
    _c("drone_strike", "Strike by an armed or bomb-dropping drone (UAV)", EXPLOSIONS,
       "Air/drone strike", "attack"),
    _c("remote_explosive", "Explosion of a mine, IED or planted device, or a demolition by "
       "explosives", EXPLOSIONS, "Remote explosive/landmine/IED",
       "use of mines / booby-traps (indiscriminate weapons)"),
    _c("grenade", "A hand grenade thrown or detonated (not one dropped from a drone)",
       EXPLOSIONS, "Grenade", "attack"),
    _c("suicide_bomb", "An attacker detonating explosives on themselves or a vehicle they "
       "drive", EXPLOSIONS, "Suicide bomb", "attack"),
    _c("chemical_weapon", "Use of chemical agents (including riot-control agents as a method "
       "of warfare)", EXPLOSIONS, "Chemical weapon", "use of prohibited weapons"),
    _c("armed_clash", "Armed forces or groups fighting each other: clashes, assaults, "
       "offensives, small-arms fire at positions", BATTLES, "Armed clash", None),
    _c("territory_taken", "A force (in this war Russia, the DPR or the LPR) takes control of "
       "a place after fighting", BATTLES, "Non-state actor overtakes territory", None),
    _c("territory_regained", "The government's forces retake a place after fighting",
       BATTLES, "Government regains territory", None),
    _c("territory_transferred", "Control of a place changes hands without reported fighting "
       "(withdrawal, entry without a fight)", STRATEGIC, "Non-violent transfer of territory",
       None),
    _c("disrupted_weapons", "Air defence shoots down missiles, drones or aircraft; mines or "
       "weapons defused, seized or intercepted", STRATEGIC, "Disrupted weapons use", None),
    _c("attack_on_civilians", "Violence aimed at civilians: shooting, beating, killing "
       "people who take no part in hostilities", VAC, "Attack",
       "attack on civilians / wilful killing of civilians", civ=True),
    _c("execution", "Killing of prisoners of war or others hors de combat (surrendered, "
       "captured, wounded)", VAC, "Attack",
       "wilful killing of persons hors de combat", civ=True),
    _c("torture", "Torture or other ill-treatment of detainees, prisoners or civilians",
       VAC, "Attack", "torture / cruel treatment / outrages upon personal dignity", civ=True),
    _c("sexual_violence", "Rape and other sexual violence, including threats of it",
       VAC, "Sexual violence", "rape and other forms of sexual violence", civ=True),
    _c("abduction", "Abduction, kidnapping, hostage-taking, forced disappearance, detention "
       "by armed forces", VAC, "Abduction/forced disappearance",
       "unlawful confinement / hostage-taking / enforced disappearance", civ=True),
    _c("looting", "Theft of property by armed men or groups", STRATEGIC,
       "Looting/property destruction", "pillage"),
    _c("property_destruction", "Destruction or burning of property other than by an attack "
       "with weapons", STRATEGIC, "Looting/property destruction",
       "destruction of civilian property not justified by military necessity"),
    _c("arrest", "Arrest or detention by police or security services", STRATEGIC, "Arrest",
       None),
    _c("peaceful_protest", "A demonstration, rally or picket without violence or "
       "intervention", PROTESTS, "Peaceful protest", None),
    _c("protest_with_intervention", "A peaceful protest that police or others disperse, "
       "detain or otherwise stop", PROTESTS, "Protest with intervention", None),
    _c("excessive_force_against_protesters", "Lethal or heavy force used on protesters",
       PROTESTS, "Excessive force against protesters", None, civ=True),
    _c("violent_demonstration", "Demonstrators who use violence or destroy property (riots)",
       RIOTS, "Violent demonstration", None),
    _c("mob_violence", "Violence by a crowd without an organised group (lynching, mob "
       "attacks)", RIOTS, "Mob violence", None),
    _c("agreement", "Ceasefire, exchange or other agreement between parties", STRATEGIC,
       "Agreement", None),
    _c("desertion", "Soldiers desert their units (no ACLED class: Strategic developments / "
       "Other)", STRATEGIC, "Other", None, personnel=True),
    _c("refusal_to_fight", "Soldiers refuse to fight or to deploy (no ACLED class: "
       "Strategic developments / Other)", STRATEGIC, "Other", None, personnel=True),
    _c("resignation", "Officers or soldiers resign or quit the service (no ACLED class: "
       "Strategic developments / Other)", STRATEGIC, "Other", None, personnel=True),
    _c("surrender", "Soldiers or units surrender (no ACLED class: Strategic developments / "
       "Other)", STRATEGIC, "Other", None, personnel=True),
    _c("capture", "Soldiers taken prisoner (no ACLED class: Strategic developments / Other)",
       STRATEGIC, "Other", None, personnel=True),
    _c("displacement", "Evacuation or flight of civilians (ACLED: Strategic developments / "
       "Other, notes headed 'Displacement')", STRATEGIC, "Other", None),
    _c("other", "A strategic development with no better class", STRATEGIC, "Other", None),
    _c("unclassified", "A trigger that looks like violence but whose kind the text does not "
       "settle; `why` says what was missing", "", "", None),
)

CATEGORIES: dict[str, Category] = {c.name: c for c in _ALL}


def category(name: str) -> Category:
    """The category called `name`; a KeyError names the known categories."""
    try:
        return CATEGORIES[name]
    except KeyError:
        raise KeyError(f"unknown event category {name!r}; known: {', '.join(CATEGORIES)}") \
            from None


# Which event ACLED codes when one report holds several (its codebook: a battle over the remote
# violence that went with it, an air strike over the shelling that went with it). Lower wins.
ACLED_PRECEDENCE: dict[str, int] = {
    "territory_taken": 0, "territory_regained": 0, "territory_transferred": 1,
    "armed_clash": 2, "air_strike": 3, "drone_strike": 3, "shelling": 4, "suicide_bomb": 4,
    "chemical_weapon": 4, "remote_explosive": 5, "grenade": 5, "execution": 6,
    "sexual_violence": 6, "abduction": 6, "attack_on_civilians": 7, "torture": 7,
    "disrupted_weapons": 8, "looting": 9, "property_destruction": 9, "arrest": 9,
    "excessive_force_against_protesters": 9, "violent_demonstration": 9, "mob_violence": 9,
    "protest_with_intervention": 10, "peaceful_protest": 10, "displacement": 11,
    "agreement": 11, "capture": 11, "surrender": 11, "desertion": 11, "refusal_to_fight": 11,
    "resignation": 11, "other": 12, "unclassified": 13,
}
