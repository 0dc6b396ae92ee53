"""Quantified targets of indicator tables in Chinese texts (issue 12, point 3).

Plans give their indicators as tables: Markdown pipes, one sentence a row, as the read stage
keeps them (| 指标 | 2020年 | 2025年 | 年均/累计 | 属性 |; | 产品名称 | 1952年产量 | 1957年计划产量 |).
A table is read when its header names years: the **target column** is the one of the latest year
(its year the target year) and is read only when it plans — its year is not before the document's,
or its header says so (计划, 目标, 预期); the **baseline column** is the one of the latest earlier
year. Each data row with a number in its target column is a goal of one target:

- the indicator is the row's indicator cell (the header 指标 / 名称 / 项目, else the first column
  without a year), without the unit it gives in brackets (单位国内生产总值能源消耗降低（%）);
- the value is the target cell's quantity (scale and unit applied as in sentences, the unit from
  the indicator's brackets when the cell has none); 〔13.5〕 is a cumulative value (the plans'
  notation), ＞ / > at least, ＜ / < at most;
- the direction is a decrease when the indicator says so (降低, 下降, 减少), an increase when it
  names a growth (增长, 提高), else a level to reach;
- 年均 / 累计 of an aggregation column, and 约束性 / 预期性 of an attribute column (属性): binding
  or expected;
- the baseline cell's quantity is the baseline value, its year the baseline year.

Word lists: ``westdev_kg/lexicon/zh_quantities.csv`` (kinds ``table-*``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import quantities
from ..model import Sentence, Span, Target
from ..zh_numerals import ascii_digits
from .goals import GoalDraft
from .zh_targets import _quantities

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_BRACKETED = re.compile(r"[（(]([^（()）]{1,8})[)）]\s*$")


@dataclass(frozen=True, slots=True)
class _Columns:
    indicator: int
    target: int
    year: int
    baseline: int | None
    baseline_year: int | None
    aggregation: int | None
    bindingness: int | None


@cache
def _words() -> dict[str, dict[str, str]]:
    return {kind: dict(items) for kind, items in quantities("zh_quantities.csv").items() if kind.startswith("table-")}


def _cells(line: str, begin: int) -> list[tuple[str, int, int]]:
    """The cells of a Markdown table row: (text, begin, end), offsets absolute, text stripped."""
    out: list[tuple[str, int, int]] = []
    bars = [i for i, c in enumerate(line) if c == "|"]
    for left, right in zip(bars, bars[1:]):
        raw = line[left + 1 : right]
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        out.append((stripped, begin + left + 1 + lead, begin + left + 1 + lead + len(stripped)))
    return out


def _columns(header: list[tuple[str, int, int]], not_before: int | None) -> _Columns | None:
    words = _words()
    years = [(int(m[1]), i) for i, (cell, _, _) in enumerate(header) if (m := _YEAR.search(ascii_digits(cell)))]
    if not years:
        return None
    year = max(y for y, _ in years)
    latest = [i for y, i in years if y == year]  # 1957年计划产量 before 1957年为1952年的百分比: the planned one, else the first
    target = next((i for i in latest if any(w in header[i][0] for w in words.get("table-planned", {}))), latest[0])
    planned = any(w in header[target][0] for w in words.get("table-planned", {}))
    if not planned and (not_before is None or year < not_before):
        return None  # a table of past figures, or one the document's year cannot place
    earlier = [(y, i) for y, i in years if y < year]
    baseline_year, baseline = max(earlier) if earlier else (None, None)
    indicator = next((i for i, (c, _, _) in enumerate(header) if any(w in c for w in words.get("table-indicator", {}))), None)
    if indicator is None:
        indicator = next((i for i, (c, _, _) in enumerate(header) if i not in {j for _, j in years} and c), None)
    if indicator is None:
        return None

    def column(kind: str) -> int | None:
        return next((i for i, (c, _, _) in enumerate(header) if any(w in c for w in words.get(kind, {}))), None)

    return _Columns(indicator, target, year, baseline, baseline_year, column("table-aggregation"), column("table-bindingness"))


def _quantity(cell: str, unit: str | None):
    """The first quantity of ``cell`` (with ``unit`` when the cell writes none), its qualifier
    from a leading ＞ / ＜, and whether 〔…〕 marks it cumulative."""
    text = ascii_digits(cell).replace(",", "").replace("，", "")
    cumulative = text.startswith("〔") and "〕" in text
    text = text.strip("〔〕[] ")
    sign = _words().get("table-sign", {}).get(text[:1])
    if sign:
        text = text[1:].strip()
    found = _quantities(text)
    if not found and unit and re.fullmatch(r"\d+(?:\.\d+)?", text):
        found = _quantities(text + unit)
    if not found or found[0].begin != 0:
        return None
    q = found[0]
    if q.unit_label is None and unit:
        with_unit = _quantities(text[: q.end] + unit)
        q = with_unit[0] if with_unit else q
    return q, sign or q.qualifier, cumulative


def _direction(indicator: str) -> str:
    words = _words().get("table-direction", {})
    return next((words[w] for w in sorted(words, key=len, reverse=True) if w in indicator), "reach")


@dataclass(frozen=True, slots=True)
class _Row:
    sentence: str  # the key of the sentence holding it (the segmenter may hold two rows in one)
    begin: int
    end: int


def _lines(text: str, sentence: Sentence) -> list[_Row | None]:
    """The lines of a sentence: a row where it is a table's, else None."""
    out: list[_Row | None] = []
    pos = sentence.span.begin
    for line in text[sentence.span.begin : sentence.span.end].split("\n"):
        stripped = line.strip()
        if stripped:
            begin = pos + line.index(stripped)
            out.append(_Row(sentence.key, begin, begin + len(stripped)) if stripped.startswith("|") else None)
        pos += len(line) + 1
    return out


def table_goals(text: str, sentences: tuple[Sentence, ...], not_before: int | None) -> list[GoalDraft]:
    """One goal of one target per data row of each indicator table among ``sentences``."""
    drafts: list[GoalDraft] = []
    rows: list[_Row] = []
    for row in [line for s in sentences for line in _lines(text, s)] + [None]:
        if row is not None:
            rows.append(row)
            continue
        if len(rows) >= 3:
            drafts.extend(_table(text, rows, not_before))
        rows = []
    return drafts


def _table(text: str, rows: list[_Row], not_before: int | None) -> list[GoalDraft]:
    header = _cells(text[rows[0].begin : rows[0].end], rows[0].begin)
    columns = _columns(header, not_before)
    if columns is None:
        return []
    words = _words()
    out: list[GoalDraft] = []
    for row in rows[1:]:
        cells = _cells(text[row.begin : row.end], row.begin)
        if len(cells) <= max(columns.indicator, columns.target) or set(cells[columns.target][0]) <= set("-: "):
            continue  # the separator row, or a short one
        name, name_begin, _ = cells[columns.indicator]
        unit_match = _BRACKETED.search(name)
        unit = unit_match[1] if unit_match else None
        indicator = name[: unit_match.start()].strip() if unit_match else name
        read = _quantity(cells[columns.target][0], unit)
        value_cell = cells[columns.target]
        over_period = columns.aggregation is not None and columns.aggregation < len(cells)
        from_period = read is None and over_period  # the 十四五 table: a change over the period in 年均/累计
        if from_period:
            read, value_cell = _quantity(cells[columns.aggregation][0], unit), cells[columns.aggregation]  # type: ignore[index]
        if not indicator or read is None:
            continue
        quantity, qualifier, cumulative = read
        if cumulative:
            aggregation: str | None = "cumulative"
        elif from_period:
            aggregation = "average-annual"  # a bare number of the 年均/累计 column
        elif over_period:
            aggregation = next((v for w, v in words.get("table-aggregation-value", {}).items() if w in cells[columns.aggregation][0]), None)
        else:
            aggregation = None
        bindingness = None
        if columns.bindingness is not None and columns.bindingness < len(cells):
            bindingness = next((v for w, v in words.get("table-bindingness-value", {}).items() if w in cells[columns.bindingness][0]), None)
        baseline = _quantity(cells[columns.baseline][0], unit) if columns.baseline is not None and columns.baseline < len(cells) else None
        target = Target(
            indicator, quantity.value, quantity.unit, quantity.unit_label, _direction(indicator),  # type: ignore[arg-type]
            qualifier or "exactly",  # type: ignore[arg-type]
            baseline_year=columns.baseline_year if baseline else None, target_year=columns.year,
            span=Span(name_begin, value_cell[2]), baseline_value=baseline[0].value if baseline else None,
            aggregation=aggregation, bindingness=bindingness,  # type: ignore[arg-type]
        )
        out.append(GoalDraft(row.begin, row.end, row.sentence, year=columns.year, targets=(target,), explicit_year=True))
    return out
