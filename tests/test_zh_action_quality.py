"""Quality of the Chinese actions (issue 12, points 6 and 7) on real documents: stated
responsibilities (P, R) and obligation levels (Cohen's κ) against the annotated directive
clauses of four documents of ../shared/corpus/real/central the rules were developed on, and of
a fifth held out (tests/zh_action_quality.py; docs/chinese-directives.md has the figures and
the misses)."""

from __future__ import annotations

import pytest

from .corpus_helpers import requires_corpus
from .zh_action_quality import evaluate, golds, kappa

#: (precision, recall, κ) reached on the four annotations the rules were developed on
#: (targets of issue 12 point 7: P, R ≥ 0.85, κ ≥ 0.8)
FLOORS = (1.0, 0.94, 0.92)
#: the same on the held-out annotation (party-member-study-education-2016), read after the rules
#: were written and scored once: P and κ below the targets
HELD_OUT_FLOORS = (0.75, 0.83, 0.69)


def test_kappa_is_cohens():
    assert kappa([("a", "a"), ("b", "b")]) == 1.0
    # 2 of 4 agree, each coder says a half the time: chance agreement 0.5, κ 0
    assert kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == 0.0
    # the textbook case: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert kappa(pairs) == pytest.approx(0.4)


def test_five_documents_are_annotated_with_directive_clauses():
    annotations = golds()
    assert len(annotations) == 5 and sum(bool(g.get("held_out")) for g in annotations) == 1
    assert all(len(g["clauses"]) >= 40 for g in annotations)


@pytest.mark.corpus
@pytest.mark.parametrize("held_out", [False, True], ids=["developed-on", "held-out"])
def test_chinese_actions_keep_their_floor(held_out):
    requires_corpus("central")
    result = evaluate(held_out)
    precision, recall, k = HELD_OUT_FLOORS if held_out else FLOORS
    s = result.responsibilities
    assert s.precision >= precision and s.recall >= recall, (s.precision, s.recall, result.errors)
    assert result.kappa >= k, (result.kappa, result.errors)
