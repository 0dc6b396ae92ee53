"""The bundled queries on texts as published (issue 11): measures at the second level of any outline,
their items included, and labels in English where there is one, else in Chinese."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from westdev_kg import pipeline, query
from westdev_kg.language import cjk_share

from .conftest import REPO, RELEASE_DATE

QUERIES = REPO / "queries"
ID = "https://w3id.org/westdev/id/"
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    _, found = query.run_select(store, query.read_query(QUERIES / f"{name}.rq"))
    return [{k: v.value for k, v in row.items()} for row in found]


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> ox.Store:
    """A 篇/章/节 plan whose 成都 is named in a (1) sub-item of 第一章 (tests/fixtures/segment/outline_zh.txt)."""
    root = tmp_path_factory.mktemp("plan")
    shutil.copyfile(REPO / "tests" / "fixtures" / "segment" / "outline_zh.txt", root / "plan.txt")
    pipeline.build(root / "plan.txt", pipeline.Options(output=root / "out", reports=root / "r", reasoner="skip", release_date=RELEASE_DATE))
    return query.load_release(root / "out")


def test_the_measure_queries_read_the_chapters_of_a_plan_with_everything_below_them(plan):
    chapters = {int(r["measureNumber"]) for r in rows(plan, "cq-structure")}
    assert chapters == {1, 2, 3}, "第一章 … 第三章 are the second level as printed"
    chengdu = [r for r in rows(plan, "cq-measure-regions") if r["region"] == f"{ID}region/chengdu"]
    assert [(r["measureNumber"], r["regionLabel"]) for r in chengdu] == [("1", "Chengdu")]  # named in （1） under 第一章
    concerned = {(r["measureNumber"], r["regionLabel"]) for r in rows(plan, "cq-measures-in-region")}
    assert {("1", "Chengdu"), ("1", "Sichuan")} <= concerned
    evidence = [r for r in rows(plan, "cq-evidence") if r["entity"] == f"{ID}region/chengdu"]
    assert evidence and all(r["measureNumber"] == "1" and r["quote"] == "成都" for r in evidence)
    # (cq-actions and cq-responsibility use the same measure pattern; Chinese actions are not read yet)


@pytest.fixture
def bundled() -> ox.Store:
    return query.load_release(REPO / "output")


@pytest.mark.parametrize(("name", "entity", "label", "chinese"), [
    ("cq-measure-regions", "region/sichuan", "regionLabel", "四川省"),
    ("cq-measures-in-region", "region/sichuan", "regionLabel", "四川省"),
    ("cq-measure-bodies", "body/national-development-and-reform-commission", "bodyLabel", "国家发展和改革委员会"),
    ("cq-measure-projects", "project/belt-and-road-initiative", "projectLabel", "“一带一路”倡议"),
])
def test_an_entity_without_an_english_label_keeps_its_rows_with_its_chinese_one(bundled, name, entity, label, chinese):
    node = ox.NamedNode(ID + entity)
    column = "region" if "region" in name else "body" if "bodies" in name else "project"
    before = [r for r in rows(bundled, name) if r[column] == node.value]
    assert before and all(r[label] and not any("\u4e00" <= c <= "\u9fff" for c in r[label]) for r in before)
    for quad in list(bundled.quads_for_pattern(node, SKOS_PREF, None)):
        if quad.object.language == "en":
            bundled.remove(quad)
    if chinese is None:  # no Chinese label either: the rows stay, the label unbound
        after = [r for r in rows(bundled, name) if r[column] == node.value]
        assert len(after) == len(before) and all(label not in r for r in after)
        return
    after = [r for r in rows(bundled, name) if r[column] == node.value]
    assert len(after) == len(before) and {r[label] for r in after} == {chinese}


def test_a_name_found_only_in_chinese_is_labelled_zh_and_answered_with_that_label(tmp_path):
    (tmp_path / "opinion.txt").write_text(
        "关于促进就业的意见\n\n一、总体要求\n\n（一）实施专项行动。各地要深入实施“阳光就业”行动，推进乡村振兴战略。\n", encoding="utf-8")
    pipeline.build(tmp_path / "opinion.txt", pipeline.Options(output=tmp_path / "out", reports=tmp_path / "r", reasoner="skip"))
    store = query.load_release(tmp_path / "out")
    data = query.load_files([tmp_path / "out" / "westdev.ttl"])
    english = [q.object.value for q in data.quads_for_pattern(None, None, None) if isinstance(q.object, ox.Literal) and q.object.language == "en"]
    assert not [text for text in english if cjk_share(text) > 0.5], "a Chinese string tagged @en"
    minted = ox.NamedNode(f"{ID}project/yang-guang-jiu-ye-xing-dong")
    assert [(q.object.value, q.object.language) for q in store.quads_for_pattern(minted, SKOS_PREF, None)] == [("阳光就业行动", "zh")]
    answered = {r["project"]: r["projectLabel"] for r in rows(store, "cq-measure-projects")}
    assert answered[minted.value] == "阳光就业行动" and answered[f"{ID}project/rural-revitalization-strategy"] == "rural revitalization strategy"
