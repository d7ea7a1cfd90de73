"""Reading a document's paragraphs back from OpenSearch, in order, a page at a time."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch

from ..search.pages import DocumentPage
from ..paragraphs import Paragraph
from . import client as cluster
from .generation import Generation
from .location import Location

__all__ = ["DocumentReader", "READ_BATCH"]

# Paragraphs per request when a whole document is read (search_after pages).
READ_BATCH = 1000
_FIELDS = ["source", "title", "number", "text", "page", "section", "kind"]


class DocumentReader:
    """The document-reading half of :class:`~indexer.opensearch.engine.OpenSearchIndex`."""

    client: OpenSearch
    location: Location

    def _current(self) -> Generation:
        raise NotImplementedError

    def _paragraphs(self, query: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
        """Return the stored fields of the paragraphs *query* matches, by paragraph number (at most *limit*)."""
        found: list[dict[str, Any]] = []
        after: list[Any] | None = None
        with cluster.cluster_errors(self.location, "read of a document"):
            while limit is None or len(found) < limit:
                size = READ_BATCH if limit is None else min(READ_BATCH, limit - len(found))
                body: dict[str, Any] = {"query": {"bool": {"filter": [query]}}, "size": size,
                                        "sort": [{"number": "asc"}], "_source": _FIELDS}
                if after is not None:
                    body["search_after"] = after
                hits = self.client.search(index=self.location.alias, body=body)["hits"]["hits"]
                found.extend(hit["_source"] for hit in hits)
                if len(hits) < size:
                    break
                after = hits[-1]["sort"]
        return found

    def document_page(self, source: str, start: int = 1, count: int = 100) -> DocumentPage | None:
        """Return paragraphs *start* .. *start* + *count* - 1 of *source* and its paragraph count, or None when unknown.

        :raises ValueError: when *start* or *count* is below 1.
        """
        if start < 1 or count < 1:
            raise ValueError(f"start and count must be at least 1, got {start!r} and {count!r}")
        wanted = {"bool": {"filter": [{"term": {"source": source}},
                                      {"range": {"number": {"gte": start, "lte": start + count - 1}}}]}}
        stored = self._paragraphs(wanted, count)
        first = stored[:1] or self._paragraphs({"term": {"source": source}}, 1)
        if not first:
            return None
        entry = self._current().files.get(source) or {}
        paragraph_count = int(entry.get("paragraphs", 0)) or len(self._paragraphs({"term": {"source": source}}))
        paragraphs = tuple(
            Paragraph(int(f["number"]), f["text"], page=f.get("page"), section=f.get("section")) for f in stored
        )
        return DocumentPage(source, first[0]["title"], paragraph_count, paragraphs, kind=first[0].get("kind", "txt"))
