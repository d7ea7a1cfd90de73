"""The words of a corpus as written, saved beside its index.

The index holds stems; people type words.  The vocabulary keeps every word of
the corpus as it appears (lowercased, elisions removed) with its frequency,
and answers the questions the query side asks about real words:

* accent restoration: ``securite`` -> ``sécurité``, the most frequent accented
  spelling of that accent-free form in the corpus, so that Snowball stems the
  query word the way it stemmed the corpus;
* prefix expansion: ``sécu*`` and ``secu*`` -> ``sécurité``, ``sécuritaire`` ...;
* typo tolerance and suggestions: words within a few edits of an unknown word.

All lookups work on accent-free forms, so accents never matter to them.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .analysis import QUERY_OPERATORS, fold_accents
from .typos import allowed_edits, edit_distance, transpositions
from .vocabulary_counter import VocabularyCounter, recount
from .vocabulary_file import VOCABULARY_FILE, write_payload

__all__ = ["Vocabulary", "VocabularyCounter", "VOCABULARY_FILE", "allowed_edits"]

# Typo lookups remembered before the cache starts over.
CLOSE_WORDS_CACHE_SIZE = 10_000
# A pathological prefix ("a*") must not expand to the whole vocabulary.
MAX_PREFIX_EXPANSION = 50


class Vocabulary:
    """The corpus's words with their frequencies; lookups are accent-insensitive."""

    def __init__(
        self, counts: dict[str, int] | Counter[str], terms: dict[str, str] | None = None
    ) -> None:
        """
        :param counts: word -> occurrences.
        :param terms: word -> its index term (the analyzer's output), to tell
            which real words a query term stands for; optional.
        """
        self.counts = dict(counts)
        self.terms = dict(terms or {})
        self._words_of_term: dict[str, list[str]] | None = None
        # Comparing a word with the vocabulary costs a millisecond or more:
        # unknown words recur (typos, the suggestion and the query both ask), so keep them.
        self._close_cache: dict[tuple[str, int], list[str]] = {}
        folded_counts: Counter[str] = Counter()
        best_spelling: dict[str, tuple[int, str]] = {}
        for word, count in self.counts.items():
            folded = fold_accents(word)
            folded_counts[folded] += count
            if count > best_spelling.get(folded, (0, ""))[0]:
                best_spelling[folded] = (count, word)
        self._folded_counts = folded_counts
        self._spelling = {folded: word for folded, (_, word) in best_spelling.items()}
        self._sorted_folded = sorted(folded_counts)
        self._longest = max(map(len, self._sorted_folded), default=0)

    def __len__(self) -> int:
        return len(self.counts)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and fold_accents(word.lower()) in self._folded_counts

    def frequency(self, word: str) -> int:
        """Return how often *word* occurs, all its accented spellings together."""
        return self._folded_counts.get(fold_accents(word.lower()), 0)

    def spelling(self, word: str) -> str:
        """Return the corpus's usual spelling of *word*, or *word* itself when unknown.

        A word typed with accents that the corpus has is left alone (``péché``
        is not ``pêche``); a word typed without accents takes the spelling the
        corpus uses most.

        >>> Vocabulary({"sécurité": 3, "securite": 1}).spelling("Securite")
        'sécurité'
        """
        lowered = word.lower()
        if lowered in self.counts and lowered != fold_accents(lowered):
            return lowered
        return self._spelling.get(fold_accents(lowered), lowered)

    def restore_accents(self, text: str, keep_short: int = 0) -> str:
        """Return *text* with each word replaced by its usual corpus spelling.

        Query syntax survives: operators (``OR``, ``AND``, ``NOT``) and field
        names (``title:``) are left alone, and so is everything between words.

        :param keep_short: a word of at most this many letters that the corpus
            holds as typed keeps its spelling (the ``e`` of « e-mail » is no « é »).

        >>> Vocabulary({"sécurité": 3}).restore_accents('title:securite OR "securite"')
        'title:sécurité OR "sécurité"'
        >>> Vocabulary({"é": 5, "e": 1, "mail": 1}).restore_accents("e-mail", keep_short=3)
        'e-mail'
        """

        def replace(match: re.Match[str]) -> str:
            word = match.group(0)
            if word in QUERY_OPERATORS:
                return word
            if text[match.end() : match.end() + 1] == ":":
                return word
            if len(word) <= keep_short and word.lower() in self.counts:
                return word
            spelled = self.spelling(word)
            return word if spelled == word.lower() else spelled

        return re.sub(r"\w+", replace, text)

    def words_with_prefix(self, prefix: str, limit: int = MAX_PREFIX_EXPANSION) -> list[str]:
        """Return the most frequent corpus words starting with *prefix*, accents ignored.

        >>> Vocabulary({"sécurité": 3, "sécuritaire": 1, "secte": 1}).words_with_prefix("sécu")
        ['sécurité', 'sécuritaire']
        """
        matches = [word for word, _ in self.folded_words(prefix)]
        matches.sort(key=lambda word: -self._folded_counts[word])
        return [self._spelling[word] for word in matches[:limit]]

    def folded_words(self, prefix: str) -> Iterator[tuple[str, int]]:
        """Yield the accent-free corpus words starting with *prefix* (accents ignored), in order, with their counts.

        >>> list(Vocabulary({"sécurité": 3, "secte": 1, "paix": 2}).folded_words("SÉC"))
        [('secte', 1), ('securite', 3)]
        """
        folded = fold_accents(prefix.lower())
        words = self._sorted_folded
        # Indexing from the bisection point: slicing would copy the vocabulary's tail.
        for position in range(bisect.bisect_left(words, folded), len(words)):
            candidate = words[position]
            if not candidate.startswith(folded):
                break
            yield candidate, self._folded_counts[candidate]

    def close_words(self, word: str, max_edits: int | None = None) -> list[str]:
        """Return corpus words within a few edits of *word*, most frequent first.

        :param max_edits: edits allowed; by default 1 for 5+ letters, 2 for 9+,
            none for shorter words.

        >>> Vocabulary({"sécurité": 3, "sérénité": 2}).close_words("securte")
        ['sécurité']
        """
        folded = fold_accents(word.lower())
        if max_edits is None:
            max_edits = allowed_edits(folded)
        # A word longer than every corpus word by more than the edits allowed
        # has no close word; its automaton would only cost time.
        if max_edits <= 0 or len(folded) > self._longest + max_edits:
            return []
        key = (folded, max_edits)
        cached = self._close_cache.get(key)
        if cached is None:
            if len(self._close_cache) >= CLOSE_WORDS_CACHE_SIZE:
                self._close_cache.clear()
            cached = self._close_cache[key] = self._find_close_words(folded, max_edits)
        return list(cached)

    def _find_close_words(self, folded: str, max_edits: int) -> list[str]:
        # The first letter is rarely the mistyped one; requiring it keeps the
        # comparison to the words of that letter (rapidfuzz's Levenshtein, in C).
        words = self._sorted_folded
        start = bisect.bisect_left(words, folded[0])
        end = bisect.bisect_left(words, chr(ord(folded[0]) + 1), start)
        close = process.extract(folded, words[start:end], scorer=Levenshtein.distance,
                                score_cutoff=max_edits, limit=None)
        found = {word for word, _, _ in close}
        # Swapped neighbours ("securtie") are one typo, two Levenshtein edits.
        found.update(w for w in transpositions(folded) if w in self._folded_counts)
        found.discard(folded)
        # Closest first, then the most frequent.
        ranked = sorted(found, key=lambda w: (edit_distance(folded, w), -self._folded_counts[w], w))
        return [self._spelling[w] for w in ranked]

    def words_for_term(self, term: str, limit: int = 8) -> list[str]:
        """Return the most frequent corpus words that the analyzer turns into *term*.

        >>> Vocabulary({"sécurité": 3, "sécurités": 1}, {"sécurité": "secur", "sécurités": "secur"}).words_for_term("secur")
        ['sécurité', 'sécurités']
        """
        if self._words_of_term is None:
            grouped: dict[str, list[str]] = {}
            for word, word_term in self.terms.items():
                grouped.setdefault(word_term, []).append(word)
            for words in grouped.values():
                words.sort(key=lambda w: (-self.counts.get(w, 0), w))
            self._words_of_term = grouped
        return self._words_of_term.get(term, [])[:limit]

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write the vocabulary into *directory*."""
        write_payload(directory, self.counts, self.terms)

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> Vocabulary:
        """Read the vocabulary saved in *directory*.

        When the file is missing or unreadable, the vocabulary is counted
        again from the paragraphs stored in the index of *directory*, as
        the build counted them (a warning is logged): without it, a query
        typed without accents (``securite``) would find nothing.  With no
        index there either, the vocabulary is empty.
        """
        try:
            with open(Path(directory) / VOCABULARY_FILE, encoding="utf-8") as source:
                payload = json.load(source)
            return cls(dict(payload["counts"]), payload.get("terms"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            return recount(directory, error)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """Return the vocabulary of *texts* (for tests and tools)."""
        counter = VocabularyCounter()
        for text in texts:
            counter.add(text)
        return counter.vocabulary()
