"""``westdev-kg serve`` over real HTTP: the SPARQL protocol, dereferencing, search, CORS, the files.

One server (a subprocess on a free loopback port) over a copy of the committed release serves
the whole module; a standard SPARQL client (SPARQLWrapper) and a plain one (httpx) talk to it.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from westdev_kg import resources

from .conftest import run_cli
from .serve_support import RELEASE, Server, copy_release, release_triples

pytestmark = pytest.mark.cli  # a server in a subprocess

ROW_CAP = 5000
SICHUAN = "https://w3id.org/westdev/id/region/sichuan"
NDRC = "https://w3id.org/westdev/id/body/national-development-and-reform-commission"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?s ?l WHERE { ?s skos:prefLabel ?l } ORDER BY ?s ?l LIMIT 5"
CONSTRUCT = f"PREFIX skos: <http://www.w3.org/2004/02/skos/core#> CONSTRUCT {{ <{SICHUAN}> skos:prefLabel ?l }} WHERE {{ <{SICHUAN}> skos:prefLabel ?l }}"
BUNDLED = sorted(p.stem for p in resources.queries_dir().glob("*.rq"))


def _digests(folder: Path) -> dict[str, tuple[int, str]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return copy_release(tmp_path_factory.mktemp("serve") / "output")


@pytest.fixture(scope="module")
def server(release, tmp_path_factory):
    before = _digests(release)
    running = Server(release, tmp_path_factory.mktemp("cache"), "--max-rows", str(ROW_CAP), "--timeout", "20", "--watch", "0", "--max-request", "12000")
    yield running
    running.stop()
    assert _digests(release) == before, "the server wrote inside the release"


@pytest.fixture(scope="module")
def http(server):
    with server.client() as client:
        yield client


def sparql_client(server, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# -- SPARQL protocol ---------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_query_answers_as_the_query_command_does(server, name):
    expected = run_cli("query", name, "-d", str(RELEASE), "--format", "json")
    assert expected.returncode == 0, expected.stderr
    text = (resources.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    got = sparql_client(server, text).query().convert()
    assert got == json.loads(expected.stdout)


def test_sparqlwrapper_posts_and_reads_construct_as_turtle(server):
    client = sparql_client(server, LABELS)
    client.setMethod(POST)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) == 5
    graph = rdflib.Graph().parse(data=sparql_client(server, CONSTRUCT, TURTLE).query().convert(), format="turtle")
    assert {str(o) for o in graph.objects()} == {"Sichuan", "四川省"}


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_get_form_and_direct_post_give_the_same_answer(http, how):
    headers = {"Accept": "application/sparql-results+json"}
    if how == "get":
        response = http.get("/sparql", params={"query": COUNT}, headers=headers)
    elif how == "form":
        response = http.post("/sparql", data={"query": COUNT}, headers=headers)
    else:
        response = http.post("/sparql", content=COUNT.encode(), headers={**headers, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"][0]["n"]["value"] == str(release_triples())


def _rows(media: str, body: bytes) -> list:
    if media == "application/sparql-results+json":
        return [row["l"]["value"] for row in json.loads(body)["results"]["bindings"]]
    if media == "application/sparql-results+xml":
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return [b.find(f"{ns}literal").text for b in ET.fromstring(body).iter(f"{ns}binding") if b.get("name") == "l"]
    if media == "text/csv":
        return [row["l"] for row in csv.DictReader(io.StringIO(body.decode("utf-8")))]
    if media == "text/tab-separated-values":
        lines = body.decode("utf-8").splitlines()
        return [line.split("\t")[1].rsplit("@", 1)[0].strip('"') for line in lines[1:]]
    raise AssertionError(media)


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_select_answers_in_each_results_format(http, media):
    response = http.get("/sparql", params={"query": LABELS}, headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"]
    rows = _rows(media, response.content)
    assert len(rows) == 5 and all(rows)


def test_select_as_html_is_a_table(http):
    response = http.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.text.count("<tr>") == 6  # the header and five rows


@pytest.mark.parametrize(("media", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_construct_answers_in_each_rdf_format(http, media, fmt):
    response = http.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": media})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    assert {str(o) for o in graph.objects()} == {"Sichuan", "四川省"}


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_answers_a_boolean(http, media):
    response = http.get("/sparql", params={"query": f"ASK {{ <{SICHUAN}> ?p ?o }}"}, headers={"Accept": media})
    assert response.status_code == 200
    if "json" in media:
        assert response.json()["boolean"] is True
    else:
        assert ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_a_format_the_form_has_not_is_406(http):
    response = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert response.status_code == 406


def test_a_truncated_result_says_so(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 200
    assert response.headers["x-result-truncated"].startswith("true")
    assert len(response.text.splitlines()) == ROW_CAP + 1
    page = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/html"})
    assert page.headers["x-result-truncated"].startswith("true") and "The result was truncated" in page.text
    whole = http.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/tab-separated-values"})
    assert "x-result-truncated" not in whole.headers


def test_bad_query_is_400_update_is_403_service_is_403(http):
    bad = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
    assert bad.status_code == 400 and "not valid SPARQL" in bad.text
    for response in (
        http.post("/sparql", data={"update": "INSERT DATA { <a:a> <a:b> <a:c> }"}),
        http.post("/sparql", content=b"INSERT DATA { <a:a> <a:b> <a:c> }", headers={"Content-Type": "application/sparql-update"}),
        http.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}),
    ):
        assert response.status_code == 403 and "read-only" in response.text
    assert http.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"][0]["n"]["value"] == str(release_triples())
    service = http.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert service.status_code == 403 and "SERVICE" in service.text


def test_requests_too_large_are_refused(http):
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 13_000
    assert http.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert http.get("/sparql", params={"query": big}).status_code == 414


def test_the_service_description_is_rdf_and_a_form_for_browsers(http):
    description = http.get("/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=description.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert "<form" in http.get("/sparql", headers={"Accept": "text/html"}).text


# -- dereferencing -----------------------------------------------------------------------


@pytest.mark.parametrize(("media", "suffix"), [("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"), ("application/n-triples", ".nt"), ("text/html", ".html")])
def test_a_thing_is_303_to_its_description_in_the_format_asked(http, media, suffix):
    response = http.get("/id/region/sichuan", headers={"Accept": media})
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/id/region/sichuan{suffix}")
    assert "Accept" in response.headers["vary"]
    described = http.get(response.headers["location"])
    assert described.status_code == 200 and described.headers["content-type"].startswith(media)
    assert described.headers["etag"].startswith('W/"')


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_a_description_holds_the_triples_and_the_labels_of_what_it_links_to(http, suffix, fmt):
    graph = rdflib.Graph().parse(data=http.get(f"/id/region/sichuan{suffix}").content, format=fmt)
    thing = rdflib.URIRef(SICHUAN)
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    assert {str(o) for o in graph.objects(thing, skos.prefLabel)} == {"Sichuan", "四川省"}
    western = rdflib.URIRef("https://w3id.org/westdev/id/region/western-region")
    assert (thing, rdflib.URIRef("https://w3id.org/westdev/ontology#locatedIn"), western) in graph
    assert str(graph.value(western, skos.prefLabel)) in {"Western Region", "西部地区"}


def test_the_html_page_names_things_in_both_languages_and_links_them(http):
    page = http.get("/id/region/sichuan.html").text
    assert "Sichuan" in page and "四川省" in page
    assert 'href="http://127.0.0.1' in page and "/id/region/western-region" in page and "西部地区" in page


def test_unknown_iris_are_404(http):
    for path in ("/id/region/atlantis", "/id/region/atlantis.ttl", "/concept/no-such-concept", "/id/region/sichuan.exe"):
        assert http.get(path, headers={"Accept": "text/turtle"}).status_code == 404, path


def test_etag_head_and_gzip(http):
    first = http.get("/id/region/sichuan.ttl")
    again = http.get("/id/region/sichuan.ttl", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    head = http.head("/id/region/sichuan.ttl")
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle") and head.content == b""
    with http.stream("GET", "/files/westdev.ttl", headers={"Accept-Encoding": "gzip"}) as raw:
        compressed = b"".join(raw.iter_raw())
    assert raw.headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed) == (RELEASE / "westdev.ttl").read_bytes()
    assert len(compressed) < len(gzip.decompress(compressed)) // 3


def test_ontology_concepts_void_files_health_and_start_page(http, server):
    ontology = rdflib.Graph().parse(data=http.get("/ontology", headers={"Accept": "text/turtle"}).content, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/westdev/ontology#Region"), None, None) in ontology
    assert 'id="Region"' in http.get("/ontology", headers={"Accept": "text/html"}).text
    assert http.get("/concept/region-province", headers={"Accept": "text/turtle"}).status_code == 303
    void = rdflib.Graph().parse(data=http.get("/.well-known/void").content, format="turtle")
    void_ns = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/westdev/id/dataset")  # the release's own void.ttl
    assert int(void.value(dataset, void_ns.triples)) == len(rdflib.Graph().parse(RELEASE / "westdev.ttl"))
    assert str(void.value(dataset, void_ns.sparqlEndpoint)) == f"{server.url}/sparql"  # added: built without --sparql-endpoint
    dumps = sorted(str(dump) for dump in void.objects(dataset, void_ns.dataDump))  # relative in the file: resolved here
    assert dumps == [f"{server.url}/files/{name}" for name in ("westdev.nq", "westdev.nt", "westdev.ttl")]
    assert http.get("/files/westdev.nt").status_code == 200
    manifest = json.loads((RELEASE / "manifest.json").read_text())
    for name, meta in manifest["files"].items():
        assert hashlib.sha256(http.get(f"/files/{name}").content).hexdigest() == meta["sha256"]
    assert http.get("/files/../pyproject.toml").status_code == 404
    assert http.get("/health").json()["status"] == "ok"
    home = http.get("/").text
    assert "western-development-2020" in home and "/sparql" in home


# -- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "iri", "lang"), [
    ("发展改革", NDRC, "zh"),
    ("reform comm", NDRC, "en"),
    ("NDRC", NDRC, "en"),
    ("四川", SICHUAN, "zh"),
    ("西部", "https://w3id.org/westdev/id/region/western-region", "zh"),
    ("sichuan", SICHUAN, "en"),
])
def test_search_finds_names_in_chinese_and_english(http, query, iri, lang):
    answer = http.get("/search", params={"q": query}).json()
    assert set(answer) == {"total", "limit", "offset", "results"}
    first = answer["results"][0]
    assert set(first) == {"iri", "label", "lang", "kind", "snippet"}
    assert (first["iri"], first["lang"]) == (iri, lang)
    assert "<mark>" in first["snippet"]


def test_search_finds_sentences_and_pages(http):
    answer = http.get("/search", params={"q": "ecological protection", "limit": 3}).json()
    assert answer["total"] > 3 and len(answer["results"]) == 3
    assert any(r["kind"] == "Sentence" for r in answer["results"])
    more = http.get("/search", params={"q": "ecological protection", "limit": 3, "offset": 3}).json()
    assert {r["iri"] for r in more["results"]}.isdisjoint(r["iri"] for r in answer["results"])
    page = http.get("/search", params={"q": "发展改革"}, headers={"Accept": "text/html"}).text
    assert "/id/body/national-development-and-reform-commission" in page


def test_search_command_in_both_languages(release, server):
    cache = str(Path(server.log).parent / "cli-cache")
    chinese = run_cli("search", "发展改革", "-d", str(release), "--cache", cache, "--format", "json")
    assert chinese.returncode == 0, chinese.stderr
    assert json.loads(chinese.stdout)["results"][0]["iri"] == NDRC
    english = run_cli("search", "reform comm", "-d", str(release), "--cache", cache)
    assert english.returncode == 0 and NDRC in english.stdout


# -- CORS, logs --------------------------------------------------------------------------


def test_cors_preflight_and_simple_requests(http):
    preflight = http.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = http.get("/sparql", params={"query": COUNT}, headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_the_access_log_has_no_query_text(http, server):
    marker = "zzmarkerzz"
    http.post("/sparql", data={"query": f"SELECT * WHERE {{ ?s ?p \"{marker}\" }}"})
    http.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p \"{marker}\" }}"})
    http.get("/search", params={"q": marker})
    log = server.log_when('"POST /sparql" 200', '"GET /sparql" 200', '"GET /search" 200')
    assert '"POST /sparql" 200' in log and '"GET /search" 200' in log
    assert marker not in log
