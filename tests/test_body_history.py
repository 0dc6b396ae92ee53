"""The State Council's bodies with their history (issue 11, point 4): the data of
``reference/zh/state_council_bodies.csv`` is consistent and sourced, and a name of a body is
linked to the body that bore it at the document's date, or found and left unlinked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from westdev_kg import reference
from westdev_kg.entities import body_history
from westdev_kg.pipeline import Options, extract_all

from .corpus_helpers import requires_corpus

KINDS = {"组成部门", "直属特设机构", "直属机构", "直属事业单位", "国家局"}
MOHURD = "body/ministry-of-housing-and-urban-rural-development"
CONSTRUCTION = "body/ministry-of-construction"
NDRC = "body/national-development-and-reform-commission"
SDPC = "body/state-development-planning-commission"


# -- the data --------------------------------------------------------------------------------


def test_every_row_names_a_reference_body_and_a_plan():
    ref = reference.load()
    plans = body_history.reforms()
    rows = body_history.rows()
    assert len(rows) >= 80
    for row in rows:
        assert row.key in ref.entities and ref.entities[row.key].category == "body", row
        assert not row.successor or row.successor in ref.entities, row
        assert row.kind in KINDS, row
        assert row.sources and all(s in plans for s in row.sources), row
        assert row.valid_from is None or row.valid_from >= 1998 or row.valid_from is None, row
        assert row.valid_from is None or row.valid_to is None or row.valid_from <= row.valid_to, row
        assert row.name_en and row.name


def test_the_reference_label_is_one_of_the_names_of_its_body():
    ref = reference.load()
    for key in body_history.keys():
        assert ref.entities[key].label_zh in {n for r in body_history.rows() if r.key == key for n in r.names}, key


def test_no_name_is_borne_by_two_bodies_in_one_year():
    for name, rows in body_history.by_name().items():
        for year in range(1990, 2031):
            bearers = {r.key for r in rows if r.valid_in(year)}
            assert len(bearers) <= 1, (name, year, bearers)


def test_a_successor_takes_over_in_the_year_its_predecessor_ends():
    by_key: dict[str, list] = {}
    for row in body_history.rows():
        by_key.setdefault(row.key, []).append(row)
    for row in body_history.rows():
        if row.valid_to is None or row.successor not in by_key:
            continue
        assert any(r.valid_in(row.valid_to) for r in by_key[row.successor]), row


def test_the_plans_in_the_corpus_are_named_by_their_file():
    plans = body_history.reforms()
    assert {p for p in plans} == {f"plan-{y}" for y in (1998, 2003, 2008, 2013, 2018, 2023)}
    for plan in plans.values():
        assert plan["approved"].startswith(plan["id"][5:]), plan


@pytest.mark.corpus
def test_the_plans_of_2018_and_2023_say_what_the_rows_say():
    """Every name the rows of plan-2018/plan-2023 end or begin is written in the plan's text
    (组建自然资源部 … 不再保留国土资源部); the plans of 1998-2013 are cited by title and date."""
    real = requires_corpus()
    plans = body_history.reforms()
    for plan_id in ("plan-2018", "plan-2023"):
        text = (real / plans[plan_id]["in_corpus"]).read_text(encoding="utf-8")
        year = int(plan_id[5:])
        for row in body_history.rows():
            changed = row.valid_from == year or row.valid_to == year
            if plan_id in row.sources and changed and row.sure and row.kind != "直属事业单位":
                assert any(n in text for n in row.names), (plan_id, row.name)


@pytest.mark.corpus
def test_every_short_form_is_attested_in_the_corpus():
    real = requires_corpus()
    forms = {f for row in body_history.rows() for f in row.short_forms}
    texts = [p.read_text(encoding="utf-8") for p in sorted(real.rglob("*.md"))]
    missing = sorted(f for f in forms if not any(f in t for t in texts))
    assert not missing


def test_the_data_files_are_not_read_as_entity_files():
    with (reference.FOLDER / "zh" / "state_council_bodies.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:9] == ["key", "name_zh", "short_forms", "name_en", "valid_from", "valid_to", "successor_key", "kind", "source"]
    assert not (reference.FOLDER / "state_council_bodies.csv").exists()


def test_resolve_by_year():
    assert body_history.resolve("国家计委", 1995) == SDPC  # State Planning Commission, kept as the SDPC's alias
    assert body_history.resolve("国家计委", 2000) == SDPC
    assert body_history.resolve("国家计委", 2010) == ""
    assert body_history.resolve("国家发展和改革委员会", 2000) == ""
    assert body_history.resolve("国家发展改革委", 2010) == NDRC
    assert body_history.resolve("广电总局", 2007) == "body/state-administration-of-radio-film-and-television"
    assert body_history.resolve("广电总局", 2025) == "body/national-radio-and-television-administration"
    assert body_history.resolve("广电总局", None) == ""  # borne by two bodies: no date, no link
    assert body_history.resolve("住房城乡建设部", None) == MOHURD


# -- linking by date -------------------------------------------------------------------------


def _extract(tmp_path: Path, body: str, date: str | None):
    head = "---\ntitle: 关于推进城市建设的意见\n" + (f"date: '{date}'\n" if date else "") + "---\n\n关于推进城市建设的意见\n\n"
    path = tmp_path / "doc.md"
    path.write_text(head + body + "\n", encoding="utf-8")
    return extract_all(path, Options(reasoner="skip"))


def _keys(extraction, surface: str) -> set[str]:
    text = extraction.document.source.text
    return {m.entity for m in extraction.mentions if text[m.span.begin : m.span.end] == surface and m.entity}


def _all(extraction) -> set[str]:
    return {k for m in extraction.mentions for k in (m.entity, *m.components) if k}


def _unlinked(extraction) -> str:
    return " ".join(w for w in extraction.warnings if "left unlinked" in w)


# 关于持续推进城市更新行动的意见 (2025-05-02): "住房城乡建设部要发挥牵头作用，会同相关部门加强统筹指导和协调支持"
URBAN = "一、总体要求\n\n{}要发挥牵头作用，会同相关部门加强统筹指导和协调支持。"
# 关于开展工程建设领域突出问题专项治理工作的意见 (2009-08-19), the list of its leading group's members
PROJECTS = "一、组织领导\n\n国家发展改革委、工业和信息化部、公安部、监察部、财政部、国土资源部、环境保护部、住房城乡建设部、交通运输部、铁道部、水利部、中国人民银行参加。"


def test_mohurd_in_2025_and_the_ministry_of_construction_in_2005(tmp_path):
    ex = _extract(tmp_path, URBAN.format("住房城乡建设部"), "2025-05-02")
    assert _keys(ex, "住房城乡建设部") == {MOHURD}
    assert CONSTRUCTION not in _all(ex)
    ex = _extract(tmp_path, URBAN.format("建设部"), "2005-05-02")
    assert _keys(ex, "建设部") == {CONSTRUCTION}
    ex = _extract(tmp_path, URBAN.format("建设部"), "2025-05-02")
    assert not _all(ex) & {CONSTRUCTION, MOHURD}
    assert "建设部 (no body bore the name in 2025)" in _unlinked(ex)
    ex = _extract(tmp_path, URBAN.format("住房城乡建设部"), "2005-05-02")
    assert not _all(ex) & {CONSTRUCTION, MOHURD}  # nor the Ministry of Construction inside the name


def test_the_planning_commission_by_date(tmp_path):
    sentence = "一、总体要求\n\n{}会同财政部加强指导。"
    for name, date, key in (
        ("国家计委", "1995-01-01", SDPC),
        ("国家计委", "2001-01-01", SDPC),
        ("国家发展计划委员会", "2001-01-01", SDPC),
        ("国家发展改革委", "2010-01-01", NDRC),
        ("国家发展和改革委员会", "2025-01-01", NDRC),
    ):
        assert _keys(_extract(tmp_path, sentence.format(name), date), name) == {key}, (name, date)
    for name, date in (("国家计委", "2010-01-01"), ("国家发展和改革委员会", "2001-01-01"), ("国家发展改革委", "2001-01-01")):
        ex = _extract(tmp_path, sentence.format(name), date)
        assert not _all(ex) & {SDPC, NDRC}, (name, date)
        assert name in _unlinked(ex)


def test_bodies_renamed_in_2018(tmp_path):
    ex = _extract(tmp_path, PROJECTS, "2009-08-19")
    assert _keys(ex, "国土资源部") == {"body/ministry-of-land-and-resources"}
    assert _keys(ex, "环境保护部") == {"body/ministry-of-environmental-protection"}
    assert _keys(ex, "监察部") == {"body/ministry-of-supervision"}
    assert _keys(ex, "铁道部") == {"body/ministry-of-railways"}
    assert _keys(ex, "住房城乡建设部") == {MOHURD}
    assert not _unlinked(ex)
    ex = _extract(tmp_path, PROJECTS, "2020-01-01")
    assert not _all(ex) & {"body/ministry-of-land-and-resources", "body/ministry-of-environmental-protection"}
    assert {"国土资源部", "环境保护部", "监察部", "铁道部"} <= {w.split(" (")[0].split(", ")[-1] for w in _unlinked(ex).split(": ", 1)[1].split(", ")}
    ex = _extract(tmp_path, "一、总体要求\n\n自然资源部、生态环境部按职责分工负责。", "2020-01-01")
    assert _keys(ex, "自然资源部") == {"body/ministry-of-natural-resources"}
    assert _keys(ex, "生态环境部") == {"body/ministry-of-ecology-and-environment"}
    ex = _extract(tmp_path, "一、总体要求\n\n自然资源部、生态环境部按职责分工负责。", "2009-01-01")
    assert not _all(ex)


def test_one_short_form_of_two_bodies(tmp_path):
    sentence = "一、总体要求\n\n文化部、广电总局加强指导。"
    assert _keys(_extract(tmp_path, sentence, "2009-12-29"), "广电总局") == {"body/state-administration-of-radio-film-and-television"}
    assert _keys(_extract(tmp_path, "一、总体要求\n\n广电总局加强指导。", "2025-01-01"), "广电总局") == {"body/national-radio-and-television-administration"}
    ex = _extract(tmp_path, "一、总体要求\n\n广电总局加强指导。", None)
    assert not _all(ex)
    assert "广电总局 (borne by several bodies and the document has no date)" in _unlinked(ex)


def test_an_unknown_body_is_found_but_not_linked(tmp_path):
    ex = _extract(tmp_path, "一、总体要求\n\n加强统筹指导（海洋经济部、财政部按职责分工负责）。", "2025-01-01")
    assert _keys(ex, "财政部") == {"body/ministry-of-finance"}
    assert not any("海洋" in ex.document.source.text[m.span.begin : m.span.end] for m in ex.mentions)
    assert "海洋经济部 (not in the reference data)" in _unlinked(ex)


def test_no_body_inside_a_longer_word(tmp_path):
    # 关于党政机关停止新建楼堂馆所和清理办公用房的通知 (2013): 住房城乡建设部门 are departments;
    # 河南省 2016 report: 建设部署 is "construction arrangements"
    ex = _extract(tmp_path, "一、总体要求\n\n住房城乡建设部门要加强对党政机关楼堂馆所建设和维修改造项目的监管。全面贯彻中央和省委廉政建设部署。", "2005-01-01")
    assert not _all(ex) & {CONSTRUCTION, MOHURD}
    assert not _unlinked(ex)


# -- real documents --------------------------------------------------------------------------


def _real(name: str):
    return extract_all(requires_corpus("central") / name, Options(reasoner="skip"))


@pytest.mark.corpus
def test_real_documents_by_their_date():
    ex = _real("关于持续推进城市更新行动的意见.md")  # 2025
    assert _keys(ex, "住房城乡建设部") == {MOHURD}
    assert CONSTRUCTION not in _all(ex)
    ex = _real("关于开展工程建设领域突出问题专项治理工作的意见.md")  # 2009
    assert _keys(ex, "国土资源部") == {"body/ministry-of-land-and-resources"}
    assert _keys(ex, "环境保护部") == {"body/ministry-of-environmental-protection"}
    assert _keys(ex, "住房城乡建设部") == {MOHURD}
    ex = _real("关于在全国农村开展党员干部现代远程教育工作的意见.md")  # 2007
    assert _keys(ex, "国家广电总局") == {"body/state-administration-of-radio-film-and-television"}
    assert _keys(ex, "信息产业部") == {"body/ministry-of-information-industry"}
    ex = _real("关于建立健全党和国家功勋荣誉表彰制度的意见.md")  # 2015
    assert _keys(ex, "国家卫生计生委") == {"body/national-health-and-family-planning-commission"}
    ex = _real("关于党政机关停止新建楼堂馆所和清理办公用房的通知.md")  # 2013: "原国家计委计投资〔1999〕2250号"
    assert SDPC not in _all(ex)
    assert "国家计委 (no body bore the name in 2013)" in _unlinked(ex)


def test_issuers_by_date(tmp_path):
    def issuers(date: str) -> tuple[str, ...]:
        path = tmp_path / "notice.md"
        path.write_text(
            f"---\ntitle: 关于加强廉政文化建设的意见\nauthors:\n  - 文化部\n  - 广电总局\ndate: '{date}'\n---\n\n"
            "关于加强廉政文化建设的意见\n\n一、总体要求\n\n加强廉政文化建设。\n",
            encoding="utf-8",
        )
        return extract_all(path, Options(reasoner="skip")).issuers

    assert set(issuers("2009-12-29")) == {"body/ministry-of-culture", "body/state-administration-of-radio-film-and-television"}
    assert set(issuers("2025-01-01")) == {"body/national-radio-and-television-administration"}
