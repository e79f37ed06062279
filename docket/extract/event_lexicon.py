"""The word lists behind event extraction: triggers, instruments, victims, casualty phrases.

Kept apart from `events.py` so a reader can check or extend the lexicon without reading the
parse-walking code, and so every rule name an event carries (`rule`, `why`) points at one
entry here. Entries are lemmas (lower case) as en_core_web_sm gives them; multiword cues are
regular expressions over the sentence text.
"""

from __future__ import annotations

import re

# Verb lemmas that report an event by themselves; the value is the category, or a "kind"
# that `events.classify` settles from the objects and instruments ("fire", "strike" ...).
VERB_TRIGGERS: dict[str, str] = {
    # remote violence and fire
    "shell": "shelling", "bombard": "shelling", "pound": "strike",
    "fire": "fire", "strike": "strike", "hit": "strike", "attack": "attack",
    "target": "strike", "bomb": "bomb", "airstrike": "air_strike",
    # fighting
    "clash": "armed_clash", "fight": "armed_clash", "engage": "armed_clash",
    "repel": "armed_clash", "repulse": "armed_clash", "ambush": "armed_clash",
    "storm": "armed_clash", "counterattack": "armed_clash", "assault": "assault",
    "advance": "armed_clash",
    # killing and violence against persons
    "kill": "kill", "shoot": "shoot", "murder": "kill", "execute": "execution",
    "torture": "torture", "beat": "beat", "abuse": "torture", "mistreat": "torture",
    "rape": "sexual_violence",
    "abduct": "abduction", "kidnap": "abduction", "disappear": "abduction",
    "deport": "abduction", "detain": "detain", "arrest": "detain",
    # property
    "loot": "looting", "pillage": "looting", "plunder": "looting", "steal": "looting",
    "rob": "looting", "destroy": "destroy", "burn": "destroy", "demolish": "destroy",
    "vandalize": "destroy", "vandalise": "destroy", "torch": "destroy", "raze": "destroy",
    # explosions and weapons disrupted
    "explode": "explosion", "detonate": "explosion", "blow": "blow",
    "intercept": "disrupted_weapons", "defuse": "disrupted_weapons",
    "down": "disrupted_weapons", "neutralize": "disrupted_weapons",
    "neutralise": "disrupted_weapons", "demine": "disrupted_weapons",
    # control of territory and of persons
    "capture": "capture", "seize": "capture", "occupy": "territory_taken",
    "overtake": "territory_taken", "liberate": "territory_regained",
    "retake": "territory_regained", "recapture": "territory_regained",
    "regain": "territory_regained",
    # control changing hands without a fight: an event only with a force and a place
    # (`taxonomy.transfer_category`): "withdrew from Kherson", "left Lyman", "entered ..."
    "withdraw": "withdrawal", "leave": "withdrawal", "retreat": "withdrawal",
    "enter": "entry",
    # military personnel
    "surrender": "surrender", "desert": "desertion", "resign": "resignation",
    # protests, riots, displacement, agreements
    "protest": "protest", "rally": "protest", "demonstrate": "protest", "picket": "protest",
    "riot": "violent_demonstration", "lynch": "mob_violence",
    "evacuate": "displacement", "flee": "displacement", "gather": "gathering",
    # light verbs: an event only with a weapon object ("launched missiles", "threw a grenade")
    "launch": "weapon_use", "drop": "weapon_use", "throw": "weapon_use", "use": "weapon_use",
    # "took control of", "established control over"
    "take": "control", "establish": "control", "gain": "control", "restore": "control",
    "refuse": "refusal", "decline": "refusal",
    # weapons found or taken away: an event only with weapons named
    "find": "weapons_found", "discover": "weapons_found", "uncover": "weapons_found",
    "recover": "weapons_found", "confiscate": "weapons_found",
    # agreements between the parties
    "exchange": "exchange", "swap": "exchange", "sign": "signing",
}

# Words the tagger lemmatises wrongly ("raped" -> "rap"): read from the surface form.
SURFACE_TRIGGERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)^rap(?:e|ed|es|ing)$"), "sexual_violence"),
    (re.compile(r"(?i)^shell(?:ed|ing)$"), "shelling"),
    (re.compile(r"(?i)^retook|retaken$"), "territory_regained"),
)
# Weapon nouns that head a sentence with no verb ("Russian missiles at Kyiv overnight").
ROOT_WEAPONS = re.compile(r"(?i)^(?:artillery|missiles?|rockets?|mortars?|shells?|drones?)$")
# Surface-to-air weapons: a manned aircraft downed by them is a missile attack in ACLED's terms.
AIR_DEFENCE = re.compile(r"(?i)\b(?:air\s+defen[cs]e|anti-?aircraft|manpads|stingers?|igla|"
                         r"s-[234]00|buk|tor|pantsir|osa|surface-to-air|missiles?)\b")
# Incoming weapons: fire at them is interception.
INCOMING = re.compile(r"(?i)\b(?:missiles?|rockets?|drones?|uavs?|shahed\w*|projectiles?|"
                      r"orlan\w*|tochka\w*|iskander\w*|kalibr\w*)\b")
# Manned aircraft: downing one is a battle with its crew, not a disrupted weapon.
MANNED_AIRCRAFT = re.compile(r"(?i)\b(?:helicopters?|planes?|aircraft|jets?|fighters?|"
                             r"bombers?|su-\d+\w*|ka-\d+\w*|mi-\d+\w*|tu-\d+\w*)\b")
# Taken "to an unknown destination": an abduction, whatever verb carried it.
UNKNOWN_DESTINATION = re.compile(r"(?i)\b(?:to|in|into)\s+(?:an?\s+)?unknown\s+"
                                 r"(?:destination|location|direction|place)|"
                                 r"whereabouts\s+(?:are\s+|is\s+)?unknown|took\s+away|"
                                 r"taken\s+away")
# Verbs that say which side attacked in a battle ("as Russian forces tried to advance").
ATTACKING_VERBS = frozenset({"advance", "attack", "attempt", "try", "storm", "push",
                             "assault", "launch", "counterattack", "encircle", "break"})
# How a fight ended, told after it: the subject "won" or "lost" ("X had to retreat").
OUTCOME_VERBS = {"destroy": "won", "kill": "won", "repel": "won", "repulse": "won",
                 "capture": "won", "retreat": "lost", "withdraw": "lost", "flee": "lost"}
# Verbs whose by-agent planted the device that exploded ("a mine laid by X").
PLANTING_VERBS = frozenset({"plant", "lay", "place", "leave", "set", "install", "hide",
                            "booby-trap", "mine", "rig"})
# Heads that make a capture an attempt only ("tried to take control").
ATTEMPT_HEADS = frozenset({"try", "attempt", "seek", "fail"})
# "used a drone for reconnaissance": a weapon used for something other than attack.
NON_ATTACK_USE = re.compile(r"(?i)\bfor\s+(?:visual\s+)?(?:reconnaissance|surveillance|"
                            r"targeting|spotting|correction|observation|adjust\w*)")

# Nouns used as modifiers of these heads are not events ("attack helicopter", "strike group").
NOT_EVENT_HEADS = frozenset({"helicopter", "aircraft", "drone", "plane", "group", "unit",
                             "dog", "submarine", "boat", "rifle", "line", "site", "force",
                             "brigade", "battalion", "capability", "weapon", "system"})
# Heads that make "fire" a noun of shooting ("opened fire", "came under fire", "returned fire").
FIRE_HEADS = frozenset({"open", "come", "return", "exchange", "trade", "draw"})

# Noun lemmas that report an event ("the shelling of", "an airstrike on").
NOUN_TRIGGERS: dict[str, str] = {
    "shelling": "shelling", "bombardment": "shelling", "barrage": "shelling",
    "airstrike": "air_strike", "strike": "strike", "fire": "fire_noun",
    "attack": "attack", "raid": "attack", "explosion": "explosion", "blast": "explosion",
    "shot": "shots", "burst": "shots", "projectile": "shelling",
    "clash": "armed_clash", "fighting": "armed_clash", "battle": "armed_clash",
    "firefight": "armed_clash", "shootout": "armed_clash",
    "skirmish": "armed_clash",
    "offensive": "armed_clash", "assault": "assault", "ambush": "armed_clash",
    "execution": "execution", "torture": "torture", "rape": "sexual_violence",
    "abduction": "abduction", "kidnapping": "abduction", "looting": "looting",
    "protest": "protest", "rally": "protest", "demonstration": "protest", "picket": "protest",
    "riot": "violent_demonstration",
    "lynching": "mob_violence", "evacuation": "displacement", "ceasefire": "agreement",
    "truce": "agreement", "interception": "disrupted_weapons", "desertion": "desertion",
    "agreement": "agreement", "deal": "agreement", "accord": "agreement",
    "exchange": "exchange", "swap": "exchange", "mob": "mob_violence",
}

# Instruments named near a trigger, and the category they make of "fire", "strike", "attack".
# Order matters: the first matching group wins (a drone strike is not shelling even when
# the drone fired a missile).
INSTRUMENTS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("chemical_weapon", "chemical agent", re.compile(
        r"(?i)\b(?:chemical\s+(?:weapons?|agents?|munitions?|attacks?)|sarin|chlorine|"
        r"mustard\s+gas|nerve\s+agents?|toxic\s+(?:gas|substances?)|"
        r"poison(?:ous)?\s+(?:gas|substances?)|chloropicrin|novichok|gas\s+grenades?|"
        r"(?:tear|cs|irritant|asphyxiant)\s*gas|riot[-\s]control\s+agents?|k-51)\b")),
    ("drone_strike", "drone", re.compile(
        r"(?i)\b(?:drones?|uavs?|unmanned\s+aerial|kamikaze|loitering\s+munitions?|"
        r"quadcopters?|shahed\w*|bayraktar\w*|lancet\w*)\b")),
    ("air_strike", "aircraft", re.compile(
        r"(?i)\b(?:air\s*strikes?|air\s*raids?|air\s*forces?|airforce|aviation|aircraft|"
        r"warplanes?|jets?|planes?|helicopters?|bombers?|su-\d+\w*|ka-\d+\w*|mi-\d+\w*|"
        r"tu-\d+\w*|aerial\s+bombs?|air-?launched|glide\s+bombs?|fighter\s+planes?)\b")),
    ("remote_explosive", "mine", re.compile(
        r"(?i)\b(?:mines?|landmines?|anti-?(?:tank|personnel)\s+mines?|ieds?|"
        r"improvised\s+explosive|explosive\s+devices?|tripwires?|booby[-\s]traps?|"
        r"car\s+bombs?|bombs?|explosives)\b")),
    ("shelling", "artillery", re.compile(
        r"(?i)\b(?:artillery|mortars?|shells?|shelling|howitzers?|mlrs|"
        r"multiple[-\s]+(?:launch\s+)?rocket|rockets?|missiles?|grad|uragan|smerch|"
        r"tornado|himars|iskander\w*|kalibr|kh-\d+\w*|tochka\w*|\d+\s*mm|bm-\d+\w*|"
        r"cluster\s+munitions?|s-300|tanks?\s+fire|heavy\s+weapons?|ballistic|"
        r"grenade\s+launchers?|atgms?|anti-?tank\s+(?:guided\s+)?missiles?|projectiles?|"
        r"heavy\s+machine[-\s]?guns?)\b")),
    ("grenade", "grenade", re.compile(r"(?i)\b(?:hand\s+)?grenades?\b(?!\s+launchers?)")),
    ("armed_clash", "small arms", re.compile(
        r"(?i)\b(?:small\s+arms|rifles?|(?<!heavy\s)machine[-\s]?guns?|automatic\s+weapons?|"
        r"snipers?|firearms?|gunfire|unspecified\s+weapons?|shots|bursts\s+of\s+fire|"
        r"gunm[ae]n|shooters?|assailants?|handguns?|"
        r"exchanges?\s+of\s+fire|pistols?|kalashnikovs?)\b")),
)

# Fire both ways is a battle, whatever the weapons.
TWO_WAY_FIRE = re.compile(r"(?i)\b(?:in\s+both\s+directions|exchange[sd]?\s+(?:of\s+)?fire|"
                          r"exchanging\s+fire|traded\s+fire|mutual\s+fire)\b")
# Nouns that name military targets: fire at them is a battle unless a heavy weapon is named.
MILITARY_TARGETS = re.compile(
    r"(?i)\b(?:positions?|troops|soldiers?|servicem[ae]n|fighters?|units?|trenches|"
    r"columns?|convoys?|checkpoints?|militants?|forces|army|brigades?|battalions?|"
    r"militia|military|tanks?|armou?red|vehicles?\s+of)\b")

# Victims' status from the words of the victim phrase; checked in this order.
PRISONERS = re.compile(
    r"(?i)\b(?:prisoners?|pows?|captives?|captured|detainees?|detained|surrendered|"
    r"surrendering|hors\s+de\s+combat|unarmed\s+(?:soldiers?|servicem[ae]n)|"
    r"wounded\s+(?:soldiers?|servicem[ae]n)|in\s+captivity|hostages?)\b")
COMBATANTS = re.compile(
    r"(?i)\b(?:soldiers?|servicem[ae]n|servicewom[ae]n|troops|fighters?|militants?|"
    r"combatants?|marines?|paratroopers?|mercenar(?:y|ies)|militiam[ae]n|officers?|"
    r"commanders?|conscripts?|colonels?|lieutenants?|generals?|majors?|captains?|"
    r"sergeants?|privates?|corporals?|positions?|forces|military|army|sniper|crew\s+of\s+the\s+tank|"
    r"gunners?|personnel|rebels?|separatists?|insurgents?|regiments?|brigades?|"
    r"battalions?|defenders\s+of|garrison)\b")
CIVILIANS = re.compile(
    r"(?i)\b(?:civilians?|residents?|people|persons?|person|m[ae]n|wom[ae]n|child(?:ren)?|"
    r"kids?|boys?|girls?|teen(?:ager)?s?|journalists?|reporters?|volunteers?|famil(?:y|ies)|"
    r"locals?|villagers?|pensioners?|elderly|doctors?|nurses?|medics?|teachers?|priests?|"
    r"farmers?|drivers?|head\s+of|mayor|activists?|passers?-?by|citizens?|inhabitants?|"
    r"couple|mother|father|wife|husband|son|daughter|foresters?|workers?|employees?|"
    r"director|students?|infants?|babies|baby|neighbou?rs?|car\s+with\s+civilians|"
    r"evacuees|refugees|patients?|hospital|school|homes?|houses?|residential|"
    r"infrastructure|apartment)\b")

# Nouns of one person, for "a man was killed" (one) as against "a school was hit" (no count).
PERSONS = re.compile(
    r"(?i)^(?:civilian|resident|person|man|woman|child|kid|boy|girl|teenager|journalist|"
    r"reporter|volunteer|local|villager|pensioner|doctor|nurse|medic|teacher|priest|farmer|"
    r"driver|head|mayor|activist|citizen|inhabitant|mother|father|wife|husband|son|daughter|"
    r"forester|worker|employee|director|student|infant|baby|neighbou?r|patient|soldier|"
    r"serviceman|servicewoman|fighter|militant|combatant|marine|paratrooper|mercenary|"
    r"militiaman|officer|commander|conscript|gunner|prisoner|pow|captive|detainee|hostage|"
    r"elder|owner|guard|policeman|official|chief|deputy|member|one|other|another|colonel|"
    r"lieutenant|general|major|captain|sergeant|private|corporal|pilot|rector|crew)$")

# Verbs whose sentence shows the act was not against civilians in the sense of a shooting:
# "killed" with a person object is a casualty clause when the sentence has another trigger.
CASUALTY_KILLED = frozenset({"kill", "die", "murder", "perish"})
CASUALTY_WOUNDED = frozenset({"wound", "injure", "hurt"})
DEATH_NOUNS = frozenset({"death", "fatality", "dead", "body", "killed"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})

# "no one was killed", "no casualties": the text says nobody died (fatalities 0).
NO_DEATHS = re.compile(
    r"(?i)\b(?:no\s+(?:one|body|civilians?|people|person|soldiers?)\s+(?:was|were|has\s+been|"
    r"have\s+been)\s+(?:killed|hurt|injured|wounded|harmed)|nobody\s+(?:was|were)\s+(?:killed|"
    r"hurt|injured|wounded|harmed)|no\s+(?:casualties|fatalities|deaths|victims|dead|"
    r"injuries\s+or\s+fatalities|fatalities\s+or\s+injuries|injuries\s+or\s+deaths|"
    r"deaths\s+or\s+injuries|human\s+losses|loss(?:es)?\s+of\s+life)|without\s+casualties|"
    r"(?:there\s+were|with)\s+no\s+(?:reported\s+)?(?:casualties|fatalities|deaths|victims|"
    r"injuries))\b")
# "casualties unknown": the text says it does not know (fatalities None).
UNKNOWN_DEATHS = re.compile(
    r"(?i)\b(?:casualties|fatalities|losses)\s+(?:are\s+|were\s+|is\s+|remain\s+)?"
    r"(?:unknown|not\s+known|unclear|being\s+clarified|unspecified|not\s+reported)|"
    r"unknown\s+(?:number\s+of\s+)?(?:casualties|fatalities)|no\s+information\s+"
    r"(?:on|about)\s+(?:casualties|victims)")

# Statistical claims: totals over time or over many incidents.
AGGREGATE = re.compile(
    r"(?i)\b(?:since\s+(?:the\s+(?:start|beginning|outbreak)|(?:the\s+)?full-scale|"
    r"(?:late\s+|early\s+)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d{4}))|in\s+total|a\s+total\s+of|total\s+of|so\s+far|"
    r"to\s+date|this\s+(?:year|month|week)|last\s+(?:year|month)|over\s+the\s+past|"
    r"over\s+the\s+last|during\s+the\s+(?:war|invasion|past|last)|overall|in\s+all|"
    r"altogether|cumulative|(?:\d+|several|dozens\s+of|hundreds\s+of)\s+(?:times|"
    r"attacks|strikes|incidents|locations|settlements|towns|villages|explosions)|"
    r"every\s+day|daily|each\s+day|per\s+day|(?:during|throughout)\s+the\s+(?:whole\s+)?day)\b")

# Words on the trigger's clause that make it hypothetical rather than reported as fact.
MODAL_AUX = frozenset({"may", "might", "could", "would", "should", "can", "will", "shall",
                       "must"})
HYPOTHETICAL_HEADS = frozenset({"threaten", "plan", "intend", "prepare", "want", "vow",
                                "warn", "fear", "risk", "consider", "propose", "aim",
                                "seek", "hope", "expect", "order", "urge", "call",
                                # "is likely to play a role in ... to recapture the city"
                                "likely", "unlikely", "possible",
                                # "edges closer to seizing", "an army capable of fighting"
                                "close", "brink", "verge", "capable", "able", "ready",
                                "willing"})
# Heads of an infinitive that tell the act was done ("used artillery to shell the village").
DONE_WITH_HEADS = frozenset({"use", "employ", "manage", "continue", "begin", "start",
                             "resume", "go", "come", "return", "proceed", "move", "launch"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})

# Who arrests: police and security services arrest; an army that detains people abducts
# them (ACLED codes detentions by occupying forces as abductions).
ARRESTING_BODIES = re.compile(
    r"(?i)\b(?:police|policem[ae]n|sbu|security\s+service|fsb|prosecutors?|court|"
    r"investigators?|national\s+guard|border\s+guards?|law\s+enforcement|authorities|"
    r"rosgvardia|cyber\s*police|officers)\b")

# Protests: what turns a protest into one with intervention, or into a riot.
PROTEST_INTERVENTION = re.compile(
    r"(?i)\b(?:dispers\w+|detain\w*|arrest\w*|tear\s*gas|break\s+up|broke\s+up|"
    r"suppress\w*|crack\w*\s+down|pepper[-\s]spray\w*|drag\w*|"
    r"broken\s+up|police\s+(?:intervened|stopped|blocked)|rubber\s+bullets|water\s+cannon|"
    r"batons?|cordon\w*|prevented)\b")
PROTEST_VIOLENCE = re.compile(
    r"(?i)\b(?:riot\w*|threw\s+(?:stones|rocks|bottles|molotov)|molotov|clash\w*\s+with\s+"
    r"(?:police|security)|set\s+(?:fire|ablaze)|smash\w*|vandali[sz]\w*|"
    r"stormed|torched|torching|burn(?:ed|ing|t)\s+(?:cars?|tyres?|tires?|buildings?|"
    r"shops?|police))\b")
PROTEST_EXCESSIVE_FORCE = re.compile(
    r"(?i)\b(?:(?:opened\s+fire|fired\s+live|shot)\s+(?:on|at)?\s*(?:the\s+)?"
    r"(?:protesters|demonstrators|crowd)|protesters\s+(?:were\s+)?(?:killed|shot\s+dead))\b")
# What makes a gathering a protest: its purpose is stated.
PROTEST_PURPOSE = re.compile(r"(?i)\b(?:against|in\s+support\s+of|demand\w*|to\s+protest|"
                             r"protest\w*|commemorat\w*|in\s+memory|solidarity|calling\s+for|"
                             r"rall\w+|picket\w*|slogans?|placards?|posters?)\b")
PROTEST_NOUNS = re.compile(r"(?i)\b(?:protest\w*|demonstrat\w+|rall(?:y|ies)|march\w*|"
                           r"picket\w*)\b")

# A protest in the sentence turns force used by police into force against protesters.
PROTEST_CONTEXT = re.compile(r"(?i)\b(?:protest\w*|demonstrat\w+|rioters?|rall(?:y|ies)|"
                             r"marchers|crowds?|picket\w*|sit-ins?)\b")
LETHAL_FORCE = re.compile(r"(?i)\b(?:live\s+(?:ammunition|rounds|bullets|fire)|gunfire|"
                          r"opened\s+fire|shot\s+dead|killing|killed|died|dead|deadly|"
                          r"fatally|bullets)\b")
# Attackers who are not an organised force: their small-arms fire is an attack on people.
GUNMEN = re.compile(r"(?i)\b(?:gunm[ae]n|shooters?|assailants?|attackers?|terrorists?|"
                    r"bandits?|unidentified\s+(?:men|persons|people))\b")
SUICIDE = re.compile(r"(?i)\bsuicide\s+(?:bomb\w*|attack\w*|car|vests?|truck)|"
                     r"blew\s+(?:himself|herself|themselves)\s+up")
# Who a mob is: crowds and neighbours rather than organised forces.
MOB_AGENTS = re.compile(r"(?i)\b(?:mobs?|vigilantes?|villagers|crowds?|angry\s+"
                        r"(?:residents|locals|people)|locals|residents|lynch\w*)\b")
# Armed groups that are not a state's forces (ACLED: non-state actors), and state forces.
NON_STATE = re.compile(r"(?i)\b(?:rebels?|militants?|insurgents?|taliban|isis|isil|daesh|"
                       r"islamic\s+state|al[-\s]shabaab|jihadists?|armed\s+groups?|"
                       r"militias?|guerrillas?|terrorists?|separatists?|boko\s+haram|"
                       r"al[-\s]qaeda|houthis?|fighters)\b")
STATE_FORCES = re.compile(r"(?i)\b(?:government|army|troops|military|armed\s+forces|"
                          r"soldiers|police|security\s+forces|national\s+guard)\b")
# What an exchange or signing must concern to be an agreement.
AGREEMENT_OBJECTS = re.compile(r"(?i)\b(?:prisoners?|pows?|captives?|bodies|detainees|"
                               r"hostages|agreement|deal|accord|ceasefire|cease-fire|truce|"
                               r"memorandum|treaty)\b")
# Verbs that make "agreement", "deal", "accord" an event rather than a topic.
AGREEMENT_VERBS = frozenset({"sign", "reach", "agree", "strike", "broker", "conclude", "seal",
                             "finalise", "finalize", "announce", "signing", "implement"})
# Places taken: what says no fighting went with a change of control.
NO_FIGHTING = re.compile(
    r"(?i)\b(?:without\s+(?:a\s+)?(?:fight|fighting|resistance|clashes|a\s+shot)|"
    r"no\s+(?:reported\s+)?fighting|(?:unclear|unknown|not\s+known)\s+whether\s+"
    r"(?:there\s+was\s+)?(?:any\s+)?fighting|no\s+(?:information|word|reports?)\s+"
    r"(?:on|of|about)\s+(?:whether\s+)?(?:any\s+)?fighting|withdr[ae]w\w*|left\s+the|"
    r"handed\s+over|pulled\s+out|retreated)\b")
TERRITORY_OBJECTS = re.compile(
    r"(?i)\b(?:control|villages?|towns?|city|cities|settlements?|territory|territories|"
    r"areas?|regions?|districts?|heights?|hills?|bridgeheads?|outskirts|airports?|ports?)\b")
TAKE_CONTROL = re.compile(
    r"(?i)\b(?:t[ao]ok|taken|taking|establish\w*|gain\w*|seiz\w+|regain\w*|restor\w*)\s+"
    r"(?:full\s+|complete\s+)?control\b")
WEAPON_OBJECTS = re.compile(
    r"(?i)\b(?:weapons?|arms|ammunition|grenades?|explosives?|cache|rifles?|guns?|"
    r"missiles?|drones?|rockets?|mines?|munitions?|helicopters?|aircraft|jets?|planes?)\b")

# Military equipment: destroying it is fighting, not destruction of property.
MILITARY_EQUIPMENT = re.compile(
    r"(?i)\b(?:tanks?|armou?red|apcs?|ifvs?|bmps?|btrs?|columns?|convoys?|equipment|"
    r"howitzers?|artillery|launchers?|ammunition\s+depots?|depots?|warehouses?|"
    r"command\s+posts?|positions?|vehicles?|helicopters?|aircraft|jets?|drones?|systems?|"
    r"radars?|air\s+defen[cs]es?|warships?|ships?|boats?)\b")

# "shot down", "opened fire", "blew up": verbs whose particle or object changes the event.
PHRASAL = {("shoot", "down"): "disrupted_weapons", ("blow", "up"): "blow",
           ("gun", "down"): "kill", ("take", "away"): "abduction",
           ("break", "up"): "protest_dispersal", ("pull", "out"): "withdrawal",
           ("pull", "back"): "withdrawal", ("hand", "over"): "handover"}
PARTICLES = frozenset(prt for _verb, prt in PHRASAL)

# Who is blamed for an act: "accused X of shelling", "blamed X for the strike".
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "condemn", "criticise",
                            "criticize", "denounce", "hold"})
# A perpetrator named by a pronoun takes the side of the one who speaks ("its forces"): the
# subject of one of SPEECH_VERBS whose complement holds the act.
SPEAKER_REFERENCE = re.compile(r"(?i)(?:it|they|we|its|their|our|his|her|my)(?![\w'’-])")
SPEECH_VERBS = frozenset({"say", "tell", "report", "claim", "state", "announce", "add",
                          "confirm", "insist", "write", "post", "assert", "maintain"})
# Deaths told at places other than the event's are not its count ("at other locations").
ELSEWHERE = re.compile(r"(?i)\b(?:elsewhere|at\s+(?:unspecified|other|various|different)\s+"
                       r"(?:locations|places|positions|sites))\b")
# Verbs whose subject speaks of, judges or sees an act named by their object, and so is not
# its agent ("condemned the strike", "accused X after the shelling").
TALKING_VERBS = SPEECH_VERBS | ACCUSING_VERBS | frozenset({
    "deny", "denounce", "describe", "call", "discuss", "comment", "monitor", "track", "confirm",
    "acknowledge", "investigate", "document", "record", "witness", "see", "hear", "fear",
    "mourn", "survive", "film", "photograph", "observe", "warn", "publish", "show"})
# Background: a state that began earlier is no event of the sentence ("since it was occupied").
STATE_KINDS = frozenset({"capture", "control", "territory_taken", "territory_regained",
                         "withdrawal", "entry", "handover"})
# An act waited or asked for has not happened ("waited for evacuation").
AWAITING_VERBS = frozenset({"wait", "await", "hope", "ask", "call", "appeal", "plan", "prepare",
                            "queue", "line", "pray", "beg", "apply", "register", "push"})
# What soldiers refuse ("refused to fight", "declined to deploy", "will not go"): the act
# refused (the complement) is part of the refusal, never an event of its own.
REFUSING_VERBS = frozenset({"refuse", "decline"})
REFUSED_ACTS = frozenset({"fight", "go", "deploy", "return", "attack", "advance", "storm",
                          "serve", "obey", "follow", "carry", "take", "assault"})
# Acts whose refusal is a refusal to fight whoever refuses; the others need soldiers.
FIGHTING_ACTS = frozenset({"fight", "attack", "advance", "storm", "assault"})
# Verbs of acts a "will not" or "would not" turns into a refusal when soldiers say it.
WILL_NOT = frozenset({"will", "wo", "would"})

# Control changing hands (`taxonomy.transfer_category`): what says there was no fight, what
# says a force withdrew, and what says there was fighting.
WITHOUT_FIGHTING = re.compile(
    r"(?i)\b(?:without\s+(?:a\s+)?(?:fight|fighting|resistance|clashes|a\s+(?:single\s+)?shot)|"
    r"no\s+(?:reported\s+)?(?:fighting|resistance))\b")
WITHDRAWAL_WORDS = re.compile(r"(?i)\b(?:withdr[ae]w\w*|left|pulled\s+(?:out|back)|"
                              r"retreat\w*|handed\s+over|abandon\w*)\b")
FIGHTING_WORDS = re.compile(r"(?i)\b(?:fight\w*|battles?|clash\w*|assault\w*|storm\w*|"
                            r"shell\w*|attack\w*|(?:counter-?)?offensive|heavy\s+losses|"
                            r"encircle\w*)\b")
# Verbs whose place is what was left or entered ("withdrew from X", "entered X").
TRANSFER_VERBS = frozenset({"withdraw", "leave", "retreat", "pull", "enter", "hand"})
# Chemical agents that police use on crowds: a chemical weapon only as a method of warfare.
RIOT_CONTROL = re.compile(r"(?i)\b(?:tear|cs|pepper|irritant)\b|riot[-\s]control")
# "resigned in protest": the protest is the reason for another act, not a protest event.
IN_PROTEST_ACTS = frozenset({"resign", "quit", "refuse", "decline", "desert", "walk", "step",
                             "leave", "boycott", "surrender"})
# Who riots: their destruction of property is the riot, not another event.
RIOTERS = re.compile(r"(?i)\b(?:rioters?|protesters?|demonstrators?|protesting|"
                     r"demonstrating)\b")

# Doers and objects that make "hit", "target", "strike", "fled" a figure of speech.
ABSTRACT_NOUNS = frozenset({
    "measure", "sanction", "effort", "round", "economy", "price", "inflation", "default",
    "policy", "decision", "law", "market", "sector", "record", "roadblock", "snag", "obstacle",
    "problem", "crisis", "nerve", "chord", "headline", "deal", "talk", "ban", "embargo",
    "tariff", "budget", "currency", "rouble", "ruble", "hryvnia", "stock", "share", "export",
    "import", "revenue", "sale", "growth", "campaign", "proposal", "plan", "note", "wall",
    "ceiling", "low", "high", "peak", "milestone"})
NON_PERSON_MOVERS = frozenset({
    "company", "firm", "business", "investor", "capital", "brand", "retailer", "bank",
    "corporation", "money", "fund"})
# Verbs whose "from X" is the place of the event: the place left.
LEAVING_VERBS = frozenset({"withdraw", "retreat", "pull", "leave", "flee", "evacuate", "escape",
                           "expel", "oust", "push", "drive", "deport", "remove"})
# Nouns that refer to what someone told of an act ("the account of Monday's strike").
ACCOUNT_NOUNS = frozenset({"account", "accounts", "report", "reports", "claim", "claims",
                           "version", "versions", "footage", "video", "images", "photos"})
