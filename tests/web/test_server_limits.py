"""Connection limits of the real server: idle sockets neither fill it nor stay open; a bad address is one line."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from webui.cli import serve

from .browser import running_server
from .conftest import IDLE_TIMEOUT

# More than waitress's default connection limit (100).
IDLE_SOCKETS = 150
# What "answers at once" means for a health check on a loaded machine.
ANSWER_SECONDS = 5.0


@pytest.fixture(scope="module")
def default_server(web_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real server with the default limits and idle timeout."""
    with running_server(web_index_dir, tmp_path_factory.mktemp("limits") / "server.log") as url:
        yield url


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def test_idle_and_half_open_connections_do_not_block_the_server(default_server: str) -> None:
    with ExitStack() as stack:
        for number in range(IDLE_SOCKETS):
            sock = stack.enter_context(_connect(default_server))
            if number % 2:
                # Half a request: a request line and no end of headers.
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        with urllib.request.urlopen(default_server + "/healthz", timeout=ANSWER_SECONDS) as response:
            assert json.load(response)["status"] == "ok"
        assert time.monotonic() - started < ANSWER_SECONDS


def test_an_idle_connection_is_closed_after_the_timeout(secured_server: str) -> None:
    with _connect(secured_server) as sock:
        started = time.monotonic()
        # The server closes it: recv returns b"" rather than timing out.
        assert sock.recv(1) == b""
        waited = time.monotonic() - started
    assert IDLE_TIMEOUT - 0.5 <= waited < IDLE_TIMEOUT + 5, waited


@pytest.mark.parametrize("host", ["999.1.1.1", "nom-qui-n-existe-pas.invalid", "1.2.3.4.5"])
def test_an_address_that_cannot_be_listened_on_is_one_error_line(web_index_dir: Path, host: str) -> None:
    result = CliRunner().invoke(serve, ["--host", host, "--port", "0", "--index", str(web_index_dir)])
    assert result.exit_code == 1
    assert result.output == f"error: cannot listen on {host!r}: not an IP address or a known host name\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)
