"""Gazetteer lookup of a place written in Ukrainian or Russian, in any grammatical case.

The gazetteer is keyed on folded Latin spellings (`docket/nlp/translit.py`): "Кремінна" and
"Кременная" both reach Kreminna, but a declined form ("у Харкові", "под Авдеевкой", "Курском")
folds to a key no place has, and a romanised key can land on a namesake abroad that no Cyrillic
text means ("России" folds like Rossi, a village in Italy). So a Cyrillic name is looked up as

1. a country, an oblast or a region written the Ukrainian or Russian way (a small table: the
   gazetteer's countries and oblasts carry no Cyrillic names): "Росії", "Донецкой области",
   "Харківщині", "в Крыму";
2. else each nominative form pymorphy3 gives (`crossscript.word_lemmas`; the words of a
   two-word name agree: "Новій Дофіновці" -> "Нова Дофіновка"), looked up like any name;
   a place whose Ukrainian or Russian name is that form comes first, and a place abroad
   reached only through the romanisation is dropped unless it is a country or a region.

Namesakes are then chosen by `places.py`'s rules as for English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docket.nlp.crossscript import fold_homoglyphs, nominative_name, word_lemmas
from docket.nlp.gazetteer import Candidate, Gazetteer, Place

# Countries Cyrillic news names, by their Ukrainian and Russian nominatives (lower case).
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Russia": ("росія", "россия", "рф", "російська федерація", "российская федерация"),
    "Ukraine": ("україна", "украина"),
    "Belarus": ("білорусь", "беларусь", "белоруссия", "білорусія"),
    "United States": ("сша", "сполучені штати", "соединенные штаты", "америка"),
    "Poland": ("польща", "польша"),
    "Moldova": ("молдова", "молдавия"),
    "Romania": ("румунія", "румыния"),
    "Hungary": ("угорщина", "венгрия"),
    "Slovakia": ("словаччина", "словакия"),
    "Germany": ("німеччина", "германия", "фрн", "фрг"),
    "France": ("франція", "франция"),
    "United Kingdom": ("велика британія", "великобритания", "британія", "британия"),
    "Turkey": ("туреччина", "турция"),
    "Iran": ("іран", "иран"),
    "China": ("китай", "кнр"),
    "North Korea": ("кндр", "північна корея", "северная корея"),
    "Kazakhstan": ("казахстан",),
    "Georgia": ("грузія", "грузия"),
    "Lithuania": ("литва",),
    "Latvia": ("латвія", "латвия"),
    "Estonia": ("естонія", "эстония"),
    "Finland": ("фінляндія", "финляндия"),
    "Israel": ("ізраїль", "израиль"),
}
# Oblasts (and the Russian regions on the border) by the stems of their adjectives and of the
# "-щина" names Ukrainian uses for them ("Харківщина"); matched at the start of a nominative.
_REGIONS: dict[str, tuple[str, ...]] = {
    "Vinnytsia Oblast": ("вінницьк", "винницк", "вінниччин"),
    "Volyn Oblast": ("волинськ", "волынск", "волин"),
    "Dnipropetrovsk Oblast": ("дніпропетровськ", "днепропетровск", "дніпропетровщин",
                              "дніпровщин"),
    "Donetsk Oblast": ("донецьк", "донецк", "донеччин", "днр", "донецька народна",
                       "донецкая народная"),
    "Zhytomyr Oblast": ("житомирськ", "житомирск", "житомирщин"),
    "Zakarpattia Oblast": ("закарпатськ", "закарпатск", "закарпатт"),
    "Zaporizhzhia Oblast": ("запорізьк", "запорожск", "запоріжжя область"),
    "Ivano-Frankivsk Oblast": ("івано-франківськ", "ивано-франковск", "прикарпатт"),
    "Kyiv Oblast": ("київськ", "киевск", "київщин"),
    "Kirovohrad Oblast": ("кіровоградськ", "кировоградск", "кіровоградщин"),
    "Luhansk Oblast": ("луганськ", "луганск", "луганщин", "лнр", "луганська народна",
                       "луганская народная"),
    "Lviv Oblast": ("львівськ", "львовск", "львівщин"),
    "Mykolaiv Oblast": ("миколаївськ", "николаевск", "миколаївщин"),
    "Odesa Oblast": ("одеськ", "одесск", "одещин"),
    "Poltava Oblast": ("полтавськ", "полтавск", "полтавщин"),
    "Rivne Oblast": ("рівненськ", "ровенск", "рівненщин"),
    "Sumy Oblast": ("сумськ", "сумск", "сумщин"),
    "Ternopil Oblast": ("тернопільськ", "тернопольск", "тернопільщин"),
    "Kharkiv Oblast": ("харківськ", "харьковск", "харківщин", "харьковщин"),
    "Kherson Oblast": ("херсонськ", "херсонск", "херсонщин"),
    "Khmelnytskyi Oblast": ("хмельницьк", "хмельницк", "хмельниччин"),
    "Cherkasy Oblast": ("черкаськ", "черкасск", "черкащин"),
    "Chernivtsi Oblast": ("чернівецьк", "черновицк", "буковин"),
    "Chernihiv Oblast": ("чернігівськ", "черниговск", "чернігівщин"),
    "Kursk Oblast": ("курськ", "курск", "курщин"),
    "Belgorod Oblast": ("бєлгородськ", "белгородск", "бєлгородщин", "белгородчин"),
    "Bryansk Oblast": ("брянськ", "брянск", "брянщин"),
    "Rostov Oblast": ("ростовськ", "ростовск", "ростовщин"),
    "Voronezh Oblast": ("воронезьк", "воронежск", "воронежчин"),
    "Crimea": ("крим", "крым"),
}
# Stems that name a region on their own, without a word for an area after them: Crimea, and
# the "republics" Russia proclaimed in Donetsk and Luhansk oblasts (resolved to the oblast).
_OWN_NAMES = frozenset({"крим", "крым", "днр", "лнр"})
# Words that make the name before them an area: область, обл., край, район, регион...
_AREA_WORD = re.compile(r"\s+(?:област[ьіиею]|областях|обл\.?|кра[йюяї]|краї|регіон[уі]?|"
                        r"регион[уае]?)$", re.I)
_DISTRICT_WORD = re.compile(r"\s+(?:район[уіаеом]?|р-н[уі]?|громад[аиіуе]|округ[уаеі]?)$",
                            re.I)
# Prepositions a span may have taken with it ("у Бахмуті", "под Авдеевкой").
_PREPOSITION = re.compile(r"^(?:у|в|во|на|з|із|зі|с|со|із|до|від|от|біля|возле|около|під|под|"
                          r"поблизу|вблизи|за|над|через|между|між|по)\s+", re.I)
# Countries where a romanised Cyrillic name plausibly names a settlement.
_CYRILLIC_COUNTRIES = frozenset({"UA", "RU", "BY", "MD", "KZ", "GE"})


def _plain(text: str) -> str:
    return text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    return {_plain(name): latin for latin, names in _COUNTRIES.items() for name in names}


def _named_area(gaz: Gazetteer, latin: str, kinds: tuple[str, ...]) -> list[Candidate]:
    return [Candidate(c.place, True) for c in gaz.lookup(latin)
            if c.primary and c.place.kind in kinds][:1]


def _area_candidates(gaz: Gazetteer, forms: list[str], area_word: bool) -> list[Candidate]:
    """A country or a region the name is, by the tables above."""
    countries = _country_index()
    for form in forms:
        latin = countries.get(_plain(form))
        if latin is not None:
            return _named_area(gaz, latin, ("country",))
    for form in forms:
        plain = _plain(form)
        for latin, stems in _REGIONS.items():
            # A bare adjective ("Донецька") names an oblast only with its word; "Крим",
            # "Донеччина", "Харківщина" are region names on their own.
            if any(plain.startswith(s) and (area_word or s.endswith(("щин", "ччин", "чин"))
                                            or s in _OWN_NAMES or " " in s)
                   for s in stems):
                return _named_area(gaz, latin, ("admin1", "region"))
    return []


def _forms(name: str, lang: str | None) -> list[str]:
    """Nominative readings of a Cyrillic name, most likely first, the name itself included."""
    words = name.split()
    if len(words) == 1:
        return list(word_lemmas(words[0], lang))
    out = [nominative_name(name, lang)]
    # Each word's likeliest nominative, the adjectives agreeing with the noun they precede
    # ("Новій Дофіновці" -> "Нова Дофіновка"): pymorphy3 keeps the gender when it inflects.
    out.append(" ".join(word_lemmas(w, lang)[0] for w in words))
    out.append(name)
    return list(dict.fromkeys(out))


def _exact(place: Place, form: str) -> bool:
    wanted = _plain(form)
    return any(n and _plain(n) == wanted for n in (place.name_uk, place.name_ru))


def cyrillic_candidates(gaz: Gazetteer, surface: str,
                        lang: str | None = None) -> tuple[list[Candidate], str | None]:
    """The places a Cyrillic place name may be, best readings first, and the kind of place
    its words ask for ('admin' after "область", 'admin2' after "район", else None).

    `lang` ('uk' or 'ru') is the document's language where known: "Харкова" is the genitive
    of Харків in Ukrainian and of nothing in Russian."""
    name = _PREPOSITION.sub("", fold_homoglyphs(surface).strip(" ,.«»\"()"))
    want: str | None = None
    area = _AREA_WORD.search(name)
    district = _DISTRICT_WORD.search(name)
    if area or district:
        want = "admin" if area else "admin2"
        name = name[:(area or district).start()]  # type: ignore[union-attr]
    if not name:
        return [], want
    forms = _forms(name, lang)
    if district:
        # "Покровському районі": the raion is known by its adjective and the word.
        forms = [f"{f} район" for f in forms if " " not in f] + forms
    found = _area_candidates(gaz, forms, area is not None)
    if found:
        return found, "admin" if found[0].place.kind != "country" else want
    seen: dict[str, Candidate] = {}
    exact: list[Candidate] = []
    for form in forms:
        for cand in gaz.lookup(form):
            p = cand.place
            if p.gazetteer_id in seen:
                if cand.primary and not seen[p.gazetteer_id].primary:
                    seen[p.gazetteer_id] = cand  # a main name under another reading
                continue
            if _exact(p, form):
                exact.append(Candidate(p, True))
                seen[p.gazetteer_id] = exact[-1]
            elif form != name and not cand.primary:
                # A dictionary form reached only through another name of a place: "улиці
                # Горького" is no reason to think of the city once called Gorky.
                continue
            elif p.country in _CYRILLIC_COUNTRIES or p.kind in ("country", "admin1", "region"):
                seen[p.gazetteer_id] = cand
    exact_ids = {c.place.gazetteer_id for c in exact}
    rest = [c for c in seen.values() if c.place.gazetteer_id not in exact_ids]
    return exact + rest, want
