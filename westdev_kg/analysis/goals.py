"""Goals: what a document, a part or a measure sets out to achieve, and by when.

Three sources (rules in docs/analysis.md):

- **measure titles** — a measure's title is its objective: one goal per measure, scope
  ``measure``, its span the title span;
- **goal regions** in the preamble, the closing and part introductions (scope ``overall``
  for the preamble, the closing and a general part such as "General requirements", else
  ``part``). A region opens at a goal marker — "ensure that …", "It strives to achieve …",
  "… significance for …", a purpose adjunct "In order to …", a time adjunct with a year
  ("In 2035, …") — and runs to the end of the sentence or the next semicolon; a sentence
  that directs nothing and follows a goal sentence continues it ("Man and nature live in
  harmony."). Clauses in a region are goals, not actions. A region is cut into one goal
  per clause, per list item after "achieve"/"realize" and per "… and <verb> …";
- **dated or quantified clauses** anywhere: a clause that gives a target year or holds a
  quantified target is a goal (and stays an action if it directs something).

A goal's year is the year its own text gives ("by 2020", "In 2035", "before the end of
2025", never a plan period); a goal of a region without one inherits the year of the goal
before it in the same sentence or in the sentence just before; a dated or quantified clause
without one takes the year of a time adjunct that opens its sentence ("By 2025, A will be
enhanced, and the GDP will exceed 8 trillion yuan": both are 2025 goals), or of an earlier
clause of its sentence up to a semicolon ("X will reach 5 million by 2030, and Y will be raised
to 65 percent": both 2030); in a region a goal takes the year of the goal before it in its
sentence first ("By 2029, A; by 2035, B, and C": C is a 2035 goal).

A year that opens a paragraph ("By 2027, a modern system of X will have taken shape. Water use
per unit of GDP will be 16% lower than in 2022; …") dates the paragraph's later sentences: in
a goal region each of their clauses is a goal of that year, elsewhere their dated or
quantified clauses take it; a later sentence opening with its own year ("By 2035, …") dates
the sentences after it. A sentence that describes the situation ("At present, changes not
seen in a century are unfolding", cues of kind ``situation``) is no goal: it neither
continues a region nor takes a paragraph's year (the cues: :mod:`.goal_cues`).

A lead naming targets, goals or objectives before a colon ("The main projected targets for
this year are: A; B; and C") opens a list whose items are goals, one each; "this year" in a
goal's sentence, without a year of its own, is the document's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..lexicon import phrases, verbs
from ..model import Target
from .clauses import Clause, purpose_start
from .goal_cues import cue_pattern, is_goal_lead, is_situation, paragraph_years, this_year
from .targets import target_year, targets_in

_ACHIEVE = re.compile(r"\b(?:achiev|realiz|realis)\w*", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:and|as\s+well\s+as|but\s+also|also|to)\s+(?=\S))+", re.IGNORECASE)
_FUNCTION_WORDS = frozenset("and the a an of or to in as well".split())


@dataclass(slots=True)
class GoalDraft:
    begin: int
    end: int
    sentence: str
    year: int | None = None
    targets: tuple[Target, ...] = ()
    region: bool = False  # from a goal region (so the year may be inherited)
    explicit_year: bool = False
    clauses: set[str] = field(default_factory=set)  # keys of the clauses it was read from


def _markers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return cue_pattern("goal-marker"), cue_pattern("goal-after")


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    piece = text[begin:end]
    m = _LEADING.match(piece)
    if m:
        begin += m.end()
    while end > begin and text[end - 1] in " ,;:.":
        end -= 1
    while begin < end and text[begin] in " ,;:":
        begin += 1
    return begin, end


def _split_and_verb(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Split "accelerate X and promote Y" where the left part does not end in a verb."""
    vl = verbs()
    out: list[tuple[int, int]] = []
    start = begin
    for m in re.finditer(r"\s+and\s+([a-z]+)\b", text[begin:end]):
        word = m[1]
        if word not in vl.base:
            continue
        left = text[start : begin + m.start()].split()
        if not left or left[-1].lower() in vl.forms or len(left) < 3:
            continue
        out.append((start, begin + m.start()))
        start = begin + m.start() + len(m[0]) - len(word)
    out.append((start, end))
    return out


def _pieces(text: str, clause: Clause, start: int) -> list[tuple[int, int]]:
    """The goals of one clause of a region: per list item after "achieve", per "and <verb>"."""
    segments = [s for s in clause.segments if s.end > start]
    if not segments:
        return []
    first_end = segments[0].end
    spans: list[tuple[int, int]] = []
    if _ACHIEVE.search(text[start:first_end]) and len(segments) > 1:
        spans.append((start, first_end))
        pending: int | None = None
        for seg in segments[1:]:
            words = [w for w in re.findall(r"[\w'-]+", text[seg.begin : seg.end].lower()) if w not in _FUNCTION_WORDS]
            b = pending if pending is not None else seg.begin
            if len(words) <= 1 and seg is not segments[-1]:
                pending = b
                continue
            spans.append((b, seg.end))
            pending = None
    else:
        spans.append((start, clause.end))
    out: list[tuple[int, int]] = []
    for b, e in spans:
        for sb, se in _split_and_verb(text, b, e):
            tb, te = _trim(text, sb, se)
            if te > tb:
                out.append((tb, te))
    return out


@cache
def _list_lead() -> re.Pattern[str]:
    nouns = "|".join(re.escape(p) for p in phrases("list-noun"))
    return re.compile(rf"\b(?:{nouns})\b.*\b(?:are|is|include)$", re.IGNORECASE)


def list_items(text: str, clause: Clause) -> list[tuple[int, int]]:
    """The items of a list of goals: "The main targets for this year are: A; B; and C" gives A, B
    and C (cut at semicolons when the list has any, else at commas); none without such a lead."""
    segments = clause.segments
    if len(segments) < 2 or segments[1].sep != ":":
        return []
    if not _list_lead().search(text[segments[0].begin : segments[0].end].strip()):
        return []
    cut = ";" if any(s.sep == ";" for s in segments[2:]) else ","
    items: list[list[int]] = []
    for s in segments[1:]:
        if items and s.sep not in (cut, ":"):
            items[-1][1] = s.end
        else:
            items.append([s.begin, s.end])
    return [(b, e) for b, e in (_trim(text, b, e) for b, e in items) if e > b]


def region_goals(
    text: str,
    sentences: list[tuple[str, list[Clause]]],
    not_before: int | None,
) -> tuple[list[GoalDraft], set[str]]:
    """Goals of the goal regions of a preamble, closing or part introduction, and the keys of
    the clauses in those regions (goals, not actions)."""
    marker, after = _markers()
    drafts: list[GoalDraft] = []
    goal_only: set[str] = set()
    previous_had_goal = False
    last_year: int | None = None
    dated = paragraph_years(text, sentences, not_before)
    for sentence_key, clauses in sentences:
        if clauses and is_situation(text[clauses[0].begin if not clauses[0].adjunct else clauses[0].adjunct[0] : clauses[-1].end]):
            dated.pop(sentence_key, None)
            previous_had_goal = False
            continue  # "At present, changes not seen in a century are unfolding": no goal
        directive = any(c.kind in ("V", "S") and c.head is not None for c in clauses)
        commands = any(c.kind == "V" and c.head is not None for c in clauses)  # "We will strengthen …"
        continuation = (previous_had_goal and not directive) or (sentence_key in dated and not commands)
        region = continuation
        found_here = False
        for clause in clauses:
            ctext = text[clause.begin : clause.end]
            if clause.sep == ";" and not continuation:
                region = False
            start: int | None = None
            # a purpose adjunct: "In order to X and Y, …" — its clauses are goals
            purpose = None
            if clause.adjunct is not None:
                a_begin, a_end = clause.adjunct
                purpose = purpose_start(text[a_begin:a_end])
                if purpose is not None:
                    for b, e in _split_and_verb(text, a_begin + purpose, a_end):
                        tb, te = _trim(text, b, e)
                        if te > tb:
                            drafts.append(GoalDraft(tb, te, sentence_key, region=True))
                            found_here = True
                if clause.adjunct_year:
                    region = True
                    start = clause.adjunct[0]
            if items := list_items(text, clause):  # "The main targets for this year are: A; B; C"
                goal_only.add(clause.key)
                drafts += [GoalDraft(b, e, sentence_key, region=True, clauses={clause.key}) for b, e in items]
                found_here = True
                continue
            lead = re.match(r"^(?:(?:and|also|it|we|to)\s+)*", ctext, re.IGNORECASE)
            m = marker.match(ctext, lead.end() if lead else 0) or marker.match(ctext)
            if m:
                region = True
                start = clause.begin if start is None else start
            elif purpose is not None:
                continue  # "In order to X, Y": Y is the means, not a goal
            else:
                m2 = after.search(ctext)
                if m2:
                    region = True
                    start = clause.begin + m2.end() if start is None else start
            if not region:
                continue
            goal_only.add(clause.key)
            if is_goal_lead(ctext):
                continue  # "The main objectives are: …": the goals follow
            for b, e in _pieces(text, clause, start if start is not None else clause.begin):
                drafts.append(GoalDraft(b, e, sentence_key, region=True, clauses={clause.key}))
                found_here = True
        previous_had_goal = found_here
    # years: a goal's own, else inherited along the region
    last_sentence: str | None = None
    previous_sentence_of: dict[str, str | None] = {}
    order = [key for key, _ in sentences]
    for i, key in enumerate(order):
        previous_sentence_of[key] = order[i - 1] if i else None
    of_this_year = {key for key, clauses in sentences if clauses and this_year(text, clauses)}
    for draft in sorted(drafts, key=lambda d: d.begin):
        own = target_year(text[draft.begin : draft.end], not_before)
        if own is not None:
            draft.year, draft.explicit_year = own, True
        elif last_year is not None and last_sentence == draft.sentence:
            draft.year = last_year  # "By 2029, A; by 2035, B, and C": C is a 2035 goal
        elif draft.sentence in dated:
            draft.year = dated[draft.sentence]  # the year that opens its paragraph (None after "By the middle of this century")
        elif draft.sentence in of_this_year and not_before is not None:
            draft.year = not_before  # "The main targets for this year are: …"
        elif last_year is not None and last_sentence in (draft.sentence, previous_sentence_of.get(draft.sentence)):
            draft.year = last_year
        if draft.year is not None:
            last_year = draft.year
        last_sentence = draft.sentence
    for draft in drafts:
        draft.targets = targets_in(text[draft.begin : draft.end], draft.begin, draft.year, not_before)
    drafts.sort(key=lambda d: d.begin)
    return drafts, goal_only


def dated_goals(
    text: str,
    sentences: list[tuple[str, list[Clause]]],
    not_before: int | None,
    skip: set[str],
) -> list[GoalDraft]:
    """Goals of clauses that give a target year or hold a quantified target (``skip``: keys of
    clauses not to read)."""
    drafts: list[GoalDraft] = []
    dated = paragraph_years(text, sentences, not_before)
    for sentence_key, clauses in sentences:
        # the year of a time adjunct opening the sentence ("By 2025, …"), else its paragraph's
        opening: int | None = dated.get(sentence_key)
        if opening is None and sentence_key not in dated and clauses and this_year(text, clauses):
            opening = not_before  # "This year, we will add 12 million new urban jobs"
        if opening is not None and clauses and is_situation(text[clauses[0].begin : clauses[-1].end]):
            opening = None
        carried: int | None = None  # the year of an earlier clause, up to a semicolon
        for n, clause in enumerate(clauses):
            begin = clause.adjunct[0] if clause.adjunct_year and clause.adjunct else clause.begin
            piece = text[begin : clause.end]
            own = target_year(piece, not_before)
            if clause.sep == ";":
                carried = None
            if (n == 0 or clause.sep in (":", ";")) and clause.adjunct_year and own is not None:
                opening = own
            if clause.key in skip or is_goal_lead(piece):
                carried = own if own is not None else carried
                continue
            year = own if own is not None else carried if carried is not None else opening
            found = targets_in(piece, begin, year, not_before)
            if own is not None:
                carried = own  # "X will reach A by 2030, and Y will be raised to B": B by 2030 too
            if own is None and not found and (sentence_key not in dated or (clause.kind == "V" and clause.head is not None)):
                continue  # neither dated nor quantified (a clause of a paragraph opened by a year is dated)
            b, e = _trim(text, begin, clause.end)
            drafts.append(
                GoalDraft(
                    b,
                    e,
                    sentence_key,
                    year=year,
                    targets=found,
                    explicit_year=own is not None,
                    clauses={clause.key},
                )
            )
    return drafts
