"""Minting: the entity a name that no list holds becomes, and its key.

Rules
-----
* **The label** is the name as written, normalised: ASCII dashes, no quotation marks, one
  space, no leading "the", a hard-wrapped hyphen joined ("Chongqing-⏎Wanzhou"), and the head
  in the singular when it is the plural of a head of the lexicon ("demonstration bases" →
  "demonstration base", by :func:`.tokens.singular`), so that both name one entity.
* **The key** is ``<category>/<slug of the label>`` (``project/lhasa-nyingchi-railway``), the
  slug of :mod:`westdev_kg.names`: "+" is spelled "plus", a Chinese name is read in pinyin
  (``project/hu-lian-wang-plus-yi-liao-jian-kang-demonstration-area``), a long one is cut
  and gets a digest.  Spelling variants of one name (case, dashes, apostrophes:
  :func:`westdev_kg.names.name_key`) share a key; two distinct names of one slug in a document
  each get the digest of their own name (:func:`westdev_kg.stages.extract`).
* **A reference entity keeps its one key.**  A name the gazetteer knows is that entity; so is
  a spelling of one of its names whose readable slug is its key.  A name whose slug is a
  reference key but that names another thing gets its digest instead.
* ``components`` are the known places inside the name (a body keeps its parts on its mentions
  only: ``wdo:hasComponent`` links regions and projects); a minted region is ``located_in``
  the smallest regions holding all those places when they are all in China (see
  :mod:`westdev_kg.stages.extract`).
"""

from __future__ import annotations

import re

from .. import names
from ..model import Entity
from .candidates import RANK_PATTERN, Candidate, Context
from .tokens import label_keys, normalise, singular


def _names_of(entity: Entity, name: str) -> bool:
    """Is ``name`` a spelling of one of the entity's names (:func:`names.name_key`)?"""
    key = names.name_key(name)
    return any(names.name_key(label) == key for label in (entity.label_en, *entity.alt_labels))


def key_of(category: str, name: str) -> str:
    """The key a minted name gets on its own: ``<category>/<slug>`` ("Xi'an-Chengdu Railway" ->
    ``project/xian-chengdu-railway``); spelling variants of one name (:func:`names.name_key`)
    share the digest of a lossy slug."""
    return f"{category}/{names.slug(name, identity=names.name_key(name))}"


_WRAPPED_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)")


def label(ctx: Context, first: int, last: int) -> str:
    """The name as written: ASCII dashes, no quotation marks, single spaces, no leading "the", head singular."""
    toks = ctx.tokens
    if toks[first].key == "the" and first < last:
        first += 1
    surface = _WRAPPED_HYPHEN.sub("-", normalise(ctx.surface(first, last)))  # "Chongqing-⏎Wanzhou"
    text = " ".join(surface.replace('"', " ").split())
    final = toks[last]
    one = singular(final.text) if final.is_word and final.text.isalpha() and not final.text.isupper() else None
    if one is not None and _is_head_plural(ctx, final.key):
        text = text[: len(text) - len(final.text)] + one
    return text


def _is_head_plural(ctx: Context, word: str) -> bool:
    one = singular(word)
    return one is not None and any(
        label_keys(h)[-1].lower() == one for p in ctx.lexicon.patterns for h in p.heads
    )


def mint(ctx: Context, first: int, last: int, category: str, kind: str, name: str) -> Candidate:
    """The candidate of a name: the reference entity it names (by its gazetteer labels, or a
    spelling of them whose slug is its key), else the entity it mints.  A name whose slug is
    the key of a reference entity it does not name gets its digest (:mod:`westdev_kg.names`)."""
    ctx.examined += last - first + 1
    text = label(ctx, first, last)
    existing = ctx.gazetteer.lookup(text)
    if existing:
        return Candidate(first, last, existing, f"pattern:{name}", RANK_PATTERN)
    known = f"{category}/{names.readable(text)}"  # reference keys keep their whole length
    if known in ctx.reference and _names_of(ctx.reference[known], text):
        return Candidate(first, last, (known,), f"pattern:{name}", RANK_PATTERN)
    key = key_of(category, text)
    if key in ctx.reference:
        key = f"{category}/{names.digested(text, identity=names.name_key(text))}"  # another name, one slug
    entity = Entity(key, category, kind, text, from_reference=False)  # type: ignore[arg-type]
    return Candidate(first, last, (key,), f"pattern:{name}", RANK_PATTERN, minted=entity)
