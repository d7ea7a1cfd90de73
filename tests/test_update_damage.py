"""Incremental updates over a damaged index or onto a full disk: rebuilt or refused, never reused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import store
from indexer.cli import cli

from corpus_writing import SMALL_CORPUS, write_corpus
from full_disk import run_with_full_disk
from update_checks import CLIMAT_V2, SEEDS, hit_set


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", dict(SMALL_CORPUS))

def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for position in range(len(data) // 3, len(data), 97):
        data[position] ^= 0x5A
    path.write_bytes(bytes(data))


DAMAGES = {
    "table of contents cut short": ("_MAIN_*.toc", _truncate, "bytes instead of"),
    "postings altered in place": ("*.pst", _flip_bytes, "does not hold the bytes written"),
    "stored fields cut short": ("*._stored.col", _truncate, "bytes instead of"),
    "manifest cut short": ("manifest.json", _truncate, "manifest.json is unreadable"),
    "manifest binary": ("manifest.json", lambda path: path.write_bytes(b"\xff\x00" * 40), "manifest.json is"),
    "vocabulary missing": ("vocabulary.json", Path.unlink, "index file vocabulary.json is missing"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_generation_is_rebuilt_not_reused(corpus: Path, tmp_path: Path, damage: str) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    pattern, spoil, reason = DAMAGES[damage]
    spoiled = list(store.require_current_generation(index_dir).glob(pattern))
    assert len(spoiled) == 1
    spoil(spoiled[0])
    result = CliRunner().invoke(cli, ["update", "--corpus", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"the index in {index_dir} was damaged (") and reason in first
    assert f"): rebuilt it from {corpus} in " in first
    assert hit_set(index_dir, "crepes") == {("notes/cuisine.md", 3)}
    assert hit_set(index_dir, "oceans") == {("climat.txt", 2)}
    # Once rebuilt, it is whole again.
    again = indexer.update_index(corpus, index_dir)
    assert not again.rebuilt and again.changes == 0


def test_a_manifest_that_disagrees_with_the_index_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(corpus, index_dir)
    generation = store.require_current_generation(index_dir)
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["climat.txt"]["paragraphs"] += 1
    (generation / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = indexer.update_index(corpus, index_dir)
    assert report.rebuilt and report.damage == "the index holds 9 paragraphs, its manifest lists 10"


def test_a_full_disk_fails_an_update_with_one_line(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    # Enough words that the vocabulary file is past the size limit.
    (corpus / "graines.txt").write_bytes(b"".join(path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))))
    indexer.build_index(corpus, index_dir)
    serving = store.require_current_generation(index_dir)
    (corpus / "climat.txt").write_text(CLIMAT_V2, encoding="utf-8")
    result = run_with_full_disk("update", "--corpus", str(corpus), "--index", str(index_dir))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: no room left to write the index in {index_dir} (File too large")
    assert store.require_current_generation(index_dir) == serving
    assert hit_set(index_dir, "océans") == {("climat.txt", 2)}
    assert indexer.update_index(corpus, index_dir).changed == ("climat.txt",)
