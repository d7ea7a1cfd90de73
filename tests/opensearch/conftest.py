"""Fixtures of the OpenSearch tests: the node on 127.0.0.1:9200, an alias of the test's own, both engines."""

from __future__ import annotations

import shutil
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

NODE_URL = "http://127.0.0.1:9200"
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


@pytest.fixture(scope="session")
def opensearch_node() -> str:
    """The URL of the node the tests use; skips them when none answers."""
    problem = node_answers()
    if problem is not None:
        pytest.skip(f"no OpenSearch node answers on {NODE_URL} ({problem}); start one with make opensearch")
    return NODE_URL


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


@pytest.fixture
def unique_location(opensearch_node: str) -> Iterator[str]:
    """An ``opensearch://`` location whose alias no other test run uses; its indices are deleted after."""
    alias = f"fr-search-test-{uuid.uuid4().hex[:10]}"
    yield f"opensearch://127.0.0.1:9200/{alias}"
    drop_alias_indices(alias)


@pytest.fixture(scope="module")
def module_location(opensearch_node: str) -> Iterator[str]:
    """As :func:`unique_location`, shared by a module's tests."""
    alias = f"fr-search-test-{uuid.uuid4().hex[:10]}"
    yield f"opensearch://127.0.0.1:9200/{alias}"
    drop_alias_indices(alias)


def copy_seeds(directory: Path) -> Path:
    """Copy the seed corpus into *directory* and return it."""
    shutil.copytree(SEEDS, directory, dirs_exist_ok=True)
    return directory
