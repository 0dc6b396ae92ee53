"""The graph stage's triples of what targets and reported figures measure (issue 12, points
3-5): indicator, value and range, unit, direction, qualifier, period, the shared indicator
concept (written once per document with its labels), and the reported figures themselves.

Kept apart from :mod:`.graph` (which calls these with its builder) so that each stays small.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import vocab
from ..analysis.indicators import by_key as indicator_rows
from ..model import ReportedFigure, Target
from ..rdf import Namespace, Term, literal as _literal
from ..vocab import UCUM_TO_QUDT, concept_iri

if TYPE_CHECKING:
    from .graph import _Builder

DCTERMS, RDF, SKOS, UNIT, WDO = (Namespace(ns) for ns in (vocab.DCTERMS, vocab.RDF, vocab.SKOS, vocab.UNIT, vocab.WDO))
_DECIMAL = str(vocab.XSD) + "decimal"


def _concept(scheme_prefix: str, code: str) -> Term:
    return ("i", concept_iri(scheme_prefix, code))


def quantity(builder: _Builder, node: Term, target: Target) -> None:
    """What a quantified target or a reported figure measures: indicator (and its concept),
    value (and upper bound), unit, direction, qualifier, aggregation."""
    add = builder.add
    add((node, WDO.indicator, _literal(target.indicator)))
    if target.concept is not None:
        add((node, WDO.indicatorConcept, indicator_concept(builder, target.concept)))
    add((node, WDO.value, _literal(target.value, _DECIMAL)))
    if target.max_value is not None:
        add((node, WDO.maxValue, _literal(target.max_value, _DECIMAL)))
    if target.unit:
        add((node, WDO.ucumCode, _literal(target.unit)))
        if target.unit in UCUM_TO_QUDT:
            add((node, WDO.unit, UNIT[UCUM_TO_QUDT[target.unit]]))
    if target.unit_label:
        add((node, WDO.unitLabel, _literal(target.unit_label)))
    add((node, WDO.direction, _concept("direction", target.direction)))
    add((node, WDO.qualifier, _concept("qualifier", target.qualifier)))
    if target.aggregation is not None:
        add((node, WDO.aggregation, _concept("aggregation", target.aggregation)))
    if target.bindingness is not None:
        add((node, WDO.bindingness, _concept("bindingness", target.bindingness)))


def indicator_concept(builder: _Builder, key: str) -> Term:
    """The shared concept of an indicator (reference/indicators), written once per document."""
    node = builder.mint.shared(f"indicator/{key}")
    if key in builder.concepts:
        return node
    builder.concepts.add(key)
    add, scheme = builder.add, builder.mint.shared("indicators")
    if len(builder.concepts) == 1:
        add((scheme, RDF.type, SKOS.ConceptScheme))
        add((scheme, SKOS.prefLabel, _literal("Indicators", lang="en")))
        add((scheme, SKOS.prefLabel, _literal("指标", lang="zh")))
    row = indicator_rows()[key]
    add((node, RDF.type, SKOS.Concept))
    add((node, SKOS.inScheme, scheme))
    add((node, SKOS.topConceptOf, scheme))
    add((node, SKOS.notation, _literal(key)))
    add((node, SKOS.prefLabel, _literal(row.label_en, lang="en")))
    add((node, SKOS.prefLabel, _literal(row.label_zh, lang="zh")))
    for wording in row.wordings_en:
        if wording != row.label_en:
            add((node, SKOS.altLabel, _literal(wording, lang="en")))
    for wording in row.wordings_zh:
        if wording != row.label_zh:
            add((node, SKOS.altLabel, _literal(wording, lang="zh")))
    add((node, DCTERMS.source, _literal(row.source)))
    return node


def figures(builder: _Builder, items: Iterable[ReportedFigure]) -> None:
    """Figures reported about past years (issue 12, point 4): results, never targets."""
    add, mint = builder.add, builder.mint
    for figure in items:
        node = mint.local(figure.key)
        add((node, RDF.type, WDO.ReportedFigure))
        add((node, WDO.inSection, mint.local(figure.section)))
        add((node, WDO.inSentence, mint.local(figure.sentence)))
        builder.evidence(node, figure.span)
        quantity(builder, node, figure.quantity)
        if figure.start_year is not None:
            add((node, WDO.startTime, builder.year(figure.start_year)))
        if figure.end_year is not None:
            add((node, WDO.endTime, builder.year(figure.end_year)))
