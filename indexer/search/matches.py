"""A query's matching paragraphs, and one page of them: ranked paragraphs, or documents ranked as wholes.

Plain-word queries are scored over every matching paragraph with arrays
(postings read by :mod:`indexer.search.postings`, formulas in
:mod:`indexer.search.scoring`); phrases, compounds, exclusions and operators
too, node by node (:mod:`indexer.search.trees`), with the results Whoosh's
matchers gave them: the best :data:`GROUP_DEPTH` scored, the other matches
listed with a score of 0.  A shape the arrays do not know goes through
Whoosh's matchers (:func:`matcher_matches`).  Grouped pages
rank documents as wholes (:func:`~indexer.search.scoring.document_scores`)
and show each by its best paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from .generation import OpenGeneration
from .postings import Postings
from .query import AnalysedQuery
from .scoring import (
    MAX_PAIRED_WORDS, document_frequencies, document_scores, pair_bonus, paragraph_scores, top,
)
from .statistics import REPEATED_FIELDS
from .trees import tree_matches

__all__ = [
    "GROUP_DEPTH", "Matches", "RankedHit", "find_matches", "group_page", "matcher_matches", "paragraph_page",
    "rank_documents", "rank_paragraphs",
]

# Queries that Whoosh's matchers answer (phrases, exclusions, operators) are
# grouped from this many best paragraphs.
GROUP_DEPTH = 1000
# A word met only inside cross-references weighs less than one occurrence:
# such paragraphs are no evidence that two words are used together.
_FULL_OCCURRENCE = 1.0

#: A hit of a page: the paragraph's docnum, its score, the numbers of its document's other matches.
RankedHit = tuple[int, float, tuple[int, ...]]


@dataclass(frozen=True)
class Matches:
    """Paragraphs a query matches (docnums, unsorted) with their scores, and how many match in all."""

    docnums: np.ndarray
    scores: np.ndarray
    total: int


def find_matches(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, count: int, postings: Postings | None = None,
    keep: np.ndarray | None = None,
) -> Matches:
    """Return the paragraphs *query* matches: all of them for plain words, else the *count* best.

    When Whoosh finds more than *count*, every matching paragraph is listed
    (the others with a score of 0), so that documents can be counted.

    :param keep: a boolean per paragraph docnum: only those paragraphs can match (filters).
    """
    if not query.plain:
        found = tree_matches(generation, searcher, query.query, postings or Postings(searcher))
        if found is None:
            return matcher_matches(searcher, query, count, keep)
        docnums, scores = found
        if keep is not None:
            kept = keep[docnums]
            docnums, scores = docnums[kept], scores[kept]
        return _best_scored(docnums, scores, count)
    if keep is not None:
        found_plain = find_matches(generation, searcher, query, count, postings)
        kept = keep[found_plain.docnums]
        return Matches(found_plain.docnums[kept], found_plain.scores[kept], int(np.count_nonzero(kept)))
    if query.plain:
        postings = postings or Postings(searcher)
        arrays = generation.arrays(searcher)
        terms = [postings.term(searcher, term) for term in query.leaves]
        averages = {term.field: float(searcher.avg_field_length(term.field) or 1) for term in query.leaves}
        docnums, scores = paragraph_scores(
            terms, arrays.lengths, averages, arrays.alive, query.groups, generation.settings.ranking
        )
        return Matches(docnums, scores, len(docnums))
    return matcher_matches(searcher, query, count, keep)


def _best_scored(docnums: np.ndarray, scores: np.ndarray, count: int) -> Matches:
    """Return every match, the *count* best with their scores and the others with 0 (as Whoosh's matchers)."""
    if len(docnums) > count:
        best = np.zeros(len(docnums), dtype=bool)
        best[np.lexsort((docnums, -scores))[:count]] = True
        scores = np.where(best, scores, 0.0)
    return Matches(docnums, scores, len(docnums))


def matcher_matches(searcher: Searcher, query: AnalysedQuery, count: int, keep: np.ndarray | None = None) -> Matches:
    """Return the matches of *query* as Whoosh's matchers rank them: the *count* best scored, every match listed.

    :param keep: a boolean per paragraph docnum: only those paragraphs can match (filters).
    """
    if keep is None:
        return _whoosh_matches(searcher.search(query.query, limit=count), count)
    allowed = set(np.flatnonzero(keep).tolist())
    if not allowed:
        # Whoosh reads an empty filter as no filter at all.
        return Matches(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64), 0)
    return _whoosh_matches(searcher.search(query.query, limit=count, filter=allowed), count)


def _whoosh_matches(results: Any, count: int) -> Matches:
    """Return the matches of Whoosh *results* of at most *count* ranked hits (every match listed)."""
    docnums = np.fromiter((hit.docnum for hit in results), dtype=np.int64)
    scores = np.fromiter((float(hit.score or 0.0) for hit in results), dtype=np.float64)
    if len(results) > count:
        known = dict(zip(docnums.tolist(), scores.tolist()))
        docnums = np.array(sorted(results.docs()), dtype=np.int64)
        scores = np.array([known.get(int(d), 0.0) for d in docnums], dtype=np.float64)
    return Matches(docnums, scores, len(results))


def paragraph_page(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, limit: int, page: int
) -> tuple[int, list[RankedHit]]:
    """Return the number of matching paragraphs and the page's hits, best first."""
    matches = find_matches(generation, searcher, query, page * limit)
    return matches.total, rank_paragraphs(matches, limit, page)


def rank_paragraphs(matches: Matches, limit: int, page: int, dates: np.ndarray | None = None) -> list[RankedHit]:
    """Return the *page*-th *limit* of *matches*, best first, or newest first with *dates* (per match)."""
    if dates is None:
        best = top(matches.docnums, matches.scores, page * limit)
        return [(docnum, score, ()) for docnum, score in best[(page - 1) * limit :]]
    order = np.lexsort((matches.docnums, -matches.scores, -dates))[(page - 1) * limit : page * limit]
    return [(int(matches.docnums[i]), float(matches.scores[i]), ()) for i in order]


def _document_scores(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, postings: Postings
) -> np.ndarray:
    """Return every document's score for *query*, indexed by document code."""
    arrays, documents = generation.arrays(searcher), generation.documents(searcher)
    scored = []
    together: dict[int, np.ndarray] = {}
    for term in query.terms:
        if term.field not in documents.lengths:
            continue
        found = postings.term(searcher, term)
        frequencies = document_frequencies(
            found.docnums, found.frequencies, arrays.alive, documents.codes, documents.count,
            term.field in REPEATED_FIELDS,
        )
        scored.append((found, frequencies))
        if term.field == "text" and term.group < MAX_PAIRED_WORDS:
            held = together.setdefault(term.group, np.zeros(arrays.size, dtype=bool))
            held[found.docnums[found.frequencies >= _FULL_OCCURRENCE]] = True
    pairs = (
        pair_bonus(together, arrays.alive, documents.codes, documents.count, documents.live_count)
        if query.groups > 1 else np.zeros(documents.count, dtype=np.float64)
    )
    return document_scores(
        scored, documents.lengths, documents.average_lengths, documents.live_count, query.groups, pairs,
        generation.settings.ranking,
    )


def group_page(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, limit: int, page: int
) -> tuple[int, list[RankedHit]]:
    """Return the number of matching documents and the page's ``(docnum, score, other numbers)``.

    *docnum* is the document's best paragraph, *score* the document's, and
    the other numbers are those of its other matching paragraphs.
    """
    postings = Postings(searcher)
    matches = find_matches(generation, searcher, query, GROUP_DEPTH, postings)
    return rank_documents(generation, searcher, query, matches, postings, limit, page)


def rank_documents(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, matches: Matches, postings: Postings,
    limit: int, page: int, dates: np.ndarray | None = None,
) -> tuple[int, list[RankedHit]]:
    """Return the number of documents among *matches* and the page's hits (see :func:`group_page`).

    :param dates: each document's modification time, by document code: newest first, then by score.
    """
    documents = generation.documents(searcher)
    matches = _without_excluded_documents(generation, searcher, query, matches, postings)
    scores = _document_scores(generation, searcher, query, postings)
    codes = documents.codes[matches.docnums]
    candidates = np.unique(codes)
    best = np.full(documents.count, -np.inf)
    np.maximum.at(best, codes, matches.scores)
    # Best document first; ties by best paragraph, then by name for a stable order.
    keys = (documents.name_ranks[candidates], -best[candidates], -scores[candidates])
    order = np.lexsort(keys + ((-dates[candidates],) if dates is not None else ()))
    page_hits = []
    for code in candidates[order[(page - 1) * limit : page * limit]]:
        own = np.flatnonzero(codes == code)
        own = own[np.lexsort((matches.docnums[own], -matches.scores[own]))]
        members = matches.docnums[own]
        others = tuple(int(number) for number in np.sort(documents.numbers[members[1:]]))
        page_hits.append((int(members[0]), float(scores[code]), others))
    return len(candidates), page_hits


def _without_excluded_documents(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, matches: Matches, postings: Postings
) -> Matches:
    """Return *matches* without the paragraphs of documents holding an excluded word anywhere.

    Grouped results rank documents, so ``-apt`` leaves out every document
    with « apt » in one of its paragraphs, not only those paragraphs.
    """
    if not query.excluded:
        return matches
    arrays, documents = generation.arrays(searcher), generation.documents(searcher)
    banned = np.zeros(documents.count, dtype=bool)
    for term in query.excluded:
        found = postings.term(searcher, term).docnums
        banned[documents.codes[found[arrays.alive[found]]]] = True
    kept = ~banned[documents.codes[matches.docnums]]
    return Matches(matches.docnums[kept], matches.scores[kept], int(np.count_nonzero(kept)))
