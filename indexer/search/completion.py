"""Word completion from the corpus's own words: ``sauveg`` -> « sauvegarde », « sauvegarder ».

A completion is a word of the corpus as written (accents included) that
starts with what was typed, accents ignored (``secu`` -> « sécurité »), the
most frequent first.  The vocabulary keeps its accent-free words sorted, so
a completion is a bisection and a walk over the words with that prefix.
"""

from __future__ import annotations

import heapq

from ..analysis import fold_accents
from ..vocabulary import Vocabulary

__all__ = ["complete_words", "MIN_PREFIX_CHARS", "MAX_COMPLETIONS"]

# One letter would name thousands of words, none of them likely the one meant.
MIN_PREFIX_CHARS = 2
MAX_COMPLETIONS = 20


def complete_words(vocabulary: Vocabulary, prefix: str, limit: int = 8) -> list[str]:
    """Return up to *limit* corpus words starting with *prefix* (accents and case ignored), most frequent first.

    Ties go to the shorter, then alphabetical word.  A prefix of fewer than
    :data:`MIN_PREFIX_CHARS` letters, or holding anything but letters,
    digits, apostrophes and hyphens, completes to nothing.

    >>> complete_words(Vocabulary({"sécurité": 5, "sécuritaire": 1, "secte": 2}), "SECU")
    ['sécurité', 'sécuritaire']

    :raises ValueError: when *limit* is not 1..:data:`MAX_COMPLETIONS`.
    """
    if not isinstance(limit, int) or not 1 <= limit <= MAX_COMPLETIONS:
        raise ValueError(f"limit must be an integer from 1 to {MAX_COMPLETIONS}, got {limit!r}")
    folded = fold_accents(prefix.strip().lower())
    if len(folded) < MIN_PREFIX_CHARS or not all(char.isalnum() or char in "'’-" for char in folded):
        return []
    best = heapq.nsmallest(limit, vocabulary.folded_words(folded), key=lambda item: (-item[1], len(item[0]), item[0]))
    return [vocabulary.spelling(word) for word, _ in best]
