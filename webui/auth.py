"""Access token: with ``ACCESS_TOKEN`` set, every page and API answer needs it.

The API takes it as ``Authorization: Bearer <token>``.  Pages send visitors
without it to ``/login``, a form that, given the token, sets a cookie
holding an HMAC of it (so the cookie is no copy of the token), HttpOnly and
SameSite=Strict.  The cookie is marked Secure when the request came over
https or ``SECURE_COOKIES`` is set: behind a reverse proxy that ends https
the server cannot tell, so the operator says so (``--secure-cookies``).
Static files (the login page's style) and ``/healthz`` (for probes) stay open.
Every comparison runs in constant time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
from flask import (Blueprint, Flask, Response, current_app, jsonify, redirect, render_template, request,
                   url_for)
from werkzeug.wrappers import Response as BaseResponse

from .errors import wants_json

__all__ = ["bp", "init_app", "COOKIE_NAME", "MIN_TOKEN_CHARS", "LOGIN_COOKIE_SECONDS", "session_value"]

bp = Blueprint("auth", __name__)

COOKIE_NAME = "fr_search_session"
# Shorter tokens are refused at start: the login form is the only thing
# between a guesser and the documents.
MIN_TOKEN_CHARS = 16
# A login lasts a week; changing the token ends every login at once.
LOGIN_COOKIE_SECONDS = 7 * 24 * 3600
_COOKIE_CONTEXT = b"fr-search login cookie"
_OPEN_PATHS = ("/login", "/healthz")
_OPEN_PREFIXES = ("/static/",)


def session_value(token: str) -> str:
    """Return what the login cookie holds for *token*: an HMAC of it, never the token itself."""
    return hmac.new(token.encode("utf-8"), _COOKIE_CONTEXT, hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _authorised(token: str) -> bool:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and _same(credentials.strip(), token):
        return True
    cookie = request.cookies.get(COOKIE_NAME)
    return cookie is not None and _same(cookie, session_value(token))


def _local_target(target: str | None) -> str:
    """Return *target* if it is a path on this server, else the home page (no open redirect)."""
    # "//x" and "/\\x" name another host; control characters cannot go in a header.
    if (not target or not target.startswith("/") or target.startswith(("//", "/\\"))
            or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target)):
        return url_for("views.search")
    return target


def _require_token() -> Response | BaseResponse | tuple[Response, int, dict[str, str]] | None:
    token = current_app.config.get("ACCESS_TOKEN")
    path = request.path
    if not token or path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES) or _authorised(token):
        return None
    if wants_json():
        body = jsonify(error="Jeton d'accès manquant ou incorrect : envoyez l'en-tête Authorization: Bearer <jeton>.")
        return body, 401, {"WWW-Authenticate": 'Bearer realm="fr-search"'}
    target = request.full_path.rstrip("?")
    return redirect(url_for("auth.login", suivant=target), 303)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | BaseResponse | tuple[str, int]:
    """Show the token form; given the right token, set the login cookie and go on to the page asked for."""
    token = current_app.config.get("ACCESS_TOKEN")
    target = _local_target(request.values.get("suivant"))
    if not token:
        return redirect(target, 303)
    if request.method == "GET":
        return render_template("auth/login.html", target=target, error=None), 200
    if not _same(request.form.get("jeton", ""), token):
        return render_template("auth/login.html", target=target, error="Jeton incorrect."), 401
    response = redirect(target, 303)
    secure = bool(current_app.config.get("SECURE_COOKIES")) or request.is_secure
    response.set_cookie(COOKIE_NAME, session_value(token), max_age=LOGIN_COOKIE_SECONDS, path="/",
                        secure=secure, httponly=True, samesite="Strict")
    return response


def init_app(app: Flask) -> None:
    """Require ``ACCESS_TOKEN`` (when set) on *app*'s pages and API, and add ``/login``."""
    app.config.setdefault("ACCESS_TOKEN", None)
    app.config.setdefault("SECURE_COOKIES", False)
    app.register_blueprint(bp)
    app.before_request(_require_token)
