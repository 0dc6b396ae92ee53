"""Building a folder of documents: one graph per document and a combined release.

Each document goes through the whole pipeline on its own — in a worker
process when ``jobs > 1`` — and comes back as a :class:`DocumentOutcome`:
its own files, its statements rendered for the combined release, and the
triples of the nodes it shares with other documents (places, bodies,
projects, years, the software agent).  The parent process

1. writes each document's files into ``documents/`` as they arrive, in the
   order of the file names, and appends its statements to staged combined
   files (so memory does not grow with the number of documents);
2. validates the shared nodes of all documents together, so that the
   combined release is validated like a single one (each document was
   validated on its own, shared nodes included);
3. writes the combined ``westdev.ttl``, ``westdev.jsonld`` and
   ``context.jsonld`` — only when every document succeeded; otherwise the
   previous combined release stays in place and :class:`BatchFailed` names
   the documents that failed.

Turtle statements and JSON-LD node objects can be rendered document by
document because the prefixes and the JSON-LD terms are fixed functions of
the IRIs (see :mod:`westdev_kg.stages.serialize`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import Graph

from . import names, pipeline
from .errors import BatchFailed, InputError, ValidationFailed, WestdevError
from .stages import graph, publish, serialize

DOCUMENTS_DIR = "documents"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class DocumentOutcome:
    """What one document's build hands back to the parent process."""

    name: str  # file name
    slug: str = ""
    error: str | None = None
    exit_code: int = 0
    files: dict[str, bytes] = field(default_factory=dict)  # documents/<slug>.ttl, .jsonld
    report_files: dict[str, bytes] = field(default_factory=dict)  # when validation failed
    turtle: bytes = b""  # Turtle statements about the document's own nodes
    nodes: tuple[str, ...] = ()  # JSON-LD node objects of the document's own nodes
    shared: tuple = ()  # plain triples about shared nodes
    prefixes: dict[str, str] = field(default_factory=dict)  # Turtle prefixes used
    context: dict = field(default_factory=dict)  # JSON-LD context used
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    outcomes: tuple[DocumentOutcome, ...]
    files: tuple[Path, ...]
    shared_triples: int

    @property
    def failures(self) -> tuple[DocumentOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error is not None)


def text_files(folder: Path) -> list[Path]:
    """The ``*.txt`` files of a folder, sorted by name; InputError when there are none."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    files = sorted(p for p in folder.glob("*.txt") if p.is_file())
    if not files:
        raise InputError(f"{folder}: the folder holds no .txt files to build")
    return files


def process_document(path: Path, options: pipeline.Options, default_slug: str | None = None) -> DocumentOutcome:
    """The whole pipeline for one document, failures returned rather than raised."""
    timer = pipeline.Timer()
    slug = ""
    try:
        extraction = pipeline.extract_all(path, options, timer, default_slug)
        slug = extraction.document.source.metadata.slug
        release = options.release()
        with timer("build"):
            triples = graph.build_triples(extraction, release)
            data = graph.to_graph(triples)
        report, outcome = pipeline.check(data, options, timer)
        if not report.conforms:
            return DocumentOutcome(
                name=path.name,
                slug=slug,
                error=f"the graph violates the shapes ({len(report.violations)} violations; first: {report.violations[0].line()})",
                exit_code=ValidationFailed.exit_code,
                report_files=pipeline.validation_report_files(report, options.base),
            )
        with timer("serialize"):
            outcome_fields = _render(triples, extraction, release)
        e = extraction
        counts = {
            "parts": len(e.document.parts),
            "measures": len(e.document.measures()),
            "actions": len(e.actions),
            "goals": len(e.goals),
            "entities": len(e.entities),
            "mentions": len(e.mentions),
            "triples": len(triples),
        }
        warnings = e.document.source.warnings + e.document.warnings + e.warnings
        warnings += (outcome.warning,) if outcome.warning else ()
        return DocumentOutcome(name=path.name, slug=slug, counts=counts, warnings=warnings, timings=timer.seconds, **outcome_fields)
    except WestdevError as exc:
        return DocumentOutcome(name=path.name, slug=slug, error=exc.message, exit_code=exc.exit_code)


def _render(triples: list[serialize.PlainTriple], extraction, release) -> dict:
    """The document's own files and its pieces of the combined release, each rendered once.

    The document's own nodes and the nodes it shares with other documents are
    rendered apart: the combined release takes the first as they are and the second
    once for all documents; the document's own files are the two joined.
    """
    prefixes = serialize.prefixes_for(release.base)
    slug = extraction.document.source.metadata.slug
    doc_iri = f"{release.base}id/{slug}"
    own, shared = [], []
    for triple in serialize.sort_plain(triples):
        subject = triple[0][1]
        (own if subject == doc_iri or subject.startswith(doc_iri + "/") else shared).append(triple)
    ttl_prefixes = serialize.turtle_prefixes(prefixes)
    own_prefixes = serialize.used_prefixes(own, ttl_prefixes)
    shared_prefixes = serialize.used_prefixes(shared, ttl_prefixes)
    own_turtle = serialize.turtle_body(own, own_prefixes)
    writer = serialize.JsonLdWriter(pipeline.terms(), prefixes)
    own_nodes = tuple(serialize.dump_node(n) for n in writer.nodes(own))
    own_context = writer.context()
    shared_nodes = [serialize.dump_node(n) for n in writer.nodes(shared)]
    head, tail = serialize.jsonld_frame(writer.context())
    return {
        "files": {
            f"{DOCUMENTS_DIR}/{slug}.ttl": serialize.turtle_prefix_block({**own_prefixes, **shared_prefixes})
            + b"\n"
            + own_turtle
            + serialize.turtle_body(shared, shared_prefixes),
            f"{DOCUMENTS_DIR}/{slug}.jsonld": head + ",\n".join((*own_nodes, *shared_nodes)).encode("utf-8") + tail,
        },
        "turtle": own_turtle,
        "nodes": own_nodes,
        "shared": tuple(shared),
        "prefixes": own_prefixes,
        "context": own_context,
    }


def _in_order(paths: list[Path], options: pipeline.Options, jobs: int, slugs: dict[Path, str]) -> Iterator[DocumentOutcome]:
    """Outcomes in the order of ``paths``, at most ``2 * jobs`` documents in flight."""
    if jobs <= 1 or len(paths) == 1:
        for path in paths:
            yield process_document(path, options, slugs.get(path))
        return
    # Warm the caches the workers need before forking, so that each worker inherits them.
    pipeline.shapes_graph(options.extra_shapes)
    pipeline.ontology_graph(options.extra_axioms)
    pipeline.terms()
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: list[Future] = []
        queue = iter(paths)
        for path in queue:
            pending.append(pool.submit(process_document, path, options, slugs.get(path)))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            outcome = pending.pop(0).result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(pool.submit(process_document, nxt, options, slugs.get(nxt)))
            yield outcome


def build_folder(folder: Path, options: pipeline.Options, jobs: int = 1, progress: Progress | None = None) -> BatchResult:
    """Build every ``*.txt`` of ``folder``; raise BatchFailed when any document failed."""
    paths = text_files(folder)
    by_relative = names.document_slugs(p.relative_to(folder) for p in paths)
    default_slugs = {p: by_relative[p.relative_to(folder)] for p in paths}  # distinct within the folder
    pipeline.load_extras(options)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    release = options.release()
    outcomes: list[DocumentOutcome] = []
    slugs: dict[str, str] = {}
    shared: set = set()
    turtle_prefixes: dict[str, str] = {}
    context: dict = {}
    written: list[Path] = []
    with publish.Staged(options.output, ".westdev.ttl.body") as turtle_body, publish.Staged(options.output, ".westdev.jsonld.body") as json_body:
        for outcome in _in_order(paths, options, jobs, default_slugs):
            if outcome.error is None and outcome.slug in slugs:
                outcome = DocumentOutcome(
                    name=outcome.name, slug=outcome.slug, exit_code=InputError.exit_code,
                    error=f"document slug {outcome.slug!r} is also the slug of {slugs[outcome.slug]} (give one of them a sidecar with another slug)",
                )
            outcomes.append(replace(outcome, files={}, report_files={}, turtle=b"", nodes=(), shared=()))  # keep no payload
            if progress is not None:
                progress(outcome.name)
            if outcome.error is not None:
                if outcome.report_files:
                    written += publish.publish(options.reports / (outcome.slug or Path(outcome.name).stem), outcome.report_files)
                continue
            slugs[outcome.slug] = outcome.name
            written += publish.publish(options.output, outcome.files)
            turtle_body.write(outcome.turtle)
            for node in outcome.nodes:
                json_body.write((b",\n" if json_body.size else b"") + node.encode("utf-8"))
            shared.update(outcome.shared)
            turtle_prefixes.update(outcome.prefixes)
            context.update(outcome.context)
        failures = [o for o in outcomes if o.error is not None]
        if failures:
            raise BatchFailed(
                f"{len(failures)} of {len(outcomes)} documents failed: "
                + "; ".join(f"{o.name}: {o.error}" for o in failures)
                + "; the combined release was not written",
                failures={o.name: _error_of(o) for o in failures},
            )
        written += _write_combined(options, release, shared, turtle_prefixes, context, turtle_body, json_body)
    return BatchResult(outcomes=tuple(outcomes), files=tuple(written), shared_triples=len(shared))


def _error_of(outcome: DocumentOutcome) -> WestdevError:
    error = WestdevError(outcome.error or "")
    error.exit_code = outcome.exit_code
    return error


def _write_combined(options, release, shared, turtle_prefixes, context, turtle_body, json_body) -> list[Path]:
    shared_graph = Graph()
    for s, p, o in shared:
        shared_graph.add((serialize.rdflib_term(s), serialize.rdflib_term(p), serialize.rdflib_term(o)))
    report = pipeline.validate.validate(shared_graph, pipeline.shapes_graph(options.extra_shapes))
    if not report.conforms:
        written = publish.publish(options.reports / "combined", pipeline.validation_report_files(report, options.base))
        raise pipeline.validation_failed(report, options, written)
    prefixes = serialize.prefixes_for(release.base)
    ordered = serialize.sort_plain(shared)
    shared_prefixes = serialize.used_prefixes(ordered, serialize.turtle_prefixes(prefixes))
    all_prefixes = dict(sorted({**turtle_prefixes, **shared_prefixes}.items()))
    writer = serialize.JsonLdWriter(pipeline.terms(), prefixes)
    shared_nodes = [serialize.dump_node(n) for n in writer.nodes(ordered)]
    context = dict(sorted({**context, **writer.context()}.items()))

    turtle_head = serialize.turtle_prefix_block(all_prefixes) + b"\n"
    turtle_tail = serialize.turtle_body(ordered, all_prefixes)
    json_head, json_tail = serialize.jsonld_frame(context)
    shared_json = ",\n".join(shared_nodes).encode("utf-8")
    separator = b",\n" if json_body.size and shared_json else b""
    written = [
        turtle_body.commit(pipeline.DATA_TTL, head=turtle_head, tail=turtle_tail),
        json_body.commit(pipeline.DATA_JSONLD, head=json_head, tail=separator + shared_json + json_tail),
    ]
    written += publish.publish(options.output, {pipeline.CONTEXT_JSONLD: serialize.context_document(context), **pipeline.vocabulary_files(release)})
    return written

