"""The cache of a served release: a snapshot of its files, its on-disk store, its search index.

The server never writes inside a release (the publisher alone does).  On first start it
builds, into ``CACHE/v1/<key>/`` (``CACHE`` is ``--cache``, else
``$XDG_CACHE_HOME/westdev-kg``, else ``~/.cache/westdev-kg``), where ``key`` — the
*release version* — is the start of the SHA-256 of the release's ``manifest.json``:

- ``release/``: the files the manifest lists, hard-linked (copied across file systems) and
  checked against their SHA-256 — so the server answers from one whole release even while
  the publisher switches the folder under it;
- ``store/``: a pyoxigraph (RocksDB) store of the release's Turtle files, opened read-only;
- ``search.sqlite``: the search index (:mod:`.search`);
- ``info.json``, written last: the snapshot is complete.

Everything is built in a ``.<key>.building-<pid>`` folder and renamed into place, so two
servers starting at once, or a server stopped halfway, never leave a half-built snapshot.
The next start with the same release finds the snapshot and reuses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..stages.publish import sha256_file

CACHE_FORMAT = "v1"
MANIFEST = "manifest.json"
KEEP_DAYS = 30  # snapshots unused for longer are removed when a server starts


class _Changed(Exception):
    """The release changed while it was being copied."""


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "westdev-kg"


def release_key(release: Path) -> tuple[str, bytes]:
    """The release version (16 hex digits of its manifest's SHA-256) and the manifest's bytes."""
    try:
        data = (release / MANIFEST).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{release}: not a release (it has no {MANIFEST}); build one with westdev-kg build -o {release}") from None
    except OSError as exc:
        raise InputError(f"{release / MANIFEST}: cannot be read: {exc.strerror or exc}") from None
    return hashlib.sha256(data).hexdigest()[:16], data


@dataclass(frozen=True)
class Snapshot:
    key: str
    folder: Path
    manifest: dict = field(repr=False)
    triples: int
    entries: int

    @property
    def files(self) -> Path:
        return self.folder / "release"

    @property
    def store(self) -> Path:
        return self.folder / "store"

    @property
    def index(self) -> Path:
        return self.folder / "search.sqlite"

    @property
    def turtle_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files.glob("*.ttl"))


def _load(folder: Path) -> Snapshot:
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "release" / MANIFEST).read_text(encoding="utf-8"))
    os.utime(folder / "info.json")  # in use: not pruned
    return Snapshot(info["key"], folder, manifest, info["triples"], info["entries"])


def prepare(release: Path, cache: Path, log=lambda message: None) -> Snapshot:
    """The snapshot of the release now in ``release``: found in the cache, or built there."""
    if not release.is_dir():
        raise InputError(f"{release}: no such release folder (build one with westdev-kg build -o {release})")
    for _attempt in range(5):
        key, data = release_key(release)
        folder = cache / CACHE_FORMAT / key
        if (folder / "info.json").is_file():
            return _load(folder)
        log(f"building the store and the search index of release {key} into {folder}")
        try:
            return _build(release, key, data, folder)
        except _Changed:
            time.sleep(0.2)  # the publisher is switching the release: take the new one
    raise InputError(f"{release}: the release kept changing while it was being read")


def _snapshot_files(release: Path, manifest: dict, data: bytes, target: Path) -> None:
    target.mkdir(parents=True)
    for name, meta in sorted(manifest.get("files", {}).items()):
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or not parts:
            raise InputError(f"{release / MANIFEST}: names a file outside the release: {name!r}")
        source, copy = release / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                os.link(source, copy)
            except OSError:
                shutil.copyfile(source, copy)
        except FileNotFoundError:
            raise _Changed() from None
        if sha256_file(copy) != meta.get("sha256"):
            raise _Changed()
    (target / MANIFEST).write_bytes(data)


def _build(release: Path, key: str, data: bytes, folder: Path) -> Snapshot:
    import pyoxigraph as ox

    from ..query import load_files, release_files
    from .search import build_index

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{key}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        manifest = json.loads(data)
        _snapshot_files(release, manifest, data, staging / "release")
        if release_key(release)[0] != key:
            raise _Changed()
        store = ox.Store(str(staging / "store"))
        load_files(release_files(staging / "release"), store)
        store.flush()
        triples = len(store)
        entries = build_index(store, staging / "search.sqlite")
        del store
        info = {"key": key, "triples": triples, "entries": entries, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (staging / "info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        try:
            os.rename(staging, folder)
        except OSError:  # another server built it first
            if not (folder / "info.json").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _load(folder)


def prune(cache: Path, keep: set[str], days: float = KEEP_DAYS) -> list[str]:
    """Remove the snapshots not used for ``days`` (except ``keep``); their keys."""
    removed = []
    root = cache / CACHE_FORMAT
    if not root.is_dir():
        return removed
    horizon = time.time() - days * 86400
    for folder in root.iterdir():
        info = folder / "info.json"
        if folder.name in keep or not info.is_file():
            continue
        if info.stat().st_mtime < horizon:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed
