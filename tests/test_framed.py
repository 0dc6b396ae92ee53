"""JSON-LD a web developer can use without a JSON-LD library (issue 13, point 9).

* Every key of the compacted JSON-LD (``westdev.jsonld``, ``documents/<slug>.jsonld``) and of
  the framed form (``documents/<slug>.framed.jsonld``) is a term of its context or a keyword;
  every ``@type`` value is a term; links are plain strings; integers are JSON numbers.
* The framed form nests the document: document → sections → measures → actions and goals →
  responsibilities, evidence spans in place.
* The framed form gives back the triples of the document's own graph (``documents/<slug>.ttl``,
  or ``westdev.ttl`` for a release of one document), read by rdflib, PyLD and pyoxigraph.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Graph

from westdev_kg import pipeline
from westdev_kg.stages import serialize

from .conftest import HOSTILE, RELEASE_DATE, assert_isomorphic
from .test_independent_checks import jsonld_by_pyld, jsonld_by_pyoxigraph

FRAMED = "documents/western-development-2020.framed.jsonld"
INTEGER_TYPES = {"xsd:integer", "xsd:nonNegativeInteger"}


@pytest.fixture(scope="module")
def folder_release(tmp_path_factory) -> dict[str, bytes]:
    """Three small documents that share places, built as a folder (in this process)."""
    root = tmp_path_factory.mktemp("framed")
    (root / "in").mkdir()
    for name in ("plain.txt", "numbering.txt", "no-structure.txt"):
        shutil.copyfile(HOSTILE / name, root / "in" / name)
    out = root / "out"
    pipeline.build(root / "in", pipeline.Options(output=out, reports=root / "reports", release_date=RELEASE_DATE, reasoner="skip"))
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def bundled(release) -> dict[str, bytes]:
    _, folder = release
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _objects(value):
    """Every node object in a JSON-LD value, depth first."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict) and "@value" not in value:
        yield value
        for key, item in value.items():
            if key != "@context":
                yield from _objects(item)


def _check_terms(data: bytes, name: str) -> None:
    doc = json.loads(data)
    context = doc["@context"]
    assert not [term for term in context if ":" in term], name
    nodes = list(_objects(doc["@graph"]))
    assert nodes, name
    for node in nodes:
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert ":" not in key and key in context, f"{name}: key {key!r} of {node.get('@id')} is not a term"
            coercion = context[key].get("@type")
            for item in value if isinstance(value, list) else [value]:
                if coercion == "@id":
                    assert isinstance(item, (str, dict)) and (isinstance(item, str) or "@id" in item), f"{name}: {key} {item!r}"
                if coercion in INTEGER_TYPES:
                    assert isinstance(item, int) and not isinstance(item, bool), f"{name}: {key} {item!r} is not a number"
                if isinstance(item, dict) and "@type" in item:
                    assert item["@type"] != "xsd:integer", f"{name}: {key} {item!r}: an integer not written as a number"
        types = node.get("@type", [])
        for t in [types] if isinstance(types, str) else types:
            assert ":" not in t and t in context, f"{name}: @type {t!r} of {node.get('@id')} is not a term"


def test_every_key_and_type_of_the_bundled_release_s_json_ld_is_a_term(bundled):
    for name in (pipeline.DATA_JSONLD, FRAMED):
        _check_terms(bundled[name], name)
    context = json.loads(bundled[pipeline.CONTEXT_JSONLD])["@context"]
    assert context["agent"] == {"@id": "prov:agent", "@type": "@id"}  # once the one link without a term
    assert context["PolicyDocument"] == {"@id": "wdo:PolicyDocument"}
    assert context["beginIndex"] == {"@id": "nif:beginIndex", "@type": "xsd:nonNegativeInteger"}


def test_every_key_and_type_of_a_folder_s_json_ld_is_a_term(folder_release):
    names = [n for n in folder_release if n.endswith(".jsonld") and n != pipeline.CONTEXT_JSONLD]
    assert len([n for n in names if n.endswith(".framed.jsonld")]) == 3
    for name in names:
        _check_terms(folder_release[name], name)


def test_offsets_and_sizes_are_numbers(bundled):
    nodes = list(_objects(json.loads(bundled[FRAMED])["@graph"]))
    text = next(n for n in nodes if "byteSize" in n)
    assert isinstance(text["byteSize"], int) and isinstance(text["beginIndex"], int) and isinstance(text["endIndex"], int)
    spans = [n for n in nodes if "beginIndex" in n]
    assert len(spans) > 1000 and all(isinstance(n["beginIndex"], int) and isinstance(n["endIndex"], int) for n in spans)


def test_integers_become_numbers_only_where_json_ld_gives_them_back_exactly():
    """A number with the term's ``@type`` expands to that datatype (JSON-LD 1.1, object to RDF,
    step 12); a non-canonical form, or one a double cannot hold, stays a string."""
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    terms = serialize.Terms(table={nif: ("beginIndex", xsd + "nonNegativeInteger")})
    writer = serialize.JsonLdWriter(terms, serialize.prefixes_for("https://w3id.org/westdev/"))
    s = ("i", "https://w3id.org/westdev/id/x")
    triples = [(s, ("i", nif), ("l", lexical, xsd + "nonNegativeInteger", "")) for lexical in ("12", "012", "12345678901234567890")]
    (node,) = writer.nodes(triples)
    assert node["beginIndex"] == [12, "012", "12345678901234567890"]
    doc = {"@context": writer.context(), "@graph": [node]}
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})  # not through rdflib, which normalises "012"
    objects = sorted(line.split(" ", 2)[2].rsplit(" .", 1)[0] for line in nquads.splitlines())
    assert objects == [f'"{lexical}"^^<{xsd}nonNegativeInteger>' for lexical in ("012", "12", "12345678901234567890")]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _types(node: dict) -> list:
    return _as_list(node.get("@type", []))


def test_the_framed_form_nests_document_sections_measures_actions_and_goals(bundled):
    doc = json.loads(bundled[FRAMED])
    tree = doc["@graph"][0]
    ours = {term for term, value in doc["@context"].items() if isinstance(value, dict) and str(value.get("@id", "")).startswith("wdo:")}

    def _types(node: dict) -> list:  # the classes of ours (the data also states the standard ones: eli:, prov: …)
        return [t for t in _as_list(node.get("@type", [])) if t in ours]

    assert "LegalResource" in _as_list(tree["@type"])
    assert doc["@context"]["actionsAndGoals"] == {"@reverse": "wdo:inSection", "@type": "@id"}
    assert _types(tree) == ["PolicyDocument"]
    sections = tree["has_part"]
    kinds = [_types(s)[0] for s in sections]
    assert kinds == ["Preamble"] + ["Part"] * 7 + ["Closing"], "in the order of the text"
    measures = [m for part in sections for m in _as_list(part.get("has_part", []))]
    assert len(measures) == 36 and all("Measure" in _types(m) for m in measures)
    nested = [x for m in measures for x in m.get("actionsAndGoals", [])]
    assert {t for x in nested for t in _types(x)} == {"Action", "Goal"}
    assert all("inSection" not in x for x in nested), "the nesting states the section"
    action = next(x for x in nested if "Action" in _types(x))
    assert isinstance(action["hasEvidence"], dict) and isinstance(action["hasEvidence"]["beginIndex"], int)
    responsibilities = [r for x in nested for r in x.get("responsibilities", [])]
    assert responsibilities and all(_types(r) == ["Responsibility"] and isinstance(r["agent"], str) for r in responsibilities)
    # every node once: embedded in the tree, or flat after it
    ids = [n["@id"] for n in _objects(doc["@graph"]) if len(n) > 1]
    assert len(ids) == len(set(ids))


def test_the_framed_form_is_the_graph_of_the_release_of_one_document(bundled):
    turtle = Graph().parse(data=bundled[pipeline.DATA_TTL], format="turtle")
    assert_isomorphic(turtle, Graph().parse(data=bundled[FRAMED], format="json-ld"), "westdev.ttl and the framed JSON-LD (rdflib)")
    assert_isomorphic(turtle, jsonld_by_pyld(bundled[FRAMED]), "westdev.ttl and the framed JSON-LD (PyLD)")
    assert_isomorphic(turtle, jsonld_by_pyoxigraph(bundled[FRAMED]), "westdev.ttl and the framed JSON-LD (pyoxigraph)")


def test_each_framed_form_is_its_document_s_own_graph(folder_release):
    for name in sorted(n for n in folder_release if n.endswith(".framed.jsonld")):
        own = Graph().parse(data=folder_release[name.replace(".framed.jsonld", ".ttl")], format="turtle")
        assert_isomorphic(own, Graph().parse(data=folder_release[name], format="json-ld"), f"{name} (rdflib)")
        assert_isomorphic(own, jsonld_by_pyld(folder_release[name]), f"{name} (PyLD)")
        flat = jsonld_by_pyld(folder_release[name.replace(".framed.jsonld", ".jsonld")])
        assert_isomorphic(own, flat, f"{name}: the flat JSON-LD")


def test_the_framed_forms_are_in_the_manifest(folder_release):
    manifest = json.loads(folder_release[pipeline.MANIFEST])
    framed = sorted(n for n in manifest["files"] if n.endswith(".framed.jsonld"))
    assert framed == ["documents/no-structure.framed.jsonld", "documents/numbering.framed.jsonld", "documents/plain.framed.jsonld"]
    assert sorted(framed) == sorted(n for n in folder_release if n.endswith(".framed.jsonld"))
