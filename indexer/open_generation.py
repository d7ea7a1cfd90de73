"""One opened index generation: its Whoosh index, searchers, arrays and query builder.

A :class:`~indexer.search.SearchIndex` holds one of these per generation it
has opened (see :mod:`indexer.store`): the current one, and for a grace
period the ones a rebuild replaced, so that searches in flight finish on the
generation they started on.
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .build import read_manifest
from .document_ranking import DocumentArrays
from .fastpath import IndexArrays
from .query import SEARCH_FIELDS, QueryBuilder
from .ranking import BM25_B, BM25_K1
from .vocabulary import Vocabulary

__all__ = ["OpenGeneration", "close_all"]


class OpenGeneration:
    """One opened index generation with what searching it needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.index = whoosh_index.open_dir(str(path))
        self.schema = self.index.schema
        self.manifest = read_manifest(path)
        self._searchers: list[Searcher] = []
        self._lock = threading.Lock()
        self._arrays: IndexArrays | None = None
        self._documents: DocumentArrays | None = None
        self._queries: QueryBuilder | None = None
        #: When a newer generation took over (monotonic seconds), 0 while current.
        self.retired_at = 0.0

    @property
    def queries(self) -> QueryBuilder:
        """The query builder, with the vocabulary read on first use.

        Reading a large vocabulary takes most of a second: opening an index
        (and so a server's start) does not wait for it.
        """
        if self._queries is None:
            with self._lock:
                if self._queries is None:
                    accent_folding = self.manifest.get("analysis", {}).get("accent_folding", True)
                    self._queries = QueryBuilder(
                        self.schema, Vocabulary.load(self.path), restore_accents=accent_folding
                    )
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

    def searcher(self) -> Searcher:
        """Open a searcher for one thread; it is closed with the generation."""
        searcher = self.index.searcher(weighting=BM25F(B=BM25_B, K1=BM25_K1))
        with self._lock:
            self._searchers.append(searcher)
        return searcher

    def close(self) -> None:
        """Close every searcher opened on this generation, and its shared reader."""
        with self._lock:
            searchers, self._searchers = self._searchers, []
        for searcher in searchers:
            searcher.close()


def close_all(generations: list[OpenGeneration]) -> None:
    """Close and forget every generation of *generations*."""
    while generations:
        generations.pop().close()
