"""Stage 9 — publish: the only code that writes files.

Every file is written to a temporary file in the destination folder, flushed
to disk, then renamed over its target (``os.replace`` is atomic on POSIX), so
a reader never sees a partial file and a failed build leaves the previous
release as it was: nothing is written unless every earlier stage succeeded.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
