"""Media types and content negotiation (RFC 9110 §12.5.1), without any web framework.

:func:`choose` picks, among the media types a resource has (in the server's order of
preference), the one the client's ``Accept`` header rates highest; a type the header rates 0
is never chosen, and a tie goes to the server's order.  A media range applies to a type by
its specificity: ``text/turtle`` over ``text/*`` over ``*/*``.
"""

from __future__ import annotations

from collections.abc import Sequence

# the SPARQL results formats, then the RDF formats, each with the aliases clients send
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
HTML = "text/html"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"

ALIASES = {
    "application/json": SPARQL_JSON,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,  # N-Triples' media type before RDF 1.1
    "application/xhtml+xml": HTML,
}

#: what a query of each form answers in, the default first
ANSWERS = {
    "SELECT": (SPARQL_JSON, SPARQL_XML, CSV, TSV, HTML),
    "ASK": (SPARQL_JSON, SPARQL_XML, HTML),
    "CONSTRUCT": (TURTLE, NTRIPLES, JSONLD, HTML),
    "DESCRIBE": (TURTLE, NTRIPLES, JSONLD, HTML),
}
#: what a resource's description is written in
DESCRIPTIONS = (TURTLE, JSONLD, NTRIPLES, HTML)
#: the file suffix of each description format, and the ``format=`` names
SUFFIXES = {".ttl": TURTLE, ".jsonld": JSONLD, ".nt": NTRIPLES, ".html": HTML}
FORMAT_NAMES = {
    "json": SPARQL_JSON, "xml": SPARQL_XML, "csv": CSV, "tsv": TSV, "html": HTML,
    "turtle": TURTLE, "ttl": TURTLE, "ntriples": NTRIPLES, "nt": NTRIPLES, "jsonld": JSONLD,
}
CHARSET = {SPARQL_JSON, SPARQL_XML, CSV, TSV, HTML, TURTLE, NTRIPLES, JSONLD}

Accept = list[tuple[str, float]]


def parse_accept(header: str | None) -> Accept:
    """The media ranges of an ``Accept`` header with their weights (none: ``*/*``)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(",")[:64]:
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if "/" not in media:
            continue
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    weight = 0.0
        ranges.append((ALIASES.get(media, media), weight))
    return ranges or [("*/*", 1.0)]


def _weight(accept: Accept, offer: str) -> float:
    kind = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, weight in accept:
        if media == offer:
            level = 2
        elif media == f"{kind}/*":
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and weight > best):
            best, specificity = weight, level
    return best


def choose(accept: Accept, offers: Sequence[str]) -> str | None:
    """The offer the client rates highest (ties: the earlier offer), or None if it takes none."""
    best, chosen = 0.0, None
    for offer in offers:
        weight = _weight(accept, offer)
        if weight > best:
            best, chosen = weight, offer
    return chosen


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media in CHARSET else media
