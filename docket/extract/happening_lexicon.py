"""The words the happening stage reads (docket.extract.happenings and happening_fields).

Kept apart from the rules as `event_lexicon.py` is for the sentence stage: each pattern is
named and commented for what it lets a rule tell.
"""

from __future__ import annotations

import re

from docket.extract.cyrillic_titles import SPEAKER_TITLE_WORDS as CYRILLIC_SPEAKER_TITLES

# Categories whose record names no perpetrator (nobody "does" a flight or an agreement).
NO_PERPETRATOR = frozenset({"displacement", "agreement", "peaceful_protest", "resignation",
                            "desertion", "refusal_to_fight", "other"})
# Who is hit when the text does not say: a reader's default for the kind of act.
STATUS_BY_CATEGORY = {
    "armed_clash": "combatants", "territory_taken": "combatants",
    "territory_regained": "combatants", "disrupted_weapons": "combatants",
    "capture": "prisoners", "surrender": "prisoners", "execution": "prisoners",
    "torture": "prisoners", "arrest": "civilians", "displacement": "civilians",
    "attack_on_civilians": "civilians", "sexual_violence": "civilians",
    "looting": "civilians", "abduction": "civilians",
}
REMOTE = frozenset({"shelling", "air_strike", "drone_strike", "remote_explosive", "grenade",
                     "suicide_bomb", "chemical_weapon"})
# Targets that make a remote strike an attack on combatants rather than on civilians.
MILITARY_TARGET = re.compile(
    r"\b(?:positions?|troops|soldiers|forces|(?:ammunition|arms|weapons|military)\s+depots?|"
    r"dumps?|ammunition|command\s+posts?|"
    r"headquarters|bases?|airfields?|air\s+defen[cs]es?|artillery|tanks|convoys?|"
    r"warships?|ships?|vessels?|fuel\s+(?:depots?|storage)|barracks|units?|"
    r"military|howitzers?|launchers?|radars?)\b", re.I)
CIVIL_TARGET = re.compile(
    r"\b(?:civilians?|residents?|people|children|homes?|houses?|apartments?|buildings?|"
    r"hospitals?|schools?|markets?|shopping|theatre|theater|station|cit(?:y|ies)|towns?|"
    r"villages?|neighbourhoods?|neighborhoods?|districts?|streets?|infrastructure|"
    r"power|energy|churches?|shelters?|kindergartens?|refiner(?:y|ies)|producers?|"
    r"factor(?:y|ies)|chemical\s+plants?|malls?|stations?|ports?)\b", re.I)
# The other side of a belligerent, for the victims of an act (the perpetrator's opponent).
OPPONENT = {"Russia": "Ukraine", "DPR": "Ukraine", "LPR": "Ukraine",
             "separatists": "Ukraine", "Belarus": "Ukraine", "Ukraine": "Russia"}
LEAVING = re.compile(r"^(?:withdr[ae]w\w*|retreat\w*|pull\w*|left|leav\w*|abandon\w*)",
                      re.I)
# A side named right before a noun trigger: "Russian artillery shelling", "enemy strikes".
ATTACKER_BEFORE = re.compile(
    r"\b(Russian|Ukrainian|Belarusian|separatist|enemy|Kremlin|Kyiv(?:'s|’s)?|"
    r"Moscow(?:'s|’s)?|Russia(?:'s|’s)|Ukraine(?:'s|’s))"
    r"(?:\s+(?:heavy|intense|massive|renewed|artillery|missile|rocket|air|drone|mortar|"
    r"tank|cruise|ballistic|aerial|overnight|deadly))*\s*$")
WOUNDED_AFTER = re.compile(
    r"^\s*(?:(?!and\b|or\b|but\b)\w+\s+){0,2}?"
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|got)\s+)?"
    r"(?:wounded|injured|hurt)\b", re.I)
WOUNDED_BEFORE = re.compile(r"\b(?:wounding|injuring|wounded|injured)\s+$", re.I)
# An unnamed speaker is one when its words name people or a body that speaks ("officials",
# "a witness", "the military"), not an act or a crowd ("fighting", "34 million followers").
SPEAKER_NOUN = re.compile(
    r"\b(?:officials?|spokes\w*|witness\w*|residents?|soldiers?|servicem[ae]n|governors?|"
    r"mayors?|ministers?|ministry|military|command|army|forces|troops|analysts?|experts?|"
    r"sources?|president|administration|police|authorities|office|staff|service|"
    r"government|leaders?|diplomats?|commanders?|officers?|volunteers?|doctors?|medics?|"
    r"rescuers?|prosecutors?|investigators?|journalists?|reporters?|monitors?|mission|"
    r"agency|council|kremlin|people|woman|women|man|men|survivors?|locals?|villagers?|"
    r"mother|father|wife|husband|daughter|son|relatives?|families|family|neighbou?rs?|"
    r"bloggers?|correspondents?|observers?|inspectors?|institute|group|organi[sz]ation|"
    r"separatists?|rebels?|militants?|media)\b"
    # Ukrainian and Russian offices and titles ("мер", "ОВА", "прокуратура"): never met in
    # English text, so English readings are unchanged.
    "|" + CYRILLIC_SPEAKER_TITLES,
    re.I)
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
TITLE_ATTACK = re.compile(
    r"\b(Russian|Ukrainian|Belarusian|separatist|Russia(?:'s|’s)|Ukraine(?:'s|’s))\s+"
    r"(?:\w+\s+)?(?:shelling|strikes?|attacks?|missiles?|rockets?|drones?|bombing|"
    r"bombardment|air\s*strikes?|offensive|assault|troops|forces|army)\b", re.I)
# "Russia intensifies attacks", "Russia bombs Kharkiv": a country acting in a headline.
TITLE_ACTOR = re.compile(r"\b(Russia|Ukraine|Moscow|Kyiv)\s+(\w+(?:s|ed))\b")
TITLE_SPEECH = frozenset({"says", "claims", "denies", "accuses", "warns", "urges", "asks",
                           "calls", "insists", "rejects", "demands", "vows", "threatens",
                           "plans", "wants", "needs", "hopes", "fears", "expects", "is",
                           "has", "was", "needed", "said", "claimed", "denied", "accused"})
DEFINITE_BEFORE = re.compile(
    r"(?i)\b(?:the|this|that|these|those|its|their|such)\s+(?:[\w’'-]+\s+){0,2}$"
    # Ukrainian and Russian: "внаслідок атаки", "в результате удара", "цієї атаки" tell of
    # a strike already told (Cyrillic, so never met in English text)
    r"|(?i:\b(?:внаслідок|в результаті|у результаті|в результате|під час|во время|після|"
    r"после|від|от|цієї|цього|цих|этой|этого|этих|той|тієї|того)\s+(?:[\w’'-]+\s+){0,2}$)")
# A toll over a stretch of time or a region is a total, not one strike's deaths.
TOTAL = re.compile(r"(?i)\b(?:in|over|during)\s+the\s+(?:past|previous|last)\s+"
                    r"(?:\d+|twenty-four|24|few|two|three|several)?\s*(?:hours?|days?|weeks?)|"
                    r"across\s+the\s+(?:region|country|oblast)|since\s+the\s+start|overnight\s+in\s+"
                    r"the\s+region")
# The state whose authorities make an arrest where it is made.
STATE_OF = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
REMOTE_WORDS = re.compile(r"(?i)^(?:attacks?|hit|hits|struck|strikes?|striking|targeted)$")
BUILDING = re.compile(
    r"(?i)\b(?:mall|shopping\s+(?:centre|center|mall)|school|hospital|station|apartment|"
    r"block\s+of\s+flats|residential|house|houses|home|homes|market|theatre|theater|hotel|"
    r"plant|refinery|depot|port|bridge|bus\s+stop|city\s+centre|city\s+center|building|"
    r"buildings|church|factory|warehouse|dormitory|kindergarten|café|cafe|restaurant)\b")
DIRECT_VIOLENCE = re.compile(
    r"(?i)\b(?:shot|shoot\w*|gun\w*|rifles?|stabb\w*|knife|beat\w*|execut\w*|"
    r"tortur\w*|rap\w+|grenade)\b")
POSSESSIVE = re.compile(r"^(?:'s|’s|')?\s*$")
SPEECH = (r"(?:said|says|told|tells|reported|reports|announced|added|wrote|writes|claimed|"
           r"stated|confirmed|provided|posted|published|warned|denied|accused)")
REPORT_DATE_BEFORE = re.compile(rf"(?i)\b{SPEECH}\s+(?:\w+\s+)?(?:on|late\s+on|early\s+on)?\s*$")
REPORT_DATE_AFTER = re.compile(rf"(?i)^\s*(?:,\s*)?(?:\w+\s+)?{SPEECH}\b")
FAR_WEAPONS = re.compile(
    r"(?i)\b(?:arms|weapons|artillery|rockets?|missiles?|himars|mlrs|shells?|mortars?|"
    r"howitzers?|drones?|air\s*strikes?|aviation|jets?|bombers?|warplanes?)\b")
HELD_BY = re.compile(
    r"\b(?P<who>Russian|Russia|Kremlin|Moscow|Ukrainian|Ukraine|Kyiv)[-\s](?:occupied|held|"
    r"controlled|installed)\s+(?:(?:territory|town|city|village|region|part)\s+of\s+)?"
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.I)
# Unresolved names that lie inside a town: the town around them is the event's place.
INSIDE_A_TOWN = re.compile(
    r"(?i)\b(?:street|avenue|prospekt|lane|square|boulevard|district|neighbou?rhood|"
    r"microdistrict|quarter|market|station|hospital|school|park|embankment|road|highway)\b"
    r"|\b(?:vul\.|vulytsia|ulitsa|ploshcha)\b")
PRONOUN = re.compile(r"^(?:it|they|we|he|she|its\s+\w+|their\s+\w+|our\s+\w+)$", re.I)
# Speakers that are things, not people or bodies: "an article", "a video", "48 people".
NOT_A_SPEAKER = re.compile(
    r"^(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:article|video|footage|image|images|photo|"
    r"photos|picture|report|document|map|post|statement|clip|recording|data|figures)$"
    r"|^\d[\d,.]*\s+\w+$|^(?:it|this|that|there)$", re.I)
# A mention that names neither place nor date joins an earlier happening only this close.
JOIN_PARAGRAPHS = 2
# How many earlier happenings a mention is compared with (merging is never quadratic).
LOOK_BACK = 40
