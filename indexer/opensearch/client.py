"""Talking to the cluster: the client, its errors as one clear line, the alias and the meta documents.

Every request of this package goes through :func:`cluster_errors`, which
turns what the client raises (refused connections, time-outs, a red
cluster, a rejected request) into :class:`~indexer.errors.SearchClusterError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from ..errors import IndexNotFoundError, SearchClusterError
from .location import Location

__all__ = [
    "REQUEST_TIMEOUT_SECONDS",
    "connect",
    "cluster_errors",
    "check_health",
    "aliased_indices",
    "serving_index",
    "read_meta",
    "write_meta",
    "ensure_meta_index",
]

# Seconds one request may take; a bulk request of a large batch is the slowest.
REQUEST_TIMEOUT_SECONDS = 60
# Attempts on another node (or the same one) after a connection error or time-out.
CONNECTION_RETRIES = 2


def connect(location: Location) -> OpenSearch:
    """Return a client for the nodes of *location* (no request is sent yet)."""
    return OpenSearch(
        hosts=[{"host": host, "port": port} for host, port in location.hosts],
        timeout=REQUEST_TIMEOUT_SECONDS,
        max_retries=CONNECTION_RETRIES,
        retry_on_timeout=True,
        # A stopped node is left out of the rotation until it answers again.
        dead_timeout=5,
    )


@contextlib.contextmanager
def cluster_errors(location: Location, doing: str) -> Iterator[None]:
    """Turn the client's exceptions raised inside the block into one clear :class:`SearchClusterError`.

    :param doing: what was being done, for the message ("search", "rebuild").
    """
    try:
        yield
    except os_errors.ConnectionError as error:
        raise SearchClusterError(
            f"no OpenSearch node answers at {location} ({type(error).__name__}) during the {doing}; "
            "start one with make opensearch or check the host and port"
        ) from error
    except os_errors.TransportError as error:
        reason = _reason(error)
        raise SearchClusterError(
            f"OpenSearch at {location} refused the {doing} (HTTP {error.status_code}: {reason})"
        ) from error


def _reason(error: os_errors.TransportError) -> str:
    info = error.info
    if isinstance(info, dict):
        cause = info.get("error")
        if isinstance(cause, dict):
            root = (cause.get("root_cause") or [cause])[0]
            said = f"{root.get('type', '')}: {root.get('reason', '')}".strip(": ")
            # "all shards failed" names no root cause: the first shard's says what happened.
            shards = cause.get("failed_shards") or []
            first = shards[0].get("reason") if shards and isinstance(shards[0], dict) else None
            if isinstance(first, dict):
                said += f" ({first.get('type', '')}: {first.get('reason', '')})"
            return said
        if cause:
            return str(cause)
    return str(error.error)


def check_health(client: OpenSearch, location: Location, index: str | None = None) -> str:
    """Return the cluster's (or *index*'s) health status, yellow or green.

    :raises SearchClusterError: when no node answers or the status is red.
    """
    with cluster_errors(location, "health check"):
        if index is None:
            health = client.cluster.health()
        else:
            # The node waits up to 30 s for yellow (the client takes "timeout" for its own).
            health = client.cluster.health(index=index, wait_for_status="yellow")
    status = str(health.get("status"))
    if status == "red":
        raise SearchClusterError(
            f"the OpenSearch cluster at {location} is red: some shards have no copy on any node; "
            "start the missing nodes (make opensearch-cluster) and wait until it is green or yellow"
        )
    return status


def aliased_indices(client: OpenSearch, location: Location) -> list[str]:
    """Return the concrete indices the alias points to (none when it does not exist)."""
    with cluster_errors(location, "alias lookup"):
        try:
            answer = client.indices.get_alias(name=location.alias)
        except os_errors.NotFoundError:
            return []
    return sorted(answer)


def serving_index(client: OpenSearch, location: Location) -> str:
    """Return the concrete index the alias points to.

    :raises IndexNotFoundError: when the alias does not exist yet, naming the command that builds it.
    """
    names = aliased_indices(client, location)
    if not names:
        raise IndexNotFoundError(
            f"no index {location.alias} on OpenSearch at {location.nodes}; "
            f"run python -m indexer rebuild --index {location}"
        )
    return names[-1]


def ensure_meta_index(client: OpenSearch, location: Location) -> None:
    """Create the meta index if it is missing: stored JSON only, nothing analysed."""
    with cluster_errors(location, "creation of the meta index"):
        if client.indices.exists(index=location.meta_index):
            return
        body = {
            # One copy on every node that can hold one: a stopped node loses nothing.
            "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "mappings": {"dynamic": False, "properties": {"generation": {"type": "keyword"}}},
        }
        try:
            client.indices.create(index=location.meta_index, body=body)
        except os_errors.RequestError as error:
            # Another build created it meanwhile.
            if "resource_already_exists" not in str(error.error):
                raise


def write_meta(client: OpenSearch, location: Location, index_name: str, meta: dict[str, Any]) -> None:
    """Store *meta* (vocabulary, files, build time) as the meta document of the generation *index_name*."""
    ensure_meta_index(client, location)
    with cluster_errors(location, "write of the index's vocabulary"):
        client.index(index=location.meta_index, id=index_name, body={"generation": index_name, **meta},
                     refresh="wait_for")


def read_meta(client: OpenSearch, location: Location, index_name: str) -> dict[str, Any]:
    """Return the meta document of the generation *index_name* (empty when there is none)."""
    with cluster_errors(location, "read of the index's vocabulary"):
        try:
            answer = client.get(index=location.meta_index, id=index_name)
        except os_errors.NotFoundError:
            return {}
    source: dict[str, Any] = answer.get("_source") or {}
    return source
