"""OpenDocument text (``odfpy``): ``text:h`` headings with their outline level, paragraphs, lists and tables.

Paragraphs are read in document order wherever they sit (a list item, a
table cell, a section).  Tables of contents and indexes repeat the headings
and are left out, and so is text a change tracking has deleted.  The title is
the metadata's ``dc:title``, else the first heading.

Only ``content.xml`` and ``meta.xml`` are parsed, each into odfpy's element
model by odfpy's own SAX handler; odfpy's ``load()`` is not used.  It reads
``styles.xml`` too, which holds no text, after a repair that adds the
namespace declarations it believes missing when they are only not preceded
by a space: the ODT files pandoc writes (one declaration per line) then
declare a namespace twice, the parse fails, and ``load()`` prints the whole
XML to standard output.  It also takes the body's first child for the text,
which in an indented ``content.xml`` (pandoc's again) is the blank between
two elements.  The repair is not needed either: a part using a prefix it
never declares is not well-formed, and :func:`check_xml_members` refuses it.
"""

from __future__ import annotations

import io
import xml.sax
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.sax import handler

import defusedxml.sax  # type: ignore[import-untyped]
from odf import teletype  # type: ignore[import-untyped]
from odf.dc import Title  # type: ignore[import-untyped]
from odf.load import LoadParser  # type: ignore[import-untyped]
from odf.namespaces import OFFICENS, TEXTNS  # type: ignore[import-untyped]
from odf.opendocument import OpenDocument  # type: ignore[import-untyped]

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
_TEXT_MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
_OFFICE_TEXT = (OFFICENS, "text")
_PARTS = ("meta.xml", "content.xml")


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


def _load(archive: zipfile.ZipFile) -> tuple[Any, Any]:
    """Parse ``meta.xml`` and ``content.xml`` of *archive* into an odfpy document; return it and its ``office:text``.

    :raises UnreadableDocument: when the archive holds no text document.
    """
    document = OpenDocument(_TEXT_MEDIA_TYPE, add_generator=False)
    names = set(archive.namelist())
    for part in _PARTS:
        if part not in names:
            continue
        parser = defusedxml.sax.make_parser()
        parser.setFeature(handler.feature_namespaces, True)
        parser.setFeature(handler.feature_external_ges, False)
        parser.setContentHandler(LoadParser(document))
        parser.setErrorHandler(handler.ErrorHandler())
        document._parsing = part  # odfpy's handler tells styles from the other parts by it
        parser.parse(io.BytesIO(archive.read(part)))
    text = next((node for node in document.body.childNodes if getattr(node, "qname", None) == _OFFICE_TEXT), None)
    if text is None:
        raise UnreadableDocument("ODT illisible (pas de texte dans content.xml : un autre type de document ?)")
    return document, text


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
            document, text = _load(archive)
            blocks = tuple(_blocks(text))
            meta_title = _meta_title(document)
        except (xml.sax.SAXException, zipfile.BadZipFile, KeyError, ValueError, AttributeError) as error:
            raise UnreadableDocument(f"ODT illisible ({error})") from error
    first_heading = next((block.text for block in blocks if block.heading_level is not None), None)
    return Extracted("odt", shorten_title(meta_title) or shorten_title(first_heading), blocks, None)
