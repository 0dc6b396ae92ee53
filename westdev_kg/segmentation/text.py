"""Characters and line breaks: the small text tests the segmenter's modules share.

Offsets are code-point indices into the whole text; ``begin``/``end`` bound the stretch
looked at.  :func:`clean` gives a heading or title that a hard wrap spread over several
lines as one line: each line break (and the indentation around it) becomes one space, or
nothing next to CJK characters and after a hyphen ending a line (``high-`` + ``quality``:
the hyphen is kept).
"""

from __future__ import annotations

import re

NEWLINE = re.compile(r"\r\n|\r|\n")

TERMINALS = frozenset(".。!！?？;；:：…．")  # what a line or sentence may end with when it ends one
CLOSERS = frozenset("\"'”’」』》〉）)]】")  # closing quotes and brackets, which may follow a stop
FULL_STOPS = frozenset(".。．")


def skip_blanks(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def trim_end(text: str, begin: int, end: int) -> int:
    while end > begin and text[end - 1].isspace():
        end -= 1
    return end


def ends_with_terminal(text: str, begin: int, end: int) -> bool:
    k = end - 1
    while k >= begin and text[k] in CLOSERS:
        k -= 1
    return k >= begin and text[k] in TERMINALS


def is_cjk(c: str) -> bool:
    o = ord(c)
    return (
        0x3000 <= o <= 0x303F  # CJK punctuation
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x20000 <= o <= 0x3134F
    )


def clean(s: str) -> str:
    """Replace each line break and the blanks around it by one space (none between CJK)."""
    if "\n" not in s and "\r" not in s:
        return s
    pieces = [p.strip() for p in NEWLINE.split(s)]
    out = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        out = f"{out}{_joiner(out, piece)}{piece}" if out else piece
    return out


def _joiner(left: str, right: str) -> str:
    """Nothing next to CJK or after a hyphen that a wrap split off ("high-" + "quality"), else a space."""
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return ""
    if left[-1] == "-" and len(left) > 1 and left[-2].isalpha() and right[0].isalpha():
        return ""
    return " "
