"""Every bundled query gives the same answers on engines the project does not build with (issue 13).

The reference is pyoxigraph (what ``westdev-kg query`` and ``serve`` use); the others are
rdflib's own SPARQL engine and Virtuoso 7 (a private instance: ``tools/virtuoso.py``). Two
releases: the committed one (``output/``) and a folder of the composed English plan and the
Chinese plan of the fixtures, so that targets and Chinese goals are compared too. "The same"
is the same multiset of rows after normalising literals (``tests/engines.py``), and the same
order, since every bundled query's ORDER BY is total (the first test).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from westdev_kg import pipeline, query

from . import engines
from .conftest import RELEASE_DATE, REPO

QUERIES = sorted((REPO / "queries").glob("*.rq"))
IDS = [path.stem for path in QUERIES]
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, list[Path]]:
    """The Turtle files whose union each release is queried as, by name."""
    sources = tmp_path_factory.mktemp("portable-sources")
    for path in [FIXTURES / "targets" / "composed-plan.en.txt", FIXTURES / "targets" / "composed-plan.en.meta.toml",
                 FIXTURES / "zh-goals" / "plan.md"]:
        shutil.copyfile(path, sources / path.name)
    folder = tmp_path_factory.mktemp("portable") / "release"
    options = pipeline.Options(output=folder, reports=folder.parent / "reports", release_date=RELEASE_DATE, reasoner="skip")
    built = pipeline.build(sources, options)
    assert all(result.error is None for result in built.results), [result.error for result in built.results]
    return {"bundled": query.release_files(REPO / "output"), "composed": query.release_files(folder)}


@pytest.fixture(scope="module")
def reference(releases):
    """pyoxigraph's answers: (variables, rows) by release and query."""
    answers = {}
    for name, files in releases.items():
        store = query.load_files(files)
        for path in QUERIES:
            answers[name, path.stem] = engines.oxigraph(store, engines.with_order_keys(query.read_query(path)))
    return answers


def _same(got: list, expected: list, what: str) -> None:
    assert Counter(got) == Counter(expected), (
        f"{what}: rows only in the reference {list((Counter(expected) - Counter(got)).elements())[:3]}, "
        f"rows only in the other engine {list((Counter(got) - Counter(expected)).elements())[:3]}")
    assert got == expected, f"{what}: the same rows in another order"


@pytest.mark.parametrize("path", QUERIES, ids=IDS)
def test_every_bundled_query_orders_its_rows_totally(path, reference):
    """No two rows tie on the ORDER BY keys, so the order is the query's and never the engine's."""
    keys = engines.order_variables(query.read_query(path))
    assert keys, f"{path.name} has no ORDER BY"
    for release in ("bundled", "composed"):
        variables, rows = reference[release, path.stem]
        positions = [variables.index(name) for name in keys]
        seen = Counter(tuple(row[i] for i in positions) for row in rows)
        ties = [key for key, count in seen.items() if count > 1]
        assert not ties, f"{path.name} on the {release} release: rows tie on ORDER BY {keys}: {ties[:2]}"


def test_the_comparison_sees_values_order_and_normalises_only_what_it_should():
    one, two = ("iri", "x"), engines.literal("2", engines.XSD + "integer", None)
    assert engines.literal("2.0", engines.XSD + "decimal", None) == two == engines.literal("2E0", engines.XSD + "double", None)
    assert engines.literal("true", engines.XSD + "boolean", None) == engines.literal("1", engines.XSD + "integer", None)
    assert engines.literal("a", None, None) == engines.literal("a", engines.XSD + "string", None)
    assert engines.literal("a", None, "EN") == engines.literal("a", None, "en") != engines.literal("a", None, None)
    assert engines.literal("2", None, None) != two  # a string is not a number
    with pytest.raises(AssertionError, match="rows only in the reference"):
        _same([(one,)], [(two,)], "values")
    with pytest.raises(AssertionError, match="another order"):
        _same([(two,), (one,)], [(one,), (two,)], "order")
    assert engines.with_order_keys("SELECT ?a (MAX(?b) AS ?c)\nWHERE {}\nORDER BY ?a STR(?d) ?c") == \
        "SELECT ?d ?a (MAX(?b) AS ?c)\nWHERE {}\nORDER BY ?a STR(?d) ?c"


@pytest.mark.slow
@pytest.mark.parametrize("path", QUERIES, ids=IDS)
def test_rdflib_gives_the_same_answers(path, rdflib_graphs, reference):
    for release, graph in rdflib_graphs.items():
        variables, expected = reference[release, path.stem]
        got = engines.rdflib_engine(graph, engines.with_order_keys(query.read_query(path)), variables)
        _same(got, expected, f"{path.name} on the {release} release, rdflib")


@pytest.fixture(scope="module")
def rdflib_graphs(releases):
    return {name: engines.load_rdflib(files) for name, files in releases.items()}


@pytest.mark.external("virtuoso")
@pytest.mark.xdist_group("virtuoso")
class TestVirtuoso:
    """One private Virtuoso per release for the class (stopped by the last of its tests, which may start a subprocess)."""

    @pytest.fixture(scope="class")
    def virtuosi(self, releases, tmp_path_factory):
        from tools.virtuoso import PrivateVirtuoso

        started = {}
        try:
            for name, files in releases.items():
                started[name] = PrivateVirtuoso(tmp_path_factory.mktemp(f"virtuoso-{name}"), files)
            yield started
        finally:
            for instance in started.values():
                instance.stop()

    @pytest.mark.parametrize("path", QUERIES, ids=IDS)
    def test_virtuoso_gives_the_same_answers(self, path, virtuosi, reference):
        for release, instance in virtuosi.items():
            variables, expected = reference[release, path.stem]
            got = engines.sparql_json(instance.select(engines.with_order_keys(query.read_query(path))), variables)
            _same(got, expected, f"{path.name} on the {release} release, Virtuoso")


@pytest.mark.parametrize("path", QUERIES, ids=IDS)
def test_every_bundled_query_answers_over_the_data_files_alone(path, releases, reference):
    """A consumer who loads westdev.ttl without the ontology and the shapes gets the same answers:
    no query needs an inferred class or a label of the ontology's concepts."""
    for release, files in releases.items():
        data = query.load_files([f for f in files if f.name == "westdev.ttl"])
        variables, expected = reference[release, path.stem]
        _, got = engines.oxigraph(data, engines.with_order_keys(query.read_query(path)))
        _same(got, expected, f"{path.name} over the {release} release's data alone")
