"""Word completion from the corpus's words: accents restored, most frequent first, on a real index."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from indexer.search.completion import MAX_COMPLETIONS

TEXTS = {
    "sauvegarde.txt": (
        "Sauvegarder ses fichiers\n\n"
        "Une sauvegarde par jour, et une autre sauvegarde chaque semaine hors du bureau.\n\n"
        "Pour sauvegarder, branchez le disque : la sauvegarde commence seule.\n"
    ),
    "securite.txt": (
        "La sécurité du réseau\n\n"
        "La sécurité des comptes passe par des mots de passe longs ; la sécurité du réseau, par les mises à jour.\n\n"
        "Un geste sécuritaire : verrouiller l'écran.\n"
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    base = tmp_path_factory.mktemp("completion")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    indexer.build_index(corpus, base / "index")
    opened = indexer.open_index(base / "index")
    assert isinstance(opened, indexer.SearchIndex)
    return opened


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("sauveg", ["sauvegarde", "sauvegarder"]),
        ("secu", ["sécurité", "sécuritaire"]),
        ("SÉCU", ["sécurité", "sécuritaire"]),
        ("reseau", ["réseau"]),
    ],
    ids=["most-frequent-first", "accents-restored", "case-and-accents-ignored", "whole-word"],
)
def test_completes_with_corpus_words(index: indexer.SearchIndex, prefix: str, expected: list[str]) -> None:
    assert index.complete(prefix) == expected


@pytest.mark.parametrize("prefix", ["s", "", "  ", "xyzzy", "sé*", "title:"], ids=["one-letter", "empty", "blank", "unknown", "wildcard", "field"])
def test_completes_to_nothing(index: indexer.SearchIndex, prefix: str) -> None:
    assert index.complete(prefix) == []


def test_limit(index: indexer.SearchIndex) -> None:
    assert index.complete("sa", limit=1) == ["sauvegarde"]
    for bad in (0, MAX_COMPLETIONS + 1):
        with pytest.raises(ValueError, match="limit"):
            index.complete("sa", limit=bad)
