"""Stage 1 — read: a path becomes a :class:`~westdev_kg.model.SourceText`.

Everything that makes an input unusable is found here, before any work is
done, and raised as :class:`~westdev_kg.errors.InputError` with a one-line
message.  Doubts that still allow a correct graph become warnings.

=============================  ===========================================
input                          outcome
=============================  ===========================================
missing path / not a file      InputError
larger than ``max_bytes``      InputError (the limit is an option)
NUL bytes, not UTF-16/32       InputError: looks binary
bytes not valid in encoding    InputError naming the byte offset
unknown or non-text encoding   UsageError (``--encoding rot13``)
empty, only white space, or    InputError
only invisible characters
UTF-8 BOM                      removed silently (offsets count after it);
                               a second U+FEFF is text and is kept
sidecar nested too deeply      InputError (tomllib's RecursionError)
UTF-16 / UTF-32 with a BOM     decoded, with a warning naming the codec
file name not valid UTF-8      recorded with U+FFFD, with a warning
text not valid Unicode after   InputError naming the character offset
decoding (lone surrogates)     (``--encoding utf-7`` or ``unicode_escape``)
=============================  ===========================================

Messages are one line: a file name holding a line break or another control
character is shown escaped (``bad\\nname.txt``).

A sidecar ``<name>.meta.toml`` beside the text (``western-development-2020.en.txt``
-> ``western-development-2020.en.meta.toml``) supplies what the text does not say:
see :class:`~westdev_kg.model.DocumentMetadata`.  It is optional.  Its ``language`` and
``original_language`` must be BCP 47 tags (checked by langcodes) and are recorded in their
standard form (``en-us`` -> ``en-US``, ``eng`` -> ``en``); its ``slug`` must be a slug
(:func:`westdev_kg.names.is_slug`).  Without a ``slug`` the document is named after its path
relative to the input folder (:func:`westdev_kg.names.document_slug`; a single file: after
its file name), or the slug the caller chose among the documents of a folder.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import tomllib
import unicodedata
from pathlib import Path, PurePath

from .. import names
from ..errors import InputError, UsageError
from ..model import DocumentMetadata, SourceText
from . import published

DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # a five-year plan in English is about 0.5 MB

_BOMS = (  # (byte-order mark, codec, name in the warning); UTF-32 LE before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16BE"),
)
_VISIBLE = frozenset("LMNPS")  # Unicode major categories of characters that are text (not C*, Z*)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LANGUAGE_KEYS = ("language", "original_language")
_SIDECAR_KEYS = {f for f in DocumentMetadata.__dataclass_fields__}


def read(
    path: Path,
    *,
    relative: PurePath | None = None,
    default_slug: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> SourceText:
    """Read and decode one text file; raise InputError when it cannot be processed.

    The document's slug is its sidecar's ``slug``; else ``default_slug`` (a folder build gives
    each document one, distinct within the folder: :func:`westdev_kg.names.document_slugs`);
    else the slug of ``relative``, its path relative to the input folder (default: its file name).
    """
    name, warnings = _file_name(path)
    raw = _read_bytes(path, max_bytes)
    text, used, decode_warnings = decode(raw, encoding, name)
    if not _has_text(text):
        raise InputError(
            f"{shown(name)}: the file holds no text (it is empty, or only white space and invisible characters)"
        )
    metadata = read_metadata(path, default_slug or names.document_slug(relative or PurePath(path.name)))
    found = published.complete(path, relative, name, text, metadata)
    return SourceText(
        name=name,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        byte_size=len(raw),
        encoding=used,
        metadata=found.metadata,
        warnings=tuple(warnings + decode_warnings + list(found.warnings)),
        masked=found.masked,
        headings=found.headings,
        skipped=found.skipped,
    )


def shown(name: object) -> str:
    """A path or name for a one-line message: line breaks and other control characters escaped."""
    text = str(name)
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text


def _file_name(path: Path) -> tuple[str, list[str]]:
    """The file name as recorded in the graph: valid Unicode, whatever the file system gave."""
    name = path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in the name arrive as lone surrogates
        clean = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return clean, [f"{shown(clean)}: the file name is not valid UTF-8; it is recorded as {clean!r}"]
    return name, []


_CHUNK = 1 << 22


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    where = shown(path)
    try:
        if not path.exists():
            raise InputError(f"{where}: no such file")
        if not path.is_file():
            raise InputError(f"{where}: not a regular file")
        with path.open("rb") as handle:
            chunks: list[bytes] = []
            total = 0
            while total <= max_bytes:  # never more than max_bytes + 1 (the file may grow while it is read),
                chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))  # and never a buffer of max_bytes at once
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            raw = b"".join(chunks)
            size = max(os.fstat(handle.fileno()).st_size, len(raw))
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise InputError(
            f"{shown(path.name)}: {size} bytes is over the size limit of {max_bytes} bytes (raise it with --max-bytes)"
        )
    return raw


def _has_text(text: str) -> bool:
    """True when some character is a letter, mark, number, punctuation or symbol."""
    return any(unicodedata.category(char)[0] in _VISIBLE for char in text)


def decode(raw: bytes, encoding: str | None, name: str) -> tuple[str, str, list[str]]:
    """Decode bytes; return (text, codec used, warnings)."""
    warnings: list[str] = []
    where = shown(name)
    if encoding is None:
        encoding = "utf-8"
        for bom, codec, label in _BOMS:
            if raw.startswith(bom):
                encoding = codec
                if codec != "utf-8-sig":
                    warnings.append(f"{where}: decoded as {label} (byte-order mark found); UTF-8 is expected")
                break
        else:
            _refuse_binary(raw, where)
            encoding = "utf-8-sig"  # also removes a BOM
    else:
        _check_codec(encoding)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid {_codec_name(encoding)} "
            f"({published.encoding_hint(raw, encoding)})"
        ) from None
    if text.startswith("\ufeff") and not _bom_consumed(raw, encoding):
        text = text[1:]  # the byte-order mark the codec kept (utf-8, utf-16-le …); a second one is text
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise InputError(
            f"{where}: the text decoded with {_codec_name(encoding)} is not valid Unicode: a lone surrogate "
            f"U+{ord(surrogate.group()):04X} at character {surrogate.start()} (give the right --encoding)"
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{where}: the decoded text holds a NUL character (at character {nul}); it looks binary")
    return text, _codec_name(encoding), warnings


def _bom_consumed(raw: bytes, encoding: str) -> bool:
    """Did decoding ``raw`` with ``encoding`` already remove a leading byte-order mark?"""
    boms = {
        "utf-8-sig": (codecs.BOM_UTF8,),
        "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
        "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
    }.get(codecs.lookup(encoding).name, ())
    return raw.startswith(boms) if boms else False


def _check_codec(encoding: str) -> None:
    """UsageError unless ``encoding`` names a codec that decodes bytes to text."""
    try:
        codecs.lookup(encoding)
        b"    ".decode(encoding)  # LookupError for codecs that are not text encodings (rot13, base64, zlib)
    except UnicodeError:
        pass  # a text encoding that cannot decode four spaces
    except LookupError:
        raise UsageError(
            f"--encoding: {encoding!r} is not a text encoding Python knows (try utf-8, utf-16, gb18030, big5, latin-1)"
        ) from None


def _codec_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "utf-8" if name == "utf-8-sig" else name


def _refuse_binary(raw: bytes, name: str) -> None:
    head = raw[:8192]
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: NUL byte at offset {nul}; the file looks binary, not text "
            f"(if it is UTF-16 without a byte-order mark, give --encoding utf-16)"
        )
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.1:
        raise InputError(f"{name}: {controls} control bytes in the first {len(head)}; the file looks binary, not text")


def sidecar_path(path: Path) -> Path:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.meta.toml")


def read_metadata(path: Path, default_slug: str | None = None) -> DocumentMetadata:
    """The sidecar's metadata, or defaults: the slug ``default_slug`` (by default, the file name's)."""
    if default_slug is None:
        default_slug = names.document_slug(PurePath(path.name))
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return DocumentMetadata(slug=default_slug)
    where = shown(sidecar.name)
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{where}: not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"{where}: not a sidecar: its arrays or tables are nested too deeply to be read") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: byte at offset {exc.start} is not valid utf-8 (the sidecar must be UTF-8)") from None
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    unknown = sorted(set(data) - _SIDECAR_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown keys {', '.join(unknown)} (allowed: {', '.join(sorted(_SIDECAR_KEYS))})")
    return _metadata_from(data, default_slug=default_slug, sidecar=where)


def _metadata_from(data: dict, default_slug: str, sidecar: str) -> DocumentMetadata:
    fields: dict[str, object] = {}
    for key, value in data.items():
        if key in ("issuers", "tags"):
            if not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
                raise InputError(f"{sidecar}: {key} must be a list of {'body names' if key == 'issuers' else 'strings'}")
            fields[key] = tuple(value)
        elif key in ("date_issued", "publication_date", "effective_date"):
            fields[key] = _iso_date(value, sidecar, key)
        elif not isinstance(value, str) or not value.strip():
            raise InputError(f"{sidecar}: {key} must be a non-empty string")
        elif key in _LANGUAGE_KEYS:
            fields[key] = language_tag(value.strip(), f"{sidecar}: {key}")
        else:
            fields[key] = value.strip()
    slug = str(fields.pop("slug", default_slug))
    if not names.is_slug(slug):
        raise InputError(
            f"{sidecar}: slug {slug!r} must be lowercase ASCII words joined by '-', "
            f"at most {names.MAX_LENGTH} characters (e.g. {names.slug(slug)!r})"
        )
    return DocumentMetadata(slug=slug, **fields)  # type: ignore[arg-type]


#: tags already valid and in standard form, the genre's languages: no need to load langcodes'
#: tables (about 25 ms) for them (tests/test_input_policy.py checks each against langcodes)
STANDARD_TAGS = frozenset({"en", "zh", "zh-Hans", "zh-Hant", "zh-CN", "en-US", "en-GB"})


def language_tag(value: str, where: str) -> str:
    """``value`` as a standard BCP 47 tag (``en-us`` -> ``en-US``, ``eng`` -> ``en``);
    InputError naming ``where`` when it is no valid tag ("en US", "english")."""
    if value in STANDARD_TAGS:
        return value
    import langcodes  # only a sidecar with another language needs it

    try:
        if langcodes.tag_is_valid(value):
            return langcodes.standardize_tag(value)
    except (ValueError, LookupError):  # LanguageTagError is a ValueError
        pass
    raise InputError(f"{where} {value!r} is not a BCP 47 language tag (e.g. 'en', 'zh-Hans', 'en-US')")


def _iso_date(value: object, sidecar: str, key: str = "date_issued") -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InputError(f"{sidecar}: {key} must be a date such as 2020-05-17, not {value!r}")
