"""Extraction in worker processes: a file that crashes, hangs or exhausts memory is refused, the rest goes on.

Each worker is a fresh interpreter (a subprocess: no threads,
locks or open index files inherited from the build) with its address space
capped (``RLIMIT_AS``) and tied to its parent's life (``PR_SET_PDEATHSIG``),
so a killed build leaves no worker behind.  A file gets
:data:`TIMEOUT_SECONDS`; past that its worker is killed and replaced.  A
reader's ``MemoryError`` is « mémoire dépassée »; a worker that dies
(a crash in a C library, the kernel's OOM killer) is « le lecteur s'est
arrêté » and is replaced.

What runs inside a worker is :mod:`indexer.formats.worker`; this module
decides which worker reads what.  Small text and Markdown files are read
in the calling process: sending them to a worker costs more than reading
them (see :data:`IN_PROCESS_MAX_BYTES`), and their readers are pure Python
with bounded work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from types import TracebackType

from ..errors import UnreadableDocument
from . import MAX_BYTES, extract, kind_of
from .document import Extracted
from .worker import Result, Worker, death_reason, extract_safely

__all__ = [
    "TIMEOUT_SECONDS",
    "MEMORY_LIMIT_BYTES",
    "IN_PROCESS_MAX_BYTES",
    "ExtractionPool",
    "extract_all",
    "extract_safely",
]

TIMEOUT_SECONDS = 60.0
# Address space of a worker: the interpreter with its libraries takes some
# 300 MiB of it; a 200 MiB PDF opened by PDFium needs a few times its size.
MEMORY_LIMIT_BYTES = 3 * 2**30
# Text and Markdown files up to this size are read in the calling process.
IN_PROCESS_MAX_BYTES = 256 * 1024
_IN_PROCESS_KINDS = frozenset({"txt", "md"})
# Files in flight ahead of the one to yield next, per worker: keeps workers
# busy behind a slow file without holding a whole corpus in memory.
_AHEAD_PER_WORKER = 4
_ReaderFn = Callable[[bytes, str], Extracted]


class ExtractionPool:
    """Worker processes that read documents, one per core unless told; use it as a context manager.

    :param workers: how many worker processes (default: one per core).
    :param timeout: seconds a file may take (:data:`TIMEOUT_SECONDS`).
    :param memory_bytes: address space of each worker (:data:`MEMORY_LIMIT_BYTES`).
    :param reader: what reads one file, :func:`indexer.formats.extract` unless
        told; a module-level function, since workers receive it pickled.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = TIMEOUT_SECONDS,
        memory_bytes: int = MEMORY_LIMIT_BYTES,
        reader: _ReaderFn = extract,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._size = workers or os.cpu_count() or 1
        self._timeout = timeout
        self._memory = memory_bytes
        self._reader = reader
        self._workers: list[Worker] = []

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    @property
    def worker_pids(self) -> list[int]:
        """The process ids of the workers started so far and still running."""
        return [worker.process.pid for worker in self._workers]

    def close(self) -> None:
        """Stop every worker (a file being read is abandoned)."""
        for worker in self._workers:
            worker.stop()
        self._workers = []

    def extract_all(self, items: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, Result]]:
        """Yield ``(name, Extracted or UnreadableDocument)`` for each ``(name, bytes)`` of *items*, in their order.

        *items* is read lazily, a few files per worker ahead of the one yielded.

        :raises ValueError: for a name whose suffix no reader takes.
        """
        source = iter(items)
        names: dict[int, str] = {}
        done: dict[int, Result] = {}
        waiting: list[tuple[int, str, bytes]] = []
        read = yielded = 0
        exhausted = False
        while True:
            while not exhausted and read - yielded < _AHEAD_PER_WORKER * self._size:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                names[read] = item[0]
                if self._in_process(*item):
                    done[read] = extract_safely(item[1], item[0], self._reader)
                else:
                    waiting.append((read, item[0], item[1]))
                read += 1
            if yielded in done:
                yield names.pop(yielded), done.pop(yielded)
                yielded += 1
                continue
            if exhausted and yielded == read:
                return
            self._dispatch(waiting)
            self._collect(done)

    def _in_process(self, name: str, data: bytes) -> bool:
        kind = kind_of(name)
        if kind is None:
            raise ValueError(f"no reader for {name!r}")
        return len(data) > MAX_BYTES[kind] or (kind in _IN_PROCESS_KINDS and len(data) <= IN_PROCESS_MAX_BYTES)

    def _dispatch(self, waiting: list[tuple[int, str, bytes]]) -> None:
        """Hand waiting files to idle workers, starting workers up to the pool's size."""
        while waiting:
            idle = next((worker for worker in self._workers if worker.task is None), None)
            if idle is None and len(self._workers) < self._size:
                idle = Worker(self._memory, self._reader)
                self._workers.append(idle)
            if idle is None:
                return
            task, name, data = waiting.pop(0)
            try:
                idle.connection.send((data, name))
            except (BrokenPipeError, OSError):
                waiting.insert(0, (task, name, data))  # the worker had died idle: replace it, send again
                self._replace(idle)
                continue
            idle.task, idle.deadline = task, time.monotonic() + self._timeout

    def _collect(self, done: dict[int, Result]) -> None:
        """Wait for the first worker to answer, die or run out of time, and record what happened."""
        busy = [worker for worker in self._workers if worker.task is not None]
        if not busy:
            return
        left = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
        # A worker that dies closes its socket: that wakes this wait too.
        wait([worker.connection for worker in busy], timeout=left)
        for worker in busy:
            task = worker.task
            assert task is not None
            if worker.connection.poll():
                try:
                    result: Result = worker.connection.recv()
                except (EOFError, OSError):
                    done[task] = UnreadableDocument(death_reason(self._reap(worker)))
                    continue
                done[task], worker.task = result, None
                if isinstance(result, UnreadableDocument) and result.reason == "mémoire dépassée":
                    self._replace(worker)  # its heap may stay bloated
            elif worker.process.poll() is not None:
                done[task] = UnreadableDocument(death_reason(self._reap(worker)))
            elif time.monotonic() >= worker.deadline:
                self._replace(worker)
                done[task] = UnreadableDocument(f"délai dépassé ({self._timeout:g} s)")

    def _reap(self, worker: Worker) -> int:
        exitcode = worker.process.wait()
        self._replace(worker)
        return exitcode

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        self._workers.remove(worker)


def extract_all(
    items: Iterable[tuple[str, bytes]],
    *,
    workers: int | None = None,
    timeout: float = TIMEOUT_SECONDS,
    memory_bytes: int = MEMORY_LIMIT_BYTES,
) -> Iterator[tuple[str, Result]]:
    """Yield ``(name, Extracted or UnreadableDocument)`` for each ``(name, bytes)``, in order, through an :class:`ExtractionPool`.

    :raises ValueError: for a name whose suffix no reader takes.
    """
    with ExtractionPool(workers, timeout=timeout, memory_bytes=memory_bytes) as pool:
        yield from pool.extract_all(items)
