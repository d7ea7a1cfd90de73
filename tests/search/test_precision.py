"""Issue 12: what a typed word matches, the « Recherché » line, suggestions, fields, exclusions and compounds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import indexer
from indexer.schema import build_schema
from indexer.search.expansion_rules import without_question_words
from indexer.search.query import QueryBuilder
from indexer.settings import ExpansionSettings, IndexSettings
from indexer.vocabulary import Vocabulary

from precision_corpus import PRECISION_CORPUS, build_precision_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    return build_precision_index(tmp_path_factory.mktemp("precision"))


@pytest.fixture(scope="module")
def queries() -> QueryBuilder:
    return QueryBuilder(build_schema(), Vocabulary.from_texts(PRECISION_CORPUS.values()))


def listed(index: indexer.SearchIndex, text: str) -> dict[str, tuple[str, ...]]:
    return dict(index.search(text).expansions)


@pytest.mark.parametrize(
    ("typed", "never"),
    [
        ("comment", {"commentez", "commenté"}),
        ("fil", {"filaire"}),
        ("sans", {"sane"}),
        ("securite", {"secure"}),
        ("installation", {"install"}),
    ],
    ids=["interrogative-not-verb", "short-word", "stop-like-not-english", "accent-free-not-english",
         "noun-not-english-verb"],
)
def test_a_word_lists_only_its_own_variants(index: indexer.SearchIndex, typed: str, never: set[str]) -> None:
    variants = listed(index, typed)[typed]
    assert variants and not never & set(variants)


def test_the_english_homograph_is_not_a_variant_but_french_inflections_are(index: indexer.SearchIndex) -> None:
    assert listed(index, "fil")["fil"] == ("fil",)
    assert listed(index, "securite")["securite"] == ("sécurité",)
    assert "installation" in listed(index, "installation")["installation"]


def test_a_typo_never_lands_on_an_english_word(index: indexer.SearchIndex, queries: QueryBuilder) -> None:
    # « securte » is one edit from « sécurité » and one from « secure ».
    assert listed(index, "securte")["securte"] == ("sécurité",)
    assert set(queries.fuzzy_terms("text", "securte")) == {"secur"} - set(queries.analyze("text", "securte"))


def test_a_typo_keeps_the_first_letter(index: indexer.SearchIndex, queries: QueryBuilder) -> None:
    # Swapping the first two letters of « imprimante » is one typo, but the first letter differs.
    assert queries.fuzzy_terms("text", "miprimante") == []
    assert queries.fuzzy_terms("text", "imprimnate") != []


def test_a_known_word_is_never_typo_expanded(queries: QueryBuilder) -> None:
    assert queries.fuzzy_terms("text", "script") == []
    words = Vocabulary.from_texts(["Le parquet du salon et le paquet de la poste."])
    assert QueryBuilder(build_schema(), words).fuzzy_terms("text", "parquet") == []
    relaxed = QueryBuilder(build_schema(), words,
                           IndexSettings(expansion=ExpansionSettings(fuzzy_unknown_words_only=False)))
    assert relaxed.fuzzy_terms("text", "parquet") == ["paquet"]


def test_short_and_stop_words_are_never_expanded(queries: QueryBuilder) -> None:
    assert queries.fuzzy_terms("text", "fli") == []
    assert queries.fuzzy_terms("text", "sasn") == []


def test_suggestion_only_when_it_finds_clearly_more(index: indexer.SearchIndex) -> None:
    # The words as typed find plenty by themselves: no correction, although one word is a typo.
    plenty = index.search("imprimantte sécurité paquet réseau", group=False)
    assert plenty.total > 5 and plenty.suggestion is None
    assert index.suggest("imprimantte sécurité paquet réseau") == "imprimante sécurité paquet réseau"
    # Alone, the typo finds nothing by itself (typo tolerance aside): the correction is offered.
    assert index.search("imprimantte").suggestion == "imprimante"
    # A correction that finds no more than the words typed is not offered.
    assert index.search("xyzzyqwert scripts").suggestion is None
    assert index.search("sécur*").suggestion is None
    assert index.suggest("sécur*") is None


def test_a_correction_is_spelled_as_the_corpus_writes_it(index: indexer.SearchIndex) -> None:
    assert index.suggest("imprimantte reseau") == "imprimante réseau"


def test_unknown_words_are_said_unknown(index: indexer.SearchIndex) -> None:
    result = index.search("xyzzyqwert imprimantte")
    assert result.unknown_words == ("xyzzyqwert",)
    assert index.search("imprimante").unknown_words == ()


def test_field_names_are_fields_in_what_was_searched(index: indexer.SearchIndex) -> None:
    result = index.search("title:sauvegarde")
    assert [word for word, _ in result.expansions] == ["sauvegarde"] and result.total == 1
    assert [hit.source for hit in index.search("section:copies").hits] == ["sauvegarde.md"]
    assert "section" not in dict(index.search("section:copies").expansions)


def test_grouped_results_exclude_whole_documents(index: indexer.SearchIndex) -> None:
    grouped = {hit.source for hit in index.search("paquet -apt", group=True, limit=50).hits}
    assert "paquets.md" not in grouped and "archives.md" in grouped
    # The paragraph view keeps per-paragraph exclusion: the third paragraph of paquets.md has no « apt ».
    paragraphs = {hit.source for hit in index.search("paquet -apt", group=False, limit=50).hits}
    assert "paquets.md" in paragraphs


def test_the_results_line_names_the_excluded_words(index: indexer.SearchIndex) -> None:
    result = index.search("tar -xvf")
    assert result.excluded == ("xvf",) and result.total > 0
    assert index.search("tar").excluded == ()


def test_a_hyphenated_compound_finds_its_joined_spelling(index: indexer.SearchIndex) -> None:
    result = index.search("e-mail", group=False, limit=10)
    assert {hit.source for hit in result.hits} == {"courrier.md"} and result.total == 2
    assert dict(result.expansions)["e-mail"] == ("e-mail", "email")
    off = IndexSettings(expansion=ExpansionSettings(joined_compounds=False))
    assert QueryBuilder(build_schema(), Vocabulary.from_texts(PRECISION_CORPUS.values()), off).analyse(
        "e-mail").field_terms("text") == frozenset({"e", "mail"})


def test_stop_words_only_is_said(index: indexer.SearchIndex) -> None:
    result = index.search("le la les")
    assert result.total == 0 and result.stop_words_only
    assert not index.search("xyzzyqwert").stop_words_only


def test_question_words_are_dropped_only_when_asked(queries: QueryBuilder) -> None:
    assert without_question_words("Comment configurer le réseau") == " configurer le réseau"
    assert without_question_words("comment") == "comment"
    assert without_question_words('"comment configurer"') == '"comment configurer"'
    dropping = QueryBuilder(build_schema(), queries.vocabulary,
                            IndexSettings(expansion=ExpansionSettings(question_word_weight=0.0)))
    assert "comment" not in dropping.analyse("comment configurer").field_terms("text")
    assert "comment" in queries.analyse("comment configurer").field_terms("text")


def test_expansion_settings_are_saved_with_the_index(tmp_path: Path) -> None:
    settings = replace(IndexSettings(), expansion=ExpansionSettings(foreign_zipf_margin=0.0))
    assert IndexSettings.from_manifest(settings.to_manifest()) == settings
    assert IndexSettings.from_manifest({}).expansion == ExpansionSettings()


def test_question_words_can_weigh_less(queries: QueryBuilder) -> None:
    halved = QueryBuilder(build_schema(), queries.vocabulary,
                          IndexSettings(expansion=ExpansionSettings(question_word_weight=0.5)))
    leaves = halved.analyse("comment configurer le réseau").leaves
    assert {term.boost for term in leaves if term.text == "comment"} == {0.5}
    assert {term.boost for term in leaves if term.text != "comment"} == {1.0}
    # Alone, the interrogative is what is searched, at full weight.
    assert {term.boost for term in halved.analyse("comment").leaves} == {1.0}
