"""Turn what a user typed into a Whoosh query over the paragraph index.

The query language: plain words (OR, ranked so that paragraphs matching more
of the words come first), ``"exact phrase"``, ``-word`` (exclude),
``OR``/``AND``/``NOT``, ``prefix*`` and other ``*`` wildcards,
``title:word`` and ``source:folder`` (see :mod:`indexer.query_fields`).
Nothing typed can make parsing fail: what the grammar cannot make sense of is
searched as plain words, and French punctuation (a lone ``?``, ``*`` or
``-``) is punctuation.

Before parsing, each word takes the corpus's own spelling (accents restored
from the vocabulary), so that it stems as the corpus did.  A word the corpus
does not know is also matched, with a lower weight, against corpus words a
typo or two away; a wildcard word expands to real corpus words, not to stems
(:mod:`indexer.wildcards`: linear matching, capped, within the deadline).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import OrGroup, QueryParser, plugins

from .query_fields import canonical_fields, split_sources
from .query_terms import WeightedTerms, positive_terms, weighted_terms
from .coordination import coordinate
from ..vocabulary import Vocabulary
from .wildcards import MAX_WILDCARD_WORDS, ExpansionBudget, expand_wildcards

__all__ = [
    "QueryBuilder",
    "ParsedQuery",
    "positive_terms",
    "weighted_terms",
    "WeightedTerms",
    "COORDINATION_SCALE",
    "FUZZY_BOOST",
    "MAX_QUERY_WORDS",
    "MAX_WORD_CHARS",
    "QUERY_TIME_LIMIT_SECONDS",
    "clean_query_text",
]

# Fields a plain word is looked for in; their boosts are in the schema.
SEARCH_FIELDS = ("title", "section", "text")
# Weight of the coordination bonus: paragraphs matching more of the query's
# words rank above those matching fewer (Whoosh's CoordMatcher scale).
COORDINATION_SCALE = 0.9
# A typo-tolerant match counts this much relative to an exact one.
FUZZY_BOOST = 0.3
# More fuzzy alternatives than this per word add noise, not recall.
MAX_FUZZY_ALTERNATIVES = 5
# Parsed queries kept per index generation.
PARSE_CACHE_SIZE = 2048
# Queries of more words than this keep only their first words (bounded work).
MAX_QUERY_WORDS = 64
# Longer "words" are cut to this many characters: no word is that long, and
# Whoosh's parser takes time quadratic in a word's length.
MAX_WORD_CHARS = 64
# Time one search may take before it stops looking further and answers with
# what it has (flagged partial): a typical query takes milliseconds.
QUERY_TIME_LIMIT_SECONDS = 2.0

_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
# "What was searched" lists at most this many words, each with this many variants.
MAX_EXPLAINED_WORDS = 10
MAX_EXPANSION_WORDS = 8

_LONE_STAR = re.compile(r"(?<!\w)\*+")
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_LONE_DASH = re.compile(r"(?<![\w])-(?![\w\"(])")
# An elided article or pronoun in front of a wildcard word: "l’ONU*".
_ELISION = re.compile(r"^\w{1,6}['’ʼ‘]")


def clean_query_text(text: str) -> str:
    """Return *text* with the characters that are punctuation in French made inert.

    ``?`` is never a wildcard (French questions end with `` ?``); ``*``
    counts only right after a word; typographic quotes are plain quotes.

    >>> " ".join(clean_query_text("Comment quitter l’invite ? * «sécurité»").split())
    'Comment quitter l’invite "sécurité"'
    """
    text = text.replace("?", " ").replace("«", '"').replace("»", '"')
    text = text.replace("“", '"').replace("”", '"').replace("\u00a0", " ").replace("\u202f", " ")
    text = _LONE_STAR.sub(" ", text)
    text = _LONE_DASH.sub(" ", text)
    # An unbalanced quote would swallow the rest of the query into a phrase.
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return text


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query (None: nothing to search), with what limits cut from it.

    ``partial`` is true when a cap or the deadline left some of the query's
    wildcard or typo alternatives unexamined; ``notes`` say which, in words.
    ``examined`` counts the vocabulary words its wildcards looked at.
    """

    query: wq.Query | None
    notes: tuple[str, ...] = ()
    partial: bool = False
    examined: int = 0


class _FrenchParser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser for one query: typo-tolerant terms, wildcards left as typed.

    Its schema holds only the word fields, so that any other ``name:`` is a word.
    """

    def __init__(self, word_schema: Schema, builder: QueryBuilder, budget: ExpansionBudget) -> None:
        super().__init__(
            None,
            word_schema,
            group=OrGroup.factory(COORDINATION_SCALE),
            plugins=[
                plugins.FieldsPlugin(),
                plugins.WildcardPlugin(),
                plugins.PhrasePlugin(),
                plugins.GroupPlugin(),
                plugins.OperatorsPlugin(),
                # A minus only at the start of a word: "Asie-Pacifique" stays whole.
                plugins.PlusMinusPlugin(minusexpr=r"(?:^|(?<=\s))-"),
                plugins.MultifieldPlugin(SEARCH_FIELDS),
            ],
        )
        self._builder = builder
        self._budget = budget

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if termclass in (wq.Prefix, wq.Wildcard):
            # Matched against the corpus's words as typed: analysing the
            # pattern would stem its last piece ("s*ités" -> "s*it").
            pattern = _ELISION.sub("", text.lower())
            return termclass(fieldname, pattern + "*" if termclass is wq.Prefix else pattern, boost=boost)
        exact = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if exact is None or not isinstance(exact, wq.Term) or text in self._builder.vocabulary:
            return exact
        if self._budget.out_of_time():
            self._budget.note("the time limit left typo-tolerant alternatives out")
            return exact
        alternatives = self._builder.fuzzy_terms(fieldname, text)
        if not alternatives:
            return exact
        return wq.Or([exact] + [wq.Term(fieldname, term, boost=boost * FUZZY_BOOST) for term in alternatives])


class QueryBuilder:
    """Builds Whoosh queries for one index generation (its schema and vocabulary)."""

    def __init__(self, schema: Schema, vocabulary: Vocabulary, restore_accents: bool = True) -> None:
        """
        :param restore_accents: give query words the corpus's accented spelling
            (turned off only to measure its effect).
        """
        self.schema = schema
        self.vocabulary = vocabulary
        self.restore_accents = restore_accents
        self._word_schema = Schema(**{name: schema[name] for name in SEARCH_FIELDS})
        self._cache: OrderedDict[str, ParsedQuery] = OrderedDict()
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
        """Return the query for *text*, or None when it holds nothing to search (see :meth:`parse_outcome`)."""
        return self.parse_outcome(text, deadline).query

    def parse_outcome(self, text: str, deadline: float | None = None) -> ParsedQuery:
        """Return the query for *text* with what caps or the deadline cut from it.

        Complete parses are cached: the same text (a page change, a popular
        query, a word of "what was searched") is parsed once per index
        generation.  Whoosh query objects are not changed by searching, so
        threads can share them.  A parse the deadline cut short is not kept.

        :param deadline: ``time.monotonic()`` seconds after which wildcard and
            typo lookups stop (None: no limit).
        """
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        budget = ExpansionBudget(deadline)
        outcome = self._parse(text, budget)
        if not budget.out_of_time():
            with self._cache_lock:
                self._cache[text] = outcome
                if len(self._cache) > PARSE_CACHE_SIZE:
                    self._cache.popitem(last=False)
        return outcome

    def _parse(self, text: str, budget: ExpansionBudget) -> ParsedQuery:
        words_text, sources = split_sources(text)
        cleaned = canonical_fields(clean_query_text(words_text))
        cleaned = _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS], cleaned)
        words = re.findall(r"\S+", cleaned)
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        restored = self.vocabulary.restore_accents(cleaned) if self.restore_accents else cleaned
        parser = _FrenchParser(self._word_schema, self, budget)
        try:
            # Not normalised yet: coordinate() needs the per-word groups.
            parsed = parser.parse(restored, normalize=False)
        except Exception:  # noqa: BLE001 - the grammar failing is never the user's problem
            parsed = parser.parse(" ".join(re.findall(r"\w+", restored)), normalize=False)
        if parsed is not None:
            parsed = coordinate(expand_wildcards(parsed, self.vocabulary, self.analyze, budget)).normalize()
        if parsed is wq.NullQuery:
            parsed = None
        return ParsedQuery(sources.apply(parsed), tuple(budget.notes), budget.partial, budget.examined)

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
            if word in _OPERATORS or any(word == seen for seen, _ in explained):
                continue
            outcome = self.parse_outcome(word, deadline)
            if outcome.query is None or wildcard_words > MAX_WILDCARD_WORDS:
                continue
            words: list[str] = []
            for term in sorted(positive_terms(outcome.query, "text")):
                words.extend(w for w in self.vocabulary.words_for_term(term) if w not in words)
            words.sort(key=lambda w: -self.vocabulary.counts.get(w, 0))
            if words:
                explained.append((word, words[:MAX_EXPANSION_WORDS]))
        return explained
