"""Which failed searches are sent again: those a node's departure caused, as OpenSearch 2.19 reports them."""

from __future__ import annotations

import pytest

from indexer.errors import SearchClusterError
from indexer.opensearch.client import cluster_errors
from indexer.opensearch.location import parse_location
from indexer.opensearch.searching import transient
from opensearchpy import exceptions as os_errors

# The bodies below have the shape of the node's answers (error type, shard failures, Java transport messages).
ALL_SHARDS_FAILED = {"error": {
    "root_cause": [], "type": "search_phase_execution_exception", "reason": "all shards failed", "phase": "query",
    "failed_shards": [{"shard": 0, "index": "fr-search-000001", "node": "x1", "reason": {
        "type": "node_disconnected_exception", "reason": "[cluster-2][127.0.0.1:9301][indices:data/read/search[phase/query]] disconnected"}}],
}, "status": 500}
FETCH_FAILED = {"error": {
    "root_cause": [{"type": "search_context_missing_exception", "reason": "No search context found for id [12]"}],
    "type": "search_phase_execution_exception", "reason": "all shards failed"}, "status": 500}
BAD_QUERY = {"error": {
    "root_cause": [{"type": "query_shard_exception", "reason": "failed to create query: field [number] is not text"}],
    "type": "search_phase_execution_exception", "reason": "all shards failed"}, "status": 400}
SHARD_FAILURES = [{"shard": 1, "index": "fr-search-000001", "node": "x2",
                   "reason": {"type": "node_closed_exception", "reason": "node closed {cluster-2}"}}]


@pytest.mark.parametrize("details, expected", [
    (ALL_SHARDS_FAILED, True), (FETCH_FAILED, True), (SHARD_FAILURES, True), (BAD_QUERY, False),
    ("search_phase_execution_exception", False),
], ids=["node-disconnected", "context-missing", "shard-failures", "bad-query", "bare-type"])
def test_transient_failures_are_told_from_others(details: object, expected: bool) -> None:
    assert transient(details) is expected


def test_all_shards_failed_names_the_first_shard_reason() -> None:
    error = os_errors.TransportError(500, "search_phase_execution_exception", ALL_SHARDS_FAILED)
    with pytest.raises(SearchClusterError, match=r"all shards failed \(node_disconnected_exception: \[cluster-2\]"):
        with cluster_errors(parse_location("opensearch://127.0.0.1:9200/fr-search"), "search"):
            raise error
