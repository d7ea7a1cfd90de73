"""Markdown (``markdown-it-py``): rendered to HTML and read by the HTML reader, so ``#`` headings are sections.

Emphasis, links and code marks are gone from the text that way, and every
Markdown construct (lists, tables, quotes) becomes the same blocks as in a
web page.  A YAML front matter's ``title:`` is the title when present; the
rest of the front matter is not text of the document.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .document import Extracted, shorten_title
from .html import html_blocks
from .text import decode_text

__all__ = ["read_markdown", "split_front_matter"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TITLE_LINE = re.compile(r"^title[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return the front matter's title (or ``None``) and the text after the front matter.

    >>> split_front_matter("---\\ntitle: « Été »\\ndate: 2024\\n---\\n# Un\\n")
    ('« Été »', '# Un\\n')
    >>> split_front_matter("# Sans en-tête\\n")
    (None, '# Sans en-tête\\n')
    """
    found = _FRONT_MATTER.match(text)
    if not found:
        return None, text
    line = _TITLE_LINE.search(found.group(1))
    title = line.group(1).strip("\"'") if line else None
    return title, text[found.end() :]


def read_markdown(data: bytes, name: str) -> Extracted:
    """Read a Markdown file; its title is the front matter's ``title:``, else the first heading.

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a binary file or an unknown encoding.
    """
    text, warning = decode_text(data)
    title, body = split_front_matter(text)
    rendered = MarkdownIt("commonmark").enable("table").render(body)
    _, blocks, _ = html_blocks(("<html><body>" + rendered + "</body></html>").encode("utf-8"))
    if title is None:
        title = next((block.text for block in blocks if block.heading_level is not None), None)
    return Extracted("md", shorten_title(title), tuple(blocks), warning)
