"""IRIs that last (issue 13 point 10): the IRIs earlier versions minted keep resolving.

The changes are rules in ``westdev_kg/iri_changes.csv`` (docs/iri-changes.md tells what each
branch changed), applied to every document's minted IRIs: ``dcterms:isReplacedBy`` in the
graph, ``redirects.json`` in the release, a 301 from ``westdev-kg serve``.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from westdev_kg import iri_changes, pipeline, rdf
from westdev_kg.model import Document

from .conftest import REPO, RELEASE_DATE
from .serve_support import Server

OUTPUT = REPO / "output"
ID = "https://w3id.org/westdev/id/"
REPLACED = "http://purl.org/dc/terms/isReplacedBy"
CHAPTERS = """Plan of the Province

Chapter 1 General Requirements

Section 1 Foundations

The province shall build roads in Sichuan.

Section 2 Guiding Ideology

Adhere to steady progress.

Chapter 2 Main Goals

Section 1 Goals

By 2030, the economy will reach a new level.

Section 2 Tasks

The State Council shall support Chongqing.
"""


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """A folder release of texts whose outlines the outline branch keyed otherwise: chapters at the
    top with sections numbered again in each (``part/N/measure/M`` before), and 篇 parts holding
    chapters (``measure/N`` before)."""
    root = tmp_path_factory.mktemp("changed")
    (root / "texts").mkdir()
    (root / "texts" / "chapters.txt").write_text(CHAPTERS, encoding="utf-8")
    (root / "texts" / "outline-en.txt").write_bytes((REPO / "tests" / "fixtures" / "segment" / "outline_en.txt").read_bytes())
    build = pipeline.build(root / "texts", pipeline.Options(output=root / "release", reports=root / "reports", reasoner="skip", release_date=RELEASE_DATE))
    assert [r.validation for r in build.results] == ["conforms (0 results)"] * 2  # SHACL conforms with the isReplacedBy triples
    return root / "release"


def table(folder: Path) -> dict[str, str]:
    return iri_changes.read_redirects(folder / iri_changes.REDIRECTS_JSON)


def replaced_by(folder: Path) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in ox.parse(path=str(folder / pipeline.DATA_TTL), format=ox.RdfFormat.TURTLE)
            if q.predicate.value == REPLACED}


def test_the_rules_load_and_name_the_version_they_changed_in():
    rules = iri_changes.rules()
    assert {r.change for r in rules} == {"outline", "names"}
    assert all(r.changed_in.startswith("0.1.0 (branch ") for r in rules)
    doc = (REPO / "docs" / "iri-changes.md").read_text(encoding="utf-8")
    assert all(f"branch `{r.change}`" in doc for r in rules)


def test_a_malformed_rule_is_refused_with_its_line(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("changed_in,change,applies_to,new,old,note\n1,x,shared,(?P<a>.*),b/{c},n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules.csv:2: old uses groups \['c'\]"):
        iri_changes.rules(path)
    path.write_text("changed_in,change,applies_to,new,old,note\n1,x,elsewhere,a,b,n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rules.csv:2: applies_to"):
        iri_changes.rules(path)


def test_the_bundled_release_has_the_redirects_of_the_documented_changes():
    """docs/iri-changes.md: no IRI of the bundled release changed; the table is there, empty,
    listed in the manifest, and the graph holds no isReplacedBy."""
    manifest = json.loads((OUTPUT / "manifest.json").read_text(encoding="utf-8"))
    assert iri_changes.REDIRECTS_JSON in manifest["files"]
    assert table(OUTPUT) == {} and replaced_by(OUTPUT) == {}
    assert "In the bundled release: none" in (REPO / "docs" / "iri-changes.md").read_text(encoding="utf-8").replace("**", "")


def test_old_section_iris_redirect_to_the_new_ones(changed):
    moved = table(changed)
    chapters, outline = ID + "chapters/", ID + "outline-en/"
    assert moved[chapters + "part/1"] == chapters + "chapter/1"
    assert moved[chapters + "part/1/measure/2"] == chapters + "chapter/1/section/2"
    assert moved[chapters + "part/2/measure/2/action/1/responsibility/1"] == chapters + "chapter/2/section/2/action/1/responsibility/1"
    assert moved[outline + "measure/1"] == outline + "chapter/1"  # a chapter under a 篇 part was a measure
    assert moved[outline + "measure/3/sentence/1"] == outline + "chapter/3/sentence/1"
    assert outline + "part/1" not in moved  # 篇 parts kept their IRIs
    assert not [old for old in moved if "/item/" in old or "/chapter/1/section/" in old.replace(chapters, "")]  # deeper sections were sentences
    graph_iris = {t.value for q in ox.parse(path=str(changed / pipeline.DATA_TTL), format=ox.RdfFormat.TURTLE) for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    assert set(moved.values()) <= graph_iris  # every target is a node of the graph
    assert not (set(moved) & {v for v in graph_iris if v not in moved})  # no old IRI names another node now


def test_the_graph_holds_is_replaced_by_for_each_redirect(changed):
    assert replaced_by(changed) == table(changed) != {}
    ontology = (changed / pipeline.ONTOLOGY_TTL).read_text(encoding="utf-8")
    assert "dcterms:isReplacedBy a owl:AnnotationProperty" in ontology


def test_the_table_is_sorted_and_says_when_each_changed(changed):
    rows = json.loads((changed / iri_changes.REDIRECTS_JSON).read_text(encoding="utf-8"))["redirects"]
    assert [r["from"] for r in rows] == sorted(r["from"] for r in rows)
    assert {r["changed_in"] for r in rows} == {"0.1.0 (branch outline; issue 11 point 2)"}


def test_a_shared_rule_maps_a_project_key_unless_the_old_iri_names_a_node(tmp_path):
    base = "https://w3id.org/westdev/"
    doc = Document.__new__(Document)
    object.__setattr__(doc, "children", ())
    node = rdf.iri(base + "id/project/internet-demonstration-base")
    triples = [(rdf.iri(base + "id/d"), rdf.iri("https://w3id.org/westdev/ontology#mentions"), node)]
    assert iri_changes.redirects(doc, triples, base, base + "id/d") == {
        base + "id/project/internet-demonstration-bases": (node[1], "0.1.0 (branch names)")}
    both = triples + [(rdf.iri(base + "id/d"), rdf.iri("https://w3id.org/westdev/ontology#mentions"), rdf.iri(base + "id/project/internet-demonstration-bases"))]
    assert iri_changes.redirects(doc, both, base, base + "id/d") == {}


@pytest.mark.cli
def test_serve_answers_an_old_iri_with_a_permanent_redirect(changed, tmp_path):
    server = Server(changed, tmp_path / "cache")
    try:
        old = httpx.get(f"{server.url}/id/chapters/part/1/measure/2", follow_redirects=False, timeout=30)
        assert old.status_code == 301
        assert old.headers["location"] == f"{server.url}/id/chapters/chapter/1/section/2"
        described = httpx.get(f"{server.url}/id/outline-en/measure/1.ttl", follow_redirects=False, timeout=30)
        assert (described.status_code, described.headers["location"]) == (301, f"{server.url}/id/outline-en/chapter/1.ttl")
        new = httpx.get(old.headers["location"], headers={"Accept": "text/turtle"}, follow_redirects=True, timeout=30)
        assert new.status_code == 200 and "chapter/1/section/2" in new.text
        assert httpx.get(f"{server.url}/id/chapters/part/9", follow_redirects=False, timeout=30).status_code == 404
        # a span's slash IRI of old goes to its RFC 5147 fragment of the text, when that span is in the graph
        text = CHAPTERS
        begin = text.index("The province shall build roads in Sichuan.")
        span = f"{begin},{begin + len('The province shall build roads in Sichuan.')}"
        for form in ("span", "mention"):
            old_span = httpx.get(f"{server.url}/id/chapters/{form}/{span.replace(',', '-')}.ttl", follow_redirects=False, timeout=30)
            assert (old_span.status_code, old_span.headers.get("location")) == (301, f"{server.url}/id/chapters/text.ttl#char={span}")
        assert httpx.get(f"{server.url}/id/chapters/span/0-99999", follow_redirects=False, timeout=30).status_code == 404
    finally:
        server.stop()


def test_the_span_forms_of_old_map_to_fragments_of_the_text():
    assert iri_changes.span_redirect("western-development-2020/span/57-71") == ("western-development-2020/text", "char=57,71")
    assert iri_changes.span_redirect("western-development-2020/mention/57-71") == ("western-development-2020/text", "char=57,71")
    assert iri_changes.span_redirect("western-development-2020/sentence/57-71") is None
    assert iri_changes.span_redirect("a/b/span/1-2") is None
    rows = json.loads((OUTPUT / iri_changes.REDIRECTS_JSON).read_text(encoding="utf-8"))["patterns"]
    assert {r["from"].rsplit("/", 2)[1] for r in rows} == {"span", "mention"}
