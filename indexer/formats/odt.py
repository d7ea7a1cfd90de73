"""OpenDocument text (``odfpy``): ``text:h`` headings with their outline level, paragraphs, lists and tables.

Paragraphs are read in document order wherever they sit (a list item, a
table cell, a section).  Tables of contents and indexes repeat the headings
and are left out, and so is text a change tracking has deleted.  The title is
the metadata's ``dc:title``, else the first heading.
"""

from __future__ import annotations

import io
import xml.sax
import zipfile
from collections.abc import Iterator
from typing import Any

from odf import teletype  # type: ignore[import-untyped]
from odf.dc import Title  # type: ignore[import-untyped]
from odf.namespaces import TEXTNS  # type: ignore[import-untyped]
from odf.opendocument import load  # type: ignore[import-untyped]

from ..errors import UnreadableDocument
from .archive import check_xml_members, open_checked_zip
from .document import Block, Extracted, clean_text, shorten_title

__all__ = ["read_odt"]

_PARAGRAPH = (TEXTNS, "p")
_HEADING = (TEXTNS, "h")
_LEFT_OUT = frozenset(
    (TEXTNS, name)
    for name in (
        "tracked-changes", "table-of-content", "alphabetical-index", "illustration-index",
        "table-index", "object-index", "user-index", "bibliography", "sequence-decls",
    )
)
# Outline levels go from 1 to 10; a heading without one is level 1.
_DEFAULT_LEVEL = 1


def _level(heading: Any) -> int:
    value = heading.getAttrNS(TEXTNS, "outline-level")
    try:
        return max(1, int(value)) if value else _DEFAULT_LEVEL
    except ValueError:
        return _DEFAULT_LEVEL


def _blocks(body: Any) -> Iterator[Block]:
    """Yield the blocks under *body* in document order, without recursion."""
    stack = list(reversed(body.childNodes))
    while stack:
        node = stack.pop()
        qname = getattr(node, "qname", None)
        if qname in _LEFT_OUT:
            continue
        if qname in (_PARAGRAPH, _HEADING):
            text = clean_text(teletype.extractText(node))
            if text:
                yield Block(text, heading_level=_level(node) if qname == _HEADING else None)
            continue
        stack.extend(reversed(getattr(node, "childNodes", [])))


def _meta_title(document: Any) -> str | None:
    for element in document.meta.getElementsByType(Title):
        text = teletype.extractText(element)
        if text.strip():
            return str(text)
    return None


def read_odt(data: bytes, name: str) -> Extracted:
    """Read an OpenDocument text (``.odt``).

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a file that is no OpenDocument text, a
        zip bomb, or XML declaring entities.
    """
    archive = open_checked_zip(data, "ODT")
    with archive:
        if "content.xml" not in archive.namelist():
            raise UnreadableDocument("ODT illisible (pas de content.xml dans l'archive)")
        check_xml_members(archive, "ODT")
    try:
        document = load(io.BytesIO(data))
        blocks = tuple(_blocks(document.text))
        meta_title = _meta_title(document)
    except (xml.sax.SAXException, zipfile.BadZipFile, KeyError, ValueError, AttributeError) as error:
        raise UnreadableDocument(f"ODT illisible ({error})") from error
    first_heading = next((block.text for block in blocks if block.heading_level is not None), None)
    return Extracted("odt", shorten_title(meta_title) or shorten_title(first_heading), blocks, None)
