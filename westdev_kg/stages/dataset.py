"""Stage 10b: what a bulk consumer needs beside the graph — dumps and a dataset description.

* ``westdev.nt``: N-Triples, each document's own statements as sorted lines, in input order,
  then the statements about shared nodes (places, bodies …), sorted: a diff of two releases
  shows what changed, document by document;
* ``westdev.nq``: N-Quads, each document's statements (its share of the shared nodes
  included) in the named graph of its ``wdo:KnowledgeGraph`` node, sorted lines;
* ``void.ttl``: a VoID + DCAT description of the release — title, description, licence,
  version, release date, the source texts with their sha256, counts, class and property
  partitions, the vocabularies used, example resources, the distributions with their media
  types, and the SPARQL endpoint when the build is told it (``--sparql-endpoint``).  The
  distributions are IRIs relative to ``void.ttl`` itself (the build cannot know the host):
  a consumer resolves them against the address it fetched the file from.

A document's :class:`Share` is made where the document is built (picklable, counts only
beside its dump lines); :class:`Description` adds the shares up in input order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import rdf, vocab
from ..model import ReleaseInfo
from ..rdf import Triple
from .serialize import used_prefixes

NTRIPLES, NQUADS, VOID_TTL = "westdev.nt", "westdev.nq", "void.ttl"
#: the licence of the data: the source texts are official documents, which the Copyright Law
#: of the PRC (art. 5) leaves outside copyright; what this tool adds is offered under CC BY 4.0,
#: as the ontology is (docs/linked-data.md says why)
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: the release's files as distributions: (media type, what it is)
DISTRIBUTIONS = {
    "westdev.ttl": ("text/turtle", "the graph in Turtle"),
    "westdev.jsonld": ("application/ld+json", "the graph in JSON-LD (context: context.jsonld)"),
    NTRIPLES: ("application/n-triples", "the graph in N-Triples, sorted document by document"),
    NQUADS: ("application/n-quads", "the graph in N-Quads, one named graph per document"),
    "westdev-ontology.ttl": ("text/turtle", "the ontology"),
    "westdev-shapes.ttl": ("text/turtle", "the SHACL shapes"),
}
_BASE = "release:/"  # stands for the folder of the release: IRIs under it are written relative
_TYPE = vocab.RDF + "type"


@dataclass(frozen=True, slots=True)
class Share:
    """One document's part of the dumps and of the counts (own nodes only: shared ones are counted once, at the end)."""

    document: str  # its IRI
    source: tuple[str, str, str]  # (IRI of its source text, file name, sha256)
    ntriples: bytes  # its own statements, sorted N-Triples lines
    nquads: bytes  # all its statements in its named graph, sorted N-Quads lines
    counts: Counter = field(default_factory=Counter)  # ("c", class) instances, ("p", property) triples, ("s", "") subjects


def share_of(triples: Iterable[Triple], document_iri: str, graph_iri: str, source: tuple[str, str, str]) -> Share:
    triples = list(triples)
    inside = document_iri + "/"
    own = [(s[1] == document_iri or s[1].startswith(inside)) for s, _, _ in triples]
    mine = [t for t, o in zip(triples, own) if o]
    counts = Counter(_key(p, o) for _, p, o in mine)
    counts["s", ""] = len({s for s, _, _ in mine})
    lines = rdf.ntriples_lines(triples)
    own_lines = sorted(line for line, o in zip(lines, own) if o)
    every = "\n".join(sorted(lines)) + "\n"
    return Share(
        document=document_iri,
        source=source,
        ntriples=("\n".join(own_lines) + "\n" if own_lines else "").encode("utf-8"),
        # N-Triples escapes every line break inside a literal: " .\n" ends a statement only
        nquads=every.replace(" .\n", f" <{graph_iri}> .\n").encode("utf-8") if lines else b"",
        counts=counts,
    )


def _key(p: rdf.Term, o: rdf.Term) -> tuple[str, str]:
    return ("c", o[1]) if p[1] == _TYPE else ("p", p[1])


def shared_lines(shared: Iterable[Triple]) -> tuple[bytes, Counter]:
    """The sorted N-Triples lines of the shared statements, and their counts."""
    shared = list(shared)
    counts = Counter(_key(p, o) for _, p, o in shared)
    counts["s", ""] = len({s for s, _, _ in shared})
    lines = sorted(rdf.ntriples_lines(shared))
    return "".join(line + "\n" for line in lines).encode("utf-8"), counts


class Description:
    """The shares added up, and ``void.ttl`` once every document is in."""

    def __init__(self, release: ReleaseInfo, endpoint: str | None = None) -> None:
        self.release, self.endpoint = release, endpoint
        self.counts: Counter = Counter()
        self.triples = 0
        self.documents: list[tuple[str, tuple[str, str, str]]] = []

    def add(self, share: Share) -> None:
        self.counts.update(share.counts)
        self.documents.append((share.document, share.source))

    def turtle(self, shared_counts: Counter, sizes: dict[str, int]) -> bytes:
        counts = self.counts + shared_counts
        base = self.release.base
        dataset = rdf.iri(f"{base}id/dataset")
        out: list[Triple] = []

        def add(s: rdf.Term, p: str, o: rdf.Term) -> None:
            out.append((s, rdf.iri(p), o))

        lit, xsd = rdf.literal, vocab.XSD
        VOID, DCAT, DCT, SPDX = vocab.VOID, vocab.DCAT, vocab.DCTERMS, vocab.SPDX
        add(dataset, _TYPE, rdf.iri(VOID + "Dataset"))
        add(dataset, _TYPE, rdf.iri(DCAT + "Dataset"))
        add(dataset, DCT + "title", lit("westdev-kg knowledge graph", lang="en"))
        add(dataset, DCT + "description", lit(
            "Policy documents of the Chinese government — their structure, measures, actions, goals, targets and the "
            "regions, bodies and projects they name — each fact with the span of the source text it was read from.", lang="en"))
        add(dataset, DCT + "license", rdf.iri(DATA_LICENSE))
        add(dataset, DCAT + "version", lit(self.release.version_of(*(source[2] for _, source in self.documents))))
        if self.release.release_date:
            add(dataset, DCT + "issued", lit(self.release.release_date, xsd + "date"))
        add(dataset, vocab.PROV + "wasAttributedTo", rdf.iri(f"{base}id/software/westdev-kg/{self.release.tool_version}"))
        add(dataset, VOID + "uriSpace", lit(f"{base}id/"))
        if self.endpoint:
            add(dataset, VOID + "sparqlEndpoint", rdf.iri(self.endpoint))
        add(dataset, VOID + "triples", lit(sum(n for (kind, _), n in counts.items() if kind in "cp"), xsd + "integer"))
        add(dataset, VOID + "distinctSubjects", lit(counts["s", ""], xsd + "integer"))
        classes = sorted(name for kind, name in counts if kind == "c")
        # rdf:type is counted by class: a property too whenever a class is
        properties = sorted({name for kind, name in counts if kind == "p"} | ({_TYPE} if classes else set()))
        add(dataset, VOID + "classes", lit(len(classes), xsd + "integer"))
        add(dataset, VOID + "properties", lit(len(properties), xsd + "integer"))
        for i, name in enumerate(classes, start=1):
            part = rdf.iri(f"{base}id/dataset/class/{i}")
            add(dataset, VOID + "classPartition", part)
            add(part, VOID + "class", rdf.iri(name))
            add(part, VOID + "entities", lit(counts["c", name], xsd + "integer"))
        type_triples = sum(counts["c", name] for name in classes)
        for i, name in enumerate(properties, start=1):
            part = rdf.iri(f"{base}id/dataset/property/{i}")
            add(dataset, VOID + "propertyPartition", part)
            add(part, VOID + "property", rdf.iri(name))
            add(part, VOID + "triples", lit(type_triples if name == _TYPE else counts["p", name], xsd + "integer"))
        for namespace in sorted({ns for ns in vocab.PREFIXES.values() for name in (*classes, *properties) if name.startswith(ns)}):
            add(dataset, VOID + "vocabulary", rdf.iri(namespace))
        for document, _ in self.documents[:3]:
            add(dataset, VOID + "exampleResource", rdf.iri(document))
        for document, (text, name, sha256) in self.documents:
            add(dataset, DCT + "source", rdf.iri(text))
            checksum = rdf.iri(f"{text}#sha256")
            add(rdf.iri(text), vocab.WDO + "fileName", lit(name))
            add(rdf.iri(text), SPDX + "checksum", checksum)
            add(checksum, _TYPE, rdf.iri(SPDX + "Checksum"))
            add(checksum, SPDX + "algorithm", rdf.iri(SPDX + "checksumAlgorithm_sha256"))
            add(checksum, SPDX + "checksumValue", lit(sha256, xsd + "hexBinary"))
        for name, (media, title) in DISTRIBUTIONS.items():
            if name not in sizes:
                continue
            distribution = rdf.iri(_BASE + name)
            add(dataset, DCAT + "distribution", distribution)
            if name in ("westdev.ttl", NTRIPLES, NQUADS):
                add(dataset, VOID + "dataDump", distribution)
            add(distribution, _TYPE, rdf.iri(DCAT + "Distribution"))
            add(distribution, DCT + "title", lit(title, lang="en"))
            add(distribution, DCAT + "downloadURL", distribution)
            add(distribution, DCAT + "mediaType", rdf.iri(f"https://www.iana.org/assignments/media-types/{media}"))
            add(distribution, DCAT + "byteSize", lit(sizes[name], xsd + "nonNegativeInteger"))
        prefixes = used_prefixes(out, vocab.PREFIXES)
        body = ox.serialize(rdf.oxigraph_triples(sorted(out)), format=ox.RdfFormat.TURTLE, base_iri=_BASE + VOID_TTL, prefixes=prefixes)
        head = ("# The description of this release (VoID, DCAT). IRIs written relative (<westdev.ttl>) name the files\n"
                "# beside this one: resolve them against the address this file was fetched from.\n")
        return head.encode("utf-8") + body.replace(f"@base <{_BASE}{VOID_TTL}> .\n".encode("utf-8"), b"", 1)
