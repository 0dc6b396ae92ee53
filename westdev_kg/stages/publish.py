"""Stage 10 — publish: the only code that writes files.

A release is written whole, aside, and switched in at once (:class:`Release`):

1. the build takes an exclusive lock (``flock``) on ``.<name>.lock`` beside the target
   — never inside the folder that is switched — and holds it to the end: a second
   build of the same folder fails at once (exit 75) or, with ``--wait``, waits;
2. before anything is written, the target folder is checked: it must be missing,
   empty, or a release (it holds the ``manifest.json`` the writer writes) — any other
   folder is refused (exit 2), so a user's folder is never wiped;
3. leftovers of an interrupted earlier build beside it are cleaned or recovered (the
   lock is held, so every ``.<name>.building-*`` folder is a leftover), and the free
   space beside it is checked against an estimate of the release;
4. every file goes into the build's own sibling folder ``.<name>.building-<pid>``; the
   combined files grow there piece by piece as documents arrive (memory stays flat);
5. ``manifest.json`` is written last, everything is fsynced, then the two folders are
   exchanged in one step (``renameat2`` with ``RENAME_EXCHANGE``, Linux ≥ 3.15) — or,
   where the kernel or file system cannot, by two renames (the old release to
   ``.<name>.previous``, the new one in its place), an interruption between them
   being recovered by the next build; the parent folder is fsynced, the old release
   removed, and the lock file removed with the lock.

The release folder therefore holds exactly what one build produced: never a file
of an earlier build, never a mix.  An error, Ctrl-C or SIGTERM before the switch
removes the build's folder and leaves the old release; one during the switch takes
effect once the switch is whole (the new release); after SIGKILL the next build
removes what is left.  Validation reports, which are no release, are written file
by file (:func:`publish`), each through a temporary file and a rename.

``WESTDEV_KG_FAULT`` (:mod:`westdev_kg.faults`) injects faults at each of these steps,
for the tests only.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .. import faults
from ..errors import TryAgain, UsageError

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked against each other
    fcntl = None  # type: ignore[assignment]


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


def publish(folder: Path, files: Mapping[str, bytes], what: str = "reports folder") -> list[Path]:
    """Write every file into ``folder`` (the ``what``, for messages); return their paths in order."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the {what}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise UsageError(f"{folder}: the {what} is not a folder")
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
#: signals that interrupt a build (the CLI turns SIGTERM and SIGHUP into an interrupt, as Ctrl-C is)
_INTERRUPTS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Release:
    """A release folder, written aside and switched in whole (see the module's docstring).

    ``with Release(target) as release:`` — :meth:`write` a file, :meth:`append` to a file
    that grows piece by piece (:meth:`close_appended` gives it its head and tail), then
    :meth:`commit`.  Leaving the block without a commit (an error, an interrupt) removes
    the new folder and leaves the old release as it was.

    The whole block holds an exclusive lock (``flock``) on ``.<name>.lock`` beside the target:
    a second build of the same folder fails at once with :class:`TryAgain` (exit 75), or,
    with ``wait=True``, waits for the lock (``waiting`` is called once, with a line to show).
    ``need_bytes`` is the free space to find beside the target before anything is written.
    """

    def __init__(self, target: Path, wait: bool = False, need_bytes: int = 0, waiting: Callable[[str], None] | None = None) -> None:
        self.target = target
        self.parent = target.parent
        self.lock_path = self.parent / f".{target.name}.lock"
        self.staging = self.parent / f".{target.name}.building-{os.getpid()}"
        self.previous = self.parent / f".{target.name}.previous"
        self.wait = wait
        self.need_bytes = need_bytes
        self.waiting = waiting
        self._appending: dict[str, BinaryIO] = {}
        self._lock_fd: int | None = None
        self.written: list[str] = []

    def __enter__(self) -> "Release":
        self._check_target()
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{self.target}: cannot prepare the release folder: {exc.strerror or exc}") from None
        self._lock()
        try:
            faults.at("locked")
            self._check_target()  # again: another build may have changed it while this one waited
            self._recover()
            self._check_space()
            self.staging.mkdir()
        except OSError as exc:
            self._unlock()
            raise UsageError(f"{self.target}: cannot prepare the release folder: {exc.strerror or exc}") from None
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, kind, value, tb) -> None:
        with _interrupts_held():  # a second Ctrl-C must not leave the clean-up half done
            for handle in self._appending.values():
                try:
                    handle.close()
                except OSError:
                    pass  # a full disk refuses the last flush: the staging folder goes anyway, and the error that ended the build stands
            _remove(self.staging)  # the new release when it was not switched in, else the old one
            if self.previous.is_dir() and not self.target.exists():
                try:
                    os.rename(self.previous, self.target)  # a switch that failed between its two renames: the old release back
                except OSError:
                    pass  # the next build puts it back
            elif self.previous.exists() and self.target.is_dir():
                _remove(self.previous)
            self._unlock()

    # -- the lock ----------------------------------------------------------------

    def _lock(self) -> None:
        """Hold the exclusive lock of the target (a file beside it, never inside the switched folder).

        The lock file is removed when the build ends (:meth:`_unlock`); a build that locked a
        file another build has just removed tries again on the new one."""
        while fcntl is not None:
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            except OSError as exc:
                raise UsageError(f"{self.target}: cannot lock the release folder ({self.lock_path.name}): {exc.strerror or exc}") from None
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = _holder(fd)
                    if not self.wait:
                        raise TryAgain(
                            f"{self.target}: another build{holder} is writing this release folder; "
                            "nothing was written (give --wait to wait for it, or try again)"
                        ) from None
                    if self.waiting is not None:
                        self.waiting(f"waiting for another build{holder} to finish with {self.target}")
                        self.waiting = None
                    fcntl.flock(fd, fcntl.LOCK_EX)
                except OSError as exc:  # a file system without locks (ENOLCK)
                    raise UsageError(f"{self.target}: cannot lock the release folder ({self.lock_path.name}): {exc.strerror or exc}") from None
                mine, now = os.fstat(fd), _stat(self.lock_path)
                if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                    self._lock_fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the file was removed by the build that held it: lock the new one

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        try:
            mine, now = os.fstat(fd), _stat(self.lock_path)
            if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                os.unlink(self.lock_path)  # still held: no other build can have it now
        except OSError:
            pass
        finally:
            os.close(fd)

    def _check_space(self) -> None:
        if self.need_bytes <= 0 or faults.off("space"):
            return
        free = shutil.disk_usage(self.parent).free
        if free < self.need_bytes:
            raise UsageError(
                f"{self.parent}: not enough free space for the release: {_mb(free)} free, about {_mb(self.need_bytes)} "
                "needed beside the previous release (free some space, or give another folder with -o); nothing was written"
            )

    # -- writing ----------------------------------------------------------------

    def size(self, name: str) -> int:
        """Bytes of a file written (or appended and closed) so far."""
        return (self.staging / name).stat().st_size

    def _path(self, name: str) -> Path:
        path = self.staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _failed(self, name: str, exc: OSError) -> UsageError:
        full = " (the disk is full)" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
        return UsageError(f"{self.target / name}: cannot be written: {exc.strerror or exc}{full}; the previous release was left in place")

    def write(self, name: str, data: bytes) -> None:
        try:
            faults.at("write")
            self._path(name).write_bytes(data)
        except OSError as exc:
            raise self._failed(name, exc) from None
        self.written.append(name)

    def append(self, name: str, data: bytes) -> None:
        """Add to the body of ``name`` (kept in a hidden file until :meth:`close_appended`)."""
        handle = self._appending.get(name)
        try:
            faults.at("write")
            if handle is None:
                handle = self._appending[name] = open(self._path(f".{name}.body"), "w+b")
            handle.write(data)
        except OSError as exc:
            raise self._failed(name, exc) from None

    def close_appended(self, name: str, head: bytes, tail: bytes) -> None:
        """Write ``name`` as head + what was appended + tail."""
        body = self._appending.pop(name, None)
        try:
            faults.at("write")
            with open(self._path(name), "wb") as out:
                out.write(head)
                if body is not None:
                    body.flush()
                    body.seek(0)
                    shutil.copyfileobj(body, out)
                out.write(tail)
            if body is not None:
                body.close()
                Path(body.name).unlink()
        except OSError as exc:
            raise self._failed(name, exc) from None
        self.written.append(name)

    # -- switching --------------------------------------------------------------

    def commit(self, **about: object) -> list[Path]:
        """Write the manifest, switch the new release in, remove the old; the files' paths."""
        files = sorted(self.written)
        try:
            faults.at("manifest")
            manifest = {
                **about,
                "files": {name: {"bytes": (self.staging / name).stat().st_size, "sha256": sha256_file(self.staging / name)} for name in files},
            }
        except OSError as exc:
            raise self._failed(MANIFEST, exc) from None
        self.write(MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        try:
            _sync_tree(self.staging)
            faults.at("switch")
            with _interrupts_held():  # an interrupt now takes effect once the switch is whole
                self._switch()
        except OSError as exc:
            raise UsageError(f"{self.target}: the new release could not be switched in: {exc.strerror or exc}; the previous release was left in place") from None
        try:  # the new release is in place: what follows only tidies up (the next build finishes it if need be)
            _fsync_dir(self.parent)  # the switch itself is on disk
            faults.at("switched")
            _remove(self.staging)  # the old release (after an exchange)
            _remove(self.previous)  # the old release (after two renames)
            _fsync_dir(self.parent)
            faults.at("done")
        except OSError:
            pass
        return [self.target / name for name in [*files, MANIFEST]]

    def _switch(self) -> None:
        if not self.target.exists():
            os.rename(self.staging, self.target)
            return
        if not faults.off("exchange") and _exchange(self.staging, self.target):
            return  # the old release is now under the staging name
        os.rename(self.target, self.previous)
        faults.at("between-renames")
        os.rename(self.staging, self.target)

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
        """Finish or undo what an interrupted build left beside the target (the lock is held:
        no other build is running, so every folder of a build beside it is a leftover)."""
        if self.previous.is_dir() and not self.previous.is_symlink() and not self.target.exists():
            os.rename(self.previous, self.target)  # interrupted between the two renames: the old release back
        _remove(self.previous)  # the switch was done, the clean-up was not
        for leftover in self.parent.glob(f".{self.target.name}.building-*"):
            _remove(leftover)


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


def _remove(path: Path) -> None:
    """Remove a file or a folder tree, whatever is there (nothing when nothing is)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            shutil.rmtree(path, ignore_errors=True)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _holder(fd: int) -> str:
    """" (process N)" for the build that holds the lock, as it wrote itself into the file."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP during the block; one that came is acted on after it.

    Python runs signal handlers in the main thread only, so the handlers are swapped there (a
    signal mask would not do: the C handler may run on another thread).  Elsewhere, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    for sig in _INTERRUPTS:
        saved[sig] = signal.signal(sig, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        if caught:
            signal.raise_signal(caught[0])


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (the manifest's checksums)."""
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
