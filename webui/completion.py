"""Complete the word being typed at the end of a query, keeping what comes before it and its operators."""

from __future__ import annotations

import re
from dataclasses import dataclass

import indexer

__all__ = ["Completion", "complete_query", "last_word"]

# The last word of the text: after any operator sign (-, ", parenthesis) and field name (title:).
_LAST_WORD = re.compile(r"""(?P<before>^|.*[\s(])(?P<signs>[-+"(]*)(?P<field>\w+:)?(?P<word>[^\W_][\w'’-]*)$""", re.S)


@dataclass(frozen=True)
class Completion:
    """A word of the corpus and the whole query with it in place of the word being typed."""

    word: str
    query: str


def last_word(text: str) -> tuple[str, str] | None:
    """Return (what comes before the word being typed, that word), or None when the text ends otherwise.

    >>> last_word('"mise à jour" -sauveg'), last_word("title:secu"), last_word("réseau "), last_word("sécur*")
    (('"mise à jour" -', 'sauveg'), ('title:', 'secu'), None, None)
    """
    match = _LAST_WORD.match(text)
    if match is None:
        return None
    head = match.group("before") + match.group("signs") + (match.group("field") or "")
    return head, match.group("word")


def complete_query(index: indexer.SearchIndex, text: str, limit: int) -> tuple[str | None, list[Completion]]:
    """Return the word being typed at the end of *text* and the completions of it (the whole query each).

    :param limit: completions at most, 1..20.
    """
    found = last_word(text)
    if found is None:
        return None, []
    head, word = found
    return word, [Completion(completed, head + completed) for completed in index.complete(word, limit)]
