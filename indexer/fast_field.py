"""A Whoosh TEXT field that indexes through a :class:`~indexer.term_cache.TermCache`.

Whoosh's TEXT field runs its analyzer's generator chain, one ``Token``
object through six filters, for every word of every paragraph; this field
yields the same postings from a lookup per word.  It is a TEXT field in all
else: same format, same analyzer (queries and highlighting use it as
before), and its segments are plain Whoosh segments.

The build analyses a paragraph once for both the index and the vocabulary:
:meth:`FastText.analysed` returns an :class:`Analysed` value (the postings,
the text to store) that the writer's call to :meth:`FastText.index` hands
back as it is, also in Whoosh's indexing processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.fields import TEXT

from .term_cache import Postings, TermCache

__all__ = ["Analysed", "FastText"]


@dataclass(frozen=True)
class Analysed:
    """A field value analysed ahead of the writer: its postings, as :meth:`FastText.index` yields them."""

    postings: Postings


class FastText(TEXT):  # type: ignore[misc]
    """Whoosh's TEXT field, indexing each distinct written word's analysis once (see the module)."""

    def __getstate__(self) -> dict[str, Any]:
        # The cache is rebuilt where it is used: it never goes into the schema's pickle.
        state = dict(self.__dict__)
        state.pop("_term_cache", None)
        return state

    def _cache(self) -> TermCache:
        cache: TermCache | None = self.__dict__.get("_term_cache")
        if cache is None:
            cache = self.__dict__["_term_cache"] = TermCache(self.analyzer)
        return cache

    def analysed(self, text: str, surfaces: list[str] | None = None) -> Analysed:
        """Return the postings of *text*.

        :param surfaces: when given, each word's surface form is appended to
            it, for the vocabulary.
        """
        return Analysed(self._cache().postings(text, self.format.field_boost, self.format.encode, surfaces))

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """Yield Whoosh's (term bytes, frequency, weight, encoded positions) for *value*.

        :param value: an :class:`Analysed` value, or a text (analysed here).
        """
        if isinstance(value, Analysed):
            return iter(value.postings)
        if isinstance(value, str) and not kwargs:
            return iter(self.analysed(value).postings)
        items: Iterable[tuple[bytes, int, float, bytes]] = super().index(value, **kwargs)
        return iter(items)
