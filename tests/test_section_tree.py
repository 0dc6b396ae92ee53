"""The section tree of :mod:`westdev_kg.model` at any depth, and how the graph stage maps it.

A deeper outline (编 > 章 > （一）) nests the same :class:`~westdev_kg.model.Section`: a part (role
part) holding chapters (role measure, the second level of ``cq-structure``) holding measures
(level 3, no role).  The document here is built by hand with three levels: its derived views,
and the graph: ``eli:has_part`` from each section to its children, each section's class and
kind concept from its kind, its level, its sentences in it.
"""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from westdev_kg.model import (
    Document,
    DocumentMetadata,
    Extraction,
    ReleaseInfo,
    Section,
    Sentence,
    SourceText,
    Span,
)
from westdev_kg.stages import analyse, extract, graph, link
from westdev_kg.vocab import DCTERMS, DEFAULT_BASE, ELI, WDC, WDO

TEXT = (
    "These opinions are issued.\n\n"
    "第一编 Development\n\n"
    "第一章 Infrastructure\n\n"
    "Roads come first.\n\n"
    "（一）Build roads. Pave them in Sichuan.\n\n"
    "（二）Build bridges.\n\n"
    "第二章 Ecology\n\n"
    "（一）Plant trees.\n\n"
    "All regions shall act.\n"
)
SLUG = "tree"
RELEASE = ReleaseInfo(base=DEFAULT_BASE, tool_version="0.0.0", release_version="0.0.0-test")


def at(fragment: str, after: int = 0) -> Span:
    begin = TEXT.index(fragment, after)
    return Span(begin, begin + len(fragment))


def sentences(key: str, spans: list[Span]) -> tuple[Sentence, ...]:
    return tuple(Sentence(f"{key}/sentence/{n}", span) for n, span in enumerate(spans, start=1))


def numbered(key: str, kind: str, level: int, marker: str, number: int, heading: str,
             after: int, own: list[str], children: tuple[Section, ...] = (), role: str | None = None) -> Section:
    marker_span = at(marker, after)
    heading_span = at(heading, marker_span.end)
    first = Span(heading_span.begin, heading_span.end + TEXT.startswith(".", heading_span.end))  # with its full stop
    spans = [first] + [at(s, first.end) for s in own]
    end = max([spans[-1].end, *(c.span.end for c in children)])
    return Section(
        key=key, kind=kind, level=level, span=Span(marker_span.begin, end),  # type: ignore[arg-type]
        sentences=sentences(key, spans), children=children, number=number, marker=marker,
        marker_span=marker_span, heading=heading, heading_span=heading_span, role=role,  # type: ignore[arg-type]
    )


def document() -> Document:
    chapter1_at = TEXT.index("第一章")
    chapter2_at = TEXT.index("第二章")
    chapter1 = numbered(
        "chapter/1", "chapter", 2, "第一章", 1, "Infrastructure", chapter1_at, ["Roads come first."],
        children=(
            numbered("chapter/1/measure/1", "measure", 3, "（一）", 1, "Build roads", chapter1_at, ["Pave them in Sichuan."]),
            numbered("chapter/1/measure/2", "measure", 3, "（二）", 2, "Build bridges", chapter1_at, []),
        ),
        role="measure",
    )
    chapter2 = numbered(
        "chapter/2", "chapter", 2, "第二章", 2, "Ecology", chapter2_at, [],
        children=(numbered("chapter/2/measure/1", "measure", 3, "（一）", 1, "Plant trees", chapter2_at, []),),
        role="measure",
    )
    book = numbered("part/1", "part", 1, "第一编", 1, "Development", 0, [], children=(chapter1, chapter2), role="part")
    preamble = Section("preamble", "preamble", 1, at("These opinions are issued."),
                       sentences("preamble", [at("These opinions are issued.")]))
    closing = Section("closing", "closing", 1, at("All regions shall act."),
                      sentences("closing", [at("All regions shall act.")]))
    raw = TEXT.encode("utf-8")
    source = SourceText("tree.txt", TEXT, hashlib.sha256(raw).hexdigest(), len(raw), "utf-8", DocumentMetadata(slug=SLUG))
    return Document(source=source, title=None, title_span=None, children=(preamble, book, closing), footer_spans=())


def iri(key: str) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}id/{SLUG}/{key}")


def test_the_derived_views_read_the_tree_in_reading_order() -> None:
    doc = document()
    assert [s.key for s in doc.sections()] == [
        "preamble", "part/1", "chapter/1", "chapter/1/measure/1", "chapter/1/measure/2",
        "chapter/2", "chapter/2/measure/1", "closing",
    ]
    assert [(m.key, m.kind, m.level) for m in doc.measures()] == [("chapter/1", "chapter", 2), ("chapter/2", "chapter", 2)]
    assert [p.key for p in doc.parts] == ["part/1"]
    assert doc.loose_measures == () and doc.preamble is not None and doc.closing is not None
    assert [m.number for m in doc.parts[0].measures] == [1, 2]
    assert [s.span.quote(TEXT) for s in doc.measures()[0].intro] == ["Roads come first."]
    deepest = doc.measures()[0].children[0]
    assert [s.span.quote(TEXT) for s in deepest.sentences] == ["Build roads.", "Pave them in Sichuan."]


def test_the_graph_stage_maps_every_level_of_the_tree() -> None:
    data = graph.build_graph(Extraction(document=document()), RELEASE)
    doc_node = URIRef(f"{DEFAULT_BASE}id/{SLUG}")
    has_part = {(s, o) for s, o in data.subject_objects(ELI.has_part)}
    assert has_part == {
        (doc_node, iri("preamble")),
        (doc_node, iri("part/1")),
        (doc_node, iri("closing")),
        (iri("part/1"), iri("chapter/1")),
        (iri("part/1"), iri("chapter/2")),
        (iri("chapter/1"), iri("chapter/1/measure/1")),
        (iri("chapter/1"), iri("chapter/1/measure/2")),
        (iri("chapter/2"), iri("chapter/2/measure/1")),
    }
    classes = {WDO.Preamble: "preamble", WDO.Part: "part", WDO.Chapter: "chapter", WDO.Measure: "measure", WDO.Closing: "closing"}
    for section in document().sections():
        types = {t for t in data.objects(iri(section.key), RDF.type) if str(t).startswith(str(WDO))}  # ours; the standard ones too
        assert types == {WDO.Section, next(c for c, kind in classes.items() if kind == section.kind)}, section.key
        assert data.value(iri(section.key), WDO.sectionKind) == URIRef(f"{WDC}section-{section.kind}")
        assert data.value(iri(section.key), WDO.level) == Literal(section.level)
        for sentence in section.sentences:
            assert data.value(iri(sentence.key), WDO.inSection) == iri(section.key)
        if section.number is not None:
            assert data.value(iri(section.key), WDO.number) == Literal(section.number)
            assert str(data.value(iri(section.key), WDO.marker)) == section.marker
            assert str(data.value(iri(section.key), DCTERMS.title)) == section.heading
    deepest = iri("chapter/1/measure/1")
    assert str(data.value(deepest, DCTERMS.title)) == "Build roads"
    assert data.value(None, ELI.has_part, data.value(None, ELI.has_part, deepest)) == iri("part/1")



def test_mentions_and_actions_belong_to_the_deepest_section_holding_them() -> None:
    doc = document()
    linked = link.link(doc, extract.extract(doc))
    (sichuan,) = [m for m in linked.mentions if m.entity == "region/sichuan"]
    assert (sichuan.section, sichuan.sentence) == ("chapter/1/measure/1", "chapter/1/measure/1/sentence/2")
    actions = analyse.analyse(doc, linked).actions
    assert [(a.key, a.verb, a.mentions) for a in actions if a.section == "chapter/1/measure/1"] == [
        ("chapter/1/measure/1/action/1", "build", ()),
        ("chapter/1/measure/1/action/2", "pave", ("region/sichuan",)),
    ]
