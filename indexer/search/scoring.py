"""Every scoring formula of the search, once: BM25, coordination, the all-words bonus, document scores.

Pure functions over NumPy arrays (or plain numbers where noted): they read
no index, so they are tested on hand-made arrays.  What they are given is
read elsewhere: postings and field lengths by :mod:`indexer.postings`, and
the knobs come from :class:`~indexer.settings.RankingSettings`.

Paragraphs are scored by BM25F per term (the formula and statistics of
Whoosh's :class:`whoosh.scoring.BM25F`, so the array path and Whoosh's
matchers agree), summed, then

* times ``(matched words / query words) ** coordination_exponent``, and
* plus ``all_words_bonus`` when every word matched, so that those
  paragraphs always come first (what a person typing several words expects).

Documents (grouped results) are scored by BM25 over each document taken as
one text, times the same coordination, plus a bonus for each pair of query
words found together in one of its paragraphs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from ..settings import RankingSettings

__all__ = [
    "MAX_PAIRED_WORDS",
    "TermPostings",
    "all_words_bonus",
    "bm25",
    "bm25_idf",
    "coordination",
    "document_frequencies",
    "document_scores",
    "pair_bonus",
    "paragraph_scores",
    "top",
]

# Pairs are formed among the first words of a long query only (bounded work).
MAX_PAIRED_WORDS = 8

_Score = TypeVar("_Score", float, np.ndarray)


def bm25(
    frequencies: np.ndarray, lengths: np.ndarray, average_length: float, idf: float, boost: float,
    k1: float, b: float,
) -> np.ndarray:
    """Return one term's BM25 contribution for each of its postings.

    :param frequencies: the term's weighted frequency in each matching text.
    :param lengths: each matching text's length in the field.
    :param average_length: the field's average length (0 is taken as 1).
    """
    norm = k1 * ((1 - b) + b * lengths / (average_length or 1))
    result: np.ndarray = boost * idf * (frequencies * (k1 + 1)) / (frequencies + norm)
    return result


def bm25_idf(holding: int, count: int) -> float:
    """Return BM25's inverse document frequency of a term held by *holding* of *count* texts."""
    return math.log(1 + (count - holding + 0.5) / (holding + 0.5))


def coordination(score: _Score, matched: Any, groups: int, exponent: float) -> _Score:
    """Return *score* scaled by the share of the query's word groups matched (numbers or arrays)."""
    scaled: _Score = score * (matched / groups) ** exponent
    return scaled


def all_words_bonus(matched: Any, groups: int, bonus: float) -> Any:
    """Return *bonus* where every word group matched, else 0 (numbers or arrays)."""
    return (matched == groups) * bonus


@dataclass(frozen=True)
class TermPostings:
    """One query term over the whole index: where it occurs and how it weighs.

    ``docnums`` and ``frequencies`` are its postings (paragraphs), ``group``
    the query word it stands for, ``idf`` its paragraph IDF.
    """

    field: str
    text: str
    boost: float
    group: int
    docnums: np.ndarray
    frequencies: np.ndarray
    idf: float = 0.0


def paragraph_scores(
    terms: Sequence[TermPostings], lengths: dict[str, np.ndarray], average_lengths: dict[str, float],
    alive: np.ndarray, groups: int, ranking: RankingSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the matching live paragraphs (docnums, ascending) and their final scores.

    :param lengths: each paragraph's length per field.
    :param alive: which paragraphs are not deleted.
    :param groups: how many word groups the query has.
    """
    size = len(alive)
    scores = np.zeros(size, dtype=np.float64)
    matched = np.zeros((groups, size), dtype=bool)
    for term in terms:
        if not len(term.docnums):
            continue
        scores[term.docnums] += bm25(
            term.frequencies, lengths[term.field][term.docnums], average_lengths[term.field], term.idf,
            term.boost, ranking.bm25_k1, ranking.bm25_b,
        )
        matched[term.group, term.docnums] = True
    counts = matched.sum(axis=0)
    docnums = np.flatnonzero((counts > 0) & alive)
    final = scores[docnums]
    if groups > 1:
        held = counts[docnums]
        final = coordination(final, held, groups, ranking.coordination_exponent)
        final = final + all_words_bonus(held, groups, ranking.all_words_bonus)
    return docnums, final


def document_frequencies(
    docnums: np.ndarray, frequencies: np.ndarray, alive: np.ndarray, codes: np.ndarray, count: int, repeated: bool
) -> np.ndarray:
    """Return a term's frequency in each of *count* documents, from its paragraph postings.

    :param codes: the document of each paragraph.
    :param repeated: the field is repeated on every paragraph (a title): its
        largest frequency counts, not the sum.
    """
    result = np.zeros(count, dtype=np.float64)
    live = alive[docnums]
    owners, weights = codes[docnums[live]], frequencies[live]
    if repeated:
        np.maximum.at(result, owners, weights)
    else:
        result += np.bincount(owners, weights=weights, minlength=count)
    return result


def document_scores(
    terms: Sequence[tuple[TermPostings, np.ndarray]], lengths: dict[str, np.ndarray],
    average_lengths: dict[str, float], live_count: int, groups: int, pairs: np.ndarray, ranking: RankingSettings,
) -> np.ndarray:
    """Return every document's score (0 for documents holding no term).

    :param terms: each term with its per-document frequencies (:func:`document_frequencies`).
    :param lengths: each document's length per field.
    :param live_count: how many documents are live (for the IDF).
    :param pairs: each document's pair evidence (:func:`pair_bonus`).
    """
    count = len(pairs)
    scores = np.zeros(count, dtype=np.float64)
    matched = np.zeros((groups, count), dtype=bool)
    for term, frequencies in terms:
        holding = frequencies > 0
        frequency = int(holding.sum())
        if not frequency:
            continue
        scores[holding] += bm25(
            frequencies[holding], lengths[term.field][holding], average_lengths[term.field],
            bm25_idf(frequency, live_count), term.boost, ranking.document_k1, ranking.document_b,
        )
        matched[min(term.group, groups - 1), holding] = True
    if groups > 1:
        scores = coordination(scores, matched.sum(axis=0), groups, ranking.coordination_exponent)
        scores += ranking.cooccurrence_weight * pairs * (scores > 0)
    return scores


def pair_bonus(
    paragraphs_of_group: dict[int, np.ndarray], alive: np.ndarray, codes: np.ndarray, count: int, live_count: int
) -> np.ndarray:
    """Return, per document, the summed IDF of the query word pairs it holds in one same paragraph.

    :param paragraphs_of_group: for each query word, a mask of the paragraphs holding it.
    """
    bonus = np.zeros(count, dtype=np.float64)
    groups = sorted(paragraphs_of_group)
    for position, first in enumerate(groups):
        for second in groups[position + 1 :]:
            together = paragraphs_of_group[first] & paragraphs_of_group[second] & alive
            if not together.any():
                continue
            holding = np.zeros(count, dtype=bool)
            holding[codes[together]] = True
            bonus[holding] += bm25_idf(int(holding.sum()), live_count)
    return bonus


def top(docnums: np.ndarray, scores: np.ndarray, count: int) -> list[tuple[int, float]]:
    """Return the *count* best ``(docnum, score)``, best first, ties by docnum (as Whoosh)."""
    if count < len(docnums):
        keep = np.argpartition(-scores, count - 1)[:count]
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))
    return [(int(docnums[i]), float(scores[i])) for i in order]
