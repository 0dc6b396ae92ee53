"""The query worker shared by ``query`` and ``serve``: time limit, memory cap, Ctrl-C, SERVICE refused."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from westdev_kg.serve import guard
from westdev_kg.serve.worker import Source, TimedOut, Worker, WorkerDied

from .conftest import CLI, REPO, run_cli

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n"
SORTED_CROSS = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f\n"


class Listener:
    """A loopback TCP port that counts the connections made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.sendall(b"HTTP/1.1 500 no\r\ncontent-length: 0\r\n\r\n")
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    lines = [f"<https://example.org/s{i}> <https://example.org/p> <https://example.org/o{i % 7}> ." for i in range(300)]
    (folder / "tiny.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# -- SERVICE and updates, read from the text -----------------------------------------------------


@pytest.mark.parametrize("sparql", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * { service <http://x/> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://x/> { ?s ?p ?o } }",
    "SELECT * { SERVICE<http://x/>{ ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o .SERVICE <http://x/> { ?s ?p ?o } }",
    "PREFIX : <http://x/> SELECT * { SERVICE:x { ?s ?p ?o } }",
    "SELECT * { VALUES ?e { <http://x/> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * { ?s ?p \"a # not a comment\" SERVICE <http://x/> { } }",
    "SELECT * { ?s ?p '''long\n'string''' SERVICE <http://x/> { } }",
    "SELECT * { ?s ?p 1SERVICE <http://x/> { } }",
], ids=["plain", "lower-case", "silent", "no-space", "after-dot", "colon", "variable-endpoint", "after-hash-in-string", "after-long-string", "after-digit"])
def test_service_is_found_wherever_the_engine_would_read_it(sparql):
    assert guard.uses_service(sparql)


@pytest.mark.parametrize("sparql", [
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s ?p \"SERVICE <http://x/> { }\" }",
    "# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { <http://x/SERVICE#SERVICE> ?p ?o }",
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:service ?o }",
    "SELECT * WHERE { ?s ?p ?o } # no SERVICE here",
], ids=["variable", "string", "comment", "iri", "prefixed-name", "trailing-comment"])
def test_service_in_names_strings_comments_and_iris_is_not_a_service(sparql):
    assert not guard.uses_service(sparql)


def test_pyoxigraph_would_send_a_service_request_which_is_why_the_guard_exists(listener):
    store = ox.Store()
    with pytest.raises(OSError):
        list(store.query(f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"))
    deadline = time.monotonic() + 5
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections == 1


@pytest.mark.cli
def test_query_refuses_service_and_sends_nothing(tiny, tmp_path, listener):
    path = tmp_path / "service.rq"
    path.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    result = run_cli("query", str(path), "-d", str(tiny))
    assert result.returncode == 2
    assert "SERVICE" in result.stderr and "refused" in result.stderr
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.parametrize(("sparql", "update"), [
    ("INSERT DATA { <a:a> <a:b> <a:c> }", True),
    ("PREFIX ex: <http://x/> DELETE WHERE { ?s ?p ?o }", True),
    ("BASE <http://x/> CLEAR ALL", True),
    ("# INSERT\nSELECT * WHERE { ?s ?p ?o }", False),
    ("PREFIX insert: <http://x/> SELECT * WHERE { ?s insert:p ?o }", False),
])
def test_updates_are_told_from_queries(sparql, update):
    assert guard.is_update(sparql) is update


# -- the worker --------------------------------------------------------------------------


def test_a_worker_past_its_time_limit_is_killed_and_another_answers(tiny):
    slow = Worker(Source(str(tiny)), method="forkserver").start()
    fast = Worker(Source(str(tiny)), method="forkserver").start()
    try:
        with pytest.raises(TimedOut, match="time limit of 1 s"):
            slow.call(("sparql", CROSS.replace("?g ?h ?i", "?g ?h ?i . ?j ?k ?l"), [("*/*", 1.0)], None, 1 << 20), 1.0)
        assert not slow.process.is_alive()
        kind, media, body, truncated = fast.call(("sparql", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", [("*/*", 1.0)], None, 1 << 20), 10)
        assert kind == "ok" and b'"300"' in body and not truncated
    finally:
        slow.kill()
        fast.kill()


def test_a_worker_over_its_memory_cap_dies_and_is_reported(tiny):
    big = tiny / "more.ttl"
    big.write_text("\n".join(f'<https://example.org/x{i}> <https://example.org/q> "{"v" * 40}{i}" .' for i in range(4000)) + "\n", encoding="utf-8")
    worker = Worker(Source(str(tiny)), memory_mb=400, method="forkserver").start()
    try:
        with pytest.raises(WorkerDied, match="memory limit of 400 MB"):
            worker.call(("sparql", SORTED_CROSS, [("text/tab-separated-values", 1.0)], None, 1 << 40), 120)
        assert not worker.process.is_alive()
    finally:
        worker.kill()


@pytest.mark.cli
def test_query_stops_at_its_time_limit(tiny, tmp_path):
    path = tmp_path / "cross.rq"
    path.write_text(CROSS.replace("?g ?h ?i", "?g ?h ?i . ?j ?k ?l"), encoding="utf-8")
    started = time.monotonic()
    result = run_cli("query", str(path), "-d", str(tiny), "--timeout", "1")
    assert result.returncode == 2, result.stderr
    assert "time limit of 1 s" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60  # generous: the kill, not the query, ends it


@pytest.mark.cli
def test_query_over_its_memory_cap_is_one_error_line(tiny, tmp_path):
    (tiny / "more.ttl").write_text("\n".join(f'<https://example.org/x{i}> <https://example.org/q> "{"v" * 40}{i}" .' for i in range(4000)) + "\n", encoding="utf-8")
    path = tmp_path / "sorted.rq"
    path.write_text(SORTED_CROSS, encoding="utf-8")
    result = run_cli("query", str(path), "-d", str(tiny), "--memory-limit", "400", "--timeout", "120", "--format", "tsv")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "memory limit of 400 MB" in result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return found


@pytest.mark.cli
def test_ctrl_c_stops_query_and_its_worker_at_once(tiny, tmp_path):
    path = tmp_path / "cross.rq"
    path.write_text(CROSS.replace("?g ?h ?i", "?g ?h ?i . ?j ?k ?l"), encoding="utf-8")
    process = subprocess.Popen([str(CLI), "query", str(path), "-d", str(tiny), "--timeout", "0"], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while not workers and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(process.pid)
        assert workers, "the worker process never started"
        time.sleep(1.0)  # the worker is busy in the engine now
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


@pytest.mark.cli
def test_query_without_a_limit_still_answers(tiny, tmp_path):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run_cli("query", str(path), "-d", str(tiny), "--timeout", "0", "--memory-limit", "0", "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines() == ["n", "300"]


@pytest.mark.cli
def test_the_worker_module_does_not_import_the_web_stack():
    code = "import sys, westdev_kg.serve.worker, westdev_kg.serve.guard; print(any(m.startswith(('starlette', 'uvicorn', 'jinja2')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
