"""Quantified targets and the years goals and targets are set for.

A *quantity* is a number with an optional qualifier before it ("over", "no less than"),
an optional scale word ("million", "亿") and an optional unit ("%", "kilowatts", "yuan").
Years, ordinals ("19th"), markers ("(8)"), hyphenated compounds ("2-hour", "5G") and numbers
after "per" are never quantities. A quantity is a *target* only when something governs it
(the rules are tried in this order on the text of its clause before it):

1. "… per N" and "from N" (a baseline value) — not a target;
2. an imperative change verb "<cut|raise|…> X by N" (increase/decrease) or "… X to N" (reach),
   or a subject-led "X will (be) <reduced|grow|…> by/to N";
3. a set verb "<keep|control|…> X (at|above|within|to) N" (reach);
4. a level verb "X will <reach|exceed|stay> N" (reach; "exceed" implies over);
5. a verb of creation or supply before the quantity: "<add|build|train> N (unit) (of) X"
   (increase), "<transmit|supply> N of X" (reach) — the indicator follows;
6. "X of N <unit>" with a unit or scale ("an installed capacity of over 500 million
   kilowatts") (reach);
7. an elliptical "… and Y by N" after a target of the same sentence reuses its direction.

Every word list comes from ``westdev_kg/lexicon/quantities.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from ..lexicon import quantities
from ..model import Span, Target

YEAR = r"(?:19|20)\d\d"
_DETERMINERS = ("the", "a", "an", "its", "their", "our", "this", "these", "all")
_MODAL = r"(?:will|shall|should|must|is\s+to|are\s+to|is|are|to|can)"


def _alternation(surfaces: object) -> str:
    return "|".join(re.escape(s) for s in surfaces)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class _Patterns:
    units: dict[str, str]
    prefixes: dict[str, str]
    scales: dict[str, Decimal]
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]
    set_prepositions: dict[str, str]  # the qualifier a set verb's preposition implies ("keep X below N")
    change: dict[str, str]
    change_re: str
    set_re: str
    level: dict[str, str]
    level_re: str
    create: dict[str, str]
    create_re: str
    triggers: frozenset[str]  # every word of every governing verb, for a cheap pre-check
    aggregations: dict[str, str]  # "average annual" → average-annual, "cumulative" → cumulative


@cache
def _patterns() -> _Patterns:
    q = quantities()

    def table(kind: str) -> dict[str, str]:
        return {s.lower(): v for s, v in q[kind]}  # longest surface first (see lexicon.quantities)

    change, level, create = table("change-verb"), table("level-verb"), table("create-verb")
    triggers = frozenset(w for kind in ("change-verb", "set-verb", "level-verb", "create-verb") for s, _ in q[kind] for w in s.lower().split())
    return _Patterns(
        units=table("unit"),
        prefixes=table("unit-prefix"),
        scales={s.lower(): Decimal(v) for s, v in q["scale"]},
        qualifiers=table("qualifier"),
        qualifiers_after=table("qualifier-after"),
        set_prepositions=table("set-preposition"),
        change=change,
        change_re=_alternation(s for s, _ in q["change-verb"]),
        set_re=_alternation(s for s, _ in q["set-verb"]),
        level=level,
        level_re=_alternation(s for s, _ in q["level-verb"]),
        create=create,
        create_re=_alternation(s for s, _ in q["create-verb"]),
        triggers=triggers,
        aggregations=table("aggregation"),
    )


# -- years ---------------------------------------------------------------------------

_BASELINE = re.compile(
    rf"\b(?:from(?:\s+[^,;]{{0,25}}?\s+in)?|compared\s+(?:with|to)|than(?:\s+in)?|over|relative\s+to|below|above)\s+"
    rf"(?:(?:the|its)\s+)?(?:level\s+(?:of|in)\s+)?"
    rf"(?P<y>{YEAR})(?:\s+levels?)?(?![\d-])",
    re.IGNORECASE,
)
_TARGET_YEAR = re.compile(
    rf"\b(?:by|in|to|before|until|till|for)\s+(?:the\s+end\s+of\s+)?(?:the\s+year\s+)?(?P<y>{YEAR})(?![\d-])",
    re.IGNORECASE,
)


def baseline_year(text: str) -> int | None:
    """The year a change is counted from: "from 2020", "compared with 2020", "the 2020 level"."""
    match = _BASELINE.search(text)
    return int(match["y"]) if match else None


def target_year(text: str, not_before: int | None = None) -> int | None:
    """The year something is to be achieved by: "by 2020", "In 2035", "before the end of 2025".

    Baseline years ("from 2020") are not target years; nor are years before
    ``not_before`` (the document's own year: "by 2015 the plan was completed" is history).
    """
    if not _DIGIT.search(text):
        return _relative_year(text, not_before)
    masked = _BASELINE.sub(lambda m: " " * len(m[0]), text)
    for match in _TARGET_YEAR.finditer(masked):
        before = masked[max(0, match.start() - 12) : match.start()].lower()
        if before.rstrip().endswith(("than", "with", "since")):
            continue
        year = int(match["y"])
        if not_before is not None and year < not_before:
            continue
        return year
    return _relative_year(text, not_before)


@cache
def _relative_years() -> tuple[re.Pattern[str], dict[str, int]]:
    offsets = {s.lower(): int(v) for s, v in quantities()["relative-year"]}
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(offsets, key=len, reverse=True))
    return re.compile(rf"\b(?:by|before|until)\s+the\s+end\s+of\s+(?P<w>{words})\b", re.IGNORECASE), offsets


def relative_year_phrase(text: str) -> bool:
    """Whether ``text`` dates something by the document's year ("by the end of next year")."""
    return _relative_years()[0].search(text) is not None


def _relative_year(text: str, not_before: int | None) -> int | None:
    """"by the end of next year": the document's year plus the phrase's offset (lexicon kind
    ``relative-year``), when the document's year is known."""
    return offset_year(_relative_years(), text, not_before)


def offset_year(found: tuple[re.Pattern[str], dict[str, int]], text: str, not_before: int | None) -> int | None:
    """The document's year ``not_before`` plus the offset of the word group ``w`` the pattern of
    ``found`` matches in ``text`` (its spacing and case as the table writes it); None without both."""
    if not_before is None:
        return None
    pattern, offsets = found
    m = pattern.search(text)
    return not_before + offsets[re.sub(r"\s+", " ", m["w"].lower())] if m else None


# -- quantities -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    begin: int
    end: int
    value: str
    unit: str | None
    unit_label: str | None
    qualifier: str | None  # from the words around the number, when any
    has_unit: bool
    max_value: str | None = None  # the upper bound of a range ("5% to 5.5%")


def _format(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


_DIGIT = re.compile(r"\d")
_COMPARED = re.compile(r"\s+(lower|less|higher|more|greater|below|above)\s+(?:than\s+)?(?:in\s+|the\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
_RANGE_TAIL = re.compile(r"\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?)\s*")


_NUMBER = re.compile(r"(?<![\w.,(+-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|\.\d|,\d|-|\)|[A-Za-z])")
_SPACES = re.compile(r"\s*")


def _bounded(surface: str, following: str) -> bool:
    """A word surface must not run on into a letter, digit or hyphen ("km" is not "kmh")."""
    return not (surface[-1].isalnum() and surface.isascii() and following and (following.isalnum() or following == "-"))


def _word_at(text: str, pos: int, table: dict[str, object]) -> str | None:
    """The longest surface of ``table`` that ``text`` has at ``pos`` (as written)."""
    window = text[pos : pos + 32].lower()
    for surface in table:
        if window.startswith(surface) and _bounded(surface, window[len(surface) : len(surface) + 1]):
            return text[pos : pos + len(surface)]
    return None


def _word_before(text: str, end: int, table: dict[str, object]) -> str | None:
    """The longest surface of ``table`` that ``text`` has just before ``end``, as a whole word."""
    window = text[max(0, end - 32) : end].lower()
    for surface in table:
        if window.endswith(surface):
            before = window[-len(surface) - 1 : -len(surface)] if len(window) > len(surface) else ""
            if not (before.isalnum() or before == "-"):
                return text[end - len(surface) : end]
    return None


def quantities_in(text: str) -> list[Quantity]:
    if not _DIGIT.search(text):
        return []
    pats = _patterns()
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        num, begin, end = m[1], m.start(), m.end()
        if begin > 0 and text[begin - 1] == "(" and text[end : end + 1] == ")":
            continue  # a marker "(8)"
        # after the number: scale, unit, qualifier ("or more")
        pos = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        scale = _word_at(text, pos, pats.scales)  # type: ignore[arg-type]
        if scale:
            end = pos + len(scale)
            pos = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        unit = _word_at(text, pos, pats.units)  # type: ignore[arg-type]
        if unit:
            end = pos + len(unit)
        upper = None
        if unit and (tail := _RANGE_TAIL.match(text, end)):  # "5% to 5.5%", "5%-5.5%": the unit repeated
            after = text[tail.end() : tail.end() + 40]
            repeated = f"{scale} {unit}" if scale else unit
            for form in (repeated, repeated.replace(" ", ""), unit):
                if after.lower().startswith(form.lower()) and _bounded(form, after[len(form) : len(form) + 1]):
                    upper, end = Decimal(tail[1]) * (pats.scales[scale.lower()] if scale and form != unit else 1), tail.end() + len(form)
                    break
        qafter = None
        pos = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        if pos > end and (qafter := _word_at(text, pos, pats.qualifiers_after)):  # type: ignore[arg-type]
            end = pos + len(qafter)
        # before the number: a currency ("RMB 300 billion"), a qualifier ("over")
        start = begin
        prefix = _word_before(text, len(text[:start].rstrip()), pats.prefixes)  # type: ignore[arg-type]
        if prefix:
            start = len(text[:start].rstrip()) - len(prefix)
        qual = None
        stripped = len(text[:start].rstrip())
        if stripped < start and (qual := _word_before(text, stripped, pats.qualifiers)):  # type: ignore[arg-type]
            start = stripped - len(qual)
        if re.fullmatch(YEAR, num) and not scale and not unit and not prefix:
            continue  # a year
        if not qual and re.search(r"\bper\s+$", text[max(0, start - 6) : start], re.IGNORECASE):
            continue  # "per 10,000 yuan" belongs to an indicator
        value = Decimal(num.replace(",", ""))
        if scale:
            value *= pats.scales[scale.lower()]
        code: str | None = None
        label: str | None = None
        if unit:
            code = pats.units[unit.lower()] or None
            label = f"{scale} {unit}" if scale else unit
        elif prefix:
            code = pats.prefixes[prefix.lower()]
            label = f"{prefix} {scale}" if scale else prefix
        qualifier = pats.qualifiers[qual.lower()] if qual else pats.qualifiers_after[qafter.lower()] if qafter else None
        out.append(
            Quantity(
                begin=start,
                end=end,
                value=_format(value),
                unit=code,
                unit_label=label,
                qualifier=qualifier,
                has_unit=bool(unit or prefix or scale),
                max_value=_format(upper) if upper is not None else None,
            )
        )
    return out


# -- targets ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoundTarget:
    target: Target
    begin: int  # where its clause text starts (indicator or verb), relative to the text
    end: int  # end of the quantity (or of a trailing indicator)


_CLAUSE_BREAK = re.compile(r"[;:]|,(?=\s)")
_LEAD_STRIP = re.compile(
    r"^(?:(?:and|while|as\s+well\s+as|we\s+will|we\s+shall|we\s+must|continue\s+to|strive\s+to|"
    r"further|actively|vigorously|steadily|\w+ly)\s+)+",
    re.IGNORECASE,
)
_STOP_AFTER = re.compile(
    r"\s+(?:by|before|in|to|from|within|at|every|each|annually|and|with|for|per\s+year)\b|[,;.]|$", re.IGNORECASE
)


_LINE_BREAKS = str.maketrans("\r\n", "  ")


def _clean_indicator(text: str) -> str:
    words = text.strip(" ,;").split()
    while words and words[0].lower() in _DETERMINERS + ("and", "while"):
        words = words[1:]
    out = " ".join(words)
    if len(out) > 1 and out[0].isupper() and out[1].islower():
        out = out[0].lower() + out[1:]
    return out


def _subject(text: str) -> str | None:
    """The subject before a trailing modal/auxiliary: "The forest coverage rate will"."""
    text = re.sub(rf"(?:\s+{_MODAL})?(?:\s+be)?(?:\s+\w+ly)?\s*$", "", text, flags=re.IGNORECASE)
    text = _LEAD_STRIP.sub("", text.strip())
    return _clean_indicator(text) or None


def scan_targets(text: str, default_year: int | None = None, not_before: int | None = None) -> list[FoundTarget]:
    """Every quantified target in ``text`` (a sentence or a clause), in text order."""
    if not _DIGIT.search(text):
        return []
    text = text.translate(_LINE_BREAKS)  # a hard-wrapped sentence reads as one line (offsets kept)
    pats = _patterns()
    found: list[FoundTarget] = []
    sentence_year = target_year(text, not_before) or default_year
    sentence_base = baseline_year(text)
    prev_end = 0
    prev_direction: str | None = None
    prev_kind: str | None = None
    qs = quantities_in(text)
    for index, q in enumerate(qs):
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, q.begin)]
        start = max([prev_end, *breaks])
        left = text[start : q.begin]
        stripped = left.strip()
        lower = stripped.lower()
        lead = _LEAD_STRIP.match(stripped)
        body = stripped[lead.end() :] if lead else stripped
        body_lower = body.lower()
        indicator: str | None = None
        direction: str | None = None
        qualifier = q.qualifier
        kind = None
        end = q.end
        if re.search(r"\b(?:per|from)$", lower):
            continue
        if (
            not found
            and pats.triggers.isdisjoint(body_lower.split())
            and not body_lower.endswith((" of", " by", " to"))
        ):
            continue  # nothing could govern it (the common case for stray numbers)
        # 2. change verbs: imperative "<verb> X by|to", subject-led "X will be <verb> by|to"
        m = re.match(rf"(?P<verb>{pats.change_re})\b\s+(?P<ind>.+?)\s+(?P<prep>by|to)$", body, re.IGNORECASE)
        if m and m["verb"].lower() in pats.change:
            indicator = _clean_indicator(m["ind"])
        if indicator is None:
            m = re.search(
                rf"^(?P<subj>.+?)\s+(?:{_MODAL}\s+)?(?:continue\s+to\s+)?(?:be\s+)?(?:\w+ly\s+)?(?P<verb>{pats.change_re})\s+(?P<prep>by|to)$",
                body,
                re.IGNORECASE,
            )
            if m and m["verb"].lower() in pats.change:
                indicator = _subject(m["subj"])
        if indicator is not None:  # "by" a change states its direction; "to" a level is reached
            kind = m["prep"].lower()
            direction = pats.change[m["verb"].lower()] if kind == "by" else "reach"
        # 3. set verbs: "<keep|control> X (at|above|within|to)"
        if indicator is None:
            m = re.match(
                rf"(?P<verb>{pats.set_re})\b\s+(?P<ind>.+?)(?:\s+(?P<prep>at|above|below|within|under|over|to))?$",
                body,
                re.IGNORECASE,
            )
            if m:
                indicator = _clean_indicator(m["ind"])
                direction = "reach"
                kind = "set"
                prep = (m["prep"] or "").lower()
                if qualifier is None and prep:
                    qualifier = pats.set_prepositions.get(prep)
        # 4. level verbs: "X will reach|exceed|stay"
        if indicator is None:
            m = re.search(
                rf"^(?P<subj>.+?)\s+(?:{_MODAL}\s+)?(?:continue\s+to\s+)?(?:be\s+)?(?:\w+ly\s+)?(?P<verb>{pats.level_re})$",
                body,
                re.IGNORECASE,
            )
            if m:
                subject = _subject(m["subj"])
                if subject and not re.match(r"(?:we|it|they)$", subject, re.IGNORECASE):
                    indicator = subject
                    direction = "reach"
                    kind = "level"
                    if qualifier is None and pats.level.get(m["verb"].lower()):
                        qualifier = pats.level[m["verb"].lower()]
        # 5. creation/supply verb right before the quantity: the indicator follows
        if indicator is None:
            m = re.fullmatch(rf"(?P<verb>{pats.create_re})", body, re.IGNORECASE)
            if m:
                after = text[q.end :]
                mm = re.match(r"\s+(?:of\s+)?", after)
                rest_start = q.end + (mm.end() if mm else 0)
                stop = _STOP_AFTER.search(text, rest_start)
                rest_end = stop.start() if stop else len(text)
                phrase = text[rest_start:rest_end]
                if phrase.strip():
                    indicator = _clean_indicator(phrase)
                    direction = pats.create[m["verb"].lower()]
                    kind = "create"
                    end = rest_end
        # 6. "X of N unit"
        if indicator is None and q.has_unit:
            m = re.search(r"(?:^|\b(?:a|an|the|its|with|of|to|and)\s+)(?P<ind>(?:[\w-]+\s+){0,4}?[\w-]+)\s+of$", body, re.IGNORECASE)
            if m:
                indicator = _clean_indicator(m["ind"])
                direction = "reach"
                kind = "of"
        # 7. elliptical "… and Y by|to N" / "… and N Y" after a target of this sentence
        if indicator is None and found and prev_kind == "create" and re.fullmatch(r"(?:and|as\s+well\s+as)?", body, re.IGNORECASE):
            stop = _STOP_AFTER.search(text, q.end)
            rest_end = stop.start() if stop else len(text)
            phrase = re.sub(r"^\s+(?:of\s+)?", "", text[q.end : rest_end])
            if phrase.strip():
                indicator = _clean_indicator(phrase)
                direction = prev_direction
                kind = "create"
                end = rest_end
        if indicator is None and found and prev_direction is not None:
            m = re.match(r"(?:and\s+|as\s+well\s+as\s+)?(?P<ind>.+?)\s+(?P<prep>by|to)$", body, re.IGNORECASE)
            if m and prev_kind in ("by", "to"):
                indicator = _clean_indicator(m["ind"])
                direction = prev_direction if m["prep"].lower() == "by" else "reach"
                kind = m["prep"].lower()
        if not indicator:
            continue
        # the target's own stretch of text: to the next quantity, for its own years
        next_begin = qs[index + 1].begin if index + 1 < len(qs) else len(text)
        own = text[start:next_begin]
        year = target_year(own, not_before) or sentence_year
        base = baseline_year(own) or sentence_base
        around = (left + " " + text[q.end : q.end + 24]).lower()
        aggregation = next((v for k, v in pats.aggregations.items() if re.search(rf"\b{re.escape(k)}\b", around)), None)
        compared = _COMPARED.match(text, q.end)  # "16% lower than in 2022": a change from that year
        if compared:
            direction = "decrease" if compared[1].lower() in ("lower", "less", "below") else "increase"
        target = Target(
            indicator=indicator,
            value=q.value,
            max_value=q.max_value,
            aggregation=aggregation,  # type: ignore[arg-type]
            unit=q.unit,
            unit_label=q.unit_label,
            direction=direction,  # type: ignore[arg-type]
            qualifier=(qualifier or "exactly"),  # type: ignore[arg-type]
            baseline_year=base,
            target_year=year,
        )
        begin = start + (len(left) - len(left.lstrip()))
        found.append(FoundTarget(target, begin, end))
        prev_end = end
        prev_direction = direction
        prev_kind = kind
    return found


def find_targets(text: str, default_year: int | None = None, not_before: int | None = None) -> tuple[Target, ...]:
    return tuple(f.target for f in scan_targets(text, default_year, not_before))


def targets_in(piece: str, offset: int, year: int | None, not_before: int | None) -> tuple[Target, ...]:
    """The targets of ``piece`` (text that starts at ``offset``), with ``year`` when they give none
    and their spans counted in the whole text."""
    return tuple(
        replace(with_year(f.target, year), span=Span(offset + f.begin, offset + f.end))
        for f in scan_targets(piece, year, not_before)
    )


def with_year(target: Target, year: int | None) -> Target:
    return target if target.target_year is not None or year is None else replace(target, target_year=year)
