"""Shared fixtures: the real seed corpus, a small French corpus, and indexes built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import indexer
from corpus_writing import SMALL_CORPUS, write_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"



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
