"""The section tree: the walk's units become :class:`~westdev_kg.model.Section` objects.

1. **Sections.**  The *preamble* is the text between the title and the first part (or the
   first loose measure); the *closing* is what :func:`.walk.split_closing` took off the last
   unit.  A part's *heading* is the first sentence after its marker (a final full stop is
   dropped); the rest of its text before its first measure is its *intro*.  A measure's
   *title* (its heading) is its first sentence without the final full stop (``.``, ``．`` or
   ``。``); its sentences start with that sentence.  Parts are level 1 and hold their
   measures (level 2); measures of a text without parts are level 1.  The units of deeper
   levels (:mod:`.outline`) are sections one level below the unit holding them, before its
   measures.  A section's *kind* is what its marker prints (:meth:`.levels.Levels.kind`: a 篇
   part, a 章 chapter, a 节 section, a （一） measure, a 1. item …); its *role* is ``part`` or
   ``measure`` for the two levels of the walk, none below.
2. **Keys and numbers.**  Parts are ``part/N`` (``chapter/N`` when chapters are the top).
   Measures are ``measure/N`` (``chapter/N`` under 篇 parts, ``section/N`` …) when they are
   numbered continuously, and ``part/P/measure/N`` when at least two parts start their
   measures again at 1.  A deeper section is ``{its parent's key}/{kind}/N``.  A number repeated in one scope gets ``-2``, ``-3`` … and a warning;
   skipped and out-of-order numbers are warned about with the numbers named.  Sentences are
   ``{section key}/sentence/{i}``, 1-based within their section; a part's first sentence is
   its heading and a measure's its title, so that what a heading or title names has a
   sentence to sit in.

Units refer to one another by their index in the walk (:attr:`.walk.Unit.index`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Section, SectionKind, Sentence, Span
from ..numbering import Marker, format_numbers
from .levels import Levels
from .sentences import split_sentences
from .text import FULL_STOPS, clean, ends_with_terminal, trim_end
from .walk import Paragraph, Unit


def section_tree(
    text: str, units: list[Unit], closing: list[Paragraph], warnings: list[str], levels: Levels = Levels()
) -> tuple[Section, ...]:
    """The top-level sections of the walk's ``units`` and the ``closing`` paragraphs, in
    reading order; what they doubt is added to ``warnings``."""
    parts = [u for u in units if u.kind == "part"]
    measures = [u for u in units if u.kind == "measure"]
    restart = _restarts(parts)
    part_kind = levels.kind(levels.part) if levels.part else "part"
    measure_kind = levels.kind(levels.measure) if levels.measure else "measure"
    key_of = dict(zip((u.index for u in parts), _keys([_number(u) for u in parts], lambda n: f"{part_kind}/{n}")))
    key_of.update(_measure_keys(measures, key_of, restart, measure_kind))
    made = {u.index: _measure(text, u, key_of[u.index], measure_kind, levels, warnings) for u in measures}
    top = [
        _part(text, u, key_of[u.index], part_kind, tuple(made[m.index] for m in u.measures), levels, warnings)
        for u in parts
    ]
    top += [made[u.index] for u in measures if u.part is None]
    preamble = _passage(text, units[0].paras, "preamble")
    if not top:
        count = len(preamble.sentences) if preamble else 0
        warnings.append(f"no parts or measures recognised; the text is kept as a preamble of {count} sentences")
    warnings.extend(_numbering_warnings(parts, measures, restart))
    return tuple(s for s in (preamble, *top, _passage(text, closing, "closing")) if s is not None)


# -- sections --------------------------------------------------------------------------------


def _sentences(text: str, paras: list[Paragraph]) -> list[tuple[int, int]]:
    return [s for para in paras for b, e in para for s in split_sentences(text, b, e)]


def _numbered(key: str, spans: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(f"{key}/sentence/{i}", Span(b, e)) for i, (b, e) in enumerate(spans, 1))


def _passage(text: str, paras: list[Paragraph], kind: SectionKind) -> Section | None:
    """The preamble or the closing: unnumbered text, keyed by its kind."""
    spans = _sentences(text, paras)
    if not spans:
        return None
    return Section(kind, kind, 1, Span(spans[0][0], spans[-1][1]), _numbered(kind, spans))


def _headline(text: str, spans: list[tuple[int, int]], at: int) -> tuple[str, Span]:
    """The first sentence without its final full stop, or an empty span at ``at``."""
    if not spans:
        return "", Span(at, at)
    begin, end = spans[0]
    if end - begin > 1 and text[end - 1] in FULL_STOPS:
        end -= 1
    return clean(text[begin:end]), Span(begin, end)


def _cut_by_footer(text: str, unit: Unit, first: tuple[int, int]) -> bool:
    """Does the first sentence end where a page footer interrupts its paragraph?"""
    pieces = unit.paras[0]
    return len(pieces) > 1 and first[1] == trim_end(text, *pieces[0]) and not ends_with_terminal(text, *first)


def _opening(
    text: str, unit: Unit, what: str, headline: str, empty: str, warnings: list[str]
) -> tuple[Marker, list[tuple[int, int]], str, Span]:
    """A numbered unit's marker, sentence spans and headline (a measure's title, a part's
    heading), with a warning when the unit is empty or a page footer cuts its headline short."""
    m = unit.marker
    assert m is not None
    spans = _sentences(text, unit.paras)
    words, span = _headline(text, spans, m.end)
    if not spans:
        warnings.append(f'{what} "{m.written(text)}" {empty}')
    elif _cut_by_footer(text, unit, spans[0]):
        warnings.append(f'the {headline} of {what} "{m.written(text)}" is cut short by a page footer')
    return m, spans, words, span


def _numbered_section(
    text: str, unit: Unit, key: str, kind: str, level: int, role: str | None, below: tuple[Section, ...],
    levels: Levels, warnings: list[str],
) -> Section:
    """A part, a measure or a section of a deeper level, with its deeper sections and then
    ``below`` (a part's measures) as its children."""
    what, headline, empty = ("part", "heading", "has no heading") if role == "part" else (kind, "title", "has no text")
    m, spans, heading, heading_span = _opening(text, unit, what, headline, empty, warnings)
    sentences = _numbered(key, spans)
    subs = _subs(text, unit.subs, key, level + 1, levels, warnings)
    children = subs + below
    ends = [m.end, heading_span.end, *(s.span.end for s in sentences), *(x.span.end for x in children)]
    return Section(
        key=key,
        kind=kind,  # type: ignore[arg-type]  # a SectionKind by Levels.kind
        level=level,
        span=Span(m.begin, max(ends)),
        sentences=sentences,
        children=children,
        number=m.number,
        marker=m.written(text),
        marker_span=Span(m.begin, m.end),
        heading=heading,
        heading_span=heading_span,
        role=role,  # type: ignore[arg-type]
    )


def _subs(text: str, subs: list[Unit], parent: str, level: int, levels: Levels, warnings: list[str]) -> tuple[Section, ...]:
    """The sections of deeper levels directly in a unit: ``{parent}/{kind}/N``."""
    kinds = [levels.kind(u.marker.family) if u.marker else "item" for u in subs]
    numbers = [_number(u) for u in subs]
    seen: dict[tuple[str, int], int] = {}
    out = []
    for unit, kind, n in zip(subs, kinds, numbers):
        count = seen[(kind, n)] = seen.get((kind, n), 0) + 1
        key = f"{parent}/{kind}/{n}" + (f"-{count}" if count > 1 else "")
        out.append(_numbered_section(text, unit, key, kind, level, None, (), levels, warnings))
    return tuple(out)


def _measure(text: str, unit: Unit, key: str, kind: str, levels: Levels, warnings: list[str]) -> Section:
    level = 1 if unit.part is None else 2
    return _numbered_section(text, unit, key, kind, level, "measure", (), levels, warnings)


def _part(
    text: str, unit: Unit, key: str, kind: str, measures: tuple[Section, ...], levels: Levels, warnings: list[str]
) -> Section:
    return _numbered_section(text, unit, key, kind, 1, "part", measures, levels, warnings)


# -- keys and numbering ----------------------------------------------------------------------


def _keys(numbers: list[int], base: Callable[[int], str], scopes: list[int | None] | None = None) -> list[str]:
    """``base(n)`` per number, with ``-2``, ``-3`` … for repeats within one scope."""
    seen: dict[tuple[int | None, int], int] = {}
    out = []
    for i, n in enumerate(numbers):
        scope = scopes[i] if scopes else None
        count = seen.get((scope, n), 0) + 1
        seen[(scope, n)] = count
        out.append(base(n) if count == 1 else f"{base(n)}-{count}")
    return out


def _restarts(parts: list[Unit]) -> bool:
    """Numbering restarts in each part when two or more parts begin their measures at 1."""
    return sum(1 for p in parts if p.measures and _number(p.measures[0]) == 1) >= 2


def _number(unit: Unit) -> int:
    return unit.marker.number if unit.marker else 0


def _measure_keys(measures: list[Unit], part_keys: dict[int, str], restart: bool, kind: str = "measure") -> dict[int, str]:
    """The measures' keys by unit index (``part_keys``: the parts' keys by unit index)."""
    numbers = [_number(m) for m in measures]
    if not restart:
        return dict(zip((m.index for m in measures), _keys(numbers, lambda n: f"{kind}/{n}")))
    scopes = [m.part.index if m.part is not None else None for m in measures]
    keys = _keys(numbers, lambda n: f"{kind}/{n}", scopes)
    return {
        m.index: f"{part_keys[m.part.index]}/{k}" if m.part is not None else k for m, k in zip(measures, keys)
    }


def _numbering_warnings(parts: list[Unit], measures: list[Unit], restart: bool) -> list[str]:
    out = _sequence_warnings("part", [(_number(u), "") for u in parts])
    if restart:
        for p in parts:
            out += _sequence_warnings("measure", [(_number(m), _where(m)) for m in p.measures])
    else:
        out += _sequence_warnings("measure", [(_number(m), _where(m)) for m in measures])
    return out


def _where(measure: Unit) -> str:
    return f" in part {_number(measure.part)}" if measure.part is not None else ""


def _sequence_warnings(what: str, items: list[tuple[int, str]]) -> list[str]:
    """Name skipped, repeated and out-of-order numbers of one sequence expected to run 1, 2, 3 …"""
    out: list[str] = []
    seen: set[int] = set()
    prev = 0
    for n, where in items:
        if n in seen:
            out.append(f"duplicate {what} number {n}{where}")
        elif n < prev:
            out.append(f"{what} number {n} out of order after {prev}{where}")
        else:
            missing = [k for k in range(prev + 1, n) if k not in seen]
            if missing:
                plural = "s" if len(missing) > 1 else ""
                after = f"after {prev}" if prev else f"before {n}"
                out.append(f"{what} number{plural} skipped: {format_numbers(missing)} {after}{where}")
        seen.add(n)
        prev = n
    return out
