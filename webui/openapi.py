"""The OpenAPI 3 description of the JSON API, served at ``/api/openapi.json``.

Written by hand next to :mod:`webui.api` (three endpoints do not need a
generator); ``tests/web/test_openapi.py`` runs schemathesis against a live
server to keep the two in agreement.
"""

from __future__ import annotations

from typing import Any

from indexer import KINDS, MAX_LIMIT

from .params import MAX_QUERY_CHARS
from .reading import PARAGRAPHS_PER_PAGE

from .openapi_search import (
    COMPLETION_SCHEMAS, FACET_SCHEMAS, FILTER_PARAMETERS, HIT_VIEW_PROPERTIES, RESULT_NARROWING_PROPERTIES,
    SUGGEST_PARAMETERS,
)

__all__ = ["OPENAPI_VERSION", "openapi_document"]

OPENAPI_VERSION = "3.0.3"


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


_NO_INDEX = _error("No index has been built yet; the message gives the command that builds it.")
_UNAUTHORISED = _error("The server requires an access token (Authorization: Bearer <token>) and none or "
                       "a wrong one was sent.")

_PARAGRAPH_PAGE = {
    "type": "integer", "minimum": 1, "nullable": True,
    "description": "The paragraph's page in the original (PDF), from 1; null for formats without pages.",
}
_PARAGRAPH_SECTION = {
    "type": "string", "nullable": True,
    "description": "The headings above the paragraph, « 3 Installation › 3.2 Réseau »; null when none.",
}
_KIND = {
    "type": "string", "enum": list(KINDS),
    "description": "The document's format.",
}

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string", "description": "What went wrong, in French."}},
    },
    "Hit": {
        "type": "object",
        "required": [
            "source", "title", "paragraph", "score", "snippet", "url", "other_paragraphs",
            "page", "section", "kind", "file_url", "title_html", "folder", "twin", "size", "mtime",
        ],
        "properties": {
            "source": {"type": "string", "description": "Document id: its path in the corpus, /-separated."},
            "title": {"type": "string"},
            **HIT_VIEW_PROPERTIES,
            "paragraph": {"type": "integer", "minimum": 1, "description": "Paragraph number, from 1."},
            "score": {"type": "number"},
            "snippet": {
                "type": "string",
                "description": "HTML: the matched words in <mark>, every other character escaped.",
            },
            "url": {"type": "string", "description": "Link to the paragraph in the document page."},
            "other_paragraphs": {
                "type": "array", "items": {"type": "integer", "minimum": 1},
                "description": "With group=1: the numbers of the document's other matching paragraphs.",
            },
            "page": _PARAGRAPH_PAGE,
            "section": _PARAGRAPH_SECTION,
            "kind": _KIND,
            "file_url": {
                "type": "string",
                "description": "Link to the original file; for a PDF, opened at the paragraph's page (#page=N).",
            },
        },
    },
    **COMPLETION_SCHEMAS,
    "SearchResult": {
        "type": "object",
        "required": [
            "query", "total", "page", "pages", "limit", "took_ms", "suggestion", "grouped", "expansions", "hits",
        ],
        "properties": {
            "query": {"type": "string"},
            "total": {
                "type": "integer", "minimum": 0,
                "description": "Matching paragraphs in all (documents, with group=1).",
            },
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
            "took_ms": {"type": "number", "minimum": 0},
            "suggestion": {
                "type": "string", "nullable": True,
                "description": "The query with misspelled words corrected, or null.",
            },
            "grouped": {"type": "boolean", "description": "Whether hits are one per document."},
            "partial": {
                "type": "boolean",
                "description": "Whether the search stopped short (its time limit, or a cap on wildcards): "
                "some matches may be missing.",
            },
            "expansions": {
                "type": "array",
                "description": "What each query word searched for: its corpus spellings and inflections.",
                "items": {
                    "type": "object",
                    "required": ["word", "matches"],
                    "properties": {
                        "word": {"type": "string"},
                        "matches": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            **RESULT_NARROWING_PROPERTIES,
        },
    },
    **FACET_SCHEMAS,
    "Document": {
        "type": "object",
        "required": ["source", "title", "paragraph_count", "page", "pages", "kind", "file_url", "paragraphs"],
        "description": f"A page of a document: at most {PARAGRAPHS_PER_PAGE} consecutive paragraphs.",
        "properties": {
            "source": {"type": "string"},
            "title": {"type": "string"},
            "paragraph_count": {"type": "integer", "minimum": 0, "description": "Paragraphs in the whole document."},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "kind": _KIND,
            "file_url": {"type": "string", "description": "Link to the original file."},
            "paragraphs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number", "text", "page", "section"],
                    "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "text": {"type": "string", "description": "Plain text, as written."},
                        "page": _PARAGRAPH_PAGE,
                        "section": _PARAGRAPH_SECTION,
                    },
                },
            },
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "documents", "paragraphs"],
        "properties": {
            "status": {"type": "string", "enum": ["ok"]},
            "documents": {"type": "integer", "minimum": 0},
            "paragraphs": {"type": "integer", "minimum": 0},
        },
    },
}

_PATHS: dict[str, Any] = {
    "/api/search": {
        "get": {
            "operationId": "search",
            "summary": "Paragraphs best matching a query, a page at a time.",
            "parameters": [
                {
                    "name": "q", "in": "query", "required": True,
                    "description": (
                        "What to search, in the query language (words, \"phrases\", -word, OR, prefix*, "
                        f"title:word); at most {MAX_QUERY_CHARS} characters once trimmed."
                    ),
                    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": r"\S"},
                },
                {
                    "name": "page", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                {
                    "name": "limit", "in": "query", "required": False,
                    "description": f"Hits per page; more than {MAX_LIMIT} is lowered to {MAX_LIMIT}.",
                    "schema": {"type": "integer", "minimum": 1, "default": 10},
                },
                {
                    "name": "group", "in": "query", "required": False,
                    "description": "1: one hit per document (its best paragraph); 0: one per paragraph.",
                    "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
                },
                *FILTER_PARAMETERS,
            ],
            "responses": {
                "200": _ok("A page of hits (none past the last page).", "SearchResult"),
                "400": _error(
                    "q missing, empty or too long; page or limit not an integer of at least 1; group not 0 or 1; "
                    "an unknown kind, date range or sort, or a day not written YYYY-MM-DD."
                ),
                "401": _UNAUTHORISED,
                "503": _NO_INDEX,
            },
        }
    },
    "/api/suggest": {
        "get": {
            "operationId": "suggest",
            "summary": "Words of the corpus completing the last word of a query, most frequent first.",
            "parameters": SUGGEST_PARAMETERS,
            "responses": {
                "200": _ok("The completions (none when the query does not end with a word of 2 letters or more).",
                           "Completions"),
                "400": _error("q missing, empty or too long; limit not an integer from 1 to 20."),
                "401": _UNAUTHORISED,
                "503": _NO_INDEX,
            },
        }
    },
    "/api/doc/{doc_id}": {
        "get": {
            "operationId": "document",
            "summary": f"A page of an indexed document: {PARAGRAPHS_PER_PAGE} numbered paragraphs at a time.",
            "parameters": [
                {
                    "name": "doc_id", "in": "path", "required": True,
                    "description": "Document id, as in a hit's source (it may hold slashes).",
                    "schema": {"type": "string"},
                },
                {
                    "name": "page", "in": "query", "required": False,
                    "description": "Which page of the document.",
                    "schema": {"type": "integer", "minimum": 1, "default": 1},
                },
                {
                    "name": "p", "in": "query", "required": False,
                    "description": "A paragraph number: the page holding it (the last page if it is past the end); "
                    "wins over page.",
                    "schema": {"type": "integer", "minimum": 1},
                },
            ],
            "responses": {
                "200": _ok("The page of the document.", "Document"),
                "400": _error("page or p not an integer of at least 1."),
                "401": _UNAUTHORISED,
                "404": _error("No indexed document has this id, or the page is past its last one."),
                "503": _NO_INDEX,
            },
        }
    },
    "/healthz": {
        "get": {
            "operationId": "health",
            "summary": "Whether the index answers a real search, and how much it holds (open without a token).",
            "security": [],
            "responses": {
                "200": _ok("The index is serving: a search of a word of its first document found it.", "Health"),
                "503": _error("No index yet (the message gives the command that builds it), or the index "
                              "opened but its test search failed (the message says how)."),
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI description of the JSON API."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "fr-search JSON API",
            "version": "1",
            "description": "Full-text search in a folder of French texts, paragraph by paragraph.",
        },
        "paths": _PATHS,
        # Required only when the server was started with a token (always off loopback).
        "security": [{"token": []}, {}],
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
