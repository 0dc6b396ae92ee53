"""Published Markdown: what of a file is not body text, masked in a copy of the same length.

Texts of the genre are published as Markdown with YAML front matter.  The graph keeps the
whole decoded file (``nif:isString``) and quotes it exactly; the segmenter and the analysis
read a *masked copy*: every character that is not body text is replaced by a space, line
breaks are kept, so that an offset into the copy is the same offset into the file.

Masked (in this order; each rule reads lines once, so the cost is linear in the text):

1. **Front matter**: a first line ``---``, up to the next line ``---`` or ``...``.
2. **Comments** ``<!-- … -->`` (they may span lines).
3. **Contents lists** ``<details>…</details>`` (the collections put the 目录 there).
4. **Notices**: a blockquote opened by ``> [!NOTE]`` (or another GitHub alert) and the lines of
   that blockquote: a news item wrapping the document; its dateline is kept as metadata.
5. **Image lines** ``![…](…)`` and **thematic breaks** (``---``, ``***``, ``___``).
6. **Syntax** of the lines that stay: the ``#`` of headings, the ``>`` of quotes, ``**`` and
   ``__`` of bold text, and a line break's trailing backslash.  A heading's line is recorded
   (:attr:`Masked.headings`) so that the segmenter can take it as a heading.

Nothing here is a fact of one text: the rules are those of CommonMark and GitHub's alerts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DETAILS = re.compile(r"<details\b[^>]*>.*?</details>", re.DOTALL | re.IGNORECASE)
_ALERT = re.compile(r"[ \t]{0,3}>[ \t]*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
_QUOTE_LINE = re.compile(r"[ \t]{0,3}>")
_IMAGE_LINE = re.compile(r"[ \t]{0,3}(?:\[?!\[[^\]\n]*\]\([^)\n]*\)\]?(?:\([^)\n]*\))?[ \t]*)+$")
_BREAK_LINE = re.compile(r"[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HEADING = re.compile(r"([ \t]{0,3}#{1,6})(?:[ \t]+|$)")
_QUOTE_PREFIX = re.compile(r"(?:[ \t]{0,3}>[ \t]?)+")
_EMPHASIS = re.compile(r"\*\*|__")
_DATELINE = re.compile(r"新华社[^\s　，。]{0,12}?\d{1,2}月\d{1,2}日电")


@dataclass(frozen=True, slots=True)
class Masked:
    """The masked copy of a text and what the masking found."""

    text: str  # same length as the input; masked characters are spaces, line breaks kept
    front_matter: str | None = None  # the YAML between the fences, as written
    headings: frozenset[int] = frozenset()  # offsets of the lines that were Markdown headings
    notices: tuple[str, ...] = ()  # the text of each masked notice (news wrapper)
    datelines: tuple[str, ...] = ()  # datelines found in masked notices and comments (新华社北京3月12日电)
    contents: int = 0  # contents lists (<details>) skipped


def is_markdown(name: str) -> bool:
    return name.lower().endswith((".md", ".markdown"))


def mask(text: str) -> Masked:
    """The masked copy of ``text`` (rules 1-6 above)."""
    chars = list(text)
    front = _front_matter(text, chars)
    notices: list[str] = []
    datelines: list[str] = []
    for m in _COMMENT.finditer(text):
        _blank(chars, m.start(), m.end())
        datelines += _DATELINE.findall(m.group())
    contents = 0
    for m in _DETAILS.finditer(text):
        _blank(chars, m.start(), m.end())
        contents += 1
    headings: set[int] = set()
    lines = _lines(text)
    i = 0
    while i < len(lines):
        begin, end = lines[i]
        if chars[begin:end] and "".join(chars[begin:end]).strip() == "":
            i += 1
            continue
        line = "".join(chars[begin:end])
        if _ALERT.match(line):
            j = i
            while j < len(lines) and _QUOTE_LINE.match(text, lines[j][0], lines[j][1]):
                j += 1
            notice = "\n".join(_QUOTE_PREFIX.sub("", text[b:e], count=1) for b, e in lines[i:j])
            notices.append(notice)
            datelines += _DATELINE.findall(notice)
            _blank(chars, begin, lines[j - 1][1])
            i = j
            continue
        if _IMAGE_LINE.match(line) or _BREAK_LINE.match(line):
            _blank(chars, begin, end)
        else:
            _syntax(line, begin, chars, headings)
        i += 1
    return Masked(
        text="".join(chars),
        front_matter=front,
        headings=frozenset(headings),
        notices=tuple(notices),
        datelines=tuple(dict.fromkeys(datelines)),
        contents=contents,
    )


def _front_matter(text: str, chars: list[str]) -> str | None:
    opening = _FRONT_OPEN.match(text)
    if opening is None:
        return None
    closing = _FRONT_CLOSE.search(text, opening.end())
    if closing is None:
        return None
    _blank(chars, 0, closing.end())
    return text[opening.end() : closing.start()]


def _lines(text: str) -> list[tuple[int, int]]:
    """(begin, end) of every line, without its line break."""
    out = []
    begin = 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        out.append((begin, m.start()))
        begin = m.end()
    out.append((begin, len(text)))
    return out


def _syntax(line: str, begin: int, chars: list[str], headings: set[int]) -> None:
    """Blank the Markdown syntax of one line that stays text (rule 6)."""
    at = 0
    quote = _QUOTE_PREFIX.match(line)
    if quote:
        _blank(chars, begin, begin + quote.end())
        at = quote.end()
    heading = _HEADING.match(line, at)
    if heading:
        _blank(chars, begin + heading.start(), begin + heading.end())
        headings.add(begin)
        closing = re.search(r"[ \t]+#+[ \t]*$", line)
        if closing and closing.start() >= heading.end():
            _blank(chars, begin + closing.start(), begin + len(line))
    for m in _EMPHASIS.finditer(line, at):
        _blank(chars, begin + m.start(), begin + m.end())
    if line.endswith("\\"):
        chars[begin + len(line) - 1] = " "


def _blank(chars: list[str], begin: int, end: int) -> None:
    for k in range(begin, end):
        if chars[k] not in "\r\n":
            chars[k] = " "
