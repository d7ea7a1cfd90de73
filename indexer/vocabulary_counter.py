"""Counting the words of a corpus as it is indexed, and counting them again from a stored index.

:class:`VocabularyCounter` is what a build or an update holds; its
:meth:`~VocabularyCounter.vocabulary` is the lookup side
(:class:`indexer.vocabulary.Vocabulary`).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index

from .analysis import surface_analyzer
from .vocabulary_file import VOCABULARY_FILE, read_payload, write_payload

if TYPE_CHECKING:
    from .vocabulary import Vocabulary

__all__ = ["VocabularyCounter", "recount"]

_log = logging.getLogger(__name__)


class VocabularyCounter:
    """Counts the words of paragraphs as they are indexed."""

    def __init__(self) -> None:
        self._analyzer = surface_analyzer()
        self.counts: Counter[str] = Counter()
        # Index terms of words already analysed (kept by an update).
        self.known_terms: dict[str, str] = {}

    def add(self, text: str) -> None:
        """Count the words of *text*."""
        self.counts.update(token.text for token in self._analyzer(text))

    def remove(self, text: str) -> None:
        """Forget the words of *text*, counted before by :meth:`add` (an update removing a paragraph).

        >>> counter = VocabularyCounter()
        >>> counter.add("La paix, la paix durable.")
        >>> counter.remove("Une paix durable")
        >>> dict(counter.counts)
        {'la': 2, 'paix': 1}
        """
        words = [token.text for token in self._analyzer(text)]
        self.counts.subtract(words)
        for word in set(words):
            if self.counts[word] <= 0:
                del self.counts[word]

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> VocabularyCounter:
        """Return a counter holding the vocabulary saved in *directory*, to add and remove texts."""
        payload = read_payload(directory)
        counter = cls()
        counter.counts.update(payload["counts"])
        counter.known_terms = dict(payload.get("terms") or {})
        return counter

    def save(self, directory: str | os.PathLike[str], analyzer: Any = None) -> None:
        """Write what :meth:`vocabulary` would save, without building its lookup tables."""
        write_payload(directory, dict(self.counts), self.terms(analyzer))

    def vocabulary(self, analyzer: Any = None) -> Vocabulary:
        """Return the vocabulary of everything added so far.

        :param analyzer: the index's analyzer; when given, each word's index
            term is recorded too (see :meth:`Vocabulary.words_for_term`).
        """
        from .vocabulary import Vocabulary  # the lookup side imports this module

        return Vocabulary(self.counts, self.terms(analyzer))

    def terms(self, analyzer: Any = None) -> dict[str, str]:
        """Return each counted word's index term under *analyzer* (none without one)."""
        terms: dict[str, str] = {}
        if analyzer is not None:
            for word in self.counts:
                if word in self.known_terms:
                    terms[word] = self.known_terms[word]
                    continue
                analyzed = [token.text for token in analyzer(word)]
                if len(analyzed) == 1:
                    terms[word] = analyzed[0]
        return terms


def recount(directory: str | os.PathLike[str], error: Exception) -> Vocabulary:
    """Return the vocabulary of the paragraphs stored in the index of *directory* (see :meth:`Vocabulary.load`)."""
    from .vocabulary import Vocabulary

    if not whoosh_index.exists_in(str(directory)):
        return Vocabulary({})
    _log.warning("%s in %s is unreadable (%s); counting the words of the index again",
                 VOCABULARY_FILE, directory, error)
    index = whoosh_index.open_dir(str(directory))
    counter = VocabularyCounter()
    titles: dict[str, str] = {}
    with index.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            counter.add(fields["text"])
            titles.setdefault(fields["source"], fields["title"])
    for title in titles.values():
        counter.add(title)
    return counter.vocabulary(index.schema["text"].analyzer)
