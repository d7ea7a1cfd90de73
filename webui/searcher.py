"""The one :class:`indexer.SearchIndex` an application shares across requests.

Opening an index costs far more than a search, so it is opened at the first
request that needs it and then kept for the life of the process; the
library makes it thread-safe and has it follow rebuilds by itself.  While no
index exists, each request tries again (and fails with
:class:`indexer.IndexNotFoundError`), so building one needs no restart.

An open index holds a reader pin on its generation (no rebuild deletes it
meanwhile).  A process that forks server processes closes its own index
first (:func:`close_index`): a child would otherwise inherit the pin, and
the parent, which never searches, would keep that generation forever.
"""

from __future__ import annotations

import shlex
import threading

from flask import Flask, current_app

import indexer

__all__ = ["init_app", "get_index", "close_index", "rebuild_command"]

_EXTENSION = "fr_search"


class _SharedIndex:
    """Opens the index of one directory once, on first use."""

    def __init__(self, index_dir: str) -> None:
        self.index_dir = index_dir
        self._index: indexer.SearchEngine | None = None
        self._lock = threading.Lock()

    def get(self) -> indexer.SearchEngine:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = indexer.open_index(self.index_dir)
        return self._index

    def close(self) -> None:
        with self._lock:
            index, self._index = self._index, None
        if index is not None:
            index.close()


def init_app(app: Flask) -> None:
    """Attach a (not yet opened) shared index of ``INDEX_DIR`` to *app*."""
    app.extensions[_EXTENSION] = _SharedIndex(str(app.config["INDEX_DIR"]))


def get_index() -> indexer.SearchEngine:
    """Return the current application's index, opening it on first use.

    :raises indexer.IndexNotFoundError: when ``INDEX_DIR`` holds no index yet.
    """
    shared: _SharedIndex = current_app.extensions[_EXTENSION]
    return shared.get()


def close_index() -> None:
    """Close the current application's index if it is open; the next request opens it again."""
    shared: _SharedIndex = current_app.extensions[_EXTENSION]
    shared.close()


def rebuild_command() -> str:
    """Return the shell command that builds the current application's index."""
    corpus = shlex.quote(str(current_app.config["CORPUS_DIR"]))
    index = shlex.quote(str(current_app.config["INDEX_DIR"]))
    return f"python -m indexer rebuild --corpus {corpus} --index {index}"
