"""Index-time analysis by lookup: each distinct word as written is analysed once.

French text repeats its words: in a paragraph of the benchmark corpus most
tokens are words already met.  Every step of the French chain after the
tokenizer (lowercase, elision, acronyms, stop words, stemming, folding) is a
function of the token's own text, so its term can be remembered by that
text; only the token's position and its cross-reference weight depend on
where it stands, and those are computed here the way the chain computes
them.  The terms are the chain's own (each new word goes through the stock
filters), so an index written this way has the postings the stock analyzer
path writes; queries keep analysing with the chain itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.analysis import StopFilter, Token
from whoosh.analysis.analyzers import CompositeAnalyzer

from .analysis import CrossReferenceTokenizer, cross_reference_spans

__all__ = ["MAX_CACHED_WORDS", "Postings", "TermCache"]

# Distinct written words remembered before the cache starts over: the
# 168 834-paragraph benchmark corpus has about 150 000, a few tens of MB.
MAX_CACHED_WORDS = 1_000_000
# Position lists of one position, the commonest, encoded once per position.
MAX_CACHED_POSITIONS = 4_096

# A posting as Whoosh's writer takes it: term bytes, frequency, weight, encoded positions.
Posting = tuple[bytes, int, float, bytes]
Postings = list[Posting]
# What a written word becomes: its surface form (as the vocabulary counts it)
# and its term's bytes, or None for a stop word.
_Entry = tuple[str, "bytes | None"]


def _run(filters: list[Any], text: str) -> list[str]:
    """Return the texts the *filters* make of one token reading *text*."""
    token = Token(positions=True, boosts=True, removestops=True, mode="index")
    token.text, token.pos, token.boost, token.stopped = text, 0, 1.0, False
    tokens: Iterator[Token] = iter([token])
    for item in filters:
        tokens = item(tokens)
    return [result.text for result in tokens]


class TermCache:
    """Turns a text into Whoosh postings with the terms of *analyzer*, each written word analysed once.

    :param analyzer: the French chain (:func:`~indexer.analysis.french_analyzer`).
    :raises ValueError: when *analyzer* is not a chain that starts with
        :class:`~indexer.analysis.CrossReferenceTokenizer` and holds a stop filter.
    """

    def __init__(self, analyzer: CompositeAnalyzer) -> None:
        items = list(getattr(analyzer, "items", ()))
        if not items or not isinstance(items[0], CrossReferenceTokenizer):
            raise ValueError(f"analyzer {analyzer!r} does not start with the French tokenizer")
        stops = [index for index, item in enumerate(items) if isinstance(item, StopFilter)]
        if not stops:
            raise ValueError(f"analyzer {analyzer!r} has no stop filter")
        self._finditer: Callable[[str], Iterator[Any]] = items[0].expression.finditer
        self._weight = float(items[0].weight)
        self._surface_filters = items[1 : stops[0]]
        self._term_filters = items[stops[0]:]
        self._entries: dict[str, _Entry] = {}
        self._single: dict[int, bytes] = {}

    def _entry(self, word: str) -> _Entry:
        # The chain's steps act on one token's text: running the steps after
        # the surface ones on the surface form is running the whole chain.
        surfaces = _run(self._surface_filters, word)
        surface = surfaces[0] if surfaces else word
        terms = _run(self._term_filters, surface) if surfaces else []
        # One token in, at most one out: the chain neither splits nor joins words.
        term = terms[0].encode("utf-8") if terms else None
        if len(self._entries) >= MAX_CACHED_WORDS:
            self._entries.clear()
        entry = self._entries[word] = (surface, term)
        return entry

    def postings(self, text: str, field_boost: float, encode: Callable[[list[int]], bytes],
                 surfaces: list[str] | None = None) -> Postings:
        """Return the postings of *text*, as Whoosh's Positions format makes them.

        :param field_boost: the field's boost, multiplied into each weight.
        :param encode: the field format's position encoder.
        :param surfaces: when given, each word's surface form is appended to it
            (the vocabulary's count, in the same pass).
        """
        positions: dict[bytes, list[int]] = {}
        weights: dict[bytes, float] = {}
        spans = cross_reference_spans(text)
        starts = [start for start, _ in spans]
        entries, entry_of = self._entries, self._entry
        first = -1
        kept = 0
        for raw, match in enumerate(self._finditer(text)):
            word = match.group(0)
            surface, term = entries.get(word) or entry_of(word)
            if surfaces is not None:
                surfaces.append(surface)
            if term is None:
                continue
            # Whoosh's stop filter numbers the kept words on from the first one's place.
            if first < 0:
                first = raw
            boost = 1.0
            if spans:
                last = bisect.bisect_right(starts, match.start()) - 1
                if last >= 0 and match.start() < spans[last][1]:
                    boost = self._weight
            if term in positions:
                positions[term].append(first + kept)
                weights[term] += boost
            else:
                positions[term] = [first + kept]
                weights[term] = 0.0 + boost
            kept += 1
        return [(term, len(where), weights[term] * field_boost, self._encoded(where, encode))
                for term, where in positions.items()]

    def _encoded(self, where: list[int], encode: Callable[[list[int]], bytes]) -> bytes:
        if len(where) != 1 or where[0] >= MAX_CACHED_POSITIONS:
            return encode(where)
        single = self._single.get(where[0])
        if single is None:
            single = self._single[where[0]] = encode(where)
        return single
