"""The rules of tests/conftest.py, checked on small test files run by pytest itself (pytester).

A requirement a marker names (``corpus``, ``external('java')``) skips the test with the reason
on a developer's machine and fails it under CI=true; a test that starts a subprocess needs the
``cli`` marker; the Hypothesis profiles scale each test's own number of examples.
"""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import settings

from westdev_kg.stages import reason

from . import conftest
from .conftest import REPO, examples

# the small test files get the markers of pyproject.toml and the hooks and fixture of conftest.py
INNER_CONFTEST = f"""
from tests.conftest import (
    pytest_collection_modifyitems, pytest_runtest_makereport, pytest_runtest_protocol, pytest_runtest_setup, shared_corpus,
)

def pytest_configure(config):
    for line in {tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["markers"]!r}:
        config.addinivalue_line("markers", line)
"""

NEEDS_CORPUS = """
import pytest

@pytest.mark.corpus
def test_marked():
    pass

def test_by_fixture(shared_corpus):
    assert shared_corpus.is_dir()
"""

NEEDS_JAVA = """
import pytest

@pytest.mark.external("java")
def test_reasoner():
    pass
"""


@pytest.fixture
def inner(pytester, monkeypatch):
    pytester.makeconftest(INNER_CONFTEST)
    monkeypatch.syspath_prepend(str(REPO))
    return pytester


@pytest.mark.parametrize("ci", ["", "0", "false"])
def test_a_missing_corpus_skips_with_the_reason_outside_ci(inner, monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "SHARED_CORPUS", tmp_path / "no-shared" / "corpus" / "real")
    inner.makepyfile(NEEDS_CORPUS)
    result = inner.runpytest("-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["SKIPPED*the real corpus */no-shared/corpus/real is missing*"])


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_a_missing_corpus_fails_under_ci(inner, monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(conftest, "SHARED_CORPUS", tmp_path / "no-shared" / "corpus" / "real")
    inner.makepyfile(NEEDS_CORPUS)
    result = inner.runpytest()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*the real corpus * is missing* (CI=true: a missing requirement is a failure, not a skip)*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("ci", ["", "true"])
def test_a_present_corpus_runs_the_tests(inner, monkeypatch, tmp_path, ci):
    monkeypatch.setenv("CI", ci)
    (tmp_path / "real").mkdir()
    monkeypatch.setattr(conftest, "SHARED_CORPUS", tmp_path / "real")
    inner.makepyfile(NEEDS_CORPUS)
    inner.runpytest().assert_outcomes(passed=2)


def test_asking_for_the_shared_corpus_marks_the_test_corpus(inner, monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED_CORPUS", tmp_path)
    inner.makepyfile(NEEDS_CORPUS)
    inner.runpytest("-m", "not corpus").assert_outcomes(deselected=2)


@pytest.mark.parametrize(("ci", "outcome"), [("", {"skipped": 1}), ("true", {"errors": 1})])
def test_missing_java_skips_outside_ci_and_fails_under_it(inner, monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(reason, "java_available", lambda: False)
    inner.makepyfile(NEEDS_JAVA)
    result = inner.runpytest("-rs")
    result.assert_outcomes(**outcome)
    result.stdout.fnmatch_lines(["*Java is not on PATH: the HermiT reasoner cannot run*"])


def test_present_java_runs_the_test(inner, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(reason, "java_available", lambda: True)
    inner.makepyfile(NEEDS_JAVA)
    inner.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize("marker", ["@pytest.mark.external", "@pytest.mark.external('a-database')"])
def test_external_must_name_a_known_requirement(inner, marker):
    inner.makepyfile(f"import pytest\n\n{marker}\ndef test_x():\n    pass\n")
    result = inner.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "@pytest.mark.external needs one of ['java', 'virtuoso']" in result.stderr.str()


SPAWNS = """
import subprocess, sys
import pytest

def test_unmarked():
    subprocess.run([sys.executable, "-c", "pass"], check=True)

def test_unmarked_that_swallows_the_error():
    try:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    except Exception:
        pass

@pytest.mark.cli
def test_marked():
    subprocess.run([sys.executable, "-c", "pass"], check=True)

def test_no_subprocess():
    pass
"""


def test_a_subprocess_needs_the_cli_marker(inner):
    inner.makepyfile(SPAWNS)
    result = inner.runpytest()
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*test_unmarked starts a subprocess (subprocess.Popen *) but is not marked cli*",
        "*test_unmarked_that_swallows_the_error started a subprocess (subprocess.Popen *) without the cli marker*",
    ])  # fmt: skip


def test_examples_scale_with_the_profile():
    assert [examples(60, settings.get_profile(name)) for name in ("dev", "fast", "ci")] == [60, 12, 120]
    assert examples(3, settings.get_profile("fast")) == 1  # never none
    assert settings.get_profile("ci").derandomize and not settings.get_profile("dev").derandomize


@pytest.mark.parametrize(
    ("environ", "name"),
    [({}, "dev"), ({"CI": "true"}, "ci"), ({"CI": "false"}, "dev"), ({"CI": "true", "HYPOTHESIS_PROFILE": "fast"}, "fast")],
)
def test_the_profile_follows_ci_unless_hypothesis_profile_names_one(monkeypatch, environ, name):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert conftest.profile_name() == name


@pytest.mark.cli
@pytest.mark.slow
@pytest.mark.parametrize(("how", "expected"), [({"HYPOTHESIS_PROFILE": "fast"}, 12), ("--hypothesis-profile=ci", 120)])
def test_the_profile_is_loaded_before_the_test_modules_count_their_examples(inner, monkeypatch, how, expected):
    """In a fresh interpreter: the profile named by the environment or by the option is in force
    when a test module computes ``examples(60)`` at import."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    args = []
    if isinstance(how, dict):
        for key, value in how.items():
            monkeypatch.setenv(key, value)
    else:
        args.append(how)
    inner.makepyfile(f"from tests.conftest import examples\n\nCOUNT = examples(60)\n\ndef test_count():\n    assert COUNT == {expected}\n")
    inner.runpytest_subprocess(*args).assert_outcomes(passed=1)
