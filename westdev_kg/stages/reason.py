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
import shutil
from dataclasses import dataclass
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL

from ..errors import InconsistentOntology, ToolMissing, UsageError

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


def check(data: Graph, ontology: Graph, mode: str = "auto") -> Outcome:
    if mode not in MODES:
        raise UsageError(f"--reasoner must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "skip":
        return Outcome(ran=False, consistent=None, note="reasoner skipped (--reasoner skip)")
    if not java_available():
        if mode == "required":
            raise ToolMissing("the HermiT reasoner needs Java, which was not found on PATH (install a JRE, e.g. apt-get install default-jre-headless, or use --reasoner skip)")
        note = "reasoner skipped: Java not found (install a JRE to check consistency)"
        return Outcome(ran=False, consistent=None, note=note, warning=note)
    _run_hermit(reasoning_copy(data, ontology))
    return Outcome(ran=True, consistent=True, note="consistent (owlready2 + HermiT)")


def reasoning_copy(data: Graph, ontology: Graph) -> bytes:
    """N-Triples of ontology + data without gYear literals and annotation triples."""
    annotation = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    annotation.update(
        URIRef(p)
        for p in (
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2000/01/rdf-schema#comment",
            "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        )
    )
    keep = []
    for graph in (ontology, data):
        for s, p, o in graph:
            if p in annotation and graph is data:
                continue
            if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) in _DROP_DATATYPES:
                continue
            keep.append(ox.Triple(_ox(s), _ox(p), _ox(o)))
    return ox.serialize(keep, format=ox.RdfFormat.N_TRIPLES)


def _ox(term):
    from .serialize import _ox as convert

    return convert(term)


def _run_hermit(ntriples: bytes) -> None:
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, World, sync_reasoner_hermit

    world = World()
    onto = world.get_ontology("https://w3id.org/westdev/reasoning-copy")
    onto.load(fileobj=io.BytesIO(ntriples), format="ntriples")
    try:
        sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except OwlReadyInconsistentOntologyError:
        raise InconsistentOntology(
            "the ontology and the data are logically inconsistent (HermiT); check the disjointness and functional properties the data breaks"
        ) from None
    except OwlReadyJavaError as exc:
        first = next((line for line in str(exc).splitlines()[1:] if line.strip()), str(exc))
        raise ToolMissing(f"the HermiT reasoner could not run: {first.strip()[:200]}") from None
    finally:
        world.close()
