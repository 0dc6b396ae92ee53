"""Namespaces and IRI minting, in one place.

IRIs are minted from content (document slug, section numbers, offsets, entity
slugs), never from counters over a run or blank nodes, so that the same input
always gives the same IRIs and several documents can share one store:

===========================  ===============================================
thing                        IRI
===========================  ===============================================
document                     ``{base}id/{slug}``
section, sentence, action…   ``{base}id/{slug}/{key}`` (key from the model)
source text (NIF context)    ``{base}id/{slug}/text``
evidence span, mention       ``{base}id/{slug}/text#char={begin},{end}`` (RFC 5147)
release, build               ``{base}id/{slug}/graph``, ``…/build``
place, body, actor, project  ``{base}id/{key}`` e.g. ``…/id/region/sichuan``
a region's government        ``{base}id/{key}/government``
year                         ``{base}id/year/{yyyy}``
period of years              ``{base}id/period/{yyyy}-{yyyy}`` (first and last year)
software                     ``{base}id/software/westdev-kg/{version}``
===========================  ===============================================
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace, URIRef

from .rdf import Term, iri

DEFAULT_BASE = "https://w3id.org/westdev/"

WDO = Namespace("https://w3id.org/westdev/ontology#")
WDC = Namespace("https://w3id.org/westdev/concept/")
ONTOLOGY_IRI = "https://w3id.org/westdev/ontology"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
GN = Namespace("http://www.geonames.org/ontology#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
#: RDF and RDFS too, for the graph stage's terms (:class:`westdev_kg.rdf.Namespace`)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
#: links to Wikidata and GeoNames (schema:sameAs; docs/linked-data.md says why); the http form
#: Wikidata's own RDF uses
SCHEMA = Namespace("http://schema.org/")
#: the dataset description (void.ttl): VoID, DCAT 3, SPDX checksums
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")

#: the language authority table of the EU Publications Office, which ELI's eli:language expects
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/{}"
#: ELI's legal value of an expression that has no legal standing (a machine translation)
ELI_UNOFFICIAL = "http://data.europa.eu/eli/ontology#LegalValue-unofficial"
GEONAMES_FEATURE = "http://sws.geonames.org/{}/"  # as GeoNames documents it: docs/linked-data.md
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/{}"

#: prefixes written in Turtle and in the JSON-LD context (only those used are kept)
PREFIXES: dict[str, str] = {
    "wdo": str(WDO),
    "wdc": str(WDC),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "time": str(TIME),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "gn": str(GN),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "schema": str(SCHEMA),
    "void": str(VOID),
    "dcat": str(DCAT),
    "spdx": str(SPDX),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": str(XSD),
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    "geonames": "http://sws.geonames.org/",
}

#: Ranges of reused datatype properties as their own vocabularies declare them.  The
#: ontology declares these terms without ranges (we add none to other vocabularies);
#: the JSON-LD context uses them to coerce values, like the ranges of our own properties.
REUSED_RANGES: dict[str, str] = {
    str(NIF.beginIndex): str(XSD.nonNegativeInteger),
    str(NIF.endIndex): str(XSD.nonNegativeInteger),
    str(TIME.inXSDgYear): str(XSD.gYear),
    str(DCTERMS.issued): str(XSD.date),
}

#: UCUM code -> QUDT unit (local name in the ``unit:`` namespace)
UCUM_TO_QUDT: dict[str, str] = {
    "%": "PERCENT",
    "1": "NUM",
    "kW": "KiloW",
    "MW": "MegaW",
    "GW": "GigaW",
    "kW.h": "KiloW-HR",
    "t": "TONNE",
    "km": "KiloM",
    "m": "M",
    "m2": "M2",
    "m3": "M3",
    "kg": "KiloGM",
    "ha": "HA",
    "km2": "KiloM2",
    "a": "YR",
    "d": "DAY",
    "[CNY]": "CCY_CNY",
}


def concept(scheme_prefix: str, code: str) -> URIRef:
    """A concept of one of our SKOS schemes, e.g. ``concept('role', 'lead')``."""
    return URIRef(concept_iri(scheme_prefix, code))


def concept_iri(scheme_prefix: str, code: str) -> str:
    return f"{WDC}{scheme_prefix}-{code}"


@dataclass(frozen=True, slots=True)
class Minter:
    """Mints the IRIs of one document under one base, as terms of :mod:`westdev_kg.rdf`."""

    base: str
    slug: str

    @property
    def document(self) -> Term:
        return iri(f"{self.base}id/{self.slug}")

    def local(self, key: str) -> Term:
        return iri(f"{self.base}id/{self.slug}/{key}")

    def span(self, begin: int, end: int) -> Term:
        """Characters ``begin``..``end`` of the document's source text: its RFC 5147 fragment
        (NIF 2.0's ``nif:RFC5147String``), one IRI per span whatever points at it."""
        return self.local(f"text#char={begin},{end}")

    def shared(self, key: str) -> Term:
        return iri(f"{self.base}id/{key}")

    def government(self, region_key: str) -> Term:
        return iri(f"{self.base}id/{region_key}/government")

    def year(self, year: int) -> Term:
        return iri(f"{self.base}id/year/{year:04d}")

    def period(self, start: int, end: int) -> Term:
        return iri(f"{self.base}id/period/{start:04d}-{end:04d}")

    def software(self, version: str) -> Term:
        return iri(f"{self.base}id/software/westdev-kg/{version}")
