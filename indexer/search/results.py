"""What a search returns: plain frozen dataclasses, never Whoosh objects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..paragraphs import Paragraph
from ..settings import RankingSettings

if TYPE_CHECKING:
    from .filters import Facets

__all__ = ["Hit", "SearchResult", "StoredDocument", "IndexStats", "display_score"]


@dataclass(frozen=True)
class Hit:
    """One matching paragraph.

    ``snippet`` is HTML: matched words in ``<mark>``, all other text escaped.
    ``text`` is the paragraph as written (plain text, not escaped).
    ``page`` is the paragraph's page (from 1) in a paged format (PDF),
    ``section`` the headings above it (« 3 Installation › 3.2 Réseau »),
    ``kind`` the document's format (pdf, docx, odt, html, epub, md, txt).
    """

    source: str
    title: str
    paragraph: int
    score: float
    text: str
    snippet: str
    #: With grouped results: the numbers of the document's other matching
    #: paragraphs (all of them for plain words; among the query's best
    #: :data:`~indexer.search.matches.GROUP_DEPTH` paragraphs for phrases and operators).
    other_paragraphs: tuple[int, ...] = ()
    page: int | None = None
    section: str | None = None
    kind: str = "txt"
    #: The document's file: its size in bytes and modification time (seconds since the epoch), when indexed.
    size: int | None = None
    mtime: int | None = None


@dataclass(frozen=True)
class SearchResult:
    """A page of ranked hits for a query, with the total count and the time taken.

    ``total`` counts paragraphs, or documents when ``grouped``.
    ``expansions`` says what each query word searched for:
    ``(("securite", ("sécurité", "sécurités")), ...)``.
    ``partial`` is true when the search stopped before looking at everything
    the query asked for — it ran out of its time limit, or a wildcard hit a
    cap (:mod:`indexer.search.wildcards`) — and ``notes`` say what was left out.
    """

    query: str
    total: int
    page: int
    limit: int
    took_ms: float
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    grouped: bool = False
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    partial: bool = False
    notes: tuple[str, ...] = ()
    #: With filters (even none): the matching documents by folder, format and date range.
    facets: Facets | None = None
    #: Words the corpus does not hold, with no close corpus word either (« mot inconnu du corpus »).
    unknown_words: tuple[str, ...] = ()
    #: Words the query excludes (``-xvf``, ``NOT apt``), as typed: the results line names them.
    excluded: tuple[str, ...] = ()
    #: Every word typed is a stop word: nothing was searched.
    stop_words_only: bool = False

    @property
    def pages(self) -> int:
        """Number of pages of *limit* hits."""
        return max(1, math.ceil(self.total / self.limit)) if self.limit else 1


@dataclass(frozen=True)
class StoredDocument:
    """A document as the index holds it: id, title, numbered paragraphs (with their page and section) and format."""

    source: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    kind: str = "txt"


@dataclass(frozen=True)
class IndexStats:
    """Size and age of an index."""

    documents: int
    paragraphs: int
    terms: int
    size_bytes: int
    built_at: str
    path: str


# Digits of a score shown to users.
SCORE_DIGITS = 4


def display_score(score: float | None, ranking: RankingSettings) -> float:
    """Return a hit's relevance score without the ranking's all-words bonus."""
    value = float(score or 0.0)
    bonus = ranking.all_words_bonus
    return round(value - bonus if value >= bonus else value, SCORE_DIGITS)
