"""The query language: wildcards in bounded time, fields, the deadline and the partial flag."""

from __future__ import annotations

import fnmatch
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import indexer
from indexer.search.query import QueryBuilder
from indexer.schema import build_schema
from indexer.vocabulary import Vocabulary
from indexer.search.wildcards import (
    MAX_WILDCARD_WORDS,
    MAX_WILDCARDS_PER_WORD,
    glob_match,
)

from corpus_writing import write_corpus

# A hang guard only: each query below takes milliseconds once matching is linear.
HANG_SECONDS = 5.0
LONG_NUMBER = "1" + "0" * 36
DIGITS_CORPUS = {
    "nombres.txt": (
        "Des nombres très longs\n\n"
        f"Le compteur affiche {LONG_NUMBER} ce matin, puis {LONG_NUMBER}1 le soir.\n\n"
        "Un identifiant 10101010101010101010101010101010101010 et 99999999999999999999999999.\n"
    ),
    "paix.txt": "La paix durable\n\nLes océans et la sécurité collective des nations.\n",
}
PATHOLOGICAL_WILDCARDS = {
    "twelve zeros": "1*0*0*0*0*0*0*0*0*0*0*0*0*x",
    "nine zeros": "1*0*0*0*0*0*0*0*0*0*x",
    "six zeros, under the cap": "1*0*0*0*0*0*0*x",
    "stars between every digit": "*".join("1010101010101010") + "*z",
    "stars in every position": "1**0**0**0**0**0**x*",
    "question marks": "1" + "?" * 60 + "*",
    "long word and stars": "1" + "0*" * 5 + "0" * 50,
    "many wildcard words": " ".join(f"{digit}*0*0*0*x" for digit in "1234567891" * 4),
    "one-letter prefixes": " ".join(f"{letter}*" for letter in "abcdefghijklmnopqrstuvwxyz0123456789"),
}


def call_with_timeout(function: object, seconds: float = HANG_SECONDS) -> object:
    """Return what *function* returns, failing the test if it has not returned after *seconds*."""
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(function()), daemon=True)  # type: ignore[operator]
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds} s"
    return outcome[0]


@pytest.fixture(scope="module")
def digits_index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    base = tmp_path_factory.mktemp("digits")
    indexer.build_index(write_corpus(base / "corpus", dict(DIGITS_CORPUS)), base / "index")
    return indexer.open_index(base / "index")


@pytest.fixture(scope="module")
def digits_queries() -> QueryBuilder:
    """A query builder with the digits corpus's vocabulary, to read the work counters of its parses."""
    return QueryBuilder(build_schema(), Vocabulary.from_texts(DIGITS_CORPUS.values()))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_WILDCARDS))
def test_pathological_wildcards_finish_quickly(
    digits_index: indexer.SearchIndex, digits_queries: QueryBuilder, name: str
) -> None:
    text = PATHOLOGICAL_WILDCARDS[name]
    started = time.perf_counter()
    result = call_with_timeout(lambda: digits_index.search(text, limit=10))
    assert isinstance(result, indexer.SearchResult) and result.query == text
    assert time.perf_counter() - started < HANG_SECONDS
    outcome = digits_queries.analyse(text)
    # Each wildcard word looks at each vocabulary word once at most.
    assert outcome.examined <= MAX_WILDCARD_WORDS * (len(digits_queries.vocabulary) + 1)


def test_the_work_is_the_vocabulary_words_sharing_the_prefix(digits_queries: QueryBuilder) -> None:
    queries = digits_queries
    starting_with_1 = sum(1 for _ in queries.vocabulary.folded_words("1"))
    outcome = queries.analyse("1*0*0*0*0*0*x")
    # Each candidate is looked at once: no backtracking, whatever the stars.
    assert 0 < outcome.examined <= starting_with_1 + 1
    assert outcome.query is None and not outcome.partial


def test_wildcards_still_find_what_they_match(digits_index: indexer.SearchIndex) -> None:
    assert digits_index.search(f"1*0*0*0*0*0{'0' * 30}").total == 1  # LONG_NUMBER itself
    assert digits_index.search("1*0*01").total == 1  # LONG_NUMBER + "1"
    assert digits_index.search("9*9*9").total == 1
    # The last piece is matched as typed, not stemmed ("oc*ans" -> océans).
    assert [hit.source for hit in digits_index.search("oc*ans").hits] == ["paix.txt"]
    assert digits_index.search("sécu*").total == digits_index.search("secu*").total == 1


def test_caps_are_applied_and_said(digits_index: indexer.SearchIndex) -> None:
    too_many_stars = "1" + "*0" * (MAX_WILDCARDS_PER_WORD + 1)
    result = digits_index.search(too_many_stars)
    assert result.partial and result.total == 0
    assert any("wildcards in one word" in note for note in result.notes)
    many_words = " ".join(f"{prefix}*" for prefix in ["pai", "oc", "sécu", "nat", "dur", "col", "mat", "soi", "com"])
    result = digits_index.search(many_words)
    assert result.partial and result.total > 0
    assert f"only the first {MAX_WILDCARD_WORDS} wildcard words are searched" in result.notes
    assert not digits_index.search("pai*").partial


def test_a_search_out_of_time_answers_with_what_it_has(digits_index: indexer.SearchIndex) -> None:
    late = digits_index.search("paix", time_limit=0)
    assert late.partial and late.hits and late.expansions == () and late.suggestion is None
    on_time = digits_index.search("paix")
    assert not on_time.partial and on_time.expansions
    # A parse the deadline cut short is not cached: the next search expands the wildcard.
    assert digits_index.search("océ*", time_limit=0).partial
    assert digits_index.search("océ*").total == 1


@given(
    pattern=st.text(alphabet="ab0*?", max_size=12),
    text=st.text(alphabet="ab0", max_size=14),
)
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_glob_match_agrees_with_fnmatch(pattern: str, text: str) -> None:
    assert glob_match(pattern, text) == fnmatch.fnmatchcase(text, pattern)


def test_glob_match_is_linear_on_the_pathological_pattern() -> None:
    pattern = "1" + "*0" * 40 + "*x"
    started = time.perf_counter()
    for _ in range(1000):
        assert not glob_match(pattern, LONG_NUMBER * 3)
    assert time.perf_counter() - started < HANG_SECONDS


# -- fields --------------------------------------------------------------


def sources(result: indexer.SearchResult) -> set[str]:
    return {hit.source for hit in result.hits}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("source:notes", {"notes/cuisine.md", "notes/archives/ecole.txt"}),
        ("source:notes/", {"notes/cuisine.md", "notes/archives/ecole.txt"}),
        ("crêpes école climat source:notes/archives", {"notes/archives/ecole.txt"}),
        ('dossier:"notes/archives/" école', {"notes/archives/ecole.txt"}),
        ("source:climat.txt", {"climat.txt"}),
        ("crêpes école climat -source:notes", {"climat.txt"}),
        ("source:note", set()),  # a folder is named whole, not by its first letters
        ("crêpes source:climat.txt", set()),
    ],
    ids=["folder", "folder-slash", "subfolder", "french-alias-quoted", "document", "excluded", "partial-name",
         "word-elsewhere"],
)
def test_source_restricts_to_documents_and_folders(
    small_index: indexer.SearchIndex, text: str, expected: set[str]
) -> None:
    for group in (False, True):
        result = small_index.search(text, limit=100, group=group)
        assert sources(result) == expected, (text, group)


def test_source_alone_lists_every_paragraph_of_the_document(small_index: indexer.SearchIndex) -> None:
    stored = small_index.document("climat.txt")
    assert stored is not None
    result = small_index.search("source:climat.txt", limit=100)
    assert sorted(hit.paragraph for hit in result.hits) == [p.number for p in stored.paragraphs]


@pytest.mark.parametrize(
    "text",
    ["number:1", "number:[1 TO 3]", "NUMBER:2 crêpes", "source:", "source:/", "title:", "text:", "http://x.fr",
     "inconnu:crêpes", "*:crêpes", "source:x.txt:y", "titre:", "source:" + "a/" * 300],
)
def test_every_field_the_parser_accepts_is_searched_or_ignored(small_index: indexer.SearchIndex, text: str) -> None:
    for group in (False, True):
        result = small_index.search(text, group=group)
        assert result.total >= 0
    small_index.highlight("Les crêpes demandent de la farine.", text)


def test_unknown_field_names_are_words(small_index: indexer.SearchIndex) -> None:
    assert sources(small_index.search("inconnu:crêpes")) == {"notes/cuisine.md"}
    assert sources(small_index.search("NUMBER:crêpes")) == {"notes/cuisine.md"}


@pytest.mark.parametrize("field", ["title", "titre", "Title"], ids=["english", "french", "capitalised"])
def test_title_field_and_its_aliases(small_index: indexer.SearchIndex, field: str) -> None:
    # "cuisine" is in the title of notes/cuisine.md only; "farine" only in its text.
    assert sources(small_index.search(f"{field}:recettes")) == {"notes/cuisine.md"}
    assert small_index.search(f"{field}:farine").total == 0


def test_text_field_and_its_alias(small_index: indexer.SearchIndex) -> None:
    assert sources(small_index.search("texte:farine")) == sources(small_index.search("text:farine")) == {
        "notes/cuisine.md"
    }
    # The title line is a paragraph too; the title field is on every paragraph of the document.
    assert small_index.search("texte:recettes").total == 1 < small_index.search("titre:recettes").total


def test_expansions_leave_source_values_out(small_index: indexer.SearchIndex) -> None:
    result = small_index.search("crêpes source:notes")
    assert [word for word, _ in result.expansions] == ["crêpes"]


def test_source_filter_does_not_change_scores(small_index: indexer.SearchIndex, tmp_path: Path) -> None:
    plain = {hit.paragraph: hit.score for hit in small_index.search("élèves école", limit=100).hits
             if hit.source == "notes/archives/ecole.txt"}
    filtered = {hit.paragraph: hit.score for hit in small_index.search("élèves école source:notes", limit=100).hits}
    assert filtered == plain


def test_a_source_filter_survives_block_skipping(seeds_copy: Path, tmp_path: Path) -> None:
    """Whoosh's own Require matcher fails an assertion here (a skip landing on a filtered document)."""
    write_corpus(seeds_copy, {"notes d'été/piège.txt": "Une page\n\nDes tomates et des courgettes.\n\nLe jardin.\n"})
    indexer.build_index(seeds_copy, tmp_path / "index")
    idx = indexer.open_index(tmp_path / "index")
    for group in (False, True):
        result = idx.search('tomates source:"notes d\'été"', group=group)
        assert sources(result) == {"notes d'été/piège.txt"}
    idx.close()
