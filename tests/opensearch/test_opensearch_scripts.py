"""opensearch/start.sh and stop.sh with real nodes, in a data folder and on ports of the test's own.

A two-node start and stop by the scripts is checked by ``test_opensearch_cluster.py``, on its cluster.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from opensearch_support import START, STOP, scripts_env  # type: ignore[import-not-found]

# Seconds for a script: a start includes the first Maven build on a fresh clone.
SCRIPT_TIMEOUT = 300

needs_java = pytest.mark.skipif(
    shutil.which("java") is None or shutil.which("mvn") is None, reason="needs java and mvn (Java 17, Maven 3.8)"
)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = scripts_env(tmp_path / "nodes", range(19200, 19900, 10))
    yield env
    # Whatever a failed test left running, stopped by its PID files.
    subprocess.run([STOP], env=env, capture_output=True, timeout=SCRIPT_TIMEOUT)


def _run(script: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([script, *args], env=env, capture_output=True, text=True, timeout=SCRIPT_TIMEOUT)


def _pids(env: dict[str, str]) -> dict[str, int]:
    return {p.parent.name: int(p.read_text()) for p in Path(env["OPENSEARCH_DATA"]).glob("*/node.pid")}


@pytest.mark.slow
@needs_java
def test_a_node_that_cannot_bind_is_reported_with_its_log(env: dict[str, str]) -> None:
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", int(env["OPENSEARCH_TRANSPORT_PORT"])))
        squatter.listen()
        started = _run(START, env, "single")
    assert started.returncode == 1
    assert started.stderr.splitlines()[-1] == "error: node single exited before the cluster was green"
    # The log's tail ends with the launcher's own line naming the cause.
    port = env["OPENSEARCH_TRANSPORT_PORT"]
    assert f"error: node did not start: Failed to bind to 127.0.0.1:{port}" in started.stderr
    assert _pids(env) == {}


def test_stop_leaves_a_process_that_reused_the_pid_alone(env: dict[str, str]) -> None:
    stranger = subprocess.Popen(["sleep", "30"])
    try:
        pidfile = Path(env["OPENSEARCH_DATA"]) / "single" / "node.pid"
        pidfile.parent.mkdir(parents=True)
        pidfile.write_text(f"{stranger.pid}\n")
        stopped = _run(STOP, env)
        assert stopped.returncode == 0
        assert stopped.stdout.strip() == "no OpenSearch node was running"
        assert stranger.poll() is None
        assert not pidfile.exists()
    finally:
        stranger.kill()
        stranger.wait()
