"""Sending a search to the cluster, again when a node left in the middle of it.

A node that stops while a search runs makes the search fail in one of two
ways: the whole request fails (HTTP 500 ``search_phase_execution_exception``
when the node held the contexts of the fetch phase, or every copy it was
asked for), or it answers with some shards failed.  Both are transient: the
cluster routes the next search to the remaining copies once it has seen the
node go.  Such a search is sent again, up to :data:`SEARCH_ATTEMPTS` times,
a little later each time; any other failure is reported at once.
"""

from __future__ import annotations

import json
import time
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from . import client as cluster
from .location import Location

__all__ = ["SEARCH_ATTEMPTS", "TRANSIENT", "send_search", "transient"]

# Sends of one search in all, and the pause before the second (doubled each time after):
# about 1.5 s in all, what a cluster of two takes to see a node go.
SEARCH_ATTEMPTS = 5
FIRST_PAUSE_SECONDS = 0.1
# What a shard copy or a node that went away is reported as (error types and
# the words of Java's transport messages).
TRANSIENT = (
    "search_context_missing_exception", "node_closed_exception", "node_not_connected_exception",
    "node_disconnected_exception", "connect_transport_exception", "send_request_transport_exception",
    "no_shard_available_action_exception", "disconnected", "node closed",
)


def transient(details: Any) -> bool:
    """Return whether *details* (an error's body, or a list of shard failures) names a node that went away."""
    text = json.dumps(details, default=str) if not isinstance(details, str) else details
    return any(name in text for name in TRANSIENT)


def _retry_worthy(error: os_errors.TransportError) -> bool:
    if isinstance(error, os_errors.ConnectionError):
        # The client itself already tried the other nodes.
        return False
    return error.status_code in (429, 503) or transient(error.info) or transient(str(error.error))


def send_search(client: OpenSearch, location: Location, index: str, body: dict[str, Any],
                time_limit: float) -> dict[str, Any]:
    """Return the answer of the search *body* on *index*, sent again while a node's departure makes it fail.

    :raises SearchClusterError: when the search fails for another reason, or every attempt failed.
    """
    pause = FIRST_PAUSE_SECONDS
    with cluster.cluster_errors(location, "search"):
        for attempt in range(1, SEARCH_ATTEMPTS + 1):
            try:
                answer: dict[str, Any] = client.search(index=index, body=body, request_timeout=time_limit + 5)
            except os_errors.TransportError as error:
                if attempt == SEARCH_ATTEMPTS or not _retry_worthy(error):
                    raise
            else:
                failures = answer.get("_shards", {}).get("failures") or []
                # The last answer is returned as it is: the failed shards make it partial.
                if not failures or attempt == SEARCH_ATTEMPTS or not transient(failures):
                    return answer
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")
