"""JSON endpoints: ``/api/search``, ``/api/suggest``, ``/api/doc/<doc_id>`` and ``/healthz``, described at ``/api/openapi.json``.

Errors are ``{"error": "..."}`` with a 4xx or 5xx status (see :mod:`webui.errors`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

import indexer
from indexer import MAX_LIMIT

from .completion import complete_query
from .health import check_index, describe_failure
from .narrowing import api_narrowing
from .hits import describe_hits
from .openapi import openapi_document
from .params import BadParameter, positive_int_arg, query_arg
from .reading import requested_page
from .searcher import get_index
from .views import RESULTS_PER_PAGE, file_url, hit_url

__all__ = ["bp"]

bp = Blueprint("api", __name__)

# Completions offered under the box: more would hide the results they precede.
COMPLETIONS = 8
# What SearchIndex.complete accepts.
MAX_COMPLETIONS = 20


@bp.get("/api/search")
def search() -> dict[str, Any]:
    """Return a page of hits for ``q``; ``limit`` above the maximum is lowered to it."""
    query = query_arg()
    if not query:
        raise BadParameter("Le paramètre q (le texte à chercher) est obligatoire.")
    page = positive_int_arg("page", 1)
    limit = min(positive_int_arg("limit", RESULTS_PER_PAGE), MAX_LIMIT)
    group = request.args.get("group", "0")
    if group not in ("0", "1"):
        raise BadParameter("Le paramètre group vaut 0 (un résultat par paragraphe) ou 1 (par document).")
    filters, sort = api_narrowing()
    index = get_index()
    try:
        result = index.search(query, limit=limit, page=page, group=group == "1", filters=filters, sort=sort)
    except ValueError as error:
        # The one engine that offers no filters says so; everything else was checked above.
        raise BadParameter(f"Ce serveur ne peut pas filtrer ni trier par date ({error}).") from None
    shown = describe_hits(index, result.hits, query, lambda hit: hit_url(hit, query))
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "limit": result.limit,
        "took_ms": result.took_ms,
        "suggestion": result.suggestion,
        "grouped": result.grouped,
        "partial": result.partial,
        "expansions": [{"word": word, "matches": list(words)} for word, words in result.expansions],
        "hits": [
            {
                "source": hit.source,
                "title": hit.title,
                "paragraph": hit.paragraph,
                "score": hit.score,
                "snippet": hit.snippet,
                "url": item.url,
                "other_paragraphs": list(hit.other_paragraphs),
                "page": hit.page,
                "section": hit.section,
                "kind": hit.kind,
                "file_url": file_url(hit.source, hit.page),
                "title_html": item.title_html,
                "folder": item.folder,
                "twin": item.twin,
                "size": hit.size,
                "mtime": hit.mtime,
            }
            for item in shown
            for hit in (item.hit,)
        ],
        "sort": sort,
        "facets": facets_json(result.facets),
    }


def facets_json(facets: indexer.Facets | None) -> dict[str, Any] | None:
    """Return *facets* as JSON: each dimension a list of ``{"value", "count"}``; dates with their bounds (ISO, UTC)."""
    if facets is None:
        return None

    def day(seconds: int | None) -> str | None:
        return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc).date().isoformat()

    return {
        "folders": [{"value": f.value, "count": f.count} for f in facets.folders],
        "kinds": [{"value": f.value, "count": f.count} for f in facets.kinds],
        "dates": [
            {"value": f.value, "count": f.count, "after": day(facets.date_bounds[f.value][0]),
             "before": day(facets.date_bounds[f.value][1])}
            for f in facets.dates
        ],
    }


@bp.get("/api/suggest")
def suggest() -> dict[str, Any]:
    """Return completions of the word being typed at the end of ``q``, each with the whole query it makes."""
    query = query_arg()
    if not query:
        raise BadParameter("Le paramètre q (le début du texte à chercher) est obligatoire.")
    limit = positive_int_arg("limit", COMPLETIONS)
    if limit > MAX_COMPLETIONS:
        raise BadParameter(f"Le paramètre limit vaut au plus {MAX_COMPLETIONS}.")
    word, completions = complete_query(get_index(), query, limit)
    return {
        "query": query,
        "prefix": word,
        "completions": [{"word": item.word, "query": item.query} for item in completions],
    }


@bp.get("/api/doc/<path:doc_id>")
def document(doc_id: str) -> dict[str, Any]:
    """Return a page of a document's numbered paragraphs as plain text (``?page=K`` or ``?p=N``, as the HTML page)."""
    shown = requested_page(doc_id)
    return {
        "source": shown.doc.source,
        "title": shown.doc.title,
        "paragraph_count": shown.doc.paragraph_count,
        "page": shown.number,
        "pages": shown.pages,
        "kind": shown.doc.kind,
        "file_url": file_url(shown.doc.source),
        "paragraphs": [
            {"number": p.number, "text": p.text, "page": p.page, "section": p.section} for p in shown.doc.paragraphs
        ],
    }


@bp.get("/healthz")
def healthz() -> dict[str, Any] | tuple[Response, int]:
    """Run a cheap real search and say how much the index holds; 503 with the reason when it fails."""
    index = get_index()
    try:
        documents, paragraphs = check_index(index)
    except Exception as error:  # whatever a damaged index raises: the check exists to report it
        current_app.logger.exception("health check failed")
        return jsonify(error=describe_failure(error)), 503
    return {"status": "ok", "documents": documents, "paragraphs": paragraphs}


@bp.get("/api/openapi.json")
def openapi() -> dict[str, Any]:
    """Return the OpenAPI 3 description of these endpoints."""
    return openapi_document()
