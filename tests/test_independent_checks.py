"""Checks that prove themselves: a second parser for every file, ontology pitfalls, reproducible folders.

* The release's Turtle is read by pyoxigraph as well as rdflib; its JSON-LD by
  PyLD (``jsonld.to_rdf`` -> N-Quads -> rdflib) and by pyoxigraph as well as
  rdflib (``tests/test_build.py``).  Each graph must be isomorphic to rdflib's
  graph of the Turtle, so a file only one library understands fails here.
* Ontology pitfalls that ``tests/test_ontology.py`` does not cover: a property
  of ours used in the data without a declared type or against its kind, a class
  used as an individual, a term both class and property, labels that two terms
  share, domains and ranges naming nothing declared, and — without Java — data
  that plainly breaks a disjointness or a functional property.
* Reproducibility beyond ``tests/test_determinism.py``: a folder build under
  two hash seeds, two working directories and ``--jobs 1`` / ``--jobs 2`` gives
  byte-identical files, and its streamed combined release means the same as
  the documents' own files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from westdev_kg import pipeline, resources
from westdev_kg.vocab import WDC, WDO

from .conftest import RELEASE_DATE, assert_isomorphic, run_cli

OURS = (str(WDO), str(WDC))
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD_NS + "string"


# -- second parsers -------------------------------------------------------------------


def _from_ox(term) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _graph_of(quads) -> Graph:
    graph = Graph()
    for quad in quads:
        assert quad.graph_name == ox.DefaultGraph(), "a release file holds one graph"
        graph.add((_from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)))
    return graph


def turtle_by_pyoxigraph(data: bytes) -> Graph:
    return _graph_of(ox.parse(data, format=ox.RdfFormat.TURTLE))


def jsonld_by_pyoxigraph(data: bytes) -> Graph:
    return _graph_of(ox.parse(data, format=ox.RdfFormat.JSON_LD))


def _no_network(url: str, options=None):
    raise AssertionError(f"the JSON-LD must stand alone, but PyLD was asked to load {url}")


def jsonld_by_pyld(data: bytes) -> Graph:
    """PyLD expands the document and writes N-Quads; rdflib reads them."""
    nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads", "documentLoader": _no_network})
    # one graph, no graph names: the N-Quads are N-Triples (a graph name would be a parse error)
    return Graph().parse(data=nquads, format="nt")


# -- the bundled release, read by other parsers ---------------------------------------------


@pytest.fixture(scope="module")
def files(release) -> dict[str, bytes]:
    _, folder = release
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.slow
def test_turtle_read_by_pyoxigraph_is_rdflibs_graph(files, release_graph):
    assert_isomorphic(release_graph, turtle_by_pyoxigraph(files[pipeline.DATA_TTL]), "rdflib and pyoxigraph graphs of the Turtle")


@pytest.mark.slow
def test_jsonld_read_by_pyld_is_the_graph_of_the_turtle(files, release_graph):
    assert_isomorphic(release_graph, jsonld_by_pyld(files[pipeline.DATA_JSONLD]), "Turtle (rdflib) and JSON-LD (PyLD)")


@pytest.mark.slow
def test_jsonld_read_by_pyoxigraph_is_the_graph_of_the_turtle(files, release_graph):
    assert_isomorphic(release_graph, jsonld_by_pyoxigraph(files[pipeline.DATA_JSONLD]), "Turtle (rdflib) and JSON-LD (pyoxigraph)")


@pytest.mark.parametrize("name", [pipeline.ONTOLOGY_TTL, pytest.param(pipeline.SHAPES_TTL, marks=pytest.mark.slow)])
def test_released_ontology_and_shapes_read_alike_by_both_parsers(files, name):
    assert_isomorphic(Graph().parse(data=files[name], format="turtle"), turtle_by_pyoxigraph(files[name]), f"{name} by rdflib and pyoxigraph")


# -- ontology pitfalls --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(resources.ontology_path(), format="turtle")


def _ours(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(OURS)


def test_every_property_of_ours_in_the_data_is_declared_and_used_as_its_kind(ontology, release_graph):
    problems = []
    for prop in sorted({p for p in release_graph.predicates() if _ours(p)}):
        kinds = set(ontology.objects(prop, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
        if len(kinds) != 1:
            problems.append(f"{prop}: declared as {sorted(kinds) or 'nothing'}")
            continue
        values = set(release_graph.objects(None, prop))
        if OWL.ObjectProperty in kinds and any(not isinstance(v, URIRef) for v in values):
            problems.append(f"{prop} is an object property with literal values")
        if OWL.DatatypeProperty in kinds and any(not isinstance(v, Literal) for v in values):
            problems.append(f"{prop} is a datatype property with IRI values")
    assert problems == []


def test_no_class_is_used_as_an_individual(ontology, release_graph):
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    as_subject = classes & set(release_graph.subjects())
    as_value = {o for p, o in release_graph.predicate_objects() if p != RDF.type} & classes
    assert as_subject == set() and as_value == set()
    individuals = set(ontology.subjects(RDF.type, SKOS.Concept)) | set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    assert classes & individuals == set(), "punned terms: both a class and an individual"


def test_no_term_of_ours_is_both_a_class_and_a_property(ontology):
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty) for p in ontology.subjects(RDF.type, kind)}
    assert {t for t in classes & properties if _ours(t)} == set()


def test_labels_are_unique_among_classes_and_properties_and_within_each_concept_scheme(ontology):
    owl_terms = set(ontology.subjects(RDF.type, OWL.Class)) | {
        p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty) for p in ontology.subjects(RDF.type, kind)
    }
    scopes: dict[tuple, set] = defaultdict(set)
    for term, label in ontology.subject_objects(RDFS.label):
        if not _ours(term):
            continue
        if term in owl_terms:
            scopes[("owl", str(label).lower(), label.language)].add(term)
        for scheme in ontology.objects(term, SKOS.inScheme):
            scopes[(str(scheme), str(label).lower(), label.language)].add(term)
    shared = {f"{scope[1]!r} ({scope[0]})": sorted(map(str, terms)) for scope, terms in scopes.items() if len(terms) > 1}
    assert shared == {}


def test_domains_and_ranges_name_declared_classes_or_datatypes(ontology):
    classes = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, RDFS.Class))
    datatypes = set(ontology.subjects(RDF.type, RDFS.Datatype))
    builtin = (XSD_NS, str(RDF), str(RDFS), str(OWL))
    undeclared = []
    for prop, target in [*ontology.subject_objects(RDFS.domain), *ontology.subject_objects(RDFS.range)]:
        if not _ours(prop) or isinstance(target, BNode):
            continue
        if target not in classes and target not in datatypes and not str(target).startswith(builtin):
            undeclared.append(f"{prop} -> {target}")
    assert undeclared == []


def _disjoint_groups(ontology: Graph) -> list[set]:
    groups = [set(Collection(ontology, members)) for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses) for members in ontology.objects(node, OWL.members)]
    groups += [{a, b} for a, b in ontology.subject_objects(OWL.disjointWith)]
    return groups


def test_no_node_of_the_data_is_typed_with_two_disjoint_classes(ontology, release_graph):
    """A check without Java: stated types only (HermiT, in test_ontology.py, also infers)."""
    groups = _disjoint_groups(ontology)
    assert groups, "the ontology states no disjointness"
    clashes = []
    for node in set(release_graph.subjects(RDF.type, None)):
        types = set(release_graph.objects(node, RDF.type))
        clashes += [f"{node}: {sorted(map(str, types & group))}" for group in groups if len(types & group) > 1]
    assert clashes == []


def test_functional_properties_have_one_value_per_node(ontology, release_graph):
    functional = {p for p in ontology.subjects(RDF.type, OWL.FunctionalProperty) if _ours(p)}
    assert functional, "the ontology states no functional property"
    repeated = []
    for prop in functional:
        counts: dict = defaultdict(int)
        for subject in release_graph.subjects(prop, None):
            counts[subject] += 1
        repeated += [f"{s} {prop}" for s, n in counts.items() if n > 1]
    assert repeated == []


# -- reproducible folder builds -----------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three small documents that share places; one has a sidecar."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("plain.txt", "numbering.txt", "no-structure.txt"):
        shutil.copyfile(HOSTILE / name, folder / name)
    (folder / "plain.meta.toml").write_text('slug = "rural-roads"\ntitle = "Opinions on Rural Roads"\ndate_issued = 2021-03-04\n', encoding="utf-8")
    return folder


@pytest.mark.cli
@pytest.mark.slow
def test_folder_builds_are_byte_identical_across_hash_seeds_directories_and_jobs(tmp_path, corpus):
    pinned = ("--reasoner", "skip", "-q", "--release-date", RELEASE_DATE, "--release-version", "3.1.4")
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    one = run_cli("build", str(corpus), "-o", str(tmp_path / "a"), "--jobs", "1", *pinned, cwd=tmp_path / "here", env={"PYTHONHASHSEED": "1"})
    two = run_cli("build", str(corpus), "-o", str(tmp_path / "b"), "--jobs", "2", *pinned, cwd=tmp_path / "there", env={"PYTHONHASHSEED": "987654"})
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sorted(a) == sorted(b)
    assert "documents/rural-roads.ttl" in a and "documents/numbering.jsonld" in a and pipeline.DATA_TTL in a
    assert [name for name in a if a[name] != b[name]] == []
    for name, data in a.items():
        assert str(tmp_path).encode() not in data, f"{name} holds an absolute path"
    data = a[pipeline.DATA_TTL].decode("utf-8")
    assert f'"{RELEASE_DATE}"^^xsd:date' in data and 'owl:versionInfo "3.1.4"' in data
    onto = Graph().parse(data=a[pipeline.ONTOLOGY_TTL], format="turtle")
    # the ontology's version is its own content hash, whatever the data's pinned version
    assert str(onto.value(URIRef("https://w3id.org/westdev/ontology"), OWL.versionInfo)) == hashlib.sha256(resources.ontology_path().read_bytes()).hexdigest()[:16]
    # the combined release, written statement by statement, means what the documents' own files mean
    union = Graph()
    for name, payload in a.items():
        if name.startswith("documents/") and name.endswith(".ttl"):
            union += Graph().parse(data=payload, format="turtle")
    combined = Graph().parse(data=a[pipeline.DATA_TTL], format="turtle")
    assert_isomorphic(union, combined, "union of documents/*.ttl and the combined westdev.ttl")
    assert_isomorphic(combined, jsonld_by_pyld(a[pipeline.DATA_JSONLD]), "combined Turtle and combined JSON-LD (PyLD)")


@pytest.mark.cli
def test_a_build_without_a_release_date_reads_no_clock(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(HOSTILE / "plain.txt"), "-o", str(out), "--reasoner", "skip", "-q", env={"SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0, result.stderr
    today = dt.date.today()
    for name, data in _tree(out).items():
        for day in (today, today - dt.timedelta(days=1)):  # a build that runs over midnight
            assert day.isoformat().encode() not in data, f"{name} holds today's date"
    graph = Graph().parse(out / pipeline.DATA_TTL, format="turtle")
    assert list(graph.subjects(RDF.type, WDO.KnowledgeGraph))
    assert [g for g in graph.subjects(RDF.type, WDO.KnowledgeGraph) if graph.value(g, DCTERMS.issued) is not None] == []
