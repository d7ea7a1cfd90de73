"""Exceptions raised by the indexer library; each message names the path and the fix."""

from __future__ import annotations

__all__ = [
    "IndexerError",
    "CorpusNotFoundError",
    "IndexNotFoundError",
    "IndexLockedError",
    "UnreadableDocument",
]


class IndexerError(Exception):
    """Base class of every error the indexer reports to its callers."""


class CorpusNotFoundError(IndexerError):
    """The corpus directory to index does not exist or is not a directory."""


class IndexNotFoundError(IndexerError):
    """No index has been built at the given path yet."""


class IndexLockedError(IndexerError):
    """Another build or update holds the index's writer lock."""


class UnreadableDocument(IndexerError):
    """A document whose format is known cannot be read; ``reason`` says why, in one French line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
