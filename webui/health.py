"""A real, cheap search that says whether the index serves: for ``/healthz`` and for the server's start.

Opening an index reads only its table of contents: damaged postings or
stored fields show at the first search.  So the check reads the first
paragraph of the first document and searches one of its words, which must
find it; a failure is reported, never hidden behind an "ok".
"""

from __future__ import annotations

import re

import indexer

__all__ = ["IndexUnhealthy", "check_index", "describe_failure"]

# Words of this many letters or more are searched: shorter ones are often stop words.
_MIN_PROBE_LETTERS = 4
# Candidate words tried, longest first, before the check gives up finding one.
_PROBE_WORDS = 3
_WORD = re.compile(rf"[^\W\d_]{{{_MIN_PROBE_LETTERS},}}")


class IndexUnhealthy(Exception):
    """The index opened but does not answer as it should; the message says how, in French."""


def check_index(index: indexer.SearchEngine) -> tuple[int, int]:
    """Run a real search on *index* and return its numbers of documents and paragraphs.

    :raises IndexUnhealthy: when the index answers, but wrongly.
    :raises indexer.IndexNotFoundError: when there is no index.
    :raises Exception: whatever a damaged index raises while read.
    """
    documents, paragraphs = index.counts()
    sources = index.sources()
    if not sources:
        return documents, paragraphs
    page = index.document_page(sources[0], start=1, count=1)
    if page is None or not page.paragraphs:
        raise IndexUnhealthy(f"le document « {sources[0]} » est listé mais absent de l'index")
    first = page.paragraphs[0]
    words = sorted(set(_WORD.findall(f"{page.title} {first.text}")), key=lambda w: (-len(w), w))[:_PROBE_WORDS]
    for word in words:
        if index.search(word, limit=1).total > 0:
            return documents, paragraphs
    if words:
        raise IndexUnhealthy(f"aucun des mots {', '.join(words)} du document « {sources[0]} » n'est trouvé")
    return documents, paragraphs


def describe_failure(error: Exception) -> str:
    """Return the reason a health check failed, in one French line (no paths, no traceback)."""
    if isinstance(error, IndexUnhealthy):
        reason = str(error)
    else:
        reason = f"la lecture de l'index échoue ({type(error).__name__})"
    return f"L'index est ouvert mais une recherche de contrôle échoue : {reason}."
