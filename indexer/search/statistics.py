"""Per-document statistics of one opened index, for ranking whole documents (grouped results).

A paragraph index answers "which passage?"; grouped results answer "which
document?", and a document is about what its paragraphs say together.  So
documents are ranked by BM25 over each document taken as one text
(:func:`~indexer.search.scoring.document_scores`): a term's frequency is
summed over the document's paragraphs, its length is the sum of their
lengths, and document frequencies count documents, not paragraphs.  The
title (and a section path) is repeated on every paragraph: its frequency and
length are taken once (the largest), not summed.  Everything is read from
the paragraph index's own columns and postings; nothing extra is stored at
build time.

Measured on the dev set (``make bench-relevance``, figures in the README):
0.654 MRR@10 ranking files by their best paragraph, 0.700 ranked as wholes,
0.704 with the pair bonus.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .postings import IndexArrays, column_array

__all__ = ["REPEATED_FIELDS", "DocumentArrays"]

# Fields whose frequency is counted once per document rather than summed:
# the title is on every paragraph, a section path on every paragraph of its
# section, yet each is written once.
REPEATED_FIELDS = frozenset({"title", "section"})


class DocumentArrays:
    """Per-document arrays of one opened index: each paragraph's document, lengths, names."""

    def __init__(self, reader: Any, arrays: IndexArrays) -> None:
        codes: dict[str, int] = {}
        # Iterating a column reads it in one pass, faster than by document number.
        #: The document of each paragraph, as a small integer.
        self.codes = np.fromiter(
            (codes.setdefault(source, len(codes)) for source in reader.column_reader("source")),
            dtype=np.int64, count=arrays.size,
        )
        #: Each paragraph's number in its document.
        self.numbers = column_array(reader.column_reader("number"), arrays.size).astype(np.int64)
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
            if fieldname in REPEATED_FIELDS:
                np.maximum.at(per_document, self.codes, lengths * alive)
            else:
                per_document += np.bincount(self.codes, weights=lengths * alive, minlength=self.count)
            self.lengths[fieldname] = per_document
        self.average_lengths = {
            name: float(values[self.alive].mean()) if self.live_count else 1.0
            for name, values in self.lengths.items()
        }
