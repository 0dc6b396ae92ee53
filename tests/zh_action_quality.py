"""Scores the Chinese actions (issue 12, points 6 and 7) on the annotated directive clauses of
four documents of ../shared/corpus/real/central the rules were developed on
(tests/fixtures/annotations/zh-actions-*.json, annotated by reading the text:
docs/annotation-guidelines.md, "Chinese actions and responsibility"), and on a fifth held out
(``"held_out": true``: annotated after the rules were written, scored once, never tuned on).

- **Stated responsibilities**: a predicted (actor, role) of an action matches a gold one of a
  clause the action overlaps; precision over the stated responsibilities of the actions in the
  annotated sections, recall over the gold ones.
- **Obligation**: Cohen's κ between the gold level of each annotated clause and the obligation
  of the predicted action overlapping it most (``none`` when no action overlaps it).

``python -m tests.zh_action_quality`` prints the figures and the disagreements.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from westdev_kg.pipeline import Options, extract_all

from .corpus_helpers import REAL
from .real_quality import ANNOTATIONS, Score


def golds() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ANNOTATIONS.glob("zh-actions-*.json"))]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's κ of two codings of the same items."""
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


@dataclass
class Result:
    responsibilities: Score = field(default_factory=Score)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def kappa(self) -> float:
        return kappa(self.pairs)


def _inside(key: str, sections: list[str]) -> bool:
    return any(key == s or key.startswith(s + "/") for s in sections)


def score(gold: dict, extraction, result: Result) -> None:
    doc, text = extraction.document, extraction.document.text
    sections = gold["sections"]
    spans = [s.span for s in doc.sections() if _inside(s.key, sections)]
    at, end = min(s.begin for s in spans), max(s.end for s in spans)
    clauses = []  # (begin, end, gold entry)
    for entry in gold["clauses"]:
        found = text.find(entry["quote"], at, end)
        assert found >= 0, f"{gold['document']}: quote not found in order: {entry['quote']}"
        clauses.append((found, found + len(entry["quote"]), entry))
        at = found + 1
    actions = [a for a in extraction.actions if _inside(a.section, sections)]
    by_action: dict[str, list] = {}
    for r in extraction.responsibilities:
        if r.stated:
            by_action.setdefault(r.subject, []).append(r)
    matched: set[tuple[int, str, str]] = set()
    for action in actions:
        overlapping = [i for i, (b, e, _) in enumerate(clauses) if b < action.span.end and action.span.begin < e]
        for r in by_action.get(action.key, []):
            hit = next(
                (i for i in overlapping if {"actor": r.actor, "role": r.role} in clauses[i][2]["responsibilities"]), None
            )
            if hit is None:
                result.responsibilities.fp += 1
                result.errors.append(f"{gold['document']}: false {r.actor} {r.role} on {text[action.span.begin:action.span.end]}")
            elif (hit, r.actor, r.role) not in matched:
                matched.add((hit, r.actor, r.role))
                result.responsibilities.tp += 1
    for i, (b, e, entry) in enumerate(clauses):
        for resp in entry["responsibilities"]:
            if (i, resp["actor"], resp["role"]) not in matched:
                result.responsibilities.fn += 1
                result.errors.append(f"{gold['document']}: missed {resp['actor']} {resp['role']} on {entry['quote']}")
        best = max(
            actions, key=lambda a: min(e, a.span.end) - max(b, a.span.begin), default=None
        )
        predicted = "none"
        if best is not None and min(e, best.span.end) > max(b, best.span.begin):
            predicted = best.obligation
        result.pairs.append((entry["obligation"], predicted))
        if predicted != entry["obligation"]:
            result.errors.append(f"{gold['document']}: obligation {entry['obligation']} read {predicted}: {entry['quote']}")


def evaluate(held_out: bool | None = False) -> Result:
    """The annotations the rules were developed on, or (``held_out``) those read after, or (None) all."""
    result = Result()
    for gold in golds():
        if held_out is None or bool(gold.get("held_out")) == held_out:
            score(gold, extract_all(REAL / gold["file"], Options(reasoner="skip")), result)
    return result


if __name__ == "__main__":
    for name, flag in (("developed on", False), ("held out", True), ("all", None)):
        r = evaluate(flag)
        s = r.responsibilities
        agree = sum(a == b for a, b in r.pairs)
        print(f"{name}: stated responsibilities P {s.precision:.3f} R {s.recall:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn});"
              f" obligation κ {r.kappa:.3f} over {len(r.pairs)} clauses ({agree} agree)")
        for line in r.errors:
            print("   ", line)
