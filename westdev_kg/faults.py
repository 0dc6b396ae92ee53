"""Faults on purpose, for the fault-injection tests only (tests/test_faults*.py).

**Test-only.**  Nothing here acts unless the environment variable ``WESTDEV_KG_FAULT`` is
set, and nothing outside the tests sets it.  It names where a fault strikes and what it is::

    WESTDEV_KG_FAULT="STEP:ACTION[;STEP:ACTION…]"

Steps of the publisher (:class:`westdev_kg.stages.publish.Release`), in order:

=================  ==============================================================
``locked``         the release folder's lock is held, nothing else done yet
``write``          a file is about to be written into the build's own folder
``manifest``       every file is written; ``manifest.json`` is next
``switch``         the new release is complete and synced; the switch is next
``between-renames``  between the two renames of a switch without ``RENAME_EXCHANGE``
``switched``       the new release is in place; the old one is not removed yet
``done``           the old release is removed; the lock is still held
=================  ==============================================================

and ``document=NAME`` (NAME a document's path relative to the input folder): where that
document's build begins, in the process that builds it.

Actions: ``enospc`` raises ``OSError(ENOSPC)`` (a full disk); ``kill``, ``term``, ``int``
send this process SIGKILL, SIGTERM, SIGINT; ``pause=PATH`` writes this process's id into
``PATH.ready`` and waits until ``PATH`` exists (at most 5 minutes); ``hang`` sleeps until a
signal or a limit ends it; ``memory`` allocates until memory runs out; ``abort`` ends the
process with SIGABRT.  Two switches: ``exchange:off`` (switch by two renames, as where
``RENAME_EXCHANGE`` is missing) and ``space:off`` (no free-space check before writing).
Each fault strikes once per process.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path

VARIABLE = "WESTDEV_KG_FAULT"
_struck: set[str] = set()


def _faults() -> dict[str, str]:
    spec = os.environ.get(VARIABLE, "")
    out = {}
    for item in spec.split(";"):
        step, sep, action = item.strip().rpartition(":")
        if sep and step:
            out[step] = action
    return out


def off(step: str) -> bool:
    """Is the switch ``step`` (``exchange``, ``space``) turned off?"""
    return bool(os.environ.get(VARIABLE)) and _faults().get(step) == "off"


def at(step: str) -> None:
    """Strike the fault set for ``step``, if any (once per process)."""
    if not os.environ.get(VARIABLE):
        return
    action = _faults().get(step)
    if action is None or step in _struck:
        return
    _struck.add(step)
    if action == "enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if action in ("kill", "term", "int"):
        os.kill(os.getpid(), {"kill": signal.SIGKILL, "term": signal.SIGTERM, "int": signal.SIGINT}[action])
        return
    if action.startswith("pause="):
        _pause(Path(action.partition("=")[2]))
    elif action == "hang":
        while True:
            time.sleep(3600)
    elif action == "memory":
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))
    elif action == "abort":
        os.abort()


def _pause(path: Path) -> None:
    ready = path.with_name(path.name + ".ready")
    partial = path.with_name(path.name + f".ready-{os.getpid()}")
    partial.write_text(f"{os.getpid()}\n", encoding="ascii")
    os.replace(partial, ready)
    deadline = time.monotonic() + 300
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
