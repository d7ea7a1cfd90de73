"""HTML and GNOME Mallard pages of the bench corpus turned into a title and paragraphs.

Part of ``bench/corpus.py``.  One parser, ``html.parser``, reads both
markups; a ``MarkupProfile`` says which elements end a paragraph, which are
skipped and which keep their line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from corpus_text import collapse_whitespace, tidy_preformatted


@dataclass(frozen=True)
class MarkupProfile:
    """How one markup language maps onto paragraphs."""

    skip_tags: frozenset[str]
    block_tags: frozenset[str]
    pre_tags: frozenset[str]
    heading_tags: frozenset[str]
    cell_tags: frozenset[str]
    break_tags: frozenset[str]
    title_tag: str | None
    # HTML class names and ids that mark navigation blocks to skip.
    skip_markers: frozenset[str] = field(default_factory=frozenset)


HTML_PROFILE = MarkupProfile(
    skip_tags=frozenset(
        "script style nav head header footer aside noscript template svg "
        "button select textarea".split()
    ),
    block_tags=frozenset(
        "p div li ul ol dl dd dt h1 h2 h3 h4 h5 h6 pre tr table tbody thead "
        "tfoot blockquote section article main figure figcaption caption "
        "address hr body center form fieldset legend details summary".split()
    ),
    pre_tags=frozenset({"pre"}),
    heading_tags=frozenset("h1 h2 h3 h4 h5 h6".split()),
    cell_tags=frozenset({"td", "th"}),
    break_tags=frozenset({"br"}),
    title_tag="title",
    # Navigation blocks of DocBook, Sphinx, Texinfo, TeX4ht, LilyPond and
    # Scilab output.
    skip_markers=frozenset(
        "navheader navfooter docnav toc nav_table crosslinks breadcrumb "
        "breadcrumbs sphinxsidebar related headerlink header-navigation "
        "footer tocframe languages highlighting-settings verifier_texinfo "
        "manualnavbar".split()
    ),
)

MALLARD_PROFILE = MarkupProfile(
    skip_tags=frozenset({"info", "links", "comment"}),
    block_tags=frozenset(
        "page section p title subtitle desc item list steps terms tree note "
        "example quote figure table tr screen synopsis listing cite "
        "caption".split()
    ),
    pre_tags=frozenset({"screen"}),
    heading_tags=frozenset({"title"}),
    cell_tags=frozenset({"td", "th"}),
    break_tags=frozenset(),
    title_tag=None,
)


class ParagraphExtractor(HTMLParser):
    """Collect the title and the paragraphs of an HTML or Mallard page."""

    def __init__(self, profile: MarkupProfile) -> None:
        super().__init__(convert_charrefs=True)
        self.profile = profile
        self.paragraphs: list[str] = []
        self.title = ""
        self.first_heading = ""
        self._parts: list[str] = []
        self._part_is_pre = False
        self._pre_depth = 0
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self._title_parts: list[str] = []
        self._heading_start: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._is_document_title(tag):
            self._in_title = True
            return
        if self._skip_tag is not None and tag == "body":
            # A head whose end tag was left out ends where the body starts.
            self._stop_skipping()
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        if tag in self.profile.skip_tags or self._has_skip_marker(attrs):
            self._start_skipping(tag)
            return
        self._open_element(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in_title and tag == self.profile.title_tag:
            self._in_title = False
            self.title = collapse_whitespace("".join(self._title_parts))
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._stop_skipping()
            return
        self._close_element(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        elif self._skip_tag is None:
            self._parts.append(data)
            self._part_is_pre = self._part_is_pre or self._pre_depth > 0

    def close(self) -> None:
        super().close()
        self._flush()

    def _is_document_title(self, tag: str) -> bool:
        """True for the first ``<title>`` of the document head (not of an SVG)."""
        return (
            tag == self.profile.title_tag
            and not self.title
            and not self._in_title
            and self._skip_tag in (None, "head")
        )

    def _open_element(self, tag: str) -> None:
        profile = self.profile
        if tag in profile.break_tags:
            if self._pre_depth:
                self._parts.append("\n")
            else:
                self._flush()
        elif tag in profile.cell_tags:
            self._parts.append(" ")
        elif tag in profile.block_tags:
            self._flush()
            if tag in profile.pre_tags:
                self._pre_depth += 1
            if tag in profile.heading_tags and self._heading_start is None:
                self._heading_start = len(self.paragraphs)

    def _close_element(self, tag: str) -> None:
        profile = self.profile
        if tag in profile.cell_tags:
            self._parts.append(" ")
        elif tag in profile.block_tags:
            self._flush()
            if tag in profile.pre_tags and self._pre_depth:
                self._pre_depth -= 1
            if tag in profile.heading_tags:
                self._note_heading()

    def _note_heading(self) -> None:
        start = self._heading_start
        self._heading_start = None
        if start is not None and not self.first_heading and len(self.paragraphs) > start:
            self.first_heading = self.paragraphs[start]

    def _has_skip_marker(self, attrs: list[tuple[str, str | None]]) -> bool:
        markers = self.profile.skip_markers
        for name, value in attrs:
            if name == "class" and value and not markers.isdisjoint(value.split()):
                return True
            if name == "id" and value in markers:
                return True
        return False

    def _start_skipping(self, tag: str) -> None:
        self._flush()
        self._skip_tag = tag
        self._skip_depth = 1

    def _stop_skipping(self) -> None:
        self._skip_tag = None
        self._skip_depth = 0

    def _flush(self) -> None:
        text = "".join(self._parts)
        is_pre = self._part_is_pre
        self._parts = []
        self._part_is_pre = False
        paragraph = tidy_preformatted(text) if is_pre else collapse_whitespace(text)
        if paragraph:
            self.paragraphs.append(paragraph)


def extract_page(markup: str, profile: MarkupProfile) -> tuple[str, list[str]]:
    """Return the title (or first heading) and the paragraphs of a page."""
    parser = ParagraphExtractor(profile)
    parser.feed(markup)
    parser.close()
    return parser.title or parser.first_heading, parser.paragraphs
