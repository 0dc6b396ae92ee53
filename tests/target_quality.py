"""Scores quantified targets and reported figures on work reports annotated by reading them
(tests/fixtures/annotations/targets-*.json, ``"kind": "targets-and-results"``): the
主要预期目标 sentence's targets and the review's headline results (issue 12, point 7).

A gold target is found when a predicted target has the same value (after scaling), unit
(UCUM code, or none for a count) and target year; each prediction matches one gold target at
most. Precision counts the predicted targets of the document that match no gold target, but
only those whose evidence lies in a gold target sentence's paragraph (the annotation covers
those sentences, not every target of the document). A gold result is *returned as a target*
when a predicted target with its value overlaps the result's quote where the text has it;
it is *found* as a figure when a reported figure with its value and unit does, with its years.
``python -m tests.target_quality`` prints the table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from westdev_kg.pipeline import Options, extract_all

from .corpus_helpers import REAL, REPO

ANNOTATIONS = REPO / "tests" / "fixtures" / "annotations"


@dataclass
class Scores:
    gold_targets: int = 0
    found_targets: int = 0
    predicted_targets: int = 0  # in the annotated paragraphs
    wrong_targets: int = 0
    gold_results: int = 0
    results_as_targets: int = 0
    results_found: int = 0
    results_years_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def target_recall(self) -> float:
        return self.found_targets / self.gold_targets if self.gold_targets else 1.0

    @property
    def target_precision(self) -> float:
        return 1 - self.wrong_targets / self.predicted_targets if self.predicted_targets else 1.0

    @property
    def results_as_targets_share(self) -> float:
        return self.results_as_targets / self.gold_results if self.gold_results else 0.0

    @property
    def figure_recall(self) -> float:
        return self.results_found / self.gold_results if self.gold_results else 1.0


def annotated() -> list[dict]:
    out = []
    for path in sorted(ANNOTATIONS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold.get("kind") == "targets-and-results":
            out.append(gold)
    return out


def _same(a: str, b: str) -> bool:
    return Decimal(a) == Decimal(b)


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    out, at = [], text.find(quote)
    while at >= 0:
        out.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return out


def score(gold: dict, extraction, scores: Scores) -> None:
    text = extraction.document.source.text
    slug = gold["slug"]
    targets = [t for g in extraction.goals for t in g.targets]
    figures = list(extraction.figures)
    # targets: value, unit, year
    free = list(targets)
    for g in gold["targets"]:
        scores.gold_targets += 1
        match = next((t for t in free if _same(t.value, g["value"]) and t.unit == g["unit"] and t.target_year == g["year"]), None)
        if match is None:
            scores.misses.append(f"{slug}: target {g['indicator']} {g['value']} {g['unit']} {g['year']} not found")
        else:
            scores.found_targets += 1
            free.remove(match)
    # precision: predicted targets in the paragraphs of the gold target sentences
    paragraphs = _target_paragraphs(text, gold)
    in_scope = [t for t in targets if t.span and any(b <= t.span.begin < e for b, e in paragraphs)]
    scores.predicted_targets += len(in_scope)
    for t in in_scope:
        if t in free:
            scores.wrong_targets += 1
            scores.misses.append(f"{slug}: predicted target {t.indicator} {t.value} {t.unit} {t.target_year} is no gold target")
    # results
    for r in gold["results"]:
        scores.gold_results += 1
        spots = _occurrences(text, r["quote"])
        if not spots:
            scores.misses.append(f"{slug}: result quote {r['quote']!r} not in the text")
            continue
        overlaps = lambda span: any(span.begin < e and b < span.end for b, e in spots)  # noqa: E731
        if any(t.span and overlaps(t.span) and _same(t.value, r["value"]) for t in targets):
            scores.results_as_targets += 1
            scores.misses.append(f"{slug}: result {r['quote']} returned as a target")
        fig = next((f for f in figures if overlaps(f.span) and _same(f.quantity.value, r["value"]) and f.quantity.unit == r["unit"]), None)
        if fig is None:
            scores.misses.append(f"{slug}: result {r['quote']} ({r['value']} {r['unit']}) not found as a figure")
        else:
            scores.results_found += 1
            if [fig.start_year, fig.end_year] == r["years"]:
                scores.results_years_right += 1
            else:
                scores.misses.append(f"{slug}: figure {r['quote']} years {fig.start_year}-{fig.end_year}, gold {r['years']}")


def _target_paragraphs(text: str, gold: dict) -> list[tuple[int, int]]:
    """The paragraphs (and the list paragraphs after a 主要预期目标 lead-in) the targets were read from."""
    out = []
    start = text.find("主要预期目标")
    while start >= 0:
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n\n", start)
        line_end = text.find("\n", start)
        if text[start:line_end].rstrip().endswith((":", "：")):  # a lead-in: the list follows in paragraphs
            end = len(text)
            for marker in ("\n**", "\n#", "\n当前", "\n在具体工作中"):
                cut = text.find(marker, line_end)
                end = min(end, cut) if cut >= 0 else end
        out.append((begin, end if end >= 0 else len(text)))
        start = text.find("主要预期目标", start + 1)
    return out


def evaluate(docs: list[dict] | None = None) -> Scores:
    scores = Scores()
    for gold in docs if docs is not None else annotated():
        extraction = extract_all(REAL / gold["file"], Options(reasoner="skip"))
        score(gold, extraction, scores)
    return scores


def main() -> None:
    s = evaluate()
    print(f"targets: recall {s.target_recall:.3f} ({s.found_targets}/{s.gold_targets}), precision {s.target_precision:.3f} "
          f"({s.predicted_targets - s.wrong_targets}/{s.predicted_targets} in the annotated paragraphs)")
    print(f"results: returned as targets {s.results_as_targets}/{s.gold_results} ({s.results_as_targets_share:.1%}); "
          f"found as figures {s.results_found}/{s.gold_results} ({s.figure_recall:.1%}), years right {s.results_years_right}")
    for miss in s.misses:
        print("  " + miss)


if __name__ == "__main__":
    main()
