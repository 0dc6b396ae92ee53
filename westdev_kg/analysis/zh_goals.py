"""Dated goals and quantified targets of Chinese texts (issue 12, point 1, Chinese side).

A sentence is read in *pieces*, cut at ；/; (到2027年，…取得明显进展；到2035年，…基本实现 is
two pieces):

- a piece that opens with a target year (到2027年, 到二〇三五年, 至2025年, 到“十四五”末 = 2025) is a dated goal of that
  year, whether or not it holds a quantified target; so is the rest of a piece from a clause
  that opens with one (…，到2005年国内生产总值达到12.5万亿元左右);
- a year that opens a paragraph dates the paragraph's later pieces, and they are goals of
  that year (到2027年，乡村全面振兴取得实质性进展。国家粮食安全根基更加稳固，…); a later
  opening year (到2035年，…) dates the pieces after it, and a time without a year (到本世纪中叶，…:
  kind ``undated-time`` of ``zh_quantities.csv``) ends the dating;
- a piece without a year is a goal when it holds a quantified target and a goal marker (目标,
  力争, 争取, 确保) stands before the end of its first target in its sentence (主要预期目标是：地区生产总值增长6%左右；
  居民消费价格涨幅3%左右；…); the goal then starts at its first target;
- a piece that describes the situation (当前…, 目前…, …正处于…, …面临着…: kinds ``situation-lead``
  and ``situation`` of ``zh_quantities.csv``) is no goal, even in a paragraph a year opens;
- nothing else is a goal: a heading that only names a topic (（一）总体要求, 二、重点任务) is no
  goal, and neither is a figure compared with last year (比上年增长6%: a result).

今年 (this year) before a piece in its sentence is the document's own year (a work report's
targets for the year); so are, in a government work report (``annual``), the targets after
主要预期目标是： (建议为, 为) in their sentence or in a paragraph opening with the report's year (2023年是…); other periods (十四五, 年均) are not read yet. Years before the document's own year are history, not target years. The targets of each
goal come from :mod:`.zh_targets`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..lexicon import quantities
from ..model import Sentence
from ..zh_numerals import ascii_digits
from .goals import GoalDraft
from .zh_targets import TARGET_YEAR, matched_year, relative_year, words, zh_targets_in

_PIECE_BREAK = re.compile(r"[；;]")
_CLAUSE_YEAR = re.compile(r"[，,：:]\s*(?=(?:到|至)\s*(?:(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年|[“\"]?[一二三四五六七八九十]{1,3}五))")
_OPENING = re.compile(r"^(?:\s|(?:主要|总体|发展|奋斗)?(?:预期)?目标(?:任务)?是?[：:]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、|力争|争取|确保)*")


@cache
def _kind(name: str) -> tuple[str, ...]:
    return tuple(s for s, _ in quantities("zh_quantities.csv").get(name, ()))


def _situation() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _kind("situation-lead"), _kind("situation")


def opens_undated(piece: str) -> bool:
    """Whether a piece opens with a time that gives no year: 到本世纪中叶，… (kind ``undated-time``)."""
    start = _OPENING.match(piece)
    rest = piece[start.end() if start else 0 :]
    return rest.startswith(("到", "至")) and rest[1:].lstrip().startswith(_kind("undated-time"))


def is_situation(piece: str) -> bool:
    """Whether a piece describes the situation (当前，我国正处于…; 面临着…) rather than set a goal."""
    lead, anywhere = _situation()
    return piece.lstrip(" \u3000，,").startswith(lead) or any(word in piece for word in anywhere)


def _pieces(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = begin
    for m in _PIECE_BREAK.finditer(text, begin, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    return [(b, e) for b, e in (_trim(text, b, e) for b, e in out) if e > b]


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and text[begin] in " \t\r\n\u3000":
        begin += 1
    while end > begin and text[end - 1] in " \t\r\n\u3000。；;，,：:":
        end -= 1
    return begin, end


def opening_year(piece: str, not_before: int | None) -> int | None:
    """The target year a piece opens with: 到2027年，… / 到二〇三五年… / （一）到2025年，…"""
    piece = ascii_digits(piece)
    start = _OPENING.match(piece)
    m = TARGET_YEAR.match(piece, start.end() if start else 0)
    if not m:  # 到明年底，… (the year after the document's)
        return relative_year(piece[start.end() if start else 0 :][:6], not_before)
    year = matched_year(m)
    if year is None or not 1900 <= year <= 2100 or (not_before is not None and year < not_before):
        return None
    return year


def is_annual(title: str | None) -> bool:
    """Whether a document of this title reports on one year (kind ``annual-genre``: 政府工作报告)."""
    return bool(title) and any(word in title for word in _kind("annual-genre"))  # type: ignore[operator]


def _this_years(text: str, begin: int, end: int, not_before: int | None) -> bool:
    """In an annual report, whether the text from ``begin`` to ``end`` (a sentence up to its first
    target) sets the year's targets: 主要预期目标是： in it (kind ``annual-lead``), or its paragraph
    opens with the document's year (2023年是…)."""
    if any(word in text[begin:end] for word in _kind("annual-lead")):
        return True
    line_start = text.rfind("\n", 0, begin) + 1
    return not_before is not None and ascii_digits(text[line_start : line_start + 6]).lstrip().startswith(f"{not_before}年")


def zh_goals(text: str, sentences: tuple[Sentence, ...], not_before: int | None, annual: bool = False) -> list[GoalDraft]:
    """The goals of one section's sentences, in text order (``annual``: the document reports on
    its own year, a government work report: its expected targets without a year are that year's)."""
    markers = words().goal_markers
    drafts: list[GoalDraft] = []
    paragraph_year: int | None = None
    previous_end: int | None = None
    this_year = False  # the paragraph has said 今年 (今年是…。全省…主要预期目标是：…)
    listing: int | None | bool = False  # after 主要预期目标是：, the year of the targets listed (None: no year)
    for sentence in sentences:
        begin, end = sentence.span.begin, sentence.span.end
        opens = previous_end is None or "\n" in text[previous_end:begin]
        if opens:
            paragraph_year = None  # a new paragraph
            this_year = False
        previous_end = end
        this_year = this_year or "今年" in text[begin:end]
        lead_in = _LIST_LEAD.search(text, begin, end)
        if opens and not lead_in:
            listing = False  # a list goes on in the next paragraph only under a label of its own (民生保障目标:)
        if lead_in:  # the targets of the year follow, in this and the next sentences
            # 今年, the year written, or a report's 预期目标 (建议全省…主要预期目标是：: the year it reports to)
            year_named = this_year or _names_year(text[begin:end], not_before) or "预期目标" in text[begin:end]
            listing = not_before if year_named else (listing if listing is not False else None)  # 经济增长目标: within a list
            listed = True
        else:
            listed = False
        for n, (b, e) in enumerate(_pieces(text, begin, end)):
            own = opening_year(text[b:e], not_before)
            if own is None:  # a clause that opens with a year: …，到2005年国内生产总值达到…
                for m in _CLAUSE_YEAR.finditer(ascii_digits(text[b:e])):
                    if (own := opening_year(text[b + m.end() : e], not_before)) is not None:
                        b += m.end()
                        break
            piece = text[b:e]
            if own is None and is_situation(piece):
                continue  # 当前，…正处于…: a description of the situation
            if own is not None and (paragraph_year is not None or (n == 0 and _opens_paragraph(text, b, own, not_before))):
                paragraph_year = own
            elif own is None and paragraph_year is not None and opens_undated(piece):
                paragraph_year = None  # 到本世纪中叶，…: the pieces from here on have no year
            year = own if own is not None else paragraph_year
            targets = zh_targets_in(piece, b, year, not_before, listed=listing is not False)
            if own is None and paragraph_year is None and not targets:
                continue
            if own is None and year is None:
                first = min(targets, key=lambda t: t.span.begin if t.span else e)
                in_list = listing is not False and not listed  # a sentence of the list after its lead-in
                if first.span is None or not (in_list or any(marker in text[begin : first.span.end] for marker in markers)):
                    continue  # a figure stated, not set (人均预期寿命达78.4岁; …，完成年度目标108.7%)
                b = first.span.begin  # the goal is what the targets set
                if not_before is not None and (
                    this_year or (listing is not False and listing is not None) or (annual and _this_years(text, begin, b, not_before))
                ):
                    # 今年…主要预期目标是：…; a work report's 主要预期目标建议为：… (the document's year)
                    year = not_before
                    targets = tuple(t if t.target_year is not None else replace(t, target_year=year) for t in targets)
            if year is None and len({t.target_year for t in targets}) == 1:
                year = targets[0].target_year  # the year its targets are set for (力争2025年…突破…)
            drafts.append(GoalDraft(b, e, sentence.key, year=year, targets=targets, explicit_year=own is not None))
    return drafts


#: 主要预期目标是：… / 主要预期目标为: : a lead-in of the year's list of targets
_LIST_LEAD = re.compile(r"目标(?:是|为)?\s*[：:]")
_BARE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def _names_year(sentence: str, year: int | None) -> bool:
    """Whether a lead-in names the document's own year (建议2020年全省…主要预期目标为：)."""
    return year is not None and any(int(m[1]) == year for m in _BARE_YEAR.finditer(ascii_digits(sentence)))


def _opens_paragraph(text: str, pos: int, year: int, not_before: int | None) -> bool:
    """Whether the piece at ``pos`` opens its paragraph: only spaces, a list marker or a goal
    heading (主要目标是：) stand between the line's start and it."""
    line_start = text.rfind("\n", 0, pos) + 1
    return opening_year(text[line_start:pos] + text[pos : pos + 16], not_before) == year
