"""The ``westdev-kg`` command: the only place that prints a summary or exits.

Exit codes (see :mod:`westdev_kg.errors`): 0 success (warnings allowed),
1 shapes violated, 2 bad input or usage, 3 an optional tool missing or without
an answer, 4 ontology and data inconsistent, 75 a temporary failure (the release
folder is locked by another build, workers cannot be started), 70 a bug;
interrupted: 130 (Ctrl-C, SIGINT), 143 (SIGTERM), 129 (SIGHUP).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cli_release
from .errors import BatchFailed, UsageError, WestdevError

INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h: a bug in westdev-kg

EXIT_CODES = """exit codes:
  0  success (warnings allowed)
  1  the graph violates the SHACL shapes (report in --reports)
  2  bad input or usage
  3  an optional tool is missing or gave no answer (Java, HermiT; --reasoner-timeout)
  4  the ontology and the data are logically inconsistent
 70  internal error (a bug: please report it)
 75  temporary failure, try again (another build holds the -o folder: see --wait;
     worker processes could not be started)
 130, 143, 129  interrupted by Ctrl-C (SIGINT), SIGTERM, SIGHUP: the previous release stays"""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is: every clean-up runs, the previous release stays whole."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


# the formats of westdev_kg.query.FORMATS, named here so that the parser need not import pyoxigraph
QUERY_FORMATS = ("table", "markdown", "json", "xml", "csv", "tsv", "turtle", "ntriples")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="westdev-kg",
        description="Turn a Chinese central-government policy text into a validated RDF knowledge graph.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"westdev-kg {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser(
        "build",
        help="build the knowledge graph of a text into a release folder",
        description="Read a policy text (default: the bundled Guiding Opinions of 2020), build its "
        "knowledge graph, validate it against the SHACL shapes, check it with the HermiT reasoner, "
        "and write Turtle, JSON-LD, the context, the ontology and the shapes into the output folder.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("path", nargs="?", type=Path, help="a text file, or a folder whose .txt files (in subfolders too) are built into one release (default: the bundled text)")
    build.add_argument("-o", "--output", type=Path, default=Path("output"), help="release folder (default: output/)")
    build.add_argument("--reports", type=Path, default=Path("reports"), help="where a failed validation's report goes (default: reports/)")
    build.add_argument("--base", default=None, help="IRI base of minted IRIs (default: https://w3id.org/westdev/)")
    build.add_argument("--release-date", default=None, help="release date YYYY-MM-DD recorded in the graph (default: from SOURCE_DATE_EPOCH, else none)")
    build.add_argument("--release-version", default=None, help="pin the release version (default: a content hash of the sources, ontology, shapes and tool version)")
    build.add_argument("--sparql-endpoint", default=None, metavar="URL", help="the SPARQL endpoint the release will be served at, stated in void.ttl (default: none)")
    build.add_argument("--encoding", default=None, help="decode the text with this codec (default: UTF-8, or the codec its byte-order mark names)")
    build.add_argument("--max-bytes", type=int, default=None, help="refuse inputs larger than this (default: 16 MiB)")
    build.add_argument("--reasoner", choices=("auto", "required", "skip"), default="auto", help="HermiT consistency check: auto runs it when Java is present (default), required fails without Java, skip never runs it")
    build.add_argument("--reasoner-timeout", type=float, default=None, metavar="SECONDS", help="give HermiT up after this long: exit 3 (default: 120)")
    build.add_argument("--shapes", type=Path, action="append", default=[], metavar="FILE", help="also validate against the SHACL shapes in FILE (Turtle; repeatable)")
    build.add_argument("--axioms", type=Path, action="append", default=[], metavar="FILE", help="also check consistency with the OWL axioms in FILE (Turtle; repeatable)")
    build.add_argument("-j", "--jobs", type=int, default=1, help="documents built in parallel when PATH is a folder (0: one per core; default 1; at most twice the cores)")
    build.add_argument("--document-timeout", type=float, default=None, metavar="SECONDS", help="in a folder build, a document that takes longer fails, named, and the others go on (default: 600)")
    build.add_argument("--document-memory", type=int, default=None, metavar="MIB", help="in a folder build, a document that needs more memory fails, named, and the others go on (default: 4096)")
    build.add_argument("--wait", action="store_true", help="if another build is writing the -o folder, wait for it (default: exit 75 at once)")
    build.add_argument("-q", "--quiet", action="store_true", help="print warnings and errors only")

    query = commands.add_parser(
        "query",
        help="run a SPARQL query over a release",
        description="Run a SPARQL 1.1 query (a file, or the name of a query in queries/, e.g. cq-structure) over the union of "
        "the release's Turtle files. A SELECT query answers as a table, or in the SPARQL 1.1 results formats (JSON, XML, CSV, "
        "TSV); an ASK query in JSON or XML; a CONSTRUCT or DESCRIBE query in Turtle or N-Triples.",
    )
    query.add_argument("query", help="a .rq file (UTF-8), or the name of a bundled query such as cq-structure")
    query.add_argument("-d", "--data", type=Path, default=Path("output"), help="release folder to query (default: output/)")
    query.add_argument("--format", choices=QUERY_FORMATS, default="table", help="output format (default: table; json, xml, csv and tsv are the SPARQL 1.1 results formats)")
    query.add_argument("--where", action="append", default=[], metavar="VAR=VALUE", help="keep the rows whose ?VAR, as a string, equals VALUE (repeatable), e.g. --where regionLabel=Sichuan")
    query.add_argument("--columns", default=None, metavar="VAR,VAR", help="show only these variables, in this order")
    query.add_argument("--limit", type=int, default=None, metavar="N", help="show at most N rows")
    query.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="stop the query after this many seconds (default: 10; 0: no limit)")
    query.add_argument("--memory-limit", type=int, default=2048, metavar="MB", help="stop the query when it needs more memory than this (default: 2048; 0: no limit)")

    commands.add_parser("queries", help="list the bundled competency queries")
    cli_release.add_serve_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):  # a file name the file system could not decode must not crash a print
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    args.process = argv is None  # run as the command itself (not called from Python): the process ends with it
    if args.command is None:
        parser.print_help()
        return 2
    _quiet_libraries()
    handlers = _interruptible() if args.command == "build" else {}  # serve handles its own signals
    kept = "; the previous release was left in place unless the new one was already switched in" if args.command == "build" else ""
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "query":
            return cli_release.query(args)
        if args.command == "serve":
            return cli_release.serve(args)
        if args.command == "search":
            return cli_release.search(args)
        return cli_release.list_queries()
    except WestdevError as exc:
        print(f"westdev-kg: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"westdev-kg: terminated ({name}){kept}", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print(f"westdev-kg: interrupted{kept}", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, not a traceback, and its own code
        message = " ".join(str(exc).split())
        print(f"westdev-kg: internal error: {type(exc).__name__}: {message} (please report it)", file=sys.stderr)
        return INTERNAL_ERROR
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        if args.process:
            _freeze_heap()


def _freeze_heap() -> None:
    """Everything alive now out of the cyclic garbage collector's sight (``gc.freeze``).

    The command is one process that builds and exits.  Frozen after the imports, the modules
    (rdflib, pySHACL, ours: some 90,000 objects) are no longer traversed by every full
    collection during the build; frozen at the end, the heap is not traversed by the
    collections the interpreter runs while it shuts down (0.1 s of a build of one text).
    Reference counting still frees what is dropped, and every atexit handler runs.  Only when
    run as the command: a Python caller of :func:`main` keeps its collector as it was.
    """
    import gc

    gc.freeze()


def _interruptible() -> dict[int, object]:
    """For a build, SIGTERM and SIGHUP act as Ctrl-C does (KeyboardInterrupt): every clean-up runs.
    The handlers replaced, to put back (in the main thread only: elsewhere Python cannot set them)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}
    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            saved[signum] = signal.signal(signum, _terminated)
    return saved


def _quiet_libraries() -> None:
    """Libraries never print: pySHACL logs its errors to stderr itself (its logger
    ``pyshacl-validate``), and the error comes again as our one line."""
    logging.getLogger("pyshacl-validate").disabled = True


def _release_date(value: str | None) -> str | None:
    if value is not None:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise UsageError(f"--release-date must be a date YYYY-MM-DD, not {value!r}") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {epoch!r}") from None
    return None


def _release_version(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}", value):
        raise UsageError(f"--release-version must be letters, digits and . + _ - (it goes into the ontology's version IRI), not {value!r}")
    return value


def _endpoint(value: str | None) -> str | None:
    if value is None:
        return None
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        value = ""
    if not value.startswith(("http://", "https://")):
        raise UsageError("--sparql-endpoint must be an absolute http(s) IRI such as https://example.org/sparql")
    return value


def _base(value: str | None) -> str:
    from .vocab import DEFAULT_BASE

    if value is None:
        return DEFAULT_BASE
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(value)
    except ValueError:
        raise UsageError(f"--base must be an absolute IRI such as https://example.org/westdev/, not {value!r}") from None
    if not value.startswith(("http://", "https://")) or not value.endswith("/"):
        raise UsageError(f"--base must be an http(s) IRI ending in '/', not {value!r}")
    return value


def _build(args: argparse.Namespace) -> int:
    from . import pipeline, resources

    if args.max_bytes is not None and args.max_bytes < 1:
        raise UsageError(f"--max-bytes must be a positive number of bytes, not {args.max_bytes}")
    if args.max_bytes is not None and args.max_bytes > _memory_bytes():
        raise UsageError(
            f"--max-bytes {args.max_bytes} is more than this machine can address ({_memory_bytes()} bytes of memory; "
            "a text is read whole into memory)"
        )
    for option, value in (("--reasoner-timeout", args.reasoner_timeout), ("--document-timeout", args.document_timeout)):
        if value is not None and not 0 < value < 1e9:
            raise UsageError(f"{option} must be a positive number of seconds, not {value:g}")
    if args.document_memory is not None and not 0 < args.document_memory <= _memory_bytes() >> 20:
        raise UsageError(f"--document-memory must be a positive number of MiB, at most this machine's {_memory_bytes() >> 20}, not {args.document_memory}")
    options = pipeline.Options(
        output=args.output,
        reports=args.reports,
        base=_base(args.base),
        release_date=_release_date(args.release_date),
        release_version=_release_version(args.release_version),
        sparql_endpoint=_endpoint(args.sparql_endpoint),
        encoding=args.encoding,
        max_bytes=args.max_bytes if args.max_bytes is not None else pipeline.read.DEFAULT_MAX_BYTES,
        reasoner=args.reasoner,
        reasoner_timeout=args.reasoner_timeout if args.reasoner_timeout is not None else pipeline.reason.DEFAULT_TIMEOUT,
        extra_shapes=tuple(args.shapes),
        extra_axioms=tuple(args.axioms),
        wait=args.wait,
    )
    if args.jobs < 0:
        raise UsageError(f"--jobs must be 0 (one per core) or a positive number, not {args.jobs}")
    path = args.path if args.path is not None else resources.bundled_text_path()
    return _run_build(path, options, args)


def _run_build(path: Path, options, args: argparse.Namespace) -> int:
    import time

    from . import executors, pipeline

    if args.process:
        import pyshacl  # noqa: F401  (validation imports it anyway; imported now, it is frozen with the rest)

        _freeze_heap()
    started = time.perf_counter()
    jobs = pipeline.jobs_for(path, options)
    _, capped = executors.worker_count(args.jobs, len(jobs))
    if capped:
        print(f"westdev-kg: warning: {capped}", file=sys.stderr)
    limits = executors.Limits(
        seconds=args.document_timeout if args.document_timeout is not None else executors.DEFAULT_SECONDS,
        memory_mib=args.document_memory if args.document_memory is not None else executors.DEFAULT_MEMORY_MIB,
    )
    executor = executors.for_jobs(
        args.jobs, len(jobs), warm=lambda: pipeline.warm(options),
        limits=limits if len(jobs) > 1 else None, failed=pipeline.failed_document,
    )
    if args.quiet or len(jobs) == 1:
        progress = _NoBar()  # tqdm is not even imported (10 ms of a process)
    else:
        from tqdm import tqdm

        progress = tqdm(total=len(jobs), unit="doc", disable=None, file=sys.stderr, leave=False)
    with progress as bar:
        try:
            build = pipeline.build(
                path, options, executor=executor, progress=lambda _result: bar.update(),
                waiting=lambda line: print(f"westdev-kg: {line}", file=sys.stderr, flush=True),
            )
        except BatchFailed as failed:
            bar.close()
            for name, error in sorted(failed.failures.items()):
                print(f"westdev-kg: error: {name}: {error}", file=sys.stderr)
            raise
    prefix = len(jobs) > 1
    for result in build.results:
        for warning in result.warnings:
            print(f"westdev-kg: warning: {result.name + ': ' if prefix else ''}{warning}", file=sys.stderr)
    if not args.quiet:
        print(_summary(path, build, time.perf_counter() - started, args.jobs))
    return 0


class _NoBar:
    """What the build uses of a tqdm bar, doing nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _memory_bytes() -> int:
    """The machine's memory: the most a text read whole could take."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return sys.maxsize


_KINDS = ("part", "chapter", "section", "measure", "item", "sub-item")


def outline_summary(counts: dict[str, int]) -> str:
    """"18 parts, 62 chapters, 171 sections (3 levels)" for an outline beyond parts and measures;
    empty for two levels of parts and measures (the summary line says those)."""
    found = {k: counts.get(f"kind {k}", 0) for k in _KINDS}
    if counts.get("depth", 0) <= 2 and not any(found[k] for k in _KINDS if k not in ("part", "measure")):
        return ""
    listed = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in found.items() if n)
    return f"{listed} ({counts['depth']} levels)"


def _summary(path: Path, build, seconds: float, jobs: int) -> str:
    written = ", ".join(str(p) for p in build.files)
    if len(build.results) == 1:
        result = build.results[0]
        c = result.counts
        stages = ", ".join(f"{name} {sec:.2f}" for name, sec in result.timings.items())
        return "\n".join([
            f"westdev-kg {__version__}: built {path.name}",
            f"  parts {c['parts']}, measures {c['measures']}, sentences {c['sentences']}, "
            f"actions {c['actions']}, goals {c['goals']}, entities {c['entities']}, mentions {c['mentions']}",
            *([f"  outline: {outline}"] if (outline := outline_summary(c)) else []),
            f"  triples {c['triples']}; SHACL: {result.validation}; reasoner: {result.reasoner}",
            *([f"  not body text: {', '.join(result.skipped)}"] if result.skipped else []),
            f"  wrote {written}",
            f"  time {sum(result.timings.values()):.2f} s ({stages})",
        ])
    n = len(build.results)
    totals = {key: sum(r.counts.get(key, 0) for r in build.results) for key in ("parts", "measures", "actions", "triples")}
    return (
        f"westdev-kg {__version__}: built {n} documents from {path}\n"
        f"  parts {totals['parts']}, measures {totals['measures']}, actions {totals['actions']}, triples {totals['triples']} "
        f"(+{build.shared_triples} shared); SHACL: conforms\n"
        f"  wrote {len(build.files)} files into {build.files[0].parent if build.files else ''}\n"
        f"  time {seconds:.2f} s ({seconds / n:.3f} s per document, --jobs {jobs})"
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
