"""The document index of a generation: one entry per document, for ranking grouped results as wholes.

Each generation ``<alias>-<n>`` has a twin ``<alias>-<n>-documents`` whose
entries join all of a document's paragraphs into one ``text``, with its
title and its section headings, analysed by the same French chain.  The
Whoosh engine scores a grouped result as a whole document (BM25F over all
its paragraphs); ranking these entries comes close to it, where ranking by
a document's best paragraph does not (``bench/opensearch_documents.py``).
Grouped searches rank the entries, then take each document's best passage
and its other matching paragraphs from the paragraph index.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..corpus import Document
from .mapping import index_body
from .querydsl import TIER_BONUS

__all__ = [
    "DOCUMENT_TIER_BONUS", "document_entry_id", "document_action", "deletion_action", "document_index_body",
    "soften_tiers", "passages_query",
]

# What each all-words tier adds to a document's score.  Whole documents hold
# most words of a query somewhere, so the paragraphs' large bonus would sort
# them by words held alone; +3 a tier keeps BM25 in charge and still puts
# documents with every word first in most cases (measured: 0.687 / 0.787
# MRR@10 on dev / help, against 0.667 / 0.775 with the full bonus).
DOCUMENT_TIER_BONUS = 3.0
# A whole document's text can be long: the highlighter must be allowed to read it all.
MAX_ANALYZED_OFFSET = 10_000_000


def document_entry_id(source: str) -> str:
    """Return the ``_id`` of the entry of *source* in a document index.

    >>> document_entry_id("notes/a.txt")
    'aad444b9fe124df992e4'
    """
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:20]


def document_action(index_name: str, document: Document, about: dict[str, Any]) -> dict[str, Any]:
    """Return the bulk action indexing *document* as one entry into *index_name*.

    :param about: what the entry repeats of the file (kind, size, mtime), as its paragraphs do.
    """
    sections = dict.fromkeys(p.section for p in document.paragraphs if getattr(p, "section", None))
    body: dict[str, Any] = {
        "source": document.doc_id, "number": 0, "title": document.title,
        "text": "\n\n".join(paragraph.text for paragraph in document.paragraphs),
        **about,
    }
    if sections:
        body["section"] = "\n".join(str(section) for section in sections)
    return {"_index": index_name, "_id": document_entry_id(document.doc_id), "_source": body}


def deletion_action(index_name: str, source: str) -> dict[str, Any]:
    """Return the bulk action deleting the entry of *source* from the document index *index_name*."""
    return {"_op_type": "delete", "_index": index_name, "_id": document_entry_id(source)}


def document_index_body(shards: int = 1, replicas: int | None = None, bulk_loading: bool = False) -> dict[str, Any]:
    """Return the body creating a document index: the paragraph index's, its highlighting bound lifted."""
    body = index_body(shards, replicas, bulk_loading)
    body["settings"]["index"]["highlight.max_analyzed_offset"] = MAX_ANALYZED_OFFSET
    return body


def soften_tiers(query: Any, bonus: float = DOCUMENT_TIER_BONUS) -> Any:
    """Return *query* with each all-words tier adding *bonus* per word instead of the paragraphs' bonus.

    :param bonus: 0 drops the tiers.
    """
    if isinstance(query, list):
        return [soften_tiers(item, bonus) for item in query]
    if not isinstance(query, dict):
        return query
    scored = query.get("constant_score")
    if isinstance(scored, dict) and "boost" in scored:
        if bonus == 0:
            return {"match_none": {}}
        return {"constant_score": {**scored, "boost": scored["boost"] * bonus / TIER_BONUS}}
    return {key: soften_tiers(value, bonus) for key, value in query.items()}


def passages_query(query: dict[str, Any], sources: list[str]) -> dict[str, Any]:
    """Return the paragraph query giving each of *sources* its best paragraph, matching or not.

    Every paragraph of those documents is kept (a document may match as a
    whole with its words in different paragraphs); those matching *query*
    score above 0 and come first.
    """
    return {"bool": {"filter": [{"terms": {"source": sources}}], "should": [query]}}

