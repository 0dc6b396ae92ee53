"""Quantified targets and target years in Chinese texts (issue 12, points 1 and 3, Chinese side).

A quantity is a number (Arabic or full-width digits; a range ``8-8.5%`` is read as its lower
bound), an optional scale (万 ×10^4, 亿 ×10^8, …), an optional unit (``%``, 个百分点, 元, 人,
吨, …) and an optional qualifier after it (左右 about, 以上 at least, 以内 / 以下 at most).
It is a target only when a verb governs it, right before it in its clause:

- a *reach* verb (提高到, 达到, 控制在, 稳定在, 降至, …): direction ``reach``;
- a *change* verb (增长, 提高, 降低, 下降, 涨幅, …): direction ``increase`` / ``decrease`` by
  the amount;
- an *indicator* verb (新增就业, 新增): direction ``increase``, the verb kept in the indicator
  (城镇新增就业50万人);
- after a target of the same text, a rate right before its value (…，城镇调查失业率5.5%左右):
  direction ``reach``;
- after a target, a quantity joined by 、 or 和 (…分别降低12%、15%) is a target of the same
  indicator and direction: one target per value.

A quantity after 由 / 从 (a baseline: 由36.9%提高到80%) is not governed; a clause comparing
with last year (比上年, 同比) states a result, not a target. 个百分点 is its own unit: it has no
UCUM code (nor a QUDT unit in the shapes), so ``unit`` is None and ``unit_label`` keeps it,
never ``%``. 力争 / 争取 before the verb read as at least, when nothing else qualifies the
value. Every word list comes from ``westdev_kg/lexicon/zh_quantities.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from ..lexicon import quantities
from ..model import Span, Target
from ..zh_numerals import ascii_digits, digit_string, number
from .targets import FoundTarget, offset_year


@dataclass(frozen=True, slots=True)
class _Words:
    scales: dict[str, Decimal]
    units: dict[str, str]
    factors: dict[str, Decimal]  # unit -> the factor to its code's unit (斤 → kg: 0.5)
    infix: dict[str, str]  # 多, 余 between a number and its unit: its qualifier
    lead: dict[str, str]  # verbs that open a clause before their object and number: direction
    per: dict[str, str]  # 每人 between a verb and its number
    aggregations: dict[str, str]  # 年均 → average-annual, 累计 → cumulative
    after: dict[str, str]
    before: dict[str, str]
    strive: dict[str, str]
    verbs: dict[str, str]  # reach-, change- and indicator-verbs: surface -> direction
    named_by_verb: frozenset[str]  # verbs that are part of the indicator's name (城镇新增就业)
    verb_qualifier: dict[str, str]
    level_nouns: tuple[str, ...]
    results: tuple[str, ...]
    goal_markers: tuple[str, ...]


@cache
def words() -> _Words:
    table = quantities("zh_quantities.csv")

    def kind(name: str) -> dict[str, str]:
        return dict(table.get(name, ()))  # longest surface first

    verbs = {**kind("change-verb"), **kind("reach-verb"), **kind("indicator-verb")}
    return _Words(
        scales={s: Decimal(v) for s, v in kind("scale").items()},
        units=kind("unit"),
        factors={s: _fraction(v) for s, v in kind("unit-factor").items()},
        infix=kind("qualifier-infix"),
        lead=kind("lead-verb"),
        per=kind("per-word"),
        aggregations=kind("aggregation"),
        after=kind("qualifier-after"),
        before=kind("qualifier-before"),
        strive=kind("strive"),
        verbs=dict(sorted(verbs.items(), key=lambda i: (-len(i[0]), i[0]))),
        named_by_verb=frozenset(kind("indicator-verb")),
        verb_qualifier=kind("qualifier-verb"),
        level_nouns=tuple(kind("level-noun")),
        results=tuple(kind("result-marker")),
        goal_markers=tuple(kind("goal-marker")),
    )


def _fraction(text: str) -> Decimal:
    top, _, bottom = text.partition("/")
    return Decimal(top) / Decimal(bottom or 1)


# -- years ------------------------------------------------------------------------------

_ZH_DIGITS = "〇○零一二三四五六七八九"
_YEAR_WORD = rf"(?:(?:19|20)\d\d|[{_ZH_DIGITS}]{{4}})"
_PERIOD = r"[“\"]?(?P<p>[一二三四五六七八九十]{1,3})五[”\"]?(?:时期|规划期)?(?:期末|末)"
#: a target year: 到2027年, 到二〇三五年, 至2025年, 到2025年底, 到“十四五”末 (the plan's last year)
TARGET_YEAR = re.compile(rf"(?:到|至)\s*(?:(?P<y>{_YEAR_WORD})\s*年(?:底|末)?|{_PERIOD})")


def matched_year(m: re.Match[str]) -> int | None:
    """The year of a :data:`TARGET_YEAR` match: the year written, or the last year of the
    five-year plan named (the Nth plan, N >= 3, runs from 1966 + 5 (N - 3): 十四五 is 2021-2025)."""
    if m["y"]:
        return year_value(m["y"])
    n = number(m["p"])
    return None if n is None or n < 3 else 1966 + 5 * (int(n) - 3) + 4


def year_value(word: str) -> int | None:
    word = ascii_digits(word)
    if word.isdigit():
        return int(word)
    return digit_string(word)


def zh_target_year(text: str, not_before: int | None = None) -> int | None:
    """The first 到YYYY年 / 至YYYY年 / 到二〇三五年 of ``text`` not before ``not_before``, else a
    year counted from the document's (到明年底: ``not_before`` + 1; :func:`relative_year`)."""
    for m in TARGET_YEAR.finditer(text):
        year = matched_year(m)
        if year is not None and 1900 <= year <= 2100 and (not_before is None or year >= not_before):
            return year
    return relative_year(text, not_before)


@cache
def _relative_years() -> tuple[re.Pattern[str], dict[str, int]]:
    offsets = {s: int(v) for s, v in quantities("zh_quantities.csv")["relative-year"]}
    words = "|".join(map(re.escape, offsets))  # longest first
    return re.compile(rf"(?:到|至)\s*(?P<w>{words})(?:年)?(?:底|末|年底|年末)?"), offsets


def relative_year(text: str, not_before: int | None) -> int | None:
    """到今年底 / 到明年底 / 至后年: the document's year plus the word's offset (lexicon kind
    ``relative-year``), when the document's year is known."""
    return offset_year(_relative_years(), text, not_before)


# -- quantities ---------------------------------------------------------------------------

_NUMBER = r"\d+(?:\.\d+)?"
_QUANTITY = re.compile(rf"(?<![\d.])(?P<n>{_NUMBER})(?:\s*[-–—～~至到]\s*(?P<max>{_NUMBER}))?(?![\d.])")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？\n]")
_STRIP = re.compile(r"^(?:\s|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|到\s*" + _YEAR_WORD + r"\s*年(?:底|末)?|至\s*" + _YEAR_WORD + r"\s*年|(?:到|至)\s*[“\"]?[一二三四五六七八九十]{1,3}五[”\"]?(?:时期|规划期)?(?:期末|末)|力争|争取|确保|全年|今年|预计|要|将|使)+")


#: 2005年全国总人口控制在…: the year is no part of the indicator; it is the target year when the
#: document's year is known and it is not before it (an earlier year is a result's)
_YEAR_LEAD = re.compile(rf"^{_YEAR_WORD}\s*年(?:底|末)?")
_ALREADY = re.compile(r"(?:已经|已)\s*$")  # 互联网注册上网用户已达到45万户: an adverb, not the indicator's
_RATE = re.compile(r"(?:年均|年平均|累计)\s*$")  # 投入年均增长7%: an average annual rate, not the indicator's name
_NEXT_INDICATOR = re.compile(r"\d[^\d、]*、\s*(?P<i>[^\d、和及与]{2,12})$")  # …亿亩左右、谷物面积| (a value, 、, a bare indicator)
_BASELINE = re.compile(r"(?:由|从)[^由从]*\d[^由从]*$")  # 由36.9%提高到80%: the level it starts from
#: 比2020年下降13.5%, 较2020年: the year a change is counted from
_BASE_YEAR = re.compile(rf"(?:比|较|相比|与|由|从)\s*(?P<y>{_YEAR_WORD})\s*年(?:底|末)?(?:相比)?")


@cache
def _chained() -> re.Pattern[str]:
    """赤字规模5.89万亿元、比上年增加…; 地区生产总值增长9%左右、力争超过…: an indicator's first
    value (after a verb of the lexicon, or 为/是), then a second one of it."""
    verbs = "|".join(re.escape(v) for v in (*words().verbs, "为", "是"))
    return re.compile(rf"^(?P<name>[^\d、]+?)(?:{verbs})?\s*\d[\d.]*[^\d、，]{{0,6}}、\s*(?:比上年|同比)?$")

_LISTED = re.compile(r"^.*\d[^\d、，]{0,6}、\s*(?P<name>[^\d、]+)$")

@dataclass(frozen=True, slots=True)
class _Quantity:
    begin: int
    end: int
    value: str
    unit: str | None
    unit_label: str | None
    qualifier: str | None
    max_value: str | None = None  # the upper bound of a range (6%—6.5%: 6.5)


def _at(text: str, pos: int, table: dict[str, object]) -> str | None:
    for surface in table:  # longest first
        if text.startswith(surface, pos):
            return surface
    return None


def _before(text: str, end: int, table: dict[str, object]) -> str | None:
    for surface in table:
        if text.endswith(surface, 0, end):
            return surface
    return None


def _format(value: Decimal) -> str:
    return format(value.normalize(), "f")


_RANGE_TAIL = re.compile(rf"\s*[-–—～~至到]\s*(?P<max>{_NUMBER})")


def _quantities(text: str) -> list[_Quantity]:
    w = words()
    out: list[_Quantity] = []
    last_end = 0
    for m in _QUANTITY.finditer(text):
        if m.start() < last_end:
            continue  # the upper bound of a range already read (6%—6.5%)
        end = m.end()
        infix = None  # 550多万公里, 6700多公里: more than the number
        if (i := _at(text, end, w.infix)) and (_at(text, end + len(i), w.scales) or _at(text, end + len(i), w.units)):  # type: ignore[arg-type]
            infix, end = i, end + len(i)
        scale = _at(text, end, w.scales)  # type: ignore[arg-type]
        if scale:
            end += len(scale)
        if infix is None and (i := _at(text, end, w.infix)) and _at(text, end + len(i), w.units):  # type: ignore[arg-type]
            infix, end = i, end + len(i)
        unit = _at(text, end, w.units)  # type: ignore[arg-type]
        if unit:
            end += len(unit)
        if text.startswith("年", end) and not unit:
            continue  # a year or a number of years
        upper = m["max"]
        if upper is None and (tail := _RANGE_TAIL.match(text, end)) and (scale or unit):
            after = (scale or "") + (unit or "")
            if text.startswith(after, tail.end()):  # 6%—6.5%, 5万-6万人 is not one: the unit must repeat
                upper, end = tail["max"], tail.end() + len(after)
        qualifier = w.infix[infix] if infix else None
        if q := _at(text, end, w.after):  # type: ignore[arg-type]
            qualifier = w.after[q]
            end += len(q)
        factor = (w.scales[scale] if scale else Decimal(1)) * (w.factors.get(unit, Decimal(1)) if unit else Decimal(1))
        label = (scale or "") + (unit or "") or None
        code = (w.units[unit] or None) if unit else None
        out.append(
            _Quantity(m.start(), end, _scaled(m["n"], factor), code, label, qualifier, _scaled(upper, factor) if upper else None)
        )
        last_end = end
    return out


def _scaled(number: str, factor: Decimal) -> str:
    """``number`` times ``factor`` (scale and unit conversion), to the cent when it does not end (亩 → m²)."""
    value = Decimal(number) * factor
    if value != value.quantize(Decimal("0.01")) and len(str(value)) > 20:
        value = value.quantize(Decimal("0.01"))
    return _format(value)


def is_result(clause: str) -> bool:
    """A clause that compares with last year (比上年增长6%) states a result, not a target."""
    return any(marker in clause for marker in words().results)


def scan_zh_targets(
    text: str, default_year: int | None = None, not_before: int | None = None, results: bool = False, listed: bool = False
) -> list[FoundTarget]:
    """Every quantified target of ``text`` (a sentence or a part of one), in text order; with
    ``results``, also the governed figures of clauses that compare with last year (for
    :mod:`.zh_figures`, which reads reported figures with the same rules)."""
    text = ascii_digits(text)  # same length: offsets hold
    w = words()
    found: list[FoundTarget] = []
    year_here = zh_target_year(text, not_before) or default_year
    previous: tuple[Target, int] | None = None  # the last target and where its clause starts
    respectively: set[int] = set()  # the indices of targets whose verb follows 分别
    for q in _quantities(text):
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, q.begin)]
        start = max(breaks, default=0)
        clause_end_m = _CLAUSE_BREAK.search(text, q.end)
        clause = text[start : clause_end_m.start() if clause_end_m else len(text)]
        if is_result(clause) and not results:
            previous = None
            continue
        left = text[start : q.begin]
        qualifier_before = _before(left, len(left), w.before)  # type: ignore[arg-type]
        head = left[: len(left) - len(qualifier_before)] if qualifier_before else left
        per = _before(head.rstrip(), len(head.rstrip()), w.per)  # type: ignore[arg-type]
        if per:  # 提高到每人7.3万元
            head = head.rstrip()[: -len(per)]
        verb = _before(head.rstrip(), len(head.rstrip()), w.verbs)  # type: ignore[arg-type]
        lead = None
        if verb is None and not qualifier_before:  # 减少农村贫困人口110万人: verb, object, number
            opened = _STRIP.sub("", head).strip()
            lead = next((v for v in w.lead if opened.startswith(v) and len(opened) > len(v)), None)
            if lead and (len(opened) > 24 or re.search(r"\d", opened)):
                lead = None
        if verb is None and qualifier_before in w.verbs:  # 投产里程超过1900公里: the qualifier is the verb
            verb, head = qualifier_before, left
        target: Target | None = None
        if verb is None and (found or results or listed) and head.rstrip().endswith(w.level_nouns) and not qualifier_before:
            verb = ""  # …，城镇调查失业率5.5%左右: a rate set to a level, in a list of targets (a result: any)
        if verb is None and lead is not None:
            verb = ""  # the indicator is the whole head, verb included; its direction the verb's
        if verb is not None:
            indicator_text = head.rstrip() if (verb in w.named_by_verb or not verb) else head.rstrip()[: -len(verb)]
            strive = next((s for s in w.strive if s in indicator_text), None)
            base = _BASELINE.search(indicator_text)
            base_values = _quantities(base[0]) if base else []
            base_year = _BASE_YEAR.search(indicator_text)
            indicator_text_cut = _BASE_YEAR.sub("", _BASELINE.sub("", indicator_text))
            indicator = _STRIP.sub("", indicator_text_cut).replace("分别", "").replace("力争", "").replace("争取", "")
            if chained := _chained().match(indicator):  # 地区生产总值达46616亿元、增长7.5%: the same indicator
                indicator = chained["name"]
            elif listed := _LISTED.match(indicator):  # 城镇新增就业1361万人、调查失业率稳定在…: the next one
                indicator = listed["name"]
            lead_year = _YEAR_LEAD.match(indicator)
            indicator = _ALREADY.sub("", _RATE.sub("", _YEAR_LEAD.sub("", indicator))).strip() or None
            if indicator is None and verb and found and found[-1].end >= start - 1:
                indicator = found[-1].target.indicator  # 国内生产总值达到74.4万亿元，增长6.7%: the same subject
            if indicator is None:
                previous = None
                continue
            qualifier = (
                q.qualifier
                or (w.before[qualifier_before] if qualifier_before else None)
                or w.verb_qualifier.get(verb)
                or (w.strive[strive] if strive else None)
                or "exactly"
            )
            own_year = zh_target_year(text[start : q.end], not_before)
            if own_year is None and lead_year and not_before is not None:  # 力争2025年材料产业规模突破2万亿元
                bare = year_value(lead_year[0].rstrip("年底末 "))
                own_year = bare if bare is not None and bare >= not_before else None
            aggregation = next((w.aggregations[k] for k in w.aggregations if k in left), None)  # 年均增长7%, 累计降低13.5%
            target = Target(
                indicator=indicator,
                value=q.value,
                max_value=q.max_value,
                aggregation=aggregation,  # type: ignore[arg-type]
                unit=q.unit,
                unit_label=q.unit_label,
                direction=w.verbs[verb] if verb else (w.lead[lead] if lead else "reach"),  # type: ignore[arg-type]
                qualifier=qualifier,  # type: ignore[arg-type]
                target_year=own_year or year_here,
                baseline_year=year_value(base_year["y"]) if base_year else None,
                baseline_value=base_values[0].value if base_values else None,
            )
            begin = start + (len(indicator_text) - len(indicator_text.lstrip()))
        elif previous is not None and previous[1] == start and re.fullmatch(r".*[、和及与]\s*", left, re.S):
            # 分别降低12%、15%: the next value of the same indicator and direction
            before_target = previous[0]
            qualifier = q.qualifier or ("exactly" if before_target.qualifier == "exactly" else before_target.qualifier)
            target = replace(
                before_target,
                value=q.value,
                max_value=q.max_value,
                unit=q.unit or (before_target.unit if q.unit_label is None else None),
                unit_label=q.unit_label or before_target.unit_label,
                qualifier=qualifier,
                span=None,
            )
            begin = q.begin
        elif previous is not None and previous[1] == start and (m := _NEXT_INDICATOR.search(left)):
            # 稳定在17.5亿亩左右、谷物面积14.5亿亩左右: a second indicator set the same way
            target = replace(previous[0], indicator=m["i"], value=q.value, unit=q.unit, unit_label=q.unit_label,
                             qualifier=q.qualifier or "exactly", span=None)
            begin = start + m.start("i")
        if target is None:
            previous = None
            continue
        if verb is not None and "分别" in left:
            respectively.add(len(found))  # 城镇、农村居民人均可支配收入分别增长9%和10%: one indicator each
        found.append(FoundTarget(target, begin, q.end))
        previous = (target, start)
    return _respectively(_spread_after(found), respectively)


_PARTS = re.compile(r"[、和及与]")


def _respectively(found: list[FoundTarget], starts: set[int]) -> list[FoundTarget]:
    """分别: the k names joined by 、 or 和 before the verb go one to each of the k values that
    follow (城镇调查失业率、登记失业率分别控制在5.5%左右和4.2%以内). A short first name shares the
    last one's tail (城镇、农村居民人均可支配收入: 城镇居民人均可支配收入)."""
    out = list(found)
    for i in sorted(starts):
        indicator = out[i].target.indicator
        parts = [p for p in _PARTS.split(indicator) if p]
        k = len(parts)
        group = out[i : i + k]
        if k < 2 or len(group) < k or any(f.target.indicator != indicator for f in group):
            continue
        if i + k < len(out) and out[i + k].target.indicator == indicator:
            continue  # more values than names
        names = _shared(parts)
        for j, name in enumerate(names):
            out[i + j] = FoundTarget(replace(out[i + j].target, indicator=name), out[i + j].begin, out[i + j].end)
    return out


_UNIT_OF = re.compile(r"^单位\S*?(?:生产总值|GDP)")  # 单位国内生产总值能耗和二氧化碳排放: a shared "per unit of GDP"


def _shared(parts: list[str]) -> list[str]:
    """The full names of names joined by 、/和 that share words: the last one's tail (城镇、农村居民
    人均可支配收入; 城镇居民、农村居民人均可支配收入; 新经济、…、制造业占地区生产总值比重) or the first
    one's 单位…生产总值 (单位国内生产总值能耗和二氧化碳排放)."""
    last, first = parts[-1], parts[0]
    names = []
    for part in parts[:-1]:
        if "占" in last and "占" not in part:  # X、Y占地区生产总值比重
            part += last[last.index("占") :]
        elif len(part) <= 2 < len(last):  # 城镇、农村居民…: the modifier of the same length
            part += last[len(part) :]
        else:
            for size in range(min(len(part), 4), 1, -1):  # 城镇居民、农村居民人均…: after the shared word
                at = last.find(part[-size:])
                if at > 0 and at + size < len(last):
                    part += last[at + size :]
                    break
        names.append(part)
    names.append(last)
    unit = _UNIT_OF.match(first)
    return [n if not unit or n.startswith("单位") else unit[0] + n for n in names]


def _spread_after(found: list[FoundTarget]) -> list[FoundTarget]:
    """分别降低3%、4.4%左右: a unit or a qualifier written once, on the last value, is every value's."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        this, nxt = out[i].target, out[i + 1].target
        if this.indicator != nxt.indicator or this.direction != nxt.direction:
            continue  # only the next value of the same indicator (…分别控制在4.5%、5.5%以内)
        if this.unit_label is None and nxt.unit_label is not None:
            this = replace(this, unit=nxt.unit, unit_label=nxt.unit_label)
        if this.qualifier == "exactly" and nxt.qualifier != "exactly" and this.unit_label == nxt.unit_label:
            this = replace(this, qualifier=nxt.qualifier)  # 分别控制在4.5%、5.5%以内: both at most
        out[i] = FoundTarget(this, out[i].begin, out[i].end)
    return out


def zh_targets_in(
    piece: str, offset: int, year: int | None, not_before: int | None, listed: bool = False
) -> tuple[Target, ...]:
    """The targets of ``piece`` (text that starts at ``offset``), their spans counted in the whole
    text; ``listed``: a piece of a list of targets (…；城镇调查失业率5.5%左右，…), where a rate
    right before its value is set to it even as the piece's first target."""
    return tuple(
        replace(f.target, span=Span(offset + f.begin, offset + f.end))
        for f in scan_zh_targets(piece, year, not_before, listed=listed)
    )
