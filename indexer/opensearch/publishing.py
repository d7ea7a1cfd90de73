"""Publishing a rebuilt generation: both aliases moved in one ``_aliases`` request, then the old indices deleted."""

from __future__ import annotations

from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from . import client as cluster
from .location import DOCUMENTS_SUFFIX, Location

__all__ = ["publish", "delete_meta"]


def publish(client: OpenSearch, place: Location, name: str, serving: list[str]) -> None:
    """Point the alias at *name* alone, and the document alias at its twin, in one request; then delete the indices they left."""
    moves: list[dict[str, Any]] = [{"remove": {"index": old, "alias": place.alias}} for old in serving]
    moves.append({"add": {"index": name, "alias": place.alias}})
    with cluster.cluster_errors(place, "switch to the new index"):
        try:
            old_documents = sorted(client.indices.get_alias(name=place.documents_alias))
        except os_errors.NotFoundError:
            old_documents = []
    moves += [{"remove": {"index": old, "alias": place.documents_alias}} for old in old_documents]
    moves.append({"add": {"index": place.documents_name(name), "alias": place.documents_alias}})
    with cluster.cluster_errors(place, "switch to the new index"):
        client.indices.update_aliases(body={"actions": moves})
    with cluster.cluster_errors(place, "removal of the previous index"):
        for old in serving:
            # Only our own generations: an index the alias was pointed at by hand stays.
            if place.generation_of(old) is not None:
                client.indices.delete(index=old, ignore_unavailable=True)
                delete_meta(client, place, old)
        for old in old_documents:
            if place.generation_of(old.removesuffix(DOCUMENTS_SUFFIX)) is not None:
                client.indices.delete(index=old, ignore_unavailable=True)


def delete_meta(client: OpenSearch, place: Location, index_name: str) -> None:
    """Delete the meta document of the generation *index_name*, when there is one."""
    try:
        client.delete(index=place.meta_index, id=index_name)
    except os_errors.NotFoundError:
        pass
