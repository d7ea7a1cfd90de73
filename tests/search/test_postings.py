"""Reading an index's columns and postings as arrays, checked against Whoosh's own readers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from corpus_writing import SMALL_CORPUS, write_corpus
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

import indexer
from indexer import store
from indexer.search.postings import IndexArrays, column_array

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@contextmanager
def _two_segments_with_deletions(tmp_path: Path) -> Iterator[Any]:
    """Yield a Whoosh reader of an index of two segments, the first with deleted paragraphs."""
    corpus = write_corpus(tmp_path / "corpus", dict(SMALL_CORPUS))
    for seed in sorted(SEEDS.glob("*.txt")):
        (corpus / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    # An update writes a second segment and deletes the changed file's paragraphs in the first.
    (corpus / "climat.txt").write_text("Le climat\n\nUn paragraphe nouveau.\n\nEt un autre.\n", encoding="utf-8")
    indexer.update_index(corpus, index_dir)
    generation = store.current_generation(index_dir)
    assert generation is not None
    reader = whoosh_index.open_dir(str(generation)).reader()
    try:
        yield reader
    finally:
        reader.close()


def test_columns_read_in_one_piece_equal_whoosh_read_one_by_one(tmp_path: Path) -> None:
    with _two_segments_with_deletions(tmp_path) as reader:
        _compare_columns(reader)


def _compare_columns(reader: Any) -> None:
    leaves = list(reader.leaf_readers())
    assert len(leaves) == 2 and any(leaf.has_deletions() for leaf, _ in leaves)
    compared = 0
    for leaf, _ in leaves:
        count = leaf.doc_count_all()
        for fieldname in ("text", "title", "section"):
            column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                continue
            expected = [column[d] for d in range(count)]
            assert column_array(column, count).tolist() == expected
            compared += sum(1 for value in expected if value)
    assert compared > 100
    # A column over both segments, translated by its field (paragraph numbers).
    numbers = reader.column_reader("number")
    assert column_array(numbers, reader.doc_count_all()).tolist() == list(numbers)
    sources = reader.column_reader("source")
    assert column_array(sources, reader.doc_count_all()).tolist() == list(sources)


def test_index_arrays_hold_each_paragraphs_field_lengths_and_liveness(tmp_path: Path) -> None:
    with _two_segments_with_deletions(tmp_path) as reader:
        _compare_arrays(reader)


def _compare_arrays(reader: Any) -> None:
    arrays = IndexArrays(reader, ("text", "title"))
    docnum = 0
    for leaf, _ in reader.leaf_readers():
        for local in range(leaf.doc_count_all()):
            assert arrays.alive[docnum] == (not leaf.is_deleted(local))
            expected = byte_to_length(leaf._perdoc._cached_reader(_lenfield("text"), LENGTHS_COLUMN)[local])
            assert np.isclose(arrays.lengths["text"][docnum], expected)
            docnum += 1
    assert docnum == arrays.size and not arrays.alive.all()
