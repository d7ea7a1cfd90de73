"""Position checks of phrases: which candidate paragraphs hold a phrase's words one after the other.

A phrase (``"système de fichiers"``, or a compound the analyzer splits:
``GNU/Linux``, ``sans-fil``) matches where its words stand at consecutive
positions, in order, as Whoosh's ``Phrase`` with its default slop of 1
demands.  Stop words are not indexed and the analyzer numbers positions
without them, so ``système de fichiers`` is the two terms ``system fichi``
side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["holds_phrase", "phrase_mask"]


def holds_phrase(positions: Sequence[Sequence[int]]) -> bool:
    """Return whether word *i* of a phrase stands at ``p + i`` for some position *p* of its first word.

    :param positions: each word's positions in one text, in phrase order.

    >>> holds_phrase([[0, 7], [3, 8], [9]])
    True
    >>> holds_phrase([[0, 7], [3, 9]])
    False
    """
    if not positions:
        return False
    first, *others = positions
    # The starts still possible, narrowed word by word (set operations, not a loop per start).
    starts = set(first)
    for offset, places in enumerate(others, 1):
        starts.intersection_update([place - offset for place in places])
        if not starts:
            return False
    return bool(starts)


def phrase_mask(positions_per_word: Sequence[Sequence[Sequence[int]]]) -> list[bool]:
    """Return, for each candidate text, whether it holds the phrase.

    :param positions_per_word: for each word in phrase order, its positions in each candidate.
    """
    if not positions_per_word:
        return []
    return [holds_phrase(each) for each in zip(*positions_per_word)]
