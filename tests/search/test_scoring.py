"""Scoring: each formula on hand-made arrays, no index built."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indexer.search.scoring import (
    TermPostings, all_words_bonus, bm25, bm25_idf, coordination, document_frequencies, pair_bonus,
    paragraph_scores, top,
)
from indexer.settings import RankingSettings

RANKING = RankingSettings()


def test_bm25_is_the_textbook_formula() -> None:
    k1, b, idf, boost = RANKING.bm25_k1, RANKING.bm25_b, 1.7, 2.0
    got = bm25(np.array([1.0, 3.0]), np.array([10.0, 40.0]), 20.0, idf, boost, k1, b)
    expected = [boost * idf * f * (k1 + 1) / (f + k1 * (1 - b + b * length / 20.0)) for f, length in ((1, 10), (3, 40))]
    assert got.tolist() == pytest.approx(expected, abs=1e-12)


def test_bm25_idf_falls_as_more_texts_hold_the_term() -> None:
    assert bm25_idf(1, 100) == pytest.approx(math.log(1 + 99.5 / 1.5))
    assert bm25_idf(1, 100) > bm25_idf(10, 100) > bm25_idf(90, 100) > 0


@pytest.mark.parametrize("matched", [np.array([1, 2, 3]), 2], ids=["array", "number"])
def test_coordination_and_bonus_agree_on_arrays_and_numbers(matched: object) -> None:
    score = coordination(np.array([3.0, 3.0, 3.0]) if isinstance(matched, np.ndarray) else 3.0, matched, 3, 1.0)
    bonus = all_words_bonus(matched, 3, RANKING.all_words_bonus)
    if isinstance(matched, np.ndarray):
        assert score.tolist() == [1.0, 2.0, 3.0] and bonus.tolist() == [0.0, 0.0, RANKING.all_words_bonus]
    else:
        assert score == 2.0 and bonus == 0.0


def test_paragraph_scores_put_paragraphs_holding_every_word_first() -> None:
    lengths = {"text": np.array([5.0, 5.0, 5.0, 5.0], dtype=np.float32)}
    terms = [
        TermPostings("text", "rare", 1.0, 0, np.array([0, 1]), np.array([3.0, 1.0], dtype=np.float32), 5.0),
        TermPostings("text", "commun", 1.0, 1, np.array([1, 2, 3]), np.array([1.0] * 3, dtype=np.float32), 1.0),
    ]
    alive = np.array([True, True, True, False])
    docnums, scores = paragraph_scores(terms, lengths, {"text": 5.0}, alive, 2, RANKING)
    assert docnums.tolist() == [0, 1, 2]  # 3 is deleted
    ranked = [docnum for docnum, _ in top(docnums, scores, 3)]
    assert ranked[0] == 1 and scores[1] > RANKING.all_words_bonus > scores[0] > scores[2]


def test_document_frequencies_sum_text_but_take_the_largest_title() -> None:
    codes = np.array([0, 0, 1])
    alive = np.array([True, True, True])
    docnums, weights = np.array([0, 1, 2]), np.array([2.0, 2.0, 1.0])
    summed = document_frequencies(docnums, weights, alive, codes, 2, repeated=False)
    largest = document_frequencies(docnums, weights, alive, codes, 2, repeated=True)
    assert summed.tolist() == [4.0, 1.0] and largest.tolist() == [2.0, 1.0]


def test_pair_bonus_counts_words_found_in_one_same_paragraph() -> None:
    codes = np.array([0, 0, 1, 1])
    alive = np.ones(4, dtype=bool)
    together = {0: np.array([True, False, True, False]), 1: np.array([False, True, True, False])}
    bonus = pair_bonus(together, alive, codes, 2, 2)
    # Document 0 holds both words, but in different paragraphs; document 1 in paragraph 2.
    assert bonus.tolist() == [0.0, bm25_idf(1, 2)]


def test_top_sorts_best_first_and_ties_by_docnum() -> None:
    assert top(np.array([5, 2, 9]), np.array([1.0, 1.0, 2.0]), 3) == [(9, 2.0), (2, 1.0), (5, 1.0)]
    assert top(np.array([5, 2, 9]), np.array([1.0, 0.5, 2.0]), 2) == [(9, 2.0), (5, 1.0)]
