"""The entity stage's word lists, read once from ``westdev_kg/lexicon/entity-patterns.toml``.

The file holds data, not code: reference labels the gazetteer leaves out, false-friend
phrases, the direction words that name macro-regions, the head words of the name patterns
with the category and kind each mints, and the cues of the generic-actor rule.  This module
only parses it into typed, immutable values; the rules that use them live in
:mod:`.gazetteer`, :mod:`.directions`, :mod:`.patterns` and :mod:`.actors`.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

FILE = Path(__file__).resolve().parent.parent / "lexicon" / "entity-patterns.toml"


@dataclass(frozen=True, slots=True)
class HeadPattern:
    """Head words that end (suffix) or open (prefix) a name of one category and kind."""

    name: str
    heads: tuple[str, ...]
    category: str
    kind: str
    prefix: bool = False
    quoted: bool = False  # the name before the head is a quoted string
    # a prefix head whose name is a known body ("Office of" + the Leading Group …) names the
    # reference body whose Chinese name is that body's Chinese name + this suffix (…办公室)
    zh_suffix: str = ""


@dataclass(frozen=True, slots=True)
class Directions:
    regions: Mapping[str, str]  # lower-case direction word -> macro-region key
    alone: frozenset[str]
    after_the: frozenset[str]
    not_before: frozenset[str]


@dataclass(frozen=True, slots=True)
class Coordinated:
    """A bare word that names an actor only after "<an actor of these kinds> and"."""

    words: frozenset[str]
    key: str
    after_kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class ActorCues:
    modals: frozenset[str]
    passive_allow: frozenset[str]
    control_verbs: frozenset[str]
    source_nouns: frozenset[str]
    role_nouns: frozenset[str]
    own_support_after: frozenset[str]
    partner_after: tuple[tuple[str, ...], ...]  # word sequences: ("together", "with")
    window: int
    clause_breaks: frozenset[str]
    coordinated: Coordinated


@dataclass(frozen=True, slots=True)
class EntityLexicon:
    ignored_labels: tuple[tuple[str, str], ...]  # (label, key)
    false_friends: tuple[str, ...]
    never_components: frozenset[str]
    own_country: str
    not_mentioned: frozenset[str]
    administrative_kinds: frozenset[str]
    people: frozenset[str]
    strategy_kinds: frozenset[str]
    strategy_own_name_words: frozenset[str]
    directions: Directions
    patterns: tuple[HeadPattern, ...]
    not_name_start: frozenset[str]
    generic_modifiers: frozenset[str]
    connectors: frozenset[str]
    actors: ActorCues


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(values)


def _lower(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _patterns(data: Mapping[str, Any]) -> tuple[HeadPattern, ...]:
    out = [
        HeadPattern(
            p["name"], tuple(p["heads"]), p["category"], p["kind"], prefix, bool(p.get("quoted", False)), p.get("zh_suffix", "")
        )
        for prefix, section in ((False, "suffix"), (True, "prefix"))
        for p in data.get(section, [])
    ]
    return tuple(out)


def parse(data: Mapping[str, Any]) -> EntityLexicon:
    """The lexicon from the parsed TOML document ``data``."""
    gaz, strat, dirs, pats, act = (data[k] for k in ("gazetteer", "strategies", "directions", "patterns", "actors"))
    return EntityLexicon(
        ignored_labels=tuple((i["label"], i["key"]) for i in gaz["ignored"]),
        false_friends=tuple(gaz["false_friends"]),
        never_components=_words(gaz["never_components"]),
        own_country=gaz["own_country"],
        not_mentioned=_words(gaz["not_mentioned"]),
        administrative_kinds=_words(gaz["administrative_kinds"]),
        people=_words(gaz["people"]),
        strategy_kinds=_words(strat["kinds"]),
        strategy_own_name_words=_lower(strat["own_name_words"]),
        directions=Directions(
            regions=MappingProxyType(dict(dirs["regions"])),
            alone=_lower(dirs["alone"]),
            after_the=_lower(dirs["after_the"]),
            not_before=_lower(dirs["not_before"]),
        ),
        patterns=_patterns(data),
        not_name_start=_words(pats["not_name_start"]),
        generic_modifiers=_words(pats["generic_modifiers"]),
        connectors=_lower(pats["connectors"]),
        actors=ActorCues(
            modals=_lower(act["modals"]),
            passive_allow=_lower(act["passive_allow"]),
            control_verbs=_lower(act["control_verbs"]),
            source_nouns=_lower(act["source_nouns"]),
            role_nouns=_lower(act["role_nouns"]),
            own_support_after=_lower(act["own_support_after"]),
            partner_after=tuple(tuple(p.lower().split()) for p in act["partner_after"]),
            window=int(act["window"]),
            clause_breaks=_lower(act["clause_breaks"]),
            coordinated=Coordinated(
                words=_lower(act["coordinated"]["words"]),
                key=act["coordinated"]["key"],
                after_kinds=_words(act["coordinated"]["after_kinds"]),
            ),
        ),
    )


@functools.lru_cache(maxsize=1)
def load() -> EntityLexicon:
    """The shipped lexicon (read once per process)."""
    return parse(tomllib.loads(FILE.read_text(encoding="utf-8")))
