"""A page of results under filters and a sort, with the facets of the query's matches: one pass over the matches.

The query's matches are found once (:func:`~indexer.search.matches.find_matches`);
the facets count their documents, the filters keep the allowed ones, and
those are ranked by relevance or date.  Plain-word queries score every
match with arrays, so filtering is a mask over them; for phrases and
operators Whoosh ranks only its best paragraphs, so under filters it is
asked again for the best among the allowed ones.
"""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from .filters import Facets, SearchFilters, SORTS, allowed_documents, count_facets, document_facts
from .generation import OpenGeneration
from .matches import (
    GROUP_DEPTH, RankedHit, find_matches, group_page, paragraph_page, rank_documents, rank_paragraphs,
)
from .postings import Postings
from .query import AnalysedQuery

__all__ = ["narrowed_page", "ranked_page"]


def ranked_page(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, limit: int, page: int, group: bool,
    filters: SearchFilters | None, sort: str,
) -> tuple[int, list[RankedHit], Facets | None]:
    """Return the total, the page's hits and, with *filters* (even empty) or a sort by date, the facets."""
    if filters is None and sort == "relevance":
        total, ranked = (group_page if group else paragraph_page)(generation, searcher, query, limit, page)
        return total, ranked, None
    return narrowed_page(generation, searcher, query, limit, page, group, filters or SearchFilters(), sort)


def narrowed_page(
    generation: OpenGeneration, searcher: Searcher, query: AnalysedQuery, limit: int, page: int, group: bool,
    filters: SearchFilters, sort: str,
) -> tuple[int, list[RankedHit], Facets]:
    """Return the number of matches (documents when *group*) the filters keep, the page's hits, and the facets.

    :raises ValueError: when *sort* is not one of :data:`~indexer.search.filters.SORTS`.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    postings = Postings(searcher)
    depth = GROUP_DEPTH if group else page * limit
    matches = find_matches(generation, searcher, query, depth, postings)
    documents = generation.documents(searcher)
    facts = document_facts(generation, documents)
    facets = count_facets(facts, np.unique(documents.codes[matches.docnums]), filters)
    if filters:
        keep = allowed_documents(facts, filters)[documents.codes]
        matches = find_matches(generation, searcher, query, depth, postings, keep=keep)
    dates = facts.mtimes if sort == "date" else None
    if group:
        total, ranked = rank_documents(generation, searcher, query, matches, postings, limit, page, dates)
        return total, ranked, facets
    paragraph_dates = dates[documents.codes[matches.docnums]] if dates is not None else None
    return matches.total, rank_paragraphs(matches, limit, page, paragraph_dates), facets
