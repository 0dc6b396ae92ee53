"""The standard vocabularies the ontology reuses, vendored verbatim, and their DL-safe axioms.

``ontology/vocabularies/<name>/`` holds each vocabulary's file exactly as a registry package
ships it, with ``SOURCE.md`` (source IRI, package and version, licence, SHA-256); the table in
``ontology/vocabularies/README.md`` says what each is used for.  The files are data: nothing here
edits them.  HermiT reads OWL 2 DL only, and a few published axioms are not OWL 2 DL or use a
datatype outside the OWL 2 datatype map; :func:`dl_safe` leaves out exactly those, by named
pattern (:data:`DROPPED`), and counts what it left out, so the subset is derived by code, never
a hand-edited copy.  :func:`axioms` is the union of the DL-safe subsets, which the consistency
test (``tests/test_standards.py``) gives to the reason stage's own HermiT runner together with
``ontology/westdev.ttl`` and the release.

ELI, NIF 2.0 Core and ITS 2.0 RDF cannot be vendored (no registry package ships them).  The
axioms of theirs that bear on the terms westdev-kg uses are *restated* from the cited
specifications in one file of westdev-kg's own, ``ontology/vocabularies/restated/restated.ttl``
(:func:`restated_graph`; its ``README.md`` names the source of every axiom).  It is not a vendored
copy, so no SHA-256 applies to it; :func:`axioms` includes it (``restated=False`` leaves it out).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.namespace import OWL, XSD

from . import resources


@dataclass(frozen=True, slots=True)
class Vocabulary:
    name: str  # the folder under ontology/vocabularies/
    file: str  # the vendored file in it
    namespace: str


VOCABULARIES: tuple[Vocabulary, ...] = (
    Vocabulary("skos", "skos.nq", "http://www.w3.org/2004/02/skos/core#"),
    Vocabulary("prov", "prov.nq", "http://www.w3.org/ns/prov#"),
    Vocabulary("org", "org.nq", "http://www.w3.org/ns/org#"),
    Vocabulary("time", "time.nq", "http://www.w3.org/2006/time#"),
    Vocabulary("dcterms", "dcterms.nq", "http://purl.org/dc/terms/"),
    Vocabulary("gn", "gn.nq", "http://www.geonames.org/ontology#"),
    Vocabulary("foaf", "foaf.nq", "http://xmlns.com/foaf/0.1/"),  # ORG's org:Organization is a foaf:Agent
)

#: datatypes outside the OWL 2 datatype map (OWL 2 Structural Specification, section 4), which
#: HermiT rejects ("UnsupportedDatatypeException"); OWL-Time and DCTERMS use them
NOT_OWL2_DATATYPES = frozenset(XSD[name] for name in ("gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "duration", "date", "time"))


def folder() -> Path:
    return resources.data_dir("ontology") / "vocabularies"


def path(vocabulary: Vocabulary) -> Path:
    return folder() / vocabulary.name / vocabulary.file


def sha256(vocabulary: Vocabulary) -> str:
    return hashlib.sha256(path(vocabulary).read_bytes()).hexdigest()


_SHA_LINE = re.compile(r"^\|\s*SHA-256\s*\|\s*`?([0-9a-f]{64})`?\s*\|", re.MULTILINE)


def recorded_sha256(vocabulary: Vocabulary) -> str:
    """The SHA-256 its ``SOURCE.md`` records (a ``| SHA-256 | `…` |`` row)."""
    found = _SHA_LINE.search((folder() / vocabulary.name / "SOURCE.md").read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{vocabulary.name}/SOURCE.md records no SHA-256")
    return found[1]


@cache
def load(vocabulary: Vocabulary) -> Graph:
    """The vendored file's triples: its N-Quads with the graph name (the same on every line) left off."""
    lines = path(vocabulary).read_text(encoding="utf-8").splitlines()
    triples = "".join(f"{line.rsplit(' ', 2)[0]} .\n" for line in lines if line.strip())
    return Graph().parse(data=triples, format="nt")


# -- the DL-safe subset ----------------------------------------------------------------------------

Triple = tuple
Rule = Callable[[Graph, Triple], bool]


def _annotation(graph: Graph) -> Rule:
    annotation = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}
    return lambda g, t: t[1] in annotation or (isinstance(t[2], Literal) and t[1] not in _LOGICAL_LITERAL_PREDICATES)


_CARDINALITIES = (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality, OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality)

# literals that carry logic (cardinalities, facets, hasValue) are never annotation-like
_LOGICAL_LITERAL_PREDICATES = frozenset(
    {*_CARDINALITIES, OWL.hasValue, OWL.hasSelf, RDF.first, XSD.pattern, XSD.minInclusive, XSD.maxInclusive, XSD.minExclusive,
     XSD.maxExclusive, XSD.length, XSD.minLength, XSD.maxLength}
)


def _list_range(g: Graph, t: Triple) -> bool:
    return t[1] in (RDFS.range, RDFS.domain) and t[2] == RDF.List


def _datatype(g: Graph, t: Triple) -> bool:
    return t[2] in NOT_OWL2_DATATYPES or (isinstance(t[2], Literal) and t[2].datatype in NOT_OWL2_DATATYPES)


def _untyped_ranges(g: Graph, t: Triple) -> bool:
    """``rdfs:range rdfs:Literal`` of a property the file types only as ``rdf:Property`` (DCTERMS):
    OWL 2 DL cannot read it without knowing whether the property is a data or annotation property."""
    return t[1] == RDFS.range and t[2] == RDFS.Literal and (t[0], RDF.type, OWL.DatatypeProperty) not in g


def _non_simple(graph: Graph) -> Rule:
    """The property chain or transitivity of a property a cardinality restriction of the same file
    counts (GeoNames' ``gn:featureClass``): OWL 2 DL's global restrictions allow only simple
    properties in cardinality restrictions, so one of the two must go; the cardinality stays."""
    counted = {graph.value(r, OWL.onProperty) for c in _CARDINALITIES for r in graph.subjects(c, None)}
    return lambda g, t: t[0] in counted and (t[1] == OWL.propertyChainAxiom or (t[1] == RDF.type and t[2] == OWL.TransitiveProperty))


#: name -> (what it leaves out, why, the rule); the order is the order of the README's table
DROPPED: dict[str, tuple[str, str, Callable[[Graph], Rule]]] = {
    "annotations": (
        "triples whose predicate is an annotation property (labels, comments, definitions, notes, dates) and every other non-logical literal",
        "annotations cannot make an ontology inconsistent; leaving them out keeps the copy small (the reason stage does the same to the data)",
        _annotation,
    ),
    "imports": (
        "`owl:imports`",
        "the check has no network: what a vocabulary imports is either vendored beside it or not reused by westdev-kg",
        lambda graph: lambda g, t: t[1] == OWL.imports,
    ),
    "has-key": (
        "the `owl:hasKey` of `nif:String` (reference context, begin and end index; restated NIF)",
        "HermiT gives no answer within the reason stage's 120 s on the release's ~1,070 keyed strings; the key's one consequence for the data (two strings with the same key are one) is checked by a query instead (`tests/test_standards.py`)",
        lambda graph: lambda g, t: t[1] == OWL.hasKey and str(t[0]) == RESTATED_NAMESPACES["nif"] + "String",
    ),
    "functional-date-property": (
        "`owl:FunctionalProperty` of `eli:date_publication` and `eli:first_date_entry_in_force` (restated ELI), whose range is `xsd:date`",
        "a characteristic makes the reason stage keep the data's values of a property in HermiT's copy, and these are `xsd:date` literals, which HermiT rejects (not OWL 2); that no document has two values of one is checked by a query instead (`tests/test_standards.py`)",
        lambda graph: lambda g, t: t[1] == RDF.type and t[2] == OWL.FunctionalProperty and str(t[0]) in _DATE_VALUED,
    ),
    "non-simple-in-cardinality": (
        "`owl:propertyChainAxiom` / `owl:TransitiveProperty` of a property that a cardinality restriction of the same file counts (GeoNames `gn:featureClass`)",
        "OWL 2 DL allows only simple properties in cardinality restrictions (HermiT: \"Non-simple property … appears in the cardinality restriction\"); westdev-kg uses neither",
        _non_simple,
    ),
    "rdf-list-range": (
        "`rdfs:range rdf:List` (SKOS `skos:memberList`)",
        "rdf:List is reserved vocabulary: OWL 2 DL cannot use it as a class",
        lambda graph: _list_range,
    ),
    "non-owl2-datatype": (
        "any triple naming xsd:gYear, gYearMonth, gMonth, gMonthDay, gDay, duration, date or time, or a literal of one (OWL-Time's `time:inXSDgYear` … ranges and restrictions)",
        "not in the OWL 2 datatype map; HermiT stops on them",
        lambda graph: _datatype,
    ),
    "literal-range-of-rdf-property": (
        "`rdfs:range rdfs:Literal` of a property that is not an owl:DatatypeProperty (DCTERMS)",
        "OWL 2 DL needs to know whether such a property is a data or an annotation property; a range of all literals restricts nothing",
        lambda graph: _untyped_ranges,
    ),
}


def dl_safe(graph: Graph) -> tuple[Graph, Counter]:
    """The triples of ``graph`` none of :data:`DROPPED`'s rules matches, and how many each rule
    left out.  Blank-node structures (restrictions, lists) a dropped triple was the only way into
    are left out with it, and so is a restriction whose filler was dropped (OWL-Time's
    ``[ owl:onProperty time:year ; owl:allValuesFrom xsd:gYear ]``) with the axiom using it."""
    rules = [(name, make(graph)) for name, (_, _, make) in DROPPED.items()]
    kept, dropped = Graph(), Counter()
    for triple in graph:
        name = next((name for name, rule in rules if rule(graph, triple)), None)
        if name is None:
            kept.add(triple)
        else:
            dropped[name] += 1
    return _without_orphans(kept, dropped), dropped


def _without_orphans(graph: Graph, dropped: Counter) -> Graph:
    """Remove, repeatedly, blank nodes no kept triple points to any more, and restrictions that
    lost their filler (with the axioms that use them: ``C rdfs:subClassOf [ … ]``)."""
    while True:
        orphans = {s for s in graph.subjects() if isinstance(s, BNode) and (None, None, s) not in graph and not _top_level(graph, s)}
        orphans |= {r for r in graph.subjects(RDF.type, OWL.Restriction) if all(graph.value(r, f) is None for f in _FILLERS)}
        if not orphans:
            return graph
        for node in orphans:
            for triple in [*graph.triples((node, None, None)), *graph.triples((None, None, node))]:
                graph.remove(triple)
                dropped["orphaned blank nodes"] += 1


_FILLERS = (OWL.allValuesFrom, OWL.someValuesFrom, OWL.hasValue, OWL.hasSelf, *_CARDINALITIES)


_TOP_LEVEL_TYPES = frozenset({OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.AllDifferent, OWL.NegativePropertyAssertion, OWL.Axiom})


def _top_level(graph: Graph, node: BNode) -> bool:
    return any((node, RDF.type, kind) in graph for kind in _TOP_LEVEL_TYPES)


@cache
def axioms(names: tuple[str, ...] | None = None, restated: bool = True) -> Graph:
    """The union of the DL-safe subsets of the vocabularies ``names`` (default: all) and, unless
    ``restated`` is false, of the restated axioms of ELI, NIF and ITS."""
    union = Graph()
    for vocabulary in VOCABULARIES:
        if names is None or vocabulary.name in names:
            union += dl_safe(load(vocabulary))[0]
    if restated:
        union += dl_safe(restated_graph())[0]
    return union


# -- the restated axioms of the vocabularies no file is reachable for -------------------------------

#: the folder under ontology/vocabularies/ and the file in it; namespaces whose axioms it restates
RESTATED_FOLDER = "restated"
RESTATED_FILE = "restated.ttl"
RESTATED_NAMESPACES: dict[str, str] = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}


#: ELI's date properties: range xsd:date (restated/README.md, source E1)
_DATE_VALUED = frozenset(RESTATED_NAMESPACES["eli"] + name for name in ("date_publication", "first_date_entry_in_force"))


def restated_path() -> Path:
    return folder() / RESTATED_FOLDER / RESTATED_FILE


@cache
def restated_graph() -> Graph:
    """``restated.ttl`` as written (annotations included)."""
    return Graph().parse(restated_path(), format="turtle")


def vocabulary(name: str) -> Vocabulary:
    found = [v for v in VOCABULARIES if v.name == name]
    if not found:
        raise KeyError(f"no vendored vocabulary {name!r} (have: {', '.join(v.name for v in VOCABULARIES)})")
    return found[0]


__all__ = ["DROPPED", "NOT_OWL2_DATATYPES", "RESTATED_FILE", "RESTATED_FOLDER", "RESTATED_NAMESPACES", "VOCABULARIES",
           "Vocabulary", "axioms", "dl_safe", "folder", "load", "path", "recorded_sha256", "restated_graph", "restated_path",
           "sha256", "vocabulary"]
