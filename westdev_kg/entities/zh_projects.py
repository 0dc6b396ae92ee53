"""Chinese names of strategies, programmes, campaigns and initiatives (issue 11, point 5).

Rules
-----
* **A head word** of ``lexicon/zh_projects.csv`` (战略, 倡议, 工程, 计划, 行动, 行动计划,
  攻坚战, 保卫战; 项目 only after a quoted name) ends a name when it is a whole word of the
  segmenter (so 年度计划, 工程建设, 战略性 are not heads) and the word after it does not make it
  a modifier (战略导向, 工程项目, 行动方案).
* **The name** is the run of words before the head, back to punctuation or a word of the
  ``stop`` list (the verbs and adverbs that open a clause: 实施, 深入实施, 开展, 打好 …; 的, 等,
  prepositions).  A quoted stretch belongs to it whole (“万企兴万村”行动, 乡村产业振兴带头人培育
  “头雁”项目); a name written inside quotes is the quoted text (“千万工程”).  和 and 与 join two
  names when a head comes right before them (A计划和B项目), else they are inside one
  (国家大豆和油料产能提升工程).  A leading ``prefix`` (新一轮, 一批) is not part of the name.
* **Generic nouns are not names**: a name whose words are all of the ``generic`` list (重大工程,
  发展战略, 形象工程, 统一行动, 服务国家战略) or shorter than two characters mints nothing.
* **Known names stay known**: a name the reference data holds, also without its head
  (长江经济带发展战略 is the strategy 长江经济带发展), is that entity; a name whose words without
  the head are a region that a strategy is named after is that strategy (长江经济带战略).
  Others are minted (:func:`.minting.mint`: key ``project/<pinyin slug>``, kind from the head).
* **A region named by a strategy**: a region that a reference strategy is named after
  (``components`` of a ``strategy`` row whose Chinese name begins with the region's) is the
  strategy when the sentence speaks of its development — followed by (高质量|协同|一体化)发展,
  建设 or 战略 (推动长江经济带高质量发展) — and stays the region when the sentence places
  things in it (长江经济带沿线, 在长江经济带).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from ..lexicon import FOLDER as LEXICON
from ..reference import Reference
from .candidates import RANK_GAZETTEER, Candidate, Context
from .minting import mint


def short_form_keys(ref: Reference, form: str) -> tuple[str, ...]:
    """The key of a Chinese short form without a context rule (千万工程), or ()."""
    from .chinese import short_forms  # chinese imports this module

    return next((sf.keys for sf in short_forms() if sf.form == form and len(sf.keys) == 1 and not sf.context), ())

_QUOTES_OPEN, _QUOTES_CLOSE = "“\"", "”\""
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_STOP_ENDINGS = ("实施", "推进", "开展", "推动", "落实", "启动")
_NAME_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z+０-９]")
_MAX_NAME = 24  # characters before the head: longer runs are clauses, not names
_DEVELOPMENT = re.compile(r"(?:高质量|协同|一体化|绿色)?(?:发展|建设)(?:战略)?|战略")


@dataclass(frozen=True, slots=True)
class Words:
    heads: dict[str, str]  # head word -> project kind
    quoted_heads: dict[str, str]
    stop: frozenset[str]
    prefix: tuple[str, ...]
    generic: frozenset[str]
    compounds: dict[str, str]  # segmenter word -> the head at its start or end
    generic_last: frozenset[str]  # a name never ends in one of them (国家战略, 农村供水工程)
    next: frozenset[str]  # the Chinese words that may follow a name's head


@functools.lru_cache(maxsize=1)
def words() -> Words:
    """The rows of ``lexicon/zh_projects.csv``."""
    with (LEXICON / "zh_projects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by = lambda kind: [r for r in rows if r["kind"] == kind]  # noqa: E731
    return Words(
        heads={r["word"]: r["value"] for r in by("head")},
        quoted_heads={r["word"]: r["value"] for r in by("quoted-head")},
        stop=frozenset(r["word"] for r in by("stop")),
        prefix=tuple(r["word"] for r in by("prefix")),
        generic=frozenset(r["word"] for r in by("generic")),
        compounds={r["word"]: r["value"] for r in by("compound")},
        generic_last=frozenset(r["word"] for r in by("generic-last")),
        next=frozenset(r["word"] for r in by("next")),
    )


def _split(segmented: list[tuple[str, int, int]], w: Words) -> list[tuple[str, int, int]]:
    """The segmenter's words with the listed compounds cut at their head (建设工程 → 建设 + 工程)."""
    out = []
    for word, begin, end in segmented:
        head = w.compounds.get(word)
        if head is None:
            out.append((word, begin, end))
        elif word.endswith(head):
            out += [(word[: -len(head)], begin, end - len(head)), (head, end - len(head), end)]
        else:
            out += [(head, begin, begin + len(head)), (word[len(head) :], begin + len(head), end)]
    return out


@functools.lru_cache(maxsize=2)
def named_after(ref: Reference) -> dict[str, str]:
    """Region key -> the key of the reference strategy named after it (长江经济带 → 长江经济带发展)."""
    out: dict[str, str] = {}
    for key in sorted(ref.entities):
        e = ref.entities[key]
        if e.category != "project" or e.kind != "strategy" or not e.label_zh:
            continue
        for part in e.components:
            region = ref.entities.get(part)
            if region is not None and region.label_zh and e.label_zh.startswith(region.label_zh):
                out.setdefault(part, key)
    return out


def candidates(ctx: Context, segmented: list[tuple[str, int, int]]) -> Iterator[Candidate]:
    """Names ending in a head word, in a Chinese text cut into ``segmented`` words (word, begin, end)."""
    w = words()
    segmented = _split(segmented, w)
    begins = frozenset(b for _, b, _ in segmented)
    text = ctx.document.text
    index = {t.begin: i for i, t in enumerate(ctx.tokens)}
    for j, (word, begin, end) in enumerate(segmented):
        kind = w.heads.get(word)
        if word == "计划" and j and segmented[j - 1][0] == "行动":
            continue  # 行动计划 is one head: read at 行动
        if word == "行动" and j + 1 < len(segmented) and segmented[j + 1][0] == "计划":
            word, end = "行动计划", segmented[j + 1][2]
            nxt = j + 2
        else:
            nxt = j + 1
        quoted_only = kind is None and word in w.quoted_heads
        if kind is None and not quoted_only:
            continue
        if nxt < len(segmented) and segmented[nxt][0] == "建设":
            nxt += 1  # 安全工程建设。: the construction of the programme; 工程建设领域: of works
            if nxt < len(segmented) and _CJK.match(segmented[nxt][0]):
                continue
        elif nxt < len(segmented) and _CJK.match(segmented[nxt][0]) and segmented[nxt][0] not in w.next:
            continue  # 战略主动, 工程质量, 行动方案: the head word as a modifier
        start = _name_start(segmented, j, text, w, begins)
        if start is None:
            continue
        if quoted_only and not _has_quote(text[start:begin]):
            continue
        name_begin, name_end = _unquote(text, start, end)
        if not _is_name(text[name_begin:begin] if name_begin < begin else "", segmented[max(0, j - 40) : j], name_begin, begin, w):
            continue
        if name_begin not in index or name_end - 1 not in index:
            continue
        first, last = index[name_begin], index[name_end - 1]
        kind = kind or w.quoted_heads[word]
        yield _known(ctx, first, last, text[name_begin:name_end], word) or _minted(ctx, first, last, kind)


def _minted(ctx: Context, first: int, last: int, kind: str) -> Candidate:
    """The minted project, labelled as written without quotation marks (no space where they were)."""
    cand = mint(ctx, first, last, "project", kind, "zh-" + kind)
    if cand.minted is not None:
        name = "".join(ch for ch in ctx.surface(first, last) if ch not in _QUOTES_OPEN + _QUOTES_CLOSE and not ch.isspace())
        # its Chinese label (@zh): a name no list holds has no English one (the graph stage tags
        # a Chinese label_en as @zh)
        cand = replace(cand, minted=replace(cand.minted, label_en=name, label_zh=name))
    return cand


def _name_start(segmented: list[tuple[str, int, int]], j: int, text: str, w: Words, begins: frozenset[int]) -> int | None:
    """Offset where the name ending in head ``j`` begins, or None when there is none."""
    head_begin = segmented[j][1]
    start = head_begin
    i = j - 1
    while i >= 0:
        word, begin, _ = segmented[i]
        if word and word[-1] in _QUOTES_CLOSE:
            opened = _opening(segmented, i)
            if opened is None:
                break
            start, i = segmented[opened][1], opened - 1
            continue
        if word and word[-1] in _QUOTES_OPEN:
            break  # the name is quoted: “千万工程”
        if word in ("和", "与") and i > 0 and _ends_in_head(segmented[i - 1][0], w):
            break  # A计划和B项目: two names
        if (word in w.stop or word.endswith(_STOP_ENDINGS)) and word not in ("和", "与"):
            break
        if word in ("和", "与") and i > 0 and segmented[i - 1][0] in w.stop:
            break
        if not _NAME_CHAR.match(word) and word not in ("和", "与"):
            break
        start, i = begin, i - 1
        if head_begin - start > _MAX_NAME:
            return None
    for prefix in (*w.prefix, "和", "与"):
        if text.startswith(prefix, start) and start + len(prefix) < head_begin and start + len(prefix) in begins:
            start += len(prefix)  # whole words only: 服务 is not stripped from 服务业
    return start if start < head_begin else None


def _ends_in_head(word: str, w: Words) -> bool:
    return word in w.heads or word in w.quoted_heads or (bool(word) and word[-1] in _QUOTES_CLOSE)


def _opening(segmented: list[tuple[str, int, int]], close: int) -> int | None:
    for k in range(close - 1, max(-1, close - 20), -1):
        if segmented[k][0] and segmented[k][0][-1] in _QUOTES_OPEN:
            return k
        if segmented[k][0] in ("。", "；", "\n"):
            return None
    return None


def _has_quote(stretch: str) -> bool:
    return any(q in stretch for q in _QUOTES_CLOSE)


def _unquote(text: str, begin: int, end: int) -> tuple[int, int]:
    """A name written wholly inside quotes is the quoted text; quotes at its edges are not part of it."""
    if text[begin : begin + 1] in _QUOTES_OPEN and text[end - 1 : end] in _QUOTES_CLOSE and _QUOTES_CLOSE[0] not in text[begin + 1 : end - 1]:
        return begin + 1, end - 1
    return begin, end


def _is_name(modifier: str, segmented: list[tuple[str, int, int]], begin: int, head_begin: int, w: Words) -> bool:
    """Is the stretch before the head a name, not a generic noun (重大工程, 发展战略)?"""
    plain = "".join(ch for ch in modifier if ch not in _QUOTES_OPEN + _QUOTES_CLOSE)
    if len(plain) < 2:
        return bool(plain) and modifier != plain  # “三北”工程 is a name; 新工程 is not
    inside = [word for word, b, e in segmented if begin <= b and e <= head_begin and word not in _QUOTES_OPEN + _QUOTES_CLOSE]
    if not inside or inside[-1] in w.generic_last:
        return False
    last = inside[max((k for k, word in enumerate(inside) if word in ("和", "与")), default=-1) + 1 :]
    return not all(word in w.generic for word in last)  # the conjunct before the head: 就业状况与招生计划


def _known(ctx: Context, first: int, last: int, surface: str, head: str) -> Candidate | None:
    """The reference entity a name is, also without its head (长江经济带发展战略, 长江经济带战略)."""
    gaz, ref = ctx.gazetteer, ctx.reference
    name = "".join(ch for ch in surface if ch not in _QUOTES_OPEN + _QUOTES_CLOSE)
    for form in (name, name[: -len(head)] if name.endswith(head) else ""):
        if not form:
            continue
        keys = gaz.lookup(form) or short_form_keys(ref, form)
        projects = tuple(k for k in keys if k.startswith("project/"))
        if projects:
            return Candidate(first, last, projects, "gazetteer", RANK_GAZETTEER)
        strategies = tuple(dict.fromkeys(named_after(ref)[k] for k in keys if k in named_after(ref)))
        if strategies:
            return Candidate(first, last, strategies, "gazetteer", RANK_GAZETTEER)
    return None


def strategies_of_regions(ctx: Context, named: Iterable[Candidate]) -> Iterator[Candidate]:
    """The strategy named after a region where the text speaks of the region's development."""
    text = ctx.document.text
    after = named_after(ctx.reference)
    index = {t.begin: i for i, t in enumerate(ctx.tokens)}
    for cand in named:
        strategies = [after[k] for k in cand.keys if k in after]
        if not strategies:
            continue
        end = ctx.tokens[cand.last].end
        m = _DEVELOPMENT.match(text, end)
        if m is None or m.end() - 1 not in index:
            continue
        yield Candidate(cand.first, index[m.end() - 1], tuple(dict.fromkeys(strategies)), "gazetteer", RANK_GAZETTEER)
