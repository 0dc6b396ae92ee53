"""In-process builds of small fixtures and the answers of the bundled queries over them."""

from __future__ import annotations

from pathlib import Path

from westdev_kg import pipeline, query, resources

from .conftest import RELEASE_DATE


def build(source: Path, folder: Path) -> Path:
    """Build ``source`` (reasoner skipped) into ``folder/out`` and return that release folder; the
    graph must conform to the shapes."""
    options = pipeline.Options(output=folder / "out", reports=folder / "reports", release_date=RELEASE_DATE, reasoner="skip")
    result = pipeline.build(source, options).single()
    assert result.error is None, result.error  # the graph conforms to the shapes
    return folder / "out"


def answers(release: Path, name: str) -> list[dict[str, str | None]]:
    """The rows of the bundled query ``name`` over a release folder, each value as its lexical form."""
    store = query.load_release(release)
    solutions = store.query(query.read_query(resources.queries_dir() / f"{name}.rq"))
    names = [v.value for v in solutions.variables]
    return [{n: (t.value if t is not None else None) for n, t in zip(names, row)} for row in solutions]
