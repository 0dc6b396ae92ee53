"""Programmes named without their head in a list of projects (issue 11, point 5).

Rule
----
Translations list programmes by their bare names after a generic head: "key ecological
projects such as soil and water conservation, natural forest protection, returning farmland to
forests and grasslands …".  Inside such a list (after "projects", "programmes", "programs" or
"campaigns" followed by "such as" or "including", up to the end of the clause: ".", ";" or
":"), an item that is the name of a reference programme without its head word ("Natural Forest
Protection Program" → "natural forest protection") names that programme.  Elsewhere the bare
words are ordinary prose ("strengthen natural forest protection") and name nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ..reference import Reference
from .candidates import RANK_PATTERN, Candidate, Context
from .tokens import label_keys

_LIST_HEADS = frozenset({"projects", "programmes", "programs", "campaigns", "initiatives"})
_OPENERS = (("such", "as"), ("including",))
_HEADS = frozenset({"program", "programme", "project"})
_KINDS = frozenset({"programme", "project", "campaign"})
_CLAUSE_END = frozenset({".", ";", ":", "!", "?"})


@functools.lru_cache(maxsize=2)
def headless(ref: Reference) -> dict[tuple[str, ...], str]:
    """Token keys of each programme name without its head word -> the programme's key."""
    out: dict[tuple[str, ...], str] = {}
    for key in sorted(ref.entities):
        e = ref.entities[key]
        if e.category != "project" or e.kind not in _KINDS:
            continue
        for label in (e.label_en, *e.alt_labels):
            words = tuple(w.lower() for w in label_keys(label))
            if len(words) >= 3 and words[-1] in _HEADS:
                out.setdefault(words[:-1], key)
    return out


def candidates(ctx: Context) -> Iterator[Candidate]:
    names = headless(ctx.reference)
    longest = max((len(k) for k in names), default=0)
    words = ctx.words
    for i, word in enumerate(words):
        if word not in _LIST_HEADS:
            continue
        start = _opened(words, i + 1)
        if start is None:
            continue
        j = start
        while j < len(words) and words[j] not in _CLAUSE_END:
            hit = next(
                (n for n in range(min(longest, len(words) - j), 0, -1) if tuple(words[j : j + n]) in names),
                0,
            )
            if hit:
                yield Candidate(j, j + hit - 1, (names[tuple(words[j : j + hit])],), "list-of-projects", RANK_PATTERN)
                j += hit
            else:
                j += 1


def _opened(words: list[str], at: int) -> int | None:
    for opener in _OPENERS:
        if tuple(words[at : at + len(opener)]) == opener:
            return at + len(opener)
    return None
