"""Actions (directive clauses) and who is responsible for them.

An action is a clause whose head is a directive (see :mod:`.clauses`): an imperative, a
nominal directive title, or a subject with a modal. Its obligation comes from, in order:
a modal or light prefix of its own ("must", "should", "It is necessary to", "are
encouraged to"); a "must" modal it inherits from an earlier clause of its sentence ("The
NDRC must assume …, evaluate …"); its verb ("support" → support, "encourage"/"guide"/
"allow" → encourage, "explore"/"pilot"/"try" → explore, "study"/"research" → study, any
other verb → do); "carry out the pilot …" → explore.

Roles, from the mentions (outermost, of category region, body or actor) in the action's
text or, for an inherited subject, in the clause it inherits from:

- **lead**: the subject of a modal clause ("The NDRC must …"), inherited by the bare-verb
  clauses after it; the source of "assistance from X";
- **co-operating**: a second, different subject of a modal clause in a sentence whose first
  modal clause already named a lead ("The Leading Group … should …, and all member units …
  should … cooperate closely"); X of "together with X", "in cooperation with X";
- **addressee**: X of "<support|encourage|guide|promote|help|allow> X to …" and the subject
  of "X are encouraged/allowed to …"; Y of "support for/to Y", "support will be given to
  Y"; what a support verb supports; the domestic regions of "cooperation between …"; a
  generic actor named in the object of any directive.

A region keeps its region key: the graph stage makes its government the agent.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import cues, phrases
from ..model import Entity, Mention, Span
from . import work
from .clauses import Clause
from .heads import Head

OBLIGATIONS = frozenset({"must", "should", "do", "support", "encourage", "explore", "study", "prohibit", "may"})
"""The codes of the obligation scheme. Source of truth: ``wdc:obligations`` in
ontology/westdev.ttl (concept ``wdc:obligation-<code>``); tests/test_vocabularies.py keeps
this set equal to it and to the ActionShape's ``sh:in`` list."""
AGENT_CATEGORIES = frozenset({"region", "body", "actor"})
_VERB_PATTERN = re.compile(r"^[a-z][a-z-]*( [a-z]+)?$")
_PILOT = re.compile(r"^(?:the\s+)?(?:pilot|trials?|first-in-first-out\s+trials)\b", re.IGNORECASE)
_PILOT_VERBS = frozenset({"carry out", "conduct", "launch", "start", "do"})
_SUPPORT_VERBS = frozenset({"support", "help", "assist"})
_SUPPORT_CHAIN = re.compile(
    r"\s+to\s+(?:[a-z]+ly\s+)?(?:continue\s+to\s+)?(?:[a-z]+ly\s+)?(?:support|help|assist)\b", re.IGNORECASE
)
_FROM = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActionDraft:
    clause: Clause
    span: Span
    verb: str
    obligation: str
    object_text: str
    object_span: Span | None


@dataclass(frozen=True, slots=True)
class RoleDraft:
    actor: str
    role: str
    span: Span


class MentionIndex:
    """Outermost mentions of agents (regions, bodies, actors), searchable by offset."""

    def __init__(self, mentions: tuple[Mention, ...], entities: dict[str, Entity]) -> None:
        ordered = sorted(mentions, key=lambda m: (m.span.begin, -m.span.end))
        outer: list[Mention] = []
        reach = -1
        for mention in ordered:
            if mention.span.end <= reach:
                continue  # inside a longer mention
            outer.append(mention)
            reach = mention.span.end
        self.entities = entities
        self.items: list[tuple[Mention, tuple[str, ...]]] = []
        for mention in outer:
            keys = self._agents(mention)
            if keys:
                self.items.append((mention, keys))
        self.begins = [m.span.begin for m, _ in self.items]

    def _agents(self, mention: Mention) -> tuple[str, ...]:
        candidates = (mention.entity,) if mention.entity else mention.components
        return tuple(
            key for key in candidates if key in self.entities and self.entities[key].category in AGENT_CATEGORIES
        )

    def within(self, begin: int, end: int) -> list[tuple[str, Span]]:
        out: list[tuple[str, Span]] = []
        i = bisect.bisect_left(self.begins, begin)
        while i < len(self.items) and self.items[i][0].span.begin < end:
            mention, keys = self.items[i]
            if mention.span.end <= end:
                out.extend((key, mention.span) for key in keys)
            i += 1
        return out


def _abs(clause: Clause, offset: int) -> int:
    return clause.head_base + offset


def is_topic_label(title: str) -> bool:
    """A title that only names a topic ("Help policy", "Financial support"): no directive."""
    words = title.split()
    return len(words) <= 3 and words[-1].lower() in set(phrases("topic-head"))


def is_general_heading(heading: str) -> bool:
    """"General requirements", "Guiding ideology", "Main objectives" … (``general-heading`` in cues.csv)."""
    return any(re.search(rf"\b{re.escape(p)}\b", heading.lower()) for p in phrases("general-heading"))


def make_action(text: str, clause: Clause, inherited: str | None, title: str | None = None) -> ActionDraft | None:
    head = clause.head
    if head is None or clause.kind not in ("V", "S"):
        return None
    if title is not None and is_topic_label(title):
        return None
    verb = head.verb
    if not _VERB_PATTERN.match(verb):
        return None
    if head.modal_obligation:
        obligation = head.modal_obligation
    elif inherited:
        obligation = inherited
    else:
        obligation = head.obligation
    if head.passive and head.recipient is not None:  # "support will be given to Y": Y
        object_begin, object_end = _abs(clause, head.recipient), clause.end
    elif head.passive and head.subject is not None:  # "X shall be revised": X
        object_begin, object_end = _abs(clause, head.subject[0]), _abs(clause, head.subject[1])
    else:
        object_begin, object_end = _abs(clause, head.object_begin), clause.end
        # "strengthen guidance together with X": X co-operates, it is not part of the object
        if (cut := _cue_regex("cooperation").search(text, object_begin, object_end)) and cut.start() > object_begin:
            object_end = len(text[: cut.start()].rstrip(" ,"))
    object_text = text[object_begin:object_end].strip()
    if verb in _PILOT_VERBS and _PILOT.match(object_text):
        obligation = "explore"
    if obligation not in OBLIGATIONS:
        obligation = "do"
    return ActionDraft(
        clause=clause,
        span=Span(clause.begin, clause.end),
        verb=verb,
        obligation=obligation,
        object_text=object_text,
        object_span=Span(object_begin, object_end) if object_text else None,
    )


@cache
def _cue_regex(kind: str) -> re.Pattern[str]:
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases(kind)]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


@cache
def _between() -> re.Pattern[str]:
    nouns = "|".join(re.escape(c.phrase) for c in cues().get("between", ()))
    return re.compile(rf"\b(?:{nouns})\s+(?:between|with)\s+", re.IGNORECASE)


def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return _cue_regex("source"), _cue_regex("cooperation"), _between()


def subject_agents(index: MentionIndex, clause: Clause) -> list[tuple[str, Span]]:
    head = clause.head
    if head is None or head.subject is None:
        return []
    return index.within(_abs(clause, head.subject[0]), _abs(clause, head.subject[1]))


class SentenceLeads:
    """The modal clauses of one sentence whose subject leads, and the agents each names.

    :func:`roles_of` asks, for a subject clause: did a modal clause before it name agents, and
    did any name one of its own? Both are answered from the first offset at which any agent,
    and each agent, was named, so that an action does not list every earlier modal clause of a
    long sentence (issue 15, point 3).
    """

    def __init__(self) -> None:
        self.first_named: int | None = None  # begin of the first clause that names an agent
        self.first_begin: dict[str, int] = {}  # agent key -> begin of the first clause naming it

    def add(self, clause: Clause, agents: list[tuple[str, Span]]) -> None:
        work.examined += 1 + len(agents)
        if not agents:
            return
        if self.first_named is None or clause.begin < self.first_named:
            self.first_named = clause.begin
        for key, _ in agents:
            if key not in self.first_begin or clause.begin < self.first_begin[key]:
                self.first_begin[key] = clause.begin

    def others_before(self, begin: int, keys: set[str]) -> bool:
        """Whether a modal clause that begins before ``begin`` named agents, none of them in ``keys``."""
        work.examined += 1 + len(keys)
        if self.first_named is None or self.first_named >= begin:
            return False
        return all(self.first_begin.get(key, begin) >= begin for key in keys)


def roles_of(
    text: str,
    action: ActionDraft,
    index: MentionIndex,
    sentence_leads: SentenceLeads,
) -> list[RoleDraft]:
    """The stated roles of one action; ``sentence_leads`` holds the earlier modal clauses of its sentence."""
    clause = action.clause
    head: Head = clause.head  # type: ignore[assignment]
    subject_clause = clause if clause.kind == "S" else clause.inherited
    if subject_clause is None and not index.within(clause.begin, clause.end):
        return []  # nobody named, nobody inherited
    source, cooperation, between = _regexes()
    out: list[RoleDraft] = []
    ctext = text[clause.begin : clause.end]
    # "together with X" up to the next comma: X co-operates (also inside a subject: "X, together with Y, shall")
    cooperating = []
    for m in cooperation.finditer(ctext):
        stop = ctext.find(",", m.end())
        cooperating.append((clause.begin + m.end(), clause.begin + (stop if stop >= 0 else len(ctext))))

    def add(items: list[tuple[str, Span]], role: str) -> None:
        for key, span in items:
            out.append(RoleDraft(key, role, span))

    # the subject of a modal clause, or the one a bare-verb clause inherits
    if subject_clause is not None and subject_clause.head is not None:
        s_head = subject_clause.head
        agents = [
            (key, span) for key, span in subject_agents(index, subject_clause)
            if not any(b <= span.begin < e for b, e in cooperating)
        ]
        if s_head.subject_role == "addressee":
            if subject_clause is clause:
                add(agents, "addressee")
        elif s_head.subject_role == "lead" and agents:
            # a second, different lead of the sentence co-operates
            keys = {k for k, _ in agents}
            role = "co-operating" if sentence_leads.others_before(subject_clause.begin, keys) else "lead"
            add(agents, role)
    # "support X to …"
    if head.addressee is not None and head.subject_role != "addressee":
        add(index.within(_abs(clause, head.addressee[0]), _abs(clause, head.addressee[1])), "addressee")
        # "promote X to (continue to) support Y": Y is supported too
        chain = _SUPPORT_CHAIN.match(text, _abs(clause, head.addressee[1]), clause.end)
        if chain:
            add(index.within(chain.end(), clause.end), "addressee")
    # "support for Y", "support will be given to Y"
    if head.recipient is not None:
        add(index.within(_abs(clause, head.recipient), clause.end), "addressee")
    elif head.verb in _SUPPORT_VERBS and head.addressee is None and not head.passive:
        add(index.within(_abs(clause, head.object_begin), clause.end), "addressee")
    for m in source.finditer(ctext):
        add(index.within(clause.begin + m.end(), clause.end), "lead")
    for b, e in cooperating:
        add(index.within(b, e), "co-operating")
    for m in between.finditer(ctext):
        found = index.within(clause.begin + m.end(), clause.end)
        domestic = [(k, s) for k, s in found if index.entities[k].kind != "foreign-country-or-region" and index.entities[k].category == "region"]
        add(domestic, "addressee")
    # a generic actor named in the object of a directive is addressed by it, and so is
    # the owner of what the directive improves ("strengthen the party's leadership")
    if not head.passive and head.subject_role != "addressee":
        object_begin = _abs(clause, head.object_begin)
        for key, span in index.within(object_begin, clause.end):
            before = text[max(object_begin, span.begin - 12) : span.begin]
            if _FROM.search(before):
                continue  # "cadres from X", "led by X": not the one the directive addresses
            possessive = text.startswith(("'s", "’s"), span.end) and span.begin - object_begin <= 12
            if index.entities[key].category == "actor" or possessive:
                out.append(RoleDraft(key, "addressee", span))
    # one responsibility per actor and role; a lead is not also an addressee
    seen: set[tuple[str, str]] = set()
    leads = {r.actor for r in out if r.role in ("lead", "co-operating")}
    result: list[RoleDraft] = []
    for item in out:
        if (item.actor, item.role) in seen or (item.role == "addressee" and item.actor in leads):
            continue
        seen.add((item.actor, item.role))
        result.append(item)
    return result
