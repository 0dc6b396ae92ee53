"""The server: one release served over HTTP (Starlette on uvicorn).

:class:`Server` holds what is served now — a :class:`Served`: a snapshot of the release
(:mod:`.store`), its read-only store for descriptions, its search index and its pool of
query workers.  It watches the release's ``manifest.json`` (every ``watch`` seconds, and at
once on SIGHUP); when a new release has been published there, the new snapshot is prepared
and its workers started *beside* the old ones, then the server switches to it in one
assignment: requests already running finish on the old release, new ones go to the new one,
and the old workers stop once idle.  No request is dropped.

Requests are bounded: a query by its worker's time limit and memory cap and by the
concurrency cap of the pool; a request body or query string by ``max_request`` bytes; an
answer by ``row_cap`` rows and ``max_answer`` bytes; a search by its own time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Route

from . import handlers
from .pool import Pool
from .search import Index
from .store import MANIFEST, Snapshot, prepare, release_key
from .worker import DEFAULT_MAX_ANSWER, DEFAULT_MEMORY_MB, DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Source

log = logging.getLogger("westdev_kg.serve")
access = logging.getLogger("westdev_kg.serve.access")
MEMORY_STORE_LIMIT = 50 << 20  # bytes of Turtle up to which "auto" loads the data into each worker's memory


@dataclass
class Config:
    release: Path
    cache: Path
    base_url: str | None = None  # the public address, e.g. https://data.example.org
    workers: int = 2
    queue: int = 32
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int | None = DEFAULT_MEMORY_MB
    row_cap: int = DEFAULT_ROW_CAP
    max_request: int = 64 * 1024
    max_answer: int = DEFAULT_MAX_ANSWER
    store: str = "auto"  # memory, disk or auto
    watch: float = 2.0  # seconds between looks at manifest.json (0: only on SIGHUP)
    method: str = "forkserver"


@dataclass
class Served:
    """One release version being served."""

    snapshot: Snapshot
    store: ox.Store
    index: Index
    pool: Pool
    memo: dict = field(default_factory=dict)  # pages computed once per release (ontology, VoID)

    @property
    def key(self) -> str:
        return self.snapshot.key

    @property
    def release(self) -> dict:
        manifest = self.snapshot.manifest
        return {"key": self.key, "version": manifest.get("release_version", ""), "date": manifest.get("release_date", "")}


class Server:
    def __init__(self, config: Config, snapshot: Snapshot | None = None) -> None:
        self.config = config
        self.current: Served | None = None
        self._first = snapshot
        self._lock = asyncio.Lock()
        self._seen: tuple | None = None
        self.switches = 0

    def _manifest_stat(self) -> tuple | None:
        try:
            st = (self.config.release / MANIFEST).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    async def _serve(self, snapshot: Snapshot) -> Served:
        config = self.config
        on_disk = config.store == "disk" or (config.store == "auto" and snapshot.turtle_bytes > MEMORY_STORE_LIMIT)
        source = Source(str(snapshot.store), on_disk=True) if on_disk else Source(str(snapshot.files))
        pool = Pool(source, config.workers, config.queue, config.timeout, config.memory_mb, config.method)
        await pool.start()
        store = ox.Store.read_only(str(snapshot.store))
        return Served(snapshot, store, Index(snapshot.index), pool)

    async def open(self) -> None:
        self._seen = self._manifest_stat()
        snapshot = self._first or await anyio.to_thread.run_sync(prepare, self.config.release, self.config.cache, log.info)
        self.current = await self._serve(snapshot)
        log.info("serving release %s (%d triples) from %s", snapshot.key, snapshot.triples, snapshot.folder)

    async def check(self, force: bool = False) -> bool:
        """Switch to the release now in the folder if it is new; whether it switched."""
        seen = self._manifest_stat()
        if seen is None or (seen == self._seen and not force):
            return False
        async with self._lock:
            try:
                key, _ = release_key(self.config.release)
            except Exception:  # noqa: BLE001 - mid-switch: look again next time
                return False
            if self.current is not None and key == self.current.key:
                self._seen = seen
                return False
            snapshot = await anyio.to_thread.run_sync(prepare, self.config.release, self.config.cache, log.info)
            served = await self._serve(snapshot)
            old, self.current = self.current, served
            self._seen = seen
            self.switches += 1
            if old is not None:
                old.pool.retire()
            log.info("switched to release %s (%d triples)", snapshot.key, snapshot.triples)
            return True

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(self.config.watch)
            try:
                await self.check()
            except Exception as exc:  # noqa: BLE001 - the old release is still served
                log.error("the new release could not be served: %s", exc)

    def close(self) -> None:
        if self.current is not None:
            self.current.pool.close()


class AccessLog:
    """One line per request: client, method, path (never the query string or the body), status, time, bytes."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        facts = {"status": 0, "bytes": 0}

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                facts["status"] = message["status"]
            elif message["type"] == "http.response.body":
                facts["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = scope.get("client") or ("-", 0)
            access.info('%s "%s %s" %d %.1fms %dB', client[0], scope["method"], scope["path"], facts["status"],
                        (time.perf_counter() - started) * 1000, facts["bytes"])


def build_app(config: Config, snapshot: Snapshot | None = None) -> Starlette:
    server = Server(config, snapshot)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await server.open()
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not in the main thread
            loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(server.check(force=True)))
        watcher = loop.create_task(server.watch()) if config.watch > 0 else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signal.SIGHUP)
            server.close()

    app = Starlette(
        routes=[Route(path, endpoint, methods=methods) for path, endpoint, methods in handlers.routes()],
        middleware=[
            Middleware(AccessLog),
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["Accept", "Content-Type", "If-None-Match"],
                       expose_headers=["ETag", "Retry-After", "X-Result-Truncated", "Content-Location"], max_age=86400),
            Middleware(GZipMiddleware, minimum_size=1024, compresslevel=1),  # fast: the server is CPU-bound, not the network
        ],
        lifespan=lifespan,
        exception_handlers={Exception: handlers.internal_error},
    )
    app.state.server = server
    app.state.config = config
    return app
