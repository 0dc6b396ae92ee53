"""JSON-LD terms: one per property and class of the ontology (see :mod:`.serialize`).

A term name is the IRI's local name, or ``prefix_local`` when another property or class of the
ontology shares the local name (ours, ``wdo:``, keeps the plain name) or the name is a prefix's.
A property's coercion follows its declared range: ``@id`` for object properties, the datatype
for datatype properties, none for strings, integers and booleans (JSON writes them natively).
A term is a function of the IRI alone, so the contexts of several documents merge without
conflict.  An IRI the ontology does not declare gets ``prefix_local`` when it is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, Graph

from .. import rdf
from ..vocab import PREFIXES, REUSED_RANGES

RDF_TYPE = str(RDF.type)
RDFS_RANGE = str(RDFS.range)
OWL_OBJECT_PROPERTY, OWL_DATATYPE_PROPERTY, OWL_ANNOTATION_PROPERTY = (str(OWL[k]) for k in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty"))
CLASS_KINDS = {str(OWL.Class), str(RDFS.Class)}
BUILT_IN = {str(RDFS.label): None, str(RDFS.comment): None, str(OWL.versionInfo): None, str(RDFS.seeAlso): "@id"}  # used, seldom declared
XSD = rdf.XSD
_NATIVE = {XSD + "string", XSD + "integer", XSD + "boolean", str(RDF.langString)}
_TERM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

PlainTriple = rdf.Triple


@dataclass(frozen=True)
class Terms:
    """Property or class IRI -> (JSON-LD term name, coercion), derived from an ontology."""

    table: Mapping[str, tuple[str, str | None]]

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Terms:
        return cls.from_triples(rdf.from_rdflib(ontology))

    @classmethod
    def from_triples(cls, ontology: Iterable[PlainTriple]) -> Terms:
        kinds = {OWL_OBJECT_PROPERTY: "@id", OWL_DATATYPE_PROPERTY: "data", OWL_ANNOTATION_PROPERTY: None}
        typed: dict[str, dict[str, None]] = {kind: {} for kind in kinds}  # kind -> properties, in order
        ranges: dict[str, str] = {}  # property -> its first rdfs:range
        classes: dict[str, None] = {}
        for s, p, o in ontology:
            if s[0] != "i":
                continue
            if p[1] == RDF_TYPE and o[1] in typed:
                typed[o[1]][s[1]] = None
            elif p[1] == RDF_TYPE and o[1] in CLASS_KINDS:
                classes[s[1]] = None
            elif p[1] == RDFS_RANGE and s[1] not in ranges:
                ranges[s[1]] = o[1]
        props: dict[str, str | None] = dict(BUILT_IN)
        for kind, default in kinds.items():
            for prop in typed[kind]:
                coercion = default
                if default == "data" or prop in REUSED_RANGES:
                    rng = REUSED_RANGES.get(prop) or ranges.get(prop)
                    coercion = None if rng is None or rng in _NATIVE else rng
                props[prop] = coercion
        props.update((c, None) for c in classes if c not in props)
        names: dict[str, list[str]] = defaultdict(list)
        for iri in props:
            names[re.split(r"[#/]", iri)[-1]].append(iri)
        reserved = set(PREFIXES) | {"wdid"}
        table = {}
        for name, iris in names.items():
            for iri in iris:
                plain = _TERM_NAME.match(name) and name not in reserved and (len(iris) == 1 or iri.startswith(PREFIXES["wdo"]))
                term = name if plain else qualified_term(iri)
                if term is not None:
                    table[iri] = (term, props[iri])
        return cls(table=dict(sorted(table.items())))


def qualified_term(iri: str) -> str | None:
    """``prefix_local`` for an IRI in one of our namespaces (``prov_Entity``), else None."""
    for name, ns in sorted(PREFIXES.items(), key=lambda kv: (-len(kv[1]), kv[0])):  # longest first, as Compactor
        if iri.startswith(ns) and len(iri) > len(ns):
            term = f"{name}_{iri[len(ns):]}"
            return term if _TERM_NAME.match(term) else None
    return None
