"""Where the time of a build goes: the profiles behind bench/README.md ("What was slow").

    python bench/profiling.py stages [--runs 5]   # sampled profile per stage and per function
    python bench/profiling.py shapes              # each node shape alone, with its property shapes
    python bench/profiling.py imports             # import time of the command (python -X importtime)
    python bench/profiling.py prototypes          # measured gains of the proposals (monkeypatched, nothing edited)
    python bench/profiling.py memory [--docs 40]  # a folder build's peak memory, as it is and keeping slim outcomes
    python bench/profiling.py all

Times are CPU time (``time.process_time``) unless said otherwise, so that they mean
something on a busy machine.  The stage profile is a sampling profile taken inside
this process (a thread reads the main thread's stack every 2 ms), which costs
far less than cProfile (cProfile makes pyshacl about ten times slower and so distorts
the shares); samples are attributed to the stage whose ``with timer(...)`` block in
``westdev_kg/pipeline.py`` was running, and scaled to the stage's measured CPU time.
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = Path(sys.executable)
CLI = PYTHON.with_name("westdev-kg")
RELEASE_DATE = "2026-11-27"


def cpu_median(fn, runs: int = 5, warm: bool = True) -> float:
    if warm:
        fn()
    times = []
    for _ in range(runs):
        c0 = time.process_time()
        fn()
        times.append(time.process_time() - c0)
    return statistics.median(times)


def ab(fa, fb, runs: int = 9, clock=time.thread_time) -> tuple[float, float]:
    """Medians of A and B measured alternately (A B A B …), so that a change in the machine's load hits both."""
    fa(), fb()
    a, b = [], []
    for _ in range(runs):
        for fn, out in ((fa, a), (fb, b)):
            c0 = clock()
            fn()
            out.append(clock() - c0)
    return statistics.median(a), statistics.median(b)


def bundled():
    from westdev_kg import pipeline, resources

    options = pipeline.Options(output=Path(tempfile.mkdtemp(prefix="westdev-profile-")), reasoner="skip", release_date=RELEASE_DATE)
    return pipeline, options, resources.bundled_text_path()


# -- a sampling profiler -----------------------------------------------------------------


class Sampler(threading.Thread):
    """Records the main thread's stack every ``interval`` seconds."""

    def __init__(self, interval: float = 0.002) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.stacks: list[tuple[tuple[str, str, int], ...]] = []
        self._halt = threading.Event()
        self._main = threading.main_thread().ident

    def run(self) -> None:
        while not self._halt.is_set():
            frame = sys._current_frames().get(self._main)
            stack = []
            while frame is not None:
                stack.append((frame.f_code.co_filename, frame.f_code.co_name, frame.f_lineno))
                frame = frame.f_back
            self.stacks.append(tuple(reversed(stack)))
            time.sleep(self.interval)

    def __enter__(self) -> Sampler:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(0.001)  # let the sampler in often enough
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self._halt.set()
        self.join()
        sys.setswitchinterval(self._switch)


def _short(filename: str, name: str) -> str:
    if "site-packages/" in filename:
        return f"{filename.split('site-packages/', 1)[1]}:{name}"
    if "westdev_kg/" in filename:
        return f"westdev_kg/{filename.rsplit('westdev_kg/', 1)[1]}:{name}"
    return f"{Path(filename).name}:{name}"


def _stage_lines(pipeline_file: Path) -> dict[tuple[str, int], str]:
    """(function, line) -> stage for every line inside a ``with timer("stage"):`` block."""
    tree = ast.parse(pipeline_file.read_text(encoding="utf-8"))
    out: dict[tuple[str, int], str] = {}
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.With):
                for item in node.items:
                    call = item.context_expr
                    if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "timer" and call.args and isinstance(call.args[0], ast.Constant):
                        for line in range(node.body[0].lineno, node.end_lineno + 1):
                            out[(func.name, line)] = call.args[0].value
    return out


_CHILD = """
import sys, time
from pathlib import Path
from westdev_kg import pipeline, resources
options = pipeline.Options(output=Path(sys.argv[1]), reasoner="skip", release_date="2026-11-27")
path = resources.bundled_text_path()
pipeline.build(path, options)  # warm: imports, shapes, ontology
print("ready", flush=True)
sys.stdin.readline()
time.sleep(0.3)  # py-spy attaches
for _ in range(int(sys.argv[2])):
    pipeline.build(path, options)
"""


def py_spy_stacks(py_spy: str, runs: int) -> list[tuple[tuple[str, str, int], ...]]:
    """Stacks sampled by py-spy (250 Hz, native: no GIL bias) in a warm child process."""
    work = Path(tempfile.mkdtemp(prefix="westdev-pyspy-"))
    child = subprocess.Popen([str(PYTHON), "-c", _CHILD, str(work / "out"), str(runs)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    child.stdout.readline()
    raw = work / "raw.txt"
    spy = subprocess.Popen([py_spy, "record", "--pid", str(child.pid), "--rate", "250", "--full-filenames", "--format", "raw", "--output", str(raw)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.2)
    child.stdin.write("go\n")
    child.stdin.flush()
    child.wait()
    spy.wait()
    stacks = []
    frame = re.compile(r"(.*) \((.*):(\d+)\)$")
    for line in raw.read_text().splitlines():
        text, _, count = line.rpartition(" ")
        parsed = []
        for part in text.split(";"):
            m = frame.match(part)
            if m:
                parsed.append((m.group(2), m.group(1).split(".")[-1] if "." in m.group(1) and "<" not in m.group(1) else m.group(1), int(m.group(3))))
        stacks += [tuple(parsed)] * int(count)
    return stacks


def stage_profile(runs: int, top: int) -> None:
    pipeline, options, path = bundled()
    stage_of = _stage_lines(Path(pipeline.__file__))
    pipeline.build(path, options)  # warm: imports, shapes, ontology
    timings: list[dict[str, float]] = []

    original = pipeline.Timer

    class CpuTimer(original):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.cpu: dict[str, float] = {}
            timings.append(self.cpu)

        def __call__(self, stage: str):
            from contextlib import contextmanager

            @contextmanager
            def timed():
                c0 = time.thread_time()  # the main thread's CPU: the sampler's own is left out
                with original.__call__(self, stage):
                    try:
                        yield
                    finally:
                        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.thread_time() - c0

            return timed()

    pipeline.Timer = CpuTimer
    py_spy = shutil.which("py-spy")
    try:
        if py_spy:
            for _ in range(runs):  # CPU per stage, measured here
                pipeline.build(path, options)
            stacks = py_spy_stacks(py_spy, runs)
            how = f"py-spy ({py_spy}) at 250 Hz in a warm child process"
        else:
            with Sampler() as sampler:
                for _ in range(runs):
                    pipeline.build(path, options)
            stacks = sampler.stacks
            how = ("the built-in sampler (py-spy not on PATH; it over-samples calls that release the GIL, "
                   "such as os.urandom in uuid4 and file writes)")
    finally:
        pipeline.Timer = original
    cpu = {s: statistics.median(t.get(s, 0.0) for t in timings) for s in timings[0]}
    by_stage: dict[str, list] = collections.defaultdict(list)
    pipe = "westdev_kg/pipeline.py"
    for stack in stacks:
        stage = None
        for filename, name, line in stack:
            if filename.endswith(pipe) and (name, line) in stage_of:
                stage = stage_of[(name, line)]
        if stage is not None:
            by_stage[stage].append(stack)
    total = sum(cpu.values())
    print(f"Sampled profile of {runs} warm in-process builds of the bundled text (reasoner skipped); CPU per build {total:.3f} s")
    print(f"{len(stacks)} samples by {how};\na stage's ms = its median CPU time per build here, split by the share of its samples\n")
    for stage, seconds in sorted(cpu.items(), key=lambda kv: -kv[1]):
        stacks = by_stage.get(stage, [])
        print(f"== {stage}: {seconds * 1000:.0f} ms per build ({100 * seconds / total:.0f} %), {len(stacks)} samples")
        if len(stacks) < 20:
            continue
        inclusive: collections.Counter = collections.Counter()
        own: collections.Counter = collections.Counter()
        for stack in stacks:
            names = [_short(f, n) for f, n, _ in stack]
            start = next((i for i, (f, n, l) in enumerate(stack) if f.endswith(pipe) and (n, l) in stage_of), 0) + 1
            for name in set(names[start:]):
                inclusive[name] += 1
            own[names[-1]] += 1
        scale = seconds * 1000 / len(stacks)
        print("   inclusive (ms)                                                  self (ms)")
        left = [f"{inclusive[n] * scale:7.0f}  {n[:55]}" for n, _ in inclusive.most_common(top)]
        right = [f"{c * scale:7.0f}  {n[:60]}" for n, c in own.most_common(top)]
        for a, b in zip(left, right):
            print(f"  {a:<64} {b}")
        print()


# -- shapes ------------------------------------------------------------------------------


def shape_profile() -> None:
    from pyshacl import validate as shacl
    from rdflib import RDF, Graph
    from rdflib.namespace import SH

    pipeline, options, path = bundled()
    from westdev_kg.stages import graph as graph_stage

    from westdev_kg import rdf

    extraction = pipeline.extract_all(path, options)
    data = rdf.to_rdflib_indexed(graph_stage.build_triples(extraction, options.release()))  # as validate.validate makes it
    raw = Graph().parse(pipeline.resources.shapes_path(), format="turtle")
    loaded = pipeline.shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

    def run(shapes: Graph) -> float:
        return cpu_median(lambda: shacl(data, shacl_graph=shapes, inference="none", allow_warnings=True), runs=3)

    def only(shapes: Graph, keep: set) -> Graph:
        g = Graph()
        for s, p, o in shapes:
            if p in targets and s not in keep:
                continue
            g.add((s, p, o))
        return g

    from westdev_kg.stages import validate as validate_stage

    flatten = getattr(validate_stage, "flatten", lambda g: g)  # as pipeline.shapes_graph prepares them
    everything = run(loaded)
    nothing = run(flatten(only(raw, set())))
    print(f"pyshacl over the bundled graph ({len(data)} triples): all shapes as loaded {everything * 1000:.0f} ms CPU; no targets at all {nothing * 1000:.0f} ms (fixed cost)")
    print(f"(the shapes as written, not flattened: {run(raw) * 1000:.0f} ms)\n")
    rows = []
    for node_shape in sorted(set(raw.subjects(RDF.type, SH.NodeShape))):
        group = {node_shape, *raw.objects(node_shape, SH.property)}
        focus = set()
        for t in raw.objects(node_shape, SH.targetClass):
            focus |= set(data.subjects(RDF.type, t))
        seconds = run(flatten(only(raw, {node_shape}))) - nothing
        kinds = sorted({str(p).split("#")[-1] for s in group for p in raw.predicates(s) if p in (SH["or"], SH.qualifiedValueShape, SH["in"], SH.pattern, SH["class"], SH.lessThanOrEquals)})
        rows.append((seconds, str(node_shape).split("#")[-1], len(focus), len(group) - 1, kinds))
    print(f"{'node shape (with its property shapes)':40} {'focus':>6} {'props':>5} {'ms CPU':>7}  constraints worth noting")
    for seconds, name, focus, props, kinds in sorted(rows, reverse=True):
        print(f"{name:40} {focus:6} {props:5} {seconds * 1000:7.0f}  {', '.join(kinds)}")
    print(f"{'sum':40} {'':6} {'':5} {sum(r[0] for r in rows) * 1000:7.0f}")


# -- imports -----------------------------------------------------------------------------


def import_profile() -> None:
    env = {**os.environ}
    for statement, label in (("import westdev_kg.cli", "westdev-kg's entry point"), ("import westdev_kg.pipeline, pyshacl, pyshacl.validator", "what a build imports before validating")):
        done = subprocess.run([str(PYTHON), "-X", "importtime", "-c", statement], capture_output=True, text=True, env=env)
        rows = []
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
            if m:
                rows.append((int(m.group(2)), len(m.group(3)) // 2, m.group(4), int(m.group(1))))
        total = sum(r[0] for r in rows if r[1] == 0)
        print(f"python -X importtime -c '{statement}' ({label}): {total / 1000:.0f} ms in all (cumulative of the top-level imports)")
        for cumulative, depth, name, own in sorted((r for r in rows if r[1] <= 2), reverse=True)[:14]:
            print(f"  {cumulative / 1000:6.0f} ms  {'  ' * depth}{name}  (self {own / 1000:.0f} ms)")
        print()
    print("PYTHONDONTWRITEBYTECODE=" + repr(os.environ.get("PYTHONDONTWRITEBYTECODE", "")), "in this environment; westdev_kg/__pycache__ exists:", (REPO / "westdev_kg" / "__pycache__").is_dir())


# -- prototypes --------------------------------------------------------------------------


def prototypes() -> None:
    """Each proposal, monkeypatched into this process, against the code as it is."""
    pipeline, options, path = bundled()
    from westdev_kg.stages import graph as graph_stage
    from westdev_kg import rdf
    from westdev_kg.stages import serialize

    release = options.release()
    extraction = pipeline.extract_all(path, options)
    data = graph_stage.build_graph(extraction, release)
    print(f"bundled text: {len(data)} triples; medians of A and B measured alternately (CPU time of this thread; wall time for queries and processes)\n")

    # 1. sort by integer ranks of the distinct terms (same order)
    if hasattr(serialize, "sort_plain"):
        rows = rdf.from_rdflib(data)

        def sort_ranked(triples):
            triples = list(triples)
            natural: dict = {}

            def key(term):
                if term[0] == "i":
                    found = natural.get(term[1])
                    if found is None:
                        found = natural[term[1]] = serialize.natural_key(term[1])
                    return (0, found)
                return (1, (term[1],)) if term[0] == "b" else (2, term[2:] + term[1:2])

            rank_s = {t: i for i, t in enumerate(sorted({t[0] for t in triples}, key=key))}
            rank_p = {t: i for i, t in enumerate(sorted({t[1] for t in triples}, key=lambda p: (p[1] != serialize.RDF_TYPE, key(p))))}
            rank_o = {t: i for i, t in enumerate(sorted({t[2] for t in triples}, key=key))}
            return sorted(triples, key=lambda t: (rank_s[t[0]], rank_p[t[1]], rank_o[t[2]]))

        same = sort_ranked(rows) == serialize.sort_plain(rows)
        a, b = ab(lambda: serialize.sort_plain(rows), lambda: sort_ranked(rows))
        print(f"1. serialize.sort_plain {a * 1000:.0f} ms -> rank the distinct terms, sort by 3 integers {b * 1000:.0f} ms (same order: {same})")
    else:
        print("1. (serialize.sort_plain is gone: prototype not applicable)")

    # 2. run_select reading solutions by position
    from westdev_kg.query import load_release, run_select

    folder = Path(tempfile.mkdtemp(prefix="westdev-profile-q-"))
    subprocess.run([str(CLI), "build", "-q", "-o", str(folder), "--reasoner", "skip", "--release-date", RELEASE_DATE], check=True)
    store = load_release(folder)

    def run_select_by_position(store, sparql):
        solutions = store.query(sparql)
        variables = [v.value for v in solutions.variables]
        return variables, [{n: t for n, t in zip(variables, s) if t is not None} for s in solutions]

    print("2. query.run_select (solution[name], twice per variable) -> zip(variables, solution):")
    for q in sorted((REPO / "queries").glob("*.rq")):
        sparql = q.read_text(encoding="utf-8")
        same = run_select(store, sparql) == run_select_by_position(store, sparql)
        a, b = ab(lambda: run_select(store, sparql), lambda: run_select_by_position(store, sparql), 30, time.perf_counter)
        print(f"   {q.stem:24} {a * 1000:6.1f} ms -> {b * 1000:6.1f} ms  (same rows: {same})")

    in_region = REPO / "queries" / "cq-measures-in-region.rq"
    if in_region.is_file():
        rewritten = re.sub(
            r"WHERE \{.*\}\s*ORDER BY",
            """WHERE {
  { SELECT DISTINCT ?measure ?place WHERE {
      ?mention wdo:inSection ?measure ;
               wdo:refersTo|wdo:refersToComponent ?place .
      ?place a wdo:Region .
  } }
  ?measure a wdo:Measure ;
           wdo:number ?measureNumber .
  ?place wdo:locatedIn* ?region .
  ?region a wdo:Region ;
          skos:prefLabel ?regionLabel .
  FILTER (lang(?regionLabel) = "en")
}
ORDER BY""",
            in_region.read_text(encoding="utf-8"),
            flags=re.S,
        )
        original = in_region.read_text(encoding="utf-8")
        same = run_select_by_position(store, original) == run_select_by_position(store, rewritten)
        a, b = ab(lambda: run_select_by_position(store, original), lambda: run_select_by_position(store, rewritten), 30, time.perf_counter)
        print(f"   cq-measures-in-region rewritten (distinct measure and place first, then wdo:locatedIn*): {a * 1000:.1f} ms -> {b * 1000:.1f} ms (same rows: {same})")

    # 3. graph building: Graph.add vs the store's add
    import westdev_kg.stages.graph as graph_module
    from rdflib import Graph

    class StoreAddGraph(Graph):
        """A Graph whose add goes straight to the Memory store (no per-triple type assertions)."""

        def __init__(self) -> None:
            super().__init__()
            store, ctx = self.store, self
            self.add = lambda triple: store.add(triple, ctx, quoted=False)  # type: ignore[method-assign]

    def with_graph(cls):
        def build():
            graph_module.Graph = cls
            try:
                return graph_stage.build_graph(extraction, release)
            finally:
                graph_module.Graph = Graph
        return build

    class ListGraph(list):
        add = list.append

    a, b = ab(with_graph(Graph), with_graph(StoreAddGraph))
    _, c = ab(with_graph(Graph), with_graph(ListGraph), 5)
    same = len(with_graph(StoreAddGraph)()) == len(data)
    print(f"3. build_graph {a * 1000:.0f} ms; with Graph.add -> store.add {b * 1000:.0f} ms (same size: {same}); the same code appending to a list {c * 1000:.0f} ms (the floor without rdflib's store)")

    # 4. pySHACL's sh:or: every alternative is checked for every value node (building and dropping a
    #    violation report for each failing one); stop at the first alternative that conforms instead
    from pyshacl.constraints.core import logical_constraints as logical
    from pyshacl.errors import ReportableRuntimeError

    from westdev_kg.stages import validate as validate_stage

    shapes = pipeline.shapes_graph()

    def or_first_match(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path):
        reports, non_conformant = [], False
        alternatives = []
        for o in self.shape.sg.graph.items(or_c):  # list order, not a set
            if self.shape.sg.is_filtered_out_shape(o):
                continue
            shape = self.shape.get_other_shape(o)
            if not shape:
                raise ReportableRuntimeError("Shape pointed to by sh:or does not exist or is not a well-formed SHACL Shape.")
            alternatives.append(shape)
        if not alternatives:
            return False, []
        for f, value_nodes in focus_value_nodes.items():
            for v in value_nodes:
                if not any(a.validate(executor, target_graph, focus=v, _evaluation_path=_evaluation_path[:])[0] for a in alternatives):
                    non_conformant = True
                    reports.append(self.make_v_result(target_graph, f, value_node=v))
        return non_conformant, reports

    original_or = logical.OrConstraintComponent._evaluate_or_constraint

    def validate_with(method):
        def check():
            logical.OrConstraintComponent._evaluate_or_constraint = method
            try:
                return validate_stage.validate(data, shapes)
            finally:
                logical.OrConstraintComponent._evaluate_or_constraint = original_or
        return check

    a, b = ab(validate_with(original_or), validate_with(or_first_match), 7)
    same = validate_with(or_first_match)().conforms
    print(f"4. validate {a * 1000:.0f} ms -> sh:or stopping at the first conforming alternative {b * 1000:.0f} ms (conforms: {same})")

    # 5. the process: PYTHONDONTWRITEBYTECODE (set here) vs a warm bytecode cache
    argv = [str(CLI), "build", "-q", "-o", str(folder), "--reasoner", "skip", "--release-date", RELEASE_DATE]

    prefix = Path(tempfile.mkdtemp(prefix="westdev-pyc-"))
    no_cache = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": str(prefix)}

    def process(env):
        return lambda: subprocess.run(argv, check=True, env=env)

    def children() -> float:
        t = os.times()
        return t.children_user + t.children_system

    (w1, w2), (c1, c2) = ab(process(no_cache), process(cached), 6, time.perf_counter), ab(process(no_cache), process(cached), 4, children)
    print(f"5. westdev-kg build --reasoner skip as a process: no bytecode cache for westdev_kg {w1:.2f} s wall / {c1:.2f} s CPU; with one {w2:.2f} s / {c2:.2f} s")


def memory_profile(docs: int) -> None:
    """Peak memory of a folder build (results are stripped of their bytes once written)."""
    import corpus
    import run

    work = Path(tempfile.mkdtemp(prefix="westdev-memory-"))
    corpus.write_corpus(work / "corpus", docs)
    common = [str(work / "corpus"), "--jobs", "2", "--reasoner", "skip", "-q", "--release-date", RELEASE_DATE]
    for label, argv in (
        ("as it is", [str(CLI), "build", "-o", str(work / "a"), *common]),
    ):
        r = run.run_process(argv, sample=True)
        if r.code != 0:
            print(f"{docs} documents, {label:14}: not applicable ({(r.stderr.strip().splitlines() or ['?'])[-1][:120]})")
            continue
        print(f"{docs} documents, {label:14}: {r.wall:.1f} s wall, {r.cpu:.1f} s CPU, "
              f"largest process {r.maxrss_kb / 1024:.0f} MiB, process tree PSS {r.tree_pss_kb / 1024:.0f} MiB")
    if (work / "b" / "westdev.ttl").is_file():
        same = (work / "a" / "westdev.ttl").read_bytes() == (work / "b" / "westdev.ttl").read_bytes()
        print(f"same combined release: {same}")
    shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("stages", "shapes", "imports", "prototypes", "memory", "all"))
    parser.add_argument("--docs", type=int, default=40, help="documents for 'memory' (default 40)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    if args.what in ("stages", "all"):
        stage_profile(args.runs, args.top)
    if args.what in ("shapes", "all"):
        shape_profile()
        print()
    if args.what in ("imports", "all"):
        import_profile()
        print()
    if args.what in ("prototypes", "all"):
        prototypes()
    if args.what == "memory":
        memory_profile(args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
