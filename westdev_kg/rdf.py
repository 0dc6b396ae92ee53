"""The one triple representation, and every conversion from or to it.

From the graph stage to the writers a triple is three plain terms — tuples of strings,
fast to make, hash, sort and pickle (a worker process hands them back to its parent):

=========================================  =====================================
term                                       form
=========================================  =====================================
IRI                                        ``("i", iri)``
blank node                                 ``("b", label)``
literal                                    ``("l", lexical, datatype, language)``
=========================================  =====================================

``datatype`` is ``""`` for a plain string and for a language-tagged string;
``language`` is ``""`` unless the literal has one.

Two libraries need other forms, and get them here, converted once per distinct term:
pySHACL reads an rdflib ``Graph`` (:func:`to_rdflib`), pyoxigraph writes Turtle and
N-Triples from its own terms (:func:`to_oxigraph`; owlready2 reads those N-Triples).  The
ontology and the shapes are parsed by pyoxigraph into rdflib graphs (:func:`parse_turtle`).
No other module converts terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
_INTEGER, _BOOLEAN = XSD + "integer", XSD + "boolean"

#: A term as plain, hashable data (see the table above).
Term = tuple
Triple = tuple[Term, Term, Term]


def iri(value: str) -> Term:
    return ("i", value)


def literal(value: str | int | bool, datatype: str = "", lang: str | None = None) -> Term:
    """A literal with the lexical form rdflib gives the same value (``true``, ``42``)."""
    if isinstance(value, bool):
        return ("l", "true" if value else "false", _BOOLEAN, "")
    if isinstance(value, int):
        return ("l", str(value), datatype or _INTEGER, "")
    return ("l", value, "" if datatype == XSD_STRING else datatype, lang or "")


class Namespace:
    """The terms of a namespace as plain IRI terms, each made once: ``Namespace(WDO).Action``."""

    def __init__(self, namespace: str) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.__dict__[name] = ("i", self._namespace + name)
        return term

    __getitem__ = __getattr__


# -- rdflib ---------------------------------------------------------------------


def from_rdflib_term(term: Node) -> Term:
    if isinstance(term, URIRef):
        return ("i", str(term))
    if isinstance(term, BNode):
        return ("b", str(term))
    assert isinstance(term, Literal)
    datatype = str(term.datatype) if term.datatype else ""
    return ("l", str(term), "" if datatype == XSD_STRING else datatype, term.language or "")


def to_rdflib_term(term: Term) -> Node:
    if term[0] == "i":
        return URIRef(term[1])
    if term[0] == "b":
        return BNode(term[1])
    return Literal(term[1], lang=term[3] or None, datatype=URIRef(term[2]) if term[2] else None)


def from_rdflib(graph: Iterable[tuple[Node, Node, Node]]) -> list[Triple]:
    convert = cache(from_rdflib_term)
    return [(convert(s), convert(p), convert(o)) for s, p, o in graph]


def to_rdflib(triples: Iterable[Triple]) -> Graph:
    """An rdflib Graph of plain triples, each distinct term made once."""
    graph = Graph()
    add = graph.add
    convert = cache(to_rdflib_term)  # a cache of this call's own
    for s, p, o in triples:
        add((convert(s), convert(p), convert(o)))
    return graph


# -- pyoxigraph -----------------------------------------------------------------


def to_oxigraph(term: Term):
    if term[0] == "i":
        return ox.NamedNode(term[1])
    if term[0] == "b":
        return ox.BlankNode(term[1])
    if term[3]:
        return ox.Literal(term[1], language=term[3])
    if term[2]:
        return ox.Literal(term[1], datatype=ox.NamedNode(term[2]))
    return ox.Literal(term[1])


def from_oxigraph(term) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("i", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if term.language:
        return ("l", term.value, "", term.language)
    datatype = term.datatype.value
    return ("l", term.value, "" if datatype == XSD_STRING else datatype, "")


def oxigraph_triples(triples: Iterable[Triple]) -> list:
    """pyoxigraph triples, each distinct term converted once."""
    convert = cache(to_oxigraph)
    return [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in triples]


def ntriples(triples: Iterable[Triple]) -> bytes:
    return ox.serialize(oxigraph_triples(triples), format=ox.RdfFormat.N_TRIPLES)


def read_turtle(path) -> list[Triple]:
    """The triples of a Turtle file. Raises OSError when it cannot be read, SyntaxError when it is not Turtle."""
    convert = cache(from_oxigraph)
    return [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def parse_turtle(path) -> Graph:
    """A Turtle file as an rdflib Graph, parsed by pyoxigraph (about 3x faster than rdflib's parser)."""
    return to_rdflib(read_turtle(path))
