"""Deeper levels: inside a part's or a measure's paragraphs, the markers of the families ranked
below the measures (:attr:`.levels.Levels.deeper`) open nested units, at any depth.

A paragraph opens a nested unit when it starts with a marker of a deeper family (its marker
line, as the walk keeps it).  The unit holds the paragraphs that follow up to the next marker
of its own or of a higher deeper level; a marker of a lower level opens a child of it; a level
may be skipped (a 章 holding 一、 items without 节 sections).  Paragraphs before the first such
marker stay the enclosing unit's own.  Only markers that start a paragraph count (a 1. inside a
sentence is text), and the numbers of deeper levels are not checked for skips and repeats (a
repeat gets ``-2`` in its key, as at the top levels).
"""

from __future__ import annotations

from ..numbering import Marker
from .walk import Paragraph, Unit


def nest(units: list[Unit], deeper: tuple[str, ...], markers_at: dict[int, Marker]) -> None:
    """Split the paragraphs of every part and measure of ``units`` into nested units (in place);
    ``markers_at``: the body markers by the offset where their line's text begins."""
    if not deeper:
        return
    for unit in units:
        if unit.kind in ("part", "measure"):
            _split(unit, deeper, markers_at)


def _split(unit: Unit, deeper: tuple[str, ...], markers_at: dict[int, Marker]) -> None:
    own: list[Paragraph] = unit.paras[:1]  # its first paragraph holds its marker's line
    stack: list[tuple[int, Unit]] = []
    for para in unit.paras[1:]:
        m = markers_at.get(para[0][0])
        if m is None or m.family not in deeper:
            (stack[-1][1].paras if stack else own).append(para)
            continue
        depth = deeper.index(m.family)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        sub = Unit("sub", -1, m, unit, [_after_marker(para, m)] if _after_marker(para, m) else [])
        (stack[-1][1].subs if stack else unit.subs).append(sub)
        stack.append((depth, sub))
    unit.paras = own


def _after_marker(para: Paragraph, m: Marker) -> Paragraph:
    """The paragraph without its marker (and the blanks after it)."""
    first = (m.text_begin, para[0][1])
    return ([first] if first[0] < first[1] else []) + para[1:]
