"""PDF (``pypdfium2``): paragraphs rebuilt from each page's lines, running headers and footers left out.

PDFium hands over the text of a page in one call, with a line break where
it sees one (and a marked hyphen, with no break, where a word is cut at a
line end); each line's baseline and font size are asked of a few of its
characters, never of all of them: per-character calls from Python were most
of the reading time.  Lines on the same baseline are one line; a line starts
a new paragraph when it is further below the previous one than the page's
usual line pitch allows (:data:`PARAGRAPH_PITCH_RATIO`), when it is set in
another font size, or when it goes back up the page (a new column).  A paragraph cut by a page
break is joined again when it ends without a full stop and the next page
goes on in lowercase; it keeps the page where it starts.

A word hyphenated at a line end is rejoined (``sécu-`` + ``rité``) unless the
next line starts with a capital or a digit (``Asie-`` + ``Pacifique``,
``COVID-`` + ``19``) or the document writes the hyphenated form elsewhere on
one line and never the joined one (``peut-`` + ``être``).

Headings are told by their font size (:data:`HEADING_SIZE_RATIO`).  A line in
the first or last :data:`RUNNING_BAND_LINES` lines of a page is a
running header or footer, and is dropped, when the same line (digits aside)
is there on at least :data:`RUNNING_SHARE` of the pages, or when it is only a
page number.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from ..errors import UnreadableDocument
from .document import Block, Extracted, clean_text, shorten_title

__all__ = ["read_pdf", "RUNNING_SHARE", "RUNNING_BAND_LINES", "PARAGRAPH_PITCH_RATIO"]

# A line this many times the page's usual pitch below the previous one starts a paragraph.
PARAGRAPH_PITCH_RATIO = 1.3
# ... and in any case beyond this many font sizes (pages of one-line paragraphs
# have a usual pitch that already includes paragraph spacing).
PARAGRAPH_PITCH_FONT_SIZES = 2.0
# Font sizes closer than this ratio are the same size.
SAME_SIZE_RATIO = 1.1
RUNNING_BAND_LINES = 2
RUNNING_SHARE = 0.5
# A paragraph of at most HEADING_MAX_LINES lines set this much larger than
# the document's body text is a heading; each larger size is a level up.
HEADING_SIZE_RATIO = 1.2
HEADING_MAX_LINES = 2
HEADING_MAX_LEVELS = 6
_MARKER = "\x02"  # what PDFium puts for a hyphen it saw at a line end
# ... which its page text writes as U+FFFE, with no line break after it.
_HYPHEN_BREAK = "\ufffe"
# A line of the page's text: up to a line break, or a hyphen PDFium saw at a line end.
_SEGMENT = re.compile("[^\r\n\ufffe\x02]+[\ufffe\x02]?")
_PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*[-–—]?\s*(?:\d+|[ivxlc]+)\s*(?:(?:/|sur|de|of)\s*\d+)?\s*[-–—]?$", re.I)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[\w’'-]+")
_FILE_NAME_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - )|\.(?:docx?|odt|rtf|txt|pdf|indd|tex|dvi|ps|pptx?|xlsx?)$", re.I
)
_EMPTY_TITLES = frozenset({"untitled", "sans titre", "document", "titre", "title", "none", "unknown"})
_SENTENCE_END = (".", "!", "?", "…", ":", "»", ")")
_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "PDF protégé par un mot de passe",
    pdfium_c.FPDF_ERR_SECURITY: "PDF chiffré d'une façon non prise en charge",
    pdfium_c.FPDF_ERR_FORMAT: "PDF illisible (fichier endommagé ou pas un PDF)",
}


@dataclass
class _Line:
    text: str
    baseline: float
    size: float


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        raise UnreadableDocument(_ERRORS.get(code, f"PDF illisible ({error})")) from error


def _samples(segment: str, start: int) -> tuple[int, ...]:
    """Return the text indices of a line's first, middle and last visible characters."""
    first = len(segment) - len(segment.lstrip())
    last = len(segment.rstrip()) - 1
    middle = (first + last) // 2
    while segment[middle].isspace():  # stops at the last character at worst
        middle += 1
    return tuple(start + index for index in sorted({first, middle, last}))


def _page_lines(textpage: pdfium.PdfTextPage) -> list[_Line]:
    """Return the lines of a page, in the order the page draws them.

    The page's text comes in one call, its lines cut where PDFium breaks
    them; each line asks PDFium for the baseline of its first character and
    the font size of its first, middle and last ones (the largest wins, so
    an inline word set smaller does not shrink a heading), rather than
    asking for every character's box and font.
    """
    text: str = textpage.get_text_range()
    raw = textpage.raw
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    lines: list[_Line] = []
    for match in _SEGMENT.finditer(text):
        segment = match.group()
        if not segment.strip():
            continue
        previous = lines[-1] if lines else None
        # The text may leave out or add characters of the page's own list:
        # its indices are translated; one that has no character is not asked.
        samples = [pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw, index) for index in _samples(segment, match.start())]
        samples = [index for index in samples if index >= 0]
        if samples and pdfium_c.FPDFText_GetCharOrigin(raw, samples[0], origin_x, origin_y):
            baseline = origin_y.value
            size = max(pdfium_c.FPDFText_GetFontSize(raw, index) for index in samples)
        else:  # nowhere to place it: it goes on the line before
            baseline, size = (previous.baseline, previous.size) if previous else (0.0, 0.0)
        line = segment.strip().replace(_HYPHEN_BREAK, _MARKER)
        if previous is not None and abs(previous.baseline - baseline) < 0.5 * max(size, 1.0):
            previous.text = previous.text.rstrip() + " " + line
            previous.size = max(previous.size, size)
        else:
            lines.append(_Line(line, baseline, size))
    return lines


def _running_keys(pages: list[list[_Line]]) -> set[str]:
    """Return the keys of the lines that run on most pages' edges."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_key(line.text) for line in _band(lines)})
    needed = max(2, RUNNING_SHARE * len(pages))
    return {key for key, count in counts.items() if count >= needed}


def _band(lines: list[_Line]) -> list[_Line]:
    return lines[:RUNNING_BAND_LINES] + lines[RUNNING_BAND_LINES:][-RUNNING_BAND_LINES:]


def _key(text: str) -> str:
    return _DIGITS.sub("#", clean_text(text.replace(_MARKER, "-")).lower())


def _drop_running(lines: list[_Line], running: set[str]) -> list[_Line]:
    band = {id(line) for line in _band(lines)}
    return [
        line
        for line in lines
        if id(line) not in band
        or not (_key(line.text) in running or _PAGE_NUMBER.match(clean_text(line.text.replace(_MARKER, "-"))))
    ]


def _groups(lines: list[_Line]) -> list[list[_Line]]:
    """Cut a page's lines into paragraphs by pitch, font size and column changes."""
    pitches = [a.baseline - b.baseline for a, b in zip(lines, lines[1:]) if _same_size(a, b) and a.baseline > b.baseline]
    usual = statistics.median(pitches) if pitches else 0.0
    groups: list[list[_Line]] = []
    for line in lines:
        last = groups[-1][-1] if groups else None
        if last is not None and _same_size(last, line):
            pitch = last.baseline - line.baseline
            limit = min(PARAGRAPH_PITCH_RATIO * usual, PARAGRAPH_PITCH_FONT_SIZES * line.size)
            if 0 < pitch <= max(limit, line.size):
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


def _same_size(a: _Line, b: _Line) -> bool:
    return max(a.size, b.size) <= SAME_SIZE_RATIO * max(min(a.size, b.size), 0.1)


def _vocabulary(pages: list[list[_Line]]) -> set[str]:
    """Return the words written whole on a line anywhere in the document (hyphenated ones included)."""
    # One search over the whole text: a call per line cost more than the search.
    text = "\n".join(line.text for lines in pages for line in lines).replace(_MARKER, " ").lower()
    return {word.strip("-") for word in _WORD.findall(text)}


def _join(texts: list[str], vocabulary: set[str]) -> str:
    """Join the lines of a paragraph, rejoining words hyphenated at line ends."""
    joined = ""
    for text in texts:
        text = text.strip()
        stem = joined[:-1] if joined.endswith((_MARKER, "-")) else None
        if stem is None or not stem[-1:].isalpha() or not text:
            joined = f"{joined} {text}" if joined else text
            continue
        head = (_WORD.findall(stem) or [""])[-1].lower()
        tail = (_WORD.findall(text) or [""])[0].lower()
        keep = not text[0].islower() or (f"{head}-{tail}" in vocabulary and head + tail not in vocabulary)
        joined = stem + ("-" if keep else "") + text
    return clean_text(joined.replace(_MARKER, "-"))


def _meaningful(title: str | None) -> str | None:
    title = shorten_title(title)
    if title is None or title.lower() in _EMPTY_TITLES or _FILE_NAME_TITLE.search(title):
        return None
    return title


def _read_pages(document: pdfium.PdfDocument) -> list[list[_Line]]:
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(_page_lines(textpage))
        textpage.close()
        page.close()
    return pages


def read_pdf(data: bytes, name: str) -> Extracted:
    """Read a PDF's text layer, page by page; every block knows its page (from 1).

    :param name: the file's name, unused (every reader takes one).
    :raises UnreadableDocument: for a damaged file, a password, or a PDF
        without text (a scan).
    """
    document = _open(data)
    try:
        pages = _read_pages(document)
        metadata_title = document.get_metadata_dict().get("Title")
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(f"PDF illisible ({error})") from error
    finally:
        document.close()
    if not any(pages):
        raise UnreadableDocument("pas de texte (document numérisé ?)")
    running = _running_keys(pages) if len(pages) > 1 else set()
    pages = [_drop_running(lines, running) for lines in pages]
    vocabulary = _vocabulary(pages)
    grouped = [_groups(lines) for lines in pages]
    levels = _heading_levels(grouped)
    blocks: list[Block] = []
    for number, groups in enumerate(grouped, start=1):
        for position, group in enumerate(groups):
            text = _join([line.text for line in group], vocabulary)
            level = levels.get(round(group[0].size, 1)) if len(group) <= HEADING_MAX_LINES else None
            if level is None and position == 0 and blocks and _continues(blocks[-1], text):
                blocks[-1] = Block(_join([blocks[-1].text, text], vocabulary), page=blocks[-1].page)
            elif text:
                blocks.append(Block(text, page=number, heading_level=level))
    first_heading = next((block.text for block in blocks if block.heading_level is not None), None)
    title = _meaningful(metadata_title) or shorten_title(first_heading)
    return Extracted("pdf", title, tuple(blocks), None)


def _continues(previous: Block, text: str) -> bool:
    """Tell whether *text*, first on its page, goes on with the paragraph that ended the page before."""
    return (
        bool(text) and text[0].islower() and previous.heading_level is None and not previous.text.endswith(_SENTENCE_END)
    )


def _heading_levels(grouped: list[list[list[_Line]]]) -> dict[float, int]:
    """Return the heading level of each font size set clearly larger than the body text (largest = 1)."""
    sizes = [line.size for groups in grouped for group in groups for line in group]
    if not sizes:
        return {}
    body = statistics.median(sizes)
    larger = {
        round(group[0].size, 1)
        for groups in grouped
        for group in groups
        if len(group) <= HEADING_MAX_LINES and group[0].size >= HEADING_SIZE_RATIO * body
    }
    return {size: level for level, size in enumerate(sorted(larger, reverse=True)[:HEADING_MAX_LEVELS], start=1)}
