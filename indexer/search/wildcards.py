"""Wildcard words (``sécu*``, ``s*té``) matched against the corpus vocabulary in bounded time.

A pattern is matched without regular expressions: it is cut at its stars
into fixed pieces, and the pieces are looked for in order, each at its
leftmost place after the previous one.  For patterns whose only wildcard of
any length is ``*`` this greedy choice is exact (a later place for a piece
can only leave less room for the pieces after it), and it never backtracks:
the work per word is at most its length times the pattern's, whatever the
number of stars.  A backtracking regex took 65 s for
``1*0*0*0*0*0*0*0*0*0*0*0*x`` against one 37-digit number.

What one query may ask of the vocabulary is capped too (the ``MAX_*``
constants below) and checked against the query's deadline; a cap or the
deadline cutting an expansion is reported in the expansion's notes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from ..analysis import fold_accents
from ..vocabulary import MAX_PREFIX_EXPANSION, Vocabulary

__all__ = [
    "MAX_WILDCARDS_PER_WORD",
    "MAX_WILDCARD_WORDS",
    "MAX_EXPANDED_TERMS",
    "MAX_CANDIDATES_PER_WORD",
    "ExpansionBudget",
    "expand_wildcards",
    "glob_match",
    "matching_words",
]

# Stars allowed in one word; a word with more is left out of the search
# (and said so).  No real search needs more.
MAX_WILDCARDS_PER_WORD = 6
# Wildcard words expanded in one query; the others are left out.
MAX_WILDCARD_WORDS = 8
# Index terms all the wildcard words of one query may expand to.
MAX_EXPANDED_TERMS = 8 * MAX_PREFIX_EXPANSION
# Vocabulary words examined for one wildcard word (those sharing its first letters).
MAX_CANDIDATES_PER_WORD = 50_000
# The deadline is read once per this many candidates: reading the clock per word would cost more.
_CLOCK_EVERY = 1024


def _piece_at(piece: str, text: str, start: int) -> bool:
    """Return whether *piece* (``?`` standing for any one character) is in *text* at *start*."""
    if start < 0 or start + len(piece) > len(text):
        return False
    return all(wanted in ("?", found) for wanted, found in zip(piece, text[start : start + len(piece)]))


def _find_piece(piece: str, text: str, start: int, end: int) -> int:
    """Return the first place of *piece* in ``text[start:end]``, or -1."""
    if "?" not in piece:
        return text.find(piece, start, end)
    for place in range(start, end - len(piece) + 1):
        if _piece_at(piece, text, place):
            return place
    return -1


def glob_match(pattern: str, text: str) -> bool:
    """Return whether *text* matches *pattern*: ``*`` is any run of characters, ``?`` one character.

    >>> glob_match("s*c*té", "sécurité"), glob_match("1*0*0*x", "1" + "0" * 36)
    (True, False)
    >>> glob_match("s*c*t?", "sécurité"), glob_match("?aix", "paix")
    (True, True)
    """
    pieces = pattern.split("*")
    if len(pieces) == 1:
        return len(text) == len(pattern) and _piece_at(pattern, text, 0)
    first, last = pieces[0], pieces[-1]
    end = len(text) - len(last)
    if end < len(first) or not _piece_at(first, text, 0) or not _piece_at(last, text, end):
        return False
    position = len(first)
    for piece in pieces[1:-1]:
        found = _find_piece(piece, text, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


@dataclass
class ExpansionBudget:
    """What the wildcard words of one query have used so far, and what was cut (one parse; one thread)."""

    deadline: float | None = None
    words: dict[str, list[str]] = field(default_factory=dict)
    terms: int = 0
    #: Vocabulary words looked at, all wildcard words together (the work done).
    examined: int = 0
    notes: list[str] = field(default_factory=list)
    partial: bool = False

    def out_of_time(self) -> bool:
        """Return whether the query's deadline (``time.monotonic()`` seconds) has passed."""
        return self.deadline is not None and time.monotonic() > self.deadline

    def note(self, text: str) -> None:
        """Record that something was cut: the search is partial."""
        self.partial = True
        if text not in self.notes:
            self.notes.append(text)


def matching_words(vocabulary: Vocabulary, pattern: str, limit: int, budget: ExpansionBudget) -> list[str]:
    """Return the *limit* most frequent corpus words matching *pattern*, accents ignored.

    A pattern must start with a letter or digit: ``*tion`` would examine the
    whole vocabulary.  Candidates beyond :data:`MAX_CANDIDATES_PER_WORD`, or
    past the deadline, are not examined (noted in *budget*).
    """
    folded = fold_accents(pattern.lower())
    prefix = folded.split("*", 1)[0].split("?", 1)[0]
    if not prefix:
        return []
    found: list[tuple[int, str]] = []
    for examined, (word, count) in enumerate(vocabulary.folded_words(prefix)):
        budget.examined += 1
        if examined >= MAX_CANDIDATES_PER_WORD:
            budget.note(f"{pattern}: only the first {MAX_CANDIDATES_PER_WORD} words starting with "
                        f"{prefix!r} were examined")
            break
        if examined % _CLOCK_EVERY == 0 and budget.out_of_time():
            budget.note(f"{pattern}: the time limit stopped the search for matching words")
            break
        if glob_match(folded, word):
            found.append((-count, word))
    found.sort()
    return [vocabulary.spelling(word) for _, word in found[:limit]]


def expand_wildcards(
    node: wq.Query, vocabulary: Vocabulary, analyze: Callable[[str, str], list[str]], budget: ExpansionBudget
) -> wq.Query:
    """Replace the prefix and wildcard nodes of *node* by the terms of matching corpus words.

    :param analyze: ``(field, word) -> index terms``, the query's analysis.
    :param budget: the parse's caps and deadline; each pattern is looked up
        once per query, whatever the fields it is searched in.
    """
    if not isinstance(node, (wq.Prefix, wq.Wildcard)):
        if node.is_leaf():
            return node
        return node.apply(lambda child: expand_wildcards(child, vocabulary, analyze, budget))
    pattern = node.text
    if pattern not in budget.words:
        budget.words[pattern] = _wildcard_terms(pattern, node.fieldname, vocabulary, analyze, budget)
    terms = budget.words[pattern]
    if not terms:
        return wq.NullQuery
    return wq.Or([wq.Term(node.fieldname, term, boost=node.boost) for term in terms])


def _wildcard_terms(
    pattern: str, fieldname: str, vocabulary: Vocabulary, analyze: Callable[[str, str], list[str]],
    budget: ExpansionBudget,
) -> list[str]:
    """Return the index terms the wildcard word *pattern* stands for, within the query's caps."""
    if len(budget.words) >= MAX_WILDCARD_WORDS:
        budget.note(f"only the first {MAX_WILDCARD_WORDS} wildcard words are searched")
        return []
    if pattern.count("*") > MAX_WILDCARDS_PER_WORD:
        budget.note(f"{pattern}: left out, more than {MAX_WILDCARDS_PER_WORD} wildcards in one word")
        return []
    room = MAX_EXPANDED_TERMS - budget.terms
    if room <= 0:
        budget.note(f"{pattern}: left out, the query's wildcards already reach {MAX_EXPANDED_TERMS} terms")
        return []
    terms: list[str] = []
    for word in matching_words(vocabulary, pattern, MAX_PREFIX_EXPANSION, budget):
        for term in analyze(fieldname, word):
            if term not in terms and len(terms) < room:
                terms.append(term)
    budget.terms += len(terms)
    return terms
