"""One writer per alias: a rebuild or an update started during another is refused; a dead holder's lock is taken over."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch

from indexer.errors import IndexWriteError
from indexer.opensearch import build_opensearch_index, open_opensearch_index, parse_location, update_opensearch_index
from indexer.opensearch.build_lock import LEASE_SECONDS, LOCK_ID, acquire
from indexer.opensearch.client import ensure_meta_index

from opensearch_support import NODE_ADDRESS, ROOT, SEEDS  # type: ignore[import-not-found]

pytestmark = pytest.mark.opensearch

# Seconds the first rebuild gets to create its index.
APPEAR_TIMEOUT = 60


@pytest.fixture
def client() -> Iterator[OpenSearch]:
    host, port = NODE_ADDRESS.split(":")
    node = OpenSearch(hosts=[{"host": host, "port": int(port)}])
    yield node
    node.close()


def _indices(client: OpenSearch, alias: str) -> list[str]:
    return sorted(client.indices.get(index=f"{alias}-*", allow_no_indices=True))


def _big_corpus(directory: Path, files: int = 40, paragraphs: int = 60) -> Path:
    directory.mkdir()
    sentences = [line for line in (SEEDS / "003_f1f74f28f6e10c66.txt").read_text(encoding="utf-8").splitlines()
                 if len(line) > 60]
    for number in range(files):
        body = "\n\n".join(f"{sentences[(number + k) % len(sentences)]} (registre {number}-{k})"
                           for k in range(paragraphs))
        (directory / f"registre-{number:03d}.txt").write_text(f"Registre {number}\n\n{body}\n", encoding="utf-8")
    return directory


@pytest.mark.slow
def test_a_rebuild_started_during_another_is_refused(unique_location: str, client: OpenSearch,
                                                     tmp_path: Path) -> None:
    alias = parse_location(unique_location).alias
    build_opensearch_index(SEEDS, unique_location)
    corpus = _big_corpus(tmp_path / "corpus")
    script = f"from indexer.opensearch import build_opensearch_index; build_opensearch_index({str(corpus)!r}, {unique_location!r})"
    first = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + APPEAR_TIMEOUT
        while f"{alias}-000002" not in _indices(client, alias) and time.monotonic() < deadline:
            assert first.poll() is None, "the first rebuild ended before its index appeared"
            time.sleep(0.02)
        with pytest.raises(IndexWriteError, match=f"another rebuild of {unique_location} is running"):
            build_opensearch_index(SEEDS, unique_location)
        # The refused rebuild deleted nothing: the first one's unfinished index is still there.
        assert f"{alias}-000002" in _indices(client, alias)
    finally:
        assert first.wait(timeout=120) == 0
    assert sorted(client.indices.get_alias(name=alias)) == [f"{alias}-000002"]
    index = open_opensearch_index(unique_location)
    assert index.counts() == (40, 2440)  # each file: its title line and 60 paragraphs
    index.close()
    # The lock went with the rebuild that held it.
    assert not client.exists(index=f"{alias}-meta", id=LOCK_ID)


def _plant_lock(client: OpenSearch, alias: str, host: str, pid: int, expires_in: float) -> None:
    client.index(index=f"{alias}-meta", id=LOCK_ID, refresh="wait_for",
                 body={"host": host, "pid": pid, "started": "2026-01-01T00:00:00+00:00",
                       "expires": time.time() + expires_in})


def test_a_lock_is_taken_over_only_when_its_holder_is_gone(unique_location: str, client: OpenSearch) -> None:
    place = parse_location(unique_location)
    ensure_meta_index(client, place)
    # A rebuild running on another machine, within its lease: refused, with the time left.
    _plant_lock(client, place.alias, "une-autre-machine", 4242, LEASE_SECONDS)
    with pytest.raises(IndexWriteError, match=r"process 4242 on une-autre-machine.*expires in 1[12]\d s"):
        acquire(client, place)

    # Its lease ran out (it was killed): taken over, and released by its new holder.
    _plant_lock(client, place.alias, "une-autre-machine", 4242, -1)
    lease = acquire(client, place)
    assert client.get(index=place.meta_index, id=LOCK_ID)["_source"]["pid"] == os.getpid()
    with pytest.raises(IndexWriteError, match=f"process {os.getpid()} on {socket.gethostname()}"):
        acquire(client, place)
    lease.release()
    assert not client.exists(index=place.meta_index, id=LOCK_ID)

    # A process of this host that no longer exists holds no lock, whatever its lease says.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _plant_lock(client, place.alias, socket.gethostname(), int(gone.stdout), LEASE_SECONDS)
    acquire(client, place).release()
    assert not client.exists(index=place.meta_index, id=LOCK_ID)


def test_an_update_and_a_rebuild_never_write_at_once(unique_location: str, client: OpenSearch,
                                                     tmp_path: Path) -> None:
    place = parse_location(unique_location)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "climat.txt").write_text("Le climat\n\nLa sécurité climatique est mondiale.\n", encoding="utf-8")
    build_opensearch_index(corpus, unique_location)
    serving = sorted(client.indices.get_alias(name=place.alias))
    (corpus / "paix.txt").write_text("La paix\n\nLa paix durable se construit.\n", encoding="utf-8")

    # A rebuild holds the lock: the update is refused and changes nothing.
    lease = acquire(client, place)
    with pytest.raises(IndexWriteError, match=f"another rebuild of {unique_location} is running"):
        update_opensearch_index(corpus, unique_location)
    lease.release()
    index = open_opensearch_index(unique_location)
    assert index.counts() == (1, 2)
    index.close()

    # An update holds it: a rebuild is refused, and says what runs.
    lease = acquire(client, place, "update")
    with pytest.raises(IndexWriteError, match=f"another update of {unique_location} is running"):
        build_opensearch_index(corpus, unique_location)
    lease.release()
    assert sorted(client.indices.get_alias(name=place.alias)) == serving

    # Free again: the update applies the new file in place and lets the lock go.
    report = update_opensearch_index(corpus, unique_location)
    assert report.added == ("paix.txt",) and not report.rebuilt
    assert sorted(client.indices.get_alias(name=place.alias)) == serving
    index = open_opensearch_index(unique_location)
    assert index.counts() == (2, 4)
    index.close()
    assert not client.exists(index=place.meta_index, id=LOCK_ID)
