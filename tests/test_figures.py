"""Figures reported about past years are results, not targets (issue 12, point 4).

The sentences are quoted from real work reports of ``../shared/corpus/real`` (named above
them); tests/fixtures/figures/report.md is composed of sentences of
state-council-reports/2019.md (its review, its 主要预期目标, a budget sentence) and builds
end to end, SHACL included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg import pipeline, query
from westdev_kg.analysis.zh_figures import past_years, review_years, zh_figures
from westdev_kg.model import Sentence, Span

from .release_helpers import answers, build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "figures" / "report.md"


def figures(text: str, doc_year: int | None = 2019, review=None, taken=()) -> list[tuple]:
    sentence = Sentence("part/1/sentence/1", Span(0, len(text)))
    return [
        (d.quantity.indicator, d.quantity.value, d.quantity.unit_label, d.quantity.direction, d.years)
        for d in zh_figures(text, (sentence,), doc_year, review, list(taken))
    ]


def test_a_sentence_opening_with_last_year_reports_figures_of_that_year():
    # provincial-reports/四川省/2019.md (delivered in 2020)
    text = "去年，我们全面贯彻落实习近平总书记对四川工作系列重要指示精神。全省地区生产总值达46616亿元、增长7.5%，全社会固定资产投资增长10.2%。"
    first = "去年，我们全面贯彻落实习近平总书记对四川工作系列重要指示精神。"
    sentences = (Sentence("s/1", Span(0, len(first))), Sentence("s/2", Span(len(first), len(text))))
    found = [(d.quantity.indicator, d.quantity.value, d.quantity.unit_label, d.years) for d in zh_figures(text, sentences, 2020, None, [])]
    assert found == [
        ("全省地区生产总值", "4661600000000", "亿元", (2019, 2019)),  # 亿 applied; the paragraph's 去年 dates it
        ("全省地区生产总值", "7.5", "%", (2019, 2019)),  # the second value of the same indicator
        ("全社会固定资产投资", "10.2", "%", (2019, 2019)),
    ]


def test_five_years_and_a_plan_period_are_ranges_of_years():
    # state-council-reports/2026.md: 过去5年 … 居民人均可支配收入年均增长5.4%
    assert figures("过去5年，居民人均可支配收入年均增长5.4%，人均预期寿命提高到79.25岁。", 2026) == [
        ("居民人均可支配收入", "5.4", "%", "increase", (2021, 2025)),
        ("人均预期寿命", "79.25", "岁", "reach", (2021, 2025)),
    ]
    assert past_years("“十三五”时期，全省经济总量…", 2021) == (2016, 2020)
    assert past_years("2017年末，城镇化率达到58.5%", 2019) == (2017, 2017)
    assert past_years("到2020年，城镇化率达到60%", 2019) is None  # a target year, not a past one
    assert past_years("今年，国内生产总值增长6%", 2019) is None


def test_a_reviewing_heading_dates_its_section():
    assert review_years("一、2018年工作回顾", 2019) == (2018, 2018)
    assert review_years("二、关于2019年工作", 2020) == (2019, 2019)
    assert review_years("过去五年工作回顾", 2018) == (2013, 2017)
    assert review_years("四、关于2020年重点工作安排建议", 2020) is None  # the year ahead
    assert review_years("三、2019年政府工作任务", 2019) is None
    # in a review, a sentence without a time word is the reviewed year's
    assert figures("单位国内生产总值能耗下降3.1%。", 2019, review=(2018, 2018)) == [
        ("单位国内生产总值能耗", "3.1", "%", "decrease", (2018, 2018))
    ]


def test_a_comparison_with_last_year_is_a_result_unless_the_sentence_plans():
    # state-council-reports/2019.md and 2026.md
    assert figures("全国一般公共预算收入比上年增长6.2%。", 2019) == [("全国一般公共预算收入", "6.2", "%", "increase", (2018, 2018))]
    assert figures("今年拟安排财政赤字2.76万亿元，比上年增加3800亿元。", 2019) == []  # this year's budget
    assert figures("国内生产总值增长6%—6.5%。", 2019) == []  # no time word, no review: not a result


def test_a_target_is_never_a_figure():
    text = "去年，国内生产总值增长6.6%。"
    assert figures(text, 2019) == [("国内生产总值", "6.6", "%", "increase", (2018, 2018))]
    assert figures(text, 2019, taken=[Span(3, 14)]) == []  # the span of a target found there


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(FIXTURE, tmp_path_factory.mktemp("figures"))


def test_a_work_report_builds_its_results_and_its_targets_apart(built):
    figures_ = answers(built, "cq-reported-figures")
    got = [(r["indicator"], r["value"], r["unitLabel"], r["startYear"], r["endYear"]) for r in figures_]
    assert got == [
        ("国内生产总值", "6.6", "%", "2018", "2018"),
        ("总量", "90000000000000", "万亿元", "2018", "2018"),
        ("居民消费价格", "2.1", "%", "2018", "2018"),
        ("城镇新增就业", "13610000", "万人", "2018", "2018"),
        ("调查失业率", "5", "%", "2018", "2018"),
        ("单位国内生产总值能耗", "3.1", "%", "2018", "2018"),
        ("粮食产量", "600000000000", "万亿斤", "2014", "2018"),  # 过去五年: the five years before 2019; 斤 → 0.5 kg
        ("全国一般公共预算收入", "6.2", "%", "2018", "2018"),  # 去年 … 比上年
    ]
    assert all(r["document"].endswith("/id/report") for r in figures_)
    targets = [(r["indicator"], r["value"], r["targetYear"]) for r in answers(built, "cq-targets")]
    assert targets == [  # 今年 is the report's year, from its date line (no metadata date)
        ("国内生产总值", "6", "2019"),
        ("城镇新增就业", "11000000", "2019"),
        ("城镇调查失业率", "5.5", "2019"),
        ("居民消费价格", "3", "2019"),
        ("单位国内生产总值能耗", "3", "2019"),
    ]
    ranges = {r["indicator"]: (r["value"], r["maxValue"]) for r in answers(built, "cq-targets")}
    assert ranges["国内生产总值"] == ("6", "6.5")  # 6%—6.5%: the lower and the upper bound
    assert ranges["城镇新增就业"] == ("11000000", None)
    store = query.load_release(built)
    both = "PREFIX wdo: <https://w3id.org/westdev/ontology#> ASK { ?x a wdo:ReportedFigure , wdo:QuantifiedTarget }"
    assert not bool(store.query(both))


def test_the_year_just_past_and_a_second_value_of_the_same_subject():
    # provincial-reports/甘肃省/2021.md; state-council-reports/2017.md
    assert past_years("刚刚过去的2020年，面对突如其来的新冠肺炎疫情", 2021) == (2020, 2020)
    text = "国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅。"
    assert figures(text, 2017, review=(2016, 2016)) == [
        ("国内生产总值", "74400000000000", "万亿元", "reach", (2016, 2016)),
        ("国内生产总值", "6.7", "%", "increase", (2016, 2016)),  # …，增长6.7%: the same subject
    ]
    assert figures("年末城镇登记失业率4.02%，为多年来最低。", 2017, review=(2016, 2016)) == [
        ("年末城镇登记失业率", "4.02", "%", "reach", (2016, 2016))  # a rate stated is a result's level
    ]


def test_an_english_sentence_about_a_past_year_reports_figures_not_targets(tmp_path):
    from westdev_kg.analysis.figures_en import past_years as english_past

    assert english_past("In 2019, GDP grew by 6.1%.", 2020) == (2019, 2019)
    assert english_past("At the end of 2017, the urbanization rate reached 52%.", 2020) == (2017, 2017)
    assert english_past("Over the past five years, 50 airports were built.", 2018) == (2013, 2017)
    assert english_past("In 2035, the urbanization rate will reach 65%.", 2020) is None  # a target year
    text = (
        "Opinions on the western region\n\n"
        "1. Achievements\n\n"
        "In 2019, the GDP of the western region grew by 6.7% and the urbanization rate reached 54.1%.\n\n"
        "2. Targets\n\n"
        "By 2025, raise the urbanization rate of the western region to 60%.\n"
    )
    path = tmp_path / "opinions.en.txt"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "opinions.en.meta.toml").write_text('slug = "opinions"\ndate_issued = 2020-05-17\nlanguage = "en"\n', encoding="utf-8")
    extraction = pipeline.extract_all(path, pipeline.Options(reasoner="skip"))
    figures_ = [(f.quantity.indicator, f.quantity.value, f.start_year, f.quantity.concept) for f in extraction.figures]
    assert figures_ == [
        ("GDP of the western region", "6.7", 2019, None),
        ("urbanization rate", "54.1", 2019, "urbanization-rate"),
    ]
    targets = [(t.indicator, t.value, t.target_year) for g in extraction.goals for t in g.targets]
    assert targets == [("urbanization rate of the western region", "60", 2025)]



def test_already_is_no_part_of_the_indicator():
    # provincial-reports/浙江省/2001.md (its review): 互联网注册上网用户已达到45万户
    assert figures("去年，互联网注册上网用户已达到45万户。", 2001) == [("互联网注册上网用户", "450000", "万户", "reach", (2000, 2000))]


def test_a_past_year_inside_a_sentence_that_plans_nothing_states_a_figure(tmp_path):
    """'… had a resident population of about 12 million at the end of 2019' states a fact of
    2019, not a target (issue 12's finding); the same sentence with 'will' plans."""
    from westdev_kg import pipeline

    text = tmp_path / "plan.en.txt"
    text.write_text(
        "Opinions on the Province\n\n1. General requirements\n\n"
        "The province had a resident population of about 12 million at the end of 2019. "
        "By 2027, the forest coverage rate will reach 25%, up from 20% at the end of 2019.\n",
        encoding="utf-8",
    )
    (tmp_path / "plan.en.meta.toml").write_text('language = "en"\ndate_issued = "2023-03-01"\n', encoding="utf-8")
    extraction = pipeline.extract_all(text, pipeline.Options(reasoner="skip"))
    figures = [(f.quantity.indicator, f.quantity.value, f.start_year, f.end_year) for f in extraction.figures]
    assert figures == [("a resident population", "12000000", 2019, 2019)]
    targets = [(t.indicator, t.value, t.target_year) for g in extraction.goals for t in g.targets]
    assert targets == [("forest coverage rate", "25", 2027)]
