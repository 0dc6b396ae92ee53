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
* **source of assistance**: "targeted *assistance from* central and state organs";
* **agent of a passive**: "the organizational system *led by* party organizations";
* **holder of a role**: "the leading *role of* party organizations at all levels";
* **member of a list** with one that acts: "central and state organs, enterprises and
  institutions".

Categories of people (cadres, civil servants, the masses) are never entities.  Named bodies
are not filtered: a body counts wherever it is named.
"""

from __future__ import annotations

from .candidates import Candidate, Context

_PREPOSITIONS = {
    "of", "for", "with", "to", "in", "into", "from", "between", "on", "by", "at", "among", "through", "under",
}
_SKIPPABLE_BEFORE = {"the", "all", "and", "or"}


def is_actor(cand: Candidate) -> bool:
    """Does the candidate name a generic actor?"""
    return any(k.startswith("actor/") for k in cand.keys)


def keep(ctx: Context, actors: list[Candidate]) -> set[int]:
    """Indices into ``actors`` of the generic-actor candidates that act."""
    people = ctx.lexicon.people
    acting = {
        i
        for i, cand in enumerate(actors)
        if not set(cand.keys) <= people
        and any(rule(ctx, cand) for rule in (_subject, _addressee, _source, _agent, _role))
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


def _source(ctx: Context, cand: Candidate) -> bool:
    """Source of assistance: "assistance from X"."""
    i = cand.first - 1
    while ctx.word(i) in {"the", "all"}:
        i -= 1
    return ctx.word(i) == "from" and ctx.word(i - 1) in ctx.lexicon.actors.source_nouns


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
