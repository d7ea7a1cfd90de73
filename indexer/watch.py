"""Follow a corpus folder and keep its index up to date: :class:`CorpusWatcher`.

File events come from watchdog (inotify on Linux, the native service
elsewhere).  Saving a file makes a burst of events (write, close, an
editor's rename of its temporary copy), so the watcher waits until the
folder has been quiet for :data:`DEBOUNCE_SECONDS` and then runs one
:func:`indexer.update_index`; changes made while an update runs cause one
more update after it.  An update that fails is handed to ``on_error`` and
the watcher goes on watching.

Only events that can change what is indexed count: corpus files (every
suffix a reader takes, :data:`indexer.formats.SUFFIXES`: PDF, DOCX, ODT,
HTML, EPUB, Markdown, text) created, written, removed, renamed or re-permissioned,
and folders created, removed or renamed.  Events that reading makes
(open, close without writing) and anything under the index directory are
ignored, so the watcher's own updates never wake it again.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .corpus import CORPUS_SUFFIXES, check_corpus_dir
from .layout import check_layout
from .update import UpdateReport, update_index

__all__ = ["CorpusWatcher", "DEBOUNCE_SECONDS", "LOCK_WAIT_SECONDS"]

# Quiet time after the last event before an update starts.
DEBOUNCE_SECONDS = 0.5
# A rebuild started by hand may hold the writer lock: wait for it rather than fail.
LOCK_WAIT_SECONDS = 300.0
# How long stop() waits for an update in progress to finish.
_STOP_SECONDS = 30.0
_CHANGING_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed", "attrib"})


def _ignore_report(report: UpdateReport) -> None:
    """Default ``on_update``: nothing to say."""


def _ignore_error(error: Exception) -> None:
    """Default ``on_error``: the watcher keeps going in any case."""


class _CorpusEvents(FileSystemEventHandler):
    """Calls *notify* for each event that may change what the corpus holds."""

    def __init__(self, notify: Callable[[], None], index_dir: Path) -> None:
        super().__init__()
        self._notify = notify
        self._index_dir = str(index_dir)

    def _inside_index(self, path: str) -> bool:
        return path == self._index_dir or path.startswith(self._index_dir + os.sep)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGING_EVENTS:
            return
        paths = [os.fsdecode(path) for path in (event.src_path, event.dest_path) if path]
        if all(self._inside_index(path) for path in paths):
            return
        if event.is_directory:
            # A folder's own "modified" comes with the events of its entries.
            if event.event_type != "modified":
                self._notify()
        elif any(path.lower().endswith(CORPUS_SUFFIXES) for path in paths):
            self._notify()


class CorpusWatcher:
    """Updates the index of a corpus folder shortly after files in it change.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with CorpusWatcher("seeds", "index", on_update=print):
            ...  # edits to seeds/ reach the index about half a second after they stop

    :param on_update: called (from the watcher's thread) with the report of
        every update, the first one included.
    :param on_error: called with the exception of an update that failed.
    :param debounce: seconds of quiet to wait for after an event.
    :param lock_wait: seconds an update waits for another writer.
    :param follow_links: passed to :func:`indexer.update.update_index`.
    """

    def __init__(
        self,
        corpus_dir: str | os.PathLike[str],
        index_dir: str | os.PathLike[str],
        *,
        on_update: Callable[[UpdateReport], None] = _ignore_report,
        on_error: Callable[[Exception], None] = _ignore_error,
        debounce: float = DEBOUNCE_SECONDS,
        lock_wait: float = LOCK_WAIT_SECONDS,
        follow_links: bool = False,
    ) -> None:
        if debounce < 0:
            raise ValueError(f"debounce must be 0 or more seconds, got {debounce!r}")
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir)
        self.debounce = debounce
        self.lock_wait = lock_wait
        self.follow_links = follow_links
        self._on_update = on_update
        self._on_error = on_error
        self._condition = threading.Condition()
        self._pending = False
        self._last_event = float("-inf")
        self._stopping = False
        self._observer: BaseObserver | None = None
        self._worker: threading.Thread | None = None

    def start(self, initial_update: bool = True) -> None:
        """Start watching; with *initial_update*, first bring the index in line with the folder.

        :raises CorpusNotFoundError: when the corpus folder does not exist.
        :raises UnsafeLayoutError: when the index directory is the corpus folder or contains it.
        """
        check_corpus_dir(self.corpus_dir)
        check_layout(self.corpus_dir, self.index_dir)
        handler = _CorpusEvents(self._notify, self.index_dir.resolve())
        observer = Observer()
        observer.schedule(handler, str(self.corpus_dir.resolve()), recursive=True)
        observer.start()
        self._observer = observer
        with self._condition:
            self._pending = initial_update
        self._worker = threading.Thread(target=self._run, name="corpus-watcher", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Stop watching; an update in progress is allowed to finish."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(_STOP_SECONDS)
        if self._worker is not None:
            self._worker.join(_STOP_SECONDS)

    def __enter__(self) -> CorpusWatcher:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _notify(self) -> None:
        with self._condition:
            self._pending = True
            self._last_event = time.monotonic()
            self._condition.notify_all()

    def _wait_for_quiet(self) -> bool:
        """Wait for a pending change and then for the quiet time; return False when stopping."""
        with self._condition:
            while not self._pending and not self._stopping:
                self._condition.wait()
            while not self._stopping:
                quiet = time.monotonic() - self._last_event
                if quiet >= self.debounce:
                    break
                self._condition.wait(self.debounce - quiet)
            self._pending = False
            return not self._stopping

    def _run(self) -> None:
        while self._wait_for_quiet():
            try:
                report = update_index(
                    self.corpus_dir, self.index_dir, lock_wait=self.lock_wait, follow_links=self.follow_links
                )
            except Exception as error:  # noqa: BLE001 - reported; the next change tries again
                self._on_error(error)
            else:
                self._on_update(report)
