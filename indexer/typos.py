"""Typo distance: how far a typed word is from a corpus word, and how far it may be.

>>> allowed_edits("paix"), allowed_edits("securite"), allowed_edits("cooperation")
(0, 1, 2)
"""

from __future__ import annotations

__all__ = ["FUZZY_EDITS_BY_LENGTH", "allowed_edits", "edit_distance", "transpositions"]

# Typo tolerance: edits allowed for a word of at least this many letters.
FUZZY_EDITS_BY_LENGTH = ((9, 2), (5, 1))


def edit_distance(a: str, b: str) -> int:
    """Return the edits (insert, delete, substitute, swap neighbours) from *a* to *b*.

    >>> edit_distance("securtie", "securite"), edit_distance("regionnale", "regionales")
    (1, 2)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def transpositions(word: str) -> list[str]:
    """Return *word* with each pair of neighbouring letters swapped, one pair at a time."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def allowed_edits(folded_word: str) -> int:
    """Return the typo edits tolerated for a word of this length (0, 1 or 2)."""
    for min_length, edits in FUZZY_EDITS_BY_LENGTH:
        if len(folded_word) >= min_length:
            return edits
    return 0
