"""Stage 7 — validate: the graph is checked against ``shapes/westdev-shapes.ttl``.

pySHACL runs with no inference and without the ontology mixed in (that would
copy the data graph): the graph states the abstract classes the shapes name
(``wdo:Section``, ``wdo:Actor``) itself, so ``sh:class`` and ``sh:targetClass``
need no subclass reasoning.  Results of severity
``sh:Violation`` fail the build; ``sh:Warning`` and ``sh:Info`` results are
reported but do not.  Each result is summarised for a person: the focus node,
the shape's name, the path, the message, and the text span the focus node was
extracted from, when it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from ..errors import UsageError
from ..vocab import NIF, WDO


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


@cache
def _load(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def load_shapes(path: str) -> Graph:
    return _load(path)


def validate(data: Graph, shapes: Graph) -> Report:
    from pyshacl import validate as shacl_validate  # imported here: it is slow to import
    from pyshacl.errors import ConstraintLoadError, ReportableRuntimeError, ShapeLoadError

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
    results = tuple(sorted((_result(report, node, data, shapes) for node in report.subjects(RDF.type, SH.ValidationResult)), key=_order))
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
    if name is None and shape is not None:
        parent = shapes.value(predicate=SH.property, object=shape)
        name = shapes.value(parent, SH.name) if parent is not None else None
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
