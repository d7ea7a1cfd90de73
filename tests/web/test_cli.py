"""``python -m webui``: build when there is no index, then serve with waitress."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import webui.cli
from webui.cli import serve

from .browser import running_server
from .conftest import SEEDS


class FakeServer:
    """Stands in for waitress's server: records how it was made, serves nothing."""

    effective_port = 54321

    def __init__(self, app: Any, **options: Any) -> None:
        self.app = app
        self.options = options

    def run(self) -> None:
        pass


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> list[FakeServer]:
    made: list[FakeServer] = []

    def create_server(app: Any, **options: Any) -> FakeServer:
        made.append(FakeServer(app, **options))
        return made[-1]

    monkeypatch.setattr(webui.cli.waitress, "create_server", create_server)
    return made


def test_help_lists_every_option() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--index", "--corpus", "--threads", "--workers", "--watch"):
        assert option in result.output


def test_builds_the_missing_index_then_serves(tmp_path: Path, servers: list[FakeServer]) -> None:
    index_dir = tmp_path / "index"
    args = ["--index", str(index_dir), "--corpus", str(SEEDS), "--port", "8123", "--threads", "2"]
    result = CliRunner().invoke(serve, args)
    assert result.exit_code == 0, result.output
    assert f"no index in {index_dir}: building it from {SEEDS}" in result.output
    assert "indexed 2 documents" in result.output
    assert "Serving on http://127.0.0.1:54321" in result.output
    (server,) = servers
    assert {k: server.options[k] for k in ("host", "port", "threads")} == {"host": "127.0.0.1", "port": 8123, "threads": 2}
    # Idle connections are closed and a hundred of them do not fill the server.
    assert server.options["connection_limit"] >= 1000 and server.options["channel_timeout"] == 30
    assert server.app.config["INDEX_DIR"] == str(index_dir)

    # The second start finds the index and does not build again.
    again = CliRunner().invoke(serve, args)
    assert again.exit_code == 0
    assert "indexed" not in again.output


def test_missing_corpus_is_one_error_line(tmp_path: Path, servers: list[FakeServer]) -> None:
    result = CliRunner().invoke(serve, ["--index", str(tmp_path / "index"), "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "error: corpus directory" in result.output
    assert servers == []


def test_bad_port_is_a_usage_error() -> None:
    result = CliRunner().invoke(serve, ["--port", "70000"])
    assert result.exit_code == 2


def test_real_server_answers(web_index_dir: Path, tmp_path: Path) -> None:
    with running_server(web_index_dir, tmp_path / "server.log") as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/healthz") as response:
            assert json.load(response)["status"] == "ok"
        with urllib.request.urlopen(url + "/?q=securite") as response:
            assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
            assert "<mark>" in response.read().decode("utf-8")
    assert "Serving on http://127.0.0.1:" in (tmp_path / "server.log").read_text()


def test_worker_processes_share_the_port(web_index_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with running_server(web_index_dir, log, extra_args=("--workers", "2", "--threads", "2")) as url:
        for _ in range(6):
            with urllib.request.urlopen(url + "/api/search?q=securite") as response:
                assert json.load(response)["total"] > 0
        parent = int(Path("/proc/self").resolve().name)
        servers = [
            pid for pid in _children(parent)
            # Other tests' servers may be running too: this one has --workers.
            if b"--workers" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(servers) == 1 and len(_children(servers[0])) == 2
    assert "(2 processes)" in log.read_text()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []
