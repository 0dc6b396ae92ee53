"""Reference data: the places, bodies, generic actors and projects the entity stage knows.

The data are UTF-8 CSV files in this folder (see ``docs/reference-data-contract.md`` and
``README.md`` here for the sources and licences).  Every ``*.csv`` file except
``identifiers.csv`` holds entities, one per row, with the columns :data:`COLUMNS`;
``identifiers.csv`` holds the verified external identifiers, one per row, with the columns
:data:`IDENTIFIER_COLUMNS`.

:func:`load` reads the files once (cached) and returns a :class:`Reference`;
:func:`load_from` reads another folder (not cached), which is how the tests check the
failure paths.  A malformed file raises :class:`ValueError` naming the file and line.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from westdev_kg.model import Entity, Identifier

__all__ = [
    "COLUMNS",
    "IDENTIFIER_COLUMNS",
    "FOLDER",
    "IDENTIFIERS_FILE",
    "KEY_PATTERN",
    "KINDS",
    "PROVINCIAL_KINDS",
    "SCHEMES",
    "Reference",
    "load",
    "load_from",
]

FOLDER = Path(__file__).resolve().parent
IDENTIFIERS_FILE = "identifiers.csv"

COLUMNS = ("key", "kind", "label_en", "label_zh", "alt_labels", "located_in", "components", "note")
IDENTIFIER_COLUMNS = ("key", "scheme", "value", "source")

#: The closed kind schemes of the contract, by category (the key prefix).
KINDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "region": frozenset(
            {
                "province",
                "autonomous-region",
                "municipality",
                "special-administrative-region",
                "prefecture",
                "city",
                "county-or-district",
                "new-area",
                "macro-region",
                "river-or-basin",
                "lake",
                "mountain",
                "plateau",
                "plain",
                "desert",
                "sea-or-gulf",
                "economic-zone-or-belt",
                "urban-agglomeration",
                "port",
                "foreign-country-or-region",
                "country",
            }
        ),
        "body": frozenset(
            {
                "party-central-organ",
                "party-department",
                "state-council",
                "ministry",
                "commission",
                "administration",
                "leading-group",
                "office",
                "central-bank",
                "legislature",
                "judiciary",
                "armed-forces",
                "mass-organization",
                "state-owned-enterprise",
                "financial-market",
                "other-body",
            }
        ),
        "actor": frozenset(
            {
                "government",
                "party-organization",
                "enterprise",
                "financial-institution",
                "education-or-research",
                "social-organization",
                "public-institution",
                "armed-forces",
                "society",
            }
        ),
        "project": frozenset(
            {
                "strategy",
                "initiative",
                "campaign",
                "programme",
                "project",
                "railway",
                "road",
                "waterway",
                "airport",
                "energy-line",
                "corridor",
                "train-service",
                "platform",
                "fund",
                "plan",
            }
        ),
    }
)

#: Kinds of the 34 provincial-level divisions.
PROVINCIAL_KINDS = frozenset(
    {"province", "autonomous-region", "municipality", "special-administrative-region"}
)

#: Identifier schemes and the form of their values.
SCHEMES: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "iso3166-1": re.compile(r"[A-Z]{2}"),
        "iso3166-2": re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}"),
        "gb2260": re.compile(r"[1-9][0-9]{5}"),
        "geonames": re.compile(r"[1-9][0-9]*"),
        "wikidata": re.compile(r"Q[1-9][0-9]*"),
    }
)

#: ``<category>/<slug>``: slug = lowercase ASCII words (letters and digits) joined by ``-``.
KEY_PATTERN = re.compile(r"(region|body|actor|project)/[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, eq=False)
class Reference:
    """Every reference entity, by key, with the place hierarchy precomputed."""

    entities: Mapping[str, Entity]
    notes: Mapping[str, str]  # key -> the row's note, for rows that have one
    _children: Mapping[str, tuple[str, ...]]  # key -> keys located directly in it

    def __contains__(self, key: object) -> bool:
        return key in self.entities

    def __getitem__(self, key: str) -> Entity:
        return self.entities[key]

    def __len__(self) -> int:
        return len(self.entities)

    def labels(self) -> list[tuple[str, str]]:
        """``(surface label, key)`` for every ``label_en`` and alt label, sorted."""
        return list(_labels(self))

    def labels_zh(self) -> list[tuple[str, str]]:
        """``(Chinese name, key)`` for every ``label_zh``, and the short forms texts use for the
        provincial-level divisions (四川省 → 四川, 广西壮族自治区 → 广西) and the provincial
        capitals (成都市 → 成都); other cities only by their full name, since a short name of
        two characters is as often part of a set phrase (长治久安, 文山会海)."""
        return list(_labels_zh(self))

    def named_zh(self, label_zh: str) -> tuple[str, ...]:
        """Keys whose Chinese name is ``label_zh``, sorted."""
        return _by_label_zh(self).get(label_zh, ())

    def children(self, key: str, *, direct: bool = False) -> tuple[str, ...]:
        """Keys of the regions located in ``key``, transitively unless ``direct``, sorted."""
        self._check(key)
        if direct:
            return self._children.get(key, ())
        seen: set[str] = set()
        todo = list(self._children.get(key, ()))
        while todo:
            k = todo.pop()
            if k not in seen:
                seen.add(k)
                todo.extend(self._children.get(k, ()))
        return tuple(sorted(seen))

    def ancestors(self, key: str) -> tuple[str, ...]:
        """Keys of the regions containing ``key`` transitively, nearest first."""
        self._check(key)
        out: list[str] = []
        seen = {key}
        level = list(self.entities[key].located_in)
        while level:
            nxt: list[str] = []
            for k in sorted(level):
                if k not in seen:
                    seen.add(k)
                    out.append(k)
                    nxt.extend(self.entities[k].located_in)
            level = nxt
        return tuple(out)

    def _check(self, key: str) -> None:
        if key not in self.entities:
            raise KeyError(f"no reference entity {key!r}")


@functools.lru_cache(maxsize=1)
def _labels(ref: Reference) -> tuple[tuple[str, str], ...]:
    pairs: set[tuple[str, str]] = set()
    for key, entity in ref.entities.items():
        pairs.add((entity.label_en, key))
        pairs.update((alt, key) for alt in entity.alt_labels)
    return tuple(sorted(pairs))


_ZH_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@functools.lru_cache(maxsize=1)
def _labels_zh(ref: Reference) -> tuple[tuple[str, str], ...]:
    pairs: set[tuple[str, str]] = set()
    for key, entity in ref.entities.items():
        name = entity.label_zh
        if not name:
            continue
        pairs.add((name, key))
        capital = entity.kind == "city" and "provincial capital" in ref.notes.get(key, "")
        if entity.kind in PROVINCIAL_KINDS or capital:
            suffix = next((s for s in _ZH_SUFFIXES if name.endswith(s)), "")
            if suffix and len(name) - len(suffix) >= 2:
                pairs.add((name[: -len(suffix)], key))
    return tuple(sorted(pairs))


@functools.lru_cache(maxsize=1)
def _by_label_zh(ref: Reference) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for key, entity in sorted(ref.entities.items()):
        if entity.label_zh:
            out.setdefault(entity.label_zh, []).append(key)
    return {name: tuple(keys) for name, keys in out.items()}


@functools.lru_cache(maxsize=1)
def load() -> Reference:
    """The reference data shipped with the package (read once)."""
    return load_from(FOLDER)


def load_from(folder: str | Path) -> Reference:
    """Read every ``*.csv`` of ``folder``; raise ValueError naming file and line on bad data."""
    folder = Path(folder)
    rows: dict[str, _Row] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name == IDENTIFIERS_FILE:
            continue
        for row in _read_entities(path):
            first = rows.get(row.key)
            if first is not None:
                raise _error(row, f"duplicate key {row.key!r} (first in {first.file}:{first.line})")
            rows[row.key] = row

    for row in rows.values():
        for ref in row.located_in:
            if ref not in rows:
                raise _error(row, f"unknown key {ref!r} in located_in")
            if not ref.startswith("region/"):
                raise _error(row, f"located_in {ref!r} is not a region")
        for ref in row.components:
            if ref not in rows:
                raise _error(row, f"unknown key {ref!r} in components")
    _check_acyclic(rows)

    identifiers: dict[str, list[Identifier]] = {}
    id_path = folder / IDENTIFIERS_FILE
    if id_path.exists():
        for key, identifier in _read_identifiers(id_path, rows):
            identifiers.setdefault(key, []).append(identifier)

    entities: dict[str, Entity] = {}
    children: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    for key in sorted(rows):
        row = rows[key]
        found = identifiers.get(key)
        entities[key] = Entity(
            key,
            row.category,  # type: ignore[arg-type]
            row.kind,
            row.label_en,
            row.label_zh or None,
            row.alt_labels,
            row.located_in,
            row.components,
            tuple(sorted(found, key=_identifier_order)) if found else (),
            True,
        )
        if row.note:
            notes[key] = row.note
        for parent in row.located_in:
            children.setdefault(parent, []).append(key)
    for key, wider in _broader_actors(entities).items():
        entities[key] = replace(entities[key], broader=(wider,))
    return Reference(
        entities=MappingProxyType(entities),
        notes=MappingProxyType(notes),
        _children=MappingProxyType({k: tuple(v) for k, v in children.items()}),  # keys sorted
    )


_LEVELS = (" at all levels", " at various levels")


def _broader_actors(entities: Mapping[str, Entity]) -> dict[str, str]:
    """Each generic actor whose English name is another's with a modifier before it or "at all
    levels" after it, and that other, the longest such ("local state-owned enterprises" →
    state-owned enterprises → enterprises; "double first-class universities" → universities).
    Not the second member of a coordination ("party committees and governments at all levels"
    is no kind of "governments at all levels")."""
    actors = {e.label_en: k for k, e in entities.items() if e.category == "actor"}
    out: dict[str, str] = {}
    for key, entity in entities.items():
        if entity.category != "actor":
            continue
        name = entity.label_en
        wider = [
            label
            for label in actors
            if label != name
            and (
                (name.endswith(" " + label) and not name[: -len(label)].endswith(" and "))
                or name in (label + suffix for suffix in _LEVELS)
            )
        ]
        if wider:
            out[key] = actors[max(wider, key=lambda label: (len(label), label))]
    return out


# --------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------


class _Row(NamedTuple):
    file: str
    line: int
    key: str
    category: str
    kind: str
    label_en: str
    label_zh: str
    alt_labels: tuple[str, ...]
    located_in: tuple[str, ...]
    components: tuple[str, ...]
    note: str


def _identifier_order(identifier: Identifier) -> tuple[str, str]:
    return identifier.scheme, identifier.value


def _error(row: _Row, message: str) -> ValueError:
    return ValueError(f"{row.file}:{row.line}: {message}")


def _records(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every data row; checks the header and the row width."""
    name = path.name
    width = len(columns)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        try:
            header = next(reader, None)
            if header is None or tuple(header) != columns:
                raise ValueError(f"{name}:1: header must be {','.join(columns)}, not {header!r}")
            for cells in reader:
                if len(cells) != width:
                    if not cells:
                        raise ValueError(f"{name}:{reader.line_num}: empty line")
                    raise ValueError(f"{name}:{reader.line_num}: {len(cells)} cells, expected {width}")
                yield reader.line_num, cells
        except csv.Error as e:
            raise ValueError(f"{name}:{reader.line_num}: {e}") from None


def _split(cell: str, where: str, column: str) -> tuple[str, ...]:
    if not cell:
        return ()
    items = tuple(cell.split("|"))
    for item in items:
        if not item or item != item.strip():
            raise ValueError(f"{where}: empty item or stray whitespace in {column} {cell!r}")
    if len(set(items)) != len(items):
        raise ValueError(f"{where}: repeated item in {column} {cell!r}")
    return items


def _read_entities(path: Path) -> Iterator[_Row]:
    name = path.name
    key_ok = KEY_PATTERN.fullmatch
    for line, (key, kind, label_en, label_zh, alt, located, components, note) in _records(
        path, COLUMNS
    ):
        where = f"{name}:{line}"
        if not key_ok(key):
            raise ValueError(
                f"{where}: bad key {key!r} (expected region|body|actor|project/"
                "lowercase-ascii-words-joined-by-hyphens)"
            )
        category = key[: key.index("/")]
        if kind not in KINDS[category]:
            raise ValueError(f"{where}: unknown kind {kind!r} for category {category!r}")
        if not label_en or label_en != label_en.strip():
            raise ValueError(f"{where}: empty label_en or stray whitespace")
        if label_zh != label_zh.strip():
            raise ValueError(f"{where}: stray whitespace in label_zh")
        located_in = _split(located, where, "located_in")
        parts = _split(components, where, "components")
        if key in located_in or key in parts:
            raise ValueError(f"{where}: {key!r} refers to itself")
        yield _Row(
            name,
            line,
            key,
            category,
            kind,
            label_en,
            label_zh,
            _split(alt, where, "alt_labels"),
            located_in,
            parts,
            note,
        )


def _read_identifiers(path: Path, rows: Mapping[str, _Row]) -> Iterator[tuple[str, Identifier]]:
    seen: set[tuple[str, str, str]] = set()
    name = path.name
    for line, (key, scheme, value, source) in _records(path, IDENTIFIER_COLUMNS):
        if key not in rows:
            raise ValueError(f"{name}:{line}: unknown key {key!r}")
        pattern = SCHEMES.get(scheme)
        if pattern is None:
            raise ValueError(f"{name}:{line}: unknown scheme {scheme!r}")
        if not pattern.fullmatch(value):
            raise ValueError(f"{name}:{line}: bad {scheme} value {value!r}")
        if not source or source.isspace():
            raise ValueError(f"{name}:{line}: empty source")
        triple = (key, scheme, value)
        if triple in seen:
            raise ValueError(f"{name}:{line}: duplicate identifier {key} {scheme} {value}")
        seen.add(triple)
        yield key, Identifier(scheme, value, source)


def _check_acyclic(rows: Mapping[str, _Row]) -> None:
    done: set[str] = set()
    for start, row in rows.items():
        if start in done or not row.located_in:
            continue
        # iterative depth-first search; ``path`` holds the keys on the current branch
        path: list[str] = [start]
        on_path = {start}
        stack: list[Iterator[str]] = [iter(row.located_in)]
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if parent in on_path:
                cycle = path[path.index(parent) :] + [parent]
                raise _error(rows[path[-1]], "located_in cycle: " + " -> ".join(cycle))
            if parent not in done:
                path.append(parent)
                on_path.add(parent)
                stack.append(iter(rows[parent].located_in))
