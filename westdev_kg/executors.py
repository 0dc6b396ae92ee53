"""How documents are spread over workers: one small interface, several executors.

An executor maps a function over jobs and yields the results **in the order of the
jobs**, holding at most a bounded number in flight, so that a consumer can stream
them (the release writer writes each as it arrives: memory stays flat in the number
of documents).  Jobs and results must be picklable; the function must be a
module-level function (:func:`westdev_kg.pipeline.build_document`).

=====================  =======================================================
executor               where documents are built
=====================  =======================================================
:class:`InProcess`     one after the other, in this process
:class:`ProcessPool`   in worker processes on this machine (``--jobs N``)
=====================  =======================================================

A distributed executor (a cluster scheduler) implements the same ``map``.

**Bounded.**  :func:`for_jobs` never starts more workers than twice the cores or than
there are documents.  A worker dies with the process that started it
(``PR_SET_PDEATHSIG``, and it checks its parent is still there when it starts); Ctrl-C
and SIGTERM reach the parent, which kills its workers.  A worker that cannot be forked
is :class:`~westdev_kg.errors.TryAgain` (exit 75), never a hang.  With :class:`Limits`
each job has a wall-time limit (the parent kills the worker that goes over it: even a
loop inside C code ends) and a memory limit (the worker's address space, a soft
``RLIMIT_AS``: Python raises MemoryError); a job over a limit, or whose worker died, gives
``failed(job, message)`` — a named failure — and a fresh worker takes the next job, so
the other documents go on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Protocol, TypeVar

from .errors import LimitExceeded, TryAgain

J = TypeVar("J")
R = TypeVar("R")

#: defaults of ``--document-timeout`` and ``--document-memory`` (a long policy text takes seconds and a few hundred MB)
DEFAULT_SECONDS = 600.0
DEFAULT_MEMORY_MIB = 4096


class Executor(Protocol):
    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """``fn(job)`` for each job, yielded in the order of ``jobs``."""
        ...


@dataclass(frozen=True, slots=True)
class Limits:
    """What one job may take: wall time (seconds) and memory (MiB of address space beyond the
    worker's own size when it started); None for no limit."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mib: int | None = DEFAULT_MEMORY_MIB

    def time_message(self) -> str:
        return f"over the time limit of {self.seconds:g} s per document (raise it with --document-timeout)"

    def memory_message(self) -> str:
        return f"over the memory limit of {self.memory_mib} MiB per document (raise it with --document-memory)"


class InProcess:
    """Build each document in this process, one after the other."""

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        for job in jobs:
            yield fn(job)


class ProcessPool:
    """Build documents in ``workers`` processes, at most ``in_flight`` jobs taken and not yet yielded.

    Where the platform can fork, workers inherit what the parent loaded before they start
    (``warm`` is called first: the parsed shapes and ontology), so they start at once.
    ``limits`` bound each job (see the module's docstring); ``failed(job, message)`` is the
    result of a job over a limit or whose worker died (without it, :class:`LimitExceeded`
    is raised).
    """

    def __init__(
        self,
        workers: int,
        in_flight: int | None = None,
        warm: Callable[[], object] | None = None,
        limits: Limits | None = None,
        failed: Callable[[Any, str], Any] | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.in_flight = max(self.workers, in_flight or 2 * self.workers)
        self.warm = warm
        self.limits = limits or Limits(None, None)
        self.failed = failed

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        if self.warm is not None:
            self.warm()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        slots: list[_Worker | None] = [None] * self.workers
        queue = iter(jobs)
        exhausted = False
        waiting: deque[tuple[int, Any]] = deque()  # taken from ``jobs``, not yet given to a worker
        done: dict[int, Any] = {}  # results not yet yielded, by job index
        taken = given_out = 0
        finished = False
        try:
            while True:
                while not exhausted and taken - given_out < self.in_flight:
                    job = next(queue, _END)
                    if job is _END:
                        exhausted = True
                    else:
                        waiting.append((taken, job))
                        taken += 1
                for k, worker in enumerate(slots):
                    if not waiting:
                        break
                    if worker is None:
                        worker = slots[k] = _Worker.start(context, fn, self.limits.memory_mib)
                    if worker.job is None:
                        worker.give(*waiting.popleft())
                if given_out in done:
                    yield done.pop(given_out)
                    given_out += 1
                    continue
                if exhausted and not waiting and not any(w is not None and w.job is not None for w in slots):
                    finished = True
                    return
                self._collect(slots, done)
        finally:
            for worker in slots:
                if worker is not None:
                    worker.stop(gently=finished)

    def _collect(self, slots: list[_Worker | None], done: dict[int, Any]) -> None:
        """Wait for a result, a worker's death or a job's deadline, and record what happened."""
        busy = [w for w in slots if w is not None and w.job is not None]
        if not busy:
            return
        timeout = None
        if self.limits.seconds is not None:
            timeout = max(0.0, min(w.started + self.limits.seconds for w in busy) - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        for k, worker in enumerate(slots):
            if worker is None or worker.job is None:
                continue
            index, job = worker.job
            if worker.conn in ready:
                try:
                    _, kind, payload = worker.conn.recv()
                except (EOFError, OSError):
                    kind, payload = "died", None
                if kind == "ok":
                    done[index] = payload
                    worker.job = None
                    continue
                if kind == "error":
                    raise payload
                if kind == "memory":
                    done[index] = self._failure(job, self.limits.memory_message())
                else:
                    done[index] = self._failure(job, worker.death())
            elif worker.process.sentinel in ready:
                done[index] = self._failure(job, worker.death())
            elif self.limits.seconds is not None and time.monotonic() >= worker.started + self.limits.seconds:
                done[index] = self._failure(job, self.limits.time_message())
            else:
                continue
            worker.stop(gently=False)  # over a limit or dead: a fresh worker takes the next job
            slots[k] = None

    def _failure(self, job: Any, message: str) -> Any:
        if self.failed is None:
            raise LimitExceeded(message)
        return self.failed(job, message)


_END = object()


class _Worker:
    """One worker process and the pipe to it; ``job`` is the (index, job) it is building."""

    def __init__(self, process, conn, memory_mib: int | None) -> None:
        self.process = process
        self.conn = conn
        self.memory_mib = memory_mib
        self.job: tuple[int, Any] | None = None
        self.started = 0.0

    @classmethod
    def start(cls, context, fn: Callable, memory_mib: int | None) -> _Worker:
        mine, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_work, args=(theirs, fn, memory_mib, os.getpid()), daemon=True, name="westdev-kg worker")
        try:
            process.start()
        except OSError as exc:  # fork refused: EAGAIN (too many processes), ENOMEM
            mine.close()
            theirs.close()
            raise TryAgain(
                f"cannot start a worker process: {exc.strerror or exc}; nothing was written (try again, or give fewer --jobs)"
            ) from None
        theirs.close()
        return cls(process, mine, memory_mib)

    def give(self, index: int, job: Any) -> None:
        self.job = (index, job)
        self.started = time.monotonic()
        self.conn.send((index, job))

    def death(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                how = signal.Signals(-code).name
            except ValueError:
                how = f"signal {-code}"
            cause = f"killed by {how}"
        else:
            cause = f"exit code {code}"
        hint = f"; over the memory limit of {self.memory_mib} MiB? (raise it with --document-memory)" if self.memory_mib else ""
        return f"the worker process building it died ({cause}){hint}"

    def stop(self, gently: bool) -> None:
        if gently:
            try:
                self.conn.send(None)  # the worker returns (EOF would not reach it: later workers hold copies of this end)
            except OSError:
                pass
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        if not self.conn.closed:
            self.conn.close()


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child process: be killed (SIGKILL) when ``parent`` exits; exit now if it already has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (AttributeError, OSError):
        pass  # not Linux: the parent's ``finally`` still ends its workers
    if os.getppid() != parent:
        os._exit(1)


def _work(conn, fn: Callable, memory_mib: int | None, parent: int) -> None:
    """A worker's life: build the jobs it is given until its pipe closes."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the whole group: the parent acts on it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_mib:
        _limit_memory(memory_mib)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        try:
            reply = (index, "ok", fn(job))
        except MemoryError:
            reply = (index, "memory", None)
        except BaseException as exc:  # a bug in fn: the parent raises it
            reply = (index, "error", exc)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send((index, "memory", None))
        except Exception as exc:  # a result or an error that does not pickle
            conn.send((index, "error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        if reply[1] == "memory":
            return  # a fresh worker for the next job


def _limit_memory(mib: int) -> None:
    """A soft limit on this process's address space: its size now plus ``mib`` MiB."""
    try:
        import resource
    except ImportError:  # not POSIX: no memory limit
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        size = 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = size + mib * (1 << 20)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def worker_count(jobs: int, documents: int) -> tuple[int, str | None]:
    """Workers for ``--jobs`` (0: one per core): at most twice the cores and one per document;
    and a warning when the cores cut the number asked for."""
    cores = os.cpu_count() or 1
    asked = jobs if jobs > 0 else cores
    workers = max(1, min(asked, 2 * cores, documents))
    warning = None
    if asked > 2 * cores:
        what = "one per document" if workers == documents and documents < 2 * cores else "twice the cores"
        warning = f"--jobs {jobs} is more than twice the {cores} cores: {workers} worker process{'es' if workers > 1 else ''} ({what})"
    return workers, warning


def for_jobs(
    jobs: int,
    documents: int,
    warm: Callable[[], object] | None = None,
    limits: Limits | None = None,
    failed: Callable[[Any, str], Any] | None = None,
) -> Executor:
    """The executor for ``--jobs`` (see :func:`worker_count`).  With ``limits``, a folder's
    documents are built in worker processes even with one job (so that a limit can end one)."""
    workers, _ = worker_count(jobs, documents)
    if limits is not None and documents > 1:
        return ProcessPool(workers, warm=warm, limits=limits, failed=failed)
    return InProcess() if workers <= 1 else ProcessPool(workers, warm=warm, limits=limits, failed=failed)
