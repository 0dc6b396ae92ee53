"""Dated goals in English and Chinese (issue 12, point 1): a year that opens a paragraph dates the
paragraph's later sentences; a description of the situation is no goal; a heading is a goal only
when it states an objective.  Small made-up sentences, and the composed English plan
tests/fixtures/goals/water-plan.en.txt built end to end (years and goal counts only: the
direction of "16% lower than in 2022" is tests/test_targets.py's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg.analysis.clauses import clauses_of
from westdev_kg.analysis.goal_cues import heading_is_goal, is_situation, looks_back, paragraph_years
from westdev_kg.analysis.goals import dated_goals, list_items, region_goals
from westdev_kg.analysis.zh_goals import is_situation as zh_is_situation
from westdev_kg.analysis.zh_goals import zh_goals
from westdev_kg.model import Sentence, Span
from westdev_kg.pipeline import Options, extract_all

from .test_zh_goals import _sentences

ROOT = Path(__file__).resolve().parents[1]
WATER = ROOT / "tests" / "fixtures" / "goals" / "water-plan.en.txt"


def _english(text: str) -> list[tuple[str, list]]:
    """Sentences cut at ". " and at line ends, with their clauses."""
    out, start, n = [], 0, 0
    while start < len(text):
        while start < len(text) and text[start] in " \n":
            start += 1
        if start >= len(text):
            break
        stop = min([i for i in (text.find(". ", start), text.find(".\n", start)) if i >= 0], default=len(text) - 1)
        n += 1
        key = f"part/1/sentence/{n}"
        out.append((key, clauses_of(text, key, start, stop + 1)))
        start = stop + 1
    return out


def _region(text: str, not_before: int = 2023) -> list[tuple[str, int | None]]:
    drafts, _ = region_goals(text, _english(text), not_before)
    return [(text[d.begin : d.end], d.year) for d in drafts]


# -- English ----------------------------------------------------------------------------------


def test_a_year_opening_a_paragraph_dates_its_later_sentences():
    text = (
        "By 2027, a modern system of grain storage will have taken shape. "
        "Losses per unit of grain will be 20% lower than in 2022; the storage capacity will be improved. "
        "By 2035, a modern grain system will be basically completed."
    )
    assert [year for _, year in _region(text)] == [2027, 2027, 2027, 2035]
    sentences = _english(text)
    assert list(paragraph_years(text, sentences, 2023).values()) == [2027, 2027, 2035]


@pytest.mark.parametrize("lead", ["The main objectives are: by", "Main goals: By", "By"])
def test_a_goal_lead_may_stand_before_the_opening_year(lead):
    text = f"{lead} 2025, the water system will be improved; water use will be cut by 10%. Floods will be controlled."
    got = _region(text)
    assert [year for _, year in got] == [2025, 2025, 2025]
    assert got[1] == ("water use will be cut by 10%", 2025) and got[2] == ("Floods will be controlled", 2025)
    drafts = dated_goals(text, _english(text), 2023, skip=set())
    assert [d.year for d in drafts] == [2025, 2025, 2025]  # the lead itself is no goal
    assert drafts[1].targets[0].target_year == 2025


def test_a_command_in_a_dated_paragraph_stays_an_action():
    text = "By 2027, the system will take shape. We will strengthen supervision and ensure safety."
    drafts, goal_only = region_goals(text, _english(text), 2023)
    assert [(text[d.begin : d.end], d.year) for d in drafts] == [("By 2027, the system will take shape", 2027)]
    assert goal_only == {"part/1/sentence/1/clause/1"}


def test_a_time_without_a_year_ends_the_dating():
    text = (
        "By 2035, the system will be completed. Floods will be controlled. "
        "By the middle of this century, a strong country will be built. Farmers will be rich."
    )
    assert list(paragraph_years(text, _english(text), 2023).values()) == [2035, 2035, None, None]
    assert [year for _, year in _region(text)] == [2035, 2035, None, None]  # goals still, without a year


def test_a_year_inside_a_paragraph_does_not_date_the_sentences_after_it():
    # the year opens no paragraph: "Adhere to …" comes first; the sentence after it is no goal
    text = "Adhere to the new concept. By 2027, the system will have taken shape. Farmers will plant trees."
    assert paragraph_years(text, _english(text), 2023) == {}
    text2 = "Adhere to the new concept.\nBy 2027, the system will have taken shape. Farmers will plant trees."
    assert list(paragraph_years(text2, _english(text2), 2023).values()) == [2027, 2027]


def test_a_new_paragraph_ends_the_dating():
    text = "By 2027, the system will have taken shape.\nFarmers will plant trees with a loan of 20 million yuan."
    sentences = _english(text)
    assert list(paragraph_years(text, sentences, 2023)) == ["part/1/sentence/1"]
    drafts = dated_goals(text, sentences, 2023, skip=set())
    assert [(d.year, d.explicit_year) for d in drafts] == [(2027, True), (None, False)]


def test_in_a_measure_the_paragraph_year_dates_the_targets_of_later_sentences():
    text = "By 2030, the basins will be restored. The wetland area will reach 800 thousand hectares."
    drafts = dated_goals(text, _english(text), 2023, skip=set())
    assert [d.year for d in drafts] == [2030, 2030]
    assert drafts[1].targets[0].target_year == 2030


def test_a_year_before_the_document_opens_no_dated_paragraph():
    text = "By 2020, poverty had been eliminated. Incomes will be raised."
    assert paragraph_years(text, _english(text), 2023) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "At present, changes not seen in a century are unfolding.",
        "The world is undergoing profound changes.",
        "Currently, the water situation is facing new challenges.",
    ],
)
def test_descriptions_of_the_situation_are_not_goals(sentence):
    assert is_situation(sentence)
    text = "By 2027, the system will have taken shape. " + sentence
    assert _region(text) == [("By 2027, the system will have taken shape", 2027)]


def test_a_goal_is_no_description():
    assert not is_situation("By 2035, a modern water network will be basically completed.")
    assert not is_situation("Ensure that the presentation of results is improved.")


# -- Chinese ----------------------------------------------------------------------------------


def _zh(text: str) -> tuple[Sentence, ...]:
    return _sentences(text)  # one sentence a 。, as tests/test_zh_goals.py cuts them


def test_chinese_descriptions_in_a_dated_paragraph_are_not_goals():
    text = "到2027年，粮食储备体系基本建成。当前，粮食安全正处于新的阶段；仓储能力明显提升。"
    got = [(text[d.begin : d.end], d.year) for d in zh_goals(text, _zh(text), 2024)]
    assert got == [("到2027年，粮食储备体系基本建成", 2027), ("仓储能力明显提升", 2027)]


def test_chinese_a_time_without_a_year_ends_the_dating():
    text = "到2035年，粮食储备体系全面建成。仓储能力明显提升。到本世纪中叶，粮食强国全面建成。储备充足。"
    got = [(text[d.begin : d.end], d.year) for d in zh_goals(text, _zh(text), 2024)]
    assert got == [("到2035年，粮食储备体系全面建成", 2035), ("仓储能力明显提升", 2035)]


@pytest.mark.parametrize(
    ("piece", "situation"),
    [
        ("当前，外部环境正处于深刻变化之中", True),
        ("目前已建立全国统一的交易市场", True),
        ("我国发展面临着新的风险挑战", True),
        ("世界百年未有之大变局加速演进", True),
        ("到2030年，解决当前突出问题的机制更加健全", False),  # 当前 not opening the piece
        ("乡村治理更加有效", False),
    ],
)
def test_chinese_situation_words(piece, situation):
    assert zh_is_situation(piece) is situation


def test_chinese_headings_are_no_goals_unless_dated():
    text = "二、主要任务。（一）到2027年，建成现代粮食储备体系。"
    (goal,) = zh_goals(text, _zh(text), 2024)  # 二、主要任务 names a topic: no goal
    assert text[goal.begin : goal.end].endswith("到2027年，建成现代粮食储备体系") and goal.year == 2027


# -- the composed English plan, end to end ------------------------------------------------------


@pytest.fixture(scope="module")
def water():
    return extract_all(WATER, Options(reasoner="skip"))


def test_the_composed_plan_dates_every_goal_of_its_dated_paragraph(water):
    dated = [(g.section, g.target_year) for g in water.goals if g.target_year is not None]
    assert dated == [("part/1", 2027)] * 4 + [("part/1", 2035)] * 2
    text = water.document.text
    quantified = [g for g in water.goals if g.targets]
    assert [(text[g.span.begin : g.span.end].split()[0], g.target_year) for g in quantified] == [("Water", 2027), ("the", 2027)]
    assert all(t.target_year == 2027 for g in quantified for t in g.targets)


def test_the_composed_plans_description_and_topic_heading_are_no_goals(water):
    text = water.document.text
    goals = [text[g.span.begin : g.span.end] for g in water.goals]
    assert not any("century" in g or "arduous" in g or "challenges" in g for g in goals)
    assert "Organizational guarantees" not in goals  # a heading that only names a topic
    assert "Save water in agriculture" in goals  # a heading that states an objective


def test_a_second_indicator_set_the_same_way_is_a_target():
    # made up in the form of 确保粮食播种面积稳定在17.5亿亩左右、谷物面积14.5亿亩左右
    from westdev_kg.analysis.zh_targets import scan_zh_targets

    text = "确保果园面积稳定在2.5亿亩左右、茶园面积0.5亿亩"
    got = [(f.target.indicator, f.target.value, f.target.unit_label, f.target.qualifier, f.target.direction) for f in scan_zh_targets(text)]
    # 亩 converted to m² (× 10000/15, to the cent), the label as written
    assert got == [("果园面积", "166666666666.67", "亿亩", "about", "reach"), ("茶园面积", "33333333333.33", "亿亩", "exactly", "reach")]
    assert scan_zh_targets("确保果园面积稳定在2.5亿亩左右，茶园面积0.5亿亩")[1:] == []  # another clause: no verb governs it


# -- work reports: a list of the year's targets, headings that look back --------------------------


def test_a_list_of_targets_for_this_year_gives_one_goal_per_item_dated_by_the_document():
    text = (
        "The main projected targets for development this year are: GDP growth of around 5 percent; "
        "a surveyed urban unemployment rate of around 5.5 percent; and a CPI increase of around 3 percent."
    )
    drafts, goal_only = region_goals(text, _english(text), 2024)
    assert [(text[d.begin : d.end], d.year) for d in drafts] == [
        ("GDP growth of around 5 percent", 2024),
        ("a surveyed urban unemployment rate of around 5.5 percent", 2024),
        ("a CPI increase of around 3 percent", 2024),
    ]
    assert [t.target_year for d in drafts for t in d.targets] == [2024, 2024, 2024]
    assert goal_only == {"part/1/sentence/1/clause/1"}


def test_a_colon_without_a_list_lead_makes_no_list():
    text = "The tasks are clear: strengthen supervision, improve services."
    assert list_items(text, _english(text)[0][1][0]) == []
    text2 = "The main goals are: water security, flood control and clean rivers."
    assert [text2[b:e] for b, e in list_items(text2, _english(text2)[0][1][0])] == ["water security", "flood control and clean rivers"]


def test_this_year_is_the_documents_year_only_without_a_year_of_its_own():
    text = "This year, the grain output will stay above 650 million tonnes. By 2027, 40 new reservoirs will be built."
    drafts = dated_goals(text, _english(text), 2024, skip=set())
    assert [d.year for d in drafts] == [2024, 2027]
    assert [d.year for d in dated_goals(text, _english(text), None, skip=set())] == [None, 2027]


@pytest.mark.parametrize(
    ("heading", "back"),
    [
        ("A review of our work in 2023", True),
        ("Looking back on the past five years", True),
        ("Work in 2023", True),
        ("Strengthen the review of major projects", False),  # a measure title: an objective
        ("Build a modern water network by 2027", False),
        ("Consolidate the achievements of poverty alleviation", False),
    ],
)
def test_headings_that_look_back_are_no_goals(heading, back):
    assert looks_back(heading, 2024) is back


def test_a_work_report_review_heading_gives_no_goal(tmp_path):
    report = tmp_path / "report.en.txt"
    report.write_text(
        "Report on the Work of the Government (composed test text)\n\n1. A review of our work in 2023\n\n"
        "Last year, the gross domestic product grew by 5.2 percent.\n\n2. Policy priorities for 2024\n\n"
        "The main projected targets for development this year are: GDP growth of around 5 percent; "
        "and a CPI increase of around 3 percent.\n",
        encoding="utf-8",
    )
    (tmp_path / "report.en.meta.toml").write_text(
        'slug = "report"\ntitle = "Report on the Work of the Government (composed test text)"\n'
        'issuers = ["State Council"]\ndate_issued = 2024-03-05\nlanguage = "en"\nsource = "composed"\n',
        encoding="utf-8",
    )
    goals = extract_all(report, Options(reasoner="skip")).goals
    assert [(g.section, g.target_year, len(g.targets)) for g in goals] == [("part/2", 2024, 1), ("part/2", 2024, 1)]


@pytest.mark.parametrize(
    ("heading", "goal"),
    [
        ("Policy priorities for 2024", False),  # a topic, its year set aside
        ("Financial support", False),
        ("Main objectives", False),
        ("A review of our work in 2023", False),
        ("Save water in agriculture", True),
        ("Build clean energy bases by 2030", True),
    ],
)
def test_a_heading_is_a_goal_only_when_it_states_an_objective(heading, goal):
    assert heading_is_goal(heading, 2024) is goal


def test_a_later_year_in_a_sentence_dates_the_clauses_after_it():
    text = (
        "The main goals are: By 2029, the care network will be basically established, and services will be enhanced; "
        "by 2035, the network will be more sound, and all elderly people will enjoy basic care."
    )
    assert [year for _, year in _region(text, 2024)] == [2029, 2029, 2035, 2035]


def test_a_year_at_the_end_of_a_clause_dates_the_quantified_clauses_after_it_up_to_a_semicolon():
    text = (
        "The number of nursing beds will reach 5 million by 2030, and the share of nursing beds will be raised to 65 percent; "
        "the number of care workers will reach 2 million."
    )
    drafts = dated_goals(text, _english(text), 2024, skip=set())
    assert [(d.year, d.explicit_year) for d in drafts] == [(2030, True), (2030, False), (None, False)]
    assert [t.target_year for d in drafts for t in d.targets] == [2030, 2030, None]


# -- Chinese work reports: the year's expected targets ----------------------------------------------


def test_a_work_reports_expected_targets_are_the_reports_year():
    from westdev_kg.analysis.zh_goals import is_annual

    assert is_annual("2023年政府工作报告") and not is_annual("关于深化养老服务改革发展的意见")
    text = "经济社会发展的主要预期目标建议为：地区生产总值增长6%左右，居民消费价格涨幅3%左右。"
    (annual,) = zh_goals(text, _zh(text), 2023, annual=True)
    assert annual.year == 2023 and [t.target_year for t in annual.targets] == [2023, 2023]
    (opinion,) = zh_goals(text, _zh(text), 2023)  # not a work report: no year
    assert opinion.year is None


def test_a_paragraph_opening_with_the_reports_year_dates_its_expected_targets():
    text = "2023年是关键一年。全省主要目标是：地区生产总值增长6%左右。"
    assert [d.year for d in zh_goals(text, _zh(text), 2023, annual=True)] == [2023]
    assert [d.year for d in zh_goals(text, _zh(text), 2024, annual=True)] == [None]  # another year: not the report's


def test_a_result_beside_expected_targets_is_not_dated():
    # made up in the form of a review: 城镇新增就业980万人，超过预期目标；…分别实际增长7.7%和6.8%
    text = "城镇新增就业98万人，超过预期目标；农村居民人均纯收入分别实际增长7.7%和6.8%。"
    goals = zh_goals(text, _zh(text), 2005, annual=True)  # 目标 before it makes it a goal (an older rule)
    assert [(text[d.begin : d.end], d.year) for d in goals] == [("农村居民人均纯收入分别实际增长7.7%和6.8%", None)]
