"""HTML pages: the search page ``/`` and the document page ``/doc/<doc_id>``."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

import indexer

from .alternatives import alternatives
from .examples import help_examples
from .hits import describe_hits
from .metadata import french_date, french_size
from .pagination import page_numbers
from .narrowing import DATE_LABELS, SORT_NAMES, Narrowing, page_narrowing
from .params import MAX_QUERY_CHARS, BadParameter, positive_int_arg, query_arg
from .reading import MAX_HIGHLIGHTED_CHARS, highlight_page, requested_page
from .toc import page_sections
from .searcher import get_index

__all__ = ["bp", "RESULTS_PER_PAGE", "file_url", "hit_url", "results_url"]

bp = Blueprint("views", __name__)
# The line under each result's title says when its file changed and how big it is.
bp.add_app_template_global(french_date, "french_date")
bp.add_app_template_global(french_size, "french_size")

RESULTS_PER_PAGE = 10


def hit_url(
    hit: indexer.Hit, query: str, paragraph: int | None = None, *, all_paragraphs: bool = False, results_page: int = 1,
    narrowing: Narrowing | None = None,
) -> str:
    """Return the link from a hit to its paragraph (or another one of its document).

    :param all_paragraphs: the results page showed every paragraph (``tous=1``).
    :param results_page: the page of results the link is on; with the view
        and the *narrowing* (filters, sort), the document's « Retour aux
        résultats » leads back to that very page.
    """
    number = hit.paragraph if paragraph is None else paragraph
    # ?p= opens the page of a long document that holds the paragraph, so #pN lands.
    return url_for(
        "views.document", doc_id=hit.source, q=query, tous=1 if all_paragraphs else None,
        rpage=results_page if results_page > 1 else None, **(narrowing.params() if narrowing else {}),
        p=number, _anchor=f"p{number}",
    )


def results_url(query: str, all_paragraphs: bool, results_page: int, narrowing: Narrowing | None = None) -> str:
    """Return the URL of a results page: *query*, the view (``tous=1``), the page number and the filters."""
    return url_for(
        "views.search", q=query, tous=1 if all_paragraphs else None, page=results_page if results_page > 1 else None,
        **(narrowing.params() if narrowing else {}),
    )


def file_url(source: str, page: int | None = None) -> str:
    """Return the link to a document's original file; *page* opens a PDF at that page (``#page=12``)."""
    return url_for("files.original", doc_id=source, _anchor=f"page={page}" if page else None)


@bp.get("/")
def search() -> tuple[str, int]:
    """Show the search form and, with ``?q=``, a page of ranked paragraphs."""
    context = {"max_query_chars": MAX_QUERY_CHARS, "result": None, "hits": (), "error": None}
    try:
        query = query_arg()
    except BadParameter as error:
        context.update(query=request.args.get("q", ""), error=error.description)
        return render_template("search/index.html", **context), 400
    try:
        page = positive_int_arg("page", 1)
    except BadParameter:
        # A hand-edited page number is not worth an error page.
        page = 1
    try:
        narrowing = page_narrowing()
    except BadParameter as error:
        context.update(query=query, error=error.description)
        return render_template("search/index.html", **context), 400
    context.update(query=query, narrowing=narrowing, date_labels=DATE_LABELS)
    # Results come one per document (its best paragraph) unless every
    # matching paragraph is asked for with ?tous=1.
    all_paragraphs = request.args.get("tous") == "1"
    context["all_paragraphs"] = all_paragraphs
    index = get_index()
    if query:
        result = index.search(query, limit=RESULTS_PER_PAGE, page=page, group=not all_paragraphs,
                              filters=narrowing.filters(), sort=SORT_NAMES[narrowing.sort])

        def link(hit: indexer.Hit, number: int | None = None) -> str:
            return hit_url(hit, query, number, all_paragraphs=all_paragraphs, results_page=result.page,
                           narrowing=narrowing)

        context.update(
            result=result,
            hits=describe_hits(index, result.hits, query, link),
            first_rank=(result.page - 1) * result.limit + 1,
            page_numbers=page_numbers(result.page, result.pages),
            hit_url=link,
            file_url=file_url,
        )
        if not result.total:
            context["alternatives"] = alternatives(index, query, group=not all_paragraphs)
            context["examples"] = help_examples(index)
    else:
        context.update(documents=len(index.sources()), examples=help_examples(index))
    return render_template("search/index.html", **context), 200


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str) -> str:
    """Show a page of a document, numbered by paragraph, with the query's words marked.

    The document comes from the index, looked up by id: nothing is read from
    disk by path, so no id can reach a file outside the corpus.  Long
    documents come a page at a time (see :mod:`webui.reading`).
    """
    query = query_arg()
    try:
        results_page = positive_int_arg("rpage", 1)
        narrowing = page_narrowing()
    except BadParameter:
        # A hand-edited way back is not worth an error page: back to the first page, unfiltered.
        results_page, narrowing = 1, Narrowing()
    all_paragraphs = request.args.get("tous") == "1"
    back_url = results_url(query, all_paragraphs, results_page, narrowing) if query else url_for("views.search")
    shown = requested_page(doc_id)
    marked, partial = highlight_page(shown, query) if query else ([None] * len(shown.doc.paragraphs), False)
    return render_template(
        "doc/show.html",
        doc=shown.doc,
        shown=shown,
        paragraphs=list(zip(shown.doc.paragraphs, marked)),
        query=query,
        back_url=back_url,
        sections=page_sections(shown.doc.paragraphs),
        partial_highlight=partial,
        max_highlighted_chars=MAX_HIGHLIGHTED_CHARS,
        page_numbers=page_numbers(shown.number, shown.pages),
        file_url=file_url,
    )
