"""A small pool of query workers for the server, with a bounded queue in front of it.

``size`` workers are started with the data loaded (:class:`~.worker.Worker`); a query takes
an idle one, or waits for one in a queue of at most ``queue`` queries, for at most the time
limit.  Beyond the queue, or past that wait, the query is refused with :class:`Busy` (503 and
``Retry-After``).  A worker killed at the time limit, or dead over its memory cap, is replaced
in the background: the pool keeps its size while the server answers other queries.

The blocking wait on a worker's pipe runs in a thread of its own capacity limiter, so the
event loop and Starlette's default thread pool stay free.  When the release is switched, the
old pool is *retired*: it takes no new query, finishes those it has, then stops its workers.
"""

from __future__ import annotations

import asyncio
import logging
import threading

import anyio
import anyio.to_thread

from .worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, QueryError, Source, TimedOut, Worker, WorkerDied

log = logging.getLogger("westdev_kg.serve")


class Busy(QueryError):
    status = 503
    retry_after = 2


class Pool:
    def __init__(self, source: Source, size: int = 2, queue: int = 32, timeout: float = DEFAULT_TIMEOUT,
                 memory_mb: int | None = DEFAULT_MEMORY_MB, method: str = "forkserver") -> None:
        self.source, self.size, self.queue, self.timeout = source, size, queue, timeout
        self.memory_mb, self.method = memory_mb, method
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self._limiter = anyio.CapacityLimiter(size + 2)
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self.waiting = 0
        self.running = 0
        self.retired = False
        self.served = 0
        self.killed = 0

    # -- life --------------------------------------------------------------------------

    def _spawn(self) -> Worker:
        worker = Worker(self.source, self.memory_mb, self.method).start(timeout=None)
        with self._lock:
            self._all.add(worker)
        return worker

    async def start(self) -> "Pool":
        """Start every worker and wait until each has its data loaded."""
        workers = [await anyio.to_thread.run_sync(self._spawn) for _ in range(self.size)]
        for worker in workers:
            self._idle.put_nowait(worker)
        return self

    def _replace(self, dead: Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        if self.retired:
            return
        loop = asyncio.get_running_loop()

        async def respawn() -> None:
            for attempt in range(5):
                try:
                    worker = await anyio.to_thread.run_sync(self._spawn)
                except Exception as exc:  # noqa: BLE001 - logged, tried again
                    log.error("a query worker could not be started: %s", exc)
                    await asyncio.sleep(2**attempt)
                    continue
                if self.retired:
                    self._stop(worker)
                else:
                    self._idle.put_nowait(worker)
                return

        loop.create_task(respawn())

    def _stop(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def retire(self) -> None:
        """Take no new query; stop the workers once the running ones are done."""
        self.retired = True
        self._stop_idle()

    def _stop_idle(self) -> None:
        if self.waiting:
            return
        while not self._idle.empty():
            self._stop(self._idle.get_nowait())

    def close(self) -> None:
        """Stop every worker now (server shutdown)."""
        self.retired = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._stop(worker)

    # -- queries -----------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.running + self.waiting >= self.size + self.queue

    async def submit(self, job: tuple):
        """The worker's answer to ``job``; QueryError (Busy, TimedOut, WorkerDied, …) otherwise."""
        if self.busy:
            raise Busy(f"too many queries at once ({self.size} running, {self.queue} waiting): try again shortly")
        self.waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            raise Busy(f"no query worker became free within {self.timeout:g} s: try again shortly") from None
        finally:
            self.waiting -= 1
        self.running += 1
        try:
            reply = await anyio.to_thread.run_sync(worker.call, job, self.timeout, limiter=self._limiter)
        except (TimedOut, WorkerDied):
            self.killed += 1
            self._replace(worker)
            raise
        except QueryError:
            self._give_back(worker)
            raise
        except BaseException:
            if worker.alive:
                self._give_back(worker)
            else:
                self._replace(worker)
            raise
        else:
            self._give_back(worker)
            self.served += 1
            return reply
        finally:
            self.running -= 1

    def _give_back(self, worker: Worker) -> None:
        if self.retired and not self.waiting:
            self._stop(worker)
            self._stop_idle()
        else:
            self._idle.put_nowait(worker)
