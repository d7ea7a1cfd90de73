"""Where an OpenSearch index lives: ``opensearch://host:port[,host:port...]/alias``.

The alias is the name searches use; each rebuild writes a concrete index
``<alias>-<generation>`` behind it (see :mod:`indexer.opensearch.indexing`),
and the vocabulary and file digests of each generation are kept in the
index ``<alias>-meta``.

>>> parse_location("opensearch://127.0.0.1:9200/fr-search")
Location(hosts=(('127.0.0.1', 9200),), alias='fr-search')
>>> parse_location("opensearch://127.0.0.1:9200/fr-search").generation_name(7)
'fr-search-000007'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..backends import OPENSEARCH_SCHEME, is_opensearch_location
from ..errors import BadLocationError

__all__ = ["SCHEME", "Location", "is_opensearch_location", "parse_location"]

SCHEME = OPENSEARCH_SCHEME
DEFAULT_PORT = 9200
# Digits of a generation number in an index name: names sort as numbers.
GENERATION_DIGITS = 6
# What a generation's document index adds to its name (and the alias to the alias).
DOCUMENTS_SUFFIX = "-documents"
# OpenSearch index names: lowercase, no path or wildcard characters, not
# starting with - _ +; the alias is kept shorter so that its suffixes fit.
_ALIAS = re.compile(r"[a-z0-9][a-z0-9_.-]{0,199}")
_HOST = re.compile(r"(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(?::(?P<port>\d{1,5}))?")


@dataclass(frozen=True)
class Location:
    """The nodes to talk to and the alias the index is searched under."""

    hosts: tuple[tuple[str, int], ...]
    alias: str

    @property
    def meta_index(self) -> str:
        """Name of the index holding each generation's vocabulary and file digests."""
        return f"{self.alias}-meta"

    @property
    def documents_alias(self) -> str:
        """The alias of the document index, moved with :attr:`alias` (one entry per document, for grouped ranking)."""
        return f"{self.alias}{DOCUMENTS_SUFFIX}"

    @staticmethod
    def documents_name(index_name: str) -> str:
        """Return the name of the document index of the generation *index_name*."""
        return f"{index_name}{DOCUMENTS_SUFFIX}"

    def generation_name(self, generation: int) -> str:
        """Return the name of the concrete index of *generation*."""
        return f"{self.alias}-{generation:0{GENERATION_DIGITS}d}"

    def generation_of(self, index_name: str) -> int | None:
        """Return the generation number of *index_name*, or None when it is not one of ours."""
        match = re.fullmatch(re.escape(self.alias) + r"-(\d{%d})" % GENERATION_DIGITS, index_name)
        return int(match.group(1)) if match else None

    @property
    def nodes(self) -> str:
        """The nodes, as written in the location: ``127.0.0.1:9200,127.0.0.1:9201``."""
        return ",".join(f"{host}:{port}" for host, port in self.hosts)

    def describe(self, index_name: str | None = None) -> str:
        """Return the location as written, naming *index_name* instead of the alias when given."""
        return f"{SCHEME}{self.nodes}/{index_name or self.alias}"

    def __str__(self) -> str:
        return self.describe()


def parse_location(location: str) -> Location:
    """Return the parts of an ``opensearch://`` location.

    :raises BadLocationError: (a ValueError) naming what is wrong with it.
    """
    if not is_opensearch_location(location):
        raise BadLocationError(f"{location!r} is not an OpenSearch location ({SCHEME}host:port/alias)")
    rest = location[len(SCHEME):]
    hosts_part, slash, alias = rest.partition("/")
    alias = alias.rstrip("/")
    if not slash or not _ALIAS.fullmatch(alias):
        raise BadLocationError(
            f"{location!r} needs an index name after the host, in lowercase letters, digits, '-', '_' "
            f"or '.': {SCHEME}127.0.0.1:{DEFAULT_PORT}/fr-search"
        )
    hosts: list[tuple[str, int]] = []
    for part in hosts_part.split(","):
        match = _HOST.fullmatch(part.strip())
        port = int(match.group("port") or DEFAULT_PORT) if match else 0
        if match is None or not 0 < port < 65536:
            raise BadLocationError(f"{location!r}: {part!r} is not host:port")
        hosts.append((match.group("host").strip("[]"), port))
    return Location(tuple(hosts), alias)
