"""Building indexes: counts, reports, atomic replacement, the writer lock."""

from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from indexer import build as build_module
from indexer import store
from indexer.errors import CorpusNotFoundError, IndexLockedError, IndexNotFoundError, IndexWriteError


def test_seed_build_counts(seed_index_dir: Path, seed_index: indexer.SearchIndex) -> None:
    stats = seed_index.stats()
    assert stats.documents == 2
    assert stats.paragraphs == 76
    assert stats.terms > 500
    assert stats.size_bytes > 0
    assert stats.built_at
    assert seed_index.sources() == ["000_230c5f8ffb408245.txt", "003_f1f74f28f6e10c66.txt"]


def test_report_lists_skipped_files_and_warnings(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Bonjour\n\nLa paix.", encoding="utf-8")
    (corpus / "ancien.txt").write_bytes("Été\n\nCafé crème.".encode("cp1252"))
    (corpus / "vide.txt").write_bytes(b"")
    (corpus / "binaire.md").write_bytes(b"\x00\x01\x02")
    report = indexer.build_index(corpus, tmp_path / "index")
    assert (report.documents, report.paragraphs) == (2, 4)
    assert {(s.doc_id, s.reason) for s in report.skipped} == {
        ("vide.txt", "empty file (no text)"),
        ("binaire.md", "binary file (NUL bytes)"),
    }
    assert report.warnings == (("ancien.txt", "not UTF-8, decoded as cp1252"),)
    assert report.seconds > 0
    hits = indexer.open_index(tmp_path / "index").search("cafe creme").hits
    assert [(h.source, h.paragraph) for h in hits] == [("ancien.txt", 2)]


def test_missing_corpus_is_reported_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="absent"):
        indexer.build_index(tmp_path / "absent", tmp_path / "index")
    with pytest.raises(IndexNotFoundError, match="python -m indexer rebuild"):
        indexer.open_index(tmp_path / "index")


def test_rebuild_replaces_the_index_and_keeps_one_previous_generation(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    generations = []
    for word in ("girafe", "éléphant", "hippopotame"):
        (corpus / "zoo.txt").write_text(f"Zoo\n\nUn {word} au zoo.", encoding="utf-8")
        indexer.build_index(corpus, index_dir)
        generations.append(store.current_generation(index_dir))
        assert indexer.open_index(index_dir).search(word).total == 1
    remaining = sorted(p.name for p in index_dir.glob("gen-*"))
    assert remaining == sorted(g.name for g in generations[1:])


def test_failed_build_leaves_the_previous_index_serving(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    served = indexer.open_index(index_dir)
    before = served.search("sécurité commune")
    (seeds_copy / "nouveau.txt").write_text("Nouveau\n\nUn ornithorynque.", encoding="utf-8")

    calls = {"n": 0}
    real_add = build_module._add_document

    def fail_on_second_document(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_add(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "_add_document", fail_on_second_document)
    with pytest.raises(IndexWriteError, match="disk full"):
        indexer.build_index(seeds_copy, index_dir)

    after = served.search("sécurité commune")
    assert [(h.source, h.paragraph, h.snippet) for h in after.hits] == [
        (h.source, h.paragraph, h.snippet) for h in before.hits
    ]
    reopened = indexer.open_index(index_dir)
    assert reopened.search("ornithorynque").total == 0
    assert reopened.search("sécurité commune").total == before.total
    assert len(list(index_dir.glob("gen-*"))) == 1  # the half-built generation is gone


def test_leftover_generation_of_a_killed_build_is_cleaned(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    orphan = store.new_generation(index_dir)
    (orphan / "half-written").write_bytes(b"...")
    indexer.build_index(seeds_copy, index_dir)
    assert not orphan.exists()


def test_second_writer_is_refused_with_a_clear_message(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    with store.writer_lock(index_dir):
        with pytest.raises(IndexLockedError, match="another rebuild or update"):
            indexer.build_index(seeds_copy, index_dir)
    indexer.build_index(seeds_copy, index_dir)  # the lock is free again
    assert indexer.open_index(index_dir).stats().documents == 2
