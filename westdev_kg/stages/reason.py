"""Stage 8 — reason: is the ontology plus the data logically consistent?

The ontology and a *reasoning copy* of the data go to the HermiT reasoner (Java; the
jar owlready2 ships), which this module runs itself.  The copy leaves out what HermiT
cannot or need not read: ``xsd:gYear`` literals (HermiT rejects that datatype) and
annotation triples (labels, titles, definitions), which cannot make an ontology
inconsistent.  Java missing and "inconsistent" are kept apart:

* ``mode="skip"``: nothing runs;
* ``mode="auto"``: no Java -> the check is skipped with a warning;
* ``mode="required"``: no Java -> :class:`~westdev_kg.errors.ToolMissing` (exit 3);
* inconsistent -> :class:`~westdev_kg.errors.InconsistentOntology` (exit 4).

**A verdict that proves itself.**  "Consistent" is said only when HermiT's own answer is
read from its output: the copy holds a class made for this run only (a fresh
``urn:uuid``), HermiT is asked whether it is satisfiable, and only the line
``<urn:uuid:…> is satisfiable.`` with exit code 0 means consistent.  A ``java`` that exits 0
without running HermiT (a wrapper, ``JAVA_TOOL_OPTIONS=-Xshare:dump``), one that cannot
start, and one that does not answer within ``timeout`` seconds (``--reasoner-timeout``,
default 120) are exit 3 with a one-line message, in ``auto`` mode too.  The JVM has its
own process group, dies with this process, is killed on every way out (an error, Ctrl-C,
SIGTERM, the time limit), and reads the copy from an anonymous in-memory file: no temp
file is ever written.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL

from .. import rdf
from ..errors import InconsistentOntology, ToolMissing, UsageError
from ..rdf import Term, Triple

Mode = TypingLiteral["auto", "required", "skip"]
MODES: tuple[str, ...] = ("auto", "required", "skip")
_DROP_DATATYPES = {"http://www.w3.org/2001/XMLSchema#gYear"}
#: seconds the HermiT check may take before the build gives it up (exit 3): ``--reasoner-timeout``
DEFAULT_TIMEOUT = 120.0
#: the command that runs Java, looked up on PATH (as owlready2 does: ``owlready2.JAVA_EXE``)
JAVA = "java"


@dataclass(frozen=True, slots=True)
class Outcome:
    ran: bool
    consistent: bool | None  # None when it did not run
    note: str  # one line for the summary
    warning: str | None = None  # set when the check was wanted but could not run


def java_available() -> bool:
    return shutil.which(JAVA) is not None


def check(
    data: Iterable[Triple] | Graph, ontology: Graph | Callable[[], Graph], mode: str = "auto", timeout: float = DEFAULT_TIMEOUT
) -> Outcome:
    """Run the consistency check as ``mode`` says; ``ontology`` may be a function that loads it;
    HermiT is given ``timeout`` seconds."""
    if mode not in MODES:
        raise UsageError(f"--reasoner must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "skip":
        return Outcome(ran=False, consistent=None, note="reasoner skipped (--reasoner skip)")
    if not java_available():
        if mode == "required":
            raise ToolMissing("the HermiT reasoner needs Java, which was not found on PATH (install a JRE, e.g. apt-get install default-jre-headless, or use --reasoner skip)")
        note = "reasoner skipped: Java not found (install a JRE to check consistency)"
        return Outcome(ran=False, consistent=None, note=note, warning=note)
    _run_hermit(reasoning_copy(data, ontology() if callable(ontology) else ontology), timeout)
    return Outcome(ran=True, consistent=True, note="consistent (owlready2 + HermiT)")


def reasoning_copy(data: Iterable[Triple] | Graph, ontology: Graph) -> bytes:
    """N-Triples of the ontology and of the data triples that can bear on consistency.

    Left out of the data: annotation triples (labels, titles), ``xsd:gYear``
    literals (HermiT rejects the datatype), and literal values of datatype
    properties the ontology says nothing about (no range, no characteristic,
    no super-property) — such as NIF's quotes and offsets — which no axiom can
    contradict.  Every type, every object property value and every value of a
    constrained datatype property stays.
    """
    annotation = {str(p) for p in ontology.subjects(RDF.type, OWL.AnnotationProperty)} | _RDFS_ANNOTATIONS
    constrained = _constrained_properties(ontology)
    keep = [t for t in rdf.from_rdflib(ontology) if not _gyear(t[2])]
    for s, p, o in rdf.from_rdflib(data) if isinstance(data, Graph) else data:
        if p[1] in annotation or _gyear(o) or (o[0] == "l" and p[1] not in constrained):
            continue
        keep.append((s, p, _xml_safe(o)))
    return rdf.ntriples(keep)


#: Characters XML 1.0 forbids; the OWL API behind HermiT rejects string literals holding them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(term: Term) -> Term:
    """A string literal with XML-forbidden characters replaced by U+FFFD (no axiom reads string content)."""
    if term[0] == "l" and not term[2] and _NOT_XML.search(term[1]):
        return ("l", _NOT_XML.sub("\ufffd", term[1]), "", term[3])
    return term


_RDFS_ANNOTATIONS = {str(RDFS.label), str(RDFS.comment), str(RDFS.seeAlso)}
_CHARACTERISTICS = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty)


def _constrained_properties(ontology: Graph) -> set[str]:
    """Datatype properties with a range, a characteristic or a super-property in the ontology."""
    found = set()
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        if (
            ontology.value(prop, RDFS.range) is not None
            or ontology.value(prop, RDFS.subPropertyOf) is not None
            or any((prop, RDF.type, c) in ontology for c in _CHARACTERISTICS)
            or (None, OWL.onProperty, prop) in ontology
        ):
            found.add(str(prop))
    return found


def _gyear(term: Term) -> bool:
    return term[0] == "l" and term[2] in _DROP_DATATYPES


#: JVM options for the short HermiT run: the client JIT and the serial collector start faster
#: than the defaults (about half the time of a default JVM on a 2-core machine); no performance
#: data file (``hsperfdata``) in the temp folder, where a killed JVM would leave it.  Options the
#: user already has in JAVA_TOOL_OPTIONS come after ours, so theirs win.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"
JAVA_MEMORY_MB = 2000  # the heap owlready2 gives HermiT
HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"


def hermit_classpath() -> str:
    """The HermiT jar owlready2 ships (and the folder of its helper class), as owlready2 runs it."""
    spec = importlib.util.find_spec("owlready2")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) / "hermit" if spec else None
    if folder is None or not (folder / "HermiT.jar").is_file():
        raise ToolMissing("the HermiT reasoner is missing: owlready2's hermit/HermiT.jar was not found (reinstall owlready2, or use --reasoner skip)")
    return os.pathsep.join([str(folder), str(folder / "HermiT.jar")])


def hermit_command(source: str, probe: str) -> list[str]:
    """HermiT's own command line: is the class ``probe`` satisfiable in the ontology at ``source``?

    ``probe`` is a class that exists only in this run's reasoning copy (a fresh ``urn:uuid``), so
    the answer names it only when HermiT read the copy; and a class without axioms is satisfiable
    exactly when the ontology is consistent."""
    return [JAVA, f"-Xmx{JAVA_MEMORY_MB}M", "-cp", hermit_classpath(), HERMIT_MAIN, f"-k<{probe}>", source]


def jvm_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of the JVM: ours plus :data:`JVM_OPTIONS` before the user's JAVA_TOOL_OPTIONS."""
    env = dict(os.environ if environ is None else environ)
    before = env.get("JAVA_TOOL_OPTIONS")
    env["JAVA_TOOL_OPTIONS"] = f"{JVM_OPTIONS} {before}" if before else JVM_OPTIONS
    return env


def _run_hermit(ntriples: bytes, timeout: float = DEFAULT_TIMEOUT) -> None:
    """Run HermiT on ``ntriples`` plus a probe class; return when it answered "satisfiable".

    Raises :class:`InconsistentOntology` when HermiT says the ontology is inconsistent and
    :class:`ToolMissing` when no verdict of HermiT can be read from its output (Java cannot
    start, a ``java`` that is not Java, an option that stops the JVM early, the time limit).
    The JVM runs in its own process group, dies with this process (``PR_SET_PDEATHSIG``), and
    is killed with everything it started on every way out of here; the copy it reads is an
    anonymous in-memory file (``memfd_create``), so no temp file exists to be left behind.
    """
    probe = f"urn:uuid:{uuid.uuid4()}"
    copy = ntriples + f"<{probe}> <{RDF}type> <{OWL}Class> .\n".encode("ascii")
    with _readable(copy) as (source, fds):
        command = hermit_command(source, probe)
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=fds,
                env=jvm_environment(), start_new_session=True, preexec_fn=_child_setup(os.getpid()) if os.name == "posix" else None,
            )
        except OSError as exc:
            raise ToolMissing(f"the HermiT reasoner could not run: {JAVA}: {exc.strerror or exc}") from None
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ToolMissing(
                f"the HermiT reasoner gave no answer within {timeout:g} s (raise --reasoner-timeout, or use --reasoner skip)"
            ) from None
        finally:
            _kill_group(process)
    _verdict(probe, process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def _verdict(probe: str, code: int, out: str, err: str) -> None:
    """Consistent only when HermiT's own answer about ``probe`` is in its output and it exited 0."""
    answer = re.search(rf"^<?{re.escape(probe)}>? is (not )?satisfiable\.\s*$", out, re.MULTILINE)
    if "InconsistentOntologyException" in err + out or (answer and answer[1]):
        raise InconsistentOntology(
            "the ontology and the data are logically inconsistent (HermiT); check the disjointness and functional properties the data breaks"
        )
    if code == 0 and answer:
        return
    lines = [line.strip() for line in (err + "\n" + out).splitlines() if line.strip() and not line.startswith("Picked up ")]
    if code != 0:
        first = next((line for line in lines if "Exception" in line or "Error" in line), lines[0] if lines else f"exit code {code}")
        raise ToolMissing(f"the HermiT reasoner could not run: {first[:200]}")
    raise ToolMissing(
        f"the HermiT reasoner gave no answer: {JAVA!r} exited 0 without HermiT's verdict"
        f"{' (it printed: ' + lines[0][:120] + ')' if lines else ''}; is {JAVA!r} a wrapper, or does JAVA_TOOL_OPTIONS stop the JVM "
        "(e.g. -Xshare:dump)? (or use --reasoner skip)"
    )


@contextmanager
def _readable(data: bytes) -> Iterator[tuple[str, tuple[int, ...]]]:
    """An IRI the JVM can read ``data`` from, and the descriptors it must inherit for that.

    An anonymous in-memory file (Linux ``memfd_create``), read through ``/proc/self/fd``,
    which vanishes with the last process holding it; elsewhere a file in a private temp folder,
    removed on every way out of the block."""
    if hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        fd = os.memfd_create("westdev-kg-reasoning-copy", os.MFD_CLOEXEC)
        try:
            with open(fd, "wb", closefd=False) as handle:
                handle.write(data)
            os.lseek(fd, 0, os.SEEK_SET)
            yield f"file:///proc/self/fd/{fd}", (fd,)
        finally:
            os.close(fd)
        return
    folder = tempfile.mkdtemp(prefix="westdev-kg-hermit-")
    try:
        path = Path(folder) / "reasoning-copy.nt"
        path.write_bytes(data)
        yield path.as_uri(), ()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_PR_SET_PDEATHSIG = 1


def _child_setup(parent: int) -> Callable[[], None]:
    """What the JVM's process does before ``exec``: die with ``parent`` (SIGKILL when it exits,
    ``PR_SET_PDEATHSIG``; at once if it is already gone) and drop a per-document memory limit
    (a soft ``RLIMIT_AS``: a JVM reserves more address space than it uses)."""
    import resource

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (AttributeError, OSError):
        prctl = None

    def setup() -> None:
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != hard:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))

    return setup


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the JVM's process group (it and anything it started) and reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.communicate()
    except (OSError, ValueError):
        process.wait()
