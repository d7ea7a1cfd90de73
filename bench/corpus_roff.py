"""Manual pages of the bench corpus turned into a title and paragraphs.

Part of ``bench/corpus.py``: a small reader of the man(7) roff macros, enough
for the French manual pages Debian ships; the few mdoc(7) pages are
recognised and left out.
"""

from __future__ import annotations

import re

from corpus_text import collapse_whitespace, tidy_preformatted

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
