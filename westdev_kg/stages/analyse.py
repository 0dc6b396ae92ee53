"""Stage 5 — analyse: goals, quantified targets, actions and responsibility.

(Placeholder until the analysis stage lands: finds nothing.)
"""

from __future__ import annotations

from ..model import Analysis, Document, Linked


def analyse(document: Document, linked: Linked) -> Analysis:
    return Analysis()
