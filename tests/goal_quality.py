"""Scores the dated goals and the quantified targets of the pipeline on the documents of the real
corpus annotated for them (tests/fixtures/annotations/<slug>.json with ``goals`` and ``targets``;
guidelines: docs/annotation-guidelines.md, "Dated goals and quantified targets").

Matching (issue 12, point 7):

- a gold goal is **found** when a goal of the extraction has the same target year and its span
  overlaps the annotated text by half or more of the annotated text's length; a goal found
  with a year that matches no gold goal is a false one (only goals with a year are scored: the
  goals of measure titles and undated goals are not dated goals);
- a gold target is **found** when a target of the extraction has the same value (after scaling:
  17.5亿亩 is 1750000000), the same unit (its code or the text's own unit), the same target
  year (none for none) and a span overlapping the annotated text; any other target is false.

A gold goal without a year (到本世纪中叶…) is not scored, but a goal found there with a year is
a false one.  Entries marked ``uncertain`` are left out of both sides (a prediction matching one is not
counted).  ``python -m tests.goal_quality`` prints the figures and every miss.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from westdev_kg.analysis.zh_targets import words as _words
from westdev_kg.pipeline import Options, extract_all

from .corpus_helpers import REAL
from .real_quality import ANNOTATIONS, Score


def goal_annotations() -> list[dict]:
    out = []
    for path in sorted(ANNOTATIONS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if "goals" in gold and "file" in gold:
            out.append(gold)
    return out


def _where(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    if at < 0 or text.find(quote, at + 1) >= 0:
        raise ValueError(f"the quote {quote!r} is not found exactly once in the document")
    return at, at + len(quote)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_value(a: str, b: str, gold_unit: str | None = None) -> bool:
    """``a`` (extracted) is ``b`` (gold, in the text's unit): a unit the extraction converts
    (斤 → kg, 亩 → m², lexicon ``unit-factor``) is converted first, to the cent."""
    try:
        gold = Decimal(b) * _words().factors.get(gold_unit or "", Decimal(1))
        return abs(Decimal(a) - gold) <= Decimal("0.01")
    except InvalidOperation:
        return a == b


def _same_unit(gold: str | None, unit: str | None, label: str | None) -> bool:
    if not gold:
        return not unit
    return gold == unit or bool(label and label.endswith(gold))


def score(gold: dict, extraction, goals: Score, targets: Score) -> None:
    text = extraction.document.text
    name = gold["document"]
    # dated goals
    wanted = [(_where(text, g["quote"]), g) for g in gold["goals"]]
    dated = [g for g in extraction.goals if g.target_year is not None]
    used: set[int] = set()
    for (b, e), g in wanted:
        hit = next(
            (
                i for i, p in enumerate(dated)
                if p.target_year == g["target_year"] and 2 * _overlap((p.span.begin, p.span.end), (b, e)) >= e - b
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
        if g.get("uncertain") or g["target_year"] is None:
            continue  # left out; a goal without a year is no dated goal (one found with a year is false)
        if hit is None:
            goals.fn += 1
            goals.errors.append(f"{name}: missed {g['target_year']} goal {g['quote'][:30]}…")
        else:
            goals.tp += 1
    for i, p in enumerate(dated):
        if i not in used:
            goals.fp += 1
            goals.errors.append(f"{name}: false {p.target_year} goal {text[p.span.begin:p.span.end][:30]}…")
    # targets, each once (a target shared by nested goals counts once)
    found = {}
    for g in extraction.goals:
        for t in g.targets:
            if t.span is not None:
                found.setdefault((t.span.begin, t.span.end, t.value), t)
    predicted = list(found.values())
    used = set()
    for item in gold["targets"]:
        b, e = _where(text, item["quote"])
        hit = next(
            (
                i for i, t in enumerate(predicted)
                if _same_value(t.value, item["value"], item.get("unit")) and _same_unit(item.get("unit"), t.unit, t.unit_label)
                and t.target_year == item["target_year"] and _overlap((t.span.begin, t.span.end), (b, e)) > 0
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
        if item.get("uncertain"):
            continue
        if hit is None:
            targets.fn += 1
            targets.errors.append(f"{name}: missed target {item['quote']} ({item['value']} {item.get('unit')}, {item['target_year']})")
        else:
            targets.tp += 1
    for i, t in enumerate(predicted):
        if i not in used:
            targets.fp += 1
            targets.errors.append(
                f"{name}: false target {text[t.span.begin:t.span.end]} ({t.value} {t.unit or t.unit_label}, {t.target_year})"
            )


def evaluate() -> tuple[Score, Score]:
    goals, targets = Score(), Score()
    for gold in goal_annotations():
        extraction = extract_all(REAL / gold["file"], Options(reasoner="skip"))
        score(gold, extraction, goals, targets)
    return goals, targets


if __name__ == "__main__":
    goals, targets = evaluate()
    for label, s in (("dated goals", goals), ("targets", targets)):
        print(f"{label:11} P {s.precision:.3f} R {s.recall:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
        for line in s.errors:
            print("   ", line)
