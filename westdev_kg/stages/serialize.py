"""Stage 9 — serialize: triples become bytes, in a stable order.

Nothing here touches the file system (that is :mod:`.publish`).

* Turtle: triples sorted (subjects in natural order, so ``measure/2`` comes
  before ``measure/10``; ``rdf:type`` first), then written by pyoxigraph's
  serializer, which groups a subject's predicates and escapes every character
  correctly.  The prefix block is written here, sorted, holding only the
  prefixes used.
* JSON-LD: compacted against a context holding the prefixes used and one term
  per property and class used.  Terms come from a table derived from the
  ontology (:class:`Terms`): a term name is the local name, or ``prefix_local``
  when another property or class shares it (ours, ``wdo:``, keeps the plain
  name), and a property's coercion follows its declared range (``@id`` for
  object properties, the datatype for datatype properties; none for strings,
  integers and booleans, which JSON writes natively).  Integers of a coerced
  integer type (``xsd:nonNegativeInteger``) are JSON numbers too: JSON-LD turns
  a number back into the coerced datatype (see docs/linked-data.md).
  Because a term is a function of the property alone, the contexts of several
  documents merge without conflict, and a combined release can be written
  document by document (see :mod:`westdev_kg.pipeline`).  Nodes, keys and
  values are sorted; the context is embedded and also published on its own.

rdflib's own JSON-LD and N-Triples writers change their order with
``PYTHONHASHSEED`` and its Turtle writer is slow; sorting ourselves and letting
pyoxigraph escape gives byte-identical files, fast.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, Graph

from .. import rdf
from ..turtle_names import iris_of, plain_prefixes
from ..vocab import PREFIXES
from .framed import framed_document
from .jsonld_terms import Terms, qualified_term

RDF_TYPE = str(RDF.type)
XSD = rdf.XSD
_DIGITS = re.compile(r"(\d+)")
_INTEGER = re.compile(r"(0|-?[1-9][0-9]{0,14})\Z")  # canonical, and exact as a double (jsonld.js)
_INTEGER_TYPES = {f"xsd:{t}" for t in ("integer", "nonNegativeInteger", "positiveInteger", "long", "int", "short", "unsignedInt", "unsignedShort")}

Plain = rdf.Term
PlainTriple = rdf.Triple


# -- order ----------------------------------------------------------------------


def natural_key(text: str) -> tuple:
    """Sort key that orders ``measure/2`` before ``measure/10``."""
    parts = _DIGITS.split(text)  # text, digits, text, digits, …, text
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def _term_key(term: Plain) -> tuple:
    """IRIs (in natural order) before blank nodes before literals; the term itself breaks ties
    (``a01`` and ``a1`` have the same natural key), so that the order is total."""
    if term[0] == "i":
        return (0, natural_key(term[1]), term)
    if term[0] == "b":
        return (1, (term[1],), term)
    return (2, term[2:] + term[1:2], term)


def sort_plain(triples: Iterable[PlainTriple]) -> list[PlainTriple]:
    """Triples by subject (natural order), ``rdf:type`` first, then predicate and object.

    The distinct terms are ranked once, and the triples sorted by one integer made of the
    three ranks: far fewer key tuples than one per term per triple.  Subjects and objects
    share one ranking (most subjects are objects too, and a total order ranks a subject
    before another whichever set they are ranked in): one sort of the nodes, not two.
    """
    triples = list(triples)
    nodes = {t[0] for t in triples}
    nodes.update(t[2] for t in triples)
    predicates = {t[1] for t in triples}
    rank = {term: i for i, term in enumerate(sorted(nodes, key=_term_key))}
    rank_p = {term: i for i, term in enumerate(sorted(predicates, key=lambda p: (p[1] != RDF_TYPE, _term_key(p))))}
    n_p, n = len(rank_p), len(rank)
    return sorted(triples, key=lambda t: (rank[t[0]] * n_p + rank_p[t[1]]) * n + rank[t[2]])


def sorted_triples(graph: Graph) -> list[PlainTriple]:
    """The triples of an rdflib graph as plain data, in the order the writers write them."""
    return sort_plain(rdf.from_rdflib(graph))


# -- prefixes -------------------------------------------------------------------


def prefixes_for(base: str) -> dict[str, str]:
    """The standard prefixes plus ``wdid:`` for the IRIs minted under ``base``."""
    return {**PREFIXES, "wdid": f"{base}id/"}


class Compactor:
    """Compacts IRIs against prefixes (longest namespace first) and records which were used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.namespaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: dict[str, str] = {}
        self._compact: dict[str, str] = {}

    def prefix_of(self, iri: str) -> tuple[str, str] | None:
        for name, ns in self.namespaces:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return name, ns
        return None

    def iri(self, iri: str) -> str:
        compact = self._compact.get(iri)
        if compact is None:
            found = self.prefix_of(iri)
            if found is None:
                compact = iri
            else:
                name, ns = found
                self.used[name] = ns
                compact = f"{name}:{iri[len(ns):]}"
            self._compact[iri] = compact
        return compact


def used_prefixes(triples: Iterable[PlainTriple], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The prefixes of Turtle whose namespace starts at least one IRI of the triples (datatypes
    included), less those under which one of them would need a backslash escape."""
    iris = iris_of(triples)
    compactor = Compactor(plain_prefixes(iris, prefixes))
    for iri in iris:
        compactor.iri(iri)
    return dict(sorted(compactor.used.items()))


# -- Turtle ---------------------------------------------------------------------


def turtle_prefix_block(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in sorted(prefixes.items())).encode("utf-8")


def turtle_body(triples: list[PlainTriple], prefixes: Mapping[str, str]) -> bytes:
    """The statements of sorted triples, without a prefix block."""
    if not triples:
        return b""
    prefixes = plain_prefixes(iris_of(triples), prefixes)  # never ``geonames:6255147\\/``
    body = ox.serialize(rdf.oxigraph_triples(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    start = 0  # of the first line that is not a prefix declaration
    while body.startswith(b"@prefix ", start):
        end = body.find(b"\n", start)
        if end < 0:
            return b""
        start = end + 1
    return body[start:]


def turtle_prefixes(prefixes: Mapping[str, str]) -> dict[str, str]:
    """Prefixes for Turtle: ours whole (``wdid:`` names would need escaped slashes)."""
    return {k: v for k, v in prefixes.items() if k != "wdid"}


def to_turtle(graph, prefixes: Mapping[str, str], *, presorted: bool = False) -> bytes:
    """Turtle of an rdflib graph, or of plain triples already sorted (``presorted``)."""
    triples = list(graph) if presorted else sorted_triples(graph)
    used = used_prefixes(triples, turtle_prefixes(prefixes))
    return turtle_prefix_block(used) + b"\n" + turtle_body(triples, used)


# -- JSON-LD --------------------------------------------------------------------


class JsonLdWriter:
    """Compacts triples into JSON-LD node objects and builds the context they need."""

    def __init__(self, terms: Terms, prefixes: Mapping[str, str]) -> None:
        self.terms = terms.table
        self.compactor = Compactor(prefixes)
        self.used_terms: dict[str, dict[str, str]] = {}
        self._keys: dict[str, tuple[str, str | None]] = {}  # property -> (key, coercion), once each

    def nodes(self, triples: list[PlainTriple]) -> list[dict]:
        """Node objects of sorted plain triples, one per subject, in subject order."""
        compact = self.compactor.iri
        out: list[dict] = []
        current = None
        node: dict[str, list] = {}
        for s, p, o in triples:
            if s != current:
                if current is not None:
                    out.append(_finish(node))
                current = s
                node = {"@id": [compact(s[1]) if s[0] == "i" else f"_:{s[1]}"]}
            if p[1] == RDF_TYPE:
                node.setdefault("@type", []).append((self._keys.get(o[1]) or self._term(o[1]))[0] if o[0] == "i" else f"_:{o[1]}")
                continue
            key, coercion = self._keys.get(p[1]) or self._term(p[1])
            node.setdefault(key, []).append(self._value(o, coercion))
        if current is not None:
            out.append(_finish(node))
        return out

    def _term(self, prop: str) -> tuple[str, str | None]:
        """The term of a property or class (defined in the context as it is first used)."""
        if prop not in self.terms:
            name = qualified_term(prop)
            if name is None:  # in no namespace of ours: the IRI itself
                found = self._keys[prop] = (self.compactor.iri(prop), None)
                return found
            coercion = None
        else:
            name, coercion = self.terms[prop]
        definition = {"@id": self.compactor.iri(prop)}
        if coercion is not None:
            definition["@type"] = coercion if coercion == "@id" else self.compactor.iri(coercion)
        self.used_terms[name] = definition
        found = self._keys[prop] = (name, definition.get("@type"))
        return found

    def _value(self, o: Plain, coercion: str | None):
        compact = self.compactor.iri
        if o[0] == "i":
            return compact(o[1]) if coercion == "@id" else {"@id": compact(o[1])}
        if o[0] == "b":
            return {"@id": f"_:{o[1]}"}
        _, lexical, datatype, language = o
        if language:
            return {"@value": lexical, "@language": language}
        datatype = datatype or XSD + "string"
        if coercion is not None and coercion != "@id" and coercion == compact(datatype):
            return int(lexical) if coercion in _INTEGER_TYPES and _INTEGER.match(lexical) else lexical
        if coercion is None:
            if datatype == XSD + "string":
                return lexical
            if datatype == XSD + "boolean" and lexical in ("true", "false"):
                return lexical == "true"
            if datatype == XSD + "integer" and _INTEGER.match(lexical):
                return int(lexical)
        if datatype == XSD + "string":
            return {"@value": lexical}
        return {"@value": lexical, "@type": compact(datatype)}

    def context(self) -> dict:
        return dict(sorted({**self.compactor.used, **self.used_terms}.items()))


def _finish(node: dict[str, list]) -> dict:
    """Single values unwrapped; several stay in the (sorted) order of their triples."""
    return {key: values[0] if len(values) == 1 else values for key, values in node.items()}


_NODE_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))  # made once


def dump_node(node: dict) -> str:
    """One node object as it stands inside ``@graph``: one line, sorted keys."""
    return "  " + _NODE_ENCODER.encode(node)


def jsonld_frame(context: dict) -> tuple[bytes, bytes]:
    """What comes before and after the node objects (joined by ``,\\n``) of a JSON-LD document."""
    ctx = json.dumps(context, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n ")
    return f'{{\n "@context": {ctx},\n "@graph": [\n'.encode("utf-8"), b"\n ]\n}\n"


def jsonld_document(context: dict, node_texts: Iterable[str]) -> bytes:
    head, tail = jsonld_frame(context)
    return head + ",\n".join(node_texts).encode("utf-8") + tail


def context_document(context: dict) -> bytes:
    return (json.dumps({"@context": context}, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# -- a release, document by document ----------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """One document's share of a release, rendered where the document was built.

    Its own nodes (the document and everything minted under its IRI) are rendered
    once, in Turtle and JSON-LD; the triples about nodes it shares with other
    documents (places, bodies, projects, years, the software agent) are kept as
    triples, written once for the whole release by :class:`Combined`.
    """

    turtle: bytes  # Turtle statements about the document's own nodes, no prefix block
    nodes: tuple[str, ...]  # JSON-LD node objects of its own nodes (see :func:`dump_node`)
    shared: tuple[PlainTriple, ...]  # triples about shared nodes
    prefixes: dict[str, str]  # the Turtle prefixes its statements use
    context: dict  # the JSON-LD context its nodes use
    files: dict[str, bytes]  # its own files (``documents/<slug>.ttl``, ``.jsonld``), when asked for


@rdf.gc_paused()
def render_document(triples: Iterable[PlainTriple], document_iri: str, terms: Terms, base: str, own_files: str | None = None, framed: str | None = None) -> Rendered:
    """Split a document's triples into own and shared nodes and render them (``own_files``:
    the path stem of the document's own files, e.g. ``documents/plain``; None for none;
    ``framed``: the path of its framed JSON-LD, see :mod:`.framed`)."""
    prefixes = prefixes_for(base)
    own: list[PlainTriple] = []
    shared: list[PlainTriple] = []
    inside = document_iri + "/"
    for triple in sort_plain(triples):
        subject = triple[0][1]
        (own if subject == document_iri or subject.startswith(inside) else shared).append(triple)
    ttl = turtle_prefixes(prefixes)
    own_prefixes = used_prefixes(own, ttl)
    own_turtle = turtle_body(own, own_prefixes)
    writer = JsonLdWriter(terms, prefixes)
    own_objects = writer.nodes(own)
    own_nodes = tuple(dump_node(n) for n in own_objects)
    own_context = writer.context()
    files: dict[str, bytes] = {}
    shared_objects = writer.nodes(shared) if own_files is not None or framed is not None else []
    if framed is not None:
        files[framed] = framed_document(writer.compactor.iri(document_iri), own_objects, shared_objects, writer.context(), own_nodes)
    if own_files is not None:
        shared_prefixes = used_prefixes(shared, ttl)
        shared_nodes = [dump_node(n) for n in shared_objects]
        files[f"{own_files}.ttl"] = turtle_prefix_block({**own_prefixes, **shared_prefixes}) + b"\n" + own_turtle + turtle_body(shared, shared_prefixes)
        files[f"{own_files}.jsonld"] = jsonld_document(writer.context(), (*own_nodes, *shared_nodes))
    return Rendered(turtle=own_turtle, nodes=own_nodes, shared=tuple(shared), prefixes=own_prefixes, context=own_context, files=files)


class Combined:
    """The release's ``westdev.ttl`` and ``westdev.jsonld``, assembled document by document.

    :meth:`add` returns the pieces of one document to append to the two files' bodies
    (in input order); :meth:`frame` gives what comes before and after the bodies once
    every document is in: the prefix block and context of all, and the shared nodes.
    A release of one document is written the same way, so a folder of one text and the
    text itself give the same bytes.
    """

    def __init__(self, terms: Terms, base: str) -> None:
        self.terms = terms
        self.prefixes = prefixes_for(base)
        self.turtle_prefixes: dict[str, str] = {}
        self.context: dict = {}
        self.shared: set[PlainTriple] = set()
        self.nodes = 0

    def add(self, rendered: Rendered) -> tuple[bytes, bytes]:
        self.turtle_prefixes.update(rendered.prefixes)
        self.context.update(rendered.context)
        self.shared.update(rendered.shared)
        json = "".join((",\n" if self.nodes or i else "") + node for i, node in enumerate(rendered.nodes))
        self.nodes += len(rendered.nodes)
        return rendered.turtle, json.encode("utf-8")

    def frame(self) -> tuple[tuple[bytes, bytes], tuple[bytes, bytes], dict]:
        """((Turtle head, tail), (JSON-LD head, tail), the JSON-LD context)."""
        ordered = sort_plain(self.shared)
        shared_prefixes = used_prefixes(ordered, turtle_prefixes(self.prefixes))
        all_prefixes = dict(sorted({**self.turtle_prefixes, **shared_prefixes}.items()))
        writer = JsonLdWriter(self.terms, self.prefixes)
        shared_nodes = [dump_node(n) for n in writer.nodes(ordered)]
        context = dict(sorted({**self.context, **writer.context()}.items()))
        json_head, json_tail = jsonld_frame(context)
        shared_json = ",\n".join(shared_nodes).encode("utf-8")
        separator = b",\n" if self.nodes and shared_json else b""
        turtle = (turtle_prefix_block(all_prefixes) + b"\n", turtle_body(ordered, all_prefixes))
        return turtle, (json_head, separator + shared_json + json_tail), context


def combine(documents: Iterable[Rendered], terms: Terms, base: str) -> tuple[bytes, bytes, dict]:
    """Turtle, JSON-LD and context of rendered documents, in memory: the bytes the release
    writer streams into ``westdev.ttl`` and ``westdev.jsonld``."""
    combined = Combined(terms, base)
    turtle, json = [], []
    for rendered in documents:
        t, j = combined.add(rendered)
        turtle.append(t)
        json.append(j)
    (ttl_head, ttl_tail), (json_head, json_tail), context = combined.frame()
    return ttl_head + b"".join(turtle) + ttl_tail, json_head + b"".join(json) + json_tail, context
