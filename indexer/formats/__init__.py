"""Document formats: one reader per format turns a file's bytes into blocks, then numbered paragraphs.

Data flow: ``(name, bytes)`` → :func:`reader_for` (by suffix) →
:func:`extract` (size limit, the reader) → :class:`Extracted` (title, kind,
:class:`Block` s) → :func:`to_paragraphs` → :class:`~indexer.paragraphs.Paragraph`
s with their page and section.  Every reader raises
:class:`~indexer.errors.UnreadableDocument` with a one-line French reason
for a file it cannot read; :mod:`indexer.formats.pool` runs readers in
worker processes so that a hostile file cannot stop, hang or exhaust a build.

Headings are not paragraphs: they become the section path of the
paragraphs below them, « 3 Installation › 3.2 Réseau », which the index
can search and show beside each paragraph.  A heading is the name of what
follows, so it is found through the paragraphs it names rather than as a
one-line paragraph of its own that would outrank them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnreadableDocument
from ..paragraphs import Paragraph
from .document import KINDS, Block, Extracted
from .docx import read_docx
from .epub import read_epub
from .html import read_html
from .markdown import read_markdown
from .odt import read_odt
from .pdf import read_pdf
from .text import read_text

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "SECTION_SEPARATOR",
    "SUFFIXES",
    "Block",
    "Extracted",
    "Reader",
    "UnreadableDocument",
    "extract",
    "kind_of",
    "reader_for",
    "to_paragraphs",
]

Reader = Callable[[bytes, str], Extracted]
SECTION_SEPARATOR = " › "
_MIB = 2**20
# Largest file read, per kind: a 60 MB PDF manual (scanned figures, fonts)
# or a large EPUB is normal; a text or web page of that size is not a
# document a person searches by paragraph.
MAX_BYTES = {
    "pdf": 200 * _MIB,
    "epub": 100 * _MIB,
    "docx": 100 * _MIB,
    "odt": 100 * _MIB,
    "html": 20 * _MIB,
    "md": 10 * _MIB,
    "txt": 10 * _MIB,
}
_KIND_OF_SUFFIX = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".epub": "epub",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
}
SUFFIXES = tuple(_KIND_OF_SUFFIX)
_READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "odt": read_odt,
    "html": read_html,
    "epub": read_epub,
    "md": read_markdown,
    "txt": read_text,
}


def kind_of(name: str) -> str | None:
    """Return the kind of document *name* is by its suffix (case ignored), or ``None``.

    >>> kind_of("Rapport FINAL.PDF"), kind_of("notes.markdown"), kind_of("photo.jpg")
    ('pdf', 'md', None)
    """
    dot = name.rfind(".")
    return _KIND_OF_SUFFIX.get(name[dot:].lower()) if dot >= 0 else None


def reader_for(name: str) -> Reader | None:
    """Return the reader for the file *name* by its suffix, or ``None`` for a suffix no reader takes."""
    kind = kind_of(name)
    return _READERS[kind] if kind else None


def _mib(count: int) -> str:
    return f"{count / _MIB:.1f} Mio"


def extract(data: bytes, name: str) -> Extracted:
    """Read the document *name* from its bytes *data*, in this process.

    :param name: the file's name; its suffix chooses the reader.
    :raises ValueError: when no reader takes the suffix of *name*.
    :raises UnreadableDocument: when the file is too large for its kind,
        cannot be read, or holds no text.
    """
    kind = kind_of(name)
    if kind is None:
        raise ValueError(f"no reader for {name!r}; known suffixes: {' '.join(SUFFIXES)}")
    if len(data) > MAX_BYTES[kind]:
        raise UnreadableDocument(f"fichier trop gros ({_mib(len(data))} ; limite {_mib(MAX_BYTES[kind])} pour {kind})")
    extracted = _READERS[kind](data, name)
    if not any(block.heading_level is None for block in extracted.blocks):
        raise UnreadableDocument("document vide (aucun texte)")
    return extracted


def to_paragraphs(extracted: Extracted) -> tuple[Paragraph, ...]:
    """Number the paragraphs of *extracted* from 1; headings become the section path of those below them.

    A heading closes the headings of its level and below; a block's own
    ``section`` (an EPUB chapter) is the root of the path, and a first
    heading repeating that root is not repeated.

    >>> blocks = (Block("1 Installation", heading_level=1), Block("Prérequis."),
    ...           Block("1.2 Réseau", heading_level=2), Block("Une adresse."),
    ...           Block("2 Usage", heading_level=1), Block("Lancer."))
    >>> [(p.number, p.text, p.section) for p in to_paragraphs(Extracted("md", None, blocks))]
    [(1, 'Prérequis.', '1 Installation'), (2, 'Une adresse.', '1 Installation › 1.2 Réseau'), (3, 'Lancer.', '2 Usage')]
    """
    paragraphs: list[Paragraph] = []
    headings: list[tuple[int, str]] = []
    root: str | None = None
    for block in extracted.blocks:
        if block.section != root:
            root, headings = block.section, []
        if block.heading_level is not None:
            headings = [(level, text) for level, text in headings if level < block.heading_level]
            if not (block.text == root and not headings):
                headings.append((block.heading_level, block.text))
            continue
        path = ([root] if root else []) + [text for _, text in headings]
        section = SECTION_SEPARATOR.join(path) if path else None
        paragraphs.append(Paragraph(len(paragraphs) + 1, block.text, page=block.page, section=section))
    return tuple(paragraphs)
