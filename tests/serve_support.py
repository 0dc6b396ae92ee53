"""A real ``westdev-kg serve`` process on a free loopback port, for the HTTP tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tools.virtuoso import free_port

from .conftest import CLI, REPO

RELEASE = REPO / "output"


def release_triples(folder: Path = RELEASE) -> int:
    """Triples in the union of a release's Turtle files: what ``SELECT (COUNT(*) …)`` answers over it."""
    from westdev_kg.query import load_release

    return len(load_release(folder))




def copy_release(target: Path) -> Path:
    """A copy of the committed release (tests never serve, or switch, the repository's own)."""
    shutil.copytree(RELEASE, target)
    return target


class Server:
    """``westdev-kg serve RELEASE --cache CACHE OPTIONS…`` running until :meth:`stop`."""

    def __init__(self, release: Path, cache: Path, *options: str, log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log or cache.parent / f"serve-{self.port}.log"
        self._log = open(self.log, "wb")
        self.process = subprocess.Popen(
            [str(CLI), "serve", str(release), "--port", str(self.port), "--cache", str(cache), *options],
            cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}): {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def client(self, **options) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=options.pop("timeout", 60), **options)

    def log_text(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def log_when(self, *needles: str, timeout: float = 10.0) -> str:
        """The log once every needle is in it: the access line of a request is written after its answer is sent."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log_text()
            if all(needle in text for needle in needles) or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a worker or the fork server left behind
        self._log.close()
