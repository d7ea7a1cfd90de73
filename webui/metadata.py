"""A document's date and size the French way, for the line under each result's title."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["french_date", "french_size"]

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_KILO = 1024
_UNITS = ("Ko", "Mo", "Go", "To")


def french_date(mtime: int | None) -> str:
    """Return the day of *mtime* (seconds since the epoch, read in UTC) as French write it; "" without one.

    >>> french_date(1_700_000_000), french_date(None)
    ('14 novembre 2023', '')
    """
    if mtime is None:
        return ""
    day = datetime.fromtimestamp(mtime, timezone.utc)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def french_size(size: int | None) -> str:
    """Return *size* bytes in octets, Ko, Mo ... with a decimal comma below 10; "" without one.

    >>> french_size(306), french_size(1250), french_size(52_000_000), french_size(None)
    ('306 o', '1,2 Ko', '50 Mo', '')
    """
    if size is None:
        return ""
    if size < _KILO:
        return f"{size} o"
    value = float(size)
    for unit in _UNITS:
        value /= _KILO
        if value < _KILO or unit == _UNITS[-1]:
            break
    shown = f"{value:.1f}".replace(".", ",") if value < 10 else str(round(value))
    return f"{shown} {unit}"
