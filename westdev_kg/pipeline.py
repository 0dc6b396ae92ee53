"""The pipeline, read from the top.

One document goes through stages 1-9 in :func:`build_document` — in this process or in
a worker (:mod:`westdev_kg.executors`) — and comes back as a :class:`DocumentResult`;
:func:`build` runs it over one file or a folder and hands the results, in input order
and as they arrive, to the publisher (stage 10), which writes one release.  Each stage is
one module of :mod:`westdev_kg.stages` and passes typed data (:mod:`westdev_kg.model`)
or triples (:mod:`westdev_kg.rdf`) to the next:

====  ==========  ============================================  ==========================
 #    stage       input -> output                               module
====  ==========  ============================================  ==========================
 1    read        path -> SourceText                            ``stages/read.py``
 2    segment     SourceText -> Document                        ``stages/segment.py``
 3    extract     Document -> Found (mentions)                  ``stages/extract.py``
 4    link        Document, Found -> Linked (entities)          ``stages/link.py``
 5    analyse     Document, Linked -> Analysis (goals, actions)  ``stages/analyse.py``
 6    build       Extraction -> triples                         ``stages/graph.py``
 7    validate    triples -> validation Report                  ``stages/validate.py``
 8    reason      triples -> consistency Outcome                ``stages/reason.py``
 9    serialize   triples -> Rendered (bytes)                   ``stages/serialize.py``
10    publish     Rendered of every document -> one release     ``stages/publish.py``
====  ==========  ============================================  ==========================

Nothing here prints or exits: the CLI does.  Failures are
:class:`~westdev_kg.errors.WestdevError` subclasses carrying their exit code; a
document's failure is captured in its result, and a build with any failure writes no
release (the previous one stays, whole).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path, PurePath

from rdflib import Graph

from . import __version__, executors, faults, iri_changes, names, rdf, resources
from .errors import BatchFailed, InputError, LimitExceeded, UsageError, ValidationFailed, WestdevError
from .model import Extraction, ReleaseInfo, own_sentences
from .stages import analyse, dataset, evidence, extract, graph, link, publish, read, reason, segment, serialize, validate
from .vocab import DEFAULT_BASE, Minter

DATA_TTL = "westdev.ttl"
DATA_JSONLD = "westdev.jsonld"
CONTEXT_JSONLD = "context.jsonld"
ONTOLOGY_TTL = "westdev-ontology.ttl"
SHAPES_TTL = "westdev-shapes.ttl"
DOCUMENTS_DIR = "documents"
MANIFEST = publish.MANIFEST
#: the input files of a folder build
INPUT_SUFFIXES = (".txt", ".md")
#: bytes of release per byte of input (the bundled text: 50 KB gives 2.3 MB; a folder build also
#: writes each document's own files), and the vocabulary files: the free space checked for
RELEASE_BYTES_PER_INPUT_BYTE = 45
VOCABULARY_BYTES = 120_000


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
    reasoner_timeout: float = reason.DEFAULT_TIMEOUT  # seconds HermiT may take (exit 3 beyond)
    extra_shapes: tuple[Path, ...] = ()  # more SHACL shapes to validate against
    extra_axioms: tuple[Path, ...] = ()  # more OWL axioms for the consistency check
    wait: bool = False  # wait for another build of the same release folder to finish (else exit 75)
    sparql_endpoint: str | None = None  # where the release will be queried, for void.ttl (the build cannot know)

    def release(self) -> ReleaseInfo:
        return ReleaseInfo(
            base=self.base,
            tool_version=__version__,
            release_version=self.release_version,
            release_date=self.release_date,
            inputs=inputs_digest(self.extra_shapes, self.extra_axioms),
        )


@cache
def inputs_digest(extra_shapes: tuple[Path, ...], extra_axioms: tuple[Path, ...]) -> str:
    """sha256 of the tool version and the bytes of the ontology and the shapes, extra files included."""
    digest = hashlib.sha256(f"westdev-kg {__version__}\n".encode("ascii"))
    for path in (resources.ontology_path(), resources.shapes_path(), *extra_shapes, *extra_axioms):
        try:
            digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode("ascii"))
        except OSError as exc:
            raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None
    return digest.hexdigest()


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


@dataclass(frozen=True, slots=True)
class Job:
    """One document to build (picklable: it may travel to a worker)."""

    path: Path
    relative: PurePath  # the path relative to the input folder; the file name for a single file
    options: Options
    own_files: bool = False  # also render the document's own files (documents/<slug>.*)
    slug: str | None = None  # the slug unless a sidecar gives one (a folder's documents get distinct ones)


@dataclass(frozen=True)
class DocumentResult:
    """What building one document gives back (picklable): its share of the release, or its error."""

    name: str  # the relative path, as text
    slug: str = ""
    rendered: serialize.Rendered | None = None
    error: WestdevError | None = None
    report_files: dict[str, bytes] = field(default_factory=dict)  # when the shapes are violated
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    validation: str = ""  # one line for the summary
    reasoner: str = ""  # one line for the summary
    skipped: tuple[str, ...] = ()  # what of the file was kept out of the body (front matter, a table of contents …)
    source_sha256: str = ""  # of the file as read: the release's version is a hash of these
    share: dataset.Share | None = None  # its part of the dumps and of void.ttl
    extraction: Extraction | None = None  # kept for a build of one document only
    redirects: tuple[tuple[str, tuple[str, str]], ...] = ()  # old IRI -> (new IRI, changed in) (:mod:`.iri_changes`)

    @property
    def document(self):
        assert self.extraction is not None
        return self.extraction.document


@dataclass(frozen=True)
class Build:
    """A finished build: each document's result (without its rendered bytes) and the files written."""

    results: tuple[DocumentResult, ...]
    files: tuple[Path, ...]
    shared_triples: int

    def single(self) -> DocumentResult:
        """The result of a build of one document."""
        assert len(self.results) == 1, f"{len(self.results)} documents were built"
        return self.results[0]


# -- shared, loaded once per process --------------------------------------------


def _read(path: Path, what: str, reader: Callable[[Path], Iterable[rdf.Triple]] = rdf.read_turtle) -> list[rdf.Triple]:
    try:
        return list(reader(path))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such {what} file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({what}): {exc.strerror or exc}") from None
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{path}: not valid Turtle ({what}): {str(exc).splitlines()[0][:200]}") from None


@cache
def _ontology_triples() -> tuple[rdf.Triple, ...]:
    return tuple(_read(resources.ontology_path(), "ontology", lambda _: resources.ontology_triples()))


@cache
def ontology_graph(extra: tuple[Path, ...] = ()) -> Graph:
    triples = list(_ontology_triples())
    for path in extra:
        triples += _read(path, "axioms")
    return rdf.to_rdflib(triples)


@cache
def shapes_graph(extra: tuple[Path, ...] = ()) -> Graph:
    """Our shapes and any extra ones, flattened for speed (see :func:`validate.flatten_triples`),
    without our SHACL-SPARQL evidence constraints (the validate stage runs them in Python:
    :mod:`stages.evidence`), in the graph pySHACL reads fastest (:class:`rdf.IndexedGraph`)."""
    triples = _read(resources.shapes_path(), "shapes")
    for path in extra:
        triples += _read(path, "shapes")
    return rdf.to_rdflib_indexed(evidence.without_sparql(validate.flatten_triples(triples)))


@cache
def terms() -> serialize.Terms:
    """JSON-LD term table of the ontology (see :mod:`westdev_kg.stages.serialize`), read from its
    plain triples (the rdflib graph of the ontology is made only for the reasoner)."""
    return serialize.Terms.from_triples(_ontology_triples())


# -- the pipeline ------------------------------------------------------------------


def jobs_for(path: Path, options: Options) -> list[Job]:
    """The documents to build: the file itself, or every input file under the folder
    (recursively, hidden entries left out), in the order of their relative paths."""
    try:
        is_folder = path.is_dir()
    except OSError as exc:
        raise InputError(f"{read.shown(path)}: cannot be read: {exc.strerror or exc}") from None
    if not is_folder:
        return [Job(path, PurePath(path.name), options)]
    found = sorted(
        (p.relative_to(path), p)
        for p in path.rglob("*")
        if p.suffix in INPUT_SUFFIXES and p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not found:
        raise InputError(f"{read.shown(path)}: the folder holds no {' or '.join(INPUT_SUFFIXES)} files to build")
    slugs = names.document_slugs(relative for relative, _ in found)  # distinct within the folder
    return [Job(p, relative, options, own_files=True, slug=slugs[relative]) for relative, p in found]


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


def _name(job: Job) -> str:
    return os.fsencode(job.relative.as_posix()).decode("utf-8", "replace")  # valid Unicode, as the graph records it


def build_document(job: Job) -> DocumentResult:
    """Stages 1-9 for one document; a failure a user can act on is returned, not raised."""
    options, timer = job.options, Timer()
    name = _name(job)
    slug = ""
    faults.at(f"document={job.relative.as_posix()}")  # test-only (westdev_kg.faults)
    try:
        extraction = extract_all(job.path, options, timer, job.slug)
        slug = extraction.document.source.metadata.slug
        release = options.release()
        with timer("build"):
            triples = graph.build_triples(extraction, release)
            moved = iri_changes.redirects(extraction.document, triples, release.base, Minter(release.base, slug).document[1])
            triples += iri_changes.replaced_by(moved)
        report, outcome = check(triples, options, timer)
        if not report.conforms:
            error = ValidationFailed(
                f"the graph violates the shapes ({len(report.violations)} violations; first: {report.violations[0].line()})",
                violations=len(report.violations),
            )
            return DocumentResult(name, slug, error=error, report_files=validation_report_files(report, options.base))
        with timer("serialize"):
            own_files = f"{DOCUMENTS_DIR}/{slug}" if job.own_files else None
            mint = Minter(release.base, slug)
            framed = f"{DOCUMENTS_DIR}/{slug}.framed.jsonld"  # in every release, of one document too
            rendered = serialize.render_document(triples, mint.document[1], terms(), release.base, own_files, framed)
            source = extraction.document.source
            share = dataset.share_of(triples, mint.document[1], mint.local("graph")[1], (mint.local("text")[1], source.name, source.sha256))
    except WestdevError as exc:
        return DocumentResult(name, slug, error=exc)
    return DocumentResult(
        name,
        slug,
        rendered=rendered,
        counts=_counts(extraction, len(triples)),
        warnings=_warnings(extraction, outcome),
        timings=timer.seconds,
        validation=f"conforms ({len(report.results)} results)",
        reasoner=outcome.note,
        skipped=extraction.document.source.skipped,
        source_sha256=extraction.document.source.sha256,
        share=share,
        extraction=None if job.own_files else extraction,
        redirects=tuple(sorted(moved.items())),
    )


def failed_document(job: Job, message: str) -> DocumentResult:
    """The result of a document that went over a limit, or whose worker died (see :mod:`.executors`)."""
    return DocumentResult(_name(job), error=LimitExceeded(message))


def release_estimate(jobs: list[Job]) -> int:
    """About how many bytes the release of ``jobs`` takes (checked free before writing)."""
    size = 0
    for job in jobs:
        try:
            size += job.path.stat().st_size * (2 if job.own_files else 1)
        except OSError:
            pass  # reading it will say why
    return VOCABULARY_BYTES + RELEASE_BYTES_PER_INPUT_BYTE * size


def build(
    path: Path,
    options: Options,
    executor: executors.Executor | None = None,
    progress: Callable[[DocumentResult], None] | None = None,
    waiting: Callable[[str], None] | None = None,
) -> Build:
    """Build a file or a folder of files into one release in ``options.output``.

    Raises the document's own error when a single file fails, :class:`BatchFailed` when
    documents of a folder fail; in both cases no release is written.  The release folder
    is locked for the whole build: with ``options.wait``, ``waiting`` is called with a line
    to show while another build holds it.
    """
    load_extras(options)
    jobs = jobs_for(path, options)
    executor = executor or executors.InProcess()
    results: list[DocumentResult] = []
    failures: list[DocumentResult] = []
    slugs: dict[str, str] = {}
    release = options.release()
    combined = serialize.Combined(terms(), release.base)
    description = dataset.Description(release, options.sparql_endpoint)
    moved: dict[str, tuple[str, str]] = {}
    with publish.Release(options.output, wait=options.wait, need_bytes=release_estimate(jobs), waiting=waiting) as out, closing(
        executor.map(build_document, jobs)  # closed on any way out: a pool ends its workers at once
    ) as built:
        for result in built:
            if result.error is None and result.slug in slugs:
                result = DocumentResult(result.name, result.slug, error=InputError(
                    f"document slug {result.slug!r} is also the slug of {slugs[result.slug]} (give one of them a sidecar with another slug)"))
            if result.error is not None:
                failures.append(_reported(result, options, folder=len(jobs) > 1))
            else:
                slugs[result.slug] = result.name
                for name, data in sorted(result.rendered.files.items()):
                    out.write(name, data)
                turtle, json = combined.add(result.rendered)
                out.append(DATA_TTL, turtle)
                out.append(DATA_JSONLD, json)
                out.append(dataset.NTRIPLES, result.share.ntriples)
                out.append(dataset.NQUADS, result.share.nquads)
                description.add(result.share)
                moved.update(result.redirects)
            results.append(replace(result, rendered=None, share=None))
            if progress is not None:
                progress(results[-1])
        if failures:
            raise _failed(failures, len(jobs))
        if len(jobs) > 1:
            check_shared(combined.shared, options)
        (ttl_head, ttl_tail), (json_head, json_tail), context = combined.frame()
        out.close_appended(DATA_TTL, ttl_head, ttl_tail)
        out.close_appended(DATA_JSONLD, json_head, json_tail)
        shared_nt, shared_counts = dataset.shared_lines(combined.shared)
        out.close_appended(dataset.NTRIPLES, b"", shared_nt)
        out.close_appended(dataset.NQUADS, b"", b"")
        out.write(CONTEXT_JSONLD, serialize.context_document(context))
        out.write(iri_changes.REDIRECTS_JSON, iri_changes.redirects_document(moved))
        for name, data in vocabulary_files(release).items():
            out.write(name, data)
        out.write(dataset.VOID_TTL, description.turtle(shared_counts, {name: out.size(name) for name in dataset.DISTRIBUTIONS}))
        files = out.commit(
            generator=f"westdev-kg {__version__}",
            release_version=release.version_of(*(r.source_sha256 for r in results)),
            release_date=release.release_date,
            documents={r.slug: r.name for r in results},
        )
    return Build(results=tuple(results), files=tuple(files), shared_triples=len(combined.shared))


def _reported(result: DocumentResult, options: Options, folder: bool) -> DocumentResult:
    """A failed result, its validation report written (into ``reports/<slug>`` for a folder)."""
    if not result.report_files:
        return result
    where = options.reports / (result.slug or PurePath(result.name).stem) if folder else options.reports
    error = result.error
    assert isinstance(error, ValidationFailed)
    error = ValidationFailed(f"{error.message}; {_report_written(where, result.report_files)}; the previous release was left in place", violations=error.violations, report_dir=str(where))
    return replace(result, error=error, report_files={})


def _report_written(where: Path, files: dict[str, bytes]) -> str:
    """Where the report went, or why it could not be written (the violation stays the error: exit 1)."""
    try:
        written = publish.publish(where, files, what="reports folder")
    except UsageError as exc:
        return f"the report could not be written into the reports folder {where} ({exc.message})"
    return f"report in {written[-1]}"


def _failed(failures: list[DocumentResult], documents: int) -> WestdevError:
    if documents == 1:
        return failures[0].error  # type: ignore[return-value]
    return BatchFailed(
        f"{len(failures)} of {documents} documents failed: "
        + "; ".join(f"{f.name}: {f.error}" for f in failures)
        + "; the release was not written",
        failures={f.name: f.error for f in failures},  # type: ignore[misc]
    )


def check_shared(shared: Iterable[rdf.Triple], options: Options) -> None:
    """The nodes documents share, validated together (each document validated its own)."""
    report = validate.validate(shared, shapes_graph(options.extra_shapes))
    if not report.conforms:
        where = options.reports / "combined"
        written = _report_written(where, validation_report_files(report, options.base))
        raise ValidationFailed(
            f"the nodes the documents share violate the shapes ({len(report.violations)} violations; first: "
            f"{report.violations[0].line()}); {written}; the previous release was left in place",
            violations=len(report.violations),
            report_dir=str(where),
        )


def load_extras(options: Options) -> None:
    """Read the extra shapes and axioms before any work, so that a bad file stops the build at once."""
    if options.extra_shapes:
        shapes_graph(options.extra_shapes)
    if options.extra_axioms:
        ontology_graph(options.extra_axioms)


def warm(options: Options) -> None:
    """Load what every document needs, once (before a process pool forks its workers)."""
    shapes_graph(options.extra_shapes)
    ontology_graph(options.extra_axioms)
    terms()


def check(triples: list[rdf.Triple], options: Options, timer: Timer) -> tuple[validate.Report, reason.Outcome]:
    """Stages 7-8: SHACL validation, then (only when it conforms) the HermiT check."""
    with timer("validate"):
        report = validate.validate(triples, shapes_graph(options.extra_shapes))
    if not report.conforms:
        return report, reason.Outcome(ran=False, consistent=None, note="reasoner not run: the shapes are violated")
    with timer("reason"):
        outcome = reason.check(triples, lambda: ontology_graph(options.extra_axioms), options.reasoner, options.reasoner_timeout)
    return report, outcome


def _counts(e: Extraction, triples: int) -> dict[str, int]:
    doc = e.document
    return {
        "parts": len(doc.parts),
        "measures": len(doc.measures()),
        "sentences": sum(len(own_sentences(s)) for s in doc.sections()),
        "actions": len(e.actions),
        "goals": len(e.goals),
        "entities": len(e.entities),
        "mentions": len(e.mentions),
        "triples": triples,
        "depth": max((s.level for s in doc.sections()), default=0),
        **{f"kind {k}": n for k, n in sorted(Counter(s.kind for s in doc.sections() if s.number is not None).items())},
    }


def _warnings(e: Extraction, outcome: reason.Outcome) -> tuple[str, ...]:
    extra = (outcome.warning,) if outcome.warning else ()
    return e.document.source.warnings + e.document.warnings + e.warnings + extra


# -- what a release holds ---------------------------------------------------------


def vocabulary_files(release: ReleaseInfo) -> dict[str, bytes]:
    """The ontology release and the shapes, published beside the data."""
    return {
        ONTOLOGY_TTL: ontology_release(resources.ontology_path().read_text(encoding="utf-8"), release).encode("utf-8"),
        SHAPES_TTL: resources.shapes_path().read_bytes(),
    }


def ontology_release(source: str, release: ReleaseInfo) -> str:
    """The released ontology: the source with its version (16 hex digits of the sha256 of the
    source itself: any edit gives a new one), its version IRI and its release date set."""
    version = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    version_iri = f"https://w3id.org/westdev/ontology/{version}"
    out, n_iri = re.subn(r"owl:versionIRI <[^>]*>", f"owl:versionIRI <{version_iri}>", source, count=1)
    out, n_info = re.subn(r'owl:versionInfo "[^"]*"', f'owl:versionInfo "{version}"', out, count=1)
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
