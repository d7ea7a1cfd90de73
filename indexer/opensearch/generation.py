"""What the engine keeps of the serving generation: its name, records, vocabulary and query builders."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from ..search.query import MAX_QUERY_WORDS, MAX_WORD_CHARS, QueryBuilder, clean_query_text
from ..search.query_fields import canonical_fields, split_sources
from ..schema import build_schema
from ..vocabulary import Vocabulary
from .querydsl import FuzzyQueryBuilder, field_boosts

__all__ = ["Generation", "load_generation", "suggest_words"]

_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))


@dataclass
class Generation:
    """The concrete index behind the alias, with what its meta document holds.

    ``queries`` parses for OpenSearch (typos left to ``fuzziness``);
    ``plain`` parses as the Whoosh side does, for highlighting and for
    "what was searched" (its typo alternatives are the vocabulary's words).
    """

    name: str
    fields: dict[str, Any]
    vocabulary: Vocabulary
    queries: FuzzyQueryBuilder
    plain: QueryBuilder
    analyzer: Any = field(repr=False, default=None)
    boosts: dict[str, float] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """``{source: {"digest": ..., "paragraphs": n}}`` of the indexed documents."""
        files = self.fields.get("files")
        return files if isinstance(files, dict) else {}

    def phrase_text(self, text: str) -> Any:
        """Return a function giving each phrase of the parsed *text* as typed (see :func:`~.querydsl.to_dsl`)."""
        words_text, _ = split_sources(text)
        cleaned = _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS],
                                 canonical_fields(clean_query_text(words_text)))
        words = re.findall(r"\S+", cleaned)
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        # The parser's character ranges point into the text as it parsed it.
        restored = self.vocabulary.restore_accents(cleaned)

        def typed(phrase: wq.Phrase) -> str | None:
            ranges = getattr(phrase, "char_ranges", None)
            if not ranges:
                return None
            candidate = restored[ranges[0][0] : ranges[-1][1]]
            terms = [token.text for token in self.analyzer(candidate)]
            return candidate if terms == [str(word) for word in phrase.words] else None

        return typed


def load_generation(name: str, meta: dict[str, Any]) -> Generation:
    """Return the generation *name* described by its meta document *meta* (an empty vocabulary without one)."""
    try:
        fields: dict[str, Any] = json.loads(meta.get("payload") or "{}")
    except ValueError:
        fields = {}
    vocabulary = Vocabulary(fields.pop("counts", None) or {}, fields.pop("terms", None) or {})
    schema = build_schema()
    return Generation(name, fields, vocabulary, FuzzyQueryBuilder(schema, vocabulary),
                      QueryBuilder(schema, vocabulary), schema["text"].analyzer, field_boosts(schema))


def suggest_words(vocabulary: Vocabulary, text: str) -> str | None:
    """Return *text* with its unknown words replaced by close corpus words, or None (as the Whoosh side does)."""
    changed = False
    looked_up = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal changed, looked_up
        word = match.group(0)
        looked_up += 1
        if looked_up > MAX_QUERY_WORDS or word in vocabulary or word.isdigit():
            return word
        close = vocabulary.close_words(word)
        if not close:
            return word
        changed = True
        return close[0]

    suggestion = re.sub(r"\w{3,}", replace, text)
    return suggestion if changed else None
