"""YAML front matter of a published Markdown text -> fields of :class:`~westdev_kg.model.DocumentMetadata`.

The collections of the genre write these keys (see the corpus README); each maps to one field:

================  ==================  ============================================
front matter      metadata field      checked
================  ==================  ============================================
``title``         ``title``           a non-empty string
``authors``       ``issuers``         a string or a list of strings (body names)
``date``          ``date_issued``     an ISO date (``2025-03-21``, quoted or not)
``publication_date`` ``publication_date``  an ISO date
``effective_date``   ``effective_date``    an ISO date
``link``          ``link``            an absolute http(s) IRI (the official page)
``source``        ``source``          a non-empty string
``status``        ``status``          a non-empty string (生效, 已修订 …)
``tags``          ``tags``            a list of strings
================  ==================  ============================================

Other keys (``categories``, ``years``) are not metadata of the graph and are ignored.  The
YAML is read with ``yaml.safe_load`` only (no object construction).  A value that fails its
check is left out with a warning; front matter that is not YAML, or not a mapping, gives one
warning and no fields: a build of many documents should not stop at one bad header.
"""

from __future__ import annotations

import datetime as dt
import re

_DATES = {"date": "date_issued", "publication_date": "publication_date", "effective_date": "effective_date"}
_STRINGS = {"title": "title", "source": "source", "status": "status"}
_IRI = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]{1,5})?(?:[/?#][^\s<>\"{}|\\^`]*)?")


def fields(front: str, where: str) -> tuple[dict[str, object], list[str]]:
    """The metadata fields of the YAML ``front`` (the text between the fences) and warnings."""
    import yaml  # only Markdown inputs need it

    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, [f"{where}: the front matter is not valid YAML ({first}); it is ignored"]
    except RecursionError:  # nested deeper than the parser can follow: hostile or broken
        return {}, [f"{where}: the front matter is nested too deeply to read; it is ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{where}: the front matter is not a mapping of keys to values; it is ignored"]
    out: dict[str, object] = {}
    warnings: list[str] = []
    for key, value in data.items():
        key = str(key)
        problem = _one(key, value, out)
        if problem:
            warnings.append(f"{where}: front matter {key}: {problem}; left out")
    return out, warnings


def _one(key: str, value: object, out: dict[str, object]) -> str | None:
    if key in _STRINGS:
        if not isinstance(value, str) or not value.strip():
            return f"{value!r} is not a non-empty string"
        out[_STRINGS[key]] = value.strip()
    elif key in _DATES:
        date = iso_date(value)
        if date is None:
            return f"{value!r} is not a date such as 2025-03-21"
        out[_DATES[key]] = date
    elif key == "authors":
        names = _strings(value)
        if names is None:
            return "must be a name or a list of names"
        out["issuers"] = names
    elif key == "tags":
        tags = _strings(value)
        if tags is None:
            return "must be a list of strings"
        out["tags"] = tags
    elif key == "link":
        if not isinstance(value, str) or not _IRI.fullmatch(value.strip()):
            return f"{value!r} is not an absolute http(s) IRI"
        out["link"] = value.strip()
    return None


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and str(v).strip() for v in value):
        return None
    return tuple(dict.fromkeys(str(v).strip() for v in value))


def iso_date(value: object) -> str | None:
    """``value`` as an ISO date string, or None (a datetime keeps its date)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None
