"""The words of a clause, read from a position: the next words, the blanks and quotes to
skip, and the conjunctions, adverbs ("Actively", "Further", any "-ly" word) and light prefixes
("We will", "Continue to", "It is necessary to") before a verb, which may set its obligation.

Phrase lists come from :mod:`westdev_kg.lexicon`; :func:`phrase_re` and :func:`cue_map` read
them once.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import Cue, cues, phrases, verbs



@cache
def phrase_re(kind: str) -> re.Pattern[str]:
    """Any phrase of the lexicon's list ``kind``, as a whole word, case ignored."""
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases(kind) if p != "*ly"]
    return re.compile(r"(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@cache
def cue_map(kind: str) -> dict[str, Cue]:
    """The cues of the list ``kind`` by their phrase, as :func:`norm` writes it."""
    return {re.sub(r"\s+", " ", c.phrase.lower()): c for c in cues().get(kind, ())}


def norm(text: str) -> str:
    """Lower case, each run of white space one space."""
    return re.sub(r"\s+", " ", text.lower())


_NEXT_WORD = re.compile(r"[^A-Za-z]*?([A-Za-z][A-Za-z'’-]*)")
_LY = re.compile(r"([A-Za-z]+ly)\s+")
_AND = re.compile(r"and\s+")
CONJ_AT = re.compile(r"(?:and|as\s+well\s+as|but\s+also|while|or|and\s+then)\s+", re.IGNORECASE)
_SPACE_AT = re.compile(r"[\s\"“”'‘’]*")


def words_from(text: str, pos: int, limit: int = 4) -> list[tuple[str, int, int]]:
    """Up to ``limit`` words from ``pos``: (lower-case word, begin, end)."""
    out = []
    for _ in range(limit):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            break
        out.append((m[1].lower().replace("’", "'"), m.start(1), m.end(1)))
        pos = m.end(1)
    return out


def skip_space(text: str, pos: int) -> int:
    """``pos`` moved past blanks and quotes."""
    return _SPACE_AT.match(text, pos).end()  # type: ignore[union-attr]


@cache
def _modifier_starts() -> frozenset[str]:
    """First words of every conjunction, adverb and light prefix (for the fast path)."""
    firsts = {"and", "as", "but", "while", "or"}
    for kind in ("adverb", "light"):
        firsts.update(p.split()[0].lower() for p in phrases(kind) if p != "*ly")
    return frozenset(firsts)


def skip_modifiers(text: str, pos: int) -> tuple[int, str | None]:
    """Skip conjunctions, adverbs and light prefixes; return the new position and any obligation they set."""
    first = _NEXT_WORD.match(text, pos)
    if first is not None:
        word = first[1].lower()
        if word not in _modifier_starts() and not word.endswith("ly"):
            return first.start(1), None  # nothing to skip (the common case)
    obligation: str | None = None
    adverbs = phrase_re("adverb")
    lights = phrase_re("light")
    light_map = cue_map("light")
    vl = verbs()
    n = len(text)
    for _ in range(12):
        pos = skip_space(text, pos)
        if m := CONJ_AT.match(text, pos):
            pos = m.end()
            continue
        if (m := lights.match(text, pos)) and m.end() < n:
            cue = light_map[norm(m[0])]
            if cue.obligation:
                obligation = cue.obligation
            pos = m.end()
            continue
        if (m := adverbs.match(text, pos)) and m.end() < n:
            pos = m.end()
            continue
        if m := _LY.match(text, pos):
            following = words_from(text, m.end(), 2)
            words = [w for w, _, _ in following]
            if words and (vl.any_form(words) or words[0] == "and" or adverbs.match(text, following[0][1])):
                pos = m.end()
                continue
        if (m := _AND.match(text, pos)) and adverbs.match(text, m.end()):
            pos = m.end()
            continue
        break
    return pos, obligation


@cache
def insertion_re() -> re.Pattern[str]:
    """A comma-delimited insertion naming who co-operates: "together with X", "in conjunction with X"."""
    alternatives = "|".join(re.escape(c.phrase).replace(r"\ ", r"\s+") for c in cues().get("cooperation", ()))
    return re.compile(rf"\s*(?:{alternatives})\s", re.IGNORECASE)
