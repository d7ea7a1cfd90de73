"""What the CLI and the web UI need from an index, whatever serves it: the :class:`SearchEngine` protocol.

Two engines implement it: :class:`~indexer.search.SearchIndex` (a Whoosh
index directory) and :class:`~indexer.opensearch.OpenSearchIndex` (an
OpenSearch alias).  :func:`indexer.open_index` picks one from the location
(``opensearch://host:port/alias`` or a directory); callers type against
this protocol only, so another engine plugs in without changing them.
Both return the same frozen result types.
"""

from __future__ import annotations

from typing import Protocol

from .originals import OriginalFile
from .search.filters import SearchFilters
from .search.pages import DocumentPage
from .search.query import QUERY_TIME_LIMIT_SECONDS
from .search.results import IndexStats, SearchResult, StoredDocument

__all__ = ["SearchEngine"]


class SearchEngine(Protocol):
    """An opened index: searching, reading documents, statistics, following rebuilds; shared by threads."""

    def search(
        self, text: str, limit: int = 10, page: int = 1, group: bool = False,
        time_limit: float = QUERY_TIME_LIMIT_SECONDS, filters: SearchFilters | None = None, sort: str = "relevance",
    ) -> SearchResult:
        """Return the *page*-th page of *limit* hits best matching *text* (documents when *group*).

        *filters* keep some documents and ask for facets; *sort* is ``relevance`` or ``date``.
        """
        ...

    def suggest(self, text: str) -> str | None:
        """Return *text* with its unknown words replaced by close corpus words, or None."""
        ...

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Return up to *limit* corpus words starting with *prefix*, accents ignored, most frequent first."""
        ...

    def highlight(self, text: str, query: str) -> str:
        """Return *text* as escaped HTML with the words matching *query* marked."""
        ...

    def highlight_many(self, texts: list[str], query: str) -> list[str]:
        """Return each of *texts* as escaped HTML with the words matching *query* marked."""
        ...

    def document(self, source: str) -> StoredDocument | None:
        """Return the indexed document *source* with all its paragraphs, or None when unknown."""
        ...

    def document_page(self, source: str, start: int = 1, count: int = 100) -> DocumentPage | None:
        """Return paragraphs *start* .. *start* + *count* - 1 of *source*, or None when unknown."""
        ...

    def original_file(self, source: str) -> OriginalFile | None:
        """Return the file the indexed document *source* was read from, or None when it cannot be served."""
        ...

    def sources(self) -> list[str]:
        """Return the ids of the indexed documents, sorted."""
        ...

    def counts(self) -> tuple[int, int]:
        """Return the numbers of documents and paragraphs, cheaply (for health checks)."""
        ...

    def stats(self) -> IndexStats:
        """Return counts, size and build time of the serving index."""
        ...

    def refresh(self) -> bool:
        """Switch to the index a rebuild published, if any; return whether it changed."""
        ...

    def warm_up(self) -> None:
        """Read now what the first searches would otherwise wait for."""
        ...

    def close(self) -> None:
        """Release what the engine holds open; using it again reopens it."""
        ...
