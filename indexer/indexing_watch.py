"""Keep a build from waiting forever on an indexing process that died.

Whoosh's multiprocess writer hands job files to its indexing processes
through one shared queue.  A process killed while it holds that queue's lock
(the memory killer, a ``kill -9``) leaves the others blocked on it and the
writer's commit waiting for them, forever: the build never ends and keeps
the writer lock.  :class:`IndexingWatch` notices such a death and stops the
remaining processes, so that the commit returns and the build's check of the
written paragraphs (:func:`indexer.build` ``_check_written``) fails it with
one clear error.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["IndexingWatch"]

# Seconds between two looks at the indexing processes.
WATCH_INTERVAL_SECONDS = 0.2


class IndexingWatch:
    """Watch the indexing processes of a Whoosh writer while it is in use; a no-op for a one-process writer.

    Use as a context manager around the writer's whole life, from right after
    its creation (before the first document) to after its commit.
    """

    def __init__(self, writer: Any) -> None:
        self._writer = writer
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if hasattr(writer, "jobqueue") and hasattr(writer, "tasks") and not writer.tasks:
            # Jobs are file names: a queue without a bound never blocks the
            # writer on a full queue whose reader died.
            writer.jobqueue = writer._mpctx.Queue()
            self._thread = threading.Thread(target=self._watch, name="indexing-watch", daemon=True)

    def __enter__(self) -> IndexingWatch:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_INTERVAL_SECONDS):
            tasks = list(self._writer.tasks)
            if any(task.exitcode not in (None, 0) for task in tasks):
                for task in tasks:
                    if task.exitcode is None:
                        task.kill()
                return
