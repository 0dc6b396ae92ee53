"""The commands that read a release: ``query``, ``queries``, ``serve`` and ``search``.

Their parsers and handlers, kept apart from :mod:`westdev_kg.cli` (which parses, dispatches,
prints errors and exits); each handler returns the exit code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import UsageError


def add_serve_parsers(commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve a release over HTTP: SPARQL endpoint, dereferenceable IRIs, search",
        description="Serve a release: the SPARQL 1.1 endpoint at /sparql (read-only), the IRIs https://w3id.org/westdev/X "
        "at /X with content negotiation (Turtle, JSON-LD, N-Triples, HTML), search at /search, the dataset description at "
        "/.well-known/void and the release's files at /files/. The store and the search index are built into the cache "
        "folder on first start and reused; a new release published into DIR is served as soon as it appears (or on SIGHUP).",
    )
    serve.add_argument("release", nargs="?", type=Path, default=Path("output"), metavar="DIR", help="release folder (default: output/)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--base-url", default=None, metavar="URL", help="the server's public address behind a proxy, e.g. https://data.example.org (default: the address it is asked at)")
    serve.add_argument("--cache", type=Path, default=None, metavar="DIR", help="where the store and the search index are built (default: $XDG_CACHE_HOME/westdev-kg or ~/.cache/westdev-kg)")
    serve.add_argument("--workers", type=int, default=2, metavar="N", help="query worker processes (default: 2)")
    serve.add_argument("--queue", type=int, default=32, metavar="N", help="queries waiting for a worker before 503 (default: 32)")
    serve.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="time limit of a query (default: 10)")
    serve.add_argument("--memory-limit", type=int, default=2048, metavar="MB", help="memory cap of a query worker (default: 2048; 0: none)")
    serve.add_argument("--max-rows", type=int, default=10_000, metavar="N", help="rows (or triples) of an answer; more are cut and flagged (default: 10000)")
    serve.add_argument("--max-request", type=int, default=65_536, metavar="BYTES", help="size of a request body or query string (default: 65536)")
    serve.add_argument("--store", choices=("auto", "memory", "disk"), default="auto", help="workers query the data in memory, or the on-disk store (default: auto, memory up to 50 MB of Turtle)")
    serve.add_argument("--watch", type=float, default=2.0, metavar="SECONDS", help="how often to look for a new release in DIR (default: 2; 0: only on SIGHUP)")
    serve.add_argument("-q", "--quiet", action="store_true", help="no access log")

    search = commands.add_parser(
        "search",
        help="search a release's names and sentences",
        description="Search the labels of a release's resources and the text of its sentences, in English or Chinese "
        "(infix matching on character trigrams; queries of one or two characters are matched as substrings).",
    )
    search.add_argument("text", help="what to look for, e.g. \"reform comm\" or 发展改革")
    search.add_argument("-d", "--data", type=Path, default=Path("output"), help="release folder (default: output/)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="results shown (default: 10)")
    search.add_argument("--offset", type=int, default=0, metavar="N", help="results skipped (default: 0)")
    search.add_argument("--format", choices=("table", "json"), default="table", help="a table to read, or the JSON of /search (default: table)")
    search.add_argument("--cache", type=Path, default=None, metavar="DIR", help="cache folder, as for serve")


def _query_path(name: str) -> Path:
    from . import resources

    path = Path(name)
    if path.is_file():
        return path
    bundled = resources.queries_dir() / (name if name.endswith(".rq") else f"{name}.rq")
    if bundled.is_file():
        return bundled
    raise UsageError(f"no query file {name!r} and no bundled query of that name (see westdev-kg queries)")


def query(args: argparse.Namespace) -> int:
    from .query import read_query
    from .serve.worker import run_cli_query

    where = []
    for item in args.where:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--where takes VAR=VALUE, not {item!r}")
        where.append((name.lstrip("?$"), value))
    columns = [c.strip().lstrip("?$") for c in args.columns.split(",")] if args.columns is not None else None
    if columns is not None and not all(columns):
        raise UsageError(f"--columns takes VAR,VAR, not {args.columns!r}")
    if args.timeout < 0 or args.memory_limit < 0:
        raise UsageError("--timeout and --memory-limit must be 0 (no limit) or more")
    sparql = read_query(_query_path(args.query))
    # planned (usage errors come before the data is read), loaded and answered in a worker
    # process that the time limit, the memory cap and Ctrl-C stop (westdev_kg/serve/worker.py)
    output = run_cli_query(args.data, sparql, (sparql, args.format, where, columns, args.limit), timeout=args.timeout or None, memory_mb=args.memory_limit or None)
    if isinstance(output, str):
        sys.stdout.write(output)
    elif hasattr(sys.stdout, "buffer"):  # the standard formats are UTF-8, whatever the terminal's encoding
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(output.decode("utf-8"))
    return 0


def serve(args: argparse.Namespace) -> int:
    import logging

    from .serve.store import default_cache, prepare, prune

    for name in ("workers", "queue", "max_rows", "max_request", "port"):
        if getattr(args, name) < (0 if name in ("queue", "port") else 1):
            raise UsageError(f"--{name.replace('_', '-')} must be a positive number, not {getattr(args, name)}")
    if args.timeout <= 0 or args.memory_limit < 0 or args.watch < 0:
        raise UsageError("--timeout must be more than 0, --memory-limit and --watch 0 or more")
    if args.base_url is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", args.base_url):
        raise UsageError(f"--base-url must be an http(s) address such as https://data.example.org, not {args.base_url!r}")
    import uvicorn

    from .serve.app import Config, build_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("westdev_kg.serve.access").disabled = args.quiet
    cache = args.cache or default_cache()
    snapshot = prepare(args.release, cache, log=lambda message: print(f"westdev-kg: {message}", file=sys.stderr))
    prune(cache, {snapshot.key})
    config = Config(
        release=args.release, cache=cache, base_url=args.base_url, workers=args.workers, queue=args.queue,
        timeout=args.timeout, memory_mb=args.memory_limit or None, row_cap=args.max_rows, max_request=args.max_request,
        store=args.store, watch=args.watch,
    )
    app = build_app(config, snapshot)
    print(f"westdev-kg: serving {args.release} (release {snapshot.key}, {snapshot.triples} triples) at http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning", server_header=False,
                timeout_keep_alive=5, limit_concurrency=512, timeout_graceful_shutdown=5)
    return 0


def search(args: argparse.Namespace) -> int:
    import html
    import json

    from .serve.search import Index
    from .serve.store import default_cache, prepare
    from .tables import clip, pad, width

    if args.limit < 1 or args.offset < 0:
        raise UsageError("--limit must be 1 or more and --offset 0 or more")
    snapshot = prepare(args.data, args.cache or default_cache(), log=lambda message: print(f"westdev-kg: {message}", file=sys.stderr))
    answer = Index(snapshot.index).search(args.text, args.limit, args.offset)
    if args.format == "json":
        print(json.dumps(answer, ensure_ascii=False, indent=1))
        return 0
    plain = lambda s: html.unescape(re.sub(r"</?mark>", "", s))  # noqa: E731
    rows = [(str(args.offset + i + 1), r["kind"], clip(r["label"], 40), clip(plain(r["snippet"]), 60)) for i, r in enumerate(answer["results"])]
    head = ("#", "kind", "label", "matched")
    widths = [max([width(h)] + [width(row[i]) for row in rows]) for i, h in enumerate(head)]
    print(" | ".join(pad(h, w) for h, w in zip(head, widths)).rstrip())
    for row, result in zip(rows, answer["results"]):
        print(" | ".join(pad(c, w) for c, w in zip(row, widths)).rstrip())
        print(" " * (widths[0] + 3) + result["iri"])
    shown = len(answer["results"])
    print(f"({shown} of {answer['total']} results)" if answer["total"] != shown else f"({shown} result{'' if shown == 1 else 's'})")
    return 0


def list_queries() -> int:
    from . import resources

    for path in sorted(resources.queries_dir().glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        print(f"{path.stem:28} {first}")
    return 0
