"""Text of the bench corpus: whitespace, decoding, and telling prose and French apart.

Part of ``bench/corpus.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Paragraphs with fewer letters are navigation crumbs, labels and the like.
MIN_PARAGRAPH_LETTERS = 20
# Function words used to tell French pages from English ones.
FRENCH_WORDS = frozenset("le la les des du de et est pour une dans".split())
ENGLISH_WORDS = frozenset("the and of to is in for with".split())
WORD_RE = re.compile(r"[^\W\d_]+")
# A page's charset declaration, if any, stands in its first bytes.
DECLARATION_BYTES = 4096
TAB_WIDTH = 8


def collapse_whitespace(text: str) -> str:
    """Join the words of ``text`` with single spaces."""
    return " ".join(text.split())


def tidy_preformatted(text: str) -> str:
    """Keep the lines of preformatted text, minus blank lines and trailing spaces.

    Blank lines are dropped so that a ``pre`` block stays one paragraph of
    the output, where a blank line separates paragraphs.
    """
    lines = (line.rstrip() for line in text.expandtabs(TAB_WIDTH).splitlines())
    return "\n".join(line for line in lines if line.strip())


def letter_count(text: str) -> int:
    """Count the letters of ``text``."""
    return sum(1 for char in text if char.isalpha())


def is_real_paragraph(paragraph: str) -> bool:
    """Tell prose from navigation crumbs, labels and stray symbols."""
    return letter_count(paragraph) >= MIN_PARAGRAPH_LETTERS


def function_word_counts(text: str) -> tuple[int, int]:
    """Count the French and the English function words of ``text``."""
    french = english = 0
    for word in WORD_RE.findall(text.lower()):
        if word in FRENCH_WORDS:
            french += 1
        elif word in ENGLISH_WORDS:
            english += 1
    return french, english


def looks_french(paragraphs: Iterable[str]) -> bool:
    """True when French function words outnumber English ones."""
    french, english = function_word_counts("\n".join(paragraphs))
    return french > english


def looks_english(paragraph: str) -> bool:
    """True for a paragraph with at least two English function words and
    more English than French ones."""
    french, english = function_word_counts(paragraph)
    return english >= 2 and english > french


def decode_markup(raw: bytes) -> str:
    """Decode a page: declared charset first, then UTF-8, then cp1252."""
    head = raw[:DECLARATION_BYTES]
    declared = re.search(rb"""(?:charset|encoding)=["']?([A-Za-z0-9_.:-]+)""", head)
    encodings = ["utf-8", "cp1252"]
    if declared:
        encodings.insert(0, declared.group(1).decode("ascii"))
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")
