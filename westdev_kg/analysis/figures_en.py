"""Figures an English text reports about past years (issue 12, point 4, English side).

A sentence reports results when it opens with a time of the past — "In 2019, …", "At the end
of 2017, …", "By the end of 2018, …", "Last year, …", "Over the past five years, …" (a year
before the document's; "last year" is the year before it, "the past five years" the five) —
or compares with the year before ("year-on-year", "over the previous year"). Its governed
quantities, read by the rules of :mod:`.targets` ("GDP grew by 6.1%", "the urbanization
rate reached 60.6%"), are reported figures, not targets: they leave the goals they were read
into, and a goal left with neither a target nor a year of its own goes with them.
Word lists: ``westdev_kg/lexicon/quantities.csv`` (``past-opener``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..lexicon import quantities
from ..model import Goal, ReportedFigure, Section, Span
from .targets import scan_targets

_YEAR = r"(?:19|20)\d\d"
_STATED = re.compile(r"\b(?:had|has|have|was|were)\b", re.IGNORECASE)  # the verb that states a figure, not its indicator


def _indicator(words: str) -> str:
    """The indicator without the verb that states the figure: "the province had a resident
    population" → "a resident population" (what follows it), "GDP was" → "GDP" (what is before)."""
    m = _STATED.search(words)
    if m is None:
        return words
    after, before = words[m.end() :].strip(), words[: m.start()].strip()
    return after or before or words


@cache
def _inside() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    """The past years a sentence may state anywhere (``past-inside``), and the words of a sentence
    that plans (``future-marker``)."""
    q = quantities()
    dated = tuple(
        re.compile(rf"\b{re.escape(s).replace('YYYY', f'(?P<y>{_YEAR})').replace(chr(92) + ' ', chr(92) + 's+')}\b", re.IGNORECASE)
        for s, _ in q.get("past-inside", ())
    )
    future = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s, _ in q.get("future-marker", ()))
    return dated, re.compile(rf"\b(?:{future})\b", re.IGNORECASE)


@cache
def _openers() -> tuple[tuple[re.Pattern[str], ...], dict[str, int], tuple[str, ...]]:
    q = quantities()
    patterns = tuple(re.compile(rf"^\s*{re.escape(s).replace('YYYY', f'(?P<y>{_YEAR})')}\b", re.IGNORECASE) for s, _ in q.get("past-opener", ()))
    relative = {s.lower(): int(v) for s, v in q.get("past-relative", ())}  # longest first
    return patterns, relative, tuple(s.lower() for s, _ in q.get("compared-marker", ()))


def past_years(sentence: str, doc_year: int | None) -> tuple[int, int] | None:
    """The past years a sentence opens with ("In 2019," → 2019; "Over the past five years," →
    the five years before the document's), None when it opens with none."""
    dated, relative, _ = _openers()
    for pattern in dated:
        if (m := pattern.match(sentence)) and "y" in m.groupdict() and (doc_year is None or int(m["y"]) < doc_year):
            return int(m["y"]), int(m["y"])
    lower = sentence.lstrip().lower()
    if doc_year is not None:
        for surface, n in relative.items():
            if lower.startswith(surface):
                return doc_year - n, doc_year - 1
        inside, future = _inside()
        if not future.search(sentence):  # "… had a population of about 12 million at the end of 2019"
            for pattern in inside:
                if (m := pattern.search(sentence)) and int(m["y"]) < doc_year:
                    return int(m["y"]), int(m["y"])
    return None


def english_figures(
    text: str, section: Section, goals: list[Goal], doc_year: int | None
) -> tuple[list[Goal], list[ReportedFigure]]:
    """The section's goals without the quantities its sentences report about past years, and
    those quantities as reported figures keyed ``{section}/figure/{n}``."""
    _, _, compared = _openers()
    figures: list[ReportedFigure] = []
    taken: list[Span] = []
    for sentence in section.sentences:
        body = text[sentence.span.begin : sentence.span.end]
        years = past_years(body, doc_year)
        if years is None and any(c in body.lower() for c in compared) and doc_year is not None:
            years = (doc_year - 1, doc_year - 1)
        if years is None:
            continue
        for found in scan_targets(body):
            span = Span(sentence.span.begin + found.begin, sentence.span.begin + found.end)
            taken.append(span)
            indicator = _indicator(found.target.indicator)
            quantity = replace(found.target, indicator=indicator, target_year=None, baseline_year=None, span=None)
            figures.append(
                ReportedFigure(f"{section.key}/figure/{len(figures) + 1}", section.key, sentence.key, quantity, span, *years)
            )
    if not taken:
        return goals, figures
    kept: list[Goal] = []
    for goal in goals:
        targets = tuple(t for t in goal.targets if t.span is None or not any(s.contains(t.span) or t.span.contains(s) for s in taken))
        if targets or goal.target_year is not None or not goal.targets:
            kept.append(replace(goal, targets=targets))
    renumbered = [replace(g, key=f"{section.key}/goal/{n}") for n, g in enumerate(kept, start=1)]
    return renumbered, figures
