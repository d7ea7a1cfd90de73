"""The same search served by OpenSearch: a location ``opensearch://host:port/alias`` instead of a directory.

Data flows as for the Whoosh index, with a cluster in place of the folder::

    corpus directory --corpus--> Document --bulk (streaming, 429 retried)--> <alias>-<generation>
        --_aliases (one request)--> alias --search (query DSL from indexer.search.query)--> SearchResult

    corpus changes --update (SHA-256 digests, in place)--> the serving index

>>> import indexer.opensearch as osi
>>> osi.build_opensearch_index("seeds", "opensearch://127.0.0.1:9200/fr-search")  # doctest: +SKIP
>>> osi.open_opensearch_index("opensearch://127.0.0.1:9200/fr-search").search("sécurité")  # doctest: +SKIP
"""

from __future__ import annotations

from .engine import OpenSearchIndex, open_opensearch_index
from .indexing import build_opensearch_index
from .location import Location, is_opensearch_location, parse_location
from .updating import update_opensearch_index

__all__ = [
    "OpenSearchIndex",
    "open_opensearch_index",
    "build_opensearch_index",
    "update_opensearch_index",
    "Location",
    "is_opensearch_location",
    "parse_location",
]
