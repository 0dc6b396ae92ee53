"""What the entity rules share: the tokenised document (:class:`Context`) and a possible
mention (:class:`Candidate`) before the extract stage chooses among overlapping ones.

A candidate covers tokens ``[first, last]`` and names one of ``keys`` (several when a
label is ambiguous, ``("",)`` for an ad-hoc pairing of places that only has components).
``rank`` orders candidates of equal length: the gazetteer (0) before patterns (1), compounds
(2) and direction words (3).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..model import Document, Entity, Span, own_sentences
from ..reference import Reference
from .entity_lexicon import EntityLexicon
from .gazetteer import Gazetteer
from .tokens import Token, tokenize

RANK_GAZETTEER, RANK_PATTERN, RANK_COMPOUND, RANK_DIRECTION = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Candidate:
    first: int  # token index of the first token
    last: int  # token index of the last token (inclusive)
    keys: tuple[str, ...]  # candidate entity keys; ("",) when only components are known
    method: str  # "gazetteer", "pattern:<name>", "compound", "distributive", "list", "direction"
    rank: int
    components: tuple[str, ...] | None = None  # fixed parts; None: computed from the surface
    minted: Entity | None = None  # the entity a pattern mints

    @property
    def length(self) -> int:
        """Length in tokens."""
        return self.last - self.first + 1

    def reread(self, key: str, method: str, components: tuple[str, ...]) -> Candidate:
        """The same span read as ``key`` with fixed ``components``."""
        return replace(self, keys=(key,), method=method, components=components, minted=None)


@dataclass
class Context:
    """A document cut into tokens, with everything the entity rules consult."""

    document: Document
    reference: Reference
    gazetteer: Gazetteer
    lexicon: EntityLexicon
    tokens: list[Token] = field(init=False)
    words: list[str] = field(init=False)  # lower-case text of each token
    clause_starts: frozenset[int] = field(init=False)  # token indices that open a sentence or heading
    examined: int = field(init=False, default=0)  # tokens the name rules looked at (a measure of their work)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.document.text)
        self.words = [t.text.lower() for t in self.tokens]
        begins = {self.tokens_index_at(b) for b in self._sentence_begins()}
        self.clause_starts = frozenset(i for i in begins if i is not None)

    # -- positions ---------------------------------------------------------------------

    def span(self, first: int, last: int) -> Span:
        return Span(self.tokens[first].begin, self.tokens[last].end)

    def surface(self, first: int, last: int) -> str:
        return self.document.text[self.tokens[first].begin : self.tokens[last].end]

    def tokens_index_at(self, offset: int) -> int | None:
        """Index of the first token that begins at or after ``offset``."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].begin < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self.tokens) else None

    def _sentence_begins(self) -> list[int]:
        """Offsets where a sentence, a part heading or the title line begins."""
        doc = self.document
        begins = [s.span.begin for section in doc.sections() for s in own_sentences(section)]
        begins.extend(p.heading_span.begin for p in doc.parts)
        if doc.title_span is not None:
            begins.append(doc.title_span.begin)
        return begins

    def opens_clause(self, index: int) -> bool:
        """Does token ``index`` begin a sentence, heading or clause (after , ; :)?"""
        if index == 0 or index in self.clause_starts:
            return True
        return self.tokens[index - 1].text in {",", ";", ":", ".", "!", "?"}

    def word(self, index: int) -> str:
        """The lower-case text of token ``index``, or "" outside the text."""
        if 0 <= index < len(self.words):
            return self.words[index]
        return ""

    # -- hyphen compounds ----------------------------------------------------------------

    def hyphen_before(self, index: int) -> bool:
        """Is token ``index`` joined to a word before it by an attached hyphen ("east-west")?"""
        toks = self.tokens
        return (
            index >= 2
            and toks[index].attached
            and toks[index - 1].text == "-"
            and toks[index - 1].attached
            and toks[index - 2].is_word
        )

    def hyphen_after(self, index: int) -> bool:
        """Is token ``index`` joined to a word after it by an attached hyphen ("west-facing")?"""
        toks = self.tokens
        return (
            index + 2 < len(toks)
            and toks[index + 1].text == "-"
            and toks[index + 1].attached
            and toks[index + 2].attached
            and toks[index + 2].is_word
        )

    @property
    def text(self) -> str:
        return self.document.text
