"""rdf.IndexedStore and rdf.IndexedGraph, the graphs pySHACL reads (the data and the shapes):
they answer every triple pattern and every lookup as rdflib's own Memory store and Graph do
(tests/test_shapes.py checks the validation reports)."""

from __future__ import annotations

import itertools

from rdflib import RDF, BNode, Graph, Literal, URIRef

from westdev_kg import pipeline, rdf

EX = "https://example.org/"


def small() -> list[rdf.Triple]:
    a, b, c = rdf.iri(EX + "a"), rdf.iri(EX + "b"), ("b", "n1")
    p, q = rdf.iri(EX + "p"), rdf.iri(EX + "q")
    return [
        (a, p, b),
        (a, p, c),
        (a, q, rdf.literal("x")),
        (a, q, rdf.literal("x", lang="en")),
        (b, p, a),
        (c, q, rdf.literal(2)),
        (c, rdf.iri(str(RDF.type)), rdf.iri(EX + "C")),
        (a, p, b),  # a duplicate is kept once
    ]


def answers(graph: Graph, pattern) -> set:
    return set(graph.triples(pattern))


def test_every_pattern_is_answered_as_rdflib_answers_it():
    triples = small()
    memory, indexed = rdf.to_rdflib(triples), rdf.to_rdflib_indexed(triples)
    assert isinstance(indexed.store, rdf.IndexedStore)
    assert len(indexed) == len(memory) == 7 and set(indexed) == set(memory)
    terms = {t for triple in memory for t in triple} | {URIRef(EX + "absent"), Literal("absent")}
    subjects = [None, *{s for s, _, _ in memory}, URIRef(EX + "absent")]
    predicates = [None, *{p for _, p, _ in memory}, URIRef(EX + "absent")]
    objects = [None, *terms]
    for pattern in itertools.product(subjects, predicates, objects):
        assert answers(indexed, pattern) == answers(memory, pattern), pattern
    a = URIRef(EX + "a")
    assert (a, URIRef(EX + "p"), URIRef(EX + "b")) in indexed
    assert sorted(indexed.objects(a, URIRef(EX + "q"))) == sorted(memory.objects(a, URIRef(EX + "q")))
    assert indexed.value(BNode("n1"), URIRef(EX + "q")) == Literal(2)


def lookups(graph: Graph, subject, predicate, obj) -> tuple:
    """What the lookups pySHACL makes answer, order aside."""
    return (
        sorted(graph.objects(subject, predicate)),
        sorted(graph.objects(subject, predicate, unique=True)),
        sorted(graph.subjects(predicate, obj)),
        sorted(graph.subjects(predicate, obj, unique=True)),
        sorted(graph.predicate_objects(subject)),
        sorted(graph.predicates(subject, obj)),
        sorted(graph.subject_objects(predicate)),
        sorted(graph.subject_predicates(obj)),
        (subject, predicate, obj) in graph,
        graph.value(subject, predicate) is not None,
    )


def test_every_lookup_is_answered_as_rdflib_answers_it():
    triples = small()
    memory, indexed = rdf.to_rdflib(triples), rdf.to_rdflib_indexed(triples)
    assert isinstance(indexed, rdf.IndexedGraph)
    terms = {t for triple in memory for t in triple} | {URIRef(EX + "absent"), Literal("absent")}
    subjects = [None, *{s for s, _, _ in memory}, URIRef(EX + "absent")]
    predicates = [None, *{p for _, p, _ in memory}, URIRef(EX + "absent")]
    for subject, predicate, obj in itertools.product(subjects, predicates, [None, *terms]):
        assert lookups(indexed, subject, predicate, obj) == lookups(memory, subject, predicate, obj), (subject, predicate, obj)
    p, q = URIRef(EX + "p"), URIRef(EX + "q")
    path = p / q  # a property path goes to rdflib's own evaluation
    assert sorted(indexed.objects(URIRef(EX + "a"), path)) == sorted(memory.objects(URIRef(EX + "a"), path))
    assert sorted(indexed.triples((None, p | q, None))) == sorted(memory.triples((None, p | q, None)))
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    assert sorted(indexed.objects([a, b], p)) == sorted(memory.objects([a, b], p))


def test_the_shapes_graph_reads_as_rdflib_reads_it():
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from westdev_kg import resources
    from westdev_kg.stages import validate

    triples = validate.flatten_triples(rdf.read_turtle(resources.shapes_path()))
    memory, indexed = rdf.to_rdflib(triples), rdf.to_rdflib_indexed(triples)
    assert isinstance(pipeline.shapes_graph(), rdf.IndexedGraph) and set(memory) == set(indexed)
    for node in {s for s, _, _ in memory}:
        assert sorted(indexed.predicate_objects(node)) == sorted(memory.predicate_objects(node))
        for p in set(memory.predicates(node)):
            assert sorted(indexed.objects(node, p)) == sorted(memory.objects(node, p))
    for p in set(memory.predicates()):
        for o in set(memory.objects(None, p)):
            assert sorted(indexed.subjects(p, o)) == sorted(memory.subjects(p, o))
    lists = list(memory.objects(None, SH["in"]))
    assert lists and all(list(Collection(indexed, n)) == list(Collection(memory, n)) for n in lists)


def test_add_and_remove():
    graph = rdf.to_rdflib_indexed(small())
    a, p = URIRef(EX + "a"), URIRef(EX + "p")
    assert not list(graph.triples((None, None, Literal("new"))))  # the object index is made now, then kept up to date
    graph.add((a, p, Literal("new")))
    assert list(graph.triples((None, None, Literal("new")))) == [(a, p, Literal("new"))]
    graph.add((a, p, Literal("new")))
    assert len(graph) == 8 and (a, p, Literal("new")) in graph
    graph.remove((a, p, None))
    assert len(graph) == 5 and not list(graph.triples((a, p, None)))
    assert not list(graph.triples((None, None, Literal("new"))))
    graph.remove((None, None, None))
    assert len(graph) == 0 and not list(graph)
    graph = rdf.to_rdflib_indexed(small())
    graph.store.clear()
    assert len(graph) == 0 and not list(graph) and not list(graph.triples((a, p, None)))


def test_validation_pauses_the_garbage_collector_and_resumes_it():
    import gc

    from westdev_kg.stages import validate

    assert gc.isenabled()
    seen = []
    with rdf.gc_paused():
        seen.append(gc.isenabled())
        with rdf.gc_paused():
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False] and gc.isenabled()
    report = validate.validate(small(), pipeline.shapes_graph())
    assert report.conforms and gc.isenabled()


def test_the_bundled_graph_is_the_same_in_both_stores(bundled_path):
    from westdev_kg.stages import graph

    options = pipeline.Options(release_date="2026-11-27")
    triples = graph.build_triples(pipeline.extract_all(bundled_path, options), options.release())
    memory, indexed = rdf.to_rdflib(triples), rdf.to_rdflib_indexed(triples)
    assert len(indexed) == len(memory) == len(triples)
    assert set(indexed) == set(memory)
    for s in list(memory.subjects(unique=True))[::50]:
        assert answers(indexed, (s, None, None)) == answers(memory, (s, None, None))
        assert answers(indexed, (None, None, s)) == answers(memory, (None, None, s))
    for p in set(memory.predicates()):
        assert answers(indexed, (None, p, None)) == answers(memory, (None, p, None))


def test_prefixes_bind_as_in_rdflib():
    graph = Graph(store=rdf.IndexedStore())
    graph.bind("ex", EX)
    assert graph.store.namespace("ex") == URIRef(EX)
    assert graph.store.prefix(URIRef(EX)) == "ex"
    assert graph.namespace_manager.normalizeUri(URIRef(EX + "a")) == "ex:a"
