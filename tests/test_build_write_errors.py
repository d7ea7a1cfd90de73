"""Builds that cannot write: a full disk, a read-only index folder, an index path under a file."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import store
from indexer.cli import cli
from indexer.errors import IndexNotWritableError

from full_disk import run_with_full_disk


def test_a_full_disk_fails_a_rebuild_with_one_line(tmp_path: Path, seeds_copy: Path) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    serving = store.require_current_generation(index_dir)
    (seeds_copy / "nouveau.txt").write_text("Nouveau\n\nUn ornithorynque.", encoding="utf-8")
    result = run_with_full_disk("rebuild", "--corpus", str(seeds_copy), "--index", str(index_dir))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"error: no room left to write the index in {index_dir} (File too large")
    assert result.stderr.rstrip().endswith("the previous index still serves")
    assert store.require_current_generation(index_dir) == serving
    assert [path.name for path in index_dir.glob("gen-*")] == [serving.name]
    idx = indexer.open_index(index_dir)
    try:
        assert idx.search("ornithorynque").total == 0 and idx.search("sécurité").total > 0
    finally:
        idx.close()


def _make_read_only(folder: Path) -> Callable[[], None] | None:
    """Make *folder* refuse new entries; return how to undo it, None when this user cannot."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    # root writes through permissions, but not into an immutable folder.
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)
    return None


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_a_read_only_index_directory_fails_with_one_line(tmp_path: Path, seeds_copy: Path, command: str) -> None:
    index_dir = tmp_path / "index"
    indexer.build_index(seeds_copy, index_dir)
    (seeds_copy / "nouveau.txt").write_text("Nouveau\n\nUn ornithorynque.", encoding="utf-8")
    undo = _make_read_only(index_dir)
    if undo is None:
        pytest.skip("this user cannot make a folder read-only")
    try:
        result = CliRunner().invoke(cli, [command, "--corpus", str(seeds_copy), "--index", str(index_dir)])
    finally:
        undo()
    assert result.exit_code == 1
    assert result.output.splitlines() == [result.output.strip()]
    assert result.output.startswith(f"error: cannot write the index directory {index_dir} (")
    idx = indexer.open_index(index_dir)
    try:
        assert idx.search("ornithorynque").total == 0 and idx.search("sécurité").total > 0
    finally:
        idx.close()


def test_an_index_path_under_a_file_fails_with_one_line(tmp_path: Path, seeds_copy: Path) -> None:
    (tmp_path / "fichier").write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(IndexNotWritableError, match="cannot write the index directory"):
        indexer.build_index(seeds_copy, tmp_path / "fichier")
    below_a_file = str(tmp_path / "fichier" / "index")
    result = CliRunner().invoke(cli, ["rebuild", "--corpus", str(seeds_copy), "--index", below_a_file])
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot write the index directory") and len(result.output.splitlines()) == 1
    assert (tmp_path / "fichier").read_text(encoding="utf-8") == "pas un dossier"
