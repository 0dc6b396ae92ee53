"""Goals and quantified targets read in Chinese texts (issue 12, points 1 and 3, Chinese side).

Each sentence is quoted from a real document of ``../shared/corpus/real`` (named above it);
the end-to-end test builds tests/fixtures/zh-goals/plan.md in-process, SHACL included.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from westdev_kg import pipeline
from westdev_kg.vocab import WDO
from westdev_kg.analysis.zh_goals import opening_year, zh_goals
from westdev_kg.analysis import zh_targets
from westdev_kg.analysis.zh_targets import scan_zh_targets, zh_target_year
from westdev_kg.model import Sentence, Span

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "zh-goals" / "plan.md"



def rows(text: str, year: int | None = None) -> list[tuple]:
    """(indicator, value, unit, unit label, qualifier, direction, target year) of each target."""
    return [
        (t.indicator, t.value, t.unit, t.unit_label, t.qualifier, t.direction, t.target_year)
        for t in (f.target for f in scan_zh_targets(text, year))
    ]


# -- targets -----------------------------------------------------------------------------------


def test_a_work_reports_main_expected_targets_one_per_value():
    # provincial-reports/福建省/2012.md (主要预期目标 of the year)
    text = (
        "主要预期目标是：全省生产总值增长7.5%左右；居民消费价格总水平涨幅3%左右；城镇登记失业率控制在5%以内；"
        "城镇居民、农村居民人均可支配收入分别增长7%和8%；单位GDP能耗控制在国家下达的目标内；粮食总产量稳定在500万吨"
    )
    assert rows(text) == [
        ("全省生产总值", "7.5", "%", "%", "about", "increase", None),
        ("居民消费价格总水平", "3", "%", "%", "about", "increase", None),
        ("城镇登记失业率", "5", "%", "%", "at-most", "reach", None),
        ("城镇居民人均可支配收入", "7", "%", "%", "exactly", "increase", None),  # 分别: one name to each value
        ("农村居民人均可支配收入", "8", "%", "%", "exactly", "increase", None),
        ("粮食总产量", "5000000", "t", "万吨", "exactly", "reach", None),  # 万 applied
    ]


def test_respectively_lowered_gives_one_target_per_value():
    # state-council-reports/2021.md (十四五 targets)
    text = "加快发展方式绿色转型，协同推进经济高质量发展和生态环境高水平保护，单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。"
    assert rows(text, 2025) == [
        ("单位国内生产总值能耗", "13.5", "%", "%", "exactly", "decrease", 2025),
        ("单位国内生产总值二氧化碳排放", "18", "%", "%", "exactly", "decrease", 2025),  # the shared 单位国内生产总值
    ]


def test_a_dated_clause_with_scale_and_qualifiers():
    # provincial-reports/福建省 (到2010年 goals of a work report)
    text = "到2010年，服务业增加值突破4000亿元，服务业从业人员占全社会从业人员比重达38％以上"
    assert rows(text) == [
        ("服务业增加值", "400000000000", "[CNY]", "亿元", "over", "reach", 2010),  # 亿 → ×10^8, yuan
        ("服务业从业人员占全社会从业人员比重", "38", "%", "%", "at-least", "reach", 2010),  # full-width ％
    ]


def test_raise_to_from_a_baseline_keeps_only_the_level_reached():
    # provincial-reports: 居家社区养老服务照料中心覆盖率由36.9%提高到80%
    assert rows("居家社区养老服务照料中心覆盖率由36.9%提高到80%") == [
        ("居家社区养老服务照料中心覆盖率", "80", "%", "%", "exactly", "reach", None)
    ]


def test_percentage_points_are_their_own_unit_never_percent():
    # provincial-reports: 力争非公经济占生产总值的比重提高1.2个百分点 (力争: strive, read as at least)
    assert rows("力争非公经济占生产总值的比重提高1.2个百分点") == [
        ("非公经济占生产总值的比重", "1.2", None, "个百分点", "at-least", "increase", None)
    ]


def test_at_most_and_strive():
    # provincial-reports/福建省/2019.md: 力争城镇新增就业50万人，城镇登记失业率控制在4.2%以内
    assert rows("力争城镇新增就业50万人，城镇登记失业率控制在4.2%以内") == [
        ("城镇新增就业", "500000", None, "万人", "at-least", "increase", None),  # 万人 → persons
        ("城镇登记失业率", "4.2", "%", "%", "at-most", "reach", None),
    ]
    # state-council-reports/2021.md: 城镇新增就业1100万人以上
    assert rows("城镇新增就业1100万人以上") == [("城镇新增就业", "11000000", None, "万人", "at-least", "increase", None)]


def test_a_range_keeps_its_lower_bound():
    # provincial-reports/福建省: 全省生产总值增长8-8.5%
    assert rows("全省生产总值增长8-8.5%") == [("全省生产总值", "8", "%", "%", "exactly", "increase", None)]


def test_a_result_compared_with_last_year_is_no_target():
    assert rows("全年地区生产总值比上年增长6%，居民消费价格同比上涨2.1%") == []


def test_target_years_in_chinese_numerals():
    # provincial-reports/福建省/2021.md: 到二〇三五年我国基本实现社会主义现代化之时，…
    assert zh_target_year("到二〇三五年我国基本实现社会主义现代化之时") == 2035
    assert zh_target_year("至2025年底") == 2025
    assert zh_target_year("到2005年", not_before=2024) is None  # history, not a target
    assert opening_year("主要目标是：到2027年，乡村全面振兴取得实质性进展", None) == 2027
    assert opening_year("乡村全面振兴到2027年取得实质性进展", None) is None


# -- goals -------------------------------------------------------------------------------------


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for n, piece in enumerate(text.split("。")[:-1], start=1):
        end = start + len(piece) + 1
        out.append(Sentence(f"part/1/sentence/{n}", Span(start, end)))
        start = end
    return tuple(out)


def test_dated_goals_and_a_year_opening_a_paragraph():
    # central/乡村全面振兴规划（2024—2027年）.md, 主要目标
    text = (
        "主要目标是：到2027年，乡村全面振兴取得实质性进展，农业农村现代化迈上新台阶。"
        "国家粮食安全根基更加稳固，农业综合生产能力稳步提升，确保中国人的饭碗牢牢端在自己手中；乡村产业更加兴旺，实现乡村产业全链条升级。"
        "到2035年，乡村全面振兴取得决定性进展，农业现代化基本实现，农村基本具备现代生活条件。"
    )
    drafts = zh_goals(text, _sentences(text), 2024)
    got = [(text[d.begin : d.end][:12], d.year) for d in drafts]
    assert got == [
        ("主要目标是：到2027年", 2027),
        ("国家粮食安全根基更加稳固", 2027),  # dated by the year opening the paragraph
        ("乡村产业更加兴旺，实现乡", 2027),
        ("到2035年，乡村全面振", 2035),
    ]


def test_topic_headings_and_plain_directives_are_not_goals():
    text = "一、总体要求。加强山水林田湖草系统治理，加快推进重要生态屏障建设。"
    assert zh_goals(text, _sentences(text), 2024) == []


def test_a_target_without_a_year_is_a_goal_only_when_the_sentence_sets_one():
    # five-year-plans/2001-十五计划纲要.md: 生态恶化趋势得到遏制，森林覆盖率提高到18.2%，城市建成区绿化覆盖率提高到35%。
    stated = "生态恶化趋势得到遏制，森林覆盖率提高到18.2%，城市建成区绿化覆盖率提高到35%。"
    assert zh_goals(stated, _sentences(stated), 2001) == []
    aimed = "主要预期目标是：" + stated
    (draft,) = zh_goals(aimed, _sentences(aimed), 2001)
    assert [(t.indicator, t.value, t.direction) for t in draft.targets] == [
        ("森林覆盖率", "18.2", "reach"),
        ("城市建成区绿化覆盖率", "35", "reach"),
    ]


# -- end to end --------------------------------------------------------------------------------


def test_a_chinese_document_builds_with_its_dated_goals_and_targets(tmp_path):
    options = pipeline.Options(output=tmp_path / "out", reports=tmp_path / "reports", release_date="2026-11-27", reasoner="skip")
    result = pipeline.build(FIXTURE, options).single()
    assert result.error is None, result.error  # the graph conforms to the shapes
    extraction = pipeline.extract_all(FIXTURE, pipeline.Options(reasoner="skip"))
    goals = extraction.goals
    assert [g.target_year for g in goals] == [2027, 2027, 2035, 2030, 2030]  # the paragraph's year dates its next sentence
    targets = [(t.indicator, t.value, t.unit_label, t.qualifier, t.direction, t.target_year) for g in goals for t in g.targets]
    assert targets == [
        ("森林覆盖率", "25", "%", "exactly", "reach", 2030),
        ("单位国内生产总值能耗", "13.5", "%", "exactly", "decrease", 2030),
        ("单位国内生产总值二氧化碳排放", "18", "%", "exactly", "decrease", 2030),
        ("城镇登记失业率", "5", "%", "at-most", "reach", 2030),
        ("非公经济占生产总值的比重", "1.2", "个百分点", "at-least", "increase", 2030),
        ("服务业增加值", "400000000000", "亿元", "over", "reach", 2030),
    ]
    graph = Graph().parse(tmp_path / "out" / pipeline.DATA_TTL, format="turtle")
    values = sorted(str(v) for t in graph.subjects(RDF.type, WDO.QuantifiedTarget) for v in graph.objects(t, WDO.value))
    assert values == ["1.2", "13.5", "18", "25", "400000000000", "5"]
    units = {
        str(label): {str(u) for u in graph.objects(t, WDO.unit)}
        for t in graph.subjects(RDF.type, WDO.QuantifiedTarget)
        for label in graph.objects(t, WDO.unitLabel)
    }
    assert units["个百分点"] == set()  # a percentage point is never %: no unit, its label kept
    assert {u.rsplit("/", 1)[-1] for u in units["%"]} == {"PERCENT"}
    assert {u.rsplit("/", 1)[-1] for u in units["亿元"]} == {"CCY_CNY"}


@pytest.mark.parametrize("text", ["到2027年，", "（一）总体要求"])
def test_no_number_no_target(text):
    assert rows(text) == []


def test_a_figure_of_the_review_is_no_goal():
    # provincial-reports/福建省/2021.md (review of the 13th plan): 预期 of 预期寿命 is no goal marker
    text = "医疗机构床位总数增加4.1万张，常住人口人均预期寿命达78.4岁、比全国水平高0.8岁，居民主要健康指标稳居全国前列。"
    assert zh_goals(text, _sentences(text), 2021) == []
    assert ("医疗机构床位总数", "41000", None, "万张", "exactly", "increase", None) in rows(text)


def test_an_undated_target_goal_starts_at_its_target():
    # provincial-reports/福建省/2021.md: …，力争省级以上高新技术企业突破1万家
    text = "完善高技术企业成长加速机制，大力吸引和培育独角兽企业，力争省级以上高新技术企业突破1万家。"
    (draft,) = zh_goals(text, _sentences(text), 2021)
    assert text[draft.begin : draft.end] == "力争省级以上高新技术企业突破1万家"
    assert [(t.value, t.unit_label, t.qualifier, t.direction) for t in draft.targets] == [("10000", "万家", "over", "reach")]


def test_average_annual_is_not_part_of_the_indicator_and_jin_and_mu_are_converted():
    # state-council-reports/2021.md: 全社会研发经费投入年均增长7%以上 / 粮食产量保持在1.3万亿斤以上
    assert rows("全社会研发经费投入年均增长7%以上") == [("全社会研发经费投入", "7", "%", "%", "at-least", "increase", None)]
    # 斤 → kg by 0.5 (issue 12 point 3), the label as written
    assert rows("粮食产量保持在1.3万亿斤以上") == [("粮食产量", "650000000000", "kg", "万亿斤", "at-least", "reach", None)]
    # state-council-reports/2023.md: 新建高标准农田4.56亿亩 — 亩 → m² by 10000/15, to the cent
    (q,) = zh_targets._quantities("新建高标准农田4.56亿亩")
    assert (q.value, q.unit, q.unit_label) == ("304000000000", "m2", "亿亩")
    (q,) = zh_targets._quantities("1亩")  # the factor alone (no quote)
    assert (q.value, q.unit) == ("666.67", "m2")


def test_a_range_is_its_lower_bound_and_its_upper_bound():
    # state-council-reports/2019.md: 国内生产总值增长6%—6.5%; a range written once: 8-8.5%
    found = [(f.target.value, f.target.max_value, f.target.unit_label) for f in scan_zh_targets("国内生产总值增长6%—6.5%；居民消费价格涨幅3%左右")]
    assert found == [("6", "6.5", "%"), ("3", None, "%")]
    assert [(f.target.value, f.target.max_value) for f in scan_zh_targets("地区生产总值增长8-8.5%")] == [("8", "8.5")]


def test_a_baseline_value_and_year_are_read():
    # 由36.9%提高到80% (a level it starts from); 比2020年下降18% (the year a change counts from)
    (up,) = [f.target for f in scan_zh_targets("常住人口城镇化率由36.9%提高到80%")]
    assert (up.indicator, up.value, up.baseline_value, up.direction) == ("常住人口城镇化率", "80", "36.9", "reach")
    (down,) = [f.target for f in scan_zh_targets("单位国内生产总值二氧化碳排放比2020年下降18%")]
    assert (down.indicator, down.value, down.baseline_year, down.direction) == ("单位国内生产总值二氧化碳排放", "18", 2020, "decrease")


def test_this_year_is_the_documents_year():
    # provincial-reports/福建省/2021.md: 今年经济社会发展的主要预期目标是：全省生产总值增长7.5%左右；…
    text = "今年经济社会发展的主要预期目标是：全省生产总值增长7.5%左右；城镇登记失业率控制在5%以内。"
    drafts = zh_goals(text, _sentences(text), 2021)
    assert [(d.year, [(t.value, t.target_year) for t in d.targets]) for d in drafts] == [
        (2021, [("7.5", 2021)]),
        (2021, [("5", 2021)]),
    ]


def test_a_clause_opening_with_a_year_starts_a_dated_goal():
    # five-year-plans/2001-十五计划纲要.md: …，到2005年按2000年价格计算的国内生产总值达到12.5万亿元左右，人均国内生产总值达到9400元
    text = "经济增长速度预期为年均7%左右，到2005年按2000年价格计算的国内生产总值达到12.5万亿元左右，人均国内生产总值达到9400元。"
    (draft,) = zh_goals(text, _sentences(text), None)
    assert draft.year == 2005 and text[draft.begin : draft.end].startswith("到2005年")
    assert [(t.value, t.unit, t.qualifier, t.target_year) for t in draft.targets] == [
        ("12500000000000", "[CNY]", "about", 2005),
        ("9400", "[CNY]", "exactly", 2005),
    ]


def test_a_bare_year_is_no_part_of_the_indicator_and_per_mille_is_kept():
    # five-year-plans/2001-十五计划纲要.md: 人口自然增长率控制在9‰以内，2005年全国总人口控制在13.3亿人以内
    assert rows("人口自然增长率控制在9‰以内，2005年全国总人口控制在13.3亿人以内") == [
        ("人口自然增长率", "9", None, "‰", "at-most", "reach", None),
        ("全国总人口", "1330000000", None, "亿人", "at-most", "reach", None),
    ]


def test_a_result_measured_against_the_years_target_is_no_goal():
    # provincial-reports/福建省/2019.md (review of 2018): 城镇新增就业59.8万人，完成年度目标108.7%
    text = "城镇新增就业59.8万人，完成年度目标108.7%。"
    assert zh_goals(text, _sentences(text), 2019) == []


def test_a_bare_year_after_strive_is_the_target_year():
    # provincial-reports/河南省/2023.md: 力争2025年材料产业规模突破2万亿元
    assert rows("力争2025年材料产业规模突破2万亿元", None) == [("材料产业规模", "2000000000000", "[CNY]", "万亿元", "over", "reach", None)]
    assert [t.target_year for f in scan_zh_targets("力争2025年材料产业规模突破2万亿元", None, 2023) for t in [f.target]] == [2025]
    assert [t.target_year for f in scan_zh_targets("2018年全省生产总值增长8.3%", None, 2019) for t in [f.target]] == [None]


def test_a_goal_without_a_year_of_its_own_takes_its_targets_year():
    # provincial-reports/河南省/2023.md: 力争2025年材料产业规模突破2万亿元
    text = "力争2025年材料产业规模突破2万亿元。"
    (draft,) = zh_goals(text, _sentences(text), 2023)
    assert draft.year == 2025


def test_tonnes_of_standard_coal_are_not_tonnes():
    # five-year-plans/2016-十三五规划纲要.md: 能源消费总量控制在50亿吨标准煤以内
    assert rows("能源消费总量控制在50亿吨标准煤以内") == [
        ("能源消费总量", "5000000000", None, "亿吨标准煤", "at-most", "reach", None)
    ]


def test_a_rate_in_a_list_of_targets_is_set_to_its_value():
    # state-council-reports/2019.md: 城镇新增就业1100万人以上，城镇调查失业率5.5%左右，城镇登记失业率4.5%以内
    assert rows("城镇新增就业1100万人以上，城镇调查失业率5.5%左右，城镇登记失业率4.5%以内") == [
        ("城镇新增就业", "11000000", None, "万人", "at-least", "increase", None),
        ("城镇调查失业率", "5.5", "%", "%", "about", "reach", None),
        ("城镇登记失业率", "4.5", "%", "%", "at-most", "reach", None),
    ]
    assert rows("城镇调查失业率5.5%左右") == []  # alone, a rate with its value is a statement
    # state-council-reports/2019.md: 国内生产总值增长6%—6.5% (a range: its lower bound)
    assert rows("国内生产总值增长6%—6.5%") == [("国内生产总值", "6", "%", "%", "exactly", "increase", None)]


def test_the_end_of_a_five_year_plan_is_its_last_year():
    # provincial-reports (a 十一五 goal): 到“十一五”末，煤炭产能达到1400万吨，油气当量产量突破1000万吨
    assert zh_target_year("到“十四五”末，城乡居民人均可支配收入达到或接近全国平均水平") == 2025
    assert rows("到“十一五”末，煤炭产能达到1400万吨，油气当量产量突破1000万吨") == [
        ("煤炭产能", "14000000", "t", "万吨", "exactly", "reach", 2010),
        ("油气当量产量", "10000000", "t", "万吨", "over", "reach", 2010),
    ]
    text = "到“十一五”末，煤炭产能达到1400万吨，油气当量产量突破1000万吨。"
    assert [d.year for d in zh_goals(text, _sentences(text), None)] == [2010]


def test_a_list_of_targets_after_its_lead_in_is_the_documents_year():
    # provincial-reports/贵州省/2019.md: a lead-in with 今年, then one paragraph per group of targets
    text = (
        "今年经济社会发展的主要预期目标是:\n\n"
        "经济增长目标:地区生产总值增长9%左右、力争超过1.6万亿元。一二三产业分别增长6.8%、9.5%和10%，规模以上工业增加值增长9%。\n\n"
        "当前，世界经济不确定不稳定因素增多，我省城镇新增就业达到70万人。"  # the figure added to show the list has ended
    )
    lines = [Sentence(f"part/1/sentence/{n}", Span(m.start(), m.end())) for n, m in enumerate(re.finditer(r"[^。\n]+。?", text), 1)]
    drafts = zh_goals(text, tuple(lines), 2019)  # sentences cut at 。 and at line ends, as the segmenter does
    got = [(t.indicator, t.value, t.target_year) for d in drafts for t in d.targets]
    assert got == [
        ("地区生产总值", "9", 2019),
        ("地区生产总值", "1600000000000", 2019),  # …、力争超过1.6万亿元: the same indicator
        ("一二三产业", "6.8", 2019),  # no goal marker: a sentence of the list
        ("一二三产业", "9.5", 2019),
        ("一二三产业", "10", 2019),
        ("规模以上工业增加值", "9", 2019),
    ]  # the list ends at a paragraph without a label of its own: 70万人 is no target


def test_this_year_said_before_the_lead_in_dates_the_targets():
    # provincial-reports/甘肃省/2021.md
    text = "今年是现代化建设进程中具有特殊重要性的一年。全省经济社会发展的主要预期目标是：地区生产总值增长6.5%。规上工业增加值增长5%。粮食产量保持在240亿斤。"
    drafts = zh_goals(text, _sentences(text), 2021)
    assert [(t.value, t.unit, t.target_year) for d in drafts for t in d.targets] == [
        ("6.5", "%", 2021), ("5", "%", 2021), ("12000000000", "kg", 2021),
    ]


def test_a_verb_before_its_object_and_more_than_written_between_number_and_unit():
    # state-council-reports/2017.md and provincial-reports/贵州省/2019.md
    rows_ = [(f.target.indicator, f.target.value, f.target.unit, f.target.qualifier, f.target.direction)
             for t in ("减少农村贫困人口110万人", "新建改建高速公路6700多公里", "全员劳动生产率提高到每人7.3万元左右", "光缆线路增加550多万公里")
             for f in scan_zh_targets(t)]
    assert rows_ == [
        ("减少农村贫困人口", "1100000", None, "exactly", "decrease"),
        ("新建改建高速公路", "6700", "km", "over", "increase"),
        ("全员劳动生产率", "73000", "[CNY]", "about", "reach"),  # 每人 left out
        ("光缆线路", "5500000", "km", "over", "increase"),
    ]


def test_a_reports_expected_targets_without_a_year_are_the_reports_year():
    # provincial-reports/云南省/2021.md: neither 今年 nor 2021年 in the lead-in
    text = "综合各方面因素，建议全省经济社会发展主要预期目标是：地区生产总值增长8%以上，粮食产量达到1905万吨。"
    drafts = zh_goals(text, _sentences(text), 2021)
    assert [(t.value, t.unit, t.qualifier, t.target_year) for d in drafts for t in d.targets] == [
        ("8", "%", "at-least", 2021), ("19050000", "t", "exactly", 2021),
    ]


def test_average_annual_and_cumulative_are_the_periods_of_a_value():
    # state-council-reports/2021.md: 全社会研发经费投入年均增长7%以上; 十四五: 单位国内生产总值能耗…累计降低
    found = [(f.target.indicator, f.target.value, f.target.aggregation) for f in scan_zh_targets("全社会研发经费投入年均增长7%以上，单位国内生产总值能耗累计降低13.5%，森林覆盖率达到24.1%")]
    assert found == [
        ("全社会研发经费投入", "7", "average-annual"),  # 年均 is no part of the indicator
        ("单位国内生产总值能耗", "13.5", "cumulative"),
        ("森林覆盖率", "24.1", None),
    ]


def test_a_rate_opening_a_piece_of_the_list_is_a_target():
    # state-council-reports/2026.md: …；城镇调查失业率5.5%左右，城镇新增就业1200万人以上；…；粮食产量1.4万亿斤左右
    text = "今年发展主要预期目标是：经济增长4.5%—5%；城镇调查失业率5.5%左右，城镇新增就业1200万人以上；粮食产量1.4万亿斤左右。"
    drafts = zh_goals(text, _sentences(text), 2026)
    assert [(t.indicator, t.value, t.max_value, t.target_year) for d in drafts for t in d.targets] == [
        ("经济", "4.5", "5", 2026),
        ("城镇调查失业率", "5.5", None, 2026),  # first in its piece: a rate of the list
        ("城镇新增就业", "12000000", None, 2026),
        ("粮食产量", "700000000000", None, 2026),  # 1.4万亿斤 = 7000亿 kg
    ]
    # outside a list, a bare rate opening a piece is no target
    assert zh_goals("城镇调查失业率5.5%左右。", _sentences("城镇调查失业率5.5%左右。"), 2026) == []



def test_respectively_gives_each_value_its_own_name():
    # provincial-reports/贵州省/2019.md, 四川省/2018.md; state-council-reports/2026.md (its review)
    cases = {
        "城镇调查失业率、登记失业率分别控制在5.5%左右和4.2%以内": [("城镇调查失业率", "5.5"), ("登记失业率", "4.2")],
        "城镇、农村居民人均可支配收入分别增长9%左右和10%左右": [("城镇居民人均可支配收入", "9"), ("农村居民人均可支配收入", "10")],
        "新经济、绿色经济、制造业占地区生产总值比重分别提高到20%、42%和25%左右": [
            ("新经济占地区生产总值比重", "20"), ("绿色经济占地区生产总值比重", "42"), ("制造业占地区生产总值比重", "25")],
        "城乡居民人均可支配收入分别增长8%和9%": [("城乡居民人均可支配收入", "8"), ("城乡居民人均可支配收入", "9")],  # one name: kept
        "高技术制造业、装备制造业增加值分别增长9.4%、9.2%": [("高技术制造业增加值", "9.4"), ("装备制造业增加值", "9.2")],
        "一二三产业分别增长6.8%、9.5%和10%": [("一二三产业", "6.8"), ("一二三产业", "9.5"), ("一二三产业", "10")],
    }
    for text, expected in cases.items():
        assert [(f.target.indicator, f.target.value) for f in scan_zh_targets(text)] == expected, text
