"""Stage 5 — analyse: goals, quantified targets, actions and responsibility.

``analyse(document, linked) -> Analysis`` reads every sentence once:

1. :mod:`.clauses` cuts each sentence into clauses and finds each clause's head (verb,
   subject, object, modal: :mod:`.heads`);
2. :mod:`.goals` finds the goals: one per measure (its title), the goal regions of the
   preamble, the closing and part introductions, and every clause that gives a target
   year or holds a quantified target (:mod:`.targets`);
3. :mod:`.directives` (for a Chinese text :mod:`.zh_directives`) turns each directive clause into an :class:`~westdev_kg.model.Action`
   (clauses of a goal region are goals, not actions; a measure title is both) and finds
   who is responsible for it, in which role, from the mentions of the entity stage;
4. where the text names no lead, the document's issuers are responsible, stated=False:
   once per measure (on the measure) and per action outside measures; in a Chinese text a
   measure that names a lead for any of its actions gets none;
5. each action and goal records what it mentions: the entities of the mentions within its
   span in its sentence, and the parts of a compound so named (:class:`Named`).

Keys are 1-based within their section, in text order: ``measure/8/goal/1``,
``measure/8/action/3``, ``measure/8/action/3/responsibility/1``,
``measure/8/responsibility/1``. The rules and their limits are in docs/analysis.md.
"""

from __future__ import annotations

import bisect

from collections import defaultdict
from collections.abc import Iterable

from ..model import (
    Action,
    Analysis,
    Document,
    Goal,
    Linked,
    Mention,
    ReportedFigure,
    Responsibility,
    Section,
    Span,
    own_sentences,
)
from ..analysis import work
from ..analysis.clauses import Clause, clauses_of
from ..analysis.periods import period_in
from ..analysis.directives import (
    MentionIndex,
    RoleDraft,
    SentenceLeads,
    is_general_heading,
    make_action,
    roles_of,
    subject_agents,
)
from ..analysis.goal_cues import heading_is_goal
from ..analysis.goals import GoalDraft, dated_goals, region_goals
from ..analysis.targets import target_year, targets_in
from ..analysis.figures_en import english_figures
from ..analysis.indicators import with_concepts
from ..analysis.jurisdiction import jurisdiction
from ..analysis.zh_figures import document_year, review_map, section_figures


def headline(section: Section) -> tuple[str, Span] | None:
    """A numbered section's title (a part's heading), when it is the section's first sentence."""
    heading, span = section.heading, section.heading_span
    if heading is None or span is None or not heading.strip() or not section.sentences:
        return None
    if section.number is not None and section.sentences[0].span.begin == span.begin:
        return heading, span
    return None


def scope_of(section: Section) -> str:
    """A part's goals are the part's (the whole document's under a general heading); those of any
    numbered section below the parts (a measure, a chapter under 篇, an item …) are a measure's."""
    if section.role == "part":
        return "overall" if is_general_heading(section.heading or "") else "part"
    if section.number is not None:
        return "measure"
    return "overall"


class Named:
    """What an action or goal mentions: the entities of the mentions within its span, in its sentence.

    The mentions of each sentence are kept sorted by their begin offset, so that a span only
    looks at the mentions that begin inside it (found by bisection), not at every mention of
    its sentence: linear work in a long sentence with many clauses (issue 15, point 3).
    :data:`..analysis.work.examined` counts the mentions looked at (tests/test_faults_linear.py).
    """

    def __init__(self, mentions: Iterable[Mention]) -> None:
        by_sentence: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            by_sentence[mention.sentence].append(mention)
        self.by_sentence: dict[str, list[Mention]] = {}
        self.begins: dict[str, list[int]] = {}
        for sentence, items in by_sentence.items():
            items.sort(key=lambda m: m.span.begin)
            self.by_sentence[sentence] = items
            self.begins[sentence] = [m.span.begin for m in items]

    def within(self, span: Span, sentence: str) -> tuple[str, ...]:
        """Sorted keys of the entities named within ``span`` of ``sentence``, with the parts of compounds."""
        keys: set[str] = set()
        items = self.by_sentence.get(sentence)
        if not items:
            return ()
        first = i = bisect.bisect_left(self.begins[sentence], span.begin)
        while i < len(items) and items[i].span.begin <= span.end:
            mention = items[i]
            if span.contains(mention.span):
                if mention.entity:
                    keys.add(mention.entity)
                keys.update(mention.components)
            i += 1
        work.examined += i - first + 1
        return tuple(sorted(keys))


def analyse(document: Document, linked: Linked) -> Analysis:
    text = document.text
    not_before = document_year(document)  # the metadata's date, else a work report's date line
    entities = {e.key: e for e in linked.entities}
    index = MentionIndex(linked.mentions, entities)
    named = Named(linked.mentions)
    warnings: list[str] = []
    issuers = [key for key in linked.issuers if key in entities]
    missing = [key for key in linked.issuers if key not in entities]
    if missing:
        warnings.append(f"analyse: issuers {', '.join(missing)} are not among the linked entities; not used as responsible")
    elif not issuers:
        warnings.append("analyse: the document has no linked issuers; no inferred responsibility was recorded")

    chinese = document.source.metadata.language.startswith("zh")
    annual = chinese and _annual(document)
    goals: list[Goal] = []
    actions: list[Action] = []
    responsibilities: list[Responsibility] = []
    figures: list[ReportedFigure] = []  # results reported for past years (Chinese texts)
    reviews = review_map(document, not_before) if chinese else {}
    for section in document.sections():
        sentences = own_sentences(section)
        if not sentences:
            continue
        clause_lists = [] if chinese else [(s.key, clauses_of(text, s.key, s.span.begin, s.span.end)) for s in sentences]
        if chinese:  # dated goals and targets read in Chinese (zh_goals); English rules otherwise
            section_goals, goal_only = _zh_goals(text, section, sentences, not_before, named, annual), set()
            figures.extend(section_figures(text, section, not_before, reviews.get(section.key), section_goals))
        else:
            section_goals, goal_only = _goals(text, section, clause_lists, not_before, named)
            section_goals, reported = english_figures(text, section, section_goals, not_before)  # results, not targets
            figures.extend(reported)
        goals.extend(section_goals)
        if chinese:  # actions and their stated roles read in Chinese (zh_directives)
            section_actions = _zh_actions(text, section, sentences, index, named)
        else:
            section_actions = _actions(text, section, clause_lists, goal_only, index, named)
        for action, roles in section_actions:
            actions.append(action)
            responsibilities.extend(
                Responsibility(
                    key=f"{action.key}/responsibility/{number}",
                    subject=action.key,
                    actor=role.actor,
                    role=role.role,  # type: ignore[arg-type]
                    stated=True,
                    span=role.span,
                )
                for number, role in enumerate(roles, start=1)
            )
        responsibilities.extend(_inferred(section, section_actions, issuers, named_lead_wins=chinese))
    goals, figures = with_concepts(goals, figures)  # each indicator's shared concept, when one matches
    return Analysis(
        goals=tuple(goals),
        actions=tuple(actions),
        responsibilities=tuple(responsibilities),
        warnings=tuple(warnings),
        figures=tuple(figures),
        jurisdiction=jurisdiction(document, linked.entities),
    )


def _goals(
    text: str, section: Section, clause_lists: list[tuple[str, list[Clause]]], not_before: int | None, named: Named
) -> tuple[list[Goal], set[str]]:
    """The goals of one section, numbered in text order, and the clauses that are goals only."""
    scope = scope_of(section)
    title = headline(section)
    body = clause_lists[1:] if title else clause_lists
    drafts: list[GoalDraft] = []
    goal_only: set[str] = set()
    if scope in ("overall", "part"):
        drafts, goal_only = region_goals(text, body, not_before)
    skip = goal_only | {key for d in drafts for key in d.clauses}
    if title:
        skip |= {c.key for c in clause_lists[0][1]}  # the title or heading: its goal is its own
    drafts += dated_goals(text, clause_lists, not_before, skip=skip)
    # a measure's title is its objective, and so is a part's heading, unless it only names a
    # topic ("Financial support", "Key tasks") or is a general heading ("Main objectives")
    if title and scope in ("measure", "part") and heading_is_goal(title[0], not_before):
        words, span = title
        year = target_year(words, not_before)
        drafts.append(
            GoalDraft(
                span.begin,
                span.end,
                clause_lists[0][0],
                year=year,
                targets=targets_in(words, span.begin, year, not_before),
            )
        )
    drafts.sort(key=lambda d: (d.begin, d.end))
    return _numbered(text, section, scope, drafts, not_before, named), goal_only


def _numbered(text: str, section: Section, scope: str, drafts: list[GoalDraft], year: int | None, named: Named) -> list[Goal]:
    """The goals of ``drafts`` (in text order), numbered in their section, with the period each
    one's sentence names before its end (:mod:`..analysis.periods`) when that period is not over
    by the document's year ``year`` (a past plan is history, not a goal's period)."""
    begins = {s.key: s.span.begin for s in own_sentences(section)}
    goals = []
    for number, draft in enumerate(drafts, start=1):
        begin = begins.get(draft.sentence)
        found = period_in(text[begin : draft.end], year) if begin is not None and begin < draft.end else None
        over = found is None or (year is not None and found.end < year)
        goals.append(
            Goal(
                key=f"{section.key}/goal/{number}",
                section=section.key,
                scope=scope,  # type: ignore[arg-type]
                span=Span(draft.begin, draft.end),
                statement=draft.sentence,
                target_year=draft.year,
                targets=draft.targets,
                mentions=named.within(Span(draft.begin, draft.end), draft.sentence),
                period=None if over else (found.start, found.end),  # type: ignore[union-attr]
            )
        )
    return goals


def _annual(document: Document) -> bool:
    """Whether a Chinese document reports on its own year (a government work report)."""
    from ..analysis.zh_goals import is_annual  # only Chinese texts need it
    meta = document.source.metadata
    return is_annual(" ".join(filter(None, (document.title, meta.title, meta.title_zh))))


def _zh_goals(text: str, section: Section, sentences: tuple, not_before: int | None, named: Named, annual: bool) -> list[Goal]:
    """The goals of one section of a Chinese text (:mod:`..analysis.zh_goals`), numbered in text order."""
    from ..analysis.zh_goals import zh_goals  # only Chinese texts need it
    from ..analysis.zh_tables import table_goals

    drafts = zh_goals(text, sentences, not_before, annual)
    read = {d.sentence for d in drafts}  # an indicator table's rows, one goal each, where no sentence rule read one
    drafts = sorted(drafts + [d for d in table_goals(text, sentences, not_before) if d.sentence not in read], key=lambda d: (d.begin, d.end))
    return _numbered(text, section, scope_of(section), drafts, not_before, named)


def _actions(
    text: str,
    section: Section,
    clause_lists: list[tuple[str, list[Clause]]],
    goal_only: set[str],
    index: MentionIndex,
    named: Named,
) -> list[tuple[Action, list[RoleDraft]]]:
    """The actions of one section, numbered in text order, with their stated roles."""
    out: list[tuple[Action, list[RoleDraft]]] = []
    for sentence_index, (sentence_key, clauses) in enumerate(clause_lists):
        modal: str | None = None  # a "must"/"should" of this sentence, inherited by its bare-verb clauses
        modal_clauses = SentenceLeads()
        title = headline(section)[0] if sentence_index == 0 and headline(section) else None
        for clause in clauses:
            head = clause.head
            draft = None
            if clause.key not in goal_only:
                bare = clause.kind == "V" and head is not None and head.modal_obligation is None
                draft = make_action(text, clause, inherited=modal if bare else None, title=title)
            if clause.kind == "S" and head is not None and head.subject_role == "lead":
                modal_clauses.add(clause, subject_agents(index, clause))
            if head is not None and head.modal_obligation in ("must", "should"):
                modal = head.modal_obligation
            elif clause.kind == "S":
                modal = None
            if draft is None:
                continue
            action = Action(
                key=f"{section.key}/action/{len(out) + 1}",
                section=section.key,
                sentence=sentence_key,
                span=draft.span,
                verb=draft.verb,
                obligation=draft.obligation,
                object_text=draft.object_text,
                object_span=draft.object_span,
                mentions=named.within(draft.span, sentence_key),
            )
            out.append((action, roles_of(text, draft, index, modal_clauses)))
    return out


def _zh_actions(
    text: str, section: Section, sentences: tuple, index: MentionIndex, named: Named
) -> list[tuple[Action, list[RoleDraft]]]:
    """The actions of one section of a Chinese text (:mod:`..analysis.zh_directives`), numbered in text order."""
    from ..analysis.zh_directives import sentence_actions  # only Chinese texts need it
    out: list[tuple[Action, list[RoleDraft]]] = []
    for sentence in sentences:
        for draft in sentence_actions(text, sentence.span.begin, sentence.span.end, index):
            object_text = text[draft.object_span.begin : draft.object_span.end] if draft.object_span else ""
            action = Action(
                key=f"{section.key}/action/{len(out) + 1}",
                section=section.key,
                sentence=sentence.key,
                span=draft.span,
                verb=draft.verb,
                obligation=draft.obligation,
                object_text=object_text,
                object_span=draft.object_span,
                mentions=named.within(draft.span, sentence.key),
            )
            out.append((action, list(draft.roles)))
    return out


def _inferred(
    section: Section,
    section_actions: list[tuple[Action, list[RoleDraft]]],
    issuers: list[str],
    named_lead_wins: bool = False,
) -> list[Responsibility]:
    """The issuers lead, unstated, where the text names no lead: once per measure, else per action.

    ``named_lead_wins`` (Chinese texts, issue 12 point 6): a measure any of whose actions names a
    lead gets no inferred lead at all; English texts keep their rule (inferred on the measure
    unless every action names its lead)."""
    if not issuers:
        return []
    unled = [(a, roles) for a, roles in section_actions if not any(r.role == "lead" for r in roles)]
    if section.kind == "measure":
        if (not unled and section_actions) or (named_lead_wins and len(unled) < len(section_actions)):
            return []
        return [
            Responsibility(key=f"{section.key}/responsibility/{n}", subject=section.key, actor=key, role="lead", stated=False)
            for n, key in enumerate(issuers, start=1)
        ]
    return [
        Responsibility(
            key=f"{action.key}/responsibility/{len(roles) + n}", subject=action.key, actor=key, role="lead", stated=False
        )
        for action, roles in unled
        for n, key in enumerate(issuers, start=1)
    ]
