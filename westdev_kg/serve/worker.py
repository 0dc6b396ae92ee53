"""Queries in worker processes that can be killed: ``westdev-kg query`` and ``serve`` share them.

pyoxigraph cannot cancel a query once it runs, and a thread running it cannot be stopped. So
a query runs in a child process (:class:`Worker`) that holds the data — the release's Turtle
files loaded into memory, or the on-disk store opened read-only — and answers one job at a
time through a pipe.  The parent waits on the pipe, never on the engine:

- **time limit**: past it the parent kills the worker (SIGKILL) and raises :class:`TimedOut`;
- **memory cap**: the worker sets ``RLIMIT_AS`` on itself; a query that needs more fails an
  allocation, which makes the engine abort the process; the parent sees the pipe close and
  raises :class:`WorkerDied` (a Python ``MemoryError`` is answered as the same error);
- **Ctrl-C**: the worker ignores SIGINT (it shares the terminal's process group); the parent's
  wait is interrupted at once, and it kills the worker before the interrupt goes on;
- **SERVICE** is refused before a worker sees the query (:mod:`.guard`).

The time limit covers planning and answering, not loading the data: the worker says when it
starts and ends loading, and the parent's clock starts again after it.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from . import negotiation as neg

DEFAULT_TIMEOUT = 10.0  # seconds
DEFAULT_MEMORY_MB = 2048  # address space of a worker
DEFAULT_ROW_CAP = 10_000  # rows (or triples) of an answer of the endpoint
DEFAULT_MAX_ANSWER = 64 << 20  # bytes of a serialized answer


class QueryError(Exception):
    """A query that got no answer: an HTTP status and a one-line message."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
        self.message = str(self)


class BadQuery(QueryError):
    status = 400


class Refused(QueryError):
    status = 403


class NotAcceptable(QueryError):
    status = 406


class TooLarge(QueryError):
    status = 413


class TimedOut(QueryError):
    status = 503


class WorkerDied(QueryError):
    status = 503


class DataError(QueryError):
    """The data could not be loaded (the CLI's bad input)."""


_ERRORS = {cls.__name__: cls for cls in (QueryError, BadQuery, Refused, NotAcceptable, TooLarge, TimedOut, WorkerDied, DataError)}


@dataclass(frozen=True)
class Source:
    """What a worker queries: a release folder's ``*.ttl`` loaded into memory, or an on-disk store."""

    path: str
    on_disk: bool = False

    def open(self):
        from ..errors import WestdevError
        from ..query import load_release

        if self.on_disk:
            return ox.Store.read_only(self.path)
        try:
            return load_release(Path(self.path))
        except WestdevError as exc:
            raise DataError(exc.message) from None


# -- the worker process ------------------------------------------------------------------


def _main(conn, source: Source, memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills us
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort over the memory cap leaves no core file
    if memory_mb:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the engine's abort message: the parent reports the death itself
    store = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if store is None and job[0] != "plan":
                conn.send(("loading",))
                store = source.open()
                conn.send(("loaded", len(store)))
            reply = _JOBS[job[0]](store, conn, source, *job[1:])
        except QueryError as exc:
            reply = ("error", type(exc).__name__, exc.message)
        except MemoryError:
            reply = ("error", "WorkerDied", f"the query needed more than the memory limit ({memory_mb} MB)")
        except Exception as exc:  # noqa: BLE001 - any other failure is answered, the worker lives on
            reply = ("error", "QueryError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _open(store, conn, source: Source):
    return ("ready", len(store))


def _cli(store, conn, source: Source, plan_args: tuple):
    """``westdev-kg query``: plan (usage errors before the data is read), load, answer."""
    from ..errors import WestdevError
    from ..query import answer, plan

    try:
        planned = plan(*plan_args)
        if store is None:
            conn.send(("loading",))
            store = source.open()
            conn.send(("loaded", len(store)))
        return ("ok", answer(store, planned))
    except WestdevError as exc:
        raise BadQuery(exc.message) from None


def _sparql(store, conn, source: Source, sparql: str, accept: list, row_cap: int | None, max_bytes: int):
    """A query of the endpoint: the form decides the formats, ``accept`` picks one."""
    try:
        probe = ox.Store().query(sparql)  # the form and the variables, from no data (cheap)
    except SyntaxError as exc:
        raise BadQuery(f"the query is not valid SPARQL: {exc}") from None
    except (OSError, RuntimeError) as exc:
        raise BadQuery(f"the query could not be answered: {exc}") from None
    form = _form(probe, sparql)
    media = neg.choose(accept, neg.ANSWERS[form])
    if media is None:
        raise NotAcceptable(f"a {form} query answers in {', '.join(neg.ANSWERS[form])}")
    try:
        if form == "SELECT":  # evaluated once, cut by the engine
            return _select(store, sparql, probe, media, row_cap, max_bytes)
        results = store.query(sparql)  # an ASK is evaluated here
        if form == "ASK":
            if media == neg.HTML:
                return ("html", form, bool(results), False)
            return ("ok", media, _serialize(results, _RESULTS[media], max_bytes), False)
        cap = row_cap if row_cap is not None else float("inf")
        triples = list(islice(results, None if row_cap is None else row_cap + 1))
        truncated = len(triples) > cap
        triples = triples[:row_cap] if truncated else triples
        if media == neg.HTML:
            return ("html", form, [[_plain(t.subject), _plain(t.predicate), _plain(t.object)] for t in triples], truncated)
        if media == neg.TURTLE:
            from ..query import graph_turtle

            body = graph_turtle(triples)
        else:
            body = ox.serialize(triples, format=ox.RdfFormat.JSON_LD if media == neg.JSONLD else ox.RdfFormat.N_TRIPLES)
        if len(body) > max_bytes:
            raise TooLarge(f"the answer is larger than {max_bytes >> 20} MB")
        return ("ok", media, body, truncated)
    except (OSError, RuntimeError) as exc:
        raise BadQuery(f"the query could not be answered: {exc}") from None


def _select(store, sparql, probe, media, row_cap, max_bytes):
    from ..errors import UsageError
    from ..query import push_down

    variables = [v.value for v in probe.variables]

    def capped(limit: int):
        try:
            return store.query(push_down(sparql, variables, limit=limit))
        except (SyntaxError, UsageError):  # e.g. FROM clauses: not cut by the engine
            return store.query(sparql)

    if media == neg.HTML:
        source = store.query(sparql) if row_cap is None else capped(row_cap + 1)
        rows = [[_plain(term) for term in solution] for solution in islice(source, None if row_cap is None else row_cap + 1)]
        truncated = row_cap is not None and len(rows) > row_cap
        return ("html", "SELECT", (variables, rows[:row_cap] if truncated else rows), truncated)
    fmt = _RESULTS[media]
    if row_cap is None:
        return ("ok", media, _serialize(store.query(sparql), fmt, max_bytes), False)
    body = _serialize(capped(row_cap + 1), fmt, max_bytes)
    if not _more_than(body, media, row_cap):
        return ("ok", media, body, False)
    return ("ok", media, _serialize(capped(row_cap), fmt, max_bytes), True)


def _more_than(body: bytes, media: str, cap: int) -> bool:
    """Whether a serialized SELECT answer holds more than ``cap`` rows (cheap counts first)."""
    if media == neg.TSV:  # one line a row (TSV escapes line breaks)
        return body.count(b"\n") - 1 > cap
    if media == neg.SPARQL_XML:  # literal text escapes '<'
        return body.count(b"<result>") > cap
    if media == neg.CSV:  # a quoted value may span lines: lines bound the rows from above
        if body.count(b"\n") - 1 <= cap:
            return False
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1 > cap
    if body.count(b"},{") + 1 <= cap:  # JSON: rows are separated by "},{" (values may hold more)
        return False
    return len(json.loads(body)["results"]["bindings"]) > cap


class _Bounded:
    """A writer that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.buffer = io.BytesIO()
        self.limit = limit

    def write(self, data: bytes) -> int:
        if self.buffer.tell() + len(data) > self.limit:
            raise TooLarge(f"the answer is larger than {self.limit >> 20} MB")
        return self.buffer.write(data)

    def flush(self) -> None:
        pass


def _serialize(results, fmt, max_bytes: int) -> bytes:
    out = _Bounded(max_bytes)
    try:
        results.serialize(out, format=fmt)
    except OSError as exc:
        if isinstance(exc.__context__, TooLarge) or "larger than" in str(exc):
            raise TooLarge(f"the answer is larger than {max_bytes >> 20} MB") from None
        raise
    data = out.buffer.getvalue()
    return data if data.endswith(b"\n") else data + b"\n"


def _form(results, sparql: str) -> str:
    from ..query import _form as form

    return form(results, sparql)


def _plain(term) -> tuple[str, str, str] | None:
    """A term as (kind, value, language or datatype) for the HTML pages."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "")
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    return ("literal", str(term), "")


_RESULTS = {neg.SPARQL_JSON: ox.QueryResultsFormat.JSON, neg.SPARQL_XML: ox.QueryResultsFormat.XML,
            neg.CSV: ox.QueryResultsFormat.CSV, neg.TSV: ox.QueryResultsFormat.TSV}
_JOBS = {"open": _open, "plan": _cli, "sparql": _sparql}


# -- the parent's side -------------------------------------------------------------------


class Worker:
    """A worker process and the parent's end of its pipe; one job at a time."""

    def __init__(self, source: Source, memory_mb: int | None = DEFAULT_MEMORY_MB, method: str | None = None) -> None:
        context = multiprocessing.get_context(method)
        self.conn, child = context.Pipe()
        self.memory_mb = memory_mb
        self.process = context.Process(target=_main, args=(child, source, memory_mb), daemon=True, name="westdev-kg-query")
        self.process.start()
        child.close()
        self.triples: int | None = None

    def start(self, timeout: float | None = None) -> "Worker":
        """Load the data now (a server's worker is ready before its first query)."""
        self.call(("open",), timeout)
        return self

    def call(self, job: tuple, timeout: float | None):
        """Send a job, wait for its answer; the worker is killed past ``timeout`` seconds or on an interrupt."""
        deadline = None if not timeout else time.monotonic() + timeout
        try:
            self.conn.send(job)
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not self.conn.poll(left):
                    self.kill()
                    raise TimedOut(f"the query ran past the time limit of {timeout:g} s and was stopped")
                message = self.conn.recv()
                if message[0] == "loading":
                    deadline = None
                elif message[0] == "loaded":
                    self.triples = message[1]
                    deadline = None if not timeout else time.monotonic() + timeout
                elif message[0] == "error":
                    raise _ERRORS.get(message[1], QueryError)(message[2])
                else:
                    return message
        except (EOFError, ConnectionError, BrokenPipeError):
            raise self._died() from None
        except QueryError:
            raise
        except BaseException:  # KeyboardInterrupt, cancellation: the query must not run on
            self.kill()
            raise

    def _died(self) -> WorkerDied:
        self.process.join(5)
        code = self.process.exitcode
        self.kill()
        how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited ({code})"
        limit = f" of {self.memory_mb} MB" if self.memory_mb else ""
        return WorkerDied(f"the query worker {how}: the query most likely needed more than the memory limit{limit}")

    @property
    def alive(self) -> bool:
        return self.process.is_alive() and not self.conn.closed

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        if not self.conn.closed:
            self.conn.close()


def run_cli_query(folder: Path, sparql: str, plan_args: tuple, *, timeout: float | None = DEFAULT_TIMEOUT, memory_mb: int | None = DEFAULT_MEMORY_MB) -> bytes | str:
    """``westdev-kg query``: the answer computed in a worker (forked: the command has no threads)."""
    from ..errors import InputError, UsageError
    from .guard import SERVICE_REFUSED, uses_service

    if uses_service(sparql):
        raise UsageError(SERVICE_REFUSED)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    worker = Worker(Source(str(folder)), memory_mb, method)
    try:
        _, output = worker.call(("plan", plan_args), timeout)
    except DataError as exc:
        raise InputError(exc.message) from None
    except TimedOut as exc:
        raise UsageError(f"{exc.message} (see --timeout)") from None
    except WorkerDied as exc:
        raise UsageError(f"{exc.message} (see --memory-limit)") from None
    except QueryError as exc:
        raise UsageError(exc.message) from None
    finally:
        worker.kill()
    return output
