"""Periods a text dates a goal by: five-year plan periods and spans of years around the document.

A period is an interval of whole years, ``(start, end)`` with both years included:

- a five-year plan period — Chinese ``十四五`` (quoted “十四五” or before 时期 / 期间 / 规划 /
  以来; not 到“十四五”末, which is the plan's last year), ``第十四个五年规划``; English "the 14th Five-Year Plan (period)", "the Fourteenth
  Five-Year Plan" — its years from ``westdev_kg/lexicon/five_year_plans.csv`` (the plans are not
  all five years apart: 1963–1965 lay between the 2nd and the 3rd);
- the years before or after the document: 过去五年 / "the past five years" are the five years
  before the document's year; 今后五年 / 未来五年 / "the next five years" the five from it.

:func:`period_in` gives the first period a text names, or None; a relative period needs the
document's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import _rows
from ..zh_numerals import number

_ORDINALS_EN = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                "thirteenth fourteenth fifteenth").split()
_COUNT_ZH = "一二三四五六七八九十"


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    begin: int  # where the text names it (offsets into the text searched)
    stop: int


@cache
def plans() -> dict[int, tuple[int, int]]:
    """Plan number -> (first year, last year)."""
    return {int(r["number"]): (int(r["start"]), int(r["end"])) for r in _rows("five_year_plans.csv")}


@cache
def _numbers() -> dict[str, int]:
    """A plan's short name -> its number (十四五 -> 14)."""
    return {r["short_zh"]: int(r["number"]) for r in _rows("five_year_plans.csv")}


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    shorts = sorted(_numbers(), key=len, reverse=True)
    alt = "|".join(map(re.escape, shorts))
    return (
        # “十四五” quoted, or 十四五 before what only a plan period takes
        re.compile(rf"[“\"‘']({alt})[”\"’']|({alt})(?=时期|期间|规划|计划|以来|开局|收官)"),
        re.compile(rf"第([{_COUNT_ZH}]+)个五年(?:规划|计划)"),
        re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+Five-Year\s+Plan\b|\b(?:the\s+)?(" + "|".join(_ORDINALS_EN) + r")\s+Five-Year\s+Plan\b", re.IGNORECASE),
        re.compile(r"(过去|今后|未来)(五|5)年|\bthe\s+(past|next|coming)\s+five\s+years\b", re.IGNORECASE),
    )


def period_in(text: str, document_year: int | None = None) -> Period | None:
    """The first period ``text`` names (see the module's docstring), or None."""
    found: list[Period] = []
    quoted, ordinal_zh, english, relative = _patterns()
    for m in quoted.finditer(text):
        if text.startswith("末", m.end()):
            continue  # 到“十四五”末: a year (the plan's last), not the period
        n = _numbers().get(m[1] or m[2])
        if n in plans():
            found.append(Period(*plans()[n], m.start(), m.end()))
            break
    for m in ordinal_zh.finditer(text):
        n = number(m[1])
        if n is not None and int(n) in plans():
            found.append(Period(*plans()[int(n)], m.start(), m.end()))
            break
    for m in english.finditer(text):
        if re.search(r"\bend\s+of\s+$", text[: m.start()], re.IGNORECASE):
            continue  # "by the end of the 14th Five-Year Plan": a year, not the period
        n = int(m[1]) if m[1] else _ORDINALS_EN.index(m[2].lower()) + 1
        if n in plans():
            found.append(Period(*plans()[n], m.start(), m.end()))
            break
    if document_year is not None:
        for m in relative.finditer(text):
            before = (m[1] or "") == "过去" or (m[3] or "").lower() == "past"
            start = document_year - 5 if before else document_year
            found.append(Period(start, start + 4, m.start(), m.end()))
            break
    return min(found, key=lambda p: p.begin) if found else None
