"""Lines and layout: how the text is laid out, before any marker is read as structure.

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
   (:func:`breaks_after` decides on one line; :mod:`.walk` joins the lines.)
3. **Title line.**  The first block (up to a document number line, "Guo Fa
   [2021] No. 12" or 国发〔2021〕12号, which is the document's ``number``) is the title
   when it has at most three lines and 200 characters, opens with no marker, does not end a sentence and
   more text follows; or else the first line alone when it is such a line,
   names its genre (``Opinions``, ``Plan``, ``Notice`` …, or ends in ``意见``,
   ``方案`` …) and stands alone (line mode, a short line, or English title
   case).

Layout is inferred, so a few texts stay ambiguous: a hard-wrapped text with
no blank lines and fewer than three paragraphs may be read one paragraph per
line; there, a paragraph that ends on a full line and is followed by an
upper-case line (a part heading and its intro, the last measure and the
closing) is joined to the next one when the first word of that line would not
have fitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import NamedTuple

from ..model import Span
from ..numbering import HEADING_FAMILIES, Marker
from .text import NEWLINE, clean, ends_with_terminal, is_cjk, skip_blanks, trim_end

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

_SEPARATED_BLOCKS = 3  # blank lines separate paragraphs: a block of several lines is wrapped
SHORT_LINE = 0.7  # a wrapped paragraph ends after a line shorter than this share of the width
_TITLE_MAX_CHARS = 200
_TITLE_MAX_LINES = 3


class Line(NamedTuple):
    """One line of the text, without its line break."""

    index: int
    start: int  # first character of the line
    end: int  # end of the content, before the line break
    lstart: int  # first non-blank character (== rend when the line is blank)
    rend: int  # after the last non-blank character
    kind: str  # "blank", "footer" or "text"


@dataclass(frozen=True, slots=True)
class Layout:
    """How the paragraphs are laid out: one per line, or hard-wrapped."""

    line_mode: bool  # every line is a paragraph
    width: float  # median width of wrapped lines (0 when nothing is wrapped)
    full: int = 0  # widest wrapped line: the wrapping limit


def scan_lines(text: str) -> list[Line]:
    """Every line of ``text``, blank, footer or text (rule 1)."""
    lines: list[Line] = []
    start = 0
    for brk in [*NEWLINE.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if brk is None and start == end and lines:
            break
        lstart = skip_blanks(text, start, end)
        rend = trim_end(text, lstart, end)
        if lstart == rend:
            kind = "blank"
        elif _FOOTER.fullmatch(text, lstart, rend):
            kind = "footer"
        else:
            kind = "text"
        lines.append(Line(len(lines), start, end, lstart, rend, kind))
        if brk is not None:
            start = brk.end()
    return lines


def measure_layout(text: str, lines: list[Line], markers: dict[int, Marker]) -> Layout:
    """Line mode or wrap mode, and the width of wrapped lines (rule 2)."""
    wrapped = [a for a, b in zip(lines, lines[1:]) if a.kind == "text" and b.kind == "text"]
    if not wrapped:
        return Layout(line_mode=False, width=0.0)
    width = float(median(ln.rend - ln.start for ln in wrapped))
    # the wrapping limit: the widest line that certainly goes on (the next one starts in lower
    # case), so that a long title line over a document number does not stand for it
    inside = [a.rend - a.start for a, b in zip(lines, lines[1:]) if a.kind == b.kind == "text" and text[b.lstart].islower()]
    full = max(inside) if inside else max(ln.rend - ln.start for ln in wrapped)
    blocks = _blank_separated_blocks(lines)
    if blocks >= _SEPARATED_BLOCKS:
        return Layout(False, width, full)
    votes = [v for ln in wrapped if (v := _ends_paragraph_vote(text, lines, markers, ln)) is not None]
    if not votes:  # only heading-like marker lines are followed by other lines
        return Layout(True, width, full)
    if blocks > 1:  # a blank line somewhere hints at blank-separated, wrapped paragraphs
        votes.append(False)
    return Layout(2 * votes.count(True) > len(votes), width, full)


def _blank_separated_blocks(lines: list[Line]) -> int:
    """How many runs of text lines are separated by blank lines (footer lines do not count)."""
    count, after_blank = 0, True
    for ln in lines:
        if ln.kind == "text":
            count += after_blank
            after_blank = False
        elif ln.kind == "blank":
            after_blank = True
    return count


def _ends_paragraph_vote(text: str, lines: list[Line], markers: dict[int, Marker], ln: Line) -> bool | None:
    """Does this line, followed by another text line, look like the end of a paragraph?

    A marker line without a stop may be a heading or the first line of a wrapped
    paragraph: it votes only when the next line starts in lower case (wrapped).
    """
    if ends_with_terminal(text, ln.lstart, ln.rend):
        return True
    if ln.index not in markers:
        return False
    return False if text[lines[ln.index + 1].lstart].islower() else None


def breaks_after(text: str, lines: list[Line], layout: Layout, markers: dict[int, Marker], ln: Line) -> bool:
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
    if nxt.index in markers and ends_with_terminal(text, ln.lstart, ln.rend):
        return True
    if text[nxt.lstart].islower():
        return False
    if (
        ln.index in markers
        and markers[ln.index].family in HEADING_FAMILIES
        and ends_with_terminal(text, nxt.lstart, nxt.rend)
    ):
        return True  # "Section 1 Basic Situation" over a sentence; a wrapped heading ends in no stop
    size = ln.rend - ln.start
    return size < SHORT_LINE * layout.width or size + _first_word(text, nxt) <= layout.full


def _first_word(text: str, ln: Line) -> int:
    """Room the first word of a line needs at the end of the line before (with its space)."""
    if is_cjk(text[ln.lstart]):
        return 1
    end = ln.lstart
    while end < ln.rend and (text[end] in _NO_BREAK or not text[end].isspace()):
        end += 1
    return 1 + end - ln.lstart


#: Spaces a line is never broken at: a word joined by one of them moves to the next line whole.
_NO_BREAK = frozenset("\u00a0\u2007\u202f")


def opens_heading(text: str, lines: list[Line], layout: Layout, markers: dict[int, Marker], i: int) -> bool:
    """Does the paragraph opened at line ``i`` end without ending a sentence, like a heading?"""
    j = i
    while (
        not layout.line_mode
        and j + 1 < len(lines)
        and lines[j + 1].kind == "text"
        and j + 1 not in markers
        and not breaks_after(text, lines, layout, markers, lines[j])
    ):
        j += 1
    return not ends_with_terminal(text, lines[j].lstart, lines[j].rend)


def find_title_lines(text: str, lines: list[Line], layout: Layout, markers: dict[int, Marker]) -> set[int]:
    """The indices of the title's lines (rule 3), or none."""
    content = [ln for ln in lines if ln.kind == "text"]
    if len(content) < 2 or content[0].index in markers:
        return set()
    block: list[Line] = []
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
    alone = layout.line_mode or breaks_after(text, lines, layout, markers, first) or _title_case(text, first)
    return {first.index} if word and (alone or word.group().startswith(_CJK_TITLE_ENDS)) else set()


def number_line(text: str, lines: list[Line], title_lines: set[int]) -> Line | None:
    """The document number on the line right under the title, if it is one."""
    if not title_lines:
        return None
    following = lines[max(title_lines) + 1] if max(title_lines) + 1 < len(lines) else None
    if following is None or following.kind != "text":
        return None
    return following if _DOCUMENT_NUMBER.fullmatch(text, following.lstart, following.rend) else None


def _title_case(text: str, line: Line) -> bool:
    """Most words of four letters or more start with a capital, as in an English title."""
    words = _LONG_WORD.findall(text, line.lstart, line.rend)
    return bool(words) and 10 * sum(1 for w in words if w[0].isupper()) >= 6 * len(words)


def _looks_like_heading(text: str, block: list[Line], markers: dict[int, Marker]) -> bool:
    size = sum(ln.rend - ln.lstart for ln in block)
    return (
        len(block) <= _TITLE_MAX_LINES
        and size <= _TITLE_MAX_CHARS
        and not any(ln.index in markers for ln in block)
        and not ends_with_terminal(text, block[-1].lstart, block[-1].rend)
    )


def title(text: str, lines: list[Line], title_lines: set[int]) -> tuple[str | None, Span | None]:
    """The title on one line (see :func:`~.text.clean`) and its span, or nothing."""
    if not title_lines:
        return None, None
    chosen = [ln for ln in lines if ln.index in title_lines]
    span = Span(chosen[0].lstart, chosen[-1].rend)
    return clean(span.quote(text)), span
