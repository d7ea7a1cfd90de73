"""What the OpenSearch tests share besides fixtures: the node's address, the seeds, clean-up, both engines, ports.

A module of its own (not ``conftest``), so that test modules import it by a
name no other test folder uses.
"""

from __future__ import annotations

import os
import shutil
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "NODE_URL", "NODE_ADDRESS", "ROOT", "SEEDS", "START", "STOP", "ENGINES",
    "node_answers", "drop_alias_indices", "copy_seeds", "open_engine", "free_ports", "scripts_env",
]

# The node the tests use; FRSEARCH_OPENSEARCH_URL points them at another one (a second checkout's run).
NODE_URL = os.environ.get("FRSEARCH_OPENSEARCH_URL", "http://127.0.0.1:9200").rstrip("/")
# host:port of NODE_URL, as an opensearch:// location names it.
NODE_ADDRESS = NODE_URL.removeprefix("http://")
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
START = ROOT / "opensearch" / "start.sh"
STOP = ROOT / "opensearch" / "stop.sh"
# The params of a fixture giving each engine in turn; the OpenSearch one is skipped when no node answers.
ENGINES = ["whoosh", pytest.param("opensearch", marks=pytest.mark.opensearch)]
# A second node takes the ports after the first's; the transport ports lie this far above the HTTP ones.
TRANSPORT_OFFSET = 100


def node_answers(url: str = NODE_URL) -> str | None:
    """Return None when an OpenSearch node answers at *url*, else why not."""
    try:
        with urllib.request.urlopen(url + "/_cluster/health", timeout=5) as answer:
            answer.read()
    except OSError as error:
        return str(error)
    return None


def drop_alias_indices(alias: str, url: str = NODE_URL) -> None:
    """Delete every index a test made under *alias*: its generations, leftovers and meta index."""
    from opensearchpy import OpenSearch

    host, port = url.removeprefix("http://").split(":")
    client = OpenSearch(hosts=[{"host": host, "port": int(port)}])
    try:
        names = client.indices.get(index=f"{alias}-*", allow_no_indices=True, ignore_unavailable=True)
        for name in names:
            client.indices.delete(index=name, ignore_unavailable=True)
    finally:
        client.close()


def copy_seeds(directory: Path) -> Path:
    """Copy the seed corpus into *directory* and return it."""
    shutil.copytree(SEEDS, directory, dirs_exist_ok=True)
    return directory


def open_engine(request: pytest.FixtureRequest, corpus: Path, tmp_path_factory: pytest.TempPathFactory,
                name: str) -> Any:
    """Build *corpus* with the engine of ``request.param`` (one of :data:`ENGINES`) and return it opened.

    :param name: the prefix of the Whoosh index's folder; OpenSearch builds
        under the module's own alias (the ``module_location`` fixture).
    """
    import indexer
    from indexer.opensearch import build_opensearch_index, open_opensearch_index

    if request.param == "whoosh":
        index_dir = tmp_path_factory.mktemp(f"{name}-index")
        indexer.build_index(corpus, index_dir)
        return indexer.open_index(index_dir)
    location = request.getfixturevalue("module_location")
    build_opensearch_index(corpus, location)
    return open_opensearch_index(location)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        # As the nodes bind: a port whose last connections wait in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(bases: range) -> tuple[int, int]:
    """Return an HTTP port of *bases* and its transport port, each free with the port after it (a second node's).

    :raises RuntimeError: when every base has a port taken.
    """
    for http in bases:
        transport = http + TRANSPORT_OFFSET
        if all(_free(port) for port in (http, http + 1, transport, transport + 1)):
            return http, transport
    raise RuntimeError(f"no free ports in {bases.start}-{bases[-1] + TRANSPORT_OFFSET + 1}")


def scripts_env(data: Path, bases: range) -> dict[str, str]:
    """The environment under which start.sh and stop.sh keep their nodes in *data*, on free ports of *bases*."""
    http, transport = free_ports(bases)
    return dict(os.environ, OPENSEARCH_DATA=str(data),
                OPENSEARCH_HTTP_PORT=str(http), OPENSEARCH_TRANSPORT_PORT=str(transport))
