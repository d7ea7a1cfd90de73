"""Exceptions raised by the indexer library; each message names the path and the fix."""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = [
    "IndexerError",
    "CorpusNotFoundError",
    "IndexNotFoundError",
    "IndexCorruptError",
    "IndexLockedError",
    "UnreadableDocument",
    "UnsafeLayoutError",
    "IndexWriteError",
    "DiskFullError",
    "IndexNotWritableError",
    "GenerationGoneError",
    "SearchClusterError",
    "BadLocationError",
    "index_write_error",
]


class IndexerError(Exception):
    """Base class of every error the indexer reports to its callers."""


class CorpusNotFoundError(IndexerError):
    """The corpus directory to index does not exist or is not a directory."""


class IndexNotFoundError(IndexerError):
    """No index has been built at the given path yet."""


class IndexCorruptError(IndexNotFoundError):
    """The index directory holds an index that cannot be read (a rebuild replaces it)."""


class IndexLockedError(IndexerError):
    """Another build or update holds the index's writer lock."""


class UnsafeLayoutError(IndexerError):
    """The index directory is the corpus folder or contains it, so index and user files would mix."""


class IndexWriteError(IndexerError):
    """A build or update could not write its new index; the previous one still serves."""


class DiskFullError(IndexWriteError):
    """The device (or the file size limit or quota) left no room for the new index."""


class IndexNotWritableError(IndexWriteError):
    """The index directory cannot be written: read-only, not ours, or not a directory."""


class GenerationGoneError(IndexerError):
    """The generation to pin is being removed or is gone; read ``CURRENT`` again."""


class SearchClusterError(IndexerError):
    """The OpenSearch cluster of an ``opensearch://`` location is unreachable, red, or refused a request."""


class BadLocationError(IndexerError, ValueError):
    """An ``opensearch://`` location is not ``opensearch://host:port/alias`` with a valid index name."""


class UnreadableDocument(IndexerError):
    """A document whose format is known cannot be read; ``reason`` says why, in one French line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_FULL_DISK = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST}


def index_write_error(index_dir: Path, error: OSError) -> IndexWriteError:
    """Return the one-line error that a failed write of the index in *index_dir* is reported as.

    A full device, a file over the size limit (``EFBIG``) and an exhausted
    quota all read as a full disk; permission and read-only errors as a
    directory that cannot be written.
    """
    what = f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    kept = "the previous index still serves"
    if error.errno in _FULL_DISK:
        return DiskFullError(f"no room left to write the index in {index_dir} ({what}); "
                             f"free some space and run the command again; {kept}")
    if error.errno in _NOT_WRITABLE:
        return IndexNotWritableError(f"cannot write the index directory {index_dir} ({what}); "
                                     f"make it a writable folder or pass another --index; {kept}")
    return IndexWriteError(f"could not write the index in {index_dir} ({what}); {kept}")
