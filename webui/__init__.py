"""fr-search's web UI: a Flask front end over the indexer library.

Requests flow one way::

    browser --views (HTML) / api (JSON)--> searcher.get_index()
        --> indexer.SearchEngine (opened once per process, shared by all threads)
        --> templates (search/, doc/, errors/) or JSON

The package holds no search logic: queries, ranking, snippets and
highlighting all come from :mod:`indexer`.  Run it with ``python -m webui``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from . import api, auth, errors, files, filters, hosts, searcher, views

__all__ = ["create_app", "SECURITY_HEADERS"]

# Every page is self-contained (own CSS and JS, no inline code), so the
# policy can forbid everything that does not come from this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'; "
    # The search page's own script asks /api/search for results as one types.
    "connect-src 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the web application.

    :param test_config: settings that replace the defaults, e.g.
        ``{"INDEX_DIR": "/tmp/index", "TESTING": True}``.  Besides the index
        and corpus folders: ``ALLOWED_HOSTS`` (names the server answers to,
        loopback ones by default), ``ACCESS_TOKEN`` (None: no token asked)
        and ``SECURE_COOKIES`` (mark the login cookie Secure).
    """
    app = Flask(__name__)
    app.config.from_mapping(INDEX_DIR="index", CORPUS_DIR="seeds")
    if test_config is not None:
        app.config.from_mapping(test_config)
    # French text is sent as UTF-8, not as \u escapes.
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    # Keys in the documented order, not sorted.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    searcher.init_app(app)
    filters.init_app(app)
    errors.init_app(app)
    # The Host check runs first: a request for another site's name gets no further.
    hosts.init_app(app)
    auth.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(files.bp)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # A response that set its own policy (an original file, see webui.files) keeps it.
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
