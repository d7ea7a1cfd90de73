"""What to try when a query finds nothing: the same query without its quotes, without an exclusion, any of its words.

Each alternative is searched (top hit only, so the cost is that of a small
search) and offered only when it finds something, with its count; at most
:data:`MAX_ALTERNATIVES` are tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import indexer

__all__ = ["Alternative", "relaxed_queries", "alternatives", "MAX_ALTERNATIVES"]

MAX_ALTERNATIVES = 4
_EXCLUSION = re.compile(r"(?:^|(?<=\s))(?:-|NOT\s+)(\"[^\"]*\"|\S+)")
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass(frozen=True)
class Alternative:
    """A query to try instead, what was changed, and how many results it finds."""

    query: str
    change: str
    total: int


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def relaxed_queries(query: str) -> Iterator[tuple[str, str]]:
    """Yield (query, what was changed) for looser forms of *query*, most faithful first.

    >>> list(relaxed_queries('"mise a jour" -routeur'))  # doctest: +NORMALIZE_WHITESPACE
    [('mise a jour -routeur', 'sans les guillemets'), ('"mise a jour"', 'sans exclure « routeur »'),
     ('mise OR a OR jour', "avec l'un ou l'autre des mots")]
    """
    seen = {query}
    if '"' in query:
        unquoted = _squeeze(query.replace('"', " "))
        if unquoted and unquoted not in seen:
            seen.add(unquoted)
            yield unquoted, "sans les guillemets"
    for match in _EXCLUSION.finditer(query):
        kept = _squeeze(query[: match.start()] + " " + query[match.end() :])
        if kept and kept not in seen:
            seen.add(kept)
            yield kept, f"sans exclure « {match.group(1).strip(chr(34))} »"
    positive = _EXCLUSION.sub(" ", query)
    words = [word for word in _WORD.findall(positive) if word not in ("OR", "AND", "NOT")]
    if len(words) > 1:
        either = " OR ".join(dict.fromkeys(words))
        if either not in seen:
            yield either, "avec l'un ou l'autre des mots"


def alternatives(index: indexer.SearchIndex, query: str, group: bool) -> list[Alternative]:
    """Return the looser forms of *query* that find something in *index*, with their counts.

    :param group: count documents (the default view) rather than paragraphs.
    """
    found = []
    for number, (text, change) in enumerate(relaxed_queries(query)):
        if number == MAX_ALTERNATIVES:
            break
        total = index.search(text, limit=1, group=group).total
        if total:
            found.append(Alternative(text, change, total))
    return found
