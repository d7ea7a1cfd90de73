"""Fields of the query language: ``title:``, ``section:`` and ``text:`` restrict a word, ``source:`` the documents.

Only the names of :data:`FIELD_ALIASES` are word fields (``titre:`` and
``texte:`` are their French spellings; ``section:`` searches the headings
above a paragraph); any other ``name:`` — ``number:1``,
``http://`` — is searched as plain words (``number 1``), so no field the
index stores can reach the parser with a value it cannot take.

``source:`` (or ``dossier:``) keeps the documents whose id is the value, or
that lie in the folder it names: ``source:notes/cuisine.md``,
``source:notes`` or ``dossier:"notes d'été/"``.  Quoted values may hold
spaces; ``-source:...`` leaves those documents out.  With no words besides,
every paragraph of those documents is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.matching import RequireMatcher

__all__ = ["FIELD_ALIASES", "SOURCE_NAMES", "SourceFilter", "Restricted", "canonical_fields", "split_sources"]

# Field names people may type -> the index field searched.
FIELD_ALIASES = {"title": "title", "titre": "title", "section": "section", "text": "text", "texte": "text"}
SOURCE_NAMES = ("source", "dossier")
# More source: values than this are ignored: each one is a query clause.
MAX_SOURCES = 16

_SOURCE = re.compile(
    r"(?<![^\s(])(?P<minus>-?)(?:%s):(?:[\"«“]\s*(?P<quoted>[^\"»”]*?)\s*[\"»”]|(?P<bare>[^\s\"«“»”]+))"
    % "|".join(SOURCE_NAMES),
    re.IGNORECASE,
)
_FIELD_NAME = re.compile(r"(?<![\w:])(\w+):")


class _RestrictedMatcher(RequireMatcher):  # type: ignore[misc]
    """Whoosh's matcher of :class:`whoosh.query.Require`, safe under block-quality skipping."""

    def skip_to_quality(self, minquality: float) -> int:
        skipped: int = self.a.skip_to_quality(minquality)
        # Whoosh's own version re-aligns the two parts unconditionally, and
        # fails an assertion when the skip lands on a document of the filter.
        if self.a.is_active() and self.b.is_active() and self.a.id() != self.b.id():
            self.child._find_next()
        return skipped


class Restricted(wq.Require):  # type: ignore[misc]
    """``a`` restricted to the documents ``b`` matches, scored by ``a`` alone."""

    def matcher(self, searcher: Any, context: Any = None) -> _RestrictedMatcher:
        # As Require's, with the matcher above.
        scored = self.a.matcher(searcher, context)
        required = self.b.matcher(searcher, searcher.boolean_context())
        return _RestrictedMatcher(scored, required)


@dataclass(frozen=True)
class SourceFilter:
    """The documents a query is restricted to (``include``) and those it leaves out (``exclude``)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def apply(self, query: wq.Query | None) -> wq.Query | None:
        """Return *query* restricted by this filter (scores unchanged), or None when nothing is searched."""
        if self.include:
            wanted = _documents(self.include)
            # Require scores with its first part only: the filter adds no score.
            query = wanted if query is None else Restricted(query, wanted)
        if query is not None and self.exclude:
            query = wq.AndNot(query, _documents(self.exclude))
        return query


def _documents(values: tuple[str, ...]) -> wq.Query:
    """Return the query matching the documents named by *values*: ids, or folders holding them."""
    clauses: list[wq.Query] = []
    for value in values:
        clauses.append(wq.Term("source", value))
        clauses.append(wq.Prefix("source", value + "/"))
    return wq.Or(clauses)


def split_sources(text: str) -> tuple[str, SourceFilter]:
    """Return *text* without its ``source:`` clauses, and the filter they make.

    >>> split_sources('paix source:"notes d’été/" -dossier:brouillons')
    ('paix  ', SourceFilter(include=('notes d’été',), exclude=('brouillons',)))
    """
    include: list[str] = []
    exclude: list[str] = []

    def take(match: re.Match[str]) -> str:
        value = (match.group("quoted") if match.group("quoted") is not None else match.group("bare")).strip()
        value = value.strip("/")
        target = exclude if match.group("minus") else include
        if value and len(include) + len(exclude) < MAX_SOURCES and value not in target:
            target.append(value)
        return ""

    rest = _SOURCE.sub(take, text)
    return rest, SourceFilter(tuple(include), tuple(exclude))


def canonical_fields(text: str) -> str:
    """Return *text* with field aliases spelled as index fields and other ``name:`` prefixes as words.

    >>> canonical_fields("Titre:paix texte:guerre number:1 inconnu:mot")
    'title:paix text:guerre number 1 inconnu mot'
    """

    def rename(match: re.Match[str]) -> str:
        field = FIELD_ALIASES.get(match.group(1).lower())
        # Not a field: the name is one more word (Whoosh would glue it to the next into a phrase).
        return field + ":" if field else match.group(1) + " "

    return _FIELD_NAME.sub(rename, text)
