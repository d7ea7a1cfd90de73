"""Coordination in Whoosh's matchers: paragraphs matching more of the query's word groups score higher.

BM25F alone lets one rare word outweigh several common ones, so a paragraph
holding one word of a three-word query can outrank one holding all three.
:class:`Coordinated` wraps the parsed query so that Whoosh's matchers apply
:func:`~indexer.search.scoring.coordination` and
:func:`~indexer.search.scoring.all_words_bonus` to each paragraph, as the
array path does (:mod:`indexer.search.matches`).

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

from ..settings import RankingSettings
from .scoring import all_words_bonus, coordination

__all__ = ["Coordinated", "TermKey", "coordinate", "term_key"]

TermKey = tuple[str, str]


def term_key(fieldname: str, text: Any) -> TermKey:
    """Return a Whoosh term as ``(field, text)``, its text decoded when Whoosh holds it as bytes."""
    return fieldname, text.decode("utf-8") if isinstance(text, bytes) else str(text)


def _group_terms(node: wq.Query) -> Iterator[TermKey]:
    for fieldname, text in node.iter_all_terms(phrases=True):
        yield term_key(fieldname, text)


class _CoordinationMatcher(WrappingMatcher):  # type: ignore[misc]
    def __init__(
        self, child: Any, group_of_term: dict[TermKey, int], groups: int, exponent: float, bonus: float,
        terms_only: bool,
    ) -> None:
        super().__init__(child)
        self._bonus = bonus
        self._group_of_term = group_of_term
        self._groups = groups
        self._exponent = exponent
        self._terms_only = terms_only
        self._leaves: list[tuple[Any, int]] | None = None

    def _replacement(self, newchild: Any) -> _CoordinationMatcher:
        return _CoordinationMatcher(
            newchild, self._group_of_term, self._groups, self._exponent, self._bonus, self._terms_only
        )

    def _matched_groups(self, docnum: int) -> set[int | None]:
        if not self._terms_only:
            # Phrases: only the tree knows which of its terms form a match.
            return {
                self._group_of_term.get(term_key(fieldname, text))
                for fieldname, text in self.child.matching_terms(docnum)
            }
        if self._leaves is None:
            # Checking each term's own matcher is several times cheaper than
            # walking the tree with matching_terms() for every paragraph.
            self._leaves = [
                (leaf, self._group_of_term.get(term_key(*leaf.term()), -1))
                for leaf in self.child.term_matchers()
            ]
        return {group for leaf, group in self._leaves if leaf.is_active() and leaf.id() == docnum}

    def score(self) -> float:
        child = self.child
        score = float(child.score())  # first: it moves optional sub-matchers to this paragraph
        matched = self._matched_groups(child.id())
        matched.discard(None)
        matched.discard(-1)
        held = len(matched)
        return float(coordination(score, held, self._groups, self._exponent)
                     + all_words_bonus(held, self._groups, self._bonus))

    def replace(self, minquality: float = 0) -> Any:
        # Whoosh drops sub-matchers that cannot reach *minquality* on their
        # own; with coordination a paragraph's score depends on every word it
        # holds, so nothing may be dropped.
        child = self.child.replace(0)
        return child if not child.is_active() else self._replacement(child)

    def max_quality(self) -> float:
        return float(self.child.max_quality()) + self._bonus

    def block_quality(self) -> float:
        return float(self.child.block_quality()) + self._bonus

    def skip_to_quality(self, minquality: float) -> int:
        return int(self.child.skip_to_quality(minquality - self._bonus))


class Coordinated(WrappingQuery):  # type: ignore[misc]
    """Wraps a query so that paragraphs matching more of its word groups score higher."""

    def __init__(
        self, child: wq.Query, group_of_term: dict[TermKey, int], groups: int, ranking: RankingSettings,
    ) -> None:
        super().__init__(child)
        self.group_of_term = group_of_term
        self.groups = groups
        self.ranking = ranking

    def _rewrap(self, child: wq.Query) -> Coordinated:
        return Coordinated(child, self.group_of_term, self.groups, self.ranking)

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
        return _CoordinationMatcher(
            inner, self.group_of_term, self.groups, self.ranking.coordination_exponent,
            self.ranking.all_words_bonus, terms_only,
        )


def _positive_or(node: wq.Query) -> wq.Or | None:
    if isinstance(node, wq.Or):
        return node
    if isinstance(node, (wq.AndNot, wq.AndMaybe)):
        return _positive_or(node.a)
    return None


def coordinate(node: wq.Query, ranking: RankingSettings) -> wq.Query:
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
    coordinated = Coordinated(disjunction, group_of_term, groups, ranking)
    if node is disjunction:
        return coordinated
    return node.__class__(_replace_positive(node.a, disjunction, coordinated), node.b)


def _replace_positive(node: wq.Query, disjunction: wq.Or, replacement: wq.Query) -> wq.Query:
    if node is disjunction:
        return replacement
    return node.__class__(_replace_positive(node.a, disjunction, replacement), node.b)
