"""What a results page shows of each hit besides the library's fields: a marked title, its folder, what tells it apart.

Titles alone do not identify a document (a corpus holds many
« Avertissement »), so each hit carries the folder path of its document and,
when its title appears more than once on the page, what tells the twins
apart: the end of their paths (the file name when that is enough) when they
come from different documents, the section when they are paragraphs of the
same one.  The HTML page and the JSON API
describe hits with the same function, so the page drawn as one types shows
what the page drawn by the server shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import indexer

__all__ = ["FOLDER_SEPARATOR", "ShownHit", "describe_hits", "distinct_tail", "folder_of", "file_name_of"]

# The separator of the folder path shown under a title, as the library's section paths.
FOLDER_SEPARATOR = " › "


@dataclass(frozen=True)
class ShownHit:
    """A hit with what the page adds to it."""

    hit: indexer.Hit
    #: The title as escaped HTML, the query's words in ``<mark>``.
    title_html: str
    #: The document's folders, « guides › réseau »; None at the corpus root.
    folder: str | None
    file_name: str
    #: What tells this hit from others of the same title on the page, or None.
    twin: str | None
    url: str


def folder_of(source: str) -> str | None:
    """Return the folder path of document id *source*, or None when it lies at the corpus root.

    >>> folder_of("guides/réseau/wifi.md"), folder_of("notes.txt")
    ('guides › réseau', None)
    """
    folder, _, _ = source.rpartition("/")
    return FOLDER_SEPARATOR.join(folder.split("/")) if folder else None


def file_name_of(source: str) -> str:
    """Return the file name of document id *source*.

    >>> file_name_of("guides/réseau/wifi.md")
    'wifi.md'
    """
    return source.rpartition("/")[2]


def distinct_tail(source: str, others: set[str]) -> str:
    """Return the shortest end of *source*'s path that none of *others* ends with: its file name when that is enough.

    >>> distinct_tail("guides/réseau/avertissement.txt", {"guides/wifi/avertissement.txt", "aide.txt"})
    'réseau/avertissement.txt'
    """
    parts = source.split("/")
    for count in range(1, len(parts) + 1):
        tail = "/".join(parts[-count:])
        if not any(other == tail or other.endswith("/" + tail) for other in others - {source}):
            return tail
    return source


def _twins(hits: Sequence[indexer.Hit]) -> list[str | None]:
    """Return, for each hit, what tells it apart from the others with its title (None when its title is unique)."""
    by_title: dict[str, set[str]] = {}
    for hit in hits:
        by_title.setdefault(hit.title, set()).add(hit.source)
    repeated = Counter(hit.title for hit in hits)
    twins: list[str | None] = []
    for hit in hits:
        if repeated[hit.title] < 2:
            twins.append(None)
        elif len(by_title[hit.title]) > 1:
            twins.append(distinct_tail(hit.source, by_title[hit.title]))
        else:
            # Paragraphs of one document (every paragraph shown): their sections differ, if anything.
            twins.append(hit.section)
    return twins


def describe_hits(
    index: indexer.SearchIndex, hits: Sequence[indexer.Hit], query: str, link: Callable[[indexer.Hit], str]
) -> list[ShownHit]:
    """Return *hits* with their marked titles, folders and twin labels.

    :param index: marks the query's words in the titles (one parse for the whole page).
    :param link: gives each hit's URL.
    """
    titles = index.highlight_many([hit.title for hit in hits], query) if hits else []
    return [
        ShownHit(hit, title, folder_of(hit.source), file_name_of(hit.source), twin, link(hit))
        for hit, title, twin in zip(hits, titles, _twins(hits))
    ]
