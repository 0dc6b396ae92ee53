"""Quality of quantified targets and reported figures on seven work reports annotated by reading
them (issue 12, point 7): tests/fixtures/annotations/targets-*.json, scored by tests/target_quality.py.

Targets the README sets: targets found ≥ 90 % (value after scaling, unit and year); of the
annotated results, ≤ 5 % returned as targets. The floors are what the pipeline reaches today
(docs/quality.md "Targets and results"); the rules were written while reading five of the
reports; two (``held_out``) were annotated after, and one rule followed what they showed."""

from __future__ import annotations

import pytest

from .corpus_helpers import requires_corpus
from .target_quality import annotated, evaluate

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def scores():
    requires_corpus("state-council-reports")
    requires_corpus("provincial-reports")
    return evaluate()


def test_seven_work_reports_are_annotated_provincial_and_national():
    docs = annotated()
    assert len(docs) >= 7 and sum(bool(d.get("held_out")) for d in docs) >= 2
    assert {d["file"].split("/")[0] for d in docs} == {"state-council-reports", "provincial-reports"}
    assert sum(len(d["targets"]) for d in docs) >= 65 and sum(len(d["results"]) for d in docs) >= 100


def test_targets_are_found_with_value_unit_and_year(scores):
    assert scores.target_recall >= 0.95, scores.misses
    assert scores.target_precision >= 1.0, scores.misses


def test_results_are_not_returned_as_targets(scores):
    assert scores.results_as_targets_share <= 0.05, scores.misses
    assert scores.results_as_targets == 0, scores.misses


def test_results_are_found_as_figures_with_their_years(scores):
    assert scores.figure_recall >= 0.91, scores.misses
    assert scores.results_years_right == scores.results_found, scores.misses
