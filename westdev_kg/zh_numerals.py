"""Chinese numerals and full-width digits as written in policy texts.

* digit by digit (years): 二〇三五 -> 2035, 二○二○ (a circle for zero) -> 2020;
* positional: 十二 -> 12, 一百零五 -> 105, 三千二百 -> 3200, 两万 -> 20000, 1.5万 -> 15000;
* full-width digits: １２３ -> 123 (:func:`ascii_digits`, also the full-width ``．`` and ``％``);
* percentages: 百分之十 -> 10, 百分之三点五 -> 3.5 (:func:`percent`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_PERCENT = re.compile(r"百分之(?P<n>[〇○零一二两三四五六七八九十百千0-9０-９]+(?:点[〇○零一二三四五六七八九]+)?)")


def ascii_digits(text: str) -> str:
    """Full-width digits, full stop and percent sign as ASCII (same length)."""
    return text.translate(_FULL_WIDTH)


def digit_string(s: str) -> int | None:
    """Digit-by-digit numerals: 二〇三五 -> 2035; None unless every character is a digit."""
    if not s or any(c not in _DIGITS or c == "两" for c in s):
        return None
    return int("".join(str(_DIGITS[c]) for c in s))


def number(s: str) -> Decimal | None:
    """A numeral: Arabic (also full-width, 1.5万), positional Chinese (一百零五, 十二) or digit by
    digit (二〇三五); None when ``s`` is not one."""
    s = ascii_digits(s.strip())
    if not s:
        return None
    scale = 1
    if s[-1] in _BIG and len(s) > 1 and re.fullmatch(r"[0-9.]+", s[:-1]):
        scale, s = _BIG[s[-1]], s[:-1]
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", s):
        try:
            return Decimal(s) * scale
        except InvalidOperation:
            return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        head = number(whole)
        tail = digit_string(frac)
        return None if head is None or tail is None else head + Decimal(f"0.{frac.translate(_FRAC)}")
    if not any(c in _UNITS or c in _BIG for c in s):
        value = digit_string(s)
        return Decimal(value) if value is not None else None
    value = _positional(s)
    return Decimal(value) if value is not None else None


_FRAC = str.maketrans({c: str(v) for c, v in _DIGITS.items()})


def _positional(s: str) -> int | None:
    total = section = 0
    digit: int | None = None
    for c in s:
        if c in _DIGITS:
            if digit is not None and _DIGITS[c] != 0:
                return None  # two digits in a row: 二三 is no positional number
            digit = _DIGITS[c] if _DIGITS[c] != 0 else None
        elif c in _UNITS:
            section += (digit if digit is not None else 1) * _UNITS[c]
            digit = None
        elif c in _BIG:
            section += digit or 0
            if section == 0:
                return None
            total += section * _BIG[c]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def percent(text: str) -> list[tuple[int, int, Decimal]]:
    """(begin, end, value) of every 百分之… in ``text``: 百分之十 -> 10."""
    out = []
    for m in _PERCENT.finditer(text):
        value = number(m.group("n"))
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out
