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
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class Executor(Protocol):
    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """``fn(job)`` for each job, yielded in the order of ``jobs``."""
        ...


class InProcess:
    """Build each document in this process, one after the other."""

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        for job in jobs:
            yield fn(job)


class ProcessPool:
    """Build documents in ``workers`` processes, at most ``in_flight`` submitted at once.

    Where the platform can fork, workers inherit what the parent loaded before the
    pool starts (``warm`` is called first: the parsed shapes and ontology), so they
    start at once.
    """

    def __init__(self, workers: int, in_flight: int | None = None, warm: Callable[[], object] | None = None) -> None:
        self.workers = max(1, workers)
        self.in_flight = max(self.workers, in_flight or 2 * self.workers)
        self.warm = warm

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        if self.warm is not None:
            self.warm()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
            pending: deque[Future] = deque()
            queue = iter(jobs)
            for job in queue:
                pending.append(pool.submit(fn, job))
                if len(pending) >= self.in_flight:
                    break
            while pending:
                result = pending.popleft().result()
                job = next(queue, None)
                if job is not None:
                    pending.append(pool.submit(fn, job))
                yield result


def for_jobs(jobs: int, documents: int, warm: Callable[[], object] | None = None) -> Executor:
    """The executor for ``--jobs``: 0 means one worker per core; never more workers than documents."""
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    workers = min(workers, documents)
    return InProcess() if workers <= 1 else ProcessPool(workers, warm=warm)
