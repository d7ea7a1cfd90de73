"""Turn what a user typed into a Whoosh query over the paragraph index.

The query language: plain words (OR, ranked so that paragraphs matching more
of the words come first), ``"exact phrase"``, ``-word`` (exclude),
``OR``/``AND``/``NOT``, ``prefix*`` and ``title:word``.  Nothing typed can
make parsing fail: what the grammar cannot make sense of is searched as plain
words, and French punctuation (a lone ``?``, ``*`` or ``-``) is punctuation.

Before parsing, each word takes the corpus's own spelling (accents restored
from the vocabulary), so that it stems as the corpus did.  A word the corpus
does not know is also matched, with a lower weight, against corpus words a
typo or two away; a prefix expands to real corpus words, not to stems.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.qparser import OrGroup, QueryParser, plugins
from whoosh.fields import Schema

from .analysis import fold_accents
from .ranking import Coordinated, coordinate
from .vocabulary import MAX_PREFIX_EXPANSION, Vocabulary

__all__ = [
    "QueryBuilder",
    "positive_terms",
    "weighted_terms",
    "WeightedTerms",
    "COORDINATION_SCALE",
    "FUZZY_BOOST",
    "MAX_QUERY_WORDS",
    "MAX_WORD_CHARS",
    "clean_query_text",
]

SEARCH_FIELDS = ("title", "text")
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

_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
# "What was searched" lists at most this many words, each with this many variants.
MAX_EXPLAINED_WORDS = 10
MAX_EXPANSION_WORDS = 8

_LONE_STAR = re.compile(r"(?<!\w)\*+")
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_LONE_DASH = re.compile(r"(?<![\w])-(?![\w\"(])")


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


class _FrenchParser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser with typo-tolerant terms."""

    def __init__(self, schema: Schema, vocabulary: Vocabulary, builder: QueryBuilder) -> None:
        super().__init__(
            None,
            schema,
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
        self._vocabulary = vocabulary
        self._builder = builder

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: Any,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        exact = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if exact is None or not isinstance(exact, wq.Term) or text in self._vocabulary:
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
        self._parser = _FrenchParser(schema, vocabulary, self)
        self._cached_parse = functools.lru_cache(maxsize=PARSE_CACHE_SIZE)(self._parse)

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

    def parse(self, text: str) -> wq.Query | None:
        """Return the query for *text*, or None when it holds nothing to search.

        Parsed queries are cached: the same text (a page change, a popular
        query, a word of "what was searched") is parsed once per index
        generation.  Whoosh query objects are not changed by searching, so
        threads can share them.
        """
        return self._cached_parse(text)

    def _parse(self, text: str) -> wq.Query | None:
        cleaned = clean_query_text(text)
        cleaned = _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS], cleaned)
        words = re.findall(r"\S+", cleaned)
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        restored = self.vocabulary.restore_accents(cleaned) if self.restore_accents else cleaned
        try:
            # Not normalised yet: coordinate() needs the per-word groups.
            parsed = self._parser.parse(restored, normalize=False)
        except Exception:  # noqa: BLE001 - the grammar failing is never the user's problem
            parsed = self._plain_words(restored)
        if parsed is None:
            return None
        parsed = coordinate(self._expand_wildcards(parsed)).normalize()
        return None if parsed is None or parsed is wq.NullQuery else parsed

    def expansions(self, text: str) -> list[tuple[str, list[str]]]:
        """Return, for each word of *text*, the corpus words it searches for.

        ``sécurité`` -> ``["sécurité", "sécurités"]``: the words that share its
        index term, its typo-tolerant alternatives, or its prefix expansion.
        Operators, field names, excluded words and stop words are left out.
        """
        explained: list[tuple[str, list[str]]] = []
        cleaned = clean_query_text(text)
        # Only the words that are searched (see MAX_QUERY_WORDS) are explained.
        for examined, match in enumerate(re.finditer(r"(?<![\w-])(\w+\*?)(?!:)", cleaned)):
            if examined >= MAX_QUERY_WORDS:
                break
            word = match.group(1)
            if word in _OPERATORS or any(word == seen for seen, _ in explained):
                continue
            parsed = self.parse(word)
            if parsed is None:
                continue
            words: list[str] = []
            for term in sorted(positive_terms(parsed, "text")):
                words.extend(w for w in self.vocabulary.words_for_term(term) if w not in words)
            words.sort(key=lambda w: -self.vocabulary.counts.get(w, 0))
            if words:
                explained.append((word, words[:MAX_EXPANSION_WORDS]))
            if len(explained) >= MAX_EXPLAINED_WORDS:
                break
        return explained

    def _plain_words(self, text: str) -> wq.Query:
        words = re.findall(r"\w+", text)
        return self._parser.parse(" ".join(words), normalize=False)

    def _expand_wildcards(self, node: wq.Query) -> wq.Query:
        """Replace prefix and wildcard nodes by the terms of matching corpus words."""
        if isinstance(node, (wq.Prefix, wq.Wildcard)):
            # A Prefix node holds the text before its star, a Wildcard the whole pattern.
            pattern = node.text + "*" if isinstance(node, wq.Prefix) else node.text
            prefix = pattern.split("*", 1)[0].split("?", 1)[0]
            if not prefix:
                return wq.NullQuery
            regex = re.compile(re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$")
            words = [
                word for word in self.vocabulary.words_with_prefix(prefix, limit=MAX_PREFIX_EXPANSION * 4)
                if regex.match(word) or regex.match(fold_accents(word))
            ][:MAX_PREFIX_EXPANSION]
            terms: list[str] = []
            for word in words:
                for term in self.analyze(node.fieldname, word):
                    if term not in terms:
                        terms.append(term)
            if not terms:
                return wq.NullQuery
            return wq.Or([wq.Term(node.fieldname, term, boost=node.boost) for term in terms])
        if node.is_leaf():
            return node
        return node.apply(self._expand_wildcards)


@dataclass(frozen=True)
class WeightedTerms:
    """The terms a query looks for: ``(field, text, boost, group)``, and how many word groups."""

    terms: tuple[tuple[str, str, float, int], ...]
    groups: int


def weighted_terms(node: wq.Query) -> WeightedTerms:
    """Return the positive terms of *node* with their boosts and word groups.

    Excluded terms (``-mot``, ``NOT``) are left out; a phrase counts as its
    words; a typo-tolerant or prefix alternative keeps its lower boost and
    the group of the word it stands for.
    """
    coordinated = _coordinated(node)
    if coordinated is not None:
        group_of_term, groups = coordinated.group_of_term, coordinated.groups
    else:
        group_of_term, groups = {}, 1
    found: dict[tuple[str, str], tuple[float, int]] = {}

    def walk(current: wq.Query, boost: float) -> None:
        if isinstance(current, wq.Not):
            return
        if isinstance(current, wq.AndNot):
            walk(current.a, boost * current.boost)
            return
        if current.is_leaf():
            weight = boost * float(getattr(current, "boost", 1.0))
            for fieldname, raw in current.terms(phrases=True):
                text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                group = group_of_term.get((fieldname, text), 0)
                best = found.get((fieldname, text))
                if best is None or best[0] < weight:
                    found[(fieldname, text)] = (weight, group)
            return
        for child in current.children():
            walk(child, boost * float(getattr(current, "boost", 1.0)))

    walk(node, 1.0)
    return WeightedTerms(
        tuple((fieldname, text, weight, group) for (fieldname, text), (weight, group) in found.items()),
        max(groups, 1),
    )


def _coordinated(node: wq.Query) -> Coordinated | None:
    """Return the coordination wrapper of *node* (at its top, or in front of an exclusion)."""
    while isinstance(node, (wq.AndNot, wq.AndMaybe)):
        node = node.a
    return node if isinstance(node, Coordinated) else None


def positive_terms(node: wq.Query, fieldname: str) -> set[str]:
    """Return the terms of *fieldname* that the query looks for (not the excluded ones)."""
    return {text for field, text, _, _ in weighted_terms(node).terms if field == fieldname}
