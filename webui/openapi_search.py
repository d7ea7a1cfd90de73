"""The parts of the OpenAPI description that the search page's needs added: hit display fields, filters, facets, completions.

Kept apart from :mod:`webui.openapi`, which assembles them, so that each
file stays readable.
"""

from __future__ import annotations

from typing import Any

from indexer import KINDS

from .params import MAX_QUERY_CHARS

__all__ = [
    "HIT_VIEW_PROPERTIES", "RESULT_NARROWING_PROPERTIES", "FACET_SCHEMAS", "COMPLETION_SCHEMAS", "FILTER_PARAMETERS",
    "SUGGEST_PARAMETERS",
]

_SORTS = ["relevance", "date"]

#: Fields of a hit that say where it comes from and tell look-alike titles apart.
HIT_VIEW_PROPERTIES: dict[str, Any] = {
    "title_html": {
        "type": "string",
        "description": "HTML: the title with the query's words in <mark>, every other character escaped.",
    },
    "folder": {
        "type": "string", "nullable": True,
        "description": "The document's folders, joined with ' › '; null at the corpus root.",
    },
    "twin": {
        "type": "string", "nullable": True,
        "description": (
            "When another hit of the page has the same title, what tells this one apart "
            "(the end of its path, or its section within the same document); else null."
        ),
    },
    "size": {
        "type": "integer", "minimum": 0, "nullable": True,
        "description": "Size of the document's file in bytes, when the build recorded it.",
    },
    "mtime": {
        "type": "integer", "nullable": True,
        "description": "The file's modification time, in seconds since 1970-01-01 UTC.",
    },
}

#: Fields of a search result: its sort and its facets.
RESULT_NARROWING_PROPERTIES: dict[str, Any] = {
    "sort": {"type": "string", "enum": _SORTS},
    "facets": {
        "type": "object", "nullable": True,
        "description": (
            "The matching documents counted by folder (one level below the folder filter), format "
            "and date range; formats and dates ignore their own filter. Null when the engine has none."
        ),
        "properties": {
            name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetCount"}}
            for name in ("folders", "kinds", "dates")
        },
    },
}

FACET_SCHEMAS: dict[str, Any] = {
    "FacetCount": {
        "type": "object",
        "required": ["value", "count"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "after": {"type": "string", "format": "date", "nullable": True},
            "before": {"type": "string", "format": "date", "nullable": True},
        },
    },
}

COMPLETION_SCHEMAS: dict[str, Any] = {
    "Completions": {
        "type": "object",
        "required": ["query", "prefix", "completions"],
        "properties": {
            "query": {"type": "string"},
            "prefix": {
                "type": "string", "nullable": True,
                "description": "The word being completed; null when the query does not end with a word.",
            },
            "completions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["word", "query"],
                    "properties": {
                        "word": {"type": "string", "description": "A corpus word, with its accents."},
                        "query": {"type": "string", "description": "The query with that word in place of the prefix."},
                    },
                },
            },
        },
    },
}


def _parameter(name: str, description: str | None, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": schema, **extra}
    if description:
        parameter["description"] = description
    return parameter


# A form left blank sends an empty date: it means no bound, as no parameter does.
_DAY_OR_EMPTY: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]
}


#: The filters and sort of ``/api/search``.
FILTER_PARAMETERS: list[dict[str, Any]] = [
    _parameter("folder", "Only documents under this folder of document ids (guides/réseau).", {"type": "string"}),
    _parameter("kind", "Only documents of these formats (repeat the parameter for several).",
               {"type": "array", "items": {"type": "string", "enum": list(KINDS)}}, explode=True),
    _parameter("after", "Only documents modified on or after this day (UTC); empty: no bound.", _DAY_OR_EMPTY),
    _parameter("before", "Only documents modified before this day (UTC); empty: no bound.", _DAY_OR_EMPTY),
    _parameter("date", "A date range by name, relative to now (replaces after and before).",
               {"type": "string", "enum": ["semaine", "mois", "annee", "ancien"]}),
    _parameter("sort", None, {"type": "string", "enum": _SORTS, "default": "relevance"}),
]

#: The parameters of ``/api/suggest``.
SUGGEST_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "q", "in": "query", "required": True,
        "description": (
            "The query as typed so far; its last word (after any -, \" or field: before it) is "
            f"completed, accents ignored. At most {MAX_QUERY_CHARS} characters once trimmed."
        ),
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": r"\S"},
    },
    _parameter("limit", None, {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}),
]
