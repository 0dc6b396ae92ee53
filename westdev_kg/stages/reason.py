"""Stage 8 — reason: is the ontology plus the data logically consistent?

owlready2 loads the ontology and a *reasoning copy* of the data, and runs the
HermiT reasoner (Java).  The copy leaves out what HermiT cannot or need not
read: ``xsd:gYear`` literals (HermiT rejects that datatype) and annotation
triples (labels, titles, definitions), which cannot make an ontology
inconsistent.  Java missing and "inconsistent" are kept apart:

* ``mode="skip"``: nothing runs;
* ``mode="auto"``: no Java -> the check is skipped with a warning;
* ``mode="required"``: no Java -> :class:`~westdev_kg.errors.ToolMissing` (exit 3);
* inconsistent -> :class:`~westdev_kg.errors.InconsistentOntology` (exit 4).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL

from .. import rdf
from ..errors import InconsistentOntology, ToolMissing, UsageError
from ..rdf import Term, Triple

Mode = TypingLiteral["auto", "required", "skip"]
MODES: tuple[str, ...] = ("auto", "required", "skip")
_DROP_DATATYPES = {"http://www.w3.org/2001/XMLSchema#gYear"}


@dataclass(frozen=True, slots=True)
class Outcome:
    ran: bool
    consistent: bool | None  # None when it did not run
    note: str  # one line for the summary
    warning: str | None = None  # set when the check was wanted but could not run


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def check(data: Iterable[Triple] | Graph, ontology: Graph | Callable[[], Graph], mode: str = "auto") -> Outcome:
    """Run the consistency check as ``mode`` says; ``ontology`` may be a function that loads it."""
    if mode not in MODES:
        raise UsageError(f"--reasoner must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "skip":
        return Outcome(ran=False, consistent=None, note="reasoner skipped (--reasoner skip)")
    if not java_available():
        if mode == "required":
            raise ToolMissing("the HermiT reasoner needs Java, which was not found on PATH (install a JRE, e.g. apt-get install default-jre-headless, or use --reasoner skip)")
        note = "reasoner skipped: Java not found (install a JRE to check consistency)"
        return Outcome(ran=False, consistent=None, note=note, warning=note)
    _run_hermit(reasoning_copy(data, ontology() if callable(ontology) else ontology))
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
#: than the defaults (about half the time of a default JVM on a 2-core machine).  Options the
#: user already has in JAVA_TOOL_OPTIONS come after ours, so theirs win.
JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"


@contextmanager
def _jvm_options() -> Iterator[None]:
    before = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = f"{JVM_OPTIONS} {before}" if before else JVM_OPTIONS
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = before


def _run_hermit(ntriples: bytes) -> None:
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, World, sync_reasoner_hermit

    world = World()
    onto = world.get_ontology("https://w3id.org/westdev/reasoning-copy")
    onto.load(fileobj=io.BytesIO(ntriples), format="ntriples")
    try:
        with _jvm_options():
            sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except OwlReadyInconsistentOntologyError:
        raise InconsistentOntology(
            "the ontology and the data are logically inconsistent (HermiT); check the disjointness and functional properties the data breaks"
        ) from None
    except OwlReadyJavaError as exc:
        lines = [line for line in str(exc).splitlines()[1:] if line.strip() and not line.startswith("Picked up ")]
        first = lines[0] if lines else str(exc)
        raise ToolMissing(f"the HermiT reasoner could not run: {first.strip()[:200]}") from None
    finally:
        world.close()
