"""Stage 9 — publish: the only code that writes files.

Every file is written to a temporary file in the destination folder, flushed
to disk, then renamed over its target (``os.replace`` is atomic on POSIX), so
a reader never sees a partial file and a failed build leaves the previous
release as it was: nothing is written unless every earlier stage succeeded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
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


class Staged:
    """A file assembled piece by piece, then published whole (or not at all).

    ``write`` appends to a hidden temporary file in ``folder``; ``commit`` writes
    ``head``, the staged pieces and ``tail`` to the target through
    :func:`write_atomic`'s temporary-file-and-rename; leaving the ``with`` block
    removes the staging file, whether or not it was committed.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self.size = 0
        self._handle = None
        self._path: Path | None = None

    def __enter__(self) -> "Staged":
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f"{self.name}.", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise UsageError(f"{self.folder}: cannot write into the output folder: {exc.strerror or exc}") from None
        self._path = Path(tmp)
        self._handle = os.fdopen(fd, "w+b")
        return self

    def write(self, data: bytes) -> None:
        assert self._handle is not None
        self._handle.write(data)
        self.size += len(data)

    def commit(self, target_name: str, head: bytes = b"", tail: bytes = b"") -> Path:
        assert self._handle is not None
        target = self.folder / target_name
        self._handle.flush()
        self._handle.seek(0)
        with _replacing(target) as out:
            out.write(head)
            shutil.copyfileobj(self._handle, out)
            out.write(tail)
        return target

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._path is not None:
            self._path.unlink(missing_ok=True)
