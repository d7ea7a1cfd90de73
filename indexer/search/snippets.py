"""Highlighted HTML snippets: matched words in ``<mark>``, everything else escaped.

A word is matched when the French analyzer turns it into one of the query's
index terms, so inflected and accent-free variants are marked too.  Snippets
are made of whole sentences (or, for a long sentence, of whole words around
the matches), at most about :data:`SNIPPET_MAX_CHARS` characters, joined by
" … ".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from html import escape

from whoosh.analysis import Analyzer, RegexTokenizer, Token

__all__ = ["SNIPPET_MAX_CHARS", "highlight_html", "make_snippet"]

SNIPPET_MAX_CHARS = 240
FRAGMENT_SEPARATOR = " … "
# A sentence ends with . ! ? … (optionally closed by a quote) and a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"')]?\s+")

Span = tuple[int, int]
# Distinct written words remembered per analyzer before starting over, and analyzers remembered.
_MAX_REMEMBERED_WORDS = 200_000
_MAX_ANALYZERS = 16
_ANALYZERS: dict[int, "_WordTerms"] = {}


class _WordTerms:
    """The term and character span of each written word under one analyzer, each word analysed once.

    Every step of the French chain after its regex tokenizer acts on one
    token's own text (the tokenizer's cross-reference weight matters to
    scores, not to highlighting), so a word's term and the part of it that
    is marked (an elided ``l’`` is not) can be remembered by the word.
    """

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self._finditer = analyzer.items[0].expression.finditer
        self._filters = analyzer.items[1:]
        self._words: dict[str, tuple[str, int, int] | None] = {}

    def _analysed(self, word: str) -> tuple[str, int, int] | None:
        token = Token(positions=True, chars=True, removestops=False, mode="index")
        token.text, token.pos, token.startchar, token.endchar = word, 0, 0, len(word)
        token.boost, token.stopped = 1.0, False
        tokens: Iterator[Token] = iter([token])
        for item in self._filters:
            tokens = item(tokens)
        found = [(each.text, each.startchar, each.endchar) for each in tokens if not each.stopped]
        return found[0] if found else None

    def spans(self, text: str, terms: Collection[str]) -> list[Span]:
        words = self._words
        if len(words) >= _MAX_REMEMBERED_WORDS:
            words.clear()
        spans = []
        for match in self._finditer(text):
            word = match.group(0)
            if word in words:
                analysed = words[word]
            else:
                analysed = words[word] = self._analysed(word)
            if analysed is not None and analysed[0] in terms:
                spans.append((match.start() + analysed[1], match.start() + analysed[2]))
        return spans


def _word_terms(analyzer: Analyzer) -> _WordTerms | None:
    """Return the remembered words of *analyzer*, None when it is not a regex-tokenizer chain."""
    known = _ANALYZERS.get(id(analyzer))
    if known is not None and known.analyzer is analyzer:
        return known
    items = getattr(analyzer, "items", None)
    if not items or not isinstance(items[0], RegexTokenizer) or getattr(items[0], "gaps", False):
        return None
    if len(_ANALYZERS) >= _MAX_ANALYZERS:
        _ANALYZERS.clear()
    # Held by id with a reference to the analyzer itself, so the id stays its own.
    made = _ANALYZERS[id(analyzer)] = _WordTerms(analyzer)
    return made


def _match_spans(text: str, terms: Collection[str], analyzer: Analyzer) -> list[Span]:
    if not terms:
        return []
    remembered = _word_terms(analyzer)
    if remembered is not None:
        return remembered.spans(text, terms)
    return [
        (token.startchar, token.endchar)
        for token in analyzer(text, chars=True, mode="index", removestops=False)
        if token.text in terms and not getattr(token, "stopped", False)
    ]


def _render(text: str, start: int, end: int, spans: list[Span]) -> str:
    """Return ``text[start:end]`` escaped, with the spans inside it marked."""
    parts: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[cursor:span_start]))
        parts.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def highlight_html(text: str, terms: Collection[str], analyzer: Analyzer) -> str:
    """Return the whole *text* as escaped HTML with the words matching *terms* marked.

    :param terms: index terms of the query (stems, accents folded).
    :param analyzer: the field's analyzer, to map the text's words to terms.
    """
    return _render(text, 0, len(text), _match_spans(text, terms, analyzer))


def _sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _word_window(text: str, start: int, end: int, focus: int, width: int) -> Span:
    """Return a span of at most *width* characters inside [start, end) around *focus*, cut between words."""
    if end - start <= width:
        return start, end
    left = max(start, min(focus - width // 3, end - width))
    right = min(end, left + width)
    if left > start:
        space = text.find(" ", left, right)
        left = space + 1 if space != -1 else left
    if right < end:
        space = text.rfind(" ", left, right)
        right = space if space > left else right
    return left, right


def make_snippet(
    text: str, terms: Collection[str], analyzer: Analyzer, max_chars: int = SNIPPET_MAX_CHARS
) -> str:
    """Return an HTML snippet of *text* around the words matching *terms*.

    The sentences holding the most distinct matched words are chosen, shown in
    text order; when nothing matches, the snippet is the start of the text.
    """
    spans = _match_spans(text, terms, analyzer)
    sentences = _sentences(text)
    scored = []
    for index, (start, end) in enumerate(sentences):
        inside = [span for span in spans if start <= span[0] < end]
        words = {text[s:e].lower() for s, e in inside}
        scored.append((-len(words), -len(inside), index))
    scored.sort()
    chosen: list[Span] = []
    budget = max_chars
    for negative_words, _, index in scored:
        if chosen and (negative_words == 0 or budget < 40):
            break
        start, end = sentences[index]
        inside = [span for span in spans if start <= span[0] < end]
        focus = inside[0][0] if inside else start
        window = _word_window(text, start, end, focus, budget)
        chosen.append(window)
        budget -= window[1] - window[0] + len(FRAGMENT_SEPARATOR)
    chosen.sort()
    merged: list[Span] = []
    for start, end in chosen:
        # Neighbouring sentences read as one passage, not as two fragments.
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    chosen = merged
    fragments = [_render(text, start, end, spans) for start, end in chosen]
    snippet = FRAGMENT_SEPARATOR.join(fragments)
    if chosen and chosen[0][0] > 0:
        snippet = "… " + snippet
    if chosen and chosen[-1][1] < len(text) and not _SENTENCE_END.match(text, chosen[-1][1]):
        snippet += " …"
    return snippet
