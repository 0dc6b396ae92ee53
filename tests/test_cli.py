"""The installed command, run as a user runs it: help, defaults, exit codes, any working directory."""

from __future__ import annotations

import re

import pytest

from .conftest import REPO, run_cli

pytestmark = pytest.mark.cli  # every test runs the installed command

COMMANDS = ("build", "query", "queries")


def test_every_command_has_help_and_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    top = run_cli("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage: westdev-kg " + command in result.stdout
        assert f"westdev-kg {command}" in readme, f"README does not document `westdev-kg {command}`"
    for option in re.findall(r"(--[a-z][a-z-]+)", run_cli("build", "--help").stdout):
        assert option in readme, f"README does not document build option {option}"


def test_version_is_the_package_version():
    from westdev_kg import __version__

    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"westdev-kg {__version__}"


@pytest.mark.slow
def test_build_from_another_directory_finds_its_data_and_writes_where_asked(tmp_path):
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    result = run_cli("build", "-o", "out", "--reasoner", "skip", "--release-date", "2026-11-27", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "parts 7, measures 36" in result.stdout
    assert "SHACL: conforms" in result.stdout
    assert (elsewhere / "out" / "westdev.ttl").stat().st_size > 10_000
    assert not (elsewhere / "reports").exists()


def test_usage_errors_exit_2_with_one_line():
    for args in (("build", "--reasoner", "sometimes"), ("build", "--release-date", "27/11/2026"), ("build", "--base", "not an iri"), ("nonsense",)):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_query_command_prints_the_answers(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "-o", str(out), "--reasoner", "skip", "-q").returncode == 0
    result = run_cli("query", "cq-structure", "-d", str(out), "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 37 and "measureNumber" in lines[0]
    assert "Fight three major battles" in lines[1]
    missing = run_cli("query", "cq-structure", "-d", str(tmp_path / "empty"))
    assert missing.returncode == 2 and "no Turtle files" in missing.stderr


@pytest.mark.parametrize("listing", ["queries"])
def test_queries_command_lists_the_bundled_queries(listing):
    result = run_cli(listing)
    assert result.returncode == 0
    assert "cq-structure" in result.stdout and "cq-evidence" in result.stdout
