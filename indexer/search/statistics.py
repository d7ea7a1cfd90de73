"""Rank whole documents, for results grouped per document.

A paragraph index answers "which passage?"; grouped results answer "which
document?", and a document is about what its paragraphs say together.  So
documents are ranked by BM25F over each document taken as one text: a term's
frequency is summed over the document's paragraphs, its length is the sum of
their lengths, and document frequencies count documents, not paragraphs.  A
word that is the subject of a whole section (named in several of its
paragraphs) then weighs more than one passing mention, and a common word that
appears once in many long documents weighs less.

The title is repeated on every paragraph of its document: its frequency is
taken once (the largest), not summed.  The coordination factor of
:mod:`indexer.ranking` applies to the document: the share of the query's
words it holds anywhere.  Query words found together in one paragraph add a
pair bonus: words used together say more than the same words scattered over
a long document.  Everything is read from the paragraph index's own
postings, as NumPy arrays; nothing extra is stored at build time.

Measured on the dev set (``make bench-relevance``, figures in the README):
0.654 MRR@10 ranking files by their best paragraph, 0.700 ranked as wholes,
0.704 with the pair bonus.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .postings import IndexArrays, Postings
from .query import WeightedTerms
from .coordination import COORDINATION_EXPONENT

__all__ = [
    "COOCCURRENCE_WEIGHT",
    "DOCUMENT_B",
    "DOCUMENT_K1",
    "MAX_PAIRED_WORDS",
    "DocumentArrays",
    "score_documents",
]

# The textbook BM25 values: on the dev set K1 0.9-2 and B 0.4-0.9 all gave
# 0.703-0.706 MRR@10 (0.704 with these), nothing worth moving for.
DOCUMENT_K1 = 1.2
DOCUMENT_B = 0.75
# Weight of the evidence that two query words are used together: for each
# pair of words found in one same paragraph of the document, this share of
# the pair's IDF (how rare such a paragraph is) is added.  Dev set: 0 -> 0.700,
# 0.25 -> 0.707, 0.5 -> 0.704, 1 -> 0.707 MRR@10.
COOCCURRENCE_WEIGHT = 0.5
# Pairs are formed among the first words of a long query only (bounded work).
MAX_PAIRED_WORDS = 8
# Fields whose frequency is counted once per document rather than summed:
# the title is on every paragraph, a section path on every paragraph of its
# section, yet each is written once.
_REPEATED_FIELDS = frozenset({"title", "section"})


class DocumentArrays:
    """Per-document arrays of one opened index: each paragraph's document, lengths, names."""

    def __init__(self, reader: Any, arrays: IndexArrays) -> None:
        column = reader.column_reader("source")
        codes: dict[str, int] = {}
        #: The document of each paragraph, as a small integer.
        self.codes = np.fromiter(
            (codes.setdefault(column[d], len(codes)) for d in range(arrays.size)),
            dtype=np.int64, count=arrays.size,
        )
        #: Document ids by code.
        self.names = list(codes)
        self.count = len(self.names)
        #: Each document's place in the alphabetical order of ids (ties are broken by it).
        self.name_ranks = np.empty(self.count, dtype=np.int64)
        self.name_ranks[sorted(range(self.count), key=self.names.__getitem__)] = np.arange(self.count)
        alive = arrays.alive.astype(np.float64)
        self.alive = np.bincount(self.codes, weights=alive, minlength=self.count) > 0
        self.live_count = int(self.alive.sum())
        self.lengths: dict[str, np.ndarray] = {}
        for fieldname, lengths in arrays.lengths.items():
            per_document = np.zeros(self.count, dtype=np.float64)
            if fieldname in _REPEATED_FIELDS:
                np.maximum.at(per_document, self.codes, lengths * alive)
            else:
                per_document += np.bincount(self.codes, weights=lengths * alive, minlength=self.count)
            self.lengths[fieldname] = per_document
        self.average_lengths = {
            name: float(values[self.alive].mean()) if self.live_count else 1.0
            for name, values in self.lengths.items()
        }


def score_documents(
    query: WeightedTerms, postings: Postings, arrays: IndexArrays, documents: DocumentArrays,
    k1: float = DOCUMENT_K1, b: float = DOCUMENT_B,
) -> np.ndarray:
    """Return every document's score for *query* (0 for documents holding none of its terms).

    The array is indexed by document code (:attr:`DocumentArrays.codes`).
    """
    scores = np.zeros(documents.count, dtype=np.float64)
    matched = np.zeros((query.groups, documents.count), dtype=bool)
    for fieldname, text, boost, group in query.terms:
        if fieldname not in documents.lengths:
            continue
        frequencies = np.zeros(documents.count, dtype=np.float64)
        docnums, weights = postings.get(fieldname, text)
        live = arrays.alive[docnums]
        codes, weights = documents.codes[docnums[live]], weights[live]
        if fieldname in _REPEATED_FIELDS:
            np.maximum.at(frequencies, codes, weights)
        else:
            frequencies += np.bincount(codes, weights=weights, minlength=documents.count)
        holding = frequencies > 0
        frequency = int(holding.sum())
        if not frequency:
            continue
        idf = _idf(frequency, documents.live_count)
        lengths = documents.lengths[fieldname][holding]
        norm = k1 * ((1 - b) + b * lengths / (documents.average_lengths[fieldname] or 1.0))
        held = frequencies[holding]
        scores[holding] += boost * idf * held * (k1 + 1) / (held + norm)
        matched[min(group, query.groups - 1), holding] = True
    if query.groups > 1:
        scores *= (matched.sum(axis=0) / query.groups) ** COORDINATION_EXPONENT
        scores += COOCCURRENCE_WEIGHT * _cooccurrence(query, postings, arrays, documents) * (scores > 0)
    return scores


def _idf(holding: int, count: int) -> float:
    return math.log(1 + (count - holding + 0.5) / (holding + 0.5))


def _cooccurrence(
    query: WeightedTerms, postings: Postings, arrays: IndexArrays, documents: DocumentArrays
) -> np.ndarray:
    """Return, per document, the summed IDF of the query word pairs it holds in one paragraph."""
    # For each query word, which paragraphs hold it (as a mask over the index).
    paragraphs_of_group: dict[int, np.ndarray] = {}
    for fieldname, text, _, group in query.terms:
        if fieldname != "text" or group >= MAX_PAIRED_WORDS:
            continue
        docnums, weights = postings.get(fieldname, text)
        if group not in paragraphs_of_group:
            paragraphs_of_group[group] = np.zeros(arrays.size, dtype=bool)
        # A word met only inside cross-references (lower weight) is not used here.
        paragraphs_of_group[group][docnums[weights >= 1.0]] = True
    bonus = np.zeros(documents.count, dtype=np.float64)
    groups = sorted(paragraphs_of_group)
    for position, first in enumerate(groups):
        for second in groups[position + 1 :]:
            together = paragraphs_of_group[first] & paragraphs_of_group[second] & arrays.alive
            if not together.any():
                continue
            holding = np.zeros(documents.count, dtype=bool)
            holding[documents.codes[together]] = True
            bonus[holding] += _idf(int(holding.sum()), documents.live_count)
    return bonus
