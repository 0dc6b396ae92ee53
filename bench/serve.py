"""Load figures of ``westdev-kg serve``, side by side with Virtuoso's own SPARQL endpoint (issue 14).

    .venv/bin/python bench/serve.py                 # ours, and Virtuoso if it is installed
    .venv/bin/python bench/serve.py --no-virtuoso   # ours alone
    .venv/bin/python bench/serve.py --json bench/results/serve.json

On loopback, over the committed release (``output/``):

1. **latency, 1 client**: each bundled query (POST, SPARQL JSON) and dereferences (``GET
   /id/X.ttl`` — for Virtuoso, ``DESCRIBE <X>`` in Turtle) sent one after the other; p50/p99;
2. **throughput, 16 clients**: a bounded run of ≥ 5,000 mixed requests (each round: the 11
   bundled queries and 20 dereferences, in a fixed order) from 16 concurrent keep-alive clients;
   requests per second, errors (any status but 200), p50/p99 under load;
3. **memory**: resident memory of the server's whole process tree (the server, the fork
   server, the query workers; for Virtuoso, ``virtuoso-t``), sampled through the run.

Virtuoso runs as a private instance: its own ``virtuoso.ini`` and database in a temporary
folder, bound to 127.0.0.1 on free ports, loaded with ``ld_dir`` / ``rdf_loader_run`` through
``isql``, stopped at the end.  The clients are threads of this process: they share the two
cores with the server being measured, the same for both servers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from itertools import count
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.virtuoso import PrivateVirtuoso, free_port, wait_for  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RELEASE = REPO / "output"
QUERIES = sorted((REPO / "queries").glob("*.rq"))
CLI = Path(sys.executable).with_name("westdev-kg")
JSON = {"Accept": "application/sparql-results+json"}



def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(p) for p in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def sample_iris(n: int = 20) -> list[str]:
    """A fixed spread of the release's resources: places, bodies, measures, sentences, spans, concepts."""
    store = ox.Store()
    store.bulk_load(path=str(RELEASE / "westdev.ttl"), format=ox.RdfFormat.TURTLE)
    iris = sorted({s[0].value for s in store.query("SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), 'https://w3id.org/westdev/id/')) }")})
    step = max(1, len(iris) // n)
    return iris[::step][:n]


class Target:
    name = ""
    pid = 0

    def query(self, client: httpx.Client, text: str) -> httpx.Response:
        return client.post(self.sparql, data={"query": text}, headers=JSON)


class Ours(Target):
    name = "westdev-kg serve"

    def __init__(self, workdir: Path, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.sparql = f"{self.url}/sparql"
        self.log = open(workdir / "serve.log", "wb")
        self.process = subprocess.Popen([str(CLI), "serve", str(RELEASE), "--port", str(self.port), "--cache", str(workdir / "cache"),
                                         "--workers", str(workers), "--queue", "64", "-q"], stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        wait_for(lambda: httpx.get(f"{self.url}/health", timeout=2).status_code == 200, 120, "westdev-kg serve")

    def dereference(self, client: httpx.Client, iri: str) -> httpx.Response:
        return client.get(f"{self.url}/{iri.removeprefix('https://w3id.org/westdev/')}.ttl")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


class Virtuoso(Target):
    name = "Virtuoso"

    def __init__(self, workdir: Path) -> None:
        self.instance = PrivateVirtuoso(workdir, sorted(RELEASE.glob("*.ttl")))
        self.pid, self.sparql = self.instance.pid, self.instance.sparql

    def query(self, client: httpx.Client, text: str) -> httpx.Response:
        return self.instance.post(client, text)

    def dereference(self, client: httpx.Client, iri: str) -> httpx.Response:
        return self.instance.post(client, f"DESCRIBE <{iri}>", accept={"Accept": "text/turtle"})

    def stop(self) -> None:
        self.instance.stop()



def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def latency(target: Target, iris: list[str], rounds: int) -> dict:
    figures = {}
    with httpx.Client(timeout=120) as client:
        for path in QUERIES:
            text = path.read_text(encoding="utf-8")
            times = []
            for i in range(rounds + 3):
                started = time.perf_counter()
                response = target.query(client, text)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{target.name}: {path.stem}: {response.status_code} {response.text[:200]}")
                if i >= 3:
                    times.append(elapsed)
            figures[path.stem] = {"p50": pct(times, 0.5), "p99": pct(times, 0.99), "rows": len(response.json()["results"]["bindings"])}
        times = []
        for i in range(rounds * 5):
            iri = iris[i % len(iris)]
            started = time.perf_counter()
            response = target.dereference(client, iri)
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"{target.name}: dereference {iri}: {response.status_code}")
        figures["dereference"] = {"p50": pct(times, 0.5), "p99": pct(times, 0.99)}
    return figures


def throughput(target: Target, iris: list[str], total: int, clients: int) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in QUERIES]
    mix = [("q", t) for t in texts] + [("d", iri) for iri in iris]
    ticket = count()
    times: list[float] = []
    errors: list[str] = []
    memory: list[int] = [tree_rss(target.pid)]
    done = threading.Event()

    def client_loop() -> None:
        with httpx.Client(timeout=120) as client:
            while (n := next(ticket)) < total:
                kind, value = mix[n % len(mix)]
                started = time.perf_counter()
                try:
                    response = target.query(client, value) if kind == "q" else target.dereference(client, value)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                times.append(time.perf_counter() - started)
                if status != 200:
                    errors.append(f"{kind} {status}")

    def sampler() -> None:
        while not done.wait(0.5):
            memory.append(tree_rss(target.pid))

    watcher = threading.Thread(target=sampler)
    watcher.start()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    memory.append(tree_rss(target.pid))
    return {"requests": total, "clients": clients, "seconds": wall, "per_second": total / wall, "errors": len(errors),
            "error_kinds": sorted(set(errors))[:5], "p50": pct(times, 0.5), "p99": pct(times, 0.99),
            "rss_start_mb": memory[0] / 2**20, "rss_peak_mb": max(memory) / 2**20, "rss_end_mb": memory[-1] / 2**20}


def report(results: dict) -> str:
    names = list(results)
    lines = ["| request | " + " | ".join(f"{n} p50 / p99 (ms)" for n in names) + " |", "|---|" + "---:|" * len(names)]
    for key in [p.stem for p in QUERIES] + ["dereference"]:
        cells = [f"{results[n]['latency'][key]['p50']:.1f} / {results[n]['latency'][key]['p99']:.1f}" for n in names]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += ["", "| 16 clients | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    rows = [("requests", "{requests}"), ("requests/s", "{per_second:.0f}"), ("errors", "{errors}"), ("p50 / p99 (ms)", "{p50:.1f} / {p99:.1f}"),
            ("memory start → peak → end (MB)", "{rss_start_mb:.0f} → {rss_peak_mb:.0f} → {rss_end_mb:.0f}")]
    for label, template in rows:
        lines.append(f"| {label} | " + " | ".join(template.format(**results[n]["throughput"]) for n in names) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=40, help="samples of each query for the latency (dereferences: 5×)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    iris = sample_iris()
    results: dict[str, dict] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="westdev-bench-serve-") as tmp:
        workdir = Path(tmp)
        kinds = [lambda: Ours(workdir, args.workers)]
        if not args.no_virtuoso:
            kinds.append(lambda: Virtuoso(workdir))
        for make in kinds:
            try:
                target = make()
            except RuntimeError as exc:
                notes.append(f"not measured: {exc}")
                print(f"bench/serve.py: {exc}", file=sys.stderr)
                continue
            try:
                with httpx.Client(timeout=60) as client:
                    triples = target.query(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()["results"]["bindings"][0]["n"]["value"]
                print(f"{target.name}: {triples} triples; latency…", file=sys.stderr)
                results[target.name] = {"triples": int(triples), "latency": latency(target, iris, args.rounds)}
                print(f"{target.name}: throughput…", file=sys.stderr)
                results[target.name]["throughput"] = throughput(target, iris, args.requests, args.clients)
            finally:
                target.stop()
    if len(results) == 2:
        first, second = results.values()
        for key, figures in first["latency"].items():
            if figures.get("rows") != second["latency"][key].get("rows"):
                notes.append(f"{key}: {figures.get('rows')} rows from {list(results)[0]}, {second['latency'][key].get('rows')} from {list(results)[1]}")
    print(report(results))
    for note in notes:
        print(f"\n{note}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"results": results, "notes": notes, "cpus": os.cpu_count()}, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["throughput"]["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
