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
from . import zh_projects
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
    out = []
    for cand in found:
        begin, end = ctx.tokens[cand.first].begin, ctx.tokens[cand.last].end
        surface = text[begin:end]
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
    for i, tok in enumerate(ctx.tokens):
        begin = tok.begin
        for sf in names.get(text[begin], ()):
            if not text.startswith(sf.form, begin):
                continue
            end = begin + len(sf.form)
            if len(sf.keys) > 1 and text.startswith(_SUFFIX, end):
                end += len(_SUFFIX)
            if sf.context == "central-document":
                central = is_central(ctx) if central is None else central
            if not _admitted(ctx, sf, begin, end, bounds, central):
                continue
            yield _candidate(i, index, end, sf.keys)
            break
        run = _abbreviation_run(text, begin, abbr)
        if len(run) >= 3 and begin in bounds and begin + len(run) in bounds:
            yield _candidate(i, index, begin + len(run), tuple(dict.fromkeys(abbr[c] for c in run)))


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

