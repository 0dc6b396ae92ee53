"""Evidence that checks itself: the three SHACL-SPARQL constraints of the shapes, in Python.

``shapes/westdev-shapes.ttl`` states, as SHACL-SPARQL constraints (SHACL §5), that

* ``wds:QuoteShape`` — a span's quote (``nif:anchorOf``) is the slice of its source text
  (``nif:isString`` of its ``nif:referenceContext``) between its offsets (code points);
* ``wds:OffsetsShape`` — its end offset (``nif:endIndex``) is not past the end of that text;
* ``wds:UsedShape`` — what an activity used (``prov:used``) is a node the graph describes.

An engine without SHACL-SPARQL skips them; pySHACL runs them but parses each query anew for
every focus node (about 70 s of CPU for the 1,162 spans of the bundled text).  So the build removes
them from the shapes it validates with (:func:`without_sparql`) and :func:`check` does the same
checks here, giving the results pySHACL would give (the same focus node, source shape, path,
value, message and constraint component), written into the same report.  Each check runs once:
here when the shapes graph holds the shape without its ``sh:sparql``, by pySHACL when it holds
the constraint.  The conditions mirror the queries, down to what they leave to the core shapes
(begin after end, offsets or quotes of another datatype, a span without a text), so that one
problem gives one result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from .. import rdf
from ..rdf import Triple
from ..vocab import NIF, PROV, WDO

WDS = "https://w3id.org/westdev/shapes#"
QUOTE, OFFSETS, USED = URIRef(WDS + "QuoteShape"), URIRef(WDS + "OffsetsShape"), URIRef(WDS + "UsedShape")

Found = tuple[Node, Node, Node]  # (focus node, result path, value)
# made once (an rdflib Namespace makes and checks a new URIRef at each attribute lookup)
TYPE, SPAN, ANCHOR, BEGIN, END = RDF.type, WDO.TextSpan, NIF.anchorOf, NIF.beginIndex, NIF.endIndex
CONTEXT, STRING, USES = NIF.referenceContext, NIF.isString, PROV.used
NON_NEGATIVE, STRINGS = XSD.nonNegativeInteger, (None, XSD.string)


def _offset(value: Node) -> int | None:
    """The integer of a well-formed ``xsd:nonNegativeInteger`` (what the queries compare)."""
    if isinstance(value, Literal) and value.datatype == NON_NEGATIVE:
        number = value.value
        if type(number) is int and number >= 0:
            return number
    return None


def _string(value: Node) -> str | None:
    """The text of a string literal (simple, ``xsd:string`` or language-tagged), as STRLEN reads it."""
    if isinstance(value, Literal) and value.datatype in STRINGS:
        return value  # a str already: no copy
    return None


class _Reader:
    """The lookups the checks make, straight from the indexes of an :class:`rdf.IndexedStore`
    (the graph the build validates) or through rdflib's API for any other graph; each source
    text's string is read once (a copy per span would make the checks quadratic in its length)."""

    def __init__(self, data: Graph) -> None:
        store = data.store
        if isinstance(store, rdf.IndexedStore):
            spo, pos = store._spo, store._pos
            self.objects = lambda s, p: spo.get(s, {}).get(p, ())
            self.subjects = lambda p, o: (
                pos.get(p, {}).get(o, ()) if o is not None
                else dict.fromkeys(s for subjects in pos.get(p, {}).values() for s in subjects)
            )
            self.described = lambda s: s in spo
            # the store's own objects for our terms: a dict finds an identical key without calling
            # rdflib's slow __eq__
            canon = {p: p for p in pos}
            canon |= {c: c for c in pos.get(canon.get(TYPE, TYPE), ())}  # the classes
            self.term = lambda t: canon.get(t, t)
        else:
            self.term = lambda t: t
            self.objects = lambda s, p: list(data.objects(s, p))
            self.subjects = lambda p, o: list(dict.fromkeys(data.subjects(p, o)))
            self.described = lambda s: next(iter(data.predicate_objects(s)), None) is not None
        self._texts: dict[Node, list[str]] = {}
        self._context, self._string = self.term(CONTEXT), self.term(STRING)

    def texts(self, span: Node) -> list[str]:
        """The strings of the span's source texts, as STRLEN reads them (others are left to the core shapes)."""
        found: list[str] = []
        for context in self.objects(span, self._context):
            strings = self._texts.get(context)
            if strings is None:
                strings = self._texts[context] = [t for t in map(_string, self.objects(context, self._string)) if t is not None]
            found += strings
        return found


def quotes(data: Graph) -> Iterator[Found]:
    read = _Reader(data)
    anchor, begin_index, end_index = map(read.term, (ANCHOR, BEGIN, END))
    for span in read.subjects(read.term(TYPE), read.term(SPAN)):
        texts = read.texts(span)
        for quote in read.objects(span, anchor):
            if not isinstance(quote, Literal) or quote.language is not None or quote.datatype not in STRINGS:
                continue  # another datatype: wds:anchor-one reports it
            for begin in map(_offset, read.objects(span, begin_index)):
                for end in map(_offset, read.objects(span, end_index)):
                    for text in texts:
                        if begin is not None and end is not None and begin <= end <= len(text) and str(quote) != text[begin:end]:
                            yield span, ANCHOR, quote


def offsets(data: Graph) -> Iterator[Found]:
    read = _Reader(data)
    end_index = read.term(END)
    for span in read.subjects(read.term(TYPE), read.term(SPAN)):
        texts = read.texts(span)
        for value in read.objects(span, end_index):
            end = _offset(value)
            if end is not None and any(end > len(text) for text in texts):
                yield span, END, value


def used(data: Graph) -> Iterator[Found]:
    read = _Reader(data)
    uses = read.term(USES)
    for activity in read.subjects(uses, None):
        for value in read.objects(activity, uses):
            if not read.described(value):
                yield activity, USES, value


CHECKS: dict[URIRef, Callable[[Graph], Iterable[Found]]] = {QUOTE: quotes, OFFSETS: offsets, USED: used}


def without_sparql(shapes: Iterable[Triple]) -> list[Triple]:
    """The shapes without the SHACL-SPARQL constraints of :data:`CHECKS` (the shapes themselves,
    with their names, targets and messages, stay: :func:`check` reads them)."""
    shapes = list(shapes)
    ours = {rdf.from_rdflib_term(shape) for shape in CHECKS}
    sparql = rdf.iri(str(SH.sparql))
    constraints = {o for s, p, o in shapes if p == sparql and s in ours}
    return [t for t in shapes if t[0] not in constraints and not (t[1] == sparql and t[0] in ours)]


def pending(shapes: Graph) -> list[URIRef]:
    """The checks this module must run: those whose shape is in the graph without its ``sh:sparql``."""
    return [
        shape for shape in CHECKS
        if (shape, SH.name, None) in shapes and (shape, SH.sparql, None) not in shapes
    ]


def check(data: Graph, shapes: Graph, report: Graph) -> int:
    """Run the pending checks; add each violation to the SHACL report as pySHACL would; return how many."""
    found = 0
    root = report.value(predicate=RDF.type, object=SH.ValidationReport)
    for shape in pending(shapes):
        message = shapes.value(shape, SH.message)
        for focus, path, value in sorted(set(CHECKS[shape](data))):
            result = BNode()
            report.add((root, SH.result, result))
            for p, o in (
                (RDF.type, SH.ValidationResult), (SH.focusNode, focus), (SH.resultPath, path), (SH.value, value),
                (SH.sourceShape, shape), (SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
                (SH.resultSeverity, SH.Violation), (SH.resultMessage, message),
            ):
                if o is not None:
                    report.add((result, p, o))
            found += 1
    if found:
        report.set((root, SH.conforms, Literal(False)))
    return found
