"""Which engine a location names: a folder (Whoosh) or ``opensearch://host:port/alias`` (OpenSearch).

The OpenSearch engine needs the ``opensearch`` extra (opensearch-py); it is
imported only when a location names it, so the folder engine works without.
"""

from __future__ import annotations

import os
from types import ModuleType

from .errors import SearchClusterError

__all__ = ["OPENSEARCH_SCHEME", "is_opensearch_location", "opensearch_backend"]

OPENSEARCH_SCHEME = "opensearch://"


def is_opensearch_location(location: str | os.PathLike[str]) -> bool:
    """Return whether *location* names an OpenSearch index rather than an index directory.

    >>> is_opensearch_location("opensearch://127.0.0.1:9200/fr-search"), is_opensearch_location("index")
    (True, False)
    """
    return isinstance(location, str) and location.startswith(OPENSEARCH_SCHEME)


def opensearch_backend() -> ModuleType:
    """Return :mod:`indexer.opensearch`.

    :raises SearchClusterError: when opensearch-py is not installed, naming the install command.
    """
    try:
        from . import opensearch
    except ImportError as error:
        raise SearchClusterError(
            f"serving from OpenSearch needs opensearch-py ({error}); install it: pip install -e '.[opensearch]'"
        ) from error
    return opensearch
