"""Phrases, compounds, exclusions and AND scored with arrays give Whoosh's matchers' results, position checks included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import indexer
from corpus_writing import write_corpus
from indexer.search.matches import find_matches, group_page, matcher_matches
from indexer.search.phrases import holds_phrase, phrase_mask
from indexer.search.scoring import top

# Paragraphs where the words of a phrase stand together, apart, reversed,
# or in two paragraphs of one file: only the first kind matches the phrase.
PHRASE_CORPUS = {
    "systeme.txt": (
        "Le système de fichiers\n\n"
        "Monter le système de fichiers racine avant de lancer Debian GNU/Linux.\n\n"
        "Le système monte ensuite les fichiers des utilisateurs.\n\n"
        "Des fichiers, un système : rien ne les relie ici.\n\n"
        "Vérifier le système de fichiers, puis le système de fichiers chiffré.\n"
    ),
    "reseau.txt": (
        "Réseau sans fil\n\n"
        "Une carte réseau sans-fil sous GNU/Linux demande un micrologiciel.\n\n"
        "Le fil de la carte réseau est sans défaut.\n\n"
        "Linux et GNU sont cités dans le désordre, Linux GNU.\n"
    ),
    "asie.txt": (
        "Coopération en Asie-Pacifique\n\n"
        "Les pays d’Asie-Pacifique coopèrent, c’est-à-dire qu’ils partagent leurs données.\n\n"
        "L’Asie et le Pacifique, séparés par une virgule, ne forment pas le composé.\n\n"
        "La guerre et la paix en Asie-Pacifique.\n"
    ),
}

# The dev-like questions and every shape that leaves plain words: quoted
# phrases, slash and hyphen compounds, exclusions (of words, phrases and
# folders), AND, NOT, a phrase with typo-tolerant neighbours.
SHAPES = [
    '"système de fichiers"', "Debian GNU/Linux", "sans-fil carte réseau", "Asie-Pacifique coopération",
    "c’est-à-dire données", "système -fichiers", 'système -"système de fichiers"', "carte AND réseau",
    "paix AND guerre AND Asie-Pacifique", "NOT fil", "GNU/Linux -debian", "Comment monter le système de fichiers ?",
    'Comment configurer une carte "sans fil" sous GNU/Linux ?', "sytème de fichiers GNU/Linux",
    "asie-pacifique -source:reseau.txt", "fichiers source:systeme.txt", '"système fichiers"~3 montage',
    'GNU -"linux gnu"~2', "carte +réseau sans-fil", "Pourquoi +fichiers GNU/Linux -chiffré ?",
]


def compared(index: indexer.SearchIndex, text: str, count: int) -> tuple[object, object]:
    """Return the matches of *text* by the array path and by Whoosh's matchers, as comparable lists."""
    with index.reading() as (generation, searcher):
        query = generation.queries.analyse(text)
        new = find_matches(generation, searcher, query, count)
        old = matcher_matches(searcher, query, count)

    def listed(matches: object) -> tuple[int, list[int], list[float], list[int], list[float]]:
        docnums, scores, total = matches.docnums, matches.scores, matches.total  # type: ignore[attr-defined]
        order = np.argsort(docnums)
        best = top(docnums, scores, count)
        return (total, [d for d, _ in best], [s for _, s in best], docnums[order].tolist(),
                scores[order].tolist())

    return listed(new), listed(old)


@pytest.fixture(scope="module")
def phrase_index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    corpus = write_corpus(tmp_path_factory.mktemp("phrase-corpus"), PHRASE_CORPUS)
    index_dir = tmp_path_factory.mktemp("phrase-index")
    indexer.build_index(corpus, index_dir)
    # A second segment, and a deleted paragraph in the first: both paths must agree there too.
    write_corpus(corpus, {"ajout.txt": "Ajout\n\nLe système de fichiers de GNU/Linux, sans-fil.\n"})
    (corpus / "asie.txt").write_text(PHRASE_CORPUS["asie.txt"].replace("La guerre", "Toute la guerre"),
                                     encoding="utf-8")
    indexer.update_index(corpus, index_dir)
    return indexer.open_index(index_dir)


def test_the_shapes_leave_plain_words(phrase_index: indexer.SearchIndex) -> None:
    # c’est-à-dire is stop words but for one term: a plain query, compared all the same.
    assert [text for text in SHAPES if phrase_index.analyse(text).plain] == [
        "c’est-à-dire données", "Comment monter le système de fichiers ?"
    ]


@pytest.mark.parametrize("text", SHAPES, ids=range(len(SHAPES)))
def test_same_matches_as_whoosh_matchers(phrase_index: indexer.SearchIndex, text: str) -> None:
    new, old = compared(phrase_index, text, 1000)
    assert new[0] == old[0] and new[1] == old[1] and new[3] == old[3]  # type: ignore[index]
    assert new[2] == pytest.approx(old[2], rel=1e-6)  # type: ignore[index]
    assert new[4] == pytest.approx(old[4], rel=1e-6)  # type: ignore[index]


@pytest.mark.parametrize("text", ["système de fichiers GNU/Linux", "sans-fil -guerre"])
def test_only_the_best_are_scored_as_whoosh_scores_them(phrase_index: indexer.SearchIndex, text: str) -> None:
    new, old = compared(phrase_index, text, 2)
    assert new[0] == old[0] > 2  # type: ignore[index]
    assert new[1:4] == old[1:4] or new[2] == pytest.approx(old[2], rel=1e-6)  # type: ignore[index]
    assert new[4] == pytest.approx(old[4], rel=1e-6)  # type: ignore[index]


def test_a_phrase_matches_its_words_in_a_row_only(phrase_index: indexer.SearchIndex) -> None:
    found = phrase_index.search('"carte réseau"', limit=20)
    assert sorted(hit.text for hit in found.hits) == [
        "Le fil de la carte réseau est sans défaut.",
        "Une carte réseau sans-fil sous GNU/Linux demande un micrologiciel.",
    ]
    assert found.total == 2
    assert phrase_index.search('"réseau carte"').total == 0
    # Every paragraph of a file whose title holds the phrase matches it (the title is on each).
    assert phrase_index.search('"système de fichiers"', limit=20).total == 6


@pytest.mark.parametrize("text", ["GNU/Linux", "Asie-Pacifique paix", '"système de fichiers" -chiffré'])
@pytest.mark.parametrize("group", [False, True], ids=["paragraphs", "documents"])
def test_search_results_are_those_of_the_matchers(
    phrase_index: indexer.SearchIndex, text: str, group: bool
) -> None:
    """Whole results (total, order, scores, snippets) do not change when the matchers answer instead."""
    result = phrase_index.search(text, limit=10, group=group)
    with phrase_index.reading() as (generation, searcher):
        query = generation.queries.analyse(text)
        if group:
            from indexer.search.matches import rank_documents
            from indexer.search.postings import Postings

            postings = Postings(searcher)
            total, ranked = rank_documents(generation, searcher, query,
                                           matcher_matches(searcher, query, 1000), postings, 10, 1)
            assert (total, ranked) == group_page(generation, searcher, query, 10, 1)
        else:
            old = matcher_matches(searcher, query, 10)
            best = top(old.docnums, old.scores, 10)
            assert [searcher.stored_fields(d)["text"] for d, _ in best] == [hit.text for hit in result.hits]
    assert result.total > 0 and all("<mark>" in hit.snippet or "<b" in hit.snippet for hit in result.hits)


def test_filters_keep_the_same_paragraphs_on_both_paths(phrase_index: indexer.SearchIndex) -> None:
    with phrase_index.reading() as (generation, searcher):
        query = generation.queries.analyse("GNU/Linux -debian")
        keep = np.zeros(searcher.doc_count_all(), dtype=bool)
        keep[::2] = True
        new = find_matches(generation, searcher, query, 10, keep=keep)
        old = matcher_matches(searcher, query, 10, keep)
    assert new.total == old.total
    assert sorted(new.docnums.tolist()) == sorted(old.docnums.tolist())


@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([[0, 7], [3, 8], [9]], True),
        ([[0, 7], [3, 9]], False),
        ([[4], [3]], False),
        ([[2, 5], [6], [2, 7]], True),
        ([[1], [1]], False),
    ],
    ids=["three-in-a-row", "apart", "reversed", "repeated-word", "same-position"],
)
def test_holds_phrase(positions: list[list[int]], expected: bool) -> None:
    assert holds_phrase(positions) is expected


def test_phrase_mask_checks_each_candidate() -> None:
    assert phrase_mask([[[0], [5]], [[1], [7]]]) == [True, False]
    assert phrase_mask([]) == []


# A lone NOT (every paragraph but some) and a phrase with a slop are left to Whoosh's matchers.
@pytest.mark.parametrize(
    "text", [text for text in SHAPES if "source:" not in text and "NOT" not in text and "~3" not in text], ids=str
)
def test_every_shape_is_scored_with_arrays(phrase_index: indexer.SearchIndex, text: str) -> None:
    from indexer.search.postings import Postings
    from indexer.search.trees import tree_matches

    with phrase_index.reading() as (generation, searcher):
        query = generation.queries.analyse(text)
        assert query.plain or tree_matches(generation, searcher, query.query, Postings(searcher)) is not None


@pytest.mark.parametrize(("fieldname", "text"), [("text", "system"), ("text", "fichi"), ("title", "reseau")])
def test_positions_are_whoosh_decoded_positions(phrase_index: indexer.SearchIndex, fieldname: str, text: str) -> None:
    from indexer.search.postings import Postings

    with phrase_index.reading() as (_, searcher):
        docnums, _ = Postings(searcher).get(fieldname, text)
        # Whoosh's own decoding, posting by posting.
        stock = {}
        for leaf, offset in searcher.reader().leaf_readers():
            if (fieldname, text) in leaf:
                matcher = leaf.postings(fieldname, text)
                while matcher.is_active():
                    stock[offset + matcher.id()] = list(matcher.value_as("positions"))
                    matcher.next()
        assert len(docnums) > 1
        assert Postings(searcher).positions(fieldname, text, docnums) == [stock[d] for d in docnums.tolist()]
