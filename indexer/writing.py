"""Writing documents into a Whoosh writer: one Whoosh document per paragraph, with the words counted.

Used by the build (a whole new generation) and the update (the changed
documents into a copy of the serving one), so that both write paragraphs
the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .corpus import Document
from .fast_field import Analysed, FastText
from .vocabulary import VocabularyCounter

__all__ = [
    "COMPOUND_SEGMENTS",
    "PARALLEL_BUILD_FROM_BYTES",
    "WRITER_LIMIT_MB",
    "add_document",
    "document_sections",
    "writer_options",
]

# Memory the Whoosh writer may use for its sorting pool before spilling to disk.
WRITER_LIMIT_MB = 256
# Whoosh reads a compound segment file through in-memory copies, one per
# searcher: with a searcher per serving thread that multiplied the server's
# memory.  Separate segment files are read from the page cache instead.
COMPOUND_SEGMENTS = False
# Corpora of at least this many bytes are indexed by one process per core.
PARALLEL_BUILD_FROM_BYTES = 2_000_000


def writer_options(files: list[Path]) -> dict[str, Any]:
    """Return the Whoosh writer's options: one indexing process per core for large corpora.

    The paragraphs are analysed in the calling process (:func:`add_document`);
    Whoosh's posting pool and segment writing, most of what is left, run in
    its multiprocess writer, each core writing its own segment with no final
    merge.  Small corpora stay in one process: starting others would cost
    more than it saves.
    """
    options: dict[str, Any] = {"limitmb": WRITER_LIMIT_MB, "compound": COMPOUND_SEGMENTS}
    cores = os.cpu_count() or 1
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            pass  # reported as skipped when it is read
    if cores > 1 and size >= PARALLEL_BUILD_FROM_BYTES:
        options.update(procs=cores, multisegment=True, limitmb=WRITER_LIMIT_MB // cores)
    return options


def add_document(writer: Any, document: Document, vocabulary: VocabularyCounter) -> None:
    """Add each paragraph of *document* to the Whoosh *writer* and count its words.

    A section's words are counted once per document, as the title's: the
    heading is written once, however many paragraphs it names.  With the
    schema's :class:`~indexer.fast_field.FastText` fields each text is
    analysed once, here, for both the index and the vocabulary; an index
    written before them (stock TEXT fields) is written the stock way.
    """
    schema = writer.schema
    if not all(isinstance(schema[name], FastText) for name in ("title", "section", "text")):
        _add_with_stock_fields(writer, document, vocabulary)
        return
    surfaces: list[str] = []
    title = schema["title"].analysed(document.title, surfaces)
    sections: dict[str, Analysed] = {}
    for paragraph in document.paragraphs:
        located: dict[str, Any] = {}
        if paragraph.page is not None:
            located["page"] = paragraph.page
        if paragraph.section:
            section = sections.get(paragraph.section)
            if section is None:
                section = sections[paragraph.section] = schema["section"].analysed(paragraph.section, surfaces)
            located.update(section=section, _stored_section=paragraph.section)
        writer.add_document(
            source=document.doc_id, number=paragraph.number,
            title=title, _stored_title=document.title,
            text=schema["text"].analysed(paragraph.text, surfaces), _stored_text=paragraph.text,
            kind=document.kind, size=document.size, mtime=document.mtime, **located,
        )
    vocabulary.counts.update(surfaces)


def _add_with_stock_fields(writer: Any, document: Document, vocabulary: VocabularyCounter) -> None:
    """Add *document* as :func:`add_document` does, through Whoosh's own analysis of each field."""
    for paragraph in document.paragraphs:
        located: dict[str, Any] = {}
        if paragraph.page is not None:
            located["page"] = paragraph.page
        if paragraph.section:
            located["section"] = paragraph.section
        writer.add_document(
            source=document.doc_id,
            number=paragraph.number,
            title=document.title,
            text=paragraph.text,
            kind=document.kind,
            size=document.size,
            mtime=document.mtime,
            **located,
        )
        vocabulary.add(paragraph.text)
    vocabulary.add(document.title)
    for section in document_sections(paragraph.section for paragraph in document.paragraphs):
        vocabulary.add(section)


def document_sections(sections: Iterable[str | None]) -> list[str]:
    """Return the distinct non-empty section paths among *sections*, in their first order.

    >>> document_sections(["1 Un", "1 Un", None, "2 Deux", "1 Un"])
    ['1 Un', '2 Deux']
    """
    return list(dict.fromkeys(section for section in sections if section))
