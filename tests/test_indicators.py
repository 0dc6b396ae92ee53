"""Indicators as shared concepts and the region whose government sets a target (issue 12,
points 3 and 5): reference/indicators/indicators.csv, analysis/indicators.py, analysis/jurisdiction.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from westdev_kg import pipeline
from westdev_kg.analysis import indicators as indicators_module
from westdev_kg.analysis.indicators import concept_of, indicators
from westdev_kg.language import cjk_share
from westdev_kg.model import Target
from westdev_kg.vocab import WDO

from .release_helpers import answers, build

ROOT = Path(__file__).resolve().parents[1]
PROVINCE = ROOT / "tests" / "fixtures" / "figures" / "province.md"
NATIONAL = ROOT / "tests" / "fixtures" / "figures" / "report.md"


def target(indicator: str, direction: str = "reach", unit: str | None = "%") -> Target:
    return Target(indicator, "1", unit, unit, direction, "exactly")  # type: ignore[arg-type]


def test_the_scheme_lists_the_genres_indicators_in_both_languages():
    rows = indicators()
    keys = {i.key for i in rows}
    assert {"gdp-growth", "cpi-increase", "surveyed-urban-unemployment", "new-urban-jobs", "grain-output",
            "energy-intensity", "carbon-intensity", "forest-coverage", "urbanization-rate", "rd-intensity"} <= keys
    for row in rows:
        assert row.label_en and cjk_share(row.label_zh) > 0.5 and row.source, row.key
        assert row.wordings_zh and row.wordings_en, row.key
        assert all(cjk_share(w) > 0 or w.isascii() for w in row.wordings_zh), row.key


@pytest.mark.parametrize(
    ("wording", "direction", "unit", "key"),
    [
        ("国内生产总值", "increase", "%", "gdp-growth"),  # a growth rate: the change
        ("全省地区生产总值", "increase", "%", "gdp-growth"),  # 全省 only says whose
        ("地区生产总值", "reach", "[CNY]", "gdp"),  # 达46616亿元: the level
        ("城镇新增就业", "increase", None, "new-urban-jobs"),
        ("单位国内生产总值能耗", "decrease", "%", "energy-intensity"),
        ("森林覆盖率", "reach", "%", "forest-coverage"),
        ("常住人口城镇化率", "reach", "%", "urbanization-rate"),
        ("全社会研发经费投入强度", "reach", "%", "rd-intensity"),
        ("water use per unit of GDP", "decrease", "%", "water-use-intensity"),
        ("The forest coverage rate", "reach", "%", "forest-coverage"),
        ("化工产业产值", "reach", "[CNY]", None),  # unknown: the text only, no concept
        ("总量", "reach", "[CNY]", None),  # too bare to be GDP
    ],
)
def test_a_wording_is_linked_to_its_concept(wording, direction, unit, key):
    assert concept_of(target(wording, direction, unit)) == key


def test_a_malformed_scheme_file_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "indicators.csv"
    bad.write_text(
        "key,label_en,label_zh,measure,unit_kind,wordings_zh,wordings_en,source\n"
        "GDP Growth,GDP growth,国内生产总值增长率,change,%,国内生产总值,GDP,NBS\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(indicators_module, "FILE", bad)
    indicators.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"indicators.csv:2"):
            indicators()
    finally:
        indicators.cache_clear()




def test_a_provinces_report_sets_its_targets_and_reports_its_figures_as_its_region(tmp_path):
    out = build(PROVINCE, tmp_path / "province")
    targets = answers(out, "cq-targets")
    assert {r["region"] for r in targets} == {"https://w3id.org/westdev/id/region/sichuan"}
    assert {r["document"] for r in targets} == {"https://w3id.org/westdev/id/province"}
    got = [(r["indicator"], r["value"], r["qualifier"], r["targetYear"], (r["indicatorConcept"] or "").rsplit("/", 1)[-1]) for r in targets]
    assert got == [  # 今年 is 2019: the session line's date (the title says 2018)
        ("地区生产总值", "7.5", "about", "2019", "gdp-growth"),
        ("全社会固定资产投资", "10", "exactly", "2019", "fixed-asset-investment-growth"),
        ("社会消费品零售总额", "10", "exactly", "2019", "retail-sales"),
        ("城乡居民人均可支配收入", "8", "exactly", "2019", "disposable-income-growth"),
        ("城乡居民人均可支配收入", "9", "exactly", "2019", "disposable-income-growth"),
        ("城镇登记失业率", "4.5", "at-most", "2019", "registered-urban-unemployment"),  # 以内 written once, on the last value
        ("调查失业率", "5.5", "at-most", "2019", "surveyed-urban-unemployment"),  # 分别: a name to each value
        ("居民消费价格涨幅", "3", "exactly", "2019", "cpi-increase"),
    ]
    figures = answers(out, "cq-reported-figures")
    assert [(r["indicator"], r["value"], r["startYear"], r["region"].rsplit("/", 1)[-1]) for r in figures][:3] == [
        ("全省地区生产总值", "4000000000000", "2018", "sichuan"),  # 预计…超过4万亿元: 预计 left out of the indicator
        ("全省地区生产总值", "8", "2018", "sichuan"),  # …、增长8%: the same indicator
        ("全社会固定资产投资", "10.2", "2018", "sichuan"),
    ]
    graph = Graph().parse(out / pipeline.DATA_TTL, format="turtle")
    concept = URIRef("https://w3id.org/westdev/id/indicator/gdp-growth")
    assert (concept, RDF.type, SKOS.Concept) in graph
    assert {l.language for l in graph.objects(concept, SKOS.prefLabel)} == {"en", "zh"}
    assert (concept, SKOS.altLabel, Literal("地区生产总值", lang="zh")) in graph
    assert (concept, SKOS.inScheme, URIRef("https://w3id.org/westdev/id/indicators")) in graph


def test_a_national_report_has_no_region(tmp_path):
    out = build(NATIONAL, tmp_path / "national")
    rows = answers(out, "cq-targets") + answers(out, "cq-reported-figures")
    assert rows and all(r["region"] is None for r in rows)
    graph = Graph().parse(out / pipeline.DATA_TTL, format="turtle")
    assert not list(graph.objects(None, WDO.jurisdiction))
