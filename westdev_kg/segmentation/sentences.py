"""Sentence splitting: a paragraph becomes sentence spans.

:func:`split_sentences` ends a sentence after ``。！？`` (always) or after
``.!?`` followed by white space and then an upper-case letter, a digit, an
opening quote or bracket, or a CJK character, or by the end of the paragraph;
closing quotes and brackets right after the stop belong to the sentence.  A
stop is not an end after common abbreviations (``No.``, ``Mr.``, ``e.g.``,
``i.e.``, ``U.S.``, single initials), inside numbers (``3.5``), or after a
bare enumerator (``1.`` at the start of a sentence).  ``etc.`` ends a sentence
only when an upper-case word follows.  Semicolons never end sentences.
Sentence spans carry no surrounding white space.
"""

from __future__ import annotations

import re

from .text import is_cjk, skip_blanks, trim_end

_TERM_RUN = re.compile(r"[.!?。！？．]+[\"'”’」』》〉）)\]】]*")
_ENUMERATOR = re.compile(r"[0-9]{1,3}|[IVXLC]{1,6}|[ivx]{1,4}|[A-Za-z]")
_INITIALS = re.compile(r"[A-Za-z](?:\.[A-Za-z]){0,4}")

_OPENERS = frozenset("\"'“‘「『《〈（(【[")
_CJK_STOPS = frozenset("。！？")
_ABBREVIATIONS = frozenset(
    "No Nos Mr Mrs Ms Dr Prof St Jr Sr Art Arts Vol Vols vs cf Fig Figs approx Co Corp "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


def split_sentences(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Sentences of the paragraph ``text[begin:end]`` as ``(begin, end)`` pairs, blanks trimmed."""
    out: list[tuple[int, int]] = []
    start = skip_blanks(text, begin, end)
    for m in _TERM_RUN.finditer(text, start, end):
        if m.start() < start or not _ends_sentence(text, m, start, end):
            continue
        out.append((start, m.end()))
        start = skip_blanks(text, m.end(), end)
    stop = trim_end(text, start, end)
    if start < stop:
        out.append((start, stop))
    return out


def _ends_sentence(text: str, m: re.Match[str], start: int, end: int) -> bool:
    """Is the stop run ``m`` (inside the sentence opened at ``start``) a sentence end?"""
    after = m.end()
    if after >= end or any(c in _CJK_STOPS for c in m.group()):
        return after >= end or not _ENUMERATOR.fullmatch(text, start, m.start())
    if not text[after].isspace():
        return False
    nxt = skip_blanks(text, after, end)
    if nxt >= end:
        return True
    c = text[nxt]
    starts = c.isdigit() or c in _OPENERS or is_cjk(c) or (c.isalpha() and not c.islower())
    if not starts:
        return False
    return not _protected(text, m, start)


def _protected(text: str, m: re.Match[str], start: int) -> bool:
    """A single full stop after an abbreviation, an initial or a bare enumerator."""
    if _ENUMERATOR.fullmatch(text, start, m.start()):
        return True
    if m.group() != ".":
        return False
    k = m.start()
    while k > start and m.start() - k < 24 and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k : m.start()]
    if word in _ABBREVIATIONS:
        return True
    return bool(_INITIALS.fullmatch(word)) and (len(word) > 1 or word.isupper())
