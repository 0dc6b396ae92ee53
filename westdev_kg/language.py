"""The language of a text, from its characters: no model, no download.

A text is Chinese (``zh``) when CJK ideographs make up at least half of its letters (Unicode
category L*: an ideograph is a letter, ``Lo``), English (``en``) when Latin letters do, else
undetermined (``und``, the BCP 47 tag for it).  The corpora of the genre are simplified Chinese
(mainland publications), so ``zh`` is not refined to ``zh-Hans``; a sidecar may say more.
"""

from __future__ import annotations

import unicodedata

_CJK_RANGES = (
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3134F),  # Extensions B-G
)
_SAMPLE = 200_000  # characters read: enough to decide, bounded for huge inputs


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the letters of ``text`` (0.0 when it has none)."""
    letters = cjk = 0
    for char in text[:_SAMPLE]:
        if char.isalpha():
            letters += 1
            if char >= "\u3400" and is_cjk(char):
                cjk += 1
    return cjk / letters if letters else 0.0


def detect(text: str) -> str:
    """``zh``, ``en`` or ``und`` (see the module's rule)."""
    letters = latin = cjk = 0
    for char in text[:_SAMPLE]:
        if not char.isalpha():
            continue
        letters += 1
        if char >= "\u3400" and is_cjk(char):
            cjk += 1
        elif char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
            latin += 1
    if not letters:
        return "und"
    if cjk * 2 >= letters:
        return "zh"
    if latin * 2 >= letters:
        return "en"
    return "und"


#: the EU language authority's codes of the genre's languages; any other tag is looked up by
#: langcodes (ISO 639-2/T, the code the authority uses: FRA, DEU …), which costs its import
_EU_CODES = {"en": "ENG", "zh": "ZHO"}


def eu_language_code(tag: str) -> str:
    """The code of a BCP 47 tag's language in the EU language authority table (``zh-Hans`` → ``ZHO``)."""
    primary = tag.split("-", 1)[0].lower()
    if primary in _EU_CODES:
        return _EU_CODES[primary]
    import langcodes

    return langcodes.Language.get(primary).to_alpha3().upper()
