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

import re
import threading
from collections import OrderedDict

from whoosh import query as wq
from whoosh.fields import Schema

from ..analysis import QUERY_OPERATORS
from ..settings import IndexSettings
from ..vocabulary import Vocabulary
from .coordination import coordinate
from .expansion_rules import QUESTION_WORDS, allowed_alternative, expandable, listed_variants, without_question_words
from .parser import MAX_WORD_CHARS, SEARCH_FIELDS, FrenchParser, clean_query_text, cut_long_words
from .query_fields import canonical_fields, split_sources
from .query_tree import AnalysedQuery, QueryTerm, analysed
from .suggestions import excluded_words, stop_words_only, suggestion, unknown_words
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
    "excluded_words",
    "stop_words_only",
    "suggestion",
    "unknown_words",
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
# A hyphenated compound: two or more words joined by hyphens, typed as one.
_COMPOUND = re.compile(r"(?<![\w\"*:-])(\w+(?:-\w+)+)(?![\w*-])")
# A typed word of the query (not a field name, not the start of a wildcard).
_TYPED_WORD = re.compile(r"(?<![\w-])(\w+(?:-\w+)*\*?)(?![\w:*-])")



def _no_typos(fieldname: str, word: str) -> list[str]:
    """Return no typo alternative (a query analysed without typo tolerance)."""
    return []


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
        self.rules = self.settings.expansion
        self._word_schema = Schema(**{name: schema[name] for name in SEARCH_FIELDS})
        self._cache: OrderedDict[tuple[str, bool], AnalysedQuery] = OrderedDict()
        self._cache_lock = threading.Lock()

    def analyze(self, fieldname: str, word: str) -> list[str]:
        """Return the index terms of *word* in *fieldname*."""
        return list(self.schema[fieldname].process_text(word, mode="query"))

    def fuzzy_terms(self, fieldname: str, word: str) -> list[str]:
        """Return the index terms of corpus words a few typos away from *word*."""
        terms: list[str] = []
        if not expandable(word, self.rules) or (self.rules.fuzzy_unknown_words_only and word in self.vocabulary):
            return terms
        exact = set(self.analyze(fieldname, word))
        close_words = [close for close in self.vocabulary.close_words(word) if allowed_alternative(word, close, self.rules)]
        for close_word in close_words[:MAX_FUZZY_ALTERNATIVES]:
            for term in self.analyze(fieldname, close_word):
                if term not in exact and term not in terms:
                    terms.append(term)
        return terms

    def parse(self, text: str, deadline: float | None = None) -> wq.Query | None:
        """Return the query tree for *text*, or None when it holds nothing to search (see :meth:`analyse`)."""
        return self.analyse(text, deadline).query

    def analyse(self, text: str, deadline: float | None = None, typos: bool = True) -> AnalysedQuery:
        """Return *text* parsed and analysed, with what caps or the deadline cut from it.

        Complete analyses are cached: the same text (a page change, a popular
        query, a word of "what was searched") is parsed once per index
        generation.  Whoosh query objects are not changed by searching, so
        threads can share them.  An analysis the deadline cut short is not kept.

        :param deadline: ``time.monotonic()`` seconds after which wildcard and
            typo lookups stop (None: no limit).
        :param typos: look for typo alternatives of unknown words (off: what
            the typed words find by themselves, for the suggestion's rule).
        """
        if not text or not text.strip():
            return AnalysedQuery(text)
        with self._cache_lock:
            cached = self._cache.get((text, typos))
            if cached is not None:
                self._cache.move_to_end((text, typos))
                return cached
        budget = ExpansionBudget(deadline)
        outcome = analysed(text, self._parse(text, budget, typos), budget)
        if not budget.out_of_time():
            with self._cache_lock:
                self._cache[(text, typos)] = outcome
                if len(self._cache) > PARSE_CACHE_SIZE:
                    self._cache.popitem(last=False)
        return outcome

    def _parse(self, text: str, budget: ExpansionBudget, typos: bool = True) -> wq.Query | None:
        words_text, sources = split_sources(text)
        cleaned = cut_long_words(canonical_fields(clean_query_text(words_text)))
        words = re.findall(r"\S+", cleaned)
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        question_weight = self.rules.question_word_weight
        asked = question_weight < 1 and without_question_words(cleaned) != cleaned
        if asked and question_weight <= 0:
            cleaned = without_question_words(cleaned)
        keep_short = self.rules.short_word_chars
        restored = self.vocabulary.restore_accents(cleaned, keep_short) if self.restore_accents else cleaned
        if self.rules.joined_compounds:
            restored = self._with_joined_compounds(restored)
        ranking = self.settings.ranking
        fuzzy_terms = self.fuzzy_terms if typos else _no_typos
        parser = FrenchParser(self._word_schema, self.vocabulary, fuzzy_terms, ranking, budget,
                              fuzzy_known_words=not self.rules.fuzzy_unknown_words_only)
        try:
            # Not normalised yet: coordinate() needs the per-word groups.
            parsed = parser.parse(restored, normalize=False)
        except Exception:  # noqa: BLE001 - the grammar failing is never the user's problem
            parsed = parser.parse(" ".join(re.findall(r"\w+", restored)), normalize=False)
        if parsed is not None and asked and question_weight > 0:
            self._reweight_question_words(parsed, question_weight)
        if parsed is not None:
            parsed = coordinate(expand_wildcards(parsed, self.vocabulary, self.analyze, budget), ranking).normalize()
        if parsed is wq.NullQuery:
            parsed = None
        restricted: wq.Query | None = sources.apply(parsed)
        return restricted

    def _reweight_question_words(self, tree: wq.Query, weight: float) -> None:
        """Multiply by *weight* the boost of the terms of *tree* that are interrogatives' terms (in place)."""
        terms = {term for word in QUESTION_WORDS for term in self.analyze("text", word)}
        for leaf in tree.leaves():
            if isinstance(leaf, wq.Term) and leaf.text in terms:
                leaf.boost *= weight

    def _with_joined_compounds(self, text: str) -> str:
        """Return *text* with each hyphenated compound also searched as the joined word the corpus holds.

        ``e-mail`` -> ``(e-mail OR email)`` when « email » is a corpus word;
        quoted text is left alone (a phrase is searched as typed).
        """
        if '"' in text:
            return text

        def join(match: re.Match[str]) -> str:
            compound = match.group(1)
            joined = compound.replace("-", "")
            return f"({compound} OR {joined})" if joined in self.vocabulary else compound

        return _COMPOUND.sub(join, text)

    def expansions(self, text: str, deadline: float | None = None) -> list[tuple[str, list[str]]]:
        """Return, for each word of *text*, the corpus words it searches for.

        ``sécurité`` -> ``["sécurité", "sécurités"]``: the words that share its
        index term, its typo-tolerant alternatives, or its wildcard expansion.
        Operators, field names (``title:`` is no word), ``source:`` values,
        excluded words and stop words are left out; so are the words past the
        deadline.  The variants listed are those the rules of
        :mod:`indexer.search.expansion_rules` allow (``fil`` does not list « file »).
        """
        explained: list[tuple[str, list[str]]] = []
        cleaned = canonical_fields(clean_query_text(split_sources(text)[0]))
        wildcard_words = 0
        # Only the words that are searched (see MAX_QUERY_WORDS) are explained.
        for examined, match in enumerate(_TYPED_WORD.finditer(cleaned)):
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
            if "-" in word:
                # A compound stands for itself and its joined spelling, not for its parts.
                words = [word] + [joined for joined in [word.replace("-", "")] if joined in self.vocabulary]
            elif not word.endswith("*"):
                words = self._variants(word, words)
            if words:
                explained.append((word, words[:MAX_EXPANSION_WORDS]))
        return explained

    def _variants(self, word: str, words: list[str]) -> list[str]:
        """Return the *words* the typed *word* is said to match: its own term's variants, its typo alternatives."""
        spelled = self.vocabulary.spelling(word) if self.restore_accents else word.lower()
        return listed_variants(spelled, words, self.rules) or words[:1]
