"""EPUB e-books (``ebooklib``): chapters in spine order, each read by the HTML reader.

The book's title comes from its metadata (``dc:title``).  A chapter's title
from the table of contents is the section root of its paragraphs, so that
headings inside the chapter come below it: « Chapitre 2 › La traversée ».
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

import ebooklib  # type: ignore[import-untyped]
import lxml.etree  # type: ignore[import-untyped]
from ebooklib import epub

from ..errors import UnreadableDocument
from .archive import check_xml_members, open_checked_zip
from .document import Block, Extracted, shorten_title
from .html import html_blocks

__all__ = ["read_epub"]


def _toc_titles(entries: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """Yield (file name, title) for the table of contents, in order, nested entries included."""
    stack = list(reversed(list(entries)))
    while stack:
        entry = stack.pop()
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            section, children = entry
            stack.extend(reversed(list(children)))
            entry = section
        href = getattr(entry, "href", None)
        title = getattr(entry, "title", None)
        if href and title:
            yield posixpath.normpath(str(href).split("#", 1)[0]), str(title)


def _chapter_blocks(book: Any) -> Iterator[Block]:
    roots: dict[str, str] = {}
    for href, title in _toc_titles(book.toc):
        roots.setdefault(href, title)
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        root = shorten_title(roots.get(posixpath.normpath(item.get_name())))
        _, blocks, _ = html_blocks(item.get_content(), section=root)
        yield from blocks


def read_epub(data: bytes, name: str) -> Extracted:
    """Read an EPUB book, chapter after chapter in reading order.

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a file that is no EPUB, a zip bomb, or
        XML declaring entities.
    """
    archive = open_checked_zip(data, "EPUB")
    with archive:
        check_xml_members(archive, "EPUB")
    try:
        # ebooklib warns about its own future defaults on every read.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": False})
        blocks = tuple(_chapter_blocks(book))
        titles = book.get_metadata("DC", "title")
    except (epub.EpubException, zipfile.BadZipFile, lxml.etree.LxmlError, KeyError, ValueError, AttributeError) as error:
        raise UnreadableDocument(f"EPUB illisible ({error})") from error
    title = shorten_title(titles[0][0]) if titles else None
    if title is None:
        title = next((block.text for block in blocks if block.heading_level is not None), None)
    return Extracted("epub", title, blocks, None)
