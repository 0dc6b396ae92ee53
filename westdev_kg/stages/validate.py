"""Stage 7 — validate: the graph is checked against ``shapes/westdev-shapes.ttl``.

pySHACL runs with no inference and without the ontology mixed in (that would
copy the data graph): the graph states the abstract classes the shapes name
(``wdo:Section``, ``wdo:Actor``) itself, so ``sh:class`` and ``sh:targetClass``
need no subclass reasoning.  Results of severity
``sh:Violation`` fail the build; ``sh:Warning`` and ``sh:Info`` results are
reported but do not.  Each result is summarised for a person: the focus node,
the shape's name, the path, the message, and the text span the focus node was
extracted from, when it has one.

The evidence checks (a quote that is not the slice of its text, offsets past its end, a
dangling ``prov:used``) are SHACL-SPARQL constraints in the shapes; the build validates
without them and runs them in Python instead (:mod:`.evidence`), into the same report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from .. import rdf
from ..errors import UsageError
from ..rdf import Term, Triple
from ..vocab import NIF, WDO
from . import evidence


@dataclass(frozen=True, slots=True)
class Result:
    severity: str  # "Violation", "Warning", "Info"
    focus: str
    shape: str
    shape_name: str | None
    path: str | None
    value: str | None
    message: str
    quote: str | None  # the text the focus node was extracted from, if any
    begin: int | None = None
    end: int | None = None

    def line(self) -> str:
        where = f" [{self.begin}:{self.end}] “{_clip(self.quote)}”" if self.quote is not None else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path} — {self.shape_name or self.shape}: {self.message}{where}"


@dataclass(frozen=True, slots=True)
class Report:
    conforms: bool
    results: tuple[Result, ...]
    graph: Graph  # the SHACL validation report itself

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    def summary(self) -> str:
        lines = [f"conforms: {str(self.conforms).lower()}", f"results: {len(self.results)}"]
        lines += [r.line() for r in self.results]
        return "\n".join(lines) + "\n"


_SH = str(SH)
_PROPERTY, _NAME = rdf.iri(_SH + "property"), rdf.iri(_SH + "name")
_TARGETS = tuple(rdf.iri(_SH + t) for t in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"))


def flatten_triples(shapes: Iterable[Triple]) -> list[Triple]:
    """An equivalent shapes graph in which property shapes carry their node shapes' targets.

    pySHACL checks a property shape reached through ``sh:property`` once per focus
    node, building its constraints anew each time; a property shape with targets of
    its own is checked once over all its focus nodes, about four times faster here.
    For every node shape that has targets and that no other shape refers to, each of
    its ``sh:property`` shapes is given those targets and the ``sh:property`` link is
    dropped.  The SHACL meaning is the same (every focus node of the node shape must
    conform to each of its property shapes) and so are the results: a violation still
    names the property shape as its ``sh:sourceShape``.  The shapes file stays as
    written: one node shape per class, holding its property shapes.
    """
    shapes = list(dict.fromkeys(shapes))  # each triple once, in order
    objects: dict[tuple[Term, Term], list[Term]] = {}
    for s, p, o in shapes:
        objects.setdefault((s, p), []).append(o)
    referenced = {o for _, p, o in shapes if p != _PROPERTY}
    dropped: set[Triple] = set()
    added: list[Triple] = []
    for node_shape in dict.fromkeys(s for s, p, _ in shapes if p == _PROPERTY):
        targets = [(p, o) for p in _TARGETS for o in objects.get((node_shape, p), ())]
        if not targets or node_shape in referenced:
            continue
        for prop in objects[(node_shape, _PROPERTY)]:
            dropped.add((node_shape, _PROPERTY, prop))
            added += [(prop, predicate, target) for predicate, target in targets]
            if (prop, _NAME) not in objects:  # reports name a nameless property shape by its holder
                added += [(prop, _NAME, name) for name in objects.get((node_shape, _NAME), ())]
    return list(dict.fromkeys([t for t in shapes if t not in dropped] + added))


def flatten(shapes: Graph) -> Graph:
    """:func:`flatten_triples` of an rdflib graph, as a new graph (of the kind the pipeline validates with)."""
    return rdf.to_rdflib_indexed(flatten_triples(rdf.from_rdflib(shapes)))


@rdf.gc_paused()
def validate(triples: Iterable[Triple] | Graph, shapes: Graph) -> Report:
    """The SHACL report of the triples (converted once into the rdflib Graph pySHACL reads)."""
    from pyshacl import validate as shacl_validate  # imported here: it is slow to import
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

    data = triples if isinstance(triples, Graph) else rdf.to_rdflib_indexed(triples)

    try:
        conforms, report, _ = shacl_validate(
            data,
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            abort_on_first=False,
        )
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        raise UsageError(f"the shapes are not valid SHACL: {getattr(exc, 'message', exc)}") from None
    if evidence.check(data, shapes, report):  # the SHACL-SPARQL checks the shapes were given without
        conforms = False
    results = tuple(sorted((_result(report, node, data, shapes) for node in report.subjects(RDF.type, SH.ValidationResult)), key=_order))
    if data is not triples:
        # emptied now: pySHACL made the graph part of a reference cycle, which only the
        # garbage collector would free, after traversing all of it
        data.store.clear()
    return Report(conforms=bool(conforms), results=results, graph=report)


def _order(r: Result) -> tuple:
    return (r.severity != "Violation", r.focus, r.shape, r.path or "", r.value or "", r.message)


def _result(report: Graph, node, data: Graph, shapes: Graph) -> Result:
    focus = report.value(node, SH.focusNode)
    shape = report.value(node, SH.sourceShape)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = report.value(node, SH.resultSeverity)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    name = shapes.value(shape, SH.name) if shape is not None else None
    quote, begin, end = _evidence(data, focus)
    return Result(
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        focus=str(focus),
        shape=str(shape),
        shape_name=str(name) if name is not None else None,
        path=_path((report, shapes), path) if path is not None else None,
        value=str(value) if value is not None else None,
        message="; ".join(messages) or "constraint not met",
        quote=quote,
        begin=begin,
        end=end,
    )


def _path(graphs: tuple[Graph, ...], path) -> str:
    """A property path as SPARQL-like text: ``<p>``, ``^<p>`` for an inverse path."""
    if isinstance(path, BNode):
        for graph in graphs:
            inverse = graph.value(path, SH.inversePath)
            if inverse is not None:
                return f"^{_path(graphs, inverse)}"
        return "[complex path]"
    return str(path)


def _evidence(data: Graph, focus) -> tuple[str | None, int | None, int | None]:
    if not isinstance(focus, URIRef):
        return None, None, None
    span = focus if (focus, NIF.anchorOf, None) in data else data.value(focus, WDO.hasEvidence)
    if span is None:
        return None, None, None
    quote = data.value(span, NIF.anchorOf)
    begin = data.value(span, NIF.beginIndex)
    end = data.value(span, NIF.endIndex)
    as_int = lambda v: int(v) if isinstance(v, Literal) and str(v).isdigit() else None  # noqa: E731
    return (str(quote) if quote is not None else None), as_int(begin), as_int(end)


def _clip(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
