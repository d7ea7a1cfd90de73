"""Grouped results as whole documents: rank the document index, then fetch each document's passages.

Two requests per grouped page.  The first ranks the entries of the document
index (:mod:`.whole_documents`) with the engine's query, its all-words
tiers softened, and counts the matching documents exactly.  The second
asks the paragraph index, restricted to that page's documents, for each
document's best paragraph (``collapse`` on the document id, highlighted)
and its other matching paragraphs (``inner_hits``).  A document that
matches only as a whole, its words in different paragraphs, shows its
first paragraph.
"""

from __future__ import annotations

from typing import Any

from ..search.results import Hit
from ..search.snippets import FRAGMENT_SEPARATOR, SNIPPET_MAX_CHARS
from .querydsl import display_score
from .whole_documents import passages_query, soften_tiers

__all__ = ["HIGHLIGHT", "SOURCE_FIELDS", "MAX_OTHER_PARAGRAPHS", "collapse", "documents_body", "passages_body",
           "document_hits", "to_hit"]

# Other paragraphs listed per grouped hit (index.max_inner_result_window).
MAX_OTHER_PARAGRAPHS = 100
HIGHLIGHT = {
    "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
    "fields": {"text": {"type": "unified", "fragment_size": SNIPPET_MAX_CHARS, "number_of_fragments": 1,
                        "no_match_size": SNIPPET_MAX_CHARS}},
}
SOURCE_FIELDS = ["source", "title", "number", "text", "page", "section", "kind", "size", "mtime"]


def collapse() -> dict[str, Any]:
    """Return the ``collapse`` clause keeping one paragraph per document, the others as ``inner_hits``."""
    return {"field": "source", "inner_hits": {"name": "others", "size": MAX_OTHER_PARAGRAPHS, "_source": ["number"]}}


def documents_body(query: dict[str, Any], start: int, size: int, timeout: str) -> dict[str, Any]:
    """Return the search ranking the document index's entries for the paragraph query *query*."""
    return {
        "query": soften_tiers(query), "from": start, "size": size, "track_total_hits": True,
        # Equal scores in a stable order: by document id.
        "sort": ["_score", {"source": "asc"}], "_source": ["source"], "timeout": timeout,
    }


def passages_body(query: dict[str, Any], sources: list[str], timeout: str) -> dict[str, Any]:
    """Return the search giving the best paragraph and the other matching ones of each of *sources*."""
    return {
        "query": passages_query(query, sources), "size": len(sources), "track_scores": True,
        "sort": ["_score", {"number": "asc"}], "_source": SOURCE_FIELDS, "highlight": HIGHLIGHT,
        "collapse": collapse(), "timeout": timeout,
    }


def document_hits(ranked: dict[str, Any], passages: dict[str, Any]) -> tuple[Hit, ...]:
    """Return one hit per ranked document, in rank order, with the document's score and its best passage."""
    best = {found["_source"]["source"]: found for found in passages["hits"]["hits"]}
    hits = []
    for entry in ranked["hits"]["hits"]:
        found = best.get(entry["_source"]["source"])
        # Gone between the two requests (an update removed it): left out.
        if found is not None:
            hits.append(to_hit(found, True, round(float(entry.get("_score") or 0.0), 4)))
    return tuple(hits)


def to_hit(found: dict[str, Any], group: bool, score: float | None = None) -> Hit:
    """Return the hit of the paragraph *found* (a search answer's hit).

    :param group: list its document's other matching paragraphs (from ``inner_hits``).
    :param score: the hit's score, instead of the paragraph's own.
    """
    fields = found["_source"]
    number = int(fields["number"])
    others: tuple[int, ...] = ()
    if group:
        inner = found.get("inner_hits", {}).get("others", {}).get("hits", {}).get("hits", [])
        # Paragraphs kept only for their document score 0: not matches.
        matching = {int(h["_source"]["number"]) for h in inner if h.get("_score") is None or h["_score"] > 0}
        others = tuple(sorted(matching - {number}))
    fragments = found.get("highlight", {}).get("text") or []
    return Hit(
        source=fields["source"], title=fields["title"], paragraph=number,
        score=display_score(found.get("_score")) if score is None else score, text=fields["text"],
        snippet=FRAGMENT_SEPARATOR.join(fragments), other_paragraphs=others,
        page=fields.get("page"), section=fields.get("section"), kind=fields.get("kind", "txt"),
        size=fields.get("size"), mtime=fields.get("mtime"),
    )
