"""Shared fixtures: the real seed corpus, a small French corpus, and indexes built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import indexer
from corpus_writing import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Small French texts written for the tests: hyphenated words, elisions with
# both apostrophes, a dotted acronym, a markdown title and a nested folder.
SMALL_CORPUS = {
    "climat.txt": (
        "Le climat en Asie-Pacifique\n\n"
        "Les pays d’Asie-Pacifique coopèrent sur l'adaptation au changement climatique.\n"
        "Les océans se réchauffent et les côtes reculent.\n\n"
        "L’O.N.U. publie chaque année un rapport sur les émissions.\n"
    ),
    # No "#" heading: a Markdown heading is a section, not a paragraph, and
    # the tests count this note's paragraphs from its first line.
    "notes/cuisine.md": (
        "Recettes de cuisine\n\n"
        "Le bœuf bourguignon mijote lentement ; il est peut-être meilleur le lendemain.\n\n"
        "Les crêpes demandent de la farine, des œufs et du lait.\n"
    ),
    "notes/archives/ecole.txt": (
        "Souvenirs d'école\n\n"
        "Les élèves développaient leurs connaissances ; le développement de l’enfant était suivi.\n\n"
        "Jusqu’à présent, aucune école n’avait fermé.\n"
    ),
}


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real default corpus (read only)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the real seed corpus, built once."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    indexer.build_index(SEEDS, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def seed_index(seed_index_dir: Path) -> indexer.SearchIndex:
    return indexer.open_index(seed_index_dir)


@pytest.fixture(scope="session")
def small_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("small-corpus"), dict(SMALL_CORPUS))


@pytest.fixture(scope="session")
def small_index(small_corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> indexer.SearchIndex:
    index_dir = tmp_path_factory.mktemp("small-index")
    indexer.build_index(small_corpus_dir, index_dir)
    return indexer.open_index(index_dir)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
