"""Quality on real Chinese documents (issue 11, point 8): structure and entities of three
annotated documents of ../shared/corpus/real/central, the projects of four more (point 5:
strategies, programmes, campaigns, initiatives), and every document of central/ builds."""

from __future__ import annotations

import re

import pytest

from .conftest import run_cli
from .corpus_helpers import requires_corpus
from .real_quality import Score, annotated, evaluate, projects_only

pytestmark = pytest.mark.corpus

#: (precision, recall) floors per category: what the pipeline reaches today on the annotated
#: documents (README "Quality"), at or above the issue's targets (P 0.95 / R 0.9 for places and
#: bodies, P 0.9 / R 0.8 for projects) since the Chinese short forms and coordinate forms match
FLOORS = {"places": (1.0, 1.0), "bodies": (1.0, 1.0), "projects": (0.96, 0.96)}

#: (precision, recall) of the projects of the four projects-only annotations (issue 11, point 5:
#: target P 0.9, R 0.8); README "Quality" lists the misses and the false positives
PROJECT_FLOORS = (0.96, 0.96)


@pytest.fixture(scope="module")
def quality():
    requires_corpus("central")
    return evaluate()


def test_three_documents_are_annotated():
    assert len(annotated()) >= 3
    assert len(projects_only()) >= 4  # two read before the rules were written, two held out


def test_projects_of_the_projects_only_annotations_keep_their_floor():
    requires_corpus("central")
    s = evaluate(projects_only())[0].get("projects", Score())
    precision, recall = PROJECT_FLOORS
    assert s.precision >= precision and s.recall >= recall, (s.precision, s.recall, s.errors)


def test_structure_is_exact_on_every_annotated_document(quality):
    _, exact = quality
    assert len(exact) >= 3 and all(exact.values()), exact


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_entity_quality_keeps_its_floor(quality, category):
    scores, _ = quality
    s = scores.get(category, Score())
    precision, recall = FLOORS[category]
    assert s.precision >= precision and s.recall >= recall, (s.precision, s.recall, s.errors)


@pytest.fixture(scope="module")
def central_build(tmp_path_factory):
    central = requires_corpus("central")
    out = tmp_path_factory.mktemp("central")
    result = run_cli("build", str(central), "-o", str(out), "--reasoner", "skip", "--jobs", "2", timeout=1800)
    return central, result


@pytest.mark.cli
def test_every_document_of_central_builds_and_conforms(central_build):
    central, result = central_build
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted(central.rglob("*.md"))
    built = re.search(r"built (\d+) documents", result.stdout)
    assert built and int(built.group(1)) == len(files), result.stdout
    assert "SHACL: conforms" in result.stdout
