"""Read and check the query-string parameters shared by the HTML pages and the API."""

from __future__ import annotations

import re

from flask import request
from werkzeug.exceptions import BadRequest

__all__ = ["MAX_QUERY_CHARS", "BadParameter", "query_arg", "positive_int_arg"]

# Longer queries are refused: no real question needs more, and the work a
# query costs grows with its length.
MAX_QUERY_CHARS = 500
_DIGITS = re.compile(r"[0-9]+")
# Only this many leading digits are read: a longer number is past any page
# or paragraph anyway, and converting it whole costs time for nothing.
_MAX_DIGITS = 10


class BadParameter(BadRequest):
    """A query-string parameter the application refuses; the description says why, in French."""


def query_arg() -> str:
    """Return the ``q`` parameter, stripped ("" when absent).

    :raises BadParameter: when it is longer than :data:`MAX_QUERY_CHARS`.
    """
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise BadParameter(
            f"La requête est trop longue ({len(query)} caractères) : "
            f"{MAX_QUERY_CHARS} caractères au plus."
        )
    return query


def positive_int_arg(name: str, default: int) -> int:
    """Return the parameter *name* as an integer of at least 1, or *default* when absent.

    :raises BadParameter: when it is present but not such an integer.
    """
    raw = request.args.get(name)
    if raw is None:
        return default
    # int() also reads "٢", "1_0" and " 3 ": only ASCII digits are a page number.
    value = int(raw.lstrip("0")[:_MAX_DIGITS] or "0") if _DIGITS.fullmatch(raw) else 0
    if value < 1:
        raise BadParameter(f"Le paramètre {name} doit être un entier supérieur ou égal à 1.")
    return value
