"""Slugs: the one rule that turns a name into the ASCII words of an IRI or a file name.

Every slug of the package is made here: the key of a minted entity
(``project/lhasa-nyingchi-railway``), the slug of a document (``id/western-development-2020``),
and the check of a sidecar's ``slug``.

The readable slug
-----------------
1. **ASCII.**  ASCII characters stay.  Chinese (Han) characters become their toneless pinyin
   syllables, one word each, read with pypinyin's phrase dictionary (重庆 → ``chong qing``;
   ü is written ``v``: 绿 → ``lv``).  Any other letter is written in ASCII: accented Latin
   loses its accents ("Ürümqi" → ``urumqi``), other scripts are transliterated by anyascii
   (Greek "Σιδηρόδρομος" → ``sidirodromos``, Cyrillic "Москва" → ``moskva``).  Punctuation and
   spaces of any script separate words.
2. **Apostrophes join**: "Xi'an" (any apostrophe: ``'`` ``’`` ``ʼ``) → ``xian``, as in the
   reference data's keys (``region/xian``); ``+`` is spelled ``plus``, ``&`` ``and``.
3. **Words**: lower case, each run of other characters one ``-``, none at either end.

The slug
--------
The readable slug when it is not lossy.  It is lossy when it is longer than
:data:`MAX_LENGTH` (80) characters, or empty (a name of symbols only).  A lossy slug is cut at a
``-`` boundary and gets ``-`` and a *digest*: the first 8 hex digits of the SHA-256 of the
name's identity (by default the full name).  A slug is never longer than :data:`MAX_LENGTH`.

Collisions
----------
Two distinct names may share a readable slug (Greek and Latin spellings, homophones in
Chinese: 西安 and 喜安 are both ``xi-an``).  Where a set of names is known in advance,
:func:`unique_slugs` gives each distinct name its own slug: the names of a shared readable
slug all get the digest of their own identity, whatever order they come in.  A name's slug
thus depends on the set it is minted in (a document, a folder), not on the order.

*Identity*: what counts as one name.  For documents it is the exact relative path; for entity
names it is :func:`name_key` (case, accents, spaces and punctuation ignored), so that
spelling variants of one name ("Lhasa-Nyingchi Railway", "Lhasa–Nyingchi railway") keep one
slug and one IRI.

anyascii and pypinyin are imported only when a name holds a character that needs them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from pathlib import PurePath

MAX_LENGTH = 80
DIGEST_DIGITS = 8

_APOSTROPHES = frozenset("'`\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

Identity = Callable[[str], str]


def readable(name: str) -> str:
    """The readable slug of ``name`` (rules 1-3 of the module), at any length; may be empty."""
    text = _ascii(name)
    text = text.replace("+", " plus ").replace("&", " and ")
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    return _NOT_WORD.sub("-", text.lower()).strip("-")


def slug(name: str, *, identity: str | None = None) -> str:
    """The slug of ``name``: its readable slug, or when that is lossy (too long, or empty) the
    readable slug cut at a word boundary with the digest of ``identity`` (default: ``name``)."""
    words = readable(name)
    if words and len(words) <= MAX_LENGTH:
        return words
    return _with_digest(words, name if identity is None else identity, DIGEST_DIGITS)


def is_slug(text: str) -> bool:
    """Is ``text`` a slug: lowercase ASCII words joined by single '-', at most MAX_LENGTH characters?"""
    return len(text) <= MAX_LENGTH and _SLUG.fullmatch(text) is not None


def digest(identity: str, digits: int = DIGEST_DIGITS) -> str:
    """The first ``digits`` hex digits of the SHA-256 of ``identity`` (UTF-8)."""
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:digits]


def name_key(name: str) -> str:
    """The identity of an entity name: lower case, no accents, no spaces or punctuation,
    ``+`` read as "plus" and ``&`` as "and"; letters of every script kept as they are
    ("Xi'an-Chengdu Railway" and "xian chengdu railway" are one name; 西安 and 喜安 two)."""
    text = unicodedata.normalize("NFKD", name.replace("+", " plus ").replace("&", " and ")).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def unique_slugs(
    names: Iterable[str], *, identity: Identity | None = None, taken: Container[str] = ()
) -> dict[str, str]:
    """A slug for each name, distinct for distinct names, the same whatever their order.

    Names whose ``identity`` (default: the name itself) is equal are one name and share a
    slug.  When names of two or more identities share a slug (:func:`slug`), or a name's slug is
    ``taken`` (by something else: a reference entity's key), each of them gets the digest of its
    own identity instead.  Should digests still meet (which takes a SHA-256 prefix collision),
    every digest of the set is made longer, until no slug is shared.
    """
    same = identity or (lambda n: n)
    ids = {name: same(name) for name in set(names)}
    words = {name: readable(name) for name in ids}
    plain = {name: slug(name, identity=ids[name]) for name in ids}
    owners: dict[str, set[str]] = defaultdict(set)
    for name, text in plain.items():
        owners[text].add(ids[name])
    shared = {name for name, text in plain.items() if len(owners[text]) > 1 or text in taken}
    for digits in (DIGEST_DIGITS, 16, 64):
        out = {name: _with_digest(words[name], ids[name], digits) if name in shared else plain[name] for name in ids}
        seen: dict[str, str] = {}
        if all(seen.setdefault(text, ids[name]) == ids[name] and text not in taken for name, text in out.items()):
            return out
    raise AssertionError("names whose SHA-256 digests are equal")  # pragma: no cover


def digested(name: str, *, identity: str | None = None) -> str:
    """The slug of ``name`` with the digest of ``identity`` (default: ``name``), lossy or not:
    the slug :func:`unique_slugs` gives a name whose readable slug is shared or taken."""
    return _with_digest(readable(name), name if identity is None else identity, DIGEST_DIGITS)


def document_name(relative: PurePath) -> str:
    """The name a document's slug is made from: its path relative to the input folder, '/'
    between folders, without the file's suffix (``sichuan/2020.md`` → ``sichuan/2020``)."""
    return "/".join((*relative.parent.parts, relative.stem)) if relative.parts else ""


def document_slug(relative: PurePath) -> str:
    """The default slug of a document: that of :func:`document_name` (``sichuan/2020.md`` →
    ``sichuan-2020``; a Chinese file name is read in pinyin)."""
    return slug(document_name(relative))


def document_slugs(relatives: Iterable[PurePath]) -> dict[PurePath, str]:
    """The default slugs of the documents of one folder: distinct for distinct paths."""
    paths = list(relatives)
    slugs = unique_slugs(document_name(p) for p in paths)
    return {p: slugs[document_name(p)] for p in paths}


# -- transliteration ------------------------------------------------------------------------


def _with_digest(words: str, identity: str, digits: int) -> str:
    room = MAX_LENGTH - digits - 1
    if len(words) > room:
        cut = words[: room + 1]
        words = cut[: cut.rfind("-")] if "-" in cut else words[:room]
    tail = digest(identity, digits)
    return f"{words}-{tail}" if words else tail


def _ascii(name: str) -> str:
    """``name`` in ASCII (rule 1); apostrophes, ``+`` and ``&`` are left for the caller."""
    if name.isascii():
        return name
    out: list[str] = []
    pos = 0
    for match in _HAN.finditer(name):
        out.append(_non_han(name[pos : match.start()]))
        out.append(f" {' '.join(_pinyin(match.group()))} ")
        pos = match.end()
    out.append(_non_han(name[pos:]))
    return "".join(out)


def _non_han(text: str) -> str:
    return text if text.isascii() else "".join(_char(ch) for ch in text)


def _char(ch: str) -> str:
    """One character in ASCII: itself, without its accents, a separator, or anyascii's reading."""
    if ch.isascii() or ch in _APOSTROPHES:
        return ch
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare and bare.isascii():
        return bare
    if unicodedata.category(ch)[0] in "PZC":  # punctuation, spaces, controls of any script
        return " "
    return _anyascii(ch)


def _pinyin(han: str) -> list[str]:
    """Toneless pinyin syllables of a run of Han characters (ü as v); a character pypinyin
    cannot read is left to anyascii."""
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(han, style=Style.NORMAL, errors=lambda chars: [_anyascii(c) for c in chars])


def _anyascii(text: str) -> str:
    from anyascii import anyascii

    return anyascii(text)
