"""Chinese names as whole words (issue 11, points 3, 6 and 7): official short forms with their
context rules, coordinate forms naming each member, no name inside a longer word, issuers from
front matter and from a title line, the same IRI and both labels for a reference entity."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from westdev_kg import reference
from westdev_kg.entities import chinese
from westdev_kg.pipeline import Options, extract_all

from .corpus_helpers import requires_corpus

HEAD = "关于推进区域协调发展的意见\n\n"


def _extract(tmp_path: Path, body: str, name: str = "doc.txt", head: str = HEAD):
    path = tmp_path / name
    path.write_text(head + body + "\n", encoding="utf-8")
    return extract_all(path, Options(reasoner="skip"))


def _named(extraction, surface: str) -> set[str]:
    """Every key the mentions whose surface contains ``surface`` name (entity and components)."""
    text = extraction.document.source.text
    out: set[str] = set()
    for m in extraction.mentions:
        if surface in text[m.span.begin : m.span.end]:
            out.update(k for k in (m.entity, *m.components) if k)
    return out


def _all(extraction) -> set[str]:
    return {k for m in extraction.mentions for k in (m.entity, *m.components) if k}


def test_short_forms_of_bodies_and_cities(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n坚持党中央集中统一领导，支持深圳先行示范。国家发展改革委会同住房城乡建设部、"
        "人力资源社会保障部加强指导，重大事项报全国人大常委会。",
    )
    assert "body/cpc-central-committee" in _named(ex, "党中央")
    assert _named(ex, "深圳") == {"region/shenzhen"}
    assert "body/national-development-and-reform-commission" in _named(ex, "国家发展改革委")
    # the ministry of 2008, never the Ministry of Construction abolished that year
    assert _named(ex, "住房城乡建设部") == {"body/ministry-of-housing-and-urban-rural-development"}
    assert "body/ministry-of-construction" not in _all(ex)
    assert "body/ministry-of-human-resources-and-social-security" in _all(ex)
    assert "body/standing-committee-of-the-national-peoples-congress" in _all(ex)


def test_bare_zhongyang_only_in_a_coordination(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n认真贯彻中央、国务院决策部署。中央财政加大投入，中央企业发挥带头作用，"
        "中央和国家机关有关部门按照职责分工落实。",
    )
    hits = [m for m in ex.mentions if m.entity == "body/cpc-central-committee"]
    text = ex.document.source.text
    assert [text[m.span.begin : m.span.end] for m in hits] == ["中央"]
    assert text[hits[0].span.end] == "、"


def test_bare_ndrc_short_form_needs_a_central_document_and_no_local_prefix(tmp_path):
    central = _extract(tmp_path, "一、总体要求\n\n发展改革委要加强统筹协调，各级发展改革委要抓好落实，省发展改革委负责督促。")
    hits = [m for m in central.mentions if m.entity == "body/national-development-and-reform-commission"]
    assert len(hits) == 1
    local = _extract(
        tmp_path,
        "一、总体要求\n\n发展改革委要加强统筹协调。",
        name="local.md",
        head="---\ntitle: 关于推进区域协调发展的意见\nauthors:\n  - 四川省人民政府\n---\n\n# 关于推进区域协调发展的意见\n\n",
    )
    assert "body/national-development-and-reform-commission" not in _all(local)


def test_coordinate_forms_name_each_member(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n推动中西部地区加快发展，促进东中西部协调，深化川渝滇黔合作，支持港澳台青年创业，"
        "推进京津冀协同。",
    )
    assert {"region/central-region", "region/western-region"} <= _named(ex, "中西部地区")
    # 西部地区 inside 中西部地区 is not the western region alone
    text = ex.document.source.text
    assert not [m for m in ex.mentions if text[m.span.begin : m.span.end] == "西部地区"]
    assert {"region/eastern-region", "region/central-region", "region/western-region"} <= _named(ex, "东中西部")
    assert {"region/sichuan", "region/chongqing", "region/yunnan", "region/guizhou"} <= _named(ex, "川渝滇黔")
    assert {"region/hong-kong", "region/macao", "region/taiwan"} <= _named(ex, "港澳台")


def test_a_name_inside_a_longer_word_is_never_a_mention(tmp_path):
    ex = _extract(
        tmp_path,
        "一、总体要求\n\n深化环印度洋地区合作，维护社会长治久安，筑牢祖国北疆安全稳定屏障，发展朝阳产业。",
    )
    found = _all(ex)
    assert "region/india" not in found
    assert "region/changzhi" not in found and "region/chaoyang" not in found
    assert "region/northern-xinjiang" not in found


def test_issuers_from_front_matter_short_forms(tmp_path):
    head = "---\ntitle: 关于加强党风廉政建设的意见\nauthors:\n  - 中共中央纪委\n  - 中共中央\n---\n\n# 关于加强党风廉政建设的意见\n\n"
    ex = _extract(tmp_path, "一、总体要求\n\n各级党组织要加强领导。", name="fm.md", head=head)
    assert ex.issuers == ("body/central-commission-for-discipline-inspection", "body/cpc-central-committee")


@pytest.mark.parametrize("sep", [" ", "\u3000", "、"])
def test_issuers_from_a_chinese_title_line(tmp_path, sep):
    head = f"中共中央{sep}国务院关于推进区域协调发展的意见\n\n"
    ex = _extract(tmp_path, "一、总体要求\n\n各地区各部门要抓好落实。", head=head)
    assert ex.issuers == ("body/cpc-central-committee", "body/state-council")


def test_same_iri_and_both_labels_in_either_language(tmp_path):
    zh = _extract(tmp_path, "一、总体要求\n\n支持深圳和国家发展改革委。", name="zh.txt")
    en = _extract(
        tmp_path, "I. General requirements\n\nThe NDRC shall support Shenzhen.", name="en.txt", head="Opinions on Shenzhen\n\n"
    )
    both = {"region/shenzhen", "body/national-development-and-reform-commission"}
    assert both <= _all(zh) and both <= _all(en)
    ndrc = reference.load()["body/national-development-and-reform-commission"]
    assert ndrc.label_en and ndrc.label_zh == "国家发展和改革委员会"


def test_short_forms_file_names_known_keys_and_each_form_is_attested():
    ref = reference.load()
    rows = list(csv.DictReader((reference.FOLDER / "zh" / "short_forms.csv").open(encoding="utf-8")))
    assert rows and all(k in ref for r in rows for k in r["keys"].split("|"))
    assert all(r["context"] in ("", "coordination", "central-document", "quoted") or r["context"].startswith("not-after:") for r in rows)
    assert set(chinese.abbreviations().values()) == {k for k, e in ref.entities.items() if e.kind in reference.PROVINCIAL_KINDS}
    texts = [p.read_text(encoding="utf-8") for p in requires_corpus().rglob("*.md")]
    unattested = [r["form"] for r in rows if not any(r["form"] in t for t in texts)]
    assert not unattested, unattested


def test_segmenter_start_up_is_bounded():
    begin = time.perf_counter()
    chinese.word_boundaries("党中央、国务院")
    assert time.perf_counter() - begin < 5.0  # about 0.3 s once per process (README dependency table)
