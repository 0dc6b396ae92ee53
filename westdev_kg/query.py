"""Run SPARQL queries over a release with the embedded pyoxigraph store.

The answers are written by the engine's own serializers in the standard formats — the
SPARQL 1.1 query results formats (JSON, XML, CSV, TSV) for SELECT and ASK, Turtle or
N-Triples for CONSTRUCT and DESCRIBE — or as a table (plain or Markdown) to read.

``--where``, ``--columns`` and ``--limit`` are pushed into the query (:func:`push_down`):
the user's SELECT becomes a subquery, the outer query filters, projects and slices, so the
engine evaluates less and serializes exactly what is shown.  The outer query has no
ORDER BY: it keeps the subquery's order, which pyoxigraph preserves through the filter,
the projection and the slice (tests/test_query.py checks it for every bundled query).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, UsageError

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
TABLE_FORMATS = ("table", "markdown")
FORMATS = (*TABLE_FORMATS, *RESULT_FORMATS, *GRAPH_FORMATS)

# The formats each query form answers in: the SPARQL results formats define a boolean for
# ASK in JSON and XML only; CONSTRUCT and DESCRIBE answer with a graph.
ANSWERS_IN = {
    "SELECT": (*TABLE_FORMATS, *RESULT_FORMATS),
    "ASK": ("json", "xml"),
    "CONSTRUCT": tuple(GRAPH_FORMATS),
    "DESCRIBE": tuple(GRAPH_FORMATS),
}


def release_files(folder: Path) -> list[Path]:
    """The release's top-level ``*.ttl`` files, whose union is queried; InputError if none.
    ``void.ttl`` describes the release rather than being part of it (its distributions are
    relative IRIs, resolved against where it is fetched from): it is left out."""
    files = sorted(p for p in folder.glob("*.ttl") if p.name != "void.ttl") if folder.is_dir() else []
    if not files:
        raise InputError(f"{folder}: no Turtle files to query (run westdev-kg build first)")
    return files


def load_files(files: Sequence[Path], store: ox.Store | None = None) -> ox.Store:
    """A store (in memory unless given) holding the union of the Turtle ``files``."""
    store = ox.Store() if store is None else store
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{path}: cannot be loaded: {exc}") from None
    return store


def load_release(folder: Path) -> ox.Store:
    """An in-memory store holding the union of the release's ``*.ttl`` files."""
    return load_files(release_files(folder))


def read_query(path: Path) -> str:
    """The text of a ``.rq`` file, which SPARQL requires to be UTF-8 (a leading BOM is dropped)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: a query must be UTF-8 text, and byte {exc.start} (0x{data[exc.start]:02x}) is not") from None


def run_select(store: ox.Store, sparql: str) -> tuple[list[str], list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]]:
    """Variables and rows (variable name -> term; unbound variables are absent)."""
    solutions = _evaluate(store, sparql)
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError("only SELECT queries are supported")
    variables = [v.value for v in solutions.variables]
    # A solution iterates over its values in variable order: far faster than lookups by name.
    rows = [{name: term for name, term in zip(variables, solution) if term is not None} for solution in solutions]
    return variables, rows


def _evaluate(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise UsageError(f"the query is not valid SPARQL: {exc}") from None
    except OSError as exc:  # e.g. a SERVICE that cannot be reached
        raise UsageError(f"the query could not be answered: {exc}") from None


# -- push-down ---------------------------------------------------------------------------

_SKIP = r"(?:\s|#[^\n]*)*+"  # white space and comments (possessive: no backtracking into "####")
_IRIREF = r'<[^<>"{}|^`\\\x00-\x20]*>'
_PROLOGUE = re.compile(rf"(?:{_SKIP}(?:BASE{_SKIP}{_IRIREF}|PREFIX{_SKIP}[^\s:#<]*:{_SKIP}{_IRIREF}))*{_SKIP}", re.I)
_FORM = re.compile(r"SELECT|ASK|CONSTRUCT|DESCRIBE", re.I)
# SPARQL's ECHAR escapes; other control characters as \u escapes, so the query stays one
# readable text (SPARQL 1.1 §19.7, STRING_LITERAL2).
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ESCAPES.update({chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if chr(c) not in _ESCAPES})
_STRING_ESCAPES = str.maketrans(_ESCAPES)


def split_prologue(sparql: str) -> tuple[str, str]:
    """The prologue (comments, BASE and PREFIX declarations) and the query from its form keyword on."""
    end = _PROLOGUE.match(sparql).end()
    return sparql[:end], sparql[end:]


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal ``"…"``."""
    return '"' + value.translate(_STRING_ESCAPES) + '"'


def _equals(name: str, value: str) -> str:
    """The filter keeping the rows whose ?name, as a string, is ``value`` (unbound reads as "")."""
    if value == "":
        return f'!BOUND(?{name}) || STR(?{name}) = ""'
    return f"STR(?{name}) = {sparql_string(value)}"


def push_down(
    sparql: str,
    variables: Sequence[str],
    where: Sequence[tuple[str, str]] = (),
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> str:
    """The SELECT query ``sparql`` (projecting ``variables``) filtered, projected and sliced.

    The prologue stays in front; the query after it becomes a subquery::

        PREFIX …
        SELECT ?A ?B
        WHERE {
          { <the query> }
          FILTER (STR(?var) = "value")
        }
        LIMIT N

    Returns ``sparql`` itself when there is nothing to push down.
    """
    for name, value in where:
        if name not in variables:
            raise UsageError(f"--where {name}=…: the query has no variable ?{name} (it has {', '.join(variables)})")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):  # undecodable bytes in the argument
            raise UsageError(f"--where {name}=…: the value is not valid text")
    for name in columns or ():
        if name not in variables:
            raise UsageError(f"--columns: the query has no variable ?{name} (it has {', '.join(variables)})")
    if columns is not None and len(set(columns)) < len(columns):
        raise UsageError(f"--columns names a variable twice: {','.join(columns)}")
    if not where and columns is None and limit is None:
        return sparql
    prologue, body = split_prologue(sparql)
    if not re.match(r"SELECT\b", body, re.I):
        raise UsageError("--where, --columns and --limit apply to SELECT queries only")
    lines = [
        "SELECT " + " ".join(f"?{name}" for name in columns or variables),
        "WHERE {",
        "  {",
        body.rstrip(),
        "  }",
        *(f"  FILTER ({_equals(name, value)})" for name, value in where),
        "}",
    ]
    if limit is not None:
        lines.append(f"LIMIT {limit}")
    return prologue + "\n".join(lines) + "\n"


# -- planning and answering --------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What the engine runs, and how its answer is written."""

    sparql: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    fmt: str
    limit: int | None = None  # the rows a table shows (the engine is asked for one more)


def _probe(sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """The query parsed and evaluated by the engine over no data: its form and its variables, at once."""
    return _evaluate(ox.Store(), sparql)


def plan(
    sparql: str,
    fmt: str = "table",
    where: Sequence[tuple[str, str]] = (),
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> Plan:
    """Check the query and the options against each other, without any data; UsageError if they disagree."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if limit is not None and limit < 0:
        raise UsageError(f"--limit must be 0 or more, not {limit}")
    probe = _probe(sparql)
    form = _form(probe, sparql)
    if fmt not in ANSWERS_IN[form]:
        which = " and ".join(f for f, formats in ANSWERS_IN.items() if fmt in formats)
        article = "an" if form == "ASK" else "a"
        raise UsageError(f"only {which} queries answer with --format {fmt}; {article} {form} query answers with --format {_either(ANSWERS_IN[form])}")
    if form != "SELECT":
        if where or columns is not None or limit is not None:
            raise UsageError("--where, --columns and --limit apply to SELECT queries only")
        return Plan(sparql, form, fmt)
    variables = [v.value for v in probe.variables]
    engine_limit = limit + 1 if limit is not None and fmt in TABLE_FORMATS else limit
    wrapped = push_down(sparql, variables, where, columns, engine_limit)
    if wrapped is not sparql:
        try:
            _probe(wrapped)
        except UsageError:  # a subquery is a SELECT query without the dataset clauses
            raise UsageError("--where, --columns and --limit make the query a subquery, which cannot have FROM clauses") from None
    return Plan(wrapped, form, fmt, limit if fmt in TABLE_FORMATS else None)


def _either(names: tuple[str, ...]) -> str:
    return " or ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " or " + names[-1]


def _form(probe, sparql: str) -> str:
    if isinstance(probe, ox.QuerySolutions):
        return "SELECT"
    if isinstance(probe, ox.QueryBoolean):
        return "ASK"
    keyword = _FORM.match(split_prologue(sparql)[1])
    return keyword.group(0).upper() if keyword else "CONSTRUCT"


def answer(store: ox.Store, plan: Plan) -> bytes | str:
    """The answer to a planned query: bytes in a standard format, or a table as text."""
    results = _evaluate(store, plan.sparql)
    try:
        if plan.fmt in RESULT_FORMATS:
            data = results.serialize(format=RESULT_FORMATS[plan.fmt])
            return data if data.endswith(b"\n") else data + b"\n"
        if plan.fmt in GRAPH_FORMATS:
            return _graph(results, plan.fmt)
        variables = [v.value for v in results.variables]
        rows = [list(solution) for solution in results]
    except OSError as exc:
        raise UsageError(f"the query could not be answered: {exc}") from None
    from .tables import render

    more = plan.limit is not None and len(rows) > plan.limit
    return render(variables, rows[: plan.limit] if more else rows, plan.fmt, more)


def _graph(triples: ox.QueryTriples, fmt: str) -> bytes:
    """A CONSTRUCT or DESCRIBE answer; in Turtle with the standard prefixes it uses."""
    if fmt == "ntriples":
        return triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    return graph_turtle(triples)


def graph_turtle(triples, prefixes: dict[str, str] | None = None) -> bytes:
    """pyoxigraph triples (any iterable) in Turtle, declaring those of ``prefixes`` they use
    (default: the standard prefixes and ``wdid:`` for our IRIs)."""
    from .stages.serialize import Compactor, prefixes_for
    from .turtle_names import plain_prefixes
    from .vocab import DEFAULT_BASE

    found = list(triples)
    iris = {t.value for triple in found for t in (triple.subject, triple.predicate, triple.object) if isinstance(t, ox.NamedNode)}
    iris.update(triple.object.datatype.value for triple in found if isinstance(triple.object, ox.Literal))
    compactor = Compactor(plain_prefixes(iris, prefixes if prefixes is not None else prefixes_for(DEFAULT_BASE)))
    for value in iris:
        compactor.iri(value)
    return ox.serialize(found, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(compactor.used.items())))
