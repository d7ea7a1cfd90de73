"""Rebuilds behind the alias, updates in place, and clear errors, on the test node (NODE_URL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from indexer.errors import IndexNotFoundError, SearchClusterError
from indexer.opensearch import build_opensearch_index, open_opensearch_index, parse_location, update_opensearch_index

from opensearch_support import NODE_ADDRESS, ROOT, SEEDS, copy_seeds  # type: ignore[import-not-found]

pytestmark = pytest.mark.opensearch

SEED_003 = "003_f1f74f28f6e10c66.txt"
# Seconds a killed rebuild's new index gets to appear.
APPEAR_TIMEOUT = 60


def _client() -> OpenSearch:
    host, port = NODE_ADDRESS.split(":")
    return OpenSearch(hosts=[{"host": host, "port": int(port)}])


def _indices(alias: str) -> list[str]:
    client = _client()
    try:
        return sorted(client.indices.get(index=f"{alias}-*", allow_no_indices=True))
    finally:
        client.close()


def _aliased(alias: str) -> list[str]:
    client = _client()
    try:
        return sorted(client.indices.get_alias(name=alias))
    finally:
        client.close()


def _big_corpus(directory: Path, files: int = 20, paragraphs: int = 60) -> Path:
    """Write *files* texts of *paragraphs* French paragraphs each (seed sentences with a number)."""
    directory.mkdir()
    sentences = [line for line in (SEEDS / SEED_003).read_text(encoding="utf-8").splitlines() if len(line) > 60]
    for number in range(files):
        body = "\n\n".join(f"{sentences[(number + k) % len(sentences)]} (registre {number}-{k})"
                           for k in range(paragraphs))
        (directory / f"registre-{number:03d}.txt").write_text(f"Registre {number}\n\n{body}\n", encoding="utf-8")
    return directory


def test_searches_keep_answering_while_the_alias_moves(unique_location: str, tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    build_opensearch_index(corpus, unique_location)
    index = open_opensearch_index(unique_location)
    first = index.stats().path
    totals: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                totals.append(index.search("sécurité").total)
            except BaseException as error:  # noqa: BLE001 - any failure is what the test looks for
                errors.append(error)

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        build_opensearch_index(corpus, unique_location)
    finally:
        done.set()
        searcher.join()
    assert errors == [] and len(totals) > 5 and set(totals) == {totals[0]} and totals[0] > 0
    index.refresh()
    alias = parse_location(unique_location).alias
    assert index.stats().path != first
    # The previous generations are gone: only the serving one, its document twin and the meta index remain,
    # and the document alias moved with the alias.
    serving = _aliased(alias)[0]
    assert _indices(alias) == [serving, f"{serving}-documents", f"{alias}-meta"]
    assert _aliased(f"{alias}-documents") == [f"{serving}-documents"]
    index.close()


def test_a_rebuild_killed_half_way_leaves_the_alias_on_the_old_index(unique_location: str, tmp_path: Path) -> None:
    alias = parse_location(unique_location).alias
    corpus = _big_corpus(tmp_path / "corpus")
    (tmp_path / "corpus" / "seed.txt").write_text((SEEDS / SEED_003).read_text(encoding="utf-8"), encoding="utf-8")
    build_opensearch_index(corpus, unique_location)
    old = _aliased(alias)
    script = f"from indexer.opensearch import build_opensearch_index; build_opensearch_index({str(corpus)!r}, {unique_location!r})"
    rebuild = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + APPEAR_TIMEOUT
        while f"{alias}-000002" not in _indices(alias) and rebuild.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(rebuild.pid, signal.SIGKILL)
    finally:
        rebuild.wait()
    assert rebuild.returncode == -signal.SIGKILL
    assert f"{alias}-000002" in _indices(alias) and _aliased(alias) == old
    index = open_opensearch_index(unique_location)
    assert index.search("registre").total == 1220 and index.counts() == (21, 1236)

    # The next rebuild removes the leftover, and only what our pattern names.
    client = _client()
    client.indices.create(index=f"{alias}-keep")
    client.close()
    build_opensearch_index(corpus, unique_location)
    assert _aliased(alias) == [f"{alias}-000003"]
    assert _indices(alias) == [f"{alias}-000003", f"{alias}-000003-documents", f"{alias}-keep", f"{alias}-meta"]
    index.refresh()
    assert index.search("registre").total == 1220
    index.close()


def test_update_follows_added_changed_and_removed_files(unique_location: str, tmp_path: Path) -> None:
    corpus = copy_seeds(tmp_path / "corpus")
    (corpus / "a.txt").write_text("Notes\n\nLa girafe mange des feuilles.\n", encoding="utf-8")
    build_opensearch_index(corpus, unique_location)
    (corpus / "a.txt").write_text("Notes\n\nLa girafe dort debout.\n\nElle boit peu.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Savane\n\nUn éléphant traverse la savane.\n", encoding="utf-8")
    (corpus / SEED_003).unlink()

    report = update_opensearch_index(corpus, unique_location)
    assert (report.added, report.changed, report.removed) == (("b.txt",), ("a.txt",), (SEED_003,))
    index = open_opensearch_index(unique_location)
    # The new word, typed without its accents, takes them from the updated vocabulary.
    assert [hit.source for hit in index.search("elephant").hits] == ["b.txt"]
    assert [hit.paragraph for hit in index.search("girafe").hits] == [2]
    assert index.search("feuilles").total == 0
    # The document index follows: grouped searches rank the new and changed files, never the removed one.
    assert [hit.source for hit in index.search("elephant", group=True).hits] == ["b.txt"]
    assert [(hit.source, hit.paragraph) for hit in index.search("girafe boit", group=True).hits] == [("a.txt", 3)]
    assert index.search("feuilles", group=True).total == 0
    assert SEED_003 not in {hit.source for hit in index.search("sécurité", group=True, limit=100).hits}
    assert index.search("Vietnam").total == 0 and index.suggest("Vietnam") is None
    assert index.counts()[0] == 3 and index.document("a.txt").paragraphs[-1].text == "Elle boit peu."

    again = update_opensearch_index(corpus, unique_location)
    assert again.changes == 0 and again.unchanged == 3
    index.close()


def test_update_without_an_index_builds_it(unique_location: str) -> None:
    report = update_opensearch_index(SEEDS, unique_location)
    assert report.rebuilt and len(report.added) == 2 and report.paragraphs > 70


def test_unreachable_cluster_is_one_clear_error(tmp_path: Path) -> None:
    location = "opensearch://127.0.0.1:1/fr-search"
    with pytest.raises(SearchClusterError, match="no OpenSearch node answers at opensearch://127.0.0.1:1"):
        build_opensearch_index(SEEDS, location)
    with pytest.raises(SearchClusterError):
        open_opensearch_index(location)


def test_missing_alias_and_bad_locations(unique_location: str) -> None:
    with pytest.raises(IndexNotFoundError, match="run python -m indexer rebuild --index opensearch://"):
        open_opensearch_index(unique_location)
    for bad in ("opensearch://127.0.0.1:9200", "opensearch://127.0.0.1:9200/Fr Search", "opensearch://h:99999/x"):
        with pytest.raises(ValueError):
            parse_location(bad)
