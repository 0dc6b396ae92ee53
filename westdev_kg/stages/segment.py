"""Stage 2 — segment: a decoded text becomes a :class:`~westdev_kg.model.Document`.

:func:`segment` is pure: no I/O, no logging, and it returns a valid document
for any string.  What it doubts goes into ``Document.warnings`` as one-line
sentences.  Offsets are code-point indices into ``source.text`` as given.

Algorithm
---------
1. **Lines.**  The text is cut at ``\\r\\n``, ``\\r`` and ``\\n``; a line's
   content never includes its line break, its leading indentation or its
   trailing blanks.  A line is *blank*, a *footer* (a page number on its own:
   ``— 7 —``, ``- 12 -``, ``-12-``, ``第 3 页``, ``第3页 共10页``, ``Page 3 of 9``,
   ``3 / 10``) or *text*.  Footers are recorded in ``footer_spans``; no
   sentence ever contains one.  A footer ends the paragraph, except in wrap
   mode when the line before it is full and ends no sentence and the line
   after it starts in lower case: the paragraph then goes on, but its
   sentence is cut at the footer (a span cannot skip it).
2. **Layout.**  When blank lines separate paragraphs (three runs of text
   lines or more between blank lines; page footers do not separate), a run
   of several lines is one hard-wrapped paragraph (*wrap mode*).  Otherwise
   the lines that are followed by another line vote: a line that ends a
   sentence votes for *line mode* (every line is a paragraph), one that does
   not votes for wrap mode, and a marker line without a stop (a heading, or
   the first line of a wrapped paragraph) votes for wrap mode only when the
   next line starts in lower case; a second run adds one vote for wrap mode,
   and line mode needs a strict majority (or no votes at all).  In wrap mode
   lines join into paragraphs; a paragraph ends at a blank or footer line;
   after a line that ends a sentence when the next line opens with any
   marker; before a line that opens with a marker fitting the numbering
   sequence; and, unless the next line starts in lower case, after a line
   opening with a word marker (``Part 2``, ``Chapter 3``, ``Section 1``: a
   heading, however long) when the next line ends a sentence, after a
   *short* line (shorter than 70 % of the median wrapped-line width) or a
   line that had room for the next line's first word within the wrapping
   limit (a greedy wrapper would have put it there; the limit is the widest
   line followed by a line in lower case, which certainly goes on).
3. **Markers** (:mod:`westdev_kg.numbering`) are looked for at the start of
   every text line.  A family is a *level* when it has a marker numbered 1
   (or at least three markers).  Levels are ordered by rank (Chinese
   convention: 一、 > （一） > 1. > （1）; ``Part`` (篇, 部分) above all;
   ``Chapter`` (章), ``I.`` and ``First,`` beside 一、; ``Section`` (节) and
   ``(I)`` beside （一）; ``i.`` beside ``1.``) and, at equal rank, by where the family's marker 1 first appears.
   The first level numbers the *parts* when its family can number parts
   (``1.``, ``I.``, ``First,``, ``Part 1``, ``Chapter 1``, ``一、``),
   otherwise there are no parts and it numbers *loose measures*; the next
   level numbers the measures; lower families stay body text (a third level
   of word headings is warned about: Part > Chapter > Section gives parts
   and measures, and the section lines are sentences of the measures).  The families
   ``1.``, ``I.`` and ``First,`` that are not levels themselves may continue
   the part sequence of one another: ``Sixth,`` after part 5 is part 6 when its
   line reads as a heading (it does not end a sentence).  Ordinal words count
   only on heading lines (``First, we will …`` is body text).  When the part
   family has several heading lines and some lines that end a sentence, only
   the heading lines are parts (the others are sub-items).
4. **Walk.**  A marker of the part or measure level opens a new part or
   measure when it starts a paragraph (any number: skips and repeats are
   kept and warned about) or, in the middle of a paragraph, when its number is
   the next one expected.  Measure markers before the first part stay
   preamble text, with a warning.
5. **Title line.**  The first block (up to a document number line, "Guo Fa
   [2021] No. 12" or 国发〔2021〕12号, which is the document's ``number``) is the title
   when it has at most three lines and 200 characters, opens with no marker, does not end a sentence and
   more text follows; or else the first line alone when it is such a line,
   names its genre (``Opinions``, ``Plan``, ``Notice`` …, or ends in ``意见``,
   ``方案`` …) and stands alone (line mode, a short line, or English title
   case).
6. **Sections.**  The *preamble* is the text between the title and the first
   part (or the first loose measure).  A part's *heading* is the first
   sentence after its marker (a final full stop is dropped); the rest of its
   text before its first measure is its *intro*.  A measure's *title* is its
   first sentence without the final full stop (``.``, ``．`` or ``。``); its
   sentences start with that sentence.
7. **Closing.**  Unnumbered text after the last measure cannot be told from
   that measure by its markers, so paragraphs are counted: the last numbered
   unit (the last measure, or the last part when it has no measures) keeps as
   many paragraphs as the median unit before it (rounded up; one when there is
   none), and the paragraphs after those form the *closing* passage.  A last
   unit holding word headings of a third level (``Section 2``) keeps all its
   paragraphs.
8. **Keys and numbers.**  Parts are ``part/N``.  Measures are ``measure/N``
   when they are numbered continuously, and ``part/P/measure/N`` when at
   least two parts start their measures again at 1.  A number repeated in one
   scope gets ``-2``, ``-3`` … and a warning; skipped and out-of-order numbers
   are warned about with the numbers named.  Sentences are
   ``{section key}/sentence/{i}``, 1-based within their section; a part's
   first sentence is its heading and a measure's its title, so that what a
   heading or title names has a sentence to sit in.

Warnings
--------
One line each, at most 50 (the last one then counts the rest):
``part number skipped: 2 after 1``, ``measure numbers skipped: 4, 5 after 3
in part 2``, ``duplicate measure number 7 in part 3``, ``measure number 3 out
of order after 5``, ``measure marker "(1)" before the first part is kept as
preamble text``, ``measure "(4)" has no text``, ``part "3." has no heading``,
``the title of measure "(24)" is cut short by a page footer``, ``no parts or
measures recognised; the text is kept as a preamble of N sentences``.

Limits
------
Layout is inferred, so a few texts stay ambiguous: a hard-wrapped text with
no blank lines and fewer than three paragraphs may be read one paragraph per
line; there, a paragraph that ends on a full line and is followed by an
upper-case line (a part heading and its intro, the last measure and the
closing) is joined to the next one when the first word of that line would not
have fitted.  Markers are only seen at the start of a line.

Sentences
---------
:func:`split_sentences` ends a sentence after ``。！？`` (always) or after
``.!?`` followed by white space and then an upper-case letter, a digit, an
opening quote or bracket, or a CJK character, or by the end of the paragraph;
closing quotes and brackets right after the stop belong to the sentence.  A
stop is not an end after common abbreviations (``No.``, ``Mr.``, ``e.g.``,
``i.e.``, ``U.S.``, single initials), inside numbers (``3.5``), or after a
bare enumerator (``1.`` at the start of a sentence).  ``etc.`` ends a sentence
only when an upper-case word follows.  Semicolons never end sentences.  The
sentences of every section tile its text: each non-blank character outside
footers lies in exactly one sentence, and sentence spans carry no surrounding
white space.  Titles and headings that a hard wrap spreads over several lines
are returned with each line break (and the indentation around it) replaced by
one space, or by nothing next to CJK characters and after a hyphen ending a
line (``high-`` + ``quality``: the hyphen is kept); their spans still cover
the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from math import ceil
from statistics import median
from typing import NamedTuple

from ..model import Document, Section, SectionKind, Sentence, SourceText, Span
from ..numbering import (
    HEADING_FAMILIES,
    MIXED_GROUPS,
    ORDINAL,
    PART_FAMILIES,
    RANK,
    Marker,
    find_marker,
    format_numbers,
)

__all__ = ["segment", "split_sentences"]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_FOOTER = re.compile(
    r"[-—–－―~～]{1,3}[ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}[-—–－―~～]{1,3}"
    r"|第[ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}页"
    r"(?:[ \t\u3000]{0,3}[,，/]?[ \t\u3000]{0,3}共[ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}页)?"
    r"|共[ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}页[ \t\u3000]{0,3}[,，]?[ \t\u3000]{0,3}"
    r"第[ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}页"
    r"|(?i:page)[ \t]{1,3}[0-9]{1,4}(?:[ \t]{1,3}(?i:of)[ \t]{1,3}[0-9]{1,4})?"
    r"|[0-9]{1,4}[ \t]{0,3}/[ \t]{0,3}[0-9]{1,4}"
)
_TITLE_WORDS = re.compile(
    r"(?i:\b(?:opinions?|plan|notice|circular|decision|outline|guidelines?|programme|program"
    r"|provisions|regulations?|measures|scheme|strategy)\b)"
    r"|(?:意见|方案|规划|通知|决定|办法|纲要|规定|计划|条例)$"
)
_CJK_TITLE_ENDS = tuple("意方规通决办纲计条")
# a document number (发文字号) under the title: "Guo Fa [2021] No. 12", "Zhong Fa (2020) 10", 国发〔2021〕12号
_DOCUMENT_NUMBER = re.compile(
    r"[A-Z][A-Za-z]*(?:[ \t][A-Z][A-Za-z]*){0,3}[ \t]*[\[(〔［（][ \t]*(?:19|20)[0-9]{2}[ \t]*[\])〕］）][ \t]*(?:No\.?[ \t]*)?[0-9]{1,4}"
    r"|[\u4e00-\u9fff]{1,8}[〔［\[](?:19|20)[0-9]{2}[〕］\]][0-9]{1,4}号"
)
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
_TERM_RUN = re.compile(r"[.!?。！？．]+[\"'”’」』》〉）)\]】]*")
_ENUMERATOR = re.compile(r"[0-9]{1,3}|[IVXLC]{1,6}|[ivx]{1,4}|[A-Za-z]")
_INITIALS = re.compile(r"[A-Za-z](?:\.[A-Za-z]){0,4}")

_TERMINALS = frozenset(".。!！?？;；:：…．")
_CLOSERS = frozenset("\"'”’」』》〉）)]】")
_OPENERS = frozenset("\"'“‘「『《〈（(【[")
_CJK_STOPS = frozenset("。！？")
_FULL_STOPS = frozenset(".。．")
_ABBREVIATIONS = frozenset(
    "No Nos Mr Mrs Ms Dr Prof St Jr Sr Art Arts Vol Vols vs cf Fig Figs approx Co Corp "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)

_SEPARATED_BLOCKS = 3  # blank lines separate paragraphs: a block of several lines is wrapped
_MAX_WARNINGS = 50  # a text of repeated markers would otherwise give one warning per line
_SHORT_LINE = 0.7  # a wrapped paragraph ends after a line shorter than this share of the width
_TITLE_MAX_CHARS = 200
_TITLE_MAX_LINES = 3


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def segment(source: SourceText) -> Document:
    """Cut ``source.text`` into title, preamble, parts, measures, sentences and closing."""
    text = source.text
    lines = _scan_lines(text)
    markers = {ln.index: m for ln in lines if ln.kind == "text" if (m := find_marker(text, ln.lstart, ln.rend))}
    layout = _measure_layout(text, lines, markers)
    title_lines = _title_lines(text, lines, layout, markers)
    number = _number_line(text, lines, title_lines)
    above = title_lines | ({number.index} if number else set())  # the title and its number: no body text
    body = [ln for ln in lines if ln.index not in above]
    body_markers = {i: m for i, m in markers.items() if i not in above}
    headings = {i for i in body_markers if _opens_heading(text, lines, layout, body_markers, i)}
    levels = _choose_levels(body_markers, headings)
    walker = _Walker(text, lines, layout, levels, body_markers, headings)
    if levels.deeper is not None:
        walker.warnings.append(
            f'a third level of headings ("{levels.deeper.written(text)}" …) is not a level of the graph: '
            "its lines stay sentences of the measures"
        )
    walker.walk(body)
    closing = _split_closing(text, walker.units)
    document = _assemble(source, lines, title_lines, walker, closing)
    if number is None:
        return document
    return replace(document, number=text[number.lstart : number.rend], number_span=Span(number.lstart, number.rend))


def split_sentences(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Sentences of the paragraph ``text[begin:end]`` as ``(begin, end)`` pairs, blanks trimmed."""
    out: list[tuple[int, int]] = []
    start = _skip_blanks(text, begin, end)
    for m in _TERM_RUN.finditer(text, start, end):
        if m.start() < start or not _ends_sentence(text, m, start, end):
            continue
        out.append((start, m.end()))
        start = _skip_blanks(text, m.end(), end)
    stop = _trim_end(text, start, end)
    if start < stop:
        out.append((start, stop))
    return out


# --------------------------------------------------------------------------
# Lines and layout
# --------------------------------------------------------------------------


class _Line(NamedTuple):
    index: int
    start: int  # first character of the line
    end: int  # end of the content, before the line break
    lstart: int  # first non-blank character (== rend when the line is blank)
    rend: int  # after the last non-blank character
    kind: str  # "blank", "footer" or "text"


@dataclass(frozen=True, slots=True)
class _Layout:
    line_mode: bool  # every line is a paragraph
    width: float  # median width of wrapped lines (0 when nothing is wrapped)
    full: int = 0  # widest wrapped line: the wrapping limit


def _scan_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for brk in [*_NEWLINE.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if brk is None and start == end and lines:
            break
        lstart = _skip_blanks(text, start, end)
        rend = _trim_end(text, lstart, end)
        if lstart == rend:
            kind = "blank"
        elif _FOOTER.fullmatch(text, lstart, rend):
            kind = "footer"
        else:
            kind = "text"
        lines.append(_Line(len(lines), start, end, lstart, rend, kind))
        if brk is not None:
            start = brk.end()
    return lines


def _measure_layout(text: str, lines: list[_Line], markers: dict[int, Marker]) -> _Layout:
    wrapped = [a for a, b in zip(lines, lines[1:]) if a.kind == "text" and b.kind == "text"]
    if not wrapped:
        return _Layout(line_mode=False, width=0.0)
    width = float(median(ln.rend - ln.start for ln in wrapped))
    # the wrapping limit: the widest line that certainly goes on (the next one starts in lower
    # case), so that a long title line over a document number does not stand for it
    inside = [a.rend - a.start for a, b in zip(lines, lines[1:]) if a.kind == b.kind == "text" and text[b.lstart].islower()]
    full = max(inside) if inside else max(ln.rend - ln.start for ln in wrapped)
    blocks = _blank_separated_blocks(lines)
    if blocks >= _SEPARATED_BLOCKS:
        return _Layout(False, width, full)
    votes = [v for ln in wrapped if (v := _ends_paragraph_vote(text, lines, markers, ln)) is not None]
    if not votes:  # only heading-like marker lines are followed by other lines
        return _Layout(True, width, full)
    if blocks > 1:  # a blank line somewhere hints at blank-separated, wrapped paragraphs
        votes.append(False)
    return _Layout(2 * votes.count(True) > len(votes), width, full)


def _blank_separated_blocks(lines: list[_Line]) -> int:
    """How many runs of text lines are separated by blank lines (footer lines do not count)."""
    count, after_blank = 0, True
    for ln in lines:
        if ln.kind == "text":
            count += after_blank
            after_blank = False
        elif ln.kind == "blank":
            after_blank = True
    return count


def _ends_paragraph_vote(text: str, lines: list[_Line], markers: dict[int, Marker], ln: _Line) -> bool | None:
    """Does this line, followed by another text line, look like the end of a paragraph?

    A marker line without a stop may be a heading or the first line of a wrapped
    paragraph: it votes only when the next line starts in lower case (wrapped).
    """
    if _ends_with_terminal(text, ln.lstart, ln.rend):
        return True
    if ln.index not in markers:
        return False
    return False if text[lines[ln.index + 1].lstart].islower() else None


def _breaks_after(text: str, lines: list[_Line], layout: _Layout, markers: dict[int, Marker], ln: _Line) -> bool:
    """Wrap mode: does the paragraph end after this line?

    It does after a line ending a sentence when the next line opens with a
    marker; and, unless the next line starts in lower case, after a heading
    line ("Section 1 Basic Situation") over a line that ends a sentence, a
    short line or a line that had room for the next line's first word (the
    break was not forced by the wrapping).
    """
    nxt = lines[ln.index + 1] if ln.index + 1 < len(lines) else None
    if nxt is None or nxt.kind != "text":
        return True
    if nxt.index in markers and _ends_with_terminal(text, ln.lstart, ln.rend):
        return True
    if text[nxt.lstart].islower():
        return False
    if (
        ln.index in markers
        and markers[ln.index].family in HEADING_FAMILIES
        and _ends_with_terminal(text, nxt.lstart, nxt.rend)
    ):
        return True  # "Section 1 Basic Situation" over a sentence; a wrapped heading ends in no stop
    size = ln.rend - ln.start
    return size < _SHORT_LINE * layout.width or size + _first_word(text, nxt) <= layout.full


def _first_word(text: str, ln: _Line) -> int:
    """Room the first word of a line needs at the end of the line before (with its space)."""
    if _is_cjk(text[ln.lstart]):
        return 1
    end = ln.lstart
    while end < ln.rend and (text[end] in _NO_BREAK or not text[end].isspace()):
        end += 1
    return 1 + end - ln.lstart


#: Spaces a line is never broken at: a word joined by one of them moves to the next line whole.
_NO_BREAK = frozenset("\u00a0\u2007\u202f")


def _opens_heading(text: str, lines: list[_Line], layout: _Layout, markers: dict[int, Marker], i: int) -> bool:
    """Does the paragraph opened at line ``i`` end without ending a sentence, like a heading?"""
    j = i
    while (
        not layout.line_mode
        and j + 1 < len(lines)
        and lines[j + 1].kind == "text"
        and j + 1 not in markers
        and not _breaks_after(text, lines, layout, markers, lines[j])
    ):
        j += 1
    return not _ends_with_terminal(text, lines[j].lstart, lines[j].rend)


def _title_lines(text: str, lines: list[_Line], layout: _Layout, markers: dict[int, Marker]) -> set[int]:
    content = [ln for ln in lines if ln.kind == "text"]
    if len(content) < 2 or content[0].index in markers:
        return set()
    block: list[_Line] = []
    for ln in lines[content[0].index :]:
        if ln.kind != "text" or (block and _DOCUMENT_NUMBER.fullmatch(text, ln.lstart, ln.rend)):
            break  # a document number under the title is not part of it
        block.append(ln)
    if len(block) < len(content) and _looks_like_heading(text, block, markers):
        return {ln.index for ln in block}
    first = content[0]
    if not _looks_like_heading(text, [first], markers):
        return set()
    word = _TITLE_WORDS.search(text, first.lstart, first.rend)
    alone = layout.line_mode or _breaks_after(text, lines, layout, markers, first) or _title_case(text, first)
    return {first.index} if word and (alone or word.group().startswith(_CJK_TITLE_ENDS)) else set()


def _number_line(text: str, lines: list[_Line], title_lines: set[int]) -> _Line | None:
    """The document number on the line right under the title, if it is one."""
    if not title_lines:
        return None
    following = lines[max(title_lines) + 1] if max(title_lines) + 1 < len(lines) else None
    if following is None or following.kind != "text":
        return None
    return following if _DOCUMENT_NUMBER.fullmatch(text, following.lstart, following.rend) else None


def _title_case(text: str, line: _Line) -> bool:
    """Most words of four letters or more start with a capital, as in an English title."""
    words = _LONG_WORD.findall(text, line.lstart, line.rend)
    return bool(words) and 10 * sum(1 for w in words if w[0].isupper()) >= 6 * len(words)


def _looks_like_heading(text: str, block: list[_Line], markers: dict[int, Marker]) -> bool:
    size = sum(ln.rend - ln.lstart for ln in block)
    return (
        len(block) <= _TITLE_MAX_LINES
        and size <= _TITLE_MAX_CHARS
        and not any(ln.index in markers for ln in block)
        and not _ends_with_terminal(text, block[-1].lstart, block[-1].rend)
    )


# --------------------------------------------------------------------------
# Levels
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Levels:
    part: str | None = None  # family numbering the parts
    fillers: frozenset[str] = frozenset()  # families that may continue the part sequence
    measure: str | None = None  # family numbering the measures (loose when part is None)
    part_needs_heading: bool = False  # only heading lines of the part family are parts
    deeper: Marker | None = None  # the first marker of a third level of headings (kept as text)


def _choose_levels(markers: dict[int, Marker], headings: set[int]) -> _Levels:
    families: dict[str, list[tuple[int, Marker]]] = {}
    for index, m in sorted(markers.items()):
        if m.family == ORDINAL and index not in headings:
            continue
        families.setdefault(m.family, []).append((index, m))
    levels = sorted(
        (f for f, found in families.items() if _is_level(found)),
        key=lambda f: (RANK[f], _first_one(families[f])),
    )
    if not levels:
        return _Levels()
    top = levels[0]
    if top not in PART_FAMILIES:
        return _Levels(measure=top)
    fillers = frozenset().union(*(group - set(levels) for group in MIXED_GROUPS if top in group))
    heads = [i in headings for i, _ in families[top]]
    return _Levels(
        part=top,
        fillers=fillers,
        measure=levels[1] if len(levels) > 1 else None,
        part_needs_heading=heads.count(True) >= 2 and not all(heads),
        deeper=next((families[f][0][1] for f in levels[2:] if f in HEADING_FAMILIES), None),
    )


def _is_level(found: list[tuple[int, Marker]]) -> bool:
    return len(found) >= 3 or any(m.number == 1 for _, m in found)


def _first_one(found: list[tuple[int, Marker]]) -> int:
    return next((i for i, m in found if m.number == 1), found[0][0])


# --------------------------------------------------------------------------
# Walk: lines -> units with paragraphs
# --------------------------------------------------------------------------


_Piece = tuple[int, int]  # a stretch of one paragraph between page footers
_Paragraph = list[_Piece]


@dataclass(slots=True)
class _Unit:
    kind: str  # "preamble", "part" or "measure"
    marker: Marker | None = None
    part: _Unit | None = None  # the part holding a measure
    paras: list[_Paragraph] = field(default_factory=list)
    measures: list[_Unit] = field(default_factory=list)  # a part's measures


class _Walker:
    """Reads the body lines once and sorts their paragraphs into units."""

    def __init__(
        self,
        text: str,
        lines: list[_Line],
        layout: _Layout,
        levels: _Levels,
        markers: dict[int, Marker],
        headings: set[int],
    ) -> None:
        self.text, self.lines, self.layout, self.levels = text, lines, layout, levels
        self.markers, self.headings = markers, headings
        self.units: list[_Unit] = [_Unit("preamble")]
        self.footers: list[Span] = []
        self.warnings: list[str] = []
        self.part: _Unit | None = None
        self.last_part = 0
        self.last_measure = 0  # across the document
        self.last_in_part = 0  # within the current part; 0 before its first measure
        self.para: _Paragraph = []  # the finished pieces of the paragraph being read
        self.open: _Piece | None = None  # the piece being read
        self.ends_para = True  # the previous line closed its paragraph
        self.gap = ""  # "blank" or "footer" when such lines came after the last text line
        self.last_text: _Line | None = None

    def walk(self, body: list[_Line]) -> None:
        for ln in body:
            if ln.kind == "text":
                self._text_line(ln)
                continue
            self._cut()
            self.gap = "footer" if ln.kind == "footer" or self.gap == "footer" else "blank"
            if ln.kind == "footer":
                self.footers.append(Span(ln.lstart, ln.rend))
        self._close()

    def _text_line(self, ln: _Line) -> None:
        across = self.gap == "footer" and self._continues_across(ln)
        if self.gap and not across:
            self._close()
        para_start = self.layout.line_mode or (bool(self.gap) and not across) or (not self.gap and self.ends_para)
        self.gap = ""
        m = self.markers.get(ln.index)
        kind = self._kind(m, ln, para_start) if m else None
        if m is not None and kind is not None:
            self._close()
            self._open_unit(kind, m)
            if m.text_begin < ln.rend:
                self.open = (m.text_begin, ln.rend)
        elif para_start:
            self._close()
            self.open = (ln.lstart, ln.rend)
        elif self.open is None:  # after a page footer, or after a line holding only a marker
            self.open = (ln.lstart, ln.rend)
        else:
            self.open = (self.open[0], ln.rend)
        self.last_text = ln
        self.ends_para = self.layout.line_mode or _breaks_after(self.text, self.lines, self.layout, self.markers, ln)

    def _continues_across(self, ln: _Line) -> bool:
        """Wrap mode: a paragraph interrupted by a page footer goes on in lower case."""
        prev = self.last_text
        return (
            prev is not None
            and not self.layout.line_mode
            and prev.rend - prev.start >= _SHORT_LINE * self.layout.width
            and not _ends_with_terminal(self.text, prev.lstart, prev.rend)
            and self.text[ln.lstart].islower()
        )

    def _cut(self) -> None:
        if self.open is not None:
            self.para.append(self.open)
            self.open = None

    def _close(self) -> None:
        self._cut()
        if self.para:
            self.units[-1].paras.append(self.para)
            self.para = []

    def _kind(self, m: Marker, ln: _Line, para_start: bool) -> str | None:
        if self._is_part(m, ln, para_start):
            return "part"
        if m.family == self.levels.measure and self._is_measure(m, para_start):
            return "measure"
        return None

    def _open_unit(self, kind: str, m: Marker) -> None:
        if kind == "part":
            unit = _Unit("part", m)
            self.part, self.last_part, self.last_in_part = unit, m.number, 0
        else:
            unit = _Unit("measure", m, self.part)
            if self.part is not None:
                self.part.measures.append(unit)
            self.last_measure = self.last_in_part = m.number
        self.units.append(unit)

    def _is_part(self, m: Marker, ln: _Line, para_start: bool) -> bool:
        levels = self.levels
        heading = ln.index in self.headings
        fits = m.number == self.last_part + 1
        if m.family == levels.part:
            needs_heading = levels.part_needs_heading or m.family == ORDINAL
            return (heading or not needs_heading) and (para_start or fits)
        return m.family in levels.fillers and heading and fits

    def _is_measure(self, m: Marker, para_start: bool) -> bool:
        if self.levels.part is not None and self.part is None:
            if para_start:
                self.warnings.append(
                    f'measure marker "{m.written(self.text)}" before the first part is kept as preamble text'
                )
            return False
        fits = m.number in (self.last_measure + 1, self.last_in_part + 1) or (m.number == 1 and not self.last_in_part)
        return para_start or fits


# --------------------------------------------------------------------------
# Closing
# --------------------------------------------------------------------------


def _split_closing(text: str, units: list[_Unit]) -> list[_Paragraph]:
    """Take the closing paragraphs off the last numbered unit (see rule 7); none when that unit
    holds headings of a third level ("Section 2"), whose paragraphs are not counted as its own."""
    leaves = [u for i, u in enumerate(units) if u.kind == "measure" or (u.kind == "part" and _is_leaf(units, i))]
    if not leaves or leaves[-1] is not units[-1]:
        return []
    counts = [_body_paragraphs(u) for u in leaves]
    typical = max(1, ceil(median(counts[:-1]))) if len(counts) > 1 else 1
    extra = counts[-1] - typical
    if extra <= 0:
        return []
    last = leaves[-1]
    if any(
        (m := find_marker(text, begin, end)) and m.family in HEADING_FAMILIES
        for para in last.paras[1:]
        for begin, end in para[:1]
    ):
        return []
    closing = last.paras[-extra:]
    del last.paras[-extra:]
    return closing


def _is_leaf(units: list[_Unit], i: int) -> bool:
    return i + 1 == len(units) or units[i + 1].kind != "measure"


def _body_paragraphs(unit: _Unit) -> int:
    return len(unit.paras) - 1 if unit.kind == "part" and unit.paras else len(unit.paras)


# --------------------------------------------------------------------------
# Assembly: units -> model objects
# --------------------------------------------------------------------------


def _assemble(
    source: SourceText, lines: list[_Line], title_lines: set[int], walker: _Walker, closing: list[_Paragraph]
) -> Document:
    text = source.text
    warnings = list(walker.warnings)
    title, title_span = _title(text, lines, title_lines)
    parts_units = [u for u in walker.units if u.kind == "part"]
    measure_units = [u for u in walker.units if u.kind == "measure"]
    part_keys = _keys([_number(u) for u in parts_units], lambda n: f"part/{n}")
    restart = _restarts(parts_units)
    measure_keys = _measure_keys(measure_units, parts_units, part_keys, restart)
    measures = {id(u): _measure(text, u, k, warnings) for u, k in zip(measure_units, measure_keys)}
    parts = tuple(
        _part(text, u, key, tuple(measures[id(m)] for m in u.measures), warnings)
        for u, key in zip(parts_units, part_keys)
    )
    loose = tuple(measures[id(m)] for m in measure_units if m.part is None)
    preamble = _passage(text, walker.units[0].paras, "preamble")
    if not parts and not loose:
        count = len(preamble.sentences) if preamble else 0
        warnings.append(f"no parts or measures recognised; the text is kept as a preamble of {count} sentences")
    warnings.extend(_numbering_warnings(parts_units, measure_units, restart))
    if len(warnings) > _MAX_WARNINGS:
        warnings[_MAX_WARNINGS - 1 :] = [f"… and {len(warnings) - _MAX_WARNINGS + 1} more warnings"]
    closing_passage = _passage(text, closing, "closing")
    return Document(
        source=source,
        title=title,
        title_span=title_span,
        children=tuple(s for s in (preamble, *parts, *loose, closing_passage) if s is not None),
        footer_spans=tuple(walker.footers),
        warnings=tuple(warnings),
    )


def _title(text: str, lines: list[_Line], title_lines: set[int]) -> tuple[str | None, Span | None]:
    if not title_lines:
        return None, None
    chosen = [ln for ln in lines if ln.index in title_lines]
    span = Span(chosen[0].lstart, chosen[-1].rend)
    return _clean(span.quote(text)), span


def _sentences(text: str, paras: list[_Paragraph]) -> list[tuple[int, int]]:
    return [s for para in paras for b, e in para for s in split_sentences(text, b, e)]


def _numbered(key: str, spans: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(f"{key}/sentence/{i}", Span(b, e)) for i, (b, e) in enumerate(spans, 1))


def _passage(text: str, paras: list[_Paragraph], kind: SectionKind) -> Section | None:
    """The preamble or the closing: unnumbered text, keyed by its kind."""
    spans = _sentences(text, paras)
    if not spans:
        return None
    return Section(kind, kind, 1, Span(spans[0][0], spans[-1][1]), _numbered(kind, spans))


def _headline(text: str, spans: list[tuple[int, int]], at: int) -> tuple[str, Span]:
    """The first sentence without its final full stop, or an empty span at ``at``."""
    if not spans:
        return "", Span(at, at)
    begin, end = spans[0]
    if end - begin > 1 and text[end - 1] in _FULL_STOPS:
        end -= 1
    return _clean(text[begin:end]), Span(begin, end)


def _cut_by_footer(text: str, unit: _Unit, first: tuple[int, int]) -> bool:
    """Does the first sentence end where a page footer interrupts its paragraph?"""
    pieces = unit.paras[0]
    return len(pieces) > 1 and first[1] == _trim_end(text, *pieces[0]) and not _ends_with_terminal(text, *first)


def _opening(
    text: str, unit: _Unit, what: str, headline: str, empty: str, warnings: list[str]
) -> tuple[Marker, list[tuple[int, int]], str, Span]:
    """A numbered unit's marker, sentence spans and headline (a measure's title, a part's
    heading), with a warning when the unit is empty or a page footer cuts its headline short."""
    m = unit.marker
    assert m is not None
    spans = _sentences(text, unit.paras)
    words, span = _headline(text, spans, m.end)
    if not spans:
        warnings.append(f'{what} "{m.written(text)}" {empty}')
    elif _cut_by_footer(text, unit, spans[0]):
        warnings.append(f'the {headline} of {what} "{m.written(text)}" is cut short by a page footer')
    return m, spans, words, span


def _measure(text: str, unit: _Unit, key: str, warnings: list[str]) -> Section:
    m, spans, title, title_span = _opening(text, unit, "measure", "title", "has no text", warnings)
    return Section(
        key=key,
        kind="measure",
        level=1 if unit.part is None else 2,
        span=Span(m.begin, spans[-1][1] if spans else m.end),
        sentences=_numbered(key, spans),
        number=m.number,
        marker=m.written(text),
        marker_span=Span(m.begin, m.end),
        heading=title,
        heading_span=title_span,
    )


def _part(text: str, unit: _Unit, key: str, measures: tuple[Section, ...], warnings: list[str]) -> Section:
    m, spans, heading, heading_span = _opening(text, unit, "part", "heading", "has no heading", warnings)
    sentences = _numbered(key, spans)
    ends = [m.end, heading_span.end, *(s.span.end for s in sentences), *(x.span.end for x in measures)]
    return Section(
        key=key,
        kind="part",
        level=1,
        span=Span(m.begin, max(ends)),
        sentences=sentences,
        children=measures,
        number=m.number,
        marker=m.written(text),
        marker_span=Span(m.begin, m.end),
        heading=heading,
        heading_span=heading_span,
    )


# --------------------------------------------------------------------------
# Keys and numbering
# --------------------------------------------------------------------------


def _keys(numbers: list[int], base: Callable[[int], str], scopes: list[object] | None = None) -> list[str]:
    """``base(n)`` per number, with ``-2``, ``-3`` … for repeats within one scope."""
    seen: dict[tuple[object, int], int] = {}
    out = []
    for i, n in enumerate(numbers):
        scope = scopes[i] if scopes else None
        count = seen.get((scope, n), 0) + 1
        seen[(scope, n)] = count
        out.append(base(n) if count == 1 else f"{base(n)}-{count}")
    return out


def _restarts(parts: list[_Unit]) -> bool:
    """Numbering restarts in each part when two or more parts begin their measures at 1."""
    return sum(1 for p in parts if p.measures and _number(p.measures[0]) == 1) >= 2


def _number(unit: _Unit) -> int:
    return unit.marker.number if unit.marker else 0


def _measure_keys(measures: list[_Unit], parts: list[_Unit], part_keys: list[str], restart: bool) -> list[str]:
    numbers = [_number(m) for m in measures]
    if not restart:
        return _keys(numbers, lambda n: f"measure/{n}")
    key_of = {id(p): k for p, k in zip(parts, part_keys)}
    scopes: list[object] = [id(m.part) for m in measures]
    keys = _keys(numbers, lambda n: f"measure/{n}", scopes)
    return [f"{key_of[id(m.part)]}/{k}" if m.part is not None else k for m, k in zip(measures, keys)]


def _numbering_warnings(parts: list[_Unit], measures: list[_Unit], restart: bool) -> list[str]:
    out = _sequence_warnings("part", [(_number(u), "") for u in parts])
    if restart:
        for p in parts:
            out += _sequence_warnings("measure", [(_number(m), _where(m)) for m in p.measures])
    else:
        out += _sequence_warnings("measure", [(_number(m), _where(m)) for m in measures])
    return out


def _where(measure: _Unit) -> str:
    return f" in part {_number(measure.part)}" if measure.part is not None else ""


def _sequence_warnings(what: str, items: list[tuple[int, str]]) -> list[str]:
    """Name skipped, repeated and out-of-order numbers of one sequence expected to run 1, 2, 3 …"""
    out: list[str] = []
    seen: set[int] = set()
    prev = 0
    for n, where in items:
        if n in seen:
            out.append(f"duplicate {what} number {n}{where}")
        elif n < prev:
            out.append(f"{what} number {n} out of order after {prev}{where}")
        else:
            missing = [k for k in range(prev + 1, n) if k not in seen]
            if missing:
                plural = "s" if len(missing) > 1 else ""
                after = f"after {prev}" if prev else f"before {n}"
                out.append(f"{what} number{plural} skipped: {format_numbers(missing)} {after}{where}")
        seen.add(n)
        prev = n
    return out


# --------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------


def _skip_blanks(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, begin: int, end: int) -> int:
    while end > begin and text[end - 1].isspace():
        end -= 1
    return end


def _ends_with_terminal(text: str, begin: int, end: int) -> bool:
    k = end - 1
    while k >= begin and text[k] in _CLOSERS:
        k -= 1
    return k >= begin and text[k] in _TERMINALS


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return (
        0x3000 <= o <= 0x303F  # CJK punctuation
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x20000 <= o <= 0x3134F
    )


def _ends_sentence(text: str, m: re.Match[str], start: int, end: int) -> bool:
    """Is the stop run ``m`` (inside the sentence opened at ``start``) a sentence end?"""
    after = m.end()
    if after >= end or any(c in _CJK_STOPS for c in m.group()):
        return after >= end or not _ENUMERATOR.fullmatch(text, start, m.start())
    if not text[after].isspace():
        return False
    nxt = _skip_blanks(text, after, end)
    if nxt >= end:
        return True
    c = text[nxt]
    starts = c.isdigit() or c in _OPENERS or _is_cjk(c) or (c.isalpha() and not c.islower())
    if not starts:
        return False
    return not _protected(text, m, start)


def _protected(text: str, m: re.Match[str], start: int) -> bool:
    """A single full stop after an abbreviation, an initial or a bare enumerator."""
    if _ENUMERATOR.fullmatch(text, start, m.start()):
        return True
    if m.group() != ".":
        return False
    k = m.start()
    while k > start and m.start() - k < 24 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k : m.start()]
    if word in _ABBREVIATIONS:
        return True
    return bool(_INITIALS.fullmatch(word)) and (len(word) > 1 or word.isupper())


def _clean(s: str) -> str:
    """Replace each line break and the blanks around it by one space (none between CJK)."""
    if "\n" not in s and "\r" not in s:
        return s
    pieces = [p.strip() for p in _NEWLINE.split(s)]
    out = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        out = f"{out}{_joiner(out, piece)}{piece}" if out else piece
    return out


def _joiner(left: str, right: str) -> str:
    """Nothing next to CJK or after a hyphen that a wrap split off ("high-" + "quality"), else a space."""
    if _is_cjk(left[-1]) or _is_cjk(right[0]):
        return ""
    if left[-1] == "-" and len(left) > 1 and left[-2].isalpha() and right[0].isalpha():
        return ""
    return " "
