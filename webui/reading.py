"""Which page of a document a request asks for, and how much of it is highlighted.

Documents are shown :data:`PARAGRAPHS_PER_PAGE` paragraphs at a time:
``?page=K`` is the K-th page, ``?p=N`` the page holding paragraph N (links
from results carry it, so their ``#pN`` lands; past the end, the last page).
Marking the query's words is the costly part of a page, so at most
:data:`MAX_HIGHLIGHTED_CHARS` characters are highlighted per answer (as
Elasticsearch's ``max_analyzed_offset``), the target paragraph first; the
others are shown escaped but unmarked, and the page says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort

import indexer

from .params import positive_int_arg
from .searcher import get_index

__all__ = ["PARAGRAPHS_PER_PAGE", "MAX_HIGHLIGHTED_CHARS", "ShownPage", "requested_page", "highlight_page"]

# 100 paragraphs are a long page of ordinary text; paragraphs are cut at
# 20 000 characters when indexed, so a page never exceeds about 2 MB.
PARAGRAPHS_PER_PAGE = 100
# Highlighting runs the French analyzer over the text, about 1 µs a
# character: this many take a tenth of a second (bench/document_view.py).
MAX_HIGHLIGHTED_CHARS = 100_000


@dataclass(frozen=True)
class ShownPage:
    """A page of a document as a request asked for it."""

    doc: indexer.DocumentPage
    number: int
    pages: int
    #: The paragraph asked for with ``?p=``, if any.
    target: int | None

    @property
    def first(self) -> int:
        """Number of the page's first paragraph."""
        return (self.number - 1) * PARAGRAPHS_PER_PAGE + 1


def _pages(doc: indexer.DocumentPage) -> int:
    return max(1, math.ceil(doc.paragraph_count / PARAGRAPHS_PER_PAGE))


def _read(doc_id: str, page: int) -> indexer.DocumentPage:
    start = (page - 1) * PARAGRAPHS_PER_PAGE + 1
    doc = get_index().document_page(doc_id, start=start, count=PARAGRAPHS_PER_PAGE)
    if doc is None:
        abort(404, description=f"Aucun document « {doc_id} » dans l'index.")
    return doc


def requested_page(doc_id: str) -> ShownPage:
    """Return the page of *doc_id* that ``?p=`` or ``?page=`` asks for (``p`` wins; the first page by default).

    :raises werkzeug.exceptions.NotFound: for an unknown document, or a page past its last one.
    :raises webui.params.BadParameter: when ``p`` or ``page`` is not an integer of at least 1.
    """
    target = positive_int_arg("p", 0) or None
    page = positive_int_arg("page", 1)
    if target is not None:
        page = (target - 1) // PARAGRAPHS_PER_PAGE + 1
    doc = _read(doc_id, page)
    pages = _pages(doc)
    if page > pages:
        if target is None:
            abort(404, description=f"Le document « {doc_id} » n'a que {pages} page{'s' if pages > 1 else ''}.")
        # A paragraph past the end (the document got shorter): its last page.
        page = pages
        doc = _read(doc_id, page)
    return ShownPage(doc, page, pages, target)


def highlight_page(shown: ShownPage, query: str) -> tuple[list[str | None], bool]:
    """Return each paragraph's HTML with *query* marked (None: shown unmarked), and whether some were left unmarked.

    Paragraphs are marked in page order, the target one first, while they
    fit in :data:`MAX_HIGHLIGHTED_CHARS`.
    """
    paragraphs = shown.doc.paragraphs
    order = sorted(range(len(paragraphs)), key=lambda i: paragraphs[i].number != shown.target)
    budget = MAX_HIGHLIGHTED_CHARS
    chosen: list[int] = []
    for i in order:
        size = len(paragraphs[i].text)
        if size > budget:
            break
        budget -= size
        chosen.append(i)
    marked: list[str | None] = [None] * len(paragraphs)
    for i, html in zip(chosen, get_index().highlight_many([paragraphs[i].text for i in chosen], query)):
        marked[i] = html
    return marked, len(chosen) < len(paragraphs)
