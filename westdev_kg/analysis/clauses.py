"""Sentences into clauses, each with its head (:mod:`.heads`): its verb, its subject, its object.

A sentence is cut at commas, semicolons and colons outside quotes and brackets into
*segments* (not around a ", together with X," insertion: "X, together with Y, shall V" and
"X shall, together with Y, V" are one segment); each segment is classed by how it starts:

``V``  a directive verb in its base form, after optional conjunctions, adverbs ("Actively",
       "Further", any "-ly" word) and light prefixes ("We will", "Continue to", "It is
       necessary to", "Focus on" + gerund); or, at the start of a sentence, a nominal
       directive ("In-depth implementation of …");
``S``  a subject and a modal: "The NDRC must …", "X are encouraged to …", "X shall be revised";
``F``  a finite statement without a modal ("the western region has basically realized …");
``A``  an adjunct: "Guided by …", "Relying on …", "In order to …", "By 2025";
``N``  anything else (a list item, a relative clause, a gerund).

Segments are then grouped into clauses: a ``V`` or ``S`` segment starts a new clause,
except inside a complement chain ("Support X to A, B and C": a control verb with "X to"
keeps later bare verbs in its clause); ``N`` segments continue the current clause; a run
of ``N`` segments before an ``S``/``F`` segment is that clause's subject when the sentence
starts with it, when it opens with a determiner, or when the current clause is itself a
subject clause ("Chongqing, Chengdu, Xi'an and other cities are encouraged to …"); a clause
"ensure that X" waits for X's predicate; adjuncts before a clause are kept apart (an
action's span leaves them out, a goal's keeps a time adjunct with its year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import verbs
from . import work
from .targets import relative_year_phrase
from .heads import FINITE, RELATIVE, Head, modal_re, parse_head, parse_imperative, parse_subject
from .words import CONJ_AT, insertion_re, phrase_re, words_from

_CONJ = re.compile(r"^(?:and|as\s+well\s+as|but\s+also|while|or|and\s+then)\s+", re.IGNORECASE)
_DETERMINER_START = re.compile(r"^(?:and\s+)?(?:the|all|its|their|each|every)\s", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TO_GARBLE = re.compile(r"to\s+(?=[A-Z]|(?:19|20)\d\d)")
_TO_CAPITAL = re.compile(r"to\s+(?=[A-Z])")
_PARTICIPLE_ADJUNCT = re.compile(
    r"(?:focusing|relying|considering|taking|combined|guided|based|centering|aiming|adhering|insisting)\b", re.IGNORECASE
)
_GERUND = re.compile(r"[a-z]+ing\b")


@dataclass(slots=True)
class Segment:
    begin: int  # absolute offsets of the trimmed segment text
    end: int
    sep: str  # the separator before it: "", ",", ";", ":"
    kind: str  # V, S, F, A, N
    head: Head | None = None
    year: bool = False  # an adjunct holding a year


@dataclass(slots=True)
class Clause:
    sentence: str  # sentence key
    index: int  # 1-based, its place among the clauses of its sentence
    begin: int  # absolute, after a leading conjunction
    end: int  # absolute, without the final full stop
    kind: str  # V, S, F, N
    segments: list[Segment] = field(default_factory=list)
    adjunct: tuple[int, int] | None = None  # absolute span of the adjunct before it
    adjunct_year: bool = False
    sep: str = ""  # separator before the clause's first segment (or its adjunct)
    head: Head | None = None  # offsets relative to head_base
    head_base: int = 0  # absolute offset the head's offsets count from
    inherited: Clause | None = None  # the subject clause a bare-verb clause inherits from
    sentence_start: bool = False

    @property
    def key(self) -> str:
        """Unique in its document: ``{sentence key}/clause/{index}`` (how other modules refer to it)."""
        return f"{self.sentence}/clause/{self.index}"


_SPLIT_CHARS = re.compile(r'[“(（\[”)）\]",;:，；：]')
_OPENERS = frozenset("“(（[")
_CLOSERS = frozenset("”)）]")
_SEPARATORS = {",": ",", ";": ";", ":": ":", "，": ",", "；": ";", "：": ":"}


def split_segments(text: str, offset: int) -> list[tuple[int, int, str]]:
    """(begin, end, separator-before) of the comma/semicolon/colon parts of ``text``."""
    out: list[tuple[int, int, str]] = []
    depth = 0
    quote = False
    start = 0
    sep = ""
    for m in _SPLIT_CHARS.finditer(text):
        ch = m[0]
        i = m.start()
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            quote = not quote
        elif depth == 0 and not quote:
            if ch in ",，" and text[i + 1 : i + 2].isdigit():
                continue  # 10,000
            out.append((start, i, sep))
            sep = _SEPARATORS[ch]
            start = i + 1
    out.append((start, len(text), sep))
    out = _keep_insertions(text, out)
    result = []
    for b, e, s in out:
        seg = text[b:e]
        lead = len(seg) - len(seg.lstrip())
        trimmed = seg.strip().rstrip(" \t\r\n.。!?")
        if trimmed:
            result.append((offset + b + lead, offset + b + lead + len(trimmed), s))
    return result


def _keep_insertions(text: str, parts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``parts`` with each ", together with X," insertion joined to the parts around it, so that
    "X, together with Y, shall V" and "X shall, together with Y, V" stay one clause (会同)."""
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(parts):
        b, e, s = parts[k]
        if out and k + 1 < len(parts) and s == "," and parts[k + 1][2] == "," and insertion_re().match(text, b, e):
            pb, _, ps = out.pop()
            out.append((pb, parts[k + 1][1], ps))
            k += 2
            continue
        out.append((b, e, s))
        k += 1
    return out


_PURPOSE = re.compile(r"(?:in\s+order\s+to|so\s+as\s+to|to)\s+", re.IGNORECASE)


def purpose_start(text: str) -> int | None:
    """Where the purpose of "In order to X", "So as to X", "To X" (X a verb) starts, else None."""
    m = _PURPOSE.match(text)
    if m is None:
        return None
    words = [w for w, _, _ in words_from(text, m.end(), 2)]
    if m[0].lower().startswith("to") and (not words or not text[m.end() : m.end() + 1].islower() or not verbs().base_verb(words)):
        return None  # "to In 2035" (a garble), "to the west"
    return m.end()


def _is_adjunct(text: str) -> bool:
    """Whether a segment that is not an imperative opens with an adjunct."""
    if _TO_GARBLE.match(text):
        return True
    if purpose_start(text) is not None:
        return True  # "To promote X, …": a purpose before the main clause
    rest = text[3:] if text.startswith("to ") else text
    if _PARTICIPLE_ADJUNCT.match(rest):
        return True
    m = phrase_re("adjunct").match(rest)
    if not m or m[0].lower() == "to":
        return False
    # "In-depth …" and "In order to" are handled: the cue needs a space after it
    return True


def classify(text: str, begin: int, end: int, sep: str, sentence_start: bool) -> Segment:
    seg_text = text[begin:end]
    head = parse_imperative(seg_text, allow_nominal=sentence_start)
    if head is not None:
        return Segment(begin, end, sep, "V", head)
    if _is_adjunct(seg_text):
        return Segment(begin, end, sep, "A", year=bool(_YEAR.search(seg_text) or relative_year_phrase(seg_text)))
    if not RELATIVE.match(seg_text) and not _GERUND.match(seg_text):
        head = parse_subject(seg_text)
        if head is not None:
            return Segment(begin, end, sep, "S", head)
        body = _CONJ.sub("", seg_text)
        if FINITE.search(body) and not RELATIVE.match(body):
            return Segment(begin, end, sep, "F")
    return Segment(begin, end, sep, "N")


_GOAL_LED = re.compile(r"^(?:and\s+)?(?:ensure|guarantee|make\s+sure)\s+that\b", re.IGNORECASE)
_THAT = re.compile(r"\b(?:ensure|ensuring|guarantee|make\s+sure|so)\s+that\s+(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def _pending_that(text: str) -> bool:
    return _that_state(text)[1]


def _that_state(text: str) -> tuple[bool, bool]:
    """(whether ``text`` holds an "ensure that", whether that "that" still waits for its predicate)."""
    m = _THAT.search(text)
    return bool(m), bool(m) and not FINITE.search(m["rest"]) and not modal_re().search(m["rest"])


class _Pending:
    """:func:`_pending_that` of the clauses of one sentence as they grow, each new part read once.

    A clause only grows at its end, by whole segments, and a separator (a comma, semicolon or
    colon: not a letter, not a space) always lies between its old end and the new part; the
    "ensure that", finite-verb and modal patterns are letters and spaces between word
    boundaries, so none spans that separator. Hence the first "ensure that" of the grown clause
    is the old one if there was one, and what follows it only gains the new part: the answer
    is the old answer and the new part's, never a rescan of the whole clause (issue 15, point 3).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[int, tuple[int, bool, bool]] = {}  # clause index -> (end read, found, pending)

    def __call__(self, clause: Clause) -> bool:
        known = self.known.get(clause.index)
        if known is None:
            work.examined += clause.end - clause.begin  # characters read
            found, pending = _that_state(self.text[clause.begin : clause.end])
        else:
            end, found, pending = known
            if end == clause.end:
                return pending
            piece = self.text[end : clause.end]
            work.examined += len(piece)
            if found:
                pending = pending and not FINITE.search(piece) and not modal_re().search(piece)
            else:
                found, pending = _that_state(piece)
        self.known[clause.index] = (clause.end, found, pending)
        return pending


def _chain_open(text: str, clause: Clause) -> bool:
    if not any(seg.head is not None and seg.head.control for seg in clause.segments):
        return False
    head = parse_head(text[clause.begin : clause.end], sentence_start=clause.sentence_start)
    return head is not None and head.control and head.addressee is not None


class _Chains:
    """:func:`_chain_open` of the clauses of one sentence as they grow, an open chain parsed once.

    Once "<control verb> X to <verb> …" has its addressee, everything the head parse read to
    find it (the modifiers and the verb, X, the "to" and the verb after it) lies before the
    clause's end, and what a clause gains is whole segments after a separator (a comma,
    semicolon or colon, which no word, modal or "to" pattern spans): the grown clause has the
    same head verb and the same addressee, so the chain stays open. Rereading the clause for
    each bare verb of "Support X to build A, build B, …" was quadratic (issue 15, point 3).
    A chain not (yet) open is asked again: a clause is asked at most once while it is shut
    (a shut chain starts a new clause), so that costs each segment one reading.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.open: set[int] = set()  # indices of the clauses whose chain is open

    def __call__(self, clause: Clause) -> bool:
        if clause.index in self.open:
            return True
        work.examined += len(clause.segments)
        if _chain_open(self.text, clause):
            self.open.add(clause.index)
            return True
        return False


def _strip_conjunction(text: str, begin: int, end: int) -> int:
    m = CONJ_AT.match(text, begin, end)
    if m:
        return m.end()
    m = _TO_CAPITAL.match(text, begin, end)  # the garble "; to In 2035,"
    if m:
        return m.end()
    return begin


def clauses_of(text: str, sentence_key: str, begin: int, end: int) -> list[Clause]:
    """The clauses of the sentence ``text[begin:end]`` (offsets absolute)."""
    parts = split_segments(text[begin:end], begin)
    segments = [classify(text, b, e, s, i == 0) for i, (b, e, s) in enumerate(parts)]
    clauses: list[Clause] = []
    cur: Clause | None = None
    adjunct: list[Segment] = []
    in_adjunct = False
    last_subject: Clause | None = None
    pending_that = _Pending(text)
    chain_open = _Chains(text)

    def start(first: Segment, kind: str, segs: list[Segment]) -> Clause:
        nonlocal cur, adjunct, in_adjunct, last_subject
        b = _strip_conjunction(text, first.begin, segs[-1].end)
        clause = Clause(
            sentence=sentence_key,
            index=len(clauses) + 1,
            begin=b,
            end=segs[-1].end,
            kind=kind,
            segments=list(segs),
            sep=(adjunct[0].sep if adjunct else first.sep),
            sentence_start=(first is segments[0]),
        )
        if adjunct:
            clause.adjunct = (_strip_conjunction(text, adjunct[0].begin, adjunct[-1].end), adjunct[-1].end)
            clause.adjunct_year = any(a.year for a in adjunct)
        if kind == "V" and last_subject is not None:
            clause.inherited = last_subject
        if kind == "S":
            last_subject = clause
        adjunct = []
        in_adjunct = False
        clauses.append(clause)
        cur = clause
        return clause

    def extend(clause: Clause, segs: list[Segment]) -> None:
        clause.segments.extend(segs)
        clause.end = segs[-1].end

    # run_end[i]: the index of the first segment at or after i that is not an N segment (or
    # len(segments)); one pass from the end, so that each N segment of a long run of them does
    # not rescan the rest of the run (issue 15, point 3)
    run_end = [len(segments)] * (len(segments) + 1)
    for k in range(len(segments) - 1, -1, -1):
        run_end[k] = run_end[k + 1] if segments[k].kind == "N" else k
    looked = len(segments)

    i = 0
    while i < len(segments):
        seg = segments[i]
        looked += 1
        if seg.kind == "A":
            if cur is None or seg.sep == ";" or seg.year or in_adjunct:
                adjunct.append(seg)
                in_adjunct = True
            else:
                extend(cur, [seg])
            i += 1
            continue
        if seg.kind == "N":
            if in_adjunct:
                adjunct.append(seg)
                i += 1
                continue
            j = run_end[i]  # the first segment after the run of N segments from i
            if j < len(segments) and segments[j].kind in ("S", "F"):
                run = segments[i : j + 1]
                if cur is not None and pending_that(cur):
                    extend(cur, run)
                    i = j + 1
                    continue
                if cur is None or cur.kind in ("S", "F") or _DETERMINER_START.match(text[seg.begin : seg.end]):
                    start(seg, segments[j].kind, run)
                    i = j + 1
                    continue
            if cur is None:
                start(seg, "N", [seg])
            else:
                extend(cur, [seg])
            i += 1
            continue
        if seg.kind in ("S", "F"):
            if cur is not None and pending_that(cur):
                extend(cur, [seg])
            else:
                start(seg, seg.kind, [seg])
            i += 1
            continue
        # V
        if (
            cur is not None
            and not _GOAL_LED.match(text[seg.begin : seg.end])
            and cur.kind in ("V", "S")
            and not (seg.head is not None and seg.head.control)
            and not adjunct
            and chain_open(cur)
        ):
            extend(cur, [seg])
        else:
            start(seg, "V", [seg])
        i += 1
    work.examined += looked
    for clause in clauses:
        first = clause.segments[0]
        if first.head is not None and first.kind == clause.kind and (len(clause.segments) == 1 or not first.head.control):
            # the first segment's parse holds: its verb, object start and subject are its own
            clause.head, clause.head_base = first.head, first.begin
        else:
            clause.head = parse_head(text[clause.begin : clause.end], sentence_start=clause.sentence_start)
            clause.head_base = clause.begin
        if clause.head is None and clause.kind in ("V", "S"):
            clause.kind = "N"
    return clauses
