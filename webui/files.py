"""The original file of an indexed document: ``/file/<doc_id>``.

Only files the index holds are served, looked up by id through
:meth:`indexer.SearchIndex.original_file` (inside the corpus folder, no link
out of it, still there); anything else is a 404.  The type comes from the
document's format, never from the bytes (``nosniff``).  A PDF opens in the
browser's viewer (``/file/<id>#page=12`` opens it at page 12); every other
format is downloaded.  Whatever its type, the original is served under a
sandboxing policy so that a saved web page's scripts never run as this site.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, send_file

from .searcher import get_index

__all__ = ["bp", "CONTENT_TYPES", "ORIGINAL_POLICY", "PDF_POLICY"]

bp = Blueprint("files", __name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "html": "text/html",
    "epub": "application/epub+zip",
    "md": "text/markdown",
    "txt": "text/plain",
}
# A saved web page may hold scripts: as a sandboxed document with no source
# allowed, none runs, nothing loads, and it has no access to this origin.
ORIGINAL_POLICY = "sandbox; default-src 'none'"
# The browser's PDF viewer does not open in a sandboxed document; a PDF
# may still load nothing from anywhere, and no page may frame it.
PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
_INLINE_KINDS = frozenset({"pdf"})


def _disposition(kind: str, name: str) -> str:
    """Return the Content-Disposition of a file *name*: its name in ASCII and, for accents, RFC 5987's ``filename*``.

    >>> _disposition("odt", "Été 2023.odt")
    'attachment; filename="?t? 2023.odt"; filename*=UTF-8\\'\\'%C3%89t%C3%A9%202023.odt'
    """
    mode = "inline" if kind in _INLINE_KINDS else "attachment"
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace('"', "'").replace("\\", "_")
    header = f'{mode}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


@bp.get("/file/<path:doc_id>")
def original(doc_id: str) -> Response:
    """Send the original file of the indexed document *doc_id*.

    :raises werkzeug.exceptions.NotFound: when the index holds no such
        document, or its file is gone or lies outside the corpus.
    """
    found = get_index().original_file(doc_id)
    if found is None:
        abort(404, description=f"Aucun fichier d'origine pour « {doc_id} » : il n'est pas dans l'index "
                               "ou a été déplacé depuis.")
    try:
        response = send_file(found.path, mimetype=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
                             conditional=True, max_age=0)
    except OSError:
        abort(404, description=f"Le fichier d'origine de « {doc_id} » ne peut plus être lu.")
    response.headers["Content-Disposition"] = _disposition(found.kind, found.name)
    response.headers["Content-Security-Policy"] = PDF_POLICY if found.kind in _INLINE_KINDS else ORIGINAL_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
