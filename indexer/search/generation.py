"""One opened index generation: its Whoosh index, a pool of searchers, arrays and query builder.

A :class:`~indexer.search.SearchIndex` holds one of these per generation that
a search still reads (see :mod:`indexer.store`): the current one, and a
generation a rebuild replaced for as long as a search started on it runs.
Each holds a reader pin from opening to close, so that no rebuild or update,
in any process, deletes the generation's files while they may be read.

Whoosh searchers are not safe to share between threads at the same time, and
each holds open files, so they are pooled: a search borrows one for its
duration and gives it back.  The pool grows only when every searcher is
borrowed, so it never holds more than the peak number of concurrent
searches, and keeps at most :data:`MAX_IDLE_SEARCHERS` idle ones.
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .. import store
from ..manifest import read_manifest
from ..settings import IndexSettings
from .statistics import DocumentArrays
from .postings import IndexArrays
from .parser import SEARCH_FIELDS
from .query import QueryBuilder
from ..vocabulary import Vocabulary

__all__ = ["OpenGeneration", "MAX_IDLE_SEARCHERS"]

# Idle searchers kept for the next searches; one returned beyond this is
# closed (each holds a few open files per segment).  Above the threads of a
# server process (4 by default) so a steady load never reopens one.
MAX_IDLE_SEARCHERS = 8


class OpenGeneration:
    """One opened index generation with what searching it needs.

    :attr:`users` counts the searches reading it; its owner closes it once
    it is retired and that count is back to 0.
    """

    def __init__(self, path: Path) -> None:
        """Pin the generation in *path*, then open it.

        :raises GenerationGoneError: when the generation was removed before it could be pinned.
        :raises whoosh.index.EmptyIndexError: when it holds no Whoosh index.
        """
        self.path = path
        self._pin = store.pin_generation(path)
        try:
            self.index = whoosh_index.open_dir(str(path))
            self.schema = self.index.schema
            self.manifest = read_manifest(path)
            #: What the generation was built with, and so is searched with.
            self.settings = IndexSettings.from_manifest(self.manifest)
        except BaseException:
            self._pin.close()
            raise
        #: Searches holding this generation (changed under the owner's lock).
        self.users = 0
        self._idle: list[Searcher] = []
        self._borrowed = 0
        self._closed = False
        self._lock = threading.Lock()
        self._arrays: IndexArrays | None = None
        self._documents: DocumentArrays | None = None
        self._queries: QueryBuilder | None = None

    @property
    def queries(self) -> QueryBuilder:
        """The query builder, with the vocabulary read on first use.

        Reading a large vocabulary takes most of a second: opening an index
        (and so a server's start) does not wait for it.
        """
        if self._queries is None:
            with self._lock:
                if self._queries is None:
                    self._queries = QueryBuilder(self.schema, Vocabulary.load(self.path), self.settings)
        return self._queries

    @property
    def vocabulary(self) -> Vocabulary:
        return self.queries.vocabulary

    def arrays(self, searcher: Searcher) -> IndexArrays:
        """Return the per-paragraph arrays of plain-query scoring, read on first use."""
        if self._arrays is None:
            with self._lock:
                if self._arrays is None:
                    self._arrays = IndexArrays(searcher.reader(), SEARCH_FIELDS)
        return self._arrays

    def documents(self, searcher: Searcher) -> DocumentArrays:
        """Return the per-document arrays of document ranking, read on first use."""
        arrays = self.arrays(searcher)
        if self._documents is None:
            with self._lock:
                if self._documents is None:
                    self._documents = DocumentArrays(searcher.reader(), arrays)
        return self._documents

    # -- the searcher pool -------------------------------------------------

    def borrow(self) -> Searcher:
        """Return a searcher for the caller's use alone, until :meth:`give_back`.

        :raises RuntimeError: when the generation is closed.
        """
        with self._lock:
            if self._closed:
                raise RuntimeError(f"generation {self.path} is closed")
            self._borrowed += 1
            if self._idle:
                return self._idle.pop()
        try:
            ranking = self.settings.ranking
            return self.index.searcher(weighting=BM25F(B=ranking.bm25_b, K1=ranking.bm25_k1))
        except BaseException:
            with self._lock:
                self._borrowed -= 1
            raise

    def give_back(self, searcher: Searcher) -> None:
        """Return a borrowed *searcher* to the pool (or close it if the pool is full or closed)."""
        with self._lock:
            self._borrowed -= 1
            keep = not self._closed and len(self._idle) < MAX_IDLE_SEARCHERS
            if keep:
                self._idle.append(searcher)
        if not keep:
            searcher.close()

    @property
    def open_searchers(self) -> int:
        """The number of searchers this generation holds open, borrowed or idle."""
        with self._lock:
            return self._borrowed + len(self._idle)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the idle searchers and release the pin; borrowed ones close when given back.

        Called once no search holds the generation, so nothing is borrowed
        in practice.  Closing twice does nothing.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()
        self._pin.close()
