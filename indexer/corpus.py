"""Read a corpus directory: every file of a known format becomes a :class:`Document`.

Files are read in sorted order so that builds are deterministic.  The file's
suffix chooses its reader in :mod:`indexer.formats` (PDF, DOCX, ODT, HTML,
EPUB, Markdown, plain text); the reader gives the title, and the paragraphs
with their page and section.  A file that cannot be read, or holds no text,
becomes a :class:`SkippedFile` with its reason in French and never stops a
build; a file whose suffix no reader takes is reported too (see
:mod:`indexer.corpus_files`).

Hostile files meet limits rather than exhaust the machine: a file larger
than its format's limit (:data:`indexer.formats.MAX_BYTES`) is skipped
(checked before reading, and the read itself is bounded); anything that is
not a regular file (a FIFO, a device) is skipped without being opened for
reading, so it cannot block; a name that is not valid UTF-8, or that holds a
control character (a newline, an escape), cannot be an id or a link and is
skipped.  Builds read files through an
:class:`~indexer.formats.pool.ExtractionPool` (time and memory limits per
file, in parallel with indexing).  A paragraph longer than
:data:`MAX_PARAGRAPH_CHARS` (a text without blank lines) is cut into pieces
at sentence or word ends, each indexed and numbered as a paragraph, so that
snippets and highlighting stay fast.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .corpus_files import (
    UNSUPPORTED, CorpusFiles, SkippedFile, doc_id_of, printable_id, relative_id, walk_corpus, walk_skipped,
)
from .errors import CorpusNotFoundError, UnreadableDocument
from .formats import MAX_BYTES, SUFFIXES, Extracted, kind_of, to_paragraphs
from .formats.pool import ExtractionPool, extract_safely
from .layout import outside_index
from .paragraph_cuts import MAX_PARAGRAPH_CHARS, cut_long_paragraphs
from .paragraphs import Paragraph

__all__ = [
    "CORPUS_SUFFIXES",
    "MAX_FILE_BYTES",
    "UNSUPPORTED",
    "MAX_PARAGRAPH_CHARS",
    "Document",
    "SkippedFile",
    "CorpusFiles",
    "walk_skipped",
    "RawFile",
    "check_corpus_dir",
    "document_of",
    "exclude_index",
    "list_corpus_files",
    "doc_id_of",
    "load_file",
    "parse_file",
    "read_corpus",
    "read_document",
    "make_title",
]

CORPUS_SUFFIXES = SUFFIXES
TITLE_MAX_CHARS = 120
# The largest file of any format; each format has its own limit (MAX_BYTES).
MAX_FILE_BYTES = max(MAX_BYTES.values())
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class Document:
    """A text of the corpus: its id (path relative to the corpus, ``/`` separated), title and paragraphs.

    ``digest`` is the SHA-256 of the file's bytes, to tell a changed file from
    an unchanged one; ``warning`` says how the text was decoded when it was not
    UTF-8.  ``kind`` is its format (one of :data:`indexer.formats.KINDS`),
    ``size`` its size in bytes and ``mtime`` its modification time (seconds
    since the epoch) when it was read.
    """

    doc_id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    digest: str
    warning: str | None = None
    kind: str = "txt"
    size: int = 0
    mtime: int = 0


@dataclass(frozen=True)
class RawFile:
    """A corpus file's bytes as read, with its id, SHA-256 digest, kind, size and modification time (not decoded yet)."""

    doc_id: str
    data: bytes
    digest: str
    kind: str = "txt"
    size: int = 0
    mtime: int = 0


class _Unusable(Exception):
    """Internal: the file cannot be indexed; the message is the reason."""


def check_corpus_dir(corpus_dir: str | os.PathLike[str]) -> Path:
    """Return *corpus_dir* as a path.

    :raises CorpusNotFoundError: when it is not a directory.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise CorpusNotFoundError(
            f"corpus directory {root} does not exist; pass --corpus DIR with your French texts"
        )
    return root


def list_corpus_files(corpus_dir: str | os.PathLike[str], follow_links: bool = False) -> CorpusFiles:
    """Return the corpus files under *corpus_dir*, recursively, in sorted order.

    What the walk leaves out — links leading outside the corpus, folders it
    cannot read — is in the result's ``skipped``, with the reasons.

    :param follow_links: follow symbolic links whose target lies outside the corpus too.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    """
    return walk_corpus(check_corpus_dir(corpus_dir), CORPUS_SUFFIXES, follow_links)


def make_title(text: str) -> str:
    """Return a document title: its first non-empty line, trimmed and shortened at a word.

    >>> make_title("\\n  # Histoire et société  \\nsuite")
    'Histoire et société'
    """
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    title = _MARKDOWN_HEADING.sub("", first_line) or first_line
    if len(title) <= TITLE_MAX_CHARS:
        return title
    cut = title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] or title[:TITLE_MAX_CHARS]
    return cut.rstrip(" ,;:.-") + "…"


def exclude_index(
    files: CorpusFiles, corpus_dir: str | os.PathLike[str], index_dir: str | os.PathLike[str]
) -> CorpusFiles:
    """Return *files* without the files of an index kept inside the corpus, listed or reported as skipped."""
    root = Path(corpus_dir)
    kept = set(outside_index([root / item.doc_id for item in files.skipped], corpus_dir, index_dir))
    skipped = tuple(item for item in files.skipped if root / item.doc_id in kept)
    return CorpusFiles(outside_index(files, corpus_dir, index_dir), skipped)


def _reason(error: OSError) -> str:
    return f"lecture impossible ({error.strerror or error})"


def _mib(count: int) -> str:
    return f"{count / 2**20:.1f} Mio"


def _read_bounded(path: Path, limit: int, kind: str) -> tuple[bytes, os.stat_result]:
    """Return the bytes of the regular file *path*, at most *limit*, and its status.

    :raises UnreadableDocument: when it cannot be opened or read, is not a
        regular file, or is larger than *limit*.
    """
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnreadableDocument(_reason(error)) from error
    too_large = f"fichier trop gros ({{}} ; limite {_mib(limit)} pour {kind})"
    with os.fdopen(descriptor, "rb") as source:
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise UnreadableDocument("pas un fichier ordinaire")
            if info.st_size > limit:
                raise UnreadableDocument(too_large.format(_mib(info.st_size)))
            # The file may grow between fstat and read: the read is bounded too.
            raw = source.read(limit + 1)
        except OSError as error:
            raise UnreadableDocument(_reason(error)) from error
    if len(raw) > limit:
        raise UnreadableDocument(too_large.format("plus de " + _mib(limit)))
    return raw, info


def load_file(path: Path, root: Path) -> RawFile | SkippedFile:
    """Read the bytes of the corpus file *path* and hash them, without decoding them.

    Updates compare the digest with the index's before deciding to extract.
    """
    doc_id = relative_id(path, root)
    if printable_id(doc_id) != doc_id:
        return SkippedFile(printable_id(doc_id), "nom de fichier invalide (pas en UTF-8) ; renommez le fichier")
    # Such a name breaks lines in reports and cannot round-trip through a link.
    if any(unicodedata.category(char) == "Cc" for char in doc_id):
        return SkippedFile(doc_id, "nom de fichier avec un caractère de contrôle ; renommez le fichier")
    kind = kind_of(doc_id)
    if kind is None:
        return SkippedFile(doc_id, UNSUPPORTED)
    try:
        raw, info = _read_bounded(path, MAX_BYTES[kind], kind)
    except UnreadableDocument as refusal:
        return SkippedFile(doc_id, refusal.reason)
    return RawFile(doc_id, raw, hashlib.sha256(raw).hexdigest(), kind, len(raw), int(info.st_mtime))


def document_of(raw: RawFile, result: Extracted | UnreadableDocument) -> Document | SkippedFile:
    """Return the :class:`Document` a reader made of *raw*, or the :class:`SkippedFile` saying why it made none."""
    if isinstance(result, UnreadableDocument):
        return SkippedFile(raw.doc_id, result.reason)
    paragraphs = cut_long_paragraphs(list(to_paragraphs(result)), MAX_PARAGRAPH_CHARS)
    if not paragraphs:
        return SkippedFile(raw.doc_id, "document vide (aucun texte)")
    title = result.title or make_title(paragraphs[0].text)
    return Document(raw.doc_id, title, tuple(paragraphs), raw.digest, result.warning, raw.kind, raw.size, raw.mtime)


def parse_file(raw: RawFile) -> Document | SkippedFile:
    """Extract a file read by :func:`load_file` in this process into a :class:`Document`, or say why it is skipped."""
    return document_of(raw, extract_safely(raw.data, raw.doc_id))


def read_document(path: Path, root: Path) -> Document | SkippedFile:
    """Read one corpus file into a :class:`Document`, or a :class:`SkippedFile` saying why not."""
    loaded = load_file(path, root)
    return loaded if isinstance(loaded, SkippedFile) else parse_file(loaded)


def read_corpus(
    corpus_dir: str | os.PathLike[str], files: list[Path] | None = None, pool: ExtractionPool | None = None
) -> Iterator[Document | SkippedFile]:
    """Yield a :class:`Document` or a :class:`SkippedFile` for each corpus file.

    What the walk left out comes first, as :class:`SkippedFile`; files that
    cannot even be read come as they are met, ahead of the documents still
    being extracted.

    :param files: the files to read, as returned by :func:`list_corpus_files`
        (listed here when not given).
    :param pool: the worker processes extracting the files, which then run
        ahead of the caller; without one, each file is extracted in this
        process when its turn comes.
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    """
    root = Path(corpus_dir)
    listed = list_corpus_files(root) if files is None else files
    yield from walk_skipped(listed)
    if pool is None:
        for path in listed:
            yield read_document(path, root)
        return
    unread: list[SkippedFile] = []
    sent: deque[RawFile] = deque()

    def items() -> Iterator[tuple[str, bytes]]:
        for path in listed:
            loaded = load_file(path, root)
            if isinstance(loaded, SkippedFile):
                unread.append(loaded)
                continue
            # The pool holds the bytes while it needs them; the queue keeps the rest.
            sent.append(replace(loaded, data=b""))
            yield loaded.doc_id, loaded.data

    for _, result in pool.extract_all(items()):
        yield from unread
        unread.clear()
        yield document_of(sent.popleft(), result)
    yield from unread
