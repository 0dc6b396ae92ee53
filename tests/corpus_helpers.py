"""The real corpus beside the repository (``../shared/corpus/real``) for tests marked ``corpus``.

On a plain clone without it such a test is skipped with a message; under CI (``CI=true``),
where the corpus is checked out beside the repository, its absence is a failure (``conftest.require``).
"""

from __future__ import annotations

from pathlib import Path

from .conftest import require

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "corpus" / "real"


def requires_corpus(sub: str = "") -> Path:
    """The corpus folder ``sub`` of ``../shared/corpus/real``; skip (or fail under CI) without it."""
    path = REAL / sub if sub else REAL
    require(path.is_dir(), f"the real corpus is not at {path} (clone it beside the repository as ../shared)")
    return path
