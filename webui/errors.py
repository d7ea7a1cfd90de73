"""Error responses: French HTML pages, or ``{"error": ...}`` JSON for the API.

No exception detail ever reaches a client: an unexpected error is logged by
Flask and answered with a generic 500.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

import indexer

from .searcher import rebuild_command

__all__ = ["init_app", "wants_json"]

_TITLES = {
    400: "Requête invalide",
    401: "Accès protégé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    500: "Erreur interne",
    503: "Service indisponible",
}
# Said when the code that aborted gave no French description of its own.
_MESSAGES = {
    400: "La requête n'a pas pu être comprise.",
    404: "Cette page n'existe pas. Vérifiez l'adresse ou lancez une nouvelle recherche.",
    405: "Cette adresse n'accepte pas cette méthode HTTP.",
    500: "Une erreur inattendue s'est produite. Réessayez dans un instant.",
}
_DEFAULT_TITLE = "Erreur"
_DEFAULT_MESSAGE = "La requête n'a pas abouti."
_JSON_PATHS = ("/api/", "/healthz")


def wants_json() -> bool:
    """Return whether the current request is one of the JSON endpoints."""
    return request.path.startswith(_JSON_PATHS)


def _respond(code: int, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify(error=message), code
    title = _TITLES.get(code, _DEFAULT_TITLE)
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _http_error(error: HTTPException) -> tuple[Response | str, int, list[tuple[str, str]]]:
    code = error.code or 500
    # Werkzeug's own descriptions are English; ours are French and say more.
    description = error.description
    own = bool(description) and description != type(error).description
    message = str(description) if own else _MESSAGES.get(code, _DEFAULT_MESSAGE)
    body, status = _respond(code, message)
    # Keep headers such as Allow on a 405; the body replaces Werkzeug's.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return body, status, headers


def _index_missing(error: indexer.IndexNotFoundError) -> tuple[Response | str, int]:
    message = (
        "L'index de recherche n'est pas encore construit. "
        f"Construisez-le avec la commande : {rebuild_command()}"
    )
    return _respond(503, message)


def _cluster_unavailable(error: indexer.SearchClusterError) -> tuple[Response | str, int]:
    # The cause (host, port, shard states) is for the logs and the operator, not for visitors.
    message = "Le serveur de recherche OpenSearch ne répond pas pour le moment. Réessayez dans un instant."
    return _respond(503, message)


def init_app(app: Flask) -> None:
    """Register the error handlers on *app*."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(indexer.IndexNotFoundError, _index_missing)
    app.register_error_handler(indexer.SearchClusterError, _cluster_unavailable)
