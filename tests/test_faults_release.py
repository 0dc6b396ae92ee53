"""Fault injection, releases (issue 15, points 1 and 6): under every fault the release folder
holds the old release or the new one, whole, and once the next build has run nothing is left
beside it — no folder of a build, no lock file, no process.

Faults strike through the test-only hook ``WESTDEV_KG_FAULT`` (westdev_kg/faults.py) in a real
``westdev-kg build`` process: it pauses at a named step of publishing (and the test sends the
signal), or raises ENOSPC there.  A full disk is also made for real, with a small tmpfs in a
private mount namespace (``unshare -m``), where the test may mount one.  Nothing is timed: a
test waits for the file a paused build writes, never for a while.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from westdev_kg import faults

from .conftest import CLI, HOSTILE, RELEASE_DATE, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.cli]  # each test runs the installed command

OLD, NEW = HOSTILE / "plain.txt", HOSTILE / "numbering.txt"
#: the publishing steps of westdev_kg/faults.py, in order
STEPS = ("locked", "write", "manifest", "switch", "between-renames", "switched", "done")
AFTER_SWITCH = ("switched", "done")
EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGKILL: -signal.SIGKILL}


# -- helpers ---------------------------------------------------------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(parent: Path) -> list[str]:
    """What a build may leave beside a release: hidden entries (.out.lock, .out.building-*, .out.previous)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def args(text: Path, out: Path, *extra: str) -> list[str]:
    return ["build", str(text), "-o", str(out), "--reports", str(out.parent / "reports"), "--reasoner", "skip", "-q", "--release-date", RELEASE_DATE, *extra]


def build(text: Path, out: Path, *extra: str, fault: str | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args(text, out, *extra), env={faults.VARIABLE: fault} if fault else {"WESTDEV_KG_FAULT": ""})


def start(text: Path, out: Path, *extra: str, fault: str | None = None) -> subprocess.Popen:
    env = {**os.environ, faults.VARIABLE: fault or ""}
    return subprocess.Popen([str(CLI), *args(text, out, *extra)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def paused(go: Path, process: subprocess.Popen | None = None, within: float = 120) -> int:
    """Wait until a build paused by ``pause=GO`` has written GO.ready; its process id."""
    ready = go.with_name(go.name + ".ready")
    deadline = time.monotonic() + within
    while not ready.exists():
        if process is not None and process.poll() is not None:
            pytest.fail(f"the build ended ({process.returncode}) before it paused: {process.stderr.read()[-500:]}")
        assert time.monotonic() < deadline, f"no {ready.name} after {within} s"
        time.sleep(0.02)
    return int(ready.read_text(encoding="ascii"))


def errors_of(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line and not line.startswith("westdev-kg: warning: ")]


def one_error(result: subprocess.CompletedProcess, code: int) -> str:
    lines = errors_of(result.stderr)
    assert result.returncode == code, result.stderr
    assert len(lines) == 1 and lines[0].startswith("westdev-kg: error: "), result.stderr
    return lines[0]


def gone(pid: int) -> bool:
    """The process has ended (a zombie nobody reaped has ended too)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rpartition(")")[2].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line holds ``text`` (a test's own folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and not gone(int(entry.name)):
            found.append(int(entry.name))
    return found


def assert_nothing_left(parent: Path) -> None:
    assert beside(parent) == [], "a build left something beside the release"
    assert processes_mentioning(str(parent)) == [], "a process of a build is still alive"


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The old and the new release, each built alone."""
    out = {}
    for name, text in (("old", OLD), ("new", NEW)):
        folder = tmp_path_factory.mktemp(f"reference-{name}") / "out"
        result = build(text, folder)
        assert result.returncode == 0, result.stderr
        out[name] = files(folder)
    return out


@pytest.fixture
def out(tmp_path: Path, reference) -> Path:
    """The old release, in this test's own folder."""
    folder = tmp_path / "out"
    result = build(OLD, folder)
    assert result.returncode == 0, result.stderr
    assert files(folder) == reference["old"]
    return folder


def whole(folder: Path, reference: dict, which: str) -> None:
    assert files(folder) == reference[which], f"the release is not the {which} one, whole"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(n for n in reference[which] if n != "manifest.json")


# -- signals at each step of publishing -----------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
@pytest.mark.parametrize("step", STEPS)
def test_a_signal_at_each_publishing_step_leaves_the_old_release_or_the_new_one_whole(out, reference, tmp_path, step, sig):
    go = tmp_path / "go"
    fault = f"{step}:pause={go}" + (";exchange:off" if step == "between-renames" else "")
    process = start(NEW, out, fault=fault)
    assert paused(go, process) == process.pid
    os.kill(process.pid, sig)
    if sig != signal.SIGKILL:
        go.touch()  # a signal held during the switch is acted on once the switch is whole
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT[sig], stderr
    switched = step in AFTER_SWITCH or (step == "between-renames" and sig != signal.SIGKILL)
    if sig == signal.SIGKILL and step == "between-renames":
        assert not out.exists() and files(out.parent / ".out.previous") == reference["old"], "killed between the renames: the old release waits whole"
    else:
        whole(out, reference, "new" if switched else "old")
    if sig != signal.SIGKILL:
        lines = errors_of(stderr)
        assert len(lines) == 1 and lines[0].startswith(("westdev-kg: interrupted", "westdev-kg: terminated (SIGTERM)")), stderr
        assert_nothing_left(tmp_path)
    # the next build finds whatever is left, puts back or removes it, and writes its release
    again = build(OLD, out)
    assert again.returncode == 0, again.stderr
    whole(out, reference, "old")
    assert_nothing_left(tmp_path)


# -- a full disk -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["locked", "write", "manifest", "switch", "between-renames"])
def test_a_full_disk_at_each_step_before_the_switch_leaves_the_old_release_whole(out, reference, tmp_path, step):
    fault = f"{step}:enospc" + (";exchange:off" if step == "between-renames" else "")
    line = one_error(build(NEW, out, fault=fault), 2)
    assert "No space left on device" in line and str(out) in line
    whole(out, reference, "old")
    assert_nothing_left(tmp_path)


DISK_FULL = r'''
import json, os, shutil, subprocess, sys
cli, old, new, folder, release_date = sys.argv[1:6]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", folder], check=True)
out = os.path.join(folder, "out")
def build(text, fault=""):
    env = {**os.environ, "WESTDEV_KG_FAULT": fault}
    r = subprocess.run([cli, "build", text, "-o", out, "--reports", os.path.join(folder, "reports"), "--reasoner", "skip",
                        "-q", "--release-date", release_date], env=env, capture_output=True, text=True)
    names = {}
    for root, _, files in os.walk(out):
        for name in files:
            path = os.path.join(root, name)
            names[os.path.relpath(path, out)] = open(path, "rb").read().hex()
    return {"code": r.returncode, "stderr": r.stderr, "files": names, "beside": sorted(n for n in os.listdir(folder) if n.startswith("."))}
steps = {"first": build(old)}
filler = os.path.join(folder, "filler")
with open(filler, "wb") as handle:  # leave 40 KB: less than a release
    handle.write(b"\0" * (shutil.disk_usage(folder).free - 40_000))
steps["checked"] = build(new)
steps["written"] = build(new, "space:off")  # no check before writing: the disk fills up while writing
os.unlink(filler)
steps["freed"] = build(new)
print(json.dumps(steps))
'''


def _tmpfs_possible() -> bool:
    return sys.platform == "linux" and shutil.which("unshare") is not None and shutil.which("mount") is not None and os.geteuid() == 0


def test_a_full_disk_for_real_leaves_the_old_release_whole(reference, tmp_path):
    """A 2 MB tmpfs: the release fits, then a filler leaves 40 KB.  Refused before writing by the
    free-space check; with the check off, the writes fail on ENOSPC; either way the old release
    stays whole, the build's folder is gone, and once space is freed the next build succeeds.
    Where no tmpfs can be mounted (not root, no ``unshare``) the same runs with an injected ENOSPC."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if _tmpfs_possible():
        script = tmp_path / "disk-full.py"
        script.write_text(DISK_FULL, encoding="utf-8")
        ran = subprocess.run(
            ["unshare", "-m", "--propagation", "private", sys.executable, str(script), str(CLI), str(OLD), str(NEW), str(folder), RELEASE_DATE],
            capture_output=True, text=True, timeout=600,
        )
        if ran.returncode == 0:
            steps = json.loads(ran.stdout)
            as_bytes = {k: {n: bytes.fromhex(v) for n, v in s["files"].items()} for k, s in steps.items()}
            assert steps["first"]["code"] == 0 and as_bytes["first"] == reference["old"], steps["first"]["stderr"]
            for phase, needle in (("checked", "not enough free space"), ("written", "No space left on device")):
                lines = errors_of(steps[phase]["stderr"])
                assert steps[phase]["code"] == 2 and len(lines) == 1 and needle in lines[0], steps[phase]["stderr"]
                assert as_bytes[phase] == reference["old"], f"{phase}: the old release is not whole"
                assert steps[phase]["beside"] == [], f"{phase}: left {steps[phase]['beside']}"
            assert steps["freed"]["code"] == 0 and as_bytes["freed"] == reference["new"] and steps["freed"]["beside"] == []
            return
        assert "mount" in ran.stderr or "unshare" in ran.stderr, ran.stderr  # no mount allowed here: inject instead
    out = folder / "out"
    assert build(OLD, out).returncode == 0
    line = one_error(build(NEW, out, fault="write:enospc"), 2)
    assert "No space left on device" in line
    whole(out, reference, "old")
    assert_nothing_left(folder)


def test_the_free_space_is_checked_before_anything_is_written(out, reference, tmp_path, monkeypatch):
    """In-process: the publisher asks for an estimate of the release beside the old one."""
    from westdev_kg import pipeline
    from westdev_kg.errors import UsageError
    from westdev_kg.stages import publish

    seen = []
    monkeypatch.setattr(publish.shutil, "disk_usage", lambda path: seen.append(path) or shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(UsageError, match="not enough free space"):
        pipeline.build(NEW, pipeline.Options(output=out, reports=tmp_path / "reports", release_date=RELEASE_DATE, reasoner="skip"))
    assert seen == [out.parent]
    assert pipeline.release_estimate(pipeline.jobs_for(NEW, pipeline.Options())) > len(reference["new"]["westdev.ttl"])
    whole(out, reference, "old")
    assert beside(tmp_path) == []


def test_the_parent_folder_is_synced_after_the_switch(out, reference, tmp_path, monkeypatch):
    from westdev_kg import pipeline
    from westdev_kg.stages import publish

    events = []
    real_switch, real_fsync = publish.Release._switch, publish._fsync_dir
    monkeypatch.setattr(publish.Release, "_switch", lambda self: (real_switch(self), events.append("switch")))
    monkeypatch.setattr(publish, "_fsync_dir", lambda folder: (real_fsync(folder), events.append(Path(folder))))
    pipeline.build(NEW, pipeline.Options(output=out, reports=tmp_path / "reports", release_date=RELEASE_DATE, reasoner="skip"))
    assert "switch" in events and out.parent in events[events.index("switch") + 1 :]
    whole(out, reference, "new")


# -- two builds at once ------------------------------------------------------------------------------------


def test_a_second_build_of_a_locked_folder_fails_at_once_or_waits(out, reference, tmp_path):
    go = tmp_path / "go"
    first = start(NEW, out, fault=f"switch:pause={go}")
    holder = paused(go, first)
    assert (tmp_path / ".out.lock").is_file(), "the lock is a file beside the release folder"
    line = one_error(build(OLD, out), 75)
    assert str(out) in line and f"process {holder}" in line and "--wait" in line
    second = start(OLD, out, "--wait")
    assert second.stderr.readline().strip() == f"westdev-kg: waiting for another build (process {holder}) to finish with {out}"
    whole(out, reference, "old")  # the first build has not switched yet, the second waits
    go.touch()
    assert first.wait(120) == 0
    assert second.wait(120) == 0, second.stderr.read()
    whole(out, reference, "old")  # the second build ran after the first, whole
    first.communicate(), second.communicate()
    assert_nothing_left(tmp_path)


def test_two_folder_builds_at_once_give_one_folder_s_release(reference, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, texts in ((a, (OLD, NEW, HOSTILE / "no-structure.txt")), (b, (OLD,))):
        folder.mkdir()
        for text in texts:
            shutil.copyfile(text, folder / text.name)
    out, go = tmp_path / "out", tmp_path / "go"
    first = start(a, out, fault=f"switch:pause={go}")
    paused(go, first)
    second = start(b, out, "--wait")
    assert second.stderr.readline().startswith("westdev-kg: waiting for another build")
    go.touch()
    assert first.wait(120) == 0 and second.wait(120) == 0
    alone = tmp_path / "alone" / "out"
    assert build(b, alone).returncode == 0
    assert files(out) == files(alone), "the release is the second folder's, whole"
    assert json.loads((out / "manifest.json").read_bytes())["documents"] == {"plain": "plain.txt"}
    first.communicate(), second.communicate()
    assert_nothing_left(tmp_path)
    shutil.rmtree(alone.parent)


def test_a_folder_built_over_another_folder_s_release_keeps_none_of_its_documents(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    shutil.copyfile(OLD, a / "plain.txt"), shutil.copyfile(NEW, a / "numbering.txt")
    shutil.copyfile(HOSTILE / "no-structure.txt", b / "no-structure.txt"), shutil.copyfile(OLD, b / "plain-again.txt")
    out = tmp_path / "out"
    assert build(a, out).returncode == 0
    assert build(b, out).returncode == 0
    alone = tmp_path / "alone" / "out"
    assert build(b, alone).returncode == 0
    assert files(out) == files(alone)
    assert sorted(p.name for p in (out / "documents").iterdir()) == [
        "no-structure.framed.jsonld", "no-structure.jsonld", "no-structure.ttl", "plain-again.framed.jsonld", "plain-again.jsonld", "plain-again.ttl"]
    shutil.rmtree(alone.parent)
    assert_nothing_left(tmp_path)


# -- a file where a folder should be, and the other way round ---------------------------------------------------


def test_a_folder_where_a_file_of_the_old_release_was_is_replaced_whole(out, reference, tmp_path):
    (out / "westdev.ttl").unlink()
    (out / "westdev.ttl").mkdir()
    (out / "westdev.ttl" / "stray").write_bytes(b"x")
    assert build(NEW, out).returncode == 0
    whole(out, reference, "new")
    assert_nothing_left(tmp_path)


def test_a_file_where_the_documents_folder_of_the_old_release_was_is_replaced_whole(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copyfile(OLD, corpus / "plain.txt"), shutil.copyfile(NEW, corpus / "numbering.txt")
    out = tmp_path / "out"
    assert build(OLD, out).returncode == 0
    shutil.rmtree(out / "documents")  # a release of one text has documents/<slug>.framed.jsonld only
    (out / "documents").write_bytes(b"not a folder")
    assert build(corpus, out).returncode == 0
    alone = tmp_path / "alone" / "out"
    assert build(corpus, alone).returncode == 0
    assert files(out) == files(alone)
    shutil.rmtree(alone.parent)
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize("name", [".out.building-1", ".out.previous"])
def test_a_file_where_a_build_s_folder_would_be_is_removed(out, reference, tmp_path, name):
    (tmp_path / name).write_bytes(b"left by something else")
    assert build(NEW, out).returncode == 0
    whole(out, reference, "new")
    assert_nothing_left(tmp_path)


def test_a_folder_where_the_lock_file_would_be_is_refused_in_one_line(out, reference, tmp_path):
    (tmp_path / ".out.lock").mkdir()
    line = one_error(build(NEW, out), 2)
    assert "cannot lock the release folder" in line and ".out.lock" in line
    whole(out, reference, "old")
    (tmp_path / ".out.lock").rmdir()
    assert build(NEW, out).returncode == 0
    assert_nothing_left(tmp_path)


def test_the_release_folder_under_a_file_is_refused_in_one_line(tmp_path):
    (tmp_path / "file").write_bytes(b"x")
    line = one_error(build(OLD, tmp_path / "file" / "out"), 2)
    assert "is not a folder" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
