"""Figures a Chinese text reports about past years (issue 12, point 4).

A work report reviews the past before it sets the year's targets: 过去一年，…地区生产总值增长6%，
城镇新增就业50万人… These are *results*, never targets. A quantity is a reported figure when
the rules of :mod:`.zh_targets` find it governed (a verb before it: 增长, 达到, 下降 …; a rate
in a list) and it is not a target, and

- its clause compares with last year (比上年, 同比, 上年) and its sentence plans nothing (将,
  今年, 拟 …: this year's budget is 比上年增加… too): the previous year's figure; or
- its sentence, or the paragraph its sentence is in, opens with a time word of the past
  (去年, 过去一年, 一年来: the year before the document's; 过去五年, 五年来: the five years
  before it; 2018年 before the document's year; “十三五”时期: the plan's five years); or
- it is in a section whose heading reviews (一、2018年工作回顾, 过去五年工作回顾): the heading's
  years, else the year before the document's.

Its years: a past year written in its own clause (2017年末), else its sentence's, its
paragraph's or its section's. The document's year (:func:`document_year`) is the metadata's
date, else the date line under a work report's title (——2019年3月5日在…), else the year its
title or file name carries. Word lists: ``westdev_kg/lexicon/zh_quantities.csv``
(``past-marker``, ``review-heading``, ``result-marker``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from ..lexicon import quantities
from ..model import Document, Goal, ReportedFigure, Section, Sentence, Span, Target
from ..zh_numerals import ascii_digits, number
from .zh_targets import is_result, scan_zh_targets, year_value

Years = tuple[int, int]

_YEAR = r"(?:19|20)\d\d|[〇○零一二三四五六七八九]{4}"
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE_LINE = re.compile(rf"^[\s—–\-－（(*]*(?P<y>{_YEAR})\s*年\s*{_MD}\s*月\s*{_MD}\s*日", re.M)
_DATE = re.compile(rf"(?P<y>{_YEAR})\s*年\s*{_MD}\s*月\s*{_MD}\s*日")
_SESSION = re.compile(r"^.*人民代表大会.*$", re.M)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PAST_YEAR = re.compile(rf"(?<![到至\d])(?P<y>{_YEAR})\s*年(?:底|末|[上下]半年)?(?!\s*[到至以])")
_PERIOD = re.compile(r"[“\"]?(?P<p>[一二三四五六七八九十]{1,3})五[”\"]?(?:时期|期间|以来)")
_BEFORE_YEAR = re.compile(r"(?:[，, 在]|刚刚过去的|过去的)*")  # 刚刚过去的2020年，…
_LEAD = re.compile(r"^[\s　]*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])?[\s　]*")
_CLAUSE = re.compile(r"[，,；;：:。！？\n]")


@dataclass(frozen=True, slots=True)
class FigureDraft:
    quantity: Target
    span: Span
    sentence: str
    years: Years | None


@cache
def _markers() -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    q = quantities("zh_quantities.csv")

    def surfaces(kind: str) -> tuple[str, ...]:
        return tuple(s for s, _ in q.get(kind, ()))

    past = {s: int(v) for s, v in q.get("past-marker", ())}  # longest first
    return past, surfaces("review-heading"), surfaces("future-marker"), surfaces("review-heading-dated")


def document_year(document: Document) -> int | None:
    """The document's own year: the metadata's date, else the date of a work report's session
    line (——2019年3月5日在…人民代表大会…; 在四川省…人民代表大会…（2019年1月14日）) or of a line
    that opens with a date, near the top, else a year of its title or file name."""
    meta = document.source.metadata
    if meta.date_issued and re.match(r"\d{4}", meta.date_issued):
        return int(meta.date_issued[:4])
    head = ascii_digits(document.source.text[:800])
    session = _SESSION.search(head)  # 在四川省第十三届人民代表大会第二次会议上（2019年1月14日）
    for m in (_DATE.search(session[0]) if session else None, _DATE_LINE.search(head)):
        if m:
            return year_value(m["y"])
    for name in (meta.title, meta.title_zh, document.title, document.source.name):
        if name and (m := _TITLE_YEAR.search(ascii_digits(name))):
            return int(m[1])
    return None


def _period(m: re.Match[str]) -> Years | None:
    n = number(m["p"])
    if n is None or n < 3:
        return None
    first = 1966 + 5 * (int(n) - 3)
    return first, first + 4


def past_years(text: str, doc_year: int | None, anywhere: bool = False) -> Years | None:
    """The past years a time word of ``text`` names: at its start (a sentence or paragraph that
    opens with 去年，/过去五年，/2018年，), or, with ``anywhere``, wherever it stands (a clause's
    own 2017年末). A year not before the document's is no past year."""
    text = ascii_digits(text)
    start = _LEAD.match(text).end()  # type: ignore[union-attr]
    window = text if anywhere else text[start : start + 16]
    past = _markers()[0]
    candidates: list[tuple[int, Years]] = []
    if doc_year is not None:
        for surface, n in past.items():
            at = window.find(surface)
            if at >= 0 and (anywhere or at == 0 or window[:at].strip("，, ") == ""):
                candidates.append((at, (doc_year - n, doc_year - 1)))
    for m in _PAST_YEAR.finditer(window):
        if not anywhere and m.start() > 0 and not _BEFORE_YEAR.fullmatch(window[: m.start()]):
            break
        year = year_value(m["y"])
        if year is not None and 1900 <= year <= 2100 and (doc_year is None or year < doc_year):
            candidates.append((m.start(), (year, year)))
            break
    for m in _PERIOD.finditer(window):
        period = _period(m)
        if period and (doc_year is None or period[1] < doc_year) and (anywhere or m.start() == 0):
            candidates.append((m.start(), period))
            break
    return min(candidates)[1] if candidates else None


def review_years(heading: str | None, doc_year: int | None) -> Years | None:
    """The years a reviewing section's heading covers (一、2018年工作回顾 → 2018; 过去五年工作回顾 →
    the five years before the document's; 二、关于2019年工作: a past year's work), None when the
    heading does not review."""
    if not heading:
        return None
    _, review, _, dated = _markers()
    years = past_years(heading, doc_year, anywhere=True)
    if not any(word in heading for word in review) and not (years and any(word in heading for word in dated)):
        return None
    if years is None and doc_year is not None:
        years = (doc_year - 1, doc_year - 1)
    return years


def zh_figures(
    text: str,
    sentences: tuple[Sentence, ...],
    doc_year: int | None,
    review: Years | None,
    taken: list[Span],
) -> list[FigureDraft]:
    """The reported figures of one section's sentences, in text order; ``review`` the years of
    the reviewing section they are in, ``taken`` the spans of the targets found there."""
    drafts: list[FigureDraft] = []
    paragraph: Years | None = None
    previous_end: int | None = None
    for sentence in sentences:
        begin, end = sentence.span.begin, sentence.span.end
        if previous_end is None or "\n" in text[previous_end:begin]:
            paragraph = None  # a new paragraph
        previous_end = end
        own = past_years(text[begin:end], doc_year)
        if own is not None:  # it dates the rest of its paragraph, up to the next such word
            paragraph = own
        context = own or paragraph or review
        body = text[begin:end]
        planned = any(word in body for word in _markers()[2])  # 今年…赤字规模…比上年增加: a plan
        for found in scan_zh_targets(body, None, None, results=True):
            b, e = begin + found.begin, begin + found.end
            if any(t.begin < e and b < t.end for t in taken):
                continue  # a target, not a result
            clause_begin = max((m.end() for m in _CLAUSE.finditer(body, 0, found.begin)), default=0)
            clause_end_m = _CLAUSE.search(body, found.end)
            clause = body[clause_begin : clause_end_m.start() if clause_end_m else len(body)]
            result = is_result(clause)
            if context is None and (not result or planned):
                continue
            years = past_years(clause, doc_year, anywhere=True) or context
            if years is None and result and doc_year is not None:
                years = (doc_year - 1, doc_year - 1)
            quantity = replace(found.target, indicator=_indicator(found.target.indicator), target_year=None, span=None)
            if not quantity.indicator:
                continue
            drafts.append(FigureDraft(quantity, Span(b, e), sentence.key, years))
    return drafts


_INDICATOR_NOISE = re.compile(r"(?:比上年|同比|上年|平均|累计)+$")


def _indicator(indicator: str) -> str:
    """The indicator without the comparison or time words around it (同比, 比上年, 去年, 2018年)."""
    indicator = _INDICATOR_NOISE.sub("", indicator.strip())
    past = _markers()[0]
    for surface in past:
        if indicator.startswith(surface):
            indicator = indicator[len(surface) :]
    indicator = re.sub(rf"^(?:{_YEAR})\s*年(?:底|末)?", "", indicator)
    return indicator.strip("，, ")



def review_map(document: Document, doc_year: int | None) -> dict[str, Years | None]:
    """Each section's review years: its own heading's, else those of the section it is in."""
    out: dict[str, Years | None] = {}

    def walk(section: Section, inherited: Years | None) -> None:
        years = review_years(section.heading, doc_year) or inherited
        out[section.key] = years
        for child in section.children:
            walk(child, years)

    for top in document.children:
        walk(top, None)
    return out


def section_figures(
    text: str, section: Section, doc_year: int | None, review: Years | None, goals: list[Goal]
) -> list[ReportedFigure]:
    """The reported figures of one section, keyed ``{section}/figure/{n}`` in text order."""
    taken = [t.span for g in goals for t in g.targets if t.span is not None]
    return [
        ReportedFigure(
            key=f"{section.key}/figure/{n}",
            section=section.key,
            sentence=d.sentence,
            quantity=d.quantity,
            span=d.span,
            start_year=d.years[0] if d.years else None,
            end_year=d.years[1] if d.years else None,
        )
        for n, d in enumerate(zh_figures(text, section.sentences, doc_year, review, taken), start=1)
    ]
