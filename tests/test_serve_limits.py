"""``westdev-kg serve`` under stress: a query past its limit, too many queries, a worker over its
memory cap, a new release published under load, the cache reused.  Real servers, real HTTP;
no timed assertions except generous bounds on a kill.
"""

from __future__ import annotations

import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import HOSTILE, RELEASE_DATE, run_cli
from .serve_support import Server, copy_release

pytestmark = pytest.mark.cli  # a server in a subprocess

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_CROSS = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
JSON = {"Accept": "application/sparql-results+json"}


def count(client: httpx.Client) -> int:
    response = client.post("/sparql", data={"query": COUNT}, headers=JSON)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def release(tmp_path):
    return copy_release(tmp_path / "output")


def test_a_query_past_its_limit_is_stopped_while_another_is_answered(release, tmp_path):
    server = Server(release, tmp_path / "cache", "--timeout", "3", "--workers", "2")
    try:
        with server.client() as client:
            results: dict[str, object] = {}

            def slow() -> None:
                started = time.monotonic()
                results["slow"] = client.post("/sparql", data={"query": CROSS}, headers=JSON)
                results["slow_seconds"] = time.monotonic() - started
                results["slow_done"] = time.monotonic()

            thread = threading.Thread(target=slow)
            thread.start()
            time.sleep(0.5)
            assert count(client) == 18428  # answered while the cross product runs
            results["fast_done"] = time.monotonic()
            thread.join(120)
            slow_answer = results["slow"]
            assert slow_answer.status_code == 503
            assert "time limit of 3 s" in slow_answer.text
            assert results["fast_done"] < results["slow_done"]
            assert results["slow_seconds"] < 60
            assert count(client) == 18428  # the killed worker was replaced
            assert client.get("/health").json()["workers"]["stopped"] == 1
    finally:
        server.stop()


def test_beyond_the_concurrency_cap_queries_are_told_to_retry(release, tmp_path):
    server = Server(release, tmp_path / "cache", "--timeout", "4", "--workers", "1", "--queue", "0")
    try:
        with server.client() as client:
            with ThreadPoolExecutor(3) as pool:
                answers = list(pool.map(lambda _: client.post("/sparql", data={"query": CROSS}, headers=JSON), range(3)))
            assert [a.status_code for a in answers] == [503, 503, 503]
            busy = [a for a in answers if "retry-after" in a.headers]
            stopped = [a for a in answers if "time limit" in a.text]
            assert len(busy) == 2 and len(stopped) == 1
            assert int(busy[0].headers["retry-after"]) > 0
            assert count(client) == 18428
    finally:
        server.stop()


def test_a_worker_over_its_memory_cap_is_an_error_answer_not_a_dead_server(release, tmp_path):
    server = Server(release, tmp_path / "cache", "--timeout", "60", "--workers", "1", "--memory-limit", "600")
    try:
        with server.client() as client:
            answer = client.post("/sparql", data={"query": SORTED_CROSS}, headers={"Accept": "text/tab-separated-values"})
            assert answer.status_code == 503
            assert "memory limit of 600 MB" in answer.text
            assert client.get("/health").json()["status"] == "ok"
            assert count(client) == 18428
    finally:
        server.stop()


def test_a_new_release_is_switched_in_under_load_without_errors(release, tmp_path):
    server = Server(release, tmp_path / "cache", "--watch", "0.3", "--workers", "2")
    statuses: list[int] = []
    counts: list[int] = []
    stop = threading.Event()

    def load() -> None:
        with server.client() as client:
            while not stop.is_set():
                for method, path, options in (
                    ("POST", "/sparql", {"data": {"query": COUNT}, "headers": JSON}),
                    ("GET", "/ontology.ttl", {}),
                    ("GET", "/search", {"params": {"q": "development"}}),
                    ("GET", "/.well-known/void", {}),
                ):
                    response = client.request(method, path, **options)
                    statuses.append(response.status_code)
                    if path == "/sparql" and response.status_code == 200:
                        counts.append(int(response.json()["results"]["bindings"][0]["n"]["value"]))

    try:
        before = httpx.get(f"{server.url}/health").json()["release"]
        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        # the publisher builds the second release aside and switches it in whole
        built = run_cli("build", str(HOSTILE / "plain.txt"), "-o", str(release), "--reasoner", "skip", "-q", "--release-date", RELEASE_DATE)
        assert built.returncode == 0, built.stderr
        deadline = time.monotonic() + 120
        after = before
        while after == before and time.monotonic() < deadline:
            time.sleep(0.3)
            after = httpx.get(f"{server.url}/health").json()["release"]
        assert after != before, "the server did not switch to the new release"
        time.sleep(1.5)  # more load on the new release
        stop.set()
        for thread in threads:
            thread.join(60)
        assert statuses and set(statuses) == {200}, sorted(set(statuses))
        assert counts[0] == 18428 and counts[-1] != 18428  # the answers changed with the release
        with server.client() as client:
            assert count(client) == counts[-1]
            assert client.get("/id/region/sichuan.ttl").status_code in (200, 404)
        assert "switched to release" in server.log_when("switched to release")
    finally:
        stop.set()
        server.stop()


def test_the_store_is_built_once_then_reused_and_sighup_is_harmless(release, tmp_path):
    cache = tmp_path / "cache"
    first = Server(release, cache)
    first.stop()
    assert "building the store" in first.log_text()
    second = Server(release, cache, log=tmp_path / "second.log")
    try:
        assert "building the store" not in second.log_text()
        second.process.send_signal(signal.SIGHUP)
        time.sleep(0.5)
        with second.client() as client:
            assert count(client) == 18428
        assert second.process.poll() is None
    finally:
        second.stop()
    snapshots = list((cache / "v1").iterdir())  # one snapshot, no half-built folder left
    assert len(snapshots) == 1 and (snapshots[0] / "info.json").is_file()


def test_a_folder_that_is_not_a_release_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("serve", str(tmp_path / "empty"), "--cache", str(tmp_path / "cache"), "--port", "1")
    assert result.returncode == 2 and "not a release" in result.stderr
    assert not (tmp_path / "empty" / "manifest.json").exists()
