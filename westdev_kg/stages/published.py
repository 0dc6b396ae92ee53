"""Inputs as published: Markdown masking, front matter, work-report subtitles and language.

Called by :func:`westdev_kg.stages.read.read` once the file is decoded; pure apart from
reading the sidecar's keys again (to know which fields it set).

Precedence of each metadata field: the sidecar (``<name>.meta.toml``), then the front matter
(:mod:`westdev_kg.frontmatter`), then what the text says:

* a work report's subtitle line ``——2024年1月22日在四川省第十四届人民代表大会第二次会议上``
  (Arabic or Chinese numerals) gives the date of issue, the region and the issuer (the region's
  people's government; for the National People's Congress, the State Council); a report without
  one takes its region from the folder or file name (``provincial-reports/四川省/2024.md``);
* the language is detected from the body's characters (:mod:`westdev_kg.language`).

Markdown files (``.md``) are masked (:mod:`westdev_kg.segmentation.markdown`); the masked copy
becomes :attr:`~westdev_kg.model.SourceText.masked`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from .. import frontmatter, language
from ..model import DocumentMetadata
from ..segmentation import furniture, markdown
from ..zh_numerals import number

#: the subtitle of a work report: a dash, the date, 在 the congress 上
_SUBTITLE = re.compile(
    r"^[ \t\u3000]*[—―─－-]{1,2}[ \t\u3000]*(?P<y>[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})年"
    r"(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日"
    r"[ \t\u3000]*在(?P<body>[^\n]{2,60}?)(?:上|$)",
    re.MULTILINE,
)
_NATIONAL = "全国人民代表大会"
_HEAD = 3000  # a subtitle is near the top


@dataclass(frozen=True, slots=True)
class Published:
    metadata: DocumentMetadata
    masked: str | None
    headings: frozenset[int]
    skipped: tuple[str, ...]
    warnings: tuple[str, ...]


def complete(path: Path, relative: PurePath | None, name: str, text: str, metadata: DocumentMetadata) -> Published:
    """Metadata completed from the front matter and the text; the masked copy of a Markdown file."""
    where = name
    given = _sidecar_keys(path)
    warnings: list[str] = []
    masked: str | None = None
    headings: frozenset[int] = frozenset()
    skipped: list[str] = []
    from_front: dict[str, object] = {}
    if markdown.is_markdown(name):
        found = markdown.mask(text)
        masked, headings = found.text, found.headings
        if found.front_matter is not None:
            from_front, more = frontmatter.fields(found.front_matter, where)
            warnings += more
            skipped.append("front matter")
        if found.contents:
            skipped.append("a table of contents")
        if found.notices:
            skipped.append("a news notice" + (f" ({', '.join(found.datelines)})" if found.datelines else ""))
    body = masked if masked is not None else text
    from_text, subtitle = _from_subtitle(body)
    if subtitle is not None:  # metadata, not body text
        begin, end = subtitle
        masked = body[:begin] + " " * (end - begin) + body[end:]
        body = masked
        skipped.append("the subtitle line")
    if "region" not in from_text and relative is not None:
        region = _region_from_path(relative)
        if region and _looks_like_report(body, from_front):
            from_text["region"] = region
            from_text.setdefault("issuers", (f"{region}人民政府",))
    from_text["language"] = detected = language.detect(body)
    if detected == "zh":
        pieces = furniture.furniture(body)
        if pieces:
            chars = list(body)
            for what, begin, end in pieces:
                chars[begin:end] = [c if c in "\r\n" else " " for c in body[begin:end]]
                skipped.append(what)
            masked = body = "".join(chars)
    changes: dict[str, object] = {}
    for key, value in {**from_text, **from_front}.items():
        if key not in given:
            changes[key] = value
    return Published(
        metadata=replace(metadata, **changes),  # type: ignore[arg-type]
        masked=masked,
        headings=headings,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


def _sidecar_keys(path: Path) -> frozenset[str]:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    sidecar = path.with_name(f"{stem}.meta.toml")
    if not sidecar.is_file():
        return frozenset()
    try:  # read_metadata has already checked it
        return frozenset(tomllib.loads(sidecar.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return frozenset()


def _from_subtitle(body: str) -> tuple[dict[str, object], tuple[int, int] | None]:
    """What a work report's subtitle line says, and the span of that line (None without one)."""
    m = _SUBTITLE.search(body, 0, _HEAD)
    if m is None:
        return {}, None
    line_end = body.find("\n", m.start())
    span = (m.start(), len(body) if line_end < 0 else line_end)
    year, month, day = (number(m.group(g)) for g in ("y", "m", "d"))
    out: dict[str, object] = {}
    if year is not None and month is not None and day is not None:
        try:
            out["date_issued"] = dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            pass
    congress = m.group("body")
    region = _region_in(congress)
    if region:
        out["region"] = region
        out["issuers"] = (f"{region}人民政府",)
    elif _NATIONAL in congress:
        out["issuers"] = ("国务院",)
    return out, span


@functools.cache
def _provinces() -> tuple[str, ...]:
    from .. import reference

    ref = reference.load()
    names = [e.label_zh for e in ref.entities.values() if e.label_zh and e.kind in reference.PROVINCIAL_KINDS]
    return tuple(sorted(names, key=len, reverse=True))


def _region_in(words: str) -> str | None:
    return next((p for p in _provinces() if words.startswith(p)), None)


def _region_from_path(relative: PurePath) -> str | None:
    for part in reversed(relative.parts[:-1] + (relative.stem,)):
        if part in _provinces():
            return part
    return None


def _looks_like_report(body: str, front: dict[str, object]) -> bool:
    return "政府工作报告" in str(front.get("title", "")) or "政府工作报告" in body[:_HEAD]


def encoding_hint(raw: bytes, encoding: str) -> str:
    """What to try when ``raw`` is not valid in ``encoding``: GB 18030 when UTF-8 fails on bytes
    that decode as Chinese in it (most Chinese government files not in UTF-8 are GBK/GB 18030)."""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8"):
        try:
            decoded = raw[:65536].decode("gb18030", errors="replace")
        except UnicodeDecodeError:
            decoded = ""
        if decoded and language.cjk_share(decoded) >= 0.3:
            return "the bytes read as Chinese in GB 18030: try --encoding gb18030"
    return "give the right --encoding"
