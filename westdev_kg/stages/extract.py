"""Stage 3 — extract: find the places, bodies, actors and projects a document names.

(Placeholder until the entity stage lands: finds nothing.)
"""

from __future__ import annotations

from ..model import Document, Found


def extract(document: Document) -> Found:
    return Found()
