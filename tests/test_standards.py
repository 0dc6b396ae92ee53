"""Consistent with the vocabularies it reuses (issue 13 point 1).

The standard vocabularies the ontology reuses are vendored verbatim under
``ontology/vocabularies/`` (``westdev_kg/standards.py``); each file must be the one its
``SOURCE.md`` records.  HermiT (the reason stage's own runner) reads their DL-safe axioms with
``ontology/westdev.ttl`` and a fresh build of the bundled text and must find them consistent;
two copies of the data with one more statement each, which only a vendored vocabulary's axiom
contradicts, must be found inconsistent (so the check can fail).  pySHACL with RDFS inference
over the data, the ontology and the vocabularies must find the data conforming.

ELI, NIF 2.0 Core and ITS 2.0 RDF, which no registry ships, take part through the axioms
``ontology/vocabularies/restated/restated.ttl`` restates from their specifications (its README
names the source of each); three more copies of the data break one restated axiom each.  One
restated axiom, NIF's disjointness of its URI schemes, the release breaks as it is
(:data:`NIF_URI_SCHEMES`): that test is an expected failure until the ontology changes.
"""

from __future__ import annotations

import re
from collections import Counter

import pyshacl
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH, SKOS

from westdev_kg import resources, standards
from westdev_kg.errors import InconsistentOntology
from westdev_kg.stages import reason
from westdev_kg.vocab import WDO

needs_java = pytest.mark.external("java")  # skipped without Java, a failure under CI=true (conftest.py)
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
NIF = standards.RESTATED_NAMESPACES["nif"]
ELI = standards.RESTATED_NAMESPACES["eli"]

#: NIF 2.0 Core makes its URI schemes pairwise disjoint (owl:AllDisjointClasses): a span is one of
#: them only (wdo:TextSpan ⊑ nif:RFC5147String; it was also a nif:OffsetBasedString, which every
#: span of the release contradicted NIF with, until issue 13's fix)
NIF_URI_SCHEMES = frozenset(URIRef(NIF + name) for name in ("RFC5147String", "ContextHashBasedString", "OffsetBasedString", "CStringInst"))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resources.ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def with_standards(ontology) -> Graph:
    """The ontology plus the DL-safe axioms of every vendored vocabulary and the restated axioms
    of ELI, NIF and ITS."""
    return ontology + standards.axioms()


# -- the vendored files ----------------------------------------------------------------------------


@pytest.mark.parametrize("vocabulary", standards.VOCABULARIES, ids=lambda v: v.name)
def test_each_vendored_file_is_the_one_its_source_md_records(vocabulary):
    assert standards.sha256(vocabulary) == standards.recorded_sha256(vocabulary), (
        f"{vocabulary.name}/{vocabulary.file} is not the file SOURCE.md records: vendored files are never edited"
    )
    source = (standards.folder() / vocabulary.name / "SOURCE.md").read_text(encoding="utf-8")
    for row in ("Source IRI", "Got from", "Version", "Licence", "SHA-256"):
        assert re.search(rf"^\|\s*{row}\s*\|\s*\S", source, re.MULTILINE), f"{vocabulary.name}/SOURCE.md has no {row} row"
    graphs = {line.rsplit(" ", 2)[1] for line in standards.path(vocabulary).read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(graphs) == 1, f"{vocabulary.name}: load() reads one named graph, the file has {len(graphs)}"
    terms = {str(s) for s in standards.load(vocabulary).subjects() if isinstance(s, URIRef)}
    assert sum(term.startswith(vocabulary.namespace) for term in terms) > 10, f"{vocabulary.name}: not the vocabulary of {vocabulary.namespace}"


def test_every_vendored_folder_is_known_and_listed_in_the_readme():
    folders = {p.name for p in standards.folder().iterdir() if p.is_dir()}
    assert folders == {v.name for v in standards.VOCABULARIES} | {standards.RESTATED_FOLDER}
    readme = (standards.folder() / "README.md").read_text(encoding="utf-8")
    for vocabulary in standards.VOCABULARIES:
        assert f"`{vocabulary.name}/{vocabulary.file}`" in readme, f"README.md does not list {vocabulary.name}"
    for name in standards.DROPPED:
        assert f"`{name}`" in readme, f"README.md does not explain the dropped pattern {name}"


def test_the_dl_safe_subset_is_a_subset_that_leaves_out_only_the_named_patterns():
    skos, skos_dropped = standards.dl_safe(standards.load(standards.vocabulary("skos")))
    assert skos_dropped["rdf-list-range"] == 1 and (SKOS.memberList, RDFS.range, RDF.List) not in skos
    assert (SKOS.ConceptScheme, OWL.disjointWith, SKOS.Concept) in skos, "a disjointness is logic: it stays"
    assert (SKOS.broader, RDFS.subPropertyOf, SKOS.broaderTransitive) in skos
    assert not list(skos.triples((None, SKOS.definition, None))), "annotations are left out"
    time, time_dropped = standards.dl_safe(standards.load(standards.vocabulary("time")))
    assert (URIRef(TIME + "inXSDgYear"), RDFS.range, URIRef("http://www.w3.org/2001/XMLSchema#gYear")) not in time and time_dropped["non-owl2-datatype"] > 0
    assert (URIRef(TIME + "ProperInterval"), OWL.disjointWith, URIRef(TIME + "Instant")) in time
    for vocabulary in standards.VOCABULARIES:
        full = standards.load(vocabulary)
        subset, dropped = standards.dl_safe(full)
        assert set(subset) <= set(full), vocabulary.name
        assert len(full) - len(subset) == sum(dropped.values()), f"{vocabulary.name}: every left-out triple is counted"
        assert set(dropped) <= set(standards.DROPPED) | {"orphaned blank nodes"}, vocabulary.name


# -- the restated axioms ----------------------------------------------------------------------------


def _curie(term) -> str:
    for prefix, namespace in {**standards.RESTATED_NAMESPACES, "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL),
                              "xsd": "http://www.w3.org/2001/XMLSchema#"}.items():
        if str(term).startswith(namespace):
            return f"{prefix}:{str(term)[len(namespace):]}"
    return str(term)


_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)  # each term's type: the README says so once


def test_the_restated_file_says_what_it_is_and_its_readme_gives_a_source_for_every_axiom():
    graph = standards.restated_graph()
    header = next(graph.subjects(RDF.type, OWL.Ontology))
    assert "not a vendored copy" in str(graph.value(header, RDFS.label))
    assert not list(standards.folder().joinpath(standards.RESTATED_FOLDER).glob("SOURCE.md")), "no SOURCE.md: nothing here is vendored"
    readme = (standards.folder() / standards.RESTATED_FOLDER / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    missing = []
    for s, p, o in graph:
        if s == header or isinstance(s, BNode) or p in (RDFS.label, RDFS.comment) or (p == RDF.type and o in _DECLARATIONS):
            continue
        axiom = f"{_curie(s)} {_curie(p)} " + ("[" if isinstance(o, BNode) and p != OWL.hasKey else "(" if isinstance(o, BNode) else _curie(o))
        if not any(axiom in row and re.search(r"\| *\[?[ENI][0-9]", row) for row in rows):
            missing.append(axiom)
    assert not missing, "README.md has no row with a source for:\n" + "\n".join(sorted(missing))
    assert any("owl:AllDisjointClasses" in row for row in rows)
    assert set(standards.dl_safe(graph)[1]) <= {"annotations", "has-key", "functional-date-property", "orphaned blank nodes"}, \
        "HermiT reads every other restated axiom"


def _keys(graph: Graph) -> dict[tuple, list]:
    """NIF's key of nif:String (reference context, begin, end) -> the strings that have it; a
    nif:Context is its own reference context (NIF: ``owl:hasSelf``)."""
    found: dict[tuple, list] = {}
    for string in set(graph.subjects(URIRef(NIF + "beginIndex"), None)):
        context = graph.value(string, URIRef(NIF + "referenceContext"))
        if context is None and (string, RDF.type, URIRef(NIF + "Context")) in graph:
            context = string
        key = (context, *(graph.value(string, URIRef(NIF + name)).toPython() for name in ("beginIndex", "endIndex")))
        found.setdefault(key, []).append(string)
    return found


def test_no_two_strings_share_nifs_key(release_graph):
    """NIF's ``owl:hasKey`` (checked here, not by HermiT: ``has-key``) makes two strings with one
    reference context and the same offsets one string: no two of the release may."""
    keys = _keys(release_graph)
    assert len(keys) > 100
    assert [strings for strings in keys.values() if len(strings) > 1] == []
    span = sorted(release_graph.subjects(RDF.type, WDO.TextSpan))[0]
    copy = Graph() + release_graph
    for _, p, o in release_graph.triples((span, None, None)):
        copy.add((URIRef(str(span) + "-copy"), p, o))
    assert [sorted(strings) for strings in _keys(copy).values() if len(strings) > 1] == [sorted([span, URIRef(str(span) + "-copy")])]


def _two_values(graph: Graph, properties) -> list[tuple]:
    """(subject, property) of each subject with two different values of one of ``properties``."""
    found = []
    for prop in properties:
        for subject in sorted(set(graph.subjects(prop, None))):
            values = {o.toPython() if isinstance(o, Literal) else o for o in graph.objects(subject, prop)}
            if len(values) > 1:
                found.append((subject, prop))
    return found


def test_no_subject_has_two_values_of_a_restated_functional_property(release_graph):
    """HermiT checks the functional properties restated, but for ELI's two date properties
    (``functional-date-property``: their xsd:date values are kept from HermiT): a query checks
    them all, and finds a planted second value."""
    functional = sorted(standards.restated_graph().subjects(RDF.type, OWL.FunctionalProperty))
    assert {URIRef(ELI + "date_publication"), URIRef(ELI + "first_date_entry_in_force")} <= set(functional)
    assert _two_values(release_graph, functional) == []
    document = _first(release_graph, WDO.PolicyDocument)
    planted = Graph() + release_graph
    date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    planted.add((document, URIRef(ELI + "date_publication"), Literal("2020-05-17", datatype=date)))
    planted.add((document, URIRef(ELI + "date_publication"), Literal("2020-05-18", datatype=date)))
    assert _two_values(planted, functional) == [(document, URIRef(ELI + "date_publication"))]


# -- HermiT ------------------------------------------------------------------------------------------


@pytest.mark.slow
@needs_java
def test_the_vocabularies_the_ontology_and_the_release_are_consistent(with_standards, release_graph):
    outcome = reason.check(release_graph, with_standards, "required")
    assert outcome.ran and outcome.consistent


@pytest.mark.slow
@needs_java
def test_the_release_keeps_nifs_uri_schemes_disjoint(ontology, release_graph):
    """A span of two of NIF's URI schemes is inconsistent with NIF (the clash the restated axioms
    found: wdo:TextSpan was both nif:RFC5147String and nif:OffsetBasedString)."""
    span = _first(release_graph, WDO.TextSpan)
    clashing = Graph() + release_graph
    clashing.add((span, RDF.type, URIRef(NIF + "OffsetBasedString")))
    with pytest.raises(InconsistentOntology):
        reason.check(clashing, ontology + standards.axioms(), "required")
    assert not [c for c in NIF_URI_SCHEMES if c != URIRef(NIF + "RFC5147String") and (None, RDF.type, c) in release_graph]


def _first(graph: Graph, kind: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, kind))[0]


def _second_reference_context(graph: Graph) -> tuple:
    """nif:referenceContext is functional (NIF): a span's second context, the document, is its
    source text, which the ontology makes disjoint with wdo:PolicyDocument."""
    return (_first(graph, WDO.TextSpan), URIRef(NIF + "referenceContext"), _first(graph, WDO.PolicyDocument))


def _second_begin_index(graph: Graph) -> tuple:
    """nif:beginIndex is a functional data property (NIF): a span cannot begin at two offsets."""
    span = _first(graph, WDO.TextSpan)
    begin = graph.value(span, URIRef(NIF + "beginIndex")).toPython()
    return (span, URIRef(NIF + "beginIndex"), Literal(begin + 1, datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")))


def _realizes_a_section(graph: Graph) -> tuple:
    """eli:realizes is functional (ELI): an expression that also realizes a section makes the
    section the document, and the ontology makes wdo:Section and wdo:PolicyDocument disjoint."""
    return (_first(graph, URIRef(ELI + "LegalExpression")), URIRef(ELI + "realizes"), _first(graph, WDO.Section))


@pytest.mark.slow
@needs_java
@pytest.mark.parametrize("statement", [_second_reference_context, _second_begin_index, _realizes_a_section], ids=lambda f: f.__name__.strip("_"))
def test_a_restated_axiom_catches_a_statement_nothing_else_does(statement, ontology, with_standards, release_graph):
    data = Graph() + release_graph
    data.add(statement(release_graph))
    assert reason.check(data, ontology + standards.axioms(restated=False), "required").consistent, "without the restated axioms nothing clashes"
    with pytest.raises(InconsistentOntology):
        reason.check(data, with_standards, "required")


def _region_with_item(release_graph: Graph) -> tuple[URIRef, URIRef]:
    """A region of the release and the Wikidata item it is schema:sameAs."""
    for region in sorted(release_graph.subjects(RDF.type, WDO.Region)):
        items = sorted(o for o in release_graph.objects(region, URIRef("http://schema.org/sameAs")) if "wikidata.org/entity/" in str(o))
        if items:
            return region, items[0]
    pytest.fail("the release links no region to Wikidata")


@pytest.mark.slow
@needs_java
def test_skos_exact_match_makes_a_region_a_concept_which_the_ontology_forbids(ontology, with_standards, release_graph):
    """skos:exactMatch is a sub-property of skos:semanticRelation, whose domain is skos:Concept
    (SKOS); the ontology makes wdo:Entity and skos:Concept disjoint.  Only SKOS's axioms show it."""
    region, item = _region_with_item(release_graph)
    data = Graph() + release_graph
    data.add((region, SKOS.exactMatch, item))
    assert reason.check(data, ontology, "required").consistent, "without SKOS's axioms nothing clashes"
    with pytest.raises(InconsistentOntology):
        reason.check(data, with_standards, "required")


@pytest.mark.slow
@needs_java
def test_a_document_generated_by_an_action_breaks_provs_disjointness(ontology, with_standards, release_graph):
    """prov:wasGeneratedBy has the range prov:Activity, and prov:Activity is disjoint with
    prov:Entity (PROV-O); the ontology makes wdo:Action a prov:Entity."""
    action = sorted(release_graph.subjects(RDF.type, WDO.Action))[0]
    document = sorted(release_graph.subjects(RDF.type, WDO.PolicyDocument))[0]
    data = Graph() + release_graph
    data.add((document, URIRef(PROV + "wasGeneratedBy"), action))
    assert reason.check(data, ontology, "required").consistent, "without PROV-O's axioms nothing clashes"
    with pytest.raises(InconsistentOntology):
        reason.check(data, with_standards, "required")


# -- pySHACL with RDFS inference -------------------------------------------------------------------


@pytest.mark.slow
def test_the_release_conforms_under_rdfs_inference_with_the_vocabularies(ontology, release_graph):
    """The shapes hold after RDFS inference over the data, the ontology and the vocabularies'
    (DL-safe) axioms, the restated ones of ELI, NIF and ITS included: no shape relies on the
    absence of a triple a reused vocabulary entails."""
    shapes = Graph().parse(resources.shapes_path(), format="turtle")
    conforms, report, _ = pyshacl.validate(
        release_graph, shacl_graph=shapes, ont_graph=ontology + standards.axioms(), inference="rdfs", allow_warnings=True
    )
    found = Counter(
        (str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    )
    violations = [f"{count} x {path}: {message}" for (path, message), count in sorted(found.items())]
    assert conforms, "violations under RDFS inference:\n" + "\n".join(violations[:20])
