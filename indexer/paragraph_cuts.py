"""Cut paragraphs too long to highlight quickly into pieces, at sentence or word ends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from .paragraphs import Paragraph

__all__ = ["MAX_PARAGRAPH_CHARS", "cut_long_paragraphs"]

# Longer paragraphs are cut: a snippet or a highlighted page analyses the
# whole paragraph at query time (about 2.5 ms per 1 000 characters).
MAX_PARAGRAPH_CHARS = 20_000
# Where a long paragraph may be cut: after a sentence end, else at a space.
_SENTENCE_BREAK = re.compile(r"[.!?…][»”\"')]?\s+")


def _pieces(text: str, limit: int) -> Iterator[str]:
    """Yield *text* in pieces of at most *limit* characters, cut after a sentence or at a space."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit + 1]
        ends = [match.end() for match in _SENTENCE_BREAK.finditer(window) if match.end() <= limit]
        # A sentence end in the second half makes a natural cut; else a space; else anywhere.
        cut = ends[-1] if ends and ends[-1] > limit // 2 else window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit
        piece = window[:cut].strip()
        if piece:
            yield piece
        start += cut
    rest = text[start:].strip()
    if rest:
        yield rest


def cut_long_paragraphs(paragraphs: list[Paragraph], limit: int = MAX_PARAGRAPH_CHARS) -> list[Paragraph]:
    """Return *paragraphs* with those over *limit* characters cut in pieces, renumbered; pieces keep page and section.

    >>> [(p.number, p.text, p.page) for p in cut_long_paragraphs(
    ...     [Paragraph(1, "Un deux. Trois quatre cinq.", page=3), Paragraph(2, "Six.")], limit=12)]
    [(1, 'Un deux.', 3), (2, 'Trois quatre', 3), (3, 'cinq.', 3), (4, 'Six.', None)]
    """
    if all(len(paragraph.text) <= limit for paragraph in paragraphs):
        return paragraphs
    pieces = [(piece, paragraph) for paragraph in paragraphs for piece in _pieces(paragraph.text, limit)]
    return [replace(paragraph, number=number, text=piece) for number, (piece, paragraph) in enumerate(pieces, start=1)]
