"""HTML and XHTML (``lxml``): block elements as paragraphs, ``h1``–``h6`` as sections, ``<title>`` as title.

The encoding comes from a BOM, else from the ``<meta>`` charset or the XML
declaration, else UTF-8, else the same guess as plain text.  Navigation,
page headers and footers, scripts and styles are not text of the page and
are left out.  Table cells are paragraphs of their own, as in word
processors.  The tree is walked without recursion, so that deep nesting
cannot exhaust the stack.
"""

from __future__ import annotations

import codecs
import re

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from ..errors import UnreadableDocument
from .document import Block, Extracted, clean_text, shorten_title
from .text import decode_text

__all__ = ["read_html", "html_blocks"]

# How far into a file its charset declaration is looked for: the HTML
# standard's prescan reads the first 1 024 bytes; XHTML files written by
# hand sometimes have long comments first.
CHARSET_PRESCAN_BYTES = 4096
_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_DROPPED = frozenset(
    {"script", "style", "nav", "header", "footer", "noscript", "template", "head", "svg", "math", "button"}
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = frozenset(
    {
        "p", "div", "li", "dd", "dt", "blockquote", "pre", "td", "th", "caption", "figcaption",
        "address", "section", "article", "main", "aside", "body", "ul", "ol", "dl", "table", "tr",
        "figure", "details", "summary", "hr", "form", "fieldset", "legend", "center",
    }
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(data: bytes) -> tuple[str, str | None]:
    """Return the text of an HTML file and a warning when its encoding was guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), None
    declared = _CHARSET.search(data[:CHARSET_PRESCAN_BYTES])
    if declared:
        name = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return data.decode(name, errors="replace"), None
        except LookupError:
            pass  # an unknown charset name: guess as if none were declared
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return decode_text(data)


def _parse(text: str) -> lxml.html.HtmlElement:
    # Re-encoded and parsed as bytes with the encoding imposed: lxml refuses
    # text that still holds an XML declaration naming an encoding.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise UnreadableDocument(f"HTML illisible ({error})") from error
    if not isinstance(root, lxml.html.HtmlElement):
        raise UnreadableDocument("HTML illisible (pas d'élément racine)")
    return root


def _tag(element: lxml.etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


def _walk(root: lxml.html.HtmlElement, section: str | None) -> list[Block]:
    """Return the blocks under *root* in document order."""
    blocks: list[Block] = []
    pending: list[str] = []

    def flush(level: int | None = None) -> None:
        # Inline elements touch their neighbours: « <code>lait</code>. » is one word and a stop.
        text = clean_text("".join(pending))
        pending.clear()
        if text:
            blocks.append(Block(text, section=section, heading_level=level))

    skipping = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = _tag(element)
        if skipping:
            skipping += 1 if event == "start" else -1
            if skipping or event == "start":
                continue
        elif event == "start" and (tag in _DROPPED or element.get("hidden") is not None):
            skipping = 1
            continue
        elif event == "start":
            if tag in _BLOCKS or tag in _HEADINGS:
                flush()
            pending.append(" " if tag == "br" else element.text or "")
            continue
        if tag in _HEADINGS:
            flush(_HEADINGS[tag])
        elif tag in _BLOCKS:
            flush()
        pending.append(element.tail or "")
    flush()
    return blocks


def html_blocks(data: bytes, section: str | None = None) -> tuple[str | None, list[Block], str | None]:
    """Return the ``<title>`` (or ``None``), the blocks and the encoding warning of an HTML page.

    :param section: the section root to give every block (an EPUB chapter).
    :raises UnreadableDocument: when no HTML tree can be made of *data*.
    """
    text, warning = _decode(data)
    root = _parse(text)
    titles = root.xpath("//title")
    title = shorten_title(titles[0].text_content()) if titles else None
    return title, _walk(root, section), warning


def read_html(data: bytes, name: str) -> Extracted:
    """Read an HTML or XHTML page; its title is ``<title>``, else the first ``h1``.

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: when no HTML tree can be made of *data*.
    """
    title, blocks, warning = html_blocks(data)
    if title is None:
        title = next((block.text for block in blocks if block.heading_level == 1), None)
    return Extracted("html", shorten_title(title), tuple(blocks), warning)
