"""Query examples for the help page, made from the index's own words and titles.

Examples written for one corpus find nothing in another, so they are drawn
from the documents served: the words found in the most of a sample of
documents, and a document title.  Each example is searched once and kept
only when it finds something; the page links to it with its count.  The
list is kept :data:`CACHE_SECONDS` and made again when the documents change.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import indexer

__all__ = ["Example", "help_examples", "SAMPLED_DOCUMENTS", "CACHE_SECONDS"]

# Documents read to find frequent words: spread over the sorted ids, each
# read for its first paragraphs only, so the cost does not grow with the corpus.
SAMPLED_DOCUMENTS = 40
SAMPLED_PARAGRAPHS = 30
# Shorter words are mostly articles and other grammar words.
MIN_WORD_CHARS = 6
PREFIX_CHARS = 5
CACHE_SECONDS = 300.0
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Example:
    """A query of the help page: what to type, what it shows, how many documents it finds."""

    query: str
    meaning: str
    total: int


def _sample(index: indexer.SearchIndex) -> Iterator[tuple[str, str]]:
    """Yield (title, text) for up to :data:`SAMPLED_DOCUMENTS` documents spread over the index."""
    sources = index.sources()
    step = max(1, len(sources) // SAMPLED_DOCUMENTS)
    for source in sources[::step][:SAMPLED_DOCUMENTS]:
        page = index.document_page(source, start=1, count=SAMPLED_PARAGRAPHS)
        if page is not None:
            yield page.title, " ".join(paragraph.text for paragraph in page.paragraphs)


def _frequent_words(samples: list[tuple[str, str]]) -> list[str]:
    """Return the long words of *samples* by the number of documents holding them, most first."""
    documents: Counter[str] = Counter()
    for title, text in samples:
        documents.update({word.lower() for word in _WORD.findall(f"{title} {text}") if len(word) >= MIN_WORD_CHARS})
    return [word for word, count in documents.most_common() if count > 1 or len(samples) == 1]


def _title_words(samples: list[tuple[str, str]], frequent: list[str]) -> tuple[str | None, str | None]:
    """Return a phrase of two words from a title, and a long word of a title (preferring frequent ones)."""
    phrase = word = None
    ranks = {w: i for i, w in enumerate(frequent)}
    best = len(ranks) + 1
    for title, _ in samples:
        words = _WORD.findall(title)
        for first, second in zip(words, words[1:]):
            if phrase is None and len(first) >= 4 and len(second) >= 4:
                phrase = f"{first} {second}".lower()
        for candidate in words:
            rank = ranks.get(candidate.lower(), len(ranks))
            if len(candidate) >= MIN_WORD_CHARS and rank < best:
                word, best = candidate.lower(), rank
    return phrase, word


def _candidates(samples: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Yield (query, meaning) examples, best first; some may find nothing."""
    words = _frequent_words(samples)
    phrase, title_word = _title_words(samples, words)
    if len(words) >= 2:
        yield f"{words[0]} {words[1]}", "des mots simples : les paragraphes qui en contiennent le plus viennent en premier"
    if phrase:
        yield f'"{phrase}"', "une phrase exacte, entre guillemets"
    if len(words) >= 3:
        yield f"{words[0]} -{words[2]}", "le signe moins exclut un mot"
        yield f"{words[1]} OR {words[2]}", "l'un ou l'autre (aussi AND et NOT)"
    if words and len(words[0]) > PREFIX_CHARS:
        yield f"{words[0][:PREFIX_CHARS]}*", "tous les mots qui commencent ainsi"
    if title_word:
        yield f"title:{title_word}", "un mot du titre du document"


def _make(index: indexer.SearchIndex) -> list[Example]:
    samples = list(_sample(index))
    examples = []
    for query, meaning in _candidates(samples):
        total = index.search(query, limit=1, group=True).total
        if total:
            examples.append(Example(query, meaning, total))
    return examples


class _Cache:
    """The examples of the last index seen, with when they were made."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[object, ...] | None = None
        self.made = 0.0
        self.examples: list[Example] = []


_CACHE = _Cache()


def help_examples(index: indexer.SearchIndex) -> list[Example]:
    """Return examples of queries that find something in *index*, made at most every :data:`CACHE_SECONDS`.

    :param index: the index the page searches.
    """
    sources = index.sources()
    key = (id(index), len(sources), sources[0] if sources else None, sources[-1] if sources else None)
    with _CACHE.lock:
        if _CACHE.key == key and time.monotonic() - _CACHE.made < CACHE_SECONDS:
            return _CACHE.examples
        examples = _make(index) if sources else []
        _CACHE.key, _CACHE.made, _CACHE.examples = key, time.monotonic(), examples
        return examples
