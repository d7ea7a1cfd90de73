"""Read a corpus directory: every ``.txt`` and ``.md`` file becomes a :class:`Document`.

Files are read in sorted order so that builds are deterministic.  Text is
decoded as UTF-8 (with or without BOM), UTF-16 when it starts with a UTF-16
BOM, and cp1252 as a last resort (with a warning); it is normalised to NFC
with ``\\n`` line ends.  A file that cannot be read or decoded, or holds no
text, becomes a :class:`SkippedFile` with its reason and never stops a build.

Hostile files meet limits rather than exhaust the machine: a file larger
than :data:`MAX_FILE_BYTES` is skipped (checked before reading, and the read
itself is bounded); anything that is not a regular file (a FIFO, a device)
is skipped without being opened for reading, so it cannot block; a file
holding a NUL byte anywhere is binary; a name that is not valid UTF-8, or
that holds a control character (a newline, an escape), cannot be an id or a
link and is skipped.  Links leaving the corpus folder are not followed unless
asked (see :mod:`indexer.corpus_files`).  A paragraph longer than
:data:`MAX_PARAGRAPH_CHARS` (a text without blank lines) is cut into pieces
at sentence or word ends, each indexed and numbered as a paragraph, so that
snippets and highlighting stay fast.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus_files import CorpusFiles, SkippedFile, doc_id_of, printable_id, relative_id, walk_corpus, walk_skipped
from .errors import CorpusNotFoundError
from .paragraphs import Paragraph, split_paragraphs

__all__ = [
    "CORPUS_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_PARAGRAPH_CHARS",
    "Document",
    "SkippedFile",
    "CorpusFiles",
    "walk_skipped",
    "RawFile",
    "check_corpus_dir",
    "list_corpus_files",
    "doc_id_of",
    "load_file",
    "parse_file",
    "read_corpus",
    "read_document",
    "make_title",
]

CORPUS_SUFFIXES = (".txt", ".md")
TITLE_MAX_CHARS = 120
# Larger files are skipped: 10 MiB is some 1.5 million French words, far more
# than any document people search by paragraph, and indexing a file costs
# time and memory in proportion to its size.
MAX_FILE_BYTES = 10 * 1024 * 1024
# Longer paragraphs are cut: a snippet or a highlighted page analyses the
# whole paragraph at query time (about 2.5 ms per 1 000 characters).
MAX_PARAGRAPH_CHARS = 20_000
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
# Where a long paragraph may be cut: after a sentence end, else at a space.
_SENTENCE_BREAK = re.compile(r"[.!?…][»”\"')]?\s+")


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
class RawFile:
    """A corpus file's bytes as read, with its id and SHA-256 digest (not decoded yet)."""

    doc_id: str
    data: bytes
    digest: str


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


def _decode(raw: bytes) -> tuple[str, str | None]:
    """Return the text of *raw* and a warning when it was not UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise _Unusable(f"invalid UTF-16 ({error.reason})") from error
    if b"\x00" in raw:
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


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB"


def _read_bounded(path: Path) -> bytes:
    """Return the bytes of the regular file *path*, at most :data:`MAX_FILE_BYTES`.

    :raises _Unusable: when it cannot be opened or read, is not a regular
        file, or is too large.
    """
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _Unusable(_reason(error)) from error
    with os.fdopen(descriptor, "rb") as source:
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise _Unusable("not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                raise _Unusable(f"file too large ({_size(info.st_size)}; the limit is {_size(MAX_FILE_BYTES)})")
            # The file may grow between fstat and read: the read is bounded too.
            raw = source.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _Unusable(_reason(error)) from error
    if len(raw) > MAX_FILE_BYTES:
        raise _Unusable(f"file too large (over {_size(MAX_FILE_BYTES)}, the limit)")
    return raw


def load_file(path: Path, root: Path) -> RawFile | SkippedFile:
    """Read the bytes of the corpus file *path* and hash them, without decoding them.

    Updates compare the digest with the index's before deciding to decode.
    """
    doc_id = relative_id(path, root)
    if printable_id(doc_id) != doc_id:
        return SkippedFile(printable_id(doc_id), "file name is not valid UTF-8; rename the file")
    # Such a name breaks lines in reports and cannot round-trip through a link.
    if any(unicodedata.category(char) == "Cc" for char in doc_id):
        return SkippedFile(doc_id, "file name holds a control character; rename the file")
    try:
        raw = _read_bounded(path)
    except _Unusable as reason:
        return SkippedFile(doc_id, str(reason))
    return RawFile(doc_id, raw, hashlib.sha256(raw).hexdigest())


def parse_file(raw: RawFile) -> Document | SkippedFile:
    """Decode a file read by :func:`load_file` into a :class:`Document`, or say why it is skipped."""
    try:
        text, warning = _decode(raw.data)
    except _Unusable as reason:
        return SkippedFile(raw.doc_id, str(reason))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = _cut_long_paragraphs(split_paragraphs(text))
    if not paragraphs:
        return SkippedFile(raw.doc_id, "empty file (no text)")
    return Document(raw.doc_id, make_title(text), tuple(paragraphs), raw.digest, warning)


def read_document(path: Path, root: Path) -> Document | SkippedFile:
    """Read one corpus file into a :class:`Document`, or a :class:`SkippedFile` saying why not."""
    loaded = load_file(path, root)
    return loaded if isinstance(loaded, SkippedFile) else parse_file(loaded)


def _pieces(text: str, limit: int) -> Iterator[str]:
    """Yield *text* in pieces of at most *limit* characters, cut after a sentence or at a space."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]
        ends = [match.end() for match in _SENTENCE_BREAK.finditer(window) if match.end() <= limit]
        # A sentence end in the second half makes a natural cut; else a space; else anywhere.
        cut = ends[-1] if ends and ends[-1] > limit // 2 else window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit
        piece = window[:cut].strip()
        if piece:
            yield piece
        start += cut
    rest = text[start:].strip()
    if rest:
        yield rest


def _cut_long_paragraphs(paragraphs: list[Paragraph], limit: int = MAX_PARAGRAPH_CHARS) -> list[Paragraph]:
    """Return *paragraphs* with those over *limit* characters cut in pieces, renumbered.

    >>> [(p.number, p.text) for p in _cut_long_paragraphs(
    ...     [Paragraph(1, "Un deux. Trois quatre cinq."), Paragraph(2, "Six.")], limit=12)]
    [(1, 'Un deux.'), (2, 'Trois quatre'), (3, 'cinq.'), (4, 'Six.')]
    """
    if all(len(paragraph.text) <= limit for paragraph in paragraphs):
        return paragraphs
    texts = [piece for paragraph in paragraphs for piece in _pieces(paragraph.text, limit)]
    return [Paragraph(number, text) for number, text in enumerate(texts, start=1)]


def read_corpus(
    corpus_dir: str | os.PathLike[str], files: list[Path] | None = None
) -> Iterator[Document | SkippedFile]:
    """Yield a :class:`Document` or a :class:`SkippedFile` for each corpus file, in sorted order.

    What the walk left out comes first, as :class:`SkippedFile`.

    :param files: the files to read, as returned by :func:`list_corpus_files`
        (listed here when not given).
    :raises CorpusNotFoundError: when *corpus_dir* is not a directory.
    """
    root = Path(corpus_dir)
    listed = list_corpus_files(root) if files is None else files
    yield from walk_skipped(listed)
    for path in listed:
        yield read_document(path, root)
