"""The gazetteer: every label and alternative label of the reference data, matched on tokens.

Rules
-----
* **One dictionary, built once.**  Each label is cut into tokens (:mod:`.tokens`) and put in
  a trie keyed by token keys, so matching is a walk from each token: no regular expression
  per label, no quadratic scan.  Lookup of a whole name (:meth:`Gazetteer.lookup`) uses the
  same trie.
* **Case.** Ordinary words match in any case; all-capital acronyms (``NDRC``, ``XPCC``,
  ``ASEAN``) only as written.
* **Plurals.**  Every label is also indexed with its last word in the plural ("Pilot Free
  Trade Zones", "urban agglomerations", "Economic Belts").
* **A leading "the"** is not part of a label: "the western region" is indexed as "western
  region".  A label that exists only with its article ("the west", "the Gobi") is marked
  *needs-the* and matches only after the word "the".
* **Ignored labels.**  ``entity-patterns.toml`` lists the few reference labels that are
  common words in the genre's translations and never match on their own (bare "Gobi" is the
  land type 戈壁, not the Gobi Desert).
* **Chinese names** (``label_zh``, and the short names of provinces and provincial capitals)
  are labels too, matched character by character.
* **Longest match wins** at each start; several keys for one surface ("Yulin" in Shaanxi
  and in Guangxi) are all returned, and the extract stage chooses.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .. import reference
from . import entity_lexicon as lexicon
from .tokens import Token, label_keys, plural, tokenize

_END = ""  # trie key holding the payload of a node (no token key is empty)


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match: tokens ``[first, last]`` of the text name one of ``keys``."""

    first: int  # index of the first token
    last: int  # index of the last token (inclusive)
    keys: tuple[str, ...]  # candidate entity keys, sorted


@dataclass
class Gazetteer:
    """A token trie from label keys to entity keys."""

    root: dict = field(default_factory=dict)
    longest: int = 0  # tokens in the longest label

    def add(self, label: str, key: str) -> None:
        """Index ``label`` (and its plural) as a name of ``key``."""
        words = label_keys(label)
        needs_the = len(words) > 1 and words[0] == "the"
        if needs_the:
            words = words[1:]
        if not words:
            return
        parent = self._node(words[:-1])
        last = words[-1]
        self._put(parent, last, key, needs_the)
        if last.isalpha() and last.islower() and len(last) > 2:
            self._put(parent, plural(last), key, needs_the)
        self.longest = max(self.longest, len(words))

    def _node(self, words: tuple[str, ...]) -> dict:
        node = self.root
        for word in words:
            child = node.get(word)
            if child is None:
                child = node[word] = {}
            node = child
        return node

    @staticmethod
    def _put(parent: dict, last: str, key: str, needs_the: bool) -> None:
        node = parent.get(last)
        if node is None:
            node = parent[last] = {}
        payload: dict[str, bool] | None = node.get(_END)
        if payload is None:
            payload = node[_END] = {}
        # a key needs "the" only when every label giving it these words had the article
        payload[key] = payload.get(key, True) and needs_the

    # -- matching ------------------------------------------------------------------

    def longest_at(
        self, tokens: list[Token], start: int, stop: int | None = None, exclude: frozenset[str] = frozenset()
    ) -> Hit | None:
        """The longest label starting at token ``start`` (before ``stop``) naming a key not in ``exclude``."""
        stop = len(tokens) if stop is None else stop
        node = self.root
        best: Hit | None = None
        i = start
        while i < stop:
            tok = tokens[i]
            child = node.get(tok.key)
            if child is None:
                break
            node = child
            payload = node.get(_END)
            if payload:
                keys = tuple(k for k in self._admit(payload, tokens, start) if k not in exclude)
                if keys:
                    best = Hit(start, i, keys)
            i += 1
        return best

    @staticmethod
    def _admit(payload: Mapping[str, bool], tokens: list[Token], start: int) -> tuple[str, ...]:
        after_the = start > 0 and tokens[start - 1].key == "the"
        return tuple(sorted(k for k, needs_the in payload.items() if after_the or not needs_the))

    def scan(
        self, tokens: list[Token], begin: int = 0, end: int | None = None, exclude: frozenset[str] = frozenset()
    ) -> Iterator[Hit]:
        """Longest matches from left to right in tokens ``[begin, end)``, not overlapping,
        of keys not in ``exclude`` (a name's own labels, when looking for the names inside it)."""
        end = len(tokens) if end is None else end
        i = begin
        while i < end:
            hit = self.longest_at(tokens, i, end, exclude)
            if hit is None:
                i += 1
            else:
                yield hit
                i = hit.last + 1

    def lookup(self, name: str) -> tuple[str, ...]:
        """Keys whose label is exactly ``name`` (after normalisation), or ()."""
        tokens = tokenize(name)
        if tokens and tokens[0].key == "the" and len(tokens) > 1:
            tokens = tokens[1:]
        hit = self.longest_at(tokens, 0)
        if hit is None or hit.last != len(tokens) - 1:
            return ()
        return hit.keys


def build(labels: Iterable[tuple[str, str]], ignored: Iterable[tuple[str, str]] = ()) -> Gazetteer:
    """A gazetteer of ``(label, key)`` pairs, leaving out the ``ignored`` pairs."""
    skip = set(ignored)
    gaz = Gazetteer()
    for label, key in labels:
        if (label, key) not in skip:
            gaz.add(label, key)
    return gaz


@functools.lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The gazetteer of the shipped reference data (built once per process)."""
    ref = reference.load()
    return build([*ref.labels(), *ref.labels_zh()], lexicon.load().ignored_labels)
