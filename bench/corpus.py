"""Compose policy documents of the genre from the bundled text's building blocks.

The bundled *Guiding Opinions* (``corpus/western-development-2020.en.txt``) is cut
into its blocks — the preamble, seven part headings (one with an introduction),
36 measures and the closing paragraph — and :func:`compose` recombines them
into new documents with varied numbering and layout:

* part markers ``1.`` / ``I.`` / ``Part 1:`` / ``Chapter 1.`` / ``一、`` /
  ``First,`` (and the bundled text's own quirk, ``Sixth,`` among ``1.`` parts);
* measure markers ``(1)`` / ``（1）`` / ``（一）`` / ``1.`` — only in the
  combinations the genre uses (a measure family never outranks its part family,
  see ``westdev_kg.numbering``);
* measure numbers continuous through the document or restarting in each part;
* layouts: one paragraph per line with blank lines between (the bundled
  text's), one paragraph per line without blank lines, or hard-wrapped at 60-100
  columns with blank lines between paragraphs; indentation or none;
* page footers (``— 7 —``, ``-12-``, ``Page 3 of 9``, ``第 3 页``, ``3 / 10``)
  between paragraphs, and — in wrapped text — inside a paragraph where the line
  after it goes on in lower case (as a PDF extraction leaves them);
* an optional title line, an optional closing, LF or CRLF line ends.

Every document gets a ``.meta.toml`` sidecar with a unique slug
(``bench-<seed>-<index>``), a title, issuers and a date.  Composition is
deterministic: document ``i`` of seed ``s`` depends on ``(s, i)`` alone, so any
prefix of a corpus is the smaller corpus of the same seed.

Usage::

    python bench/corpus.py 100 /tmp/corpus [--seed 7]

writes ``doc-0001.txt`` … with their sidecars and prints a summary.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "corpus" / "western-development-2020.en.txt"
DEFAULT_SEED = 2020

# -- the building blocks --------------------------------------------------------------


@dataclass(frozen=True)
class Blocks:
    preamble: str
    headings: tuple[str, ...]  # part headings, without marker
    intros: dict  # heading -> the paragraph between it and its first measure
    measures: tuple[str, ...]  # "Title. Sentences …", without marker
    closing: str


_PART_LINE = re.compile(r"(?:[0-9]+\.|Sixth,)\s+(.+)")
_MEASURE_LINE = re.compile(r"\([0-9]+\)\s+(.+)")


@cache
def blocks(path: Path = BUNDLED) -> Blocks:
    """Cut the bundled text into its blocks (it is one paragraph per line, blank lines between)."""
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    preamble, closing = paragraphs[0], ""
    headings: list[str] = []
    intros: dict[str, str] = {}
    measures: list[str] = []
    since_part = 0  # measures since the last part heading
    for para in paragraphs[1:]:
        if m := _MEASURE_LINE.fullmatch(para):
            measures.append(m.group(1))
            since_part += 1
        elif m := _PART_LINE.fullmatch(para):
            headings.append(m.group(1))
            since_part = 0
        elif headings and since_part == 0:
            intros[headings[-1]] = para
        else:
            closing = para
    if (len(headings), len(measures)) != (7, 36) or not closing or len(intros) != 1:
        raise ValueError(f"{path}: not the bundled text this generator knows ({len(headings)} parts, {len(measures)} measures)")
    return Blocks(preamble, tuple(headings), intros, tuple(measures), closing)


# -- numerals ---------------------------------------------------------------------------

_ZH_DIGITS = "一二三四五六七八九"
_ORDINALS = (
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth "
    "Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth Eighteenth Nineteenth Twentieth"
).split()


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 36 -> 三十六 (1..99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, units = divmod(n, 10)
    out = ("" if tens == 1 else _ZH_DIGITS[tens - 1]) + "十" if tens else ""
    return out + (_ZH_DIGITS[units - 1] if units else "")


def roman_numeral(n: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# marker styles: name -> (how number n is written, rank of its family as in westdev_kg.numbering)
PART_STYLES: dict[str, tuple] = {
    "arabic": (lambda n: f"{n}. ", 3),
    "roman": (lambda n: f"{roman_numeral(n)}. ", 1),
    "part": (lambda n: f"Part {n}: ", 0),
    "chapter": (lambda n: f"Chapter {n}. ", 0),
    "zh": (lambda n: f"{zh_numeral(n)}、", 1),
    "ordinal": (lambda n: f"{_ORDINALS[n - 1]}, ", 1),
}
MEASURE_STYLES: dict[str, tuple] = {
    "paren": (lambda n: f"({n}) ", 3),
    "fullwidth": (lambda n: f"（{n}）", 3),
    "zh-paren": (lambda n: f"（{zh_numeral(n)}）", 2),
    "dot": (lambda n: f"{n}. ", 3),
}


def compatible(part_style: str, measure_style: str) -> bool:
    """Can these two styles number parts and measures?

    The measure family must not outrank the part family (at equal rank the family whose
    marker 1 comes first numbers the parts, and a part marker comes first), and one
    family cannot number both levels.
    """
    if part_style == "arabic" and measure_style == "dot":
        return False
    return MEASURE_STYLES[measure_style][1] >= PART_STYLES[part_style][1]


LAYOUTS = ("paragraphs", "lines", "wrapped")
FOOTERS = (
    lambda n, total: f"— {n} —",
    lambda n, total: f"- {n} -",
    lambda n, total: f"-{n}-",
    lambda n, total: f"Page {n} of {total}",
    lambda n, total: f"第 {n} 页",
    lambda n, total: f"{n} / {total}",
)
GENRES = ("Guiding Opinions", "Opinions", "Implementation Plan", "Notice")
TOPICS = (
    "Promoting the Development of the Western Region in the New Era",
    "Deepening Reform and Opening Up in the Western Region",
    "Building an Ecological Security Barrier in the West",
    "Improving Public Services in the Western Region",
    "Strengthening Infrastructure in the Border Areas",
    "Accelerating High-Quality Development in the West",
)
ISSUERS = (
    ("CPC Central Committee", "State Council"),
    ("State Council",),
    ("General Office of the State Council",),
    ("National Development and Reform Commission",),
)


# -- a composed document ----------------------------------------------------------------


@dataclass(frozen=True)
class Composed:
    index: int
    seed: int
    slug: str
    title: str
    text: str  # with its line ends (LF or CRLF)
    meta: str  # the .meta.toml sidecar
    part_style: str
    measure_style: str
    layout: str
    restart: bool  # measure numbers start again at 1 in each part
    crlf: bool
    footers: int  # page footer lines
    title_line: bool
    closing: bool  # ends with the closing paragraph
    measures_per_part: tuple[int, ...]

    @property
    def parts(self) -> int:
        return len(self.measures_per_part)

    @property
    def measures(self) -> int:
        return sum(self.measures_per_part)

    @property
    def name(self) -> str:
        return f"doc-{self.index:04d}"


def compose(index: int, seed: int = DEFAULT_SEED) -> Composed:
    """Document ``index`` (1-based) of the corpus of ``seed``."""
    rng = random.Random(f"westdev-kg bench corpus:{seed}:{index}")
    b = blocks()
    part_style = rng.choice(sorted(PART_STYLES))
    measure_style = rng.choice([m for m in sorted(MEASURE_STYLES) if compatible(part_style, m)])
    layout = rng.choice(LAYOUTS)
    restart = rng.random() < 0.35
    crlf = rng.random() < 0.25
    title_line = rng.random() < 0.5
    closing = rng.random() < 0.85
    sixth_quirk = part_style == "arabic" and rng.random() < 0.3

    n_parts = rng.randint(3, 7)
    headings = rng.sample(b.headings, n_parts)
    pool = list(b.measures)
    rng.shuffle(pool)
    counts = []
    for i, heading in enumerate(headings):
        low = 0 if heading in b.intros and i < n_parts - 1 else 1  # an introduction-only part, never the last
        counts.append(rng.randint(low, 10) if low == 0 else rng.randint(2, 10))
    while sum(counts) > len(pool):  # at most the 36 measures, each once
        counts[counts.index(max(counts))] -= 1

    genre, topic = rng.choice(GENRES), rng.choice(TOPICS)
    issuers = rng.choice(ISSUERS)
    title = f"{genre} of the {' and the '.join(issuers)} on {topic}"

    paragraphs: list[str] = []  # each one paragraph of the document, marker included
    if title_line:
        paragraphs.append(title)
    paragraphs.append(b.preamble)
    number = 0
    part_marker, measure_marker = PART_STYLES[part_style][0], MEASURE_STYLES[measure_style][0]
    for p, (heading, count) in enumerate(zip(headings, counts), start=1):
        marker = "Sixth, " if sixth_quirk and p == 6 else part_marker(p)
        paragraphs.append(marker + heading)
        if heading in b.intros:
            paragraphs.append(b.intros[heading])
        if restart:
            number = 0
        for _ in range(count):
            number += 1
            paragraphs.append(measure_marker(number) + pool.pop())
    if closing:
        paragraphs.append(b.closing)

    indent = rng.choice(("", "  ", "    "))
    if layout == "lines":
        lines = [indent + para for para in paragraphs]
    elif layout == "paragraphs":
        lines = []
        for para in paragraphs:
            lines += [indent + para, ""]
    else:
        width = rng.randint(60, 100)
        lines = []
        for para in paragraphs:
            lines += wrap(para, width, indent) + [""]
    footers = 0
    if rng.random() < 0.4:
        lines, footers = add_footers(lines, rng, wrapped=layout == "wrapped")
    text = "\n".join(lines).rstrip("\n") + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")

    slug = f"bench-{seed}-{index:04d}"
    year = rng.randint(2015, 2024)
    meta = "\n".join(
        [
            "# composed by bench/corpus.py from the blocks of corpus/western-development-2020.en.txt",
            f'slug = "{slug}"',
            f'title = "{title}"',
            "issuers = [" + ", ".join(f'"{name}"' for name in issuers) + "]",
            f"date_issued = {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            'language = "en"',
            'original_language = "zh"',
            'translator = "machine translation"',
            f'source = "bench/corpus.py seed {seed}, document {index}"',
        ]
    ) + "\n"
    return Composed(
        index=index, seed=seed, slug=slug, title=title, text=text, meta=meta,
        part_style=part_style, measure_style=measure_style, layout=layout, restart=restart,
        crlf=crlf, footers=footers, title_line=title_line, closing=closing, measures_per_part=tuple(counts),
    )  # fmt: skip


# -- layout helpers ----------------------------------------------------------------------

_MARKER_LIKE = re.compile(
    r"[(（]?[0-9一二三四五六七八九十IVXLC]{1,7}[.．、)）:：,，]"
    r"|(?i:part|chapter)\b"
    r"|(?i:" + "|".join(_ORDINALS) + r")[,，:：]"
    r"|第"
)


def wrap(paragraph: str, width: int, indent: str = "") -> list[str]:
    """Greedy wrap at ``width`` columns (the first line indented); no line but the first opens with a marker."""
    words = paragraph.split()
    lines: list[list[str]] = [[]]
    size = len(indent)
    for word in words:
        if lines[-1] and size + 1 + len(word) > width:
            carried: list[str] = []  # words carried over so that the new line opens with a plain word
            while _MARKER_LIKE.match(carried[0] if carried else word) and len(lines[-1]) > 1:
                carried.insert(0, lines[-1].pop())
            lines.append(carried)
            size = len(" ".join(carried))
        size += (1 if lines[-1] else 0) + len(word)
        lines[-1].append(word)
    return [(indent if i == 0 else "") + " ".join(line) for i, line in enumerate(lines)]


def add_footers(lines: list[str], rng: random.Random, wrapped: bool) -> tuple[list[str], int]:
    """A page footer about every 30-60 lines: between paragraphs, or (wrapped text) inside one."""
    page_lines = rng.randint(30, 60)
    style = rng.choice(FOOTERS)
    total = len(lines) // page_lines + 1
    out: list[str] = []
    since, page = 0, 1
    for i, line in enumerate(lines):
        out.append(line)
        since += 1
        if since < page_lines or i + 1 >= len(lines):
            continue
        nxt = lines[i + 1]
        between = line == "" and nxt != ""
        inside = wrapped and line and nxt and nxt[0].islower() and line.rstrip()[-1] not in ".;:!?。；：！？"
        if between:
            out += [style(page, total), ""]
        elif inside:
            out.append(style(page, total))
        else:
            continue
        since, page = 0, page + 1
    return out, page - 1


# -- writing a corpus -------------------------------------------------------------------


def write_corpus(folder: Path, count: int, seed: int = DEFAULT_SEED) -> list[Composed]:
    """Write documents 1..count of ``seed`` (``doc-NNNN.txt`` + ``doc-NNNN.meta.toml``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for index in range(1, count + 1):
        doc = compose(index, seed)
        (folder / f"{doc.name}.txt").write_bytes(doc.text.encode("utf-8"))
        (folder / f"{doc.name}.meta.toml").write_text(doc.meta, encoding="utf-8")
        docs.append(doc)
    return docs


def summary(docs: list[Composed]) -> str:
    from collections import Counter

    def dist(attr: str) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(Counter(str(getattr(d, attr)) for d in docs).items()))

    size = sum(len(d.text.encode("utf-8")) for d in docs)
    return "\n".join(
        [
            f"{len(docs)} documents, {size / 1e6:.2f} MB, parts {sum(d.parts for d in docs)}, measures {sum(d.measures for d in docs)}",
            f"  part markers: {dist('part_style')}",
            f"  measure markers: {dist('measure_style')}",
            f"  layouts: {dist('layout')}; restarting numbers: {sum(d.restart for d in docs)}; CRLF: {sum(d.crlf for d in docs)}; "
            f"with page footers: {sum(bool(d.footers) for d in docs)}; with a title line: {sum(d.title_line for d in docs)}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compose N policy documents from the bundled text's blocks.")
    parser.add_argument("count", type=int, help="number of documents")
    parser.add_argument("folder", type=Path, help="where to write doc-NNNN.txt and doc-NNNN.meta.toml")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"corpus seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    docs = write_corpus(args.folder, args.count, args.seed)
    print(summary(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
