"""IRIs that last: what earlier versions minted for the nodes a document now names otherwise.

When a slug or key rule changes, the IRIs it minted before keep resolving.  The changes are data,
``iri_changes.csv`` beside this module, one rule a row:

* ``changed_in``, ``change``: the version (and branch) that made the change, and a short name;
* ``applies_to``: ``section:part`` / ``section:measure`` — the last ``kind/N`` step of the key of
  a section of that role (:attr:`westdev_kg.model.Section.role`); ``shared`` — the key of a node
  minted outside any document (``{base}id/{key}``: places, bodies, projects);
* ``new``: a regular expression the new key (or step) matches whole, with named groups;
* ``old``: the old key (or step), a template of those groups (``part/{n}``).

A section's old key is its parent's old key, then its own old step (when its key continued its
parent's) — so ``chapter/1/section/2`` was ``part/1/measure/2``.  Every IRI a document mints
under a section of a role (its sentences, goals, actions, responsibilities) had the section's
old key in front of the same rest; sections without a role (the preamble, the closing, the
deeper sections, which were sentences before) and what is under them had no other IRI.  A pair
is kept only when the old IRI differs from the new one and names nothing in the document's graph
now.  The pairs become ``<old> dcterms:isReplacedBy <new>`` in the graph and the release's
``redirects.json``, which ``westdev-kg serve`` answers with a 301 to the new IRI (docs/linked-data.md).

Text spans are too many to list: the slash IRIs earlier versions gave them, ``…/{slug}/span/{b}-{e}``
(evidence) and ``…/{slug}/mention/{b}-{e}`` (mentions), became the source text's RFC 5147
fragment ``…/{slug}/text#char={b},{e}`` (issue 13).  That change is one rule, :data:`SPAN_FORMS`,
written into ``redirects.json`` as a pattern and followed by :func:`span_redirect`.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import Document, Section
from .rdf import Triple, iri
from .vocab import DCTERMS

RULES_CSV = Path(__file__).resolve().parent / "iri_changes.csv"
REDIRECTS_JSON = "redirects.json"
IS_REPLACED_BY = str(DCTERMS.isReplacedBy)
_SCOPES = ("section:part", "section:measure", "shared")
#: the earlier forms of a span's IRI, relative to ``{base}id/``, and the form that replaced them
SPAN_FORMS = re.compile(r"(?P<slug>[^/#?]+)/(?:span|mention)/(?P<begin>[0-9]+)-(?P<end>[0-9]+)")
SPAN_NOW = "{slug}/text#char={begin},{end}"
SPAN_CHANGED_IN = "0.1.0 (issue 13: RFC 5147 span IRIs)"


def span_redirect(relative: str) -> tuple[str, str] | None:
    """``(the text's IRI, its fragment)`` relative to ``{base}id/`` for a span IRI of the old forms
    (``western-development-2020/span/57-71`` → ``("western-development-2020/text", "char=57,71")``)."""
    m = SPAN_FORMS.fullmatch(relative)
    if m is None:
        return None
    text, fragment = SPAN_NOW.format(**m.groupdict()).split("#", 1)
    return text, fragment


@dataclass(frozen=True)
class Rule:
    changed_in: str
    change: str
    applies_to: str
    new: re.Pattern
    old: str
    note: str

    def apply(self, key: str) -> str | None:
        m = self.new.fullmatch(key)
        return self.old.format(**m.groupdict()) if m else None


@functools.cache
def rules(path: Path = RULES_CSV) -> tuple[Rule, ...]:
    """The rules of ``path``, in file order; a malformed row is a ValueError naming its line."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                if row["applies_to"] not in _SCOPES:
                    raise ValueError(f"applies_to must be one of {', '.join(_SCOPES)}")
                rule = Rule(row["changed_in"], row["change"], row["applies_to"], re.compile(row["new"]), row["old"], row["note"])
                names = set(rule.new.groupindex)
                used = set(re.findall(r"\{(\w+)\}", rule.old))
                if not used <= names:
                    raise ValueError(f"old uses groups {sorted(used - names)} that new does not define")
            except (KeyError, re.error, ValueError) as exc:
                raise ValueError(f"{path.name}:{line}: {exc}") from None
            out.append(rule)
    return tuple(out)


def _first(scope: str, key: str, table: Iterable[Rule]) -> tuple[str, Rule] | None:
    for rule in table:
        if rule.applies_to == scope:
            old = rule.apply(key)
            if old is not None:
                return old, rule
    return None


def _old_sections(document: Document, table: tuple[Rule, ...]) -> dict[str, tuple[str, Rule | None] | None]:
    """Section key -> (its old key, the rule that changed it), None where it had no other IRI."""
    out: dict[str, tuple[str, Rule | None] | None] = {}

    def walk(section: Section, parent: Section | None) -> None:
        found: tuple[str, Rule | None] | None = None
        if section.role is not None:
            above = out.get(parent.key) if parent is not None else None
            prefix, step = "", section.key
            if parent is not None and section.key.startswith(parent.key + "/"):
                if above is None:
                    prefix = None  # type: ignore[assignment]  # under a section with no old key
                else:
                    prefix, step = above[0] + "/", section.key[len(parent.key) + 1:]
            if prefix is not None:
                changed = _first(f"section:{section.role}", step, table)
                found = (prefix + changed[0], changed[1]) if changed else (prefix + step, above[1] if above else None)
        out[section.key] = found
        for child in section.children:
            walk(child, section)

    for top in document.children:
        walk(top, None)
    return out


def redirects(document: Document, triples: Iterable[Triple], base: str, document_iri: str,
              table: tuple[Rule, ...] | None = None) -> dict[str, tuple[str, str]]:
    """Old IRI -> (new IRI, ``changed_in`` of the rule) for the IRIs of one document's graph."""
    table = rules() if table is None else table
    sections = _old_sections(document, table)
    moved_sections = any(found is not None and found[0] != key for key, found in sections.items())
    shared_rules = any(rule.applies_to == "shared" for rule in table)
    if not moved_sections and not shared_rules:
        return {}
    minted = {t[1] for triple in triples for t in triple if t[0] == "i" and t[1].startswith(base + "id/")}
    inside, shared = document_iri + "/", base + "id/"
    out: dict[str, tuple[str, str]] = {}
    for new in minted:  # the result is a mapping: its order is set by its readers (sorted)
        if new.startswith(inside):
            if not moved_sections:
                continue
            key = new[len(inside):]
            section = _innermost(key, sections)
            old_section = sections[section] if section is not None else None
            if old_section is None or old_section[1] is None:
                continue
            old, rule = inside + old_section[0] + key[len(section):], old_section[1]
        elif new != document_iri:
            changed = _first("shared", new[len(shared):], table)
            if changed is None:
                continue
            old, rule = shared + changed[0], changed[1]
        else:
            continue
        if old != new and old not in minted:
            out[old] = (new, rule.changed_in)
    return out


def _innermost(key: str, sections: Mapping[str, object]) -> str | None:
    """The longest section key that is ``key`` or a ``/``-step ancestor of it."""
    steps = key.split("/")
    for end in range(len(steps), 0, -1):
        candidate = "/".join(steps[:end])
        if candidate in sections:
            return candidate
    return None


def replaced_by(pairs: Mapping[str, tuple[str, str]]) -> list[Triple]:
    """``<old> dcterms:isReplacedBy <new>`` for each pair."""
    return [(iri(old), iri(IS_REPLACED_BY), iri(new)) for old, (new, _) in sorted(pairs.items())]


def redirects_document(pairs: Mapping[str, tuple[str, str]]) -> bytes:
    """The release's ``redirects.json``: old IRI -> new IRI and the version that changed it, sorted."""
    table = [{"from": old, "to": new, "changed_in": when} for old, (new, when) in sorted(pairs.items())]
    body = {"comment": "IRIs of earlier versions and the IRIs that replace them (dcterms:isReplacedBy); "
                       "westdev-kg serve answers each old IRI with a 301 to the new one",
            "redirects": table,
            "patterns": [{"from": "{base}id/{slug}/span/{begin}-{end}", "to": "{base}id/{slug}/text#char={begin},{end}",
                          "changed_in": SPAN_CHANGED_IN},
                         {"from": "{base}id/{slug}/mention/{begin}-{end}", "to": "{base}id/{slug}/text#char={begin},{end}",
                          "changed_in": SPAN_CHANGED_IN}]}
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_redirects(path: Path) -> dict[str, str]:
    """Old IRI -> new IRI from a release's ``redirects.json`` (empty when there is none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {row["from"]: row["to"] for row in data.get("redirects", ())}
