"""A query's matching paragraphs, and one page of them grouped per document.

Plain-word queries are scored over every matching paragraph with arrays
(:mod:`indexer.fastpath`); phrases, exclusions and operators go through
Whoosh's matchers, which give the best :data:`GROUP_DEPTH`.  Grouped pages
rank documents as wholes (:mod:`indexer.document_ranking`) and show each by
its best paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from .statistics import score_documents
from .postings import Postings, plain_query, score_plain_query
from .generation import OpenGeneration
from .query import weighted_terms
from .coordination import BM25_B, BM25_K1

__all__ = ["GROUP_DEPTH", "Matches", "find_matches", "group_page"]

# Queries that Whoosh's matchers answer (phrases, exclusions, operators) are
# grouped from this many best paragraphs.
GROUP_DEPTH = 1000


@dataclass(frozen=True)
class Matches:
    """Paragraphs a query matches (docnums, unsorted) with their scores, and how many match in all."""

    docnums: np.ndarray
    scores: np.ndarray
    total: int


def find_matches(
    generation: OpenGeneration, searcher: Searcher, parsed: Any, count: int, postings: Postings | None = None
) -> Matches:
    """Return the paragraphs *parsed* matches: all of them for plain words, else the *count* best.

    When Whoosh finds more than *count*, every matching paragraph is listed
    (the others with a score of 0), so that documents can be counted.
    """
    plain = plain_query(parsed)
    if plain is not None:
        arrays = generation.arrays(searcher)
        docnums, scores = score_plain_query(plain, searcher, arrays, BM25_B, BM25_K1, postings)
        return Matches(docnums, scores, len(docnums))
    results = searcher.search(parsed, limit=count)
    docnums = np.fromiter((hit.docnum for hit in results), dtype=np.int64)
    scores = np.fromiter((float(hit.score or 0.0) for hit in results), dtype=np.float64)
    if len(results) > count:
        known = dict(zip(docnums.tolist(), scores.tolist()))
        docnums = np.array(sorted(results.docs()), dtype=np.int64)
        scores = np.array([known.get(int(d), 0.0) for d in docnums], dtype=np.float64)
    return Matches(docnums, scores, len(results))


def group_page(
    generation: OpenGeneration, searcher: Searcher, parsed: Any, limit: int, page: int
) -> tuple[int, list[tuple[int, float, tuple[int, ...]]]]:
    """Return the number of matching documents and the page's ``(docnum, score, other numbers)``.

    *docnum* is the document's best paragraph, *score* the document's, and
    the other numbers are those of its other matching paragraphs.
    """
    postings = Postings(searcher)
    matches = find_matches(generation, searcher, parsed, GROUP_DEPTH, postings)
    documents = generation.documents(searcher)
    document_scores = score_documents(weighted_terms(parsed), postings, generation.arrays(searcher), documents)
    codes = documents.codes[matches.docnums]
    candidates = np.unique(codes)
    best = np.full(documents.count, -np.inf)
    np.maximum.at(best, codes, matches.scores)
    # Best document first; ties by best paragraph, then by name for a stable order.
    order = np.lexsort((documents.name_ranks[candidates], -best[candidates], -document_scores[candidates]))
    numbers = searcher.reader().column_reader("number")
    page_hits = []
    for code in candidates[order[(page - 1) * limit : page * limit]]:
        own = np.flatnonzero(codes == code)
        own = own[np.lexsort((matches.docnums[own], -matches.scores[own]))]
        members = matches.docnums[own]
        others = tuple(sorted(int(numbers[int(d)]) for d in members[1:]))
        page_hits.append((int(members[0]), float(document_scores[code]), others))
    return len(candidates), page_hits
