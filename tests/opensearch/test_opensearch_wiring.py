"""The CLI and the web app with an ``opensearch://`` location, against the test node (NODE_URL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer.cli import cli
from indexer.opensearch import OpenSearchIndex
from webui import create_app

from opensearch_support import NODE_ADDRESS, ROOT, SEEDS  # type: ignore[import-not-found]

pytestmark = pytest.mark.opensearch

SEED_000 = "000_230c5f8ffb408245.txt"
# Seconds the web server gets to build the index and listen.
SERVER_START_TIMEOUT = 60


@pytest.fixture(scope="module")
def built(module_location: str) -> str:
    indexer.build_index(SEEDS, module_location)
    return module_location


def test_cli_rebuild_update_search_stats(unique_location: str) -> None:
    runner = CliRunner()
    rebuilt = runner.invoke(cli, ["rebuild", "--corpus", str(SEEDS), "--index", unique_location])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert f"indexed 2 documents, 76 paragraphs from {SEEDS} into {unique_location}" in rebuilt.output
    updated = runner.invoke(cli, ["update", "--corpus", str(SEEDS), "--index", unique_location])
    assert updated.exit_code == 0 and "is up to date" in updated.output
    found = runner.invoke(cli, ["search", "--index", unique_location, "securite commune globale"])
    assert found.exit_code == 0 and f"{SEED_000} § 10" in found.output and "[sécurité]" in found.output
    as_json = json.loads(runner.invoke(cli, ["search", "--json", "--index", unique_location, "paix"]).output)
    assert as_json["total"] > 0 and "<mark>paix</mark>" in as_json["hits"][0]["snippet"]
    stats = runner.invoke(cli, ["stats", "--index", unique_location])
    assert stats.exit_code == 0 and "paragraphs: 76" in stats.output and f"{unique_location}-000001" in stats.output


@pytest.mark.parametrize("location, message", [
    ("opensearch://127.0.0.1:1/fr-search", "error: no OpenSearch node answers at opensearch://127.0.0.1:1/fr-search"),
    ("opensearch://127.0.0.1:9200/Mauvais Nom", "needs an index name after the host"),
    (f"opensearch://{NODE_ADDRESS}/fr-search-test-absent", "error: no index fr-search-test-absent on OpenSearch"),
], ids=["unreachable", "bad-name", "missing"])
def test_cli_errors_are_one_line(location: str, message: str) -> None:
    for command in (["search", "--index", location, "paix"], ["stats", "--index", location]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_open_index_dispatches_on_the_location(built: str, tmp_path: Path) -> None:
    served = indexer.open_index(built)
    assert isinstance(served, OpenSearchIndex) and served.search("paix").total > 0
    served.close()
    assert not list(tmp_path.iterdir()) and not (Path.cwd() / "opensearch:").exists()


def test_web_app_searches_and_shows_documents(built: str) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": built, "CORPUS_DIR": str(SEEDS)}).test_client()
    answer = client.get("/api/search?q=securite+commune+globale")
    assert answer.status_code == 200
    first = answer.get_json()["hits"][0]
    assert first["source"] == SEED_000 and "<mark>sécurité</mark>" in first["snippet"]
    page = client.get("/?q=securite")
    assert page.status_code == 200 and "<mark>sécurité</mark>" in page.get_data(as_text=True)
    document = client.get(f"/doc/{SEED_000}?q=securite")
    assert document.status_code == 200 and "<mark>" in document.get_data(as_text=True)
    assert client.get("/healthz").get_json()["status"] == "ok"
    original = client.get(f"/file/{SEED_000}")
    assert original.status_code == 200 and original.get_data().startswith(b"Histoire et soci")
    original.close()


def test_web_app_without_a_cluster_answers_503_in_french() -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": "opensearch://127.0.0.1:1/fr-search"}).test_client()
    api = client.get("/api/search?q=paix")
    assert api.status_code == 503 and "OpenSearch ne répond pas" in api.get_json()["error"]
    page = client.get("/?q=paix")
    assert page.status_code == 503 and "OpenSearch ne répond pas" in page.get_data(as_text=True)


@pytest.fixture
def server(unique_location: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    log = tmp_path / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "webui", "--port", "0", "--index", unique_location, "--corpus", str(SEEDS)],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
    try:
        yield process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_webui_builds_the_missing_index_then_serves(server: tuple[subprocess.Popen[bytes], Path],
                                                    tmp_path: Path) -> None:
    process, log = server
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while "Serving on" not in log.read_text() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    output = log.read_text()
    assert "no index in opensearch://" in output and "Serving on http://127.0.0.1:" in output, output
    url = output.split("Serving on ")[1].split()[0]
    with urllib.request.urlopen(url + "/api/search?q=securite") as answer:
        assert json.load(answer)["total"] > 0
    # The location is no folder: nothing was made in the working directory.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["server.log"]
