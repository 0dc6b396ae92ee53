"""End to end on the bundled text: structure, spans, queries, and the two serializations."""

from __future__ import annotations

import hashlib
import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph

from westdev_kg import iri_changes, pipeline, resources
from westdev_kg.model import own_sentences
from westdev_kg.query import load_release, run_select
from westdev_kg.stages import dataset

from .conftest import assert_isomorphic

# Titles checked against the text by hand (marker and final full stop removed).
EXPECTED_TITLES = {
    1: "Fight three major battles",
    8: "Actively participate in and integrate into the “Belt and Road” construction",
    13: "Expand interregional interactive cooperation",
    20: "Strive to create a good business environment",
    21: "Focus on strengthening public employment and entrepreneurship services",
    29: "Classification assessment",
    36: "Organizational security",
}
EXPECTED_PARTS = {
    1: "General requirements",
    3: "Taking the joint construction of the “Belt and Road” as the guide, increase the opening up of the western region",
    6: "insist on taking the people as the center and put the people's sense of gain, happiness and security in a prominent position",
    7: "Strengthen policy support and organizational guarantees",
}
MEASURES_PER_PART = {1: 0, 2: 7, 3: 6, 4: 3, 5: 4, 6: 8, 7: 8}


def test_bundled_text_has_seven_parts_and_36_measures(release):
    result, _ = release
    doc = result.document
    assert [p.number for p in doc.parts] == list(range(1, 8))
    assert [m.number for m in doc.measures()] == list(range(1, 37))
    assert {p.number: len(p.measures) for p in doc.parts} == MEASURES_PER_PART
    assert {p.number: p.heading for p in doc.parts if p.number in EXPECTED_PARTS} == EXPECTED_PARTS
    assert {m.number: m.title for m in doc.measures() if m.number in EXPECTED_TITLES} == EXPECTED_TITLES
    assert doc.parts[5].marker == "Sixth,"
    assert doc.preamble is not None and doc.closing is not None
    assert doc.closing.sentences[0].span.quote(doc.text).startswith("Under the strong leadership")
    assert doc.parts[0].intro and not doc.parts[0].measures


def test_every_sentence_of_every_section_tiles_its_text(release):
    result, _ = release
    doc = result.document
    text = doc.text
    for section in doc.sections():
        sentences = own_sentences(section)
        if section.kind == "part":
            start = section.marker_span.end
            end = section.measures[0].span.begin if section.measures else section.span.end
        elif section.kind == "measure":
            start, end = section.marker_span.end, section.span.end
        else:
            start, end = section.span.begin, section.span.end
        covered = start
        for sentence in sentences:
            assert text[covered : sentence.span.begin].strip() == "", (section.key, sentence.key)
            quote = sentence.span.quote(text)
            assert quote == quote.strip() and quote
            covered = sentence.span.end
        assert text[covered:end].strip() == "", section.key


def test_cq_structure_answers_one_row_per_measure_with_exact_titles(release):
    result, folder = release
    variables, rows = run_select(load_release(folder), (pipeline.resources.queries_dir() / "cq-structure.rq").read_text())
    assert {"partNumber", "partTitle", "measureNumber", "measureTitle", "measure"} <= set(variables)
    assert len(rows) == 36
    assert len({r["measure"].value for r in rows}) == 36 and all(isinstance(r["measure"], ox.NamedNode) for r in rows)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert all(r["measureNumber"].datatype == integer and r["partNumber"].datatype == integer for r in rows)
    by_number = {int(r["measureNumber"].value): r for r in rows}
    for measure in result.document.measures():
        row = by_number[measure.number]
        assert row["measureTitle"].value == measure.title
        assert not re.match(r"\s*[(（]", measure.title) and not measure.title.endswith((".", "。"))
    assert [int(r["measureNumber"].value) for r in rows] == list(range(1, 37))
    assert by_number[21]["partTitle"].value == EXPECTED_PARTS[6] and by_number[21]["partNumber"].value == "6"


def test_cq_evidence_spans_slice_the_input_to_their_quotes(release, bundled_text):
    _, folder = release
    variables, rows = run_select(load_release(folder), (pipeline.resources.queries_dir() / "cq-evidence.rq").read_text())
    assert {"measureNumber", "entity", "begin", "end", "quote"} <= set(variables)
    assert len(rows) > 36 * 3
    for row in rows:
        begin, end = int(row["begin"].value), int(row["end"].value)
        assert bundled_text[begin:end] == row["quote"].value
    numbers = {int(r["measureNumber"].value) for r in rows}
    assert numbers == set(range(1, 37))


@pytest.mark.slow
def test_turtle_and_jsonld_are_isomorphic_and_the_context_stands_alone(release):
    _, folder = release
    turtle = Graph().parse(folder / pipeline.DATA_TTL, format="turtle")
    jsonld = Graph().parse(folder / pipeline.DATA_JSONLD, format="json-ld")
    assert len(turtle) > 1000
    assert_isomorphic(turtle, jsonld, "Turtle and JSON-LD")
    embedded = json.loads((folder / pipeline.DATA_JSONLD).read_text(encoding="utf-8"))["@context"]
    published = json.loads((folder / pipeline.CONTEXT_JSONLD).read_text(encoding="utf-8"))["@context"]
    assert embedded == published


def test_release_holds_ontology_and_shapes_with_pinned_version(release):
    _, folder = release
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == sorted([pipeline.DATA_TTL, pipeline.DATA_JSONLD, pipeline.CONTEXT_JSONLD, pipeline.ONTOLOGY_TTL, pipeline.SHAPES_TTL, pipeline.MANIFEST,
                            dataset.NTRIPLES, dataset.NQUADS, dataset.VOID_TTL, iri_changes.REDIRECTS_JSON])
    ontology = (folder / pipeline.ONTOLOGY_TTL).read_text(encoding="utf-8")
    version = hashlib.sha256(resources.ontology_path().read_bytes()).hexdigest()[:16]  # the source's own hash
    assert f"owl:versionIRI <https://w3id.org/westdev/ontology/{version}>" in ontology
    assert f'owl:versionInfo "{version}"' in ontology
    assert 'dcterms:issued "2026-11-27"^^xsd:date' in ontology
    Graph().parse(data=ontology, format="turtle")


@pytest.mark.slow
def test_the_validated_graph_and_the_written_triples_are_the_same(release, bundled_path):
    """The writers write the build stage's plain triples and pySHACL reads the rdflib Graph made
    of them: every lexical form must survive the trip, or the release would say something the
    validation never saw. Checked on the bundled text and against the released Turtle."""
    from westdev_kg import rdf
    from westdev_kg.stages import graph, serialize

    options = pipeline.Options(release_date="2026-11-27")
    triples = graph.build_triples(pipeline.extract_all(bundled_path, options), options.release())
    assert len(triples) == len(set(triples)) > 15000, "each triple once"
    data = rdf.to_rdflib_indexed(triples)  # what validate.validate gives pySHACL
    assert set(serialize.sorted_triples(data)) == set(triples)
    _, folder = release
    assert_isomorphic(data, Graph().parse(folder / pipeline.DATA_TTL, format="turtle"), "rdflib graph of the triples and the released Turtle")


def test_the_standard_classes_are_stated_in_the_data_not_only_implied(release_graph):
    """A consumer without a reasoner finds eli:, org:, prov: and nif: classes in the data (issue 13 point 3)."""
    from rdflib import RDF, URIRef

    from westdev_kg.stages.graph import standard_types

    implied = standard_types()
    for node, cls in release_graph.subject_objects(RDF.type):
        missing = [c for c in implied.get(str(cls), ()) if (node, RDF.type, URIRef(c)) not in release_graph]
        assert not missing, f"{node} is a {cls} but not stated a {missing}"
    ids = "https://w3id.org/westdev/id/"
    for node, cls in [("western-development-2020", "http://data.europa.eu/eli/ontology#LegalResource"),
                      ("body/national-development-and-reform-commission", "http://www.w3.org/ns/org#Organization"),
                      ("western-development-2020/text", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context"),
                      ("western-development-2020/measure/1", "http://www.w3.org/ns/prov#Entity")]:
        assert (URIRef(ids + node), RDF.type, URIRef(cls)) in release_graph
    assert "http://data.europa.eu/eli/ontology#LegalResource" in implied["https://w3id.org/westdev/ontology#PolicyDocument"]


def test_the_document_has_an_eli_expression_per_language_and_the_translation_is_unofficial(release_graph):
    """The bundled text is an English machine translation of a Chinese original (its sidecar):
    two eli:LegalExpressions, the English one eli:LegalValue-unofficial; languages as IRIs of
    the EU language authority (issue 13 points 2 and 3)."""
    from rdflib import RDF, Literal, Namespace, URIRef

    eli = Namespace("http://data.europa.eu/eli/ontology#")
    lang = "http://publications.europa.eu/resource/authority/language/"
    doc = URIRef("https://w3id.org/westdev/id/western-development-2020")
    english, chinese = (URIRef(f"{doc}/expression/{tag}") for tag in ("en", "zh"))
    assert set(release_graph.objects(doc, eli.is_realized_by)) == {english, chinese}
    assert release_graph.value(doc, URIRef("http://purl.org/dc/terms/language")) == URIRef(lang + "ENG")
    for expression, code in ((english, "ENG"), (chinese, "ZHO")):
        assert (expression, RDF.type, eli.LegalExpression) in release_graph
        assert release_graph.value(expression, eli.realizes) == doc
        assert release_graph.value(expression, eli.language) == URIRef(lang + code)
    text = URIRef(f"{doc}/text")  # the file read: ELI's format of the English expression, which carries the legal value
    assert release_graph.value(english, eli.is_embodied_by) == text and release_graph.value(text, eli.embodies) == english
    assert release_graph.value(text, eli.legal_value) == eli["LegalValue-unofficial"]
    assert (english, eli.legal_value, None) not in release_graph  # ELI's domain of legal_value is eli:Format
    assert release_graph.value(chinese, eli.is_embodied_by) is None  # the original's standing and files are not ours to say
    assert release_graph.value(chinese, eli.title) == Literal("中共中央 国务院关于新时代推进西部大开发形成新格局的指导意见", lang="zh")


def test_spans_have_one_rfc_5147_iri_each_mentions_included(release_graph):
    """Every text span is ``<text>#char=b,e`` for its own offsets, so one range has one node, and
    a mention with a sentence's offsets is that node (issue 13 point 2)."""
    from collections import Counter

    from rdflib import RDF, URIRef

    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    wdo = "https://w3id.org/westdev/ontology#"
    text = "https://w3id.org/westdev/id/western-development-2020/text"
    spans = set(release_graph.subjects(RDF.type, URIRef(wdo + "TextSpan")))
    assert set(release_graph.subjects(RDF.type, URIRef(wdo + "Mention"))) <= spans
    offsets = Counter()
    for span in spans:
        begin, end = (int(release_graph.value(span, URIRef(nif + p))) for p in ("beginIndex", "endIndex"))
        assert str(span) == f"{text}#char={begin},{end}"
        assert (span, RDF.type, URIRef(nif + "RFC5147String")) in release_graph
        assert (span, RDF.type, URIRef(nif + "String")) in release_graph
        offsets[begin, end] += 1
    assert offsets and max(offsets.values()) == 1
    shared = {s for s in spans if (s, RDF.type, URIRef(wdo + "Mention")) in release_graph and (None, URIRef(wdo + "hasEvidence"), s) in release_graph}
    assert shared, "a mention that is also some fact's evidence is one node"


def test_generic_actors_are_concepts_and_responsibilities_are_qualified_attributions(release_graph):
    """Generic actors: skos:Concepts of wdc:generic-actors, broader ones their top concepts;
    responsibilities: PROV's qualified attribution beside the unqualified one (issue 13 points 2, 7)."""
    from rdflib import RDF, URIRef
    from rdflib.namespace import PROV, SKOS

    wdo, ids = "https://w3id.org/westdev/ontology#", "https://w3id.org/westdev/id/"
    scheme = URIRef("https://w3id.org/westdev/concept/generic-actors")
    actors = set(release_graph.subjects(RDF.type, URIRef(wdo + "GenericActor")))
    assert URIRef(ids + "actor/enterprises") in actors
    for actor in actors:
        assert (actor, RDF.type, SKOS.Concept) in release_graph and (actor, SKOS.inScheme, scheme) in release_graph
        top = (actor, SKOS.topConceptOf, scheme) in release_graph
        assert top == (release_graph.value(actor, SKOS.broader) is None), actor
    assert not set(release_graph.subjects(RDF.type, SKOS.Concept)) & set(release_graph.subjects(RDF.type, URIRef(wdo + "ResponsibleBody")))
    responsibilities = list(release_graph.subjects(RDF.type, URIRef(wdo + "Responsibility")))
    assert responsibilities
    for node in responsibilities:
        subject, agent = release_graph.value(node, URIRef(wdo + "responsibilityFor")), release_graph.value(node, PROV.agent)
        assert (subject, PROV.qualifiedAttribution, node) in release_graph and (subject, PROV.wasAttributedTo, agent) in release_graph
        assert (node, RDF.type, PROV.Attribution) in release_graph
    assert not list(release_graph.subjects(RDF.type, PROV.Plan))
    source = release_graph.value(URIRef(ids + "western-development-2020"), URIRef("http://purl.org/dc/terms/source"))
    assert isinstance(source, URIRef) and "machine translation" in str(release_graph.value(source, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
