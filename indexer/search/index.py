"""Search a built index: ``open_index(dir).search(text) -> SearchResult``.

A :class:`SearchIndex` is meant to live as long as its process and to be
shared by every thread: each search borrows a Whoosh searcher from a pool
for its duration, and the index follows rebuilds by itself (a new generation
is picked up at the next search, with no restart; the one it replaced is
closed as soon as no search reads it, see :mod:`indexer.search.generations`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from ..backends import is_opensearch_location, opensearch_backend
from ..errors import IndexNotFoundError
from ..originals import OriginalFile, original_file
from ..paragraphs import Paragraph
from .completion import complete_words
from .filters import SearchFilters
from .generation import OpenGeneration
from .generations import Generations
from .narrowed import ranked_page
from .pages import DocumentPage, read_page
from .query import QUERY_TIME_LIMIT_SECONDS, AnalysedQuery, suggestion
from .remarks import query_remarks, stop_words_only
from .results import Hit, IndexStats, SearchResult, StoredDocument, display_score
from .snippets import highlight_html, make_snippet

if TYPE_CHECKING:
    from ..engine import SearchEngine
    from ..opensearch.engine import OpenSearchIndex

__all__ = [
    "Hit",
    "SearchResult",
    "StoredDocument",
    "DocumentPage",
    "IndexStats",
    "OriginalFile",
    "SearchIndex",
    "open_index",
    "MAX_LIMIT",
]

MAX_LIMIT = 100


def _validate_paging(limit: int, page: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be an integer from 1, got {page!r}")


class SearchIndex:
    """A built index, opened for searching; safe to share between threads."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self._generations = Generations(self.index_dir)

    # -- generations -------------------------------------------------------

    def refresh(self) -> bool:
        """Switch to the newest generation if a rebuild published one; return whether it changed."""
        return self._generations.refresh()

    @contextlib.contextmanager
    def reading(self) -> Iterator[tuple[OpenGeneration, Searcher]]:
        """Hold the serving generation and one of its searchers for the block (tools reading the index itself)."""
        with self._generations.reading() as held:
            yield held

    def analyse(self, text: str) -> AnalysedQuery:
        """Return *text* analysed as a search of the serving generation would analyse it."""
        with self._generations.holding() as generation:
            return generation.queries.analyse(text)

    # -- searching ---------------------------------------------------------

    def search(
        self, text: str, limit: int = 10, page: int = 1, group: bool = False,
        time_limit: float = QUERY_TIME_LIMIT_SECONDS, filters: SearchFilters | None = None, sort: str = "relevance",
    ) -> SearchResult:
        """Return the *page*-th page of *limit* paragraphs best matching *text*.

        :param text: what the user typed, in the query language of
            :mod:`indexer.search.parser`; no text makes this raise.
        :param group: one hit per document (its best paragraph, with the
            numbers of its other matching paragraphs), documents ranked as
            wholes (:func:`indexer.search.scoring.document_scores`); ``total`` then counts
            documents.
        :param time_limit: seconds after which the search stops looking
            further (wildcard and typo lookups, then "what was searched" and
            the suggestion) and answers with what it has, ``partial=True``.
        :param filters: keep only some documents (:mod:`indexer.search.filters`); given (even
            empty), the result's ``facets`` count the matching documents by folder, format, date.
        :param sort: ``relevance`` or ``date`` (newest first).
        :raises ValueError: when *limit* is not 1..100, *page* is not >= 1 or *sort* is unknown.
        """
        _validate_paging(limit, page)
        started = time.perf_counter()
        with self._generations.reading() as (generation, searcher):
            return self._search_in(generation, searcher, text, limit, page, group, started, time_limit,
                                   filters, sort)

    def _search_in(
        self, generation: OpenGeneration, searcher: Searcher, text: str, limit: int, page: int, group: bool,
        started: float, time_limit: float, filters: SearchFilters | None = None, sort: str = "relevance",
    ) -> SearchResult:
        """Search one held generation with a borrowed searcher (see :meth:`search`)."""
        deadline = time.monotonic() + time_limit
        query = generation.queries.analyse(text, deadline)
        if query.query is None:
            return SearchResult(text, 0, page, limit, _ms_since(started), (), grouped=group,
                                partial=query.partial, notes=query.notes, stop_words_only=stop_words_only(text))
        total, ranked, facets = ranked_page(generation, searcher, query, limit, page, group, filters, sort)
        hits = tuple(_hit(generation, searcher, query, *found) for found in ranked)
        # Past the deadline, the extras are left out rather than make the answer later.
        late = time.monotonic() > deadline
        explained = () if late else generation.queries.expansions(text, deadline)
        expansions = tuple((word, tuple(words)) for word, words in explained)
        notes = query.notes + (("the time limit left out what was searched and the suggestion",) if late else ())
        remarks = query_remarks(generation, searcher, text, group, late)
        return SearchResult(
            text, total, page, limit, _ms_since(started), hits, remarks.suggestion, group,
            expansions, partial=query.partial or late, notes=notes, facets=facets,
            unknown_words=remarks.unknown_words, excluded=remarks.excluded,
        )

    def suggest(self, text: str) -> str | None:
        """Return *text* with its unknown words replaced by close corpus words, or None.

        Whether it helps is not judged here (see :mod:`indexer.search.suggestions`).
        """
        with self._generations.holding() as generation:
            return suggestion(generation.vocabulary, text, generation.settings.expansion)

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Return up to *limit* corpus words starting with *prefix*, accents ignored, most frequent first.

        :raises ValueError: when *limit* is not 1..20 (see :func:`~indexer.search.completion.complete_words`).
        """
        with self._generations.holding() as generation:
            return complete_words(generation.vocabulary, prefix, limit)

    def highlight(self, text: str, query: str) -> str:
        """Return *text* as escaped HTML with the words matching *query* marked."""
        return self.highlight_many([text], query)[0]

    def highlight_many(self, texts: list[str], query: str) -> list[str]:
        """Return each of *texts* as escaped HTML with the words matching *query* marked.

        The query is parsed once for all texts (a whole document's paragraphs).
        """
        with self._generations.holding() as generation:
            terms = generation.queries.analyse(query).field_terms("text")
            analyzer = generation.schema["text"].analyzer
        return [highlight_html(text, terms, analyzer) for text in texts]

    # -- documents and statistics -------------------------------------------

    def document(self, source: str) -> StoredDocument | None:
        """Return the indexed document *source* with all its paragraphs, or None when unknown."""
        with self._generations.reading() as (_, searcher):
            stored = sorted(searcher.documents(source=source), key=lambda fields: int(fields["number"]))
        if not stored:
            return None
        return StoredDocument(
            source=source,
            title=stored[0]["title"],
            paragraphs=tuple(
                Paragraph(int(f["number"]), f["text"], page=f.get("page"), section=f.get("section")) for f in stored
            ),
            kind=stored[0].get("kind", "txt"),
        )

    def document_page(self, source: str, start: int = 1, count: int = 100) -> DocumentPage | None:
        """Return paragraphs *start* .. *start* + *count* - 1 of *source* and its paragraph count, or None when unknown.

        Only those paragraphs are read, however long the document
        (:mod:`indexer.search.pages`); past its end, the page has no paragraphs.

        :raises ValueError: when *start* or *count* is below 1.
        """
        with self._generations.reading() as (generation, searcher):
            return read_page(searcher, generation.manifest.get("files", {}), source, start, count)

    def original_file(self, source: str) -> OriginalFile | None:
        """Return the file the indexed document *source* was read from, or None when it cannot be served.

        Only a document of the index, inside the corpus folder its build
        recorded (no link out of it), still there: see :mod:`indexer.originals`.
        """
        with self._generations.holding() as generation:
            return original_file(generation.manifest, source)

    def sources(self) -> list[str]:
        """Return the ids of the indexed documents, sorted."""
        with self._generations.holding() as generation:
            return sorted(generation.manifest.get("files", {}))

    def warm_up(self) -> None:
        """Read now what the first searches would otherwise wait for (vocabulary, arrays)."""
        with self._generations.reading() as (generation, searcher):
            generation.arrays(searcher)
            generation.queries.parse("a")

    def counts(self) -> tuple[int, int]:
        """Return the numbers of documents and paragraphs, cheaply (for health checks)."""
        with self._generations.reading() as (generation, searcher):
            return int(generation.manifest.get("documents", 0)), searcher.doc_count()

    def stats(self) -> IndexStats:
        """Return counts, size on disk and build time of the serving index."""
        with self._generations.reading() as (generation, searcher):
            reader = searcher.reader()
            terms = sum(1 for _ in reader.lexicon("text"))
            size = sum(path.stat().st_size for path in generation.path.iterdir() if path.is_file())
            paragraphs = reader.doc_count()
        manifest = generation.manifest
        return IndexStats(
            documents=int(manifest.get("documents", 0)),
            paragraphs=paragraphs,
            terms=terms,
            size_bytes=size,
            built_at=str(manifest.get("built_at", "")),
            path=str(generation.path),
        )

    def open_generations(self) -> list[Path]:
        """Return the folders of the generations this index holds open, the serving one last."""
        return self._generations.paths()

    def close(self) -> None:
        """Close every file this index opened; searching again reopens it.

        A generation that a search is reading closes when that search ends.
        """
        self._generations.close()


def _hit(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, docnum: int, score: float,
    others: tuple[int, ...],
) -> Hit:
    """Return the hit of the paragraph *docnum*, its snippet marking the query's terms."""
    fields = searcher.stored_fields(docnum)
    return Hit(
        source=fields["source"],
        title=fields["title"],
        paragraph=int(fields["number"]),
        score=display_score(score, generation.settings.ranking),
        text=fields["text"],
        snippet=make_snippet(fields["text"], query.field_terms("text"), generation.schema["text"].analyzer),
        other_paragraphs=others,
        page=fields.get("page"),
        section=fields.get("section"),
        kind=fields.get("kind", "txt"),
        size=fields.get("size"),
        mtime=fields.get("mtime"),
    )


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def open_index(index_dir: str | os.PathLike[str]) -> SearchEngine:
    """Open the index built in *index_dir* (or served at ``opensearch://host:port/alias``) for searching.

    The one place where the location chooses the engine: a
    :class:`SearchIndex` for a directory, an OpenSearch index for an
    ``opensearch://`` location; both are :class:`~indexer.engine.SearchEngine`.

    :raises IndexNotFoundError: naming the path and the command that builds it.
    :raises SearchClusterError: when the OpenSearch cluster of the location cannot answer.
    """
    if is_opensearch_location(index_dir):
        served: OpenSearchIndex = opensearch_backend().open_opensearch_index(index_dir)
        return served
    try:
        return SearchIndex(index_dir)
    except IndexNotFoundError:
        raise
    except (OSError, whoosh_index.EmptyIndexError) as error:
        raise IndexNotFoundError(
            f"the index in {index_dir} cannot be opened ({error}); "
            f"run python -m indexer rebuild --index {index_dir}"
        ) from error

