"""The dumps and the dataset description of a release (issue 13 point 5): westdev.nt, westdev.nq, void.ttl."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic

from westdev_kg import pipeline
from westdev_kg.stages import dataset

from .conftest import REPO, RELEASE_DATE, run_cli

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCT = Namespace("http://purl.org/dc/terms/")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATASET = URIRef("https://w3id.org/westdev/id/dataset")
WHERE = "https://data.example.org/westdev/"  # where a consumer fetched the release from
TEXTS = {"a.txt": "The State Council shall support Sichuan and Chongqing.\n",
         "sub/b.txt": "Yunnan shall build roads by 2030 and \"protect\" rivers.\n"}


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    """A release of a folder of two texts."""
    root = tmp_path_factory.mktemp("dataset")
    for name, text in TEXTS.items():
        (root / "texts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "texts" / name).write_text(text, encoding="utf-8")
    out = root / "release"
    pipeline.build(root / "texts", pipeline.Options(output=out, reports=root / "reports", reasoner="skip", release_date=RELEASE_DATE,
                                                    sparql_endpoint="https://data.example.org/sparql"))
    return out


def _void(folder: Path) -> Graph:
    return Graph().parse(folder / dataset.VOID_TTL, format="turtle", publicID=WHERE + dataset.VOID_TTL)


@pytest.mark.parametrize("folder", ["bundled", "two"])
def test_the_dumps_hold_the_graph(folder, two):
    folder = REPO / "output" if folder == "bundled" else two
    data = Graph().parse(folder / pipeline.DATA_TTL, format="turtle")
    nt = Graph().parse(folder / dataset.NTRIPLES, format="nt")
    assert to_isomorphic(nt) == to_isomorphic(data)
    quads = Dataset()
    quads.parse(folder / dataset.NQUADS, format="nquads")
    graphs = {str(g.identifier): g for g in quads.graphs() if len(g)}
    documents = {str(s) for s in data.subjects(RDF_TYPE, URIRef("https://w3id.org/westdev/ontology#PolicyDocument"))}
    assert set(graphs) == {f"{document}/graph" for document in documents}  # one named graph per document, named by its graph node
    union = Graph()
    for graph in graphs.values():
        union += graph
    assert to_isomorphic(union) == to_isomorphic(data)
    for name in (dataset.NTRIPLES, dataset.NQUADS):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        assert lines and all(line.endswith(" .") for line in lines)


def test_the_ntriples_are_sorted_document_by_document_then_the_shared_nodes(two):
    lines = (two / dataset.NTRIPLES).read_text(encoding="utf-8").splitlines()
    owner = ["a" if "/id/a/" in line.split(" ", 1)[0] or line.startswith("<https://w3id.org/westdev/id/a>")
             else "b" if "/id/sub-b" in line.split(" ", 1)[0] else "shared" for line in lines]
    blocks = [kind for i, kind in enumerate(owner) if i == 0 or owner[i - 1] != kind]
    assert blocks == ["a", "b", "shared"], blocks
    for kind in ("a", "b", "shared"):
        block = [line for line, o in zip(lines, owner) if o == kind]
        assert block == sorted(block)


def test_void_counts_what_the_data_holds(two):
    void, data = _void(two), Graph().parse(two / pipeline.DATA_TTL, format="turtle")
    assert int(void.value(DATASET, VOID.triples)) == len(data)
    assert int(void.value(DATASET, VOID.distinctSubjects)) == len(set(data.subjects()))
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(DATASET, VOID.classPartition)}
    assert classes == {c: len(set(data.subjects(RDF_TYPE, c))) for c in set(data.objects(None, RDF_TYPE))}
    properties = {void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(DATASET, VOID.propertyPartition)}
    assert properties == {p: len(list(data.triples((None, p, None)))) for p in set(data.predicates())}
    assert int(void.value(DATASET, VOID.classes)) == len(classes) and int(void.value(DATASET, VOID.properties)) == len(properties)
    vocabularies = {str(v) for v in void.objects(DATASET, VOID.vocabulary)}
    assert {"https://w3id.org/westdev/ontology#", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"} <= vocabularies


def test_void_says_what_the_release_is_and_where_its_parts_are(two):
    void, manifest = _void(two), json.loads((two / "manifest.json").read_text(encoding="utf-8"))
    assert {DCAT.Dataset, VOID.Dataset} <= set(void.objects(DATASET, RDF_TYPE))
    assert void.value(DATASET, DCT.license) == URIRef(dataset.DATA_LICENSE)
    assert str(void.value(DATASET, DCAT.version)) == manifest["release_version"]
    assert void.value(DATASET, DCT.issued) == Literal(RELEASE_DATE, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("https://data.example.org/sparql")
    sources = {}
    for text in void.objects(DATASET, DCT.source):
        checksum = void.value(text, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        sources[str(void.value(text, URIRef("https://w3id.org/westdev/ontology#fileName")))] = str(void.value(checksum, SPDX.checksumValue))
    assert sources == {Path(name).name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in TEXTS.items()}
    distributions = set(void.objects(DATASET, DCAT.distribution))
    assert {str(d) for d in distributions} == {WHERE + name for name in dataset.DISTRIBUTIONS}  # relative to void.ttl
    for distribution in distributions:
        name = str(distribution).removeprefix(WHERE)
        assert int(void.value(distribution, DCAT.byteSize)) == (two / name).stat().st_size
        assert str(void.value(distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
    assert {str(d) for d in void.objects(DATASET, VOID.dataDump)} == {WHERE + n for n in ("westdev.ttl", "westdev.nt", "westdev.nq")}
    assert dataset.VOID_TTL in manifest["files"]


def test_without_an_endpoint_void_names_none(tmp_path):
    shutil.copyfile(REPO / "tests" / "fixtures" / "hostile" / "plain.txt", tmp_path / "plain.txt")
    pipeline.build(tmp_path / "plain.txt", pipeline.Options(output=tmp_path / "out", reports=tmp_path / "r", reasoner="skip"))
    void = _void(tmp_path / "out")
    assert void.value(DATASET, VOID.sparqlEndpoint) is None and void.value(DATASET, DCT.issued) is None  # no clock


@pytest.mark.cli
@pytest.mark.parametrize("value", ["not an iri", "ftp://example.org/sparql", "/sparql"])
def test_a_bad_endpoint_is_a_usage_error(value, tmp_path):
    result = run_cli("build", str(REPO / "tests" / "fixtures" / "hostile" / "plain.txt"), "-o", str(tmp_path / "out"),
                     "--reasoner", "skip", "--sparql-endpoint", value)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "--sparql-endpoint" in result.stderr
    assert not (tmp_path / "out").exists()
