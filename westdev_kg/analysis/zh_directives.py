"""Actions and stated responsibility in Chinese texts (issue 12, point 6).

A sentence is cut into clauses at ，；：。！？ (never at 、). A clause is a **directive** when,
after its leading adverbs (切实, 进一步, 积极 … ``adverb`` in ``zh_cues.csv``):

- it opens with a directive verb (``zh_verbs.csv``: 加强 → strengthen, 推进 → advance …) or a
  modal (严禁, 不得, 鼓励, 支持 …) and a verb: a **bare** clause; or with a preposition
  (为, 对, 在 … ``preposition``) and then a verb (为志愿者提供…);
- a subject comes first and then a modal (``zh_obligations.csv``: 要, 必须, 应当, 不得, 可以 …)
  and a verb (a verb not listed gives ``do``), or 负责/牵头 and a verb, or 由X and a verb:
  a **subject** clause (各地区各部门要高度重视, 纪检监察机关负责…, 方案由X会同Y制定);
- a subject made only of named agents comes first and then a verb or a role cue (财政部…等部门参加),
  or a preposition and a verb (X对Y进行Z).

After a light verb (进行, 加以, 予以: ``light-verb``) the directive verb right after it heads the clause
(对Y进行督促检查 → urge, never a verb inside Y). A clause ending in 过程中 is an adjunct.

The obligation is the clause's own modal (a modal before a verb wins over the verb's own), else a
"must"/"should" inherited from an earlier subject clause of the sentence, else the verb's
(支持 → support, 鼓励/引导/允许 → encourage, 探索/试点 → explore, 研究 → study, 严禁/禁止 →
prohibit, any other → do); 可/可以 give ``may``; a 鼓励/支持 clause without a verb of its own
governs the next clause; 引导 (``steer-verb``) with neither an actor nor a verb after it steers a
thing (引导社会舆论 → do) and governs nothing. A word that only contains a modal character (重要, 需要, 要求, 应用,
可持续, 负责人 …: ``not-modal``) is not one. The table and its reasoning: docs/chinese-directives.md.

Roles, from the agents (regions, bodies, generic actors: the mentions of the entity stage):

- **lead**: the subject of a subject clause (X要…, X必须…, 由X…), inherited by the bare clauses
  after it in the sentence; X of X牵头 / X负责 (``lead-after``);
- **co-operating**: Y of 会同Y / 联合Y (``cooperate-before``) and of Y配合 / Y参与 / Y参加
  (``cooperate-after``), inherited only with a lead;
- **addressee**: X right after 支持 / 鼓励 / 引导 / 推动 / 发挥 … (``addressee-verb``).

An agent is taken with the agents coordinated with it (、和及与), and 等部门-like tails are allowed
between the last agent and a cue after it. Nobody is guessed here: where a measure names no
lead, the analyse stage makes the issuers lead, stated=False (see its ``_inferred``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..lexicon import zh
from ..model import Span
from .directives import MentionIndex, RoleDraft

_BREAKS = re.compile(r"[，,；;：:。！？!?]")
_NUMBERING = re.compile(r"^\s*(?:#+\s*)?(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、|\d+[.、．])\s*")
_JOINERS = re.compile(r"^(?:、|和|及|与|以及|及其|，)?$")
_TAIL = re.compile(r"^(?:等|等有关|等相关|有关|相关|各)?(?:部门|单位|方面|机构)?(?:要|也要|都要)?$")
_SUBJECT_MAX = 40  # characters between a clause's start and its modal
_EARLY = 10  # a modal this close after a clause's first verb makes that verb part of a subject


@dataclass(frozen=True, slots=True)
class ZhAction:
    span: Span  # the clause
    verb: str  # the English lemma of the Chinese verb
    obligation: str
    object_span: Span | None
    roles: tuple[RoleDraft, ...]


@dataclass(frozen=True, slots=True)
class _Read:
    begin: int  # after numbering and adverbs
    end: int
    subject: tuple[int, int] | None
    verb_at: int
    verb_word: str
    modal: str | None  # obligation of a modal
    topic: bool = False  # 领导小组由X牵头: a topic before 由, whose make-up the clauses after it may go on describing


def clauses(text: str, begin: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence ``text[begin:end]``: cut at ，；：。！？, trimmed, numbering left out."""
    out, start = [], begin
    for m in _BREAKS.finditer(text, begin, end):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, end))
    result = []
    for b, e in out:
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if b == begin and (m := _NUMBERING.match(text, b, e)):
            b = m.end()
        if e > b:
            result.append((b, e))
    return result


def _skip_adverbs(text: str, at: int, end: int) -> int:
    lex = zh()
    while at < end:
        word = lex.longest(lex.cues.get("adverb", ()), text, at)
        if word is None:
            break
        after = at + len(word)
        if lex.longest(lex.verbs, text, at) and len(lex.longest(lex.verbs, text, at) or "") > len(word):
            break  # a longer verb starts here: 加快推进 is the verb advance, not 加快 + 推进
        if not (lex.longest(lex.verbs, text, after) or lex.longest(lex.modals, text, after)
                or lex.longest(lex.cues.get("adverb", ()), text, after)
                or lex.longest(lex.cues.get("preposition", ()), text, after)):
            break  # an adverb-like word used as the verb itself (严格工作纪律, 加快发展)
        at = after
    return at


def _covered(text: str, at: int) -> bool:
    """Whether a word that only holds a cue character (重要, 需要, 负责人, 理由 …: ``not-modal``) covers ``at``."""
    for back in range(0, 3):
        for nm in zh().cues.get("not-modal", ()):
            if at - back >= 0 and text.startswith(nm, at - back) and at - back + len(nm) > at:
                return True
    return False


def _modal_at(text: str, at: int) -> str | None:
    """The modal word at ``at``, unless a not-modal word (重要, 需要, 应用 …) covers that place."""
    lex = zh()
    word = lex.longest(lex.modals, text, at)
    if word is None or _covered(text, at):
        return None
    if word == "可" and not (lex.longest(lex.verbs, text, _skip_adverbs(text, at + 1, len(text)))):
        return None  # 可 is a permission only right before a directive verb
    return word


def _early_modal(text: str, at: int, end: int) -> bool:
    """Whether a modal of duty, prohibition or permission comes within a few characters (编制数量和配备标准要…)."""
    lex = zh()
    for m in range(at, min(end, at + _EARLY)):
        if _BREAKS.match(text[m]):
            return False
        word = _modal_at(text, m)
        if word and lex.modals[word] in ("must", "should", "prohibit", "may"):
            return True
    return False


def _verb_after(
    text: str, at: int, end: int, skip: tuple[str, ...] = (), names: list[tuple[str, Span]] = ()
) -> tuple[int, str] | None:
    """The first directive verb in ``text[at:end]`` (not one of ``skip``, not before 的, not inside one of ``names``)."""
    lex = zh()
    p = at
    while p < end:
        inside = next((span.end for _, span in names if span.begin <= p < span.end), None)
        if inside is not None:
            p = inside
            continue
        word = lex.longest(lex.verbs, text, p)
        if word and word not in skip and not text.startswith("的", p + len(word)):
            return p, word
        p += len(word) if word else 1
    return None



def _light(text: str, at: int, word: str, end: int) -> tuple[int, str]:
    """进行督促检查, 加以规范: the directive verb just after a light verb (``light-verb``) heads the clause."""
    lex = zh()
    if word in lex.cues.get("light-verb", ()):
        p = _skip_adverbs(text, at + len(word), end)
        for q in range(p, min(end, p + 3)):  # 进行专项治理, 进行了清理
            if found := lex.longest(lex.verbs, text, q):
                return q, found
    return at, word


def _head_after(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The head of a clause after a preposition: Z of 对Y进行Z (Y may hold verbs), else the first directive verb."""
    lex = zh()
    for m in range(start, end):
        if word := lex.longest(lex.cues.get("light-verb", ()), text, m):
            return _light(text, m, word, end)
    found = _verb_after(text, start, end)
    return found and _light(text, *found, end)

def read_clause(text: str, begin: int, end: int, index: MentionIndex) -> _Read | None:
    """The head of a clause: subject, modal and directive verb, or None when it directs nothing."""
    lex = zh()
    if text.endswith(lex.cues.get("adjunct-always", ()), begin, end):
        return None  # 开展专项检查过程中: an adjunct
    at = _skip_adverbs(text, begin, end)
    modal_word = _modal_at(text, at)
    verb = lex.longest(lex.verbs, text, at)
    if modal_word and (not verb or len(modal_word) >= len(verb)) and modal_word not in lex.verbs:
        return _after_modal(text, at, end, None, modal_word)
    if verb and not text.startswith("的", at + len(verb)) and not _early_modal(text, at + len(verb), end):
        return _Read(at, end, None, *_light(text, at, verb, end), None)  # not 改革的主要内容, not 编制数量要… (a subject)
    by = lex.cues.get("lead-before", ())
    if text.startswith(by, at) and not _covered(text, at):
        return _by(text, at, end, index, topic=False)
    preposition = lex.longest(lex.cues.get("preposition", ()), text, at)
    if preposition and text.endswith(lex.cues.get("adjunct-end", ()), at, end):
        return None  # 在推进改革的过程中: an adjunct
    if preposition and (found := _head_after(text, at + len(preposition), min(end, at + _SUBJECT_MAX))):
        return _Read(at, end, None, found[0], found[1], None)  # 为志愿者提供…, 对X进行监督
    # a subject before a modal, a lead cue (X负责…) or 由 (方案由X制定)
    for m in range(at + 1, min(end, at + _SUBJECT_MAX)):
        if _BREAKS.match(text[m]):
            break
        modal_word = _modal_at(text, m)
        if modal_word and lex.modals[modal_word] not in ("encourage", "support"):  # 使…支持改革: no subject
            return _after_modal(text, at, end, (at, m), modal_word)
        if text.startswith(by, m) and not _covered(text, m):
            return _by(text, m, end, index, topic=True)
        cue = lex.longest(lex.cues.get("lead-after", ()), text, m)
        if cue and not _covered(text, m):
            found = _verb_after(text, _skip_adverbs(text, m + len(cue), end), end)
            if found and found[0] == _skip_adverbs(text, m + len(cue), end):
                return _Read(at, end, (at, m), found[0], found[1], None)  # X负责组织实施…
            return _Read(at, end, (at, m), m, cue, None)
    # a subject of named agents only, then a verb or a role cue
    agents = index.within(at, end)
    if agents and agents[0][1].begin <= at + 1:
        last = _chain_forward(text, agents, at)[-1][1].end
        rest = _skip_adverbs(text, last, end)
        found = (rest, word) if (word := lex.longest(lex.verbs, text, rest)) else None
        if found is None and (preposition := lex.longest(lex.cues.get("preposition", ()), text, rest)):
            found = _head_after(text, rest + len(preposition), min(end, rest + _SUBJECT_MAX))  # X对Y进行Z
        if found and _TAIL.match(text[last:rest].replace("分别", "").replace("共同", "")) is not None:
            return _Read(at, end, (at, last), *_light(text, *found, end), None)
    # Y参加, X等部门配合: a role cue right after named agents
    for cue in ("lead-after", "cooperate-after"):
        for word in lex.cues.get(cue, ()):
            found = text.find(word, at, end)
            if found > at and _chain_back(text, agents, found, at):
                return _Read(at, end, None, found, word, None)
    return None


def _by(text: str, by_at: int, end: int, index: MentionIndex, topic: bool) -> _Read | None:
    """由X负责 / 由X会同Y制定: X (up to the verb after it, over the names of agents) is the subject and leads."""
    lex = zh()
    start = by_at + len(lex.longest(lex.cues.get("lead-before", ()), text, by_at) or "由")
    stop = min(end, start + _SUBJECT_MAX)
    found = _verb_after(text, start, stop, skip=lex.cues.get("cooperate-before", ()), names=index.within(start, stop))
    if found is None or found[0] == start:
        return None
    return _Read(by_at, end, (start, found[0]), found[0], found[1], None, topic=topic)


def _after_modal(text: str, at: int, end: int, subject: tuple[int, int] | None, modal_word: str) -> _Read | None:
    lex = zh()
    start = subject[1] if subject else at
    after = _skip_adverbs(text, start + len(modal_word), end)
    verb = lex.longest(lex.verbs, text, after)
    preposition = lex.longest(lex.cues.get("preposition", ()), text, after)
    if verb is None and preposition and (found := _head_after(text, after + len(preposition), end)):
        return _Read(at, end, subject, *found, lex.modals[modal_word])  # 要对Y进行Z, 要为X提供…
    if verb is None:
        if modal_word in lex.verbs:  # 严禁公款购买: the modal is the verb
            return _Read(at, end, subject, start, modal_word, lex.modals[modal_word])
        if lex.modals[modal_word] in ("encourage", "support") or after >= end:
            return None
        return _Read(at, end, subject, after, "", lex.modals[modal_word])  # 北京市要采取…: a verb not listed, "do"
    return _Read(at, end, subject, *_light(text, after, verb, end), lex.modals[modal_word])


def _chain_forward(text: str, agents: list[tuple[str, Span]], start: int, first_gap: int = 1) -> list[tuple[str, Span]]:
    """The agents coordinated from ``start`` on: the first within ``first_gap`` characters, then joined by 、和及与."""
    out: list[tuple[str, Span]] = []
    cur = start
    for i in range(bisect.bisect_left(agents, start, key=lambda a: a[1].begin), len(agents)):
        key, span = agents[i]
        if span.begin < cur:
            if out and span.begin >= out[-1][1].begin:
                out.append((key, span))  # a second key of one mention
            continue
        gap = text[cur : span.begin]
        if (not out and len(gap) <= first_gap and not _BREAKS.search(gap)) or (out and _JOINERS.match(gap)):
            out.append((key, span))
            cur = span.end
        else:
            break
    return out


def _chain_back(text: str, agents: list[tuple[str, Span]], stop: int, floor: int) -> list[tuple[str, Span]]:
    """The agents coordinated just before ``stop`` (等部门-like tails allowed), not before ``floor``."""
    out: list[tuple[str, Span]] = []
    cur = stop
    i = bisect.bisect_right(agents, stop, key=lambda a: a[1].end)
    while i > 0:
        i -= 1
        key, span = agents[i]
        if span.begin < floor:
            break
        if out and span.end == out[-1][1].end:
            out.append((key, span))
            continue
        gap = text[span.end : cur]
        if (not out and _TAIL.match(gap)) or (out and _JOINERS.match(gap)):
            out.append((key, span))
            cur = span.begin
        else:
            break
    return list(reversed(out))


def _roles(text: str, read: _Read, index: MentionIndex, subject_roles: list[RoleDraft]) -> list[RoleDraft]:
    lex = zh()
    out: list[RoleDraft] = []
    begin, end = read.begin, read.end
    agents = index.within(begin, end)

    def add(items, role):
        out.extend(RoleDraft(key, role, span) for key, span in items)

    cooperating: set[tuple[str, int]] = set()
    for word in lex.cues.get("cooperate-before", ()):
        for m in re.finditer(re.escape(word), text[begin:end]):
            chain = _chain_forward(text, agents, begin + m.end())
            add(chain, "co-operating")
            cooperating.update((k, s.begin) for k, s in chain)
    first_control = min(
        (at for w in lex.cues.get("addressee-verb", ()) if (at := text.find(w, begin, end)) >= 0), default=end
    )
    for kind, role in (("lead-after", "lead"), ("cooperate-after", "co-operating")):
        for word in lex.cues.get(kind, ()):
            for m in re.finditer(re.escape(word), text[begin:end]):
                pos = begin + m.start()
                if role == "co-operating" and first_control < pos:
                    continue  # 鼓励企业参与: the addressee takes part, it is no partner
                chain = [a for a in _chain_back(text, agents, pos, begin) if (a[0], a[1].begin) not in cooperating]
                add(chain, role)
                cooperating.update((k, s.begin) for k, s in chain)
    if read.subject is not None:
        sb, se = read.subject
        add([a for a in index.within(sb, se) if (a[0], a[1].begin) not in cooperating], "lead")
    elif not any(r.role == "lead" for r in out):
        out.extend(subject_roles)  # a bare clause: the subject of the sentence's subject clause
    if read.verb_word in lex.cues.get("addressee-verb", ()):
        add(_chain_forward(text, agents, read.verb_at + len(read.verb_word), first_gap=4), "addressee")
    # one responsibility per actor and role; a lead is not also an addressee
    seen: set[tuple[str, str]] = set()
    leads = {r.actor for r in out if r.role in ("lead", "co-operating")}
    result = []
    for item in out:
        if (item.actor, item.role) in seen or (item.role == "addressee" and item.actor in leads):
            continue
        if item.role == "co-operating" and (item.actor, "lead") in seen:
            continue
        seen.add((item.actor, item.role))
        result.append(item)
    return result


def sentence_actions(text: str, begin: int, end: int, index: MentionIndex) -> list[ZhAction]:
    """The actions of one sentence, in text order, with their stated roles."""
    lex = zh()
    out: list[ZhAction] = []
    modal: str | None = None  # a "must"/"should" of this sentence, inherited by its bare clauses
    subject_roles: list[RoleDraft] = []  # what the bare clauses inherit
    topic = False  # after 领导小组由X牵头: the role clauses describe the group, nobody inherits them
    control: tuple[str, list[RoleDraft]] | None = None  # 鼓励地方根据实际，加强…: the next clause is 鼓励's
    role_cues = {*lex.cues.get("lead-after", ()), *lex.cues.get("cooperate-after", ())}
    controls = lex.cues.get("addressee-verb", ())
    for cb, ce in clauses(text, begin, end):
        read = read_clause(text, cb, ce, index)
        if read is None:
            continue
        lemma, verb_obligation = lex.verbs.get(read.verb_word, (None, "do"))
        if lemma is None:  # a role cue or a modal used as the verb
            lemma = {"prohibit": "prohibit", "encourage": "encourage", "support": "support"}.get(
                lex.modals.get(read.verb_word, ""), "do"
            )
        roles = _roles(text, read, index, subject_roles)
        own = [r for r in roles if r.role in ("lead", "co-operating") and r.span.begin >= cb]
        if read.topic:
            subject_roles, topic = [], True
        elif read.subject is not None and read.verb_word not in role_cues:
            subject_roles, topic = own, False
        elif own and not topic:  # 由X牵头，Y配合，…: each role clause adds to what the bare clauses after it inherit
            subject_roles = [*subject_roles, *(r for r in own if r not in subject_roles)]
        if not any(r.role == "lead" for r in subject_roles):
            subject_roles = []  # a partner is inherited only with the lead it works with
        if read.modal:
            obligation = read.modal
        elif control and read.subject is None and read.verb_at == read.begin:
            obligation = control[0]
            roles = [*roles, *(r for r in control[1] if r not in roles)]
        elif modal and read.subject is None:
            obligation = modal
        else:
            obligation = verb_obligation
        bare_object = not _verb_after(text, read.verb_at + len(read.verb_word), ce)
        steers = bare_object and read.verb_word in lex.cues.get("steer-verb", ()) and not any(
            r.role == "addressee" for r in roles
        )
        if steers and obligation == verb_obligation:
            obligation = "do"  # 引导社会舆论: a thing is steered, nobody is encouraged
        control = None
        if read.verb_word in controls and verb_obligation in ("encourage", "support") and bare_object and not steers:
            control = (obligation, [r for r in roles if r.role == "addressee"])
        if read.modal in ("must", "should"):
            modal = read.modal
        elif read.subject is not None:
            modal = None
        object_begin = read.verb_at + len(read.verb_word)
        out.append(
            ZhAction(
                span=Span(cb, ce),
                verb=lemma,
                obligation=obligation,
                object_span=Span(object_begin, ce) if object_begin < ce else None,
                roles=tuple(roles),
            )
        )
    return out
