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
        rows = [{name: solution[name] for name in variables if solution[name] is not None} for solution in solutions]
    except SyntaxError as exc:
        raise UsageError(f"the query is not valid SPARQL: {exc}") from None
    except OSError as exc:  # e.g. a SERVICE that cannot be reached
        raise UsageError(f"the query could not be answered: {exc}") from None
    return variables, rows


def plain(term) -> str:
    return term.value if term is not None else ""


def format_rows(variables: list[str], rows: list[dict], fmt: str = "table") -> str:
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([plain(row.get(v)) for v in variables])
        return out.getvalue()
    cells = [[plain(row.get(v)).replace("\n", " ") for v in variables] for row in rows]
    widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(variables)]
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(clip(c, w).ljust(w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines) + "\n"
