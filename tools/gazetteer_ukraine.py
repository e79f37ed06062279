"""Ukraine at village level for the gazetteer build: KATOTTG's units, Who's On First's points.

Sources (all under ``../shared/corpus/gazetteer/``, each shippable; see ATTRIBUTION.md):

- the KATOTTG codifier (``katottg_kodifikator_*.csv``): every settlement with its 2020 raion and
  hromada, no coordinates. It says *what* exists and where it belongs;
- Who's On First's Ukrainian localities (``ua_localities_wof.tsv.gz``): points of their own
  (mostly GeoNames' own coordinates), Ukrainian, Russian and Latin names, and for two thirds of
  them the KATOTTG code. It says *where* a place is;
The rule throughout: a point is a place's own or it is labelled as coarser. A settlement with no
point of its own gets its hromada's median point (precision ``admin3``) or its raion's
(``admin2``), never the point of a namesake.

The GeoNames postal export the previous build used is no longer read. Measured against the
OpenStreetMap check file (``bench/gazetteer_osm.py``), the postal points left for settlements
Who's On First lacks, after the borrowed-point checks and a check against the hromada, were
within 2 km for 17% of 608 pairs (median 11.2 km): no closer than the hromada's median point
(10.9 km), while claiming to be the settlement's own. The hromada's point, labelled as such, is
the honest answer there.
"""

from __future__ import annotations

import csv
import gzip
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gazetteer_records import Point, Rec, centroid

from docket.nlp.gazetteer import distance_km
from docket.nlp.translit import fold, has_cyrillic, keys, romanize_uk, russian_style

# A joined point farther from its hromada's median point than this is a namesake's (a hromada
# is rarely more than 40 km across; the 99th percentile of the distance is 26 km).
HROMADA_FLOOR_KM = 20.0
HROMADA_SPREAD = 3.0  # ... or than three times its members' median distance from it
# A name-only join (no code) goes to the hromada most of the row's three nearest joined
# neighbours (within NEIGHBOUR_KM) belong to; with no neighbour, the row must be closer than
# NAME_JOIN_KM to the hromada's median point.
NAME_JOIN_KM = 7.0
NEIGHBOUR_KM = 10.0
# A cities500 town with no Who's On First twin merges into a settlement of its name this close.
TWIN_KM = 5.0
# Who's On First's GeoNames id links a few villages to a namesake elsewhere (Ясна Поляна in
# Donetsk oblast to Poliana in Zakarpattia): a twin farther than this must also share a name.
TWIN_ID_KM = 10.0

# Kyiv and Sevastopol are oblast-level cities: no raion or hromada to take from neighbours.
CITY_OBLASTS = ("Kyiv City", "Sevastopol")
SETTLEMENT_CATEGORIES = {"M": "town", "X": "village", "C": "village", "K": "city"}
# Hromada kinds by the category of their centre (official names: "Куп'янська міська громада").
HROMADA_TYPES = {"M": ("міська", "miska", "urban"), "K": ("міська", "miska", "urban"),
                 "X": ("селищна", "selyshchna", "settlement"),
                 "C": ("сільська", "silska", "rural")}


@dataclass
class Unit:
    """One KATOTTG entry: an oblast, raion, hromada or settlement."""

    code: str
    name: str  # Ukrainian, as in the codifier
    category: str  # O, K (Kyiv, Sevastopol), P raion, H hromada, M/X/C settlement
    iso: str | None
    raion: str | None = None  # code
    hromada: str | None = None  # code


@dataclass
class Wof:
    """One Who's On First locality."""

    wof_id: str
    gn_id: str
    name_uk: str
    name_ru: str
    name_latin: str
    point: Point
    iso: str | None
    katottg: str


def read_katottg(path: Path, adj_to_iso: dict[str, str]) -> dict[str, Unit]:
    """The codifier's oblasts, raions, hromadas and settlements by code (city districts left)."""
    units: dict[str, Unit] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh, delimiter=";")
        next(rows)
        for l1, l2, l3, l4, _extra, cat, raw in rows:
            name = raw.strip()
            if cat in ("O", "K") and not l2:
                iso = adj_to_iso.get(romanize_uk(name))
                if iso is None:
                    print(f"warning: KATOTTG oblast {name} not known", file=sys.stderr)
                units[l1] = Unit(l1, name, cat, iso)
            elif cat == "P":
                units[l2] = Unit(l2, name, cat, units[l1].iso, l2)
            elif cat == "H":
                units[l3] = Unit(l3, name, cat, units[l1].iso, l2, l3)
            elif cat in ("M", "X", "C"):
                units[l4] = Unit(l4, name, cat, units[l1].iso, l2, l3)
    return units


def read_wof(path: Path, units: dict[str, Unit], oblast_iso: dict[str, str]) -> list[Wof]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            unit = units.get(r["katottg"])
            iso = unit.iso if unit is not None else oblast_iso.get(fold(r["oblast"]))
            out.append(Wof(r["wof_id"], r["gn_id"], r["name_uk"].strip(), r["name_ru"].strip(),
                           r["name_latin"].strip(), (float(r["lat"]), float(r["lon"])), iso,
                           r["katottg"] if unit is not None and unit.category in "MXC" else ""))
    return out


class Grid:
    """Points in 0.1-degree cells: the nearest few of a point without scanning them all."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Point, str]]] = defaultdict(list)

    def add(self, p: Point, value: str) -> None:
        self.cells[(int(p[0] * 10), int(p[1] * 10))].append((p, value))

    def nearest(self, p: Point, n: int, within_km: float) -> list[tuple[float, str]]:
        ci, cj = int(p[0] * 10), int(p[1] * 10)
        reach = 1 + int(within_km / 7)
        found = [(distance_km(p, q), v) for i in range(ci - reach, ci + reach + 1)
                 for j in range(cj - reach, cj + reach + 1) for q, v in self.cells.get((i, j), [])]
        return sorted(d for d in found if d[0] <= within_km)[:n]


def _extent(points: dict[str, list[Point]]) -> tuple[dict[str, Point], dict[str, float]]:
    """Each group's median point, and how far from it a member may be (see HROMADA_*)."""
    centre: dict[str, Point] = {}
    limit: dict[str, float] = {}
    for key, pts in points.items():
        c = centroid(pts)
        if c is None:
            continue
        centre[key] = c
        spread = statistics.median(distance_km(c, p) for p in pts)
        limit[key] = max(HROMADA_FLOOR_KM, HROMADA_SPREAD * spread)
    return centre, limit


def _wof_keys(w: Wof) -> set[str]:
    out = set()
    for n, lang in ((w.name_uk, "uk"), (w.name_ru, "ru"), (w.name_latin, None)):
        if n:
            out.update(keys(n, lang))
    return out


def join_wof(units: dict[str, Unit], wof: list[Wof], stats: dict[str, int]) -> dict[str, int]:
    """Settlement code -> Who's On First row, checked against the hromada's other points.

    First the codes the file carries: a code joined to a point far outside its hromada (a
    namesake's point, from the file's name-within-oblast join) is dropped, and of several rows
    joined to one code the one nearest the hromada is kept. Then the codes still without a
    point are joined by name to rows without a code, when the row lies inside the hromada
    (nearest first, one to one).
    """
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(wof):
        if w.katottg:
            by_code[w.katottg].append(i)
    first: dict[str, list[Point]] = defaultdict(list)
    for code, ix in by_code.items():
        if len(ix) == 1:
            first[str(units[code].hromada)].append(wof[ix[0]].point)
    centre, limit = _extent(first)
    joined: dict[str, int] = {}
    for code, ix in by_code.items():
        h = str(units[code].hromada)
        if h not in centre:
            if len(ix) == 1:
                joined[code] = ix[0]
            continue
        d, best = min((distance_km(centre[h], wof[i].point), i) for i in ix)
        if d <= limit[h]:
            joined[code] = best
    stats["wof_code_joins"] = sum(len(ix) for ix in by_code.values())
    stats["wof_code_joins_kept"] = len(joined)
    # Recompute the hromadas from the checked joins, then join by name.
    pts: dict[str, list[Point]] = defaultdict(list)
    for code, i in joined.items():
        pts[str(units[code].hromada)].append(wof[i].point)
    centre, limit = _extent(pts)
    used = set(joined.values())
    waiting: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, u in units.items():
        if u.category in "MXC" and code not in joined and u.iso:
            for k in keys(u.name, "uk"):
                waiting[(u.iso, k)].append(code)
    # A hromada's median point says little about its edge (two hromadas side by side may each
    # have a village of one name): a row joins the namesake of the hromada its nearest joined
    # neighbours belong to.
    grid = Grid()
    for code, i in joined.items():
        grid.add(wof[i].point, str(units[code].hromada))
    pairs: list[tuple[float, int, str]] = []
    for i, w in enumerate(wof):
        if i in used or not w.iso:
            continue
        codes = {c for k in _wof_keys(w) for c in waiting.get((w.iso, k), [])}
        around = Counter(h for _d, h in grid.nearest(w.point, 3, NEIGHBOUR_KM)).most_common(1)
        for code in codes:
            h = str(units[code].hromada)
            if h not in centre:
                continue
            d = distance_km(centre[h], w.point)
            if (around[0][0] == h and d <= limit[h]) if around else d <= NAME_JOIN_KM:
                pairs.append((d, i, code))
    taken: set[int] = set()
    for _d, i, code in sorted(pairs):
        if i not in taken and code not in joined:
            joined[code] = i
            taken.add(i)
    stats["wof_name_joins"] = len(taken)
    return joined


# --- names of raions and hromadas --------------------------------------------------------------
def _norm(name: str) -> str:
    return name.lower().replace("’", "'").replace("ʼ", "'")


def centre_of(adjective: str, members: Iterable[Unit]) -> Unit | None:
    """The settlement a raion or hromada is named after ("Куп'янська" -> Куп'янськ).

    A shared beginning with the adjective of at least the name less three letters (so
    Синельникове matches Синельниківський); cities before settlements before villages (Бахмут,
    not the village Бахмутське), then the longest shared beginning.
    """
    adj = _norm(adjective)
    best: tuple[int, int, Unit] | None = None
    for u in members:
        name = _norm(u.name)
        common = 0
        while common < min(len(name), len(adj)) and name[common] == adj[common]:
            common += 1
        if common < 4 or common < len(name) - 3:
            continue
        rank = ({"K": 3, "M": 2, "X": 1}.get(u.category, 0), common)
        if best is None or rank > best[:2]:
            best = (*rank, u)
    return best[2] if best else None


def _russian_feminine(adjective: str) -> str:
    """Куп'янська -> Купьянская (regular correspondences; a lookup variant, not a translation)."""
    ru = russian_style(adjective)
    for uk_end, ru_end in (("ска", "ская"), ("цка", "цкая"), ("зка", "зкая")):
        if ru.endswith(uk_end):
            return ru[: -len(uk_end)] + ru_end
    return ru


def raion_names(adjective: str, centre: Unit | None, centre_latin: list[str]
                ) -> tuple[list[str], list[str]]:
    """Main and other names of a raion: Покровський район, Pokrovskyi Raion, Pokrovsk district."""
    latin = romanize_uk(adjective)
    primary = [f"{adjective} район", f"{latin} Raion", f"{latin} district"]
    if latin.endswith("yi"):
        primary += [f"{latin[:-1]} district", f"{latin[:-1]} Raion"]  # Pokrovsky district
    for base in ([centre.name] if centre else []) + centre_latin:
        primary += [f"{base} district", f"{base} raion"]
    return primary, [adjective, latin]


def hromada_names(adjective: str, centre: Unit | None, centre_latin: list[str]
                  ) -> tuple[str, list[str], list[str]]:
    """The hromada's name and its main and other names (Куп'янська міська громада ...)."""
    uk_type, latin_type, english = HROMADA_TYPES.get(centre.category if centre else "",
                                                     ("", "", ""))
    latin = romanize_uk(adjective)
    name = " ".join(x for x in (latin, latin_type, "hromada") if x)
    primary = [f"{adjective} громада", f"{adjective} територіальна громада", f"{latin} hromada",
               f"{latin} community", f"{latin} territorial community", name,
               f"{_russian_feminine(adjective)} громада", f"{_russian_feminine(adjective)} община"]
    if uk_type:
        primary += [f"{adjective} {uk_type} громада",
                    f"{adjective} {uk_type} територіальна громада",
                    f"{latin} {latin_type} territorial community"]
    for base in ([centre.name] if centre else []) + centre_latin:
        primary += [f"{base} hromada", f"{base} community", f"{base} territorial community"]
        if english:
            primary += [f"{base} {english} hromada", f"{base} {english} community"]
    return name, primary, []


# --- assembling --------------------------------------------------------------------------------
@dataclass
class Ukraine:
    """What the Ukrainian sources give the rest of the build."""

    settlements: list[Rec]  # rows of their own (not merged into a cities500 record)
    admin: list[Rec]  # raions (admin2) and hromadas (admin3)


def _twins(city: Rec, w: Wof, placed: bool) -> bool:
    """A cities500 town and the Who's On First row that gives its GeoNames id are one place:
    close together, or sharing a name when the row's own point was checked (``placed``)."""
    d = distance_km((city.lat, city.lon), w.point)  # type: ignore[arg-type]
    if d <= TWIN_ID_KM:
        return True
    city_keys = {k for n in [city.name, *city.alternate] for k in keys(n, city.lang)}
    return placed and bool(city_keys & _wof_keys(w))


def _official_names(rec: Rec) -> None:
    """Who's On First's Ukrainian names: main names, unless the codifier names the place
    otherwise (its Миколаїв for the town Миколаївка would take the city's name)."""
    official = set(keys(rec.name_uk, "uk")) if rec.katottg and rec.name_uk else set()
    for name in rec.wof_uk:
        if not official or official & set(keys(name, "uk")):
            rec.add_names("wof", primary=[name])
        else:
            rec.add_names("wof", alternate=[name])


def _own(rec: Rec) -> bool:
    return rec.lat is not None and rec.point_source in ("wof", "geonames")


def build_ukraine(cities: dict[str, Rec], wof_path: Path, katottg_path: Path,
                  adj_to_iso: dict[str, str], iso_to_en: dict[str, str],
                  oblast_iso: dict[str, str], stats: dict[str, int]) -> Ukraine:
    """Ukraine's settlements, raions and hromadas; ``cities``' Ukrainian records are enriched
    in place (their twins merged in) and so are not among the returned settlements."""
    units = read_katottg(katottg_path, adj_to_iso)
    wof = read_wof(wof_path, units, oblast_iso)
    stats["katottg_settlements"] = sum(u.category in "MXC" for u in units.values())
    stats["wof_localities"] = len(wof)
    joined = join_wof(units, wof, stats)
    ua_cities = {gid: r for gid, r in cities.items() if r.country == "UA"}
    work = _Assembly(units, wof, joined, ua_cities, iso_to_en, stats)
    work.merge_wof()
    work.settle_twin_points()
    work.merge_towns()
    missing = work.add_pointless()
    admin = _admin_units(units, work.by_code, work.centres, work.labels, iso_to_en, stats)
    work.fill_points(missing, {str(a.katottg): a for a in admin})
    work.admin_from_neighbours()
    out = work.out
    for rec in [*out, *ua_cities.values()]:
        rec.point_source = rec.point_source or "geonames"
        _official_names(rec)
    stats["ua_settlement_rows"] = len(out)
    for p in ("point", "settlement", "admin3", "admin2", "admin1"):
        stats[f"ua_rows_precision_{p}"] = sum(r.precision == p for r in out)
    stats["ua_rows_admin_from_neighbours"] = sum(r.admin_source == "nearest" for r in out)
    return Ukraine(out, admin)


class _Assembly:
    """The Ukrainian records while they are put together, one step a method."""

    def __init__(self, units: dict[str, Unit], wof: list[Wof], joined: dict[str, int],
                 ua_cities: dict[str, Rec], iso_to_en: dict[str, str],
                 stats: dict[str, int]) -> None:
        self.units, self.wof, self.joined, self.ua_cities = units, wof, joined, ua_cities
        self.iso_to_en, self.stats = iso_to_en, stats
        self.out: list[Rec] = []  # settlements with a row of their own
        self.by_code: dict[str, Rec] = {}  # codifier settlement -> its record
        # Hromada labels need their centres, which need only the codifier.
        members: dict[str, list[Unit]] = defaultdict(list)
        for u in units.values():
            if u.category in "MXC":
                members[str(u.hromada)].append(u)
                members[str(u.raion)].append(u)
        self.labels: dict[str, str] = {}
        self.centres: dict[str, Unit | None] = {}
        for code, u in units.items():
            if u.category in ("H", "P"):
                self.centres[code] = centre_of(u.name, members[code])
                if u.category == "H":
                    self.labels[code] = hromada_names(u.name, self.centres[code], [])[0]
        points: dict[str, list[Point]] = defaultdict(list)
        for code, i in joined.items():
            points[str(units[code].hromada)].append(wof[i].point)
        self.h_centre, self.h_limit = _extent(points)

    def raion_label(self, u: Unit) -> str | None:
        raion = self.units.get(u.raion or "")
        return f"{romanize_uk(raion.name)} Raion" if raion is not None else None

    def place_in(self, rec: Rec, u: Unit) -> None:
        """The record is the codifier's settlement ``u``: its oblast, raion, hromada, name."""
        rec.admin1 = self.iso_to_en.get(u.iso or "", rec.admin1)
        rec.admin2 = self.raion_label(u)
        rec.admin3 = self.labels.get(u.hromada or "")
        rec.katottg = u.code
        rec.name_uk = u.name
        rec.add_names("katottg", primary=[u.name])

    @staticmethod
    def add_wof(rec: Rec, w: Wof) -> None:
        rec.name_ru = rec.name_ru or w.name_ru or None
        rec.name_uk = rec.name_uk or w.name_uk or None
        if w.name_uk:
            rec.wof_uk.append(w.name_uk)  # main or alternate: see _official_names
        # A Latin name is an alternate even where it is the only one: Who's On First's Latin-only
        # rows ("Stay", "Bolshevik") would otherwise turn English words into Ukrainian villages.
        rec.add_names("wof", primary=[w.name_ru], alternate=[w.name_latin])

    def merge_wof(self) -> None:
        """1. Who's On First rows: merged into their cities500 twin, else rows of their own."""
        wof_of = {i: code for code, i in self.joined.items()}
        for i, w in enumerate(self.wof):
            code = wof_of.get(i)
            unit = self.units.get(code or "")
            twin = self.ua_cities.get(w.gn_id)
            if twin is not None and not twin.merged and _twins(twin, w, code is not None):
                twin.merged = True
                if unit is not None:
                    self.place_in(twin, unit)
                    self.by_code[unit.code] = twin
                self.add_wof(twin, w)
                continue
            name = unit.name if unit else w.name_uk
            display = romanize_uk(name) if name else w.name_latin or w.name_ru
            if not display:
                continue
            kind = SETTLEMENT_CATEGORIES.get(unit.category, "village") if unit else "village"
            rec = Rec(f"wof:{w.wof_id}", display, w.point[0], w.point[1], "UA",
                      self.iso_to_en.get(w.iso or ""), None, kind, None, "point", lang="uk",
                      point_source="wof")
            if unit is not None:
                self.place_in(rec, unit)
                self.by_code[unit.code] = rec
            self.add_wof(rec, w)
            self.out.append(rec)
        self.stats["ua_wof_merged_into_cities500"] = sum(
            r.merged for r in self.ua_cities.values())

    def settle_twin_points(self) -> None:
        """Twins whose points disagree: the one inside its hromada (the other is a namesake's)."""
        w_by_gn = {w.gn_id: w for w in self.wof if w.gn_id}
        for code, rec in self.by_code.items():
            if not rec.gid.startswith("geonames:"):
                continue
            rec.point_source = "geonames"
            w = w_by_gn.get(rec.gid.split(":", 1)[1])
            centre = self.h_centre.get(str(self.units[code].hromada))
            if w is None or centre is None or rec.lat is None or rec.lon is None:
                continue
            mine = (rec.lat, rec.lon)
            if distance_km(mine, w.point) > 2.0 and \
                    distance_km(centre, w.point) < distance_km(centre, mine):
                rec.lat, rec.lon = w.point
                rec.point_source = "wof"

    def merge_towns(self) -> None:
        """2. cities500 towns still without a codifier entry: merged into a settlement of their
        name nearby (a Who's On First row of it within 5 km, else inside its hromada)."""
        by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, u in self.units.items():
            if u.category in "MXC" and u.iso:
                for k in keys(u.name, "uk"):
                    by_key[(u.iso, k)].append(code)
        en_to_iso = {en: iso for iso, en in self.iso_to_en.items()}
        for rec in self.ua_cities.values():
            if rec.katottg is not None or rec.lat is None or rec.lon is None:
                continue
            iso = str(en_to_iso.get(rec.admin1 or ""))
            names = [n for n in [rec.name, *rec.alternate] if not has_cyrillic(n)]
            codes = {c for n in names for c in by_key.get((iso, fold(n)), [])}
            near = [(d, c) for c in codes
                    if (d := self._town_distance(c, (rec.lat, rec.lon))) is not None]
            if not near:
                continue
            code = min(near)[1]
            other = self.by_code.get(code)
            self.place_in(rec, self.units[code])
            rec.merged = True
            if other is not None:  # a Who's On First row of the same place: one row, not two
                self.out.remove(other)
                rec.add_names("wof", primary=other.primary, alternate=other.alternate)
                rec.wof_uk += other.wof_uk
                rec.name_ru = rec.name_ru or other.name_ru
            self.by_code[code] = rec
        self.stats["ua_cities500_merged_by_name"] = sum(
            r.merged for r in self.ua_cities.values()) - self.stats["ua_wof_merged_into_cities500"]

    def _town_distance(self, code: str, point: Point) -> float | None:
        """How far a town is from settlement ``code``, if close enough to be the same place."""
        other = self.by_code.get(code)
        if other is not None and other.gid.startswith("geonames:"):
            return None  # already another cities500 town
        h = str(self.units[code].hromada)
        if other is not None:
            ref, limit = (other.lat, other.lon), TWIN_KM
        elif h in self.h_centre:
            # A town may lie far from the median of its hromada's villages (Pokrovsk: 11 km).
            ref, limit = self.h_centre[h], self.h_limit[h] if self.units[code].category in (
                "M", "K") else min(NAME_JOIN_KM, self.h_limit[h])
        else:
            return None
        d = distance_km(ref, point)  # type: ignore[arg-type]
        return d if d <= limit else None

    def add_pointless(self) -> set[str]:
        """3. Codifier settlements with no point of their own: rows whose point is filled in
        from their hromada or raion (``fill_points``)."""
        missing = {c for c, u in self.units.items() if u.category in "MXC"
                   and c not in self.by_code}
        for code in sorted(missing):
            u = self.units[code]
            rec = Rec(f"katottg:{code}", romanize_uk(u.name), None, None, "UA",
                      self.iso_to_en.get(u.iso or ""), None, SETTLEMENT_CATEGORIES[u.category],
                      None, "admin3", lang="uk")
            self.place_in(rec, u)
            self.by_code[code] = rec
            self.out.append(rec)
        return missing

    def fill_points(self, missing: set[str], areas: dict[str, Rec]) -> None:
        """4. The hromada's point (``admin3``), else the raion's (``admin2``), else the
        oblast's (``admin1``, filled in by the caller)."""
        for code in missing:
            rec = self.by_code[code]
            u = self.units[code]
            area = areas.get(str(u.hromada))
            if area is None or area.lat is None or area.precision != "admin3":
                area = areas.get(str(u.raion))
                rec.precision = "admin2"
            if area is not None and area.lat is not None:
                rec.lat, rec.lon = area.lat, area.lon
                rec.point_source = f"{rec.precision}-median"
            else:
                rec.precision = "admin1"
                rec.point_source = "admin1-box"

    def admin_from_neighbours(self) -> None:
        """5. Raion and hromada of the places the codifier does not list: those of their two or
        three nearest codifier settlements within 10 km, where they agree."""
        grid = Grid()
        for code, rec in self.by_code.items():
            if _own(rec):
                grid.add((rec.lat, rec.lon), code)  # type: ignore[arg-type]
        for rec in [*self.out, *self.ua_cities.values()]:
            if rec.katottg is not None or rec.lat is None or rec.lon is None or \
                    rec.admin1 in CITY_OBLASTS:
                continue
            found = [self.units[c] for _d, c in grid.nearest((rec.lat, rec.lon), 3, 10.0)]
            if len(found) < 2 or len({u.raion for u in found}) > 1:
                continue
            rec.admin1 = self.iso_to_en.get(found[0].iso or "", rec.admin1)
            rec.admin2 = self.raion_label(found[0])
            rec.admin_source = "nearest"
            if len({u.hromada for u in found}) == 1:
                rec.admin3 = self.labels.get(found[0].hromada or "")


def _admin_units(units: dict[str, Unit], by_code: dict[str, Rec],
                 centres: dict[str, Unit | None], labels: dict[str, str],
                 iso_to_en: dict[str, str], stats: dict[str, int]) -> list[Rec]:
    """Rows for the 2020 raions (admin2) and hromadas (admin3), at their settlements' median."""
    pts: dict[str, list[Point]] = defaultdict(list)
    for code, rec in by_code.items():
        if _own(rec):
            u = units[code]
            pts[str(u.hromada)].append((rec.lat, rec.lon))  # type: ignore[arg-type]
            pts[str(u.raion)].append((rec.lat, rec.lon))  # type: ignore[arg-type]

    def latin_of(u: Unit | None) -> list[str]:
        rec = by_code.get(u.code) if u else None
        return [rec.name] if rec is not None and rec.gid.startswith("geonames:") else []

    out: list[Rec] = []
    raions: dict[str, Rec] = {}
    for code, u in units.items():
        if u.category != "P":
            continue
        c = centroid(pts.get(code, []))
        en = iso_to_en.get(u.iso or "")
        latin = romanize_uk(u.name)
        primary, alternate = raion_names(u.name, centres[code], latin_of(centres[code]))
        rec = Rec(f"admin2:UA:{en}:{latin}", f"{latin} Raion", c[0] if c else None,
                  c[1] if c else None, "UA", en, f"{latin} Raion", "admin2", None, "admin2",
                  primary, alternate, "uk", katottg=code, name_uk=f"{u.name} район",
                  point_source="settlements-median" if c else "")
        rec.name_sources = ["katottg"]
        raions[code] = rec
        out.append(rec)
    for code, u in units.items():
        if u.category != "H":
            continue
        c = centroid(pts.get(code, []))
        raion = raions.get(str(u.raion))
        name, primary, alternate = hromada_names(u.name, centres[code], latin_of(centres[code]))
        precision = "admin3" if c else "admin2"
        if c is None and raion is not None and raion.lat is not None:
            c = (raion.lat, raion.lon)  # type: ignore[assignment]
        rec = Rec(f"admin3:UA:{code}", name, c[0] if c else None, c[1] if c else None, "UA",
                  iso_to_en.get(u.iso or ""), raion.admin2 if raion else None, "admin3", None,
                  precision, primary, alternate, "uk", admin3=name, katottg=code,
                  name_uk=f"{u.name} громада",
                  point_source="settlements-median" if precision == "admin3" else "admin2-median")
        rec.name_sources = ["katottg"]
        out.append(rec)
    stats["ua_raions"] = len(raions)
    stats["ua_hromadas"] = len(out) - len(raions)
    stats["ua_hromadas_without_own_point"] = sum(
        r.kind == "admin3" and r.precision != "admin3" for r in out)
    dup = Counter((r.admin1, r.admin2, r.name) for r in out if r.kind == "admin3")
    stats["ua_hromada_names_repeated_in_raion"] = sum(n > 1 for n in dup.values())
    return out
