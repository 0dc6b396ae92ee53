"""Stage 8 — serialize: a Graph becomes bytes, in a stable order.

Nothing here touches the file system (that is :mod:`.publish`).  Writers are
registered by name in :data:`FORMATS`, so a new format is one function.

* Turtle: triples sorted (subjects in natural order, ``rdf:type`` first), then
  written by pyoxigraph's serializer, which groups a subject's predicates and
  escapes every character correctly; only the prefixes used are declared.
* JSON-LD: compacted against a context derived from the graph (the prefixes
  used, and one term per property, coerced to ``@id`` or to a datatype when
  every value of that property agrees), with the context embedded; nodes,
  keys and values are sorted.  The same context is published on its own.

rdflib's own JSON-LD and N-Triples writers change their order with
``PYTHONHASHSEED``, and its Turtle writer is slow; sorting ourselves and
letting pyoxigraph escape gives byte-identical files fast.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..vocab import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DIGITS = re.compile(r"(\d+)")
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)\Z")

Triple = tuple[Node, Node, Node]


def natural_key(text: str) -> tuple:
    """Sort key that orders ``measure/2`` before ``measure/10``."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))


def _term_key(term: Node) -> tuple:
    if isinstance(term, URIRef):
        return (0, natural_key(str(term)))
    if isinstance(term, BNode):
        return (1, (str(term),))
    assert isinstance(term, Literal)
    return (2, (str(term.datatype or ""), term.language or "", str(term)))


def sorted_triples(graph: Iterable[Triple]) -> list[Triple]:
    def key(t: Triple) -> tuple:
        s, p, o = t
        return (_term_key(s), str(p) != RDF_TYPE, natural_key(str(p)), _term_key(o))

    return sorted(graph, key=key)


def used_prefixes(triples: Iterable[Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace starts at least one IRI of the triples."""
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    used: dict[str, str] = {}
    seen: set[str] = set()
    for triple in triples:
        for term in triple:
            iri = str(term.datatype) if isinstance(term, Literal) and term.datatype else str(term)
            if isinstance(term, BNode) or iri in seen:
                continue
            seen.add(iri)
            for name, ns in namespaces:
                if iri.startswith(ns) and len(iri) > len(ns):
                    used[name] = ns
                    break
    return dict(sorted(used.items()))


# -- Turtle -----------------------------------------------------------------


def _ox(term: Node):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_turtle(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """Sorted Turtle; the prefix block is written here, sorted by name.

    IRIs minted by us stay whole (``<https://w3id.org/westdev/id/…/measure/8>``):
    as prefixed names their slashes would have to be escaped.
    """
    triples = sorted_triples(graph)
    prefixes = {k: v for k, v in prefixes.items() if k != "wdid"}
    used = used_prefixes(triples, prefixes)
    ox_triples = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in triples]
    body = ox.serialize(ox_triples, format=ox.RdfFormat.TURTLE, prefixes=used)
    lines = body.split(b"\n")
    first = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix ")), len(lines))
    head = "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(used.items())).encode("utf-8")
    return head + b"\n" + b"\n".join(lines[first:])


# -- JSON-LD ------------------------------------------------------------------


class _Compactor:
    """Compacts IRIs against a fixed set of prefixes (longest namespace first)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def iri(self, iri: str) -> str:
        for name, ns in self.namespaces:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def build_context(graph: Graph, prefixes: dict[str, str]) -> dict:
    """Prefixes used, plus one term per property with a coercion when values agree."""
    triples = sorted_triples(graph)
    used = used_prefixes(triples, prefixes)
    compact = _Compactor(used)
    kinds: dict[str, set[str]] = defaultdict(set)
    for _, p, o in triples:
        if str(p) == RDF_TYPE:
            continue
        if isinstance(o, URIRef):
            kinds[str(p)].add("@id")
        elif isinstance(o, Literal):
            kinds[str(p)].add(str(o.datatype) if o.datatype else ("@lang" if o.language else "@string"))
        else:
            kinds[str(p)].add("@bnode")
    names: dict[str, list[str]] = defaultdict(list)
    for prop in kinds:
        names[_local_name(prop)].append(prop)
    context: dict = dict(used)
    for name, props in sorted(names.items()):
        if len(props) != 1 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in used:
            continue  # ambiguous or unusable as a term: keep the compact IRI
        prop = props[0]
        definition: dict[str, str] = {"@id": compact.iri(prop)}
        (kind,) = kinds[prop] if len(kinds[prop]) == 1 else (None,)
        if kind == "@id":
            definition["@type"] = "@id"
        elif kind and kind.startswith("http") and kind != RDF_LANGSTRING:
            definition["@type"] = compact.iri(kind)
        context[name] = definition
    return context


def to_jsonld(graph: Graph, context: dict) -> bytes:
    compact = _Compactor({k: v for k, v in context.items() if isinstance(v, str)})
    terms = {v["@id"]: (k, v.get("@type")) for k, v in context.items() if isinstance(v, dict)}
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in sorted_triples(graph):
        subject = compact.iri(str(s)) if isinstance(s, URIRef) else f"_:{s}"
        node = nodes[subject]
        if str(p) == RDF_TYPE:
            node["@type"].append(compact.iri(str(o)) if isinstance(o, URIRef) else f"_:{o}")
            continue
        prop = compact.iri(str(p))
        term, coercion = terms.get(prop, (prop, None))
        node[term].append(_value(o, coercion, compact))
    graph_list = []
    for subject in sorted(nodes, key=natural_key):
        entry: dict = {"@id": subject}
        for key, values in nodes[subject].items():
            entry[key] = values[0] if len(values) == 1 else values
        graph_list.append(entry)
    document = {"@context": context, "@graph": graph_list}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _value(o: Node, coercion: str | None, compact: _Compactor):
    if isinstance(o, URIRef):
        return compact.iri(str(o)) if coercion == "@id" else {"@id": compact.iri(str(o))}
    if isinstance(o, BNode):
        return {"@id": f"_:{o}"}
    assert isinstance(o, Literal)
    lexical = str(o)
    if o.language:
        return {"@value": lexical, "@language": o.language}
    datatype = str(o.datatype) if o.datatype else None
    if datatype is None or datatype == XSD + "string":
        return lexical if coercion is None else {"@value": lexical}
    if coercion == compact.iri(datatype):
        return lexical
    if coercion is None and datatype == XSD + "boolean" and lexical in ("true", "false"):
        return lexical == "true"
    if coercion is None and datatype == XSD + "integer" and _INTEGER.match(lexical):
        return int(lexical)
    return {"@value": lexical, "@type": compact.iri(datatype)}


def context_document(context: dict) -> bytes:
    return (json.dumps({"@context": context}, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def prefixes_for(base: str) -> dict[str, str]:
    """The standard prefixes plus ``wdid:`` for the IRIs minted under ``base``."""
    return {**PREFIXES, "wdid": f"{base}id/"}


#: format name -> writer(graph, prefixes) -> bytes
FORMATS: dict[str, Callable[[Graph, dict[str, str]], bytes]] = {
    "turtle": to_turtle,
    "json-ld": lambda graph, prefixes: to_jsonld(graph, build_context(graph, prefixes)),
}
