"""Shared fixtures: one build of the bundled text per session, CLI runner, graph diff.

Also the rules of the test budgets (docs/testing.md):

* markers ``slow``, ``cli``, ``external(what)`` and ``corpus`` (registered in pyproject.toml);
* a test marked ``corpus`` or ``external`` whose requirement is missing is skipped, with the
  reason, on a developer's machine; under ``CI=true`` it fails instead (``require``);
* a test that starts a subprocess without the ``cli`` (or ``external``) marker fails, so that
  ``make test-fast`` (which leaves those markers out) never starts one;
* the Hypothesis profiles ``dev``, ``fast`` and ``ci`` (``examples`` scales a test's own count);
* a per-marker timing summary at the end of the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from westdev_kg import pipeline, resources
from westdev_kg.stages import reason
from tools import virtuoso

pytest_plugins = ("pytester",)  # tests/test_markers.py runs pytest on small test files

REPO = Path(__file__).resolve().parent.parent
# the project's shared folder, beside the repository (a plain clone has none)
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "real"
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
CLI = Path(sys.executable).with_name("westdev-kg")
RELEASE_DATE = "2026-11-27"


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the installed ``westdev-kg`` command the way a user does."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(CLI), *args], cwd=cwd or REPO, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def assert_isomorphic(left: Graph, right: Graph, what: str = "graphs") -> None:
    """Compare by isomorphism; on failure show the triples found on one side only."""
    iso_left, iso_right = to_isomorphic(left), to_isomorphic(right)
    if iso_left == iso_right:
        return
    _, only_left, only_right = graph_diff(iso_left, iso_right)
    def show(graph: Graph) -> str:
        return "\n".join(sorted(" ".join(term.n3() for term in triple) for triple in graph)[:20])

    pytest.fail(f"{what} differ\n--- only in first ({len(only_left)}):\n{show(only_left)}\n--- only in second ({len(only_right)}):\n{show(only_right)}")


@pytest.fixture(scope="session")
def bundled_path() -> Path:
    return resources.bundled_text_path()


@pytest.fixture(scope="session")
def bundled_text(bundled_path: Path) -> str:
    return bundled_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def release(tmp_path_factory, bundled_path: Path):
    """The bundled text built once (reasoner skipped: tests/test_ontology.py runs it)."""
    folder = tmp_path_factory.mktemp("release")
    options = pipeline.Options(output=folder, reports=folder / "reports", release_date=RELEASE_DATE, reasoner="skip")
    result = pipeline.build(bundled_path, options).single()
    return result, folder


@pytest.fixture(scope="session")
def release_graph(release) -> Graph:
    _, folder = release
    return Graph().parse(folder / pipeline.DATA_TTL, format="turtle")


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory) -> Path:
    """A real release of a small text, built once per module."""
    out = tmp_path_factory.mktemp("previous") / "output"
    result = run_cli("build", str(HOSTILE / "plain.txt"), "-o", str(out), "--reasoner", "skip", "-q", "--release-date", RELEASE_DATE)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def output(previous_release: Path, tmp_path: Path) -> Path:
    """A copy of a real previous release, in this test's own folder."""
    out = tmp_path / "output"
    shutil.copytree(previous_release, out)
    return out


# -- what a test needs: skipped on a developer's machine, a failure under CI=true ---------------


def in_ci() -> bool:
    """``CI`` set to anything but empty, ``0``, ``false`` or ``no`` (CI services set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(available: bool, missing: str) -> None:
    """Skip the running test when ``available`` is false; under CI=true fail it: CI runs every test."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{missing} (CI=true: a missing requirement is a failure, not a skip)", pytrace=False)
    pytest.skip(missing)


# what ``@pytest.mark.external(what)`` can name: how to tell it is there, what to say when not
EXTERNAL = {
    "java": (lambda: reason.java_available(), "Java is not on PATH: the HermiT reasoner cannot run"),
    "virtuoso": (lambda: virtuoso.available(), "virtuoso-t or isql-vt is not on PATH (Debian: virtuoso-opensource): "
                 "the queries cannot be compared on Virtuoso"),
}


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """``../shared/corpus/real``; a test asking for it is marked ``corpus`` at collection."""
    return SHARED_CORPUS


# the markers that make ``make test-fast`` leave a test out, in the order of the summary
BUDGET_MARKERS = ("slow", "cli", "external", "corpus")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "shared_corpus" in item.fixturenames and item.get_closest_marker("corpus") is None:
            item.add_marker(pytest.mark.corpus)
        for mark in item.iter_markers("external"):
            unknown = [what for what in mark.args if what not in EXTERNAL]
            if not mark.args or unknown:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.external needs one of {sorted(EXTERNAL)}, not {list(mark.args)}")
        # carried to the controller under xdist, for the summary
        item.user_properties.append(("budget-markers", " ".join(m for m in BUDGET_MARKERS if item.get_closest_marker(m))))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture is set up: a missing requirement skips (or, under CI=true, fails)."""
    if item.get_closest_marker("corpus") is not None:
        require(SHARED_CORPUS.is_dir(), f"the real corpus {SHARED_CORPUS} is missing: clone the project's shared folder beside the repository")
    for mark in item.iter_markers("external"):
        for what in mark.args:
            available, missing = EXTERNAL[what]
            require(available(), missing)


# -- no subprocess without the cli marker ---------------------------------------------------------

SPAWN_EVENTS = frozenset({"subprocess.Popen", "os.system", "os.posix_spawn", "os.exec", "os.spawn"})
_refusing: str | None = None  # the node id of the running test, when it may not start a subprocess
_refused: list[str] = []  # what it tried to start, even if the code under test caught the error


def _refuse_unmarked_spawns(event: str, args: tuple) -> None:
    if _refusing is not None and event in SPAWN_EVENTS:
        what = f"{event} {args[0]!r}" if args else event
        _refused.append(what)
        raise RuntimeError(f"{_refusing} starts a subprocess ({what}) but is not marked cli: add @pytest.mark.cli (make test-fast starts none)")


sys.addaudithook(_refuse_unmarked_spawns)  # an audit hook cannot be removed; it only acts while _refusing is set


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _refusing
    before = _refusing
    allowed = item.get_closest_marker("cli") is not None or item.get_closest_marker("external") is not None
    _refusing = None if allowed else item.nodeid
    _refused.clear()
    try:
        return (yield)
    finally:
        _refusing = before


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _refused and _refusing == item.nodeid:
        if report.passed:  # the code under test caught the error
            report.outcome = "failed"
            report.longrepr = f"{item.nodeid} started a subprocess ({_refused[0]}) without the cli marker: add @pytest.mark.cli"
        _refused.clear()
    return report


# -- Hypothesis profiles ----------------------------------------------------------------------------

# dev: the examples each test asks for, new ones on every run; fast: a fifth of them (make
# test-fast); ci: twice as many, derandomized (the same examples on every run: a CI failure is
# reproducible, never a flake). Chosen by HYPOTHESIS_PROFILE, or pytest --hypothesis-profile NAME.
# Each from Hypothesis's own defaults: under CI Hypothesis has already loaded its "ci" profile,
# which a profile registered without a parent would inherit.
_DEFAULTS = settings.get_profile("default")
settings.register_profile("dev", _DEFAULTS, max_examples=100)
settings.register_profile("fast", _DEFAULTS, max_examples=20)
settings.register_profile("ci", _DEFAULTS, max_examples=200, derandomize=True, database=None, print_blob=True)


def profile_name() -> str:
    return os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev")


settings.load_profile(profile_name())


def examples(count: int, profile: settings | None = None) -> int:
    """``count`` examples under the dev profile, scaled by ``profile`` (default: the one loaded when
    the test module is imported, after ``--hypothesis-profile``): ``@settings(max_examples=examples(60))``."""
    return max(1, count * (profile or settings.default).max_examples // 100)


# -- per-marker timing summary ------------------------------------------------------------------------

_timings: dict[str, list] = {}  # node id -> [budget markers, seconds of setup + call + teardown]


def pytest_runtest_logreport(report):
    markers = dict(report.user_properties).get("budget-markers", "")
    _timings.setdefault(report.nodeid, [markers, 0.0])[1] += report.duration


def pytest_terminal_summary(terminalreporter):
    if not _timings:
        return
    rows = [("fast (none of these)", [t for m, t in _timings.values() if not m])]
    rows += [(marker, [t for m, t in _timings.values() if marker in m.split()]) for marker in BUDGET_MARKERS]
    terminalreporter.write_sep("-", "time per marker (setup + call + teardown, summed over workers)")
    for name, seconds in rows:
        terminalreporter.write_line(f"{name:<22}{len(seconds):>5} tests {sum(seconds):>8.1f} s")
