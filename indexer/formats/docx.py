"""Word documents (``python-docx``): paragraphs and tables in body order, headings from their styles.

A heading is a paragraph whose style is a built-in heading (« Heading 2 »,
which French Word shows as « Titre 2 »).  Each table cell is a paragraph of
its own, in row order; a merged cell, which python-docx returns once per
grid column it spans, is read once.  The title is the core properties' title,
else the paragraph in the « Title » style, else the first heading.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
import lxml.etree  # type: ignore[import-untyped]
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import UnreadableDocument
from .archive import check_xml_members, open_checked_zip
from .document import Block, Extracted, clean_text, shorten_title

__all__ = ["read_docx", "heading_level_of_style"]

_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titre"})


def heading_level_of_style(name: str | None) -> int | None:
    """Return the heading level a paragraph style stands for, or ``None``.

    >>> [heading_level_of_style(name) for name in ("Heading 2", "Titre 3", "Titre", "Normal", None)]
    [2, 3, None, None, None]
    """
    found = _HEADING_STYLE.match((name or "").strip())
    return int(found.group(1)) if found else None


def _style_name(paragraph: DocxParagraph) -> str | None:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None  # a style id the document does not define
    return style.name if style is not None else None


def _cells(table: Table) -> Iterator[_Cell]:
    # The set holds the cell elements themselves: lxml keeps one proxy per
    # element only while it is referenced, so ids alone could be reused.
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                yield cell


def _blocks(container: DocxDocument | _Cell, titles: list[str]) -> Iterator[Block]:
    """Yield the blocks of a document body or table cell; paragraphs in the Title style go to *titles*."""
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for cell in _cells(item):
                yield from _blocks(cell, titles)
            continue
        text = clean_text(item.text)
        if not text:
            continue
        style = _style_name(item)
        if (style or "").strip().lower() in _TITLE_STYLES:
            titles.append(text)
        yield Block(text, heading_level=heading_level_of_style(style))


def read_docx(data: bytes, name: str) -> Extracted:
    """Read a Word document (``.docx``).

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a file that is no Word document, a zip
        bomb, or XML declaring entities.
    """
    archive = open_checked_zip(data, "DOCX")
    with archive:
        if "word/document.xml" not in archive.namelist():
            raise UnreadableDocument("DOCX illisible (pas de word/document.xml dans l'archive)")
        check_xml_members(archive, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
        titles: list[str] = []
        blocks = tuple(_blocks(document, titles))
        core_title = document.core_properties.title
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, lxml.etree.XMLSyntaxError) as error:
        raise UnreadableDocument(f"DOCX illisible ({error})") from error
    first_heading = next((block.text for block in blocks if block.heading_level is not None), None)
    title = shorten_title(core_title) or shorten_title(titles[0] if titles else first_heading)
    return Extracted("docx", title, blocks, None)
