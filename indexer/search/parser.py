"""The query language's grammar: what a user typed, made safe, then parsed by Whoosh into a query tree.

The language: plain words (OR, ranked so that paragraphs matching more of
the words come first), ``"exact phrase"``, ``-word`` (exclude),
``OR``/``AND``/``NOT`` (:data:`~indexer.analysis.QUERY_OPERATORS`),
``prefix*`` and other ``*`` wildcards, ``title:word`` and ``source:folder``
(see :mod:`indexer.search.query_fields`).  Nothing typed can make parsing
fail: what the grammar cannot make sense of is searched as plain words, and
French punctuation (a lone ``?``, ``*`` or ``-``) is punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import OrGroup, QueryParser, plugins

from ..settings import RankingSettings
from ..vocabulary import Vocabulary
from .wildcards import ExpansionBudget

__all__ = ["SEARCH_FIELDS", "MAX_WORD_CHARS", "FrenchParser", "clean_query_text", "cut_long_words"]

# Fields a plain word is looked for in; their boosts are in the schema.
SEARCH_FIELDS = ("title", "section", "text")
# Longer "words" are cut to this many characters: no word is that long, and
# Whoosh's parser takes time quadratic in a word's length.
MAX_WORD_CHARS = 64

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


def cut_long_words(text: str) -> str:
    """Return *text* with every run of more than :data:`MAX_WORD_CHARS` non-spaces cut to that length."""
    return _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS], text)


class FrenchParser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser for one query: typo-tolerant terms, wildcards left as typed.

    Its schema holds only the word fields, so that any other ``name:`` is a word.
    """

    def __init__(
        self, word_schema: Schema, vocabulary: Vocabulary, fuzzy_terms: Callable[[str, str], list[str]],
        ranking: RankingSettings, budget: ExpansionBudget, fuzzy_known_words: bool = False,
    ) -> None:
        """
        :param fuzzy_terms: ``(field, word) -> terms`` of corpus words a few typos from *word*.
        :param fuzzy_known_words: look for typo alternatives of words the corpus holds too.
        """
        super().__init__(
            None,
            word_schema,
            group=OrGroup.factory(ranking.coordination_scale),
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
        self._fuzzy_terms = fuzzy_terms
        self._fuzzy_boost = ranking.fuzzy_boost
        self._budget = budget
        self._fuzzy_known_words = fuzzy_known_words

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
        if exact is None or not isinstance(exact, wq.Term):
            return exact
        if not self._fuzzy_known_words and text in self._vocabulary:
            return exact
        if self._budget.out_of_time():
            self._budget.note("the time limit left typo-tolerant alternatives out")
            return exact
        alternatives = self._fuzzy_terms(fieldname, text)
        if not alternatives:
            return exact
        return wq.Or([exact] + [wq.Term(fieldname, term, boost=boost * self._fuzzy_boost) for term in alternatives])
