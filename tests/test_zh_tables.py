"""Quantified targets of plans' indicator tables (issue 12 point 3: 约束性 / 预期性, 年均 / 累计).

tests/fixtures/tables/plan.md is made up in the form of the 14th five-year plans' indicator
table (类别 | 指标 | 2020年 | 2025年 | 年均/累计 | 属性); the real one of the 1st plan (1953, the
corpus's only table of planned output) is read too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg import pipeline
from westdev_kg.analysis.zh_tables import table_goals
from westdev_kg.model import Sentence, Span

from .corpus_helpers import requires_corpus
from .release_helpers import answers, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "tables" / "plan.md"


def rows_of(text: str, year: int | None):
    sentences, pos = [], 0
    for n, line in enumerate(text.split("\n")):
        if line:
            sentences.append(Sentence(f"s/{n}", Span(pos, pos + len(line))))
        pos += len(line) + 1
    return [
        (t.indicator, t.value, t.unit, t.direction, t.qualifier, t.aggregation, t.bindingness, t.baseline_year, t.baseline_value, d.year)
        for d in table_goals(text, tuple(sentences), year) for t in d.targets
    ]


def test_a_five_year_plans_indicator_table_gives_one_target_a_row():
    text = FIXTURE.read_text(encoding="utf-8").split("一、主要目标")[1].split("二、")[0]
    assert rows_of(text, 2021) == [
        ("常住人口城镇化率", "65", "%", "reach", "exactly", None, "expected", 2020, "60.6", 2025),
        ("全社会研发经费投入增长", "7", "%", "increase", "over", "average-annual", "expected", None, None, 2025),
        ("城镇调查失业率", "5.5", "%", "reach", "at-most", None, "expected", 2020, "5.2", 2025),
        ("单位地区生产总值能源消耗降低", "13.5", "%", "decrease", "exactly", "cumulative", "binding", None, None, 2025),
        ("森林覆盖率", "24.1", "%", "reach", "exactly", None, "binding", 2020, "23.2", 2025),
        ("粮食综合生产能力", "30000000", "t", "reach", "over", None, "binding", None, None, 2025),  # 万 from the indicator's unit
    ]


def test_a_table_of_past_years_plans_nothing():
    text = "| 指标 | 2015年 | 2020年 |\n| --- | --- | --- |\n| 地区生产总值（亿元） | 30000 | 40000 |\n"
    assert rows_of(text, 2021) == []
    assert rows_of(text, None) == []  # no document year, no word that plans: not read
    planned = "| 产品名称 | 1952年产量 | 1957年计划产量 |\n| --- | --- | --- |\n| 原油 | 43.6万吨 | 201.2万吨 |\n"
    assert rows_of(planned, None) == [("原油", "2012000", "t", "reach", "exactly", None, None, 1952, "436000", 1957)]


def test_cq_targets_gives_the_bindingness_of_a_built_plan(tmp_path):
    rows = {(r["indicator"], r["bindingness"], r["targetYear"]) for r in answers(build(FIXTURE, tmp_path), "cq-targets")}
    assert ("森林覆盖率", "binding", "2025") in rows and ("常住人口城镇化率", "expected", "2025") in rows
    assert not [r for r in rows if r[0].startswith("地区生产总值")]  # the past table is no target


@pytest.mark.corpus
def test_the_first_five_year_plans_output_table_is_read():
    plans = requires_corpus("five-year-plans")
    extraction = pipeline.extract_all(plans / "1953-一五计划.md", pipeline.Options(reasoner="skip"))
    found = {(t.indicator, t.value, t.unit_label, t.target_year) for g in extraction.goals for t in g.targets}
    assert ("原油", "2012000", "万吨", 1957) in found and ("钢", "4120000", "万吨", 1957) in found
