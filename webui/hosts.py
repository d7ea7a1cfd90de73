"""Answer only requests addressed to this server by name, and redirect with relative URLs.

A page on any site can point a name it owns at 127.0.0.1 (DNS rebinding) and
then read this server's answers as its own: the only trace is the name in
the ``Host`` header.  Requests whose Host is not one of ``ALLOWED_HOSTS``
(names, without ports) are refused with a 400.  Redirects never repeat the
Host either: their ``Location`` is a path on this server.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, current_app, request

from .serving import LOOPBACK_NAMES

__all__ = ["init_app", "allowed_hosts", "host_name", "relative_location"]

# A refused Host is repeated in the message up to this length.
_MAX_SHOWN_HOST_CHARS = 80


def host_name(value: str) -> str:
    """Return the name part of a Host header or address, lower-cased, without port or brackets.

    >>> host_name("Recherche.Example:8000"), host_name("[::1]:8000"), host_name("::1")
    ('recherche.example', '::1', '::1')
    """
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        value = value[1:end] if end != -1 else value[1:]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    # "localhost." names the same host as "localhost".
    return value.rstrip(".")


def allowed_hosts(bind_host: str, loopback: bool, extra: Iterable[str] = ()) -> list[str]:
    """Return the names a server bound to *bind_host* answers to.

    :param loopback: whether *bind_host* is a loopback address, reached as
        ``localhost``, ``127.0.0.1`` or ``[::1]``.
    :param extra: names given with ``--allowed-host``.
    """
    names = [host_name(bind_host), *(LOOPBACK_NAMES if loopback else ()), *(host_name(e) for e in extra)]
    # A wildcard address is no name a client can use.
    return sorted({name for name in names if name and name not in ("0.0.0.0", "::")})


def _check_host() -> None:
    allowed = current_app.config["ALLOWED_HOSTS"]
    # A request without a Host header (HTTP/1.0) names no other site.
    header = request.headers.get("Host")
    if header is None or host_name(header) in allowed:
        return
    shown = header if len(header) <= _MAX_SHOWN_HOST_CHARS else header[:_MAX_SHOWN_HOST_CHARS] + "…"
    abort(400, description=(
        f"Ce serveur ne répond pas au nom « {shown} » (en-tête Host). "
        "Utilisez l'adresse sous laquelle il est servi, ou ajoutez ce nom avec --allowed-host."
    ))


def relative_location(response: Response) -> Response:
    """Make the ``Location`` of a redirect a path on this server (the app never sends visitors elsewhere)."""
    location = response.headers.get("Location")
    if location and (location.startswith(("//", "/\\")) or urlsplit(location).netloc):
        parts = urlsplit(location)
        # One leading slash: "//name/x" would be read as another host.
        path = "/" + parts.path.lstrip("/\\")
        response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
    return response


def init_app(app: Flask) -> None:
    """Check the Host of every request of *app* (before anything else) and make its redirects relative."""
    app.config.setdefault("ALLOWED_HOSTS", list(LOOPBACK_NAMES))
    app.config["ALLOWED_HOSTS"] = sorted({host_name(name) for name in app.config["ALLOWED_HOSTS"]})
    app.before_request(_check_host)
    app.after_request(relative_location)
