"""Each controlled vocabulary is written once: the ontology is its source of truth.

The SKOS concept schemes of ``ontology/westdev.ttl`` (and its subclasses of wdo:Section)
are the vocabularies; the Python constants and the word lists that mirror one must hold
exactly its codes — the local name of a concept IRI after ``<prefix>-``, as
:func:`westdev_kg.vocab.concept_iri` builds it — and so must the ``sh:in`` list of the
shape that checks the property.  A concept added, removed or renamed on one side only
fails here.  (The entity kinds of the reference data: tests/test_reference.py.)
"""

from __future__ import annotations

import csv
import typing
from functools import cache

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from westdev_kg import model, resources
from westdev_kg.analysis.directives import OBLIGATIONS
from westdev_kg.lexicon import FOLDER as LEXICON_DIR
from westdev_kg.stages.graph import _SECTION_CLASS
from westdev_kg.vocab import WDC, WDO, concept_iri

WDS = "https://w3id.org/westdev/shapes#"


@cache
def ontology() -> Graph:
    return Graph().parse(resources.ontology_path(), format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(resources.shapes_path(), format="turtle")


def literal_codes(annotation) -> frozenset[str]:
    assert typing.get_origin(annotation) is typing.Literal, annotation
    return frozenset(typing.get_args(annotation))


TARGET_FIELDS = typing.get_type_hints(model.Target)

# vocabulary -> (the Python constant, its scheme, the concept prefix, the node shape and path whose sh:in lists it)
VOCABULARIES = {
    "obligation": (OBLIGATIONS, "obligations", "obligation", "ActionShape", WDO.obligation),
    "role": (literal_codes(model.Role), "roles", "role", "ResponsibilityShape", WDO.role),
    "scope": (literal_codes(model.GoalScope), "goal-scopes", "scope", "GoalShape", WDO.scope),
    "direction": (literal_codes(TARGET_FIELDS["direction"]), "target-directions", "direction", "QuantifiedTargetShape", WDO.direction),
    "qualifier": (literal_codes(TARGET_FIELDS["qualifier"]), "target-qualifiers", "qualifier", "QuantifiedTargetShape", WDO.qualifier),
    "section": (literal_codes(model.SectionKind), "sections", "section", "SectionShape", WDO.sectionKind),
    "bindingness": (literal_codes(typing.get_args(TARGET_FIELDS["bindingness"])[0]), "target-bindingness", "bindingness", "QuantifiedTargetShape", WDO.bindingness),
    "aggregation": (literal_codes(typing.get_args(TARGET_FIELDS["aggregation"])[0]), "target-aggregations", "aggregation", "QuantifiedTargetShape", WDO.aggregation),
}


def scheme_codes(scheme: str, prefix: str) -> set[str]:
    """The codes of the concepts ``skos:inScheme`` the scheme (each concept's IRI is concept_iri's)."""
    concepts = set(ontology().subjects(SKOS.inScheme, WDC[scheme]))
    assert concepts, f"wdc:{scheme} has no concepts"
    codes = {str(c).removeprefix(f"{WDC}{prefix}-") for c in concepts}
    assert {URIRef(concept_iri(prefix, code)) for code in codes} == concepts, f"a concept of wdc:{scheme} is not named wdc:{prefix}-<code>"
    return codes


def in_list_codes(node_shape: str, path: URIRef, prefix: str) -> set[str]:
    """The codes in the ``sh:in`` list of the property shape of ``node_shape`` on ``path``."""
    graph = shapes()
    found = [p for p in graph.objects(URIRef(WDS + node_shape), SH.property) if (p, SH.path, path) in graph]
    assert len(found) == 1, f"wds:{node_shape} has {len(found)} property shapes on {path}"
    listed = list(Collection(graph, graph.value(found[0], SH["in"])))
    assert len(listed) == len(set(listed)), f"wds:{node_shape}: sh:in lists a concept twice"
    return {str(c).removeprefix(f"{WDC}{prefix}-") for c in listed}


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_the_python_codes_are_the_concepts_of_the_scheme_and_of_the_shape(name):
    constant, scheme, prefix, node_shape, path = VOCABULARIES[name]
    in_scheme = scheme_codes(scheme, prefix)
    assert set(constant) == in_scheme, (
        f"{name}: only in the code {sorted(set(constant) - in_scheme)}, only in wdc:{scheme} {sorted(in_scheme - set(constant))}"
    )
    assert in_list_codes(node_shape, path, prefix) == in_scheme, f"{name}: the sh:in list of wds:{node_shape} drifted from wdc:{scheme}"


def test_every_concept_scheme_of_codes_is_covered():
    """A new scheme of the ontology needs its Python mirror (or the reference data's) named here."""
    schemes = {str(s).removeprefix(str(WDC)) for s in ontology().subjects(RDF.type, SKOS.ConceptScheme)}
    kinds = {s for s in schemes if s.endswith("-kinds")}  # entity kinds: tests/test_reference.py
    minted = {"generic-actors"}  # its concepts are the generic actors the data mints
    assert schemes - kinds - minted == {scheme for _, scheme, *_ in VOCABULARIES.values()}


def test_the_section_kinds_are_the_subclasses_of_section():
    graph = ontology()
    classes = set(graph.subjects(RDFS.subClassOf, WDO.Section))
    assert set(_SECTION_CLASS) == literal_codes(model.SectionKind)
    assert {URIRef(iri) for _, iri in _SECTION_CLASS.values()} == classes
    # the class is the kind in CamelCase ("sub-item": wdo:SubItem), but a section of a chapter is
    # wdo:ChapterSection, wdo:Section being every subdivision
    camel = {kind: "".join(w.capitalize() for w in kind.split("-")) for kind in _SECTION_CLASS}
    camel["section"] = "ChapterSection"
    assert all(iri == str(WDO[camel[kind]]) for kind, (_, iri) in _SECTION_CLASS.items())
    disjoint = [set(Collection(graph, graph.value(d, OWL.members))) for d in graph.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert classes in disjoint, "the section classes must be declared pairwise disjoint"


# -- the word lists: every code they give is a code of the scheme ---------------------------


def rows(name: str) -> list[dict[str, str]]:
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# (file, the rows' column, the kinds of rows it applies to or None for every row) -> vocabulary
WORD_LISTS = {
    ("verbs.csv", "obligation", None): "obligation",
    ("cues.csv", "obligation", None): "obligation",
    ("cues.csv", "role", None): "role",
    ("zh_obligations.csv", "obligation", None): "obligation",
    ("zh_verbs.csv", "obligation", None): "obligation",
    ("quantities.csv", "value", ("change-verb", "create-verb")): "direction",
    ("quantities.csv", "value", ("qualifier", "qualifier-after", "level-verb", "set-preposition")): "qualifier",
    ("zh_quantities.csv", "value", ("aggregation",)): "aggregation",
    ("quantities.csv", "value", ("aggregation",)): "aggregation",
    ("zh_quantities.csv", "value", ("table-aggregation-value",)): "aggregation",
    ("zh_quantities.csv", "value", ("table-bindingness-value",)): "bindingness",
    ("zh_quantities.csv", "value", ("table-direction",)): "direction",
    ("zh_quantities.csv", "value", ("table-sign",)): "qualifier",
}


@pytest.mark.parametrize("source", sorted(WORD_LISTS), ids=lambda s: f"{s[0]}:{s[1]}:{'|'.join(s[2] or ['all'])}")
def test_the_word_lists_give_codes_of_the_scheme(source):
    name, column, kinds = source
    _, scheme, prefix, *_ = VOCABULARIES[WORD_LISTS[source]]
    given = {row[column] for row in rows(name) if kinds is None or row["kind"] in kinds} - {""}
    assert given, f"{name} gives no {column}"
    assert given <= scheme_codes(scheme, prefix), f"{name}: {sorted(given - scheme_codes(scheme, prefix))} are not in wdc:{scheme}"
