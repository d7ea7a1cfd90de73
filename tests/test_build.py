"""Building indexes: counts, reports, atomic replacement, the writer lock."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import indexer
from indexer import build as build_module
from indexer import store
from indexer.errors import CorpusNotFoundError, IndexLockedError, IndexNotFoundError, IndexWriteError
from indexer.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"


def saved_vocabulary(index_dir: Path) -> tuple[dict[str, int], dict[str, str]]:
    payload = json.loads((store.require_current_generation(index_dir) / "vocabulary.json").read_text(encoding="utf-8"))
    return payload["counts"], payload["terms"]


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
        ("vide.txt", "document vide (aucun texte)"),
        ("binaire.md", "fichier binaire (octets NUL)"),
    }
    assert report.warnings == (("ancien.txt", "pas en UTF-8, lu comme cp1252"),)
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
    real_add = build_module.add_document

    def fail_on_second_document(*args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_add(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "add_document", fail_on_second_document)
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


@pytest.mark.parametrize("damage", ["missing", "binary", "truncated"])
def test_an_unreadable_vocabulary_is_counted_again_from_the_index(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(SEEDS_DIR, index_dir)
    with_vocabulary = saved_vocabulary(index_dir)
    path = store.require_current_generation(index_dir) / "vocabulary.json"
    if damage == "missing":
        path.unlink()
    elif damage == "binary":
        path.write_bytes(b"\x00\xff\xfe" * 100)
    else:
        path.write_bytes(path.read_bytes()[:500])
    idx = indexer.open_index(index_dir)
    try:
        with caplog.at_level(logging.WARNING, logger="indexer.vocabulary"):
            found = idx.search("securite")
        assert found.total == idx.search("sécurité").total > 0
        assert idx.search("securte").suggestion == "sécurité"
    finally:
        idx.close()
    assert any("counting the words of the index again" in record.getMessage() for record in caplog.records)
    # Counted again, the vocabulary is the one the build saved, word for word.
    recounted = Vocabulary.load(store.require_current_generation(index_dir))
    assert (recounted.counts, recounted.terms) == with_vocabulary


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m indexer *args*`` as a user would (Whoosh leaves files of a damaged index open)."""
    command = [sys.executable, "-m", "indexer", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("pattern", "content"),
    [("_MAIN_*.toc", b"\x80\x04"), ("_MAIN_*.toc", b"\xff" * 64), ("manifest.json", b'{"files": {')],
    ids=["toc-cut-short", "toc-garbage", "manifest-cut-short"],
)
def test_a_damaged_index_is_reported_in_one_line_and_a_rebuild_replaces_it(
    tmp_path: Path, seeds_copy: Path, pattern: str, content: bytes
) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    [damaged] = store.require_current_generation(index_dir).glob(pattern)
    damaged.write_bytes(content)
    for args in (["search", "--index", str(index_dir), "sécurité"], ["stats", "--index", str(index_dir)]):
        result = run_cli(*args)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr.splitlines() == [result.stderr.strip()]
        assert result.stderr.startswith(f"error: the index in {index_dir} cannot be read (")
        assert result.stderr.rstrip().endswith(f"rebuild it: python -m indexer rebuild --index {index_dir}")
    assert run_cli("rebuild", "--corpus", str(seeds_copy), "--index", str(index_dir)).returncode == 0
    assert run_cli("search", "--index", str(index_dir), "sécurité").returncode == 0


def postings_by_paragraph(index_dir: Path) -> dict[str, list[tuple[str, int, float, bytes]]]:
    """Return each text field term's postings keyed by paragraph (source, number), whatever the segments' order."""
    from whoosh import index as whoosh_index

    found: dict[str, list[tuple[str, int, float, bytes]]] = {}
    with whoosh_index.open_dir(str(store.require_current_generation(index_dir))).reader() as reader:
        paragraph = {doc: (fields["source"], fields["number"]) for doc, fields in reader.iter_docs()}
        for name in ("title", "section", "text"):
            for term in reader.lexicon(name):
                postings = reader.postings(name, term)
                rows = []
                while postings.is_active():
                    rows.append((*paragraph[postings.id()], postings.weight(), postings.value()))
                    postings.next()
                found[f"{name}:{term.decode('utf-8')}"] = sorted(rows)
    return found


def test_indexing_processes_write_the_postings_of_a_one_process_build(
    tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build analyses each paragraph before Whoosh's indexing processes
    # receive it: the analysed values must travel to them intact.
    indexer.build_index(seeds_copy, tmp_path / "one")
    monkeypatch.setattr("indexer.writing.PARALLEL_BUILD_FROM_BYTES", 0)
    from indexer.writing import writer_options

    if "procs" not in writer_options(sorted(seeds_copy.iterdir())):
        pytest.skip("one core: no indexing processes")
    indexer.build_index(seeds_copy, tmp_path / "many")
    one, many = postings_by_paragraph(tmp_path / "one"), postings_by_paragraph(tmp_path / "many")
    assert len(one) > 500 and one == many
    assert saved_vocabulary(tmp_path / "one") == saved_vocabulary(tmp_path / "many")
