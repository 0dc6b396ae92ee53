"""Numbered markers of the policy genre and the numerals written inside them.

A *marker* is the number that opens a part or a measure at the start of a
line: ``1.``, ``Sixth,``, ``I.``, ``Part 1``, ``一、``, ``(1)``, ``（一）``.
Markers come in *families*; a document uses one family per level, and the
segmenter decides which family is which level (see
:mod:`westdev_kg.stages.segment`).

=================  =============================  ====
family             examples                       rank
=================  =============================  ====
``part-word``      Part 1, Part One, 第二部分,     0
                   第一篇
``chapter-word``   Chapter 1, Chapter II, 第一章   1
``zh-top``         一、 二十、                     1
``roman``          I.  IV.  XII、                  1
``ordinal``        First,  Sixth,  Twentieth:     1
``zh-paren``       （一） (二十)                     2
``paren-roman``    (I)  (XII)  （IV）               2
``section-word``   Section 1, Section Two, 第一节  2
``arabic-dot``     1.  12．  3、                   3
``paren-arabic``   (1)  （12）                     3
``lower-roman``    i.  iv.  (ii)  iii)            3
=================  =============================  ====

The rank is the Chinese drafting convention (一、 above （一） above 1.
above （1）; 章 above 节) with the English renderings of 一、 (``I.``, ``First,``) put
beside it, ``(I)`` (a rendering of （一）) beside （一）, and ``i.`` beside ``1.``
(it has no Chinese counterpart); families of equal rank are ordered by where they first appear.

Every pattern here is anchored, bounded and free of nested repetition, so a
match costs time linear in the (short) marker, whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PART_WORD = "part-word"
CHAPTER_WORD = "chapter-word"
ZH_TOP = "zh-top"
ROMAN = "roman"
ORDINAL = "ordinal"
ZH_PAREN = "zh-paren"
SECTION_WORD = "section-word"
PAREN_ROMAN = "paren-roman"
LOWER_ROMAN = "lower-roman"
ARABIC_DOT = "arabic-dot"
PAREN_ARABIC = "paren-arabic"

RANK: dict[str, int] = {
    PART_WORD: 0,
    CHAPTER_WORD: 1,
    ZH_TOP: 1,
    ROMAN: 1,
    ORDINAL: 1,
    ZH_PAREN: 2,
    SECTION_WORD: 2,
    PAREN_ROMAN: 2,
    LOWER_ROMAN: 3,
    ARABIC_DOT: 3,
    PAREN_ARABIC: 3,
}

#: families that can number parts (the others only number measures)
PART_FAMILIES = frozenset({PART_WORD, CHAPTER_WORD, ZH_TOP, ROMAN, ORDINAL, ARABIC_DOT})

#: families whose marker line is a heading ("Chapter 3 Protecting the Upper Reaches", "Section 1
#: Basic Situation"): such a line ends its paragraph, however long it is
HEADING_FAMILIES = frozenset({PART_WORD, CHAPTER_WORD, SECTION_WORD})

#: families that translators mix within one part sequence ("5.", "Sixth,", "7.")
SEQUENCE_GROUP = frozenset({ROMAN, ORDINAL, ARABIC_DOT})

#: the groups of families that may continue one another's part sequence: "5.", "Sixth,", "7.";
#: "Part One", "Part Two", "Chapter 3" (第三部分 rendered as a chapter)
MIXED_GROUPS = (SEQUENCE_GROUP, frozenset({PART_WORD, CHAPTER_WORD}))

ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
CARDINAL_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()

_ZH_DIGITS = "一二三四五六七八九"
_ZH_NUM = "[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_ROMAN_VALUES = (
    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _word_marker(english: str, chinese: str) -> re.Pattern[str]:
    """"Part 1", "Part One", "Part IV", 第一部分, 第3章 …: a word, a number, an optional stop."""
    return re.compile(
        rf"(?:(?:{english})[ \t\u3000]{{1,3}}(?P<n>[1-9][0-9]{{0,2}}|[IVXLC]{{1,7}}|[A-Za-z]{{3,9}})"
        rf"|第(?P<z>{_ZH_NUM}|[1-9][0-9]{{0,2}})(?:{chinese}))"
        r"(?![A-Za-z0-9])(?:[ \t]{0,2}[.:：,，、—–-])?"
    )


_PART_WORD_RE = _word_marker("Part|PART", "部分|篇")
_CHAPTER_WORD_RE = _word_marker("Chapter|CHAPTER", "章")
_SECTION_WORD_RE = _word_marker("Section|SECTION", "节")
_ZH_TOP_RE = re.compile(rf"(?P<z>{_ZH_NUM})、")
_ZH_PAREN_RE = re.compile(rf"[（(](?P<z>{_ZH_NUM})[）)]")
_PAREN_ARABIC_RE = re.compile(r"[（(](?P<n>[1-9][0-9]{0,2})[）)]")
_PAREN_ROMAN_RE = re.compile(r"[（(](?P<r>[IVXLC]{1,7})[）)]")
_LOWER_ROMAN_RE = re.compile(r"(?:[（(](?P<r>[ivxlc]{1,7})[）)]|(?P<s>[ivxlc]{1,7})[.．)](?=\s|$))")
_ROMAN_RE = re.compile(r"(?P<r>[IVXLC]{1,7})[.．、](?=\s|$)")
_ORDINAL_RE = re.compile(rf"(?i:(?P<o>{'|'.join(ORDINAL_WORDS)}))[,，:：](?=\s|$)")
_ARABIC_DOT_RE = re.compile(r"(?P<n>[1-9][0-9]{0,2})(?:[.．](?![0-9.．])|、)")


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker found at ``text[begin:end]``; its text starts at ``text_begin``."""

    family: str
    number: int
    begin: int
    end: int
    text_begin: int  # after the marker and the blanks that follow it (may be the line end)

    def written(self, text: str) -> str:
        return text[self.begin : self.end]


def chinese_number(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 九十九 -> 99; None otherwise."""
    if not s or len(s) > 3:
        return None
    if "十" not in s:
        return _ZH_DIGITS.index(s) + 1 if len(s) == 1 and s in _ZH_DIGITS else None
    tens, _, units = s.partition("十")
    if (tens and tens not in _ZH_DIGITS) or (units and units not in _ZH_DIGITS):
        return None
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_ZH_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_ZH_DIGITS.index(units) + 1 if units else 0)


def roman_number(s: str) -> int | None:
    """I -> 1, IV -> 4, XII -> 12 (1..399, canonical spelling only); None otherwise."""
    if not s or any(c not in "IVXLC" for c in s):
        return None
    value, rest = 0, s
    for amount, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            value += amount
            rest = rest[len(letters) :]
    if rest or not 0 < value < 400 or to_roman(value) != s:
        return None
    return value


def to_roman(n: int) -> str:
    out = []
    for amount, letters in _ROMAN_VALUES:
        count, n = divmod(n, amount)
        out.append(letters * count)
    return "".join(out)


def word_number(s: str) -> int | None:
    """"one"/"One" -> 1 … "twenty" -> 20, also ordinals "first" … "twentieth"."""
    low = s.lower()
    if low in CARDINAL_WORDS:
        return CARDINAL_WORDS.index(low) + 1
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(low) + 1
    return None


def _word_marker_number(m: re.Match[str]) -> int | None:
    if m.group("z") is not None:
        z = m.group("z")
        return int(z) if z.isdigit() else chinese_number(z)
    n = m.group("n")
    if n.isdigit():
        return int(n)
    return roman_number(n) if n.isupper() and roman_number(n) else word_number(n)


def _number(family: str, m: re.Match[str]) -> int | None:
    if family in (PART_WORD, CHAPTER_WORD, SECTION_WORD):
        return _word_marker_number(m)
    if family in (ZH_TOP, ZH_PAREN):
        return chinese_number(m.group("z"))
    if family in (ROMAN, PAREN_ROMAN):
        return roman_number(m.group("r"))
    if family == LOWER_ROMAN:
        return roman_number((m.group("r") or m.group("s")).upper())
    if family == ORDINAL:
        return word_number(m.group("o"))
    return int(m.group("n"))


_PATTERNS = (
    (PART_WORD, _PART_WORD_RE),
    (CHAPTER_WORD, _CHAPTER_WORD_RE),
    (SECTION_WORD, _SECTION_WORD_RE),
    (ZH_TOP, _ZH_TOP_RE),
    (ZH_PAREN, _ZH_PAREN_RE),
    (PAREN_ARABIC, _PAREN_ARABIC_RE),
    (PAREN_ROMAN, _PAREN_ROMAN_RE),
    (LOWER_ROMAN, _LOWER_ROMAN_RE),
    (ROMAN, _ROMAN_RE),
    (ORDINAL, _ORDINAL_RE),
    (ARABIC_DOT, _ARABIC_DOT_RE),
)


def find_marker(text: str, begin: int, end: int) -> Marker | None:
    """The marker that opens ``text[begin:end]`` (one line, no indentation), if any."""
    for family, pattern in _PATTERNS:
        m = pattern.match(text, begin, end)
        if m is None:
            continue
        number = _number(family, m)
        if number is None:
            return None
        after = m.end()
        while after < end and text[after].isspace():
            after += 1
        return Marker(family, number, begin, m.end(), after)
    return None


def format_numbers(numbers: Iterable[int]) -> str:
    """[4, 5] -> "4, 5"; [4, 5, 6, 7, 9] -> "4-7, 9" (runs of three or more are joined)."""
    items = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{items[i]}-{items[j]}")
        else:
            out.extend(str(n) for n in items[i : j + 1])
        i = j + 1
    return ", ".join(out)
