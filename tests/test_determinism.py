"""Reproducible releases: same input, byte-identical files, whatever the hash seed or directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from westdev_kg import pipeline

from .conftest import REPO, RELEASE_DATE, run_cli


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.cli
@pytest.mark.slow
def test_two_builds_with_different_hash_seeds_and_directories_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    (tmp_path / "cwd").mkdir()
    one = run_cli("build", "-o", str(first), "--reasoner", "skip", "-q", env={"PYTHONHASHSEED": "1"}, cwd=REPO)
    two = run_cli("build", "-o", str(second), "--reasoner", "skip", "-q", env={"PYTHONHASHSEED": "4242"}, cwd=tmp_path / "cwd")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    a, b = _files(first), _files(second)
    assert a.keys() == b.keys() and len(a) == 10
    for name in a:
        assert a[name] == b[name], f"{name} differs between runs"
    assert str(tmp_path).encode() not in a[pipeline.DATA_TTL], "no absolute path in the release"


def test_committed_output_equals_a_fresh_build(release):
    """Fails when someone changes the code, the ontology or the shapes and forgets `make run`."""
    _, fresh = release
    committed = REPO / "output"
    assert committed.is_dir(), "output/ is missing: run `make run` and commit it"
    stale = [name for name, data in _files(fresh).items() if not (committed / name).is_file() or (committed / name).read_bytes() != data]
    assert stale == [], f"output/ is stale ({', '.join(stale)}): run `make run` (release date {RELEASE_DATE}) and commit output/"


@pytest.mark.cli
@pytest.mark.slow
def test_source_date_epoch_sets_the_release_date(tmp_path):
    out = tmp_path / "o"
    result = run_cli("build", "-o", str(out), "--reasoner", "skip", "-q", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert '"2023-11-14"^^xsd:date' in (out / pipeline.DATA_TTL).read_text(encoding="utf-8")
    pinned = run_cli("build", "-o", str(out), "--reasoner", "skip", "-q", "--release-date", "2031-01-01", "--release-version", "7.0.0", env={"SOURCE_DATE_EPOCH": "1700000000"})
    text = (out / pipeline.DATA_TTL).read_text(encoding="utf-8")
    assert pinned.returncode == 0 and '"2031-01-01"^^xsd:date' in text and 'owl:versionInfo "7.0.0"' in text


def test_the_writers_order_is_total_whatever_order_the_triples_come_in():
    """IRIs whose natural keys tie (``a01`` and ``a1``) still get one order, the same from any
    input order; rdf:type comes first; measure/2 sorts before measure/10."""
    import random

    from westdev_kg.stages import serialize

    iri = lambda s: ("i", f"https://example.org/{s}")  # noqa: E731
    label = ("i", "http://www.w3.org/2000/01/rdf-schema#label")
    rdf_type = ("i", serialize.RDF_TYPE)
    triples = [
        (iri("a01"), label, ("l", "x", "", "")),
        (iri("a1"), label, ("l", "x", "", "")),
        (iri("measure/10"), label, ("l", "ten", "", "en")),
        (iri("measure/2"), label, ("l", "two", "", "en")),
        (iri("measure/2"), rdf_type, iri("Measure")),
        (iri("measure/2"), label, ("l", "2", "http://www.w3.org/2001/XMLSchema#integer", "")),
    ]
    # literals by datatype, language, then lexical form: "two"@en (no datatype) before "2"^^xsd:integer
    expected = [triples[0], triples[1], triples[4], triples[3], triples[5], triples[2]]
    for seed in range(20):
        shuffled = triples[:]
        random.Random(seed).shuffle(shuffled)
        assert serialize.sort_plain(shuffled) == expected
