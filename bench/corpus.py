"""Build a large French plain-text corpus from Debian documentation packages.

The benchmarks of fr-search need a big, real, reproducible body of French
prose. Debian ships plenty of it as translated documentation, so this script:

1. downloads each package of ``PACKAGES`` with ``apt-get download`` into a
   cache folder (nothing is installed; ``apt-get update`` is run once if a
   look-up or download fails; a package apt cannot provide is skipped with a
   warning);
2. unpacks it with ``dpkg-deb -x`` into a temporary folder, and the HTML
   members of any JavaHelp jar in it beside the jar;
3. selects its French pages by path, per package: HTML (``.html``, ``.htm``,
   ``.xhtml``, ``.html.gz``), GNOME Mallard ``.page`` files and man pages;
4. turns every page into paragraphs: HTML and Mallard with ``html.parser``
   (script, style, head, nav and other page chrome skipped, block elements
   such as p, div, li, h1-h6, pre, tr, dd, dt, blockquote and br ending a
   paragraph, whitespace collapsed except in ``pre``), man pages with a
   small reader of the man(7) roff macros (the few mdoc(7) pages are left
   out);
5. drops paragraphs with fewer than ``MIN_PARAGRAPH_LETTERS`` letters
   (navigation crumbs, labels), pages that do not look French (French
   function words must outnumber English ones), the English paragraphs of
   the French pages (untranslated parts) and pages whose text repeats an
   earlier page of the same package;
6. writes one UTF-8 file per page, ``OUT/<package>/<flattened path>.txt``:
   the page title (``<title>``, else the first heading; a man page's NAME
   line) on the first line, a blank line, then the paragraphs separated by
   one blank line;
7. prints files, paragraphs and MB (10^6 bytes) per package and in total,
   and exits 1 if the total is below ``TARGET_PARAGRAPHS`` (150 000).

Output is deterministic: files are processed in sorted order and the same
package versions give byte-identical output. ``--out`` is wiped and rebuilt
on every run (it must be missing, empty, or an earlier output of this
script, recognised by its ``.frsearch-corpus`` marker file, which lists the
package versions used).

Packages used, Debian 12 "bookworm" (about 161 600 paragraphs, 7 200 files,
24 MB in all):

- libreoffice-help-fr (43 000 paragraphs): LibreOffice help;
- manpages-fr, manpages-fr-dev (39 000): Linux and GNU manual pages;
- lilypond-doc-html-fr (18 000): LilyPond manuals, split pages only;
- scilab-doc-fr (12 000): Scilab help, from its JavaHelp jar;
- gimp-help-fr (10 000): GIMP user manual;
- Debian project documentation (15 000): debian-reference-fr,
  debian-handbook (``fr-FR`` only), harden-doc (``fr-FR`` only),
  developers-reference-fr, maint-guide-fr, debian-faq-fr,
  installation-guide-amd64 (``fr`` only), debian-edu-doc-fr (bookworm
  manual), debian-history, aptitude-doc-fr, ubuntu-packaging-guide-html-fr;
- French man pages of Debian tools (10 000): devscripts, debhelper,
  dpkg-dev, po4a, apt, dpkg, man-db, debconf-doc, adduser;
- GNOME help, French ``.page`` files only (11 000): gnome-user-docs,
  gnome-devel-docs, evolution-common, orca, evince-common, seahorse,
  shotwell-common, gedit-common, eog, gnome-terminal-data,
  gnome-calculator, gnome-system-monitor, gnome-boxes, pitivi,
  zenity-common, totem-common, file-roller, brasero-common, simple-scan;
- texworks-help-fr, gosa-help-fr (1 100): TeXworks manual, GOsa² help.

Looked at and left out: kicad-doc-fr and linuxcnc-doc-fr (their HTML pages
are mostly English), lilypond-doc-pdf-fr, expeyes-doc-fr and
eyes17-manuals-fr (PDF), debian-edu-doc-legacy-fr (older editions of the
same manual), aisleriot (DocBook, not HTML).

Usage::

    python bench/corpus.py [--out DIR] [--cache DIR]

Defaults: ``--out /tmp/frsearch-bench/corpus``,
``--cache /tmp/frsearch-bench/debs``. Needs Debian's ``apt-get``,
``apt-cache`` and ``dpkg-deb``, and only the standard library of
Python 3.11. Downloads about 200 MB of packages on the first run.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

DEFAULT_OUT = Path("/tmp/frsearch-bench/corpus")
DEFAULT_CACHE = Path("/tmp/frsearch-bench/debs")
MARKER_NAME = ".frsearch-corpus"
TARGET_PARAGRAPHS = 150_000
MIN_PARAGRAPH_LETTERS = 20
BYTES_PER_MB = 1_000_000

# Page files worth converting, longest suffix first.
PAGE_SUFFIXES = (".html.gz", ".xhtml", ".html", ".htm", ".page")
MALLARD_SUFFIX = ".page"
# Manual pages: ``man1/ls.1.gz`` and the like.
MAN_PAGE_RE = re.compile(r"(^|/)man[1-9n][^/]*/[^/]+\.[1-9n][^/.]*(\.gz)?$")

# Sphinx and similar generators add pages that hold no prose.
COMMON_EXCLUDE = r"(^|/)(search|genindex|py-modindex)\.html$"


@dataclass(frozen=True)
class PackageSpec:
    """A documentation package and which of its files hold French pages.

    ``include`` and ``exclude`` are regular expressions searched in each
    file's path relative to the unpacked package root (``usr/share/...``);
    ``navigation`` names extra HTML classes or ids of page chrome to skip.
    """

    name: str
    include: str
    exclude: str = r"(?!)"
    navigation: frozenset[str] = frozenset()


PACKAGES: tuple[PackageSpec, ...] = (
    PackageSpec(
        "libreoffice-help-fr",
        r"^usr/share/libreoffice/help/fr/",
        # "Enable JavaScript" notice.
        exclude=r"/noscript\.html$",
    ),
    PackageSpec("gimp-help-fr", r"^usr/share/gimp/2\.0/help/fr/"),
    PackageSpec("gnome-user-docs", r"^usr/share/help/fr/"),
    PackageSpec("lilypond-doc-html-fr", r"\.fr\.html$", exclude=r"-big-page\."),
    PackageSpec("debian-handbook", r"/html/fr-FR/"),
    PackageSpec("debian-reference-fr", r"\.fr\.html$"),
    PackageSpec(
        "developers-reference-fr",
        r"^usr/share/developers-reference/fr/",
        # The single-page edition repeats every chapter.
        exclude=r"/developers-reference\.html$",
    ),
    PackageSpec("maint-guide-fr", r"\.fr\.html$"),
    PackageSpec("debian-faq-fr", r"/FAQ/fr/"),
    PackageSpec("aptitude-doc-fr", r"/html/fr/"),
    # The bullseye edition of the manual mostly repeats the bookworm one.
    PackageSpec("debian-edu-doc-fr", r"-bookworm-manual\.html$"),
    PackageSpec("texworks-help-fr", r"/texworks-help/fr/"),
    PackageSpec("gosa-help-fr", r"/fr/html/"),
    PackageSpec(
        "ubuntu-packaging-guide-html-fr",
        r"^usr/share/doc/ubuntu-packaging-guide-html-fr/",
        # The single-page edition repeats every chapter.
        exclude=r"/singlehtml/",
    ),
    PackageSpec("installation-guide-amd64", r"^usr/share/doc/installation-guide-amd64/fr/"),
    PackageSpec("harden-doc", r"/html/fr-FR/"),
    PackageSpec("debian-history", r"\.fr\.html$"),
    # Scilab's French help pages are the HTML members of a JavaHelp jar.
    PackageSpec(
        "scilab-doc-fr",
        r"/scilab_fr_FR_help\.jar\.d/",
        navigation=frozenset({"path"}),  # the "Scilab Help >> ..." crumbs
    ),
    PackageSpec("manpages-fr", r"^usr/share/man/fr/"),
    PackageSpec("manpages-fr-dev", r"^usr/share/man/fr/"),
    # Debian tools that ship French translations of their manual pages.
    *(
        PackageSpec(name, r"^usr/share/man/fr/")
        for name in (
            "devscripts",
            "debhelper",
            "dpkg-dev",
            "po4a",
            "apt",
            "dpkg",
            "man-db",
            "debconf-doc",
            "adduser",
        )
    ),
    # GNOME applications that ship their Mallard help inside the package.
    *(
        PackageSpec(name, r"^usr/share/help/fr/")
        for name in (
            "evolution-common",
            "gnome-devel-docs",
            "orca",
            "evince-common",
            "seahorse",
            "shotwell-common",
            "gedit-common",
            "eog",
            "gnome-terminal-data",
            "gnome-calculator",
            "gnome-system-monitor",
            "gnome-boxes",
            "pitivi",
            "zenity-common",
            "totem-common",
            "file-roller",
            "brasero-common",
            "simple-scan",
        )
    ),
)

# Function words used to tell French pages from English ones.
FRENCH_WORDS = frozenset("le la les des du de et est pour une dans".split())
ENGLISH_WORDS = frozenset("the and of to is in for with".split())
WORD_RE = re.compile(r"[^\W\d_]+")


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


@dataclass(frozen=True)
class Page:
    """The text of one converted page."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass
class PackageStats:
    """Counts for one package, or for the whole corpus."""

    name: str
    version: str = ""
    files: int = 0
    paragraphs: int = 0
    size_bytes: int = 0
    not_french: int = 0
    duplicates: int = 0

    def add(self, other: PackageStats) -> None:
        """Add another package's counts to these."""
        self.files += other.files
        self.paragraphs += other.paragraphs
        self.size_bytes += other.size_bytes
        self.not_french += other.not_french
        self.duplicates += other.duplicates


# ---------------------------------------------------------------- markup


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


def collapse_whitespace(text: str) -> str:
    """Join the words of ``text`` with single spaces."""
    return " ".join(text.split())


def tidy_preformatted(text: str) -> str:
    """Keep the lines of preformatted text, minus blank lines and trailing spaces.

    Blank lines are dropped so that a ``pre`` block stays one paragraph of
    the output, where a blank line separates paragraphs.
    """
    lines = (line.rstrip() for line in text.expandtabs(8).splitlines())
    return "\n".join(line for line in lines if line.strip())


def extract_page(markup: str, profile: MarkupProfile) -> tuple[str, list[str]]:
    """Return the title (or first heading) and the paragraphs of a page."""
    parser = ParagraphExtractor(profile)
    parser.feed(markup)
    parser.close()
    return parser.title or parser.first_heading, parser.paragraphs


# ---------------------------------------------------------------- man pages

# Named roff glyphs (``\(xx``, ``\[xx]``) and strings (``\*(xx``) seen in
# French manual pages; unknown names are dropped.
ROFF_GLYPHS: dict[str, str] = {
    "aq": "'", "dq": '"', "lq": "\u201c", "rq": "\u201d", "oq": "\u2018",
    "cq": "\u2019", "Fo": "\u00ab", "Fc": "\u00bb", "fo": "\u2039", "fc": "\u203a",
    "bu": "\u2022", "em": "\u2014", "en": "\u2013", "hy": "-", "mi": "-", "pl": "+",
    "eq": "=", "mu": "\u00d7", "di": "\u00f7", "co": "\u00a9", "rg": "\u00ae",
    "tm": "\u2122", "de": "\u00b0", "+-": "\u00b1", "sc": "\u00a7", "ps": "\u00b6",
    "rs": "\\", "sl": "/", "ga": "`", "ha": "^", "ti": "~", "ul": "_", "ba": "|",
    "br": "|", "or": "|", "->": "\u2192", "<-": "\u2190", "<>": "\u2194",
    ">=": "\u2265", "<=": "\u2264", "!=": "\u2260", "==": "\u2261", "ua": "\u2191",
    "da": "\u2193", "Eu": "\u20ac", "eu": "\u20ac", "ss": "\u00df", "12": "\u00bd",
    "R": "\u00ae", "Tm": "\u2122",
    # Strings defined by pod2man's preamble.
    "C`": '"', "C'": '"', 'L"': "\u201c", 'R"': "\u201d", "--": "\u2014",
    "PI": "\u03c0", "Aq": "'",
}
ROFF_CHARACTERS: dict[str, str] = {
    "-": "-", "e": "\\", "\\": "\\", " ": " ", "~": " ", "0": " ", ".": ".",
    "'": "'", "`": "`", "t": "\t",
}
ROFF_ESCAPE_RE = re.compile(
    r"""\\(?:
        \((?P<glyph2>..)                                   # \(xx
      | \[(?P<glyph>[^\]]*)\]                             # \[name]
      | \*(?:\((?P<string2>..)|\[(?P<stringn>[^\]]*)\]|(?P<string1>.))
      | [fFnkgmMY](?:\(..|\[[^\]]*\]|.)                     # font, registers...
      | s(?:[-+]?\d|\(\d\d|\[[^\]]*\])                  # size
      | [hvwoXlLDbxSZNAR]'[^']*'                           # quoted arguments
      | (?P<char>.)
    )""",
    re.VERBOSE,
)
ROFF_COMMENT_RE = re.compile(r'\\["#].*')
# Requests whose lines are copied to the output, by how their words join.
ROFF_FONT_SPACED = frozenset({"B", "I", "SM", "SB"})
ROFF_FONT_ALTERNATING = frozenset({"BR", "RB", "IR", "RI", "BI", "IB"})
ROFF_PARAGRAPH_BREAKS = frozenset({"PP", "P", "LP", "HP", "sp", "Sp", "br", "bp"})
ROFF_NOFILL_START = frozenset({"nf", "EX", "Vb"})
ROFF_NOFILL_END = frozenset({"fi", "EE", "Ve"})


def roff_glyph(name: str) -> str:
    """Return the character of a named glyph such as ``aq`` or ``u00E9``."""
    if re.fullmatch(r"u[0-9A-Fa-f]{4,6}", name):
        return chr(int(name[1:], 16))
    return ROFF_GLYPHS.get(name, "")


def expand_roff_escape(match: re.Match[str]) -> str:
    """Replace one roff escape sequence by the text it stands for."""
    for group in ("glyph2", "glyph", "string2", "stringn", "string1"):
        name = match.group(group)
        if name is not None:
            return roff_glyph(name)
    char = match.group("char")
    return ROFF_CHARACTERS.get(char, "") if char is not None else ""


def roff_text(line: str) -> str:
    """Turn a roff text line into plain text: escapes expanded, fonts dropped."""
    return ROFF_ESCAPE_RE.sub(expand_roff_escape, ROFF_COMMENT_RE.sub("", line))


def split_roff_arguments(text: str) -> list[str]:
    """Split a request's arguments on spaces, honouring roff double quotes."""
    arguments: list[str] = []
    position = 0
    while position < len(text):
        if text[position] == " ":
            position += 1
        elif text[position] == '"':
            end = position + 1
            chunk: list[str] = []
            while end < len(text):
                if text.startswith('""', end):
                    chunk.append('"')
                    end += 2
                elif text[end] == '"':
                    break
                else:
                    chunk.append(text[end])
                    end += 1
            arguments.append("".join(chunk))
            position = end + 1
        else:
            end = text.find(" ", position)
            end = len(text) if end < 0 else end
            arguments.append(text[position:end])
            position = end
    return arguments


class ManPageExtractor:
    """Collect the title and paragraphs of a man(7) page written in roff.

    Covers the man macros and the few roff requests the pages use; tables
    (``.TS``/``.TE``), macro definitions and ignored blocks are dropped.
    Section headings and ``.TP`` tags become paragraphs of their own. Pages
    in the other macro set, mdoc(7), are only recognised (``is_mdoc``).
    """

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.header_title = ""
        self.name_line = ""
        self._parts: list[str] = []
        self._nofill = False
        self._next_line_role: str | None = None
        self._skip_until: str | None = None
        self._sections = 0
        self.is_mdoc = False

    def feed_line(self, line: str) -> None:
        """Process one source line."""
        if self._skip_until is not None:
            if line.rstrip() == self._skip_until:
                self._skip_until = None
        elif line[:1] in (".", "'"):
            self._request(line[1:])
        elif not line.strip() and not self._nofill:
            self._flush()
        else:
            self._text(roff_text(line))

    def close(self) -> None:
        """Finish the page."""
        self._flush()

    @property
    def title(self) -> str:
        """The NAME line ("ls - list directory contents"), else ``LS(1)``."""
        return self.name_line or self.header_title

    def _request(self, body: str) -> None:
        body = ROFF_COMMENT_RE.sub("", body).strip()
        name, _, rest = body.partition(" ")
        arguments = [roff_text(a) for a in split_roff_arguments(rest.strip())]
        if name in ROFF_FONT_SPACED and arguments:
            self._text(" ".join(arguments))
        elif name in ROFF_FONT_ALTERNATING:
            self._text("".join(arguments))
        elif name in ROFF_PARAGRAPH_BREAKS:
            self._flush()
        elif name in ("SH", "SS"):
            self._heading(name, arguments)
        elif name in ("TP", "IP"):
            self._tagged_paragraph(name, arguments)
        elif name in ROFF_NOFILL_START or name in ROFF_NOFILL_END:
            self._flush()
            self._nofill = name in ROFF_NOFILL_START
        elif name in ("UE", "ME") and arguments and self._parts:
            self._parts[-1] += "".join(arguments)
        elif name == "URL" and len(arguments) > 1:
            self._text("".join(arguments[1:]))
        elif name == "TH" and arguments:
            section = f"({arguments[1]})" if len(arguments) > 1 else ""
            self.header_title = arguments[0] + section
        elif name == "Dd":
            self.is_mdoc = True
        else:
            self._other_request(name, arguments)

    def _other_request(self, name: str, arguments: list[str]) -> None:
        """Ignore a request, but skip the block a table, a macro definition
        or ``.ig`` opens."""
        if name == "TS":
            self._flush()
            self._skip_until = ".TE"
        elif name in ("de", "de1", "am", "ig"):
            end = arguments[1] if len(arguments) > 1 else "."
            self._skip_until = "." + end

    def _heading(self, name: str, arguments: list[str]) -> None:
        self._flush()
        self._nofill = False
        if name == "SH":
            self._sections += 1
        if arguments:
            self._parts.append(" ".join(arguments))
            self._flush(is_heading=True)
        else:
            self._next_line_role = "heading"

    def _tagged_paragraph(self, name: str, arguments: list[str]) -> None:
        self._flush()
        if name == "TP":
            self._next_line_role = "tag"
        elif arguments and arguments[0].strip():
            self._parts.append(arguments[0])
            self._flush()

    def _text(self, text: str) -> None:
        self._parts.append(text)
        role = self._next_line_role
        if role is not None:
            self._next_line_role = None
            self._flush(is_heading=role == "heading")

    def _flush(self, is_heading: bool = False) -> None:
        text = "\n".join(self._parts)
        self._parts = []
        paragraph = tidy_preformatted(text) if self._nofill else collapse_whitespace(text)
        if not paragraph:
            return
        self.paragraphs.append(paragraph)
        if self._sections == 1 and not is_heading and not self.name_line:
            self.name_line = paragraph


def extract_man_page(source: str) -> tuple[str, list[str]]:
    """Return the title (NAME line, else ``name(section)``) and paragraphs of
    a man page; no paragraphs for an mdoc(7) page, which this does not read."""
    extractor = ManPageExtractor()
    for line in source.splitlines():
        extractor.feed_line(line)
    extractor.close()
    if extractor.is_mdoc:
        return extractor.title, []
    return extractor.title, extractor.paragraphs


# ---------------------------------------------------------------- text


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
    declared = re.search(rb"""(?:charset|encoding)=["']?([A-Za-z0-9_.:-]+)""", raw[:4096])
    encodings = ["utf-8", "cp1252"]
    if declared:
        encodings.insert(0, declared.group(1).decode("ascii"))
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageSource:
    """A page file and its path relative to the unpacked package root."""

    file: Path
    relative: str


def page_kind(relative: str) -> str | None:
    """Classify a path as "html", "mallard" or "man" page, or None."""
    lowered = relative.lower()
    if MAN_PAGE_RE.search(lowered):
        return "man"
    suffix = page_suffix(lowered)
    if suffix is None:
        return None
    return "mallard" if suffix == MALLARD_SUFFIX else "html"


def page_suffix(name: str) -> str | None:
    """Return the markup suffix ``name`` ends with, or None."""
    lowered = name.lower()
    return next((s for s in PAGE_SUFFIXES if lowered.endswith(s)), None)


def read_source(source: PageSource) -> str:
    """Read a page's text, gunzipping ``.gz`` files."""
    raw = source.file.read_bytes()
    if source.relative.endswith(".gz"):
        raw = gzip.decompress(raw)
    return decode_markup(raw)


def extract_source(
    source: PageSource, navigation: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """Return the title and raw paragraphs of a page, whatever its markup;
    ``navigation`` adds HTML classes or ids to skip."""
    text = read_source(source)
    kind = page_kind(source.relative)
    if kind == "man":
        return extract_man_page(text)
    if kind == "mallard":
        return extract_page(text, MALLARD_PROFILE)
    markers = HTML_PROFILE.skip_markers | navigation
    return extract_page(text, replace(HTML_PROFILE, skip_markers=markers))


def convert_page(source: PageSource, navigation: frozenset[str] = frozenset()) -> Page | None:
    """Turn one page into a ``Page``, or None if it is not French prose.

    The page must look French as a whole; then its paragraphs that look
    English (untranslated parts of a translation) are dropped too.
    """
    title, paragraphs = extract_source(source, navigation)
    real = [p for p in paragraphs if is_real_paragraph(p)]
    if not real or not looks_french(real):
        return None
    kept = tuple(p for p in real if not looks_english(p))
    fallback = source.relative.rsplit("/", 1)[-1].split(".")[0]
    return Page(title=title or fallback, paragraphs=kept)


def render_page(page: Page) -> str:
    """Lay out a page: title, blank line, paragraphs separated by blank lines."""
    return page.title + "\n\n" + "\n\n".join(page.paragraphs) + "\n"


# ---------------------------------------------------------------- files


def unpack_jars(root: Path) -> None:
    """Extract the HTML members of every jar under ``root`` into a
    ``<name>.jar.d`` folder beside it (JavaHelp keeps its pages in jars)."""
    for jar in sorted(root.rglob("*.jar")):
        if jar.is_symlink() or not jar.is_file():
            continue
        try:
            with zipfile.ZipFile(jar) as archive:
                members = [n for n in archive.namelist() if page_kind(n) == "html"]
                archive.extractall(jar.with_name(jar.name + ".d"), members)
        except zipfile.BadZipFile:
            warn(f"{jar.name} is not a valid jar, skipped")


def candidate_sources(root: Path) -> Iterator[PageSource]:
    """Yield every page file of an unpacked package, in sorted order."""
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        if page_kind(relative) is not None:
            yield PageSource(path, relative)


def select_pages(root: Path, spec: PackageSpec) -> list[PageSource]:
    """List the French pages of an unpacked package, in sorted order."""
    include = re.compile(spec.include)
    exclude = re.compile(f"{spec.exclude}|{COMMON_EXCLUDE}")
    return [
        source
        for source in candidate_sources(root)
        if include.search(source.relative) and not exclude.search(source.relative)
    ]


def output_names(sources: list[PageSource]) -> list[str]:
    """Name each page's output file: its path below the pages' common folder,
    with folders joined by ``__`` and the markup suffix replaced by ``.txt``."""
    if not sources:
        return []
    base = posixpath.commonpath([posixpath.dirname(s.relative) for s in sources])
    names = []
    for source in sources:
        relative = posixpath.relpath(source.relative, base)
        stem = re.sub(r"\.gz$", "", relative)
        stem = stem[: len(stem) - len(page_suffix(stem) or "")]
        names.append(re.sub(r"[^\w.+-]+", "_", stem.replace("/", "__")) + ".txt")
    if len(set(names)) != len(names):
        raise RuntimeError("two pages map to the same output file name")
    return names


def prepare_out_dir(out: Path) -> None:
    """Wipe and recreate ``out`` with its marker file, refusing to wipe a
    folder that this script did not make."""
    if out.exists():
        is_ours = (out / MARKER_NAME).is_file()
        if not is_ours and any(out.iterdir()):
            raise SystemExit(
                f"refusing to wipe {out}: not empty and not a corpus built by this script"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # Marks the folder as ours at once, so that a failed run can be redone.
    (out / MARKER_NAME).write_text("", encoding="utf-8")


def write_marker(out: Path, stats: list[PackageStats]) -> None:
    """Record which package versions the corpus was built from."""
    lines = [f"{s.name}\t{s.version}\n" for s in stats]
    (out / MARKER_NAME).write_text("".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- apt


class AptCache:
    """Finds or downloads package files into a cache folder."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._updated = False
        cache_dir.mkdir(parents=True, exist_ok=True)

    def fetch(self, name: str) -> tuple[Path, str] | None:
        """Return the .deb of the package's candidate version and that
        version, downloading it unless cached; None if apt cannot provide it.

        The first failure of a run triggers one ``apt-get update`` and a retry.
        """
        while True:
            version = self._candidate_version(name)
            if version is not None:
                deb = self._cached_deb(name, version)
                if deb is None and self._download(name):
                    deb = self._cached_deb(name, version)
                if deb is not None:
                    return deb, version
            if self._updated:
                return None
            self._update()

    def _candidate_version(self, name: str) -> str | None:
        result = run(["apt-cache", "policy", name])
        match = re.search(r"^\s*Candidate:\s*(\S+)", result.stdout, re.MULTILINE)
        if result.returncode != 0 or match is None or match.group(1) == "(none)":
            return None
        return match.group(1)

    def _cached_deb(self, name: str, version: str) -> Path | None:
        for deb in sorted(self.cache_dir.glob(f"{name}_*.deb")):
            field_result = run(["dpkg-deb", "--field", str(deb), "Package", "Version"])
            fields = dict(
                line.split(": ", 1) for line in field_result.stdout.splitlines() if ": " in line
            )
            if fields.get("Package") == name and fields.get("Version") == version:
                return deb
        return None

    def _download(self, name: str) -> bool:
        result = run(["apt-get", "download", name], cwd=self.cache_dir)
        if result.returncode != 0:
            warn(f"apt-get download {name} failed: {result.stderr.strip()}")
        return result.returncode == 0

    def _update(self) -> None:
        self._updated = True
        print("running apt-get update", flush=True)
        result = run(["apt-get", "update"])
        if result.returncode != 0:
            warn(f"apt-get update failed: {result.stderr.strip()}")


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing its output as text."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def unpack(deb: Path, into: Path) -> None:
    """Extract a package's files with ``dpkg-deb -x`` (nothing is installed)."""
    result = run(["dpkg-deb", "-x", str(deb), str(into)])
    if result.returncode != 0:
        raise RuntimeError(f"dpkg-deb -x {deb} failed: {result.stderr.strip()}")


def warn(message: str) -> None:
    """Print a warning on standard error."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- build


def convert_pages(
    pages: list[PageSource], navigation: frozenset[str], executor: ProcessPoolExecutor
) -> Iterator[Page | None]:
    """Convert pages in parallel, yielding results in input order."""
    return executor.map(partial(convert_page, navigation=navigation), pages, chunksize=16)


def write_pages(
    package_dir: Path, named_pages: Iterable[tuple[str, Page | None]], stats: PackageStats
) -> None:
    """Write each French page once under ``package_dir``, counting in ``stats``
    the pages written, left out as not French, and left out as repeats."""
    seen: set[bytes] = set()
    for name, page in named_pages:
        if page is None:
            stats.not_french += 1
            continue
        digest = hashlib.sha256("\n\n".join(page.paragraphs).encode()).digest()
        if digest in seen:
            stats.duplicates += 1
            continue
        seen.add(digest)
        data = render_page(page).encode("utf-8")
        (package_dir / name).write_bytes(data)
        stats.files += 1
        stats.paragraphs += len(page.paragraphs)
        stats.size_bytes += len(data)


def build_package(
    spec: PackageSpec, deb: Path, out: Path, executor: ProcessPoolExecutor
) -> PackageStats:
    """Unpack one package and write its French pages under ``out/<package>``."""
    stats = PackageStats(spec.name)
    package_dir = out / spec.name
    package_dir.mkdir()
    with tempfile.TemporaryDirectory(prefix="frsearch-deb-") as tmp:
        root = Path(tmp)
        unpack(deb, root)
        unpack_jars(root)
        pages = select_pages(root, spec)
        converted = convert_pages(pages, spec.navigation, executor)
        write_pages(package_dir, zip(output_names(pages), converted, strict=True), stats)
    if stats.files == 0:
        package_dir.rmdir()
    return stats


def format_row(stats: PackageStats) -> str:
    """One line of the summary table."""
    return (
        f"{stats.name:<32} {stats.files:>7} {stats.paragraphs:>10} "
        f"{stats.size_bytes / BYTES_PER_MB:>8.1f} {stats.not_french:>9} {stats.duplicates:>6}"
    )


def print_header() -> None:
    """Print the summary table's column names."""
    print(f"{'package':<32} {'files':>7} {'paragraphs':>10} {'MB':>8} {'not-fr':>9} {'dups':>6}")


def build_corpus(out: Path, cache: Path) -> PackageStats:
    """Build the whole corpus and return its total counts."""
    prepare_out_dir(out)
    apt = AptCache(cache)
    total = PackageStats("TOTAL")
    used: list[PackageStats] = []
    print_header()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as executor:
        for spec in PACKAGES:
            fetched = apt.fetch(spec.name)
            if fetched is None:
                warn(f"package {spec.name} is not available, skipped")
                continue
            deb, version = fetched
            stats = build_package(spec, deb, out, executor)
            stats.version = version
            used.append(stats)
            total.add(stats)
            print(format_row(stats), flush=True)
    write_marker(out, used)
    print(format_row(total))
    return total


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"corpus folder, wiped and rebuilt (default {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"folder for the downloaded .deb files (default {DEFAULT_CACHE})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point: build the corpus and report its size."""
    args = parse_args(argv)
    started = time.monotonic()
    total = build_corpus(args.out.resolve(), args.cache.resolve())
    print(f"built {args.out} in {time.monotonic() - started:.0f} s")
    if total.paragraphs < TARGET_PARAGRAPHS:
        warn(f"only {total.paragraphs} paragraphs, below the target of {TARGET_PARAGRAPHS}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
