"""The only module that reads Whoosh's private posting format: check it first when Whoosh changes.

Whoosh scores a disjunction one posting at a time in Python: a question of
six words over 170 000 paragraphs walks tens of thousands of postings through
several layers of matcher objects.  For plain-word queries the search reads
each term's posting blocks straight from the index instead (Whoosh's own
block decoding: ``_read_data``, ``_next_block``) into NumPy arrays, with the
paragraphs' field lengths (``_perdoc._cached_reader`` of ``_lenfield``), and
:mod:`indexer.search.scoring` computes the same ranking in a few array
operations.  The blocks' position values come with them, undecoded: a phrase
decodes those of its candidates only (:meth:`Postings.positions`).  Decoded
postings stay in memory between searches, per segment (:data:`CACHED_POSTINGS`).
"""

from __future__ import annotations

import os

import threading
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate
from pickle import loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import MultiColumnReader, NumericColumn
from whoosh.formats import Positions
from whoosh.util.numeric import byte_to_length

from .packed_values import JoinedValues, PackedValues, pack_values
from .query import QueryTerm
from .scoring import TermPostings

__all__ = ["IndexArrays", "Postings", "column_array", "term_postings"]

# Postings of this many paragraphs (all terms together) stay decoded between
# searches: a language's common words come back in most questions, and
# reading their blocks is most of a search's time.  About 30 bytes each (a
# docnum, a weight, the packed positions): some 90 MB per process.  A third
# of this (1 000 000) left the compound questions' p95 at 50–65 ms against
# 34–43 ms (make bench, 168 834 paragraphs).
CACHED_POSTINGS = 3_000_000

# Field lengths are stored as one byte each; this table decodes them.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


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
                raw = column_array(column, count).astype(np.uint8)
                lengths[offset : offset + count] = _LENGTH_OF_BYTE[raw]
        return lengths


def column_array(column: Any, count: int) -> np.ndarray:
    """Return the *count* values of a column reader as an array, numeric columns read in one piece.

    Whoosh's numeric column is the values packed big-endian one after the
    other (documents past the last value written take the default); reading
    them one by one costs a Python call each (0.8 s for three length
    columns of 170 000 paragraphs).  Other columns are iterated.
    """
    if isinstance(column, MultiColumnReader):
        parts = [column_array(part, len(part)) for part in column._readers]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    if isinstance(column, NumericColumn.Reader) and not column._reverse:
        written = min(column._count, count)
        values = np.full(count, column._default, dtype=np.dtype(">" + column._typecode).newbyteorder("="))
        raw = column._dbfile.get(column._basepos, written * column._fixedlen)
        values[:written] = np.frombuffer(raw, dtype=np.dtype(">" + column._typecode))
        return values
    return np.array(list(column))


def term_postings(leaf: Any, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray, PackedValues]:
    """Return the docnums, weights and encoded values of a term in one segment, block by block.

    The values (positions, when the field keeps them) stay undecoded: a
    block's values come with its ids, so keeping them costs nothing, and a
    phrase decodes only its candidates' (:meth:`Postings.positions`).
    """
    if (fieldname, text) not in leaf:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), pack_values(())
    matcher = leaf.postings(fieldname, text)
    # A segment with deletions wraps its postings in a filter; deleted
    # paragraphs are left out by IndexArrays.alive instead.
    while not hasattr(matcher, "_read_data") and hasattr(matcher, "child"):
        matcher = matcher.child
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    values: list[Sequence[bytes]] = []
    # Values of fixed size (no positions) would be cut into pieces first: not kept.
    variable = matcher._fixedsize is None or matcher._fixedsize < 0
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
        values.append(matcher._data[2] if variable else (b"",) * count)
        matcher._next_block()
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32), pack_values(())
    return np.concatenate(ids), np.concatenate(weights), pack_values(values)


_SegmentPostings = tuple[np.ndarray, np.ndarray, PackedValues]


def _segment_identity(leaf: Any) -> tuple[str, int, int] | None:
    """Return what tells a segment's postings from any other's: its id and its postings file (None: no segment).

    A segment id alone is not enough: a copied index holds the same ids over
    other files (and a damaged copy, other bytes).  Generations that share a
    segment through hard links share its file, and so its kept postings.
    """
    if getattr(leaf, "segment", None) is None:
        return None
    segment = leaf.segment()
    segment_id = segment.segment_id()
    folder = getattr(leaf._storage, "folder", None)
    if folder is None:
        # A storage without files (in memory) is its own identity.
        return segment_id, 0, id(leaf._storage)
    try:
        info = os.stat(os.path.join(folder, segment.make_filename(".pst")))
    except OSError:
        return segment_id, -1, id(leaf._storage)
    return segment_id, info.st_dev, info.st_ino


class _PostingsCache:
    """The most recently read terms' postings per segment, up to a number of postings in all; shared by threads.

    Keyed by the segment's id and its postings file (see
    :func:`_segment_identity`): an index never meets another's postings, and
    generations sharing a segment's file share its postings.
    """

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held = 0
        self._terms: OrderedDict[tuple[tuple[str, int, int], str, str], _SegmentPostings] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, leaf: Any, identity: tuple[str, int, int] | None, fieldname: str, text: str) -> _SegmentPostings:
        """Return a term's postings in one segment, from memory when read before.

        :param identity: the segment's :func:`_segment_identity` (None: not a segment, nothing kept).
        """
        if identity is None:
            return term_postings(leaf, fieldname, text)
        key = (identity, fieldname, text)
        with self._lock:
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
                return found
        found = term_postings(leaf, fieldname, text)
        with self._lock:
            if key not in self._terms and len(found[0]) <= self._budget:
                self._terms[key] = found
                self._held += len(found[0])
                while self._held > self._budget:
                    _, dropped = self._terms.popitem(last=False)
                    self._held -= len(dropped[0])
        return found


_CACHE = _PostingsCache(CACHED_POSTINGS)


class Postings:
    """Terms' postings over the whole index (every segment), each read once.

    One is made per search, so that ranking paragraphs and ranking documents
    read the same postings only once.  Postings are read through the
    searcher's own readers: segment files are read with file positions, so
    each thread reads through its own searcher.
    """

    def __init__(self, searcher: Any) -> None:
        self._leaves = list(searcher.reader().leaf_readers())
        # Found once per search: a stat of the postings file each (a wildcard reads hundreds of terms).
        self._identities = [_segment_identity(leaf) for leaf, _ in self._leaves]
        self._schema = searcher.schema
        self._read: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._values: dict[tuple[str, str], JoinedValues] = {}

    def get(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the docnums (index-wide) and weights of a term."""
        key = (fieldname, text)
        if key not in self._read:
            values = JoinedValues()
            parts = []
            for (leaf, offset), identity in zip(self._leaves, self._identities):
                ids, weights, encoded = _CACHE.read(leaf, identity, fieldname, text)
                if len(ids):
                    parts.append((ids + offset, weights))
                    values.append(encoded)
            self._values[key] = values
            if parts:
                self._read[key] = (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
            else:
                self._read[key] = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32))
        return self._read[key]

    def positions(self, fieldname: str, text: str, docnums: np.ndarray) -> list[list[int]]:
        """Return the positions of a term in each of *docnums* (index-wide, each holding the term).

        Only those postings' positions are decoded.
        """
        held, _ = self.get(fieldname, text)
        values = self._values[(fieldname, text)]
        places = np.searchsorted(held, docnums).tolist()
        if type(self._schema[fieldname].format) is not Positions:
            decode = self._schema[fieldname].format.decode_positions
            return [decode(values[place]) for place in places]
        # Whoosh's Positions value: a 4-byte count, then the pickled gaps
        # between positions (its final "." sometimes left out); summed in C
        # rather than in decode_positions' Python loop.
        found = []
        for place in places:
            value = values[place]
            found.append(list(accumulate(loads(value[4:] if value[-1:] == b"." else value[4:] + b"."))))
        return found

    def term(self, searcher: Any, term: QueryTerm) -> TermPostings:
        """Return *term*'s postings over the index with its paragraph IDF (Whoosh's, as its matchers use)."""
        docnums, frequencies = self.get(term.field, term.text)
        return TermPostings(term.field, term.text, term.boost, term.group, docnums, frequencies,
                            searcher.idf(term.field, term.text))
