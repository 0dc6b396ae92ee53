"""A private Virtuoso instance for the cross-engine query test and the serving benchmark.

    with PrivateVirtuoso(workdir, [Path("output/westdev.ttl"), ...]) as virtuoso:
        response = virtuoso.select("SELECT ...")        # SPARQL JSON results, parsed

Its own ``virtuoso.ini`` and database in ``workdir``, bound to 127.0.0.1 on free ports,
loaded through ``isql`` (``ld_dir`` / ``rdf_loader_run``) into one named graph that every
query reads as its default graph, shut down (then killed if need be) on exit.  Needs
``virtuoso-t`` and ``isql-vt`` (Debian: ``virtuoso-opensource``).
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Sequence

import httpx

from westdev_kg.executors import die_with_parent

GRAPH = "https://w3id.org/westdev/graph"  # the one graph the files are loaded into
JSON = {"Accept": "application/sparql-results+json"}


def available() -> bool:
    return bool(shutil.which("virtuoso-t") and (shutil.which("isql-vt") or shutil.which("isql")))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError, subprocess.SubprocessError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within {seconds:.0f} s")


class PrivateVirtuoso:
    def __init__(self, workdir: Path, files: Sequence[Path]) -> None:
        binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
        if not binary or not isql:
            raise RuntimeError("virtuoso-t or isql-vt is not installed (apt-get install virtuoso-opensource)")
        self.isql = isql
        self.db = workdir / "virtuoso"
        self.data = workdir / "virtuoso-data"
        (self.db / "vsp").mkdir(parents=True)  # the HTTP server's root: nothing is served from it
        self.data.mkdir(parents=True)
        for path in files:  # ld_dir reads a folder the ini allows (DirsAllowed)
            shutil.copyfile(path, self.data / path.name)
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.sparql = f"{self.url}/sparql"
        ini = self.db / "virtuoso.ini"
        ini.write_text(INI.format(db=self.db, sql=self.sql_port, http=self.http_port, data=self.data), encoding="utf-8")
        self.log = open(workdir / "virtuoso.out", "wb")
        self.process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=self.db, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=functools.partial(die_with_parent, os.getpid()))  # never outlives the tests
        self.pid = self.process.pid
        try:
            wait_for(lambda: self.sql("status();").returncode == 0, 120, "Virtuoso")
            loaded = self.sql(f"ld_dir('{self.data}', '*.ttl', '{GRAPH}'); rdf_loader_run(); checkpoint;")
            errors = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL OR ll_state <> 2;")
            if loaded.returncode != 0 or "\n0 Rows." not in errors.stdout:
                raise RuntimeError(f"Virtuoso did not load the files: {loaded.stdout[-500:]} {errors.stdout[-500:]}")
            wait_for(lambda: httpx.get(self.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=5).status_code == 200, 60, "Virtuoso's endpoint")
        except BaseException:
            self.stop()
            raise

    def sql(self, statement: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=600)

    def post(self, client: httpx.Client, query: str, accept: dict[str, str] = JSON) -> httpx.Response:
        return client.post(self.sparql, data={"query": query, "default-graph-uri": GRAPH}, headers=accept)

    def select(self, query: str, timeout: float = 120) -> dict:
        """The SPARQL JSON results of ``query`` (an error for any status but 200)."""
        with httpx.Client(timeout=timeout) as client:
            response = self.post(client, query)
        if response.status_code != 200:
            raise RuntimeError(f"Virtuoso answered {response.status_code}: {response.text[:500]}")
        return response.json()

    def stop(self) -> None:
        """Shut down through isql; killed if that fails in any way."""
        try:
            if self.process.poll() is None:
                self.sql("shutdown();")
                self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(30)
            self.log.close()

    def __enter__(self) -> PrivateVirtuoso:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 32
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {data}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {db}/vsp
MaxClientConnections = 32
ServerThreads = 32
MaxKeepAlives = 32
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 1
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""
