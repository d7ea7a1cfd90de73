"""Ways of ranking documents as wholes in OpenSearch, with an index of one entry per document.

The Whoosh engine scores each grouped result as a whole document (BM25F
over all its paragraphs); the OpenSearch engine ranks the document index of
:mod:`indexer.opensearch.whole_documents` with the all-words tiers at +3 a
word.  This compares the tier weights on an index of its own: each
document's paragraphs joined into one ``text``, its title and its section
headings, in an index made with the same French analyzer, queried with the very query DSL the engine sends
(same parse, accents restored from the same vocabulary).
``bench/opensearch.py --parts documents`` runs it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from opensearchpy import helpers

from indexer.corpus import Document, list_corpus_files, read_corpus
from indexer.opensearch import open_opensearch_index
from indexer.opensearch.mapping import index_body
from indexer.opensearch.querydsl import to_dsl

__all__ = ["build_document_index", "ranked_documents", "soften_tiers"]

# Documents ranked per query: as deep as bench.relevance.ranked_files goes.
DEPTH = 100


def _entry(name: str, document: Document) -> dict[str, Any]:
    sections = dict.fromkeys(p.section for p in document.paragraphs if getattr(p, "section", None))
    return {"_index": name, "_id": document.doc_id, "_source": {
        "source": document.doc_id, "number": 1, "title": document.title,
        "text": "\n\n".join(p.text for p in document.paragraphs), "section": "\n".join(s for s in sections if s),
    }}


def build_document_index(corpus: Path, location: str, name: str) -> float:
    """Index one entry per document of *corpus* into *name*, beside the paragraphs of *location*; return seconds."""
    started = time.perf_counter()
    served = open_opensearch_index(location)
    client = served.client
    client.indices.delete(index=name, ignore_unavailable=True)
    body = index_body()
    # One document may be long: its joined text must keep every position.
    body["settings"]["index"]["highlight.max_analyzed_offset"] = 10_000_000
    client.indices.create(index=name, body=body)
    documents = (item for item in read_corpus(corpus, list_corpus_files(corpus)) if isinstance(item, Document))
    for _ in helpers.streaming_bulk(client, (_entry(name, d) for d in documents), chunk_size=100,
                                    request_timeout=120):
        pass
    client.indices.refresh(index=name)
    served.close()
    return time.perf_counter() - started


def ranked_documents(served: Any, name: str, text: str, tiers: float = 1.0) -> list[str]:
    """Return the documents of *name* best matching *text*, sent as the engine would send it.

    :param tiers: factor of the all-words tiers' bonus (:func:`soften_tiers`).
    """
    generation = served._current()
    outcome = generation.queries.analyse(text, time.monotonic() + 10)
    if outcome.query is None:
        return []
    query = soften_tiers(to_dsl(outcome.query, generation.phrase_text(text), generation.boosts), tiers)
    answer = served.client.search(index=name, body={"query": query, "size": DEPTH, "_source": ["source"]})
    return [hit["_source"]["source"] for hit in answer["hits"]["hits"]]


def soften_tiers(query: Any, factor: float) -> Any:
    """Return *query* with the boosts of its all-words tiers multiplied by *factor* (0 drops them)."""
    if isinstance(query, list):
        return [soften_tiers(item, factor) for item in query]
    if not isinstance(query, dict):
        return query
    if "constant_score" in query and "boost" in query["constant_score"]:
        if factor == 0:
            return {"match_none": {}}
        return {"constant_score": {**query["constant_score"], "boost": query["constant_score"]["boost"] * factor}}
    return {key: soften_tiers(value, factor) for key, value in query.items()}
