"""Read the parts of the app's HTML pages that tests check."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

_HIT_LINK = re.compile(r'<h2 class="hit-title"><a href="([^"]+)">')
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_HIT = re.compile(r'<li class="hit">(.*?)</li>', re.S)
_PARAGRAPH = re.compile(r'<div class="paragraph" id="p(\d+)"[^>]*>(.*?)</div>', re.S)


def hit_links(page: str) -> list[str]:
    """Return the links of the results, in rank order."""
    return [unescape(href) for href in _HIT_LINK.findall(page)]


def hits(page: str) -> list[str]:
    """Return the HTML of each result card."""
    return _HIT.findall(page)


def marked_words(html: str) -> list[str]:
    """Return the text of every ``<mark>``."""
    return [unescape(word) for word in _MARK.findall(html)]


def paragraphs(page: str) -> dict[int, str]:
    """Return the HTML of each paragraph of a document page, by number."""
    return {int(number): body for number, body in _PARAGRAPH.findall(page)}


def split_doc_link(link: str) -> tuple[str, str, int]:
    """Return the document id, query and paragraph number of ``/doc/<id>?q=..#pN``."""
    parts = urlsplit(link)
    assert parts.path.startswith("/doc/"), link
    assert re.fullmatch(r"p\d+", parts.fragment), link
    query = parse_qs(parts.query)["q"][0]
    return unquote(parts.path.removeprefix("/doc/")), query, int(parts.fragment[1:])
