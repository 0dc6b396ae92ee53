"""What a query may not do, read from its text before any engine sees it.

pyoxigraph answers ``SERVICE <iri> { … }`` by sending an HTTP request to the IRI when the
pattern is evaluated, and has no switch to stop it; it parses the keyword case-insensitively,
with or without white space around it (``SERVICE<…>``, ``SERVICE:x``, ``.SERVICE``).  So the
text is checked: comments, strings and IRIs are blanked out (:func:`mask`, the way SPARQL's
tokenizer reads them, longest token first), then any ``SERVICE`` left that is not part of a
variable or a prefixed name refuses the query.  The check errs on the side of refusing: a
prefixed name such as ``ex:a.service`` or a prefix named ``service:`` is refused too.
SPARQL's ``\\u`` escapes are not decoded outside strings by pyoxigraph (``\\u0053ERVICE`` is a
syntax error), so an escaped keyword cannot pass either.
"""

from __future__ import annotations

import re

# Longest token first, left to right: a comment, a long or short string, an IRI.  An
# unterminated long string runs to the end (such a query does not parse anyway).
_OPAQUE = re.compile(
    r'''\#[^\n\r]*
      | """(?:[^"\\]|\\.|"(?!""))*(?:"""|\Z)
      | \'\'\'(?:[^'\\]|\\.|'(?!''))*(?:\'\'\'|\Z)
      | "(?:[^"\\\n\r]|\\.)*"
      | '(?:[^'\\\n\r]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>''',
    re.X | re.S,
)
# SERVICE not inside a variable (?service), a prefixed name's local part (ex:service) or a
# longer name; a ':' after it is no shelter (pyoxigraph reads SERVICE:x as SERVICE :x).
_SERVICE = re.compile(r"(?<![A-Za-z_?$:\-\u00B7-\uFFFF])SERVICE(?![A-Za-z0-9_\-\u00B7-\uFFFF])", re.I)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
# the prologue once its IRIs are blanked out: "BASE    ", "PREFIX ex:     "
_PROLOGUE = re.compile(r"(?:\s*(?:BASE\b|PREFIX\s*[^\s:]*:))*\s*", re.I)


def mask(sparql: str) -> str:
    """``sparql`` with its comments, strings and IRIs replaced by spaces (same length)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), sparql)


def uses_service(sparql: str) -> bool:
    """Whether the query may contain a ``SERVICE`` pattern (federated query)."""
    return _SERVICE.search(mask(sparql)) is not None


def is_update(sparql: str) -> bool:
    """Whether the text reads as a SPARQL Update request (its first keyword after the prologue)."""
    masked = mask(sparql)
    return _UPDATE.match(masked, _PROLOGUE.match(masked).end()) is not None


SERVICE_REFUSED = "federated queries (SERVICE) are refused: westdev-kg sends no requests to other servers"
UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update requests are refused"
