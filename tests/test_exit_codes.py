"""One error vocabulary: every exit code of the installed command, provoked for real.

====  ===============================================  ==========================================
code  meaning                                          provoked here by
====  ===============================================  ==========================================
0     success (warnings allowed)                       a text without parts (a warning)
1     the graph violates the SHACL shapes              ``--shapes`` with a shape the data breaks
2     bad input or usage                               bad option values (input: test_input_policy)
3     an optional tool is missing                      ``--reasoner required`` with no Java on PATH,
                                                       or a ``java`` that cannot start
4     the ontology and the data are inconsistent       ``--axioms`` with an axiom the data breaks
====  ===============================================  ==========================================

With exits 1, 3 and 4 the previous release stays as it was.  No failure prints
a Python traceback: an unexpected exception (a bug) is one line with exit code 70.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from westdev_kg import cli, errors, pipeline
from westdev_kg.stages import reason

from .conftest import HOSTILE, REPO, RELEASE_DATE, run_cli
from .test_input_policy import snapshot

VENV_BIN = Path(sys.executable).parent
needs_java = pytest.mark.external("java")  # skipped without Java, a failure under CI=true (conftest.py)

EXTRA_SHAPE = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wdo: <https://w3id.org/westdev/ontology#> .
@prefix ex: <https://example.org/extra-shapes#> .

ex:UntitledMeasure a sh:NodeShape ;
    sh:name "untitled measures" ;
    sh:targetClass wdo:Measure ;
    sh:property [ sh:path dcterms:title ; sh:maxCount 0 ; sh:message "a measure must not have a title (a shape made to fail)" ] .
"""

INCONSISTENT_AXIOMS = {
    "measure-disjoint-with-section": """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wdo: <https://w3id.org/westdev/ontology#> .
wdo:Measure owl:disjointWith wdo:Section .
""",
    "number-range-string": """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wdo: <https://w3id.org/westdev/ontology#> .
wdo:number rdfs:range xsd:string .
""",
}


def build(output: Path, *extra: str, path: Path = HOSTILE / "plain.txt", **kwargs) -> subprocess.CompletedProcess:
    return run_cli("build", str(path), "-o", str(output), "--reports", str(output.parent / "reports"), "--release-date", RELEASE_DATE, *extra, **kwargs)


def one_error_line(result: subprocess.CompletedProcess, code: int) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    errors_ = [line for line in result.stderr.strip().splitlines() if not line.startswith("westdev-kg: warning: ")]
    assert len(errors_) == 1 and errors_[0].startswith("westdev-kg: error: "), result.stderr
    return errors_[0]


# -- 0 -------------------------------------------------------------------------------------------


@pytest.mark.cli
def test_exit_0_with_warnings_summary_on_stdout(tmp_path):
    result = run_cli("build", str(HOSTILE / "no-structure.txt"), "-o", str(tmp_path / "out"), "--reasoner", "skip")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "westdev-kg: warning: " in result.stderr and "error" not in result.stderr
    assert "SHACL: conforms" in result.stdout and "westdev-kg: warning" not in result.stdout


# -- 1 -------------------------------------------------------------------------------------------


@pytest.mark.cli
def test_exit_1_when_the_shapes_are_violated_and_the_release_stays(output, tmp_path):
    shapes = tmp_path / "extra-shapes.ttl"
    shapes.write_text(EXTRA_SHAPE, encoding="utf-8")
    before = snapshot(output)
    line = one_error_line(build(output, "--reasoner", "skip", "--shapes", str(shapes)), 1)
    assert "violates the shapes (3 violations" in line and "previous release was left in place" in line
    assert "untitled measures" in line
    assert snapshot(output) == before
    report = Graph().parse(tmp_path / "reports" / "validation-report.ttl", format="turtle")
    sources = set(report.objects(None, SH.sourceShape))
    assert len(sources) == 1 and set(report.objects(next(iter(sources)), SH.path)) == {URIRef("http://purl.org/dc/terms/title")}
    assert (None, SH.focusNode, URIRef("https://w3id.org/westdev/id/plain/measure/3")) in report
    summary = (tmp_path / "reports" / "validation-summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("conforms: false") and "a measure must not have a title" in summary


# -- 2 -------------------------------------------------------------------------------------------


@pytest.mark.cli
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--max-bytes", "0"), "--max-bytes must be a positive number"),
        (("--jobs", "-1"), "--jobs must be 0"),
        (("--shapes", "no-such-shapes.ttl"), "no such shapes file"),
        (("--axioms", "{tmp}/not-turtle.ttl"), "not valid Turtle (axioms)"),
        (("--release-date", "2026-02-30"), "--release-date must be a date"),
        (("--release-version", "1.0 final>"), "--release-version"),
        (("--encoding", "rot13"), "is not a text encoding"),
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) else None,
)
def test_exit_2_on_bad_usage_and_the_release_stays(output, tmp_path, args, needle):
    (tmp_path / "not-turtle.ttl").write_text("wdo:Measure is a class, isn't it?\n", encoding="utf-8")
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    before = snapshot(output)
    line = one_error_line(build(output, "--reasoner", "skip", *args, cwd=tmp_path), 2)
    assert needle in line
    assert snapshot(output) == before


# -- 3 -------------------------------------------------------------------------------------------


def test_java_is_found_the_way_owlready2_finds_it():
    """owlready2 runs ``owlready2.JAVA_EXE`` (``java``) through PATH; reason.java_available looks it up the same way."""
    import owlready2

    assert owlready2.JAVA_EXE == "java"
    assert reason.java_available() == (shutil.which("java") is not None)


@pytest.mark.cli
def test_exit_3_when_java_is_missing_and_required(output):
    """PATH holds the venv's bin (the command needs nothing else) and no java."""
    no_java = {"PATH": str(VENV_BIN)}
    assert shutil.which("java", path=no_java["PATH"]) is None
    before = snapshot(output)
    line = one_error_line(build(output, "--reasoner", "required", env=no_java), 3)
    assert "needs Java, which was not found on PATH" in line and "--reasoner skip" in line
    assert snapshot(output) == before
    auto = build(output, "--reasoner", "auto", "-q", env=no_java)
    assert auto.returncode == 0, auto.stderr
    assert "westdev-kg: warning: reasoner skipped: Java not found" in auto.stderr


@pytest.mark.cli
def test_exit_3_when_java_cannot_start(output, tmp_path):
    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho "Error: Could not create the Java Virtual Machine." >&2\nexit 1\n', encoding="utf-8")
    fake.chmod(0o755)
    before = snapshot(output)
    line = one_error_line(build(output, "--reasoner", "required", env={"PATH": f"{VENV_BIN}:{fake.parent}"}), 3)
    assert "the HermiT reasoner could not run" in line and "Could not create the Java Virtual Machine" in line
    assert snapshot(output) == before


# -- 4 -------------------------------------------------------------------------------------------


@pytest.mark.cli
@pytest.mark.slow
@needs_java
@pytest.mark.parametrize("axioms", sorted(INCONSISTENT_AXIOMS))
def test_exit_4_when_ontology_and_data_are_inconsistent_and_the_release_stays(output, tmp_path, axioms):
    path = tmp_path / f"{axioms}.ttl"
    path.write_text(INCONSISTENT_AXIOMS[axioms], encoding="utf-8")
    before = snapshot(output)
    line = one_error_line(build(output, "--reasoner", "required", "--axioms", str(path)), 4)
    assert "logically inconsistent" in line
    assert snapshot(output) == before


@pytest.mark.cli
@pytest.mark.slow
@needs_java
def test_the_same_build_without_the_axioms_is_consistent(tmp_path):
    """The control for exit 4: the inconsistency comes from the axioms, not from the data alone."""
    result = build(tmp_path / "out", "--reasoner", "required", "-q")
    assert result.returncode == 0, result.stderr


# -- one vocabulary, documented once ---------------------------------------------------------------

CODES = {0: "success", 1: "shapes", 2: "bad input or usage", 3: "tool is missing", 4: "inconsistent", 75: "temporary failure"}


def test_every_error_class_carries_a_documented_code():
    classes = [errors.WestdevError, *errors.WestdevError.__subclasses__()]
    codes = {cls.__name__: cls.exit_code for cls in classes}
    assert set(codes.values()) <= set(CODES) - {0}
    assert {1, 2, 3, 4} <= set(codes.values()), codes


@pytest.mark.parametrize(
    "where",
    [pytest.param("westdev-kg --help", marks=pytest.mark.cli), "westdev_kg/errors.py", "westdev_kg/cli.py", "docs/failure-modes.md"],
)
def test_exit_codes_are_documented_alike(where):
    if where == "westdev-kg --help":
        text = run_cli("build", "--help").stdout
    else:
        text = (REPO / where).read_text(encoding="utf-8")
    for code, words in CODES.items():
        assert re.search(rf"(?m)^\W*{code}\W.*{re.escape(words)}", text), f"{where} does not document exit code {code} ({words})"


# -- no traceback, ever ------------------------------------------------------------------------------



def test_an_internal_error_is_one_line_with_exit_70(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a stage")

    monkeypatch.setattr(pipeline.segment, "segment", broken)
    code = cli.main(["build", str(HOSTILE / "plain.txt"), "-o", str(tmp_path / "out"), "--reasoner", "skip", "-q"])
    err = capsys.readouterr().err
    assert code == 70 and "Traceback" not in err
    assert err.strip().splitlines() == ["westdev-kg: internal error: RuntimeError: a bug in a stage (please report it)"]


INVALID_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix wdo: <https://w3id.org/westdev/ontology#> .
<https://example.org/s> a sh:NodeShape ; sh:targetClass wdo:Measure ;
    sh:property [ sh:path wdo:number ; sh:maxCount "many" ] .
"""


@pytest.mark.cli
def test_shapes_that_are_not_valid_shacl_give_one_line(output, tmp_path):
    shapes = tmp_path / "invalid-shapes.ttl"
    shapes.write_text(INVALID_SHAPES, encoding="utf-8")
    before = snapshot(output)
    result = build(output, "--reasoner", "skip", "--shapes", str(shapes))
    assert "Traceback" not in result.stderr, result.stderr[-400:]
    assert result.returncode in (2, 70)
    assert snapshot(output) == before


@pytest.mark.cli
def test_a_path_too_long_for_the_file_system_gives_one_line(output):
    result = build(output, "--reasoner", "skip", path=Path("x" * 5000 + ".txt"))
    assert "Traceback" not in result.stderr, result.stderr[-400:]
    assert result.returncode in (2, 70)


@pytest.mark.cli
@pytest.mark.slow
@needs_java
def test_hostile_characters_pass_the_reasoner(tmp_path):
    result = build(tmp_path / "out", "--reasoner", "required", "-q", path=HOSTILE / "characters.txt")
    assert result.returncode == 0, result.stderr[-300:]


@pytest.mark.cli
def test_a_query_with_an_unreachable_service_gives_one_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.ttl").write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    query = tmp_path / "service.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    result = run_cli("query", str(query), "-d", str(data))
    assert "Traceback" not in result.stderr, result.stderr[-400:]
    assert result.returncode in (2, 70)


@pytest.mark.cli
@pytest.mark.parametrize(
    ("files", "query", "needle"),
    [
        ({"broken.ttl": "<a> <b> ."}, "SELECT * WHERE { ?s ?p ?o }", "cannot be loaded"),
        ({"tiny.ttl": "<https://example.org/a> <https://example.org/b> 1 ."}, "SELECT * WHERE { ?s ?p ", "not valid SPARQL"),
        ({"tiny.ttl": "<https://example.org/a> <https://example.org/b> 1 ."}, "ASK { ?s ?p ?o }", "only SELECT"),
        ({}, "SELECT * WHERE { ?s ?p ?o }", "no Turtle files"),
    ],
    ids=["data-not-turtle", "query-not-sparql", "not-a-select", "no-data"],
)
def test_query_failures_exit_2_with_one_line(tmp_path, files, query, needle):
    data = tmp_path / "data"
    data.mkdir()
    for name, content in files.items():
        (data / name).write_text(content + "\n", encoding="utf-8")
    path = tmp_path / "q.rq"
    path.write_text(query + "\n", encoding="utf-8")
    assert needle in one_error_line(run_cli("query", str(path), "-d", str(data)), 2)


@pytest.mark.cli
@pytest.mark.parametrize("content", ["— 7 —\n\n- 8 -\n", "(1)\n\n(2)\n", "1.\n"], ids=["footers-only", "markers-only", "part-marker-only"])
def test_a_text_with_no_sentence_is_refused_with_exit_2(tmp_path, content):
    path = tmp_path / "hollow.txt"
    path.write_text(content, encoding="utf-8")
    result = run_cli("build", str(path), "-o", str(tmp_path / "out"), "--reasoner", "skip")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "westdev-kg: error: hollow.txt: no sentence found: the text holds only numbering markers or page footers"
    assert not (tmp_path / "out").exists()
