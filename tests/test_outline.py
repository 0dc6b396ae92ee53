"""Outlines of any depth (issue 11, point 2): 篇 > 章 > 节 > 一、 > （一） > 1. > （1）, the English
Part > Chapter > Section > 1. > (1), each section with its kind, level and role; cq-structure's
two levels and cq-outline's rows.

Expected values are written out by hand after reading the fixtures (tests/fixtures/segment/
outline_zh.txt, outline_en.txt) and, for the corpus tests, the real five-year plans: the numbers
of 篇, 章 and 节 were counted in the files (their headings, not the 目录 contents list), never
taken from the segmenter's output.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from westdev_kg import pipeline
from westdev_kg.cli import outline_summary
from westdev_kg.query import load_release, run_select

from .conftest import RELEASE_DATE, examples
from .test_segment import fixture, quotes, seg

WDC = "https://w3id.org/westdev/concept/section-"


def outline(doc) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(s.level, s.kind, s.key, s.marker, s.number, s.heading) for s in doc.sections() if s.number is not None]


# -- Chinese: 篇 / 章 / 节 / 一、 / （一） / 1. / （1） ------------------------------------------------


def test_a_chinese_plan_outline_nests_seven_levels() -> None:
    doc = seg(fixture("outline_zh.txt"))
    deep = "chapter/1/section/1/measure/1/item/1"
    assert outline(doc) == [
        (1, "part", "part/1", "第一篇", 1, "总体要求"),
        (2, "chapter", "chapter/1", "第一章", 1, "发展环境"),
        (3, "section", "chapter/1/section/1", "第一节", 1, "发展基础"),
        (4, "measure", "chapter/1/section/1/measure/1", "一、", 1, "经济实力"),
        (5, "item", deep, "（一）", 1, "产业发展"),
        (6, "sub-item", f"{deep}/sub-item/1", "1.", 1, "工业增长"),
        (7, "sub-item", f"{deep}/sub-item/1/sub-item/1", "（1）", 1, "制造业"),
        (7, "sub-item", f"{deep}/sub-item/1/sub-item/2", "（2）", 2, "能源业"),
        (6, "sub-item", f"{deep}/sub-item/2", "2.", 2, "农业稳定"),
        (5, "item", "chapter/1/section/1/measure/1/item/2", "（二）", 2, "社会事业"),
        (4, "measure", "chapter/1/section/1/measure/2", "二、", 2, "面临挑战"),
        (3, "section", "chapter/1/section/2", "第二节", 2, "指导思想"),
        (2, "chapter", "chapter/2", "第二章", 2, "主要目标"),
        (1, "part", "part/2", "第二篇", 2, "重点任务"),
        (2, "chapter", "chapter/3", "第三章", 3, "建设现代化产业体系"),
        (3, "section", "chapter/3/section/1", "第一节", 1, "发展先进制造业"),
    ]
    assert doc.warnings == ()
    # cq-structure's two levels: the 篇 parts and their 章 chapters
    assert [(p.marker, [m.marker for m in p.measures]) for p in doc.parts] == [
        ("第一篇", ["第一章", "第二章"]), ("第二篇", ["第三章"]),
    ]
    assert [m.key for m in doc.measures()] == ["chapter/1", "chapter/2", "chapter/3"]
    # a section's own sentences stop where its first child starts
    part1, chapter1 = doc.parts[0], doc.measures()[0]
    assert quotes(doc, part1.sentences) == ["总体要求", "“十五五”时期是关键时期。"]
    assert quotes(doc, chapter1.sentences) == ["发展环境"]
    manufacturing = chapter1.children[0].children[0].children[0].children[0].children[0]
    assert quotes(doc, manufacturing.sentences) == ["制造业。", "支持成都发展先进制造业。"]
    assert manufacturing.span.begin == doc.text.index("（1）制造业")
    assert chapter1.span.end == doc.text.index("坚持稳中求进。") + len("坚持稳中求进。")
    assert quotes(doc, doc.preamble.sentences) == ["本纲要阐明全省战略意图。"]


def test_a_chinese_opinion_nests_items_and_sub_items_below_its_measures() -> None:
    doc = seg(
        "关于推进发展的意见\n\n一、总体要求\n\n（一）指导思想。坚持新发展理念。\n\n二、重点任务\n\n（二）建设交通网络。\n\n"
        "1. 建设铁路。加快川藏铁路建设。\n\n（1）成都段。\n\n（2）拉萨段。\n\n2. 建设机场。\n\n（三）保护生态。\n"
    )
    assert outline(doc) == [
        (1, "part", "part/1", "一、", 1, "总体要求"),
        (2, "measure", "measure/1", "（一）", 1, "指导思想"),
        (1, "part", "part/2", "二、", 2, "重点任务"),
        (2, "measure", "measure/2", "（二）", 2, "建设交通网络"),
        (3, "item", "measure/2/item/1", "1.", 1, "建设铁路"),
        (4, "sub-item", "measure/2/item/1/sub-item/1", "（1）", 1, "成都段"),
        (4, "sub-item", "measure/2/item/1/sub-item/2", "（2）", 2, "拉萨段"),
        (3, "item", "measure/2/item/2", "2.", 2, "建设机场"),
        (2, "measure", "measure/3", "（三）", 3, "保护生态"),
    ]
    assert [m.number for m in doc.measures()] == [1, 2, 3]
    assert doc.closing is None and doc.warnings == ()


def test_loose_measures_hold_their_items() -> None:
    doc = seg("关于加强管理的通知\n\n（一）加强领导。各地要落实责任。\n\n1. 建立机制。\n\n2. 加强考核。\n\n（二）强化保障。加大投入。\n")
    assert outline(doc) == [
        (1, "measure", "measure/1", "（一）", 1, "加强领导"),
        (2, "item", "measure/1/item/1", "1.", 1, "建立机制"),
        (2, "item", "measure/1/item/2", "2.", 2, "加强考核"),
        (1, "measure", "measure/2", "（二）", 2, "强化保障"),
    ]
    assert doc.parts == () and [m.key for m in doc.loose_measures] == ["measure/1", "measure/2"]


def test_a_level_may_be_skipped() -> None:
    """A 章 holding 一、 items directly, another holding 节 sections that hold them."""
    doc = seg(
        "规划\n\n第一章 基本任务\n\n一、发展工业。\n\n二、发展农业。\n\n第二章 财政\n\n第一节 财政收入\n\n收入增长。\n\n"
        "第二节 财政支出\n\n一、基本建设拨款。\n\n二、教育事业费。\n"
    )
    assert outline(doc) == [
        (1, "chapter", "chapter/1", "第一章", 1, "基本任务"),
        (2, "measure", "chapter/1/measure/1", "一、", 1, "发展工业"),
        (2, "measure", "chapter/1/measure/2", "二、", 2, "发展农业"),
        (1, "chapter", "chapter/2", "第二章", 2, "财政"),
        (2, "section", "section/1", "第一节", 1, "财政收入"),
        (2, "section", "section/2", "第二节", 2, "财政支出"),
        (3, "measure", "section/2/measure/1", "一、", 1, "基本建设拨款"),
        (3, "measure", "section/2/measure/2", "二、", 2, "教育事业费"),
    ]
    # the sections are numbered continuously (only one chapter has any): keys without the chapter
    assert [m.key for m in doc.measures()] == ["section/1", "section/2"]


# -- English: Part / Chapter / Section / 1. / (1) ---------------------------------------------------


def test_an_english_plan_outline_nests_five_levels() -> None:
    doc = seg(fixture("outline_en.txt"))
    assert outline(doc) == [
        (1, "part", "part/1", "Part 1", 1, "General Requirements"),
        (2, "chapter", "chapter/1", "Chapter 1", 1, "Development Environment"),
        (3, "section", "chapter/1/section/1", "Section 1", 1, "Foundations"),
        (4, "measure", "chapter/1/section/1/measure/1", "1.", 1, "Industry"),
        (5, "item", "chapter/1/section/1/measure/1/item/1", "(1)", 1, "Manufacturing"),
        (5, "item", "chapter/1/section/1/measure/1/item/2", "(2)", 2, "Energy"),
        (4, "measure", "chapter/1/section/1/measure/2", "2.", 2, "Agriculture"),
        (3, "section", "chapter/1/section/2", "Section 2", 2, "Guiding Ideology"),
        (2, "chapter", "chapter/2", "Chapter 2", 2, "Main Goals"),
        (1, "part", "part/2", "Part 2", 2, "Key Tasks"),
        (2, "chapter", "chapter/3", "Chapter 3", 3, "A Modern Industrial System"),
        (3, "section", "chapter/3/section/1", "Section 1", 1, "Advanced Manufacturing"),
    ]
    assert doc.warnings == ()
    assert [(s.role, s.kind) for s in doc.children if s.number is not None] == [("part", "part"), ("part", "part")]
    assert [m.title for m in doc.measures()] == ["Development Environment", "Main Goals", "A Modern Industrial System"]


# -- the queries --------------------------------------------------------------------------------


def select(folder, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    _, rows = run_select(load_release(folder), (pipeline.resources.queries_dir() / f"{name}.rq").read_text())
    return rows


@pytest.fixture(scope="module")
def zh_build(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("outline")
    path = folder / "outline.txt"
    path.write_text(fixture("outline_zh.txt"), encoding="utf-8")
    options = pipeline.Options(output=folder / "out", reports=folder / "reports", release_date=RELEASE_DATE, reasoner="skip")
    return pipeline.build(path, options).single(), folder / "out"


@pytest.fixture(scope="module")
def zh_outline(zh_build):  # type: ignore[no-untyped-def]
    return zh_build[1]


def test_the_summary_names_the_outline_beyond_parts_and_measures(zh_build, release) -> None:
    result, _ = zh_build
    assert result.validation.startswith("conforms")
    assert outline_summary(result.counts) == "2 parts, 3 chapters, 3 sections, 2 measures, 2 items, 4 sub-items (7 levels)"
    bundled, _ = release
    assert outline_summary(bundled.counts) == ""  # parts and measures: the summary line says them


def test_cq_outline_gives_every_section_with_its_parent_level_and_kind(zh_outline) -> None:
    rows = select(zh_outline, "cq-outline")
    base = "https://w3id.org/westdev/id/outline"
    assert len(rows) == 17  # the preamble and the 16 numbered sections
    assert [int(r["begin"].value) for r in rows] == sorted(int(r["begin"].value) for r in rows)
    assert rows[0]["kind"].value == WDC + "preamble" and rows[0]["parent"].value == base and "number" not in rows[0]
    by_key = {r["section"].value.removeprefix(base + "/"): r for r in rows}
    sub = by_key["chapter/1/section/1/measure/1/item/1/sub-item/1/sub-item/2"]
    assert (int(sub["level"].value), sub["kind"].value, int(sub["number"].value), sub["marker"].value, sub["title"].value) == (
        7, WDC + "sub-item", 2, "（2）", "能源业"
    )
    assert sub["parent"].value == f"{base}/chapter/1/section/1/measure/1/item/1/sub-item/1"
    assert sub["document"].value == base
    section = by_key["chapter/3/section/1"]
    assert (int(section["level"].value), section["kind"].value, section["parent"].value) == (3, WDC + "section", f"{base}/chapter/3")
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert all(r["number"].datatype.value == integer and r["level"].datatype.value == integer for r in rows if "number" in r)


def test_cq_structure_gives_the_parts_and_chapters_of_a_plan(zh_outline) -> None:
    rows = select(zh_outline, "cq-structure")
    assert [(int(r["partNumber"].value), r["partTitle"].value, int(r["measureNumber"].value), r["measureTitle"].value) for r in rows] == [
        (1, "总体要求", 1, "发展环境"), (1, "总体要求", 2, "主要目标"), (2, "重点任务", 3, "建设现代化产业体系"),
    ]
    assert rows[0]["measure"].value.endswith("/outline/chapter/1")


def test_cq_outline_over_the_bundled_release(release) -> None:
    """The bundled text: the preamble, 7 parts, 36 measures and the closing, in text order."""
    _, folder = release
    rows = select(folder, "cq-outline")
    base = "https://w3id.org/westdev/id/western-development-2020"
    assert len(rows) == 45
    assert [r["kind"].value.removeprefix(WDC) for r in rows].count("measure") == 36
    assert [(r["kind"].value.removeprefix(WDC), int(r["level"].value)) for r in rows[:4]] == [
        ("preamble", 1), ("part", 1), ("part", 1), ("measure", 2),
    ]
    assert rows[-1]["kind"].value == WDC + "closing" and rows[-1]["parent"].value == base
    sixth = next(r for r in rows if r["section"].value == f"{base}/part/6")
    assert (sixth["marker"].value, int(sixth["number"].value), int(sixth["level"].value)) == ("Sixth,", 6, 1)
    m21 = next(r for r in rows if r["section"].value == f"{base}/measure/21")
    assert (m21["parent"].value, m21["marker"].value, m21["title"].value, int(m21["level"].value)) == (
        f"{base}/part/6", "(21)", "Focus on strengthening public employment and entrepreneurship services", 2
    )
    begins = [int(r["begin"].value) for r in rows]
    assert begins == sorted(begins) and len(set(begins)) == len(begins)
    assert all(isinstance(r["section"], ox.NamedNode) for r in rows)


# -- the real five-year plans (../shared/corpus/real) ------------------------------------------------

# counted by reading the files: the headings ## 第…篇 / **第…篇**, ### 第…章 / **第…章**, #### 第…节
PLANS = {
    "2026-十五五规划纲要.md": (18, 62, 171, {
        (1, "part", "part/1"): "奋力开创中国式现代化建设新局面",
        (1, "part", "part/18"): "加强规划实施保障",
        (2, "chapter", "chapter/17"): "纵深推进全国统一大市场建设",
        (2, "chapter", "chapter/62"): "健全规划实施全周期推进机制",
        (3, "section", "chapter/1/section/1"): "“十四五”时期我国发展取得重大成就",
        (3, "section", "chapter/62/section/4"): "加强规划实施监测评估和监督",
    }),
    "2016-十三五规划纲要.md": (20, 80, 237, {
        (1, "part", "part/4"): "推进农业现代化",
        (1, "part", "part/20"): "强化规划实施保障",
        (2, "chapter", "chapter/20"): "提高农业技术装备和信息化水平",
        (2, "chapter", "chapter/80"): "形成规划实施合力",
        (3, "section", "chapter/6/section/1"): "推动战略前沿领域创新突破",
        (3, "section", "chapter/80/section/4"): "充分调动全社会积极性",
    }),
}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_a_real_five_year_plan_gives_its_parts_chapters_and_sections(shared_corpus, tmp_path, name) -> None:
    parts, chapters, sections, titles = PLANS[name]
    options = pipeline.Options(output=tmp_path / "out", reports=tmp_path / "reports", release_date=RELEASE_DATE, reasoner="skip")
    result = pipeline.build(shared_corpus / "five-year-plans" / name, options).single()
    assert result.validation.startswith("conforms")
    assert outline_summary(result.counts) == f"{parts} parts, {chapters} chapters, {sections} sections (3 levels)"
    doc = result.document
    assert "a table of contents" in doc.source.skipped
    counts = {kind: sum(1 for s in doc.sections() if s.kind == kind) for kind in ("part", "chapter", "section")}
    assert counts == {"part": parts, "chapter": chapters, "section": sections}
    assert {(s.level, s.kind) for s in doc.sections() if s.number is not None} == {(1, "part"), (2, "chapter"), (3, "section")}
    found = {(s.level, s.kind, s.key): s.heading for s in doc.sections()}
    assert {k: found.get(k) for k in titles} == titles
    rows = select(tmp_path / "out", "cq-structure")
    assert len(rows) == chapters
    assert sorted({int(r["partNumber"].value) for r in rows}) == list(range(1, parts + 1))
    assert [int(r["measureNumber"].value) for r in rows] == list(range(1, chapters + 1))
    outline_rows = select(tmp_path / "out", "cq-outline")
    kinds = [r["kind"].value.removeprefix(WDC) for r in outline_rows]
    assert (kinds.count("part"), kinds.count("chapter"), kinds.count("section")) == (parts, chapters, sections)


# -- any depth: composed outlines -----------------------------------------------------------------

# the levels of a Chinese plan and of an English one, each with how it prints number n and its kind
_ZH = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_STYLES = {
    "zh": (
        (
            (lambda n: f"第{_ZH[n]}篇 ", "part"),
            (lambda n: f"第{_ZH[n]}章 ", "chapter"),
            (lambda n: f"第{_ZH[n]}节 ", "section"),
            (lambda n: f"{_ZH[n]}、", "measure"),
            (lambda n: f"（{_ZH[n]}）", "item"),
            (lambda n: f"{n}. ", "sub-item"),
            (lambda n: f"（{n}）", "sub-item"),
        ),
        "发展 建设 保护 改革 开放 创新 治理 保障".split(), "。", ["某省发展规划", "本规划阐明发展战略。"], "坚持稳中求进。",
    ),
    "en": (
        (
            (lambda n: f"Part {n} ", "part"),
            (lambda n: f"Chapter {n} ", "chapter"),
            (lambda n: f"Section {n} ", "section"),
            (lambda n: f"{n}. ", "measure"),
            (lambda n: f"({n}) ", "item"),
        ),
        "Growth Roads Water Reform Opening Innovation Governance Security".split(), ".",
        ["Outline of the Provincial Plan", "This outline sets out the strategy."], "Adhere to steady progress.",
    ),
}


@st.composite
def _outline(draw, style: str):  # type: ignore[no-untyped-def]
    """A plan whose every branch goes down to a random depth (each level present at least once:
    the first branch goes all the way); parts and chapters are numbered through the text, the
    rest again under each parent. Returns the text and the expected (level, kind, number,
    heading) in reading order."""
    levels, words, stop, head, body = _STYLES[style]
    lines, expected = list(head), []
    counters = {0: 0, 1: 0}

    def node(level: int, number: int, spine: bool) -> None:
        heading = f"{draw(st.sampled_from(words))} {draw(st.sampled_from(words))} {len(expected) + 1}"
        heading = heading.replace(" ", "") if style == "zh" else heading
        shown = counters[level] if level < 2 else number
        lines.append(levels[level][0](shown) + heading + (stop if level >= 3 else ""))
        expected.append((level + 1, levels[level][1], shown, heading))
        if draw(st.booleans()):
            lines.append(body)
        if level + 1 < len(levels):
            count = max(1 if spine else 0, draw(st.integers(0, 2)))
            for n in range(1, count + 1):
                if level + 1 < 2:
                    counters[level + 1] += 1
                node(level + 1, n, spine and n == 1)

    for n in range(1, draw(st.integers(1, 3)) + 1):
        counters[0] += 1
        node(0, n, n == 1)
    return "\n\n".join(lines) + "\n", expected


@pytest.mark.parametrize("style", sorted(_STYLES))
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_composed_outlines_of_every_depth_come_out_as_composed(style, data) -> None:  # type: ignore[no-untyped-def]
    """篇 > 章 > 节 > 一、 > （一） > 1. > （1） and Part > Chapter > Section > 1. > (1), any branching."""
    text, expected = data.draw(_outline(style))
    doc = seg(text)
    assert [(s.level, s.kind, s.number, s.heading) for s in doc.sections() if s.number is not None] == expected
    assert doc.warnings == ()
