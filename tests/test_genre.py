"""A text of the genre that is not the bundled one, end to end through the installed command.

``tests/fixtures/genre/central-region-opinions.txt`` is composed for this test (its wording is
ours): an opinions document of the State Council with a document number under its title,
parts numbered ``I.`` and measures ``(I)`` (a rendering of （一）), hard-wrapped at 88 columns
with a line break after a hyphen inside a railway's name, no sidecar, and the shapes this
text does not share with the bundled one: an airport, a prefecture-level city that only the
derived reference rows hold, a homonym decided by the province the text names, "X, together
with Y, shall" and "X shall, in conjunction with Y, V" (会同), the office of a leading group
spelled another way, and a year that opens a sentence and dates a target in its second clause.
Each expectation is what a reader of the text would write down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg.query import load_release, run_select

from .conftest import REPO, run_cli

TEXT = REPO / "tests" / "fixtures" / "genre" / "central-region-opinions.txt"
WDID = "https://w3id.org/westdev/id/"

pytestmark = pytest.mark.cli  # the module's build runs the installed command


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("genre")
    result = run_cli("build", str(TEXT), "-o", str(out), "--reasoner", "skip", "--release-date", "2026-11-27")
    assert result.returncode == 0, result.stderr
    return out, result.stderr.splitlines()


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    """The answers of a bundled query, each term as its lexical value."""
    query = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    _, found = run_select(load_release(folder), query)
    return [{var: term.value for var, term in row.items() if term is not None} for row in found]


def local(value: str) -> str:
    return value.removeprefix(WDID)


def test_structure_and_title(built):
    out, warnings = built
    assert [(r["partNumber"], r["partTitle"], r["measureNumber"], r["measureTitle"]) for r in rows(out, "cq-structure")] == [
        ("1", "General Requirements", "1", "Main objectives"),
        ("2", "Building a Modern Infrastructure Network", "2", "Build external corridors"),
        ("2", "Building a Modern Infrastructure Network", "3", "Strengthen energy security"),
        ("3", "Safeguard Measures", "4", "Strengthen organizational leadership"),
    ]
    assert "westdev-kg: warning: no sidecar names the issuers: taken from the title line (State Council)" in warnings
    graph = load_release(out)
    (number,) = graph.query("SELECT ?n WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> ?n }")
    assert number[0].value == "Guo Fa [2021] No. 99"


def test_places_projects_and_bodies(built):
    out, _ = built
    regions = {(r["measureNumber"], local(r["region"])) for r in rows(out, "cq-measure-regions")}
    assert {("2", "region/shiyan"), ("2", "region/luohe"), ("2", "region/taizhou-jiangsu"), ("2", "region/yichang")} <= regions
    assert ("2", "region/taizhou-zhejiang") not in regions
    projects = {(r["measureNumber"], local(r["project"])) for r in rows(out, "cq-measure-projects")}
    assert projects == {
        ("2", "project/xian-shiyan-high-speed-railway"),
        ("2", "project/chongqing-wanzhou-yichang-high-speed-railway"),
        ("2", "project/zhengzhou-xinzheng-international-airport"),
        ("2", "project/wuhan-tianhe-international-airport"),
    }
    bodies = {(r["measureNumber"], local(r["body"])) for r in rows(out, "cq-measure-bodies")}
    assert ("4", "body/office-of-the-state-council-leading-group-for-western-region-development") in bodies
    assert {("3", "body/national-energy-administration"), ("3", "body/ministry-of-natural-resources"),
            ("3", "body/ministry-of-transport"), ("3", "actor/relevant-departments")} <= bodies


def test_leads_and_co_operating_bodies(built):
    out, _ = built
    stated = {
        ("/".join(local(r["subject"]).split("/")[-2:]), local(r["actor"]), local(r["role"]).rsplit("/", 1)[-1].removeprefix("role-"))
        for r in rows(out, "cq-responsibility")
        if r["stated"] == "true" and r["measureNumber"] == "3"
    }
    assert stated == {
        ("action/1", "body/national-energy-administration", "lead"),
        ("action/1", "body/ministry-of-natural-resources", "co-operating"),
        ("action/2", "body/ministry-of-transport", "lead"),
        ("action/2", "actor/relevant-departments", "co-operating"),
    }


def test_goals_and_the_target_dated_by_the_opening_year(built):
    out, _ = built
    years = sorted(r["targetYear"] for r in rows(out, "cq-goals") if r.get("targetYear"))
    assert years == ["2025", "2025", "2035"]
    (target,) = rows(out, "cq-targets")
    assert (target["indicator"], target["value"], target["unitLabel"], target["targetYear"]) == (
        "urbanization rate of the permanent population", "62", "%", "2025",
    )
