"""Stage 6 — build: an :class:`~westdev_kg.model.Extraction` becomes triples.

Only this module knows how the model maps to RDF (the README's "The ontology"
section has the picture).  It adds no blank nodes, reads no clock and no file, and mints every
IRI through :class:`~westdev_kg.vocab.Minter`.

The triples are those of :mod:`westdev_kg.rdf` (tuples of strings, fast to make,
hash, sort and pickle): :func:`build_triples` makes them, and every later stage
reads them.

Besides its most specific class, each section is also typed ``wdo:Section``,
each body, generic actor and regional government ``wdo:Actor``, each region,
actor and project ``wdo:Entity``, and each mention ``wdo:TextSpan``: the superclasses the shapes and queries name,
stated so that neither needs RDFS inference.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from rdflib import Graph

from ..model import (
    Action,
    Document,
    DocumentMetadata,
    Entity,
    Extraction,
    Goal,
    Mention,
    ReleaseInfo,
    Responsibility,
    Section,
    Span,
    own_sentences,
)
from .. import language, resources, vocab
from . import graph_quantities as quantities
from ..rdf import Namespace, Term, Triple, iri, literal as _literal, to_rdflib
from ..vocab import ELI_UNOFFICIAL, EU_LANGUAGE, GEONAMES_FEATURE, WIKIDATA_ENTITY, Minter, concept_iri

DCTERMS, ELI, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, UNIT, WDO = (
    Namespace(ns) for ns in (vocab.DCTERMS, vocab.ELI, vocab.NIF, vocab.OWL, vocab.PROV, vocab.RDF, vocab.RDFS, vocab.SCHEMA, vocab.SKOS,
                             vocab.TIME, vocab.UNIT, vocab.WDO)
)
_XSD = str(vocab.XSD)
_TYPE = iri(vocab.RDF + "type")
_NON_NEGATIVE, _DECIMAL, _DATE, _GYEAR = (_XSD + name for name in ("nonNegativeInteger", "decimal", "date", "gYear"))


def _concept(scheme_prefix: str, code: str) -> Term:
    return ("i", concept_iri(scheme_prefix, code))


_SECTION_CLASS = {
    "preamble": WDO.Preamble,
    "part": WDO.Part,
    "chapter": WDO.Chapter,
    "section": WDO.ChapterSection,  # wdo:Section is every subdivision
    "measure": WDO.Measure,
    "item": WDO.Item,
    "sub-item": WDO.SubItem,
    "closing": WDO.Closing,
}
"""model.SectionKind -> its class; its concept is ``wdc:section-{kind}``. Source of truth: the
subclasses of wdo:Section and the scheme wdc:sections in ontology/westdev.ttl (tests/test_vocabularies.py)."""
_GENERIC_ACTORS = ("i", f"{vocab.WDC}generic-actors")
_CATEGORY_CLASS = {
    "region": WDO.Region,
    "body": WDO.ResponsibleBody,
    "actor": WDO.GenericActor,
    "project": WDO.Project,
}


def build_graph(extraction: Extraction, release: ReleaseInfo) -> Graph:
    """One document's knowledge graph as an rdflib Graph (for tests and notebooks)."""
    return to_rdflib(build_triples(extraction, release))


def build_triples(extraction: Extraction, release: ReleaseInfo) -> list[Triple]:
    """Every triple of one document's knowledge graph, each once, in the order they were made."""
    doc = extraction.document
    builder = _Builder(Minter(release.base, doc.source.metadata.slug), doc)
    builder.document(extraction)
    builder.release(release)
    builder.entities(extraction.entities)
    for key in extraction.issuers:
        builder.add((builder.mint.document, WDO.issuedBy, builder.mint.shared(key)))
    if extraction.jurisdiction is not None and any(e.key == extraction.jurisdiction for e in extraction.entities):
        builder.add((builder.mint.document, WDO.jurisdiction, builder.mint.shared(extraction.jurisdiction)))
    builder.mentions(extraction.mentions)
    builder.actions(extraction.actions)
    builder.goals(extraction.goals)
    quantities.figures(builder, extraction.figures)
    builder.responsibilities(extraction.responsibilities, {e.key: e for e in extraction.entities})
    return list(dict.fromkeys(_with_standard_types(builder.triples)))


def _with_standard_types(triples: list[Triple]) -> list[Triple]:
    """The triples and, after each ``rdf:type`` of ours, the types of the reused vocabularies
    it implies (``wdo:PolicyDocument`` → ``eli:LegalResource``, ``prov:Entity``): a consumer
    without a reasoner finds the standard classes in the data itself (issue 13)."""
    implied = standard_types()
    out: list[Triple] = []
    for triple in triples:
        out.append(triple)
        if triple[1] == _TYPE:
            out.extend((triple[0], _TYPE, iri(c)) for c in implied.get(triple[2][1], ()))
    return out


@functools.cache
def standard_types() -> dict[str, tuple[str, ...]]:
    """Each class of the ontology → the classes outside ``wdo:`` it is a subclass of, directly
    or through its own superclasses (the ontology's rdfs:subClassOf axioms; each vocabulary
    is read from where it is written once)."""
    parents: dict[str, set[str]] = {}
    for s, p, o in resources.ontology_triples():
        if p[1] == vocab.RDFS + "subClassOf" and s[0] == "i" and o[0] == "i":
            parents.setdefault(s[1], set()).add(o[1])
    ours = str(vocab.WDO)

    def above(cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
        found = set()
        for parent in parents.get(cls, ()):
            if parent not in seen:
                found |= {parent} | above(parent, seen | {cls})
        return found

    return {cls: tuple(sorted(c for c in above(cls) if not c.startswith(ours))) for cls in parents if cls.startswith(ours)}


class _Builder:
    def __init__(self, mint: Minter, doc: Document) -> None:
        self.mint = mint
        self.doc = doc
        self.text = doc.source.text  # quotes: exact slices of the whole decoded file
        self.lang = doc.source.metadata.language or None
        self.triples: list[Triple] = []
        self.add = self.triples.append
        self.context = mint.local("text")
        self.concepts: set[str] = set()  # the indicator concepts written so far

    # -- helpers ----------------------------------------------------------

    def span(self, span: Span, cls: Term = WDO.TextSpan) -> Term:
        """The span's node (its RFC 5147 IRI: evidence and mentions of one range are one node)."""
        node = self.mint.span(span.begin, span.end)
        add = self.add
        add((node, RDF.type, cls))
        add((node, NIF.beginIndex, _literal(span.begin, _NON_NEGATIVE)))
        add((node, NIF.endIndex, _literal(span.end, _NON_NEGATIVE)))
        add((node, NIF.anchorOf, _literal(span.quote(self.text))))
        add((node, NIF.referenceContext, self.context))
        return node

    def evidence(self, subject: Term, span: Span) -> None:
        self.add((subject, WDO.hasEvidence, self.span(span)))

    def text_literal(self, value: str) -> Term:
        return _literal(value, lang=self.lang)

    def year(self, year: int) -> Term:
        node = self.mint.year(year)
        self.add((node, RDF.type, TIME.Instant))
        self.add((node, TIME.inXSDgYear, _literal(f"{year:04d}", _GYEAR)))
        return node

    def period(self, start: int, end: int) -> Term:
        """The years ``start`` to ``end``, both included: an OWL-Time interval between the two years."""
        node = self.mint.period(start, end)
        self.add((node, RDF.type, TIME.ProperInterval))
        self.add((node, TIME.hasBeginning, self.year(start)))
        self.add((node, TIME.hasEnd, self.year(end)))
        self.add((node, RDFS.label, _literal(f"{start:04d}–{end:04d}")))
        return node

    # -- the document and its structure -----------------------------------

    def document(self, extraction: Extraction) -> None:
        doc, add, meta = self.doc, self.add, self.doc.source.metadata
        node = self.mint.document
        add((node, RDF.type, WDO.PolicyDocument))
        title = meta.title or doc.title
        if title:
            add((node, DCTERMS.title, self.text_literal(title)))
        if meta.title_zh:
            add((node, DCTERMS.title, _literal(meta.title_zh, lang="zh")))
        if doc.number:
            add((node, ELI.id_local, _literal(doc.number)))
        if meta.date_issued:
            add((node, DCTERMS.issued, _literal(meta.date_issued, _DATE)))
        add((node, DCTERMS.language, iri(EU_LANGUAGE.format(language.eu_language_code(meta.language)))))
        self.expressions(node, meta, title)
        if meta.source:  # where the text was taken from, as the front matter names it: a resource, labelled
            source = self.mint.local("source")
            add((node, DCTERMS.source, source))
            add((source, RDF.type, PROV.Entity))
            add((source, RDFS.label, _literal(meta.source, lang="zh" if language.cjk_share(meta.source) > 0.5 else "en")))
        self.published(node, meta)
        add((node, WDO.hasText, self.context))
        self.source_text()
        for section in doc.children:
            self.section(section, node)

    def expressions(self, node: Term, meta: DocumentMetadata, title: str | None) -> None:
        """ELI's expressions of the document: the text read, in its language, embodied by the
        source text (an eli:Format) — a translation's (a translator, or an original language of
        its own) has no legal value (eli:LegalValue-unofficial, on the format: ELI's domain) —
        and the original it translates, when the metadata names it."""
        add = self.add
        languages = [(meta.language, title, bool(meta.translator) or (meta.original_language or meta.language) != meta.language)]
        if meta.original_language and meta.original_language != meta.language:
            languages.append((meta.original_language, meta.title_zh if meta.original_language.startswith("zh") else None, False))
        for tag, name, unofficial in languages:
            expression = self.mint.local(f"expression/{tag}")
            add((node, ELI.is_realized_by, expression))
            add((expression, RDF.type, ELI.LegalExpression))
            add((expression, ELI.realizes, node))
            add((expression, ELI.language, iri(EU_LANGUAGE.format(language.eu_language_code(tag)))))
            if name:
                add((expression, ELI.title, _literal(name, lang=tag)))
            if tag == meta.language:  # the text read embodies it
                add((expression, ELI.is_embodied_by, self.context))
                add((self.context, ELI.embodies, expression))
                if unofficial:
                    add((self.context, ELI.legal_value, iri(ELI_UNOFFICIAL)))

    def published(self, node: Term, meta: DocumentMetadata) -> None:
        """What the publisher says of the document (front matter): dates, page, status, tags, region."""
        add = self.add
        if meta.publication_date:
            add((node, ELI.date_publication, _literal(meta.publication_date, _DATE)))
        if meta.effective_date:
            add((node, ELI.first_date_entry_in_force, _literal(meta.effective_date, _DATE)))
        if meta.link:
            add((node, WDO.officialPage, iri(meta.link)))
        if meta.status:
            add((node, WDO.statusAsPublished, _literal(meta.status)))
        for tag in meta.tags:
            add((node, DCTERMS.subject, self.text_literal(tag)))
        if meta.region:
            add((node, DCTERMS.spatial, self.text_literal(meta.region)))

    def source_text(self) -> None:
        add, src, ctx = self.add, self.doc.source, self.context
        add((ctx, RDF.type, WDO.SourceText))
        add((ctx, NIF.isString, _literal(src.text)))
        add((ctx, NIF.beginIndex, _literal(0, _NON_NEGATIVE)))
        add((ctx, NIF.endIndex, _literal(len(src.text), _NON_NEGATIVE)))
        add((ctx, WDO.sha256, _literal(src.sha256)))
        add((ctx, WDO.byteSize, _literal(src.byte_size, _NON_NEGATIVE)))
        add((ctx, WDO.encoding, _literal(src.encoding)))
        add((ctx, WDO.fileName, _literal(src.name)))

    def section(self, section: Section, parent: Term) -> None:
        """The section, its sentences and, below it, its children (``parent`` has it as a part)."""
        add = self.add
        node = self.mint.local(section.key)
        add((node, RDF.type, WDO.Section))
        add((node, RDF.type, _SECTION_CLASS[section.kind]))
        add((node, WDO.sectionKind, _concept("section", section.kind)))
        add((node, WDO.level, _literal(section.level)))
        self.evidence(node, section.span)
        add((parent, ELI.has_part, node))
        if section.number is not None and section.marker is not None:
            add((node, WDO.number, _literal(section.number)))
            add((node, WDO.marker, _literal(section.marker)))
        if section.heading is not None:
            add((node, DCTERMS.title, self.text_literal(section.heading)))
        for index, sentence in enumerate(own_sentences(section), start=1):
            s_node = self.mint.local(sentence.key)
            add((s_node, RDF.type, WDO.Sentence))
            add((s_node, WDO["index"], _literal(index)))
            add((s_node, WDO.inSection, node))
            self.evidence(s_node, sentence.span)
        for child in section.children:
            self.section(child, node)

    def release(self, release: ReleaseInfo) -> None:
        add, mint = self.add, self.mint
        graph_node, build, software = mint.local("graph"), mint.local("build"), mint.software(release.tool_version)
        add((graph_node, RDF.type, WDO.KnowledgeGraph))
        add((graph_node, WDO.describes, mint.document))
        add((graph_node, OWL.versionInfo, _literal(release.version_of(self.doc.source.sha256))))
        if release.release_date:
            add((graph_node, DCTERMS.issued, _literal(release.release_date, _DATE)))
        add((graph_node, PROV.wasDerivedFrom, self.context))
        add((graph_node, PROV.wasGeneratedBy, build))
        add((build, RDF.type, PROV.Activity))
        add((build, PROV.used, self.context))
        add((build, PROV.wasAssociatedWith, software))
        add((software, RDF.type, PROV.SoftwareAgent))
        add((software, RDFS.label, _literal(f"westdev-kg {release.tool_version}")))
        add((software, WDO.softwareVersion, _literal(release.tool_version)))

    # -- entities -----------------------------------------------------------

    def entities(self, entities: Iterable[Entity]) -> None:
        for entity in entities:
            self.entity(entity)

    def entity(self, entity: Entity) -> None:
        add = self.add
        node = self.mint.shared(entity.key)
        add((node, RDF.type, _CATEGORY_CLASS[entity.category]))
        add((node, RDF.type, WDO.Entity))
        if entity.category in ("body", "actor"):
            add((node, RDF.type, WDO.Actor))
        add((node, WDO.kind, _concept(entity.category, entity.kind)))
        # a name found in a Chinese text and in no list has no English label: it is tagged as
        # what it is, Chinese (never a Chinese string tagged @en)
        chinese = language.cjk_share(entity.label_en) > 0.5
        if not chinese:
            add((node, SKOS.prefLabel, _literal(entity.label_en, lang="en")))
        if entity.label_zh or chinese:
            add((node, SKOS.prefLabel, _literal(entity.label_zh or entity.label_en, lang="zh")))
        for alt in entity.alt_labels:
            add((node, SKOS.altLabel, _literal(alt, lang="zh" if language.cjk_share(alt) > 0.5 else "en")))
        for parent in entity.located_in:
            add((node, WDO.locatedIn, self.mint.shared(parent)))
        if entity.category == "actor":  # a generic actor is a concept of the scheme of generic actors
            add((node, SKOS.inScheme, _GENERIC_ACTORS))
            if not entity.broader:
                add((node, SKOS.topConceptOf, _GENERIC_ACTORS))
        for wider in entity.broader:
            add((node, SKOS.broader, self.mint.shared(wider)))
        for component in entity.components:
            add((node, WDO.hasComponent, self.mint.shared(component)))
        add((node, WDO.fromReference, _literal(entity.from_reference)))
        for ident in entity.identifiers:
            if ident.scheme in ("iso3166-1", "iso3166-2"):
                add((node, WDO.iso3166Code, _literal(ident.value)))
            elif ident.scheme == "gb2260":
                add((node, WDO.adminDivisionCode, _literal(ident.value)))
            elif ident.scheme == "geonames":
                add((node, SCHEMA.sameAs, iri(GEONAMES_FEATURE.format(ident.value))))
            elif ident.scheme == "wikidata":
                add((node, SCHEMA.sameAs, iri(WIKIDATA_ENTITY.format(ident.value))))

    def government(self, region: Entity) -> Term:
        node = self.mint.government(region.key)
        self.add((node, RDF.type, WDO.RegionalGovernment))
        self.add((node, RDF.type, WDO.Actor))
        self.add((node, RDF.type, WDO.Entity))
        self.add((node, WDO.governs, self.mint.shared(region.key)))
        self.add((node, SKOS.prefLabel, _literal(f"Government of {region.label_en}", lang="en")))
        return node

    def mentions(self, mentions: Iterable[Mention]) -> None:
        add, mint = self.add, self.mint
        for mention in mentions:
            node = self.span(mention.span, WDO.Mention)
            add((node, RDF.type, WDO.TextSpan))
            if mention.entity:
                add((node, WDO.refersTo, mint.shared(mention.entity)))
            for component in mention.components:
                add((node, WDO.refersToComponent, mint.shared(component)))
            if mention.section:
                add((node, WDO.inSection, mint.local(mention.section)))
            if mention.sentence:
                add((node, WDO.inSentence, mint.local(mention.sentence)))

    # -- what the document says -------------------------------------------

    def actions(self, actions: Iterable[Action]) -> None:
        add, mint = self.add, self.mint
        for action in actions:
            node = mint.local(action.key)
            add((node, RDF.type, WDO.Action))
            add((node, WDO["index"], _literal(_last_number(action.key))))
            add((node, WDO.verb, _literal(action.verb)))
            add((node, WDO.obligation, _concept("obligation", action.obligation)))
            add((node, WDO.objectText, _literal(action.object_text)))
            add((node, WDO.inSection, mint.local(action.section)))
            add((node, WDO.inSentence, mint.local(action.sentence)))
            self.evidence(node, action.span)
            for key in action.mentions:
                add((node, WDO.mentions, mint.shared(key)))

    def goals(self, goals: Iterable[Goal]) -> None:
        add, mint = self.add, self.mint
        for goal in goals:
            node = mint.local(goal.key)
            add((node, RDF.type, WDO.Goal))
            add((node, WDO["index"], _literal(_last_number(goal.key))))
            add((node, WDO.scope, _concept("scope", goal.scope)))
            add((node, WDO.inSection, mint.local(goal.section)))
            add((node, WDO.inSentence, mint.local(goal.statement)))
            self.evidence(node, goal.span)
            if goal.target_year is not None:
                add((node, WDO.targetTime, self.year(goal.target_year)))
            if goal.period is not None:
                add((node, WDO.targetPeriod, self.period(*goal.period)))
            for key in goal.mentions:
                add((node, WDO.mentions, mint.shared(key)))
            for number, target in enumerate(goal.targets, start=1):
                t_node = mint.local(f"{goal.key}/target/{number}")
                add((node, WDO.hasTarget, t_node))
                add((t_node, RDF.type, WDO.QuantifiedTarget))
                if target.span is not None:
                    self.evidence(t_node, target.span)
                quantities.quantity(self, t_node, target)
                if target.baseline_value is not None:
                    add((t_node, WDO.baselineValue, _literal(target.baseline_value, _DECIMAL)))
                if target.baseline_year is not None:
                    add((t_node, WDO.baselineTime, self.year(target.baseline_year)))
                if target.target_year is not None:
                    add((t_node, WDO.targetTime, self.year(target.target_year)))

    def responsibilities(self, items: Iterable[Responsibility], entities: dict[str, Entity]) -> None:
        add, mint = self.add, self.mint
        for item in items:
            node = mint.local(item.key)
            actor = entities.get(item.actor)
            if actor is not None and actor.category == "region":
                agent = self.government(actor)
            else:
                agent = mint.shared(item.actor)
            subject = mint.local(item.subject)
            # PROV's qualified attribution, and the unqualified statement it qualifies
            add((node, RDF.type, WDO.Responsibility))
            add((node, WDO.responsibilityFor, subject))
            add((subject, PROV.qualifiedAttribution, node))
            add((subject, PROV.wasAttributedTo, agent))
            add((node, PROV.agent, agent))
            add((node, WDO.role, _concept("role", item.role)))
            add((node, WDO.stated, _literal(item.stated)))
            if item.span is not None:
                self.evidence(node, item.span)


def _last_number(key: str) -> int:
    return int(key.rsplit("/", 1)[-1].split("-", 1)[0])

