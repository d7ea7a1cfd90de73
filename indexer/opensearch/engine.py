"""Search an OpenSearch index: ``open_opensearch_index("opensearch://host:port/alias").search(text)``.

:class:`OpenSearchIndex` has the methods and result types of
:class:`indexer.SearchIndex`.  Queries are parsed on the Python side with
the vocabulary stored at build time (accent restoration, wildcards, typo
rule) and sent as query DSL (:mod:`indexer.opensearch.querydsl`); snippets
come from OpenSearch's highlighter (``<mark>``, the rest HTML-escaped);
grouped results rank whole documents (:mod:`.grouping`), the other
matching paragraphs coming from ``inner_hits``.  The index follows rebuilds by
itself: the alias is looked up again at most every :data:`FOLLOW_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from typing import Any


from ..errors import IndexNotFoundError, SearchClusterError
from ..originals import OriginalFile, original_file
from ..paragraphs import Paragraph
from ..search.completion import complete_words
from ..search.filters import SearchFilters
from ..search.query import QUERY_TIME_LIMIT_SECONDS
from ..search.results import Hit, IndexStats, SearchResult, StoredDocument
from ..search.snippets import highlight_html
from . import client as cluster
from .documents import DocumentReader
from .generation import Generation, load_generation, suggest_words
from .location import Location, parse_location
from .querydsl import to_dsl
from .grouping import HIGHLIGHT, SOURCE_FIELDS, collapse, documents_body, passages_body, document_hits, to_hit
from .narrowing import check_sort, facets_of, narrowing, sort_clause
from .searching import send_search

__all__ = ["OpenSearchIndex", "open_opensearch_index", "MAX_LIMIT", "FOLLOW_SECONDS"]

MAX_LIMIT = 100
# Seconds between two looks at where the alias points (a rebuild moves it).
FOLLOW_SECONDS = 1.0
# OpenSearch's index.max_result_window: no page reaches past it.
MAX_RESULT_WINDOW = 10_000
# Documents counted exactly by the grouped total (cardinality's ceiling).
COUNT_PRECISION = 40_000

def _validate_paging(limit: int, page: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")
    if not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be an integer from 1, got {page!r}")


class OpenSearchIndex(DocumentReader):
    """An index served by OpenSearch, opened for searching; safe to share between threads."""

    def __init__(self, location: str) -> None:
        """
        :raises ValueError: when *location* is not ``opensearch://host:port/alias``.
        """
        self.location: Location = parse_location(location)
        self.client = cluster.connect(self.location)
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._checked = 0.0

    # -- generations -------------------------------------------------------

    def _current(self) -> Generation:
        if self._generation is None or time.monotonic() - self._checked > FOLLOW_SECONDS:
            try:
                self.refresh()
            except (IndexNotFoundError, SearchClusterError):
                if self._generation is None:
                    raise
                # A node leaving the cluster may answer for a moment without the alias: keep
                # serving the index we know (the search itself goes to the alias) and look again later.
                self._checked = time.monotonic()
        assert self._generation is not None
        return self._generation

    def refresh(self) -> bool:
        """Follow the alias to the index a rebuild published; return whether it changed.

        :raises IndexNotFoundError: when the alias does not exist.
        :raises SearchClusterError: when no node answers.
        """
        name = cluster.serving_index(self.client, self.location)
        with self._lock:
            self._checked = time.monotonic()
            if self._generation is not None and self._generation.name == name:
                return False
        generation = load_generation(name, cluster.read_meta(self.client, self.location, name))
        with self._lock:
            changed = self._generation is None or self._generation.name != generation.name
            self._generation = generation
        return changed

    # -- searching ---------------------------------------------------------

    def search(
        self, text: str, limit: int = 10, page: int = 1, group: bool = False,
        time_limit: float = QUERY_TIME_LIMIT_SECONDS, filters: SearchFilters | None = None, sort: str = "relevance",
    ) -> SearchResult:
        """Return the *page*-th page of *limit* paragraphs best matching *text* (see :meth:`indexer.SearchIndex.search`).

        :raises ValueError: when *limit* is not 1..100, *page* is not >= 1 or *sort* is unknown.
        :raises SearchClusterError: when the cluster cannot answer.
        """
        _validate_paging(limit, page)
        check_sort(sort)
        now = time.time()
        # Filters (even none) or a sort by date ask for the facets, as on the Whoosh side.
        narrowed = narrowing(filters or SearchFilters(), now) if filters is not None or sort != "relevance" else None
        started = time.perf_counter()
        deadline = time.monotonic() + time_limit
        generation = self._current()
        outcome = generation.queries.analyse(text, deadline)
        if outcome.query is None:
            return SearchResult(text, 0, page, limit, _ms_since(started), (), grouped=group,
                                partial=outcome.partial, notes=outcome.notes)
        query = to_dsl(outcome.query, generation.phrase_text(text), generation.boosts)
        if group and generation.fields.get("documents_index"):
            hits, total, answer = self._documents(query, limit, page, time_limit, narrowed, sort)
        else:
            answer = self._request(self._body(query, limit, page, group, time_limit, narrowed, sort), time_limit)
            hits = tuple(to_hit(found, group) for found in answer["hits"]["hits"])
            total = int(answer["hits"]["total"]["value"])
            if group:  # a generation without a document index: ranked by best paragraph
                counted = answer.get("aggregations", {}).get("documents", {})
                total = int(counted.get("value", {}).get("value", len(hits)) if "doc_count" in counted
                            else counted.get("value", len(hits)))
        late = time.monotonic() > deadline or bool(answer.get("timed_out"))
        explained = () if late else generation.plain.expansions(text, deadline)
        notes = outcome.notes + (("the time limit left out what was searched and the suggestion",) if late else ())
        # A shard with no copy left answering: the others' hits only.
        failed = int(answer.get("_shards", {}).get("failed", 0))
        if failed:
            notes += (f"{failed} of {answer['_shards'].get('total', '?')} shards did not answer",)
        return SearchResult(
            text, total, page, limit, _ms_since(started), hits,
            None if late else suggest_words(generation.vocabulary, text), group,
            tuple((word, tuple(words)) for word, words in explained),
            partial=outcome.partial or late or failed > 0, notes=notes,
            facets=None if narrowed is None else facets_of(answer, now),
        )

    def _request(self, body: dict[str, Any], time_limit: float) -> dict[str, Any]:
        """Send a search, again when a node went away in the middle of it (see :mod:`.searching`)."""
        return send_search(self.client, self.location, self.location.alias, body, time_limit)

    def _documents(self, query: dict[str, Any], limit: int, page: int, time_limit: float,
                   narrowed: dict[str, Any] | None, sort: str) -> tuple[tuple[Hit, ...], int, dict[str, Any]]:
        """Return a grouped page ranked as whole documents (see :mod:`.grouping`), its total and the ranking answer."""
        start = min((page - 1) * limit, MAX_RESULT_WINDOW)
        size = max(0, min(limit, MAX_RESULT_WINDOW - (page - 1) * limit))
        timeout = f"{int(time_limit * 1000)}ms"
        body = {**documents_body(query, start, size, timeout), **(narrowed or {})}
        body["sort"] = sort_clause(sort, [{"source": "asc"}])
        ranked = send_search(self.client, self.location, self.location.documents_alias, body, time_limit)
        sources = [entry["_source"]["source"] for entry in ranked["hits"]["hits"]]
        total = int(ranked["hits"]["total"]["value"])
        if not sources:
            return (), total, ranked
        passages = self._request(passages_body(query, sources, timeout), time_limit)
        # Either answer's lateness or lost shards make the page partial.
        merged = {**ranked, "timed_out": bool(ranked.get("timed_out") or passages.get("timed_out"))}
        if passages.get("_shards", {}).get("failed"):
            merged["_shards"] = passages["_shards"]
        return document_hits(ranked, passages), total, merged

    @staticmethod
    def _body(query: dict[str, Any], limit: int, page: int, group: bool, time_limit: float,
              narrowed: dict[str, Any] | None = None, sort: str = "relevance") -> dict[str, Any]:
        start = (page - 1) * limit
        body: dict[str, Any] = {
            "query": query,
            "from": min(start, MAX_RESULT_WINDOW),
            # Past the result window, the total is still counted but no hit is shown.
            "size": max(0, min(limit, MAX_RESULT_WINDOW - start)),
            "track_total_hits": True,
            "track_scores": True,
            # Equal scores in a stable order: by document, then paragraph.
            "sort": sort_clause(sort, [{"source": "asc"}, {"number": "asc"}]),
            "_source": SOURCE_FIELDS,
            "highlight": HIGHLIGHT,
            "timeout": f"{int(time_limit * 1000)}ms",
        }
        if group:
            body["collapse"] = collapse()
            counted = {"cardinality": {"field": "source", "precision_threshold": COUNT_PRECISION}}
            if narrowed and "post_filter" in narrowed:  # the documents the filters keep
                counted = {"filter": narrowed["post_filter"], "aggs": {"value": counted}}
            body["aggs"] = {"documents": counted}
        if narrowed:
            body.update({**narrowed, "aggs": {**body.get("aggs", {}), **narrowed["aggs"]}})
        return body

    def suggest(self, text: str) -> str | None:
        """Return *text* with its unknown words replaced by close corpus words, or None."""
        return suggest_words(self._current().vocabulary, text)

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Return up to *limit* corpus words starting with *prefix*, as :meth:`indexer.SearchIndex.complete`."""
        return complete_words(self._current().vocabulary, prefix, limit)

    def highlight(self, text: str, query: str) -> str:
        """Return *text* as escaped HTML with the words matching *query* marked."""
        return self.highlight_many([text], query)[0]

    def highlight_many(self, texts: list[str], query: str) -> list[str]:
        """Return each of *texts* as escaped HTML with the words matching *query* marked.

        Done here, with the same French chain as the index, not by a request.
        """
        generation = self._current()
        terms = generation.plain.analyse(query).field_terms("text")
        return [highlight_html(text, terms, generation.analyzer) for text in texts]

    # -- documents and statistics -------------------------------------------

    def document(self, source: str) -> StoredDocument | None:
        """Return the indexed document *source* with all its paragraphs, or None when unknown."""
        stored = self._paragraphs({"term": {"source": source}})
        if not stored:
            return None
        return StoredDocument(source, stored[0]["title"],
                              tuple(Paragraph(int(f["number"]), f["text"], page=f.get("page"),
                                              section=f.get("section")) for f in stored),
                              kind=stored[0].get("kind", "txt"))

    def original_file(self, source: str) -> OriginalFile | None:
        """Return the file the indexed document *source* was read from, or None when it cannot be served.

        As :meth:`indexer.SearchIndex.original_file`, from the corpus folder the build recorded.
        """
        return original_file(self._current().fields, source)

    def sources(self) -> list[str]:
        """Return the ids of the indexed documents, sorted."""
        return sorted(self._current().files)

    def warm_up(self) -> None:
        """Read now what the first searches would otherwise wait for (the vocabulary)."""
        self._current().queries.parse("a")

    def counts(self) -> tuple[int, int]:
        """Return the numbers of documents and paragraphs."""
        generation = self._current()
        with cluster.cluster_errors(self.location, "count"):
            paragraphs = int(self.client.count(index=self.location.alias)["count"])
        return int(generation.fields.get("documents", len(generation.files))), paragraphs

    def stats(self) -> IndexStats:
        """Return counts, size (all copies of every shard) and build time of the serving index."""
        generation = self._current()
        documents, paragraphs = self.counts()
        with cluster.cluster_errors(self.location, "statistics"):
            answer = self.client.indices.stats(index=generation.name, metric="store")
        size = int(answer["indices"][generation.name]["total"]["store"]["size_in_bytes"])
        return IndexStats(
            documents=documents, paragraphs=paragraphs,
            # Distinct index terms of the corpus's words (titles included).
            terms=len(set(generation.vocabulary.terms.values())),
            size_bytes=size, built_at=str(generation.fields.get("built_at", "")),
            path=self.location.describe(generation.name),
        )

    def close(self) -> None:
        """Close the connections to the cluster; searching again opens new ones."""
        self.client.close()


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def open_opensearch_index(location: str) -> OpenSearchIndex:
    """Open the index of *location* (``opensearch://host:port/alias``) for searching.

    :raises ValueError: when *location* is not an OpenSearch location.
    :raises IndexNotFoundError: when the alias does not exist, naming the command that builds it.
    :raises SearchClusterError: when no node answers.
    """
    index = OpenSearchIndex(location)
    try:
        index.refresh()
    except BaseException:
        index.close()
        raise
    return index

