"""Stage 10 — publish: the only code that writes files.

A release is written whole, aside, and switched in at once (:class:`Release`):

1. before anything is written, the target folder is checked: it must be missing,
   empty, or a release (it holds the ``manifest.json`` the writer writes) — any other
   folder is refused (exit 2), so a user's folder is never wiped;
2. leftovers of an interrupted earlier build beside it are cleaned or recovered;
3. every file goes into a sibling folder ``.<name>.building-<pid>``; the combined
   files grow there piece by piece as documents arrive (memory stays flat);
4. ``manifest.json`` is written last, then the two folders are exchanged in one
   step (``renameat2`` with ``RENAME_EXCHANGE``, Linux ≥ 3.15) — or, where the
   kernel or file system cannot, by two renames (the old release to
   ``.<name>.previous``, the new one in its place), an interruption between them
   being recovered by the next build; the old release is then removed.

The release folder therefore holds exactly what one build produced: never a file
of an earlier build, never a mix.  Validation reports, which are no release, are
written file by file (:func:`publish`), each through a temporary file and a rename.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import UsageError


@contextmanager
def _replacing(target: Path) -> Iterator[BinaryIO]:
    """A file whose content replaces ``target`` at once when the block ends without an error.

    The content goes to a temporary file beside the target, is flushed to disk, then
    renamed over the target (``os.replace`` is atomic on POSIX); on an error the
    temporary file is removed and the target is left as it was.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as handle:
        handle.write(data)


def publish(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file of a release into ``folder``; return their paths in order."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the output folder: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    written = []
    for name in sorted(files):
        target = folder / name
        try:
            write_atomic(target, files[name])
        except OSError as exc:
            raise UsageError(f"{target}: cannot be written: {exc.strerror or exc}") from None
        written.append(target)
    return written


MANIFEST = "manifest.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Release:
    """A release folder, written aside and switched in whole (see the module's docstring).

    ``with Release(target) as release:`` — :meth:`write` a file, :meth:`append` to a file
    that grows piece by piece (:meth:`close_appended` gives it its head and tail), then
    :meth:`commit`.  Leaving the block without a commit (an error, an interrupt) removes
    the new folder and leaves the old release as it was.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.parent = target.parent
        self.staging = self.parent / f".{target.name}.building-{os.getpid()}"
        self.previous = self.parent / f".{target.name}.previous"
        self._appending: dict[str, BinaryIO] = {}
        self.written: list[str] = []

    def __enter__(self) -> "Release":
        self._check_target()
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._recover()
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
        except OSError as exc:
            raise UsageError(f"{self.target}: cannot prepare the release folder: {exc.strerror or exc}") from None
        return self

    def __exit__(self, kind, value, tb) -> None:
        for handle in self._appending.values():
            handle.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    # -- writing ----------------------------------------------------------------

    def _path(self, name: str) -> Path:
        path = self.staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, name: str, data: bytes) -> None:
        try:
            self._path(name).write_bytes(data)
        except OSError as exc:
            raise UsageError(f"{self.target / name}: cannot be written: {exc.strerror or exc}") from None
        self.written.append(name)

    def append(self, name: str, data: bytes) -> None:
        """Add to the body of ``name`` (kept in a hidden file until :meth:`close_appended`)."""
        handle = self._appending.get(name)
        try:
            if handle is None:
                handle = self._appending[name] = open(self._path(f".{name}.body"), "w+b")
            handle.write(data)
        except OSError as exc:
            raise UsageError(f"{self.target / name}: cannot be written: {exc.strerror or exc}") from None

    def close_appended(self, name: str, head: bytes, tail: bytes) -> None:
        """Write ``name`` as head + what was appended + tail."""
        body = self._appending.pop(name, None)
        try:
            with open(self._path(name), "wb") as out:
                out.write(head)
                if body is not None:
                    body.seek(0)
                    shutil.copyfileobj(body, out)
                out.write(tail)
            if body is not None:
                body.close()
                Path(body.name).unlink()
        except OSError as exc:
            raise UsageError(f"{self.target / name}: cannot be written: {exc.strerror or exc}") from None
        self.written.append(name)

    # -- switching --------------------------------------------------------------

    def commit(self, **about: object) -> list[Path]:
        """Write the manifest, switch the new release in, remove the old; the files' paths."""
        files = sorted(self.written)
        manifest = {
            **about,
            "files": {name: {"bytes": (self.staging / name).stat().st_size, "sha256": _sha256(self.staging / name)} for name in files},
        }
        self.write(MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        try:
            _sync_tree(self.staging)
            self._switch()
            _fsync_dir(self.parent)
        except OSError as exc:
            raise UsageError(f"{self.target}: the new release could not be switched in: {exc.strerror or exc}") from None
        return [self.target / name for name in [*files, MANIFEST]]

    def _switch(self) -> None:
        if not self.target.exists():
            os.rename(self.staging, self.target)
            return
        if _exchange(self.staging, self.target):
            shutil.rmtree(self.staging)  # the old release, now under the staging name
            return
        os.rename(self.target, self.previous)
        os.rename(self.staging, self.target)
        shutil.rmtree(self.previous)

    def _check_target(self) -> None:
        above = next((p for p in self.target.parents if p.exists()), None)
        if above is not None and not above.is_dir():
            raise UsageError(f"{self.target}: cannot hold the release: {above} is not a folder")
        if self.target.is_symlink() or (self.target.exists() and not self.target.is_dir()):
            raise UsageError(f"{self.target}: not a folder (give a folder for the release with -o)")
        if self.target.is_dir() and not is_release(self.target) and any(self.target.iterdir()):
            raise UsageError(
                f"{self.target}: the folder holds files and no {MANIFEST}, so it is not a westdev-kg release: "
                "refusing to replace it (give a new or empty folder with -o)"
            )

    def _recover(self) -> None:
        """Finish or undo what an interrupted build left beside the target."""
        if self.previous.is_dir():
            if self.target.exists():
                shutil.rmtree(self.previous)  # the switch was done, the clean-up was not
            else:
                os.rename(self.previous, self.target)  # interrupted between the two renames: the old release back
        for leftover in self.parent.glob(f".{self.target.name}.building-*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(leftover, ignore_errors=True)


def is_release(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically (``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
