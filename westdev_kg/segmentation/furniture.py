"""Furniture of a Chinese text that is not body text: a contents list, a dateline, an annex,
the signature and date at the end.  Found on the (masked) text, returned as spans to blank.

* **Contents** (目录): a line holding only 目录 (目　录), then the list of headings it gives, up to
  the line that repeats the list's first entry (the text itself begins there) — at most
  :data:`MAX_CONTENTS` lines; a 目录 line with no repeated entry is left alone.
* **Dateline**: a news agency's dateline opening the first body line (新华社北京3月12日电,
  人民日报北京3月12日电, 本报讯) up to its end and the blanks after it.
* **Annex** (附件): a line opening 附件 (附件：, 附件1, 附件一) in the second half of the text and
  everything after it — the annexes are other documents.
* **Signature and date**: at the end, up to :data:`MAX_TAIL` lines each a date (2024年3月1日,
  二〇二四年三月一日, in brackets or not) or a short line of a body's name (no sentence
  punctuation, no numbering marker).

Chinese conventions only: :func:`furniture` is called for texts detected as Chinese.
"""

from __future__ import annotations

import re

from ..numbering import find_marker

MAX_CONTENTS = 400
MAX_TAIL = 4
_CONTENTS = re.compile(r"^[ \t\u3000]*目[ \t\u3000]*录[ \t\u3000]*$", re.MULTILINE)
_DATELINE = re.compile(r"[ \t\u3000]*(?:(?:新华社|人民日报|中新社|本报)[^\s　，。]{0,12}?\d{1,2}月\d{1,2}日电|本报讯)[ \t\u3000]*")
_ANNEX = re.compile(r"^[ \t\u3000]*附件[0-9０-９一二三四五六七八九十]*[：:]?", re.MULTILINE)
_DATE = re.compile(
    r"[（(]?(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})年(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日[）)]?"
)
_SENTENCE_PUNCTUATION = set("。；，：！？;,:!?")
_SIGNATURE_MAX = 24  # characters of a body's name, or two names joined by 、


def furniture(text: str) -> list[tuple[str, int, int]]:
    """(what, begin, end) of each piece of furniture in ``text`` (see the module's rules)."""
    out: list[tuple[str, int, int]] = []
    contents = _contents(text)
    if contents:
        out.append(("a table of contents", *contents))
    start = contents[1] if contents else 0
    for first in _first_lines(text, start, 5):
        m = _DATELINE.match(text, first)
        if m and m.end() > m.start():
            out.append(("a dateline", m.start(), m.end()))
            break
    annex = _annex(text)
    end = len(text)
    if annex:
        out.append(("an annex", annex, len(text)))
        end = annex
    tail = _tail(text, end)
    if tail:
        out.append(("the signature and date", tail, end))
    return out


def _lines(text: str, begin: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out = []
    at = begin
    while at < end:
        stop = text.find("\n", at, end)
        stop = end if stop < 0 else stop
        out.append((at, stop))
        at = stop + 1
    return out


def _first_lines(text: str, begin: int, count: int) -> list[int]:
    """Where the first ``count`` non-blank lines from ``begin`` start."""
    out: list[int] = []
    for b, e in _lines(text, begin, min(len(text), begin + 20_000)):
        if text[b:e].strip():
            out.append(b)
            if len(out) == count:
                break
    return out


def _contents(text: str) -> tuple[int, int] | None:
    m = _CONTENTS.search(text)
    if m is None:
        return None
    entries = [(b, e) for b, e in _lines(text, m.end() + 1)[: MAX_CONTENTS + 1] if text[b:e].strip()]
    if not entries:
        return None
    head = _key(text[entries[0][0] : entries[0][1]])
    for b, e in entries[1:]:
        if _key(text[b:e]) == head:
            return m.start(), b
    return None


def _key(line: str) -> str:
    """A contents entry and its heading compare without blanks, dots and page numbers."""
    return re.sub(r"[\s\u3000.…·]+|[0-9]+$", "", line)


def _annex(text: str) -> int | None:
    for m in _ANNEX.finditer(text, len(text) // 2):
        return m.start()
    return None


def _tail(text: str, end: int) -> int | None:
    lines = [(b, e) for b, e in _lines(text, 0, end) if text[b:e].strip()]
    begin = None
    for b, e in reversed(lines[-MAX_TAIL:]):
        line = text[b:e].strip(" \t\u3000")
        if _DATE.fullmatch(line) or _is_signature(text, b, e, line):
            begin = b
        else:
            break
    if begin is not None and begin <= lines[0][0]:
        return None  # the whole text: no body would remain
    return begin


def _is_signature(text: str, b: int, e: int, line: str) -> bool:
    if not line or len(line) > _SIGNATURE_MAX or any(c in _SENTENCE_PUNCTUATION for c in line):
        return False
    lead = b + (len(text[b:e]) - len(text[b:e].lstrip(" \t\u3000")))
    return find_marker(text, lead, e) is None and not any(c.isdigit() for c in line)
