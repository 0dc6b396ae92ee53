"""Tokens for entity matching: normalised for comparison, with offsets into the original text.

Rules
-----
* **Normalisation keeps every offset.**  Typographic quotes become ASCII quotes, every
  hyphen and dash (‐ ‑ ‒ – — −) becomes ``-``, a non-breaking space a space; each of these
  is a one-for-one code-point substitution, so an index into the normalised text is an
  index into the original text.  Case is compared through :func:`token_key`, never by
  re-writing the text.
* **A token** is a run of letters and digits, one Chinese character (Chinese is written
  without spaces, so a name is matched character by character: 四川省 is three tokens), or one
  other non-space character (``-``, ``'``, ``(``, ``+``, ``,`` …).  ``Xi'an`` is three tokens, ``Sichuan's`` three,
  ``Sichuan-Tibet`` three.  Whitespace separates tokens and is not one.
* **Attached**: a token is *attached* when no whitespace precedes it.  Hyphenated words
  ("west-facing", "Chengdu-Chongqing") are tokens joined by attached hyphens.  A hard wrap
  right after such a hyphen ("Chongqing-⏎Wanzhou") does not detach the word after it.
* **Keys**: a token is compared in lower case, except an all-capital word of two or more
  letters (an acronym: ``NDRC``, ``XPCC``, ``ASEAN``), which must match with its case.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

_SUBSTITUTIONS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u3000": " ",
}
_TRANSLATE = str.maketrans(_SUBSTITUTIONS)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+|[^\w\s]|_")


class Token(NamedTuple):
    begin: int
    end: int
    text: str  # as written (after the one-for-one normalisation)
    key: str  # what it is compared by (see token_key)
    attached: bool  # no whitespace between the previous token and this one

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def normalise(text: str) -> str:
    """The text with quotes, dashes and spaces made ASCII; same length, same offsets."""
    return text.translate(_TRANSLATE)


def token_key(word: str) -> str:
    """Lower case, except an all-capital acronym of two or more letters."""
    if len(word) > 1 and word.isupper() and word.isalpha():
        return word
    return word.lower()


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets into ``text`` (punctuation normalised one for one)."""
    out: list[Token] = []
    append = out.append
    make = tuple.__new__  # a NamedTuple's own constructor is Python code: 3x slower here
    previous_end = -1
    wrapped_hyphen = False  # the previous token is an attached hyphen at the end of a line
    subs = _SUBSTITUTIONS
    for m in _TOKEN.finditer(text):
        word = m.group()
        begin, end = m.span()
        if end - begin == 1:
            word = subs.get(word, word)
            key = word.lower()
        elif word.isupper() and word.isalpha():
            key = word
        else:
            key = word.lower()
        attached = begin == previous_end or (wrapped_hyphen and "\n" in text[previous_end:begin])
        append(make(Token, (begin, end, word, key, attached)))
        wrapped_hyphen = word == "-" and attached and text[end : end + 1] in ("\n", "\r", " ", "\t")
        previous_end = end
    return out


def label_keys(label: str) -> tuple[str, ...]:
    """The comparison keys of a label's tokens."""
    return tuple(
        w if len(w) > 1 and w.isupper() and w.isalpha() else w.lower() for w in _TOKEN.findall(normalise(label))
    )


def plural(word: str) -> str:
    """The regular English plural of a lower-case noun ("zone" -> "zones", "city" -> "cities")."""
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


#: Nouns ending in "s" that end names in the genre and must stay as they are, though inflect
#: takes them for plurals ("Ministry of Foreign Affairs", "General Administration of Customs",
#: "National Bureau of Statistics", "big data" → "datum").  Each is checked in
#: tests/test_names.py to be one that inflect does change.
KEEP_AS_WRITTEN = frozenset(
    {"affairs", "customs", "data", "economics", "goods", "logistics", "means", "politics", "statistics"}
)
#: endings of English singulars that inflect reads as plurals ("basis" → "basi", "campus" →
#: "campu", "thus" → "thu", "this" → "thi"); no head noun of the lexicon has a plural in them
_SINGULAR_ENDINGS = ("ss", "us", "is")


def singular(word: str) -> str | None:
    """The singular of an English plural noun ("bases" → "base", "Agencies" → "Agency"), by
    inflect, in the case written; None when ``word`` is not a plural: a singular, a word of
    under four letters ("gas", "bus", "its"), an acronym ("AIDS"), a word with a singular
    ending (:data:`_SINGULAR_ENDINGS`) or one of :data:`KEEP_AS_WRITTEN`."""
    if len(word) < 4 or not word.isalpha() or (word.isupper() and len(word) > 1):
        return None
    return _singular(word)


@functools.lru_cache(maxsize=4096)
def _singular(word: str) -> str | None:
    lower = word.lower()
    if lower in KEEP_AS_WRITTEN or lower.endswith(_SINGULAR_ENDINGS):
        return None
    one = _inflect().singular_noun(word)
    return one if one and one != word else None


@functools.cache
def _inflect():
    import inflect  # imported on first use: the query command never needs it

    return inflect.engine()
