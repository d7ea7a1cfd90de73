"""What the OpenSearch tests share besides fixtures: the node's address, the seeds, clean-up.

A module of its own (not ``conftest``), so that test modules import it by a
name no other test folder uses.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from pathlib import Path

__all__ = ["NODE_URL", "NODE_ADDRESS", "ROOT", "SEEDS", "node_answers", "drop_alias_indices", "copy_seeds"]

# The node the tests use; FRSEARCH_OPENSEARCH_URL points them at another one (a second checkout's run).
NODE_URL = os.environ.get("FRSEARCH_OPENSEARCH_URL", "http://127.0.0.1:9200").rstrip("/")
# host:port of NODE_URL, as an opensearch:// location names it.
NODE_ADDRESS = NODE_URL.removeprefix("http://")
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


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
