"""Checks of the central bodies, generic actors and projects reference files.

Reads ``westdev_kg/reference/{bodies,actors,projects}.csv`` with the standard ``csv``
module only (independent of the loader) and checks them against
``docs/reference-data-contract.md``: columns, keys, kinds, labels, components, and that no
surface label names two entities.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from westdev_kg import names

REFERENCE = Path(__file__).resolve().parents[1] / "westdev_kg" / "reference"

COLUMNS = ["key", "kind", "label_en", "label_zh", "alt_labels", "located_in", "components", "note"]

FILES = {"bodies.csv": "body", "actors.csv": "actor", "projects.csv": "project"}

# The closed kind schemes of the contract.
KINDS = {
    "body": {
        "party-central-organ", "party-department", "state-council", "ministry", "commission",
        "administration", "leading-group", "office", "central-bank", "legislature", "judiciary",
        "armed-forces", "mass-organization", "state-owned-enterprise", "financial-market",
        "other-body",
    },
    "actor": {
        "government", "party-organization", "enterprise", "financial-institution",
        "education-or-research", "social-organization", "public-institution", "armed-forces",
        "society",
    },
    "project": {
        "strategy", "initiative", "campaign", "programme", "project", "railway", "road", "waterway",
        "energy-line", "corridor", "train-service", "platform", "fund", "plan",
    },
}

KEY = re.compile(r"(body|actor|project)/[a-z0-9]+(?:-[a-z0-9]+)*")
COMPONENT_KEY = re.compile(r"(region|project)/[a-z0-9]+(?:-[a-z0-9]+)*")
PLACE_FILES = ("provinces.csv", "cities.csv", "macro_regions.csv", "areas.csv", "foreign.csv")


def _read(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        assert header == COLUMNS, f"{name}: header {header}"
        rows = []
        for cells in reader:
            assert len(cells) == len(COLUMNS), f"{name}:{reader.line_num}: {cells}"
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


ROWS = {name: _read(name) for name in FILES}
ALL = [row for rows in ROWS.values() for row in rows]
BY_KEY = {row["key"]: row for row in ALL}


def _split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _labels(row: dict[str, str]) -> list[str]:
    return [row["label_en"], *_split(row["alt_labels"])]


def slug(label: str) -> str:
    """The contract's slug of an English name: the readable slug of westdev_kg.names (keys
    of the reference data are never cut), a leading article dropped."""
    return names.readable(re.sub(r"^the\s+", "", label, flags=re.IGNORECASE))


def surface(label: str) -> str:
    """What a matcher would compare: case, spacing, dashes, quotes, a leading 'the' ignored."""
    text = label.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return re.sub(r"^the ", "", text)


def resolve(label: str) -> set[str]:
    wanted = surface(label)
    return {row["key"] for row in ALL if any(surface(x) == wanted for x in _labels(row))}


# --------------------------------------------------------------------------
# Form of the files
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_is_utf8_lf_and_sorted(name: str) -> None:
    raw = (REFERENCE / name).read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw and raw.endswith(b"\n")
    keys = [row["key"] for row in ROWS[name]]
    assert keys == sorted(keys), f"{name} is not sorted by key"
    assert ROWS[name], f"{name} is empty"


@pytest.mark.parametrize("name", sorted(FILES))
def test_keys_kinds_and_labels(name: str) -> None:
    category = FILES[name]
    for row in ROWS[name]:
        key = row["key"]
        assert KEY.fullmatch(key), f"bad key {key!r}"
        assert key.split("/", 1)[0] == category, f"{key} in {name}"
        assert row["kind"] in KINDS[category], f"{key}: kind {row['kind']!r}"
        assert row["label_en"] and row["label_en"] == row["label_en"].strip(), key
        assert key == f"{category}/{slug(row['label_en'])}", f"{key} is not the slug of its label"
        if row["label_zh"]:
            assert re.search(r"[\u4e00-\u9fff]", row["label_zh"]), key
            assert row["label_zh"] == row["label_zh"].strip(), key
        for column in ("alt_labels", "located_in", "components"):
            items = _split(row[column])
            assert all(item and item == item.strip() for item in items), f"{key}: {column}"
            assert len(set(items)) == len(items), f"{key}: repeated item in {column}"
        assert all(k.startswith("region/") for k in _split(row["located_in"])), key


def test_keys_unique_across_files() -> None:
    keys = [row["key"] for row in ALL]
    assert len(keys) == len(set(keys))


def test_every_row_has_a_chinese_name() -> None:
    assert [row["key"] for row in ALL if not row["label_zh"]] == []


# --------------------------------------------------------------------------
# Components and ambiguity
# --------------------------------------------------------------------------


def test_components_are_region_or_project_keys() -> None:
    for row in ALL:
        for ref in _split(row["components"]):
            assert COMPONENT_KEY.fullmatch(ref), f"{row['key']}: component {ref!r}"
            assert ref != row["key"]
            if ref.startswith("project/"):
                assert ref in BY_KEY, f"{row['key']}: unknown component {ref}"


def test_region_components_exist_in_the_place_files() -> None:
    present = [REFERENCE / name for name in PLACE_FILES if (REFERENCE / name).exists()]
    if not present:
        pytest.skip("no place files yet")
    regions: set[str] = set()
    for path in present:
        with path.open(encoding="utf-8", newline="") as f:
            regions.update(row["key"] for row in csv.DictReader(f))
    missing = sorted(
        f"{row['key']} -> {ref}"
        for row in ALL
        for ref in _split(row["components"])
        if ref.startswith("region/") and ref not in regions
    )
    assert missing == []


def test_no_label_names_two_entities() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for row in ALL:
        for label in _labels(row):
            key = owner.setdefault(surface(label), row["key"])
            if key != row["key"]:
                clashes.append(f"{label!r}: {key} and {row['key']}")
    assert clashes == []


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "label", "kind"),
    [
        ("body/cpc-central-committee", "CPC Central Committee", "party-central-organ"),
        ("body/state-council", "State Council", "state-council"),
        (
            "body/national-development-and-reform-commission",
            "National Development and Reform Commission",
            "commission",
        ),
        (
            "body/state-council-leading-group-for-western-region-development",
            "State Council Leading Group for Western Region Development",
            "leading-group",
        ),
        ("body/peoples-bank-of-china", "People's Bank of China", "central-bank"),
        ("body/xinjiang-production-and-construction-corps", "Xinjiang Production and Construction Corps", "other-body"),
        ("body/national-equities-exchange-and-quotations", "National Equities Exchange and Quotations", "financial-market"),
        ("actor/party-committees-and-governments-at-all-levels", "party committees and governments at all levels", "government"),
        ("actor/financial-institutions", "financial institutions", "financial-institution"),
        ("actor/central-enterprises", "central enterprises", "enterprise"),
        ("actor/military", "the military", "armed-forces"),
        ("project/belt-and-road-initiative", "Belt and Road Initiative", "initiative"),
        ("project/china-europe-railway-express", "China-Europe Railway Express", "train-service"),
        ("project/sichuan-tibet-railway", "Sichuan-Tibet Railway", "railway"),
    ],
)
def test_named_entities_present(key: str, label: str, kind: str) -> None:
    row = BY_KEY[key]
    assert (row["label_en"], row["kind"]) == (label, kind)


# The State Council's constituent departments (2023), by official English name.
CONSTITUENT_DEPARTMENTS = [
    "Ministry of Foreign Affairs", "Ministry of National Defense",
    "National Development and Reform Commission", "Ministry of Education",
    "Ministry of Science and Technology", "Ministry of Industry and Information Technology",
    "National Ethnic Affairs Commission", "Ministry of Public Security",
    "Ministry of State Security", "Ministry of Civil Affairs", "Ministry of Justice",
    "Ministry of Finance", "Ministry of Human Resources and Social Security",
    "Ministry of Natural Resources", "Ministry of Ecology and Environment",
    "Ministry of Housing and Urban-Rural Development", "Ministry of Transport",
    "Ministry of Water Resources", "Ministry of Agriculture and Rural Affairs",
    "Ministry of Commerce", "Ministry of Culture and Tourism", "National Health Commission",
    "Ministry of Veterans Affairs", "Ministry of Emergency Management",
    "People's Bank of China", "National Audit Office",
]


def test_every_constituent_department_is_present() -> None:
    labels = {row["label_en"] for row in ROWS["bodies.csv"]}
    assert [name for name in CONSTITUENT_DEPARTMENTS if name not in labels] == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # forms of the bundled machine translation
        ("the Party Central Committee", "body/cpc-central-committee"),
        ("the CPC Central Committee", "body/cpc-central-committee"),
        ("Leading Group for Development of the Western Region of the State Council",
         "body/state-council-leading-group-for-western-region-development"),
        ("Office of the Western Region Development Leading Group of the State Council",
         "body/office-of-the-state-council-leading-group-for-western-region-development"),
        ("XPCC", "body/xinjiang-production-and-construction-corps"),
        ("New Third Board", "body/national-equities-exchange-and-quotations"),
        ("Yukun High-speed Railway", "project/chongqing-kunming-high-speed-railway"),
        ("high-speed railway along the Yangtze River",
         "project/shanghai-chongqing-chengdu-high-speed-railway"),
        ("West (Ningbo) Chengdu (Capital) Railway", "project/xining-chengdu-railway"),
        ("China-Europe trains", "project/china-europe-railway-express"),
        ("China-Europe train service", "project/china-europe-railway-express"),
        ("China-ASEAN Information Port", "project/china-asean-information-harbor"),
        ("China-Singapore (Chongqing) strategic interconnection demonstration project",
         "project/china-singapore-chongqing-demonstration-initiative-on-strategic-connectivity"),
        ("golden waterway of the Yangtze River", "project/yangtze-river-golden-waterway"),
        ("returning farmland to forests and grasslands", "project/grain-for-green-program"),
        ("West-to-East power transmission", "project/west-to-east-power-transmission"),
        ("One Belt, One Road", "project/belt-and-road-initiative"),
        ("Double Innovation", "project/mass-entrepreneurship-and-innovation"),
        ("\"double first-class\" universities", "actor/double-first-class-universities"),
        ("local governments at all levels", "actor/local-governments"),
        ("colleges and universities", "actor/universities"),
        ("the army", "actor/military"),
        ("all member units", "actor/member-units"),
        ("party and government organs", "actor/party-and-government-organs"),
        ("government agencies", "actor/government-departments"),
        ("public service units", "actor/public-institutions"),
        ("National Park System Pilot", "project/national-park-system-pilot"),
        # common variants of official names
        ("NDRC", "body/national-development-and-reform-commission"),
        ("State Ethnic Affairs Commission", "body/national-ethnic-affairs-commission"),
        ("National Health and Health Commission", "body/national-health-commission"),
        ("Ministry of Ecological Environment", "body/ministry-of-ecology-and-environment"),
        ("CBIRC", "body/china-banking-and-insurance-regulatory-commission"),
        ("SASAC", "body/state-owned-assets-supervision-and-administration-commission-of-the-state-council"),
    ],
)
def test_surface_forms_resolve_to_one_entity(text: str, key: str) -> None:
    assert resolve(text) == {key}


@pytest.mark.parametrize(
    "text",
    [
        # coordinations of two actors are two mentions (docs/entities.md, generic actors)
        "enterprises and institutions",
        "enterprises and public institutions",
        # lower-case prose, not a programme's name (docs/entities.md, lower-case names)
        "national park system",
        "rural revitalization",
        "innovation-driven development",
        "targeted measures to alleviate poverty",
        "college student volunteers serving the western region",
    ],
)
def test_phrases_that_are_no_label(text: str) -> None:
    assert resolve(text) == set()


def test_components_of_compound_names() -> None:
    assert _split(BY_KEY["project/sichuan-tibet-railway"]["components"]) == [
        "region/sichuan",
        "region/tibet",
    ]
    assert _split(BY_KEY["project/china-mongolia-russia-economic-corridor"]["components"]) == [
        "region/mongolia",
        "region/russia",
    ]
    assert "region/chongqing" in _split(
        BY_KEY["project/chongqing-kunming-high-speed-railway"]["components"]
    )


def test_acronyms_that_are_english_words_are_not_aliases() -> None:
    """A matcher that ignores case would find 'most', 'safe', 'cast' in ordinary prose."""
    words = {"most", "safe", "cast", "sat", "army"}
    for row in ROWS["bodies.csv"] + ROWS["projects.csv"]:
        for label in _split(row["alt_labels"]):
            assert label.casefold() not in words, f"{row['key']}: {label!r}"
