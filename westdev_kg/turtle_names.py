"""Prefixed names Turtle can write without a backslash escape.

A Turtle writer compacts an IRI under a declared prefix whatever its local part holds,
escaping the characters a prefixed name cannot carry: pyoxigraph writes
``https://sws.geonames.org/6255147/`` under ``geonames:`` as ``geonames:6255147\\/``.  That is
valid Turtle, but some stores (Virtuoso 7) keep the backslash in the IRI.  Every Turtle the
project writes therefore passes its prefixes through :func:`plain_prefixes`: a namespace under
which one IRI of the output would need an escape is not offered to the writer, so those IRIs
are written in full (``<http://sws.geonames.org/6255147/>``) and no prefixed name has a ``\\``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

# PN_CHARS_BASE, PN_CHARS_U and PN_CHARS of the Turtle grammar (§6.5); no PLX (escapes, %XX)
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
#: a local name written as it is: PN_LOCAL without PLX (empty allowed: ``wd:``)
PLAIN_LOCAL = re.compile(f"(?:[{_U}:0-9](?:[{_CHARS}.:]*[{_CHARS}:])?)?\\Z")
#: a prefixed name holding an escape, as it appears in Turtle (for tests and checks)
ESCAPED_NAME = re.compile(r"(?<![<\"\w])[A-Za-z][\w.-]*:[^\s<>\"]*\\[_~.\-!$&'()*+,;=/?#@%]")


def plain_prefixes(iris: Iterable[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """``prefixes`` without the namespaces under which one of ``iris`` would need an escape."""
    match, under = _matcher(tuple(sorted(prefixes.items())))
    bad: set[str] = set()
    for iri in iris:
        found = match(iri)
        if found is None:
            continue
        for ns in under[found.group()]:  # the longest namespace matched, and those it starts with
            if not PLAIN_LOCAL.match(iri, len(ns)):
                bad.update(name for name, space in prefixes.items() if space == ns)
    return {name: ns for name, ns in prefixes.items() if name not in bad}


@functools.lru_cache(maxsize=16)
def _matcher(prefixes: tuple[tuple[str, str], ...]):
    """A match of the longest namespace an IRI starts with, and for each namespace the
    namespaces it starts with (itself first): one regular expression instead of a loop."""
    spaces = sorted({ns for _, ns in prefixes if ns}, key=len, reverse=True)
    under = {ns: [other for other in spaces if ns.startswith(other)] for ns in spaces}
    pattern = re.compile("|".join(re.escape(ns) for ns in spaces) or "(?!)")
    return pattern.match, under


def iris_of(triples: Iterable[tuple]) -> set[str]:
    """The IRIs of plain triples (:mod:`westdev_kg.rdf` terms), datatypes included."""
    out: set[str] = set()
    for triple in triples:
        for term in triple:
            if term[0] == "i":
                out.add(term[1])
            elif term[0] == "l" and term[2]:
                out.add(term[2])
    return out
