"""Periods as intervals (issue 12 point 2): five-year plan periods and the years around a document.

The unit cases are the forms of the genre (十四五 quoted or before 时期, 第十四个五年规划, "the
14th Five-Year Plan period", 过去五年, "the next five years"); the end-to-end test builds
tests/fixtures/periods/plan.md and asks cq-goals for the period of each goal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg import pipeline
from westdev_kg.analysis.periods import period_in, plans

from .release_helpers import answers, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "periods" / "plan.md"


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("“十四五”时期，粮食综合生产能力稳步提升", None, (2021, 2025)),
        ("十四五期间，全省", None, (2021, 2025)),
        ("“十五五”时期", None, (2026, 2030)),
        ("《中华人民共和国国民经济和社会发展第十三个五年规划纲要》", None, (2016, 2020)),
        ("During the 14th Five-Year Plan period, the province will", None, (2021, 2025)),
        ("in the Fourteenth Five-Year Plan", None, (2021, 2025)),
        ("过去五年，全省生产总值年均增长6.5%", 2023, (2018, 2022)),
        ("In the next five years, we will", 2023, (2023, 2027)),
        ("“三五”时期", None, (1966, 1970)),  # the 3rd plan came after the 1963-1965 adjustment, not in 1963
    ],
)
def test_a_period_is_the_years_it_names(text, year, expected):
    found = period_in(text, year)
    assert found is not None and (found.start, found.end) == expected
    assert text[found.begin : found.stop].strip("“”《》")  # where it is named


@pytest.mark.parametrize(
    "text",
    [
        "十五年来，全省",  # fifteen years, not the 10th plan
        "到“十四五”末，基本形成",  # the plan's last year, a target year, not the period
        "by the end of the 14th Five-Year Plan period",
        "过去五年，全省",  # relative to the document: no year, no period
        "全省生产总值增长6%",
    ],
)
def test_what_is_no_period(text):
    assert period_in(text, None) is None


def test_the_plans_follow_each_other_without_overlap():
    years = sorted(plans().values())
    assert years[0] == (1953, 1957) and plans()[14] == (2021, 2025)
    assert all(end - start == 4 for start, end in years)
    assert all(b[0] > a[1] for a, b in zip(years, years[1:]))


def test_cq_goals_gives_the_period_of_a_goal_and_none_for_history(tmp_path):
    rows = answers(build(FIXTURE, tmp_path), "cq-goals")  # the graph conforms to the shapes (wds:IntervalShape)
    by_text = {r["goalText"]: r for r in rows}
    dated = [r for r in rows if r["periodStart"] is not None]
    assert [(r["periodStart"], r["periodEnd"]) for r in dated] == [("2021", "2025")]
    assert "数字经济核心产业增加值" in dated[0]["goalText"]
    # the 13th plan was over in 2022: history, not a goal's period; 到“十四五”末 is a year
    assert not [t for t in by_text if "年均增长7%" in t and by_text[t]["periodStart"]]
    assert any(r["targetYear"] == "2025" and r["periodStart"] is None for r in rows)


# -- years counted from the document's (issue 12 point 2) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("到明年底，全面完成老旧小区改造任务", 2023, 2024),
        ("到今年底，基本建成", 2023, 2023),
        ("至后年，", 2023, 2025),
        ("到2027年，", 2023, 2027),
        ("到明年底，全面完成", None, None),  # no document year, no target year
        ("明年是关键之年", 2023, None),  # no 到/至: a statement, not a target year
    ],
)
def test_chinese_years_counted_from_the_document(text, year, expected):
    from westdev_kg.analysis.zh_goals import opening_year

    assert opening_year(text, year) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("By the end of next year, the system will be in place.", 2023, 2024),
        ("by the end of this year", 2023, 2023),
        ("By 2027, the system will be in place.", 2023, 2027),
        ("By the end of next year, the system will be in place.", None, None),
        ("Next year will be decisive.", 2023, None),
    ],
)
def test_english_years_counted_from_the_document(text, year, expected):
    from westdev_kg.analysis.targets import target_year

    assert target_year(text, year) == expected


def test_a_goal_by_the_end_of_next_year_is_dated_in_a_built_document(tmp_path):
    text = tmp_path / "plan.md"
    text.write_text(
        "---\ntitle: 关于加快推进老旧小区改造的通知\ndate: '2023-04-01'\n---\n\n## 关于加快推进老旧小区改造的通知\n\n"
        "一、工作目标\n\n到明年底，全面完成2000年底前建成的老旧小区改造任务，改造率达到100%。\n",
        encoding="utf-8",
    )
    extraction = pipeline.extract_all(text, pipeline.Options(reasoner="skip"))
    assert [g.target_year for g in extraction.goals] == [2024]
    assert [t.target_year for g in extraction.goals for t in g.targets] == [2024]


def test_an_english_goal_by_the_end_of_next_year_is_dated():
    from westdev_kg.analysis import clauses
    from westdev_kg.analysis.goals import dated_goals

    text = "By the end of next year, the province will complete the reform of water prices."
    found = dated_goals(text, [("s", clauses.clauses_of(text, "s", 0, len(text)))], 2023, set())
    assert [(d.year, text[d.begin : d.end]) for d in found] == [(2024, text[:-1])]
