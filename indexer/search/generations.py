"""The generations one :class:`~indexer.search.SearchIndex` has open, counted by the searches reading them.

A search acquires the current generation when it starts and releases it when
it ends.  When a rebuild or update publishes a new generation, the next
search switches to it and the old one is retired: it is closed at once if no
search reads it, else when the last search on it ends.  So a generation's
files (a few per segment and per pooled searcher, plus its reader pin) stay
open only while they are used, however often the index changes.

At most :data:`MAX_OPEN_GENERATIONS` are open at once: while that many are
(searches still running on retired ones), new searches stay on the current
generation and the switch waits until one of those searches ends.  With a
server's few threads and searches of milliseconds, this never shows.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from .. import store
from ..errors import GenerationGoneError
from .generation import OpenGeneration

__all__ = ["Generations", "MAX_OPEN_GENERATIONS"]

# The current generation plus retired ones that searches still read; bounds
# the files a process holds open whatever the pace of rebuilds.
MAX_OPEN_GENERATIONS = 4
# A generation named by CURRENT can be removed before it is pinned when
# several builds publish in a row; CURRENT is read again this many times.
_OPEN_ATTEMPTS = 5


def _close_all(generations: list[OpenGeneration]) -> None:
    while generations:
        generations.pop().close()


class Generations:
    """The open generations of one index directory: the current one and retired ones still read."""

    def __init__(self, index_dir: Path) -> None:
        """Open the generation that serves in *index_dir*.

        :raises IndexNotFoundError: when *index_dir* holds no built index.
        """
        self.index_dir = index_dir
        self._lock = threading.Lock()
        # Every open generation, the current one included (None once closed).
        self._open: list[OpenGeneration] = []
        self._current: OpenGeneration | None = None
        self._last_path = store.require_current_generation(index_dir)
        self._switch(self._last_path)
        weakref.finalize(self, _close_all, self._open)

    def _open_generation(self, path: Path) -> OpenGeneration:
        """Open *path*, or the newer generation CURRENT names when *path* was removed meanwhile."""
        for _ in range(_OPEN_ATTEMPTS - 1):
            try:
                return OpenGeneration(path)
            except (GenerationGoneError, OSError, whoosh_index.EmptyIndexError):
                latest = store.current_generation(self.index_dir)
                if latest is None or latest == path:
                    raise
                path = latest
        return OpenGeneration(path)

    def _switch(self, latest: Path | None) -> bool:
        """Make *latest* the current generation if it is newer; call with the lock held."""
        current = self._current
        if current is not None and (latest is None or latest == current.path):
            return False
        if current is not None and len(self._open) >= MAX_OPEN_GENERATIONS:
            return False
        generation = self._open_generation(latest or self._last_path)
        self._current, self._last_path = generation, generation.path
        self._open.append(generation)
        if current is not None and current.users == 0:
            self._close(current)
        return True

    def _close(self, generation: OpenGeneration) -> None:
        self._open.remove(generation)
        generation.close()

    def refresh(self) -> bool:
        """Switch to the newest generation if a rebuild published one; return whether it changed."""
        latest = store.current_generation(self.index_dir)
        with self._lock:
            return self._switch(latest)

    def acquire(self) -> OpenGeneration:
        """Return the current generation (newest first), counted as read until :meth:`release`."""
        latest = store.current_generation(self.index_dir)
        with self._lock:
            self._switch(latest)
            generation = self._current
            assert generation is not None  # _switch opens one when there is none
            generation.users += 1
            return generation

    def release(self, generation: OpenGeneration) -> None:
        """End one read of *generation*; close it if it is retired and that was the last."""
        with self._lock:
            generation.users -= 1
            if generation.users == 0 and generation is not self._current and not generation.closed:
                self._close(generation)

    @contextlib.contextmanager
    def holding(self) -> Iterator[OpenGeneration]:
        """Hold the current generation for the duration of the block."""
        generation = self.acquire()
        try:
            yield generation
        finally:
            self.release(generation)

    @contextlib.contextmanager
    def reading(self) -> Iterator[tuple[OpenGeneration, Searcher]]:
        """Hold the current generation and one of its searchers, for this caller alone, during the block."""
        with self.holding() as generation:
            searcher = generation.borrow()
            try:
                yield generation, searcher
            finally:
                generation.give_back(searcher)

    def paths(self) -> list[Path]:
        """Return the folders of the open generations, the current one last."""
        with self._lock:
            return [generation.path for generation in self._open]

    def close(self) -> None:
        """Close every generation no search reads now; the others close when their searches end."""
        with self._lock:
            self._current = None
            for generation in list(self._open):
                if generation.users == 0:
                    self._close(generation)
