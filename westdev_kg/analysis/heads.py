"""The head of a clause: its verb, obligation, subject, object, addressee and recipient.

:func:`parse_imperative` reads a clause that starts with a directive verb in its base form
(after conjunctions, adverbs and light prefixes: :func:`~.words.skip_modifiers`), or, at the
start of a sentence, a nominal directive ("In-depth implementation of …"); :func:`parse_subject`
one of the form "<subject> <modal> <verb> …" ("The NDRC must …", "X are encouraged to …", "X
shall be revised", "support will be given to Y"). Both give a :class:`Head` whose offsets count
from the start of the text parsed. A control verb's addressee is X in "support X to …"; a
recipient is Y in "increase support for Y"; the object starts after the verb and its
complement ("adhere to").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..lexicon import Verb, cues, phrases, verbs
from .words import cue_map, insertion_re, norm, skip_modifiers, skip_space, words_from

FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|could|would|becomes?|remains?)\b", re.IGNORECASE)
RELATIVE = re.compile(r"^(?:which|that|who|whose|where|when|thus|thereby|so\s+that|to\s+[a-z])\b", re.IGNORECASE)


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


_AND_VERB = re.compile(r"\s+and\s+([A-Za-z]+)")
_TO = re.compile(r"\s+to\s+")
_NOMINAL_OF = re.compile(r"(?:the\s+)?\w+(?:tion|ment|ance|ence|ing|ity|sion)\s+of\b", re.IGNORECASE)


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
        x_begin = skip_space(text, rest_start)
        x_end = rest_start + to.start()
        x = text[x_begin:x_end]
        verb_pos, _ = skip_modifiers(text, rest_start + to.end())
        words = [w for w, _, _ in words_from(text, verb_pos, 2)]
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
    pos, obligation = skip_modifiers(text, 0)
    words = words_from(text, pos, 2)
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
        object_begin=skip_space(text, object_begin),
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
    words = words_from(text, 0, 8)
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
    if FINITE.search(text) or _MUST.search(text):
        return None
    verb = nominals[words[head][0]]
    return Head(
        kind="V",
        verb=verb.lemma,
        obligation=verb.obligation,
        verb_begin=words[head][1],
        verb_end=words[head][2],
        object_begin=skip_space(text, words[j][2]),
        nominal=True,
    )


_MUST = re.compile(r"\b(?:must|should|shall)\b")


@cache
def modal_re() -> re.Pattern[str]:
    alternatives = [re.escape(p).replace(r"\ ", r"\s+") for p in phrases("modal")]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


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
    modal_map = cue_map("modal")
    for m in modal_re().finditer(text):
        subject = text[: m.start()].strip()
        if not subject or len(subject) > 240 or RELATIVE.match(subject):
            return None
        if re.search(r"\b(?:if|when|where|which|that|who)\b", subject, re.IGNORECASE) and len(subject.split()) > 12:
            return None
        cue = modal_map[norm(m[0])]
        modal_obligation = cue.obligation or None
        if modal_obligation in ("must", "should") and _NO_SUBJECT.match(subject):
            modal_obligation = "prohibit"  # "No new projects shall be approved" (不得新建)
        role = cue.role
        subject_span = (0, len(text[: m.start()].rstrip()))
        # "support will be given to Y", "priority shall be given to Y"
        given = re.match(r"\s*be\s+given\s+to\s+", text[m.end() :], re.IGNORECASE)
        last = subject.split()[-1].lower()
        if given and last in cue_map("support-given"):
            gcue = cue_map("support-given")[last]
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
            after, _ = skip_modifiers(text, m.end())
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
        pos, light = skip_modifiers(text, m.end())
        opened = _COMMA_AT.match(text, m.end())
        if opened and (insertion := insertion_re().match(text, opened.end())):
            comma = text.find(",", insertion.end())  # "X shall, together with Y, V"
            if comma > 0:
                pos, light = skip_modifiers(text, comma + 1)
        passive = re.match(r"be\s+(?:(?:[a-z]+ly|further|more)\s+)*", text[pos:], re.IGNORECASE)
        if passive:
            words = words_from(text, pos + passive.end(), 2)
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
                object_begin=skip_space(text, verb_end),
                subject=subject_span,
                subject_role="",
                modal_obligation=modal_obligation or light,
                passive=True,
            )
        words = words_from(text, pos, 3)
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
            object_begin=skip_space(text, object_begin),
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


_COMMA_AT = re.compile(r"\s*[,，]")
_NO_SUBJECT = re.compile(r"(?:no|not\s+any|none\s+of)\b", re.IGNORECASE)
