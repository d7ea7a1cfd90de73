"""Postings' values packed end to end give back each value as Whoosh read it."""

from __future__ import annotations

import pytest

from indexer.search.packed_values import JoinedValues, pack_values

BLOCKS = [(b"\x00\x00\x00\x01(K\x03.", b"", b"\x00\x00\x00\x02(K\x01K\x04"), (b"z",), ()]


def test_each_value_comes_back_in_posting_order() -> None:
    packed = pack_values(BLOCKS)
    flat = [value for block in BLOCKS for value in block]
    assert len(packed) == len(flat) == 4
    assert [packed[i] for i in range(len(packed))] == flat


def test_values_of_several_segments_are_numbered_on() -> None:
    joined = JoinedValues()
    joined.append(pack_values(BLOCKS))
    joined.append(pack_values(()))  # a segment without the term
    joined.append(pack_values([(b"second", b"segment")]))
    assert len(joined) == 6
    assert [joined[i] for i in range(6)] == [value for block in BLOCKS for value in block] + [b"second", b"segment"]
    with pytest.raises(IndexError):
        joined[6]
    assert len(pack_values(())) == 0
