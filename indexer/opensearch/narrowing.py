"""Filters, facets and the sort by date as OpenSearch clauses (the Whoosh side: :mod:`indexer.search.filters`).

A filter is a ``bool.filter`` clause: ``prefix`` on the document id for a
folder, ``terms`` on the kind, ``range`` on the modification time.  They go
into the search's ``post_filter``, so that its aggregations see every match
of the query: each facet is an aggregation wrapped in a ``filter`` of the
other dimensions' clauses (a dimension's own filter does not narrow its
counts), counting distinct documents (``cardinality`` of the id).  Folders
are counted on ``folders``, the folders above each entry, indexed with it.
"""

from __future__ import annotations

import re
from typing import Any

from ..search.filters import DATE_RANGES, MAX_FOLDER_VALUES, SORTS, FacetCount, Facets, SearchFilters, date_bounds

__all__ = ["ancestors", "check_sort", "filter_clauses", "narrowing", "facets_of", "sort_clause"]

# Documents counted exactly per facet value (cardinality's ceiling; above it, within a few per cent).
COUNT_PRECISION = 40_000
# Folder buckets asked for before they are ordered by documents and cut to MAX_FOLDER_VALUES
# (the cluster orders buckets by paragraphs).
FOLDER_BUCKETS = 1000
# What Lucene's regular expressions give a meaning to: escaped in a folder name.
_REGEX_SPECIAL = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')
_DOCUMENTS = {"documents": {"cardinality": {"field": "source", "precision_threshold": COUNT_PRECISION}}}


def ancestors(source: str) -> list[str]:
    """Return the folders above the document *source*, outermost first.

    >>> ancestors("guides/réseau/wifi.txt")
    ['guides', 'guides/réseau']
    """
    parts = source.split("/")[:-1]
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def check_sort(sort: str) -> None:
    """:raises ValueError: when *sort* is not one of :data:`~indexer.search.filters.SORTS`."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")


def filter_clauses(filters: SearchFilters, leave_out: str = "") -> list[dict[str, Any]]:
    """Return the clauses keeping what *filters* keep, but that of the dimension *leave_out*."""
    clauses: list[dict[str, Any]] = []
    if filters.folder and leave_out != "folder":
        clauses.append({"prefix": {"source": filters.folder + "/"}})
    if filters.kinds and leave_out != "kinds":
        clauses.append({"terms": {"kind": list(filters.kinds)}})
    if (filters.after is not None or filters.before is not None) and leave_out != "dates":
        bounds = {"gte": filters.after, "lt": filters.before}
        clauses.append({"range": {"mtime": {key: value for key, value in bounds.items() if value is not None}}})
    return clauses


def _within(clauses: list[dict[str, Any]], aggregation: dict[str, Any]) -> dict[str, Any]:
    return {"filter": {"bool": {"filter": clauses}}, "aggs": {"values": {**aggregation, "aggs": _DOCUMENTS}}}


def narrowing(filters: SearchFilters, now: float | None = None) -> dict[str, Any]:
    """Return the ``post_filter`` and ``aggs`` of a search under *filters*, to merge into its body."""
    folder = _REGEX_SPECIAL.sub(r"\\\1", filters.folder) + "/" if filters.folder else ""
    ranges = [{"key": name, **({"from": after} if after is not None else {}),
               **({"to": before} if before is not None else {})}
              for name, (after, before) in ((name, date_bounds(name, now)) for name in DATE_RANGES)]
    body: dict[str, Any] = {"aggs": {
        "facet_folders": _within(filter_clauses(filters), {"terms": {
            "field": "folders", "include": folder + "[^/]+", "size": FOLDER_BUCKETS}}),
        "facet_kinds": _within(filter_clauses(filters, "kinds"), {"terms": {
            "field": "kind", "missing": "txt", "size": FOLDER_BUCKETS}}),
        "facet_dates": _within(filter_clauses(filters, "dates"), {"range": {
            "field": "mtime", "missing": 0, "ranges": ranges}}),
    }}
    clauses = filter_clauses(filters)
    if clauses:
        body["post_filter"] = {"bool": {"filter": clauses}}
    return body


def facets_of(answer: dict[str, Any], now: float | None = None) -> Facets:
    """Return the facets counted by the aggregations of :func:`narrowing` in *answer*."""
    found = answer.get("aggregations", {})

    def counts(name: str) -> list[FacetCount]:
        buckets = found.get(name, {}).get("values", {}).get("buckets", [])
        return [FacetCount(str(b["key"]), int(b["documents"]["value"])) for b in buckets]

    def ranked(values: list[FacetCount]) -> tuple[FacetCount, ...]:
        return tuple(sorted((v for v in values if v.count), key=lambda v: (-v.count, v.value)))

    by_name = {value.value: value.count for value in counts("facet_dates")}
    return Facets(
        folders=ranked(counts("facet_folders"))[:MAX_FOLDER_VALUES], kinds=ranked(counts("facet_kinds")),
        dates=tuple(FacetCount(name, by_name.get(name, 0)) for name in DATE_RANGES),
        date_bounds={name: date_bounds(name, now) for name in DATE_RANGES},
    )


def sort_clause(sort: str, tie: list[Any]) -> list[Any]:
    """Return the search's ``sort``: by relevance, or newest first then by relevance; *tie* breaks equal ones."""
    newest = [{"mtime": {"order": "desc", "missing": "_last"}}] if sort == "date" else []
    return [*newest, "_score", *tie]
