"""The read side: ``open_index(location).search(text) -> SearchResult``.

One search, module by module::

    text --query (parsed and analysed once)--> AnalysedQuery
        --matches (postings: the index's arrays; scoring: every formula)--> ranked paragraphs or documents
        --snippets--> Hit ... in a SearchResult (results)

``index`` holds :class:`SearchIndex`, which keeps its open generations
(``generations``, ``generation``: reference counts, searcher pools) and
passes the one a search holds down to every step.
"""

from __future__ import annotations

from .filters import DATE_RANGES, SORTS, FacetCount, Facets, SearchFilters, date_bounds
from .index import MAX_LIMIT, SearchIndex, open_index
from .pages import DocumentPage
from .results import Hit, IndexStats, SearchResult, StoredDocument
from ..originals import OriginalFile

__all__ = [
    "SearchIndex",
    "open_index",
    "MAX_LIMIT",
    "Hit",
    "SearchResult",
    "StoredDocument",
    "DocumentPage",
    "IndexStats",
    "OriginalFile",
    "SearchFilters",
    "Facets",
    "FacetCount",
    "DATE_RANGES",
    "SORTS",
    "date_bounds",
]
