"""Generic actors: a category of organisations counts where it acts, not where it is an object.

"Enterprises", "financial institutions", "universities" are everywhere in the genre, mostly
as objects or beneficiaries ("financing support for small and micro enterprises", "the
reform of public institutions").  A generic actor (category ``actor`` of the reference data)
is a mention only where the text makes it act (cue words in ``entity-patterns.toml``,
section ``[actors]``):

* **subject of a modal** at the start of a clause: "all member units and relevant
  departments *should* …", "State-owned enterprises and institutions … *are allowed to* …";
* **addressee of a control verb**: "*Support* the military *to* …", "*Guide and encourage*
  banking financial institutions *to* …", "*Encourage* newly established central enterprises
  and their branches in the western region *to* register" — nothing but modifiers between
  the verb and the actor (no "of", "for", "between" …), and a "to" after it in the same clause;
* **source of assistance**: "targeted *assistance from* central and state organs", "*support
  from* X"; and "*the support of* X" where the support is the supporter's own — after "with",
  "under", "through", "by" or "thanks to" ("*with the support of* universities") or as the
  object of a control verb ("*Encourage the support of* universities and local colleges to …",
  鼓励高校支持…); elsewhere "the support of X" is as often support *for* X ("increase the
  support of poor areas", 加大对贫困地区的支持) and counts for nothing.  X may be any member
  of a coordination after the preposition ("support of ministries and universities");
* **agent of a passive**: "the organizational system *led by* party organizations";
* **holder of a role**: "the leading *role of* party organizations at all levels";
* **member of a list** with one that acts: "central and state organs, enterprises and
  institutions".

A bare "institutions" is an actor only in the coordinations 企事业单位 "enterprises and
institutions" and 机关事业单位 "government agencies and institutions", where it is the public
institutions (事业单位): :func:`coordinated` reads it after "<an enterprise or government
actor> and", as a mention of its own (so the two actors are two mentions, and "what does the
text ask of public institutions?" finds them).  Elsewhere it names nothing.

In a Chinese text the same test is read from the Chinese cue words of the analyse stage's
lexicon (``zh_obligations.csv``, ``zh_cues.csv``, issue 12 point 6): a generic actor acts when,
in its clause, a modal or a role cue follows it within a few characters (各地区各部门要,
有关部门牵头, 有关部门配合, 企业参与, 地方党委和政府负责) or a partner or control word comes
just before it (由…, 会同…, 支持…, 鼓励…, 引导…), with no 的 between.

Categories of people (cadres, civil servants, the masses) are never entities.  Named bodies
are not filtered: a body counts wherever it is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from ..lexicon import zh

from .candidates import RANK_GAZETTEER, Candidate, Context

_PREPOSITIONS = {
    "of", "for", "with", "to", "in", "into", "from", "between", "on", "by", "at", "among", "through", "under",
}
_SKIPPABLE_BEFORE = {"the", "all", "and", "or"}
#: how many tokens before an actor the "of"/"from" of "the support of X" may stand: the
#: modifiers and coordinated nouns of one noun phrase ("of ministries and universities and local colleges")
_COORDINATION_REACH = 8


def is_actor(cand: Candidate) -> bool:
    """Does the candidate name a generic actor?"""
    return any(k.startswith("actor/") for k in cand.keys)


def coordinated(ctx: Context, found: Iterable[Candidate]) -> Iterator[Candidate]:
    """Bare words that name an actor after "<an actor of the right kind> and": the
    "institutions" of "enterprises and institutions", "government agencies and institutions"."""
    rule = ctx.lexicon.actors.coordinated
    ref = ctx.reference
    ends = {
        c.last
        for c in found
        if c.keys and all(k in ref and ref[k].category == "actor" and ref[k].kind in rule.after_kinds for k in c.keys)
    }
    for i, word in enumerate(ctx.words):
        if word in rule.words and ctx.word(i - 1) in {"and", "or"} and i - 2 in ends and not ctx.hyphen_after(i):
            yield Candidate(i, i, (rule.key,), "coordination", RANK_GAZETTEER)


def keep(ctx: Context, actors: list[Candidate]) -> set[int]:
    """Indices into ``actors`` of the generic-actor candidates that act."""
    people = ctx.lexicon.people
    acting = {
        i
        for i, cand in enumerate(actors)
        if not set(cand.keys) <= people
        and any(rule(ctx, cand) for rule in (_subject, _addressee, _source, _agent, _role, _partner, _zh_acts))
    }
    # list members of an acting actor act too
    changed = True
    while changed:
        changed = False
        for i, cand in enumerate(actors):
            if i in acting or set(cand.keys) <= people:
                continue
            if any(j in acting and _coordinated(ctx, actors[j], cand) for j in range(len(actors))):
                acting.add(i)
                changed = True
    return acting


def _coordinated(ctx: Context, a: Candidate, b: Candidate) -> bool:
    left, right = (a, b) if a.last < b.first else (b, a)
    if not 0 < right.first - left.last - 1 <= 3:
        return False
    return all(ctx.word(j) in {",", "and", "or", "the"} for j in range(left.last + 1, right.first))


@cache
def _zh_cues() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    lex = zh()
    after = [w for w, ob in lex.modals.items() if ob in ("must", "should", "prohibit", "may")]
    after += [*lex.cues.get("lead-after", ()), *lex.cues.get("cooperate-after", ())]
    before = [*lex.cues.get("lead-before", ()), *lex.cues.get("cooperate-before", ()), *lex.cues.get("addressee-verb", ())]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))  # noqa: E731
    return (
        re.compile(rf"[^，,；;：:。！？的]{{0,12}}?(?:{alt(after)})"),
        re.compile(rf"(?:{alt(before)})[^，,；;：:。！？的]{{0,12}}$"),
        frozenset(lex.cues.get("not-modal", ())),
    )


def _zh_acts(ctx: Context, cand: Candidate) -> bool:
    """A generic actor of a Chinese text before a modal or role cue, or after a partner or control word."""
    text = ctx.document.text
    begin, end = ctx.tokens[cand.first].begin, ctx.tokens[cand.last].end
    if not ("\u4e00" <= text[begin] <= "\u9fff"):
        return False
    after, before, not_modal = _zh_cues()
    m = after.match(text, end, min(len(text), end + 16))
    if m and not any(text.startswith(w, p) for p in range(max(end, m.end() - 4), m.end()) for w in not_modal):
        return True
    return bool(before.search(text, max(0, begin - 12), begin))


def _subject(ctx: Context, cand: Candidate) -> bool:
    """Subject of a modal: opens a clause (or follows "and") and a modal follows in the clause."""
    cues = ctx.lexicon.actors
    i = cand.first - 1
    while i >= 0 and ctx.word(i) in {"the", "all"}:
        i -= 1
    if not (ctx.opens_clause(i + 1) or ctx.word(i) in {"and", "or"}):
        return False
    for j in range(cand.last + 1, min(len(ctx.tokens), cand.last + 1 + cues.window)):
        word = ctx.word(j)
        if word in cues.clause_breaks:
            return False
        if word in cues.modals:
            return True
        if word in {"are", "is", "be"} and ctx.word(j + 1) in cues.passive_allow:
            return True
    return False


def _addressee(ctx: Context, cand: Candidate) -> bool:
    """Addressee of a control verb: "Support X to …" with only modifiers between."""
    cues = ctx.lexicon.actors
    i = cand.first - 1
    verb_found = False
    while i >= 0 and i >= cand.first - cues.window:
        word = ctx.word(i)
        if word in cues.control_verbs:
            verb_found = True
            # "Guide and encourage X": keep looking over a chain of control verbs
            if ctx.word(i - 1) in {"and", "or"} and ctx.word(i - 2) in cues.control_verbs:
                i -= 2
                continue
            break
        if word in _PREPOSITIONS or word in cues.clause_breaks or word in cues.modals:
            return False
        i -= 1
    if not verb_found:
        return False
    for j in range(cand.last + 1, min(len(ctx.tokens), cand.last + 1 + cues.window)):
        word = ctx.word(j)
        if word in cues.clause_breaks:
            return False
        if word == "to":
            return ctx.tokens[j + 1].is_word if j + 1 < len(ctx.tokens) else False
        if word in {"into", "for", "with", "between"}:
            return False
    return False


def _introducer(ctx: Context, cand: Candidate, found: Callable[[int], bool], prepositions: bool) -> int | None:
    """The token before ``cand`` (within a coordination, up to ``_COORDINATION_REACH`` tokens
    back) where ``found`` holds, or None when a clause break, a modal, a control verb, a
    punctuation mark or (with ``prepositions``) another preposition comes first."""
    cues = ctx.lexicon.actors
    i = cand.first - 1
    while i >= 0 and i >= cand.first - _COORDINATION_REACH:
        if found(i):
            return i
        word = ctx.word(i)
        if (
            (prepositions and word in _PREPOSITIONS)
            or word in cues.clause_breaks
            or word in cues.modals
            or word in cues.control_verbs
            or not ctx.tokens[i].is_word
        ):
            return None
        i -= 1
    return None


def _partner(ctx: Context, cand: Candidate) -> bool:
    """Partner of a directive: "together with X", "in conjunction with the Ministry of
    Transport and X" (会同); X may stand anywhere in a coordination after the phrase."""
    phrases = ctx.lexicon.actors.partner_after

    def ends_phrase(i: int) -> bool:
        return any(all(ctx.word(i - len(p) + 1 + k) == w for k, w in enumerate(p)) for p in phrases)

    return _introducer(ctx, cand, ends_phrase, prepositions=False) is not None


def _source(ctx: Context, cand: Candidate) -> bool:
    """Source of assistance: "assistance from X", "with the support of X", "Encourage the
    support of X to …"; X may stand anywhere in a coordination after the preposition."""
    i = _introducer(ctx, cand, lambda j: ctx.word(j) in {"from", "of"}, prepositions=True)
    if i is None or ctx.word(i - 1) not in ctx.lexicon.actors.source_nouns:
        return False
    if ctx.word(i) == "from":
        return True
    return _own_support(ctx, i - 1)


def _own_support(ctx: Context, noun: int) -> bool:
    """Is "the <source noun> of X" (noun at token ``noun``) the support X gives: after "with",
    "under", "through", "by", "thanks to" or a control verb, over "the", a few modifiers and
    other source nouns ("with the strong support and help of")?"""
    cues = ctx.lexicon.actors
    i = noun - 1
    while ctx.word(i) in {"and", "or"} and ctx.word(i - 1) in cues.source_nouns:
        i -= 2
    for _ in range(3):  # at most three words of modifiers: "the strong support of", "the full and strong support of"
        word = ctx.word(i)
        if i < 0 or word == "the" or not ctx.tokens[i].is_word or word in _PREPOSITIONS or word in cues.control_verbs:
            break
        i -= 1
    if ctx.word(i) != "the":
        return False
    before = ctx.word(i - 1)
    if before in cues.own_support_after or before in cues.control_verbs:
        return True
    return before == "to" and ctx.word(i - 2) == "thanks"


def _agent(ctx: Context, cand: Candidate) -> bool:
    """Agent of a passive: "led by X", "organized by X"."""
    i = cand.first - 1
    while ctx.word(i) in {"the", "all"}:
        i -= 1
    participle = ctx.word(i - 1)
    return ctx.word(i) == "by" and (participle.endswith("ed") or participle in {"led", "run", "held", "built", "made"})


def _role(ctx: Context, cand: Candidate) -> bool:
    """Holder of a role: "the (leading) role of X"."""
    i = cand.first - 1
    while ctx.word(i) in {"the", "all"}:
        i -= 1
    return ctx.word(i) == "of" and ctx.word(i - 1) in ctx.lexicon.actors.role_nouns
