"""The SHACL shapes: well formed, in step with the ontology, and every one of them able to fail.

* The shapes pass pyshacl's SHACL-for-SHACL check, and every shape has the name and
  message a person reads in the validation summary.
* Every ``sh:in`` list of concepts equals the concepts of its SKOS scheme in the ontology.
* One small graph, built by hand from model objects through the real graph stage, uses
  every class the shapes target and conforms.
* The violation suite enumerates the constraint-bearing shapes from the shapes graph
  itself: every property shape of every NodeShape (identity ``NodeShape path``: named
  property shapes such as ``wds:evidence-one`` are shared, so the pair is the identity) and
  every node-level constraint of a NodeShape (identity ``NodeShape sh:param``).  Each
  identity needs a mutation in ``CASES`` that breaks a copy of the valid graph so that this
  shape, and only this shape, is violated at the expected focus node; a new shape without
  one fails the suite with "no failing case for shape …".
* End to end: a build whose graph is invalid raises ValidationFailed, writes the report
  and the summary, and leaves the previous release byte for byte as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pytest
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from westdev_kg import pipeline, rdf, resources
from westdev_kg.errors import ValidationFailed
from westdev_kg.model import (
    Action,
    Document,
    DocumentMetadata,
    Entity,
    Extraction,
    Goal,
    Identifier,
    Mention,
    ReportedFigure,
    ReleaseInfo,
    Responsibility,
    Section,
    Sentence,
    SourceText,
    Span,
    Target,
)
from westdev_kg.stages import evidence
from westdev_kg.stages import graph as graph_stage
from westdev_kg.stages.validate import Report, flatten, validate
from westdev_kg.vocab import DCTERMS, DEFAULT_BASE, ELI, NIF, PROV, SKOS, TIME, WDC, WDO, XSD, Minter

# ---------------------------------------------------------------------------
# The shapes graph, read as data
# ---------------------------------------------------------------------------

# SHACL predicates of a NodeShape that are not constraints of their own.
NOT_NODE_CONSTRAINTS = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target,
    SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.order, SH.group,
    SH.property, SH.ignoredProperties,
}


SCHEMA = Namespace("http://schema.org/")
ELI_NS = Namespace("http://data.europa.eu/eli/ontology#")


@cache
def shapes() -> Graph:
    """The shapes file as written (validation uses its flattened form, pipeline.shapes_graph())."""
    graph = Graph().parse(resources.shapes_path(), format="turtle")
    graph.bind("schema", SCHEMA, replace=True)  # the file's schema: (rdflib binds the name to https://schema.org/)
    return graph


def ontology() -> Graph:
    return pipeline.ontology_graph()


def qname(term: Node) -> str:
    return shapes().namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else term.n3()


def path_key(path: Node) -> str:
    """``wdo:number`` for a predicate path, ``^eli:has_part`` for an inverse one."""
    if isinstance(path, URIRef):
        return qname(path)
    inverse = shapes().value(path, SH.inversePath)
    if isinstance(inverse, URIRef) and len(list(shapes().predicate_objects(path))) == 1:
        return "^" + qname(inverse)
    alternatives = shapes().value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_key(p) for p in Collection(shapes(), alternatives))
    raise AssertionError(f"path {path!r} is neither a predicate nor an inverse predicate: teach path_key() about it")


def node_level(node_shape: URIRef) -> list[URIRef]:
    """The constraint parameters of a NodeShape itself (sh:or, sh:nodeKind, sh:class …)."""
    return sorted(
        p for p in set(shapes().predicates(node_shape, None))
        if p.startswith(str(SH)) and p not in NOT_NODE_CONSTRAINTS
    )


def node_shapes() -> list[URIRef]:
    return sorted(s for s in shapes().subjects(RDF.type, SH.NodeShape))


@dataclass(frozen=True)
class ShapeId:
    """One constraint-bearing shape, as a violation must report it."""

    identity: str  # "wds:PartShape wdo:number", "wds:SectionShape ^eli:has_part", "wds:ActorShape sh:or"
    node_shape: URIRef
    source_shape: Node  # what sh:sourceShape says: the property shape, or the NodeShape itself
    component: URIRef | None  # for node-level constraints: the constraint component reported


@cache
def enumerate_shapes() -> dict[str, ShapeId]:
    """Every property shape of every NodeShape, and every node-level constraint of one."""
    g = shapes()
    found: dict[str, ShapeId] = {}

    def put(target: ShapeId) -> None:
        assert target.identity not in found, f"two shapes share the identity {target.identity}"
        found[target.identity] = target

    for node_shape in node_shapes():
        for prop in g.objects(node_shape, SH.property):
            path = g.value(prop, SH.path)
            assert path is not None, f"a property shape of {qname(node_shape)} has no sh:path"
            put(ShapeId(f"{qname(node_shape)} {path_key(path)}", node_shape, prop, None))
        for predicate in node_level(node_shape):
            local = qname(predicate).split(":", 1)[1]
            local = "SPARQL" if local == "sparql" else local[0].upper() + local[1:]
            component = SH[local + "ConstraintComponent"]
            put(ShapeId(f"{qname(node_shape)} {qname(predicate)}", node_shape, node_shape, component))
    return found


def named(node: Node) -> str | None:
    value = shapes().value(node, SH.name)
    return str(value) if value is not None else None


# ---------------------------------------------------------------------------
# 1. The shapes themselves
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_shapes_pass_shacl_for_shacl():
    conforms, _, text = shacl_validate(Graph(), shacl_graph=shapes(), meta_shacl=True, inference="none")
    assert conforms, text


def test_every_shape_has_a_name_and_every_constraint_a_message():
    g = shapes()
    problems = []
    for node_shape in node_shapes():
        if named(node_shape) is None:
            problems.append(f"{qname(node_shape)} has no sh:name")
        constraints = node_level(node_shape)
        if constraints and g.value(node_shape, SH.message) is None:
            problems.append(
                f"{qname(node_shape)} has node-level constraints "
                f"({', '.join(qname(p) for p in constraints)}) but no sh:message"
            )
    properties = set(g.objects(None, SH.property)) | set(g.subjects(RDF.type, SH.PropertyShape))
    for prop in properties:
        parents = sorted(qname(p) for p in g.subjects(SH.property, prop)) or ["(unused)"]
        where = f"{qname(prop)} ({path_key(g.value(prop, SH.path))} of {', '.join(parents)})"
        if named(prop) is None:
            problems.append(f"property shape {where} has no sh:name")
        if g.value(prop, SH.message) is None:
            problems.append(f"property shape {where} has no sh:message")
    assert not problems, "\n".join(problems)


def test_no_shape_is_unreachable():
    """A NodeShape without a target, or a named property shape no NodeShape uses, never runs."""
    g = shapes()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    untargeted = [
        qname(s) for s in node_shapes()
        if not any(g.value(s, t) is not None for t in targets) and (None, SH.node, s) not in g
    ]
    unused = [qname(p) for p in g.subjects(RDF.type, SH.PropertyShape) if (None, SH.property, p) not in g]
    assert not untargeted and not unused, f"never applied: {untargeted + unused}"
    classes = set(ontology().subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))
    unknown = [qname(c) for s in node_shapes() for c in g.objects(s, SH.targetClass) if c not in classes]
    assert not unknown, f"target classes the ontology does not declare: {unknown}"


# ---------------------------------------------------------------------------
# 2. sh:in lists mirror the concept schemes
# ---------------------------------------------------------------------------

SCHEME_OF = {  # identity of the property shape -> the scheme its sh:in list mirrors
    "wds:ActionShape wdo:obligation": WDC["obligations"],
    "wds:ResponsibilityShape wdo:role": WDC["roles"],
    "wds:GoalShape wdo:scope": WDC["goal-scopes"],
    "wds:SectionShape wdo:sectionKind": WDC["sections"],
    "wds:QuantifiedTargetShape wdo:direction": WDC["target-directions"],
    "wds:QuantifiedTargetShape wdo:qualifier": WDC["target-qualifiers"],
    "wds:ReportedFigureShape wdo:direction": WDC["target-directions"],
    "wds:ReportedFigureShape wdo:qualifier": WDC["target-qualifiers"],
    "wds:QuantifiedTargetShape wdo:aggregation": WDC["target-aggregations"],
    "wds:QuantifiedTargetShape wdo:bindingness": WDC["target-bindingness"],
    "wds:ReportedFigureShape wdo:aggregation": WDC["target-aggregations"],
    "wds:RegionShape wdo:kind": WDC["region-kinds"],
    "wds:ResponsibleBodyShape wdo:kind": WDC["body-kinds"],
    "wds:GenericActorShape wdo:kind": WDC["actor-kinds"],
    "wds:ProjectShape wdo:kind": WDC["project-kinds"],
}


def test_every_concept_scheme_has_an_in_list_and_every_in_list_a_scheme():
    # the generic actors are concepts the data mints (GenericActorShape checks their scheme with sh:hasValue)
    schemes = set(ontology().subjects(RDF.type, SKOS.ConceptScheme)) - {WDC["generic-actors"]}
    assert schemes == set(SCHEME_OF.values()), "a concept scheme was added or removed: update SCHEME_OF"
    with_in = {t.identity for t in enumerate_shapes().values() if shapes().value(t.source_shape, SH["in"]) is not None}
    assert with_in == set(SCHEME_OF), "the sh:in lists of the shapes are not the ones SCHEME_OF knows"


@pytest.mark.parametrize("identity", sorted(SCHEME_OF))
def test_in_list_equals_the_concepts_of_its_scheme(identity):
    prop = enumerate_shapes()[identity].source_shape
    listed = list(Collection(shapes(), shapes().value(prop, SH["in"])))
    assert len(listed) == len(set(listed)), f"{identity}: sh:in lists a concept twice"
    concepts = set(ontology().subjects(SKOS.inScheme, SCHEME_OF[identity]))
    assert concepts, f"{qname(SCHEME_OF[identity])} has no concepts"
    assert set(listed) == concepts, (
        f"{identity} drifted from {qname(SCHEME_OF[identity])}: "
        f"only in the shape {sorted(map(qname, set(listed) - concepts))}, "
        f"only in the scheme {sorted(map(qname, concepts - set(listed)))}"
    )
    assert all((c, RDF.type, SKOS.Concept) in ontology() for c in concepts)


# ---------------------------------------------------------------------------
# 3. One small valid graph, built through the real graph stage
# ---------------------------------------------------------------------------

PREAMBLE = [
    "The State Council issues these opinions on the western region.",
    "They apply to all provinces.",
    "In 2019, GDP grew by 6%.",
]
HEADING = "General requirements"
INTRO = [
    "By 2035, the western region will be prosperous.",
    "Water use per unit of GDP will fall by 16% from 2020 to 2035.",
]
MEASURE = [
    "Build the Sichuan-Tibet Railway.",
    "Sichuan shall speed up its construction with the NDRC and enterprises.",
]
CLOSING = ["All regions shall act on these opinions in earnest."]
# a second part with an outline of every depth: a chapter, a section of it, an item, a sub-item
OUTLINE = [("2.", "Outline"), ("Chapter 1", "Roads"), ("Section 1", "Railways"), ("1)", "Lay tracks"), ("(a)", "Weld rails")]
TEXT = (
    f"{' '.join(PREAMBLE)}\n\n1. {HEADING}\n\n{' '.join(INTRO)}\n\n(1) {' '.join(MEASURE)}\n\n"
    + "".join(f"{marker} {heading}\n\n" for marker, heading in OUTLINE)
    + f"{' '.join(CLOSING)}\n"
)
OUTLINE_KEYS = ["part/2", "chapter/1", "chapter/1/section/1", "chapter/1/section/1/item/1", "chapter/1/section/1/item/1/sub-item/1"]
OUTLINE_KINDS = ["part", "chapter", "section", "item", "sub-item"]
SLUG = "shapes-fixture"
RELEASE = ReleaseInfo(base=DEFAULT_BASE, tool_version="0.0.0", release_version="0.0.0-test", release_date="2026-01-01")


def at(fragment: str, after: int = 0) -> Span:
    begin = TEXT.index(fragment, after)
    return Span(begin, begin + len(fragment))


def sentences(key: str, texts: list[str]) -> tuple[Sentence, ...]:
    return tuple(Sentence(f"{key}/sentence/{n}", at(t)) for n, t in enumerate(texts, start=1))


def extraction() -> Extraction:
    raw = TEXT.encode("utf-8")
    source = SourceText(
        name="opinions.txt",
        text=TEXT,
        sha256=hashlib.sha256(raw).hexdigest(),
        byte_size=len(raw),
        encoding="utf-8",
        metadata=DocumentMetadata(
            slug=SLUG,
            title="Opinions on the western region",
            title_zh="关于西部地区的意见",
            issuers=("State Council",),
            date_issued="2020-05-17",
            language="en",
            source="composed for tests/test_shapes.py",
        ),
    )
    measure_marker = at("(1)")
    measure = Section(
        key="measure/1",
        kind="measure",
        level=2,
        span=Span(measure_marker.begin, at(MEASURE[-1]).end),
        sentences=sentences("measure/1", MEASURE),
        number=1,
        marker="(1)",
        marker_span=measure_marker,
        heading="Build the Sichuan-Tibet Railway",
        heading_span=at("Build the Sichuan-Tibet Railway"),
    )
    part_marker = at("1.", at(PREAMBLE[-1]).end)
    part = Section(
        key="part/1",
        kind="part",
        level=1,
        span=Span(part_marker.begin, measure.span.end),
        sentences=sentences("part/1", [HEADING, *INTRO]),
        children=(measure,),
        number=1,
        marker="1.",
        marker_span=part_marker,
        heading=HEADING,
        heading_span=at(HEADING),
    )
    preamble = Section("preamble", "preamble", 1, Span(0, at(PREAMBLE[-1]).end), sentences("preamble", PREAMBLE))
    closing = Section("closing", "closing", 1, at(CLOSING[0]), sentences("closing", CLOSING))
    deeper: tuple[Section, ...] = ()
    end = at(OUTLINE[-1][1]).end
    for level in range(len(OUTLINE), 0, -1):  # from the sub-item up to the part
        (marker, heading), key = OUTLINE[level - 1], OUTLINE_KEYS[level - 1]
        marker_span = at(f"{marker} {heading}", measure.span.end)
        heading_span = Span(marker_span.end + 1, marker_span.end + 1 + len(heading))
        deeper = (Section(
            key=key, kind=OUTLINE_KINDS[level - 1], level=level, span=Span(marker_span.begin, end),  # type: ignore[arg-type]
            sentences=(Sentence(f"{key}/sentence/1", heading_span),), children=deeper, number=1, marker=marker,
            marker_span=Span(marker_span.begin, marker_span.begin + len(marker)), heading=heading, heading_span=heading_span,
        ),)
    document = Document(
        source=source, title=None, title_span=None, children=(preamble, part, *deeper, closing), footer_spans=(),
    )
    checked = "tests/test_shapes.py"
    entities = (
        Entity("actor/enterprises", "actor", "enterprise", "enterprises", "企业", from_reference=False),
        Entity("body/ndrc", "body", "commission", "National Development and Reform Commission", "国家发展和改革委员会",
               alt_labels=("NDRC",), identifiers=(Identifier("wikidata", "Q1141583", checked),)),
        Entity("body/state-council", "body", "state-council", "State Council", "国务院"),
        Entity("project/sichuan-tibet-railway", "project", "railway", "Sichuan-Tibet Railway", "川藏铁路",
               components=("region/sichuan", "region/tibet")),
        Entity("region/sichuan", "region", "province", "Sichuan", "四川省", located_in=("region/western-region",),
               identifiers=(Identifier("iso3166-2", "CN-SC", checked), Identifier("gb2260", "510000", checked),
                            Identifier("geonames", "1794299", checked), Identifier("wikidata", "Q19770", checked))),
        Entity("region/tibet", "region", "autonomous-region", "Tibet Autonomous Region", "西藏自治区",
               alt_labels=("Tibet",), located_in=("region/western-region",),
               identifiers=(Identifier("iso3166-2", "CN-XZ", checked), Identifier("gb2260", "540000", checked))),
        Entity("region/western-region", "region", "macro-region", "western region", "西部地区"),
    )
    in_measure_2 = at(MEASURE[1])

    def mention(fragment: str, entity: str, section: str, sentence: str, after: int = 0, components=()) -> Mention:
        return Mention(at(fragment, after), entity, tuple(components), "gazetteer", section, sentence)

    mentions = (
        mention("State Council", "body/state-council", "preamble", "preamble/sentence/1"),
        mention("western region", "region/western-region", "preamble", "preamble/sentence/1"),
        mention("western region", "region/western-region", "part/1", "part/1/sentence/2", after=at(INTRO[0]).begin),
        mention("Sichuan-Tibet Railway", "project/sichuan-tibet-railway", "measure/1", "measure/1/sentence/1",
                components=("region/sichuan", "region/tibet")),
        mention("Sichuan", "region/sichuan", "measure/1", "measure/1/sentence/2", after=in_measure_2.begin),
        mention("NDRC", "body/ndrc", "measure/1", "measure/1/sentence/2"),
        mention("enterprises", "actor/enterprises", "measure/1", "measure/1/sentence/2"),
    )
    actions = (
        Action("measure/1/action/1", "measure/1", "measure/1/sentence/1", at("Build the Sichuan-Tibet Railway"),
               "build", "do", "the Sichuan-Tibet Railway", at("the Sichuan-Tibet Railway"),
               mentions=("project/sichuan-tibet-railway", "region/sichuan", "region/tibet")),
        Action("measure/1/action/2", "measure/1", "measure/1/sentence/2", Span(in_measure_2.begin, in_measure_2.end - 1),
               "speed up", "must", "its construction", at("its construction"),
               mentions=("actor/enterprises", "body/ndrc", "region/sichuan")),
    )
    goals = (
        Goal("part/1/goal/1", "part/1", "overall", at(INTRO[0]), "part/1/sentence/2", target_year=2035,
             mentions=("region/western-region",)),
        Goal("part/1/goal/2", "part/1", "part", at(INTRO[1]), "part/1/sentence/3", target_year=2035, period=(2031, 2035), targets=(
            Target("water use per unit of GDP", "16", "%", "%", "decrease", "exactly", baseline_year=2020, target_year=2035,
                   span=at("Water use per unit of GDP will fall by 16%"), concept="water-use-intensity",
                   max_value="17", baseline_value="20", aggregation="cumulative"),
        )),
    )
    figures = (
        ReportedFigure("preamble/figure/1", "preamble", "preamble/sentence/3",
                       Target("GDP", "6", "%", "%", "increase", "exactly", concept="gdp-growth", max_value="6.5"), at("GDP grew by 6%"), 2019, 2019),
    )
    responsibilities = (
        Responsibility("measure/1/action/2/responsibility/1", "measure/1/action/2", "region/sichuan", "lead", True,
                       at("Sichuan", in_measure_2.begin)),
        Responsibility("measure/1/action/2/responsibility/2", "measure/1/action/2", "body/ndrc", "co-operating", True,
                       at("with the NDRC")),
        Responsibility("measure/1/action/2/responsibility/3", "measure/1/action/2", "actor/enterprises", "co-operating",
                       True, at("enterprises")),
        Responsibility("measure/1/responsibility/1", "measure/1", "body/state-council", "issuer", False),
    )
    return Extraction(
        document=document, entities=entities, issuers=("body/state-council",), mentions=mentions,
        goals=goals, actions=actions, responsibilities=responsibilities, figures=figures,
        jurisdiction="region/sichuan",
    )


@dataclass(frozen=True)
class Nodes:
    """The nodes of the valid graph the mutations work on."""

    doc: URIRef
    text: URIRef
    release: URIRef
    build: URIRef
    preamble: URIRef
    part: URIRef
    measure: URIRef
    chapter: URIRef
    chapter_section: URIRef
    item: URIRef
    sub_item: URIRef
    closing: URIRef
    sentence: URIRef  # the part's first intro sentence
    sentence2: URIRef  # the measure's second sentence
    span: URIRef  # a plain text span: the evidence of the preamble's second sentence
    span2: URIRef  # another one: the evidence of the closing
    mention: URIRef  # "Sichuan" in the measure's second sentence
    compound: URIRef  # "Sichuan-Tibet Railway", with its components
    action: URIRef
    goal: URIRef  # the dated goal with a target
    target: URIRef
    figure: URIRef  # a figure reported for 2019
    concept: URIRef  # the indicator concept of the target (water use per unit of GDP)
    concept2: URIRef  # the figure's (GDP growth)
    year: URIRef  # 2035
    baseline: URIRef  # 2020
    period: URIRef  # 2031-2035, the goal's period
    stated: URIRef  # a responsibility the text states, held by Sichuan's government
    inferred: URIRef  # a responsibility inferred for the issuer
    region: URIRef  # Sichuan
    region2: URIRef  # the western region
    body: URIRef  # the NDRC
    actor: URIRef  # enterprises
    government: URIRef  # Sichuan's government
    project: URIRef
    expression: URIRef  # the English text read, an eli:LegalExpression


class _URIMinter:
    """The document's IRIs as rdflib terms (the Minter makes them as terms of westdev_kg.rdf)."""

    def __init__(self, mint: Minter) -> None:
        self._mint = mint

    def __getattr__(self, name: str):
        made = getattr(self._mint, name)
        if callable(made):
            return lambda *args: rdf.to_rdflib_term(made(*args))
        return rdf.to_rdflib_term(made)


def nodes() -> Nodes:
    mint = _URIMinter(Minter(DEFAULT_BASE, SLUG))
    local = mint.local
    preamble_2, closing = at(PREAMBLE[1]), at(CLOSING[0])
    sichuan = at("Sichuan", at(MEASURE[1]).begin)
    railway = at("Sichuan-Tibet Railway")
    return Nodes(
        doc=mint.document, text=local("text"), release=local("graph"), build=local("build"),
        preamble=local("preamble"), part=local("part/1"), measure=local("measure/1"), closing=local("closing"),
        chapter=local(OUTLINE_KEYS[1]), chapter_section=local(OUTLINE_KEYS[2]), item=local(OUTLINE_KEYS[3]),
        sub_item=local(OUTLINE_KEYS[4]),
        sentence=local("part/1/sentence/2"), sentence2=local("measure/1/sentence/2"),
        span=mint.span(preamble_2.begin, preamble_2.end), span2=mint.span(closing.begin, closing.end),
        mention=mint.span(sichuan.begin, sichuan.end), compound=mint.span(railway.begin, railway.end),
        action=local("measure/1/action/2"), goal=local("part/1/goal/2"), target=local("part/1/goal/2/target/1"),
        figure=local("preamble/figure/1"), concept=mint.shared("indicator/water-use-intensity"),
        concept2=mint.shared("indicator/gdp-growth"),
        year=mint.year(2035), baseline=mint.year(2020), period=mint.period(2031, 2035),
        stated=local("measure/1/action/2/responsibility/1"), inferred=local("measure/1/responsibility/1"),
        region=mint.shared("region/sichuan"), region2=mint.shared("region/western-region"),
        body=mint.shared("body/ndrc"), actor=mint.shared("actor/enterprises"),
        government=mint.government("region/sichuan"), project=mint.shared("project/sichuan-tibet-railway"),
        expression=local("expression/en"),
    )


@pytest.fixture(scope="module")
def valid() -> tuple[Graph, Nodes]:
    return graph_stage.build_graph(extraction(), RELEASE), nodes()


def copy_of(triples) -> Graph:
    graph = Graph()
    graph += triples
    return graph


@cache
def flat_shapes() -> Graph:
    """What the pipeline validates with (pipeline.shapes_graph() does the same to a parse of the
    same file): flattened, without the SHACL-SPARQL constraints, which the build runs in Python."""
    return rdf.to_rdflib_indexed(evidence.without_sparql(rdf.from_rdflib(flatten(shapes()))))


@cache
def written_shapes(sparql: bool) -> Graph:
    """The shapes as written; without the SHACL-SPARQL constraints unless asked (pySHACL takes
    about a second per validation to run them here: the suite asks only for their own cases)."""
    if sparql:
        return shapes()
    return rdf.to_rdflib(evidence.without_sparql(rdf.from_rdflib(shapes())))


def check(data: Graph) -> Report:
    """As the pipeline validates: plain triples (read into rdf.IndexedStore), the flattened shapes.
    Each violation case also validates the rdflib Graph (rdflib's Memory store) with the shapes as
    written, and the two reports must agree (for the SHACL-SPARQL shapes: pySHACL's SPARQL and the
    build's Python check agree)."""
    return validate(rdf.from_rdflib(data), flat_shapes())


def test_validation_needs_no_ontology(valid):
    """Validation runs without the ontology mixed in, so the graph itself must state every class
    a shape targets or names in sh:class for each node that is an instance of it by subclassing."""
    named = set(shapes().objects(None, SH.targetClass)) | set(shapes().objects(None, SH["class"]))
    graph = valid[0]
    missing = sorted(
        f"{node} a {qname(cls)}"
        for node in set(graph.subjects(RDF.type, None))
        for cls in named
        if _instance_of(graph, node, cls) and (node, RDF.type, cls) not in graph
    )
    assert not missing, missing


def test_the_hand_built_graph_conforms(valid):
    data, _ = valid
    report = check(data)
    assert report.conforms and not report.results, report.summary()


def test_the_hand_built_graph_uses_every_targeted_class(valid):
    data, _ = valid
    targeted = {c for s in node_shapes() for c in shapes().objects(s, SH.targetClass)}
    missing = sorted(qname(c) for c in targeted if (None, RDF.type, c) not in data)
    assert not missing, f"no instance of {missing}: the violation suite cannot reach their shapes"


def test_the_nodes_the_mutations_use_are_in_the_graph(valid):
    data, n = valid
    absent = [name for name, node in vars(n).items() if (node, None, None) not in data]
    assert not absent, absent
    assert (n.government, RDF.type, WDO.RegionalGovernment) in data
    assert (n.stated, PROV.agent, n.government) in data and (n.stated, WDO.hasEvidence, None) in data
    assert (n.inferred, WDO.stated, Literal(False)) in data and (n.inferred, WDO.hasEvidence, None) not in data
    assert (n.mention, WDO.refersTo, n.region) in data and (n.compound, WDO.refersToComponent, n.region) in data
    assert (n.span, RDF.type, WDO.TextSpan) in data and (n.span, RDF.type, WDO.Mention) not in data
    assert (n.target, WDO.baselineTime, n.baseline) in data and (n.target, WDO.targetTime, n.year) in data


# ---------------------------------------------------------------------------
# 4. The violation suite
# ---------------------------------------------------------------------------

Op = Callable[[Graph, Node, Nodes], Node]  # (graph, focus, nodes) -> the focus afterwards
Mutation = Callable[[Graph, Nodes], Node]  # (graph, nodes) -> the focus node the violation is at


def _term(value, n: Nodes) -> Node:
    """A plain ``str`` names a field of Nodes; anything else is an RDF term."""
    return getattr(n, value) if type(value) is str else value


def on(name: str, *ops: Op) -> Mutation:
    """Apply ``ops`` in turn to the node ``name``; the result is the expected focus node."""

    def mutate(g: Graph, n: Nodes) -> Node:
        focus = getattr(n, name)
        for op in ops:
            focus = op(g, focus, n)
        return focus

    return mutate


def drop(p: URIRef, o=None) -> Op:
    def op(g, focus, n):
        g.remove((focus, p, _term(o, n) if o is not None else None))
        return focus

    return op


def add(p: URIRef, o) -> Op:
    def op(g, focus, n):
        g.add((focus, p, _term(o, n)))
        return focus

    return op


def put(p: URIRef, o) -> Op:
    """Replace every value of ``p``."""

    def op(g, focus, n):
        g.set((focus, p, _term(o, n)))
        return focus

    return op


def as_integer(p: URIRef) -> Op:
    """Replace the value of ``p`` by the same number as an ``xsd:integer``."""

    def op(g, focus, n):
        g.set((focus, p, Literal(int(g.value(focus, p)))))
        return focus

    return op


def unlink(s: str, p: URIRef) -> Op:
    """Remove the triple ``(s, p, focus)``."""

    def op(g, focus, n):
        g.remove((_term(s, n), p, focus))
        return focus

    return op


def link(s: str, p: URIRef) -> Op:
    """Add the triple ``(s, p, focus)``."""

    def op(g, focus, n):
        g.add((_term(s, n), p, focus))
        return focus

    return op


def unlink_type(name: str, cls: URIRef) -> Op:
    """Remove the class ``cls`` from the node ``name`` (not the focus)."""

    def op(g, focus, n):
        g.remove((_term(name, n), RDF.type, cls))
        return focus

    return op


def unattributed(g: Graph, focus: Node, n: Nodes) -> Node:
    """The focus is no longer the qualified attribution of anything."""
    g.remove((None, PROV.qualifiedAttribution, focus))
    return focus


def blank(g: Graph, focus: Node, n: Nodes) -> Node:
    """Rename the focus node to a blank node everywhere: only sh:nodeKind sh:IRI should notice."""
    node = BNode()
    for s, p, o in list(g.triples((focus, None, None))):
        g.remove((s, p, o))
        g.add((node, p, node if o == focus else o))
    for s, p, o in list(g.triples((None, None, focus))):
        g.remove((s, p, o))
        g.add((s, p, node))
    return node


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def nni(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


NEW = URIRef("https://example.org/not-in-the-graph")

CASES: dict[str, Mutation] = {
    # -- the document -------------------------------------------------------------
    "wds:PolicyDocumentShape sh:nodeKind": on("doc", blank),
    "wds:PolicyDocumentShape wdo:hasText": on("doc", drop(WDO.hasText)),
    "wds:PolicyDocumentShape eli:has_part": on("doc", add(ELI.has_part, "sentence")),
    "wds:PolicyDocumentShape dcterms:title": on("doc", add(DCTERMS.title, Literal("Opinions, untagged"))),
    "wds:PolicyDocumentShape dcterms:issued": on("doc", put(DCTERMS.issued, Literal("17 May 2020"))),
    "wds:PolicyDocumentShape eli:id_local": on("doc", add(ELI.id_local, Literal(""))),
    "wds:PolicyDocumentShape eli:date_publication": on("doc", add(ELI.date_publication, Literal("25 March 2024"))),
    "wds:PolicyDocumentShape eli:first_date_entry_in_force": on("doc", add(ELI.first_date_entry_in_force, Literal("2024-04-01"))),
    "wds:PolicyDocumentShape wdo:officialPage": on("doc", add(WDO.officialPage, Literal("https://www.gov.cn/"))),
    "wds:PolicyDocumentShape wdo:statusAsPublished": on("doc", add(WDO.statusAsPublished, Literal(""))),
    "wds:PolicyDocumentShape dcterms:subject": on("doc", add(DCTERMS.subject, Literal("意见"))),
    "wds:PolicyDocumentShape dcterms:language": on("doc", put(DCTERMS.language, Literal("en_GB"))),
    "wds:PolicyDocumentShape eli:is_realized_by": on("doc", drop(ELI_NS.is_realized_by)),
    "wds:LegalExpressionShape sh:nodeKind": on("expression", blank),
    "wds:LegalExpressionShape eli:realizes": on("expression", drop(ELI_NS.realizes)),
    "wds:LegalExpressionShape eli:language": on("expression", put(ELI_NS.language, Literal("en"))),
    "wds:LegalExpressionShape eli:title": on("expression", put(ELI_NS.title, Literal("a title without a language"))),
    "wds:PolicyDocumentShape wdo:issuedBy": on("doc", add(WDO.issuedBy, "region")),
    "wds:SourceTextShape sh:nodeKind": on("text", blank),
    "wds:SourceTextShape eli:embodies": on("text", put(ELI_NS.embodies, "doc")),
    "wds:SourceTextShape eli:legal_value": on("text", put(ELI_NS.legal_value, URIRef("http://data.europa.eu/eli/ontology#LegalValue-draft"))),
    "wds:SourceTextShape nif:isString": on("text", drop(NIF.isString)),
    "wds:SourceTextShape nif:beginIndex": on("text", put(NIF.beginIndex, nni(1))),
    "wds:SourceTextShape nif:endIndex": on("text", drop(NIF.endIndex)),
    "wds:SourceTextShape wdo:sha256": on("text", put(WDO.sha256, Literal("ABC123"))),
    "wds:SourceTextShape wdo:byteSize": on("text", put(WDO.byteSize, Literal(-1))),
    "wds:SourceTextShape wdo:encoding": on("text", drop(WDO.encoding)),
    "wds:SourceTextShape wdo:fileName": on("text", put(WDO.fileName, Literal("corpus/opinions.txt"))),
    # -- sections -----------------------------------------------------------------
    "wds:SectionShape sh:nodeKind": on("closing", blank),
    "wds:SectionShape wdo:hasEvidence": on("closing", drop(WDO.hasEvidence)),
    "wds:SectionShape ^eli:has_part": on("measure", link("doc", ELI.has_part)),
    "wds:PreambleShape wdo:number": on("preamble", add(WDO.number, Literal(0))),
    "wds:ClosingShape wdo:number": on("closing", add(WDO.number, Literal(9))),
    "wds:PartShape wdo:number": on("part", put(WDO.number, Literal(-1))),
    "wds:PartShape wdo:marker": on("part", put(WDO.marker, Literal(""))),
    "wds:PartShape dcterms:title": on("part", drop(DCTERMS.title)),
    "wds:PartShape eli:has_part": on("part", add(ELI.has_part, "sentence")),
    "wds:MeasureShape wdo:number": on("measure", put(WDO.number, Literal("1"))),
    "wds:MeasureShape wdo:marker": on("measure", drop(WDO.marker)),
    "wds:MeasureShape dcterms:title": on("measure", add(DCTERMS.title, en("A second title"))),
    "wds:SectionShape wdo:sectionKind": on("chapter", put(WDO.sectionKind, WDC["scope-part"])),
    "wds:SectionShape wdo:level": on("item", put(WDO.level, Literal(0))),
    "wds:ChapterShape wdo:number": on("chapter", drop(WDO.number)),
    "wds:ChapterShape wdo:marker": on("chapter", put(WDO.marker, Literal(""))),
    "wds:ChapterShape dcterms:title": on("chapter", drop(DCTERMS.title)),
    "wds:ChapterSectionShape wdo:number": on("chapter_section", put(WDO.number, Literal("1"))),
    "wds:ChapterSectionShape wdo:marker": on("chapter_section", drop(WDO.marker)),
    "wds:ChapterSectionShape dcterms:title": on("chapter_section", add(DCTERMS.title, en("A second title"))),
    "wds:ItemShape wdo:number": on("item", put(WDO.number, Literal(-1))),
    "wds:ItemShape wdo:marker": on("item", add(WDO.marker, Literal("2)"))),
    "wds:ItemShape dcterms:title": on("item", put(DCTERMS.title, Literal(""))),
    "wds:SubItemShape wdo:number": on("sub_item", add(WDO.number, Literal(2))),
    "wds:SubItemShape wdo:marker": on("sub_item", put(WDO.marker, Literal(""))),
    "wds:SubItemShape dcterms:title": on("sub_item", drop(DCTERMS.title)),
    # -- sentences, spans, mentions -------------------------------------------------
    "wds:SentenceShape sh:nodeKind": on("sentence", blank),
    "wds:SentenceShape wdo:index": on("sentence", put(WDO["index"], Literal(0))),
    "wds:SentenceShape wdo:inSection": on("sentence", drop(WDO.inSection)),
    "wds:SentenceShape wdo:hasEvidence": on("sentence", put(WDO.hasEvidence, "text")),
    "wds:TextSpanShape sh:nodeKind": on("span", blank),
    "wds:TextSpanShape nif:beginIndex": on("span", put(NIF.beginIndex, nni(10_000))),
    "wds:TextSpanShape nif:endIndex": on("span", as_integer(NIF.endIndex)),
    "wds:TextSpanShape nif:anchorOf": on("span", put(NIF.anchorOf, en("They apply to all provinces."))),
    "wds:TextSpanShape nif:referenceContext": on("span", put(NIF.referenceContext, "doc")),
    # -- evidence that checks itself (SHACL-SPARQL; the build checks the same in Python) ---
    "wds:QuoteShape sh:sparql": on("span", put(NIF.anchorOf, Literal("They apply to every province."))),
    "wds:OffsetsShape sh:sparql": on("span", put(NIF.endIndex, nni(len(TEXT) + 1))),
    "wds:UsedShape sh:sparql": on("build", put(PROV.used, NEW)),
    "wds:MentionShape sh:nodeKind": on("mention", blank),
    "wds:MentionReferenceShape wdo:refersTo|wdo:refersToComponent": on("mention", drop(WDO.refersTo)),
    "wds:MentionShape wdo:inSection": on("mention", put(WDO.inSection, "sentence2")),
    "wds:MentionShape wdo:inSentence": on("mention", drop(WDO.inSentence)),
    "wds:MentionShape wdo:refersTo": on("mention", add(WDO.refersTo, "project")),
    "wds:MentionShape wdo:refersToComponent": on("compound", add(WDO.refersToComponent, "sentence2")),
    # -- actions, goals, targets, years, responsibility -------------------------------
    "wds:ActionShape sh:nodeKind": on("action", blank),
    "wds:ActionShape wdo:index": on("action", put(WDO["index"], Literal("2"))),
    "wds:ActionShape wdo:inSection": on("action", add(WDO.inSection, "part")),
    "wds:ActionShape wdo:inSentence": on("action", put(WDO.inSentence, "measure")),
    "wds:ActionShape wdo:hasEvidence": on("action", drop(WDO.hasEvidence)),
    "wds:ActionShape wdo:mentions": on("action", add(WDO.mentions, "sentence2")),
    "wds:ActionShape wdo:verb": on("action", put(WDO.verb, Literal("Speed Up"))),
    "wds:ActionShape wdo:obligation": on("action", put(WDO.obligation, WDC["role-lead"])),
    "wds:ActionShape wdo:objectText": on("action", drop(WDO.objectText)),
    "wds:GoalShape sh:nodeKind": on("goal", blank),
    "wds:GoalShape wdo:index": on("goal", drop(WDO["index"])),
    "wds:GoalShape wdo:inSection": on("goal", drop(WDO.inSection)),
    "wds:GoalShape wdo:inSentence": on("goal", add(WDO.inSentence, "sentence")),
    "wds:GoalShape wdo:hasEvidence": on("goal", add(WDO.hasEvidence, "span")),
    "wds:GoalShape wdo:targetTime": on("goal", add(WDO.targetTime, "baseline")),
    "wds:GoalShape wdo:mentions": on("goal", add(WDO.mentions, "goal")),
    "wds:GoalShape wdo:scope": on("goal", put(WDO.scope, WDC["scope-national"])),
    "wds:GoalShape wdo:hasTarget": on("goal", add(WDO.hasTarget, NEW)),
    "wds:QuantifiedTargetShape sh:nodeKind": on("target", blank),
    "wds:QuantifiedTargetShape wdo:targetTime": on("target", put(WDO.targetTime, Literal("2035", datatype=XSD.gYear))),
    "wds:QuantifiedTargetShape ^wdo:hasTarget": on("target", unlink("goal", WDO.hasTarget)),
    "wds:QuantifiedTargetShape wdo:indicator": on("target", put(WDO.indicator, Literal(""))),
    "wds:QuantifiedTargetShape wdo:hasEvidence": on("target", drop(WDO.hasEvidence)),
    "wds:QuantifiedTargetShape wdo:value": on("target", put(WDO.value, Literal("16"))),
    "wds:QuantifiedTargetShape wdo:unit": on("target", put(WDO.unit, Literal("%"))),
    "wds:QuantifiedTargetShape wdo:ucumCode": on("target", add(WDO.ucumCode, Literal("[pct]"))),
    "wds:QuantifiedTargetShape wdo:unitLabel": on("target", put(WDO.unitLabel, Literal(5))),
    "wds:QuantifiedTargetShape wdo:direction": on("target", drop(WDO.direction)),
    "wds:QuantifiedTargetShape wdo:qualifier": on("target", put(WDO.qualifier, WDC["direction-increase"])),
    "wds:QuantifiedTargetShape wdo:baselineTime": on("target", add(WDO.baselineTime, "year")),
    "wds:QuantifiedTargetShape wdo:maxValue": on("target", put(WDO.maxValue, Literal("17"))),
    "wds:QuantifiedTargetShape wdo:baselineValue": on("target", add(WDO.baselineValue, Literal(Decimal("21")))),
    "wds:ReportedFigureShape wdo:maxValue": on("figure", add(WDO.maxValue, Literal(Decimal("7")))),
    "wds:QuantifiedTargetShape wdo:bindingness": on("target", put(WDO.bindingness, WDC["aggregation-cumulative"])),
    "wds:QuantifiedTargetShape wdo:aggregation": on("target", put(WDO.aggregation, WDC["qualifier-about"])),
    "wds:ReportedFigureShape wdo:aggregation": on("figure", add(WDO.aggregation, WDC["aggregation-cumulative"]), add(WDO.aggregation, WDC["aggregation-average-annual"])),
    "wds:ReportedFigureShape sh:nodeKind": on("figure", blank),
    "wds:ReportedFigureShape wdo:inSection": on("figure", drop(WDO.inSection)),
    "wds:ReportedFigureShape wdo:inSentence": on("figure", add(WDO.inSentence, "sentence")),
    "wds:ReportedFigureShape wdo:hasEvidence": on("figure", drop(WDO.hasEvidence)),
    "wds:ReportedFigureShape wdo:indicator": on("figure", put(WDO.indicator, Literal(""))),
    "wds:ReportedFigureShape wdo:value": on("figure", put(WDO.value, Literal("6"))),
    "wds:ReportedFigureShape wdo:unit": on("figure", put(WDO.unit, Literal("%"))),
    "wds:ReportedFigureShape wdo:ucumCode": on("figure", add(WDO.ucumCode, Literal("[pct]"))),
    "wds:ReportedFigureShape wdo:unitLabel": on("figure", put(WDO.unitLabel, Literal(5))),
    "wds:ReportedFigureShape wdo:direction": on("figure", drop(WDO.direction)),
    "wds:ReportedFigureShape wdo:qualifier": on("figure", put(WDO.qualifier, WDC["direction-increase"])),
    "wds:ReportedFigureShape wdo:startTime": on("figure", add(WDO.startTime, "year")),
    "wds:ReportedFigureShape wdo:endTime": on("figure", put(WDO.endTime, Literal("2019"))),
    "wds:ReportedFigureShape wdo:targetTime": on("figure", add(WDO.targetTime, "year")),
    "wds:QuantifiedTargetShape wdo:indicatorConcept": on("target", add(WDO.indicatorConcept, "concept2")),
    "wds:ReportedFigureShape wdo:indicatorConcept": on("figure", add(WDO.indicatorConcept, "concept")),
    "wds:IndicatorConceptShape sh:nodeKind": on("concept", blank),
    "wds:IndicatorConceptShape skos:inScheme": on("concept", drop(SKOS.inScheme)),
    "wds:IndicatorConceptShape skos:prefLabel": on("concept", drop(SKOS.prefLabel, Literal("单位国内生产总值用水量", lang="zh"))),
    "wds:IndicatorConceptShape skos:notation": on("concept", put(SKOS.notation, Literal("Water Use"))),
    "wds:JurisdictionShape wdo:jurisdiction": on("doc", add(WDO.jurisdiction, "region2")),
    "wds:InstantShape sh:nodeKind": on("year", blank),
    "wds:IntervalShape sh:nodeKind": on("period", blank),
    "wds:IntervalShape time:hasBeginning": on("period", drop(TIME.hasBeginning)),
    "wds:IntervalShape time:hasEnd": on("period", add(TIME.hasEnd, "baseline")),
    "wds:GoalShape wdo:targetPeriod": on("goal", put(WDO.targetPeriod, "year")),
    "wds:InstantShape time:inXSDgYear": on("year", put(TIME.inXSDgYear, Literal(2035))),
    "wds:ResponsibilityShape sh:nodeKind": on("inferred", blank),
    "wds:StatedResponsibilityShape sh:or": on("stated", drop(WDO.hasEvidence)),
    "wds:ResponsibilityShape wdo:responsibilityFor": on("stated", put(WDO.responsibilityFor, "goal")),
    "wds:ResponsibilityShape prov:agent": on("stated", put(PROV.agent, "region")),
    "wds:ResponsibilityShape ^prov:qualifiedAttribution": on("stated", unattributed),
    "wds:ResponsibilityShape wdo:role": on("stated", put(WDO.role, WDC["obligation-must"])),
    "wds:ResponsibilityShape wdo:stated": on("stated", put(WDO.stated, Literal("yes"))),
    "wds:ResponsibilityShape wdo:hasEvidence": on("stated", add(WDO.hasEvidence, "span")),
    # -- places, bodies, actors, projects ----------------------------------------------
    "wds:RegionShape sh:nodeKind": on("region2", blank),
    "wds:EntityShape sh:nodeKind": on("body", blank),
    # a preferred label in neither English nor Chinese (only French left)
    "wds:EntityShape skos:prefLabel": on("region", drop(SKOS.prefLabel), add(SKOS.prefLabel, Literal("Sichuan", lang="fr"))),
    "wds:EntityShape skos:altLabel": on("region", add(SKOS.altLabel, Literal("Shu"))),
    "wds:RegionShape wdo:fromReference": on("region", put(WDO.fromReference, Literal("true"))),
    "wds:RegionShape schema:sameAs": on("region", add(SCHEMA.sameAs, Literal("Q19770"))),
    "wds:RegionShape wdo:hasComponent": on("region", add(WDO.hasComponent, "body")),
    "wds:RegionShape wdo:kind": on("region", put(WDO.kind, WDC["body-ministry"])),
    "wds:RegionShape wdo:locatedIn": on("region", add(WDO.locatedIn, "project")),
    "wds:RegionShape wdo:iso3166Code": on("region", put(WDO.iso3166Code, Literal("cn-sc"))),
    "wds:RegionShape wdo:adminDivisionCode": on("region", put(WDO.adminDivisionCode, Literal("051000"))),
    "wds:ResponsibleBodyShape sh:nodeKind": on("body", blank),
    "wds:ResponsibleBodyShape wdo:fromReference": on("body", drop(WDO.fromReference)),
    "wds:ResponsibleBodyShape schema:sameAs": on("body", add(SCHEMA.sameAs, Literal("Q1141583"))),
    "wds:ResponsibleBodyShape wdo:kind": on("body", put(WDO.kind, WDC["region-province"])),
    "wds:GenericActorShape sh:nodeKind": on("actor", blank),
    "wds:GenericActorShape wdo:fromReference": on("actor", add(WDO.fromReference, Literal(True))),
    "wds:GenericActorShape wdo:kind": on("actor", drop(WDO.kind)),
    "wds:GenericActorShape skos:broader": on("actor", add(SKOS.broader, "body")),
    "wds:GenericActorShape skos:inScheme": on("actor", drop(SKOS.inScheme)),
    "wds:RegionalGovernmentShape sh:nodeKind": on("government", blank),
    "wds:RegionalGovernmentShape wdo:governs": on("government", put(WDO.governs, "body")),
    "wds:ActorShape sh:or": on("actor", drop(RDF.type, WDO.GenericActor)),
    "wds:ProjectShape sh:nodeKind": on("project", blank),
    "wds:ProjectShape wdo:fromReference": on("project", put(WDO.fromReference, Literal(1))),
    "wds:ProjectShape schema:sameAs": on("project", add(SCHEMA.sameAs, BNode())),
    "wds:ProjectShape wdo:hasComponent": on("project", add(WDO.hasComponent, "sentence2")),
    "wds:ProjectShape wdo:kind": on("project", put(WDO.kind, WDC["project-unknown"])),
    # -- the release --------------------------------------------------------------------
    "wds:KnowledgeGraphShape sh:nodeKind": on("release", blank),
    "wds:KnowledgeGraphShape wdo:describes": on("release", drop(WDO.describes)),
    "wds:KnowledgeGraphShape owl:versionInfo": on("release", put(OWL.versionInfo, Literal(1))),
    "wds:KnowledgeGraphShape dcterms:issued": on("release", add(DCTERMS.issued, Literal("2026-01-02", datatype=XSD.date))),
    "wds:KnowledgeGraphShape prov:wasDerivedFrom": on("release", put(PROV.wasDerivedFrom, "doc")),
    "wds:KnowledgeGraphShape prov:wasGeneratedBy": on("release", unlink_type("build", PROV.Activity)),
}

# Violations a case cannot avoid besides its own, with the reason.
ALSO: dict[str, set[str]] = {
    # a mention is typed wdo:TextSpan too, so TextSpanShape's nodeKind sees a blank mention as well
    "wds:MentionShape sh:nodeKind": {"wds:TextSpanShape"},
    # every region, body, generic actor, government and project is also a wdo:Entity
    "wds:EntityShape sh:nodeKind": {"wds:ResponsibleBodyShape"},
    "wds:RegionShape sh:nodeKind": {"wds:EntityShape"},
    "wds:ResponsibleBodyShape sh:nodeKind": {"wds:EntityShape"},
    "wds:GenericActorShape sh:nodeKind": {"wds:EntityShape"},
    "wds:RegionalGovernmentShape sh:nodeKind": {"wds:EntityShape"},
    "wds:ProjectShape sh:nodeKind": {"wds:EntityShape"},
}


def test_every_case_is_for_an_enumerated_shape():
    stale = sorted(set(CASES) - set(enumerate_shapes()))
    assert not stale, f"cases for shapes that no longer exist: {stale}"
    assert set(ALSO) <= set(CASES)


def test_the_enumeration_sees_every_kind_of_shape():
    identities = enumerate_shapes()
    named_props = set(shapes().subjects(RDF.type, SH.PropertyShape))
    assert named_props <= {t.source_shape for t in identities.values()}
    for identity in (
        "wds:SentenceShape wdo:hasEvidence",  # a named property shape shared by several NodeShapes
        "wds:ActionShape wdo:hasEvidence",
        "wds:PartShape eli:has_part",  # a blank-node property shape
        "wds:SectionShape ^eli:has_part",  # an inverse path
        "wds:ActorShape sh:or",  # node-level constraints
        "wds:MentionShape sh:nodeKind",
    ):
        assert identity in identities, identity
    assert identities["wds:ActorShape sh:or"].component == SH.OrConstraintComponent


def _raw_results(report: Graph) -> list[dict[str, Node]]:
    keys = {"focus": SH.focusNode, "shape": SH.sourceShape, "component": SH.sourceConstraintComponent,
            "severity": SH.resultSeverity, "path": SH.resultPath}
    return [{k: report.value(r, p) for k, p in keys.items()} for r in report.subjects(RDF.type, SH.ValidationResult)]


def _result_set(report: Graph) -> set[tuple]:
    return {tuple(sorted((k, str(v)) for k, v in r.items())) for r in _raw_results(report)}


def _describe(results: list[dict[str, Node]]) -> str:
    return "\n".join(
        f"  {qname(r['shape'])} {qname(r['component'])} at {r['focus']}" for r in results
    ) or "  (no results)"


def _instance_of(g: Graph, node: Node, cls: URIRef) -> bool:
    classes = set(g.objects(node, RDF.type))
    seen: set[Node] = set()
    while classes - seen:
        c = (classes - seen).pop()
        seen.add(c)
        classes |= set(ontology().objects(c, RDFS.subClassOf))
    return cls in classes


def _quotes(g: Graph, focus: Node) -> set[str]:
    """The text the focus node was extracted from, as the summary should show it."""
    if not isinstance(focus, URIRef):
        return set()
    spans = [focus] if (focus, NIF.anchorOf, None) in g else list(g.objects(focus, WDO.hasEvidence))
    return {" ".join(str(q).split()) for s in spans for q in g.objects(s, NIF.anchorOf)}


@pytest.mark.parametrize("identity", sorted(enumerate_shapes()))
def test_every_shape_has_a_case_that_violates_it(identity, valid):
    if identity not in CASES:
        pytest.fail(f"no failing case for shape {identity}: add a mutation to CASES in tests/test_shapes.py")
    target = enumerate_shapes()[identity]
    data = copy_of(valid[0])
    focus = CASES[identity](data, valid[1])
    for cls in shapes().objects(target.node_shape, SH.targetClass):
        assert _instance_of(data, focus, cls), f"{identity}: the focus {focus} is not a {qname(cls)}"

    report = check(data)
    raw = [r for r in _raw_results(report.graph) if r["severity"] == SH.Violation]
    as_written = validate(data, written_shapes(sparql=target.component == SH.SPARQLConstraintComponent))
    assert _result_set(as_written.graph) == _result_set(report.graph), "flattened shapes must give the same results"
    expected = [
        r for r in raw
        if r["shape"] == target.source_shape and r["focus"] == focus
        and (target.component is None or r["component"] == target.component)
    ]
    assert expected, f"{identity}: no violation at {focus}; the report has\n{_describe(raw)}"
    assert not report.conforms

    allowed = {target.source_shape} | {shapes().namespace_manager.expand_curie(s) for s in ALSO.get(identity, ())}
    others = [r for r in raw if r["shape"] not in allowed]
    assert not others, f"{identity}: other shapes are violated too\n{_describe(others)}"

    lines = [r.line() for r in report.violations if r.shape == str(target.source_shape) and r.focus == str(focus)]
    assert lines, f"{identity}: the readable summary has no line for {focus}"
    name = named(target.source_shape)
    assert name and all(name in line for line in lines), (name, lines)
    quotes = _quotes(data, focus)
    if quotes:
        assert all(any(q[:60] in line for q in quotes) for line in lines), (quotes, lines)


# ---------------------------------------------------------------------------
# 5. End to end: an invalid graph fails the build and leaves the release alone
# ---------------------------------------------------------------------------


def test_an_invalid_graph_fails_the_build_and_keeps_the_previous_release(tmp_path, monkeypatch):
    source = tmp_path / "opinions.txt"
    plain = TEXT.replace("".join(f"{marker} {heading}\n\n" for marker, heading in OUTLINE), "")  # two levels
    source.write_text(plain, encoding="utf-8")
    output, reports = tmp_path / "output", tmp_path / "reports"
    options = pipeline.Options(output=output, reports=reports, release_date="2026-01-01", reasoner="skip")

    first = pipeline.build(source, options).single()
    assert first.validation.startswith("conforms") and [m.key for m in first.document.measures()] == ["measure/1"]
    before = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert pipeline.DATA_TTL in before and not reports.exists()

    real = graph_stage.build_triples
    measure = Minter(options.base, "opinions").local("measure/1")
    number = rdf.iri(str(WDO.number))

    def without_measure_number(extraction, release):
        triples = real(extraction, release)
        kept = [t for t in triples if t[:2] != (measure, number)]
        assert len(kept) == len(triples) - 1
        return kept

    monkeypatch.setattr(graph_stage, "build_triples", without_measure_number)
    with pytest.raises(ValidationFailed) as failure:
        pipeline.build(source, options)
    assert failure.value.exit_code == 1
    assert failure.value.violations == 1 and failure.value.report_dir == str(reports)

    assert sorted(p.name for p in reports.iterdir()) == ["validation-report.ttl", "validation-summary.txt"]
    report = Graph().parse(reports / "validation-report.ttl", format="turtle")
    result = report.value(predicate=RDF.type, object=SH.ValidationResult)
    assert report.value(result, SH.focusNode) == URIRef(measure[1])
    assert report.value(result, SH.sourceShape) == URIRef("https://w3id.org/westdev/shapes#number-one")
    assert (None, SH.conforms, Literal(False)) in report

    summary = (reports / "validation-summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("conforms: false\n")
    span = first.document.measures()[0].span
    [line] = [line for line in summary.splitlines() if line.startswith("Violation:")]
    assert measure[1] in line, line
    assert "— number:" in line and "wdo:number" in line, line  # the shape's name and its message
    assert f"[{span.begin}:{span.end}]" in line and "“(1) Build the Sichuan-Tibet Railway." in line, line

    after = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after.keys() == before.keys(), "the failed build added or removed files in the release folder"
    assert all(after[name] == before[name] for name in before), "the failed build changed the previous release"


@pytest.mark.slow
def test_the_pipeline_validates_with_the_flattened_shapes():
    from rdflib.compare import isomorphic

    flat = pipeline.shapes_graph.__wrapped__()  # uncached: pySHACL adds triples to the shapes graph it is given
    expected = rdf.to_rdflib(evidence.without_sparql(rdf.from_rdflib(flatten(Graph().parse(resources.shapes_path(), format="turtle")))))
    assert isomorphic(flat, expected)
    assert not list(flat.triples((None, SH.sparql, None))) and not list(flat.triples((None, SH.select, None)))
    assert set(evidence.pending(flat)) == set(evidence.CHECKS), "the build runs every SHACL-SPARQL check in Python"
    assert not list(flat.triples((None, SH.property, None))), "every node shape of ours has targets"
    # each property shape now carries the targets of the node shapes that held it
    evidence_one = URIRef("https://w3id.org/westdev/shapes#evidence-one")
    assert {WDO.Sentence, WDO.Section, WDO.Action, WDO.Goal, WDO.QuantifiedTarget} <= set(flat.objects(evidence_one, SH.targetClass))
