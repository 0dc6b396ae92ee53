"""Stage 2 — segment: a decoded text becomes a :class:`~westdev_kg.model.Document`.

:func:`segment` is pure: no I/O, no logging, and it returns a valid document
for any string.  What it doubts goes into ``Document.warnings`` as one-line
sentences.  Offsets are code-point indices into ``source.text`` as given.

Steps, each a module of :mod:`westdev_kg.segmentation` whose docstring holds its rules:

1. **Lines and layout** (:mod:`~westdev_kg.segmentation.layout`): the text is cut into
   blank, footer (page number) and text lines; the layout says whether every line is a
   paragraph or paragraphs are hard-wrapped; the title line(s) and a document number under
   them ("Guo Fa [2021] No. 12", 国发〔2021〕12号) are kept out of the body.
2. **Levels** (:mod:`~westdev_kg.segmentation.levels`): of the numbering markers
   (:mod:`westdev_kg.numbering`) at the start of the body lines, which family numbers the
   parts and which the measures, and which number the deeper levels below them.
3. **Walk** (:mod:`~westdev_kg.segmentation.walk`): the body lines, read once, become the
   paragraphs of the preamble, the parts and the measures; the closing paragraphs are
   counted off the last one; the paragraphs of each part and measure that open with a marker
   of a deeper level become nested units (:mod:`~westdev_kg.segmentation.outline`), at any depth.
4. **Sections** (:mod:`~westdev_kg.segmentation.structure`): headings, titles, keys and
   numbering warnings; the section tree.
5. **Sentences** (:mod:`~westdev_kg.segmentation.sentences`): each paragraph is split into
   sentences.  The sentences of every section tile its text: each non-blank character
   outside footers lies in exactly one sentence.  Titles and headings that a hard wrap
   spreads over several lines are returned on one line (:func:`~westdev_kg.segmentation.text.clean`);
   their spans still cover the original text.

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
Layout is inferred, so a few texts stay ambiguous (see the layout module).  Markers are
only seen at the start of a line.
"""

from __future__ import annotations

from ..model import Document, SourceText, Span
from ..numbering import find_marker
from ..segmentation.layout import find_title_lines, measure_layout, number_line, opens_heading, scan_lines, title
from ..segmentation.levels import choose_levels
from ..segmentation.outline import nest
from ..segmentation.sentences import split_sentences
from ..segmentation.structure import section_tree
from ..segmentation.walk import Walker, split_closing

__all__ = ["segment", "split_sentences"]

_MAX_WARNINGS = 50  # a text of repeated markers would otherwise give one warning per line


def segment(source: SourceText) -> Document:
    """Cut ``source.text`` into title, preamble, parts, measures, sentences and closing."""
    text = source.body
    lines = scan_lines(text)
    markers = {ln.index: m for ln in lines if ln.kind == "text" if (m := find_marker(text, ln.lstart, ln.rend))}
    layout = measure_layout(text, lines, markers)
    title_lines = find_title_lines(text, lines, layout, markers)
    number = number_line(text, lines, title_lines)
    above = title_lines | ({number.index} if number else set())  # the title and its number: no body text
    body = [ln for ln in lines if ln.index not in above]
    body_markers = {i: m for i, m in markers.items() if i not in above}
    headings = {i for i in body_markers if opens_heading(text, lines, layout, body_markers, i)}
    levels = choose_levels(body_markers, headings)
    walker = Walker(text, lines, layout, levels, body_markers, headings)
    walker.walk(body)
    closing = split_closing(text, walker.units, levels.deeper)
    nest(walker.units, levels.deeper, {m.begin: m for m in body_markers.values()})
    warnings = list(walker.warnings)
    sections = section_tree(text, walker.units, closing, warnings, levels)
    if len(warnings) > _MAX_WARNINGS:
        warnings[_MAX_WARNINGS - 1 :] = [f"… and {len(warnings) - _MAX_WARNINGS + 1} more warnings"]
    title_text, title_span = title(text, lines, title_lines)
    return Document(
        source=source,
        title=title_text,
        title_span=title_span,
        children=sections,
        footer_spans=tuple(walker.footers),
        warnings=tuple(warnings),
        number=text[number.lstart : number.rend] if number else None,
        number_span=Span(number.lstart, number.rend) if number else None,
    )
