"""Split a document's text into numbered paragraphs.

A paragraph is a run of non-blank lines; a blank line is empty or holds only
whitespace (NBSP and the other Unicode spaces included).  Hard-wrapped lines
are joined with one space.  Numbers start at 1 in document order: links point
at them, so an unchanged text always gets the same numbers.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

__all__ = ["Paragraph", "split_paragraphs"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document: its 1-based number and its text as written.

    ``page`` (from 1) is set for paged formats such as PDF; ``section`` is the
    path of the headings above the paragraph, « 3 Installation › 3.2 Réseau ».
    """

    number: int
    text: str
    _: KW_ONLY
    page: int | None = None
    section: str | None = None


def split_paragraphs(text: str) -> list[Paragraph]:
    """Return the paragraphs of *text*, numbered from 1.

    >>> [(p.number, p.text) for p in split_paragraphs("Un\\ndeux\\n\\u00a0\\n\\nTrois")]
    [(1, 'Un deux'), (2, 'Trois')]
    """
    paragraphs: list[Paragraph] = []
    lines: list[str] = []
    for line in text.split("\n") + [""]:
        # str.strip() removes every Unicode space, NBSP and U+202F included.
        stripped = line.strip()
        if stripped:
            lines.append(stripped)
        elif lines:
            paragraphs.append(Paragraph(len(paragraphs) + 1, " ".join(lines)))
            lines = []
    return paragraphs
