"""westdev-kg benchmarks (``make bench``): stages, the command as a process, corpus scaling, queries.

Prints one table per section and the targets of issue 6 with ✓/✗; ``--json PATH``
saves every figure.  See bench/README.md for what each number means.

    python bench/run.py            # 5 runs, corpus N = 1, 10, 100
    python bench/run.py --quick    # 3 runs, corpus N = 1, 10, 100 (a smoke run)
    python bench/run.py --full     # 5 runs, corpus N = 1, 10, 100, 1000
    python bench/run.py --only stages,queries --json bench/results/latest.json

Wall time is ``time.perf_counter``; CPU time is user + system time: of this
process for the in-process stages (plus its reaped children: the JVM of the
reasoner), of the child process and its reaped descendants (``os.wait4``, as
GNU time reports them) for the commands.  Peak memory is the child's
``ru_maxrss`` from ``os.wait4`` — the largest resident set of the child or of
any descendant it waited for (a worker, the JVM), not their sum — and, for the
corpus builds, the largest *sum* of proportional set sizes (PSS) of the whole
process tree, sampled from ``/proc/<pid>/smaps_rollup`` (every 0.1 s, after 5 s every 0.5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402  (bench/corpus.py)

PYTHON = Path(sys.executable)
CLI = PYTHON.with_name("westdev-kg")
STAGES = ("read", "segment", "extract", "link", "analyse", "build", "validate", "reason", "serialize", "publish")
RELEASE_DATE = "2026-11-27"
QUIET_LOAD = 0.5
JOBS = 2

TARGETS = {
    "process_skip": 2.5,  # s, the whole build as a process, validation included, reasoner excluded
    "process_skip_aim": 1.5,
    "ratio": 3.5,  # the build as a process (reasoner skipped) / python -c "import rdflib, pyshacl" (issue 10)
    "reason": 3.0,  # s, the reasoner check on its own
    "per_doc_1000": 0.6,  # s per document at N = 1000 with --jobs 2
    "per_doc_1000_aim": 0.3,
    "query": 0.010,  # s, median with the embedded store, up to a few hundred rows
    "query_evidence": 0.100,  # s, the full evidence listing
}
EVIDENCE_QUERY = "cq-evidence"


# -- small helpers --------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def stats(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = lambda cells: "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def mark(ok: bool | None) -> str:
    return "–" if ok is None else ("✓" if ok else "✗")


# -- machine ----------------------------------------------------------------------------


def machine() -> dict:
    from importlib import metadata

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "absent"

    java = shutil.which("java")
    java_version = None
    if java:
        out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.strip().splitlines()
        java_version = out[0] if out else "unknown"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() if shutil.which("nproc") else str(os.cpu_count())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True).stdout.strip())
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "nproc": nproc,
        "cpu": cpu,
        "memory_gib": round(mem / 1024 / 1024, 1),
        "python": platform.python_version(),
        "java": java_version,
        "packages": {d: version(d) for d in ("westdev-kg", "rdflib", "pyshacl", "pyoxigraph", "owlready2")},
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
        "load_at_start": load(),
    }


def wait_for_quiet(limit: float) -> None:
    deadline = time.monotonic() + limit
    while os.getloadavg()[0] > QUIET_LOAD and time.monotonic() < deadline:
        log(f"load average {os.getloadavg()[0]:.2f} > {QUIET_LOAD}: waiting (up to {deadline - time.monotonic():.0f} s more)")
        time.sleep(min(20.0, max(1.0, deadline - time.monotonic())))


# -- a child process, measured ------------------------------------------------------------


@dataclass
class ProcessRun:
    wall: float
    cpu: float  # user + system of the child and its reaped descendants
    maxrss_kb: int  # largest resident set of the child or of one reaped descendant
    tree_pss_kb: int = 0  # largest sampled sum of PSS over the process tree (0: not sampled)
    tree_rss_kb: int = 0
    code: int = 0
    stdout: str = ""
    stderr: str = ""


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB of one process; zeros when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeSampler(threading.Thread):
    """Samples the summed PSS and RSS of a process tree: every 0.1 s for 5 s, then every ``interval`` s.

    Reading smaps_rollup costs CPU on this 2-core machine (every 0.1 s it took about 14 % of
    a core beside a corpus build), so long runs are sampled less often.
    """

    def __init__(self, pid: int, interval: float = 0.5, skip_root: bool = False) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.skip_root = pid, interval, skip_root
        self.peak_pss = self.peak_rss = 0
        self._halt = threading.Event()

    def run(self) -> None:
        started = time.monotonic()
        while not self._halt.is_set():
            pss = rss = 0
            for p in _descendants(self.pid)[1 if self.skip_root else 0 :]:
                a, b = _memory(p)
                pss, rss = pss + a, rss + b
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self._halt.wait(0.1 if time.monotonic() - started < 5 else self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# A small launcher between this (large) process and the measured one: a child's ru_maxrss
# starts at the resident set of the process it was forked from, so forking the command from
# here would report at least this process's size.  The launcher (python -I -S, about 10 MiB)
# forks and execs the command, waits for it with os.wait4 and writes what it measured.
_LAUNCHER = """
import json, os, sys, time
argv, report = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as handle:
    json.dump({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status), "pid": pid}, handle)
"""


def run_process(argv: list[str], sample: bool = False, cwd: Path | None = None) -> ProcessRun:
    """Run ``argv`` through the launcher; wall, CPU and peak memory as the launcher saw them."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        launcher = [str(PYTHON), "-I", "-S", "-c", _LAUNCHER, json.dumps(argv), report.name]
        proc = subprocess.Popen(launcher, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd or REPO)
        sampler = TreeSampler(proc.pid, skip_root=True) if sample else None
        if sampler:
            sampler.start()
        proc.wait()
        if sampler:
            sampler.stop()
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"bench: the launcher failed (exit {proc.returncode}): {err.read().decode()[-2000:]}")
        measured = json.load(report)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            wall=measured["wall"],
            cpu=measured["cpu"],
            maxrss_kb=measured["maxrss_kb"],
            tree_pss_kb=sampler.peak_pss if sampler else 0,
            tree_rss_kb=sampler.peak_rss if sampler else 0,
            code=measured["code"],
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def summarize_runs(runs: list[ProcessRun]) -> dict:
    failed = [r for r in runs if r.code != 0]
    if failed:
        raise SystemExit(f"bench: a measured command failed (exit {failed[0].code}):\n{failed[0].stderr[-2000:]}")
    return {
        "wall": stats([r.wall for r in runs]),
        "cpu": stats([r.cpu for r in runs]),
        "maxrss_mib": max(r.maxrss_kb for r in runs) / 1024,
        "tree_pss_mib": max(r.tree_pss_kb for r in runs) / 1024,
        "tree_rss_mib": max(r.tree_rss_kb for r in runs) / 1024,
    }


# -- 1. stages, in process -------------------------------------------------------------


def stage_benchmark(runs: int, work: Path, with_reasoner: bool) -> dict:
    from westdev_kg import pipeline, resources
    from westdev_kg.stages import reason

    class CpuTimer(pipeline.Timer):
        """pipeline.Timer (wall) that also records CPU time: own, plus reaped children (the JVM)."""

        last: CpuTimer | None = None

        def __init__(self) -> None:
            super().__init__()
            self.cpu: dict[str, float] = {}
            CpuTimer.last = self

        @contextmanager
        def __call__(self, stage: str):
            c0 = time.process_time() + children_cpu()
            with super().__call__(stage):
                try:
                    yield
                finally:
                    self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() + children_cpu() - c0

    def build(reasoner: str) -> CpuTimer:
        options = pipeline.Options(output=work / "stages-out", reports=work / "stages-reports", release_date=RELEASE_DATE, reasoner=reasoner)
        pipeline.build(resources.bundled_text_path(), options)
        assert CpuTimer.last is not None
        return CpuTimer.last

    original = pipeline.Timer
    pipeline.Timer = CpuTimer  # type: ignore[misc]
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        first = build("skip")
        first_total = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "stages": dict(first.seconds)}
        timers = [build("skip") for _ in range(runs)]
        result = {
            "runs": runs,
            "first_build": first_total,
            "wall": {s: stats([t.seconds.get(s, 0.0) for t in timers]) for s in STAGES if s != "reason"},
            "cpu": {s: stats([t.cpu.get(s, 0.0) for t in timers]) for s in STAGES if s != "reason"},
            "total_wall": stats([sum(v for k, v in t.seconds.items() if k != "reason") for t in timers]),
            "total_cpu": stats([sum(v for k, v in t.cpu.items() if k != "reason") for t in timers]),
            "reason": None,
        }
        if with_reasoner and reason.java_available():
            build("required")  # the first run in a process imports owlready2
            reasoned = [build("required") for _ in range(runs)]
            result["reason"] = {
                "wall": stats([t.seconds["reason"] for t in reasoned]),
                "cpu": stats([t.cpu["reason"] for t in reasoned]),
            }
        return result
    finally:
        pipeline.Timer = original  # type: ignore[misc]


def print_stages(r: dict) -> None:
    print(f"\n1. Stages of an in-process build of the bundled text (warm process, {r['runs']} runs; wall from pipeline.Timer, CPU of this process)")
    rows = []
    for s in STAGES:
        if s == "reason":
            if r["reason"]:
                w, c = r["reason"]["wall"], r["reason"]["cpu"]
                rows.append(["reason (required)", f"{w['median']:.3f}", f"{w['min']:.3f}", f"{w['max']:.3f}", f"{c['median']:.3f}"])
            else:
                rows.append(["reason", "–", "–", "–", "–"])
            continue
        w, c = r["wall"][s], r["cpu"][s]
        rows.append([s, f"{w['median']:.3f}", f"{w['min']:.3f}", f"{w['max']:.3f}", f"{c['median']:.3f}"])
    w, c = r["total_wall"], r["total_cpu"]
    rows.append(["total (reasoner skipped)", f"{w['median']:.3f}", f"{w['min']:.3f}", f"{w['max']:.3f}", f"{c['median']:.3f}"])
    print(table(["stage", "median s", "min s", "max s", "cpu s (median)"], rows))
    f = r["first_build"]
    print(
        f"first build in this process: {f['wall']:.2f} s wall, {f['cpu']:.2f} s CPU "
        f"(imports pyshacl, parses the shapes and the ontology: validate {f['stages'].get('validate', 0):.2f} s, reason stage {f['stages'].get('reason', 0):.2f} s)"
    )
    if r["reason"]:
        print("reason (required): HermiT in a new JVM each run; its CPU includes the JVM's (a reaped child)")


# -- 2. the command as a process --------------------------------------------------------


def process_benchmark(runs: int, work: Path, with_reasoner: bool) -> dict:
    from westdev_kg.stages import reason

    out = work / "process-out"
    build = [str(CLI), "build", "-q", "-o", str(out), "--reports", str(work / "process-reports"), "--release-date", RELEASE_DATE]
    commands = {
        "westdev-kg --version": [str(CLI), "--version"],
        "python -c 'import westdev_kg.pipeline, pyshacl'": [str(PYTHON), "-c", "import westdev_kg.pipeline, pyshacl"],
        "westdev-kg build --reasoner skip": [*build, "--reasoner", "skip"],
    }
    if with_reasoner and reason.java_available():
        commands["westdev-kg build --reasoner required"] = [*build, "--reasoner", "required"]
    result = {}
    for label, argv in commands.items():
        run_process(argv)  # warm the file system cache
        result[label] = summarize_runs([run_process(argv) for _ in range(runs)]) | {"argv": argv[:1] + argv[1:]}
    return result


def print_process(r: dict, runs: int) -> None:
    print(f"\n2. The command as a process, interpreter start included ({runs} runs; peak = ru_maxrss of the child via os.wait4)")
    rows = []
    for label, v in r.items():
        w = v["wall"]
        rows.append([label, f"{w['median']:.2f}", f"{w['min']:.2f}", f"{w['max']:.2f}", f"{v['cpu']['median']:.2f}", f"{v['maxrss_mib']:.0f}"])
    print(table(["command", "median s", "min s", "max s", "cpu s", "peak MiB"], rows))


_STAGE_TIMES = re.compile(r"^  time [\d.]+ s \((.*)\)$", re.M)


def stage_times(summary: str) -> dict[str, float]:
    """The per-stage wall times of the summary line of ``westdev-kg build`` (one document)."""
    found = _STAGE_TIMES.search(summary)
    if found is None:
        raise SystemExit(f"bench: no stage times in the build's summary:\n{summary}")
    return {name: float(seconds) for name, seconds in (part.rsplit(" ", 1) for part in found.group(1).split(", "))}


def import_times() -> dict[str, float]:
    """Seconds of ``-X importtime`` (cumulative, top-level imports): what the floor imports
    (rdflib, pySHACL), and what the command imports beyond it (westdev_kg and the rest)."""
    code = "import rdflib, pyshacl; import sys; sys.stderr.write('-- floor done\\n'); import westdev_kg.cli, westdev_kg.pipeline"
    done = subprocess.run([str(PYTHON), "-X", "importtime", "-c", code], capture_output=True, text=True, check=True)
    before, _, after = done.stderr.partition("-- floor done\n")

    def top_level(text: str) -> float:
        total = 0
        for line in text.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S)", line)  # no indent: a top-level import
            if m:
                total += int(m.group(1))
        return total / 1e6

    return {"floor": top_level(before), "beyond": top_level(after)}


def ratio_benchmark(runs: int, work: Path) -> dict:
    """The build of the bundled text as a process (reasoner skipped) against a process that
    only imports rdflib and pySHACL: runs interleaved (floor, build, floor, build …) so that a
    change of load hits both alike; the ratio of the medians, and the median of the per-pair
    ratios, of wall time and of CPU time (user + system), and the load average before and after.
    The build runs without ``-q``: its summary line gives the wall time of each stage (the
    medians are where the time goes, with the imports of ``import_times``)."""
    out = work / "ratio-out"
    build = [str(CLI), "build", "-o", str(out), "--reports", str(work / "ratio-reports"), "--release-date", RELEASE_DATE, "--reasoner", "skip"]
    floor = [str(PYTHON), "-c", "import rdflib, pyshacl"]
    run_process(build)  # warm: file-system cache, bytecode
    run_process(floor)
    load_before = load()
    floors, builds = [], []
    for _ in range(runs):
        floors.append(run_process(floor))
        builds.append(run_process(build))
    summarize_runs(floors + builds)  # stops on a failed run
    result = {"runs": runs, "load_before": load_before, "load_after": load()}
    for measure in ("wall", "cpu"):
        f = [getattr(r, measure) for r in floors]
        b = [getattr(r, measure) for r in builds]
        result[measure] = {
            "floor": stats(f),
            "build": stats(b),
            "ratio_of_medians": statistics.median(b) / statistics.median(f),
            "median_pair_ratio": statistics.median(x / y for x, y in zip(b, f)),
        }
    # the wall figures at the top level, as before
    result |= {key: result["wall"][key] for key in ("floor", "build", "ratio_of_medians", "median_pair_ratio")}
    per_run = [stage_times(r.stdout) for r in builds]
    result["stages"] = {name: statistics.median(t.get(name, 0.0) for t in per_run) for name in per_run[0]}
    imports = [import_times() for _ in range(5)]
    result["imports"] = {key: statistics.median(i[key] for i in imports) for key in ("floor", "beyond")}
    return result


def print_ratio(r: dict) -> None:
    print(f"\n2b. Build / floor, {r['runs']} interleaved runs (floor = python -c 'import rdflib, pyshacl'); "
          f"load {r['load_before'][0]:.2f} before, {r['load_after'][0]:.2f} after")
    rows = []
    for measure in ("wall", "cpu"):
        m = r[measure]
        for label, key in (("floor", "floor"), ("westdev-kg build --reasoner skip", "build")):
            rows.append([label, measure, f"{m[key]['median']:.2f}", f"{m[key]['min']:.2f}", f"{m[key]['max']:.2f}"])
    print(table(["process", "time", "median s", "min s", "max s"], rows))
    for measure in ("wall", "cpu"):
        m = r[measure]
        print(f"{measure}: ratio of the medians ×{m['ratio_of_medians']:.2f}; median of the per-pair ratios ×{m['median_pair_ratio']:.2f} (target ≤ ×{TARGETS['ratio']})")
    build, floor = r["wall"]["build"]["median"], r["wall"]["floor"]["median"]
    stages = r["stages"]
    imports = r["imports"]
    rest = build - floor - imports["beyond"] - sum(stages.values())
    print("\nwhere the build's wall time goes (medians; stages from its summary line, imports from -X importtime in 5 runs)")
    rows = [["the floor: interpreter, rdflib and pySHACL imported, exit", f"{floor:.3f}", f"{floor / build:.0%}"],
            [f"  of which the imports of rdflib and pySHACL", f"{imports['floor']:.3f}", ""],
            ["imports beyond the floor (westdev_kg and what it needs)", f"{imports['beyond']:.3f}", f"{imports['beyond'] / build:.0%}"]]
    rows += [[f"stage {name}", f"{seconds:.3f}", f"{seconds / build:.0%}"] for name, seconds in stages.items()]
    rows.append(["the rest: release files written, shared data loaded, exit beyond the floor's", f"{rest:.3f}", f"{rest / build:.0%}"])
    rows.append(["the build as a process", f"{build:.3f}", "100%"])
    print(table(["part", "s", "share"], rows))


# -- 3. corpus scaling ------------------------------------------------------------------


_SUMMARY = re.compile(r"triples (\d+) \(\+(\d+) shared\)")


def scaling_benchmark(sizes: list[int], runs: int, work: Path, seed: int) -> dict:
    rows = {}
    for n in sizes:
        folder = work / f"corpus-{n}"
        docs = corpus.write_corpus(folder, n, seed)
        repeat = runs if n == 1 else (min(runs, 3) if n <= 10 else 1)
        measured = []
        triples = shared = 0
        for _ in range(repeat):
            out = work / f"scaling-out-{n}"
            shutil.rmtree(out, ignore_errors=True)
            log(f"corpus N={n}: westdev-kg build DIR --jobs {JOBS} --reasoner skip")
            run = run_process([str(CLI), "build", str(folder), "-o", str(out), "--reports", str(work / f"scaling-reports-{n}"), "--jobs", str(JOBS), "--reasoner", "skip", "--release-date", RELEASE_DATE], sample=True)
            if run.code != 0:
                raise SystemExit(f"bench: the corpus build of N={n} failed (exit {run.code}):\n{run.stderr[-3000:]}")
            written = len(list((out / "documents").glob("*.ttl")))
            if written != n:
                raise SystemExit(f"bench: the corpus build of N={n} wrote {written} document graphs")
            if m := _SUMMARY.search(run.stdout):
                triples, shared = int(m.group(1)), int(m.group(2))
            measured.append(run)
            shutil.rmtree(out, ignore_errors=True)
        s = summarize_runs(measured)
        rows[n] = s | {
            "documents": n,
            "bytes": sum(len(d.text.encode("utf-8")) for d in docs),
            "measures": sum(d.measures for d in docs),
            "triples": triples,
            "shared_triples": shared,
            "s_per_doc": s["wall"]["median"] / n,
            "cpu_per_doc": s["cpu"]["median"] / n,
        }
        shutil.rmtree(folder, ignore_errors=True)
    # marginal cost per document between consecutive sizes, and a least-squares line t = a + b N
    ns = sorted(rows)
    for prev, n in zip(ns, ns[1:]):
        rows[n]["marginal_s_per_doc"] = (rows[n]["wall"]["median"] - rows[prev]["wall"]["median"]) / (n - prev)
    verdict = {}
    if len(ns) >= 3:
        xs, ys = ns, [rows[n]["wall"]["median"] for n in ns]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        verdict["fit_seconds_per_doc"] = b
        verdict["fit_fixed_seconds"] = my - b * mx
        last, before = ns[-1], ns[-2]
        if before > 1 and "marginal_s_per_doc" in rows[before]:
            ratio = rows[last]["marginal_s_per_doc"] / rows[before]["marginal_s_per_doc"]
            verdict["marginal_ratio"] = ratio
            verdict["linear"] = ratio <= 1.2
        # against the size before the largest (N=100 for N=1000): at N=10 each of the two workers
        # has built five documents, and the allocator's arenas have not reached their working
        # size; growth *with N* shows as a rising peak from one tenfold step to the next
        base = before if before >= 10 else None
        if base is not None:
            mem_ratio = rows[last]["tree_pss_mib"] / rows[base]["tree_pss_mib"]
            proc_ratio = rows[last]["maxrss_mib"] / rows[base]["maxrss_mib"]
            verdict["memory_ratio_tree_pss"] = mem_ratio
            verdict["memory_ratio_maxrss"] = proc_ratio
            verdict["memory_flat"] = max(mem_ratio, proc_ratio) <= 1.25
            verdict["memory_base_n"] = base
    return {"sizes": {str(n): v for n, v in rows.items()}, "verdict": verdict, "seed": seed, "jobs": JOBS}


def print_scaling(r: dict) -> None:
    print(f"\n3. Corpus scaling: westdev-kg build DIR --jobs {r['jobs']} --reasoner skip (composed by bench/corpus.py, seed {r['seed']})")
    rows = []
    for n, v in r["sizes"].items():
        marginal = v.get("marginal_s_per_doc")
        rows.append([
            n, f"{v['bytes'] / 1e6:.2f}", str(v["measures"]), str(v["triples"]), f"{v['wall']['median']:.1f}", str(v["wall"]["runs"]),
            f"{v['s_per_doc']:.3f}", f"{v['cpu_per_doc']:.3f}", f"{marginal:.3f}" if marginal is not None else "–",
            f"{v['maxrss_mib']:.0f}", f"{v['tree_pss_mib']:.0f}",
        ])  # fmt: skip
    print(table(["N", "MB", "measures", "triples", "wall s", "runs", "s/doc", "cpu s/doc", "marginal s/doc", "peak MiB (1 proc)", "tree PSS MiB"], rows))
    v = r["verdict"]
    if v:
        parts = [f"least-squares fit: {v['fit_fixed_seconds']:.2f} s + {v['fit_seconds_per_doc']:.3f} s × N"]
        if "linear" in v:
            parts.append(f"marginal s/doc of the last step / the step before = {v['marginal_ratio']:.2f} → time {'linear' if v['linear'] else 'NOT linear'}")
        if "memory_flat" in v:
            parts.append(
                f"peak memory at the largest N / at N={v['memory_base_n']}: tree PSS ×{v['memory_ratio_tree_pss']:.2f}, "
                f"largest process ×{v['memory_ratio_maxrss']:.2f} → memory {'flat' if v['memory_flat'] else 'GROWS'}"
            )
        print("\n".join(parts))
    print("s/doc = wall / N; cpu s/doc = CPU of the whole process tree / N; marginal s/doc = extra wall per extra document since the previous N")


# -- 4. queries -------------------------------------------------------------------------


def rdflib_worker(folder: Path, query: Path) -> None:
    """(Child process) rdflib's engine on the release: a first run, then up to 20 more; JSON on stdout."""
    from rdflib import Graph

    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    sparql = query.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    rows = list(graph.query(sparql))  # the first run also warms rdflib's SPARQL parser and algebra
    first = time.perf_counter() - t0
    n = 20 if first < 0.1 else (5 if first < 1.0 else 3)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        rows = list(graph.query(sparql))
        times.append(time.perf_counter() - t0)
    print(json.dumps(stats(times) | {"rows": len(rows), "first": first}))


def rdflib_query(folder: Path, query: Path, timeout: float) -> dict:
    """rdflib's latency for one query, in a child process so that a very slow query can be given up."""
    argv = [str(PYTHON), str(Path(__file__).resolve()), "--rdflib-worker", str(folder), str(query)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout)


def query_benchmark(runs: int, work: Path, rdflib_timeout: float) -> dict:
    from rdflib import Graph

    from westdev_kg import resources
    from westdev_kg.query import load_release, run_select

    folder = work / "query-release"
    code = run_process([str(CLI), "build", "-q", "-o", str(folder), "--reasoner", "skip", "--release-date", RELEASE_DATE]).code
    if code != 0:
        raise SystemExit(f"bench: building the release to query failed (exit {code})")
    files = sorted(folder.glob("*.ttl"))

    load_ox = []
    for _ in range(3):
        t0 = time.perf_counter()
        store = load_release(folder)
        load_ox.append(time.perf_counter() - t0)
    load_rdflib = []
    for _ in range(3):
        t0 = time.perf_counter()
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        load_rdflib.append(time.perf_counter() - t0)

    ox_runs = max(20, runs * 4)
    result = {"files": [p.name for p in files], "triples": len(store), "load_oxigraph": stats(load_ox), "load_rdflib": stats(load_rdflib), "queries": {}}
    for path in sorted(resources.queries_dir().glob("*.rq")):
        sparql = path.read_text(encoding="utf-8")
        _, rows = run_select(store, sparql)  # warm
        times = []
        for _ in range(ox_runs):
            t0 = time.perf_counter()
            _, rows = run_select(store, sparql)
            times.append(time.perf_counter() - t0)
        rdf = rdflib_query(folder, path, rdflib_timeout)
        target = TARGETS["query_evidence"] if path.stem == EVIDENCE_QUERY else TARGETS["query"]
        ox = stats(times)
        result["queries"][path.stem] = {
            "rows": len(rows),
            "rows_rdflib": rdf.get("rows"),
            "oxigraph": ox,
            "rdflib": rdf,
            "target": target,
            "met": ox["median"] <= target,
        }
    return result


def print_queries(r: dict) -> None:
    print(
        f"\n4. Queries over the bundled release ({r['triples']} triples in {len(r['files'])} Turtle files); "
        f"load: pyoxigraph {ms(r['load_oxigraph']['median'])} ms, rdflib {ms(r['load_rdflib']['median'])} ms"
    )
    rows = []
    for name, v in r["queries"].items():
        o, g = v["oxigraph"], v["rdflib"]
        same = "" if v["rows_rdflib"] in (None, v["rows"]) else f" (rdflib {v['rows_rdflib']})"
        if "median" in g:
            rdf = [ms(g["median"]), str(g["runs"]), f"{g['median'] / o['median']:.0f}×"]
        elif "timeout" in g:
            rdf = [f"> {g['timeout'] * 1000:.0f}", "0", "–"]
        else:
            rdf = ["error", "0", "–"]
        rows.append([
            name, f"{v['rows']}{same}", ms(o["median"]), f"{ms(o['min'])}–{ms(o['max'])}", str(o["runs"]),
            *rdf, f"{ms(v['target'])}", mark(v["met"]),
        ])  # fmt: skip
    print(table(["query", "rows", "oxigraph ms", "min–max", "runs", "rdflib ms", "runs", "rdflib/ox", "target ms", ""], rows))
    print(
        "latency = SPARQL parse + evaluation + reading every row (run_select for pyoxigraph, list(Graph.query) for rdflib, "
        "in a child process given up after the timeout; rdflib runs: 20, or 5 when a run takes over 0.1 s, 3 over 1 s)"
    )


# -- targets ----------------------------------------------------------------------------


def targets(results: dict) -> list[dict]:
    out = []
    proc = results.get("process") or {}
    skip = proc.get("westdev-kg build --reasoner skip")
    if skip:
        w = skip["wall"]["median"]
        out.append({"target": "westdev-kg build (bundled text, validation, no reasoner), process", "limit": f"≤ {TARGETS['process_skip']} s (aim {TARGETS['process_skip_aim']} s)", "measured": f"{w:.2f} s (CPU {skip['cpu']['median']:.2f} s)", "met": w <= TARGETS["process_skip"]})
    ratio = results.get("ratio")
    if ratio:
        out.append({"target": "build (reasoner skipped) / a process importing rdflib and pySHACL", "limit": f"≤ ×{TARGETS['ratio']}", "measured": f"×{ratio['median_pair_ratio']:.2f} (medians {ratio['build']['median']:.2f} s / {ratio['floor']['median']:.2f} s; CPU ×{ratio['cpu']['median_pair_ratio']:.2f})", "met": ratio["median_pair_ratio"] <= TARGETS["ratio"]})
    stages = results.get("stages") or {}
    if stages.get("reason"):
        w = stages["reason"]["wall"]["median"]
        out.append({"target": "reasoner check on its own (reason stage)", "limit": f"≤ {TARGETS['reason']} s", "measured": f"{w:.2f} s (CPU incl. JVM {stages['reason']['cpu']['median']:.2f} s)", "met": w <= TARGETS["reason"]})
    scaling = results.get("scaling") or {}
    if scaling:
        largest = max(scaling["sizes"], key=int)
        v = scaling["sizes"][largest]
        ok = v["s_per_doc"] <= TARGETS["per_doc_1000"] if largest == "1000" else None
        out.append({"target": f"corpus, --jobs {JOBS}, s per document at N={largest}", "limit": f"≤ {TARGETS['per_doc_1000']} s at N=1000 (aim {TARGETS['per_doc_1000_aim']})", "measured": f"{v['s_per_doc']:.3f} s/doc (CPU {v['cpu_per_doc']:.3f})", "met": ok})
        verdict = scaling["verdict"]
        if "linear" in verdict:
            out.append({"target": "corpus time linear in N", "limit": "marginal s/doc of the last step ≤ 1.2 × the step before", "measured": f"×{verdict['marginal_ratio']:.2f}", "met": verdict["linear"]})
        if "memory_flat" in verdict:
            out.append({"target": "corpus peak memory flat in N", "limit": f"≤ 1.25 × the peak at N={verdict['memory_base_n']}", "measured": f"tree PSS ×{verdict['memory_ratio_tree_pss']:.2f}, largest process ×{verdict['memory_ratio_maxrss']:.2f}", "met": verdict["memory_flat"]})
    queries = results.get("queries") or {}
    for name, v in (queries.get("queries") or {}).items():
        out.append({"target": f"query {name} ({v['rows']} rows), pyoxigraph median", "limit": f"≤ {ms(v['target'])} ms", "measured": f"{ms(v['oxigraph']['median'])} ms", "met": v["met"]})
    return out


def print_targets(rows: list[dict]) -> None:
    print("\n5. Targets (issue 6)")
    print(table(["target", "limit", "measured", ""], [[r["target"], r["limit"], r["measured"], mark(r["met"])] for r in rows], right=set()))


# -- main -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="westdev-kg benchmarks (see bench/README.md)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="3 runs, corpus N up to 100, rdflib given up after 20 s per query")
    size.add_argument("--full", action="store_true", help="corpus N up to 1000 (several minutes)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5; 3 with --quick)")
    parser.add_argument("--sizes", default=None, help="corpus sizes, comma-separated (default 1,10,100; 1,10,100,1000 with --full)")
    parser.add_argument("--only", default="stages,process,ratio,scaling,queries", help="sections to run (default: all)")
    parser.add_argument("--no-reasoner", action="store_true", help="do not time the reasoner even when Java is present")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="save every figure as JSON")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS", help=f"first wait up to SECONDS for the 1-minute load average to fall below {QUIET_LOAD}")
    parser.add_argument("--rdflib-timeout", type=float, default=None, metavar="SECONDS", help="give up rdflib's engine on a query after SECONDS (default 60; 20 with --quick)")
    parser.add_argument("--rdflib-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.rdflib_worker:
        rdflib_worker(*args.rdflib_worker)
        return 0

    runs = args.runs or (3 if args.quick else 5)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([1, 10, 100, 1000] if args.full else [1, 10, 100])
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = sections - {"stages", "process", "ratio", "scaling", "queries"}
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if not CLI.exists():
        parser.error(f"{CLI} not found: install the package first (make install)")

    if args.wait_quiet:
        wait_for_quiet(args.wait_quiet)
    info = machine()
    results: dict = {"machine": info, "runs": runs, "load": {}}
    print(f"westdev-kg benchmarks — {info['date']}, commit {info['commit']}")
    print(
        f"machine: {info['nproc']} cores (nproc), {info['cpu']}, {info['memory_gib']} GiB; Python {info['python']}; "
        f"{info['java'] or 'no Java'}; " + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    )
    busy = info["load_at_start"][0] > QUIET_LOAD
    print(f"load average at start: {' '.join(map(str, info['load_at_start']))}" + ("  (BUSY: compare CPU times, not only wall times)" if busy else ""))

    keep = args.keep is not None
    work = args.keep.resolve() if keep else Path(tempfile.mkdtemp(prefix="westdev-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if "stages" in sections:
            log(f"stages: {runs} in-process builds" + ("" if args.no_reasoner else " (and as many with the reasoner)"))
            results["stages"] = stage_benchmark(runs, work, not args.no_reasoner)
            results["load"]["stages"] = load()
            print_stages(results["stages"])
        if "process" in sections:
            log(f"process: {runs} runs of each command")
            results["process"] = process_benchmark(runs, work, not args.no_reasoner)
            results["load"]["process"] = load()
            print_process(results["process"], runs)
        if "ratio" in sections:
            log(f"ratio: {max(runs, 10)} interleaved pairs")
            results["ratio"] = ratio_benchmark(max(runs, 10), work)
            results["load"]["ratio"] = load()
            print_ratio(results["ratio"])
        if "scaling" in sections:
            results["scaling"] = scaling_benchmark(sizes, runs, work, args.seed)
            results["load"]["scaling"] = load()
            print_scaling(results["scaling"])
        if "queries" in sections:
            log("queries")
            results["queries"] = query_benchmark(runs, work, args.rdflib_timeout or (20.0 if args.quick else 60.0))
            results["load"]["queries"] = load()
            print_queries(results["queries"])
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = targets(results)
    results["load"]["end"] = load()
    print_targets(results["targets"])
    print("\nload average after each section: " + "; ".join(f"{k} {' '.join(map(str, v))}" for k, v in results["load"].items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
