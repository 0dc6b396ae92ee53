"""The bundled queries on SPARQL engines the project does not build with, their answers made comparable.

Each engine answers a query as a list of rows; a row is a tuple of normalised terms in the
variables' order, so that two engines' answers compare with ``==`` (order) or as ``Counter``s
(multiset). Normalising follows issue 13: numbers by value (``1``, ``1.0`` and ``"1"^^xsd:double``
are one number), booleans as 0/1 (Virtuoso answers ``true`` as ``1``), a plain literal equal
to an ``xsd:string`` one, language tags case-insensitive, blank nodes as one value (their labels
are the engine's own).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import rdflib

from westdev_kg import query

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                                   "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                   "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
STRING = {None, "", XSD + "string"}

Term = tuple
Row = tuple


def literal(value: str, datatype: str | None, language: str | None) -> Term:
    if language:
        return ("literal", value, language.lower())
    if datatype == XSD + "boolean":
        return ("number", Decimal(1 if value.strip() in ("true", "1") else 0))
    if datatype in NUMERIC:
        try:
            return ("number", Decimal(value.strip()).normalize())
        except InvalidOperation:
            return ("literal", value, datatype)
    return ("literal", value, "" if datatype in STRING else datatype)


# -- the query: its variables, and its ORDER BY variables projected too --------------------------

_SELECT = re.compile(r"^SELECT(\s+DISTINCT)?\s", re.M | re.I)
_ORDER = re.compile(r"^ORDER BY\s+(.+)$", re.M | re.I)


def order_variables(sparql: str) -> list[str]:
    """The plain variables of the query's ORDER BY (ASC(?x) and DESC(?x) included), in order."""
    found = _ORDER.search(sparql)
    return re.findall(r"\?(\w+)", found.group(1)) if found else []


def with_order_keys(sparql: str) -> str:
    """The query with its ORDER BY variables added to its projection, so that ties can be seen."""
    match = _SELECT.search(sparql)
    assert match, "a bundled query is a SELECT query on a line of its own"
    line = sparql[match.end():].split("\n", 1)[0]
    while "(" in line:  # projected expressions: (… AS ?x) keeps its ?x
        line = re.sub(r"\([^()]*\)", lambda m: " ".join(re.findall(r"AS\s+(\?\w+)", m.group(0))), line)
    projected = set(re.findall(r"\?(\w+)", line))
    extra = "".join(f" ?{name}" for name in order_variables(sparql) if name not in projected)
    return sparql[: match.end() - 1] + extra + sparql[match.end() - 1:]


# -- engines ----------------------------------------------------------------------------------------


def oxigraph(store: ox.Store, sparql: str) -> tuple[list[str], list[Row]]:
    variables, rows = query.run_select(store, sparql)
    return variables, [tuple(_ox(row.get(name)) for name in variables) for row in rows]


def _ox(term) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return literal(term.value, term.datatype.value, term.language)


def rdflib_engine(graph: rdflib.Graph, sparql: str, variables: list[str]) -> list[Row]:
    return [tuple(_rdflib(row[name]) for name in variables) for row in graph.query(sparql)]


def _rdflib(term) -> Term | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return ("bnode",)
    return literal(str(term), str(term.datatype) if term.datatype else None, term.language)


def sparql_json(results: dict, variables: list[str]) -> list[Row]:
    return [tuple(_json(binding.get(name)) for name in variables) for binding in results["results"]["bindings"]]


def _json(term: dict | None) -> Term | None:
    if term is None:
        return None
    if term["type"] == "uri":
        return ("iri", term["value"])
    if term["type"] == "bnode":
        return ("bnode",)
    return literal(term["value"], term.get("datatype"), term.get("xml:lang"))


def load_rdflib(files: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph
