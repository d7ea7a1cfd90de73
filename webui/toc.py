"""The table of contents of a document page: its sections, each with the paragraph it starts at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import indexer

__all__ = ["Section", "page_sections"]


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under the same headings."""

    #: The headings' path, « 2 Configuration › 2.1 Réseau ».
    title: str
    #: Its first paragraph's number: the heading's anchor is ``#s<first>``.
    first: int
    #: How deep the last heading lies (1 for a top heading).
    depth: int


def page_sections(paragraphs: Sequence[indexer.Paragraph]) -> list[Section]:
    """Return the sections of *paragraphs* in order, a new one each time the section path changes.

    >>> from indexer import Paragraph
    >>> [(s.title, s.first, s.depth) for s in page_sections(
    ...     [Paragraph(1, "a"), Paragraph(2, "b", section="A"), Paragraph(3, "c", section="A › B")])]
    [('A', 2, 1), ('A › B', 3, 2)]
    """
    sections: list[Section] = []
    previous: str | None = None
    for paragraph in paragraphs:
        if paragraph.section and paragraph.section != previous:
            depth = paragraph.section.count(" › ") + 1
            sections.append(Section(paragraph.section, paragraph.number, depth))
        previous = paragraph.section
    return sections
