"""The pipeline, read from the top.

Layout — each stage is one module of :mod:`westdev_kg.stages`, and passes
plain typed data (:mod:`westdev_kg.model`) or an rdflib ``Graph`` to the next:

====  ==========  ===========================================  ==========================
 #    stage       input -> output                              module
====  ==========  ===========================================  ==========================
 1    read        path -> SourceText                           ``stages/read.py``
 2    segment     SourceText -> Document                       ``stages/segment.py``
 3    extract     Document -> Found (mentions)                 ``stages/extract.py``
 4    link        Document, Found -> Linked (entities)         ``stages/link.py``
 5    analyse     Document, Linked -> Analysis (goals, actions) ``stages/analyse.py``
 6    build       Extraction -> Graph                          ``stages/graph.py``
 7    validate    Graph -> validation Report                   ``stages/validate.py``
 8    reason      Graph -> consistency Outcome                 ``stages/reason.py``
 9    serialize   Graph -> bytes per file                      ``stages/serialize.py``
10    publish     bytes -> files, atomically                   ``stages/publish.py``
====  ==========  ===========================================  ==========================

Nothing here prints or exits: the CLI does.  Failures are
:class:`~westdev_kg.errors.WestdevError` subclasses carrying their exit code;
nothing is written to the release folder unless every stage before
``publish`` succeeded.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph

from . import __version__, resources
from .errors import InputError, UsageError, ValidationFailed
from .model import Document, Extraction, ReleaseInfo, own_sentences
from .stages import analyse, extract, graph, link, publish, read, reason, segment, serialize, validate
from .vocab import DEFAULT_BASE

DATA_TTL = "westdev.ttl"
DATA_JSONLD = "westdev.jsonld"
CONTEXT_JSONLD = "context.jsonld"
ONTOLOGY_TTL = "westdev-ontology.ttl"
SHAPES_TTL = "westdev-shapes.ttl"


@dataclass(frozen=True, slots=True)
class Options:
    output: Path = Path("output")
    reports: Path = Path("reports")
    base: str = DEFAULT_BASE
    release_date: str | None = None
    release_version: str | None = None
    encoding: str | None = None
    max_bytes: int = read.DEFAULT_MAX_BYTES
    reasoner: str = "auto"
    extra_shapes: tuple[Path, ...] = ()  # more SHACL shapes to validate against
    extra_axioms: tuple[Path, ...] = ()  # more OWL axioms for the consistency check

    def release(self) -> ReleaseInfo:
        return ReleaseInfo(
            base=self.base,
            tool_version=__version__,
            release_version=self.release_version or __version__,
            release_date=self.release_date,
        )


@dataclass
class Timer:
    """Wall time per stage, for the summary and the benchmarks."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Result:
    extraction: Extraction
    triples: int
    validation: validate.Report
    reasoner: reason.Outcome
    files: tuple[Path, ...]
    timings: dict[str, float]

    @property
    def document(self) -> Document:
        return self.extraction.document

    @property
    def warnings(self) -> tuple[str, ...]:
        e = self.extraction
        extra = (self.reasoner.warning,) if self.reasoner.warning else ()
        return e.document.source.warnings + e.document.warnings + e.warnings + extra


# -- shared, loaded once per process --------------------------------------------


def _parse(path: Path, what: str) -> Graph:
    try:
        return serialize.parse_turtle(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such {what} file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({what}): {exc.strerror or exc}") from None
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{path}: not valid Turtle ({what}): {str(exc).splitlines()[0][:200]}") from None


@cache
def ontology_graph(extra: tuple[Path, ...] = ()) -> Graph:
    graph = _parse(resources.ontology_path(), "ontology")
    for path in extra:
        graph += _parse(path, "axioms")
    return graph


@cache
def shapes_graph(extra: tuple[Path, ...] = ()) -> Graph:
    """Our shapes and any extra ones, flattened for speed (see :func:`validate.flatten`)."""
    graph = _parse(resources.shapes_path(), "shapes")
    for path in extra:
        graph += _parse(path, "shapes")
    return validate.flatten(graph)


@cache
def terms() -> serialize.Terms:
    """JSON-LD term table of the ontology (see :mod:`westdev_kg.stages.serialize`)."""
    return serialize.Terms.from_ontology(ontology_graph())


# -- the pipeline ------------------------------------------------------------------


def extract_all(path: Path, options: Options, timer: Timer | None = None, default_slug: str | None = None) -> Extraction:
    """Stages 1-5: from a file to everything extracted from it (``default_slug``: see :func:`read.read`)."""
    timer = timer or Timer()
    with timer("read"):
        source = read.read(path, default_slug=default_slug, encoding=options.encoding, max_bytes=options.max_bytes)
    with timer("segment"):
        document = segment.segment(source)
    if not any(own_sentences(section) for section in document.sections()):
        raise InputError(f"{source.name}: no sentence found: the text holds only numbering markers or page footers")
    with timer("extract"):
        found = extract.extract(document)
    with timer("link"):
        linked = link.link(document, found)
    with timer("analyse"):
        analysis = analyse.analyse(document, linked)
    return Extraction.of(document, linked, analysis, warnings=found.warnings)


def build(path: Path, options: Options) -> Result:
    """Stages 1-10 for one document: read it, build, check and publish its graph."""
    load_extras(options)
    timer = Timer()
    extraction = extract_all(path, options, timer)
    release = options.release()
    with timer("build"):
        triples = graph.build_triples(extraction, release)
        data = graph.to_graph(triples)
    report, outcome = check(data, options, timer)
    if not report.conforms:
        raise validation_failed(report, options, publish.publish(options.reports, validation_report_files(report, options.base)))
    with timer("serialize"):
        files = release_files(triples, release)
    with timer("publish"):
        written = publish.publish(options.output, files)
    return Result(
        extraction=extraction,
        triples=len(data),
        validation=report,
        reasoner=outcome,
        files=tuple(written),
        timings=timer.seconds,
    )


def load_extras(options: Options) -> None:
    """Read the extra shapes and axioms before any work, so that a bad file stops the build at once."""
    if options.extra_shapes:
        shapes_graph(options.extra_shapes)
    if options.extra_axioms:
        ontology_graph(options.extra_axioms)


def check(data: Graph, options: Options, timer: Timer) -> tuple[validate.Report, reason.Outcome]:
    """Stages 7-8: SHACL validation, then (only when it conforms) the HermiT check."""
    with timer("validate"):
        report = validate.validate(data, shapes_graph(options.extra_shapes))
    if not report.conforms:
        return report, reason.Outcome(ran=False, consistent=None, note="reasoner not run: the shapes are violated")
    with timer("reason"):
        outcome = reason.check(data, lambda: ontology_graph(options.extra_axioms), options.reasoner)
    return report, outcome


def validation_failed(report: validate.Report, options: Options, written: list[Path]) -> ValidationFailed:
    return ValidationFailed(
        f"the graph violates the shapes ({len(report.violations)} violations; first: {report.violations[0].line()}); "
        f"report in {written[-1]}; the previous release was left in place",
        violations=len(report.violations),
        report_dir=str(written[-1].parent),
    )


# -- what a release holds ---------------------------------------------------------


def release_files(triples: Iterable[serialize.PlainTriple], release: ReleaseInfo) -> dict[str, bytes]:
    """The files of a release of one document's triples (see :func:`graph.build_triples`)."""
    prefixes = serialize.prefixes_for(release.base)
    triples = serialize.sort_plain(triples)
    jsonld, context = serialize.to_jsonld(triples, terms(), prefixes, presorted=True)
    return {
        DATA_TTL: serialize.to_turtle(triples, prefixes, presorted=True),
        DATA_JSONLD: jsonld,
        CONTEXT_JSONLD: serialize.context_document(context),
        **vocabulary_files(release),
    }


def vocabulary_files(release: ReleaseInfo) -> dict[str, bytes]:
    """The ontology release and the shapes, published beside the data."""
    return {
        ONTOLOGY_TTL: ontology_release(resources.ontology_path().read_text(encoding="utf-8"), release).encode("utf-8"),
        SHAPES_TTL: resources.shapes_path().read_bytes(),
    }


def ontology_release(source: str, release: ReleaseInfo) -> str:
    """The released ontology: the edited source with its version IRI, version and date set."""
    version_iri = (
        f"https://w3id.org/westdev/ontology/releases/{release.release_date}"
        if release.release_date
        else f"https://w3id.org/westdev/ontology/{release.release_version}"
    )
    out, n_iri = re.subn(r"owl:versionIRI <[^>]*>", f"owl:versionIRI <{version_iri}>", source, count=1)
    out, n_info = re.subn(r'owl:versionInfo "[^"]*"', f'owl:versionInfo "{release.release_version}"', out, count=1)
    if n_iri != 1 or n_info != 1:
        raise ValueError("the ontology header must hold one owl:versionIRI and one owl:versionInfo")
    if release.release_date:
        out = out.replace(
            f"owl:versionIRI <{version_iri}> ;",
            f'owl:versionIRI <{version_iri}> ;\n    dcterms:issued "{release.release_date}"^^xsd:date ;',
            1,
        )
    return out


def validation_report_files(report: validate.Report, base: str) -> dict[str, bytes]:
    return {
        "validation-report.ttl": serialize.to_turtle(report.graph, serialize.prefixes_for(base)),
        "validation-summary.txt": report.summary().encode("utf-8"),
    }
