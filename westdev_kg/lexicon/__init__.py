"""The word lists of the analyse stage, loaded once per process.

Three UTF-8 CSV files beside this module (see README.md here for what each holds and
where it comes from):

- ``verbs.csv`` — directive verb lemmas, their spelling variants and inflections, their
  nominalisations, the obligation strength each implies, the preposition that introduces
  its object, and whether it takes an addressee ("support X to …");
- ``cues.csv`` — adverbs, light prefixes, modals, adjunct openers, goal markers and the
  other fixed phrases that the clause and role rules look for;
- ``quantities.csv`` — units (with their UCUM codes), scale words, qualifiers and the
  verbs that govern a quantified target.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
FOLDER = _HERE  #: where the CSV files are


def _rows(name: str) -> list[dict[str, str]]:
    with (_HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@dataclass(frozen=True, slots=True)
class Verb:
    lemma: str  # "support", "carry out"
    obligation: str  # concept of the obligation scheme the verb implies when used plainly
    complement: str  # preposition that introduces the object ("adhere to"), or ""
    control: bool  # takes an addressee: "support X to …", "encourage X to …"


@dataclass(frozen=True, slots=True)
class VerbLexicon:
    base: dict[str, Verb]  # base forms and spelling variants (lowercase, one or two words)
    forms: dict[str, Verb]  # every form: base, variants, inflections
    nominals: dict[str, Verb]  # "implementation" -> implement
    by_lemma: dict[str, Verb]

    def base_verb(self, words: list[str]) -> tuple[Verb, int] | None:
        """The verb (base form) the lowercase ``words`` start with, and how many words it takes."""
        return _longest_start(self.base, words)

    def any_form(self, words: list[str]) -> tuple[Verb, int] | None:
        """The same for any form of a verb (inflections included)."""
        return _longest_start(self.forms, words)


def _longest_start(table: dict[str, Verb], words: list[str]) -> tuple[Verb, int] | None:
    """The entry of ``table`` that ``words`` start with, two words before one, and its length."""
    if len(words) >= 2 and (hit := table.get(f"{words[0]} {words[1]}")):
        return hit, 2
    if words and (hit := table.get(words[0])):
        return hit, 1
    return None


@cache
def verbs() -> VerbLexicon:
    base: dict[str, Verb] = {}
    forms: dict[str, Verb] = {}
    nominals: dict[str, Verb] = {}
    by_lemma: dict[str, Verb] = {}
    for row in _rows("verbs.csv"):
        verb = Verb(row["lemma"], row["obligation"], row["complement"], row["control"] == "yes")
        by_lemma[verb.lemma] = verb
        for surface in (verb.lemma, *_split(row["variants"])):
            base.setdefault(surface, verb)
            forms.setdefault(surface, verb)
        for surface in _split(row["forms"]):
            forms.setdefault(surface, verb)
        for surface in _split(row["nominals"]):
            nominals.setdefault(surface, verb)
    return VerbLexicon(base, forms, nominals, by_lemma)


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    phrase: str
    obligation: str
    verb: str
    role: str


@cache
def cues() -> dict[str, tuple[Cue, ...]]:
    out: dict[str, list[Cue]] = {}
    for row in _rows("cues.csv"):
        cue = Cue(row["kind"], row["phrase"], row["obligation"], row["verb"], row["role"])
        out.setdefault(cue.kind, []).append(cue)
    # longest phrase first, so that alternations in regular expressions prefer it
    return {kind: tuple(sorted(items, key=lambda c: (-len(c.phrase), c.phrase))) for kind, items in out.items()}


def phrases(kind: str) -> tuple[str, ...]:
    return tuple(c.phrase for c in cues().get(kind, ()))


@cache
def quantities(name: str = "quantities.csv") -> dict[str, tuple[tuple[str, str], ...]]:
    """kind -> ((surface, value), …), longest surface first, of a ``kind, surface, value, note``
    word list: ``quantities.csv`` (English) or ``zh_quantities.csv`` (Chinese); read once."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in _rows(name):
        out.setdefault(row["kind"], []).append((row["surface"], row["value"]))
    return {kind: tuple(sorted(items, key=lambda i: (-len(i[0]), i[0]))) for kind, items in out.items()}


@dataclass(frozen=True, slots=True)
class ZhLexicon:
    """The Chinese directive words (issue 12, point 6): ``zh_obligations.csv`` (modal → obligation,
    the published mapping table), ``zh_verbs.csv`` (directive verb → English lemma and obligation)
    and ``zh_cues.csv`` (adverbs, words that are not modals, role cues)."""

    modals: dict[str, str]  # 要 -> must
    verbs: dict[str, tuple[str, str]]  # 加强 -> (strengthen, do)
    cues: dict[str, tuple[str, ...]]  # kind -> words, longest first

    def longest(self, table, text: str, at: int) -> str | None:
        """The longest word of ``table`` (a mapping or a tuple of words) that ``text`` has at ``at``."""
        for size in range(min(6, len(text) - at), 0, -1):
            if text[at : at + size] in table:
                return text[at : at + size]
        return None


@cache
def zh() -> ZhLexicon:
    cue_rows: dict[str, list[str]] = {}
    for row in _rows("zh_cues.csv"):
        cue_rows.setdefault(row["kind"], []).append(row["word"])
    return ZhLexicon(
        modals={r["word"]: r["obligation"] for r in _rows("zh_obligations.csv")},
        verbs={r["word"]: (r["lemma"], r["obligation"]) for r in _rows("zh_verbs.csv")},
        cues={kind: tuple(sorted(words, key=lambda w: (-len(w), w))) for kind, words in cue_rows.items()},
    )
