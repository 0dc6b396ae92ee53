"""The State Council's bodies and their names over time (issue 11, point 4).

Data
----
``reference/zh/state_council_bodies.csv``: one row per name a body of the State Council bore
since the 1998 reform (constituent departments 组成部门, the special organization 直属特设机构,
organizations 直属机构 and institutions 直属事业单位 directly under it, and the national
administrations 国家局 that succeeded one of them), with its official short forms, the years
the name was valid (``valid_from``/``valid_to``, both inclusive; empty: before 1998 / still in
use), the body that bore the next name, and the reform plan(s) the row comes from
(``reference/zh/state_council_reforms.csv``; see ``reference/zh/SOURCES.md``).  ``key`` is the
body's key in ``reference/bodies.csv``, so a body keeps its IRI under every name the reference
gives it one for.

Rules
-----
* A name of the data (full name or short form) names the body that bore it in the year of the
  document (its issued date, else its publication date).  A name no body bore that year is
  left unlinked (建设部 in a 2025 text is not the Ministry of Housing and Urban-Rural
  Development), and so is, in a document without a date, a name borne by more than one body.
  Years of a reform are in both periods: a text of 2018 may still use the old name.
* A name that is not in the data but looks like the name of a central body (…部, …委员会, …委,
  …局, …总局, …署 between list separators: 、 ， （ 由 … 牵头, 会同, 负责) is reported as left
  unlinked, never linked.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import DocumentMetadata
from ..reference import FOLDER

DATA = FOLDER / "zh"


@dataclass(frozen=True, slots=True)
class BodyName:
    key: str
    name: str  # the full Chinese name
    short_forms: tuple[str, ...]
    name_en: str
    valid_from: int | None  # first year the name was valid (None: before the data begins)
    valid_to: int | None  # last year (None: still in use)
    successor: str
    kind: str  # 组成部门, 直属特设机构, 直属机构, 直属事业单位 or 国家局
    sources: tuple[str, ...]  # ids of state_council_reforms.csv
    sure: bool

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_forms)

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from <= year) and (self.valid_to is None or year <= self.valid_to)


def _year(value: str) -> int | None:
    return int(value) if value else None


@functools.lru_cache(maxsize=1)
def rows() -> tuple[BodyName, ...]:
    """The rows of ``reference/zh/state_council_bodies.csv``."""
    with (DATA / "state_council_bodies.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            BodyName(
                r["key"],
                r["name_zh"],
                tuple(f for f in r["short_forms"].split("|") if f),
                r["name_en"],
                _year(r["valid_from"]),
                _year(r["valid_to"]),
                r["successor_key"],
                r["kind"],
                tuple(r["source"].split("|")),
                r["sure"] == "yes",
            )
            for r in csv.DictReader(handle)
        )


@functools.lru_cache(maxsize=1)
def reforms() -> dict[str, dict[str, str]]:
    """id -> the row of ``reference/zh/state_council_reforms.csv``."""
    with (DATA / "state_council_reforms.csv").open(encoding="utf-8", newline="") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


@functools.lru_cache(maxsize=1)
def by_name() -> dict[str, tuple[BodyName, ...]]:
    """Every full name and short form -> the rows bearing it."""
    out: dict[str, list[BodyName]] = {}
    for row in rows():
        for name in row.names:
            out.setdefault(name, []).append(row)
    return {name: tuple(found) for name, found in out.items()}


@functools.lru_cache(maxsize=1)
def by_first_character() -> dict[str, tuple[str, ...]]:
    """First character -> the names starting with it, longest first."""
    out: dict[str, list[str]] = {}
    for name in by_name():
        out.setdefault(name[0], []).append(name)
    return {c: tuple(sorted(names, key=lambda n: (-len(n), n))) for c, names in out.items()}


@functools.lru_cache(maxsize=1)
def keys() -> frozenset[str]:
    return frozenset(row.key for row in rows())


def year_of(meta: DocumentMetadata) -> int | None:
    """The year of the document: its issued date, else its publication date."""
    for value in (meta.date_issued, meta.publication_date):
        if value and value[:4].isdigit():
            return int(value[:4])
    return None


def resolve(name: str, year: int | None) -> str:
    """The key of the body that bore ``name`` in ``year``; "" when none did (or, without a
    year, when more than one body bore it)."""
    found = by_name().get(name, ())
    bearers = {row.key for row in found if year is None or row.valid_in(year)}
    return next(iter(bearers)) if len(bearers) == 1 else ""


def existed(key: str, year: int | None) -> bool:
    """Did the body ``key`` bear any name of the data in ``year``?  (True for a body not in the
    data, and without a year.)"""
    if year is None or key not in keys():
        return True
    return any(row.valid_in(year) for row in rows() if row.key == key)


def why_unlinked(name: str, year: int | None) -> str:
    if name not in by_name():
        return "not in the reference data"
    if year is None:
        return "borne by several bodies and the document has no date"
    return f"no body bore the name in {year}"


# -- names of bodies the data does not hold --------------------------------------------------

_HEAD = "委员会|总局|部|委|局|署"
_AFTER = r"[、，,。；;：:）)」”\s]|和|与|及|会同|等|牵头|负责|按|要|$"
_PATTERN = re.compile(rf"[\u4e00-\u9fff]{{2,11}}?(?:{_HEAD})(?={_AFTER})")
_DELIMITERS = "、（(，,。；;：:「“ \n\t由和与及"  # a name begins after one of these …
_AFTER_DELIMITER = re.compile(f"[{re.escape(_DELIMITERS)}](?=[\u4e00-\u9fff])")
_LIST_BEFORE = "、（("  # and is an item of a list of bodies: after one of these …
_LIST_AFTER = ("、", "会同", "牵头", "负责", "按职责")  # … or before one of these
_NOT_BEFORE_HEAD = {
    "部": set("东西南北中内外全局干总本基头腹上下前后各支股连分市"),
    "局": set("格布大结开当全时政变残出定终邮好新"),
    "委": set("党纪省市县区村居常编"),
    "署": set("部签公"),
    "总局": set(),
    "委员会": set("民村"),
}
_NOT_FIRST = tuple("各本该全有相关省市县区州这那其原和与及同由") + (
    *"自治区 划入 设立 保留 建立 健全 发挥 加强 不再 会同 已经 切实 注重 抓好 依法 充分 重视 协同 组建 成立 撤销 支持 推动".split(),
)
_NOT_INSIDE = set("各按报的在对向将要是为把被了等")


def unknown_bodies(text: str, bounds: frozenset[int]) -> Iterator[tuple[int, int]]:
    """Spans that look like the name of a body, as an item of a list of bodies (教育部、某某部、
    财政部按职责分工负责; 由某某委牵头), beginning on a word boundary of the segmenter."""
    for begin in (0, *(m.end() for m in _AFTER_DELIMITER.finditer(text))):
        before = text[begin - 1] if begin else "\n"
        if begin not in bounds or begin >= len(text) or text.startswith(_NOT_FIRST, begin):
            continue
        match = _PATTERN.match(text, begin)
        if match is None:
            continue
        name, end = match.group(), match.end()
        listed = before in _LIST_BEFORE or text.startswith(_LIST_AFTER, end)
        head = next(h for h in _HEAD.split("|") if name.endswith(h))
        if not listed or name[-len(head) - 1] in _NOT_BEFORE_HEAD[head] or _NOT_INSIDE.intersection(name):
            continue
        yield begin, end
