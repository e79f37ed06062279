"""The record every source of the gazetteer build is turned into, and the point helpers.

Shared by ``tools/build_gazetteer.py`` and ``tools/gazetteer_ukraine.py``; build-time only.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

# Kinds by population where the source gives no feature class (cities500 has none).
CITY_POP = 100_000
TOWN_POP = 10_000


@dataclass
class Rec:
    """One place of the build: a row of ``places.tsv.gz`` and the names it is indexed under."""

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
    admin3: str | None = None  # the hromada (Ukraine)
    katottg: str | None = None  # the official code of a Ukrainian unit
    name_uk: str | None = None
    name_ru: str | None = None
    point_source: str = ""  # which source gave the point (see README: provenance)
    name_sources: list[str] = field(default_factory=list)  # which sources gave the names
    admin_source: str = ""  # "nearest" when raion/hromada were inferred from neighbours
    merged: bool = False  # a cities500 record that already absorbed a Ukrainian twin
    # Ukrainian names from Who's On First, main names unless the codifier's differs (decided
    # once the record's codifier entry, if any, is known).
    wof_uk: list[str] = field(default_factory=list)

    def provenance(self) -> str:
        out = f"point:{self.point_source or '-'} names:{'+'.join(self.name_sources) or '-'}"
        return out + (f" admin:{self.admin_source}" if self.admin_source else "")

    def add_names(self, source: str, primary: Iterable[str] = (),
                  alternate: Iterable[str] = ()) -> None:
        for n in primary:
            if n and n not in self.primary:
                self.primary.append(n)
        for n in alternate:
            if n and n not in self.alternate and n not in self.primary:
                self.alternate.append(n)
        if source not in self.name_sources:
            self.name_sources.append(source)


Point = tuple[float, float]


def centroid(points: Iterable[Point]) -> Point | None:
    """Median point: robust to the odd mis-filed settlement that would pull a mean away."""
    pts = list(points)
    if not pts:
        return None
    return (round(statistics.median(p[0] for p in pts), 4),
            round(statistics.median(p[1] for p in pts), 4))


def box_centre(points: list[Point]) -> Point | None:
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


def kind_by_population(pop: int | None) -> str:
    if pop is None:
        return "village"
    return "city" if pop >= CITY_POP else "town" if pop >= TOWN_POP else "village"
