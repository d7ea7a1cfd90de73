"""Read a run of consecutive paragraphs of one document, without reading the others.

A document may hold 200 000 paragraphs; showing a page of it must cost what
the page costs.  Paragraph numbers run from 1 without gaps (see
:mod:`indexer.paragraphs`), so a page is a range of numbers: the postings of
the document's ``source`` term intersected with those of the ``number``
range give the page's Whoosh documents, and only their stored fields are
read.  The document's paragraph count comes from the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import query as whoosh_query
from whoosh.searching import Searcher

from ..paragraphs import Paragraph

__all__ = ["DocumentPage", "read_page"]

# The number field holds 32-bit unsigned integers: no paragraph lies beyond.
_MAX_NUMBER = 2**32 - 1


@dataclass(frozen=True)
class DocumentPage:
    """Consecutive paragraphs of an indexed document, with how many paragraphs it has in all.

    ``paragraphs`` is empty when the range asked for lies past the document's end;
    ``kind`` is the document's format (pdf, docx, ...).
    """

    source: str
    title: str
    paragraph_count: int
    paragraphs: tuple[Paragraph, ...]
    kind: str = "txt"


def _docnums(searcher: Searcher, query: Any) -> list[int]:
    # Stepping the matcher skips through the long postings list of the
    # source term; Whoosh's all_ids() on an intersection would walk it whole.
    matcher = query.matcher(searcher)
    docnums = []
    while matcher.is_active():
        docnums.append(matcher.id())
        matcher.next()
    return docnums


def read_page(
    searcher: Searcher, files: dict[str, Any], source: str, start: int, count: int
) -> DocumentPage | None:
    """Return paragraphs *start* .. *start* + *count* - 1 of *source*, or None when no such document.

    :param files: the manifest's ``files`` entry (``{source: {"paragraphs": n, ...}}``).
    :raises ValueError: when *start* or *count* is below 1.
    """
    if start < 1 or count < 1:
        raise ValueError(f"start and count must be at least 1, got {start!r} and {count!r}")
    docnums: list[int] = []
    if start <= _MAX_NUMBER:
        last = min(start + count - 1, _MAX_NUMBER)
        wanted = whoosh_query.And(
            [whoosh_query.Term("source", source), whoosh_query.NumericRange("number", start, last)]
        )
        docnums = _docnums(searcher, wanted)
    stored = sorted((searcher.stored_fields(docnum) for docnum in docnums), key=lambda f: int(f["number"]))
    if stored:
        title, kind = stored[0]["title"], stored[0].get("kind", "txt")
    else:
        first = searcher.document_number(source=source)
        if first is None:
            return None
        first_fields = searcher.stored_fields(first)
        title, kind = first_fields["title"], first_fields.get("kind", "txt")
    entry = files.get(source)
    if entry is not None and "paragraphs" in entry:
        paragraph_count = int(entry["paragraphs"])
    else:
        paragraph_count = sum(1 for _ in searcher.document_numbers(source=source))
    paragraphs = tuple(
        Paragraph(int(f["number"]), f["text"], page=f.get("page"), section=f.get("section")) for f in stored
    )
    return DocumentPage(source, title, paragraph_count, paragraphs, kind)
