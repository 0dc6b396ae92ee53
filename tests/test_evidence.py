"""Evidence that checks itself (issue 13 point 8; docs/linked-data.md, "Evidence that checks itself").

A quote that is not the slice of its source text at its offsets, an end offset past the end of
the text and a ``prov:used`` that points at nothing are each a violation:

* of a SHACL-SPARQL constraint in the shapes (``wds:QuoteShape``, ``wds:OffsetsShape``,
  ``wds:UsedShape``): pySHACL, given the shapes as written, reports each on its fixture in
  ``tests/fixtures/evidence/`` with the right focus node, path, value and message;
* and of the build's own check (``westdev_kg/stages/evidence.py``), which runs in place of those
  constraints: the same results, once each, in the same report — an engine without SHACL-SPARQL
  misses them, the build does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from westdev_kg import pipeline, rdf, resources
from westdev_kg.errors import ValidationFailed
from westdev_kg.stages import evidence
from westdev_kg.stages import graph as graph_stage
from westdev_kg.stages.validate import flatten, validate
from westdev_kg.vocab import NIF, PROV, WDO, XSD, Minter

from .conftest import REPO
from .test_shapes import NEW, RELEASE, TEXT, copy_of, extraction, nodes

FIXTURES = Path(__file__).parent / "fixtures" / "evidence"
EX = "https://example.org/evidence/"
SPAN, BUILD = URIRef(EX + "span/87-146"), URIRef(EX + "build")
MESSAGE = {
    evidence.QUOTE: "the quote (nif:anchorOf) must be the slice of its source text (nif:isString) between its offsets",
    evidence.OFFSETS: "the end offset (nif:endIndex) must not lie past the end of the source text (nif:isString)",
    evidence.USED: "what an activity used (prov:used) must be a node the graph describes",
}
# fixture -> the one violation it must give: (focus node, source shape, result path, value)
CASES = {
    "quote-replaced.ttl": (SPAN, evidence.QUOTE, NIF.anchorOf, Literal("The western region shall form a new pattern of openness.")),
    "offsets-past-end.ttl": (SPAN, evidence.OFFSETS, NIF.endIndex, Literal("187", datatype=XSD.nonNegativeInteger)),
    "dangling-used.ttl": (BUILD, evidence.USED, PROV.used, URIRef(EX + "no-such-text")),
}


def fixture(name: str) -> Graph:
    return Graph().parse(FIXTURES / name, format="turtle")


def written() -> Graph:
    """The shapes as written: with their SHACL-SPARQL constraints."""
    return Graph().parse(resources.shapes_path(), format="turtle")


def results(report: Graph) -> set[tuple]:
    """Each result as (focus, shape, path, value, message, component, severity)."""
    keys = (SH.focusNode, SH.sourceShape, SH.resultPath, SH.value, SH.resultMessage, SH.sourceConstraintComponent, SH.resultSeverity)
    return {tuple(report.value(r, k) for k in keys) for r in report.subjects(RDF.type, SH.ValidationResult)}


def expected(name: str) -> set[tuple]:
    focus, shape, path, value = CASES[name]
    return {(focus, shape, path, value, Literal(MESSAGE[shape]), SH.SPARQLConstraintComponent, SH.Violation)}


def test_the_valid_fixture_conforms_with_and_without_sparql():
    data = fixture("valid.ttl")
    conforms, _, text = shacl_validate(data, shacl_graph=written(), inference="none")
    assert conforms, text
    assert validate(rdf.from_rdflib(data), pipeline.shapes_graph()).conforms


@pytest.mark.parametrize("name", sorted(CASES))
def test_pyshacl_reports_the_sparql_constraint_on_its_fixture(name):
    conforms, report, text = shacl_validate(fixture(name), shacl_graph=written(), inference="none")
    assert not conforms
    assert results(report) == expected(name), text


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_build_reports_the_same_violation_once(name):
    """The build's shapes hold no SHACL-SPARQL constraint: its Python check gives pySHACL's result."""
    shapes = pipeline.shapes_graph()
    assert not list(shapes.triples((None, SH.sparql, None))) and set(evidence.pending(shapes)) == set(evidence.CHECKS)
    report = validate(rdf.from_rdflib(fixture(name)), shapes)
    assert not report.conforms and (None, SH.conforms, Literal(False)) in report.graph
    assert results(report.graph) == expected(name)
    [line] = [r.line() for r in report.violations]
    focus, shape, _, _ = CASES[name]
    assert str(focus) in line and str(written().value(shape, SH.name)) in line and MESSAGE[shape] in line, line


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_sparql_constraints_run_on_the_indexed_graph_and_the_flattened_shapes(name):
    """What the build validates (rdf.IndexedGraph, flattened shapes), given the SPARQL constraints:
    pySHACL runs them there, and the Python check stays out (no second report)."""
    shapes = flatten(written())
    assert evidence.pending(shapes) == []
    report = validate(rdf.from_rdflib(fixture(name)), shapes)
    assert results(report.graph) == expected(name)


def test_offsets_count_code_points():
    """The text holds 𠀋 (one code point, two UTF-16 units) before the span: offsets one unit
    off, as a UTF-16 count would give them, make the quote another slice."""
    data = fixture("valid.ttl")
    data.set((SPAN, NIF.beginIndex, Literal(88, datatype=XSD.nonNegativeInteger)))
    data.set((SPAN, NIF.endIndex, Literal(147, datatype=XSD.nonNegativeInteger)))
    found = {(r.focus, r.shape) for r in validate(rdf.from_rdflib(data), pipeline.shapes_graph()).violations}
    assert found == {(str(SPAN), str(evidence.QUOTE))}


def test_problems_the_core_shapes_report_are_not_reported_again():
    """Begin after end, a quote with a language tag, a dangling wdo:hasEvidence: the core shapes
    report each (every engine does); the SPARQL constraints and the build's check leave them alone."""
    graph, n = graph_stage.build_graph(extraction(), RELEASE), nodes()
    data = copy_of(graph)
    begin = data.value(n.span, NIF.beginIndex)
    data.set((n.span, NIF.beginIndex, data.value(n.span, NIF.endIndex)))
    data.set((n.span, NIF.endIndex, begin))  # begin after end
    data.set((n.span2, NIF.anchorOf, Literal("Other text", lang="en")))
    data.set((n.sentence, WDO.hasEvidence, NEW))  # points at nothing
    shapes = {str(r.shape) for r in validate(rdf.from_rdflib(data), pipeline.shapes_graph()).violations}
    assert shapes == {"https://w3id.org/westdev/shapes#begin-index", "https://w3id.org/westdev/shapes#anchor-one",
                      "https://w3id.org/westdev/shapes#evidence-one"}
    assert not [f for check in evidence.CHECKS.values() for f in check(data)]


def test_a_build_whose_quote_is_not_its_text_fails(tmp_path, monkeypatch):
    source = tmp_path / "opinions.txt"
    source.write_text(TEXT, encoding="utf-8")
    options = pipeline.Options(output=tmp_path / "output", reports=tmp_path / "reports", release_date="2026-01-01", reasoner="skip")
    real = graph_stage.build_triples
    anchor = rdf.iri(str(NIF.anchorOf))
    span = Minter(options.base, "opinions").span(*_first_sentence())

    def with_a_replaced_quote(extraction, release):
        triples = real(extraction, release)
        replaced = [(s, p, rdf.literal("They apply to no province.") if (s, p) == (span, anchor) else o) for s, p, o in triples]
        assert replaced != triples
        return replaced

    monkeypatch.setattr(graph_stage, "build_triples", with_a_replaced_quote)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.build(source, options)
    assert failure.value.violations == 1
    summary = (tmp_path / "reports" / "validation-summary.txt").read_text(encoding="utf-8")
    assert "quote matches the text" in summary and span[1] in summary, summary


def _first_sentence() -> tuple[int, int]:
    sentence = "They apply to all provinces."
    begin = TEXT.index(sentence)
    return begin, begin + len(sentence)


def test_the_bundled_release_keeps_its_evidence():
    """The committed release: every quote is its slice, every offset inside its text."""
    data = Graph().parse(REPO / "output" / "westdev.ttl", format="turtle")
    spans = set(data.subjects(RDF.type, WDO.TextSpan))
    assert len(spans) > 1000
    assert not [f for check in evidence.CHECKS.values() for f in check(data)]
