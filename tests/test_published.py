"""Inputs as published (issue 11, point 1): Markdown with front matter, masking, metadata,
language, Chinese numerals, encodings, work-report subtitles, folders of .md and .txt."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePath

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, XSD

from westdev_kg import language, zh_numerals
from westdev_kg.errors import InputError
from westdev_kg.model import ReleaseInfo
from westdev_kg.pipeline import Options, extract_all, jobs_for
from westdev_kg.segmentation import markdown
from westdev_kg.stages import graph, read, segment

HERE = Path(__file__).parent / "fixtures" / "published"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
WDO = Namespace("https://w3id.org/westdev/ontology#")
RELEASE = ReleaseInfo(base="https://w3id.org/westdev/", tool_version="0", release_version="0")


def _read(name: str):
    return read.read(HERE / name, relative=PurePath(name))


def test_the_masked_copy_has_the_same_length_and_line_breaks_and_blanks_only_markup():
    text = (HERE / "opinions.md").read_text(encoding="utf-8")
    found = markdown.mask(text)
    assert len(found.text) == len(text)
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(found.text) if c == "\n"]
    # every character is either kept or blanked
    assert all(m == c or m == " " for m, c in zip(found.text, text))
    assert "authors:" not in found.text and "[!NOTE]" not in found.text and "新华社" not in found.text
    assert "<details>" not in found.text and "目录" not in found.text and "![" not in found.text
    assert "###" not in found.text and "**" not in found.text
    assert "一、总体要求" in found.text and "（一）加强四川省基础设施建设。" in found.text
    assert found.datelines == ("新华社北京3月25日电",)
    assert found.contents == 1


def test_front_matter_becomes_metadata():
    meta = _read("opinions.md").metadata
    assert meta.title == "中共中央办公厅\u3000国务院办公厅关于推进示范工作的意见（2024年）"
    assert meta.issuers == ("中共中央办公厅", "国务院办公厅")
    assert (meta.date_issued, meta.publication_date, meta.effective_date) == ("2024-03-21", "2024-03-25", "2024-04-01")
    assert meta.link == "https://www.gov.cn/zhengce/202403/content_0000000.htm"
    assert (meta.source, meta.status, meta.tags) == ("中国政府网", "生效", ("意见",))
    assert meta.language == "zh"


def test_a_sidecar_comes_before_the_front_matter():
    meta = _read("with-sidecar.md").metadata
    assert meta.title == "Sidecar Title"  # sidecar
    assert meta.date_issued == "2024-01-01"  # front matter, the sidecar does not say


def test_bad_front_matter_values_are_left_out_with_a_warning():
    src = _read("bad-front.md")
    assert src.metadata.title == "示范意见" and src.metadata.link is None and src.metadata.date_issued is None
    assert any("link" in w and "not an absolute http(s) IRI" in w for w in src.warnings)
    assert any("date" in w and "去年" in w for w in src.warnings)
    broken = _read("not-yaml.md")
    assert broken.metadata.title is None
    assert any("not valid YAML" in w for w in broken.warnings)


def test_markdown_headings_and_bold_headings_are_markers_and_the_notice_is_not_the_title():
    doc = segment.segment(_read("opinions.md"))
    assert doc.title == "关于推进示范工作的意见"
    parts = doc.parts
    assert [(p.number, p.marker, p.heading) for p in parts] == [(1, "一、", "总体要求"), (2, "二、", "重点任务")]
    assert [(m.number, m.marker, m.heading) for m in doc.measures()] == [
        (1, "（一）", "加强四川省基础设施建设"),
        (2, "（二）", "推进重庆市产业发展"),
    ]


def test_evidence_quotes_the_whole_file_exactly():
    path = HERE / "opinions.md"
    raw = path.read_text(encoding="utf-8")
    extraction = extract_all(path, Options(reasoner="skip"))
    g = graph.build_graph(extraction, RELEASE)
    strings = list(g.objects(None, NIF.isString))
    assert [str(s) for s in strings] == [raw]  # front matter included
    spans = list(g.subjects(NIF.anchorOf, None))
    assert spans
    for node in spans:
        begin, end = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
        assert str(g.value(node, NIF.anchorOf)) == raw[begin:end]
    # a bold measure title's quote includes the ** where they fall inside
    heading = [str(g.value(n, NIF.anchorOf)) for n in spans if "加强四川省基础设施建设" in str(g.value(n, NIF.anchorOf))]
    assert any("**" in q for q in heading)


def test_the_graph_records_the_front_matter_and_tags_chinese_as_zh():
    extraction = extract_all(HERE / "opinions.md", Options(reasoner="skip"))
    g = graph.build_graph(extraction, RELEASE)
    doc = next(g.subjects(WDO.hasText, None))
    assert g.value(doc, DCTERMS.language) == URIRef("http://publications.europa.eu/resource/authority/language/ZHO")
    assert {t.language for t in g.objects(doc, DCTERMS.title)} == {"zh"}
    assert g.value(doc, ELI.date_publication) == Literal("2024-03-25", datatype=XSD.date)
    assert g.value(doc, ELI.first_date_entry_in_force) == Literal("2024-04-01", datatype=XSD.date)
    assert g.value(doc, WDO.officialPage) == URIRef("https://www.gov.cn/zhengce/202403/content_0000000.htm")
    assert g.value(doc, WDO.statusAsPublished) == Literal("生效")
    assert set(g.objects(doc, DCTERMS.subject)) == {Literal("意见", lang="zh")}
    assert len(set(g.objects(doc, WDO.issuedBy))) == 2
    headings = [t for s in g.subjects(WDO.number, None) for t in g.objects(s, DCTERMS.title)]
    assert headings and all(t.language == "zh" for t in headings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("中共中央关于推进示范工作的意见", "zh"), ("Opinions on the western region", "en"), ("2024 — 12", "und"),
     ("Opinions 关于推进示范工作的意见 on", "zh")],
)
def test_language_is_detected_from_the_share_of_cjk_characters(text, expected):
    assert language.detect(text) == expected


@pytest.mark.parametrize(
    ("written", "value"),
    [("二〇三五", 2035), ("二○二○", 2020), ("十二", 12), ("一百零五", 105), ("两万", 20000), ("１２３", 123),
     ("1.5万", 15000), ("三点五", 3.5), ("二十", 20)],
)
def test_chinese_numerals_and_full_width_digits(written, value):
    assert zh_numerals.number(written) == pytest.approx(value)


def test_percent_in_words():
    assert [(b, e, float(v)) for b, e, v in zh_numerals.percent("提高百分之十，降低百分之三点五")] == [(2, 6, 10.0), (9, 15, 3.5)]


def test_chinese_chapter_numbers_in_markers():
    from westdev_kg.numbering import find_marker

    line = "第十二章　推进新型城镇化"
    marker = find_marker(line, 0, len(line))
    assert marker is not None and marker.number == 12


def test_utf8_failure_on_chinese_bytes_suggests_gb18030(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("一、总体要求\n\n坚持稳中求进，推动高质量发展。\n".encode("gb18030"))
    with pytest.raises(InputError, match="--encoding gb18030"):
        read.read(path)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 au lait\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read.read(latin)
    assert "gb18030" not in str(info.value)


@pytest.mark.cli
def test_a_work_report_takes_date_region_and_issuer_from_its_subtitle():
    src = _read("reports/四川省/2024.md")
    meta = src.metadata
    assert (meta.date_issued, meta.region, meta.issuers) == ("2024-01-22", "四川省", ("四川省人民政府",))
    doc = segment.segment(src)
    assert doc.title == "政府工作报告"  # the subtitle is metadata, not the title
    assert [p.heading for p in doc.parts] == ["2023年工作回顾", "2024年工作安排"]
    chinese = _read("reports/四川省/2020.md").metadata
    assert chinese.date_issued == "2020-01-15"  # 二〇二〇年一月十五日


@pytest.mark.cli
def test_a_work_report_without_subtitle_takes_its_region_from_the_folder():
    meta = _read("reports/四川省/2019.md").metadata
    assert (meta.region, meta.date_issued) == ("四川省", None)


@pytest.mark.cli
def test_a_folder_of_md_and_txt_files_is_walked_recursively(tmp_path):
    shutil.copytree(HERE / "reports", tmp_path / "reports")
    (tmp_path / "plain.txt").write_text("一、总体要求\n\n坚持稳中求进。\n", encoding="utf-8")
    jobs = jobs_for(tmp_path, Options(reasoner="skip"))
    names = sorted(j.relative.as_posix() for j in jobs)
    assert names == ["plain.txt", "reports/四川省/2019.md", "reports/四川省/2020.md", "reports/四川省/2024.md"]
    assert len({j.slug for j in jobs}) == 4


def test_front_matter_is_read_with_safe_load_only():
    from westdev_kg import frontmatter

    source = (Path(__file__).parents[1] / "westdev_kg" / "frontmatter.py").read_text(encoding="utf-8")
    assert "yaml.safe_load(" in source and "yaml.load(" not in source
    # a tag that would construct an object is refused, never run
    fields, warnings = frontmatter.fields("title: !!python/object/apply:os.system ['false']\n", "x.md")
    assert fields == {} and warnings and "not valid YAML" in warnings[0]


def test_contents_dateline_annex_and_signature_are_not_body_text(tmp_path):
    text = (
        "国民经济和社会发展第十个五年计划纲要\n\n目　录\n\n第一篇　指导方针和目标\n第一章　指导方针\n第二章　主要目标\n"
        "第二篇　经济结构\n第三章　农业\n\n第一篇　指导方针和目标\n\n第一章　指导方针\n\n新华社北京3月12日电　坚持发展。\n\n"
        "第二章　主要目标\n\n经济增长。\n\n第二篇　经济结构\n\n第三章　农业\n\n加强农业。\n\n"
        "中共中央\n国务院\n2001年3月15日\n\n附件：重点工程\n\n一、铁路\n"
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    src = read.read(path)
    assert len(src.body) == len(text)
    assert {"a table of contents", "a dateline", "an annex", "the signature and date"} <= set(src.skipped)
    doc = segment.segment(src)
    assert [(p.number, p.heading) for p in doc.parts] == [(1, "指导方针和目标"), (2, "经济结构")]
    assert [(m.number, m.heading) for m in doc.measures()] == [(1, "指导方针"), (2, "主要目标"), (3, "农业")]
    body = " ".join(s.span.quote(text) for sec in doc.sections() for s in sec.sentences)
    assert "新华社" not in body and "2001年3月15日" not in body and "重点工程" not in body and "国务院" not in body


def test_front_matter_nested_too_deeply_is_ignored_with_a_warning():
    from westdev_kg import frontmatter

    data, warnings = frontmatter.fields("title: " + "[" * 100_000, "deep.md")
    assert data == {} and warnings == ["deep.md: the front matter is nested too deeply to read; it is ignored"]
