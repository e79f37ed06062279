"""The offline gazetteer: every place Docket can put on a map, looked up by folded name.

The data are built by ``tools/build_gazetteer.py`` into ``docket/data/gazetteer/`` (GeoNames'
cities500 worldwide with first-level regions and US counties, Ukraine at village level from
KATOTTG and Who's On First with its 2020 raions and hromadas, hand-listed admin regions; see
README.md and ATTRIBUTION.md there). Loading keeps both files as their decompressed bytes and
where each line starts: a key is found by binary search over the sorted keys, and ``Place``
records are made only for the rows a lookup touches (``bench/gazetteer_osm.py --load``
measures the time and memory this takes).
"""

from __future__ import annotations

import gzip
import math
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from docket.errors import DocketError
from docket.nlp.translit import keys

DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

KINDS = ("country", "admin1", "admin2", "admin3", "region", "city", "town", "village", "other")
# From finest to coarsest: a relative description may only move a mention down this list.
# admin3 is a Ukrainian hromada (a few villages to a town and its villages), admin2 a raion.
PRECISIONS = ("point", "settlement", "approximate", "admin3", "admin2", "admin1", "region",
              "country")
# Regions that are not admin units of the gazetteer, and the oblasts they hold.
REGIONS: dict[str, frozenset[tuple[str, str]]] = {
    "region:donbas": frozenset({("UA", "Donetsk"), ("UA", "Luhansk")}),
}


# Areas whose shipped point lies outside them (a country's rounded centroid in a neighbour or
# at sea): a point inside, the capital's where the area is small.
_POINT_CORRECTIONS: dict[str, tuple[float, float]] = {
    "geonames:285570": (29.31, 47.60),  # Kuwait: (29.5, 45.75) is in Saudi Arabia
    "geonames:3168068": (43.94, 12.45),  # San Marino: (43.77, 12.42) is in Italy
    "geonames:7626844": (12.15, -68.27),  # Bonaire, Sint Eustatius and Saba: at sea
}
_AREA_KINDS = ("country", "admin1", "admin2", "admin3", "region")
_AREA_WORDS = re.compile(r"(?<!\s)\s++(?:oblast|krai|kray|region|province|republic|raion|rayon|"
                         r"district|county|state|hromada|community)$", re.I)


class GazetteerMissing(DocketError):
    """The shipped gazetteer files are missing: reinstall docket or run tools/build_gazetteer.py."""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry; lat/lon are as precise as ``precision`` says and no more."""

    gazetteer_id: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    admin2: str | None
    kind: str
    population: int | None
    precision: str
    admin3: str | None = None  # the hromada of a Ukrainian settlement
    # Which source gave the point and the names: "point:wof names:wof+katottg" (README.md).
    provenance: str = ""
    name_uk: str | None = None  # the Ukrainian name (official, from KATOTTG where it has one)
    name_ru: str | None = None  # the Russian name, where a source gives one
    katottg: str | None = None  # the official code of a Ukrainian settlement, hromada or raion


@dataclass(frozen=True)
class Candidate:
    """A place found under a key, and whether the key is one of its main names."""

    place: Place
    primary: bool


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions."""
    return a if PRECISIONS.index(a) >= PRECISIONS.index(b) else b


def contains(area: Place, p: Place) -> bool:
    """True when ``p`` lies in ``area`` by the codes and names of its rows (never by distance).

    Raions and counties are unique only inside their admin1 (Pokrovskyi Raion is in Donetsk
    oblast, Washington County in thirty states); hromada names repeat even inside one raion, so a
    hromada compares KATOTTG codes: a settlement's first nine characters are its hromada's.
    """
    if p.gazetteer_id == area.gazetteer_id or p.country != area.country:
        return False
    if area.kind == "country":
        return True
    if area.kind == "region":
        return (p.country, p.admin1 or "") in REGIONS.get(area.gazetteer_id, frozenset())
    if area.kind == "admin1":
        return p.admin1 is not None and p.admin1 == area.admin1
    if area.kind == "admin2":
        return p.admin2 is not None and (p.admin1, p.admin2) == (area.admin1, area.admin2)
    if area.kind == "admin3":
        if p.katottg and area.katottg:
            return p.katottg[:9] == area.katottg[:9]
        return p.admin3 is not None and (p.admin1, p.admin2, p.admin3) == (
            area.admin1, area.admin2, area.admin3)
    return False


class Lines:
    """The lines of one decompressed file, kept as its bytes and where each line starts.

    A list of 277,000 ``str`` rows (or a dict of 660,000 keys) costs several times the text it
    holds; this costs the text and four bytes a line, and a line is decoded when it is read.
    """

    def __init__(self, blob: bytes, start: int = 0, end: int | None = None) -> None:
        """The lines of ``blob[start:end]`` (a part of a file shares the file's buffer)."""
        end = len(blob) if end is None else end
        self._blob = blob
        self._starts = array("q", [start])
        data = np.frombuffer(blob, dtype=np.uint8)
        step = 1 << 22  # in slices: a mask of the whole file would be a 35 MB temporary
        for at in range(start, end, step):
            ends = np.flatnonzero(data[at:min(at + step, end)] == 10) + (at + 1)
            self._starts.frombytes(ends.astype(np.int64).tobytes())
        self._starts.append(end + 1)  # the end of the last line, as if "\n" followed

    def __len__(self) -> int:
        return len(self._starts) - 1

    def raw(self, i: int) -> bytes:
        if not 0 <= i < len(self._starts) - 1:
            raise IndexError(i)
        return self._blob[self._starts[i]:self._starts[i + 1] - 1]

    def __getitem__(self, i: int) -> str:
        return self.raw(i).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))


class _RawLines:
    """Lines as bytes, for ``bisect`` (folded keys are ASCII: byte order is their order)."""

    def __init__(self, lines: Lines) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i: int) -> bytes:
        return self._lines.raw(i)


class KeyIndex:
    """Folded key -> the row list of ``index.tsv.gz``, by binary search over its sorted keys."""

    def __init__(self, blob: bytes) -> None:
        middle = blob.find(b"\n\0\n")  # keys, a NUL line, then the row lists in key order
        if middle < 0:
            raise GazetteerMissing("index.tsv.gz is damaged: no NUL line between its parts")
        self._keys = Lines(blob, 0, middle)
        self._values = Lines(blob, middle + 3)
        if len(self._keys) != len(self._values):
            raise GazetteerMissing("index.tsv.gz is damaged: keys and row lists differ in number")
        self._sorted = _RawLines(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, key: str) -> str | None:
        k = key.encode("utf-8")
        i = bisect_left(self._sorted, k)
        if i < len(self._keys) and self._keys.raw(i) == k:
            return self._values[i]
        return None


class Gazetteer:
    """Folded-key lookup over the shipped place list."""

    def __init__(self, rows: Lines, index: KeyIndex) -> None:
        self._rows = rows
        self._index = index
        self._places: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None
        self._biggest: dict[tuple[str, str, str], tuple[int, float, float]] | None = None

    _lock = threading.Lock()
    _loaded: Gazetteer | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> Gazetteer:
        """The shipped gazetteer, read once per process (offline)."""
        if folder is None and cls._loaded is not None:
            return cls._loaded
        with cls._lock:
            if folder is None and cls._loaded is not None:
                return cls._loaded
            base = folder or DATA
            try:
                # One decompression into one buffer (reading a GzipFile joins chunks: twice
                # the peak memory).
                rows = Lines(gzip.decompress((base / "places.tsv.gz").read_bytes()))
                index = KeyIndex(gzip.decompress((base / "index.tsv.gz").read_bytes()))
            except FileNotFoundError as exc:
                raise GazetteerMissing(f"gazetteer file missing: {exc.filename}") from exc
            gaz = cls(rows, index)
            if folder is None:
                cls._loaded = gaz
            return gaz

    def __len__(self) -> int:
        return len(self._rows)

    def place(self, row: int) -> Place:
        found = self._places.get(row)
        if found is None:
            f = self._rows[row].split("\t")
            f += [""] * (15 - len(f))  # files of an older build have ten columns
            found = Place(f[0], f[1], float(f[2]) if f[2] else None,
                          float(f[3]) if f[3] else None, f[4], f[5] or None, f[6] or None, f[7],
                          int(f[8]) if f[8] else None, f[9], f[10] or None, f[11],
                          f[12] or None, f[13] or None, f[14] or None)
            # Stored before looking for a point inside: that search looks names up again.
            self._places[row] = found
            if found.kind in _AREA_KINDS and (found.lat is None
                                              or found.gazetteer_id in _POINT_CORRECTIONS):
                point = _POINT_CORRECTIONS.get(found.gazetteer_id) or self._inside(found)
                if point is not None:
                    found = replace(found, lat=point[0], lon=point[1])
                    self._places[row] = found
        return found

    def _inside(self, area: Place) -> tuple[float, float] | None:
        """A point inside an area the data gives none for (Stavropol Krai): its most populous
        settlement, else the city of the same country it is named after; precision unchanged."""
        if self._biggest is None:
            biggest: dict[tuple[str, str, str], tuple[int, float, float]] = {}
            for line in self._rows:
                f = line.split("\t")
                if len(f) < 10 or f[7] not in ("city", "town", "village") or not f[2]:
                    continue
                pop = int(f[8]) if f[8] else 0
                for key in _member_keys(f[4], f[5], f[6]):
                    if key not in biggest or pop > biggest[key][0]:
                        biggest[key] = (pop, float(f[2]), float(f[3]))
            self._biggest = biggest
        wanted = {"country": (area.country, "", ""),
                  "admin1": (area.country, area.admin1 or "", ""),
                  "admin2": (area.country, area.admin1 or "", area.admin2 or "")}.get(area.kind)
        if wanted is not None and wanted in _member_keys(*wanted):
            member = self._biggest.get(wanted)
            if member is not None:
                return member[1], member[2]
        capital = _AREA_WORDS.sub("", area.name)
        for cand in self.lookup(capital):
            p = cand.place
            if (cand.primary and p.country == area.country and p.kind in ("city", "town")
                    and p.lat is not None and p.lon is not None):
                return p.lat, p.lon
        return None

    def by_id(self, gazetteer_id: str) -> Place | None:
        """The place with this id, if the gazetteer has it."""
        if self._by_id is None:
            self._by_id = {r.split("\t", 1)[0]: i for i, r in enumerate(self._rows)}
        row = self._by_id.get(gazetteer_id)
        return None if row is None else self.place(row)

    def lookup(self, name: str) -> list[Candidate]:
        """Every place known under any folded key of ``name``, each once, main names first."""
        seen: dict[int, bool] = {}
        for key in keys(name):
            value = self._index.get(key)
            if not value:
                continue
            for item in value.split(","):
                primary = not item.startswith("a")
                row = int(item[1:] if not primary else item)
                seen[row] = seen.get(row, False) or primary
        out = [Candidate(self.place(r), p) for r, p in seen.items()]
        out.sort(key=lambda c: (not c.primary, -(c.place.population or 0)))
        return out

    def candidates(self, name: str) -> list[Place]:
        """All namesakes of ``name`` (transliteration-aware), main-name matches first."""
        return [c.place for c in self.lookup(name)]

    def knows(self, name: str) -> bool:
        """True when some place is known under ``name``."""
        return any(self._index.get(k) for k in keys(name))


def _member_keys(country: str, admin1: str, admin2: str) -> list[tuple[str, str, str]]:
    """The areas a settlement with these codes lies in: its country, admin1 and admin2."""
    out = [(country, "", "")]
    if admin1:
        out.append((country, admin1, ""))
        if admin2:
            out.append((country, admin1, admin2))
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer (same object as ``Gazetteer.load()``)."""
    return Gazetteer.load()


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
