"""Filters and sort of a search, read from the query string, and the links that change them.

The results page names them in French: ``dossier`` (a folder of document
ids), ``format`` (one or more), ``date`` (``semaine``, ``mois``, ``annee``,
``ancien``) and ``tri`` (``pertinence`` or ``date``).  The JSON API takes
``folder``, ``kind``, ``after`` / ``before`` (``YYYY-MM-DD``, UTC) or
``date``, and ``sort`` (``relevance`` or ``date``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from flask import request, url_for

import indexer

from .params import BadParameter

__all__ = ["Narrowing", "page_narrowing", "api_narrowing", "DATE_LABELS", "SORT_LABELS"]

DATE_LABELS = {"semaine": "cette semaine", "mois": "ce mois-ci", "annee": "cette année", "ancien": "plus ancien"}
# The page's sort names, and the library's.
SORT_NAMES = {"pertinence": "relevance", "date": "date"}
SORT_LABELS = {"pertinence": "pertinence", "date": "date"}


@dataclass(frozen=True)
class Narrowing:
    """What a results page keeps and how it orders: its filters, as the library takes them and as the URL says them."""

    folder: str | None = None
    kinds: tuple[str, ...] = ()
    dates: str | None = None
    sort: str = "pertinence"

    def filters(self) -> indexer.SearchFilters:
        """Return the library's filters for this narrowing."""
        after, before = indexer.date_bounds(self.dates) if self.dates else (None, None)
        return indexer.SearchFilters(folder=self.folder, kinds=self.kinds, after=after, before=before)

    def params(self, **changes: Any) -> dict[str, Any]:
        """Return the query-string parameters of this narrowing with *changes* (None removes one)."""
        current: dict[str, Any] = {
            "dossier": self.folder, "format": list(self.kinds) or None, "date": self.dates,
            "tri": None if self.sort == "pertinence" else self.sort,
        }
        current.update(changes)
        return {name: value for name, value in current.items() if value}

    def url(self, query: str, all_paragraphs: bool, **changes: Any) -> str:
        """Return the results page of *query* with this narrowing changed by *changes* (back to its first page)."""
        return url_for("views.search", q=query, tous=1 if all_paragraphs else None, **self.params(**changes))

    def toggled_kind(self, kind: str) -> list[str] | None:
        """Return the formats with *kind* added, or removed when it is chosen."""
        kinds = [k for k in self.kinds if k != kind] if kind in self.kinds else [*self.kinds, kind]
        return kinds or None


def _kinds(values: list[str]) -> tuple[str, ...]:
    unknown = [value for value in values if value not in indexer.KINDS]
    if unknown:
        raise BadParameter(f"Format inconnu : « {unknown[0]} » ; les formats sont {', '.join(sorted(indexer.KINDS))}.")
    return tuple(dict.fromkeys(values))


def _date_range(value: str | None) -> str | None:
    if value and value not in DATE_LABELS:
        raise BadParameter(f"Le paramètre date vaut {', '.join(DATE_LABELS)}.")
    return value or None


def page_narrowing() -> Narrowing:
    """Return the narrowing the results page's query string asks for.

    :raises BadParameter: for an unknown format, date range or sort.
    """
    sort = request.args.get("tri", "pertinence")
    if sort not in SORT_NAMES:
        raise BadParameter("Le paramètre tri vaut pertinence ou date.")
    folder = request.args.get("dossier", "").strip("/") or None
    return Narrowing(folder, _kinds(request.args.getlist("format")), _date_range(request.args.get("date")), sort)


def _day(name: str) -> int | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"Le paramètre {name} est une date AAAA-MM-JJ, par exemple 2024-05-31.") from None
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def api_narrowing() -> tuple[indexer.SearchFilters, str]:
    """Return the filters and the library's sort name that an ``/api/search`` request asks for.

    :raises BadParameter: for an unknown format, date, date range or sort.
    """
    sort = request.args.get("sort", "relevance")
    if sort not in SORT_NAMES.values():
        raise BadParameter("Le paramètre sort vaut relevance ou date.")
    after, before = _day("after"), _day("before")
    named = _date_range(request.args.get("date"))
    if named:
        after, before = indexer.date_bounds(named)
    folder = request.args.get("folder", "").strip("/") or None
    return indexer.SearchFilters(folder, _kinds(request.args.getlist("kind")), after, before), sort
