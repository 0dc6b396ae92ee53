"""Quality of dated goals and quantified targets on real Chinese documents (issue 12, point 7):
the documents of ../shared/corpus/real/central annotated for them by reading (tests/goal_quality.py
has the matching rules: same target year and half the annotated text for a goal; same value,
unit and year for a target).  Floors at what the pipeline reaches (README "Quality")."""

from __future__ import annotations

import pytest

from .corpus_helpers import requires_corpus
from .goal_quality import evaluate, goal_annotations

#: (precision, recall) floors: the issue's targets are 0.9 recall for dated goals and targets
GOAL_FLOORS = (1.0, 1.0)
TARGET_FLOORS = (1.0, 0.62)  # 5 of 8: the misses are listed in docs/quality.md


@pytest.fixture(scope="module")
def quality():
    requires_corpus("central")
    return evaluate()


def test_three_documents_with_dated_goals_are_annotated():
    golds = goal_annotations()
    assert sum(1 for g in golds if g["goals"]) >= 5
    assert sum(len(g["targets"]) for g in golds) >= 3


@pytest.mark.corpus
def test_dated_goals_keep_their_floor(quality):
    goals, _ = quality
    precision, recall = GOAL_FLOORS
    assert goals.tp >= 25 and goals.precision >= precision and goals.recall >= recall, goals.errors


@pytest.mark.corpus
def test_targets_keep_their_floor(quality):
    _, targets = quality
    precision, recall = TARGET_FLOORS
    assert targets.precision >= precision and targets.recall >= recall, targets.errors


def test_the_matching_rules_count_a_wrong_year_and_a_short_overlap_as_misses():
    from types import SimpleNamespace

    from westdev_kg.model import Goal, Span, Target

    from .goal_quality import Score, score

    text = "主要目标是：到2027年，甲乙丙丁戊己取得进展。粮食产量稳定在3亿吨。"
    gold = {
        "document": "made-up",
        "goals": [{"quote": "甲乙丙丁戊己取得进展", "target_year": 2027}],
        "targets": [{"quote": "粮食产量稳定在3亿吨", "value": "300000000", "unit": "t", "target_year": None}],
    }

    def run(*goals):
        extraction = SimpleNamespace(document=SimpleNamespace(text=text), goals=goals)
        g, t = Score(), Score()
        score(gold, extraction, g, t)
        return (g.tp, g.fp, g.fn), (t.tp, t.fp, t.fn)

    at = text.index("甲")
    ton = Target("粮食产量", "300000000", "t", "亿吨", "reach", "exactly", span=Span(text.index("粮"), text.index("吨") + 1))
    whole = Goal("part/1/goal/1", "part/1", "part", Span(at - 8, at + 10), "s", target_year=2027)
    assert run(whole, Goal("part/1/goal/2", "part/1", "part", Span(text.index("粮"), len(text) - 1), "s", targets=(ton,))) == ((1, 0, 0), (1, 0, 0))
    wrong_year = Goal("part/1/goal/1", "part/1", "part", Span(at, at + 10), "s", target_year=2035)
    assert run(wrong_year) == ((0, 1, 1), (0, 0, 1))
    short = Goal("part/1/goal/1", "part/1", "part", Span(at, at + 4), "s", target_year=2027)  # 4 of 10 characters
    assert run(short) == ((0, 1, 1), (0, 0, 1))
    other_value = Goal("g", "part/1", "part", Span(0, len(text)), "s", targets=(Target("粮食产量", "3", "t", "吨", "reach", "exactly", span=ton.span),))
    assert run(other_value)[1] == (0, 1, 1)
