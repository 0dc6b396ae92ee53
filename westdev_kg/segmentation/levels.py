"""Levels: which marker families number the parts and which the measures.

Markers (:mod:`westdev_kg.numbering`) are looked for at the start of every text line.  A
family is a *level* when it has a marker numbered 1 (or at least three markers).  Levels are
ordered by rank (Chinese convention: 一、 > （一） > 1. > （1）; ``Part`` (篇, 部分) above all;
``Chapter`` (章), ``I.`` and ``First,`` beside 一、; ``Section`` (节) and ``(I)`` beside （一）;
``i.`` beside ``1.``) and, at equal rank, by where the family's marker 1 first appears.

The first level numbers the *parts* when its family can number parts (``1.``, ``I.``,
``First,``, ``Part 1``, ``Chapter 1``, ``一、``), otherwise there are no parts and it numbers
*loose measures*; the next level numbers the measures (under a word family, the next word
family when there is one: 节 under 章 even where 一、 comes first).  The families that nest below
the measures' are the *deeper* levels, split off inside the parts and measures by
:mod:`.outline`, in the order 篇 > 章 > 节 > 一、 > （一） > 1. > （1） (word headings above the
numerals, the numerals by rank; ordinal words never: below the top they are body text); their
kinds come from :meth:`Levels.kind`.  The families ``1.``, ``I.`` and ``First,``
that are not levels themselves may continue the part sequence of one another: ``Sixth,`` after
part 5 is part 6 when its line reads as a heading (it does not end a sentence).  Ordinal words
count only on heading lines (``First, we will …`` is body text).  When the part family has
several heading lines and some lines that end a sentence, only the heading lines are parts
(the others are sub-items).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..numbering import (
    CHAPTER_WORD, MIXED_GROUPS, ORDINAL, PAREN_ARABIC, PART_FAMILIES, PART_WORD, RANK, SECTION_WORD, Marker,
)

#: the kind of section a word family prints (the others: a part or a measure at the top two
#: levels, an item and then a sub-item below)
WORD_KINDS = {PART_WORD: "part", CHAPTER_WORD: "chapter", SECTION_WORD: "section"}


@dataclass(frozen=True, slots=True)
class Levels:
    """The marker families that number the parts and the measures."""

    part: str | None = None  # family numbering the parts
    fillers: frozenset[str] = frozenset()  # families that may continue the part sequence
    measure: str | None = None  # family numbering the measures (loose when part is None)
    part_needs_heading: bool = False  # only heading lines of the part family are parts
    deeper: tuple[str, ...] = ()  # families of the levels below the measures, the highest first

    def kind(self, family: str) -> str:
        """The section kind a marker family of this outline prints (:data:`model.SectionKind`)."""
        if family in WORD_KINDS:
            return WORD_KINDS[family]
        if family == self.measure:
            return "measure"
        if family not in self.deeper:
            return "part"
        above = [f for f in (self.part, self.measure) if f is not None and f not in WORD_KINDS]
        plain = [f for f in self.deeper if f not in WORD_KINDS]
        names = ("item", "sub-item") if above else ("measure", "item", "sub-item")
        return names[min(plain.index(family), len(names) - 1)]


def choose_levels(markers: dict[int, Marker], headings: set[int]) -> Levels:
    """The levels of the markers by line index (``headings``: the lines that open a heading)."""
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
        return Levels()
    top = levels[0]
    if top not in PART_FAMILIES:
        return Levels(measure=top, deeper=_deeper(top, levels[1:], families))
    fillers = frozenset().union(*(group - set(levels) for group in MIXED_GROUPS if top in group))
    heads = [i in headings for i, _ in families[top]]
    words = [f for f in levels[1:] if f in WORD_KINDS]  # 节 under 章, 章 under 篇, before any numeral
    measure = words[0] if top in WORD_KINDS and words else levels[1] if len(levels) > 1 else None
    return Levels(
        part=top,
        fillers=fillers,
        measure=measure,
        part_needs_heading=heads.count(True) >= 2 and not all(heads),
        deeper=_deeper(measure, [f for f in levels[1:] if f not in fillers and f != measure], families),
    )


def _depth(family: str) -> tuple[bool, float]:
    """Where a family nests in an outline: word headings (篇 > 章 > 节) above the numerals, which
    follow their rank, （1） below 1. (both rank 3: they stay apart from the top two levels)."""
    return family not in WORD_KINDS, RANK[family] + (0.5 if family == PAREN_ARABIC else 0)


def _deeper(measure: str | None, below: list[str], families: dict[str, list[tuple[int, Marker]]]) -> tuple[str, ...]:
    """The families nesting below the measure family, the highest first (ordinal words never)."""
    if measure is None:
        return ()
    found = [f for f in below if f != ORDINAL and _depth(f) > _depth(measure)]
    return tuple(sorted(found, key=lambda f: (_depth(f), _first_one(families[f]))))


def _is_level(found: list[tuple[int, Marker]]) -> bool:
    return len(found) >= 3 or any(m.number == 1 for _, m in found)


def _first_one(found: list[tuple[int, Marker]]) -> int:
    return next((i for i, m in found if m.number == 1), found[0][0])
