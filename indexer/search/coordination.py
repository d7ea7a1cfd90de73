"""Ranking on top of BM25F: paragraphs with all the query's words first, then coordination.

BM25F alone lets one rare word outweigh several common ones, so a paragraph
holding one word of a three-word query can outrank one holding all three.
:class:`Coordinated` changes each paragraph's score to

* ``bm25f * (matched words / query words) ** COORDINATION_EXPONENT``, and
* plus :data:`ALL_WORDS_BONUS` when every word matched, so that those
  paragraphs always come first (what a person typing several words expects).

A "word" is everything the user typed as one unit: the word in the title and
in the text, its typo-tolerant and prefix alternatives, or a quoted phrase.

The score bounds handed to Whoosh include the bonus, so they stay true upper
bounds: block-quality skipping still prunes blocks once the top results all
hold every word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.matching import WrappingMatcher
from whoosh.query.wrappers import WrappingQuery

__all__ = ["ALL_WORDS_BONUS", "BM25_B", "BM25_K1", "COORDINATION_EXPONENT", "Coordinated", "coordinate"]

# BM25 parameters of paragraph scoring: Whoosh's defaults.  On the dev set
# B=0.9 scored +0.008 MRR@10 at paragraph level, K1 2-3 -0.002..-0.005: too
# small to leave them.
BM25_B = 0.75
BM25_K1 = 1.2

# Measured on the dev set (bench/relevance.py): 0 -> 0.644, 1 -> 0.654,
# 2 -> 0.648 MRR@10 before the all-words bonus.
COORDINATION_EXPONENT = 1.0
# Larger than any BM25F score a query can reach; subtracted again for display.
ALL_WORDS_BONUS = 100_000.0

TermKey = tuple[str, str]


def _key(fieldname: str, text: Any) -> TermKey:
    return fieldname, text.decode("utf-8") if isinstance(text, bytes) else str(text)


def _group_terms(node: wq.Query) -> Iterator[TermKey]:
    for fieldname, text in node.iter_all_terms(phrases=True):
        yield _key(fieldname, text)


class _CoordinationMatcher(WrappingMatcher):  # type: ignore[misc]
    def __init__(
        self, child: Any, group_of_term: dict[TermKey, int], groups: int, exponent: float, terms_only: bool
    ) -> None:
        super().__init__(child)
        self._group_of_term = group_of_term
        self._groups = groups
        self._exponent = exponent
        self._terms_only = terms_only
        self._leaves: list[tuple[Any, int]] | None = None

    def _replacement(self, newchild: Any) -> _CoordinationMatcher:
        return _CoordinationMatcher(
            newchild, self._group_of_term, self._groups, self._exponent, self._terms_only
        )

    def _matched_groups(self, docnum: int) -> set[int | None]:
        if not self._terms_only:
            # Phrases: only the tree knows which of its terms form a match.
            return {
                self._group_of_term.get(_key(fieldname, text))
                for fieldname, text in self.child.matching_terms(docnum)
            }
        if self._leaves is None:
            # Checking each term's own matcher is several times cheaper than
            # walking the tree with matching_terms() for every paragraph.
            self._leaves = [
                (leaf, self._group_of_term.get(_key(*leaf.term()), -1))
                for leaf in self.child.term_matchers()
            ]
        return {group for leaf, group in self._leaves if leaf.is_active() and leaf.id() == docnum}

    def score(self) -> float:
        child = self.child
        score = float(child.score())  # first: it moves optional sub-matchers to this paragraph
        matched = self._matched_groups(child.id())
        matched.discard(None)
        matched.discard(-1)
        fraction = len(matched) / self._groups
        bonus = ALL_WORDS_BONUS if len(matched) == self._groups else 0.0
        return float(score * fraction**self._exponent + bonus)

    def replace(self, minquality: float = 0) -> Any:
        # Whoosh drops sub-matchers that cannot reach *minquality* on their
        # own; with coordination a paragraph's score depends on every word it
        # holds, so nothing may be dropped.
        child = self.child.replace(0)
        return child if not child.is_active() else self._replacement(child)

    def max_quality(self) -> float:
        return float(self.child.max_quality()) + ALL_WORDS_BONUS

    def block_quality(self) -> float:
        return float(self.child.block_quality()) + ALL_WORDS_BONUS

    def skip_to_quality(self, minquality: float) -> int:
        return int(self.child.skip_to_quality(minquality - ALL_WORDS_BONUS))


class Coordinated(WrappingQuery):  # type: ignore[misc]
    """Wraps a query so that paragraphs matching more of its word groups score higher."""

    def __init__(
        self, child: wq.Query, group_of_term: dict[TermKey, int], groups: int,
        exponent: float = COORDINATION_EXPONENT,
    ) -> None:
        super().__init__(child)
        self.group_of_term = group_of_term
        self.groups = groups
        self.exponent = exponent

    def _rewrap(self, child: wq.Query) -> Coordinated:
        return Coordinated(child, self.group_of_term, self.groups, self.exponent)

    def normalize(self) -> wq.Query:
        return self._rewrap(self.child.normalize())

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.groups < 2:
            return self.child.matcher(searcher, context)
        # Counting matched words needs each sub-matcher positioned on the
        # current paragraph, which Whoosh's array union does not keep.
        if context is not None:
            context = context.set(needs_current=True)
        inner = self.child.matcher(searcher, context)
        if not inner.is_active():
            return inner
        terms_only = not any(isinstance(node, wq.Phrase) for node in self.child.leaves())
        return _CoordinationMatcher(inner, self.group_of_term, self.groups, self.exponent, terms_only)


def _positive_or(node: wq.Query) -> wq.Or | None:
    if isinstance(node, wq.Or):
        return node
    if isinstance(node, (wq.AndNot, wq.AndMaybe)):
        return _positive_or(node.a)
    return None


def coordinate(node: wq.Query, exponent: float = COORDINATION_EXPONENT) -> wq.Query:
    """Return *node* with a coordination factor over the children of its top-level OR.

    Call it on the parser's output before normalising: normalising flattens
    nested ORs and would merge the groups.
    """
    disjunction = _positive_or(node)
    if disjunction is None or len(disjunction.subqueries) < 2:
        return node
    # A stop word is a child with no term: it is not a word the paragraph could hold.
    group_of_term: dict[TermKey, int] = {}
    groups = 0
    for child in disjunction.subqueries:
        keys = list(_group_terms(child))
        if not keys:
            continue
        for key in keys:
            group_of_term.setdefault(key, groups)
        groups += 1
    if groups < 2:
        return node
    coordinated = Coordinated(disjunction, group_of_term, groups, exponent)
    if node is disjunction:
        return coordinated
    return node.__class__(_replace_positive(node.a, disjunction, coordinated), node.b)


def _replace_positive(node: wq.Query, disjunction: wq.Or, replacement: wq.Query) -> wq.Query:
    if node is disjunction:
        return replacement
    return node.__class__(_replace_positive(node.a, disjunction, replacement), node.b)
