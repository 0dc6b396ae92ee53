"""Stage 4 — link: one entity per thing, mentions tied to their sentence and section.

(Placeholder until the entity stage lands: links nothing.)
"""

from __future__ import annotations

from ..model import Document, Found, Linked


def link(document: Document, found: Found) -> Linked:
    return Linked(mentions=found.mentions)
