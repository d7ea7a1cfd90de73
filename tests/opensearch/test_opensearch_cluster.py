"""Two nodes of our own (start.sh cluster on other ports): an index of 2 shards and 1 replica survives a stopped node.

The same test checks the scripts on the cluster (one two-node start is the
slowest step of these tests): start.sh waits for green, stop.sh stops both
nodes by PID.  Everything this test starts is stopped at the end, on failure too.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.opensearch import build_opensearch_index, open_opensearch_index

from opensearch_support import ROOT, SEEDS, START, STOP, copy_seeds, scripts_env  # type: ignore[import-not-found]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.opensearch,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs a Java 17 runtime (make opensearch)"),
]

# Seconds for a script or a wait: the nodes share two cores with the test.
TIMEOUT = 180
# Hits asked for per query.
LIMIT = 20
QUERIES = ("securite commune globale", "registre paix", '"Conseil de sécurité"', "coopération -Vietnam")


def _get(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as answer:
        return json.load(answer)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[dict[str, str], int]]:
    env = scripts_env(tmp_path / "nodes", range(9210, 9290, 10))
    http = int(env["OPENSEARCH_HTTP_PORT"])
    try:
        started = subprocess.run([START, "cluster"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
        assert started.returncode == 0, started.stderr
        assert "green" in started.stdout
        yield env, http
    finally:
        subprocess.run([STOP], env=env, capture_output=True, timeout=TIMEOUT)


def _corpus(directory: Path, files: int = 30, paragraphs: int = 100) -> Path:
    copy_seeds(directory)
    sentences = [line for line in (SEEDS / "003_f1f74f28f6e10c66.txt").read_text(encoding="utf-8").splitlines()
                 if len(line) > 60]
    for number in range(files):
        body = "\n\n".join(f"{sentences[(number * 7 + k) % len(sentences)]} Registre {number}-{k}, paix."
                           for k in range(paragraphs))
        (directory / f"registre-{number:03d}.txt").write_text(f"Registre {number}\n\n{body}\n", encoding="utf-8")
    return directory


def _answers(index: Any) -> list[tuple[int, Any, bool]]:
    """Return each query's total, its hits and whether it was partial: what "complete" compares.

    Hits are compared as a set when the page holds every match, else by
    count only: shard copies order hits of equal score (the generated
    paragraphs have many) each their own way, and which of them fill the
    page's last places is not part of being complete.
    """
    results = [index.search(query, limit=LIMIT) for query in QUERIES]
    return [
        (r.total, sorted((h.source, h.paragraph) for h in r.hits) if r.total <= LIMIT else len(r.hits), r.partial)
        for r in results
    ]


def _wait_health(port: int, status: str, nodes: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            health = _get(port, f"/_cluster/health?wait_for_status={status}&wait_for_nodes={nodes}&timeout=5s")
            if health["status"] == status and health["number_of_nodes"] == nodes:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"the cluster on {port} was not {status} with {nodes} node(s) after {TIMEOUT} s")


def _stop_node(home: Path) -> list[str]:
    """Stop the node of *home* by its PID with SIGTERM; return its command line, to start it again."""
    pid = int((home / "node.pid").read_text())
    command = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + TIMEOUT
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()
    return [part.decode() for part in command]


def _restart_node(home: Path, command: list[str]) -> None:
    """Start the node again with its own command line, in the background as start.sh does; stop.sh stops it."""
    launched = subprocess.run(
        ["bash", "-c", 'setsid "$@" >>"$LOG" 2>&1 </dev/null & echo $!', "restart", *command],
        cwd=ROOT / "opensearch", env=dict(os.environ, LOG=str(home / "node.log")),
        capture_output=True, text=True, check=True, timeout=TIMEOUT,
    )
    (home / "node.pid").write_text(launched.stdout)


def test_searches_stay_complete_when_a_node_stops(cluster: tuple[dict[str, str], int], tmp_path: Path) -> None:
    env, http = cluster
    for port in (http, http + 1):
        health = _get(port, "/_cluster/health")
        assert (health["status"], health["number_of_nodes"]) == ("green", 2)
    location = f"opensearch://127.0.0.1:{http},127.0.0.1:{http + 1}/fr-search-cluster"
    report = build_opensearch_index(_corpus(tmp_path / "corpus"), location, shards=2, replicas=1)
    assert report.paragraphs > 3000
    _wait_health(http, "green", 2)
    index = open_opensearch_index(location)
    before = _answers(index)
    assert all(total > 0 and not partial for total, _, partial in before)

    # The node that is not the elected cluster manager: the other keeps the cluster's quorum.
    manager = _get(http, "/_cat/cluster_manager?format=json")[0]["node"]
    stopped = "cluster-2" if manager == "cluster-1" else "cluster-1"
    home = Path(env["OPENSEARCH_DATA"]) / stopped
    during: list[Any] = []
    done = threading.Event()

    def search() -> None:
        while not done.is_set():
            try:
                during.append(_answers(index))
            except Exception as error:  # noqa: BLE001 - a failed search is what the test looks for
                during.append(error)

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        command = _stop_node(home)
        survivor = http if stopped == "cluster-2" else http + 1
        _wait_health(survivor, "yellow", 1)
    finally:
        done.set()
        searcher.join()
    assert during and all(answer == before for answer in during), [a for a in during if a != before][:1]
    assert _answers(index) == before

    _restart_node(home, command)
    _wait_health(http, "green", 2)
    assert _answers(index) == before
    index.close()
    _stop_with_the_script(env, http)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return False
    return True


def _stop_with_the_script(env: dict[str, str], http: int) -> None:
    """stop.sh stops both nodes by their PIDs (the restarted one too) and keeps their data."""
    data = Path(env["OPENSEARCH_DATA"])
    pids = {path.parent.name: int(path.read_text()) for path in data.glob("*/node.pid")}
    assert sorted(pids) == ["cluster-1", "cluster-2"]
    stopped = subprocess.run([STOP], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout.count("stopped node") == 2
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids.values())
    assert not any(_listening(port) for port in (http, http + 1))
    assert (data / "cluster-1" / "data").is_dir() and not list(data.glob("*/node.pid"))
