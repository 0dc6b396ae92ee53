"""Plain typed data passed between the pipeline stages.

Every stage takes and returns these frozen dataclasses; none of them knows
about RDF.  Offsets are 0-based Python string indices (Unicode code points)
into :attr:`SourceText.text`, the input as decoded (UTF-8 by default, a BOM
removed, newlines kept as they are), half-open: ``text[begin:end]``.

Keys
----
Each structural element carries a ``key``: a short path that is unique within
its document and derived from content (numbers), never from a counter over
the whole run.  The graph stage mints IRIs as
``{base}id/{document slug}/{key}``; for example ``measure/8``,
``part/3``, ``measure/8/sentence/2``, ``measure/8/action/3``.  Entities that
are shared across documents (places, bodies, projects) have keys such as
``region/sichuan`` and are minted as ``{base}id/{key}``.
"""

from __future__ import annotations

import hashlib

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[begin, end)`` of code points in the input text."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin <= self.end:
            raise ValueError(f"bad span [{self.begin}, {self.end})")

    def quote(self, text: str) -> str:
        return text[self.begin : self.end]

    def contains(self, other: Span) -> bool:
        return self.begin <= other.begin and other.end <= self.end


# --------------------------------------------------------------------------
# Stage 1: read
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What the text itself does not say, from a sidecar file (all optional).

    ``slug`` names the document in IRIs; when no sidecar gives one it is
    derived from the file name.
    """

    slug: str
    title: str | None = None
    title_zh: str | None = None
    issuers: tuple[str, ...] = ()  # names of the issuing bodies, as in the reference data
    date_issued: str | None = None  # ISO 8601 date, e.g. "2020-05-17"
    language: str = "en"  # BCP 47 tag of the text
    source: str | None = None  # where the text comes from (URL or citation)
    original_language: str | None = None  # e.g. "zh" when the text is a translation
    translator: str | None = None  # e.g. "machine translation"
    publication_date: str | None = None  # ISO 8601 date the text was published (front matter)
    effective_date: str | None = None  # ISO 8601 date it takes effect (front matter)
    link: str | None = None  # the official page, an absolute http(s) IRI (front matter)
    status: str | None = None  # as the publisher states it, e.g. "生效" (in force)
    tags: tuple[str, ...] = ()  # the publisher's subject tags, e.g. ("意见",)
    region: str | None = None  # a work report's region, as named in its subtitle or folder (四川省)


@dataclass(frozen=True, slots=True)
class SourceText:
    """The decoded input and what is known about it."""

    name: str  # file name only, never an absolute path
    text: str
    sha256: str  # of the raw bytes as read
    byte_size: int
    encoding: str  # the codec used to decode, e.g. "utf-8", "utf-16"
    metadata: DocumentMetadata
    warnings: tuple[str, ...] = ()
    masked: str | None = None  # published Markdown: ``text`` with what is not body text blanked (same length)
    headings: frozenset[int] = frozenset()  # offsets of lines that the markup makes headings (``### 一、…``)
    skipped: tuple[str, ...] = ()  # what was kept out of the body, for the summary ("a table of contents")

    @property
    def body(self) -> str:
        """What the segmenter and the analysis read: the masked copy, else the text itself.
        Offsets into it are offsets into ``text``; quotes are always taken from ``text``."""
        return self.masked if self.masked is not None else self.text


# --------------------------------------------------------------------------
# Stage 2: segment
# --------------------------------------------------------------------------

SectionKind = Literal["preamble", "part", "chapter", "section", "measure", "item", "sub-item", "closing"]
"""What a section is as printed: 篇/部分/Part a part, 章/Chapter a chapter, 节/Section a section (of a
chapter), 一、/（一）/1./(1) a part or a measure at the top two levels and an item, then a sub-item,
below.  Source of truth: the subclasses of wdo:Section and the concepts of wdc:sections in
ontology/westdev.ttl (tests/test_vocabularies.py)."""

SectionRole = Literal["part", "measure"]
"""A numbered section's place among the two levels that ``cq-structure`` reports: the top level
(parts, or chapters without parts) and the second (measures, or chapters under 篇 parts); loose
measures are measures at the top."""


@dataclass(frozen=True, slots=True)
class Sentence:
    key: str  # e.g. "measure/8/sentence/2" (1-based within its section)
    span: Span


@dataclass(frozen=True, slots=True)
class Section:
    """A node of a document's section tree, of any depth.

    A *numbered* section (a part, a measure) opens at a marker ("3.", "Sixth,", "(8)",
    "（八）") and has a heading: its first sentence without the final full stop (a measure's
    heading is also called its *title*).  An unnumbered one (the preamble, the closing) is
    only text.  ``sentences`` are the section's own (for a part: its heading, then its
    introduction); its ``children`` hold the rest of its text, in reading order.  The texts
    ``kind`` is what the section is as printed (a 篇 part, a 章 chapter, a 节 section, a （一）
    measure, a 1. item …), ``role`` its place among the two levels of ``cq-structure`` (None
    below them and for the preamble and the closing), ``level`` its depth.
    """

    key: str  # "preamble", "part/3", "measure/8"; "part/2/measure/1" when numbering restarts in each part
    kind: SectionKind
    level: int  # depth in the tree: 1 for a section of the document itself, 2 for a section of that …
    span: Span  # numbered: from the marker to the end of its last sentence or child; else its sentences
    sentences: tuple[Sentence, ...]  # its own: the heading first when numbered, not its children's
    children: tuple[Section, ...] = ()
    number: int | None = None  # as written: "3." -> 3, "Sixth," -> 6, "VI." -> 6, "六、" -> 6, "(8)" -> 8, "（八）" -> 8
    marker: str | None = None  # the marker as written, e.g. "Sixth,", "(8)", "（八）"
    marker_span: Span | None = None
    heading: str | None = None  # numbered: the first sentence after the marker, without its final full stop
    heading_span: Span | None = None
    role: SectionRole | None = None

    @property
    def title(self) -> str | None:
        """A measure's heading (the name the texts give it)."""
        return self.heading

    @property
    def title_span(self) -> Span | None:
        return self.heading_span

    @property
    def intro(self) -> tuple[Sentence, ...]:
        """Its own sentences after its heading: a part's text before its first measure."""
        if self.heading_span is not None and self.sentences and self.sentences[0].span.begin == self.heading_span.begin:
            return self.sentences[1:]
        return self.sentences

    @property
    def measures(self) -> tuple[Section, ...]:
        """Its children of the measure role (a part's measures, a 篇's chapters)."""
        return tuple(c for c in self.children if c.role == "measure")

    def walk(self) -> Iterator[Section]:
        """This section and every section below it, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Document:
    source: SourceText
    title: str | None  # a title line at the top, when the text has one
    title_span: Span | None
    children: tuple[Section, ...]  # the top-level sections in reading order: preamble, parts (or measures), closing
    footer_spans: tuple[Span, ...]  # page-footer lines removed from the flow
    warnings: tuple[str, ...] = ()
    number: str | None = None  # the document number under the title ("Guo Fa [2021] No. 12", 国发〔2021〕12号)
    number_span: Span | None = None

    @property
    def text(self) -> str:
        """The text the analysis reads (:attr:`SourceText.body`); quotes come from ``source.text``."""
        return self.source.body

    def sections(self) -> tuple[Section, ...]:
        """Every section in reading order (each before its children)."""
        return tuple(s for top in self.children for s in top.walk())

    def measures(self) -> tuple[Section, ...]:
        """The sections of the measure role (the second level of ``cq-structure``)."""
        return tuple(s for s in self.sections() if s.role == "measure")

    @property
    def parts(self) -> tuple[Section, ...]:
        """The sections of the part role (the top level of ``cq-structure``)."""
        return tuple(s for s in self.children if s.role == "part")

    @property
    def loose_measures(self) -> tuple[Section, ...]:
        """Measures when the text has no parts."""
        return tuple(s for s in self.children if s.role == "measure")

    @property
    def preamble(self) -> Section | None:
        return next((s for s in self.children if s.kind == "preamble"), None)

    @property
    def closing(self) -> Section | None:
        return next((s for s in self.children if s.kind == "closing"), None)


def own_sentences(section: Section) -> tuple[Sentence, ...]:
    """The sentences a section holds itself (a part's heading and intro, not its children's)."""
    return section.sentences


# --------------------------------------------------------------------------
# Stage 3: extract (entities) and stage 4: link
# --------------------------------------------------------------------------

EntityCategory = Literal["region", "body", "actor", "project"]


@dataclass(frozen=True, slots=True)
class Identifier:
    scheme: str  # "iso3166-2", "gb2260", "geonames", "wikidata"
    value: str  # "CN-SC", "510000", "1794299", "Q19770"
    source: str  # where this identifier was verified (package and version, or document)


@dataclass(frozen=True, slots=True)
class Entity:
    """A place, body, generic actor or project: one per thing, not per mention."""

    key: str  # "region/sichuan", "body/ndrc", "actor/financial-institutions", "project/sichuan-tibet-railway"
    category: EntityCategory
    kind: str  # a concept of the category's kind scheme, e.g. "province", "ministry", "railway"
    label_en: str
    label_zh: str | None = None
    alt_labels: tuple[str, ...] = ()
    located_in: tuple[str, ...] = ()  # keys of the regions directly containing this one
    components: tuple[str, ...] = ()  # keys of the parts of a compound name
    identifiers: tuple[Identifier, ...] = ()
    from_reference: bool = True  # False when minted from a pattern match in the text
    broader: tuple[str, ...] = ()  # generic actors: the wider category ("central enterprises" → enterprises)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming an entity."""

    span: Span
    entity: str  # entity key; "" when only the components are known
    components: tuple[str, ...] = ()  # keys of entities named inside a compound
    method: str = "gazetteer"  # "gazetteer" or "pattern:<name>"
    section: str = ""  # key of the innermost section holding the mention
    sentence: str = ""  # key of the sentence holding the mention


@dataclass(frozen=True, slots=True)
class Found:
    """Output of the extract stage: mentions, and entities minted from patterns."""

    mentions: tuple[Mention, ...] = ()  # sorted by span; section/sentence may still be empty
    minted: tuple[Entity, ...] = ()  # entities no reference list holds (from_reference=False)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Linked:
    """Output of the link stage: one entity per thing, mentions tied to their place in the text."""

    entities: tuple[Entity, ...] = ()  # mentioned, their ancestors and components, issuers; sorted by key
    mentions: tuple[Mention, ...] = ()  # with section and sentence keys filled
    issuers: tuple[str, ...] = ()  # entity keys of the issuing bodies from the metadata
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------
# Stage 5: analyse (goals, targets, actions, responsibility)
# --------------------------------------------------------------------------

GoalScope = Literal["overall", "part", "measure"]
"""Source of truth: the scheme ``wdc:goal-scopes`` of ontology/westdev.ttl (tests/test_vocabularies.py)."""


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified target inside a goal."""

    indicator: str  # e.g. "water use per unit of GDP"
    value: str  # decimal as written, normalised: "16", "65", "500000000"
    unit: str | None  # UCUM code, e.g. "%", "kW"; None when the value is a count
    unit_label: str | None  # the text's own unit, e.g. "million kilowatts"
    direction: Literal["increase", "decrease", "reach"]
    qualifier: Literal["about", "over", "at-least", "at-most", "exactly"]
    """direction, qualifier: source of truth the schemes ``wdc:target-directions`` and
    ``wdc:target-qualifiers`` of ontology/westdev.ttl (tests/test_vocabularies.py)."""
    baseline_year: int | None = None
    target_year: int | None = None
    span: Span | None = None  # the text the target was read from (indicator to quantity)
    concept: str | None = None  # key of its indicator concept (reference/indicators), when a wording matches
    max_value: str | None = None  # the upper bound of a range (6%—6.5%: value 6, max_value 6.5)
    baseline_value: str | None = None  # the level a change starts from (由36.9%提高到80%: 36.9)
    aggregation: Literal["average-annual", "cumulative"] | None = None
    bindingness: Literal["binding", "expected"] | None = None
    """约束性 / 预期性 of a plan's indicator table: source of truth the scheme ``wdc:target-bindingness``."""
    """年均 / "average annual" (each year of the period), 累计 / "cumulative" (over it): source of
    truth the scheme ``wdc:target-aggregations`` of ontology/westdev.ttl (tests/test_vocabularies.py)."""


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """A figure a text reports about past years (a work report's review: 地区生产总值增长6%,
    比上年增长…; "at the end of 2017 …"): a result, never a target (issue 12, point 4).

    ``quantity`` holds what it measures in the fields of a :class:`Target` (indicator, value,
    unit, direction, qualifier); its years are ``start_year`` to ``end_year`` (one year: both
    the same; 过去五年: the five years before the document's)."""

    key: str  # "part/1/figure/3" (1-based within its section, in text order)
    section: str
    sentence: str
    quantity: Target
    span: Span
    start_year: int | None = None
    end_year: int | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    key: str  # "part/1/goal/2", "measure/8/goal/1"
    section: str  # key of the section the goal belongs to
    scope: GoalScope
    span: Span
    statement: str  # key of the goal statement (sentence) grouping goals stated together
    target_year: int | None = None
    targets: tuple[Target, ...] = ()
    mentions: tuple[str, ...] = ()  # keys of the entities named within its span in its statement (compounds' parts too), sorted
    period: tuple[int, int] | None = None  # the years (first, last) of a period its sentence dates it by: "十四五时期" (2021, 2025)


@dataclass(frozen=True, slots=True)
class Action:
    key: str  # "measure/8/action/3"
    section: str  # key of exactly one section
    sentence: str  # key of the sentence holding it
    span: Span
    verb: str  # leading verb lemma, e.g. "support"
    obligation: str  # concept of the obligation scheme, e.g. "must", "support", "encourage"
    object_text: str
    object_span: Span | None = None
    mentions: tuple[str, ...] = ()  # keys of the entities named within its span in its sentence (compounds' parts too), sorted


Role = Literal["issuer", "lead", "co-operating", "addressee"]
"""Source of truth: the scheme ``wdc:roles`` of ontology/westdev.ttl (tests/test_vocabularies.py)."""


@dataclass(frozen=True, slots=True)
class Responsibility:
    key: str  # "measure/8/action/3/responsibility/1"
    subject: str  # key of the action or measure
    actor: str  # entity key: a body, a generic actor, or a region (acting through its government)
    role: Role
    stated: bool  # True when the text says it, False when inferred
    span: Span | None = None  # evidence when stated


@dataclass(frozen=True, slots=True)
class Analysis:
    """Output of the analyse stage."""

    goals: tuple[Goal, ...] = ()
    actions: tuple[Action, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    warnings: tuple[str, ...] = ()
    figures: tuple[ReportedFigure, ...] = ()  # results reported for past years (never targets)
    jurisdiction: str | None = None  # key of the region whose government issues the document (a work report's province)


# --------------------------------------------------------------------------
# Everything extracted from one document
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Extraction:
    document: Document
    entities: tuple[Entity, ...] = ()  # every entity referred to, with its ancestors, sorted by key
    issuers: tuple[str, ...] = ()  # entity keys of the bodies that issued the document
    mentions: tuple[Mention, ...] = ()
    goals: tuple[Goal, ...] = ()
    actions: tuple[Action, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    figures: tuple[ReportedFigure, ...] = ()
    jurisdiction: str | None = None

    @classmethod
    def of(cls, document: Document, linked: Linked, analysis: Analysis, warnings: tuple[str, ...] = ()) -> Extraction:
        """Everything the extract, link and analyse stages found in ``document``."""
        return cls(
            document=document,
            entities=linked.entities,
            issuers=linked.issuers,
            mentions=linked.mentions,
            goals=analysis.goals,
            actions=analysis.actions,
            responsibilities=analysis.responsibilities,
            figures=analysis.figures,
            jurisdiction=analysis.jurisdiction,
            warnings=warnings + linked.warnings + analysis.warnings,
        )


# --------------------------------------------------------------------------
# What the build records about itself
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """Release facts written into the provenance record; nothing from the clock."""

    base: str  # IRI base, e.g. "https://w3id.org/westdev/"
    tool_version: str
    release_version: str | None = None  # pinned with --release-version; else a content hash (version_of)
    release_date: str | None = None  # ISO date from --release-date or SOURCE_DATE_EPOCH
    inputs: str = ""  # sha256 of what a graph depends on besides its sources: the tool version, ontology, shapes

    def version_of(self, *source_sha256: str) -> str:
        """The pinned version, else 16 hex digits of the sha256 of the inputs and the sources'
        sha256s (in sorted order): the same inputs give the same version, any change a new one."""
        if self.release_version:
            return self.release_version
        return hashlib.sha256("\n".join([self.inputs, *sorted(source_sha256)]).encode("ascii")).hexdigest()[:16]
