"""Quality of the entity stage against the independent gold annotation of the bundled text.

The gold (``tests/fixtures/annotations/western-development-2020.json``) lists, for each of the
45 sections, the distinct entities named anywhere in it.  Per section we compare the set of
distinct keys the pipeline links (a mention's entity and its components) with the gold set.
Counts are summed over the sections (micro-average) per category:

* places = ``region``; bodies = ``body`` and ``actor``; projects = ``project``.

**Uncertain gold entries** (``"uncertain": true``) are left out of both sides, neither missed
nor a false positive, in two ways:

1. by key: an uncertain key of a section is neither a gold key nor a predicted key there;
2. by surface: a predicted key of a section that the gold does not list as certain there is
   left out when *every* mention of it in the section (as entity or component) overlaps an
   occurrence of a surface of an uncertain gold entry of the section.  So the same words read
   under another key or category ("central government": gold ``body/central-government``
   uncertain, predicted ``actor/central-government``) are not a false positive.  An
   occurrence counts only as whole words, and not where it lies inside an occurrence of a
   longer surface of another gold entry of the section ("party", the uncertain surface of the
   Communist Party in measure 36, is not the "party" of the certain "party organizations").
   A key the gold lists as certain is always scored (leaving it out would make it a miss).

**Adjudication.** Every disagreement between the stage and the gold was reviewed against the
written guidelines (the ``adjudication`` object of the JSON): a gold entry that contradicts a
written rule became uncertain (one entry), every other disagreement stands as the annotator
wrote it.  A test checks that the record covers every current disagreement, so a change that
makes a new one fails until someone reviews it.

The floors below are what the stage reaches honestly on this text (docs/entities.md explains
every miss and false positive); the issue's targets are 0.95 for places and bodies and 0.90
for projects.  Run ``python -m tests.test_entity_quality`` for the full report.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from westdev_kg.model import Linked, Mention, Span
from westdev_kg.stages import extract, link, read, segment

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "fixtures" / "annotations" / "western-development-2020.json"
TEXT = REPO / "corpus" / "western-development-2020.en.txt"

CATEGORY = {"region": "places", "body": "bodies", "actor": "bodies", "project": "projects"}

#: (precision, recall) floors per category: what the stage reaches (places 0.975/1.000, bodies
#: 0.968/0.968, projects 0.941/1.000; docs/entities.md explains every miss and false positive)
FLOORS = {"places": (0.97, 1.0), "bodies": (0.96, 0.96), "projects": (0.94, 1.0)}


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


def text() -> str:
    return read.read(TEXT).text


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


def predicted_by_section(result: Linked) -> dict[str, dict[str, list[Span]]]:
    """section -> {key: spans of the mentions naming it (as entity or component)}."""
    out: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for mention in result.mentions:
        for key in {mention.entity, *mention.components} - {""}:
            out[mention.section][key].append(mention.span)
    return out


def _occurrences(doc_text: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` occurs in ``doc_text`` as whole words."""
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(doc_text)]


def uncertain_spans(doc_text: str, section: dict) -> list[tuple[int, int]]:
    """Occurrences of the surfaces of the section's uncertain gold entries, without those that
    lie inside an occurrence of a longer surface of another gold entry of the section."""
    spans: list[tuple[int, int]] = []
    for entry in section["entities"]:
        if not entry.get("uncertain"):
            continue
        others = [
            occ
            for other in section["entities"]
            if other is not entry
            for surface in other["surface"]
            for occ in _occurrences(doc_text, surface)
        ]
        for surface in entry["surface"]:
            for b, e in _occurrences(doc_text, surface):
                if not any(ob <= b and e <= oe and oe - ob > e - b for ob, oe in others):
                    spans.append((b, e))
    return spans


def score(result: Linked, annotation: dict, doc_text: str) -> dict[str, Score]:
    """Per-category counts over the sections (see the module docstring for the rules)."""
    scores = {name: Score() for name in ("places", "bodies", "projects")}
    predicted = predicted_by_section(result)
    for section in annotation["sections"]:
        name = section["section"]
        certain = {e["key"]: CATEGORY[e["category"]] for e in section["entities"] if not e.get("uncertain")}
        unsure = {e["key"] for e in section["entities"] if e.get("uncertain")}
        unsure_spans = uncertain_spans(doc_text, section)
        found = {
            key
            for key, spans in predicted.get(name, {}).items()
            if key not in unsure
            and (
                key in certain
                or not all(any(sp.begin < e and b < sp.end for b, e in unsure_spans) for sp in spans)
            )
        }
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


def test_the_scorer_leaves_out_a_prediction_on_an_uncertain_surface():
    """One uncertain gold entry, one prediction on the same words under another key and
    category: neither a false positive nor a miss."""
    doc_text = "Increase the transfer payments of the central government."
    begin = doc_text.index("central government")
    span = Span(begin, begin + len("central government"))
    result = Linked(mentions=(Mention(span, "actor/central-government", section="measure/1"),))
    uncertain = {"key": "body/central-government", "category": "body", "surface": ["central government"], "uncertain": True}
    annotation = {"sections": [{"section": "measure/1", "entities": [uncertain]}]}
    s = score(result, annotation, doc_text)["bodies"]
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
    # without the uncertain entry the prediction is a false positive
    s = score(result, {"sections": [{"section": "measure/1", "entities": []}]}, doc_text)["bodies"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 0)


def test_the_scorer_keeps_a_prediction_also_named_elsewhere_or_certain():
    """A prediction with one mention off the uncertain surface is scored; so is a key the gold
    lists as certain; an uncertain surface inside a longer gold surface does not count."""
    doc_text = "The central government and the central government. Party organizations should lead."
    first = doc_text.index("central government")
    second = doc_text.index("central government", first + 1)
    party = doc_text.index("Party organizations")
    mentions = (
        Mention(Span(first, first + 18), "actor/central-government", section="measure/1"),
        Mention(Span(second, second + 18), "actor/central-government", section="measure/1"),
        Mention(Span(party, party + 19), "actor/party-organizations", section="measure/1"),
    )
    uncertain = {"key": "body/central-government", "category": "body", "surface": ["The central government"], "uncertain": True}
    cpc = {"key": "body/communist-party-of-china", "category": "body", "surface": ["Party"], "uncertain": True}
    organs = {"key": "actor/party-organizations-at-all-levels", "category": "actor", "surface": ["Party organizations"]}
    annotation = {"sections": [{"section": "measure/1", "entities": [uncertain, cpc, organs]}]}
    s = score(Linked(mentions=mentions), annotation, doc_text)["bodies"]
    assert sorted(s.false_positives) == [("measure/1", "actor/central-government"), ("measure/1", "actor/party-organizations")]
    assert s.missed == [("measure/1", "actor/party-organizations-at-all-levels")]
    # the same words under a key the gold lists as certain: a true positive, never left out
    certain = {"key": "actor/central-government", "category": "actor", "surface": ["central government"]}
    annotation = {"sections": [{"section": "measure/1", "entities": [uncertain, certain]}]}
    s = score(Linked(mentions=mentions[:1]), annotation, doc_text)["bodies"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return score(linked(), gold(), text())


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


def test_the_adjudication_covers_every_disagreement(scores):
    """Each false positive and miss of the stage has been reviewed (a new one fails until it is),
    and each review still names a disagreement or an entry the review made uncertain."""
    record = gold()["adjudication"]
    reviewed = {(d["section"], d["key"]) for d in record["decisions"]}
    current = {pair for s in scores.values() for pair in s.false_positives + s.missed}
    assert current <= reviewed, sorted(current - reviewed)
    made_uncertain = {(d["section"], d["key"]) for d in record["decisions"] if d["decision"] == "uncertain"}
    assert reviewed - current == made_uncertain, sorted(reviewed - current)


def test_an_adjudicated_entry_is_uncertain_and_says_why():
    """The review changes the gold only by marking an entry uncertain, with the reason in its note;
    it never removes or re-keys one."""
    record = gold()["adjudication"]
    entries = {(s["section"], e["key"]): e for s in gold()["sections"] for e in s["entities"]}
    for decision in record["decisions"]:
        assert decision["decision"] in {"uncertain", "stands"}, decision
        if decision["decision"] == "uncertain":
            entry = entries[(decision["section"], decision["key"])]
            assert entry.get("uncertain") is True and entry["note"].startswith("adjudicated"), entry
            assert decision["rule"].startswith("guidelines"), decision


#: projects when every gold entry counts, the uncertain ones too (issue 11, point 5: the
#: strategies, programmes and campaigns the annotator was unsure of; target R 0.8 with P 0.9).
#: Before point 5: P 0.967, R 0.784; the misses left are docs/quality.md's.
EVERY_ENTRY_PROJECT_FLOORS = (0.96, 0.83)


def every_entry(annotation: dict) -> dict:
    """The annotation with no entry uncertain."""
    return {**annotation, "sections": [
        {**s, "entities": [{k: v for k, v in e.items() if k != "uncertain"} for e in s["entities"]]}
        for s in annotation["sections"]
    ]}


def test_projects_when_every_gold_entry_counts():
    s = score(linked(), every_entry(gold()), text())["projects"]
    precision, recall = EVERY_ENTRY_PROJECT_FLOORS
    assert s.precision >= precision and s.recall >= recall, (s.precision, s.recall, s.false_positives, s.missed)


def report() -> str:
    """The precision/recall table of docs/entities.md: ``python -m tests.test_entity_quality``."""
    scores = score(linked(), gold(), text())
    lines = [
        "| category | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, s in scores.items():
        lines.append(f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    s = score(linked(), every_entry(gold()), text())["projects"]
    lines.append(f"| projects, every entry (uncertain too) | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    for name, s in scores.items():
        lines.append(f"\n{name} false positives: " + ", ".join(f"{sec} {key}" for sec, key in s.false_positives))
        lines.append(f"{name} missed: " + ", ".join(f"{sec} {key}" for sec, key in s.missed))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
