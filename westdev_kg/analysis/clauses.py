"""Sentences into clauses, and the head of each clause: its verb, its subject, its object.

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
from functools import cache, lru_cache

from ..lexicon import Cue, Verb, cues, phrases, verbs

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|could|would|becomes?|remains?)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"^(?:which|that|who|whose|where|when|thus|thereby|so\s+that|to\s+[a-z])\b", re.IGNORECASE)
_CONJ = re.compile(r"^(?:and|as\s+well\s+as|but\s+also|while|or|and\s+then)\s+", re.IGNORECASE)
_DETERMINER_START = re.compile(r"^(?:and\s+)?(?:the|all|its|their|each|every)\s", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# -- the head of a clause --------------------------------------------------------


@dataclass(slots=True, eq=False)
class Head:
    """What the head of a clause says, with offsets relative to the parsed text (never mutated)."""

    kind: str  # "V" (imperative or nominal), "S" (subject + modal)
    verb: str  # lemma
    obligation: str  # concept of the obligation scheme
    verb_begin: int
    verb_end: int
    object_begin: int  # start of the object text (after the verb and its complement)
    control: bool = False  # the verb takes an addressee ("support X to")
    addressee: tuple[int, int] | None = None  # X of "support X to …"
    recipient: int | None = None  # start of Y in "support (will be given) to/for Y"
    subject: tuple[int, int] | None = None  # for S
    subject_role: str = ""  # "lead", "addressee", "" (passive: the subject is the patient)
    modal_obligation: str | None = None  # set by a modal or a light prefix ("must")
    nominal: bool = False
    passive: bool = False


@cache
def _regex(kind: str) -> re.Pattern[str]:
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases(kind) if p != "*ly"]
    return re.compile(r"(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


@cache
def _cue_map(kind: str) -> dict[str, Cue]:
    return {re.sub(r"\s+", " ", c.phrase.lower()): c for c in cues().get(kind, ())}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


_NEXT_WORD = re.compile(r"[^A-Za-z]*?([A-Za-z][A-Za-z'’-]*)")
_LY = re.compile(r"([A-Za-z]+ly)\s+")
_AND = re.compile(r"and\s+")
_CONJ_AT = re.compile(r"(?:and|as\s+well\s+as|but\s+also|while|or|and\s+then)\s+", re.IGNORECASE)
_SPACE_AT = re.compile(r"[\s\"“”'‘’]*")
_AND_VERB = re.compile(r"\s+and\s+([A-Za-z]+)")
_TO = re.compile(r"\s+to\s+")
_NOMINAL_OF = re.compile(r"(?:the\s+)?\w+(?:tion|ment|ance|ence|ing|ity|sion)\s+of\b", re.IGNORECASE)
_TO_GARBLE = re.compile(r"to\s+(?=[A-Z]|(?:19|20)\d\d)")
_TO_CAPITAL = re.compile(r"to\s+(?=[A-Z])")
_PARTICIPLE_ADJUNCT = re.compile(
    r"(?:focusing|relying|considering|taking|combined|guided|based|centering|aiming|adhering|insisting)\b", re.IGNORECASE
)
_GERUND = re.compile(r"[a-z]+ing\b")


def _words_from(text: str, pos: int, limit: int = 4) -> list[tuple[str, int, int]]:
    out = []
    for _ in range(limit):
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            break
        out.append((m[1].lower().replace("’", "'"), m.start(1), m.end(1)))
        pos = m.end(1)
    return out


def _skip_space(text: str, pos: int) -> int:
    return _SPACE_AT.match(text, pos).end()  # type: ignore[union-attr]


@cache
def _modifier_starts() -> frozenset[str]:
    """First words of every conjunction, adverb and light prefix (for the fast path)."""
    firsts = {"and", "as", "but", "while", "or"}
    for kind in ("adverb", "light"):
        firsts.update(p.split()[0].lower() for p in phrases(kind) if p != "*ly")
    return frozenset(firsts)


def _skip_modifiers(text: str, pos: int) -> tuple[int, str | None]:
    """Skip conjunctions, adverbs and light prefixes; return the new position and any obligation they set."""
    first = _NEXT_WORD.match(text, pos)
    if first is not None:
        word = first[1].lower()
        if word not in _modifier_starts() and not word.endswith("ly"):
            return first.start(1), None  # nothing to skip (the common case)
    obligation: str | None = None
    adverbs = _regex("adverb")
    lights = _regex("light")
    light_map = _cue_map("light")
    vl = verbs()
    n = len(text)
    for _ in range(12):
        pos = _skip_space(text, pos)
        if m := _CONJ_AT.match(text, pos):
            pos = m.end()
            continue
        if (m := lights.match(text, pos)) and m.end() < n:
            cue = light_map[_norm(m[0])]
            if cue.obligation:
                obligation = cue.obligation
            pos = m.end()
            continue
        if (m := adverbs.match(text, pos)) and m.end() < n:
            pos = m.end()
            continue
        if m := _LY.match(text, pos):
            following = _words_from(text, m.end(), 2)
            words = [w for w, _, _ in following]
            if words and (vl.any_form(words) or words[0] == "and" or adverbs.match(text, following[0][1])):
                pos = m.end()
                continue
        if (m := _AND.match(text, pos)) and adverbs.match(text, m.end()):
            pos = m.end()
            continue
        break
    return pos, obligation


@cache
def _complement_re(word: str) -> re.Pattern[str]:
    return re.compile(rf"\s*{re.escape(word)}\b", re.IGNORECASE)


def _complement(text: str, verb: Verb, pos: int) -> int:
    """Skip the preposition that introduces the verb's object ("adhere to")."""
    if verb.complement:
        m = _complement_re(verb.complement).match(text, pos)
        if m:
            return m.end()
    return pos


#: verbs whose "X to" always names an agent, however long the list; other control verbs
#: (promote, drive, organize …) more often take a thing, so their X must be short and simple
_STRONG_CONTROL = frozenset({"support", "encourage", "guide", "help", "assist", "allow", "permit"})


def _control(text: str, verb: Verb, pos: int) -> tuple[int, int] | None:
    """X in "<verb> (and <verb2>) X to <verb3> …" when X names an agent-like noun phrase."""
    vl = verbs()
    rest_start = pos
    m = _AND_VERB.match(text, pos)
    if m and (hit := vl.base.get(m[1].lower())) and hit.control:
        rest_start = m.end()
    for to in _TO.finditer(text[rest_start:]):
        x_begin = _skip_space(text, rest_start)
        x_end = rest_start + to.start()
        x = text[x_begin:x_end]
        verb_pos, _ = _skip_modifiers(text, rest_start + to.end())
        words = [w for w, _, _ in _words_from(text, verb_pos, 2)]
        if not x or not words or not vl.base_verb(words):
            continue
        if len(x.split()) > 16 or _NOMINAL_OF.match(x):
            return None
        if verb.lemma not in _STRONG_CONTROL and ("," in x or len(x.split()) > 8):
            return None  # "promote X to …" takes only a short, simple agent
        return (x_begin, x_end)
    return None


@cache
def _support_light_verbs() -> frozenset[str]:
    return frozenset(c.phrase for c in cues().get("support-light", ()))


_SUPPORT_NOUN = re.compile(r"\s+(?:[\w'’-]+\s+){0,4}?support\b(?:\s+(?:for|to)\s+)?", re.IGNORECASE)


def _support_light(text: str, verb: Verb, pos: int) -> tuple[int, int | None] | None:
    """'increase (the) support for Y', 'give slant support to Y': the end of "support" and the start of Y."""
    if verb.lemma not in _support_light_verbs() or "support" not in text[pos : pos + 60]:
        return None
    m = _SUPPORT_NOUN.match(text, pos)
    if not m:
        return None
    recipient = m.end() if m[0].rstrip().endswith((" for", " to")) else None
    return m.end(), recipient


_MODAL_NEXT = re.compile(r"\s+(?:will|shall|should|must|is|are|can|has|have)\b", re.IGNORECASE)
_ON_BEFORE = re.compile(r"\bon\s*$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def parse_imperative(text: str, *, allow_nominal: bool = False) -> Head | None:
    """The head of a clause that starts with a directive verb (or a nominal directive)."""
    vl = verbs()
    pos, obligation = _skip_modifiers(text, 0)
    words = _words_from(text, pos, 2)
    lowered = [w for w, _, _ in words]
    hit = vl.base_verb(lowered)
    if hit is None and lowered and lowered[0].endswith("ing") and _ON_BEFORE.search(text, 0, pos):
        hit = vl.any_form(lowered)  # "Focus on strengthening", "Emphasis will be placed on improving"
    if hit is None:
        return _nominal(text) if allow_nominal else None
    verb, n = hit
    verb_begin, verb_end = words[0][1], words[n - 1][2]
    # "Support will be given", "Help policy will …": a subject, not an imperative
    if _MODAL_NEXT.match(text, verb_end):
        return None
    lemma, verb_obligation = verb.lemma, verb.obligation
    object_begin = _complement(text, verb, verb_end)
    recipient = None
    if (sl := _support_light(text, verb, verb_end)) is not None:
        lemma, verb_obligation = "support", "support"
        object_begin, recipient = sl
    control = vl.by_lemma[lemma].control
    addressee = _control(text, vl.by_lemma[lemma], verb_end) if control and recipient is None and lemma == verb.lemma else None
    obligation_final = obligation or verb_obligation
    return Head(
        kind="V",
        verb=lemma,
        obligation=obligation_final,
        verb_begin=verb_begin,
        verb_end=verb_end,
        object_begin=_skip_space(text, object_begin),
        control=control,
        addressee=addressee,
        recipient=recipient,
        modal_obligation=obligation,
    )


@cache
def _nominal_modifiers() -> frozenset[str]:
    return frozenset(p.lower() for p in phrases("nominal-modifier"))


def _nominal(text: str) -> Head | None:
    """'In-depth implementation of …', 'Reasonable planning and construction of …' (sentence-initial)."""
    words = _words_from(text, 0, 8)
    nominals = verbs().nominals
    i = 0
    while i < len(words) and words[i][0] in _nominal_modifiers():
        i += 1
    if i >= len(words) or words[i][0] not in nominals:
        return None
    head = i
    j = i + 1
    if j + 1 < len(words) and words[j][0] == "and":
        j += 2
    if j >= len(words) or words[j][0] != "of":
        return None
    if any(text[a[2] : b[1]].strip() for a, b in zip(words[: j], words[1 : j + 1])):
        return None  # punctuation between the words: not one noun phrase
    if _FINITE.search(text) or _MUST.search(text):
        return None
    verb = nominals[words[head][0]]
    return Head(
        kind="V",
        verb=verb.lemma,
        obligation=verb.obligation,
        verb_begin=words[head][1],
        verb_end=words[head][2],
        object_begin=_skip_space(text, words[j][2]),
        nominal=True,
    )


_MUST = re.compile(r"\b(?:must|should|shall)\b")


@cache
def _modal_re() -> re.Pattern[str]:
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases("modal")]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def _lemma_of_participle(word: str) -> Verb | None:
    vl = verbs()
    if hit := vl.forms.get(word):
        return hit
    return None


_WORD_SPLIT = re.compile(r"[^a-z]+")


@cache
def _modal_words() -> frozenset[str]:
    return frozenset(word for p in phrases("modal") for word in p.lower().split()[:1])


_NOT_VERBS = frozenset(
    "be been being have has had not also further still only all the a an any more no its their this that these those "
    "to and or as well in on at by for with from".split()
)


def _unlisted_verb(words: list[tuple[str, int, int]]) -> tuple[Verb, int] | None:
    """A word after a modal of obligation that the verb lexicon does not hold ("shall not
    *discharge* …"): after "<subject> must|shall|should …" a lower-case word is the verb, unless
    it is a function word, an adverb or a participle. Not after the neutral "will", where a
    statement is as likely ("the region will become a growth pole")."""
    if not words:
        return None
    word = words[0][0]
    if not (word.isalpha() and word.islower() and len(word) >= 3) or word in _NOT_VERBS:
        return None
    if word.endswith(("ly", "ed", "ing")):
        return None
    return Verb(word, "do", "", False), 1


@lru_cache(maxsize=8192)
def parse_subject(text: str) -> Head | None:
    """The head of a clause "<subject> <modal> <verb> …"."""
    if _modal_words().isdisjoint(_WORD_SPLIT.split(text.lower())):
        return None  # no modal word at all (the common case)
    vl = verbs()
    modal_map = _cue_map("modal")
    for m in _modal_re().finditer(text):
        subject = text[: m.start()].strip()
        if not subject or len(subject) > 240 or _RELATIVE.match(subject):
            return None
        if re.search(r"\b(?:if|when|where|which|that|who)\b", subject, re.IGNORECASE) and len(subject.split()) > 12:
            return None
        cue = modal_map[_norm(m[0])]
        modal_obligation = cue.obligation or None
        if modal_obligation in ("must", "should") and _NO_SUBJECT.match(subject):
            modal_obligation = "prohibit"  # "No new projects shall be approved" (不得新建)
        role = cue.role
        subject_span = (0, len(text[: m.start()].rstrip()))
        # "support will be given to Y", "priority shall be given to Y"
        given = re.match(r"\s*be\s+given\s+to\s+", text[m.end() :], re.IGNORECASE)
        last = subject.split()[-1].lower()
        if given and last in _cue_map("support-given"):
            gcue = _cue_map("support-given")[last]
            verb = gcue.verb
            obligation = modal_obligation or gcue.obligation or vl.by_lemma[verb].obligation
            return Head(
                kind="S",
                verb=verb,
                obligation=obligation,
                verb_begin=m.end(),
                verb_end=m.end() + given.end(),
                object_begin=m.end() + given.end(),
                recipient=m.end() + given.end() if verb == "support" else None,
                subject=subject_span,
                subject_role="",
                modal_obligation=modal_obligation,
                passive=True,
            )
        if cue.verb:  # "X are encouraged to …"
            verb = vl.by_lemma[cue.verb]
            after, _ = _skip_modifiers(text, m.end())
            return Head(
                kind="S",
                verb=verb.lemma,
                obligation=cue.obligation,
                verb_begin=m.start(),
                verb_end=m.end(),
                object_begin=after,
                control=True,
                addressee=subject_span,
                subject=subject_span,
                subject_role="addressee",
                modal_obligation=cue.obligation,
            )
        pos, light = _skip_modifiers(text, m.end())
        opened = _COMMA_AT.match(text, m.end())
        if opened and (insertion := _insertion_re().match(text, opened.end())):
            comma = text.find(",", insertion.end())  # "X shall, together with Y, V"
            if comma > 0:
                pos, light = _skip_modifiers(text, comma + 1)
        passive = re.match(r"be\s+(?:(?:[a-z]+ly|further|more)\s+)*", text[pos:], re.IGNORECASE)
        if passive:
            words = _words_from(text, pos + passive.end(), 2)
            lowered = [w for w, _, _ in words]
            hit = vl.any_form(lowered)
            if hit is None or not words:
                return None
            verb, n = hit
            verb_end = words[n - 1][2]
            obligation = modal_obligation or light or verb.obligation
            return Head(
                kind="S",
                verb=verb.lemma,
                obligation=obligation,
                verb_begin=words[0][1],
                verb_end=verb_end,
                object_begin=_skip_space(text, verb_end),
                subject=subject_span,
                subject_role="",
                modal_obligation=modal_obligation or light,
                passive=True,
            )
        words = _words_from(text, pos, 3)
        lowered = [w for w, _, _ in words]
        hit = vl.base_verb(lowered) or (_unlisted_verb(words) if modal_obligation else None)
        if hit is None:
            return None
        verb, n = hit
        verb_end = words[n - 1][2]
        obligation = modal_obligation or light or verb.obligation
        object_begin = _complement(text, verb, verb_end)
        recipient = None
        lemma = verb.lemma
        if (sl := _support_light(text, verb, verb_end)) is not None:
            lemma = "support"
            obligation = modal_obligation or light or "support"
            object_begin, recipient = sl
        control = vl.by_lemma[lemma].control if lemma in vl.by_lemma else False
        return Head(
            kind="S",
            verb=lemma,
            obligation=obligation,
            verb_begin=words[0][1],
            verb_end=verb_end,
            object_begin=_skip_space(text, object_begin),
            control=control,
            addressee=_control(text, vl.by_lemma[lemma], verb_end) if control and recipient is None else None,
            recipient=recipient,
            subject=subject_span,
            subject_role=role or "lead",
            modal_obligation=modal_obligation or light,
        )
    return None


def parse_head(text: str, *, sentence_start: bool = False) -> Head | None:
    return parse_imperative(text, allow_nominal=sentence_start) or parse_subject(text)


# -- segments and clauses --------------------------------------------------------


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


_COMMA_AT = re.compile(r"\s*[,，]")
_NO_SUBJECT = re.compile(r"(?:no|not\s+any|none\s+of)\b", re.IGNORECASE)


@cache
def _insertion_re() -> re.Pattern[str]:
    """A comma-delimited insertion naming who co-operates: "together with X", "in conjunction with X"."""
    alternatives = "|".join(re.escape(c.phrase).replace(r"\ ", r"\s+") for c in cues().get("cooperation", ()))
    return re.compile(rf"\s*(?:{alternatives})\s", re.IGNORECASE)


def _keep_insertions(text: str, parts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``parts`` with each ", together with X," insertion joined to the parts around it, so that
    "X, together with Y, shall V" and "X shall, together with Y, V" stay one clause (会同)."""
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(parts):
        b, e, s = parts[k]
        if out and k + 1 < len(parts) and s == "," and parts[k + 1][2] == "," and _insertion_re().match(text, b, e):
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
    words = [w for w, _, _ in _words_from(text, m.end(), 2)]
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
    m = _regex("adjunct").match(rest)
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
        return Segment(begin, end, sep, "A", year=bool(_YEAR.search(seg_text)))
    if not _RELATIVE.match(seg_text) and not _GERUND.match(seg_text):
        head = parse_subject(seg_text)
        if head is not None:
            return Segment(begin, end, sep, "S", head)
        body = _CONJ.sub("", seg_text)
        if _FINITE.search(body) and not _RELATIVE.match(body):
            return Segment(begin, end, sep, "F")
    return Segment(begin, end, sep, "N")


_GOAL_LED = re.compile(r"^(?:and\s+)?(?:ensure|guarantee|make\s+sure)\s+that\b", re.IGNORECASE)
_THAT = re.compile(r"\b(?:ensure|ensuring|guarantee|make\s+sure|so)\s+that\s+(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def _pending_that(text: str) -> bool:
    m = _THAT.search(text)
    return bool(m) and not _FINITE.search(m["rest"]) and not _modal_re().search(m["rest"])


def _chain_open(text: str, clause: Clause) -> bool:
    if not any(seg.head is not None and seg.head.control for seg in clause.segments):
        return False
    head = parse_head(text[clause.begin : clause.end], sentence_start=clause.sentence_start)
    return head is not None and head.control and head.addressee is not None


def _strip_conjunction(text: str, begin: int, end: int) -> int:
    m = _CONJ_AT.match(text, begin, end)
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

    def start(first: Segment, kind: str, segs: list[Segment]) -> Clause:
        nonlocal cur, adjunct, in_adjunct, last_subject
        b = _strip_conjunction(text, first.begin, segs[-1].end)
        clause = Clause(
            sentence=sentence_key,
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

    i = 0
    while i < len(segments):
        seg = segments[i]
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
            j = i
            while j < len(segments) and segments[j].kind == "N":
                j += 1
            if j < len(segments) and segments[j].kind in ("S", "F"):
                run = segments[i : j + 1]
                if cur is not None and _pending_that(text[cur.begin : cur.end]):
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
            if cur is not None and _pending_that(text[cur.begin : cur.end]):
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
            and _chain_open(text, cur)
        ):
            extend(cur, [seg])
        else:
            start(seg, "V", [seg])
        i += 1
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
