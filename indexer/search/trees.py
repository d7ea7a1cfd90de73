"""Queries of any shape scored with arrays: phrases, compounds, exclusions, ``AND``, as Whoosh's matchers score them.

Whoosh walks a query tree one posting at a time in Python; on a large index
a phrase or an exclusion takes hundreds of milliseconds that way.  Here the
tree is evaluated over whole arrays, one node at a time, with the same
arithmetic as the matchers (so the results are the same):

* a term: its BM25F contribution on every paragraph holding it;
* a phrase: the sum of its words' contributions, on the paragraphs holding
  every word in a row: the words' postings give the candidates, and
  positions are decoded for those candidates only (:mod:`.phrases`);
* ``OR`` sums, ``AND`` sums where every part matches, a required word
  (``+mot``) keeps its paragraphs and the others add to them, an exclusion
  (``-mot``, ``NOT``, a ``source:`` left out) is a mask of the excluded
  part's paragraphs, a required part only filters;
* the coordination wrapper scales each paragraph by the share of the
  query's words it holds (:mod:`.coordination`), counting a phrase's words
  only where the phrase matches, as Whoosh's ``matching_terms`` does.

A node it does not know (a wildcard left unexpanded, a lone ``NOT``) makes
:func:`tree_matches` answer None, and the caller asks Whoosh's matchers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher

from .coordination import Coordinated, TermKey, term_key
from .generation import OpenGeneration
from .phrases import phrase_mask
from .postings import Postings
from .scoring import all_words_bonus, bm25, coordination

__all__ = ["tree_matches"]

# Paragraphs of phrases (this many docnums in all) kept between searches:
# French repeats its compounds (peut-être, c'est-à-dire, GNU/Linux), and
# checking positions is most of a phrase's cost.
CACHED_PHRASE_PARAGRAPHS = 2_000_000


class _PhraseCache:
    """The paragraphs matching the most recently checked phrases, keyed by the index's segment ids."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held = 0
        self._phrases: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> np.ndarray | None:
        with self._lock:
            found = self._phrases.get(key)
            if found is not None:
                self._phrases.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], docnums: np.ndarray) -> None:
        with self._lock:
            if key in self._phrases or len(docnums) > self._budget:
                return
            self._phrases[key] = docnums
            self._held += len(docnums)
            while self._held > self._budget:
                _, dropped = self._phrases.popitem(last=False)
                self._held -= len(dropped)


_PHRASES = _PhraseCache(CACHED_PHRASE_PARAGRAPHS)


@dataclass
class _Found:
    """What one node matches: a mask and scores per paragraph, and which of its terms count where.

    Each unit is a term and the paragraphs (docnums, ascending) where it
    counts: a term matches few paragraphs, so these stay small.
    """

    mask: np.ndarray
    scores: np.ndarray
    units: list[tuple[TermKey, np.ndarray]] = field(default_factory=list)

    def within(self, mask: np.ndarray) -> list[tuple[TermKey, np.ndarray]]:
        return [(key, where[mask[where]]) for key, where in self.units]


class _TreeScorer:
    """Evaluates the nodes of one query tree over one searcher's index."""

    def __init__(self, generation: OpenGeneration, searcher: Searcher, postings: Postings) -> None:
        self.arrays = generation.arrays(searcher)
        self.ranking = generation.settings.ranking
        self.searcher = searcher
        self.postings = postings
        self.size = self.arrays.size
        # Docnums are only comparable within one set of segments.
        self.segments = tuple(
            leaf.segment().segment_id() if hasattr(leaf, "segment") else id(leaf)
            for leaf, _ in searcher.reader().leaf_readers()
        )

    def empty(self) -> _Found:
        return _Found(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64))

    def evaluate(self, node: wq.Query, scored: bool = True) -> _Found | None:
        """Return what *node* matches, or None when it is a shape this module does not score.

        :param scored: whether the node's scores count (an excluded part only masks).
        """
        if isinstance(node, Coordinated):
            return self._coordinated(node)
        if isinstance(node, wq.Term):
            return self._term(node, scored)
        if isinstance(node, wq.Phrase):
            # Only words in a row are checked here (the parser's slop of 1); a looser phrase goes to Whoosh.
            in_a_row = node.slop == 1 and node.fieldname in self.arrays.lengths
            return self._phrase(node) if in_a_row else self._mask_only(node, scored)
        if isinstance(node, wq.AndNot):
            return self._and_not(node)
        if isinstance(node, wq.Require):
            return self._require(node)
        if isinstance(node, wq.AndMaybe):
            return self._and_maybe(node)
        if type(node) in (wq.Or, wq.And) and not getattr(node, "scale", None) and not getattr(node, "minmatch", 0):
            return self._compound(node, scored)
        if node is wq.NullQuery:
            return self.empty()
        return self._mask_only(node, scored)

    def _mask_only(self, node: wq.Query, scored: bool) -> _Found | None:
        # An unscored part (a source: filter) can be any query: its paragraphs are all that is needed.
        if scored:
            return None
        found = self.empty()
        found.mask[np.fromiter(self.searcher.docs_for_query(node), dtype=np.int64)] = True
        return found

    def _contribution(self, fieldname: str, text: str, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """Return the docnums holding a term and its BM25F contribution to each (Whoosh's statistics)."""
        docnums, frequencies = self.postings.get(fieldname, text)
        if not len(docnums):
            return docnums, np.empty(0, dtype=np.float64)
        average = float(self.searcher.avg_field_length(fieldname) or 1)
        scores = bm25(frequencies, self.arrays.lengths[fieldname][docnums], average,
                      self.searcher.idf(fieldname, text), boost, self.ranking.bm25_k1, self.ranking.bm25_b)
        return docnums, scores

    def _term(self, node: wq.Term, scored: bool) -> _Found | None:
        key = term_key(node.fieldname, node.text)
        found = self.empty()
        if key[0] not in self.arrays.lengths:
            if scored:
                return None
            found.mask[self.postings.get(*key)[0]] = True
            return found
        docnums, scores = self._contribution(key[0], key[1], float(node.boost))
        found.mask[docnums] = True
        found.scores[docnums] += scores
        found.units.append((key, docnums))
        return found

    def _phrase(self, node: wq.Phrase) -> _Found:
        found = self.empty()
        words = [term_key(node.fieldname, word)[1] for word in node.words]
        postings = [self._contribution(node.fieldname, word, float(node.boost)) for word in words]
        if not words or any(not len(docnums) for docnums, _ in postings):
            return found
        key = (self.segments, node.fieldname, tuple(words))
        matching = _PHRASES.get(key)
        if matching is None:
            matching = self._in_a_row(node.fieldname, words, [docnums for docnums, _ in postings])
            _PHRASES.put(key, matching)
        found.mask[matching] = True
        for docnums, scores in postings:
            # A word twice in the phrase is scored twice, as Whoosh's intersection does.
            kept = found.mask[docnums]
            found.scores[docnums[kept]] += scores[kept]
        found.units.extend(((node.fieldname, word), matching) for word in words)
        return found

    def _in_a_row(self, fieldname: str, words: list[str], holding: list[np.ndarray]) -> np.ndarray:
        """Return the paragraphs where *words* stand in a row: candidates from the postings, then positions."""
        candidates = holding[0]
        for docnums in holding[1:]:
            candidates = np.intersect1d(candidates, docnums, assume_unique=True)
        if not len(candidates):
            return candidates
        positions = [self.postings.positions(fieldname, word, candidates) for word in words]
        matching: np.ndarray = candidates[np.array(phrase_mask(positions), dtype=bool)]
        return matching

    def _compound(self, node: wq.Query, scored: bool) -> _Found | None:
        parts = [self.evaluate(child, scored) for child in node.subqueries]
        if any(part is None for part in parts):
            return None
        known = [part for part in parts if part is not None]
        if not known:
            return self.empty()
        either = isinstance(node, wq.Or)
        # Accumulated in place: stacking the parts would copy every array once more.
        mask, scores = known[0].mask.copy(), known[0].scores.copy()
        for part in known[1:]:
            (np.logical_or if either else np.logical_and)(mask, part.mask, out=mask)
            scores += part.scores
        if node.boost != 1:
            scores *= float(node.boost)
        if not either:
            scores[~mask] = 0.0
        # Under OR each part's terms count where the part matches, all within the union.
        units = [unit for part in known for unit in (part.units if either else part.within(mask))]
        return _Found(mask, scores, units)

    def _and_not(self, node: wq.AndNot) -> _Found | None:
        kept, excluded = self.evaluate(node.a), self.evaluate(node.b, scored=False)
        if kept is None or excluded is None:
            return None
        mask = kept.mask & ~excluded.mask
        return _Found(mask, np.where(mask, kept.scores, 0.0), kept.within(mask))

    def _require(self, node: wq.Require) -> _Found | None:
        kept, required = self.evaluate(node.a), self.evaluate(node.b, scored=False)
        if kept is None or required is None:
            return None
        mask = kept.mask & required.mask
        return _Found(mask, np.where(mask, kept.scores, 0.0), kept.within(mask))

    def _and_maybe(self, node: wq.AndMaybe) -> _Found | None:
        # A required word (+mot): its paragraphs only, the other words adding their scores there.
        kept, optional = self.evaluate(node.a), self.evaluate(node.b)
        if kept is None or optional is None:
            return None
        scores = np.where(kept.mask, kept.scores + optional.scores, 0.0)
        return _Found(kept.mask, scores, kept.units + optional.within(kept.mask))

    def _coordinated(self, node: Coordinated) -> _Found | None:
        inner = self.evaluate(node.child)
        if inner is None or node.groups < 2:
            return inner
        matched = np.zeros((node.groups, self.size), dtype=bool)
        for key, where in inner.units:
            group = node.group_of_term.get(key)
            if group is not None:
                matched[group, where] = True
        held = matched[:, inner.mask].sum(axis=0)
        scores = np.zeros(self.size, dtype=np.float64)
        scores[inner.mask] = coordination(
            inner.scores[inner.mask], held, node.groups, self.ranking.coordination_exponent
        ) + all_words_bonus(held, node.groups, self.ranking.all_words_bonus)
        return _Found(inner.mask, scores, inner.units)


def tree_matches(
    generation: OpenGeneration, searcher: Searcher, tree: Any, postings: Postings
) -> tuple[np.ndarray, np.ndarray] | None:
    """Return every live paragraph *tree* matches (docnums, ascending) and its score, or None.

    None means the tree holds a node only Whoosh's matchers can score.
    """
    found = _TreeScorer(generation, searcher, postings).evaluate(tree)
    if found is None:
        return None
    docnums = np.flatnonzero(found.mask & generation.arrays(searcher).alive)
    return docnums, found.scores[docnums]
