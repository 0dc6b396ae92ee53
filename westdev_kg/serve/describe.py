"""The description of a resource, and the dataset's VoID description.

A resource's description (:func:`describe`) is its own triples — with the triples of the
blank nodes it points to, recursively (a concise bounded description) — and the labels
(``skos:prefLabel``, ``rdfs:label``, ``dcterms:title``, and a span's quote ``nif:anchorOf``)
of every IRI it links to, so that a reader or a client can show names without further
requests.  These are index lookups on the read-only store, bounded by :data:`MAX_TRIPLES`,
and run in the server process (only user queries go to the killable workers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from ..vocab import DEFAULT_BASE

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
LABELS = tuple(ox.NamedNode(p) for p in (f"{SKOS}prefLabel", f"{RDFS}label", f"{DCTERMS}title", f"{NIF}anchorOf"))
NAMES = LABELS[:3]
MAX_TRIPLES = 10_000
MAX_LINKED = 2_000  # IRIs whose labels are added
MAX_BACKLINKS = 200


@dataclass
class Description:
    iri: str
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False


def _triples(store, subject, limit: int):
    return [ox.Triple(q.subject, q.predicate, q.object) for q in islice(store.quads_for_pattern(subject, None, None), limit)]


def exists(store, iri: str) -> bool:
    """Whether ``iri`` is in the graph (as a subject or an object)."""
    node = ox.NamedNode(iri)
    return next(iter(store.quads_for_pattern(node, None, None)), None) is not None or next(iter(store.quads_for_pattern(None, None, node)), None) is not None


def describe(store, iri: str) -> Description:
    node = ox.NamedNode(iri)
    found = Description(iri)
    own = _triples(store, node, MAX_TRIPLES + 1)
    queue = [t.object for t in own if isinstance(t.object, ox.BlankNode)]
    seen = set()
    while queue and len(own) <= MAX_TRIPLES:
        blank = queue.pop()
        if blank in seen:
            continue
        seen.add(blank)
        more = _triples(store, blank, MAX_TRIPLES + 1 - len(own))
        own += more
        queue += [t.object for t in more if isinstance(t.object, ox.BlankNode)]
    if len(own) > MAX_TRIPLES:
        own, found.truncated = own[:MAX_TRIPLES], True
    linked = list(dict.fromkeys(t.object for t in own if isinstance(t.object, ox.NamedNode) and t.object != node))[:MAX_LINKED]
    labels = [ox.Triple(q.subject, q.predicate, q.object) for o in linked for p in LABELS for q in store.quads_for_pattern(o, p, None)]
    found.triples = own + sorted(labels, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    return found


def backlinks(store, iri: str, limit: int = MAX_BACKLINKS) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    """(subject, predicate) of the triples pointing at ``iri`` — for the HTML page."""
    node = ox.NamedNode(iri)
    return [(q.subject, q.predicate) for q in islice(store.quads_for_pattern(None, None, node), limit) if isinstance(q.subject, ox.NamedNode)]


def labels_of(store, iri: str) -> dict[str, list[str]]:
    """The names of ``iri`` by language tag ("" for none), preferred labels first."""
    out: dict[str, list[str]] = {}
    node = ox.NamedNode(iri)
    for p in NAMES:
        for q in store.quads_for_pattern(node, p, None):
            if isinstance(q.object, ox.Literal):
                values = out.setdefault(q.object.language or "", [])
                if q.object.value not in values:
                    values.append(q.object.value)
    return out


def serialize(triples: list[ox.Triple], media: str) -> bytes:
    """Triples in Turtle (the standard prefixes they use, but IRIs of ours written whole), JSON-LD or N-Triples."""
    from ..query import graph_turtle
    from ..vocab import PREFIXES
    from . import negotiation as neg

    if media == neg.TURTLE:
        return graph_turtle(triples, PREFIXES)
    if media == neg.JSONLD:
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def subjects_under(store, prefix: str, limit: int = 5000) -> list[str]:
    """The IRIs of the subjects that start with ``prefix`` (the terms of the ontology, the shapes), sorted."""
    query = f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), {_string(prefix)})) }} LIMIT {limit}"
    return sorted(solution[0].value for solution in store.query(query))


def _string(value: str) -> str:
    from ..query import sparql_string

    return sparql_string(value)


# -- VoID --------------------------------------------------------------------------------

VOID = "http://rdfs.org/ns/void#"


def endpoint_if_missing(triples: list[ox.Triple], public: str) -> list[ox.Triple]:
    """``void:sparqlEndpoint`` of this server for a release built without ``--sparql-endpoint``."""
    endpoint, dataset = ox.NamedNode(f"{VOID}sparqlEndpoint"), ox.NamedNode(f"{VOID}Dataset")
    if any(t.predicate == endpoint for t in triples):
        return []
    return [ox.Triple(t.subject, endpoint, ox.NamedNode(f"{public}/sparql")) for t in triples
            if t.predicate.value == RDF_TYPE and t.object == dataset]


def void_triples(store, manifest: dict, public: str, base: str = DEFAULT_BASE) -> list[ox.Triple]:
    """A minimal VoID description of the release (for releases without their own void.ttl)."""
    dataset = ox.NamedNode(f"{base}.well-known/void#dataset")
    n = ox.NamedNode

    def lit(value, datatype=None) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(datatype)) if datatype else ox.Literal(str(value))

    xsd = "http://www.w3.org/2001/XMLSchema#"
    counts = next(iter(store.query(
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?entities) (COUNT(DISTINCT ?p) AS ?properties) WHERE { ?s ?p ?o }"
    )))
    classes = next(iter(store.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }")))[0]
    out = [
        (n(RDF_TYPE), n(f"{VOID}Dataset")),
        (n(f"{DCTERMS}title"), ox.Literal("westdev-kg knowledge graph", language="en")),
        (n(f"{VOID}triples"), lit(counts[0].value, f"{xsd}integer")),
        (n(f"{VOID}entities"), lit(counts[1].value, f"{xsd}integer")),
        (n(f"{VOID}properties"), lit(counts[2].value, f"{xsd}integer")),
        (n(f"{VOID}classes"), lit(classes.value, f"{xsd}integer")),
        (n(f"{VOID}uriSpace"), lit(f"{base}id/")),
        (n(f"{VOID}sparqlEndpoint"), n(f"{public}/sparql")),
        (n(f"{VOID}uriLookupEndpoint"), n(f"{public}/search?q=")),
        (n(f"{VOID}vocabulary"), n(f"{base}ontology#")),
    ]
    if manifest.get("release_version"):
        out.append((n("http://www.w3.org/2002/07/owl#versionInfo"), lit(manifest["release_version"])))
    if manifest.get("release_date"):
        out.append((n(f"{DCTERMS}issued"), lit(manifest["release_date"], f"{xsd}date")))
    for name in sorted(manifest.get("files", {})):
        if name.endswith((".ttl", ".jsonld")) and "/" not in name and name.startswith("westdev."):
            out.append((n(f"{VOID}dataDump"), n(f"{public}/files/{name}")))
    for slug in sorted(manifest.get("documents", {})):
        out.append((n(f"{VOID}rootResource"), n(f"{base}id/{slug}")))
    return [ox.Triple(dataset, p, o) for p, o in out]
