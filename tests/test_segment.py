"""Segmentation stage: text -> Document.

Expected values are marked by hand: titles, headings, sentences and markers are
written out here as literal strings after reading the fixture texts in
``tests/fixtures/segment/``; offsets are located with ``text.index`` of those
hand-chosen strings, never taken from the segmenter's own output.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from westdev_kg.model import Document, DocumentMetadata, SourceText, Span, own_sentences
from westdev_kg.numbering import chinese_number, find_marker, format_numbers, roman_number
from westdev_kg.stages.segment import segment, split_sentences

from .conftest import examples

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "segment"
BUNDLED = ROOT / "corpus" / "western-development-2020.en.txt"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def source(text: str, name: str = "fixture.txt") -> SourceText:
    return SourceText(
        name=name,
        text=text,
        sha256="0" * 64,
        byte_size=len(text.encode("utf-8", "surrogatepass")),
        encoding="utf-8",
        metadata=DocumentMetadata(slug="fixture"),
    )


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seg(text: str) -> Document:
    doc = segment(source(text))
    check_invariants(doc)
    return doc


def quotes(doc: Document, sentences) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.span.quote(doc.text) for s in sentences]


def span_of(text: str, needle: str, start: int = 0) -> Span:
    begin = text.index(needle, start)
    return Span(begin, begin + len(needle))


def check_invariants(doc: Document) -> None:
    """Spans are sane, keys unique, and the sentences of every section tile its text.

    Every non-blank character of the input is claimed exactly once: by the
    title line, a footer, a marker, a part heading (with its dropped full stop)
    or a sentence.  Sections come in reading order without overlapping, and
    no sentence contains a footer.
    """
    text = doc.text
    owner: list[str | None] = [None] * len(text)

    def claim(span: Span, who: str) -> None:
        assert 0 <= span.begin <= span.end <= len(text), (who, span)
        for i in range(span.begin, span.end):
            if not text[i].isspace():
                assert owner[i] is None, f"{who} overlaps {owner[i]} at {i}"
                owner[i] = who

    if doc.title_span is not None:
        assert doc.title is not None and "\r" not in doc.title and "\n" not in doc.title
        claim(doc.title_span, "title")
    if doc.number_span is not None:
        assert doc.title_span is not None and doc.number_span.begin > doc.title_span.end
        assert doc.number == doc.number_span.quote(text)
        claim(doc.number_span, "number")
    for f in doc.footer_spans:
        claim(f, "footer")
    keys: list[str] = []
    previous_end = max(doc.title_span.end if doc.title_span else 0, doc.number_span.end if doc.number_span else 0)
    for section in doc.sections():
        keys.append(section.key)
        sentences = own_sentences(section)
        if section.number is not None:
            claim(section.marker_span, f"{section.key} marker")
            assert section.marker == section.marker_span.quote(text)
            assert "\r" not in section.marker and "\n" not in section.marker
        if section.role == "part":
            assert "\r" not in section.heading and "\n" not in section.heading
            if sentences:  # the heading is the part's first sentence
                assert section.heading_span.begin == sentences[0].span.begin
                assert sentences[0].span.contains(section.heading_span)
                assert section.intro == sentences[1:]
        if section.number is not None and section.role != "part":
            assert "\r" not in section.title and "\n" not in section.title
            if sentences:
                assert section.title_span.begin == sentences[0].span.begin
                assert sentences[0].span.contains(section.title_span)
        for i, s in enumerate(sentences, 1):
            assert s.key == f"{section.key}/sentence/{i}"
            keys.append(s.key)
            q = s.span.quote(text)
            assert q and not q[0].isspace() and not q[-1].isspace(), (s.key, q)
            assert section.span.contains(s.span), (s.key, section.span, s.span)
            assert all(not (f.begin < s.span.end and s.span.begin < f.end) for f in doc.footer_spans)
            claim(s.span, s.key)
        begin = section.marker_span.begin if section.number is not None else section.span.begin
        assert begin >= previous_end, f"{section.key} starts before the previous section ends"
        previous_end = _own_text(text, section)[1] if sentences else max(begin, _own_text(text, section)[0])
    for part in doc.parts:
        for m in part.measures:
            assert part.span.contains(m.span)
    for section in doc.sections():  # the tree nests: one level down, inside its parent, numbered
        for child in section.children:
            assert child.level == section.level + 1 and section.span.contains(child.span), child.key
            assert child.number is not None and child.key.startswith(("part/", "chapter/", "section/", "measure/"))
    assert all(s.level == 1 for s in doc.children)
    assert len(keys) == len(set(keys)), "keys are not unique"
    unclaimed = [i for i, c in enumerate(text) if not c.isspace() and owner[i] is None]
    assert not unclaimed, f"characters in no sentence: {[text[i] for i in unclaimed[:20]]} at {unclaimed[:5]}"
    check_tiling(doc)


def _own_text(text: str, section) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Where a section's own text starts (after its marker or heading) and where its sentences end."""
    sentences = own_sentences(section)
    end = sentences[-1].span.end if sentences else 0
    if section.number is not None:  # a part, a measure or a section of a deeper level
        return section.marker_span.end, end
    return section.span.begin, end


def check_tiling(doc: Document) -> None:
    """The sentences of each section tile its own text, from its start to where the next section starts.

    In between and around them there is only white space and page footers.
    """
    text = doc.text
    sections = doc.sections()
    starts = [s.marker_span.begin if s.number is not None else s.span.begin for s in sections]
    footer = [False] * len(text)
    for f in doc.footer_spans:
        footer[f.begin : f.end] = [True] * (f.end - f.begin)
    for k, section in enumerate(sections):
        begin = _own_text(text, section)[0]
        end = starts[k + 1] if k + 1 < len(sections) else len(text)
        position = begin
        for s in own_sentences(section):
            assert begin <= s.span.begin and s.span.end <= end, (section.key, s.key)
            gap = range(position, s.span.begin)
            assert s.span.begin >= position, f"{s.key} overlaps the sentence before it"
            assert all(text[i].isspace() or footer[i] for i in gap), (s.key, text[position : s.span.begin])
            position = s.span.end
        assert all(text[i].isspace() or footer[i] for i in range(position, end)), (section.key, text[position:end])


# --------------------------------------------------------------------------
# the bundled text
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Document:
    return seg(BUNDLED.read_text(encoding="utf-8"))


def test_bundled_has_seven_parts_and_36_measures(bundled: Document) -> None:
    assert [p.number for p in bundled.parts] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.marker for p in bundled.parts] == ["1.", "2.", "3.", "4.", "5.", "Sixth,", "7."]
    assert [m.number for m in bundled.measures()] == list(range(1, 37))
    assert [m.key for m in bundled.measures()] == [f"measure/{n}" for n in range(1, 37)]
    assert [len(p.measures) for p in bundled.parts] == [0, 7, 6, 3, 4, 8, 8]
    assert bundled.loose_measures == ()
    assert bundled.title is None and bundled.title_span is None
    assert bundled.footer_spans == ()
    assert bundled.warnings == ()


def test_bundled_titles_and_headings(bundled: Document) -> None:
    text = bundled.text
    m = {x.number: x for x in bundled.measures()}
    assert text[m[1].marker_span.end :].lstrip().startswith("Fight three major battles")
    assert m[1].title == "Fight three major battles"
    assert m[1].title_span == span_of(text, "Fight three major battles")
    assert m[1].marker == "(1)" and m[1].marker_span == span_of(text, "(1)")
    assert m[8].title == "Actively participate in and integrate into the “Belt and Road” construction"
    assert m[20].title == "Strive to create a good business environment"
    assert m[29].title == "Classification assessment"
    assert m[36].title == "Organizational security"
    part = {p.number: p for p in bundled.parts}
    assert part[1].heading == "General requirements"
    assert part[6].heading == (
        "insist on taking the people as the center and put the people's sense of gain, "
        "happiness and security in a prominent position"
    )
    assert part[6].marker_span == span_of(text, "Sixth,")
    assert part[3].heading == (
        "Taking the joint construction of the “Belt and Road” as the guide, "
        "increase the opening up of the western region"
    )
    assert part[7].heading == "Strengthen policy support and organizational guarantees"


def test_bundled_preamble_part1_intro_and_closing(bundled: Document) -> None:
    text = bundled.text
    assert bundled.preamble is not None
    pre = quotes(bundled, bundled.preamble.sentences)
    assert pre[0].startswith("Strengthening measures to promote the development of the western region")
    assert pre[-1] == (
        "In order to accelerate the formation of a new pattern for the development of the western region "
        "and promote high-quality development in the western region, the following opinions are now proposed."
    )
    part1 = bundled.parts[0]
    assert part1.measures == ()
    intro = quotes(bundled, part1.intro)
    assert intro[0].startswith("Guided by Xi Jinping's socialist ideology")
    assert any("by 2020" in s and "In 2035" in s for s in intro)
    assert intro[-1] == "Man and nature live in harmony."
    assert part1.span.end == span_of(text, "Man and nature live in harmony.").end
    assert bundled.closing is not None
    closing = quotes(bundled, bundled.closing.sentences)
    assert closing[0].startswith("Under the strong leadership of the Party Central Committee")
    assert closing[-1].endswith("with a greater intensity and stronger measures to form a new pattern.")
    last = bundled.measures()[-1]
    assert quotes(bundled, last.sentences)[-1] == (
        "The eastern and central regions and all sectors of society should continue to support "
        "and participate in the development of the western region."
    )


def test_bundled_sentences_respect_abbreviations(bundled: Document) -> None:
    m4 = quotes(bundled, bundled.measures()[3].sentences)
    assert "Accelerate the exploration, development and utilization of coal bed methane, etc." in m4
    m23 = quotes(bundled, bundled.measures()[22].sentences)
    assert any(s.startswith("Explore the use of artificial intelligence, Internet, etc. to carry out") for s in m23)


# --------------------------------------------------------------------------
# part marker styles
# --------------------------------------------------------------------------


def test_arabic_parts_with_an_ordinal_word_in_the_sequence() -> None:
    doc = seg(fixture("arabic_ordinal.txt"))
    text = doc.text
    assert [(p.key, p.marker, p.heading) for p in doc.parts] == [
        ("part/1", "1.", "General requirements"),
        ("part/2", "2.", "Build the network"),
        ("part/3", "Third,", "strengthen maintenance and management"),
        ("part/4", "4.", "Safeguards"),
    ]
    assert doc.parts[2].marker_span == span_of(text, "Third,")
    assert doc.parts[2].heading_span == span_of(text, "strengthen maintenance and management")
    assert quotes(doc, doc.parts[0].intro) == [
        "By 2025, every village will be reached by a hard-surfaced road.",
        "By 2035, rural roads will be safe and green.",
    ]
    assert [[m.number for m in p.measures] for p in doc.parts] == [[], [1, 2], [3, 4], [5]]
    m = doc.measures()
    assert [x.title for x in m] == [
        "Extend roads to villages",
        "Improve bridges",
        "Fund maintenance",
        "Train workers",
        "Organizational support",
    ]
    assert quotes(doc, m[1].sentences) == [
        "Improve bridges.",
        "Rebuild dangerous bridges, e.g. those built before 1990.",
        "Inspect bridges every 2.5 years.",
    ]
    assert quotes(doc, m[3].sentences) == [
        "Train workers.",
        "Train road workers in every county, etc. and certify them.",
    ]
    first = "Extend roads to villages. Connect every administrative village with a paved road."
    first += " Give priority to poor areas."
    assert m[0].span == Span(text.index("(1)"), span_of(text, first).end)
    assert doc.preamble is not None and quotes(doc, doc.preamble.sentences) == [
        "The State Council hereby issues the following opinions on rural roads.",
        "They apply to all provinces.",
    ]
    assert doc.closing is not None
    assert quotes(doc, doc.closing.sentences) == ["All regions shall act on these opinions in earnest."]
    assert doc.warnings == ()


def test_ordinal_word_that_does_not_fit_the_sequence_is_body_text() -> None:
    text = "1. One\n\n(1) Do a. Now.\n\n2. Two\n\n(2) Do b.\n\nSixth, and more\n\n(3) Do c."
    doc = seg(text)
    assert [p.number for p in doc.parts] == [1, 2]
    assert quotes(doc, doc.parts[1].measures[0].sentences) == ["Do b.", "Sixth, and more"]


def test_ordinal_word_parts() -> None:
    text = (
        "First, general requirements\n\n"
        "(1) Hold the line. First, we will keep the red line.\n\n"
        "Second, main tasks\n\n"
        "First, this paragraph ends a sentence and so is body text.\n\n"
        "(2) Build roads. Roads matter."
    )
    doc = seg(text)
    assert [(p.number, p.marker, p.heading) for p in doc.parts] == [
        (1, "First,", "general requirements"),
        (2, "Second,", "main tasks"),
    ]
    assert quotes(doc, doc.parts[1].intro) == ["First, this paragraph ends a sentence and so is body text."]
    assert [m.title for m in doc.measures()] == ["Hold the line", "Build roads"]


def test_roman_parts_with_numbering_restarting_in_each_part() -> None:
    doc = seg(fixture("roman_restart.txt"))
    assert [(p.key, p.number, p.marker, p.heading) for p in doc.parts] == [
        ("part/1", 1, "I.", "Guiding principles"),
        ("part/2", 2, "II.", "Main tasks"),
    ]
    assert [m.key for m in doc.measures()] == [
        "part/1/measure/1",
        "part/1/measure/2",
        "part/2/measure/1",
        "part/2/measure/2",
        "part/2/measure/3",
    ]
    assert [m.title for m in doc.measures()] == [
        "Put people first",
        "Protect the environment",
        "Build infrastructure",
        "Develop industry",
        "Open up",
    ]
    m = doc.parts[1].measures[0]
    assert m.sentences[1].key == "part/2/measure/1/sentence/2"
    assert quotes(doc, m.sentences) == ["Build infrastructure.", "Expand railways in Sichuan and Yunnan."]
    assert doc.preamble is None and doc.closing is None
    assert doc.warnings == ()


def test_part_and_chapter_words_and_a_title_line() -> None:
    doc = seg(fixture("part_word.txt"))
    text = doc.text
    assert doc.title == "Plan for the Green Development of the Yellow River Basin"
    assert doc.title_span == span_of(text, "Plan for the Green Development of the Yellow River Basin")
    assert [(p.number, p.marker, p.heading) for p in doc.parts] == [
        (1, "Part One", "General Provisions"),
        (2, "Part Two:", "Key Tasks"),
        (3, "Chapter 3", "Implementation"),
    ]
    assert quotes(doc, doc.parts[0].intro) == ["This plan covers nine provinces."]
    assert quotes(doc, doc.parts[2].intro) == ["Provinces report every year."]
    assert [m.key for m in doc.measures()] == ["measure/1", "measure/2"]
    assert doc.preamble is not None
    assert quotes(doc, doc.preamble.sentences) == [
        "The basin is the cradle of Chinese civilisation.",
        "This plan guides its protection.",
    ]
    assert doc.closing is None


CHAPTERS_AND_SECTIONS = """\
Plan for the Ecological Protection of the Yellow River Basin

Chapter 1 Development Background

Section 1 Basic Situation
The Yellow River flows through nine provinces.

Section 2 Challenges
Water resources are scarce.

Chapter 2 Strengthening the Ecological Protection of the Upper Reaches of the River

Section 1 Protecting the Sources of the Three Rivers and the Qilian Mountains in Full
The ministries should protect the sources.
"""


def test_chapters_number_parts_and_sections_number_measures() -> None:
    """The layout of plans and outlines: 第一章 > 第一节, rendered Chapter > Section; a section
    heading has its own line, however long it is, and its text follows on the next line.  The
    chapters are the top level (kind chapter, role part), the sections the second (kind section,
    role measure), numbered again in each chapter."""
    doc = seg(CHAPTERS_AND_SECTIONS)
    assert [(s.kind, s.role, s.level) for s in doc.sections() if s.number is not None] == [
        ("chapter", "part", 1), ("section", "measure", 2), ("section", "measure", 2),
        ("chapter", "part", 1), ("section", "measure", 2),
    ]
    assert [(p.marker, p.heading) for p in doc.parts] == [
        ("Chapter 1", "Development Background"),
        ("Chapter 2", "Strengthening the Ecological Protection of the Upper Reaches of the River"),
    ]
    assert [(m.key, m.marker, m.title) for m in doc.measures()] == [
        ("chapter/1/section/1", "Section 1", "Basic Situation"),
        ("chapter/1/section/2", "Section 2", "Challenges"),
        ("chapter/2/section/1", "Section 1", "Protecting the Sources of the Three Rivers and the Qilian Mountains in Full"),
    ]
    assert quotes(doc, doc.measures()[-1].sentences) == [
        "Protecting the Sources of the Three Rivers and the Qilian Mountains in Full",
        "The ministries should protect the sources.",
    ]
    assert doc.warnings == () and doc.closing is None


def test_chinese_chapters_and_sections() -> None:
    doc = seg("关于生态保护的规划\n\n第一章 总体要求\n\n第一节 指导思想\n坚持新发展理念。\n\n"
              "第二节 主要目标\n到2035年，生态环境根本好转。\n\n第二章 重点任务\n\n第一节 加快发展\n支持四川发展。\n")
    assert [(p.marker, p.heading) for p in doc.parts] == [("第一章", "总体要求"), ("第二章", "重点任务")]
    assert [(m.key, m.title) for m in doc.measures()] == [
        ("chapter/1/section/1", "指导思想"),
        ("chapter/1/section/2", "主要目标"),
        ("chapter/2/section/1", "加快发展"),
    ]


def test_part_chapter_section_gives_three_levels() -> None:
    """Three levels of word headings (篇 > 章 > 节, as in a five-year plan outline): parts at
    level 1, chapters at level 2 (the measure role), sections at level 3 inside their chapter;
    the last chapter keeps all its paragraphs (no closing is cut from it)."""
    text = (
        "Outline of the Plan\n\nPart 1 A New Journey\n\nChapter 1 Environment\n\nSection 1 Achievements\n"
        "The economy grew.\n\nSection 2 Situation\nThe world changes.\n\nPart 2 Innovation\n\n"
        "Chapter 2 Strength\n\nSection 1 Resources\nBuild laboratories.\n\nSection 2 Research\n"
        "By 2025, spending will rise.\n"
    )
    doc = seg(text)
    assert [(p.marker, p.heading) for p in doc.parts] == [("Part 1", "A New Journey"), ("Part 2", "Innovation")]
    assert [(m.key, m.kind, m.level, m.title) for m in doc.measures()] == [
        ("chapter/1", "chapter", 2, "Environment"), ("chapter/2", "chapter", 2, "Strength")
    ]
    last = doc.measures()[-1]
    assert quotes(doc, last.sentences) == ["Strength"]
    assert [(s.key, s.kind, s.level, s.marker, s.title) for s in last.children] == [
        ("chapter/2/section/1", "section", 3, "Section 1", "Resources"),
        ("chapter/2/section/2", "section", 3, "Section 2", "Research"),
    ]
    assert quotes(doc, last.children[1].sentences) == ["Research", "By 2025, spending will rise."]
    assert doc.closing is None
    assert doc.warnings == ()


@pytest.mark.parametrize(
    ("parts", "measures"),
    [(["I.", "II."], ["(I)", "(II)", "(III)", "(IV)"]), (["1.", "2."], ["i.", "ii.", "i.", "ii."])],
)
def test_roman_renderings_of_the_second_level(parts: list[str], measures: list[str]) -> None:
    """（一） rendered "(I)" under "I.", and "i." under "1.": the second level is the measures."""
    m = iter(measures)
    text = (
        f"Opinions on the Central Region\n\n{parts[0]} General Requirements\n\n{next(m)} Guiding ideology. Adhere to it.\n\n"
        f"{next(m)} Goals. By 2025, it will be prosperous.\n\n{parts[1]} Key Tasks\n\n{next(m)} Build industry. "
        f"Support Wuhan.\n\n{next(m)} Open up. Support Zhengzhou.\n"
    )
    doc = seg(text)
    assert [(p.marker, p.heading) for p in doc.parts] == [(parts[0], "General Requirements"), (parts[1], "Key Tasks")]
    assert [(m.marker, m.number, m.title) for m in doc.measures()] == [
        (measures[0], 1, "Guiding ideology"),
        (measures[1], 2, "Goals"),
        (measures[2], 3 if measures[2] == "(III)" else 1, "Build industry"),
        (measures[3], 4 if measures[3] == "(IV)" else 2, "Open up"),
    ]
    assert doc.warnings == ()


def test_part_with_arabic_number() -> None:
    doc = seg("Part 1 Overview\n\n(1) Plan well. Act fast.\n\nPart 2 - Tasks\n\n(2) Build. Maintain.")
    assert [(p.marker, p.heading) for p in doc.parts] == [("Part 1", "Overview"), ("Part 2 -", "Tasks")]
    assert [m.title for m in doc.measures()] == ["Plan well", "Build"]


def test_chinese_markers_with_arabic_items() -> None:
    doc = seg(fixture("chinese.txt"))
    text = doc.text
    assert doc.title == "关于推进西部大开发的指导意见"
    assert [(p.marker, p.heading) for p in doc.parts] == [("一、", "总体要求"), ("二、", "重点任务"), ("三、", "保障措施")]
    assert quotes(doc, doc.parts[0].intro) == ["到2035年，西部地区基本实现社会主义现代化。"]
    m = doc.measures()
    assert [(x.key, x.marker, x.number, x.title) for x in m] == [
        ("measure/1", "（一）", 1, "打好三大攻坚战"),
        ("measure/2", "（二）", 2, "提升创新能力"),
        ("measure/3", "（三）", 3, "加强基础设施建设"),
        ("measure/4", "（四）", 4, "加强组织领导"),
    ]
    assert m[0].title_span == span_of(text, "打好三大攻坚战")
    assert quotes(doc, m[0].sentences) == ["打好三大攻坚战。", "坚决打赢脱贫攻坚战！", "继续推进乡村振兴。"]
    assert quotes(doc, m[1].sentences) == ["提升创新能力。", "具体措施如下："]
    assert [(x.key, x.kind, x.level, x.marker, x.title) for x in m[1].children] == [
        ("measure/2/item/1", "item", 3, "1.", "建设创新平台"),
        ("measure/2/item/2", "item", 3, "2.", "支持高校发展"),
    ]
    assert doc.preamble is not None
    assert quotes(doc, doc.preamble.sentences) == ["各省、自治区、直辖市人民政府：现提出如下意见。"]
    assert doc.closing is not None
    # blank lines separate paragraphs here, so two lines without a stop between them are one paragraph
    assert quotes(doc, doc.closing.sentences) == ["中共中央 国务院\n2020年5月17日"]
    assert doc.warnings == ()


def test_full_width_arabic_measure_markers() -> None:
    doc = seg("一、总体要求\n\n（1）坚持稳中求进。保持经济平稳运行。\n\n（2）坚持改革开放。扩大高水平开放。")
    assert [p.heading for p in doc.parts] == ["总体要求"]
    assert [(m.marker, m.number, m.title) for m in doc.measures()] == [
        ("（1）", 1, "坚持稳中求进"),
        ("（2）", 2, "坚持改革开放"),
    ]


# --------------------------------------------------------------------------
# layout: hard wraps, footers, CRLF, title lines
# --------------------------------------------------------------------------


def test_hard_wrapped_paragraphs_and_page_footers() -> None:
    doc = seg(fixture("hard_wrap.txt"))
    text = doc.text
    assert doc.title == "Opinions on Improving Rural Water Supply"
    assert [f.quote(text) for f in doc.footer_spans] == ["— 1 —", "- 2 -", "-12-", "第 4 页"]
    assert doc.footer_spans[0] == span_of(text, "— 1 —")
    assert doc.preamble is not None
    assert [s.replace("\n  ", " ") for s in quotes(doc, doc.preamble.sentences)] == [
        "The State Council issues these opinions to improve the supply of water "
        "in the rural areas of the western region.",
        "They take effect when they are published.",
    ]
    assert [(p.marker, p.heading) for p in doc.parts] == [("1.", "General requirements"), ("2.", "Main tasks")]
    assert len(doc.parts[0].intro) == 1
    m = doc.measures()
    assert [x.number for x in m] == [1, 2, 3]
    # a title broken over two lines: the string joins them, the span covers the original
    assert m[1].title == "Build supply works for the scattered villages in the mountain areas"
    assert m[1].title_span == span_of(text, "Build supply works for the scattered villages in the mountain\n  areas")
    assert quotes(doc, m[2].sentences) == ["Improve management.", "Set the price of water according to the law."]
    assert doc.closing is not None
    assert quotes(doc, doc.closing.sentences) == ["Provincial governments shall report their progress every year."]


@pytest.mark.parametrize("width", [40, 72])
@pytest.mark.parametrize("style", ["no blank lines", "blank lines", "page footers"])
def test_bundled_text_hard_wrapped_keeps_its_structure(bundled: Document, width: int, style: str) -> None:
    paragraphs = [p.strip() for p in bundled.text.split("\n\n")]
    wrapped = [["  " + line for line in textwrap.wrap(p, width)] for p in paragraphs]
    if style == "blank lines":
        text = "\n\n".join("\n".join(lines) for lines in wrapped)
    else:
        flat = [line for lines in wrapped for line in lines]
        if style == "page footers":  # a footer every 40 lines, often in the middle of a paragraph
            flat = [x for i, ln in enumerate(flat, 1) for x in ([ln, f"— {i // 40} —"] if i % 40 == 0 else [ln])]
        text = "\n".join(flat)
    doc = seg(text)
    assert [p.marker for p in doc.parts] == [p.marker for p in bundled.parts]
    assert [p.heading for p in doc.parts] == [p.heading for p in bundled.parts]
    assert [m.key for m in doc.measures()] == [m.key for m in bundled.measures()]
    cut = []
    for m, expected in zip(doc.measures(), bundled.measures()):
        if m.title != expected.title:  # a footer fell inside the title: it is cut there, with a warning
            assert expected.title.startswith(m.title) and style == "page footers"
            cut.append(f'the title of measure "{m.marker}" is cut short by a page footer')
    assert list(doc.warnings) == cut
    assert doc.closing is not None and doc.closing.span.quote(text).startswith("Under the strong leadership")
    assert len(doc.footer_spans) == (len(text.splitlines()) // 41 if style == "page footers" else 0)


def test_hard_wrapped_chinese_title_joins_without_a_space() -> None:
    text = "一、总体要求\n\n（一）加快建设现代化经济体系\n和基础设施网络。推进\n重大项目。\n\n（二）其他任务。落实。\n"
    doc = seg(text)
    assert [m.title for m in doc.measures()] == ["加快建设现代化经济体系和基础设施网络", "其他任务"]
    assert doc.measures()[0].title_span == span_of(text, "加快建设现代化经济体系\n和基础设施网络")


def test_footer_lines_between_blank_separated_paragraphs() -> None:
    text = "(1) Save water. Use less.\n\n— 7 —\n\n(2) Save energy.\n- 12 -\n(3) Plant trees.\n\n第 3 页\n"
    doc = seg(text)
    assert [f.quote(text) for f in doc.footer_spans] == ["— 7 —", "- 12 -", "第 3 页"]
    assert [quotes(doc, x.sentences) for x in doc.measures()] == [
        ["Save water.", "Use less."],
        ["Save energy."],
        ["Plant trees."],
    ]


def test_page_break_inside_a_paragraph() -> None:
    text = (
        "(1) Protect water sources. Delimit protection zones for all sources\n"
        "of drinking water that serve more than 1,000 people, and monitor\n\n"
        "— 7 —\n\n"
        "them every month. Publish the results.\n\n"
        "(2) Build supply works. Connect the villages to the networks of the\n"
        "towns.\n\n"
        "(3) Improve management. Set the price of water according to the law.\n\n"
        "Provincial governments shall report their progress every year.\n"
    )
    doc = seg(text)
    assert [f.quote(text) for f in doc.footer_spans] == ["— 7 —"]
    m1 = doc.loose_measures[0]
    # the paragraph goes on after the footer, but its sentence is cut there
    assert quotes(doc, m1.sentences) == [
        "Protect water sources.",
        "Delimit protection zones for all sources\nof drinking water that serve more than 1,000 people, and monitor",
        "them every month.",
        "Publish the results.",
    ]
    titles = ["Protect water sources", "Build supply works", "Improve management"]
    assert [m.title for m in doc.loose_measures] == titles
    assert doc.closing is not None
    assert quotes(doc, doc.closing.sentences) == ["Provincial governments shall report their progress every year."]


@pytest.mark.parametrize("name", ["arabic_ordinal.txt", "chinese.txt", "part_word.txt"])
def test_crlf_line_ends_give_the_same_sentences(name: str) -> None:
    lf = seg(fixture(name))
    crlf = seg(fixture(name).replace("\n", "\r\n"))
    assert crlf.title == lf.title
    assert [(p.marker, p.heading) for p in crlf.parts] == [(p.marker, p.heading) for p in lf.parts]
    assert [m.title for m in crlf.measures()] == [m.title for m in lf.measures()]
    for a, b in zip(crlf.sections(), lf.sections()):
        assert a.key == b.key
        assert [q.replace("\r\n", "\n") for q in quotes(crlf, own_sentences(a))] == quotes(lf, own_sentences(b))
    assert crlf.warnings == lf.warnings


def test_crlf_in_hard_wrapped_text() -> None:
    lf = seg(fixture("hard_wrap.txt"))
    crlf = seg(fixture("hard_wrap.txt").replace("\n", "\r\n"))
    assert crlf.title == lf.title
    assert [m.title for m in crlf.measures()] == [m.title for m in lf.measures()]
    assert [f.quote(crlf.text) for f in crlf.footer_spans] == [f.quote(lf.text) for f in lf.footer_spans]
    for a, b in zip(crlf.sections(), lf.sections()):
        assert [q.replace("\r\n", "\n") for q in quotes(crlf, own_sentences(a))] == quotes(lf, own_sentences(b))
    m2 = crlf.measures()[1]
    assert "\r\n" in m2.title_span.quote(crlf.text) and "\r" not in m2.title


@pytest.mark.parametrize("number", ["Guo Fa [2021] No. 12", "Zhong Fa (2020) 10", "国发〔2021〕12号"])
def test_a_document_number_under_the_title_is_the_documents_number(number: str) -> None:
    text = (
        f"Opinions of the State Council on the Central Region\n{number}\n\n"
        "The following opinions are put forward.\n\n1. General requirements\n\n(1) Goals. Grow.\n"
    )
    doc = seg(text)
    assert doc.title == "Opinions of the State Council on the Central Region"
    assert doc.number == number and doc.number_span is not None and doc.number_span.quote(text) == number
    assert doc.preamble is not None and quotes(doc, doc.preamble.sentences) == ["The following opinions are put forward."]


def test_title_line_rules() -> None:
    doc = seg("A Short Title\n\n1. Heading\n\n(1) Do it. Now.")
    assert doc.title == "A Short Title" and doc.preamble is None
    # a first line that ends a sentence is preamble, not a title
    doc = seg("This is the preamble.\n\n1. Heading\n\n(1) Do it.")
    assert doc.title is None and doc.preamble is not None
    # a marker line is never a title
    doc = seg("1. Heading\n\n(1) Do it.")
    assert doc.title is None and len(doc.parts) == 1
    # without a blank line, the first line must read like a title
    doc = seg("Implementation Plan for Rural Roads\nThe plan starts now.\nIt ends later.")
    assert doc.title == "Implementation Plan for Rural Roads"
    doc = seg("Roads and bridges\nThe plan starts now.\nIt ends later.")
    assert doc.title is None


# --------------------------------------------------------------------------
# doubtful input: warnings
# --------------------------------------------------------------------------


def test_text_without_structure_is_a_preamble_with_a_warning() -> None:
    doc = seg(fixture("no_structure.txt"))
    assert doc.parts == () and doc.loose_measures == () and doc.closing is None
    assert doc.preamble is not None
    assert quotes(doc, doc.preamble.sentences) == [
        "This text has no numbered parts.",
        "It talks about roads in Gansu.",
        "It has a second paragraph!",
        "Does it end?",
        "Yes.",
    ]
    assert doc.warnings == ("no parts or measures recognised; the text is kept as a preamble of 5 sentences",)


def test_skipped_and_duplicate_measure_numbers_are_named() -> None:
    doc = seg(fixture("skipped_duplicate.txt"))
    assert doc.parts == ()
    assert [(m.key, m.number, m.title) for m in doc.loose_measures] == [
        ("measure/1", 1, "Build roads"),
        ("measure/2", 2, "Build bridges"),
        ("measure/5", 5, "Build tunnels"),
        ("measure/5-2", 5, "Build ports"),
        ("measure/6", 6, "Build airports"),
    ]
    assert doc.loose_measures[3].sentences[0].key == "measure/5-2/sentence/1"
    assert doc.warnings == ("measure numbers skipped: 3, 4 after 2", "duplicate measure number 5")


def test_skipped_and_duplicate_part_numbers_and_restarted_measures() -> None:
    text = "1. A\n\n(1) X.\n\n(2) Y.\n\n3. B\n\n(1) Z.\n\n(3) W.\n\n3. C\n\n(1) V."
    doc = seg(text)
    assert [p.key for p in doc.parts] == ["part/1", "part/3", "part/3-2"]
    assert [m.key for m in doc.measures()] == [
        "part/1/measure/1",
        "part/1/measure/2",
        "part/3/measure/1",
        "part/3/measure/3",
        "part/3-2/measure/1",
    ]
    assert doc.warnings == (
        "part number skipped: 2 after 1",
        "duplicate part number 3",
        "measure number skipped: 2 after 1 in part 3",
    )


def test_measure_marker_before_the_first_part_stays_in_the_preamble() -> None:
    doc = seg("(1) Stray item.\n\nI. Part one\n\n(1) Real measure.\n\nII. Part two\n\n(2) Another.")
    assert doc.preamble is not None and quotes(doc, doc.preamble.sentences) == ["(1) Stray item."]
    assert [m.key for m in doc.measures()] == ["measure/1", "measure/2"]
    assert doc.warnings == ('measure marker "(1)" before the first part is kept as preamble text',)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\r\n", "(1)", "1.", "一、", "— 3 —", ". . .", "Sixth,"])
def test_degenerate_texts_give_valid_documents(text: str) -> None:
    doc = seg(text)
    assert isinstance(doc, Document)


# --------------------------------------------------------------------------
# numerals and sentences
# --------------------------------------------------------------------------


def test_numerals() -> None:
    assert [chinese_number(s) for s in ["一", "九", "十", "十二", "二十", "二十一", "九十九", "十十", "百"]] == [
        1, 9, 10, 12, 20, 21, 99, None, None,
    ]  # fmt: skip
    assert [roman_number(s) for s in ["I", "IV", "VI", "XII", "XIX", "IIII", "VX", ""]] == [
        1, 4, 6, 12, 19, None, None, None,
    ]  # fmt: skip
    assert format_numbers([4, 5]) == "4, 5"
    assert format_numbers([9, 4, 5, 6, 7]) == "4-7, 9"


@pytest.mark.parametrize(
    ("line", "family", "number", "marker"),
    [
        ("1. General", "arabic-dot", 1, "1."),
        ("12．总体", "arabic-dot", 12, "12．"),
        ("Sixth, insist", "ordinal", 6, "Sixth,"),
        ("IV. Tasks", "roman", 4, "IV."),
        ("Part One General", "part-word", 1, "Part One"),
        ("Chapter 12: Ends", "chapter-word", 12, "Chapter 12:"),
        ("第三章 保障", "chapter-word", 3, "第三章"),
        ("第二篇 创新", "part-word", 2, "第二篇"),
        ("第二部分 任务", "part-word", 2, "第二部分"),
        ("Section Two Challenges", "section-word", 2, "Section Two"),
        ("Section 3: Tasks", "section-word", 3, "Section 3:"),
        ("第十二节 保障", "section-word", 12, "第十二节"),
        ("(IV) Expand opening up", "paren-roman", 4, "(IV)"),
        ("（XII）推进", "paren-roman", 12, "（XII）"),
        ("iii. Goals", "lower-roman", 3, "iii."),
        ("(ii) Goals", "lower-roman", 2, "(ii)"),
        ("ix) Goals", "lower-roman", 9, "ix)"),
        ("二十、附则", "zh-top", 20, "二十、"),
        ("（十一）推进", "zh-paren", 11, "（十一）"),
        ("(36) Organizational", "paren-arabic", 36, "(36)"),
        ("（2）坚持", "paren-arabic", 2, "（2）"),
    ],
)
def test_markers(line: str, family: str, number: int, marker: str) -> None:
    m = find_marker(line, 0, len(line))
    assert m is not None
    assert (m.family, m.number, m.written(line)) == (family, number, marker)


@pytest.mark.parametrize(
    "line",
    ["1.5 million", "2020. The year", "Part of it", "IIII. x", "Firstly, no", "I.e. no", "Sections of the road",
     "i.e. no", "vi.x", "(iiii) no", "civil. no"],
)
def test_not_markers(line: str) -> None:
    assert find_marker(line, 0, len(line)) is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Grow 3.5 percent. Next.", ["Grow 3.5 percent.", "Next."]),
        ("See No. 7 Document. Then act.", ["See No. 7 Document.", "Then act."]),
        ("Trade with the U.S. and Japan. More.", ["Trade with the U.S. and Japan.", "More."]),
        ("Use tools, e.g. Excel. Then stop.", ["Use tools, e.g. Excel.", "Then stop."]),
        ("Coal, gas, etc. Strengthen it.", ["Coal, gas, etc.", "Strengthen it."]),
        ("Coal, gas, etc. to carry out.", ["Coal, gas, etc. to carry out."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("Build the “Belt and Road.” Now.", ["Build the “Belt and Road.”", "Now."]),
        ("Do this; do that. Done.", ["Do this; do that.", "Done."]),
        ("一是建设。二是发展！三是“开放。”完", ["一是建设。", "二是发展！", "三是“开放。”", "完"]),
        ("1. Improve roads. Then more.", ["1. Improve roads.", "Then more."]),
        ("  padded.   ", ["padded."]),
        ("", []),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[b:e] for b, e in split_sentences(paragraph, 0, len(paragraph))] == expected


# --------------------------------------------------------------------------
# every fixture tiles
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_fixture_tiles(name: str, newline: str) -> None:
    seg(fixture(name).replace("\n", newline))


# --------------------------------------------------------------------------
# property tests
# --------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["1.", "(1)", "（一）", "一、", "Sixth,", "I.", "Part 2", "— 3 —", "\n", "\r\n", "\n\n", " ", "。", ". ",
     "Word", "word", "e.g.", "3.5", "\u3000", "\t", "“", "”", "\ufeff", "\u200f", "!", "?"]
)  # fmt: skip


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_any_text_gives_a_valid_document(text: str) -> None:
    seg(text)


_WORDS = ["roads", "water", "green", "trade", "ports", "energy", "schools", "Sichuan", "the", "“Belt and Road”",
          "Xinjiang", "rivers", "grain", "health", "2035", "3.5%", "e.g.", "etc.,"]  # fmt: skip
_HEADING_WORDS = [w for w in _WORDS if not w.endswith((".", ","))]


@st.composite
def composed(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A document of the genre built from blocks, with what must come out of it."""

    def words(lo: int, hi: int, pool: list[str] = _WORDS) -> str:
        return " ".join(draw(st.lists(st.sampled_from(pool), min_size=lo, max_size=hi)))

    def sentence() -> str:
        return f"{words(2, 12).capitalize()}."

    def paragraph() -> str:
        return " ".join(sentence() for _ in range(draw(st.integers(1, 3))))

    part_style = draw(st.sampled_from(["arabic", "roman", "zh", "part", "ordinal", "none"]))
    # "（一）" ranks above "1.", so arabic parts only come with "(1)" or "（1）" measures
    measures_styles = ["paren", "wide"] if part_style in ("arabic", "none") else ["paren", "wide", "zh"]
    measure_style = draw(st.sampled_from(measures_styles))
    restart = draw(st.booleans())
    parts = [draw(st.integers(0, 3)) for _ in range(draw(st.integers(1, 4)))] if part_style != "none" else []
    loose = draw(st.integers(1, 4)) if part_style == "none" else 0
    has_closing = draw(st.booleans()) and (loose > 0 or (parts and parts[-1] > 0))
    paras: list[str] = []
    expect: dict[str, object] = {"parts": [], "measures": []}
    if draw(st.booleans()):
        paras.append(paragraph())
    number = 0

    def add_measure(in_part: bool) -> None:
        nonlocal number
        number += 1
        title = words(1, 5, _HEADING_WORDS).capitalize()
        marker = {"paren": f"({number})", "wide": f"（{number}）", "zh": f"（{_zh(number)}）"}[measure_style]
        rest = " ".join(sentence() for _ in range(draw(st.integers(0, 2))))
        paras.append(f"{marker} {title}. {rest}".rstrip())
        expect["measures"].append((number, title))  # type: ignore[union-attr]

    for p, count in enumerate(parts, 1):
        heading = words(1, 10, _HEADING_WORDS)
        marker = {
            "arabic": f"{p}.",
            "roman": f"{'I II III IV'.split()[p - 1]}.",
            "zh": f"{_zh(p)}、",
            "part": f"Part {p}",
            "ordinal": f"{'First Second Third Fourth'.split()[p - 1]},",
        }[part_style]
        paras.append(f"{marker} {heading}")
        expect["parts"].append((p, heading))  # type: ignore[union-attr]
        if count == 0 or draw(st.booleans()):
            paras.append(paragraph())
        if restart:
            number = 0
        for _ in range(count):
            add_measure(True)
    for _ in range(loose):
        add_measure(False)
    if has_closing:
        paras.append(paragraph())
    layout = draw(st.sampled_from(["blank", "lines", "wrap"]))
    if layout == "wrap" and len(paras) < 3:
        layout = "blank"  # one or two wrapped blocks cannot be told from one-paragraph-per-line text
    text = _lay_out(paras, layout, draw(st.integers(30, 100)), draw(st.booleans()), draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    expect["closing"] = has_closing
    expect["restart"] = restart and sum(1 for c in parts if c) >= 2
    return text, expect


def _zh(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if n <= 10 else f"十{'一二三四五六七八九'[n - 11]}"


def _lay_out(paras: list[str], layout: str, width: int, indent: bool, footers: bool) -> str:
    pad = "  " if indent else ""
    out: list[str] = []
    for i, para in enumerate(paras):
        if layout == "wrap":
            out.append("\n".join(pad + line for line in _wrap(para, width)))
        else:
            out.append(pad + para)
        if footers and i % 2:
            out.append(f"— {i} —")
    return ("\n\n" if layout != "lines" else "\n").join(out) + "\n"


def _wrap(para: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in para.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(composed())
def test_composed_documents_come_out_as_composed(case: tuple[str, dict[str, object]]) -> None:
    text, expect = case
    doc = seg(text)
    assert [(p.number, p.heading) for p in doc.parts] == expect["parts"]
    assert [(m.number, m.title) for m in doc.measures()] == expect["measures"]
    assert (doc.closing is not None) == expect["closing"]
    if expect["restart"]:
        assert all(m.key == f"{p.key}/measure/{m.number}" for p in doc.parts for m in p.measures)
    else:
        numbers = [n for n, _ in expect["measures"]]  # type: ignore[union-attr]
        assert [m.key for m in doc.measures()] == [f"measure/{n}" for n in numbers]
    assert doc.warnings == ()
