"""Stage 4 — link: one entity per thing, mentions tied to their sentence and section.

Rules
-----
* **One IRI per entity.**  A mention names an entity by key (``region/sichuan``); every
  mention of Sichuan shares it.  ``Linked.entities`` holds each entity once, sorted by key:
  those mentioned (directly or as a component), then, to a fixed point, the regions holding
  them (``located_in``, so city → province → macro-region is complete for transitive
  queries), their own components, and the issuing bodies.
* **Sections.**  A mention belongs to the innermost section holding it: a measure, else the
  part (heading or intro), the preamble or the closing.
* **Sentences.**  A mention lies in exactly one sentence of its section (a part's heading is
  the part's first sentence).  A mention outside every sentence (in the title line, which
  belongs to no section) is left out with one warning, because the graph requires a sentence
  for every mention; so is a mention that would straddle two sentences.  Mentions inside
  page-footer lines are ignored.
* **Issuers.**  The metadata's issuer names ("CPC Central Committee", "State Council") are
  resolved to bodies through the same gazetteer; a name that resolves to no body, or to
  several, is reported in the warnings and left out.  Without a sidecar naming them, the
  issuers are the bodies the title line names before its subject ("Guiding Opinions *of the
  CPC Central Committee and the State Council* on Promoting …"), with a warning that says so.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import replace

from .. import reference
from ..model import Document, Entity, Found, Linked, Mention, Section, Sentence, Span, own_sentences
from ..reference import Reference
from ..entities import body_history, chinese, gazetteer


#: The graph requires every mention to lie in a sentence (SHACL ``wds:in-sentence-one``).  A part's
#: heading is its first sentence, but the title line of a document belongs to no section or
#: sentence: mentions there are left out, with a warning.


def link(document: Document, found: Found) -> Linked:
    ref = reference.load()
    warnings: list[str] = []
    mentions = _place_mentions(document, found.mentions, warnings)
    issuers = _issuers(document, warnings) or _title_issuers(document, found.mentions, ref, warnings)
    minted = {e.key: e for e in found.minted}
    keys: set[str] = set(issuers)
    for mention in mentions:
        if mention.entity:
            keys.add(mention.entity)
        keys.update(mention.components)
    entities = _closure(keys, ref, minted, warnings)
    return Linked(
        entities=tuple(entities[k] for k in sorted(entities)),
        mentions=tuple(mentions),
        issuers=issuers,
        warnings=tuple(warnings),
    )


# -- sections and sentences --------------------------------------------------------------


class _Places:
    """Finds the section and sentence holding a span, each by binary search (a text of
    thousands of sections and mentions stays linear-logarithmic)."""

    def __init__(self, document: Document) -> None:
        sentences: list[Sentence] = []
        for section in document.sections():
            sentences.extend(own_sentences(section))
        self.top = _Level(document.children)
        self.sentences = sorted(sentences, key=lambda s: s.span.begin)
        self.begins = [s.span.begin for s in self.sentences]
        self.footers = sorted(document.footer_spans, key=lambda f: f.begin)
        self.footer_begins = [f.begin for f in self.footers]
        self.footer_reach = list(itertools.accumulate((f.end for f in self.footers), max))  # the furthest end so far

    def section(self, span: Span) -> str:
        """The key of the innermost section holding ``span`` (siblings are disjoint, in reading order)."""
        key, level = "", self.top
        while level is not None:
            found = level.holding(span)
            if found is None:
                break
            key, level = found.key, level.child(found)
        return key

    def sentence(self, span: Span) -> str:
        i = bisect.bisect_right(self.begins, span.begin) - 1
        if i >= 0 and self.sentences[i].span.contains(span):
            return self.sentences[i].key
        return ""

    def in_footer(self, span: Span) -> bool:
        i = bisect.bisect_left(self.footer_begins, span.end) - 1  # the footers that begin before the span ends
        return i >= 0 and self.footer_reach[i] > span.begin


class _Level:
    """Sibling sections, searchable by where they begin."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.sections = sorted(sections, key=lambda s: s.span.begin)
        self.begins = [s.span.begin for s in self.sections]
        self.children: dict[str, _Level] = {}

    def holding(self, span: Span) -> Section | None:
        i = bisect.bisect_right(self.begins, span.begin) - 1
        return self.sections[i] if i >= 0 and self.sections[i].span.contains(span) else None

    def child(self, section: Section) -> _Level | None:
        if not section.children:
            return None
        level = self.children.get(section.key)
        if level is None:
            level = self.children[section.key] = _Level(section.children)
        return level


def _place_mentions(document: Document, mentions: Iterable[Mention], warnings: list[str]) -> list[Mention]:
    places = _Places(document)
    out: list[Mention] = []
    outside: list[str] = []
    for mention in sorted(mentions, key=lambda m: (m.span.begin, m.span.end)):
        if places.in_footer(mention.span):
            continue
        sentence = places.sentence(mention.span)
        section = places.section(mention.span)
        if not sentence:
            outside.append(f"{mention.span.quote(document.text)!r} at {mention.span.begin}")
            continue
        out.append(replace(mention, section=section, sentence=sentence))
    if outside:
        warnings.append(
            f"{len(outside)} mention(s) outside any sentence (in the title line) left out, "
            f"because a mention needs a sentence: {'; '.join(outside)}"
        )
    return out


# -- issuers -------------------------------------------------------------------------------


def _issuers(document: Document, warnings: list[str]) -> tuple[str, ...]:
    gaz = gazetteer.default()
    out: list[str] = []
    year = body_history.year_of(document.source.metadata)
    for name in document.source.metadata.issuers:
        keys = [k for k in gaz.lookup(name) if k.startswith(("body/", "actor/"))] or list(chinese.issuer_keys(name))
        if name in body_history.by_name():  # a name of a State Council body: its bearer at the date
            keys = [k] if (k := body_history.resolve(name, year)) else []
            if not keys:
                warnings.append(f"issuer {name!r}: {body_history.why_unlinked(name, year)}; left out")
                continue
        if len(keys) == 1:
            out.append(keys[0])
        elif keys:
            warnings.append(f"issuer {name!r} is ambiguous ({', '.join(keys)}); left out")
        else:
            warnings.append(f"issuer {name!r} names no known body; left out")
    return tuple(dict.fromkeys(out))


#: where the subject of a document begins in its title: "Opinions of X on …", "Notice of X about …"
_SUBJECT = re.compile(r"\b(?:on|about|concerning|regarding)\b|关于", re.IGNORECASE)


def _title_issuers(document: Document, mentions: Iterable[Mention], ref: Reference, warnings: list[str]) -> tuple[str, ...]:
    """The bodies the title line names before the subject begins, when no sidecar names the issuers."""
    span = document.title_span
    if span is None or document.source.metadata.issuers:
        return ()
    out: list[str] = []
    for mention in sorted(mentions, key=lambda m: m.span.begin):
        if not span.contains(mention.span) or not mention.entity or not mention.entity.startswith("body/"):
            continue
        if _SUBJECT.search(document.text, span.begin, mention.span.begin):
            break
        out.append(mention.entity)
    keys = tuple(dict.fromkeys(out))
    if keys:
        labels = ", ".join(ref.entities[k].label_en if k in ref.entities else k for k in keys)
        warnings.append(f"no sidecar names the issuers: taken from the title line ({labels})")
    return keys


# -- entities ------------------------------------------------------------------------------


def _closure(keys: set[str], ref: Reference, minted: dict[str, Entity], warnings: list[str]) -> dict[str, Entity]:
    """The entities of ``keys`` with, to a fixed point, the regions holding them, their parts
    and the wider categories of generic actors."""
    out: dict[str, Entity] = {}
    todo = sorted(keys)
    while todo:
        key = todo.pop()
        if key in out:
            continue
        entity = minted.get(key) or ref.entities.get(key)
        if entity is None:
            warnings.append(f"unknown entity key {key!r}")
            continue
        out[key] = entity
        todo.extend(k for k in (*entity.located_in, *entity.components, *entity.broader) if k not in out)
    return out
