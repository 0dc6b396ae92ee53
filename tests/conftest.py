"""Shared fixtures: one build of the bundled text per session, CLI runner, graph diff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from westdev_kg import pipeline, resources

REPO = Path(__file__).resolve().parent.parent
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
