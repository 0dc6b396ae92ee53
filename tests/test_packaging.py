"""The wheel carries the ontology, the shapes, the queries and the bundled text, and works alone."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from westdev_kg import __version__

from .conftest import REPO

# pip and the command in subprocesses; both tests on one xdist worker, so the wheel is built once
pytestmark = [pytest.mark.cli, pytest.mark.slow, pytest.mark.xdist_group("wheel")]

DATA = [
    "westdev_kg/_data/ontology/westdev.ttl",
    "westdev_kg/_data/shapes/westdev-shapes.ttl",
    "westdev_kg/_data/corpus/western-development-2020.en.txt",
    "westdev_kg/_data/corpus/western-development-2020.en.meta.toml",
    "westdev_kg/_data/queries/cq-structure.rq",
    "westdev_kg/reference/provinces.csv",
    "westdev_kg/reference/identifiers.csv",
    "westdev_kg/reference/zh/state_council_bodies.csv",
    "westdev_kg/reference/zh/state_council_reforms.csv",
    "westdev_kg/lexicon/verbs.csv",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (path,) = out.glob("westdev_kg-*.whl")
    return path


def test_the_wheel_holds_the_data_and_the_command(wheel):
    assert wheel.name.startswith(f"westdev_kg-{__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "westdev-kg = westdev_kg.cli:main" in archive.read(entry_points).decode()
    missing = [name for name in DATA if name not in names]
    assert not missing, missing
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


def test_the_unpacked_wheel_builds_the_bundled_text_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import westdev_kg, westdev_kg.resources as r; print(westdev_kg.__file__); print(r.ontology_path())"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    package_file, ontology = probe.stdout.split()
    assert package_file.startswith(str(site)) and ontology.startswith(str(site / "westdev_kg" / "_data"))
    build = subprocess.run(
        [sys.executable, "-m", "westdev_kg.cli", "build", "-o", "out", "--reasoner", "skip", "-q"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    assert (elsewhere / "out" / "westdev.ttl").stat().st_size > 100_000
