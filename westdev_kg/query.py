"""Run the competency queries over a release with the embedded pyoxigraph store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError, UsageError


def load_release(folder: Path) -> ox.Store:
    """An in-memory store holding the union of the release's ``*.ttl`` files."""
    files = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    if not files:
        raise InputError(f"{folder}: no Turtle files to query (run westdev-kg build first)")
    store = ox.Store()
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{path}: cannot be loaded: {exc}") from None
    return store


def run_select(store: ox.Store, sparql: str) -> tuple[list[str], list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]]:
    """Variables and rows (variable name -> term; unbound variables are absent)."""
    try:
        solutions = store.query(sparql)
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("only SELECT queries are supported")
        variables = [v.value for v in solutions.variables]
        # A solution iterates over its values in variable order: far faster than lookups by name.
        rows = [{name: term for name, term in zip(variables, solution) if term is not None} for solution in solutions]
    except SyntaxError as exc:
        raise UsageError(f"the query is not valid SPARQL: {exc}") from None
    except OSError as exc:  # e.g. a SERVICE that cannot be reached
        raise UsageError(f"the query could not be answered: {exc}") from None
    return variables, rows


def _table_compactor():
    """IRIs in tables are shortened with the standard prefixes (``wdid:`` for ours)."""
    from .stages.serialize import Compactor, prefixes_for
    from .vocab import DEFAULT_BASE

    return Compactor(prefixes_for(DEFAULT_BASE))


def plain(term) -> str:
    return term.value if term is not None else ""


def select_rows(rows: list[dict], where: list[tuple[str, str]], columns: list[str] | None, variables: list[str]) -> tuple[list[str], list[dict]]:
    """Rows whose variables equal the given values, and only the given columns."""
    for name, _ in where:
        if name not in variables:
            raise UsageError(f"--where {name}=…: the query has no variable ?{name} (it has {', '.join(variables)})")
    kept = [r for r in rows if all(plain(r.get(name)) == value for name, value in where)]
    if columns:
        unknown = [c for c in columns if c not in variables]
        if unknown:
            raise UsageError(f"--columns: the query has no variable ?{unknown[0]} (it has {', '.join(variables)})")
        variables = columns
    return variables, kept


def format_rows(variables: list[str], rows: list[dict], fmt: str = "table", limit: int | None = None) -> str:
    total = len(rows)
    rows = rows[:limit] if limit is not None else rows
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([plain(row.get(v)) for v in variables])
        return out.getvalue()
    compact = _table_compactor().iri
    shown = lambda term: compact(term.value) if isinstance(term, ox.NamedNode) else plain(term)  # noqa: E731
    cells = [[shown(row.get(v)).replace("\n", " ") for v in variables] for row in rows]
    more = f" (first {len(rows)} of {total} rows)" if len(rows) < total else f" ({total} rows)"
    if fmt == "markdown":
        escape = lambda c: c.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n\n" + more.strip() + "\n"
    widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(variables)]
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(clip(c, w).ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(more.strip())
    return "\n".join(lines) + "\n"
