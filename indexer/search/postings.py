"""Vectorised scoring of plain-word queries, for large indexes.

Whoosh scores a disjunction one posting at a time in Python: a question of
six words over 170 000 paragraphs walks tens of thousands of postings through
several layers of matcher objects.  For the queries most people type — words
only, no phrase, exclusion or field operator — this module reads each term's
posting blocks straight from the index (Whoosh's own block decoding) into
NumPy arrays and computes the same ranking in a few array operations:
BM25F per term (the same formula and statistics as :class:`whoosh.scoring.BM25F`),
summed, times the coordination factor, plus the all-words bonus of
:mod:`indexer.ranking`.  It also counts every match for free, so totals stay
exact.  Any other query returns None and goes through Whoosh.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from .coordination import ALL_WORDS_BONUS, Coordinated

__all__ = ["PlainQuery", "plain_query", "IndexArrays", "Postings", "score_plain_query", "term_postings", "top"]

# Field lengths are stored as one byte each; this table decodes them.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


@dataclass(frozen=True)
class PlainQuery:
    """A query made of terms only: ``(field, text, boost, group)``, with its coordination."""

    terms: tuple[tuple[str, str, float, int], ...]
    groups: int
    exponent: float


def _term_leaves(node: wq.Query) -> Iterator[wq.Term] | None:
    if isinstance(node, wq.Term):
        return iter([node])
    if isinstance(node, wq.Or) and node.boost == 1:
        collected: list[wq.Term] = []
        for child in node.subqueries:
            leaves = _term_leaves(child)
            if leaves is None:
                return None
            collected.extend(leaves)
        return iter(collected)
    return None


def plain_query(node: wq.Query) -> PlainQuery | None:
    """Return *node* as a :class:`PlainQuery`, or None when it needs Whoosh's matchers."""
    if isinstance(node, Coordinated):
        inner, group_of_term, groups, exponent = node.child, node.group_of_term, node.groups, node.exponent
    else:
        inner, group_of_term, groups, exponent = node, {}, 1, 0.0
    leaves = _term_leaves(inner)
    if leaves is None:
        return None
    terms = []
    for term in leaves:
        text = term.text.decode("utf-8") if isinstance(term.text, bytes) else str(term.text)
        terms.append((term.fieldname, text, float(term.boost), group_of_term.get((term.fieldname, text), 0)))
    if not terms:
        return None
    return PlainQuery(tuple(terms), groups, exponent)


class IndexArrays:
    """Per-paragraph arrays of one opened index: field lengths and liveness."""

    def __init__(self, reader: Any, fieldnames: tuple[str, ...]) -> None:
        """Read the arrays through *reader* (any reader of the index; it is not kept)."""
        leaves = list(reader.leaf_readers())
        self.size = sum(leaf.doc_count_all() for leaf, _ in leaves)
        self.lengths = {name: self._lengths(leaves, name) for name in fieldnames}
        self.alive = np.ones(self.size, dtype=bool)
        for leaf, offset in leaves:
            if leaf.has_deletions():
                count = leaf.doc_count_all()
                dead = [d for d in range(count) if leaf.is_deleted(d)]
                self.alive[[offset + d for d in dead]] = False

    def _lengths(self, leaves: list[tuple[Any, int]], fieldname: str) -> np.ndarray:
        lengths = np.zeros(self.size, dtype=np.float32)
        for leaf, offset in leaves:
            column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is not None:
                count = leaf.doc_count_all()
                raw = np.fromiter((column[d] for d in range(count)), dtype=np.uint8, count=count)
                lengths[offset : offset + count] = _LENGTH_OF_BYTE[raw]
        return lengths


def term_postings(leaf: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the docnums and weights of a term in one segment, block by block."""
    if (fieldname, text) not in leaf:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    matcher = leaf.postings(fieldname, text)
    # A segment with deletions wraps its postings in a filter; deleted
    # paragraphs are left out by IndexArrays.alive instead.
    while not hasattr(matcher, "_read_data") and hasattr(matcher, "child"):
        matcher = matcher.child
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher.is_active():
        matcher._read_data()
        deltas, block_weights = matcher._data[0], matcher._data[1]
        # Block ids are delta-encoded from 0 (Whoosh's delta_decode).
        ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        count = len(ids[-1])
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float32))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        matcher._next_block()
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


class Postings:
    """Terms' postings over the whole index (every segment), each read once.

    One is made per search, so that ranking paragraphs and ranking documents
    read the same postings only once.  Postings are read through the
    searcher's own readers: segment files are read with file positions, so
    each thread reads through its own searcher.
    """

    def __init__(self, searcher: Any) -> None:
        self._leaves = list(searcher.reader().leaf_readers())
        self._read: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}

    def get(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the docnums (index-wide) and weights of a term."""
        key = (fieldname, text)
        if key not in self._read:
            parts = [
                (ids + offset, weights)
                for leaf, offset in self._leaves
                for ids, weights in (term_postings(leaf, fieldname, text),)
                if len(ids)
            ]
            if parts:
                self._read[key] = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
            else:
                self._read[key] = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))
        return self._read[key]


def score_plain_query(
    plain: PlainQuery, searcher: Any, arrays: IndexArrays, b: float, k1: float, postings: Postings | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return the matching paragraphs' docnums and their final scores (unsorted).

    :param postings: where to read the terms' postings (a new :class:`Postings` by default).
    """
    postings = postings or Postings(searcher)
    scores = np.zeros(arrays.size, dtype=np.float64)
    matched = np.zeros((plain.groups, arrays.size), dtype=bool)
    for fieldname, text, boost, group in plain.terms:
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = arrays.lengths[fieldname]
        docnums, weights = postings.get(fieldname, text)
        if not len(docnums):
            continue
        norm = k1 * ((1 - b) + b * lengths[docnums] / average)
        scores[docnums] += boost * idf * (weights * (k1 + 1)) / (weights + norm)
        matched[group, docnums] = True
    counts = matched.sum(axis=0)
    hits = (counts > 0) & arrays.alive
    docnums = np.flatnonzero(hits)
    final = scores[docnums]
    if plain.groups > 1:
        held = counts[docnums]
        final = final * (held / plain.groups) ** plain.exponent
        final = final + np.where(held == plain.groups, ALL_WORDS_BONUS, 0.0)
    return docnums, final


def top(docnums: np.ndarray, scores: np.ndarray, count: int) -> list[tuple[int, float]]:
    """Return the *count* best ``(docnum, score)``, best first, ties by docnum (as Whoosh)."""
    if count < len(docnums):
        keep = np.argpartition(-scores, count - 1)[:count]
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))
    return [(int(docnums[i]), float(scores[i])) for i in order]
