"""fr-search's indexer: French paragraph-level full-text search on Whoosh.

Data flows one way::

    corpus directory --corpus--> Document --paragraphs--> Paragraph
        --analysis (French chain)--> Whoosh index (build, one generation per build)
        --search--> SearchResult(hits: Hit(source, title, paragraph, score, text, snippet, page, section, kind))

    corpus changes --watch (file events)--> update (changed files only, new generation)

>>> import indexer
>>> report = indexer.build_index("seeds", "index")      # doctest: +SKIP
>>> idx = indexer.open_index("index")                    # doctest: +SKIP
>>> res = idx.search("sécurité collective", limit=10, page=1)  # doctest: +SKIP
>>> report = indexer.update_index("seeds", "index")     # doctest: +SKIP
"""

from __future__ import annotations

from .analysis import fold_accents, french_analyzer
from .build import BuildReport, build_index
from .engine import SearchEngine
from .corpus import Document, SkippedFile
from .formats import KINDS
from .errors import CorpusNotFoundError, IndexerError, IndexLockedError, IndexNotFoundError, SearchClusterError
from .paragraphs import Paragraph
from .search import (
    DATE_RANGES, MAX_LIMIT, SORTS, DocumentPage, FacetCount, Facets, Hit, IndexStats, OriginalFile, SearchFilters,
    SearchIndex, SearchResult, StoredDocument, date_bounds, open_index,
)
from .settings import AnalysisSettings, IndexSettings, RankingSettings
from .terminal import terminal_line
from .update import UpdateReport, update_index
from .watch import CorpusWatcher

__all__ = [
    "build_index",
    "update_index",
    "open_index",
    "BuildReport",
    "UpdateReport",
    "CorpusWatcher",
    "SearchEngine",
    "SearchIndex",
    "SearchResult",
    "Hit",
    "StoredDocument",
    "DocumentPage",
    "IndexStats",
    "OriginalFile",
    "Document",
    "Paragraph",
    "SkippedFile",
    "french_analyzer",
    "fold_accents",
    "IndexerError",
    "CorpusNotFoundError",
    "IndexNotFoundError",
    "IndexLockedError",
    "SearchClusterError",
    "IndexSettings",
    "AnalysisSettings",
    "RankingSettings",
    "terminal_line",
    "MAX_LIMIT",
    "SearchFilters",
    "Facets",
    "FacetCount",
    "DATE_RANGES",
    "SORTS",
    "date_bounds",
    "KINDS",
]
