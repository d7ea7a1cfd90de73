"""Fixtures of the OpenSearch tests: the node at NODE_URL, an alias of the test's own, both engines."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from opensearch_support import NODE_ADDRESS, NODE_URL, drop_alias_indices, node_answers


@pytest.fixture(scope="session")
def opensearch_node() -> str:
    """The URL of the node the tests use; skips them when none answers."""
    problem = node_answers()
    if problem is not None:
        pytest.skip(f"no OpenSearch node answers on {NODE_URL} ({problem}); start one with make opensearch")
    return NODE_URL


@pytest.fixture
def unique_location(opensearch_node: str) -> Iterator[str]:
    """An ``opensearch://`` location whose alias no other test run uses; its indices are deleted after."""
    alias = f"fr-search-test-{uuid.uuid4().hex[:10]}"
    yield f"opensearch://{NODE_ADDRESS}/{alias}"
    drop_alias_indices(alias)


@pytest.fixture(scope="module")
def module_location(opensearch_node: str) -> Iterator[str]:
    """As :func:`unique_location`, shared by a module's tests."""
    alias = f"fr-search-test-{uuid.uuid4().hex[:10]}"
    yield f"opensearch://{NODE_ADDRESS}/{alias}"
    drop_alias_indices(alias)
