"""Answers of SELECT queries as tables to read: plain text or Markdown.

In the plain table every line has the same display width: a Chinese character takes two
columns of a terminal, a combining mark none (:func:`width`, from ``wcwidth``), so labels in
Chinese line up with the others.  IRIs are shortened with the standard prefixes (``wdid:``
for ours); a cell is one line (control characters become spaces) of at most
:data:`MAX_WIDTH` columns.  The last line counts the rows, or says that more exist when a
``--limit`` cut them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox
from wcwidth import wcswidth, wcwidth

MAX_WIDTH = 60  # display columns of a plain table's cell
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def width(text: str) -> int:
    """The columns ``text`` takes on a terminal."""
    columns = wcswidth(text)
    return columns if columns >= 0 else sum(max(wcwidth(c), 0) for c in text)


def clip(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` display columns, an ellipsis marking the cut."""
    if width(text) <= columns:
        return text
    kept, used = [], 0
    for char in text:
        used += width(char)
        if used > columns - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def footer(shown: int, more: bool) -> str:
    if more:
        return f"(first {shown} rows; more exist)"
    return f"({shown} row{'' if shown == 1 else 's'})"


def render(variables: Sequence[str], rows: Sequence[Sequence[ox.NamedNode | ox.Literal | ox.BlankNode | None]], fmt: str, more: bool = False) -> str:
    """The rows (terms in variable order, None when unbound) as a ``table`` or ``markdown``."""
    from .stages.serialize import Compactor, prefixes_for
    from .vocab import DEFAULT_BASE

    compact = Compactor(prefixes_for(DEFAULT_BASE)).iri

    def shown(term) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            return compact(term.value)
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return _CONTROL.sub(" ", term.value if isinstance(term, ox.Literal) else str(term))

    cells = [[shown(term) for term in row] for row in rows]
    last = footer(len(rows), more)
    if fmt == "markdown":
        escape = lambda c: c.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n\n" + last + "\n"
    cells = [[clip(c, MAX_WIDTH) for c in row] for row in cells]
    widths = [max([width(v)] + [width(row[i]) for row in cells]) for i, v in enumerate(variables)]
    lines = [" | ".join(pad(v, w) for v, w in zip(variables, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(pad(c, w) for c, w in zip(row, widths)) for row in cells]
    lines.append(last)
    return "\n".join(lines) + "\n"
