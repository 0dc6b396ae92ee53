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
pySHACL reads an rdflib ``Graph`` (:func:`to_rdflib_indexed`, over a lean store of one
graph, :class:`IndexedStore`; :func:`to_rdflib` for a graph to edit), pyoxigraph writes Turtle and
N-Triples from its own terms (:func:`to_oxigraph`; owlready2 reads those N-Triples).  The
ontology and the shapes are parsed by pyoxigraph into plain triples (:func:`read_turtle`).
No other module converts terms.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (a ``with`` block or a decorator); reference
    counting still frees memory, and cycles left behind are collected once it resumes.

    A graph of 16,000 triples made and read in bulk (validation, the writers) allocates some
    hundred thousand objects that live until the stage ends; the collector would start every
    700 allocations and traverse the older generations again and again, which cost a build of
    the bundled text about 0.1 s, most of it in the validate and serialize stages.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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


def to_rdflib_indexed(triples: Iterable[Triple]) -> IndexedGraph:
    """An rdflib Graph of plain triples for pySHACL to read (the data graph, the shapes graph):
    an :class:`IndexedGraph`, about twice as fast to fill as :func:`to_rdflib`'s, and faster to read."""
    store = IndexedStore()
    convert = cache(to_rdflib_term)
    store.load((convert(s), convert(p), convert(o)) for s, p, o in triples)
    return IndexedGraph(store=store)


class IndexedGraph(Graph):
    """An rdflib Graph over an :class:`IndexedStore` that answers the lookups pySHACL makes by
    the ten thousand — the objects of a subject and predicate, the subjects of a predicate and
    object, a subject's predicates and objects — from the store's indexes directly.  rdflib's
    ``Graph`` answers them through ``triples``, which checks every predicate against its
    abstract ``Path`` class, and through two more generators; other calls (paths, lists of
    subjects) go to rdflib's own methods, and so does everything else."""

    def __init__(self, store: IndexedStore | None = None, identifier: Node | str | None = None) -> None:
        super().__init__(store=store if store is not None else IndexedStore(), identifier=identifier)
        assert isinstance(self.store, IndexedStore)

    def triples(self, triple):
        predicate = triple[1]
        if predicate is None or type(predicate) is URIRef:
            for found, _ in self.store.triples(triple):
                yield found
        else:  # a property path
            yield from super().triples(triple)

    def objects(self, subject=None, predicate=None, unique: bool = False):
        if subject is not None and type(predicate) is URIRef and not isinstance(subject, list):
            by_p = self.store._spo.get(subject)
            if by_p is not None:
                yield from by_p.get(predicate, ())
        else:
            yield from super().objects(subject, predicate, unique)

    def subjects(self, predicate=None, object=None, unique: bool = False):  # noqa: A002 (rdflib's name)
        if object is not None and type(predicate) is URIRef and not isinstance(object, list):
            by_o = self.store._pos.get(predicate)
            if by_o is not None:
                yield from by_o.get(object, ())
        else:
            yield from super().subjects(predicate, object, unique)

    def predicate_objects(self, subject=None, unique: bool = False):
        if subject is not None:
            for predicate, objects in self.store._spo.get(subject, {}).items():
                for o in objects:
                    yield predicate, o
        else:
            yield from super().predicate_objects(subject, unique)


_NO_CONTEXTS = ()  # what the store yields as each triple's contexts (rdflib only iterates them)


class IndexedStore(Store):
    """An in-memory rdflib store of one graph: nested-dict indexes s-p-o and p-o-s, and o-s-p
    when a pattern with only the object bound first needs it.

    rdflib's default ``Memory`` store keeps every triple's contexts and pays for them in each
    ``add`` (an event, context bookkeeping) and each match (a context filter per triple); a
    store that holds a single graph needs neither.  It says it is context and graph aware
    because pySHACL wraps the data graph in an rdflib ``Dataset``, which asks; it has no named
    graphs, and ignores the context it is given.
    """

    context_aware = True
    graph_aware = True

    def __init__(self, configuration: str | None = None, identifier: Node | None = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._spo: dict = {}
        self._pos: dict = {}
        self._osp: dict | None = None  # made when first asked for (pySHACL never asks)
        self._size = 0
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    def load(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add triples (rdflib terms); duplicates are kept once."""
        spo, pos, osp = self._spo, self._pos, self._osp
        added = 0
        for s, p, o in triples:
            by_p = spo.get(s)
            if by_p is None:
                by_p = spo[s] = {}
            objects = by_p.get(p)
            if objects is None:
                objects = by_p[p] = {}
            elif o in objects:
                continue
            objects[o] = None
            added += 1
            by_o = pos.get(p)
            if by_o is None:
                by_o = pos[p] = {}
            subjects = by_o.get(o)
            if subjects is None:
                subjects = by_o[o] = {}
            subjects[s] = None
            if osp is not None:
                osp.setdefault(o, {}).setdefault(s, {})[p] = None
        self._size += added

    def _by_object(self) -> dict:
        """The o-s-p index, made from the s-p-o index when first needed."""
        if self._osp is None:
            osp: dict = {}
            for s, by_p in self._spo.items():
                for p, objects in by_p.items():
                    for o in objects:
                        osp.setdefault(o, {}).setdefault(s, {})[p] = None
            self._osp = osp
        return self._osp

    def add(self, triple, context=None, quoted: bool = False) -> None:
        self.load((triple,))

    def addN(self, quads) -> None:  # noqa: N802 (rdflib's name)
        self.load((s, p, o) for s, p, o, _ in quads)

    def remove(self, triple_pattern, context=None) -> None:
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            for index, a, b, c in ((self._spo, s, p, o), (self._pos, p, o, s), (self._osp, o, s, p)):
                if index is None:
                    continue
                inner = index[a][b]
                del inner[c]
                if not inner:
                    del index[a][b]
                    if not index[a]:
                        del index[a]
            self._size -= 1

    def triples(self, triple_pattern, context=None) -> Iterator:
        s, p, o = triple_pattern
        if s is not None:
            by_p = self._spo.get(s)
            if by_p is None:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield (s, p, o), _NO_CONTEXTS
                else:
                    for o in objects:
                        yield (s, p, o), _NO_CONTEXTS
            else:
                for p, objects in by_p.items():
                    if o is not None:
                        if o in objects:
                            yield (s, p, o), _NO_CONTEXTS
                    else:
                        for obj in objects:
                            yield (s, p, obj), _NO_CONTEXTS
        elif p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for s in by_o.get(o, ()):
                    yield (s, p, o), _NO_CONTEXTS
            else:
                for o, subjects in by_o.items():
                    for s in subjects:
                        yield (s, p, o), _NO_CONTEXTS
        elif o is not None:
            by_s = self._by_object().get(o)
            if by_s is None:
                return
            for s, predicates in by_s.items():
                for p in predicates:
                    yield (s, p, o), _NO_CONTEXTS
        else:
            for s, by_p in self._spo.items():
                for p, objects in by_p.items():
                    for o in objects:
                        yield (s, p, o), _NO_CONTEXTS

    def __len__(self, context=None) -> int:
        return self._size

    def clear(self) -> None:
        """Drop every triple (and so the indexes' hundred thousand dicts, at once)."""
        self._spo, self._pos, self._osp, self._size = {}, {}, None, 0

    def contexts(self, triple=None) -> Iterator:
        return iter(())

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        bound_namespace = self._namespace.get(prefix)
        bound_prefix = self._prefix.get(namespace)
        if bound_prefix is None and bound_namespace is not None:
            bound_prefix = self._prefix.get(bound_namespace)
        if override:
            if bound_prefix is not None:
                self._namespace.pop(bound_prefix, None)
            if bound_namespace is not None:
                self._prefix.pop(bound_namespace, None)
            self._prefix[namespace] = prefix
            self._namespace[prefix] = namespace
        else:
            kept_namespace = bound_namespace if bound_namespace is not None else namespace
            kept_prefix = bound_prefix if bound_prefix is not None else prefix
            self._prefix[kept_namespace] = kept_prefix
            self._namespace[kept_prefix] = kept_namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._namespace.items())


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


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """One N-Triples statement per triple, without its newline; each distinct term is written
    once, by pyoxigraph (its ``str`` is the term's N-Triples form, escapes included)."""
    triples = list(triples)
    form = {term: str(to_oxigraph(term)) for term in {term for triple in triples for term in triple}}
    return [f"{form[s]} {form[p]} {form[o]} ." for s, p, o in triples]


def read_turtle(path) -> list[Triple]:
    """The triples of a Turtle file. Raises OSError when it cannot be read, SyntaxError when it is not Turtle."""
    convert = cache(from_oxigraph)
    return [(convert(t.subject), convert(t.predicate), convert(t.object)) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
