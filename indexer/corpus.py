"""Read a corpus directory: every ``.txt`` and ``.md`` file becomes a :class:`Document`.

Files are read in sorted order so that builds are deterministic.  Text is
decoded as UTF-8 (with or without BOM), UTF-16 when it starts with a UTF-16
BOM, and cp1252 as a last resort (with a warning); it is normalised to NFC
with ``\\n`` line ends.  A file that cannot be read or decoded, or holds no
text, becomes a :class:`SkippedFile` with its reason and never stops a build.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusNotFoundError
from .paragraphs import Paragraph, split_paragraphs

__all__ = [
    "CORPUS_SUFFIXES",
    "Document",
    "SkippedFile",
    "list_corpus_files",
    "read_corpus",
    "read_document",
    "make_title",
]

CORPUS_SUFFIXES = (".txt", ".md")
TITLE_MAX_CHARS = 120
# Bytes looked at to tell a binary file from text.
_BINARY_SNIFF_BYTES = 8192
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class Document:
    """A text of the corpus: its id (path relative to the corpus, ``/`` separated), title and paragraphs.

    ``digest`` is the SHA-256 of the file's bytes, to tell a changed file from
    an unchanged one; ``warning`` says how the text was decoded when it was not
    UTF-8.
    """

    doc_id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    digest: str
    warning: str | None = None


@dataclass(frozen=True)
class SkippedFile:
    """A corpus file left out of the index, with the reason."""

    doc_id: str
    reason: str


class _Unusable(Exception):
    """Internal: the file cannot be indexed; the message is the reason."""


def list_corpus_files(corpus_dir: str | os.PathLike[str]) -> list[Path]:
    """Return the corpus files under *corpus_dir*, recursively, in sorted order.

    Symbolic links to directories are not followed, so a link loop cannot
    make the walk endless.

    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise CorpusNotFoundError(
            f"corpus directory {root} does not exist; pass --corpus DIR with your French texts"
        )
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in filenames:
            if name.lower().endswith(CORPUS_SUFFIXES):
                found.append(Path(folder) / name)
    return sorted(found, key=lambda path: _doc_id(path, root))


def _doc_id(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _decode(raw: bytes) -> tuple[str, str | None]:
    """Return the text of *raw* and a warning when it was not UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise _Unusable(f"invalid UTF-16 ({error.reason})") from error
    if b"\x00" in raw[:_BINARY_SNIFF_BYTES]:
        raise _Unusable("binary file (NUL bytes)")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "not UTF-8, decoded as cp1252"
    except UnicodeDecodeError as error:
        raise _Unusable("neither UTF-8 nor cp1252") from error


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


def read_document(path: Path, root: Path) -> Document:
    """Read one corpus file into a :class:`Document`.

    :raises _Unusable: with the reason when the file cannot be indexed.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise _Unusable(error.strerror or str(error)) from error
    digest = hashlib.sha256(raw).hexdigest()
    text, warning = _decode(raw)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise _Unusable("empty file (no text)")
    return Document(_doc_id(path, root), make_title(text), tuple(paragraphs), digest, warning)


def read_corpus(
    corpus_dir: str | os.PathLike[str], files: list[Path] | None = None
) -> Iterator[Document | SkippedFile]:
    """Yield a :class:`Document` or a :class:`SkippedFile` for each corpus file, in sorted order.

    :param files: the files to read, as returned by :func:`list_corpus_files`
        (listed here when not given).
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    """
    root = Path(corpus_dir)
    for path in list_corpus_files(root) if files is None else files:
        try:
            yield read_document(path, root)
        except _Unusable as reason:
            yield SkippedFile(_doc_id(path, root), str(reason))
