"""Matches: plain-word queries scored with arrays rank exactly as Whoosh's matchers do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import indexer
from corpus_writing import write_corpus
from indexer.search.matches import find_matches
from indexer.search.scoring import top

QUERIES = [
    "securite", "sécurité commune globale", "organisations regionales", "paix developpement chine",
    "sécu*", "securtié mondiale", "Comment renforcer la coopération entre l’ONU et l’ASEAN ?",
]


def whoosh_ranking(index: indexer.SearchIndex, text: str, count: int) -> tuple[int, list[float]]:
    with index.reading() as (generation, searcher):
        results = searcher.search(generation.queries.parse(text), limit=count)
        return len(results), [float(hit.score) for hit in results]


def array_ranking(index: indexer.SearchIndex, text: str, count: int) -> tuple[int, list[float]]:
    with index.reading() as (generation, searcher):
        query = generation.queries.analyse(text)
        assert query.plain, text
        matches = find_matches(generation, searcher, query, count)
    return matches.total, [score for _, score in top(matches.docnums, matches.scores, count)]


@pytest.mark.parametrize("text", QUERIES)
def test_same_totals_and_scores_as_whoosh(seed_index: indexer.SearchIndex, text: str) -> None:
    total, scores = array_ranking(seed_index, text, 30)
    expected_total, expected_scores = whoosh_ranking(seed_index, text, 30)
    assert total == expected_total > 0
    assert scores == pytest.approx(expected_scores, rel=1e-5)


@pytest.mark.parametrize("text", ['"fer de lance"', "paix -guerre", "paix AND chine"])
def test_other_queries_go_through_whoosh(seed_index: indexer.SearchIndex, text: str) -> None:
    assert not seed_index.analyse(text).plain
    assert seed_index.search(text).total > 0


def test_deleted_paragraphs_are_left_out_after_an_update(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    vietnam = seeds_copy / "003_f1f74f28f6e10c66.txt"
    vietnam.write_text("Nouvelles\n\nLa sécurité du Vietnam et de l’ASEAN.\n", encoding="utf-8")
    indexer.update_index(seeds_copy, index_dir)
    index = indexer.open_index(index_dir)
    try:
        total, scores = array_ranking(index, "securite asean", 100)
        assert (total, scores) == (whoosh_ranking(index, "securite asean", 100)[0], pytest.approx(
            whoosh_ranking(index, "securite asean", 100)[1], rel=1e-5))
        result = index.search("securite asean", limit=100)
        assert {(h.source, h.paragraph) for h in result.hits if h.source == vietnam.name} == {
            (vietnam.name, 2)
        }
    finally:
        index.close()


def test_postings_kept_between_searches_are_those_of_the_serving_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "Titre\n\nLe système de fichiers monte.\n"})
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    index = indexer.open_index(index_dir)
    try:
        assert index.search('"système de fichiers"').total == 1
        # The same terms, other paragraphs: a rebuild's segments are new, so are their postings.
        write_corpus(corpus, {"b.txt": "Autre\n\nUn système de fichiers.\n\nDes fichiers, un système.\n"})
        indexer.build_index(corpus, index_dir)
        index.refresh()
        found = index.search('"système de fichiers"', limit=10)
        assert found.total == 2
        assert sorted(hit.source for hit in found.hits) == ["a.txt", "b.txt"]
    finally:
        index.close()


def test_a_copied_index_reads_its_own_postings_not_those_kept_for_the_original(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"a.txt": "Titre\n\nLe système de fichiers monte.\n"})
    original_dir = tmp_path / "original"
    indexer.build_index(corpus, original_dir)
    original = indexer.open_index(original_dir)
    copy = None
    try:
        # The original's postings are now kept; the copy holds the same segment ids.
        assert original.search("fichiers").total == 1
        copy_dir = tmp_path / "copy"
        shutil.copytree(original_dir, copy_dir)
        generation = copy_dir / (copy_dir / "CURRENT").read_text(encoding="utf-8").strip()
        (postings,) = generation.glob("*.pst")
        data = postings.read_bytes()
        # Damaged past its header: reading it fails, as it should for this copy.
        postings.write_bytes(data[:16] + b"\0" * (len(data) - 16))
        copy = indexer.open_index(copy_dir)
        with pytest.raises(Exception):
            copy.search("fichiers")
    finally:
        original.close()
        if copy is not None:
            copy.close()
