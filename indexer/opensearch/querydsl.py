"""The parsed query (:mod:`indexer.search.query`) written as OpenSearch query DSL.

The query language is parsed once, on the Python side, exactly as for the
Whoosh index: accents restored from the vocabulary, wildcards expanded to
real corpus words, ``source:`` filters, operators.  Its terms are index
terms of the same French chain that the OpenSearch index runs (see
:mod:`indexer.opensearch_analysis`), so they are sent as ``term`` queries:

* a word: ``term`` on ``text`` and on ``title`` (boosted by the title boost of
  :class:`~indexer.settings.RankingSettings`);
* a word the vocabulary does not know, when it has close words: its exact
  term plus a ``match`` with ``fuzziness`` (our edits: 1 from 5 letters,
  2 from 9, first letter kept) weighted as ``fuzzy_boost``;
* a phrase: ``match_phrase`` of the phrase as typed (stop words keep their
  place, as at index time);
* several words: a ``bool`` whose ``should`` holds one clause per word and
  one *tier* per number of words matched: ``constant_score`` clauses
  adding :data:`TIER_BONUS` for each word past the first, so that
  paragraphs holding all the words come first, then those missing one, and
  so on (the Whoosh side's coordination, :mod:`indexer.search.coordination`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from whoosh import query as wq

from ..analysis import fold_accents
from ..search.coordination import Coordinated, term_key
from ..search.query import QueryBuilder
from ..settings import RankingSettings
from ..vocabulary import allowed_edits

__all__ = ["FUZZY_MARK", "TIER_BONUS", "FuzzyQueryBuilder", "field_boosts", "to_dsl", "display_score"]

# Larger than any BM25 score a query of MAX_TIERED_WORDS words reaches
# (Lucene's BM25 term score is at most its idf, about 15 at a million
# paragraphs, times the title boost), and small enough that float32 scores
# keep three decimals of the BM25 part.
TIER_BONUS = 1000.0
# Queries of more words get only the all-words tier.
MAX_TIERED_WORDS = 8
# Lucene counts every leaf clause of a query against 1024 (max_clause_count):
# tiers repeat the words' clauses, so they are left out of queries this large.
MAX_CLAUSES = 900
# Term text standing for "this word, typo-tolerant" in a parsed query.
FUZZY_MARK = "\x00fuzzy\x00"
# Terms a fuzzy word may expand to in the index.
FUZZY_MAX_EXPANSIONS = 20

PhraseText = Callable[[wq.Phrase], str | None]


class FuzzyQueryBuilder(QueryBuilder):
    """The query builder whose typo-tolerant alternatives are left to OpenSearch's ``fuzziness``.

    A word unknown to the vocabulary that has close corpus words gets one
    marked term, which :func:`to_dsl` writes as a fuzzy ``match``.
    """

    def fuzzy_terms(self, fieldname: str, word: str) -> list[str]:
        """Return the marked term of *word* when the vocabulary has words close to it, else nothing."""
        return [FUZZY_MARK + word] if self.vocabulary.close_words(word) else []


def display_score(score: float | None) -> float:
    """Return a hit's BM25 score without the tiers' bonuses."""
    value = float(score or 0.0)
    return round(value - TIER_BONUS * math.floor(value / TIER_BONUS), 4)


def field_boosts(schema: Any) -> dict[str, float]:
    """Return each field's boost in the Whoosh *schema* (the title's ``title_boost`` ...)."""
    return {name: float(getattr(field, "field_boost", 1.0) or 1.0) for name, field in schema.items()}


def to_dsl(node: wq.Query, phrase_text: PhraseText, boosts: dict[str, float] | None = None) -> dict[str, Any]:
    """Return the OpenSearch query for the parsed query *node*.

    :param phrase_text: returns the words of a phrase as typed, or None when unknown
        (the phrase is then matched term by term, as adjacent positions).
    :param boosts: field -> boost, as the Whoosh schema scores them (:func:`field_boosts`);
        by default the title's alone.
    """
    return _Translator(phrase_text, boosts or {"title": RankingSettings().title_boost}).query(node)


class _Translator:
    def __init__(self, phrase_text: PhraseText, boosts: dict[str, float]) -> None:
        self.phrase_text = phrase_text
        self.boosts = boosts

    def _boost(self, field: str, boost: float) -> float:
        # The Whoosh schema boosts a field at scoring time (BM25F); here each clause carries it.
        return round(boost * self.boosts.get(field, 1.0), 6)

    def query(self, node: wq.Query, boost: float = 1.0) -> dict[str, Any]:
        boost *= float(getattr(node, "boost", 1.0))
        if isinstance(node, Coordinated):
            return self.coordinated(node, boost)
        if isinstance(node, wq.Term):
            return self.term(node.fieldname, _text(node.text), boost)
        if isinstance(node, wq.Phrase):
            return self.phrase(node, boost)
        if isinstance(node, wq.Prefix):
            return {"prefix": {node.fieldname: {"value": _text(node.text), "boost": self._boost(node.fieldname, boost)}}}
        if isinstance(node, wq.Wildcard):
            return {"wildcard": {node.fieldname: {"value": _text(node.text), "boost": self._boost(node.fieldname, boost)}}}
        if isinstance(node, wq.Require):  # a source: restriction: filters, adds no score
            return {"bool": {"must": [self.query(node.a, boost)], "filter": [self.query(node.b)]}}
        if isinstance(node, wq.AndNot):
            return {"bool": {"must": [self.query(node.a, boost)], "must_not": [self.query(node.b)]}}
        if isinstance(node, wq.AndMaybe):
            return {"bool": {"must": [self.query(node.a, boost)], "should": [self.query(node.b, boost)]}}
        if isinstance(node, wq.Not):
            return {"bool": {"must": [{"match_all": {}}], "must_not": [self.query(node.query)]}}
        if isinstance(node, (wq.And, wq.Or)):
            return self.compound(node, boost)
        if isinstance(node, wq.Every):
            return {"match_all": {}}
        # NullQuery, or a node the parser never makes: matches nothing.
        return {"match_none": {}}

    def compound(self, node: wq.And | wq.Or, boost: float) -> dict[str, Any]:
        positive = [self.query(child, boost) for child in node.subqueries if not isinstance(child, wq.Not)]
        negative = [self.query(child.query) for child in node.subqueries if isinstance(child, wq.Not)]
        if isinstance(node, wq.And):
            body: dict[str, Any] = {"must": positive or [{"match_all": {}}]}
        else:
            body = {"should": positive, "minimum_should_match": 1} if positive else {"must": [{"match_all": {}}]}
        if negative:
            body["must_not"] = negative
        return {"bool": body}

    def term(self, field: str, text: str, boost: float) -> dict[str, Any]:
        if text.startswith(FUZZY_MARK):
            word = text[len(FUZZY_MARK):]
            return {"match": {field: {
                "query": word, "fuzziness": allowed_edits(fold_accents(word.lower())), "prefix_length": 1,
                "max_expansions": FUZZY_MAX_EXPANSIONS, "boost": self._boost(field, boost),
            }}}
        return {"term": {field: {"value": text, "boost": self._boost(field, boost)}}}

    def phrase(self, node: wq.Phrase, boost: float) -> dict[str, Any]:
        typed = self.phrase_text(node)
        field_boost = self._boost(node.fieldname, boost)
        if typed is not None:
            return {"match_phrase": {node.fieldname: {"query": typed, "boost": field_boost}}}
        clauses = [{"span_term": {node.fieldname: _text(word)}} for word in node.words]
        return {"span_near": {"clauses": clauses, "slop": max(0, node.slop - 1), "in_order": True,
                              "boost": field_boost}}

    def coordinated(self, node: Coordinated, boost: float) -> dict[str, Any]:
        """Write the words of a coordinated OR as clauses, with tiers for the number of words matched."""
        child = node.child
        if not isinstance(child, wq.Or):
            return self.query(child, boost)
        members: dict[int, list[dict[str, Any]]] = {}
        loose: list[dict[str, Any]] = []
        negative: list[dict[str, Any]] = []
        for sub in child.subqueries:
            if isinstance(sub, wq.Not):
                negative.append(self.query(sub.query))
                continue
            group = _group_of(sub, node.group_of_term)
            (loose if group is None else members.setdefault(group, [])).append(self.query(sub, boost))
        words = [{"bool": {"should": clauses, "minimum_should_match": 1}} if len(clauses) > 1 else clauses[0]
                 for _, clauses in sorted(members.items())]
        should = words + loose + _tiers(words)
        body: dict[str, Any] = {"should": should, "minimum_should_match": 1}
        if negative:
            body["must_not"] = negative
        return {"bool": body}


def _tiers(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a constant clause for each number of words from 2 that a paragraph may hold (see the module)."""
    count = len(words)
    if count < 2:
        return []
    leaves = sum(_leaves(word) for word in words)
    smallest = 2 if count <= MAX_TIERED_WORDS and leaves * count <= MAX_CLAUSES else count
    if leaves * 2 > MAX_CLAUSES:
        return []
    return [
        {"constant_score": {
            "filter": {"bool": {"should": words, "minimum_should_match": matched}},
            # With only the all-words tier, it stands for all the tiers it replaces.
            "boost": TIER_BONUS * (1 if smallest == 2 else count - 1),
        }}
        for matched in range(smallest, count + 1)
    ]


def _leaves(clause: Any) -> int:
    if isinstance(clause, dict):
        if clause.keys() & {"term", "match", "match_phrase", "prefix", "wildcard", "span_term"}:
            return 1
        return sum(_leaves(value) for value in clause.values())
    if isinstance(clause, list):
        return sum(_leaves(value) for value in clause)
    return 0


def _group_of(node: wq.Query, group_of_term: dict[tuple[str, str], int]) -> int | None:
    for fieldname, text in node.iter_all_terms(phrases=True):
        group = group_of_term.get((fieldname, _text(text)))
        if group is not None:
            return group
    return None


def _text(value: Any) -> str:
    return term_key("", value)[1]
