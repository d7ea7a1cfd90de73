"""What a user typed, analysed once per search: an :class:`AnalysedQuery`.

Before parsing (:mod:`indexer.search.parser`), each word takes the corpus's
own spelling (accents restored from the vocabulary), so that it stems as the
corpus did.  A word the corpus does not know is also matched, with a lower
weight, against corpus words a typo or two away; a wildcard word expands to
real corpus words, not to stems (:mod:`indexer.search.wildcards`: linear
matching, capped, within the deadline).

The parsed tree is then walked once: its positive terms with their weights
and word groups, and whether the array path can score it, are what scoring,
grouping, highlighting and snippets read.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.fields import Schema

from ..analysis import QUERY_OPERATORS
from ..settings import IndexSettings
from ..vocabulary import Vocabulary
from .coordination import Coordinated, TermKey, coordinate, term_key
from .parser import MAX_WORD_CHARS, SEARCH_FIELDS, FrenchParser, clean_query_text, cut_long_words
from .query_fields import canonical_fields, split_sources
from .wildcards import MAX_WILDCARD_WORDS, ExpansionBudget, expand_wildcards

__all__ = [
    "AnalysedQuery",
    "QueryBuilder",
    "QueryTerm",
    "MAX_QUERY_WORDS",
    "MAX_WORD_CHARS",
    "QUERY_TIME_LIMIT_SECONDS",
    "SEARCH_FIELDS",
    "clean_query_text",
    "suggestion",
]

# More fuzzy alternatives than this per word add noise, not recall.
MAX_FUZZY_ALTERNATIVES = 5
# Analysed queries kept per index generation.
PARSE_CACHE_SIZE = 2048
# Queries of more words than this keep only their first words (bounded work).
MAX_QUERY_WORDS = 64
# Time one search may take before it stops looking further and answers with
# what it has (flagged partial): a typical query takes milliseconds.
QUERY_TIME_LIMIT_SECONDS = 2.0
# "What was searched" lists at most this many words, each with this many variants.
MAX_EXPLAINED_WORDS = 10
MAX_EXPANSION_WORDS = 8
# Words shorter than this are never corrected by the suggestion.
MIN_SUGGESTED_CHARS = 3

# Nodes whose second part only filters (a source: restriction) or excludes:
# their terms are not looked for.
_FILTERING = (wq.AndNot, wq.Require)


@dataclass(frozen=True)
class QueryTerm:
    """A term the query looks for, with its weight and the typed word (group) it stands for."""

    field: str
    text: str
    boost: float
    group: int


@dataclass(frozen=True)
class AnalysedQuery:
    """A query parsed and walked once; ``query`` is None when there is nothing to search.

    ``leaves`` are the positive terms in the tree's order (a term twice in
    the tree is there twice, as Whoosh scores it); ``plain`` says the tree is
    terms under ORs only, which the array path scores.  ``partial`` is true
    when a cap or the deadline left some wildcard or typo alternatives
    unexamined; ``notes`` say which, in words; ``examined`` counts the
    vocabulary words its wildcards looked at.
    """

    text: str
    query: wq.Query | None = None
    leaves: tuple[QueryTerm, ...] = ()
    groups: int = 1
    plain: bool = False
    notes: tuple[str, ...] = ()
    partial: bool = False
    examined: int = 0

    @functools.cached_property
    def terms(self) -> tuple[QueryTerm, ...]:
        """The distinct positive terms, each with its largest weight (for document scores)."""
        found: dict[TermKey, QueryTerm] = {}
        for term in self.leaves:
            best = found.get((term.field, term.text))
            if best is None or best.boost < term.boost:
                found[(term.field, term.text)] = term
        return tuple(found.values())

    def field_terms(self, fieldname: str) -> frozenset[str]:
        """Return the terms of *fieldname* the query looks for (what snippets and highlighting mark)."""
        return frozenset(term.text for term in self.leaves if term.field == fieldname)


def _coordinated(node: wq.Query) -> Coordinated | None:
    """Return the coordination wrapper of *node* (at its top, or in front of an exclusion or filter)."""
    while isinstance(node, (wq.AndNot, wq.AndMaybe, wq.Require)):
        node = node.a
    return node if isinstance(node, Coordinated) else None


def _walk(node: wq.Query, boost: float, group_of_term: dict[TermKey, int], out: list[QueryTerm]) -> bool:
    """Append the positive terms under *node* to *out*; return whether *node* is terms under ORs only.

    Excluded terms (``-mot``, ``NOT``) and document filters (``source:``) are
    left out; a phrase counts as its words; a typo-tolerant or prefix
    alternative keeps its lower weight and the group of the word it stands for.
    """
    if isinstance(node, wq.Not):
        return False
    if isinstance(node, _FILTERING):
        _walk(node.a, boost * node.boost, group_of_term, out)
        return False
    if node.is_leaf():
        weight = boost * float(getattr(node, "boost", 1.0))
        for fieldname, raw in node.terms(phrases=True):
            key = term_key(fieldname, raw)
            out.append(QueryTerm(key[0], key[1], weight, group_of_term.get(key, 0)))
        return isinstance(node, wq.Term)
    plain = isinstance(node, (wq.Or, Coordinated)) and getattr(node, "boost", 1.0) == 1
    for child in node.children():
        child_plain = _walk(child, boost * float(getattr(node, "boost", 1.0)), group_of_term, out)
        plain = plain and child_plain
    return plain


def analysed(text: str, tree: wq.Query | None, budget: ExpansionBudget) -> AnalysedQuery:
    """Return the :class:`AnalysedQuery` of the parsed *tree* of *text* (the one walk of the tree)."""
    if tree is None:
        return AnalysedQuery(text, None, notes=tuple(budget.notes), partial=budget.partial, examined=budget.examined)
    coordinated = _coordinated(tree)
    group_of_term, groups = (coordinated.group_of_term, coordinated.groups) if coordinated is not None else ({}, 1)
    leaves: list[QueryTerm] = []
    plain = _walk(tree, 1.0, group_of_term, leaves) and bool(leaves)
    # The array path reads the groups of the top coordination only.
    plain = plain and (coordinated is None or coordinated is tree)
    return AnalysedQuery(text, tree, tuple(leaves), max(groups, 1), plain, tuple(budget.notes), budget.partial,
                         budget.examined)


class QueryBuilder:
    """Analyses queries for one index generation (its schema, vocabulary and settings)."""

    def __init__(self, schema: Schema, vocabulary: Vocabulary, settings: IndexSettings | None = None) -> None:
        """
        :param settings: the generation's settings; accents are restored only
            when its analysis folds them.
        """
        self.schema = schema
        self.vocabulary = vocabulary
        self.settings = settings or IndexSettings()
        self.restore_accents = self.settings.analysis.accent_folding
        self._word_schema = Schema(**{name: schema[name] for name in SEARCH_FIELDS})
        self._cache: OrderedDict[str, AnalysedQuery] = OrderedDict()
        self._cache_lock = threading.Lock()

    def analyze(self, fieldname: str, word: str) -> list[str]:
        """Return the index terms of *word* in *fieldname*."""
        return list(self.schema[fieldname].process_text(word, mode="query"))

    def fuzzy_terms(self, fieldname: str, word: str) -> list[str]:
        """Return the index terms of corpus words a few typos away from *word*."""
        terms: list[str] = []
        exact = set(self.analyze(fieldname, word))
        for close_word in self.vocabulary.close_words(word)[:MAX_FUZZY_ALTERNATIVES]:
            for term in self.analyze(fieldname, close_word):
                if term not in exact and term not in terms:
                    terms.append(term)
        return terms

    def parse(self, text: str, deadline: float | None = None) -> wq.Query | None:
        """Return the query tree for *text*, or None when it holds nothing to search (see :meth:`analyse`)."""
        return self.analyse(text, deadline).query

    def analyse(self, text: str, deadline: float | None = None) -> AnalysedQuery:
        """Return *text* parsed and analysed, with what caps or the deadline cut from it.

        Complete analyses are cached: the same text (a page change, a popular
        query, a word of "what was searched") is parsed once per index
        generation.  Whoosh query objects are not changed by searching, so
        threads can share them.  An analysis the deadline cut short is not kept.

        :param deadline: ``time.monotonic()`` seconds after which wildcard and
            typo lookups stop (None: no limit).
        """
        if not text or not text.strip():
            return AnalysedQuery(text)
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        budget = ExpansionBudget(deadline)
        outcome = analysed(text, self._parse(text, budget), budget)
        if not budget.out_of_time():
            with self._cache_lock:
                self._cache[text] = outcome
                if len(self._cache) > PARSE_CACHE_SIZE:
                    self._cache.popitem(last=False)
        return outcome

    def _parse(self, text: str, budget: ExpansionBudget) -> wq.Query | None:
        words_text, sources = split_sources(text)
        cleaned = cut_long_words(canonical_fields(clean_query_text(words_text)))
        words = re.findall(r"\S+", cleaned)
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        restored = self.vocabulary.restore_accents(cleaned) if self.restore_accents else cleaned
        ranking = self.settings.ranking
        parser = FrenchParser(self._word_schema, self.vocabulary, self.fuzzy_terms, ranking, budget)
        try:
            # Not normalised yet: coordinate() needs the per-word groups.
            parsed = parser.parse(restored, normalize=False)
        except Exception:  # noqa: BLE001 - the grammar failing is never the user's problem
            parsed = parser.parse(" ".join(re.findall(r"\w+", restored)), normalize=False)
        if parsed is not None:
            parsed = coordinate(expand_wildcards(parsed, self.vocabulary, self.analyze, budget), ranking).normalize()
        if parsed is wq.NullQuery:
            parsed = None
        restricted: wq.Query | None = sources.apply(parsed)
        return restricted

    def expansions(self, text: str, deadline: float | None = None) -> list[tuple[str, list[str]]]:
        """Return, for each word of *text*, the corpus words it searches for.

        ``sécurité`` -> ``["sécurité", "sécurités"]``: the words that share its
        index term, its typo-tolerant alternatives, or its wildcard expansion.
        Operators, field names, ``source:`` values, excluded words and stop
        words are left out; so are the words past the deadline.
        """
        explained: list[tuple[str, list[str]]] = []
        cleaned = clean_query_text(split_sources(text)[0])
        wildcard_words = 0
        # Only the words that are searched (see MAX_QUERY_WORDS) are explained.
        for examined, match in enumerate(re.finditer(r"(?<![\w-])(\w+\*?)(?!:)", cleaned)):
            word = match.group(1)
            if examined >= MAX_QUERY_WORDS or len(explained) >= MAX_EXPLAINED_WORDS:
                break
            if word.endswith("*"):
                wildcard_words += 1
            if word in QUERY_OPERATORS or any(word == seen for seen, _ in explained):
                continue
            outcome = self.analyse(word, deadline)
            if outcome.query is None or wildcard_words > MAX_WILDCARD_WORDS:
                continue
            words: list[str] = []
            for term in sorted(outcome.field_terms("text")):
                words.extend(w for w in self.vocabulary.words_for_term(term) if w not in words)
            words.sort(key=lambda w: -self.vocabulary.counts.get(w, 0))
            if words:
                explained.append((word, words[:MAX_EXPANSION_WORDS]))
        return explained


def suggestion(vocabulary: Vocabulary, text: str) -> str | None:
    """Return *text* with its unknown words replaced by close words of *vocabulary*, or None.

    Offered whenever a word of the query is not in the corpus and a close
    one is, even when typo tolerance already found results: the user sees
    what was meant.
    """
    changed = False
    looked_up = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal changed, looked_up
        word = match.group(0)
        looked_up += 1
        # Only the words that are searched (see MAX_QUERY_WORDS) are corrected.
        if looked_up > MAX_QUERY_WORDS or word in vocabulary or word.isdigit():
            return word
        close = vocabulary.close_words(word)
        if not close:
            return word
        changed = True
        return close[0]

    suggested = re.sub(r"\w{%d,}" % MIN_SUGGESTED_CHARS, replace, text)
    return suggested if changed else None
