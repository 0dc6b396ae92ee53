"""Chinese names as whole words (issue 11, points 3 and 6).

Rules
-----
* **Names.**  Besides the reference data's full names (matched by :mod:`.gazetteer`), a
  Chinese text names bodies and places by their official short forms
  (``reference/zh/short_forms.csv``: 党中央, 国家发展改革委, 全国人大常委会, 住房城乡建设部 …),
  cities by their name without 市 (深圳市 → 深圳, derived from the reference rows), and
  several places at once by a coordinate form: a listed one (中西部, 东中西部, 港澳台, 川渝 …)
  or a run of three or more one-character abbreviations of provincial-level divisions
  (``reference/zh/abbreviations.csv``: 川渝滇黔, 京津冀).  A coordinate form names each member
  (the mention's components); a following 地区 belongs to it (中西部地区).
* **Whole words.**  Longest match against those names, then a boundary check against the
  words of a segmenter (``rjieba``, the Rust port of jieba's dictionary and algorithm, run
  once per document): a place name must begin where a word begins, and a short place name
  (three characters or fewer, no 省/市/区/县/州 ending) must also end where a word ends.  So
  印度 is not a mention in 环印度洋, 长治 not in 长治久安, 西部地区 not in 中西部地区.  A body's
  short form must begin at a word boundary (its end may fall inside a segmenter word:
  国家发展改革委会同 is cut 改/革委会 by the dictionary).  The segmenter is imported on the first
  Chinese document only (about 0.3 s, its dictionary build).
* **Context.**  ``coordination``: bare 中央 is the Central Committee only when 、 or 和 and
  another body follow (中央、国务院); ``central-document``: only in a document that is not a
  region's own (no work-report region, no provincial issuer) and never after 省, 市, 区, 县,
  州, 各地, 各级 or 地方; ``not-after:X``: never right after X (祖国北疆); ``quoted``: only
  between quotation marks (“三北”, the programme; bare 三北 is also the region).
* **Projects** named by a head word (乡村振兴战略, 国家黑土地保护工程, 污染防治攻坚战) and the
  strategy a region's name stands for (推动长江经济带高质量发展): :mod:`.zh_projects`.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..reference import FOLDER, PROVINCIAL_KINDS, Reference
from . import body_history, zh_projects
from .candidates import RANK_GAZETTEER, Candidate, Context

DATA = FOLDER / "zh"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ADMIN_ENDINGS = tuple("省市区县州盟")
_LOCAL = ("省", "市", "区", "县", "州", "各地", "各级", "地方")
_COORDINATORS = "、和与"
_SUFFIX = "地区"


@dataclass(frozen=True, slots=True)
class ShortForm:
    form: str
    keys: tuple[str, ...]  # one key: a short form; several: a coordinate form naming each
    context: str = ""  # "", "coordination", "central-document", "quoted" or "not-after:X"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def short_forms() -> tuple[ShortForm, ...]:
    """The rows of ``reference/zh/short_forms.csv``."""
    return tuple(
        ShortForm(r["form"], tuple(r["keys"].split("|")), r["context"] or "") for r in _rows(DATA / "short_forms.csv")
    )


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """One-character abbreviation -> provincial-level division key."""
    return {r["abbreviation"]: r["key"] for r in _rows(DATA / "abbreviations.csv")}


def city_short_names(ref: Reference) -> Iterator[tuple[str, str]]:
    """(name without 市, key) of every city of the reference data named …市 (two characters or
    more left): 深圳市 → 深圳."""
    for key, entity in ref.entities.items():
        name = entity.label_zh or ""
        if entity.category == "region" and entity.kind == "city" and name.endswith("市") and len(name) >= 3:
            yield name[:-1], key


@functools.lru_cache(maxsize=2)
def _names(ref: Reference) -> dict[str, list[ShortForm]]:
    """First character -> the names starting with it, longest first."""
    out: dict[str, list[ShortForm]] = {}
    forms = [*short_forms(), *(ShortForm(name, (key,)) for name, key in city_short_names(ref))]
    for sf in forms:
        out.setdefault(sf.form[0], []).append(sf)
    for group in out.values():
        group.sort(key=lambda sf: -len(sf.form))
    return out


@functools.lru_cache(maxsize=2)
def _body_names(ref: Reference) -> frozenset[str]:
    names = {e.label_zh for e in ref.entities.values() if e.category == "body" and e.label_zh}
    names.update(sf.form for sf in short_forms() if all(k.startswith("body/") for k in sf.keys))
    return frozenset(names)


def is_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


@functools.cache
def _segmenter():
    import rjieba  # imported on the first Chinese document: its dictionary takes ~0.3 s to build

    return rjieba


def word_boundaries(text: str) -> frozenset[int]:
    """Offsets where a word of the segmenter begins or ends."""
    return _boundaries_of(_segmenter().tokenize(text, hmm=False), len(text))


def _boundaries_of(words: list[tuple[str, int, int]], length: int) -> frozenset[int]:
    out = {0, length}
    for _, begin, end in words:
        out.add(begin)
        out.add(end)
    return frozenset(out)


# -- the entity stage's hooks ----------------------------------------------------------------


def is_central(ctx: Context) -> bool:
    """A document of the central government: no work-report region, no provincial issuer."""
    meta = ctx.document.source.metadata
    if meta.region:
        return False
    provinces = [e.label_zh for e in ctx.reference.entities.values() if e.kind in PROVINCIAL_KINDS and e.label_zh]
    return not any(name.startswith(p[:2]) for name in meta.issuers for p in provinces)


def keep(ctx: Context, found: list[Candidate]) -> list[Candidate]:
    """``found`` without the gazetteer's Chinese place names that are not whole words."""
    text = ctx.document.text
    if not is_chinese(text):
        return found
    bounds = _bounds(ctx)
    ruled = {sf.form: sf for sf in short_forms() if sf.context.startswith("not-after:")}
    history = _history(ctx)
    out = []
    for cand in found:
        begin, end = ctx.tokens[cand.first].begin, ctx.tokens[cand.last].end
        surface = text[begin:end]
        if _decided_by_history(cand, surface, begin, end, history):
            continue  # the names of the State Council's bodies are read by date (_history)
        places = cand.method == "gazetteer" and cand.keys and all(k.startswith("region/") for k in cand.keys)
        if places and is_chinese(surface) and not _whole_place(surface, begin, end, bounds):
            continue
        if surface in ruled and not _admitted(ctx, ruled[surface], begin, end, bounds, None):
            continue  # a reference label with a context rule (祖国北疆)
        out.append(cand)
    return out


def candidates(ctx: Context) -> Iterator[Candidate]:
    """Short forms, city short names and coordinate forms of a Chinese text, as whole words."""
    text = ctx.document.text
    if not is_chinese(text):
        return
    bounds = _bounds(ctx)
    names, abbr = _names(ctx.reference), abbreviations()
    index = {t.begin: i for i, t in enumerate(ctx.tokens)}
    central = None
    history, year = _history(ctx), body_history.year_of(ctx.document.source.metadata)
    for begin, end, _name, key in history:
        if key:
            yield _candidate(index[begin], index, end, (key,))
    dated = body_history.by_name()
    for i, tok in enumerate(ctx.tokens):
        begin = tok.begin
        for sf in names.get(text[begin], ()):
            if not text.startswith(sf.form, begin) or sf.form in dated:
                continue
            end = begin + len(sf.form)
            if len(sf.keys) > 1 and text.startswith(_SUFFIX, end):
                end += len(_SUFFIX)
            if sf.context == "central-document":
                central = is_central(ctx) if central is None else central
            if not _admitted(ctx, sf, begin, end, bounds, central):
                continue
            if not all(body_history.existed(k, year) for k in sf.keys):
                _unlinked(ctx).append((begin, end, sf.form, f"no body of that name in {year}"))
                break
            yield _candidate(i, index, end, sf.keys)
            break
        run = _abbreviation_run(text, begin, abbr)
        if len(run) >= 3 and begin in bounds and begin + len(run) in bounds:
            yield _candidate(i, index, begin + len(run), tuple(dict.fromkeys(abbr[c] for c in run)))


# -- names of the State Council's bodies, by the document's date ------------------------------

_FOLLOWERS = ("会同", "等", "牵头", "负责", "按", "要", "和", "与", "及")


def _history(ctx: Context) -> list[tuple[int, int, str, str]]:
    """(begin, end, name, key) of every name of ``body_history`` in the text, longest first
    from left to right, as whole words (ending on a word boundary or before 会同, 等 …: so not
    建设部 in 建设部署, not 住房城乡建设部 in 住房城乡建设部门), with the short forms' own context rules;
    key "" when no body bore the name in the document's year (recorded as unlinked)."""
    cached = getattr(ctx, "_zh_history", None)
    if cached is not None:
        return cached
    text, bounds = ctx.document.text, _bounds(ctx)
    year = body_history.year_of(ctx.document.source.metadata)
    ruled = {sf.form: sf for sf in short_forms() if sf.context}
    first, out, central, end = body_history.by_first_character(), [], None, 0
    for begin in (m.start() for m in _first_characters().finditer(text)):
        if begin < end or begin not in bounds:
            continue
        for name in first[text[begin]]:
            stop = begin + len(name)
            if not text.startswith(name, begin) or not (stop in bounds or text.startswith(_FOLLOWERS, stop)):
                continue
            if (sf := ruled.get(name)) is not None:
                central = is_central(ctx) if central is None else central
                if not _admitted(ctx, sf, begin, stop, bounds, central):
                    continue
            key = body_history.resolve(name, year)
            out.append((begin, stop, name, key))
            if not key:
                _unlinked(ctx).append((begin, stop, name, body_history.why_unlinked(name, year)))
            end = stop
            break
    ctx._zh_history = out  # type: ignore[attr-defined]
    return out


@functools.cache
def _first_characters() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(body_history.by_first_character())) + "]")


def _decided_by_history(cand: Candidate, surface: str, begin: int, end: int, history: list) -> bool:
    """A gazetteer body name that the date rule reads instead: a name of the data (read where it
    is a whole word, with its date), or a name inside one."""
    if not cand.keys or not all(k.startswith("body/") for k in cand.keys):
        return False
    return surface in body_history.by_name() or any(b <= begin and end <= e for b, e, _, _ in history)


def _unlinked(ctx: Context) -> list[tuple[int, int, str, str]]:
    found = getattr(ctx, "_zh_unlinked", None)
    if found is None:
        found = ctx._zh_unlinked = []  # type: ignore[attr-defined]
    return found


def unlinked_warning(ctx: Context, chosen: Iterable[Candidate]) -> str | None:
    """One warning naming the names of bodies found but left unlinked: names of the data that
    no body bore at the document's date, and names that look like a body's but are in no list;
    none inside a chosen mention."""
    text = ctx.document.text
    if not is_chinese(text):
        return None
    taken = [(ctx.tokens[c.first].begin, ctx.tokens[c.last].end) for c in chosen]
    found = list(_unlinked(ctx))
    seen = [(b, e) for b, e, _, _ in (*_history(ctx), *found)]
    for begin, end in body_history.unknown_bodies(text, _bounds(ctx)):
        if not any(b < end and begin < e for b, e in seen):
            found.append((begin, end, text[begin:end], "not in the reference data"))
            seen.append((begin, end))
    left = sorted(f for f in found if not any(b < f[1] and f[0] < e for b, e in taken))
    if not left:
        return None
    named = dict.fromkeys(f"{name} ({why})" for _, _, name, why in left)
    shown = ", ".join(list(named)[:8]) + (", …" if len(named) > 8 else "")
    return f"{len(left)} name(s) of bodies left unlinked: {shown}"


def _words(ctx: Context) -> list[tuple[str, int, int]]:
    cached = getattr(ctx, "_zh_words", None)
    if cached is None:
        cached = list(_segmenter().tokenize(ctx.document.text, hmm=False))
        ctx._zh_words = cached  # type: ignore[attr-defined]  # one segmentation per document
    return cached


def _bounds(ctx: Context) -> frozenset[int]:
    cached = getattr(ctx, "_zh_bounds", None)
    if cached is None:
        cached = _boundaries_of(_words(ctx), len(ctx.document.text))
        ctx._zh_bounds = cached  # type: ignore[attr-defined]
    return cached


def projects(ctx: Context, named: list[Candidate]) -> Iterator[Candidate]:
    """Strategies, programmes, campaigns and initiatives of a Chinese text (:mod:`.zh_projects`)."""
    if not is_chinese(ctx.document.text):
        return
    yield from zh_projects.candidates(ctx, _words(ctx))
    yield from zh_projects.strategies_of_regions(ctx, named)


def _candidate(first: int, index: dict[int, int], end: int, keys: tuple[str, ...]) -> Candidate:
    last = index[end - 1]
    if len(keys) == 1:
        return Candidate(first, last, keys, "gazetteer", RANK_GAZETTEER, components=())  # no names inside it
    return Candidate(first, last, ("",), "coordinate", RANK_GAZETTEER + 1, components=tuple(sorted(keys)))


def _abbreviation_run(text: str, begin: int, abbr: dict[str, str]) -> str:
    end = begin
    while end < len(text) and text[end] in abbr:
        end += 1
    return text[begin:end]


def _whole_place(surface: str, begin: int, end: int, bounds: frozenset[int]) -> bool:
    if begin not in bounds:
        return False
    short = len(surface) <= 3 and not surface.endswith(_ADMIN_ENDINGS)
    return end in bounds or not short


def _admitted(ctx: Context, sf: ShortForm, begin: int, end: int, bounds: frozenset[int], central: bool | None) -> bool:
    text = ctx.document.text
    body = all(k.startswith("body/") for k in sf.keys)
    if begin not in bounds:
        return False
    if not body and len(sf.keys) == 1 and not _whole_place(sf.form, begin, end, bounds):
        return False
    if sf.context == "coordination":
        return end < len(text) and text[end] in _COORDINATORS and _body_at(ctx, end + 1)
    if sf.context == "central-document":
        return bool(central) and not text[max(0, begin - 2) : begin].endswith(_LOCAL)
    if sf.context == "quoted":
        return text[begin - 1 : begin] in "“\"" and begin > 0 and text[end : end + 1] in "”\"" and end < len(text)
    if sf.context.startswith("not-after:"):
        return not text[:begin].endswith(sf.context.split(":", 1)[1])
    return True


def _body_at(ctx: Context, offset: int) -> bool:
    text = ctx.document.text
    return any(text.startswith(name, offset) for name in _body_names(ctx.reference) if name[0] == text[offset : offset + 1])


def issuer_keys(name: str) -> tuple[str, ...]:
    """The reference keys a front matter author written as an official short form names."""
    return next((sf.keys for sf in short_forms() if sf.form == name and len(sf.keys) == 1 and sf.keys[0].startswith("body/")), ())

