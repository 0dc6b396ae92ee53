"""Name patterns: places, bodies and projects of known kinds that no list holds.

A pattern is a head word of a known kind (``entity-patterns.toml``, ``[[suffix]]`` and
``[[prefix]]``) with a name beside it; a match mints an :class:`~westdev_kg.model.Entity`
(``from_reference=False``).

Rules
-----
* **Suffix heads** close a name: "Tarim Basin *Economic Belt*", "Lhasa-Nyingchi *Railway*",
  "Kashgar *Pilot Free Trade Zone*", "Rural Broadband *Commission*".  The modifier is the run
  of capitalised words before the head (hyphenated words, acronyms, digits and bracketed
  capitalised words included: "China-Singapore (Chongqing)"); bodies and projects may join
  words with "and", "of", "for" ("Development and Reform").  Leading function words and verbs
  are trimmed ("Build Lhasa-Nyingchi Railway" → "Lhasa-Nyingchi Railway").
* **Prefix heads** open a name: "*Ministry of* Ocean Affairs", "*Leading Group for* …";
  the name runs on over capitalised words and connectors.  A body name may end in
  "of the State Council" (the parent body).
* **Named ones only.**  A Title-Case head must be written with capitals and have a modifier
  that is not only generic words ("East and West Free Trade Pilot Zones", "National
  development zones" are not names).  A lower-case head ("urban agglomeration", "railway",
  "test area") needs a known place in its modifier ("Hami urban agglomeration").  A quoted
  name before a generic head ('"Internet + medical health" demonstration area') is a name.
* **What is minted**: see :mod:`.minting` (the key, the label, the components).
* **Bounded look-around.**  A name is shorter than :data:`MAX_NAME_TOKENS` tokens: a head looks
  back and ahead at most that far, and a run of name words longer than that (a hostile run of
  capitalised words, a hyphen chain across a page) is no name.  The work per head is bounded,
  so the rules are linear in the length of the text; ``Context.examined`` counts the tokens
  they look at (tests/test_faults_linear.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ..lexicon import verbs
from .candidates import RANK_PATTERN, Candidate, Context
from .entity_lexicon import HeadPattern
from .minting import label, mint
from .tokens import Token, label_keys, plural


#: The longest name the rules look for, in tokens.  The longest name in the bundled text and
#: the test texts has 9; a head never looks further back or ahead than this.
MAX_NAME_TOKENS = 32


@dataclass(frozen=True, slots=True)
class _Head:
    pattern: HeadPattern
    words: tuple[str, ...]  # token keys of the head
    title_case: bool  # written with capitals: the text must use capitals too


@functools.lru_cache(maxsize=4)
def _heads(patterns: tuple[HeadPattern, ...]) -> dict[str, list[_Head]]:
    """Heads by their first token key (for suffix heads, also with a plural last word), longest first."""
    out: dict[str, list[_Head]] = {}
    for pattern in patterns:
        for head in pattern.heads:
            words = label_keys(head)
            variants = {words}
            if not pattern.prefix and words[-1].isalpha():
                variants.add(words[:-1] + (plural(words[-1]),))
            for variant in variants:
                out.setdefault(variant[0], []).append(_Head(pattern, variant, head[0].isupper()))
    for heads in out.values():
        heads.sort(key=lambda h: -len(h.words))
    return out


def _matches_head(ctx: Context, start: int, head: _Head) -> bool:
    toks = ctx.tokens
    if start + len(head.words) > len(toks):
        return False
    if any(toks[start + k].key.lower() != word.lower() for k, word in enumerate(head.words)):
        return False
    # a Title-Case head ("Railway") only as written with a capital, a lower-case one only in lower case
    return toks[start].capitalised == head.title_case


def _name_word(tok: Token) -> bool:
    """A word that can be part of a proper name: capitalised, an acronym or a number."""
    return tok.is_word and (tok.capitalised or tok.text[0].isdigit())


def _unit_start(ctx: Context, last: int, floor: int = 0) -> int | None:
    """Start of the name unit ending at token ``last``: a word, or words joined by attached
    hyphens or apostrophes ("Lhasa-Nyingchi", "Xi'an", "South-to-North", "Four-pronged"),
    whose first word is a name word; None when there is none.  The walk back stops at token
    ``floor`` (a unit reaching it may go on before it)."""
    toks = ctx.tokens
    if not toks[last].is_word:
        return None
    i = last
    floor = max(floor, 0)
    while i - 2 >= floor and toks[i].attached and toks[i - 1].text in "-'" and toks[i - 1].attached and toks[i - 2].is_word:
        i -= 2
    ctx.examined += (last - i) // 2 + 1
    return i if _name_word(toks[i]) else None


def _left_modifier(ctx: Context, head_first: int, joinable: bool) -> int:
    """Index of the first token of the name before a suffix head (== head_first when none, or
    when the name words run back :data:`MAX_NAME_TOKENS` tokens or more: no name is that long)."""
    toks = ctx.tokens
    lex = ctx.lexicon
    i = head_first - 1
    start = head_first
    starts = ctx.clause_starts
    floor = head_first - MAX_NAME_TOKENS
    while i >= 0 and i + 1 not in starts:  # never back into the sentence before
        if i <= floor:
            return head_first  # a run of name words longer than any name
        ctx.examined += 1
        tok = toks[i]
        unit = _unit_start(ctx, i, floor) if tok.is_word else None
        if unit is not None:
            start = unit
            i = unit - 1
        elif tok.text == ")":
            opening = _bracket_start(ctx, i, floor)
            if opening is None:
                break
            start = opening
            i = opening - 1
        elif joinable and tok.key in lex.connectors and _joins_names(ctx, i, floor):
            if tok.key == "and" and (_both_places(ctx, i) or _ends_suffix_head(ctx, i - 1)):
                break
            i -= 1
        else:
            break
    return _trim_left(ctx, start, head_first)


def _ends_suffix_head(ctx: Context, last: int) -> bool:
    """Does a suffix head end at ``last``: "X Airport *and* Y Airport" are two names, not one."""
    return any(
        not head.pattern.prefix and last - len(head.words) + 1 >= 0 and _matches_head(ctx, last - len(head.words) + 1, head)
        for heads in _heads(ctx.lexicon.patterns).values()
        for head in heads
    )


def _joins_names(ctx: Context, i: int, floor: int = 0) -> bool:
    """Is the connector at ``i`` between two name words ("Science *and* Technology")?"""
    return i > 0 and _unit_start(ctx, i - 1, floor) is not None and _name_word(ctx.tokens[i + 1])


def _bracket_start(ctx: Context, close: int, floor: int = 0) -> int | None:
    """The index of the "(" that opens a bracket of name words closed at ``close`` (not before ``floor``)."""
    i = close - 1
    floor = max(floor, 0)
    while i >= floor and _name_word(ctx.tokens[i]):
        ctx.examined += 1
        i -= 1
    if i < floor:
        return None
    if i >= 0 and ctx.tokens[i].text == "(" and i < close - 1 and i > 0 and _name_word(ctx.tokens[i - 1]):
        return i
    return None


def _both_places(ctx: Context, and_index: int) -> bool:
    """Are the words on both sides of "and" place names (a coordination, not one name)?"""
    before = ctx.gazetteer.longest_at(ctx.tokens, and_index - 1)
    after = ctx.gazetteer.longest_at(ctx.tokens, and_index + 1)
    return bool(before and after and _names_place(before.keys) and _names_place(after.keys))


def _names_place(keys: tuple[str, ...]) -> bool:
    return any(k.startswith("region/") for k in keys)


def _trim_left(ctx: Context, start: int, stop: int) -> int:
    """Skip leading function words, numbers and verbs (whole name units) of a modifier."""
    lex = ctx.lexicon
    forms = _verb_forms()
    toks = ctx.tokens
    while start < stop:
        tok = toks[start]
        attached_next = start + 1 < stop and toks[start + 1].attached and toks[start + 1].text in "-'"
        drop = (
            tok.text in lex.not_name_start
            or tok.key in lex.connectors
            or not tok.is_word
            or tok.text[0].isdigit()
            or (tok.text.lower() in forms and ctx.opens_clause(start))
        )
        if not drop or attached_next:
            break
        start += 1
    return start


@functools.lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """Every form of the directive verbs (``westdev_kg/lexicon/verbs.csv``), lower case."""
    return frozenset(verbs().forms)


#: connectors after which a verb form begins the subject of a cited document, not more name
#: ("… Commission *on Improving* …"); "for" and "of" are left alone ("Commission for
#: Comprehensively Deepening Reform", "Ministry of Housing …")
_SUBJECT_MARKERS = frozenset({"on", "about"})


def _right_name(ctx: Context, after: int) -> int:
    """Index of the last token of a name that runs on from token ``after`` (after - 1 when none,
    or when the name words run on :data:`MAX_NAME_TOKENS` tokens or more: no name is that long).

    A name never runs into the next sentence, heading or paragraph (a title line without a
    full stop followed by a capitalised word), nor on into the subject of a cited document
    ("the National Development and Reform Commission *on Improving* Public Services…": "on" or
    "about" followed by a verb form ends the name)."""
    toks = ctx.tokens
    lex = ctx.lexicon
    heads = _heads(lex.patterns)
    starts = ctx.clause_starts
    forms = _verb_forms()
    end = after - 1
    i = after
    ceiling = after + MAX_NAME_TOKENS
    while i < len(toks):
        if i >= ceiling:
            return after - 1  # a run of name words longer than any name
        ctx.examined += 1
        tok = toks[i]
        if i in starts:
            break
        if _name_word(tok):
            end = i
            i += 1
        elif tok.text == "-" and tok.attached and i + 1 < len(toks) and toks[i + 1].attached and end == i - 1:
            i += 1
        elif tok.text == "," and _list_in_name(ctx, i):
            i += 1
        elif tok.key in lex.connectors and i + 1 < len(toks):
            nxt = toks[i + 1]
            if tok.key == "and" and (not _name_word(nxt) or _another_body(ctx, i + 1)):
                break  # "Ministry of Finance and the NDRC", "… and National Energy Administration"
            if not (_name_word(nxt) or nxt.key in lex.connectors) or (tok.key in _SUBJECT_MARKERS and nxt.key in forms):
                break
            i += 1
        else:
            break
    return end


def _list_in_name(ctx: Context, comma: int) -> bool:
    """Is the comma at ``comma`` inside a list of single words in a name ("Press, Publication,
    Radio, Film and Television")?  The next word must be followed by "," or "and", and be no place."""
    toks = ctx.tokens
    nxt = comma + 1
    if nxt + 1 >= len(toks) or not _name_word(toks[nxt]) or ctx.word(nxt + 1) not in {",", "and"}:
        return False
    hit = ctx.gazetteer.longest_at(toks, nxt)
    return not (hit and any(k.startswith("region/") for k in hit.keys))


def _another_body(ctx: Context, start: int) -> bool:
    """Does the run of name words from ``start`` name a body of its own (known, or ending in a body head)?"""
    hit = ctx.gazetteer.longest_at(ctx.tokens, start)
    if hit is not None and any(k.startswith("body/") for k in hit.keys):
        return True
    heads = _heads(ctx.lexicon.patterns)
    i = start
    stop = min(len(ctx.tokens), start + MAX_NAME_TOKENS)
    while i < stop and (_name_word(ctx.tokens[i]) or ctx.tokens[i].text == "-"):
        ctx.examined += 1
        if any(h.pattern.category == "body" and not h.pattern.prefix for h in heads.get(ctx.tokens[i].key.lower(), ())):
            return True
        i += 1
    return False


def _generic(ctx: Context, first: int, last: int) -> bool:
    """Is the modifier made only of generic words and single direction words?

    A hyphenated unit is a name even when made of direction words ("West-East Gas Pipeline",
    "North-South Coal Transportation Channel"); "East and West" is not."""
    lex = ctx.lexicon
    directions = lex.directions.regions
    i = last
    while i >= first:
        unit = _unit_start(ctx, i, first - 2)  # a unit that starts before ``first`` is passed over
        if unit is None or unit < first:
            i -= 1
            continue
        word = ctx.tokens[i].text
        generic = word in lex.generic_modifiers or word.lower() in directions or word.lower() in lex.connectors
        if unit < i or not generic:
            return False
        i = unit - 1
    return True


def _has_place(ctx: Context, first: int, last: int) -> bool:
    return any(
        any(k.startswith("region/") for k in hit.keys) for hit in ctx.gazetteer.scan(ctx.tokens[first : last + 1])
    )


def _quoted_start(ctx: Context, head_first: int) -> int | None:
    """The index of the opening quote of a quoted name just before the head, or None."""
    toks = ctx.tokens
    close = head_first - 1
    if close < 1 or toks[close].text != '"':
        return None
    i = close - 1
    while i >= 0 and toks[i].text != '"' and i > close - 12:
        i -= 1
    return i if i >= 0 and toks[i].text == '"' and i < close - 1 else None


def candidates(ctx: Context) -> Iterator[Candidate]:
    """Every name a head pattern finds, with the entity it mints."""
    heads = _heads(ctx.lexicon.patterns)
    covered = -1  # last token of the longest head matched so far: no shorter head inside it
    for i, tok in enumerate(ctx.tokens):
        if i <= covered:
            continue
        for head in heads.get(tok.key.lower(), ()):
            if not _matches_head(ctx, i, head):
                continue
            found = _prefix(ctx, i, head) if head.pattern.prefix else _suffix(ctx, i, head)
            if found is None and head.pattern.prefix:
                continue  # "Commission for …" without a name: the suffix head may still close one
            if found is not None:
                yield found
            covered = i + len(head.words) - 1
            break


def _suffix(ctx: Context, i: int, head: _Head) -> Candidate | None:
    pattern = head.pattern
    last = i + len(head.words) - 1
    if pattern.quoted:
        first = _quoted_start(ctx, i)
        if first is None:
            return None
        category, kind = pattern.category, pattern.kind
        if _has_place(ctx, first, i - 1):
            category, kind = "region", "economic-zone-or-belt"
        return mint(ctx, first, last, category, kind, pattern.name)
    joinable = pattern.category in ("body", "project")
    first = _left_modifier(ctx, i, joinable)
    parent = _of_parent(ctx, last) if pattern.category == "body" and head.title_case else last
    if first >= i or (parent == last and _generic(ctx, first, i - 1)):
        return None  # with its parent a generic modifier names a body ("International Department of the …")
    if not head.title_case and not _has_place(ctx, first, i - 1):
        return None
    return mint(ctx, first, parent, pattern.category, pattern.kind, pattern.name)


def _of_parent(ctx: Context, last: int) -> int:
    """Extend a body's name over "of [the] <Name>" ("… Leading Group of the State Council")."""
    j = last + 1
    if ctx.word(j) != "of":
        return last
    k = j + 1 + (ctx.word(j + 1) == "the")
    end = _right_name(ctx, k)
    return end if end >= k else last


def _prefix(ctx: Context, i: int, head: _Head) -> Candidate | None:
    after = i + len(head.words)
    if head.words[-1] in _SUBJECT_MARKERS and ctx.word(after) in _verb_forms():
        return None  # "Commission on Strengthening …": the subject of a cited document
    last = _right_name(ctx, after)
    if last < after or _generic(ctx, after, last):
        return None
    first = _left_modifier(ctx, i, joinable=True)
    if first < i and _generic(ctx, first, i - 1):
        first = i
    if first == i and head.pattern.zh_suffix and (known := _unit_of(ctx, after, last, head.pattern.zh_suffix)):
        return Candidate(first, last, known, f"pattern:{head.pattern.name}", RANK_PATTERN)
    return mint(ctx, first, last, head.pattern.category, head.pattern.kind, head.pattern.name)


def _unit_of(ctx: Context, first: int, last: int, zh_suffix: str) -> tuple[str, ...]:
    """The reference body that is the office (办公室) of the body ``first..last`` names, however
    that body is spelled: the one whose Chinese name is that body's with ``zh_suffix``; or ()."""
    ref = ctx.reference
    parents = ctx.gazetteer.lookup(label(ctx, first, last))
    if len(parents) != 1 or parents[0] not in ref or not ref[parents[0]].label_zh:
        return ()
    return ref.named_zh(ref[parents[0]].label_zh + zh_suffix)
