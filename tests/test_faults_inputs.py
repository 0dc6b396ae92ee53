"""Bad input gets its documented outcome, never an internal error (issue 15, point 5).

Refused (exit 2, one line): ``--max-bytes`` beyond what the machine can address, a sidecar
nested 100,000 arrays deep, a ``.rq`` file that is not UTF-8, shapes that are not valid SHACL
(one line with the ``westdev-kg:`` prefix, no pySHACL log lines).  Valid (exit 0, a correct
graph, the character kept): a file name holding a backslash, a second leading U+FEFF.  A SHACL
violation whose report cannot be written is still exit 1, naming the reports folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import Namespace

from westdev_kg import cli

from .conftest import HOSTILE, run_cli
from .test_exit_codes import EXTRA_SHAPE, INVALID_SHAPES
from .test_input_policy import assert_refused, assert_spans_slice, build, graph_of, snapshot, text_of

pytestmark = [pytest.mark.slow, pytest.mark.cli]  # each test runs the installed command

WDO = Namespace("https://w3id.org/westdev/ontology#")
PLAIN = HOSTILE / "plain.txt"


def memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


@pytest.mark.parametrize("value", [10**30, 2**62, memory() + 1], ids=["10**30", "2**62", "memory+1"])
def test_max_bytes_beyond_what_the_machine_can_address_is_refused_in_one_line(output, value):
    line = assert_refused(build(PLAIN, output, "--max-bytes", str(value)), output, snapshot(output), "--max-bytes", "more than this machine can address")
    assert str(value) in line


def test_a_large_max_bytes_the_machine_can_address_allocates_nothing(tmp_path):
    result = build(PLAIN, tmp_path / "out", "--max-bytes", str(memory()), "-q")
    assert result.returncode == 0, result.stderr


def test_a_sidecar_nested_100000_arrays_deep_is_refused_in_one_line(output, tmp_path):
    shutil.copyfile(PLAIN, tmp_path / "deep.txt")
    (tmp_path / "deep.meta.toml").write_text("slug = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert_refused(build(tmp_path / "deep.txt", output), output, snapshot(output), "deep.meta.toml", "nested too deeply")


@pytest.mark.parametrize("codec", ["latin-1", "utf-16"])
def test_a_query_file_that_is_not_utf8_is_refused_in_one_line(output, tmp_path, codec):
    query = tmp_path / "q.rq"
    query.write_bytes('SELECT ?s WHERE { ?s ?p "café" }\n'.encode(codec))
    result = run_cli("query", str(query), "-d", str(output))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"westdev-kg: error: {query}:") and "UTF-8" in lines[0], result.stderr


def test_invalid_shacl_given_with_shapes_is_one_prefixed_line(output, tmp_path):
    shapes = tmp_path / "invalid-shapes.ttl"
    shapes.write_text(INVALID_SHAPES, encoding="utf-8")
    line = assert_refused(build(PLAIN, output, "--shapes", str(shapes)), output, snapshot(output), "the shapes are not valid SHACL")
    assert "sh:maxCount" in line


def test_invalid_shacl_in_process_prints_nothing_but_the_line(output, tmp_path, capsys):
    shapes = tmp_path / "invalid-shapes.ttl"
    shapes.write_text(INVALID_SHAPES, encoding="utf-8")
    code = cli.main(["build", str(PLAIN), "-o", str(output), "--reasoner", "skip", "--shapes", str(shapes)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and captured.err.startswith("westdev-kg: error: the shapes are not valid SHACL"), captured.err


def test_a_violation_whose_report_cannot_be_written_is_still_exit_1_naming_the_reports_folder(output, tmp_path):
    shapes = tmp_path / "extra-shapes.ttl"
    shapes.write_text(EXTRA_SHAPE, encoding="utf-8")
    blocker = tmp_path / "reports"
    blocker.write_bytes(b"a file where the reports folder should be")
    before = snapshot(output)
    result = run_cli("build", str(PLAIN), "-o", str(output), "--reports", str(blocker), "--reasoner", "skip", "-q", "--shapes", str(shapes))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("westdev-kg: warning: ")]
    assert len(lines) == 1 and lines[0].startswith("westdev-kg: error: the graph violates the shapes"), result.stderr
    assert f"the report could not be written into the reports folder {blocker}" in lines[0]
    assert "output folder" not in lines[0]
    assert snapshot(output) == before
    assert blocker.read_bytes() == b"a file where the reports folder should be"


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
def test_a_file_name_with_a_backslash_is_valid_input_and_kept(tmp_path, folder):
    name = "back\\slash.txt"
    source = tmp_path / "in"
    source.mkdir()
    shutil.copyfile(PLAIN, source / name)
    if folder:
        shutil.copyfile(HOSTILE / "numbering.txt", source / "numbering.txt")
    out = tmp_path / "out"
    result = build(source if folder else source / name, out, "-q")
    assert result.returncode == 0, result.stderr
    graph = graph_of(out)
    assert Literal(name) in set(graph.objects(None, WDO.fileName))


def test_a_second_leading_byte_order_mark_is_text_and_kept(tmp_path):
    text = PLAIN.read_text(encoding="utf-8")
    path = tmp_path / "two-marks.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ("\ufeff" + text).encode("utf-8"))
    out = tmp_path / "out"
    result = build(path, out, "-q")
    assert result.returncode == 0, result.stderr
    graph = graph_of(out)
    kept = text_of(graph)
    assert kept == "\ufeff" + text, "the first mark is the byte-order mark; the second is the text's"
    assert assert_spans_slice(graph, kept, "two marks") > 10
