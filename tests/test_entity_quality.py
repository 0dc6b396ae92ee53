"""Quality of the entity stage against the independent gold annotation of the bundled text.

The gold (``tests/fixtures/annotations/western-development-2020.json``) lists, for each of the
45 sections, the distinct entities named anywhere in it.  Per section we compare the set of
distinct keys the pipeline links (a mention's entity and its components) with the gold set;
gold entries marked ``"uncertain": true`` are left out of both sides (neither missed nor a
false positive).  Counts are summed over the sections (micro-average) per category:

* places = ``region``; bodies = ``body`` and ``actor``; projects = ``project``.

The floors below are what the stage reaches honestly on this text (docs/entities.md explains
every miss and false positive); the issue's targets are 0.95 for places and bodies and 0.90
for projects.  Run ``python -m tests.test_entity_quality`` for the full report.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from westdev_kg.model import Linked
from westdev_kg.stages import extract, link, read, segment

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "fixtures" / "annotations" / "western-development-2020.json"
TEXT = REPO / "corpus" / "western-development-2020.en.txt"

CATEGORY = {"region": "places", "body": "bodies", "actor": "bodies", "project": "projects"}

#: (precision, recall) floors per category: what the stage reaches (docs/entities.md explains
#: why bodies and projects stay below the issue's targets of 0.95 and 0.90)
FLOORS = {"places": (0.97, 1.0), "bodies": (0.87, 0.87), "projects": (0.88, 1.0)}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (section, key)
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def linked() -> Linked:
    document = segment.segment(read.read(TEXT))
    return link.link(document, extract.extract(document))


def via_compound_by_section(result: Linked) -> dict[str, dict[str, bool]]:
    """section -> {key: named only inside compound names} for every key the section names."""
    out: dict[str, dict[str, bool]] = defaultdict(dict)
    for mention in result.mentions:
        keys = out[mention.section]
        if mention.entity:
            keys[mention.entity] = False
        for key in mention.components:
            keys.setdefault(key, True)
    return out


def predicted_by_section(result: Linked) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for mention in result.mentions:
        keys = {mention.entity, *mention.components} - {""}
        out[mention.section] |= keys
    return out


def score(result: Linked, annotation: dict) -> dict[str, Score]:
    scores = {name: Score() for name in ("places", "bodies", "projects")}
    predicted = predicted_by_section(result)
    for section in annotation["sections"]:
        name = section["section"]
        certain = {e["key"]: CATEGORY[e["category"]] for e in section["entities"] if not e.get("uncertain")}
        unsure = {e["key"] for e in section["entities"] if e.get("uncertain")}
        found = predicted.get(name, set()) - unsure
        for key in sorted(found | set(certain)):
            category = certain.get(key) or CATEGORY[key.split("/")[0]]
            s = scores[category]
            if key in found and key in certain:
                s.tp += 1
            elif key in found:
                s.fp += 1
                s.false_positives.append((name, key))
            else:
                s.fn += 1
                s.missed.append((name, key))
    return scores


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return score(linked(), gold())


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_precision_and_recall_floors(scores, category):
    s = scores[category]
    floor_p, floor_r = FLOORS[category]
    assert s.precision >= floor_p, f"{category}: precision {s.precision:.3f}; false positives {s.false_positives}"
    assert s.recall >= floor_r, f"{category}: recall {s.recall:.3f}; missed {s.missed}"


def test_via_compound_agrees_with_the_gold():
    """Where the stage and the gold both name a place, they agree whether it is only inside compounds."""
    via = via_compound_by_section(linked())
    pairs = [
        (e["via_compound"], via[s["section"]][e["key"]])
        for s in gold()["sections"]
        for e in s["entities"]
        if not e.get("uncertain") and e["category"] == "region" and e["key"] in via.get(s["section"], {})
    ]
    agree = sum(g == p for g, p in pairs) / len(pairs)
    assert len(pairs) > 100 and agree >= 0.97, agree


def test_every_gold_section_is_a_section_of_the_document():
    document = segment.segment(read.read(TEXT))
    keys = {s.key for s in document.sections()}
    assert {s["section"] for s in gold()["sections"]} <= keys


def test_key_renames_point_at_reference_keys():
    from westdev_kg import reference

    ref = reference.load()
    renames = gold()["key_renames"]
    keys = {e["key"] for s in gold()["sections"] for e in s["entities"]}
    for old, new in renames.items():
        assert new in ref, new
        assert old not in keys and new in keys, (old, new)


def report() -> str:
    """The precision/recall table of docs/entities.md: ``python -m tests.test_entity_quality``."""
    scores = score(linked(), gold())
    lines = [
        "| category | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    for name, s in scores.items():
        lines.append(f"\n{name} false positives: " + ", ".join(f"{sec} {key}" for sec, key in s.false_positives))
        lines.append(f"{name} missed: " + ", ".join(f"{sec} {key}" for sec, key in s.missed))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
