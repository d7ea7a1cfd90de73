"""The Whoosh schema: one Whoosh document per paragraph."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from .analysis import french_analyzer

__all__ = ["SECTION_BOOST", "TITLE_BOOST", "build_schema"]

# The title is repeated on every paragraph of its document; a match there
# says the whole document is about the word.  Measured on the dev set with
# bench/relevance.py.
TITLE_BOOST = 2.0
# The section path (the headings above a paragraph) names what a part of a
# document is about: more than a word of the paragraph, less than the
# document's title.  Chosen with bench/relevance.py (README, "Relevance").
SECTION_BOOST = 1.5


def build_schema(stemming: bool = True, accent_folding: bool = True) -> Schema:
    """Return the index schema.

    Fields: ``source`` (document id), ``number`` (paragraph number, from 1),
    ``title`` (document title, analysed, boosted), ``section`` (the heading
    path above the paragraph, analysed, boosted less than the title),
    ``text`` (the paragraph, analysed with positions for phrase queries),
    ``page`` (from 1, in paged formats), and the document's ``kind``
    (pdf, docx, ...), ``size`` (bytes) and ``mtime`` (seconds since the
    epoch), repeated on each paragraph so that filters can use them.  All
    are stored; ``page`` and ``section`` are left out of paragraphs that have none.

    :param stemming: passed to :func:`french_analyzer` (off only for measurements).
    :param accent_folding: passed to :func:`french_analyzer` (off only for measurements).
    """
    analyzer = french_analyzer(stemming=stemming, accent_folding=accent_folding)
    return Schema(
        # Columns (sortable) give grouping fast per-paragraph lookups.
        source=ID(stored=True, sortable=True),
        number=NUMERIC(int, stored=True, signed=False, sortable=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST, multitoken_query="phrase"),
        section=TEXT(analyzer=analyzer, stored=True, field_boost=SECTION_BOOST, multitoken_query="phrase"),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True, multitoken_query="phrase"),
        page=NUMERIC(int, stored=True, signed=False),
        kind=ID(stored=True),
        size=NUMERIC(int, bits=64, stored=True, signed=False),
        mtime=NUMERIC(int, bits=64, stored=True),
    )
