"""/healthz runs a real search, and a damaged index is one clear line at the server's start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from webui import create_app

from .browser import ROOT, stop_process

START_SECONDS = 30.0
# Bytes left as they are at the start of a damaged file (its header).
KEPT_BYTES = 64


def _damaged_copy(index_dir: Path, target: Path, suffix: str) -> Path:
    """Copy the index to *target* and overwrite with zeros one of its segment files (all but its header)."""
    shutil.copytree(index_dir, target)
    generation = target / (target / "CURRENT").read_text(encoding="utf-8").strip()
    (damaged,) = [path for path in generation.iterdir() if path.name.endswith(suffix)]
    size = damaged.stat().st_size
    with open(damaged, "r+b") as file:
        file.seek(KEPT_BYTES)
        file.write(b"\0" * (size - KEPT_BYTES))
    return target


def test_health_is_ok_when_a_search_works(web_index_dir: Path) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(web_index_dir)}).test_client()
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_health_is_a_503_with_the_reason_when_searches_fail(web_index_dir: Path, tmp_path: Path) -> None:
    # Damaged postings: the index opens and counts, every search fails.
    index_dir = _damaged_copy(web_index_dir, tmp_path / "index", ".pst")
    # Not in testing mode: errors are answered, as in production, not raised.
    app = create_app({"INDEX_DIR": str(index_dir)})
    app.logger.disabled = True
    client = app.test_client()
    assert client.get("/api/search?q=paix").status_code == 500
    response = client.get("/healthz")
    assert response.status_code == 503
    message = response.get_json()["error"]
    assert message.startswith("L'index est ouvert mais une recherche de contrôle échoue")
    assert "CorruptIndexError" in message and str(tmp_path) not in message


@pytest.mark.parametrize("suffix", [".pst", ".trm", "_stored.col"], ids=["postings", "terms", "stored"])
def test_a_damaged_index_stops_the_server_start_with_one_line(
    web_index_dir: Path, tmp_path: Path, suffix: str
) -> None:
    index_dir = _damaged_copy(web_index_dir, tmp_path / "index", suffix)
    command = [sys.executable, "-m", "webui", "--port", "0", "--index", str(index_dir)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = process.communicate(timeout=START_SECONDS)
    finally:
        stop_process(process)
    assert process.returncode == 1
    assert "Traceback" not in err and "Serving on" not in out
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: the index in {index_dir} cannot be read (")
    assert line.endswith(f"rebuild it: python -m indexer rebuild --corpus seeds --index {index_dir}")
