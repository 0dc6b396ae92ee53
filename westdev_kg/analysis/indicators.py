"""Indicators as shared concepts (issue 12, point 5).

``westdev_kg/reference/indicators/indicators.csv`` lists the indicators the genre uses (GDP
growth, CPI increase, surveyed urban unemployment, new urban jobs, grain output, energy and
carbon intensity, forest coverage, urbanization rate, R&D intensity …), each with English and
Chinese labels, the wordings texts use in both languages, whether it is a change (a growth
rate: 国内生产总值增长6%) or a level (总量达到140万亿元), and where the wordings come from.
The graph stage writes each as a ``skos:Concept`` of one scheme, ``{base}id/indicators``.

A target's or reported figure's indicator is linked to the concept one of whose wordings it
is, once the words that only say whose it is are left out (全省, 全国, 我省 …: ``scope-prefix``
of ``lexicon/zh_quantities.csv``); when a wording belongs to a change and a level (国内生产总值),
a value that rises or falls by a percentage is the change (GDP growth), any other the level
(GDP). An indicator no wording matches keeps its text and no concept.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..lexicon import quantities
from ..model import Goal, ReportedFigure, Target

FILE = Path(__file__).resolve().parent.parent / "reference" / "indicators" / "indicators.csv"
COLUMNS = ("key", "label_en", "label_zh", "measure", "unit_kind", "wordings_zh", "wordings_en", "source")


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    label_en: str
    label_zh: str
    measure: str  # "change" (a growth rate) or "level"
    unit_kind: str
    wordings_zh: tuple[str, ...]
    wordings_en: tuple[str, ...]
    source: str


@cache
def indicators() -> tuple[Indicator, ...]:
    """The rows of ``reference/indicators/indicators.csv``; a malformed row raises ValueError."""
    out: list[Indicator] = []
    with FILE.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{FILE.name}: the columns must be {', '.join(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", row["key"] or "") or row["measure"] not in ("change", "level"):
                raise ValueError(f"{FILE.name}:{line}: a key of lowercase words and hyphens and a measure change or level")
            out.append(
                Indicator(
                    key=row["key"],
                    label_en=row["label_en"],
                    label_zh=row["label_zh"],
                    measure=row["measure"],
                    unit_kind=row["unit_kind"],
                    wordings_zh=tuple(w.strip() for w in row["wordings_zh"].split("|") if w.strip()),
                    wordings_en=tuple(w.strip() for w in row["wordings_en"].split("|") if w.strip()),
                    source=row["source"],
                )
            )
    if len({i.key for i in out}) != len(out):
        raise ValueError(f"{FILE.name}: a key is listed twice")
    return tuple(out)


@cache
def by_key() -> dict[str, Indicator]:
    return {i.key: i for i in indicators()}


@cache
def _index() -> tuple[dict[str, tuple[Indicator, ...]], tuple[str, ...]]:
    by_wording: dict[str, list[Indicator]] = {}
    for indicator in indicators():
        for wording in (*indicator.wordings_zh, *indicator.wordings_en, indicator.label_zh, indicator.label_en):
            by_wording.setdefault(_normal(wording), []).append(indicator)
    prefixes = tuple(s for s, _ in quantities("zh_quantities.csv").get("scope-prefix", ()))  # longest first
    return {w: tuple(dict.fromkeys(v)) for w, v in by_wording.items()}, prefixes


def _normal(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower())
    return re.sub(r"^(?:the|china's|national|its|our)\s+", "", text)


def concept_of(target: Target) -> str | None:
    """The key of the indicator concept ``target`` measures, None when no wording matches."""
    by_wording, prefixes = _index()
    text = _normal(target.indicator)
    changed = True
    while changed:  # 全省全年… : every scope word in front
        changed = False
        for prefix in prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix) :], True
    candidates = by_wording.get(text, ())
    if len(candidates) <= 1:
        return candidates[0].key if candidates else None
    change = target.direction in ("increase", "decrease") and target.unit == "%"
    chosen = [c for c in candidates if (c.measure == "change") == change] or list(candidates)
    return chosen[0].key


def with_concepts(goals: list[Goal], figures: list[ReportedFigure]) -> tuple[list[Goal], list[ReportedFigure]]:
    """The goals and figures with each target's and figure's indicator concept set."""
    linked_goals = [
        replace(goal, targets=tuple(replace(t, concept=concept_of(t)) for t in goal.targets)) if goal.targets else goal
        for goal in goals
    ]
    linked_figures = [replace(f, quantity=replace(f.quantity, concept=concept_of(f.quantity))) for f in figures]
    return linked_goals, linked_figures
