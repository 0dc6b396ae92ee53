"""External identifiers as full IRIs, no backslash escapes in any Turtle (issue 13 point 6).

pyoxigraph compacts an IRI under a declared prefix whatever its local part holds, escaping what
a prefixed name cannot carry (``geonames:6255147\\/``, valid Turtle that Virtuoso stores with
the backslash).  Every Turtle the project writes offers the writer only the prefixes under which
no IRI of the output needs an escape (:mod:`westdev_kg.turtle_names`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from westdev_kg import pipeline, rdf
from westdev_kg.query import graph_turtle
from westdev_kg.stages import serialize
from westdev_kg.turtle_names import ESCAPED_NAME, PLAIN_LOCAL, plain_prefixes
from westdev_kg.vocab import DEFAULT_BASE, GEONAMES_FEATURE, PREFIXES, WIKIDATA_ENTITY

from .conftest import REPO, RELEASE_DATE

OUTPUT = REPO / "output"
GEONAMES = re.compile(r"http://sws\.geonames\.org/[1-9][0-9]*/\Z")
WIKIDATA = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*\Z")


def escaped(path: Path) -> list[str]:
    return ESCAPED_NAME.findall(path.read_text(encoding="utf-8"))


def triples_of(data: bytes, fmt=ox.RdfFormat.TURTLE) -> set:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


@pytest.fixture(scope="module")
def folder_release(tmp_path_factory) -> Path:
    """A folder of two texts naming places with GeoNames and Wikidata identifiers, with its own
    files per document."""
    root = tmp_path_factory.mktemp("external")
    (root / "texts").mkdir()
    (root / "texts" / "a.txt").write_text("The State Council shall support Sichuan and Chongqing.\n", encoding="utf-8")
    (root / "texts" / "b.txt").write_text("Yunnan shall build roads to Laos by 2030.\n", encoding="utf-8")
    pipeline.build(root / "texts", pipeline.Options(output=root / "release", reports=root / "reports", reasoner="skip", release_date=RELEASE_DATE))
    return root


def test_the_pattern_finds_the_escapes_the_old_writer_wrote():
    assert ESCAPED_NAME.findall("<x> skos:exactMatch geonames:6255147\\/ , wd:Q19770 .\n") == ["geonames:6255147\\/"]
    assert not ESCAPED_NAME.findall('<x> wdo:objectText "the \\"four consciousnesses\\"" ; a wdo:Action .\n')


def test_no_turtle_of_the_bundled_release_has_an_escaped_prefixed_name():
    names = sorted(p.name for p in OUTPUT.glob("*.ttl"))
    assert "westdev.ttl" in names and "void.ttl" in names
    assert {name: escaped(OUTPUT / name) for name in names} == {name: [] for name in names}


def test_the_writer_changes_no_iri():
    """The Turtle holds exactly the triples of the N-Triples dump (which has no prefixes)."""
    turtle = triples_of((OUTPUT / pipeline.DATA_TTL).read_bytes())
    assert turtle == triples_of((OUTPUT / "westdev.nt").read_bytes(), ox.RdfFormat.N_TRIPLES)


def test_external_identifiers_are_full_iris_in_their_publishers_form():
    objects = {q.object.value for q in ox.parse(path=str(OUTPUT / pipeline.DATA_TTL), format=ox.RdfFormat.TURTLE) if isinstance(q.object, ox.NamedNode)}
    geonames = {o for o in objects if "geonames.org/" in o and "ontology" not in o}
    wikidata = {o for o in objects if "wikidata.org/" in o}
    assert len(geonames) > 20 and len(wikidata) > 20
    assert [o for o in geonames if not GEONAMES.match(o)] == []
    assert [o for o in wikidata if not WIKIDATA.match(o)] == []
    assert GEONAMES_FEATURE.format(1794299) == "http://sws.geonames.org/1794299/"
    assert WIKIDATA_ENTITY.format("Q19770") == "http://www.wikidata.org/entity/Q19770"
    text = (OUTPUT / pipeline.DATA_TTL).read_text(encoding="utf-8")
    assert "<http://sws.geonames.org/1794299/>" in text  # Sichuan, written in full


def test_every_turtle_of_a_folder_release_and_its_reports_is_free_of_escapes(folder_release):
    files = sorted(p for p in folder_release.rglob("*.ttl"))
    assert {p.relative_to(folder_release).as_posix() for p in files} >= {"release/westdev.ttl", "release/documents/a.ttl", "release/documents/b.ttl", "release/void.ttl"}
    assert {p.name: escaped(p) for p in files} == {p.name: [] for p in files}
    assert "<http://sws.geonames.org/1794299/>" in (folder_release / "release" / "documents" / "a.ttl").read_text(encoding="utf-8")


def _case() -> list[tuple]:
    s = rdf.iri(DEFAULT_BASE + "id/region/sichuan")
    return [(s, rdf.iri("http://www.w3.org/2004/02/skos/core#exactMatch"), rdf.iri(GEONAMES_FEATURE.format(1794299))),
            (s, rdf.iri("http://www.w3.org/2004/02/skos/core#exactMatch"), rdf.iri(WIKIDATA_ENTITY.format("Q19770"))),
            (s, rdf.iri("http://www.w3.org/2000/01/rdf-schema#seeAlso"), rdf.iri(DEFAULT_BASE + "id/doc/part/1")),
            (s, rdf.iri("http://www.w3.org/2000/01/rdf-schema#label"), rdf.literal("a.b."))]


def test_the_turtle_writer_keeps_a_prefix_only_where_no_name_needs_an_escape():
    triples = serialize.sort_plain(_case())
    prefixes = serialize.prefixes_for(DEFAULT_BASE)  # wdid: included, to see it dropped
    used = serialize.used_prefixes(triples, prefixes)
    assert "geonames" not in used and "wdid" not in used and "wd" in used and "skos" in used
    body = serialize.turtle_body(triples, prefixes)  # even offered every prefix
    text = body.decode("utf-8")
    assert "\\" not in text and "<http://sws.geonames.org/1794299/>" in text and "wd:Q19770" in text
    document = serialize.turtle_prefix_block(used) + b"\n" + body
    assert triples_of(document) == set(rdf.oxigraph_triples(triples))


def test_construct_answers_and_served_descriptions_have_no_escapes():
    triples = [ox.Triple(ox.NamedNode(DEFAULT_BASE + "id/region/sichuan"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch"), ox.NamedNode(o))
               for o in (GEONAMES_FEATURE.format(1794299), WIKIDATA_ENTITY.format("Q19770"), DEFAULT_BASE + "id/doc/part/1")]
    for prefixes in (None, PREFIXES):  # `westdev-kg query` (wdid: too) and serve's descriptions
        text = graph_turtle(triples, prefixes)
        assert b"\\" not in text and b"wd:Q19770" in text
        assert triples_of(text) == set(triples)


@pytest.mark.parametrize("local", ["6255147/", "a.", "x(y)", "-a", "a/b", "%41", "a~b", "a,b"])
def test_a_local_name_that_needs_an_escape_drops_its_prefix(local):
    assert not PLAIN_LOCAL.match(local)
    assert plain_prefixes(["http://ex.org/" + local, "http://other.org/a"], {"ex": "http://ex.org/", "o": "http://other.org/"}) == {"o": "http://other.org/"}


@pytest.mark.parametrize("local", ["Q19770", "a.b", "part_1", "é中", "a:b", "", "0"])
def test_a_plain_local_name_keeps_its_prefix_and_pyoxigraph_writes_it_unescaped(local):
    assert PLAIN_LOCAL.match(local)
    triple = ox.Triple(ox.NamedNode("http://ex.org/s"), ox.NamedNode("http://ex.org/p"), ox.NamedNode("http://ex.org/" + local))
    text = ox.serialize([triple], format=ox.RdfFormat.TURTLE, prefixes={"ex": "http://ex.org/"}).decode("utf-8").splitlines()[-1]
    assert "\\" not in text and "<http://ex.org/" not in text
