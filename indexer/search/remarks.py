"""The remarks a page of results carries about its query: a correction that helps, unknown and excluded words.

The rules are in :mod:`indexer.search.suggestions`; this module runs the
corrected query to count what it finds, with the searcher of the same
generation as the hits.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.searching import Searcher

from .generation import OpenGeneration
from .narrowed import ranked_page
from .suggestions import excluded_words, stop_words_only, suggestion, unknown_words, worth_suggesting

__all__ = ["Remarks", "query_remarks", "stop_words_only"]


@dataclass(frozen=True)
class Remarks:
    """A correction worth offering (or None), the words unknown to the corpus, the words excluded."""

    suggestion: str | None = None
    unknown_words: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


def query_remarks(generation: OpenGeneration, searcher: Searcher, text: str, group: bool, late: bool) -> Remarks:
    """Return the remarks on *text*, searched with *group* (matches counted as documents).

    The correction is compared with what the typed words find by themselves
    (without typo tolerance, which already searches for what the correction
    would): a query of unknown words finds nothing alone, and a correction
    of it that finds clearly more is worth offering.

    :param late: past the deadline: no correction is looked for, no word looked up.
    """
    excluded = excluded_words(text)
    if late:
        return Remarks(excluded=excluded)
    rules = generation.settings.expansion
    suggested = suggestion(generation.vocabulary, text, rules)
    if suggested is not None:
        typed_total = _count(generation, searcher, text, group, typos=False)
        if not worth_suggesting(typed_total, _count(generation, searcher, suggested, group)):
            suggested = None
    return Remarks(suggested, unknown_words(generation.vocabulary, text, rules), excluded)


def _count(generation: OpenGeneration, searcher: Searcher, text: str, group: bool, typos: bool = True) -> int:
    """Return how many matches (documents when *group*) *text* finds, with or without typo tolerance."""
    corrected = generation.queries.analyse(text, typos=typos)
    if corrected.query is None:
        return 0
    total: int = ranked_page(generation, searcher, corrected, 1, 1, group, None, "relevance")[0]
    return total
