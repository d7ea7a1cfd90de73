"""Settings and mappings of a generation's index: the French template, plus what a paragraph may carry."""

from __future__ import annotations

import copy
from typing import Any

from ..opensearch_analysis import french_index_template

__all__ = ["index_body"]


def index_body(shards: int = 1, replicas: int | None = None, bulk_loading: bool = False) -> dict[str, Any]:
    """Return the body of the request that creates a generation's index.

    :param shards: primary shards.
    :param replicas: copies of each shard; None: one where a second node
        can hold it, none on a single node (``auto_expand_replicas``).
    :param bulk_loading: no periodic refresh until the build sets it back
        (a build refreshes once, when every paragraph is in).

    >>> index_body(2, 1)["settings"]["index"]["number_of_replicas"]
    1
    """
    if shards < 1 or (replicas is not None and replicas < 0):
        raise ValueError(f"shards must be at least 1 and replicas at least 0, got {shards} and {replicas}")
    template = copy.deepcopy(french_index_template()["template"])
    index: dict[str, Any] = {"number_of_shards": shards}
    if replicas is None:
        index["auto_expand_replicas"] = "0-1"
    else:
        index["number_of_replicas"] = replicas
    if bulk_loading:
        index["refresh_interval"] = "-1"
    settings = {**template["settings"], "index": index}
    mappings = template["mappings"]
    properties = mappings["properties"]
    # The heading path above a paragraph is searched like the title (indexer.schema).
    properties["section"] = dict(properties["text"])
    # The page (paged formats) and what the document is: stored for display and filters.
    properties["page"] = {"type": "integer"}
    properties["kind"] = {"type": "keyword"}
    properties["size"] = {"type": "long"}
    properties["mtime"] = {"type": "long"}
    # The folders above the document, for the folder facet (indexer.opensearch.narrowing).
    properties["folders"] = {"type": "keyword"}
    return {"settings": settings, "mappings": mappings}
