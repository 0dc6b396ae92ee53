"""Stage 3 — extract: find the places, bodies, generic actors and projects a document names.

How it works
------------
1. The text is cut into tokens once (:mod:`.tokens`): quotes, dashes and case are
   normalised for comparison only, so every offset stays an offset into the original text.
2. Candidates come from four sources: the **gazetteer** of every reference label
   (:mod:`.gazetteer`), the **name patterns** that mint entities no list holds
   (:mod:`.patterns`), **hyphen pairings** of places (:mod:`.compounds`) and **direction
   words** that name macro-regions (:mod:`.directions`).  Tokens of false-friend phrases
   ("Jinshan and Yinshan") and of page-footer lines are masked.
3. Gazetteer rules: a common word joined by a hyphen is not a name ("west-facing",
   "enterprise-based"); a bare direction word is left to the direction rules; a strategy
   written only as the nominalisation of the region it is named after ("the development of
   the Yangtze River Economic Belt") is read as the region.
4. Generic actors are kept only where they act (:mod:`.actors`); a bare "institutions"
   right after "<enterprises or government organs> and" (企事业单位, 机关事业单位) is the
   public institutions, a mention of its own.
5. Overlaps: the longest candidate wins; at equal length the gazetteer wins over a pattern,
   a pattern over a compound, a compound over a direction word.  So "Inner Mongolia" is never
   "Mongolia", and two mentions never overlap.
6. Distributive plurals and homogeneous lists re-read their items (:mod:`.compounds`); an
   ambiguous label ("Yulin") takes the key whose containing regions the document names,
   else the administrative kind, and says so in a warning; the document's own country is
   not a mention.
7. Each mention gets the parts its surface writes as ``components``
   (:func:`.compounds.components`); minted entities get their components and the regions
   holding them.
8. Minted keys are distinct for distinct names: the names a document mints are given their
   slugs together (:func:`westdev_kg.names.unique_slugs`), so that two names of one slug
   (Greek and Latin spellings, Chinese homophones) each get the digest of their own name;
   spelling variants of one name (case, dashes, apostrophes) keep one key.

Output: :class:`~westdev_kg.model.Found` with the mentions sorted by span (section and
sentence empty: :mod:`.link` fills them) and the minted entities sorted by key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .. import names, reference
from ..model import Document, Entity, Found, Mention
from ..entities import actors, chinese, compounds, directions, entity_lexicon, gazetteer, listed_projects, patterns
from ..entities.candidates import RANK_GAZETTEER, Candidate, Context
from ..entities.tokens import tokenize

#: kinds preferred when a label is ambiguous and the document gives no hint
_KIND_ORDER = ("province", "autonomous-region", "municipality", "special-administrative-region", "city", "prefecture")


def extract(document: Document) -> Found:
    ctx = Context(document, reference.load(), gazetteer.default(), entity_lexicon.load())
    warnings: list[str] = []
    masked = _masked(ctx)
    found = [c for c in _all_candidates(ctx) if masked.isdisjoint(range(c.first, c.last + 1))]
    chosen = _choose(_acting(ctx, found))
    if note := chinese.unlinked_warning(ctx, chosen):
        warnings.append(note)
    resolve = _Resolver(ctx, chosen, warnings)
    chosen = _distribute(ctx, chosen)
    chosen = compounds.coerce_lists(ctx, chosen, lambda c: _parts(ctx, c, resolve))
    mentions, minted = _assemble(ctx, chosen, resolve)
    return Found(
        mentions=tuple(mentions),
        minted=tuple(sorted(minted.values(), key=lambda e: e.key)),
        warnings=tuple(dict.fromkeys(warnings)),
    )


# -- candidates ------------------------------------------------------------------------------


def _all_candidates(ctx: Context) -> Iterator[Candidate]:
    named = chinese.keep(ctx, list(_gazetteer_candidates(ctx)))
    yield from named
    yield from chinese.candidates(ctx)
    yield from chinese.projects(ctx, named)
    yield from actors.coordinated(ctx, named)
    yield from patterns.candidates(ctx)
    yield from listed_projects.candidates(ctx)
    yield from compounds.pairings(ctx)
    yield from directions.candidates(ctx)


def _gazetteer_candidates(ctx: Context) -> Iterator[Candidate]:
    toks, gaz = ctx.tokens, ctx.gazetteer
    starts = gaz.root
    direction_words = ctx.lexicon.directions.regions
    i = 0
    while i < len(toks):
        if toks[i].key not in starts:
            i += 1
            continue
        hit = gaz.longest_at(toks, i)
        if hit is None:
            i += 1
        elif not toks[i].capitalised and (ctx.hyphen_before(hit.first) or ctx.hyphen_after(hit.last)):
            i += 1  # "west-facing", "enterprise-based": a common word, not a name
        elif hit.first == hit.last and ctx.words[i] in direction_words:
            i += 1  # "the west": a direction word, read by the direction rules
        else:
            yield from _named_after_region(ctx, Candidate(hit.first, hit.last, hit.keys, "gazetteer", RANK_GAZETTEER))
            i = hit.last + 1


def _named_after_region(ctx: Context, cand: Candidate) -> Iterator[Candidate]:
    """A strategy written as "the development of <its region>" yields the region instead."""
    ref, lex = ctx.reference, ctx.lexicon
    entities = [ref[k] for k in cand.keys if k in ref]
    if any(e.label_zh == ctx.surface(cand.first, cand.last) for e in entities):
        yield cand  # a strategy's own Chinese name (粤港澳大湾区建设)
        return
    if not entities or not all(e.category == "project" and e.kind in lex.strategy_kinds for e in entities):
        yield cand
        return
    if {ctx.words[i] for i in range(cand.first, cand.last + 1)} & lex.strategy_own_name_words:
        yield cand  # "… development strategy": the strategy's own name
        return
    inside = ctx.tokens[cand.first : cand.last + 1]
    regions = [
        Candidate(cand.first + h.first, cand.first + h.last, h.keys, "gazetteer", RANK_GAZETTEER)
        for h in ctx.gazetteer.scan(inside, exclude=frozenset(cand.keys))
        if any(k.startswith("region/") for k in h.keys)
    ]
    named_after = {c for e in entities for c in e.components}
    if any(set(r.keys) & named_after for r in regions):
        yield from regions
    else:
        yield cand


def _masked(ctx: Context) -> set[int]:
    """Token indices inside false-friend phrases and page-footer lines."""
    masked: set[int] = set()
    words = ctx.words
    phrases: dict[str, list[list[str]]] = {}
    for phrase in ctx.lexicon.false_friends:
        phrase_words = [t.text.lower() for t in tokenize(phrase)]
        phrases.setdefault(phrase_words[0], []).append(phrase_words)
    for i, word in enumerate(words):
        for phrase_words in phrases.get(word, ()):
            if words[i : i + len(phrase_words)] == phrase_words:
                masked.update(range(i, i + len(phrase_words)))
    for span in ctx.document.footer_spans:
        masked.update(i for i, t in enumerate(ctx.tokens) if span.begin <= t.begin < span.end)
    return masked


def _acting(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """``found`` without the generic actors that do not act (see :mod:`.actors`)."""
    generic = [i for i, c in enumerate(found) if actors.is_actor(c)]
    acting = actors.keep(ctx, [found[i] for i in generic])
    dropped = {i for n, i in enumerate(generic) if n not in acting}
    return [c for i, c in enumerate(found) if i not in dropped]


def _choose(found: Iterable[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then by rank; sorted by position."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for cand in sorted(found, key=lambda c: (-c.length, c.rank, c.first, c.keys)):
        span = range(cand.first, cand.last + 1)
        if taken.isdisjoint(span):
            chosen.append(cand)
            taken.update(span)
    return sorted(chosen, key=lambda c: c.first)


def _distribute(ctx: Context, chosen: list[Candidate]) -> list[Candidate]:
    """``chosen`` with the items before a shared plural head re-read with that head."""
    extra = compounds.distribute(ctx, chosen, lambda name: _mint_name(ctx, name))
    replaced = {(c.first, c.last): c for c in extra}
    return [replaced.get((c.first, c.last), c) for c in chosen]


def _mint_name(ctx: Context, name: str) -> Entity | None:
    """The entity a pattern mints for ``name`` read on its own (a distributive item), or None."""
    doc = ctx.document
    alone = replace(
        doc,
        source=replace(doc.source, text=name, masked=None, headings=frozenset()),
        title_span=None,
        children=(),
        footer_spans=(),
    )
    sub = Context(alone, ctx.reference, ctx.gazetteer, ctx.lexicon)
    for cand in patterns.candidates(sub):
        if cand.first == 0 and cand.last == len(sub.tokens) - 1 and cand.minted is not None:
            return cand.minted
    return None


# -- ambiguity -------------------------------------------------------------------------------


class _Resolver:
    """Chooses one key for an ambiguous label from what else the document names."""

    def __init__(self, ctx: Context, chosen: list[Candidate], warnings: list[str]) -> None:
        self.ref = ctx.reference
        self.warnings = warnings
        self.named = {c.keys[0] for c in chosen if len(c.keys) == 1 and c.keys[0] in self.ref}

    def __call__(self, keys: tuple[str, ...]) -> str | None:
        keys = tuple(k for k in keys if k)
        if len(keys) <= 1:
            return keys[0] if keys else None
        ranked = sorted(keys, key=self._score)
        if self._score(ranked[0])[:2] == self._score(ranked[1])[:2]:
            self.warnings.append(f"ambiguous name: chose {ranked[0]} over {', '.join(ranked[1:])}")
        return ranked[0]

    def _score(self, key: str) -> tuple[int, int, str]:
        """Nearer containing regions named in the document first, then the administrative kinds."""
        entity = self.ref.entities.get(key)
        if entity is None:
            return (0, len(_KIND_ORDER), key)
        near = sum(1 for a in self.ref.ancestors(key)[:2] if a in self.named)
        order = _KIND_ORDER.index(entity.kind) if entity.kind in _KIND_ORDER else len(_KIND_ORDER)
        return (-near, order, key)


# -- mentions --------------------------------------------------------------------------------


def _parts(ctx: Context, cand: Candidate, resolve: _Resolver) -> tuple[str, ...]:
    """The places a candidate consists of: its fixed parts, its pairing's parts, or itself."""
    if cand.components is not None:
        return cand.components
    if cand.keys == ("",):
        return _pairing_parts(ctx, cand, resolve)
    key = resolve(cand.keys)
    return (key,) if key else ()


def _pairing_parts(ctx: Context, cand: Candidate, resolve: _Resolver) -> tuple[str, ...]:
    """The places of an ad-hoc pairing ("Sichuan-Yunnan-Guizhou"), the own country left out."""
    parts = set()
    for hit in ctx.gazetteer.scan(ctx.tokens[cand.first : cand.last + 1]):
        key = resolve(tuple(k for k in hit.keys if k.startswith("region/")))
        if key and key not in ctx.lexicon.never_components:
            parts.add(key)
    return tuple(sorted(parts))


def _assemble(ctx: Context, chosen: list[Candidate], resolve: _Resolver) -> tuple[list[Mention], dict[str, Entity]]:
    """The mentions of the chosen candidates, and the entities they mint."""
    mentions: list[Mention] = []
    minted: dict[str, Entity] = {}
    keys = _minted_keys(ctx, [c.minted for c in chosen if c.minted is not None])
    for cand in chosen:
        entity: Entity | None
        if cand.keys == ("",):
            key, entity = "", None
        elif cand.minted is not None:
            key = keys[cand.minted.category, cand.minted.label_en]
            entity = replace(cand.minted, key=key)
        else:
            key = resolve(cand.keys) or ""
            entity = ctx.reference.entities.get(key)
        if key in ctx.lexicon.not_mentioned:
            continue
        if cand.components is not None:
            parts = cand.components
        elif entity is None:
            parts = _pairing_parts(ctx, cand, resolve)
        else:
            parts = compounds.components(ctx, cand.first, cand.last, entity, resolve)
        if not key and not parts:
            continue
        if entity is not None and cand.minted is not None:
            minted[key] = _complete(ctx, entity, parts)
        mentions.append(Mention(ctx.span(cand.first, cand.last), key, parts, cand.method))
    return mentions, minted


def _minted_keys(ctx: Context, minted: list[Entity]) -> dict[tuple[str, str], str]:
    """(category, name) -> key of every name the document mints: distinct for distinct names,
    none a reference entity's key (:func:`names.unique_slugs`, spelling variants one name)."""
    by_category: dict[str, set[str]] = defaultdict(set)
    for entity in minted:
        by_category[entity.category].add(entity.label_en)
    out: dict[tuple[str, str], str] = {}
    for category, labels in by_category.items():
        prefix = f"{category}/"
        taken = {k[len(prefix) :] for k in ctx.reference.entities if k.startswith(prefix)}
        for label, slug in names.unique_slugs(labels, identity=names.name_key, taken=taken).items():
            out[category, label] = prefix + slug
    return out


def _complete(ctx: Context, entity: Entity, parts: tuple[str, ...]) -> Entity:
    """A minted entity with its components and, for a region, the regions holding it."""
    if entity.category not in ("region", "project"):
        return entity  # wdo:hasComponent links regions and projects; a body's parts stay on its mentions
    comps = tuple(p for p in parts if p.startswith(("region/", "project/")))
    if entity.category != "region":
        return replace(entity, components=comps)
    located = _smallest_holding(ctx, [p for p in comps if p.startswith("region/")])
    return replace(entity, components=comps, located_in=located)


def _smallest_holding(ctx: Context, places: list[str]) -> tuple[str, ...]:
    """The smallest regions holding every one of ``places`` (themselves included), all in the
    document's own country; () when a place is abroad or unknown."""
    ref, country = ctx.reference, ctx.lexicon.own_country
    lines = [{p, *ref.ancestors(p)} for p in places if p in ref]
    if not lines or len(lines) != len(places) or not all(country in line for line in lines):
        return ()
    common = set.intersection(*lines)
    lowest = {c for c in common if not any(c in ref.ancestors(d) for d in common if d != c)}
    return tuple(sorted(lowest))
