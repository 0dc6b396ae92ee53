"""Cues around goals (issue 12, point 1), English: where a paragraph's year dates its sentences,
what describes the situation, which headings state an objective, "this year".

- a year that opens a paragraph ("By 2027, …" as its first words, or after a ``goal-lead`` and
  its colon: "The main objectives are: by 2025, …") dates the paragraph's later sentences; a
  later sentence opening with its own year dates those after it; one opening with a time
  without a year ("By the middle of this century", ``undated-time``) ends the dating;
- a sentence with a ``situation`` cue ("At present", "… are unfolding") describes the
  situation: no goal;
- a heading is a goal only when it states an objective: not a topic label ("Financial
  support", "Policy priorities for 2024"), a general heading ("Main objectives") or a heading
  that looks back ("A review of our work in 2023");
- "this year" (``current-year``) is the document's own year.

Word lists: ``westdev_kg/lexicon/cues.csv``. Used by :mod:`.goals` and the analyse stage.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import phrases
from .clauses import Clause
from .directives import is_general_heading, is_topic_label
from .targets import target_year


@cache
def cue_pattern(kind: str) -> re.Pattern[str]:
    """The phrases of one kind of ``cues.csv`` as one case-insensitive pattern of whole words."""
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases(kind)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def is_situation(text: str) -> bool:
    """Whether ``text`` describes the situation ("At present, … are unfolding") rather than set a goal."""
    return bool(cue_pattern("situation").search(text))


@cache
def _line_lead() -> re.Pattern[str]:
    """What may stand before a year that opens a paragraph: a list marker, a goal lead and its colon."""
    leads = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases("goal-lead"))
    return re.compile(rf"\s*(?:[(（]\d+[)）]|\d+[.)])?\s*(?:(?:{leads})\s*[:：]\s*)?", re.IGNORECASE)


def is_goal_lead(text: str) -> bool:
    """Whether a clause only introduces goals ("The main objectives are", "Main goals"): no goal itself."""
    return bool(cue_pattern("goal-lead").fullmatch(text.strip()))


_PAST_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def looks_back(heading: str, not_before: int | None) -> bool:
    """Whether a heading looks back rather than state an objective: one opening with a
    ``review-heading`` cue ("A review of our work in 2023", "Looking back …") or naming only
    years before the document's own ("Work in 2023" in a 2024 report)."""
    if cue_pattern("review-heading").match(heading.strip()):
        return True
    years = [int(y) for y in _PAST_YEAR.findall(heading)]
    return bool(years) and not_before is not None and all(y < not_before for y in years)


_YEAR_TAIL = re.compile(r"\s+(?:for|in|of)\s+(?:19|20)\d\d$", re.IGNORECASE)


def heading_is_goal(heading: str, not_before: int | None) -> bool:
    """A part or measure heading is a goal only when it states an objective: not when it names
    a topic ("Financial support", "Policy priorities for 2024": the year set aside), is a general
    heading ("Main objectives") or looks back ("A review of our work in 2023")."""
    return not (
        is_topic_label(_YEAR_TAIL.sub("", heading.strip())) or is_general_heading(heading) or looks_back(heading, not_before)
    )


def paragraph_years(text: str, sentences: list[tuple[str, list[Clause]]], not_before: int | None) -> dict[str, int | None]:
    """Sentence key -> the target year of a time adjunct that opens its paragraph ("By 2027, …"
    as the paragraph's first words), for that sentence and the later ones of the paragraph; a
    later sentence opening with its own year dates itself and those after it, one opening with
    a time without a year ("By the middle of this century, …": ``undated-time`` cues) ends the
    dating: it and those after it map to None (goals of the paragraph, without a year)."""
    out: dict[str, int | None] = {}
    dated = False  # inside a paragraph a year opened
    year: int | None = None
    previous_end: int | None = None
    for key, clauses in sentences:
        if not clauses:
            continue
        first = clauses[0]
        begin = first.adjunct[0] if first.adjunct else first.begin
        new_paragraph = previous_end is None or "\n" in text[previous_end:begin]
        previous_end = clauses[-1].end
        if new_paragraph:
            dated, year = False, None
        if not first.adjunct_year and len(clauses) > 1 and clauses[1].sep == ":":
            first = clauses[1]  # "The main objectives are: by 2025, …"
        own = target_year(text[first.adjunct[0] : first.adjunct[1]], not_before) if first.adjunct_year and first.adjunct else None
        begin = first.adjunct[0] if first.adjunct else first.begin
        line_start = text.rfind("\n", 0, begin) + 1
        if own is not None and (dated or (new_paragraph and _line_lead().fullmatch(text, line_start, begin))):
            dated, year = True, own
        elif dated and first.adjunct and cue_pattern("undated-time").match(text, *first.adjunct):
            year = None  # "By the middle of this century, …"
        if dated:
            out[key] = year
    return out


def this_year(text: str, clauses: list[Clause]) -> bool:
    """Whether the sentence of ``clauses`` speaks of "this year" (the document's own)."""
    first = clauses[0]
    return bool(cue_pattern("current-year").search(text, first.adjunct[0] if first.adjunct else first.begin, clauses[-1].end))
