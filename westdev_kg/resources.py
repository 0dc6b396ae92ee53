"""Where the ontology, the shapes, the queries and the bundled text are.

An installed wheel carries them under ``westdev_kg/_data/`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml); an
editable install or a source checkout finds them in the repository beside the
package.  Either way the command works from any working directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``shapes``, ``corpus``, ``queries``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"westdev-kg is installed without its {name}/ folder")


def ontology_path() -> Path:
    return data_dir("ontology") / "westdev.ttl"


@cache
def ontology_triples() -> tuple:
    """The ontology's triples (plain terms of :mod:`westdev_kg.rdf`), parsed once per process:
    the graph stage reads its subclass axioms, the pipeline its terms and the reasoner's axioms."""
    from . import rdf

    return tuple(rdf.read_turtle(ontology_path()))


def shapes_path() -> Path:
    return data_dir("shapes") / "westdev-shapes.ttl"


def bundled_text_path() -> Path:
    return data_dir("corpus") / "western-development-2020.en.txt"


def queries_dir() -> Path:
    return data_dir("queries")
