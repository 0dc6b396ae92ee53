"""Fault injection, processes (issue 15, points 2, 4 and 6): bounded workers that die with their
parent, a fork refused, per-document limits in folder builds, and a reasoner verdict that
proves itself — a ``java`` that exits 0 without running HermiT, or hangs, is exit 3; the JVM
dies with the build; no temp file is left on any path.

The documents misbehave through the test-only hook ``WESTDEV_KG_FAULT=document=NAME:…``
(westdev_kg/faults.py): pause (the test then counts or kills processes), hang, run out of
memory, abort.  Nothing is timed: tests wait for files the processes write.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from westdev_kg import cli, executors, faults
from westdev_kg.errors import InconsistentOntology, ToolMissing
from westdev_kg.stages import reason

from .conftest import CLI, HOSTILE, RELEASE_DATE
from .test_faults_release import (
    NEW,
    OLD,
    assert_nothing_left,
    build,
    errors_of,
    files,
    gone,
    one_error,
    paused,
    processes_mentioning,
    start,
)

pytestmark = [pytest.mark.slow, pytest.mark.cli]  # each test runs the installed command

VENV_BIN = Path(sys.executable).parent
GENRE = Path(__file__).parent / "fixtures" / "genre" / "central-region-opinions.txt"
needs_java = pytest.mark.external("java")  # skipped without Java, a failure under CI=true (conftest.py)


def folder_of_three(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", OLD), ("b.txt", NEW), ("c.txt", GENRE)):
        shutil.copyfile(text, folder / name)
    return folder


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid and not gone(int(entry.name)):
                found.append(int(entry.name))
    return found


def wait_gone(pids: list[int], within: float = 60) -> list[int]:
    """The pids still alive after waiting up to ``within`` seconds for them to end."""
    import time

    deadline = time.monotonic() + within
    while any(not gone(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [p for p in pids if not gone(p)]


@pytest.fixture
def old_release(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert build(OLD, out).returncode == 0
    return out


# -- bounded workers --------------------------------------------------------------------------------------------


def test_workers_are_capped_at_twice_the_cores_and_the_documents():
    cores = os.cpu_count() or 1
    assert executors.worker_count(1000, 3) == (min(3, 2 * cores), executors.worker_count(1000, 3)[1])
    assert executors.worker_count(1000, 3)[1].startswith("--jobs 1000 is more than twice the")
    assert executors.worker_count(1000, 10_000)[0] == 2 * cores
    assert executors.worker_count(0, 10_000) == (cores, None)
    assert executors.worker_count(2, 1) == (1, None)
    assert executors.for_jobs(1000, 3).workers == min(3, 2 * cores)


def test_jobs_1000_on_three_documents_start_three_workers_with_a_warning(old_release, tmp_path):
    go = tmp_path / "go"
    process = start(folder_of_three(tmp_path), old_release, "--jobs", "1000", fault=f"document=a.txt:pause={go}")
    worker = paused(go, process)
    started = children(process.pid)
    assert worker in started and len(started) <= min(3, 2 * (os.cpu_count() or 1)), started
    go.touch()
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "westdev-kg: warning: --jobs 1000 is more than twice the" in stderr
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_workers_die_with_their_parent(old_release, tmp_path, jobs):
    go = tmp_path / "go"
    before = files(old_release)
    process = start(folder_of_three(tmp_path), old_release, "--jobs", jobs, fault=f"document=a.txt:pause={go}")
    worker = paused(go, process)
    workers = children(process.pid)
    assert worker in workers
    process.kill()
    process.wait(60)  # not communicate(): a worker that outlived its parent would hold its pipes open
    assert wait_gone(workers) == [], "a worker outlived its parent"
    process.stdout.close(), process.stderr.close()
    assert files(old_release) == before
    assert build(OLD, old_release).returncode == 0  # the next build removes the killed one's folder
    assert_nothing_left(tmp_path)


def test_a_fork_refused_is_exit_75_in_one_line_not_a_hang(old_release, tmp_path, monkeypatch, capsys):
    def refused():
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    before = files(old_release)
    monkeypatch.setattr(os, "fork", refused)
    code = cli.main(["build", str(folder_of_three(tmp_path)), "-o", str(old_release), "--jobs", "2", "--reasoner", "skip", "-q", "--release-date", RELEASE_DATE])
    err = capsys.readouterr().err
    assert code == 75 and "Traceback" not in err
    assert err.strip().splitlines() == [
        f"westdev-kg: error: cannot start a worker process: {os.strerror(errno.EAGAIN)}; nothing was written (try again, or give fewer --jobs)"
    ]
    assert files(old_release) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- per-document limits -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "extra", "message"),
    [
        # limits far above what a.txt and c.txt take, even on a loaded machine
        ("hang", ("--document-timeout", "6"), "b.txt: over the time limit of 6 s per document (raise it with --document-timeout)"),
        ("memory", ("--document-memory", "512"), "b.txt: over the memory limit of 512 MiB per document (raise it with --document-memory)"),
        ("abort", (), "b.txt: the worker process building it died (killed by SIGABRT)"),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_over_a_limit_is_a_named_failure_and_the_others_go_on(old_release, tmp_path, fault, extra, message, jobs):
    before = files(old_release)
    result = build(folder_of_three(tmp_path), old_release, "--jobs", jobs, *extra, fault=f"document=b.txt:{fault}")
    assert result.returncode == 2, result.stderr
    lines = errors_of(result.stderr)
    assert lines[0].startswith(f"westdev-kg: error: {message}"), result.stderr
    assert lines[1].startswith("westdev-kg: error: 1 of 3 documents failed: b.txt:") and lines[1].endswith("the release was not written")
    assert len(lines) == 2, "a.txt and c.txt were built: only b.txt failed"
    assert files(old_release) == before
    assert_nothing_left(tmp_path)


# -- the reasoner: a verdict that proves itself ----------------------------------------------------------------


def fake_java(tmp_path: Path, body: str) -> dict[str, str]:
    """An environment whose ``java`` is a shell script, and an empty TMPDIR of its own."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    java = folder / "java"
    java.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    java.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return {"PATH": f"{folder}:{VENV_BIN}:/usr/bin:/bin", "TMPDIR": str(temp)}


def reasoner_build(out: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    from .conftest import run_cli

    return run_cli("build", str(OLD), "-o", str(out), "--release-date", RELEASE_DATE, "-q", *extra, env={**env, faults.VARIABLE: ""})


@pytest.mark.parametrize("mode", ["required", "auto"])
@pytest.mark.parametrize(
    "body",
    [
        "exit 0",
        'echo "http://www.w3.org/2002/07/owl#Thing is satisfiable."; exit 0',  # an answer, but not to this run's question
        'echo "Picked up JAVA_TOOL_OPTIONS: -Xshare:dump" >&2; exit 0',
    ],
    ids=["silent", "generic-answer", "dump-and-exit"],
)
def test_a_java_that_exits_0_without_hermit_s_answer_is_exit_3(old_release, tmp_path, body, mode):
    env = fake_java(tmp_path, body)
    before = files(old_release)
    line = one_error(reasoner_build(old_release, env, "--reasoner", mode), 3)
    assert "the HermiT reasoner gave no answer" in line and "exited 0 without HermiT's verdict" in line
    assert files(old_release) == before
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    assert_nothing_left(tmp_path)


def test_a_java_that_hangs_is_given_up_after_the_time_limit(old_release, tmp_path):
    pid = tmp_path / "jvm.pid"
    env = fake_java(tmp_path, f"echo $$ > {pid}\nexec sleep 600")
    before = files(old_release)
    line = one_error(reasoner_build(old_release, env, "--reasoner", "required", "--reasoner-timeout", "1"), 3)
    assert line == "westdev-kg: error: the HermiT reasoner gave no answer within 1 s (raise --reasoner-timeout, or use --reasoner skip)"
    assert gone(int(pid.read_text())), "the JVM outlived the time limit"
    assert files(old_release) == before
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize("jobs", [None, "2"], ids=["file", "folder"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_the_jvm_dies_with_the_build(old_release, tmp_path, sig, jobs):
    pids = tmp_path / "jvm.pids"  # every JVM started (a folder build starts one per worker)
    env = fake_java(tmp_path, f"echo $$ >> {pids}\nexec sleep 600")
    source = folder_of_three(tmp_path) if jobs else OLD
    extra = ["--jobs", jobs] if jobs else []
    before = files(old_release)
    process = subprocess.Popen(
        [str(CLI), "build", str(source), "-o", str(old_release), "--release-date", RELEASE_DATE, "-q", "--reasoner", "required", *extra],
        env={**os.environ, **env, faults.VARIABLE: ""}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    import time

    deadline = time.monotonic() + 120
    while not (pids.exists() and pids.read_text().strip()):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    workers = children(process.pid)
    process.send_signal(sig)
    process.wait(120)  # not communicate(): a worker that outlived its parent would hold its pipes open
    jvms = [int(line) for line in pids.read_text().split()]
    assert wait_gone([*jvms, *workers]) == [], "a JVM or a worker outlived the build"
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -9}[sig], stderr
    assert "Traceback" not in stderr
    assert files(old_release) == before
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    assert build(OLD, old_release).returncode == 0
    assert_nothing_left(tmp_path)


def test_hermit_s_answer_is_read_from_its_own_output():
    probe = "urn:uuid:0e4f"
    reason._verdict(probe, 0, f"<{probe}> is satisfiable.\n", "Picked up JAVA_TOOL_OPTIONS: -X\n")
    for code, out, err in [
        (0, "", ""),
        (0, "http://www.w3.org/2002/07/owl#Thing is satisfiable.\n", ""),
        (0, "<urn:uuid:other> is satisfiable.\n", ""),
        (1, f"<{probe}> is satisfiable.\n", "Error: something\n"),
    ]:
        with pytest.raises(ToolMissing):
            reason._verdict(probe, code, out, err)
    with pytest.raises(InconsistentOntology):
        reason._verdict(probe, 1, "", 'Exception in thread "main" org.semanticweb.owlapi.reasoner.InconsistentOntologyException: Inconsistent ontology\n')
    with pytest.raises(InconsistentOntology):
        reason._verdict(probe, 0, f"<{probe}> is not satisfiable.\n", "")


@needs_java
def test_a_real_jvm_stopped_by_java_tool_options_is_exit_3(old_release, tmp_path):
    """``-Xshare:dump`` makes the JVM write a class-data archive and exit 0 without running HermiT."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    options = f"-Xshare:dump -XX:SharedArchiveFile={tmp_path / 'classes.jsa'}"
    line = one_error(reasoner_build(old_release, {"JAVA_TOOL_OPTIONS": options, "TMPDIR": str(temp)}, "--reasoner", "required"), 3)
    assert "the HermiT reasoner gave no answer" in line
    assert list(temp.iterdir()) == []


@needs_java
@pytest.mark.parametrize("axioms", [None, "wdo:Measure owl:disjointWith wdo:Section ."], ids=["consistent", "inconsistent"])
def test_the_real_reasoner_leaves_no_temp_file(tmp_path, axioms):
    temp = tmp_path / "tmp"
    temp.mkdir()
    extra = []
    if axioms:
        path = tmp_path / "axioms.ttl"
        path.write_text(f"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix wdo: <https://w3id.org/westdev/ontology#> .\n{axioms}\n", encoding="utf-8")
        extra = ["--axioms", str(path)]
    result = reasoner_build(tmp_path / "out", {"TMPDIR": str(temp)}, "--reasoner", "required", *extra)
    assert result.returncode == (4 if axioms else 0), result.stderr
    assert list(temp.iterdir()) == []
