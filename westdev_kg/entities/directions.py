"""Direction words that name China's macro-regions ("the West", "eastern and central regions").

Rules (word lists in ``entity-patterns.toml``, section ``[directions]``)
-----------------------------------------------------------------------
* **Coordinations name every member.**  Two or more direction words joined by commas,
  "and" or "or" (each may have "the"): "eastern and central regions", "the East and the
  West", "between east and west", "the east, middle and west", "the northwest and southwest
  regions".  Each word is its own mention of its region; "middle" and "central" count only here.
* **Adjectives alone** ("western clean energy advantages", "western poor areas", the garble
  "western United States") name the region, unless the next word is a place name
  ("western Sichuan" is a part of Sichuan) or a word of the West abroad ("Western countries").
* **Nouns alone** ("in the west", "tilted to the west") need "the" before them and no "of"
  after them ("the west of Sichuan" is a direction).
* **Never** a word joined by a hyphen ("west-facing", "east-west", "north-south",
  "west-to-east", "lower-middle-income"), and never "central" alone (the central
  government, central enterprises, central cities, central and local).
"""

from __future__ import annotations

from collections.abc import Iterator

from .candidates import RANK_DIRECTION, Candidate, Context

_SEPARATORS = {",", "and", "or"}


def _direction(ctx: Context, index: int) -> str | None:
    """The macro-region key of a direction word at ``index`` not joined by a hyphen, or None."""
    key = ctx.lexicon.directions.regions.get(ctx.word(index))
    if key is None or ctx.hyphen_before(index) or ctx.hyphen_after(index):
        return None
    return key


def _chain(ctx: Context, start: int) -> list[int]:
    """Indices of the direction words coordinated with the one at ``start`` (itself first)."""
    members = [start]
    i = start + 1
    while True:
        j, separated = i, False
        while ctx.word(j) in _SEPARATORS:
            j, separated = j + 1, True
        if ctx.word(j) == "the":
            j += 1
        if separated and _direction(ctx, j) is not None:
            members.append(j)
            i = j + 1
        else:
            return members


def _alone_ok(ctx: Context, index: int) -> bool:
    """May the direction word at ``index`` name its region outside a coordination?"""
    dirs = ctx.lexicon.directions
    word, nxt = ctx.word(index), ctx.word(index + 1)
    if word in dirs.alone:
        if index + 1 >= len(ctx.tokens) or not ctx.tokens[index + 1].is_word or nxt in dirs.not_before:
            return False
        following = ctx.tokens[index + 1]
        hit = ctx.gazetteer.longest_at(ctx.tokens, index + 1) if following.capitalised else None
        return not (hit and any(k.startswith("region/") for k in hit.keys))
    if word in dirs.after_the:
        return ctx.word(index - 1) == "the" and nxt != "of"
    return False


def candidates(ctx: Context) -> Iterator[Candidate]:
    """Every direction word that names a macro-region, as a one-token candidate."""
    done: set[int] = set()
    regions = ctx.lexicon.directions.regions
    for i, word in enumerate(ctx.words):
        if word not in regions or i in done or _direction(ctx, i) is None:
            continue
        chain = _chain(ctx, i)
        done.update(chain)
        members = chain if len(chain) > 1 else [i] if _alone_ok(ctx, i) else []
        for j in members:
            key = _direction(ctx, j)
            assert key is not None
            yield Candidate(j, j, (key,), "direction", RANK_DIRECTION, components=())
