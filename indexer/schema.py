"""The Whoosh schema: one Whoosh document per paragraph."""

from __future__ import annotations

from whoosh.fields import ID, NUMERIC, STORED, Schema

from .analysis import french_analyzer
from .fast_field import FastText
from .settings import IndexSettings

__all__ = ["NUMBER_SHIFT_STEP", "build_schema"]

# Bits of precision per extra term of a paragraph number: none, one term each.
NUMBER_SHIFT_STEP = 0


def build_schema(settings: IndexSettings | None = None) -> Schema:
    """Return the index schema.

    Fields: ``source`` (document id), ``number`` (paragraph number, from 1),
    ``title`` (document title, analysed, boosted), ``section`` (the heading
    path above the paragraph, analysed, boosted less than the title),
    ``text`` (the paragraph, analysed with positions for phrase queries),
    ``page`` (from 1, in paged formats), and the document's ``kind``
    (pdf, docx, ...), ``size`` (bytes) and ``mtime`` (seconds since the
    epoch), repeated on each paragraph so that a hit carries them.  All
    are stored; ``page`` and ``section`` are left out of paragraphs that have none.
    ``page``, ``size`` and ``mtime`` are stored only: no query reads them
    from the index (the filters read the manifest), and Whoosh indexes a
    64-bit number as 16 terms, which made two thirds of a paragraph's
    postings and of the writer's work.

    The title and section boosts are written into the postings' weights at
    index time (Whoosh's field boost).  The text fields are
    :class:`~indexer.fast_field.FastText`: Whoosh's TEXT, indexing each
    distinct written word's analysis once.

    :param settings: the analysis chain's switches and the field boosts (the defaults when None).
    """
    settings = settings or IndexSettings()
    analysis, ranking = settings.analysis, settings.ranking
    # The English words kept unstemmed are those the expansions take for English.
    margin = settings.expansion.foreign_zipf_margin if analysis.unstemmed_foreign_words else 0.0
    analyzer = french_analyzer(analysis.stemming, analysis.accent_folding, analysis.cross_reference_weight, margin,
                               analysis.foreign_french_ceiling)
    return Schema(
        # Columns (sortable) give grouping fast per-paragraph lookups.
        source=ID(stored=True, sortable=True),
        # One term per number: Whoosh's default of 8 (a trie for fast wide
        # ranges) made a quarter of a paragraph's postings, and the only
        # range queried is a document's page of paragraphs, a few terms wide.
        number=NUMERIC(int, stored=True, signed=False, sortable=True, shift_step=NUMBER_SHIFT_STEP),
        title=FastText(analyzer=analyzer, stored=True, field_boost=ranking.title_boost, multitoken_query="phrase"),
        section=FastText(analyzer=analyzer, stored=True, field_boost=ranking.section_boost, multitoken_query="phrase"),
        text=FastText(analyzer=analyzer, stored=True, phrase=True, multitoken_query="phrase"),
        page=STORED(),
        kind=ID(stored=True),
        size=STORED(),
        mtime=STORED(),
    )
