"""Strategies, programmes, campaigns and initiatives as projects, in both languages (issue 11,
point 5): the Chinese head-word rules of westdev_kg/entities/zh_projects.py, the region or
strategy a region's name stands for, and bare programme names in an English list of projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg import names, reference
from westdev_kg.entities import zh_projects
from westdev_kg.pipeline import Options, extract_all

HEAD = "关于推进乡村全面振兴的意见\n\n"


def _extract(tmp_path: Path, body: str, head: str = HEAD, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(head + body + "\n", encoding="utf-8")
    return extract_all(path, Options(reasoner="skip"))


def _projects(extraction) -> dict[str, str]:
    """Surface -> key of every project mention."""
    text = extraction.document.source.text
    return {text[m.span.begin : m.span.end]: m.entity for m in extraction.mentions if m.entity.startswith("project/")}


def test_known_strategies_programmes_and_campaigns_by_their_chinese_names(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n实施乡村振兴战略，学习运用“千万工程”经验，高质量共建“一带一路”，深入实施西部大开发。"
        "坚决打好三大攻坚战，打好污染防治攻坚战，巩固拓展脱贫攻坚成果。深入实施长江十年禁渔，推进“三北”等重点生态工程建设，"
        "实施天然林保护工程。",
    )
    got = _projects(ex)
    assert got["乡村振兴战略"] == "project/rural-revitalization-strategy"
    assert got["千万工程"] == "project/green-rural-revival-program"
    assert got["一带一路"] == "project/belt-and-road-initiative"
    assert got["西部大开发"] == "project/western-development-strategy"
    assert got["三大攻坚战"] == "project/three-major-battles"
    assert got["污染防治攻坚战"] == "project/battle-against-pollution"
    assert got["脱贫攻坚"] == "project/battle-against-poverty"
    assert got["长江十年禁渔"] == "project/yangtze-river-ten-year-fishing-ban"
    assert got["三北"] == "project/three-north-shelterbelt-program"
    assert got["天然林保护工程"] == "project/natural-forest-protection-program"
    assert len(got) == 10, got  # 重点生态工程 is generic


def test_names_no_list_holds_are_minted_with_the_kind_of_their_head(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n组织实施新一轮千亿斤粮食产能提升行动，深入实施国家大豆和油料产能提升工程。"
        "实施高素质农民培育计划和乡村产业振兴带头人培育“头雁”项目，推进“万企兴万村”行动。打好净土保卫战，践行全球发展倡议。",
    )
    got = _projects(ex)
    expected = {
        "千亿斤粮食产能提升行动": "programme",  # 新一轮 (its round) is not part of the name
        "国家大豆和油料产能提升工程": "programme",  # 和 inside one name
        "高素质农民培育计划": "programme",  # 和 between two names
        "乡村产业振兴带头人培育“头雁”项目": "project",
        "“万企兴万村”行动": "programme",
        "净土保卫战": "campaign",
        "全球发展倡议": "initiative",
    }
    assert set(got) == set(expected), got
    minted = {e.key: e for e in ex.entities if not e.from_reference}
    for surface, kind in expected.items():
        plain = surface.replace("“", "").replace("”", "")
        key = got[surface]
        assert key == "project/" + names.slug(plain), (surface, key)
        assert minted[key].kind == kind and minted[key].label_en == minted[key].label_zh == plain, minted[key]


@pytest.mark.parametrize(
    "sentence",
    [
        "坚决杜绝“形象工程”、“面子工程”。",  # generic nouns
        "完善国家发展战略和重大工程布局。",
        "服务国家战略，发挥规划战略导向作用。",  # 战略 as a modifier or generic
        "规范工程建设领域行为，确保工程质量。",  # construction works
        "省级土地利用年度计划安排新增建设用地指标。",  # 年度计划: one word
        "发展壮大战略性新兴产业，赢得战略主动。",
        "加强三北地区防护林建设。",  # bare 三北 is the region, not the programme
        "实施小型供水工程规范化建设，加强中小型水源保障工程建设。",  # works, not programmes
        "统一行动，采取行动。",
    ],
)
def test_generic_nouns_and_modifiers_are_not_projects(tmp_path, sentence):
    ex = _extract(tmp_path, "一、总体要求\n\n" + sentence)
    assert _projects(ex) == {}, _projects(ex)


def test_a_region_named_by_a_strategy_is_what_the_sentence_uses_it_for(tmp_path):
    strategy = "project/yangtze-river-economic-belt-development-strategy"
    region = "region/yangtze-river-economic-belt"
    cases = {
        "推动长江经济带高质量发展。": strategy,  # its development: the strategy
        "推动长江经济带发展。": strategy,  # the strategy's own name
        "深入实施长江经济带发展战略。": strategy,  # with 战略: the reference strategy, not a new one
        "落实长江经济带战略。": strategy,
        "支持长江经济带沿线省市发展特色产业。": region,  # places things in it
        "在长江经济带建立生态补偿机制。": region,
        "长江经济带地区要加强协作。": region,
    }
    for sentence, key in cases.items():
        ex = _extract(tmp_path, "一、总体要求\n\n" + sentence)
        keys = {m.entity for m in ex.mentions if m.entity}
        assert key in keys and ({strategy, region} - {key}).isdisjoint(keys), (sentence, keys)


def test_every_strategy_named_after_a_region_begins_with_its_name():
    after = zh_projects.named_after(reference.load())
    assert after["region/yangtze-river-economic-belt"] == "project/yangtze-river-economic-belt-development-strategy"
    assert after["region/guangdong-hong-kong-macao-greater-bay-area"] == (
        "project/development-of-the-guangdong-hong-kong-macao-greater-bay-area"
    )


def test_the_word_lists_are_well_formed():
    w = zh_projects.words()
    assert set(w.heads.values()) | set(w.quoted_heads.values()) <= reference.KINDS["project"]
    assert not (w.stop & w.generic), w.stop & w.generic
    assert all(head in word for word, head in w.compounds.items())


def test_english_programmes_named_bare_in_a_list_of_projects(tmp_path):
    head = "Opinions on Ecological Protection\n\n"
    listed = (
        "I. General requirements\n\nImplement key ecological projects such as soil and water conservation, "
        "natural forest protection, returning grazing land to grasslands. Fight three major battles."
    )
    got = _projects(_extract(tmp_path, listed, head=head))
    assert got["natural forest protection"] == "project/natural-forest-protection-program"
    assert got["three major battles"] == "project/three-major-battles"
    assert got["returning grazing land to grasslands"] == "project/returning-grazing-land-to-grassland-program"
    prose = "I. General requirements\n\nStrengthen natural forest protection and wetland protection."
    assert _projects(_extract(tmp_path, prose, head=head)) == {}
