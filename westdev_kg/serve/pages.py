"""HTML pages: plain Jinja2 templates (``templates/``) fed with plain dictionaries.

The templates know nothing of the server or of pyoxigraph: each page is rendered from a
dictionary of strings and lists built here, so a later static website can reuse them with its
own data.  Every IRI under the release's base is linked to its path on this server
(:class:`Linker`); names are shown in English and Chinese where the graph has both.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pyoxigraph as ox

from ..vocab import DEFAULT_BASE
from . import describe as d

TEMPLATES = Path(__file__).resolve().parent / "templates"
XSD = "http://www.w3.org/2001/XMLSchema#"
PLAIN_TYPES = {f"{XSD}string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
QUOTE = f"{d.NIF}anchorOf"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    return _env.get_template(template).render(**context)


class Linker:
    """Links and short names for IRIs: ``{base}X`` is served at ``{public}/X``."""

    def __init__(self, public: str = "", base: str = DEFAULT_BASE) -> None:
        from ..stages.serialize import Compactor, prefixes_for

        self.public = public.rstrip("/")
        self.base = base
        self._compactor = Compactor(prefixes_for(base))

    def href(self, iri: str) -> str:
        if iri.startswith(self.base):
            return f"{self.public}/{iri[len(self.base):]}"
        return iri

    def compact(self, iri: str) -> str:
        return self._compactor.iri(iri)


def _names(triples: list[ox.Triple], skip: str) -> dict[str, dict[str, str]]:
    """For each linked IRI: its name by language, and its quote."""
    names: dict[str, dict[str, str]] = {}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode) or s.value == skip or not isinstance(o, ox.Literal):
            continue
        entry = names.setdefault(s.value, {})
        key = "quote" if p == QUOTE else (o.language or "")
        entry.setdefault(key, o.value)
    return names


def _display(iri: str, names: dict[str, dict[str, str]], link: Linker) -> dict:
    entry = names.get(iri, {})
    text = entry.get("en") or entry.get("") or entry.get("zh")
    quote = entry.get("quote")
    if not text and quote:
        text = "“" + (quote if len(quote) <= 140 else quote[:139] + "…") + "”"
    zh = entry.get("zh") if entry.get("zh") != text else None
    return {"kind": "iri", "iri": iri, "href": link.href(iri), "text": text or link.compact(iri), "zh": zh, "short": link.compact(iri)}


def term(value, names: dict, link: Linker) -> dict:
    if isinstance(value, ox.NamedNode):
        return _display(value.value, names, link)
    if isinstance(value, ox.BlankNode):
        return {"kind": "bnode", "text": f"_:{value.value}"}
    datatype = value.datatype.value if value.datatype else ""
    return {"kind": "literal", "text": value.value, "lang": value.language or "",
            "datatype": "" if datatype in PLAIN_TYPES else link.compact(datatype)}


def plain_term(value: tuple | None, link: Linker) -> dict | None:
    """A term of a worker's answer — (kind, value, language or datatype) — for a results table."""
    if value is None:
        return None
    kind, text, extra = value
    if kind == "iri":
        return {"kind": "iri", "iri": text, "href": link.href(text), "text": link.compact(text), "zh": None, "short": link.compact(text)}
    if kind == "bnode":
        return {"kind": "bnode", "text": f"_:{text}"}
    is_lang = extra and ":" not in extra
    return {"kind": "literal", "text": text, "lang": extra if is_lang else "",
            "datatype": "" if is_lang or extra in PLAIN_TYPES else link.compact(extra)}


def _properties(triples: list[ox.Triple], subject, names: dict, link: Linker, predicate_names: dict) -> list[dict]:
    grouped: dict[str, list] = {}
    for t in triples:
        if t.subject == subject:
            grouped.setdefault(t.predicate.value, []).append(t.object)
    rows = []
    for predicate in sorted(grouped, key=lambda p: (p != d.RDF_TYPE, link.compact(p))):
        values = []
        for value in grouped[predicate]:
            shown = term(value, names, link)
            if isinstance(value, ox.BlankNode):
                shown["properties"] = _properties(triples, value, names, link, predicate_names)
            values.append(shown)
        values.sort(key=lambda v: (v["kind"], v.get("lang", ""), v["text"].casefold()))
        rows.append({"predicate": _display(predicate, predicate_names, link), "values": values})
    return rows


def resource_page(store, description: d.Description, link: Linker, release: dict) -> str:
    iri = description.iri
    names = _names(description.triples, iri)
    predicates = {t.predicate.value for t in description.triples}
    predicate_names = {p: {k: v[0] for k, v in d.labels_of(store, p).items()} for p in predicates}
    own = d.labels_of(store, iri)
    backs = d.backlinks(store, iri)
    back_names = {s.value: {k: v[0] for k, v in d.labels_of(store, s.value).items()} for s, _ in backs}
    for s, _ in backs:  # a sentence or a span is named by its quote
        if not back_names[s.value]:
            quote = next(iter(store.quads_for_pattern(s, ox.NamedNode(QUOTE), None)), None)
            if quote is not None:
                back_names[s.value] = {"quote": quote.object.value}
    page = {
        "iri": iri,
        "short": link.compact(iri),
        "title": (own.get("en") or own.get("") or own.get("zh") or [link.compact(iri)])[0],
        "title_zh": own["zh"][0] if own.get("zh") and (own.get("en") or own.get("")) else None,
        "labels": [{"lang": lang or "—", "values": values} for lang, values in sorted(own.items(), key=lambda kv: (kv[0] not in ("en", ""), kv[0]))],
        "properties": _properties(description.triples, ox.NamedNode(iri), names, link, predicate_names),
        "backlinks": [{"subject": _display(s.value, back_names, link), "predicate": _display(p.value, predicate_names, link)} for s, p in backs],
        "truncated": description.truncated,
        "formats": [(label, link.href(iri) + suffix) for label, suffix in (("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"))],
    }
    return render("resource.html", page=page, release=release, link=link)


def listing_page(store, title: str, iris: list[str], link: Linker, release: dict, downloads: list) -> str:
    """A document of many terms (the ontology, the shapes): one section for each, anchored by its local name."""
    sections = []
    for iri in iris:
        description = d.describe(store, iri)
        names = _names(description.triples, iri)
        predicate_names = {p: {k: v[0] for k, v in d.labels_of(store, p).items()} for p in {t.predicate.value for t in description.triples}}
        own = d.labels_of(store, iri)
        sections.append({
            "anchor": iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1],
            "iri": iri,
            "short": link.compact(iri),
            "title": (own.get("en") or own.get("") or [link.compact(iri)])[0],
            "properties": _properties(description.triples, ox.NamedNode(iri), names, link, predicate_names),
        })
    return render("listing.html", title=title, sections=sections, release=release, link=link, downloads=downloads)
