"""The walk: the body lines, read once, become units (preamble, parts, measures) of paragraphs.

1. **Walk.**  A marker of the part or measure level (:mod:`.levels`) opens a new part or
   measure when it starts a paragraph (any number: skips and repeats are kept and warned
   about) or, in the middle of a paragraph, when its number is the next one expected.
   Measure markers before the first part stay preamble text, with a warning.  Paragraphs
   are joined from lines as :mod:`.layout` says; a page footer cuts a paragraph into pieces.
2. **Closing.**  Unnumbered text after the last measure cannot be told from that measure by
   its markers, so paragraphs are counted: the last numbered unit (the last measure, or the
   last part when it has no measures) keeps as many paragraphs as the median unit before it
   (rounded up; one when there is none), and the paragraphs after those form the *closing*
   (:func:`split_closing`).  A last unit holding word headings of a third level
   (``Section 2``) keeps all its paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from statistics import median

from ..model import Span
from ..numbering import HEADING_FAMILIES, ORDINAL, Marker, find_marker
from .layout import SHORT_LINE, Layout, Line, breaks_after
from .levels import Levels
from .text import ends_with_terminal

Piece = tuple[int, int]  # a stretch of one paragraph between page footers
Paragraph = list[Piece]


@dataclass(slots=True)
class Unit:
    """The paragraphs of the preamble, a part or a measure, as the walk finds them."""

    kind: str  # "preamble", "part", "measure" or "sub" (a unit of a deeper level: :mod:`.outline`)
    index: int  # its place among the walk's units (0: the preamble), by which the others refer to it
    marker: Marker | None = None
    part: Unit | None = None  # the part holding a measure; the part or measure holding a sub
    paras: list[Paragraph] = field(default_factory=list)
    measures: list[Unit] = field(default_factory=list)  # a part's measures
    subs: list[Unit] = field(default_factory=list)  # units of deeper levels in it, in reading order


class Walker:
    """Reads the body lines once and sorts their paragraphs into units."""

    def __init__(
        self,
        text: str,
        lines: list[Line],
        layout: Layout,
        levels: Levels,
        markers: dict[int, Marker],
        headings: set[int],
    ) -> None:
        self.text, self.lines, self.layout, self.levels = text, lines, layout, levels
        self.markers, self.headings = markers, headings
        self.units: list[Unit] = [Unit("preamble", 0)]
        self.footers: list[Span] = []
        self.warnings: list[str] = []
        self.part: Unit | None = None
        self.last_part = 0
        self.last_measure = 0  # across the document
        self.last_in_part = 0  # within the current part; 0 before its first measure
        self.para: Paragraph = []  # the finished pieces of the paragraph being read
        self.open: Piece | None = None  # the piece being read
        self.ends_para = True  # the previous line closed its paragraph
        self.gap = ""  # "blank" or "footer" when such lines came after the last text line
        self.last_text: Line | None = None

    def walk(self, body: list[Line]) -> None:
        for ln in body:
            if ln.kind == "text":
                self._text_line(ln)
                continue
            self._cut()
            self.gap = "footer" if ln.kind == "footer" or self.gap == "footer" else "blank"
            if ln.kind == "footer":
                self.footers.append(Span(ln.lstart, ln.rend))
        self._close()

    def _text_line(self, ln: Line) -> None:
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
        self.ends_para = self.layout.line_mode or breaks_after(self.text, self.lines, self.layout, self.markers, ln)

    def _continues_across(self, ln: Line) -> bool:
        """Wrap mode: a paragraph interrupted by a page footer goes on in lower case."""
        prev = self.last_text
        return (
            prev is not None
            and not self.layout.line_mode
            and prev.rend - prev.start >= SHORT_LINE * self.layout.width
            and not ends_with_terminal(self.text, prev.lstart, prev.rend)
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

    def _kind(self, m: Marker, ln: Line, para_start: bool) -> str | None:
        if self._is_part(m, ln, para_start):
            return "part"
        if m.family == self.levels.measure and self._is_measure(m, para_start):
            return "measure"
        return None

    def _open_unit(self, kind: str, m: Marker) -> None:
        if kind == "part":
            unit = Unit("part", len(self.units), m)
            self.part, self.last_part, self.last_in_part = unit, m.number, 0
        else:
            unit = Unit("measure", len(self.units), m, self.part)
            if self.part is not None:
                self.part.measures.append(unit)
            self.last_measure = self.last_in_part = m.number
        self.units.append(unit)

    def _is_part(self, m: Marker, ln: Line, para_start: bool) -> bool:
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


def split_closing(text: str, units: list[Unit], deeper: tuple[str, ...] = ()) -> list[Paragraph]:
    """Take the closing paragraphs off the last numbered unit (rule 2 above); none when that unit
    holds headings of a third level ("Section 2"), whose paragraphs are not counted as its own,
    and only paragraphs after the last marker of a ``deeper`` family (1. … 5. items of the last
    measure are its own)."""
    leaves = [u for i, u in enumerate(units) if u.kind == "measure" or (u.kind == "part" and _is_leaf(units, i))]
    if not leaves or leaves[-1].index != units[-1].index:
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
    marked = [i for i, para in enumerate(last.paras) if i and _opens(text, para, deeper)]
    if marked:
        extra = min(extra, len(last.paras) - 1 - marked[-1])
        if extra <= 0:
            return []
    closing = last.paras[-extra:]
    del last.paras[-extra:]
    return closing


def _opens(text: str, para: Paragraph, families: tuple[str, ...]) -> bool:
    begin, end = para[0]
    m = find_marker(text, begin, end)
    return m is not None and m.family in families


def _is_leaf(units: list[Unit], i: int) -> bool:
    return i + 1 == len(units) or units[i + 1].kind != "measure"


def _body_paragraphs(unit: Unit) -> int:
    return len(unit.paras) - 1 if unit.kind == "part" and unit.paras else len(unit.paras)
