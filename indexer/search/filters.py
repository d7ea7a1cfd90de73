"""Filters and facets of a search: by folder, format and modification date, counted over the matching documents.

A filter keeps the paragraphs of the documents it allows; the facets count,
among the documents the query matches, how many each folder, format and
date range holds.  Each dimension's counts ignore that dimension's own
filter (the other formats stay offered while one is chosen) and apply the
others.  Everything works on per-document arrays read once per generation
from the manifest (kind and mtime of each file), so a filter or a facet is
a few array operations over the matches the search computed anyway.

>>> SearchFilters(folder="guides/réseau/", kinds=("pdf",)).folder
'guides/réseau'
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .generation import OpenGeneration
from .statistics import DocumentArrays

__all__ = ["SearchFilters", "FacetCount", "Facets", "DATE_RANGES", "SORTS", "date_bounds", "DocumentFacts",
           "document_facts", "allowed_documents", "count_facets"]

DAY_SECONDS = 86_400
#: The date ranges of the facet, by name: documents modified within that many days (None: older than a year).
DATE_RANGES: dict[str, tuple[int | None, int | None]] = {
    "semaine": (7, None), "mois": (30, None), "annee": (365, None), "ancien": (None, 365),
}
SORTS = ("relevance", "date")
# Folders offered by the facet at most (the most populated first).
MAX_FOLDER_VALUES = 20


def date_bounds(name: str, now: float | None = None) -> tuple[int | None, int | None]:
    """Return the (after, before) seconds of the date range *name* (see :data:`DATE_RANGES`).

    >>> date_bounds("semaine", now=10 * 86400), date_bounds("ancien", now=400 * 86400)
    ((259200, None), (None, 3024000))

    :raises ValueError: for an unknown range name.
    """
    if name not in DATE_RANGES:
        raise ValueError(f"unknown date range {name!r}; one of {', '.join(DATE_RANGES)}")
    within, older = DATE_RANGES[name]
    moment = int(time.time() if now is None else now)
    return (moment - within * DAY_SECONDS if within else None, moment - older * DAY_SECONDS if older else None)


@dataclass(frozen=True)
class SearchFilters:
    """Which documents a search keeps: under *folder*, of one of *kinds*, modified in [*after*, *before*).

    Empty fields keep everything.  *folder* is a folder of document ids
    (``guides/réseau``), trailing slashes ignored; *after* and *before*
    are seconds since the epoch.
    """

    folder: str | None = None
    kinds: tuple[str, ...] = ()
    after: int | None = None
    before: int | None = None

    def __post_init__(self) -> None:
        if self.folder is not None:
            object.__setattr__(self, "folder", self.folder.strip("/") or None)
        object.__setattr__(self, "kinds", tuple(self.kinds))

    def __bool__(self) -> bool:
        return bool(self.folder or self.kinds or self.after is not None or self.before is not None)


@dataclass(frozen=True)
class FacetCount:
    """A facet's value (a folder, a format, a date range name) and how many matching documents it holds."""

    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    """The matching documents counted by folder (one level below the folder filter), format and date range."""

    folders: tuple[FacetCount, ...] = ()
    kinds: tuple[FacetCount, ...] = ()
    dates: tuple[FacetCount, ...] = ()
    #: The date ranges' bounds used for *dates*, by name.
    date_bounds: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)


class DocumentFacts:
    """Per-document arrays, indexed by the document codes of :class:`DocumentArrays`: id, folder, kind, mtime."""

    def __init__(self, documents: DocumentArrays, files: dict[str, Any]) -> None:
        names = documents.names
        self.names = np.array(names, dtype=object)
        kinds = [str(files.get(name, {}).get("kind", "txt")) for name in names]
        self.kind_names = sorted(set(kinds))
        lookup = {kind: i for i, kind in enumerate(self.kind_names)}
        self.kinds = np.array([lookup[kind] for kind in kinds], dtype=np.int64)
        self.mtimes = np.array([int(files.get(name, {}).get("mtime", 0)) for name in names], dtype=np.int64)


_FACTS: weakref.WeakKeyDictionary[OpenGeneration, DocumentFacts] = weakref.WeakKeyDictionary()
_FACTS_LOCK = threading.Lock()


def document_facts(generation: OpenGeneration, documents: DocumentArrays) -> DocumentFacts:
    """Return the per-document facts of *generation*, read from its manifest on first use."""
    with _FACTS_LOCK:
        facts = _FACTS.get(generation)
        if facts is None:
            facts = _FACTS[generation] = DocumentFacts(documents, generation.manifest.get("files", {}))
        return facts


def _folder_mask(facts: DocumentFacts, folder: str | None) -> np.ndarray:
    if not folder:
        return np.ones(len(facts.names), dtype=bool)
    prefix = folder + "/"
    return np.fromiter((name.startswith(prefix) for name in facts.names), dtype=bool, count=len(facts.names))


def _kind_mask(facts: DocumentFacts, kinds: tuple[str, ...]) -> np.ndarray:
    if not kinds:
        return np.ones(len(facts.names), dtype=bool)
    wanted = [facts.kind_names.index(kind) for kind in kinds if kind in facts.kind_names]
    mask: np.ndarray = np.isin(facts.kinds, wanted)
    return mask


def _date_mask(facts: DocumentFacts, after: int | None, before: int | None) -> np.ndarray:
    mask = np.ones(len(facts.names), dtype=bool)
    if after is not None:
        mask &= facts.mtimes >= after
    if before is not None:
        mask &= facts.mtimes < before
    return mask


def allowed_documents(facts: DocumentFacts, filters: SearchFilters) -> np.ndarray:
    """Return a boolean per document code: whether *filters* keep that document."""
    mask: np.ndarray = _folder_mask(facts, filters.folder)
    mask &= _kind_mask(facts, filters.kinds)
    mask &= _date_mask(facts, filters.after, filters.before)
    return mask


def _folder_counts(names: np.ndarray, folder: str | None) -> tuple[FacetCount, ...]:
    """Count *names* by their folder one level below *folder* (top-level folders without one)."""
    depth = folder.count("/") + 1 if folder else 0
    counts: Counter[str] = Counter()
    for name in names:
        parts = name.split("/")
        if len(parts) > depth + 1:
            counts["/".join(parts[: depth + 1])] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_FOLDER_VALUES]
    return tuple(FacetCount(value, count) for value, count in ranked)


def count_facets(
    facts: DocumentFacts, matched: np.ndarray, filters: SearchFilters, now: float | None = None
) -> Facets:
    """Count the matching documents (*matched*: their codes, unique) by folder, format and date range.

    Formats and dates apply the filters of the other dimensions, not their
    own; folders list the subfolders of the chosen folder.
    """
    folder = _folder_mask(facts, filters.folder)[matched]
    kind = _kind_mask(facts, filters.kinds)[matched]
    date = _date_mask(facts, filters.after, filters.before)[matched]
    # Folders drill down: the subfolders of the chosen one, among the documents every filter keeps.
    folders = _folder_counts(facts.names[matched[folder & kind & date]], filters.folder)
    kind_codes = facts.kinds[matched[folder & date]]
    kinds = tuple(
        FacetCount(facts.kind_names[code], int(count))
        for code, count in sorted(Counter(kind_codes.tolist()).items(), key=lambda item: (-item[1], item[0]))
    )
    dated = facts.mtimes[matched[folder & kind]]
    bounds = {name: date_bounds(name, now) for name in DATE_RANGES}
    dates = tuple(
        FacetCount(name, int(np.count_nonzero(((dated >= after) if after is not None else True)
                                              & ((dated < before) if before is not None else True))))
        for name, (after, before) in bounds.items()
    )
    return Facets(folders, kinds, dates, bounds)
