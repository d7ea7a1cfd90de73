"""Postings' encoded values (their positions) kept packed: one bytes object per term and segment.

A phrase decodes the positions of its candidates only, so the values read
with a term's postings are kept undecoded for the searches that follow.  As
one Python ``bytes`` per posting they cost about 45 bytes each beyond their
content; packed end to end with an array of end offsets, 4.  The memory the
postings cache is allowed then holds about twice the postings.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np

__all__ = ["PackedValues", "JoinedValues", "pack_values"]


class PackedValues:
    """The encoded values of one term's postings in one segment, in posting order."""

    __slots__ = ("_blob", "_ends")

    def __init__(self, blob: bytes, ends: np.ndarray) -> None:
        self._blob = blob
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> bytes:
        start = int(self._ends[index - 1]) if index else 0
        return self._blob[start : int(self._ends[index])]


def pack_values(blocks: Sequence[Sequence[bytes]]) -> PackedValues:
    """Return the values of *blocks* (each a block's values, in order) packed into one."""
    sizes = [np.fromiter(map(len, block), dtype=np.int64, count=len(block)) for block in blocks]
    ends = np.cumsum(np.concatenate(sizes)) if sizes else np.empty(0, dtype=np.int64)
    # A term's values in one segment stay far below 2 GB.
    return PackedValues(b"".join(b"".join(block) for block in blocks), ends.astype(np.int32))


class JoinedValues:
    """The values of a term's postings over several segments, numbered on from one segment to the next."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._parts: list[PackedValues] = []
        self._count = 0

    def append(self, part: PackedValues) -> None:
        if len(part):
            self._starts.append(self._count)
            self._parts.append(part)
            self._count += len(part)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> bytes:
        which = bisect.bisect_right(self._starts, index) - 1
        if which < 0 or index >= self._count:
            raise IndexError(index)
        return self._parts[which][index - self._starts[which]]
