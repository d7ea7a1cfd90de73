"""What a reader returns: a document's title, kind and blocks, and the text clean-up they share.

A block is a paragraph or a heading as the format marks it.  Readers do not
number paragraphs nor build section paths: :func:`indexer.formats.to_paragraphs`
does both, the same way for every format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["KINDS", "TITLE_MAX_CHARS", "Block", "Extracted", "clean_text", "shorten_title"]

KINDS = ("pdf", "docx", "odt", "html", "epub", "md", "txt")
TITLE_MAX_CHARS = 120
# Typographic ligatures that fonts and PDF writers put in text: each is
# replaced by its letters.  Only these: NFKC on the whole text would also
# rewrite « ½ », « ² » or « № »; « œ » is a letter of French, not a ligature
# in Unicode, and stays.
_LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
_LIGATURE_TABLE = {ord(char): unicodedata.normalize("NFKC", char) for char in _LIGATURES}
# Soft hyphens and zero-width characters split words invisibly.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of a document, in reading order.

    ``page`` counts from 1 in paged formats (PDF); ``section`` is a section
    root given by the container rather than by a heading (an EPUB chapter's
    title); ``heading_level`` (1 = top) is set when the block is a heading.
    """

    text: str
    page: int | None = None
    section: str | None = None
    heading_level: int | None = None


@dataclass(frozen=True)
class Extracted:
    """A document as a reader found it.

    ``kind`` is one of :data:`KINDS`; ``title`` is ``None`` when the document
    names none; ``warning`` says what was guessed (an encoding).
    """

    kind: str
    title: str | None
    blocks: tuple[Block, ...]
    warning: str | None = None


def clean_text(text: str) -> str:
    """Return *text* in NFC on one line: ligatures spelt out, invisible characters dropped, spaces collapsed.

    >>> clean_text(" La  con\\ufb01guration\\n de l\\u2019\\u0153uvre ")
    'La configuration de l’œuvre'
    """
    text = unicodedata.normalize("NFC", text.translate(_LIGATURE_TABLE).translate(_INVISIBLE))
    return _SPACES.sub(" ", text).strip()


def shorten_title(text: str | None) -> str | None:
    """Return *text* cleaned and cut at a word to :data:`TITLE_MAX_CHARS`, or ``None`` when empty.

    >>> shorten_title("  Histoire   et société ")
    'Histoire et société'
    >>> shorten_title(" ") is None
    True
    """
    title = clean_text(text or "")
    if not title:
        return None
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or title[:TITLE_MAX_CHARS]
    return cut.rstrip(" ,;:.-") + "…"
