"""Compound names: pairings of places, distributive plurals, lists, and the parts a name writes.

Rules
-----
* **Ad-hoc pairings.**  Place names joined by hyphens ("Sichuan-Chongqing",
  "Sichuan-Yunnan-Guizhou", "Chengdu-Chongqing area") that no list or pattern knows as a
  whole are one mention of no entity (``entity=""``) whose components are the places.
  A name with a non-place part ("Sichuan-based") is not a pairing; its place stays a mention.
* **Distributive plurals.**  "Chengdu-Chongqing and Guanzhong Plain urban agglomerations"
  names two urban agglomerations: each name before the shared plural head is read with the
  head ("Chengdu-Chongqing urban agglomeration") and looked up, or minted by the head's
  pattern when it holds a place.
* **Homogeneous lists.**  In a list of names ("Beibu Gulf, Lanzhou-Xining, Hubao Eyu, …")
  where most items are of one kind, an item that is a place or pairing of another kind is
  read as the entity of the majority kind made of exactly those places, when there is one
  ("Beibu Gulf" → the Beibu Gulf urban agglomeration; "Sichuan-Shaanxi" among old
  revolutionary base areas → the Sichuan-Shaanxi base area).
* **Parts of a name** (:func:`components`).  A mention's components are the places and
  bodies a compound name writes in full ("State Council" in "Leading Group … of the State
  Council", "Mongolia" and "Russia" in the China-Mongolia-Russia Economic Corridor), never
  the country and party the text speaks for, nor the entity itself.  Compound names are
  minted names, bodies, reference entities that list components, and hyphen pairings of
  places inside any name ("China-Europe"); elsewhere a place inside a place's name is a
  word of that name ("Mongolia" in "Inner Mongolia", "Tarim" in "Tarim Basin").  A body
  named inside a body's name brings its own parts.  When the reference lists
  the administrative parts of a compound, another administrative place read inside its name
  is a misreading and is dropped ("Ningbo" in the garble "West (Ningbo) Chengdu (Capital)
  Railway").  A name that spells no place (an abbreviation: "Yukun", "Hubao Eyu",
  "Shaan-Gan-Ning") stands for the reference components that are administrative divisions
  or countries; a natural feature named after rivers ("Fenwei Plain") does not stand for them.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ..model import Entity
from ..reference import Reference
from .candidates import RANK_COMPOUND, Candidate, Context
from .tokens import singular

_LIST_SEPARATORS = {",", "and", "or"}


def _region_keys(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(k for k in keys if k.startswith("region/"))


# -- ad-hoc pairings ------------------------------------------------------------------------


def pairings(ctx: Context) -> Iterator[Candidate]:
    """Hyphen-joined place names that form no known name, as component-only candidates."""
    toks = ctx.tokens
    i = 0
    while i < len(toks):
        if not (toks[i].capitalised and i + 1 < len(toks) and toks[i + 1].attached):
            i += 1
            continue
        parts = _hyphen_parts(ctx, i)
        if len(parts) >= 2:
            first, last = parts[0][0], parts[-1][1]
            if not _non_place_tail(ctx, last):
                yield Candidate(first, last, ("",), "compound", RANK_COMPOUND, components=None)
            i = last + 1
        else:
            i += 1


def _hyphen_parts(ctx: Context, start: int) -> list[tuple[int, int]]:
    """Token ranges of the place names joined by hyphens from ``start`` (one range when none)."""
    toks = ctx.tokens
    if not toks[start].capitalised or ctx.hyphen_before(start):
        return []
    parts: list[tuple[int, int]] = []
    i = start
    while i < len(toks):
        hit = ctx.gazetteer.longest_at(toks, i)
        if hit is None or not _region_keys(hit.keys):
            break
        # the part ends at the hyphen: a label such as "Lancang-Mekong" may itself hold one
        parts.append((i, hit.last))
        if ctx.hyphen_after(hit.last) and toks[hit.last + 2].capitalised:
            i = hit.last + 2
        else:
            break
    return parts


def _non_place_tail(ctx: Context, last: int) -> bool:
    """Does a lower-case word follow the last place by a hyphen ("Sichuan-based")?"""
    return ctx.hyphen_after(last) and not ctx.tokens[last + 2].capitalised


# -- distributive plurals -------------------------------------------------------------------


MintName = Callable[[str], "Entity | None"]
PartsOf = Callable[[Candidate], tuple[str, ...]]
Resolve = Callable[[tuple[str, ...]], "str | None"]


def distribute(ctx: Context, found: list[Candidate], mint_name: MintName) -> list[Candidate]:
    """Candidates for the names that share the plural head of a found candidate."""
    out: list[Candidate] = []
    by_last = {c.last: c for c in found}
    for cand in found:
        head = _plural_head(ctx, cand)
        if head is None:
            continue
        i = cand.first - 1
        while i >= 0 and ctx.word(i) in _LIST_SEPARATORS:
            j = i - 1
            while j >= 0 and ctx.word(j) in _LIST_SEPARATORS:
                j -= 1
            item = by_last.get(j)
            if item is None or item.method == "direction":
                break  # "East and West Free Trade Pilot Zones" are no named zones
            extra = _read_with_head(ctx, item, head, mint_name)
            if extra is None:
                break
            out.append(extra)
            i = item.first - 1
    return out


def _plural_head(ctx: Context, cand: Candidate) -> str | None:
    """The generic head a candidate ends with when it is plural ("urban agglomerations"), singular."""
    toks = ctx.tokens
    last = toks[cand.last]
    one = singular(last.text.lower()) if last.is_word else None
    if one is None:
        return None
    for pattern in ctx.lexicon.patterns:
        if pattern.prefix:
            continue
        for head in pattern.heads:
            words = head.split()
            if words[-1].lower() != one:
                continue
            n = len(words)
            surface = [t.text.lower() for t in toks[cand.last - n + 1 : cand.last]] + [one]
            if surface == [w.lower() for w in words] and cand.last - n + 1 > cand.first:
                return head if head[0].isupper() == toks[cand.last - n + 1].capitalised else None
    return None


def _read_with_head(ctx: Context, item: Candidate, head: str, mint_name: MintName) -> Candidate | None:
    """``item`` read with the shared ``head``: a known name, or one a pattern mints, or None."""
    if not any(k == "" or k.startswith("region/") for k in item.keys):
        return None
    name = f"{ctx.surface(item.first, item.last)} {head}"
    keys = ctx.gazetteer.lookup(name)
    parts = item.components if item.keys == ("",) else None
    if keys:
        return Candidate(item.first, item.last, keys, "distributive", RANK_COMPOUND, components=parts)
    minted = mint_name(name)
    if minted is None:
        return None
    return Candidate(item.first, item.last, (minted.key,), "distributive", RANK_COMPOUND, minted=minted)


# -- homogeneous lists ---------------------------------------------------------------------


def coerce_lists(ctx: Context, chosen: list[Candidate], parts_of: PartsOf) -> list[Candidate]:
    """``chosen`` (sorted, not overlapping) with odd items of homogeneous lists re-read."""
    ref = ctx.reference
    by_parts = _compounds_by_parts(ref)
    out = list(chosen)
    for group in _lists(ctx, chosen):
        kinds = Counter(_kind(ref, out[i]) for i in group)
        kind, count = kinds.most_common(1)[0]
        if kind is None or count * 2 <= len(group) or count == len(group):
            continue
        for i in group:
            cand = out[i]
            if _kind(ref, cand) == kind:
                continue
            places = frozenset(parts_of(cand))
            matches = [k for k in by_parts.get(places, ()) if ref[k].kind == kind]
            if len(matches) == 1:
                out[i] = cand.reread(matches[0], "list", tuple(sorted(places)))
    return out


def _kind(ref: Reference, cand: Candidate) -> str | None:
    """The one kind a candidate's keys share, or None."""
    if cand.minted is not None:
        return cand.minted.kind
    kinds = {ref[k].kind for k in cand.keys if k in ref}
    return kinds.pop() if len(kinds) == 1 else None


def _lists(ctx: Context, chosen: list[Candidate]) -> Iterator[list[int]]:
    """Indices into ``chosen`` of runs of three or more names separated only by , and or the."""
    run: list[int] = []
    for i, cand in enumerate(chosen):
        if run and _separated(ctx, chosen[run[-1]].last, cand.first):
            run.append(i)
            continue
        if len(run) >= 3:
            yield run
        run = [i]
    if len(run) >= 3:
        yield run


def _separated(ctx: Context, left_last: int, right_first: int) -> bool:
    """Are two names separated only by commas, "and", "or" and "the"?"""
    if not 0 < right_first - left_last - 1 <= 4:
        return False
    return all(ctx.word(j) in _LIST_SEPARATORS or ctx.word(j) == "the" for j in range(left_last + 1, right_first))


@functools.lru_cache(maxsize=2)
def _compounds_by_parts(ref: Reference) -> dict[frozenset[str], tuple[str, ...]]:
    """Reference entities by the set of their components (built once per reference)."""
    out: dict[frozenset[str], list[str]] = {}
    for key, entity in ref.entities.items():
        if entity.components:
            out.setdefault(frozenset(entity.components), []).append(key)
    return {k: tuple(sorted(v)) for k, v in out.items()}


# -- the parts a name writes -----------------------------------------------------------------


def components(
    ctx: Context, first: int, last: int, entity: Entity | None, resolve: Resolve, depth: int = 0
) -> tuple[str, ...]:
    """Keys of the places and bodies a name in tokens ``[first, last]`` writes (see module rules)."""
    lex, ref = ctx.lexicon, ctx.reference
    own = entity.key if entity is not None else ""
    inside = ctx.tokens[first : last + 1]
    found: list[str] = []
    for hit in ctx.gazetteer.scan(inside, exclude=frozenset({own})):
        keys = tuple(k for k in hit.keys if k.startswith(("region/", "body/")) and k not in lex.never_components)
        key = resolve(keys) if keys else None
        if key is None or not _counts_inside(ctx, entity, first + hit.first, first + hit.last, first, last):
            continue
        found.append(key)
        if depth < 2 and key.startswith("body/"):
            # a body named inside a body's name brings its own parts ("Office of the … Leading
            # Group of the State Council")
            inner = ref.entities.get(key)
            found.extend(components(ctx, first + hit.first, first + hit.last, inner, resolve, depth + 1))
    if entity is not None and entity.components:
        admin = {c for c in entity.components if _administrative(ctx, c)}
        if admin:
            found = [k for k in found if k in admin or not _administrative(ctx, k)]
        if not found:
            found = [c for c in entity.components if _administrative(ctx, c) and c not in lex.never_components]
    return tuple(sorted(set(found) - {own}))


def _counts_inside(ctx: Context, entity: Entity | None, a: int, b: int, first: int, last: int) -> bool:
    """Is the name at tokens ``[a, b]`` inside the name ``[first, last]`` a part of it?

    Parts are read inside compound names: minted names (their modifier), bodies (the parent
    body and the region they serve), reference entities that list components, and hyphen
    pairings of places inside any name ("China-Europe").  Elsewhere a place inside a place's
    name is that name's own word: "Mongolia" in "Inner Mongolia", "Tarim" in "Tarim Basin".
    """
    if entity is None or not entity.from_reference or entity.category == "body" or entity.components:
        return True
    before = a - 2 >= first and ctx.hyphen_before(a) and ctx.tokens[a - 2].capitalised
    after = b + 2 <= last and ctx.hyphen_after(b) and ctx.tokens[b + 2].capitalised
    return before or after


def _administrative(ctx: Context, key: str) -> bool:
    entity = ctx.reference.entities.get(key)
    return entity is not None and entity.category == "region" and entity.kind in ctx.lexicon.administrative_kinds
